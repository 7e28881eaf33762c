/* test_script.c - engine/script: scenario files in the Lua sandbox.
 *
 *  - the bundled scenario (scenarios/01_practice_field.lua) gives the expected fields;
 *  - every file in tests/scenarios/good loads, and some are checked field by field;
 *  - every file in tests/scenarios/bad fails with the status and line listed in
 *    bad_cases[] below (a fixture missing from the list fails the test);
 *  - limits: custom budgets, a script catching the limit errors, tiny memory;
 *  - math.random and pairs() give the same scenario on every load;
 *  - the buffer and state APIs, I/O and usage errors;
 *  - fields, roles, patches and building blocks (good/fields.lua), and the play hooks
 *    (good/hooks.lua): advice, custom criteria, an error and a runaway loop in a hook.
 * Errors are checked by status and line (and, where the task requires it, that a
 * message carries a "did you mean"). Nothing here measures time: the budget is in
 * instructions, so the limit tests are deterministic.
 */
#define _POSIX_C_SOURCE 200809L

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include "stp_test.h"

#include <dirent.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "stp_script.h"

#define BUNDLED STP_SCENARIO_DIR "/01_practice_field.lua"
#define GOOD STP_TEST_SCENARIOS "/good/"
#define BAD STP_TEST_SCENARIOS "/bad/"

/* One scenario is a few hundred kB (fixed arrays of shapes): keep them off the stack. */
static stp_scenario scn, scn2;

static stp_status load(const char *path, stp_scenario *out, stp_error *err) {
  stp_status st = stp_script_load_scenario(path, NULL, out, err);
  if (st != STP_OK) {
    char buf[1200];
    print_message("%s\n", stp_error_format(err, buf, sizeof buf));
  }
  return st;
}

static void load_ok(const char *path, stp_scenario *out) {
  stp_error err;
  stp_status st = load(path, out, &err);
  if (st != STP_OK) fail_msg("%s did not load: %s", path, err.msg);
  assert_int_equal(err.status, STP_OK);
  stp_error verr;
  assert_int_equal(stp_scenario_validate(out, &verr), STP_OK);
}

static stp_status load_text(const char *text, const stp_script_limits *lim, stp_scenario *out, stp_error *err) {
  return stp_script_load_scenario_buffer("inline.lua", text, strlen(text), lim, out, err);
}

static float lin(int v) {   /* sRGB byte -> linear, as the loader converts "#rrggbb" */
  float c = (float)v / 255.0f;
  return c <= 0.04045f ? c / 12.92f : powf((c + 0.055f) / 1.055f, 2.4f);
}

/* ---- the bundled scenario ----------------------------------------------------------- */

static void bundled_practice_field(void **state) {
  (void)state;
  load_ok(BUNDLED, &scn);
  assert_string_equal(scn.path, BUNDLED);
  assert_string_equal(scn.id, "practice-field");
  assert_true(strlen(scn.title) > 0);
  assert_true(strlen(scn.brief) > 100 && strlen(scn.brief) < STP_SCN_TEXT_LEN);
  assert_int_equal(scn.difficulty, 1);
  assert_true(scn.time_limit_s == 0);
  assert_int_equal(scn.sessions, 1);
  assert_true(scn.rubric.pass_mark == 70);

  assert_int_equal(scn.skin.fitzpatrick, 3);
  float tone[3];
  stp_skin_tone(3, tone);
  for (int c = 0; c < 3; c++) assert_float_equal(scn.skin.rgb[c], tone[c], 1e-6);
  assert_float_equal(scn.skin.heal_lightening, 0.25, 1e-12);

  assert_int_equal(scn.zone_count, 1);
  const stp_zone *z = &scn.zones[0];
  assert_string_equal(z->id, "field");
  assert_int_equal(z->shape.kind, STP_SHAPE_RECT);
  assert_true(z->shape.x == -20 && z->shape.y == 120 && z->shape.w == 40 && z->shape.h == 30);
  assert_float_equal(stp_shape_area_mm2(&z->shape), 1200, 1e-9);   /* 12 cm2 */
  assert_true(z->density_per_cm2 == 30 && z->density_tolerance == 5);
  assert_true(z->angle_deg == 270 && z->depth_mm == 1.0);
  /* The case leaves ink and pigment to the plan, which matches them to the client's hair. */
  assert_true(z->ink_auto && z->pigment_auto && z->shade_source == STP_SHADE_HAIR);

  /* Stubble at both sides and the back, dark brown #2a2320, 80 per cm2. */
  assert_int_equal(scn.hair_count, 3);
  bool right = false, left = false, back = false;
  for (int i = 0; i < scn.hair_count; i++) {
    const stp_hair_region *h = &scn.hair[i];
    assert_true(h->density_per_cm2 == 80);
    assert_float_equal(h->rgb[0], lin(0x2a), 1e-6);
    assert_float_equal(h->rgb[1], lin(0x23), 1e-6);
    assert_float_equal(h->rgb[2], lin(0x20), 1e-6);
    double x0, y0, x1, y1;
    stp_shape_bounds(&h->shape, &x0, &y0, &x1, &y1);
    right |= x0 >= 100 && x1 <= 180;
    left |= x1 <= -100 && x0 >= -180;
    back |= y0 >= 280;
    assert_false(stp_shape_contains(&h->shape, 0, 135));   /* never over the zone */
  }
  assert_true(right && left && back);

  assert_true(scn.rubric.items[STP_CRIT_DENSITY].enabled && scn.rubric.items[STP_CRIT_SPACING].enabled);
  assert_float_equal(scn.rubric.items[STP_CRIT_DENSITY].weight, 0.3, 1e-12);
  assert_float_equal(scn.rubric.items[STP_CRIT_DENSITY].gate, 70, 1e-12);
  assert_float_equal(scn.rubric.max_merged_fraction, 0.2, 1e-12);
  assert_float_equal(scn.rubric.items[STP_CRIT_SPACING].weight, 0.15, 1e-12);
  assert_float_equal(scn.rubric.pattern_weight, 0.5, 1e-12);
  assert_true(scn.rubric.items[STP_CRIT_DEPTH].enabled && scn.rubric.items[STP_CRIT_BOUNDARY].enabled);
  assert_float_equal(scn.rubric.items[STP_CRIT_DEPTH].weight, 0.1, 1e-12);
  assert_float_equal(scn.rubric.items[STP_CRIT_BOUNDARY].gate, 60, 1e-12);
  assert_true(scn.rubric.items[STP_CRIT_GRAIN].enabled && scn.rubric.items[STP_CRIT_SHADE].enabled);
  assert_float_equal(scn.rubric.items[STP_CRIT_SHADE].gate, 50, 1e-12);
  assert_float_equal(scn.rubric.merge_factor, 1.0, 1e-12);

  assert_true(scn.depth.shallow_mm == 0.5 && scn.depth.deep_mm == 1.5);
  /* No view in the file: the zone plus a 15 mm margin. */
  assert_true(scn.view_x0 == -35 && scn.view_y0 == 105 && scn.view_x1 == 35 && scn.view_y1 == 165);
}

/* ---- good fixtures -------------------------------------------------------------------- */

typedef void (*dir_fn)(const char *path, void *ud);

/* Call fn on every *.lua in dir, in name order; returns how many. */
static int for_each_lua(const char *dir, dir_fn fn, void *ud) {
  struct dirent **names;
  int n = scandir(dir, &names, NULL, alphasort);
  assert_true(n >= 0);
  int count = 0;
  for (int i = 0; i < n; i++) {
    size_t len = strlen(names[i]->d_name);
    if (len > 4 && strcmp(names[i]->d_name + len - 4, ".lua") == 0) {
      char path[1024];
      snprintf(path, sizeof path, "%s%s", dir, names[i]->d_name);
      fn(path, ud);
      count++;
    }
    free(names[i]);
  }
  free(names);
  return count;
}

