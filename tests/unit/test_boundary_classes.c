/* Boundary classes (issue 9; docs/scoring.md, "Boundaries"): where ink off the plan went.
 * Tiny scenarios on the standard head (mid-frontal point (0, 80), temple peaks (-+92, 125), ears
 * (-+172, 215)), a handful of impressions at chosen points, each expected score derived in the
 * comments from the documented formula, never from a run of the scorer. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include "stp_test.h"
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "stp_chart.h"
#include "stp_score.h"
#include "stp_score_internal.h"

static stp_scenario scn;

static double lin(double e, double tol, double zero) {   /* docs/scoring.md, "From an error to 0..100" */
  return e <= tol ? 100 : e >= zero ? 0 : 100 * (1 - (e - tol) / (zero - tol));
}

static void push(stp_work *w, double x, double y) {
  stp_impression d = {x, y, 270, 1.0, 0.25, 0.5, 1, 0, 0, 0, 0, 0, 0};
  assert_int_equal(stp_work_push(w, &d, NULL, NULL), STP_OK);
}

/* One zone Z: 40 x 40 mm at x -20..20, y 120..160 (behind the hairline), target 62.5 per cm2:
 * 1,000 planned. The client's own stubble (80 per cm2) from y 160 to 260, x -100..100. Only the
 * boundary criterion, margin 1 mm. The work: 1,000 dots in Z (a 40 x 25 lattice). */
static void setup(bool classes) {
  stp_scenario_defaults(&scn);
  scn.zone_count = 1;
  stp_zone *z = &scn.zones[0];
  memset(z, 0, sizeof *z);
  snprintf(z->id, sizeof z->id, "z");
  snprintf(z->name, sizeof z->name, "z");
  z->shape = stp_shape_rect(-20, 120, 40, 40);
  z->density_per_cm2 = 62.5; z->density_tolerance = 9;
  z->angle_deg = 270; z->ink = 0.5; z->depth_mm = 1.0; z->needle_mm = 0.25;
  for (int k = 0; k < STP_SCN_MAX_SESSIONS; k++) z->plan[k].pigment = -1;
  scn.hair_count = 1;
  scn.hair[0].shape = stp_shape_rect(-100, 160, 200, 100);
  scn.hair[0].density_per_cm2 = 80;
  scn.hair[0].length_mm = 0.5;
  for (int i = 0; i < STP_CRIT_COUNT; i++) scn.rubric.items[i].enabled = false;
  stp_rubric_item *b = &scn.rubric.items[STP_CRIT_BOUNDARY];
  b->enabled = true; b->weight = 1;   /* tolerance 0.01, zero 0.1: the defaults */
  scn.rubric.boundary_margin_mm = 1.0;
  scn.rubric.boundary_classes = classes;
}

static void base_work(stp_work *w) {
  stp_work_init(w);
  for (int j = 0; j < 25; j++)
    for (int i = 0; i < 40; i++) push(w, -20 + (i + 0.5) * 1.0, 120 + (j + 0.5) * 1.6);
}

static stp_score_result score(const stp_work *w) {
  stp_score_result r;
  assert_int_equal(stp_score_work(&scn, w, &r, NULL, NULL), STP_OK);
  return r;
}

/* Where each place is, on the standard head:
 * - forehead: (0, 60) and (-40, 70) are in front of the head's hairline (80 on the midline,
 *   rising to 90 at the frontotemporal points, so at least 80 between); (150, 20) is beyond the
 *   temple peak (x 92), where the chart's hairline holds: u = 150 / 75 = 2,
 *   y = 80 + 14 + 10 (u - 1) - 60 (u - 1)^2 = 44 > 20;
 * - ears: (172, 215) is the right ear's landmark; (190, 225): |dy| = 10 <= 20, the disc reaches
 *   x >= 172 - sqrt(20^2 - 10^2) = 154.7;
 * - (0, 100): behind the hairline, 20 mm from Z, not in the hair: bare skin beyond the plan;
 * - (0, 200), (50, 250): in the stubble, 40 mm and more from Z: the client's own hair. */
