/* stp_score_density.c - density: impressions per cm2 zone by zone against the targets, and
 * local coverage: where the impressions are, at the scale an assessor sees (about 1 cm2).
 *
 * A zone's mean density can be on target while half of it is bare and the other half twice
 * as dense, or while every dot sits in one clump. So each zone is also cut into 2 mm cells
 * (aligned to the chart's origin); each cell whose centre is in the zone is judged on the
 * density in the 10 x 10 mm window about it: the zone's impressions in the window's cells
 * over the zone's area in them (a cell on the zone's edge counts the share of it inside,
 * measured on 4 x 4 points), against the target averaged over the same area. A cell is
 *   within   when that density is within the band about the target,
 *   sparse   below the band,  bare     under a quarter of the target (and below the band),
 *   dense    above the band,  crowded  above 1.75 times the target (and above the band).
 * The band is the wider of the zone's own tolerance (as a share of its mean target) and
 * 1.5 standard deviations of a random (Poisson) count at the target in that window, so a
 * careful hand's natural scatter is not read as patchiness.
 * A zone scores the lower of its mean density score (density_zone_score: the level) and its
 * coverage score, which falls with the share of its area that is bare or crowded, plus half
 * the share that is uneven: off the band about the zone's own level (its mean density over
 * its mean target), so patches at 0.4 and 1.6 times read as patchy while an even work at half
 * the target does not; and holes, cells with nothing in the 6 x 6 mm about them where six or
 * more impressions are planned, count like bare ones (the rubric's density tolerance and
 * zero: full marks up to 10 %, none from 40 % by default).
 * So an even work that is too sparse everywhere keeps the score of its mean, while a clump,
 * a bare half or crowded patches fail on coverage.
 * Depends on: stp_score_internal.h.
 */
#include "stp_score_internal.h"

#define COV_CELL_MM 2.0
#define COV_HALF 2               /* the window: (2 * COV_HALF + 1)^2 cells, 10 x 10 mm */
#define COV_BARE 0.25            /* under this share of the target a cell is bare */
#define COV_CROWDED 1.75         /* over this multiple of the target a cell is crowded */
#define HOLE_HALF 1              /* holes: the 3 x 3 cells (6 x 6 mm) about a cell... */
#define HOLE_EXPECT 6.0          /* ...empty where at least this many impressions are planned */
#define COV_POISSON_SD 1.5       /* the band is at least this many Poisson standard deviations */
#define COV_MAX_CELLS (4u << 20)

/* 100 inside target +- tolerance, falling linearly to 0 below the band at floor_share x the
 * target and above it at twice the target; each span at least 1 per cm2. */
static double level_score(double d, double t, double tol, double floor_share) {
  double span = d < t ? (1 - floor_share) * t - tol : t - tol;
  if (span < 1) span = 1;
  double off = fabs(d - t) - tol;
  if (off <= 0) return 100;
  return stp_sc_clamp100(100.0 * (1.0 - off / span));
}

/* Score of one zone: to 0 at half the target (too sparse) and at twice it (too dense). Half
 * the target is an unfinished work: the sessions build 30 % -> 70 % -> 100 % of the final
 * density (smp.md), and an even work at 60 % of its target had scored 72 here and passed its
 * cases at 88-92 when the sparse side fell to 0 only at no density at all. */
double stp_sc_density_zone_score(double d, double t, double tol) { return level_score(d, t, tol, 0.5); }

/* Score of what a session added over context against what was left to place: as the zone
 * score, but falling to 0 only at nothing added. What was left includes what healing took
 * from the earlier sessions (a sixth of a session's dots, say), so a session laying exactly its
 * planned share is short of it; judged at half like a level, that expert course failed. A
 * session at half of what was left still fails the density gate (test_time_cheats). */
double stp_sc_density_increment_score(double d, double t, double tol) { return level_score(d, t, tol, 0); }

static bool density_scored(const stp_scenario *scn, int z) {
  return stp_scenario_zone_worked(scn, z);
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
    snprintf(buf + len, size - len, "%s%s", len ? ", " : "", stp_sc_zone_label(&scn->zones[i]));
  }
}

static double zone_band(const stp_scenario *scn, const stp_sc_analysis *a, int z, double target, double area_cm2) {
  double mean = a->ctx->mean_density[z];
  double own = mean > 0 ? scn->zones[z].density_tolerance / mean : 0;
  double expect = target * area_cm2;
  double noise = expect > 0 ? COV_POISSON_SD / sqrt(expect) : 1;
  return own > noise ? own : noise;
}

