/* stp_score_shade.c - shade: the healed colour of each impression (CIELAB, D65) against
 * the target, as a CIEDE2000 difference (stp_colour.c), and how evenly the sessions heal. */
#define MIN_SESSION_DOTS 10      /* a session needs this many dots in a zone to be compared */

#include "stp_score_internal.h"
#include "stp_colour.h"

/* The healed colour at a dot's centre on this skin (scar uptake thins the pigment). */
static void healed_lab(const stp_scenario *scn, const stp_impression *imp, double uptake, double lab[3]) {
  stp_dot_look l = stp_pigment_look(imp, scn, true);
  l.opacity *= uptake;
  float rgb[3];
  stp_pigment_center_rgb(&l, scn->skin.rgb, rgb);
  stp_colour_lab(rgb, lab);
}

static double zone_uptake(const stp_zone *z) {
  return z->role == STP_ZONE_SCAR && z->uptake > 0 ? z->uptake : 1.0;
}


/* The target colour of each zone whose ink and depth are constant. */
void stp_sc_shade_targets(stp_sc_analysis *a) {
  const stp_scenario *scn = a->scn;
  for (int z = 0; z < scn->zone_count; z++) {
    const stp_zone *zn = &scn->zones[z];
    a->zconst[z] = zn->ink_field.kind == STP_FIELD_CONST && zn->depth_field.kind == STP_FIELD_CONST;
    stp_impression ref = {0, 0, 0, zn->depth_mm, 0.25, zn->ink, 1, 0, 0};
    healed_lab(scn, &ref, zone_uptake(zn), a->zlab[z]);
  }
}

/* Shade: CIEDE2000 of row i's healed colour (into lab) against the target colour at its position. */
double stp_sc_dot_shade(const stp_sc_analysis *a, size_t i, double lab[3]) {
  const stp_impression *imp = &a->w->items[i];
  int z = a->zone[i];
  const stp_zone *zn = &a->scn->zones[z];
  double tlab[3];
  healed_lab(a->scn, imp, zone_uptake(zn), lab);
  if (a->zconst[z]) return stp_colour_de00(lab, a->zlab[z]);
  stp_targets t = stp_field_targets_in(a->ctx, z, imp->x_mm, imp->y_mm);
  stp_impression ref = {0, 0, 0, t.depth_mm, imp->needle_mm, t.ink, 1, 0, 0};
  healed_lab(a->scn, &ref, zone_uptake(zn), tlab);
  return stp_colour_de00(lab, tlab);
}

/* Mean of a per-dot error per zone (scored zones only); the criterion is the
 * count-weighted mean of the zone scores; *worst gets the zone with the largest error. */
/* Shade evenness between sessions: the largest ΔE00 between the mean healed colours
 * of two sessions in the zone (sessions with at least MIN_SESSION_DOTS dots); 0 for one. */
double stp_sc_session_spread(const stp_sc_zone_acc *ac) {
  double mean[STP_SC_SESSIONS][3], worst = 0;
  for (int s = 0; s < STP_SC_SESSIONS; s++)
    for (int k = 0; k < 3 && ac->sess_n[s]; k++) mean[s][k] = (double)ac->sess_lab[s][k] / FX / (double)ac->sess_n[s];
  for (int s = 0; s < STP_SC_SESSIONS; s++)
    for (int t = s + 1; t < STP_SC_SESSIONS; t++) {
      if (ac->sess_n[s] < MIN_SESSION_DOTS || ac->sess_n[t] < MIN_SESSION_DOTS) continue;
      double d = stp_colour_de00(mean[s], mean[t]);
      if (d > worst) worst = d;
    }
  return worst;
}


void stp_sc_shade(const stp_scenario *scn, const stp_sc_analysis *a, stp_score_result *r,
                        const stp_work *w, stp_criterion_result *c) {
  const stp_rubric_item *it = &scn->rubric.items[STP_CRIT_SHADE];
  int worst; double werr;
  c->score = stp_sc_zone_error_score(scn, a, false, it, &r->shade_delta_e, &worst, &werr);
  if (worst < 0) {
    snprintf(c->figures, sizeof c->figures, "no impressions in the zones");
    snprintf(c->advice, sizeof c->advice, "Place impressions in the zones with the zone's ink.");
    return;
  }
  /* Which way: compare the worst zone's mean ink and depth with its targets. */
  int64_t ink = 0, dep = 0; size_t n = 0;
  for (size_t i = 0; i < a->n; i++)
    if (a->zone[i] == worst) { ink += stp_sc_fx(w->items[i].ink); dep += stp_sc_fx(w->items[i].depth_mm); n++; }
  double mink = (double)ink / FX / (double)n, mdep = (double)dep / FX / (double)n;
  const stp_zone *z = &scn->zones[worst];
  int sz = -1;
  for (int i = 0; i < scn->zone_count; i++) {
    double sp = stp_sc_zone_scored(scn, i) ? stp_sc_session_spread(&a->acc[i]) : 0;
    if (sp > r->shade_session_delta_e) { r->shade_session_delta_e = sp; sz = i; }
  }
  size_t len = (size_t)snprintf(c->figures, sizeof c->figures,
           "healed colour off by ΔE00 %.1f overall, %.1f in %s (full marks within %.1f, none at %.0f); "
           "ink %.2f, target %.2f",
           r->shade_delta_e, werr, stp_sc_zone_label(z), it->tolerance, it->zero, mink, z->ink);
  if (sz >= 0 && len < sizeof c->figures)
    snprintf(c->figures + len, sizeof c->figures - len, "; sessions differ by ΔE00 %.1f in %s",
             r->shade_session_delta_e, stp_sc_zone_label(&scn->zones[sz]));
  bool sessions = sz == worst && stp_sc_session_spread(&a->acc[worst]) > (double)a->acc[worst].shade / FX / (double)a->acc[worst].n;
  if (werr <= it->tolerance)
    snprintf(c->advice, sizeof c->advice, "The healed shade matches the target in every zone.");
  else if (sessions)
    snprintf(c->advice, sizeof c->advice,
             "The sessions heal to different shades in %s: keep each session's ink and pressure "
             "matched to the target so the layers blend.", stp_sc_zone_label(z));
  else if (mink > z->ink * 1.1)
    snprintf(c->advice, sizeof c->advice,
             "%s heals too dark: dilute the ink (about %.2f) so the dots match the stubble and skin.",
             stp_sc_zone_label(z), z->ink);
  else if (mink < z->ink * 0.9)
    snprintf(c->advice, sizeof c->advice,
             "%s heals too light: use stronger ink (about %.2f).", stp_sc_zone_label(z), z->ink);
  else if (mdep > scn->depth.deep_mm || mdep < scn->depth.shallow_mm)
    snprintf(c->advice, sizeof c->advice,
             "%s's shade is off because of depth: keep the needle between %.1f and %.1f mm "
             "(shallow dots fade, deep ones turn blue).", stp_sc_zone_label(z), scn->depth.shallow_mm, scn->depth.deep_mm);
  else
    snprintf(c->advice, sizeof c->advice,
             "The shade in %s is uneven: keep the same ink and pressure across the zone and "
             "between sessions.", stp_sc_zone_label(z));
}

