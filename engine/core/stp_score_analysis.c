/* stp_score_analysis.c - one pass over the work that every criterion reads: each row's zone
 * and merge radius, a bucket grid of the dots, merges and nearest neighbours, per-zone sums. */
#include "stp_score_internal.h"

void stp_sc_analysis_free(stp_sc_analysis *a) {
  stp_sc_shade_memo_free(a);
  free(a->ctx); free(a->zone); free(a->radius); free(a->healed); free(a->harm); free(a->start); free(a->cp);
  if (a->own_merged) free(a->merged);
  memset(a, 0, sizeof *a);
}

stp_status stp_sc_nomem(stp_error *err, size_t n) {
  return stp_error_set(err, STP_ERR_NOMEM, NULL, 0, "out of memory scoring %zu impressions", n);
}

int stp_sc_depth_class(const stp_scenario *scn, const stp_impression *imp) {
  double shallow, deep;   /* the tissue's window there (a zone's own, or depth_window) */
  stp_pigment_window(scn, imp->x_mm, imp->y_mm, &shallow, &deep);
  return imp->depth_mm < shallow ? STP_SC_DEPTH_SHALLOW : imp->depth_mm > deep ? STP_SC_DEPTH_DEEP : STP_SC_DEPTH_OK;
}

bool stp_sc_zone_scored(const stp_scenario *scn, int z) {
  return stp_scenario_zone_worked(scn, z);
}

