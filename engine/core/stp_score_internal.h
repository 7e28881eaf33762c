/* stp_score_internal.h - what the scorer's files share (not a public header).
 *
 * stp_score.c runs the rubric: it builds one analysis of the work (stp_score_analysis.c:
 * zones, merge radii, neighbours, per-zone sums) and hands it to each criterion, one
 * file per criterion or family:
 *   stp_score_density.c   density and local coverage
 *   stp_score_spacing.c   merges and the pattern (Clark-Evans, grid order)
 *   stp_score_grain.c     grain against the flow
 *   stp_score_shade.c     healed shade in CIEDE2000 (stp_colour.c), session evenness
 *   stp_score_look.c      the look from a normal distance, and scar camouflage
 *   stp_score_depth.c     the depth window
 *   stp_score_boundary.c  ink outside the plan
 *   stp_score_hairline.c  the designed hairline's position, softness, symmetry
 *   stp_score_map.c       each criterion's map
 * Names shared across these files start with stp_sc_.
 * Depends on: stp_score.h, stp_field.h, stp_pigment.h.
 */
#ifndef STP_SCORE_INTERNAL_H
#define STP_SCORE_INTERNAL_H

#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "stp_field.h"
#include "stp_pigment.h"
#include "stp_score.h"

/* Every sum over impressions is taken in fixed point (integers), so the result does not
 * depend on the order of the rows: FX units per unit of the quantity summed. */
#define FX 1e6
#define STP_SC_SESSIONS 4          /* shade evenness: sessions 1, 2, 3 and 4-or-later */

static inline double stp_sc_clamp100(double v) {
  if (!(v > 0)) return 0;   /* also maps NaN to 0 */
  return v > 100 ? 100 : v;
}
static inline int64_t stp_sc_fx(double v) { return isfinite(v) ? llround(v * FX) : 0; }

/* 100 within the tolerance, 0 at the zero point, linear in between. */
static inline double stp_sc_linear(double err, double tol, double zero) {
  if (!(err > tol)) return isnan(err) ? 0 : 100;
  if (!(zero > tol)) return 0;
  return stp_sc_clamp100(100.0 * (1.0 - (err - tol) / (zero - tol)));
}

static inline const char *stp_sc_zone_label(const stp_zone *z) { return z->name[0] ? z->name : z->id; }

enum { STP_SC_DEPTH_OK = 0, STP_SC_DEPTH_SHALLOW = 1, STP_SC_DEPTH_DEEP = 2 };

/* Per-zone sums over its impressions, in fixed point (order-independent). */
typedef struct stp_sc_zone_acc {
  int64_t grain, shade;            /* squared axial angle error (deg^2), Delta E */
  int64_t sess_lab[STP_SC_SESSIONS][3];   /* healed colour (CIELAB) summed by session (4: 4 and later) */
  size_t sess_n[STP_SC_SESSIONS];
  unsigned char sess_group[STP_SC_SESSIONS];   /* sessions planned with the same ink and pigment in the
                                                  zone share a group; only they are compared for evenness
                                                  (all 0 without plans) */
  int64_t nn, o4c, o4s, o6c, o6s;  /* nearest-neighbour distance and direction harmonics */
  size_t n, nn_n;                  /* n: judged dots (not context); nn_n: dots with a neighbour */
} stp_sc_zone_acc;

/* A dot in the bucket grid, which is a counting sort of the dots by cell so that a
 * neighbour search reads memory in order. Positions are relative to the grid's corner. */
typedef struct stp_sc_cpt {
  float x, y, r;          /* r: merge radius */
  uint32_t orig;          /* its row in the work */
  int32_t zone;
} stp_sc_cpt;

