#include "stp_shape.h"

#include <float.h>
#include <math.h>
#include <string.h>

#define STP_PI 3.14159265358979323846

stp_shape stp_shape_rect(double x, double y, double w, double h) {
  stp_shape s; memset(&s, 0, sizeof s);
  s.kind = STP_SHAPE_RECT; s.x = x; s.y = y; s.w = w; s.h = h;
  return s;
}

stp_shape stp_shape_circle(double cx, double cy, double r) {
  stp_shape s; memset(&s, 0, sizeof s);
  s.kind = STP_SHAPE_CIRCLE; s.cx = cx; s.cy = cy; s.r = r;
  return s;
}

stp_shape stp_shape_ellipse(double cx, double cy, double rx, double ry, double rot_deg) {
  stp_shape s; memset(&s, 0, sizeof s);
  s.kind = STP_SHAPE_ELLIPSE; s.cx = cx; s.cy = cy; s.rx = rx; s.ry = ry; s.rot_deg = rot_deg;
  return s;
}

stp_shape stp_shape_polygon(const stp_point *pts, int n) {
  stp_shape s; memset(&s, 0, sizeof s);
  s.kind = STP_SHAPE_POLYGON;
  if (n < 0) n = 0;
  if (n > STP_SHAPE_MAX_POINTS) n = STP_SHAPE_MAX_POINTS;
  s.n = n;
  if (n > 0) memcpy(s.pts, pts, (size_t)n * sizeof *pts);
  stp_shape_index(&s);
  return s;
}

int stp_shape_ring_count(const stp_shape *s) {
  return s->kind == STP_SHAPE_POLYGON && s->rings > 1 ? s->rings : 1;
}

void stp_shape_ring_span(const stp_shape *s, int k, int *first, int *count) {
  if (s->kind != STP_SHAPE_POLYGON || s->rings <= 1) { *first = 0; *count = s->kind == STP_SHAPE_POLYGON ? s->n : 0; return; }
  int a = k > 0 ? s->ring_end[k - 1] : 0;
  *first = a;
  *count = s->ring_end[k] - a;
}

double stp_shape_ring_area(const stp_shape *s, int k) {
  int a, n;
  stp_shape_ring_span(s, k, &a, &n);
  double sum = 0;
  for (int i = 0, j = n - 1; i < n; j = i++)
    sum += s->pts[a + j].x * s->pts[a + i].y - s->pts[a + i].x * s->pts[a + j].y;
  return sum * 0.5;
}

/* The next point of edge i's ring (edge i runs from point i to it). */
static int edge_next(const stp_shape *s, int i, int first, int count) {
  return i + 1 < first + count ? i + 1 : first;
}

void stp_shape_index(stp_shape *s) {
  s->indexed = false;
  if (s->kind != STP_SHAPE_POLYGON || s->n < 3 || s->n > STP_SHAPE_MAX_POINTS) return;
  if (s->rings > 1 && (s->rings > STP_SHAPE_MAX_RINGS || s->ring_end[s->rings - 1] != s->n)) return;
  for (int k = 0; k < s->rings; k++)   /* every ring of 3 points or more, in order */
    if (s->ring_end[k] - (k > 0 ? s->ring_end[k - 1] : 0) < 3) return;
  double ax = DBL_MAX, ay = DBL_MAX, bx = -DBL_MAX, by = -DBL_MAX;
  for (int i = 0; i < s->n; i++) {
    if (!isfinite(s->pts[i].x) || !isfinite(s->pts[i].y)) return;
    ax = fmin(ax, s->pts[i].x); ay = fmin(ay, s->pts[i].y);
    bx = fmax(bx, s->pts[i].x); by = fmax(by, s->pts[i].y);
  }
  s->bx0 = ax; s->by0 = ay; s->bx1 = bx; s->by1 = by;
  memset(s->slab, 0, sizeof s->slab);
  double h = (by - ay) / STP_SHAPE_SLABS;
  for (int k = 0, rc = stp_shape_ring_count(s); k < rc; k++) {
    int a, n;
    stp_shape_ring_span(s, k, &a, &n);
    for (int i = a; i < a + n; i++) {
      const stp_point *p = &s->pts[i], *q = &s->pts[edge_next(s, i, a, n)];
      double lo = fmin(p->y, q->y), hi = fmax(p->y, q->y);
      int s0 = h > 0 ? (int)((lo - ay) / h) : 0, s1 = h > 0 ? (int)((hi - ay) / h) : 0;
      if (s0 < 0) s0 = 0;
      if (s1 > STP_SHAPE_SLABS - 1) s1 = STP_SHAPE_SLABS - 1;
      for (int b = s0; b <= s1; b++) s->slab[b][i >> 6] |= (uint64_t)1 << (i & 63);
    }
  }
  s->indexed = true;
}

