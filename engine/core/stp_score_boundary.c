/* stp_score_boundary.c - boundaries: ink outside the planned zones or inside a forbidden one. */
#include "stp_score_internal.h"

#define FORBIDDEN_WEIGHT 5.0   /* an impression in a forbidden zone counts as five off the plan */
#define MARGIN_CELL_MM 2.0     /* the grid that spares points far from every edge the exact test */
#define BOUNDARY_SCALE 1000.0  /* shares are of the work, or of 1,000 impressions if it is larger */
#define MARGIN_WEIGHT 0.5      /* one outside but within the margin, as half of one... */
#define MARGIN_FREE_MM 0.5     /* ...past as many as a 0.5 mm strip along the edges holds */

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
  for (int z = 0; z < STP_SCN_MAX_ZONES; z++) free(m->near[z]);
  free(m);
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
  double off = (double)r->outside + FORBIDDEN_WEIGHT * (double)r->forbidden + MARGIN_WEIGHT * fmax(0.0, margin);
  double frac = off / n;
  r->boundary_error = frac;
  c->score = stp_sc_linear(frac, it->tolerance, it->zero);
  snprintf(c->figures, sizeof c->figures,
           "%zu outside the planned zones by more than %.1f mm, %zu within it, %zu in forbidden areas, of %zu: "
           "%.1f%% off the plan (of the work, or of 1,000 if it is larger), counting a forbidden one as %.0f "
           "and those in the margin past %.0f (a %.1f mm strip along the edges) as %.1f (full marks up to "
           "%.0f%%, none from %.0f%%)",
           r->outside, scn->rubric.boundary_margin_mm, r->outside_margin, r->forbidden, r->impressions, 100 * frac,
           FORBIDDEN_WEIGHT, margin_allowance(scn, r), MARGIN_FREE_MM, MARGIN_WEIGHT, 100 * it->tolerance, 100 * it->zero);
  if (r->outside + r->forbidden + r->outside_margin == 0)
    snprintf(c->advice, sizeof c->advice, "Every impression is inside the planned area.");
  else
    snprintf(c->advice, sizeof c->advice,
             "Stay inside the outlined zones: pigment on the forehead or a forbidden area is "
             "permanent and can only be removed by laser.");
}