static void places(void **state) {
  (void)state;
  setup(true);
  assert_true(stp_sc_on_forehead(&scn, 0, 60));
  assert_true(stp_sc_on_forehead(&scn, -40, 70));
  assert_true(stp_sc_on_forehead(&scn, 150, 20));
  assert_false(stp_sc_on_forehead(&scn, 150, 50));
  assert_false(stp_sc_on_forehead(&scn, 0, 100));
  assert_true(stp_sc_on_ear(&scn, 172, 215));
  assert_true(stp_sc_on_ear(&scn, -190, 225));
  assert_false(stp_sc_on_ear(&scn, 150, 225));   /* 150 < 154.7 */
  assert_false(stp_sc_on_ear(&scn, 190, 240));   /* |dy| 25 > 20 */
  assert_true(stp_sc_in_own_hair(&scn, 0, 200));
  assert_false(stp_sc_in_own_hair(&scn, 0, 100));
  /* No hair grows on a patch: a scar in the stubble is not "the client's own hair". */
  scn.patch_count = 1;
  memset(&scn.patches[0], 0, sizeof scn.patches[0]);
  scn.patches[0].shape = stp_shape_rect(-10, 195, 20, 10);
  scn.patches[0].uptake = 0.7; scn.patches[0].spread = 1.3;
  assert_false(stp_sc_in_own_hair(&scn, 0, 200));
}

/* The 1,000 dots in Z, then 1 on the forehead (0, 60), 1 on the ear (172, 215), 1 on bare skin
 * beyond (0, 100), 2 in the hair (0, 200), (50, 250), and 3 within the margin (x -20.5 at y 130
 * and 140, x 20.5 at y 150). n = 1,008, counted as 1,000 (BOUNDARY_SCALE).
 * The margin allowance: 0.625 dots per mm2... per cm2 62.5 -> 0.625 per mm2 x 160 mm of outline
 * x 0.5 mm = 50 free, so the 3 cost nothing.
 * Classes, hard 5, soft 0.5: off = 5 x (1 + 1 + 1) + 0.5 x 2 = 16; error 16 / 1000 = 0.016;
 *   score 100 (1 - (0.016 - 0.01) / 0.09) = 93.333.
 * Without classes (the old counting): outside 5 x 1 = 5; error 0.005 <= 0.01: 100.
 * hard 10, soft 1: off = 30 + 2 = 32, error 0.032, score 100 (1 - 0.022 / 0.09) = 75.556. */
static void mixed_by_hand(void **state) {
  (void)state;
  stp_work w;
  setup(true);
  base_work(&w);
  push(&w, 0, 60);
  push(&w, 172, 215);
  push(&w, 0, 100);
  push(&w, 0, 200);
  push(&w, 50, 250);
  push(&w, -20.5, 130);
  push(&w, -20.5, 140);
  push(&w, 20.5, 150);
  stp_score_result r = score(&w);
  assert_int_equal(r.boundary_forehead, 1);
  assert_int_equal(r.boundary_ears, 1);
  assert_int_equal(r.boundary_beyond, 1);
  assert_int_equal(r.boundary_hair, 2);
  assert_int_equal(r.boundary_done, 0);
  assert_int_equal(r.outside, 5);
  assert_int_equal(r.outside_margin, 3);
  assert_float_equal(r.boundary_error, 0.016, 1e-12);
  assert_float_equal(r.criteria[STP_CRIT_BOUNDARY].score, lin(0.016, 0.01, 0.1), 1e-9);
  assert_float_equal(r.criteria[STP_CRIT_BOUNDARY].score, 93.3333333333, 1e-6);
  const char *f = r.criteria[STP_CRIT_BOUNDARY].figures;
  assert_non_null(strstr(f, "1 on the forehead"));
  assert_non_null(strstr(f, "1 on the ears"));
  assert_non_null(strstr(f, "2 in the client's own hair"));
  /* The advice names the costliest place: the forehead, the ears and bare skin cost 5 each (a
   * tie, the forehead first), the hair 1. */
  assert_non_null(strstr(r.criteria[STP_CRIT_BOUNDARY].advice, "1 impression on the forehead"));

  scn.rubric.boundary_hard = 10;
  scn.rubric.boundary_soft = 1;
  r = score(&w);
  assert_float_equal(r.boundary_error, 0.032, 1e-12);
  assert_float_equal(r.criteria[STP_CRIT_BOUNDARY].score, 100 * (1 - 0.022 / 0.09), 1e-9);

  setup(false);
  r = score(&w);
  assert_int_equal(r.outside, 5);
  assert_int_equal(r.boundary_forehead, 0);   /* the classes are off: no split */
  assert_float_equal(r.boundary_error, 0.005, 1e-12);
  assert_float_equal(r.criteria[STP_CRIT_BOUNDARY].score, 100, 1e-12);
  stp_work_free(&w);
}