void stp_sc_cover_free(stp_sc_cover *cv) {
  for (int z = 0; z < STP_SCN_MAX_ZONES; z++) free(cv->z[z].ratio), free(cv->z[z].cls), free(cv->z[z].uneven), free(cv->z[z].hole);
  memset(cv, 0, sizeof *cv);
}

float stp_sc_cover_ratio(const stp_sc_cover *cv, int z, double x, double y) {
  if (z < 0 || z >= STP_SCN_MAX_ZONES || !cv->z[z].ratio) return NAN;
  const stp_sc_cover_zone *g = &cv->z[z];
  double ix = floor(x / COV_CELL_MM) - (double)g->ix0, iy = floor(y / COV_CELL_MM) - (double)g->iy0;
  if (ix < 0 || iy < 0 || ix >= g->nx || iy >= g->ny) return NAN;
  return g->ratio[(size_t)iy * (size_t)g->nx + (size_t)ix];
}

float stp_sc_cover_ratio_shown(const stp_sc_cover *cv, int z, double x, double y) {
  float own = stp_sc_cover_ratio(cv, z, x, y);
  if (!isnan(own) || z < 0 || z >= STP_SCN_MAX_ZONES || !cv->z[z].ratio) return own;
  /* The point's cell is not judged (its centre lies outside the zone: a strip along an edge
   * that cuts the cell): the judged neighbour whose centre is nearest, whose window covers
   * the point. */
  float best = NAN;
  double best_d2 = INFINITY;
  for (int dj = -1; dj <= 1; dj++)
    for (int di = -1; di <= 1; di++) {
      double cx = (floor(x / COV_CELL_MM) + di + 0.5) * COV_CELL_MM, cy = (floor(y / COV_CELL_MM) + dj + 0.5) * COV_CELL_MM;
      float v = stp_sc_cover_ratio(cv, z, cx, cy);
      double d2 = (cx - x) * (cx - x) + (cy - y) * (cy - y);
      if (!isnan(v) && d2 < best_d2) { best_d2 = d2; best = v; }
    }
  return best;
}

/* The share of cell (i, j)'s area in zone z: 0 or 1 when its centre and four corners agree
 * (corner membership in `corner`, (nx + 1) x (ny + 1)), else counted on 4 x 4 points. */
static double cell_share(const stp_scenario *scn, int z, const stp_sc_cover_zone *g, const unsigned char *corner,
                         int i, int j, bool centre_in) {
  size_t w = (size_t)g->nx + 1;
  unsigned char c0 = corner[(size_t)j * w + (size_t)i], c1 = corner[(size_t)j * w + (size_t)i + 1];
  unsigned char c2 = corner[(size_t)(j + 1) * w + (size_t)i], c3 = corner[(size_t)(j + 1) * w + (size_t)i + 1];
  if (c0 == centre_in && c1 == centre_in && c2 == centre_in && c3 == centre_in) return centre_in ? 1 : 0;
  int in = 0;
  for (int v = 0; v < 4; v++)
    for (int u = 0; u < 4; u++) {
      double x = ((double)(g->ix0 + i) + (u + 0.5) / 4.0) * COV_CELL_MM;
      double y = ((double)(g->iy0 + j) + (v + 0.5) / 4.0) * COV_CELL_MM;
      in += stp_scenario_zone_at(scn, x, y) == z;
    }
  return in / 16.0;
}

/* One zone's cells: the share of each in the zone and its target, then each member cell's
 * window (cnt: the zone's dots per cell). */