static void load_good(const char *path, void *ud) {
  (void)ud;
  load_ok(path, &scn);
}

static void every_good_fixture_loads(void **state) {
  (void)state;
  assert_true(for_each_lua(GOOD, load_good, NULL) >= 6);
}

static void minimal_gets_defaults(void **state) {
  (void)state;
  load_ok(GOOD "minimal.lua", &scn);
  assert_int_equal(scn.difficulty, 1);
  assert_int_equal(scn.sessions, 3);
  assert_true(scn.rubric.pass_mark == 70 && scn.time_limit_s == 0);
  assert_int_equal(scn.skin.fitzpatrick, 3);
  assert_int_equal(scn.hair_count, 0);
  /* No rubric: the defaults of STP_CRITERIA_LIST, as stp_scenario_defaults() sets them. */
  stp_scenario_defaults(&scn2);
  assert_memory_equal(&scn.rubric, &scn2.rubric, sizeof scn.rubric);
  assert_true(scn.rubric.items[STP_CRIT_DENSITY].enabled && scn.rubric.items[STP_CRIT_SPACING].enabled);
  const stp_zone *z = &scn.zones[0];
  assert_string_equal(z->name, "spot");                     /* name defaults to the id */
  assert_float_equal(z->density_tolerance, 6, 1e-12);       /* 15 % of 40 */
  assert_true(z->angle_deg == 270 && z->depth_mm == 1.0);
  /* No ink and no pigment: the shade target is the client's hair and the plan picks both
   * from the default kit (one of its inks, one of its pigments). */
  assert_int_equal(z->shade_source, STP_SHADE_HAIR);
  assert_true(z->ink_auto && z->pigment_auto);
  bool in_kit = false;
  for (int i = 0; i < scn.ink_count; i++) in_kit = in_kit || scn.inks[i] == z->ink;
  assert_true(in_kit);
  assert_true(z->pigment >= 0 && z->pigment < scn.pigment_count);
  assert_int_equal(scn.pigment_count, 4);
  assert_int_equal(scn.needle_count, 4);
  assert_int_equal(scn.ink_count, 5);
  assert_true(scn.view_x0 == -25 && scn.view_y0 == 125 && scn.view_x1 == 25 && scn.view_y1 == 175);
}

static void all_keys_are_read(void **state) {
  (void)state;
  load_ok(GOOD "all_keys.lua", &scn);
  assert_string_equal(scn.id, "all-keys_2");
  assert_string_equal(scn.title, "All the keys");
  assert_non_null(strstr(scn.brief, "Ünïcödé"));
  assert_int_equal(scn.difficulty, 4);
  assert_true(scn.time_limit_s == 900);
  assert_int_equal(scn.sessions, 2);
  assert_true(scn.rubric.pass_mark == 80);
  assert_int_equal(scn.skin.fitzpatrick, 5);
  assert_float_equal(scn.skin.rgb[0], 1.0, 1e-6);           /* skin_color "#FF8000" overrides the tone */
  assert_float_equal(scn.skin.rgb[1], lin(0x80), 1e-6);
  assert_float_equal(scn.skin.rgb[2], 0.0, 1e-6);
  assert_float_equal(scn.skin.heal_lightening, 0.4, 1e-12);

  assert_int_equal(scn.hair_count, 2);
  assert_int_equal(scn.hair[0].shape.kind, STP_SHAPE_ELLIPSE);
  assert_true(scn.hair[0].shape.cx == 140 && scn.hair[0].shape.ry == 80 && scn.hair[0].shape.rot_deg == 10);
  assert_true(scn.hair[0].density_per_cm2 == 90 && scn.hair[0].length_mm == 3);
  assert_float_equal(scn.hair[0].rgb[0], lin(0x10), 1e-6);
  assert_float_equal(scn.hair[1].length_mm, 0.5, 1e-12);     /* default */
  assert_float_equal(scn.hair[1].rgb[0], lin(0x2a), 1e-6);   /* default dark brown */

  assert_int_equal(scn.zone_count, 4);
  const stp_zone *crown = &scn.zones[0], *front = &scn.zones[1], *temple = &scn.zones[2], *scar = &scn.zones[3];
  assert_string_equal(crown->name, "Crown");
  assert_int_equal(crown->shape.kind, STP_SHAPE_CIRCLE);
  assert_true(crown->shape.cx == 10 && crown->shape.cy == 190 && crown->shape.r == 25);
  assert_true(crown->density_per_cm2 == 60 && crown->density_tolerance == 8);
  assert_true(crown->angle_deg == 90 && crown->ink == 0.75 && crown->depth_mm == 1.2);
  assert_true(front->angle_deg == 270);                     /* -90 normalised to 0..360 */
  assert_int_equal(temple->shape.kind, STP_SHAPE_ELLIPSE);
  assert_true(temple->shape.rx == 15 && temple->shape.ry == 8 && temple->shape.rot_deg == 30);
  assert_int_equal(scar->shape.kind, STP_SHAPE_POLYGON);
  assert_int_equal(scar->shape.n, 4);
  assert_true(scar->shape.pts[2].x == 20 && scar->shape.pts[2].y == 305);
  assert_true(scar->density_per_cm2 == 0 && scar->density_tolerance == 0);

  assert_true(scn.rubric.items[STP_CRIT_DENSITY].enabled && scn.rubric.items[STP_CRIT_DENSITY].weight == 2);
  assert_true(scn.rubric.items[STP_CRIT_SPACING].enabled && scn.rubric.items[STP_CRIT_SPACING].weight == 1);
  for (int i = 0; i < STP_CRIT_COUNT; i++)   /* a criterion missing from rubric is off */
    if (i != STP_CRIT_DENSITY && i != STP_CRIT_SPACING) assert_false(scn.rubric.items[i].enabled);
  assert_true(scn.rubric.merge_factor == 1.5 && scn.rubric.max_merged_fraction == 0.2);
  assert_int_equal(scn.needle_count, 2);
  assert_true(scn.needles_mm[0] == 0.18 && scn.needles_mm[1] == 0.3);
  assert_int_equal(scn.ink_count, 3);
  assert_true(scn.inks[2] == 0.1);
  assert_true(scn.depth.shallow_mm == 0.4 && scn.depth.deep_mm == 1.8);
  assert_true(scn.view_x0 == -100 && scn.view_y0 == 60 && scn.view_x1 == 100 && scn.view_y1 == 320);
}

static void pairs_order_is_fixed_and_rubric_subset(void **state) {
  (void)state;
  load_ok(GOOD "helpers.lua", &scn);
  /* pairs { c = 50, a = 30, b = 40 } visits a, b, c in scenario files. */
  assert_int_equal(scn.zone_count, 3);
  assert_string_equal(scn.zones[0].id, "a");
  assert_string_equal(scn.zones[1].id, "b");
  assert_string_equal(scn.zones[2].id, "c");
  assert_string_equal(scn.zones[0].name, "Band A");
  assert_true(scn.zones[2].density_per_cm2 == 50);
  /* rubric = { spacing = 1 }: density is off. */
  assert_false(scn.rubric.items[STP_CRIT_DENSITY].enabled);
  assert_true(scn.rubric.items[STP_CRIT_SPACING].enabled && scn.rubric.items[STP_CRIT_SPACING].weight == 1);
  assert_string_equal(scn.brief, "Bands a, b, c.");
}