/* One pass over the work that every criterion reads. */
typedef struct stp_sc_analysis {
  size_t n;
  const stp_scenario *scn;
  const stp_work *w;
  stp_field_ctx *ctx;
  signed char *zone;      /* per row: first zone containing it, or -1 */
  unsigned char *merged;  /* per row */
  float *radius;          /* per row: merge radius */
  float *harm;            /* per row, 4 floats (when the pattern is judged): the direction to its
                             nearest neighbour as cos, sin of 4 theta and of 6 theta (0s: none) */
  float *healed;          /* per row, 4 floats: the healed dot's cover from a distance (mm2,
                             stp_sc_look_cover) and its colour (linear RGB) */
  stp_sc_zone_acc acc[STP_SCN_MAX_ZONES];
  double zlab[STP_SCN_MAX_ZONES][3];   /* target colour of zones with constant ink and depth */
  bool zconst[STP_SCN_MAX_ZONES];
  /* Cell c holds cp[start[c] .. start[c + 1]). */
  double gx0, gy0, cell;
  int64_t gnx, gny;
  uint32_t *start;
  stp_sc_cpt *cp;
  bool own_merged;
  struct stp_sc_shade_memo *shade_memo;   /* stp_score_shade.c: healed colours already computed */
} stp_sc_analysis;

/* ---- stp_score.c: one judgement; stp_score_time.c: judgements over time */
/* Score w once against scn (stp_score_work's rubric, whatever the scenario's time). Rows
 * marked context are on the skin (the layout criteria count them) but not judged dot by dot;
 * r->impressions counts the other rows. */
stp_status stp_sc_score_once(const stp_scenario *scn, const stp_work *w, stp_score_result *r,
                             unsigned char *merged_flags, stp_error *err);
/* Gates (into r->gates_failed) and a verdict (into out) for a judgement whose criteria and
 * zones are r's, at this score, with this many impressions judged. True when it passes. */
bool stp_sc_judge(stp_score_result *r, double score, size_t impressions, char *out, size_t size);
/* A timed scenario (stp_scenario_timed): the healed whole and each session with a plan. */
stp_status stp_sc_score_timed(const stp_scenario *scn, const stp_work *w, stp_score_result *r,
                              unsigned char *merged_flags, stp_error *err);
/* The timed overall before custom criteria: half the healed whole, half the judged sessions'
 * mean (the healed whole alone when no session is judged). */
double stp_sc_timed_overall(const stp_score_result *r);
/* r->passed and r->verdict of a timed result from its score, the healed whole and its sessions. */
void stp_sc_judge_timed(stp_score_result *r);

/* ---- stp_score_analysis.c */
/* need_nn: nearest neighbours (spacing pattern); grain, shade: per-zone errors.
 * merged: the caller's per-row flags (or NULL: owned here). */
stp_status stp_sc_analyse(const stp_scenario *scn, const stp_work *w, stp_sc_analysis *a, unsigned char *merged,
                          bool need_nn, bool grain, bool shade, stp_error *err);
void stp_sc_analysis_free(stp_sc_analysis *a);
stp_status stp_sc_nomem(stp_error *err, size_t n);
int stp_sc_depth_class(const stp_scenario *scn, const stp_impression *imp);
bool stp_sc_zone_scored(const stp_scenario *scn, int z);
/* Mean of a per-dot error per zone (scored zones only), scored against the rubric item;
 * the criterion is the count-weighted mean of the zone scores, but at most a third of the way
 * from the worst zone's score to it (zones of STP_SC_ZONE_MIN impressions or more: every zone
 * counts); *worst gets the zone with the largest error. Shade also counts its sessions'
 * spread. */
#define STP_SC_ZONE_MIN 10   /* fewer: too few to tell a wrong zone from a few stray dots */
double stp_sc_zone_error_score(const stp_scenario *scn, const stp_sc_analysis *a, bool grain,
                               const stp_rubric_item *it, double *mean_all, int *worst, double *worst_err);

/* ---- stp_score_density.c: local coverage (see the file's banner) */
enum { STP_SC_COVER_NONE = 0, STP_SC_COVER_WITHIN, STP_SC_COVER_SPARSE, STP_SC_COVER_BARE, STP_SC_COVER_DENSE,
       STP_SC_COVER_CROWDED };
