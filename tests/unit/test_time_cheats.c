/* test_time_cheats.c - the cases over time (scenarios/11..14) attacked as a cheating or lazy
 * trainee would (docs/scoring.md, "Sessions and the healed whole", "What the tests prove").
 * Each work is the layered expert (stp_gen_sessions) bent one way; each expectation is derived
 * from the case's own numbers (its sessions, plans, targets, tolerances and gates), never from
 * a run of the scorer.
 *
 * The holes these found, now closed:
 *  - a session that adds only part of what was left to place (a touch-up's new dots in half
 *    the head, or in one zone only; the last session at half) passed: over context, the
 *    session's density was the whole skin's, which the old work or the earlier sessions kept
 *    within the tolerance. A session short of its plan is now judged on what it added against
 *    what was left (stp_rubric.density_left).
 *  - rows outside the case's sessions (0, one past the last, 99) were scored: session 0 as
 *    context in every session and judged in none, a session past the last in the healed whole
 *    only, where no plan sees it (case 12 passed with a third of the final density laid as a
 *    fourth session). They are refused (STP_ERR_RANGE). */
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

/* A case loaded, its name said (the cheats are reported case by case). */
static void load_named(const char *path) {
  load(path);
  print_message("%s\n", strrchr(path, '/') + 1);
}

static void expert(uint64_t seed, stp_work *w) {
  stp_error err;
  stp_gen_time_opts o = stp_gen_time_expert_opts();
  assert_int_equal(stp_gen_sessions(scn, seed, &o, w, &err), STP_OK);
}

/* Scores w; prints the overall, the healed whole and each judged session. */
static stp_score_result judge(const char *what, const stp_work *w) {
  stp_error err;
  assert_int_equal(stp_score_work(scn, w, res, NULL, &err), STP_OK);
  assert_true(res->timed);
  char line[256];
  int n = snprintf(line, sizeof line, "  %-34s overall %5.1f %s  final %5.1f", what, res->score,
                   res->passed ? "pass" : "FAIL", res->final_score);
  for (int s = 0; s < res->session_count && n < (int)sizeof line; s++)
    if (res->sessions[s].judged)
      n += snprintf(line + n, sizeof line - (size_t)n, "  s%d %5.1f%s", res->sessions[s].session,
                    res->sessions[s].score, res->sessions[s].passed ? "" : "!");
  print_message("%s  (lost %zu, history %zu, stacked %zu)\n    %s\n", line, res->lost, res->history, res->stacked,
                res->verdict);
  return *res;
}

/* Keeps the rows for which keep(row) is true. */
static void filter(stp_work *w, bool (*keep)(const stp_impression *, void *), void *ctx) {
  size_t out = 0;
  for (size_t i = 0; i < w->count; i++)
    if (keep(&w->items[i], ctx)) w->items[out++] = w->items[i];
  w->count = out;
}

static void relabel(stp_work *w, int from, int to) {
  for (size_t i = 0; i < w->count; i++)
    if (w->items[i].session == from) w->items[i].session = to;
}

static bool not_session(const stp_impression *m, void *ctx) { return m->session != *(int *)ctx; }

/* A copy of w. */
static stp_work copy(const stp_work *w) {
  stp_work c;
  stp_work_init(&c);
  for (size_t i = 0; i < w->count; i++) assert_int_equal(stp_work_push(&c, &w->items[i], NULL, NULL), STP_OK);
  return c;
}

/* ---- a session short of what was left to place ------------------------------------------ */

/* The density score of a zone given `share` of what was left to place, in a zone whose
 * tolerance is tau of its target (stp_sc_density_zone_score on the increment: left x share
 * against left within tau x left, falling to 0 at nothing added): 100 (1 - (1 - share - tau)
 * / (1 - tau)) when 1 - share > tau. The old rule judged the skin's whole density, c + share
 * (1 - c) of the target when the context holds c of it: 100 (1 - ((1 - share)(1 - c) - tau) /
 * (1 - tau)), full marks once (1 - share)(1 - c) <= tau. */
