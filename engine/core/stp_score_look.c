/* stp_score_look.c - the look from a normal distance: what a client's friend sees at about
 * one metre.
 *
 * Dot by dot, shade compares each healed impression with its target. From a metre away
 * nobody sees single dots: the eye's contrast sensitivity peaks at 3-5 cycles per degree,
 * and a degree is 17.5 mm at 1 m, so texture finer than about 3-4 mm blends into a tone.
 * So the chart is cut into 1 mm cells and each cell gets the colour a viewer would average
 * there, in linear light:
 *   the skin (scar and alopecia patches tinted as the renderer tints them),
 *   the client's own stubble (hairs per unit x shaft width x visible length of each
 *     follicular unit cover that share of the skin in the hair's colour; long hair hides
 *     the scalp outside the zones, and inside them, where the case plans work, the scalp
 *     shows),
 *   the healed impressions (each covers its healed area, out to the middle of its soft
 *     edge, x opacity in its healed colour);
 * then blurred with a Gaussian of sigma 1.5 mm (the eye's resolution at that distance).
 * The same is done for the plan: the target density of impressions of the planned kind
 * (needle, ink, pigment, depth) in every cell of the scored zones.
 *
 * Two errors, both from colour differences of the blurred tones, each as a share of what
 * was there to change (so they do not hang on the pigment model's absolute strength):
 *   look        per zone, the mean over its cells of the difference between the work's
 *               tone and the plan's, over the mean difference between the bare scalp and
 *               the plan: 0 looks as planned, 1 as far off as doing nothing. Patches of bare
 *               skin, a dark clump, a lighter or darker whole read here;
 *   camouflage  per scar (a scar patch, or the zone of role "scar" where there is no
 *               patch), the difference between the mean tone over the scar and over the
 *               ring 3-10 mm around it, in the work, in the plan and untreated; the error is
 *               the work's difference beyond the plan's, over the untreated one: a scar the
 *               plan would fade but the work leaves as a pale stripe keeps a large share.
 * The criterion scores the lower of the two (its tolerance and zero in these shares).
 * Depends on: stp_score_internal.h.
 */
#include "stp_score_internal.h"

#include "stp_colour.h"

#define LOOK_CELL_MM 1.0
#define LOOK_SIGMA_MM 1.5
#define LOOK_MARGIN_MM 12.0
#define RING_IN_MM 3.0
#define RING_OUT_MM 10.0
#define LOOK_MAX_CELLS (8u << 20)
#define LOOK_FX 1e12                   /* fixed-point units of colour in the work's sums: a row adds
                                          at most 1e12 (its cover clamped to its cell), so 4M rows
                                          (STP_WORK_MAX_ROWS) stay below INT64_MAX */
/* An integer constant expression: C11 allows a floating constant there only as a cast's
 * immediate operand (clang refuses the rest; gcc folded the old floating form). */
_Static_assert(STP_WORK_MAX_ROWS < 9200000000000000000LL / (long long)LOOK_FX, "the look's fixed-point sums could overflow");
#define LOOK_EVAL_STRIDE 2             /* the look is judged every 2 cells each way */
#define LONG_HAIR_MM 20.0              /* as the renderer: longer hair lies over the scalp */
#define HAIRS_PER_UNIT 2.0             /* the renderer draws 1-3 per follicular unit */
#define SHAFT_MM 0.09                  /* the renderer's mean shaft width */
#define STUBBLE_SEEN_MM 1.2            /* the length seen from above, at most */

static void lab_of(const float rgb[3], double lab[3]) { stp_colour_lab(rgb, lab); }
static double de_of(const double a[3], const double b[3]) { return stp_colour_de00(a, b); }

