/* stp_score_hairline.c - hairline: the designed front's position, the softness of the
 * transition behind it, and left-right symmetry. */
#define HL_COL_MM 4.0            /* hairline: width of a column across the line */
#define HL_COLS 128              /* columns [-64, 64) of HL_COL_MM about the midline */
#define HL_BIN_MM 0.5            /* hairline: depth bins behind the designed line */
#define HL_BINS 160              /* -20 .. +60 mm */
#define HL_BIN0 40               /* bin index of d = 0 */

#include "stp_score_internal.h"

#define HL_SYM_PAIRS 3           /* symmetry: the worst stretch of 3 column pairs (12 mm) */
#define HARD_WEIGHT 3.0          /* each mm the rise is shorter than designed counts 3 mm */

/* ---- hairline -------------------------------------------------------------------- */

typedef struct hairline_cols {
  uint32_t hist[HL_COLS][HL_BINS];   /* dots by depth behind the designed line */
  int zone[HL_COLS];                 /* the hairline zone the column belongs to (-1 none) */
} hairline_cols;

static int hl_col(double x) {
  double c = floor(x / HL_COL_MM) + HL_COLS / 2;
  return c >= 0 && c < HL_COLS ? (int)c : -1;
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

/* The transition's missing density, in mm: over the designed ramp's width W behind the
 * designed line, W - (count in it) / (column width x full density), i.e. the integral of
 * (1 - density / full) over the band. A hard line that is full from the front misses none
 * (0); a soft ramp misses about half its band; a bare band misses W. Full density is the
 * column's own, measured over 8 mm behind the ramp when the zone reaches that far, so an
 * evenly sparse work keeps its shape; else the designed density there. */
static double hl_full(const double *counts, const stp_scenario *scn, int z, double cx, double fy,
                      double designed_full, bool measured) {
  double w = scn->zones[z].density_field.width;
  int r0 = HL_BIN0 + (int)ceil((w + 1.0) / HL_BIN_MM), r1 = r0 + (int)(8.0 / HL_BIN_MM);
  double rear = 0;
  for (int b = r0; b < r1 && b < HL_BINS; b++) rear += counts[b];
  bool reaches = r1 <= HL_BINS && stp_scenario_zone_at(scn, cx, fy + (r1 - HL_BIN0) * HL_BIN_MM - 0.25) == z &&
                 stp_scenario_zone_at(scn, cx, fy + (r0 - HL_BIN0) * HL_BIN_MM + 0.25) == z;
  if (measured && reaches && rear >= 5) return rear / (HL_COL_MM * (r1 - r0) * HL_BIN_MM);
  return designed_full;
}

static double hl_missing(const double *counts, const stp_scenario *scn, int z, double full) {
  double w = scn->zones[z].density_field.width;
  int band1 = HL_BIN0 + (int)lround(w / HL_BIN_MM);
  double inband = 0;
  for (int b = HL_BIN0; b < band1 && b < HL_BINS; b++) inband += counts[b];
  if (!(full > 0)) return NAN;
  return (band1 - HL_BIN0) * HL_BIN_MM - inband / (HL_COL_MM * full);
}

/* The rise of a profile (share of full density per depth bin, summed over ncols columns):
 * the distance from where its 3 mm running mean first reaches 20 % of full to where it first
 * reaches 80 %; NAN if it never does. */
static double hl_rise(const double *prof, int ncols) {
  const int win = (int)(3.0 / HL_BIN_MM);
  double d20 = NAN;
  for (int b = HL_BIN0 - win; b + win <= HL_BINS; b++) {
    if (b < 0) continue;
    double s = 0;
    for (int k = 0; k < win; k++) s += prof[b + k];
    s /= (double)win * ncols;
    double d = (b - HL_BIN0) * HL_BIN_MM + 1.5;
    if (isnan(d20) && s >= 0.2) d20 = d;
    if (!isnan(d20) && s >= 0.8) return d - d20;
  }
  return NAN;
}

/* Per column: the front (depth of the second dot from the front), the transition's depth
 * against the designed one (the ramp's width scaled by the missing density measured against
 * the designed: a hard line reads as 0 mm deep, W short of the design), then medians over
 * columns and the left-right difference. */
static bool hairline_stats_in(const stp_scenario *scn, const stp_sc_analysis *a, stp_score_result *r,
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
  double prof_m[HL_BINS] = {0}, prof_e[HL_BINS] = {0};
  int np = 0, nw = 0, nprof = 0;
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
    if (zn->density_field.kind != STP_FIELD_RAMP || !(zn->density_field.width > 0)) continue;
    double W = zn->density_field.width;
    double full = stp_field_eval(a->ctx, z, &zn->density_field, zn->density_per_cm2, cx, fy + W + 1.0) / 100.0;
    double full_m = hl_full(counts, scn, z, cx, fy, full, true);
    double me = hl_missing(expect, scn, z, full), mm = hl_missing(counts, scn, z, full_m);
    if (!isnan(mm) && me > 0) wdiff[nw++] = W * mm / me - W;
    /* The profiles behind the line, as shares of full density, summed over columns. */
    if (full > 0 && full_m > 0) {
      for (int b = 0; b < HL_BINS; b++) {
        prof_m[b] += counts[b] / (full_m * HL_COL_MM * HL_BIN_MM);
        prof_e[b] += expect[b] / (full * HL_COL_MM * HL_BIN_MM);
      }
      nprof++;
    }
  }
  /* Symmetry: each column's front against its mirror image across the midline (x = 0): the
   * larger of the root mean square over the pairs where both have one and the mean over the
   * worst HL_SYM_PAIRS adjacent pairs (12 mm), so one end set back shows however few its
   * columns are. */
  double asym = 0, diff[HL_COLS / 2];
  int npair = 0;
  for (int c = 0; c < HL_COLS / 2; c++) {
    int m = HL_COLS - 1 - c;
    diff[c] = isnan(front[c]) || isnan(front[m]) ? NAN : fabs(front[c] - front[m]);
    if (isnan(diff[c])) continue;
    asym += diff[c] * diff[c];
    npair++;
  }
  asym = npair ? sqrt(asym / npair) : 0;   /* root mean square over all pairs... */
  for (int c = 0; c + HL_SYM_PAIRS <= HL_COLS / 2; c++) {   /* ...or the worst 12 mm stretch */
    double s = 0;
    int k = 0;
    for (; k < HL_SYM_PAIRS && !isnan(diff[c + k]); k++) s += diff[c + k];
    if (k == HL_SYM_PAIRS && s / HL_SYM_PAIRS > asym) asym = s / HL_SYM_PAIRS;
  }
  r->hairline_position_mm = np ? median_of(pos, np) : NAN;
  r->hairline_width_mm = nw ? median_of(wdiff, nw) : NAN;
  r->hairline_asymmetry_mm = asym;
  /* Softness: how far the density takes to rise from 20 % to 80 % of full behind the line,
   * the work's against the design's (a hard edge rises in a bin wherever it is set). */
  r->hairline_rise_mm = nprof ? hl_rise(prof_m, nprof) : NAN;
  r->hairline_rise_design_mm = nprof ? hl_rise(prof_e, nprof) : NAN;
  return true;
}

