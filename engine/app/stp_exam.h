/* stp_exam.h - an exam's life on the station: begun once, resumed after a crash, sealed.
 *
 * An exam is one candidate on one case (a scenario file's exact bytes). Its state lives in
 * a folder of its own, $XDG_DATA_HOME/stipple/exams/<candidate>/<file-stem>-<sha12>/
 * (~/.local/share/...), never in a practice autosave:
 *   exam.json      who, which case (SHA-256), when it began (wall clock), the bundle path
 *   scenario.lua   the scenario exactly as read once at the start (never read again)
 *   record.txt     the input record (stp_record.h), written as it happens, locked while open
 *   work.csv       the autosave
 *   result.json    the score, once finished
 *   sealed         written last, after the bundle: the exam is over and cannot be reopened
 * Time runs on the wall clock from the first start: a crash and a restart resume the exam
 * (rebuilt from record.txt) with the time it has left, never more.
 * Depends on: core, cert (stp_bundle.h), script (loading the stored source).
 */
#ifndef STP_EXAM_H
#define STP_EXAM_H

#include <stdbool.h>
#include <stdint.h>
#include "stp_bundle.h"
#include "stp_error.h"
#include "stp_record.h"

#define STP_EXAM_CANDIDATE_LEN 65

typedef struct stp_exam {
  char candidate[STP_EXAM_CANDIDATE_LEN];
  char dir[960];
  char scenario_file[256];      /* the file name the exam began with, for the bundle */
  char *source;                 /* the scenario's bytes, read once */
  size_t source_len;
  char sha256[65];              /* of source */
  char bundle_path[1024];
  char record_path[1024], work_path[1024], result_path[1024];
  int64_t started_epoch_ms;     /* wall clock at the first start */
  char started_iso[32];
  bool resumed;                 /* a crashed exam, picked up again */
  stp_record_writer rec;
  stp_station_key key;
} stp_exam;

/* A candidate id: 1-64 characters of A-Z a-z 0-9 . _ - @ */
bool stp_exam_candidate_valid(const char *id);

/* Begin (or resume) the exam of candidate on the scenario file: the station's key must
 * exist (else STP_ERR_IO: "run stipple keys"); the scenario is read once and hashed; a
 * sealed exam refuses (STP_ERR_USAGE, saying when it was sealed and where the bundle is);
 * an exam open in another Stipple refuses too. bundle_path may be NULL: the default is
 * <exam folder>/<candidate>-<file-stem>.stipple.zip. A fresh exam writes exam.json,
 * scenario.lua and the record's header; a resumed one reads its start time back. */
stp_status stp_exam_begin(stp_exam *x, const char *scenario_path, const char *candidate, const char *bundle_path,
                          stp_error *err);
/* Milliseconds the exam has run (wall clock since the first start). */
int64_t stp_exam_elapsed_ms(const stp_exam *x);

/* Write result.json, build and sign the bundle at x->bundle_path (never over an existing
 * file) and mark the exam sealed. work_csv and result_json are the exact bytes. */
stp_status stp_exam_seal(stp_exam *x, const char *scenario_id, const char *work_csv, size_t work_len,
                         const char *result_json, size_t result_len, int64_t duration_ms, stp_error *err);

void stp_exam_close(stp_exam *x);

/* Wall-clock time in ms since the epoch, and as ISO 8601 UTC ("2026-11-27T11:05:00Z"). */
int64_t stp_exam_wall_ms(void);
void stp_exam_iso8601(int64_t epoch_ms, char out[32]);

#endif
