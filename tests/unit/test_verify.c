/* test_verify.c - stp_app_verify_bundle and `stipple verify` / `stipple keys`: the honest
 * bundle passes; each kind of tampering fails with the part it touched named, both when
 * the attacker lacks the station key (the signature and the manifest's hashes catch it)
 * and when they hold it and re-seal consistently (the rebuild and re-score catch it). */
#define _POSIX_C_SOURCE 200809L
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include "stp_test.h"
#include "stp_version.h"

#include "bundle_fixture.h"
#include "cli_run.h"

static stp_station_key key1, key2;
static char dir1[400], dir2[400], bundle[400];

static int setup(void **state) {
  if (cli_setup() != 0) return -1;
  snprintf(dir1, sizeof dir1, "%s/station", cli_tmpdir);
  snprintf(dir2, sizeof dir2, "%s/other", cli_tmpdir);
  snprintf(bundle, sizeof bundle, "%s/exam.stpx", cli_tmpdir);
  stp_error err;
  if (stp_key_create(dir1, &key1, &err) != STP_OK || stp_key_create(dir2, &key2, &err) != STP_OK) return -1;
  setenv("STIPPLE_KEY_DIR", dir1, 1);   /* the station's own key is the trusted one */
  return 0;
}

static int teardown(void **state) { return cli_teardown(); }

static int fresh(void **state) { return fx_write_bundle(bundle, &key1); }

static stp_verify_report rep;

/* Verify in-process against the station key; returns the status. */
static stp_status verify(void) {
  stp_error err;
  stp_error_clear(&err);
  stp_status st = stp_app_verify_bundle(bundle, NULL, &rep, NULL, &err);
  for (int i = 0; i < rep.lines; i++) print_message("  %s\n", rep.line[i]);
  if (st != STP_OK) assert_true(err.msg[0] != '\0');
  return st;
}

static bool has_line(const char *prefix) {
  for (int i = 0; i < rep.lines; i++)
    if (strncmp(rep.line[i], prefix, strlen(prefix)) == 0) return true;
  return false;
}

static void expect_failed(const char *prefix) {
  if (!has_line(prefix)) fail_msg("no line starting \"%s\"", prefix);
}

/* ---- honest ------------------------------------------------------------------------ */

static void test_honest_passes(void **state) {
  assert_int_equal(verify(), STP_OK);
  assert_true(rep.passed);
  assert_int_equal(rep.failures, 0);
  assert_true(rep.signer_trusted);
  char fp[17];
  stp_key_fingerprint(key1.pk, fp);
  assert_string_equal(rep.signer_fingerprint, fp);
  char line[100];
  snprintf(line, sizeof line, "ok  signature by station %s… (trusted)", fp);
  expect_failed(line);
  /* 5 placements, one undo refused in the exam: 5 impressions. */
  expect_failed("ok  work.csv rebuilt from record.txt: 5 impressions, identical");
  expect_failed("ok  result.json re-scored from work.csv: ");
  expect_failed("ok  scenario.lua is the scenario record.txt names");
  assert_int_equal(rep.impressions, 5);
  assert_int_equal(rep.events, 10);
  /* b_out gets the members. */
  stp_bundle b;
  stp_error err;
  assert_int_equal(stp_app_verify_bundle(bundle, key1.pk, NULL, &b, &err), STP_OK);
  assert_string_equal(b.part[STP_PART_SCENARIO], fx_scenario);
  stp_bundle_free(&b);
}

/* ---- without the key: the signature and the manifest's hashes ------------------------ */

