/* The impression model: needle, depth and ink -> size, darkness, hue, healing. The first
 * tests check directions (bigger, darker, bluer); the rest pin values derived by hand in
 * their comments from the formulas in stp_pigment.h, so a moved constant or window shows. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include "stp_test.h"

#include <string.h>

#include "stp_pigment.h"

static stp_impression imp(double needle, double depth, double ink) {
  stp_impression i = {0, 150, 270, depth, needle, ink, 1, 0, 0, 0, 0, 0, 0};
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
  assert_float_equal(stp_pressure_to_depth(-0.5), 0.2, 1e-12);
  assert_float_equal(stp_pressure_to_depth(0.5), 1.2, 1e-12);  /* 0.2 + 2.0 x 0.5 */
  assert_float_equal(stp_depth_to_pressure(0.1), 0, 0);        /* clamped */
  assert_float_equal(stp_depth_to_pressure(3), 1, 0);
  for (double p = 0; p <= 1; p += 0.1)
    assert_float_equal(stp_depth_to_pressure(stp_pressure_to_depth(p)), p, 1e-12);
}

/* ---- the model's values, derived by hand from the formulas in stp_pigment.h ----------
 * Defaults (stp_scenario_defaults): depth window S = 0.5, D = 1.5 mm, heal_lightening
 * L = 0.25, no zones or patches (uptake 1, spread 1); dwell not recorded (g = 0).
 * sm(a, b, x): t = (x - a) / (b - a) clamped to 0..1, t^2 (3 - 2t). */
#define EPS 1e-9

static void retention_follows_the_window(void **state) {
  (void)state;
  stp_scenario s;
  stp_scenario_defaults(&s);
  /* R = 0.08 + 0.92 sm(0.4 S, S, d) = 0.08 + 0.92 sm(0.2, 0.5, d). */
  static const struct { double depth, retention; } r[] = {
    {0.0, 0.08},                          /* t clamped to 0 */
    {0.1, 0.08},                          /* above the window's lower edge: t = 0 */
    {0.2, 0.08},                          /* the lower edge 0.4 S: t = 0 */
    {0.275, 0.08 + 0.92 * 0.15625},       /* t = 0.25: 0.0625 (3 - 0.5) = 0.15625 -> 0.22375 */
    {0.35, 0.08 + 0.92 * 0.5},            /* the middle, t = 0.5: sm = 0.5 -> 0.54 */
    {0.425, 0.08 + 0.92 * 0.84375},       /* t = 0.75: 0.5625 (3 - 1.5) = 0.84375 -> 0.8562 */
    {0.5, 1.0},                           /* S: t = 1 */
    {1.0, 1.0}, {2.5, 1.0},               /* all held from S on, blown out or not */
  };
  for (size_t i = 0; i < sizeof r / sizeof r[0]; i++) {
    stp_impression p = imp(0.25, r[i].depth, 0.5);
    stp_dot_look f, h;
    stp_pigment_looks(&p, &s, &f, &h);
    assert_float_equal(h.retention, r[i].retention, EPS);
    assert_float_equal(f.retention, r[i].retention, EPS);   /* computed once, the same in both */
  }
  /* The window is the scenario's: S = 0.8 puts the edges at 0.32 and 0.8, the middle at 0.56. */
  s.depth.shallow_mm = 0.8;
  stp_impression p = imp(0.25, 0.32, 0.5);
  assert_float_equal(stp_pigment_look(&p, &s, true).retention, 0.08, EPS);
  p.depth_mm = 0.56;
  assert_float_equal(stp_pigment_look(&p, &s, true).retention, 0.54, EPS);
  p.depth_mm = 0.8;
  assert_float_equal(stp_pigment_look(&p, &s, true).retention, 1.0, EPS);
}

