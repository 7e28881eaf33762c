/* The scoring commands as a user runs them: `stipple targets` (against targets worked out
 * by hand from a case's numbers) and `stipple score --maps DIR` (a PNG heatmap per enabled criterion). */
#define _POSIX_C_SOURCE 200809L
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include "stp_test.h"
#include <SDL2/SDL.h>
#include <SDL2/SDL_image.h>
#include <cjson/cJSON.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "stp_field.h"
#include "stp_script.h"

#define SCENARIO STP_SCENARIO_DIR "/01_practice_field.lua"
#define HAND STP_TEST_DATA "/hand/practice_40.csv"

#include "cli_run.h"
#define tmpdir cli_tmpdir


/* A case written for this test, whose targets are easy to work out by hand
 * (docs/scenario-api.md, "Target fields"):
 *  - "front", x -20..20, y 100..120: density ramp 10 -> 40 over 10 mm behind its front edge
 *    (y = 100 at every x), angle a clockwise whorl about (0, 110) turned 30 deg, ink 0.5,
 *    depth 1.2;
 *  - "back", x -20..20, y 120..130: 25 per cm2, 90 deg, ink 0.35, depth 0.9, needle 0.18. */
static const char HAND_FIELDS[] =
  "scenario {\n"
  "  id = \"hand-fields\", title = \"Hand fields\", brief = \"b\",\n"
  "  zones = {\n"
  "    { id = \"front\", shape = rect { x = -20, y = 100, w = 40, h = 20 },\n"
  "      density = ramp { from = 10, to = 40, width = 10 },\n"
  "      angle = whorl { x = 0, y = 110, sense = \"clockwise\", tightness = 30 },\n"
  "      ink = 0.5, depth = 1.2 },\n"
  "    { id = \"back\", shape = rect { x = -20, y = 120, w = 40, h = 10 },\n"
  "      density = 25, angle = 90, ink = 0.35, depth = 0.9, needle = 0.18 },\n"
  "  },\n"
  "}\n";

/* The hand derivation: smoothstep, the ramp from the front edge y = 100, and the whorl's
 * direction away from its centre turned clockwise (angles grow clockwise on the chart). */
static double hand_smoothstep(double t) {
  t = t < 0 ? 0 : t > 1 ? 1 : t;
  return t * t * (3 - 2 * t);
}
static double hand_front_density(double y) { return 10 + 30 * hand_smoothstep((y - 100) / 10); }
static double hand_front_angle(double x, double y) {
  double a = atan2(y - 110, x) * 180 / 3.14159265358979323846 + 30;
  return fmod(a + 720, 360);
}

