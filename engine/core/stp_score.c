#include "stp_score.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "stp_field.h"
#include "stp_pigment.h"

/* Every sum over impressions is taken in fixed point (integers), so the result does not
 * depend on the order of the rows: FX units per unit of the quantity summed. */
#define FX 1e6
#define MIN_PATTERN_DOTS 30      /* Clark-Evans needs a sample: zones with fewer are skipped */
#define SESSIONS 4               /* shade evenness: sessions 1, 2, 3 and 4-or-later */
#define MIN_SESSION_DOTS 10      /* a session needs this many dots in a zone to be compared */
#define HL_COL_MM 4.0            /* hairline: width of a column across the line */
#define HL_COLS 128              /* columns [-64, 64) of HL_COL_MM about the midline */
#define HL_BIN_MM 0.5            /* hairline: depth bins behind the designed line */
#define HL_BINS 160              /* -20 .. +60 mm */
#define HL_BIN0 40               /* bin index of d = 0 */

static double clamp100(double v) {
  if (!(v > 0)) return 0;   /* also maps NaN to 0 */
  return v > 100 ? 100 : v;
}
static int64_t fx(double v) { return isfinite(v) ? llround(v * FX) : 0; }

/* 100 within the tolerance, 0 at the zero point, linear in between. */
static double linear_score(double err, double tol, double zero) {
  if (!(err > tol)) return isnan(err) ? 0 : 100;
  if (!(zero > tol)) return 0;
  return clamp100(100.0 * (1.0 - (err - tol) / (zero - tol)));
}

static const char *zone_label(const stp_zone *z) { return z->name[0] ? z->name : z->id; }

/* ---- colour ---------------------------------------------------------------------- */

static double lab_f(double t) {
  const double e = 216.0 / 24389.0, k = 24389.0 / 27.0;
  return t > e ? cbrt(t) : (k * t + 16.0) / 116.0;
}

void stp_score_lab(const float rgb[3], double lab[3]) {
  double r = rgb[0], g = rgb[1], b = rgb[2];
  double X = (0.4124564 * r + 0.3575761 * g + 0.1804375 * b) / 0.95047;
  double Y = 0.2126729 * r + 0.7151522 * g + 0.0721750 * b;
  double Z = (0.0193339 * r + 0.1191920 * g + 0.9503041 * b) / 1.08883;
  double fx_ = lab_f(X), fy = lab_f(Y), fz = lab_f(Z);
  lab[0] = 116.0 * fy - 16.0;
  lab[1] = 500.0 * (fx_ - fy);
  lab[2] = 200.0 * (fy - fz);
}

double stp_score_delta_e(const double a[3], const double b[3]) {
  double d0 = a[0] - b[0], d1 = a[1] - b[1], d2 = a[2] - b[2];
  return sqrt(d0 * d0 + d1 * d1 + d2 * d2);
}

/* The healed colour at a dot's centre on this skin (scar uptake thins the pigment). */
static void healed_lab(const stp_scenario *scn, const stp_impression *imp, double uptake, double lab[3]) {
  stp_dot_look l = stp_pigment_look(imp, scn, true);
  l.opacity *= uptake;
  float rgb[3];
  stp_pigment_center_rgb(&l, scn->skin.rgb, rgb);
  stp_score_lab(rgb, lab);
}

static double zone_uptake(const stp_zone *z) {
  return z->role == STP_ZONE_SCAR && z->uptake > 0 ? z->uptake : 1.0;
}

/* ---- per-impression analysis ----------------------------------------------------- */

enum { DEPTH_OK = 0, DEPTH_SHALLOW = 1, DEPTH_DEEP = 2 };

/* Per-zone sums over its impressions, in fixed point (order-independent). */
typedef struct zone_acc {
  int64_t grain, shade;            /* axial angle error (deg), Delta E */
  int64_t sess_lab[SESSIONS][3];   /* healed colour (CIELAB) summed by session (4: 4 and later) */
  size_t sess_n[SESSIONS];
  int64_t nn, o4c, o4s, o6c, o6s;  /* nearest-neighbour distance and direction harmonics */
  size_t n, nn_n;
} zone_acc;

/* A dot in the bucket grid, which is a counting sort of the dots by cell so that a
 * neighbour search reads memory in order. Positions are relative to the grid's corner. */
typedef struct cpt {
  float x, y, r;          /* r: merge radius */
  uint32_t orig;          /* its row in the work */
  int32_t zone;
} cpt;

typedef struct analysis {
  size_t n;
  const stp_scenario *scn;
  const stp_work *w;
  stp_field_ctx *ctx;
  signed char *zone;      /* per row: first zone containing it, or -1 */
  unsigned char *merged;  /* per row */
  float *radius;          /* per row: merge radius */
  zone_acc acc[STP_SCN_MAX_ZONES];
  double zlab[STP_SCN_MAX_ZONES][3];   /* target colour of zones with constant ink and depth */
  bool zconst[STP_SCN_MAX_ZONES];
  /* Cell c holds cp[start[c] .. start[c + 1]). */
  double gx0, gy0, cell;
  int64_t gnx, gny;
  uint32_t *start;
  cpt *cp;
  bool own_merged;
} analysis;

static void analysis_free(analysis *a) {
  free(a->ctx); free(a->zone); free(a->radius); free(a->start); free(a->cp);
  if (a->own_merged) free(a->merged);
  memset(a, 0, sizeof *a);
}

static stp_status nomem(stp_error *err, size_t n) {
  return stp_error_set(err, STP_ERR_NOMEM, NULL, 0, "out of memory scoring %zu impressions", n);
}

static int depth_class(const stp_scenario *scn, const stp_impression *imp) {
  return imp->depth_mm < scn->depth.shallow_mm ? DEPTH_SHALLOW
       : imp->depth_mm > scn->depth.deep_mm ? DEPTH_DEEP : DEPTH_OK;
}

static bool zone_scored(const stp_scenario *scn, int z) {
  return z >= 0 && scn->zones[z].role != STP_ZONE_FORBIDDEN;
}

/* Grain: the axial error of row i against the target angle at its position. */
static double dot_grain(const analysis *a, size_t i) {
  const stp_impression *imp = &a->w->items[i];
  const stp_zone *zn = &a->scn->zones[a->zone[i]];
  double t = stp_field_eval(a->ctx, a->zone[i], &zn->angle_field, zn->angle_deg, imp->x_mm, imp->y_mm);
  return stp_field_axial_diff(imp->angle_deg, t);
}

/* Shade: Delta E of row i's healed colour (into lab) against the target colour at its position. */
static double dot_shade(const analysis *a, size_t i, double lab[3]) {
  const stp_impression *imp = &a->w->items[i];
  int z = a->zone[i];
  const stp_zone *zn = &a->scn->zones[z];
  double tlab[3];
  healed_lab(a->scn, imp, zone_uptake(zn), lab);
  if (a->zconst[z]) return stp_score_delta_e(lab, a->zlab[z]);
  stp_targets t = stp_field_targets_in(a->ctx, z, imp->x_mm, imp->y_mm);
  stp_impression ref = {0, 0, 0, t.depth_mm, imp->needle_mm, t.ink, 1, 0, 0};
  healed_lab(a->scn, &ref, zone_uptake(zn), tlab);
  return stp_score_delta_e(lab, tlab);
}

