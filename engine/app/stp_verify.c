/* stp_verify.c - `stipple keys` and `stipple verify`, and stp_app_verify_bundle, the check
 * every command runs before it trusts a sealed exam bundle (docs/assessment.md). */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <sodium.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "stp_app.h"
#include "stp_version.h"
#include "stp_bundle.h"
#include "stp_game.h"
#include "stp_kit.h"
#include "stp_record.h"
#include "stp_score.h"
#include "stp_script.h"
#include "stp_work.h"

/* ---- the report ---------------------------------------------------------------------- */

static void add_line(stp_verify_report *r, bool ok, const char *fmt, ...) {
  if (!ok) r->failures++;
  if (r->lines >= STP_VERIFY_MAX_LINES) return;
  char *line = r->line[r->lines++];
  size_t n = (size_t)snprintf(line, sizeof r->line[0], "%s", ok ? "ok  " : "FAILED ");
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(line + n, sizeof r->line[0] - n, fmt, ap);
  va_end(ap);
}

/* A heuristic's finding: printed ("warn ..."), never a failure. */
static void add_warning(stp_verify_report *r, const char *fmt, ...) {
  r->warnings++;
  if (r->lines >= STP_VERIFY_MAX_LINES) return;
  char *line = r->line[r->lines++];
  size_t n = (size_t)snprintf(line, sizeof r->line[0], "warn ");
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(line + n, sizeof r->line[0] - n, fmt, ap);
  va_end(ap);
}

/* The first line (1-based) where two texts differ, 0 if they are equal. */
static size_t first_difference(const char *a, size_t alen, const char *b, size_t blen) {
  size_t line = 1, n = alen < blen ? alen : blen;
  for (size_t i = 0; i < n; i++) {
    if (a[i] != b[i]) return line;
    if (a[i] == '\n') line++;
  }
  return alen == blen ? 0 : line;
}

stp_status stp_app_trusted_key(const char *key_path, unsigned char pk[STP_KEY_PUBLIC_BYTES], stp_error *err) {
  if (key_path) return stp_key_load_public(key_path, pk, err);
  char dir[1024], path[1100];
  if (stp_key_dir(dir, sizeof dir) != 0)
    return stp_error_set(err, STP_ERR_USAGE, NULL, 0, "no trusted key: give --key PUBLIC (no key folder: set HOME)");
  snprintf(path, sizeof path, "%s/station.pub", dir);
  struct stat st;
  if (stat(path, &st) != 0 && errno == ENOENT)
    return stp_error_set(err, STP_ERR_USAGE, NULL, 0, "no trusted key: give --key PUBLIC (this station has no %s)",
                         path);
  return stp_key_load_public(path, pk, err);
}

/* "YYYY-MM-DDTHH:MM:SSZ", strictly (exactly that form, a real date and time), as seconds
 * since 1970 (UTC). Returns 0, or -1. */
static int parse_iso8601(const char *s, int64_t *out) {
  static const char form[] = "dddd-dd-ddTdd:dd:ddZ";
  if (strlen(s) != sizeof form - 1) return -1;
  for (size_t i = 0; form[i]; i++)
    if (form[i] == 'd' ? !(s[i] >= '0' && s[i] <= '9') : s[i] != form[i]) return -1;
  int y = atoi(s), mo = atoi(s + 5), d = atoi(s + 8), h = atoi(s + 11), mi = atoi(s + 14), se = atoi(s + 17);
  static const int mdays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  if (y < 1970 || mo < 1 || mo > 12 || d < 1 || d > mdays[mo - 1] + (mo == 2 && leap) || h > 23 || mi > 59 || se > 59)
    return -1;
  /* days from 1970-01-01 (civil-from-days inverse, Howard Hinnant's algorithm) */
  int yy = mo <= 2 ? y - 1 : y;
  int era = yy / 400, yoe = yy - era * 400, mp = (mo + 9) % 12;
  int doy = (153 * mp + 2) / 5 + d - 1, doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  int64_t days = (int64_t)era * 146097 + doe - 719468;
  *out = days * 86400 + h * 3600 + mi * 60 + se;
  return 0;
}

