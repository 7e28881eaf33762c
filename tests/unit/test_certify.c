/* test_certify.c - stipple certify, export --xapi and report, run as a user runs them, on
 * sealed bundles made by bundle_make.h from the tiny case (tests/data/exam/tiny.lua): ten
 * dots inside its square pass, dots outside fail. Keys live in a temporary STIPPLE_KEY_DIR. */
#define _POSIX_C_SOURCE 200809L
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include "stp_test.h"

#include <cjson/cJSON.h>
#include <sodium.h>
#include <sys/stat.h>

#include "bundle_make.h"
#include "cli_run.h"

static char out[65536], errtxt[65536];
static stp_station_key key;
static char keydir[300];

static const bm_dot inside[10] = {{-4, 141}, {-2, 141.5}, {0, 141}, {2, 141.5}, {4, 141}, {-4, 148},
                                  {-2, 148.5}, {0, 148}, {2, 148.5}, {4, 148}};
static const bm_dot outside[10] = {{-40, 120}, {-36, 120}, {-32, 120}, {-28, 120}, {-24, 120}, {24, 120},
                                   {28, 120}, {32, 120}, {36, 120}, {40, 120}};

static void path_in(char *buf, size_t n, const char *name) { snprintf(buf, n, "%s/%s", cli_tmpdir, name); }

static void copy_file(const char *from, const char *to_name) {
  char cmd[1200], to[600];
  path_in(to, sizeof to, to_name);
  snprintf(cmd, sizeof cmd, "cp '%s' '%s'", from, to);
  assert_int_equal(system(cmd), 0);
}

static void write_text(const char *name, const char *text) {
  char p[600];
  path_in(p, sizeof p, name);
  FILE *f = fopen(p, "w");
  assert_non_null(f);
  assert_true(fputs(text, f) >= 0);
  assert_int_equal(fclose(f), 0);
}

/* An exam id for a name: the first 32 hex digits of its SHA-256 (one name, one exam). */
static void exam_id_of(const char *name, char id[65]) {
  stp_sha256_hex(name, strlen(name), id);
  id[32] = '\0';
}

/* Seal bundle `name` as exam `exam` (its id from that name), attempt `attempt`, ended as given
 * (NULL: an hour after started). */
static void make_x(const char *name, const char *exam, int attempt, const char *ended, const char *scenario,
                   const char *candidate, const char *mode, const char *started, const bm_dot *dots, int n) {
  char p[600], s[600], id[65];
  path_in(p, sizeof p, name);
  path_in(s, sizeof s, scenario);
  exam_id_of(exam, id);
  bm_exam x = {id, strcmp(mode, "exam") == 0 ? attempt : 0, ended};
  stp_error err;
  stp_status st = bm_make(p, s, candidate, mode, started, x, dots, n, &key, &err);
  if (st != STP_OK) fail_msg("making %s: %s (line %d)", name, err.msg, err.line);
}

static void make(const char *name, int attempt, const char *scenario, const char *candidate, const char *started,
                 const bm_dot *dots) {
  make_x(name, name, attempt, NULL, scenario, candidate, "exam", started, dots, 10);
}

