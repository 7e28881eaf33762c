/* test_report.c - the xAPI statements and the assessor's PDF of a bundle, built from a
 * hand-made stp_bundle (the practice field: an expert work that passes, 40 dots that fail).
 * The statements go through a validator of xAPI 1.0.3's required fields and formats. */
#define _POSIX_C_SOURCE 200809L
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include "stp_test.h"

#include <SDL2/SDL.h>
#include <SDL2/SDL_image.h>
#include <cjson/cJSON.h>
#include <ctype.h>
#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "stp_gen.h"
#include "stp_report.h"
#include "stp_script.h"

/* ---- an xAPI 1.0.3 validator: the required properties and their formats ---------------- */

static char verr[300];
#define BAD(...) (snprintf(verr, sizeof verr, __VA_ARGS__), 0)

static int matches(const char *s, const char *pattern) {
  regex_t re;
  if (regcomp(&re, pattern, REG_EXTENDED | REG_NOSUB) != 0) return 0;
  int ok = regexec(&re, s, 0, NULL, 0) == 0;
  regfree(&re);
  return ok;
}

/* An absolute IRI: a scheme, ':', and no spaces. */
static int is_iri(const cJSON *j) {
  return cJSON_IsString(j) && matches(j->valuestring, "^[A-Za-z][A-Za-z0-9+.-]*:[^[:space:]]+$");
}
static int is_lang_map(const cJSON *j) {
  if (!cJSON_IsObject(j) || !j->child) return 0;
  for (const cJSON *c = j->child; c; c = c->next)
    if (!cJSON_IsString(c) || !matches(c->string, "^[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*$")) return 0;
  return 1;
}
static int extensions_ok(const cJSON *ext) {
  if (!ext) return 1;
  if (!cJSON_IsObject(ext)) return 0;
  for (const cJSON *c = ext->child; c; c = c->next)
    if (!matches(c->string, "^[A-Za-z][A-Za-z0-9+.-]*:[^[:space:]]+$")) return 0;
  return 1;
}

static int agent_ok(const cJSON *a) {
  if (!cJSON_IsObject(a)) return BAD("actor is not an object");
  const cJSON *ot = cJSON_GetObjectItemCaseSensitive(a, "objectType");
  if (ot && !(cJSON_IsString(ot) && strcmp(ot->valuestring, "Agent") == 0)) return BAD("actor.objectType");
  static const char *const ifis[] = {"mbox", "mbox_sha1sum", "openid", "account"};
  int n = 0;
  for (int i = 0; i < 4; i++) n += cJSON_GetObjectItemCaseSensitive(a, ifis[i]) != NULL;
  if (n != 1) return BAD("actor has %d inverse functional identifiers (exactly one)", n);
  const cJSON *acc = cJSON_GetObjectItemCaseSensitive(a, "account");
  if (acc) {
    const cJSON *hp = cJSON_GetObjectItemCaseSensitive(acc, "homePage");
    const cJSON *nm = cJSON_GetObjectItemCaseSensitive(acc, "name");
    if (!is_iri(hp) || !matches(hp->valuestring, "^https?://")) return BAD("account.homePage is not an IRL");
    if (!cJSON_IsString(nm) || !nm->valuestring[0]) return BAD("account.name");
  }
  const cJSON *mb = cJSON_GetObjectItemCaseSensitive(a, "mbox");
  if (mb && !(cJSON_IsString(mb) && matches(mb->valuestring, "^mailto:[^@]+@[^@]+$"))) return BAD("mbox");
  return 1;
}

