/* stp_score_map.c - each criterion's map over the chart (stipple score --maps, the result
 * screen's V). */
#include "stp_score_internal.h"

/* ---- maps ------------------------------------------------------------------------ */

static void map_meta(const stp_scenario *scn, stp_criterion_id crit, stp_score_map_grid *g) {
  const char *unit = "", *label = "";
  g->lo = 0; g->hi = 100;
  switch (crit) {
  case STP_CRIT_DENSITY: unit = "% of target"; label = "impressions per 1 cm2 against the target"; g->hi = 200; break;
  case STP_CRIT_HAIRLINE: unit = "% of target"; label = "hairline density against the ramp"; g->hi = 200; break;
  case STP_CRIT_SPACING: unit = "% merged"; label = "impressions merged with a neighbour"; break;
  case STP_CRIT_GRAIN: unit = "deg"; label = "mean angle error (axial)"; g->hi = 90; break;
  case STP_CRIT_SHADE: unit = "ΔE00"; label = "healed colour difference (CIEDE2000)";
    g->hi = scn->rubric.items[STP_CRIT_SHADE].zero > 0 ? scn->rubric.items[STP_CRIT_SHADE].zero : 20; break;
  case STP_CRIT_DEPTH: unit = "% off window"; label = "impressions too shallow or too deep"; break;
  case STP_CRIT_BOUNDARY: unit = "impressions"; label = "impressions outside the plan"; g->hi = 1; break;
  case STP_CRIT_LOOK: unit = ""; label = "tone from 1 m off the plan's (share of its contrast)";
    g->hi = scn->rubric.items[STP_CRIT_LOOK].zero > 0 ? scn->rubric.items[STP_CRIT_LOOK].zero : 8; break;
  default: break;
  }
  snprintf(g->unit, sizeof g->unit, "%s", unit);
  snprintf(g->label, sizeof g->label, "%s", label);
}

/* The per-dot quantity a map averages (NAN: the dot does not count). */
static double map_dot_value(const stp_sc_analysis *a, size_t i, stp_criterion_id crit) {
  bool scored = stp_sc_zone_scored(a->scn, a->zone[i]);
  switch (crit) {
  case STP_CRIT_SPACING: return a->merged[i] ? 100 : 0;
  case STP_CRIT_GRAIN: return scored ? stp_sc_dot_grain(a, i) : NAN;
  case STP_CRIT_SHADE: { double lab[3]; return scored ? stp_sc_dot_shade(a, i, lab) : NAN; }
  case STP_CRIT_DEPTH: return stp_sc_depth_class(a->scn, &a->w->items[i]) != STP_SC_DEPTH_OK ? 100 : 0;
  case STP_CRIT_BOUNDARY: return scored ? 0 : 1;
  default: return NAN;
  }
}

static bool cell_scored(const stp_scenario *scn, int z, stp_criterion_id crit) {
  if (!stp_scenario_zone_worked(scn, z)) return false;
  return crit != STP_CRIT_HAIRLINE || scn->zones[z].role == STP_ZONE_HAIRLINE;
}

/* Density maps: impressions per cm2 over a window about 6 mm across around each cell (the
 * scored cells in it), as a percentage of the target at the cell's centre. */
