#include "stp_draw.h"

#include <float.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "stp_chart.h"
#include "stp_field.h"
#include "stp_heal.h"
#include "stp_pigment.h"
#include "stp_rng.h"

#define PI 3.14159265358979323846
#define SKIN_PPM 4.0            /* skin texture resolution, pixels per mm */
#define SKIN_X0 (-190.0)
#define SKIN_X1 190.0
#define SKIN_Y0 (STP_CHART_FRONT_Y - 5.0)
#define SKIN_Y1 (STP_CHART_BACK_Y + 5.0)
#define SPRITE 64               /* px per sprite cell in the atlas */
#define SPRITE_LEVELS 4         /* disc sprites from crisp to soft */
#define SPRITE_RING SPRITE_LEVELS
#define SPRITE_CRUST (SPRITE_LEVELS + 1)   /* a rough, mottled disc: the crust of a healing dot */
#define SPRITE_CELLS (SPRITE_LEVELS + 2)
#define PORE_TILE_PX 128
#define PORE_TILE_MM 6.0
#define EDGE_MM 7.0             /* hair density fades over this band at a region's edge */
#define HAIR_GEOMETRY_SCALE 6.0
#define LONG_HAIR_MM STP_SCN_LONG_HAIR_MM   /* hair longer than this lies over the scalp as strands */ /* px/mm from which hairs and pores are drawn one by one */

/* The persistent pigment layer: each impression is drawn once, when it is placed, into
 * chart-space tiles at several resolutions; a frame only copies the visible tiles. */
#define LAYER_LEVELS 4
#define LAYER_TILE 256          /* px per tile side */
static const double layer_ppm[LAYER_LEVELS] = {2.0, 4.0, 8.0, 16.0};
#define LAYER_MAX_PPM 16.0      /* above this zoom impressions are drawn directly (few are visible) */

typedef struct hair { float x, y, angle, len, width; Uint8 rgb[3]; } hair;

/* How one impression is drawn at the moment shown. */
typedef struct dot_draw {
  stp_dot_look L;
  double healing;               /* 0 fresh .. 1 settled */
  bool old_healed;              /* untimed healed: the old healed drawing (dot_quad) */
  double redness, scab;         /* 0..1 */
  bool visible;
} dot_draw;

typedef struct layer_level {
  int cols, rows;
  SDL_Texture **tiles;          /* cols * rows, created when the first dot lands in them */
  uint32_t *gen;                /* each tile's generation: older than the layer's means clear */
  size_t synced;                /* rows [0, synced) of the work are drawn in this level */
} layer_level;

/* Impressions drawn into the layer per frame at most: a resumed 100k work or an undo
 * sharpens over a few frames instead of stalling one. */
#define LAYER_BUDGET 5000
/* And at most this long a frame, ms (a timed look costs more than the old ones, and a
 * level at 16 px/mm more than one at 2). */
#define LAYER_FRAME_MS 12.0
/* While the level on screen is not complete, a view with at most this many impressions
 * in it draws them directly (so a zoomed view is right from the first frame after a change
 * of moment); a larger one shows the level filling in. */
#define LAYER_DIRECT_MAX 12000
/* New tiles per frame at most (each costs 1-5 ms with the software renderer), and the
 * chunk of impressions drawn between two checks of that cap. */
#define LAYER_TILE_BUDGET 3
#define LAYER_CHUNK 1024

struct stp_draw {
  SDL_Renderer *r;
  stp_scenario scn;
  SDL_Texture *skin;            /* skin with stubble splatted in (far views) */
  SDL_Texture *skin_bare;       /* skin alone (near views: hairs drawn as geometry) */
  SDL_Texture *sprites;         /* dot atlas: SPRITE_LEVELS discs then a ring */
  SDL_Texture *pores;           /* multiplicative detail tile */
  SDL_Texture *long_hair;       /* long hair strands over the scalp (NULL if the client has none) */
  hair *hairs;
  size_t hair_count;
  size_t strand_count;          /* long hair strands drawn */
  SDL_Vertex *verts;
  int *idx;
  size_t quad_cap, quads;
  size_t last_count;
  stp_field_ctx *fields;        /* the scenario's target fields, for the grain overlay */
  layer_level levels[LAYER_LEVELS];
  uint64_t frame_t0;            /* the performance counter when this frame's sync began */
  uint32_t layer_gen;           /* starting over bumps it: tiles are cleared when next drawn into */
  const stp_work *synced_work;  /* the work the layer holds (each level says how much) */
  uint64_t synced_revision;
  bool pending;                 /* a level is still catching up: draw another frame */
  bool synced_healed;
  stp_draw_moment synced_at;    /* the moment the layer holds */
  const stp_work *synced_under;
  size_t synced_under_count;
  /* This draw's moment and old work (set by stp_draw_scalp; read by the drawing below). */
  bool healed;
  stp_draw_moment at;
  const stp_work *under;
  dot_draw *looks;              /* scratch: the looks of a batch of impressions */
  size_t looks_cap;
  bool layer_failed;            /* no render targets: draw directly */
  size_t layer_tiles;           /* tiles allocated */
  /* The blush of reddened skin: splatted on the CPU into a chart-sized map (SKIN_PPM px/mm,
   * like the skin) of how much skin shows through (T, the product of 1 - alpha of every
   * blush), copied beneath the dots in every view. Soft and all of one colour, so the order
   * of the blushes does not matter and a few ms of arithmetic replace 100k quads. */
  float *blush_T;
  SDL_Texture *blush_tex;
  Uint32 *blush_px;             /* scratch for uploading a rectangle */
  int blush_w, blush_h;
  size_t blush_synced;          /* rows splatted */
  const stp_work *blush_work;
  uint64_t blush_revision;
  stp_draw_moment blush_at;
  const stp_work *blush_under;
  size_t blush_under_count;
  int bx0, by0, bx1, by1;       /* the map's touched rectangle [bx0, bx1) x [by0, by1) (empty: bx1 <= bx0) */
  int dx0, dy0, dx1, dy1;       /* the part not uploaded yet */
  bool complete;                /* the last frame showed every impression at its moment */
  int tiles_this_frame;         /* created during the current frame's sync */
};

Uint8 stp_draw_srgb8(float c) {
  if (!(c > 0)) return 0;
  if (c >= 1) return 255;
  float s = c <= 0.0031308f ? 12.92f * c : 1.055f * powf(c, 1.0f / 2.4f) - 0.055f;
  return (Uint8)(s * 255.0f + 0.5f);
}

/* ---- procedural noise (deterministic, seeded) ----------------------------------- */

static uint32_t hash3(int32_t x, int32_t y, uint32_t seed) {
  uint32_t h = (uint32_t)x * 0x8da6b343u ^ (uint32_t)y * 0xd8163841u ^ seed * 0xcb1ab31fu;
  h ^= h >> 13; h *= 0x5bd1e995u; h ^= h >> 15;
  return h;
}

static float lattice(int32_t x, int32_t y, uint32_t seed) {
  return (float)(hash3(x, y, seed) & 0xffffu) / 65535.0f * 2.0f - 1.0f;
}

static float vnoise(float x, float y, uint32_t seed) {
  int32_t xi = (int32_t)floorf(x), yi = (int32_t)floorf(y);
  float fx = x - (float)xi, fy = y - (float)yi;
  float u = fx * fx * (3 - 2 * fx), v = fy * fy * (3 - 2 * fy);
  float a = lattice(xi, yi, seed), b = lattice(xi + 1, yi, seed);
  float c = lattice(xi, yi + 1, seed), d = lattice(xi + 1, yi + 1, seed);
  return (a + (b - a) * u) + ((c + (d - c) * u) - (a + (b - a) * u)) * v;
}

/* Value noise on a lattice that repeats every `period` cells (for tiles that tile). */
static float vnoise_wrap(float x, float y, int32_t period, uint32_t seed) {
  int32_t xi = (int32_t)floorf(x), yi = (int32_t)floorf(y);
  float fx = x - (float)xi, fy = y - (float)yi;
  float u = fx * fx * (3 - 2 * fx), v = fy * fy * (3 - 2 * fy);
  int32_t x0 = ((xi % period) + period) % period, y0 = ((yi % period) + period) % period;
  int32_t x1 = (x0 + 1) % period, y1 = (y0 + 1) % period;
  float a = lattice(x0, y0, seed), b = lattice(x1, y0, seed);
  float c = lattice(x0, y1, seed), d = lattice(x1, y1, seed);
  return (a + (b - a) * u) + ((c + (d - c) * u) - (a + (b - a) * u)) * v;
}


/* ---- natural hair flow for the client's own stubble ------------------------------ */

static float natural_grain_deg(double x, double y) {
  /* The client's own hair follows the same natural flow the scenarios' flow{} preset
   * and the scorer use: a clockwise crown whorl a little right of the midline. */
  return (float)stp_field_flow_angle(10.0, 200.0, +1, 70.0, x, y);
}

/* stp_shape_contains, a polygon's bounding box b (x0, y0, x1, y1) first: outside it, no
 * edge's crossing can count, so the answer is the same without the walk over its points. */
static bool box_contains(const stp_shape *s, const double b[4], double x, double y) {
  if (s->kind == STP_SHAPE_POLYGON && (x < b[0] || x > b[2] || y < b[1] || y > b[3])) return false;
  return stp_shape_contains(s, x, y);
}

static bool in_patch(const stp_scenario *scn, const double (*pb)[4], double x, double y) {
  for (int i = 0; i < scn->patch_count; i++)
    if (box_contains(&scn->patches[i].shape, pb[i], x, y)) return true;
  return false;
}

static double clampd(double v, double lo, double hi) { return v < lo ? lo : v > hi ? hi : v; }

/* sRGB 8-bit of linear values without a powf each: a table over [0, 1] in STP_SRGB_STEPS
 * buckets holds the code at each bucket's lower end, and the threshold of the next code
 * settles the one bucket a code boundary can fall in (boundaries are at least 3e-4 apart,
 * buckets 1.5e-5 wide), so the result equals stp_draw_srgb8 exactly. */
#define SRGB_STEPS 65536
typedef struct srgb_lut { Uint8 code[SRGB_STEPS]; float up[257]; } srgb_lut;

static void srgb_lut_init(srgb_lut *t) {
  /* up[k]: the least linear value whose code is k (bisection on stp_draw_srgb8 itself). */
  t->up[0] = -1.0f;
  for (int k = 1; k <= 255; k++) {
    float lo = 0.0f, hi = 1.0f;
    for (int it = 0; it < 40; it++) {
      float mid = 0.5f * (lo + hi);
      if (mid <= lo || mid >= hi) break;
      if (stp_draw_srgb8(mid) >= k) hi = mid; else lo = mid;
    }
    t->up[k] = hi;
  }
  t->up[256] = 2.0f;
  for (int i = 0; i < SRGB_STEPS; i++) t->code[i] = stp_draw_srgb8((float)i / (float)(SRGB_STEPS - 1));
}

static inline Uint8 srgb_fast(const srgb_lut *t, float c) {
  if (!(c > 0)) return 0;
  if (c >= 1) return 255;
  int i = (int)(c * (float)(SRGB_STEPS - 1));
  int k = t->code[i];
  while (k < 255 && c >= t->up[k + 1]) k++;
  while (k > 0 && c < t->up[k]) k--;
  return (Uint8)k;
}

static inline Uint32 argb_fast(const srgb_lut *t, const float *o) {
  float a = o[3];
  Uint32 A = (Uint32)(a < 0 ? 0 : a > 1 ? 255 : a * 255.0f + 0.5f);
  return A << 24 | (Uint32)srgb_fast(t, o[0]) << 16 | (Uint32)srgb_fast(t, o[1]) << 8 | srgb_fast(t, o[2]);
}

/* A shape's outline, made once (stp_shape_signed_distance makes it at every call). */
typedef struct outline { stp_point pts[STP_SHAPE_MAX_POINTS]; int n; } outline;

/* stp_shape_signed_distance(s, x, y) with s's outline o made beforehand: the same value. */
static double outline_signed_distance(const stp_shape *s, const outline *o, double x, double y) {
  if (s->kind == STP_SHAPE_CIRCLE) return hypot(x - s->cx, y - s->cy) - s->r;
  double d = stp_shape_rings_distance(s, o->pts, o->n, x, y);
  if (d == DBL_MAX) return d;
  return stp_shape_contains(s, x, y) ? -d : d;
}

/* Scars and alopecia patches change the skin itself: paler (or darker) and smoother, a
 * raised or sunken edge lit from the top of the screen, alopecia slightly shiny; a zone whose
 * tissue has a surface (docs/scenario-api.md, "Tissue") changes only how the skin takes the
 * light. One row at a time (pixels [from, w) of row j of the skin texture, linear RGBA);
 * marks: the patches, then the zones with a surface (skin_marks); box[k] is mark k's pixel
 * bounds i0, i1, j0, j1, ol[k] its outline. */
typedef struct skin_mark {
  const stp_shape *shape;
  const stp_patch *patch;          /* NULL: a zone's surface alone (no tint) */
  stp_surface surface;             /* NONE: a patch's relief as before surfaces */
  double relief;                   /* -1..1 */
} skin_mark;

#define MAX_MARKS (STP_SCN_MAX_PATCHES + STP_SCN_MAX_ZONES)
#define SURFACE_BEVEL_MM 1.2       /* a surfaced scar's lit or shaded rim, inside its edge */
#define SURFACE_SHADOW_MM 1.2      /* a raised scar's shadow on the skin below it */

static int skin_marks(const stp_scenario *scn, skin_mark *mk) {
  int n = 0;
  for (int i = 0; i < scn->patch_count; i++)
    mk[n++] = (skin_mark){&scn->patches[i].shape, &scn->patches[i], scn->patches[i].surface, scn->patches[i].relief};
  for (int z = 0; z < scn->zone_count; z++) {
    stp_surface sf = scn->zones[z].tissue.surface;
    if (sf == STP_SURFACE_NONE || sf == STP_SURFACE_FLAT) continue;   /* flat: the skin as it is */
    mk[n++] = (skin_mark){&scn->zones[z].shape, NULL, sf,
                          sf == STP_SURFACE_RAISED ? 0.6 : sf == STP_SURFACE_ATROPHIC ? -0.6 : 0.0};
  }
  return n;
}

