/* test_font.c - stp_font: UTF-8 decoding, loading, measuring, drawing and
 * wrapping, on an SDL software renderer (no window). Needs DejaVu Sans
 * (fonts-dejavu-core). Every run also writes a sample sheet for a visual check
 * (to $STP_FONT_SAMPLE, or test_font_sample.png in the working directory) and reads
 * it back. */
#define _POSIX_C_SOURCE 200809L   /* mkstemp, fdopen, setenv */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "stp_test.h"

#include <SDL.h>
#include <SDL_image.h>

#include "stp_font.h"

#define REGULAR "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
#define BOLD "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"

/* ---- helpers ---------------------------------------------------------- */

/* Decode exactly len bytes from a heap copy without a terminator, so ASan
 * catches any read past the end. Returns the number of code points. */
static int decode_all(const char *bytes, size_t len, unsigned *out, int max) {
  char *buf = malloc(len ? len : 1);
  assert_non_null(buf);
  memcpy(buf, bytes, len);
  size_t pos = 0;
  unsigned cp;
  int n = 0;
  while (stp_utf8_decode(buf, len, &pos, &cp)) {
    assert_true(pos <= len);
    assert_true(n < max);
    out[n++] = cp;
  }
  assert_int_equal(pos, len);
  free(buf);
  return n;
}

#define CHECK_DECODE(lit, ...)                                                   \
  do {                                                                           \
    const unsigned want_[] = {__VA_ARGS__};                                      \
    unsigned got_[64];                                                           \
    int n_ = decode_all(lit, sizeof(lit) - 1, got_, 64);                         \
    assert_int_equal(n_, (int)(sizeof want_ / sizeof want_[0]));                 \
    for (int i_ = 0; i_ < n_; i_++) assert_int_equal(got_[i_], want_[i_]);      \
  } while (0)

typedef struct canvas {
  SDL_Surface *s;
  SDL_Renderer *r;
} canvas;

static canvas canvas_new(int w, int h, Uint8 r, Uint8 g, Uint8 b) {
  canvas c;
  c.s = SDL_CreateRGBSurfaceWithFormat(0, w, h, 32, SDL_PIXELFORMAT_ARGB8888);
  assert_non_null(c.s);
  c.r = SDL_CreateSoftwareRenderer(c.s);
  assert_non_null(c.r);
  SDL_SetRenderDrawColor(c.r, r, g, b, 255);
  SDL_RenderClear(c.r);
  SDL_RenderFlush(c.r);
  return c;
}

static void canvas_free(canvas *c, stp_font *f) {
  if (f) stp_font_forget_renderer(f, c->r);
  SDL_DestroyRenderer(c->r);
  SDL_FreeSurface(c->s);
}

static Uint32 pixel(const canvas *c, int x, int y) {
  const Uint8 *row = (const Uint8 *)c->s->pixels + (size_t)y * (size_t)c->s->pitch;
  return ((const Uint32 *)row)[x];
}

/* Pixels differing from bg inside [x0,x1)x[y0,y1) (clipped). */
static int count_changed(const canvas *c, Uint32 bg, int x0, int y0, int x1, int y1) {
  if (x0 < 0) x0 = 0;
  if (y0 < 0) y0 = 0;
  if (x1 > c->s->w) x1 = c->s->w;
  if (y1 > c->s->h) y1 = c->s->h;
  int n = 0;
  for (int y = y0; y < y1; y++)
    for (int x = x0; x < x1; x++) n += pixel(c, x, y) != bg;
  return n;
}

static int count_all_changed(const canvas *c, Uint32 bg) {
  return count_changed(c, bg, 0, 0, c->s->w, c->s->h);
}

static stp_font *open_regular(void) {
  stp_font *f = NULL;
  stp_error err;
  stp_error_clear(&err);
  stp_status st = stp_font_open(&f, REGULAR, &err);
  if (st != STP_OK) fprintf(stderr, "open: %s\n", err.msg);
  assert_int_equal(st, STP_OK);
  assert_non_null(f);
  return f;
}