static double left_score(double share, double tau) {
  double off = 1 - share - tau;
  return off <= 0 ? 100 : 100 * (1 - off / (1 - tau));
}

/* An upper bound on the tolerance share tau = tolerance / mean target over the scored zones of
 * the final targets (a session's plan scales target and tolerance alike): the tau that lets
 * the most through. A ramp zone's mean target is at least the mean of its two ends (it rises
 * from `from` to `to` over its first `width` mm and holds `to` behind: cases 11 and 14 ramp
 * over 10 mm of bands 20-25 mm deep), so tol / ((from + to) / 2) bounds its tau. */
static double widest_tau(void) {
  double tau = 0;
  for (int z = 0; z < scn->zone_count; z++) {
    const stp_zone *zn = &scn->zones[z];
    if (zn->role == STP_ZONE_FORBIDDEN) continue;
    double t = zn->density_field.kind == STP_FIELD_RAMP ? 0.5 * (zn->density_field.from + zn->density_field.to)
                                                         : zn->density_per_cm2;
    tau = fmax(tau, zn->density_tolerance / fmax(t, 1));
  }
  return tau;
}

/* Session k keeps one of its dots in `every`: it adds 1 / every of what was left. */
static void thin_session(stp_work *w, int k, size_t every) {
  size_t out = 0, seen = 0;
  for (size_t i = 0; i < w->count; i++) {
    if (w->items[i].session == k && seen++ % every) continue;
    w->items[out++] = w->items[i];
  }
  w->count = out;
}

/* Sessions 2.. of the layered cases at half: each fails that session on density. Every zone
 * (hairline 12 / 50 at most, the mean of its ramp 20..80; temples 10 / 60; scar 9 / 45; bands
 * and part 6 / 30: tau at most 0.24) scores at most left_score(0.5, 0.24) = 65.8 < the density
 * gate 70 (which holds in every zone) at half of what was left, and the session's verdict
 * names the density. Under the old rule the last session at half, over the earlier
 * sessions' survivors (about 0.6 of the final), left the skin at 0.8 of its target: within
 * the temples' tolerance (1 - 0.8 = 0.2 > 0.167: 98) and the session passed (case 11's
 * session 3 at 99.6, case 12's at 99.5, case 13's session 2 at 94.9). */
static void late_session_at_half(const char *path) {
  load_named(path);
  double tau = widest_tau(), gate = scn->rubric.items[STP_CRIT_DENSITY].gate;
  assert_true(tau <= 0.24 + 1e-9);
  double expect = left_score(0.5, tau);
  print_message("  tau %.3f: a zone given half of what was left scores at most %.1f (gate %.0f)\n", tau, expect, gate);
  assert_true(expect < gate);
  stp_work w;
  expert(1, &w);
  stp_score_result e = judge("expert", &w);
  assert_true(e.passed);
  for (int k = 2; k <= scn->sessions; k++) {
    stp_work c = copy(&w);
    thin_session(&c, k, 2);
    char what[64];
    snprintf(what, sizeof what, "session %d at half", k);
    stp_score_result r = judge(what, &c);
    stp_work_free(&c);
    const stp_session_result *sr = &r.sessions[k - 1];
    assert_true(sr->judged);
    if (sr->passed) fail_msg("session %d at half passes its plan (%.1f)", k, sr->score);
    if (!strstr(sr->verdict, "of the final density"))
      fail_msg("session %d at half fails on something else: %s", k, sr->verdict);
    assert_false(r.passed);
  }
  stp_work_free(&w);
}

static void hairline_late_session_at_half(void **state) { (void)state; late_session_at_half(HAIRLINE); }
static void scar_late_session_at_half(void **state) { (void)state; late_session_at_half(SCAR); }
static void part_late_session_at_half(void **state) { (void)state; late_session_at_half(PART); }

