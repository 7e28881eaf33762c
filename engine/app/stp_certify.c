/* stp_certify.c - `stipple certify --exam EXAM.lua --candidate ID [--key PUBLIC] --out CERT.json BUNDLE...`
 *
 * Judges a candidate's sealed bundles against an exam file (docs/assessment.md, "Exams of
 * several cases"): every bundle is verified first (one that does not verify stops
 * everything: exit 5, no certificate); each counts for the case whose scenario file has
 * the SHA-256 of its scenario.lua, when it is the candidate's and taken as an exam; the
 * benchmarks are the margin times the mean score of the expert reference works scored on
 * the case file; stp_exam_judge applies the rule. One certificate record comes out, JSON,
 * written atomically, and signed with the station's key in a detached CERT.json.sig
 * ("stipple-ed25519 <public key hex> <signature hex>", Ed25519 over the file's bytes).
 * Exit: 0 certified, 6 not certified, 5 a bundle failed verification, 3 a bad exam file
 * (or case file or expert work), 2 usage, 4 a file error or no station key.
 */
#define _POSIX_C_SOURCE 200809L
#include <cjson/cJSON.h>
#include <errno.h>
#include <math.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "stp_app.h"
#include "stp_bundle.h"
#include "stp_exam_file.h"
#include "stp_file.h"
#include "stp_kit.h"
#include "stp_score.h"
#include "stp_script.h"
#include "stp_version.h"

#define MAX_BUNDLES 256

typedef struct case_info {
  char path[1100];
  unsigned char sha[32];
  char sha_hex[65];
  double ref_score[STP_EXAM_MAX_REFS];
  char ref_sha_hex[STP_EXAM_MAX_REFS][65];
  double benchmark;
} case_info;

typedef struct bundle_info {
  const char *path;
  char sha_hex[65];
  char started[32], ended[32], candidate[128], mode[16], scenario_file[256];
  char exam_id[33];           /* the exam it seals: two bundles of one exam count once */
  int number;                 /* its attempt number (the manifest's attempt) */
  char signer_fp[17];         /* the key that signed it (verified: the trusted key) */
  double score;
  bool passed;
  int case_index;             /* -1: not counted */
  char why[300];
  int attempt;                /* index in the attempts array, or -1 */
} bundle_info;

static double round2(double v) { return round(v * 100) / 100; }

/* The case files' hashes and the benchmarks (expert works scored on the case file). */
static int prepare_cases(const stp_exam_file *e, const char *dir, case_info *ci) {
  stp_error err;
  for (int i = 0; i < e->case_count; i++) {
    const stp_exam_case *c = &e->cases[i];
    case_info *k = &ci[i];
    snprintf(k->path, sizeof k->path, "%s/%s", dir, c->scenario);
    /* Read once: the bytes hashed are the bytes loaded and judged. */
    char *text = NULL;
    size_t len = 0;
    stp_status st = stp_file_read(k->path, STP_FILE_MAX_SCENARIO, "the case's scenario file", &text, &len, &err);
    if (st != STP_OK) {
      fprintf(stderr, "stipple certify: %s:%d: cases[%d].scenario: ", e->path, e->line, i + 1);
      stp_app_report(&err);
      return st == STP_ERR_IO ? STP_EXIT_IO : STP_EXIT_INPUT;
    }
    stp_sha256(text, len, k->sha);
    stp_sha256_hex(text, len, k->sha_hex);
    if (!c->has_benchmark) { free(text); continue; }
    stp_scenario *scn = malloc(sizeof *scn);
    stp_script *script = NULL;
    stp_score_result *r = malloc(sizeof *r);
    if (!scn || !r) { free(scn); free(r); free(text); return STP_EXIT_IO; }
    st = stp_script_open(&script, NULL, &err);
    if (st == STP_OK) st = stp_script_load(script, k->path, text, len, scn, &err);
    free(text);
    for (int j = 0; st == STP_OK && j < c->reference_count; j++) {
      char ref[1100];
      snprintf(ref, sizeof ref, "%s/%s", dir, c->reference[j]);
      stp_work w;
      stp_work_init(&w);
      char *wtext = NULL;
      size_t wlen = 0;
      st = stp_file_read(ref, STP_FILE_MAX_WORK, "an expert reference work", &wtext, &wlen, &err);
      if (st == STP_OK) {
        stp_sha256_hex(wtext, wlen, k->ref_sha_hex[j]);
        st = stp_work_parse(&w, wtext, wlen, ref, &err);
      }
      free(wtext);
      if (st == STP_OK) st = stp_work_check_kit(&w, scn, ref, &err);
      if (st == STP_OK) st = stp_app_score(scn, script, &w, r, NULL, &err);
      if (st == STP_OK) k->ref_score[j] = r->score;
      stp_work_free(&w);
    }
    stp_script_close(script);
    free(scn);
    free(r);
    if (st != STP_OK) {
      stp_app_report(&err);
      return st == STP_ERR_IO ? STP_EXIT_IO : STP_EXIT_INPUT;
    }
    k->benchmark = stp_exam_benchmark(c->margin, k->ref_score, c->reference_count);
  }
  return STP_EXIT_OK;
}