/* Places faster than this, sustained over a second, are flagged (a warning, not a failure). */
#define PLACES_PER_SECOND_WARN 20

/* The manifest against the record and itself; the record's own shape (a finish, nothing
 * after it, nothing placed after the time limit); and two heuristics that only warn. */
static void check_agreement(const stp_bundle *b, const stp_record *rec, const stp_scenario *scn, stp_verify_report *rep) {
  const stp_bundle_meta *m = &b->meta;
  int before = rep->failures;
  /* Each manifest field against the record header the game wrote from the same value. */
  char attempt[16];
  snprintf(attempt, sizeof attempt, "%d", m->attempt);
  const struct { const char *field, *header, *value; } pairs[] = {
    {"candidate", "candidate", m->candidate},   {"mode", "mode", m->mode},
    {"started", "started", m->started},         {"scenario_file", "scenario-file", m->scenario_file},
    {"exam_id", "exam-id", m->exam_id},         {"attempt", "attempt", attempt},
  };
  for (size_t i = 0; i < sizeof pairs / sizeof pairs[0]; i++) {
    const char *h = stp_record_header_get(rec, pairs[i].header);
    if (!h) add_line(rep, false, "manifest.json: %s \"%.80s\", but record.txt has no \"# %s\" header", pairs[i].field,
                     pairs[i].value, pairs[i].header);
    else if (strcmp(h, pairs[i].value) != 0)
      add_line(rep, false, "manifest.json: %s \"%.80s\" differs from record.txt's \"# %s %.80s\"", pairs[i].field,
               pairs[i].value, pairs[i].header, h);
  }
  if (scn && strcmp(m->scenario_id, scn->id) != 0)
    add_line(rep, false, "manifest.json: scenario_id \"%.80s\" is not the id of scenario.lua (\"%.80s\")", m->scenario_id,
             scn->id);
  /* The finish: there is one, no game event follows it, and the duration is its time. */
  size_t finish = rec->count;
  for (size_t i = 0; i < rec->count && finish == rec->count; i++)
    if (rec->events[i].kind == STP_REC_FINISH) finish = i;
  if (finish == rec->count) {
    add_line(rep, false, "record.txt: has no finish event (a sealed exam ends with its finish)");
  } else {
    for (size_t i = finish + 1; i < rec->count; i++)
      if (stp_record_is_game_event(rec->events[i].kind)) {
        add_line(rep, false, "record.txt: a %s event at %lld ms follows the finish (at %lld ms)",
                 stp_record_kind_name(rec->events[i].kind), (long long)rec->events[i].t_ms,
                 (long long)rec->events[finish].t_ms);
        break;
      }
    if (m->duration_ms != rec->events[finish].t_ms)
      add_line(rep, false, "manifest.json: duration_ms %lld is not the finish's time in record.txt (%lld ms)",
               (long long)m->duration_ms, (long long)rec->events[finish].t_ms);
  }
  /* Wall clock: ended is not before started, and no shorter than the exam's own time (2 s
   * of slack for the whole seconds the two times are written in). */
  int64_t t0 = 0, t1 = 0;
  bool s_ok = parse_iso8601(m->started, &t0) == 0, e_ok = parse_iso8601(m->ended, &t1) == 0;
  if (!s_ok) add_line(rep, false, "manifest.json: started \"%.40s\" is not a time YYYY-MM-DDTHH:MM:SSZ", m->started);
  if (!e_ok) add_line(rep, false, "manifest.json: ended \"%.40s\" is not a time YYYY-MM-DDTHH:MM:SSZ", m->ended);
  if (s_ok && e_ok) {
    if (t1 < t0) add_line(rep, false, "manifest.json: ended %s is before started %s", m->ended, m->started);
    else if (t1 - t0 < m->duration_ms / 1000 - 2)
      add_line(rep, false, "manifest.json: ended %s is %lld s after started, shorter than duration_ms %lld", m->ended,
               (long long)(t1 - t0), (long long)m->duration_ms);
  }
  /* In an exam nothing is placed after the time limit (the core refuses it too). */
  if (scn && strcmp(m->mode, "exam") == 0 && scn->time_limit_s > 0) {
    double limit_ms = scn->time_limit_s * 1000;
    for (size_t i = 0; i < rec->count; i++)
      if (rec->events[i].kind == STP_REC_PLACE && (double)rec->events[i].t_ms > limit_ms) {
        add_line(rep, false, "record.txt: a place event at %lld ms is after the time limit (%.0f ms)",
                 (long long)rec->events[i].t_ms, limit_ms);
        break;
      }
  }
  if (rep->failures == before)
    add_line(rep, true, "manifest.json agrees with record.txt (candidate, mode, started, scenario file, exam %.8s…, "
             "attempt %d, duration %lld ms) and with scenario.lua (id %s)", m->exam_id, m->attempt,
             (long long)m->duration_ms, m->scenario_id);

  /* Heuristics: warnings only (a real hand can trip them; a fabricated record may not). */
  size_t unsampled = 0, first_unsampled = 0;
  for (size_t i = 0; i < rec->count; i++) {
    if (rec->events[i].kind != STP_REC_PLACE) continue;
    int64_t t = rec->events[i].t_ms;
    bool sampled = false;
    for (size_t j = i; j-- > 0 && rec->events[j].t_ms == t && !sampled;)
      sampled = rec->events[j].kind == STP_REC_DOWN || rec->events[j].kind == STP_REC_UP;
    for (size_t j = i + 1; j < rec->count && rec->events[j].t_ms == t && !sampled; j++)
      sampled = rec->events[j].kind == STP_REC_DOWN || rec->events[j].kind == STP_REC_UP;
    if (!sampled && unsampled++ == 0) first_unsampled = i;
  }
  if (unsampled)
    add_warning(rep, "record.txt: %zu place event%s without a pointer sample (down/up) at the same time (first at %lld "
                "ms)", unsampled, unsampled == 1 ? "" : "s", (long long)rec->events[first_unsampled].t_ms);
  size_t lo = 0, places_in = 0, worst = 0;
  int64_t worst_t = 0;
  for (size_t i = 0; i < rec->count; i++) {   /* places in every window (t - 1000, t] */
    if (rec->events[i].kind != STP_REC_PLACE) continue;
    places_in++;
    while (rec->events[lo].t_ms <= rec->events[i].t_ms - 1000) places_in -= rec->events[lo++].kind == STP_REC_PLACE;
    if (places_in > worst) { worst = places_in; worst_t = rec->events[i].t_ms; }
  }
  if (worst > PLACES_PER_SECOND_WARN)
    add_warning(rep, "record.txt: %zu places within one second (up to %lld ms), more than %d a second", worst,
                (long long)worst_t, PLACES_PER_SECOND_WARN);
}

