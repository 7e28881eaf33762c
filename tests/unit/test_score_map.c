/* Criterion maps (stp_score_map: `stipple score --maps`, the result screen's V) on works
 * small enough to read cell by cell, each value derived by hand in the comments. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include "stp_test.h"
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "stp_score.h"
#include "score_fixture.h"

/* The common zone (score_fixture.h: x -5..5, y 150..160, 40 per cm2, grain 270 deg, depth
 * window 0.5..1.5 mm by default); shade and look full marks at 0, none at 7 and 1.5. */
static void map_zone(stp_scenario *s) {
  one_zone(s);
  s->rubric.items[STP_CRIT_SHADE].zero = 7;
  s->rubric.items[STP_CRIT_LOOK].zero = 1.5;
}

static stp_impression dot(double x, double y) {
  stp_impression i = {x, y, 270, 1.0, 0.25, 0.5, 1, 0, 0, 0, 0, 0, 0};
  return i;
}

static void push(stp_work *w, stp_impression i) { assert_int_equal(stp_work_push(w, &i, NULL, NULL), STP_OK); }

/* A 12 x 12 grid of 1 mm cells from (-6, 149): the zone's 10 x 10 cells at i, j = 1..10 and
 * a ring of cells outside it. */
#define NX 12
#define NY 12
static float values[NX * NY];
static stp_score_map_grid grid(void) {
  stp_score_map_grid g;
  memset(&g, 0, sizeof g);
  g.x0 = -6; g.y0 = 149; g.cell_mm = 1; g.nx = NX; g.ny = NY; g.values = values;
  return g;
}
/* The value of the cell holding chart point (x, y). */
static double at(const stp_score_map_grid *g, double x, double y) {
  int i = (int)floor((x - g->x0) / g->cell_mm), j = (int)floor((y - g->y0) / g->cell_mm);
  return g->values[j * g->nx + i];
}
static int count_nan(const stp_score_map_grid *g) {
  int n = 0;
  for (int k = 0; k < g->nx * g->ny; k++) n += isnan(g->values[k]);
  return n;
}

/* Spacing: the share of a cell's dots merged with a neighbour, in per cent. Two dots 0.1 mm
 * apart (far below two spreads of about 0.4 mm) merge: 100. A lone dot 5 mm from any other:
 * 0. A cell holding one of each: 50. A cell without dots: no value. */
static void spacing_map_by_hand(void **state) {
  (void)state;
  stp_scenario s; map_zone(&s);
  stp_work w; stp_work_init(&w);
  push(&w, dot(-4.5, 150.5)); push(&w, dot(-4.4, 150.5));   /* cell (-5, 150): merged pair */
  push(&w, dot(0.5, 155.5));                                 /* cell (0, 155): alone */
  push(&w, dot(3.2, 158.5)); push(&w, dot(3.3, 158.5));      /* (3, 158): a merged pair and */
  push(&w, dot(4.5, 151.5));                                 /* (4, 151): alone */
  push(&w, dot(2.05, 153.5)); push(&w, dot(2.95, 153.5));    /* (2, 153): 0.9 mm apart, both alone */
  stp_score_map_grid g = grid();
  assert_int_equal(stp_score_map(&s, &w, STP_CRIT_SPACING, &g, NULL), STP_OK);
  assert_float_equal(at(&g, -4.5, 150.5), 100, 1e-4);
  assert_float_equal(at(&g, 0.5, 155.5), 0, 1e-4);
  assert_float_equal(at(&g, 3.5, 158.5), 100, 1e-4);
  assert_float_equal(at(&g, 4.5, 151.5), 0, 1e-4);
  assert_float_equal(at(&g, 2.5, 153.5), 0, 1e-4);
  assert_int_equal(count_nan(&g), NX * NY - 5);              /* five cells hold dots */
  assert_float_equal(g.lo, 0, 0); assert_float_equal(g.hi, 100, 0);
  assert_string_equal(g.unit, "% merged");
  stp_work_free(&w);
}

