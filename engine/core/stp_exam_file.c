/* stp_exam_file.c - judging an exam's attempts (see stp_exam_file.h for the rule). */
#include "stp_exam_file.h"

#include <stdio.h>
#include <string.h>

int stp_exam_match(const char *bundle_candidate, const char *bundle_mode, const unsigned char bundle_scenario_sha256[32],
                   const char *candidate, const unsigned char (*case_sha256)[32], int ncases, char *why, size_t n) {
  if (strcmp(bundle_candidate, candidate) != 0) {
    snprintf(why, n, "the bundle is candidate '%.100s''s, not '%.100s''s", bundle_candidate, candidate);
    return -1;
  }
  if (strcmp(bundle_mode, "exam") != 0) {
    snprintf(why, n, "the bundle was taken in %.15s mode, not as an exam", bundle_mode);
    return -1;
  }
  for (int i = 0; i < ncases; i++)
    if (memcmp(case_sha256[i], bundle_scenario_sha256, 32) == 0) {
      snprintf(why, n, "counts for case %d", i + 1);
      return i;
    }
  snprintf(why, n, "its scenario is none of the exam's case files (another version of a case does not count)");
  return -1;
}

double stp_exam_benchmark(double margin, const double *expert_scores, int n) {
  if (n <= 0) return 0;
  double sum = 0;
  for (int i = 0; i < n; i++) sum += expert_scores[i];
  return margin * (sum / n);
}

static void judge_case(const stp_exam_case *c, int ci, const stp_exam_attempt *a, int n, double benchmark,
                       stp_exam_case_verdict *v) {
  memset(v, 0, sizeof *v);
  v->benchmark = c->has_benchmark ? benchmark : 0;
  /* The case's attempts by attempt number (insertion sort; ties keep the given order). */
  for (int i = 0; i < n; i++) {
    if (a[i].case_index != ci) continue;
    if (v->submitted < STP_EXAM_MAX_LISTED) {
      int k = v->submitted;
      while (k > 0 && a[v->order[k - 1]].number > a[i].number) {
        v->order[k] = v->order[k - 1];
        k--;
      }
      v->order[k] = i;
    }
    v->submitted++;
  }
  v->judged_from = v->submitted;
  if (v->submitted == 0) {
    snprintf(v->why, sizeof v->why, "no attempt submitted");
    return;
  }
  if (v->submitted > c->attempts) {
    snprintf(v->why, sizeof v->why, "%d attempts submitted, %d allowed: none counts", v->submitted, c->attempts);
    return;
  }
  /* The station numbers attempts 1, 2, 3...: exactly 1..n, none twice, none missing. */
  for (int k = 0; k < v->submitted; k++) {
    int got = a[v->order[k]].number;
    if (k > 0 && got == a[v->order[k - 1]].number) {
      snprintf(v->why, sizeof v->why, "two attempts are numbered %d (each attempt has its own number): none counts",
               got);
      return;
    }
    if (got != k + 1) {
      if (k + 1 > c->attempts || got > c->attempts)
        snprintf(v->why, sizeof v->why, "attempt %d is submitted, %d allowed: none counts", got, c->attempts);
      else
        snprintf(v->why, sizeof v->why, "attempt %d is missing (attempts are numbered 1, 2, 3... and all must be "
                 "submitted; a missing one may have failed): none counts", k + 1);
      return;
    }
  }
  if (v->submitted < c->consecutive) {
    snprintf(v->why, sizeof v->why, "%d attempt%s submitted; the last %d consecutive are judged", v->submitted,
             v->submitted == 1 ? "" : "s", c->consecutive);
    return;
  }
  v->judged_from = v->submitted - c->consecutive;
  double sum = 0;
  int failed = 0, first_failed = -1;
  for (int k = v->judged_from; k < v->submitted; k++) {
    const stp_exam_attempt *t = &a[v->order[k]];
    sum += t->score;
    if (!t->passed) {
      if (first_failed < 0) first_failed = k + 1;
      failed++;
    }
  }
  v->mean = sum / c->consecutive;
  if (failed) {
    snprintf(v->why, sizeof v->why, "attempt %d of %d did not pass the case (score %.1f)%s", first_failed,
             v->submitted, a[v->order[first_failed - 1]].score, failed > 1 ? ", nor did others judged" : "");
    return;
  }
  if (c->has_benchmark && v->mean < v->benchmark) {
    snprintf(v->why, sizeof v->why, "mean %.1f over the last %d attempt%s is below the benchmark %.1f", v->mean,
             c->consecutive, c->consecutive == 1 ? "" : "s", v->benchmark);
    return;
  }
  v->passed = true;
  if (c->has_benchmark)
    snprintf(v->why, sizeof v->why, "the last %d attempt%s passed; mean %.1f reaches the benchmark %.1f",
             c->consecutive, c->consecutive == 1 ? "" : "s", v->mean, v->benchmark);
  else
    snprintf(v->why, sizeof v->why, "the last %d attempt%s passed (mean %.1f)", c->consecutive,
             c->consecutive == 1 ? "" : "s", v->mean);
}

void stp_exam_judge(const stp_exam_file *e, const stp_exam_attempt *attempts, int n, const double *benchmarks,
                    stp_exam_verdict *out) {
  memset(out, 0, sizeof *out);
  int first_failed = -1;
  for (int i = 0; i < e->case_count && i < STP_EXAM_MAX_CASES; i++) {
    judge_case(&e->cases[i], i, attempts, n, benchmarks ? benchmarks[i] : 0, &out->cases[i]);
    if (out->cases[i].passed) out->cases_passed++;
    else if (first_failed < 0) first_failed = i;
  }
  out->certified = e->case_count > 0 && out->cases_passed == e->case_count;
  if (out->certified)
    snprintf(out->why, sizeof out->why, "every case passed (%d of %d)", out->cases_passed, e->case_count);
  else if (e->case_count == 0)
    snprintf(out->why, sizeof out->why, "the exam has no case");
  else
    snprintf(out->why, sizeof out->why, "%d of %d cases passed; case %d (%.120s): %.300s", out->cases_passed,
             e->case_count, first_failed + 1, e->cases[first_failed].scenario, out->cases[first_failed].why);
}