static int statement_ok(const cJSON *st) {
  if (!cJSON_IsObject(st)) return BAD("a statement is not an object");
  const cJSON *id = cJSON_GetObjectItemCaseSensitive(st, "id");
  if (!cJSON_IsString(id) ||
      !matches(id->valuestring, "^[0-9a-f]{8}-[0-9a-f]{4}-[1-5][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$"))
    return BAD("id is not a UUID (RFC 4122 variant)");
  if (!agent_ok(cJSON_GetObjectItemCaseSensitive(st, "actor"))) return 0;
  const cJSON *verb = cJSON_GetObjectItemCaseSensitive(st, "verb");
  if (!cJSON_IsObject(verb) || !is_iri(cJSON_GetObjectItemCaseSensitive(verb, "id"))) return BAD("verb.id is not an IRI");
  const cJSON *disp = cJSON_GetObjectItemCaseSensitive(verb, "display");
  if (disp && !is_lang_map(disp)) return BAD("verb.display is not a language map");
  const cJSON *obj = cJSON_GetObjectItemCaseSensitive(st, "object");
  if (!cJSON_IsObject(obj)) return BAD("object missing");
  const cJSON *ot = cJSON_GetObjectItemCaseSensitive(obj, "objectType");
  if (ot && !(cJSON_IsString(ot) && strcmp(ot->valuestring, "Activity") == 0)) return BAD("object.objectType");
  if (!is_iri(cJSON_GetObjectItemCaseSensitive(obj, "id"))) return BAD("object.id is not an IRI");
  const cJSON *def = cJSON_GetObjectItemCaseSensitive(obj, "definition");
  if (def) {
    const cJSON *nm = cJSON_GetObjectItemCaseSensitive(def, "name");
    const cJSON *ds = cJSON_GetObjectItemCaseSensitive(def, "description");
    const cJSON *ty = cJSON_GetObjectItemCaseSensitive(def, "type");
    if ((nm && !is_lang_map(nm)) || (ds && !is_lang_map(ds)) || (ty && !is_iri(ty))) return BAD("object.definition");
  }
  const cJSON *res = cJSON_GetObjectItemCaseSensitive(st, "result");
  if (res) {
    const cJSON *sc = cJSON_GetObjectItemCaseSensitive(res, "score");
    if (sc) {
      const cJSON *scaled = cJSON_GetObjectItemCaseSensitive(sc, "scaled");
      const cJSON *raw = cJSON_GetObjectItemCaseSensitive(sc, "raw");
      const cJSON *mn = cJSON_GetObjectItemCaseSensitive(sc, "min");
      const cJSON *mx = cJSON_GetObjectItemCaseSensitive(sc, "max");
      if (scaled && !(cJSON_IsNumber(scaled) && scaled->valuedouble >= -1 && scaled->valuedouble <= 1))
        return BAD("result.score.scaled outside -1..1");
      if (mn && mx && !(mn->valuedouble < mx->valuedouble)) return BAD("score.min >= score.max");
      if (raw && ((mn && raw->valuedouble < mn->valuedouble) || (mx && raw->valuedouble > mx->valuedouble)))
        return BAD("score.raw outside min..max");
    }
    const cJSON *su = cJSON_GetObjectItemCaseSensitive(res, "success");
    const cJSON *co = cJSON_GetObjectItemCaseSensitive(res, "completion");
    if ((su && !cJSON_IsBool(su)) || (co && !cJSON_IsBool(co))) return BAD("success/completion not booleans");
    const cJSON *du = cJSON_GetObjectItemCaseSensitive(res, "duration");
    if (du && !(cJSON_IsString(du) &&
                matches(du->valuestring, "^P(([0-9]+D)?(T([0-9]+H)?([0-9]+M)?([0-9]+(\\.[0-9]{1,2})?S)?)?)$") &&
                !matches(du->valuestring, "(^P$|T$)")))
      return BAD("result.duration is not an ISO 8601 duration");
    if (!extensions_ok(cJSON_GetObjectItemCaseSensitive(res, "extensions"))) return BAD("result.extensions keys");
  }
  const cJSON *ctx = cJSON_GetObjectItemCaseSensitive(st, "context");
  if (ctx && !extensions_ok(cJSON_GetObjectItemCaseSensitive(ctx, "extensions"))) return BAD("context.extensions keys");
  const cJSON *ts = cJSON_GetObjectItemCaseSensitive(st, "timestamp");
  if (ts && !(cJSON_IsString(ts) &&
              matches(ts->valuestring, "^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\\.[0-9]+)?(Z|[+-][0-9]{2}:[0-9]{2})$")))
    return BAD("timestamp is not ISO 8601");
  const cJSON *ver = cJSON_GetObjectItemCaseSensitive(st, "version");
  if (ver && !(cJSON_IsString(ver) && matches(ver->valuestring, "^1\\.0(\\.[0-9]+)?$"))) return BAD("version");
  return 1;
}

