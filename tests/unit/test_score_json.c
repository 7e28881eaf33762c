/* The JSON of a score (stp_score_to_json): every criterion's figures as named numbers, on a
 * work built by hand so that each count, fraction and ratio is known before scoring. */
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

#include "stp_gen.h"
#include "stp_score.h"
#include "proof_scenario.h"

/* A 10 x 10 mm field (target angle 270) and a forbidden square beside it; every criterion
 * on, the spacing pattern judged. No hairline zone: that criterion is left out. */
static void scenario(stp_scenario *s) {
  stp_scenario_defaults(s);
  s->zone_count = 2;
  stp_zone *z = &s->zones[0];
  memset(z, 0, sizeof *z);
  strcpy(z->id, "field");
  z->shape = stp_shape_rect(-5, 150, 10, 10);
  z->density_per_cm2 = 40; z->density_tolerance = 6; z->angle_deg = 270; z->ink = 0.5; z->depth_mm = 1.0;
  z = &s->zones[1];
  memset(z, 0, sizeof *z);
  strcpy(z->id, "keep-off");
  z->role = STP_ZONE_FORBIDDEN;
  z->shape = stp_shape_rect(20, 150, 10, 10);
  z->ink = 0.5; z->depth_mm = 1.0;
  for (int i = 0; i < STP_CRIT_COUNT; i++) s->rubric.items[i].enabled = true;
  s->rubric.pattern_weight = 0.5;
}

static void push(stp_work *w, double x, double y, double angle, double depth) {
  stp_impression m = {x, y, angle, depth, 0.25, 0.5, 1, 0, 0, 0, 0, 0, 0};
  stp_impression_quantize(&m);
  assert_int_equal(stp_work_push(w, &m, NULL, NULL), STP_OK);
}

/* 40 dots on a 1.4 mm grid in the field (7 columns, 6 rows: no two merge): 3 of them too
 * shallow (0.3 mm), 2 too deep (1.8 mm), 10 turned 20 degrees off the grain; a pair stamped
 * at one point (merged); 3 dots outside every zone and 2 in the forbidden square. */
static void hand_work(stp_work *w) {
  stp_work_init(w);
  for (int k = 0; k < 40; k++) {
    double depth = k < 3 ? 0.3 : k < 5 ? 1.8 : 1.0;
    double angle = k >= 20 && k < 30 ? 290 : 270;
    push(w, -4.2 + 1.4 * (k % 7), 150.7 + 1.4 * (k / 7), angle, depth);
  }
  push(w, 0, 159.3, 270, 1.0);
  push(w, 0, 159.3, 270, 1.0);
  for (int k = 0; k < 3; k++) push(w, -50, 150 + 5 * k, 270, 1.0);
  push(w, 22, 152, 270, 1.0);
  push(w, 26, 156, 270, 1.0);
}

static cJSON *criterion(cJSON *root, const char *id) {
  cJSON *c;
  cJSON_ArrayForEach(c, cJSON_GetObjectItem(root, "criteria"))
    if (strcmp(cJSON_GetObjectItem(c, "id")->valuestring, id) == 0) return c;
  fail_msg("no criterion '%s' in the JSON", id);
  return NULL;
}

/* figures.<name> of criterion id: a number. */
static double fig(cJSON *root, const char *id, const char *name) {
  cJSON *f = cJSON_GetObjectItem(criterion(root, id), "figures");
  assert_true(cJSON_IsObject(f));
  cJSON *v = cJSON_GetObjectItem(f, name);
  if (!cJSON_IsNumber(v)) fail_msg("figures.%s of %s is not a number", name, id);
  return v->valuedouble;
}