/* The colour of the bare skin (with its patches) and of the client's hair over it. */
void stp_sc_look_base(const stp_scenario *scn, double x, double y, float rgb[3]) {
  for (int c = 0; c < 3; c++) rgb[c] = scn->skin.rgb[c];
  bool patch = false;
  for (int i = 0; i < scn->patch_count; i++) {
    const stp_patch *p = &scn->patches[i];
    if (!stp_shape_contains(&p->shape, x, y)) continue;
    patch = true;
    stp_pigment_patch_tint(p, rgb, rgb);
  }
  for (int h = 0; h < scn->hair_count && !patch; h++) {
    const stp_hair_region *hr = &scn->hair[h];
    if (!stp_shape_contains(&hr->shape, x, y)) continue;
    if (hr->density_per_cm2 <= 0) break;   /* the first listed wins, as on screen: bald here */
    /* Long hair lies over the scalp and hides it, except where the case plans work: a zone
     * is where the scalp shows (a part, a thinning area). */
    double cover = stp_sc_zone_scored(scn, stp_scenario_zone_at(scn, x, y)) ? 0.0 : 1.0;
    if (hr->length_mm <= LONG_HAIR_MM) {
      double seen = hr->length_mm < STUBBLE_SEEN_MM ? hr->length_mm : STUBBLE_SEEN_MM;
      cover = hr->density_per_cm2 / 100.0 * HAIRS_PER_UNIT * SHAFT_MM * seen;
      if (cover > 1) cover = 1;
    }
    for (int c = 0; c < 3; c++) rgb[c] = (float)(rgb[c] + cover * (hr->rgb[c] - rgb[c]));
    break;
  }
}

void stp_sc_look_free(stp_sc_look *lk) {
  free(lk->work); free(lk->plan); free(lk->base); free(lk->zone);
  memset(lk, 0, sizeof *lk);
}

/* A healed dot's cover (mm2): its opacity over the disc out to the middle of its soft edge
 * (which includes the dermal scatter, STP_PIGMENT_SCATTER_MM). */
double stp_sc_look_cover(const stp_dot_look *l) {
  double r = 0.5 * (l->diameter_mm + l->softness_mm);
  return l->opacity * 3.141592653589793 * r * r;
}

/* One pass of the Gaussian along a line of n cells (stride apart), src into dst; the weights
 * are renormalised where the kernel leaves the grid. */
static void blur_line(const float *src, float *dst, int n, size_t stride, const float *w, int rad) {
  for (int i = 0; i < n; i++) {
    float s0 = 0, s1 = 0, s2 = 0, ws = 0;
    int k0 = i - rad < 0 ? -i : -rad, k1 = i + rad >= n ? n - 1 - i : rad;
    for (int k = k0; k <= k1; k++) {
      const float *v = &src[(size_t)(i + k) * stride * 3];
      float wk = w[k < 0 ? -k : k];
      s0 += wk * v[0]; s1 += wk * v[1]; s2 += wk * v[2];
      ws += wk;
    }
    float *o = &dst[(size_t)i * stride * 3];
    o[0] = s0 / ws; o[1] = s1 / ws; o[2] = s2 / ws;
  }
}

static void blur(float *buf, float *tmp, int nx, int ny) {
  const int rad = (int)ceil(3.0 * LOOK_SIGMA_MM / LOOK_CELL_MM);
  float w[64];
  for (int k = 0; k <= rad; k++) w[k] = (float)exp(-0.5 * pow(k * LOOK_CELL_MM / LOOK_SIGMA_MM, 2));
  for (int j = 0; j < ny; j++) blur_line(&buf[(size_t)j * (size_t)nx * 3], &tmp[(size_t)j * (size_t)nx * 3], nx, 1, w, rad);
  for (int i = 0; i < nx; i++) blur_line(&tmp[(size_t)i * 3], &buf[(size_t)i * 3], ny, (size_t)nx, w, rad);
}

/* The impression the plan puts at (x, y): its needle, ink, pigment and depth. */
static stp_impression planned_impression(const stp_targets *t, double x, double y) {
  stp_impression ref = {x, y, t->angle_deg, t->depth_mm, t->needle_mm, t->ink, 1, 0, 0, (uint8_t)t->pigment, 0, 0, 0};
  return ref;
}