stp_shape stp_shape_moved(const stp_shape *s, double dx, double dy) {
  stp_shape o = *s;
  o.x += dx; o.y += dy; o.cx += dx; o.cy += dy;
  for (int i = 0; i < o.n; i++) { o.pts[i].x += dx; o.pts[i].y += dy; }
  if (o.kind == STP_SHAPE_POLYGON) stp_shape_index(&o);
  return o;
}

stp_shape stp_shape_turned(const stp_shape *s, double deg, double cx, double cy) {
  double a = deg * STP_PI / 180.0, c = cos(a), sn = sin(a);
  stp_shape o = *s;
  if (o.kind == STP_SHAPE_RECT) {
    stp_point p[4] = {{s->x, s->y}, {s->x + s->w, s->y}, {s->x + s->w, s->y + s->h}, {s->x, s->y + s->h}};
    o = stp_shape_polygon(p, 4);
  }
  double ux = o.cx - cx, uy = o.cy - cy;
  o.cx = cx + ux * c - uy * sn;
  o.cy = cy + ux * sn + uy * c;
  if (o.kind == STP_SHAPE_ELLIPSE) o.rot_deg += deg;
  for (int i = 0; i < o.n; i++) {
    double px = o.pts[i].x - cx, py = o.pts[i].y - cy;
    o.pts[i] = (stp_point){cx + px * c - py * sn, cy + px * sn + py * c};
  }
  if (o.kind == STP_SHAPE_POLYGON) stp_shape_index(&o);
  return o;
}

stp_shape stp_shape_mirrored(const stp_shape *s) {
  stp_shape o = *s;
  if (o.kind == STP_SHAPE_RECT) o.x = -(s->x + s->w);
  o.cx = -o.cx;
  o.rot_deg = -o.rot_deg;
  /* x -> -x flips every ring's winding: walk each ring backwards to keep its sign. */
  for (int k = 0, rc = stp_shape_ring_count(s); k < rc && o.kind == STP_SHAPE_POLYGON; k++) {
    int a, n;
    stp_shape_ring_span(s, k, &a, &n);
    for (int i = 0; i < n; i++) o.pts[a + i] = (stp_point){-s->pts[a + n - 1 - i].x, s->pts[a + n - 1 - i].y};
  }
  if (o.kind == STP_SHAPE_POLYGON) stp_shape_index(&o);
  return o;
}

static void ellipse_local(const stp_shape *s, double x, double y, double *u, double *v) {
  double a = s->rot_deg * STP_PI / 180.0, c = cos(a), sn = sin(a);
  double dx = x - s->cx, dy = y - s->cy;
  *u = dx * c + dy * sn;
  *v = -dx * sn + dy * c;
}

/* Even-odd: a ray toward +x crosses the outline an odd number of times from inside (holes
 * and separate parts of a shape from stp_geom come out right by the same rule). */
static bool crosses(const stp_point *a, const stp_point *b, double x, double y) {
  if ((a->y > y) == (b->y > y)) return false;
  double xi = a->x + (y - a->y) * (b->x - a->x) / (b->y - a->y);
  return x < xi;
}

static bool polygon_contains(const stp_shape *s, double x, double y) {
  bool in = false;
  if (s->indexed) {
    if (x < s->bx0 || x > s->bx1 || y < s->by0 || y > s->by1) return false;
    double h = (s->by1 - s->by0) / STP_SHAPE_SLABS;
    int b = h > 0 ? (int)((y - s->by0) / h) : 0;
    if (b > STP_SHAPE_SLABS - 1) b = STP_SHAPE_SLABS - 1;
    /* Each edge's ring: ring_end is ascending, so walk it alongside the edges. */
    int ring = 0, first = 0, count = s->rings > 1 ? s->ring_end[0] : s->n;
    for (int w = 0; w < (s->n + 63) / 64; w++) {
      uint64_t bits = s->slab[b][w];
      while (bits) {
        int i = w * 64 + __builtin_ctzll(bits);
        bits &= bits - 1;
        while (i >= first + count) { first += count; ring++; count = s->ring_end[ring] - first; }
        /* (the later point first: the same arithmetic as the walk below, to the last bit) */
        if (crosses(&s->pts[edge_next(s, i, first, count)], &s->pts[i], x, y)) in = !in;
      }
    }
    return in;
  }
  for (int k = 0, rc = stp_shape_ring_count(s); k < rc; k++) {
    int a, n;
    stp_shape_ring_span(s, k, &a, &n);
    for (int i = 0, j = n - 1; i < n; j = i++)
      if (crosses(&s->pts[a + i], &s->pts[a + j], x, y)) in = !in;
  }
  return in;
}

