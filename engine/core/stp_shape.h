/* stp_shape.h - planar regions on the scalp chart (millimetres).
 *
 * Zones, hair regions and forbidden areas are stp_shape values: a rectangle,
 * a circle, a rotated ellipse or a polygon. A polygon is one simple ring (as a scenario
 * writes it), or several rings as shape algebra makes them (stp_geom.h: parts and holes,
 * filled by the even-odd rule). Shapes are plain values (no heap), so a scenario can be
 * copied with memcpy; a polygon carries its own index (its bounds and, per horizontal
 * slab, the edges that cross it), so a point-in-shape test looks at a few edges whatever
 * the polygon's size.
 * Depends on: the C standard library only.
 */
#ifndef STP_SHAPE_H
#define STP_SHAPE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define STP_SHAPE_MAX_POINTS 512   /* a polygon's points over all its rings */
#define STP_SHAPE_MAX_RINGS   32    /* a polygon's rings: outer outlines and holes */
#define STP_SHAPE_SLABS       32    /* the point-in-polygon index's horizontal slabs */

typedef enum stp_shape_kind {
  STP_SHAPE_NONE = 0,
  STP_SHAPE_RECT,     /* x, y = top-left (smallest x and y), w, h */
  STP_SHAPE_CIRCLE,   /* cx, cy, r */
  STP_SHAPE_ELLIPSE,  /* cx, cy, rx, ry, rot_deg (rotation of the x axis) */
  STP_SHAPE_POLYGON   /* n points in rings; one ring: simple (non self-intersecting), either
                         winding; several: outers counter-clockwise and holes clockwise in
                         chart axes (x right, y down: a positive stp_shape_ring_area), none
                         crossing another (what GEOS gives; stp_geom.c) */
} stp_shape_kind;

typedef struct stp_point { double x, y; } stp_point;

typedef struct stp_shape {
  stp_shape_kind kind;
  double x, y, w, h;          /* rect */
  double cx, cy, r;           /* circle (r) and ellipse centre */
  double rx, ry, rot_deg;     /* ellipse */
  int n;                      /* polygon */
  stp_point pts[STP_SHAPE_MAX_POINTS];
  /* Rings: ring k is pts[ring_end[k-1] .. ring_end[k]) (ring_end[-1] = 0); rings 0 means
   * one ring of all n points (a polygon built point by point). */
  int rings;
  int ring_end[STP_SHAPE_MAX_RINGS];
  /* The index (stp_shape_index; zero: none, contains walks every edge): the bounds, and per
   * slab of the bounds' height a bit per edge (edge i runs from point i to the next point
   * of its ring) that reaches into that slab. */
  bool indexed;
  double bx0, by0, bx1, by1;
  uint64_t slab[STP_SHAPE_SLABS][STP_SHAPE_MAX_POINTS / 64];
} stp_shape;

stp_shape stp_shape_rect(double x, double y, double w, double h);
stp_shape stp_shape_circle(double cx, double cy, double r);
stp_shape stp_shape_ellipse(double cx, double cy, double rx, double ry, double rot_deg);
/* A polygon of n points (3..STP_SHAPE_MAX_POINTS) in one ring, indexed. */
stp_shape stp_shape_polygon(const stp_point *pts, int n);
/* The shape moved by (dx, dy); turned by deg degrees (a chart angle: +x toward +y, so
 * positive turns clockwise on screen) about (cx, cy), a rectangle becoming a polygon; and
 * mirrored across the midline (x -> -x). Polygons keep their rings, the sign of each ring's
 * area and a fresh index. */
stp_shape stp_shape_moved(const stp_shape *s, double dx, double dy);
stp_shape stp_shape_turned(const stp_shape *s, double deg, double cx, double cy);
stp_shape stp_shape_mirrored(const stp_shape *s);
/* Build the index of a polygon whose points or rings were set by hand (after any change to
 * them: a stale index gives wrong answers). Other kinds need none. */
void   stp_shape_index(stp_shape *s);
/* A polygon's rings (1 for every other kind), and ring k's first point and point count. */
int    stp_shape_ring_count(const stp_shape *s);
void   stp_shape_ring_span(const stp_shape *s, int k, int *first, int *count);
/* Ring k's signed area (mm2): positive for an outer ring of a shape from stp_geom, negative
 * for a hole; of a one-ring polygon, positive or negative by its winding. */
double stp_shape_ring_area(const stp_shape *s, int k);

bool   stp_shape_contains(const stp_shape *s, double x, double y);
double stp_shape_area_mm2(const stp_shape *s);          /* exact */
void   stp_shape_bounds(const stp_shape *s, double *x0, double *y0, double *x1, double *y1);
/* Outline as at most max points (a polygon's own points, every ring in turn; a curve
 * sampled). Returns count. A polygon of several rings: the rings lie one after the other,
 * as stp_shape_ring_span says (walk them ring by ring, as the functions below do). */
int    stp_shape_outline(const stp_shape *s, stp_point *out, int max);
/* Distance from (x, y) to a closed outline of n points (from stp_shape_outline: compute it
 * once to measure many points); DBL_MAX for fewer than 2 points. */
double stp_shape_outline_distance(const stp_point *pts, int n, double x, double y);
/* The index of the point after point i on its ring in an outline of n points from
 * stp_shape_outline(s, ...): (i + 1) mod n, or back to its ring's first point. */
int    stp_shape_next(const stp_shape *s, int n, int i);
/* The same over s's rings: pts and n from stp_shape_outline(s, ...). */
double stp_shape_rings_distance(const stp_shape *s, const stp_point *pts, int n, double x, double y);
/* Distance from (x, y) to the shape's boundary (positive outside, negative inside). */
double stp_shape_signed_distance(const stp_shape *s, double x, double y);
/* True for a well-formed shape (positive size, polygon with >= 3 points and non-zero area). */
bool   stp_shape_valid(const stp_shape *s);

#endif
