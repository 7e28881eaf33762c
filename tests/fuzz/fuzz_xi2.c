/* fuzz_xi2.c - libFuzzer target for the XI2 feed parser (stp_xi2_feed_parse).
 *
 * Any input that parses must survive a round trip: its devices and events written back
 * (stp_xi2_format_device / _event after the magic line) parse again to the same devices
 * and the same events bit for bit; and every event translates without crashing through
 * its device (stp_xi2_translate), giving pressure in 0..1 and tilt in -90..90. Any input
 * that fails must fail cleanly: a status, a message with a line, an empty feed.
 *
 * Built by tests/input.cmake: `fuzz_xi2` with -DSTIPPLE_FUZZ=ON (clang), and always
 * `fuzz_xi2_corpus` (with fuzz_driver.c) over tests/data/xi2/, where good_*.txt must parse
 * and bad_*.txt must not.
 */
#define _POSIX_C_SOURCE 200809L

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "stp_xi2.h"

#define FUZZ_NAME "fuzz_xi2"
#include "fuzz_target.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  static stp_xi2_feed f, back;
  stp_error err;
  stp_error_clear(&err);
  stp_status s = stp_xi2_feed_parse(&f, (const char *)data, size, "fuzz.txt", &err);
  stp_fuzz_accepted = s == STP_OK;
  if (s != STP_OK) {
    CHECK(err.status == s && err.msg[0] != '\0' && err.line >= 0);
    CHECK(f.count == 0 && f.events == NULL && f.n_devices == 0);
    return 0;
  }
  char *text = NULL;
  size_t len = 0;
  FILE *out = open_memstream(&text, &len);
  CHECK(out != NULL);
  fputs(STP_XI2_MAGIC "\n", out);
  static char buf[STP_XI2_MAX_LINE * 8];
  for (int i = 0; i < f.n_devices; i++) {
    size_t n = stp_xi2_format_device(&f.devices[i], buf, sizeof buf);
    CHECK(n > 0);
    fwrite(buf, 1, n, out);
  }
  for (size_t i = 0; i < f.count; i++) {
    size_t n = stp_xi2_format_event(&f.events[i], buf, sizeof buf);
    CHECK(n > 0 && n <= STP_XI2_MAX_LINE);
    fwrite(buf, 1, n, out);
  }
  CHECK(fclose(out) == 0);
  s = stp_xi2_feed_parse(&back, text, len, "fuzz-roundtrip.txt", &err);
  if (s != STP_OK) {
    fprintf(stderr, "re-parse failed: %s:%d: %s\n", err.file, err.line, err.msg);
    abort();
  }
  CHECK(back.n_devices == f.n_devices && back.count == f.count);
  for (int i = 0; i < f.n_devices; i++) {
    CHECK(strcmp(back.devices[i].name, f.devices[i].name) == 0);
    CHECK(back.devices[i].n_axes == f.devices[i].n_axes && back.devices[i].tool == f.devices[i].tool);
    for (int a = 0; a < f.devices[i].n_axes; a++) {
      const stp_xi2_axis *x = &f.devices[i].axes[a], *y = &back.devices[i].axes[a];
      CHECK(x->number == y->number && x->resolution == y->resolution && strcmp(x->label, y->label) == 0);
      CHECK(memcmp(&x->min, &y->min, sizeof x->min) == 0 && memcmp(&x->max, &y->max, sizeof x->max) == 0);
    }
  }
  if (f.count) CHECK(memcmp(back.events, f.events, f.count * sizeof *f.events) == 0);
  for (size_t i = 0; i < f.count; i++) {
    stp_xi2_device *d = NULL;
    for (int k = 0; k < f.n_devices; k++)
      if (f.devices[k].id == f.events[i].sourceid) d = &f.devices[k];
    CHECK(d != NULL);
    stp_pen_sample smp;
    if (stp_xi2_translate(d, &f.events[i], &smp)) {
      CHECK(smp.pressure >= 0 && smp.pressure <= 1);
      CHECK(smp.tilt_x_deg >= -90 && smp.tilt_x_deg <= 90 && smp.tilt_y_deg >= -90 && smp.tilt_y_deg <= 90);
    }
  }
  stp_xi2_feed_free(&back);
  stp_xi2_feed_free(&f);
  free(text);
  return 0;
}
