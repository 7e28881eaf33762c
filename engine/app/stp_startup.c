/* stp_startup.c - milliseconds since the process was launched (stp_startup.h). */
#define _POSIX_C_SOURCE 200809L
#include "stp_startup.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

/* The process's start in ns of CLOCK_BOOTTIME from /proc/self/stat, or -1. Field 2 (the
 * name) may hold spaces and parentheses: the fields are counted after its last ')'. */
static double proc_start_ns(void) {
  char buf[1024];
  int fd = open("/proc/self/stat", O_RDONLY);
  if (fd < 0) return -1;
  ssize_t n = read(fd, buf, sizeof buf - 1);
  close(fd);
  if (n <= 0) return -1;
  buf[n] = '\0';
  char *p = strrchr(buf, ')');
  if (!p) return -1;
  /* After ')' come field 3 (state) onwards; starttime is field 22. */
  int field = 2;
  char *tok = p + 1, *save = NULL;
  for (tok = strtok_r(tok, " ", &save); tok; tok = strtok_r(NULL, " ", &save)) {
    if (++field == 22) {
      char *end;
      unsigned long long ticks = strtoull(tok, &end, 10);
      long hz = sysconf(_SC_CLK_TCK);
      if (end == tok || hz <= 0) return -1;
      return (double)ticks * 1e9 / (double)hz;
    }
  }
  return -1;
}

static double clock_ns(clockid_t c) {
  struct timespec ts;
  if (clock_gettime(c, &ts) != 0) return -1;
  return (double)ts.tv_sec * 1e9 + (double)ts.tv_nsec;
}

double stp_startup_ms(void) {
  const char *env = getenv("STIPPLE_LAUNCH_NS");
  if (env && env[0]) {
    char *end;
    double launch = strtod(env, &end);
    double now = clock_ns(CLOCK_MONOTONIC);
    if (*end == '\0' && launch > 0 && now >= launch) return (now - launch) / 1e6;
  }
#ifdef CLOCK_BOOTTIME
  double start = proc_start_ns(), now = clock_ns(CLOCK_BOOTTIME);
  if (start >= 0 && now >= start) return (now - start) / 1e6;
#endif
  return -1;
}

bool stp_startup_tracing(void) {
  const char *env = getenv("STIPPLE_STARTUP_TRACE");
  return env && env[0] && strcmp(env, "0") != 0;
}

void stp_startup_mark(const char *phase) {
  if (!stp_startup_tracing()) return;
  fprintf(stderr, "stipple: startup %s %.1f ms (cpu %.1f ms)\n", phase, stp_startup_ms(),
          clock_ns(CLOCK_PROCESS_CPUTIME_ID) / 1e6);
  fflush(stderr);
}
