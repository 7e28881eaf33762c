/* Custom criteria read the work through a read-only view (engine/script/stp_script_work.c):
 * a criterion can loop over a million impressions within the script's memory cap, cannot
 * change the work, cannot read it after its call, and when it does run out of memory or
 * budget the message blames the criterion's own code, at its line. */
#define _POSIX_C_SOURCE 200809L
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include "stp_test.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "stp_script.h"

static stp_scenario scn;   /* a few hundred kB: off the stack */

#define HEAD                                                                                         \
  "scenario { id = \"view\", title = \"View\", brief = \"b\",\n"                                     \
  "  zones = { { id = \"left\", shape = rect { x = -100, y = 100, w = 100, h = 100 }, density = 10 } },\n" \
  "  criteria = {\n"
#define TAIL "  },\n}\n"

static stp_script *open_with(const char *text, const stp_script_limits *lim) {
  stp_script *s;
  stp_error err;
  assert_int_equal(stp_script_open(&s, lim, &err), STP_OK);
  if (stp_script_load(s, "view.lua", text, strlen(text), &scn, &err) != STP_OK)
    fail_msg("view.lua did not load: line %d: %s", err.line, err.msg);
  return s;
}

/* x = (i mod 1000) / 4 - 100 mm for row i (0-based), y = 150: every x is a multiple of a
 * quarter, so any sum of them is exact in a double. Rows with x < 0 fall in zone "left". */
static void big_work(stp_work *w, size_t n) {
  stp_work_init(w);
  for (size_t i = 0; i < n; i++) {
    stp_impression m = {(double)(i % 1000) * 0.25 - 100, 150, 270, 1.0, 0.25, 0.5, 1, (int64_t)i, 0, 0, 0, 0, 0};
    assert_int_equal(stp_work_push(w, &m, NULL, NULL), STP_OK);
  }
}

static void a_criterion_sums_a_million_impressions(void **state) {
  (void)state;
  const char *text = HEAD
    "    by_index = { fn = function(work)\n"
    "      local s = 0\n"
    "      for i = 1, #work do s = s + work[i].x_mm end\n"
    "      return 100, string.format('%.2f', s)\n"
    "    end },\n"
    "    by_ipairs = { fn = function(work)\n"
    "      local s, left = 0, 0\n"
    "      for _, imp in ipairs(work) do\n"
    "        s = s + imp.x\n"
    "        if imp.zone == 'left' then left = left + 1 end\n"
    "      end\n"
    "      return 100, string.format('%.2f %d', s, left)\n"
    "    end },\n"
    "    by_get = { fn = function(work)\n"
    "      local s = 0\n"
    "      for i = 1, #work do local x = work:get(i); s = s + x end\n"
    "      return 100, string.format('%.2f', s)\n"
    "    end },\n"
    TAIL;
  stp_script *s = open_with(text, NULL);   /* the default limits: 64 MiB, 50 million instructions */
  stp_work w;
  const size_t n = 1000000;
  big_work(&w, n);
  /* By hand: each block of 1000 rows sums to (0 + ... + 999) / 4 - 100 * 1000 = 124875 - 100000
   * = 24875 mm, and there are 1000 blocks. Each block has 400 rows with x < 0 (i mod 1000 < 400):
   * 400,000 in zone "left" (x = -100 is its edge, inside). */
  stp_custom_result res[STP_SCRIPT_MAX_CUSTOM];
  int got = 0;
  stp_error err;
  stp_status st = stp_script_custom_criteria(s, &w, res, STP_SCRIPT_MAX_CUSTOM, &got, &err);
  if (st != STP_OK) fail_msg("line %d: %s", err.line, err.msg);
  assert_int_equal(got, 3);
  assert_string_equal(res[0].key, "by_get");
  assert_string_equal(res[0].figures, "24875000.00");
  assert_string_equal(res[1].key, "by_index");
  assert_string_equal(res[1].figures, "24875000.00");
  assert_string_equal(res[2].key, "by_ipairs");
  assert_string_equal(res[2].figures, "24875000.00 400000");
  /* The work was never copied into the script: its heap stayed a small part of the cap
   * (a copy took about 440 bytes an impression, 440 MB here). */
  stp_script_stats stats;
  stp_script_get_stats(s, &stats);
  assert_true(stats.memory_peak < 16u * 1024 * 1024);
  stp_work_free(&w);
  stp_script_close(s);
}

