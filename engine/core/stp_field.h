/* stp_field.h - a scenario's target fields evaluated at a point of the chart.
 *
 * Each zone has four targets (density, grain angle, ink, depth), each an stp_field
 * (plus its planned pigment and needle, constant over the zone; see stp_shade.h)
 * (CONST, RAMP, WHORL, FLOW, GRID; see stp_scenario.h). This module turns them into
 * numbers at (x, y). The scorer, the test-work generator and `stipple targets` all
 * use it, so what an instructor samples is what the work is judged against.
 *
 * RAMP measures from the zone's front edge (the smallest y of the zone's shape at
 * that x). The edge is precomputed per zone into a table of STP_FIELD_FRONT_N samples
 * across the zone's width (linear in between), so evaluation is O(1) after
 * stp_field_init. GRID values are bilinear; v[j * nx + i] is the value at
 * x = x0 + (x1 - x0) * i / (nx - 1), y = y0 + (y1 - y0) * j / (ny - 1), clamped at the
 * grid's border.
 * Pure: no globals, no clock; the same scenario and point give the same bits.
 * Depends on: stp_scenario.h.
 */
#ifndef STP_FIELD_H
#define STP_FIELD_H

#include "stp_error.h"
#include "stp_scenario.h"

#define STP_FIELD_FRONT_N 512

/* The targets at one point. zone is -1 outside every zone (then the values are 0). */
typedef struct stp_targets {
  int zone;
  double density_per_cm2;
  double angle_deg;      /* in [0, 360) */
  double ink;
  double depth_mm;
  int pigment;           /* the zone's planned pigment: index into the scenario's kit */
  double needle_mm;      /* the zone's planned needle (stp_scenario_zone_needle) */
} stp_targets;

/* Precomputed per-scenario data: each zone's front edge and mean target density. */
typedef struct stp_field_ctx {
  const stp_scenario *scn;
  double front_x0[STP_SCN_MAX_ZONES], front_step[STP_SCN_MAX_ZONES];
  float front[STP_SCN_MAX_ZONES][STP_FIELD_FRONT_N];
  double mean_density[STP_SCN_MAX_ZONES];   /* the density field averaged over the zone */
} stp_field_ctx;

/* Fill ctx for scn (which must outlive ctx). Costs a few ms for large polygons. */
void stp_field_init(stp_field_ctx *ctx, const stp_scenario *scn);
/* Zone z's density field averaged over the centres of an nx x ny grid of cells over its
 * bounds that lie in its shape (its constant where it has no field). stp_field_init's
 * mean_density uses 160 x 160; stp_pace finer cells. */
double stp_field_zone_mean(const stp_field_ctx *ctx, int z, int nx, int ny);

/* The smallest y of zone z's shape at x (x clamped to the zone's width): the front edge. */
double stp_field_front_y(const stp_field_ctx *ctx, int zone, double x);

/* Evaluate one field of zone z at (x, y); nominal is the zone's constant value. */
double stp_field_eval(const stp_field_ctx *ctx, int zone, const stp_field *f, double nominal,
                      double x, double y);

/* All targets of zone z at (x, y) (z may be -1: zeros). */
stp_targets stp_field_targets_in(const stp_field_ctx *ctx, int zone, double x, double y);
/* The zone containing (x, y) (the first in the scenario's order) and its targets. */
stp_targets stp_field_targets(const stp_field_ctx *ctx, double x, double y);

/* Convenience without a context (builds one on the heap: slow; for one-off queries).
 * Returns zone -1 when out of memory too. */
stp_targets stp_scenario_targets_at(const stp_scenario *scn, double x, double y);

/* The head's natural flow (FLOW fields): the hair direction at (x, y), degrees in
 * [0, 360), for a whorl at (cx, cy) turning by sense (+1 clockwise seen from above). */
double stp_field_flow_angle(double cx, double cy, int sense, double tightness, double x, double y);

/* Axial (mod 180) difference of two angles, in [0, 90] degrees. */
double stp_field_axial_diff(double a_deg, double b_deg);

/* Check a scenario's fields (kinds, grid indices, ramp widths, sense); used by
 * stp_scenario_validate. */
stp_status stp_field_validate(const stp_scenario *scn, stp_error *err);

#endif