static int setup(void **state) {
  (void)state;
  if (cli_setup() != 0 || sodium_init() < 0) return -1;
  snprintf(keydir, sizeof keydir, "%s/keys", cli_tmpdir);
  setenv("STIPPLE_KEY_DIR", keydir, 1);
  stp_error err;
  if (stp_key_create(keydir, &key, &err) != STP_OK) return -1;
  copy_file(STP_TEST_DATA "/exam/tiny.lua", "tiny.lua");
  copy_file(STP_TEST_DATA "/exam/tiny_v2.lua", "tiny_v2.lua");
  /* Attempts 1, 2, 3 of the tiny case, and failed attempts numbered 1, 2 and 3. */
  make("good1.stb", 1, "tiny.lua", "cand-7", "2026-11-27T09:00:00Z", inside);
  make("good2.stb", 2, "tiny.lua", "cand-7", "2026-11-27T10:00:00Z", inside);
  make("good3.stb", 3, "tiny.lua", "cand-7", "2026-11-27T11:00:00Z", inside);
  make("bad1.stb", 1, "tiny.lua", "cand-7", "2026-11-27T08:00:00Z", outside);
  make("bad2.stb", 2, "tiny.lua", "cand-7", "2026-11-27T12:00:00Z", outside);
  make("bad3.stb", 3, "tiny.lua", "cand-7", "2026-11-27T12:00:00Z", outside);
  /* too few dots: less evidence */
  make_x("partial.stb", "partial.stb", 1, NULL, "tiny.lua", "cand-7", "exam", "2026-11-27T08:00:00Z", inside, 3);
  make("v2.stb", 1, "tiny_v2.lua", "cand-7", "2026-11-27T09:30:00Z", inside);
  make("other.stb", 1, "tiny.lua", "cand-8", "2026-11-27T09:30:00Z", inside);
  /* good2's exam sealed again (its folder copied before the seal): one exam id, another end. */
  make_x("good2b.stb", "good2.stb", 2, "2026-11-27T11:30:00Z", "tiny.lua", "cand-7", "exam", "2026-11-27T10:00:00Z",
         inside, 10);
  /* The expert reference work: the good bundle's work.csv. */
  char p[600];
  path_in(p, sizeof p, "good1.stb");
  stp_bundle b;
  stp_bundle_check chk;
  if (stp_bundle_read(p, NULL, &b, &chk, &err) != STP_OK) return -1;
  path_in(p, sizeof p, "expert.csv");
  stp_status st = stp_file_write(p, b.part[STP_PART_WORK], b.part_len[STP_PART_WORK], 0, "expert", &err);
  stp_bundle_free(&b);
  if (st != STP_OK) return -1;
  /* A tampered copy: one byte of the work's stored data changed. */
  char cmd[1400];
  snprintf(cmd, sizeof cmd, "cp %s/good2.stb %s/tampered.stb && printf 'X' | dd of=%s/tampered.stb bs=1 seek=200 "
           "conv=notrunc 2>/dev/null", cli_tmpdir, cli_tmpdir, cli_tmpdir);
  return system(cmd) == 0 ? 0 : -1;
}

static int teardown(void **state) {
  (void)state;
  return cli_teardown();
}

static void exam_file(double margin, int attempts, int consecutive) {
  char text[800];
  snprintf(text, sizeof text,
           "exam {\n  id = \"tiny-exam\", title = \"Tiny exam\",\n"
           "  cases = { { scenario = \"tiny.lua\", attempts = %d, consecutive = %d,\n"
           "              benchmark = { reference = { \"expert.csv\" }, margin = %g } } },\n}\n",
           attempts, consecutive, margin);
  write_text("exam.lua", text);
}

static int certify(const char *bundles) {
  char cmd[2000];
  snprintf(cmd, sizeof cmd, "cd %s && rm -f cert.json cert.json.sig && '%s' certify --exam exam.lua --candidate cand-7 "
           "--out cert.json %s", cli_tmpdir, STIPPLE_BIN, bundles);
  return run(cmd, out, sizeof out, errtxt, sizeof errtxt);
}

/* The certificate, its signature checked against the station key. */
static cJSON *certificate(void) {
  char p[600], *text = NULL, *sig = NULL;
  size_t len = 0, slen = 0;
  stp_error err;
  path_in(p, sizeof p, "cert.json");
  assert_int_equal(stp_file_read(p, 1 << 20, "cert", &text, &len, &err), STP_OK);
  path_in(p, sizeof p, "cert.json.sig");
  assert_int_equal(stp_file_read(p, 4096, "sig", &sig, &slen, &err), STP_OK);
  char pkhex[65];
  stp_key_hex(key.pk, 32, pkhex);
  assert_int_equal(strncmp(sig, "stipple-ed25519 ", 16), 0);
  assert_int_equal(strncmp(sig + 16, pkhex, 64), 0);
  unsigned char s[64];
  assert_int_equal(stp_hex_decode(sig + 16 + 65, 128, s, 64), 0);
  assert_int_equal(crypto_sign_verify_detached(s, (const unsigned char *)text, len, key.pk), 0);
  text[len / 2] ^= 1;   /* one bit changed: the signature no longer holds */
  assert_int_not_equal(crypto_sign_verify_detached(s, (const unsigned char *)text, len, key.pk), 0);
  text[len / 2] ^= 1;
  cJSON *j = cJSON_Parse(text);
  assert_non_null(j);
  free(text);
  free(sig);
  return j;
}

static const cJSON *case0(const cJSON *cert) {
  return cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(cert, "cases"), 0);
}

