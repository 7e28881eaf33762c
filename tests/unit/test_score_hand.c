/* Scoring by hand, criterion by criterion (issue #13): works small enough to score on paper,
 * each expected figure derived in the comments from docs/scoring.md (and, where a criterion
 * reads a healed colour or a dot's size, from the pigment model's formulas in stp_pigment.c),
 * never from a run of the scorer. Density, boundaries, depth and camouflage are in
 * test_score.c; here: grain, shade, hairline, spacing (merges, Clark-Evans, grid order), the
 * distance look, and the gates, verdicts and grids the mutation runs found untested. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include "stp_test.h"
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "stp_field.h"
#include "stp_score.h"
#include "stp_score_internal.h"   /* the look's base and blur, tested by hand below */

#define PI 3.14159265358979323846

static stp_zone *add_zone(stp_scenario *s, const char *id, stp_shape shape, double density, double tol) {
  stp_zone *z = &s->zones[s->zone_count++];
  memset(z, 0, sizeof *z);
  snprintf(z->id, sizeof z->id, "%s", id);
  snprintf(z->name, sizeof z->name, "%s", id);
  z->shape = shape;
  z->density_per_cm2 = density;
  z->density_tolerance = tol;
  z->angle_deg = 270; z->ink = 0.5; z->depth_mm = 1.0; z->needle_mm = 0.25;
  return z;
}

static void base(stp_scenario *s) {
  stp_scenario_defaults(s);
  s->zone_count = 0;
}

static stp_impression dot(double x, double y) {
  stp_impression i = {x, y, 270, 1.0, 0.25, 0.5, 1, 0, 0, 0, 0, 0, 0};
  return i;
}

static void push(stp_work *w, stp_impression d) { assert_int_equal(stp_work_push(w, &d, NULL, NULL), STP_OK); }

/* n columns x m rows of dots, each in the middle of its cell of the rectangle (x, y, w, h). */
static void lattice(stp_work *w, double x, double y, double wd, double ht, int n, int m) {
  for (int j = 0; j < m; j++)
    for (int i = 0; i < n; i++) push(w, dot(x + (i + 0.5) * wd / n, y + (j + 0.5) * ht / m));
}

static stp_score_result score(const stp_scenario *s, const stp_work *w) {
  stp_score_result r;
  assert_int_equal(stp_score_work(s, w, &r, NULL, NULL), STP_OK);
  return r;
}

static double lin(double e, double tol, double zero) {   /* docs/scoring.md, "From an error to 0..100" */
  return e <= tol ? 100 : e >= zero ? 0 : 100 * (1 - (e - tol) / (zero - tol));
}

/* ---- grain ----------------------------------------------------------------------------
 * Two 10 x 10 mm zones (target 20 per cm2 each: 40 planned, full evidence from 20 dots).
 * A: a constant target of 270 deg. Ten dots: 270, 90 (the same line drawn the other way),
 * 450 (270 + 180) and five more at 270 read 0; 300 reads 30; 120 reads |120 - 270| = 150,
 * folded to 180 - 150 = 30. RMS = sqrt((2 x 30^2) / 10) = sqrt(180) = 13.4164 deg
 * (the plain mean would be 6). Score 100 x (1 - (13.4164 - 10) / 35) = 90.2388.
 * B: a whorl at its centre (25, 155), tightness 90, clockwise: the target at a point is
 * atan2(dy, dx) + 90 deg (tangential). Ten dots on a 3 mm circle at phi = 0, 36, ..., 324,
 * drawn at phi + 90 + 20 (even k) or phi + 90 - 20 + 180 (odd k): each 20 off. RMS 20,
 * score 100 x (1 - 10 / 35) = 71.4286.
 * The criterion is the zones' mean weighted by their impressions (10 and 10): 80.8337; the
 * error overall is the RMS over all 20 dots, sqrt((1800 + 10 x 400) / 20) = sqrt(290) =
 * 17.0294; the worst zone is B. */
static void grain_by_hand(void **state) {
  (void)state;
  stp_scenario s; base(&s);
  s.rubric.items[STP_CRIT_GRAIN].enabled = true;
  add_zone(&s, "A", stp_shape_rect(-5, 150, 10, 10), 20, 4);
  stp_zone *b = add_zone(&s, "B", stp_shape_rect(20, 150, 10, 10), 20, 4);
  b->angle_field.kind = STP_FIELD_WHORL;
  b->angle_field.cx = 25; b->angle_field.cy = 155; b->angle_field.tightness = 90; b->angle_field.sense = 1;
  stp_work w; stp_work_init(&w);
  const double a_angles[10] = {270, 90, 450, 270, 270, 270, 270, 270, 300, 120};
  for (int k = 0; k < 10; k++) {
    stp_impression d = dot(-4 + (k % 5) * 2, 152 + (k / 5) * 5);
    d.angle_deg = a_angles[k];
    push(&w, d);
  }
  for (int k = 0; k < 10; k++) {
    double phi = 36.0 * k;
    stp_impression d = dot(25 + 3 * cos(phi * PI / 180), 155 + 3 * sin(phi * PI / 180));
    d.angle_deg = k % 2 ? phi + 90 - 20 + 180 : phi + 90 + 20;
    push(&w, d);
  }
  stp_score_result r = score(&s, &w);
  double sa = 100 * (1 - (sqrt(180.0) - 10) / 35), sb = 100 * (1 - 10.0 / 35);
  assert_float_equal(sa, 90.2388, 1e-4);
  /* The mean weighted by impressions, (sa x 10 + sb x 10) / 20 = 80.8337, but at most a third
   * of the way from the worst zone's own score (B: sb = 71.4286; both zones hold 10 dots) to
   * it: (80.8337 + 2 x 71.4286) / 3 = 74.5636. */
  double mean = (sa * 10 + sb * 10) / 20;
  assert_float_equal(r.criteria[STP_CRIT_GRAIN].score, (mean + 2 * sb) / 3, 1e-6);
  assert_float_equal(r.grain_error_deg, sqrt(290.0), 1e-6);
  assert_non_null(strstr(r.criteria[STP_CRIT_GRAIN].figures, "20.0° in B"));
  assert_non_null(strstr(r.criteria[STP_CRIT_GRAIN].advice, "whorl"));

  /* Weighted by impressions, not zones: B with 30 dots (three times round the circle)
   * weighs three times A: (90.2388 x 10 + 71.4286 x 30) / 40 = 76.1311; a third of the way
   * from B's 71.4286: 72.9961. */
  for (int rep = 0; rep < 2; rep++)
    for (int k = 0; k < 10; k++) push(&w, w.items[10 + k]);
  r = score(&s, &w);
  mean = (sa * 10 + sb * 30) / 40;
  assert_float_equal(r.criteria[STP_CRIT_GRAIN].score, (mean + 2 * sb) / 3, 1e-6);
  /* A zone of fewer than 10 dots is not judged on its own: B cut to 9 dots (its error is
   * still 20 deg: the circle's dots alternate +-20) scores the plain weighted mean (then
   * scaled by the evidence, as every criterion judged dot by dot: docs/scoring.md). */
  w.count = 19;
  r = score(&s, &w);
  assert_true(r.evidence < 1);   /* 19 dots of 40 planned: the evidence scales every dot criterion */
  assert_float_equal(r.criteria[STP_CRIT_GRAIN].score, (sa * 10 + sb * 9) / 19 * r.evidence, 1e-6);
  w.count = 40;

  /* The edges of the scale on A alone (20 planned, 10 dots: full evidence): every dot 10 deg
   * off is at the tolerance (100); 45 deg off at the zero (0); 27.5 deg halfway (50). And A
   * across the grain (every dot at 0 deg against 270: 90 off) names the direction to take. */
  s.zone_count = 1;
  const double offs[4] = {10, 45, 27.5, 90};
  const double want[4] = {100, 0, 50, 0};
  for (int c = 0; c < 4; c++) {
    for (int k = 0; k < 10; k++) w.items[k].angle_deg = 270 + (k % 2 ? offs[c] : -offs[c]);
    w.count = 10;
    r = score(&s, &w);
    assert_float_equal(r.grain_error_deg, offs[c], 1e-6);
    assert_float_equal(r.criteria[STP_CRIT_GRAIN].score, want[c], 1e-6);
    /* At the tolerance itself the grain still follows the flow. */
    if (c == 0) assert_non_null(strstr(r.criteria[STP_CRIT_GRAIN].advice, "follows the hair's direction"));
  }
  assert_non_null(strstr(r.criteria[STP_CRIT_GRAIN].advice, "forward (270°)"));
  stp_work_free(&w);
}

/* The grain advice names the target in words. A constant angle: the chart's +y is back over
 * the head, so 270 deg points forward; -90 and 630 are the same direction; 240 is within
 * 22.5 deg of 225 (forward and toward the left); 350 within 22.5 deg of 0 (toward the right
 * ear). A whorl or the head's flow: its sense, clockwise for sense +1 or a zeroed sense (the
 * field turns a zeroed sense clockwise: stp_field.h), counter-clockwise for -1. Every dot is
 * drawn 90 deg across its target, so the advice is given. */
static void grain_advice_names_the_target(void **state) {
  (void)state;
  stp_scenario s; base(&s);
  s.rubric.items[STP_CRIT_GRAIN].enabled = true;
  stp_zone *z = add_zone(&s, "Top", stp_shape_rect(-5, 150, 10, 10), 20, 4);
  stp_work w; stp_work_init(&w);
  lattice(&w, -5, 150, 10, 10, 5, 2);
  const struct { double zone; const char *want; } constant[] = {
    {270, "point every impression forward (270°)"}, {-90, "point every impression forward (270°)"},
    {630, "point every impression forward (270°)"}, {240, "forward and toward the left (240°)"},
    {350, "toward the right ear (350°)"},
  };
  for (size_t c = 0; c < sizeof constant / sizeof constant[0]; c++) {
    z->angle_deg = constant[c].zone;
    for (size_t k = 0; k < w.count; k++) w.items[k].angle_deg = constant[c].zone + 90;
    stp_score_result r = score(&s, &w);
    assert_float_equal(r.criteria[STP_CRIT_GRAIN].score, 0, 1e-9);
    if (!strstr(r.criteria[STP_CRIT_GRAIN].advice, constant[c].want))
      fail_msg("zone at %g: \"%s\"", constant[c].zone, r.criteria[STP_CRIT_GRAIN].advice);
  }
  const int senses[3] = {1, 0, -1};
  for (int kind = 0; kind < 2; kind++)
    for (int k = 0; k < 3; k++) {
      memset(&z->angle_field, 0, sizeof z->angle_field);
      z->angle_field.kind = kind ? STP_FIELD_FLOW : STP_FIELD_WHORL;
      z->angle_field.cx = 0; z->angle_field.cy = 200; z->angle_field.tightness = 40;
      z->angle_field.sense = senses[k];
      stp_field_ctx *ctx = malloc(sizeof *ctx);
      assert_non_null(ctx);
      stp_field_init(ctx, &s);
      for (size_t i = 0; i < w.count; i++)
        w.items[i].angle_deg = stp_field_eval(ctx, 0, &z->angle_field, z->angle_deg, w.items[i].x_mm, w.items[i].y_mm) + 90;
      free(ctx);
      stp_score_result r = score(&s, &w);
      const char *adv = r.criteria[STP_CRIT_GRAIN].advice;
      const char *want = kind ? (senses[k] < 0 ? "natural flow: counter-clockwise" : "natural flow: clockwise")
                              : (senses[k] < 0 ? "spiral counter-clockwise" : "spiral clockwise");
      if (!strstr(adv, want)) fail_msg("field %d, sense %d: \"%s\"", kind, senses[k], adv);
    }
  stp_work_free(&w);
}