static const SDL_Color BLACK = {0, 0, 0, 255};
static const SDL_Color WHITE = {255, 255, 255, 255};

/* ---- UTF-8 ------------------------------------------------------------ */

static void test_utf8_valid(void **state) {
  (void)state;
  CHECK_DECODE("a", 'a');
  CHECK_DECODE("a\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80z", 'a', 0xE9, 0x20AC, 0x1F600, 'z');
  CHECK_DECODE("cm\xC2\xB2 \xC2\xB1 \xE2\x80\x94 70\xC2\xB0", 'c', 'm', 0xB2, ' ', 0xB1, ' ',
               0x2014, ' ', '7', '0', 0xB0);
  CHECK_DECODE("\xC2\x80\xDF\xBF\xE0\xA0\x80\xEF\xBF\xBF", 0x80, 0x7FF, 0x800, 0xFFFF);
  CHECK_DECODE("\xF0\x90\x80\x80\xF4\x8F\xBF\xBF", 0x10000, 0x10FFFF);
  CHECK_DECODE("\xED\x9F\xBF\xEE\x80\x80", 0xD7FF, 0xE000);   /* around the surrogates */

  /* End conditions: 0 at the end, NULL-safe, pos never moves past len. */
  size_t pos = 0;
  unsigned cp = 123;
  assert_int_equal(stp_utf8_decode("", 0, &pos, &cp), 0);
  assert_int_equal(stp_utf8_decode(NULL, 5, &pos, &cp), 0);
  pos = 7;
  assert_int_equal(stp_utf8_decode("abc", 3, &pos, &cp), 0);
  assert_int_equal(pos, 7);
  pos = 0;
  assert_int_equal(stp_utf8_decode("ab", 2, &pos, NULL), 1);
  assert_int_equal(pos, 1);
}

static void test_utf8_truncated(void **state) {
  (void)state;
  CHECK_DECODE("\xC3", 0xFFFD);
  CHECK_DECODE("\xE2\x82", 0xFFFD);              /* one FFFD for the maximal subpart */
  CHECK_DECODE("\xF0\x9F\x98", 0xFFFD);
  CHECK_DECODE("\xE2\x82" "A", 0xFFFD, 'A');      /* the next byte is not eaten */
  CHECK_DECODE("x\xF0\x9F", 'x', 0xFFFD);
  CHECK_DECODE("\xC3" "\xC3\xA9", 0xFFFD, 0xE9);

  /* len cuts a valid sequence: decoding stops at len, never reads beyond. */
  const char *s = "\xC3\xA9\xE2\x82\xAC";
  size_t pos = 0;
  unsigned cp;
  assert_int_equal(stp_utf8_decode(s, 1, &pos, &cp), 1);
  assert_int_equal(cp, 0xFFFD);
  assert_int_equal(pos, 1);
  assert_int_equal(stp_utf8_decode(s, 1, &pos, &cp), 0);
  pos = 2;
  assert_int_equal(stp_utf8_decode(s, 4, &pos, &cp), 1);
  assert_int_equal(cp, 0xFFFD);
  assert_int_equal(pos, 4);
}