static void certify_all_pass(void **state) {
  (void)state;
  exam_file(0.9, 2, 1);
  int rc = certify("good1.stb good2.stb");
  if (rc != 0) fail_msg("certify: %d\n%s\n%s", rc, out, errtxt);
  cJSON *c = certificate();
  assert_true(cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(c, "certified")));
  assert_string_equal(cJSON_GetObjectItemCaseSensitive(c, "candidate")->valuestring, "cand-7");
  const cJSON *k = case0(c);
  assert_true(cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(k, "passed")));
  assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(k, "attempts")), 2);
  const cJSON *bm = cJSON_GetObjectItemCaseSensitive(k, "benchmark");
  assert_float_equal(cJSON_GetObjectItemCaseSensitive(bm, "value")->valuedouble, 90, 1e-9);
  assert_non_null(cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(c, "exam"), "sha256"));
  cJSON_Delete(c);
}

static void certify_case_failed(void **state) {
  (void)state;
  exam_file(0.9, 2, 1);
  assert_int_equal(certify("good1.stb bad2.stb"), 6);   /* the last attempt failed */
  cJSON *c = certificate();
  assert_true(cJSON_IsFalse(cJSON_GetObjectItemCaseSensitive(c, "certified")));
  assert_string_equal(cJSON_GetObjectItemCaseSensitive(c, "verdict")->valuestring, "not certified");
  assert_non_null(strstr(cJSON_GetObjectItemCaseSensitive(case0(c), "why")->valuestring, "did not pass"));
  cJSON_Delete(c);
}

static void certify_benchmark_missed(void **state) {
  (void)state;
  /* Three dots of the ten planned: the evidence scales the score under the expert's but over the
   * pass mark (50), so the case passes on its own and misses a benchmark of 99 % of the expert. */
  exam_file(0.99, 1, 1);
  int rc = certify("partial.stb");
  cJSON *c = certificate();
  const cJSON *att = cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(case0(c), "attempts"), 0);
  double score = cJSON_GetObjectItemCaseSensitive(att, "score")->valuedouble;
  if (!(score >= 50 && score < 99) || !cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(att, "passed")))
    fail_msg("the partial work scored %g; the test needs a pass under 99", score);
  assert_int_equal(rc, 6);
  assert_non_null(strstr(cJSON_GetObjectItemCaseSensitive(case0(c), "why")->valuestring, "benchmark"));
  cJSON_Delete(c);
  exam_file(score / 100 - 0.001, 1, 1);   /* a benchmark just under its score: certified */
  assert_int_equal(certify("partial.stb"), 0);
}

static void certify_too_many_attempts(void **state) {
  (void)state;
  exam_file(0.9, 2, 1);
  assert_int_equal(certify("good1.stb good2.stb good3.stb"), 6);
  cJSON *c = certificate();
  assert_non_null(strstr(cJSON_GetObjectItemCaseSensitive(case0(c), "why")->valuestring, "allowed"));
  cJSON_Delete(c);
  /* The same bundle twice counts once. */
  assert_int_equal(certify("good1.stb good1.stb good2.stb"), 0);
  /* Consecutive: two in a row judged; an early failure is practice. */
  exam_file(0.9, 3, 2);
  assert_int_equal(certify("good1.stb good2.stb bad3.stb"), 6);   /* the last attempt failed */
  assert_int_equal(certify("bad1.stb good2.stb good3.stb"), 0);   /* the first failed: practice */
}

/* One exam sealed twice is one attempt: consecutive = 2 is not met by it. */
static void certify_same_exam_twice(void **state) {
  (void)state;
  exam_file(0.9, 3, 2);
  assert_int_equal(certify("good2b.stb good2.stb"), 6);
  cJSON *c = certificate();
  const cJSON *nc = cJSON_GetObjectItemCaseSensitive(c, "not_counted");
  assert_int_equal(cJSON_GetArraySize(nc), 1);
  /* good2 ended first (11:00): it counts; good2b (11:30), the later seal, does not. */
  assert_string_equal(cJSON_GetObjectItemCaseSensitive(cJSON_GetArrayItem(nc, 0), "bundle")->valuestring, "good2b.stb");
  assert_non_null(strstr(cJSON_GetObjectItemCaseSensitive(cJSON_GetArrayItem(nc, 0), "why")->valuestring,
                         "the same exam as good2.stb"));
  assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(case0(c), "attempts")), 1);
  cJSON_Delete(c);
  /* With attempt 1 beside it: two attempts, both judged, certified; the re-seal still not counted. */
  assert_int_equal(certify("good1.stb good2.stb good2b.stb"), 0);
}

