#include "stp_pigment.h"

#include <math.h>

#define DEPTH_MIN_MM 0.2
#define DEPTH_MAX_MM 2.2

static double clamp01(double v) { return v < 0 ? 0 : v > 1 ? 1 : v; }
static double smoothstep(double a, double b, double x) {
  double t = clamp01((x - a) / (b - a));
  return t * t * (3 - 2 * t);
}

/* The first zone listed with a tissue table that contains (x, y), or -1. */
static int tissue_zone(const stp_scenario *scn, double x, double y) {
  for (int i = 0; i < scn->zone_count; i++)
    if (scn->zones[i].tissue.set && stp_shape_contains(&scn->zones[i].shape, x, y)) return i;
  return -1;
}

void stp_pigment_tissue_at(const stp_scenario *scn, double x, double y, stp_tissue_at *out) {
  out->uptake = 1.0;
  out->spread = 1.0;
  out->shallow_mm = scn->depth.shallow_mm;
  out->deep_mm = scn->depth.deep_mm;
  /* Scar zones' uptake and spread keys, then patches: the last one listed that contains the
   * point wins, and a patch wins over a zone (as before tissue: the older cases score as
   * they did). */
  for (int i = 0; i < scn->zone_count; i++) {
    const stp_zone *z = &scn->zones[i];
    if (z->role != STP_ZONE_SCAR || !(z->uptake > 0 || z->spread > 0) || !stp_shape_contains(&z->shape, x, y)) continue;
    if (z->uptake > 0) out->uptake = z->uptake;
    if (z->spread > 0) out->spread = z->spread;
  }
  for (int i = 0; i < scn->patch_count; i++) {
    const stp_patch *p = &scn->patches[i];
    if (!stp_shape_contains(&p->shape, x, y)) continue;
    if (p->uptake > 0) out->uptake = p->uptake;
    if (p->spread > 0) out->spread = p->spread;
  }
  /* A zone's own tissue wins over both, value by value: what it sets is the case's word on
   * that tissue; what it leaves out is the skin's (the patches', the scenario's). */
  int t = tissue_zone(scn, x, y);
  if (t < 0) return;
  const stp_tissue *ts = &scn->zones[t].tissue;
  if (ts->uptake > 0) out->uptake = ts->uptake;
  if (ts->spread > 0) out->spread = ts->spread;
  if (ts->deep_mm > 0) { out->shallow_mm = ts->shallow_mm; out->deep_mm = ts->deep_mm; }
}

void stp_pigment_tissue(const stp_scenario *scn, double x, double y, double *uptake, double *spread) {
  stp_tissue_at t;
  stp_pigment_tissue_at(scn, x, y, &t);
  *uptake = t.uptake;
  *spread = t.spread;
}

void stp_pigment_window(const stp_scenario *scn, double x, double y, double *shallow, double *deep) {
  /* the first zone with tissue there decides, window or not */
  stp_pigment_zone_window(scn, tissue_zone(scn, x, y), shallow, deep);
}

void stp_pigment_zone_window(const stp_scenario *scn, int z, double *shallow, double *deep) {
  const stp_tissue *ts = z >= 0 && z < scn->zone_count ? &scn->zones[z].tissue : NULL;
  bool own = ts && ts->set && ts->deep_mm > 0;
  *shallow = own ? ts->shallow_mm : scn->depth.shallow_mm;
  *deep = own ? ts->deep_mm : scn->depth.deep_mm;
}

const float *stp_pigment_rgb(const stp_scenario *scn, int pigment) {
  /* Carbon black as it heals (#141518), for a scenario without a kit. */
  static const float carbon[3] = {0.0069954f, 0.0074990f, 0.0091341f};
  if (scn->pigment_count < 1) return carbon;
  if (pigment < 0 || pigment >= scn->pigment_count) pigment = 0;
  return scn->pigments[pigment].rgb;
}

/* Both looks from one evaluation of the model: fresh into *fresh (may be NULL), healed into
 * *healed (may be NULL). */
