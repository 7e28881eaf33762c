/* stp_score_grain.c - grain: each impression's angle against the target flow at its position. */
#include "stp_score_internal.h"

/* Grain: the axial error of row i against the target angle at its position. */
double stp_sc_dot_grain(const stp_sc_analysis *a, size_t i) {
  const stp_impression *imp = &a->w->items[i];
  const stp_zone *zn = &a->scn->zones[a->zone[i]];
  double t = stp_field_eval(a->ctx, a->zone[i], &zn->angle_field, zn->angle_deg, imp->x_mm, imp->y_mm);
  return stp_field_axial_diff(imp->angle_deg, t);
}

void stp_sc_grain(const stp_scenario *scn, const stp_sc_analysis *a, stp_score_result *r, stp_criterion_result *c) {
  const stp_rubric_item *it = &scn->rubric.items[STP_CRIT_GRAIN];
  int worst; double werr;
  c->score = stp_sc_zone_error_score(scn, a, true, it, &r->grain_error_deg, &worst, &werr);
  if (worst < 0) {
    snprintf(c->figures, sizeof c->figures, "no impressions in the zones");
    snprintf(c->advice, sizeof c->advice, "Place impressions in the zones, drawn along the hair's direction.");
    return;
  }
  snprintf(c->figures, sizeof c->figures,
           "mean angle error %.1f° overall, %.1f° in %s (full marks within %.0f°, none at %.0f°)",
           r->grain_error_deg, werr, stp_sc_zone_label(&scn->zones[worst]), it->tolerance, it->zero);
  if (werr <= it->tolerance)
    snprintf(c->advice, sizeof c->advice, "The grain follows the hair's direction in every zone.");
  else
    snprintf(c->advice, sizeof c->advice,
             "In %s the impressions cross the grain. Rotate the needle to follow the flow: it turns "
             "around the crown whorl, runs forward over the top and down at the sides and nape.",
             stp_sc_zone_label(&scn->zones[worst]));
}

