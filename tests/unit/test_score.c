/* Scoring: density and spacing on works whose right answer is computed by hand. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include "stp_test.h"
#include <cjson/cJSON.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "stp_rng.h"
#include "stp_score.h"
#include "score_fixture.h"   /* one_zone: 1 cm2, 40 +- 6 per cm2 */

static stp_impression dot(double x, double y) {
  stp_impression i = {x, y, 270, 1.0, 0.25, 0.5, 1, 0, 0, 0, 0, 0, 0};
  return i;
}

/* n dots on a regular lattice spread over the whole zone: ceil(sqrt(n)) columns, as many
 * rows as needed, each dot in the middle of its lattice cell (at least 1.1 mm apart for
 * n <= 81: no merges). Spread evenly, no 1 cm2 window of the zone is bare or crowded, so
 * the density score is that of the zone's mean alone. */
static void fill_grid(stp_work *w, int n) {
  int cols = (int)ceil(sqrt((double)n)), rows = n ? (n + cols - 1) / cols : 0;
  for (int k = 0; k < n; k++) {
    stp_impression i = dot(-5 + (k % cols + 0.5) * 10.0 / cols, 150 + (k / cols + 0.5) * 10.0 / rows);
    assert_int_equal(stp_work_push(w, &i, NULL, NULL), STP_OK);
  }
}



static double crit(const stp_score_result *r, stp_criterion_id id) { return r->criteria[id].score; }

static void density_by_hand(void **state) {
  (void)state;
  stp_scenario s; one_zone(&s);
  struct { int n; double want; } cases[] = {
    {40, 100.0},                       /* on target */
    {34, 100.0},                       /* at the edge of the tolerance */
    {46, 100.0},
    /* Too sparse: the span is from the band's edge to half the target, 0.5 x 40 - 6 = 14. */
    {30, 100.0 * (1 - 4.0 / 14.0)},    /* |30-40| - 6 = 4 beyond tolerance */
    {26, 100.0 * (1 - 8.0 / 14.0)},
    {20, 0.0},                         /* half the target: 14 beyond, the whole span */
    {56, 100.0 * (1 - 10.0 / 34.0)},   /* 1.4x the target: dense, not crowded (1.75x); span 40-6 = 34 */
    {80, 0.0 + 100.0 * (1 - 34.0 / 34.0)},
    {0, 0.0},
  };
  for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
    stp_work w; stp_work_init(&w);
    fill_grid(&w, cases[c].n);
    stp_score_result r;
    assert_int_equal(stp_score_work(&s, &w, &r, NULL, NULL), STP_OK);
    assert_int_equal(r.zones[0].count, (size_t)cases[c].n);
    assert_float_equal(r.zones[0].density, cases[c].n, 1e-9);
    assert_float_equal(crit(&r, STP_CRIT_DENSITY), cases[c].want, 1e-9);
    stp_work_free(&w);
  }
}

/* Coverage by hand. A 60 x 10 mm zone (x -30..30, y 150..160: 6 cm2), target 30 +- 6 per cm2.
 * Its 2 mm cells line up with the zone's edges: 30 columns (centres -29, -27, ..., 29) by 5
 * rows, all wholly inside. A column's window spans its centre +- 5 mm (clipped to the zone).
 *
 * Part 1: 144 dots on a lattice, columns at x = -29, -27, ..., 17 (2 mm apart), six rows
 * 10/6 mm apart: 30 per cm2 where they are, the right 12 mm bare.
 *  - mean 144 / 6 = 24 per cm2, within 30 +- 6: mean score 100; the zone's level 24 / 30 = 0.8;
 *  - the band about the target is the wider of 6/30 = 0.2 and 1.5 / sqrt(30 x window cm2)
 *    (0.27 for a full window); about the level, of 0.2 and 1.5 / sqrt(24 x window cm2) (0.31);
 *  - columns up to 15 see 4 or 5 dot columns of 5: 0.8..1.0 of the target, 1.0..1.25 of the
 *    level: within. The column at 17 sees 3 (0.6; 0.75 of the level: within the level band).
 *    The one at 19 sees 2 (0.4, not bare; 0.5 of the level: uneven). The one at 21 sees 1
 *    (0.2: bare), 23..29 none (bare). Row windows clipped at the zone's edge change a ratio by
 *    at most 11 % (rows at 10/6 mm against 2 mm cells) and widen both bands: no class changes;
 *  - holes: a 6 x 6 mm window (3 cells) centred on columns 21..29 holds no dot though 30 x
 *    0.36 = 10.8 are planned (7.2 at a clipped edge row: still 6 or more); the cells those
 *    windows cover, columns 19..29, are in holes. 21..29 are bare already (each cell counts
 *    once), so holes add column 19, which no longer counts as uneven;
 *  - bare 5/30, holes 1/30, uneven 0: coverage error 6/30 = 0.2; coverage
 *    100 x (1 - (0.2 - 0.1) / (0.4 - 0.1)) = 66.7; the zone scores min(100, 66.7).
 * Part 2: 200 dots at 2 x 1 mm in the left 40 mm (x -29..9), the right 20 mm bare: 50 per cm2
 * there, the mean 33.3 (level 1.11); columns 15..29 bare (8 of 30) and the 18 columns at
 * 1.52 x the target are off the level's band too (1.37): the error passes the 0.4 where
 * coverage reaches 0, so density is 0 although the count is right. */