/* Zones, merge radii, grain and shade of every row. */
static void analyse_dots(analysis *a, bool grain, bool shade) {
  const stp_scenario *scn = a->scn;
  for (int z = 0; z < scn->zone_count; z++) {
    const stp_zone *zn = &scn->zones[z];
    a->zconst[z] = zn->ink_field.kind == STP_FIELD_CONST && zn->depth_field.kind == STP_FIELD_CONST;
    stp_impression ref = {0, 0, 0, zn->depth_mm, 0.25, zn->ink, 1, 0, 0};
    healed_lab(scn, &ref, zone_uptake(zn), a->zlab[z]);
  }
  for (size_t i = 0; i < a->n; i++) {
    const stp_impression *imp = &a->w->items[i];
    int z = stp_scenario_zone_at(scn, imp->x_mm, imp->y_mm);
    a->zone[i] = (signed char)z;
    stp_dot_look l = stp_pigment_look(imp, scn, false);
    a->radius[i] = (float)(scn->rubric.merge_factor * 0.5 * (l.diameter_mm + l.softness_mm));
    if (!zone_scored(scn, z)) continue;
    zone_acc *acc = &a->acc[z];
    acc->n++;
    if (grain) acc->grain += fx(dot_grain(a, i));
    if (!shade) continue;
    double lab[3];
    acc->shade += fx(dot_shade(a, i, lab));
    int se = imp->session < 1 ? 0 : imp->session > SESSIONS ? SESSIONS - 1 : imp->session - 1;
    for (int k = 0; k < 3; k++) acc->sess_lab[se][k] += fx(lab[k]);
    acc->sess_n[se]++;
  }
}

/* The cell of a position relative to the grid's corner, as stored (float), so a dot is
 * always searched from the cell it is filed in. */
static void cell_of(const analysis *a, float rx, float ry, int64_t *ix, int64_t *iy) {
  *ix = (int64_t)floor((double)rx / a->cell);
  *iy = (int64_t)floor((double)ry / a->cell);
  if (*ix < 0) *ix = 0;
  if (*iy < 0) *iy = 0;
  if (*ix >= a->gnx) *ix = a->gnx - 1;
  if (*iy >= a->gny) *iy = a->gny - 1;
}

static stp_status build_buckets(analysis *a, double min_cell, stp_error *err) {
  const stp_impression *it = a->w->items;
  double x0 = INFINITY, y0 = INFINITY, x1 = -INFINITY, y1 = -INFINITY;
  for (size_t i = 0; i < a->n; i++) {
    if (it[i].x_mm < x0) x0 = it[i].x_mm;
    if (it[i].x_mm > x1) x1 = it[i].x_mm;
    if (it[i].y_mm < y0) y0 = it[i].y_mm;
    if (it[i].y_mm > y1) y1 = it[i].y_mm;
  }
  /* About one dot per cell on average, never smaller than the merge reach. */
  double area = (x1 - x0 + 1) * (y1 - y0 + 1);
  double cell = sqrt(area / (double)a->n);
  if (cell < min_cell) cell = min_cell;
  if (cell < 0.05) cell = 0.05;
  a->gx0 = x0; a->gy0 = y0; a->cell = cell;
  a->gnx = (int64_t)floor((x1 - x0) / cell) + 1;
  a->gny = (int64_t)floor((y1 - y0) / cell) + 1;
  size_t cells = (size_t)(a->gnx * a->gny);
  a->start = calloc(cells + 2, sizeof *a->start);
  a->cp = malloc(a->n * sizeof *a->cp);
  if (!a->start || !a->cp) return nomem(err, a->n);
  /* Counting sort: start[c + 2] counts, prefix sums, then start[c + 1] is the fill
   * pointer of cell c; after the scatter start[c] is where cell c begins. */
  for (size_t i = 0; i < a->n; i++) {
    int64_t ix, iy;
    cell_of(a, (float)(it[i].x_mm - x0), (float)(it[i].y_mm - y0), &ix, &iy);
    a->start[(size_t)(iy * a->gnx + ix) + 2]++;
  }
  for (size_t c = 2; c < cells + 2; c++) a->start[c] += a->start[c - 1];
  for (size_t i = 0; i < a->n; i++) {
    int64_t ix, iy;
    cpt c = {(float)(it[i].x_mm - x0), (float)(it[i].y_mm - y0), a->radius[i], (uint32_t)i, a->zone[i]};
    cell_of(a, c.x, c.y, &ix, &iy);
    a->cp[a->start[(size_t)(iy * a->gnx + ix) + 1]++] = c;
  }
  return STP_OK;
}

/* Is (dx, dy) a nearer neighbour than (bx, by)? Ties broken by the offset itself, so the
 * choice never depends on the order the rows came in. */
static bool nearer(float d2, float dx, float dy, float b2, float bx, float by) {
  if (d2 != b2) return d2 < b2;
  if (dx != bx) return dx < bx;
  return dy < by;
}

/* One dot: merged (any neighbour closer than the sum of the two merge radii; cells are
 * at least twice the largest radius, so rings 0 and 1 hold them all) and, if wanted, its
 * nearest neighbour in the same zone, searching rings of cells outward (up to 25 mm). */
static void neighbours_one(analysis *a, size_t k, bool want_nn) {
  const cpt *p = &a->cp[k];
  int64_t ix, iy;
  cell_of(a, p->x, p->y, &ix, &iy);
  float b2 = INFINITY, bx = 0, by = 0;
  bool merged = false;
  int64_t max_ring = want_nn ? (int64_t)ceil(25.0 / a->cell) + 1 : 1;
  for (int64_t r = 0; r <= max_ring; r++) {
    for (int64_t cy = iy - r; cy <= iy + r; cy++) {
      if (cy < 0 || cy >= a->gny) continue;
      bool edge_row = cy == iy - r || cy == iy + r;
      for (int64_t cx = ix - r; cx <= ix + r; cx += edge_row || r == 0 ? 1 : 2 * r) {
        if (cx < 0 || cx >= a->gnx) continue;
        size_t c = (size_t)(cy * a->gnx + cx);
        for (uint32_t j = a->start[c]; j < a->start[c + 1]; j++) {
          if (j == k) continue;
          const cpt *q = &a->cp[j];
          float dx = q->x - p->x, dy = q->y - p->y, d2 = dx * dx + dy * dy;
          if (r <= 1 && !merged) {
            float lim = p->r + q->r;
            if (d2 < lim * lim) merged = true;
          }
          if (want_nn && q->zone == p->zone && d2 > 0 && nearer(d2, dx, dy, b2, bx, by)) {
            b2 = d2; bx = dx; by = dy;
          }
        }
      }
    }
    double reach = (double)r * a->cell;
    if (r >= 1 && (!want_nn || b2 < reach * reach)) break;
  }
  if (merged) a->merged[p->orig] = 1;
  if (!want_nn || !isfinite(b2)) return;
  double d2 = b2, c2 = ((double)bx * bx - (double)by * by) / d2, s2 = 2.0 * bx * by / d2;
  double c4 = c2 * c2 - s2 * s2, s4 = 2 * s2 * c2;
  zone_acc *acc = &a->acc[p->zone];
  acc->nn += fx(sqrt(d2));
  acc->o4c += fx(c4); acc->o4s += fx(s4);
  acc->o6c += fx(c4 * c2 - s4 * s2); acc->o6s += fx(s4 * c2 + c4 * s2);
  acc->nn_n++;
}

