/* proof_scenario.h - the scenario the scoring proof tests and the CLI tests share:
 * a curved soft hairline (density ramp), a top zone whose grain is the head's natural
 * flow, and a forbidden forehead; every criterion on. Header-only (static functions). */
#ifndef PROOF_SCENARIO_H
#define PROOF_SCENARIO_H

#include <string.h>
#include "stp_scenario.h"

static void proof_scenario(stp_scenario *s) {
  stp_scenario_defaults(s);
  strcpy(s->id, "proof");
  s->zone_count = 3;
  stp_zone *z = &s->zones[0];
  memset(z, 0, sizeof *z);
  strcpy(z->id, "hairline"); strcpy(z->name, "Hairline");
  z->role = STP_ZONE_HAIRLINE;
  /* The designed line curves back toward the temples: y = 75 + 0.004 x^2. */
  z->shape.kind = STP_SHAPE_POLYGON;
  int n = 0;
  for (int i = 0; i <= 12; i++) {
    double x = -30 + 5.0 * i;
    z->shape.pts[n++] = (stp_point){x, 75 + 0.004 * x * x};
  }
  z->shape.pts[n++] = (stp_point){30, 100};
  z->shape.pts[n++] = (stp_point){-30, 100};
  z->shape.n = n;
  z->density_per_cm2 = 40; z->density_tolerance = 6;
  z->density_field = (stp_field){.kind = STP_FIELD_RAMP, .from = 10, .to = 40, .width = 12};
  z->angle_deg = 270; z->ink = 0.5; z->depth_mm = 1.0;

  z = &s->zones[1];
  memset(z, 0, sizeof *z);
  strcpy(z->id, "top"); strcpy(z->name, "Top");
  z->shape = stp_shape_rect(-30, 100, 60, 50);
  z->density_per_cm2 = 40; z->density_tolerance = 6;
  z->angle_field = (stp_field){.kind = STP_FIELD_FLOW, .cx = 10, .cy = 190, .sense = 1};
  z->angle_deg = 270; z->ink = 0.5; z->depth_mm = 1.0;

  z = &s->zones[2];
  memset(z, 0, sizeof *z);
  strcpy(z->id, "forehead"); strcpy(z->name, "Forehead");
  z->role = STP_ZONE_FORBIDDEN;
  z->shape = stp_shape_rect(-40, 40, 80, 30);
  z->ink = 0.5; z->depth_mm = 1.0;

  for (int i = 0; i < STP_CRIT_COUNT; i++) s->rubric.items[i].enabled = true;
  s->rubric.pattern_weight = 0.5;
  s->view_x0 = -45; s->view_y0 = 35; s->view_x1 = 45; s->view_y1 = 155;
}

#endif
