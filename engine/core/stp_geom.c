/* stp_geom.c - shape algebra through GEOS's reentrant C API (see stp_geom.h). */
#include "stp_geom.h"

#include <geos_c.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#define QUADSEGS 8                 /* segments per quarter circle of a round join or cap */
#define SIMPLIFY_FROM_MM 0.02      /* the first simplification tried when a result is too big */
#define SIMPLIFY_TO_MM 1.0         /* ...doubling up to this */

typedef struct geom_ctx {
  GEOSContextHandle_t h;
  char msg[256];                   /* GEOS's last error, if any */
} geom_ctx;

static void on_geos_error_r(const char *message, void *userdata) {
  geom_ctx *g = userdata;
  snprintf(g->msg, sizeof g->msg, "%s", message);
}

static bool ctx_open(geom_ctx *g) {
  memset(g, 0, sizeof *g);
  g->h = GEOS_init_r();
  if (!g->h) return false;
  GEOSContext_setErrorMessageHandler_r(g->h, on_geos_error_r, g);
  GEOSContext_setNoticeHandler_r(g->h, NULL);
  return true;
}

static void ctx_close(geom_ctx *g) {
  if (g->h) GEOS_finish_r(g->h);
  g->h = NULL;
}

static stp_status geos_failed(geom_ctx *g, stp_error *err, const char *what) {
  return stp_error_set(err, STP_ERR_RANGE, NULL, 0, "shape algebra: %s failed%s%s", what, g->msg[0] ? ": " : "",
                       g->msg);
}

/* A closed GEOS ring of points pts[0..n) (the first repeated at the end). */
static GEOSGeometry *make_ring(geom_ctx *g, const stp_point *pts, int n) {
  GEOSCoordSequence *cs = GEOSCoordSeq_create_r(g->h, (unsigned)n + 1, 2);
  if (!cs) return NULL;
  for (int i = 0; i <= n; i++) {
    const stp_point *p = &pts[i < n ? i : 0];
    GEOSCoordSeq_setXY_r(g->h, cs, (unsigned)i, p->x, p->y);
  }
  return GEOSGeom_createLinearRing_r(g->h, cs);
}

static GEOSGeometry *make_polygon(geom_ctx *g, const stp_point *pts, int n) {
  GEOSGeometry *ring = make_ring(g, pts, n);
  return ring ? GEOSGeom_createPolygon_r(g->h, ring, NULL, 0) : NULL;
}

/* The shape as a valid GEOS (multi)polygon: each ring a polygon, combined by symmetric
 * difference, which is the even-odd rule stp_shape_contains applies. */
static GEOSGeometry *to_geos(geom_ctx *g, const stp_shape *s) {
  stp_point pts[STP_SHAPE_MAX_POINTS];
  int n = stp_shape_outline(s, pts, STP_SHAPE_MAX_POINTS);
  if (n < 3) return NULL;
  GEOSGeometry *acc = NULL;
  for (int k = 0, rc = stp_shape_ring_count(s); k < rc; k++) {
    int a, c;
    stp_shape_ring_span(s, k, &a, &c);
    if (rc == 1) { a = 0; c = n; }
    if (c < 3 || a + c > n) continue;
    GEOSGeometry *p = make_polygon(g, pts + a, c);
    if (!p) { if (acc) GEOSGeom_destroy_r(g->h, acc); return NULL; }
    if (GEOSisValid_r(g->h, p) != 1) {
      GEOSGeometry *v = GEOSMakeValid_r(g->h, p);
      GEOSGeom_destroy_r(g->h, p);
      if (!v) { if (acc) GEOSGeom_destroy_r(g->h, acc); return NULL; }
      p = v;
    }
    if (!acc) { acc = p; continue; }
    GEOSGeometry *x = GEOSSymDifference_r(g->h, acc, p);
    GEOSGeom_destroy_r(g->h, acc);
    GEOSGeom_destroy_r(g->h, p);
    if (!x) return NULL;
    acc = x;
  }
  return acc;
}

static double ring_signed_area(const stp_point *p, int n) {
  double a = 0;
  for (int i = 0, j = n - 1; i < n; j = i++) a += p[j].x * p[i].y - p[i].x * p[j].y;
  return a * 0.5;
}

/* Append one GEOS ring (without its repeated last point) to out, oriented so its signed
 * area has the sign `sign`. False when it does not fit. */
static bool put_ring(geom_ctx *g, const GEOSGeometry *ring, int sign, stp_shape *out) {
  const GEOSCoordSequence *cs = GEOSGeom_getCoordSeq_r(g->h, ring);
  unsigned size = 0;
  if (!cs || !GEOSCoordSeq_getSize_r(g->h, cs, &size) || size < 4) return size == 0;   /* empty: skip */
  int n = (int)size - 1;
  if (out->n + n > STP_SHAPE_MAX_POINTS || out->rings >= STP_SHAPE_MAX_RINGS) return false;
  stp_point *p = &out->pts[out->n];
  for (int i = 0; i < n; i++) GEOSCoordSeq_getXY_r(g->h, cs, (unsigned)i, &p[i].x, &p[i].y);
  if ((ring_signed_area(p, n) > 0) != (sign > 0))
    for (int i = 0, j = n - 1; i < j; i++, j--) { stp_point t = p[i]; p[i] = p[j]; p[j] = t; }
  out->n += n;
  out->ring_end[out->rings++] = out->n;
  return true;
}