bool stp_shape_contains(const stp_shape *s, double x, double y) {
  switch (s->kind) {
  case STP_SHAPE_RECT: return x >= s->x && x < s->x + s->w && y >= s->y && y < s->y + s->h;
  case STP_SHAPE_CIRCLE: {
    double dx = x - s->cx, dy = y - s->cy;
    return dx * dx + dy * dy <= s->r * s->r;
  }
  case STP_SHAPE_ELLIPSE: {
    double u, v; ellipse_local(s, x, y, &u, &v);
    return (u * u) / (s->rx * s->rx) + (v * v) / (s->ry * s->ry) <= 1.0;
  }
  case STP_SHAPE_POLYGON: return polygon_contains(s, x, y);
  default: return false;
  }
}

double stp_shape_area_mm2(const stp_shape *s) {
  switch (s->kind) {
  case STP_SHAPE_RECT: return fabs(s->w * s->h);
  case STP_SHAPE_CIRCLE: return STP_PI * s->r * s->r;
  case STP_SHAPE_ELLIPSE: return STP_PI * s->rx * s->ry;
  case STP_SHAPE_POLYGON: {
    if (s->rings <= 1) return fabs(stp_shape_ring_area(s, 0));
    double a = 0;   /* outers positive, holes negative (stp_geom orients them so) */
    for (int k = 0; k < s->rings; k++) a += stp_shape_ring_area(s, k);
    return fabs(a);
  }
  default: return 0;
  }
}

void stp_shape_bounds(const stp_shape *s, double *x0, double *y0, double *x1, double *y1) {
  switch (s->kind) {
  case STP_SHAPE_RECT: *x0 = s->x; *y0 = s->y; *x1 = s->x + s->w; *y1 = s->y + s->h; return;
  case STP_SHAPE_CIRCLE: *x0 = s->cx - s->r; *y0 = s->cy - s->r; *x1 = s->cx + s->r; *y1 = s->cy + s->r; return;
  case STP_SHAPE_ELLIPSE: {
    double a = s->rot_deg * STP_PI / 180.0, c = cos(a), sn = sin(a);
    double ex = sqrt(s->rx * s->rx * c * c + s->ry * s->ry * sn * sn);
    double ey = sqrt(s->rx * s->rx * sn * sn + s->ry * s->ry * c * c);
    *x0 = s->cx - ex; *x1 = s->cx + ex; *y0 = s->cy - ey; *y1 = s->cy + ey;
    return;
  }
  case STP_SHAPE_POLYGON: {
    if (s->indexed) { *x0 = s->bx0; *y0 = s->by0; *x1 = s->bx1; *y1 = s->by1; return; }
    double ax = DBL_MAX, ay = DBL_MAX, bx = -DBL_MAX, by = -DBL_MAX;
    for (int i = 0; i < s->n; i++) {
      if (s->pts[i].x < ax) ax = s->pts[i].x;
      if (s->pts[i].y < ay) ay = s->pts[i].y;
      if (s->pts[i].x > bx) bx = s->pts[i].x;
      if (s->pts[i].y > by) by = s->pts[i].y;
    }
    if (s->n == 0) ax = ay = bx = by = 0;
    *x0 = ax; *y0 = ay; *x1 = bx; *y1 = by;
    return;
  }
  default: *x0 = *y0 = *x1 = *y1 = 0; return;
  }
}

