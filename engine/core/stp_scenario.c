#include "stp_scenario.h"
#include "stp_field.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

static const char *const crit_keys[] = {
#define STP_X_KEY(id, key, name, w, on, tol, zero) key,
  STP_CRITERIA_LIST(STP_X_KEY)
#undef STP_X_KEY
};
static const char *const crit_names[] = {
#define STP_X_NAME(id, key, name, w, on, tol, zero) name,
  STP_CRITERIA_LIST(STP_X_NAME)
#undef STP_X_NAME
};
typedef struct crit_default { double weight; bool on; double tolerance, zero; } crit_default;
static const crit_default crit_defaults[] = {
#define STP_X_D(id, key, name, w, on, tol, zero) {w, on, tol, zero},
  STP_CRITERIA_LIST(STP_X_D)
#undef STP_X_D
};

const char *stp_criterion_key(stp_criterion_id id) {
  return (int)id >= 0 && id < STP_CRIT_COUNT ? crit_keys[id] : "?";
}
const char *stp_criterion_name(stp_criterion_id id) {
  return (int)id >= 0 && id < STP_CRIT_COUNT ? crit_names[id] : "?";
}
stp_criterion_id stp_criterion_find(const char *key) {
  for (int i = 0; i < STP_CRIT_COUNT; i++)
    if (key && strcmp(key, crit_keys[i]) == 0) return (stp_criterion_id)i;
  return STP_CRIT_COUNT;
}

static float srgb_to_linear(float c) {
  return c <= 0.04045f ? c / 12.92f : powf((c + 0.055f) / 1.055f, 2.4f);
}

void stp_skin_tone(int fitzpatrick, float rgb[3]) {
  /* Representative sRGB tones for Fitzpatrick I..VI (scalp skin, top-down light). */
  static const unsigned char tones[6][3] = {
    {243, 218, 200}, {230, 193, 166}, {207, 160, 124},
    {170, 120, 86},  {120, 80, 55},   {72, 50, 38},
  };
  int i = fitzpatrick < 1 ? 0 : fitzpatrick > 6 ? 5 : fitzpatrick - 1;
  for (int c = 0; c < 3; c++) rgb[c] = srgb_to_linear(tones[i][c] / 255.0f);
}