/* Grain: the mean axial error against the zone's 270 deg, in degrees. 300 deg is 30 off; 80
 * deg is 190 off as a direction but 10 off as an axis (a line has no head); 90 is the same
 * axis as 270: 0. One dot of 300 and one of 80 in a cell: (30 + 10) / 2 = 20. */
static void grain_map_by_hand(void **state) {
  (void)state;
  stp_scenario s; map_zone(&s);
  stp_work w; stp_work_init(&w);
  stp_impression a = dot(-2.5, 152.5); a.angle_deg = 300; push(&w, a);
  stp_impression b = dot(1.5, 156.5); b.angle_deg = 80; push(&w, b);
  stp_impression c = dot(3.5, 151.5); c.angle_deg = 90; push(&w, c);
  stp_impression d = dot(-0.8, 158.2); d.angle_deg = 300; push(&w, d);
  stp_impression e = dot(-0.2, 158.8); e.angle_deg = 80; push(&w, e);
  stp_impression out = dot(-5.5, 155.5); out.angle_deg = 0; push(&w, out);   /* outside: no grain */
  stp_score_map_grid g = grid();
  assert_int_equal(stp_score_map(&s, &w, STP_CRIT_GRAIN, &g, NULL), STP_OK);
  assert_float_equal(at(&g, -2.5, 152.5), 30, 1e-3);
  assert_float_equal(at(&g, 1.5, 156.5), 10, 1e-3);
  assert_float_equal(at(&g, 3.5, 151.5), 0, 1e-3);
  assert_float_equal(at(&g, -0.5, 158.5), 20, 1e-3);
  assert_true(isnan(at(&g, -5.5, 155.5)));
  assert_int_equal(count_nan(&g), NX * NY - 4);
  assert_float_equal(g.hi, 90, 0);
  stp_work_free(&w);
}

/* Depth: the share of a cell's dots outside the 0.5..1.5 mm window, in per cent, wherever
 * they are (ink is in the skin inside or outside the plan). 2.0 mm (deep): 100; 0.3 (shallow):
 * 100; 1.0: 0; a cell with one deep and one good: 50; a deep dot outside the zone: 100. */
static void depth_map_by_hand(void **state) {
  (void)state;
  stp_scenario s; map_zone(&s);
  stp_work w; stp_work_init(&w);
  stp_impression a = dot(-2.5, 152.5); a.depth_mm = 2.0; push(&w, a);
  stp_impression b = dot(1.5, 156.5); b.depth_mm = 0.3; push(&w, b);
  push(&w, dot(3.5, 151.5));
  stp_impression c = dot(-0.8, 158.2); c.depth_mm = 2.0; push(&w, c);
  push(&w, dot(-0.2, 158.8));
  stp_impression out = dot(5.5, 155.5); out.depth_mm = 2.0; push(&w, out);
  stp_score_map_grid g = grid();
  assert_int_equal(stp_score_map(&s, &w, STP_CRIT_DEPTH, &g, NULL), STP_OK);
  assert_float_equal(at(&g, -2.5, 152.5), 100, 1e-4);
  assert_float_equal(at(&g, 1.5, 156.5), 100, 1e-4);
  assert_float_equal(at(&g, 3.5, 151.5), 0, 1e-4);
  assert_float_equal(at(&g, -0.5, 158.5), 50, 1e-4);
  assert_float_equal(at(&g, 5.5, 155.5), 100, 1e-4);
  assert_int_equal(count_nan(&g), NX * NY - 5);
  stp_work_free(&w);
}

/* Boundaries: how many impressions off the plan each cell holds (a count, not a share):
 * three dots in one cell outside the zone read 3, one outside reads 1, the zone's cells read
 * 0 with or without dots, cells outside the zone without dots have no value. The scale's top
 * is the largest count (3), at least 1. */