static stp_status cover_zone(const stp_scenario *scn, const stp_sc_analysis *a, int z, stp_sc_cover_zone *g,
                             uint32_t *cnt, double level, stp_error *err) {
  const stp_zone *zn = &scn->zones[z];
  size_t cells = (size_t)g->nx * (size_t)g->ny, w = (size_t)g->nx + 1;
  float *target = malloc(cells * sizeof *target), *share = malloc(cells * sizeof *share);
  unsigned char *corner = malloc(w * ((size_t)g->ny + 1)), *centre = calloc(cells, 1);
  if (!target || !share || !corner || !centre) {
    free(target); free(share); free(corner); free(centre);
    return stp_sc_nomem(err, a->n);
  }
  for (int j = 0; j <= g->ny; j++)
    for (int i = 0; i <= g->nx; i++)
      corner[(size_t)j * w + (size_t)i] = stp_scenario_zone_at(scn, (double)(g->ix0 + i) * COV_CELL_MM,
                                                               (double)(g->iy0 + j) * COV_CELL_MM) == z;
  for (int j = 0; j < g->ny; j++)
    for (int i = 0; i < g->nx; i++) {
      double x = ((double)(g->ix0 + i) + 0.5) * COV_CELL_MM, y = ((double)(g->iy0 + j) + 0.5) * COV_CELL_MM;
      size_t c = (size_t)j * (size_t)g->nx + (size_t)i;
      bool member = stp_scenario_zone_at(scn, x, y) == z;
      share[c] = (float)cell_share(scn, z, g, corner, i, j, member);
      /* A cell is judged when its centre is in the zone; its target is taken at the centre. */
      target[c] = member ? (float)stp_field_eval(a->ctx, z, &zn->density_field, zn->density_per_cm2, x, y) : NAN;
    }
  const double cell_cm2 = COV_CELL_MM * COV_CELL_MM / 100.0;
  for (int j = 0; j < g->ny; j++)
    for (int i = 0; i < g->nx; i++) {
      size_t c = (size_t)j * (size_t)g->nx + (size_t)i;
      g->ratio[c] = NAN;
      g->cls[c] = STP_SC_COVER_NONE;
      if (isnan(target[c])) continue;
      uint64_t n = 0, n_in = 0;
      double area = 0, tsum = 0, tw = 0, tsum_in = 0;
      for (int jj = j - COV_HALF; jj <= j + COV_HALF; jj++)
        for (int ii = i - COV_HALF; ii <= i + COV_HALF; ii++) {
          if (ii < 0 || jj < 0 || ii >= g->nx || jj >= g->ny) continue;
          size_t k = (size_t)jj * (size_t)g->nx + (size_t)ii;
          bool inner = abs(ii - i) <= HOLE_HALF && abs(jj - j) <= HOLE_HALF;
          n += cnt[k];
          area += share[k] * cell_cm2;
          if (inner) n_in += cnt[k];
          if (isnan(target[k])) continue;
          tsum += share[k] * target[k];
          tw += share[k];
          if (inner) tsum_in += share[k] * target[k];
        }
      /* A hole: nothing at all in the 6 x 6 mm about the cell where at least HOLE_EXPECT
       * impressions are planned (blue noise never leaves one; bare squares a few mm wide that
       * a 1 cm2 window averages away do). */
      centre[c] = n_in == 0 && tsum_in * cell_cm2 >= HOLE_EXPECT;
      double t = tw > 0 ? tsum / tw : target[c];
      double ratio = !(area > 0) ? 1 : t > 0 ? (double)n / area / t : (n ? INFINITY : 1);
      double band = zone_band(scn, a, z, t, area);
      g->ratio[c] = (float)ratio;
      g->cls[c] = ratio < 1 - band ? (ratio < COV_BARE ? STP_SC_COVER_BARE : STP_SC_COVER_SPARSE)
                : ratio > 1 + band ? (ratio > COV_CROWDED ? STP_SC_COVER_CROWDED : STP_SC_COVER_DENSE)
                : STP_SC_COVER_WITHIN;
      /* Uneven: off the band about the zone's own level (its mean density against its mean
       * target), so patches at 0.4 and 1.6 times read as patchy while an even work at half
       * the target does not (its level is the mean score's business). */
      double rel = level > 0 ? ratio / level : ratio;
      double lband = level > 0 ? zone_band(scn, a, z, t * level, area) : band;
      g->uneven[c] = g->cls[c] != STP_SC_COVER_BARE && g->cls[c] != STP_SC_COVER_CROWDED &&
                     (rel < 1 - lband || rel > 1 + lband);
    }
  /* The hole is the whole empty 6 x 6 mm, not only its centre: every member cell of an empty
   * window is in a hole. */
  for (int j = 0; j < g->ny; j++)
    for (int i = 0; i < g->nx; i++) {
      size_t c = (size_t)j * (size_t)g->nx + (size_t)i;
      if (isnan(target[c])) continue;
      for (int jj = j - HOLE_HALF; jj <= j + HOLE_HALF && !g->hole[c]; jj++)
        for (int ii = i - HOLE_HALF; ii <= i + HOLE_HALF; ii++)
          if (ii >= 0 && jj >= 0 && ii < g->nx && jj < g->ny && centre[(size_t)jj * (size_t)g->nx + (size_t)ii]) {
            g->hole[c] = 1;
            break;
          }
    }
  free(target); free(share); free(corner); free(centre);
  return STP_OK;
}

