/* The assessor's figures (stp_technique) from a small record written by hand; every
 * expected figure is worked out by hand in the comments from the record's lines. */
#define _POSIX_C_SOURCE 200809L
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include "stp_test.h"
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "stp_technique.h"

/* Two zones: field x -20..20, y 120..150; crown x -20..20, y 160..180. */
static void scenario(stp_scenario *s) {
  stp_scenario_defaults(s);   /* three sessions */
  s->zone_count = 2;
  for (int i = 0; i < 2; i++) {
    stp_zone *z = &s->zones[i];
    memset(z, 0, sizeof *z);
    strcpy(z->id, i == 0 ? "field" : "crown");
    z->shape = i == 0 ? stp_shape_rect(-20, 120, 40, 30) : stp_shape_rect(-20, 160, 40, 20);
    z->density_per_cm2 = 30; z->density_tolerance = 5; z->angle_deg = 270; z->ink = 0.5; z->depth_mm = 1.0;
  }
}

static const char RECORD[] =
  "stipple-record 1\n"
  "# candidate A. Test\n"
  "1000 down 400 300 0 130 0.4 0\n"
  "2000 place 0 130 0.4 nan 0\n"         /* field, 2000 ms since the start, p 0.4 */
  "2500 up 400 300 0 130 0.4 0\n"
  "5000 place 5 130 0.6 nan 0\n"         /* field, 3000 ms, p 0.6 */
  "6000 place 0 170 0.5 nan 0\n"         /* crown, 1000 ms, p 0.5 */
  "6500 undo\n"                          /* takes the crown dot back */
  "7000 redo\n"                          /* and puts it back */
  "8000 undo\n"                          /* takes it back again */
  "9000 place 0 100 0.5 nan 0\n"         /* outside both zones: off plan, 1000 ms, p 0.5 */
  "50000 place 0 -900 0.5 nan 0\n"       /* off the scalp: refused; 41 s since the last event */
  "51000 needle 1\n"
  "52000 session-end\n"                  /* session 2 */
  "55000 place 10 140 0.8 nan 0\n"       /* field, 3000 ms since the session end, p 0.8 */
  "56000 redo\n"                         /* nothing to redo (the place cleared it): refused */
  "60000 finish\n"
  "61000 place 1 131 0.5 nan 0\n";       /* after the finish: refused */

static void load(stp_record *r) {
  stp_record_init(r);
  stp_error err;
  assert_int_equal(stp_record_parse(r, RECORD, strlen(RECORD), "hand.txt", &err), STP_OK);
  assert_int_equal(r->count, 16);
}

static void whole_record(void **state) {
  (void)state;
  stp_scenario s; scenario(&s);
  stp_record r; load(&r);
  stp_technique f;
  stp_error err;
  assert_int_equal(stp_technique_compute(&s, &r, false, INT64_MAX, &f, &err), STP_OK);
  /* Placed: 0.4, 0.6, 0.5, 0.5, 0.8 (the off-scalp and after-finish dots are refused). */
  assert_int_equal(f.placed, 5);
  assert_int_equal(f.events, 16);
  /* mean 2.8 / 5 = 0.56; mean of squares (0.16 + 0.36 + 0.25 + 0.25 + 0.64) / 5 = 0.332;
   * variance 0.332 - 0.56^2 = 0.0184; SD 0.135647; CV 0.135647 / 0.56 = 0.242227. */
  assert_float_equal(f.pressure_mean, 0.56, 1e-12);
  assert_float_equal(f.pressure_sd, sqrt(0.0184), 1e-9);
  assert_float_equal(f.pressure_cv, sqrt(0.0184) / 0.56, 1e-9);
  /* Rework: undos at 6500 and 8000, the redo at 7000; 2 of 5 placed. */
  assert_int_equal(f.undos, 2);
  assert_int_equal(f.redos, 1);
  assert_float_equal(f.rework_share, 0.4, 1e-12);
  /* Refused: the off-scalp place, the redo at 56000, the place after the finish. */
  assert_int_equal(f.refused, 3);
  assert_int_equal(f.sessions, 2);
  /* Pauses between consecutive events: the longest is 9000 -> 50000 = 41000 ms; active
   * time is 61000 ms less the 11000 ms of it beyond the 30 s cap = 50000 ms; 5 placed in
   * 50000 ms is 6 a minute. */
  assert_int_equal(f.duration_ms, 61000);
  assert_int_equal(f.longest_pause_ms, 41000);
  assert_int_equal(f.longest_pause_at_ms, 9000);
  assert_int_equal(f.active_ms, 50000);
  assert_float_equal(f.per_minute, 6.0, 1e-12);
  /* Time per zone: field 2000 + 3000 + 3000; crown 1000; off plan 1000 (since the undo at 8000). */
  assert_int_equal(f.zone_count, 2);
  assert_int_equal(f.zones[0].impressions, 3);
  assert_int_equal(f.zones[0].time_ms, 8000);
  assert_int_equal(f.zones[1].impressions, 1);
  assert_int_equal(f.zones[1].time_ms, 1000);
  assert_int_equal(f.off_plan.impressions, 1);
  assert_int_equal(f.off_plan.time_ms, 1000);
  stp_record_free(&r);
}