static int statements_ok(const cJSON *arr) {
  if (!cJSON_IsArray(arr) || cJSON_GetArraySize(arr) == 0) return BAD("not a non-empty array");
  for (const cJSON *s = arr->child; s; s = s->next)
    if (!statement_ok(s)) return 0;
  return 1;
}

/* ---- fixtures ---------------------------------------------------------------------------- */

typedef struct fixture {
  stp_scenario scn;
  stp_work expert, poor;
  stp_score_result r_expert, r_poor;
  stp_bundle b;
  char tmp[256];
} fixture;

static int setup(void **state) {
  fixture *f = calloc(1, sizeof *f);
  stp_error err;
  if (!f || stp_script_load_scenario(STP_SCENARIO_DIR "/01_practice_field.lua", NULL, &f->scn, &err) != STP_OK) return -1;
  if (stp_gen_expert(&f->scn, 7, &f->expert, &err) != STP_OK) return -1;
  stp_work_init(&f->poor);
  if (stp_work_load(&f->poor, STP_TEST_DATA "/hand/practice_40.csv", &err) != STP_OK) return -1;
  if (stp_score_work(&f->scn, &f->expert, &f->r_expert, NULL, &err) != STP_OK) return -1;
  if (stp_score_work(&f->scn, &f->poor, &f->r_poor, NULL, &err) != STP_OK) return -1;
  stp_bundle_meta *m = &f->b.meta;
  snprintf(m->candidate, sizeof m->candidate, "cand-0042");
  snprintf(m->scenario_id, sizeof m->scenario_id, "%s", f->scn.id);
  snprintf(m->scenario_file, sizeof m->scenario_file, "01_practice_field.lua");
  snprintf(m->mode, sizeof m->mode, "exam");
  snprintf(m->started, sizeof m->started, "2026-11-27T10:00:00Z");
  snprintf(m->ended, sizeof m->ended, "2026-11-27T10:12:03Z");
  m->duration_ms = 723500;
  snprintf(m->engine_version, sizeof m->engine_version, "0.1.0");
  for (int i = 0; i < 32; i++) {
    f->b.file_sha256[i] = (unsigned char)(0xA0 + i);
    f->b.signer[i] = (unsigned char)(3 * i);
    f->b.part_sha256[STP_PART_SCENARIO][i] = (unsigned char)i;
  }
  const char *t = getenv("TMPDIR");
  snprintf(f->tmp, sizeof f->tmp, "%s/stipple-report-XXXXXX", t && t[0] ? t : "/tmp");
  if (!mkdtemp(f->tmp)) return -1;
  *state = f;
  return 0;
}

static int teardown(void **state) {
  fixture *f = *state;
  char cmd[400];
  snprintf(cmd, sizeof cmd, "rm -rf '%s'", f->tmp);
  int rc = system(cmd);
  stp_work_free(&f->expert);
  stp_work_free(&f->poor);
  free(f);
  stp_report_release();
  return rc == 0 ? 0 : -1;
}

static stp_report_input input(fixture *f, bool expert) {
  stp_report_input in = {&f->b, &f->scn, expert ? &f->expert : &f->poor, expert ? &f->r_expert : &f->r_poor, true};
  return in;
}

/* ---- xAPI --------------------------------------------------------------------------------- */

