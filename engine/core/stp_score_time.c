/* stp_score_time.c - a work judged over time (docs/scoring.md, "Sessions and the healed whole").
 *
 * A timed scenario (session plans or a touch-up's history) is judged several times, each a
 * run of the one rubric (stp_sc_score_once) over an effective work, the skin as it is then:
 *   the healed whole   the old work (context, aged) and the trainee's impressions that survive
 *                      healing, against the final targets;
 *   session s          the old work and the survivors of sessions before s (context), and all
 *                      of session s's impressions (judged as they will heal, none removed),
 *                      against stp_scenario_for_session(s);
 *   the overall        FINAL_SHARE of the healed whole and the rest the judged sessions' mean.
 * Context rows count in the layout (density, coverage, the spacing pattern, look, hairline)
 * but are not judged dot by dot (grain, shade, depth, boundaries, merges). In a session's
 * judgement a zone short of its plan over context is judged on what the session added against
 * what was left to place (stp_rubric.density_left). Rows outside sessions 1..scn->sessions
 * are refused. */
#include "stp_score_internal.h"
#include "stp_heal.h"

#define FINAL_SHARE 0.5   /* the healed whole's share of the overall; the sessions' mean has the rest */

/* A caller's row as the trainee's own new impression, whatever it carried. */
static stp_impression own_row(const stp_impression *imp) {
  stp_impression c = *imp;
  c.context = false;
  c.aged_years = 0;
  return c;
}

static bool session_judged(const stp_scenario *scn, int s) {
  for (int z = 0; z < scn->zone_count; z++)
    if (scn->zones[z].plan[s - 1].set) return true;
  return false;
}

/* The effective work a judgement runs on, rebuilt in the same buffers for each one: the old
 * work's rows first, then the caller's; from[k] is row k's caller row (SIZE_MAX: the old work). */
typedef struct eff_work {
  stp_work w;
  size_t *from;
  unsigned char *merged;
} eff_work;

/* The old work, then each caller row by keep[i]: 0 left out, 1 judged, 2 context. */
static void eff_build(eff_work *e, const stp_work *hist, const stp_work *w, const unsigned char *keep) {
  size_t k = 0;
  for (size_t i = 0; i < hist->count; i++, k++) {
    e->w.items[k] = hist->items[i];
    e->from[k] = SIZE_MAX;
  }
  for (size_t i = 0; i < w->count; i++) {
    if (!keep[i]) continue;
    e->w.items[k] = own_row(&w->items[i]);
    e->w.items[k].context = keep[i] == 2;
    e->from[k++] = i;
  }
  e->w.count = k;
}

/* OR each judged row's merge flag into the caller's flags. */
static void eff_merged(const eff_work *e, unsigned char *flags) {
  if (!flags) return;
  for (size_t k = 0; k < e->w.count; k++)
    if (e->from[k] != SIZE_MAX && !e->w.items[k].context && e->merged[k]) flags[e->from[k]] = 1;
}

/* A dot's share of a merge distance: stp_score_merge_distance(a, b) is merge_reach(a) + merge_reach(b). */
static double merge_reach(const stp_scenario *scn, const stp_impression *imp) {
  stp_dot_look l = stp_pigment_look(imp, scn, false);
  return scn->rubric.merge_factor * 0.5 * (l.diameter_mm + l.softness_mm);
}

/* New impressions (every caller row, lost in healing or not: the needle went into the old
 * dot either way) closer to a surviving old one than their merge distance. A grid of cells
 * as wide as the longest merge distance over the old work: a row reads the 3 x 3 cells about it. */
