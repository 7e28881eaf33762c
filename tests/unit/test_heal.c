/* Time: the session calendar, each impression's age, the look through healing and over
 * years, the impressions lost in healing, a touch-up's old work, and the scenario a
 * session's plan is judged against. Expected values are derived by hand in the comments
 * from the model in stp_heal.h and the defaults in stp_scenario_defaults (interval 14 d,
 * redness 2 d, flaking 3-5 d, settled 7 d, loss 0.12, loss_shallow 0.5, loss_scar 0.5,
 * fade 0.08 / year, spread 0.004 mm2 / year, sun 0, aftercare 1, scar_fade 1.8). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include "stp_test.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "stp_gen.h"
#include "stp_heal.h"
#include "stp_score.h"
#include "stp_script.h"

static stp_impression dot(double x, double y, double depth, int session) {
  stp_impression i = {x, y, 270, depth, 0.25, 0.5, session, 0, 0, 0, 0, 0, 0};
  return i;
}

/* A scenario with one 100 x 100 mm zone at 30 per cm2 (no scars, no patches). */
static void one_zone(stp_scenario *s) {
  stp_scenario_defaults(s);
  s->zone_count = 1;
  stp_zone *z = &s->zones[0];
  memset(z, 0, sizeof *z);
  snprintf(z->id, sizeof z->id, "field");
  z->shape = stp_shape_rect(-50, 100, 100, 100);
  z->density_per_cm2 = 30;
  z->density_tolerance = 5;
  z->angle_deg = 270;
  z->ink = 0.5;
  z->depth_mm = 1.0;
  for (int k = 0; k < STP_SCN_MAX_SESSIONS; k++) z->plan[k].pigment = -1;
}

static void sessions_fall_on_the_interval(void **state) {
  (void)state;
  stp_scenario s;
  stp_scenario_defaults(&s);
  assert_float_equal(stp_heal_session_day(&s, 1), 0, 1e-12);
  assert_float_equal(stp_heal_session_day(&s, 3), 28, 1e-12);   /* 2 x 14 */
  s.healing.interval_days = 10;
  assert_float_equal(stp_heal_session_day(&s, 2), 10, 1e-12);
  /* A session-1 dot seen 5 days after session 3: 28 + 5 = 33 days old; a session-3 dot
   * seen during session 2 is not placed yet (14 - 28 = -14 days). */
  s.healing.interval_days = 14;
  stp_impression a = dot(0, 150, 1.0, 1), c = dot(0, 150, 1.0, 3);
  assert_float_equal(stp_heal_age_days(&s, &a, 3, 5), 33, 1e-12);
  assert_float_equal(stp_heal_age_days(&s, &c, 2, 0), -14, 1e-12);
  stp_heal_look L;
  stp_heal_look_at(&s, &c, -14, &L);
  assert_false(L.visible);
  assert_float_equal(L.dot.opacity, 0, 0);
  /* An old work's dot healed 5 years before the first session: 5 x 365.25 + 28 + 5 days. */
  a.aged_years = 5;
  assert_float_equal(stp_heal_age_days(&s, &a, 3, 5), 5 * 365.25 + 33, 1e-9);
}

/* A dot that is not lost (loss chances set to 0). */
static void keep_all(stp_scenario *s) {
  s->healing.loss = 0;
  s->healing.loss_shallow = 0;
  s->healing.loss_scar = 0;
}

