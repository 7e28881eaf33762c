/* An exam's life on the station (stp_exam): nothing begins without the station's key or
 * with a malformed candidate id; a start that is refused leaves no trace; the case is
 * locked before anything is read or written, so a second Stipple cannot touch the first
 * one's record; an interrupted attempt resumes with its first start, its exam id and its
 * bundle path; a sealed attempt refuses to start again (under any file name) unless the
 * examiner allows a retake, which is a new attempt with a new id; a bundle never replaces
 * anything; a crash between the bundle and the seal is recovered. */
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
#include <sys/stat.h>
#include <unistd.h>

#include "stp_exam.h"
#include "stp_file.h"

static char dir[512], scen[600], keys[600];

static const char SCEN_TEXT[] = "scenario { id = \"x\" }\n";
/* The SHA-256 of those 23 bytes, by sha256sum (an independent tool): */
static const char SCEN_SHA[] = "b3115de1c10518e9594131791c0dc4b82dbe8a53e8643c69d9a8fa2da140135e";
static const char WORK[] = "x_mm,y_mm,angle_deg,depth_mm,needle_mm,ink,session,t_ms\n";
static const char RESULT[] = "{}\n";

static int setup(void **state) {
  (void)state;
  const char *t = getenv("TMPDIR");
  snprintf(dir, sizeof dir, "%s/stipple-exam-XXXXXX", t && t[0] ? t : "/tmp");
  if (!mkdtemp(dir)) return -1;
  snprintf(keys, sizeof keys, "%s/keys", dir);
  setenv("STIPPLE_KEY_DIR", keys, 1);
  setenv("XDG_DATA_HOME", dir, 1);
  snprintf(scen, sizeof scen, "%s/case one.lua", dir);
  return stp_file_write(scen, SCEN_TEXT, sizeof SCEN_TEXT - 1, 0, "scenario", NULL) == STP_OK ? 0 : -1;
}

static int teardown(void **state) {
  (void)state;
  char cmd[700];
  snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
  return system(cmd) == 0 ? 0 : -1;
}

static void make_key(void) {
  stp_station_key k;
  if (!stp_file_exists(keys)) assert_int_equal(stp_key_create(keys, &k, NULL), STP_OK);
}

static stp_status begin(stp_exam *x, const char *path, const char *cand, bool retake, const char *bundle,
                        stp_error *err) {
  stp_status st = stp_exam_prepare(x, path, cand, retake, err);
  return st == STP_OK ? stp_exam_start(x, bundle, err) : st;
}

static off_t size_of(const char *path) {
  struct stat st;
  return stat(path, &st) == 0 ? st.st_size : -1;
}

static void needs_the_station_key_and_a_good_id(void **state) {
  (void)state;
  stp_exam x;
  stp_error err;
  stp_error_clear(&err);
  char exams[700];
  snprintf(exams, sizeof exams, "%s/stipple", dir);
  if (!stp_file_exists(keys)) {
    assert_int_equal(stp_exam_prepare(&x, scen, "ann", false, &err), STP_ERR_IO);
    assert_non_null(strstr(err.msg, "stipple keys"));
    stp_exam_close(&x);
    assert_false(stp_file_exists(exams));   /* nothing begun */
  }
  make_key();
  static const char *const bad[] = {"", ".hidden", "a/b", "a b", "../x", "ann\n",
                                    "0123456789012345678901234567890123456789012345678901234567890123456789"};
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
    assert_false(stp_exam_candidate_valid(bad[i]));
    assert_int_equal(stp_exam_prepare(&x, scen, bad[i], false, NULL), STP_ERR_USAGE);
    stp_exam_close(&x);
  }
  assert_true(stp_exam_candidate_valid("ann.b-7_x@school"));
  /* A file name with a control character is kept printable (the record and the manifest
   * carry the same name). */
  char odd[700];
  snprintf(odd, sizeof odd, "%s/a\tb\x7f.lua", dir);
  assert_int_equal(stp_file_write(odd, SCEN_TEXT, sizeof SCEN_TEXT - 1, 0, "scenario", NULL), STP_OK);
  assert_int_equal(stp_exam_prepare(&x, odd, "odd", false, NULL), STP_OK);
  assert_string_equal(x.scenario_file, "a_b_.lua");
  stp_exam_close(&x);
  assert_false(stp_file_exists(exams));
}