static void boundary_map_by_hand(void **state) {
  (void)state;
  stp_scenario s; map_zone(&s);
  stp_work w; stp_work_init(&w);
  push(&w, dot(-5.7, 155.2)); push(&w, dot(-5.5, 155.5)); push(&w, dot(-5.2, 155.8));   /* (-6, 155) */
  push(&w, dot(5.5, 160.5));                                                           /* (5, 160) */
  push(&w, dot(0.5, 155.5));                                                           /* inside */
  push(&w, dot(6.5, 155.5));   /* off the plan but right of the map (x 6..7 is column 12 of 0..11): not drawn */
  stp_score_map_grid g = grid();
  assert_int_equal(stp_score_map(&s, &w, STP_CRIT_BOUNDARY, &g, NULL), STP_OK);
  assert_float_equal(at(&g, -5.5, 155.5), 3, 1e-4);
  assert_float_equal(at(&g, 5.5, 160.5), 1, 1e-4);
  assert_float_equal(at(&g, 0.5, 155.5), 0, 1e-4);
  assert_float_equal(at(&g, -4.5, 159.5), 0, 1e-4);   /* in the zone, no dot */
  assert_true(isnan(at(&g, 5.5, 149.5)));             /* outside, no dot */
  assert_true(isnan(at(&g, -5.5, 156.5)));            /* the next row's first cell: not where x 6.5 lands */
  /* The ring outside the zone has 12 * 12 - 10 * 10 = 44 cells, two of them with dots. */
  assert_int_equal(count_nan(&g), 44 - 2);
  assert_float_equal(g.hi, 3, 1e-9);
  stp_work_free(&w);
}

/* Density: each cell's coverage, its 1 cm2 window against the target there, in per cent.
 * One dot at the centre of every 1 mm cell of the zone is 100 per cm2 in any window: 100 /
 * 40 = 250 % in every cell of the zone; outside the zone, no value. An empty work: 0.
 * The coverage is judged in 2 mm cells on the chart's origin; the zone's right edge (x = 5)
 * is the centre of the cell x 4..6, which is therefore not judged: the strip x 4..5 shows its
 * neighbour's window (x 2..4), 250 as well, not a gap. */
static void density_map_by_hand(void **state) {
  (void)state;
  stp_scenario s; map_zone(&s);
  stp_work w; stp_work_init(&w);
  for (int j = 0; j < 10; j++)
    for (int i = 0; i < 10; i++) push(&w, dot(-5 + i + 0.5, 150 + j + 0.5));
  stp_score_map_grid g = grid();
  assert_int_equal(stp_score_map(&s, &w, STP_CRIT_DENSITY, &g, NULL), STP_OK);
  for (int j = 0; j < 10; j++)
    for (int i = 0; i < 10; i++) assert_float_equal(at(&g, -5 + i + 0.5, 150 + j + 0.5), 250, 1e-3);
  assert_int_equal(count_nan(&g), 44);
  assert_float_equal(g.hi, 200, 0);
  stp_work_free(&w);
  stp_work_init(&w);
  assert_int_equal(stp_score_map(&s, &w, STP_CRIT_DENSITY, &g, NULL), STP_OK);
  assert_float_equal(at(&g, 0.5, 155.5), 0, 1e-6);
  stp_work_free(&w);
  /* Dots only in the right half (x 0..5, one per 1 mm cell: 50). The 2 mm cell x 2..4 has
   * the window of cells x -2..8: zone shares 1, 1, 1, 1/2 (x 4..6 is half in the zone), 0, so
   * 3.5 x 2 mm by 10 mm = 0.7 cm2 holding all 50 dots: 50 / 0.7 / 40 = 178.6 %. The strip x
   * 4..5 shows that window (the nearest judged cell), not the one of the cell x 0..2 (window
   * x -4..6: 4.5 x 2 x 10 mm = 0.9 cm2, 50 / 0.9 / 40 = 138.9 %). */
  stp_work_init(&w);
  for (int j = 0; j < 10; j++)
    for (int i = 0; i < 5; i++) push(&w, dot(i + 0.5, 150 + j + 0.5));
  assert_int_equal(stp_score_map(&s, &w, STP_CRIT_DENSITY, &g, NULL), STP_OK);
  assert_float_equal(at(&g, 3.5, 155.5), 100.0 * 50 / 0.7 / 40, 1e-3);
  assert_float_equal(at(&g, 4.5, 155.5), 100.0 * 50 / 0.7 / 40, 1e-3);
  assert_float_equal(at(&g, 1.5, 155.5), 100.0 * 50 / 0.9 / 40, 1e-3);
  stp_work_free(&w);
}

