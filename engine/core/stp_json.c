/* stp_json.c - JSON output of a score, built with cJSON (Debian's libcjson: a small,
 * well-kept, MIT-licensed C library; escaping and number formatting are its job). */
#include <cjson/cJSON.h>
#include <math.h>

#include "stp_score.h"

/* Two decimals, so the JSON is stable and readable. */
static double round2(double v) { return round(v * 100.0) / 100.0; }

/* ---- the numbers behind each criterion ("figures") ---------------------------------------
 * One function per criterion fills its "figures" object; adding a number is one line.
 * Measures are rounded to 4 decimals (stable, and a fraction like 0.0013 survives); counts
 * are whole numbers; a value not measured (not finite) is null. */

static void add_num(cJSON *o, const char *name, double v) {
  if (isfinite(v)) cJSON_AddNumberToObject(o, name, round(v * 1e4) / 1e4);
  else cJSON_AddNullToObject(o, name);
}
static void add_count(cJSON *o, const char *name, size_t n) { cJSON_AddNumberToObject(o, name, (double)n); }
static double share(size_t part, size_t whole) { return whole ? (double)part / (double)whole : 0; }

typedef void (*figures_fn)(cJSON *f, const stp_score_result *r);

static void figures_density(cJSON *f, const stp_score_result *r) {
  add_count(f, "in_zones", r->in_zones);   /* each zone's density, target and score: "zones" */
  add_num(f, "within_share", r->coverage_within);   /* shares of the zones' area at 1 cm2 */
  add_num(f, "sparse_share", r->coverage_sparse);
  add_num(f, "bare_share", r->coverage_bare);
  add_num(f, "dense_share", r->coverage_dense);
  add_num(f, "crowded_share", r->coverage_crowded);
}
static void figures_spacing(cJSON *f, const stp_score_result *r) {
  add_count(f, "merged", r->merged);
  add_num(f, "merged_fraction", share(r->merged, r->impressions));
  add_count(f, "pattern_impressions", r->pattern_dots);
  add_num(f, "clark_evans_r", r->pattern_dots ? r->clark_evans : NAN);   /* null: pattern not judged */
  add_num(f, "grid_order", r->pattern_dots ? r->grid_order : NAN);
  add_num(f, "grid_order_zone", r->pattern_dots ? r->grid_order_zone : NAN);
  add_num(f, "grid_order_local", r->pattern_dots ? r->grid_order_local : NAN);
}
static void figures_grain(cJSON *f, const stp_score_result *r) {
  add_num(f, "rms_error_deg", r->grain_error_deg);
}
static void figures_shade(cJSON *f, const stp_score_result *r) {
  add_num(f, "mean_delta_e", r->shade_delta_e);
  add_num(f, "session_delta_e", r->shade_session_delta_e);
}
static void figures_depth(cJSON *f, const stp_score_result *r) {
  add_count(f, "too_shallow", r->too_shallow);
  add_count(f, "too_deep", r->too_deep);
  add_num(f, "fraction", share(r->too_shallow + r->too_deep, r->impressions));
  add_num(f, "weighted_fraction", r->depth_error);
}
static void figures_hairline(cJSON *f, const stp_score_result *r) {
  add_num(f, "position_mm", r->hairline_position_mm);
  add_num(f, "width_mm", r->hairline_width_mm);
  add_num(f, "asymmetry_mm", r->hairline_asymmetry_mm);
  add_num(f, "rise_mm", r->hairline_rise_mm);
  add_num(f, "rise_design_mm", r->hairline_rise_design_mm);
}
static void figures_boundary(cJSON *f, const stp_score_result *r) {
  add_count(f, "outside", r->outside);
  add_count(f, "forbidden", r->forbidden);
  add_num(f, "fraction", share(r->outside + r->forbidden, r->impressions));
  add_count(f, "within_margin", r->outside_margin);
  add_num(f, "weighted_fraction", r->boundary_error);
}
static void figures_look(cJSON *f, const stp_score_result *r) {
  add_num(f, "delta_e", r->look_delta_e);
  add_num(f, "plan_contrast_delta_e", r->look_contrast_delta_e);
  add_num(f, "error_share", r->look_error);
  add_num(f, "camouflage_delta_e", r->look_scars ? r->look_camouflage_delta_e : NAN);   /* null: no scars */
  add_num(f, "camouflage_plan_delta_e", r->look_scars ? r->look_camouflage_plan_delta_e : NAN);
  add_num(f, "camouflage_before_delta_e", r->look_scars ? r->look_camouflage_before_delta_e : NAN);
  add_num(f, "camouflage_share", r->look_scars ? r->look_camouflage : NAN);
}

static const figures_fn FIGURES[STP_CRIT_COUNT] = {
  [STP_CRIT_DENSITY] = figures_density, [STP_CRIT_SPACING] = figures_spacing, [STP_CRIT_GRAIN] = figures_grain,
  [STP_CRIT_SHADE] = figures_shade,     [STP_CRIT_DEPTH] = figures_depth,     [STP_CRIT_HAIRLINE] = figures_hairline,
  [STP_CRIT_BOUNDARY] = figures_boundary, [STP_CRIT_LOOK] = figures_look,
};