static void fresh_then_crust_then_settled(void **state) {
  (void)state;
  stp_scenario s;
  stp_scenario_defaults(&s);
  keep_all(&s);
  stp_impression d = dot(0, 150, 1.0, 1);
  stp_dot_look fresh, healed;
  stp_pigment_looks(&d, &s, &fresh, &healed);
  stp_heal_look L;
  /* Day 0: the fresh look, full redness, no crust yet (the crust forms from day 0.5). */
  stp_heal_look_at(&s, &d, 0, &L);
  assert_true(L.visible);
  assert_float_equal(L.dot.diameter_mm, fresh.diameter_mm, 1e-12);
  assert_float_equal(L.dot.opacity, fresh.opacity, 1e-12);
  assert_float_equal(L.redness, 1, 1e-12);
  assert_float_equal(L.scab, 0, 1e-12);
  /* Day 1: redness 1 - 1/2 = 0.5; the crust 0.5..3: t = 0.2, 0.2^2 (3 - 0.4) = 0.104. */
  stp_heal_look_at(&s, &d, 1, &L);
  assert_float_equal(L.redness, 0.5, 1e-12);
  assert_float_equal(L.scab, 0.104, 1e-12);
  /* Day 3: the crust is full (1) and flaking starts: still the fresh size, 15 % larger
   * under the crust, 25 % darker (the fresh opacity x 1.25, at most 0.98). */
  stp_heal_look_at(&s, &d, 3, &L);
  assert_float_equal(L.redness, 0, 1e-12);
  assert_float_equal(L.scab, 1, 1e-12);
  assert_float_equal(L.healing, 0, 1e-12);
  assert_float_equal(L.dot.diameter_mm, fresh.diameter_mm * 1.15, 1e-12);
  assert_float_equal(L.dot.opacity, fmin(0.98, fresh.opacity * 1.25), 1e-12);
  /* Day 5: halfway through 3..7 the healing is smoothstep(0.5) = 0.5 and the crust gone:
   * the size and opacity are the means of fresh and healed. */
  stp_heal_look_at(&s, &d, 5, &L);
  assert_float_equal(L.scab, 0, 1e-12);
  assert_float_equal(L.healing, 0.5, 1e-12);
  assert_float_equal(L.dot.diameter_mm, 0.5 * (fresh.diameter_mm + healed.diameter_mm), 1e-12);
  assert_float_equal(L.dot.opacity, 0.5 * (fresh.opacity + healed.opacity), 1e-12);
  /* Day 7: settled, exactly the healed look the scorer judges. */
  stp_heal_look_at(&s, &d, 7, &L);
  assert_float_equal(L.healing, 1, 1e-12);
  assert_float_equal(L.dot.diameter_mm, healed.diameter_mm, 1e-12);
  assert_float_equal(L.dot.opacity, healed.opacity, 1e-12);
  /* Fresh dots are larger and darker than healed ones (the sources). */
  assert_true(fresh.diameter_mm > healed.diameter_mm && fresh.opacity > healed.opacity);
}

/* The pigment's cover from afar (opacity x diameter^2) after y years: exp(-rate y), the
 * spread alone keeping it. */
static double cover(const stp_dot_look *l) { return l->opacity * l->diameter_mm * l->diameter_mm; }

static void years_fade_and_spread(void **state) {
  (void)state;
  stp_scenario s;
  one_zone(&s);
  keep_all(&s);
  stp_impression d = dot(0, 150, 1.0, 1);
  stp_heal_look settled, aged;
  stp_heal_look_at(&s, &d, 7, &settled);
  /* 5 years after settling: rate 0.08 -> cover x exp(-0.4) = 0.670320046; diameter^2 + 0.02. */
  stp_heal_look_at(&s, &d, 7 + 5 * 365.25, &aged);
  assert_float_equal(cover(&aged.dot) / cover(&settled.dot), 0.670320046, 1e-6);
  double d0 = settled.dot.diameter_mm;
  assert_float_equal(aged.dot.diameter_mm, sqrt(d0 * d0 + 0.02), 1e-12);
  assert_float_equal(aged.dot.softness_mm, settled.dot.softness_mm + (sqrt(d0 * d0 + 0.02) - d0), 1e-12);
  /* Full sun doubles the rate: exp(-0.8) = 0.449328964; no aftercare doubles it again. */
  s.healing.sun = 1;
  stp_heal_look_at(&s, &d, 7 + 5 * 365.25, &aged);
  assert_float_equal(cover(&aged.dot) / cover(&settled.dot), 0.449328964, 1e-6);
  s.healing.aftercare = 0;
  stp_heal_look_at(&s, &d, 7 + 5 * 365.25, &aged);
  assert_float_equal(cover(&aged.dot) / cover(&settled.dot), exp(-1.6), 1e-9);
  /* Scar tissue fades 1.8 times as fast (sun and aftercare back to the defaults): the
   * zone's scar uptake 0.6 also lowers the settled opacity, but the ratio is exp(-0.08 x 1.8 x 5). */
  s.healing.sun = 0;
  s.healing.aftercare = 1;
  s.zones[0].role = STP_ZONE_SCAR;
  s.zones[0].uptake = 0.6;
  stp_heal_look_at(&s, &d, 7, &settled);
  stp_heal_look_at(&s, &d, 7 + 5 * 365.25, &aged);
  assert_float_equal(cover(&aged.dot) / cover(&settled.dot), exp(-0.72), 1e-9);
  /* An old work's dot aged 5 years looks, through the scorer's healed look, the same as a
   * dot seen 5 years after it settled. */
  stp_impression old = d;
  old.aged_years = 5;
  stp_dot_look h;
  stp_pigment_looks(&old, &s, NULL, &h);
  assert_float_equal(h.opacity, aged.dot.opacity, 1e-12);
  assert_float_equal(h.diameter_mm, aged.dot.diameter_mm, 1e-12);
}