static cJSON *export(fixture *f, bool expert, const char *home) {
  stp_report_input in = input(f, expert);
  char *js = stp_xapi_statements(&in, home);
  assert_non_null(js);
  cJSON *arr = cJSON_Parse(js);
  free(js);
  assert_non_null(arr);
  if (!statements_ok(arr)) fail_msg("xAPI validator: %s", verr);
  return arr;
}

static const cJSON *at(const cJSON *j, const char *path) {   /* "a.b.c" */
  char buf[200];
  snprintf(buf, sizeof buf, "%s", path);
  for (char *p = strtok(buf, "."); p && j; p = strtok(NULL, ".")) j = cJSON_GetObjectItemCaseSensitive(j, p);
  return j;
}

static void xapi_passed(void **state) {
  fixture *f = *state;
  assert_true(f->r_expert.passed);
  cJSON *arr = export(f, true, NULL);
  assert_int_equal(cJSON_GetArraySize(arr), 2);
  const cJSON *s0 = cJSON_GetArrayItem(arr, 0), *s1 = cJSON_GetArrayItem(arr, 1);
  assert_string_equal(at(s0, "verb.id")->valuestring, "http://adlnet.gov/expapi/verbs/completed");
  assert_string_equal(at(s1, "verb.id")->valuestring, "http://adlnet.gov/expapi/verbs/passed");
  assert_string_equal(at(s1, "actor.account.name")->valuestring, "cand-0042");
  assert_string_equal(at(s1, "actor.account.homePage")->valuestring, STP_XAPI_HOME_PAGE);
  assert_true(cJSON_IsTrue(at(s1, "result.success")));
  assert_true(cJSON_IsTrue(at(s1, "result.completion")));
  assert_float_equal(at(s1, "result.score.scaled")->valuedouble, round(f->r_expert.score * 100) / 10000, 1e-9);
  assert_string_equal(at(s1, "result.duration")->valuestring, "PT12M3.5S");
  assert_string_equal(at(s1, "timestamp")->valuestring, "2026-11-27T10:12:03Z");
  const cJSON *ext = at(s1, "result.extensions");
  const cJSON *sha = cJSON_GetObjectItemCaseSensitive(ext, STP_XAPI_BASE "/extensions/bundle-sha256");
  assert_non_null(sha);
  assert_string_equal(sha->valuestring, "a0a1a2a3a4a5a6a7a8a9aaabacadaeafb0b1b2b3b4b5b6b7b8b9babbbcbdbebf");
  const cJSON *crit = cJSON_GetObjectItemCaseSensitive(ext, STP_XAPI_BASE "/extensions/criteria");
  assert_true(cJSON_IsArray(crit) && cJSON_GetArraySize(crit) > 0);
  assert_non_null(cJSON_GetObjectItemCaseSensitive(cJSON_GetArrayItem(crit, 0), "score"));
  /* Distinct ids per statement, the same ids on a second export (an LRS keeps one copy). */
  assert_string_not_equal(at(s0, "id")->valuestring, at(s1, "id")->valuestring);
  cJSON *again = export(f, true, "https://lms.example.org/people");
  assert_string_equal(at(cJSON_GetArrayItem(again, 1), "id")->valuestring, at(s1, "id")->valuestring);
  assert_string_equal(at(cJSON_GetArrayItem(again, 1), "actor.account.homePage")->valuestring,
                      "https://lms.example.org/people");
  cJSON_Delete(again);
  cJSON_Delete(arr);
}