static void up_to_a_time(void **state) {
  (void)state;
  stp_scenario s; scenario(&s);
  stp_record r; load(&r);
  stp_technique f;
  /* At 7000 ms (the redo at 7000 included): placed 0.4, 0.6, 0.5: mean 0.5, SD
   * sqrt((0.01 + 0.01 + 0) / 3); one undo, one redo; no pause over the cap, so active
   * 7000 ms: 3 in 7 s is 25.714 a minute. */
  assert_int_equal(stp_technique_compute(&s, &r, false, 7000, &f, NULL), STP_OK);
  assert_int_equal(f.placed, 3);
  assert_float_equal(f.pressure_mean, 0.5, 1e-12);
  assert_float_equal(f.pressure_sd, sqrt(0.02 / 3), 1e-9);
  assert_int_equal(f.undos, 1);
  assert_int_equal(f.redos, 1);
  assert_int_equal(f.duration_ms, 7000);
  assert_int_equal(f.active_ms, 7000);
  assert_float_equal(f.per_minute, 3 * 60000.0 / 7000.0, 1e-9);
  assert_int_equal(f.zones[0].impressions, 2);
  assert_int_equal(f.zones[0].time_ms, 5000);
  assert_int_equal(f.zones[1].impressions, 1);
  /* At 20000 ms: the pause since 9000 is going on (11000 ms, the longest so far); active
   * 20000 ms; 4 placed: 12 a minute. */
  assert_int_equal(stp_technique_compute(&s, &r, false, 20000, &f, NULL), STP_OK);
  assert_int_equal(f.placed, 4);
  assert_int_equal(f.longest_pause_ms, 11000);
  assert_int_equal(f.longest_pause_at_ms, 9000);
  assert_int_equal(f.active_ms, 20000);
  assert_float_equal(f.per_minute, 12.0, 1e-12);
  assert_int_equal(f.off_plan.impressions, 1);
  /* Before anything: all zero, no division by zero. */
  assert_int_equal(stp_technique_compute(&s, &r, false, 0, &f, NULL), STP_OK);
  assert_int_equal(f.placed, 0);
  assert_float_equal(f.per_minute, 0, 0);
  assert_float_equal(f.pressure_cv, 0, 0);
  assert_int_equal(f.sessions, 1);
  stp_record_free(&r);
}

/* In an assessment the game refuses undo and redo: they count as refused, not rework. */
static void assessment_refuses_rework(void **state) {
  (void)state;
  stp_scenario s; scenario(&s);
  stp_record r; load(&r);
  stp_technique f;
  assert_int_equal(stp_technique_compute(&s, &r, true, INT64_MAX, &f, NULL), STP_OK);
  assert_int_equal(f.undos, 0);
  assert_int_equal(f.redos, 0);
  assert_int_equal(f.refused, 3 + 3);   /* the two undos and the redo at 7000 too */
  assert_float_equal(f.rework_share, 0, 0);
  assert_int_equal(f.zones[1].impressions, 1);
  stp_record_free(&r);
}

/* Fed one event at a time (as the replay plays), the game holds the same work as
 * stp_game_rebuild makes up to each time, and the figures equal stp_technique_compute's. */
static void stepping_matches_rebuild(void **state) {
  (void)state;
  stp_scenario s; scenario(&s);
  stp_record r; load(&r);
  stp_game *g = malloc(sizeof *g), *ref = malloc(sizeof *ref);
  assert_non_null(g); assert_non_null(ref);
  assert_int_equal(stp_game_init(g, &s, NULL, 0, NULL), STP_OK);
  stp_technique_acc acc;
  stp_technique_begin(&acc, s.zone_count);
  for (size_t i = 0; i < r.count; i++) {
    assert_int_equal(stp_technique_step(&acc, g, &r.events[i], NULL), STP_OK);
    int64_t t = r.events[i].t_ms;
    if (i + 1 < r.count && r.events[i + 1].t_ms == t) continue;
    assert_int_equal(stp_game_rebuild(ref, &s, &r, false, t, NULL, NULL), STP_OK);
    assert_int_equal(g->work.count, ref->work.count);
    for (size_t k = 0; k < g->work.count; k++) {
      assert_float_equal(g->work.items[k].x_mm, ref->work.items[k].x_mm, 0);
      assert_float_equal(g->work.items[k].y_mm, ref->work.items[k].y_mm, 0);
    }
    stp_game_free(ref);
    stp_technique a, b;
    stp_technique_get(&acc, t + 500, &a);
    assert_int_equal(stp_technique_compute(&s, &r, false, t + 500, &b, NULL), STP_OK);
    if (!(i + 1 < r.count && r.events[i + 1].t_ms <= t + 500)) {
      assert_int_equal(a.placed, b.placed);
      assert_int_equal(a.active_ms, b.active_ms);
      assert_int_equal(a.undos, b.undos);
      assert_int_equal(a.refused, b.refused);
      assert_float_equal(a.pressure_sd, b.pressure_sd, 1e-12);
    }
  }
  /* Events must come in order. */
  stp_record_event back = r.events[0];
  stp_error err;
  assert_int_equal(stp_technique_step(&acc, g, &back, &err), STP_ERR_USAGE);
  stp_game_free(g);
  free(g); free(ref);
  stp_record_free(&r);
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(whole_record),
    cmocka_unit_test(up_to_a_time),
    cmocka_unit_test(assessment_refuses_rework),
    cmocka_unit_test(stepping_matches_rebuild),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
