/* stp_score.c - scoring a work against a scenario's rubric: one analysis of the work,
 * then each criterion in its own file (see stp_score_internal.h), weighed into one score. */
#include "stp_score_internal.h"

/* ---- the whole rubric ------------------------------------------------------------ */

static stp_status count_zones(const stp_scenario *scn, const stp_sc_analysis *a, stp_score_result *r,
                              size_t *context_in_zones, stp_error *err) {
  stp_sc_margin *margin = NULL;   /* the zones' outlines, once a dot lies outside them all */
  size_t ctx_in = 0, ctx_z[STP_SCN_MAX_ZONES] = {0};
  for (int i = 0; i < scn->zone_count; i++) {
    const stp_zone *z = &scn->zones[i];
    r->zones[i].area_cm2 = stp_shape_area_mm2(&z->shape) / 100.0;
    r->zones[i].target = a->ctx->mean_density[i];
    r->zones[i].tolerance = z->density_tolerance;
  }
  for (size_t i = 0; i < a->n; i++) {
    int z = a->zone[i], dc = stp_sc_depth_class(scn, &a->w->items[i]);
    if (z >= 0) r->zones[z].count++;
    /* A context row is on the skin (the zone's count: density, coverage) but not the
     * trainee's to answer for dot by dot: no boundary, merge or depth tally. */
    if (a->w->items[i].context) {
      ctx_in += stp_sc_zone_scored(scn, z);
      if (z >= 0) ctx_z[z]++;
      continue;
    }
    /* Ink over the instructor's done work is off the plan as ink outside every zone is
     * (free within the margin of a worked zone's edge). */
    int zb = z >= 0 && scn->zones[z].role == STP_ZONE_DONE ? -1 : z;
    if (zb < 0 && !margin && !(margin = calloc(1, sizeof *margin))) return stp_sc_nomem(err, a->n);
    if (zb < 0 || scn->zones[z].role == STP_ZONE_FORBIDDEN)
      stp_sc_boundary_count(scn, margin, z, a->w->items[i].x_mm, a->w->items[i].y_mm, r);
    else r->in_zones++;
    if (a->merged[i]) r->merged++;
    if (dc == STP_SC_DEPTH_SHALLOW) r->too_shallow++;
    if (dc == STP_SC_DEPTH_DEEP) r->too_deep++;
    if (z >= 0) {
      r->zones[z].judged++;
      r->zones[z].too_shallow += dc == STP_SC_DEPTH_SHALLOW;
      r->zones[z].too_deep += dc == STP_SC_DEPTH_DEEP;
    }
  }
  for (int i = 0; i < scn->zone_count; i++) {
    stp_zone_result *z = &r->zones[i];
    z->density = z->area_cm2 > 0 ? (double)z->count / z->area_cm2 : 0;
    z->score = stp_sc_density_zone_score(z->density, z->target, z->tolerance);
    if (scn->rubric.density_left && ctx_z[i] > 0 && z->density < z->target && z->area_cm2 > 0) {
      /* A session short of its plan over context: what it added (the density less the
       * context's) against what was left to place, the tolerance scaled to that share, so a
       * session that adds half of what was left scores as half of an untimed plan does
       * (docs/scoring.md, "Sessions and the healed whole"). Never above the plain score. */
      double ctx = (double)ctx_z[i] / z->area_cm2, left = z->target - ctx;
      if (left > 0)
        z->score = fmin(z->score, stp_sc_density_increment_score(z->density - ctx, left, z->tolerance * left / z->target));
    }
    z->scored = stp_sc_zone_scored(scn, i);
    snprintf(z->label, sizeof z->label, "%s", stp_sc_zone_label(&scn->zones[i]));
    if (z->scored) r->planned += z->target * z->area_cm2;
  }
  /* The evidence is the judged dots against what was left to place: the plan less what
   * already lies in the scored zones (docs/scoring.md, "Sessions and the healed whole"). */
  double left = ctx_in ? fmax(0.0, r->planned - (double)ctx_in) : r->planned;
  double need = scn->rubric.evidence_share * left;
  r->evidence = need > 0 ? fmin(1.0, (double)r->in_zones / need) : (r->in_zones > 0 ? 1 : 0);
  *context_in_zones = ctx_in;
  stp_sc_margin_free(margin);
  return STP_OK;
}