/* need_nn: nearest neighbours (spacing pattern); grain, shade: per-zone errors.
 * merged: the caller's per-row flags (or NULL: owned here). */
static stp_status analyse(const stp_scenario *scn, const stp_work *w, analysis *a, unsigned char *merged,
                          bool need_nn, bool grain, bool shade, stp_error *err) {
  memset(a, 0, sizeof *a);
  a->n = w->count;
  a->scn = scn;
  a->w = w;
  a->ctx = malloc(sizeof *a->ctx);
  size_t n1 = a->n ? a->n : 1;
  a->zone = malloc(n1);
  a->radius = malloc(n1 * sizeof *a->radius);
  a->own_merged = merged == NULL;
  a->merged = merged ? merged : malloc(n1);
  if (!a->ctx || !a->zone || !a->radius || !a->merged) { analysis_free(a); return nomem(err, w->count); }
  memset(a->merged, 0, a->n);
  stp_field_init(a->ctx, scn);
  analyse_dots(a, grain, shade);
  if (a->n == 0) return STP_OK;
  float rmax = 0;
  for (size_t i = 0; i < a->n; i++) if (a->radius[i] > rmax) rmax = a->radius[i];
  stp_status st = build_buckets(a, 2.0 * rmax + 1e-3, err);
  if (st != STP_OK) { analysis_free(a); return st; }
  for (size_t k = 0; k < a->n; k++) neighbours_one(a, k, need_nn && zone_scored(scn, a->cp[k].zone));
  return STP_OK;
}

/* ---- density --------------------------------------------------------------------- */

/* Score of one zone: 100 inside target +- tolerance, falling linearly to 0 at zero
 * density (too sparse) and symmetrically above (too dense). */
static double density_zone_score(double d, double t, double tol) {
  double span = t - tol;
  if (span < 1) span = 1;
  double off = fabs(d - t) - tol;
  if (off <= 0) return 100;
  return clamp100(100.0 * (1.0 - off / span));
}

static bool density_scored(const stp_scenario *scn, int z) {
  return scn->zones[z].role != STP_ZONE_FORBIDDEN;
}

/* Append the names of the zones off target on one side ("Crown, Top") to buf. */
static void list_zones(const stp_scenario *scn, const stp_score_result *r, int side, char *buf, size_t size) {
  buf[0] = '\0';
  for (int i = 0; i < scn->zone_count; i++) {
    const stp_zone_result *z = &r->zones[i];
    if (!density_scored(scn, i)) continue;
    bool off = side < 0 ? z->density < z->target - z->tolerance : z->density > z->target + z->tolerance;
    if (!off) continue;
    size_t len = strlen(buf);
    snprintf(buf + len, size - len, "%s%s", len ? ", " : "", zone_label(&scn->zones[i]));
  }
}

static void score_density(const stp_scenario *scn, stp_score_result *r, stp_criterion_result *c) {
  double wsum = 0, acc = 0;
  int worst = -1;
  double worst_score = 101;
  for (int i = 0; i < scn->zone_count; i++) {
    if (!density_scored(scn, i)) continue;
    stp_zone_result *z = &r->zones[i];
    acc += z->score * z->area_cm2;
    wsum += z->area_cm2;
    if (z->score < worst_score) { worst_score = z->score; worst = i; }
  }
  c->score = wsum > 0 ? clamp100(acc / wsum) : 0;
  if (worst < 0) return;
  const stp_zone_result *z = &r->zones[worst];
  const stp_zone *zd = &scn->zones[worst];
  snprintf(c->figures, sizeof c->figures, "%.1f impressions/cm² in %s, target %.0f ± %.0f",
           z->density, zone_label(zd), z->target, z->tolerance);
  char sparse[200], dense[200];
  list_zones(scn, r, -1, sparse, sizeof sparse);
  list_zones(scn, r, +1, dense, sizeof dense);
  /* "in A" when the worst zone is the only one off on its side, else "in A, B; in A". */
  bool sparse_side = z->density < z->target - z->tolerance;
  const char *side = sparse_side ? sparse : dense;
  char where[260];
  if (strcmp(side, zone_label(zd)) == 0) snprintf(where, sizeof where, "%.64s", zone_label(zd));
  else snprintf(where, sizeof where, "%.150s; in %.64s", side, zone_label(zd));
  if (sparse_side) {
    double need = (z->target - z->density) * z->area_cm2;
    snprintf(c->advice, sizeof c->advice,
             "Too sparse in %.220s: add about %ld impressions, spread evenly across the zone.%s%.100s%s",
             where, (long)ceil(need), dense[0] ? " Too dense in " : "", dense, dense[0] ? "." : "");
  } else if (z->density > z->target + z->tolerance) {
    snprintf(c->advice, sizeof c->advice,
             "Too dense in %.220s: about %ld impressions too many. Over-filling reads as a solid "
             "'helmet'; build density over sessions instead.%s%.100s%s",
             where, (long)floor((z->density - z->target) * z->area_cm2),
             sparse[0] ? " Too sparse in " : "", sparse, sparse[0] ? "." : "");
  } else {
    snprintf(c->advice, sizeof c->advice, "Density is on target in every zone.");
  }
}

/* ---- spacing --------------------------------------------------------------------- */

double stp_score_merge_distance(const stp_scenario *scn, const stp_impression *a,
                                const stp_impression *b) {
  /* Each dot's spread is its fresh diameter plus its soft edge: that is what the scab
   * covers. Two spreads that touch heal as one blob. */
  stp_dot_look la = stp_pigment_look(a, scn, false), lb = stp_pigment_look(b, scn, false);
  double ra = 0.5 * (la.diameter_mm + la.softness_mm), rb = 0.5 * (lb.diameter_mm + lb.softness_mm);
  return scn->rubric.merge_factor * (ra + rb);
}

static double outline_perimeter(const stp_shape *s) {
  stp_point p[STP_SHAPE_MAX_POINTS];
  int n = stp_shape_outline(s, p, STP_SHAPE_MAX_POINTS);
  double per = 0;
  for (int i = 0; i < n; i++) {
    stp_point a = p[i], b = p[(i + 1) % n];
    per += hypot(b.x - a.x, b.y - a.y);
  }
  return per;
}