static void math_random_is_deterministic(void **state) {
  (void)state;
  load_ok(GOOD "random_zones.lua", &scn);
  load_ok(GOOD "random_zones.lua", &scn2);
  assert_int_equal(scn.zone_count, 12);
  assert_memory_equal(scn.zones, scn2.zones, sizeof scn.zones);
  assert_true(scn.view_x0 == scn2.view_x0 && scn.view_y1 == scn2.view_y1);
  /* The zones really are scattered (not all the same draw). */
  assert_true(scn.zones[0].shape.cx != scn.zones[1].shape.cx);
  /* The same through the state API, in a state opened separately. */
  FILE *f = fopen(GOOD "random_zones.lua", "rb");
  assert_non_null(f);
  static char text[65536];
  size_t n = fread(text, 1, sizeof text, f);
  fclose(f);
  stp_script *s;
  stp_error err;
  assert_int_equal(stp_script_open(&s, NULL, &err), STP_OK);
  assert_int_equal(stp_script_load(s, GOOD "random_zones.lua", text, n, &scn2, &err), STP_OK);
  stp_script_close(s);
  assert_memory_equal(scn.zones, scn2.zones, sizeof scn.zones);
}

/* ---- shape algebra and landmarks (good/algebra.lua) ------------------------------------ */

static const stp_zone *zone_named(const stp_scenario *sc, const char *id) {
  for (int i = 0; i < sc->zone_count; i++)
    if (strcmp(sc->zones[i].id, id) == 0) return &sc->zones[i];
  fail_msg("no zone '%s'", id);
  return NULL;
}

static void algebra_and_landmarks(void **state) {
  (void)state;
  load_ok(GOOD "algebra.lua", &scn);
  /* band({(-50,100),(50,100)}, 20, 0): inside is the walker's right on screen, +y: a 100 x 20
   * rectangle from y 100 to 120. */
  const stp_zone *z = zone_named(&scn, "front");
  assert_float_equal(stp_shape_area_mm2(&z->shape), 2000, 1e-6);
  assert_true(stp_shape_contains(&z->shape, 0, 110) && !stp_shape_contains(&z->shape, 0, 95));
  /* 120 x 60 minus the 20 x 30 of the notch inside it (y 200..230). */
  z = zone_named(&scn, "bite");
  assert_float_equal(stp_shape_area_mm2(&z->shape), 7200 - 600, 1e-6);
  assert_true(!stp_shape_contains(&z->shape, 0, 210) && stp_shape_contains(&z->shape, 0, 240));
  /* A 5 mm band inside a 40 mm square: the square minus its 30 mm shrunk self (shrinking
   * keeps square corners), a shape with a hole. */
  z = zone_named(&scn, "ring");
  assert_float_equal(stp_shape_area_mm2(&z->shape), 1600 - 900, 1e-6);
  assert_int_equal(stp_shape_ring_count(&z->shape), 2);
  assert_true(!stp_shape_contains(&z->shape, 120, 320) && stp_shape_contains(&z->shape, 102, 320));
  /* Two 20 mm squares overlapping by 10 x 10. */
  assert_float_equal(stp_shape_area_mm2(&zone_named(&scn, "joined")->shape), 400 + 400 - 100, 1e-6);
  /* turn, mirror, move (the file's comment derives the bounds) */
  double tx0, ty0, tx1, ty1;
  stp_shape_bounds(&zone_named(&scn, "turned")->shape, &tx0, &ty0, &tx1, &ty1);
  assert_float_equal(tx0, -100, 1e-9);
  assert_float_equal(tx1, -80, 1e-9);
  assert_float_equal(ty0, 380, 1e-9);
  assert_float_equal(ty1, 390, 1e-9);
  /* head { length = 214.5, age = 50 }: scale 1.1, the hairline 85 mm for 45-59, x 1.1. */
  assert_true(scn.head_set);
  assert_float_equal(scn.head.scale, 1.1, 1e-12);
  assert_float_equal(scn.head.hairline_mm, 93.5, 1e-9);
  assert_float_equal(zone_named(&scn, "mfp")->shape.cy, 93.5, 1e-9);
  assert_float_equal(scn.head.lm[STP_LM_VERTEX].y, 198, 1e-9);
  assert_float_equal(scn.head.lm[STP_LM_WHORL].x, -12, 0);   /* placed by the file */
  assert_true(scn.head.moved[STP_LM_WHORL] && !scn.head.moved[STP_LM_MFP]);
  /* A file without head { } has the standard head. */
  load_ok(GOOD "minimal.lua", &scn2);
  assert_false(scn2.head_set);
  assert_float_equal(scn2.head.lm[STP_LM_MFP].y, 80, 0);
  /* Landmarks are points for polygon { } too (docs/scenario-api.md, "Landmarks"): the
   * standard head's mfp (0, 80), ftp_left (-62, 90) and temple_peak_left (-92, 125) make a
   * triangle of |(-62)(45) - (10)(-92)| / 2 = |-2790 + 920| / 2 = 935 mm2. */
  stp_error err;
  const char *tri = "scenario { id = \"t\", title = \"t\", brief = \"t\", zones = { { id = \"a\", density = 30,\n"
                    "  shape = polygon { landmark.mfp, landmark.ftp_left, landmark.temple_peak_left } } } }\n";
  if (load_text(tri, NULL, &scn2, &err) != STP_OK) fail_msg("%s", err.msg);
  assert_float_equal(stp_shape_area_mm2(&scn2.zones[0].shape), 935, 1e-9);
  /* a point whose x and y keys disagree with its [1] and [2] is still refused */
  const char *odd = "scenario { id = \"t\", title = \"t\", brief = \"t\", zones = { { id = \"a\", density = 30,\n"
                    "  shape = polygon { {0, 80, x = 5, y = 80}, {-62, 90}, {-92, 125} } } } }\n";
  assert_int_not_equal(load_text(odd, NULL, &scn2, &err), STP_OK);
  assert_int_equal(err.line, 2);
}

/* ---- fields, roles, patches, building blocks (good/fields.lua) ------------------------- */

