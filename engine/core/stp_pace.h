/* stp_pace.h - how long a case takes: the impressions it asks of the trainee and the
 * minutes they take at a steady pace.
 *
 * The expected impressions are the plan the scorer judges the density against
 * (docs/scoring.md, "Density"): for each scored zone (every zone but a forbidden one) the
 * integral of its target density over its area, by the end of the last session (a timed
 * case's last session plan, stp_scenario_for_session; its share is the whole final
 * design in every bundled case). A touch-up's old work (scenario history,
 * stp_heal_history) already lies in the zones: the impressions of it in a zone are taken
 * off that zone's plan (never below 0). The integral is exact for a constant density (the
 * density times stp_shape_area_mm2); a varying density (ramp, grid) is averaged over the
 * centres of cells of at most 0.25 mm over the zone's bounds, times the exact area.
 * Overlapping zones are each counted over their whole area, as the scorer's plan does.
 * Impressions lost in healing and replaced are not counted: a plan, not a prediction.
 *
 * The pace is impressions a second; STP_PACE_PER_S is the realistic pace of a trainee
 * placing single impressions by pen or mouse (2-3 a second; issue 14), so a bundled case
 * sized for 5-20 minutes of practice asks 750-3000 impressions.
 * Pure and deterministic. Depends on: stp_scenario.h, stp_field.h, stp_heal.h.
 */
#ifndef STP_PACE_H
#define STP_PACE_H

#include "stp_error.h"
#include "stp_scenario.h"

#define STP_PACE_PER_S       2.5    /* impressions a second */
#define STP_PACE_MIN_MINUTES 2.0    /* `check` warns below: too short for a curriculum case (the
                                       practice field, 01, is a 2.4-minute drill) */
#define STP_PACE_MAX_MINUTES 20.0   /* `check` warns above: too long for one sitting */

typedef struct stp_pace {
  double planned;       /* the plan over the scored zones, impressions (last session's total) */
  double already;       /* of it, what the history already holds (0 without one) */
  double impressions;   /* planned - already, zone by zone, each at least 0 */
  double minutes;       /* impressions / per_s / 60 */
} stp_pace;

/* The expected impressions and minutes of scenario s at per_s impressions a second
 * (<= 0: STP_PACE_PER_S). Fails only when the history cannot be generated (out of memory). */
stp_status stp_pace_expected(const stp_scenario *s, double per_s, stp_pace *out, stp_error *err);

/* The expected minutes at STP_PACE_PER_S, or -1 on failure (for the menu). */
double stp_pace_minutes(const stp_scenario *s);

/* The integral of zone z's target density over its area, in impressions (density per cm2
 * x area in cm2); 0 for a forbidden zone. */
double stp_pace_zone_impressions(const stp_scenario *s, int z);

#endif