/* Clark-Evans R per zone with Donnelly's edge correction, and the lattice order of the
 * nearest-neighbour directions (|mean of e^{4i theta}| or e^{6i theta}: 1 on a square or
 * hexagonal grid, near 0 for a natural pattern). Count-weighted over zones. */
static void pattern_stats(const stp_scenario *scn, const analysis *a, stp_score_result *r) {
  double racc = 0, oacc = 0, wsum = 0;
  for (int z = 0; z < scn->zone_count; z++) {
    const zone_acc *ac = &a->acc[z];
    if (ac->nn_n < MIN_PATTERN_DOTS || !zone_scored(scn, z)) continue;
    double cnt = (double)ac->nn_n;
    double n = (double)r->zones[z].count, area = r->zones[z].area_cm2 * 100.0;
    double mean = (double)ac->nn / FX / cnt;
    double expect = 0.5 * sqrt(area / n) + (0.0514 + 0.041 / sqrt(n)) * outline_perimeter(&scn->zones[z].shape) / n;
    double R = mean / expect;
    double o4 = hypot((double)ac->o4c, (double)ac->o4s) / FX / cnt;
    double o6 = hypot((double)ac->o6c, (double)ac->o6s) / FX / cnt;
    racc += R * cnt;
    oacc += (o4 > o6 ? o4 : o6) * cnt;
    wsum += cnt;
  }
  r->clark_evans = wsum > 0 ? racc / wsum : 0;
  r->grid_order = wsum > 0 ? oacc / wsum : 0;
}

/* Pattern score: full marks for a natural pattern (R 1.1..1.75, no lattice order), falling
 * to 0 for a clumped one (R 0.7) or a grid (order 0.8 or R 2.0). */
static double pattern_score(const stp_score_result *r) {
  double R = r->clark_evans;
  double clump = R < 1.1 ? (1.1 - R) / 0.4 : 0;
  double regular = R > 1.75 ? (R - 1.75) / 0.25 : 0;
  double order = r->grid_order > 0.3 ? (r->grid_order - 0.3) / 0.5 : 0;
  double bad = clump > regular ? clump : regular;
  if (order > bad) bad = order;
  return clamp100(100.0 * (1.0 - bad));
}

static void score_spacing(const stp_scenario *scn, stp_score_result *r, stp_criterion_result *c) {
  if (r->impressions == 0) {
    c->score = 0;
    snprintf(c->figures, sizeof c->figures, "no impressions");
    snprintf(c->advice, sizeof c->advice, "Place impressions in the outlined zone to be judged on spacing.");
    return;
  }
  double frac = (double)r->merged / (double)r->impressions;
  double merge = clamp100(100.0 * (1.0 - frac / scn->rubric.max_merged_fraction));
  double pw = scn->rubric.pattern_weight;
  bool judged = pw > 0 && r->clark_evans > 0;
  double pat = judged ? pattern_score(r) : 100;
  c->score = judged ? clamp100((1 - pw) * merge + pw * pat) : merge;
  size_t len = (size_t)snprintf(c->figures, sizeof c->figures,
                                "%zu of %zu impressions merge with a neighbour (%.1f%%)",
                                r->merged, r->impressions, 100.0 * frac);
  if (judged && len < sizeof c->figures)
    snprintf(c->figures + len, sizeof c->figures - len,
             "; Clark-Evans R %.2f (natural 1.1-1.75), grid order %.2f (natural below 0.3)",
             r->clark_evans, r->grid_order);
  if (r->merged > 0 && merge <= pat)
    snprintf(c->advice, sizeof c->advice,
             "Dots closer than their spread heal into one blob. Leave about 1 mm between "
             "impressions, and press lighter: deeper dots spread wider.");
  else if (judged && pat < 100 && r->clark_evans < 1.1)
    snprintf(c->advice, sizeof c->advice,
             "The dots clump: some areas are crowded while gaps open between them. Space each "
             "impression about evenly from its neighbours, without leaving holes.");
  else if (judged && pat < 100)
    snprintf(c->advice, sizeof c->advice,
             "The pattern is too regular: rows and columns read as artificial. Vary the spacing "
             "and offset each impression slightly, like hair follicles.");
  else
    snprintf(c->advice, sizeof c->advice, "No merged dots: every impression stands on its own.");
}

/* ---- grain and shade: a per-zone mean error ------------------------------------- */

/* Mean of a per-dot error per zone (scored zones only); the criterion is the
 * count-weighted mean of the zone scores; *worst gets the zone with the largest error. */
/* Shade evenness between sessions: the largest Delta E between the mean healed colours
 * of two sessions in the zone (sessions with at least MIN_SESSION_DOTS dots); 0 for one. */
static double session_spread(const zone_acc *ac) {
  double mean[SESSIONS][3], worst = 0;
  for (int s = 0; s < SESSIONS; s++)
    for (int k = 0; k < 3 && ac->sess_n[s]; k++) mean[s][k] = (double)ac->sess_lab[s][k] / FX / (double)ac->sess_n[s];
  for (int s = 0; s < SESSIONS; s++)
    for (int t = s + 1; t < SESSIONS; t++) {
      if (ac->sess_n[s] < MIN_SESSION_DOTS || ac->sess_n[t] < MIN_SESSION_DOTS) continue;
      double d = stp_score_delta_e(mean[s], mean[t]);
      if (d > worst) worst = d;
    }
  return worst;
}

static double zone_error_score(const stp_scenario *scn, const analysis *a, bool grain,
                               const stp_rubric_item *it, double *mean_all, int *worst, double *worst_err) {
  double acc = 0, wsum = 0;
  int64_t all = 0;
  size_t alln = 0;
  *worst = -1; *worst_err = -1;
  for (int z = 0; z < scn->zone_count; z++) {
    size_t n = a->acc[z].n;
    int64_t sum = grain ? a->acc[z].grain : a->acc[z].shade;
    if (n == 0 || !zone_scored(scn, z)) continue;
    double e = (double)sum / FX / (double)n;
    if (!grain) e = fmax(e, session_spread(&a->acc[z]));   /* shade: also even between sessions */
    acc += linear_score(e, it->tolerance, it->zero) * (double)n;
    wsum += (double)n;
    all += sum; alln += n;
    if (e > *worst_err) { *worst_err = e; *worst = z; }
  }
  *mean_all = alln ? (double)all / FX / (double)alln : 0;
  return wsum > 0 ? clamp100(acc / wsum) : 0;
}

static void score_grain(const stp_scenario *scn, const analysis *a, stp_score_result *r, stp_criterion_result *c) {
  const stp_rubric_item *it = &scn->rubric.items[STP_CRIT_GRAIN];
  int worst; double werr;
  c->score = zone_error_score(scn, a, true, it, &r->grain_error_deg, &worst, &werr);
  if (worst < 0) {
    snprintf(c->figures, sizeof c->figures, "no impressions in the zones");
    snprintf(c->advice, sizeof c->advice, "Place impressions in the zones, drawn along the hair's direction.");
    return;
  }
  snprintf(c->figures, sizeof c->figures,
           "mean angle error %.1f° overall, %.1f° in %s (full marks within %.0f°, none at %.0f°)",
           r->grain_error_deg, werr, zone_label(&scn->zones[worst]), it->tolerance, it->zero);
  if (werr <= it->tolerance)
    snprintf(c->advice, sizeof c->advice, "The grain follows the hair's direction in every zone.");
  else
    snprintf(c->advice, sizeof c->advice,
             "In %s the impressions cross the grain. Rotate the needle to follow the flow: it turns "
             "around the crown whorl, runs forward over the top and down at the sides and nape.",
             zone_label(&scn->zones[worst]));
}