typedef struct stp_sc_cover_zone {
  int64_t ix0, iy0;       /* the first cell, in 2 mm cells from the chart's origin */
  int nx, ny;
  float *ratio;           /* per cell: window density / target (NAN: not the zone's) */
  unsigned char *cls;     /* per cell: STP_SC_COVER_* */
  unsigned char *uneven;  /* per cell: 1 off the band about the zone's own level */
  unsigned char *hole;    /* per cell: 1 when nothing lies in the 6 x 6 mm about it though planned */
} stp_sc_cover_zone;
typedef struct stp_sc_cover { stp_sc_cover_zone z[STP_SCN_MAX_ZONES]; } stp_sc_cover;
/* Fill cv (free with stp_sc_cover_free) and, when r is not NULL, each zone's shares and
 * coverage score (r's zone counts and mean scores must be filled: the zone score becomes
 * the lower of the two) and r's overall shares. */
stp_status stp_sc_coverage(const stp_scenario *scn, const stp_sc_analysis *a, stp_score_result *r,
                           stp_sc_cover *cv, stp_error *err);
void stp_sc_cover_free(stp_sc_cover *cv);
/* The window density against the target at (x, y) in zone z's judged cells (NAN elsewhere). */
float stp_sc_cover_ratio(const stp_sc_cover *cv, int z, double x, double y);
/* For a point of zone z on the map: its cell's ratio, or where that cell is not judged (its
 * centre lies outside the zone) the nearest judged neighbour's. */
float stp_sc_cover_ratio_shown(const stp_sc_cover *cv, int z, double x, double y);

/* ---- stp_score_look.c: the look from a normal distance (see the file's banner) */
typedef struct stp_sc_look {
  double x0, y0, cell;    /* the grid: cells of `cell` mm from (x0, y0) */
  int nx, ny;
  float *work, *plan;     /* per cell: linear RGB seen from 1 m (blurred), the work's and the plan's */
  float *base;            /* per cell: skin and the client's hair, no pigment (blurred too) */
  signed char *zone;      /* per cell: the zone its centre is in, or -1 */
} stp_sc_look;
stp_status stp_sc_look_build(const stp_scenario *scn, const stp_sc_analysis *a, stp_sc_look *lk, stp_error *err);
void stp_sc_look_free(stp_sc_look *lk);
/* A healed dot's cover from a distance (mm2): its area, widened for scatter, x opacity. */
double stp_sc_look_cover(const stp_dot_look *healed);
double stp_sc_look_de(const stp_sc_look *lk, double x, double y);
/* The bare scalp's tone against the plan's at (x, y): what the plan changes there (0 off the grid). */
double stp_sc_look_contrast(const stp_sc_look *lk, double x, double y);
/* The skin's colour at (x, y) with its patches and the client's hair over it, linear RGB. */
void stp_sc_look_base(const stp_scenario *scn, double x, double y, float rgb[3]);
stp_status stp_sc_look_score(const stp_scenario *scn, const stp_sc_analysis *a, stp_score_result *r,
                       stp_criterion_result *c, stp_error *err);

/* ---- one function per criterion: fill c (score, figures, advice) from r and a */
double stp_sc_density_zone_score(double density, double target, double tol);
double stp_sc_density_increment_score(double added, double left, double tol);
void stp_sc_density(const stp_scenario *scn, stp_score_result *r, stp_criterion_result *c);
void stp_sc_pattern_stats(const stp_scenario *scn, const stp_sc_analysis *a, stp_score_result *r);
void stp_sc_spacing(const stp_scenario *scn, stp_score_result *r, stp_criterion_result *c);
double stp_sc_dot_grain(const stp_sc_analysis *a, size_t i);
void stp_sc_grain(const stp_scenario *scn, const stp_sc_analysis *a, stp_score_result *r, stp_criterion_result *c);
void stp_sc_shade_targets(stp_sc_analysis *a);
void stp_sc_shade_memo_free(stp_sc_analysis *a);
double stp_sc_dot_shade(const stp_sc_analysis *a, size_t i, double lab[3]);
double stp_sc_session_spread(const stp_sc_zone_acc *ac);
void stp_sc_shade(const stp_scenario *scn, const stp_sc_analysis *a, stp_score_result *r, const stp_work *w,
                  stp_criterion_result *c);