/* The touch-up (case 14): the old work holds c of the design (what survived of 70 %, history
 * = { density = 0.7 }: c < 0.7); the job is the rest. Three lazy jobs:
 *  - new dots on one half of the head only (x >= 0): each zone gets half of what was left;
 *  - half of the new dots (every other one): the same everywhere;
 *  - the front of the top only, the hairline zone untouched: the hairline gets nothing of
 *    what was left, left_score(0, tau) = 0.
 * The top's tau is 8 / 50 = 0.16: at half it scores left_score(0.5, 0.16) = 59.5 < the
 * density gate 70, which holds in every zone, whatever the hairline does. Under the old rule
 * the top reached c + 0.5 (1 - c): with c about 0.6 (0.7 less what its own healing lost),
 * 0.8 of its target, off by 0.2 - 0.16 of a span of 0.84: 95; the hairline untouched at c of
 * its target (tau up to 9 / 32.5, its ramp's mean end): 100 (1 - (0.4 - 0.28) / 0.72) = 83.
 * All three passed (87.9, 91.8 and 96.2 overall). */
static void touchup_half_done(void **state) {
  (void)state;
  load_named(TOUCHUP);
  stp_work w, old;
  stp_error err;
  expert(1, &w);
  assert_int_equal(stp_heal_history(scn, &old, &err), STP_OK);
  int top = -1;
  for (int z = 0; z < scn->zone_count; z++)
    if (strcmp(scn->zones[z].id, "top") == 0) top = z;
  assert_true(top >= 0);
  double tau = scn->zones[top].density_tolerance / scn->zones[top].density_per_cm2;
  double gate = scn->rubric.items[STP_CRIT_DENSITY].gate;
  assert_true(left_score(0.5, tau) < gate);
  assert_true(left_score(0.0, tau) == 0);
  stp_score_result e = judge("expert", &w);
  assert_true(e.passed);
  for (int job = 0; job < 3; job++) {
    stp_work c = copy(&w);
    size_t out = 0;
    for (size_t i = 0; i < c.count; i++) {
      const stp_impression *m = &c.items[i];
      bool keep = job == 0   ? m->x_mm >= 0
                  : job == 1 ? i % 2 == 0
                             : stp_scenario_zone_at(scn, m->x_mm, m->y_mm) == top;
      if (keep) c.items[out++] = *m;
    }
    c.count = out;
    static const char *const names[] = {"new dots on the right half only", "half the new dots",
                                        "new dots in the top only"};
    stp_score_result r = judge(names[job], &c);
    stp_work_free(&c);
    const stp_session_result *s1 = &r.sessions[0];
    if (r.passed || s1->passed) fail_msg("the touch-up with %s passes (%.1f)", names[job], r.score);
    if (!strstr(s1->verdict, job == 2 ? "of the final density in Hairline" : "of the final density"))
      fail_msg("%s fails on something else: %s", names[job], s1->verdict);
    assert_int_equal(r.history, old.count);
  }
  stp_work_free(&w);
  stp_work_free(&old);
}

/* ---- rows outside the case's sessions ----------------------------------------------------- */

/* Session 0, one past the last, 99: refused by the scorer (the parser refuses session 0
 * already). An extra session after the course was judged in the healed whole only: case
 * 12's expert plus seed 2's last session laid again as a fourth passed. */
static void sessions_outside_the_case(const char *path) {
  load_named(path);
  stp_work w, w2;
  stp_error err;
  expert(1, &w);
  expert(2, &w2);
  int last = scn->sessions;
  int labels[] = {0, -1, last + 1, 99, STP_SCN_MAX_SESSIONS + 1};
  for (size_t b = 0; b < sizeof labels / sizeof *labels; b++) {
    /* the last session relabelled, and an extra layer under that label */
    stp_work c = copy(&w);
    relabel(&c, last, labels[b]);
    assert_int_equal(stp_score_work(scn, &c, res, NULL, &err), STP_ERR_RANGE);
    stp_work_free(&c);
    c = copy(&w);
    for (size_t i = 0; i < w2.count; i++) {
      stp_impression m = w2.items[i];
      if (m.session != last) continue;
      assert_int_equal(stp_work_push(&c, &m, NULL, NULL), STP_OK);
      c.items[c.count - 1].session = labels[b];   /* stp_work_push refuses session < 1 itself */
    }
    assert_int_equal(stp_score_work(scn, &c, res, NULL, &err), STP_ERR_RANGE);
    print_message("  session %d: %s\n", labels[b], err.msg);
    stp_work_free(&c);
  }
  /* the parser refuses session 0 */
  static const char csv[] = "x_mm,y_mm,angle_deg,depth_mm,needle_mm,ink,session,t_ms\n0,100,270,1,0.25,0.75,0,0\n";
  stp_work p;
  assert_int_not_equal(stp_work_parse(&p, csv, sizeof csv - 1, "w.csv", &err), STP_OK);
  /* the case's own sessions are scored */
  assert_int_equal(stp_score_work(scn, &w, res, NULL, &err), STP_OK);
  stp_work_free(&w);
  stp_work_free(&w2);
}