void stp_scenario_defaults(stp_scenario *s) {
  memset(s, 0, sizeof *s);
  snprintf(s->id, sizeof s->id, "untitled");
  snprintf(s->title, sizeof s->title, "Untitled scenario");
  s->difficulty = 1;
  s->sessions = 3;
  s->skin.fitzpatrick = 3;
  stp_skin_tone(3, s->skin.rgb);
  s->skin.heal_lightening = 0.25;   /* "some skins heal 2-3 shades lighter" */
  s->rubric.pass_mark = 70;
  for (int i = 0; i < STP_CRIT_COUNT; i++) {
    s->rubric.items[i].enabled = crit_defaults[i].on;
    s->rubric.items[i].weight = crit_defaults[i].weight;
    s->rubric.items[i].tolerance = crit_defaults[i].tolerance;
    s->rubric.items[i].zero = crit_defaults[i].zero;
  }
  s->rubric.merge_factor = 1.0;
  s->rubric.max_merged_fraction = 0.3;
  s->rubric.boundary_margin_mm = 1.0;
  s->rubric.evidence_share = 0.5;
  s->depth.shallow_mm = 0.5;        /* doctorstudio.co: < 0.5 mm lost in 2-4 weeks */
  s->depth.deep_mm = 1.5;           /* > 1.5 mm spreads and blurs */
  static const double needles[] = {0.18, 0.25, 0.30, 0.35};
  s->needle_count = 4;
  memcpy(s->needles_mm, needles, sizeof needles);
  static const double inks[] = {1.0, 0.75, 0.5, 0.35, 0.25};
  s->ink_count = 5;
  memcpy(s->inks, inks, sizeof inks);
  /* The default kit: pigment colours as they heal in the papillary dermis at full
   * strength, sRGB. Healed carbon reads as a neutral to slightly cool very dark grey
   * (seen through the epidermis, never jet black); the greys are carbon cut with white
   * (cool) or with a little brown (warm); the brown matches brown stubble. */
  static const struct { const char *id, *name; unsigned char c[3]; } kit[] = {
    {"carbon-black", "Carbon black", {0x14, 0x15, 0x18}},
    {"cool-dark-grey", "Cool dark grey", {0x2a, 0x30, 0x38}},
    {"warm-dark-grey", "Warm dark grey", {0x3e, 0x36, 0x30}},
    {"dark-brown", "Dark brown", {0x5e, 0x3a, 0x22}},
  };
  s->pigment_count = 4;
  for (int i = 0; i < 4; i++) {
    snprintf(s->pigments[i].id, sizeof s->pigments[i].id, "%s", kit[i].id);
    snprintf(s->pigments[i].name, sizeof s->pigments[i].name, "%s", kit[i].name);
    for (int c = 0; c < 3; c++) s->pigments[i].rgb[c] = srgb_to_linear(kit[i].c[c] / 255.0f);
  }
  s->view_x0 = -120; s->view_y0 = 40; s->view_x1 = 120; s->view_y1 = 260;
  s->seed = 0x5EED;
  s->overlays = STP_OVERLAY_ALL;
  /* Healing and ageing, with the sources in docs/scoring.md ("Healing and time"). */
  stp_healing *h = &s->healing;
  h->interval_days = 14;       /* "within a couple of weeks" (the seed); 7-10 days at least */
  h->redness_days = 2;         /* "redness first 48 h" (the seed) */
  h->flake_from_days = 3;      /* flaking on days 3-5 (myhairline.ai recovery guide) */
  h->flake_to_days = 5;
  h->settle_days = 7;          /* settled by day 7; "healed within a week" (the seed) */
  h->loss = 0.12;              /* 10-15 % of marks lost per session (beautybrowsbeyond.com) */
  h->loss_shallow = 0.5;       /* a modelling choice: epidermal pigment flakes off with the scab */
  h->loss_scar = 0.5;          /* a modelling choice: scar tissue takes pigment unevenly */
  h->fade_per_year = 0.08;     /* a modelling choice: a third lighter from afar at 5 years, when touch-ups
                                  fall due (3-5 years, the seed; 2-6, ink2scalp.com) */
  h->spread_mm2_per_year = 0.004; /* no source gives a figure (smp.md): a parameter; detail blurs
                                  over 10-15 years (the Eames model, assessment-and-healing.md) */
  h->sun = 0;                  /* an average client; 1 doubles the fading */
  h->aftercare = 1.0;
  h->scar_fade = 1.8;          /* scars faded 1.6 vs 0.9 points at 6 months (Liu et al. 2025) */
  for (int z = 0; z < STP_SCN_MAX_ZONES; z++)
    for (int k = 0; k < STP_SCN_MAX_SESSIONS; k++) s->zones[z].plan[k].pigment = -1;
  stp_head_standard(&s->head);
  s->head_set = false;
  /* Boundary classes (off unless the scenario sets them): a hard error counts as a forbidden
   * zone's impression always has (five), a soft one as a dot in the margin has (half). */
  s->rubric.boundary_classes = false;
  s->rubric.boundary_hard = 5.0;
  s->rubric.boundary_soft = 0.5;
  s->design.enabled = false;
  s->design.zone = s->design.behind = -1;
  s->design.guides = STP_DESIGN_GUIDES_RULER;
}

const char *stp_surface_key(stp_surface sf) {
  static const char *const keys[] = {NULL, "flat", "raised", "atrophic", "shiny"};
  return sf > STP_SURFACE_NONE && sf <= STP_SURFACE_SHINY ? keys[sf] : NULL;
}

