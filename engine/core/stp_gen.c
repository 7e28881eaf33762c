#include "stp_gen.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "stp_field.h"
#include "stp_rng.h"

#define PACKING 0.55     /* Poisson-disk radius r = sqrt(PACKING / lambda): ~1.3x the target, then thinned */
#define MAX_R_MM 10.0
#define TRIES 30

stp_gen_opts stp_gen_expert_opts(void) {
  stp_gen_opts o = {1.0, 3.0, 0, 0.0, 0.03, false, false, 0.25};
  return o;
}

static int cmp_ink(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return x < y ? -1 : x > y;
}

double stp_gen_ink_step(const stp_scenario *scn, double ink, int steps) {
  double v[STP_SCN_MAX_INKS];
  int n = scn->ink_count;
  if (n < 1) return ink;
  memcpy(v, scn->inks, (size_t)n * sizeof *v);
  qsort(v, (size_t)n, sizeof *v, cmp_ink);
  int best = 0;
  for (int i = 1; i < n; i++) if (fabs(v[i] - ink) < fabs(v[best] - ink)) best = i;
  int k = best + steps;
  return v[k < 0 ? 0 : k >= n ? n - 1 : k];
}

typedef struct pts { double *xy; size_t n, cap; } pts;

static bool pts_push(pts *p, double x, double y) {
  if (p->n == p->cap) {
    size_t cap = p->cap ? 2 * p->cap : 1024;
    double *m = realloc(p->xy, 2 * cap * sizeof *m);
    if (!m) return false;
    p->xy = m; p->cap = cap;
  }
  p->xy[2 * p->n] = x; p->xy[2 * p->n + 1] = y;
  p->n++;
  return true;
}

typedef struct zone_gen {
  const stp_scenario *scn;
  const stp_field_ctx *ctx;
  const stp_gen_opts *o;
  int z;
  double x0, y0, x1, y1;
  double straight_y;       /* hard hairline: the straight front */
  bool hard;
} zone_gen;

/* Density per mm2 the work aims at, at (x, y). */
static double lambda_at(const zone_gen *g, double x, double y) {
  const stp_zone *zn = &g->scn->zones[g->z];
  double d;
  if (g->hard) d = zn->density_field.kind == STP_FIELD_RAMP ? fmax(zn->density_field.from, zn->density_field.to)
                                                            : zn->density_per_cm2;
  else d = stp_field_eval(g->ctx, g->z, &zn->density_field, zn->density_per_cm2, x, y);
  return d * g->o->density_factor / 100.0;
}

/* Positions are kept at the work file's precision (0.01 mm) from the start, so a
 * saved work holds the same points and none crosses a zone's edge when rounded. */
static double q01(double v) { return round(v * 100.0) / 100.0; }

static bool inside(const zone_gen *g, double x, double y) {
  x = q01(x); y = q01(y);
  if (g->hard && y < g->straight_y) return false;
  return stp_scenario_zone_at(g->scn, x, y) == g->z;
}

static double radius_at(const zone_gen *g, double x, double y) {
  double l = lambda_at(g, x, y);
  double r = l > 0 ? sqrt(PACKING / l) : MAX_R_MM;
  return r > MAX_R_MM ? MAX_R_MM : r;
}

/* The zone's highest target density (per mm2), sampled on a 33 x 33 grid over its bounds. */
static double lambda_max(const zone_gen *g) {
  double lmax = 0;
  for (int j = 0; j <= 32; j++)
    for (int i = 0; i <= 32; i++) {
      double l = lambda_at(g, g->x0 + (g->x1 - g->x0) * i / 32, g->y0 + (g->y1 - g->y0) * j / 32);
      if (l > lmax) lmax = l;
    }
  return lmax;
}

/* Bridson's sampling with a variable radius: each candidate keeps its own radius away
 * from every earlier point; a grid of cells r_min / sqrt(2) holds at most one point. */
