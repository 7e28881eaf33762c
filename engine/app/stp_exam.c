/* stp_exam.c - an exam attempt's folder, its one reading of the scenario, its record and its seal. */
#define _GNU_SOURCE   /* getrandom */
#include "stp_exam.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "stp_app.h"
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


/* The file name without folders, printable ASCII only (the record's header and the
 * manifest both carry it, so they must agree byte for byte). */
static void clean_file_name(const char *path, char *out, size_t size) {
  const char *b = strrchr(path, '/');
  b = b ? b + 1 : path;
  size_t o = 0;
  for (; *b && o + 1 < size; b++) out[o++] = (unsigned char)*b < 0x20 || (unsigned char)*b >= 0x7f ? '_' : *b;
  out[o] = '\0';
}

/* The file name without ".lua", reduced to letters, digits, '-' and '_' (for file names). */
static void file_stem(const char *name, char *out, size_t size) {
  size_t n = strlen(name);
  if (n > 4 && strcmp(name + n - 4, ".lua") == 0) n -= 4;
  size_t o = 0;
  for (size_t i = 0; i < n && o + 1 < size && o < 60; i++) {
    char c = name[i];
    bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
    out[o++] = ok ? c : '_';
  }
  if (o == 0 && size > 1) out[o++] = 'x';
  out[o] = '\0';
}

static bool attempt_dir(const stp_exam *x, int n, char *out, size_t size) {
  return fmt_path(out, size, "%s/attempt-%d", x->case_dir, n);
}

/* The highest attempt folder that exists (0 if none). */
static int last_attempt(const stp_exam *x) {
  int n = 0;
  char d[1024];
  while (n < STP_EXAM_MAX_ATTEMPTS && attempt_dir(x, n + 1, d, sizeof d) && stp_file_exists(d)) n++;
  return n;
}

/* If attempt n is sealed, its seal's text (free it); else NULL. A seal that exists but cannot
 * be read still counts as sealed. */
static char *seal_of(const stp_exam *x, int n) {
  char d[1024], path[1100];
  if (!attempt_dir(x, n, d, sizeof d) || !fmt_path(path, sizeof path, "%s/sealed", d) || !stp_file_exists(path))
    return NULL;
  char *text;
  size_t len;
  if (stp_file_read(path, 4096, "the seal", &text, &len, NULL) != STP_OK) return strdup("sealed; the seal cannot be read");
  while (len && text[len - 1] == '\n') text[--len] = '\0';
  return text;
}

static void set_paths(stp_exam *x) {
  /* dir is at most 960 bytes: these fit their 1024. */
  fmt_path(x->record_path, sizeof x->record_path, "%s/record.txt", x->dir);
  fmt_path(x->work_path, sizeof x->work_path, "%s/work.csv", x->dir);
  fmt_path(x->result_path, sizeof x->result_path, "%s/result.json", x->dir);
}