static void score_shade(const stp_scenario *scn, const analysis *a, stp_score_result *r,
                        const stp_work *w, stp_criterion_result *c) {
  const stp_rubric_item *it = &scn->rubric.items[STP_CRIT_SHADE];
  int worst; double werr;
  c->score = zone_error_score(scn, a, false, it, &r->shade_delta_e, &worst, &werr);
  if (worst < 0) {
    snprintf(c->figures, sizeof c->figures, "no impressions in the zones");
    snprintf(c->advice, sizeof c->advice, "Place impressions in the zones with the zone's ink.");
    return;
  }
  /* Which way: compare the worst zone's mean ink and depth with its targets. */
  int64_t ink = 0, dep = 0; size_t n = 0;
  for (size_t i = 0; i < a->n; i++)
    if (a->zone[i] == worst) { ink += fx(w->items[i].ink); dep += fx(w->items[i].depth_mm); n++; }
  double mink = (double)ink / FX / (double)n, mdep = (double)dep / FX / (double)n;
  const stp_zone *z = &scn->zones[worst];
  int sz = -1;
  for (int i = 0; i < scn->zone_count; i++) {
    double sp = zone_scored(scn, i) ? session_spread(&a->acc[i]) : 0;
    if (sp > r->shade_session_delta_e) { r->shade_session_delta_e = sp; sz = i; }
  }
  size_t len = (size_t)snprintf(c->figures, sizeof c->figures,
           "healed colour off by ΔE %.1f overall, %.1f in %s (full marks within %.0f, none at %.0f); "
           "ink %.2f, target %.2f",
           r->shade_delta_e, werr, zone_label(z), it->tolerance, it->zero, mink, z->ink);
  if (sz >= 0 && len < sizeof c->figures)
    snprintf(c->figures + len, sizeof c->figures - len, "; sessions differ by ΔE %.1f in %s",
             r->shade_session_delta_e, zone_label(&scn->zones[sz]));
  bool sessions = sz == worst && session_spread(&a->acc[worst]) > (double)a->acc[worst].shade / FX / (double)a->acc[worst].n;
  if (werr <= it->tolerance)
    snprintf(c->advice, sizeof c->advice, "The healed shade matches the target in every zone.");
  else if (sessions)
    snprintf(c->advice, sizeof c->advice,
             "The sessions heal to different shades in %s: keep each session's ink and pressure "
             "matched to the target so the layers blend.", zone_label(z));
  else if (mink > z->ink * 1.1)
    snprintf(c->advice, sizeof c->advice,
             "%s heals too dark: dilute the ink (about %.2f) so the dots match the stubble and skin.",
             zone_label(z), z->ink);
  else if (mink < z->ink * 0.9)
    snprintf(c->advice, sizeof c->advice,
             "%s heals too light: use stronger ink (about %.2f).", zone_label(z), z->ink);
  else if (mdep > scn->depth.deep_mm || mdep < scn->depth.shallow_mm)
    snprintf(c->advice, sizeof c->advice,
             "%s's shade is off because of depth: keep the needle between %.1f and %.1f mm "
             "(shallow dots fade, deep ones turn blue).", zone_label(z), scn->depth.shallow_mm, scn->depth.deep_mm);
  else
    snprintf(c->advice, sizeof c->advice,
             "The shade in %s is uneven: keep the same ink and pressure across the zone and "
             "between sessions.", zone_label(z));
}

/* ---- depth and boundaries: a fraction of the impressions ------------------------- */

static void score_depth(const stp_scenario *scn, stp_score_result *r, stp_criterion_result *c) {
  const stp_rubric_item *it = &scn->rubric.items[STP_CRIT_DEPTH];
  if (r->impressions == 0) {
    snprintf(c->figures, sizeof c->figures, "no impressions");
    snprintf(c->advice, sizeof c->advice, "Place impressions at about 1 mm depth.");
    return;
  }
  double frac = (double)(r->too_shallow + r->too_deep) / (double)r->impressions;
  c->score = linear_score(frac, it->tolerance, it->zero);
  snprintf(c->figures, sizeof c->figures,
           "%zu too shallow (under %.1f mm), %zu too deep (over %.1f mm) of %zu: %.1f%% off the window",
           r->too_shallow, scn->depth.shallow_mm, r->too_deep, scn->depth.deep_mm, r->impressions, 100 * frac);
  if (r->too_deep > r->too_shallow && r->too_deep > 0)
    snprintf(c->advice, sizeof c->advice,
             "Press lighter: past %.1f mm the pigment blows out, spreading into bluish blurred dots.",
             scn->depth.deep_mm);
  else if (r->too_shallow > 0)
    snprintf(c->advice, sizeof c->advice,
             "Press a little harder: under %.1f mm the pigment sits in the epidermis and heals away.",
             scn->depth.shallow_mm);
  else
    snprintf(c->advice, sizeof c->advice, "Every impression is in the stable depth window.");
}

static void score_boundary(const stp_scenario *scn, stp_score_result *r, stp_criterion_result *c) {
  const stp_rubric_item *it = &scn->rubric.items[STP_CRIT_BOUNDARY];
  if (r->impressions == 0) {
    snprintf(c->figures, sizeof c->figures, "no impressions");
    snprintf(c->advice, sizeof c->advice, "Place impressions inside the outlined zones.");
    return;
  }
  double frac = (double)(r->outside + r->forbidden) / (double)r->impressions;
  c->score = linear_score(frac, it->tolerance, it->zero);
  snprintf(c->figures, sizeof c->figures,
           "%zu outside the planned zones, %zu in forbidden areas, of %zu (%.1f%%)",
           r->outside, r->forbidden, r->impressions, 100 * frac);
  if (r->outside + r->forbidden == 0)
    snprintf(c->advice, sizeof c->advice, "Every impression is inside the planned area.");
  else
    snprintf(c->advice, sizeof c->advice,
             "Stay inside the outlined zones: pigment on the forehead or a forbidden area is "
             "permanent and can only be removed by laser.");
}

/* ---- hairline -------------------------------------------------------------------- */

typedef struct hairline_cols {
  uint32_t hist[HL_COLS][HL_BINS];   /* dots by depth behind the designed line */
  int zone[HL_COLS];                 /* the hairline zone the column belongs to (-1 none) */
} hairline_cols;

static int hl_col(double x) {
  double c = floor(x / HL_COL_MM) + HL_COLS / 2;
  return c >= 0 && c < HL_COLS ? (int)c : -1;
}