static void coverage_catches_the_right_count_in_the_wrong_place(void **state) {
  (void)state;
  stp_scenario s; one_zone(&s);
  s.zones[0].shape = stp_shape_rect(-30, 150, 60, 10);
  s.zones[0].density_per_cm2 = 30;
  stp_work w; stp_work_init(&w);
  for (int i = 0; i < 24; i++)
    for (int j = 0; j < 6; j++) {
      stp_impression d = dot(-29 + 2 * i, 150 + (j + 0.5) * 10.0 / 6.0);
      assert_int_equal(stp_work_push(&w, &d, NULL, NULL), STP_OK);
    }
  stp_score_result r;
  assert_int_equal(stp_score_work(&s, &w, &r, NULL, NULL), STP_OK);
  const stp_zone_result *z = &r.zones[0];
  assert_float_equal(z->density, 24, 1e-9);
  assert_float_equal(z->mean_score, 100, 1e-9);
  assert_float_equal(z->bare, 5.0 / 30.0, 1e-12);
  assert_float_equal(z->holes, 1.0 / 30.0, 1e-12);
  assert_float_equal(z->uneven, 0, 1e-12);
  assert_float_equal(z->crowded, 0, 1e-12);
  assert_float_equal(z->coverage_error, 6.0 / 30.0, 1e-12);
  assert_float_equal(z->coverage_score, 100.0 * (1 - (6.0 / 30.0 - 0.1) / 0.3), 1e-9);
  assert_float_equal(crit(&r, STP_CRIT_DENSITY), z->coverage_score, 1e-9);
  /* One zone: the overall shares are its own. */
  assert_float_equal(r.coverage_bare, z->bare, 1e-12);
  assert_float_equal(r.coverage_within, z->within, 1e-12);
  assert_float_equal(r.coverage_crowded, z->crowded, 1e-12);
  assert_float_equal(r.coverage_sparse, z->sparse, 1e-12);
  assert_float_equal(r.coverage_dense, z->dense, 1e-12);

  s.zones[0].density_per_cm2 = 33;
  stp_work_clear(&w);
  for (int i = 0; i < 20; i++)
    for (int j = 0; j < 10; j++) {
      stp_impression d = dot(-29 + 2 * i, 150.5 + j);
      assert_int_equal(stp_work_push(&w, &d, NULL, NULL), STP_OK);
    }
  assert_int_equal(stp_score_work(&s, &w, &r, NULL, NULL), STP_OK);
  assert_float_equal(z->density, 200.0 / 6.0, 1e-9);
  assert_float_equal(z->mean_score, 100, 1e-9);
  assert_float_equal(z->bare, 8.0 / 30.0, 1e-12);
  assert_true(z->coverage_error >= 0.4);
  assert_float_equal(crit(&r, STP_CRIT_DENSITY), 0, 1e-9);
  assert_non_null(strstr(r.criteria[STP_CRIT_DENSITY].advice, "wrong places"));
  stp_work_free(&w);
}

