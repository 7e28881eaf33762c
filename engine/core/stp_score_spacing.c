/* stp_score_spacing.c - spacing: dots that heal into one blob, and a pattern that is neither
 * clumped nor a grid (Clark-Evans R, grid order). */
#define MIN_PATTERN_DOTS 30      /* Clark-Evans needs a sample: zones with fewer are skipped */

#include "stp_score_internal.h"

/* ---- spacing --------------------------------------------------------------------- */

double stp_score_merge_distance(const stp_scenario *scn, const stp_impression *a,
                                const stp_impression *b) {
  /* Each dot's spread is its fresh diameter plus its soft edge: that is what the scab
   * covers. Two spreads that touch heal as one blob. */
  stp_dot_look la = stp_pigment_look(a, scn, false), lb = stp_pigment_look(b, scn, false);
  double ra = 0.5 * (la.diameter_mm + la.softness_mm), rb = 0.5 * (lb.diameter_mm + lb.softness_mm);
  return scn->rubric.merge_factor * (ra + rb);
}

static double outline_perimeter(const stp_shape *s) {
  stp_point p[STP_SHAPE_MAX_POINTS];
  int n = stp_shape_outline(s, p, STP_SHAPE_MAX_POINTS);
  double per = 0;
  for (int i = 0; i < n; i++) {
    stp_point a = p[i], b = p[(i + 1) % n];
    per += hypot(b.x - a.x, b.y - a.y);
  }
  return per;
}

/* Clark-Evans R per zone with Donnelly's edge correction, and the lattice order of the
 * nearest-neighbour directions (|mean of e^{4i theta}| or e^{6i theta}: 1 on a square or
 * hexagonal grid, near 0 for a natural pattern). Count-weighted over zones. */
void stp_sc_pattern_stats(const stp_scenario *scn, const stp_sc_analysis *a, stp_score_result *r) {
  double racc = 0, oacc = 0, wsum = 0;
  for (int z = 0; z < scn->zone_count; z++) {
    const stp_sc_zone_acc *ac = &a->acc[z];
    if (ac->nn_n < MIN_PATTERN_DOTS || !stp_sc_zone_scored(scn, z)) continue;
    double cnt = (double)ac->nn_n;
    double n = (double)r->zones[z].count, area = r->zones[z].area_cm2 * 100.0;
    double mean = (double)ac->nn / FX / cnt;
    double expect = 0.5 * sqrt(area / n) + (0.0514 + 0.041 / sqrt(n)) * outline_perimeter(&scn->zones[z].shape) / n;
    double R = mean / expect;
    double o4 = hypot((double)ac->o4c, (double)ac->o4s) / FX / cnt;
    double o6 = hypot((double)ac->o6c, (double)ac->o6s) / FX / cnt;
    racc += R * cnt;
    oacc += (o4 > o6 ? o4 : o6) * cnt;
    wsum += cnt;
  }
  r->pattern_dots = (size_t)wsum;
  r->clark_evans = wsum > 0 ? racc / wsum : 0;
  r->grid_order = wsum > 0 ? oacc / wsum : 0;
}

/* Pattern score: full marks for a natural pattern (R 1.1..1.75, no lattice order), falling
 * to 0 for a clumped one (R 0.7) or a grid (order 0.8 or R 2.0). */
static double pattern_score(const stp_score_result *r) {
  double R = r->clark_evans;
  double clump = R < 1.1 ? (1.1 - R) / 0.4 : 0;
  double regular = R > 1.75 ? (R - 1.75) / 0.25 : 0;
  double order = r->grid_order > 0.3 ? (r->grid_order - 0.3) / 0.5 : 0;
  double bad = clump > regular ? clump : regular;
  if (order > bad) bad = order;
  return stp_sc_clamp100(100.0 * (1.0 - bad));
}

void stp_sc_spacing(const stp_scenario *scn, stp_score_result *r, stp_criterion_result *c) {
  if (r->impressions == 0) {
    c->score = 0;
    snprintf(c->figures, sizeof c->figures, "no impressions");
    snprintf(c->advice, sizeof c->advice, "Place impressions in the outlined zone to be judged on spacing.");
    return;
  }
  double frac = (double)r->merged / (double)r->impressions;
  double merge = stp_sc_clamp100(100.0 * (1.0 - frac / scn->rubric.max_merged_fraction));
  double pw = scn->rubric.pattern_weight;
  bool judged = pw > 0 && r->pattern_dots > 0;   /* R is 0 when every dot is stamped twice */
  double pat = judged ? pattern_score(r) : 100;
  c->score = judged ? stp_sc_clamp100((1 - pw) * merge + pw * pat) : merge;
  size_t len = (size_t)snprintf(c->figures, sizeof c->figures,
                                "%zu of %zu impressions merge with a neighbour (%.1f%%)",
                                r->merged, r->impressions, 100.0 * frac);
  if (judged && len < sizeof c->figures)
    snprintf(c->figures + len, sizeof c->figures - len,
             "; Clark-Evans R %.2f (natural 1.1-1.75), grid order %.2f (natural below 0.3)",
             r->clark_evans, r->grid_order);
  if (r->merged > 0 && merge <= pat)
    snprintf(c->advice, sizeof c->advice,
             "Dots closer than their spread heal into one blob. Leave about 1 mm between "
             "impressions, and press lighter: deeper dots spread wider.");
  else if (judged && pat < 100 && r->clark_evans < 1.1)
    snprintf(c->advice, sizeof c->advice,
             "The dots clump: some areas are crowded while gaps open between them. Space each "
             "impression about evenly from its neighbours, without leaving holes.");
  else if (judged && pat < 100)
    snprintf(c->advice, sizeof c->advice,
             "The pattern is too regular: rows and columns read as artificial. Vary the spacing "
             "and offset each impression slightly, like hair follicles.");
  else
    snprintf(c->advice, sizeof c->advice, "No merged dots: every impression stands on its own.");
}

