/* stp_font.c - TrueType text with stb_truetype and SDL2. See stp_font.h. */
#include "stp_font.h"

#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The implementation lives in libstb (PkgConfig::STB); never define
 * STB_TRUETYPE_IMPLEMENTATION here. */
#include "stb_truetype.h"

#define STP_FONT_SYSTEM_PATH "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
#define STP_FONT_MAX_FILE (64L * 1024 * 1024)
#define STP_FONT_MAX_ATLAS 4096            /* atlas side limit, pixels */
#define STP_FONT_ATLAS_BUDGET 2500000.0    /* estimated atlas pixels before dropping a tier */
#define STP_FONT_PAD 1                     /* pixels between glyphs in the atlas */
#define STP_FONT_OVERSAMPLE_BELOW 40.0f    /* 2x1 oversampling below this px */
#define STP_FONT_DIRECT 0x180              /* code points with a direct lookup table */
#define STP_FONT_TIERS 3
#define STP_KERN_UNSET INT16_MIN

/* One glyph the font has and that we bake. tier 0 is baked at every size,
 * tier 1 up to large sizes, tier 2 (Latin Extended-A) up to medium sizes. */
typedef struct glyph_slot {
  unsigned cp;
  int glyph;   /* stb_truetype glyph index */
  int adv;     /* advance width, font units */
  int tier;
} glyph_slot;

typedef struct cp_slot { unsigned cp; int slot; } cp_slot;

/* One baked size: an atlas texture for one renderer. */
typedef struct baked_size {
  SDL_Renderer *renderer;   /* NULL = empty entry */
  SDL_Texture *tex;         /* NULL if baking failed (draws nothing) */
  float px;
  int level;                /* glyph tiers baked: slots with tier <= level */
  int w, h;                 /* atlas size */
  int over;                 /* horizontal oversampling of this atlas */
  stbtt_packedchar *pc;     /* per slot, for slots [0, tier_end[level]) */
  unsigned long long used;  /* LRU tick */
} baked_size;

struct stp_font {
  unsigned char *data;
  stbtt_fontinfo info;
  int ascent, descent, line_gap;     /* font units */
  glyph_slot *slots;                 /* sorted by (tier, cp) */
  int nslots;
  int tier_end[STP_FONT_TIERS];      /* slots [0, tier_end[t]) have tier <= t */
  double area_sum[STP_FONT_TIERS][4];/* per tier: n, sum w, sum h, sum w*h of glyph boxes */
  short direct[STP_FONT_DIRECT];     /* cp -> slot, -1 if absent */
  cp_slot *extra;                    /* cp >= STP_FONT_DIRECT, sorted by cp */
  int nextra;
  int fallback;                      /* slot of U+FFFD or '?' (tier 0) */
  int space;                         /* slot of ' ', or -1 */
  short kern_ascii[95][95];          /* lazily filled, font units */
  baked_size sizes[STP_FONT_CACHE_SIZES];
  unsigned long long tick;
  SDL_Vertex *verts;                 /* scratch for one draw call */
  int *idx;
  int nquads, cap_quads;
  int batch_failed;                  /* out of memory while batching */
};

/* ---- UTF-8 ------------------------------------------------------------ */

int stp_utf8_decode(const char *s, size_t len, size_t *pos, unsigned *cp) {
  unsigned dummy;
  if (!cp) cp = &dummy;
  if (!s || !pos || *pos >= len) return 0;
  const unsigned char *p = (const unsigned char *)s;
  size_t i = *pos;
  unsigned b0 = p[i++];
  if (b0 < 0x80) {
    *cp = b0;
    *pos = i;
    return 1;
  }
  unsigned c, lo = 0x80, hi = 0xBF;
  int need;
  if (b0 >= 0xC2 && b0 <= 0xDF) {
    need = 1; c = b0 & 0x1Fu;
  } else if (b0 >= 0xE0 && b0 <= 0xEF) {
    need = 2; c = b0 & 0x0Fu;
    if (b0 == 0xE0) lo = 0xA0;        /* overlong */
    else if (b0 == 0xED) hi = 0x9F;   /* surrogates */
  } else if (b0 >= 0xF0 && b0 <= 0xF4) {
    need = 3; c = b0 & 0x07u;
    if (b0 == 0xF0) lo = 0x90;        /* overlong */
    else if (b0 == 0xF4) hi = 0x8F;   /* above U+10FFFF */
  } else {                            /* continuation byte, C0, C1, F5..FF */
    *cp = 0xFFFD;
    *pos = i;
    return 1;
  }
  for (int k = 0; k < need; k++) {
    if (i >= len || p[i] < lo || p[i] > hi) {   /* maximal subpart ends before p[i] */
      *cp = 0xFFFD;
      *pos = i;
      return 1;
    }
    c = (c << 6) | (p[i] & 0x3Fu);
    i++;
    lo = 0x80;
    hi = 0xBF;
  }
  *cp = c;
  *pos = i;
  return 1;
}

