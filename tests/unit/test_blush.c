/* The blush map's splat (stp_draw_blush_splat, engine/render/stp_draw.c) against its rule,
 * the loop it replaced: for every pixel of the dot's box, u = hypot(x - cx, y - cy) / rp,
 * skipped at 1 and over, else T *= (float)(1 - a0 * profile(u)). The fast splat skips
 * what lies outside the disc and estimates u without hypot, falling back to the rule where
 * the estimate could round otherwise; the maps must be identical bit for bit.
 *
 * Dots: the browser bench's layout (engine/app/stp_bench.c's jittered grid, positions to
 * 0.01 mm as its CSV has them, at the map's 4 px/mm: a pixel centre is (x + 0.5) / 4 mm),
 * radii and strengths as the game's (rp 4.8 px and up, a0 up to 0.22) and beyond them (small
 * and large discs, a0 up to 1), and dots on pixel centres and half pixels with whole radii,
 * whose rims fall exactly on pixel centres (3-4-5 triangles: u exactly 1). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include "stp_test.h"
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "stp_draw.h"

enum { BW = 700, BH = 600 };

/* The rule: the loop of stp_draw.c's blush_sync before the fast splat, and its profile. */
static double ref_profile(double u) {
  const double e = 0.95;
  double t = (u - (1 - e)) / e;
  t = t < 0 ? 0 : t > 1 ? 1 : t;
  return 1 - t * t * (3 - 2 * t);
}

static void ref_splat(float *T, int bw, double cx, double cy, double rp, double a0, int x0, int y0, int x1, int y1) {
  for (int y = y0; y < y1; y++)
    for (int x = x0; x < x1; x++) {
      double u = hypot(x - cx, y - cy) / rp;
      if (u >= 1) continue;
      T[(size_t)y * (size_t)bw + (size_t)x] *= (float)(1.0 - a0 * ref_profile(u));
    }
}

static uint64_t rng = 88172645463325252ull;
static double unit(void) {
  rng ^= rng << 13; rng ^= rng >> 7; rng ^= rng << 17;
  return (double)(rng >> 11) / 9007199254740992.0;
}

/* Both splats of one dot, its box as blush_sync makes it. */
static void splat_both(float *a, float *b, double cx, double cy, double rp, double a0) {
  int x0 = (int)floor(cx - rp), x1 = (int)ceil(cx + rp) + 1, y0 = (int)floor(cy - rp), y1 = (int)ceil(cy + rp) + 1;
  if (x0 < 0) x0 = 0;
  if (y0 < 0) y0 = 0;
  if (x1 > BW) x1 = BW;
  if (y1 > BH) y1 = BH;
  if (x1 <= x0 || y1 <= y0) return;
  ref_splat(a, BW, cx, cy, rp, a0, x0, y0, x1, y1);
  stp_draw_blush_splat(b, BW, cx, cy, rp, a0, x0, y0, x1, y1);
}

static size_t differing(const float *a, const float *b) {
  size_t n = 0;
  for (size_t i = 0; i < (size_t)BW * BH; i++) n += memcmp(&a[i], &b[i], sizeof a[i]) != 0;
  return n;
}

static float *fresh_map(void) {
  float *m = malloc((size_t)BW * BH * sizeof *m);
  assert_non_null(m);
  for (size_t i = 0; i < (size_t)BW * BH; i++) m[i] = 1.0f;
  return m;
}

/* 100,000 dots in the bench's layout (a 170 x 150 mm map here), accumulated. */
static void bench_layout(void **state) {
  (void)state;
  float *a = fresh_map(), *b = fresh_map();
  int n = 100000;
  double wmm = (BW - 2) / 4.0, hmm = (BH - 2) / 4.0, step = sqrt(wmm * hmm / n);
  int cols = (int)ceil(wmm / step);
  for (int i = 0; i < n; i++) {
    double x = step * ((i % cols) + unit()), y = step * ((i / cols) + unit());
    x = round(x * 100) / 100;   /* the CSV's 0.01 mm */
    y = round(y * 100) / 100;
    double wid = 0.2 + 0.4 * unit();
    double R = 0.5 * STP_DRAW_BLUSH_SCALE * fmax(wid, STP_DRAW_BLUSH_MIN_MM);
    double a0 = STP_DRAW_BLUSH_ALPHA * unit();
    splat_both(a, b, x * 4.0 - 0.5, y * 4.0 - 0.5, R * 4.0, a0);
  }
  size_t diff = differing(a, b);
  if (diff) print_error("%zu pixels differ\n", diff);
  assert_int_equal(diff, 0);
  free(a);
  free(b);
}

/* Any place, radius and strength, and rims on pixel centres. */
static void any_dot_and_exact_rims(void **state) {
  (void)state;
  float *a = fresh_map(), *b = fresh_map();
  for (int i = 0; i < 200000; i++) {
    double cx = unit() * BW, cy = unit() * BH, rp = 0.3 + 20 * unit() * unit(), a0 = unit();
    if (i % 4 == 1) { cx = floor(cx); cy = floor(cy); rp = floor(rp) + 1; }         /* on a pixel centre */
    if (i % 4 == 2) { cx = floor(cx) + 0.5; cy = floor(cy); rp = floor(rp) + 0.5; } /* half a pixel off */
    splat_both(a, b, cx, cy, rp, a0);
  }
  /* Off the map's edges. */
  splat_both(a, b, -3.2, 10.7, 6.1, 0.2);
  splat_both(a, b, BW + 2.5, BH - 1.5, 7.0, 0.2);
  size_t diff = differing(a, b);
  if (diff) print_error("%zu pixels differ\n", diff);
  assert_int_equal(diff, 0);
  free(a);
  free(b);
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(bench_layout),
    cmocka_unit_test(any_dot_and_exact_rims),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