static void a_refused_start_leaves_no_trace(void **state) {
  (void)state;
  make_key();
  stp_exam x;
  stp_error err;
  /* Something (a FIFO here) already where the bundle would go. */
  char fifo[700];
  snprintf(fifo, sizeof fifo, "%s/taken.zip", dir);
  assert_int_equal(mkfifo(fifo, 0600), 0);
  assert_int_equal(begin(&x, scen, "zed", false, fifo, &err), STP_ERR_USAGE);
  assert_non_null(strstr(err.msg, "already there"));
  char attempt[1100];
  snprintf(attempt, sizeof attempt, "%s/attempt-1", x.case_dir);
  assert_false(stp_file_exists(attempt));
  assert_false(stp_file_exists(x.case_dir));   /* no folder, no lock left behind */
  stp_exam_close(&x);
  /* A folder that does not exist. */
  char nowhere[700];
  snprintf(nowhere, sizeof nowhere, "%s/no/such/folder/b.zip", dir);
  assert_int_equal(begin(&x, scen, "zed", false, nowhere, &err), STP_ERR_IO);
  assert_false(stp_file_exists(attempt));
  stp_exam_close(&x);
  /* --retake while an attempt is open (interrupted, nobody holding it) is refused, and
   * begins nothing. */
  assert_int_equal(begin(&x, scen, "zed", false, NULL, &err), STP_OK);
  stp_exam_close(&x);
  assert_int_equal(begin(&x, scen, "zed", true, NULL, &err), STP_ERR_USAGE);
  assert_non_null(strstr(err.msg, "not finished"));
  snprintf(attempt, sizeof attempt, "%s/attempt-2", x.case_dir);
  assert_false(stp_file_exists(attempt));
  char lock[1100];
  snprintf(lock, sizeof lock, "%s/exam.lock", x.case_dir);
  assert_false(stp_file_exists(lock));
  stp_exam_close(&x);
}

