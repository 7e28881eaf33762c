/* fuzz_driver.c - run a libFuzzer entry point over files, without libFuzzer.
 *
 * Linked with any fuzz target (fuzz_*.c) it makes a plain program that feeds
 * each file named on the command line to LLVMFuzzerTestOneInput once, so the
 * fixtures and past crash inputs run as a regression test in every build
 * (and under ASan/UBSan when STIPPLE_SANITIZE is on). Each input is read into
 * a buffer of exactly its size, so reading past the end is caught.
 *
 *   fuzz_work_corpus tests/data/work/good_basic.csv tests/data/work/bad_nul.csv
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int run_file(const char *path) {
  FILE *f = fopen(path, "rb");
  if (!f) {
    fprintf(stderr, "%s: cannot open: %s\n", path, strerror(errno));
    return 1;
  }
  size_t cap = 4096, len = 0, got;
  char *buf = malloc(cap);
  while (buf && (got = fread(buf + len, 1, cap - len, f)) > 0) {
    len += got;
    if (len == cap) {
      char *nb = realloc(buf, cap * 2);
      if (!nb) { free(buf); buf = NULL; break; }
      buf = nb;
      cap *= 2;
    }
  }
  int bad = !buf || ferror(f);
  fclose(f);
  if (bad) {
    fprintf(stderr, "%s: cannot read\n", path);
    free(buf);
    return 1;
  }
  /* An exact-size copy: the slack after len would hide an overread. */
  uint8_t *exact = malloc(len ? len : 1);
  if (!exact) { free(buf); return 1; }
  memcpy(exact, buf, len);
  free(buf);
  LLVMFuzzerTestOneInput(exact, len);
  free(exact);
  return 0;
}

int main(int argc, char **argv) {
  if (argc < 2) {
    fprintf(stderr, "usage: %s FILE...\n", argv[0]);
    return 2;
  }
  int failed = 0;
  for (int i = 1; i < argc; i++) failed |= run_file(argv[i]);
  if (!failed) printf("%d input%s ran cleanly\n", argc - 1, argc == 2 ? "" : "s");
  return failed;
}