static void test_work_byte_changed(void **state) {
  stp_bundle b;
  stp_bundle_check chk;
  stp_error err;
  assert_int_equal(stp_bundle_read(bundle, key1.pk, &b, &chk, &err), STP_OK);
  char *work = fx_strdup(b.part[STP_PART_WORK]);
  stp_bundle_free(&b);
  char *digit = strchr(strchr(work, '\n') + 1, '0');   /* a digit in the first row */
  assert_non_null(digit);
  *digit = '1';
  assert_int_equal(fx_replace_member(bundle, "work.csv", work, strlen(work), NULL), 0);
  assert_int_equal(verify(), STP_ERR_PARSE);
  assert_false(rep.passed);
  expect_failed("FAILED signature: does not match the bundle's bytes");
  expect_failed("FAILED work.csv: its SHA-256 differs from the manifest's");
  expect_failed("FAILED work.csv: differs from the work rebuilt from record.txt");
  /* The station's key re-seals the altered zip, manifest untouched: the hash still names it. */
  assert_int_equal(fx_replace_member(bundle, "work.csv", work, strlen(work), &key1), 0);
  assert_int_equal(verify(), STP_ERR_PARSE);
  assert_false(has_line("FAILED signature"));
  expect_failed("FAILED work.csv: its SHA-256 differs from the manifest's");
  free(work);
}

static void test_record_byte_changed(void **state) {
  char *record = fx_record_text(fx_scenario, fx_events);
  record = fx_replace(record, "650 place -2 148", "650 place -3 148");
  assert_int_equal(fx_replace_member(bundle, "record.txt", record, strlen(record), NULL), 0);
  assert_int_equal(verify(), STP_ERR_PARSE);
  expect_failed("FAILED signature: does not match the bundle's bytes");
  expect_failed("FAILED record.txt: its SHA-256 differs from the manifest's");
  expect_failed("FAILED work.csv: differs from the work rebuilt from record.txt");
  free(record);
}

static void test_scenario_edited(void **state) {
  char *scn = fx_replace(fx_strdup(fx_scenario), "pass_mark = 70", "pass_mark = 10");
  assert_int_equal(fx_replace_member(bundle, "scenario.lua", scn, strlen(scn), NULL), 0);
  assert_int_equal(verify(), STP_ERR_PARSE);
  expect_failed("FAILED signature: does not match the bundle's bytes");
  expect_failed("FAILED scenario.lua: its SHA-256 differs from the manifest's");
  expect_failed("FAILED scenario.lua: its SHA-256 (");
  expect_failed("FAILED result.json: differs from re-scoring work.csv");
  free(scn);
}

static void test_result_edited(void **state) {
  stp_bundle b;
  stp_bundle_check chk;
  stp_error err;
  assert_int_equal(stp_bundle_read(bundle, key1.pk, &b, &chk, &err), STP_OK);
  char *res = fx_replace(fx_strdup(b.part[STP_PART_RESULT]), "\"passed\":\tfalse", "\"passed\":\ttrue");
  assert_string_not_equal(res, b.part[STP_PART_RESULT]);
  stp_bundle_free(&b);
  assert_int_equal(fx_replace_member(bundle, "result.json", res, strlen(res), NULL), 0);
  assert_int_equal(verify(), STP_ERR_PARSE);
  expect_failed("FAILED signature: does not match the bundle's bytes");
  expect_failed("FAILED result.json: its SHA-256 differs from the manifest's");
  expect_failed("FAILED result.json: differs from re-scoring work.csv");
  free(res);
}

/* ---- another key -------------------------------------------------------------------- */

static void test_signature_replaced(void **state) {
  assert_int_equal(fx_resign(bundle, &key2), 0);
  assert_int_equal(verify(), STP_ERR_PARSE);
  assert_false(rep.signer_trusted);
  char f1[17], f2[17], line[200];
  stp_key_fingerprint(key1.pk, f1);
  stp_key_fingerprint(key2.pk, f2);
  snprintf(line, sizeof line, "FAILED signature: made by key %s…, not by the trusted station key %s…", f2, f1);
  expect_failed(line);
  expect_failed("FAILED manifest.json: names station key");
}