/* ---- shade ----------------------------------------------------------------------------
 * Greys only, so that CIEDE2000 can be done by hand. On a neutral grey (r = g = b = Y in
 * linear light) the sRGB matrix gives X/Xn = Y/Yn = Z/Zn = Y, so a* = b* = 0 and
 * L* = 116 Y^(1/3) - 16 (Y > 0.008856). Between two neutral greys C' = 0, so dH' = dC' = 0
 * and the Sharma, Wu & Dalal (2005) formula reduces to dE00 = |dL| / SL with
 * SL = 1 + 0.015 (Lbar - 50)^2 / sqrt(20 + (Lbar - 50)^2) (their eq. 16-17). */
static double grey_y(double L) { double f = (L + 16) / 116; return f * f * f; }
static double de00_grey(double L1, double L2) {
  double m = 0.5 * (L1 + L2) - 50;
  return fabs(L1 - L2) / (1 + 0.015 * m * m / sqrt(20 + m * m));
}

/* The skin a grey at L* 50; the kit two greys: "skin" (the skin's own grey: a dot of it heals
 * to the skin's colour whatever its opacity) and "p", chosen so that a dot of it at ink 1
 * heals to L* 46. From stp_pigment.c at depth 1.0 mm (inside the 0.5-1.5 window: retention 1,
 * no blue shift), needle 0.25, ink 1, no scar, heal_lightening 0: the healed opacity is
 * 0.93 x 1^0.65 x (0.55 + 0.45) x 1 x 1^0.95 = 0.93, and the centre is
 * 0.07 x skin + 0.93 x pigment; so p = (Y(46) - 0.07 Y(50)) / 0.93. */
static void grey_kit(stp_scenario *s) {
  float y50 = (float)grey_y(50), yp = (float)((grey_y(46) - 0.07 * grey_y(50)) / 0.93);
  for (int c = 0; c < 3; c++) { s->skin.rgb[c] = y50; s->pigments[0].rgb[c] = y50; s->pigments[1].rgb[c] = yp; }
  s->pigment_count = 2;
  strcpy(s->pigments[0].id, "skin"); strcpy(s->pigments[1].id, "p");
  s->skin.heal_lightening = 0;
}

static void shade_target(stp_zone *z, double L) {
  z->shade_source = STP_SHADE_COLOUR;
  for (int c = 0; c < 3; c++) z->shade_rgb[c] = (float)grey_y(L);
}

/* Zone A (target L* 53) and zone B (target L* 50), 10 x 10 mm, 20 per cm2 (40 planned). A
 * holds 20 dots of "skin" (healed L* 50: dE00 = 3 / (1 + 0.015 x 1.5^2 / sqrt(22.25)) =
 * 2.97869 each), B 10 of them (dE00 0). A: 100 x (1 - (2.97869 - 1.5) / 4.5) = 67.1403;
 * B: 100. Weighted by impressions: (67.1403 x 20 + 100 x 10) / 30 = 78.0935. The mean dE00
 * over all dots 2.97869 x 20 / 30 = 1.98579. A target darker by the same 3 (L* 47, Lbar 48.5)
 * is as far: the formula is symmetric in L about the pair's mean. */
static void shade_by_hand(void **state) {
  (void)state;
  stp_scenario s; base(&s);
  grey_kit(&s);
  s.rubric.items[STP_CRIT_SHADE].enabled = true;
  shade_target(add_zone(&s, "A", stp_shape_rect(-5, 150, 10, 10), 20, 4), 53);
  shade_target(add_zone(&s, "B", stp_shape_rect(20, 150, 10, 10), 20, 4), 50);
  stp_work w; stp_work_init(&w);
  lattice(&w, -5, 150, 10, 10, 5, 4);
  lattice(&w, 20, 150, 10, 10, 5, 2);
  for (size_t k = 0; k < w.count; k++) w.items[k].ink = 1;
  double de = de00_grey(50, 53);
  assert_float_equal(de, 2.97869, 1e-5);
  double sa = lin(de, 1.5, 6);
  stp_score_result r = score(&s, &w);
  /* The dot-weighted mean (sa x 20 + 100 x 10) / 30, but at most a third of the way from the
   * worst zone's own score (A: sa, 20 dots; every zone counts, as for grain): (mean + 2 sa) / 3. */
  double mean = (sa * 20 + 100 * 10) / 30;
  assert_float_equal(r.criteria[STP_CRIT_SHADE].score, (mean + 2 * sa) / 3, 1e-3);
  assert_float_equal(r.shade_delta_e, de * 20 / 30, 1e-4);
  assert_non_null(strstr(r.criteria[STP_CRIT_SHADE].figures, "3.0 in A"));
  shade_target(&s.zones[0], 47);
  r = score(&s, &w);
  double sa47 = lin(de00_grey(50, 47), 1.5, 6);
  mean = (sa47 * 20 + 100 * 10) / 30;
  assert_float_equal(r.criteria[STP_CRIT_SHADE].score, (mean + 2 * sa47) / 3, 1e-3);
  assert_float_equal(de00_grey(50, 47), de, 1e-12);

  /* Sessions. Zone B alone (target L* 50, 20 planned): 10 dots of "skin" in session 1
   * (dE00 0) and 10 of "p" in session 2 (L* 46: dE00 = 4 / (1 + 0.015 x 2^2 / sqrt(24)) =
   * 3.95160). The dots' mean is 1.97580, but the two sessions' mean colours differ by
   * dE00(50, 46) = 3.95160, which is larger and counts: 100 x (1 - 2.45160 / 4.5) = 45.5200.
   * All in session 1: the mean, 100 x (1 - 0.47580 / 4.5) = 89.4266. With only 9 dots of "p"
   * in session 2, a session under 10 dots is not compared: the mean 3.95160 x 9 / 19 =
   * 1.87181, 100 x (1 - 0.37181 / 4.5) = 91.7376. */
  s.zones[0] = s.zones[1];
  s.zone_count = 1;
  s.rubric.pattern_weight = 0.5;   /* the pattern's neighbour sums beside the session sums: no effect on shade */
  stp_work_clear(&w);
  lattice(&w, 20, 150, 10, 10, 5, 4);
  for (size_t k = 0; k < w.count; k++) {
    w.items[k].ink = 1;
    if (k >= 10) { w.items[k].pigment = 1; w.items[k].session = 2; }
  }
  double d46 = de00_grey(50, 46);
  assert_float_equal(d46, 3.95160, 1e-5);
  r = score(&s, &w);
  assert_float_equal(r.criteria[STP_CRIT_SHADE].score, lin(d46, 1.5, 6), 1e-3);
  assert_float_equal(r.shade_session_delta_e, d46, 1e-4);
  assert_non_null(strstr(r.criteria[STP_CRIT_SHADE].advice, "sessions heal to different shades"));
  assert_non_null(strstr(r.criteria[STP_CRIT_SHADE].figures, "; sessions differ by ΔE00 4.0 in B"));
  for (size_t k = 0; k < w.count; k++) w.items[k].session = 1;
  r = score(&s, &w);
  assert_float_equal(r.criteria[STP_CRIT_SHADE].score, lin(d46 / 2, 1.5, 6), 1e-3);
  assert_float_equal(r.shade_session_delta_e, 0, 1e-12);
  assert_null(strstr(r.criteria[STP_CRIT_SHADE].figures, "sessions differ"));
  for (size_t k = 10; k < w.count; k++) w.items[k].session = 2;
  w.count = 19;
  r = score(&s, &w);
  assert_float_equal(r.criteria[STP_CRIT_SHADE].score, lin(d46 * 9 / 19, 1.5, 6), 1e-3);
  assert_float_equal(r.shade_session_delta_e, 0, 1e-12);
  stp_work_free(&w);
}

/* The shade advice says which way the worst zone is off (docs/scoring.md, "Shade"): most of
 * its dots in another pigment than planned; else ink more than 10 % stronger than planned
 * (too dark) or weaker (too light); else uneven. Zone "Field" plans carbon black at 0.5 on
 * the default kit; the tolerance is set to 0.01 so that any miss gets advice. And it names
 * the target in the client's terms: stubble (hair up to 20 mm), the roots of long hair, the
 * case's colour or the plan. */
static void shade_advice_by_hand(void **state) {
  (void)state;
  stp_scenario s; base(&s);
  s.rubric.items[STP_CRIT_SHADE].enabled = true;
  s.rubric.items[STP_CRIT_SHADE].tolerance = 0.01;
  stp_zone *z = add_zone(&s, "Field", stp_shape_rect(-5, 150, 10, 10), 20, 4);
  z->shade_source = STP_SHADE_HAIR;
  s.hair_count = 1;
  s.hair[0].shape = stp_shape_rect(-50, 100, 100, 100);
  s.hair[0].density_per_cm2 = 60;
  s.hair[0].length_mm = 0.5;
  for (int c = 0; c < 3; c++) s.hair[0].rgb[c] = 0.02f;
  /* A second region past hair_count is not the scenario's: never read. */
  s.hair[1] = s.hair[0];
  s.hair[1].length_mm = 30;
  stp_work w; stp_work_init(&w);
  lattice(&w, -5, 150, 10, 10, 5, 2);
  struct { double ink; int wrong_pigment; const char *want; } cases[] = {
    {1.0, 0, "Field heals too dark: dilute the ink (about 0.50) so the dots match the client's stubble on this skin"},
    {0.25, 0, "Field heals too light"},
    {0.5, 6, "Field heals the wrong colour: use Carbon black"},   /* 6 of 10 in dark brown */
    {1.0, 4, "Field heals too dark"},                             /* 4 of 10: not most */
    {0.47, 0, "The shade in Field is uneven"},                    /* within 10 % of 0.5 */
    {0.55, 0, "The shade in Field is uneven"},                    /* exactly 1.1 x 0.5: not over */
  };
  for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
    for (size_t k = 0; k < w.count; k++) {
      w.items[k].ink = cases[c].ink;
      w.items[k].pigment = (int)k < cases[c].wrong_pigment ? 3 : 0;
    }
    stp_score_result r = score(&s, &w);
    if (!strstr(r.criteria[STP_CRIT_SHADE].advice, cases[c].want))
      fail_msg("ink %g, %d off: \"%s\"", cases[c].ink, cases[c].wrong_pigment, r.criteria[STP_CRIT_SHADE].advice);
  }
  for (size_t k = 0; k < w.count; k++) { w.items[k].ink = 1.0; w.items[k].pigment = 0; }
  const char *words[4] = {"the roots of the client's hair", "the shade the case sets", "the planned shade",
                          "the client's stubble on this skin"};
  for (int c = 0; c < 4; c++) {
    s.hair[0].length_mm = c == 0 ? 30 : 0.5;
    z->shade_source = c == 1 ? STP_SHADE_COLOUR : c == 2 ? STP_SHADE_PLAN : STP_SHADE_HAIR;
    z->ink = c == 2 ? 0.25 : 0.5;
    for (int q = 0; q < 3; q++) z->shade_rgb[q] = 0.1f;
    stp_score_result r = score(&s, &w);
    if (!strstr(r.criteria[STP_CRIT_SHADE].advice, words[c])) fail_msg("%d: \"%s\"", c, r.criteria[STP_CRIT_SHADE].advice);
  }
  stp_work_free(&w);
}

/* A zone whose target is its plan with an ink or a depth that varies (a ramp from its front
 * edge) plans a different dot at each position: dots alike in every input but their position
 * are judged against different targets. The order of the rows changes nothing
 * (docs/scoring.md, "Determinism"): ten dots at the front and ten at the back, all at ink 1
 * and depth 1, scored in both orders, give the same figures to the bit, and the mean lies
 * strictly between the front's and the back's (the back's target is the dot itself: 0). */
