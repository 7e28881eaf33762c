/* bundle_fixture.h - real sealed exam bundles made headlessly, and ways to tamper with
 * them, for test_bundle.c and test_verify.c. Header-only (static functions).
 *
 * A bundle is made the way the game makes one: a small scenario (with a custom criterion,
 * so re-scoring goes through the script), a record written by hand, the work rebuilt from
 * it (stp_game_rebuild), written (stp_work_write), scored (stp_app_result_json) and sealed
 * (stp_bundle_write) with a key made in the test's own key folder (STIPPLE_KEY_DIR). */
#ifndef STP_TEST_BUNDLE_FIXTURE_H
#define STP_TEST_BUNDLE_FIXTURE_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <zip.h>

#include "stp_app.h"
#include "stp_bundle.h"
#include "stp_game.h"
#include "stp_record.h"
#include "stp_script.h"
#include "stp_work.h"

/* Not every test uses every helper. */
#define FX_UNUSED __attribute__((unused))

static const char fx_scenario[] =
  "-- a small case for the bundle tests\n"
  "scenario {\n"
  "  id = \"cert-small\", title = \"Cert small\", brief = \"A small field.\",\n"
  "  pass_mark = 70,\n"
  "  zones = { { id = \"spot\", shape = circle { x = 0, y = 150, r = 10 }, density = 40 } },\n"
  "  criteria = {\n"
  "    count = { weight = 0.2, fn = function(work) return math.min(100, #work * 10), #work .. \" dots\" end },\n"
  "  },\n"
  "}\n";

/* Game events after the headers: an undo (refused in an exam), a needle change, a session. */
static const char fx_events[] =
  "100 place 0 150 0.5 nan 0\n"
  "250 place 1.5 150.25 0.6 90 120\n"
  "400 undo\n"
  "420 down 300 200 2 151 0.4 1\n"
  "500 needle 1\n"
  "650 place -2 148 0.45 nan 0\n"
  "700 session-end\n"
  "900 place 3 152 0.5 45 0\n"
  "1000 place -4.125 153 0.7 nan 80\n"
  "1200 finish\n";

FX_UNUSED static char *fx_strdup(const char *s) {
  size_t n = strlen(s);
  char *d = malloc(n + 1);
  if (d) memcpy(d, s, n + 1);
  return d;
}

/* The exam the standard bundle seals (the record's "# exam-id", the manifest's exam_id). */
#define FX_EXAM_ID "0123456789abcdef0123456789abcdef"

/* The record as the game writes it: every header, then the events. */
FX_UNUSED static char *fx_record_text(const char *scenario_text, const char *events) {
  char sha[65];
  stp_sha256_hex(scenario_text, strlen(scenario_text), sha);
  size_t n = strlen(events) + 512;
  char *t = malloc(n);
  if (t)
    snprintf(t, n, "stipple-record 1\n# scenario-sha256 %s\n# scenario-file cert_small.lua\n# candidate Ada Test\n"
             "# engine 0.1.0\n# started 2026-11-27T10:00:00Z\n# mode exam\n# exam-id " FX_EXAM_ID "\n# attempt 1\n%s",
             sha, events);
  return t;
}