static void fresh_and_healed_in_the_window(void **state) {
  (void)state;
  stp_scenario s;
  stp_scenario_defaults(&s);
  /* n = 0.25, d = 1.0, k = 0.5: B = clamp(1.0 - 1.5) = 0, R = 1 (d >= S).
   * fresh: F = 0.25 x (1 + 0.55) = 0.3875 mm; softness 0.3875 x 0.12 = 0.0465 mm;
   *        O = 0.93 x 0.5^0.65 x (0.55 + 0.45 sm(0, 0.5, 1) = 1) = 0.93 x 0.637280 = 0.592671.
   * healed: 0.3875 x 0.5 = 0.19375 mm; softness 0.0465 x 0.8 + 2 x 0.15 = 0.3372 mm;
   *        O x 1 x (1 - 0.25) x 0.5^0.95 = 0.592671 x 0.75 x 0.517632 = 0.230089. */
  stp_impression p = imp(0.25, 1.0, 0.5);
  stp_dot_look f, h;
  stp_pigment_looks(&p, &s, &f, &h);
  assert_float_equal(f.blowout, 0, 0);
  assert_float_equal(f.diameter_mm, 0.3875, EPS);
  assert_float_equal(f.softness_mm, 0.0465, EPS);
  assert_float_equal(f.opacity, 0.592671, 1e-6);
  assert_float_equal(h.diameter_mm, 0.19375, EPS);
  assert_float_equal(h.softness_mm, 0.3372, EPS);
  assert_float_equal(h.opacity, 0.230089, 1e-6);
  /* The one-look call gives the same. */
  assert_float_equal(stp_pigment_look(&p, &s, false).opacity, f.opacity, 0);
  assert_float_equal(stp_pigment_look(&p, &s, true).opacity, h.opacity, 0);
  /* Undiluted (k = 1): O = 0.93 fresh; healed 0.93 x 0.75 = 0.6975. */
  p.ink = 1;
  stp_pigment_looks(&p, &s, &f, &h);
  assert_float_equal(f.opacity, 0.93, EPS);
  assert_float_equal(h.opacity, 0.6975, EPS);
  /* A skin that does not lighten (L = 0) keeps all of it; one that lightens fully, none. */
  s.skin.heal_lightening = 0;
  assert_float_equal(stp_pigment_look(&p, &s, true).opacity, 0.93, EPS);
  s.skin.heal_lightening = 1;
  assert_float_equal(stp_pigment_look(&p, &s, true).opacity, 0, EPS);
  /* No needle or depth recorded (0 or less): a 0.25 mm needle at depth 0:
   * F = 0.25 x 1 = 0.25; O = 0.93 x (0.55 + 0) = 0.5115; R = 0.08. */
  stp_impression z = imp(0, -1, 1);
  s.skin.heal_lightening = 0.25;
  stp_pigment_looks(&z, &s, &f, &h);
  assert_float_equal(f.diameter_mm, 0.25, EPS);
  assert_float_equal(f.opacity, 0.5115, EPS);
  assert_float_equal(h.opacity, 0.5115 * 0.08 * 0.75, EPS);
}

static void too_shallow_and_blown_out_by_hand(void **state) {
  (void)state;
  stp_scenario s;
  stp_scenario_defaults(&s);
  /* Too shallow, d = 0.35, k = 1: sm(0, 0.5, 0.35): t = 0.7, 0.49 x 1.6 = 0.784;
   * O = 0.93 x (0.55 + 0.45 x 0.784) = 0.93 x 0.9028 = 0.839604; R = 0.54 (above);
   * healed 0.839604 x 0.54 x 0.75 = 0.340040; F = 0.25 x (1 + 0.1925) = 0.298125. */
  stp_impression p = imp(0.25, 0.35, 1);
  stp_dot_look f, h;
  stp_pigment_looks(&p, &s, &f, &h);
  assert_float_equal(f.opacity, 0.839604, 1e-9);
  assert_float_equal(h.opacity, 0.34003962, 1e-9);
  assert_float_equal(f.diameter_mm, 0.298125, EPS);
  /* Blown out, d = 2.0, k = 1: B = 0.5; F = 0.25 x 2.1 x 1.8 = 0.945 mm; softness
   * 0.945 x (0.12 + 0.225) = 0.326025; healed diameter 0.945 x 0.7 = 0.6615, softness
   * 0.326025 x 1.1 + 0.3 = 0.6586275; O = 0.93 (under the 0.97 cap); healed: the deep
   * half stays, 0.93 x 1 x (1 - 0.25 x (1 - 0.5 x 0.5)) = 0.93 x 0.8125 = 0.755625. */
  p.depth_mm = 2.0;
  stp_pigment_looks(&p, &s, &f, &h);
  assert_float_equal(f.blowout, 0.5, EPS);
  assert_float_equal(f.diameter_mm, 0.945, EPS);
  assert_float_equal(f.softness_mm, 0.326025, EPS);
  assert_float_equal(h.diameter_mm, 0.6615, EPS);
  assert_float_equal(h.softness_mm, 0.6586275, EPS);
  assert_float_equal(f.opacity, 0.93, EPS);
  assert_float_equal(h.opacity, 0.755625, EPS);
  /* Past a millimetre beyond D the blow-out stops growing: d = 3.5 gives B = 1,
   * F = 0.25 x (1 + 1.925) x 2.6 = 1.90125. */
  p.depth_mm = 3.5;
  stp_pigment_looks(&p, &s, &f, NULL);
  assert_float_equal(f.blowout, 1, EPS);
  assert_float_equal(f.diameter_mm, 1.90125, EPS);
}