/* Attempts are numbered 1..n by the station: a hidden attempt is a gap, and the case fails. */
static void certify_attempt_gap(void **state) {
  (void)state;
  exam_file(0.9, 3, 1);
  assert_int_equal(certify("good1.stb good3.stb"), 6);   /* attempt 2 (maybe failed) withheld */
  cJSON *c = certificate();
  assert_non_null(strstr(cJSON_GetObjectItemCaseSensitive(case0(c), "why")->valuestring, "attempt 2 is missing"));
  cJSON_Delete(c);
  assert_int_equal(certify("good2.stb good3.stb"), 6);   /* attempt 1 withheld */
  assert_int_equal(certify("good1.stb good2.stb good3.stb"), 0);
  /* Ordered by number, not by start: bad3 started last anyway; bad2 (12:00) is judged before good3 (11:00). */
  exam_file(0.9, 3, 1);
  assert_int_equal(certify("good1.stb bad2.stb good3.stb"), 0);   /* the last, attempt 3, passed */
  exam_file(0.9, 2, 1);
  assert_int_equal(certify("good1.stb good2.stb good3.stb"), 6);   /* 3 attempts, 2 allowed */
}

/* The certificate names the key the bundles were verified against, and each attempt's signer. */
static void certify_names_signer(void **state) {
  (void)state;
  exam_file(0.9, 2, 1);
  assert_int_equal(certify("good1.stb good2.stb"), 0);
  cJSON *c = certificate();
  char hex[65], fp[17];
  stp_key_hex(key.pk, 32, hex);
  stp_key_fingerprint(key.pk, fp);
  const cJSON *bk = cJSON_GetObjectItemCaseSensitive(c, "bundles_signed_by");
  assert_string_equal(cJSON_GetObjectItemCaseSensitive(bk, "key")->valuestring, hex);
  assert_string_equal(cJSON_GetObjectItemCaseSensitive(bk, "fingerprint")->valuestring, fp);
  const cJSON *atts = cJSON_GetObjectItemCaseSensitive(case0(c), "attempts");
  for (int i = 0; i < 2; i++) {
    const cJSON *a = cJSON_GetArrayItem(atts, i);
    assert_string_equal(cJSON_GetObjectItemCaseSensitive(a, "signer_key_fingerprint")->valuestring, fp);
    assert_int_equal(cJSON_GetObjectItemCaseSensitive(a, "attempt")->valueint, i + 1);
    assert_int_equal(strlen(cJSON_GetObjectItemCaseSensitive(a, "exam_id")->valuestring), 32);
  }
  cJSON_Delete(c);
  /* No temporary file is left beside them. */
  char cmd[800];
  snprintf(cmd, sizeof cmd, "ls %s | grep -c '\\.new$'", cli_tmpdir);
  assert_int_equal(run(cmd, out, sizeof out, errtxt, sizeof errtxt), 1);   /* grep: none */
}

static void certify_tampered(void **state) {
  (void)state;
  exam_file(0.9, 2, 1);
  assert_int_equal(certify("good1.stb tampered.stb"), 5);
  char p[600];
  path_in(p, sizeof p, "cert.json");
  struct stat sb;
  assert_int_not_equal(stat(p, &sb), 0);   /* no certificate */
  assert_non_null(strstr(errtxt, "NOT VERIFIED"));
}

static void certify_other_version_or_candidate(void **state) {
  (void)state;
  exam_file(0.9, 2, 1);
  assert_int_equal(certify("v2.stb other.stb"), 6);
  cJSON *c = certificate();
  const cJSON *nc = cJSON_GetObjectItemCaseSensitive(c, "not_counted");
  assert_int_equal(cJSON_GetArraySize(nc), 2);
  assert_non_null(strstr(cJSON_GetObjectItemCaseSensitive(cJSON_GetArrayItem(nc, 0), "why")->valuestring, "version"));
  assert_non_null(strstr(cJSON_GetObjectItemCaseSensitive(cJSON_GetArrayItem(nc, 1), "why")->valuestring, "cand-8"));
  assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(case0(c), "attempts")), 0);
  cJSON_Delete(c);
  assert_int_equal(certify("v2.stb good1.stb"), 0);   /* the right version alone counts */
}