/* Depth (mm behind the designed line) where a column's count over a 3 mm window first
 * reaches 80 % of its own density behind the transition (full, per mm2); NAN if never. */
static double hl_width_from(const double *counts, int from_bin, double full) {
  double need = 0.8 * full * HL_COL_MM * 3.0;
  int win = (int)(3.0 / HL_BIN_MM);
  for (int b = from_bin < 0 ? 0 : from_bin; b + win <= HL_BINS; b++) {
    double s = 0;
    for (int k = 0; k < win; k++) s += counts[b + k];
    if (s >= need) return (b - HL_BIN0) * HL_BIN_MM + 1.5;
  }
  return NAN;
}

static int cmp_double(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return x < y ? -1 : x > y;
}
static double median_of(double *v, int n) {
  if (n == 0) return NAN;
  qsort(v, (size_t)n, sizeof *v, cmp_double);
  return n % 2 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
}

/* Density per mm2 over the 8 mm behind the designed transition (the ramp's width). */
static double rear_density(const double *counts, const stp_zone *z) {
  double w = z->density_field.kind == STP_FIELD_RAMP ? z->density_field.width : 0;
  int b0 = HL_BIN0 + (int)ceil((w + 1.0) / HL_BIN_MM), b1 = b0 + (int)(8.0 / HL_BIN_MM);
  if (b1 > HL_BINS) b1 = HL_BINS;
  double s = 0;
  for (int b = b0; b < b1; b++) s += counts[b];
  return b1 > b0 ? s / (HL_COL_MM * (b1 - b0) * HL_BIN_MM) : 0;
}

/* Per column: the front (depth of the second dot from the front), the transition width
 * against the designed one, then medians over columns and the left-right difference. */
static bool hairline_stats(const stp_scenario *scn, const analysis *a, stp_score_result *r,
                           hairline_cols *h) {
  memset(h->hist, 0, sizeof h->hist);
  for (int c = 0; c < HL_COLS; c++) h->zone[c] = -1;
  bool any = false;
  for (int z = 0; z < scn->zone_count; z++) {
    if (scn->zones[z].role != STP_ZONE_HAIRLINE) continue;
    any = true;
    double x0, y0, x1, y1;
    stp_shape_bounds(&scn->zones[z].shape, &x0, &y0, &x1, &y1);
    for (int c = 0; c < HL_COLS; c++) {
      double cx = (c - HL_COLS / 2 + 0.5) * HL_COL_MM;
      if (cx >= x0 && cx <= x1 && h->zone[c] < 0) h->zone[c] = z;
    }
  }
  if (!any) return false;
  for (size_t i = 0; i < a->n; i++) {
    int z = a->zone[i];
    if (z < 0 || scn->zones[z].role != STP_ZONE_HAIRLINE) continue;
    double x = a->w->items[i].x_mm, y = a->w->items[i].y_mm;
    int c = hl_col(x);
    if (c < 0 || h->zone[c] != z) continue;
    double dd = y - stp_field_front_y(a->ctx, z, x);
    double b = floor(dd / HL_BIN_MM) + HL_BIN0;
    h->hist[c][b < 0 ? 0 : b >= HL_BINS ? HL_BINS - 1 : (int)b]++;
  }
  double front[HL_COLS], pos[HL_COLS], wdiff[HL_COLS];
  int np = 0, nw = 0;
  for (int c = 0; c < HL_COLS; c++) {
    front[c] = NAN;
    int z = h->zone[c];
    if (z < 0) continue;
    uint32_t tot = 0;
    int fb = -1;
    double counts[HL_BINS], expect[HL_BINS];
    double cx = (c - HL_COLS / 2 + 0.5) * HL_COL_MM, fy = stp_field_front_y(a->ctx, z, cx);
    const stp_zone *zn = &scn->zones[z];
    for (int b = 0; b < HL_BINS; b++) {
      tot += h->hist[c][b];
      if (fb < 0 && tot >= 2) fb = b;
      counts[b] = h->hist[c][b];
      double dmid = (b - HL_BIN0 + 0.5) * HL_BIN_MM;
      expect[b] = b < HL_BIN0 ? 0
                : stp_field_eval(a->ctx, z, &zn->density_field, zn->density_per_cm2, cx, fy + dmid) / 100.0 *
                  HL_COL_MM * HL_BIN_MM;
    }
    if (tot < 3) continue;
    /* Where the target density would put the second dot (1.68: the median of a Poisson
     * process's second arrival), so a sparse designed front is not read as set back. */
    double cum = 0, fe = 0;
    for (int b = HL_BIN0; b < HL_BINS; b++) {
      cum += expect[b];
      if (cum >= 1.68) { fe = (b - HL_BIN0 + 0.5) * HL_BIN_MM; break; }
    }
    front[c] = (fb - HL_BIN0 + 0.5) * HL_BIN_MM - fe;
    pos[np++] = front[c];
    double w = hl_width_from(counts, fb, rear_density(counts, zn)) - (fb - HL_BIN0 + 0.5) * HL_BIN_MM;
    double we = hl_width_from(expect, HL_BIN0, rear_density(expect, zn)) - fe;
    if (!isnan(w) && !isnan(we)) wdiff[nw++] = w - we;
  }
  /* Symmetry: the median front of the left half against the right half. */
  double left[HL_COLS / 2], right[HL_COLS / 2];
  int nl = 0, nr = 0;
  for (int c = 0; c < HL_COLS; c++) {
    if (isnan(front[c])) continue;
    if (c < HL_COLS / 2) left[nl++] = front[c]; else right[nr++] = front[c];
  }
  r->hairline_position_mm = np ? median_of(pos, np) : NAN;
  r->hairline_width_mm = nw ? median_of(wdiff, nw) : NAN;
  r->hairline_asymmetry_mm = nl && nr ? fabs(median_of(left, nl) - median_of(right, nr)) : 0;
  return true;
}

static void score_hairline(const stp_scenario *scn, stp_score_result *r, stp_criterion_result *c) {
  const stp_rubric_item *it = &scn->rubric.items[STP_CRIT_HAIRLINE];
  double p = r->hairline_position_mm, w = r->hairline_width_mm, s = r->hairline_asymmetry_mm;
  if (isnan(p)) {
    c->score = 0;
    snprintf(c->figures, sizeof c->figures, "no hairline drawn (fewer than 3 impressions per 4 mm of line)");
    snprintf(c->advice, sizeof c->advice, "Build the hairline zone from its designed front edge backward.");
    return;
  }
  if (isnan(w)) w = 0;
  double e = sqrt(p * p + w * w + s * s);
  c->score = linear_score(e, it->tolerance, it->zero);
  snprintf(c->figures, sizeof c->figures,
           "front %.1f mm %s the designed line; transition %.1f mm %s than designed; left-right "
           "difference %.1f mm; combined %.1f mm (full marks within %.0f mm, none at %.0f mm)",
           fabs(p), p >= 0 ? "behind" : "in front of", fabs(w), w >= 0 ? "wider" : "narrower", s,
           e, it->tolerance, it->zero);
  if (e <= it->tolerance)
    snprintf(c->advice, sizeof c->advice, "The hairline sits on its design with a soft, even transition.");
  else if (fabs(p) >= fabs(w) && fabs(p) >= s)
    snprintf(c->advice, sizeof c->advice, p > 0 ? "Bring the front of the hairline forward to the designed line."
                                                 : "The hairline is too low: keep the front dots behind the designed line.");
  else if (fabs(w) >= s)
    snprintf(c->advice, sizeof c->advice, w < 0
             ? "The hairline is too hard: start with sparse, irregular single dots at the front and "
               "build density gradually behind them; never a straight line."
             : "The transition is too long and thin: fill in density sooner behind the front.");
  else
    snprintf(c->advice, sizeof c->advice,
             "The two sides differ: mirror the hairline's height on the left and right.");
}

