/* stp_technique.h - the assessor's figures of a session, from its input record.
 *
 * What an assessor watching a replay wants beside the work itself: how fast, how steady
 * the hand, how much was taken back, where the time went. All of it is read from the
 * input record (stp_record.h) played through the game's rules (stp_game_apply), so a
 * refused action (an undo in an assessment, a dot off the scalp) counts as it did live.
 *
 * Definitions (docs/cli.md, "Replay"):
 *   placed          place events the game accepted (impressions made, undone or not)
 *   pause           the gap between two consecutive events of any kind (actions and pointer
 *                   samples), from the record's time 0 to the first, and from the last to the
 *                   time the figures are taken at; longest_pause_ms is the longest
 *   active time     the sum of the pauses, each counted up to STP_TECHNIQUE_IDLE_MS (time
 *                   away from the station does not dilute the rate)
 *   per_minute      placed / active minutes (0 without active time)
 *   pressure        mean and population SD (divide by n) of the placed impressions' pressures
 *                   (0..1, as recorded, clamped as the game clamps them); cv = SD / mean (the
 *                   consistency: lower is steadier; 0 when the mean is 0)
 *   rework          undos and redos the game carried out; rework_share = undos / placed
 *   time per zone   each accepted place event's time since the previous game event (or the
 *                   record's start), added to the zone its impression lies in (the first zone
 *                   containing it, as the game counts), or to off_plan outside every zone;
 *                   impressions per zone counts the accepted place events the same way
 *   sessions        1 + the session ends the game accepted
 * Depends on: stp_game.h (and through it stp_record.h, stp_scenario.h).
 */
#ifndef STP_TECHNIQUE_H
#define STP_TECHNIQUE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "stp_game.h"

#define STP_TECHNIQUE_IDLE_MS 30000   /* a pause counts toward active time up to this */

typedef struct stp_technique_zone {
  size_t impressions;       /* accepted place events in the zone */
  int64_t time_ms;          /* the time those place events took (see above) */
} stp_technique_zone;

typedef struct stp_technique {
  int64_t duration_ms;      /* from the record's time 0 to the time the figures are taken at */
  int64_t active_ms;
  int64_t longest_pause_ms;
  int64_t longest_pause_at_ms;   /* when that pause began */
  size_t placed;
  size_t refused;           /* game events the game refused (undo with nothing to undo, ...) */
  double per_minute;
  double pressure_mean, pressure_sd, pressure_cv;
  size_t undos, redos;
  double rework_share;
  int sessions;
  int zone_count;           /* the scenario's zones, in its order */
  stp_technique_zone zones[STP_SCN_MAX_ZONES];
  stp_technique_zone off_plan;
  size_t events;            /* record events taken into account */
} stp_technique;

/* The running sums, fed one event at a time (the replay window feeds it as it plays). */
typedef struct stp_technique_acc {
  stp_technique fig;        /* counts so far; the derived figures are filled by stp_technique_get */
  double p_sum, p_sumsq;
  int64_t last_ms;          /* the previous event's time (any kind) */
  int64_t last_game_ms;     /* the previous game event's time */
} stp_technique_acc;

/* Start the sums for a scenario with zone_count zones. */
void stp_technique_begin(stp_technique_acc *t, int zone_count);

/* Take one record event into account: a game event is applied to g (stp_game_apply) and
 * counted by what it did to g; a note changes nothing in g. Events must come in the
 * record's order. Fails only when the game cannot hold the work (STP_ERR_NOMEM) or the
 * event goes back in time (STP_ERR_USAGE); a refused action is counted, not an error.
 * After a finish event nothing more is applied (stp_game_rebuild stops there too). */
stp_status stp_technique_step(stp_technique_acc *t, stp_game *g, const stp_record_event *e, stp_error *err);

/* The figures as of time now_ms (not before the last event taken; earlier is read as the
 * last event's time). */
void stp_technique_get(const stp_technique_acc *t, int64_t now_ms, stp_technique *out);

/* The sums over every event of rec at or before until_ms (INT64_MAX: all), played on a
 * fresh game of scn (as stp_game_rebuild plays them). */
stp_status stp_technique_accumulate(stp_technique_acc *t, const stp_scenario *scn, const stp_record *rec,
                                    bool assessment, int64_t until_ms, stp_error *err);

/* The figures up to until_ms (INT64_MAX: the whole record, taken at its last event's time;
 * otherwise taken at until_ms). */
stp_status stp_technique_compute(const stp_scenario *scn, const stp_record *rec, bool assessment, int64_t until_ms,
                                 stp_technique *out, stp_error *err);

#endif