stp_status stp_exam_prepare(stp_exam *x, const char *scenario_path, const char *candidate, bool retake,
                            stp_error *err) {
  memset(x, 0, sizeof *x);
  x->rec.fd = -1;
  x->retake = retake;
  if (!stp_exam_candidate_valid(candidate))
    return stp_error_set(err, STP_ERR_USAGE, NULL, 0,
                         "--candidate takes an id of 1 to 64 letters, digits, '.', '_', '-' or '@'");
  snprintf(x->candidate, sizeof x->candidate, "%s", candidate);
  /* The station signs the bundle: without its key the exam could not be sealed. */
  char kdir[1024];
  if (stp_key_dir(kdir, sizeof kdir) != 0)
    return stp_error_set(err, STP_ERR_IO, NULL, 0, "no folder for the station's key ($HOME unset)");
  stp_error kerr;
  stp_error_clear(&kerr);
  if (stp_key_load(kdir, &x->key, &kerr) != STP_OK)
    return stp_error_set(err, STP_ERR_IO, NULL, 0,
                         "this station has no usable signing key (%s); create one with `stipple keys`", kerr.msg);
  /* The one reading of the scenario. */
  stp_status st = stp_file_read(scenario_path, STP_FILE_MAX_SCENARIO, "the scenario", &x->source, &x->source_len, err);
  if (st != STP_OK) return st;
  stp_sha256_hex(x->source, x->source_len, x->sha256);
  clean_file_name(scenario_path, x->scenario_file, sizeof x->scenario_file);
  char root[700];
  if (stp_app_data_dir("exams", root, sizeof root) != 0 ||
      !fmt_path(x->case_dir, sizeof x->case_dir, "%s/%s/%.16s", root, candidate, x->sha256))
    return stp_error_set(err, STP_ERR_IO, NULL, 0, "the exams' folder is too deep: its paths do not fit");
  int last = last_attempt(x);
  char *seal = last ? seal_of(x, last) : NULL;
  if (seal && !retake) {
    st = stp_error_set(err, STP_ERR_USAGE, NULL, 0,
                       "attempt %d of %s at %s is finished and sealed (%s); it cannot be reopened or redone. "
                       "An examiner who allows another attempt adds --retake",
                       last, candidate, x->scenario_file, seal);
  } else if (seal && last >= STP_EXAM_MAX_ATTEMPTS) {
    st = stp_error_set(err, STP_ERR_USAGE, NULL, 0, "no more attempts: %d are on this station", last);
  }
  free(seal);
  if (st != STP_OK) return st;
  stp_error_clear(err);
  return STP_OK;
}

static stp_status write_exam_json(stp_exam *x, stp_error *err) {
  cJSON *o = cJSON_CreateObject();
  if (!o) return stp_error_set(err, STP_ERR_NOMEM, NULL, 0, "out of memory");
  cJSON_AddStringToObject(o, "candidate", x->candidate);
  cJSON_AddStringToObject(o, "scenario_file", x->scenario_file);
  cJSON_AddStringToObject(o, "scenario_sha256", x->sha256);
  cJSON_AddStringToObject(o, "exam_id", x->exam_id);
  cJSON_AddNumberToObject(o, "attempt", x->attempt);
  cJSON_AddStringToObject(o, "started", x->started_iso);
  cJSON_AddNumberToObject(o, "started_epoch_ms", (double)x->started_epoch_ms);
  cJSON_AddStringToObject(o, "bundle", x->bundle_path);
  cJSON_AddStringToObject(o, "engine", STP_VERSION_STRING);
  char *text = cJSON_Print(o);
  cJSON_Delete(o);
  if (!text) return stp_error_set(err, STP_ERR_NOMEM, NULL, 0, "out of memory");
  char path[1100];
  fmt_path(path, sizeof path, "%s/exam.json", x->dir);
  stp_status st = stp_file_write(path, text, strlen(text), 1, "the exam's state", err);
  free(text);
  return st;
}

static stp_status read_exam_json(stp_exam *x, stp_error *err) {
  char path[1100];
  fmt_path(path, sizeof path, "%s/exam.json", x->dir);
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
  const cJSON *id = cJSON_GetObjectItemCaseSensitive(o, "exam_id");
  const cJSON *file = cJSON_GetObjectItemCaseSensitive(o, "scenario_file");
  bool ok = cJSON_IsString(sha) && cJSON_IsNumber(t0) && cJSON_IsString(iso) && cJSON_IsString(bundle) &&
            cJSON_IsString(id) && cJSON_IsString(file) && strcmp(sha->valuestring, x->sha256) == 0 &&
            strlen(id->valuestring) == 32 && strlen(iso->valuestring) < sizeof x->started_iso &&
            strlen(bundle->valuestring) < sizeof x->bundle_path && strlen(file->valuestring) < sizeof x->scenario_file;
  if (ok) {
    x->started_epoch_ms = (int64_t)t0->valuedouble;
    snprintf(x->started_iso, sizeof x->started_iso, "%s", iso->valuestring);
    snprintf(x->bundle_path, sizeof x->bundle_path, "%s", bundle->valuestring);
    snprintf(x->exam_id, sizeof x->exam_id, "%s", id->valuestring);
    /* The name the attempt began with, whatever the file is called now. */
    snprintf(x->scenario_file, sizeof x->scenario_file, "%s", file->valuestring);
  }
  cJSON_Delete(o);
  if (!ok) return stp_error_set(err, STP_ERR_PARSE, path, 0, "the exam's state is damaged; ask the examiner");
  return STP_OK;
}