static void the_view_is_read_only_and_ends_with_its_call(void **state) {
  (void)state;
  const char *text = HEAD
    "    a_write = { fn = function(work)\n"
    "      work[1] = { x = 0 }\n"                                   /* line 5 */
    "      return 100\n"
    "    end },\n"
    "    b_write_field = { fn = function(work)\n"
    "      work[1].x = 0\n"
    "      return 100\n"
    "    end },\n"
    "    c_keep = { fn = function(work)\n"
    "      if kept then return 100, tostring(kept[1].x) end\n"
    "      kept = work\n"
    "      return 100, string.format('%s %s', tostring(getmetatable(work)), tostring(work[#work + 1]))\n"
    "    end },\n"
    TAIL;
  stp_work w;
  big_work(&w, 3);
  stp_custom_result res[STP_SCRIPT_MAX_CUSTOM];
  int got = 0;
  stp_error err;
  /* Each criterion alone (the run stops at the first that fails): a fresh state for each. */
  stp_script *s = open_with(text, NULL);
  assert_int_equal(stp_script_custom_criteria(s, &w, res, STP_SCRIPT_MAX_CUSTOM, &got, &err), STP_ERR_SCRIPT);
  assert_int_equal(got, 0);
  assert_int_equal(err.line, 5);
  assert_non_null(strstr(err.msg, "the work is read-only"));
  stp_script_close(s);

  const char *text2 = strstr(text, "    b_write_field");
  char buf[2048];
  snprintf(buf, sizeof buf, "%s%s", HEAD, text2);
  s = open_with(buf, NULL);
  assert_int_equal(stp_script_custom_criteria(s, &w, res, STP_SCRIPT_MAX_CUSTOM, &got, &err), STP_ERR_SCRIPT);
  assert_int_equal(err.line, 5);   /* the same line of this shorter file: work[1].x = 0 */
  assert_non_null(strstr(err.msg, "the work is read-only"));
  stp_script_close(s);

  snprintf(buf, sizeof buf, "%s%s", HEAD, strstr(text, "    c_keep"));
  s = open_with(buf, NULL);
  /* First call: the view hides its metatable, and reads nil past the end. */
  assert_int_equal(stp_script_custom_criteria(s, &w, res, STP_SCRIPT_MAX_CUSTOM, &got, &err), STP_OK);
  assert_string_equal(res[0].figures, "the work is read-only nil");
  /* Second call: the view kept from the first one no longer reads the (now freed) work. */
  stp_work_free(&w);
  big_work(&w, 2);
  assert_int_equal(stp_script_custom_criteria(s, &w, res, STP_SCRIPT_MAX_CUSTOM, &got, &err), STP_ERR_SCRIPT);
  assert_int_equal(err.line, 5);
  assert_non_null(strstr(err.msg, "kept from an earlier call"));
  stp_script_close(s);
  stp_work_free(&w);
}

static void limits_blame_the_criterion(void **state) {
  (void)state;
  const char *text = HEAD
    "    hoard = { fn = function(work)\n"
    "      local t = {}\n"
    "      for i = 1, #work do t[i] = { work:get(i) } end\n"   /* line 6: a table per row */
    "      return 100\n"
    "    end },\n"
    TAIL;
  stp_work w;
  big_work(&w, 1000000);
  stp_custom_result res[STP_SCRIPT_MAX_CUSTOM];
  int got = 0;
  stp_error err;
  stp_script_limits lim = {16u * 1024 * 1024, 0};
  stp_script *s = open_with(text, &lim);
  assert_int_equal(stp_script_custom_criteria(s, &w, res, STP_SCRIPT_MAX_CUSTOM, &got, &err), STP_ERR_LIMIT);
  assert_int_equal(err.line, 6);
  assert_non_null(strstr(err.msg, "criteria.hoard.fn, on a work of 1000000 impressions"));
  assert_non_null(strstr(err.msg, "memory limit of 16 MiB"));
  assert_non_null(strstr(err.msg, "not the work"));
  stp_script_close(s);
  /* The same criterion on a small work is fine: the work's size alone decides nothing. */
  stp_work_free(&w);
  big_work(&w, 1000);
  s = open_with(text, &lim);
  assert_int_equal(stp_script_custom_criteria(s, &w, res, STP_SCRIPT_MAX_CUSTOM, &got, &err), STP_OK);
  stp_script_close(s);
  /* A budget too small for a loop over the work: the budget, blamed on the criterion. */
  stp_work_free(&w);
  big_work(&w, 100000);
  stp_script_limits small = {0, 100000};
  s = open_with(text, &small);
  assert_int_equal(stp_script_custom_criteria(s, &w, res, STP_SCRIPT_MAX_CUSTOM, &got, &err), STP_ERR_LIMIT);
  assert_int_equal(err.line, 6);
  assert_non_null(strstr(err.msg, "criteria.hoard.fn, on a work of 100000 impressions"));
  assert_non_null(strstr(err.msg, "instruction budget"));
  stp_script_close(s);
  stp_work_free(&w);
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(a_criterion_sums_a_million_impressions),
    cmocka_unit_test(the_view_is_read_only_and_ends_with_its_call),
    cmocka_unit_test(limits_blame_the_criterion),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
