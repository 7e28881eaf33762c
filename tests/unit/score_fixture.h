/* score_fixture.h - the scoring tests' common case (test_score.c, test_score_layouts.c,
 * test_score_map.c): one 10 x 10 mm zone, exactly 1 cm2, at x -5..5, y 150..160; target
 * 40 +- 6 per cm2, grain 270 deg, ink 0.5, depth 1 mm; the default rubric. */
#ifndef STP_TEST_SCORE_FIXTURE_H
#define STP_TEST_SCORE_FIXTURE_H

#include <string.h>

#include "stp_scenario.h"

static inline void one_zone(stp_scenario *s) {
  stp_scenario_defaults(s);
  s->zone_count = 1;
  stp_zone *z = &s->zones[0];
  memset(z, 0, sizeof *z);
  strcpy(z->id, "field");
  strcpy(z->name, "Field");
  z->shape = stp_shape_rect(-5, 150, 10, 10);
  z->density_per_cm2 = 40;
  z->density_tolerance = 6;
  z->angle_deg = 270; z->ink = 0.5; z->depth_mm = 1.0;
}

#endif