static char *certificate_json(const stp_exam_file *e, const char *exam_sha, const char *candidate, const case_info *ci,
                              const bundle_info *bi, int nb, const stp_exam_attempt *att,
                              const stp_exam_verdict *v, const unsigned char *pk, const unsigned char *trusted) {
  cJSON *root = cJSON_CreateObject();
  cJSON_AddStringToObject(root, "format", "stipple-certificate 1");
  cJSON_AddStringToObject(root, "candidate", candidate);
  cJSON *ex = cJSON_AddObjectToObject(root, "exam");
  cJSON_AddStringToObject(ex, "id", e->id);
  cJSON_AddStringToObject(ex, "title", e->title);
  const char *base = strrchr(e->path, '/');
  cJSON_AddStringToObject(ex, "file", base ? base + 1 : e->path);
  cJSON_AddStringToObject(ex, "sha256", exam_sha);
  cJSON_AddStringToObject(ex, "rule", "all");
  cJSON_AddStringToObject(root, "verdict", v->certified ? "certified" : "not certified");
  cJSON_AddBoolToObject(root, "certified", v->certified);
  cJSON_AddStringToObject(root, "why", v->why);
  cJSON *cases = cJSON_AddArrayToObject(root, "cases");
  for (int i = 0; i < e->case_count; i++) {
    const stp_exam_case *c = &e->cases[i];
    const stp_exam_case_verdict *cv = &v->cases[i];
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "scenario", c->scenario);
    cJSON_AddStringToObject(o, "sha256", ci[i].sha_hex);
    cJSON_AddNumberToObject(o, "attempts_allowed", c->attempts);
    cJSON_AddNumberToObject(o, "consecutive", c->consecutive);
    if (c->has_benchmark) {
      cJSON *bm = cJSON_AddObjectToObject(o, "benchmark");
      cJSON_AddNumberToObject(bm, "value", round2(ci[i].benchmark));
      cJSON_AddNumberToObject(bm, "margin", c->margin);
      cJSON *refs = cJSON_AddArrayToObject(bm, "reference");
      for (int j = 0; j < c->reference_count; j++) {
        cJSON *r = cJSON_CreateObject();
        cJSON_AddStringToObject(r, "file", c->reference[j]);
        cJSON_AddStringToObject(r, "sha256", ci[i].ref_sha_hex[j]);
        cJSON_AddNumberToObject(r, "score", round2(ci[i].ref_score[j]));
        cJSON_AddItemToArray(refs, r);
      }
    } else {
      cJSON_AddNullToObject(o, "benchmark");
    }
    cJSON *atts = cJSON_AddArrayToObject(o, "attempts");
    int listed = cv->submitted < STP_EXAM_MAX_LISTED ? cv->submitted : STP_EXAM_MAX_LISTED;
    for (int k = 0; k < listed; k++) {
      int ai = cv->order[k];
      const bundle_info *b = NULL;
      for (int j = 0; j < nb; j++)
        if (bi[j].attempt == ai) b = &bi[j];
      cJSON *a = cJSON_CreateObject();
      cJSON_AddStringToObject(a, "bundle", b ? b->path : "");
      cJSON_AddStringToObject(a, "sha256", b ? b->sha_hex : "");
      cJSON_AddNumberToObject(a, "attempt", att[ai].number);
      cJSON_AddStringToObject(a, "exam_id", b ? b->exam_id : "");
      cJSON_AddStringToObject(a, "signer_key_fingerprint", b ? b->signer_fp : "");
      cJSON_AddStringToObject(a, "started", att[ai].started);
      cJSON_AddNumberToObject(a, "score", round2(att[ai].score));
      cJSON_AddBoolToObject(a, "passed", att[ai].passed);
      cJSON_AddBoolToObject(a, "judged", k >= cv->judged_from);
      cJSON_AddItemToArray(atts, a);
    }
    cJSON_AddNumberToObject(o, "mean", round2(cv->mean));
    cJSON_AddBoolToObject(o, "passed", cv->passed);
    cJSON_AddStringToObject(o, "why", cv->why);
    cJSON_AddItemToArray(cases, o);
  }
  cJSON *nc = cJSON_AddArrayToObject(root, "not_counted");
  for (int j = 0; j < nb; j++) {
    if (bi[j].case_index >= 0) continue;
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "bundle", bi[j].path);
    cJSON_AddStringToObject(o, "sha256", bi[j].sha_hex);
    cJSON_AddStringToObject(o, "why", bi[j].why);
    cJSON_AddItemToArray(nc, o);
  }
  char now[32];
  time_t t = time(NULL);
  struct tm tm;
  gmtime_r(&t, &tm);
  strftime(now, sizeof now, "%Y-%m-%dT%H:%M:%SZ", &tm);
  cJSON_AddStringToObject(root, "issued", now);
  cJSON_AddStringToObject(root, "engine_version", STP_VERSION_STRING);
  char hex[65], fp[17];
  /* The key every bundle was verified against (each attempt names its signer's fingerprint). */
  cJSON *bk = cJSON_AddObjectToObject(root, "bundles_signed_by");
  stp_key_hex(trusted, STP_KEY_PUBLIC_BYTES, hex);
  stp_key_fingerprint(trusted, fp);
  cJSON_AddStringToObject(bk, "key", hex);
  cJSON_AddStringToObject(bk, "fingerprint", fp);
  stp_key_hex(pk, STP_KEY_PUBLIC_BYTES, hex);
  stp_key_fingerprint(pk, fp);
  cJSON_AddStringToObject(root, "station_key", hex);
  cJSON_AddStringToObject(root, "station_key_fingerprint", fp);
  char *out = cJSON_Print(root);
  cJSON_Delete(root);
  return out;
}