char *stp_score_to_json(const stp_scenario *scn, const stp_score_result *r) {
  cJSON *root = cJSON_CreateObject();
  if (!root) return NULL;
  cJSON_AddStringToObject(root, "scenario", scn->id);
  cJSON_AddNumberToObject(root, "score", round2(r->score));
  cJSON_AddBoolToObject(root, "passed", r->passed);
  cJSON_AddNumberToObject(root, "pass_mark", r->pass_mark);
  cJSON_AddStringToObject(root, "verdict", r->verdict);
  cJSON_AddNumberToObject(root, "planned", round2(r->planned));
  add_num(root, "evidence", r->evidence);
  cJSON_AddNumberToObject(root, "impressions", (double)r->impressions);
  cJSON_AddNumberToObject(root, "in_zones", (double)r->in_zones);
  cJSON_AddNumberToObject(root, "merged", (double)r->merged);
  if (r->timed) {   /* judged over time (docs/scoring.md, "Sessions and the healed whole"); untimed: no key */
    cJSON_AddNumberToObject(root, "final_score", round2(r->final_score));
    add_count(root, "lost", r->lost);
    add_count(root, "history", r->history);
    add_count(root, "stacked", r->stacked);
  }
  cJSON *crit = cJSON_AddArrayToObject(root, "criteria");
  for (int i = 0; crit && i < STP_CRIT_COUNT; i++) {
    const stp_criterion_result *c = &r->criteria[i];
    if (!c->enabled) continue;
    cJSON *o = cJSON_CreateObject();
    if (!o) break;
    cJSON_AddStringToObject(o, "id", stp_criterion_key(c->id));
    cJSON_AddStringToObject(o, "name", stp_criterion_name(c->id));
    cJSON_AddNumberToObject(o, "score", round2(c->score));
    cJSON_AddNumberToObject(o, "weight", round(c->weight * 10000.0) / 10000.0);
    if (c->gate > 0) {   /* a gate: its minimum and whether the work got past it */
      cJSON_AddNumberToObject(o, "gate", c->gate);
      cJSON_AddBoolToObject(o, "gate_passed", !((r->gates_failed >> i) & 1u));
    }
    cJSON *f = cJSON_AddObjectToObject(o, "figures");
    if (f && FIGURES[c->id]) FIGURES[c->id](f, r);
    cJSON_AddStringToObject(o, "summary", c->figures);
    cJSON_AddStringToObject(o, "advice", c->advice);
    cJSON_AddItemToArray(crit, o);
  }
  for (int i = 0; crit && i < r->custom_count; i++) {
    const struct stp_custom_criterion *c = &r->custom[i];
    cJSON *o = cJSON_CreateObject();
    if (!o) break;
    cJSON_AddStringToObject(o, "id", c->key);
    cJSON_AddStringToObject(o, "name", c->key);
    cJSON_AddBoolToObject(o, "custom", 1);
    cJSON_AddNumberToObject(o, "score", round2(c->score));
    cJSON_AddNumberToObject(o, "weight", round(c->weight * 10000.0) / 10000.0);
    cJSON_AddObjectToObject(o, "figures");   /* a custom criterion's figures are its text */
    cJSON_AddStringToObject(o, "summary", c->figures);
    cJSON_AddStringToObject(o, "advice", c->advice);
    cJSON_AddItemToArray(crit, o);
  }
  cJSON *zones = cJSON_AddArrayToObject(root, "zones");
  for (int i = 0; zones && i < r->zone_count; i++) {
    const stp_zone_result *z = &r->zones[i];
    cJSON *o = cJSON_CreateObject();
    if (!o) break;
    cJSON_AddStringToObject(o, "id", scn->zones[i].id);
    cJSON_AddNumberToObject(o, "impressions", (double)z->count);
    cJSON_AddNumberToObject(o, "area_cm2", round2(z->area_cm2));
    cJSON_AddNumberToObject(o, "density_per_cm2", round2(z->density));
    cJSON_AddNumberToObject(o, "target_per_cm2", z->target);
    cJSON_AddNumberToObject(o, "tolerance_per_cm2", z->tolerance);
    cJSON_AddNumberToObject(o, "score", round2(z->score));
    cJSON_AddNumberToObject(o, "mean_score", round2(z->mean_score));
    cJSON_AddNumberToObject(o, "coverage_score", round2(z->coverage_score));
    add_num(o, "within_share", z->within);
    add_num(o, "sparse_share", z->sparse);
    add_num(o, "bare_share", z->bare);
    add_num(o, "dense_share", z->dense);
    add_num(o, "crowded_share", z->crowded);
    add_num(o, "uneven_share", z->uneven);
    add_num(o, "holes_share", z->holes);
    cJSON_AddItemToArray(zones, o);
  }
  cJSON *sessions = r->timed ? cJSON_AddArrayToObject(root, "sessions") : NULL;
  for (int s = 0; sessions && s < r->session_count; s++) {
    const stp_session_result *sv = &r->sessions[s];
    cJSON *o = cJSON_CreateObject();
    if (!o) break;
    cJSON_AddNumberToObject(o, "session", sv->session);
    cJSON_AddBoolToObject(o, "judged", sv->judged);
    add_count(o, "placed", sv->placed);
    add_count(o, "lost", sv->lost);
    cJSON_AddNumberToObject(o, "score", round2(sv->score));
    cJSON_AddBoolToObject(o, "passed", sv->passed);
    cJSON *c = cJSON_AddObjectToObject(o, "criteria");
    for (int i = 0; c && i < STP_CRIT_COUNT; i++)
      if (sv->enabled[i]) cJSON_AddNumberToObject(c, stp_criterion_key((stp_criterion_id)i), round2(sv->criteria[i]));
    cJSON_AddStringToObject(o, "verdict", sv->verdict);
    cJSON_AddItemToArray(sessions, o);
  }
  char *text = cJSON_Print(root);
  cJSON_Delete(root);
  return text;
}