static void figures_are_named_numbers(void **state) {
  (void)state;
  stp_scenario s; scenario(&s);
  stp_work w; hand_work(&w);
  stp_score_result r;
  assert_int_equal(stp_score_work(&s, &w, &r, NULL, NULL), STP_OK);
  char *js = stp_score_to_json(&s, &r);
  cJSON *root = cJSON_Parse(js);
  assert_non_null(root);
  const double n = 47;   /* 40 + 2 + 3 + 2 */
  assert_float_equal(cJSON_GetObjectItem(root, "impressions")->valuedouble, n, 0);

  /* Spacing: only the stamped pair merges. */
  assert_float_equal(fig(root, "spacing", "merged"), 2, 0);
  assert_float_equal(fig(root, "spacing", "merged_fraction"), round(2 / n * 1e4) / 1e4, 1e-12);
  /* Clark-Evans over the field's 42 dots: the grid's nearest neighbours are 1.4 mm away, the
   * pair's at 0 mm; expected for 42 random points in 100 mm2 with a 40 mm edge (Donnelly). */
  assert_float_equal(fig(root, "spacing", "pattern_impressions"), 42, 0);
  double expect = 0.5 * sqrt(100.0 / 42) + (0.0514 + 0.041 / sqrt(42.0)) * 40.0 / 42;
  assert_float_equal(fig(root, "spacing", "clark_evans_r"), (40 * 1.4 / 42) / expect, 2e-4);
  /* Grid order: every grid dot's nearest neighbour is along a row or a column (e^{4i theta}
   * = 1); the pair has no direction but counts: 40 / 42. */
  assert_float_equal(fig(root, "spacing", "grid_order_zone"), 40.0 / 42, 2e-4);
  /* Within 1 cm tiles the pair (no direction) is left out and each tile's n grid dots all
   * agree: |mean| = 1, less chance: sqrt(1 - 1/n), at least sqrt(1 - 1/12) = 0.957 (12 dots
   * at least per tile judged) and at most sqrt(1 - 1/40). The order is the larger. */
  double local = fig(root, "spacing", "grid_order_local");
  assert_true(local >= sqrt(1 - 1.0 / 12) - 2e-4 && local <= sqrt(1 - 1.0 / 40) + 2e-4);
  assert_float_equal(fig(root, "spacing", "grid_order"), fmax(40.0 / 42, local), 2e-4);

  /* Depth: 3 too shallow, 2 too deep, of 47. */
  assert_float_equal(fig(root, "depth", "too_shallow"), 3, 0);
  assert_float_equal(fig(root, "depth", "too_deep"), 2, 0);
  assert_float_equal(fig(root, "depth", "fraction"), round(5 / n * 1e4) / 1e4, 1e-12);

  /* Boundary: 3 outside every zone, 2 in the forbidden one. */
  assert_float_equal(fig(root, "boundary", "outside"), 3, 0);
  assert_float_equal(fig(root, "boundary", "forbidden"), 2, 0);
  assert_float_equal(fig(root, "boundary", "fraction"), round(5 / n * 1e4) / 1e4, 1e-12);

  /* Grain: 10 of the field's 42 dots are 20 degrees off, the rest on the grain: the root mean
   * square is sqrt(10 x 20^2 / 42). */
  assert_float_equal(fig(root, "grain", "rms_error_deg"), sqrt(10 * 400.0 / 42), 1e-4);

  /* Density: the 42 dots in (non-forbidden) zones; per zone under "zones". */
  assert_float_equal(fig(root, "density", "in_zones"), 42, 0);
  cJSON *z0 = cJSON_GetArrayItem(cJSON_GetObjectItem(root, "zones"), 0);
  assert_float_equal(cJSON_GetObjectItem(z0, "density_per_cm2")->valuedouble, 42, 1e-9);

  /* Shade: numbers (the pigment model's values are checked in test_pigment). */
  assert_true(fig(root, "shade", "mean_delta_e") > 0);
  assert_float_equal(fig(root, "shade", "session_delta_e"), 0, 0);   /* one session only */

  /* The text is still there, as "summary", and no hairline zone means no hairline entry. */
  assert_true(cJSON_IsString(cJSON_GetObjectItem(criterion(root, "spacing"), "summary")));
  assert_non_null(strstr(cJSON_GetObjectItem(criterion(root, "spacing"), "summary")->valuestring, "2 of 47"));
  cJSON *c;
  cJSON_ArrayForEach(c, cJSON_GetObjectItem(root, "criteria"))
    assert_string_not_equal(cJSON_GetObjectItem(c, "id")->valuestring, "hairline");
  cJSON_Delete(root);
  free(js);
  stp_work_free(&w);
}

