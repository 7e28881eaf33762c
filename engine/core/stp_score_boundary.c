/* stp_score_boundary.c - boundaries: ink outside the planned zones or inside a forbidden one. */
#include "stp_score_internal.h"

bool stp_sc_within_margin(const stp_scenario *scn, stp_sc_margin *m, double x, double y) {
  double mm = scn->rubric.boundary_margin_mm;
  if (!(mm > 0)) return false;
  for (int z = 0; z < scn->zone_count; z++) {
    if (!stp_sc_zone_scored(scn, z)) continue;
    double x0, y0, x1, y1;
    stp_shape_bounds(&scn->zones[z].shape, &x0, &y0, &x1, &y1);
    if (x < x0 - mm || x > x1 + mm || y < y0 - mm || y > y1 + mm) continue;   /* cheap reject */
    if (m->n[z] == 0)   /* each zone's outline once per score, on first need */
      m->n[z] = stp_shape_outline(&scn->zones[z].shape, m->pts[z], STP_SHAPE_MAX_POINTS) + 1;
    /* Outside every zone, so the distance to the outline is the distance to the zone. */
    if (stp_shape_outline_distance(m->pts[z], m->n[z] - 1, x, y) <= mm) return true;
  }
  return false;
}

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
           "%zu outside the planned zones by more than %.1f mm, %zu in forbidden areas, of %zu (%.1f%%; "
           "full marks up to %.0f%%, none from %.0f%%)",
           r->outside, scn->rubric.boundary_margin_mm, r->forbidden, r->impressions, 100 * frac,
           100 * it->tolerance, 100 * it->zero);
  if (r->outside + r->forbidden == 0)
    snprintf(c->advice, sizeof c->advice, "Every impression is inside the planned area.");
  else
    snprintf(c->advice, sizeof c->advice,
             "Stay inside the outlined zones: pigment on the forehead or a forbidden area is "
             "permanent and can only be removed by laser.");
}

