/* stp_score_shade.c - shade: the healed colour of each impression (CIELAB, D65) against
 * the target, as a CIEDE2000 difference (stp_colour.c), and how evenly the sessions heal. */
#define MIN_SESSION_DOTS 10      /* a session needs this many dots in a zone to be compared */

#include "stp_score_internal.h"
#include "stp_colour.h"
#include "stp_shade.h"

/* A memo of healed colours: a work repeats the same few needles, inks, pigments and depths
 * thousands of times, and CIELAB and CIEDE2000 are costly. The key is the exact bits of every
 * input of the pigment model at a dot (the tissue stands for its position), so a hit returns
 * what the computation would: the result does not depend on the memo or the row order. */
#define MEMO_SLOTS 8192
typedef struct memo_key { uint64_t depth, ink, needle, dwell, uptake, spread; int32_t pigment, zone; } memo_key;
struct stp_sc_shade_memo {
  memo_key key[MEMO_SLOTS];
  double lab[MEMO_SLOTS][3], de[MEMO_SLOTS];
  unsigned char used[MEMO_SLOTS];
};

static uint64_t bits(double v) { uint64_t u; memcpy(&u, &v, sizeof u); return u; }

static uint64_t memo_hash(const memo_key *k) {
  uint64_t h = 1469598103934665603ull;
  const uint64_t v[8] = {k->depth, k->ink, k->needle, k->dwell, k->uptake, k->spread, (uint64_t)(uint32_t)k->pigment,
                         (uint64_t)(uint32_t)k->zone};
  for (int i = 0; i < 8; i++) { h ^= v[i]; h *= 1099511628211ull; h ^= h >> 29; }
  return h;
}

/* The target colour of each zone whose target is one colour over the zone (the client's
 * hair, or the instructor's colour); a zone whose target is its plan (STP_SHADE_PLAN) is
 * judged dot by dot against the planned dot at the same position, on the same tissue. */
void stp_sc_shade_targets(stp_sc_analysis *a) {
  const stp_scenario *scn = a->scn;
  if (!a->shade_memo) a->shade_memo = calloc(1, sizeof *a->shade_memo);   /* NULL: no memo, same results */
  for (int z = 0; z < scn->zone_count; z++) {
    /* Evenness groups: session s joins the first session planned with its ink and pigment
     * (a plan's 0 ink or -1 pigment, like no plan, is the zone's own). */
    for (int s = 0; s < STP_SC_SESSIONS; s++) {
      const stp_session_plan *p = &scn->zones[z].plan[s];
      a->acc[z].sess_group[s] = (unsigned char)s;
      for (int t = 0; t < s; t++) {
        const stp_session_plan *q = &scn->zones[z].plan[t];
        double pi = p->set ? p->ink : 0, qi = q->set ? q->ink : 0;
        int pp = p->set ? p->pigment : -1, qp = q->set ? q->pigment : -1;
        if (pi == qi && pp == qp) { a->acc[z].sess_group[s] = a->acc[z].sess_group[t]; break; }
      }
    }
    a->zconst[z] = scn->zones[z].shade_source != STP_SHADE_PLAN;
    if (!a->zconst[z]) continue;
    float rgb[3];
    stp_shade_zone_target(scn, z, rgb);
    stp_colour_lab(rgb, a->zlab[z]);
  }
}

void stp_sc_shade_memo_free(stp_sc_analysis *a) { free(a->shade_memo); a->shade_memo = NULL; }

/* The plan of row i's session in its zone when that plan sets the session's tools (ink or
 * pigment), else NULL: the dot is then judged against the planned dot of its session (a lighter
 * first pass stays right in the healed whole). Never set without plans. */
static const stp_session_plan *dot_plan(const stp_sc_analysis *a, size_t i) {
  const stp_impression *imp = &a->w->items[i];
  if (imp->session < 1 || imp->session > STP_SCN_MAX_SESSIONS) return NULL;
  const stp_session_plan *p = &a->scn->zones[a->zone[i]].plan[imp->session - 1];
  bool pigment = p->pigment >= 0 && p->pigment < a->scn->pigment_count;
  return p->set && (p->ink > 0 || pigment) ? p : NULL;
}

