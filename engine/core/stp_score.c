#include "stp_score.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "stp_pigment.h"

static double clamp100(double v) {
  if (!(v > 0)) return 0;   /* also maps NaN to 0 */
  return v > 100 ? 100 : v;
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

static void score_density(const stp_scenario *scn, stp_score_result *r, stp_criterion_result *c) {
  double wsum = 0, acc = 0;
  int worst = -1;
  double worst_score = 101;
  for (int i = 0; i < scn->zone_count; i++) {
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
           z->density, zd->name[0] ? zd->name : zd->id, z->target, z->tolerance);
  if (z->density < z->target - z->tolerance) {
    double need = (z->target - z->density) * z->area_cm2;
    snprintf(c->advice, sizeof c->advice,
             "Too sparse in %s: add about %.0f impressions, spread evenly across the zone.",
             zd->name[0] ? zd->name : zd->id, ceil(need));
  } else if (z->density > z->target + z->tolerance) {
    snprintf(c->advice, sizeof c->advice,
             "Too dense in %s: about %.0f impressions too many. Over-filling reads as a solid "
             "'helmet'; build density over sessions instead.",
             zd->name[0] ? zd->name : zd->id, floor((z->density - z->target) * z->area_cm2));
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

typedef struct cell_entry { int64_t key; uint32_t idx; } cell_entry;

static int cmp_cell(const void *a, const void *b) {
  const cell_entry *x = a, *y = b;
  if (x->key != y->key) return x->key < y->key ? -1 : 1;
  return x->idx < y->idx ? -1 : x->idx > y->idx;
}

static int64_t cell_key(int64_t ix, int64_t iy) { return iy * 1000003LL + ix; }

/* Finds every impression within merge distance of another, with a uniform grid of
 * cells as large as the largest merge distance: O(n log n) for the sort, then O(n). */
static stp_status find_merged(const stp_scenario *scn, const stp_work *w, unsigned char *flags,
                              size_t *merged, stp_error *err) {
  *merged = 0;
  size_t n = w->count;
  if (n < 2) return STP_OK;
  double radius_max = 0;
  double *rad = malloc(n * sizeof *rad);
  cell_entry *cells = malloc(n * sizeof *cells);
  if (!rad || !cells) {
    free(rad); free(cells);
    return stp_error_set(err, STP_ERR_NOMEM, NULL, 0, "out of memory scoring %zu impressions", n);
  }
  for (size_t i = 0; i < n; i++) {
    stp_dot_look l = stp_pigment_look(&w->items[i], scn, false);
    rad[i] = scn->rubric.merge_factor * 0.5 * (l.diameter_mm + l.softness_mm);
    if (rad[i] > radius_max) radius_max = rad[i];
  }
  double cell = 2 * radius_max;
  if (cell < 0.05) cell = 0.05;
  for (size_t i = 0; i < n; i++) {
    int64_t ix = (int64_t)floor(w->items[i].x_mm / cell), iy = (int64_t)floor(w->items[i].y_mm / cell);
    cells[i].key = cell_key(ix, iy);
    cells[i].idx = (uint32_t)i;
  }
  qsort(cells, n, sizeof *cells, cmp_cell);
  for (size_t i = 0; i < n; i++) {
    const stp_impression *a = &w->items[i];
    if (flags[i]) continue;
    int64_t ix = (int64_t)floor(a->x_mm / cell), iy = (int64_t)floor(a->y_mm / cell);
    for (int64_t dy = -1; dy <= 1 && !flags[i]; dy++) {
      for (int64_t dx = -1; dx <= 1 && !flags[i]; dx++) {
        int64_t key = cell_key(ix + dx, iy + dy);
        size_t lo = 0, hi = n;          /* lower bound of key */
        while (lo < hi) {
          size_t mid = (lo + hi) / 2;
          if (cells[mid].key < key) lo = mid + 1; else hi = mid;
        }
        for (size_t k = lo; k < n && cells[k].key == key; k++) {
          size_t j = cells[k].idx;
          if (j == i) continue;
          const stp_impression *b = &w->items[j];
          double ddx = a->x_mm - b->x_mm, ddy = a->y_mm - b->y_mm;
          double lim = rad[i] + rad[j];
          if (ddx * ddx + ddy * ddy < lim * lim) { flags[i] = 1; flags[j] = 1; break; }
        }
      }
    }
  }
  for (size_t i = 0; i < n; i++) *merged += flags[i] ? 1 : 0;
  free(rad);
  free(cells);
  return STP_OK;
}

static void score_spacing(const stp_scenario *scn, stp_score_result *r, stp_criterion_result *c) {
  if (r->impressions == 0) {
    c->score = 0;
    snprintf(c->figures, sizeof c->figures, "no impressions");
    snprintf(c->advice, sizeof c->advice, "Place impressions in the outlined zone to be judged on spacing.");
    return;
  }
  double frac = (double)r->merged / (double)r->impressions;
  c->score = clamp100(100.0 * (1.0 - frac / scn->rubric.max_merged_fraction));
  snprintf(c->figures, sizeof c->figures, "%zu of %zu impressions merge with a neighbour (%.1f%%)",
           r->merged, r->impressions, 100.0 * frac);
  if (r->merged == 0)
    snprintf(c->advice, sizeof c->advice, "No merged dots: every impression stands on its own.");
  else
    snprintf(c->advice, sizeof c->advice,
             "Dots closer than their spread heal into one blob. Leave about 1 mm between "
             "impressions, and press lighter: deeper dots spread wider.");
}

/* ---- the whole rubric ------------------------------------------------------------ */

stp_status stp_score_work(const stp_scenario *scn, const stp_work *w, stp_score_result *r,
                          unsigned char *merged_flags, stp_error *err) {
  memset(r, 0, sizeof *r);
  r->pass_mark = scn->rubric.pass_mark;
  r->impressions = w->count;
  r->zone_count = scn->zone_count;
  for (int i = 0; i < scn->zone_count; i++) {
    const stp_zone *z = &scn->zones[i];
    r->zones[i].area_cm2 = stp_shape_area_mm2(&z->shape) / 100.0;
    r->zones[i].target = z->density_per_cm2;
    r->zones[i].tolerance = z->density_tolerance;
  }
  for (size_t i = 0; i < w->count; i++) {
    int zi = stp_scenario_zone_at(scn, w->items[i].x_mm, w->items[i].y_mm);
    if (zi >= 0) { r->zones[zi].count++; r->in_zones++; }
  }
  for (int i = 0; i < scn->zone_count; i++) {
    stp_zone_result *z = &r->zones[i];
    z->density = z->area_cm2 > 0 ? (double)z->count / z->area_cm2 : 0;
    z->score = density_zone_score(z->density, z->target, z->tolerance);
  }

  unsigned char *flags = merged_flags;
  if (!flags && w->count) {
    flags = calloc(w->count, 1);
    if (!flags) return stp_error_set(err, STP_ERR_NOMEM, NULL, 0, "out of memory scoring");
  } else if (flags) {
    memset(flags, 0, w->count);
  }
  stp_status st = find_merged(scn, w, flags, &r->merged, err);
  if (flags != merged_flags) free(flags);
  if (st != STP_OK) return st;

  double wsum = 0;
  for (int i = 0; i < STP_CRIT_COUNT; i++)
    if (scn->rubric.items[i].enabled) wsum += scn->rubric.items[i].weight;
  double total = 0;
  for (int i = 0; i < STP_CRIT_COUNT; i++) {
    stp_criterion_result *c = &r->criteria[i];
    c->id = (stp_criterion_id)i;
    c->enabled = scn->rubric.items[i].enabled;
    if (!c->enabled) continue;
    c->weight = wsum > 0 ? scn->rubric.items[i].weight / wsum : 0;
    switch (c->id) {
    case STP_CRIT_DENSITY: score_density(scn, r, c); break;
    case STP_CRIT_SPACING: score_spacing(scn, r, c); break;
    default: break;
    }
    total += c->weight * c->score;
  }
  r->score = clamp100(total);
  r->passed = r->score >= r->pass_mark && r->impressions > 0;
  return STP_OK;
}