/* ---- glyph set -------------------------------------------------------- */

typedef struct cp_range { unsigned first, last; int tier; } cp_range;

/* Earlier entries win when a code point is listed twice (lowest tier first). */
static const cp_range k_wanted[] = {
  {0x0020, 0x007E, 0},                                   /* Basic Latin */
  {0x00A0, 0x00A0, 0}, {0x00B0, 0x00B3, 0},              /* nbsp, ° ± ² ³ */
  {0x00B5, 0x00B5, 0}, {0x00B7, 0x00B7, 0},              /* µ · */
  {0x00D7, 0x00D7, 0}, {0x00F7, 0x00F7, 0},              /* × ÷ */
  {0x2013, 0x2014, 0}, {0x2018, 0x2019, 0},              /* – — ‘ ’ */
  {0x201C, 0x201D, 0}, {0x2022, 0x2022, 0},              /* “ ” • */
  {0x2026, 0x2026, 0}, {0x2190, 0x2193, 0},              /* … ← ↑ → ↓ */
  {0x2212, 0x2212, 0}, {0x2248, 0x2248, 0},              /* − ≈ */
  {0x2264, 0x2265, 0}, {0x2713, 0x2713, 0},              /* ≤ ≥ ✓ */
  {0x2717, 0x2717, 0}, {0xFFFD, 0xFFFD, 0},              /* ✗ replacement */
  {0x0394, 0x0394, 0}, {0x03C3, 0x03C3, 0},              /* Δ σ (ΔE00 in the scores) */
  {0x21BA, 0x21BB, 0}, {0x25B2, 0x25BE, 0},              /* ↺ ↻ (the grain), ▲ ▶ ▼ ▴ ▾ */
  {0x2605, 0x2606, 0},                                   /* ★ ☆ (grades on the menu) */
  {0x00A1, 0x00FF, 1},                                   /* Latin-1 Supplement */
  {0x2010, 0x2027, 1}, {0x2030, 0x203A, 1},              /* General Punctuation */
  {0x20AC, 0x20AC, 1},                                   /* € */
  {0x0100, 0x017F, 2},                                   /* Latin Extended-A */
};

static int slot_cmp(const void *a, const void *b) {
  const glyph_slot *x = a, *y = b;
  if (x->tier != y->tier) return x->tier < y->tier ? -1 : 1;
  return x->cp < y->cp ? -1 : x->cp > y->cp;
}

static int cp_slot_cmp(const void *a, const void *b) {
  const cp_slot *x = a, *y = b;
  return x->cp < y->cp ? -1 : x->cp > y->cp;
}

static int lookup_slot(const stp_font *f, unsigned cp) {
  if (cp < STP_FONT_DIRECT) return f->direct[cp];
  int lo = 0, hi = f->nextra - 1;
  while (lo <= hi) {
    int mid = lo + (hi - lo) / 2;
    if (f->extra[mid].cp == cp) return f->extra[mid].slot;
    if (f->extra[mid].cp < cp) lo = mid + 1; else hi = mid - 1;
  }
  return -1;
}

