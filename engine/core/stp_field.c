#include "stp_field.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define PI 3.14159265358979323846
#define DEG (PI / 180.0)

static double clamp01(double v) { return v < 0 ? 0 : v > 1 ? 1 : v; }
static double smoothstep(double a, double b, double x) {
  double t = clamp01((x - a) / (b - a));
  return t * t * (3 - 2 * t);
}
static double wrap360(double a) {
  double r = fmod(a, 360.0);
  if (r < 0) r += 360.0;
  return r >= 360.0 ? 0.0 : r;
}

double stp_field_axial_diff(double a_deg, double b_deg) {
  double d = fmod(fabs(a_deg - b_deg), 180.0);
  return d > 90.0 ? 180.0 - d : d;
}

/* ---- the front edge -------------------------------------------------------------- */

/* Smallest y where the vertical line at x crosses the closed outline; NAN if none. */
static double outline_front(const stp_shape *s, const stp_point *p, int n, double x) {
  double best = NAN;
  for (int i = 0; i < n; i++) {
    stp_point a = p[i], b = p[stp_shape_next(s, n, i)];
    double lo = a.x < b.x ? a.x : b.x, hi = a.x < b.x ? b.x : a.x;
    if (x < lo || x > hi) continue;
    double y = hi > lo ? a.y + (b.y - a.y) * (x - a.x) / (b.x - a.x) : (a.y < b.y ? a.y : b.y);
    if (isnan(best) || y < best) best = y;
  }
  return best;
}

static double shape_front(const stp_shape *s, const stp_point *pts, int n, double x) {
  if (s->kind == STP_SHAPE_RECT) return s->y;
  if (s->kind == STP_SHAPE_CIRCLE) {
    double dx = x - s->cx, q = s->r * s->r - dx * dx;
    return s->cy - sqrt(q > 0 ? q : 0);
  }
  return outline_front(s, pts, n, x);
}

static void init_front(stp_field_ctx *ctx, int z) {
  const stp_shape *s = &ctx->scn->zones[z].shape;
  double x0, y0, x1, y1;
  stp_shape_bounds(s, &x0, &y0, &x1, &y1);
  stp_point *pts = malloc(STP_SHAPE_MAX_POINTS * sizeof *pts);
  int n = pts ? stp_shape_outline(s, pts, STP_SHAPE_MAX_POINTS) : 0;
  ctx->front_x0[z] = x0;
  ctx->front_step[z] = (x1 - x0) / (STP_FIELD_FRONT_N - 1);
  double last = y0;
  for (int i = 0; i < STP_FIELD_FRONT_N; i++) {
    double x = x0 + ctx->front_step[z] * i;
    double y = shape_front(s, pts, n, x);
    if (isnan(y)) y = last;      /* a sampled curve may miss its extreme columns */
    ctx->front[z][i] = (float)y;
    last = y;
  }
  free(pts);
}

double stp_field_front_y(const stp_field_ctx *ctx, int z, double x) {
  double step = ctx->front_step[z];
  if (!(step > 0)) return ctx->front[z][0];
  double u = (x - ctx->front_x0[z]) / step;
  if (u <= 0) return ctx->front[z][0];
  if (u >= STP_FIELD_FRONT_N - 1) return ctx->front[z][STP_FIELD_FRONT_N - 1];
  int i = (int)u;
  double t = u - i;
  return ctx->front[z][i] + (ctx->front[z][i + 1] - ctx->front[z][i]) * t;
}

/* ---- the fields ------------------------------------------------------------------ */

static double grid_eval(const stp_grid *g, double x, double y) {
  double u = (x - g->x0) / (g->x1 - g->x0) * (g->nx - 1);
  double v = (y - g->y0) / (g->y1 - g->y0) * (g->ny - 1);
  if (!(u > 0)) u = 0;
  if (!(v > 0)) v = 0;
  if (u > g->nx - 1) u = g->nx - 1;
  if (v > g->ny - 1) v = g->ny - 1;
  int i = (int)u, j = (int)v;
  if (i > g->nx - 2) i = g->nx - 2;
  if (j > g->ny - 2) j = g->ny - 2;
  double tu = u - i, tv = v - j;
  const float *r0 = &g->v[j * g->nx], *r1 = &g->v[(j + 1) * g->nx];
  double a = r0[i] + (r0[i + 1] - r0[i]) * tu;
  double b = r1[i] + (r1[i + 1] - r1[i]) * tu;
  return a + (b - a) * tv;
}