stp_status stp_sc_look_build(const stp_scenario *scn, const stp_sc_analysis *a, stp_sc_look *lk, stp_error *err) {
  memset(lk, 0, sizeof *lk);
  double x0 = INFINITY, y0 = INFINITY, x1 = -INFINITY, y1 = -INFINITY;
  for (int z = 0; z < scn->zone_count; z++) {
    if (!stp_sc_zone_scored(scn, z)) continue;
    double bx0, by0, bx1, by1;
    stp_shape_bounds(&scn->zones[z].shape, &bx0, &by0, &bx1, &by1);
    x0 = fmin(x0, bx0); y0 = fmin(y0, by0); x1 = fmax(x1, bx1); y1 = fmax(y1, by1);
  }
  if (!(x1 >= x0)) return STP_OK;   /* nothing to look at */
  lk->cell = LOOK_CELL_MM;
  lk->x0 = floor((x0 - LOOK_MARGIN_MM) / lk->cell) * lk->cell;
  lk->y0 = floor((y0 - LOOK_MARGIN_MM) / lk->cell) * lk->cell;
  lk->nx = (int)ceil((x1 + LOOK_MARGIN_MM - lk->x0) / lk->cell);
  lk->ny = (int)ceil((y1 + LOOK_MARGIN_MM - lk->y0) / lk->cell);
  size_t cells = (size_t)lk->nx * (size_t)lk->ny;
  if (cells > LOOK_MAX_CELLS) { lk->nx = lk->ny = 0; return STP_OK; }
  lk->work = malloc(cells * 3 * sizeof *lk->work);
  lk->plan = malloc(cells * 3 * sizeof *lk->plan);
  lk->base = malloc(cells * 3 * sizeof *lk->base);
  lk->zone = malloc(cells);
  float *tmp = malloc(cells * 3 * sizeof *tmp);
  if (!lk->work || !lk->plan || !lk->base || !lk->zone || !tmp) { free(tmp); stp_sc_look_free(lk); return stp_sc_nomem(err, a->n); }
  const double cell_mm2 = lk->cell * lk->cell;
  typedef struct plan_memo { stp_dot_look look; stp_tissue_at tissue; bool valid; } plan_memo;
  plan_memo memo[STP_SCN_MAX_ZONES];
  memset(memo, 0, sizeof memo);
  for (int j = 0; j < lk->ny; j++)
    for (int i = 0; i < lk->nx; i++) {
      size_t c = (size_t)j * (size_t)lk->nx + (size_t)i;
      double x = lk->x0 + (i + 0.5) * lk->cell, y = lk->y0 + (j + 0.5) * lk->cell;
      stp_sc_look_base(scn, x, y, &lk->base[c * 3]);
      memcpy(&lk->work[c * 3], &lk->base[c * 3], 3 * sizeof(float));
      memcpy(&lk->plan[c * 3], &lk->base[c * 3], 3 * sizeof(float));
      /* The plan: the target density of planned impressions. */
      stp_targets t = stp_field_targets(a->ctx, x, y);
      lk->zone[c] = (signed char)t.zone;
      if (!stp_sc_zone_scored(scn, t.zone) || !(t.density_per_cm2 > 0)) continue;
      stp_impression ref = planned_impression(&t, x, y);
      /* The planned dot is the same wherever the zone's ink and depth are constant and the
       * tissue is the same: computed once per zone and tissue. */
      const stp_zone *zn = &scn->zones[t.zone];
      stp_tissue_at ts;   /* uptake, spread and depth window: a zone's tissue may set any */
      stp_pigment_tissue_at(scn, x, y, &ts);
      plan_memo *pm = &memo[t.zone];
      bool same = zn->ink_field.kind == STP_FIELD_CONST && zn->depth_field.kind == STP_FIELD_CONST && pm->valid &&
                  pm->tissue.uptake == ts.uptake && pm->tissue.spread == ts.spread &&
                  pm->tissue.shallow_mm == ts.shallow_mm && pm->tissue.deep_mm == ts.deep_mm;
      if (!same) {
        pm->look = stp_pigment_look(&ref, scn, true);
        pm->tissue = ts; pm->valid = true;
      }
      const stp_dot_look l = pm->look;
      double cover = stp_sc_look_cover(&l) * t.density_per_cm2 / 100.0;
      for (int q = 0; q < 3; q++) lk->plan[c * 3 + q] += (float)(cover * (l.rgb[q] - lk->base[c * 3 + q]));
    }
  /* The work's dots, summed in fixed point so the order of the rows changes nothing. */
  int64_t *acc = calloc(cells * 3, sizeof *acc);
  if (!acc) { free(tmp); stp_sc_look_free(lk); return stp_sc_nomem(err, a->n); }
  for (size_t k = 0; k < a->n; k++) {
    const stp_impression *imp = &a->w->items[k];
    double fi = floor((imp->x_mm - lk->x0) / lk->cell), fj = floor((imp->y_mm - lk->y0) / lk->cell);
    if (fi < 0 || fj < 0 || fi >= lk->nx || fj >= lk->ny) continue;
    size_t c = (size_t)fj * (size_t)lk->nx + (size_t)fi;
    const float *h = &a->healed[k * 4];   /* cover (mm2) and colour, from the analysis */
    double cover = h[0] / cell_mm2;
    if (cover > 1) cover = 1;   /* a dot covers its cell at most: each sum stays within 4M x 1e12 */
    for (int q = 0; q < 3; q++) acc[c * 3 + q] += llround(cover * (h[1 + q] - lk->base[c * 3 + q]) * LOOK_FX);
  }
  for (size_t k = 0; k < cells * 3; k++) {   /* cover cannot exceed the pigment: clamp to 0..1 */
    double v = lk->work[k] + (double)acc[k] / LOOK_FX;
    lk->work[k] = (float)(v < 0 ? 0 : v > 1 ? 1 : v);
  }
  free(acc);
  blur(lk->work, tmp, lk->nx, lk->ny);
  blur(lk->plan, tmp, lk->nx, lk->ny);
  blur(lk->base, tmp, lk->nx, lk->ny);   /* untreated, as seen from 1 m too */
  free(tmp);
  return STP_OK;
}

