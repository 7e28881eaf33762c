/* stp_design.h - the hairline design exercise: judging a trainee's design against the
 * landmark rules, and deriving the scenario's zones from it.
 *
 * In a design case (scenario key `design`; docs/scenario-api.md, "Hairline design
 * exercise") the trainee first draws the front hairline across the forehead and places the
 * two temple points (the consultation, UK standard SKABA8's design agreed with the client),
 * then pigments to that design. The design (stp_design, in stp_work.h: it is saved with the
 * work) is judged here rule by rule from the client's head (stp_head.h); the zones the case
 * names are cut from it (stp_design_apply), so every other criterion judges the work against
 * the trainee's own design. The formulas are in docs/scoring.md, "Hairline design".
 * Pure and deterministic.
 * Depends on: stp_scenario.h, stp_work.h, stp_head.h, stp_geom.h.
 */
#ifndef STP_DESIGN_H
#define STP_DESIGN_H

#include <stdbool.h>
#include "stp_error.h"
#include "stp_head.h"
#include "stp_scenario.h"
#include "stp_work.h"

/* The rules: enum id, key, name. */
#define STP_DESIGN_RULE_LIST(X)                                   \
  X(STP_DR_HEIGHT,    "height",    "Height for the age")          \
  X(STP_DR_LOW,       "low",       "Not too low")                 \
  X(STP_DR_SYMMETRY,  "symmetry",  "Symmetry")                    \
  X(STP_DR_TEMPLES,   "temples",   "Temple points")               \
  X(STP_DR_IRREGULAR, "irregular", "Irregularity")                \
  X(STP_DR_STRAIGHT,  "straight",  "Never straight")

typedef enum stp_design_rule {
#define STP_X_DR(id, key, name) id,
  STP_DESIGN_RULE_LIST(STP_X_DR)
#undef STP_X_DR
  STP_DR_COUNT
} stp_design_rule;

const char *stp_design_rule_key(stp_design_rule r);
const char *stp_design_rule_name(stp_design_rule r);

/* The rules' figures (docs/scoring.md, "Hairline design"); k is the head's scale. */
#define STP_DESIGN_HEIGHT_ZERO_MM   12.0   /* height: 0 this far beyond the age's band */
#define STP_DESIGN_LOW_ZERO_MM      12.0   /* low: 0 this far beyond the band in front of the natural line */
#define STP_DESIGN_HIGH_TOL_MM      15.0   /* height: full while nowhere further than this behind the natural line (x k) */
#define STP_DESIGN_HIGH_ZERO_MM     30.0   /* ... 0 from this far behind it (x k) */
#define STP_DESIGN_SYM_TOL_MM        3.0   /* symmetry: full within, 0 at the zero */
#define STP_DESIGN_SYM_ZERO_MM      12.0
#define STP_DESIGN_TEMPLE_TOL_MM     8.0   /* temples: full within this of the temple peak (x k) */
#define STP_DESIGN_TEMPLE_ZERO_MM   25.0
#define STP_DESIGN_REACH_MM         10.0   /* the line's ends reach within this of the frontotemporal x (x k) */
#define STP_DESIGN_MICRO_LO          0.3   /* irregularity: RMS mm of the fine (micro) part */
#define STP_DESIGN_MICRO_HI          2.0
#define STP_DESIGN_MACRO_LO          0.6   /* ... and of the broad (macro) part */
#define STP_DESIGN_MACRO_HI          3.0
#define STP_DESIGN_STRAIGHT_DEV_MM   0.3   /* a run is straight while within this of its chord */
#define STP_DESIGN_STRAIGHT_TOL_MM  12.0   /* never straight: full up to this run, 0 at the zero */
#define STP_DESIGN_STRAIGHT_ZERO_MM 36.0

typedef struct stp_design_result {
  bool judged;                      /* a design was there to judge */
  double score;                     /* 0..100: the weakest rule's score */
  int weakest;                      /* that rule */
  double rule[STP_DR_COUNT];        /* 0..100 each */
  char figures[STP_DR_COUNT][200];
  char advice[STP_DR_COUNT][200];
  /* The measures behind them (mm): */
  double mid_mm, target_mm, band_mm;   /* the line's height on the midline; the age's and its band */
  double lead_mm;                   /* the most the line comes in front of the natural hairline */
  double behind_mm;                 /* the most it lies behind it (between the temple peaks) */
  double asymmetry_mm;              /* the larger of the fitted halves' and the ends' mismatch */
  double temple_mm[2];              /* each temple point's distance from its temple peak */
  double micro_mm, macro_mm;        /* RMS of the fine and broad departures from the fitted curve */
  double straight_mm;               /* the longest straight run */
} stp_design_result;

/* Judge design d on head h. A design with no line (n < 2) is judged 0 on every rule. */
void stp_design_judge(const stp_head *h, const stp_design *d, stp_design_result *out);

/* The whole designed line (at most STP_DESIGN_MAX_POINTS + 2 points), walked from the
 * client's left to the right: the left temple point, the line, the right temple point. */
int stp_design_full_line(const stp_design *d, stp_point *out);

/* Record, when s->design.enabled, the shapes of the zones the design replaces (their shapes
 * as the file gave them); the reader calls it once the zones are read. */
void stp_design_spec_capture(stp_scenario *s);
/* s's design zones cut from design d: zone = band(full line, depth, 0) within its declared
 * shape; behind = its declared shape minus everything in front of the band's back edge.
 * Idempotent (always cut from the declared shapes). Nothing changes when s has no design or
 * d no line. STP_ERR_RANGE when the design leaves a zone empty (it misses the area). */
stp_status stp_design_apply(stp_scenario *s, const stp_design *d, stp_error *err);

/* The scenario a work is judged against: scn itself, or (a design case whose work has a
 * design) a copy in *owned (free it) with the design's zones cut (stp_design_apply; a design
 * that misses the area leaves the declared zones). NULL when out of memory. */
const stp_scenario *stp_design_scenario(const stp_scenario *scn, const stp_work *w, stp_scenario **owned);

/* The design criterion's score (tolerance and zero over the weakest rule's shortfall from
 * 100), from a judged design. */
double stp_design_criterion(const stp_rubric_item *it, const stp_design_result *dr);

/* The design the landmark rules give head h: the natural hairline (stp_head_hairline_y)
 * between the frontotemporal points with a broad and a fine irregularity, the temple points
 * on the temple peaks. Scores full marks; the expert's design. */
void stp_design_expert(const stp_head *h, stp_design *out);

#endif
