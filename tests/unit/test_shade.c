/* The palette and the shade plan: on every Fitzpatrick type the planned pigment, dilution,
 * needle and depth heal to the client's hair within the shade tolerance, and each wrong
 * choice (one dilution step lighter or darker, the wrong pigment, too deep, too shallow)
 * misses it. Also: scar tissue counts once, and the scorer agrees with the plan.
 * STIPPLE_SHADE_TABLE=1 prints the calibration table of docs/scoring.md. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "stp_test.h"

#include "stp_colour.h"
#include "stp_kit.h"
#include "stp_pigment.h"
#include "stp_score.h"
#include "stp_shade.h"

/* "Clearly above tolerance": at least 10 % past it. */
#define CLEAR 1.1

static void srgb(unsigned v, float out[3]) {
  for (int c = 0; c < 3; c++) out[c] = stp_colour_srgb8_to_linear((unsigned char)(v >> (16 - 8 * c)));
}

/* A one-zone case on Fitzpatrick type fitz with stubble of colour hair all around. */
static void client(stp_scenario *s, int fitz, unsigned hair) {
  stp_scenario_defaults(s);
  s->skin.fitzpatrick = fitz;
  stp_skin_tone(fitz, s->skin.rgb);
  s->hair_count = 1;
  s->hair[0].shape = stp_shape_rect(-100, 60, 200, 300);
  s->hair[0].density_per_cm2 = 80;
  s->hair[0].length_mm = 0.5;
  srgb(hair, s->hair[0].rgb);
  s->zone_count = 1;
  stp_zone *z = &s->zones[0];
  memset(z, 0, sizeof *z);
  strcpy(z->id, "top");
  z->shape = stp_shape_rect(-20, 120, 40, 30);
  z->density_per_cm2 = 30; z->density_tolerance = 5;
  z->angle_deg = 270; z->depth_mm = 1.0; z->ink = 0.5;
  z->shade_source = STP_SHADE_HAIR;
  z->ink_auto = z->pigment_auto = true;
  stp_shade_plan(s);
}

/* ΔE00 of a dot in the zone's middle against the zone's target. */
static double miss(const stp_scenario *s, int pigment, double ink, double depth, double needle) {
  stp_impression imp = {0, 135, 270, depth, needle, ink, 1, 0, 0, (uint8_t)pigment, 0, 0, 0};
  float t[3];
  double tl[3], l[3];
  stp_shade_zone_target(s, 0, t);
  stp_colour_lab(t, tl);
  stp_shade_healed_lab(s, &imp, l);
  return stp_colour_de00(l, tl);
}

/* The kit's inks sorted strong to weak; the index of ink v in it. */
static int ladder(const stp_scenario *s, double *v, double ink) {
  int n = s->ink_count, at = -1;
  memcpy(v, s->inks, (size_t)n * sizeof *v);
  for (int i = 0; i < n; i++)
    for (int j = i + 1; j < n; j++)
      if (v[j] > v[i]) { double t = v[i]; v[i] = v[j]; v[j] = t; }
  for (int i = 0; i < n; i++) if (v[i] == ink) at = i;
  return at;
}

static void right_choice_reaches_hair_wrong_ones_miss(void **state) {
  (void)state;
  bool table = getenv("STIPPLE_SHADE_TABLE") && getenv("STIPPLE_SHADE_TABLE")[0] == '1';
  if (table)
    printf("| Fitzpatrick | hair | plan | right | 1 step lighter | 1 step darker | wrong pigment | "
           "too deep (+0.7 mm) | too shallow (0.25 mm) |\n|---|---|---|---|---|---|---|---|---|\n");
  for (int fitz = 1; fitz <= 6; fitz++) {
    /* Brown stubble on types I-IV, black on V-VI (the usual clients of each). */
    bool brown = fitz <= 4;
    stp_scenario s;
    client(&s, fitz, brown ? 0x6a4428 : 0x141414);
    const stp_zone *z = &s.zones[0];
    double tol = s.rubric.items[STP_CRIT_SHADE].tolerance;
    /* The plan matches the hair's pigment: dark brown for brown hair, carbon for black. */
    int brown_i = stp_scenario_find_pigment(&s, "dark-brown"), carbon_i = stp_scenario_find_pigment(&s, "carbon-black");
    assert_int_equal(z->pigment, brown ? brown_i : carbon_i);
    double needle = stp_scenario_zone_needle(&s, 0);
    assert_float_equal(needle, 0.25, 1e-12);   /* the default kit's needle nearest 0.25 mm */
    double right = miss(&s, z->pigment, z->ink, z->depth_mm, needle);
    assert_true(right <= tol);
    /* No kit choice is nearer than the plan. */
    for (int p = 0; p < s.pigment_count; p++)
      for (int i = 0; i < s.ink_count; i++) assert_true(miss(&s, p, s.inks[i], z->depth_mm, needle) >= right - 1e-12);
    double v[STP_SCN_MAX_INKS];
    int at = ladder(&s, v, z->ink);
    assert_true(at >= 0);
    double lighter = at + 1 < s.ink_count ? miss(&s, z->pigment, v[at + 1], z->depth_mm, needle) : NAN;
    double darker = at > 0 ? miss(&s, z->pigment, v[at - 1], z->depth_mm, needle) : NAN;
    if (!isnan(lighter)) assert_true(lighter > CLEAR * tol);
    if (!isnan(darker)) assert_true(darker > CLEAR * tol);
    assert_true(!isnan(lighter) || !isnan(darker));
    double wrong = miss(&s, brown ? carbon_i : brown_i, z->ink, z->depth_mm, needle);
    assert_true(wrong > CLEAR * tol);
    double deep = miss(&s, z->pigment, z->ink, s.depth.deep_mm + 0.7, needle);
    double shallow = miss(&s, z->pigment, z->ink, 0.25, needle);
    assert_true(deep > CLEAR * tol);
    assert_true(shallow > CLEAR * tol);
    if (table)
      printf("| %d | %s | %s %.2f | %.2f | %.2f | %.2f | %.2f (%s) | %.2f | %.2f |\n", fitz, brown ? "brown #6a4428" : "black #141414",
             s.pigments[z->pigment].id, z->ink, right, lighter, darker, wrong, brown ? "carbon-black" : "dark-brown", deep, shallow);
  }
}