static stp_status count_stacked(const stp_scenario *scn, const stp_work *hist, const stp_work *w, size_t *out,
                                stp_error *err) {
  *out = 0;
  if (hist->count == 0 || w->count == 0) return STP_OK;
  double *hr = malloc(hist->count * sizeof *hr), *wr = malloc(w->count * sizeof *wr);
  if (!hr || !wr) { free(hr); free(wr); return stp_sc_nomem(err, w->count); }
  double x0 = INFINITY, y0 = INFINITY, x1 = -INFINITY, y1 = -INFINITY, hmax = 0, wmax = 0;
  for (size_t i = 0; i < hist->count; i++) {
    const stp_impression *h = &hist->items[i];
    hr[i] = merge_reach(scn, h);
    hmax = fmax(hmax, hr[i]);
    x0 = fmin(x0, h->x_mm); x1 = fmax(x1, h->x_mm);
    y0 = fmin(y0, h->y_mm); y1 = fmax(y1, h->y_mm);
  }
  for (size_t i = 0; i < w->count; i++) {
    stp_impression o = own_row(&w->items[i]);
    wr[i] = merge_reach(scn, &o);
    wmax = fmax(wmax, wr[i]);
  }
  double cell = fmax(hmax + wmax, 0.05);
  int64_t nx = (int64_t)floor((x1 - x0) / cell) + 1, ny = (int64_t)floor((y1 - y0) / cell) + 1;
  size_t cells = (size_t)(nx * ny);
  uint32_t *start = calloc(cells + 2, sizeof *start);
  uint32_t *idx = malloc(hist->count * sizeof *idx);
  if (!start || !idx) { free(hr); free(wr); free(start); free(idx); return stp_sc_nomem(err, w->count); }
  /* A counting sort of the old dots by cell (as stp_score_analysis.c files its dots). */
  for (size_t i = 0; i < hist->count; i++) {
    int64_t cx = (int64_t)floor((hist->items[i].x_mm - x0) / cell), cy = (int64_t)floor((hist->items[i].y_mm - y0) / cell);
    start[(size_t)(cy * nx + cx) + 2]++;
  }
  for (size_t c = 2; c < cells + 2; c++) start[c] += start[c - 1];
  for (size_t i = 0; i < hist->count; i++) {
    int64_t cx = (int64_t)floor((hist->items[i].x_mm - x0) / cell), cy = (int64_t)floor((hist->items[i].y_mm - y0) / cell);
    idx[start[(size_t)(cy * nx + cx) + 1]++] = (uint32_t)i;
  }
  size_t n = 0;
  for (size_t i = 0; i < w->count; i++) {
    double x = w->items[i].x_mm, y = w->items[i].y_mm;
    int64_t cx = (int64_t)floor((x - x0) / cell), cy = (int64_t)floor((y - y0) / cell);
    bool hit = false;
    for (int64_t j = cy - 1; j <= cy + 1 && !hit; j++)
      for (int64_t k = cx - 1; k <= cx + 1 && !hit; k++) {
        if (j < 0 || k < 0 || j >= ny || k >= nx) continue;
        size_t c = (size_t)(j * nx + k);
        for (uint32_t q = start[c]; q < start[c + 1] && !hit; q++) {
          const stp_impression *h = &hist->items[idx[q]];
          hit = hypot(h->x_mm - x, h->y_mm - y) < wr[i] + hr[idx[q]];
        }
      }
    n += hit;
  }
  free(hr); free(wr); free(start); free(idx);
  *out = n;
  return STP_OK;
}

double stp_sc_timed_overall(const stp_score_result *r) {
  double sum = 0;
  int n = 0;
  for (int s = 0; s < r->session_count; s++)
    if (r->sessions[s].judged) sum += r->sessions[s].score, n++;
  if (n == 0) return r->final_score;
  return FINAL_SHARE * r->final_score + (1.0 - FINAL_SHARE) * (sum / n);
}

/* The zone of session s's plan that scored lowest on density (-1: none). */
static int worst_planned_zone(const stp_scenario *scn, int s, const stp_score_result *sr) {
  int worst = -1;
  for (int z = 0; z < scn->zone_count; z++) {
    if (!scn->zones[z].plan[s - 1].set || !sr->zones[z].scored) continue;
    if (worst < 0 || sr->zones[z].score < sr->zones[worst].score) worst = z;
  }
  return worst;
}

/* One sentence for a session: passed, not reached, or the criterion that failed it in the
 * client's terms (density: how much of the final density it laid against its plan). */