static void shade_plan_fields_by_position(void **state) {
  (void)state;
  for (int field = 0; field < 2; field++) {
    stp_scenario s; base(&s);
    s.rubric.items[STP_CRIT_SHADE].enabled = true;
    stp_zone *z = add_zone(&s, "Ramp", stp_shape_rect(-5, 150, 10, 20), 10, 2);
    z->ink = 1.0;
    stp_field *f = field ? &z->depth_field : &z->ink_field;
    f->kind = STP_FIELD_RAMP; f->from = field ? 0.3 : 0.25; f->to = 1.0; f->width = 10;
    stp_work a, b; stp_work_init(&a); stp_work_init(&b);
    for (int k = 0; k < 10; k++) {
      stp_impression front = dot(-4.5 + k, 150.5), back = dot(-4.5 + k, 165);
      front.ink = back.ink = 1.0;
      push(&a, front); push(&b, back);
    }
    for (int k = 0; k < 10; k++) { push(&a, b.items[k]); }
    for (int k = 0; k < 10; k++) { push(&b, a.items[k]); }
    stp_score_result ra = score(&s, &a), rb = score(&s, &b);
    assert_memory_equal(&ra.shade_delta_e, &rb.shade_delta_e, sizeof(double));
    assert_memory_equal(&ra.criteria[STP_CRIT_SHADE].score, &rb.criteria[STP_CRIT_SHADE].score, sizeof(double));
    /* The back ten alone: their target is their own dot, 0; the front ten alone: more. */
    a.count = 10;   /* the front */
    b.count = 10;   /* the back */
    stp_score_result rf = score(&s, &a), rk = score(&s, &b);
    assert_float_equal(rk.shade_delta_e, 0, 1e-9);
    assert_true(rf.shade_delta_e > 1);
    assert_float_equal(ra.shade_delta_e, 0.5 * rf.shade_delta_e, 1e-6);
    stp_work_free(&a); stp_work_free(&b);
  }
}

/* ---- hairline -------------------------------------------------------------------------
 * A hairline zone 40 mm wide (x -20..20) whose front edge is y = 100, 20 mm deep: ten 4 mm
 * columns (centres -18, -14, ..., 18; column c mirrors 127 - c about x = 0). Depths behind
 * the line are binned by 0.5 mm. */
static stp_zone *hairline_zone(stp_scenario *s) {
  base(s);
  s->rubric.items[STP_CRIT_HAIRLINE].enabled = true;
  stp_zone *z = add_zone(s, "Hairline", stp_shape_rect(-20, 100, 40, 20), 40, 6);
  z->role = STP_ZONE_HAIRLINE;
  return z;
}

/* Position and symmetry, on a constant target of 40 per cm2: a column expects
 * 0.4 x 4 x 0.5 = 0.8 dots per bin, 1.68 (the second dot's median) is first reached in the
 * third bin (0.8, 1.6, 2.4), so the second dot is expected at the middle of bin 2, 1.25 mm.
 * Each column gets dots at 3.2, 3.7 and 5.0 mm: the second is in bin 7 (3.5..4.0), read at
 * 3.75: set back 3.75 - 1.25 = 2.5 mm. A constant target has no transition and no rise,
 * and mirrored columns agree: error 2.5, score 100 x (1 - 0.5 / 10) = 95.
 * Then the three leftmost columns (x -18, -14, -10) set back 6 mm more (8.5): the median
 * of 7 x 2.5 and 3 x 8.5 is 2.5; of the five mirrored pairs three differ by 6, so the root
 * mean square is sqrt(3 x 36 / 5) = 4.648, but the worst three adjacent pairs (12 mm) differ
 * by 6 on average, which counts: sqrt(2.5^2 + 6^2) = 6.5, score 100 x (1 - 4.5 / 10) = 55.
 * Then the whole left half set back 4 mm (6.5 against 2.5): the median of five of each is
 * 4.5, all five pairs differ by 4 (root mean square 4, worst stretch 4):
 * sqrt(4.5^2 + 4^2) = 6.0208, score 100 x (1 - 4.0208 / 10) = 59.792. */
static void hairline_position_and_symmetry_by_hand(void **state) {
  (void)state;
  stp_scenario s;
  hairline_zone(&s);
  stp_work w; stp_work_init(&w);
  const double depth[3] = {3.2, 3.7, 5.0};
  for (int col = 0; col < 10; col++)
    for (int k = 0; k < 3; k++) push(&w, dot(-18 + 4 * col, 100 + depth[k]));
  stp_score_result r = score(&s, &w);
  assert_true(r.criteria[STP_CRIT_HAIRLINE].enabled);
  assert_float_equal(r.hairline_position_mm, 2.5, 1e-9);
  assert_float_equal(r.hairline_asymmetry_mm, 0, 1e-9);
  assert_true(isnan(r.hairline_width_mm));
  assert_float_equal(r.criteria[STP_CRIT_HAIRLINE].score, 95, 1e-9);
  assert_non_null(strstr(r.criteria[STP_CRIT_HAIRLINE].advice, "forward"));

  for (size_t k = 0; k < 9; k++) w.items[k].y_mm += 6;   /* columns x = -18, -14, -10 */
  r = score(&s, &w);
  assert_float_equal(r.hairline_position_mm, 2.5, 1e-9);
  assert_float_equal(r.hairline_asymmetry_mm, 6, 1e-9);
  assert_float_equal(r.criteria[STP_CRIT_HAIRLINE].score, 55, 1e-9);
  assert_non_null(strstr(r.criteria[STP_CRIT_HAIRLINE].advice, "two sides differ"));

  /* The same 12 mm set back next to the middle instead (x -10, -6, -2): the same figures. */
  for (size_t k = 0; k < 9; k++) w.items[k].y_mm -= 6;
  for (size_t k = 6; k < 15; k++) w.items[k].y_mm += 6;
  r = score(&s, &w);
  assert_float_equal(r.hairline_position_mm, 2.5, 1e-9);
  assert_float_equal(r.hairline_asymmetry_mm, 6, 1e-9);
  assert_float_equal(r.criteria[STP_CRIT_HAIRLINE].score, 55, 1e-9);
  for (size_t k = 6; k < 15; k++) w.items[k].y_mm -= 6;
  for (size_t k = 0; k < 9; k++) w.items[k].y_mm += 6;

  for (size_t k = 0; k < 9; k++) w.items[k].y_mm -= 2;   /* left half 4 mm back (6.5) */
  for (size_t k = 9; k < 15; k++) w.items[k].y_mm += 4;
  r = score(&s, &w);
  assert_float_equal(r.hairline_position_mm, 4.5, 1e-9);
  assert_float_equal(r.hairline_asymmetry_mm, 4, 1e-9);
  assert_float_equal(r.criteria[STP_CRIT_HAIRLINE].score, 100 * (1 - (sqrt(4.5 * 4.5 + 16) - 2) / 10), 1e-9);

  /* The second dot exactly where expected (bin 2, 1.0..1.5 mm: read at 1.25): position 0,
   * "behind" by 0.0. */
  stp_work_clear(&w);
  for (int col = 0; col < 10; col++)
    for (int k = 0; k < 3; k++) push(&w, dot(-18 + 4 * col, 100 + 0.2 + 1.1 * k));
  r = score(&s, &w);
  assert_float_equal(r.hairline_position_mm, 0, 1e-12);
  assert_non_null(strstr(r.criteria[STP_CRIT_HAIRLINE].figures, "front 0.0 mm behind the designed line"));
  /* No ramp, no transition to judge: read as 0, "wider" by 0.0. */
  assert_non_null(strstr(r.criteria[STP_CRIT_HAIRLINE].figures, "transition 0.0 mm wider than designed"));
  assert_float_equal(r.criteria[STP_CRIT_HAIRLINE].score, 100, 1e-12);
  /* The figures show a tolerance as set: 2.5 mm reads "2.5", not "2" (issue 9: printf's
   * "%.0f" rounded 2.5 half to even). */
  assert_non_null(strstr(r.criteria[STP_CRIT_HAIRLINE].figures, "(full marks within 2 mm, none at 12 mm)"));
  s.rubric.items[STP_CRIT_HAIRLINE].tolerance = 2.5;
  s.rubric.items[STP_CRIT_HAIRLINE].zero = 12.5;
  r = score(&s, &w);
  assert_non_null(strstr(r.criteria[STP_CRIT_HAIRLINE].figures, "(full marks within 2.5 mm, none at 12.5 mm)"));
  s.rubric.items[STP_CRIT_HAIRLINE].tolerance = 2;
  s.rubric.items[STP_CRIT_HAIRLINE].zero = 12;

  /* Two dots in every column: no column can place a front, so nothing is drawn: 0. */
  stp_work_clear(&w);
  for (int col = 0; col < 10; col++)
    for (int k = 0; k < 2; k++) push(&w, dot(-18 + 4 * col, 100 + depth[k]));
  r = score(&s, &w);
  assert_true(isnan(r.hairline_position_mm));
  assert_float_equal(r.criteria[STP_CRIT_HAIRLINE].score, 0, 1e-12);
  stp_work_free(&w);
}

/* The same hairline as two zones side by side (x -20..-8 and -8..20): each column belongs to
 * the zone over its centre (-18, -14, -10 the left one's), and mirrored columns are compared
 * across the two. With the three
 * leftmost columns set back 6 mm the figures are those of one zone: position 2.5, the worst
 * stretch 6, score 55. */
static void hairline_in_two_zones(void **state) {
  (void)state;
  stp_scenario s;
  stp_zone *z = hairline_zone(&s);
  z->shape = stp_shape_rect(-20, 100, 12, 20);
  stp_zone *r2 = add_zone(&s, "Right", stp_shape_rect(-8, 100, 28, 20), 40, 6);
  r2->role = STP_ZONE_HAIRLINE;
  stp_work w; stp_work_init(&w);
  const double depth[3] = {3.2, 3.7, 5.0};
  for (int col = 0; col < 10; col++)
    for (int k = 0; k < 3; k++) push(&w, dot(-18 + 4 * col, 100 + depth[k] + (col < 3 ? 6 : 0)));
  stp_score_result r = score(&s, &w);
  assert_float_equal(r.hairline_position_mm, 2.5, 1e-9);
  assert_float_equal(r.hairline_asymmetry_mm, 6, 1e-9);
  assert_float_equal(r.criteria[STP_CRIT_HAIRLINE].score, 55, 1e-9);
  stp_work_free(&w);
}