static void xapi_failed(void **state) {
  fixture *f = *state;
  assert_false(f->r_poor.passed);
  f->b.meta.duration_ms = 3723000;   /* 1 h 2 min 3 s */
  cJSON *arr = export(f, false, NULL);
  f->b.meta.duration_ms = 723500;
  const cJSON *s1 = cJSON_GetArrayItem(arr, 1);
  assert_string_equal(at(s1, "verb.id")->valuestring, "http://adlnet.gov/expapi/verbs/failed");
  assert_true(cJSON_IsFalse(at(s1, "result.success")));
  assert_string_equal(at(s1, "result.duration")->valuestring, "PT1H2M3S");
  assert_float_equal(at(s1, "result.score.raw")->valuedouble, round(f->r_poor.score * 100) / 100, 1e-9);
  cJSON_Delete(arr);
  /* Not verified: nothing. */
  stp_report_input in = input(f, false);
  in.verified = false;
  assert_null(stp_xapi_statements(&in, NULL));
}

/* The validator itself rejects what the specification forbids. */
static void xapi_validator_rejects(void **state) {
  fixture *f = *state;
  static const struct { const char *path, *value; double num; } breaks[] = {
    {"id", "1234", 0},
    {"actor.account.homePage", "stipple/candidates", 0},
    {"verb.id", "passed", 0},
    {"object.id", "cases/practice-field", 0},
    {"result.duration", "12 minutes", 0},
    {"result.duration", "PT", 0},
    {"result.score.scaled", NULL, 1.5},
    {"timestamp", "27/11/2026", 0},
  };
  for (size_t i = 0; i < sizeof breaks / sizeof breaks[0]; i++) {
    cJSON *arr = export(f, true, NULL);
    cJSON *s = cJSON_GetArrayItem(arr, 1);
    char buf[100];
    snprintf(buf, sizeof buf, "%s", breaks[i].path);
    char *last = strrchr(buf, '.');
    cJSON *parent = s;
    if (last) { *last = '\0'; parent = (cJSON *)at(s, buf); last++; } else last = buf;
    assert_non_null(parent);
    cJSON_ReplaceItemInObjectCaseSensitive(parent, last, breaks[i].value ? cJSON_CreateString(breaks[i].value)
                                                                         : cJSON_CreateNumber(breaks[i].num));
    if (statements_ok(arr)) fail_msg("the validator accepted %s = %s", breaks[i].path, breaks[i].value ? breaks[i].value : "1.5");
    cJSON_Delete(arr);
  }
  cJSON *arr = export(f, true, NULL);   /* two identifiers */
  cJSON_AddStringToObject((cJSON *)at(cJSON_GetArrayItem(arr, 0), "actor"), "mbox", "mailto:a@b.c");
  assert_false(statements_ok(arr));
  cJSON_Delete(arr);
}

/* ---- the PDF ------------------------------------------------------------------------------- */

static int run_capture(const char *cmd, char *out, size_t n) {
  FILE *p = popen(cmd, "r");
  if (!p) return -1;
  size_t got = fread(out, 1, n - 1, p);
  out[got] = '\0';
  return pclose(p);
}