double stp_field_flow_angle(double cx, double cy, int sense, double tightness, double x, double y) {
  /* Far from the whorl hair runs away from it: forward over the top, outward (down)
   * at the sides, backward (down) at the nape. Over the top the flow is pulled straight
   * forward; near the centre it turns by up to `tightness` degrees, tightest at the
   * centre and loosening outward (a whorl is tightest at its centre). */
  double dx = x - cx, dy = y - cy, r = sqrt(dx * dx + dy * dy);
  double ux = r > 1e-9 ? dx / r : 0, uy = r > 1e-9 ? dy / r : -1;
  double wtop = smoothstep(0, 60, cy - y) * (1 - smoothstep(40, 90, fabs(x)));
  double vx = ux, vy = uy - 0.8 * wtop;
  double a = atan2(vy, vx) / DEG;
  double tight = tightness > 0 ? tightness : 70.0;
  a += (sense < 0 ? -1 : 1) * tight * exp(-r / 30.0);
  return wrap360(a);
}

double stp_field_eval(const stp_field_ctx *ctx, int zone, const stp_field *f, double nominal,
                      double x, double y) {
  switch (f->kind) {
  case STP_FIELD_RAMP: {
    double d = y - stp_field_front_y(ctx, zone, x);
    double s = f->width > 0 ? smoothstep(0, f->width, d) : (d >= 0 ? 1 : 0);
    return f->from + (f->to - f->from) * s;
  }
  case STP_FIELD_WHORL: {
    double a = atan2(y - f->cy, x - f->cx) / DEG;
    return wrap360(a + (f->sense < 0 ? -1 : 1) * f->tightness);
  }
  case STP_FIELD_FLOW:
    return stp_field_flow_angle(f->cx, f->cy, f->sense, f->tightness, x, y);
  case STP_FIELD_GRID:
    if (f->grid >= 0 && f->grid < ctx->scn->grid_count)
      return grid_eval(&ctx->scn->grids[f->grid], x, y) * (f->scale > 0 ? f->scale : 1.0);
    return nominal;
  case STP_FIELD_CONST:
  default:
    return nominal;
  }
}

stp_targets stp_field_targets_in(const stp_field_ctx *ctx, int zone, double x, double y) {
  stp_targets t = {zone, 0, 0, 0, 0, 0, 0};
  if (zone < 0 || zone >= ctx->scn->zone_count) { t.zone = -1; return t; }
  const stp_zone *z = &ctx->scn->zones[zone];
  t.density_per_cm2 = stp_field_eval(ctx, zone, &z->density_field, z->density_per_cm2, x, y);
  if (t.density_per_cm2 < 0) t.density_per_cm2 = 0;
  t.angle_deg = wrap360(stp_field_eval(ctx, zone, &z->angle_field, z->angle_deg, x, y));
  t.ink = stp_field_eval(ctx, zone, &z->ink_field, z->ink, x, y);
  t.depth_mm = stp_field_eval(ctx, zone, &z->depth_field, z->depth_mm, x, y);
  t.pigment = z->pigment;
  t.needle_mm = stp_scenario_zone_needle(ctx->scn, zone);
  return t;
}

stp_targets stp_field_targets(const stp_field_ctx *ctx, double x, double y) {
  return stp_field_targets_in(ctx, stp_scenario_zone_at(ctx->scn, x, y), x, y);
}

/* Mean of the density field over the zone (exact for constant targets): stp_field.h. */
double stp_field_zone_mean(const stp_field_ctx *ctx, int z, int nx, int ny) {
  const stp_zone *zn = &ctx->scn->zones[z];
  if (zn->density_field.kind == STP_FIELD_CONST) return zn->density_per_cm2;
  double x0, y0, x1, y1;
  stp_shape_bounds(&zn->shape, &x0, &y0, &x1, &y1);
  double sx = (x1 - x0) / nx, sy = (y1 - y0) / ny, acc = 0;
  long cnt = 0;
  for (int j = 0; j < ny; j++)
    for (int i = 0; i < nx; i++) {
      double x = x0 + sx * (i + 0.5), y = y0 + sy * (j + 0.5);
      if (!stp_shape_contains(&zn->shape, x, y)) continue;
      acc += stp_field_eval(ctx, z, &zn->density_field, zn->density_per_cm2, x, y);
      cnt++;
    }
  return cnt ? acc / (double)cnt : zn->density_per_cm2;
}