static void session_verdict(const stp_scenario *scn, const stp_score_result *fin, const stp_score_result *sr,
                            bool later_work, stp_session_result *out) {
  int s = out->session;
  if (out->placed == 0) {
    /* Skipped (a later session has work) or never reached: either way its plan is unmet. */
    if (later_work)
      snprintf(out->verdict, sizeof out->verdict, "Session %d placed no impressions: it was skipped.", s);
    else
      snprintf(out->verdict, sizeof out->verdict, "Session %d was not reached: no impressions.", s);
    return;
  }
  if (out->passed) {
    snprintf(out->verdict, sizeof out->verdict, "Session %d passed: %.1f against its plan.", s, sr->score);
    return;
  }
  /* Why: the first gate it failed when only a gate failed it, else its lowest criterion. */
  int why = -1;
  bool gate = false;
  for (int i = 0; i < STP_CRIT_COUNT && sr->score >= sr->pass_mark; i++)
    if ((sr->gates_failed >> i) & 1u) { why = i; gate = true; break; }
  if (why < 0)
    for (int i = 0; i < STP_CRIT_COUNT; i++)
      if (sr->criteria[i].enabled && (why < 0 || sr->criteria[i].score < sr->criteria[why].score)) why = i;
  int z = why == STP_CRIT_DENSITY ? worst_planned_zone(scn, s, sr) : -1;
  if (z >= 0 && fin->zones[z].target > 0) {
    int scored = 0;
    for (int k = 0; k < scn->zone_count; k++) scored += sr->zones[k].scored;
    snprintf(out->verdict, sizeof out->verdict, "Session %d laid %.0f %% of the final density%s%.60s; its plan was %.0f %%.",
             s, 100.0 * sr->zones[z].density / fin->zones[z].target, scored > 1 ? " in " : "",
             scored > 1 ? sr->zones[z].label : "", 100.0 * scn->zones[z].plan[s - 1].density);
  } else if (gate) {
    char shown[32];
    snprintf(out->verdict, sizeof out->verdict, "Session %d failed the %s gate: %s (gate %.0f). %.140s", s,
             stp_criterion_name((stp_criterion_id)why),
             stp_score_shown(sr->criteria[why].score, sr->criteria[why].gate, false, shown, sizeof shown),
             sr->criteria[why].gate, sr->criteria[why].advice);
  } else if (why >= 0) {
    char shown[32];
    snprintf(out->verdict, sizeof out->verdict, "Session %d scored %s against its plan; %s scored %.0f. %.140s", s,
             stp_score_shown(sr->score, sr->pass_mark, true, shown, sizeof shown), stp_criterion_name((stp_criterion_id)why),
             sr->criteria[why].score, sr->criteria[why].advice);
  } else {
    char shown[32];
    snprintf(out->verdict, sizeof out->verdict, "Session %d scored %s against its plan.", s,
             stp_score_shown(sr->score, sr->pass_mark, true, shown, sizeof shown));
  }
}

void stp_sc_judge_timed(stp_score_result *r) {
  char fv[sizeof r->verdict];
  bool final_ok = stp_sc_judge(r, r->final_score, r->impressions - r->lost, fv, sizeof fv);
  const stp_session_result *bad = NULL;
  for (int s = 0; s < r->session_count && !bad; s++)
    if (r->sessions[s].judged && !r->sessions[s].passed) bad = &r->sessions[s];
  bool overall_ok = r->score >= r->pass_mark;
  r->passed = r->impressions > 0 && final_ok && !bad && overall_ok;
  if (r->impressions == 0) {
    snprintf(r->verdict, sizeof r->verdict, "Failed: no impressions.");
  } else if (bad) {
    snprintf(r->verdict, sizeof r->verdict, "Failed. %s", bad->verdict);
  } else if (!final_ok) {
    /* The healed whole's own verdict, its "Failed: " folded into this sentence. */
    const char *why = strncmp(fv, "Failed: ", 8) == 0 ? fv + 8 : fv;
    snprintf(r->verdict, sizeof r->verdict, "Failed. The healed whole (%.1f): %c%.440s", r->final_score,
             why[0] == 'F' ? 'f' : why[0], why[0] ? why + 1 : "");
  } else if (!overall_ok) {
    snprintf(r->verdict, sizeof r->verdict, "Failed: %.1f is below the pass mark of %.0f.", r->score, r->pass_mark);
  } else {
    double mean = 0;
    int n = 0;
    for (int s = 0; s < r->session_count; s++)
      if (r->sessions[s].judged) mean += r->sessions[s].score, n++;
    if (n)
      snprintf(r->verdict, sizeof r->verdict,
               "Passed: %.1f (the healed whole %.1f, the sessions %.1f) reaches the pass mark of %.0f.", r->score,
               r->final_score, mean / n, r->pass_mark);
    else
      snprintf(r->verdict, sizeof r->verdict, "Passed: %.1f, the healed whole, reaches the pass mark of %.0f.",
               r->score, r->pass_mark);
  }
}