static void patch_boxes(const skin_mark *mk, int n, int box[][4], outline *ol) {
  for (int pi = 0; pi < n; pi++) {
    ol[pi].n = stp_shape_outline(mk[pi].shape, ol[pi].pts, STP_SHAPE_MAX_POINTS);
    double bx0, by0, bx1, by1;
    stp_shape_bounds(mk[pi].shape, &bx0, &by0, &bx1, &by1);
    box[pi][0] = (int)((bx0 - 2 - SKIN_X0) * SKIN_PPM);
    box[pi][1] = (int)((bx1 + 2 - SKIN_X0) * SKIN_PPM);
    box[pi][2] = (int)((by0 - 2 - SKIN_Y0) * SKIN_PPM);
    box[pi][3] = (int)((by1 + 2 - SKIN_Y0) * SKIN_PPM);
  }
}

/* A surfaced mark's light at a pixel `inside` mm within its edge (negative: outside), where
 * slope is how fast the pixel goes deeper in toward the bottom of the screen (+1 on the edge
 * facing the light at the top, -1 on the one facing away): a factor on the skin's colour and
 * a sheen added to it (linear). */
static void surface_light(stp_surface sf, double relief, double inside, double slope, float *factor, float *sheen) {
  *factor = 1.0f;
  *sheen = 0.0f;
  double rim = 1.0 - clampd(fabs(inside) / SURFACE_BEVEL_MM, 0, 1);   /* 1 on the edge, 0 a bevel in */
  double a = fabs(relief);
  if (sf == STP_SURFACE_RAISED) {
    if (inside >= 0) {
      /* The ridge's upper slope faces the light: a highlight; its lower slope turns away. */
      *factor = (float)(1.0 + 0.5 * a * slope * rim);
      if (slope > 0) *sheen = (float)(0.12 * a * slope * rim);
    } else if (slope < 0) {
      /* Its shadow falls on the skin just below it, softening away from the edge. */
      double fall = 1.0 - clampd(-inside / SURFACE_SHADOW_MM, 0, 1);
      *factor = (float)(1.0 - 0.35 * a * (-slope) * fall * fall);
    }
  } else if (sf == STP_SURFACE_ATROPHIC) {
    if (inside >= 0) {
      /* Sunken: the upper rim shades the slope below it; the lower slope faces the light. */
      *factor = (float)(1.0 - 0.40 * a * slope * rim);
      if (slope < 0) *sheen = (float)(0.03 * a * (-slope) * rim);
      *factor *= (float)(1.0 - 0.06 * a * clampd(inside / SURFACE_BEVEL_MM, 0, 1));   /* the floor, in shade */
    }
  } else if (sf == STP_SURFACE_SHINY && inside >= 0) {
    /* Taut, smooth tissue: a gloss over it, and a specular streak along the edge facing the light. */
    double streak = exp(-((inside - 0.45) * (inside - 0.45)) / (2 * 0.22 * 0.22));
    *sheen = (float)(0.035 + 0.22 * streak * clampd(slope, 0, 1));
  }
}

static void paint_patches_row(const skin_mark *mk, int nmk, int box[][4], const outline *ol, float *lin, int from,
                              int w, int j) {
  for (int pi = 0; pi < nmk; pi++) {
    const stp_patch *pt = mk[pi].patch;
    const stp_shape *shape = mk[pi].shape;
    stp_surface sf = mk[pi].surface;
    int i0 = box[pi][0], i1 = box[pi][1];
    if (j < box[pi][2] || j > box[pi][3] || j < 0) continue;
    double bx0, by0, bx1, by1;
    stp_shape_bounds(shape, &bx0, &by0, &bx1, &by1);
    double edge = !pt ? 0.3 : pt->kind == STP_PATCH_ALOPECIA ? 3.0 : pt->kind == STP_PATCH_SCAR_DOT ? 0.15 : 0.5;
    double cx = 0.5 * (bx0 + bx1), cy = 0.5 * (by0 + by1), rx = 0.5 * (bx1 - bx0) + 1e-9, ry = 0.5 * (by1 - by0) + 1e-9;
    /* A surfaced mark reaches out by its shadow, in by its bevel and the streak. */
    double out = sf != STP_SURFACE_NONE ? fmax(edge, SURFACE_SHADOW_MM) : edge;
    /* The signed distance changes by at most the step between pixels: from a pixel at
     * distance D past what matters (outside by more than the edge: untouched; inside by more
     * than the edge and the relief's 1.5 mm: the patch's own colour), the next pixels within
     * D of it are on the same side, so their distance is not computed (a pixel of margin for
     * the outline of a curve being a polygon). `known` stands for any such distance. */
    double deep = fmax(edge, 1.5), known = 0;
    int until = -1;
    for (int i = i0 < from ? from : i0; i <= i1 && i < w; i++) {
      double x = SKIN_X0 + (i + 0.5) / SKIN_PPM, y = SKIN_Y0 + (j + 0.5) / SKIN_PPM;
      double inside;
      if (i < until) inside = known;
      else {
        inside = -outline_signed_distance(shape, &ol[pi], x, y);
        double margin = inside > 0 ? inside - deep : -inside - out;
        margin -= 1.0 / SKIN_PPM;
        if (margin > 0) {
          until = i + 1 + (int)(margin * SKIN_PPM);
          known = inside > 0 ? 1e9 : -1e9;
        }
      }
      double t = clampd((inside + edge) / (2 * edge), 0, 1);
      if (t <= 0 && (sf == STP_SURFACE_NONE || inside < -out)) continue;
      t = t * t * (3 - 2 * t);
      float *o = &lin[(size_t)i * 4];
      float c[3];
      if (sf != STP_SURFACE_NONE) {
        /* Surfaced (a patch with `surface`, a zone's tissue): the tint, then the light. */
        if (pt) stp_pigment_patch_tint(pt, o, c);
        else for (int q = 0; q < 3; q++) c[q] = o[q];
        float factor = 1.0f, sheen = 0.0f;
        if (fabs(inside) < fmax(SURFACE_BEVEL_MM, SURFACE_SHADOW_MM) && sf != STP_SURFACE_FLAT) {
          double up = -outline_signed_distance(shape, &ol[pi], x, y - 0.35);
          double slope = clampd((inside - up) / 0.35, -1, 1);
          surface_light(sf, mk[pi].relief, inside, slope, &factor, &sheen);
        } else if (sf == STP_SURFACE_SHINY && inside > 0) {
          sheen = 0.035f;
        }
        for (int q = 0; q < 3; q++) o[q] = (o[q] * (1 - (float)t) + c[q] * (float)t) * factor + sheen;
        continue;
      }
      if (pt->kind == STP_PATCH_ALOPECIA) {
        /* Smooth, a touch pinker, with a soft sheen toward the upper middle. */
        double u = (x - cx) / rx, v = (y - cy) / ry + 0.35;
        float sheen = (float)(0.10 * exp(-3.0 * (u * u + v * v)));
        c[0] = o[0] * 1.02f + sheen; c[1] = o[1] * 0.99f + sheen; c[2] = o[2] * 0.99f + sheen;
      } else {
        stp_pigment_patch_tint(pt, o, c);   /* the core's tint: the distance look uses it too */
        /* Relief: a ridge (raised) catches the light on its upper edge and shades its
         * lower one; a sunken scar the other way round. */
        float shade = 1.0f;   /* 1.5 mm in from the edge and beyond, no relief */
        if (fabs(inside) < 1.5) {
          double up = -outline_signed_distance(shape, &ol[pi], x, y - 0.35);
          double slope = clampd((inside - up) / 0.35, -1, 1);
          shade = (float)(1.0 + 0.10 * pt->relief * slope * (1.0 - clampd(fabs(inside) / 1.5, 0, 1)));
        }
        for (int q = 0; q < 3; q++) c[q] *= shade;
      }
      for (int q = 0; q < 3; q++) o[q] = o[q] * (1 - (float)t) + c[q] * (float)t;
    }
  }
}

static stp_status make_hairs_in(stp_draw *d, uint64_t seed, const outline *ol, const double (*hb)[4],
                                const double (*pb)[4], const srgb_lut *lut, stp_error *err) {
  stp_rng rng;
  stp_rng_seed(&rng, seed ^ 0x4a1c5eedULL);
  size_t cap = 0;
  double spread;   /* within STP_SCN_MAX_HAIR_UNITS over all regions */
  stp_scenario_hair_units(&d->scn, false, &spread);
  for (int h = 0; h < d->scn.hair_count; h++) {
    const stp_hair_region *hr = &d->scn.hair[h];
    if (hr->density_per_cm2 <= 0 || hr->length_mm > LONG_HAIR_MM) continue;
    double x0, y0, x1, y1;
    stp_shape_bounds(&hr->shape, &x0, &y0, &x1, &y1);
    double spacing = sqrt(100.0 / hr->density_per_cm2) * spread;
    /* The last unit whose distance to the region's outline was measured (inside, by ad): a
     * unit within ad - DEEP of it is inside too, by more than DEEP (a distance moves no
     * faster than the point), where neither the fading below nor a shared edge applies, so
     * neither its containment nor its distance is computed again. The wave is within
     * +-2.5 mm, so past EDGE_MM + 2.5 mm the density is whole; DEEP keeps a margin. */
    const double DEEP = EDGE_MM + 3.0;
    double ax = 0, ay = 0, ad = 0;
    /* One follicular unit per jittered cell; 1-3 hairs per unit (about 2.2 on average). */
    for (double y = y0; y < y1; y += spacing) {
      for (double x = x0; x < x1; x += spacing) {
        double fx = x + stp_rng_range(&rng, 0, spacing), fy = y + stp_rng_range(&rng, 0, spacing);
        int nh = 1 + (int)stp_rng_below(&rng, 3);
        bool deep = ad > DEEP && hypot(fx - ax, fy - ay) < ad - DEEP;
        if ((!deep && !box_contains(&hr->shape, hb[h], fx, fy)) || !stp_chart_contains(fx, fy)) continue;
        if (in_patch(&d->scn, pb, fx, fy)) continue;    /* scars and alopecia patches grow no hair */
        bool earlier = false;   /* where regions overlap the first listed grows the hair */
        for (int e = 0; e < h && !earlier; e++) earlier = box_contains(&d->scn.hair[e].shape, hb[e], fx, fy);
        if (earlier) continue;
        /* Real hair thins out at the edge of where it grows: fade the density over
         * the outer EDGE_MM, with a wavy (noisy) edge rather than a drawn line. */
        double inside = DEEP;
        if (!deep) {
          inside = -outline_signed_distance(&hr->shape, &ol[h], fx, fy);
          ax = fx; ay = fy; ad = inside;
        }
        /* An edge shared with another region (a thin top inside the full head, the fringe
         * beside the top) is not where hair ends: no fading there, or a pale seam shows. */
        for (int e = 0; e < d->scn.hair_count && inside < EDGE_MM; e++)
          if (e != h && d->scn.hair[e].density_per_cm2 > 0 &&
              outline_signed_distance(&d->scn.hair[e].shape, &ol[e], fx, fy) <= EDGE_MM)
            inside = EDGE_MM;
        if (!deep) {
          double wave = 2.5 * vnoise((float)(fx / 9.0), (float)(fy / 9.0), (uint32_t)seed + 31u);
          double keep = (inside + wave) / EDGE_MM;
          if (keep < 1.0 && stp_rng_unit(&rng) > keep) continue;
        }
        float grain = natural_grain_deg(fx, fy);   /* the unit's: its hairs only scatter about it */
        for (int k = 0; k < nh; k++) {
          if (d->hair_count == cap) {
            size_t nc = cap ? cap * 2 : 4096;
            hair *nhairs = realloc(d->hairs, nc * sizeof *nhairs);
            if (!nhairs) return stp_error_set(err, STP_ERR_NOMEM, NULL, 0, "out of memory for hair");
            d->hairs = nhairs; cap = nc;
          }
          hair *o = &d->hairs[d->hair_count++];
          o->x = (float)(fx + stp_rng_normal(&rng) * 0.08);
          o->y = (float)(fy + stp_rng_normal(&rng) * 0.08);
          o->angle = grain + (float)(stp_rng_normal(&rng) * 12.0);
          double len = hr->length_mm < 1.2 ? hr->length_mm : 1.2; /* seen from above */
          o->len = (float)(len * (0.75 + 0.5 * stp_rng_unit(&rng)));
          o->width = (float)(0.07 + 0.04 * stp_rng_unit(&rng));
          float shade = (float)(0.85 + 0.3 * stp_rng_unit(&rng));
          for (int c = 0; c < 3; c++) o->rgb[c] = srgb_fast(lut, hr->rgb[c] * shade);
        }
      }
    }
  }
  return STP_OK;
}

static stp_status make_hairs(stp_draw *d, uint64_t seed, const srgb_lut *lut, stp_error *err) {
  outline *ol = malloc((size_t)(d->scn.hair_count > 0 ? d->scn.hair_count : 1) * sizeof *ol);
  if (!ol) return stp_error_set(err, STP_ERR_NOMEM, NULL, 0, "out of memory for hair");
  double hb[STP_SCN_MAX_HAIR][4], pb[STP_SCN_MAX_PATCHES][4];
  for (int h = 0; h < d->scn.hair_count; h++) {
    ol[h].n = stp_shape_outline(&d->scn.hair[h].shape, ol[h].pts, STP_SHAPE_MAX_POINTS);
    stp_shape_bounds(&d->scn.hair[h].shape, &hb[h][0], &hb[h][1], &hb[h][2], &hb[h][3]);
  }
  for (int i = 0; i < d->scn.patch_count; i++)
    stp_shape_bounds(&d->scn.patches[i].shape, &pb[i][0], &pb[i][1], &pb[i][2], &pb[i][3]);
  stp_status st = make_hairs_in(d, seed, ol, (const double (*)[4])hb, (const double (*)[4])pb, lut, err);
  free(ol);
  return st;
}

