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
extern int stp_fuzz_accepted;   /* set by the target: 1 accepted, 0 rejected */

/* What the name says: 1 must be accepted, 0 must be rejected, -1 neither. */
static int expectation(const char *path) {
  const char *base = strrchr(path, '/');
  base = base ? base + 1 : path;
  if (strncmp(base, "good", 4) == 0) return 1;
  if (strncmp(base, "bad", 3) == 0) return 0;
  /* The folder it sits in: ".../good/x.lua". */
  size_t dir_len = (size_t)(base - path);
  if (dir_len >= 1) {
    const char *end = path + dir_len - 1;   /* the slash */
    const char *dir = end;
    while (dir > path && dir[-1] != '/') dir--;
    size_t n = (size_t)(end - dir);
    if (n == 4 && strncmp(dir, "good", 4) == 0) return 1;
    if (n == 3 && strncmp(dir, "bad", 3) == 0) return 0;
  }
  return -1;
}

static int run_file(const char *path) {
  int expect = expectation(path);
  if (expect < 0) {
    fprintf(stderr, "%s: the name says neither good nor bad; name it good_* / bad_* or put it "
                    "in a good/ or bad/ folder\n", path);
    return 1;
  }
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
  stp_fuzz_accepted = -1;
  LLVMFuzzerTestOneInput(exact, len);
  free(exact);
  if (stp_fuzz_accepted != expect) {
    fprintf(stderr, "%s: %s, but its name says it must be %s\n", path,
            stp_fuzz_accepted == 1 ? "accepted" : stp_fuzz_accepted == 0 ? "rejected" : "no outcome",
            expect ? "accepted" : "rejected");
    return 1;
  }
  return 0;
}

int main(int argc, char **argv) {
  if (argc < 2) {
    fprintf(stderr, "usage: %s FILE...\n", argv[0]);
    return 2;
  }
  int failed = 0;
  for (int i = 1; i < argc; i++) failed |= run_file(argv[i]);
  if (!failed) printf("%d input%s ran cleanly, each accepted or rejected as its name says\n", argc - 1,
                      argc == 2 ? "" : "s");
  return failed;
}
