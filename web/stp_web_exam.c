/* stp_web_exam.c - exams in the browser build: none. An exam needs the station's key and
 * writes a sealed bundle (engine/cert: libsodium, libzip), which stay on the desktop build
 * (issue 11, docs/web.md); the page never asks for one. These take the place of
 * engine/app/stp_exam.c so the game's own files compile unchanged: preparing an exam
 * refuses with that reason, and nothing else is ever reached.
 * Depends on: app stp_exam.h (its interface only), core stp_error.h.
 */
#include <string.h>

#include "stp_exam.h"

bool stp_exam_candidate_valid(const char *id) { return id && id[0]; }

stp_status stp_exam_prepare(stp_exam *x, const char *scenario_path, const char *candidate, bool retake,
                            stp_error *err) {
  (void)candidate; (void)retake;
  memset(x, 0, sizeof *x);
  return stp_error_set(err, STP_ERR_USAGE, scenario_path, 0,
                       "assessments are taken on the desktop build (its station key and sealed bundles), "
                       "not in the browser");
}

stp_status stp_exam_start(stp_exam *x, const char *bundle_path, stp_error *err) {
  (void)x;
  return stp_error_set(err, STP_ERR_USAGE, bundle_path, 0, "no exams in the browser build");
}

int64_t stp_exam_elapsed_ms(const stp_exam *x) { (void)x; return 0; }

stp_status stp_exam_seal(stp_exam *x, const char *scenario_id, const char *work_csv, size_t work_len,
                         const char *result_json, size_t result_len, int64_t duration_ms, stp_error *err) {
  (void)x; (void)work_csv; (void)work_len; (void)result_json; (void)result_len; (void)duration_ms;
  return stp_error_set(err, STP_ERR_USAGE, scenario_id, 0, "no exams in the browser build");
}

void stp_exam_close(stp_exam *x) { (void)x; }