/* Scar tissue takes less pigment: counted once, the plan compensates with a stronger ink,
 * and an expert work in the scar reaches the target (shade scores full marks). */
static void scar_zone_expert_reaches_target(void **state) {
  (void)state;
  stp_scenario s, plain;
  client(&plain, 3, 0x141414);
  client(&s, 3, 0x141414);
  s.zones[0].role = STP_ZONE_SCAR;
  s.zones[0].uptake = 0.7;
  s.zones[0].ink_auto = s.zones[0].pigment_auto = true;
  stp_shade_plan(&s);
  double tol = s.rubric.items[STP_CRIT_SHADE].tolerance;
  /* Less uptake: the plan's ink is at least as strong as on plain skin. */
  assert_true(s.zones[0].ink >= plain.zones[0].ink);
  /* One scar dot's healed opacity is 0.7 of the same dot on plain skin (uptake once). */
  stp_impression d = {0, 135, 270, 1.0, 0.25, 0.75, 1, 0, 0, 0, 0, 0, 0};
  double on_scar = stp_pigment_look(&d, &s, true).opacity, on_skin = stp_pigment_look(&d, &plain, true).opacity;
  assert_float_equal(on_scar / on_skin, 0.7, 1e-9);
  /* An expert work: the plan's tools, on a 5 mm grid across the scar. */
  for (int src = 0; src < 2; src++) {
    s.rubric.items[STP_CRIT_SHADE].enabled = true;
    s.zones[0].shade_source = src ? STP_SHADE_PLAN : STP_SHADE_HAIR;
    stp_work w;
    stp_work_init(&w);
    for (int k = 0; k < 48; k++) {
      stp_impression imp = {-17.5 + 5 * (k % 8), 122.5 + 5 * (k / 8), 270, 1.0, 0.25, s.zones[0].ink, 1, k, 0,
                            (uint8_t)s.zones[0].pigment, 0, 0, 0};
      assert_int_equal(stp_work_push(&w, &imp, NULL, NULL), STP_OK);
    }
    assert_int_equal(stp_work_check_kit(&w, &s, NULL, NULL), STP_OK);
    stp_score_result r;
    assert_int_equal(stp_score_work(&s, &w, &r, NULL, NULL), STP_OK);
    assert_true(r.shade_delta_e <= tol);
    if (src) assert_true(r.shade_delta_e < 1e-6);   /* the plan itself: the same dot */
    /* Full marks on the colour, scaled by the evidence: 48 dots of the 40 x 30 mm zone's
     * 30/cm2 x 12 cm2 = 360 planned, of which half (180) earn full marks: 48 / 180. */
    assert_float_equal(r.criteria[STP_CRIT_SHADE].score, 100.0 * 48.0 / 180.0, 1e-9);
    stp_work_free(&w);
  }
}

/* The dot's pigment colours it: the same dot in carbon and in dark brown differ, and the
 * brown one is warmer (b* higher). */
static void pigment_colours_the_dot(void **state) {
  (void)state;
  stp_scenario s;
  client(&s, 2, 0x141414);
  int carbon = stp_scenario_find_pigment(&s, "carbon-black"), brown = stp_scenario_find_pigment(&s, "dark-brown");
  stp_impression a = {0, 135, 270, 1.0, 0.25, 1.0, 1, 0, 0, (uint8_t)carbon, 0, 0, 0}, b = a;
  b.pigment = (uint8_t)brown;
  double la[3], lb[3];
  stp_shade_healed_lab(&s, &a, la);
  stp_shade_healed_lab(&s, &b, lb);
  assert_true(lb[2] > la[2] + 3);
  assert_true(stp_colour_de00(la, lb) > 2);
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(right_choice_reaches_hair_wrong_ones_miss),
    cmocka_unit_test(scar_zone_expert_reaches_target),
    cmocka_unit_test(pigment_colours_the_dot),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
