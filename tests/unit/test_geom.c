/* Shape algebra (stp_geom, GEOS), polygons of several rings and their index, and the head's
 * landmarks. Every expected value is derived here by hand from the shapes' own geometry. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include "stp_test.h"
#include <math.h>
#include <string.h>

#include "stp_geom.h"
#include "stp_head.h"
#include "stp_rng.h"
#include "stp_shape.h"

#define PI 3.14159265358979323846

/* Two overlapping rectangles: 100 x 40 at (-50, 80) and 40 x 100 at (-20, 60). Overlap:
 * x -20..20, y 80..120 = 40 x 40 = 1600. Union = 4000 + 4000 - 1600; a minus b = 2400. */
static void combine_rects(void **state) {
  (void)state;
  stp_shape a = stp_shape_rect(-50, 80, 100, 40), b = stp_shape_rect(-20, 60, 40, 100), o;
  stp_error e;
  assert_int_equal(stp_geom_combine(STP_GEOM_UNION, &a, &b, &o, &e), STP_OK);
  assert_float_equal(stp_shape_area_mm2(&o), 6400, 1e-6);
  assert_true(stp_shape_contains(&o, 0, 65) && stp_shape_contains(&o, -45, 85) && !stp_shape_contains(&o, -45, 65));
  assert_int_equal(stp_geom_combine(STP_GEOM_DIFFERENCE, &a, &b, &o, &e), STP_OK);
  assert_float_equal(stp_shape_area_mm2(&o), 2400, 1e-6);
  /* a minus b is two parts (left and right of b): two rings, each 30 x 40. */
  assert_int_equal(stp_shape_ring_count(&o), 2);
  assert_float_equal(fabs(stp_shape_ring_area(&o, 0)), 1200, 1e-6);
  assert_true(stp_shape_contains(&o, -35, 100) && stp_shape_contains(&o, 35, 100) && !stp_shape_contains(&o, 0, 100));
  assert_int_equal(stp_geom_combine(STP_GEOM_INTERSECTION, &a, &b, &o, &e), STP_OK);
  assert_float_equal(stp_shape_area_mm2(&o), 1600, 1e-6);
  /* Apart: the intersection is empty, an error that says so. */
  stp_shape far = stp_shape_rect(200, 300, 10, 10);
  assert_int_equal(stp_geom_combine(STP_GEOM_INTERSECTION, &a, &far, &o, &e), STP_ERR_RANGE);
  assert_non_null(strstr(e.msg, "nothing"));
}

/* A hole: a 100 x 100 square minus a 20 x 20 square in its middle. Area 10000 - 400; the
 * hole's centre is outside, a point between the two inside; the outer ring's signed area
 * is positive and the hole's negative. */
static void hole(void **state) {
  (void)state;
  stp_shape a = stp_shape_rect(0, 0, 100, 100), b = stp_shape_rect(40, 40, 20, 20), o;
  stp_error e;
  assert_int_equal(stp_geom_combine(STP_GEOM_DIFFERENCE, &a, &b, &o, &e), STP_OK);
  assert_int_equal(stp_shape_ring_count(&o), 2);
  assert_float_equal(stp_shape_area_mm2(&o), 9600, 1e-6);
  assert_true(stp_shape_ring_area(&o, 0) > 0 && stp_shape_ring_area(&o, 1) < 0);
  assert_false(stp_shape_contains(&o, 50, 50));
  assert_true(stp_shape_contains(&o, 20, 50));
  /* Distance to the boundary counts the hole's edge: from (50, 50) to the hole is 10. */
  assert_float_equal(stp_shape_signed_distance(&o, 50, 50), 10, 1e-9);
  assert_float_equal(stp_shape_signed_distance(&o, 30, 50), -10, 1e-9);
  /* The result feeds the next operation: (a - b) + b = a. */
  stp_shape back;
  assert_int_equal(stp_geom_combine(STP_GEOM_UNION, &o, &b, &back, &e), STP_OK);
  assert_float_equal(stp_shape_area_mm2(&back), 10000, 1e-6);
  assert_int_equal(stp_shape_ring_count(&back), 1);
}

/* GEOS approximates a quarter circle by 8 chords; a full circle of radius d by 32: its area
 * is (32/2) d^2 sin(2 pi / 32). Growing a w x h rectangle by d adds the four sides' strips
 * (2 (w + h) d) and four quarter circles (one such 32-gon). */