/* Criteria judged dot by dot, and the look of the whole: a few dots say little about them
 * (see stp_rubric.evidence_share). */
static bool judged_per_dot(stp_criterion_id id) {
  return id == STP_CRIT_SPACING || id == STP_CRIT_GRAIN || id == STP_CRIT_SHADE || id == STP_CRIT_DEPTH ||
         id == STP_CRIT_BOUNDARY || id == STP_CRIT_LOOK;
}

static void apply_evidence(const stp_score_result *r, size_t context_in_zones, stp_criterion_result *c) {
  if (!judged_per_dot(c->id) || r->evidence >= 1) return;
  /* Nothing wrong in what is there, only too little of it: the advice says so, not "every
   * impression is inside the planned area" beside a failed gate (a new trainee looked for a
   * boundary mistake there was none of). */
  if (c->score >= 99.5)
    snprintf(c->advice, sizeof c->advice,
             "Nothing wrong in the impressions placed, but too few to judge this in full: place the rest of "
             "the plan (the zones' density) to reach full marks.");
  c->score *= r->evidence;
  size_t len = strlen(c->figures);
  if (len < sizeof c->figures && context_in_zones == 0)
    snprintf(c->figures + len, sizeof c->figures - len,
             "; judged on %zu of %.0f planned impressions, so at most %.0f%% of full marks",
             r->in_zones, r->planned, 100 * r->evidence);
  else if (len < sizeof c->figures)
    snprintf(c->figures + len, sizeof c->figures - len,
             "; judged on %zu new of the %.0f impressions left to place (%.0f planned, %zu already there), "
             "so at most %.0f%% of full marks",
             r->in_zones, fmax(0.0, r->planned - (double)context_in_zones), r->planned, context_in_zones,
             100 * r->evidence);
}

const char *stp_score_shown(double score, double threshold, bool tenths, char *buf, size_t size) {
  double shown = tenths ? round(score * 10) / 10 : round(score);
  if (score < threshold && shown >= threshold) snprintf(buf, size, "%.1f", floor(score * 10) / 10);
  else snprintf(buf, size, tenths ? "%.1f" : "%.0f", score);
  return buf;
}

/* Gates and the verdict of one judgement whose criteria and zones are r's: r->gates_failed,
 * and a sentence into out. True when score passes (and something was judged). */
bool stp_sc_judge(stp_score_result *r, double score, size_t impressions, char *out, size_t size) {
  char failed[400] = "";
  size_t len = 0;
  r->gates_failed = 0;
  for (int i = 0; i < STP_CRIT_COUNT; i++) {
    const stp_criterion_result *c = &r->criteria[i];
    if (!c->enabled || !(c->gate > 0)) continue;
    /* Density's gate holds in every zone: a zone left bare (the scar itself, the crown) fails
     * it even when the other zones' area outweighs it in the mean. */
    int zone = -1;
    for (int z = 0; i == STP_CRIT_DENSITY && z < r->zone_count; z++)
      if (r->zones[z].scored && r->zones[z].score < c->gate && (zone < 0 || r->zones[z].score < r->zones[zone].score))
        zone = z;
    if (c->score >= c->gate && zone < 0) continue;
    r->gates_failed |= 1u << i;
    if (len >= sizeof failed) continue;
    char shown[32];
    if (c->score < c->gate)
      len += (size_t)snprintf(failed + len, sizeof failed - len, "%s%s %s (gate %.0f)", len ? ", " : "",
                              stp_criterion_name(c->id), stp_score_shown(c->score, c->gate, false, shown, sizeof shown), c->gate);
    else
      len += (size_t)snprintf(failed + len, sizeof failed - len, "%s%s in %.40s %s (the gate, %.0f, holds in every zone)",
                              len ? ", " : "", stp_criterion_name(c->id), r->zones[zone].label,
                              stp_score_shown(r->zones[zone].score, c->gate, false, shown, sizeof shown), c->gate);
  }
  bool gates_ok = r->gates_failed == 0;
  bool passed = score >= r->pass_mark && impressions > 0 && gates_ok;
  if (impressions == 0)
    snprintf(out, size, "Failed: no impressions.");
  else if (!gates_ok)
    snprintf(out, size, "Failed a gate: %s. A gate fails the work whatever the overall score.", failed);
  else if (!passed) {
    char shown[32];
    snprintf(out, size, "Failed: %s is below the pass mark of %.0f.", stp_score_shown(score, r->pass_mark, true, shown, sizeof shown),
             r->pass_mark);
  }
  else
    snprintf(out, size, "Passed: %.1f reaches the pass mark of %.0f.", score, r->pass_mark);
  return passed;
}