static void check_pdf(fixture *f, bool expert) {
  char pdf[400], cmd[1200], text[32768];
  snprintf(pdf, sizeof pdf, "%s/%s.pdf", f->tmp, expert ? "expert" : "poor");
  stp_report_input in = input(f, expert);
  stp_error err;
  stp_status st = stp_report_pdf(pdf, &in, &err);
  if (st != STP_OK) fail_msg("report: %s", err.msg);
  const char *keep = getenv("STP_KEEP_REPORTS");   /* a folder to keep the PDFs in, to look at them */
  if (keep && keep[0]) {
    snprintf(cmd, sizeof cmd, "cp '%s' '%s/'", pdf, keep);
    assert_int_equal(system(cmd), 0);
  }
  snprintf(cmd, sizeof cmd, "pdfinfo '%s'", pdf);
  assert_int_equal(run_capture(cmd, text, sizeof text), 0);
  assert_true(matches(text, "Pages:[[:space:]]+1\n"));
  assert_true(matches(text, "Page size:[[:space:]]+595.28 x 841.89 pts"));
  snprintf(cmd, sizeof cmd, "pdftotext -layout '%s' -", pdf);
  assert_int_equal(run_capture(cmd, text, sizeof text), 0);
  const stp_score_result *r = expert ? &f->r_expert : &f->r_poor;
  char score[32];
  snprintf(score, sizeof score, "%.1f", r->score);
  if (!strstr(text, "cand-0042") || !strstr(text, score) || !strstr(text, f->scn.title) ||
      !strstr(text, expert ? "PASSED" : "NOT PASSED") || !strstr(text, "VERIFIED") ||
      !strstr(text, "a0a1a2a3a4a5a6a7a8a9aaabacadaeafb0b1b2b3b4b5b6b7b8b9babbbcbdbebf"))
    fail_msg("the report's text lacks the candidate, score %s, title, verdict, VERIFIED or fingerprint:\n%s", score, text);
  if (expert && strstr(text, "NOT PASSED")) fail_msg("a passed work reads NOT PASSED");
  /* Each criterion's row of the table: its name, weight and score on one line (the name
   * alone is also in the maps' captions). */
  for (int i = 0; i < STP_CRIT_COUNT; i++) {
    if (!r->criteria[i].enabled) continue;
    char re[200];
    snprintf(re, sizeof re, "(^|\n) *%s +%.0f ?%% +%.1f ", stp_criterion_name((stp_criterion_id)i),
             r->criteria[i].weight * 100, r->criteria[i].score);
    if (!matches(text, re)) fail_msg("criterion %s has no row in the report's table (%s):\n%s",
                                     stp_criterion_name((stp_criterion_id)i), re, text);
  }
  /* Rendered at 50 dpi: A4 is 414 x 585 px; the healed view and the maps are not blank. */
  snprintf(cmd, sizeof cmd, "pdftoppm -png -r 50 -singlefile '%s' '%s/page' 2>&1", pdf, f->tmp);
  assert_int_equal(run_capture(cmd, text, sizeof text), 0);
  char png[400];
  snprintf(png, sizeof png, "%s/page.png", f->tmp);
  SDL_Surface *raw = IMG_Load(png);
  assert_non_null(raw);
  SDL_Surface *s = SDL_ConvertSurfaceFormat(raw, SDL_PIXELFORMAT_ARGB8888, 0);
  SDL_FreeSurface(raw);
  assert_int_equal(s->w, 414);
  assert_int_equal(s->h, 585);
  /* Regions in points (x, y, w, h): the healed render, the first map, the footer, a margin. */
  static const double regions[][4] = {{45, 140, 240, 240}, {310, 140, 70, 70}, {40, 770, 300, 30}, {5, 300, 25, 200}};
  for (int k = 0; k < 4; k++) {
    long dark = 0, n = 0, lo = 255, hi = 0;
    for (int y = (int)(regions[k][1] * 50 / 72); y < (int)((regions[k][1] + regions[k][3]) * 50 / 72); y++)
      for (int x = (int)(regions[k][0] * 50 / 72); x < (int)((regions[k][0] + regions[k][2]) * 50 / 72); x++) {
        Uint32 p = ((Uint32 *)s->pixels)[(size_t)y * (size_t)(s->pitch / 4) + (size_t)x];
        long lum = (long)(((p >> 16) & 255) + ((p >> 8) & 255) + (p & 255)) / 3;
        dark += lum < 240;
        n++;
        if (lum < lo) lo = lum;
        if (lum > hi) hi = lum;
      }
    if (k < 3 && (dark * 10 < n || hi - lo < 30))
      fail_msg("region %d of the page looks blank (%ld of %ld dark, range %ld..%ld)", k, dark, n, lo, hi);
    if (k == 3 && dark != 0) fail_msg("the left margin is not blank (%ld dark pixels)", dark);
  }
  SDL_FreeSurface(s);
}

static void pdf_report(void **state) {
  fixture *f = *state;
  check_pdf(f, true);
  check_pdf(f, false);
}

