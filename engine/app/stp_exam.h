/* stp_exam.h - an exam's life on the station: prepared, begun once, resumed after a
 * crash, sealed; and, when the examiner allows it, taken again as a new attempt.
 *
 * An exam is one attempt of one candidate at one case (a scenario file's exact bytes,
 * whatever the file is called). Its state lives in folders of its own, never in a practice
 * autosave, all mode 0700 under $XDG_DATA_HOME/stipple/exams/ (~/.local/share/...):
 *   <candidate>/<sha16>/             the case: <sha16> = the first 16 hex digits of its SHA-256
 *     exam.lock                      held while a Stipple has this case's exam open
 *     attempt-N/                     attempt N (1, 2, ...), numbered by the station
 *       exam.json                    who, which case, the exam id, when it began, the bundle path
 *       scenario.lua                 the scenario exactly as read once at the start
 *       record.txt                   the input record (stp_record.h), written as it happens
 *       work.csv, result.json        the work and the score, at the finish
 *       sealed                       written last, after the bundle: this attempt is over
 * Time runs on the wall clock from the attempt's first start: a crash and a restart resume
 * it (rebuilt from record.txt) with the time it has left, never more.
 * Depends on: core, cert (stp_bundle.h).
 */
#ifndef STP_EXAM_H
#define STP_EXAM_H

#include <stdbool.h>
#include <stdint.h>
#include "stp_bundle.h"
#include "stp_error.h"
#include "stp_file.h"
#include "stp_record.h"

#define STP_EXAM_CANDIDATE_LEN 65
#define STP_EXAM_MAX_ATTEMPTS 1000

typedef struct stp_exam {
  char candidate[STP_EXAM_CANDIDATE_LEN];
  char case_dir[900];           /* .../exams/<candidate>/<sha16> */
  char dir[960];                /* case_dir/attempt-N */
  char scenario_file[160];      /* the file name the exam began with: no folders, printable ASCII */
  char *source;                 /* the scenario's bytes, read once */
  size_t source_len;
  char sha256[65];              /* of source */
  char exam_id[33];             /* 32 hex digits, drawn at the attempt's first start */
  int attempt;                  /* N */
  bool retake;                  /* --retake: a sealed last attempt may be followed by a new one */
  char bundle_path[1024];       /* absolute */
  char record_path[1024], work_path[1024], result_path[1024];
  int64_t started_epoch_ms;     /* wall clock at the attempt's first start */
  char started_iso[32];
  bool resumed;                 /* an interrupted attempt, picked up again */
  stp_record_writer rec;
  stp_station_key key;
  stp_file_lock lock;
} stp_exam;

/* A candidate id: 1-64 characters of A-Z a-z 0-9 . _ - @, not starting with '.'. */
bool stp_exam_candidate_valid(const char *id);

/* Everything that can be checked without writing: the candidate id, the station's key
 * (else STP_ERR_IO: "run stipple keys"), the scenario read once and hashed, and whether the
 * candidate's last attempt at this case is sealed (STP_ERR_USAGE, saying when and where
 * its bundle is, unless retake). Nothing is created: a start that cannot go on leaves no
 * trace and starts no clock. */
stp_status stp_exam_prepare(stp_exam *x, const char *scenario_path, const char *candidate, bool retake,
                            stp_error *err);
/* Begin or resume, once the scenario has loaded: lock the case (another Stipple holding it:
 * STP_ERR_IO), then resume the last attempt if it is open (a bundle_path other than the
 * one it began with is refused), or begin a new one: check that the bundle can be written
 * where asked (nothing there yet, a writable folder; default
 * <attempt folder>/<candidate>-<file>-<N>.stipple.zip), draw the exam id, write exam.json,
 * scenario.lua and the record's header. */
stp_status stp_exam_start(stp_exam *x, const char *bundle_path, stp_error *err);

/* Milliseconds the attempt has run (wall clock since its first start). */
int64_t stp_exam_elapsed_ms(const stp_exam *x);

/* Write work.csv and result.json, build and sign the bundle and publish it at
 * x->bundle_path without ever replacing a file there, then mark the attempt sealed. If an
 * earlier try got as far as the bundle (a crash before the mark), a bundle there signed by
 * this station over this very record is taken as this attempt's and the mark is written.
 * work_csv and result_json are the exact bytes. */
stp_status stp_exam_seal(stp_exam *x, const char *scenario_id, const char *work_csv, size_t work_len,
                         const char *result_json, size_t result_len, int64_t duration_ms, stp_error *err);

void stp_exam_close(stp_exam *x);

/* Wall-clock time in ms since the epoch, and as ISO 8601 UTC ("2026-11-27T11:05:00Z"). */
int64_t stp_exam_wall_ms(void);
void stp_exam_iso8601(int64_t epoch_ms, char out[32]);

#endif