static void test_utf8_overlong_and_invalid(void **state) {
  (void)state;
  CHECK_DECODE("\xC0\xAF", 0xFFFD, 0xFFFD);                          /* overlong '/' */
  CHECK_DECODE("\xC1\xBF", 0xFFFD, 0xFFFD);
  CHECK_DECODE("\xE0\x80\xAF", 0xFFFD, 0xFFFD, 0xFFFD);              /* overlong 3-byte */
  CHECK_DECODE("\xE0\x9F\xBF", 0xFFFD, 0xFFFD, 0xFFFD);
  CHECK_DECODE("\xF0\x80\x80\xAF", 0xFFFD, 0xFFFD, 0xFFFD, 0xFFFD);  /* overlong 4-byte */
  CHECK_DECODE("\xF0\x8F\xBF\xBF", 0xFFFD, 0xFFFD, 0xFFFD, 0xFFFD);
  CHECK_DECODE("\xED\xA0\x80", 0xFFFD, 0xFFFD, 0xFFFD);              /* surrogate D800 */
  CHECK_DECODE("\xED\xBF\xBF", 0xFFFD, 0xFFFD, 0xFFFD);
  CHECK_DECODE("\xF4\x90\x80\x80", 0xFFFD, 0xFFFD, 0xFFFD, 0xFFFD);  /* > U+10FFFF */
  CHECK_DECODE("\xF5\x80", 0xFFFD, 0xFFFD);
  CHECK_DECODE("\xFF\xFE" "a", 0xFFFD, 0xFFFD, 'a');
  CHECK_DECODE("\x80" "b\xBF", 0xFFFD, 'b', 0xFFFD);                 /* stray continuations */
  /* Unicode 15, section 3.9, "U+FFFD Substitution of Maximal Subparts". */
  CHECK_DECODE("\x61\xF1\x80\x80\xE1\x80\xC2\x62\x80\x63\x80\xBF\x64", 0x61, 0xFFFD, 0xFFFD,
               0xFFFD, 0x62, 0xFFFD, 0x63, 0xFFFD, 0xFFFD, 0x64);
}

static void test_utf8_random_bytes(void **state) {
  (void)state;
  /* Random garbage: every call advances 1..4 bytes, stays within len, and
   * yields a scalar value. */
  unsigned x = 12345u;
  for (int round = 0; round < 2000; round++) {
    size_t len = (size_t)(round % 13);
    unsigned char *buf = malloc(len ? len : 1);
    assert_non_null(buf);
    for (size_t i = 0; i < len; i++) {
      x = x * 1103515245u + 12345u;
      buf[i] = (unsigned char)(x >> 16);
      if (round % 3 == 0) buf[i] |= 0x80;   /* mostly high bytes */
    }
    size_t pos = 0, before = 0;
    unsigned cp;
    while (stp_utf8_decode((const char *)buf, len, &pos, &cp)) {
      assert_true(pos > before && pos - before <= 4 && pos <= len);
      assert_true(cp <= 0x10FFFF && !(cp >= 0xD800 && cp <= 0xDFFF));
      before = pos;
    }
    assert_int_equal(pos, len);
    free(buf);
  }
}

/* ---- loading ---------------------------------------------------------- */

static void test_open_errors(void **state) {
  (void)state;
  stp_font *f = (stp_font *)(uintptr_t)1;
  stp_error err;
  stp_error_clear(&err);
  assert_int_equal(stp_font_open(&f, "/nonexistent/dir/NoSuchFont.ttf", &err), STP_ERR_IO);
  assert_null(f);
  assert_int_equal(err.status, STP_ERR_IO);
  assert_string_equal(err.file, "/nonexistent/dir/NoSuchFont.ttf");
  assert_non_null(strstr(err.msg, "fonts-dejavu-core"));
  assert_int_equal(stp_font_open(&f, NULL, NULL), STP_ERR_USAGE);

  /* A file that is not a font. */
  char path[] = "/tmp/test_font_junkXXXXXX";
  int fd = mkstemp(path);
  assert_true(fd >= 0);
  FILE *fp = fdopen(fd, "wb");
  assert_non_null(fp);
  for (int i = 0; i < 200; i++) fputs("not a font ", fp);
  fclose(fp);
  assert_int_equal(stp_font_open(&f, path, &err), STP_ERR_PARSE);
  assert_null(f);

  /* A truncated real font: its tables point past the end. */
  FILE *src = fopen(REGULAR, "rb");
  assert_non_null(src);
  static unsigned char head[8000];
  assert_int_equal(fread(head, 1, sizeof head, src), sizeof head);
  fclose(src);
  fp = fopen(path, "wb");
  assert_non_null(fp);
  assert_int_equal(fwrite(head, 1, sizeof head, fp), sizeof head);
  fclose(fp);
  assert_int_equal(stp_font_open(&f, path, &err), STP_ERR_PARSE);
  assert_null(f);
  remove(path);

  /* A directory is a file error, not a parse error. */
  assert_int_equal(stp_font_open(&f, "/tmp", &err), STP_ERR_IO);
  assert_null(f);

  stp_font_close(NULL);   /* harmless */
}