static void targets_csv_matches_hand_derived_targets(void **state) {
  (void)state;
  static char out[1 << 16], err[4096];
  char path[512], cmd[1024];
  snprintf(path, sizeof path, "%s/hand_fields.lua", tmpdir);
  FILE *f = fopen(path, "w");
  assert_non_null(f);
  fputs(HAND_FIELDS, f);
  fclose(f);
  snprintf(cmd, sizeof cmd, STIPPLE_BIN " targets --scenario %s --cell 5 --csv", path);
  assert_int_equal(run(cmd, out, sizeof out, err, sizeof err), 0);
  char *save = NULL, *line = strtok_r(out, "\n", &save);
  assert_string_equal(line, "x_mm,y_mm,zone,density_per_cm2,angle_deg,ink,depth_mm,needle_mm,pigment");
  int rows = 0, front = 0, back = 0;
  bool seen[3] = {false, false, false};
  while ((line = strtok_r(NULL, "\n", &save))) {
    double x, y, d, a, ink, depth, needle;
    char zone[64], pigment[64];
    assert_int_equal(sscanf(line, "%lf,%lf,%63[^,],%lf,%lf,%lf,%lf,%lf,%63s", &x, &y, zone, &d, &a, &ink, &depth,
                            &needle, pigment), 9);
    /* Cells of 5 mm from the chart's origin over the zones' bounds (-20..20 x 100..130):
     * centres at x = -17.5 .. 17.5, y = 102.5 .. 127.5. */
    assert_float_equal(fmod(x + 1000, 5), 2.5, 1e-9);
    assert_float_equal(fmod(y, 5), 2.5, 1e-9);
    assert_true(x > -20 && x < 20 && y > 100 && y < 130);
    if (y < 120) {
      front++;
      assert_string_equal(zone, "front");
      assert_float_equal(d, hand_front_density(y), 0.0005 + 1e-9);   /* printed to 3 decimals: half a unit, and its rounding */
      double da = fabs(a - hand_front_angle(x, y));
      assert_true(fmin(da, 360 - da) < 0.006);
      assert_float_equal(ink, 0.5, 0.0005);
      assert_float_equal(depth, 1.2, 0.0005);
      assert_float_equal(needle, 0.25, 0.0005);   /* no needle given: the kit's nearest 0.25 */
    } else {
      back++;
      assert_string_equal(zone, "back");
      assert_float_equal(d, 25, 0.0005);
      assert_float_equal(a, 90, 0.005);
      assert_float_equal(ink, 0.35, 0.0005);
      assert_float_equal(depth, 0.9, 0.0005);
      assert_float_equal(needle, 0.18, 0.0005);
    }
    /* Three cells worked out in full:
     * (2.5, 102.5): 2.5 mm behind the front, t = 0.25, 0.0625 x 2.5 = 0.15625, 10 + 4.6875 = 14.6875;
     *   atan2(-7.5, 2.5) = -71.565 deg, + 30 = -41.565 -> 318.435 deg.
     * (-2.5, 107.5): t = 0.75, 0.5625 x 1.5 = 0.84375, 10 + 25.3125 = 35.3125;
     *   atan2(-2.5, -2.5) = -135, + 30 = -105 -> 255 deg.
     * (17.5, 117.5): past the ramp, 40; atan2(7.5, 17.5) = 23.199, + 30 = 53.199 deg. */
    if (x == 2.5 && y == 102.5) { seen[0] = true; assert_float_equal(d, 14.6875, 0.0006); assert_float_equal(a, 318.43, 0.006); }
    if (x == -2.5 && y == 107.5) { seen[1] = true; assert_float_equal(d, 35.3125, 0.0006); assert_float_equal(a, 255, 0.006); }
    if (x == 17.5 && y == 117.5) { seen[2] = true; assert_float_equal(d, 40, 0.0005); assert_float_equal(a, 53.20, 0.006); }
    rows++;
  }
  /* 8 x 4 cells in the front zone, 8 x 2 in the back one. */
  assert_int_equal(front, 32);
  assert_int_equal(back, 16);
  assert_int_equal(rows, 48);
  assert_true(seen[0] && seen[1] && seen[2]);

  /* The bundled practice field: its numbers are in scenarios/01_practice_field.lua (one
   * 40 x 30 mm rectangle at x -20..20, y 120..150: 30 per cm2, 270 deg, depth 1.0). */
  assert_int_equal(run(STIPPLE_BIN " targets --scenario " SCENARIO " --cell 5 --csv", out, sizeof out, err, sizeof err), 0);
  stp_scenario *s = malloc(sizeof *s);
  stp_error e;
  assert_int_equal(stp_script_load_scenario(SCENARIO, NULL, s, &e), STP_OK);
  save = NULL;
  line = strtok_r(out, "\n", &save);
  rows = 0;
  while ((line = strtok_r(NULL, "\n", &save))) {
    double x, y, d, a, ink, depth, needle;
    char zone[64], pigment[64];
    assert_int_equal(sscanf(line, "%lf,%lf,%63[^,],%lf,%lf,%lf,%lf,%lf,%63s", &x, &y, zone, &d, &a, &ink, &depth,
                            &needle, pigment), 9);
    assert_true(x > -20 && x < 20 && y > 120 && y < 150);
    assert_string_equal(zone, "field");
    assert_float_equal(d, 30, 0.0005);
    assert_float_equal(a, 270, 0.005);
    assert_float_equal(depth, 1.0, 0.0005);
    assert_float_equal(needle, 0.25, 0.0005);
    /* The planned ink and pigment (the kit's nearest to the hair's shade) are the loaded case's. */
    assert_float_equal(ink, s->zones[0].ink, 0.0005);
    assert_string_equal(pigment, s->pigments[s->zones[0].pigment].id);
    rows++;
  }
  /* The 40 x 30 mm field in 5 mm cells: 8 x 6. */
  assert_int_equal(rows, 48);
  free(s);
  /* --kit: the default kit, one row per needle, pigment and ink, in the scenario's order. */
  assert_int_equal(run(STIPPLE_BIN " targets --scenario " SCENARIO " --kit", out, sizeof out, err, sizeof err), 0);
  assert_string_equal(out, "kind,value\nneedle,0.180\nneedle,0.250\nneedle,0.300\nneedle,0.350\n"
                           "pigment,carbon-black\npigment,cool-dark-grey\npigment,warm-dark-grey\npigment,dark-brown\n"
                           "ink,1.000\nink,0.750\nink,0.500\nink,0.350\nink,0.250\n");
  /* Usage and input errors. */
  assert_int_equal(run(STIPPLE_BIN " targets --scenario " SCENARIO " --cell 0", out, sizeof out, err, sizeof err), 2);
  assert_int_equal(run(STIPPLE_BIN " targets --cell 2", out, sizeof out, err, sizeof err), 2);
  assert_int_equal(run(STIPPLE_BIN " targets --scenario " SCENARIO " --frob", out, sizeof out, err, sizeof err), 2);
  snprintf(cmd, sizeof cmd, STIPPLE_BIN " targets --scenario %s/missing.lua", tmpdir);
  assert_int_equal(run(cmd, out, sizeof out, err, sizeof err), 4);
  assert_non_null(strstr(err, "missing.lua"));
}

