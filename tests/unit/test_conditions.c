/* test_conditions.c - the conditions built from the head's landmarks (stp_script_conditions.c).
 *
 * tests/data/conditions/check.lua builds every condition and checks it (no seams between bald
 * and hair, temple points forward at the temple peaks, recessions sweeping back, the horseshoe's
 * irregular edge, Ludwig and the Christmas tree, areata merging, FUT across the occiput, the
 * craniotomy's C, the burn), raising an error at the first failure; its expected numbers are
 * derived in its comments from the standard head's landmarks. Here it must load cleanly, and
 * with a seam planted in norwood_loss (its hair shrunk by 1 mm) it must not: the checks check.
 */
#define _POSIX_C_SOURCE 200809L

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include "stp_test.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "stp_script.h"

#define CHECK_LUA STP_TEST_DATA "/conditions/check.lua"

static char *slurp(const char *path, size_t *len) {
  FILE *f = fopen(path, "rb");
  if (!f) return NULL;
  fseek(f, 0, SEEK_END);
  long n = ftell(f);
  fseek(f, 0, SEEK_SET);
  char *buf = malloc((size_t)n + 1);
  if (buf && fread(buf, 1, (size_t)n, f) != (size_t)n) { free(buf); buf = NULL; }
  fclose(f);
  if (buf) { buf[n] = 0; *len = (size_t)n; }
  return buf;
}

static stp_status load_with(const char *prefix, stp_error *e) {
  static stp_scenario scn;
  size_t n = 0, np = strlen(prefix);
  char *body = slurp(CHECK_LUA, &n);
  assert_non_null(body);
  char *text = malloc(np + n + 1);
  assert_non_null(text);
  memcpy(text, prefix, np);
  memcpy(text + np, body, n + 1);
  stp_error_clear(e);
  stp_status st = stp_script_load_scenario_buffer("conditions/check.lua", text, np + n, NULL, &scn, e);
  free(text);
  free(body);
  return st;
}

static void conditions_hold(void **state) {
  (void)state;
  stp_error e;
  if (load_with("", &e) != STP_OK) fail_msg("%s", e.msg);
}

static void a_planted_seam_is_found(void **state) {
  (void)state;
  stp_error e;
  const char *seam = "local real = norwood_loss\n"
                     "norwood_loss = function(t) local r = real(t); r.hair_area = offset(r.hair_area, -1); return r end\n";
  assert_int_not_equal(load_with(seam, &e), STP_OK);
  assert_non_null(strstr(e.msg, "bald + hair area"));
}

static void bad_arguments_are_errors(void **state) {
  (void)state;
  static stp_scenario scn;
  static const struct { const char *code, *msg; } bad[] = {
    {"norwood_loss { stage = 8 }", "norwood_loss.stage is 8"},
    {"norwood_loss { stage = 3, variant = \"B\" }", "variant"},
    {"norwood_loss { stage = 6, variant = \"A\" }", "stages 2 to 5"},
    {"norwood_loss { stge = 3 }", "unknown key 'stge'"},
    {"ludwig_loss { grade = 4 }", "ludwig_loss.grade is 4"},
    {"areata { }", "1 to 16 patches"},
    {"areata { { x = 0, y = 150 } }", "needs x, y and r"},
    {"fut_strip { width = 40 }", "fut_strip.width is 40"},
    {"craniotomy_scar { side = \"top\" }", "left"},
    {"burn_scar { r = 10 }", "needs x and y"},
  };
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
    char text[512];
    snprintf(text, sizeof text, "local x = %s\nscenario { id = \"b\", title = \"b\", brief = \"b\", zones = { { id = \"z\", "
             "shape = rect { x = 0, y = 150, w = 10, h = 10 }, density = 20 } } }\n", bad[i].code);
    stp_error e;
    stp_error_clear(&e);
    assert_int_not_equal(stp_script_load_scenario_buffer("bad.lua", text, strlen(text), NULL, &scn, &e), STP_OK);
    if (!strstr(e.msg, bad[i].msg)) fail_msg("%s: the message '%s' does not say '%s'", bad[i].code, e.msg, bad[i].msg);
    if (e.line != 1) fail_msg("%s: the error is on line %d, not the caller's line 1", bad[i].code, e.line);
  }
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(conditions_hold),
    cmocka_unit_test(a_planted_seam_is_found),
    cmocka_unit_test(bad_arguments_are_errors),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