static void colour_shifts_blue_with_depth_by_hand(void **state) {
  (void)state;
  stp_scenario s;
  stp_scenario_defaults(&s);
  const float blue[3] = {0.030f, 0.045f, 0.095f};
  const float *pig = s.pigments[0].rgb;   /* the kit's first pigment: pigment index 0 */
  /* b = 0.25 sm((S + D)/2 = 1.0, D = 1.5, d) + 0.75 B:
   * d = 1.0: 0; d = 1.25: 0.25 x 0.5 = 0.125; d = 1.5: 0.25; d = 2.0: 0.25 + 0.375 = 0.625. */
  static const struct { double depth, b; } c[] = {{0.6, 0}, {1.0, 0}, {1.25, 0.125}, {1.5, 0.25}, {2.0, 0.625}, {3.0, 1.0}};
  for (size_t i = 0; i < sizeof c / sizeof c[0]; i++) {
    stp_impression p = imp(0.25, c[i].depth, 0.5);
    stp_dot_look f, h;
    stp_pigment_looks(&p, &s, &f, &h);
    for (int k = 0; k < 3; k++) {
      double want = pig[k] + (blue[k] - pig[k]) * c[i].b;
      assert_float_equal(f.rgb[k], want, 1e-6);
      assert_float_equal(h.rgb[k], want, 1e-6);
    }
  }
  /* impression.pigment picks the kit's pigment; out of range falls back to the first. */
  stp_impression p = imp(0.25, 1.0, 0.5);
  p.pigment = 3;
  stp_dot_look f = stp_pigment_look(&p, &s, false);
  for (int k = 0; k < 3; k++) assert_float_equal(f.rgb[k], s.pigments[3].rgb[k], 1e-7);
  p.pigment = 9;   /* the kit has 4 */
  f = stp_pigment_look(&p, &s, false);
  for (int k = 0; k < 3; k++) assert_float_equal(f.rgb[k], s.pigments[0].rgb[k], 1e-7);
  /* A scenario without a kit: carbon black as it heals, #141518 in linear RGB. */
  s.pigment_count = 0;
  const float *carbon = stp_pigment_rgb(&s, 0);
  /* sRGB 20: ((20 / 255 + 0.055) / 1.055)^2.4 = 0.0069954; 21: 0.0074990; 24: 0.0091341. */
  assert_float_equal(carbon[0], 0.0069954, 1e-6);
  assert_float_equal(carbon[1], 0.0074990, 1e-6);
  assert_float_equal(carbon[2], 0.0091341, 1e-6);
}