/* ---- textures -------------------------------------------------------------------- */

static SDL_Texture *texture_from_pixels(SDL_Renderer *r, const Uint32 *px, int w, int h,
                                        SDL_BlendMode mode, stp_error *err) {
  SDL_Texture *t = SDL_CreateTexture(r, SDL_PIXELFORMAT_ARGB8888, SDL_TEXTUREACCESS_STATIC, w, h);
  if (!t) {
    stp_error_set(err, STP_ERR_DISPLAY, NULL, 0, "cannot create a %dx%d texture: %s", w, h, SDL_GetError());
    return NULL;
  }
  SDL_UpdateTexture(t, NULL, px, w * 4);
  SDL_SetTextureBlendMode(t, mode);
  SDL_SetTextureScaleMode(t, SDL_ScaleModeLinear);
  return t;
}

static Uint32 argb(float a, float r, float g, float b) {
  Uint32 A = (Uint32)(a < 0 ? 0 : a > 1 ? 255 : a * 255.0f + 0.5f);
  return A << 24 | (Uint32)stp_draw_srgb8(r) << 16 | (Uint32)stp_draw_srgb8(g) << 8 | stp_draw_srgb8(b);
}

/* floorf for the noise's lattice (no libm call where SSE4.1 is not assumed). */
static inline int32_t ifloor(float x) {
  int32_t i = (int32_t)x;
  return (float)i > x ? i - 1 : i;
}

/* Fractal value noise (4 octaves of vnoise, each at 2.03 times the frequency and half the
 * amplitude of the one before) over a grid of pixels, a row at a time: fbm(x / scale,
 * y / scale) for the row's pixel centres x. Each octave's lattice values are interpolated in
 * y once per row and lattice column, then each pixel interpolates in x between two of them
 * (the same bilinear interpolation as vnoise, taken in the other order); where a pixel falls
 * in the lattice and its smoothstep weight depend only on x, so they are found once. */
#define FBM_OCTAVES 4
typedef struct fbm_axis {
  int n;                        /* pixels in a row */
  float scale;
  int32_t k0[FBM_OCTAVES], cols[FBM_OCTAVES];   /* the lattice columns the row spans */
  int32_t *xi[FBM_OCTAVES];     /* each pixel's lattice column, from k0 */
  float *u[FBM_OCTAVES];        /* and its smoothstep weight toward the next */
  int32_t most;                 /* the most lattice columns of an octave: a row's scratch size */
} fbm_axis;

static void fbm_axis_free(fbm_axis *a) {
  for (int o = 0; o < FBM_OCTAVES; o++) { free(a->xi[o]); free(a->u[o]); }
}

/* For the n pixel centres xs (increasing). False when out of memory. */
static bool fbm_axis_init(fbm_axis *a, const float *xs, int n, float scale) {
  memset(a, 0, sizeof *a);
  a->n = n;
  a->scale = scale;
  int32_t most = 0;
  for (int o = 0; o < FBM_OCTAVES; o++) {
    a->xi[o] = malloc((size_t)n * sizeof *a->xi[o]);
    a->u[o] = malloc((size_t)n * sizeof *a->u[o]);
    if (!a->xi[o] || !a->u[o]) { fbm_axis_free(a); return false; }
    int32_t lo = INT32_MAX, hi = INT32_MIN;
    for (int i = 0; i < n; i++) {
      float x = xs[i] / scale;
      for (int q = 0; q < o; q++) x *= 2.03f;
      int32_t xi = ifloor(x);
      float fx = x - (float)xi;
      a->xi[o][i] = xi;
      a->u[o][i] = fx * fx * (3 - 2 * fx);
      if (xi < lo) lo = xi;
      if (xi > hi) hi = xi;
    }
    a->k0[o] = lo;
    a->cols[o] = hi - lo + 2;
    for (int i = 0; i < n; i++) a->xi[o][i] -= lo;
    if (a->cols[o] > most) most = a->cols[o];
  }
  a->most = most;
  return true;
}

/* Pixels [i0, i1) of the row at y into out (the same indices); col: scratch of a->most. */
static void fbm_row(const fbm_axis *a, float y, uint32_t seed, float *out, int i0, int i1, float *col) {
  for (int i = i0; i < i1; i++) out[i] = 0;
  float yo = y / a->scale, amp = 0.5f;
  for (int o = 0; o < FBM_OCTAVES; o++) {
    uint32_t so = seed + (uint32_t)o * 977u;
    int32_t yi = ifloor(yo);
    float fy = yo - (float)yi, v = fy * fy * (3 - 2 * fy);
    const int32_t *xi = a->xi[o];
    const float *u = a->u[o];
    if (i1 <= i0) return;
    for (int32_t k = xi[i0]; k <= xi[i1 - 1] + 1; k++) {
      float p = lattice(a->k0[o] + k, yi, so), q = lattice(a->k0[o] + k, yi + 1, so);
      col[k] = p + (q - p) * v;
    }
    for (int i = i0; i < i1; i++) {
      float l = col[xi[i]], r = col[xi[i] + 1];
      out[i] += amp * (l + (r - l) * u[i]);
    }
    yo *= 2.03f; amp *= 0.5f;
  }
}

/* The skin texture, generated row by row (no chart-sized float buffer): tone noise, the
 * dome's shading and the chart's soft edge, then the scalp's patches, converted to sRGB
 * for the bare skin; then the stubble splatted into that row (the hairs sorted by row
 * first, in their order, so each pixel blends them as before) for the skin seen from afar.
 * Rows depend on nothing but their own y, so two threads share them (the same pixels
 * whoever makes them). */
enum { SKIN_COARSE = 4, SKIN_MARGIN = 3 };

typedef struct skin_job {
  const stp_draw *d;
  const srgb_lut *lut;
  const size_t *first, *order;      /* the hairs by row: order[first[j] .. first[j + 1]) */
  const outline *ol;
  const skin_mark *marks;
  int nmarks;
  int (*box)[4];
  const float *hair_lin;
  const fbm_axis *ax;               /* the tone's noise at 22, 3 and 40 mm */
  uint32_t s;
  int w, h;
  Uint32 *bare, *px;
} skin_job;

typedef struct skin_part {
  const skin_job *job;
  int j0, j1;                       /* rows [j0, j1) */
  float *row;                       /* scratch */
} skin_part;

static void skin_rows(const skin_part *part) {
  const skin_job *jb_ = part->job;
  const stp_draw *d = jb_->d;
  int w = jb_->w;
  size_t W = (size_t)w;
  const float *base = d->scn.skin.rgb;
  float *row = part->row;
  float *n2 = row, *n1a = row + W, *reda = row + 2 * W, *n1b = row + 3 * W, *redb = row + 4 * W;
  float *n1 = row + 5 * W, *red = row + 6 * W, *lin = row + 7 * W, *col = row + 11 * W;
  const fbm_axis *ax = jb_->ax;
  uint32_t s = jb_->s;
  /* The broad variations (22 and 40 mm, their finest octave 2.6 mm) are computed every
   * SKIN_COARSE rows and interpolated between; the fine one (3 mm) on every row. */
  int have = -1;   /* the coarse row held in the "b" buffers */
  for (int j = part->j0; j < part->j1; j++) {
    double y = SKIN_Y0 + (j + 0.5) / SKIN_PPM;
    double hw = stp_chart_half_width(y);
    /* Tone variation at two scales, a little redness, and dome shading (lit from above). */
    int ja = j / SKIN_COARSE * SKIN_COARSE, jb = ja + SKIN_COARSE;
    if (have != jb) {
      if (have == ja) {
        float *t = n1a; n1a = n1b; n1b = t;
        t = reda; reda = redb; redb = t;
      } else {
        float ya = (float)(SKIN_Y0 + (ja + 0.5) / SKIN_PPM);
        fbm_row(&ax[0], ya, s, n1a, 0, w, col);
        fbm_row(&ax[2], ya, s + 202u, reda, 0, w, col);
      }
      float yb = (float)(SKIN_Y0 + (jb + 0.5) / SKIN_PPM);
      fbm_row(&ax[0], yb, s, n1b, 0, w, col);
      fbm_row(&ax[2], yb, s + 202u, redb, 0, w, col);
      have = jb;
    }
    /* Only the pixels the picture can show: the chart's, and those within SKIN_MARGIN px of
     * them (transparent, but their colour is filtered into the edge); the rest are clear. */
    double reach = 0;
    for (int k = j - SKIN_MARGIN; k <= j + SKIN_MARGIN; k++)
      reach = fmax(reach, stp_chart_half_width(SKIN_Y0 + (k + 0.5) / SKIN_PPM));
    int i0 = 0, i1 = 0;
    if (reach > 0) {
      reach += (SKIN_MARGIN + 0.5) / SKIN_PPM;
      i0 = (int)floor((-reach - SKIN_X0) * SKIN_PPM);
      i1 = (int)ceil((reach - SKIN_X0) * SKIN_PPM) + 1;
      i0 = i0 < 0 ? 0 : i0;
      i1 = i1 > w ? w : i1;
    }
    float t = (float)(j - ja) / (float)SKIN_COARSE;
    for (int i = i0; i < i1; i++) {
      n1[i] = n1a[i] + (n1b[i] - n1a[i]) * t;
      red[i] = reda[i] + (redb[i] - reda[i]) * t;
    }
    fbm_row(&ax[1], (float)y, s + 101u, n2, i0, i1, col);
    double ey = (y - 202.5) / 240.0;
    for (int i = i0; i < i1; i++) {
      double x = SKIN_X0 + (i + 0.5) / SKIN_PPM;
      float *o = &lin[(size_t)i * 4];
      /* Soft 1 px edge on the chart outline. */
      float a = (float)((hw - fabs(x)) * SKIN_PPM + 0.5);
      a = a < 0 ? 0 : a > 1 ? 1 : a;
      double ex = x / 185.0, e = ex * ex + ey * ey;
      float dome = (float)(1.0 - 0.30 * e * e);
      float lum = dome * (1.0f + 0.07f * n1[i] + 0.035f * n2[i]);
      o[0] = base[0] * lum * (1.0f + 0.05f * red[i]);
      o[1] = base[1] * lum * (1.0f - 0.02f * red[i]);
      o[2] = base[2] * lum * (1.0f - 0.03f * red[i]);
      o[3] = a;
    }
    Uint32 *pb = jb_->bare + (size_t)j * W, *pp = jb_->px + (size_t)j * W;
    memset(pb, 0, W * sizeof *pb);
    if (i1 > i0) {
      paint_patches_row(jb_->marks, jb_->nmarks, jb_->box, jb_->ol, lin, i0, i1, j);
      for (int i = i0; i < i1; i++) pb[i] = argb_fast(jb_->lut, &lin[(size_t)i * 4]);
    }
    memcpy(pp, pb, W * sizeof *pp);
    /* Splat the stubble in as coverage: each hair darkens its pixel by its area. */
    for (size_t q = jb_->first[j]; q < jb_->first[j + 1]; q++) {
      const hair *hh = &d->hairs[jb_->order[q]];
      int i = (int)((hh->x - SKIN_X0) * SKIN_PPM);
      float cover = hh->len * hh->width * (float)(SKIN_PPM * SKIN_PPM) * 1.6f; /* shaft + shadow */
      if (cover > 0.9f) cover = 0.9f;
      float *o = &lin[(size_t)i * 4];
      for (int c = 0; c < 3; c++) o[c] = o[c] * (1 - cover) + jb_->hair_lin[hh->rgb[c]] * cover;
      pp[i] = argb_fast(jb_->lut, o);
    }
  }
}

static int SDLCALL skin_thread(void *part) {
  skin_rows(part);
  return 0;
}