/* Transition and rise, on a soft designed hairline: the density a ramp from 0 at the front to
 * 50 per cm2 at W = 6 mm behind it (smoothstep s(t) = t^2 (3 - 2t), t = d / 6), full (0.5 per
 * mm2) beyond. A column expects 0.5 x 4 x 0.5 x s = s(d) dots in the bin whose middle is d:
 * bins 0..11 (d = 0.25, 0.75, ..., 5.75): 0.0051 0.0430 0.1121 0.2056 0.3164 0.4376 0.5624
 * 0.6836 0.7944 0.8879 0.9570 0.9949 (s is odd about the middle, so pairs from the two ends
 * sum to 1 and the twelve to 6).
 *  - expected second dot: the running sum first reaches 1.68 in bin 6 (1.1198, then 1.6821):
 *    at 3.25 mm;
 *  - the design's missing density over the band: 6 - 6 x 0.5 x 4 x 0.5 / (4 x 0.5) = 3.0 mm;
 *  - the design's rise: the 3 mm (six-bin) running mean of s first reaches 0.2 over bins
 *    1..6 (1.6771 / 6 = 0.280; bins 0..5 give 0.187), centred at 0.5 + 1.5 = 2.0 mm, and
 *    0.8 over bins 6..11 (4.8802 / 6 = 0.813; 5..10 give 0.720), at 3 + 1.5 = 4.5 mm:
 *    2.5 mm.
 * The works: one dot per bin per column, i.e. exactly full density (0.5 x 4 x 0.5 = 1), down
 * to 20 mm: the zone reaches 15 mm behind the ramp's end + 1 mm, so the full density is
 * measured over 7..15 mm (16 dots per column: 0.5 per mm2, as designed).
 * (a) Hard and full from the front: the second dot in bin 1 (0.75 mm): position
 *     0.75 - 3.25 = -2.5 (in front); the band holds 12 dots, all of it: missing 0, so the
 *     transition reads 6 x 0 / 3 - 6 = -6 mm; the rise: the running mean (profile 0 in
 *     front, 1 behind) first reaches 0.2 with two full bins in the window (window from bin
 *     -4, centred at -2 + 1.5 = -0.5) and 0.8 with five (from bin -1: 1.0): 1.5 mm, 1 mm
 *     shorter than designed, counted 3 times: 3. Error sqrt(2.5^2 + 6^2 + 3^2) =
 *     sqrt(51.25) = 7.1589; score 100 x (1 - 5.1589 / 10) = 48.41.
 * (b) The same hard line set back 3 mm (dots from bin 6): the second dot in bin 7, 3.75 mm:
 *     position 0.5; the band holds bins 6..11, 6 dots: missing 6 - 6 / 2 = 3, as designed,
 *     so the transition reads 0; but it still rises in 1.5 mm (from bin 2, centred 2.5,
 *     to bin 5, 4.0): hardness 3. Error sqrt(0.5^2 + 3^2) = 3.0414; score 89.586. This is
 *     docs/scoring.md's case: the transition depth alone cannot tell it from the design. */
/* (c) Hard from the front at half density: a dot in every other bin (0, 2, 4, ...). The full
 *     density is the column's own, measured over 7..15 mm: 8 dots, 8 / (4 x 8) = 0.25 per
 *     mm2 (the design's 0.5 is not used: an evenly sparse work keeps its shape). The band
 *     holds 6 dots: missing 6 - 6 / (4 x 0.25) = 0, transition -6 as in (a). The profile is 2
 *     in every other bin (1 / (0.25 x 4 x 0.5)): the six-bin mean reaches 0.2 with bin 0 in
 *     the window (from bin -5: -2.5 + 1.5 = -1.0) and 0.8 with bins 0, 2, 4 (from bin -1:
 *     1.0): a rise of 2.0, 0.5 short: hardness 1.5. The second dot in bin 2 (1.25 mm):
 *     position 1.25 - 3.25 = -2. Error sqrt(2^2 + 6^2 + 1.5^2) = sqrt(42.25) = 6.5; score
 *     100 x (1 - 4.5 / 10) = 55. */
static void hairline_transition_and_rise_by_hand(void **state) {
  (void)state;
  stp_scenario s;
  stp_zone *z = hairline_zone(&s);
  z->density_per_cm2 = 50;
  z->density_field.kind = STP_FIELD_RAMP;
  z->density_field.from = 0; z->density_field.to = 50; z->density_field.width = 6;
  stp_work w; stp_work_init(&w);
  for (int pass = 0; pass < 3; pass++) {
    stp_work_clear(&w);
    for (int col = 0; col < 10; col++)
      for (int b = pass == 1 ? 6 : 0; b < 40; b += pass == 2 ? 2 : 1)
        push(&w, dot(-19 + 4 * col + (b % 3), 100 + (b + 0.5) * 0.5));
    if (pass == 2) {
      stp_score_result r = score(&s, &w);
      assert_float_equal(r.hairline_rise_design_mm, 2.5, 1e-9);
      assert_float_equal(r.hairline_rise_mm, 2.0, 1e-9);
      assert_float_equal(r.hairline_position_mm, -2, 1e-9);
      assert_float_equal(r.hairline_width_mm, -6, 1e-6);
      assert_float_equal(r.criteria[STP_CRIT_HAIRLINE].score, 55, 1e-6);
      continue;
    }
    stp_score_result r = score(&s, &w);
    assert_float_equal(r.hairline_rise_design_mm, 2.5, 1e-9);
    assert_float_equal(r.hairline_rise_mm, 1.5, 1e-9);
    assert_float_equal(r.hairline_asymmetry_mm, 0, 1e-9);
    if (pass == 0) {
      assert_float_equal(r.hairline_position_mm, -2.5, 1e-9);
      assert_float_equal(r.hairline_width_mm, -6, 1e-6);
      assert_float_equal(r.criteria[STP_CRIT_HAIRLINE].score, 100 * (1 - (sqrt(51.25) - 2) / 10), 1e-6);
      assert_non_null(strstr(r.criteria[STP_CRIT_HAIRLINE].advice, "too hard"));
    } else {
      assert_float_equal(r.hairline_position_mm, 0.5, 1e-9);
      assert_float_equal(r.hairline_width_mm, 0, 1e-6);
      assert_float_equal(r.criteria[STP_CRIT_HAIRLINE].score, 100 * (1 - (sqrt(9.25) - 2) / 10), 1e-6);
      assert_non_null(strstr(r.criteria[STP_CRIT_HAIRLINE].advice, "too hard"));
    }
  }
  stp_work_free(&w);
}

/* ---- spacing --------------------------------------------------------------------------
 * The pattern (pattern_weight 0.5; merges score 100 on both works: every dot is 2 mm from
 * its nearest, far beyond a 0.25 mm needle's spread of about 0.45 mm).
 * (a) A perfect square lattice: 36 dots 2 mm apart at (11 + 2i, 151 + 2j) in a 12 x 12 mm
 *     zone at (10, 150) (A = 144, P = 48, n = 36; 25 per cm2: 36 planned). Every nearest neighbour is 2 mm
 *     away along an axis. Expected distance at random (Donnelly):
 *     0.5 sqrt(144 / 36) + (0.0514 + 0.041 / 6) x 48 / 36 = 1 + 0.077644 = 1.077644, so
 *     R = 2 / 1.077644 = 1.855900. The directions are all multiples of 90 deg: e^{4i theta} = 1,
 *     grid order 1 over the zone. Within 1 cm tiles: the tile x 10..20, y 150..160 holds 25
 *     dots, sqrt(1 - 1/25) = 0.979796; the others hold 5, 5 and 1 (under 12: not judged).
 *     Pattern: regular (1.8559 - 1.75) / 0.25 = 0.4236, order (1 - 0.28) / 0.14 = 5.14: the
 *     worst, so 0; spacing 0.5 x 100 + 0.5 x 0 = 50.
 * (b) No preferred direction, clumped: 16 pairs of dots 2 mm apart, centred on a 5 x 10 mm
 *     grid (x 2.5 .. 37.5, y 155 and 165) in a 40 x 20 mm zone (A = 800, P = 120, n = 32;
 *     4 per cm2: 32 planned), pair k turned k x 11.25 deg. Dots of different pairs are at
 *     least 5 - 2 = 3 mm apart, so every nearest neighbour is the partner at 2 mm, in the
 *     pair's direction or its opposite: 4 theta runs over k x 45 deg (twice round) and
 *     6 theta over k x 67.5 deg (three times round, 16 distinct 16th roots of unity): both
 *     means are 0, and each 1 cm tile holds 4 dots (not judged). Expected distance
 *     0.5 sqrt(25) + (0.0514 + 0.041 / sqrt(32)) x 120 / 32 = 2.5 + 0.219929 = 2.719929, so
 *     R = 2 / 2.719929 = 0.735313: clumped by (1.1 - 0.735313) / 0.4 = 0.911718, pattern
 *     100 x (1 - 0.911718) = 8.8282, spacing 0.5 x 100 + 0.5 x 8.8282 = 54.414. */
static void spacing_pattern_by_hand(void **state) {
  (void)state;
  stp_scenario s; base(&s);
  s.rubric.pattern_weight = 0.5;
  add_zone(&s, "Lattice", stp_shape_rect(10, 150, 12, 12), 25, 5);
  stp_work w; stp_work_init(&w);
  for (int j = 0; j < 6; j++)
    for (int i = 0; i < 6; i++) push(&w, dot(11 + 2 * i, 151 + 2 * j));
  stp_score_result r = score(&s, &w);
  double expect = 0.5 * 2 + (0.0514 + 0.041 / 6) * 48 / 36;
  assert_float_equal(expect, 1.077644, 1e-6);
  assert_int_equal(r.merged, 0);
  assert_int_equal(r.pattern_dots, 36);
  assert_float_equal(r.clark_evans, 2 / expect, 1e-6);
  assert_float_equal(r.grid_order_zone, 1, 1e-5);
  assert_float_equal(r.grid_order_local, sqrt(0.96), 1e-5);
  assert_float_equal(r.grid_order, 1, 1e-5);
  assert_float_equal(r.criteria[STP_CRIT_SPACING].score, 50, 1e-6);
  assert_non_null(strstr(r.criteria[STP_CRIT_SPACING].advice, "too regular"));

  s.zones[0].shape = stp_shape_rect(0, 150, 40, 20);
  s.zones[0].density_per_cm2 = 4; s.zones[0].density_tolerance = 1;
  stp_work_clear(&w);
  for (int k = 0; k < 16; k++) {
    double cx = 2.5 + 5 * (k % 8), cy = 155 + 10 * (k / 8), t = k * 11.25 * PI / 180;
    push(&w, dot(cx + cos(t), cy + sin(t)));
    push(&w, dot(cx - cos(t), cy - sin(t)));
  }
  r = score(&s, &w);
  expect = 2.5 + (0.0514 + 0.041 / sqrt(32.0)) * 120 / 32;
  assert_float_equal(expect, 2.719929, 1e-6);
  assert_int_equal(r.merged, 0);
  assert_int_equal(r.pattern_dots, 32);
  assert_float_equal(r.clark_evans, 2 / expect, 1e-5);
  assert_float_equal(r.grid_order_zone, 0, 1e-5);
  assert_float_equal(r.grid_order_local, 0, 1e-12);
  double pat = 100 * (1 - (1.1 - 2 / expect) / 0.4);
  assert_float_equal(pat, 8.8282, 1e-3);
  assert_float_equal(r.criteria[STP_CRIT_SPACING].score, 0.5 * 100 + 0.5 * pat, 1e-3);
  assert_non_null(strstr(r.criteria[STP_CRIT_SPACING].advice, "clump"));

  /* Fewer than 30 dots in the zone: the pattern is not judged and merges alone count. */
  w.count = 28;
  r = score(&s, &w);
  assert_int_equal(r.pattern_dots, 0);
  assert_float_equal(r.clark_evans, 0, 1e-12);
  assert_float_equal(r.grid_order_zone, 0, 1e-12);
  assert_float_equal(r.criteria[STP_CRIT_SPACING].score, 100, 1e-9);
  stp_work_free(&w);
}

/* A score beside the threshold it is judged against is never shown rounded up to it: 69.6
 * below a gate of 70 reads "69.6", not "70" (the work failed); 69.96 floors to "69.9"; 69.4
 * rounds to "69"; at or over the threshold it is the usual rounding (99.99 -> "100"). With
 * tenths: 69.96 below a pass mark of 70 reads "69.9" (it read "70.0 is below the pass mark
 * of 70"). */