static void loss_chances_by_hand(void **state) {
  (void)state;
  stp_scenario s;
  one_zone(&s);
  stp_impression d = dot(0, 150, 1.0, 1);
  /* In the depth window (retention 1) on normal skin: loss x (2 - aftercare) = 0.12. */
  assert_float_equal(stp_heal_loss_chance(&s, &d), 0.12, 1e-12);
  s.healing.aftercare = 0.5;   /* 0.12 x 1.5 */
  assert_float_equal(stp_heal_loss_chance(&s, &d), 0.18, 1e-12);
  s.healing.aftercare = 1;
  /* 0.2 mm in a 0.5..1.5 window: retention 0.08 + 0.92 smoothstep(0.2, 0.5, 0.2) = 0.08, so
   * 0.12 + 0.5 x 0.92 = 0.58. */
  stp_impression shallow = dot(0, 150, 0.2, 1);
  assert_float_equal(stp_heal_loss_chance(&s, &shallow), 0.58, 1e-12);
  /* Scar tissue taking 40 % of the pigment: 0.12 + 0.5 x 0.6 = 0.42. */
  s.zones[0].role = STP_ZONE_SCAR;
  s.zones[0].uptake = 0.4;
  assert_float_equal(stp_heal_loss_chance(&s, &d), 0.42, 1e-12);
  /* Outside the scar, normal skin again. */
  stp_impression out = dot(0, 300, 1.0, 1);
  assert_float_equal(stp_heal_loss_chance(&s, &out), 0.12, 1e-12);
}

static void about_the_chance_are_lost(void **state) {
  (void)state;
  stp_scenario s;
  one_zone(&s);
  /* 20000 dots on a 0.5 mm lattice: the share lost is 0.12 within 4 sigma
   * (sigma = sqrt(0.12 x 0.88 / 20000) = 0.0023). */
  int n = 20000, lost = 0, lost_again = 0;
  for (int i = 0; i < n; i++) {
    stp_impression d = dot(-50 + 0.5 * (i % 200), 100 + 0.5 * (i / 200), 1.0, 1 + i % 3);
    d.t_ms = i * 137;
    lost += stp_heal_lost(&s, &d);
    lost_again += stp_heal_lost(&s, &d);   /* the same impression, the same verdict */
  }
  assert_int_equal(lost, lost_again);
  assert_true(fabs((double)lost / n - 0.12) < 4 * 0.0023);
  /* With no loss nothing is lost; with loss 0.9 at aftercare 0 the chance is 1. */
  s.healing.loss = 0;
  s.healing.loss_shallow = 0;
  stp_impression d = dot(0, 150, 1.0, 1);
  assert_false(stp_heal_lost(&s, &d));
  s.healing.loss = 0.9;
  s.healing.aftercare = 0;
  assert_true(stp_heal_lost(&s, &d));
  assert_false(stp_heal_survives(&s, &d));
  /* An old work's dot survived its healing long ago. */
  d.aged_years = 3;
  assert_true(stp_heal_survives(&s, &d));
}

static void the_seed_decides_which(void **state) {
  (void)state;
  stp_scenario a, b;
  one_zone(&a);
  one_zone(&b);
  b.seed = a.seed + 1;
  int differ = 0;
  for (int i = 0; i < 2000; i++) {
    stp_impression d = dot(-50 + 0.5 * (i % 200), 100 + 0.5 * (i / 200), 1.0, 1);
    differ += stp_heal_lost(&a, &d) != stp_heal_lost(&b, &d);
  }
  /* Independent draws disagree with chance 2 x 0.12 x 0.88 = 0.21: about 422 of 2000. */
  assert_true(differ > 300 && differ < 550);
}