static stp_status make_skin(stp_draw *d, uint64_t seed, const srgb_lut *lut, stp_error *err) {
  int w = (int)((SKIN_X1 - SKIN_X0) * SKIN_PPM), h = (int)((SKIN_Y1 - SKIN_Y0) * SKIN_PPM);
  size_t W = (size_t)w, N = W * (size_t)h;
  Uint32 *bare = malloc(N * sizeof *bare), *px = malloc(N * sizeof *px);
  float *xs = malloc(W * sizeof *xs);
  size_t *first = calloc((size_t)h + 1, sizeof *first), *order = malloc((d->hair_count + 1) * sizeof *order);
  outline *ol = malloc(MAX_MARKS * sizeof *ol);
  fbm_axis ax[3];
  int axes = 0;
  if (xs) {
    for (int i = 0; i < w; i++) xs[i] = (float)(SKIN_X0 + (i + 0.5) / SKIN_PPM);
    static const float scales[3] = {22.0f, 3.0f, 40.0f};
    while (axes < 3 && fbm_axis_init(&ax[axes], xs, w, scales[axes])) axes++;
  }
  int most = 0;
  for (int k = 0; k < axes; k++) most = ax[k].most > most ? ax[k].most : most;
  skin_part parts[2] = {{0}};
  for (int k = 0; k < 2; k++) parts[k].row = malloc((W * 11 + (size_t)most) * sizeof *parts[k].row);
  if (!bare || !px || !xs || !first || !order || !ol || axes < 3 || !parts[0].row || !parts[1].row) {
    free(bare); free(px); free(xs); free(first); free(order); free(ol);
    free(parts[0].row); free(parts[1].row);
    while (axes > 0) fbm_axis_free(&ax[--axes]);
    return stp_error_set(err, STP_ERR_NOMEM, NULL, 0, "out of memory for the skin texture");
  }
  /* The hairs by row (a stable counting sort). */
  for (size_t k = 0; k < d->hair_count; k++) {
    const hair *hh = &d->hairs[k];
    int i = (int)((hh->x - SKIN_X0) * SKIN_PPM), j = (int)((hh->y - SKIN_Y0) * SKIN_PPM);
    if (i >= 0 && j >= 0 && i < w && j < h) first[j + 1]++;
  }
  for (int j = 0; j < h; j++) first[j + 1] += first[j];
  for (size_t k = 0; k < d->hair_count; k++) {
    const hair *hh = &d->hairs[k];
    int i = (int)((hh->x - SKIN_X0) * SKIN_PPM), j = (int)((hh->y - SKIN_Y0) * SKIN_PPM);
    if (i >= 0 && j >= 0 && i < w && j < h) order[first[j]++] = k;
  }
  for (int j = h; j > 0; j--) first[j] = first[j - 1];   /* first[j] was advanced to row j's end */
  first[0] = 0;
  int box[MAX_MARKS][4];
  skin_mark marks[MAX_MARKS];
  int nmarks = skin_marks(&d->scn, marks);
  patch_boxes(marks, nmarks, box, ol);
  float hair_lin[256];
  for (int c = 0; c < 256; c++) hair_lin[c] = powf((float)c / 255.0f, 2.2f);
  skin_job job = {.d = d, .lut = lut, .first = first, .order = order, .ol = ol, .marks = marks, .nmarks = nmarks,
                  .box = box, .hair_lin = hair_lin,
                  .ax = ax, .s = (uint32_t)(seed ^ (seed >> 32)), .w = w, .h = h, .bare = bare, .px = px};
  /* Two halves of the rows, the second on a thread of its own when there is a second core. */
  int split = SDL_GetCPUCount() > 1 ? h / 2 : h;
  parts[0] = (skin_part){.job = &job, .j0 = 0, .j1 = split, .row = parts[0].row};
  parts[1] = (skin_part){.job = &job, .j0 = split, .j1 = h, .row = parts[1].row};
  SDL_Thread *th = split < h ? SDL_CreateThread(skin_thread, "stipple-skin", &parts[1]) : NULL;
  skin_rows(&parts[0]);
  if (th) SDL_WaitThread(th, NULL);
  else skin_rows(&parts[1]);
  d->skin_bare = texture_from_pixels(d->r, bare, w, h, SDL_BLENDMODE_BLEND, err);
  d->skin = d->skin_bare ? texture_from_pixels(d->r, px, w, h, SDL_BLENDMODE_BLEND, err) : NULL;
  free(bare); free(px); free(xs); free(first); free(order); free(ol);
  free(parts[0].row); free(parts[1].row);
  for (int k = 0; k < 3; k++) fbm_axis_free(&ax[k]);
  return d->skin && d->skin_bare ? STP_OK : STP_ERR_DISPLAY;
}

/* Each disc sprite's soft edge as a share of its radius: alpha 1 inside radius 1 - e,
 * falling by a smoothstep to 0 at the rim, so alpha is one half at radius 1 - e / 2. */
static const float sprite_edge[SPRITE_LEVELS] = {0.12f, 0.3f, 0.55f, 0.95f};

static stp_status make_sprites(stp_draw *d, uint64_t seed, stp_error *err) {
  int w = SPRITE * SPRITE_CELLS, h = SPRITE;
  Uint32 *px = calloc((size_t)w * (size_t)h, sizeof *px);
  Uint32 *pp = malloc((size_t)PORE_TILE_PX * PORE_TILE_PX * sizeof *pp);
  if (!px || !pp) {
    free(px); free(pp);
    return stp_error_set(err, STP_ERR_NOMEM, NULL, 0, "out of memory for sprites");
  }
  for (int l = 0; l < SPRITE_CELLS; l++) {
    for (int j = 0; j < SPRITE; j++) {
      for (int i = 0; i < SPRITE; i++) {
        float dx = (i + 0.5f) / (SPRITE * 0.5f) - 1, dy = (j + 0.5f) / (SPRITE * 0.5f) - 1;
        float r = sqrtf(dx * dx + dy * dy), a;
        if (l == SPRITE_CRUST) {
          /* A crust: an irregular rim (its radius wandering with the angle) and a mottled,
           * matte body, thinner toward the rim where it lifts and flakes. */
          float th = atan2f(dy, dx);
          float rim = 0.82f + 0.10f * vnoise(cosf(th) * 2.2f + 3.0f, sinf(th) * 2.2f + 3.0f, (uint32_t)seed + 91u);
          float t = (r - (rim - 0.18f)) / 0.18f;
          t = t < 0 ? 0 : t > 1 ? 1 : t;
          float n = 0.6f * vnoise((float)i * 0.5f, (float)j * 0.5f, (uint32_t)seed + 92u) +
                    0.4f * vnoise((float)i * 1.3f, (float)j * 1.3f, (uint32_t)seed + 93u);
          float body = 0.6f + 0.4f * n;
          a = (1 - t * t * (3 - 2 * t)) * body;
        } else if (l == SPRITE_RING) {
          a = 1.0f - fabsf(r - 0.85f) / 0.1f;
        } else {
          float e = sprite_edge[l], t = (r - (1 - e)) / e;
          t = t < 0 ? 0 : t > 1 ? 1 : t;
          a = 1 - t * t * (3 - 2 * t);
        }
        a = a < 0 ? 0 : a > 1 ? 1 : a;
        px[j * w + l * SPRITE + i] = (Uint32)(a * 255.0f + 0.5f) << 24 | 0xffffffu;
      }
    }
  }
  d->sprites = texture_from_pixels(d->r, px, w, h, SDL_BLENDMODE_BLEND, err);
  /* Pore tile: follicle openings and fine grain, multiplied over the skin up close. */
  uint32_t s = (uint32_t)seed + 77u;
  for (int j = 0; j < PORE_TILE_PX; j++)
    for (int i = 0; i < PORE_TILE_PX; i++) {
      /* Tileable fine grain: value noise whose lattice wraps every 16 cells. */
      float fx = (float)i / PORE_TILE_PX * 16, fy = (float)j / PORE_TILE_PX * 16;
      float n = vnoise_wrap(fx, fy, 16, s);
      float v = 0.96f + 0.04f * n;
      pp[j * PORE_TILE_PX + i] = (Uint32)255u << 24 | (Uint32)(v * 255) << 16 | (Uint32)(v * 250) << 8 | (Uint32)(v * 248);
    }
  stp_rng rng;
  stp_rng_seed(&rng, seed + 5);
  int pores = (int)(PORE_TILE_MM * PORE_TILE_MM * 1.0);   /* about one follicle per mm2 */
  for (int p = 0; p < pores; p++) {
    double cx = stp_rng_unit(&rng) * PORE_TILE_PX, cy = stp_rng_unit(&rng) * PORE_TILE_PX;
    double rad = (0.05 + 0.04 * stp_rng_unit(&rng)) * PORE_TILE_PX / PORE_TILE_MM;
    for (int j = (int)(cy - rad - 2); j <= (int)(cy + rad + 2); j++)
      for (int i = (int)(cx - rad - 2); i <= (int)(cx + rad + 2); i++) {
        double dd = hypot(i + 0.5 - cx, j + 0.5 - cy) / rad;
        if (dd >= 1.6) continue;
        float k = (float)(dd < 1 ? 0.82 + 0.1 * dd : 0.92 + 0.08 * (dd - 1) / 0.6);
        int ii = (i % PORE_TILE_PX + PORE_TILE_PX) % PORE_TILE_PX, jj = (j % PORE_TILE_PX + PORE_TILE_PX) % PORE_TILE_PX;
        Uint32 c = pp[jj * PORE_TILE_PX + ii];
        Uint32 r = (Uint32)(((c >> 16) & 255) * k), g = (Uint32)(((c >> 8) & 255) * k), b = (Uint32)((c & 255) * k);
        pp[jj * PORE_TILE_PX + ii] = 255u << 24 | r << 16 | g << 8 | b;
      }
  }
  d->pores = d->sprites ? texture_from_pixels(d->r, pp, PORE_TILE_PX, PORE_TILE_PX, SDL_BLENDMODE_MOD, err) : NULL;
  free(px);
  free(pp);
  return d->sprites && d->pores ? STP_OK : STP_ERR_DISPLAY;
}

/* The direction a long strand falls from (x, y): away from the part line when there is
 * one (sideways, drifting back), else with the natural grain. */
static double strand_angle(const stp_scenario *s, double x, double y) {
  if (!s->has_part) return natural_grain_deg(x, y) * PI / 180.0;
  double px = s->part_x1 - s->part_x0, py = s->part_y1 - s->part_y0, len = hypot(px, py);
  if (len <= 0) return PI / 2;
  double nx = -py / len, ny = px / len;                     /* the part's normal */
  double side = (x - s->part_x0) * nx + (y - s->part_y0) * ny;
  if (side < 0) { nx = -nx; ny = -ny; }
  return atan2(ny + 0.35, nx);                              /* falls outward and a little back */
}

/* Long hair: each follicular unit gives a strand, splatted once into its own texture as
 * coverage along a gently curving path. Drawn over the scalp and the work unless the
 * trainee moves it aside. */
static stp_status make_long_hair(stp_draw *d, uint64_t seed, stp_error *err) {
  bool any = false;
  for (int h = 0; h < d->scn.hair_count; h++) any |= d->scn.hair[h].length_mm > LONG_HAIR_MM;
  if (!any) return STP_OK;
  int w = (int)((SKIN_X1 - SKIN_X0) * SKIN_PPM), hgt = (int)((SKIN_Y1 - SKIN_Y0) * SKIN_PPM);
  float *cov = calloc((size_t)w * (size_t)hgt * 4, sizeof *cov);   /* premultiplied rgb + alpha */
  Uint32 *px = malloc((size_t)w * (size_t)hgt * sizeof *px);
  if (!cov || !px) { free(cov); free(px); return stp_error_set(err, STP_ERR_NOMEM, NULL, 0, "out of memory for long hair"); }
  stp_rng rng;
  stp_rng_seed(&rng, seed ^ 0x10c4a1bULL);
  double spread;   /* within STP_SCN_MAX_LONG_STRANDS over all regions */
  stp_scenario_hair_units(&d->scn, true, &spread);
  for (int h = 0; h < d->scn.hair_count; h++) {
    const stp_hair_region *hr = &d->scn.hair[h];
    if (hr->length_mm <= LONG_HAIR_MM || hr->density_per_cm2 <= 0) continue;
    double x0, y0, x1, y1;
    stp_shape_bounds(&hr->shape, &x0, &y0, &x1, &y1);
    double spacing = sqrt(100.0 / hr->density_per_cm2) * spread;
    double len_max = hr->length_mm < 70 ? hr->length_mm : 70;   /* what lies on the top of the head */
    for (double y = y0; y < y1; y += spacing)
      for (double x = x0; x < x1; x += spacing) {
        double fx = x + stp_rng_range(&rng, 0, spacing), fy = y + stp_rng_range(&rng, 0, spacing);
        if (!stp_shape_contains(&hr->shape, fx, fy) || !stp_chart_contains(fx, fy)) continue;
        d->strand_count++;
        double a = strand_angle(&d->scn, fx, fy) + stp_rng_normal(&rng) * 0.12;
        double curl = stp_rng_normal(&rng) * 0.006, L = len_max * (0.6 + 0.4 * stp_rng_unit(&rng));
        float shade = (float)(0.8 + 0.4 * stp_rng_unit(&rng));
        double cx = fx, cy = fy;
        for (double t = 0; t < L; t += 1.0 / SKIN_PPM) {
          int i = (int)((cx - SKIN_X0) * SKIN_PPM), j = (int)((cy - SKIN_Y0) * SKIN_PPM);
          if (i < 0 || j < 0 || i >= w || j >= hgt || !stp_chart_contains(cx, cy)) break;   /* the head's edge */
          float *o = &cov[((size_t)j * (size_t)w + (size_t)i) * 4];
          float al = 0.22f * (float)(1.0 - 0.5 * t / L);         /* thinner toward the tip */
          for (int c = 0; c < 3; c++) o[c] = o[c] * (1 - al) + hr->rgb[c] * shade * al;
          o[3] = o[3] * (1 - al) + al;
          cx += cos(a) / SKIN_PPM;
          cy += sin(a) / SKIN_PPM;
          a += curl;
        }
      }
  }
  for (size_t k = 0; k < (size_t)w * (size_t)hgt; k++) {
    float al = cov[k * 4 + 3];
    float inv = al > 1e-6f ? 1.0f / al : 0;
    px[k] = argb(al, cov[k * 4] * inv, cov[k * 4 + 1] * inv, cov[k * 4 + 2] * inv);
  }
  d->long_hair = texture_from_pixels(d->r, px, w, hgt, SDL_BLENDMODE_BLEND, err);
  free(cov);
  free(px);
  return d->long_hair ? STP_OK : STP_ERR_DISPLAY;
}

stp_status stp_draw_create(stp_draw **out, SDL_Renderer *r, const stp_scenario *scn, uint64_t seed,
                           stp_error *err) {
  *out = NULL;
  stp_draw *d = calloc(1, sizeof *d);
  if (!d) return stp_error_set(err, STP_ERR_NOMEM, NULL, 0, "out of memory");
  d->r = r;
  d->scn = *scn;
  srgb_lut *lut = malloc(sizeof *lut);   /* linear -> sRGB codes for the stubble and the skin */
  if (!lut) { stp_draw_destroy(d); return stp_error_set(err, STP_ERR_NOMEM, NULL, 0, "out of memory"); }
  srgb_lut_init(lut);
  stp_status st = make_hairs(d, seed, lut, err);
  if (st == STP_OK) st = make_skin(d, seed, lut, err);
  free(lut);
  if (st == STP_OK) st = make_sprites(d, seed, err);
  if (st == STP_OK) st = make_long_hair(d, seed, err);
  if (st != STP_OK) { stp_draw_destroy(d); return st; }
  *out = d;
  return STP_OK;
}