static void certify_bad_exam_and_usage(void **state) {
  (void)state;
  write_text("exam.lua", "-- bad\nexam {\n  id = \"x\", title = \"t\",\n  cases = { { scenario = \"tiny.lua\", attempts = 0 } } }\n");
  assert_int_equal(certify("good1.stb"), 3);
  assert_non_null(strstr(errtxt, "exam.lua:2:"));
  write_text("exam.lua", "exam { id = \"x\", title = \"t\", cases = { { scenario = \"missing.lua\" } } }\n");
  assert_int_equal(certify("good1.stb"), 4);
  char cmd[1200];
  snprintf(cmd, sizeof cmd, "cd %s && '%s' certify --exam exam.lua --out c.json good1.stb", cli_tmpdir, STIPPLE_BIN);
  assert_int_equal(run(cmd, out, sizeof out, errtxt, sizeof errtxt), 2);   /* no --candidate */
}

static void export_cli(void **state) {
  (void)state;
  char cmd[1200];
  snprintf(cmd, sizeof cmd, "cd %s && '%s' export --xapi good1.stb --home-page https://lms.example.org/u",
           cli_tmpdir, STIPPLE_BIN);
  assert_int_equal(run(cmd, out, sizeof out, errtxt, sizeof errtxt), 0);
  cJSON *j = cJSON_Parse(out);
  assert_non_null(j);
  assert_int_equal(cJSON_GetArraySize(j), 2);
  const cJSON *s1 = cJSON_GetArrayItem(j, 1);
  assert_string_equal(cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(s1, "verb"), "id")->valuestring,
                      "http://adlnet.gov/expapi/verbs/passed");
  cJSON_Delete(j);
  snprintf(cmd, sizeof cmd, "cd %s && '%s' export --xapi bad2.stb --out x.json && grep -c expapi/verbs/failed x.json",
           cli_tmpdir, STIPPLE_BIN);
  assert_int_equal(run(cmd, out, sizeof out, errtxt, sizeof errtxt), 0);
  snprintf(cmd, sizeof cmd, "cd %s && '%s' export --xapi tampered.stb", cli_tmpdir, STIPPLE_BIN);
  assert_int_equal(run(cmd, out, sizeof out, errtxt, sizeof errtxt), 5);
  assert_string_equal(out, "");
  snprintf(cmd, sizeof cmd, "cd %s && '%s' export good1.stb", cli_tmpdir, STIPPLE_BIN);
  assert_int_equal(run(cmd, out, sizeof out, errtxt, sizeof errtxt), 2);
}

static void report_cli(void **state) {
  (void)state;
  char cmd[1200];
  snprintf(cmd, sizeof cmd, "cd %s && '%s' report good1.stb --out r.pdf && pdftotext r.pdf - | grep -c cand-7",
           cli_tmpdir, STIPPLE_BIN);
  int rc = run(cmd, out, sizeof out, errtxt, sizeof errtxt);
  if (rc != 0) fail_msg("report: %d %s %s", rc, out, errtxt);
  snprintf(cmd, sizeof cmd, "cd %s && '%s' report tampered.stb --out t.pdf", cli_tmpdir, STIPPLE_BIN);
  assert_int_equal(run(cmd, out, sizeof out, errtxt, sizeof errtxt), 5);
  char p[600];
  path_in(p, sizeof p, "t.pdf");
  struct stat sb;
  assert_int_not_equal(stat(p, &sb), 0);
  snprintf(cmd, sizeof cmd, "cd %s && '%s' report good1.stb", cli_tmpdir, STIPPLE_BIN);
  assert_int_equal(run(cmd, out, sizeof out, errtxt, sizeof errtxt), 2);
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(certify_all_pass),         cmocka_unit_test(certify_case_failed),
    cmocka_unit_test(certify_benchmark_missed), cmocka_unit_test(certify_too_many_attempts),
    cmocka_unit_test(certify_tampered),         cmocka_unit_test(certify_other_version_or_candidate),
    cmocka_unit_test(certify_same_exam_twice),  cmocka_unit_test(certify_attempt_gap),
    cmocka_unit_test(certify_names_signer),
    cmocka_unit_test(certify_bad_exam_and_usage), cmocka_unit_test(export_cli),
    cmocka_unit_test(report_cli),
  };
  return cmocka_run_group_tests(tests, setup, teardown);
}