static void test_open_default(void **state) {
  (void)state;
  stp_font *f = NULL;
  stp_error err;
  stp_error_clear(&err);
  /* A bad $STIPPLE_FONT falls through to the system font. */
  setenv("STIPPLE_FONT", "/nonexistent/x.ttf", 1);
  assert_int_equal(stp_font_open_default(&f, "/nonexistent/assets", &err), STP_OK);
  assert_non_null(f);
  float regular = stp_font_measure(f, 20.0f, "Stipple WWW");
  stp_font_close(f);

  /* A good $STIPPLE_FONT wins over the system font (bold is wider). */
  setenv("STIPPLE_FONT", BOLD, 1);
  assert_int_equal(stp_font_open_default(&f, NULL, &err), STP_OK);
  float bold = stp_font_measure(f, 20.0f, "Stipple WWW");
  stp_font_close(f);
  unsetenv("STIPPLE_FONT");
  assert_true(bold > regular * 1.05f);
}

/* ---- measuring -------------------------------------------------------- */

static void test_measure(void **state) {
  (void)state;
  stp_font *f = open_regular();
  assert_true(stp_font_measure(f, 16.0f, "") == 0.0f);
  assert_true(stp_font_measure(f, 16.0f, NULL) == 0.0f);
  float a = stp_font_measure(f, 16.0f, "a");
  float ab = stp_font_measure(f, 16.0f, "ab");
  float abc = stp_font_measure(f, 16.0f, "abc");
  assert_true(a > 0.0f && ab > a && abc > ab);

  const char *t = "Hairline density 32.1/cm\xC2\xB2";
  float w12 = stp_font_measure(f, 12.0f, t);
  float w16 = stp_font_measure(f, 16.0f, t);
  float w24 = stp_font_measure(f, 24.0f, t);
  float w48 = stp_font_measure(f, 48.0f, t);
  assert_true(w12 < w16 && w16 < w24 && w24 < w48);
  float ratio = w48 / w24;
  assert_true(ratio > 1.95f && ratio < 2.05f);
  /* Plausible size: DejaVu Sans averages ~0.55 em per character. */
  assert_true(w16 > 0.4f * 16.0f * 27 && w16 < 0.75f * 16.0f * 27);

  float lh = stp_font_line_height(f, 20.0f);
  assert_true(lh >= 22.0f && lh <= 26.0f);
  assert_true(lh == (float)(int)lh);
  assert_true(stp_font_line_height(f, 40.0f) > lh);

  /* '\n' starts a new line: width is the widest line. */
  assert_true(stp_font_measure(f, 16.0f, "abc\na") == abc);
  assert_true(stp_font_measure(f, 16.0f, "a\nabc") == abc);

  /* Unknown code points and invalid bytes measure like the fallback glyph. */
  float fb = stp_font_measure(f, 16.0f, "\xEF\xBF\xBD");
  assert_true(fb > 0.0f);
  assert_true(stp_font_measure(f, 16.0f, "\xE4\xB8\xAD") == fb);   /* CJK */
  assert_true(stp_font_measure(f, 16.0f, "\xFF") == fb);

  /* Kerning: "AV" is tighter than "A" + "V". */
  float av = stp_font_measure(f, 32.0f, "AV");
  assert_true(av < stp_font_measure(f, 32.0f, "A") + stp_font_measure(f, 32.0f, "V"));

  /* Silly sizes are clamped, not crashes. */
  assert_true(stp_font_measure(f, 0.0f, "abc") > 0.0f);
  assert_true(stp_font_measure(f, -5.0f, "abc") > 0.0f);
  assert_true(stp_font_measure(f, 1e9f, "abc") == stp_font_measure(f, STP_FONT_MAX_PX, "abc"));
  stp_font_close(f);
}