static void offset_rect(void **state) {
  (void)state;
  double w = 100, h = 40, d = 5;
  stp_shape a = stp_shape_rect(-50, 80, w, h), o;
  stp_error e;
  assert_int_equal(stp_geom_offset(&a, d, &o, &e), STP_OK);
  double poly_circle = 16 * d * d * sin(2 * PI / 32);
  assert_float_equal(stp_shape_area_mm2(&o), w * h + 2 * (w + h) * d + poly_circle, 1e-6);
  /* Shrinking keeps square corners inside: (w - 2d)(h - 2d). */
  assert_int_equal(stp_geom_offset(&a, -d, &o, &e), STP_OK);
  assert_float_equal(stp_shape_area_mm2(&o), (w - 2 * d) * (h - 2 * d), 1e-6);
  /* Shrunk past nothing: an error. */
  assert_int_equal(stp_geom_offset(&a, -25, &o, &e), STP_ERR_RANGE);
}

/* A band along a rectangle's outline, 5 in and 10 out: the 10 mm grown rectangle (with its
 * round corners) minus the 5 mm shrunk one. */
static void band_shape(void **state) {
  (void)state;
  double w = 100, h = 40;
  stp_shape a = stp_shape_rect(0, 0, w, h), o;
  stp_error e;
  assert_int_equal(stp_geom_band_shape(&a, 5, 10, &o, &e), STP_OK);
  double grown = w * h + 2 * (w + h) * 10 + 16 * 100 * sin(2 * PI / 32), shrunk = (w - 10) * (h - 10);
  assert_float_equal(stp_shape_area_mm2(&o), grown - shrunk, 1e-6);
  assert_false(stp_shape_contains(&o, 50, 20));   /* the middle is cut out */
  assert_true(stp_shape_contains(&o, 50, 3));     /* 3 mm inside the edge */
  assert_true(stp_shape_contains(&o, 50, -8));    /* 8 mm outside */
  assert_false(stp_shape_contains(&o, 50, -11));
  assert_int_equal(stp_geom_band_shape(&a, 0, 0, &o, &e), STP_ERR_RANGE);
}

/* A band along an open straight line from (-50, 100) to (50, 100), walked toward +x: the
 * inside (the walker's right on screen, y down) is +y. 20 in and 5 out: a 100 x 25 rectangle
 * from y 95 to 120, flat at the ends. */
static void band_line(void **state) {
  (void)state;
  stp_point line[] = {{-50, 100}, {0, 100}, {50, 100}};
  stp_shape o;
  stp_error e;
  assert_int_equal(stp_geom_band_line(line, 3, 20, 5, &o, &e), STP_OK);
  assert_float_equal(stp_shape_area_mm2(&o), 100 * 25, 1e-6);
  double x0, y0, x1, y1;
  stp_shape_bounds(&o, &x0, &y0, &x1, &y1);
  assert_float_equal(x0, -50, 1e-9);
  assert_float_equal(x1, 50, 1e-9);
  assert_float_equal(y0, 95, 1e-9);
  assert_float_equal(y1, 120, 1e-9);
  /* Walked the other way, the sides swap: 20 toward -y. */
  stp_point back[] = {{50, 100}, {-50, 100}};
  assert_int_equal(stp_geom_band_line(back, 2, 20, 0, &o, &e), STP_OK);
  stp_shape_bounds(&o, &x0, &y0, &x1, &y1);
  assert_float_equal(y0, 80, 1e-9);
  assert_float_equal(y1, 100, 1e-9);
}

/* A band along a 400-point line holds about 800 points, more than a shape keeps (512): it is
 * simplified by the least tolerance that fits, so it still covers 200 x 10 mm = 2000 mm2 to
 * within the simplification's reach (1 mm x the 420 mm outline at the very most; far less). */
static void simplified_to_fit(void **state) {
  (void)state;
  stp_point line[400];
  for (int i = 0; i < 400; i++) line[i] = (stp_point){-100 + 200.0 * i / 399, 100 + 0.05 * sin(i * 0.7)};
  stp_shape o;
  stp_error e;
  assert_int_equal(stp_geom_band_line(line, 400, 5, 5, &o, &e), STP_OK);
  assert_true(o.n <= STP_SHAPE_MAX_POINTS && o.n >= 4);
  assert_float_equal(stp_shape_area_mm2(&o), 2000, 20);
  assert_true(stp_shape_contains(&o, 0, 104) && !stp_shape_contains(&o, 0, 106));
}