/* Fill b's parts and meta as the game would at the end of an exam. Returns 0 on success. */
FX_UNUSED static int fx_make_parts(stp_bundle *b, const char *scenario_text, const char *record_text, bool exam) {
  memset(b, 0, sizeof *b);
  stp_error err;
  stp_error_clear(&err);
  stp_scenario *scn = malloc(sizeof *scn);
  stp_game *g = malloc(sizeof *g);
  stp_script *script = NULL;
  stp_record rec;
  stp_record_init(&rec);
  int rc = -1;
  char *work = NULL, *result = NULL;
  size_t work_len = 0;
  if (!scn || !g || stp_script_open(&script, NULL, &err) != STP_OK ||
      stp_script_load(script, "cert_small.lua", scenario_text, strlen(scenario_text), scn, &err) != STP_OK ||
      stp_record_parse(&rec, record_text, strlen(record_text), "record.txt", &err) != STP_OK) {
    fprintf(stderr, "fixture: %s\n", err.msg);
    goto out;
  }
  if (stp_game_rebuild(g, scn, &rec, exam, INT64_MAX, NULL, &err) != STP_OK) { stp_game_free(g); goto out; }
  FILE *f = open_memstream(&work, &work_len);
  stp_status st = f ? stp_work_write(&g->work, f, &err) : STP_ERR_NOMEM;
  if (f) fclose(f);
  stp_game_free(g);
  if (st != STP_OK) goto out;
  /* The stored work is scored as read back, as the game's saved work is. */
  stp_work w;
  stp_work_init(&w);
  st = stp_work_parse(&w, work, work_len, "work.csv", &err);
  if (st == STP_OK) st = stp_app_result_json(scn, script, &w, &result, &err);
  stp_work_free(&w);
  if (st != STP_OK) { fprintf(stderr, "fixture: %s\n", err.msg); goto out; }
  b->part[STP_PART_SCENARIO] = fx_strdup(scenario_text);
  b->part[STP_PART_RECORD] = fx_strdup(record_text);
  b->part[STP_PART_WORK] = work;
  b->part[STP_PART_RESULT] = result;
  work = result = NULL;
  for (int p = 0; p < STP_PART_COUNT; p++) b->part_len[p] = b->part[p] ? strlen(b->part[p]) : 0;
  strcpy(b->meta.candidate, "Ada Test");
  strcpy(b->meta.scenario_id, "cert-small");
  strcpy(b->meta.scenario_file, "cert_small.lua");
  strcpy(b->meta.mode, exam ? "exam" : "practice");
  strcpy(b->meta.started, "2026-11-27T10:00:00Z");
  strcpy(b->meta.ended, "2026-11-27T10:00:01Z");
  b->meta.duration_ms = 1200;
  strcpy(b->meta.exam_id, FX_EXAM_ID);
  b->meta.attempt = exam ? 1 : 0;
  strcpy(b->meta.engine_version, "0.1.0");
  strcpy(b->meta.engine_build, "test");
  rc = 0;
out:
  free(work);
  free(result);
  stp_record_free(&rec);
  stp_script_close(script);
  free(scn);
  free(g);
  return rc;
}

/* Make and seal the standard bundle at path with key. Returns 0 on success. */
FX_UNUSED static int fx_write_bundle(const char *path, const stp_station_key *key) {
  char *record = fx_record_text(fx_scenario, fx_events);
  stp_bundle b;
  int rc = record ? fx_make_parts(&b, fx_scenario, record, true) : -1;
  free(record);
  if (rc != 0) return rc;
  stp_error err;
  stp_error_clear(&err);
  if (stp_bundle_write(path, &b, key, &err) != STP_OK) {
    fprintf(stderr, "fixture: %s\n", err.msg);
    rc = -1;
  }
  stp_bundle_free(&b);
  return rc;
}

FX_UNUSED static unsigned char *fx_read_file(const char *path, size_t *len) {
  FILE *f = fopen(path, "rb");
  if (!f) return NULL;
  fseek(f, 0, SEEK_END);
  long n = ftell(f);
  fseek(f, 0, SEEK_SET);
  unsigned char *d = malloc((size_t)n + 1);
  if (d && fread(d, 1, (size_t)n, f) != (size_t)n) { free(d); d = NULL; }
  fclose(f);
  *len = (size_t)n;
  return d;
}

FX_UNUSED static int fx_write_file(const char *path, const void *data, size_t len) {
  FILE *f = fopen(path, "wb");
  if (!f) return -1;
  int ok = fwrite(data, 1, len, f) == len;
  return fclose(f) == 0 && ok ? 0 : -1;
}

#define FX_COMMENT_LEN 209

/* Replace one member of the bundle at path through libzip (everything else kept: the
 * manifest is NOT updated). Then sign the new archive with key, or, with key NULL, keep
 * the old signature comment (an attacker without the key). Returns 0 on success. */
