/* Scoring works whose layout is far from natural: every dot stamped at one point, dots packed
 * into a small square, strung on a line, or all of these in one work. The neighbour search
 * must stay exact there (merges and Clark-Evans checked against a brute-force count over
 * every pair, computed here) and not depend on the order of the rows. Speed is measured by
 * `stipple bench --layouts`, not here. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include "stp_test.h"
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "stp_rng.h"
#include "stp_score.h"
#include "score_fixture.h"

/* The common zone (score_fixture.h), spacing judged on merges and pattern half and half. */
static void one_zone_spacing(stp_scenario *s) {
  one_zone(s);
  s->rubric.pattern_weight = 0.5;
}

static stp_impression dot(double x, double y, double depth) {
  stp_impression i = {x, y, 270, depth, 0.25, 0.5, 1, 0, 0, 0, 0, 0, 0};
  stp_impression_quantize(&i);
  return i;
}

static void push(stp_work *w, stp_impression i) { assert_int_equal(stp_work_push(w, &i, NULL, NULL), STP_OK); }

static void stacked_at_one_point_all_merge_and_clump(void **state) {
  (void)state;
  stp_scenario s; one_zone_spacing(&s);
  stp_work w; stp_work_init(&w);
  const size_t n = 5000;
  for (size_t k = 0; k < n; k++) push(&w, dot(0, 155, 0.6 + 0.8 * (double)(k % 7) / 6.0));
  unsigned char *flags = malloc(n);
  stp_score_result r;
  assert_int_equal(stp_score_work(&s, &w, &r, flags, NULL), STP_OK);
  /* Each dot lies on top of another: distance 0, below any sum of two spreads. */
  assert_int_equal(r.merged, n);
  for (size_t k = 0; k < n; k++) assert_int_equal(flags[k], 1);
  /* Every nearest neighbour is at distance 0, so the mean is 0 and R = 0: as clumped as
   * can be; judged (a zone of 5000 >= 30 dots), not mistaken for "no pattern". */
  assert_int_equal(r.pattern_dots, n);
  assert_float_equal(r.clark_evans, 0, 1e-12);
  assert_float_equal(r.grid_order, 0, 1e-12);   /* no direction to a dot at distance 0 */
  /* Merge part 0 (all merged), pattern part 0 (R far below 0.7). */
  assert_float_equal(r.criteria[STP_CRIT_SPACING].score, 0, 1e-12);
  free(flags);
  stp_work_free(&w);
}

/* The reference: every pair, in double. */
typedef struct ref { size_t merged; double mean_nn; size_t nn_n; } ref;

static ref brute_force(const stp_scenario *s, const stp_work *w, unsigned char *want) {
  ref out = {0, 0, 0};
  size_t n = w->count;
  double *rad = malloc(n * sizeof *rad);
  for (size_t i = 0; i < n; i++) {
    stp_impression same = w->items[i];
    rad[i] = 0.5 * stp_score_merge_distance(s, &w->items[i], &same);   /* its own merge radius */
  }
  for (size_t i = 0; i < n; i++) {
    const stp_impression *p = &w->items[i];
    double best = INFINITY;
    want[i] = 0;
    for (size_t j = 0; j < n; j++) {
      if (j == i) continue;
      const stp_impression *q = &w->items[j];
      double d = hypot(q->x_mm - p->x_mm, q->y_mm - p->y_mm);
      if (d < rad[i] + rad[j]) want[i] = 1;
      if (d < best) best = d;
    }
    out.merged += want[i];
    if (best <= 25) { out.mean_nn += best; out.nn_n++; }
  }
  out.mean_nn /= (double)out.nn_n;
  free(rad);
  return out;
}

/* A sparse field with a packed square, a line, and a stack inside it: every kind of cell
 * the search meets (about one dot, a few, hundreds in a tree, hundreds at one point). */
static void mixed_work(stp_work *w, uint64_t seed) {
  stp_rng rng; stp_rng_seed(&rng, seed);
  for (int k = 0; k < 600; k++)
    push(w, dot(stp_rng_range(&rng, -4.9, 4.9), stp_rng_range(&rng, 150.1, 159.9), stp_rng_range(&rng, 0.4, 2.2)));
  for (int k = 0; k < 1500; k++)   /* packed: 1500 in 0.6 x 0.6 mm */
    push(w, dot(stp_rng_range(&rng, 2, 2.6), stp_rng_range(&rng, 152, 152.6), stp_rng_range(&rng, 0.6, 1.4)));
  for (int k = 0; k < 800; k++)    /* a slanted line 6 mm long, 0.0075 mm apart */
    push(w, dot(-4 + 0.006 * k, 156 + 0.0045 * k, 1.0));
  for (int k = 0; k < 400; k++)    /* stacked */
    push(w, dot(-3, 152, 0.8 + 0.001 * k));
}