/* The polygons of geometry r into out. 1: done; 0: too many points or rings; -1: empty. */
static int from_geos_once(geom_ctx *g, const GEOSGeometry *r, stp_shape *out) {
  memset(out, 0, sizeof *out);
  out->kind = STP_SHAPE_POLYGON;
  int parts = GEOSGetNumGeometries_r(g->h, r);
  for (int i = 0; i < parts; i++) {
    const GEOSGeometry *p = GEOSGetGeometryN_r(g->h, r, i);
    if (GEOSGeomTypeId_r(g->h, p) != GEOS_POLYGON || GEOSisEmpty_r(g->h, p) == 1) continue;
    if (!put_ring(g, GEOSGetExteriorRing_r(g->h, p), +1, out)) return 0;
    int holes = GEOSGetNumInteriorRings_r(g->h, p);
    for (int k = 0; k < holes; k++)
      if (!put_ring(g, GEOSGetInteriorRingN_r(g->h, p, k), -1, out)) return 0;
  }
  if (out->rings == 0 || out->n < 3) return -1;
  if (out->rings == 1) out->rings = 0;   /* one ring: a plain polygon */
  stp_shape_index(out);
  return 1;
}

/* r (consumed) into out, simplified as little as makes it fit. */
static stp_status from_geos(geom_ctx *g, GEOSGeometry *r, stp_shape *out, stp_error *err, const char *what) {
  if (!r) return geos_failed(g, err, what);
  int ok = from_geos_once(g, r, out);
  /* 0.02, 0.04, ... 0.64 mm, then the limit itself, 1 mm. */
  for (double tol = SIMPLIFY_FROM_MM; ok == 0; tol = tol < SIMPLIFY_TO_MM ? fmin(2 * tol, SIMPLIFY_TO_MM) : 2 * tol) {
    if (tol > SIMPLIFY_TO_MM) break;
    GEOSGeometry *s = GEOSTopologyPreserveSimplify_r(g->h, r, tol);
    if (!s) break;
    ok = from_geos_once(g, s, out);
    GEOSGeom_destroy_r(g->h, s);
  }
  GEOSGeom_destroy_r(g->h, r);
  if (ok < 0)
    return stp_error_set(err, STP_ERR_RANGE, NULL, 0, "shape algebra: %s leaves nothing (the result has no area)", what);
  if (ok == 0)
    return stp_error_set(err, STP_ERR_RANGE, NULL, 0,
                         "shape algebra: %s makes a shape of more than %d points or %d parts and holes, even "
                         "simplified by %.1f mm; split it into several zones",
                         what, STP_SHAPE_MAX_POINTS, STP_SHAPE_MAX_RINGS, SIMPLIFY_TO_MM);
  return STP_OK;
}

stp_status stp_geom_combine(stp_geom_op op, const stp_shape *a, const stp_shape *b, stp_shape *out, stp_error *err) {
  static const char *const names[] = {"union", "minus", "intersect"};
  const char *what = names[op <= STP_GEOM_INTERSECTION ? op : 0];
  geom_ctx g;
  if (!ctx_open(&g)) return stp_error_set(err, STP_ERR_NOMEM, NULL, 0, "shape algebra: GEOS did not start");
  GEOSGeometry *ga = to_geos(&g, a), *gb = ga ? to_geos(&g, b) : NULL, *r = NULL;
  if (ga && gb) {
    switch (op) {
    case STP_GEOM_UNION: r = GEOSUnion_r(g.h, ga, gb); break;
    case STP_GEOM_DIFFERENCE: r = GEOSDifference_r(g.h, ga, gb); break;
    default: r = GEOSIntersection_r(g.h, ga, gb); break;
    }
  }
  if (ga) GEOSGeom_destroy_r(g.h, ga);
  if (gb) GEOSGeom_destroy_r(g.h, gb);
  stp_status st = from_geos(&g, r, out, err, what);
  ctx_close(&g);
  return st;
}

static GEOSGeometry *buffer(geom_ctx *g, const GEOSGeometry *x, double mm) {
  return GEOSBufferWithStyle_r(g->h, x, mm, QUADSEGS, GEOSBUF_CAP_ROUND, GEOSBUF_JOIN_ROUND, 5.0);
}

