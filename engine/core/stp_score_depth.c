/* stp_score_depth.c - depth: the share of impressions outside the stable depth window (the
 * scenario's, or where a zone sets its own tissue window, that zone's: stp_pigment_window). */
#include "stp_score_internal.h"

#define DEEP_WEIGHT 2.0        /* a blown-out impression counts twice */

/* ---- depth and boundaries: a fraction of the impressions ------------------------- */

void stp_sc_depth(const stp_scenario *scn, stp_score_result *r, stp_criterion_result *c) {
  const stp_rubric_item *it = &scn->rubric.items[STP_CRIT_DEPTH];
  if (r->impressions == 0) {
    snprintf(c->figures, sizeof c->figures, "no impressions");
    snprintf(c->advice, sizeof c->advice, "Place impressions at about 1 mm depth.");
    return;
  }
  /* A shallow dot heals away (a session's work lost); a deep one blows out for good, bluish
   * and spread, and can only be lasered: it counts twice. */
  double frac = ((double)r->too_shallow + DEEP_WEIGHT * (double)r->too_deep) / (double)r->impressions;
  r->depth_error = frac;
  c->score = stp_sc_linear(frac, it->tolerance, it->zero);
  /* Zones with their own tissue window judge their dots by it (stp_pigment_window), and each
   * such zone on its own too: a scar is the point of its case, and a small one all at the
   * wrong depth for its tissue would vanish in the work's share. The score is the lower. */
  bool own = false;
  int worst = -1;
  double worst_frac = 0;
  for (int z = 0; z < scn->zone_count; z++) {
    if (!(scn->zones[z].tissue.deep_mm > 0)) continue;
    own = true;
    const stp_zone_result *zr = &r->zones[z];
    if (zr->judged == 0) continue;
    double f = ((double)zr->too_shallow + DEEP_WEIGHT * (double)zr->too_deep) / (double)zr->judged;
    if (f > worst_frac) { worst_frac = f; worst = z; }
  }
  if (worst >= 0) c->score = fmin(c->score, stp_sc_linear(worst_frac, it->tolerance, it->zero));
  size_t len = (size_t)snprintf(c->figures, sizeof c->figures,
           "%zu too shallow (under %.1f mm), %zu too deep (over %.1f mm, counted twice) of %zu: %.1f%% off "
           "the window%s",
           r->too_shallow, scn->depth.shallow_mm, r->too_deep, scn->depth.deep_mm, r->impressions, 100 * frac,
           own ? " (in a zone with its own tissue, that zone's window)" : "");
  if (worst >= 0 && len < sizeof c->figures)
    snprintf(c->figures + len, sizeof c->figures - len, "; %s, judged on its own tissue's window %.1f-%.1f mm: %.1f%% off",
             r->zones[worst].label, scn->zones[worst].tissue.shallow_mm, scn->zones[worst].tissue.deep_mm,
             100 * worst_frac);
  if (r->too_deep > r->too_shallow && r->too_deep > 0)
    snprintf(c->advice, sizeof c->advice,
             "Press lighter: past %.1f mm the pigment blows out, spreading into bluish blurred dots.",
             scn->depth.deep_mm);
  else if (r->too_shallow > 0)
    snprintf(c->advice, sizeof c->advice,
             "Press a little harder: under %.1f mm the pigment sits in the epidermis and heals away.",
             scn->depth.shallow_mm);
  else
    snprintf(c->advice, sizeof c->advice, "Every impression is in the stable depth window.");
  if (worst >= 0 && worst_frac > frac && worst_frac > it->tolerance)
    snprintf(c->advice, sizeof c->advice,
             "%s has its own tissue: keep its dots within %.1f-%.1f mm (%zu too shallow, %zu too deep of %zu); "
             "outside it the scar either loses the pigment in healing or blows it out.",
             r->zones[worst].label, scn->zones[worst].tissue.shallow_mm, scn->zones[worst].tissue.deep_mm,
             r->zones[worst].too_shallow, r->zones[worst].too_deep, r->zones[worst].judged);
}

