#include "stp_gen.h"
#include "stp_design.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "stp_field.h"
#include "stp_heal.h"
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

/* One impression at (x, y) with the targets t there, placed by the hand o (the angle's and
 * then the depth's scatter drawn from rng, in that order). Filled in place from zeroed
 * bytes, padding included, so two equal works compare equal byte for byte. */
static void dot_at(const stp_targets *t, const stp_gen_opts *o, double x, double y, stp_rng *rng,
                   stp_impression *imp) {
  memset(imp, 0, sizeof *imp);
  imp->x_mm = x; imp->y_mm = y;
  imp->angle_deg = fmod(t->angle_deg + o->angle_scatter_deg * stp_rng_normal(rng) + 360.0, 360.0);
  double depth = t->depth_mm + o->depth_offset_mm + o->depth_scatter_mm * stp_rng_normal(rng);
  imp->depth_mm = depth < 0.05 ? 0.05 : depth > STP_WORK_MAX_DEPTH_MM ? STP_WORK_MAX_DEPTH_MM : depth;
  imp->needle_mm = o->needle_mm;
  imp->pigment = (uint8_t)(t->pigment >= 0 ? t->pigment : 0);
  imp->session = 1;
}

static stp_status push_dots(const stp_scenario *scn, const stp_field_ctx *ctx, const stp_gen_opts *o,
                            const pts *p, stp_rng *rng, stp_work *out, stp_error *err) {
  for (size_t i = 0; i < p->n; i++) {
    double x = q01(p->xy[2 * i]), y = q01(p->xy[2 * i + 1]);
    stp_targets t = stp_field_targets(ctx, x, y);
    stp_impression imp;
    dot_at(&t, o, x, y, rng, &imp);
    imp.needle_mm = t.needle_mm > 0 ? t.needle_mm : o->needle_mm;   /* the zone's planned needle */
    imp.ink = stp_gen_ink_step(scn, t.ink > 0 ? t.ink : 0.5, o->ink_steps_darker);
    imp.t_ms = (int64_t)i * 900;
    stp_impression_quantize(&imp);
    stp_status st = stp_work_push(out, &imp, NULL, err);
    if (st != STP_OK) return st;
  }
  return STP_OK;
}

static bool opts_ok(const stp_gen_opts *o) {
  return o->density_factor >= 0 && o->density_factor <= 10 && o->angle_scatter_deg >= 0 && o->depth_scatter_mm >= 0 &&
         isfinite(o->depth_offset_mm) && o->needle_mm > 0 && o->needle_mm <= STP_WORK_MAX_NEEDLE_MM;
}

static stp_status gen_work(const stp_scenario *scn, uint64_t seed, const stp_gen_opts *o, stp_work *out,
                           stp_error *err);

stp_status stp_gen_work(const stp_scenario *scn, uint64_t seed, const stp_gen_opts *o, stp_work *out,
                        stp_error *err) {
  if (!scn->design.enabled) return gen_work(scn, seed, o, out, err);
  /* A design case: the landmark rules' design (stp_design_expert), the work to its zones. */
  stp_work_init(out);
  stp_design d;
  stp_design_expert(&scn->head, &d);
  stp_scenario *c = malloc(sizeof *c);
  if (!c) return stp_error_set(err, STP_ERR_NOMEM, NULL, 0, "out of memory generating a work");
  memcpy(c, scn, sizeof *c);
  stp_status st = stp_design_apply(c, &d, err);
  if (st == STP_OK) st = gen_work(c, seed, o, out, err);
  if (st == STP_OK) out->design = d;
  free(c);
  return st;
}