/* ---- the whole rubric ------------------------------------------------------------ */

static void count_zones(const stp_scenario *scn, const analysis *a, stp_score_result *r) {
  for (int i = 0; i < scn->zone_count; i++) {
    const stp_zone *z = &scn->zones[i];
    r->zones[i].area_cm2 = stp_shape_area_mm2(&z->shape) / 100.0;
    r->zones[i].target = a->ctx->mean_density[i];
    r->zones[i].tolerance = z->density_tolerance;
  }
  for (size_t i = 0; i < a->n; i++) {
    int z = a->zone[i], dc = depth_class(scn, &a->w->items[i]);
    if (z >= 0) r->zones[z].count++;
    if (z < 0) r->outside++;
    else if (scn->zones[z].role == STP_ZONE_FORBIDDEN) r->forbidden++;
    else r->in_zones++;
    if (a->merged[i]) r->merged++;
    if (dc == DEPTH_SHALLOW) r->too_shallow++;
    if (dc == DEPTH_DEEP) r->too_deep++;
  }
  for (int i = 0; i < scn->zone_count; i++) {
    stp_zone_result *z = &r->zones[i];
    z->density = z->area_cm2 > 0 ? (double)z->count / z->area_cm2 : 0;
    z->score = density_zone_score(z->density, z->target, z->tolerance);
  }
}

stp_status stp_score_work(const stp_scenario *scn, const stp_work *w, stp_score_result *r,
                          unsigned char *merged_flags, stp_error *err) {
  memset(r, 0, sizeof *r);
  r->pass_mark = scn->rubric.pass_mark;
  r->impressions = w->count;
  r->zone_count = scn->zone_count;
  analysis a;
  const stp_rubric *rb = &scn->rubric;
  bool need_nn = rb->items[STP_CRIT_SPACING].enabled && rb->pattern_weight > 0;
  stp_status st = analyse(scn, w, &a, merged_flags, need_nn, rb->items[STP_CRIT_GRAIN].enabled,
                          rb->items[STP_CRIT_SHADE].enabled, err);
  if (st != STP_OK) return st;
  hairline_cols *h = malloc(sizeof *h);
  if (!h) { analysis_free(&a); return nomem(err, w->count); }
  count_zones(scn, &a, r);
  pattern_stats(scn, &a, r);
  bool has_hairline = hairline_stats(scn, &a, r, h);
  free(h);

  double wsum = 0;
  for (int i = 0; i < STP_CRIT_COUNT; i++) {
    stp_criterion_result *c = &r->criteria[i];
    c->id = (stp_criterion_id)i;
    /* The hairline criterion only applies where the scenario designs one. */
    c->enabled = scn->rubric.items[i].enabled && (i != STP_CRIT_HAIRLINE || has_hairline);
    if (c->enabled) wsum += scn->rubric.items[i].weight;
  }
  double total = 0;
  for (int i = 0; i < STP_CRIT_COUNT; i++) {
    stp_criterion_result *c = &r->criteria[i];
    if (!c->enabled) continue;
    c->weight = wsum > 0 ? scn->rubric.items[i].weight / wsum : 0;
    switch (c->id) {
    case STP_CRIT_DENSITY: score_density(scn, r, c); break;
    case STP_CRIT_SPACING: score_spacing(scn, r, c); break;
    case STP_CRIT_GRAIN: score_grain(scn, &a, r, c); break;
    case STP_CRIT_SHADE: score_shade(scn, &a, r, w, c); break;
    case STP_CRIT_DEPTH: score_depth(scn, r, c); break;
    case STP_CRIT_HAIRLINE: score_hairline(scn, r, c); break;
    case STP_CRIT_BOUNDARY: score_boundary(scn, r, c); break;
    default: break;
    }
    c->score = clamp100(c->score);
    total += c->weight * c->score;
  }
  analysis_free(&a);
  r->rubric_weight_sum = wsum;
  r->score = clamp100(total);
  r->passed = r->score >= r->pass_mark && r->impressions > 0;
  return STP_OK;
}

stp_status stp_score_add_custom(stp_score_result *r, const char *key, double weight, double score,
                                const char *figures, const char *advice, stp_error *err) {
  if (r->custom_count >= STP_SCORE_MAX_CUSTOM)
    return stp_error_set(err, STP_ERR_RANGE, NULL, 0, "at most %d custom criteria", STP_SCORE_MAX_CUSTOM);
  if (!(weight >= 0 && weight <= 1000) || !(score >= 0 && score <= 100))
    return stp_error_set(err, STP_ERR_RANGE, NULL, 0, "custom criterion '%s': weight %g or score %g out of range",
                         key, weight, score);
  struct stp_custom_criterion *c = &r->custom[r->custom_count++];
  snprintf(c->key, sizeof c->key, "%s", key);
  c->raw_weight = weight;
  c->score = score;
  snprintf(c->figures, sizeof c->figures, "%s", figures ? figures : "");
  snprintf(c->advice, sizeof c->advice, "%s", advice ? advice : "");
  /* Re-weigh: built-in raw weights and custom raw weights share one denominator. */
  double sum = r->rubric_weight_sum;
  for (int i = 0; i < r->custom_count; i++) sum += r->custom[i].raw_weight;
  if (!(sum > 0)) return STP_OK;
  /* Built-in weights were normalised by the previous sum; scale them to the new one. */
  double total = 0, prev = sum - weight;
  for (int i = 0; i < STP_CRIT_COUNT; i++) {
    stp_criterion_result *b = &r->criteria[i];
    if (!b->enabled) continue;
    b->weight = prev > 0 ? b->weight * prev / sum : 0;
    total += b->weight * b->score;
  }
  for (int i = 0; i < r->custom_count; i++) {
    r->custom[i].weight = r->custom[i].raw_weight / sum;
    total += r->custom[i].weight * r->custom[i].score;
  }
  r->score = clamp100(total);
  r->passed = r->score >= r->pass_mark && r->impressions > 0;
  return STP_OK;
}

/* ---- maps ------------------------------------------------------------------------ */

