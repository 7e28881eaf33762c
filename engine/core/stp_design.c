/* stp_design.c - judging a hairline design, and the zones cut from it (see stp_design.h). */
#include "stp_design.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "stp_geom.h"
#include "stp_score_internal.h"

static const char *const rule_keys[] = {
#define STP_X_DR(id, key, name) key,
  STP_DESIGN_RULE_LIST(STP_X_DR)
#undef STP_X_DR
};
static const char *const rule_names[] = {
#define STP_X_DR(id, key, name) name,
  STP_DESIGN_RULE_LIST(STP_X_DR)
#undef STP_X_DR
};

const char *stp_design_rule_key(stp_design_rule r) { return r < STP_DR_COUNT ? rule_keys[r] : NULL; }
const char *stp_design_rule_name(stp_design_rule r) { return r < STP_DR_COUNT ? rule_names[r] : NULL; }


/* 100 within [lo, hi]; below lo in proportion to v / lo; above hi down to 0 at 2 hi. */
static double in_range(double v, double lo, double hi) {
  if (v < lo) return 100.0 * fmax(0.0, v) / lo;
  if (v <= hi) return 100.0;
  return fmax(0.0, 100.0 * (1.0 - (v - hi) / hi));
}

/* The design's line, left to right (reversed when drawn right to left). */
static int ordered_line(const stp_design *d, stp_point *out) {
  int n = d->n < 0 ? 0 : d->n > STP_DESIGN_MAX_POINTS ? STP_DESIGN_MAX_POINTS : d->n;
  bool rev = n >= 2 && d->x[0] > d->x[n - 1];
  for (int i = 0; i < n; i++) {
    int k = rev ? n - 1 - i : i;
    out[i] = (stp_point){d->x[k], d->y[k]};
  }
  return n;
}

int stp_design_full_line(const stp_design *d, stp_point *out) {
  int n = ordered_line(d, d->temples ? out + 1 : out);
  if (!d->temples || n < 2) {
    if (d->temples) memmove(out, out + 1, (size_t)n * sizeof *out);
    return n;
  }
  out[0] = (stp_point){d->temple_x[0], d->temple_y[0]};
  out[n + 1] = (stp_point){d->temple_x[1], d->temple_y[1]};
  return n + 2;
}

#define MAX_SAMPLES 1024

/* Points every `step` mm of arc length along the polyline (its ends included); the step
 * grows so that at most max points are made. *used gets the step taken. */
static int resample(const stp_point *p, int n, double step, stp_point *out, int max, double *used) {
  double len = 0;
  for (int i = 1; i < n; i++) len += hypot(p[i].x - p[i - 1].x, p[i].y - p[i - 1].y);
  if (n < 2 || !(len > 0)) { *used = step; if (n >= 1) out[0] = p[0]; return n >= 1 ? 1 : 0; }
  if (len / step > max - 2) step = len / (max - 2);
  *used = step;
  int m = 0;
  double at = 0;   /* arc length at the next sample */
  double base = 0; /* arc length at p[i - 1] */
  for (int i = 1; i < n && m < max - 1; i++) {
    double sl = hypot(p[i].x - p[i - 1].x, p[i].y - p[i - 1].y);
    while (at <= base + sl && m < max - 1) {
      double t = sl > 0 ? (at - base) / sl : 0;
      out[m++] = (stp_point){p[i - 1].x + t * (p[i].x - p[i - 1].x), p[i - 1].y + t * (p[i].y - p[i - 1].y)};
      at += step;
    }
    base += sl;
  }
  if (m > 0 && hypot(out[m - 1].x - p[n - 1].x, out[m - 1].y - p[n - 1].y) > 1e-9) out[m++] = p[n - 1];
  return m;
}

/* The line's y where it first crosses x (NAN when it never does). */
static double y_at(const stp_point *p, int n, double x) {
  for (int i = 1; i < n; i++) {
    double a = p[i - 1].x, b = p[i].x;
    if ((x - a) * (x - b) > 0) continue;
    if (a == b) return p[i - 1].y;
    double t = (x - a) / (b - a);
    return p[i - 1].y + t * (p[i].y - p[i - 1].y);
  }
  return NAN;
}

