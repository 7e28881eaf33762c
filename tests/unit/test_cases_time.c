/* test_cases_time.c - the bundled cases over time (scenarios/11..14), judged as an assessor
 * would on works built session by session (stp_gen_sessions), and the generator itself.
 *
 * The generator, from the plans' numbers alone (no score):
 *  - each session lays its plan: by the end of session k a zone holds (what survived the
 *    earlier sessions and the old work, plus session k's dots) its plan's cumulative share
 *    of the final count: 0.3 : 0.7 : 1 in case 11, 0.5 : 1 in case 13;
 *  - a new dot is never laid on a dot that survived (no two nearer than half the spacing
 *    of the final density, 0.5 / sqrt(density per mm2));
 *  - each session's ink is its plan's (0.5, 0.75, 0.75 in case 11), and `rush` = 1 lays
 *    the final ink and the whole final count in session 1;
 *  - the same seed gives the same work.
 * The assessor (the scorer's time judgement: docs/scoring.md, "Healing and time"):
 *  - the layered expert passes overall, the healed whole and every judged session, each
 *    with a margin of 5 points over the pass mark, for two seeds;
 *  - everything in session 1 (full density, the final, darkest ink of the plan) fails
 *    session 1 with density or shade its lowest criterion, though the healed whole (topped
 *    up by the later sessions) passes; it fails overall; half of that (rush 0.5) scores
 *    between the expert and the full fault;
 *  - the touch-up: a layer laid straight over the old work (blind = 1, doubling) scores
 *    below the expert and fails, stacking far more new dots on old ones; half of it between;
 *    the ink a step too dark fails, every other new dot too dark scores between; no new
 *    work at all fails; the expert stacks (almost) nothing. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include "stp_test.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "stp_gen.h"
#include "stp_heal.h"
#include "stp_score.h"
#include "stp_script.h"

#include "time_cases.h"

#define MARGIN 5.0

static const char *base(const char *path) { return strrchr(path, '/') + 1; }

static void gen(const stp_gen_time_opts *o, uint64_t seed, stp_work *w) {
  stp_error err;
  assert_int_equal(stp_gen_sessions(scn, seed, o, w, &err), STP_OK);
}

/* Scores w into a copy of the result; prints the overall, the final and each session. */
static stp_score_result judge(const char *what, const stp_work *w) {
  stp_error err;
  assert_int_equal(stp_score_work(scn, w, res, NULL, &err), STP_OK);
  assert_true(res->timed);
  print_message("  %-22s overall %5.1f %s  final %5.1f", what, res->score, res->passed ? "pass" : "FAIL",
                res->final_score);
  for (int s = 0; s < res->session_count; s++)
    if (res->sessions[s].judged)
      print_message("  s%d %5.1f%s", res->sessions[s].session, res->sessions[s].score,
                    res->sessions[s].passed ? "" : "!");
  print_message("  (lost %zu, history %zu, stacked %zu)\n", res->lost, res->history, res->stacked);
  return *res;
}

/* The session result of session s (1-based), judged. */
static const stp_session_result *session(const stp_score_result *r, int s) {
  assert_true(s >= 1 && s <= r->session_count);
  const stp_session_result *sr = &r->sessions[s - 1];
  assert_int_equal(sr->session, s);
  assert_true(sr->judged);
  return sr;
}

static int lowest_criterion(const stp_session_result *sr) {
  int lo = -1;
  for (int c = 0; c < STP_CRIT_COUNT; c++)
    if (sr->enabled[c] && (lo < 0 || sr->criteria[c] < sr->criteria[lo])) lo = c;
  return lo;
}

/* ---- the generator ------------------------------------------------------------------------ */

/* How many dots of w (and of the old work) are on the skin at the end of session k in zone z:
 * the survivors of the sessions before k and of the old work, and all of session k's. */
static size_t on_skin(const stp_work *old, const stp_work *w, int k, int z) {
  size_t n = 0;
  for (size_t i = 0; i < old->count; i++) n += stp_scenario_zone_at(scn, old->items[i].x_mm, old->items[i].y_mm) == z;
  for (size_t i = 0; i < w->count; i++) {
    const stp_impression *m = &w->items[i];
    if (stp_scenario_zone_at(scn, m->x_mm, m->y_mm) != z) continue;
    if (m->session == k || (m->session < k && stp_heal_survives(scn, m))) n++;
  }
  return n;
}