/* The ink row i is planned at: its session's plan's, else the zone's. */
static double planned_ink(const stp_sc_analysis *a, size_t i) {
  const stp_session_plan *p = dot_plan(a, i);
  return p && p->ink > 0 ? p->ink : a->scn->zones[a->zone[i]].ink;
}

/* The shade of row i computed in full: its healed colour against the target there. */
static double dot_shade_computed(const stp_sc_analysis *a, size_t i, double lab[3]) {
  const stp_impression *imp = &a->w->items[i];
  int z = a->zone[i];
  double tlab[3];
  stp_shade_healed_lab(a->scn, imp, lab);
  const stp_session_plan *p = dot_plan(a, i);
  if (a->zconst[z] && !p) return stp_colour_de00(lab, a->zlab[z]);
  stp_targets t = stp_field_targets_in(a->ctx, z, imp->x_mm, imp->y_mm);
  if (p && p->ink > 0) t.ink = p->ink;   /* as stp_scenario_for_session sets the session's zone */
  if (p && p->pigment >= 0 && p->pigment < a->scn->pigment_count) t.pigment = p->pigment;
  if (p && p->needle_mm > 0) t.needle_mm = p->needle_mm;
  stp_impression ref = {imp->x_mm, imp->y_mm, 0, t.depth_mm, t.needle_mm, t.ink, 1, 0, 0, (uint8_t)t.pigment, 0, 0, 0};
  stp_shade_healed_lab(a->scn, &ref, tlab);
  return stp_colour_de00(lab, tlab);
}

/* Shade: CIEDE2000 of row i's healed colour (into lab) against the target colour at its
 * position. Scar tissue thins both through stp_pigment_look (once). */
double stp_sc_dot_shade(const stp_sc_analysis *a, size_t i, double lab[3]) {
  const stp_impression *imp = &a->w->items[i];
  int z = a->zone[i];
  const stp_zone *zn = &a->scn->zones[z];
  /* A plan zone whose ink and depth do not vary plans the same dot everywhere but for its
   * tissue, which is in the key: memoised too. */
  bool plan_const = zn->ink_field.kind == STP_FIELD_CONST && zn->depth_field.kind == STP_FIELD_CONST;
  const stp_session_plan *p = dot_plan(a, i);
  bool const_target = p ? zn->depth_field.kind == STP_FIELD_CONST && (p->ink > 0 || zn->ink_field.kind == STP_FIELD_CONST)
                        : a->zconst[z] || plan_const;
  if (const_target && a->shade_memo) {
    memo_key k;
    memset(&k, 0, sizeof k);
    double uptake, spread;
    stp_pigment_tissue(a->scn, imp->x_mm, imp->y_mm, &uptake, &spread);
    k.depth = bits(imp->depth_mm); k.ink = bits(imp->ink); k.needle = bits(imp->needle_mm);
    k.dwell = bits(imp->dwell_ms); k.uptake = bits(uptake); k.spread = bits(spread);
    k.pigment = imp->pigment; k.zone = p ? z + 256 * imp->session : z;   /* a session's plan: its own target */
    struct stp_sc_shade_memo *m = a->shade_memo;
    size_t s = (size_t)(memo_hash(&k) & (MEMO_SLOTS - 1));
    for (int probe = 0; probe < 8; probe++, s = (s + 1) & (MEMO_SLOTS - 1)) {
      if (m->used[s] && memcmp(&m->key[s], &k, sizeof k) == 0) {
        memcpy(lab, m->lab[s], sizeof m->lab[s]);
        return m->de[s];
      }
      if (!m->used[s]) {
        double de = dot_shade_computed(a, i, lab);
        m->used[s] = 1; m->key[s] = k; memcpy(m->lab[s], lab, sizeof m->lab[s]); m->de[s] = de;
        return de;
      }
    }
  }
  return dot_shade_computed(a, i, lab);
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
      if (ac->sess_group[s] != ac->sess_group[t]) continue;   /* planned to differ (a lighter first pass) */
      double d = stp_colour_de00(mean[s], mean[t]);
      if (d > worst) worst = d;
    }
  return worst;
}


