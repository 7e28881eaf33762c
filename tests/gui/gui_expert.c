/* gui_expert.c - write an expert work for a case (the tests' way to make a passing work
 * from its targets, as test_library does): stp_gen_sessions for a case over time, else
 * stp_gen_expert, then saved as a work file.
 *   gui_expert SCENARIO.lua OUT.csv [SEED]
 * Prints "N impressions" and exits 0, or the error and 1. */
#include <stdio.h>
#include <stdlib.h>

#include "stp_gen.h"
#include "stp_heal.h"
#include "stp_script.h"
#include "stp_work.h"

int main(int argc, char **argv) {
  if (argc < 3) { fprintf(stderr, "usage: gui_expert SCENARIO OUT.csv [SEED]\n"); return 2; }
  uint64_t seed = argc > 3 ? strtoull(argv[3], NULL, 10) : 1;
  stp_scenario *scn = malloc(sizeof *scn);
  stp_error err;
  stp_error_clear(&err);
  stp_work w;
  stp_work_init(&w);
  stp_status st = scn ? stp_script_load_scenario(argv[1], NULL, scn, &err) : STP_ERR_NOMEM;
  if (st == STP_OK) {
    if (stp_scenario_timed(scn)) {
      stp_gen_time_opts o = stp_gen_time_expert_opts();
      st = stp_gen_sessions(scn, seed, &o, &w, &err);
    } else {
      st = stp_gen_expert(scn, seed, &w, &err);
    }
  }
  /* Name the kit's pigments in the file, as the game does: without the column a work reads
   * as the kit's first pigment throughout, and the plan's other pigments would be lost. */
  if (st == STP_OK) {
    const char *ids[STP_SCN_MAX_PIGMENTS];
    for (int p = 0; p < scn->pigment_count; p++) ids[p] = scn->pigments[p].id;
    st = stp_work_set_pigments(&w, ids, scn->pigment_count, &err);
    w.has_pigment = true;
  }
  if (st == STP_OK) st = stp_work_save(&w, argv[2], &err);
  if (st != STP_OK) {
    char buf[1200];
    fprintf(stderr, "gui_expert: %s\n", stp_error_format(&err, buf, sizeof buf));
    return 1;
  }
  printf("%zu impressions\n", w.count);
  stp_work_free(&w);
  free(scn);
  return 0;
}