/* Least-squares polynomial of degree 4 in u through (u[i], y[i]): c[0..4]. False when the
 * normal equations are singular (too few distinct points). */
static bool fit4(const double *u, const double *y, int n, double c[5]) {
  double a[5][6] = {{0}};
  for (int i = 0; i < n; i++) {
    double pw[9];
    pw[0] = 1;
    for (int k = 1; k < 9; k++) pw[k] = pw[k - 1] * u[i];
    for (int r = 0; r < 5; r++) {
      for (int k = 0; k < 5; k++) a[r][k] += pw[r + k];
      a[r][5] += pw[r] * y[i];
    }
  }
  for (int col = 0; col < 5; col++) {
    int piv = col;
    for (int r = col + 1; r < 5; r++)
      if (fabs(a[r][col]) > fabs(a[piv][col])) piv = r;
    if (!(fabs(a[piv][col]) > 1e-12)) return false;
    if (piv != col)
      for (int k = 0; k < 6; k++) { double t = a[col][k]; a[col][k] = a[piv][k]; a[piv][k] = t; }
    for (int r = 0; r < 5; r++) {
      if (r == col) continue;
      double f = a[r][col] / a[col][col];
      for (int k = col; k < 6; k++) a[r][k] -= f * a[col][k];
    }
  }
  for (int r = 0; r < 5; r++) c[r] = a[r][5] / a[r][r];
  return true;
}

static double poly(const double c[5], double u) { return c[0] + u * (c[1] + u * (c[2] + u * (c[3] + u * c[4]))); }

/* The longest run of consecutive samples all within dev of the chord between its ends. */
static double longest_straight(const stp_point *s, int m, double step, double dev) {
  int best = 0;
  for (int i = 0; i + 1 < m; i++) {
    int j = i + 1;
    for (; j + 1 < m; j++) {
      int k = j + 1;   /* try extending the run to k */
      double dx = s[k].x - s[i].x, dy = s[k].y - s[i].y, L = hypot(dx, dy);
      bool ok = L > 0;
      for (int q = i + 1; q < k && ok; q++)
        ok = fabs((s[q].x - s[i].x) * dy - (s[q].y - s[i].y) * dx) / L <= dev;
      if (!ok) break;
    }
    if (j - i > best) best = j - i;
    if (j + 1 >= m) break;   /* reached the end: no later start runs longer */
  }
  return best * step;
}