static bool poisson(const zone_gen *g, stp_rng *rng, pts *out) {
  double lmax = lambda_max(g);
  if (!(lmax > 0)) return true;
  double rmin = sqrt(PACKING / lmax), cell = rmin / sqrt(2.0);
  long nx = (long)ceil((g->x1 - g->x0) / cell) + 1, ny = (long)ceil((g->y1 - g->y0) / cell) + 1;
  long *grid = malloc((size_t)(nx * ny) * sizeof *grid);
  size_t *active = NULL;
  size_t nact = 0, base = out->n;
  if (!grid) return false;
  for (long i = 0; i < nx * ny; i++) grid[i] = -1;
  bool ok = true;
  /* Seed points: a few random tries until one lands inside the zone. */
  for (int t = 0; t < 10000 && out->n == base; t++) {
    double x = stp_rng_range(rng, g->x0, g->x1), y = stp_rng_range(rng, g->y0, g->y1);
    if (!inside(g, x, y) || !(lambda_at(g, x, y) > 0)) continue;
    ok = pts_push(out, x, y);
  }
  active = malloc(sizeof *active);
  if (out->n > base && active) {
    size_t cap = 1;
    active[nact++] = base;
    grid[(long)((out->xy[2 * base + 1] - g->y0) / cell) * nx + (long)((out->xy[2 * base] - g->x0) / cell)] = (long)base;
    while (nact && ok) {
      size_t ai = (size_t)stp_rng_below(rng, nact), p = active[ai];
      double px = out->xy[2 * p], py = out->xy[2 * p + 1], pr = radius_at(g, px, py);
      bool placed = false;
      for (int t = 0; t < TRIES && !placed; t++) {
        double ang = stp_rng_range(rng, 0, 6.283185307179586), rr = pr * (1 + stp_rng_unit(rng));
        double x = px + rr * cos(ang), y = py + rr * sin(ang);
        if (x < g->x0 || x > g->x1 || y < g->y0 || y > g->y1 || !inside(g, x, y)) continue;
        double r = radius_at(g, x, y);
        long cx = (long)((x - g->x0) / cell), cy = (long)((y - g->y0) / cell), reach = (long)ceil(r / cell);
        bool clash = false;
        for (long j = cy - reach; j <= cy + reach && !clash; j++) {
          if (j < 0 || j >= ny) continue;
          for (long i = cx - reach; i <= cx + reach; i++) {
            if (i < 0 || i >= nx || grid[j * nx + i] < 0) continue;
            long q = grid[j * nx + i];
            double dx = out->xy[2 * q] - x, dy = out->xy[2 * q + 1] - y;
            if (dx * dx + dy * dy < r * r) { clash = true; break; }
          }
        }
        if (clash || grid[cy * nx + cx] >= 0) continue;
        if (!pts_push(out, x, y)) { ok = false; break; }
        grid[cy * nx + cx] = (long)(out->n - 1);
        if (nact == cap) {
          size_t *m = realloc(active, 2 * cap * sizeof *m);
          if (!m) { ok = false; break; }
          active = m; cap *= 2;
        }
        active[nact++] = out->n - 1;
        placed = true;
      }
      if (!placed) active[ai] = active[--nact];
    }
  } else if (out->n > base) {
    ok = false;
  }
  free(active);
  free(grid);
  return ok;
}

/* A square lattice at the zone's highest target density, thinned where the target is lower. */
static bool lattice(const zone_gen *g, stp_rng *rng, pts *out) {
  double lmax = lambda_max(g);
  if (!(lmax > 0)) return true;
  double a = 1.0 / sqrt(lmax);
  for (double y = g->y0 + a / 2; y <= g->y1; y += a)
    for (double x = g->x0 + a / 2; x <= g->x1; x += a) {
      if (!inside(g, x, y)) continue;
      if (stp_rng_unit(rng) * lmax > lambda_at(g, x, y)) continue;
      if (!pts_push(out, x, y)) return false;
    }
  return true;
}

/* Keep a random subset of the points [base, n) of the expected size. */
static void thin(pts *p, size_t base, double expected, stp_rng *rng) {
  size_t have = p->n - base, want = (size_t)llround(expected);
  if (want >= have) return;
  for (size_t k = 0; k < want; k++) {
    size_t j = k + (size_t)stp_rng_below(rng, have - k);
    double tx = p->xy[2 * (base + k)], ty = p->xy[2 * (base + k) + 1];
    p->xy[2 * (base + k)] = p->xy[2 * (base + j)]; p->xy[2 * (base + k) + 1] = p->xy[2 * (base + j) + 1];
    p->xy[2 * (base + j)] = tx; p->xy[2 * (base + j) + 1] = ty;
  }
  p->n = base + want;
}