static stp_status gen_work(const stp_scenario *scn, uint64_t seed, const stp_gen_opts *o, stp_work *out,
                           stp_error *err) {
  stp_work_init(out);
  if (!opts_ok(o)) return stp_error_set(err, STP_ERR_RANGE, NULL, 0, "generator options out of range");
  stp_field_ctx *ctx = malloc(sizeof *ctx);
  pts p = {0};
  if (!ctx) return stp_error_set(err, STP_ERR_NOMEM, NULL, 0, "out of memory generating a work");
  stp_field_init(ctx, scn);
  stp_rng rng;
  stp_rng_seed(&rng, seed);
  bool ok = true;
  for (int z = 0; z < scn->zone_count && ok; z++) {
    const stp_zone *zn = &scn->zones[z];
    if (!stp_scenario_zone_worked(scn, z)) continue;
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

/* ---- Time: works built over sessions ------------------------------------------------------- */

stp_gen_time_opts stp_gen_time_expert_opts(void) {
  stp_gen_time_opts o = {stp_gen_expert_opts(), 0.0, 0.0};
  return o;
}

int stp_gen_session_count(const stp_scenario *scn) {
  int n = 1;
  for (int z = 0; z < scn->zone_count; z++)
    for (int k = 0; k < STP_SCN_MAX_SESSIONS; k++)
      if (scn->zones[z].plan[k].set && k + 1 > n) n = k + 1;
  return n;
}

double stp_gen_session_share(const stp_scenario *scn, int zone, int session) {
  int last = stp_gen_session_count(scn);
  if (session > last) session = last;
  const stp_session_plan *plan = scn->zones[zone].plan;
  double share = 0;
  for (int k = 0; k < session; k++)
    if (plan[k].set) share = plan[k].density;
  if (session == last && !plan[last - 1].set) share = 1.0;
  return share;
}

/* The kit's inks in order, lightest first, and the index of the one nearest `ink`. */
static int ink_index(const stp_scenario *scn, double ink, double *sorted) {
  int n = scn->ink_count;
  memcpy(sorted, scn->inks, (size_t)n * sizeof *sorted);
  qsort(sorted, (size_t)n, sizeof *sorted, cmp_ink);
  int best = 0;
  for (int i = 1; i < n; i++) if (fabs(sorted[i] - ink) < fabs(sorted[best] - ink)) best = i;
  return best;
}

/* Points kept in 1 mm cells for "is any point nearer than r": chains per cell, a point
 * outside the rectangle counted in the nearest border cell (the search reaches it). */
typedef struct near_grid {
  double x0, y0;
  long nx, ny;
  long *head;
  pts p;
  long *next;
  size_t next_cap;
} near_grid;

static bool near_init(near_grid *h, double x0, double y0, double x1, double y1) {
  memset(h, 0, sizeof *h);
  h->x0 = floor(x0); h->y0 = floor(y0);
  h->nx = (long)ceil(x1) - (long)h->x0 + 1;
  h->ny = (long)ceil(y1) - (long)h->y0 + 1;
  h->head = malloc((size_t)(h->nx * h->ny) * sizeof *h->head);
  if (!h->head) return false;
  for (long i = 0; i < h->nx * h->ny; i++) h->head[i] = -1;
  return true;
}

static void near_free(near_grid *h) { free(h->head); free(h->p.xy); free(h->next); memset(h, 0, sizeof *h); }

static long near_cell(const near_grid *h, double v, double v0, long n) {
  long c = (long)floor(v - v0);
  return c < 0 ? 0 : c >= n ? n - 1 : c;
}

static bool near_add(near_grid *h, double x, double y) {
  if (!pts_push(&h->p, x, y)) return false;
  if (h->p.n > h->next_cap) {
    size_t cap = h->p.cap;
    long *m = realloc(h->next, cap * sizeof *m);
    if (!m) return false;
    h->next = m; h->next_cap = cap;
  }
  long c = near_cell(h, y, h->y0, h->ny) * h->nx + near_cell(h, x, h->x0, h->nx);
  h->next[h->p.n - 1] = h->head[c];
  h->head[c] = (long)(h->p.n - 1);
  return true;
}

static bool near_any(const near_grid *h, double x, double y, double r) {
  if (!h->p.n) return false;
  long reach = (long)ceil(r) + 1;
  long cx = near_cell(h, x, h->x0, h->nx), cy = near_cell(h, y, h->y0, h->ny);
  for (long j = cy - reach; j <= cy + reach; j++) {
    if (j < 0 || j >= h->ny) continue;
    for (long i = cx - reach; i <= cx + reach; i++) {
      if (i < 0 || i >= h->nx) continue;
      for (long q = h->head[j * h->nx + i]; q >= 0; q = h->next[q]) {
        double dx = h->p.xy[2 * q] - x, dy = h->p.xy[2 * q + 1] - y;
        if (dx * dx + dy * dy < r * r) return true;
      }
    }
  }
  return false;
}

/* Blue noise in the gaps of `seen` (and of the points placed so far in this call): random
 * darts over the zone, each kept when no point lies within its own radius (the density's
 * spacing), until 40 darts per expected candidate have been thrown. */
static bool gap_darts(const zone_gen *g, stp_rng *rng, const near_grid *seen, near_grid *mine, pts *out) {
  double lmax = lambda_max(g);
  if (!(lmax > 0)) return true;
  double cap = (g->x1 - g->x0) * (g->y1 - g->y0) * lmax * 1.3;
  long tries = 40 * (long)ceil(cap) + 1000;
  for (long t = 0; t < tries; t++) {
    double x = q01(stp_rng_range(rng, g->x0, g->x1)), y = q01(stp_rng_range(rng, g->y0, g->y1));
    if (!inside(g, x, y) || !(lambda_at(g, x, y) > 0)) continue;
    double r = radius_at(g, x, y);
    if (near_any(seen, x, y, r) || near_any(mine, x, y, r)) continue;
    if (!near_add(mine, x, y) || !pts_push(out, x, y)) return false;
  }
  return true;
}

/* The session's ink at a dot: the plan's (targets t), moved `rush` of the way along the kit
 * toward the final ink (targets tf), then `darker` steps darker. */
static double session_ink(const stp_scenario *scn, const stp_targets *t, const stp_targets *tf, double rush,
                          int darker) {
  double ink = t->ink > 0 ? t->ink : 0.5;
  if (rush > 0 && scn->ink_count > 0) {
    double sorted[STP_SCN_MAX_INKS];
    int a = ink_index(scn, ink, sorted), b = ink_index(scn, tf->ink > 0 ? tf->ink : 0.5, sorted);
    ink = sorted[a + (int)lround(rush * (b - a))];
  }
  return stp_gen_ink_step(scn, ink, darker);
}

stp_status stp_gen_sessions(const stp_scenario *scn, uint64_t seed, const stp_gen_time_opts *o, stp_work *out,
                            stp_error *err) {
  stp_work_init(out);
  if (!opts_ok(&o->hand) || !(o->rush >= 0 && o->rush <= 1) || !(o->blind >= 0 && o->blind <= 1))
    return stp_error_set(err, STP_ERR_RANGE, NULL, 0, "generator options out of range");
  stp_scenario *sess = malloc(sizeof *sess);
  stp_field_ctx *ctx = malloc(sizeof *ctx), *fctx = malloc(sizeof *fctx);
  near_grid seen, mine;
  memset(&seen, 0, sizeof seen);
  memset(&mine, 0, sizeof mine);
  pts p = {0};
  stp_work old;
  stp_work_init(&old);
  stp_status st = STP_OK;
  bool ok = sess && ctx && fctx;
  /* The chart the zones cover. */
  double X0 = 1e9, Y0 = 1e9, X1 = -1e9, Y1 = -1e9;
  for (int z = 0; z < scn->zone_count; z++) {
    double a, b, c, d;
    stp_shape_bounds(&scn->zones[z].shape, &a, &b, &c, &d);
    X0 = fmin(X0, a); Y0 = fmin(Y0, b); X1 = fmax(X1, c); Y1 = fmax(Y1, d);
  }
  ok = ok && near_init(&seen, X0, Y0, X1, Y1);
  if (!ok) goto nomem;
  stp_field_init(fctx, scn);
  stp_rng rng;
  stp_rng_seed(&rng, seed);
  /* A touch-up's old work, as it survives: the new work goes in its gaps, but for the share
   * `blind` of it, which the hand does not see. */
  st = stp_heal_history(scn, &old, err);
  if (st != STP_OK) goto done;
  for (size_t i = 0; i < old.count && ok; i++)
    if (!(stp_rng_unit(&rng) < o->blind)) ok = near_add(&seen, old.items[i].x_mm, old.items[i].y_mm);
  int last = stp_gen_session_count(scn);
  for (int k = 1; k <= last && ok && st == STP_OK; k++) {
    stp_scenario_for_session(scn, k, sess);
    stp_field_init(ctx, sess);
    p.n = 0;
    for (int z = 0; z < scn->zone_count && ok; z++) {
      const stp_zone *zn = &scn->zones[z];
      if (!stp_scenario_zone_worked(scn, z)) continue;
      double share = stp_gen_session_share(scn, z, k);
      if (k == 1 && o->rush > 0) share += o->rush * (stp_gen_session_share(scn, z, last) - share);
      stp_gen_opts zo = o->hand;
      zo.density_factor *= share;
      zone_gen g = {scn, fctx, &zo, z, 0, 0, 0, 0, 0, false};
      stp_shape_bounds(&zn->shape, &g.x0, &g.y0, &g.x1, &g.y1);
      if (!(share > 0)) continue;
      size_t base = p.n;
      if (!seen.p.n) {
        /* Nothing on the skin yet: the expert's own layout at this share. */
        ok = poisson(&g, &rng, &p);
        if (ok) thin(&p, base, expected_count(&g), &rng);
        continue;
      }
      size_t have = 0;
      for (size_t i = 0; i < seen.p.n; i++) have += inside(&g, seen.p.xy[2 * i], seen.p.xy[2 * i + 1]);
      double want = expected_count(&g) - (double)have;
      ok = near_init(&mine, g.x0, g.y0, g.x1, g.y1) && gap_darts(&g, &rng, &seen, &mine, &p);
      near_free(&mine);
      if (ok) thin(&p, base, want > 0 ? want : 0, &rng);
    }
    if (!ok) break;
    /* The session's impressions; those that survive their healing are on the skin next time. */
    for (size_t i = 0; i < p.n && st == STP_OK && ok; i++) {
      double x = q01(p.xy[2 * i]), y = q01(p.xy[2 * i + 1]);
      stp_targets t = stp_field_targets(ctx, x, y), tf = stp_field_targets(fctx, x, y);
      stp_impression imp;
      dot_at(&t, &o->hand, x, y, &rng, &imp);
      imp.needle_mm = t.needle_mm > 0 ? t.needle_mm : o->hand.needle_mm;
      imp.ink = session_ink(scn, &t, &tf, k == 1 ? o->rush : 0, o->hand.ink_steps_darker);
      imp.session = k;
      imp.t_ms = (int64_t)i * 900;
      stp_impression_quantize(&imp);
      st = stp_work_push(out, &imp, NULL, err);
      if (st == STP_OK && stp_heal_survives(scn, &imp)) ok = near_add(&seen, imp.x_mm, imp.y_mm);
    }
  }
  if (ok) goto done;
nomem:
  st = stp_error_set(err, STP_ERR_NOMEM, NULL, 0, "out of memory generating a work");
done:
  if (st != STP_OK) stp_work_free(out);
  stp_work_free(&old);
  near_free(&seen);
  near_free(&mine);
  free(p.xy);
  free(ctx);
  free(fctx);
  free(sess);
  return st;
}