void stp_draw_destroy(stp_draw *d) {
  if (!d) return;
  if (d->skin) SDL_DestroyTexture(d->skin);
  if (d->skin_bare) SDL_DestroyTexture(d->skin_bare);
  if (d->sprites) SDL_DestroyTexture(d->sprites);
  if (d->pores) SDL_DestroyTexture(d->pores);
  if (d->long_hair) SDL_DestroyTexture(d->long_hair);
  if (d->blush_tex) SDL_DestroyTexture(d->blush_tex);
  free(d->blush_T);
  free(d->blush_px);
  for (int l = 0; l < LAYER_LEVELS; l++) {
    layer_level *lv = &d->levels[l];
    for (int i = 0; lv->tiles && i < lv->cols * lv->rows; i++)
      if (lv->tiles[i]) SDL_DestroyTexture(lv->tiles[i]);
    free(lv->tiles);
    free(lv->gen);
  }
  free(d->fields);
  free(d->hairs);
  free(d->verts);
  free(d->idx);
  free(d->looks);
  free(d);
}

size_t stp_draw_last_count(const stp_draw *d) { return d->last_count; }

size_t stp_draw_layer_tiles(const stp_draw *d) { return d->layer_tiles; }

void stp_draw_invalidate(stp_draw *d) { d->synced_work = NULL; }

void stp_draw_set_zones(stp_draw *d, const stp_scenario *scn) {
  d->scn.zone_count = scn->zone_count;
  memcpy(d->scn.zones, scn->zones, sizeof d->scn.zones);
  d->scn.design = scn->design;
  free(d->fields);   /* the grain overlay's fields: made again on first use */
  d->fields = NULL;
  d->synced_work = NULL;   /* a dot's look may depend on its zone's tissue: drawn again */
}

bool stp_draw_pending(const stp_draw *d) { return d->pending; }

bool stp_draw_complete(const stp_draw *d) { return d->complete; }

bool stp_draw_has_long_hair(const stp_draw *d) { return d->long_hair != NULL; }

void stp_draw_hair_counts(const stp_draw *d, size_t *hairs, size_t *strands) {
  if (hairs) *hairs = d->hair_count;
  if (strands) *strands = d->strand_count;
}

void stp_draw_grain_arrows(stp_draw *d, const stp_view *v) {
  if (!d->fields) {
    d->fields = malloc(sizeof *d->fields);
    if (!d->fields) return;
    stp_field_init(d->fields, &d->scn);
  }
  SDL_Rect clip = {(int)v->vx, (int)v->vy, (int)v->vw, (int)v->vh};
  SDL_RenderSetClipRect(d->r, &clip);
  SDL_SetRenderDrawBlendMode(d->r, SDL_BLENDMODE_BLEND);
  const double step = 36.0;   /* px between arrows */
  for (double sy = v->vy + step / 2; sy < v->vy + v->vh; sy += step)
    for (double sx = v->vx + step / 2; sx < v->vx + v->vw; sx += step) {
      double x, y;
      stp_view_to_chart(v, sx, sy, &x, &y);
      stp_targets t = stp_field_targets(d->fields, x, y);
      if (t.zone < 0) continue;
      double a = t.angle_deg * PI / 180.0, len = step * 0.38;
      float ex = (float)(sx + cos(a) * len), ey = (float)(sy + sin(a) * len);
      float bx = (float)(sx - cos(a) * len), by = (float)(sy - sin(a) * len);
      for (int pass = 0; pass < 2; pass++) {   /* a dark halo under a light arrow */
        if (pass == 0) SDL_SetRenderDrawColor(d->r, 10, 10, 10, 150);
        else SDL_SetRenderDrawColor(d->r, 86, 180, 233, 255);
        float o = pass == 0 ? 1.0f : 0.0f;
        SDL_RenderDrawLineF(d->r, bx + o, by + o, ex + o, ey + o);
        for (int side = -1; side <= 1; side += 2) {
          double h = a + PI + side * 0.45;
          SDL_RenderDrawLineF(d->r, ex + o, ey + o, (float)(ex + cos(h) * 7) + o, (float)(ey + sin(h) * 7) + o);
        }
      }
    }
  SDL_RenderSetClipRect(d->r, NULL);
}

/* ---- batched quads --------------------------------------------------------------- */

static bool quad_reserve(stp_draw *d, size_t n) {
  if (d->quads + n <= d->quad_cap) return true;
  size_t nc = d->quad_cap ? d->quad_cap : 4096;
  while (nc < d->quads + n) nc *= 2;
  SDL_Vertex *v = realloc(d->verts, nc * 4 * sizeof *v);
  if (!v) return false;
  d->verts = v;
  int *ix = realloc(d->idx, nc * 6 * sizeof *ix);
  if (!ix) return false;
  d->idx = ix;
  d->quad_cap = nc;
  return true;
}

/* A sprite quad centred at (sx, sy) pixels, half-sizes (hw along the angle, hh across). */
static void quad_push(stp_draw *d, int sprite, float sx, float sy, float hw, float hh, float angle_rad,
                      SDL_Color col) {
  if (!quad_reserve(d, 1)) return;
  float c = cosf(angle_rad), s = sinf(angle_rad);
  float ux = c * hw, uy = s * hw, vx = -s * hh, vy = c * hh;
  float u0 = (float)(sprite * SPRITE) / (float)(SPRITE * SPRITE_CELLS);
  float u1 = (float)((sprite + 1) * SPRITE) / (float)(SPRITE * SPRITE_CELLS);
  SDL_Vertex *v = &d->verts[d->quads * 4];
  v[0] = (SDL_Vertex){{sx - ux - vx, sy - uy - vy}, col, {u0, 0}};
  v[1] = (SDL_Vertex){{sx + ux - vx, sy + uy - vy}, col, {u1, 0}};
  v[2] = (SDL_Vertex){{sx + ux + vx, sy + uy + vy}, col, {u1, 1}};
  v[3] = (SDL_Vertex){{sx - ux + vx, sy - uy + vy}, col, {u0, 1}};
  int b = (int)(d->quads * 4), *ix = &d->idx[d->quads * 6];
  ix[0] = b; ix[1] = b + 1; ix[2] = b + 2; ix[3] = b; ix[4] = b + 2; ix[5] = b + 3;
  d->quads++;
}

static void quad_flush(stp_draw *d) {
  if (d->quads)
    SDL_RenderGeometry(d->r, d->sprites, d->verts, (int)(d->quads * 4), d->idx, (int)(d->quads * 6));
  d->quads = 0;
}

/* Push a dot of diameter diam_px; tiny dots become one pixel with their area as alpha. */
static void dot_push(stp_draw *d, int sprite, float sx, float sy, float len_px, float wid_px,
                     float angle_rad, SDL_Color col) {
  const float min_px = 1.5f;
  if (len_px < min_px || wid_px < min_px) {
    float area = len_px * wid_px, min_area = min_px * min_px;
    if (area < min_area) col.a = (Uint8)(col.a * area / min_area);
    if (len_px < min_px) len_px = min_px;
    if (wid_px < min_px) wid_px = min_px;
    sprite = SPRITE_LEVELS - 1;
  }
  if (col.a == 0) return;
  quad_push(d, sprite, sx, sy, len_px * 0.5f, wid_px * 0.5f, angle_rad, col);
}

/* ---- the scalp ------------------------------------------------------------------- */

/* Copy the visible part of a chart-sized texture (SKIN_PPM px/mm over the skin rectangle):
 * SDL's software renderer scales the whole source rectangle even when the destination is
 * mostly off screen. */
/* Copy the visible part of a chart-sized texture (SKIN_PPM px/mm), within `within` (texture
 * pixels; NULL: the whole texture). */
static void copy_chart_texture_in(stp_draw *d, SDL_Texture *tex, const stp_view *v, const SDL_Rect *within) {
  double x0, y0, x1, y1;
  stp_view_visible(v, &x0, &y0, &x1, &y1);
  int tw = (int)((SKIN_X1 - SKIN_X0) * SKIN_PPM), th = (int)((SKIN_Y1 - SKIN_Y0) * SKIN_PPM);
  int sx0 = (int)floor((x0 - SKIN_X0) * SKIN_PPM) - 1, sy0 = (int)floor((y0 - SKIN_Y0) * SKIN_PPM) - 1;
  int sx1 = (int)ceil((x1 - SKIN_X0) * SKIN_PPM) + 1, sy1 = (int)ceil((y1 - SKIN_Y0) * SKIN_PPM) + 1;
  int lx0 = within ? within->x : 0, ly0 = within ? within->y : 0;
  int lx1 = within ? within->x + within->w : tw, ly1 = within ? within->y + within->h : th;
  if (lx0 < 0) lx0 = 0;
  if (ly0 < 0) ly0 = 0;
  if (lx1 > tw) lx1 = tw;
  if (ly1 > th) ly1 = th;
  if (sx0 < lx0) sx0 = lx0;
  if (sy0 < ly0) sy0 = ly0;
  if (sx1 > lx1) sx1 = lx1;
  if (sy1 > ly1) sy1 = ly1;
  if (sx1 <= sx0 || sy1 <= sy0) return;
  SDL_Rect src = {sx0, sy0, sx1 - sx0, sy1 - sy0};
  double ax, ay, bx, by;
  stp_view_to_screen(v, SKIN_X0 + sx0 / SKIN_PPM, SKIN_Y0 + sy0 / SKIN_PPM, &ax, &ay);
  stp_view_to_screen(v, SKIN_X0 + sx1 / SKIN_PPM, SKIN_Y0 + sy1 / SKIN_PPM, &bx, &by);
  SDL_FRect dst = {(float)ax, (float)ay, (float)(bx - ax), (float)(by - ay)};
  SDL_RenderCopyF(d->r, tex, &src, &dst);
}

static void copy_chart_texture(stp_draw *d, SDL_Texture *tex, const stp_view *v) {
  copy_chart_texture_in(d, tex, v, NULL);
}

static void draw_skin(stp_draw *d, const stp_view *v) {
  double x0, y0, x1, y1;
  stp_view_visible(v, &x0, &y0, &x1, &y1);
  bool near = v->scale >= HAIR_GEOMETRY_SCALE;
  copy_chart_texture(d, near ? d->skin_bare : d->skin, v);
  if (!near) return;
  /* Pores and fine grain, tiled over the visible part of the chart. */
  double t = PORE_TILE_MM;
  for (double ty = floor(y0 / t) * t; ty < y1; ty += t)
    for (double tx = floor(x0 / t) * t; tx < x1; tx += t) {
      if (!stp_chart_contains(tx + t / 2, ty + t / 2)) continue;
      double px0, py0, px1, py1;
      stp_view_to_screen(v, tx, ty, &px0, &py0);
      stp_view_to_screen(v, tx + t, ty + t, &px1, &py1);
      /* Whole-pixel edges shared by neighbours: a multiplied overlap would show as a seam. */
      int ix0 = (int)lround(px0), iy0 = (int)lround(py0), ix1 = (int)lround(px1), iy1 = (int)lround(py1);
      SDL_Rect r = {ix0, iy0, ix1 - ix0, iy1 - iy0};
      SDL_RenderCopy(d->r, d->pores, NULL, &r);
    }
}

static void draw_hairs(stp_draw *d, const stp_view *v) {
  if (v->scale < HAIR_GEOMETRY_SCALE) return;
  double x0, y0, x1, y1;
  stp_view_visible(v, &x0, &y0, &x1, &y1);
  for (size_t k = 0; k < d->hair_count; k++) {
    const hair *h = &d->hairs[k];
    if (h->x < x0 - 2 || h->x > x1 + 2 || h->y < y0 - 2 || h->y > y1 + 2) continue;
    double sx, sy;
    stp_view_to_screen(v, h->x, h->y, &sx, &sy);
    SDL_Color c = {h->rgb[0], h->rgb[1], h->rgb[2], 235};
    /* The visible stubble: a short shaft leaning along the grain from its follicle. */
    float a = h->angle * (float)PI / 180.0f;
    float len = h->len * (float)v->scale, wid = h->width * (float)v->scale;
    dot_push(d, 1, (float)sx + cosf(a) * len * 0.4f, (float)sy + sinf(a) * len * 0.4f, len, wid, a, c);
  }
  quad_flush(d);
}

/* A fresh impression is drawn longer along its grain than across it (the needle enters the
 * skin at an angle): its half-opacity outline is an ellipse DOT_STRETCH times the model's
 * diameter along the grain and exactly the model's diameter across it. */
#define DOT_STRETCH 1.2

/* The quad that draws a dot with the model's look L: its sprite, and its length (along the
 * grain) and width (across), mm.
 *
 * A fresh dot: the model's diameter D is where the dot is at half its opacity, and its soft
 * edge (softness s, at most 0.57 D fresh) is a band that wide centred on that circle: the
 * dot fades from full opacity at radius (D - s) / 2 to nothing at (D + s) / 2, so its whole
 * extent is D + s, the scorer's spread (docs/scoring.md, "Spacing"). As a share of that
 * outer radius the band is e = 2 s / (D + s); the sprite whose edge is nearest is drawn
 * with its half-alpha circle (radius 1 - e_sprite / 2 of the quad's half-width) exactly on
 * the model's diameter across the grain, whatever the sprite's rounding of the band.
 *
 * A healed dot is drawn as before: a quad D + 2 s wide (the soft edge outside the core),
 * 1.12 times that along the grain and 0.92 across. Its soft edge, widened by scattered
 * light, is wider than its core (s > D), so no band centred on the core keeps a full-opacity
 * middle, and the distance look (stp_score_look.c, a disc of radius (D + s) / 2) was matched
 * to this drawing: drawing the model's healed core (half the fresh dot) would make healed
 * work read far lighter than the look scores it. Which is right is the model's and the
 * look's question, not the renderer's. */