/* Each of the impression's fields takes part in the draw: the same dot redone on the same
 * spot, depth and session clock in the next session (or 1 ms later, or 0.01 mm aside) is a
 * new draw, not doomed to its predecessor's fate. Independent draws disagree about 422
 * times in 2000 (as above); a field left out of the hash would make them agree always. */
static void every_field_takes_part_in_the_draw(void **state) {
  (void)state;
  stp_scenario s;
  one_zone(&s);
  int differ[4] = {0, 0, 0, 0};
  for (int i = 0; i < 2000; i++) {
    stp_impression d = dot(-50 + 0.5 * (i % 200), 100 + 0.5 * (i / 200), 1.0, 1);
    d.t_ms = 700 * i;
    stp_impression v[4] = {d, d, d, d};
    v[0].session = 2;
    v[1].t_ms += 1;
    v[2].x_mm += 0.01;
    v[3].depth_mm += 0.001;
    for (int k = 0; k < 4; k++) differ[k] += stp_heal_lost(&s, &d) != stp_heal_lost(&s, &v[k]);
  }
  for (int k = 0; k < 4; k++)
    if (!(differ[k] > 300 && differ[k] < 550)) fail_msg("field %d: %d of 2000 draws differ, not about 422", k, differ[k]);
}

static void lost_dots_go_with_their_scab(void **state) {
  (void)state;
  stp_scenario s;
  one_zone(&s);
  s.healing.loss = 0.9;
  s.healing.aftercare = 0;   /* chance 1: every dot is lost */
  stp_impression d = dot(0, 150, 1.0, 1);
  stp_dot_look fresh;
  stp_pigment_looks(&d, &s, &fresh, NULL);
  stp_heal_look L;
  stp_heal_look_at(&s, &d, 2, &L);   /* before flaking: there, crusted */
  assert_true(L.lost && L.visible && L.dot.opacity > 0.5 * fresh.opacity);
  /* Day 4, halfway through flaking (3..5): smoothstep = 0.5 of it gone. */
  stp_heal_look_at(&s, &d, 4, &L);
  stp_heal_look kept;
  stp_scenario k = s;
  keep_all(&k);
  stp_heal_look_at(&k, &d, 4, &kept);
  assert_float_equal(L.dot.opacity, 0.5 * kept.dot.opacity, 1e-12);
  stp_heal_look_at(&s, &d, 5, &L);
  assert_false(L.visible);
  assert_float_equal(L.dot.opacity, 0, 1e-12);
}

static void a_touch_up_starts_from_an_old_work(void **state) {
  (void)state;
  stp_scenario s;
  one_zone(&s);
  stp_work w;
  stp_error err;
  /* No history: an empty work. */
  assert_int_equal(stp_heal_history(&s, &w, &err), STP_OK);
  assert_int_equal(w.count, 0);
  stp_work_free(&w);
  s.history.set = true;
  s.history.age_years = 5;
  s.history.density = 0.5;
  s.history.ink = 0.35;
  s.history.sessions = 3;
  assert_int_equal(stp_heal_history(&s, &w, &err), STP_OK);
  /* 100 cm2 at 0.5 x 30 = 1500 placed (the generator thins to the expected count), 12 %
   * lost: about 1320. */
  assert_true(w.count > 1200 && w.count < 1440);
  int per[4] = {0};
  for (size_t i = 0; i < w.count; i++) {
    const stp_impression *m = &w.items[i];
    assert_true(m->context);
    assert_float_equal(m->ink, 0.35, 1e-12);
    assert_true(m->session >= 1 && m->session <= 3);
    per[m->session]++;
    /* Session 1 healed 2 x 14 days before session 3, which healed 5 years ago. */
    assert_float_equal(m->aged_years, 5 + (3 - m->session) * 14 / 365.25, 1e-12);
    assert_false(stp_heal_lost(&s, m));   /* the lost ones are gone */
  }
  assert_true(per[1] > 350 && per[2] > 350 && per[3] > 350);
  stp_work w2;
  assert_int_equal(stp_heal_history(&s, &w2, &err), STP_OK);   /* deterministic */
  assert_int_equal(w2.count, w.count);
  assert_memory_equal(w2.items, w.items, w.count * sizeof *w.items);
  stp_work_free(&w2);
  stp_work_free(&w);
}