bool stp_scenario_has_plans(const stp_scenario *s) {
  for (int z = 0; z < s->zone_count; z++)
    for (int k = 0; k < STP_SCN_MAX_SESSIONS; k++)
      if (s->zones[z].plan[k].set) return true;
  return false;
}

static const char *const TUTORIAL_KEYS[] = {
#define STP_X_TUT(id, key) key,
  STP_TUTORIAL_LIST(STP_X_TUT)
#undef STP_X_TUT
};

const char *stp_tutorial_step_key(stp_tutorial_step step) {
  return step >= 0 && step < STP_TUT_COUNT ? TUTORIAL_KEYS[step] : NULL;
}

stp_tutorial_step stp_tutorial_step_find(const char *key) {
  for (int i = 0; i < STP_TUT_COUNT; i++)
    if (strcmp(TUTORIAL_KEYS[i], key) == 0) return (stp_tutorial_step)i;
  return STP_TUT_COUNT;
}

bool stp_scenario_zone_worked(const stp_scenario *s, int z) {
  return z >= 0 && z < s->zone_count && s->zones[z].role != STP_ZONE_FORBIDDEN && s->zones[z].role != STP_ZONE_DONE;
}

bool stp_scenario_has_done(const stp_scenario *s) {
  for (int z = 0; z < s->zone_count; z++)
    if (s->zones[z].role == STP_ZONE_DONE) return true;
  return false;
}

bool stp_scenario_timed(const stp_scenario *s) { return s->history.set || stp_scenario_has_plans(s); }

void stp_scenario_for_session(const stp_scenario *final, int session, stp_scenario *out) {
  if (out != final) memcpy(out, final, sizeof *out);
  if (session < 1 || session > STP_SCN_MAX_SESSIONS) return;
  for (int z = 0; z < out->zone_count; z++) {
    stp_zone *zn = &out->zones[z];
    const stp_session_plan *p = &zn->plan[session - 1];
    if (!p->set) continue;
    double k = p->density > 0 ? p->density : 1.0;
    zn->density_per_cm2 *= k;
    zn->density_tolerance *= k;
    if (zn->density_field.kind == STP_FIELD_RAMP) {
      zn->density_field.from *= k;
      zn->density_field.to *= k;
    } else if (zn->density_field.kind == STP_FIELD_GRID) {
      zn->density_field.scale = (zn->density_field.scale > 0 ? zn->density_field.scale : 1.0) * k;
    }
    if (p->needle_mm > 0) zn->needle_mm = p->needle_mm;
    bool tools = false;
    if (p->ink > 0) {
      zn->ink = p->ink;
      zn->ink_field.kind = STP_FIELD_CONST;
      zn->ink_auto = false;
      tools = true;
    }
    if (p->pigment >= 0 && p->pigment < out->pigment_count) {
      zn->pigment = p->pigment;
      zn->pigment_auto = false;
      tools = true;
    }
    /* The session's shade is its plan's: the healed colour of the planned ink and pigment. */
    if (tools && zn->role != STP_ZONE_FORBIDDEN) zn->shade_source = STP_SHADE_PLAN;
  }
}

#define FAIL(...) stp_error_set(err, STP_ERR_RANGE, s->path, 0, __VA_ARGS__)