static void scores_are_never_shown_across_their_threshold(void **state) {
  (void)state;
  char b[32];
  assert_string_equal(stp_score_shown(69.6, 70, false, b, sizeof b), "69.6");
  assert_string_equal(stp_score_shown(69.96, 70, false, b, sizeof b), "69.9");
  assert_string_equal(stp_score_shown(69.4, 70, false, b, sizeof b), "69");
  assert_string_equal(stp_score_shown(70, 70, false, b, sizeof b), "70");
  assert_string_equal(stp_score_shown(99.99, 70, false, b, sizeof b), "100");
  assert_string_equal(stp_score_shown(2.4, 70, false, b, sizeof b), "2");
  assert_string_equal(stp_score_shown(69.96, 70, true, b, sizeof b), "69.9");
  assert_string_equal(stp_score_shown(69.94, 70, true, b, sizeof b), "69.9");
  assert_string_equal(stp_score_shown(2.0, 70, true, b, sizeof b), "2.0");
}

/* (d) The advice agrees with the score a trainee reads. The pairs of (c), with pairs 2, 4, 6
 *     and 12 turned to an angle phi: the sum of e^{4i theta} over the pairs is the others' 2
 *     plus 4 e^{4i phi}, of magnitude sqrt(20 + 16 cos 4 phi), so a grid order o (the mean over
 *     the 32 dots, 2 x that / 32) comes from cos 4 phi = ((16 o)^2 - 20) / 16. (Of e^{6i theta}
 *     the sum is -i sqrt(2) + 4 e^{6i phi}, about 3.1 here: under the 4-fold one.) At o = 0.2802
 *     the pattern is 100 (1 - 0.0002 / 0.14) = 99.857 and spacing 99.93, shown as 100: the
 *     advice must not say the pattern reads as rows (it did). At o = 0.285: pattern 96.43,
 *     spacing 98.21, and it says so. */
static void spacing_advice_follows_the_shown_score(void **state) {
  (void)state;
  stp_scenario s; base(&s);
  s.rubric.pattern_weight = 0.5;
  add_zone(&s, "Field", stp_shape_rect(0, 150, 40, 40), 2, 1);
  stp_work w; stp_work_init(&w);
  const double orders[2] = {0.2802, 0.285};
  for (int i = 0; i < 2; i++) {
    double o = orders[i], phi = acos((16 * o * 16 * o - 20) / 16) / 4;
    stp_work_clear(&w);
    for (int k = 0; k < 16; k++) {
      double cx = 5 + 10 * (k % 4), cy = 155 + 10 * (k / 4);
      double t = k == 2 || k == 4 || k == 6 || k == 12 ? phi : k * 11.25 * PI / 180;
      push(&w, dot(cx + 2.25 * cos(t), cy + 2.25 * sin(t)));
      push(&w, dot(cx - 2.25 * cos(t), cy - 2.25 * sin(t)));
    }
    stp_score_result r = score(&s, &w);
    assert_float_equal(r.grid_order, o, 1e-4);
    double pat = 100 * (1 - (o - 0.28) / 0.14);
    assert_float_equal(r.criteria[STP_CRIT_SPACING].score, 0.5 * 100 + 0.5 * pat, 0.05);
    if (i == 0) {
      assert_true(r.criteria[STP_CRIT_SPACING].score >= 99.5);   /* shown as 100 */
      assert_null(strstr(r.criteria[STP_CRIT_SPACING].advice, "too regular"));
      assert_non_null(strstr(r.criteria[STP_CRIT_SPACING].advice, "No merged dots"));
    } else {
      assert_non_null(strstr(r.criteria[STP_CRIT_SPACING].advice, "too regular"));
    }
  }
  stp_work_free(&w);
}

/* (c) Natural spacing, and a partial grid order. 16 pairs of dots 4.5 mm apart, centred on a
 *     10 mm grid (5, 15, 25, 35 each way) in a 40 x 40 mm zone (A = 1600, P = 160, n = 32;
 *     2 per cm2: 32 planned); dots of different pairs are at least 10 - 4.5 = 5.5 mm apart, so
 *     each one's nearest is its partner, and each 1 cm tile holds one pair (2 dots: not
 *     judged). Expected distance 0.5 sqrt(50) + (0.0514 + 0.041 / sqrt(32)) x 160 / 32 =
 *     3.535534 + 0.293239 = 3.828773: R = 4.5 / 3.828773 = 1.175311, natural.
 *     Pairs turned k x 11.25 deg (k = 0..15): grid order 0 (as in (b)), pattern 100, spacing
 *     100. Then pairs 2, 4, 6 and 12 turned to 0 deg instead: the sum of e^{4i theta} over
 *     the pairs loses i - 1 - i - 1 = -2 and gains 4: 6, so the mean over the 32 dots is
 *     2 x 6 / 32 = 0.375; of e^{6i theta} it loses e^{i135} + e^{i270} + e^{i45} + e^{i90}
 *     = i sqrt(2) and gains 4: |4 - i sqrt(2)| = sqrt(18), mean 2 x 4.2426 / 32 = 0.2652. The
 *     order, 0.375, is past the natural 0.28 by (0.375 - 0.28) / 0.14 = 0.678571 of the way to
 *     0.42: pattern 32.1429, spacing 0.5 x 100 + 0.5 x 32.1429 = 66.0714. */
static void spacing_natural_and_partial_order_by_hand(void **state) {
  (void)state;
  stp_scenario s; base(&s);
  s.rubric.pattern_weight = 0.5;
  add_zone(&s, "Field", stp_shape_rect(0, 150, 40, 40), 2, 1);
  double expect = 0.5 * sqrt(50.0) + (0.0514 + 0.041 / sqrt(32.0)) * 160 / 32;
  assert_float_equal(expect, 3.828773, 1e-6);
  stp_work w; stp_work_init(&w);
  for (int turned = 0; turned < 2; turned++) {
    stp_work_clear(&w);
    for (int k = 0; k < 16; k++) {
      double cx = 5 + 10 * (k % 4), cy = 155 + 10 * (k / 4);
      bool zero = turned && (k == 2 || k == 4 || k == 6 || k == 12);
      double t = zero ? 0 : k * 11.25 * PI / 180;
      push(&w, dot(cx + 2.25 * cos(t), cy + 2.25 * sin(t)));
      push(&w, dot(cx - 2.25 * cos(t), cy - 2.25 * sin(t)));
    }
    stp_score_result r = score(&s, &w);
    assert_int_equal(r.pattern_dots, 32);
    assert_float_equal(r.clark_evans, 4.5 / expect, 1e-5);
    assert_float_equal(r.grid_order_local, 0, 1e-12);
    if (!turned) {
      assert_float_equal(r.grid_order, 0, 1e-5);
      assert_float_equal(r.criteria[STP_CRIT_SPACING].score, 100, 1e-9);
      assert_non_null(strstr(r.criteria[STP_CRIT_SPACING].advice, "No merged dots"));
    } else {
      assert_float_equal(r.grid_order_zone, 0.375, 1e-5);
      assert_float_equal(r.criteria[STP_CRIT_SPACING].score, 0.5 * 100 + 0.5 * 100 * (1 - 0.095 / 0.14), 1e-3);
      assert_non_null(strstr(r.criteria[STP_CRIT_SPACING].advice, "too regular"));
    }
  }
  stp_work_free(&w);
}

/* Merges by hand: 10 dots; dots 0 and 1 stamped 0.1 mm apart (they merge: the spread of a
 * 0.25 mm needle at 1 mm is 0.25 x 1.55 x 1.12 = 0.434 mm, test_score.c), the rest 2 mm
 * apart. 2 of 10 merge: 100 x (1 - 0.2 / 0.3) = 33.33 (the zone's 20 planned: full
 * evidence). A max_merged_fraction of 0.4: 100 x (1 - 0.2 / 0.4) = 50. A merge_factor of 10
 * makes each 2 mm gap a merge too (10 x 0.434 = 4.3 mm): all 10, 0. */
static void spacing_merges_by_hand(void **state) {
  (void)state;
  stp_scenario s; base(&s);
  add_zone(&s, "Field", stp_shape_rect(-5, 150, 10, 10), 20, 4);
  stp_work w; stp_work_init(&w);
  push(&w, dot(-4, 151));
  push(&w, dot(-3.9, 151));
  for (int k = 0; k < 8; k++) push(&w, dot(-4 + 2 * (k % 4), 154 + 3 * (k / 4)));
  stp_impression a = dot(0, 0), b = dot(0, 0);
  assert_float_equal(stp_score_merge_distance(&s, &a, &b), 0.434, 1e-9);
  b.depth_mm = 0.5;   /* 0.25 x (1 + 0.55 x 0.5) x 1.12 = 0.357: (0.434 + 0.357) / 2 = 0.3955 */
  assert_float_equal(stp_score_merge_distance(&s, &a, &b), 0.5 * (0.434 + 0.25 * 1.275 * 1.12), 1e-9);
  stp_score_result r = score(&s, &w);
  assert_int_equal(r.merged, 2);
  assert_float_equal(r.criteria[STP_CRIT_SPACING].score, 100 * (1 - 0.2 / 0.3), 1e-9);
  assert_non_null(strstr(r.criteria[STP_CRIT_SPACING].advice, "blob"));
  s.rubric.max_merged_fraction = 0.4;
  r = score(&s, &w);
  assert_float_equal(r.criteria[STP_CRIT_SPACING].score, 50, 1e-9);
  s.rubric.merge_factor = 10;
  r = score(&s, &w);
  assert_int_equal(r.merged, 10);
  assert_float_equal(r.criteria[STP_CRIT_SPACING].score, 0, 1e-9);
  stp_work_free(&w);
}

/* ---- the distance look ----------------------------------------------------------------
 * Two 10 x 10 mm zones 20 mm apart (A at x 0..10, B at x 30..40, y 150..160), 100 per cm2:
 * one planned dot per 1 mm cell of the look's grid (which starts 12 mm before the zones, on
 * whole millimetres). The blur's kernel reaches 5 cells (3 sigma), so neither zone sees the
 * other, and both sit alike on the grid (30 cells apart, an even number: the same sampled
 * cells): the plan's contrast with bare skin is the same in both.
 * (a) A dot of the planned kind in the middle of every cell of A and of B: each cell gets
 *     the planned dot's cover, so the work's tones are the plan's: error 0, 100.
 * (b) A as in (a), B bare: A reads 0, B as far off as doing nothing (its tones are the bare
 *     skin's): 1, which scores 100 x (1 - (1 - 0.3) / (1.2 - 0.3)) = 22.22; the zones weigh
 *     alike: 61.11; the overall error is (0 + 1) / 2 = 0.5. 100 dots against the 200 planned
 *     are exactly the half needed for full evidence, so nothing is scaled.
 * (c) Every dot at half strength: the planned positions with ink 0.5 x 2^(-1/1.6). The
 *     healed opacity follows ink^0.65 x ink^0.95 = ink^1.6 and nothing else changes with ink
 *     (size, colour: stp_pigment.c), so each dot's cover halves and every cell's tone is
 *     exactly halfway, in linear light, between the bare skin's and the plan's. If the colour
 *     difference were linear the error would be 0.5; CIELAB's cube root makes the halfway
 *     tone read a little nearer the lighter end (for a darkening of Y by a fraction k,
 *     0.5 + k/12 + O(k^2)), and here the plan darkens by about 5 % (a planned dot covers
 *     pi x 0.2655^2 x 0.230 = 0.051 of its mm2 in carbon black): so 0.5 <= error < 0.51, and
 *     the score follows from it on the linear scale (76.7 .. 77.8). (A bracket: the exact
 *     figure is a CIEDE2000 of blurred skin tones.) */
