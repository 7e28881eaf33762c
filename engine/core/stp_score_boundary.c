/* stp_score_boundary.c - boundaries: ink outside the planned zones or inside a forbidden one,
 * and with the rubric's classes on, where it went: hard (forehead, ears, beyond the plan) or
 * soft (the client's own hair, the done work, the blend margin). */
#include "stp_score_internal.h"

#include "stp_chart.h"

#define FORBIDDEN_WEIGHT 5.0   /* an impression in a forbidden zone counts as five off the plan */
#define MARGIN_CELL_MM 2.0     /* the grid that spares points far from every edge the exact test */
#define BOUNDARY_SCALE 1000.0  /* shares are of the work, or of 1,000 impressions if it is larger */
#define MARGIN_WEIGHT 0.5      /* one outside but within the margin, as half of one... */
#define MARGIN_FREE_MM 0.5     /* ...past as many as a 0.5 mm strip along the edges holds */
#define EAR_REACH_MM 20.0      /* the ear's region: within this (x the head's scale) of its landmark,
                                  and everything lateral of that disc (a modelling choice: the ear's
                                  rim and a finger's breadth in front of it; no source gives one) */

double stp_sc_perimeter(const stp_shape *s) {
  stp_point p[STP_SHAPE_MAX_POINTS];
  int n = stp_shape_outline(s, p, STP_SHAPE_MAX_POINTS);
  double per = 0;
  for (int i = 0; i < n; i++) {
    stp_point a = p[i], b = p[stp_shape_next(s, n, i)];
    per += hypot(b.x - a.x, b.y - a.y);
  }
  return per;
}

/* Impressions a careful hand leaves just over the zones' edges: half a millimetre's strip
 * along every scored zone's outline at its mean target density. */
static double margin_allowance(const stp_scenario *scn, const stp_score_result *r) {
  double n = 0;
  for (int z = 0; z < scn->zone_count; z++)
    if (r->zones[z].scored) n += r->zones[z].target / 100.0 * stp_sc_perimeter(&scn->zones[z].shape) * MARGIN_FREE_MM;
  return n;
}

/* Zone z's outline, and a 2 mm grid over its bounds (plus the margin) marking the cells an
 * outline segment passes within the margin (plus a cell's diagonal) of: a point in an
 * unmarked cell is farther than the margin from the outline, so only points near the edge
 * pay for the exact distance. Built once per score, on first need. */
static void margin_zone(const stp_scenario *scn, stp_sc_margin *m, int z, double mm) {
  m->n[z] = stp_shape_outline(&scn->zones[z].shape, m->pts[z], STP_SHAPE_MAX_POINTS) + 1;
  double x0, y0, x1, y1;
  stp_shape_bounds(&scn->zones[z].shape, &x0, &y0, &x1, &y1);
  m->gx0[z] = x0 - mm; m->gy0[z] = y0 - mm;
  m->gnx[z] = (int)ceil((x1 - x0 + 2 * mm) / MARGIN_CELL_MM) + 1;
  m->gny[z] = (int)ceil((y1 - y0 + 2 * mm) / MARGIN_CELL_MM) + 1;
  size_t cells = (size_t)m->gnx[z] * (size_t)m->gny[z];
  m->near[z] = cells <= (1u << 22) ? calloc(cells, 1) : NULL;   /* NULL: every point measured */
  if (!m->near[z]) return;
  double reach = mm + MARGIN_CELL_MM * 1.5;
  int n = m->n[z] - 1;
  for (int i = 0; i < n; i++) {
    stp_point a = m->pts[z][i], b = m->pts[z][stp_shape_next(&scn->zones[z].shape, n, i)];
    int i0 = (int)floor((fmin(a.x, b.x) - reach - m->gx0[z]) / MARGIN_CELL_MM);
    int i1 = (int)floor((fmax(a.x, b.x) + reach - m->gx0[z]) / MARGIN_CELL_MM);
    int j0 = (int)floor((fmin(a.y, b.y) - reach - m->gy0[z]) / MARGIN_CELL_MM);
    int j1 = (int)floor((fmax(a.y, b.y) + reach - m->gy0[z]) / MARGIN_CELL_MM);
    for (int j = j0 < 0 ? 0 : j0; j <= j1 && j < m->gny[z]; j++)
      for (int k = i0 < 0 ? 0 : i0; k <= i1 && k < m->gnx[z]; k++) m->near[z][(size_t)j * (size_t)m->gnx[z] + (size_t)k] = 1;
  }
}

void stp_sc_margin_free(stp_sc_margin *m) {
  if (!m) return;
  for (int z = 0; z < STP_SCN_MAX_ZONES; z++) { free(m->near[z]); free(m->hair[z]); }
  free(m);
}

/* Within mm of a worked zone (the point is outside every zone). Exact: the distance to the
 * zone's outline; a 2 mm cell wholly within or wholly beyond mm is decided once for its points. */
bool stp_sc_near_plan(const stp_scenario *scn, stp_sc_margin *m, double x, double y, double mm) {
  for (int z = 0; z < scn->zone_count; z++) {
    if (!stp_sc_zone_scored(scn, z)) continue;
    double x0, y0, x1, y1;
    stp_shape_bounds(&scn->zones[z].shape, &x0, &y0, &x1, &y1);
    if (x < x0 - mm || x > x1 + mm || y < y0 - mm || y > y1 + mm) continue;
    if (m->n[z] == 0) margin_zone(scn, m, z, scn->rubric.boundary_margin_mm > 0 ? scn->rubric.boundary_margin_mm : 0);
    if (!m->hair[z] && m->hnx[z] == 0) {
      m->hx0[z] = x0 - mm; m->hy0[z] = y0 - mm;
      m->hnx[z] = (int)ceil((x1 - x0 + 2 * mm) / MARGIN_CELL_MM) + 1;
      m->hny[z] = (int)ceil((y1 - y0 + 2 * mm) / MARGIN_CELL_MM) + 1;
      size_t cells = (size_t)m->hnx[z] * (size_t)m->hny[z];
      m->hair[z] = cells <= (1u << 22) ? calloc(cells, 1) : NULL;   /* NULL: every point measured */
    }
    const stp_shape *sh = &scn->zones[z].shape;
    unsigned char *cell = NULL;
    if (m->hair[z]) {
      int i = (int)floor((x - m->hx0[z]) / MARGIN_CELL_MM), j = (int)floor((y - m->hy0[z]) / MARGIN_CELL_MM);
      if (i >= 0 && j >= 0 && i < m->hnx[z] && j < m->hny[z]) {
        cell = &m->hair[z][(size_t)j * (size_t)m->hnx[z] + (size_t)i];
        if (*cell == 0) {
          double cx = m->hx0[z] + (i + 0.5) * MARGIN_CELL_MM, cy = m->hy0[z] + (j + 0.5) * MARGIN_CELL_MM;
          double d = stp_shape_contains(sh, cx, cy) ? 0 : stp_shape_rings_distance(sh, m->pts[z], m->n[z] - 1, cx, cy);
          double half = MARGIN_CELL_MM * 0.7072;   /* half the cell's diagonal, rounded up */
          *cell = d + half <= mm ? 1 : d - half > mm ? 2 : 3;
        }
        if (*cell == 1) return true;
        if (*cell == 2) continue;
      }
    }
    if (stp_shape_rings_distance(sh, m->pts[z], m->n[z] - 1, x, y) <= mm) return true;
  }
  return false;
}

bool stp_sc_within_margin(const stp_scenario *scn, stp_sc_margin *m, double x, double y) {
  double mm = scn->rubric.boundary_margin_mm;
  if (!(mm > 0)) return false;
  for (int z = 0; z < scn->zone_count; z++) {
    if (!stp_sc_zone_scored(scn, z)) continue;
    double x0, y0, x1, y1;
    stp_shape_bounds(&scn->zones[z].shape, &x0, &y0, &x1, &y1);
    if (x < x0 - mm || x > x1 + mm || y < y0 - mm || y > y1 + mm) continue;   /* cheap reject */
    if (m->n[z] == 0) margin_zone(scn, m, z, mm);
    if (m->near[z]) {
      int i = (int)floor((x - m->gx0[z]) / MARGIN_CELL_MM), j = (int)floor((y - m->gy0[z]) / MARGIN_CELL_MM);
      if (i < 0 || j < 0 || i >= m->gnx[z] || j >= m->gny[z] || !m->near[z][(size_t)j * (size_t)m->gnx[z] + (size_t)i])
        continue;
    }
    /* Outside every zone, so the distance to the outline is the distance to the zone. */
    if (stp_shape_rings_distance(&scn->zones[z].shape, m->pts[z], m->n[z] - 1, x, y) <= mm) return true;
  }
  return false;
}

bool stp_sc_on_forehead(const stp_scenario *scn, double x, double y) {
  double hy = stp_head_hairline_y(&scn->head, x);   /* NAN beyond the temple peaks */
  if (isnan(hy)) hy = stp_chart_hairline_y(x);
  return y < hy;
}

bool stp_sc_on_ear(const stp_scenario *scn, double x, double y) {
  const stp_head *h = &scn->head;
  stp_point e = h->lm[x < 0 ? STP_LM_EAR_LEFT : STP_LM_EAR_RIGHT];
  double reach = EAR_REACH_MM * h->scale, dy = y - e.y;
  if (fabs(dy) > reach) return false;
  return fabs(x) >= fabs(e.x) - sqrt(reach * reach - dy * dy);
}

bool stp_sc_in_own_hair(const stp_scenario *scn, double x, double y) {
  for (int i = 0; i < scn->patch_count; i++)   /* no hair grows on a patch (the renderer's rule too) */
    if (stp_shape_contains(&scn->patches[i].shape, x, y)) return false;
  for (int h = 0; h < scn->hair_count; h++)
    if (scn->hair[h].density_per_cm2 > 0 && stp_shape_contains(&scn->hair[h].shape, x, y)) return true;
  return false;
}

void stp_sc_boundary_count(const stp_scenario *scn, stp_sc_margin *m, int z, double x, double y, stp_score_result *r) {
  if (z >= 0 && scn->zones[z].role == STP_ZONE_FORBIDDEN) { r->forbidden++; return; }
  /* The blend margin first: a dot's own size over a zone's edge, wherever that edge lies. */
  if (m && stp_sc_within_margin(scn, m, x, y)) { r->outside_margin++; return; }
  r->outside++;
  if (!scn->rubric.boundary_classes) return;
  if (stp_sc_on_forehead(scn, x, y)) r->boundary_forehead++;
  else if (stp_sc_on_ear(scn, x, y)) r->boundary_ears++;
  else if (z >= 0) r->boundary_done++;                  /* a done zone: over pigment already there */
  else if (stp_sc_in_own_hair(scn, x, y)) {
    r->boundary_hair++;
    if (!m || !stp_sc_near_plan(scn, m, x, y, STP_SC_HAIR_NEAR_MM * scn->head.scale)) r->boundary_hair_far++;
  }
  else r->boundary_beyond++;
}

/* Boundary classes: the weighted count off the plan, the figures and the advice naming where
 * the ink went (docs/scoring.md, "Boundaries"). */
/* Ink in the client's hair far from the plan: a few stray dots (as many as the criterion's
 * tolerance forgives: 1 % of the work, 10 of 1,000) are soft like the rest of the hair; past
 * them each is off the plan, hard (a ring of dots in the fringe is no blend). */
static double hair_far_hard(const stp_scenario *scn, const stp_score_result *r, double n) {
  double stray = floor(scn->rubric.items[STP_CRIT_BOUNDARY].tolerance * n + 1e-9);
  return fmax(0.0, (double)r->boundary_hair_far - stray);
}

static double classes_off(const stp_scenario *scn, const stp_score_result *r, double margin_past, double n) {
  double far = hair_far_hard(scn, r, n);
  double hard = (double)(r->forbidden + r->boundary_forehead + r->boundary_ears + r->boundary_beyond) + far;
  double soft = (double)(r->boundary_hair + r->boundary_done) - far + fmax(0.0, margin_past);
  return scn->rubric.boundary_hard * hard + scn->rubric.boundary_soft * soft;
}

static void classes_text(const stp_scenario *scn, const stp_score_result *r, double allowance, double frac, double n,
                         stp_criterion_result *c) {
  double far = hair_far_hard(scn, r, n);
  const stp_rubric_item *it = &scn->rubric.items[STP_CRIT_BOUNDARY];
  double mm = scn->rubric.boundary_margin_mm;
  snprintf(c->figures, sizeof c->figures,
           "hard, each as %.3g: %zu on the forehead, %zu on the ears, %zu in forbidden zones, %zu on bare skin "
           "beyond the plan by more than %.1f mm, %.0f far into the client's hair; soft, each as %.3g: %.0f in the "
           "client's own hair, %zu on the done work, %zu within %.1f mm of a zone's edge (up to %.0f free); of %zu: "
           "%.1f%% off the plan (of the work, or of 1,000 if it is larger; full marks up to %.0f%%, none from %.0f%%)",
           scn->rubric.boundary_hard, r->boundary_forehead, r->boundary_ears, r->forbidden, r->boundary_beyond, mm, far,
           scn->rubric.boundary_soft, (double)r->boundary_hair - far, r->boundary_done, r->outside_margin, mm,
           allowance, r->impressions, 100 * frac, 100 * it->tolerance, 100 * it->zero);
  /* The advice names the place that cost the most (ties: the order below, the worst first). */
  double w_h = scn->rubric.boundary_hard, w_s = scn->rubric.boundary_soft;
  struct { double cost; size_t n; const char *text; } place[] = {
    {w_h * (double)r->boundary_forehead, r->boundary_forehead,
     "on the forehead, in front of the client's natural hairline: pigment there is permanent and can only be "
     "removed by laser; keep the front of the work behind the designed line"},
    {w_h * (double)r->boundary_ears, r->boundary_ears,
     "around the ears: stop where the scalp turns toward the ear; pigment there is permanent"},
    {w_h * (double)r->forbidden, r->forbidden, "in forbidden areas: pigment there is permanent and can only be "
     "removed by laser"},
    {w_h * (double)r->boundary_beyond, r->boundary_beyond,
     "on bare skin beyond the planned area: stay inside the outlined zones; the ink is permanent"},
    {w_h * far, (size_t)far,
     "far into the client's own hair, away from every zone: hidden today, but no blend: pigment only where it "
     "was planned"},
    {w_s * ((double)r->boundary_hair - far), r->boundary_hair - (size_t)far,
     "in the client's own hair outside the zones: hidden today, they show if he shaves lower or the hair "
     "thins; stay inside the plan"},
    {w_s * (double)r->boundary_done, r->boundary_done, "over the work already done: it darkens what was finished"},
    {w_s * fmax(0.0, (double)r->outside_margin - allowance), r->outside_margin,
     "just past the zones' edges: a frame of dots round the plan; let the edge thin out inside the zone"},
  };
  int best = -1;
  for (int i = 0; i < (int)(sizeof place / sizeof place[0]); i++)
    if (place[i].n > 0 && place[i].cost > 0 && (best < 0 || place[i].cost > place[best].cost)) best = i;
  if (r->outside + r->forbidden + r->outside_margin == 0)
    snprintf(c->advice, sizeof c->advice, "Every impression is inside the planned area.");
  else if (best < 0)
    snprintf(c->advice, sizeof c->advice, "The few dots just past the zones' edges are within what a careful hand leaves.");
  else
    snprintf(c->advice, sizeof c->advice, "%zu %s %s.", place[best].n, place[best].n == 1 ? "impression" : "impressions",
             place[best].text);
}

void stp_sc_boundary(const stp_scenario *scn, stp_score_result *r, stp_criterion_result *c) {
  const stp_rubric_item *it = &scn->rubric.items[STP_CRIT_BOUNDARY];
  if (r->impressions == 0) {
    snprintf(c->figures, sizeof c->figures, "no impressions");
    snprintf(c->advice, sizeof c->advice, "Place impressions inside the outlined zones.");
    return;
  }
  /* Ink where it was never planned is permanent. An impression in a forbidden zone (the
   * forehead, the face) counts as FORBIDDEN_WEIGHT impressions off the plan; those just outside
   * a zone's edge, within the margin, are free up to what a 0.5 mm strip along the zones'
   * edges holds at their target density (a dot's size over the line, as anyone working to an
   * edge leaves) and count half past it: a frame of dots drawn round the plan. */
  double margin = (double)r->outside_margin - margin_allowance(scn, r);
  /* Ink off the plan is counted in impressions, not as a share of a large work: past
   * BOUNDARY_SCALE impressions each one off the plan costs the same (a tenth of a per cent),
   * so a full head cannot hide hundreds of dots on the forehead. */
  double n = (double)r->impressions < BOUNDARY_SCALE ? (double)r->impressions : BOUNDARY_SCALE;
  double off = scn->rubric.boundary_classes
                   ? classes_off(scn, r, margin, n)
                   : (double)r->outside + FORBIDDEN_WEIGHT * (double)r->forbidden + MARGIN_WEIGHT * fmax(0.0, margin);
  double frac = off / n;
  r->boundary_error = frac;
  c->score = stp_sc_linear(frac, it->tolerance, it->zero);
  if (scn->rubric.boundary_classes) {
    classes_text(scn, r, margin_allowance(scn, r), frac, n, c);
    return;
  }
  snprintf(c->figures, sizeof c->figures,
           "%zu outside the planned zones by more than %.1f mm, %zu within it, %zu in forbidden areas, of %zu: "
           "%.1f%% off the plan (of the work, or of 1,000 if it is larger), counting a forbidden one as %.0f "
           "and those in the margin, past the %.0f impressions a %.1f mm strip along the edges holds, as %.1f "
           "(full marks up to %g%%, none from %g%%)",
           r->outside, scn->rubric.boundary_margin_mm, r->outside_margin, r->forbidden, r->impressions, 100 * frac,
           FORBIDDEN_WEIGHT, margin_allowance(scn, r), MARGIN_FREE_MM, MARGIN_WEIGHT, 100 * it->tolerance, 100 * it->zero);
  if (r->outside + r->forbidden + r->outside_margin == 0)
    snprintf(c->advice, sizeof c->advice, "Every impression is inside the planned area.");
  else
    snprintf(c->advice, sizeof c->advice,
             "Stay inside the outlined zones: pigment on the forehead or a forbidden area is "
             "permanent and can only be removed by laser.");
}