stp_status stp_scenario_validate(const stp_scenario *s, stp_error *err) {
  if (!s->id[0]) return FAIL("the scenario has no id");
  if (s->difficulty < 1 || s->difficulty > 5) return FAIL("difficulty is %d; it must be 1..5", s->difficulty);
  if (s->sessions < 1 || s->sessions > 4) return FAIL("sessions is %d; it must be 1..4", s->sessions);
  if (!(s->time_limit_s >= 0)) return FAIL("time_limit must be 0 (none) or a positive number of seconds");
  if (s->skin.fitzpatrick < 1 || s->skin.fitzpatrick > 6)
    return FAIL("client skin is Fitzpatrick %d; it must be 1..6", s->skin.fitzpatrick);
  if (!(s->skin.heal_lightening >= 0 && s->skin.heal_lightening <= 1))
    return FAIL("heal_lightening must be between 0 and 1");
  const stp_healing *hl = &s->healing;
#define HEAL_IN(v, lo, hi, name) \
  if (!(hl->v >= (lo) && hl->v <= (hi))) return FAIL("healing " name " is %g; it must be %g..%g", hl->v, (double)(lo), (double)(hi))
  HEAL_IN(interval_days, 1, 365, "interval");
  HEAL_IN(redness_days, 0, 30, "redness_days");
  HEAL_IN(flake_from_days, 0, 60, "flake_from");
  HEAL_IN(flake_to_days, hl->flake_from_days, 60, "flake_to");
  HEAL_IN(settle_days, hl->flake_to_days, 120, "settle_days");
  HEAL_IN(loss, 0, 0.9, "loss");
  HEAL_IN(loss_shallow, 0, 1, "loss_shallow");
  HEAL_IN(loss_scar, 0, 1, "loss_scar");
  HEAL_IN(fade_per_year, 0, 2, "fade_per_year");
  HEAL_IN(spread_mm2_per_year, 0, 1, "spread_mm2_per_year");
  HEAL_IN(sun, 0, 1, "sun");
  HEAL_IN(aftercare, 0, 1, "aftercare");
  HEAL_IN(scar_fade, 1, 5, "scar_fade");
#undef HEAL_IN
  if (s->tutorial_count < 0 || s->tutorial_count > STP_TUT_COUNT)
    return FAIL("the tutorial has %d steps; at most %d", s->tutorial_count, STP_TUT_COUNT);
  for (int i = 0; i < s->tutorial_count; i++) {
    if (!(s->tutorial[i] >= 0 && s->tutorial[i] < STP_TUT_COUNT))
      return FAIL("tutorial step %d is not a step (place, zoom, needle, healed, finish)", i + 1);
    for (int j = 0; j < i; j++)
      if (s->tutorial[j] == s->tutorial[i])
        return FAIL("tutorial step '%s' is listed twice", stp_tutorial_step_key(s->tutorial[i]));
  }
  if (s->history.set) {
    const stp_history *hi = &s->history;
    /* More than 0: the old work is told apart by its age (stp_impression.aged_years > 0); at 0
     * a work of one session would be drawn as fresh, red and crusted, on the first day. */
    if (!(hi->age_years > 0 && hi->age_years <= 30)) return FAIL("history age is %g years; it must be more than 0, at most 30", hi->age_years);
    if (!(hi->density > 0 && hi->density <= 1.5)) return FAIL("history density is %g; it must be in (0, 1.5]", hi->density);
    if (!(hi->ink >= 0 && hi->ink <= 1)) return FAIL("history ink is %g; it must be 0..1", hi->ink);
    if (hi->sessions < 1 || hi->sessions > STP_SCN_MAX_SESSIONS)
      return FAIL("history sessions is %d; it must be 1..%d", hi->sessions, STP_SCN_MAX_SESSIONS);
  }
  for (int z = 0; z < s->zone_count; z++) {
    double prev = 0;
    for (int k = 0; k < STP_SCN_MAX_SESSIONS; k++) {
      const stp_session_plan *p = &s->zones[z].plan[k];
      if (!p->set) continue;
      if (k >= s->sessions)
        return FAIL("zone '%s' has a plan for session %d of %d", s->zones[z].id, k + 1, s->sessions);
      if (!(p->density > 0 && p->density <= 1.5))
        return FAIL("zone '%s' session %d density is %g; it must be a share in (0, 1.5]", s->zones[z].id, k + 1, p->density);
      if (p->density < prev)
        return FAIL("zone '%s' session %d density %g is below session %d's %g: the share counts every session so far",
                    s->zones[z].id, k + 1, p->density, k, prev);
      prev = p->density;
      if (!(p->ink >= 0 && p->ink <= 1)) return FAIL("zone '%s' session %d ink must be 0..1", s->zones[z].id, k + 1);
      if (!(p->needle_mm >= 0 && p->needle_mm <= 2)) return FAIL("zone '%s' session %d needle must be 0..2 mm", s->zones[z].id, k + 1);
      if (p->pigment >= s->pigment_count) return FAIL("zone '%s' session %d pigment is not in the kit", s->zones[z].id, k + 1);
    }
  }
  if (!(s->rubric.pass_mark >= 0 && s->rubric.pass_mark <= 100))
    return FAIL("pass_mark is %g; it must be 0..100", s->rubric.pass_mark);
  double wsum = 0;
  for (int i = 0; i < STP_CRIT_COUNT; i++) {
    const stp_rubric_item *it = &s->rubric.items[i];
    if (!it->enabled) continue;
    if (!(it->weight >= 0 && it->weight <= 1000))
      return FAIL("rubric weight of '%s' is %g; it must be 0..1000", crit_keys[i], it->weight);
    wsum += it->weight;
  }
  if (!(wsum > 0)) return FAIL("the rubric has no criterion with a positive weight");
  if (!(s->rubric.merge_factor >= 0.5 && s->rubric.merge_factor <= 3))
    return FAIL("spacing merge_factor must be 0.5..3");
  if (!(s->rubric.max_merged_fraction >= 0.01 && s->rubric.max_merged_fraction <= 1))
    return FAIL("spacing max_merged_fraction must be 0.01..1");
  if (!(s->rubric.pattern_weight >= 0 && s->rubric.pattern_weight <= 1))
    return FAIL("spacing pattern weight must be 0..1");
  for (int i = 0; i < STP_CRIT_COUNT; i++) {
    const stp_rubric_item *it = &s->rubric.items[i];
    if (it->enabled && !(isfinite(it->tolerance) && isfinite(it->zero) && it->tolerance >= 0 &&
                         it->zero > it->tolerance))
      return FAIL("rubric '%s': tolerance (%g) must be >= 0 and below zero (%g)", crit_keys[i],
                  it->tolerance, it->zero);
    if (it->enabled && !(it->gate >= 0 && it->gate <= 100))
      return FAIL("rubric '%s': gate %g must be 0..100 (0: not a gate)", crit_keys[i], it->gate);
  }
  if (!(s->rubric.boundary_margin_mm >= 0 && s->rubric.boundary_margin_mm <= 10))
    return FAIL("boundary margin must be 0..10 mm");
  if (s->rubric.boundary_classes &&
      !(s->rubric.boundary_hard >= 0 && s->rubric.boundary_hard <= 100 && s->rubric.boundary_soft >= 0 &&
        s->rubric.boundary_soft <= s->rubric.boundary_hard))
    return FAIL("boundary hard must be 0..100 and soft 0..hard");
  for (int z = 0; z < s->zone_count; z++) {
    const stp_tissue *t = &s->zones[z].tissue;
    if ((t->shallow_mm != 0 || t->deep_mm != 0) && !(t->shallow_mm > 0 && t->shallow_mm < t->deep_mm && t->deep_mm <= 5))
      return FAIL("zone '%s': tissue depth needs 0 < min < max <= 5 mm", s->zones[z].id);
    if (!(t->uptake >= 0 && t->uptake <= 1) || !(t->spread == 0 || (t->spread >= 1 && t->spread <= 5)))
      return FAIL("zone '%s': tissue uptake must be 0..1 and spread 1..5", s->zones[z].id);
  }
  if (!(s->rubric.evidence_share > 0 && s->rubric.evidence_share <= 1))
    return FAIL("rubric evidence share must be above 0 and at most 1");
  if (!(s->depth.shallow_mm > 0 && s->depth.shallow_mm < s->depth.deep_mm && s->depth.deep_mm <= 5))
    return FAIL("depth_window needs 0 < shallow < deep <= 5 mm");
  if (s->needle_count < 1 || s->needle_count > STP_SCN_MAX_NEEDLES) return FAIL("tools.needles needs 1..%d needles", STP_SCN_MAX_NEEDLES);
  for (int i = 0; i < s->needle_count; i++)
    if (!(s->needles_mm[i] >= 0.1 && s->needles_mm[i] <= 1.0))
      return FAIL("needle %d is %g mm; needles must be 0.1..1.0 mm", i + 1, s->needles_mm[i]);
  if (s->ink_count < 1 || s->ink_count > STP_SCN_MAX_INKS) return FAIL("tools.inks needs 1..%d inks", STP_SCN_MAX_INKS);
  for (int i = 0; i < s->ink_count; i++)
    if (!(s->inks[i] > 0 && s->inks[i] <= 1))
      return FAIL("ink %d is %g; inks must be in (0, 1]", i + 1, s->inks[i]);
  if (s->pigment_count < 1 || s->pigment_count > STP_SCN_MAX_PIGMENTS)
    return FAIL("tools.pigments needs 1..%d pigments", STP_SCN_MAX_PIGMENTS);
  for (int i = 0; i < s->pigment_count; i++) {
    const stp_kit_pigment *p = &s->pigments[i];
    if (!p->id[0]) return FAIL("pigment %d has no id", i + 1);
    for (const char *c = p->id; *c; c++)
      if (!((*c >= 'a' && *c <= 'z') || (*c >= '0' && *c <= '9') || *c == '-' || *c == '_'))
        return FAIL("pigment id '%s' may only use a-z, 0-9, '-' and '_'", p->id);
    for (int j = 0; j < i; j++)
      if (strcmp(s->pigments[j].id, p->id) == 0) return FAIL("two pigments have the id '%s'", p->id);
    for (int c = 0; c < 3; c++)
      if (!(p->rgb[c] >= 0 && p->rgb[c] <= 1)) return FAIL("pigment '%s' has a colour out of range", p->id);
  }
  if (s->zone_count < 1 || s->zone_count > STP_SCN_MAX_ZONES)
    return FAIL("a scenario needs 1..%d zones (it has %d)", STP_SCN_MAX_ZONES, s->zone_count);
  for (int i = 0; i < s->zone_count; i++) {
    const stp_zone *z = &s->zones[i];
    if (!z->id[0]) return FAIL("zone %d has no id", i + 1);
    for (int j = 0; j < i; j++)
      if (strcmp(s->zones[j].id, z->id) == 0) return FAIL("two zones have the id '%s'", z->id);
    if (!stp_shape_valid(&z->shape)) return FAIL("zone '%s' has an empty or malformed shape", z->id);
    if (!(z->density_per_cm2 >= 0 && z->density_per_cm2 <= 150))
      return FAIL("zone '%s' density is %g per cm2; it must be 0..150", z->id, z->density_per_cm2);
    if (!(z->density_tolerance >= 0 && z->density_tolerance <= 150))
      return FAIL("zone '%s' tolerance is %g per cm2; it must be 0..150", z->id, z->density_tolerance);
    if (z->density_per_cm2 > 0 && z->density_tolerance >= z->density_per_cm2)
      return FAIL("zone '%s' tolerance (%g) must be smaller than its density (%g)", z->id,
                  z->density_tolerance, z->density_per_cm2);
    if (!isfinite(z->angle_deg)) return FAIL("zone '%s' angle is not a number", z->id);
    if (!(z->ink > 0 && z->ink <= 1)) return FAIL("zone '%s' ink is %g; it must be in (0, 1]", z->id, z->ink);
    if (!(z->depth_mm > 0 && z->depth_mm <= 5)) return FAIL("zone '%s' depth is %g mm; it must be in (0, 5]", z->id, z->depth_mm);
    if (z->pigment < 0 || z->pigment >= s->pigment_count)
      return FAIL("zone '%s' plans pigment %d; the kit has %d", z->id, z->pigment + 1, s->pigment_count);
    if (!(z->needle_mm == 0 || (z->needle_mm >= 0.1 && z->needle_mm <= 1.0)))
      return FAIL("zone '%s' needle is %g mm; it must be 0.1..1.0", z->id, z->needle_mm);
    if ((unsigned)z->shade_source > STP_SHADE_COLOUR) return FAIL("zone '%s' has an unknown shade source", z->id);
  }
  for (int i = 0; i < s->hair_count; i++) {
    const stp_hair_region *h = &s->hair[i];
    if (!stp_shape_valid(&h->shape)) return FAIL("hair region %d has an empty or malformed shape", i + 1);
    if (!(h->density_per_cm2 >= 0 && h->density_per_cm2 <= 150))
      return FAIL("hair region %d density is %g per cm2; it must be 0..150", i + 1, h->density_per_cm2);
    if (!(h->length_mm >= 0.1 && h->length_mm <= 200))
      return FAIL("hair region %d length is %g mm; it must be 0.1..200", i + 1, h->length_mm);
  }
  stp_status fst = stp_field_validate(s, err);
  if (fst != STP_OK) return fst;
  if (!(s->view_x1 > s->view_x0 && s->view_y1 > s->view_y0)) return FAIL("the view rectangle is empty");
  return STP_OK;
}