/* ---- drawing ---------------------------------------------------------- */

static void test_draw_box(void **state) {
  (void)state;
  stp_font *f = open_regular();
  canvas c = canvas_new(420, 120, 230, 200, 180);
  Uint32 bg = pixel(&c, 0, 0);
  const char *t = "Hello, Stipple! (gjpqy)";
  float px = 24.0f, x = 20.0f, y = 30.0f;
  float adv = stp_font_draw(f, c.r, x, y, px, BLACK, t);
  SDL_RenderFlush(c.r);
  assert_true(adv == stp_font_measure(f, px, t));
  float lh = stp_font_line_height(f, px);
  int inside = count_changed(&c, bg, (int)x, (int)y, (int)(x + adv) + 1, (int)(y + lh) + 1);
  int total = count_all_changed(&c, bg);
  assert_true(inside > 500);
  /* Nothing more than a pixel or two outside the advance box. */
  int near = count_changed(&c, bg, (int)x - 2, (int)y - 2, (int)(x + adv) + 3, (int)(y + lh) + 3);
  assert_int_equal(near, total);
  /* Ink reaches close to the top (ascender/parenthesis) and the bottom (descenders). */
  assert_true(count_changed(&c, bg, 0, (int)y, 420, (int)y + 6) > 0);
  assert_true(count_changed(&c, bg, 0, (int)(y + lh) - 6, 420, (int)(y + lh) + 1) > 0);
  /* Text is dark on the light background: some pixels are fully black. */
  int dark = 0;
  for (int yy = 0; yy < 120; yy++)
    for (int xx = 0; xx < 420; xx++) dark += (pixel(&c, xx, yy) & 0xFFFFFF) == 0;
  assert_true(dark > 100);

  /* Drawing with a NULL renderer or text is a no-op that still measures. */
  assert_true(stp_font_draw(f, NULL, 0, 0, px, BLACK, t) == adv);
  assert_true(stp_font_draw(f, c.r, 0, 0, px, BLACK, NULL) == 0.0f);
  canvas_free(&c, f);
  stp_font_close(f);
}

static void test_draw_symbols(void **state) {
  (void)state;
  stp_font *f = open_regular();
  canvas c = canvas_new(520, 80, 30, 30, 40);
  Uint32 bg = pixel(&c, 0, 0);
  const char *t = "32.1 impressions/cm\xC2\xB2 \xC2\xB1 6 \xE2\x80\x94 70\xC2\xB0";
  float px = 24.0f, x = 10.0f, y = 20.0f;
  float adv = stp_font_draw(f, c.r, x, y, px, WHITE, t);
  SDL_RenderFlush(c.r);
  assert_true(adv > 0.0f);
  assert_true(count_all_changed(&c, bg) > 800);

  /* The superscript two: ink between the ends of "...cm" and "...cm²", all
   * of it well above the baseline (so it is not a '?' or a box, which reach
   * the baseline at about 0.8 of the line height). */
  float w1 = stp_font_measure(f, px, "32.1 impressions/cm");
  float w2 = stp_font_measure(f, px, "32.1 impressions/cm\xC2\xB2");
  assert_true(w2 > w1 + 4.0f);
  float lh = stp_font_line_height(f, px);
  int gx0 = (int)(x + w1) + 1, gx1 = (int)(x + w2);
  int ink = count_changed(&c, bg, gx0, (int)y, gx1, (int)(y + lh));
  int upper = count_changed(&c, bg, gx0, (int)y, gx1, (int)(y + lh * 0.6f));
  assert_true(ink > 20);
  assert_int_equal(ink, upper);
  canvas_free(&c, f);
  stp_font_close(f);
}