void stp_design_judge(const stp_head *h, const stp_design *d, stp_design_result *out) {
  memset(out, 0, sizeof *out);
  stp_point line[STP_DESIGN_MAX_POINTS];
  int n = ordered_line(d, line);
  const stp_point *lm = h->lm;
  double k = h->scale > 0 ? h->scale : 1.0;
  double mx = lm[STP_LM_MFP].x, H = lm[STP_LM_MFP].y;
  out->target_mm = H;
  out->band_mm = STP_HEAD_HAIRLINE_BAND_MM * k;
  if (n < 2) {
    for (int r = 0; r < STP_DR_COUNT; r++) {
      snprintf(out->figures[r], sizeof out->figures[r], "no design drawn");
      snprintf(out->advice[r], sizeof out->advice[r],
               "Draw the hairline across the forehead and place both temple points before you pigment.");
    }
    out->weakest = 0;
    return;
  }
  out->judged = true;
  stp_point *s = malloc(MAX_SAMPLES * sizeof *s);
  double *u = malloc(MAX_SAMPLES * sizeof *u), *yv = malloc(MAX_SAMPLES * sizeof *yv);
  double *res = malloc(MAX_SAMPLES * sizeof *res);
  if (!s || !u || !yv || !res) {   /* nothing judged rather than a guess */
    free(s); free(u); free(yv); free(res);
    out->judged = false;
    return;
  }
  double step;
  int m = resample(line, n, 0.5, s, MAX_SAMPLES, &step);
  double fxl = mx - lm[STP_LM_FTP_LEFT].x, fxr = lm[STP_LM_FTP_RIGHT].x - mx, fx = 0.5 * (fxl + fxr);
  double pxl = mx - lm[STP_LM_TEMPLE_PEAK_LEFT].x, pxr = lm[STP_LM_TEMPLE_PEAK_RIGHT].x - mx;

  /* Height: the line on the midline against the age's hairline. */
  double *sc = out->rule;
  out->mid_mm = y_at(line, n, mx);
  if (isnan(out->mid_mm)) {
    sc[STP_DR_HEIGHT] = 0;
    snprintf(out->figures[STP_DR_HEIGHT], sizeof out->figures[0], "the line does not cross the midline");
    snprintf(out->advice[STP_DR_HEIGHT], sizeof out->advice[0],
             "Run the line across the whole forehead, from one frontotemporal corner to the other.");
  } else {
    double off = fabs(out->mid_mm - H);
    sc[STP_DR_HEIGHT] = stp_sc_linear(off, out->band_mm, out->band_mm + STP_DESIGN_HEIGHT_ZERO_MM);
    snprintf(out->figures[STP_DR_HEIGHT], sizeof out->figures[0],
             "mid-frontal point %.1f mm above the glabella; for a %d-year-old %.0f ± %.0f mm", out->mid_mm, h->age,
             H, out->band_mm);
    if (sc[STP_DR_HEIGHT] >= 100)
      snprintf(out->advice[STP_DR_HEIGHT], sizeof out->advice[0], "The height suits the client's age.");
    else
      snprintf(out->advice[STP_DR_HEIGHT], sizeof out->advice[0],
               out->mid_mm < H ? "Too low for the age: raise the middle of the line (about four finger-breadths above the brows)."
                               : "Higher than the age needs: bring the middle of the line down.");
  }

  /* Not too low: nowhere further in front of the natural hairline than the band. And the
   * other way (part of the height rule): the line's height is not only its middle's; a line
   * on the mid-frontal point whose corners run far back (a deep U or V, the recessions left
   * bare: "the lateral hairline falls in line with the outer corner of the eye", smp.md)
   * lies far behind the natural line. */
  double lead = -INFINITY, back = -INFINITY;
  for (int i = 0; i < m; i++) {
    double ax = s[i].x - mx;
    if (ax < -pxl || ax > pxr) continue;
    double nat = stp_head_hairline_y(h, s[i].x);
    if (!isnan(nat) && nat - s[i].y > lead) lead = nat - s[i].y;
    if (!isnan(nat) && s[i].y - nat > back) back = s[i].y - nat;
  }
  out->lead_mm = isfinite(lead) ? lead : 0;
  out->behind_mm = isfinite(back) ? back : 0;
  if (!isnan(out->mid_mm)) {
    double s_back = stp_sc_linear(out->behind_mm, STP_DESIGN_HIGH_TOL_MM * k, STP_DESIGN_HIGH_ZERO_MM * k);
    if (s_back < sc[STP_DR_HEIGHT]) {
      sc[STP_DR_HEIGHT] = s_back;
      snprintf(out->figures[STP_DR_HEIGHT], sizeof out->figures[0],
               "mid-frontal point %.1f mm above the glabella, but the line runs up to %.1f mm behind the natural "
               "hairline (allowed %.0f)", out->mid_mm, out->behind_mm, STP_DESIGN_HIGH_TOL_MM * k);
      snprintf(out->advice[STP_DR_HEIGHT], sizeof out->advice[0],
               "The corners run too far back: bring the sides of the line forward to the frontotemporal corners, "
               "in line with the outer corner of the eye.");
    }
  }
  sc[STP_DR_LOW] = stp_sc_linear(out->lead_mm, out->band_mm, out->band_mm + STP_DESIGN_LOW_ZERO_MM);
  snprintf(out->figures[STP_DR_LOW], sizeof out->figures[0],
           "at most %.1f mm in front of the natural hairline (allowed %.0f)", out->lead_mm, out->band_mm);
  snprintf(out->advice[STP_DR_LOW], sizeof out->advice[0], "%s",
           sc[STP_DR_LOW] >= 100 ? "The line stays clear of the forehead."
                                 : "Part of the line sits too low on the forehead: keep the corners receding and "
                                   "do not fill the frontotemporal angles.");

  /* The front part (between the frontotemporal points): a fitted smooth curve. */
  int f = 0;
  double umin = 0, umax = 0;
  for (int i = 0; i < m; i++) {
    double uu = (s[i].x - mx) / fx;
    if (fabs(uu) > 1.0) continue;
    u[f] = uu;
    yv[f] = s[i].y;
    if (f == 0 || uu < umin) umin = uu;
    if (f == 0 || uu > umax) umax = uu;
    f++;
  }
  double c[5] = {0};
  bool fitted = f >= 10 && umin < -0.25 && umax > 0.25 && fit4(u, yv, f, c);

  /* Symmetry: the fitted halves mirrored, the ends mirrored, the temple points mirrored. */
  double asym = INFINITY;
  if (fitted) {
    double lim = fmin(-umin, umax), sum = 0;
    for (int i = 0; i <= 20; i++) {
      double uu = lim * i / 20.0;
      sum += fabs(poly(c, uu) - poly(c, -uu));
    }
    asym = sum / 21.0;
    double ends = hypot((mx - line[0].x) - (line[n - 1].x - mx), line[0].y - line[n - 1].y);
    asym = fmax(asym, ends);
    if (d->temples)
      asym = fmax(asym, hypot((mx - d->temple_x[0]) - (d->temple_x[1] - mx), d->temple_y[0] - d->temple_y[1]));
  }
  out->asymmetry_mm = asym;
  sc[STP_DR_SYMMETRY] = isfinite(asym) ? stp_sc_linear(asym, STP_DESIGN_SYM_TOL_MM, STP_DESIGN_SYM_ZERO_MM) : 0;
  if (isfinite(asym))
    snprintf(out->figures[STP_DR_SYMMETRY], sizeof out->figures[0], "left and right differ by %.1f mm (within %.0f)",
             asym, STP_DESIGN_SYM_TOL_MM);
  else
    snprintf(out->figures[STP_DR_SYMMETRY], sizeof out->figures[0], "the line does not span both sides of the forehead");
  snprintf(out->advice[STP_DR_SYMMETRY], sizeof out->advice[0], "%s",
           sc[STP_DR_SYMMETRY] >= 100 ? "The two sides mirror each other."
                                      : "Mirror the sides: measure each corner and temple point from the midline.");

  /* Temple points: near the temple peaks, behind and outside the frontotemporal corners;
   * the line's ends reach the corners. */
  double side[2] = {0, 0};
  for (int t = 0; t < 2; t++) {
    double sg = t ? 1.0 : -1.0;
    stp_point ftp = lm[t ? STP_LM_FTP_RIGHT : STP_LM_FTP_LEFT];
    stp_point peak = lm[t ? STP_LM_TEMPLE_PEAK_RIGHT : STP_LM_TEMPLE_PEAK_LEFT];
    stp_point end = t ? line[n - 1] : line[0];
    double reach_short = fmax(0.0, sg * (ftp.x - mx) - STP_DESIGN_REACH_MM * k - sg * (end.x - mx));
    double s_reach = stp_sc_linear(reach_short, 0, 15.0);
    if (!d->temples) { out->temple_mm[t] = NAN; side[t] = 0; continue; }
    double tx = d->temple_x[t], ty = d->temple_y[t];
    out->temple_mm[t] = hypot(tx - peak.x, ty - peak.y);
    bool fills = ty <= ftp.y + 5.0 * k || sg * (tx - mx) <= sg * (ftp.x - mx);
    double s_dist = fills ? 0 : stp_sc_linear(out->temple_mm[t], STP_DESIGN_TEMPLE_TOL_MM * k, STP_DESIGN_TEMPLE_ZERO_MM * k);
    side[t] = fmin(s_dist, s_reach);
  }
  sc[STP_DR_TEMPLES] = fmin(side[0], side[1]);
  if (!d->temples) {
    snprintf(out->figures[STP_DR_TEMPLES], sizeof out->figures[0], "no temple points placed");
    snprintf(out->advice[STP_DR_TEMPLES], sizeof out->advice[0],
             "Place both temple points: the forward tips of the temple hair, about 5 cm on from the corners.");
  } else {
    snprintf(out->figures[STP_DR_TEMPLES], sizeof out->figures[0],
             "temple points %.1f and %.1f mm from the temple peaks (within %.0f)", out->temple_mm[0], out->temple_mm[1],
             STP_DESIGN_TEMPLE_TOL_MM * k);
    snprintf(out->advice[STP_DR_TEMPLES], sizeof out->advice[0], "%s",
             sc[STP_DR_TEMPLES] >= 100
                 ? "The temple points frame the face."
                 : "Put each temple point behind and outside its frontotemporal corner, pointing forward, and run the "
                   "line's ends to the corners: never fill the frontotemporal angle.");
  }

  /* Irregularity: the departures from the fitted curve, fine (under a few mm) and broad. */
  if (fitted) {
    for (int i = 0; i < f; i++) res[i] = yv[i] - poly(c, u[i]);
    double sigma = 2.0 / step, sm = 0, sM = 0;
    int reach = (int)ceil(3 * sigma);
    for (int i = 0; i < f; i++) {
      double num = 0, den = 0;
      for (int j = i - reach; j <= i + reach; j++) {
        if (j < 0 || j >= f) continue;
        double w = exp(-0.5 * (j - i) * (j - i) / (sigma * sigma));
        num += w * res[j];
        den += w;
      }
      double macro = num / den, micro = res[i] - macro;
      sM += macro * macro;
      sm += micro * micro;
    }
    out->micro_mm = sqrt(sm / f);
    out->macro_mm = sqrt(sM / f);
  }
  sc[STP_DR_IRREGULAR] = fmin(in_range(out->micro_mm, STP_DESIGN_MICRO_LO, STP_DESIGN_MICRO_HI),
                              in_range(out->macro_mm, STP_DESIGN_MACRO_LO, STP_DESIGN_MACRO_HI));
  snprintf(out->figures[STP_DR_IRREGULAR], sizeof out->figures[0],
           "fine irregularity %.2f mm (%.1f-%.1f), broad %.2f mm (%.1f-%.1f) off a smooth curve", out->micro_mm,
           STP_DESIGN_MICRO_LO, STP_DESIGN_MICRO_HI, out->macro_mm, STP_DESIGN_MACRO_LO, STP_DESIGN_MACRO_HI);
  if (sc[STP_DR_IRREGULAR] >= 100)
    snprintf(out->advice[STP_DR_IRREGULAR], sizeof out->advice[0], "Irregular at both scales, as a natural hairline.");
  else if (out->micro_mm < STP_DESIGN_MICRO_LO || out->macro_mm < STP_DESIGN_MACRO_LO)
    snprintf(out->advice[STP_DR_IRREGULAR], sizeof out->advice[0],
             "Too regular: add small zig-zags a few mm apart and a few gentle waves 2-3 cm wide.");
  else
    snprintf(out->advice[STP_DR_IRREGULAR], sizeof out->advice[0], "Too ragged: keep the departures within a few mm.");

  /* Never straight: the longest stretch within 0.3 mm of a ruler. */
  {
    stp_point *s1 = s;   /* reuse: samples every 1 mm */
    double st1;
    int m1 = resample(line, n, 1.0, s1, 400, &st1);
    out->straight_mm = longest_straight(s1, m1, st1, STP_DESIGN_STRAIGHT_DEV_MM);
  }
  sc[STP_DR_STRAIGHT] = stp_sc_linear(out->straight_mm, STP_DESIGN_STRAIGHT_TOL_MM, STP_DESIGN_STRAIGHT_ZERO_MM);
  snprintf(out->figures[STP_DR_STRAIGHT], sizeof out->figures[0], "longest straight stretch %.0f mm (up to %.0f)",
           out->straight_mm, STP_DESIGN_STRAIGHT_TOL_MM);
  snprintf(out->advice[STP_DR_STRAIGHT], sizeof out->advice[0], "%s",
           sc[STP_DR_STRAIGHT] >= 100 ? "No ruled stretch."
                                      : "A straight stretch reads as a tattoo: break it with more, irregular points.");

  out->weakest = 0;
  for (int r = 1; r < STP_DR_COUNT; r++)
    if (sc[r] < sc[out->weakest]) out->weakest = r;
  out->score = sc[out->weakest];
  free(s); free(u); free(yv); free(res);
}