/* The margin past its allowance is soft, and a forbidden zone hard. A forbidden zone F over
 * (-60..-40, 200..210), in the hair: 2 dots in it. 60 dots within the margin, along Z's top
 * edge at y 119.5 (x -19.5 .. 19.5 step 0.66): 60 - 50 free = 10 past. off = 5 x 2 + 0.5 x 10
 * = 15, error 0.015 (n = 1,062 counted as 1,000), score 100 (1 - 0.005 / 0.09) = 94.444.
 * The old counting: 5 x 2 + 0.5 x 10 = 15 as well (the defaults are the old weights). */
static void margin_and_forbidden(void **state) {
  (void)state;
  stp_work w;
  setup(true);
  stp_zone *f = &scn.zones[scn.zone_count++];
  memset(f, 0, sizeof *f);
  snprintf(f->id, sizeof f->id, "f");
  snprintf(f->name, sizeof f->name, "f");
  f->shape = stp_shape_rect(-60, 200, 20, 10);
  f->role = STP_ZONE_FORBIDDEN;
  for (int k = 0; k < STP_SCN_MAX_SESSIONS; k++) f->plan[k].pigment = -1;
  base_work(&w);
  push(&w, -55, 205);
  push(&w, -45, 205);
  for (int k = 0; k < 60; k++) push(&w, -19.5 + 0.66 * k, 119.5);
  stp_score_result r = score(&w);
  assert_int_equal(r.forbidden, 2);
  assert_int_equal(r.outside_margin, 60);
  assert_int_equal(r.outside, 0);
  assert_float_equal(r.boundary_error, 0.015, 1e-9);
  assert_float_equal(r.criteria[STP_CRIT_BOUNDARY].score, 100 * (1 - 0.005 / 0.09), 1e-7);
  scn.rubric.boundary_classes = false;
  r = score(&w);
  assert_float_equal(r.boundary_error, 0.015, 1e-9);
  stp_work_free(&w);
}

/* The assessor's view: the same eight dots off the plan cost far more on the forehead than in
 * the client's own hair. Forehead: 8 x 5 = 40 off, error 40 / 1,000 = 0.04, score
 * 100 (1 - 0.03 / 0.09) = 66.667. Hair: 8 x 0.5 = 4, error 0.004: 100. */
static void forehead_worse_than_hair(void **state) {
  (void)state;
  stp_work a, b;
  setup(true);
  base_work(&a);
  base_work(&b);
  for (int k = 0; k < 8; k++) {
    push(&a, -35 + 10 * k, 50);    /* the forehead: y 50 < 80 */
    push(&b, -35 + 10 * k, 230);   /* the stubble */
  }
  stp_score_result ra = score(&a), rb = score(&b);
  assert_int_equal(ra.boundary_forehead, 8);
  assert_int_equal(rb.boundary_hair, 8);
  assert_float_equal(ra.criteria[STP_CRIT_BOUNDARY].score, 100 * (1 - 0.03 / 0.09), 1e-9);
  assert_float_equal(rb.criteria[STP_CRIT_BOUNDARY].score, 100, 1e-12);
  assert_true(ra.criteria[STP_CRIT_BOUNDARY].score < rb.criteria[STP_CRIT_BOUNDARY].score);
  assert_non_null(strstr(rb.criteria[STP_CRIT_BOUNDARY].advice, "8 impressions in the client's own hair"));
  stp_work_free(&a);
  stp_work_free(&b);
}

/* A larger head moves the ear and the hairline with it: length 214.5 (scale 1.1), age 35. The
 * right ear's landmark goes to y 215 x 1.1 = 236.5 and x min(172 x 1.1, the chart's half-width
 * there less 3 mm) = min(189.2, 185 sqrt(1 - ((236.5 - 202.5) / 240)^2) - 3) = 180.134 (stp_head.c
 * keeps the ear on the chart). The reach is 20 x 1.1 = 22. (172, 215): dy 21.5, the disc reaches
 * x >= 180.134 - sqrt(22^2 - 21.5^2) = 175.47: not the ear now (it was the landmark itself on
 * the standard head). (186, 216): dy 20.5, x >= 180.134 - 7.98 = 172.15: the ear. The
 * mid-frontal point goes to y 88 (80 x 1.1): (0, 85) is forehead. */
