/* test_exam_file.c - exam files (stp_script_load_exam) and the rule that judges attempts (stp_exam_file). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include "stp_test.h"

#include <math.h>
#include <string.h>

#include "stp_exam_file.h"
#include "stp_script.h"

static const char good[] =
  "-- an exam of two cases\n"                                                   /* 1 */
  "local margin = 0.9\n"                                                        /* 2 */
  "exam {\n"                                                                    /* 3 */
  "  id = \"smp-level-1\", title = \"SMP level 1\", rule = \"all\",\n"
  "  cases = {\n"
  "    { scenario = \"01_practice_field.lua\" },\n"
  "    { scenario = \"02_blend.lua\", attempts = 3, consecutive = 2,\n"
  "      benchmark = { reference = { \"expert1.csv\", \"expert2.csv\" }, margin = margin } },\n"
  "  },\n"
  "}\n";

static void exam_good(void **state) {
  (void)state;
  stp_exam_file e;
  stp_error err;
  assert_int_equal(stp_script_load_exam_buffer("exam.lua", good, strlen(good), NULL, &e, &err), STP_OK);
  assert_string_equal(e.id, "smp-level-1");
  assert_string_equal(e.title, "SMP level 1");
  assert_int_equal(e.line, 3);
  assert_int_equal(e.rule, STP_EXAM_RULE_ALL);
  assert_int_equal(e.case_count, 2);
  assert_string_equal(e.cases[0].scenario, "01_practice_field.lua");
  assert_int_equal(e.cases[0].attempts, 1);
  assert_int_equal(e.cases[0].consecutive, 1);
  assert_false(e.cases[0].has_benchmark);
  assert_int_equal(e.cases[1].attempts, 3);
  assert_int_equal(e.cases[1].consecutive, 2);
  assert_true(e.cases[1].has_benchmark);
  assert_int_equal(e.cases[1].reference_count, 2);
  assert_string_equal(e.cases[1].reference[1], "expert2.csv");
  assert_true(fabs(e.cases[1].margin - 0.9) < 1e-12);
}

/* Each bad exam: the status and the line of the error. */
typedef struct bad_case {
  const char *text;
  stp_status status;
  int line;
} bad_case;