/* Everything consistent, signed by a key that is not the station's: untrusted, and only that. */
static void forge_scenario(stp_bundle *b) {
  b->part[STP_PART_SCENARIO] = fx_replace(b->part[STP_PART_SCENARIO], "pass_mark = 70", "pass_mark = 70 ");
  char sha[65];
  stp_sha256_hex(b->part[STP_PART_SCENARIO], strlen(b->part[STP_PART_SCENARIO]), sha);
  char *at = strstr(b->part[STP_PART_RECORD], "# scenario-sha256 ") + 18;
  memcpy(at, sha, 64);
}

static void test_forgery_by_another_key(void **state) {
  assert_int_equal(fx_rewrite(bundle, forge_scenario, &key2), 0);
  assert_int_equal(verify(), STP_ERR_PARSE);
  assert_int_equal(rep.failures, 1);
  expect_failed("FAILED signature: made by key ");
  expect_failed("ok  work.csv rebuilt from record.txt: 5 impressions, identical");
  /* Trusting that key instead, it verifies: the signature is all that tells them apart. */
  stp_error err;
  assert_int_equal(stp_app_verify_bundle(bundle, key2.pk, &rep, NULL, &err), STP_OK);
}

/* ---- with the station's key, re-sealed consistently: the contents' own checks ------ */

static void edit_work(stp_bundle *b) {
  char *row = strchr(b->part[STP_PART_WORK], '\n') + 1;
  char *digit = strchr(row, '0');
  *digit = '1';
}
static void edit_record(stp_bundle *b) {
  b->part[STP_PART_RECORD] = fx_replace(b->part[STP_PART_RECORD], "650 place -2 148", "650 place -3 148");
}
static void edit_scenario(stp_bundle *b) {
  b->part[STP_PART_SCENARIO] = fx_replace(b->part[STP_PART_SCENARIO], "pass_mark = 70", "pass_mark = 10");
}
static void edit_result(stp_bundle *b) {
  b->part[STP_PART_RESULT] = fx_replace(b->part[STP_PART_RESULT], "\"passed\":\tfalse", "\"passed\":\ttrue");
}
static void edit_mode(stp_bundle *b) {
  strcpy(b->meta.mode, "practice");
  b->meta.attempt = 0;   /* a practice bundle has no attempt number */
}

static void test_resealed_work(void **state) {
  assert_int_equal(fx_rewrite(bundle, edit_work, &key1), 0);
  assert_int_equal(verify(), STP_ERR_PARSE);
  expect_failed("FAILED work.csv: differs from the work rebuilt from record.txt (5 impressions; first difference at line 2)");
  assert_false(has_line("FAILED signature"));
}

static void test_resealed_record(void **state) {
  assert_int_equal(fx_rewrite(bundle, edit_record, &key1), 0);
  assert_int_equal(verify(), STP_ERR_PARSE);
  assert_int_equal(rep.failures, 1);
  expect_failed("FAILED work.csv: differs from the work rebuilt from record.txt");
}

static void test_resealed_scenario(void **state) {
  assert_int_equal(fx_rewrite(bundle, edit_scenario, &key1), 0);
  assert_int_equal(verify(), STP_ERR_PARSE);
  expect_failed("FAILED scenario.lua: its SHA-256 (");
  expect_failed("FAILED result.json: differs from re-scoring work.csv");
}

static void test_resealed_result(void **state) {
  assert_int_equal(fx_rewrite(bundle, edit_result, &key1), 0);
  assert_int_equal(verify(), STP_ERR_PARSE);
  assert_int_equal(rep.failures, 1);
  expect_failed("FAILED result.json: differs from re-scoring work.csv");
}

/* A result that differs, from a bundle another engine version sealed, is still a failure,
 * and verify adds that a change of the scorer may explain it; the same version says
 * nothing of the kind. */
