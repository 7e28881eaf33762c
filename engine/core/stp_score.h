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
#include "stp_design.h"

typedef struct stp_zone_result {
  size_t count;           /* impressions whose position falls in this zone */
  double area_cm2;
  double density;         /* per cm2 */
  double target, tolerance;
  double score;           /* 0..100: the lower of mean_score and coverage_score */
  /* Coverage: the zone cut into 2 mm cells; each cell judged on the density within the
   * 1 cm2 window (10 x 10 mm) about it against the target there. Shares of the zone's area: */
  double within, sparse, bare, dense, crowded;  /* on target / below / under a quarter of it /
                                                   above / over 1.75 times it (part of dense) */
  double mean_score;      /* the zone's mean density against its target */
  double uneven;          /* share of its area off the band about the zone's own level (not bare,
                             crowded or in a hole): patchy */
  double holes;           /* share of its area (not bare at 1 cm2) with nothing in 6 x 6 mm though planned */
  double coverage_error;  /* bare + holes + crowded + half of uneven */
  double coverage_score;  /* from coverage_error (rubric density tolerance, zero) */
  bool scored;            /* judged on density (every zone but a forbidden one) */
  char label[64];         /* the zone's name (or id), for messages */
  size_t judged;          /* its impressions judged dot by dot (not context) */
  size_t too_shallow, too_deep;   /* of them, off the zone's depth window */
} stp_zone_result;

typedef struct stp_criterion_result {
  stp_criterion_id id;
  bool enabled;
  double score;           /* 0..100 */
  double weight;          /* normalised: enabled weights sum to 1 */
  double gate;            /* 0: not a gate; else the score below which the work fails */
  char figures[512];      /* "28.4 impressions/cm² in Practice field, target 30 ± 5" */
  char advice[512];       /* what to do about it */
} stp_criterion_result;

#define STP_SCORE_MAX_CUSTOM 8

/* One session judged against its own plan (docs/scoring.md, "Sessions and the healed whole"). */
typedef struct stp_session_result {
  int session;            /* 1-based */
  bool judged;            /* some zone has a plan for this session */
  size_t placed;          /* impressions placed in this session */
  size_t lost;            /* of them, lost in healing */
  double score;           /* 0..100 against the session's plan (0 when not judged) */
  bool passed;            /* judged, score >= pass mark, no gate failed, some impression placed
                             (false when not judged: such a session does not count) */
  bool enabled[STP_CRIT_COUNT];
  double criteria[STP_CRIT_COUNT];   /* each enabled criterion's score, 0..100 */
  char verdict[256];      /* one sentence: what this session got right or wrong */
} stp_session_result;

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
  /* Added with the full rubric: the figures behind each criterion (filled when it is enabled). */
  double clark_evans;     /* spacing: count-weighted Clark-Evans R over zones with >= 30 dots (0: none) */
  double grid_order;      /* spacing: 0 (no lattice) .. 1 (perfect grid) of nearest-neighbour directions:
                             the larger of grid_order_zone and grid_order_local */
  double grid_order_zone, grid_order_local;   /* over whole zones; within 1 cm tiles (rows, rings) */
  size_t pattern_dots;    /* spacing: impressions the pattern was judged on (0: not judged, R and order unset) */
  size_t too_shallow, too_deep;   /* depth: impressions outside the depth window */
  size_t outside, forbidden;      /* boundary: outside every zone / inside a forbidden zone */
  double boundary_error;          /* boundary: the weighted share off the plan the score is taken from */
  double depth_error;             /* depth: the weighted share off the window (deep counts twice) */
  double grain_error_deg;         /* grain: root-mean-square axial error over impressions in zones */
  double shade_delta_e;           /* shade: mean CIEDE2000 (ΔE00) over impressions in zones */
  double shade_session_delta_e;   /* shade: largest Delta E between two sessions' mean colours in a zone */
  double hairline_position_mm, hairline_width_mm, hairline_asymmetry_mm; /* hairline figures */
  double hairline_rise_mm, hairline_rise_design_mm;   /* hairline: 20 % -> 80 % of full, work and design */
  /* Density coverage over every scored zone, as shares of their summed area. */
  double coverage_within, coverage_sparse, coverage_bare, coverage_dense, coverage_crowded;
  /* How much of the plan the work judges: impressions in scored zones against the planned
   * count (each zone's mean target density times its area); evidence = min(1, placed /
   * (rubric evidence_share * planned)) scales the criteria judged dot by dot. */
  double planned;
  double evidence;
  double look_delta_e;            /* look: mean colour difference from 1 m, the work against the plan */
  double look_contrast_delta_e;   /* look: the same, bare scalp against the plan (what there was to do) */
  double look_error;              /* look: look_delta_e / look_contrast_delta_e over the zones' cells */
  double look_camouflage_delta_e; /* look: the scars against the skin around them (0 without scars) */
  double look_camouflage_plan_delta_e, look_camouflage_before_delta_e;   /* the same in the plan, untreated */
  double look_camouflage;         /* look: (work's - plan's) / untreated, at least 0 */
  bool look_scars;                /* look: the scenario has scars to camouflage */
  size_t outside_margin;          /* boundary: outside every zone but within the margin (free up to an
                                     allowance along the edges, then half each) */
  /* Gates: bit i set when criterion i has a gate and scored below it; the work then fails. */
  unsigned gates_failed;
  char verdict[512];              /* why the work passed or failed, one sentence */
  /* Time (a scenario with session plans or a history; docs/scoring.md, "Healing and time").
   * When timed, score is 0.5 x final_score + 0.5 x the judged sessions' mean (final_score alone
   * when none is judged), and the criteria, zones and figures above are the healed whole's. */
  bool timed;                     /* judged over time: the fields below are filled */
  int session_count;              /* sessions[0 .. session_count): 1 .. the scenario's last session
                                     or the last session with work, whichever is later (at most 4) */
  stp_session_result sessions[STP_SCN_MAX_SESSIONS];
  double final_score;             /* the healed whole against the final targets */
  size_t lost;                    /* the work's impressions lost in healing (left out of the whole) */
  size_t history;                 /* impressions of the old work that survive (a touch-up) */
  size_t stacked;                 /* new impressions that merge with a surviving old one */
  /* Custom criteria a scenario computes in Lua (added by stp_score_add_custom). */
  double rubric_weight_sum;       /* raw weights of the built-in criteria counted above */
  int custom_count;
  struct stp_custom_criterion {
    char key[64];
    double raw_weight, weight, score;   /* weight: normalised with the built-in ones */
    char figures[256], advice[256];
  } custom[STP_SCORE_MAX_CUSTOM];
  /* Added for boundary classes (issue 9; rubric.boundary_classes): where the `outside` ink
   * went (they sum to `outside`): the forehead, the ears, bare skin beyond the plan (hard), the
   * client's own hair, the instructor's done work (soft). Zero when the classes are off. */
  size_t boundary_forehead, boundary_ears, boundary_beyond, boundary_hair, boundary_done;
  size_t boundary_hair_far;   /* of boundary_hair: farther than STP_SC_HAIR_NEAR_MM (x scale) from every worked zone */
  /* The hairline design exercise (stp_design.h): the design judged rule by rule (filled when
   * the design criterion is enabled). */
  stp_design_result design;
} stp_score_result;