static int dot_quad(const stp_dot_look *L, bool healed, double *len_mm, double *wid_mm) {
  double D = L->diameter_mm, s = L->softness_mm;
  if (healed) {
    double full = D + 2 * s, e = full > 0 ? 2 * s / full : 0;
    *len_mm = full * 1.12;
    *wid_mm = full * 0.92;
    return e < 0.2 ? 0 : e < 0.4 ? 1 : e < 0.65 ? 2 : 3;
  }
  double e = D + s > 0 ? 2 * s / (D + s) : 0;
  if (e > sprite_edge[SPRITE_LEVELS - 1]) {
    /* A soft edge wider than the core (a settled dot at its age, its edge widened by
     * scattered light; never a fresh one, whose softness is at most 0.57 D): no band
     * centred on D keeps an opaque middle. The softest sprite over the whole extent D + s,
     * as the scorer spreads it (continuous with the rule above at e = 0.95). */
    *wid_mm = D + s;
    *len_mm = *wid_mm * DOT_STRETCH;
    return SPRITE_LEVELS - 1;
  }
  int sprite = 0;
  for (int l = 1; l < SPRITE_LEVELS; l++)
    if (fabs(sprite_edge[l] - e) < fabs(sprite_edge[sprite] - e)) sprite = l;
  *wid_mm = 2 * D / (2 - sprite_edge[sprite]);
  *len_mm = *wid_mm * DOT_STRETCH;
  return sprite;
}

/* The moment shown, from a moment's numbers (for the staleness check of the layer). */
static bool same_moment(const stp_draw_moment *a, const stp_draw_moment *b) {
  if (a->timed != b->timed) return false;
  return !a->timed || (a->session == b->session && a->days == b->days);
}

/* The rows the drawing sees: the old work beneath (d->under), then w. */
static size_t rows_under(const stp_draw *d) { return d->under ? d->under->count : 0; }
static size_t rows_total(const stp_draw *d, const stp_work *w) { return rows_under(d) + (w ? w->count : 0); }
static const stp_impression *row_at(const stp_draw *d, const stp_work *w, size_t k) {
  size_t u = rows_under(d);
  return k < u ? &d->under->items[k] : &w->items[k - u];
}

int stp_draw_last_session(const stp_work *w) {
  int last = 1;
  for (size_t k = 0; w && k < w->count; k++)
    if (w->items[k].session > last && !(w->items[k].aged_years > 0)) last = w->items[k].session;
  return last;
}

/* How imp is drawn at the moment shown (d->at, or the old looks). */
static void look_of(const stp_draw *d, const stp_impression *imp, dot_draw *o) {
  if (!d->at.timed) {
    o->L = stp_pigment_look(imp, &d->scn, d->healed);
    o->healing = d->healed ? 1 : 0;
    o->old_healed = d->healed;
    o->redness = o->scab = 0;
    o->visible = true;
    return;
  }
  stp_heal_look h;
  stp_heal_look_at(&d->scn, imp, stp_heal_age_days(&d->scn, imp, d->at.session, d->at.days), &h);
  o->L = h.dot;
  o->healing = h.healing;
  o->old_healed = false;
  o->redness = h.redness;
  o->scab = h.scab;
  o->visible = h.visible && h.dot.opacity > 0;
}

/* The quad of a dot. At a moment (timed) every age is drawn by the one rule of a fresh dot:
 * half its opacity at the model's diameter, its whole extent D + s; the old healed view
 * (untimed, healed) keeps its own drawing (dot_quad). */
static int dot_quad_at(const dot_draw *dd, double *len_mm, double *wid_mm) {
  return dot_quad(&dd->L, dd->old_healed, len_mm, wid_mm);
}

/* The blush of reddened skin about a fresh dot: a soft disc this many times the dot's
 * width, at most this alpha (many overlapping blushes make the worked area pink). */
#define BLUSH_SCALE STP_DRAW_BLUSH_SCALE
#define BLUSH_ALPHA STP_DRAW_BLUSH_ALPHA

/* The crust: over the dot, a little wider, its colour the dot's darkened toward dried
 * blood and skin (linear RGB). */
static const float crust_rgb[3] = {0.095f, 0.050f, 0.033f};   /* sRGB about 86, 63, 51 */

/* The half-extent of what is drawn for one impression, mm (for the layer's tiles). */
static double drawn_radius(const dot_draw *dd) {
  double len, wid;
  dot_quad_at(dd, &len, &wid);
  return 0.5 * hypot(len, wid) * 1.06;   /* the crust is a little wider */
}

/* One impression (its dot and its crust) as quads centred at pixel (sx, sy), at scale px
 * per mm. */
static void push_look(stp_draw *d, const stp_impression *imp, const dot_draw *dd, float sx, float sy, double scale) {
  if (!dd->visible) return;
  double len, wid;
  int sprite = dot_quad_at(dd, &len, &wid);
  float ang = (float)(imp->angle_deg * PI / 180.0);
  const stp_dot_look *L = &dd->L;
  SDL_Color c = {stp_draw_srgb8(L->rgb[0]), stp_draw_srgb8(L->rgb[1]), stp_draw_srgb8(L->rgb[2]),
                 (Uint8)(L->opacity * 255.0 + 0.5)};
  dot_push(d, sprite, sx, sy, (float)(len * scale), (float)(wid * scale), ang, c);
  if (dd->scab > 0.02) {
    float k = (float)(0.85 * dd->scab);
    SDL_Color cc = {stp_draw_srgb8(L->rgb[0] * (1 - k) + crust_rgb[0] * k),
                    stp_draw_srgb8(L->rgb[1] * (1 - k) + crust_rgb[1] * k),
                    stp_draw_srgb8(L->rgb[2] * (1 - k) + crust_rgb[2] * k),
                    (Uint8)(fmin(1.0, L->opacity * 1.1) * 0.8 * dd->scab * 255.0 + 0.5)};
    dot_push(d, SPRITE_CRUST, sx, sy, (float)(len * 1.06 * scale), (float)(wid * 1.06 * scale), ang, cc);
  }
}

static bool looks_reserve(stp_draw *d, size_t n) {
  if (n <= d->looks_cap) return true;
  size_t nc = d->looks_cap ? d->looks_cap : 1024;
  while (nc < n) nc *= 2;
  dot_draw *l = realloc(d->looks, nc * sizeof *l);
  if (!l) return false;
  d->looks = l;
  d->looks_cap = nc;
  return true;
}

/* Direct drawing: every visible impression (the old work's, then w's), this frame. */
static void draw_work_direct(stp_draw *d, const stp_view *v, const stp_work *w) {
  double x0, y0, x1, y1;
  stp_view_visible(v, &x0, &y0, &x1, &y1);
  size_t total = rows_total(d, w);
  if (!looks_reserve(d, total)) return;
  for (size_t k = 0; k < total; k++) {
    const stp_impression *imp = row_at(d, w, k);
    dot_draw *dd = &d->looks[k];
    dd->visible = false;
    if (imp->x_mm < x0 - 3 || imp->x_mm > x1 + 3 || imp->y_mm < y0 - 3 || imp->y_mm > y1 + 3) continue;
    look_of(d, imp, dd);
    if (dd->visible) d->last_count++;
  }
  for (size_t k = 0; k < total; k++) {
    if (!d->looks[k].visible) continue;
    const stp_impression *imp = row_at(d, w, k);
    double sx, sy;
    stp_view_to_screen(v, imp->x_mm, imp->y_mm, &sx, &sy);
    push_look(d, imp, &d->looks[k], (float)sx, (float)sy, v->scale);
  }
  quad_flush(d);
}

/* ---- the persistent pigment layer -------------------------------------------------- */

static double tile_mm(int level) { return LAYER_TILE / layer_ppm[level]; }

static bool layer_init(stp_draw *d) {
  for (int l = 0; l < LAYER_LEVELS; l++) {
    layer_level *lv = &d->levels[l];
    lv->cols = (int)ceil((SKIN_X1 - SKIN_X0) / tile_mm(l));
    lv->rows = (int)ceil((SKIN_Y1 - SKIN_Y0) / tile_mm(l));
    lv->tiles = calloc((size_t)lv->cols * (size_t)lv->rows, sizeof *lv->tiles);
    lv->gen = calloc((size_t)lv->cols * (size_t)lv->rows, sizeof *lv->gen);
    if (!lv->tiles || !lv->gen) return false;
  }
  return true;
}

static bool moment_red(const stp_draw *d) { return d->at.timed && d->at.days < d->scn.healing.redness_days; }

/* Start the layer over: every tile is clear from now on. Clearing hundreds of tiles at
 * once (100k dots over the head: some 500 tiles, 128 MB) stalled a frame for tens of ms, so
 * a tile is only marked: it is cleared when next drawn into, and not copied until then. */
static void layer_clear(stp_draw *d) { d->layer_gen++; }

static SDL_Texture *layer_tile(stp_draw *d, int level, int index) {
  layer_level *lv = &d->levels[level];
  SDL_Texture **slot = &lv->tiles[index];
  if (*slot && lv->gen[index] != d->layer_gen) {   /* left from before the layer started over */
    SDL_SetRenderTarget(d->r, *slot);
    SDL_SetRenderDrawColor(d->r, 0, 0, 0, 0);
    SDL_RenderClear(d->r);
    lv->gen[index] = d->layer_gen;
  }
  if (*slot) return *slot;
  SDL_Texture *t = SDL_CreateTexture(d->r, SDL_PIXELFORMAT_ARGB8888, SDL_TEXTUREACCESS_TARGET, LAYER_TILE, LAYER_TILE);
  if (!t) return NULL;
  SDL_SetTextureBlendMode(t, SDL_BLENDMODE_BLEND);
  SDL_SetTextureScaleMode(t, SDL_ScaleModeLinear);
  SDL_SetRenderTarget(d->r, t);
  SDL_SetRenderDrawColor(d->r, 0, 0, 0, 0);
  SDL_RenderClear(d->r);
  *slot = t;
  lv->gen[index] = d->layer_gen;
  d->layer_tiles++;
  d->tiles_this_frame++;
  return t;
}

typedef struct tile_ref { uint32_t tile, imp; } tile_ref;

static int cmp_tile_ref(const void *a, const void *b) {
  const tile_ref *x = a, *y = b;
  if (x->tile != y->tile) return x->tile < y->tile ? -1 : 1;
  return x->imp < y->imp ? -1 : x->imp > y->imp;
}

/* Draw rows [from, to) (of the old work then w) into the tiles of one level, grouped by
 * tile. */
static bool layer_draw_range(stp_draw *d, int level, const stp_work *w, size_t from, size_t to) {
  layer_level *lv = &d->levels[level];
  double ppm = layer_ppm[level], tmm = tile_mm(level);
  if (!looks_reserve(d, to - from)) return false;
  size_t cap = (to - from) * 4, n = 0;
  tile_ref *refs = malloc(cap * sizeof *refs);
  if (!refs) return false;
  for (size_t k = from; k < to; k++) {
    const stp_impression *imp = row_at(d, w, k);
    dot_draw *dd = &d->looks[k - from];
    look_of(d, imp, dd);
    if (!dd->visible) continue;
    double r = drawn_radius(dd) + 2.0 / ppm;   /* the quad's half-diagonal + margin */
    int c0 = (int)floor((imp->x_mm - r - SKIN_X0) / tmm), c1 = (int)floor((imp->x_mm + r - SKIN_X0) / tmm);
    int r0 = (int)floor((imp->y_mm - r - SKIN_Y0) / tmm), r1 = (int)floor((imp->y_mm + r - SKIN_Y0) / tmm);
    for (int row = r0; row <= r1; row++)
      for (int col = c0; col <= c1; col++) {
        if (col < 0 || row < 0 || col >= lv->cols || row >= lv->rows) continue;
        if (n == cap) {
          tile_ref *nr = realloc(refs, 2 * cap * sizeof *refs);
          if (!nr) { free(refs); return false; }
          refs = nr;
          cap *= 2;
        }
        refs[n++] = (tile_ref){(uint32_t)(row * lv->cols + col), (uint32_t)k};
      }
  }
  qsort(refs, n, sizeof *refs, cmp_tile_ref);
  bool ok = true;
  for (size_t i = 0; i < n;) {
    uint32_t tile = refs[i].tile;
    double ox = SKIN_X0 + (double)(tile % (uint32_t)lv->cols) * tmm;
    double oy = SKIN_Y0 + (double)(tile / (uint32_t)lv->cols) * tmm;
    size_t end = i;
    while (end < n && refs[end].tile == tile) end++;
    SDL_Texture *t = layer_tile(d, level, (int)tile);
    if (!t) { ok = false; break; }
    SDL_SetRenderTarget(d->r, t);
    for (size_t j = i; j < end; j++) {
      const stp_impression *imp = row_at(d, w, refs[j].imp);
      push_look(d, imp, &d->looks[refs[j].imp - from], (float)((imp->x_mm - ox) * ppm),
                (float)((imp->y_mm - oy) * ppm), ppm);
    }
    quad_flush(d);
    i = end;
  }
  SDL_SetRenderTarget(d->r, NULL);
  free(refs);
  return ok;
}

/* Start over when w is not the work the layer holds, changed other than by appends, or
 * the moment or the old work beneath changed. */
static void layer_check(stp_draw *d, const stp_work *w) {
  size_t total = rows_total(d, w);
  bool stale = d->synced_work != w || w->revision != d->synced_revision || d->healed != d->synced_healed ||
               !same_moment(&d->at, &d->synced_at) || d->under != d->synced_under ||
               rows_under(d) != d->synced_under_count;
  for (int l = 0; l < LAYER_LEVELS && !stale; l++) stale = total < d->levels[l].synced;
  if (!stale) return;
  layer_clear(d);
  for (int l = 0; l < LAYER_LEVELS; l++) d->levels[l].synced = 0;
  d->synced_work = w;
  d->synced_revision = w->revision;
  d->synced_healed = d->healed;
  d->synced_at = d->at;
  d->synced_under = d->under;
  d->synced_under_count = rows_under(d);
}

