/* stp_shade.c - see stp_shade.h. */
#include "stp_shade.h"

#include <math.h>
#include "stp_colour.h"
#include "stp_pigment.h"

void stp_shade_zone_point(const stp_scenario *s, int z, double *x, double *y) {
  const stp_shape *sh = &s->zones[z].shape;
  double x0, y0, x1, y1;
  stp_shape_bounds(sh, &x0, &y0, &x1, &y1);
  double cx = 0.5 * (x0 + x1), cy = 0.5 * (y0 + y1);
  *x = cx; *y = cy;
  if (stp_shape_contains(sh, cx, cy)) return;
  double best = INFINITY;
  for (int j = 0; j <= 32; j++)
    for (int i = 0; i <= 32; i++) {
      double px = x0 + (x1 - x0) * (i + 0.5) / 33.0, py = y0 + (y1 - y0) * (j + 0.5) / 33.0;
      double d = (px - cx) * (px - cx) + (py - cy) * (py - cy);
      if (d < best && stp_shape_contains(sh, px, py)) { best = d; *x = px; *y = py; }
    }
}

void stp_shade_zone_hair(const stp_scenario *s, int z, float rgb[3]) {
  static const unsigned char def[3] = STP_SHADE_DEFAULT_HAIR_SRGB;
  for (int c = 0; c < 3; c++) rgb[c] = stp_colour_srgb8_to_linear(def[c]);
  if (s->hair_count < 1) return;
  double x, y;
  if (s->has_part) { x = 0.5 * (s->part_x0 + s->part_x1); y = 0.5 * (s->part_y0 + s->part_y1); }
  else stp_shade_zone_point(s, z, &x, &y);
  int best = -1;
  double bd = INFINITY;
  for (int i = 0; i < s->hair_count && best < 0; i++)
    if (stp_shape_contains(&s->hair[i].shape, x, y)) best = i;
  if (best < 0) {   /* the nearest region: distance to its bounds (first on ties) */
    int near = 0;
    for (int i = 0; i < s->hair_count; i++) {
      double x0, y0, x1, y1;
      stp_shape_bounds(&s->hair[i].shape, &x0, &y0, &x1, &y1);
      double dx = x < x0 ? x0 - x : x > x1 ? x - x1 : 0, dy = y < y0 ? y0 - y : y > y1 ? y - y1 : 0;
      double d = dx * dx + dy * dy;
      if (d < bd) { bd = d; near = i; }
    }
    best = near;
  }
  for (int c = 0; c < 3; c++) rgb[c] = s->hair[best].rgb[c];
}

void stp_shade_healed_rgb(const stp_scenario *s, const stp_impression *imp, float rgb[3]) {
  stp_dot_look l = stp_pigment_look(imp, s, true);
  stp_pigment_center_rgb(&l, s->skin.rgb, rgb);
}

void stp_shade_healed_lab(const stp_scenario *s, const stp_impression *imp, double lab[3]) {
  float rgb[3];
  stp_shade_healed_rgb(s, imp, rgb);
  stp_colour_lab(rgb, lab);
}

/* The impression the plan stands for in zone z. */
static stp_impression plan_dot(const stp_scenario *s, int z, int pigment, double ink) {
  stp_impression imp = {0};
  stp_shade_zone_point(s, z, &imp.x_mm, &imp.y_mm);
  imp.angle_deg = s->zones[z].angle_deg;
  imp.depth_mm = s->zones[z].depth_mm;
  imp.needle_mm = stp_scenario_zone_needle(s, z);
  imp.ink = ink;
  imp.pigment = (uint8_t)(pigment < 0 ? 0 : pigment);
  imp.session = 1;
  return imp;
}

void stp_shade_zone_target(const stp_scenario *s, int z, float rgb[3]) {
  const stp_zone *zn = &s->zones[z];
  if (zn->shade_source == STP_SHADE_COLOUR) {
    for (int c = 0; c < 3; c++) rgb[c] = zn->shade_rgb[c];
  } else if (zn->shade_source == STP_SHADE_HAIR) {
    float hair[3];
    stp_shade_zone_hair(s, z, hair);
    for (int c = 0; c < 3; c++)
      rgb[c] = (float)(s->skin.rgb[c] * (1.0 - STP_SHADE_HAIR_COVERAGE) + hair[c] * STP_SHADE_HAIR_COVERAGE);
  } else {
    stp_impression imp = plan_dot(s, z, zn->pigment, zn->ink);
    stp_shade_healed_rgb(s, &imp, rgb);
  }
}

double stp_shade_best(const stp_scenario *s, int z, const double target_lab[3], int pigment, double ink,
                      int *best_pigment, double *best_ink) {
  double best = INFINITY;
  *best_pigment = pigment >= 0 ? pigment : 0;
  *best_ink = ink > 0 ? ink : s->ink_count > 0 ? s->inks[0] : 0.5;
  int np = s->pigment_count > 0 ? s->pigment_count : 1;
  int ni = ink > 0 ? 1 : s->ink_count;
  for (int p = 0; p < np; p++) {
    if (pigment >= 0 && p != pigment) continue;
    for (int i = 0; i < ni; i++) {
      double k = ink > 0 ? ink : s->inks[i];
      stp_impression imp = plan_dot(s, z, p, k);
      double lab[3];
      stp_shade_healed_lab(s, &imp, lab);
      double d = stp_colour_de00(lab, target_lab);
      if (d < best) { best = d; *best_pigment = p; *best_ink = k; }
    }
  }
  return best;
}

void stp_shade_plan(stp_scenario *s) {
  for (int z = 0; z < s->zone_count; z++) {
    stp_zone *zn = &s->zones[z];
    if (zn->shade_source == STP_SHADE_PLAN || zn->role == STP_ZONE_FORBIDDEN) continue;   /* a done zone's
                                                                                          shade is its expert's */
    if (!zn->ink_auto && !zn->pigment_auto) continue;
    float rgb[3];
    double lab[3], ink;
    int pig;
    stp_shade_zone_target(s, z, rgb);
    stp_colour_lab(rgb, lab);
    stp_shade_best(s, z, lab, zn->pigment_auto ? -1 : zn->pigment, zn->ink_auto ? 0 : zn->ink, &pig, &ink);
    if (zn->pigment_auto) zn->pigment = pig;
    if (zn->ink_auto) zn->ink = ink;
  }
}