static void look_by_hand(void **state) {
  (void)state;
  stp_scenario s; base(&s);
  s.rubric.items[STP_CRIT_LOOK].enabled = true;
  add_zone(&s, "A", stp_shape_rect(0, 150, 10, 10), 100, 10);
  add_zone(&s, "B", stp_shape_rect(30, 150, 10, 10), 100, 10);
  stp_work w; stp_work_init(&w);
  for (int z = 0; z < 2; z++)
    for (int j = 0; j < 10; j++)
      for (int i = 0; i < 10; i++) push(&w, dot(30 * z + i + 0.5, 150 + j + 0.5));
  stp_score_result r = score(&s, &w);
  assert_true(r.look_contrast_delta_e > 0.3);
  assert_true(r.look_error < 1e-4);
  assert_float_equal(r.criteria[STP_CRIT_LOOK].score, 100, 1e-9);
  assert_false(r.look_scars);
  /* No scar: nothing to compare, all 0 (not NaN, which assert_float_equal would let pass). */
  assert_true(r.look_camouflage == 0 && r.look_camouflage_delta_e == 0);
  assert_true(r.look_camouflage_plan_delta_e == 0 && r.look_camouflage_before_delta_e == 0);
  assert_non_null(strstr(r.criteria[STP_CRIT_LOOK].figures, "(full marks within 30%, none from 120%)"));

  w.count = 100;   /* B bare */
  r = score(&s, &w);
  assert_float_equal(r.evidence, 1, 1e-12);
  assert_float_equal(r.look_error, 0.5, 1e-4);
  assert_float_equal(r.criteria[STP_CRIT_LOOK].score, (100 + 100 * (1 - 0.7 / 0.9)) / 2, 1e-3);
  assert_non_null(strstr(r.criteria[STP_CRIT_LOOK].figures, "worst B, 100%"));

  w.count = 200;
  for (size_t k = 0; k < w.count; k++) w.items[k].ink = 0.5 * pow(2, -1 / 1.6);
  r = score(&s, &w);
  assert_true(r.look_error >= 0.5 && r.look_error < 0.51);
  assert_float_equal(r.criteria[STP_CRIT_LOOK].score, lin(r.look_error, 0.3, 1.2), 1e-6);
  stp_work_free(&w);
}

/* The bare scalp the look starts from (docs/scoring.md, "Distance look"): the skin, and over it
 * the client's stubble covering hairs per unit (2) x shaft (0.09 mm) x the length seen (at most
 * 1.2 mm) of each mm2 per follicular unit: 100 units per cm2 (1 per mm2) of 0.5 mm stubble
 * cover 2 x 0.09 x 0.5 = 0.09; of 3 mm stubble, 2 x 0.09 x 1.2 = 0.216. Hair over 20 mm hides the
 * scalp (cover 1) outside the zones and leaves it bare in them. A region of density 0 listed
 * first is bald there. A patch is tinted as the renderer tints it and carries no hair. */
static void look_base_by_hand(void **state) {
  (void)state;
  stp_scenario s; base(&s);
  add_zone(&s, "Zone", stp_shape_rect(0, 0, 10, 10), 20, 4);
  const float skin[3] = {0.5f, 0.4f, 0.3f}, hair[3] = {0.1f, 0.05f, 0.02f};
  memcpy(s.skin.rgb, skin, sizeof skin);
  s.hair_count = 2;
  s.hair[0].shape = stp_shape_rect(100, 0, 10, 10);   /* bald: listed first */
  s.hair[1].shape = stp_shape_rect(-50, -50, 200, 100);
  s.hair[1].density_per_cm2 = 100;
  memcpy(s.hair[1].rgb, hair, sizeof hair);
  const struct { double len, x, cover; } cases[] = {
    {0.5, 20, 0.09}, {0.5, 5, 0.09}, {3, 20, 0.216}, {30, 20, 1}, {30, 5, 0}, {0.5, 105, 0},
  };
  for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
    s.hair[1].length_mm = cases[c].len;
    float rgb[3];
    stp_sc_look_base(&s, cases[c].x, 5, rgb);
    for (int q = 0; q < 3; q++) assert_float_equal(rgb[q], skin[q] + cases[c].cover * (hair[q] - skin[q]), 1e-6);
  }
  s.patch_count = 1;
  memset(&s.patches[0], 0, sizeof s.patches[0]);
  s.patches[0].kind = STP_PATCH_SCAR_STRIP;
  s.patches[0].shape = stp_shape_rect(15, 0, 10, 10);
  s.patches[0].tone = -0.35;
  float rgb[3], tint[3];
  stp_sc_look_base(&s, 20, 5, rgb);
  stp_pigment_patch_tint(&s.patches[0], skin, tint);
  for (int q = 0; q < 3; q++) assert_float_equal(rgb[q], tint[q], 1e-7);
  assert_true(rgb[0] > skin[0]);   /* a pale scar, and no stubble darkening it */
}

/* The 1 m blur by hand: a Gaussian of sigma 1.5 mm on 1 mm cells, weights exp(-k^2 / 4.5)
 * cut at 3 sigma (k = 0..5): 1, 0.800737, 0.411112, 0.135335, 0.028566, 0.003866 (sum of
 * k = 1..5: 1.379616). Across a straight zone edge between two cells, the plan's tone (its
 * change from the bare skin) is the kernel's share on the zone's side: in the first cell
 * inside (1 + 1.379616) / (1 + 2 x 1.379616) = 0.633006, in the first outside 0.366994, and 1
 * five cells in. A 40 x 40 mm zone (100 per cm2), read in the middle row (y = 170.5), more
 * than 5 cells from its top and bottom edges and 12 from the grid's own edges. */
static void look_blur_by_hand(void **state) {
  (void)state;
  stp_scenario s; base(&s);
  add_zone(&s, "Zone", stp_shape_rect(0, 150, 40, 40), 100, 10);
  stp_work w; stp_work_init(&w);
  stp_sc_analysis a;
  assert_int_equal(stp_sc_analyse(&s, &w, &a, NULL, false, false, false, NULL), STP_OK);
  stp_sc_look lk;
  assert_int_equal(stp_sc_look_build(&s, &a, &lk, NULL), STP_OK);
  assert_float_equal(lk.x0, -12, 1e-12);
  int j = (int)(170.5 - lk.y0);
  double sum = 0;
  for (int k = 1; k <= 5; k++) sum += exp(-k * k / 4.5);
  const struct { double x, share; } cells[] = {
    {0.5, (1 + sum) / (1 + 2 * sum)}, {-0.5, sum / (1 + 2 * sum)}, {5.5, 1}, {-5.5, 0}, {39.5, (1 + sum) / (1 + 2 * sum)},
  };
  size_t deep = ((size_t)j * (size_t)lk.nx + (size_t)(20.5 - lk.x0)) * 3;
  for (size_t c = 0; c < sizeof cells / sizeof cells[0]; c++) {
    size_t i = ((size_t)j * (size_t)lk.nx + (size_t)(cells[c].x - lk.x0)) * 3;
    for (int q = 0; q < 3; q++) {
      assert_float_equal(lk.base[i + q], s.skin.rgb[q], 1e-6);
      double share = (lk.plan[i + q] - lk.base[i + q]) / (lk.plan[deep + q] - lk.base[deep + q]);
      if (fabs(share - cells[c].share) > 1e-4) fail_msg("x %g: share %g, expected %g", cells[c].x, share, cells[c].share);
    }
  }
  stp_sc_look_free(&lk);
  stp_sc_analysis_free(&a);
  stp_work_free(&w);
}

/* Camouflage (docs/scoring.md, "Distance look"): the error is the work's scar contrast beyond
 * the plan's, over the untreated one: max(0, work - plan) / before, here for one scar, so the
 * area weights cancel. And a mirror image of the case reads the same: a scar dot 6 mm right of
 * the middle of a zone symmetric about x = 0 (and about y = 155) against the same scar 6 mm
 * left, and 6 mm up against 6 mm down; the work a lattice symmetric the same way. (Not the
 * look's own error: it samples every other cell from the grid's corner, which a mirror moves.) */
static void camouflage_formula_and_mirror(void **state) {
  (void)state;
  double fig[4][4];
  for (int m = 0; m < 4; m++) {
    stp_scenario s; base(&s);
    s.rubric.items[STP_CRIT_LOOK].enabled = true;
    add_zone(&s, "Zone", stp_shape_rect(-15, 140, 30, 30), 40, 6);
    s.patch_count = 1;
    stp_patch *pt = &s.patches[0];
    memset(pt, 0, sizeof *pt);
    pt->kind = STP_PATCH_SCAR_DOT;
    double dx = m == 0 ? 6 : m == 1 ? -6 : 0, dy = m == 2 ? 6 : m == 3 ? -6 : 0;
    pt->shape = stp_shape_circle(dx, 155 + dy, 2.2);
    pt->tone = -0.4; pt->uptake = 0.6; pt->spread = 1.2;
    stp_work w; stp_work_init(&w);
    /* Dots at +-0.5, +-2.5, ..., +-14.5 mm from the middle each way: each one's 1 mm cell has
     * its mirror image's mirror cell. */
    for (int j = 0; j < 16; j++)
      for (int i = 0; i < 16; i++) {
        double u = i < 8 ? -0.5 - 2 * i : 0.5 + 2 * (i - 8), v = j < 8 ? -0.5 - 2 * j : 0.5 + 2 * (j - 8);
        push(&w, dot(u, 155 + v));
      }
    stp_score_result r = score(&s, &w);
    assert_true(r.look_scars);
    assert_float_equal(r.look_camouflage,
                       fmax(0, r.look_camouflage_delta_e - r.look_camouflage_plan_delta_e) / r.look_camouflage_before_delta_e,
                       1e-9);
    fig[m][0] = r.look_camouflage_delta_e; fig[m][1] = r.look_camouflage_plan_delta_e;
    fig[m][2] = r.look_camouflage_before_delta_e; fig[m][3] = r.look_camouflage;
    /* The scar left bare (no dot within 3 mm of its centre) while its surroundings are
     * worked: the work's contrast is above the plan's, so the error is (work - plan) / before,
     * above 0. */
    if (m == 0) {
      stp_work bare; stp_work_init(&bare);
      for (size_t k = 0; k < w.count; k++)
        if (hypot(w.items[k].x_mm - dx, w.items[k].y_mm - 155 - dy) > 3) push(&bare, w.items[k]);
      r = score(&s, &bare);
      assert_true(r.look_camouflage_delta_e > r.look_camouflage_plan_delta_e);
      assert_float_equal(r.look_camouflage,
                         (r.look_camouflage_delta_e - r.look_camouflage_plan_delta_e) / r.look_camouflage_before_delta_e,
                         1e-9);
      assert_true(r.look_camouflage > 0);
      stp_work_free(&bare);
    }
    stp_work_free(&w);
  }
  for (int k = 0; k < 4; k++) {
    assert_float_equal(fig[0][k], fig[1][k], 1e-6);
    assert_float_equal(fig[2][k], fig[3][k], 1e-6);
  }
  assert_true(fig[0][2] > 1);
}

/* The look criterion is the lower of the look's score and the camouflage's, each on the
 * linear scale (docs/scoring.md, "Distance look"). A 10 x 10 mm strip scar, slightly pale,
 * in a 16 x 16 cm zone worked evenly at the plan's 40 per cm2, and the scar itself filled
 * with pigment (a 0.5 mm lattice at full ink): the fault case 08 warns of, "filling each
 * white dot only outlines it". The scar now stands out against the skin 3-10 mm around it
 * far more than untreated or in the plan (whose sparse dots leave its contrast as it was),
 * so the camouflage error is above its zero or near it; over the whole zone the tone is
 * off the plan's by little (the scar is 0.4 % of the zone), so the look alone would give
 * full marks (with one zone the look's score is that of look_error). The criterion must
 * take the camouflage's score. */
