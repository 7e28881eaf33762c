/* Chart, shapes and view: the coordinate system every part shares. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include "stp_test.h"
#include <math.h>

#include "stp_chart.h"
#include "stp_shape.h"
#include "stp_view.h"

static void chart_landmarks(void **state) {
  (void)state;
  /* Ear to ear over the vertex is about 360 mm. */
  double w = 2 * stp_chart_half_width(STP_CHART_VERTEX_Y);
  assert_true(w > 350 && w < 375);
  /* The glabella and the inion lie on the chart; far outside does not. */
  assert_true(stp_chart_contains(0, 0));
  assert_true(stp_chart_contains(0, STP_CHART_INION_Y));
  assert_false(stp_chart_contains(0, STP_CHART_BACK_Y + 1));
  assert_false(stp_chart_contains(200, 180));
  /* The forehead is in front of the hairline; the vertex behind it. */
  assert_false(stp_chart_in_scalp(0, 40));
  assert_true(stp_chart_in_scalp(0, STP_CHART_VERTEX_Y));
  assert_float_equal(stp_chart_hairline_y(0), STP_CHART_HAIRLINE_Y, 1e-9);
  /* Symmetric left and right. */
  assert_float_equal(stp_chart_hairline_y(-60), stp_chart_hairline_y(60), 1e-12);
}

static void chart_outline_matches_contains(void **state) {
  (void)state;
  stp_shape o = stp_chart_outline();
  assert_true(stp_shape_valid(&o));
  for (double y = 0; y < 400; y += 37)
    for (double x = -170; x <= 170; x += 23)
      if (fabs(fabs(x) - stp_chart_half_width(y)) > 2)   /* away from the edge */
        assert_int_equal(stp_shape_contains(&o, x, y), stp_chart_contains(x, y));
}

static void shape_areas_exact(void **state) {
  (void)state;
  stp_shape r = stp_shape_rect(-20, 120, 40, 30);
  assert_float_equal(stp_shape_area_mm2(&r), 1200.0, 1e-9);
  stp_shape c = stp_shape_circle(0, 0, 10);
  assert_float_equal(stp_shape_area_mm2(&c), 314.1592653589793, 1e-9);
  stp_shape e = stp_shape_ellipse(0, 0, 10, 5, 30);
  assert_float_equal(stp_shape_area_mm2(&e), 157.07963267948966, 1e-9);
  stp_shape p = stp_shape_rect(0, 0, 0, 0);
  p.kind = STP_SHAPE_POLYGON;
  p.n = 3;
  p.pts[0] = (stp_point){0, 0}; p.pts[1] = (stp_point){10, 0}; p.pts[2] = (stp_point){0, 10};
  assert_float_equal(stp_shape_area_mm2(&p), 50.0, 1e-12);
  assert_true(stp_shape_contains(&p, 2, 2));
  assert_false(stp_shape_contains(&p, 8, 8));
  /* A degenerate polygon is not valid. */
  p.pts[2] = (stp_point){20, 0};
  assert_false(stp_shape_valid(&p));
}

static void shape_contains_and_distance(void **state) {
  (void)state;
  stp_shape r = stp_shape_rect(0, 0, 10, 10);
  assert_true(stp_shape_contains(&r, 0, 0));
  assert_false(stp_shape_contains(&r, 10, 5));   /* half-open: right edge excluded */
  assert_float_equal(stp_shape_signed_distance(&r, 5, 5), -5, 1e-9);
  assert_float_equal(stp_shape_signed_distance(&r, 15, 5), 5, 1e-9);
  stp_shape e = stp_shape_ellipse(0, 0, 10, 2, 90);  /* rotated: long along y */
  assert_true(stp_shape_contains(&e, 0, 9));
  assert_false(stp_shape_contains(&e, 9, 0));
  double x0, y0, x1, y1;
  stp_shape_bounds(&e, &x0, &y0, &x1, &y1);
  assert_float_equal(y1, 10, 1e-9);
  assert_float_equal(x1, 2, 1e-9);
}

static void view_round_trip_and_zoom(void **state) {
  (void)state;
  stp_view v = {0};
  stp_view_set_viewport(&v, 0, 0, 900, 700);
  stp_view_fit(&v, -35, 105, 35, 165);
  /* The framed rectangle fits and is centred. */
  double sx, sy;
  stp_view_to_screen(&v, 0, 135, &sx, &sy);
  assert_float_equal(sx, 450, 1e-9);
  assert_float_equal(sy, 350, 1e-9);
  assert_float_equal(v.scale, 700.0 / 60.0, 1e-9);   /* the tighter of 900/70 and 700/60 */
  double x, y;
  stp_view_to_chart(&v, 123, 456, &x, &y);
  stp_view_to_screen(&v, x, y, &sx, &sy);
  assert_float_equal(sx, 123, 1e-9);
  assert_float_equal(sy, 456, 1e-9);
  /* Zooming keeps the point under the cursor fixed. */
  stp_view_to_chart(&v, 200, 100, &x, &y);
  stp_view_zoom_at(&v, 3.0, 200, 100);
  double x2, y2;
  stp_view_to_chart(&v, 200, 100, &x2, &y2);
  assert_float_equal(x, x2, 1e-9);
  assert_float_equal(y, y2, 1e-9);
  /* Zoom is clamped to the loupe limit. */
  stp_view_zoom_at(&v, 1e9, 0, 0);
  assert_float_equal(v.scale, STP_VIEW_MAX_SCALE, 1e-9);
  /* The forehead is at the top: +y chart is screen down. */
  double a, b;
  stp_view_to_screen(&v, 0, 10, &sx, &a);
  stp_view_to_screen(&v, 0, 20, &sx, &b);
  assert_true(b > a);
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(chart_landmarks),
    cmocka_unit_test(chart_outline_matches_contains),
    cmocka_unit_test(shape_areas_exact),
    cmocka_unit_test(shape_contains_and_distance),
    cmocka_unit_test(view_round_trip_and_zoom),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