/* Boundaries by hand on the 10 x 10 mm zone (target 40 per cm2: 40 planned; its outline is
 * 40 mm), boundaries on with their defaults (tolerance 0.01, zero 0.1, margin 1 mm). The
 * error is the impressions off the plan over the work's count (under 1,000):
 *  a) 40 inside, 1 far outside: 1 / 41;
 *  b) 40 inside, 1 in a forbidden zone: it counts 5: 5 / 41, past the zero: 0;
 *  c) 40 inside, 3 just outside the edge (0.5 mm, inside the margin): the margin is free up
 *     to what a 0.5 mm strip along the 40 mm outline holds at 40 per cm2: 0.4 x 40 x 0.5 = 8
 *     dots: 0 off, full marks; with 12 there, the 4 past the 8 count half: 2 / 52. */
static void boundaries_by_hand(void **state) {
  (void)state;
  stp_scenario s; one_zone(&s);
  s.rubric.items[STP_CRIT_BOUNDARY].enabled = true;
  s.zone_count = 2;
  stp_zone *f = &s.zones[1];
  memset(f, 0, sizeof *f);
  strcpy(f->id, "forehead");
  f->role = STP_ZONE_FORBIDDEN;
  f->shape = stp_shape_rect(-20, 100, 40, 20);
  f->ink = 0.5; f->depth_mm = 1.0;
  stp_score_result r;
  stp_work w; stp_work_init(&w);
  struct { double x, y; int n; double want_err; } cases[] = {
    {-60, 100, 1, 1.0 / 41},     /* far outside */
    {0, 110, 1, 5.0 / 41},       /* forbidden */
    {5.5, 151, 3, 0},            /* in the margin, within the allowance */
    {5.5, 151, 12, 2.0 / 52},    /* in the margin, 4 past the allowance of 8, at half */
  };
  for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
    stp_work_clear(&w);
    fill_grid(&w, 40);
    for (int j = 0; j < cases[k].n; j++) {
      stp_impression d = dot(cases[k].x, cases[k].y + 0.7 * j);
      assert_int_equal(stp_work_push(&w, &d, NULL, NULL), STP_OK);
    }
    assert_int_equal(stp_score_work(&s, &w, &r, NULL, NULL), STP_OK);
    assert_float_equal(r.boundary_error, cases[k].want_err, 1e-12);
    double want = cases[k].want_err <= 0.01 ? 100 : cases[k].want_err >= 0.1 ? 0
                : 100.0 * (1 - (cases[k].want_err - 0.01) / 0.09);
    assert_float_equal(crit(&r, STP_CRIT_BOUNDARY), want, 1e-9);
  }
  stp_work_free(&w);
}

/* Depth by hand: 40 dots, 3 too shallow (0.3 mm) and 2 too deep (2.0 mm), which count twice:
 * (3 + 2 x 2) / 40 = 0.175 off; tolerance 0.02, zero 0.3: 100 x (1 - 0.155 / 0.28) = 44.64. */
static void depth_by_hand(void **state) {
  (void)state;
  stp_scenario s; one_zone(&s);
  s.rubric.items[STP_CRIT_DEPTH].enabled = true;
  stp_work w; stp_work_init(&w);
  fill_grid(&w, 40);
  for (int k = 0; k < 3; k++) w.items[k].depth_mm = 0.3;
  for (int k = 3; k < 5; k++) w.items[k].depth_mm = 2.0;
  stp_score_result r;
  assert_int_equal(stp_score_work(&s, &w, &r, NULL, NULL), STP_OK);
  assert_int_equal(r.too_shallow, 3);
  assert_int_equal(r.too_deep, 2);
  assert_float_equal(r.depth_error, 7.0 / 40, 1e-12);
  assert_float_equal(crit(&r, STP_CRIT_DEPTH), 100.0 * (1 - (7.0 / 40 - 0.02) / 0.28), 1e-9);
  /* Enough impressions (40 of 40 planned): no "judged on" note on a criterion judged dot by dot. */
  assert_null(strstr(r.criteria[STP_CRIT_DEPTH].figures, "judged on"));
  /* Three shallow and two deep: more shallow, so "press harder"; one deep alone: "press lighter". */
  assert_non_null(strstr(r.criteria[STP_CRIT_DEPTH].advice, "harder"));
  for (int k = 0; k < 5; k++) w.items[k].depth_mm = 1.0;
  w.items[0].depth_mm = 2.0;
  assert_int_equal(stp_score_work(&s, &w, &r, NULL, NULL), STP_OK);
  assert_non_null(strstr(r.criteria[STP_CRIT_DEPTH].advice, "lighter"));
  stp_work_free(&w);
}