static stp_status build_glyph_set(stp_font *f, const char *path, stp_error *err) {
  int max = 0;
  for (size_t i = 0; i < sizeof k_wanted / sizeof k_wanted[0]; i++)
    max += (int)(k_wanted[i].last - k_wanted[i].first + 1);
  f->slots = calloc((size_t)max, sizeof *f->slots);
  f->extra = calloc((size_t)max, sizeof *f->extra);
  if (!f->slots || !f->extra)
    return stp_error_set(err, STP_ERR_NOMEM, path, 0, "out of memory loading the font");
  for (int i = 0; i < STP_FONT_DIRECT; i++) f->direct[i] = -1;

  /* Collect the wanted code points the font has, each once at its lowest tier. */
  int n = 0;
  for (size_t i = 0; i < sizeof k_wanted / sizeof k_wanted[0]; i++) {
    for (unsigned cp = k_wanted[i].first; cp <= k_wanted[i].last; cp++) {
      int dup = 0;
      for (int j = 0; j < n && !dup; j++) dup = f->slots[j].cp == cp;
      if (dup) continue;
      int g = stbtt_FindGlyphIndex(&f->info, (int)cp);
      if (g == 0) continue;   /* the font lacks it: drawn as the fallback */
      int adv = 0, lsb = 0;
      stbtt_GetGlyphHMetrics(&f->info, g, &adv, &lsb);
      f->slots[n].cp = cp;
      f->slots[n].glyph = g;
      f->slots[n].adv = adv;
      f->slots[n].tier = k_wanted[i].tier;
      n++;
    }
  }
  qsort(f->slots, (size_t)n, sizeof *f->slots, slot_cmp);
  f->nslots = n;

  for (int t = 0; t < STP_FONT_TIERS; t++) f->tier_end[t] = 0;
  for (int s = 0; s < n; s++) {
    const glyph_slot *g = &f->slots[s];
    for (int t = g->tier; t < STP_FONT_TIERS; t++) f->tier_end[t] = s + 1;
    if (g->cp < STP_FONT_DIRECT) {
      f->direct[g->cp] = (short)s;
    } else {
      f->extra[f->nextra].cp = g->cp;
      f->extra[f->nextra].slot = s;
      f->nextra++;
    }
    int x0 = 0, y0 = 0, x1 = 0, y1 = 0;
    if (stbtt_GetGlyphBox(&f->info, g->glyph, &x0, &y0, &x1, &y1) == 0) x0 = y0 = x1 = y1 = 0;
    double w = x1 - x0, h = y1 - y0;
    for (int t = g->tier; t < STP_FONT_TIERS; t++) {
      f->area_sum[t][0] += 1.0;
      f->area_sum[t][1] += w;
      f->area_sum[t][2] += h;
      f->area_sum[t][3] += w * h;
    }
  }
  qsort(f->extra, (size_t)f->nextra, sizeof *f->extra, cp_slot_cmp);

  int q = lookup_slot(f, '?');
  if (q < 0)
    return stp_error_set(err, STP_ERR_PARSE, path, 0,
                         "the font has no '?' glyph; use a text font such as DejaVu Sans "
                         "(Debian package fonts-dejavu-core)");
  int r = lookup_slot(f, 0xFFFD);
  f->fallback = r >= 0 ? r : q;
  f->space = lookup_slot(f, ' ');
  for (int a = 0; a < 95; a++)
    for (int b = 0; b < 95; b++) f->kern_ascii[a][b] = STP_KERN_UNSET;
  return STP_OK;
}

/* ---- open / close ----------------------------------------------------- */

static unsigned long be32(const unsigned char *p) {
  return ((unsigned long)p[0] << 24) | ((unsigned long)p[1] << 16) | ((unsigned long)p[2] << 8) | p[3];
}

/* stb_truetype trusts the table directory; reject files whose tables lie
 * outside the data (a truncated download, say). Not a full validation. */
static int tables_in_bounds(const unsigned char *d, long size, int off) {
  if (off < 0 || (long)off + 12 > size) return 0;
  unsigned n = ((unsigned)d[off + 4] << 8) | d[off + 5];
  if (n == 0 || (long)off + 12 + 16L * (long)n > size) return 0;
  for (unsigned i = 0; i < n; i++) {
    const unsigned char *rec = d + off + 12 + 16 * i;
    unsigned long o = be32(rec + 8), len = be32(rec + 12);
    if (o > (unsigned long)size || len > (unsigned long)size - o) return 0;
  }
  return 1;
}

static stp_status read_file(const char *path, unsigned char **out, long *size, stp_error *err) {
  FILE *fp = fopen(path, "rb");
  if (!fp)
    return stp_error_set(err, STP_ERR_IO, path, 0,
                         "cannot open font file: %s (install the Debian package "
                         "fonts-dejavu-core, or set STIPPLE_FONT to a .ttf file)",
                         strerror(errno));
  if (getc(fp) == EOF && ferror(fp)) {   /* e.g. a directory */
    int e = errno;
    fclose(fp);
    return stp_error_set(err, STP_ERR_IO, path, 0, "cannot read font file: %s", strerror(e));
  }
  long n = -1;
  if (fseek(fp, 0, SEEK_END) == 0) n = ftell(fp);
  if (n < 0 || fseek(fp, 0, SEEK_SET) != 0) {
    fclose(fp);
    return stp_error_set(err, STP_ERR_IO, path, 0, "cannot read font file: %s", strerror(errno));
  }
  if (n < 12 || n > STP_FONT_MAX_FILE) {
    fclose(fp);
    return stp_error_set(err, STP_ERR_PARSE, path, 0,
                         "not a usable font file (%ld bytes)", n);
  }
  unsigned char *buf = malloc((size_t)n);
  if (!buf) {
    fclose(fp);
    return stp_error_set(err, STP_ERR_NOMEM, path, 0, "out of memory reading the font");
  }
  size_t got = fread(buf, 1, (size_t)n, fp);
  int failed = ferror(fp);
  fclose(fp);
  if (failed || got != (size_t)n) {
    free(buf);
    return stp_error_set(err, STP_ERR_IO, path, 0, "cannot read font file (short read)");
  }
  *out = buf;
  *size = n;
  return STP_OK;
}