static void judge(stp_score_result *r) {
  if (r->timed) stp_sc_judge_timed(r);
  else r->passed = stp_sc_judge(r, r->score, r->impressions, r->verdict, sizeof r->verdict);
}

stp_status stp_score_work(const stp_scenario *scn, const stp_work *w, stp_score_result *r,
                          unsigned char *merged_flags, stp_error *err) {
  /* A design case judges the work against the zones cut from the trainee's own design. */
  stp_scenario *owned = NULL;
  const stp_scenario *s = stp_design_scenario(scn, w, &owned);
  if (!s) return stp_sc_nomem(err, w->count);
  stp_status st = stp_scenario_timed(s) ? stp_sc_score_timed(s, w, r, merged_flags, err)
                                        : stp_sc_score_once(s, w, r, merged_flags, err);
  free(owned);
  return st;
}

stp_status stp_sc_score_once(const stp_scenario *scn, const stp_work *w, stp_score_result *r,
                             unsigned char *merged_flags, stp_error *err) {
  memset(r, 0, sizeof *r);
  r->pass_mark = scn->rubric.pass_mark;
  /* The impressions judged dot by dot: every row but the context (none in an untimed work). */
  for (size_t i = 0; i < w->count; i++) r->impressions += !w->items[i].context;
  r->zone_count = scn->zone_count;
  stp_sc_analysis a;
  const stp_rubric *rb = &scn->rubric;
  bool need_nn = rb->items[STP_CRIT_SPACING].enabled && rb->pattern_weight > 0;
  stp_status st = stp_sc_analyse(scn, w, &a, merged_flags, need_nn, rb->items[STP_CRIT_GRAIN].enabled,
                          rb->items[STP_CRIT_SHADE].enabled, err);
  if (st != STP_OK) return st;
  size_t context_in_zones = 0;
  st = count_zones(scn, &a, r, &context_in_zones, err);
  if (st != STP_OK) { stp_sc_analysis_free(&a); return st; }
  stp_sc_cover cover;
  st = stp_sc_coverage(scn, &a, r, &cover, err);
  if (st != STP_OK) { stp_sc_analysis_free(&a); return st; }
  stp_sc_cover_free(&cover);
  stp_sc_pattern_stats(scn, &a, r);
  bool has_hairline = false;
  st = stp_sc_hairline_stats(scn, &a, r, &has_hairline, err);
  if (st != STP_OK) { stp_sc_analysis_free(&a); return st; }

  double wsum = 0;
  for (int i = 0; i < STP_CRIT_COUNT; i++) {
    stp_criterion_result *c = &r->criteria[i];
    c->id = (stp_criterion_id)i;
    /* The hairline criterion only applies where the scenario designs one. */
    c->enabled = scn->rubric.items[i].enabled && (i != STP_CRIT_HAIRLINE || has_hairline) &&
                 (i != STP_CRIT_DESIGN || scn->design.enabled);   /* a design only in a design case */
    if (c->enabled) wsum += scn->rubric.items[i].weight;
  }
  double total = 0;
  for (int i = 0; i < STP_CRIT_COUNT; i++) {
    stp_criterion_result *c = &r->criteria[i];
    if (!c->enabled) continue;
    c->weight = wsum > 0 ? scn->rubric.items[i].weight / wsum : 0;
    c->gate = scn->rubric.items[i].gate;
    switch (c->id) {
    case STP_CRIT_DENSITY: stp_sc_density(scn, r, c); break;
    case STP_CRIT_SPACING: stp_sc_spacing(scn, r, c); break;
    case STP_CRIT_GRAIN: stp_sc_grain(scn, &a, r, c); break;
    case STP_CRIT_SHADE: stp_sc_shade(scn, &a, r, w, c); break;
    case STP_CRIT_DEPTH: stp_sc_depth(scn, r, c); break;
    case STP_CRIT_HAIRLINE: stp_sc_hairline(scn, r, c); break;
    case STP_CRIT_BOUNDARY: stp_sc_boundary(scn, r, c); break;
    case STP_CRIT_LOOK: st = stp_sc_look_score(scn, &a, r, c, err); break;
    case STP_CRIT_DESIGN: stp_sc_design(scn, w, r, c); break;
    default: break;
    }
    if (st != STP_OK) { stp_sc_analysis_free(&a); return st; }
    apply_evidence(r, context_in_zones, c);
    c->score = stp_sc_clamp100(c->score);
    total += c->weight * c->score;
  }
  stp_sc_analysis_free(&a);
  r->rubric_weight_sum = wsum;
  r->score = stp_sc_clamp100(total);
  judge(r);
  return STP_OK;
}