FX_UNUSED static int fx_replace_member(const char *path, const char *member, const char *data, size_t len,
                             const stp_station_key *key) {
  size_t n = 0;
  unsigned char *file = fx_read_file(path, &n);
  if (!file || n < 22 + FX_COMMENT_LEN) { free(file); return -1; }
  unsigned char comment[FX_COMMENT_LEN];
  memcpy(comment, file + n - FX_COMMENT_LEN, FX_COMMENT_LEN);
  size_t alen = n - FX_COMMENT_LEN;
  file[alen - 2] = file[alen - 1] = 0;   /* the archive as libzip wrote it */
  char tmp[600];
  snprintf(tmp, sizeof tmp, "%s.zip", path);
  int rc = fx_write_file(tmp, file, alen);
  free(file);
  if (rc != 0) return -1;
  int zerr = 0;
  zip_t *za = zip_open(tmp, 0, &zerr);
  if (!za) return -1;
  zip_int64_t idx = zip_name_locate(za, member, 0);
  char *copy = malloc(len ? len : 1);
  memcpy(copy, data, len);
  zip_source_t *src = zip_source_buffer(za, copy, len, 1);
  if (idx < 0 || !src || zip_file_replace(za, (zip_uint64_t)idx, src, 0) != 0 || zip_close(za) != 0) {
    zip_discard(za);
    return -1;
  }
  unsigned char *archive = fx_read_file(tmp, &alen);
  remove(tmp);
  if (!archive) return -1;
  unsigned char *out = NULL;
  size_t out_len = 0;
  stp_error err;
  if (key) {
    rc = stp_bundle_seal(archive, alen, key, &out, &out_len, &err) == STP_OK ? 0 : -1;
  } else {
    out = malloc(alen + FX_COMMENT_LEN);
    memcpy(out, archive, alen);
    memcpy(out + alen, comment, FX_COMMENT_LEN);
    out[alen - 2] = FX_COMMENT_LEN & 0xff;
    out[alen - 1] = FX_COMMENT_LEN >> 8;
    out_len = alen + FX_COMMENT_LEN;
    rc = 0;
  }
  free(archive);
  if (rc == 0) rc = fx_write_file(path, out, out_len);
  free(out);
  return rc;
}

/* Strip the signature and sign the very same archive with another key. */
FX_UNUSED static int fx_resign(const char *path, const stp_station_key *key) {
  size_t n = 0;
  unsigned char *file = fx_read_file(path, &n);
  if (!file || n < 22 + FX_COMMENT_LEN) { free(file); return -1; }
  size_t alen = n - FX_COMMENT_LEN;
  file[alen - 2] = file[alen - 1] = 0;
  unsigned char *out = NULL;
  size_t out_len = 0;
  stp_error err;
  int rc = stp_bundle_seal(file, alen, key, &out, &out_len, &err) == STP_OK ? fx_write_file(path, out, out_len) : -1;
  free(file);
  free(out);
  return rc;
}

/* Read the bundle (trusting whoever signed it), let edit() change its parts, and write it
 * again with key: consistent hashes and manifest, a valid signature by key. */
typedef void (*fx_editor)(stp_bundle *b);
FX_UNUSED static int fx_rewrite(const char *path, fx_editor edit, const stp_station_key *key) {
  stp_bundle b;
  stp_bundle_check chk;
  stp_error err;
  if (stp_bundle_read(path, NULL, &b, &chk, &err) != STP_OK) return -1;
  edit(&b);
  for (int p = 0; p < STP_PART_COUNT; p++) b.part_len[p] = strlen(b.part[p]);
  int rc = stp_bundle_write(path, &b, key, &err) == STP_OK ? 0 : -1;
  stp_bundle_free(&b);
  return rc;
}

/* Replace the first occurrence of from by to in a malloc'd string (in place, realloc). */
FX_UNUSED static char *fx_replace(char *s, const char *from, const char *to) {
  char *at = strstr(s, from);
  if (!at) return s;
  size_t pre = (size_t)(at - s), fl = strlen(from), tl = strlen(to), n = strlen(s);
  char *d = malloc(n - fl + tl + 1);
  memcpy(d, s, pre);
  memcpy(d + pre, to, tl);
  memcpy(d + pre + tl, at + fl, n - pre - fl + 1);
  free(s);
  return d;
}

#endif
