/* test_legacy.c - old scenario files still load and score as before.
 *
 * tests/data/legacy/ holds the bundled cases 03, 05 and 07 as they were before they were
 * rebuilt on landmarks and shape algebra (copied from commit 0528b12), with the JSON that
 * `stipple score --json` gave for each one's expert work (stp_gen_expert, seed 1) with the
 * release build of that same commit, and the numbers of the old building blocks (norwood,
 * ludwig, fut_scar, fue_scars, alopecia_patch, smooth: areas, bounds, front(x)).
 * This is a compatibility check of unchanged code: the expected files were recorded from the
 * parent commit's build before anything changed (and checked against the build of 4af71e4,
 * before issue 9 began, polygon index included: every number the same), so a difference means an old file now
 * scores differently. Never re-record them to make this test pass. Every number, boolean
 * and key must be the same; the words of the figures and advice may change (they are read
 * by people, and better wording is not a change of score).
 * (STP_LEGACY_RECORD=DIR writes the JSON into DIR instead of comparing: how they were made.)
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

#include <cjson/cJSON.h>

#include "cli_run.h"
#include "stp_gen.h"
#include "stp_script.h"
#include "stp_work.h"

#define LEGACY STP_TEST_DATA "/legacy"

static const char *const cases[] = {"03_hairline_norwood3", "05_full_norwood7", "07_fut_scar"};

static char *slurp(const char *path, size_t *len) {
  FILE *f = fopen(path, "rb");
  if (!f) return NULL;
  fseek(f, 0, SEEK_END);
  long n = ftell(f);
  fseek(f, 0, SEEK_SET);
  char *buf = malloc((size_t)n + 1);
  if (buf && fread(buf, 1, (size_t)n, f) != (size_t)n) { free(buf); buf = NULL; }
  fclose(f);
  if (buf) { buf[n] = 0; if (len) *len = (size_t)n; }
  return buf;
}

/* a and b alike in every key, number and boolean (strings' words aside); the first
 * difference's path into where. */
static bool json_same(const cJSON *a, const cJSON *b, char *where, size_t n, const char *path) {
  if (!a || !b || (a->type & 0xFF) != (b->type & 0xFF)) { snprintf(where, n, "%s: not the same kind", path); return false; }
  if (cJSON_IsNumber(a)) {
    if (a->valuedouble != b->valuedouble) {
      snprintf(where, n, "%s: %.17g, was %.17g", path, a->valuedouble, b->valuedouble);
      return false;
    }
    return true;
  }
  if (cJSON_IsBool(a) || cJSON_IsNull(a) || cJSON_IsString(a)) return true;
  if (cJSON_GetArraySize(a) != cJSON_GetArraySize(b)) { snprintf(where, n, "%s: another length", path); return false; }
  const cJSON *x = a->child, *y = b->child;
  for (int i = 0; x && y; x = x->next, y = y->next, i++) {
    char sub[512];
    if (cJSON_IsObject(a)) {
      if (strcmp(x->string, y->string) != 0) { snprintf(where, n, "%s: key %s, was %s", path, x->string, y->string); return false; }
      snprintf(sub, sizeof sub, "%s.%s", path, x->string);
    } else {
      snprintf(sub, sizeof sub, "%s[%d]", path, i);
    }
    if (!json_same(x, y, where, n, sub)) return false;
  }
  return true;
}

static int setup(void **state) { (void)state; return cli_setup(); }
static int teardown(void **state) { (void)state; return cli_teardown(); }

/* Each old case's expert work scores exactly as with the old build: every number. */
static void old_cases_score_as_before(void **state) {
  (void)state;
  const char *record = getenv("STP_LEGACY_RECORD");
  static stp_scenario scn;
  static char out[1 << 16], err[4096];
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    char scn_path[300], work_path[300], json_path[300], cmd[1200];
    snprintf(scn_path, sizeof scn_path, LEGACY "/%s.lua", cases[i]);
    snprintf(work_path, sizeof work_path, "%s/%s.expert.csv", cli_tmpdir, cases[i]);
    stp_error e;
    stp_error_clear(&e);
    if (stp_script_load_scenario(scn_path, NULL, &scn, &e) != STP_OK) fail_msg("%s: %s", scn_path, e.msg);
    stp_work w;
    stp_work_init(&w);
    assert_int_equal(stp_gen_expert(&scn, 1, &w, &e), STP_OK);
    assert_int_equal(stp_work_save(&w, work_path, &e), STP_OK);
    stp_work_free(&w);
    snprintf(cmd, sizeof cmd, STIPPLE_BIN " score --json --scenario %s --work %s", scn_path, work_path);
    assert_int_equal(run(cmd, out, sizeof out, err, sizeof err) <= 1, 1);   /* 0 passed, 1 failed */
    if (record) {
      snprintf(json_path, sizeof json_path, "%s/%s.score.json", record, cases[i]);
      FILE *f = fopen(json_path, "wb");
      assert_non_null(f);
      fputs(out, f);
      fclose(f);
      continue;
    }
    snprintf(json_path, sizeof json_path, LEGACY "/%s.score.json", cases[i]);
    char *want = slurp(json_path, NULL);
    assert_non_null(want);
    cJSON *got_j = cJSON_Parse(out), *want_j = cJSON_Parse(want);
    assert_non_null(got_j);
    assert_non_null(want_j);
    char where[600];
    if (!json_same(got_j, want_j, where, sizeof where, cases[i]))
      fail_msg("%s: the expert work no longer scores as before: %s", cases[i], where);
    cJSON_Delete(got_j);
    cJSON_Delete(want_j);
    /* and it passes, as it did */
    assert_non_null(strstr(out, "\"passed\":\ttrue"));
    free(want);
  }
}

/* The old building blocks give the same shapes: blocks.lua measures them and compares
 * with blocks_expected.lua (recorded from the old build), raising an error at a difference. */
static void old_blocks_same_shapes(void **state) {
  (void)state;
  size_t n1 = 0, n2 = 0;
  char *expected = slurp(LEGACY "/blocks_expected.lua", &n1);
  char *blocks = slurp(LEGACY "/blocks.lua", &n2);
  assert_non_null(expected);
  assert_non_null(blocks);
  char *text = malloc(n1 + n2 + 2);
  assert_non_null(text);
  memcpy(text, expected, n1);
  text[n1] = '\n';
  memcpy(text + n1 + 1, blocks, n2 + 1);
  static stp_scenario scn;
  stp_error e;
  stp_error_clear(&e);
  if (stp_script_load_scenario_buffer("blocks", text, n1 + n2 + 1, NULL, &scn, &e) != STP_OK) fail_msg("%s", e.msg);
  /* The comparison itself runs: a wrong expectation is an error (the check checked). */
  const char *bad = "EXPECTED = { norwood1 = { 1 } }\n";
  size_t nb = strlen(bad);
  char *text2 = malloc(nb + n2 + 1);
  assert_non_null(text2);
  memcpy(text2, bad, nb);
  memcpy(text2 + nb, blocks, n2 + 1);
  assert_int_not_equal(stp_script_load_scenario_buffer("blocks", text2, nb + n2, NULL, &scn, &e), STP_OK);
  assert_non_null(strstr(e.msg, "norwood1"));
  free(text2);
  free(text);
  free(blocks);
  free(expected);
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(old_cases_score_as_before),
    cmocka_unit_test(old_blocks_same_shapes),
  };
  return cmocka_run_group_tests(tests, setup, teardown);
}
