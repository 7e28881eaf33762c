/* stp_report.c - `stipple report BUNDLE --out FILE.pdf`: the assessor's one-page report of
 * a verified bundle (drawn by stp_report_pdf.c), and opening a verified bundle, which
 * export, report and certify share (stp_app_bundle_open). */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "stp_app.h"
#include "stp_bundle.h"
#include "stp_kit.h"
#include "stp_report.h"
#include "stp_score.h"
#include "stp_script.h"

int stp_app_bundle_open(const char *cmd, const char *path, const char *key_path, stp_app_bundle *ab) {
  memset(ab, 0, sizeof *ab);
  stp_work_init(&ab->work);
  stp_error err;
  stp_error_clear(&err);
  unsigned char pk[STP_KEY_PUBLIC_BYTES];
  stp_status st = stp_app_trusted_key(key_path, pk, &err);
  if (st != STP_OK) {
    stp_app_report(&err);
    return st == STP_ERR_USAGE ? STP_EXIT_USAGE : STP_EXIT_IO;
  }
  ab->b = calloc(1, sizeof *ab->b);
  ab->rep = calloc(1, sizeof *ab->rep);
  ab->scn = malloc(sizeof *ab->scn);
  ab->result = malloc(sizeof *ab->result);
  if (!ab->b || !ab->rep || !ab->scn || !ab->result) return STP_EXIT_IO;
  st = stp_app_verify_bundle(path, pk, ab->rep, ab->b, &err);
  if (st != STP_OK && st != STP_ERR_PARSE) {
    stp_app_report(&err);
    return st == STP_ERR_USAGE ? STP_EXIT_USAGE : STP_EXIT_IO;
  }
  if (st != STP_OK) {
    fprintf(stderr, "stipple %s: %s is NOT VERIFIED (%d check%s failed); refusing to use it:\n", cmd, path,
            ab->rep->failures, ab->rep->failures == 1 ? "" : "s");
    for (int i = 0; i < ab->rep->lines; i++)
      if (strncmp(ab->rep->line[i], "FAILED", 6) == 0) fprintf(stderr, "  %s\n", ab->rep->line[i]);
    return STP_EXIT_VERIFY;
  }
  /* Verified: the scenario from the bundle's bytes, the work as stored, scored again. */
  const stp_bundle *b = ab->b;
  const char *chunk = b->meta.scenario_file[0] ? b->meta.scenario_file : "scenario.lua";
  st = stp_script_open(&ab->script, NULL, &err);
  if (st == STP_OK)
    st = stp_script_load(ab->script, chunk, b->part[STP_PART_SCENARIO], b->part_len[STP_PART_SCENARIO], ab->scn, &err);
  if (st == STP_OK)
    st = stp_work_parse(&ab->work, b->part[STP_PART_WORK], b->part_len[STP_PART_WORK], "work.csv", &err);
  if (st == STP_OK) st = stp_work_check_kit(&ab->work, ab->scn, "work.csv", &err);
  if (st == STP_OK) st = stp_app_score(ab->scn, ab->script, &ab->work, ab->result, NULL, &err);
  if (st != STP_OK) {   /* verify did all of this already: only memory can fail here */
    stp_app_report(&err);
    return STP_EXIT_IO;
  }
  return STP_EXIT_OK;
}

void stp_app_bundle_close(stp_app_bundle *ab) {
  if (ab->b) stp_bundle_free(ab->b);
  free(ab->b);
  stp_script_close(ab->script);
  free(ab->scn);
  free(ab->result);
  free(ab->rep);
  stp_work_free(&ab->work);
  memset(ab, 0, sizeof *ab);
}

int stp_cmd_report(int argc, char **argv) {
  static const char *const opts[] = {"--key", "--out", NULL};
  const char *vals[2] = {NULL, NULL}, *bundle;
  if (stp_app_bundle_options("report", argc, argv, opts, vals, NULL, NULL, &bundle) != 0) return STP_EXIT_USAGE;
  const char *key = vals[0], *out = vals[1];
  if (!bundle || !out) {
    fprintf(stderr, "stipple report: usage: stipple report BUNDLE [--key PUBLIC] --out FILE.pdf\n");
    return STP_EXIT_USAGE;
  }
  stp_app_bundle ab;
  int rc = stp_app_bundle_open("report", bundle, key, &ab);
  if (rc == STP_EXIT_OK) {
    stp_report_input in = {ab.b, ab.scn, &ab.work, ab.result, true};
    stp_error err;
    stp_status st = stp_report_pdf(out, &in, &err);
    if (st != STP_OK) {
      stp_app_report(&err);
      rc = st == STP_ERR_USAGE ? STP_EXIT_USAGE : STP_EXIT_IO;
    } else {
      printf("wrote %s (%s, %s: %.1f, %s; bundle SHA-256 %s)\n", out, ab.b->meta.candidate, ab.scn->title,
             ab.result->score, ab.result->passed ? "passed" : "not passed", ab.rep->file_sha256);
    }
  }
  stp_app_bundle_close(&ab);
  stp_report_release();
  return rc;
}
