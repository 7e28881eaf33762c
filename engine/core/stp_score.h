/* stp_score.h - scoring a work against a scenario's rubric.
 *
 * Pure and deterministic: the same work and scenario give the same result to
 * the last digit whatever the order of the rows (every criterion is computed
 * from order-independent counts and sums taken in a fixed order).
 * Criteria come from STP_CRITERIA_LIST in stp_scenario.h; docs/scoring.md
 * explains each formula.
 * Depends on: stp_scenario.h, stp_work.h, stp_pigment.h.
 */
#ifndef STP_SCORE_H
#define STP_SCORE_H

#include <stdbool.h>
#include <stddef.h>
#include "stp_error.h"
#include "stp_scenario.h"
#include "stp_work.h"

typedef struct stp_zone_result {
  size_t count;           /* impressions whose position falls in this zone */
  double area_cm2;
  double density;         /* per cm2 */
  double target, tolerance;
  double score;           /* 0..100 */
} stp_zone_result;

typedef struct stp_criterion_result {
  stp_criterion_id id;
  bool enabled;
  double score;           /* 0..100 */
  double weight;          /* normalised: enabled weights sum to 1 */
  char figures[512];      /* "28.4 impressions/cm² in Practice field, target 30 ± 5" */
  char advice[512];       /* what to do about it */
} stp_criterion_result;

typedef struct stp_score_result {
  double score;           /* 0..100, weighted mean of enabled criteria */
  bool passed;            /* score >= pass_mark */
  double pass_mark;
  size_t impressions;     /* rows in the work */
  size_t in_zones;        /* impressions inside some zone */
  size_t merged;          /* impressions that merge with a neighbour */
  stp_criterion_result criteria[STP_CRIT_COUNT];
  int zone_count;
  stp_zone_result zones[STP_SCN_MAX_ZONES];
} stp_score_result;

/* Score a work. merged_flags, if non-NULL, has work->count bytes and receives 1 for each
 * impression that merges with a neighbour. */
stp_status stp_score_work(const stp_scenario *scn, const stp_work *work, stp_score_result *out,
                          unsigned char *merged_flags, stp_error *err);

/* The distance (mm) under which two impressions merge once healed, for this scenario. */
double stp_score_merge_distance(const stp_scenario *scn, const stp_impression *a,
                                const stp_impression *b);

/* The result as JSON (cJSON-built, UTF-8). Caller frees with free(). NULL when out of memory. */
char *stp_score_to_json(const stp_scenario *scn, const stp_score_result *r);

#endif