/* By the end of each session the zone holds its plan's cumulative share of what it holds at
 * the end of the last: the plan's numbers, within 4 % of the final count (the blue noise is
 * thinned to the expected count; a share of a few hundred dots). */
static void check_shares(const char *path, const double *share, int sessions) {
  load(path);
  assert_int_equal(stp_gen_session_count(scn), sessions);
  stp_gen_time_opts o = stp_gen_time_expert_opts();
  stp_work w, old;
  stp_error err;
  gen(&o, 1, &w);
  assert_int_equal(stp_heal_history(scn, &old, &err), STP_OK);
  for (int z = 0; z < scn->zone_count; z++) {
    if (scn->zones[z].role == STP_ZONE_FORBIDDEN) continue;
    double full = (double)on_skin(&old, &w, sessions, z);
    assert_true(full > 100);
    for (int k = 1; k <= sessions; k++) {
      double got = on_skin(&old, &w, k, z) / full;
      print_message("  %s %s session %d: %.3f of the final count (plan %.2f)\n", base(path), scn->zones[z].id, k, got,
                    share[k - 1]);
      assert_float_equal(got, share[k - 1], 0.04);
    }
  }
  stp_work_free(&w);
  stp_work_free(&old);
}

static void sessions_lay_their_plans(void **state) {
  (void)state;
  static const double h[] = {0.3, 0.7, 1.0}, p[] = {0.5, 1.0};
  check_shares(HAIRLINE, h, 3);
  check_shares(SCAR, h, 3);
  check_shares(PART, p, 2);
  static const double t[] = {1.0};
  check_shares(TOUCHUP, t, 1);
}

/* No new dot within half the final spacing of a dot that survived (earlier sessions, old work). */
static void never_on_a_surviving_dot(void **state) {
  (void)state;
  static const char *const files[] = {HAIRLINE, SCAR, PART, TOUCHUP};
  for (int f = 0; f < 4; f++) {
    load(files[f]);
    stp_gen_time_opts o = stp_gen_time_expert_opts();
    stp_work w, old;
    stp_error err;
    gen(&o, 2, &w);
    assert_int_equal(stp_heal_history(scn, &old, &err), STP_OK);
    size_t close = 0, checked = 0;
    for (size_t i = 0; i < w.count; i++) {
      const stp_impression *a = &w.items[i];
      int z = stp_scenario_zone_at(scn, a->x_mm, a->y_mm);
      assert_true(z >= 0);
      /* the zone's highest final density: the tightest spacing anywhere in it */
      const stp_zone *zn = &scn->zones[z];
      double d = zn->density_field.kind == STP_FIELD_RAMP ? fmax(zn->density_field.from, zn->density_field.to)
                                                           : zn->density_per_cm2;
      double lim = 0.5 / sqrt(d / 100.0);
      for (size_t j = 0; j < old.count; j++, checked++)
        if (hypot(old.items[j].x_mm - a->x_mm, old.items[j].y_mm - a->y_mm) < lim) close++;
      for (size_t j = 0; j < w.count; j++) {
        const stp_impression *b = &w.items[j];
        if (b->session >= a->session || !stp_heal_survives(scn, b)) continue;
        checked++;
        if (hypot(b->x_mm - a->x_mm, b->y_mm - a->y_mm) < lim) close++;
      }
    }
    print_message("  %s: %zu new dots, %zu pairs with a surviving dot checked, %zu too close\n", base(files[f]), w.count,
                  checked, close);
    assert_true(checked > 0);
    assert_int_equal(close, 0);
    stp_work_free(&w);
    stp_work_free(&old);
  }
}

/* Case 11's inks: 0.5, then the zone's planned 0.75 twice (its plan and `stipple targets`);
 * rush = 1 lays all of it in session 1 in 0.75; two steps darker on the touch-up: 1.0 (the
 * kit's darkest, as 0.75 is one step below it). */