stp_status stp_score_add_custom(stp_score_result *r, const char *key, double weight, double score,
                                const char *figures, const char *advice, stp_error *err) {
  if (r->custom_count >= STP_SCORE_MAX_CUSTOM)
    return stp_error_set(err, STP_ERR_RANGE, NULL, 0, "at most %d custom criteria", STP_SCORE_MAX_CUSTOM);
  if (!(weight >= 0 && weight <= 1000) || !(score >= 0 && score <= 100))
    return stp_error_set(err, STP_ERR_RANGE, NULL, 0, "custom criterion '%s': weight %g or score %g out of range",
                         key, weight, score);
  struct stp_custom_criterion *c = &r->custom[r->custom_count++];
  snprintf(c->key, sizeof c->key, "%s", key);
  c->raw_weight = weight;
  c->score = score;
  snprintf(c->figures, sizeof c->figures, "%s", figures ? figures : "");
  snprintf(c->advice, sizeof c->advice, "%s", advice ? advice : "");
  /* Re-weigh: built-in raw weights and custom raw weights share one denominator. */
  double sum = r->rubric_weight_sum;
  for (int i = 0; i < r->custom_count; i++) sum += r->custom[i].raw_weight;
  if (!(sum > 0)) return STP_OK;
  /* Built-in weights were normalised by the previous sum; scale them to the new one. */
  double total = 0, prev = sum - weight;
  for (int i = 0; i < STP_CRIT_COUNT; i++) {
    stp_criterion_result *b = &r->criteria[i];
    if (!b->enabled) continue;
    b->weight = prev > 0 ? b->weight * prev / sum : 0;
    total += b->weight * b->score;
  }
  /* Timed: the built-in part is the overall of the healed whole and the sessions
   * (stp_sc_timed_overall), weighed as the built-in criteria's share. */
  if (r->timed) total = stp_sc_timed_overall(r) * (r->rubric_weight_sum / sum);
  for (int i = 0; i < r->custom_count; i++) {
    r->custom[i].weight = r->custom[i].raw_weight / sum;
    total += r->custom[i].weight * r->custom[i].score;
  }
  r->score = stp_sc_clamp100(total);
  judge(r);
  return STP_OK;
}

