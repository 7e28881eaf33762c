/* The time a case asks (stp_pace.h): the impressions its plan asks in the scored zones,
 * less what a touch-up's old work already holds, and the minutes at a steady pace. Every
 * expected value is worked by hand in the comments. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include "stp_test.h"

#include <math.h>
#ifndef M_PI
#define M_PI 3.14159265358979323846
#endif
#include <string.h>

#include "stp_heal.h"
#include "stp_pace.h"

static stp_zone *add_zone(stp_scenario *s, const char *id, stp_shape shape, double density) {
  stp_zone *z = &s->zones[s->zone_count++];
  memset(z, 0, sizeof *z);
  snprintf(z->id, sizeof z->id, "%s", id);
  z->shape = shape;
  z->density_per_cm2 = density;
  z->density_tolerance = 5;
  z->angle_deg = 270;
  z->ink = 0.5;
  z->depth_mm = 1.0;
  for (int k = 0; k < STP_SCN_MAX_SESSIONS; k++) z->plan[k].pigment = -1;
  return z;
}

static void square(stp_scenario *s) {
  stp_scenario_defaults(s);
  s->zone_count = 0;
  /* 20 x 20 mm = 4 cm2 at 50 per cm2: 200 impressions. */
  add_zone(s, "square", stp_shape_rect(-10, 120, 20, 20), 50);
}

static void a_square_zone(void **state) {
  (void)state;
  stp_scenario s;
  square(&s);
  stp_pace p;
  stp_error err;
  assert_int_equal(stp_pace_expected(&s, 0, &p, &err), STP_OK);
  assert_float_equal(p.planned, 200, 1e-9);
  assert_float_equal(p.already, 0, 0);
  assert_float_equal(p.impressions, 200, 1e-9);
  /* 200 at the default 2.5 a second: 80 s = 1.333... minutes. */
  assert_float_equal(p.minutes, 80.0 / 60.0, 1e-12);
  assert_float_equal(stp_pace_minutes(&s), 80.0 / 60.0, 1e-12);
  /* At 2 a second: 100 s. */
  assert_int_equal(stp_pace_expected(&s, 2.0, &p, &err), STP_OK);
  assert_float_equal(p.minutes, 100.0 / 60.0, 1e-12);
  assert_float_equal(stp_pace_zone_impressions(&s, 0), 200, 1e-9);
  assert_float_equal(stp_pace_zone_impressions(&s, 1), 0, 0);   /* no such zone */
}

/* A forbidden zone and a done one ask nothing; a circle is its exact area (r = 10 mm: 100 pi mm2 =
 * pi cm2, x 30 = 94.25); a ramp is its mean: from 0 at the front edge to 40 at 20 mm
 * behind it, smoothstep, over a 10 x 20 mm rectangle exactly as deep as the ramp, whose
 * mean is 40 x the integral of 3t^2 - 2t^3 over 0..1 = 40 x (1 - 1/2) = 20 per cm2, x 2 cm2
 * = 40 impressions (the cells' midpoints miss the cubic by far less than 0.1). */
static void zones_of_every_kind(void **state) {
  (void)state;
  stp_scenario s;
  square(&s);
  add_zone(&s, "keep-out", stp_shape_rect(-10, 100, 20, 10), 0)->role = STP_ZONE_FORBIDDEN;
  add_zone(&s, "round", stp_shape_circle(40, 150, 10), 30);
  stp_zone *r = add_zone(&s, "ramp", stp_shape_rect(-40, 150, 10, 20), 40);
  r->density_field = (stp_field){.kind = STP_FIELD_RAMP, .from = 0, .to = 40, .width = 20};
  /* A zone done by the instructor asks nothing either (20 x 20 mm at 50 would be 200). */
  add_zone(&s, "done", stp_shape_rect(60, 120, 20, 20), 50)->role = STP_ZONE_DONE;
  assert_float_equal(stp_pace_zone_impressions(&s, 4), 0, 0);
  assert_float_equal(stp_pace_zone_impressions(&s, 1), 0, 0);
  assert_float_equal(stp_pace_zone_impressions(&s, 2), 30 * M_PI, 1e-9);
  assert_float_equal(stp_pace_zone_impressions(&s, 3), 40, 0.1);
  stp_pace p;
  stp_error err;
  assert_int_equal(stp_pace_expected(&s, 0, &p, &err), STP_OK);
  assert_float_equal(p.impressions, 200 + 30 * M_PI + 40, 0.1);
  assert_float_equal(p.minutes, (200 + 30 * M_PI + 40) / 150.0, 0.1 / 150.0);
}

/* A timed case asks what its last session's plan holds by its end: a last session that
 * plans 80 % of the final density asks 0.8 x 200 = 160 in the square. */
static void the_last_sessions_plan(void **state) {
  (void)state;
  stp_scenario s;
  square(&s);
  s.sessions = 2;
  s.zones[0].plan[0] = (stp_session_plan){.set = true, .density = 0.3, .pigment = -1};
  s.zones[0].plan[1] = (stp_session_plan){.set = true, .density = 0.8, .pigment = -1};
  stp_pace p;
  stp_error err;
  assert_int_equal(stp_pace_expected(&s, 0, &p, &err), STP_OK);
  assert_float_equal(p.impressions, 160, 1e-9);
  s.zones[0].plan[1].density = 1.0;
  assert_int_equal(stp_pace_expected(&s, 0, &p, &err), STP_OK);
  assert_float_equal(p.impressions, 200, 1e-9);
}

/* A touch-up: the old work's impressions in the zone come off its plan, and never below 0. */
static void a_touch_ups_history(void **state) {
  (void)state;
  stp_scenario s;
  square(&s);
  s.history = (stp_history){.set = true, .age_years = 5, .density = 0.5, .sessions = 1, .seed = 7};
  stp_work old;
  stp_error err;
  assert_int_equal(stp_heal_history(&s, &old, &err), STP_OK);
  size_t in = 0;
  for (size_t i = 0; i < old.count; i++) in += stp_scenario_zone_at(&s, old.items[i].x_mm, old.items[i].y_mm) == 0;
  stp_work_free(&old);
  /* Half the design (100), less those lost in their healing (12 % at the default loss): a
   * few under 100 lie in the square. */
  assert_true(in > 70 && in < 100);
  stp_pace p;
  assert_int_equal(stp_pace_expected(&s, 0, &p, &err), STP_OK);
  assert_float_equal(p.planned, 200, 1e-9);
  assert_float_equal(p.already, (double)in, 0);
  assert_float_equal(p.impressions, 200 - (double)in, 1e-9);
  /* An old work denser than the design leaves nothing to add, not a negative count. */
  s.history.density = 1.5;
  assert_int_equal(stp_pace_expected(&s, 0, &p, &err), STP_OK);
  assert_true(p.already > 200);
  assert_float_equal(p.impressions, 0, 0);
  assert_float_equal(p.minutes, 0, 0);
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(a_square_zone),
    cmocka_unit_test(zones_of_every_kind),
    cmocka_unit_test(the_last_sessions_plan),
    cmocka_unit_test(a_touch_ups_history),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