static void edit_result_old_engine(stp_bundle *b) {
  edit_result(b);
  strcpy(b->meta.engine_version, "0.0.1");
}
static void test_other_engine_is_named(void **state) {
  assert_int_equal(fx_rewrite(bundle, edit_result, &key1), 0);
  assert_int_equal(verify(), STP_ERR_PARSE);
  assert_false(has_line("warn the bundle was sealed by Stipple"));
  assert_int_equal(fx_rewrite(bundle, edit_result_old_engine, &key1), 0);
  assert_int_equal(verify(), STP_ERR_PARSE);
  expect_failed("FAILED result.json: differs from re-scoring work.csv");
  assert_true(has_line("warn the bundle was sealed by Stipple 0.0.1 and is checked by " STP_VERSION_STRING));
}

/* The options of the commands on one bundle (verify, export, report). */
static void test_bundle_options(void **state) {
  (void)state;
  static const char *const opts[] = {"--key", "--out", NULL};
  static const char *const flags[] = {"--xapi", NULL};
  const char *vals[2], *given;
  bool set[1];
  static const struct { const char *args[6]; int rc; const char *key, *out, *bundle; bool xapi; } c[] = {
    {{"x", "b.zip", "--key", "k.pub", "--xapi"}, 0, "k.pub", NULL, "b.zip", true},
    {{"x", "--out", "r.pdf", "b.zip"}, 0, NULL, "r.pdf", "b.zip", false},
    {{"x", "-"}, 0, NULL, NULL, "-", false},                  /* "-" is a name, not an option */
    {{"x", "b.zip", "--key"}, STP_EXIT_USAGE, NULL, NULL, NULL, false},        /* a value missing */
    {{"x", "a.zip", "b.zip"}, STP_EXIT_USAGE, NULL, NULL, NULL, false},        /* two bundles */
    {{"x", "--keys", "k", "b.zip"}, STP_EXIT_USAGE, NULL, NULL, NULL, false},  /* unknown */
    {{"x"}, 0, NULL, NULL, NULL, false},                      /* none: the command says what it needs */
  };
  for (size_t i = 0; i < sizeof c / sizeof c[0]; i++) {
    int argc = 0;
    while (argc < 6 && c[i].args[argc]) argc++;
    vals[0] = vals[1] = NULL;
    set[0] = false;
    int rc = stp_app_bundle_options("x", argc, (char **)c[i].args, opts, vals, flags, set, &given);
    assert_int_equal(rc, c[i].rc);
    if (rc) continue;
    if ((vals[0] == NULL) != (c[i].key == NULL) || (vals[0] && strcmp(vals[0], c[i].key) != 0)) fail_msg("case %zu: key", i);
    if ((vals[1] == NULL) != (c[i].out == NULL) || (vals[1] && strcmp(vals[1], c[i].out) != 0)) fail_msg("case %zu: out", i);
    if ((given == NULL) != (c[i].bundle == NULL) || (given && strcmp(given, c[i].bundle) != 0)) fail_msg("case %zu: bundle", i);
    assert_int_equal(set[0], c[i].xapi);
  }
}

/* Claiming practice: the undo the exam refused would have applied; the rebuild differs. */
static void test_resealed_mode(void **state) {
  assert_int_equal(fx_rewrite(bundle, edit_mode, &key1), 0);
  assert_int_equal(verify(), STP_ERR_PARSE);
  expect_failed("FAILED work.csv: differs from the work rebuilt from record.txt (4 impressions");
}

/* ---- the manifest against the record and itself: one field changed, re-sealed -------- */

