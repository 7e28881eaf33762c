/* The command line, as a user runs it: score and render on a work written by hand,
 * bad input giving a message with file and line and a non-zero exit code. */
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
#include <sys/wait.h>
#include <unistd.h>

#define SCENARIO STP_SCENARIO_DIR "/01_practice_field.lua"
#define HAND STP_TEST_DATA "/hand/practice_40.csv"

#include "cli_run.h"
#define tmpdir cli_tmpdir

/* Run a shell command; capture stdout and stderr (each up to size bytes). Returns the exit code. */

static void score_json_on_a_hand_written_work(void **state) {
  (void)state;
  static char out[65536], err[4096];
  int rc = run(STIPPLE_BIN " score --scenario " SCENARIO " --work " HAND " --json", out, sizeof out, err, sizeof err);
  assert_int_equal(rc, 0);
  cJSON *root = cJSON_Parse(out);
  assert_non_null(root);
  /* By hand: 40 impressions on a 5 x 5.5 mm lattice in a 40 x 30 mm zone (12 cm2) = 3.33/cm2
   * against 30 +- 5: 21.67 below the band, past the span of 30 / 2 - 5 = 10: the mean scores 0.
   * Coverage: a 10 x 10 mm window wholly inside the zone holds at most 2 columns x 2 rows =
   * 4 dots, 4 / 30 = 0.13 of the target, under a quarter: bare. The zone's 2 mm cells have
   * centres x = -19..19 (20) and y = 121..149 (15); a cell's window is wholly inside when
   * its centre is 5 mm from the edges: x -15..13 (15), y 125..145 (11): 165 of 300 cells,
   * 55 % bare at least, past the 40 % where coverage reaches 0. Density = min(0, 0) = 0.
   * Evidence: 40 in the zone of 360 planned (30/cm2 x 12 cm2); full marks for criteria judged
   * dot by dot need half of them, 180, so they are scaled by 40 / 180 = 0.222: grain (all at
   * the target 270), shade (the target ink, depth and needle), depth (all at 1.0 mm, inside
   * 0.5..1.5) and boundary (none outside) each 22.22. Spacing: no merges (100), but half of it
   * is the pattern, and the lattice's nearest neighbours all point the same way (5 mm along
   * the rows, 5.5 between them): grid order 1, pattern 0, so 0.5 * 100 + 0.5 * 0 = 50, scaled
   * to 11.11. The distance look is not worked by hand (a blurred rendering), but it too is
   * capped by the evidence: at most 22.22, and the sparse lattice is far from the plan's tone.
   * Weights 0.3 density, 0.15 spacing, 0.15 grain, 0.15 shade, 0.1 depth, 0.15 boundary,
   * 0.1 look (sum 1.1): overall (0.15 * 11.11 + (0.15 + 0.15 + 0.1 + 0.15) * 22.22 + 0.1 *
   * look) / 1.1, between 12.63 (look 0) and 14.65 (look 22.22), failing the pass mark of 70
   * and the density gate (70). */
  double look = -1;
  cJSON *it;
  cJSON_ArrayForEach(it, cJSON_GetObjectItem(root, "criteria"))
    if (strcmp(cJSON_GetObjectItem(it, "id")->valuestring, "look") == 0) look = cJSON_GetObjectItem(it, "score")->valuedouble;
  assert_true(look >= 0 && look <= 22.23);
  assert_float_equal(cJSON_GetObjectItem(root, "score")->valuedouble,
                     (0.15 * 100.0 / 9.0 + 0.55 * 200.0 / 9.0 + 0.1 * look) / 1.1, 0.01);
  assert_true(cJSON_IsFalse(cJSON_GetObjectItem(root, "passed")));
  assert_float_equal(cJSON_GetObjectItem(root, "evidence")->valuedouble, 40.0 / 180.0, 1e-4);
  assert_float_equal(cJSON_GetObjectItem(root, "planned")->valuedouble, 360, 0.01);
  assert_non_null(strstr(cJSON_GetObjectItem(root, "verdict")->valuestring, "Failed a gate: Density 0 (gate 70)"));
  cJSON *crit = cJSON_GetObjectItem(root, "criteria");
  assert_int_equal(cJSON_GetArraySize(crit), 7);
  cJSON *c;
  int seen = 0;
  cJSON_ArrayForEach(c, crit) {
    const char *id = cJSON_GetObjectItem(c, "id")->valuestring;
    double s = cJSON_GetObjectItem(c, "score")->valuedouble;
    assert_true(cJSON_IsNumber(cJSON_GetObjectItem(c, "weight")));
    /* The numbers behind each score (figures) and the line of text (summary). */
    cJSON *f = cJSON_GetObjectItem(c, "figures");
    if (strcmp(id, "density") == 0) {
      assert_float_equal(s, 0, 1e-9);
      /* Gated at 70 by the case, and failed; at least 165 of 300 cells bare (see above). */
      assert_float_equal(cJSON_GetObjectItem(c, "gate")->valuedouble, 70, 0);
      assert_true(cJSON_IsFalse(cJSON_GetObjectItem(c, "gate_passed")));
      assert_true(cJSON_GetObjectItem(f, "bare_share")->valuedouble >= 165.0 / 300.0);
      seen |= 1;
    }
    assert_true(cJSON_IsObject(f));
    assert_true(cJSON_IsString(cJSON_GetObjectItem(c, "summary")));
    if (strcmp(id, "spacing") == 0) {
      assert_float_equal(s, 11.11, 0.01);
      assert_float_equal(cJSON_GetObjectItem(f, "merged")->valuedouble, 0, 0);
      seen |= 2;
    }
    if (strcmp(id, "depth") == 0) {
      assert_float_equal(s, 22.22, 0.01);
      assert_float_equal(cJSON_GetObjectItem(f, "too_shallow")->valuedouble + cJSON_GetObjectItem(f, "too_deep")->valuedouble, 0, 0);
      seen |= 4;
    }
    if (strcmp(id, "boundary") == 0) {
      assert_float_equal(s, 22.22, 0.01);
      assert_float_equal(cJSON_GetObjectItem(f, "fraction")->valuedouble, 0, 0);
      seen |= 8;
    }
  }
  assert_int_equal(seen, 15);
  cJSON_Delete(root);
  /* The text form says the same. */
  rc = run(STIPPLE_BIN " score --scenario " SCENARIO " --work " HAND, out, sizeof out, err, sizeof err);
  assert_int_equal(rc, 0);
  assert_non_null(strstr(out, "13.3 / 100"));
  assert_non_null(strstr(out, "Failed a gate: Density 0 (gate 70)"));
  assert_non_null(strstr(out, "NOT PASSED"));
}