/* The distance look's camouflage: a pale scar strip across a 30 x 30 mm zone. With no work
 * the work's tones are the untreated ones, so the scar shows against the skin around it by
 * exactly its untreated contrast (both seen through the same 1 m blur), which a pale strip
 * makes clearly visible; the look's error is then as far off as doing nothing (1: the whole
 * of the plan's contrast with bare skin). */
static void camouflage_of_an_untreated_scar(void **state) {
  (void)state;
  stp_scenario s; one_zone(&s);
  s.zones[0].shape = stp_shape_rect(-15, 140, 30, 30);
  s.rubric.items[STP_CRIT_LOOK].enabled = true;
  s.patch_count = 1;
  stp_patch *pt = &s.patches[0];
  memset(pt, 0, sizeof *pt);
  pt->kind = STP_PATCH_SCAR_STRIP;
  pt->shape = stp_shape_rect(-15, 154, 30, 3);
  pt->tone = -0.35; pt->uptake = 0.6; pt->spread = 1.4;
  stp_work w; stp_work_init(&w);
  stp_score_result r;
  assert_int_equal(stp_score_work(&s, &w, &r, NULL, NULL), STP_OK);
  assert_true(r.look_scars);
  assert_true(r.look_camouflage_before_delta_e > 1.0);
  assert_float_equal(r.look_camouflage_delta_e, r.look_camouflage_before_delta_e, 1e-9);
  assert_float_equal(r.look_error, 1.0, 1e-9);
  /* The zone filled on a 1.5 mm lattice (44 per cm2 against the target 40) all over, and
   * the same with the scar strip (y 154..157) left bare: the bare stripe shows more against
   * the skin around it, and the zone reads further from the plan. Not derived by hand (a
   * blurred rendering): the directions are the claim. */
  double shows[2], err[2];
  for (int skip = 0; skip < 2; skip++) {
    stp_work_clear(&w);
    for (double y = 140.75; y < 170; y += 1.5)
      for (double x = -14.25; x < 15; x += 1.5) {
        if (skip && y >= 153.5 && y <= 157.5) continue;
        stp_impression d = dot(x, y);
        assert_int_equal(stp_work_push(&w, &d, NULL, NULL), STP_OK);
      }
    assert_int_equal(stp_score_work(&s, &w, &r, NULL, NULL), STP_OK);
    shows[skip] = r.look_camouflage_delta_e;
    err[skip] = r.look_error;
  }
  /* Measured: 4.77 treated, 4.87 bare; look error 0.11 and 0.20. Treating a pale scar at
   * 44 per cm2 hides only 2 % of its contrast under the current optics (docs/scoring.md,
   * "Distance look"), so the look catches a bare stripe through the zone's tone (the error
   * nearly doubles) more than through camouflage. */
  assert_true(shows[1] > shows[0]);
  assert_true(err[1] > 1.5 * err[0]);
  stp_work_free(&w);
}

static void density_ignores_outside_and_weights_zones_by_area(void **state) {
  (void)state;
  stp_scenario s; one_zone(&s);
  /* A second zone of 2 cm2 with target 10 +- 2, left empty (score 0). */
  s.zone_count = 2;
  stp_zone *z = &s.zones[1];
  memset(z, 0, sizeof *z);
  strcpy(z->id, "side");
  z->shape = stp_shape_rect(20, 150, 20, 10);
  z->density_per_cm2 = 10; z->density_tolerance = 2; z->ink = 0.5; z->depth_mm = 1; z->angle_deg = 90;
  stp_work w; stp_work_init(&w);
  fill_grid(&w, 40);
  stp_impression out = dot(-60, 100);   /* outside every zone */
  stp_work_push(&w, &out, NULL, NULL);
  stp_score_result r;
  assert_int_equal(stp_score_work(&s, &w, &r, NULL, NULL), STP_OK);
  assert_int_equal(r.in_zones, 40);
  assert_int_equal(r.impressions, 41);
  /* (100 * 1 cm2 + 0 * 2 cm2) / 3 cm2 */
  assert_float_equal(crit(&r, STP_CRIT_DENSITY), 100.0 / 3.0, 1e-9);
  assert_non_null(strstr(r.criteria[STP_CRIT_DENSITY].advice, "Too sparse"));
  stp_work_free(&w);
}