static void begins_locks_resumes_seals_and_retakes(void **state) {
  (void)state;
  make_key();
  stp_exam x, y;
  stp_error err;
  stp_error_clear(&err);
  assert_int_equal(begin(&x, scen, "ann", false, NULL, &err), STP_OK);
  assert_false(x.resumed);
  assert_int_equal(x.attempt, 1);
  assert_string_equal(x.sha256, SCEN_SHA);
  assert_int_equal(strlen(x.exam_id), 32);
  /* The folders: <data>/stipple/exams/ann/<sha16>/attempt-1, each private. */
  char want[700];
  snprintf(want, sizeof want, "%s/stipple/exams/ann/%.16s/attempt-1", dir, SCEN_SHA);
  assert_string_equal(x.dir, want);
  for (int up = 0; up < 4; up++) {
    struct stat st;
    assert_int_equal(stat(want, &st), 0);
    if ((st.st_mode & 0777) != 0700) fail_msg("%s is %o, not 0700", want, st.st_mode & 0777);
    *strrchr(want, '/') = '\0';
  }
  char path[1200], *text;
  size_t len;
  snprintf(path, sizeof path, "%s/scenario.lua", x.dir);
  assert_int_equal(stp_file_read(path, 4096, "copy", &text, &len, NULL), STP_OK);
  assert_string_equal(text, SCEN_TEXT);
  free(text);
  /* The record's header names the exam. */
  assert_int_equal(stp_file_read(x.record_path, 4096, "record", &text, &len, NULL), STP_OK);
  char line[400];
  snprintf(line, sizeof line, "stipple-record 1\n# scenario-sha256 %s\n# scenario-file case one.lua\n# candidate ann\n"
           "# exam-id %s\n# attempt 1\n", SCEN_SHA, x.exam_id);
  if (strncmp(text, line, strlen(line)) != 0) fail_msg("the record begins\n%.300s\nnot\n%s", text, line);
  assert_string_equal(x.scenario_file, "case one.lua");
  free(text);
  /* A second Stipple on the same exam is refused, and the first one's record is untouched
   * even with a torn last line in it (the lock comes before any reading or cutting). */
  FILE *f = fopen(x.record_path, "ab");
  fputs("12 und", f);
  fclose(f);
  off_t before = size_of(x.record_path);
  assert_int_equal(begin(&y, scen, "ann", false, NULL, &err), STP_ERR_IO);
  assert_non_null(strstr(err.msg, "another Stipple"));
  stp_exam_close(&y);
  assert_int_equal(size_of(x.record_path), before);
  int64_t t0 = x.started_epoch_ms;
  char bundle[1024], id[33];
  snprintf(bundle, sizeof bundle, "%s", x.bundle_path);
  snprintf(id, sizeof id, "%s", x.exam_id);
  assert_true(bundle[0] == '/');
  stp_exam_close(&x);
  /* Interrupted: it resumes, with its first start, its id and its bundle path; --bundle
   * cannot move it. */
  char other[700];
  snprintf(other, sizeof other, "%s/elsewhere.zip", dir);
  assert_int_equal(begin(&x, scen, "ann", false, other, &err), STP_ERR_USAGE);
  assert_non_null(strstr(err.msg, "cannot move it"));
  stp_exam_close(&x);
  assert_int_equal(begin(&x, scen, "ann", false, NULL, &err), STP_OK);
  assert_true(x.resumed);
  assert_int_equal(x.attempt, 1);
  assert_int_equal(x.started_epoch_ms, t0);
  assert_string_equal(x.exam_id, id);
  assert_string_equal(x.bundle_path, bundle);
  /* --retake while this Stipple holds the attempt: the lock answers first (exit 4). */
  assert_int_equal(begin(&y, scen, "ann", true, NULL, &err), STP_ERR_IO);
  assert_non_null(strstr(err.msg, "another Stipple"));
  stp_exam_close(&y);
  /* Sealed. A crash right after the bundle (the seal mark missing) is recovered: the bundle
   * there is this attempt's own. */
  assert_int_equal(stp_exam_seal(&x, "x", WORK, sizeof WORK - 1, RESULT, sizeof RESULT - 1, 1000, &err), STP_OK);
  assert_true(stp_file_is_regular(bundle));
  char sealed[1100];
  snprintf(sealed, sizeof sealed, "%s/sealed", x.dir);
  assert_int_equal(unlink(sealed), 0);
  off_t bsize = size_of(bundle);
  assert_int_equal(stp_exam_seal(&x, "x", WORK, sizeof WORK - 1, RESULT, sizeof RESULT - 1, 1000, &err), STP_OK);
  assert_true(stp_file_exists(sealed));
  assert_int_equal(size_of(bundle), bsize);
  stp_exam_close(&x);
  /* Sealed is final: refused, naming the bundle, under this name or any other. */
  assert_int_equal(stp_exam_prepare(&x, scen, "ann", false, &err), STP_ERR_USAGE);
  assert_non_null(strstr(err.msg, "sealed"));
  assert_non_null(strstr(err.msg, bundle));
  assert_non_null(strstr(err.msg, "--retake"));
  stp_exam_close(&x);
  char copy[700];
  snprintf(copy, sizeof copy, "%s/retake-me.lua", dir);
  assert_int_equal(stp_file_write(copy, SCEN_TEXT, sizeof SCEN_TEXT - 1, 0, "copy", NULL), STP_OK);
  assert_int_equal(stp_exam_prepare(&x, copy, "ann", false, &err), STP_ERR_USAGE);
  stp_exam_close(&x);
  /* The examiner allows a retake: attempt 2, a new id, a new start. */
  assert_int_equal(begin(&x, scen, "ann", true, NULL, &err), STP_OK);
  assert_int_equal(x.attempt, 2);
  assert_false(x.resumed);
  assert_string_not_equal(x.exam_id, id);
  /* Something put where its bundle goes meanwhile is never replaced. */
  assert_int_equal(stp_file_write(x.bundle_path, "mine", 4, 0, "squatter", NULL), STP_OK);
  assert_int_equal(stp_exam_seal(&x, "x", WORK, sizeof WORK - 1, RESULT, sizeof RESULT - 1, 1000, &err), STP_ERR_USAGE);
  assert_int_equal(size_of(x.bundle_path), 4);
  stp_exam_close(&x);
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(needs_the_station_key_and_a_good_id),
    cmocka_unit_test(a_refused_start_leaves_no_trace),
    cmocka_unit_test(begins_locks_resumes_seals_and_retakes),
  };
  return cmocka_run_group_tests(tests, setup, teardown);
}