static int usage(void) {
  fprintf(stderr, "stipple certify: usage: stipple certify --exam EXAM.lua --candidate ID [--key PUBLIC] "
                  "--out CERT.json BUNDLE...\n");
  return STP_EXIT_USAGE;
}

int stp_cmd_certify(int argc, char **argv) {
  const char *exam_path = NULL, *candidate = NULL, *key = NULL, *out = NULL;
  const char *bundles[MAX_BUNDLES];
  int nb = 0;
  for (int i = 1; i < argc; i++) {
    const char *a = argv[i];
    const char **slot = strcmp(a, "--exam") == 0 ? &exam_path : strcmp(a, "--candidate") == 0 ? &candidate
                      : strcmp(a, "--key") == 0 ? &key : strcmp(a, "--out") == 0 ? &out : NULL;
    if (slot) {
      if (i + 1 >= argc) { fprintf(stderr, "stipple certify: %s needs a value\n", a); return STP_EXIT_USAGE; }
      *slot = argv[++i];
    } else if (a[0] == '-' && a[1] != '\0') {
      fprintf(stderr, "stipple certify: unknown option '%s' (try stipple --help)\n", a);
      return STP_EXIT_USAGE;
    } else if (nb == MAX_BUNDLES) {
      fprintf(stderr, "stipple certify: at most %d bundles\n", MAX_BUNDLES);
      return STP_EXIT_USAGE;
    } else bundles[nb++] = a;
  }
  if (!exam_path || !candidate || !candidate[0] || !out || nb == 0) return usage();
  if (strlen(out) > 1000) { fprintf(stderr, "stipple certify: --out: the path is too long\n"); return STP_EXIT_USAGE; }

  stp_error err;
  stp_error_clear(&err);
  stp_exam_file *e = malloc(sizeof *e);
  case_info *ci = calloc(STP_EXAM_MAX_CASES, sizeof *ci);
  bundle_info *bi = calloc((size_t)nb, sizeof *bi);
  stp_exam_attempt *att = calloc((size_t)nb, sizeof *att);
  stp_exam_verdict *v = malloc(sizeof *v);
  unsigned char (*case_sha)[32] = malloc(STP_EXAM_MAX_CASES * 32);
  stp_app_bundle ab;
  memset(&ab, 0, sizeof ab);
  stp_work_init(&ab.work);
  stp_station_key sk;
  memset(&sk, 0, sizeof sk);
  char *json = NULL, *exam_text = NULL;
  char tmp_cert[1100] = "", tmp_sig[1200] = "", sigpath[1100] = "";
  int rc = STP_EXIT_OK;
  if (!e || !ci || !bi || !att || !v || !case_sha) { rc = STP_EXIT_IO; goto done; }

  /* The exam file, read once: those bytes are hashed for the certificate and run in the sandbox. */
  size_t exam_len = 0;
  char exam_sha[65];
  stp_status st = stp_file_read(exam_path, STP_FILE_MAX_SCENARIO, "the exam file", &exam_text, &exam_len, &err);
  if (st == STP_OK) st = stp_script_load_exam_buffer(exam_path, exam_text, exam_len, NULL, e, &err);
  if (st != STP_OK) { stp_app_report(&err); rc = st == STP_ERR_IO ? STP_EXIT_IO : STP_EXIT_INPUT; goto done; }
  stp_sha256_hex(exam_text, exam_len, exam_sha);
  char dir[1024];
  stp_file_dir_of(exam_path, dir, sizeof dir);
  if ((rc = prepare_cases(e, dir, ci)) != STP_EXIT_OK) goto done;

  /* The station's key signs the certificate: load it before any work. */
  char kdir[1024];
  if (stp_key_dir(kdir, sizeof kdir) != 0) {
    fprintf(stderr, "stipple certify: no key folder: set STIPPLE_KEY_DIR, XDG_CONFIG_HOME or HOME\n");
    rc = STP_EXIT_IO;
    goto done;
  }
  if ((st = stp_key_load(kdir, &sk, &err)) != STP_OK) {
    stp_app_report(&err);
    fprintf(stderr, "stipple certify: the certificate is signed with this station's key (run stipple keys)\n");
    rc = STP_EXIT_IO;
    goto done;
  }
  /* The key the bundles must be signed by (verify checks each against it). */
  unsigned char trusted[STP_KEY_PUBLIC_BYTES];
  if ((st = stp_app_trusted_key(key, trusted, &err)) != STP_OK) {
    stp_app_report(&err);
    rc = st == STP_ERR_USAGE ? STP_EXIT_USAGE : STP_EXIT_IO;
    goto done;
  }

  /* Every bundle verified; any that is not stops the certification. */
  for (int i = 0; i < e->case_count; i++) memcpy(case_sha[i], ci[i].sha, 32);
  int failed_verify = 0;
  for (int j = 0; j < nb; j++) {
    bundle_info *b = &bi[j];
    b->path = bundles[j];
    b->case_index = -1;
    b->attempt = -1;
    int orc = stp_app_bundle_open("certify", bundles[j], key, &ab);
    if (orc != STP_EXIT_OK) {
      stp_app_bundle_close(&ab);
      if (orc != STP_EXIT_VERIFY) { rc = orc; goto done; }
      failed_verify++;
      continue;
    }
    const stp_bundle_meta *m = &ab.b->meta;
    snprintf(b->sha_hex, sizeof b->sha_hex, "%s", ab.rep->file_sha256);
    snprintf(b->started, sizeof b->started, "%s", m->started);
    snprintf(b->ended, sizeof b->ended, "%s", m->ended);
    snprintf(b->candidate, sizeof b->candidate, "%s", m->candidate);
    snprintf(b->exam_id, sizeof b->exam_id, "%s", m->exam_id);
    snprintf(b->signer_fp, sizeof b->signer_fp, "%s", ab.rep->signer_fingerprint);
    b->number = m->attempt;
    b->score = ab.result->score;
    b->passed = ab.result->passed;
    b->case_index = stp_exam_match(m->candidate, m->mode, ab.b->part_sha256[STP_PART_SCENARIO], candidate,
                                   (const unsigned char (*)[32])case_sha, e->case_count, b->why, sizeof b->why);
    for (int k = 0; k < j && b->case_index >= 0; k++)
      if (strcmp(bi[k].sha_hex, b->sha_hex) == 0) {
        snprintf(b->why, sizeof b->why, "the same bundle as %s (counted once)", bi[k].path);
        b->case_index = -1;
      }
    stp_app_bundle_close(&ab);
  }
  if (failed_verify) {
    fprintf(stderr, "stipple certify: %d bundle%s did not verify; no certificate written\n", failed_verify,
            failed_verify == 1 ? "" : "s");
    rc = STP_EXIT_VERIFY;
    goto done;
  }
  /* One exam sealed twice (the same exam_id) is one attempt: the first sealed counts (the
   * earlier `ended`; a tie, the first given), the other is listed as not counted. */
  for (int j = 0; j < nb; j++)
    for (int k = 0; k < nb && bi[j].case_index >= 0; k++) {
      if (k == j || bi[k].case_index < 0 || strcmp(bi[k].exam_id, bi[j].exam_id) != 0) continue;
      int c = strcmp(bi[k].ended, bi[j].ended);
      if (c < 0 || (c == 0 && k < j)) {
        snprintf(bi[j].why, sizeof bi[j].why, "the same exam as %s (exam %.8s… sealed twice; counted once)", bi[k].path,
                 bi[j].exam_id);
        bi[j].case_index = -1;
      }
    }
  int natt = 0;
  for (int j = 0; j < nb; j++) {
    bundle_info *b = &bi[j];
    if (b->case_index >= 0) {
      att[natt].case_index = b->case_index;
      att[natt].number = b->number;
      snprintf(att[natt].started, sizeof att[natt].started, "%s", b->started);
      att[natt].score = b->score;
      att[natt].passed = b->passed;
      b->attempt = natt++;
    }
    printf("%s: %s, attempt %d, %.1f %s; %s\n", b->path, b->sha_hex, b->number, b->score,
           b->passed ? "passed" : "not passed", b->why);
  }

  double bench[STP_EXAM_MAX_CASES];
  for (int i = 0; i < e->case_count; i++) bench[i] = ci[i].benchmark;
  stp_exam_judge(e, att, natt, bench, v);
  json = certificate_json(e, exam_sha, candidate, ci, bi, nb, att, v, sk.pk, trusted);
  if (!json) { rc = STP_EXIT_IO; goto done; }
  size_t jlen = strlen(json);
  json[jlen] = '\n';   /* the file ends with a newline; the signature covers it */
  unsigned char sig[crypto_sign_BYTES];
  crypto_sign_detached(sig, NULL, (const unsigned char *)json, jlen + 1, sk.sk);
  sodium_memzero(sk.sk, sizeof sk.sk);
  char pkhex[2 * STP_KEY_PUBLIC_BYTES + 1], sighex[2 * crypto_sign_BYTES + 1], sigline[300];
  stp_key_hex(sk.pk, STP_KEY_PUBLIC_BYTES, pkhex);
  stp_key_hex(sig, crypto_sign_BYTES, sighex);
  int sl = snprintf(sigline, sizeof sigline, "stipple-ed25519 %s %s\n", pkhex, sighex);
  snprintf(sigpath, sizeof sigpath, "%s.sig", out);
  /* A certificate never stands beside another's signature: both are written under new names,
   * the old signature goes, then the certificate and its signature take their places. */
  snprintf(tmp_cert, sizeof tmp_cert, "%s.new", out);
  snprintf(tmp_sig, sizeof tmp_sig, "%s.new", sigpath);
  bool ok = stp_file_write(tmp_cert, json, jlen + 1, 0, "the certificate", &err) == STP_OK &&
            stp_file_write(tmp_sig, sigline, (size_t)sl, 0, "the certificate's signature", &err) == STP_OK;
  if (ok && ((remove(sigpath) != 0 && errno != ENOENT) || rename(tmp_cert, out) != 0)) {
    stp_error_set(&err, STP_ERR_IO, out, 0, "cannot put the certificate in place: %s", strerror(errno));
    ok = false;
  } else if (ok && rename(tmp_sig, sigpath) != 0) {
    stp_error_set(&err, STP_ERR_IO, sigpath, 0, "cannot put the certificate's signature in place: %s",
                  strerror(errno));
    remove(out);   /* no certificate without its signature */
    ok = false;
  }
  if (!ok) {
    stp_app_report(&err);
    rc = STP_EXIT_IO;
    goto done;
  }
  tmp_cert[0] = tmp_sig[0] = '\0';
  for (int i = 0; i < e->case_count; i++)
    printf("case %d %s: %s - %s\n", i + 1, e->cases[i].scenario, v->cases[i].passed ? "passed" : "NOT PASSED",
           v->cases[i].why);
  printf("%s: %s (%s); wrote %s and %s\n", candidate, v->certified ? "CERTIFIED" : "NOT CERTIFIED", v->why, out,
         sigpath);
  rc = v->certified ? STP_EXIT_OK : STP_EXIT_NOT_CERTIFIED;
done:
  if (tmp_cert[0]) remove(tmp_cert);
  if (tmp_sig[0]) remove(tmp_sig);
  sodium_memzero(&sk, sizeof sk);
  stp_app_bundle_close(&ab);
  free(case_sha);
  free(exam_text);
  free(json);
  free(e);
  free(ci);
  free(bi);
  free(att);
  free(v);
  return rc;
}