void stp_design_spec_capture(stp_scenario *s) {
  struct stp_design_spec *sp = &s->design;
  if (!sp->enabled) return;
  if (sp->zone >= 0 && sp->zone < s->zone_count) sp->clip[0] = s->zones[sp->zone].shape;
  if (sp->behind >= 0 && sp->behind < s->zone_count) sp->clip[1] = s->zones[sp->behind].shape;
}

stp_status stp_design_apply(stp_scenario *s, const stp_design *d, stp_error *err) {
  const struct stp_design_spec *sp = &s->design;
  if (!sp->enabled || d->n < 2 || sp->zone < 0 || sp->zone >= s->zone_count) return STP_OK;
  stp_point line[STP_DESIGN_MAX_POINTS + 2];
  int n = stp_design_full_line(d, line);
  if (line[0].x > line[n - 1].x)   /* walked left to right: the hair (inside) behind */
    for (int i = 0; i < n / 2; i++) { stp_point t = line[i]; line[i] = line[n - 1 - i]; line[n - 1 - i] = t; }
  stp_shape *band = malloc(sizeof *band), *zone = malloc(sizeof *zone), *behind = NULL, *tmp = NULL;
  stp_status st = band && zone ? STP_OK : stp_error_set(err, STP_ERR_NOMEM, NULL, 0, "out of memory cutting the design");
  if (st == STP_OK) st = stp_geom_band_line(line, n, sp->depth_mm, 0, band, err);
  if (st == STP_OK) st = stp_geom_combine(STP_GEOM_INTERSECTION, &sp->clip[0], band, zone, err);
  if (st == STP_OK && sp->behind >= 0 && sp->behind < s->zone_count) {
    /* Behind the band: the declared shape within a deep band behind the line, minus the band. */
    behind = malloc(sizeof *behind);
    tmp = malloc(sizeof *tmp);
    if (!behind || !tmp) st = stp_error_set(err, STP_ERR_NOMEM, NULL, 0, "out of memory cutting the design");
    if (st == STP_OK) st = stp_geom_band_line(line, n, 400.0, 0, tmp, err);
    if (st == STP_OK) st = stp_geom_combine(STP_GEOM_INTERSECTION, &sp->clip[1], tmp, behind, err);
    if (st == STP_OK) st = stp_geom_combine(STP_GEOM_DIFFERENCE, behind, band, tmp, err);
    if (st == STP_OK) *behind = *tmp;
  }
  if (st == STP_OK) {
    s->zones[sp->zone].shape = *zone;
    if (behind) s->zones[sp->behind].shape = *behind;
  } else if (err) {
    char msg[sizeof err->msg];
    snprintf(msg, sizeof msg, "%s", err->msg);
    stp_error_set(err, st, NULL, 0, "the design leaves no area to pigment (%.200s): draw it over the bald front", msg);
  }
  free(band); free(zone); free(behind); free(tmp);
  return st;
}