static void camouflage_decides_when_the_scar_is_filled(void **state) {
  (void)state;
  stp_scenario s; base(&s);
  s.rubric.items[STP_CRIT_LOOK].enabled = true;
  add_zone(&s, "Zone", stp_shape_rect(-80, 75, 160, 160), 40, 6);
  s.patch_count = 1;
  stp_patch *pt = &s.patches[0];
  memset(pt, 0, sizeof *pt);
  pt->kind = STP_PATCH_SCAR_STRIP;
  pt->shape = stp_shape_rect(-5, 150, 10, 10);
  pt->tone = -0.1; pt->uptake = 1.0; pt->spread = 1.0;
  stp_work w; stp_work_init(&w);
  for (int j = 0; j < 101; j++)
    for (int i = 0; i < 101; i++) push(&w, dot(-79.2 + 1.58 * i, 75.8 + 1.58 * j));
  for (int j = 0; j < 20; j++)   /* the scar filled: a 0.5 mm lattice, full ink */
    for (int i = 0; i < 20; i++) {
      stp_impression d = dot(-4.75 + 0.5 * i, 150.25 + 0.5 * j);
      d.ink = 1.0;
      push(&w, d);
    }
  stp_score_result r = score(&s, &w);
  const stp_rubric_item *it = &s.rubric.items[STP_CRIT_LOOK];
  double lin_cam = lin(r.look_camouflage, it->tolerance, it->zero);
  assert_true(r.look_scars);
  assert_true(r.evidence >= 1);   /* 10 201 + 400 dots for 10 240 planned */
  assert_true(r.look_camouflage_delta_e > r.look_camouflage_before_delta_e);
  assert_true(r.look_camouflage > 0.5 * (it->tolerance + it->zero));
  assert_true(lin(r.look_error, it->tolerance, it->zero) > lin_cam + 50);
  assert_float_equal(r.criteria[STP_CRIT_LOOK].score, lin_cam, 1e-9);
  stp_work_free(&w);
}

/* Depth at the edges (docs/scoring.md, "Depth"). One dot, in the window: 0 off, 100, but one
 * dot is 1 of the 20 needed for full evidence: 5. One shallow dot in 40: 1 / 40 = 0.025 off,
 * 100 x (1 - 0.005 / 0.28) = 98.21, "press harder". One of each in 40 (one shallow, one deep
 * counting two: 3 / 40): as many shallow as deep, so the advice does not say the deep
 * outnumber: "press harder" (the code's rule: "lighter" only when the deep outnumber the
 * shallow). */
static void depth_edges_by_hand(void **state) {
  (void)state;
  stp_scenario s; base(&s);
  add_zone(&s, "Field", stp_shape_rect(-5, 150, 10, 10), 40, 6);
  s.rubric.items[STP_CRIT_DEPTH].enabled = true;
  stp_work w; stp_work_init(&w);
  push(&w, dot(0, 155));
  stp_score_result r = score(&s, &w);
  assert_float_equal(r.criteria[STP_CRIT_DEPTH].score, 5, 1e-9);
  assert_non_null(strstr(r.criteria[STP_CRIT_DEPTH].figures, "0 too shallow (under 0.5 mm), 0 too deep (over 1.5 mm, counted twice) of 1: 0.0% off"));
  /* Nothing wrong with the dot (100 before the evidence cap): the advice says too few, not
   * "every impression is in the stable depth window" beside a 5. */
  assert_non_null(strstr(r.criteria[STP_CRIT_DEPTH].advice, "Nothing wrong in the impressions placed, but too few"));
  stp_work_clear(&w);
  lattice(&w, -5, 150, 10, 10, 8, 5);
  w.items[0].depth_mm = 0.3;
  r = score(&s, &w);
  assert_float_equal(r.depth_error, 1.0 / 40, 1e-12);
  assert_float_equal(r.criteria[STP_CRIT_DEPTH].score, 100 * (1 - 0.005 / 0.28), 1e-9);
  assert_non_null(strstr(r.criteria[STP_CRIT_DEPTH].advice, "harder"));
  assert_non_null(strstr(r.criteria[STP_CRIT_DEPTH].figures, "2.5% off the window"));
  w.items[1].depth_mm = 2.0;
  r = score(&s, &w);
  assert_float_equal(r.depth_error, 3.0 / 40, 1e-12);
  assert_non_null(strstr(r.criteria[STP_CRIT_DEPTH].advice, "harder"));
  assert_non_null(strstr(r.criteria[STP_CRIT_DEPTH].figures, "7.5% off the window"));
  /* Two deep and one shallow: the deep outnumber, "press lighter"; one deep and three
   * shallow: "press harder". */
  w.items[2].depth_mm = 2.0;
  r = score(&s, &w);
  assert_non_null(strstr(r.criteria[STP_CRIT_DEPTH].advice, "lighter"));
  w.items[1].depth_mm = 0.3; w.items[2].depth_mm = 0.3; w.items[3].depth_mm = 2.0;
  r = score(&s, &w);
  assert_int_equal(r.too_shallow, 3);
  assert_non_null(strstr(r.criteria[STP_CRIT_DEPTH].advice, "harder"));
  stp_work_free(&w);
}

/* ---- gates, verdicts ------------------------------------------------------------------ */

/* The density gate holds in every zone, and the verdict names the worst zone under it
 * (docs/scoring.md: a zone left bare fails the gate). Five 10 x 10 mm zones at 40 +- 6 per
 * cm2: three full (40 dots on a lattice: 100), "Bare" empty (0) and "Thin" with 28 dots
 * (6 beyond the tolerance over a span of 0.5 x 40 - 6 = 14: 100 x (1 - 6 / 14) = 57.14, test_score.c).
 * Density (300 + 0 + 57.14) / 5 = 71.43 passes a gate of 60 on the mean, but two zones are under it; the verdict names Bare, the worst,
 * whichever order the zones come in (Bare first, second or fourth). */
static void density_gate_names_the_worst_zone(void **state) {
  (void)state;
  const char *orders[3][5] = {{"Full1", "Bare", "Full2", "Thin", "Full3"}, {"Full1", "Thin", "Full2", "Bare", "Full3"},
                               {"Bare", "Full1", "Thin", "Full2", "Full3"}};
  for (int order = 0; order < 3; order++) {
    stp_scenario s; base(&s);
    s.rubric.items[STP_CRIT_DENSITY].gate = 60;
    const char *const *ids = orders[order];
    stp_work w; stp_work_init(&w);
    for (int z = 0; z < 5; z++) {
      add_zone(&s, ids[z], stp_shape_rect(-100 + 20 * z, 150, 10, 10), 40, 6);
      int n = strcmp(ids[z], "Bare") == 0 ? 0 : strcmp(ids[z], "Thin") == 0 ? 28 : 40;
      int cols = n == 28 ? 7 : 8;
      if (n) lattice(&w, -100 + 20 * z, 150, 10, 10, cols, n / cols);
    }
    stp_score_result r = score(&s, &w);
    assert_float_equal(r.criteria[STP_CRIT_DENSITY].score, (300 + 100 * (1 - 6.0 / 14)) / 5, 1e-6);
    assert_true(r.gates_failed & (1u << STP_CRIT_DENSITY));
    assert_false(r.passed);
    assert_non_null(strstr(r.verdict, "Density in Bare 0"));
    assert_null(strstr(r.verdict, "Thin"));
    stp_work_free(&w);
  }
}

/* The verdict of an empty work and of a one-dot work, on a pass mark of 0 so that the score
 * alone would pass both: an empty work fails ("no impressions", docs/scoring.md: a work passes
 * when ... it has at least one impression); one dot passes on the pass mark. */
static void verdict_empty_and_one_dot(void **state) {
  (void)state;
  stp_scenario s; base(&s);
  add_zone(&s, "Field", stp_shape_rect(-5, 150, 10, 10), 40, 6);
  s.rubric.pass_mark = 0;
  stp_work w; stp_work_init(&w);
  stp_score_result r = score(&s, &w);
  assert_false(r.passed);
  assert_string_equal(r.verdict, "Failed: no impressions.");
  push(&w, dot(0, 155));
  r = score(&s, &w);
  assert_true(r.passed);
  assert_non_null(strstr(r.verdict, "Passed: "));
  /* One dot on the default pass mark of 70 fails on the score, not for want of dots: its
   * mean density (1 per cm2 against 40 +- 6) would score 100 x (1 - 33 / 34) = 2.94, but every
   * 1 cm2 window holds at most that one dot (under a quarter of the 40 it should): all bare,
   * coverage 0, density 0; spacing has no merges, 100, scaled by the evidence 1 / 20: 5.
   * 0.6 x 0 + 0.4 x 5 = 2.0. */
  s.rubric.pass_mark = 70;
  r = score(&s, &w);
  assert_false(r.passed);
  assert_float_equal(r.score, 0.4 * 100 / 20, 1e-9);
  assert_string_equal(r.verdict, "Failed: 2.0 is below the pass mark of 70.");
  stp_work_free(&w);
}

/* ---- the coverage grid's edge cells -----------------------------------------------------
 * A 20 x 10 mm zone whose edges cut the 2 mm cells: x 0.5 .. 20.5, y 150.5 .. 160.5. Its
 * first column of cells (x 0..2) is 3/4 inside, the last (x 20..22) 1/4, the first row 3/4,
 * the last 1/4; the 4 x 4 sample points of each cell (at 1/8, 3/8, 5/8, 7/8 of it) count
 * exactly that. Filled at 400 per cm2 on a 0.5 mm lattice from (0.75, 150.75), every cell
 * holds 16 x its share of dots, so every 10 x 10 mm window holds exactly the target over the
 * zone's area in it: all cells within (the band is at least 1.5 / sqrt(400) = 0.075 wide, and
 * counting an edge cell as whole or not at all moves a window by 5 % or more); mean 800 / 2
 * = 400: density 100. */
static void coverage_edge_cells_by_hand(void **state) {
  (void)state;
  stp_scenario s; base(&s);
  add_zone(&s, "Field", stp_shape_rect(0.5, 150.5, 20, 10), 400, 10);
  stp_work w; stp_work_init(&w);
  for (int j = 0; j < 20; j++)
    for (int i = 0; i < 40; i++) push(&w, dot(0.75 + 0.5 * i, 150.75 + 0.5 * j));
  stp_score_result r = score(&s, &w);
  assert_float_equal(r.zones[0].density, 400, 1e-9);
  assert_float_equal(r.zones[0].within, 1, 1e-12);
  assert_float_equal(r.zones[0].uneven, 0, 1e-12);
  assert_float_equal(r.criteria[STP_CRIT_DENSITY].score, 100, 1e-9);
  stp_work_free(&w);
}

/* A cell cut by a slanted edge counts the share of it in the zone, measured on 4 x 4 points
 * (docs/scoring.md, "Coverage"). The triangle (0.1, 0.1), (7.1, 0.1), (0.1, 7.1): a point of it
 * has x + y < 7.2 (no corner of a 2 mm cell and no sample point lies on an edge). The sample
 * points of cell (i, j) are (2i + 0.25 + 0.5u, 2j + 0.25 + 0.5v), u, v = 0..3, in when
 * u + v < 13.4 - 4 (i + j): all 16 for i + j <= 1, 15 for i + j = 2 (not u = v = 3), 3 for
 * i + j = 3 (u + v <= 1), none beyond. Cells (1, 2) and (2, 1) have only their first corner,
 * (2, 4) and (4, 2), in the zone: 3/16 each, though their centres are out. The 10 x 10 mm
 * window of cell (0, 0) holds cells 0..2 each way: 3 x 1 + 3 x 15/16 + 2 x 3/16 + 0 = 99/16
 * cells of 0.04 cm2, 0.2475 cm2. Ten dots in it, at 40 per cm2: 10 / 0.2475 / 40 = 1.0101. */