/* Draw up to *budget more impressions of w into one level. */
static void layer_sync_level(stp_draw *d, int level, const stp_work *w, size_t *budget) {
  layer_level *lv = &d->levels[level];
  size_t total = rows_total(d, w);
  /* In chunks, so that a sparse work (a new tile for every few dots) stops when the
   * frame's tile budget is spent rather than after hundreds of tiles. */
  size_t chunk = 4;   /* small while new tiles appear, doubling while none do */
  while (lv->synced < total && *budget > 0 && d->tiles_this_frame < LAYER_TILE_BUDGET &&
         (double)(SDL_GetPerformanceCounter() - d->frame_t0) * 1000.0 / (double)SDL_GetPerformanceFrequency() <
             LAYER_FRAME_MS) {
    size_t n = total - lv->synced;
    if (n > *budget) n = *budget;
    if (n > chunk) n = chunk;
    int before = d->tiles_this_frame;
    if (!layer_draw_range(d, level, w, lv->synced, lv->synced + n)) { d->layer_failed = true; return; }
    *budget -= n;
    lv->synced += n;
    chunk = d->tiles_this_frame > before ? 4 : (chunk < LAYER_CHUNK ? chunk * 2 : LAYER_CHUNK);
  }
}

static int level_for(double scale) {
  for (int l = 0; l < LAYER_LEVELS; l++)
    if (layer_ppm[l] >= scale * 0.99) return l;
  return LAYER_LEVELS - 1;
}

/* Bring the level this zoom needs up to date, within the frame's budget; the levels
 * either side come next, so zooming finds them ready. Returns the level to show, or -1
 * if none holds the whole work yet (draw directly this frame). */
static int layer_sync(stp_draw *d, const stp_work *w, double scale) {
  if (d->layer_failed) return -1;
  if (!d->levels[0].tiles && !layer_init(d)) { d->layer_failed = true; return -1; }
  layer_check(d, w);
  size_t total = rows_total(d, w);
  int want = level_for(scale);
  size_t budget = LAYER_BUDGET;
  d->tiles_this_frame = 0;
  d->frame_t0 = SDL_GetPerformanceCounter();
  layer_sync_level(d, want, w, &budget);
  for (int step = 1; step < LAYER_LEVELS && budget > 0 && !d->layer_failed; step++) {
    if (want - step >= 0) layer_sync_level(d, want - step, w, &budget);
    if (want + step < LAYER_LEVELS) layer_sync_level(d, want + step, w, &budget);
  }
  d->pending = false;
  for (int l = 0; l < LAYER_LEVELS; l++) d->pending |= d->levels[l].synced < total;
  if (d->layer_failed) return -1;
  if (d->levels[want].synced == total) return want;
  for (int l = want - 1; l >= 0; l--)        /* a coarser complete level, slightly soft */
    if (d->levels[l].synced == total) return l;
  return want;                               /* the wanted level, filling in over a few frames */
}

/* Clear one tile and redraw every impression (of rows [0, upto)) that reaches into it. */
static void layer_redraw_tile(stp_draw *d, int level, int col, int row, const stp_work *w, size_t upto) {
  layer_level *lv = &d->levels[level];
  SDL_Texture *t = lv->tiles[row * lv->cols + col];
  if (!t || lv->gen[row * lv->cols + col] != d->layer_gen) return;   /* none, or clear */
  double ppm = layer_ppm[level], tmm = tile_mm(level);
  double ox = SKIN_X0 + col * tmm, oy = SKIN_Y0 + row * tmm;
  double margin = 6.0 + 2.0 / ppm;   /* larger than any dot's (or blush's) half-extent */
  size_t m = 0;
  if (!looks_reserve(d, upto)) return;
  for (size_t k = 0; k < upto; k++) {
    const stp_impression *imp = row_at(d, w, k);
    d->looks[k].visible = false;
    if (imp->x_mm < ox - margin || imp->x_mm > ox + tmm + margin || imp->y_mm < oy - margin ||
        imp->y_mm > oy + tmm + margin)
      continue;
    look_of(d, imp, &d->looks[k]);
    m++;
  }
  SDL_SetRenderTarget(d->r, t);
  SDL_SetRenderDrawColor(d->r, 0, 0, 0, 0);
  SDL_RenderClear(d->r);
  for (size_t k = 0; k < upto && m > 0; k++) {
    if (!d->looks[k].visible) continue;
    const stp_impression *imp = row_at(d, w, k);
    push_look(d, imp, &d->looks[k], (float)((imp->x_mm - ox) * ppm), (float)((imp->y_mm - oy) * ppm), ppm);
  }
  quad_flush(d);
}

void stp_draw_undone(stp_draw *d, const stp_work *w, const stp_impression *removed) {
  if (d->synced_work != w || d->layer_failed || !d->levels[0].tiles) return;
  if (w->revision != d->synced_revision + 1) { d->synced_work = NULL; return; }   /* not one pop */
  d->synced_revision = w->revision;
  /* The moment and the old work the layer was drawn with. */
  d->healed = d->synced_healed;
  d->at = d->synced_at;
  d->under = d->synced_under;
  size_t total = rows_total(d, w);
  for (int l = 0; l < LAYER_LEVELS; l++) {
    layer_level *lv = &d->levels[l];
    if (lv->synced <= total) continue;    /* the removed row was not drawn here yet */
    lv->synced = total;
    double tmm = tile_mm(l), r = 6.0;
    int c0 = (int)floor((removed->x_mm - r - SKIN_X0) / tmm), c1 = (int)floor((removed->x_mm + r - SKIN_X0) / tmm);
    int r0 = (int)floor((removed->y_mm - r - SKIN_Y0) / tmm), r1 = (int)floor((removed->y_mm + r - SKIN_Y0) / tmm);
    for (int row = r0 < 0 ? 0 : r0; row <= r1 && row < lv->rows; row++)
      for (int col = c0 < 0 ? 0 : c0; col <= c1 && col < lv->cols; col++)
        layer_redraw_tile(d, l, col, row, w, total);
  }
  SDL_SetRenderTarget(d->r, NULL);
}

/* Copy the visible tiles of one level. */
static void draw_layer(stp_draw *d, const stp_view *v, int level) {
  layer_level *lv = &d->levels[level];
  double tmm = tile_mm(level), x0, y0, x1, y1;
  stp_view_visible(v, &x0, &y0, &x1, &y1);
  int c0 = (int)floor((x0 - SKIN_X0) / tmm), c1 = (int)floor((x1 - SKIN_X0) / tmm);
  int r0 = (int)floor((y0 - SKIN_Y0) / tmm), r1 = (int)floor((y1 - SKIN_Y0) / tmm);
  for (int row = r0 < 0 ? 0 : r0; row <= r1 && row < lv->rows; row++)
    for (int col = c0 < 0 ? 0 : c0; col <= c1 && col < lv->cols; col++) {
      SDL_Texture *t = lv->tiles[row * lv->cols + col];
      if (!t || lv->gen[row * lv->cols + col] != d->layer_gen) continue;   /* none, or clear */
      double ax, ay, bx, by;
      stp_view_to_screen(v, SKIN_X0 + col * tmm, SKIN_Y0 + row * tmm, &ax, &ay);
      stp_view_to_screen(v, SKIN_X0 + (col + 1) * tmm, SKIN_Y0 + (row + 1) * tmm, &bx, &by);
      /* Whole-pixel edges shared with the neighbouring tiles: the software renderer
       * truncates float rectangles, which left a one-pixel gap through dots. */
      int ix0 = (int)lround(ax), iy0 = (int)lround(ay), ix1 = (int)lround(bx), iy1 = (int)lround(by);
      SDL_Rect dst = {ix0, iy0, ix1 - ix0, iy1 - iy0};
      SDL_RenderCopy(d->r, t, NULL, &dst);
    }
}

/* ---- the blush of reddened skin ---------------------------------------------------- */

/* The softest sprite's alpha at u (0 centre .. 1 rim): the blush's profile. */
static double blush_profile(double u) {
  const double e = 0.95;
  double t = (u - (1 - e)) / e;
  t = t < 0 ? 0 : t > 1 ? 1 : t;
  return 1 - t * t * (3 - 2 * t);
}

/* What the rule gives one pixel: u = hypot(dx, dy) / rp, skipped at 1 and over (-1). */
static float blush_factor_exact(double dx, double dy, double rp, double a0) {
  double u = hypot(dx, dy) / rp;
  return u >= 1 ? -1.0f : (float)(1.0 - a0 * blush_profile(u));
}

/* The same pixels as the rule (stp_draw.h) without a hypot a pixel, which was most of a
 * browser's first frame with a 100k work (docs/performance.md):
 * - rows and columns wholly outside the disc (by over 1e-4 px: far beyond any rounding) are
 *   not visited; the rule skips them too (u >= 1);
 * - elsewhere u is estimated as sqrt(dx*dx + dy*dy) / rp. That and the rule's hypot (glibc's
 *   and musl's within 1 ulp) are both within a few ulps of the true distance, so u differs
 *   from the rule's by well under 1e-14, and after blush_profile (slope under 1.6) and a0
 *   (under 1) the double 1 - a0 * profile by under 1e-14. Where everything within M = 1e-12 of
 *   the estimate rounds to the same float (rounding is monotonic), the rule's value rounds to
 *   it too: that float is used. Otherwise (a float's rounding boundary within M: rare), and
 *   wherever u is within M of the rim, the rule itself is computed.
 * tests/unit/test_blush.c compares it with the rule, bit for bit. */
void stp_draw_blush_splat(float *T, int bw, double cx, double cy, double rp, double a0, int x0, int y0, int x1,
                          int y1) {
  const double M = 1e-12, margin = 1e-4;
  /* The estimate multiplies by reciprocals where blush_profile and the rule divide: a few
   * ulps more, inside the same bound. */
  const double rp2 = rp * rp, irp = 1.0 / rp, ie = 1.0 / 0.95;
  for (int y = y0; y < y1; y++) {
    double dy = y - cy, dy2 = dy * dy;
    if (fabs(dy) > rp + margin) continue;
    double half = rp2 > dy2 ? sqrt(rp2 - dy2) : 0.0;
    double fa = ceil(cx - half - margin), fb = floor(cx + half + margin) + 1;
    int xa = fa > x0 ? (int)fa : x0, xb = fb < x1 ? (int)fb : x1;
    float *row = T + (size_t)y * (size_t)bw;
    for (int x = xa; x < xb; x++) {
      double dx = x - cx;
      double u = sqrt(dx * dx + dy2) * irp;
      if (u >= 1 + M) continue;
      float f = -1.0f;
      if (u <= 1 - M) {
        double t = (u - (1 - 0.95)) * ie;   /* blush_profile's */
        t = t < 0 ? 0 : t > 1 ? 1 : t;
        double v = 1.0 - a0 * (1 - t * t * (3 - 2 * t));
        float lo = (float)(v - M), hi = (float)(v + M);
        if (lo == hi) f = lo;
      }
      if (f < 0) f = blush_factor_exact(dx, dy, rp, a0);
      if (f < 0) continue;
      row[x] *= f;
    }
  }
}

static void blush_dirty(stp_draw *d, int x0, int y0, int x1, int y1) {
  if (d->dx1 <= d->dx0) { d->dx0 = x0; d->dy0 = y0; d->dx1 = x1; d->dy1 = y1; return; }
  if (x0 < d->dx0) d->dx0 = x0;
  if (y0 < d->dy0) d->dy0 = y0;
  if (x1 > d->dx1) d->dx1 = x1;
  if (y1 > d->dy1) d->dy1 = y1;
}

/* Bring the blush map up to date with w at the moment shown and upload what changed.
 * False when there is none (or no memory for it). */