/* Draws "Hello" and returns the changed pixel count. */
static int draw_hello(stp_font *f, canvas *c, float px) {
  Uint32 bg = pixel(c, c->s->w - 1, c->s->h - 1);
  stp_font_draw(f, c->r, 2, 2, px, BLACK, "Hello");
  SDL_RenderFlush(c->r);
  return count_all_changed(c, bg);
}

static void test_renderer_change_and_cache(void **state) {
  (void)state;
  stp_font *f = open_regular();
  canvas a = canvas_new(300, 300, 255, 255, 255);
  canvas b = canvas_new(300, 300, 255, 255, 255);
  assert_true(draw_hello(f, &a, 20.0f) > 50);
  assert_true(draw_hello(f, &b, 20.0f) > 50);   /* same size, other renderer */
  /* More sizes than the cache holds, alternating renderers. */
  for (int i = 0; i < 3 * STP_FONT_CACHE_SIZES; i++) {
    canvas *c = (i & 1) ? &a : &b;
    SDL_SetRenderDrawColor(c->r, 255, 255, 255, 255);
    SDL_RenderClear(c->r);
    assert_true(draw_hello(f, c, 8.0f + (float)i * 3.0f) > 10);
  }
  canvas_free(&a, f);   /* forgets a's textures before destroying it */
  SDL_SetRenderDrawColor(b.r, 255, 255, 255, 255);
  SDL_RenderClear(b.r);
  assert_true(draw_hello(f, &b, 20.0f) > 50);
  /* A renderer made after the first was destroyed gets fresh textures. */
  canvas d = canvas_new(300, 300, 255, 255, 255);
  assert_true(draw_hello(f, &d, 20.0f) > 50);
  canvas_free(&d, f);
  canvas_free(&b, f);
  stp_font_close(f);
}

static void test_large_sizes(void **state) {
  (void)state;
  stp_font *f = open_regular();
  canvas c = canvas_new(1200, 700, 255, 255, 255);
  Uint32 bg = pixel(&c, 0, 0);
  /* Latin Extended-A at a huge size may fall back, but draw == measure. */
  const char *t = "\xC5\x81\xC3\xB3" "d\xC5\xBA 42\xC2\xB0";
  float adv = stp_font_draw(f, c.r, 0, 0, 200.0f, BLACK, t);
  SDL_RenderFlush(c.r);
  assert_true(adv == stp_font_measure(f, 200.0f, t));
  assert_true(count_all_changed(&c, bg) > 5000);
  SDL_RenderClear(c.r);
  adv = stp_font_draw(f, c.r, 0, 0, 1000.0f, BLACK, "W");   /* clamped */
  SDL_RenderFlush(c.r);
  assert_true(adv > 200.0f && adv < 300.0f);
  assert_true(count_all_changed(&c, bg) > 5000);
  canvas_free(&c, f);
  stp_font_close(f);
}

/* ---- wrapping --------------------------------------------------------- */