stp_status stp_sc_coverage(const stp_scenario *scn, const stp_sc_analysis *a, stp_score_result *r,
                           stp_sc_cover *cv, stp_error *err) {
  memset(cv, 0, sizeof *cv);
  uint32_t *cnt[STP_SCN_MAX_ZONES] = {0};
  stp_status st = STP_OK;
  for (int z = 0; z < scn->zone_count && st == STP_OK; z++) {
    if (!stp_sc_zone_scored(scn, z)) continue;
    stp_sc_cover_zone *g = &cv->z[z];
    double x0, y0, x1, y1;
    stp_shape_bounds(&scn->zones[z].shape, &x0, &y0, &x1, &y1);
    g->ix0 = (int64_t)floor(x0 / COV_CELL_MM);
    g->iy0 = (int64_t)floor(y0 / COV_CELL_MM);
    g->nx = (int)((int64_t)floor(x1 / COV_CELL_MM) - g->ix0 + 1);
    g->ny = (int)((int64_t)floor(y1 / COV_CELL_MM) - g->iy0 + 1);
    size_t cells = (size_t)g->nx * (size_t)g->ny;
    if (cells > COV_MAX_CELLS) { g->nx = g->ny = 0; continue; }   /* validated zones are far smaller */
    g->ratio = malloc(cells * sizeof *g->ratio);
    g->cls = malloc(cells);
    g->uneven = calloc(cells, 1);
    g->hole = calloc(cells, 1);
    cnt[z] = calloc(cells, sizeof *cnt[z]);
    if (!g->ratio || !g->cls || !g->uneven || !g->hole || !cnt[z]) st = stp_sc_nomem(err, a->n);
  }
  for (size_t i = 0; i < a->n && st == STP_OK; i++) {
    int z = a->zone[i];
    if (z < 0 || !cnt[z]) continue;
    const stp_sc_cover_zone *g = &cv->z[z];
    double ix = floor(a->w->items[i].x_mm / COV_CELL_MM) - (double)g->ix0;
    double iy = floor(a->w->items[i].y_mm / COV_CELL_MM) - (double)g->iy0;
    if (ix < 0 || iy < 0 || ix >= g->nx || iy >= g->ny) continue;
    cnt[z][(size_t)iy * (size_t)g->nx + (size_t)ix]++;
  }
  for (int z = 0; z < scn->zone_count && st == STP_OK; z++)
    if (cnt[z]) {
      double mean_target = a->ctx->mean_density[z];
      double level = r && mean_target > 0 ? r->zones[z].density / mean_target : 1.0;
      st = cover_zone(scn, a, z, &cv->z[z], cnt[z], level, err);
    }
  for (int z = 0; z < STP_SCN_MAX_ZONES; z++) free(cnt[z]);
  if (st != STP_OK) { stp_sc_cover_free(cv); return st; }
  if (!r) return STP_OK;
  /* Shares per zone and over all scored zones (cells have equal areas). */
  const stp_rubric_item *it = &scn->rubric.items[STP_CRIT_DENSITY];
  size_t tot[6] = {0};
  for (int z = 0; z < scn->zone_count; z++) {
    stp_zone_result *zr = &r->zones[z];
    const stp_sc_cover_zone *g = &cv->z[z];
    size_t k[6] = {0}, uneven = 0, holes = 0;
    for (size_t c = 0; g->cls && c < (size_t)g->nx * (size_t)g->ny; c++) {
      k[g->cls[c]]++;
      bool hole = g->hole[c] && g->cls[c] != STP_SC_COVER_BARE;   /* each cell counted once */
      holes += hole;
      uneven += g->uneven[c] && !hole;
    }
    size_t m = k[STP_SC_COVER_WITHIN] + k[STP_SC_COVER_SPARSE] + k[STP_SC_COVER_BARE] + k[STP_SC_COVER_DENSE] +
               k[STP_SC_COVER_CROWDED];
    for (int q = 0; q < 6; q++) tot[q] += k[q];
    zr->mean_score = zr->score;
    if (m == 0) { zr->within = 1; zr->coverage_score = zr->score; continue; }   /* smaller than a cell */
    zr->within = (double)k[STP_SC_COVER_WITHIN] / (double)m;
    zr->sparse = (double)k[STP_SC_COVER_SPARSE] / (double)m;
    zr->bare = (double)k[STP_SC_COVER_BARE] / (double)m;
    zr->dense = (double)(k[STP_SC_COVER_DENSE] + k[STP_SC_COVER_CROWDED]) / (double)m;
    zr->crowded = (double)k[STP_SC_COVER_CROWDED] / (double)m;
    /* Bare and crowded cells count in full; uneven ones (off the band about the zone's own
     * level, not as far) count half: patches at 0.4 and 1.6 times the target are patchy too. */
    zr->uneven = (double)uneven / (double)m;
    zr->holes = (double)holes / (double)m;
    zr->coverage_error = zr->bare + zr->holes + zr->crowded + 0.5 * zr->uneven;
    zr->coverage_score = stp_sc_linear(zr->coverage_error, it->tolerance, it->zero);
    if (zr->coverage_score < zr->score) zr->score = zr->coverage_score;
  }
  size_t m = tot[STP_SC_COVER_WITHIN] + tot[STP_SC_COVER_SPARSE] + tot[STP_SC_COVER_BARE] + tot[STP_SC_COVER_DENSE] +
             tot[STP_SC_COVER_CROWDED];
  if (m) {
    r->coverage_within = (double)tot[STP_SC_COVER_WITHIN] / (double)m;
    r->coverage_sparse = (double)tot[STP_SC_COVER_SPARSE] / (double)m;
    r->coverage_bare = (double)tot[STP_SC_COVER_BARE] / (double)m;
    r->coverage_dense = (double)(tot[STP_SC_COVER_DENSE] + tot[STP_SC_COVER_CROWDED]) / (double)m;
    r->coverage_crowded = (double)tot[STP_SC_COVER_CROWDED] / (double)m;
  }
  return STP_OK;
}