/* The checks beyond the bundle's own: record, scenario, rebuild, re-score. */
static void check_contents(const stp_bundle *b, stp_verify_report *rep) {
  stp_record rec;
  stp_record_init(&rec);
  stp_error e;
  stp_error_clear(&e);
  char buf[1200];
  const char *rtext = b->part[STP_PART_RECORD], *stext = b->part[STP_PART_SCENARIO];
  const char *wtext = b->part[STP_PART_WORK], *restext = b->part[STP_PART_RESULT];
  size_t rlen = b->part_len[STP_PART_RECORD], slen = b->part_len[STP_PART_SCENARIO];
  size_t wlen = b->part_len[STP_PART_WORK], reslen = b->part_len[STP_PART_RESULT];

  bool record_ok = stp_record_parse(&rec, rtext, rlen, "record.txt", &e) == STP_OK;
  if (!record_ok) add_line(rep, false, "record.txt: does not parse: %s", stp_error_format(&e, buf, sizeof buf));
  else if (rec.torn) {
    record_ok = false;
    add_line(rep, false, "record.txt: its last line is cut off (a sealed record ends with a whole line)");
  } else {
    size_t places = 0;
    for (size_t i = 0; i < rec.count; i++) places += rec.events[i].kind == STP_REC_PLACE;
    rep->events = rec.count;
    add_line(rep, true, "record.txt: %zu events, %zu placements", rec.count, places);
  }

  /* The scenario is the bundle's bytes, run in the sandbox; never a file on disk. */
  char sha[65];
  stp_sha256_hex(stext, slen, sha);
  if (record_ok) {
    const char *named = stp_record_header_get(&rec, "scenario-sha256");
    if (!named) add_line(rep, false, "record.txt: has no scenario-sha256 header");
    else if (strcmp(named, sha) != 0)
      add_line(rep, false, "scenario.lua: its SHA-256 (%.16s…) is not the one record.txt names (%.16s…): "
               "the exam did not run this scenario", sha, named);
    else add_line(rep, true, "scenario.lua is the scenario record.txt names (SHA-256 %.16s…)", sha);
  }
  stp_scenario *scn = malloc(sizeof *scn);
  stp_game *g = malloc(sizeof *g);
  stp_script *script = NULL;
  bool loaded = false;
  if (!scn || !g) {
    add_line(rep, false, "scenario.lua: out of memory loading it");
  } else {
    const char *chunk = b->meta.scenario_file[0] ? b->meta.scenario_file : "scenario.lua";
    stp_status st = stp_script_open(&script, NULL, &e);
    if (st == STP_OK) st = stp_script_load(script, chunk, stext, slen, scn, &e);
    loaded = st == STP_OK;
    if (!loaded) add_line(rep, false, "scenario.lua: does not load: %s", stp_error_format(&e, buf, sizeof buf));
  }

  if (record_ok) check_agreement(b, &rec, loaded ? scn : NULL, rep);

  if (loaded && record_ok) {
    bool assessment = strcmp(b->meta.mode, "exam") == 0;
    size_t applied = 0;
    stp_status st = stp_game_rebuild(g, scn, &rec, assessment, INT64_MAX, &applied, &e);
    char *rebuilt = NULL;
    size_t rebuilt_len = 0;
    if (st == STP_OK) {
      FILE *f = open_memstream(&rebuilt, &rebuilt_len);
      if (!f) st = stp_error_set(&e, STP_ERR_NOMEM, NULL, 0, "out of memory");
      else {
        st = stp_work_write(&g->work, f, &e);
        if (fclose(f) != 0 && st == STP_OK) st = stp_error_set(&e, STP_ERR_NOMEM, NULL, 0, "out of memory");
      }
    }
    rep->impressions = g->work.count;
    if (st != STP_OK) add_line(rep, false, "work.csv: the work cannot be rebuilt from record.txt: %s",
                               stp_error_format(&e, buf, sizeof buf));
    else if (rebuilt_len == wlen && memcmp(rebuilt, wtext, wlen) == 0)
      add_line(rep, true, "work.csv rebuilt from record.txt: %zu impressions, identical", g->work.count);
    else
      add_line(rep, false, "work.csv: differs from the work rebuilt from record.txt (%zu impressions; first "
               "difference at line %zu)", g->work.count, first_difference(rebuilt, rebuilt_len, wtext, wlen));
    free(rebuilt);
    stp_game_free(g);
  }

  if (loaded) {
    /* Re-score the work as stored, read as `stipple score` reads a work file. */
    stp_work w;
    stp_work_init(&w);
    char *text = NULL;
    stp_status st = stp_work_parse(&w, wtext, wlen, "work.csv", &e);
    if (st == STP_OK) st = stp_work_check_kit(&w, scn, "work.csv", &e);
    if (st == STP_OK) st = stp_app_result_json(scn, script, &w, &text, &e);
    if (st != STP_OK) {
      add_line(rep, false, "result.json: work.csv cannot be re-scored: %s", stp_error_format(&e, buf, sizeof buf));
    } else {
      stp_score_result *r = malloc(sizeof *r);
      if (r && stp_app_score(scn, script, &w, r, NULL, &e) == STP_OK) {
        rep->score = r->score;
        rep->work_passed = r->passed;
      }
      free(r);
      size_t tlen = strlen(text);
      if (tlen == reslen && memcmp(text, restext, tlen) == 0)
        add_line(rep, true, "result.json re-scored from work.csv: %.2f, %s, identical", rep->score,
                 rep->work_passed ? "passed" : "not passed");
      else
        add_line(rep, false, "result.json: differs from re-scoring work.csv (%.2f, %s; first difference at line %zu)",
                 rep->score, rep->work_passed ? "passed" : "not passed",
                 first_difference(text, tlen, restext, reslen));
      /* Another engine scores by its own rules: say so, so a change of the scorer is not
       * taken for tampering (the signature and the hashes above still stand). */
      if (strcmp(b->meta.engine_version, STP_VERSION_STRING) != 0)
        add_warning(rep, "the bundle was sealed by Stipple %s and is checked by %s: a score that differs may be "
                         "the scorer's change; check it with the version that sealed it",
                    b->meta.engine_version, STP_VERSION_STRING);
    }
    free(text);
    stp_work_free(&w);
  }
  stp_script_close(script);
  free(scn);
  free(g);
  stp_record_free(&rec);
}