static void test_wrapped(void **state) {
  (void)state;
  stp_font *f = open_regular();
  const char *t = "Stack impressions in three passes, varying the needle depth "
                  "and spacing so the hairline looks natural \xE2\x80\x94 never a hard edge.";
  float px = 16.0f;
  float lh = stp_font_line_height(f, px);
  float one = stp_font_measure(f, px, t);
  float h_wide = stp_font_draw_wrapped(f, NULL, 0, 0, px, one + 10.0f, BLACK, t);
  float h_mid = stp_font_draw_wrapped(f, NULL, 0, 0, px, 300.0f, BLACK, t);
  float h_narrow = stp_font_draw_wrapped(f, NULL, 0, 0, px, 120.0f, BLACK, t);
  assert_true(h_wide == lh);
  assert_true(h_mid > h_wide && h_narrow > h_mid);
  assert_true(h_mid == lh * (float)(int)(h_mid / lh));

  /* '\n' is honoured, including empty lines; trailing spaces do not wrap. */
  assert_true(stp_font_draw_wrapped(f, NULL, 0, 0, px, 1000.0f, BLACK, "a\nb") == 2 * lh);
  assert_true(stp_font_draw_wrapped(f, NULL, 0, 0, px, 1000.0f, BLACK, "a\n\nb\n") == 4 * lh);
  assert_true(stp_font_draw_wrapped(f, NULL, 0, 0, px, 1000.0f, BLACK, "") == lh);
  float wa = stp_font_measure(f, px, "ab");
  assert_true(stp_font_draw_wrapped(f, NULL, 0, 0, px, wa + 0.5f, BLACK, "ab      ") == lh);
  /* Two words that each fit, not together. */
  float wab = stp_font_measure(f, px, "abc abc");
  assert_true(stp_font_draw_wrapped(f, NULL, 0, 0, px, wab - 1.0f, BLACK, "abc abc") == 2 * lh);
  /* A word wider than the line is broken between characters; each line has
   * at least one character even with no room at all. */
  float wm = stp_font_measure(f, px, "m");
  assert_true(stp_font_draw_wrapped(f, NULL, 0, 0, px, wm * 3.5f, BLACK, "mmmmmmmmmm") == 4 * lh);
  assert_true(stp_font_draw_wrapped(f, NULL, 0, 0, px, 0.0f, BLACK, "mmmm") == 4 * lh);

  /* Drawn: more ink rows for the narrow width, none beyond max_width. */
  canvas c = canvas_new(400, 400, 240, 220, 200);
  Uint32 bg = pixel(&c, 0, 0);
  float h = stp_font_draw_wrapped(f, c.r, 10, 10, px, 120.0f, BLACK, t);
  SDL_RenderFlush(c.r);
  assert_true(h == h_narrow);
  assert_true(count_all_changed(&c, bg) > 1000);
  assert_int_equal(count_changed(&c, bg, 10 + 120 + 2, 0, 400, 400), 0);
  assert_int_equal(count_changed(&c, bg, 0, 10 + (int)h + 2, 400, 400), 0);
  /* Ink on the last line. */
  assert_true(count_changed(&c, bg, 0, 10 + (int)(h - lh), 400, 10 + (int)h) > 0);
  canvas_free(&c, f);
  stp_font_close(f);
}

/* ---- sample image ------------------------------------------------------- */