static bool blush_sync(stp_draw *d, const stp_work *w) {
  int bw = (int)((SKIN_X1 - SKIN_X0) * SKIN_PPM), bh = (int)((SKIN_Y1 - SKIN_Y0) * SKIN_PPM);
  /* Made when there is a first dot to blush (not in the first frame of an empty work). */
  if (!d->blush_T && rows_total(d, w) == 0) return false;
  if (!d->blush_T) {
    d->blush_T = malloc((size_t)bw * (size_t)bh * sizeof *d->blush_T);
    d->blush_px = malloc((size_t)bw * (size_t)bh * sizeof *d->blush_px);
    d->blush_tex = SDL_CreateTexture(d->r, SDL_PIXELFORMAT_ARGB8888, SDL_TEXTUREACCESS_STATIC, bw, bh);
    if (!d->blush_T || !d->blush_px || !d->blush_tex) {
      free(d->blush_T); free(d->blush_px);
      if (d->blush_tex) SDL_DestroyTexture(d->blush_tex);
      d->blush_T = NULL; d->blush_px = NULL; d->blush_tex = NULL;
      return false;
    }
    d->blush_w = bw; d->blush_h = bh;
    for (size_t i = 0; i < (size_t)bw * (size_t)bh; i++) d->blush_T[i] = 1.0f;
    SDL_SetTextureBlendMode(d->blush_tex, SDL_BLENDMODE_BLEND);
    SDL_SetTextureScaleMode(d->blush_tex, SDL_ScaleModeLinear);
    d->blush_work = NULL;
    /* Not uploaded clear as a whole: only the touched rectangle is ever copied, and what is
     * uploaded reaches a pixel past it (clear), so its filtered edge reads nothing undefined. */
    d->dx0 = d->dy0 = d->dx1 = d->dy1 = 0;
  }
  size_t total = rows_total(d, w);
  bool stale = d->blush_work != w || w->revision != d->blush_revision || !same_moment(&d->at, &d->blush_at) ||
               d->under != d->blush_under || rows_under(d) != d->blush_under_count || total < d->blush_synced;
  if (stale) {   /* clear what was drawn */
    for (int y = d->by0; y < d->by1; y++)
      for (int x = d->bx0; x < d->bx1; x++) d->blush_T[(size_t)y * (size_t)bw + (size_t)x] = 1.0f;
    if (d->bx1 > d->bx0) blush_dirty(d, d->bx0, d->by0, d->bx1, d->by1);
    d->bx0 = d->by0 = d->bx1 = d->by1 = 0;
    d->blush_synced = 0;
    d->blush_work = w;
    d->blush_revision = w->revision;
    d->blush_at = d->at;
    d->blush_under = d->under;
    d->blush_under_count = rows_under(d);
  }
  for (size_t k = d->blush_synced; k < total; k++) {
    const stp_impression *imp = row_at(d, w, k);
    dot_draw dd;
    look_of(d, imp, &dd);
    if (!dd.visible || dd.redness <= 0.004) continue;
    double len, wid;
    dot_quad_at(&dd, &len, &wid);
    double R = 0.5 * BLUSH_SCALE * fmax(wid, STP_DRAW_BLUSH_MIN_MM), a0 = BLUSH_ALPHA * dd.redness;
    /* Pixel centres (x + 0.5) / SKIN_PPM from the map's corner. */
    double cx = (imp->x_mm - SKIN_X0) * SKIN_PPM - 0.5, cy = (imp->y_mm - SKIN_Y0) * SKIN_PPM - 0.5, rp = R * SKIN_PPM;
    int x0 = (int)floor(cx - rp), x1 = (int)ceil(cx + rp) + 1, y0 = (int)floor(cy - rp), y1 = (int)ceil(cy + rp) + 1;
    if (x0 < 0) x0 = 0;
    if (y0 < 0) y0 = 0;
    if (x1 > bw) x1 = bw;
    if (y1 > bh) y1 = bh;
    if (x1 <= x0 || y1 <= y0) continue;
    stp_draw_blush_splat(d->blush_T, bw, cx, cy, rp, a0, x0, y0, x1, y1);
    if (d->bx1 <= d->bx0) { d->bx0 = x0; d->by0 = y0; d->bx1 = x1; d->by1 = y1; }
    else {
      if (x0 < d->bx0) d->bx0 = x0;
      if (y0 < d->by0) d->by0 = y0;
      if (x1 > d->bx1) d->bx1 = x1;
      if (y1 > d->by1) d->by1 = y1;
    }
    blush_dirty(d, x0, y0, x1, y1);
  }
  d->blush_synced = total;
  if (d->dx1 > d->dx0) {
    int ux0 = d->dx0 > 0 ? d->dx0 - 1 : 0, uy0 = d->dy0 > 0 ? d->dy0 - 1 : 0;
    int ux1 = d->dx1 < bw ? d->dx1 + 1 : bw, uy1 = d->dy1 < bh ? d->dy1 + 1 : bh;
    SDL_Rect rc = {ux0, uy0, ux1 - ux0, uy1 - uy0};
    for (int y = 0; y < rc.h; y++)
      for (int x = 0; x < rc.w; x++) {
        float T = d->blush_T[(size_t)(rc.y + y) * (size_t)bw + (size_t)(rc.x + x)];
        Uint32 A = (Uint32)((1.0f - T) * 255.0f + 0.5f);
        d->blush_px[(size_t)y * (size_t)rc.w + (size_t)x] =
            A << 24 | (Uint32)STP_DRAW_BLUSH_R << 16 | (Uint32)STP_DRAW_BLUSH_G << 8 | (Uint32)STP_DRAW_BLUSH_B;
      }
    SDL_UpdateTexture(d->blush_tex, &rc, d->blush_px, rc.w * 4);
    d->dx0 = d->dy0 = d->dx1 = d->dy1 = 0;
  }
  return d->bx1 > d->bx0;
}

static void draw_work(stp_draw *d, const stp_view *v, const stp_work *w, const stp_draw_opts *o,
                      int level) {
  d->last_count = 0;
  if (moment_red(d) && blush_sync(d, w)) {   /* beneath the dots: the part ever touched */
    SDL_Rect touched = {d->bx0, d->by0, d->bx1 - d->bx0, d->by1 - d->by0};
    copy_chart_texture_in(d, d->blush_tex, v, &touched);
  }
  if (level >= 0) {
    draw_layer(d, v, level);
    d->last_count = rows_total(d, w);
  } else {
    draw_work_direct(d, v, w);
  }
  if (o && o->highlight && w) {
    for (size_t k = 0; k < w->count; k++) {
      if (!o->highlight[k]) continue;
      const stp_impression *imp = &w->items[k];
      double sx, sy;
      stp_view_to_screen(v, imp->x_mm, imp->y_mm, &sx, &sy);
      float px = (float)(stp_pigment_look(imp, &d->scn, d->healed).diameter_mm * v->scale * 2.2);
      if (px < 9) px = 9;
      quad_push(d, SPRITE_RING, (float)sx, (float)sy, px * 0.5f, px * 0.5f, 0, (SDL_Color){230, 159, 0, 255});
    }
    quad_flush(d);
  }
}

static void draw_outline(SDL_Renderer *r, const stp_view *v, const stp_shape *s, SDL_Color col) {
  stp_point pts[STP_SHAPE_MAX_POINTS];
  int n = stp_shape_outline(s, pts, STP_SHAPE_MAX_POINTS);
  if (n < 2) return;
  SDL_FPoint sp[STP_SHAPE_MAX_POINTS + 1];
  for (int i = 0; i < n; i++) {
    double x, y;
    stp_view_to_screen(v, pts[i].x, pts[i].y, &x, &y);
    sp[i] = (SDL_FPoint){(float)x, (float)y};
  }
  /* A dark halo under a bright line reads on every skin tone; each ring (a part or a hole
   * of a shape from shape algebra) is its own closed line. */
  for (int k = 0, rc = stp_shape_ring_count(s); k < rc; k++) {
    int a, c;
    stp_shape_ring_span(s, k, &a, &c);
    if (rc == 1) { a = 0; c = n; }
    if (c < 2 || a + c > n) continue;
    for (int pass = 0; pass < 2; pass++) {
      SDL_Color cl = pass == 0 ? (SDL_Color){20, 20, 20, 140} : col;
      SDL_SetRenderDrawColor(r, cl.r, cl.g, cl.b, cl.a);
      for (int o = -1; o <= 1; o++) {
        if (pass == 1 && o != 0) continue;
        SDL_FPoint shifted[STP_SHAPE_MAX_POINTS + 1];
        for (int i = 0; i <= c; i++) {
          const SDL_FPoint *q = &sp[a + (i < c ? i : 0)];
          shifted[i] = (SDL_FPoint){q->x + (float)o, q->y + (float)(pass == 0 ? 1 : 0)};
        }
        SDL_RenderDrawLinesF(r, shifted, c + 1);
      }
    }
  }
}

/* How many rows lie in the view (counting stops past `stop`). */
static size_t visible_rows(const stp_draw *d, const stp_view *v, const stp_work *w, size_t stop) {
  double x0, y0, x1, y1;
  stp_view_visible(v, &x0, &y0, &x1, &y1);
  size_t n = 0, total = rows_total(d, w);
  for (size_t k = 0; k < total && n < stop; k++) {
    const stp_impression *imp = row_at(d, w, k);
    n += imp->x_mm >= x0 - 3 && imp->x_mm <= x1 + 3 && imp->y_mm >= y0 - 3 && imp->y_mm <= y1 + 3;
  }
  return n;
}

void stp_draw_scalp(stp_draw *d, const stp_view *v, const stp_work *w, const stp_draw_opts *o) {
  d->healed = o && o->healed;
  d->at = o ? o->at : (stp_draw_moment){0};
  if (!d->at.timed) d->at = (stp_draw_moment){0};
  d->under = o && o->under && o->under->count ? o->under : NULL;
  /* The layer draws into render targets: before the clip rect is set. */
  int level = -1;
  d->pending = false;
  if (w && o && o->layered && v->scale <= LAYER_MAX_PPM) level = layer_sync(d, w, v->scale);
  if (level >= 0 && d->levels[level].synced < rows_total(d, w) &&
      visible_rows(d, v, w, LAYER_DIRECT_MAX + 1) <= LAYER_DIRECT_MAX)
    level = -1;   /* few in the view: draw them while the level fills in */
  d->complete = level < 0 || d->levels[level].synced == rows_total(d, w);
  SDL_Rect clip = {(int)v->vx, (int)v->vy, (int)v->vw, (int)v->vh};
  SDL_RenderSetClipRect(d->r, &clip);
  /* Opaque: the same pixels without blending, which SDL's software renderer does per pixel. */
  SDL_SetRenderDrawBlendMode(d->r, SDL_BLENDMODE_NONE);
  SDL_SetRenderDrawColor(d->r, 28, 31, 38, 255);
  SDL_RenderFillRect(d->r, &clip);
  SDL_SetRenderDrawBlendMode(d->r, SDL_BLENDMODE_BLEND);
  draw_skin(d, v);
  draw_hairs(d, v);
  if (w || d->under) {
    stp_work none;
    if (!w) { stp_work_init(&none); w = &none; level = -1; }
    draw_work(d, v, w, o, level);
  }
  if (d->long_hair && !(o && o->hair_aside)) copy_chart_texture(d, d->long_hair, v);
  if (o && o->zones)
    for (int i = 0; i < d->scn.zone_count; i++)
      draw_outline(d->r, v, &d->scn.zones[i].shape, (SDL_Color){255, 196, 61, 230});
  SDL_RenderSetClipRect(d->r, NULL);
}

void stp_draw_marks(stp_draw *d, const stp_view *v, const stp_work *w, int from, SDL_Color c) {
  if (!w || !w->count) return;
  double x0, y0, x1, y1;
  stp_view_visible(v, &x0, &y0, &x1, &y1);
  enum { BATCH = 1024 };
  SDL_FRect dark[BATCH], lit[BATCH];
  int n = 0;
  /* A light square in a dark ring: it reads on the palest and the darkest skin. */
  float sz = v->scale * 0.5 > 2 ? (float)(v->scale * 0.5) : 2.0f, ring = sz + 2;
  SDL_SetRenderDrawBlendMode(d->r, SDL_BLENDMODE_BLEND);
  SDL_Rect clip = {(int)v->vx, (int)v->vy, (int)v->vw, (int)v->vh};
  SDL_RenderSetClipRect(d->r, &clip);
  /* One mark per cell of a ring's width: a dot closer than that to one already marked would
   * only stack another ring on it (the marks show where the work is, not how dense: the
   * layer and the overlays do that). A sparse work keeps every mark; 100k impressions at the
   * whole head draw some 4k (a browser frame went from 32 to 16 ms: docs/performance.md). */
  float cell = ring;
  int gw = (int)(v->vw / cell) + 2, gh = (int)(v->vh / cell) + 2;
  uint8_t *seen = gw > 0 && gh > 0 ? calloc(((size_t)gw * (size_t)gh + 7) / 8, 1) : NULL;
  for (size_t i = 0; i <= w->count; i++) {
    if (n == BATCH || (i == w->count && n)) {
      SDL_SetRenderDrawColor(d->r, 16, 18, 22, (Uint8)(c.a * 3 / 4));
      SDL_RenderFillRectsF(d->r, dark, n);
      SDL_SetRenderDrawColor(d->r, c.r, c.g, c.b, c.a);
      SDL_RenderFillRectsF(d->r, lit, n);
      n = 0;
    }
    if (i == w->count) break;
    const stp_impression *m = &w->items[i];
    if (m->session < from || m->x_mm < x0 || m->x_mm > x1 || m->y_mm < y0 || m->y_mm > y1) continue;
    double sx, sy;
    stp_view_to_screen(v, m->x_mm, m->y_mm, &sx, &sy);
    if (seen) {
      int cx = (int)floor((sx - v->vx) / cell) + 1, cy = (int)floor((sy - v->vy) / cell) + 1;
      if (cx >= 0 && cy >= 0 && cx < gw && cy < gh) {
        size_t k = (size_t)cy * (size_t)gw + (size_t)cx;
        if (seen[k / 8] & (1u << (k % 8))) continue;
        seen[k / 8] |= (uint8_t)(1u << (k % 8));
      }
    }
    dark[n] = (SDL_FRect){(float)sx - ring / 2, (float)sy - ring / 2, ring, ring};
    lit[n++] = (SDL_FRect){(float)sx - sz / 2, (float)sy - sz / 2, sz, sz};
  }
  free(seen);
  SDL_RenderSetClipRect(d->r, NULL);
}

void stp_draw_cursor(stp_draw *d, const stp_view *v, const stp_impression *p) {
  stp_dot_look L = stp_pigment_look(p, &d->scn, false);
  double sx, sy;
  stp_view_to_screen(v, p->x_mm, p->y_mm, &sx, &sy);
  double rad = 0.5 * (L.diameter_mm + 2 * L.softness_mm) * v->scale;
  if (rad < 5) rad = 5;
  SDL_FPoint pts[33];
  for (int i = 0; i <= 32; i++) {
    double t = 2 * PI * i / 32;
    pts[i] = (SDL_FPoint){(float)(sx + rad * cos(t)), (float)(sy + rad * sin(t))};
  }
  SDL_SetRenderDrawBlendMode(d->r, SDL_BLENDMODE_BLEND);
  SDL_SetRenderDrawColor(d->r, 255, 255, 255, 200);
  SDL_RenderDrawLinesF(d->r, pts, 33);
  double a = p->angle_deg * PI / 180.0;
  SDL_SetRenderDrawColor(d->r, 86, 180, 233, 230);
  SDL_RenderDrawLineF(d->r, (float)(sx + rad * cos(a)), (float)(sy + rad * sin(a)),
                      (float)(sx + (rad + 10) * cos(a)), (float)(sy + (rad + 10) * sin(a)));
}