static void bad_input_names_file_and_line(void **state) {
  (void)state;
  char out[4096], err[4096], cmd[1024], path[512];
  /* A malformed row. */
  snprintf(path, sizeof path, "%s/bad.csv", tmpdir);
  FILE *f = fopen(path, "w");
  fputs("x_mm,y_mm,angle_deg,depth_mm,needle_mm,ink,session,t_ms\n0,130,270,1,0.25,0.5,1,0\n0,131,270,1,0.25,lots,1,5\n", f);
  fclose(f);
  snprintf(cmd, sizeof cmd, STIPPLE_BIN " score --scenario " SCENARIO " --work %s", path);
  assert_int_equal(run(cmd, out, sizeof out, err, sizeof err), 3);
  assert_non_null(strstr(err, "bad.csv:3"));
  assert_string_equal(out, "");   /* nothing half-scored */
  /* A needle outside the case's kit (the practice field offers the default needles): the
   * row's line, exit 3, nothing scored; render refuses it too. */
  snprintf(path, sizeof path, "%s/offkit.csv", tmpdir);
  f = fopen(path, "w");
  fputs("x_mm,y_mm,angle_deg,depth_mm,needle_mm,ink,session,t_ms\n0,130,270,1,0.25,0.5,1,0\n\n0,131,270,1,0.4,0.5,1,5\n", f);
  fclose(f);
  snprintf(cmd, sizeof cmd, STIPPLE_BIN " score --scenario " SCENARIO " --work %s", path);
  assert_int_equal(run(cmd, out, sizeof out, err, sizeof err), 3);
  assert_non_null(strstr(err, "offkit.csv:4: needle 0.4 mm is not in this case's kit"));
  assert_string_equal(out, "");
  snprintf(cmd, sizeof cmd, STIPPLE_BIN " render --scenario " SCENARIO " --work %s --out %s/offkit.png", path, tmpdir);
  assert_int_equal(run(cmd, out, sizeof out, err, sizeof err), 3);
  /* A scenario with a runtime error on line 2. */
  snprintf(path, sizeof path, "%s/broken.lua", tmpdir);
  f = fopen(path, "w");
  fputs("-- a broken scenario\nlocal x = nil + 1\n", f);
  fclose(f);
  snprintf(cmd, sizeof cmd, STIPPLE_BIN " score --scenario %s --work " HAND, path);
  assert_int_equal(run(cmd, out, sizeof out, err, sizeof err), 3);
  assert_non_null(strstr(err, "broken.lua:2"));
  /* Usage errors and a missing file. */
  assert_int_equal(run(STIPPLE_BIN " score --work " HAND, out, sizeof out, err, sizeof err), 2);
  assert_int_equal(run(STIPPLE_BIN " frobnicate", out, sizeof out, err, sizeof err), 2);
  snprintf(cmd, sizeof cmd, STIPPLE_BIN " score --scenario " SCENARIO " --work %s/nope.csv", tmpdir);
  assert_int_equal(run(cmd, out, sizeof out, err, sizeof err), 4);
  assert_non_null(strstr(err, "nope.csv"));
  assert_int_equal(run(STIPPLE_BIN " --version", out, sizeof out, err, sizeof err), 0);
  assert_non_null(strstr(out, "stipple "));
  assert_int_equal(run(STIPPLE_BIN " --help", out, sizeof out, err, sizeof err), 0);
  assert_non_null(strstr(out, "stipple render"));
}

