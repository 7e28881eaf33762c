/* bundle_make.h - sealed exam bundles for the tests, made the way the game makes them: a
 * record of placements, the work rebuilt from it, the result scored from the work, sealed
 * with a station key (stp_bundle_write). Include once per test program. */
#ifndef STP_TEST_BUNDLE_MAKE_H
#define STP_TEST_BUNDLE_MAKE_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "stp_app.h"
#include "stp_bundle.h"
#include "stp_file.h"
#include "stp_game.h"
#include "stp_record.h"
#include "stp_script.h"

typedef struct bm_dot { double x, y; } bm_dot;

/* Which exam a bundle seals: the exam's id (32 lowercase hex), the attempt number (1.. in an
 * exam, 0 in practice) and the wall-clock end (ISO 8601; NULL: an hour after started). */
typedef struct bm_exam {
  const char *exam_id;
  int attempt;
  const char *ended;
} bm_exam;

/* Write a bundle at path: candidate, mode, started (ISO 8601), the scenario file, n dots
 * placed one second apart, the exam x. Returns STP_OK or fills err. */
static stp_status bm_make(const char *path, const char *scenario_path, const char *candidate, const char *mode,
                          const char *started, bm_exam x, const bm_dot *dots, int n, const stp_station_key *key,
                          stp_error *err) {
  char *stext = NULL;
  size_t slen = 0;
  stp_status st = stp_file_read(scenario_path, STP_FILE_MAX_SCENARIO, "scenario", &stext, &slen, err);
  if (st != STP_OK) return st;
  char sha[65];
  stp_sha256_hex(stext, slen, sha);
  size_t cap = 512 + (size_t)n * 80;
  char *rtext = malloc(cap);
  const char *base = strrchr(scenario_path, '/');
  base = base ? base + 1 : scenario_path;
  size_t o = (size_t)snprintf(rtext, cap, "stipple-record 1\n# scenario-sha256 %s\n# scenario-file %s\n"
                              "# candidate %s\n# engine test\n# started %s\n# mode %s\n# exam-id %s\n"
                              "# attempt %d\n", sha, base, candidate, started, mode, x.exam_id, x.attempt);
  for (int i = 0; i < n; i++)
    o += (size_t)snprintf(rtext + o, cap - o, "%d place %.2f %.2f 0.5 nan 0\n", 1000 * (i + 1), dots[i].x, dots[i].y);
  o += (size_t)snprintf(rtext + o, cap - o, "%d finish\n", 1000 * (n + 1));
  stp_record rec;
  stp_record_init(&rec);
  stp_scenario *scn = malloc(sizeof *scn);
  stp_game *g = malloc(sizeof *g);
  stp_script *script = NULL;
  char *wtext = NULL, *restext = NULL;
  size_t wlen = 0;
  st = stp_record_parse(&rec, rtext, o, "record.txt", err);
  if (st == STP_OK) st = stp_script_open(&script, NULL, err);
  if (st == STP_OK) st = stp_script_load(script, base, stext, slen, scn, err);
  bool built = false;
  if (st == STP_OK) {
    st = stp_game_rebuild(g, scn, &rec, strcmp(mode, "exam") == 0, INT64_MAX, NULL, err);
    built = true;
  }
  if (st == STP_OK) {
    FILE *f = open_memstream(&wtext, &wlen);
    st = stp_work_write(&g->work, f, err);
    fclose(f);
  }
  stp_work w;
  stp_work_init(&w);
  if (st == STP_OK) st = stp_work_parse(&w, wtext, wlen, "work.csv", err);
  if (st == STP_OK) st = stp_app_result_json(scn, script, &w, &restext, err);
  if (st == STP_OK) {
    stp_bundle b;
    memset(&b, 0, sizeof b);
    snprintf(b.meta.candidate, sizeof b.meta.candidate, "%.100s", candidate);
    snprintf(b.meta.scenario_id, sizeof b.meta.scenario_id, "%.100s", scn->id);
    snprintf(b.meta.scenario_file, sizeof b.meta.scenario_file, "%.200s", base);
    snprintf(b.meta.mode, sizeof b.meta.mode, "%.15s", mode);
    snprintf(b.meta.started, sizeof b.meta.started, "%.31s", started);
    if (x.ended) snprintf(b.meta.ended, sizeof b.meta.ended, "%.31s", x.ended);
    else {   /* an hour later: "...T09:..." becomes "...T10:..." (the tests start before 23:00) */
      snprintf(b.meta.ended, sizeof b.meta.ended, "%.31s", started);
      int h = atoi(b.meta.ended + 11) + 1;
      b.meta.ended[11] = (char)('0' + h / 10);
      b.meta.ended[12] = (char)('0' + h % 10);
    }
    b.meta.duration_ms = 1000 * (n + 1);
    snprintf(b.meta.exam_id, sizeof b.meta.exam_id, "%.32s", x.exam_id);
    b.meta.attempt = x.attempt;
    snprintf(b.meta.engine_version, sizeof b.meta.engine_version, "test");
    snprintf(b.meta.engine_build, sizeof b.meta.engine_build, "test");
    b.part[STP_PART_SCENARIO] = stext;
    b.part_len[STP_PART_SCENARIO] = slen;
    b.part[STP_PART_RECORD] = rtext;
    b.part_len[STP_PART_RECORD] = o;
    b.part[STP_PART_WORK] = wtext;
    b.part_len[STP_PART_WORK] = wlen;
    b.part[STP_PART_RESULT] = restext;
    b.part_len[STP_PART_RESULT] = strlen(restext);
    st = stp_bundle_write(path, &b, key, err);
    free(b.manifest);
  }
  stp_work_free(&w);
  if (built) stp_game_free(g);
  stp_script_close(script);
  stp_record_free(&rec);
  free(g);
  free(scn);
  free(stext);
  free(rtext);
  free(wtext);
  free(restext);
  return st;
}

#endif