void stp_pigment_looks(const stp_impression *imp, const stp_scenario *scn, stp_dot_look *fresh, stp_dot_look *healed) {
  stp_dot_look L;
  stp_tissue_at ts = {1.0, 1.0, scn->depth.shallow_mm, scn->depth.deep_mm};
  if (scn->patch_count > 0 || scn->zone_count > 0) stp_pigment_tissue_at(scn, imp->x_mm, imp->y_mm, &ts);
  double uptake = ts.uptake, spread = ts.spread;
  double shallow = ts.shallow_mm, deep = ts.deep_mm;
  double depth = imp->depth_mm > 0 ? imp->depth_mm : 0;
  double needle = imp->needle_mm > 0 ? imp->needle_mm : 0.25;
  double ink = clamp01(imp->ink);

  /* Blow-out: 0 at the deep limit, 1 at one millimetre past it. */
  L.blowout = clamp01((depth - deep) / 1.0);
  /* Pigment held in the dermis: little in the epidermis, all from the shallow limit on. */
  L.retention = 0.08 + 0.92 * smoothstep(shallow * 0.4, shallow, depth);

  /* Fresh size: the needle hole plus bleed that grows with depth, then blow-out spread. */
  /* Dwell: a longer stay in the skin deposits more pigment and lets it run a little
   * wider; 0 means not recorded (a nominal tap). */
  double dwell = imp->dwell_ms > 0 ? imp->dwell_ms / STP_PIGMENT_NOMINAL_DWELL_MS : 1.0;
  dwell = dwell < 0.4 ? 0.4 : dwell > 4.0 ? 4.0 : dwell;
  double dwell_log = log(dwell);
  double fresh_d = needle * (1.0 + 0.55 * depth) * (1.0 + 1.6 * L.blowout) * spread * (1.0 + 0.12 * dwell_log);
  double fresh_soft = fresh_d * (0.12 + 0.45 * L.blowout);
  /* Darkness: the pigment diluted with water; undiluted ink nearly opaque. */
  double fresh_op = 0.93 * pow(ink, 0.65) * (0.55 + 0.45 * smoothstep(0.0, shallow, depth)) * uptake *
                    (1.0 + 0.15 * dwell_log);
  if (fresh_op > 0.97) fresh_op = 0.97;

  /* Pigment colour: the kit pigment's healed colour (the papillary dermis, up to the middle
   * of the stable window), shifting cool through the window's deeper half and blue past
   * it (Tyndall effect: pigment seen through more skin). */
  const float *pig = stp_pigment_rgb(scn, imp->pigment);
  const float blue[3] = {0.030f, 0.045f, 0.095f};
  double b = 0.25 * smoothstep(0.5 * (shallow + deep), deep, depth) + 0.75 * L.blowout;
  for (int c = 0; c < 3; c++) L.rgb[c] = (float)(pig[c] + (blue[c] - pig[c]) * b);

  if (fresh) {
    *fresh = L;
    fresh->diameter_mm = fresh_d;
    fresh->softness_mm = fresh_soft;
    fresh->opacity = fresh_op;
  }
  if (!healed) return;
  /* Healed: the scab leaves with the surface pigment. The dot shrinks toward the
   * dermal core (about half the fresh size) and lightens by the skin's factor;
   * deep pigment stays, so blown-out dots keep their spread. */
  double shrink = 0.5 + 0.4 * L.blowout;
  L.diameter_mm = fresh_d * shrink;
  /* Light scattered in the dermis softens the healed dot's edge by STP_PIGMENT_SCATTER_MM all
   * round: the pigment's core (the half-opacity diameter) is as small as the sources say, but
   * the dot reads wider and softer than its core, as healed SMP does. */
  L.softness_mm = fresh_soft * (0.8 + 0.6 * L.blowout) + 2.0 * STP_PIGMENT_SCATTER_MM;
  /* Diluted pigment heals out faster than its share of water: the healed darkness follows
   * ink^1.6 overall (fresh ink^0.65 times ink^0.95), so each step of the kit's dilution
   * ladder is a visible step of healed shade (docs/scoring.md, "Calibration"). */
  L.opacity = fresh_op * L.retention * (1.0 - scn->skin.heal_lightening * (1.0 - 0.5 * L.blowout)) * pow(ink, 0.95);
  if (imp->aged_years > 0) stp_pigment_age(scn, uptake, imp->aged_years, &L);
  *healed = L;
}

void stp_pigment_age(const stp_scenario *scn, double uptake, double years, stp_dot_look *L) {
  if (!(years > 0)) return;
  const stp_healing *h = &scn->healing;
  double rate = h->fade_per_year * (1.0 + h->sun) * (2.0 - h->aftercare) * (uptake < 1.0 ? h->scar_fade : 1.0);
  double d = L->diameter_mm;
  double d2 = sqrt(d * d + h->spread_mm2_per_year * years);
  /* Macrophages carry pigment away (the fading); what stays spreads like heat, so the
   * dot's cover (opacity x area) falls only by the fading. */
  L->opacity *= exp(-rate * years) * (d2 > 0 ? (d * d) / (d2 * d2) : 1.0);
  L->softness_mm += d2 - d;
  L->diameter_mm = d2;
}

stp_dot_look stp_pigment_look(const stp_impression *imp, const stp_scenario *scn, bool healed) {
  stp_dot_look L;
  stp_pigment_looks(imp, scn, healed ? NULL : &L, healed ? &L : NULL);
  return L;
}

void stp_pigment_center_rgb(const stp_dot_look *look, const float skin_rgb[3], float out[3]) {
  float a = (float)clamp01(look->opacity);
  for (int c = 0; c < 3; c++) out[c] = skin_rgb[c] * (1 - a) + look->rgb[c] * a;
}

double stp_pressure_to_depth(double pressure) {
  return DEPTH_MIN_MM + (DEPTH_MAX_MM - DEPTH_MIN_MM) * clamp01(pressure);
}

double stp_depth_to_pressure(double depth_mm) {
  return clamp01((depth_mm - DEPTH_MIN_MM) / (DEPTH_MAX_MM - DEPTH_MIN_MM));
}

void stp_pigment_patch_tint(const stp_patch *p, const float in[3], float out[3]) {
  float lum = 0.2126f * in[0] + 0.7152f * in[1] + 0.0722f * in[2];
  if (p->kind == STP_PATCH_ALOPECIA) {
    /* Smooth, a touch pinker (the renderer adds a sheen on top). */
    out[0] = in[0] * 1.02f; out[1] = in[1] * 0.99f; out[2] = in[2] * 0.99f;
    return;
  }
  /* Scar tissue: desaturated toward a pale pink-white (tone < 0) or darker (tone > 0). */
  float k = (float)(1.0 - 0.45 * p->tone);
  float pale[3] = {lum * 1.10f, lum * 0.98f, lum * 0.96f};
  for (int q = 0; q < 3; q++) out[q] = (0.35f * in[q] + 0.65f * pale[q]) * k;
}