/* Add a criterion the scenario computed itself (in Lua) and re-weigh the overall score:
 * raw weights are relative to the rubric's, as for built-in criteria. STP_ERR_RANGE when
 * full or when weight or score are out of range. */
stp_status stp_score_add_custom(stp_score_result *r, const char *key, double weight, double score,
                                const char *figures, const char *advice, stp_error *err);

/* A criterion's map: values on a grid of square cells, caller-owned. Set x0, y0 (the
 * top-left corner), cell_mm, nx, ny and values (nx * ny floats, row-major); the map fills
 * values (NAN where there is nothing to show), lo, hi (the legend's range) and unit. */
typedef struct stp_score_map_grid {
  double x0, y0, cell_mm;
  int nx, ny;
  float *values;
  double lo, hi;
  char unit[32];
  char label[64];         /* what the colour means, e.g. "mean axial error" */
} stp_score_map_grid;

/* Score a work. merged_flags, if non-NULL, has work->count bytes and receives 1 for each
 * impression that merges with a neighbour (timed: in any judgement it is judged in). A timed
 * scenario (stp_scenario_timed) is judged session by session and healed; an untimed one as
 * it always was (timed, every row is the trainee's: its own context and aged_years are
 * ignored). */
stp_status stp_score_work(const stp_scenario *scn, const stp_work *work, stp_score_result *out,
                          unsigned char *merged_flags, stp_error *err);

/* The distance (mm) under which two impressions merge once healed, for this scenario. */
double stp_score_merge_distance(const stp_scenario *scn, const stp_impression *a,
                                const stp_impression *b);

/* Fill a criterion's map (see stp_score_map_grid). Works for every criterion, enabled or not. */
stp_status stp_score_map(const stp_scenario *scn, const stp_work *work, stp_criterion_id crit,
                         stp_score_map_grid *grid, stp_error *err);

/* A score as a person reads it beside a threshold it is judged against (a gate, the pass
 * mark): whole ("%.0f"; with tenths: "%.1f"), except that a score below the threshold is never
 * shown rounded up to it: it is floored to a tenth instead ("69.9" for 69.96 below 70; "70"
 * would contradict its failing). Returns buf. */
const char *stp_score_shown(double score, double threshold, bool tenths, char *buf, size_t size);

/* The result as JSON (cJSON-built, UTF-8). Caller frees with free(). NULL when out of memory. */
char *stp_score_to_json(const stp_scenario *scn, const stp_score_result *r);

#endif