static void spacing_counts_merged_pairs(void **state) {
  (void)state;
  stp_scenario s; one_zone(&s);
  stp_impression a = dot(0, 155), b = dot(0, 155);
  double d = stp_score_merge_distance(&s, &a, &b);
  assert_true(d > 0.2 && d < 1.0);
  stp_work w; stp_work_init(&w);
  /* 10 dots far apart, then one pair just inside the merge distance and one just outside. */
  for (int k = 0; k < 10; k++) {
    stp_impression i = dot(-4.5 + k, 151);   /* 1 mm apart */
    stp_work_push(&w, &i, NULL, NULL);
  }
  stp_impression p1 = dot(0, 155), p2 = dot(0.9 * d, 155);
  stp_impression q1 = dot(0, 158), q2 = dot(1.1 * d, 158);
  stp_work_push(&w, &p1, NULL, NULL); stp_work_push(&w, &p2, NULL, NULL);
  stp_work_push(&w, &q1, NULL, NULL); stp_work_push(&w, &q2, NULL, NULL);
  unsigned char flags[14];
  stp_score_result r;
  assert_int_equal(stp_score_work(&s, &w, &r, flags, NULL), STP_OK);
  assert_int_equal(r.merged, 2);
  assert_int_equal(flags[10], 1);
  assert_int_equal(flags[11], 1);
  assert_int_equal(flags[12], 0);
  assert_int_equal(flags[13], 0);
  /* 2 of 14 merged; the score reaches 0 at max_merged_fraction (0.3). 14 dots are 14 / 20 of
   * the evidence needed for full marks (half the planned 40 per cm2 x 1 cm2), so x 0.7. */
  assert_float_equal(r.evidence, 14.0 / 20.0, 1e-12);
  assert_float_equal(crit(&r, STP_CRIT_SPACING), 0.7 * 100.0 * (1 - (2.0 / 14.0) / 0.3), 1e-9);
  stp_work_free(&w);
}

static void deep_dots_merge_sooner(void **state) {
  (void)state;
  stp_scenario s; one_zone(&s);
  stp_impression a = dot(0, 155), b = dot(0.8, 155);
  stp_work w; stp_work_init(&w);
  stp_work_push(&w, &a, NULL, NULL); stp_work_push(&w, &b, NULL, NULL);
  stp_score_result r;
  stp_score_work(&s, &w, &r, NULL, NULL);
  assert_int_equal(r.merged, 0);
  w.items[0].depth_mm = w.items[1].depth_mm = 2.2;   /* blow-out spreads */
  stp_score_work(&s, &w, &r, NULL, NULL);
  assert_int_equal(r.merged, 2);
  stp_work_free(&w);
}

static void overall_weights_pass_and_empty(void **state) {
  (void)state;
  stp_scenario s; one_zone(&s);
  stp_work w; stp_work_init(&w);
  stp_score_result r;
  assert_int_equal(stp_score_work(&s, &w, &r, NULL, NULL), STP_OK);
  assert_float_equal(r.score, 0, 1e-12);
  assert_false(r.passed);
  fill_grid(&w, 40);
  stp_score_work(&s, &w, &r, NULL, NULL);
  assert_float_equal(r.score, 100, 1e-9);
  assert_true(r.passed);
  /* 30 dots: density 100 x (1 - 4 / 14) = 71.43 (4 beyond the tolerance, a span of half the
   * target less it, 14), spacing 100; weights 0.6 and 0.4. */
  stp_work_clear(&w);
  fill_grid(&w, 30);
  stp_score_work(&s, &w, &r, NULL, NULL);
  assert_float_equal(r.score, 0.6 * 100.0 * (1 - 4.0 / 14.0) + 0.4 * 100.0, 1e-9);
  assert_true(r.passed);    /* 82.9 >= the pass mark of 70 */
  s.rubric.pass_mark = r.score;   /* exactly at the pass mark passes */
  stp_score_work(&s, &w, &r, NULL, NULL);
  assert_true(r.passed);
  s.rubric.pass_mark = 85;
  stp_score_work(&s, &w, &r, NULL, NULL);
  assert_false(r.passed);
  stp_work_free(&w);
}