/* The colour difference of the bare scalp's tone against the plan's at (x, y) (the plan's own
 * contrast); 0 off the grid. */
double stp_sc_look_contrast(const stp_sc_look *lk, double x, double y) {
  double fi = floor((x - lk->x0) / lk->cell), fj = floor((y - lk->y0) / lk->cell);
  if (!lk->work || fi < 0 || fj < 0 || fi >= lk->nx || fj >= lk->ny) return 0;
  size_t c = (size_t)fj * (size_t)lk->nx + (size_t)fi;
  double lb[3], lp[3];
  float b[3];
  memcpy(b, &lk->base[c * 3], sizeof b);
  lab_of(b, lb);
  lab_of(&lk->plan[c * 3], lp);
  return de_of(lb, lp);
}

/* The colour difference of the work's tone against the plan's at (x, y); NAN off the grid. */
double stp_sc_look_de(const stp_sc_look *lk, double x, double y) {
  if (!lk->work) return NAN;
  double fi = floor((x - lk->x0) / lk->cell), fj = floor((y - lk->y0) / lk->cell);
  if (fi < 0 || fj < 0 || fi >= lk->nx || fj >= lk->ny) return NAN;
  size_t c = (size_t)fj * (size_t)lk->nx + (size_t)fi;
  double lw[3], lp[3];
  lab_of(&lk->work[c * 3], lw);
  lab_of(&lk->plan[c * 3], lp);
  return de_of(lw, lp);
}

/* Camouflage of one scar: the work's mean tone over the scar against the ring around it. */
/* One scar against the ring 3-10 mm around it: the colour difference of their mean tones in
 * the work (*work), the plan (*plan) and untreated (*before). Returns the scar's area in
 * cells (0: nothing to compare). */