/* path made absolute against the current folder (not resolved: the bundle goes where asked). */
static bool absolute_path(const char *path, char *out, size_t size) {
  if (path[0] == '/') return fmt_path(out, size, "%s", path);
  char cwd[PATH_MAX];
  return getcwd(cwd, sizeof cwd) && fmt_path(out, size, "%s/%s", cwd, path);
}

/* Where the bundle will go: an absolute path with nothing there yet, in a folder this
 * station can write (tried now, so an exam never finds out at its end). */
static stp_status check_bundle_path(stp_exam *x, const char *given, stp_error *err) {
  char stem[64];
  file_stem(x->scenario_file, stem, sizeof stem);
  char path[1024];
  if (given && given[0]) {
    if (!absolute_path(given, path, sizeof path)) return stp_error_set(err, STP_ERR_USAGE, NULL, 0, "--bundle: the path is too long");
  } else if (!fmt_path(path, sizeof path, "%s/%s-%s-%d.stipple.zip", x->dir, x->candidate, stem, x->attempt)) {
    return stp_error_set(err, STP_ERR_IO, x->dir, 0, "the bundle's path does not fit; give --bundle FILE");
  }
  if (stp_file_exists(path))
    return stp_error_set(err, STP_ERR_USAGE, path, 0, "something is already there; a bundle never replaces a file: choose another --bundle");
  char dir[1024], probe[1100];
  snprintf(dir, sizeof dir, "%s", path);
  char *slash = strrchr(dir, '/');
  if (slash == dir) dir[1] = '\0';
  else *slash = '\0';
  if (!fmt_path(probe, sizeof probe, "%s/.stipple-probe-%ld", dir, (long)getpid()))
    return stp_error_set(err, STP_ERR_USAGE, NULL, 0, "--bundle: the path is too long");
  int fd = open(probe, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
  if (fd < 0)
    return stp_error_set(err, STP_ERR_IO, path, 0, "the bundle could not be written there: %s", strerror(errno));
  close(fd);
  unlink(probe);
  snprintf(x->bundle_path, sizeof x->bundle_path, "%s", path);
  return STP_OK;
}

/* 16 random bytes as 32 hex digits. */
static stp_status draw_exam_id(char out[33], stp_error *err) {
  unsigned char b[16];
  size_t got = 0;
  while (got < sizeof b) {
    ssize_t n = getrandom(b + got, sizeof b - got, 0);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return stp_error_set(err, STP_ERR_IO, NULL, 0, "no random numbers for the exam id: %s", strerror(errno));
    got += (size_t)n;
  }
  stp_key_hex(b, sizeof b, out);
  return STP_OK;
}

/* mkdir -p, each level of the exams' tree private (0700). */
static stp_status make_private(const char *root, const char *dir, stp_error *err) {
  if (stp_app_mkdir_p(dir) != 0)
    return stp_error_set(err, STP_ERR_IO, dir, 0, "cannot create the exam's folder: %s", strerror(errno));
  char d[1024];
  snprintf(d, sizeof d, "%s", dir);
  size_t rl = strlen(root);
  for (;;) {   /* dir, then each parent down to root */
    chmod(d, 0700);
    char *s = strrchr(d, '/');
    if (!s || strlen(d) <= rl) break;
    *s = '\0';
  }
  return STP_OK;
}

static stp_status start(stp_exam *x, const char *bundle_path, stp_error *err) {
  char root[700];
  stp_app_data_dir("exams", root, sizeof root);
  stp_status st = make_private(root, x->case_dir, err);
  if (st != STP_OK) return st;
  /* One Stipple at a time on a case's exam: locked before anything is read or written. */
  char target[1000];
  if (!fmt_path(target, sizeof target, "%s/exam", x->case_dir))
    return stp_error_set(err, STP_ERR_IO, NULL, 0, "the exam's path does not fit");
  st = stp_file_lock_acquire(&x->lock, target, "this exam", err);
  if (st != STP_OK) return st;
  /* Again under the lock: the last attempt, and whether it is open. */
  int last = last_attempt(x);
  char *seal = last ? seal_of(x, last) : NULL;
  bool resume = last > 0 && !seal;
  if (seal && !x->retake) st = stp_error_set(err, STP_ERR_USAGE, NULL, 0, "attempt %d was sealed meanwhile (%s)", last, seal);
  else if (resume && x->retake)
    st = stp_error_set(err, STP_ERR_USAGE, NULL, 0, "--retake: attempt %d of %s at %s is not finished; it resumes without --retake",
                       last, x->candidate, x->scenario_file);
  free(seal);
  if (st != STP_OK) return st;
  x->attempt = resume ? last : last + 1;
  if (!attempt_dir(x, x->attempt, x->dir, sizeof x->dir))
    return stp_error_set(err, STP_ERR_IO, NULL, 0, "the exam's path does not fit");
  set_paths(x);
  if (resume) {
    /* An interruption: pick the attempt up again, with the time it has left. */
    x->resumed = true;
    st = read_exam_json(x, err);
    char want[1024];
    if (st == STP_OK && bundle_path && bundle_path[0] &&
        (!absolute_path(bundle_path, want, sizeof want) || strcmp(want, x->bundle_path) != 0))
      st = stp_error_set(err, STP_ERR_USAGE, NULL, 0,
                         "attempt %d resumes, and its bundle goes to %s, as set when it began: --bundle cannot move it",
                         x->attempt, x->bundle_path);
    if (st == STP_OK) st = stp_record_writer_append(&x->rec, x->record_path, err);
    return st;
  }
  st = make_private(root, x->dir, err);
  if (st == STP_OK) st = check_bundle_path(x, bundle_path, err);
  if (st == STP_OK) st = draw_exam_id(x->exam_id, err);
  if (st != STP_OK) {
    rmdir(x->dir);   /* nothing was begun */
    return st;
  }
  x->started_epoch_ms = stp_exam_wall_ms();
  stp_exam_iso8601(x->started_epoch_ms, x->started_iso);
  char scen[1100];
  fmt_path(scen, sizeof scen, "%s/scenario.lua", x->dir);
  st = stp_file_write(scen, x->source, x->source_len, 1, "the exam's copy of the scenario", err);
  if (st == STP_OK) st = write_exam_json(x, err);
  stp_record_header h[] = {{"scenario-sha256", ""}, {"scenario-file", ""}, {"candidate", ""}, {"exam-id", ""},
                           {"attempt", ""}, {"engine", STP_VERSION_STRING}, {"started", ""}, {"mode", "exam"}};
  snprintf(h[0].value, sizeof h[0].value, "%s", x->sha256);
  snprintf(h[1].value, sizeof h[1].value, "%s", x->scenario_file);
  snprintf(h[2].value, sizeof h[2].value, "%s", x->candidate);
  snprintf(h[3].value, sizeof h[3].value, "%s", x->exam_id);
  snprintf(h[4].value, sizeof h[4].value, "%d", x->attempt);
  snprintf(h[6].value, sizeof h[6].value, "%s", x->started_iso);
  if (st == STP_OK) st = stp_record_writer_create(&x->rec, x->record_path, h, (int)(sizeof h / sizeof h[0]), err);
  return st;
}

stp_status stp_exam_start(stp_exam *x, const char *bundle_path, stp_error *err) {
  stp_status st = start(x, bundle_path, err);
  if (st != STP_OK) {
    /* Nothing begun leaves nothing behind: the lock goes, and the folders if empty. */
    stp_record_writer_close(&x->rec);
    stp_file_lock_release(&x->lock);
    if (x->case_dir[0] && rmdir(x->case_dir) == 0) {
      char up[900];
      snprintf(up, sizeof up, "%s", x->case_dir);
      char *slash = strrchr(up, '/');
      if (slash) {
        *slash = '\0';
        rmdir(up);   /* the candidate's folder, if this was all it held */
      }
    }
  }
  return st;
}

/* Publish the bundle at x->bundle_path without replacing anything there: written whole to a
 * temporary name beside it, then hard-linked into place (link fails if the name exists). */
static stp_status publish_bundle(stp_exam *x, stp_bundle *b, stp_error *err) {
  char tmp[1100];
  if (!fmt_path(tmp, sizeof tmp, "%s.sealing-%ld", x->bundle_path, (long)getpid()))
    return stp_error_set(err, STP_ERR_IO, x->bundle_path, 0, "the bundle's path is too long");
  stp_status st = stp_bundle_write(tmp, b, &x->key, err);
  if (st != STP_OK) return st;
  if (link(tmp, x->bundle_path) != 0) {
    int e = errno;
    unlink(tmp);
    return stp_error_set(err, STP_ERR_IO, x->bundle_path, 0, "cannot put the bundle in place: %s%s", strerror(e),
                         e == EEXIST ? " (a bundle never replaces a file)" : "");
  }
  unlink(tmp);
  return STP_OK;
}

/* A bundle already at the path: this attempt's own if this station signed it over this very
 * record (a crash came between the bundle and the seal). */
static bool bundle_is_ours(stp_exam *x, const char *record, size_t record_len) {
  stp_bundle b;
  stp_bundle_check chk;
  stp_error e;
  memset(&b, 0, sizeof b);
  bool ours = stp_bundle_read(x->bundle_path, x->key.pk, &b, &chk, &e) == STP_OK && stp_bundle_check_passed(&chk) &&
              b.part[STP_PART_RECORD] && b.part_len[STP_PART_RECORD] == record_len &&
              memcmp(b.part[STP_PART_RECORD], record, record_len) == 0;
  stp_bundle_free(&b);
  return ours;
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
  char *record;
  size_t record_len;
  st = stp_file_read(x->record_path, STP_FILE_MAX_RECORD, "the input record", &record, &record_len, err);
  if (st != STP_OK) return st;
  if (stp_file_exists(x->bundle_path)) {
    if (!bundle_is_ours(x, record, record_len)) {
      free(record);
      return stp_error_set(err, STP_ERR_USAGE, x->bundle_path, 0, "something else is already there; not replacing it");
    }
  } else {
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
    snprintf(b.meta.exam_id, sizeof b.meta.exam_id, "%s", x->exam_id);
    b.meta.attempt = x->attempt;
    b.part[STP_PART_SCENARIO] = x->source;
    b.part_len[STP_PART_SCENARIO] = x->source_len;
    b.part[STP_PART_RECORD] = record;
    b.part_len[STP_PART_RECORD] = record_len;
    b.part[STP_PART_WORK] = (char *)work_csv;
    b.part_len[STP_PART_WORK] = work_len;
    b.part[STP_PART_RESULT] = (char *)result_json;
    b.part_len[STP_PART_RESULT] = result_len;
    st = publish_bundle(x, &b, err);
    free(b.manifest);
  }
  free(record);
  if (st != STP_OK) return st;
  char sealed[1100], text[1400], when[32];
  fmt_path(sealed, sizeof sealed, "%s/sealed", x->dir);
  stp_exam_iso8601(stp_exam_wall_ms(), when);
  int n = snprintf(text, sizeof text, "sealed %s; the bundle is %s\n", when, x->bundle_path);
  return stp_file_write(sealed, text, (size_t)n, 1, "the exam's seal", err);
}

void stp_exam_close(stp_exam *x) {
  stp_record_writer_close(&x->rec);
  stp_file_lock_release(&x->lock);
  free(x->source);
  x->source = NULL;
  memset(x->key.sk, 0, sizeof x->key.sk);
}