static void new_keys_are_read(void **state) {
  (void)state;
  load_ok(GOOD "fields.lua", &scn);
  assert_int_equal(scn.seed, 77);
  assert_true(scn.has_part);
  assert_true(scn.part_y1 > scn.part_y0);
  /* patches: the strip scar, the alopecia patch, then the five FUE dots read in place */
  assert_int_equal(scn.patch_count, 7);
  assert_int_equal(scn.patches[0].kind, STP_PATCH_SCAR_STRIP);
  assert_int_equal(scn.patches[1].kind, STP_PATCH_ALOPECIA);
  assert_true(fabs(scn.patches[1].tone - 0.1) < 1e-12);
  for (int i = 2; i < 7; i++) {
    assert_int_equal(scn.patches[i].kind, STP_PATCH_SCAR_DOT);
    assert_int_equal(scn.patches[i].shape.kind, STP_SHAPE_CIRCLE);
  }
  /* zones: roles and fields */
  assert_int_equal(scn.zone_count, 5);
  const stp_zone *front = &scn.zones[0], *crown = &scn.zones[1], *scar = &scn.zones[2], *patch = &scn.zones[3];
  assert_int_equal(front->role, STP_ZONE_HAIRLINE);
  assert_int_equal(front->density_field.kind, STP_FIELD_RAMP);
  assert_true(front->density_field.from == 5 && front->density_field.to == 30 && front->density_field.width == 8);
  assert_true(front->density_per_cm2 == 30);   /* a ramp's nominal value is its `to` */
  assert_int_equal(crown->angle_field.kind, STP_FIELD_WHORL);
  assert_int_equal(crown->angle_field.sense, -1);
  assert_true(crown->angle_field.tightness == 45 && crown->angle_field.cx == 8 && crown->angle_field.cy == 205);
  assert_int_equal(scar->role, STP_ZONE_SCAR);
  assert_true(scar->uptake == 0.6 && scar->spread == 1.5);
  assert_int_equal(scar->ink_field.kind, STP_FIELD_GRID);
  assert_int_equal(scar->depth_field.kind, STP_FIELD_GRID);
  assert_int_equal(patch->density_field.kind, STP_FIELD_GRID);
  assert_int_equal(patch->angle_field.kind, STP_FIELD_FLOW);
  assert_int_equal(patch->angle_field.sense, 1);
  assert_int_equal(scn.zones[4].role, STP_ZONE_FORBIDDEN);
  assert_int_equal(scn.grid_count, 3);
  /* the depth function is sampled over the zone's bounds: 0.8 + |x| / 1000 at the grid's corner */
  const stp_grid *g = &scn.grids[scar->depth_field.grid];
  assert_true(g->nx >= 2 && g->ny >= 2);
  assert_true(fabs(g->v[0] - (0.8 + 0.001 * fabs(g->x0))) < 1e-5);
  /* a function using math.random draws from the scenario's seed: the same on every load */
  float v0 = scn.grids[patch->density_field.grid].v[5];
  assert_true(v0 >= 20 && v0 <= 21);
  load_ok(GOOD "fields.lua", &scn2);
  assert_memory_equal(scn.grids, scn2.grids, sizeof scn.grids);
  assert_memory_equal(scn.patches, scn2.patches, sizeof scn.patches);
  /* the rubric: tolerance and zero, and spacing's zero kept equal to max_merged_fraction */
  assert_true(scn.rubric.items[STP_CRIT_DENSITY].tolerance == 1 && scn.rubric.items[STP_CRIT_DENSITY].zero == 20);
  assert_true(scn.rubric.items[STP_CRIT_SPACING].zero == 0.25 && scn.rubric.max_merged_fraction == 0.25);
  assert_true(scn.rubric.pattern_weight == 0.3);
  assert_true(scn.rubric.items[STP_CRIT_GRAIN].tolerance == 8 && scn.rubric.items[STP_CRIT_GRAIN].zero == 40);
  assert_true(scn.rubric.items[STP_CRIT_SHADE].enabled && scn.rubric.items[STP_CRIT_SHADE].zero == 15);
  assert_true(scn.skin.fitzpatrick == 4);
}

/* ---- hooks during play (good/hooks.lua) ----------------------------------------------- */

static void hooks_give_advice_and_contain_errors(void **state) {
  (void)state;
  FILE *f = fopen(GOOD "hooks.lua", "rb");
  assert_non_null(f);
  static char text[8192];
  size_t n = fread(text, 1, sizeof text, f);
  fclose(f);
  stp_script *s;
  stp_error err;
  assert_int_equal(stp_script_open(&s, NULL, &err), STP_OK);
  assert_int_equal(stp_script_load(s, GOOD "hooks.lua", text, n, &scn, &err), STP_OK);
  assert_true(stp_script_has_on_impression(s));
  assert_int_equal(stp_script_custom_count(s), 2);

  char advice[64];
  stp_impression imp = {0, 130, 270, 1.0, 0.25, 0.5, 1, 0, 0, 0, 0, 0, 0};
  assert_int_equal(stp_script_call_on_impression(s, &imp, advice, sizeof advice, &err), STP_OK);
  assert_string_equal(advice, "");
  imp.x_mm = 100;   /* outside the zone */
  assert_int_equal(stp_script_call_on_impression(s, &imp, advice, sizeof advice, &err), STP_OK);
  assert_string_equal(advice, "Outside the zones.");
  imp.depth_mm = 1.8;
  assert_int_equal(stp_script_call_on_impression(s, &imp, advice, 10, &err), STP_OK);
  assert_string_equal(advice, "Too deep:");   /* cut to the buffer */

  /* an error inside the hook: its file and line, and the state stays usable */
  imp.depth_mm = 2.5;
  assert_int_equal(stp_script_call_on_impression(s, &imp, advice, sizeof advice, &err), STP_ERR_SCRIPT);
  assert_string_equal(err.file, GOOD "hooks.lua");
  assert_int_equal(err.line, 11);
  /* a runaway hook: stopped by the budget, at its line */
  imp.depth_mm = 3.5;
  assert_int_equal(stp_script_call_on_impression(s, &imp, advice, sizeof advice, &err), STP_ERR_LIMIT);
  assert_int_equal(err.line, 8);
  assert_non_null(strstr(err.msg, "instruction budget"));
  imp.depth_mm = 1.0;
  imp.x_mm = 100;
  assert_int_equal(stp_script_call_on_impression(s, &imp, advice, sizeof advice, &err), STP_OK);
  assert_string_equal(advice, "Outside the zones.");

  /* custom criteria, in sorted order: bogus, count */
  stp_work w;
  stp_work_init(&w);
  stp_custom_result res[STP_SCRIPT_MAX_CUSTOM];
  int got = -1;
  assert_int_equal(stp_script_custom_criteria(s, &w, res, STP_SCRIPT_MAX_CUSTOM, &got, &err), STP_OK);
  assert_int_equal(got, 2);
  assert_string_equal(res[0].key, "bogus");
  assert_true(res[0].score == 50 && res[0].weight == 1);
  assert_string_equal(res[1].key, "count");
  assert_true(res[1].score == 0 && res[1].weight == 0.5);
  assert_string_equal(res[1].figures, "0 impressions");
  assert_string_equal(res[1].advice, "Keep going.");
  for (int i = 0; i < 3; i++) {
    stp_impression m = {0, 125 + i, 270, 1.0, 0.25, 0.5, 1, i, 0, 0, 0, 0, 0};
    assert_int_equal(stp_work_push(&w, &m, NULL, &err), STP_OK);
  }
  assert_int_equal(stp_script_custom_criteria(s, &w, res, STP_SCRIPT_MAX_CUSTOM, &got, &err), STP_ERR_RANGE);
  assert_non_null(strstr(err.msg, "criteria.bogus.fn returned the score 150"));
  assert_int_equal(got, 0);
  stp_work_free(&w);
  stp_script_close(s);
}

/* ---- bad fixtures --------------------------------------------------------------------- */

typedef struct bad_case {
  const char *file;
  stp_status status;
  int line;
  const char *says;   /* a part of the message that must be there, or NULL */
} bad_case;