stp_status stp_font_open(stp_font **out, const char *ttf_path, stp_error *err) {
  if (!out || !ttf_path || !ttf_path[0]) {
    if (out) *out = NULL;
    return stp_error_set(err, STP_ERR_USAGE, NULL, 0, "stp_font_open: no font path given");
  }
  *out = NULL;
  stp_font *f = calloc(1, sizeof *f);
  if (!f) return stp_error_set(err, STP_ERR_NOMEM, ttf_path, 0, "out of memory loading the font");
  long size = 0;
  stp_status st = read_file(ttf_path, &f->data, &size, err);
  if (st != STP_OK) {
    free(f);
    return st;
  }
  int off = stbtt_GetFontOffsetForIndex(f->data, 0);
  if (!tables_in_bounds(f->data, size, off) || !stbtt_InitFont(&f->info, f->data, off)) {
    stp_font_close(f);
    return stp_error_set(err, STP_ERR_PARSE, ttf_path, 0,
                         "not a TrueType/OpenType font stb_truetype can read");
  }
  stbtt_GetFontVMetrics(&f->info, &f->ascent, &f->descent, &f->line_gap);
  if (f->ascent - f->descent <= 0 || stbtt_ScaleForMappingEmToPixels(&f->info, 1.0f) <= 0.0f) {
    stp_font_close(f);
    return stp_error_set(err, STP_ERR_PARSE, ttf_path, 0, "the font has invalid metrics");
  }
  st = build_glyph_set(f, ttf_path, err);
  if (st != STP_OK) {
    stp_font_close(f);
    return st;
  }
  *out = f;
  return STP_OK;
}

stp_status stp_font_open_default(stp_font **out, const char *assets_dir, stp_error *err) {
  char tried[640] = "";
  size_t used = 0;
  char asset_path[512];
  const char *candidates[3];
  int n = 0;
  const char *env = getenv("STIPPLE_FONT");
  if (env && env[0]) candidates[n++] = env;
  candidates[n++] = STP_FONT_SYSTEM_PATH;
  if (assets_dir && assets_dir[0]) {
    int k = snprintf(asset_path, sizeof asset_path, "%s/fonts/DejaVuSans.ttf", assets_dir);
    if (k > 0 && (size_t)k < sizeof asset_path) candidates[n++] = asset_path;
  }
  if (out) *out = NULL;
  if (!out) return stp_error_set(err, STP_ERR_USAGE, NULL, 0, "stp_font_open_default: out is NULL");
  for (int i = 0; i < n; i++) {
    stp_error e;
    stp_error_clear(&e);
    if (stp_font_open(out, candidates[i], &e) == STP_OK) return STP_OK;
    if (used < sizeof tried) {
      int k = snprintf(tried + used, sizeof tried - used, "%s%s (%s)", i ? "; " : "",
                       candidates[i], e.status == STP_ERR_IO ? "missing or unreadable"
                                                             : stp_status_text(e.status));
      if (k > 0) used += (size_t)k;
    }
  }
  return stp_error_set(err, STP_ERR_IO, NULL, 0,
                       "no usable font found; tried %s. Install the Debian package "
                       "fonts-dejavu-core, or set STIPPLE_FONT to a .ttf file", tried);
}

static void drop_size(baked_size *b, int destroy_texture) {
  if (b->tex && destroy_texture) SDL_DestroyTexture(b->tex);
  free(b->pc);
  memset(b, 0, sizeof *b);
}

void stp_font_forget_renderer(stp_font *f, SDL_Renderer *r) {
  if (!f) return;
  for (int i = 0; i < STP_FONT_CACHE_SIZES; i++)
    if (f->sizes[i].renderer && (!r || f->sizes[i].renderer == r)) drop_size(&f->sizes[i], 1);
}