static float lum(SDL_Surface *s, int x, int y) {
  Uint32 p = ((Uint32 *)((Uint8 *)s->pixels + y * s->pitch))[x];
  Uint8 r, g, b, a;
  SDL_GetRGBA(p, s->format, &r, &g, &b, &a);
  return 0.2126f * r + 0.7152f * g + 0.0722f * b;
}

static SDL_Surface *load_argb(const char *path) {
  SDL_Surface *raw = IMG_Load(path);
  assert_non_null(raw);
  SDL_Surface *s = SDL_ConvertSurfaceFormat(raw, SDL_PIXELFORMAT_ARGB8888, 0);
  SDL_FreeSurface(raw);
  assert_non_null(s);
  return s;
}

static void render_draws_the_work(void **state) {
  (void)state;
  char out[4096], err[4096], cmd[1024], fresh[512], healed[512];
  snprintf(fresh, sizeof fresh, "%s/fresh.png", tmpdir);
  snprintf(healed, sizeof healed, "%s/healed.png", tmpdir);
  snprintf(cmd, sizeof cmd, STIPPLE_BIN " render --scenario " SCENARIO " --work " HAND " --out %s --size 700x600", fresh);
  assert_int_equal(run(cmd, out, sizeof out, err, sizeof err), 0);
  snprintf(cmd, sizeof cmd, STIPPLE_BIN " render --scenario " SCENARIO " --work " HAND " --out %s --size 700x600 --healed", healed);
  assert_int_equal(run(cmd, out, sizeof out, err, sizeof err), 0);
  SDL_Surface *f = load_argb(fresh), *h = load_argb(healed);
  assert_int_equal(f->w, 700);
  assert_int_equal(f->h, 600);
  /* The view frames the zone (70 x 60 mm) at 10 px/mm around (0, 135): the first dot,
   * at (-17.5, 124) mm, lands on pixel (175, 190); bare skin 2.5 mm to its right. */
  float dot = lum(f, 175, 190), skin = lum(f, 200, 190);
  assert_true(skin > 60);
  assert_true(dot < skin * 0.6f);
  /* Healed dots are lighter than fresh ones; the skin is unchanged. */
  assert_true(lum(h, 175, 190) > dot + 5);
  assert_float_equal(lum(h, 200, 190), skin, 3.0);
  SDL_FreeSurface(f);
  SDL_FreeSurface(h);
}