static const bad_case bad_cases[] = {
  {"syntax_error.lua", STP_ERR_SCRIPT, 4, NULL},
  {"runtime_error.lua", STP_ERR_SCRIPT, 3, NULL},
  {"error_in_helper.lua", STP_ERR_SCRIPT, 4, NULL},
  {"error_object.lua", STP_ERR_SCRIPT, 5, NULL},
  {"unknown_key_zone.lua", STP_ERR_SCRIPT, 4, "did you mean 'density'?"},
  {"unknown_key_top.lua", STP_ERR_SCRIPT, 2, "did you mean 'title'?"},
  {"unknown_criterion.lua", STP_ERR_SCRIPT, 2, "did you mean 'spacing'?"},
  {"unknown_key_shape.lua", STP_ERR_SCRIPT, 3, "'hight'"},
  {"density_out_of_range.lua", STP_ERR_RANGE, 3, "zones[1].density"},
  {"skin_out_of_range.lua", STP_ERR_RANGE, 2, "client.skin"},
  {"pass_mark_out_of_range.lua", STP_ERR_RANGE, 2, "pass_mark"},
  {"wrong_type.lua", STP_ERR_SCRIPT, 2, "zones[1].density"},
  {"bad_color.lua", STP_ERR_RANGE, 2, "hair[1].color"},
  {"brief_too_long.lua", STP_ERR_RANGE, 3, "brief"},
  {"bad_id.lua", STP_ERR_RANGE, 2, NULL},
  {"missing_zones.lua", STP_ERR_SCRIPT, 2, NULL},
  {"too_many_zones.lua", STP_ERR_RANGE, 6, NULL},
  {"duplicate_zone_id.lua", STP_ERR_RANGE, 2, NULL},
  {"polygon_crossing.lua", STP_ERR_RANGE, 3, NULL},
  {"polygon_two_points.lua", STP_ERR_RANGE, 2, NULL},
  {"plain_table_shape.lua", STP_ERR_SCRIPT, 2, NULL},
  {"depth_window_order.lua", STP_ERR_RANGE, 2, NULL},
  {"view_empty.lua", STP_ERR_RANGE, 2, NULL},
  {"tolerance_too_big.lua", STP_ERR_RANGE, 2, NULL},
  {"title_not_utf8.lua", STP_ERR_RANGE, 2, NULL},
  {"scenario_twice.lua", STP_ERR_SCRIPT, 6, NULL},
  {"scenario_never.lua", STP_ERR_SCRIPT, 1, NULL},
  {"scenario_not_table.lua", STP_ERR_SCRIPT, 2, NULL},
  {"endless_loop.lua", STP_ERR_LIMIT, 4, "instruction budget (infinite loop?)"},
  {"endless_loop_pcall.lua", STP_ERR_LIMIT, 4, "instruction budget"},
  {"memory_bomb.lua", STP_ERR_LIMIT, 5, "memory limit of 64 MiB"},
  {"string_rep_huge.lua", STP_ERR_LIMIT, 3, "memory limit of 64 MiB"},
  {"string_rep_empty.lua", STP_ERR_LIMIT, 2, NULL},
  {"os_execute.lua", STP_ERR_SCRIPT, 2, NULL},
  {"io_open.lua", STP_ERR_SCRIPT, 3, NULL},
  {"require.lua", STP_ERR_SCRIPT, 2, NULL},
  {"dofile.lua", STP_ERR_SCRIPT, 2, NULL},
  {"loadfile.lua", STP_ERR_SCRIPT, 2, NULL},
  {"load_bytecode.lua", STP_ERR_SCRIPT, 3, NULL},
  {"load_dump.lua", STP_ERR_SCRIPT, 3, NULL},
  {"gc_finalizer.lua", STP_ERR_SCRIPT, 2, NULL},
  {"table_move_huge.lua", STP_ERR_LIMIT, 2, NULL},
  {"pattern_bomb.lua", STP_ERR_LIMIT, 3, NULL},
  /* fields, roles, patches and the building blocks */
  {"role_typo.lua", STP_ERR_RANGE, 2, "did you mean \"hairline\"?"},
  {"overlays_typo.lua", STP_ERR_SCRIPT, 2, "did you mean 'grain'?"},
  {"whorl_sense.lua", STP_ERR_RANGE, 3, "\"clockwise\" or \"counterclockwise\""},
  {"field_function_nan.lua", STP_ERR_RANGE, 2, "zones[1].density: the function gave"},
  {"field_function_error.lua", STP_ERR_SCRIPT, 5, "arithmetic"},
  {"field_function_loop.lua", STP_ERR_LIMIT, 4, "instruction budget"},
  {"whorl_for_density.lua", STP_ERR_SCRIPT, 2, "angle only"},
  /* sessions, plans, healing and a touch-up's history */
  {"plan_beyond_sessions.lua", STP_ERR_RANGE, 2, "plan has 3 sessions but the scenario has sessions = 2"},
  {"plan_density_falls.lua", STP_ERR_RANGE, 2, "zones[1].plan[2].density (0.3) is below session 1's"},
  {"plan_pigment_unknown.lua", STP_ERR_RANGE, 2, "zones[1].plan[1].pigment 'neon-green'"},
  {"healing_flaking_order.lua", STP_ERR_RANGE, 2, "healing.flaking[2]"},
  {"history_no_age.lua", STP_ERR_SCRIPT, 2, "history.age is missing"},
  {"history_age_zero.lua", STP_ERR_RANGE, 2, "history.age is 0; it must be greater than 0"},
  {"uptake_without_scar.lua", STP_ERR_SCRIPT, 2, "role = \"scar\""},
  {"spacing_zero_conflict.lua", STP_ERR_RANGE, 2, "max_merged_fraction"},
  {"tolerance_above_zero.lua", STP_ERR_RANGE, 2, "rubric.grain"},
  {"norwood_stage.lua", STP_ERR_SCRIPT, 2, "norwood(stage)"},
  {"patch_kind.lua", STP_ERR_RANGE, 2, "did you mean \"scar_strip\"?"},
  {"smooth_unknown_key.lua", STP_ERR_SCRIPT, 2, "'sample'"},
  /* the tutorial's coach steps */
  {"tutorial_step_typo.lua", STP_ERR_RANGE, 2, "tutorial[2] is \"zooom\"; the steps are place, zoom"},
  {"tutorial_step_twice.lua", STP_ERR_RANGE, 2, "tutorial lists \"place\" twice"},
  {"tutorial_not_list.lua", STP_ERR_SCRIPT, 2, "a non-empty list, without keys"},
  /* shape algebra and the head (docs/scenario-api.md, "Shape algebra", "Landmarks") */
  {"algebra_empty.lua", STP_ERR_RANGE, 2, "intersect leaves nothing"},
  {"algebra_band_zero.lua", STP_ERR_RANGE, 2, "the widths are both 0"},
  {"head_unknown_key.lua", STP_ERR_SCRIPT, 2, "unknown key 'temple_peek_left'"},
  {"offset_not_number.lua", STP_ERR_SCRIPT, 2, "the distance must be a number"},
  {"union_not_shape.lua", STP_ERR_SCRIPT, 1, "argument 2 must be a shape"},
  {"move_off_chart.lua", STP_ERR_RANGE, 2, "past -1000..1000 mm"},
  {"band_line_point.lua", STP_ERR_SCRIPT, 1, "line point 2 must be {x, y}"},
  {"head_mfp_far.lua", STP_ERR_RANGE, 2, "the hairline must be from 50 to 130 mm"},
};
#define BAD_CASES (sizeof bad_cases / sizeof bad_cases[0])

static void bad_fixtures_fail_at_their_line(void **state) {
  (void)state;
  for (size_t i = 0; i < BAD_CASES; i++) {
    const bad_case *b = &bad_cases[i];
    char path[1024], buf[1200];
    snprintf(path, sizeof path, "%s%s", BAD, b->file);
    stp_error err;
    stp_status st = stp_script_load_scenario(path, NULL, &scn, &err);
    stp_error_format(&err, buf, sizeof buf);
    if (st != b->status || err.line != b->line || err.status != st)
      fail_msg("%s: expected [%s] at line %d, got [%s] at line %d: %s", b->file, stp_status_text(b->status),
               b->line, stp_status_text(st), err.line, buf);
    assert_string_equal(err.file, path);
    assert_true(err.msg[0] != '\0');
    assert_null(strstr(err.msg, path));   /* the message does not repeat the file */
    if (b->says && !strstr(err.msg, b->says)) fail_msg("%s: the message lacks \"%s\": %s", b->file, b->says, buf);
    /* A failed load leaves the defaults, never half a scenario. */
    assert_int_equal(scn.zone_count, 0);
    assert_string_equal(scn.id, "untitled");
  }
}