stp_status stp_sc_hairline_stats(const stp_scenario *scn, const stp_sc_analysis *a, stp_score_result *r,
                                 bool *has_hairline, stp_error *err) {
  hairline_cols *h = malloc(sizeof *h);
  if (!h) return stp_sc_nomem(err, a->n);
  *has_hairline = hairline_stats_in(scn, a, r, h);
  free(h);
  return STP_OK;
}

void stp_sc_hairline(const stp_scenario *scn, stp_score_result *r, stp_criterion_result *c) {
  const stp_rubric_item *it = &scn->rubric.items[STP_CRIT_HAIRLINE];
  double p = r->hairline_position_mm, w = r->hairline_width_mm, s = r->hairline_asymmetry_mm;
  if (isnan(p)) {
    c->score = 0;
    snprintf(c->figures, sizeof c->figures, "no hairline drawn (fewer than 3 impressions per 4 mm of line)");
    snprintf(c->advice, sizeof c->advice, "Build the hairline zone from its designed front edge backward.");
    return;
  }
  if (isnan(w)) w = 0;
  /* Hardness: how much sooner than designed the density rises from 20 % to 80 % of full,
   * weighed HARD_WEIGHT times: a hard edge is the fault clients notice first. */
  double hard = isnan(r->hairline_rise_mm) || isnan(r->hairline_rise_design_mm) ? 0
              : fmax(0.0, r->hairline_rise_design_mm - r->hairline_rise_mm) * HARD_WEIGHT;
  double e = sqrt(p * p + w * w + s * s + hard * hard);
  c->score = stp_sc_linear(e, it->tolerance, it->zero);
  snprintf(c->figures, sizeof c->figures,
           "front %.1f mm %s the designed line; transition %.1f mm %s than designed, rising from 20 %% to "
           "80 %% of full over %.1f mm (designed %.1f); left-right difference %.1f mm; combined %.1f mm "
           "(full marks within %g mm, none at %g mm)",
           fabs(p), p >= 0 ? "behind" : "in front of", fabs(w), w >= 0 ? "wider" : "narrower",
           r->hairline_rise_mm, r->hairline_rise_design_mm, s, e, it->tolerance, it->zero);
  if (hard > fabs(w)) w = -hard;   /* the advice speaks of the harder of the two */
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