/* Hairline: impressions per cm2 over a 7 x 7 mm window of 1 mm cells (3 cells each way, the
 * zone's cells only) against the target at the cell. Dots at the centre of every 1 mm cell
 * of the zone's left half (x -5..0), target 40 per cm2 (the zone has no ramp of its own):
 * - a cell of the leftmost column, top row: its window holds 4 x 4 zone cells, all with a
 *   dot: 16 / 0.16 cm2 = 100 per cm2, 250 %;
 * - the cell x -1..0, y 155..156: 7 x 7 zone cells, of which 4 columns (x -4..0) hold dots:
 *   28 / 0.49 cm2 = 57.1 per cm2, 142.9 %;
 * - the cell x 4..5, y 155..156: the 4 zone columns x 1..5 in reach are empty: 0. */
static void hairline_map_by_hand(void **state) {
  (void)state;
  stp_scenario s; map_zone(&s);
  s.zones[0].role = STP_ZONE_HAIRLINE;
  stp_work w; stp_work_init(&w);
  for (int j = 0; j < 10; j++)
    for (int i = 0; i < 5; i++) push(&w, dot(-5 + i + 0.5, 150 + j + 0.5));
  stp_score_map_grid g = grid();
  assert_int_equal(stp_score_map(&s, &w, STP_CRIT_HAIRLINE, &g, NULL), STP_OK);
  assert_float_equal(at(&g, -4.5, 150.5), 250, 1e-3);
  assert_float_equal(at(&g, -0.5, 155.5), 100.0 * 28 / 0.49 / 40, 1e-3);
  assert_float_equal(at(&g, 4.5, 155.5), 0, 1e-6);
  assert_int_equal(count_nan(&g), 44);
  assert_float_equal(g.hi, 200, 0);
  /* The same work on 2 mm cells over the zone alone (5 x 5): the window is 2 cells each way
   * (lround(3 / 2)), 5 x 5 cells. Per 2 mm cell, the columns x -5..-3 and -3..-1 hold 4 dots,
   * x -1..1 holds 2 (x = -0.5), the rest none. The corner cell's window is 3 x 3 cells: 3 rows
   * of 4 + 4 + 2 = 30 dots over 9 x 0.04 cm2, 83.3 per cm2: 208.3 %. */
  g.x0 = -5; g.y0 = 148; g.cell_mm = 2; g.nx = 5; g.ny = 7;   /* rows y 148..150 and 160..162 outside */
  assert_int_equal(stp_score_map(&s, &w, STP_CRIT_HAIRLINE, &g, NULL), STP_OK);
  assert_float_equal(at(&g, -4, 151), 100.0 * 30 / (9 * 0.04) / 40, 1e-3);
  assert_int_equal(count_nan(&g), 2 * 5);
  stp_work_free(&w);
}

/* The distance look: the tone from 1 m against the plan's, as a share of the plan's own
 * contrast with bare skin. Untouched skin is exactly that contrast away from the plan: 1 in
 * every cell of the zone, no value outside. */