static void check_listed(const char *path, void *ud) {
  (void)ud;
  const char *name = strrchr(path, '/') + 1;
  for (size_t i = 0; i < BAD_CASES; i++)
    if (strcmp(bad_cases[i].file, name) == 0) return;
  fail_msg("%s is not in bad_cases[] of test_script.c: add its status and line", name);
}

static void every_bad_fixture_is_listed(void **state) {
  (void)state;
  assert_int_equal(for_each_lua(BAD, check_listed, NULL), (int)BAD_CASES);
}

/* ---- limits ---------------------------------------------------------------------------- */

#define VALID_BODY                                                                                   \
  "scenario { id = \"ok\", title = \"Ok\", brief = \"b\",\n"                                        \
  "  zones = { { id = \"z\", shape = rect { x = 0, y = 100, w = 10, h = 10 }, density = 10 } } }\n"

static void custom_limits(void **state) {
  (void)state;
  stp_error err;
  stp_script_limits lim;
  stp_script_limits_default(&lim);
  assert_true(lim.memory_bytes == 64u * 1024 * 1024 && lim.instructions == 50000000ull);

  /* A small budget stops a loop early, and says so. */
  lim.instructions = 10000;
  assert_int_equal(stp_script_load_scenario(BAD "endless_loop.lua", &lim, &scn, &err), STP_ERR_LIMIT);
  assert_non_null(strstr(err.msg, "10000 instructions"));
  /* ... and is plenty for the bundled scenario. */
  assert_int_equal(stp_script_load_scenario(BUNDLED, &lim, &scn, &err), STP_OK);

  /* A small heap stops the memory bomb at its size. */
  stp_script_limits_default(&lim);
  lim.memory_bytes = 1024 * 1024;
  assert_int_equal(stp_script_load_scenario(BAD "memory_bomb.lua", &lim, &scn, &err), STP_ERR_LIMIT);
  assert_non_null(strstr(err.msg, "memory limit of 1 MiB"));
  assert_int_equal(err.line, 5);
  assert_int_equal(stp_script_load_scenario(BUNDLED, &lim, &scn, &err), STP_OK);

  /* Too small to even start Lua. */
  lim.memory_bytes = 512;
  assert_int_equal(stp_script_load_scenario(BUNDLED, &lim, &scn, &err), STP_ERR_LIMIT);
}

static void limits_cannot_be_swallowed(void **state) {
  (void)state;
  stp_error err;
  /* The budget error is raised again at once, so the pcall returns into a raise. */
  assert_int_equal(load_text("pcall(function() while true do end end)\n" VALID_BODY, NULL, &scn, &err),
                   STP_ERR_LIMIT);
  assert_int_equal(err.line, 1);
  /* "not enough memory" caught by pcall, then a valid scenario: still the memory limit. */
  stp_script_limits lim = {2 * 1024 * 1024, 0};
  assert_int_equal(load_text("local ok = pcall(function()\n  local t = {}\n  for i = 1, 1e9 do t[i] = i end\nend)\n"
                             "assert(not ok)\n" VALID_BODY,
                             &lim, &scn, &err),
                   STP_ERR_LIMIT);
  assert_non_null(strstr(err.msg, "memory limit of 2 MiB"));
  assert_int_equal(err.line, 3);
  /* A conversion error caught by pcall is just an error the script handled... */
  assert_int_equal(load_text("local ok = pcall(rect, { x = 0 })\nassert(not ok)\n" VALID_BODY, NULL, &scn, &err),
                   STP_OK);
  /* ... but scenario{} counts every call. */
  assert_int_equal(load_text("pcall(scenario, { id = 1 })\n" VALID_BODY, NULL, &scn, &err), STP_ERR_SCRIPT);
  assert_int_equal(err.line, 2);
}

static void heavy_library_calls_are_charged(void **state) {
  (void)state;
  stp_error err;
  static const char *const heavy[] = {
    "local t = {} for i = 1, 1e9 do table.insert(t, 1, i) end",
    "local s = string.rep('a', 1e6) for i = 1, 1e9 do local _ = s:find('a-b') end",
    "local s = string.rep('ab', 1e4) for i = 1, 1e9 do local _ = s:upper() end",
    "local t = {} for i = 1, 1e5 do t[i] = 'x' end for i = 1, 1e9 do local _ = table.concat(t) end",
    "local t = {} for i = 1, 1e5 do t[i] = -i end for i = 1, 1e9 do table.sort(t) end",
    "local t = {} for i = 1, 1e5 do t['k' .. i] = i end for i = 1, 1e9 do for k in pairs(t) do end end",
    "for i = 1, 1e9 do local _ = ('x'):rep(1e6) end",
    "local s = ('9'):rep(1e6) for i = 1, 1e9 do local _ = tonumber(s) end",
  };
  for (size_t i = 0; i < sizeof heavy / sizeof heavy[0]; i++) {
    stp_status st = load_text(heavy[i], NULL, &scn, &err);
    if (st != STP_ERR_LIMIT) fail_msg("not stopped (%s): %s", stp_status_text(st), heavy[i]);
    assert_int_equal(err.line, 1);
    /* Stopped by the budget, not by the wall-clock safety net: a call that charged nothing
     * would leave the loop's few VM instructions far under 50 million and run into the
     * time limit instead ("ran for more than ... seconds"). */
    if (!strstr(err.msg, "instruction budget")) fail_msg("not the budget: %s (%s)", err.msg, heavy[i]);
  }
}

/* One heavy call, no loop: the budget alone decides. Each case has a control that does
 * the same VM work without the call (so its cost in instructions is known to fit the
 * budget B: asserted), then the call on top fails at its line with B and passes with 50 B.
 * What the call is charged (stp_script_sandbox.c), at least:
 *  - table.sort of n = 2000 elements: n x 8 up front, then 8 per comparison; a merge sort
 *    of n makes at least n/2 log2 n = 1000 x 10.97 = 10,966 comparisons: >= 103,700;
 *  - pairs over 2000 string keys: 8 per key collected (in 256s: 7 x 2048 = 14,336), then 24
 *    per comparison, >= 24 x 10,966 = 263,000;
 *  - 40 table.insert at the front of 2000 elements: 2 per element moved, >= 40 x 2 x 2000
 *    = 160,000.
 * B = 60,000 is above each control (2000-iteration loops: a few instructions each) and
 * below each charge; 50 B = 3,000,000 covers both. */