static void inks_follow_the_plan(void **state) {
  (void)state;
  load(HAIRLINE);
  static const double ink[] = {0.5, 0.75, 0.75};
  stp_gen_time_opts o = stp_gen_time_expert_opts();
  stp_work w, again;
  gen(&o, 3, &w);
  gen(&o, 3, &again);
  assert_int_equal(w.count, again.count);
  assert_memory_equal(w.items, again.items, w.count * sizeof *w.items);
  size_t per[4] = {0};
  for (size_t i = 0; i < w.count; i++) {
    assert_true(w.items[i].session >= 1 && w.items[i].session <= 3);
    assert_float_equal(w.items[i].ink, ink[w.items[i].session - 1], 1e-9);
    per[w.items[i].session]++;
  }
  assert_true(per[1] && per[2] && per[3]);
  stp_work_free(&w);
  stp_work_free(&again);
  o.rush = 1;
  gen(&o, 3, &w);
  size_t first = 0;
  for (size_t i = 0; i < w.count; i++)
    if (w.items[i].session == 1) {
      first++;
      assert_float_equal(w.items[i].ink, 0.75, 1e-9);
    }
  assert_true(first > 2 * per[1]);
  stp_work_free(&w);
  load(TOUCHUP);
  o = stp_gen_time_expert_opts();
  o.hand.ink_steps_darker = 2;
  gen(&o, 3, &w);
  for (size_t i = 0; i < w.count; i++) assert_float_equal(w.items[i].ink, 1.0, 1e-9);
  stp_work_free(&w);
  stp_error err;
  o.rush = 1.5;
  assert_int_equal(stp_gen_sessions(scn, 3, &o, &w, &err), STP_ERR_RANGE);
}

/* ---- the assessor ------------------------------------------------------------------------- */

/* The scorer judges these cases over time (checked on an empty work). */
static void require_time_judgement(void) {
  stp_work w;
  stp_error err;
  stp_work_init(&w);
  assert_int_equal(stp_score_work(scn, &w, res, NULL, &err), STP_OK);
  assert_true(res->timed);
}

static void expert_passes_everything(const char *path, stp_score_result *out) {
  load(path);
  require_time_judgement();
  print_message("%s\n", base(path));
  for (uint64_t seed = 1; seed <= 2; seed++) {
    stp_gen_time_opts o = stp_gen_time_expert_opts();
    stp_work w;
    gen(&o, seed, &w);
    stp_score_result r = judge(seed == 1 ? "expert" : "expert (seed 2)", &w);
    double pm = scn->rubric.pass_mark;
    if (!r.passed) fail_msg("%s: the expert fails: %s", base(path), r.verdict);
    if (!(r.score >= pm + MARGIN)) fail_msg("%s: the expert passes by too little (%.1f)", base(path), r.score);
    if (!(r.final_score >= pm + MARGIN)) fail_msg("%s: the expert's healed whole %.1f", base(path), r.final_score);
    int judged = 0;
    for (int s = 1; s <= r.session_count; s++) {
      if (!r.sessions[s - 1].judged) continue;
      judged++;
      const stp_session_result *sr = session(&r, s);
      if (!sr->passed || sr->score < pm + MARGIN)
        fail_msg("%s: the expert's session %d scores %.1f: %s", base(path), s, sr->score, sr->verdict);
    }
    assert_int_equal(judged, stp_gen_session_count(scn));
    if (seed == 1) *out = r;
    stp_work_free(&w);
  }
}

/* Everything in session 1: it fails session 1 on density or shade, the healed whole passes. */
static void rushed_fails_session_one(const char *path) {
  stp_score_result e;
  expert_passes_everything(path, &e);
  stp_gen_time_opts o = stp_gen_time_expert_opts();
  stp_work w;
  o.rush = 1;
  gen(&o, 1, &w);
  stp_score_result full = judge("all in session 1", &w);
  stp_work_free(&w);
  o.rush = 0.5;
  gen(&o, 1, &w);
  stp_score_result half = judge("half of it in session 1", &w);
  stp_work_free(&w);
  const stp_session_result *s1 = session(&full, 1);
  if (s1->passed) fail_msg("%s: everything in session 1 passes session 1 (%.1f)", base(path), s1->score);
  int lo = lowest_criterion(s1);
  if (lo != STP_CRIT_DENSITY && lo != STP_CRIT_SHADE)
    fail_msg("%s: session 1's lowest criterion is %s", base(path), stp_criterion_key((stp_criterion_id)lo));
  assert_true(s1->criteria[STP_CRIT_DENSITY] < session(&e, 1)->criteria[STP_CRIT_DENSITY]);
  if (!(full.final_score >= scn->rubric.pass_mark))
    fail_msg("%s: the rushed work's healed whole %.1f should look right", base(path), full.final_score);
  if (full.passed) fail_msg("%s: everything in session 1 passes (%.1f)", base(path), full.score);
  assert_true(full.score < e.score);
  if (!(half.score < e.score && half.score > full.score))
    fail_msg("%s: half the rush %.1f not between the expert %.1f and the full rush %.1f", base(path), half.score,
             e.score, full.score);
  /* Session 1 of half the rush is not compared with the full rush's: in case 12 both fail at
   * the floor (65 % of the final density against a plan of 30 % is crowded, and half the ink
   * steps round up to the final ink), a tenth of a point apart either way. */
}

