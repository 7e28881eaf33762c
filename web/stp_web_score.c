/* stp_web_score.c - the browser build's first test program: `stipple score --json` on wasm.
 *
 *   stipple_web_score --scenario FILE --work WORK.csv [--expert SEED]
 *
 * Loads the scenario through the script layer (the sandboxed Lua of engine/script), reads
 * the work (with --expert: first generates the expert work of the tests, stp_gen_expert with
 * SEED, and writes it to WORK.csv), scores it with the core and the scenario's custom criteria
 * and prints what `stipple score --json` prints, so the two can be compared byte for byte
 * (scripts/web.sh --check). Run with node: the wasm reads and writes the real files
 * (-sNODERAWFS). It links the core and script layers only: no SDL, no app.
 *
 * The scoring is stp_app_score's (engine/app/stp_cli.c), which lives in the app layer with
 * SDL; the few lines are repeated here until the browser build links the app.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "stp_error.h"
#include "stp_file.h"
#include "stp_gen.h"
#include "stp_kit.h"
#include "stp_scenario.h"
#include "stp_score.h"
#include "stp_script.h"
#include "stp_work.h"

int main(int argc, char **argv) {
  const char *scn_path = NULL, *work_path = NULL, *seed_text = NULL;
  for (int i = 1; i + 1 < argc; i += 2) {
    if (strcmp(argv[i], "--scenario") == 0) scn_path = argv[i + 1];
    else if (strcmp(argv[i], "--work") == 0) work_path = argv[i + 1];
    else if (strcmp(argv[i], "--expert") == 0) seed_text = argv[i + 1];
    else scn_path = work_path = NULL, i = argc;
  }
  if (!scn_path || !work_path || argc % 2 == 0) {
    fprintf(stderr, "usage: stipple_web_score --scenario FILE --work WORK.csv [--expert SEED]\n");
    return 2;
  }
  stp_error err;
  stp_error_clear(&err);
  stp_scenario *scn = malloc(sizeof *scn);
  stp_score_result *r = malloc(sizeof *r);
  stp_script *script = NULL;
  stp_work w;
  stp_work_init(&w);
  char *text = NULL;
  size_t len = 0;
  stp_status st = scn && r ? STP_OK : stp_error_set(&err, STP_ERR_NOMEM, NULL, 0, "out of memory");
  /* The scenario as stp_app_open_scenario reads it: the same reader, limit and chunk name. */
  if (st == STP_OK) st = stp_file_read(scn_path, STP_FILE_MAX_SCENARIO, "the scenario", &text, &len, &err);
  if (st == STP_OK) st = stp_script_open(&script, NULL, &err);
  if (st == STP_OK) st = stp_script_load(script, scn_path, text, len, scn, &err);
  if (st == STP_OK && seed_text) {
    st = stp_gen_expert(scn, strtoull(seed_text, NULL, 10), &w, &err);
    /* Not stp_work_save: its dup() fails under node's NODERAWFS in emscripten 3.1.6 (EEXIST;
     * the browser's in-memory file system is fine), so the test writes through stdio. */
    FILE *f = st == STP_OK ? fopen(work_path, "wb") : NULL;
    if (st == STP_OK && !f) st = stp_error_set(&err, STP_ERR_IO, work_path, 0, "cannot write the expert work");
    if (f) {
      if (st == STP_OK) st = stp_work_write(&w, f, &err);
      if (fclose(f) != 0 && st == STP_OK) st = stp_error_set(&err, STP_ERR_IO, work_path, 0, "cannot write the expert work");
    }
    stp_work_free(&w);
  }
  if (st == STP_OK) st = stp_work_load(&w, work_path, &err);
  if (st == STP_OK) st = stp_work_check_kit(&w, scn, work_path, &err);
  if (st == STP_OK) st = stp_script_score(scn, script, &w, r, NULL, &err);   /* as every host scores */
  char *js = st == STP_OK ? stp_score_to_json(scn, r) : NULL;
  if (st == STP_OK && !js) st = stp_error_set(&err, STP_ERR_NOMEM, NULL, 0, "out of memory writing the result");
  int rc = 0;
  if (st == STP_OK) {
    puts(js);
    fprintf(stderr, "web: %s: %.1f / 100 - %s (%zu impressions)\n", scn->title, r->score,
            r->passed ? "PASSED" : "NOT PASSED", r->impressions);
  } else {
    char buf[1200];
    fprintf(stderr, "stipple_web_score: %s\n", stp_error_format(&err, buf, sizeof buf));
    rc = 1;
  }
  free(js);
  free(text);
  stp_work_free(&w);
  stp_script_close(script);
  free(r);
  free(scn);
  return rc;
}