static void heavy_calls_are_stopped_by_their_charge(void **state) {
  (void)state;
  static const struct { const char *prep, *call, *control; } c[] = {
    {"local t = {} for i = 1, 2000 do t[i] = -i end\n", "table.sort(t)\n", "local _ = #t\n"},
    {"local t = {} for i = 1, 2000 do t[i] = -i end\n", "table.sort(t, function(a, b) return a < b end)\n",
     "local f = function(a, b) return a < b end\n"},
    {"local t = {} for i = 1, 2000 do t['k' .. i] = i end\n", "for k in pairs(t) do end\n",
     "local n = 0 for i = 1, 2000 do n = n + 1 end\n"},   /* next now visits pairs' order: not cheap */
    {"local t = {} for i = 1, 2000 do t[i] = i end\n", "for i = 1, 40 do table.insert(t, 1, i) end\n",
     "for i = 1, 40 do t[#t + 1] = i end\n"},
  };
  stp_script_limits small, big;
  stp_script_limits_default(&small);
  small.instructions = 60000;
  big = small;
  big.instructions = 50 * small.instructions;
  for (size_t i = 0; i < sizeof c / sizeof c[0]; i++) {
    char text[1024];
    stp_error err;
    snprintf(text, sizeof text, "%s%s" VALID_BODY, c[i].prep, c[i].control);
    stp_status st = load_text(text, &small, &scn, &err);
    if (st != STP_OK) fail_msg("control over budget (%s): %s", err.msg, c[i].control);
    snprintf(text, sizeof text, "%s%s" VALID_BODY, c[i].prep, c[i].call);
    st = load_text(text, &small, &scn, &err);
    if (st != STP_ERR_LIMIT) fail_msg("not stopped by a budget of 60000 (%s): %s", stp_status_text(st), c[i].call);
    assert_int_equal(err.line, 2);
    assert_non_null(strstr(err.msg, "more than 60000 instructions"));
    st = load_text(text, &big, &scn, &err);
    if (st != STP_OK) fail_msg("stopped with a budget of 3000000 (%s): %s", err.msg, c[i].call);
  }
}

/* ---- APIs and plumbing ---------------------------------------------------------------- */

static void buffer_api(void **state) {
  (void)state;
  stp_error err;
  assert_int_equal(stp_script_load_scenario_buffer("scenarios/x.lua", VALID_BODY, strlen(VALID_BODY), NULL, &scn, &err),
                   STP_OK);
  assert_string_equal(scn.path, "scenarios/x.lua");
  assert_string_equal(scn.id, "ok");
  /* Messages name the chunk name given. */
  const char *bad = "\n\nlocal x = y.z\n";
  assert_int_equal(stp_script_load_scenario_buffer("scenarios/x.lua", bad, strlen(bad), NULL, &scn, &err),
                   STP_ERR_SCRIPT);
  assert_string_equal(err.file, "scenarios/x.lua");
  assert_int_equal(err.line, 3);
  /* A precompiled chunk is refused, at line 1. */
  static const char bytecode[] = "\x1bLua\x54\x00\x19\x93\r\n\x1a\n";
  assert_int_equal(stp_script_load_scenario_buffer("b.lua", bytecode, sizeof bytecode - 1, NULL, &scn, &err),
                   STP_ERR_SCRIPT);
  assert_int_equal(err.line, 1);
  /* Empty text: never calls scenario. No chunk name: a placeholder. NULL err is fine. */
  assert_int_equal(stp_script_load_scenario_buffer(NULL, "", 0, NULL, &scn, &err), STP_ERR_SCRIPT);
  assert_string_equal(err.file, "(scenario)");
  assert_int_equal(stp_script_load_scenario_buffer("n.lua", NULL, 0, NULL, &scn, NULL), STP_ERR_SCRIPT);
  /* Text need not end in a NUL, and may hold one (a syntax error, not a crash). */
  static const char nul[] = "local a = 1\0 + 2";
  assert_int_equal(stp_script_load_scenario_buffer("nul.lua", nul, sizeof nul - 1, NULL, &scn, &err),
                   STP_ERR_SCRIPT);
  assert_int_equal(err.line, 1);
}

static void state_api(void **state) {
  (void)state;
  stp_script *s;
  stp_error err;
  assert_int_equal(stp_script_open(&s, NULL, &err), STP_OK);
  assert_int_equal(stp_script_load(s, "a.lua", VALID_BODY, strlen(VALID_BODY), &scn, &err), STP_OK);
  stp_script_stats st;
  stp_script_get_stats(s, &st);
  assert_true(st.budget_used > 0 && st.budget_used < 100000);
  assert_true(st.memory_bytes > 0 && st.memory_peak >= st.memory_bytes);
  /* One scenario per state. */
  assert_int_equal(stp_script_load(s, "a.lua", VALID_BODY, strlen(VALID_BODY), &scn, &err), STP_ERR_USAGE);
  stp_script_close(s);
  stp_script_close(NULL);
  assert_int_equal(stp_script_open(NULL, NULL, &err), STP_ERR_USAGE);
}

static void io_and_usage_errors(void **state) {
  (void)state;
  stp_error err;
  assert_int_equal(stp_script_load_scenario(STP_TEST_SCENARIOS "/no-such-file.lua", NULL, &scn, &err), STP_ERR_IO);
  assert_string_equal(err.file, STP_TEST_SCENARIOS "/no-such-file.lua");
  assert_int_equal(stp_script_load_scenario(STP_TEST_SCENARIOS, NULL, &scn, &err), STP_ERR_IO);   /* a folder */
  assert_int_equal(stp_script_load_scenario(NULL, NULL, &scn, &err), STP_ERR_USAGE);
  assert_int_equal(stp_script_load_scenario(BUNDLED, NULL, NULL, &err), STP_ERR_USAGE);
  char longname[700];
  memset(longname, 'a', sizeof longname - 1);
  longname[sizeof longname - 1] = '\0';
  assert_int_equal(stp_script_load_scenario_buffer(longname, VALID_BODY, strlen(VALID_BODY), NULL, &scn, &err),
                   STP_ERR_USAGE);
}

static void long_paths_still_give_lines(void **state) {
  (void)state;
  /* Lua shortens long chunk names in its messages ("...tail"); the line must survive. */
  char name[400];
  snprintf(name, sizeof name, "/%0300d/deep/scenario.lua", 0);
  const char *text = "\n\nlocal x = nil + 1\n";
  stp_error err;
  assert_int_equal(stp_script_load_scenario_buffer(name, text, strlen(text), NULL, &scn, &err), STP_ERR_SCRIPT);
  assert_int_equal(err.line, 3);
  assert_null(strstr(err.msg, "scenario.lua:"));
}

static void overlays_key_sets_what_is_allowed(void **state) {
  (void)state;
  stp_scenario sc;
  stp_error err;
  assert_int_equal(stp_script_load_scenario(STP_TEST_SCENARIOS "/good/overlays.lua", NULL, &sc, &err), STP_OK);
  assert_int_equal(sc.overlays, STP_OVERLAY_GRAIN);   /* zones and density off, grain kept */
  assert_int_equal(stp_script_load_scenario(STP_SCENARIO_DIR "/01_practice_field.lua", NULL, &sc, &err), STP_OK);
  assert_int_equal(sc.overlays, STP_OVERLAY_ALL);     /* absent: all allowed */
}

/* role = "done": a zone done by the instructor (docs/scenario-api.md, "zones"). */
static void done_role_is_read(void **state) {
  (void)state;
  char text[400];
  stp_error err;
  /* role = "done": the instructor's zone. */
  snprintf(text, sizeof text, "scenario { id = 't', title = 'T', brief = 'B', zones = {\n"
           "  { id = 'a', shape = rect { x = -10, y = 120, w = 20, h = 20 }, density = 30 },\n"
           "  { id = 'b', shape = rect { x = -10, y = 140, w = 20, h = 20 }, density = 30, role = 'done' } } }\n");
  assert_int_equal(stp_script_load_scenario_buffer("t.lua", text, strlen(text), NULL, &scn, &err), STP_OK);
  assert_int_equal(scn.zones[0].role, STP_ZONE_WORK);
  assert_int_equal(scn.zones[1].role, STP_ZONE_DONE);
}

/* tutorial = true gives every coach step in their order; a list gives those steps in its
 * order; false or nothing, none; anything else fails at the scenario's line. */