static void outside_sessions(void **state) {
  (void)state;
  sessions_outside_the_case(HAIRLINE);
  sessions_outside_the_case(SCAR);
  sessions_outside_the_case(PART);
  sessions_outside_the_case(TOUCHUP);
}

/* ---- attacks that fail, kept so they stay failing ---------------------------------------- */

/* Merged or skipped sessions: everything labelled the last session (the earlier ones skipped:
 * "placed no impressions"), the course stopped before its last session ("not reached"), one
 * session down to two dots (two dots of a plan of hundreds: its density left_score(~0) = 0). */
static void skipped_sessions(const char *path) {
  load_named(path);
  stp_work w;
  expert(1, &w);
  int last = scn->sessions;
  stp_work c = copy(&w);
  for (int s = 1; s < last; s++) relabel(&c, s, last);
  stp_score_result r = judge("all in the last session", &c);
  assert_false(r.passed);
  if (last > 1) assert_false(r.sessions[0].passed);
  stp_work_free(&c);
  for (int k = 1; k <= last; k++) {
    c = copy(&w);
    size_t out = 0, seen = 0;
    for (size_t i = 0; i < c.count; i++) {
      if (c.items[i].session == k && seen++ >= 2) continue;
      c.items[out++] = c.items[i];
    }
    c.count = out;
    char what[64];
    snprintf(what, sizeof what, "session %d of 2 dots", k);
    r = judge(what, &c);
    assert_false(r.passed);
    assert_false(r.sessions[k - 1].passed);
    stp_work_free(&c);
  }
  if (last > 1) {
    c = copy(&w);
    filter(&c, not_session, &last);
    r = judge("stopped before the last", &c);
    assert_false(r.passed);
    assert_int_equal(r.sessions[last - 1].placed, 0);
    assert_false(r.sessions[last - 1].passed);
    stp_work_free(&c);
  }
  stp_work_free(&w);
}

static void merged_and_skipped(void **state) {
  (void)state;
  skipped_sessions(HAIRLINE);
  skipped_sessions(SCAR);
  skipped_sessions(PART);
}

/* The loss in healing as a shortcut: session 1 at twice its plan (the extra "for the loss"),
 * or laid shallow (0.3 mm: lost more often, so cheap?). Every dot of a session is judged in
 * its own session, lost or not: twice 0.3 (or 0.5) is 0.6 (1.0), off by far more than the
 * scaled tolerance (left_score(-1, tau) = 0 on the crowded side: the plain rule, 100 (1 -
 * (1 - tau) / (1 - tau)) = 0 at twice), and 0.3 mm is shallower than the depth window. */
static void loss_as_a_shortcut(const char *path) {
  load_named(path);
  stp_work w, d;
  stp_error err;
  expert(1, &w);
  stp_gen_time_opts o = stp_gen_time_expert_opts();
  o.hand.density_factor = 2;
  assert_int_equal(stp_gen_sessions(scn, 1, &o, &d, &err), STP_OK);
  stp_work c = copy(&w);
  int one = 1;
  filter(&c, not_session, &one);
  for (size_t i = 0; i < d.count; i++)
    if (d.items[i].session == 1) assert_int_equal(stp_work_push(&c, &d.items[i], NULL, NULL), STP_OK);
  stp_score_result r = judge("session 1 at twice its plan", &c);
  assert_false(r.passed);
  assert_false(r.sessions[0].passed);
  stp_work_free(&c);
  c = copy(&w);
  assert_true(0.3 < scn->depth.shallow_mm);
  for (size_t i = 0; i < c.count; i++)
    if (c.items[i].session == 1) c.items[i].depth_mm = 0.3;
  r = judge("session 1 at 0.3 mm", &c);
  assert_false(r.passed);
  assert_false(r.sessions[0].passed);
  stp_work_free(&c);
  stp_work_free(&d);
  stp_work_free(&w);
}