#define HEAD "-- bad\n\n"   /* the exam call is on line 3 */
static const bad_case bad[] = {
  {HEAD "exam { title = \"t\", cases = { { scenario = \"a.lua\" } } }", STP_ERR_SCRIPT, 3},          /* id missing */
  {HEAD "exam { id = \"Bad Id\", title = \"t\", cases = { { scenario = \"a.lua\" } } }", STP_ERR_RANGE, 3},
  {HEAD "exam { id = \"x\", cases = { { scenario = \"a.lua\" } } }", STP_ERR_SCRIPT, 3},             /* title */
  {HEAD "exam { id = \"x\", title = \"t\" }", STP_ERR_SCRIPT, 3},                                    /* cases */
  {HEAD "exam { id = \"x\", title = \"t\", cases = {} }", STP_ERR_RANGE, 3},
  {HEAD "exam { id = \"x\", title = \"t\", cases = { a = 1 } }", STP_ERR_SCRIPT, 3},
  {HEAD "exam { id = \"x\", title = \"t\", cases = { 5 } }", STP_ERR_SCRIPT, 3},
  {HEAD "exam { id = \"x\", title = \"t\", cases = { { attempts = 1 } } }", STP_ERR_SCRIPT, 3},
  {HEAD "exam { id = \"x\", title = \"t\", cases = { { scenario = \"a.csv\" } } }", STP_ERR_RANGE, 3},
  {HEAD "exam { id = \"x\", title = \"t\", cases = { { scenario = \"/abs/a.lua\" } } }", STP_ERR_RANGE, 3},
  {HEAD "exam { id = \"x\", title = \"t\", cases = { { scenario = \"a.lua\", attempts = 0 } } }", STP_ERR_RANGE, 3},
  {HEAD "exam { id = \"x\", title = \"t\", cases = { { scenario = \"a.lua\", attempts = 2.5 } } }", STP_ERR_RANGE, 3},
  {HEAD "exam { id = \"x\", title = \"t\", cases = { { scenario = \"a.lua\", attempts = \"2\" } } }", STP_ERR_SCRIPT, 3},
  {HEAD "exam { id = \"x\", title = \"t\", cases = { { scenario = \"a.lua\", attempts = 2, consecutive = 3 } } }",
   STP_ERR_RANGE, 3},
  {HEAD "exam { id = \"x\", title = \"t\", cases = { { scenario = \"a.lua\", benchmark = { margin = 0.9 } } } }",
   STP_ERR_SCRIPT, 3},
  {HEAD "exam { id = \"x\", title = \"t\", cases = { { scenario = \"a.lua\", benchmark = { reference = {}, margin = 0.9 } } } }",
   STP_ERR_RANGE, 3},
  {HEAD "exam { id = \"x\", title = \"t\", cases = { { scenario = \"a.lua\", benchmark = { reference = { \"e.csv\" }, margin = 1.5 } } } }",
   STP_ERR_RANGE, 3},
  {HEAD "exam { id = \"x\", title = \"t\", cases = { { scenario = \"a.lua\", benchmark = { reference = { \"e.csv\" }, margn = 1 } } } }",
   STP_ERR_SCRIPT, 3},
  {HEAD "exam { id = \"x\", title = \"t\", cases = { { scenario = \"a.lua\", atempts = 1 } } }", STP_ERR_SCRIPT, 3},
  {HEAD "exam { id = \"x\", title = \"t\", cases = { { scenario = \"a.lua\" } }, rule = \"any\" }", STP_ERR_RANGE, 3},
  {HEAD "exam { id = \"x\", title = \"t\", cases = { { scenario = \"a.lua\" } }, ruel = \"all\" }", STP_ERR_SCRIPT, 3},
  {HEAD "exam { id = \"x\", title = \"t\", cases = { { scenario = \"a.lua\" }, { scenario = \"a.lua\" } } }",
   STP_ERR_RANGE, 3},
  {HEAD "exam { id = \"x\", title = \"t\", cases = { { scenario = \"a.lua\" } } }\nexam { id = \"y\", title = \"t\", "
        "cases = { { scenario = \"a.lua\" } } }", STP_ERR_SCRIPT, 4},                                  /* twice */
  {HEAD "local x = 1", STP_ERR_SCRIPT, 1},                                                            /* never */
  {HEAD "scenario { id = \"x\" }", STP_ERR_SCRIPT, 3},                                                /* a scenario */
  {HEAD "exam { id = \"x\", title = \"t\", cases = { { scenario = \"a.lua\" } } }\nerror(\"boom\")", STP_ERR_SCRIPT, 4},
  {HEAD "exam(", STP_ERR_SCRIPT, 3},                                                                  /* syntax */
  {HEAD "while true do end", STP_ERR_LIMIT, 3},                                                       /* budget */
  {HEAD "io.open(\"x\")", STP_ERR_SCRIPT, 3},                                                         /* sandbox */
};

static void exam_bad(void **state) {
  (void)state;
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
    stp_exam_file e;
    stp_error err;
    stp_script_limits lim = {0, 2000000};
    stp_status st = stp_script_load_exam_buffer("bad_exam.lua", bad[i].text, strlen(bad[i].text), &lim, &e, &err);
    char buf[1200];
    stp_error_format(&err, buf, sizeof buf);
    if (st != bad[i].status || err.line != bad[i].line || strcmp(err.file, "bad_exam.lua") != 0)
      fail_msg("bad exam %zu: status %d line %d (%s), expected status %d line %d", i, st, err.line, buf,
               bad[i].status, bad[i].line);
  }
}

static void exam_file(void **state) {
  (void)state;
  stp_exam_file e;
  stp_error err;
  assert_int_equal(stp_script_load_exam(STP_TEST_DATA "/exam/level1.lua", NULL, &e, &err), STP_OK);
  assert_int_equal(e.case_count, 2);
  assert_int_equal(stp_script_load_exam(STP_TEST_DATA "/exam/missing.lua", NULL, &e, &err), STP_ERR_IO);
}

/* ---- the rule ------------------------------------------------------------------------- */

static stp_exam_file two_cases(void) {
  stp_exam_file e;
  memset(&e, 0, sizeof e);
  e.case_count = 2;
  snprintf(e.cases[0].scenario, sizeof e.cases[0].scenario, "a.lua");
  e.cases[0].attempts = 1;
  e.cases[0].consecutive = 1;
  snprintf(e.cases[1].scenario, sizeof e.cases[1].scenario, "b.lua");
  e.cases[1].attempts = 3;
  e.cases[1].consecutive = 2;
  e.cases[1].has_benchmark = true;
  e.cases[1].margin = 0.9;
  return e;
}