static void tutorial_key_lists_steps(void **state) {
  (void)state;
  static const char *const FMT = "\nscenario { id = 't', title = 'T', brief = 'B', %s\n"
                                 "  zones = { { id = 'a', shape = rect { x = -10, y = 120, w = 20, h = 20 }, density = 30 } } }\n";
  struct { const char *key; int n; stp_tutorial_step steps[STP_TUT_COUNT]; } ok[] = {
    {"", 0, {0}},
    {"tutorial = false,", 0, {0}},
    {"tutorial = true,", 5, {STP_TUT_PLACE, STP_TUT_ZOOM, STP_TUT_NEEDLE, STP_TUT_HEALED, STP_TUT_FINISH}},
    {"tutorial = { 'healed', 'place' },", 2, {STP_TUT_HEALED, STP_TUT_PLACE}},
    {"tutorial = { 'finish', 'needle', 'zoom', 'healed', 'place' },", 5,
     {STP_TUT_FINISH, STP_TUT_NEEDLE, STP_TUT_ZOOM, STP_TUT_HEALED, STP_TUT_PLACE}},
  };
  char text[400];
  stp_error err;
  for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++) {
    snprintf(text, sizeof text, FMT, ok[i].key);
    assert_int_equal(stp_script_load_scenario_buffer("t.lua", text, strlen(text), NULL, &scn, &err), STP_OK);
    assert_int_equal(scn.tutorial_count, ok[i].n);
    for (int k = 0; k < ok[i].n; k++) assert_int_equal(scn.tutorial[k], ok[i].steps[k]);
  }
  assert_string_equal(stp_tutorial_step_key(STP_TUT_HEALED), "healed");
  assert_null(stp_tutorial_step_key(STP_TUT_COUNT));
  assert_int_equal(stp_tutorial_step_find("finish"), STP_TUT_FINISH);
  assert_int_equal(stp_tutorial_step_find("Finish"), STP_TUT_COUNT);
  const char *bad[] = {"tutorial = 1,", "tutorial = 'place',", "tutorial = {},", "tutorial = { 'place', 3 },",
                       "tutorial = { 'place', 'zoom', 'needle', 'healed', 'finish', 'place' },"};
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
    snprintf(text, sizeof text, FMT, bad[i]);
    assert_int_not_equal(stp_script_load_scenario_buffer("t.lua", text, strlen(text), NULL, &scn, &err), STP_OK);
    assert_int_equal(err.line, 2);
    assert_non_null(strstr(err.msg, "tutorial"));
  }
  /* The core's own check: a step out of range or twice (a scenario built in C). */
  snprintf(text, sizeof text, FMT, "tutorial = true,");
  assert_int_equal(stp_script_load_scenario_buffer("t.lua", text, strlen(text), NULL, &scn, &err), STP_OK);
  assert_int_equal(stp_scenario_validate(&scn, &err), STP_OK);
  scn.tutorial[1] = STP_TUT_PLACE;
  assert_int_equal(stp_scenario_validate(&scn, &err), STP_ERR_RANGE);
  assert_non_null(strstr(err.msg, "tutorial step 'place' is listed twice"));
  scn.tutorial[1] = STP_TUT_COUNT;
  assert_int_equal(stp_scenario_validate(&scn, &err), STP_ERR_RANGE);
  scn.tutorial_count = STP_TUT_COUNT + 1;
  assert_int_equal(stp_scenario_validate(&scn, &err), STP_ERR_RANGE);
}

/* tilt_grain: true or false (default false); anything else fails at the scenario's line. */
static void tilt_grain_key(void **state) {
  (void)state;
  static const char *const FMT = "\nscenario { id = 't', title = 'T', brief = 'B', %s\n"
                                 "  zones = { { id = 'a', shape = rect { x = -10, y = 120, w = 20, h = 20 }, density = 30 } } }\n";
  char text[400];
  stp_error err;
  struct { const char *key; bool want; } ok[] = {{"", false}, {"tilt_grain = false,", false}, {"tilt_grain = true,", true}};
  for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++) {
    snprintf(text, sizeof text, FMT, ok[i].key);
    assert_int_equal(stp_script_load_scenario_buffer("t.lua", text, strlen(text), NULL, &scn, &err), STP_OK);
    assert_int_equal(scn.tilt_grain, ok[i].want);
  }
  const char *bad[] = {"tilt_grain = 1,", "tilt_grain = 'yes',", "tilt_grain = {},"};
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
    snprintf(text, sizeof text, FMT, bad[i]);
    assert_int_not_equal(stp_script_load_scenario_buffer("t.lua", text, strlen(text), NULL, &scn, &err), STP_OK);
    assert_int_equal(err.line, 2);
    assert_non_null(strstr(err.msg, "tilt_grain must be true or false"));
  }
}

/* design.guides: what the consultation shows (docs/scenario-api.md, "Hairline design
 * exercise"): the ruler by default, "landmarks", "none"; anything else names the choices. */
static void design_guides(void **state) {
  (void)state;
  static const char *const fmt =
    "scenario { id = 'd', title = 'D', brief = 'b', zones = { { id = 'hairline', role = 'hairline', shape = rect { x = -60, y = 60, w = 120, h = 60 }, density = 20 } },\n"
    "  design = { zone = 'hairline'%s } }\n";
  static const struct { const char *extra; int want; } cases[] = {
    {"", STP_DESIGN_GUIDES_RULER}, {", guides = 'ruler'", STP_DESIGN_GUIDES_RULER},
    {", guides = 'landmarks'", STP_DESIGN_GUIDES_LANDMARKS}, {", guides = 'none'", STP_DESIGN_GUIDES_NONE}};
  stp_scenario *s = malloc(sizeof *s);
  assert_non_null(s);
  char text[512];
  stp_error err;
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    snprintf(text, sizeof text, fmt, cases[i].extra);
    assert_int_equal(load_text(text, NULL, s, &err), STP_OK);
    assert_true(s->design.enabled);
    assert_int_equal(s->design.guides, cases[i].want);
  }
  snprintf(text, sizeof text, fmt, ", guides = 'answer'");
  assert_int_equal(load_text(text, NULL, s, &err), STP_ERR_RANGE);
  assert_non_null(strstr(err.msg, "\"none\", \"ruler\" or \"landmarks\""));
  free(s);
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(overlays_key_sets_what_is_allowed),
    cmocka_unit_test(tilt_grain_key),
    cmocka_unit_test(tutorial_key_lists_steps),
    cmocka_unit_test(done_role_is_read),
    cmocka_unit_test(bundled_practice_field),
    cmocka_unit_test(every_good_fixture_loads),
    cmocka_unit_test(minimal_gets_defaults),
    cmocka_unit_test(all_keys_are_read),
    cmocka_unit_test(new_keys_are_read),
    cmocka_unit_test(hooks_give_advice_and_contain_errors),
    cmocka_unit_test(pairs_order_is_fixed_and_rubric_subset),
    cmocka_unit_test(math_random_is_deterministic),
    cmocka_unit_test(bad_fixtures_fail_at_their_line),
    cmocka_unit_test(every_bad_fixture_is_listed),
    cmocka_unit_test(custom_limits),
    cmocka_unit_test(limits_cannot_be_swallowed),
    cmocka_unit_test(heavy_library_calls_are_charged),
    cmocka_unit_test(heavy_calls_are_stopped_by_their_charge),
    cmocka_unit_test(buffer_api),
    cmocka_unit_test(state_api),
    cmocka_unit_test(io_and_usage_errors),
    cmocka_unit_test(long_paths_still_give_lines),
    cmocka_unit_test(algebra_and_landmarks),
    cmocka_unit_test(design_guides),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
