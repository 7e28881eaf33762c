/* stp_score_analysis.c - one pass over the work that every criterion reads: each row's zone
 * and merge radius, a bucket grid of the dots, merges and nearest neighbours, per-zone sums. */
#include "stp_score_internal.h"

void stp_sc_analysis_free(stp_sc_analysis *a) {
  free(a->ctx); free(a->zone); free(a->radius); free(a->start); free(a->cp);
  if (a->own_merged) free(a->merged);
  memset(a, 0, sizeof *a);
}

stp_status stp_sc_nomem(stp_error *err, size_t n) {
  return stp_error_set(err, STP_ERR_NOMEM, NULL, 0, "out of memory scoring %zu impressions", n);
}

int stp_sc_depth_class(const stp_scenario *scn, const stp_impression *imp) {
  return imp->depth_mm < scn->depth.shallow_mm ? STP_SC_DEPTH_SHALLOW
       : imp->depth_mm > scn->depth.deep_mm ? STP_SC_DEPTH_DEEP : STP_SC_DEPTH_OK;
}

bool stp_sc_zone_scored(const stp_scenario *scn, int z) {
  return z >= 0 && scn->zones[z].role != STP_ZONE_FORBIDDEN;
}

/* Zones, merge radii, grain and shade of every row. */
static void analyse_dots(stp_sc_analysis *a, bool grain, bool shade) {
  const stp_scenario *scn = a->scn;
  stp_sc_shade_targets(a);
  for (size_t i = 0; i < a->n; i++) {
    const stp_impression *imp = &a->w->items[i];
    int z = stp_scenario_zone_at(scn, imp->x_mm, imp->y_mm);
    a->zone[i] = (signed char)z;
    stp_dot_look l = stp_pigment_look(imp, scn, false);
    a->radius[i] = (float)(scn->rubric.merge_factor * 0.5 * (l.diameter_mm + l.softness_mm));
    if (!stp_sc_zone_scored(scn, z)) continue;
    stp_sc_zone_acc *acc = &a->acc[z];
    acc->n++;
    if (grain) acc->grain += stp_sc_fx(stp_sc_dot_grain(a, i));
    if (!shade) continue;
    double lab[3];
    acc->shade += stp_sc_fx(stp_sc_dot_shade(a, i, lab));
    int se = imp->session < 1 ? 0 : imp->session > STP_SC_SESSIONS ? STP_SC_SESSIONS - 1 : imp->session - 1;
    for (int k = 0; k < 3; k++) acc->sess_lab[se][k] += stp_sc_fx(lab[k]);
    acc->sess_n[se]++;
  }
}

/* The cell of a position relative to the grid's corner, as stored (float), so a dot is
 * always searched from the cell it is filed in. */
static void cell_of(const stp_sc_analysis *a, float rx, float ry, int64_t *ix, int64_t *iy) {
  *ix = (int64_t)floor((double)rx / a->cell);
  *iy = (int64_t)floor((double)ry / a->cell);
  if (*ix < 0) *ix = 0;
  if (*iy < 0) *iy = 0;
  if (*ix >= a->gnx) *ix = a->gnx - 1;
  if (*iy >= a->gny) *iy = a->gny - 1;
}

static stp_status build_buckets(stp_sc_analysis *a, double min_cell, stp_error *err) {
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
  if (!a->start || !a->cp) return stp_sc_nomem(err, a->n);
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
    stp_sc_cpt c = {(float)(it[i].x_mm - x0), (float)(it[i].y_mm - y0), a->radius[i], (uint32_t)i, a->zone[i]};
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
static void neighbours_one(stp_sc_analysis *a, size_t k, bool want_nn) {
  const stp_sc_cpt *p = &a->cp[k];
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
          const stp_sc_cpt *q = &a->cp[j];
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
  stp_sc_zone_acc *acc = &a->acc[p->zone];
  acc->nn += stp_sc_fx(sqrt(d2));
  acc->o4c += stp_sc_fx(c4); acc->o4s += stp_sc_fx(s4);
  acc->o6c += stp_sc_fx(c4 * c2 - s4 * s2); acc->o6s += stp_sc_fx(s4 * c2 + c4 * s2);
  acc->nn_n++;
}

/* need_nn: nearest neighbours (spacing pattern); grain, shade: per-zone errors.
 * merged: the caller's per-row flags (or NULL: owned here). */
stp_status stp_sc_analyse(const stp_scenario *scn, const stp_work *w, stp_sc_analysis *a, unsigned char *merged,
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
  if (!a->ctx || !a->zone || !a->radius || !a->merged) { stp_sc_analysis_free(a); return stp_sc_nomem(err, w->count); }
  memset(a->merged, 0, a->n);
  stp_field_init(a->ctx, scn);
  analyse_dots(a, grain, shade);
  if (a->n == 0) return STP_OK;
  float rmax = 0;
  for (size_t i = 0; i < a->n; i++) if (a->radius[i] > rmax) rmax = a->radius[i];
  stp_status st = build_buckets(a, 2.0 * rmax + 1e-3, err);
  if (st != STP_OK) { stp_sc_analysis_free(a); return st; }
  for (size_t k = 0; k < a->n; k++) neighbours_one(a, k, need_nn && stp_sc_zone_scored(scn, a->cp[k].zone));
  return STP_OK;
}


/* ---- grain and shade: a per-zone mean error ------------------------------------- */


double stp_sc_zone_error_score(const stp_scenario *scn, const stp_sc_analysis *a, bool grain,
                               const stp_rubric_item *it, double *mean_all, int *worst, double *worst_err) {
  double acc = 0, wsum = 0;
  int64_t all = 0;
  size_t alln = 0;
  *worst = -1; *worst_err = -1;
  for (int z = 0; z < scn->zone_count; z++) {
    size_t n = a->acc[z].n;
    int64_t sum = grain ? a->acc[z].grain : a->acc[z].shade;
    if (n == 0 || !stp_sc_zone_scored(scn, z)) continue;
    double e = (double)sum / FX / (double)n;
    if (!grain) e = fmax(e, stp_sc_session_spread(&a->acc[z]));   /* shade: also even between sessions */
    acc += stp_sc_linear(e, it->tolerance, it->zero) * (double)n;
    wsum += (double)n;
    all += sum; alln += n;
    if (e > *worst_err) { *worst_err = e; *worst = z; }
  }
  *mean_all = alln ? (double)all / FX / (double)alln : 0;
  return wsum > 0 ? stp_sc_clamp100(acc / wsum) : 0;
}