double stp_scenario_zone_needle(const stp_scenario *s, int z) {
  if (z >= 0 && z < s->zone_count && s->zones[z].needle_mm > 0) return s->zones[z].needle_mm;
  if (s->needle_count < 1) return 0.25;
  int best = 0;
  for (int i = 1; i < s->needle_count; i++)   /* ties: the finer needle */
    if (fabs(s->needles_mm[i] - 0.25) < fabs(s->needles_mm[best] - 0.25) ||
        (fabs(s->needles_mm[i] - 0.25) == fabs(s->needles_mm[best] - 0.25) && s->needles_mm[i] < s->needles_mm[best]))
      best = i;
  return s->needles_mm[best];
}

int stp_scenario_find_pigment(const stp_scenario *s, const char *id) {
  for (int i = 0; i < s->pigment_count; i++)
    if (strcmp(s->pigments[i].id, id) == 0) return i;
  return -1;
}

int stp_scenario_zone_at(const stp_scenario *s, double x, double y) {
  for (int i = 0; i < s->zone_count; i++)
    if (stp_shape_contains(&s->zones[i].shape, x, y)) return i;
  return -1;
}

size_t stp_scenario_hair_units(const stp_scenario *s, bool long_hair, double *spread) {
  double asked = 0;
  for (int h = 0; h < s->hair_count; h++) {
    const stp_hair_region *hr = &s->hair[h];
    if (hr->density_per_cm2 <= 0 || (hr->length_mm > STP_SCN_LONG_HAIR_MM) != long_hair) continue;
    double x0, y0, x1, y1;
    stp_shape_bounds(&hr->shape, &x0, &y0, &x1, &y1);
    double spacing = sqrt(100.0 / hr->density_per_cm2);
    asked += ceil((x1 - x0) / spacing) * ceil((y1 - y0) / spacing);
  }
  double cap = long_hair ? STP_SCN_MAX_LONG_STRANDS : STP_SCN_MAX_HAIR_UNITS;
  /* Widening the spacing by f divides the cells by about f^2; a little more, for the
   * cells ceil() rounds up. */
  if (spread) *spread = asked > cap ? sqrt(asked / cap) * 1.02 : 1.0;
  return asked > (double)SIZE_MAX ? SIZE_MAX : (size_t)asked;
}