static void look_map_of_bare_skin_is_one(void **state) {
  (void)state;
  stp_scenario s; map_zone(&s);
  stp_work w; stp_work_init(&w);
  stp_score_map_grid g = grid();
  assert_int_equal(stp_score_map(&s, &w, STP_CRIT_LOOK, &g, NULL), STP_OK);
  for (int j = 0; j < 10; j++)
    for (int i = 0; i < 10; i++) assert_float_equal(at(&g, -5 + i + 0.5, 150 + j + 0.5), 1, 1e-6);
  assert_int_equal(count_nan(&g), 44);
  assert_float_equal(g.hi, 1.5, 0);
  stp_work_free(&w);
}

/* Shade: a cell's value is the mean of its dots' own values (a map averages per dot): two
 * dots of different ink in one cell read the mean of each alone in a cell of its own. The
 * scale's top is the criterion's zero (7). */
static void shade_map_is_the_mean_of_its_dots(void **state) {
  (void)state;
  stp_scenario s; map_zone(&s);
  stp_work w; stp_work_init(&w);
  stp_impression a = dot(-2.5, 152.5); a.ink = 0.2; push(&w, a);
  stp_impression b = dot(1.5, 156.5); b.ink = 0.9; push(&w, b);
  stp_impression c = dot(-0.8, 158.2); c.ink = 0.2; push(&w, c);
  stp_impression d = dot(-0.2, 158.8); d.ink = 0.9; push(&w, d);
  stp_score_map_grid g = grid();
  assert_int_equal(stp_score_map(&s, &w, STP_CRIT_SHADE, &g, NULL), STP_OK);
  double va = at(&g, -2.5, 152.5), vb = at(&g, 1.5, 156.5);
  assert_true(va > 0 && vb > 0 && fabs(va - vb) > 1);   /* the two inks heal apart */
  assert_float_equal(at(&g, -0.5, 158.5), 0.5 * (va + vb), 1e-3);
  assert_float_equal(g.hi, 7, 0);
  stp_work_free(&w);
}

static void bad_grids_are_refused(void **state) {
  (void)state;
  stp_scenario s; map_zone(&s);
  stp_work w; stp_work_init(&w);
  stp_score_map_grid g = grid();
  g.nx = 0;
  assert_int_equal(stp_score_map(&s, &w, STP_CRIT_DEPTH, &g, NULL), STP_ERR_RANGE);
  g = grid(); g.cell_mm = 0;
  assert_int_equal(stp_score_map(&s, &w, STP_CRIT_DEPTH, &g, NULL), STP_ERR_RANGE);
  g = grid(); g.values = NULL;
  assert_int_equal(stp_score_map(&s, &w, STP_CRIT_DEPTH, &g, NULL), STP_ERR_RANGE);
  g = grid(); g.ny = 0;
  assert_int_equal(stp_score_map(&s, &w, STP_CRIT_DEPTH, &g, NULL), STP_ERR_RANGE);
  /* The smallest map, one cell, is a map: the zone's cell at (0, 155) with no dot reads 0
   * for boundaries (in the zone, nothing off the plan). */
  g = grid(); g.x0 = 0; g.y0 = 155; g.nx = 1; g.ny = 1;
  assert_int_equal(stp_score_map(&s, &w, STP_CRIT_BOUNDARY, &g, NULL), STP_OK);
  assert_float_equal(g.values[0], 0, 0);
  stp_work_free(&w);
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(spacing_map_by_hand),
    cmocka_unit_test(grain_map_by_hand),
    cmocka_unit_test(depth_map_by_hand),
    cmocka_unit_test(boundary_map_by_hand),
    cmocka_unit_test(density_map_by_hand),
    cmocka_unit_test(hairline_map_by_hand),
    cmocka_unit_test(look_map_of_bare_skin_is_one),
    cmocka_unit_test(shade_map_is_the_mean_of_its_dots),
    cmocka_unit_test(bad_grids_are_refused),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