stp_status stp_geom_offset(const stp_shape *a, double mm, stp_shape *out, stp_error *err) {
  if (!isfinite(mm)) return stp_error_set(err, STP_ERR_RANGE, NULL, 0, "offset: the distance is not a number");
  geom_ctx g;
  if (!ctx_open(&g)) return stp_error_set(err, STP_ERR_NOMEM, NULL, 0, "shape algebra: GEOS did not start");
  GEOSGeometry *ga = to_geos(&g, a), *r = ga ? buffer(&g, ga, mm) : NULL;
  if (ga) GEOSGeom_destroy_r(g.h, ga);
  stp_status st = from_geos(&g, r, out, err, "offset");
  ctx_close(&g);
  return st;
}

stp_status stp_geom_band_shape(const stp_shape *a, double inside_mm, double outside_mm, stp_shape *out,
                               stp_error *err) {
  if (!(inside_mm >= 0) || !(outside_mm >= 0) || !(inside_mm + outside_mm > 0) || !isfinite(inside_mm + outside_mm))
    return stp_error_set(err, STP_ERR_RANGE, NULL, 0, "band: the widths must be 0 or more, and not both 0");
  geom_ctx g;
  if (!ctx_open(&g)) return stp_error_set(err, STP_ERR_NOMEM, NULL, 0, "shape algebra: GEOS did not start");
  GEOSGeometry *ga = to_geos(&g, a), *r = NULL;
  if (ga) {
    GEOSGeometry *grown = outside_mm > 0 ? buffer(&g, ga, outside_mm) : GEOSGeom_clone_r(g.h, ga);
    GEOSGeometry *shrunk = inside_mm > 0 ? buffer(&g, ga, -inside_mm) : GEOSGeom_clone_r(g.h, ga);
    if (grown && shrunk) r = GEOSDifference_r(g.h, grown, shrunk);
    if (grown) GEOSGeom_destroy_r(g.h, grown);
    if (shrunk) GEOSGeom_destroy_r(g.h, shrunk);
    GEOSGeom_destroy_r(g.h, ga);
  }
  stp_status st = from_geos(&g, r, out, err, "band");
  ctx_close(&g);
  return st;
}

/* One side's band of a line: GEOS's single-sided buffer keeps the left side (x right, y
 * up) for a positive distance; with y down on screen that is the walker's right. */
static GEOSGeometry *side(geom_ctx *g, const GEOSGeometry *line, double mm) {
  GEOSBufferParams *bp = GEOSBufferParams_create_r(g->h);
  if (!bp) return NULL;
  GEOSBufferParams_setEndCapStyle_r(g->h, bp, GEOSBUF_CAP_FLAT);
  GEOSBufferParams_setJoinStyle_r(g->h, bp, GEOSBUF_JOIN_ROUND);
  GEOSBufferParams_setQuadrantSegments_r(g->h, bp, QUADSEGS);
  GEOSBufferParams_setSingleSided_r(g->h, bp, 1);
  GEOSGeometry *r = GEOSBufferWithParams_r(g->h, line, bp, mm);
  GEOSBufferParams_destroy_r(g->h, bp);
  return r;
}

stp_status stp_geom_band_line(const stp_point *pts, int n, double inside_mm, double outside_mm, stp_shape *out,
                              stp_error *err) {
  if (n < 2 || n > STP_SHAPE_MAX_POINTS)
    return stp_error_set(err, STP_ERR_RANGE, NULL, 0, "band: a line needs 2 to %d points (it has %d)",
                         STP_SHAPE_MAX_POINTS, n);
  if (!(inside_mm >= 0) || !(outside_mm >= 0) || !(inside_mm + outside_mm > 0) || !isfinite(inside_mm + outside_mm))
    return stp_error_set(err, STP_ERR_RANGE, NULL, 0, "band: the widths must be 0 or more, and not both 0");
  geom_ctx g;
  if (!ctx_open(&g)) return stp_error_set(err, STP_ERR_NOMEM, NULL, 0, "shape algebra: GEOS did not start");
  GEOSCoordSequence *cs = GEOSCoordSeq_create_r(g.h, (unsigned)n, 2);
  GEOSGeometry *line = NULL, *r = NULL;
  if (cs) {
    for (int i = 0; i < n; i++) GEOSCoordSeq_setXY_r(g.h, cs, (unsigned)i, pts[i].x, pts[i].y);
    line = GEOSGeom_createLineString_r(g.h, cs);
  }
  if (line) {
    GEOSGeometry *in = inside_mm > 0 ? side(&g, line, inside_mm) : NULL;
    GEOSGeometry *outg = outside_mm > 0 ? side(&g, line, -outside_mm) : NULL;
    if (in && outg) r = GEOSUnion_r(g.h, in, outg);
    else if (in) r = GEOSGeom_clone_r(g.h, in);
    else if (outg) r = GEOSGeom_clone_r(g.h, outg);
    if (in) GEOSGeom_destroy_r(g.h, in);
    if (outg) GEOSGeom_destroy_r(g.h, outg);
    GEOSGeom_destroy_r(g.h, line);
  }
  stp_status st = from_geos(&g, r, out, err, "band");
  ctx_close(&g);
  return st;
}