static void mixed_layout_matches_every_pair(void **state) {
  (void)state;
  stp_scenario s; one_zone_spacing(&s);
  stp_work w; stp_work_init(&w);
  mixed_work(&w, 11);
  size_t n = w.count;
  unsigned char *flags = malloc(n), *want = malloc(n);
  ref want_r = brute_force(&s, &w, want);
  stp_score_result r;
  assert_int_equal(stp_score_work(&s, &w, &r, flags, NULL), STP_OK);
  assert_int_equal(r.merged, want_r.merged);
  assert_memory_equal(flags, want, n);
  assert_true(want_r.merged > 2700 && want_r.merged < n);   /* most merge, not all: the field has room */
  /* Clark-Evans: mean nearest-neighbour distance over the expected one for n random points
   * in a 10 x 10 mm square with Donnelly's edge correction (A = 100 mm2, P = 40 mm). */
  double expect = 0.5 * sqrt(100.0 / (double)n) + (0.0514 + 0.041 / sqrt((double)n)) * 40.0 / (double)n;
  assert_int_equal(r.pattern_dots, want_r.nn_n);
  assert_float_equal(r.clark_evans, want_r.mean_nn / expect, 1e-4);
  assert_true(r.clark_evans < 0.7);   /* clumped */
  free(flags); free(want);
  stp_work_free(&w);
}

static void mixed_layout_ignores_row_order(void **state) {
  (void)state;
  stp_scenario s; one_zone_spacing(&s);
  stp_work w; stp_work_init(&w);
  mixed_work(&w, 12);
  stp_score_result a, b;
  assert_int_equal(stp_score_work(&s, &w, &a, NULL, NULL), STP_OK);
  stp_rng rng; stp_rng_seed(&rng, 5);
  for (size_t k = w.count - 1; k > 0; k--) {   /* Fisher-Yates */
    size_t j = (size_t)stp_rng_below(&rng, k + 1);
    stp_impression t = w.items[k]; w.items[k] = w.items[j]; w.items[j] = t;
  }
  assert_int_equal(stp_score_work(&s, &w, &b, NULL, NULL), STP_OK);
  assert_int_equal(a.merged, b.merged);
  assert_memory_equal(&a.clark_evans, &b.clark_evans, sizeof a.clark_evans);
  assert_memory_equal(&a.grid_order, &b.grid_order, sizeof a.grid_order);
  assert_memory_equal(&a.score, &b.score, sizeof a.score);
  stp_work_free(&w);
}

/* Packed so tight that every dot merges, spread over a line of cells: all merged. */
static void packed_square_and_line_all_merge(void **state) {
  (void)state;
  stp_scenario s; one_zone_spacing(&s);
  stp_work w; stp_work_init(&w);
  stp_rng rng; stp_rng_seed(&rng, 3);
  /* 20000 dots in 1 x 1 mm on a 0.01 mm lattice of 101 x 101 positions: the farthest any dot
   * can be from its nearest is far below the smallest sum of spreads (about 0.4 mm). */
  for (int k = 0; k < 20000; k++) push(&w, dot(stp_rng_range(&rng, -1, 0), stp_rng_range(&rng, 154, 155), 1.0));
  /* and 4000 on a line 8 mm long, 0.002 mm apart. */
  for (int k = 0; k < 4000; k++) push(&w, dot(-4 + 0.002 * k, 158, 1.0));
  stp_score_result r;
  assert_int_equal(stp_score_work(&s, &w, &r, NULL, NULL), STP_OK);
  assert_int_equal(r.merged, w.count);
  assert_true(r.clark_evans < 0.2);
  assert_float_equal(r.criteria[STP_CRIT_SPACING].score, 0, 1e-12);
  stp_work_free(&w);
}

/* A dense clump in one corner and isolated dots over the rest: the grid's cells are sized
 * for the clump (sqrt(area / n) = sqrt(100 / 2040) = 0.22 mm), so an isolated dot's nearest
 * neighbour is several rings of cells away, in every direction, and the search must skip
 * only cells that really are out of reach. Merges and the nearest distances match every
 * pair. */
static void isolated_dots_far_from_a_clump_match_every_pair(void **state) {
  (void)state;
  stp_scenario s; one_zone_spacing(&s);
  stp_work w; stp_work_init(&w);
  stp_rng rng; stp_rng_seed(&rng, 21);
  for (int k = 0; k < 2000; k++)   /* the clump: 0.5 x 0.5 mm in the top left corner */
    push(&w, dot(stp_rng_range(&rng, -4.8, -4.3), stp_rng_range(&rng, 150.2, 150.7), 1.0));
  for (int k = 0; k < 40; k++) {   /* isolated: anywhere at least 2 mm from the clump */
    double x, y;
    do { x = stp_rng_range(&rng, -4.9, 4.9); y = stp_rng_range(&rng, 150.1, 159.9); } while (x < -2 && y < 153);
    push(&w, dot(x, y, 1.0));
  }
  size_t n = w.count;
  unsigned char *flags = malloc(n), *want = malloc(n);
  ref want_r = brute_force(&s, &w, want);
  stp_score_result r;
  assert_int_equal(stp_score_work(&s, &w, &r, flags, NULL), STP_OK);
  assert_memory_equal(flags, want, n);
  double expect = 0.5 * sqrt(100.0 / (double)n) + (0.0514 + 0.041 / sqrt((double)n)) * 40.0 / (double)n;
  assert_int_equal(r.pattern_dots, want_r.nn_n);
  assert_float_equal(r.clark_evans, want_r.mean_nn / expect, 1e-4);
  /* The isolated dots are what moves R: their nearest neighbours are about a millimetre
   * away, the clump's 0.01 mm; without them the mean would be some 50 times smaller. */
  assert_true(want_r.mean_nn > 0.01);
  free(flags); free(want);
  stp_work_free(&w);
}

