/* stp_pace.c - the impressions a case asks and the minutes they take (see stp_pace.h). */
#include "stp_pace.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "stp_field.h"
#include "stp_heal.h"

#define CELL_MM 0.25
#define MAX_SIDE 2000

/* The mean of zone z's density field over its area: the centres of cells of at most
 * CELL_MM (at most MAX_SIDE a side) over its bounds that lie in its shape. */
static double mean_density(const stp_field_ctx *ctx, int z) {
  double x0, y0, x1, y1;
  stp_shape_bounds(&ctx->scn->zones[z].shape, &x0, &y0, &x1, &y1);
  int nx = (int)fmin(MAX_SIDE, fmax(1, ceil((x1 - x0) / CELL_MM)));
  int ny = (int)fmin(MAX_SIDE, fmax(1, ceil((y1 - y0) / CELL_MM)));
  return stp_field_zone_mean(ctx, z, nx, ny);
}

static double zone_impressions(const stp_field_ctx *ctx, int z) {
  const stp_zone *zn = &ctx->scn->zones[z];
  if (!stp_scenario_zone_worked(ctx->scn, z)) return 0;
  double d = zn->density_field.kind == STP_FIELD_CONST ? zn->density_per_cm2 : mean_density(ctx, z);
  return d * stp_shape_area_mm2(&zn->shape) / 100.0;
}

double stp_pace_zone_impressions(const stp_scenario *s, int z) {
  if (z < 0 || z >= s->zone_count) return 0;
  stp_field_ctx *ctx = malloc(sizeof *ctx);
  if (!ctx) return 0;
  stp_field_init(ctx, s);
  double v = zone_impressions(ctx, z);
  free(ctx);
  return v;
}

stp_status stp_pace_expected(const stp_scenario *s, double per_s, stp_pace *out, stp_error *err) {
  memset(out, 0, sizeof *out);
  if (!(per_s > 0)) per_s = STP_PACE_PER_S;
  stp_scenario *last = malloc(sizeof *last);
  stp_field_ctx *ctx = malloc(sizeof *ctx);
  if (!last || !ctx) {
    free(last);
    free(ctx);
    return stp_error_set(err, STP_ERR_NOMEM, s->path, 0, "out of memory while estimating the case's time");
  }
  /* What the trainee has placed by the end of the last session (the final targets when no
   * zone has a plan for it). */
  stp_scenario_for_session(s, s->sessions, last);
  stp_field_init(ctx, last);
  double old[STP_SCN_MAX_ZONES] = {0};
  stp_status st = STP_OK;
  if (s->history.set) {
    stp_work hist;
    st = stp_heal_history(s, &hist, err);
    if (st == STP_OK) {
      for (size_t i = 0; i < hist.count; i++) {
        int z = stp_scenario_zone_at(s, hist.items[i].x_mm, hist.items[i].y_mm);
        if (stp_scenario_zone_worked(s, z)) old[z] += 1;
      }
      stp_work_free(&hist);
    }
  }
  for (int z = 0; st == STP_OK && z < last->zone_count; z++) {
    double plan = zone_impressions(ctx, z);
    out->planned += plan;
    out->already += old[z];
    out->impressions += fmax(0.0, plan - old[z]);
  }
  out->minutes = out->impressions / per_s / 60.0;
  free(ctx);
  free(last);
  return st;
}

double stp_pace_minutes(const stp_scenario *s) {
  stp_pace p;
  stp_error err;
  stp_error_clear(&err);
  return stp_pace_expected(s, 0, &p, &err) == STP_OK ? p.minutes : -1;
}