static stp_status density_map(const stp_scenario *scn, const stp_sc_analysis *a, stp_criterion_id crit,
                              stp_score_map_grid *g, const uint32_t *cnt, stp_error *err) {
  size_t cells = (size_t)g->nx * (size_t)g->ny;
  float *target = malloc(cells * sizeof *target);
  if (!target) return stp_sc_nomem(err, a->n);
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

static stp_status map_for(const stp_scenario *scn, const stp_work *w, stp_criterion_id crit,
                          stp_score_map_grid *g, stp_error *err) {
  if (g->nx < 1 || g->ny < 1 || !(g->cell_mm > 0) || !g->values || (size_t)g->nx * (size_t)g->ny > 64u * 1024 * 1024)
    return stp_error_set(err, STP_ERR_RANGE, NULL, 0, "a map needs a positive cell size and 1..64M cells");
  map_meta(scn, crit, g);
  size_t cells = (size_t)g->nx * (size_t)g->ny;
  int64_t *sum = calloc(cells, sizeof *sum);
  uint32_t *cnt = calloc(cells, sizeof *cnt);
  stp_sc_analysis a;
  stp_status st = sum && cnt ? stp_sc_analyse(scn, w, &a, NULL, false, false, false, err) : stp_sc_nomem(err, w->count);
  if (st != STP_OK) { free(sum); free(cnt); return st; }
  bool per_area = crit == STP_CRIT_DENSITY || crit == STP_CRIT_HAIRLINE || crit == STP_CRIT_LOOK;
  for (size_t i = 0; i < a.n; i++) {
    double cx = floor((w->items[i].x_mm - g->x0) / g->cell_mm), cy = floor((w->items[i].y_mm - g->y0) / g->cell_mm);
    if (cx < 0 || cy < 0 || cx >= g->nx || cy >= g->ny) continue;
    size_t c = (size_t)cy * (size_t)g->nx + (size_t)cx;
    if (per_area) { if (cell_scored(scn, a.zone[i], crit)) cnt[c]++; continue; }
    double v = map_dot_value(&a, i, crit);
    if (isnan(v)) continue;
    sum[c] += stp_sc_fx(v);
    cnt[c]++;
  }
  if (crit == STP_CRIT_LOOK) {
    /* The tone a viewer sees from 1 m, against the plan's, in the scored zones. */
    stp_sc_look lk;
    st = stp_sc_look_build(scn, &a, &lk, err);
    for (int j = 0; j < g->ny && st == STP_OK; j++)
      for (int i = 0; i < g->nx; i++) {
        double x = g->x0 + (i + 0.5) * g->cell_mm, y = g->y0 + (j + 0.5) * g->cell_mm;
        bool in = cell_scored(scn, stp_scenario_zone_at(scn, x, y), crit);
        double contrast = in ? stp_sc_look_contrast(&lk, x, y) : 0;
        g->values[(size_t)j * (size_t)g->nx + (size_t)i] =
          in && contrast > 0 ? (float)(stp_sc_look_de(&lk, x, y) / contrast) : NAN;
      }
    if (st == STP_OK) stp_sc_look_free(&lk);
  } else if (crit == STP_CRIT_DENSITY) {
    /* The coverage the score counts: each cell's 1 cm2 window against the target there. */
    stp_sc_cover cv;
    st = stp_sc_coverage(scn, &a, NULL, &cv, err);
    for (int j = 0; j < g->ny && st == STP_OK; j++)
      for (int i = 0; i < g->nx; i++) {
        double x = g->x0 + (i + 0.5) * g->cell_mm, y = g->y0 + (j + 0.5) * g->cell_mm;
        int z = stp_scenario_zone_at(scn, x, y);
        float v = cell_scored(scn, z, crit) ? stp_sc_cover_ratio_shown(&cv, z, x, y) : NAN;
        g->values[(size_t)j * (size_t)g->nx + (size_t)i] = isnan(v) ? NAN : 100.0f * v;
      }
    if (st == STP_OK) stp_sc_cover_free(&cv);
  } else if (per_area) {
    st = density_map(scn, &a, crit, g, cnt, err);
  }
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
  stp_sc_analysis_free(&a);
  free(sum);
  free(cnt);
  return st;
}


stp_status stp_score_map(const stp_scenario *scn, const stp_work *w, stp_criterion_id crit,
                         stp_score_map_grid *g, stp_error *err) {
  stp_scenario *owned = NULL;   /* a design case: the zones cut from the work's design */
  const stp_scenario *s = stp_design_scenario(scn, w, &owned);
  if (!s) return stp_sc_nomem(err, w->count);
  stp_status st = map_for(s, w, crit, g, err);
  free(owned);
  return st;
}