void stp_field_init(stp_field_ctx *ctx, const stp_scenario *scn) {
  memset(ctx, 0, sizeof *ctx);
  ctx->scn = scn;
  for (int z = 0; z < scn->zone_count && z < STP_SCN_MAX_ZONES; z++) {
    init_front(ctx, z);
    ctx->mean_density[z] = stp_field_zone_mean(ctx, z, 160, 160);
  }
}

stp_targets stp_scenario_targets_at(const stp_scenario *scn, double x, double y) {
  stp_targets t = {-1, 0, 0, 0, 0, 0, 0};
  stp_field_ctx *ctx = malloc(sizeof *ctx);
  if (!ctx) return t;
  stp_field_init(ctx, scn);
  t = stp_field_targets(ctx, x, y);
  free(ctx);
  return t;
}

/* ---- validation ------------------------------------------------------------------ */

#define FAIL(...) stp_error_set(err, STP_ERR_RANGE, scn->path, 0, __VA_ARGS__)

static stp_status check_field(const stp_scenario *scn, const stp_zone *z, const stp_field *f,
                              const char *what, int angle, stp_error *err) {
  if ((int)f->kind < STP_FIELD_CONST || f->kind > STP_FIELD_GRID)
    return FAIL("zone '%s' %s field has an unknown kind", z->id, what);
  if (!angle && (f->kind == STP_FIELD_WHORL || f->kind == STP_FIELD_FLOW))
    return FAIL("zone '%s' %s field: whorl and flow fields are for the angle only", z->id, what);
  if (f->kind == STP_FIELD_RAMP &&
      !(isfinite(f->from) && isfinite(f->to) && f->width >= 0 && f->width <= 200))
    return FAIL("zone '%s' %s ramp needs finite from/to and a width of 0..200 mm", z->id, what);
  if ((f->kind == STP_FIELD_WHORL || f->kind == STP_FIELD_FLOW) &&
      !(isfinite(f->cx) && isfinite(f->cy) && isfinite(f->tightness) && (f->sense == 1 || f->sense == -1)))
    return FAIL("zone '%s' %s whorl needs a finite centre and tightness, and sense +1 or -1", z->id, what);
  if (f->kind == STP_FIELD_GRID) {
    if (f->grid < 0 || f->grid >= scn->grid_count)
      return FAIL("zone '%s' %s field refers to grid %d; the scenario has %d", z->id, what, f->grid + 1,
                  scn->grid_count);
    const stp_grid *g = &scn->grids[f->grid];
    if (g->nx < 2 || g->ny < 2 || g->nx > STP_GRID_N || g->ny > STP_GRID_N || !(g->x1 > g->x0) || !(g->y1 > g->y0))
      return FAIL("grid %d needs 2..%d samples each way over a non-empty rectangle", f->grid + 1, STP_GRID_N);
    for (int i = 0; i < g->nx * g->ny; i++)
      if (!isfinite(g->v[i])) return FAIL("grid %d has a value that is not a number", f->grid + 1);
  }
  return STP_OK;
}

stp_status stp_field_validate(const stp_scenario *scn, stp_error *err) {
  for (int i = 0; i < scn->zone_count; i++) {
    const stp_zone *z = &scn->zones[i];
    stp_status st;
    if ((st = check_field(scn, z, &z->density_field, "density", 0, err)) != STP_OK) return st;
    if ((st = check_field(scn, z, &z->angle_field, "angle", 1, err)) != STP_OK) return st;
    if ((st = check_field(scn, z, &z->ink_field, "ink", 0, err)) != STP_OK) return st;
    if ((st = check_field(scn, z, &z->depth_field, "depth", 0, err)) != STP_OK) return st;
    if ((int)z->role < STP_ZONE_WORK || z->role > STP_ZONE_DONE)
      return FAIL("zone '%s' has an unknown role", z->id);
    if (!(z->uptake >= 0 && z->uptake <= 1)) return FAIL("zone '%s' uptake must be 0..1", z->id);
    if (!(z->spread == 0 || (z->spread >= 1 && z->spread <= 5)))
      return FAIL("zone '%s' spread must be 1..5", z->id);
  }
  return STP_OK;
}