static void hairline_sessions(void **state) { (void)state; rushed_fails_session_one(HAIRLINE); }
static void scar_sessions(void **state) { (void)state; rushed_fails_session_one(SCAR); }
static void part_two_sessions(void **state) { (void)state; rushed_fails_session_one(PART); }

static void touchup(void **state) {
  (void)state;
  stp_score_result e;
  expert_passes_everything(TOUCHUP, &e);
  assert_true(e.history > 1000);
  stp_gen_time_opts o = stp_gen_time_expert_opts();
  stp_work w;
  gen(&o, 1, &w);
  size_t fresh = w.count;
  stp_work_free(&w);
  /* never on top of a surviving dot: at most 1 % of the new dots merge with an old one */
  if (e.stacked * 100 > fresh) fail_msg("the expert touch-up stacks %zu of %zu", e.stacked, fresh);

  /* doubling: a whole layer over the old work as if the skin were bare, and half of that */
  o.blind = 1;
  gen(&o, 1, &w);
  stp_score_result dbl = judge("laid over the old work", &w);
  stp_work_free(&w);
  o.blind = 0.5;
  gen(&o, 1, &w);
  stp_score_result half = judge("half laid over it", &w);
  stp_work_free(&w);
  if (dbl.passed) fail_msg("doubling over the old work passes (%.1f)", dbl.score);
  assert_true(dbl.score < e.score);
  assert_true(dbl.stacked > 5 * (e.stacked + 10));
  if (!(half.score < e.score && half.score > dbl.score))
    fail_msg("half the doubling %.1f not between the expert %.1f and the doubling %.1f", half.score, e.score, dbl.score);
  assert_true(half.stacked > e.stacked && half.stacked < dbl.stacked);

  /* the ink a step darker (1.0 for the planned 0.75), and on every other new dot */
  o = stp_gen_time_expert_opts();
  o.hand.ink_steps_darker = 1;
  gen(&o, 1, &w);
  stp_score_result dark = judge("ink a step darker", &w);
  stp_work exp;
  o.hand.ink_steps_darker = 0;
  gen(&o, 1, &exp);
  assert_int_equal(exp.count, w.count);   /* the ink draws nothing from the generator's stream */
  for (size_t i = 0; i < exp.count; i += 4) exp.items[i].ink = w.items[i].ink;
  stp_score_result half_dark = judge("one dot in 4 darker", &exp);
  print_message("  shade: expert %.1f, one in 4 darker %.1f, all darker %.1f\n", e.criteria[STP_CRIT_SHADE].score,
                half_dark.criteria[STP_CRIT_SHADE].score, dark.criteria[STP_CRIT_SHADE].score);
  stp_work_free(&w);
  stp_work_free(&exp);
  if (dark.passed) fail_msg("the touch-up a step too dark passes (%.1f)", dark.score);
  assert_true(dark.score < e.score);
  assert_true(dark.criteria[STP_CRIT_SHADE].score < e.criteria[STP_CRIT_SHADE].score);
  if (!(half_dark.score < e.score && half_dark.score > dark.score))
    fail_msg("half too dark %.1f not between the expert %.1f and too dark %.1f", half_dark.score, e.score, dark.score);

  /* nothing at all: the old work alone */
  stp_work_init(&w);
  stp_score_result none = judge("no new work", &w);
  if (none.passed) fail_msg("no new work passes (%.1f)", none.score);
  assert_true(none.score < e.score);
  assert_int_equal(none.history, e.history);
}

/* ---- the assessor's classic faults, in one session ------------------------------------------ */

