/* The colour module: CIELAB (D65) and CIEDE2000 through Little CMS. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include "stp_test.h"

#include "stp_colour.h"

/* The 34 test pairs of Sharma, Wu & Dalal (2005), "The CIEDE2000 color-difference
 * formula: implementation notes, supplementary test data, and mathematical observations",
 * Color Res. Appl. 30(1):21-30, Table 1: L1, a1, b1, L2, a2, b2, ΔE00 (4 decimals).
 * Typed from the paper's table as reproduced in Argyll CMS's CIEDE2000 test (icc/, the
 * icmCIE2K reference data), which lists the same 34 rows. Pairs 7-16 straddle the hue
 * discontinuities the paper warns about. */
static const double sharma[34][7] = {
  { 50.0000, 2.6772, -79.7751, 50.0000, 0.0000, -82.7485, 2.0425 },
  { 50.0000, 3.1571, -77.2803, 50.0000, 0.0000, -82.7485, 2.8615 },
  { 50.0000, 2.8361, -74.0200, 50.0000, 0.0000, -82.7485, 3.4412 },
  { 50.0000, -1.3802, -84.2814, 50.0000, 0.0000, -82.7485, 1.0000 },
  { 50.0000, -1.1848, -84.8006, 50.0000, 0.0000, -82.7485, 1.0000 },
  { 50.0000, -0.9009, -85.5211, 50.0000, 0.0000, -82.7485, 1.0000 },
  { 50.0000, 0.0000, 0.0000, 50.0000, -1.0000, 2.0000, 2.3669 },
  { 50.0000, -1.0000, 2.0000, 50.0000, 0.0000, 0.0000, 2.3669 },
  { 50.0000, 2.4900, -0.0010, 50.0000, -2.4900, 0.0009, 7.1792 },
  { 50.0000, 2.4900, -0.0010, 50.0000, -2.4900, 0.0010, 7.1792 },
  { 50.0000, 2.4900, -0.0010, 50.0000, -2.4900, 0.0011, 7.2195 },
  { 50.0000, 2.4900, -0.0010, 50.0000, -2.4900, 0.0012, 7.2195 },
  { 50.0000, -0.0010, 2.4900, 50.0000, 0.0009, -2.4900, 4.8045 },
  { 50.0000, -0.0010, 2.4900, 50.0000, 0.0010, -2.4900, 4.8045 },
  { 50.0000, -0.0010, 2.4900, 50.0000, 0.0011, -2.4900, 4.7461 },
  { 50.0000, 2.5000, 0.0000, 50.0000, 0.0000, -2.5000, 4.3065 },
  { 50.0000, 2.5000, 0.0000, 73.0000, 25.0000, -18.0000, 27.1492 },
  { 50.0000, 2.5000, 0.0000, 61.0000, -5.0000, 29.0000, 22.8977 },
  { 50.0000, 2.5000, 0.0000, 56.0000, -27.0000, -3.0000, 31.9030 },
  { 50.0000, 2.5000, 0.0000, 58.0000, 24.0000, 15.0000, 19.4535 },
  { 50.0000, 2.5000, 0.0000, 50.0000, 3.1736, 0.5854, 1.0000 },
  { 50.0000, 2.5000, 0.0000, 50.0000, 3.2972, 0.0000, 1.0000 },
  { 50.0000, 2.5000, 0.0000, 50.0000, 1.8634, 0.5757, 1.0000 },
  { 50.0000, 2.5000, 0.0000, 50.0000, 3.2592, 0.3350, 1.0000 },
  { 60.2574, -34.0099, 36.2677, 60.4626, -34.1751, 39.4387, 1.2644 },
  { 63.0109, -31.0961, -5.8663, 62.8187, -29.7946, -4.0864, 1.2630 },
  { 61.2901, 3.7196, -5.3901, 61.4292, 2.2480, -4.9620, 1.8731 },
  { 35.0831, -44.1164, 3.7933, 35.0232, -40.0716, 1.5901, 1.8645 },
  { 22.7233, 20.0904, -46.6940, 23.0331, 14.9730, -42.5619, 2.0373 },
  { 36.4612, 47.8580, 18.3852, 36.2715, 50.5065, 21.2231, 1.4146 },
  { 90.8027, -2.0831, 1.4410, 91.1528, -1.6435, 0.0447, 1.4441 },
  { 90.9257, -0.5406, -0.9208, 88.6381, -0.8985, -0.7239, 1.5381 },
  { 6.7747, -0.2908, -2.4247, 5.8714, -0.0985, -2.2286, 0.6377 },
  { 2.0776, 0.0795, -1.1350, 0.9033, -0.0636, -0.5514, 0.9082 }};

static void ciede2000_matches_sharma_table(void **state) {
  (void)state;
  for (int i = 0; i < 34; i++) {
    const double *r = sharma[i];
    double d = stp_colour_de00(r, r + 3), e = stp_colour_de00(r + 3, r);
    if (fabs(d - r[6]) > 1e-4 || fabs(e - r[6]) > 1e-4)
      fail_msg("pair %d: got %.5f / %.5f, expected %.4f", i + 1, d, e, r[6]);
  }
}

static void lab_of_known_colours(void **state) {
  (void)state;
  double lab[3];
  /* White is L 100, a = b = 0 (D65 white); black is 0. */
  stp_colour_lab((const float[3]){1, 1, 1}, lab);
  assert_true(fabs(lab[0] - 100) < 1e-4 && fabs(lab[1]) < 1e-3 && fabs(lab[2]) < 1e-3);
  stp_colour_lab((const float[3]){0, 0, 0}, lab);
  assert_true(fabs(lab[0]) < 1e-9);
  /* Mid grey: Y = 0.18 -> L = 116 * 0.18^(1/3) - 16 = 49.496. */
  stp_colour_lab((const float[3]){0.18f, 0.18f, 0.18f}, lab);
  assert_true(fabs(lab[0] - (116 * cbrt(0.18) - 16)) < 1e-3 && fabs(lab[1]) < 1e-3 && fabs(lab[2]) < 1e-3);
  /* sRGB red (D65): L 53.24, a 80.09, b 67.20 (the sRGB primaries' published Lab). */
  stp_colour_lab((const float[3]){1, 0, 0}, lab);
  assert_true(fabs(lab[0] - 53.24) < 0.02 && fabs(lab[1] - 80.09) < 0.05 && fabs(lab[2] - 67.20) < 0.05);
}

static void srgb_round_trip(void **state) {
  (void)state;
  for (int v = 0; v < 256; v++) assert_int_equal(stp_colour_linear_to_srgb8(stp_colour_srgb8_to_linear((unsigned char)v)), v);
  /* 0.04045 and below is the linear toe: 10/255 -> 10/255/12.92. */
  assert_true(fabs(stp_colour_srgb8_to_linear(10) - 10.0 / 255.0 / 12.92) < 1e-7);
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(ciede2000_matches_sharma_table),
    cmocka_unit_test(lab_of_known_colours),
    cmocka_unit_test(srgb_round_trip),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