void stp_font_close(stp_font *f) {
  if (!f) return;
  stp_font_forget_renderer(f, NULL);
  free(f->verts);
  free(f->idx);
  free(f->slots);
  free(f->extra);
  free(f->data);
  free(f);
}

/* ---- metrics ---------------------------------------------------------- */

static float clamp_px(float px) {
  if (!(px >= 1.0f)) return 1.0f;   /* also NaN */
  return px > STP_FONT_MAX_PX ? STP_FONT_MAX_PX : px;
}

static float em_scale(const stp_font *f, float px) {
  return stbtt_ScaleForMappingEmToPixels(&f->info, px);
}

static int oversample_for(float px) { return px < STP_FONT_OVERSAMPLE_BELOW ? 2 : 1; }

/* Estimated atlas pixels for the glyphs of tiers <= t at this scale. */
static double atlas_estimate(const stp_font *f, int t, float scale, int over) {
  const double *a = f->area_sum[t];
  double s = scale, ho = over;
  double c1 = ho + STP_FONT_PAD + 1.0, c2 = STP_FONT_PAD + 2.0;
  return ho * s * s * a[3] + c2 * ho * s * a[1] + c1 * s * a[2] + a[0] * c1 * c2;
}

/* Which tiers are baked at this size (the same answer for measure and draw). */
static int level_for(const stp_font *f, float px) {
  float scale = em_scale(f, px);
  int over = oversample_for(px);
  for (int t = STP_FONT_TIERS - 1; t > 0; t--)
    if (atlas_estimate(f, t, scale, over) <= STP_FONT_ATLAS_BUDGET) return t;
  return 0;
}

float stp_font_line_height(const stp_font *f, float px) {
  if (!f) return 0.0f;
  px = clamp_px(px);
  float natural = (float)(f->ascent - f->descent + f->line_gap) * em_scale(f, px);
  float lh = roundf(fmaxf(natural, 1.2f * px));
  return lh < 1.0f ? 1.0f : lh;
}

/* Baseline offset from the top of a line box: half the leading above. */
static float baseline_offset(const stp_font *f, float px) {
  float scale = em_scale(f, px);
  float content = (float)(f->ascent - f->descent) * scale;
  return roundf((stp_font_line_height(f, px) - content) * 0.5f + (float)f->ascent * scale);
}

static int kern_units(stp_font *f, int prev_slot, int slot) {
  const glyph_slot *a = &f->slots[prev_slot], *b = &f->slots[slot];
  if (a->cp >= 0x20 && a->cp < 0x7F && b->cp >= 0x20 && b->cp < 0x7F) {
    short *k = &f->kern_ascii[a->cp - 0x20][b->cp - 0x20];
    if (*k == STP_KERN_UNSET) {
      int v = stbtt_GetGlyphKernAdvance(&f->info, a->glyph, b->glyph);
      *k = (short)(v < -32767 ? -32767 : v > 32767 ? 32767 : v);
    }
    return *k;
  }
  return stbtt_GetGlyphKernAdvance(&f->info, a->glyph, b->glyph);
}

/* ---- baking ----------------------------------------------------------- */

static int round_up(int v, int m) { return (v + m - 1) / m * m; }