/* Every dot at the zone's target ink and depth, all in session 1: no colour error at all. */
static void shade_on_target_is_zero(void **state) {
  (void)state;
  stp_scenario s; scenario(&s);
  stp_work w; stp_work_init(&w);
  for (int k = 0; k < 40; k++) push(&w, -4.2 + 1.4 * (k % 7), 150.7 + 1.4 * (k / 7), 270, 1.0);
  stp_score_result r;
  assert_int_equal(stp_score_work(&s, &w, &r, NULL, NULL), STP_OK);
  char *js = stp_score_to_json(&s, &r);
  cJSON *root = cJSON_Parse(js);
  assert_float_equal(fig(root, "shade", "mean_delta_e"), 0, 1e-9);
  assert_float_equal(fig(root, "shade", "session_delta_e"), 0, 1e-9);
  assert_float_equal(fig(root, "grain", "rms_error_deg"), 0, 1e-9);
  /* Too few in a zone for a pattern? No: 40 >= 30, judged; a pure grid, order 1. */
  assert_float_equal(fig(root, "spacing", "grid_order"), 1, 2e-4);
  cJSON_Delete(root);
  free(js);
  stp_work_free(&w);
}

/* The pattern not judged (a small work): R and the order are null, not a misleading 0. And
 * the hairline's three figures where the scenario designs a hairline. */
static void not_measured_is_null_and_hairline_has_its_figures(void **state) {
  (void)state;
  stp_scenario s; scenario(&s);
  stp_work w; stp_work_init(&w);
  for (int k = 0; k < 5; k++) push(&w, -4 + 2 * k, 155, 270, 1.0);
  stp_score_result r;
  assert_int_equal(stp_score_work(&s, &w, &r, NULL, NULL), STP_OK);
  char *js = stp_score_to_json(&s, &r);
  cJSON *root = cJSON_Parse(js);
  cJSON *f = cJSON_GetObjectItem(criterion(root, "spacing"), "figures");
  assert_true(cJSON_IsNull(cJSON_GetObjectItem(f, "clark_evans_r")));
  assert_true(cJSON_IsNull(cJSON_GetObjectItem(f, "grid_order")));
  assert_float_equal(fig(root, "spacing", "pattern_impressions"), 0, 0);
  cJSON_Delete(root);
  free(js);
  stp_work_free(&w);

  stp_scenario *p = malloc(sizeof *p);
  proof_scenario(p);
  assert_int_equal(stp_gen_expert(p, 1, &w, NULL), STP_OK);
  assert_int_equal(stp_score_work(p, &w, &r, NULL, NULL), STP_OK);
  js = stp_score_to_json(p, &r);
  root = cJSON_Parse(js);
  assert_float_equal(fig(root, "hairline", "position_mm"), r.hairline_position_mm, 1e-4);
  assert_float_equal(fig(root, "hairline", "width_mm"), r.hairline_width_mm, 1e-4);
  assert_float_equal(fig(root, "hairline", "asymmetry_mm"), r.hairline_asymmetry_mm, 1e-4);
  cJSON_Delete(root);
  free(js);
  stp_work_free(&w);
  free(p);
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(figures_are_named_numbers),
    cmocka_unit_test(shade_on_target_is_zero),
    cmocka_unit_test(not_measured_is_null_and_hairline_has_its_figures),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