void stp_sc_depth(const stp_scenario *scn, stp_score_result *r, stp_criterion_result *c);
/* The length of a shape's outline (mm). */
double stp_sc_perimeter(const stp_shape *s);
/* Outside every zone but within the rubric's boundary margin of a scored zone's edge. m holds
 * the zones' outlines, filled on first need (zero it before the first call). */
typedef struct stp_sc_margin {
  int n[STP_SCN_MAX_ZONES];                          /* outline points + 1 (0: not built yet) */
  stp_point pts[STP_SCN_MAX_ZONES][STP_SHAPE_MAX_POINTS];
  double gx0[STP_SCN_MAX_ZONES], gy0[STP_SCN_MAX_ZONES];
  int gnx[STP_SCN_MAX_ZONES], gny[STP_SCN_MAX_ZONES];
  unsigned char *near[STP_SCN_MAX_ZONES];            /* 2 mm cells near the outline */
  /* Boundary classes: 2 mm cells over each zone's bounds plus STP_SC_HAIR_NEAR_MM, each 0 (not
   * yet looked at), 1 (wholly within that of the zone), 2 (wholly farther), 3 (measure). */
  unsigned char *hair[STP_SCN_MAX_ZONES];
  double hx0[STP_SCN_MAX_ZONES], hy0[STP_SCN_MAX_ZONES];
  int hnx[STP_SCN_MAX_ZONES], hny[STP_SCN_MAX_ZONES];
} stp_sc_margin;
/* Ink in the client's own hair within this (x the head's scale) of a worked zone is a blend
 * carried over the edge (soft); farther, past a few stray dots, it is off the plan (hard). */
#define STP_SC_HAIR_NEAR_MM 10.0
bool stp_sc_near_plan(const stp_scenario *scn, stp_sc_margin *m, double x, double y, double mm);
bool stp_sc_within_margin(const stp_scenario *scn, stp_sc_margin *m, double x, double y);
void stp_sc_margin_free(stp_sc_margin *m);   /* and its grids; NULL is fine */
void stp_sc_boundary(const stp_scenario *scn, stp_score_result *r, stp_criterion_result *c);
/* Tally one impression that is not in a worked zone (z: its zone, a forbidden or done one, or
 * -1 outside every zone) into r's boundary counts: forbidden, within the margin, outside; with
 * the rubric's boundary classes on, the outside ones also by where they went (forehead, ears,
 * done work, the client's hair, beyond the plan). m as for stp_sc_within_margin. */
void stp_sc_boundary_count(const stp_scenario *scn, stp_sc_margin *m, int z, double x, double y, stp_score_result *r);
/* Where boundary classes look: in front of the client's natural hairline (the head's curve to
 * the temple peaks, the chart's beyond them), around an ear, in the client's own hair (a hair
 * region with density > 0, not on a patch). */
bool stp_sc_on_forehead(const stp_scenario *scn, double x, double y);
bool stp_sc_on_ear(const stp_scenario *scn, double x, double y);
bool stp_sc_in_own_hair(const stp_scenario *scn, double x, double y);
/* The hairline design (stp_design.c): the work's design judged on the scenario's head. */
void stp_sc_design(const stp_scenario *scn, const stp_work *w, stp_score_result *r, stp_criterion_result *c);
/* Fills the hairline figures of r; *has_hairline false when the scenario has no hairline zone. */
stp_status stp_sc_hairline_stats(const stp_scenario *scn, const stp_sc_analysis *a, stp_score_result *r,
                                 bool *has_hairline, stp_error *err);
void stp_sc_hairline(const stp_scenario *scn, stp_score_result *r, stp_criterion_result *c);

#endif
