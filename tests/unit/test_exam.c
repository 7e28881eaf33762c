/* An exam's life on the station (stp_exam): it refuses to start without the station's
 * key or with a malformed candidate id; a fresh exam writes its folder; a second Stipple
 * cannot hold the same exam; an interrupted exam resumes with its first start time; a
 * sealed exam refuses to start again and says where its bundle is; a bundle is never
 * overwritten. */
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

static char dir[512], scen[600];

static int setup(void **state) {
  (void)state;
  const char *t = getenv("TMPDIR");
  snprintf(dir, sizeof dir, "%s/stipple-exam-XXXXXX", t && t[0] ? t : "/tmp");
  if (!mkdtemp(dir)) return -1;
  char keys[600];
  snprintf(keys, sizeof keys, "%s/keys", dir);
  setenv("STIPPLE_KEY_DIR", keys, 1);
  setenv("XDG_DATA_HOME", dir, 1);
  snprintf(scen, sizeof scen, "%s/case one.lua", dir);
  static const char text[] = "scenario { id = \"x\" }\n";
  return stp_file_write(scen, text, sizeof text - 1, 0, "scenario", NULL) == STP_OK ? 0 : -1;
}

static int teardown(void **state) {
  (void)state;
  char cmd[700];
  snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
  return system(cmd) == 0 ? 0 : -1;
}

static void needs_the_station_key_and_a_good_id(void **state) {
  (void)state;
  stp_exam x;
  stp_error err;
  stp_error_clear(&err);
  assert_int_equal(stp_exam_begin(&x, scen, "ann", NULL, &err), STP_ERR_IO);
  assert_non_null(strstr(err.msg, "stipple keys"));
  stp_exam_close(&x);
  char keys[600];
  snprintf(keys, sizeof keys, "%s/keys", dir);
  stp_station_key k;
  assert_int_equal(stp_key_create(keys, &k, NULL), STP_OK);
  static const char *const bad[] = {"", ".hidden", "a/b", "a b", "../x", "ann\n",
                                    "0123456789012345678901234567890123456789012345678901234567890123456789"};
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
    assert_false(stp_exam_candidate_valid(bad[i]));
    assert_int_equal(stp_exam_begin(&x, scen, bad[i], NULL, NULL), STP_ERR_USAGE);
    stp_exam_close(&x);
  }
  assert_true(stp_exam_candidate_valid("ann.b-7_x@school"));
}

static void begins_locks_resumes_and_seals(void **state) {
  (void)state;
  stp_exam x, y;
  stp_error err;
  stp_error_clear(&err);
  assert_int_equal(stp_exam_begin(&x, scen, "ann", NULL, &err), STP_OK);
  assert_false(x.resumed);
  /* The folder: <data>/stipple/exams/ann/<stem>-<sha12>, private; the scenario as read. */
  char want[700];
  snprintf(want, sizeof want, "%s/stipple/exams/ann/case_one-%.12s", dir, x.sha256);
  assert_string_equal(x.dir, want);
  struct stat st;
  assert_int_equal(stat(x.dir, &st), 0);
  assert_int_equal(st.st_mode & 0777, 0700);
  char path[1200], *text;
  size_t len;
  snprintf(path, sizeof path, "%s/scenario.lua", x.dir);
  assert_int_equal(stp_file_read(path, 4096, "copy", &text, &len, NULL), STP_OK);
  assert_string_equal(text, "scenario { id = \"x\" }\n");
  free(text);
  /* The SHA-256 of those 23 bytes, by sha256sum: */
  assert_string_equal(x.sha256, "b3115de1c10518e9594131791c0dc4b82dbe8a53e8643c69d9a8fa2da140135e");
  /* A second Stipple on the same exam is refused while the first holds it. */
  assert_int_equal(stp_exam_begin(&y, scen, "ann", NULL, &err), STP_ERR_USAGE);
  assert_non_null(strstr(err.msg, "another Stipple"));
  stp_exam_close(&y);
  int64_t t0 = x.started_epoch_ms;
  char bundle[1024];
  snprintf(bundle, sizeof bundle, "%s", x.bundle_path);
  stp_exam_close(&x);
  /* Interrupted: it resumes, with its first start and its bundle path. */
  assert_int_equal(stp_exam_begin(&x, scen, "ann", NULL, &err), STP_OK);
  assert_true(x.resumed);
  assert_int_equal(x.started_epoch_ms, t0);
  assert_string_equal(x.bundle_path, bundle);
  /* Sealed (an empty work and result are enough for the folder's life). */
  static const char work[] = "x_mm,y_mm,angle_deg,depth_mm,needle_mm,ink,session,t_ms\n";
  static const char result[] = "{}\n";
  assert_int_equal(stp_exam_seal(&x, "x", work, sizeof work - 1, result, sizeof result - 1, 1000, &err), STP_OK);
  assert_true(stp_file_is_regular(bundle));
  stp_exam_close(&x);
  assert_int_equal(stp_exam_begin(&x, scen, "ann", NULL, &err), STP_ERR_USAGE);
  assert_non_null(strstr(err.msg, "sealed"));
  assert_non_null(strstr(err.msg, bundle));
  stp_exam_close(&x);
  /* Another candidate, with --bundle naming an existing file: refused, not overwritten. */
  assert_int_equal(stp_exam_begin(&x, scen, "bob", bundle, &err), STP_ERR_USAGE);
  assert_non_null(strstr(err.msg, "already exists"));
  stp_exam_close(&x);
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(needs_the_station_key_and_a_good_id),
    cmocka_unit_test(begins_locks_resumes_and_seals),
  };
  return cmocka_run_group_tests(tests, setup, teardown);
}
