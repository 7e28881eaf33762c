/* `stipple profile` run as a user would: a fresh trainee sees case 1 open and the rest
 * locked and nothing is written; a hand-written profile's pass opens the next case, with its
 * best score and grade; a work saved under the profile shows "in progress" (the default
 * profile's works are not that trainee's); a broken profile is refused at its line; bad
 * options are usage errors; --unlock-all writes the switch into the file. */
#define _POSIX_C_SOURCE 200809L
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include "stp_test.h"
#include <cjson/cJSON.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli_run.h"

static char out[65536], err[8192];

static int profile_cmd(const char *args) {
  char cmd[1024];
  snprintf(cmd, sizeof cmd, "XDG_DATA_HOME='%s/data' HOME='%s' '%s' profile %s", cli_tmpdir, cli_tmpdir, STIPPLE_BIN,
           args);
  return run(cmd, out, sizeof out, err, sizeof err);
}

static void write_file(const char *rel, const char *text) {
  char path[600], cmd[700];
  snprintf(path, sizeof path, "%s/data/stipple/%s", cli_tmpdir, rel);
  snprintf(cmd, sizeof cmd, "mkdir -p \"$(dirname '%s')\"", path);
  assert_int_equal(system(cmd), 0);
  FILE *f = fopen(path, "w");
  assert_non_null(f);
  fputs(text, f);
  fclose(f);
}

/* The JSON's case n (1-based). */
static const cJSON *json_case(const cJSON *root, int n) {
  const cJSON *cs = cJSON_GetObjectItem(root, "cases");
  return cJSON_GetArrayItem(cs, n - 1);
}
static bool jbool(const cJSON *o, const char *k) { return cJSON_IsTrue(cJSON_GetObjectItem(o, k)); }