/* `targets --session K`: the same case over three sessions, the scenario's plan 0.3 / 0.7 / 1
 * of the final density with inks 0.25, 0.5 and the zones' own; "back" has its own plan
 * 0.5 / 1 in needle 0.25 then its own 0.18. Each session's export is the final one with the
 * density times its share (a ramp at both ends: 10 -> 40 becomes 3 -> 12 in session 1) and
 * the plan's ink and needle; a session past the last, or with --kit, is a usage error. */
static void targets_per_session(void **state) {
  (void)state;
  static char out[1 << 16], err[4096];
  char path[512], cmd[1024];
  snprintf(path, sizeof path, "%s/hand_sessions.lua", tmpdir);
  FILE *f = fopen(path, "w");
  assert_non_null(f);
  const char *body = strstr(HAND_FIELDS, "  zones = {");
  fprintf(f, "scenario {\n  id = \"hand-sessions\", title = \"Hand sessions\", brief = \"b\", sessions = 3,\n"
             "  plan = { { density = 0.3, ink = 0.25 }, { density = 0.7, ink = 0.5 }, { density = 1 } },\n");
  /* the zones of HAND_FIELDS, "back" with a plan of its own */
  char zones[2048];
  snprintf(zones, sizeof zones, "%s", body);
  char *needle = strstr(zones, "needle = 0.18 }");
  assert_non_null(needle);
  fwrite(zones, 1, (size_t)(needle - zones), f);
  fputs("needle = 0.18, plan = { { density = 0.5, needle = 0.25 }, { density = 1 } } },\n  },\n}\n", f);
  fclose(f);
  static const double share[3] = {0.3, 0.7, 1.0}, ink[3] = {0.25, 0.5, 0.5};
  static const double back_share[3] = {0.5, 1, 1}, back_needle[3] = {0.25, 0.18, 0.18};
  for (int k = 1; k <= 3; k++) {
    snprintf(cmd, sizeof cmd, STIPPLE_BIN " targets --scenario %s --cell 5 --session %d", path, k);
    if (run(cmd, out, sizeof out, err, sizeof err) != 0) fail_msg("session %d: %s", k, err);
    char *save = NULL, *line = strtok_r(out, "\n", &save);
    assert_string_equal(line, "x_mm,y_mm,zone,density_per_cm2,angle_deg,ink,depth_mm,needle_mm,pigment");
    int rows = 0;
    while ((line = strtok_r(NULL, "\n", &save))) {
      double x, y, d, a, in, depth, nd;
      char zone[64], pigment[64];
      assert_int_equal(sscanf(line, "%lf,%lf,%63[^,],%lf,%lf,%lf,%lf,%lf,%63s", &x, &y, zone, &d, &a, &in, &depth, &nd,
                              pigment), 9);
      if (y < 120) {
        assert_string_equal(zone, "front");
        assert_float_equal(d, share[k - 1] * hand_front_density(y), 0.0005 + 1e-9);
        assert_float_equal(in, ink[k - 1], 0.0005);   /* the zone's own 0.5 in the last */
        assert_float_equal(nd, 0.25, 0.0005);
      } else {
        assert_string_equal(zone, "back");
        assert_float_equal(d, 25 * back_share[k - 1], 0.0005);
        assert_float_equal(in, 0.35, 0.0005);   /* its plan sets no ink: the zone's */
        assert_float_equal(nd, back_needle[k - 1], 0.0005);
      }
      assert_float_equal(depth, y < 120 ? 1.2 : 0.9, 0.0005);
      rows++;
    }
    assert_int_equal(rows, 48);
  }
  snprintf(cmd, sizeof cmd, STIPPLE_BIN " targets --scenario %s --session 4", path);
  assert_int_equal(run(cmd, out, sizeof out, err, sizeof err), 2);
  assert_non_null(strstr(err, "there is no session 4"));
  snprintf(cmd, sizeof cmd, STIPPLE_BIN " targets --scenario %s --session 0", path);
  assert_int_equal(run(cmd, out, sizeof out, err, sizeof err), 2);
  snprintf(cmd, sizeof cmd, STIPPLE_BIN " targets --scenario %s --session 1 --kit", path);
  assert_int_equal(run(cmd, out, sizeof out, err, sizeof err), 2);
}