/* The index answers as the walk over every edge does, on a shape of many rings and points
 * (a band of a circle: two 100-odd point rings), at 20,000 random points. */
static void index_matches_walk(void **state) {
  (void)state;
  stp_shape c = stp_shape_circle(10, 150, 40), o;
  stp_error e;
  assert_int_equal(stp_geom_band_shape(&c, 8, 12, &o, &e), STP_OK);
  stp_shape a = stp_shape_rect(-60, 100, 40, 30), u;
  assert_int_equal(stp_geom_combine(STP_GEOM_UNION, &o, &a, &u, &e), STP_OK);
  assert_true(u.indexed);
  stp_shape walk = u;
  walk.indexed = false;
  stp_rng r;
  stp_rng_seed(&r, 7);
  int in = 0;
  for (int i = 0; i < 20000; i++) {
    double x = -80 + 150 * stp_rng_unit(&r), y = 80 + 140 * stp_rng_unit(&r);
    bool a1 = stp_shape_contains(&u, x, y), a2 = stp_shape_contains(&walk, x, y);
    assert_int_equal(a1, a2);
    in += a1;
  }
  /* and the share inside is the area's share of the sampled box (within sampling error). */
  double share = stp_shape_area_mm2(&u) / (150.0 * 140.0);
  assert_true(fabs(in / 20000.0 - share) < 0.02);
}

/* move, turn, mirror. A 10 x 20 rectangle at the origin turned 90 degrees (a chart angle:
 * +x toward +y) about the origin: (x, y) -> (-y, x), so its corners go to (0,0), (0,10),
 * (-20,10), (-20,0): x -20..0, y 0..10, the area kept. Mirrored, a shape from algebra keeps
 * its rings' signs and contains (-x, y) exactly where it contained (x, y). */
static void move_turn_mirror(void **state) {
  (void)state;
  stp_shape r = stp_shape_rect(0, 0, 10, 20);
  stp_shape t = stp_shape_turned(&r, 90, 0, 0);
  double x0, y0, x1, y1;
  stp_shape_bounds(&t, &x0, &y0, &x1, &y1);
  assert_float_equal(x0, -20, 1e-9);
  assert_float_equal(x1, 0, 1e-9);
  assert_float_equal(y0, 0, 1e-9);
  assert_float_equal(y1, 10, 1e-9);
  assert_float_equal(stp_shape_area_mm2(&t), 200, 1e-9);
  assert_true(stp_shape_contains(&t, -15, 5) && !stp_shape_contains(&t, 5, 15));
  stp_shape m = stp_shape_moved(&t, 20, 100);
  assert_true(stp_shape_contains(&m, 5, 105) && !stp_shape_contains(&m, -15, 5));
  /* an ellipse turned about a point off its centre: its centre turns, its axes turn with it */
  stp_shape e = stp_shape_ellipse(10, 0, 8, 3, 0);
  stp_shape et = stp_shape_turned(&e, 90, 0, 0);
  assert_float_equal(et.cx, 0, 1e-9);
  assert_float_equal(et.cy, 10, 1e-9);
  assert_float_equal(et.rot_deg, 90, 0);
  assert_true(stp_shape_contains(&et, 0, 17) && !stp_shape_contains(&et, 7, 10));
  /* a shape with a hole, mirrored */
  stp_shape sq = stp_shape_rect(10, 0, 100, 100), hole = stp_shape_rect(50, 40, 20, 20), o;
  stp_error err;
  assert_int_equal(stp_geom_combine(STP_GEOM_DIFFERENCE, &sq, &hole, &o, &err), STP_OK);
  stp_shape mo = stp_shape_mirrored(&o);
  assert_float_equal(stp_shape_area_mm2(&mo), 10000 - 400, 1e-6);
  for (int k = 0; k < stp_shape_ring_count(&o); k++)
    assert_true((stp_shape_ring_area(&o, k) > 0) == (stp_shape_ring_area(&mo, k) > 0));
  for (double y = 5; y < 100; y += 10)
    for (double x = 15; x < 110; x += 10) assert_int_equal(stp_shape_contains(&o, x, y), stp_shape_contains(&mo, -x, y));
  /* Ring ends out of order (a ring of 1 point, then one of 7) are not a shape: no index, not
   * valid; its walk still answers without reading past its points. */
  stp_shape bad = stp_shape_rect(0, 0, 1, 1);
  bad.kind = STP_SHAPE_POLYGON;
  bad.n = 8;
  for (int i = 0; i < 8; i++) bad.pts[i] = (stp_point){i % 4 < 2 ? 0 : 10, i % 4 == 1 || i % 4 == 2 ? 10 : 0};
  bad.rings = 2;
  bad.ring_end[0] = 1;
  bad.ring_end[1] = 8;
  stp_shape_index(&bad);
  assert_false(bad.indexed);
  assert_false(stp_shape_valid(&bad));
  stp_shape rm = stp_shape_mirrored(&r);
  assert_float_equal(rm.x, -10, 0);
}

