/* fuzz_scenario.c - libFuzzer target for scenario scripts (stp_script_load_scenario_buffer).
 *
 * Random text runs in the sandbox with small limits (8 MiB, 1 million
 * instructions). Whatever the text, the load must end cleanly:
 *  - success: the scenario validates and has 1..STP_SCN_MAX_ZONES zones;
 *  - failure: a script, range or limit status, a message, the chunk name as the
 *    file, a line >= 0, and *out left at the defaults (no half scenario).
 * Checks call abort() rather than assert(), which NDEBUG would remove.
 *
 * Built by tests/script.cmake: `fuzz_scenario` with -DSTIPPLE_FUZZ=ON (clang), and
 * always `fuzz_scenario_corpus` (with fuzz_driver.c) over tests/scenarios/{good,bad}: each
 * file in good/ must load, each in bad/ must be refused.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "stp_script.h"

#define FUZZ_NAME "fuzz_scenario"
#include "fuzz_target.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  stp_scenario *scn = malloc(sizeof *scn);
  CHECK(scn != NULL);
  stp_script_limits lim = {8u * 1024u * 1024u, 1000000ull};
  stp_error err;
  stp_error_clear(&err);
  stp_status st = stp_script_load_scenario_buffer("fuzz.lua", (const char *)data, size, &lim, scn, &err);
  stp_fuzz_accepted = st == STP_OK;
  CHECK(err.status == st);
  CHECK(strcmp(scn->path, "fuzz.lua") == 0);
  if (st == STP_OK) {
    stp_error verr;
    CHECK(stp_scenario_validate(scn, &verr) == STP_OK);
    CHECK(scn->zone_count >= 1 && scn->zone_count <= STP_SCN_MAX_ZONES);
    CHECK(scn->hair_count >= 0 && scn->hair_count <= STP_SCN_MAX_HAIR);
    CHECK(memchr(scn->brief, '\0', sizeof scn->brief) != NULL);
  } else {
    if (st != STP_ERR_SCRIPT && st != STP_ERR_RANGE && st != STP_ERR_LIMIT) {
      fprintf(stderr, "unexpected status %s: %s\n", stp_status_text(st), err.msg);
      abort();
    }
    CHECK(err.msg[0] != '\0');
    CHECK(strcmp(err.file, "fuzz.lua") == 0);
    CHECK(err.line >= 0);
    CHECK(scn->zone_count == 0 && strcmp(scn->id, "untitled") == 0);
  }
  free(scn);
  return 0;
}
