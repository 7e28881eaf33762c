/* stp_heal.h - time: sessions, healing and ageing of the pigment.
 *
 * SMP is built in sessions some days apart (scenario healing.interval_days), each healing
 * before the next; then the pigment fades over years. Every impression's look depends on
 * its age: the time from its own session to the moment shown. The numbers are the
 * scenario's stp_healing (defaults and sources in stp_scenario_defaults and
 * docs/scoring.md, "Healing and time"):
 *   day 0 .. redness_days       the skin about each dot is red (fading out linearly);
 *   day ~0.5 .. flake_to_days   a crust forms over the dot (darker, a little larger), and
 *                               flakes off between flake_from_days and flake_to_days;
 *   flake_from .. settle_days   the dot shrinks and lightens from the fresh look to the
 *                               healed look of stp_pigment.h (smoothstep);
 *   impressions lost in healing (stp_heal_lost) fade out with their scab and are gone
 *                               from flake_to_days;
 *   after settle_days           the healed look ages by the years since (stp_pigment_age):
 *                               opacity x exp(-rate y), rate = fade_per_year (1 + sun)
 *                               (2 - aftercare), x scar_fade in scar tissue; the diameter
 *                               squared grows by spread_mm2_per_year y and the soft edge
 *                               by the same growth, the pigment's cover (opacity x area)
 *                               falling only by the fading.
 * Session s (1-based) takes place on day (s - 1) x interval_days.
 * Pure and deterministic. Depends on: stp_pigment.h, stp_scenario.h, stp_work.h.
 */
#ifndef STP_HEAL_H
#define STP_HEAL_H

#include <stdbool.h>
#include "stp_error.h"
#include "stp_pigment.h"
#include "stp_scenario.h"
#include "stp_work.h"

#define STP_DAYS_PER_YEAR 365.25

/* The day session s takes place, counted from the first session: (s - 1) x interval_days. */
double stp_heal_session_day(const stp_scenario *s, int session);

/* The age in days of imp when the skin is shown days_after days after session `shown`
 * took place (negative for an impression of a later session: not placed yet). An old
 * work's impression (imp->aged_years > 0) is older by that many years. */
double stp_heal_age_days(const stp_scenario *s, const stp_impression *imp, int shown, double days_after);

/* The chance that imp is lost in healing: loss (2 - aftercare) + loss_shallow (1 - retention)
 * + loss_scar (1 - uptake), at most 1. */
double stp_heal_loss_chance(const stp_scenario *s, const stp_impression *imp);
/* Whether imp is lost in healing: a draw from a hash of the scenario's seed and the
 * impression's own rounded position, depth, session and time (never its row), so the
 * same impression is lost or kept whatever the order of the work. */
bool stp_heal_lost(const stp_scenario *s, const stp_impression *imp);

typedef struct stp_heal_look {
  stp_dot_look dot;     /* size, soft edge, opacity and colour at that age */
  double redness;       /* 0..1: the skin about the dot reddened (the first days) */
  double scab;          /* 0..1: a crust over the dot (before and while flaking) */
  double healing;       /* 0 fresh .. 1 settled */
  bool lost;            /* lost in healing (fading out with its scab) */
  bool visible;         /* false: not placed yet (age < 0), or lost and flaked off */
} stp_heal_look;

/* The look of imp at age_days after its session (stp_heal_age_days). */
void stp_heal_look_at(const stp_scenario *s, const stp_impression *imp, double age_days, stp_heal_look *out);

/* The moment a healed work is judged: every session healed (stp_heal_look_at at
 * settle_days after the last one). True when imp is there then. */
bool stp_heal_survives(const stp_scenario *s, const stp_impression *imp);

/* A touch-up's old work (scenario history): generated from the zones' targets at
 * history.density of their final density (stp_gen, expert options, seeded by history.seed
 * or else from the scenario's seed), in history.sessions sessions, each impression's ink
 * history.ink when set; the ones lost in their healing left out; every impression marked
 * context and aged_years = history.age_years plus the sessions it healed before the last.
 * Then the instructor's work in the zones done by the instructor (role STP_ZONE_DONE): an
 * expert's work over those zones alone, seeded from the scenario's seed, none lost, marked
 * context and aged settle_days (healed when the first session begins).
 * *out is initialised here (empty when the scenario has neither). */
stp_status stp_heal_history(const stp_scenario *s, stp_work *out, stp_error *err);

#endif
