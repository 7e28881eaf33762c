/* The scoring commands as a user runs them: `stipple targets` (agreeing with the core's
 * fields) and `stipple score --maps DIR` (a PNG heatmap per enabled criterion). */
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


static void targets_csv_agrees_with_the_scorer(void **state) {
  (void)state;
  static char out[1 << 16], err[4096];
  assert_int_equal(run(STIPPLE_BIN " targets --scenario " SCENARIO " --cell 5 --csv", out, sizeof out, err, sizeof err), 0);
  stp_scenario *s = malloc(sizeof *s);
  stp_error e;
  assert_int_equal(stp_script_load_scenario(SCENARIO, NULL, s, &e), STP_OK);
  char *save = NULL, *line = strtok_r(out, "\n", &save);
  assert_string_equal(line, "x_mm,y_mm,zone,density_per_cm2,angle_deg,ink,depth_mm,needle_mm,pigment");
  int rows = 0;
  while ((line = strtok_r(NULL, "\n", &save))) {
    double x, y, d, a, ink, depth, needle;
    char zone[64], pigment[64];
    assert_int_equal(sscanf(line, "%lf,%lf,%63[^,],%lf,%lf,%lf,%lf,%lf,%63s", &x, &y, zone, &d, &a, &ink, &depth,
                            &needle, pigment), 9);
    /* The planned needle: the kit's nearest 0.25 mm (the field sets none); the pigment: the plan's. */
    assert_float_equal(needle, 0.25, 0.0005);
    assert_string_equal(pigment, s->pigments[s->zones[0].pigment].id);
    stp_targets t = stp_scenario_targets_at(s, x, y);
    assert_true(t.zone >= 0);
    assert_string_equal(zone, s->zones[t.zone].id);
    assert_float_equal(d, t.density_per_cm2, 0.0005);
    assert_float_equal(a, t.angle_deg, 0.005);
    assert_float_equal(ink, t.ink, 0.0005);
    assert_float_equal(depth, t.depth_mm, 0.0005);
    rows++;
  }
  /* The 40 x 30 mm field in 5 mm cells; cells outside every zone are left out. */
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
  char cmd[1024];
  snprintf(cmd, sizeof cmd, STIPPLE_BIN " targets --scenario %s/missing.lua", tmpdir);
  assert_int_equal(run(cmd, out, sizeof out, err, sizeof err), 4);
  assert_non_null(strstr(err, "missing.lua"));
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
    cmocka_unit_test(targets_csv_agrees_with_the_scorer),
    cmocka_unit_test(score_maps_writes_a_heatmap_per_criterion),
  };
  int rc = cmocka_run_group_tests(tests, NULL, NULL);
  if (cli_teardown() != 0) rc = rc ? rc : 1;
  return rc;
}
