/* stp_score_density.c - density: impressions per cm2 zone by zone against the targets. */
#include "stp_score_internal.h"

/* ---- density --------------------------------------------------------------------- */

/* Score of one zone: 100 inside target +- tolerance, falling linearly to 0 at zero
 * density (too sparse) and symmetrically above (too dense). */
double stp_sc_density_zone_score(double d, double t, double tol) {
  double span = t - tol;
  if (span < 1) span = 1;
  double off = fabs(d - t) - tol;
  if (off <= 0) return 100;
  return stp_sc_clamp100(100.0 * (1.0 - off / span));
}

static bool density_scored(const stp_scenario *scn, int z) {
  return scn->zones[z].role != STP_ZONE_FORBIDDEN;
}

/* Append the names of the zones off target on one side ("Crown, Top") to buf. */
static void list_zones(const stp_scenario *scn, const stp_score_result *r, int side, char *buf, size_t size) {
  buf[0] = '\0';
  for (int i = 0; i < scn->zone_count; i++) {
    const stp_zone_result *z = &r->zones[i];
    if (!density_scored(scn, i)) continue;
    bool off = side < 0 ? z->density < z->target - z->tolerance : z->density > z->target + z->tolerance;
    if (!off) continue;
    size_t len = strlen(buf);
    snprintf(buf + len, size - len, "%s%s", len ? ", " : "", stp_sc_zone_label(&scn->zones[i]));
  }
}

void stp_sc_density(const stp_scenario *scn, stp_score_result *r, stp_criterion_result *c) {
  double wsum = 0, acc = 0;
  int worst = -1;
  double worst_score = 101;
  for (int i = 0; i < scn->zone_count; i++) {
    if (!density_scored(scn, i)) continue;
    stp_zone_result *z = &r->zones[i];
    acc += z->score * z->area_cm2;
    wsum += z->area_cm2;
    if (z->score < worst_score) { worst_score = z->score; worst = i; }
  }
  c->score = wsum > 0 ? stp_sc_clamp100(acc / wsum) : 0;
  if (worst < 0) return;
  const stp_zone_result *z = &r->zones[worst];
  const stp_zone *zd = &scn->zones[worst];
  snprintf(c->figures, sizeof c->figures, "%.1f impressions/cm² in %s, target %.0f ± %.0f",
           z->density, stp_sc_zone_label(zd), z->target, z->tolerance);
  char sparse[200], dense[200];
  list_zones(scn, r, -1, sparse, sizeof sparse);
  list_zones(scn, r, +1, dense, sizeof dense);
  /* "in A" when the worst zone is the only one off on its side, else "in A, B; in A". */
  bool sparse_side = z->density < z->target - z->tolerance;
  const char *side = sparse_side ? sparse : dense;
  char where[260];
  if (strcmp(side, stp_sc_zone_label(zd)) == 0) snprintf(where, sizeof where, "%.64s", stp_sc_zone_label(zd));
  else snprintf(where, sizeof where, "%.150s; in %.64s", side, stp_sc_zone_label(zd));
  if (sparse_side) {
    double need = (z->target - z->density) * z->area_cm2;
    snprintf(c->advice, sizeof c->advice,
             "Too sparse in %.220s: add about %ld impressions, spread evenly across the zone.%s%.100s%s",
             where, (long)ceil(need), dense[0] ? " Too dense in " : "", dense, dense[0] ? "." : "");
  } else if (z->density > z->target + z->tolerance) {
    snprintf(c->advice, sizeof c->advice,
             "Too dense in %.220s: about %ld impressions too many. Over-filling reads as a solid "
             "'helmet'; build density over sessions instead.%s%.100s%s",
             where, (long)floor((z->density - z->target) * z->area_cm2),
             sparse[0] ? " Too sparse in " : "", sparse, sparse[0] ? "." : "");
  } else {
    snprintf(c->advice, sizeof c->advice, "Density is on target in every zone.");
  }
}

