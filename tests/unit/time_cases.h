/* time_cases.h - what test_cases_time.c and test_time_cheats.c share: the bundled cases
 * over time, a scenario and a result on the heap (both are large), and loading a case
 * (a failure fails the test with the loader's file:line message). Include after cmocka,
 * stp_score.h and stp_script.h; one test file each. */
#ifndef TIME_CASES_H
#define TIME_CASES_H

#define HAIRLINE STP_SCENARIO_DIR "/11_hairline_sessions.lua"
#define SCAR STP_SCENARIO_DIR "/12_scar_sessions.lua"
#define PART STP_SCENARIO_DIR "/13_part_two_sessions.lua"
#define TOUCHUP STP_SCENARIO_DIR "/14_touchup_norwood6.lua"

static stp_scenario *scn;
static stp_score_result *res;

static int setup(void **state) {
  (void)state;
  scn = malloc(sizeof *scn);
  res = malloc(sizeof *res);
  return scn && res ? 0 : -1;
}

static int teardown(void **state) {
  (void)state;
  free(scn);
  free(res);
  return 0;
}

static void load(const char *path) {
  stp_error err;
  if (stp_script_load_scenario(path, NULL, scn, &err) != STP_OK) {
    char buf[1200];
    fail_msg("%s", stp_error_format(&err, buf, sizeof buf));
  }
}

#endif