static void coverage_cells_cut_by_a_slanted_edge(void **state) {
  (void)state;
  /* And its mirror images in x, in y and in both, so that the corner alone in the zone is in
   * turn each of a cell's four. */
  for (int m = 0; m < 4; m++) {
    double sx = m & 1 ? -1 : 1, sy = m & 2 ? -1 : 1;
    stp_scenario s; base(&s);
    stp_shape tri;
    memset(&tri, 0, sizeof tri);
    tri.kind = STP_SHAPE_POLYGON;
    tri.n = 3;
    tri.pts[0] = (stp_point){sx * 0.1, sy * 0.1};
    tri.pts[1] = (stp_point){sx * 7.1, sy * 0.1};
    tri.pts[2] = (stp_point){sx * 0.1, sy * 7.1};
    add_zone(&s, "Triangle", tri, 40, 6);
    stp_work w; stp_work_init(&w);
    for (int k = 0; k < 10; k++) push(&w, dot(sx * (0.5 + 0.5 * k), sy * 0.5));
    stp_sc_analysis a;
    assert_int_equal(stp_sc_analyse(&s, &w, &a, NULL, false, false, false, NULL), STP_OK);
    stp_sc_cover cv;
    assert_int_equal(stp_sc_coverage(&s, &a, NULL, &cv, NULL), STP_OK);
    double ratio = stp_sc_cover_ratio(&cv, 0, sx, sy);
    if (fabs(ratio - 10 / (99.0 / 16 * 0.04) / 40) > 1e-5) fail_msg("mirror %d: ratio %.6f", m, ratio);
    stp_sc_cover_free(&cv);
    stp_sc_analysis_free(&a);
    stp_work_free(&w);
  }
}

/* ---- the boundary margin ----------------------------------------------------------------
 * A dot outside every zone but within the margin (1 mm) of a scored zone's edge counts as in
 * the margin, one beyond it as outside, on every edge of the outline: a rectangle's four (its
 * bottom edge, y = 180, included), two convex pentagons' five, their closing edge (from the
 * last point back to the first, a long slanted one) included, one with its last point 40 mm out
 * to the side, and a rectangle at (10, 10) whose first corner faces the chart's origin. Dots 0.9 mm out along the outward normal at
 * 1/8 .. 7/8 of each edge are in the margin, 1.5 mm out outside; off each corner, along the
 * bisector of its two normals, the nearest point of a convex outline is the corner itself: 0.9
 * mm in the margin, 1.3 mm outside. Edges are 15 mm and longer, so the middle of one is at
 * least 7.5 mm from its ends. */
static void boundary_margin_on_every_edge(void **state) {
  (void)state;
  stp_scenario s; base(&s);
  s.rubric.items[STP_CRIT_BOUNDARY].enabled = true;
  for (int shape = 0; shape < 4; shape++) {
    stp_shape sh = shape == 2 ? stp_shape_rect(10, 10, 40, 30) : stp_shape_rect(-20, 150, 40, 30);
    if (shape == 1 || shape == 3) {
      memset(&sh, 0, sizeof sh);
      sh.kind = STP_SHAPE_POLYGON;
      const stp_point p[5] = {{-20, 150}, {20, 150}, {24, 165}, {20, 180}, {-24, 172}};
      /* Still convex, its last point 40 mm out: the edges to and from it are far from the others. */
      const stp_point q[5] = {{-20, 150}, {20, 150}, {20, 180}, {-20, 180}, {-60, 165}};
      sh.n = 5;
      memcpy(sh.pts, shape == 1 ? p : q, sizeof p);
    }
    s.zone_count = 0;
    add_zone(&s, "Field", sh, 10, 2);
    stp_point pts[STP_SHAPE_MAX_POINTS];
    int n = stp_shape_outline(&sh, pts, STP_SHAPE_MAX_POINTS);
    /* Which way is out: the outline's winding (the signed area's sign). */
    double area2 = 0;
    for (int i = 0; i < n; i++) area2 += pts[i].x * pts[(i + 1) % n].y - pts[(i + 1) % n].x * pts[i].y;
    double nx[STP_SHAPE_MAX_POINTS], ny[STP_SHAPE_MAX_POINTS];
    for (int e = 0; e < n; e++) {
      stp_point a = pts[e], b = pts[(e + 1) % n];
      double len = hypot(b.x - a.x, b.y - a.y);
      nx[e] = (b.y - a.y) / len; ny[e] = -(b.x - a.x) / len;
      if (area2 < 0) nx[e] = -nx[e], ny[e] = -ny[e];
    }
    stp_work w; stp_work_init(&w);
    for (int e = 0; e < n; e++) {
      stp_point a = pts[e], b = pts[(e + 1) % n];
      /* k = 1..7 along the edge; k = 8: off the corner b, between edge e's normal and the next's. */
      for (int k = 1; k <= 8; k++)
        for (int far = 0; far < 2; far++) {
          double x, y;
          if (k < 8) {
            double t = k / 8.0, off = far ? 1.5 : 0.9;
            x = a.x + t * (b.x - a.x) + off * nx[e]; y = a.y + t * (b.y - a.y) + off * ny[e];
          } else {
            int f = (e + 1) % n;
            double bx = nx[e] + nx[f], by = ny[e] + ny[f], bl = hypot(bx, by), off = far ? 1.3 : 0.9;
            x = b.x + off * bx / bl; y = b.y + off * by / bl;
          }
          stp_work_clear(&w);
          push(&w, dot(x, y));
          stp_score_result r = score(&s, &w);
          if (r.outside_margin != (size_t)!far || r.outside != (size_t)far)
            fail_msg("shape %d edge %d at %d/8, %s: %zu in the margin, %zu outside", shape, e, k, far ? "far" : "near",
                     r.outside_margin, r.outside);
        }
    }
    stp_work_free(&w);
  }
  /* Exactly 1 mm out from the middle of each side of the rectangle (x -20..20, y 150..180) is
   * within the margin ("outside by more than the margin" counts as outside). */
  s.zone_count = 0;
  add_zone(&s, "Field", stp_shape_rect(-20, 150, 40, 30), 10, 2);
  const stp_point tie[4] = {{-21, 165}, {21, 165}, {0, 149}, {0, 181}};
  stp_work w; stp_work_init(&w);
  for (int k = 0; k < 4; k++) push(&w, dot(tie[k].x, tie[k].y));
  stp_score_result r = score(&s, &w);
  assert_int_equal(r.outside_margin, 4);
  assert_int_equal(r.outside, 0);
  stp_work_free(&w);
}

/* A coverage cell is judged when its centre is in the zone (docs/scoring.md, "Coverage"): a
 * zone x 0.5 .. 21.2, y 150.5 .. 161.2 has the cells x 20..22 and y 160..162 judged (centres 21,
 * 161 inside), and x 22..24 not (centre 23). */
static void coverage_cells_judged_by_their_centre(void **state) {
  (void)state;
  stp_scenario s; base(&s);
  add_zone(&s, "Field", stp_shape_rect(0.5, 150.5, 20.7, 10.7), 40, 6);
  stp_work w; stp_work_init(&w);
  lattice(&w, 0.5, 150.5, 20.7, 10.7, 18, 10);
  stp_sc_analysis a;
  assert_int_equal(stp_sc_analyse(&s, &w, &a, NULL, false, false, false, NULL), STP_OK);
  stp_sc_cover cv;
  assert_int_equal(stp_sc_coverage(&s, &a, NULL, &cv, NULL), STP_OK);
  assert_false(isnan(stp_sc_cover_ratio(&cv, 0, 21, 155)));
  assert_false(isnan(stp_sc_cover_ratio(&cv, 0, 10, 161)));
  assert_false(isnan(stp_sc_cover_ratio(&cv, 0, 21, 161)));
  assert_false(isnan(stp_sc_cover_ratio(&cv, 0, 1, 151)));
  assert_true(isnan(stp_sc_cover_ratio(&cv, 0, 23, 155)));
  assert_true(isnan(stp_sc_cover_ratio(&cv, 0, 10, 163)));
  stp_sc_cover_free(&cv);
  stp_sc_analysis_free(&a);
  stp_work_free(&w);
}

/* A zone's mean score (docs/scoring.md, "Density"): 100 within target +- tolerance, then
 * straight down to 0 over a span: below the band, from its edge to half the target (target / 2
 * - tolerance), above it, to twice the target (target - tolerance); each at least 1 per cm2.
 * Target 30, tolerance 5: 21 per cm2 (70 %) is 4 beyond over a span of 10: 60; 15 (half) is
 * 0; 40 is 5 beyond over 25: 80. Target 3, tolerance 1.5: the sparse span 0, taken as 1;
 * 1 per cm2 is 0.5 beyond: 50. Target 1.5, tolerance 1: none at all is 0.5 beyond a span of
 * 1: 50. What a session added over context is judged as before, to 0 only at nothing added:
 * 21 of 30 left within 5 is 4 beyond a span of 25: 84. */
static void density_zone_score_on_sparse_targets(void **state) {
  (void)state;
  assert_float_equal(stp_sc_density_zone_score(21, 30, 5), 60, 1e-9);
  assert_float_equal(stp_sc_density_zone_score(15, 30, 5), 0, 1e-9);
  assert_float_equal(stp_sc_density_zone_score(40, 30, 5), 80, 1e-9);
  assert_float_equal(stp_sc_density_zone_score(1, 3, 1.5), 50, 1e-9);
  assert_float_equal(stp_sc_density_zone_score(0, 1.5, 1), 50, 1e-9);
  assert_float_equal(stp_sc_density_increment_score(21, 30, 5), 84, 1e-9);
  assert_float_equal(stp_sc_density_zone_score(4.5, 3, 1.5), 100, 1e-9);
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(grain_by_hand),
    cmocka_unit_test(grain_advice_names_the_target),
    cmocka_unit_test(shade_by_hand),
    cmocka_unit_test(shade_advice_by_hand),
    cmocka_unit_test(shade_plan_fields_by_position),
    cmocka_unit_test(hairline_position_and_symmetry_by_hand),
    cmocka_unit_test(hairline_in_two_zones),
    cmocka_unit_test(hairline_transition_and_rise_by_hand),
    cmocka_unit_test(spacing_pattern_by_hand),
    cmocka_unit_test(spacing_natural_and_partial_order_by_hand),
      cmocka_unit_test(spacing_advice_follows_the_shown_score),
      cmocka_unit_test(scores_are_never_shown_across_their_threshold),
    cmocka_unit_test(spacing_merges_by_hand),
    cmocka_unit_test(look_by_hand),
    cmocka_unit_test(look_base_by_hand),
    cmocka_unit_test(look_blur_by_hand),
    cmocka_unit_test(camouflage_formula_and_mirror),
    cmocka_unit_test(camouflage_decides_when_the_scar_is_filled),
    cmocka_unit_test(density_zone_score_on_sparse_targets),
    cmocka_unit_test(depth_edges_by_hand),
    cmocka_unit_test(density_gate_names_the_worst_zone),
    cmocka_unit_test(verdict_empty_and_one_dot),
    cmocka_unit_test(coverage_edge_cells_by_hand),
    cmocka_unit_test(coverage_cells_judged_by_their_centre),
    cmocka_unit_test(coverage_cells_cut_by_a_slanted_edge),
    cmocka_unit_test(boundary_margin_on_every_edge),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