stp_status stp_sc_score_timed(const stp_scenario *scn, const stp_work *w, stp_score_result *r,
                              unsigned char *merged_flags, stp_error *err) {
  memset(r, 0, sizeof *r);
  /* A row outside the case's sessions is no part of its course: refused, not scored. A row
   * of session 0 was context in every session's judgement and judged in none; a row of a
   * session past the last (5, 99) was judged in the healed whole only, where no session's
   * plan could see it (docs/scoring.md, "Sessions and the healed whole"). The work parser
   * refuses session 0 already; the game never passes the case's last session. */
  for (size_t i = 0; i < w->count; i++)
    if (w->items[i].session < 1 || w->items[i].session > scn->sessions)
      return stp_error_set(err, STP_ERR_RANGE, NULL, 0,
                           "impression %zu is in session %ld; this case has sessions 1 to %d", i + 1,
                           (long)w->items[i].session, scn->sessions);
  stp_work hist;
  stp_status st = stp_heal_history(scn, &hist, err);
  if (st != STP_OK) return st;
  size_t n = w->count, cap = hist.count + n + 1;
  eff_work e;
  stp_work_init(&e.w);
  e.w.design = w->design;   /* the design criterion judges the trainee's design in every judgement */
  e.w.items = malloc(cap * sizeof *e.w.items);
  e.from = malloc(cap * sizeof *e.from);
  e.merged = malloc(cap);
  unsigned char *lost = malloc(n + 1), *keep = malloc(n + 1);
  stp_scenario *ss = malloc(sizeof *ss);
  stp_score_result *sr = malloc(sizeof *sr);
  if (!e.w.items || !e.from || !e.merged || !lost || !keep || !ss || !sr) {
    st = stp_sc_nomem(err, n);
    goto done;
  }
  e.w.capacity = cap;
  if (merged_flags) memset(merged_flags, 0, n);

  /* Which of the trainee's impressions heal away, and the last session with work. */
  size_t nlost = 0;
  int last = scn->sessions;
  for (size_t i = 0; i < n; i++) {
    stp_impression o = own_row(&w->items[i]);
    lost[i] = !stp_heal_survives(scn, &o);
    nlost += lost[i];
    if (o.session > last) last = o.session;
  }
  if (last > STP_SCN_MAX_SESSIONS) last = STP_SCN_MAX_SESSIONS;
  if (last < 1) last = 1;

  /* The healed whole: the old work and the survivors, against the final targets. */
  for (size_t i = 0; i < n; i++) keep[i] = !lost[i];
  eff_build(&e, &hist, w, keep);
  st = stp_sc_score_once(scn, &e.w, r, e.merged, err);
  if (st != STP_OK) goto done;
  eff_merged(&e, merged_flags);

  /* Each session with a plan, against it. */
  stp_session_result sessions[STP_SCN_MAX_SESSIONS];
  memset(sessions, 0, sizeof sessions);
  for (int s = 1; s <= last; s++) {
    stp_session_result *sv = &sessions[s - 1];
    sv->session = s;
    for (size_t i = 0; i < n; i++) {
      int32_t is = w->items[i].session;
      keep[i] = is == s ? 1 : is < s && !lost[i] ? 2 : 0;
      sv->placed += is == s;
      sv->lost += is == s && lost[i];
    }
    sv->judged = session_judged(scn, s);
    if (!sv->judged) {
      snprintf(sv->verdict, sizeof sv->verdict, "Session %d has no plan: its work is judged in the healed whole.", s);
      continue;
    }
    stp_scenario_for_session(scn, s, ss);
    ss->rubric.density_left = true;
    eff_build(&e, &hist, w, keep);
    st = stp_sc_score_once(ss, &e.w, sr, e.merged, err);
    if (st != STP_OK) goto done;
    eff_merged(&e, merged_flags);
    sv->score = sr->score;
    sv->passed = sr->passed;
    for (int i = 0; i < STP_CRIT_COUNT; i++) {
      sv->enabled[i] = sr->criteria[i].enabled;
      sv->criteria[i] = sr->criteria[i].enabled ? sr->criteria[i].score : 0;
    }
    bool later_work = false;
    for (size_t i = 0; i < n && !later_work; i++) later_work = w->items[i].session > s;
    session_verdict(ss, r, sr, later_work, sv);
  }

  size_t stacked = 0;
  st = count_stacked(scn, &hist, w, &stacked, err);
  if (st != STP_OK) goto done;

  r->timed = true;
  r->impressions = n;
  r->final_score = r->score;
  r->lost = nlost;
  r->history = hist.count;
  r->stacked = stacked;
  r->session_count = last;
  memcpy(r->sessions, sessions, sizeof sessions);
  r->score = stp_sc_clamp100(stp_sc_timed_overall(r));
  stp_sc_judge_timed(r);

done:
  free(e.w.items); free(e.from); free(e.merged); free(lost); free(keep); free(ss); free(sr);
  stp_work_free(&hist);
  if (st != STP_OK) memset(r, 0, sizeof *r);
  return st;
}
