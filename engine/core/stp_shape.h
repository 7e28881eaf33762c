/* stp_shape.h - planar regions on the scalp chart (millimetres).
 *
 * Zones, hair regions and forbidden areas are stp_shape values: a rectangle,
 * a circle, a rotated ellipse or a simple polygon. Shapes are plain values
 * (no heap), so a scenario can be copied with memcpy.
 * Depends on: the C standard library only.
 */
#ifndef STP_SHAPE_H
#define STP_SHAPE_H

#include <stdbool.h>
#include <stddef.h>

#define STP_SHAPE_MAX_POINTS 256

typedef enum stp_shape_kind {
  STP_SHAPE_NONE = 0,
  STP_SHAPE_RECT,     /* x, y = top-left (smallest x and y), w, h */
  STP_SHAPE_CIRCLE,   /* cx, cy, r */
  STP_SHAPE_ELLIPSE,  /* cx, cy, rx, ry, rot_deg (rotation of the x axis) */
  STP_SHAPE_POLYGON   /* n points, simple (non self-intersecting), either winding */
} stp_shape_kind;

typedef struct stp_point { double x, y; } stp_point;

typedef struct stp_shape {
  stp_shape_kind kind;
  double x, y, w, h;          /* rect */
  double cx, cy, r;           /* circle (r) and ellipse centre */
  double rx, ry, rot_deg;     /* ellipse */
  int n;                      /* polygon */
  stp_point pts[STP_SHAPE_MAX_POINTS];
} stp_shape;

stp_shape stp_shape_rect(double x, double y, double w, double h);
stp_shape stp_shape_circle(double cx, double cy, double r);
stp_shape stp_shape_ellipse(double cx, double cy, double rx, double ry, double rot_deg);

bool   stp_shape_contains(const stp_shape *s, double x, double y);
double stp_shape_area_mm2(const stp_shape *s);          /* exact */
void   stp_shape_bounds(const stp_shape *s, double *x0, double *y0, double *x1, double *y1);
/* Outline as at most max points (a polygon's own points, a curve sampled). Returns count. */
int    stp_shape_outline(const stp_shape *s, stp_point *out, int max);
/* Distance from (x, y) to a closed outline of n points (from stp_shape_outline: compute it
 * once to measure many points); DBL_MAX for fewer than 2 points. */
double stp_shape_outline_distance(const stp_point *pts, int n, double x, double y);
/* Distance from (x, y) to the shape's boundary (positive outside, negative inside). */
double stp_shape_signed_distance(const stp_shape *s, double x, double y);
/* True for a well-formed shape (positive size, polygon with >= 3 points and non-zero area). */
bool   stp_shape_valid(const stp_shape *s);

#endif
