/* stp_json.c - JSON output of a score, built with cJSON (Debian's libcjson: a small,
 * well-kept, MIT-licensed C library; escaping and number formatting are its job). */
#include <cjson/cJSON.h>
#include <math.h>

#include "stp_score.h"

/* Two decimals, so the JSON is stable and readable. */
static double round2(double v) { return round(v * 100.0) / 100.0; }

char *stp_score_to_json(const stp_scenario *scn, const stp_score_result *r) {
  cJSON *root = cJSON_CreateObject();
  if (!root) return NULL;
  cJSON_AddStringToObject(root, "scenario", scn->id);
  cJSON_AddNumberToObject(root, "score", round2(r->score));
  cJSON_AddBoolToObject(root, "passed", r->passed);
  cJSON_AddNumberToObject(root, "pass_mark", r->pass_mark);
  cJSON_AddNumberToObject(root, "impressions", (double)r->impressions);
  cJSON_AddNumberToObject(root, "in_zones", (double)r->in_zones);
  cJSON_AddNumberToObject(root, "merged", (double)r->merged);
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
    cJSON_AddStringToObject(o, "figures", c->figures);
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
    cJSON_AddStringToObject(o, "figures", c->figures);
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
    cJSON_AddItemToArray(zones, o);
  }
  char *text = cJSON_Print(root);
  cJSON_Delete(root);
  return text;
}