/* A zone done by the instructor (role "done"): the field x -50..50, y 100..200 is split at
 * y = 150 into the trainee's front half (50 cm2 at 30: 1500 planned) and the instructor's
 * back half, whose work is generated healed beneath the trainee's and is never scored. */
static void the_instructors_done_work(void **state) {
  (void)state;
  stp_scenario s;
  one_zone(&s);
  s.zones[0].shape = stp_shape_rect(-50, 100, 100, 50);
  s.zones[1] = s.zones[0];
  snprintf(s.zones[1].id, sizeof s.zones[1].id, "done");
  s.zones[1].shape = stp_shape_rect(-50, 150, 100, 50);
  s.zones[1].role = STP_ZONE_DONE;
  s.zone_count = 2;
  stp_error err;
  assert_int_equal(stp_scenario_validate(&s, &err), STP_OK);
  assert_true(stp_scenario_has_done(&s));
  assert_true(stp_scenario_zone_worked(&s, 0));
  assert_false(stp_scenario_zone_worked(&s, 1));
  assert_false(stp_scenario_timed(&s));   /* judged as before: the done work is not the trainee's */
  stp_work w;
  assert_int_equal(stp_heal_history(&s, &w, &err), STP_OK);
  /* 50 cm2 at 30 = 1500 (the generator thins to the expected count), none lost: it is what
   * held. Every dot in the done half, context, healed when the first session begins. */
  assert_true(w.count > 1450 && w.count < 1550);
  for (size_t i = 0; i < w.count; i++) {
    const stp_impression *m = &w.items[i];
    assert_int_equal(stp_scenario_zone_at(&s, m->x_mm, m->y_mm), 1);
    assert_true(m->context);
    assert_float_equal(m->aged_years, 7 / 365.25, 1e-12);   /* settle_days, 7 */
    stp_heal_look L;
    stp_heal_look_at(&s, m, stp_heal_age_days(&s, m, 1, 0), &L);
    assert_true(L.visible);
    assert_float_equal(L.healing, 1, 1e-12);
    assert_float_equal(L.redness, 0, 1e-12);
  }
  /* The trainee's expert fills only the front half; it passes. */
  stp_work exp;
  stp_gen_opts o = stp_gen_expert_opts();
  assert_int_equal(stp_gen_work(&s, 5, &o, &exp, &err), STP_OK);
  for (size_t i = 0; i < exp.count; i++) assert_true(exp.items[i].y_mm < 150);
  stp_score_result *r = malloc(sizeof *r);
  assert_non_null(r);
  assert_int_equal(stp_score_work(&s, &exp, r, NULL, &err), STP_OK);
  /* The plan is the front half's alone: 1500. */
  assert_float_equal(r->planned, 1500, 1e-6);
  assert_false(r->zones[1].scored);
  assert_true(r->passed);
  /* A dot 20 mm into the done half is off the plan as a dot outside every zone is (one
   * in the tally, not five as in a forbidden zone); one just over the edge, in the margin,
   * is not counted outside. */
  stp_impression far = exp.items[0], edge = exp.items[1];
  far.x_mm = 0; far.y_mm = 170;
  edge.x_mm = 0; edge.y_mm = 150.4;
  assert_int_equal(stp_work_push(&exp, &far, NULL, &err), STP_OK);
  assert_int_equal(stp_work_push(&exp, &edge, NULL, &err), STP_OK);
  assert_int_equal(stp_score_work(&s, &exp, r, NULL, &err), STP_OK);
  assert_int_equal(r->outside, 1);
  assert_int_equal(r->outside_margin, 1);
  assert_int_equal(r->forbidden, 0);
  free(r);
  stp_work_free(&exp);
  stp_work_free(&w);
}

