/* stp_exam.c - an exam's folder, its one reading of the scenario, its record and its seal. */
#define _POSIX_C_SOURCE 200809L
#include "stp_exam.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "stp_app.h"
#include "stp_file.h"
#include "stp_version.h"

bool stp_exam_candidate_valid(const char *id) {
  size_t n = id ? strlen(id) : 0;
  if (n < 1 || n >= STP_EXAM_CANDIDATE_LEN) return false;
  for (size_t i = 0; i < n; i++) {
    char c = id[i];
    if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' ||
          c == '-' || c == '@'))
      return false;
  }
  return id[0] != '.';
}

int64_t stp_exam_wall_ms(void) {
  struct timespec ts;
  clock_gettime(CLOCK_REALTIME, &ts);
  return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

void stp_exam_iso8601(int64_t epoch_ms, char out[32]) {
  time_t t = (time_t)(epoch_ms / 1000);
  struct tm tm;
  gmtime_r(&t, &tm);
  strftime(out, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

int64_t stp_exam_elapsed_ms(const stp_exam *x) {
  int64_t e = stp_exam_wall_ms() - x->started_epoch_ms;
  return e < 0 ? 0 : e;
}

/* snprintf that says when the result did not fit (a path too long is refused, never cut). */
static bool fmt_path(char *out, size_t size, const char *fmt, ...)
#if defined(__GNUC__)
  __attribute__((format(printf, 3, 4)))
#endif
  ;
static bool fmt_path(char *out, size_t size, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(out, size, fmt, ap);
  va_end(ap);
  return n >= 0 && (size_t)n < size;
}

static void exams_root(char *out, size_t size) {
  const char *xdg = getenv("XDG_DATA_HOME"), *home = getenv("HOME");
  if (xdg && xdg[0]) snprintf(out, size, "%s/stipple/exams", xdg);
  else if (home && home[0]) snprintf(out, size, "%s/.local/share/stipple/exams", home);
  else snprintf(out, size, "stipple-exams");
}

/* The file name without folders and without ".lua", reduced to safe characters. */
static void file_stem(const char *path, char *out, size_t size) {
  const char *b = strrchr(path, '/');
  b = b ? b + 1 : path;
  size_t n = strlen(b);
  if (n > 4 && strcmp(b + n - 4, ".lua") == 0) n -= 4;
  size_t o = 0;
  for (size_t i = 0; i < n && o + 1 < size && o < 80; i++) {
    char c = b[i];
    bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
    out[o++] = ok ? c : '_';
  }
  if (o == 0 && size > 1) out[o++] = 'x';
  out[o] = '\0';
}

static stp_status write_exam_json(stp_exam *x, stp_error *err) {
  cJSON *o = cJSON_CreateObject();
  if (!o) return stp_error_set(err, STP_ERR_NOMEM, NULL, 0, "out of memory");
  cJSON_AddStringToObject(o, "candidate", x->candidate);
  cJSON_AddStringToObject(o, "scenario_file", x->scenario_file);
  cJSON_AddStringToObject(o, "scenario_sha256", x->sha256);
  cJSON_AddStringToObject(o, "started", x->started_iso);
  cJSON_AddNumberToObject(o, "started_epoch_ms", (double)x->started_epoch_ms);
  cJSON_AddStringToObject(o, "bundle", x->bundle_path);
  cJSON_AddStringToObject(o, "engine", STP_VERSION_STRING);
  char *text = cJSON_Print(o);
  cJSON_Delete(o);
  if (!text) return stp_error_set(err, STP_ERR_NOMEM, NULL, 0, "out of memory");
  char path[1100];
  snprintf(path, sizeof path, "%s/exam.json", x->dir);
  stp_status st = stp_file_write(path, text, strlen(text), 1, "the exam's state", err);
  free(text);
  return st;
}

static stp_status read_exam_json(stp_exam *x, stp_error *err) {
  char path[1100];
  snprintf(path, sizeof path, "%s/exam.json", x->dir);
  char *text;
  size_t len;
  stp_status st = stp_file_read(path, 65536, "the exam's state", &text, &len, err);
  if (st != STP_OK) return st;
  cJSON *o = cJSON_ParseWithLength(text, len);
  free(text);
  const cJSON *sha = cJSON_GetObjectItemCaseSensitive(o, "scenario_sha256");
  const cJSON *t0 = cJSON_GetObjectItemCaseSensitive(o, "started_epoch_ms");
  const cJSON *iso = cJSON_GetObjectItemCaseSensitive(o, "started");
  const cJSON *bundle = cJSON_GetObjectItemCaseSensitive(o, "bundle");
  if (!cJSON_IsString(sha) || !cJSON_IsNumber(t0) || !cJSON_IsString(iso) || !cJSON_IsString(bundle) ||
      strcmp(sha->valuestring, x->sha256) != 0) {
    cJSON_Delete(o);
    return stp_error_set(err, STP_ERR_PARSE, path, 0, "the exam's state is damaged; ask the examiner");
  }
  x->started_epoch_ms = (int64_t)t0->valuedouble;
  snprintf(x->started_iso, sizeof x->started_iso, "%s", iso->valuestring);
  snprintf(x->bundle_path, sizeof x->bundle_path, "%s", bundle->valuestring);
  cJSON_Delete(o);
  return STP_OK;
}

stp_status stp_exam_begin(stp_exam *x, const char *scenario_path, const char *candidate, const char *bundle_path,
                          stp_error *err) {
  memset(x, 0, sizeof *x);
  x->rec.fd = -1;
  if (!stp_exam_candidate_valid(candidate))
    return stp_error_set(err, STP_ERR_USAGE, NULL, 0,
                         "--candidate takes an id of 1 to 64 letters, digits, '.', '_', '-' or '@'");
  snprintf(x->candidate, sizeof x->candidate, "%s", candidate);
  /* The station signs the bundle: without its key the exam could not be sealed. */
  char kdir[1024];
  if (stp_key_dir(kdir, sizeof kdir) != 0)
    return stp_error_set(err, STP_ERR_IO, NULL, 0, "no folder for the station's key ($HOME unset)");
  stp_status st = stp_key_load(kdir, &x->key, err);
  if (st != STP_OK) {
    char why[900];
    snprintf(why, sizeof why, "%s", err ? err->msg : "");
    return stp_error_set(err, STP_ERR_IO, NULL, 0,
                         "this station has no usable signing key (%s); create one with `stipple keys`", why);
  }
  /* The one reading of the scenario. */
  st = stp_file_read(scenario_path, STP_FILE_MAX_SCENARIO, "the scenario", &x->source, &x->source_len, err);
  if (st != STP_OK) return st;
  stp_sha256_hex(x->source, x->source_len, x->sha256);
  const char *base = strrchr(scenario_path, '/');
  snprintf(x->scenario_file, sizeof x->scenario_file, "%s", base ? base + 1 : scenario_path);
  char root[900], stem[96];
  exams_root(root, sizeof root);
  file_stem(scenario_path, stem, sizeof stem);
  if (!fmt_path(x->dir, sizeof x->dir, "%s/%s/%s-%.12s", root, candidate, stem, x->sha256) ||
      !fmt_path(x->record_path, sizeof x->record_path, "%s/record.txt", x->dir) ||
      !fmt_path(x->work_path, sizeof x->work_path, "%s/work.csv", x->dir) ||
      !fmt_path(x->result_path, sizeof x->result_path, "%s/result.json", x->dir))
    return stp_error_set(err, STP_ERR_IO, NULL, 0, "the exams' folder %s is too deep: its paths do not fit", root);
  if (stp_app_mkdir_p(x->dir) != 0)
    return stp_error_set(err, STP_ERR_IO, x->dir, 0, "cannot create the exam's folder: %s", strerror(errno));
  chmod(x->dir, 0700);

  /* Sealed: over for good. */
  char sealed[1100];
  snprintf(sealed, sizeof sealed, "%s/sealed", x->dir);
  char *seal_text;
  size_t seal_len;
  if (stp_file_read(sealed, 4096, "the seal", &seal_text, &seal_len, NULL) == STP_OK) {
    while (seal_len && (seal_text[seal_len - 1] == '\n')) seal_text[--seal_len] = '\0';
    st = stp_error_set(err, STP_ERR_USAGE, NULL, 0,
                       "the exam of %s on %s is finished and sealed (%s); it cannot be reopened or taken again",
                       candidate, x->scenario_file, seal_text);
    free(seal_text);
    return st;
  }
  if (stp_file_is_regular(x->record_path)) {
    /* A crash: pick it up again, with the time it has left. */
    x->resumed = true;
    st = read_exam_json(x, err);
    if (st == STP_OK) st = stp_record_writer_append(&x->rec, x->record_path, err);
  } else {
    x->started_epoch_ms = stp_exam_wall_ms();
    stp_exam_iso8601(x->started_epoch_ms, x->started_iso);
    if (bundle_path && bundle_path[0]) {
      if (!fmt_path(x->bundle_path, sizeof x->bundle_path, "%s", bundle_path))
        return stp_error_set(err, STP_ERR_USAGE, NULL, 0, "--bundle: the path is too long");
    } else if (!fmt_path(x->bundle_path, sizeof x->bundle_path, "%s/%s-%s.stipple.zip", x->dir, candidate, stem)) {
      return stp_error_set(err, STP_ERR_IO, x->dir, 0, "the bundle's path does not fit; give --bundle FILE");
    }
    char scen[1100];
    snprintf(scen, sizeof scen, "%s/scenario.lua", x->dir);
    st = stp_file_write(scen, x->source, x->source_len, 1, "the exam's copy of the scenario", err);
    if (st == STP_OK) st = write_exam_json(x, err);
    stp_record_header h[] = {{"scenario-sha256", ""}, {"scenario-file", ""}, {"candidate", ""},
                             {"engine", STP_VERSION_STRING}, {"started", ""}, {"mode", "exam"}};
    snprintf(h[0].value, sizeof h[0].value, "%s", x->sha256);
    snprintf(h[1].value, sizeof h[1].value, "%.150s", x->scenario_file);
    snprintf(h[2].value, sizeof h[2].value, "%s", candidate);
    snprintf(h[4].value, sizeof h[4].value, "%s", x->started_iso);
    for (char *c = h[1].value; *c; c++)
      if ((unsigned char)*c < 0x20 || (unsigned char)*c >= 0x7f) *c = '_';
    if (st == STP_OK) st = stp_record_writer_create(&x->rec, x->record_path, h, 6, err);
  }
  if (st != STP_OK) return st;
  /* One Stipple at a time on an exam: the record is locked while it is open. */
  if (flock(x->rec.fd, LOCK_EX | LOCK_NB) != 0) {
    stp_record_writer_close(&x->rec);
    return stp_error_set(err, STP_ERR_USAGE, x->record_path, 0,
                         "this exam is open in another Stipple on this station; close that one first");
  }
  if (stp_file_is_regular(x->bundle_path) && !x->resumed)
    return stp_error_set(err, STP_ERR_USAGE, x->bundle_path, 0, "a bundle already exists there; choose another --bundle");
  stp_error_clear(err);
  return STP_OK;
}

stp_status stp_exam_seal(stp_exam *x, const char *scenario_id, const char *work_csv, size_t work_len,
                         const char *result_json, size_t result_len, int64_t duration_ms, stp_error *err) {
  stp_status st = stp_record_writer_sync(&x->rec);
  if (st != STP_OK) {
    if (err) *err = x->rec.error;
    return st;
  }
  st = stp_file_write(x->work_path, work_csv, work_len, 1, "the exam's work", err);
  if (st == STP_OK) st = stp_file_write(x->result_path, result_json, result_len, 1, "the exam's result", err);
  if (st != STP_OK) return st;
  if (stp_file_is_regular(x->bundle_path))
    return stp_error_set(err, STP_ERR_USAGE, x->bundle_path, 0, "a bundle already exists there; not overwriting it");
  char *record;
  size_t record_len;
  st = stp_file_read(x->record_path, STP_FILE_MAX_RECORD, "the input record", &record, &record_len, err);
  if (st != STP_OK) return st;
  stp_bundle b;
  memset(&b, 0, sizeof b);
  snprintf(b.meta.candidate, sizeof b.meta.candidate, "%s", x->candidate);
  snprintf(b.meta.scenario_id, sizeof b.meta.scenario_id, "%s", scenario_id);
  snprintf(b.meta.scenario_file, sizeof b.meta.scenario_file, "%s", x->scenario_file);
  snprintf(b.meta.mode, sizeof b.meta.mode, "exam");
  snprintf(b.meta.started, sizeof b.meta.started, "%s", x->started_iso);
  stp_exam_iso8601(stp_exam_wall_ms(), b.meta.ended);
  b.meta.duration_ms = duration_ms;
  snprintf(b.meta.engine_version, sizeof b.meta.engine_version, "%s", STP_VERSION_STRING);
  snprintf(b.meta.engine_build, sizeof b.meta.engine_build, "%s", stp_app_build_string());
  b.part[STP_PART_SCENARIO] = x->source;
  b.part_len[STP_PART_SCENARIO] = x->source_len;
  b.part[STP_PART_RECORD] = record;
  b.part_len[STP_PART_RECORD] = record_len;
  b.part[STP_PART_WORK] = (char *)work_csv;
  b.part_len[STP_PART_WORK] = work_len;
  b.part[STP_PART_RESULT] = (char *)result_json;
  b.part_len[STP_PART_RESULT] = result_len;
  st = stp_bundle_write(x->bundle_path, &b, &x->key, err);
  free(record);
  free(b.manifest);
  if (st != STP_OK) return st;
  char sealed[1100], text[1400], when[32];
  snprintf(sealed, sizeof sealed, "%s/sealed", x->dir);
  stp_exam_iso8601(stp_exam_wall_ms(), when);
  int n = snprintf(text, sizeof text, "sealed %s; the bundle is %s\n", when, x->bundle_path);
  return stp_file_write(sealed, text, (size_t)n, 1, "the exam's seal", err);
}

void stp_exam_close(stp_exam *x) {
  stp_record_writer_close(&x->rec);
  free(x->source);
  x->source = NULL;
  memset(x->key.sk, 0, sizeof x->key.sk);
}