int stp_shape_outline(const stp_shape *s, stp_point *out, int max) {
  if (max <= 0) return 0;
  switch (s->kind) {
  case STP_SHAPE_RECT: {
    if (max < 4) return 0;
    out[0] = (stp_point){s->x, s->y};
    out[1] = (stp_point){s->x + s->w, s->y};
    out[2] = (stp_point){s->x + s->w, s->y + s->h};
    out[3] = (stp_point){s->x, s->y + s->h};
    return 4;
  }
  case STP_SHAPE_CIRCLE:
  case STP_SHAPE_ELLIPSE: {
    int n = max < 96 ? max : 96;
    double rx = s->kind == STP_SHAPE_CIRCLE ? s->r : s->rx;
    double ry = s->kind == STP_SHAPE_CIRCLE ? s->r : s->ry;
    double a = s->kind == STP_SHAPE_CIRCLE ? 0 : s->rot_deg * STP_PI / 180.0;
    double c = cos(a), sn = sin(a);
    for (int i = 0; i < n; i++) {
      double t = 2 * STP_PI * i / n, u = rx * cos(t), v = ry * sin(t);
      out[i] = (stp_point){s->cx + u * c - v * sn, s->cy + u * sn + v * c};
    }
    return n;
  }
  case STP_SHAPE_POLYGON: {
    int n = s->n < max ? s->n : max;
    memcpy(out, s->pts, (size_t)n * sizeof *out);
    return n;
  }
  default: return 0;
  }
}

static double seg_dist(stp_point a, stp_point b, double x, double y) {
  double vx = b.x - a.x, vy = b.y - a.y, wx = x - a.x, wy = y - a.y;
  double l2 = vx * vx + vy * vy, t = l2 > 0 ? (wx * vx + wy * vy) / l2 : 0;
  if (t < 0) t = 0;
  if (t > 1) t = 1;
  double dx = a.x + t * vx - x, dy = a.y + t * vy - y;
  return sqrt(dx * dx + dy * dy);
}

double stp_shape_outline_distance(const stp_point *pts, int n, double x, double y) {
  if (n < 2) return DBL_MAX;
  double d = DBL_MAX;
  for (int i = 0, j = n - 1; i < n; j = i++) {
    double e = seg_dist(pts[j], pts[i], x, y);
    if (e < d) d = e;
  }
  return d;
}

int stp_shape_next(const stp_shape *s, int n, int i) {
  if (stp_shape_ring_count(s) <= 1) return n > 0 ? (i + 1) % n : 0;
  int k = 0;
  while (k < s->rings - 1 && i >= s->ring_end[k]) k++;
  return i + 1 < s->ring_end[k] ? i + 1 : (k > 0 ? s->ring_end[k - 1] : 0);
}

double stp_shape_rings_distance(const stp_shape *s, const stp_point *pts, int n, double x, double y) {
  if (stp_shape_ring_count(s) <= 1) return stp_shape_outline_distance(pts, n, x, y);
  double d = DBL_MAX;
  for (int k = 0; k < s->rings; k++) {
    int a, c;
    stp_shape_ring_span(s, k, &a, &c);
    if (a + c > n) break;
    d = fmin(d, stp_shape_outline_distance(pts + a, c, x, y));
  }
  return d;
}

double stp_shape_signed_distance(const stp_shape *s, double x, double y) {
  if (s->kind == STP_SHAPE_CIRCLE) return hypot(x - s->cx, y - s->cy) - s->r;
  stp_point pts[STP_SHAPE_MAX_POINTS];
  int n = stp_shape_outline(s, pts, STP_SHAPE_MAX_POINTS);
  double d = stp_shape_rings_distance(s, pts, n, x, y);
  if (d == DBL_MAX) return d;
  return stp_shape_contains(s, x, y) ? -d : d;
}

bool stp_shape_valid(const stp_shape *s) {
  switch (s->kind) {
  case STP_SHAPE_RECT: return s->w > 0 && s->h > 0 && isfinite(s->x) && isfinite(s->y);
  case STP_SHAPE_CIRCLE: return s->r > 0 && isfinite(s->cx) && isfinite(s->cy);
  case STP_SHAPE_ELLIPSE: return s->rx > 0 && s->ry > 0 && isfinite(s->cx) && isfinite(s->cy);
  case STP_SHAPE_POLYGON:
    if (s->n < 3 || s->n > STP_SHAPE_MAX_POINTS) return false;
    if (s->rings > 1) {
      if (s->rings > STP_SHAPE_MAX_RINGS || s->ring_end[s->rings - 1] != s->n) return false;
      for (int k = 0; k < s->rings; k++) {
        int a, c;
        stp_shape_ring_span(s, k, &a, &c);
        if (c < 3) return false;
      }
    }
    for (int i = 0; i < s->n; i++)
      if (!isfinite(s->pts[i].x) || !isfinite(s->pts[i].y)) return false;
    return stp_shape_area_mm2(s) > 0;
  default: return false;
  }
}