static void a_session_is_judged_against_its_plan(void **state) {
  (void)state;
  stp_scenario s, t;
  one_zone(&s);
  s.zones[0].ink_auto = true;
  s.zones[0].shade_source = STP_SHADE_HAIR;
  s.zones[0].plan[0] = (stp_session_plan){true, 0.3, 0.25, -1, 0.18};
  s.zones[0].plan[1] = (stp_session_plan){true, 0.7, 0, -1, 0};
  assert_true(stp_scenario_has_plans(&s));
  assert_true(stp_scenario_timed(&s));
  stp_scenario_for_session(&s, 1, &t);
  assert_float_equal(t.zones[0].density_per_cm2, 9, 1e-12);     /* 0.3 x 30 */
  assert_float_equal(t.zones[0].density_tolerance, 1.5, 1e-12); /* 0.3 x 5 */
  assert_float_equal(t.zones[0].ink, 0.25, 1e-12);
  assert_float_equal(t.zones[0].needle_mm, 0.18, 1e-12);
  assert_int_equal(t.zones[0].shade_source, STP_SHADE_PLAN);
  assert_false(t.zones[0].ink_auto);
  /* Session 2 sets only the density: the final ink and the hair shade stay. */
  stp_scenario_for_session(&s, 2, &t);
  assert_float_equal(t.zones[0].density_per_cm2, 21, 1e-12);
  assert_float_equal(t.zones[0].ink, 0.5, 1e-12);
  assert_int_equal(t.zones[0].shade_source, STP_SHADE_HAIR);
  /* Session 3 has no plan: the final targets. */
  stp_scenario_for_session(&s, 3, &t);
  assert_float_equal(t.zones[0].density_per_cm2, 30, 1e-12);
  /* A ramp scales at both ends. */
  s.zones[0].density_field = (stp_field){.kind = STP_FIELD_RAMP, .from = 10, .to = 30, .width = 8};
  stp_scenario_for_session(&s, 1, &t);
  assert_float_equal(t.zones[0].density_field.from, 3, 1e-12);
  assert_float_equal(t.zones[0].density_field.to, 9, 1e-12);
  /* A C-built scenario is checked too: a plan's share never falls, and no plan past the
   * last session. */
  stp_error err;
  one_zone(&s);
  s.zones[0].plan[0] = (stp_session_plan){true, 0.7, 0, -1, 0};
  s.zones[0].plan[1] = (stp_session_plan){true, 0.3, 0, -1, 0};
  assert_int_equal(stp_scenario_validate(&s, &err), STP_ERR_RANGE);
  assert_non_null(strstr(err.msg, "below session 1"));
  s.zones[0].plan[1].density = 1;
  assert_int_equal(stp_scenario_validate(&s, &err), STP_OK);
  s.sessions = 1;
  assert_int_equal(stp_scenario_validate(&s, &err), STP_ERR_RANGE);
  assert_non_null(strstr(err.msg, "session 2 of 1"));
  /* No plan, no history: untimed. */
  one_zone(&s);
  assert_false(stp_scenario_timed(&s));
  s.history.set = true;
  assert_true(stp_scenario_timed(&s));
  /* A history of age 0 is refused: its dots would not be told from new ones (aged_years 0),
   * and a one-session old work would be drawn fresh, red and crusted on the first day. */
  s.history = (stp_history){true, 0, 0.7, 0, 1, 0};
  assert_int_equal(stp_scenario_validate(&s, &err), STP_ERR_RANGE);
  assert_non_null(strstr(err.msg, "history age"));
  s.history.age_years = 0.5;
  assert_int_equal(stp_scenario_validate(&s, &err), STP_OK);
}

static const char *BASE =
    "scenario { id = 't', title = 'T', brief = 'B', sessions = %d,\n"
    "  zones = { { id = 'a', shape = rect { x = -20, y = 120, w = 40, h = 40 }, density = 30 },\n"
    "            { id = 'b', shape = rect { x = -20, y = 170, w = 40, h = 40 }, density = 20, %s },\n"
    "            { id = 'no', role = 'forbidden', shape = rect { x = -20, y = 220, w = 10, h = 10 } } },\n"
    "  %s }\n";

static stp_status load(int sessions, const char *zone_b, const char *extra, stp_scenario *out, stp_error *err) {
  char text[2048];
  snprintf(text, sizeof text, BASE, sessions, zone_b, extra);
  return stp_script_load_scenario_buffer("inline.lua", text, strlen(text), NULL, out, err);
}

