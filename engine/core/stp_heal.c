#include "stp_heal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "stp_gen.h"
#include "stp_rng.h"

static double clamp01(double v) { return v < 0 ? 0 : v > 1 ? 1 : v; }
static double smoothstep(double a, double b, double x) {
  if (!(b > a)) return x >= b ? 1 : 0;
  double t = clamp01((x - a) / (b - a));
  return t * t * (3 - 2 * t);
}
static double lerp(double a, double b, double t) { return a + (b - a) * t; }

double stp_heal_session_day(const stp_scenario *s, int session) {
  return (session > 1 ? session - 1 : 0) * s->healing.interval_days;
}

double stp_heal_age_days(const stp_scenario *s, const stp_impression *imp, int shown, double days_after) {
  double now = stp_heal_session_day(s, shown) + days_after;
  /* An old work's impression healed aged_years before the first session (its own session
   * numbers are the old work's). */
  if (imp->aged_years > 0) return imp->aged_years * STP_DAYS_PER_YEAR + now;
  return now - stp_heal_session_day(s, imp->session);
}

/* The loss chance from the dot's retention (pigment model) and its tissue's uptake. */
static double chance_of(const stp_healing *h, double retention, double uptake) {
  return clamp01(h->loss * (2.0 - h->aftercare) + h->loss_shallow * (1.0 - retention) + h->loss_scar * (1.0 - uptake));
}

double stp_heal_loss_chance(const stp_scenario *s, const stp_impression *imp) {
  double uptake = 1, spread = 1;
  stp_pigment_tissue(s, imp->x_mm, imp->y_mm, &uptake, &spread);
  stp_dot_look L;
  stp_pigment_looks(imp, s, &L, NULL);
  return chance_of(&s->healing, L.retention, uptake);
}

/* The draw against a chance: a hash of the seed and the fields as the work file keeps them
 * (stp_impression_quantize), so a saved and re-loaded work loses the same impressions. */
static bool drawn_lost(const stp_scenario *s, const stp_impression *imp, double chance) {
  uint64_t h = stp_rng_mix(s->seed ^ 0x4845414C494E47ull);   /* "HEALING" */
  h = stp_rng_mix(h ^ (uint64_t)llround(imp->x_mm * 100.0));
  h = stp_rng_mix(h ^ (uint64_t)llround(imp->y_mm * 100.0));
  h = stp_rng_mix(h ^ (uint64_t)llround(imp->depth_mm * 1000.0));
  h = stp_rng_mix(h ^ (uint64_t)(uint32_t)imp->session);
  h = stp_rng_mix(h ^ (uint64_t)imp->t_ms);
  double u = (double)(h >> 11) * 0x1.0p-53;
  return u < chance;
}

bool stp_heal_lost(const stp_scenario *s, const stp_impression *imp) {
  return drawn_lost(s, imp, stp_heal_loss_chance(s, imp));
}

void stp_heal_look_at(const stp_scenario *s, const stp_impression *imp, double age_days, stp_heal_look *out) {
  const stp_healing *h = &s->healing;
  memset(out, 0, sizeof *out);
  /* One evaluation of the model and of the tissue serves the look, the loss and the ageing
   * (this runs for every impression drawn at a moment). */
  double uptake = 1, spread = 1;
  stp_pigment_tissue(s, imp->x_mm, imp->y_mm, &uptake, &spread);
  stp_dot_look fresh, healed;
  stp_pigment_looks(imp, s, &fresh, &healed);   /* healed already aged by imp->aged_years */
  out->lost = drawn_lost(s, imp, chance_of(h, fresh.retention, uptake));
  if (age_days < 0 || (imp->aged_years > 0 && age_days < imp->aged_years * STP_DAYS_PER_YEAR)) {
    out->dot = fresh;
    out->dot.opacity = 0;
    return;
  }
  /* An old work's healed look is already aged by imp->aged_years: its own age is what
   * passed since, counted from a settled dot. */
  double own_age = age_days;
  if (imp->aged_years > 0) own_age = age_days - imp->aged_years * STP_DAYS_PER_YEAR + h->settle_days;
  double t = smoothstep(h->flake_from_days, h->settle_days, own_age);
  out->healing = t;
  out->redness = h->redness_days > 0 ? clamp01(1.0 - own_age / h->redness_days) : 0;
  out->scab = smoothstep(0.5, h->flake_from_days, own_age) * (1.0 - smoothstep(h->flake_from_days, h->flake_to_days, own_age));
  stp_dot_look L = healed;
  if (t < 1) {
    L.diameter_mm = lerp(fresh.diameter_mm, healed.diameter_mm, t);
    L.softness_mm = lerp(fresh.softness_mm, healed.softness_mm, t);
    L.opacity = lerp(fresh.opacity, healed.opacity, t);
  }
  /* The crust: darker and a little larger than the dot under it. */
  L.diameter_mm *= 1.0 + 0.15 * out->scab;
  L.opacity = fmin(0.98, L.opacity * (1.0 + 0.25 * out->scab));
  if (own_age > h->settle_days) stp_pigment_age(s, uptake, (own_age - h->settle_days) / STP_DAYS_PER_YEAR, &L);
  out->visible = true;
  if (out->lost && imp->aged_years <= 0) {
    /* A lost impression goes with its scab. */
    double gone = smoothstep(h->flake_from_days, h->flake_to_days, own_age);
    L.opacity *= 1.0 - gone;
    out->visible = gone < 1.0;
  }
  out->dot = L;
}