static void head_scales(void **state) {
  (void)state;
  setup(true);
  assert_true(stp_sc_on_ear(&scn, 172, 215));
  assert_false(stp_sc_on_forehead(&scn, 0, 85));
  stp_error err;
  assert_int_equal(stp_head_make(&scn.head, 214.5, 35, 0, &err), STP_OK);
  double hw = 185 * sqrt(1 - pow((236.5 - 202.5) / 240, 2));
  assert_float_equal(scn.head.lm[STP_LM_EAR_RIGHT].x, hw - 3, 1e-9);
  assert_float_equal(scn.head.lm[STP_LM_EAR_RIGHT].y, 236.5, 1e-9);
  assert_false(stp_sc_on_ear(&scn, 172, 215));
  assert_true(stp_sc_on_ear(&scn, 186, 216));
  assert_true(stp_sc_on_forehead(&scn, 0, 85));
}

/* Attack (issue 9): every dot in the client's hair was soft however far from the plan, so a
 * ring of 90 dots in the fringe 4-8 cm behind case 03's hairline (classes on) still passed
 * the boundary gate. Now a dot in the hair more than 10 mm (x the head's scale, 1 here) from
 * every worked zone is "far": the first tolerance x n = 0.01 x 1,000 = 10 of them stay soft
 * (stray dots), each past them is hard.
 * - (0, 169.9) is 9.9 mm behind Z's back edge (y 160): near; (0, 170.1) is 10.1: far.
 * - The 1,000 dots in Z, 5 near (y 165, x -8..8 by 4: 5 mm from Z, past the 1 mm margin) and
 *   14 far (y 230, x -65..65 by 10): n = 1,000. Far past the stray 10: 4, hard: 4 x 5 = 20;
 *   soft: 5 + 10 = 15 x 0.5 = 7.5. Error 27.5 / 1,000 = 0.0275: 100 (1 - 0.0175 / 0.09) = 80.556.
 *   Before: 19 x 0.5 = 9.5, error 0.0095: 100.
 * - A ring of 40 far (y 230, x -78..78 by 4) and the 5 near: 30 hard (150) + 15 soft (7.5):
 *   error 0.1575 >= 0.1: 0 (before: 22.5, error 0.0225, 86.1, past the usual gate of 60). */
static void far_in_the_hair_is_off_the_plan(void **state) {
  (void)state;
  setup(true);
  stp_sc_margin *m = calloc(1, sizeof *m);
  assert_non_null(m);
  assert_true(stp_sc_near_plan(&scn, m, 0, 169.9, 10));
  assert_false(stp_sc_near_plan(&scn, m, 0, 170.1, 10));
  assert_true(stp_sc_near_plan(&scn, m, 27, 167, 10));    /* hypot(7, 7) = 9.9 from Z's corner */
  assert_false(stp_sc_near_plan(&scn, m, 28, 168, 10));   /* hypot(8, 8) = 11.3 */
  stp_sc_margin_free(m);
  stp_work w;
  base_work(&w);
  for (int k = 0; k < 5; k++) push(&w, -8 + 4 * k, 165);
  for (int k = 0; k < 14; k++) push(&w, -65 + 10 * k, 230);
  stp_score_result r = score(&w);
  assert_int_equal(r.boundary_hair, 19);
  assert_int_equal(r.boundary_hair_far, 14);
  assert_float_equal(r.boundary_error, 0.0275, 1e-12);
  assert_float_equal(r.criteria[STP_CRIT_BOUNDARY].score, 100 * (1 - 0.0175 / 0.09), 1e-9);
  assert_non_null(strstr(r.criteria[STP_CRIT_BOUNDARY].figures, "4 far into the client's hair"));
  assert_non_null(strstr(r.criteria[STP_CRIT_BOUNDARY].figures, "15 in the client's own hair"));
  stp_work_free(&w);
  base_work(&w);
  for (int k = 0; k < 5; k++) push(&w, -8 + 4 * k, 165);
  for (int k = 0; k < 40; k++) push(&w, -78 + 4 * k, 230);
  r = score(&w);
  assert_int_equal(r.boundary_hair_far, 40);
  assert_float_equal(r.boundary_error, 0.1575, 1e-12);
  assert_float_equal(r.criteria[STP_CRIT_BOUNDARY].score, 0, 1e-12);
  assert_non_null(strstr(r.criteria[STP_CRIT_BOUNDARY].advice, "30 impressions far into the client's own hair"));
  stp_work_free(&w);
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(places),
    cmocka_unit_test(mixed_by_hand),
    cmocka_unit_test(margin_and_forbidden),
    cmocka_unit_test(forehead_worse_than_hair),
    cmocka_unit_test(head_scales),
    cmocka_unit_test(far_in_the_hair_is_off_the_plan),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