/* Zones, merge radii, grain and shade of every row. */
static void analyse_dots(stp_sc_analysis *a, bool grain, bool shade) {
  const stp_scenario *scn = a->scn;
  stp_sc_shade_targets(a);
  for (size_t i = 0; i < a->n; i++) {
    const stp_impression *imp = &a->w->items[i];
    int z = stp_scenario_zone_at(scn, imp->x_mm, imp->y_mm);
    a->zone[i] = (signed char)z;
    stp_dot_look l, h;
    stp_pigment_looks(imp, scn, &l, &h);
    a->radius[i] = (float)(scn->rubric.merge_factor * 0.5 * (l.diameter_mm + l.softness_mm));
    a->healed[i * 4] = (float)stp_sc_look_cover(&h);
    for (int q = 0; q < 3; q++) a->healed[i * 4 + 1 + (size_t)q] = h.rgb[q];
    /* A context row (an earlier session's or an old work's) is on the skin for the layout
     * but not judged dot by dot: no grain, no shade, not counted in the zone's judged n. */
    if (!stp_sc_zone_scored(scn, z) || imp->context) continue;
    stp_sc_zone_acc *acc = &a->acc[z];
    acc->n++;
    if (grain) {   /* squared: the zone's error is a root mean square (see stp_score_grain.c) */
      double g = stp_sc_dot_grain(a, i);
      acc->grain += stp_sc_fx(g * g);
    }
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

static stp_status build_buckets(stp_sc_analysis *a, double merge_span, stp_error *err) {
  const stp_impression *it = a->w->items;
  double x0 = INFINITY, y0 = INFINITY, x1 = -INFINITY, y1 = -INFINITY;
  for (size_t i = 0; i < a->n; i++) {
    if (it[i].x_mm < x0) x0 = it[i].x_mm;
    if (it[i].x_mm > x1) x1 = it[i].x_mm;
    if (it[i].y_mm < y0) y0 = it[i].y_mm;
    if (it[i].y_mm > y1) y1 = it[i].y_mm;
  }
  /* About one dot per cell on average, and at least an eighth of the merge reach (a
   * merge search reads at most 8 rings of cells). */
  double area = (x1 - x0 + 1) * (y1 - y0 + 1);
  double cell = sqrt(area / (double)a->n);
  if (cell < merge_span / 16) cell = merge_span / 16;
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

/* ---- the neighbour search ---------------------------------------------------------
 *
 * Linear for any layout. The grid's cells are at least twice the largest merge radius, so
 * at natural density a cell holds about one dot and a search reads a few cells. When dots
 * crowd into a cell (stacked at one point, packed, on a line), the cell's segment of cp is
 * reordered in place into a k-d tree (an implicit one: the median of a range is its node,
 * the halves its children) and searched in O(log m) instead of m. Both searches are exact,
 * so the tree only changes the time, never a result: a dot is merged if any other dot lies
 * closer than the sum of their radii, and its nearest neighbour is the nearest in the total
 * order (distance, dx, dy). A neighbour at distance 0 (a dot stamped twice) is as near as
 * any can be, so the nearest-neighbour search stops there; the merge search stops at the
 * first merge. Cells wholly out of reach are skipped by their rectangle. */

#define KD_CELL 24    /* cells with more dots than this get a k-d tree */
#define KD_LEAF 8     /* ranges this small are read in a row */

typedef struct kd_index {
  unsigned char *axis;    /* per node (cp index of a range's median): 0 split on x, 1 on y */
  float *rmax;            /* per node: the largest merge radius in its range */
  float rmax_all;
  int64_t merge_rings;    /* rings of cells that hold every possible merge */
} kd_index;

static inline float coord(const stp_sc_cpt *c, int axis) { return axis ? c->y : c->x; }

/* Hoare's FIND (as Wirth writes it): afterwards v[k] holds the k-th smallest coordinate,
 * those before it are no larger and those after no smaller. Equal keys stop both scans, so
 * a range of equal coordinates (stacked dots) splits in the middle and stays linear. */
static void select_kth(stp_sc_cpt *v, ptrdiff_t lo, ptrdiff_t hi, ptrdiff_t k, int axis) {
  ptrdiff_t l = lo, r = hi - 1;
  while (l < r) {
    float x = coord(&v[k], axis);
    ptrdiff_t i = l, j = r;
    do {
      while (coord(&v[i], axis) < x) i++;
      while (x < coord(&v[j], axis)) j--;
      if (i <= j) { stp_sc_cpt t = v[i]; v[i] = v[j]; v[j] = t; i++; j--; }
    } while (i <= j);
    if (j < k) l = i;
    if (k < i) r = j;
  }
}

/* Build the tree over v[lo, hi), whose dots lie in the box (x0, y0)-(x1, y1): split on its
 * wider side (a line of dots splits along the line), at the median. Returns the largest
 * merge radius in the range, which each node keeps for the merge search. */
static float kd_build(kd_index *t, stp_sc_cpt *v, ptrdiff_t lo, ptrdiff_t hi, float x0, float y0, float x1,
                      float y1) {
  float rmax = 0;
  if (hi - lo <= KD_LEAF) {
    for (ptrdiff_t i = lo; i < hi; i++) rmax = v[i].r > rmax ? v[i].r : rmax;
    return rmax;
  }
  int axis = (x1 - x0) >= (y1 - y0) ? 0 : 1;
  ptrdiff_t mid = lo + (hi - lo) / 2;
  select_kth(v, lo, hi, mid, axis);
  float split = coord(&v[mid], axis);
  float rl = kd_build(t, v, lo, mid, x0, y0, axis ? x1 : split, axis ? split : y1);
  float rr = kd_build(t, v, mid + 1, hi, axis ? x0 : split, axis ? split : y0, x1, y1);
  rmax = v[mid].r > rl ? v[mid].r : rl;
  rmax = rr > rmax ? rr : rmax;
  t->axis[mid] = (unsigned char)axis;
  t->rmax[mid] = rmax;
  return rmax;
}

static inline bool merges(const stp_sc_cpt *p, const stp_sc_cpt *q) {
  float dx = q->x - p->x, dy = q->y - p->y, d2 = dx * dx + dy * dy;
  float lim = p->r + q->r;
  return d2 < lim * lim;
}

/* Does a dot of v[lo, hi) other than cp[k] (p) merge with p? The far half of a node is read
 * only if it can hold a merge: in float arithmetic every dot beyond the split is at least
 * diff^2 away, and none merges from beyond (p.r + the node's largest radius)^2. */
static bool kd_merge(const kd_index *t, const stp_sc_cpt *v, ptrdiff_t lo, ptrdiff_t hi, ptrdiff_t k,
                     const stp_sc_cpt *p) {
  while (hi - lo > KD_LEAF) {
    ptrdiff_t mid = lo + (hi - lo) / 2;
    int axis = t->axis[mid];
    if (mid != k && merges(p, &v[mid])) return true;
    float diff = coord(p, axis) - coord(&v[mid], axis), reach = p->r + t->rmax[mid];
    bool right_near = diff >= 0;
    if (kd_merge(t, v, right_near ? mid + 1 : lo, right_near ? hi : mid, k, p)) return true;
    if (!(diff * diff < reach * reach)) return false;
    if (right_near) hi = mid; else lo = mid + 1;
  }
  for (ptrdiff_t j = lo; j < hi; j++)
    if (j != k && merges(p, &v[j])) return true;
  return false;
}

/* The nearest dot in p's zone so far: squared distance and offset. */
typedef struct nn_best { float d2, dx, dy; } nn_best;

/* Is (dx, dy) a nearer neighbour than b? Ties broken by the offset itself, so the choice
 * never depends on the order the rows came in. */
static inline void consider(const stp_sc_cpt *p, const stp_sc_cpt *q, nn_best *b) {
  if (q->zone != p->zone) return;
  float dx = q->x - p->x, dy = q->y - p->y, d2 = dx * dx + dy * dy;
  if (d2 != b->d2 ? d2 < b->d2 : dx != b->dx ? dx < b->dx : dy < b->dy) { b->d2 = d2; b->dx = dx; b->dy = dy; }
}

/* The nearest neighbour of p among v[lo, hi) (not cp[k]): the far half of a node is read
 * unless every dot there is farther than the best so far (diff^2 > best, as for merges). */
static void kd_nn(const kd_index *t, const stp_sc_cpt *v, ptrdiff_t lo, ptrdiff_t hi, ptrdiff_t k,
                  const stp_sc_cpt *p, nn_best *b) {
  while (hi - lo > KD_LEAF && b->d2 > 0) {
    ptrdiff_t mid = lo + (hi - lo) / 2;
    int axis = t->axis[mid];
    if (mid != k) consider(p, &v[mid], b);
    float diff = coord(p, axis) - coord(&v[mid], axis);
    bool right_near = diff >= 0;
    kd_nn(t, v, right_near ? mid + 1 : lo, right_near ? hi : mid, k, p, b);
    if (diff * diff > b->d2) return;
    if (right_near) hi = mid; else lo = mid + 1;
  }
  for (ptrdiff_t j = lo; j < hi && b->d2 > 0; j++)
    if (j != k) consider(p, &v[j], b);
}

/* The squared distance from p to the rectangle of cell (cx, cy), less a margin for the
 * rounding of float positions, so skipping a cell by it never skips a dot that counts. */
static double cell_gap2(const stp_sc_analysis *a, const stp_sc_cpt *p, int64_t cx, int64_t cy) {
  double x0 = (double)cx * a->cell, y0 = (double)cy * a->cell;
  double gx = x0 - p->x > p->x - (x0 + a->cell) ? x0 - p->x : p->x - (x0 + a->cell);
  double gy = y0 - p->y > p->y - (y0 + a->cell) ? y0 - p->y : p->y - (y0 + a->cell);
  gx = gx > 1e-3 ? gx - 1e-3 : 0;
  gy = gy > 1e-3 ? gy - 1e-3 : 0;
  return gx * gx + gy * gy;
}

/* One dot: merged (any neighbour closer than the sum of the two merge radii, which rings
 * 0 to merge_rings hold) and, if wanted, its
 * nearest neighbour in the same zone, searching rings of cells outward (up to 25 mm). */
static void neighbours_one(stp_sc_analysis *a, const kd_index *t, size_t k, bool want_nn) {
  const stp_sc_cpt *p = &a->cp[k];
  int64_t ix, iy;
  cell_of(a, p->x, p->y, &ix, &iy);
  nn_best b = {INFINITY, 0, 0};
  bool merged = false;
  double merge_reach = (double)p->r + t->rmax_all;
  int64_t max_ring = want_nn ? (int64_t)ceil(25.0 / a->cell) + 1 : 0;
  if (max_ring < t->merge_rings) max_ring = t->merge_rings;
  for (int64_t r = 0; r <= max_ring; r++) {
    bool want_merge = r <= t->merge_rings && !merged;
    for (int64_t cy = iy - r; cy <= iy + r; cy++) {
      if (cy < 0 || cy >= a->gny) continue;
      bool edge_row = cy == iy - r || cy == iy + r;
      for (int64_t cx = ix - r; cx <= ix + r; cx += edge_row || r == 0 ? 1 : 2 * r) {
        if (cx < 0 || cx >= a->gnx) continue;
        size_t c = (size_t)(cy * a->gnx + cx);
        uint32_t lo = a->start[c], hi = a->start[c + 1];
        if (lo == hi) continue;
        bool do_merge = want_merge && !merged, do_nn = want_nn && b.d2 > 0;
        if (r > 1 || (r > 0 && hi - lo > KD_LEAF)) {   /* a far or crowded cell: in reach at all? */
          double gap2 = cell_gap2(a, p, cx, cy);
          do_merge = do_merge && gap2 < merge_reach * merge_reach;
          do_nn = do_nn && gap2 <= (double)b.d2;
        }
        if (hi - lo > KD_CELL) {
          if (do_merge) merged = kd_merge(t, a->cp, lo, hi, (ptrdiff_t)k, p);
          if (do_nn) kd_nn(t, a->cp, lo, hi, (ptrdiff_t)k, p, &b);
          continue;
        }
        for (uint32_t j = lo; j < hi && (do_merge || do_nn); j++) {
          if (j == k) continue;
          const stp_sc_cpt *q = &a->cp[j];
          if (do_merge && merges(p, q)) merged = true, do_merge = false;
          if (do_nn) consider(p, q, &b);
        }
      }
    }
    double reach = (double)r * a->cell;
    bool merge_done = merged || r >= t->merge_rings;
    bool nn_done = !want_nn || b.d2 == 0 || (r >= 1 && b.d2 < reach * reach);
    if (merge_done && nn_done) break;
  }
  if (merged) a->merged[p->orig] = 1;
  if (!want_nn || !isfinite(b.d2)) return;
  stp_sc_zone_acc *acc = &a->acc[p->zone];
  acc->nn_n++;
  if (b.d2 == 0) return;   /* stamped twice: distance 0, no direction */
  double d2 = b.d2, bx = b.dx, by = b.dy, c2 = (bx * bx - by * by) / d2, s2 = 2.0 * bx * by / d2;
  double c4 = c2 * c2 - s2 * s2, s4 = 2 * s2 * c2;
  acc->nn += stp_sc_fx(sqrt(d2));
  acc->o4c += stp_sc_fx(c4); acc->o4s += stp_sc_fx(s4);
  acc->o6c += stp_sc_fx(c4 * c2 - s4 * s2); acc->o6s += stp_sc_fx(s4 * c2 + c4 * s2);
  if (a->harm) {   /* kept per row for the local (1 cm) pattern */
    float *h = &a->harm[(size_t)p->orig * 4];
    h[0] = (float)c4; h[1] = (float)s4; h[2] = (float)(c4 * c2 - s4 * s2); h[3] = (float)(s4 * c2 + c4 * s2);
  }
}

/* Merges and nearest neighbours of every dot; trees for the crowded cells first. */
static stp_status neighbours_all(stp_sc_analysis *a, bool need_nn, float rmax, double merge_span,
                                 stp_error *err) {
  kd_index t = {NULL, NULL, rmax, (int64_t)ceil(merge_span / a->cell)};
  size_t cells = (size_t)(a->gnx * a->gny);
  bool crowded = false;
  for (size_t c = 0; c < cells && !crowded; c++) crowded = a->start[c + 1] - a->start[c] > KD_CELL;
  if (crowded) {
    t.axis = malloc(a->n);
    t.rmax = malloc(a->n * sizeof *t.rmax);
    if (!t.axis || !t.rmax) { free(t.axis); free(t.rmax); return stp_sc_nomem(err, a->n); }
    for (size_t c = 0; c < cells; c++)
      if (a->start[c + 1] - a->start[c] > KD_CELL) {
        float x0 = (float)((double)(c % (size_t)a->gnx) * a->cell), y0 = (float)((double)(c / (size_t)a->gnx) * a->cell);
        kd_build(&t, a->cp, a->start[c], a->start[c + 1], x0, y0, x0 + (float)a->cell, y0 + (float)a->cell);
      }
  }
  for (size_t k = 0; k < a->n; k++) neighbours_one(a, &t, k, need_nn && stp_sc_zone_scored(a->scn, a->cp[k].zone));
  free(t.axis);
  free(t.rmax);
  return STP_OK;
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
  a->healed = malloc(n1 * 4 * sizeof *a->healed);
  if (need_nn) a->harm = calloc(n1 * 4, sizeof *a->harm);   /* NULL when out of memory: checked below */
  a->own_merged = merged == NULL;
  a->merged = merged ? merged : malloc(n1);
  if (!a->ctx || !a->zone || !a->radius || !a->healed || !a->merged || (need_nn && !a->harm)) { stp_sc_analysis_free(a); return stp_sc_nomem(err, w->count); }
  memset(a->merged, 0, a->n);
  stp_field_init(a->ctx, scn);
  analyse_dots(a, grain, shade);
  if (a->n == 0) return STP_OK;
  float rmax = 0;
  for (size_t i = 0; i < a->n; i++) if (a->radius[i] > rmax) rmax = a->radius[i];
  double merge_span = 2.0 * rmax + 1e-3;   /* the farthest two dots can be and merge, and a margin */
  stp_status st = build_buckets(a, merge_span, err);
  if (st == STP_OK) st = neighbours_all(a, need_nn, rmax, merge_span, err);
  if (st != STP_OK) { stp_sc_analysis_free(a); return st; }
  return STP_OK;
}


/* ---- grain and shade: a per-zone mean error ------------------------------------- */


double stp_sc_zone_error_score(const stp_scenario *scn, const stp_sc_analysis *a, bool grain,
                               const stp_rubric_item *it, double *mean_all, int *worst, double *worst_err) {
  double acc = 0, wsum = 0, zworst = 100;
  int64_t all = 0;
  size_t alln = 0;
  *worst = -1; *worst_err = -1;
  for (int z = 0; z < scn->zone_count; z++) {
    size_t n = a->acc[z].n;
    int64_t sum = grain ? a->acc[z].grain : a->acc[z].shade;
    if (n == 0 || !stp_sc_zone_scored(scn, z)) continue;
    double e = (double)sum / FX / (double)n;
    if (grain) e = sqrt(e);                                       /* grain: root mean square */
    if (!grain) e = fmax(e, stp_sc_session_spread(&a->acc[z]));   /* shade: also even between sessions */
    double zs = stp_sc_linear(e, it->tolerance, it->zero);
    acc += zs * (double)n;
    wsum += (double)n;
    if (n >= STP_SC_ZONE_MIN) zworst = fmin(zworst, zs);
    all += sum; alln += n;
    if (e > *worst_err) { *worst_err = e; *worst = z; }
  }
  *mean_all = alln ? (double)all / FX / (double)alln : 0;
  if (grain) *mean_all = sqrt(*mean_all);
  if (!(wsum > 0)) return 0;
  /* Every zone counts: the mean weighs zones by their impressions, so a small zone (temple
   * points beside a hairline, a scar beside its feather) could be drawn wrong at little cost.
   * The score is at most a third of the way from the worst zone's own score (of the zones
   * holding STP_SC_ZONE_MIN impressions or more) to that mean: one zone a little off costs a
   * little, one drawn wrong fails (case 03's temple points drawn forward like the hairline,
   * 35 degrees off: grain 51, under its gate of 60). */
  double mean = acc / wsum;
  return stp_sc_clamp100(fmin(mean, (mean + 2 * zworst) / 3));
}