/* A case over time (scenarios/11): the report lists each session against its plan and the
 * healed whole, with the figures the result holds. */
static void pdf_report_sessions(void **state) {
  fixture *f = *state;
  stp_scenario *scn = malloc(sizeof *scn);
  stp_score_result *r = malloc(sizeof *r);
  assert_non_null(scn);
  assert_non_null(r);
  stp_error err;
  assert_int_equal(stp_script_load_scenario(STP_SCENARIO_DIR "/11_hairline_sessions.lua", NULL, scn, &err), STP_OK);
  stp_work w;
  stp_gen_time_opts o = stp_gen_time_expert_opts();
  o.rush = 1;   /* everything in session 1: session 1 fails, the others pass */
  assert_int_equal(stp_gen_sessions(scn, 1, &o, &w, &err), STP_OK);
  assert_int_equal(stp_score_work(scn, &w, r, NULL, &err), STP_OK);
  assert_true(r->timed && r->session_count == 3);
  stp_report_input in = {&f->b, scn, &w, r, true};
  char pdf[400], cmd[1200], text[32768];
  snprintf(pdf, sizeof pdf, "%s/sessions.pdf", f->tmp);
  assert_int_equal(stp_report_pdf(pdf, &in, &err), STP_OK);
  const char *keep = getenv("STP_KEEP_REPORTS");   /* a folder to keep the PDF in, to look at it */
  if (keep && keep[0]) {
    snprintf(cmd, sizeof cmd, "cp '%s' '%s/'", pdf, keep);
    assert_int_equal(system(cmd), 0);
  }
  snprintf(cmd, sizeof cmd, "pdftotext -layout '%s' -", pdf);
  assert_int_equal(run_capture(cmd, text, sizeof text), 0);
  for (int k = 0; k < 3; k++) {
    const stp_session_result *sr = &r->sessions[k];
    char re[200];
    snprintf(re, sizeof re, "Session %d: %.1f %s, %zu impressions \\(%zu lost in healing\\)", k + 1, sr->score,
             sr->passed ? "passed" : "NOT PASSED", sr->placed, sr->lost);
    if (!matches(text, re)) fail_msg("no line for session %d (%s):\n%s", k + 1, re, text);
  }
  assert_false(r->sessions[0].passed);
  /* Session 2 got nothing (the rush left it its plan already met) but session 3 has work. */
  assert_int_equal(r->sessions[1].placed, 0);
  if (!strstr(text, "Session 2 placed no impressions: it was skipped.")) fail_msg("session 2 not called skipped:\n%s", text);
  char whole[120];
  snprintf(whole, sizeof whole, "Healed whole: %.1f. %zu impressions lost in healing.", r->final_score, r->lost);
  if (!strstr(text, whole)) fail_msg("no line for the healed whole (%s):\n%s", whole, text);
  stp_work_free(&w);
  free(scn);
  free(r);
}

static void pdf_refuses_unverified(void **state) {
  fixture *f = *state;
  char pdf[400];
  snprintf(pdf, sizeof pdf, "%s/unverified.pdf", f->tmp);
  stp_report_input in = input(f, true);
  in.verified = false;
  stp_error err;
  assert_int_equal(stp_report_pdf(pdf, &in, &err), STP_ERR_USAGE);
  struct stat sb;
  assert_int_not_equal(stat(pdf, &sb), 0);
  /* An unwritable place: STP_ERR_IO, nothing left behind. */
  in.verified = true;
  assert_int_equal(stp_report_pdf("/nonexistent-dir/r.pdf", &in, &err), STP_ERR_IO);
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(xapi_passed),       cmocka_unit_test(xapi_failed),
    cmocka_unit_test(xapi_validator_rejects), cmocka_unit_test(pdf_report),
    cmocka_unit_test(pdf_report_sessions),    cmocka_unit_test(pdf_refuses_unverified),
  };
  return cmocka_run_group_tests(tests, setup, teardown);
}