stp_status stp_app_verify_bundle(const char *path, const unsigned char *trusted_pk, stp_verify_report *report,
                                 stp_bundle *b_out, stp_error *err) {
  stp_verify_report local;
  stp_verify_report *rep = report ? report : &local;
  memset(rep, 0, sizeof *rep);
  if (b_out) memset(b_out, 0, sizeof *b_out);
  unsigned char station[STP_KEY_PUBLIC_BYTES];
  if (!trusted_pk) {
    stp_status st = stp_app_trusted_key(NULL, station, err);
    if (st != STP_OK) return st;
    trusted_pk = station;
  }
  stp_bundle b;
  stp_bundle_check chk;
  stp_error e;
  stp_error_clear(&e);
  stp_status st = stp_bundle_read(path, trusted_pk, &b, &chk, &e);
  if (st != STP_OK && st != STP_ERR_PARSE) {
    if (err) *err = e;
    return st;
  }
  stp_key_hex(b.file_sha256, 32, rep->file_sha256);
  bool signer_read = false;
  for (size_t i = 0; i < STP_KEY_PUBLIC_BYTES; i++) signer_read |= b.signer[i] != 0;
  if (signer_read) stp_key_fingerprint(b.signer, rep->signer_fingerprint);
  rep->signer_trusted = chk.signer_trusted && chk.signature_ok;
  if (chk.signature_ok && chk.signer_trusted)
    add_line(rep, true, "signature by station %s… (trusted)", rep->signer_fingerprint);
  for (int i = 0; i < chk.problems; i++) add_line(rep, false, "%s", chk.problem[i]);
  if (st == STP_OK) {
    if (chk.manifest_ok)
      add_line(rep, true, "manifest.json: format %d, %s, candidate \"%s\", scenario %s (%s)", STP_BUNDLE_FORMAT,
               b.meta.mode, b.meta.candidate, b.meta.scenario_id, b.meta.scenario_file);
    bool all = true;
    for (int p = 0; p < STP_PART_COUNT; p++) all &= chk.part_ok[p];
    if (all) add_line(rep, true, "scenario.lua, record.txt, work.csv, result.json: each matches the manifest's SHA-256");
    check_contents(&b, rep);
  }
  rep->passed = st == STP_OK && rep->failures == 0 && stp_bundle_check_passed(&chk);
  if (b_out) *b_out = b;
  else stp_bundle_free(&b);
  if (rep->passed) {
    stp_error_clear(err);
    return STP_OK;
  }
  const char *first = "the bundle failed verification";
  for (int i = 0; i < rep->lines; i++)
    if (strncmp(rep->line[i], "FAILED ", 7) == 0) { first = rep->line[i] + 7; break; }
  return stp_error_set(err, STP_ERR_PARSE, path, 0, "%s", first);
}

