/* assets/ against the code that makes it (stipple make-assets, engine/app/stp_assets.c):
 * every committed file is made again into a temporary folder and compared, so the files
 * cannot drift from the generator (images within a tolerance for other versions of cairo,
 * zlib and libm; sounds sample by sample). And what each kind must be whatever the code
 * says: icons 64x64, white on transparent, a mark neither empty nor a filled square, each
 * different; sounds mono 16-bit 48 kHz of the documented length, starting and ending
 * silent (no click), never clipping; the swatches darker with each Fitzpatrick type. */
#define _POSIX_C_SOURCE 200809L
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include "stp_test.h"
#include <SDL2/SDL.h>
#include <SDL2/SDL_image.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "stp_app.h"

#define ASSETS STP_SOURCE_ASSETS

static char tmp[256];

static int setup(void **state) {
  (void)state;
  snprintf(tmp, sizeof tmp, "/tmp/stp_assets_XXXXXX");
  if (!mkdtemp(tmp)) return -1;
  stp_error err;
  stp_error_clear(&err);
  if (stp_app_make_assets(tmp, &err) != STP_OK) {
    fprintf(stderr, "make_assets: %s\n", err.msg);
    return -1;
  }
  return 0;
}

static int teardown(void **state) {
  (void)state;
  char cmd[300];
  snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmp);
  return system(cmd) == 0 ? 0 : -1;
}

static SDL_Surface *load_argb(const char *path) {
  SDL_Surface *s = IMG_Load(path);
  if (!s) { print_error("cannot load %s: %s\n", path, IMG_GetError()); return NULL; }
  SDL_Surface *c = SDL_ConvertSurfaceFormat(s, SDL_PIXELFORMAT_ARGB8888, 0);
  SDL_FreeSurface(s);
  return c;
}

static Uint32 px(const SDL_Surface *s, int x, int y) {
  return ((const Uint32 *)(const void *)((const char *)s->pixels + (size_t)y * (size_t)s->pitch))[x];
}

/* Mean and largest difference over every channel (alpha included). */
static void image_diff(const char *a_path, const char *b_path, double *mean, int *worst) {
  SDL_Surface *a = load_argb(a_path), *b = load_argb(b_path);
  assert_non_null(a);
  assert_non_null(b);
  assert_int_equal(a->w, b->w);
  assert_int_equal(a->h, b->h);
  double sum = 0;
  *worst = 0;
  for (int y = 0; y < a->h; y++)
    for (int x = 0; x < a->w; x++)
      for (int sh = 0; sh < 32; sh += 8) {
        int d = abs((int)((px(a, x, y) >> sh) & 255) - (int)((px(b, x, y) >> sh) & 255));
        sum += d;
        if (d > *worst) *worst = d;
      }
  *mean = sum / ((double)a->w * a->h * 4);
  SDL_FreeSurface(a);
  SDL_FreeSurface(b);
}

static void check_image(const char *rel) {
  char a[512], b[512];
  snprintf(a, sizeof a, "%s/%s", ASSETS, rel);
  snprintf(b, sizeof b, "%s/%s", tmp, rel);
  double mean;
  int worst;
  image_diff(a, b, &mean, &worst);
  if (mean > 2.0 || worst > 24) {
    print_error("%s: the committed file differs from what stipple make-assets makes now (mean %.2f, worst %d): "
                "run `stipple make-assets --out assets` and commit it\n", rel, mean, worst);
    fail();
  }
}

/* Every icon the code lists is committed and matches; no committed icon is left over. */
static void test_icons_match_the_generator(void **state) {
  (void)state;
  assert_int_equal(stp_app_icon_count(), 22);
  for (int i = 0; i < stp_app_icon_count(); i++) {
    char rel[128];
    snprintf(rel, sizeof rel, "icons/%s.png", stp_app_icon_name(i));
    check_image(rel);
  }
  DIR *d = opendir(ASSETS "/icons");
  assert_non_null(d);
  struct dirent *de;
  int files = 0;
  while ((de = readdir(d))) {
    if (de->d_name[0] == '.') continue;
    files++;
    bool listed = false;
    for (int i = 0; i < stp_app_icon_count(); i++) {
      char name[128];
      snprintf(name, sizeof name, "%s.png", stp_app_icon_name(i));
      listed |= strcmp(name, de->d_name) == 0;
    }
    if (!listed) { print_error("assets/icons/%s is not made by the generator\n", de->d_name); fail(); }
  }
  closedir(d);
  assert_int_equal(files, stp_app_icon_count());
}

/* 64x64, every pixel white where it is not clear, covering between 3 % and 60 % of the
 * square (a mark, not nothing and not a block), and no two icons alike. */