/* --landmarks draws the head's landmarks: with --head a 700 x 600 image frames the chart
 * (-190..190 x -30..435 mm) at min(700 / 380, 600 / 465) = 1.2903 px/mm about (0, 202.5), so
 * the standard head's mid-frontal point (0, 80) lands on pixel (350, 300 - 122.5 x 1.2903 =
 * 141.9) and the glabella (0, 0) on (350, 38.7): a sky-blue dot there, bare skin without. */
static int blue_minus_red(SDL_Surface *s, int x, int y) {
  Uint32 p = ((Uint32 *)((Uint8 *)s->pixels + y * s->pitch))[x];
  Uint8 r, g, b, a;
  SDL_GetRGBA(p, s->format, &r, &g, &b, &a);
  return (int)b - (int)r;
}

static void render_draws_landmarks(void **state) {
  (void)state;
  char out[4096], err[4096], cmd[1024], with[512], without[512];
  snprintf(with, sizeof with, "%s/lm.png", tmpdir);
  snprintf(without, sizeof without, "%s/nolm.png", tmpdir);
  snprintf(cmd, sizeof cmd, STIPPLE_BIN " render --scenario " SCENARIO " --work " HAND " --out %s --size 700x600 --head --landmarks", with);
  assert_int_equal(run(cmd, out, sizeof out, err, sizeof err), 0);
  snprintf(cmd, sizeof cmd, STIPPLE_BIN " render --scenario " SCENARIO " --work " HAND " --out %s --size 700x600 --head", without);
  assert_int_equal(run(cmd, out, sizeof out, err, sizeof err), 0);
  SDL_Surface *l = load_argb(with), *n = load_argb(without);
  assert_true(blue_minus_red(l, 350, 142) > 80);    /* sky blue (86, 180, 233) */
  assert_true(blue_minus_red(l, 350, 39) > 80);
  assert_true(blue_minus_red(n, 350, 142) < 0);     /* skin: redder than blue */
  assert_true(blue_minus_red(l, 350, 90) < 0);      /* between them: skin in both */
  SDL_FreeSurface(l);
  SDL_FreeSurface(n);
  /* score does not take it. */
  snprintf(cmd, sizeof cmd, STIPPLE_BIN " score --scenario " SCENARIO " --work " HAND " --landmarks");
  assert_int_equal(run(cmd, out, sizeof out, err, sizeof err), 2);
  assert_non_null(strstr(err, "--landmarks belong to render"));
}

/* A design case renders its zone as the work's design cuts it (as score judges it): the same
 * empty work with and without its two design lines draws different outlines; with them, a
 * point 10 mm behind the drawn line on the midline (0, 95) is inside the cut band, whose
 * outline lies at y 85 there (the line) and 110 (25 mm behind): no outline pixel at y 95. */