static void custom_criteria_share_the_weights(void **state) {
  (void)state;
  stp_scenario s; one_zone(&s);
  stp_work w; stp_work_init(&w);
  fill_grid(&w, 30);   /* density 71.43, spacing 100; raw weights 0.6 and 0.4 */
  stp_score_result r;
  stp_score_work(&s, &w, &r, NULL, NULL);
  double before = r.score;
  /* A custom criterion of raw weight 1 scoring 0: the sum becomes 2. */
  assert_int_equal(stp_score_add_custom(&r, "symmetry", 1.0, 0.0, "left 3, right 17", "balance the sides", NULL), STP_OK);
  assert_float_equal(r.score, before / 2.0, 1e-9);
  assert_float_equal(r.criteria[STP_CRIT_DENSITY].weight, 0.3, 1e-12);
  assert_float_equal(r.custom[0].weight, 0.5, 1e-12);
  assert_false(r.passed);
  /* A second of raw weight 1: the sum becomes 3 (density 0.6 / 3 = 0.2, each custom 1/3). */
  assert_int_equal(stp_score_add_custom(&r, "second", 1.0, 100.0, "", "", NULL), STP_OK);
  assert_float_equal(r.criteria[STP_CRIT_DENSITY].weight, 0.2, 1e-12);
  assert_float_equal(r.custom[0].weight, 1.0 / 3.0, 1e-12);
  assert_float_equal(r.score, (0.6 * (100.0 * (1 - 4.0 / 14.0)) + 0.4 * 100 + 1 * 0 + 1 * 100) / 3.0, 1e-9);
  /* The largest weight allowed, 1000, is taken. */
  assert_int_equal(stp_score_add_custom(&r, "heavy", 1000.0, 0.0, "", "", NULL), STP_OK);
  /* Out of range is refused and changes nothing. */
  stp_error err;
  stp_error_clear(&err);
  assert_int_equal(stp_score_add_custom(&r, "bad", 1.0, 120.0, "", "", &err), STP_ERR_RANGE);
  /* The core knows no file or line here (the script layer adds the hook's own). */
  assert_int_equal(err.status, STP_ERR_RANGE);
  assert_string_equal(err.file, "");
  assert_int_equal(err.line, 0);
  assert_non_null(strstr(err.msg, "custom criterion 'bad'"));
  assert_int_equal(r.custom_count, 3);
  char *js = stp_score_to_json(&s, &r);
  assert_non_null(strstr(js, "\"symmetry\""));
  free(js);
  stp_work_free(&w);
}

static void order_does_not_matter(void **state) {
  (void)state;
  stp_scenario s; one_zone(&s);
  stp_rng rng; stp_rng_seed(&rng, 42);
  stp_work w; stp_work_init(&w);
  for (int k = 0; k < 3000; k++) {
    stp_impression i = dot(stp_rng_range(&rng, -8, 8), stp_rng_range(&rng, 146, 164));
    i.depth_mm = stp_rng_range(&rng, 0.3, 2.0);
    stp_work_push(&w, &i, NULL, NULL);
  }
  stp_score_result a, b;
  stp_score_work(&s, &w, &a, NULL, NULL);
  for (size_t k = w.count - 1; k > 0; k--) {   /* Fisher-Yates */
    size_t j = (size_t)stp_rng_below(&rng, k + 1);
    stp_impression t = w.items[k]; w.items[k] = w.items[j]; w.items[j] = t;
  }
  stp_score_work(&s, &w, &b, NULL, NULL);
  assert_memory_equal(&a.score, &b.score, sizeof a.score);
  assert_int_equal(a.merged, b.merged);
  for (int i = 0; i < STP_CRIT_COUNT; i++)
    assert_memory_equal(&a.criteria[i].score, &b.criteria[i].score, sizeof(double));
  assert_true(a.score >= 0 && a.score <= 100 && !isnan(a.score));
  stp_work_free(&w);
}