static void dwell_scales_size_and_darkness_by_hand(void **state) {
  (void)state;
  stp_scenario s;
  stp_scenario_defaults(&s);
  /* d = 1, n = 0.25, k = 0.5: F0 = 0.3875, O0 = 0.592671 (above). w = dwell / 150:
   * 600 ms: w = 4, g = ln 4 = 1.386294: F x (1 + 0.12 g) = x 1.166355, O x (1 + 0.15 g) = x 1.207944;
   * 6000 ms: w clamped to 4, the same; 30 ms: w = 0.2 clamped to 0.4, g = -0.916291:
   * F x 0.890045, O x 0.862556; 75 ms: w = 0.5, g = -0.693147: F x 0.916822. */
  static const struct { double dwell, fd, fo; } c[] = {
    {600, 1.166355, 1.207944}, {6000, 1.166355, 1.207944}, {30, 0.890045, 0.862556},
    {75, 0.916822, 0.896028}, {150, 1, 1},
  };
  for (size_t i = 0; i < sizeof c / sizeof c[0]; i++) {
    stp_impression p = imp(0.25, 1.0, 0.5);
    p.dwell_ms = c[i].dwell;
    stp_dot_look f = stp_pigment_look(&p, &s, false);
    assert_float_equal(f.diameter_mm, 0.3875 * c[i].fd, 1e-6);
    assert_float_equal(f.opacity, 0.592671 * c[i].fo, 1e-6);
  }
  /* The opacity cap: k = 1 held 600 ms would be 0.93 x 1.207944 = 1.1234, capped at 0.97. */
  stp_impression p = imp(0.25, 1.0, 1);
  p.dwell_ms = 600;
  assert_float_equal(stp_pigment_look(&p, &s, false).opacity, 0.97, EPS);
}

static void scar_tissue_takes_less_and_spreads(void **state) {
  (void)state;
  stp_scenario s;
  stp_scenario_defaults(&s);
  /* A case whose only zone is a scar (no patches): the look takes its tissue too. */
  s.zone_count = 1;
  memset(&s.zones[0], 0, sizeof s.zones[0]);
  s.zones[0].role = STP_ZONE_SCAR;
  s.zones[0].shape = stp_shape_rect(-10, 140, 20, 20);
  s.zones[0].uptake = 0.5;
  s.zones[0].spread = 2;
  stp_impression one = imp(0.25, 1.0, 1);
  stp_dot_look lo = stp_pigment_look(&one, &s, false);
  assert_float_equal(lo.diameter_mm, 0.3875 * 2, EPS);   /* F x spread */
  assert_float_equal(lo.opacity, 0.93 * 0.5, EPS);       /* O x uptake */
  s.zone_count = 2;
  memset(&s.zones[0], 0, sizeof s.zones[0]);
  s.zones[0].role = STP_ZONE_SCAR;
  s.zones[0].shape = stp_shape_rect(-10, 140, 20, 20);   /* holds (0, 150) */
  s.zones[0].uptake = 0.6;
  s.zones[0].spread = 1.5;
  memset(&s.zones[1], 0, sizeof s.zones[1]);
  s.zones[1].role = STP_ZONE_WORK;                       /* not a scar: no effect */
  s.zones[1].shape = stp_shape_rect(-10, 140, 20, 20);
  s.zones[1].uptake = 0.2;
  s.zones[1].spread = 3;
  double u, sp;
  stp_pigment_tissue(&s, 0, 150, &u, &sp);
  assert_float_equal(u, 0.6, 0);
  assert_float_equal(sp, 1.5, 0);
  stp_pigment_tissue(&s, 0, 170, &u, &sp);   /* outside */
  assert_float_equal(u, 1, 0);
  assert_float_equal(sp, 1, 0);
  /* In the scar, d = 1, k = 0.5: F = 0.3875 x 1.5 = 0.58125, O = 0.592671 x 0.6 = 0.355603. */
  stp_impression p = imp(0.25, 1.0, 0.5);
  stp_dot_look f = stp_pigment_look(&p, &s, false);
  assert_float_equal(f.diameter_mm, 0.58125, EPS);
  assert_float_equal(f.opacity, 0.355603, 1e-6);
  /* A patch listed over it wins; a patch with uptake and spread unset (0) changes nothing. */
  s.patch_count = 2;
  memset(&s.patches[0], 0, sizeof s.patches[0]);
  s.patches[0].shape = stp_shape_rect(-5, 145, 10, 10);
  s.patches[0].uptake = 0.9;
  s.patches[0].spread = 2;
  memset(&s.patches[1], 0, sizeof s.patches[1]);
  s.patches[1].shape = stp_shape_rect(-5, 145, 10, 10);
  stp_pigment_tissue(&s, 0, 150, &u, &sp);
  assert_float_equal(u, 0.9, 0);
  assert_float_equal(sp, 2, 0);
  /* A scar zone with uptake and spread unset keeps the tissue normal. */
  s.patch_count = 0;
  s.zones[0].uptake = 0;
  s.zones[0].spread = 0;
  stp_pigment_tissue(&s, 0, 150, &u, &sp);
  assert_float_equal(u, 1, 0);
  assert_float_equal(sp, 1, 0);
}