/* ---- stipple verify BUNDLE [--key PUBLIC] -------------------------------------------- */

int stp_cmd_verify(int argc, char **argv) {
  static const char *const opts[] = {"--key", NULL};
  const char *vals[1] = {NULL}, *bundle;
  if (stp_app_bundle_options("verify", argc, argv, opts, vals, NULL, NULL, &bundle) != 0) return STP_EXIT_USAGE;
  const char *key = vals[0];
  if (!bundle) { fprintf(stderr, "stipple verify: give the bundle: stipple verify BUNDLE [--key PUBLIC]\n"); return STP_EXIT_USAGE; }
  stp_error err;
  stp_error_clear(&err);
  unsigned char pk[STP_KEY_PUBLIC_BYTES];
  stp_status st = stp_app_trusted_key(key, pk, &err);
  if (st != STP_OK) {
    stp_app_report(&err);
    return st == STP_ERR_USAGE ? STP_EXIT_USAGE : STP_EXIT_IO;
  }
  stp_verify_report *rep = malloc(sizeof *rep);
  if (!rep) return STP_EXIT_IO;
  st = stp_app_verify_bundle(bundle, pk, rep, NULL, &err);
  int rc;
  if (st != STP_OK && st != STP_ERR_PARSE) {
    stp_app_report(&err);
    rc = STP_EXIT_IO;
  } else {
    printf("bundle %s (SHA-256 %s)\n", bundle, rep->file_sha256);
    for (int i = 0; i < rep->lines; i++) printf("%s\n", rep->line[i]);
    if (st == STP_OK) {
      printf("verified: every check holds\n");
      rc = STP_EXIT_OK;
    } else {
      printf("NOT VERIFIED: %d check%s failed\n", rep->failures, rep->failures == 1 ? "" : "s");
      rc = STP_EXIT_VERIFY;
    }
  }
  free(rep);
  return rc;
}