static stp_exam_attempt att(int c, int number, const char *started, double score, bool passed) {
  stp_exam_attempt a;
  memset(&a, 0, sizeof a);
  a.case_index = c;
  a.number = number;
  snprintf(a.started, sizeof a.started, "%s", started);
  a.score = score;
  a.passed = passed;
  return a;
}

static void judge_all_pass(void **state) {
  (void)state;
  stp_exam_file e = two_cases();
  double bench[2] = {0, stp_exam_benchmark(0.9, (double[]){90, 80}, 2)};
  assert_true(fabs(bench[1] - 76.5) < 1e-9);
  /* Given out of order: the first attempt at b (a failure) is practice, the last two are judged. */
  stp_exam_attempt a[] = {att(1, 2, "2026-11-27T10:00:00Z", 80, true), att(0, 1, "2026-11-27T09:00:00Z", 75, true),
                          att(1, 1, "2026-11-27T08:00:00Z", 30, false), att(1, 3, "2026-11-27T11:00:00Z", 78, true)};
  stp_exam_verdict v;
  stp_exam_judge(&e, a, 4, bench, &v);
  assert_true(v.certified);
  assert_int_equal(v.cases_passed, 2);
  assert_int_equal(v.cases[1].submitted, 3);
  assert_int_equal(v.cases[1].order[0], 2);
  assert_int_equal(v.cases[1].order[2], 3);
  assert_int_equal(v.cases[1].judged_from, 1);
  assert_true(fabs(v.cases[1].mean - 79) < 1e-9);
}

static void judge_one_case_failed(void **state) {
  (void)state;
  stp_exam_file e = two_cases();
  double bench[2] = {0, 50};
  stp_exam_attempt a[] = {att(0, 1, "2026-11-27T09:00:00Z", 95, false),   /* a gate failed: not passed */
                          att(1, 1, "2026-11-27T10:00:00Z", 80, true), att(1, 2, "2026-11-27T11:00:00Z", 80, true)};
  stp_exam_verdict v;
  stp_exam_judge(&e, a, 3, bench, &v);
  assert_false(v.certified);
  assert_false(v.cases[0].passed);
  assert_true(v.cases[1].passed);
  assert_non_null(strstr(v.why, "case 1"));
  /* The last attempt judged failed although an earlier one passed. */
  stp_exam_attempt b[] = {att(0, 1, "2026-11-27T09:00:00Z", 80, true), att(1, 1, "2026-11-27T10:00:00Z", 80, true),
                          att(1, 2, "2026-11-27T11:00:00Z", 80, true), att(1, 3, "2026-11-27T12:00:00Z", 40, false)};
  stp_exam_judge(&e, b, 4, bench, &v);
  assert_false(v.cases[1].passed);
  assert_false(v.certified);
}

static void judge_benchmark_missed(void **state) {
  (void)state;
  stp_exam_file e = two_cases();
  double bench[2] = {0, 76.5};
  stp_exam_attempt a[] = {att(0, 1, "2026-11-27T09:00:00Z", 80, true), att(1, 1, "2026-11-27T10:00:00Z", 74, true),
                          att(1, 2, "2026-11-27T11:00:00Z", 78, true)};   /* mean 76 < 76.5, each passed */
  stp_exam_verdict v;
  stp_exam_judge(&e, a, 3, bench, &v);
  assert_false(v.cases[1].passed);
  assert_false(v.certified);
  assert_non_null(strstr(v.cases[1].why, "benchmark"));
  a[1].score = 75;   /* mean 76.5: reached */
  stp_exam_judge(&e, a, 3, bench, &v);
  assert_true(v.certified);
}

static void judge_attempts(void **state) {
  (void)state;
  stp_exam_file e = two_cases();
  double bench[2] = {0, 0};
  /* Two attempts at a case that allows one: the case fails, even though both passed. */
  stp_exam_attempt a[] = {att(0, 1, "2026-11-27T09:00:00Z", 80, true), att(0, 2, "2026-11-27T09:30:00Z", 90, true),
                          att(1, 1, "2026-11-27T10:00:00Z", 80, true), att(1, 2, "2026-11-27T11:00:00Z", 80, true)};
  stp_exam_verdict v;
  stp_exam_judge(&e, a, 4, bench, &v);
  assert_false(v.cases[0].passed);
  assert_non_null(strstr(v.cases[0].why, "allowed"));
  assert_false(v.certified);
  /* Fewer than the consecutive attempts judged: fails; none at all: fails. */
  stp_exam_judge(&e, a, 3, bench, &v);
  assert_false(v.cases[1].passed);
  stp_exam_judge(&e, a, 0, bench, &v);
  assert_false(v.cases[0].passed);
  assert_false(v.certified);
}