/* What the zone's healed dots should match, in the client's terms. */
static const char *target_words(const stp_scenario *scn, const stp_zone *z) {
  if (z->shade_source == STP_SHADE_COLOUR) return "the shade the case sets";
  if (z->shade_source == STP_SHADE_PLAN) return "the planned shade";
  if (scn->has_part) return "the client's roots along the part";
  for (int h = 0; h < scn->hair_count; h++)
    if (scn->hair[h].length_mm > 20) return "the roots of the client's hair";
  return scn->hair_count ? "the client's stubble on this skin" : "the hair colour the case plans";
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
  int64_t ink = 0, dep = 0, plan = 0; size_t n = 0, off_pigment = 0, planned = 0;
  const stp_zone *zw = &scn->zones[worst];
  for (size_t i = 0; i < a->n; i++)
    if (a->zone[i] == worst && !w->items[i].context) {
      ink += stp_sc_fx(w->items[i].ink); dep += stp_sc_fx(w->items[i].depth_mm); n++;
      if (w->items[i].pigment != zw->pigment) off_pigment++;
      plan += stp_sc_fx(planned_ink(a, i));
      planned += dot_plan(a, i) != NULL;
    }
  double mink = (double)ink / FX / (double)n, mdep = (double)dep / FX / (double)n;
  const stp_zone *z = &scn->zones[worst];
  double wlo, whi;   /* the worst zone's depth window (its tissue's, or depth_window) */
  /* The ink to compare with: the zone's, or the mean of the dots' sessions' plans. */
  double zink = planned ? (double)plan / FX / (double)n : z->ink;
  int sz = -1;
  for (int i = 0; i < scn->zone_count; i++) {
    double sp = stp_sc_zone_scored(scn, i) ? stp_sc_session_spread(&a->acc[i]) : 0;
    if (sp > r->shade_session_delta_e) { r->shade_session_delta_e = sp; sz = i; }
  }
  size_t len = (size_t)snprintf(c->figures, sizeof c->figures,
           "healed colour off by ΔE00 %.1f overall, %.1f in %s (full marks within %g, none at %g); "
           "ink %.2f, target %.2f %s",
           r->shade_delta_e, werr, stp_sc_zone_label(z), it->tolerance, it->zero, mink, zink,
           scn->pigment_count > 0 ? scn->pigments[z->pigment].id : "");
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
  else if (off_pigment * 2 > n)
    snprintf(c->advice, sizeof c->advice,
             "%s heals the wrong colour: use %s (about %.2f) to match %s.", stp_sc_zone_label(z),
             scn->pigments[z->pigment].name, zink,
             target_words(scn, z));
  else if (mink > zink * 1.1)
    snprintf(c->advice, sizeof c->advice,
             "%s heals too dark: dilute the ink (about %.2f) so the dots match %s.",
             stp_sc_zone_label(z), zink, target_words(scn, z));
  else if (mink < zink * 0.9)
    snprintf(c->advice, sizeof c->advice,
             "%s heals too light: use stronger ink (about %.2f) to match %s.", stp_sc_zone_label(z), zink,
             target_words(scn, z));
  else if (stp_pigment_zone_window(scn, worst, &wlo, &whi), mdep > whi || mdep < wlo)
    snprintf(c->advice, sizeof c->advice,
             "%s's shade is off because of depth: keep the needle between %.1f and %.1f mm "
             "(shallow dots fade, deep ones turn blue).", stp_sc_zone_label(z), wlo, whi);
  else
    snprintf(c->advice, sizeof c->advice,
             "The shade in %s is uneven: keep the same ink and pressure across the zone and "
             "between sessions.", stp_sc_zone_label(z));
}

