/* The impression model: needle, depth and ink -> size, darkness, hue, healing. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include "stp_test.h"

#include "stp_pigment.h"

static stp_impression imp(double needle, double depth, double ink) {
  stp_impression i = {0, 150, 270, depth, needle, ink, 1, 0, 0, 0, 0};
  return i;
}

static void bigger_needle_and_deeper_make_bigger_dots(void **state) {
  (void)state;
  stp_scenario s;
  stp_scenario_defaults(&s);
  stp_impression a = imp(0.18, 1.0, 0.5), b = imp(0.30, 1.0, 0.5), c = imp(0.18, 1.4, 0.5);
  double da = stp_pigment_look(&a, &s, false).diameter_mm;
  assert_true(stp_pigment_look(&b, &s, false).diameter_mm > da);
  assert_true(stp_pigment_look(&c, &s, false).diameter_mm > da);
  /* A well-placed dot is well under a millimetre (domain: "under 1 mm across"). */
  stp_impression good = imp(0.25, 1.0, 0.5);
  double d = stp_pigment_look(&good, &s, false).diameter_mm;
  assert_true(d > 0.2 && d < 0.6);
}

static void ink_sets_darkness(void **state) {
  (void)state;
  stp_scenario s;
  stp_scenario_defaults(&s);
  stp_impression light = imp(0.25, 1.0, 0.25), dark = imp(0.25, 1.0, 1.0);
  assert_true(stp_pigment_look(&dark, &s, false).opacity > stp_pigment_look(&light, &s, false).opacity + 0.2);
}

static void blowout_spreads_and_turns_blue(void **state) {
  (void)state;
  stp_scenario s;
  stp_scenario_defaults(&s);
  stp_impression ok = imp(0.25, 1.0, 0.5), deep = imp(0.25, 2.2, 0.5);
  stp_dot_look lo = stp_pigment_look(&ok, &s, false), ld = stp_pigment_look(&deep, &s, false);
  assert_float_equal(lo.blowout, 0, 1e-12);
  assert_true(ld.blowout > 0.5);
  assert_true(ld.diameter_mm > 1.8 * lo.diameter_mm);
  assert_true(ld.softness_mm > lo.softness_mm);
  /* Bluish: blue over red rises. */
  assert_true(ld.rgb[2] / ld.rgb[0] > lo.rgb[2] / lo.rgb[0] * 1.5);
}

static void healing_shrinks_lightens_and_loses_shallow(void **state) {
  (void)state;
  stp_scenario s;
  stp_scenario_defaults(&s);
  /* At the usual dilution (0.75): "40-50 % of the fresh intensity lost" (domain notes). */
  stp_impression ok = imp(0.25, 1.0, 0.75), shallow = imp(0.25, 0.25, 0.75);
  stp_dot_look f = stp_pigment_look(&ok, &s, false), h = stp_pigment_look(&ok, &s, true);
  assert_true(h.diameter_mm < f.diameter_mm);
  assert_true(h.opacity < f.opacity);
  assert_true(h.opacity > 0.5 * f.opacity);
  /* More water heals out faster: a half-strength dot keeps a smaller share of its fresh
   * darkness than the 0.75 one. */
  stp_impression half = imp(0.25, 1.0, 0.5);
  double keep_half = stp_pigment_look(&half, &s, true).opacity / stp_pigment_look(&half, &s, false).opacity;
  assert_true(keep_half < h.opacity / f.opacity);
  /* Too shallow: most of it is gone once healed. */
  stp_dot_look hs = stp_pigment_look(&shallow, &s, true);
  assert_true(hs.opacity < 0.5 * h.opacity);
  /* A skin that lightens more heals lighter. */
  s.skin.heal_lightening = 0.6;
  assert_true(stp_pigment_look(&ok, &s, true).opacity < h.opacity);
}

static void longer_dwell_deposits_more(void **state) {
  (void)state;
  stp_scenario s;
  stp_scenario_defaults(&s);
  stp_impression tap = imp(0.25, 1.0, 0.5), unknown = tap, held = tap, flick = tap;
  tap.dwell_ms = STP_PIGMENT_NOMINAL_DWELL_MS;
  held.dwell_ms = 600;
  flick.dwell_ms = 40;
  stp_dot_look lt = stp_pigment_look(&tap, &s, false), lu = stp_pigment_look(&unknown, &s, false);
  /* Not recorded (0) is the nominal tap. */
  assert_float_equal(lu.diameter_mm, lt.diameter_mm, 1e-12);
  assert_float_equal(lu.opacity, lt.opacity, 1e-12);
  stp_dot_look lh = stp_pigment_look(&held, &s, false), lf = stp_pigment_look(&flick, &s, false);
  assert_true(lh.diameter_mm > lt.diameter_mm && lh.opacity > lt.opacity);
  assert_true(lf.diameter_mm < lt.diameter_mm && lf.opacity < lt.opacity);
  /* A modest effect: depth stays the main physics (a 4x dwell adds under 20 % size). */
  assert_true(lh.diameter_mm < 1.2 * lt.diameter_mm);
}

static void pressure_curve_round_trips(void **state) {
  (void)state;
  assert_float_equal(stp_pressure_to_depth(0), 0.2, 1e-12);
  assert_float_equal(stp_pressure_to_depth(1), 2.2, 1e-12);
  assert_float_equal(stp_pressure_to_depth(7), 2.2, 1e-12);   /* clamped */
  for (double p = 0; p <= 1; p += 0.1)
    assert_float_equal(stp_depth_to_pressure(stp_pressure_to_depth(p)), p, 1e-12);
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(bigger_needle_and_deeper_make_bigger_dots),
    cmocka_unit_test(ink_sets_darkness),
    cmocka_unit_test(blowout_spreads_and_turns_blue),
    cmocka_unit_test(healing_shrinks_lightens_and_loses_shallow),
    cmocka_unit_test(longer_dwell_deposits_more),
    cmocka_unit_test(pressure_curve_round_trips),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
