/* fuzz_record.c - libFuzzer target for the input record parser (stp_record_parse).
 *
 * Any input that parses must survive a round trip: its headers and events written back
 * (the magic line, "# key value", stp_record_format) parse again to the same headers and
 * the same events bit for bit (times, kinds, numbers, "nan" angles, steps, flags), times
 * never go backwards and every formatted line fits STP_RECORD_MAX_LINE. Any input that
 * fails must fail cleanly: a status, a message with a line, an empty record.
 * Checks call abort() rather than assert(), which NDEBUG would remove.
 *
 * Built by tests/cert.cmake: `fuzz_record` with -DSTIPPLE_FUZZ=ON (clang), and always
 * `fuzz_record_corpus` (with fuzz_driver.c) over tests/data/record/, where good_*.txt must
 * parse and bad_*.txt must not.
 */
#define _POSIX_C_SOURCE 200809L

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "stp_record.h"

#define FUZZ_NAME "fuzz_record"
#include "fuzz_target.h"

static bool same_number(double a, double b) { return (isnan(a) && isnan(b)) || memcmp(&a, &b, sizeof a) == 0; }

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  stp_record r;
  stp_error err;
  stp_error_clear(&err);
  stp_status s = stp_record_parse(&r, (const char *)data, size, "fuzz.txt", &err);
  stp_fuzz_accepted = s == STP_OK;
  if (s != STP_OK) {
    CHECK(err.status == s && err.msg[0] != '\0' && err.line >= 1);
    CHECK(s == STP_ERR_PARSE || s == STP_ERR_NOMEM);
    CHECK(r.count == 0 && r.events == NULL && r.header_count == 0);
    return 0;
  }
  CHECK(r.header_count >= 0 && r.header_count <= STP_RECORD_MAX_HEADERS);
  CHECK(r.count <= r.capacity);

  char *text = NULL;
  size_t len = 0;
  FILE *f = open_memstream(&text, &len);
  CHECK(f != NULL);
  fputs(STP_RECORD_MAGIC "\n", f);
  for (int i = 0; i < r.header_count; i++) fprintf(f, "# %s %s\n", r.headers[i].key, r.headers[i].value);
  for (size_t i = 0; i < r.count; i++) {
    const stp_record_event *e = &r.events[i];
    CHECK(e->kind >= 0 && e->kind < STP_REC_KIND_COUNT);
    CHECK(e->t_ms >= 0 && (i == 0 || e->t_ms >= r.events[i - 1].t_ms));
    char line[STP_RECORD_MAX_LINE];
    size_t n = stp_record_format(e, line, sizeof line);
    CHECK(n > 0 && n < sizeof line && line[n - 1] == '\n');
    fwrite(line, 1, n, f);
  }
  CHECK(fclose(f) == 0);

  stp_record back;
  s = stp_record_parse(&back, text, len, "fuzz-roundtrip.txt", &err);
  if (s != STP_OK) {
    fprintf(stderr, "re-parse failed: %s:%d: %s\n", err.file, err.line, err.msg);
    abort();
  }
  CHECK(!back.torn);
  CHECK(back.header_count == r.header_count && back.count == r.count);
  for (int i = 0; i < r.header_count; i++) {
    CHECK(strcmp(back.headers[i].key, r.headers[i].key) == 0);
    CHECK(strcmp(back.headers[i].value, r.headers[i].value) == 0);
  }
  for (size_t i = 0; i < r.count; i++) {
    const stp_record_event *a = &r.events[i], *b = &back.events[i];
    CHECK(a->t_ms == b->t_ms && a->kind == b->kind && a->step == b->step && a->flag == b->flag);
    for (int k = 0; k < 6; k++) CHECK(same_number(a->a[k], b->a[k]));
  }
  stp_record_free(&back);
  stp_record_free(&r);
  free(text);
  return 0;
}