static void lua_plans_healing_and_history(void **state) {
  (void)state;
  stp_scenario s;
  stp_error err;
  assert_int_equal(load(3, "plan = { { density = 0.5 }, { density = 1 } }",
                        "plan = { { density = 0.3, ink = 0.25, needle = 0.18 }, { density = 0.7, ink = 0.5 }, "
                        "{ density = 1 } },\n healing = { interval = 10, flaking = { 2, 4 }, settled = 6, loss = 0.1, "
                        "fade = 0.1 },\n client = { sun = 0.5, aftercare = 0.75 },\n history = { age = 4, density = 0.6 }",
                        &s, &err),
                   STP_OK);
  /* Zone a takes the scenario's plan, zone b keeps its own, the forbidden zone none. */
  assert_true(s.zones[0].plan[0].set && s.zones[0].plan[2].set);
  assert_float_equal(s.zones[0].plan[0].density, 0.3, 1e-12);
  assert_float_equal(s.zones[0].plan[0].ink, 0.25, 1e-12);
  assert_float_equal(s.zones[0].plan[0].needle_mm, 0.18, 1e-12);
  assert_int_equal(s.zones[0].plan[0].pigment, -1);
  assert_float_equal(s.zones[1].plan[0].density, 0.5, 1e-12);
  assert_false(s.zones[1].plan[2].set);
  assert_false(s.zones[2].plan[0].set);
  assert_float_equal(s.healing.interval_days, 10, 0);
  assert_float_equal(s.healing.flake_from_days, 2, 0);
  assert_float_equal(s.healing.flake_to_days, 4, 0);
  assert_float_equal(s.healing.settle_days, 6, 0);
  assert_float_equal(s.healing.loss, 0.1, 0);
  assert_float_equal(s.healing.fade_per_year, 0.1, 0);
  assert_float_equal(s.healing.sun, 0.5, 0);
  assert_float_equal(s.healing.aftercare, 0.75, 0);
  assert_true(s.history.set);
  assert_float_equal(s.history.age_years, 4, 0);
  assert_float_equal(s.history.density, 0.6, 0);
  assert_int_equal(s.history.sessions, 3);   /* the default */
  /* Without the keys: the defaults, untimed. */
  assert_int_equal(load(3, "angle = 270", "", &s, &err), STP_OK);
  assert_false(stp_scenario_timed(&s));
  assert_float_equal(s.healing.interval_days, 14, 0);
  /* Mistakes an author makes, each with its message. */
  struct { int sessions; const char *b, *extra, *says; } bad[] = {
      {2, "angle = 270", "plan = { { density = 0.3 }, { density = 0.7 }, { density = 1 } }", "sessions = 2"},
      {3, "plan = { { density = 0.7 }, { density = 0.3 } }", "", "below session 1"},
      {3, "plan = { { density = 0.3, ink = 0.33 } }", "", "not in tools.inks"},
      {3, "plan = { { ink = 0.5 } }", "", "density is missing"},
      {3, "plan = { { density = 0.3, colour = 1 } }", "", "colour"},
      {3, "angle = 270", "healing = { flaking = { 5, 3 } }", "flaking[2]"},
      {3, "angle = 270", "healing = { settled = 2 }", "settled"},
      {3, "angle = 270", "history = { density = 0.5 }", "history.age is missing"},
      {3, "angle = 270", "client = { sun = 2 }", "client.sun"},
  };
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
    stp_error_clear(&err);
    assert_int_not_equal(load(bad[i].sessions, bad[i].b, bad[i].extra, &s, &err), STP_OK);
    if (!strstr(err.msg, bad[i].says)) fail_msg("case %zu: '%s' does not say '%s'", i, err.msg, bad[i].says);
  }
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(sessions_fall_on_the_interval),
      cmocka_unit_test(fresh_then_crust_then_settled),
      cmocka_unit_test(years_fade_and_spread),
      cmocka_unit_test(loss_chances_by_hand),
      cmocka_unit_test(about_the_chance_are_lost),
      cmocka_unit_test(the_seed_decides_which),
      cmocka_unit_test(every_field_takes_part_in_the_draw),
      cmocka_unit_test(lost_dots_go_with_their_scab),
      cmocka_unit_test(a_touch_up_starts_from_an_old_work),
      cmocka_unit_test(the_instructors_done_work),
      cmocka_unit_test(a_session_is_judged_against_its_plan),
      cmocka_unit_test(lua_plans_healing_and_history),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