static int bake(stp_font *f, baked_size *b, SDL_Renderer *r, float px) {
  b->renderer = r;
  b->px = px;
  b->level = level_for(f, px);
  int n = f->tier_end[b->level];
  int over = oversample_for(px);
  float scale = em_scale(f, px);

  SDL_RendererInfo ri;
  int maxdim = STP_FONT_MAX_ATLAS;
  if (SDL_GetRendererInfo(r, &ri) == 0) {
    if (ri.max_texture_width > 0 && ri.max_texture_width < maxdim) maxdim = ri.max_texture_width;
    if (ri.max_texture_height > 0 && ri.max_texture_height < maxdim) maxdim = ri.max_texture_height;
    /* The software renderer turns each quad into an SDL_RenderCopy with the
     * destination truncated to whole pixels, which smears half-pixel
     * oversampled glyphs: give it 1:1 glyphs on whole pixels instead. */
    if (ri.flags & SDL_RENDERER_SOFTWARE) over = 1;
  }
  b->over = over;

  int *cps = malloc((size_t)n * sizeof *cps);
  b->pc = calloc((size_t)n, sizeof *b->pc);
  if (!cps || !b->pc) {
    free(cps);
    SDL_SetError("stp_font: out of memory baking %.1f px", (double)px);
    return 0;
  }
  for (int i = 0; i < n; i++) cps[i] = (int)f->slots[i].cp;

  double est = atlas_estimate(f, b->level, scale, over) * 1.2;
  int w = round_up((int)ceil(sqrt(est)), 64);
  if (w < 64) w = 64;
  if (w > maxdim) w = maxdim;
  int h = round_up((int)ceil(est / w), 64);
  if (h < 64) h = 64;
  if (h > maxdim) h = maxdim;

  unsigned char *bmp = NULL;
  int packed = 0;
  for (int attempt = 0; attempt < 8 && !packed; attempt++) {
    free(bmp);
    bmp = calloc((size_t)w * (size_t)h, 1);
    if (!bmp) break;
    stbtt_pack_context pc;
    if (!stbtt_PackBegin(&pc, bmp, w, h, 0, STP_FONT_PAD, NULL)) break;
    stbtt_PackSetOversampling(&pc, (unsigned)over, 1);
    stbtt_pack_range range;
    memset(&range, 0, sizeof range);
    range.font_size = STBTT_POINT_SIZE(px);
    range.array_of_unicode_codepoints = cps;
    range.num_chars = n;
    range.chardata_for_range = b->pc;
    packed = stbtt_PackFontRanges(&pc, f->data, 0, &range, 1);
    stbtt_PackEnd(&pc);
    if (!packed) {   /* did not fit: grow and retry */
      if (w >= maxdim && h >= maxdim) break;
      if (h <= w && h < maxdim) h = h + h / 2 > maxdim ? maxdim : round_up(h + h / 2, 64);
      else w = w + w / 2 > maxdim ? maxdim : round_up(w + w / 2, 64);
      memset(b->pc, 0, (size_t)n * sizeof *b->pc);
    }
  }
  free(cps);
  if (!packed) {
    free(bmp);
    SDL_SetError("stp_font: cannot bake a %.1f px atlas (max %d px)", (double)px, maxdim);
    return 0;
  }

  /* White texels, alpha = coverage. */
  Uint32 *argb = malloc((size_t)w * (size_t)h * sizeof *argb);
  if (!argb) {
    free(bmp);
    SDL_SetError("stp_font: out of memory baking %.1f px", (double)px);
    return 0;
  }
  for (size_t i = 0; i < (size_t)w * (size_t)h; i++) argb[i] = ((Uint32)bmp[i] << 24) | 0x00FFFFFFu;
  free(bmp);
  SDL_Texture *tex = SDL_CreateTexture(r, SDL_PIXELFORMAT_ARGB8888, SDL_TEXTUREACCESS_STATIC, w, h);
  if (!tex || SDL_UpdateTexture(tex, NULL, argb, w * 4) != 0) {
    if (tex) SDL_DestroyTexture(tex);
    free(argb);
    return 0;
  }
  free(argb);
  SDL_SetTextureBlendMode(tex, SDL_BLENDMODE_BLEND);
  SDL_SetTextureScaleMode(tex, SDL_ScaleModeLinear);
  b->tex = tex;
  b->w = w;
  b->h = h;
  return 1;
}

/* The baked size for (r, px), baking it (and evicting the least recently
 * used entry) if needed. The result may have tex == NULL if baking failed. */
static baked_size *get_size(stp_font *f, SDL_Renderer *r, float px) {
  baked_size *victim = NULL;
  f->tick++;
  for (int i = 0; i < STP_FONT_CACHE_SIZES; i++) {
    baked_size *b = &f->sizes[i];
    if (b->renderer == r && b->px == px) {
      b->used = f->tick;
      return b;
    }
    if (!victim || (victim->renderer && (!b->renderer || b->used < victim->used))) victim = b;
  }
  if (victim->renderer) drop_size(victim, 1);
  if (!bake(f, victim, r, px)) {
    /* Keep the failed entry (renderer set, tex NULL) so we do not retry every
     * frame; SDL_GetError() says why. */
    free(victim->pc);
    victim->pc = NULL;
    victim->tex = NULL;
  }
  victim->used = f->tick;
  return victim;
}

/* ---- layout and drawing ----------------------------------------------- */

typedef struct pen_ctx {
  stp_font *f;
  const baked_size *b;   /* NULL: measure only */
  float scale;
  int level;
  int over;
  SDL_Color color;
} pen_ctx;