static void loss_shortcuts(void **state) {
  (void)state;
  loss_as_a_shortcut(HAIRLINE);
  loss_as_a_shortcut(SCAR);
  loss_as_a_shortcut(PART);
  loss_as_a_shortcut(TOUCHUP);
}

/* The scar case (12): the scar left alone, every other dot laid; its zone holds nothing of
 * its plan in any session: left_score(0, tau) = 0 at session 1 (no context: the plain rule,
 * 0 at nothing), below the density gate (the worst zone). */
static void scar_left_alone(void **state) {
  (void)state;
  load_named(SCAR);
  stp_work w;
  expert(1, &w);
  int scar = -1;
  for (int z = 0; z < scn->zone_count; z++)
    if (scn->zones[z].role == STP_ZONE_SCAR) scar = z;
  assert_true(scar >= 0);
  size_t out = 0;
  for (size_t i = 0; i < w.count; i++)
    if (stp_scenario_zone_at(scn, w.items[i].x_mm, w.items[i].y_mm) != scar) w.items[out++] = w.items[i];
  w.count = out;
  stp_score_result r = judge("the scar left alone", &w);
  assert_false(r.passed);
  for (int s = 1; s <= scn->sessions; s++) assert_false(r.sessions[s - 1].passed);
  stp_work_free(&w);
}

/* The touch-up: a dot on each old one (stacked: every new dot merges with its old one, over
 * max_merged_fraction 0.2: spacing 0 < its gate 60), dark or in the planned ink; no new dot
 * at all ("no impressions"; history still counts the old work: it is on the skin). */
static void touchup_on_the_old_dots(void **state) {
  (void)state;
  load_named(TOUCHUP);
  stp_work w, old;
  stp_error err;
  expert(1, &w);
  assert_int_equal(stp_heal_history(scn, &old, &err), STP_OK);
  stp_work c;
  stp_work_init(&c);
  for (size_t i = 0; i < old.count; i++) {
    stp_impression m = old.items[i];
    m.x_mm += 0.02;
    m.aged_years = 0;
    m.context = false;
    m.session = 1;
    m.needle_mm = w.items[0].needle_mm;
    m.ink = 1.0;
    assert_int_equal(stp_work_push(&c, &m, NULL, NULL), STP_OK);
  }
  for (int pass = 0; pass < 2; pass++) {
    if (pass) for (size_t i = 0; i < c.count; i++) c.items[i].ink = w.items[0].ink;
    stp_score_result r = judge(pass ? "a planned-ink dot on each old one" : "a dark dot on each old one", &c);
    assert_false(r.passed);
    assert_int_equal(r.stacked, old.count);
    assert_true(r.sessions[0].criteria[STP_CRIT_SPACING] < scn->rubric.items[STP_CRIT_SPACING].gate);
  }
  stp_work_free(&c);
  stp_work_init(&c);
  stp_score_result r = judge("no new work", &c);
  assert_false(r.passed);
  assert_int_equal(r.history, old.count);
  assert_int_equal(r.stacked, 0);
  stp_work_free(&w);
  stp_work_free(&old);
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(hairline_late_session_at_half),
    cmocka_unit_test(scar_late_session_at_half),
    cmocka_unit_test(part_late_session_at_half),
    cmocka_unit_test(touchup_half_done),
    cmocka_unit_test(outside_sessions),
    cmocka_unit_test(merged_and_skipped),
    cmocka_unit_test(loss_shortcuts),
    cmocka_unit_test(scar_left_alone),
    cmocka_unit_test(touchup_on_the_old_dots),
  };
  return cmocka_run_group_tests(tests, setup, teardown);
}