/* ---- stipple keys [--show] ----------------------------------------------------------- */

static void show_key(const char *dir, const stp_station_key *k) {
  char hex[2 * STP_KEY_PUBLIC_BYTES + 1], fp[17];
  stp_key_hex(k->pk, STP_KEY_PUBLIC_BYTES, hex);
  stp_key_fingerprint(k->pk, fp);
  printf("public key   %s\nfingerprint  %s\nsecret key   %s/station.key (never shown)\npublic file  %s/station.pub\n",
         hex, fp, dir, dir);
}

int stp_cmd_keys(int argc, char **argv) {
  bool show = false;
  for (int i = 1; i < argc; i++) {
    if (strcmp(argv[i], "--show") == 0) show = true;
    else { fprintf(stderr, "stipple keys: unknown option '%s' (try stipple --help)\n", argv[i]); return STP_EXIT_USAGE; }
  }
  char dir[1024], path[1100];
  if (stp_key_dir(dir, sizeof dir) != 0) {
    fprintf(stderr, "stipple keys: no key folder: set STIPPLE_KEY_DIR, XDG_CONFIG_HOME or HOME\n");
    return STP_EXIT_IO;
  }
  snprintf(path, sizeof path, "%s/station.key", dir);
  struct stat st;
  bool exists = lstat(path, &st) == 0;
  stp_station_key k;
  stp_error err;
  stp_error_clear(&err);
  stp_status s;
  if (exists) {
    s = stp_key_load(dir, &k, &err);
    if (s == STP_OK) printf("this station's key pair:\n");
  } else if (show) {
    fprintf(stderr, "stipple keys: this station has no key pair yet (%s); run stipple keys to make one\n", path);
    return STP_EXIT_IO;
  } else {
    s = stp_key_create(dir, &k, &err);
    if (s == STP_OK) printf("made this station's key pair:\n");
  }
  if (s != STP_OK) {
    stp_app_report(&err);
    return stp_app_exit_code(s) == STP_EXIT_INPUT ? STP_EXIT_IO : stp_app_exit_code(s);
  }
  show_key(dir, &k);
  sodium_memzero(&k, sizeof k);
  return STP_EXIT_OK;
}
