/* stp_pace.c - the impressions a case asks for and the time they take. */
#include "stp_pace.h"

#include <stdlib.h>

#include "stp_field.h"
#include "stp_shape.h"

double stp_pace_expected_impressions(const stp_scenario *scn) {
  stp_field_ctx *ctx = malloc(sizeof *ctx);
  if (!ctx) return 0;
  stp_field_init(ctx, scn);
  double total = 0;
  for (int z = 0; z < scn->zone_count && z < STP_SCN_MAX_ZONES; z++) {
    if (scn->zones[z].role == STP_ZONE_FORBIDDEN) continue;
    total += ctx->mean_density[z] * stp_shape_area_mm2(&scn->zones[z].shape) / 100.0;
  }
  free(ctx);
  return total;
}

double stp_pace_minutes(double impressions, double per_second) {
  if (!(per_second > 0) || !(impressions > 0)) return 0;
  return impressions / per_second / 60.0;
}