static void edit_candidate(stp_bundle *b) { strcpy(b->meta.candidate, "Eve Test"); }
static void edit_record_mode(stp_bundle *b) {
  b->part[STP_PART_RECORD] = fx_replace(b->part[STP_PART_RECORD], "# mode exam\n", "# mode practice\n");
}
static void edit_started(stp_bundle *b) { strcpy(b->meta.started, "2026-11-27T09:59:00Z"); }
static void edit_scenario_file(stp_bundle *b) { strcpy(b->meta.scenario_file, "cert_easy.lua"); }
static void edit_exam_id(stp_bundle *b) { strcpy(b->meta.exam_id, "fedcba9876543210fedcba9876543210"); }
static void edit_attempt(stp_bundle *b) { b->meta.attempt = 2; }
static void edit_scenario_id(stp_bundle *b) { strcpy(b->meta.scenario_id, "cert-big"); }
static void edit_no_finish(stp_bundle *b) {
  b->part[STP_PART_RECORD] = fx_replace(b->part[STP_PART_RECORD], "1200 finish\n", "");
}
static void edit_after_finish(stp_bundle *b) {
  b->part[STP_PART_RECORD] = fx_replace(b->part[STP_PART_RECORD], "1200 finish\n", "1200 finish\n1300 needle 1\n");
}
static void edit_duration(stp_bundle *b) { b->meta.duration_ms = 1100; }
static void edit_ended_before(stp_bundle *b) { strcpy(b->meta.ended, "2026-11-27T09:59:59Z"); }
static void edit_ended_malformed(stp_bundle *b) { strcpy(b->meta.ended, "2026-11-27T10:00:61Z"); }

static const struct {
  const char *name;
  fx_editor edit;
  const char *says;   /* the FAILED line (its start) */
} field_cases[] = {
  {"candidate", edit_candidate,
   "FAILED manifest.json: candidate \"Eve Test\" differs from record.txt's \"# candidate Ada Test\""},
  {"mode", edit_record_mode, "FAILED manifest.json: mode \"exam\" differs from record.txt's \"# mode practice\""},
  {"started", edit_started,
   "FAILED manifest.json: started \"2026-11-27T09:59:00Z\" differs from record.txt's \"# started 2026-11-27T10:00:00Z\""},
  {"scenario_file", edit_scenario_file,
   "FAILED manifest.json: scenario_file \"cert_easy.lua\" differs from record.txt's \"# scenario-file cert_small.lua\""},
  {"exam_id", edit_exam_id,
   "FAILED manifest.json: exam_id \"fedcba9876543210fedcba9876543210\" differs from record.txt's \"# exam-id "
   FX_EXAM_ID "\""},
  {"attempt", edit_attempt, "FAILED manifest.json: attempt \"2\" differs from record.txt's \"# attempt 1\""},
  {"scenario_id", edit_scenario_id,
   "FAILED manifest.json: scenario_id \"cert-big\" is not the id of scenario.lua (\"cert-small\")"},
  {"no finish", edit_no_finish, "FAILED record.txt: has no finish event"},
  {"after finish", edit_after_finish, "FAILED record.txt: a needle event at 1300 ms follows the finish (at 1200 ms)"},
  {"duration_ms", edit_duration,
   "FAILED manifest.json: duration_ms 1100 is not the finish's time in record.txt (1200 ms)"},
  {"ended before started", edit_ended_before,
   "FAILED manifest.json: ended 2026-11-27T09:59:59Z is before started 2026-11-27T10:00:00Z"},
  {"ended malformed", edit_ended_malformed,
   "FAILED manifest.json: ended \"2026-11-27T10:00:61Z\" is not a time YYYY-MM-DDTHH:MM:SSZ"},
};

static char out[16384], errs[4096];
static int run_verify(const char *extra);

/* Each field changed alone and re-sealed with the station's key: verify exits 5 naming it. */
static void test_resealed_fields(void **state) {
  for (size_t i = 0; i < sizeof field_cases / sizeof field_cases[0]; i++) {
    print_message("-- %s\n", field_cases[i].name);
    remove(bundle);
    assert_int_equal(fx_write_bundle(bundle, &key1), 0);
    assert_int_equal(verify(), STP_OK);
    assert_int_equal(fx_rewrite(bundle, field_cases[i].edit, &key1), 0);
    assert_int_equal(verify(), STP_ERR_PARSE);
    expect_failed(field_cases[i].says);
    assert_false(has_line("FAILED signature"));
    assert_false(has_line("ok  manifest.json agrees"));
    assert_int_equal(run_verify(""), 5);
    if (!strstr(out, field_cases[i].says)) fail_msg("%s: stipple verify does not say \"%s\"", field_cases[i].name,
                                                    field_cases[i].says);
  }
}