static int reserve_quads(stp_font *f, int more) {
  if (f->nquads + more <= f->cap_quads) return 1;
  int cap = f->cap_quads ? f->cap_quads : 64;
  while (cap < f->nquads + more) {
    if (cap > INT_MAX / 12) return 0;
    cap *= 2;
  }
  SDL_Vertex *v = realloc(f->verts, (size_t)cap * 4 * sizeof *v);
  if (!v) return 0;
  f->verts = v;
  int *ix = realloc(f->idx, (size_t)cap * 6 * sizeof *ix);
  if (!ix) return 0;
  f->idx = ix;
  f->cap_quads = cap;
  return 1;
}

static void add_quad(stp_font *f, const baked_size *b, const stbtt_packedchar *pc, float x,
                     float baseline, SDL_Color color) {
  if (pc->x1 <= pc->x0 || pc->y1 <= pc->y0) return;   /* blank glyph (space) */
  if (!reserve_quads(f, 1)) {
    f->batch_failed = 1;
    return;
  }
  float x0 = x + pc->xoff, x1 = x + pc->xoff2;
  float y0 = baseline + pc->yoff, y1 = baseline + pc->yoff2;
  float iw = 1.0f / (float)b->w, ih = 1.0f / (float)b->h;
  float s0 = pc->x0 * iw, s1 = pc->x1 * iw, t0 = pc->y0 * ih, t1 = pc->y1 * ih;
  SDL_Vertex *v = &f->verts[f->nquads * 4];
  v[0] = (SDL_Vertex){{x0, y0}, color, {s0, t0}};
  v[1] = (SDL_Vertex){{x1, y0}, color, {s1, t0}};
  v[2] = (SDL_Vertex){{x1, y1}, color, {s1, t1}};
  v[3] = (SDL_Vertex){{x0, y1}, color, {s0, t1}};
  int base = f->nquads * 4, *ix = &f->idx[f->nquads * 6];
  ix[0] = base; ix[1] = base + 1; ix[2] = base + 2;
  ix[3] = base; ix[4] = base + 2; ix[5] = base + 3;
  f->nquads++;
}

/* Slot to draw for a code point at this level; -1 for controls (no glyph). */
static int resolve(const stp_font *f, unsigned cp, int level) {
  if (cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp < 0xA0)) return -1;
  int s = lookup_slot(f, cp);
  if (s < 0 || f->slots[s].tier > level) s = f->fallback;
  return s;
}

/* Lay out s[a, b) as one line starting at pen x0 (already snapped); add quads
 * if ctx->b has a texture. Returns the advance. */
static float run_line(const pen_ctx *c, const char *s, size_t a, size_t b, float x0,
                      float baseline) {
  stp_font *f = c->f;
  float pen = 0.0f;   /* relative, so draw and measure add up identically */
  int prev = -1;
  size_t pos = a;
  unsigned cp;
  int draw = c->b && c->b->tex;
  while (stp_utf8_decode(s, b, &pos, &cp)) {
    if (cp == '\t') {
      if (f->space >= 0) pen += 4.0f * (float)f->slots[f->space].adv * c->scale;
      prev = -1;
      continue;
    }
    int slot = resolve(f, cp, c->level);
    if (slot < 0) continue;
    if (prev >= 0) pen += (float)kern_units(f, prev, slot) * c->scale;
    if (draw) {
      /* Place glyphs on a 1/over pixel grid, the finest the atlas's
       * oversampling resolves; with over = 1 each glyph lands on whole
       * pixels, its texels 1:1 with screen pixels. */
      float gx = x0 + roundf(pen * (float)c->over) / (float)c->over;
      add_quad(f, c->b, &c->b->pc[slot], gx, baseline, c->color);
    }
    pen += (float)f->slots[slot].adv * c->scale;
    prev = slot;
  }
  return pen;
}

static void flush(stp_font *f, SDL_Renderer *r, const baked_size *b) {
  if (r && b && b->tex && f->nquads > 0 && !f->batch_failed)
    SDL_RenderGeometry(r, b->tex, f->verts, f->nquads * 4, f->idx, f->nquads * 6);
  f->nquads = 0;
  f->batch_failed = 0;
}

static void init_ctx(pen_ctx *c, stp_font *f, SDL_Renderer *r, float px, SDL_Color color) {
  c->f = f;
  c->scale = em_scale(f, px);
  c->level = level_for(f, px);
  c->color = color;
  c->b = r ? get_size(f, r, px) : NULL;
  c->over = c->b && c->b->over > 0 ? c->b->over : 1;
  f->nquads = 0;
  f->batch_failed = 0;
}

