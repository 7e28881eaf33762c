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
  static const char *const opts[] = {"--key", "--out", "--home-page", NULL};
  static const char *const flags[] = {"--xapi", NULL};
  const char *vals[3] = {NULL, NULL, NULL};
  bool set[1] = {false};
  if (stp_app_bundle_options("export", argc, argv, opts, vals, flags, set, &bundle) != 0) return STP_EXIT_USAGE;
  key = vals[0];
  out = vals[1];
  home = vals[2];
  xapi = set[0];
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