/* A bundle of the fixture's scenario with more lines (a time limit), its own events, times. */
static void write_custom(const char *scenario, const char *events, int64_t duration_ms, const char *ended) {
  char *record = fx_record_text(scenario, events);
  stp_bundle b;
  assert_int_equal(fx_make_parts(&b, scenario, record, true), 0);
  free(record);
  b.meta.duration_ms = duration_ms;
  strcpy(b.meta.ended, ended);
  stp_error err;
  remove(bundle);
  if (stp_bundle_write(bundle, &b, &key1, &err) != STP_OK) fail_msg("%s", err.msg);
  stp_bundle_free(&b);
}

static const char events_10s[] =
  "100 down 300 200 0 150 0.5 0\n100 place 0 150 0.5 nan 0\n150 up 300 200 0 150 0.5 0\n10000 finish\n";

/* The wall clock between start and end cannot be shorter than the exam's own time. */
static void test_ended_too_soon(void **state) {
  write_custom(fx_scenario, events_10s, 10000, "2026-11-27T10:00:08Z");   /* 8 s for 10 s: within 2 s */
  assert_int_equal(verify(), STP_OK);
  write_custom(fx_scenario, events_10s, 10000, "2026-11-27T10:00:07Z");   /* 7 s for 10 s */
  assert_int_equal(verify(), STP_ERR_PARSE);
  expect_failed("FAILED manifest.json: ended 2026-11-27T10:00:07Z is 7 s after started, shorter than duration_ms 10000");
  assert_int_equal(rep.failures, 1);
}

/* In an exam, a place after the scenario's time limit is named (the core refuses it too). */
static void test_place_after_time_limit(void **state) {
  char *scn = fx_replace(fx_strdup(fx_scenario), "pass_mark = 70,", "pass_mark = 70, time_limit = 2,");
  write_custom(scn, "100 place 0 150 0.5 nan 0\n2000 place 1 150 0.5 nan 0\n2100 finish\n", 2100,
               "2026-11-27T10:00:03Z");
  assert_int_equal(verify(), STP_OK);   /* at the limit: allowed */
  write_custom(scn, "100 place 0 150 0.5 nan 0\n2001 place 1 150 0.5 nan 0\n2100 finish\n", 2100,
               "2026-11-27T10:00:03Z");
  assert_int_equal(verify(), STP_ERR_PARSE);
  expect_failed("FAILED record.txt: a place event at 2001 ms is after the time limit (2000 ms)");
  free(scn);
}

static bool has_line_with(const char *prefix, const char *part) {
  for (int i = 0; i < rep.lines; i++)
    if (strncmp(rep.line[i], prefix, strlen(prefix)) == 0 && strstr(rep.line[i], part)) return true;
  return false;
}

/* The heuristics warn and never fail: places without pointer samples; more than 20 a second. */
static void test_heuristics_warn(void **state) {
  /* The standard record: 5 places, none with a down or up at its time. */
  assert_int_equal(verify(), STP_OK);
  assert_int_equal(rep.warnings, 1);
  assert_true(has_line_with("warn record.txt: 5 place events without a pointer sample", "first at 100 ms"));
  expect_failed("ok  manifest.json agrees with record.txt");
  /* Every place with its down at the same time, 21 within one second: only the rate warns. */
  char ev[8000];
  size_t o = 0;
  for (int i = 0; i < 21; i++)
    o += (size_t)snprintf(ev + o, sizeof ev - o, "%d down 300 200 %d 150 0.5 1\n%d place %d 150 0.5 nan 0\n",
                          100 + 45 * i, i % 5, 100 + 45 * i, i % 5);
  snprintf(ev + o, sizeof ev - o, "3000 finish\n");
  write_custom(fx_scenario, ev, 3000, "2026-11-27T10:00:03Z");
  assert_int_equal(verify(), STP_OK);
  assert_true(rep.passed);
  assert_int_equal(rep.warnings, 1);
  assert_true(has_line_with("warn record.txt: 21 places within one second", "more than 20 a second"));
  /* 20 within a second (the 21st a second after the first): no warning at all. */
  o = 0;
  for (int i = 0; i < 21; i++)
    o += (size_t)snprintf(ev + o, sizeof ev - o, "%d up 300 200 %d 150 0.5 1\n%d place %d 150 0.5 nan 0\n",
                          100 + (i == 20 ? 1000 : 45 * i), i % 5, 100 + (i == 20 ? 1000 : 45 * i), i % 5);
  snprintf(ev + o, sizeof ev - o, "3000 finish\n");
  write_custom(fx_scenario, ev, 3000, "2026-11-27T10:00:03Z");
  assert_int_equal(verify(), STP_OK);
  assert_int_equal(rep.warnings, 0);
  assert_int_equal(run_verify(""), 0);
  assert_null(strstr(out, "warn "));
}

