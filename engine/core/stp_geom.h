/* stp_geom.h - shape algebra: union, difference, intersection, offsets and bands of
 * stp_shape values (docs/scenario-api.md, "Shape algebra").
 *
 * The geometry is GEOS's (Debian's libgeos-dev, through its reentrant C API): a kept,
 * exact-predicate library whose buffer makes round joins and whose overlay never leaves a
 * sliver where two outlines meet, which hand-written clipping gets wrong at the corners.
 * Results are plain stp_shape polygons, possibly of several rings (parts and holes, even-
 * odd), indexed for fast point tests; a result with more points than a shape holds is
 * simplified (GEOS's topology-preserving simplifier, the least tolerance from 0.02 mm up
 * that fits), never cut. Curves (circles, ellipses) enter as 96-point outlines.
 * Pure and deterministic: the same shapes give the same points on every machine.
 * Depends on: stp_shape.h, stp_error.h, GEOS's C API (geos_c.h, only in stp_geom.c).
 */
#ifndef STP_GEOM_H
#define STP_GEOM_H

#include "stp_error.h"
#include "stp_shape.h"

typedef enum stp_geom_op {
  STP_GEOM_UNION = 0,        /* a or b */
  STP_GEOM_DIFFERENCE,       /* a but not b */
  STP_GEOM_INTERSECTION      /* a and b */
} stp_geom_op;

/* out = a op b. An empty result (two shapes apart, intersected; a shape minus a larger one)
 * is an STP_ERR_RANGE error that says so: a zone must have an area. */
stp_status stp_geom_combine(stp_geom_op op, const stp_shape *a, const stp_shape *b, stp_shape *out, stp_error *err);

/* out = a grown by mm (> 0) or shrunk by -mm (< 0), with round corners (GEOS buffer, round
 * joins, 8 segments a quarter circle). */
stp_status stp_geom_offset(const stp_shape *a, double mm, stp_shape *out, stp_error *err);

/* The band along a's outline: inside_mm into the shape and outside_mm out of it (either may
 * be 0, not both): offset(a, outside) minus offset(a, -inside). */
stp_status stp_geom_band_shape(const stp_shape *a, double inside_mm, double outside_mm, stp_shape *out,
                               stp_error *err);

/* The band along an open line of n points (2..STP_SHAPE_MAX_POINTS): inside_mm on the
 * side to the right of someone walking the line from its first point as the chart is seen
 * on screen (forehead at the top), outside_mm on the left; flat at both ends. A hairline
 * drawn from the client's left temple to the right (x increasing) has the hair behind it
 * (+y) inside. */
stp_status stp_geom_band_line(const stp_point *pts, int n, double inside_mm, double outside_mm, stp_shape *out,
                              stp_error *err);

#endif