/* Landmarks scale with the head about the glabella; the hairline follows the age. */
static void head_landmarks(void **state) {
  (void)state;
  stp_head h, big;
  stp_error e;
  stp_head_standard(&h);
  assert_float_equal(h.lm[STP_LM_MFP].y, 80, 1e-12);            /* age 35: 8 cm */
  assert_float_equal(h.lm[STP_LM_GLABELLA].x, 0, 0);
  assert_float_equal(h.lm[STP_LM_FTP_LEFT].x, -h.lm[STP_LM_FTP_RIGHT].x, 0);
  /* The temple peak about 5 cm from the frontotemporal point (smp.md). */
  double d = hypot(h.lm[STP_LM_TEMPLE_PEAK_RIGHT].x - h.lm[STP_LM_FTP_RIGHT].x,
                   h.lm[STP_LM_TEMPLE_PEAK_RIGHT].y - h.lm[STP_LM_FTP_RIGHT].y);
  assert_true(d > 40 && d < 55);
  assert_int_equal(stp_head_make(&big, 214.5, 35, 0, &e), STP_OK);   /* 1.1 x the standard head */
  assert_float_equal(big.lm[STP_LM_MFP].y, 88, 1e-9);
  assert_float_equal(big.lm[STP_LM_VERTEX].y, 198, 1e-9);
  assert_float_equal(big.lm[STP_LM_FTP_RIGHT].x, 1.1 * h.lm[STP_LM_FTP_RIGHT].x, 1e-9);
  /* Age: 75 under 30, 90 from 60; the hairline through the mid-frontal point and the
   * frontotemporal points, nothing beyond the temple peaks. */
  assert_int_equal(stp_head_make(&big, 195, 25, 0, &e), STP_OK);
  assert_float_equal(big.hairline_mm, 75, 1e-12);
  assert_int_equal(stp_head_make(&big, 195, 65, 0, &e), STP_OK);
  assert_float_equal(big.hairline_mm, 90, 1e-12);
  assert_float_equal(stp_head_hairline_y(&h, 0), 80, 1e-12);
  assert_float_equal(stp_head_hairline_y(&h, h.lm[STP_LM_FTP_LEFT].x), h.lm[STP_LM_FTP_LEFT].y, 1e-9);
  assert_float_equal(stp_head_hairline_y(&h, h.lm[STP_LM_TEMPLE_PEAK_RIGHT].x), h.lm[STP_LM_TEMPLE_PEAK_RIGHT].y, 1e-9);
  assert_true(isnan(stp_head_hairline_y(&h, 150)));
  assert_int_equal(stp_head_make(&big, 150, 35, 0, &e), STP_ERR_RANGE);
  assert_int_equal(stp_landmark_find("temple_peak_left"), STP_LM_TEMPLE_PEAK_LEFT);
  assert_int_equal(stp_landmark_find("nose"), STP_LM_COUNT);
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(combine_rects), cmocka_unit_test(hole),       cmocka_unit_test(offset_rect),
    cmocka_unit_test(band_shape),    cmocka_unit_test(band_line),  cmocka_unit_test(index_matches_walk),
    cmocka_unit_test(head_landmarks), cmocka_unit_test(move_turn_mirror), cmocka_unit_test(simplified_to_fit),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