/* Attempts are ordered by their numbers (not their start times), and must be exactly 1..n. */
static void judge_attempt_numbers(void **state) {
  (void)state;
  stp_exam_file e = two_cases();   /* case 2: 3 attempts allowed, the last 2 judged */
  double bench[2] = {0, 0};
  stp_exam_attempt a[] = {att(0, 1, "2026-11-27T09:00:00Z", 80, true),
                          att(1, 3, "2026-11-27T08:00:00Z", 80, true),    /* numbered last, started first */
                          att(1, 1, "2026-11-27T10:00:00Z", 20, false),
                          att(1, 2, "2026-11-27T11:00:00Z", 80, true)};
  stp_exam_verdict v;
  stp_exam_judge(&e, a, 4, bench, &v);
  assert_true(v.certified);
  assert_int_equal(v.cases[1].order[0], 2);
  assert_int_equal(v.cases[1].order[1], 3);
  assert_int_equal(v.cases[1].order[2], 1);
  /* By start time the failed attempt would be judged: numbered 2 now, it is. */
  a[2].number = 2;
  a[3].number = 1;
  stp_exam_judge(&e, a, 4, bench, &v);
  assert_false(v.cases[1].passed);
  assert_string_equal(v.cases[1].why, "attempt 2 of 3 did not pass the case (score 20.0)");
  /* A gap: attempts 1, 3 and 4, attempt 2 hidden. */
  a[2].number = 1;
  a[3].number = 3;
  a[1].number = 4;
  stp_exam_judge(&e, a, 4, bench, &v);
  assert_false(v.cases[1].passed);
  assert_string_equal(v.cases[1].why, "attempt 2 is missing (attempts are numbered 1, 2, 3... and all must be "
                                      "submitted; a missing one may have failed): none counts");
  stp_exam_attempt gap[] = {att(0, 1, "2026-11-27T09:00:00Z", 80, true), att(1, 1, "2026-11-27T09:00:00Z", 80, true),
                            att(1, 3, "2026-11-27T10:00:00Z", 80, true)};
  stp_exam_judge(&e, gap, 3, bench, &v);
  assert_false(v.cases[1].passed);
  assert_non_null(strstr(v.cases[1].why, "attempt 2 is missing"));
  /* Beyond the attempts allowed: 1 and 4 of a case allowing 3. */
  gap[2].number = 4;
  stp_exam_judge(&e, gap, 3, bench, &v);
  assert_false(v.cases[1].passed);
  assert_string_equal(v.cases[1].why, "attempt 4 is submitted, 3 allowed: none counts");
  /* Two attempts with one number. */
  gap[2].number = 1;
  stp_exam_judge(&e, gap, 3, bench, &v);
  assert_false(v.cases[1].passed);
  assert_string_equal(v.cases[1].why, "two attempts are numbered 1 (each attempt has its own number): none counts");
  /* Case 1 (one attempt allowed) numbered 2: a gap (attempt 1 missing). */
  gap[0].number = 2;
  stp_exam_judge(&e, gap, 3, bench, &v);
  assert_false(v.cases[0].passed);
}

static void match_cases(void **state) {
  (void)state;
  unsigned char shas[2][32];
  memset(shas[0], 0x11, 32);
  memset(shas[1], 0x22, 32);
  unsigned char other[32];
  memset(other, 0x23, 32);   /* another version of case 2 */
  char why[200];
  assert_int_equal(stp_exam_match("c1", "exam", shas[1], "c1", (const unsigned char (*)[32])shas, 2, why, sizeof why), 1);
  assert_int_equal(stp_exam_match("c1", "exam", other, "c1", (const unsigned char (*)[32])shas, 2, why, sizeof why), -1);
  assert_non_null(strstr(why, "version"));
  assert_int_equal(stp_exam_match("c2", "exam", shas[0], "c1", (const unsigned char (*)[32])shas, 2, why, sizeof why), -1);
  assert_int_equal(stp_exam_match("c1", "practice", shas[0], "c1", (const unsigned char (*)[32])shas, 2, why, sizeof why), -1);
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(exam_good),          cmocka_unit_test(exam_bad),
    cmocka_unit_test(exam_file),          cmocka_unit_test(judge_all_pass),
    cmocka_unit_test(judge_one_case_failed), cmocka_unit_test(judge_benchmark_missed),
    cmocka_unit_test(judge_attempts),     cmocka_unit_test(match_cases),
    cmocka_unit_test(judge_attempt_numbers),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