static void centre_colour_and_patch_tint_by_hand(void **state) {
  (void)state;
  stp_dot_look L = {0};
  L.rgb[0] = 0.1f; L.rgb[1] = 0.2f; L.rgb[2] = 0.3f;
  /* Three channels are read and written, no more: a fourth value next to each is a sentinel. */
  const float skin[4] = {0.5f, 0.4f, 0.3f, 0.9f};
  float out[4] = {0, 0, 0, -7.0f};
  /* skin (1 - a) + pigment a: a = 0.25 -> 0.4, 0.35, 0.3. */
  L.opacity = 0.25;
  stp_pigment_center_rgb(&L, skin, out);
  assert_float_equal(out[0], 0.4, 1e-6);
  assert_float_equal(out[1], 0.35, 1e-6);
  assert_float_equal(out[2], 0.3, 1e-6);
  L.opacity = 1.7;   /* clamped to 1: the pigment */
  stp_pigment_center_rgb(&L, skin, out);
  assert_float_equal(out[0], 0.1, 1e-6);
  L.opacity = -1;    /* clamped to 0: the skin */
  stp_pigment_center_rgb(&L, skin, out);
  assert_float_equal(out[0], 0.5, 1e-6);
  assert_float_equal(out[3], -7.0, 0);
  /* Alopecia: x 1.02, 0.99, 0.99. */
  stp_patch p;
  memset(&p, 0, sizeof p);
  p.kind = STP_PATCH_ALOPECIA;
  stp_pigment_patch_tint(&p, skin, out);
  assert_float_equal(out[0], 0.51, 1e-6);
  assert_float_equal(out[1], 0.396, 1e-6);
  assert_float_equal(out[2], 0.297, 1e-6);
  /* Scar, tone -1 (paler): lum = 0.2126 x 0.5 + 0.7152 x 0.4 + 0.0722 x 0.3 = 0.41404;
   * pale = lum x (1.10, 0.98, 0.96) = (0.455444, 0.405759, 0.397478); k = 1 + 0.45 = 1.45;
   * out = (0.35 in + 0.65 pale) k = (0.683006, 0.585428, 0.526873). Tone +1: k = 0.55. */
  p.kind = STP_PATCH_SCAR_STRIP;
  p.tone = -1;
  stp_pigment_patch_tint(&p, skin, out);
  assert_float_equal(out[0], 0.683006, 1e-5);
  assert_float_equal(out[1], 0.585428, 1e-5);
  assert_float_equal(out[2], 0.526873, 1e-5);
  p.tone = 1;
  stp_pigment_patch_tint(&p, skin, out);
  assert_float_equal(out[0], 0.683006 / 1.45 * 0.55, 1e-5);
  assert_float_equal(out[3], -7.0, 0);
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(bigger_needle_and_deeper_make_bigger_dots),
    cmocka_unit_test(ink_sets_darkness),
    cmocka_unit_test(blowout_spreads_and_turns_blue),
    cmocka_unit_test(healing_shrinks_lightens_and_loses_shallow),
    cmocka_unit_test(longer_dwell_deposits_more),
    cmocka_unit_test(pressure_curve_round_trips),
    cmocka_unit_test(retention_follows_the_window),
    cmocka_unit_test(fresh_and_healed_in_the_window),
    cmocka_unit_test(too_shallow_and_blown_out_by_hand),
    cmocka_unit_test(colour_shifts_blue_with_depth_by_hand),
    cmocka_unit_test(dwell_scales_size_and_darkness_by_hand),
    cmocka_unit_test(scar_tissue_takes_less_and_spreads),
    cmocka_unit_test(centre_colour_and_patch_tint_by_hand),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
