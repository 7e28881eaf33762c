/* fuzz_profile.c - libFuzzer target for the trainee profile parser (stp_profile_parse).
 *
 * Any input that parses must survive a round trip: the profile written back
 * (stp_profile_format) parses again to the same text, every case's best score, best grade
 * and passed flag agree with its attempts, and every attempt's grade with its score.
 * Any input that fails must fail cleanly: STP_ERR_PARSE or STP_ERR_NOMEM, a message, an
 * empty profile. Checks call abort() rather than assert(), which NDEBUG would remove.
 *
 * Built by tests/profile.cmake: `fuzz_profile` with -DSTIPPLE_FUZZ=ON (clang), and always
 * `fuzz_profile_corpus` (with fuzz_driver.c) over tests/data/profile/, where good_*.txt
 * must parse and bad_*.txt must not.
 */
#define _POSIX_C_SOURCE 200809L

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "stp_profile.h"

#define FUZZ_NAME "fuzz_profile"
#include "fuzz_target.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  stp_profile p;
  stp_error err;
  stp_error_clear(&err);
  stp_status s = stp_profile_parse(&p, (const char *)data, size, "fuzz.txt", &err);
  stp_fuzz_accepted = s == STP_OK;
  if (s != STP_OK) {
    CHECK(err.status == s && err.msg[0] != '\0');
    CHECK(s == STP_ERR_PARSE || s == STP_ERR_NOMEM);
    CHECK(p.case_count == 0 && p.cases == NULL);
    return 0;
  }
  CHECK(stp_profile_name_valid(p.name));
  CHECK(p.pressure.gamma >= 0.2 && p.pressure.gamma <= 5);
  for (int i = 0; i < p.case_count; i++) {
    const stp_profile_case *c = &p.cases[i];
    CHECK(stp_profile_id_valid(c->id));
    CHECK(c->attempt_count >= 1 && c->attempt_count <= STP_PROFILE_MAX_ATTEMPTS);
    double best = -1;
    stp_grade g = STP_GRADE_NONE;
    bool passed = false;
    for (size_t k = 0; k < c->attempt_count; k++) {
      const stp_profile_attempt *a = &c->attempts[k];
      CHECK(a->grade == stp_profile_grade(a->score, a->passed));
      if (a->score > best) best = a->score;
      if (a->grade > g) g = a->grade;
      passed = passed || a->passed;
    }
    CHECK(best == c->best_score && g == c->best_grade && passed == c->passed);
  }
  size_t n = 0;
  char *text = stp_profile_format(&p, &n);
  CHECK(text != NULL);
  stp_profile back;
  s = stp_profile_parse(&back, text, n, "fuzz-roundtrip.txt", &err);
  if (s != STP_OK) {
    fprintf(stderr, "re-parse failed: %s:%d: %s\n", err.file, err.line, err.msg);
    abort();
  }
  size_t n2 = 0;
  char *text2 = stp_profile_format(&back, &n2);
  CHECK(text2 != NULL && n2 == n && memcmp(text, text2, n) == 0);
  CHECK(back.case_count == p.case_count);
  free(text2);
  free(text);
  stp_profile_free(&back);
  stp_profile_free(&p);
  return 0;
}
