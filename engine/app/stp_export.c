/* stp_export.c - `stipple export --xapi BUNDLE`: the xAPI statements of a verified bundle
 * (stp_xapi.c) on standard output or, atomically, to --out FILE. */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "stp_app.h"
#include "stp_file.h"
#include "stp_report.h"

int stp_cmd_export(int argc, char **argv) {
  const char *bundle = NULL, *key = NULL, *out = NULL, *home = NULL;
  bool xapi = false;
  for (int i = 1; i < argc; i++) {
    const char *a = argv[i];
    const char **slot = strcmp(a, "--key") == 0 ? &key : strcmp(a, "--out") == 0 ? &out
                      : strcmp(a, "--home-page") == 0 ? &home : NULL;
    if (slot) {
      if (i + 1 >= argc) { fprintf(stderr, "stipple export: %s needs a value\n", a); return STP_EXIT_USAGE; }
      *slot = argv[++i];
    } else if (strcmp(a, "--xapi") == 0) xapi = true;
    else if (a[0] == '-' && a[1] != '\0') {
      fprintf(stderr, "stipple export: unknown option '%s' (try stipple --help)\n", a);
      return STP_EXIT_USAGE;
    } else if (bundle) {
      fprintf(stderr, "stipple export: one bundle at a time ('%s' and '%s')\n", bundle, a);
      return STP_EXIT_USAGE;
    } else bundle = a;
  }
  if (!xapi || !bundle) {
    fprintf(stderr, "stipple export: usage: stipple export --xapi BUNDLE [--key PUBLIC] [--home-page IRL] "
                    "[--out FILE]\n");
    return STP_EXIT_USAGE;
  }
  if (home && strncmp(home, "https://", 8) != 0 && strncmp(home, "http://", 7) != 0) {
    fprintf(stderr, "stipple export: --home-page must be an http(s) address (an IRL), not '%s'\n", home);
    return STP_EXIT_USAGE;
  }
  stp_app_bundle ab;
  int rc = stp_app_bundle_open("export", bundle, key, &ab);
  if (rc == STP_EXIT_OK) {
    stp_report_input in = {ab.b, ab.scn, &ab.work, ab.result, true};
    char *js = stp_xapi_statements(&in, home);
    if (!js) rc = STP_EXIT_IO;
    else if (!out) {
      if (printf("%s\n", js) < 0 || fflush(stdout) != 0) rc = STP_EXIT_IO;
    } else {
      stp_error err;
      size_t n = strlen(js);
      js[n] = '\n';   /* the file ends with a newline; js is not used as a string again */
      stp_status st = stp_file_write(out, js, n + 1, 0, "the xAPI statements", &err);
      if (st != STP_OK) { stp_app_report(&err); rc = STP_EXIT_IO; }
      else fprintf(stderr, "stipple export: wrote %s (2 statements)\n", out);
    }
    free(js);
  }
  stp_app_bundle_close(&ab);
  return rc;
}
