/* fuzz_work.c - libFuzzer target for the work file parser (stp_work_parse).
 *
 * Any input that parses must survive a round trip: written back and parsed
 * again it gives the same impressions (quantized, as written) and the same
 * extra columns and cells, and writing that again gives the same bytes.
 * Any input that fails must fail cleanly: a status, a message, an empty work.
 * Checks call abort() rather than assert(), which NDEBUG would remove.
 *
 * Built by tests/work.cmake: `fuzz_work` with -DSTIPPLE_FUZZ=ON (clang), and
 * always `fuzz_work_corpus` (with fuzz_driver.c) over tests/data/work/, where good_*.csv
 * must parse and bad_*.csv must not.
 */
#define _POSIX_C_SOURCE 200809L

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "stp_work.h"

#define FUZZ_NAME "fuzz_work"
#include "fuzz_target.h"

/* Write w into a malloc'd buffer. */
static char *write_to_memory(const stp_work *w, size_t *len) {
  char *buf = NULL;
  FILE *f = open_memstream(&buf, len);
  CHECK(f != NULL);
  stp_error err;
  CHECK(stp_work_write(w, f, &err) == STP_OK);
  CHECK(fclose(f) == 0);
  return buf;
}

static void check_empty(const stp_work *w) {
  CHECK(w->count == 0 && w->items == NULL && w->extra_count == 0);
  CHECK(w->extra_names == NULL && w->extra_values == NULL);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  stp_work w;
  stp_error err;
  stp_error_clear(&err);
  stp_status s = stp_work_parse(&w, (const char *)data, size, "fuzz.csv", &err);
  stp_fuzz_accepted = s == STP_OK;
  if (s != STP_OK) {
    CHECK(err.status == s && err.msg[0] != '\0' && err.line >= 0);
    CHECK(s == STP_ERR_PARSE || s == STP_ERR_RANGE || s == STP_ERR_NOMEM);
    check_empty(&w);
    return 0;
  }
  for (size_t i = 0; i < w.count; i++) CHECK(stp_impression_valid(&w.items[i]));
  for (size_t i = 0; i < w.count * w.extra_count; i++) CHECK(w.extra_values[i] != NULL);

  size_t len1 = 0;
  char *text1 = write_to_memory(&w, &len1);
  stp_work back;
  s = stp_work_parse(&back, text1, len1, "fuzz-roundtrip.csv", &err);
  if (s != STP_OK) {
    fprintf(stderr, "re-parse failed: %s:%d: %s\n", err.file, err.line, err.msg);
    abort();
  }
  CHECK(back.count == w.count);
  CHECK(back.extra_count == w.extra_count);
  for (size_t c = 0; c < w.extra_count; c++)
    CHECK(strcmp(back.extra_names[c], w.extra_names[c]) == 0);
  for (size_t i = 0; i < w.count; i++) {
    stp_impression q = w.items[i];
    stp_impression_quantize(&q);
    const stp_impression *b = &back.items[i];
    CHECK(b->x_mm == q.x_mm && b->y_mm == q.y_mm && b->angle_deg == q.angle_deg);
    CHECK(b->depth_mm == q.depth_mm && b->needle_mm == q.needle_mm && b->ink == q.ink);
    CHECK(b->session == q.session && b->t_ms == q.t_ms);
    for (size_t c = 0; c < w.extra_count; c++)
      CHECK(strcmp(stp_work_extra(&back, i, c), stp_work_extra(&w, i, c)) == 0);
  }
  size_t len2 = 0;
  char *text2 = write_to_memory(&back, &len2);
  CHECK(len1 == len2 && memcmp(text1, text2, len1) == 0);

  free(text2);
  free(text1);
  stp_work_free(&back);
  stp_work_free(&w);
  return 0;
}