const stp_scenario *stp_design_scenario(const stp_scenario *scn, const stp_work *w, stp_scenario **owned) {
  *owned = NULL;
  if (!scn->design.enabled || w->design.n < 2) return scn;
  stp_scenario *c = malloc(sizeof *c);
  if (!c) return NULL;
  memcpy(c, scn, sizeof *c);
  stp_error e;
  stp_error_clear(&e);
  if (stp_design_apply(c, &w->design, &e) != STP_OK) memcpy(c, scn, sizeof *c);
  *owned = c;
  return c;
}

double stp_design_criterion(const stp_rubric_item *it, const stp_design_result *dr) {
  if (!dr->judged) return 0;
  return stp_sc_linear(100.0 - dr->score, it->tolerance, it->zero > it->tolerance ? it->zero : it->tolerance + 1);
}

void stp_design_expert(const stp_head *h, stp_design *out) {
  memset(out, 0, sizeof *out);
  const stp_point *lm = h->lm;
  double mx = lm[STP_LM_MFP].x;
  double fxl = mx - lm[STP_LM_FTP_LEFT].x, fxr = lm[STP_LM_FTP_RIGHT].x - mx, fx = 0.5 * (fxl + fxr);
  /* An odd count of points about 4 mm apart, the middle one on the midline, so the fine
   * zig-zag is mirrored too. */
  int half = (int)floor(fx / 4.0);
  if (half < 4) half = 4;
  if (2 * half + 1 > STP_DESIGN_MAX_POINTS) half = (STP_DESIGN_MAX_POINTS - 1) / 2;
  /* The fine irregularity: an unpatterned run of offsets, 0.9 to 2.4 mm deep, forward or back
   * (never more than two the same way in a row), mirrored so both sides match. A natural
   * hairline's micro-irregularity has no period; a regular zig-zag reads as a saw. */
  static const double fine[12] = {1.8, -1.1, -2.1, 1.4, 2.4, -1.5, 0.9, 1.2, -2.2, -0.9, 1.9, -1.4};
  for (int i = -half; i <= half; i++) {
    double x = mx + fx * i / half;
    double broad = 2.0 * cos(2 * 3.14159265358979323846 * (x - mx) / (30.0 * h->scale));   /* gentle waves 3 cm wide */
    double zig = fine[abs(i) % 12];
    int k = i + half;
    out->x[k] = x;
    out->y[k] = stp_head_hairline_y(h, x) + broad + zig;
  }
  out->n = 2 * half + 1;
  out->temples = true;
  out->temple_x[0] = lm[STP_LM_TEMPLE_PEAK_LEFT].x;
  out->temple_y[0] = lm[STP_LM_TEMPLE_PEAK_LEFT].y;
  out->temple_x[1] = lm[STP_LM_TEMPLE_PEAK_RIGHT].x;
  out->temple_y[1] = lm[STP_LM_TEMPLE_PEAK_RIGHT].y;
  stp_design_quantize(out);
}

void stp_sc_design(const stp_scenario *scn, const stp_work *w, stp_score_result *r, stp_criterion_result *c) {
  stp_design_result *dr = &r->design;
  stp_design_judge(&scn->head, &w->design, dr);
  c->score = stp_design_criterion(&scn->rubric.items[STP_CRIT_DESIGN], dr);
  if (!dr->judged) {
    snprintf(c->figures, sizeof c->figures, "no design drawn");
    snprintf(c->advice, sizeof c->advice, "%s", dr->advice[0]);
    return;
  }
  size_t len = (size_t)snprintf(c->figures, sizeof c->figures, "weakest rule: %s %.0f",
                                stp_design_rule_name((stp_design_rule)dr->weakest), dr->score);
  for (int k = 0; k < STP_DR_COUNT && len < sizeof c->figures; k++)
    len += (size_t)snprintf(c->figures + len, sizeof c->figures - len, "; %s %.0f", rule_keys[k], dr->rule[k]);
  snprintf(c->advice, sizeof c->advice, "%s: %s. %s", stp_design_rule_name((stp_design_rule)dr->weakest),
           dr->figures[dr->weakest], dr->advice[dr->weakest]);
}