/* The faults test_assessor builds for the untimed cases, made in session k of the layered
 * expert (the earlier sessions left as the expert laid them): each must fail the work, and
 * fail session k (where a session is judged) or the healed whole. */
enum { F_CLUMP, F_OFF_PLAN, F_TWO_DOTS, F_DEEP, F_GRAIN, F_COUNT };
static const char *const fault_names[F_COUNT] = {"clump", "1 in 6 off the plan", "two dots", "blown out",
                                                 "grain 60 deg off"};

static void make_fault(stp_work *w, int k, int fault) {
  /* the session's dots, in order */
  size_t n = 0, first = (size_t)-1;
  for (size_t i = 0; i < w->count; i++)
    if (w->items[i].session == k) { n++; if (first == (size_t)-1) first = i; }
  assert_true(n > 10);
  double cx = w->items[first].x_mm, cy = w->items[first].y_mm;
  size_t seen = 0, out = 0;
  for (size_t i = 0; i < w->count; i++) {
    stp_impression *m = &w->items[i];
    if (m->session != k) { w->items[out++] = *m; continue; }
    size_t j = seen++;
    switch (fault) {
    case F_CLUMP:   /* the same count in a 12 mm disk about its first dot (golden-angle spiral) */
      m->x_mm = cx + 6.0 * sqrt((j + 0.5) / (double)n) * cos(j * 2.39996323);
      m->y_mm = cy + 6.0 * sqrt((j + 0.5) / (double)n) * sin(j * 2.39996323);
      break;
    case F_OFF_PLAN:   /* one in six moved far off the head's planned zones (the chart's far side) */
      if (j % 6 == 0) m->y_mm = 480;
      break;
    case F_TWO_DOTS:
      if (j >= 2) continue;
      break;
    case F_DEEP:   /* 0.9 mm past the window: blown out */
      m->depth_mm = scn->depth.deep_mm + 0.9;
      break;
    case F_GRAIN:
      m->angle_deg += 60;
      break;
    }
    w->items[out++] = *m;
  }
  w->count = out;
}

static void classic_faults(const char *path) {
  stp_score_result e;
  expert_passes_everything(path, &e);
  int last = stp_gen_session_count(scn);
  for (int k = 1; k <= last; k += last > 1 ? last - 1 : 1) {   /* the first session and the last */
    for (int f = 0; f < F_COUNT; f++) {
      if (f == F_GRAIN && !scn->rubric.items[STP_CRIT_GRAIN].enabled) continue;
      if (f == F_DEEP && !scn->rubric.items[STP_CRIT_DEPTH].enabled) continue;
      stp_gen_time_opts o = stp_gen_time_expert_opts();
      stp_work w;
      gen(&o, 1, &w);
      make_fault(&w, k, f);
      char what[64];
      snprintf(what, sizeof what, "s%d: %s", k, fault_names[f]);
      stp_score_result r = judge(what, &w);
      stp_work_free(&w);
      if (r.passed) fail_msg("%s: %s in session %d passes (%.1f)", base(path), fault_names[f], k, r.score);
      assert_true(r.score < e.score);
      const stp_session_result *sr = &r.sessions[k - 1];
      if (sr->judged ? sr->passed && r.final_score >= scn->rubric.pass_mark : r.final_score >= scn->rubric.pass_mark)
        fail_msg("%s: %s in session %d fails neither the session nor the whole", base(path), fault_names[f], k);
    }
  }
}

static void hairline_classic_faults(void **state) { (void)state; classic_faults(HAIRLINE); }
static void scar_classic_faults(void **state) { (void)state; classic_faults(SCAR); }
static void part_classic_faults(void **state) { (void)state; classic_faults(PART); }
static void touchup_classic_faults(void **state) { (void)state; classic_faults(TOUCHUP); }

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(sessions_lay_their_plans),
    cmocka_unit_test(never_on_a_surviving_dot),
    cmocka_unit_test(inks_follow_the_plan),
    cmocka_unit_test(hairline_sessions),
    cmocka_unit_test(scar_sessions),
    cmocka_unit_test(part_two_sessions),
    cmocka_unit_test(touchup),
    cmocka_unit_test(hairline_classic_faults),
    cmocka_unit_test(scar_classic_faults),
    cmocka_unit_test(part_classic_faults),
    cmocka_unit_test(touchup_classic_faults),
  };
  return cmocka_run_group_tests(tests, setup, teardown);
}