static void test_profile_command(void **state) {
  (void)state;
  assert_int_equal(cli_setup(), 0);

  /* A fresh trainee: case 1 open, case 2 locked; nothing written. */
  assert_int_equal(profile_cmd("--json"), 0);
  cJSON *root = cJSON_Parse(out);
  assert_non_null(root);
  assert_string_equal(cJSON_GetObjectItem(root, "profile")->valuestring, "default");
  assert_false(jbool(root, "saved"));
  assert_true(cJSON_GetArraySize(cJSON_GetObjectItem(root, "cases")) >= 3);
  assert_string_equal(cJSON_GetObjectItem(json_case(root, 1), "id")->valuestring, "tutorial");
  assert_string_equal(cJSON_GetObjectItem(json_case(root, 2), "id")->valuestring, "practice-field");
  assert_true(jbool(json_case(root, 1), "unlocked"));
  assert_false(jbool(json_case(root, 2), "unlocked"));
  assert_true(cJSON_IsNull(cJSON_GetObjectItem(json_case(root, 1), "best")));
  cJSON_Delete(root);
  char path[600];
  struct stat st;
  snprintf(path, sizeof path, "%s/data/stipple/profiles", cli_tmpdir);
  assert_int_equal(stat(path, &st), -1);

  /* Jo passed case 1 (the tutorial) once (91.5, an A) after failing it: case 2 opens, case 3 stays shut. */
  write_file("profiles/Jo%20Smith.txt",
             "stipple-profile,1\nname,Jo Smith\n"
             "attempt,tutorial,1798000000,55.00,0,-,120,4.0,density=50.00\n"
             "attempt,tutorial,1798000900,91.50,1,A,400,6.0,density=93.00\n");
  /* Jo's work on case 2 has one impression; the default profile's work on case 3 is not Jo's. */
  const char *work = "x_mm,y_mm,angle_deg,depth_mm,needle_mm,ink,session,t_ms\n"
                     "0.00,130.00,270.00,1.000,0.250,0.750,1,0\n";
  write_file("works/Jo%20Smith/practice-field.csv", work);
  write_file("works/blend-fitz5.csv", work);
  assert_int_equal(profile_cmd("--profile 'Jo Smith' --json"), 0);
  root = cJSON_Parse(out);
  assert_non_null(root);
  assert_true(jbool(root, "saved"));
  const cJSON *c1 = json_case(root, 1), *c2 = json_case(root, 2), *c3 = json_case(root, 3);
  assert_float_equal(cJSON_GetObjectItem(c1, "best")->valuedouble, 91.5, 1e-9);
  assert_string_equal(cJSON_GetObjectItem(c1, "grade")->valuestring, "A");
  assert_int_equal(cJSON_GetObjectItem(c1, "attempts")->valueint, 2);
  assert_true(jbool(c1, "passed"));
  assert_false(jbool(c1, "in_progress"));
  assert_true(jbool(c2, "unlocked"));
  assert_true(jbool(c2, "in_progress"));
  assert_false(jbool(c2, "passed"));
  assert_false(jbool(c3, "unlocked"));
  assert_false(jbool(c3, "in_progress"));
  cJSON_Delete(root);
  /* The same as text. */
  assert_int_equal(profile_cmd("--profile 'Jo Smith'"), 0);
  assert_non_null(strstr(out, "Profile Jo Smith\n"));
  assert_non_null(strstr(out, "91.5  A"));
  assert_non_null(strstr(out, "open, in progress"));
  assert_non_null(strstr(out, "locked (pass 2 first)"));

  /* The default profile has case 3's work, but nothing unlocked it. */
  assert_int_equal(profile_cmd("--json"), 0);
  root = cJSON_Parse(out);
  assert_true(jbool(json_case(root, 3), "in_progress"));
  assert_false(jbool(json_case(root, 3), "unlocked"));
  cJSON_Delete(root);

  /* --unlock-all: written into the file, every case open. */
  assert_int_equal(profile_cmd("--profile 'Jo Smith' --unlock-all --json"), 0);
  root = cJSON_Parse(out);
  assert_true(jbool(root, "unlock_all"));
  int n = cJSON_GetArraySize(cJSON_GetObjectItem(root, "cases"));
  for (int k = 1; k <= n; k++) assert_true(jbool(json_case(root, k), "unlocked"));
  cJSON_Delete(root);
  snprintf(path, sizeof path, "%s/data/stipple/profiles/Jo%%20Smith.txt", cli_tmpdir);
  FILE *f = fopen(path, "r");
  assert_non_null(f);
  char text[4096];
  size_t len = fread(text, 1, sizeof text - 1, f);
  text[len] = '\0';
  fclose(f);
  assert_non_null(strstr(text, "\nunlock_all,1\n"));
  assert_non_null(strstr(text, "attempt,tutorial,1798000900,91.50,1,A,400,6.0,density=93.00\n"));

  /* A broken profile: refused at its line (exit 3), and left as it was. */
  write_file("profiles/Bad.txt", "stipple-profile,1\nname,Bad\nattempt,practice-field,1,50,1,A,1,1,\n");
  assert_int_equal(profile_cmd("--profile Bad --unlock-all"), 3);
  assert_non_null(strstr(err, "Bad.txt:3:"));
  snprintf(path, sizeof path, "%s/data/stipple/profiles/Bad.txt", cli_tmpdir);
  f = fopen(path, "r");
  len = fread(text, 1, sizeof text - 1, f);
  text[len] = '\0';
  fclose(f);
  assert_null(strstr(text, "unlock_all"));

  /* Usage errors. */
  assert_int_equal(profile_cmd("--profile '../etc'"), 2);
  assert_int_equal(profile_cmd("--profile"), 2);
  assert_int_equal(profile_cmd("--bogus"), 2);
  assert_int_equal(cli_teardown(), 0);
}

int main(void) {
  const struct CMUnitTest tests[] = {cmocka_unit_test(test_profile_command)};
  return cmocka_run_group_tests(tests, NULL, NULL);
}
