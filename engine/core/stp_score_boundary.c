/* stp_score_boundary.c - boundaries: ink outside the planned zones or inside a forbidden one. */
#include "stp_score_internal.h"

void stp_sc_boundary(const stp_scenario *scn, stp_score_result *r, stp_criterion_result *c) {
  const stp_rubric_item *it = &scn->rubric.items[STP_CRIT_BOUNDARY];
  if (r->impressions == 0) {
    snprintf(c->figures, sizeof c->figures, "no impressions");
    snprintf(c->advice, sizeof c->advice, "Place impressions inside the outlined zones.");
    return;
  }
  double frac = (double)(r->outside + r->forbidden) / (double)r->impressions;
  c->score = stp_sc_linear(frac, it->tolerance, it->zero);
  snprintf(c->figures, sizeof c->figures,
           "%zu outside the planned zones, %zu in forbidden areas, of %zu (%.1f%%)",
           r->outside, r->forbidden, r->impressions, 100 * frac);
  if (r->outside + r->forbidden == 0)
    snprintf(c->advice, sizeof c->advice, "Every impression is inside the planned area.");
  else
    snprintf(c->advice, sizeof c->advice,
             "Stay inside the outlined zones: pigment on the forehead or a forbidden area is "
             "permanent and can only be removed by laser.");
}