/* The zone's expected count: the mean of lambda over a fine sample of the zone x area. */
static double expected_count(const zone_gen *g) {
  double acc = 0; long n = 0, in = 0;
  for (int j = 0; j < 200; j++)
    for (int i = 0; i < 200; i++) {
      double x = g->x0 + (g->x1 - g->x0) * (i + 0.5) / 200, y = g->y0 + (g->y1 - g->y0) * (j + 0.5) / 200;
      n++;
      if (!inside(g, x, y)) continue;
      in++;
      acc += lambda_at(g, x, y);
    }
  return n ? acc * (g->x1 - g->x0) * (g->y1 - g->y0) / (double)n : 0;
}

static stp_status push_dots(const stp_scenario *scn, const stp_field_ctx *ctx, const stp_gen_opts *o,
                            const pts *p, stp_rng *rng, stp_work *out, stp_error *err) {
  for (size_t i = 0; i < p->n; i++) {
    double x = q01(p->xy[2 * i]), y = q01(p->xy[2 * i + 1]);
    stp_targets t = stp_field_targets(ctx, x, y);
    stp_impression imp = {0};
    imp.x_mm = x; imp.y_mm = y;
    imp.angle_deg = fmod(t.angle_deg + o->angle_scatter_deg * stp_rng_normal(rng) + 360.0, 360.0);
    double depth = t.depth_mm + o->depth_offset_mm + o->depth_scatter_mm * stp_rng_normal(rng);
    imp.depth_mm = depth < 0.05 ? 0.05 : depth > STP_WORK_MAX_DEPTH_MM ? STP_WORK_MAX_DEPTH_MM : depth;
    imp.needle_mm = o->needle_mm;
    imp.ink = stp_gen_ink_step(scn, t.ink > 0 ? t.ink : 0.5, o->ink_steps_darker);
    imp.pigment = (uint8_t)(t.pigment >= 0 ? t.pigment : 0);
    imp.session = 1;
    imp.t_ms = (int64_t)i * 900;
    stp_impression_quantize(&imp);
    stp_status st = stp_work_push(out, &imp, NULL, err);
    if (st != STP_OK) return st;
  }
  return STP_OK;
}

stp_status stp_gen_work(const stp_scenario *scn, uint64_t seed, const stp_gen_opts *o, stp_work *out,
                        stp_error *err) {
  stp_work_init(out);
  if (!(o->density_factor >= 0 && o->density_factor <= 10) || !(o->angle_scatter_deg >= 0) ||
      !(o->depth_scatter_mm >= 0) || !isfinite(o->depth_offset_mm) ||
      !(o->needle_mm > 0 && o->needle_mm <= STP_WORK_MAX_NEEDLE_MM))
    return stp_error_set(err, STP_ERR_RANGE, NULL, 0, "generator options out of range");
  stp_field_ctx *ctx = malloc(sizeof *ctx);
  pts p = {0};
  if (!ctx) return stp_error_set(err, STP_ERR_NOMEM, NULL, 0, "out of memory generating a work");
  stp_field_init(ctx, scn);
  stp_rng rng;
  stp_rng_seed(&rng, seed);
  bool ok = true;
  for (int z = 0; z < scn->zone_count && ok; z++) {
    const stp_zone *zn = &scn->zones[z];
    if (zn->role == STP_ZONE_FORBIDDEN) continue;
    zone_gen g = {scn, ctx, o, z, 0, 0, 0, 0, 0, false};
    stp_shape_bounds(&zn->shape, &g.x0, &g.y0, &g.x1, &g.y1);
    if (o->hard_hairline && zn->role == STP_ZONE_HAIRLINE) {
      g.hard = true;
      double s = 0;
      for (int i = 0; i <= 64; i++) s += stp_field_front_y(ctx, z, g.x0 + (g.x1 - g.x0) * i / 64);
      g.straight_y = s / 65;
    }
    size_t base = p.n;
    if (o->grid) ok = lattice(&g, &rng, &p);
    else {
      ok = poisson(&g, &rng, &p);
      if (ok) thin(&p, base, expected_count(&g), &rng);
    }
  }
  stp_status st = ok ? push_dots(scn, ctx, o, &p, &rng, out, err)
                     : stp_error_set(err, STP_ERR_NOMEM, NULL, 0, "out of memory generating a work");
  if (st != STP_OK) stp_work_free(out);
  free(p.xy);
  free(ctx);
  return st;
}

stp_status stp_gen_expert(const stp_scenario *scn, uint64_t seed, stp_work *out, stp_error *err) {
  stp_gen_opts o = stp_gen_expert_opts();
  return stp_gen_work(scn, seed, &o, out, err);
}
