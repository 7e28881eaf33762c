/* cli_run.h - run the stipple binary as a user would, for the CLI tests.
 * Include once per test program, after defining nothing: it keeps its temp folder in
 * cli_tmpdir (set by cli_setup). */
#ifndef STP_TEST_CLI_RUN_H
#define STP_TEST_CLI_RUN_H

#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>

static char cli_tmpdir[256];

/* Make a fresh temporary folder for the run. Returns 0 on success. */
static int cli_setup(void) {
  const char *t = getenv("TMPDIR");
  snprintf(cli_tmpdir, sizeof cli_tmpdir, "%s/stipple-cli-XXXXXX", t && t[0] ? t : "/tmp");
  return mkdtemp(cli_tmpdir) ? 0 : -1;
}

/* Remove the temporary folder. Returns 0 on success. */
static int cli_teardown(void) {
  char cmd[600];
  snprintf(cmd, sizeof cmd, "rm -rf '%s'", cli_tmpdir);
  return system(cmd) == 0 ? 0 : -1;
}

/* Run a shell command; capture stdout and stderr (each up to size bytes). Returns the exit code. */
static int run(const char *cmd, char *out, size_t size, char *err, size_t esize) {
  char full[2048];
  snprintf(full, sizeof full, "%s >%s/out.txt 2>%s/err.txt", cmd, cli_tmpdir, cli_tmpdir);
  int st = system(full);
  char path[512];
  FILE *f;
  snprintf(path, sizeof path, "%s/out.txt", cli_tmpdir);
  if (out && (f = fopen(path, "r"))) { size_t n = fread(out, 1, size - 1, f); out[n] = 0; fclose(f); }
  snprintf(path, sizeof path, "%s/err.txt", cli_tmpdir);
  if (err && (f = fopen(path, "r"))) { size_t n = fread(err, 1, esize - 1, f); err[n] = 0; fclose(f); }
  return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

#endif