static void test_sample_png(void **state) {
  (void)state;
  const char *out = getenv("STP_FONT_SAMPLE");
  if (!out || !out[0]) out = "test_font_sample.png";
  stp_font *f = open_regular();
  stp_font *bold = NULL;
  assert_int_equal(stp_font_open(&bold, BOLD, NULL), STP_OK);
  canvas c = canvas_new(900, 640, 233, 200, 175);   /* light skin tone */
  const float sizes[] = {12.0f, 16.0f, 24.0f, 48.0f};
  const char *line = "Density 32.1 impressions/cm\xC2\xB2 \xC2\xB1 6 \xE2\x80\x94 70\xC2\xB0 "
                     "\xE2\x9C\x93 \xE2\x86\x92 \xE2\x80\x9CQuality\xE2\x80\x9D \xE2\x80\xA6";
  SDL_Color ink = {50, 35, 30, 255};
  float y = 10.0f;
  for (int i = 0; i < 4; i++) {
    stp_font_draw(f, c.r, 12.0f, y, sizes[i], ink, i < 3 ? line : "32.1/cm\xC2\xB2 \xC2\xB1 6 \xE2\x80\x94 70\xC2\xB0");
    y += stp_font_line_height(f, sizes[i]) + 4.0f;
  }
  /* Dark panel with light text. */
  SDL_Rect panel = {8, (int)y + 6, 884, 640 - (int)y - 14};
  SDL_SetRenderDrawColor(c.r, 28, 30, 36, 255);
  SDL_RenderFillRect(c.r, &panel);
  SDL_Color light = {235, 235, 225, 255}, accent = {120, 200, 255, 255};
  y = (float)panel.y + 8.0f;
  for (int i = 0; i < 4; i++) {
    stp_font_draw(i == 2 ? bold : f, c.r, 20.0f, y, sizes[i], i == 2 ? accent : light,
                  i < 3 ? "Zone \xE2\x86\x90 \xE2\x86\x91 \xE2\x86\x93 \xE2\x80\xA2 \xC3\x85ngstr\xC3\xB6m "
                          "\xC5\x81\xC3\xB3" "d\xC5\xBA \xC3\x97 2 \xE2\x80\x93 \xC2\xB5m \xE2\x9C\x97 "
                          "AVAWAY To \xE4\xB8\xAD"
                        : "Score 87% \xE2\x9C\x93 AV Ty");
    y += stp_font_line_height(f, sizes[i]) + 4.0f;
  }
  stp_font_draw_wrapped(f, c.r, 20.0f, y + 4.0f, 16.0f, 420.0f, light,
                        "Wrapped at 420 px: stack impressions in three passes, varying depth "
                        "and spacing so the hairline looks natural \xE2\x80\x94 never a hard "
                        "edge.\nSecond paragraph after a newline.");
  SDL_RenderFlush(c.r);
  assert_int_equal(IMG_SavePNG(c.s, out), 0);
  /* Read the file back: the sheet's size, its skin-toned top with dark ink in the lines
   * drawn there, the dark panel with light ink, and nothing drawn right of the 420 px
   * wrap width in the panel's last paragraph. */
  SDL_Surface *raw = IMG_Load(out);
  assert_non_null(raw);
  SDL_Surface *png = SDL_ConvertSurfaceFormat(raw, SDL_PIXELFORMAT_ARGB8888, 0);
  SDL_FreeSurface(raw);
  assert_non_null(png);
  assert_int_equal(png->w, 900);
  assert_int_equal(png->h, 640);
  canvas back = {png, NULL};
  Uint32 skin = pixel(&back, 2, 2), dark_panel = pixel(&back, panel.x + 2, panel.y + 2);
  assert_int_equal(skin & 0xFFFFFF, 0xE9C8AFu);         /* 233, 200, 175 */
  assert_int_equal(dark_panel & 0xFFFFFF, 0x1C1E24u);   /* 28, 30, 36 */
  assert_true(count_changed(&back, skin, 0, 0, 900, panel.y) > 3000);
  int bright = 0;
  for (int yy = panel.y; yy < panel.y + panel.h; yy++)
    for (int xx = panel.x; xx < panel.x + panel.w; xx++) bright += (pixel(&back, xx, yy) & 0xFF) > 150;
  assert_true(bright > 2000);
  int wrap_top = (int)(y + 4.0f);
  assert_true(count_changed(&back, dark_panel, 20, wrap_top, 20 + 420, panel.y + panel.h) > 1000);
  assert_int_equal(count_changed(&back, dark_panel, 20 + 420 + 2, wrap_top, panel.x + panel.w, panel.y + panel.h), 0);
  SDL_FreeSurface(png);
  stp_font_forget_renderer(bold, c.r);   /* before the renderer goes */
  canvas_free(&c, f);
  stp_font_close(bold);
  stp_font_close(f);
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_utf8_valid),
    cmocka_unit_test(test_utf8_truncated),
    cmocka_unit_test(test_utf8_overlong_and_invalid),
    cmocka_unit_test(test_utf8_random_bytes),
    cmocka_unit_test(test_open_errors),
    cmocka_unit_test(test_open_default),
    cmocka_unit_test(test_measure),
    cmocka_unit_test(test_draw_box),
    cmocka_unit_test(test_draw_symbols),
    cmocka_unit_test(test_renderer_change_and_cache),
    cmocka_unit_test(test_large_sizes),
    cmocka_unit_test(test_wrapped),
    cmocka_unit_test(test_sample_png),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
