/* fuzz_target.h - what every fuzz target shares: libFuzzer's entry point, the outcome the
 * corpus run (fuzz_driver.c) checks against each file's name, and CHECK, which aborts with
 * the target's name, the line and the condition (libFuzzer, and the corpus run under ASan,
 * report the abort). Define FUZZ_NAME ("fuzz_work") before including it, in one file only. */
#ifndef STP_FUZZ_TARGET_H
#define STP_FUZZ_TARGET_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The outcome of the last input, 1 accepted or 0 rejected, for fuzz_driver.c's corpus run
 * (which checks it against the file's name). */
int stp_fuzz_accepted = -1;

#define CHECK(cond)                                                                 \
  do {                                                                              \
    if (!(cond)) {                                                                  \
      fprintf(stderr, FUZZ_NAME ": check failed at line %d: %s\n", __LINE__, #cond); \
      abort();                                                                      \
    }                                                                               \
  } while (0)

#endif