static void render_cuts_the_design(void **state) {
  (void)state;
  char out[4096], err[4096], cmd[2600], work[512], plain[512], a[512], b[512];
  snprintf(work, sizeof work, "%s/design.csv", tmpdir);
  snprintf(plain, sizeof plain, "%s/nodesign.csv", tmpdir);
  FILE *f = fopen(work, "w");
  assert_non_null(f);
  fputs("# design line -62 92 -45 89 -30 86.5 -15 85.5 0 85 15 85.5 30 86.5 45 89 62 92\n"
        "# design temples -92 130 92 130\nx_mm,y_mm,angle_deg,depth_mm,needle_mm,ink,session,t_ms\n", f);
  assert_int_equal(fclose(f), 0);
  f = fopen(plain, "w");
  assert_non_null(f);
  fputs("x_mm,y_mm,angle_deg,depth_mm,needle_mm,ink,session,t_ms\n", f);
  assert_int_equal(fclose(f), 0);
  snprintf(a, sizeof a, "%s/cut.png", tmpdir);
  snprintf(b, sizeof b, "%s/declared.png", tmpdir);
  snprintf(cmd, sizeof cmd, STIPPLE_BIN " render --scenario " STP_SCENARIO_DIR "/15_hairline_design.lua --work %s --out %s --zones --size 400x300", work, a);
  assert_int_equal(run(cmd, out, sizeof out, err, sizeof err), 0);
  snprintf(cmd, sizeof cmd, STIPPLE_BIN " render --scenario " STP_SCENARIO_DIR "/15_hairline_design.lua --work %s --out %s --zones --size 400x300", plain, b);
  assert_int_equal(run(cmd, out, sizeof out, err, sizeof err), 0);
  SDL_Surface *x = load_argb(a), *y = load_argb(b);
  int differ = 0;
  for (int j = 0; j < 300; j++)
    for (int i = 0; i < 400; i++)
      differ += ((Uint32 *)((Uint8 *)x->pixels + j * x->pitch))[i] != ((Uint32 *)((Uint8 *)y->pixels + j * y->pitch))[i];
  assert_true(differ > 200);   /* the outlines, hundreds of pixels apart */
  SDL_FreeSurface(x);
  SDL_FreeSurface(y);
}

/* stipple replay reads and checks its files before it opens a window: a garbled record
 * names its file and line (exit 3), a missing one its file (exit 4, as every unreadable
 * file), missing options are usage errors (exit 2). No display is needed for any of it. */
static void replay_rejects_bad_records(void **state) {
  (void)state;
  char out[4096], err[4096], cmd[1024], path[512];
  snprintf(path, sizeof path, "%s/garbled.txt", tmpdir);
  FILE *f = fopen(path, "w");
  assert_non_null(f);
  fputs("stipple-record 1\n# candidate X\n1000 place 0 130 0.5 nan 0\n2000 place 0 oops 0.5 nan 0\n", f);
  assert_int_equal(fclose(f), 0);
  snprintf(cmd, sizeof cmd, STIPPLE_BIN " replay --scenario " SCENARIO " --record %s", path);
  assert_int_equal(run(cmd, out, sizeof out, err, sizeof err), 3);
  assert_non_null(strstr(err, "garbled.txt:4"));
  assert_null(strstr(out, "replay ready"));
  /* Not a record at all. */
  snprintf(path, sizeof path, "%s/notrecord.txt", tmpdir);
  f = fopen(path, "w");
  assert_non_null(f);
  fputs("x_mm,y_mm\n1,2\n", f);
  assert_int_equal(fclose(f), 0);
  snprintf(cmd, sizeof cmd, STIPPLE_BIN " replay --scenario " SCENARIO " --record %s", path);
  assert_int_equal(run(cmd, out, sizeof out, err, sizeof err), 3);
  assert_non_null(strstr(err, "notrecord.txt:1"));
  /* Missing. */
  snprintf(cmd, sizeof cmd, STIPPLE_BIN " replay --scenario " SCENARIO " --record %s/nope.txt", tmpdir);
  assert_int_equal(run(cmd, out, sizeof out, err, sizeof err), 4);
  assert_non_null(strstr(err, "nope.txt"));
  /* Usage. */
  assert_int_equal(run(STIPPLE_BIN " replay --scenario " SCENARIO, out, sizeof out, err, sizeof err), 2);
  snprintf(cmd, sizeof cmd, STIPPLE_BIN " replay --scenario " SCENARIO " --record %s --speed 3", path);
  assert_int_equal(run(cmd, out, sizeof out, err, sizeof err), 2);
  assert_non_null(strstr(err, "--speed"));
}

int main(void) {
  if (cli_setup() != 0) return 1;
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(score_json_on_a_hand_written_work),
    cmocka_unit_test(bad_input_names_file_and_line),
    cmocka_unit_test(render_draws_the_work),
    cmocka_unit_test(render_draws_landmarks),
    cmocka_unit_test(render_cuts_the_design),
    cmocka_unit_test(replay_rejects_bad_records),
  };
  int rc = cmocka_run_group_tests(tests, NULL, NULL);
  if (cli_teardown() != 0) rc = rc ? rc : 1;
  return rc;
}