static void map_meta(const stp_scenario *scn, stp_criterion_id crit, stp_score_map_grid *g) {
  const char *unit = "", *label = "";
  g->lo = 0; g->hi = 100;
  switch (crit) {
  case STP_CRIT_DENSITY: unit = "% of target"; label = "density against the target"; g->hi = 200; break;
  case STP_CRIT_HAIRLINE: unit = "% of target"; label = "hairline density against the ramp"; g->hi = 200; break;
  case STP_CRIT_SPACING: unit = "% merged"; label = "impressions merged with a neighbour"; break;
  case STP_CRIT_GRAIN: unit = "deg"; label = "mean angle error (axial)"; g->hi = 90; break;
  case STP_CRIT_SHADE: unit = "Delta E"; label = "healed colour difference";
    g->hi = scn->rubric.items[STP_CRIT_SHADE].zero > 0 ? scn->rubric.items[STP_CRIT_SHADE].zero : 20; break;
  case STP_CRIT_DEPTH: unit = "% off window"; label = "impressions too shallow or too deep"; break;
  case STP_CRIT_BOUNDARY: unit = "impressions"; label = "impressions outside the plan"; g->hi = 1; break;
  default: break;
  }
  snprintf(g->unit, sizeof g->unit, "%s", unit);
  snprintf(g->label, sizeof g->label, "%s", label);
}

/* The per-dot quantity a map averages (NAN: the dot does not count). */
static double map_dot_value(const analysis *a, size_t i, stp_criterion_id crit) {
  bool scored = zone_scored(a->scn, a->zone[i]);
  switch (crit) {
  case STP_CRIT_SPACING: return a->merged[i] ? 100 : 0;
  case STP_CRIT_GRAIN: return scored ? dot_grain(a, i) : NAN;
  case STP_CRIT_SHADE: { double lab[3]; return scored ? dot_shade(a, i, lab) : NAN; }
  case STP_CRIT_DEPTH: return depth_class(a->scn, &a->w->items[i]) != DEPTH_OK ? 100 : 0;
  case STP_CRIT_BOUNDARY: return scored ? 0 : 1;
  default: return NAN;
  }
}

static bool cell_scored(const stp_scenario *scn, int z, stp_criterion_id crit) {
  if (z < 0 || scn->zones[z].role == STP_ZONE_FORBIDDEN) return false;
  return crit != STP_CRIT_HAIRLINE || scn->zones[z].role == STP_ZONE_HAIRLINE;
}

/* Density maps: impressions per cm2 over a window about 6 mm across around each cell (the
 * scored cells in it), as a percentage of the target at the cell's centre. */
static stp_status density_map(const stp_scenario *scn, const analysis *a, stp_criterion_id crit,
                              stp_score_map_grid *g, const uint32_t *cnt, stp_error *err) {
  size_t cells = (size_t)g->nx * (size_t)g->ny;
  float *target = malloc(cells * sizeof *target);
  if (!target) return nomem(err, a->n);
  for (int j = 0; j < g->ny; j++)
    for (int i = 0; i < g->nx; i++) {
      stp_targets t = stp_field_targets(a->ctx, g->x0 + (i + 0.5) * g->cell_mm, g->y0 + (j + 0.5) * g->cell_mm);
      target[(size_t)j * (size_t)g->nx + (size_t)i] =
        cell_scored(scn, t.zone, crit) && t.density_per_cm2 > 0 ? (float)t.density_per_cm2 : NAN;
    }
  int rad = (int)lround(3.0 / g->cell_mm);
  double cell_cm2 = g->cell_mm * g->cell_mm / 100.0;
  for (int j = 0; j < g->ny; j++)
    for (int i = 0; i < g->nx; i++) {
      size_t c = (size_t)j * (size_t)g->nx + (size_t)i;
      g->values[c] = NAN;
      if (isnan(target[c])) continue;
      uint64_t n = 0, in = 0;
      for (int jj = j - rad; jj <= j + rad; jj++)
        for (int ii = i - rad; ii <= i + rad; ii++) {
          if (ii < 0 || jj < 0 || ii >= g->nx || jj >= g->ny) continue;
          size_t k = (size_t)jj * (size_t)g->nx + (size_t)ii;
          if (isnan(target[k])) continue;
          n += cnt[k];
          in++;
        }
      g->values[c] = (float)(100.0 * (double)n / ((double)in * cell_cm2) / target[c]);
    }
  free(target);
  return STP_OK;
}

stp_status stp_score_map(const stp_scenario *scn, const stp_work *w, stp_criterion_id crit,
                         stp_score_map_grid *g, stp_error *err) {
  if (g->nx < 1 || g->ny < 1 || !(g->cell_mm > 0) || !g->values || (size_t)g->nx * (size_t)g->ny > 64u * 1024 * 1024)
    return stp_error_set(err, STP_ERR_RANGE, NULL, 0, "a map needs a positive cell size and 1..64M cells");
  map_meta(scn, crit, g);
  size_t cells = (size_t)g->nx * (size_t)g->ny;
  int64_t *sum = calloc(cells, sizeof *sum);
  uint32_t *cnt = calloc(cells, sizeof *cnt);
  analysis a;
  stp_status st = sum && cnt ? analyse(scn, w, &a, NULL, false, false, false, err) : nomem(err, w->count);
  if (st != STP_OK) { free(sum); free(cnt); return st; }
  bool per_area = crit == STP_CRIT_DENSITY || crit == STP_CRIT_HAIRLINE;
  for (size_t i = 0; i < a.n; i++) {
    double cx = floor((w->items[i].x_mm - g->x0) / g->cell_mm), cy = floor((w->items[i].y_mm - g->y0) / g->cell_mm);
    if (cx < 0 || cy < 0 || cx >= g->nx || cy >= g->ny) continue;
    size_t c = (size_t)cy * (size_t)g->nx + (size_t)cx;
    if (per_area) { if (cell_scored(scn, a.zone[i], crit)) cnt[c]++; continue; }
    double v = map_dot_value(&a, i, crit);
    if (isnan(v)) continue;
    sum[c] += fx(v);
    cnt[c]++;
  }
  if (per_area) st = density_map(scn, &a, crit, g, cnt, err);
  for (int j = 0; j < g->ny && !per_area; j++)
    for (int i = 0; i < g->nx; i++) {
      size_t c = (size_t)j * (size_t)g->nx + (size_t)i;
      double x = g->x0 + (i + 0.5) * g->cell_mm, y = g->y0 + (j + 0.5) * g->cell_mm;
      float v = NAN;
      if (cnt[c]) {
        v = (float)((double)sum[c] / FX / (double)cnt[c]);
        if (crit == STP_CRIT_BOUNDARY) v = (float)((double)sum[c] / FX);
      } else if (crit == STP_CRIT_BOUNDARY && stp_scenario_zone_at(scn, x, y) >= 0) {
        v = 0;
      }
      if (crit == STP_CRIT_BOUNDARY && !isnan(v) && v > g->hi) g->hi = v;
      g->values[c] = v;
    }
  analysis_free(&a);
  free(sum);
  free(cnt);
  return st;
}