bool stp_heal_survives(const stp_scenario *s, const stp_impression *imp) {
  return imp->aged_years > 0 || !stp_heal_lost(s, imp);
}

/* The instructor's work in the done zones (role STP_ZONE_DONE), appended to out: an expert's
 * work generated over those zones alone at their targets, seeded from the scenario's seed,
 * healed when the first session begins and not lost (what is shown is what held). */
static stp_status done_work(const stp_scenario *s, stp_work *out, stp_error *err) {
  if (!stp_scenario_has_done(s)) return STP_OK;
  stp_scenario *only = malloc(sizeof *only);
  if (!only) return stp_error_set(err, STP_ERR_NOMEM, s->path, 0, "out of memory generating the instructor's work");
  /* The done zones alone (zones never overlap: `check`), so each candidate dot is tested
   * against them only. */
  memcpy(only, s, sizeof *only);
  only->zone_count = 0;
  for (int z = 0; z < s->zone_count; z++)
    if (s->zones[z].role == STP_ZONE_DONE) {
      only->zones[only->zone_count] = s->zones[z];
      only->zones[only->zone_count++].role = STP_ZONE_WORK;
    }
  stp_gen_opts o = stp_gen_expert_opts();
  stp_work gen;
  stp_status st = stp_gen_work(only, stp_rng_mix(s->seed ^ 0x444F4E45ull), &o, &gen, err);   /* "DONE" */
  free(only);
  if (st != STP_OK) return st;
  double healed_years = s->healing.settle_days / STP_DAYS_PER_YEAR;
  for (size_t i = 0; i < gen.count && st == STP_OK; i++) {
    stp_impression imp = gen.items[i];
    imp.session = 1;
    imp.t_ms = (int64_t)i * 400;
    stp_impression_quantize(&imp);
    imp.aged_years = healed_years > 0 ? healed_years : 1.0 / STP_DAYS_PER_YEAR;
    imp.context = true;
    st = stp_work_push(out, &imp, NULL, err);
  }
  if (st == STP_OK && !out->pigment_count) {
    out->pigment_count = gen.pigment_count;
    memcpy(out->pigments, gen.pigments, sizeof out->pigments);
    out->has_pigment = gen.has_pigment;
  }
  stp_work_free(&gen);
  return st;
}

stp_status stp_heal_history(const stp_scenario *s, stp_work *out, stp_error *err) {
  stp_work_init(out);
  if (!s->history.set) {
    stp_status st = done_work(s, out, err);
    if (st != STP_OK) stp_work_free(out);
    return st;
  }
  const stp_history *hi = &s->history;
  stp_gen_opts o = stp_gen_expert_opts();
  o.density_factor = hi->density;
  uint64_t seed = hi->seed ? hi->seed : stp_rng_mix(s->seed ^ 0x484953544F5259ull);   /* "HISTORY" */
  stp_work gen;
  stp_status st = stp_gen_work(s, seed, &o, &gen, err);
  if (st != STP_OK) return st;
  int sessions = hi->sessions > 0 ? hi->sessions : 1;
  for (size_t i = 0; i < gen.count; i++) {
    stp_impression imp = gen.items[i];
    imp.session = (int32_t)(1 + i % (size_t)sessions);
    imp.t_ms = (int64_t)(i / (size_t)sessions) * 700;
    if (hi->ink > 0) imp.ink = hi->ink;
    stp_impression_quantize(&imp);
    if (stp_heal_lost(s, &imp)) continue;   /* lost in its own healing, years ago */
    imp.aged_years = hi->age_years + (sessions - imp.session) * s->healing.interval_days / STP_DAYS_PER_YEAR;
    imp.context = true;
    st = stp_work_push(out, &imp, NULL, err);
    if (st != STP_OK) break;
  }
  out->pigment_count = gen.pigment_count;
  memcpy(out->pigments, gen.pigments, sizeof out->pigments);
  out->has_pigment = gen.has_pigment;
  stp_work_free(&gen);
  if (st == STP_OK) st = done_work(s, out, err);
  if (st != STP_OK) stp_work_free(out);
  return st;
}
