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
           "angle error %.1f° overall, %.1f° in %s, root mean square (full marks within %g°, none at %g°)",
           r->grain_error_deg, werr, stp_sc_zone_label(&scn->zones[worst]), it->tolerance, it->zero);
  if (werr <= it->tolerance)
    snprintf(c->advice, sizeof c->advice, "The grain follows the hair's direction in every zone.");
  else {
    /* Say what the grain is in that zone, from the zone's own target. */
    const stp_zone *zn = &scn->zones[worst];
    char how[240];
    switch (zn->angle_field.kind) {
    case STP_FIELD_WHORL:
      snprintf(how, sizeof how, "spiral %s around the whorl at (%.0f, %.0f) mm, tight at its centre",
               zn->angle_field.sense < 0 ? "counter-clockwise" : "clockwise", zn->angle_field.cx, zn->angle_field.cy);
      break;
    case STP_FIELD_FLOW:
      snprintf(how, sizeof how, "follow the head's natural flow: %s around the crown whorl, forward over the "
               "top, down at the sides and the nape", zn->angle_field.sense < 0 ? "counter-clockwise" : "clockwise");
      break;
    case STP_FIELD_GRID:
    case STP_FIELD_RAMP:
      snprintf(how, sizeof how, "follow the direction the case draws for it (the grain arrows, O, show it)");
      break;
    default: {
      /* A constant angle: in words, on the chart (+y is back over the head, +x the client's right). */
      double deg = fmod(fmod(zn->angle_deg, 360.0) + 360.0, 360.0);
      const char *dir[8] = {"toward the right ear", "back and toward the right ear", "backward",
                            "back and toward the left ear", "toward the left ear", "forward and toward the left",
                            "forward", "forward and toward the right"};
      snprintf(how, sizeof how, "point every impression %s (%.0f°)", dir[(int)floor((deg + 22.5) / 45.0) % 8], deg);
    }
    }
    snprintf(c->advice, sizeof c->advice, "In %s the impressions cross the grain. Rotate the needle to %s.",
             stp_sc_zone_label(zn), how);
  }
}