static void json_has_the_contract(void **state) {
  (void)state;
  stp_scenario s; one_zone(&s);
  stp_work w; stp_work_init(&w);
  fill_grid(&w, 30);
  stp_score_result r;
  stp_score_work(&s, &w, &r, NULL, NULL);
  char *js = stp_score_to_json(&s, &r);
  assert_non_null(js);
  cJSON *root = cJSON_Parse(js);
  assert_non_null(root);
  assert_true(cJSON_IsNumber(cJSON_GetObjectItem(root, "score")));
  assert_float_equal(cJSON_GetObjectItem(root, "score")->valuedouble, r.score, 0.006);
  assert_true(cJSON_IsBool(cJSON_GetObjectItem(root, "passed")));
  cJSON *crit_arr = cJSON_GetObjectItem(root, "criteria");
  int enabled = 0;
  for (int i = 0; i < STP_CRIT_COUNT; i++) enabled += s.rubric.items[i].enabled;
  assert_int_equal(enabled, 2);   /* density and spacing are on by default */
  assert_int_equal(cJSON_GetArraySize(crit_arr), enabled);
  cJSON *c0 = cJSON_GetArrayItem(crit_arr, 0);
  assert_string_equal(cJSON_GetObjectItem(c0, "id")->valuestring, "density");
  assert_true(cJSON_IsNumber(cJSON_GetObjectItem(c0, "weight")));
  assert_true(cJSON_IsNumber(cJSON_GetObjectItem(c0, "score")));
  cJSON_Delete(root);
  free(js);
  stp_work_free(&w);
}

/* Too many everywhere: 100 dots, one in the middle of each 1 mm cell of the 1 cm2 zone, are
 * 100 per cm2 in every window against 40: 2.5 times, over the crowded limit of 1.75, in every
 * cell. Crowded is a part of dense: both shares are the whole zone, within is none. */
static void crowded_is_part_of_dense(void **state) {
  (void)state;
  stp_scenario s; one_zone(&s);
  stp_work w; stp_work_init(&w);
  fill_grid(&w, 100);
  stp_score_result r;
  assert_int_equal(stp_score_work(&s, &w, &r, NULL, NULL), STP_OK);
  assert_float_equal(r.zones[0].crowded, 1, 1e-12);
  assert_float_equal(r.zones[0].dense, 1, 1e-12);
  assert_float_equal(r.coverage_crowded, 1, 1e-12);
  assert_float_equal(r.coverage_dense, 1, 1e-12);
  assert_float_equal(r.coverage_within, 0, 1e-12);
  stp_work_free(&w);
}

/* One impression, inside the zone: nothing off the plan, so boundaries would be 100, but one
 * dot is 1 of the 20 (half of the 40 planned) that full evidence needs: 100 x 1 / 20 = 5. */
static void one_dot_inside_is_on_the_plan(void **state) {
  (void)state;
  stp_scenario s; one_zone(&s);
  s.rubric.items[STP_CRIT_BOUNDARY].enabled = true;
  s.rubric.items[STP_CRIT_BOUNDARY].weight = 0.2;
  stp_work w; stp_work_init(&w);
  stp_impression d = dot(0, 155);
  assert_int_equal(stp_work_push(&w, &d, NULL, NULL), STP_OK);
  stp_score_result r;
  assert_int_equal(stp_score_work(&s, &w, &r, NULL, NULL), STP_OK);
  assert_float_equal(crit(&r, STP_CRIT_BOUNDARY), 5, 1e-9);
  assert_null(strstr(r.criteria[STP_CRIT_BOUNDARY].figures, "no impressions"));
  stp_work_free(&w);
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(crowded_is_part_of_dense),
    cmocka_unit_test(one_dot_inside_is_on_the_plan),
    cmocka_unit_test(density_by_hand),
    cmocka_unit_test(coverage_catches_the_right_count_in_the_wrong_place),
    cmocka_unit_test(boundaries_by_hand),
    cmocka_unit_test(depth_by_hand),
    cmocka_unit_test(camouflage_of_an_untreated_scar),
    cmocka_unit_test(density_ignores_outside_and_weights_zones_by_area),
    cmocka_unit_test(spacing_counts_merged_pairs),
    cmocka_unit_test(deep_dots_merge_sooner),
    cmocka_unit_test(overall_weights_pass_and_empty),
    cmocka_unit_test(custom_criteria_share_the_weights),
    cmocka_unit_test(order_does_not_matter),
    cmocka_unit_test(json_has_the_contract),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