/* ---- the command line --------------------------------------------------------------- */

static int run_verify(const char *extra) {
  char cmd[1500];
  snprintf(cmd, sizeof cmd, "STIPPLE_KEY_DIR='%s' '%s' verify '%s' %s", dir1, STIPPLE_BIN, bundle, extra);
  int rc = run(cmd, out, sizeof out, errs, sizeof errs);
  print_message("%s", out);
  return rc;
}

static void test_cli_verify(void **state) {
  assert_int_equal(run_verify(""), 0);
  assert_non_null(strstr(out, "ok  signature by station "));
  assert_non_null(strstr(out, "ok  work.csv rebuilt from record.txt: 5 impressions, identical"));
  assert_non_null(strstr(out, "verified: every check holds"));
  assert_null(strstr(out, "FAILED"));
  char pub[600];
  snprintf(pub, sizeof pub, "--key '%s/station.pub'", dir1);
  assert_int_equal(run_verify(pub), 0);
  /* Another trusted key: exit 5, untrusted. */
  snprintf(pub, sizeof pub, "--key '%s/station.pub'", dir2);
  assert_int_equal(run_verify(pub), 5);
  assert_non_null(strstr(out, "FAILED signature: made by key "));
  assert_non_null(strstr(out, "NOT VERIFIED: 1 check failed"));
  /* Tampered: exit 5, the part named. */
  assert_int_equal(fx_rewrite(bundle, edit_result, &key1), 0);
  assert_int_equal(run_verify(""), 5);
  assert_non_null(strstr(out, "FAILED result.json: differs from re-scoring work.csv"));
  /* Usage and file errors. */
  char cmd[1200];
  snprintf(cmd, sizeof cmd, "'%s' verify", STIPPLE_BIN);
  assert_int_equal(run(cmd, out, sizeof out, errs, sizeof errs), 2);
  snprintf(cmd, sizeof cmd, "'%s' verify '%s' --frobnicate", STIPPLE_BIN, bundle);
  assert_int_equal(run(cmd, out, sizeof out, errs, sizeof errs), 2);
  snprintf(cmd, sizeof cmd, "STIPPLE_KEY_DIR='%s' '%s' verify '%s/none.stpx'", dir1, STIPPLE_BIN, cli_tmpdir);
  assert_int_equal(run(cmd, out, sizeof out, errs, sizeof errs), 4);
  snprintf(cmd, sizeof cmd, "STIPPLE_KEY_DIR='%s/nokeys' '%s' verify '%s'", cli_tmpdir, STIPPLE_BIN, bundle);
  assert_int_equal(run(cmd, out, sizeof out, errs, sizeof errs), 2);
  assert_non_null(strstr(errs, "no trusted key: give --key PUBLIC"));
  snprintf(cmd, sizeof cmd, "'%s' verify '%s' --key '%s/none.pub'", STIPPLE_BIN, bundle, cli_tmpdir);
  assert_int_equal(run(cmd, out, sizeof out, errs, sizeof errs), 4);
  /* Not a bundle at all: read, and it differs. */
  snprintf(cmd, sizeof cmd, "STIPPLE_KEY_DIR='%s' '%s' verify '%s/station.pub'", dir1, STIPPLE_BIN, dir1);
  assert_int_equal(run(cmd, out, sizeof out, errs, sizeof errs), 5);
  assert_non_null(strstr(out, "FAILED signature: none at the end of the file"));
}