/* A hexagonal lattice, rows 1.5 mm apart turned 10 degrees: every nearest neighbour lies at
 * 10 + 60 k degrees, so e^{6 i theta} is the same for every dot, e^{i 60} (cos 60 = 0.5,
 * sin 60 = 0.87), and its mean has length 1: grid order 1 over the zone, whichever of
 * the six equal neighbours each dot picks. Within the 1 cm tiles (x < 0 and x >= 0 here)
 * each tile's order is 1 less the chance level: sqrt(1 - 1 / n) for its n dots, and the
 * local order their mean weighted by n. Positions are kept to 0.01 mm, which turns a
 * direction by at most 0.4 degrees (2.4 at 6 theta): the lengths stay above 0.999. */
static void hexagonal_lattice_has_grid_order_one(void **state) {
  (void)state;
  stp_scenario s; one_zone_spacing(&s);
  stp_work w; stp_work_init(&w);
  const double a = 1.5, t = 10.0 * acos(-1.0) / 180.0;
  double n_left = 0, n_right = 0;
  for (int j = -12; j <= 12; j++)
    for (int i = -12; i <= 12; i++) {
      double u = a * (i + 0.5 * j), v = a * (sqrt(3.0) / 2.0) * j;   /* the lattice, unturned */
      double x = u * cos(t) - v * sin(t), y = 155 + u * sin(t) + v * cos(t);
      if (x <= -4.9 || x >= 4.9 || y <= 150.1 || y >= 159.9) continue;
      push(&w, dot(x, y, 1.0));
      if (floor(w.items[w.count - 1].x_mm / 10.0) < 0) n_left++; else n_right++;
    }
  assert_true(n_left >= 12 && n_right >= 12);
  stp_score_result r;
  assert_int_equal(stp_score_work(&s, &w, &r, NULL, NULL), STP_OK);
  assert_int_equal(r.merged, 0);   /* 1.5 mm apart: far beyond any two spreads */
  assert_float_equal(r.grid_order_zone, 1.0, 1e-3);
  double local = (n_left * sqrt(1 - 1 / n_left) + n_right * sqrt(1 - 1 / n_right)) / (n_left + n_right);
  assert_float_equal(r.grid_order_local, local, 1e-3);
  assert_float_equal(r.grid_order, 1.0, 1e-3);
  stp_work_free(&w);
}

/* Shade evenness compares sessions 1, 2, 3 and "4 and later": 20 dots of session 4 at ink
 * 0.3 and 20 of session 5 at ink 0.9 are one group, so there is no second session to differ
 * from (spread 0); the same dots as sessions 3 and 4 are two groups whose healed colours
 * differ (spread above 0). */
static void sessions_from_four_on_are_one_group(void **state) {
  (void)state;
  stp_scenario s; one_zone_spacing(&s);
  s.rubric.items[STP_CRIT_SHADE].enabled = true;
  s.rubric.items[STP_CRIT_SHADE].weight = 0.2;
  for (int pass = 0; pass < 2; pass++) {
    stp_work w; stp_work_init(&w);
    for (int k = 0; k < 40; k++) {
      stp_impression i = dot(-4.5 + 1.5 * (k % 7), 150.5 + 1.5 * (k / 7), 1.0);
      i.ink = k < 20 ? 0.3 : 0.9;
      i.session = (k < 20 ? 4 : 5) - pass;   /* pass 0: sessions 4 and 5; pass 1: 3 and 4 */
      push(&w, i);
    }
    stp_score_result r;
    assert_int_equal(stp_score_work(&s, &w, &r, NULL, NULL), STP_OK);
    if (pass == 0) assert_float_equal(r.shade_session_delta_e, 0, 1e-12);
    else assert_true(r.shade_session_delta_e > 3);
    stp_work_free(&w);
  }
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(stacked_at_one_point_all_merge_and_clump),
    cmocka_unit_test(mixed_layout_matches_every_pair),
    cmocka_unit_test(mixed_layout_ignores_row_order),
    cmocka_unit_test(packed_square_and_line_all_merge),
    cmocka_unit_test(isolated_dots_far_from_a_clump_match_every_pair),
    cmocka_unit_test(hexagonal_lattice_has_grid_order_one),
    cmocka_unit_test(sessions_from_four_on_are_one_group),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