static SDL_Surface *load_argb(const char *path) {
  SDL_Surface *raw = IMG_Load(path);
  assert_non_null(raw);
  SDL_Surface *s = SDL_ConvertSurfaceFormat(raw, SDL_PIXELFORMAT_ARGB8888, 0);
  SDL_FreeSurface(raw);
  assert_non_null(s);
  return s;
}

static void pixel(SDL_Surface *s, int x, int y, Uint8 *r, Uint8 *g, Uint8 *b) {
  Uint32 p = ((Uint32 *)((Uint8 *)s->pixels + y * s->pitch))[x];
  Uint8 a;
  SDL_GetRGBA(p, s->format, r, g, b, &a);
}

static bool exists(const char *path) {
  struct stat st;
  return stat(path, &st) == 0;
}

static void score_maps_writes_a_heatmap_per_criterion(void **state) {
  (void)state;
  static char out[1 << 16], err[4096];
  char cmd[1024], dir[512], path[600];
  snprintf(dir, sizeof dir, "%s/maps/new", tmpdir);   /* created, parents too */
  snprintf(cmd, sizeof cmd, STIPPLE_BIN " score --scenario " SCENARIO " --work " HAND " --maps %s", dir);
  assert_int_equal(run(cmd, out, sizeof out, err, sizeof err), 0);
  assert_non_null(strstr(out, "13.3 / 100"));          /* the score is unchanged by --maps */
  snprintf(path, sizeof path, "%s/spacing.png", dir);
  assert_true(exists(path));
  snprintf(path, sizeof path, "%s/hairline.png", dir);  /* not in this rubric */
  assert_false(exists(path));
  snprintf(path, sizeof path, "%s/density.png", dir);
  SDL_Surface *m = load_argb(path);
  assert_int_equal(m->w, 1024);
  assert_int_equal(m->h, 1024);
  /* The view (-35, 105)-(35, 165) mm at 14.63 px/mm about (0, 135). In the field,
   * between dots at (-15, 126.5) mm, density is about a tenth of the target: the dark
   * blue end of cividis. Outside the field, at (0, 110) mm, the skin shows through. */
  Uint8 r, g, b;
  pixel(m, 293, 388, &r, &g, &b);
  assert_true(b > r + 20);
  pixel(m, 512, 146, &r, &g, &b);
  assert_true(r > b + 20);
  /* The legend sits at the bottom left: a dark box with a colour bar. */
  pixel(m, 20, 1000, &r, &g, &b);
  assert_true(r < 80 && g < 80 && b < 80);
  SDL_FreeSurface(m);
  /* --json with --maps: the JSON is still the only thing on stdout. */
  snprintf(cmd, sizeof cmd, STIPPLE_BIN " score --scenario " SCENARIO " --work " HAND " --json --maps %s", dir);
  assert_int_equal(run(cmd, out, sizeof out, err, sizeof err), 0);
  cJSON *root = cJSON_Parse(out);
  assert_non_null(root);
  cJSON_Delete(root);
  /* render does not take --maps; an unwritable folder is a file error. */
  snprintf(cmd, sizeof cmd, STIPPLE_BIN " render --scenario " SCENARIO " --work " HAND " --out %s/x.png --maps %s", tmpdir, dir);
  assert_int_equal(run(cmd, out, sizeof out, err, sizeof err), 2);
  snprintf(cmd, sizeof cmd, STIPPLE_BIN " score --scenario " SCENARIO " --work " HAND " --maps /proc/no/such");
  assert_int_equal(run(cmd, out, sizeof out, err, sizeof err), 4);
}

int main(void) {
  if (cli_setup() != 0) return 1;
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(targets_csv_matches_hand_derived_targets),
    cmocka_unit_test(targets_per_session),
    cmocka_unit_test(score_maps_writes_a_heatmap_per_criterion),
  };
  int rc = cmocka_run_group_tests(tests, NULL, NULL);
  if (cli_teardown() != 0) rc = rc ? rc : 1;
  return rc;
}