static double scar_contrast(const stp_scenario *scn, const stp_sc_look *lk, const stp_shape *s, double *work,
                            double *plan, double *before) {
  double bx0, by0, bx1, by1;
  stp_shape_bounds(s, &bx0, &by0, &bx1, &by1);
  int i0 = (int)floor((bx0 - RING_OUT_MM - lk->x0) / lk->cell), i1 = (int)ceil((bx1 + RING_OUT_MM - lk->x0) / lk->cell);
  int j0 = (int)floor((by0 - RING_OUT_MM - lk->y0) / lk->cell), j1 = (int)ceil((by1 + RING_OUT_MM - lk->y0) / lk->cell);
  const float *src[3] = {lk->work, lk->plan, lk->base};
  double in[3][3] = {{0}}, ring[3][3] = {{0}};
  size_t nin = 0, nring = 0;
  for (int j = j0 < 0 ? 0 : j0; j <= j1 && j < lk->ny; j++)
    for (int i = i0 < 0 ? 0 : i0; i <= i1 && i < lk->nx; i++) {
      double x = lk->x0 + (i + 0.5) * lk->cell, y = lk->y0 + (j + 0.5) * lk->cell;
      double d = stp_shape_signed_distance(s, x, y);
      size_t c = ((size_t)j * (size_t)lk->nx + (size_t)i) * 3;
      double (*acc)[3] = NULL;
      if (d <= 0.5 * lk->cell) {
        acc = in;
        nin++;
      } else if (d >= RING_IN_MM && d <= RING_OUT_MM && stp_sc_zone_scored(scn, stp_scenario_zone_at(scn, x, y))) {
        bool other = false;   /* keep other scars out of the ring */
        for (int p = 0; p < scn->patch_count && !other; p++)
          other = scn->patches[p].kind != STP_PATCH_ALOPECIA && stp_shape_contains(&scn->patches[p].shape, x, y);
        if (other) continue;
        acc = ring;
        nring++;
      }
      for (int k = 0; acc && k < 3; k++)
        for (int q = 0; q < 3; q++) acc[k][q] += src[k][c + (size_t)q];
    }
  if (!nin || !nring) return 0;
  double out[3];
  for (int k = 0; k < 3; k++) {
    float a[3], b[3];
    for (int q = 0; q < 3; q++) { a[q] = (float)(in[k][q] / (double)nin); b[q] = (float)(ring[k][q] / (double)nring); }
    double la[3], lb[3];
    lab_of(a, la);
    lab_of(b, lb);
    out[k] = de_of(la, lb);
  }
  *work = out[0]; *plan = out[1]; *before = out[2];
  return (double)nin;
}