static float draw_lines(stp_font *f, SDL_Renderer *r, float x, float y, float px, SDL_Color color,
                        const char *utf8) {
  if (!f || !utf8) return 0.0f;
  px = clamp_px(px);
  pen_ctx c;
  init_ctx(&c, f, r, px, color);
  float x0 = r ? roundf(x) : 0.0f;
  float lh = stp_font_line_height(f, px);
  float base = (r ? roundf(y) : 0.0f) + baseline_offset(f, px);
  size_t len = strlen(utf8), start = 0;
  float widest = 0.0f;
  for (;;) {
    const char *nl = memchr(utf8 + start, '\n', len - start);
    size_t end = nl ? (size_t)(nl - utf8) : len;
    float w = run_line(&c, utf8, start, end, x0, base);
    if (w > widest) widest = w;
    if (!nl) break;
    start = end + 1;
    base += lh;
  }
  flush(f, r, c.b);
  return widest;
}

float stp_font_draw(stp_font *f, SDL_Renderer *r, float x, float y, float px, SDL_Color color,
                    const char *utf8) {
  if (!r) return stp_font_measure(f, px, utf8);
  return draw_lines(f, r, x, y, px, color, utf8);
}

float stp_font_measure(stp_font *f, float px, const char *utf8) {
  SDL_Color none = {0, 0, 0, 0};
  return draw_lines(f, NULL, 0.0f, 0.0f, px, none, utf8);
}

/* Advance of the code point at s[*pos] within a line being wrapped. */
static float step_width(const pen_ctx *c, unsigned cp, int *prev) {
  stp_font *f = c->f;
  if (cp == '\t') {
    *prev = -1;
    return f->space >= 0 ? 4.0f * (float)f->slots[f->space].adv * c->scale : 0.0f;
  }
  int slot = resolve(f, cp, c->level);
  if (slot < 0) return 0.0f;
  float w = (float)f->slots[slot].adv * c->scale;
  if (*prev >= 0) w += (float)kern_units(f, *prev, slot) * c->scale;
  *prev = slot;
  return w;
}

float stp_font_draw_wrapped(stp_font *f, SDL_Renderer *r, float x, float y, float px,
                            float max_width, SDL_Color color, const char *utf8) {
  if (!f || !utf8) return 0.0f;
  px = clamp_px(px);
  pen_ctx c;
  init_ctx(&c, f, r, px, color);
  float x0 = roundf(x);
  float lh = stp_font_line_height(f, px);
  float base = roundf(y) + baseline_offset(f, px);
  size_t len = strlen(utf8), start = 0;
  int lines = 0;
  for (;;) {   /* one paragraph per '\n' */
    const char *nl = memchr(utf8 + start, '\n', len - start);
    size_t para_end = nl ? (size_t)(nl - utf8) : len;
    size_t line = start;
    int first = 1;
    while (first || line < para_end) {
      first = 0;
      /* Greedy fill: remember the last space run as the break point. */
      size_t pos = line, brk_end = 0, brk_next = 0;
      int have_brk = 0, prev = -1, in_space = 0;
      float w = 0.0f;
      size_t end = para_end, next = para_end;
      while (pos < para_end) {
        size_t at = pos;
        unsigned cp;
        stp_utf8_decode(utf8, para_end, &pos, &cp);
        int space = cp == ' ' || cp == '\t';
        if (space) {
          if (!in_space && at > line) { brk_end = at; have_brk = 1; }
          in_space = 1;
          brk_next = pos;
          w += step_width(&c, cp, &prev);
          continue;
        }
        in_space = 0;
        float nw = w + step_width(&c, cp, &prev);
        if (nw > max_width && at > line) {
          if (have_brk) { end = brk_end; next = brk_next; }
          else { end = at; next = at; }   /* hard break inside a long word */
          break;
        }
        w = nw;
      }
      if (end == para_end) {   /* trim trailing spaces of the paragraph's last line */
        while (end > line && (utf8[end - 1] == ' ' || utf8[end - 1] == '\t')) end--;
      }
      if (r) run_line(&c, utf8, line, end, x0, base);
      lines++;
      base += lh;
      line = next;   /* after a wrap at spaces, next is past them */
    }
    if (!nl) break;
    start = para_end + 1;
  }
  flush(f, r, c.b);
  return (float)lines * lh;
}