static void test_icons_are_white_marks(void **state) {
  (void)state;
  int n = stp_app_icon_count();
  double cover[64];
  for (int i = 0; i < n; i++) {
    char path[512];
    snprintf(path, sizeof path, "%s/icons/%s.png", ASSETS, stp_app_icon_name(i));
    SDL_Surface *s = load_argb(path);
    assert_non_null(s);
    assert_int_equal(s->w, 64);
    assert_int_equal(s->h, 64);
    double a_sum = 0;
    for (int y = 0; y < 64; y++)
      for (int x = 0; x < 64; x++) {
        Uint32 p = px(s, x, y);
        int a = (int)(p >> 24), r = (int)((p >> 16) & 255), g = (int)((p >> 8) & 255), b = (int)(p & 255);
        a_sum += a / 255.0;
        if (a >= 16 && (r < 240 || g < 240 || b < 240)) {
          print_error("%s: pixel %d,%d is not white (%d,%d,%d a %d)\n", path, x, y, r, g, b, a);
          fail();
        }
      }
    cover[i] = a_sum / (64.0 * 64.0);
    if (cover[i] < 0.03 || cover[i] > 0.60) {
      print_error("%s covers %.1f %% of its square\n", path, 100 * cover[i]);
      fail();
    }
    SDL_FreeSurface(s);
  }
  for (int i = 0; i < n; i++)
    for (int j = i + 1; j < n; j++) {
      char a[512], b[512];
      snprintf(a, sizeof a, "%s/icons/%s.png", ASSETS, stp_app_icon_name(i));
      snprintf(b, sizeof b, "%s/icons/%s.png", ASSETS, stp_app_icon_name(j));
      double mean;
      int worst;
      image_diff(a, b, &mean, &worst);
      if (mean < 4.0) {
        print_error("%s and %s look alike (mean difference %.2f)\n", a, b, mean);
        fail();
      }
    }
}

/* A 44-byte PCM header as stp_assets.c writes it, read field by field. */
typedef struct wav { int channels, rate, bits; size_t n; int16_t *s; } wav;

static uint32_t le(const unsigned char *p, int bytes) {
  uint32_t v = 0;
  for (int i = bytes - 1; i >= 0; i--) v = v << 8 | p[i];
  return v;
}

static wav read_wav(const char *path) {
  wav w = {0};
  FILE *f = fopen(path, "rb");
  assert_non_null(f);
  unsigned char h[44];
  assert_int_equal(fread(h, 1, 44, f), 44);
  assert_memory_equal(h, "RIFF", 4);
  assert_memory_equal(h + 8, "WAVEfmt ", 8);
  assert_int_equal(le(h + 20, 2), 1);          /* PCM */
  w.channels = (int)le(h + 22, 2);
  w.rate = (int)le(h + 24, 4);
  w.bits = (int)le(h + 34, 2);
  assert_memory_equal(h + 36, "data", 4);
  w.n = le(h + 40, 4) / 2;
  assert_int_equal(le(h + 4, 4), 36 + 2 * w.n);
  w.s = malloc(w.n * sizeof *w.s);
  unsigned char *raw = malloc(2 * w.n);
  assert_non_null(w.s);
  assert_int_equal(fread(raw, 1, 2 * w.n, f), 2 * w.n);
  for (size_t i = 0; i < w.n; i++) w.s[i] = (int16_t)le(raw + 2 * i, 2);
  free(raw);
  fclose(f);
  return w;
}

static void check_sound(const char *name, double seconds) {
  char a[512], b[512];
  snprintf(a, sizeof a, "%s/sounds/%s", ASSETS, name);
  snprintf(b, sizeof b, "%s/sounds/%s", tmp, name);
  wav x = read_wav(a), y = read_wav(b);
  assert_int_equal(x.channels, 1);
  assert_int_equal(x.rate, 48000);
  assert_int_equal(x.bits, 16);
  assert_int_equal(x.n, (size_t)(seconds * 48000));   /* the documented length */
  assert_int_equal(x.n, y.n);
  int worst = 0, peak = 0;
  for (size_t i = 0; i < x.n; i++) {
    int d = abs(x.s[i] - y.s[i]);
    if (d > worst) worst = d;
    if (abs(x.s[i]) > peak) peak = abs(x.s[i]);
  }
  if (worst > 2) {
    print_error("sounds/%s differs from what stipple make-assets makes now (by %d): regenerate it\n", name, worst);
    fail();
  }
  /* Audible, never at full scale (a tap beside a buzz must not clip), silent at both ends. */
  assert_true(peak > 3000);
  assert_true(peak < 20000);
  assert_true(abs(x.s[0]) < 200);
  assert_true(abs(x.s[x.n - 1]) < 200);
  free(x.s);
  free(y.s);
}

static void test_sounds_match_the_generator(void **state) {
  (void)state;
  check_sound("tap.wav", 0.045);
  check_sound("needle.wav", 0.140);
}

/* The swatches match, and each type is darker than the one before (mean luminance). */
static void test_skin_swatches(void **state) {
  (void)state;
  double prev = 1e9;
  for (int t = 1; t <= 6; t++) {
    char rel[64], path[512];
    snprintf(rel, sizeof rel, "skin/fitzpatrick-%d.png", t);
    check_image(rel);
    snprintf(path, sizeof path, "%s/%s", ASSETS, rel);
    SDL_Surface *s = load_argb(path);
    assert_non_null(s);
    assert_int_equal(s->w, 256);
    double lum = 0;
    for (int y = 0; y < s->h; y++)
      for (int x = 0; x < s->w; x++) {
        Uint32 p = px(s, x, y);
        assert_int_equal(p >> 24, 255);   /* all skin: the patch lies inside the chart */
        lum += 0.2126 * ((p >> 16) & 255) + 0.7152 * ((p >> 8) & 255) + 0.0722 * (p & 255);
      }
    lum /= (double)s->w * s->h;
    assert_true(lum < prev - 10);
    prev = lum;
    SDL_FreeSurface(s);
  }
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_icons_match_the_generator),
    cmocka_unit_test(test_icons_are_white_marks),
    cmocka_unit_test(test_sounds_match_the_generator),
    cmocka_unit_test(test_skin_swatches),
  };
  return cmocka_run_group_tests(tests, setup, teardown);
}