stp_status stp_sc_look_score(const stp_scenario *scn, const stp_sc_analysis *a, stp_score_result *r,
                       stp_criterion_result *c, stp_error *err) {
  const stp_rubric_item *it = &scn->rubric.items[STP_CRIT_LOOK];
  stp_sc_look lk;
  stp_status st = stp_sc_look_build(scn, a, &lk, err);
  if (st != STP_OK) return st;
  /* Per zone: the mean difference over its cells, against the plan's own contrast there (the
   * mean difference between the bare scalp and the plan): 0 looks as planned, 1 as far off
   * as doing nothing. */
  double zsum[STP_SCN_MAX_ZONES] = {0}, zref[STP_SCN_MAX_ZONES] = {0};
  size_t zn[STP_SCN_MAX_ZONES] = {0};
  /* Every other cell each way: the tones are blurred over 1.5 mm, so 2 mm samples them. */
  for (int j = 0; j < lk.ny; j += LOOK_EVAL_STRIDE)
    for (int i = 0; i < lk.nx; i += LOOK_EVAL_STRIDE) {
      double x = lk.x0 + (i + 0.5) * lk.cell, y = lk.y0 + (j + 0.5) * lk.cell;
      int z = lk.zone[(size_t)j * (size_t)lk.nx + (size_t)i];
      if (!stp_sc_zone_scored(scn, z)) continue;
      zsum[z] += stp_sc_look_de(&lk, x, y);
      zref[z] += stp_sc_look_contrast(&lk, x, y);
      zn[z]++;
    }
  double acc = 0, wsum = 0, all = 0, allref = 0, worst_e = -1;
  size_t alln = 0;
  int worst = -1;
  for (int z = 0; z < scn->zone_count; z++) {
    if (!zn[z]) continue;
    double e = zref[z] > 0 ? zsum[z] / zref[z] : 0;
    acc += stp_sc_linear(e, it->tolerance, it->zero) * (double)zn[z];
    wsum += (double)zn[z];
    all += zsum[z]; allref += zref[z]; alln += zn[z];
    if (e > worst_e) { worst_e = e; worst = z; }
  }
  double look_score = wsum > 0 ? acc / wsum : 0;
  r->look_delta_e = alln ? all / (double)alln : 0;
  r->look_contrast_delta_e = alln ? allref / (double)alln : 0;
  r->look_error = allref > 0 ? all / allref : 0;
  /* Camouflage: every scar patch, or scar zones with no patch in them. The share of the
   * scar's untreated contrast that the work leaves beyond what the plan leaves (a plan cannot
   * always hide a pale scar in one session; the work is asked to do as well as the plan). */
  double sw = 0, sp = 0, sb = 0, cam_area = 0;
  for (int pass = 0; pass < 2 && cam_area == 0 && lk.work; pass++) {
    int n = pass == 0 ? scn->patch_count : scn->zone_count;
    for (int k = 0; k < n; k++) {
      if (pass == 0 && scn->patches[k].kind == STP_PATCH_ALOPECIA) continue;
      if (pass == 1 && scn->zones[k].role != STP_ZONE_SCAR) continue;
      double w_, p_, b_;
      double area = scar_contrast(scn, &lk, pass == 0 ? &scn->patches[k].shape : &scn->zones[k].shape, &w_, &p_, &b_);
      if (!(area > 0)) continue;
      sw += w_ * area; sp += p_ * area; sb += b_ * area; cam_area += area;
    }
  }
  r->look_scars = cam_area > 0;
  r->look_camouflage_delta_e = cam_area > 0 ? sw / cam_area : 0;
  r->look_camouflage_plan_delta_e = cam_area > 0 ? sp / cam_area : 0;
  r->look_camouflage_before_delta_e = cam_area > 0 ? sb / cam_area : 0;
  r->look_camouflage = sb > 0 ? fmax(0, sw - sp) / sb : 0;
  double cam_score = r->look_scars ? stp_sc_linear(r->look_camouflage, it->tolerance, it->zero) : 100;
  c->score = look_score < cam_score ? look_score : cam_score;
  stp_sc_look_free(&lk);
  if (worst < 0) {
    snprintf(c->figures, sizeof c->figures, "nothing to look at: no scored zone");
    snprintf(c->advice, sizeof c->advice, "Place impressions in the zones.");
    return STP_OK;
  }
  size_t len = (size_t)snprintf(c->figures, sizeof c->figures,
                                "from 1 m the tone is off the plan's by ΔE %.1f, %.0f%% of the plan's own "
                                "contrast with bare skin (ΔE %.1f); worst %s, %.0f%% (full marks within %g%%, "
                                "none from %g%%)",
                                r->look_delta_e, 100 * r->look_error, r->look_contrast_delta_e,
                                stp_sc_zone_label(&scn->zones[worst]), 100 * worst_e, 100 * it->tolerance, 100 * it->zero);
  if (r->look_scars && len < sizeof c->figures)
    snprintf(c->figures + len, sizeof c->figures - len,
             "; the scars show against the skin around them by ΔE %.1f (the plan's %.1f, untreated %.1f): "
             "%.0f%% of their contrast beyond the plan's",
             r->look_camouflage_delta_e, r->look_camouflage_plan_delta_e, r->look_camouflage_before_delta_e,
             100 * r->look_camouflage);
  if (c->score >= 100)
    snprintf(c->advice, sizeof c->advice, "From a normal distance the work reads as the planned, even tone%s.",
             r->look_scars ? " and the scars disappear into it" : "");
  else if (cam_score < look_score)
    snprintf(c->advice, sizeof c->advice,
             "From a metre away the scar still shows against the scalp around it: build its density "
             "and shade up until its tone matches its surroundings (the look map shows it).");
  else
    snprintf(c->advice, sizeof c->advice,
             "From a metre away %s reads %s: its overall tone does not match the plan (the look map shows "
             "where: bare patches read light, crowded or too dark ones read as a shadow or a helmet).",
             stp_sc_zone_label(&scn->zones[worst]), "uneven or off-tone");
  return STP_OK;
}