void stp_sc_density(const stp_scenario *scn, stp_score_result *r, stp_criterion_result *c) {
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
  c->score = wsum > 0 ? stp_sc_clamp100(acc / wsum) : 0;
  if (worst < 0) return;
  const stp_zone_result *z = &r->zones[worst];
  const stp_zone *zd = &scn->zones[worst];
  snprintf(c->figures, sizeof c->figures,
           "on target over %.0f%% of the area at 1 cm² (bare %.0f%%, sparse %.0f%%, dense %.0f%%, crowded "
           "%.0f%%); worst: %s, %.1f impressions/cm², target %.0f ± %.0f, on target over %.0f%% of it",
           100 * r->coverage_within, 100 * r->coverage_bare, 100 * r->coverage_sparse, 100 * r->coverage_dense,
           100 * r->coverage_crowded,
           stp_sc_zone_label(zd), z->density, z->target, z->tolerance, 100 * z->within);
  char sparse[200], dense[200];
  list_zones(scn, r, -1, sparse, sizeof sparse);
  list_zones(scn, r, +1, dense, sizeof dense);
  /* "in A" when the worst zone is the only one off on its side, else "in A, B; in A". */
  bool sparse_side = z->density < z->target - z->tolerance;
  bool mean_ok = !sparse_side && z->density <= z->target + z->tolerance;
  if (mean_ok && z->coverage_score < z->mean_score) {
    /* The count is right but not where it should be: a clump, a bare part, dense patches. */
    snprintf(c->advice, sizeof c->advice,
             "%s has about the right number of impressions in the wrong places: %.0f%% of it is bare "
             "and %.0f%% crowded at 1 cm² (the density map shows where). Spread the impressions "
             "evenly over the whole zone; never fill one part and leave another.",
             stp_sc_zone_label(zd), 100 * z->bare, 100 * z->crowded);
    return;
  }
  const char *side = sparse_side ? sparse : dense;
  char where[260];
  if (strcmp(side, stp_sc_zone_label(zd)) == 0) snprintf(where, sizeof where, "%.64s", stp_sc_zone_label(zd));
  else snprintf(where, sizeof where, "%.150s; in %.64s", side, stp_sc_zone_label(zd));
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