static void test_cli_keys(void **state) {
  char cmd[2000], kd[600];
  snprintf(kd, sizeof kd, "%s/cli-keys", cli_tmpdir);
  snprintf(cmd, sizeof cmd, "STIPPLE_KEY_DIR='%s' '%s' keys --show", kd, STIPPLE_BIN);
  assert_int_equal(run(cmd, out, sizeof out, errs, sizeof errs), 4);   /* none yet: --show makes none */
  snprintf(cmd, sizeof cmd, "STIPPLE_KEY_DIR='%s' '%s' keys", kd, STIPPLE_BIN);
  assert_int_equal(run(cmd, out, sizeof out, errs, sizeof errs), 0);
  assert_non_null(strstr(out, "made this station's key pair"));
  stp_station_key k;
  stp_error err;
  assert_int_equal(stp_key_load(kd, &k, &err), STP_OK);
  char hex[129], fp[17];
  stp_key_hex(k.pk, 32, hex);
  stp_key_fingerprint(k.pk, fp);
  assert_non_null(strstr(out, hex));
  assert_non_null(strstr(out, fp));
  stp_key_hex(k.sk, 32, hex);   /* the secret seed is never printed */
  assert_null(strstr(out, hex));
  /* Again: shows the same key, makes none. */
  assert_int_equal(run(cmd, out, sizeof out, errs, sizeof errs), 0);
  assert_non_null(strstr(out, "this station's key pair"));
  assert_null(strstr(out, hex));
  stp_station_key k2;
  assert_int_equal(stp_key_load(kd, &k2, &err), STP_OK);
  assert_memory_equal(k.sk, k2.sk, 64);
  snprintf(cmd, sizeof cmd, "chmod 644 '%s/station.key' && STIPPLE_KEY_DIR='%s' '%s' keys --show", kd, kd, STIPPLE_BIN);
  assert_int_equal(run(cmd, out, sizeof out, errs, sizeof errs), 4);
  assert_non_null(strstr(errs, "readable by others"));
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test_setup(test_honest_passes, fresh),
    cmocka_unit_test_setup(test_work_byte_changed, fresh),
    cmocka_unit_test_setup(test_record_byte_changed, fresh),
    cmocka_unit_test_setup(test_scenario_edited, fresh),
    cmocka_unit_test_setup(test_result_edited, fresh),
    cmocka_unit_test_setup(test_signature_replaced, fresh),
    cmocka_unit_test_setup(test_forgery_by_another_key, fresh),
    cmocka_unit_test_setup(test_resealed_work, fresh),
    cmocka_unit_test_setup(test_resealed_record, fresh),
    cmocka_unit_test_setup(test_resealed_scenario, fresh),
    cmocka_unit_test_setup(test_resealed_result, fresh),
    cmocka_unit_test_setup(test_resealed_mode, fresh),
    cmocka_unit_test_setup(test_other_engine_is_named, fresh),
    cmocka_unit_test(test_bundle_options),
    cmocka_unit_test_setup(test_resealed_fields, fresh),
    cmocka_unit_test_setup(test_ended_too_soon, fresh),
    cmocka_unit_test_setup(test_place_after_time_limit, fresh),
    cmocka_unit_test_setup(test_heuristics_warn, fresh),
    cmocka_unit_test_setup(test_cli_verify, fresh),
    cmocka_unit_test(test_cli_keys),
  };
  return cmocka_run_group_tests(tests, setup, teardown);
}
