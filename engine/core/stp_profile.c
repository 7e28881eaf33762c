/* stp_profile.c - a trainee's profile: the text format, the curriculum rule, the series. */
#define _POSIX_C_SOURCE 200809L
#include "stp_profile.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "stp_file.h"

#define MAX_WHEN 253402300799LL     /* 9999-12-31 23:59:59 UTC */
#define MAX_IMPRESSIONS 4000000u    /* STP_WORK_MAX_ROWS */
#define MAX_MINUTES 100000.0

/* ---- names ------------------------------------------------------------------------ */

static bool is_alnum(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'); }

bool stp_profile_name_valid(const char *name) {
  if (!name) return false;
  size_t n = strlen(name);
  if (n == 0 || n > STP_PROFILE_NAME_MAX || name[0] == ' ' || name[n - 1] == ' ') return false;
  for (size_t i = 0; i < n; i++)
    if (!is_alnum(name[i]) && name[i] != ' ' && name[i] != '.' && name[i] != '_' && name[i] != '-') return false;
  return true;
}

static bool id_valid(const char *s, size_t n) {
  if (n == 0 || n >= STP_PROFILE_ID_LEN) return false;
  for (size_t i = 0; i < n; i++) {
    char c = s[i];
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_')) return false;
  }
  return true;
}

bool stp_profile_id_valid(const char *id) { return id && id_valid(id, strlen(id)); }

stp_status stp_profile_file_stem(const char *name, char *out, size_t size, stp_error *err) {
  if (!stp_profile_name_valid(name))
    return stp_error_set(err, STP_ERR_USAGE, NULL, 0,
                         "'%.60s' is not a profile name: 1 to %d letters, digits, spaces, '.', '_' or '-', "
                         "not starting or ending with a space", name ? name : "", STP_PROFILE_NAME_MAX);
  size_t k = 0;
  for (const char *c = name; *c; c++) {
    const char *piece = *c == ' ' ? "%20" : *c == '.' ? "%2E" : NULL;
    size_t len = piece ? 3 : 1;
    if (k + len >= size) return stp_error_set(err, STP_ERR_RANGE, NULL, 0, "the profile's file name is too long");
    if (piece) memcpy(out + k, piece, 3);
    else out[k] = *c;
    k += len;
  }
  out[k] = '\0';
  return STP_OK;
}

bool stp_profile_stem_name(const char *stem, char *out, size_t size) {
  if (!stem || size == 0) return false;
  size_t k = 0;
  for (const char *c = stem; *c; c++) {
    char ch = *c;
    if (ch == '%') {
      if (strncmp(c, "%20", 3) == 0) ch = ' ';
      else if (strncmp(c, "%2E", 3) == 0) ch = '.';
      else return false;
      c += 2;
    } else if (ch == ' ' || ch == '.') {
      return false;   /* written encoded */
    }
    if (k + 1 >= size) return false;
    out[k++] = ch;
  }
  out[k] = '\0';
  return stp_profile_name_valid(out);
}

stp_status stp_profile_work_rel(const char *name, const char *case_id, char *out, size_t size, stp_error *err) {
  if (!stp_profile_id_valid(case_id))
    return stp_error_set(err, STP_ERR_RANGE, NULL, 0, "'%.70s' is not a case id", case_id ? case_id : "");
  char stem[3 * STP_PROFILE_NAME_MAX + 1];
  stp_status st = stp_profile_file_stem(name, stem, sizeof stem, err);
  if (st != STP_OK) return st;
  int n = strcmp(name, STP_PROFILE_DEFAULT) == 0 ? snprintf(out, size, "works/%s.csv", case_id)
                                                  : snprintf(out, size, "works/%s/%s.csv", stem, case_id);
  if (n < 0 || (size_t)n >= size) return stp_error_set(err, STP_ERR_RANGE, NULL, 0, "the work's path is too long");
  return STP_OK;
}

/* ---- the profile in memory ----------------------------------------------------------- */

stp_status stp_profile_init(stp_profile *p, const char *name, stp_error *err) {
  memset(p, 0, sizeof *p);
  p->pressure.kind = STP_PRESSURE_GAMMA;
  p->pressure.gamma = 1.0;
  if (!stp_profile_name_valid(name)) {
    char stem[8];
    return stp_profile_file_stem(name, stem, sizeof stem, err);   /* its message */
  }
  snprintf(p->name, sizeof p->name, "%s", name);
  return STP_OK;
}

void stp_profile_free(stp_profile *p) {
  if (!p) return;
  for (int i = 0; i < p->case_count; i++) free(p->cases[i].attempts);
  free(p->cases);
  p->cases = NULL;
  p->case_count = 0;
}

stp_grade stp_profile_grade(double score, bool passed) {
  if (!passed) return STP_GRADE_NONE;
  return score >= 90 ? STP_GRADE_A : score >= 80 ? STP_GRADE_B : STP_GRADE_C;
}

const char *stp_grade_text(stp_grade g) {
  switch (g) {
  case STP_GRADE_A: return "A";
  case STP_GRADE_B: return "B";
  case STP_GRADE_C: return "C";
  default: return "not yet";
  }
}

/* The grade's token in the file. */
static const char *grade_token(stp_grade g) { return g == STP_GRADE_NONE ? "-" : stp_grade_text(g); }

const stp_profile_case *stp_profile_find(const stp_profile *p, const char *case_id) {
  for (int i = 0; p && case_id && i < p->case_count; i++)
    if (strcmp(p->cases[i].id, case_id) == 0) return &p->cases[i];
  return NULL;
}

static stp_profile_case *find_or_add(stp_profile *p, const char *id, size_t id_len, bool *full) {
  *full = false;
  for (int i = 0; i < p->case_count; i++)
    if (strlen(p->cases[i].id) == id_len && memcmp(p->cases[i].id, id, id_len) == 0) return &p->cases[i];
  if (p->case_count >= STP_PROFILE_MAX_CASES) { *full = true; return NULL; }
  stp_profile_case *nc = realloc(p->cases, (size_t)(p->case_count + 1) * sizeof *nc);
  if (!nc) return NULL;
  p->cases = nc;
  stp_profile_case *c = &p->cases[p->case_count++];
  memset(c, 0, sizeof *c);
  memcpy(c->id, id, id_len);
  c->id[id_len] = '\0';
  c->best_score = -1;
  return c;
}

/* The index of a criterion key in the case (added when new); -1 when the case has no room. */
static int crit_index(stp_profile_case *c, const char *key, size_t len) {
  for (int i = 0; i < c->crit_count; i++)
    if (strlen(c->crit_key[i]) == len && memcmp(c->crit_key[i], key, len) == 0) return i;
  if (c->crit_count >= STP_PROFILE_MAX_CRITERIA) return -1;
  memcpy(c->crit_key[c->crit_count], key, len);
  c->crit_key[c->crit_count][len] = '\0';
  return c->crit_count++;
}

static void derive(stp_profile_case *c) {
  c->best_score = -1;
  c->best_grade = STP_GRADE_NONE;
  c->passed = false;
  for (size_t i = 0; i < c->attempt_count; i++) {
    const stp_profile_attempt *a = &c->attempts[i];
    if (a->score > c->best_score) c->best_score = a->score;
    if (a->grade > c->best_grade) c->best_grade = a->grade;
    if (a->passed) c->passed = true;
  }
}

/* Room for one more attempt: grow, or at the limit drop the oldest attempt that is neither
 * the best score nor the first pass (so best, grade and passed stay as they were). */
static stp_profile_attempt *push_attempt(stp_profile_case *c) {
  if (c->attempt_count >= STP_PROFILE_MAX_ATTEMPTS) {
    size_t best = 0, first_pass = SIZE_MAX, best_grade = 0;
    for (size_t i = 0; i < c->attempt_count; i++) {
      if (c->attempts[i].score > c->attempts[best].score) best = i;
      if (c->attempts[i].grade > c->attempts[best_grade].grade) best_grade = i;
      if (c->attempts[i].passed && first_pass == SIZE_MAX) first_pass = i;
    }
    size_t drop = 0;
    while (drop == best || drop == first_pass || drop == best_grade) drop++;
    memmove(&c->attempts[drop], &c->attempts[drop + 1], (c->attempt_count - drop - 1) * sizeof *c->attempts);
    c->attempt_count--;
  }
  if (c->attempt_count == c->attempt_cap) {
    size_t cap = c->attempt_cap ? c->attempt_cap * 2 : 8;
    stp_profile_attempt *na = realloc(c->attempts, cap * sizeof *na);
    if (!na) return NULL;
    c->attempts = na;
    c->attempt_cap = cap;
  }
  stp_profile_attempt *a = &c->attempts[c->attempt_count++];
  memset(a, 0, sizeof *a);
  for (int k = 0; k < STP_PROFILE_MAX_CRITERIA; k++) a->crit[k] = NAN;
  return a;
}

/* Scores are kept to 0.01 and minutes to 0.1, as written, so a profile read back equals
 * the one written and a grade never changes on the way. */
static double q2(double v) { return round(v * 100.0) / 100.0; }
static double q1(double v) { return round(v * 10.0) / 10.0; }

stp_status stp_profile_record(stp_profile *p, const char *case_id, const stp_profile_entry *e, stp_error *err) {
  if (!stp_profile_id_valid(case_id))
    return stp_error_set(err, STP_ERR_RANGE, NULL, 0, "'%.70s' is not a case id", case_id ? case_id : "");
  if (!(e->score >= 0 && e->score <= 100) || e->when < 0 || e->when > MAX_WHEN ||
      e->impressions > MAX_IMPRESSIONS || !(e->minutes >= 0 && e->minutes <= MAX_MINUTES) ||
      e->crit_count < 0 || e->crit_count > STP_PROFILE_MAX_CRITERIA)
    return stp_error_set(err, STP_ERR_RANGE, NULL, 0, "the attempt on %s is out of range", case_id);
  for (int i = 0; i < e->crit_count; i++)
    if (!stp_profile_id_valid(e->keys[i]) || !(e->scores[i] >= 0 && e->scores[i] <= 100))
      return stp_error_set(err, STP_ERR_RANGE, NULL, 0, "criterion %d of the attempt on %s is out of range", i + 1,
                           case_id);
  bool full;
  stp_profile_case *c = find_or_add(p, case_id, strlen(case_id), &full);
  if (!c)
    return full ? stp_error_set(err, STP_ERR_RANGE, NULL, 0, "a profile holds at most %d cases", STP_PROFILE_MAX_CASES)
                : stp_error_set(err, STP_ERR_NOMEM, NULL, 0, "out of memory recording the attempt");
  int idx[STP_PROFILE_MAX_CRITERIA];
  int saved_count = c->crit_count;
  for (int i = 0; i < e->crit_count; i++)
    if ((idx[i] = crit_index(c, e->keys[i], strlen(e->keys[i]))) < 0) {
      c->crit_count = saved_count;
      return stp_error_set(err, STP_ERR_RANGE, NULL, 0, "case %s has more than %d criteria", case_id,
                           STP_PROFILE_MAX_CRITERIA);
    }
  stp_profile_attempt *a = push_attempt(c);
  if (!a) {
    c->crit_count = saved_count;
    return stp_error_set(err, STP_ERR_NOMEM, NULL, 0, "out of memory recording the attempt");
  }
  a->when = e->when;
  a->score = q2(e->score);
  a->passed = e->passed;
  a->grade = stp_profile_grade(a->score, a->passed);
  a->impressions = e->impressions;
  a->minutes = q1(e->minutes);
  for (int i = 0; i < e->crit_count; i++) a->crit[idx[i]] = q2(e->scores[i]);
  derive(c);
  return STP_OK;
}

bool stp_profile_unlocked(const stp_profile *p, const char *const *ids, int n, int k) {
  if (k < 0 || k >= n) return false;
  if (p->unlock_all) return true;
  /* The case before it that can be played: a case that does not load (its id "" or NULL)
   * cannot be passed, so it must not shut every case after it. */
  int j = k - 1;
  while (j >= 0 && !(ids[j] && ids[j][0])) j--;
  if (j < 0) return true;
  const stp_profile_case *prev = stp_profile_find(p, ids[j]);
  return prev && prev->passed;
}

size_t stp_profile_series(const stp_profile_case *c, const char *key, double *out, size_t max) {
  if (!c || !key) return 0;
  int j = -1;
  for (int i = 0; i < c->crit_count && j < 0; i++)
    if (strcmp(c->crit_key[i], key) == 0) j = i;
  if (j < 0) return 0;
  size_t n = c->attempt_count < max ? c->attempt_count : max;
  for (size_t i = 0; i < n; i++) out[i] = c->attempts[i].crit[j];
  return n;
}

/* ---- the text --------------------------------------------------------------------------- */

typedef struct field { const char *p; size_t len; } field;

typedef struct parser {
  const char *file;
  int line;
  stp_error *err;
} parser;

#define PERR(px, ...) stp_error_set((px)->err, STP_ERR_PARSE, (px)->file, (px)->line, __VA_ARGS__)

/* A field shown in a message: at most 40 bytes, unprintable bytes escaped. */
static const char *shown(field f, char *buf, size_t size) {
  size_t k = 0;
  for (size_t i = 0; i < f.len && i < 40 && k + 5 < size; i++) {
    unsigned char c = (unsigned char)f.p[i];
    if (c >= 0x20 && c < 0x7f) buf[k++] = (char)c;
    else k += (size_t)snprintf(buf + k, size - k, "\\x%02X", c);
  }
  if (f.len > 40 && k + 4 < size) { memcpy(buf + k, "...", 3); k += 3; }
  buf[k] = '\0';
  return buf;
}

static bool is(field f, const char *s) { return strlen(s) == f.len && memcmp(f.p, s, f.len) == 0; }

/* A whole number: digits only (no sign, no point), at most max. */
static bool parse_whole(field f, long long max, long long *out) {
  if (f.len == 0 || f.len > 18) return false;
  long long v = 0;
  for (size_t i = 0; i < f.len; i++) {
    if (f.p[i] < '0' || f.p[i] > '9') return false;
    v = v * 10 + (f.p[i] - '0');
  }
  if (v > max) return false;
  *out = v;
  return true;
}

/* A plain decimal: digits, an optional point and digits (no sign, exponent, nan, inf),
 * within lo..hi. */
/* A decimal from lo to hi with at most `places` digits after the point: the file holds
 * what the writer writes (scores to 2 places, minutes to 1, the curve to 3), so a number
 * loaded is saved unchanged and a grade checked against it still holds after a save. */
static bool parse_decimal_places(field f, double lo, double hi, int places, double *out) {
  if (f.len == 0 || f.len > 32) return false;
  int digits = 0, points = 0, after = 0;
  for (size_t i = 0; i < f.len; i++) {
    if (f.p[i] >= '0' && f.p[i] <= '9') { digits++; after += points; }
    else if (f.p[i] == '.' && points == 0) points++;
    else return false;
  }
  if (after > places) return false;
  if (digits == 0) return false;
  char buf[40];
  memcpy(buf, f.p, f.len);
  buf[f.len] = '\0';
  double v = strtod(buf, NULL);
  if (!(v >= lo && v <= hi)) return false;
  *out = v;
  return true;
}

/* A score: two decimals at most. */
static bool parse_decimal(field f, double lo, double hi, double *out) { return parse_decimal_places(f, lo, hi, 2, out); }

/* Split a line at commas (no quoting: no field of the format holds a comma). */
static int split(const char *s, size_t len, field *out, int max) {
  int n = 0;
  size_t start = 0;
  for (size_t i = 0; i <= len; i++) {
    if (i == len || s[i] == ',') {
      if (n < max) out[n] = (field){s + start, i - start};
      n++;
      start = i + 1;
    }
  }
  return n;
}

static stp_status parse_criteria(parser *px, field f, stp_profile_case *c, stp_profile_attempt *a) {
  char b[64], b2[64];
  size_t i = 0;
  if (f.len == 0) return STP_OK;
  while (i <= f.len) {
    size_t j = i;
    while (j < f.len && f.p[j] != ' ') j++;
    field item = {f.p + i, j - i};
    const char *eq = memchr(item.p, '=', item.len);
    if (!eq)
      return PERR(px, "criterion \"%s\" should look like key=score (density=91.20), separated by single spaces",
                  shown(item, b, sizeof b));
    field key = {item.p, (size_t)(eq - item.p)}, val = {eq + 1, item.len - key.len - 1};
    if (!id_valid(key.p, key.len))
      return PERR(px, "criterion key \"%s\" may only use a-z, 0-9, '-' and '_' (1 to 63)", shown(key, b, sizeof b));
    double v;
    if (!parse_decimal(val, 0, 100, &v))
      return PERR(px, "criterion %s's score \"%s\" is not a number from 0 to 100", shown(key, b, sizeof b),
                  shown(val, b2, sizeof b2));
    int k = crit_index(c, key.p, key.len);
    if (k < 0) return PERR(px, "case %s has more than %d criteria", c->id, STP_PROFILE_MAX_CRITERIA);
    if (!isnan(a->crit[k])) return PERR(px, "criterion %s appears twice in one attempt", c->crit_key[k]);
    a->crit[k] = v;
    i = j + 1;
  }
  return STP_OK;
}

static stp_status parse_attempt(parser *px, stp_profile *p, const field *fl, int n) {
  char b[64];
  if (n != 9)
    return PERR(px, "an attempt has 9 fields (attempt,case,when,score,passed,grade,impressions,minutes,criteria), "
                    "this line has %d", n);
  if (!id_valid(fl[1].p, fl[1].len))
    return PERR(px, "case id \"%s\" may only use a-z, 0-9, '-' and '_' (1 to 63)", shown(fl[1], b, sizeof b));
  long long when, imp;
  double score, minutes;
  if (!parse_whole(fl[2], MAX_WHEN, &when))
    return PERR(px, "when \"%s\" is not a time in whole seconds since 1970", shown(fl[2], b, sizeof b));
  if (!parse_decimal(fl[3], 0, 100, &score))
    return PERR(px, "score \"%s\" is not a number from 0 to 100 with at most two decimals", shown(fl[3], b, sizeof b));
  if (!is(fl[4], "0") && !is(fl[4], "1")) return PERR(px, "passed \"%s\" is not 0 or 1", shown(fl[4], b, sizeof b));
  bool passed = is(fl[4], "1");
  stp_grade g;
  if (is(fl[5], "A")) g = STP_GRADE_A;
  else if (is(fl[5], "B")) g = STP_GRADE_B;
  else if (is(fl[5], "C")) g = STP_GRADE_C;
  else if (is(fl[5], "-")) g = STP_GRADE_NONE;
  else return PERR(px, "grade \"%s\" is not A, B, C or - (not yet)", shown(fl[5], b, sizeof b));
  if (g != stp_profile_grade(score, passed))
    return PERR(px, "grade %s does not go with a score of %s %s (A: 90 or more and passed, B: 80 or more and "
                    "passed, C: passed, -: not passed)", grade_token(g), shown(fl[3], b, sizeof b),
                passed ? "passed" : "not passed");
  if (!parse_whole(fl[6], MAX_IMPRESSIONS, &imp))
    return PERR(px, "impressions \"%s\" is not a whole number up to %u", shown(fl[6], b, sizeof b), MAX_IMPRESSIONS);
  if (!parse_decimal_places(fl[7], 0, MAX_MINUTES, 1, &minutes))
    return PERR(px, "minutes \"%s\" is not a number from 0 to %.0f with at most one decimal", shown(fl[7], b, sizeof b),
                MAX_MINUTES);
  bool full;
  stp_profile_case *c = find_or_add(p, fl[1].p, fl[1].len, &full);
  if (!c) {
    if (full) return PERR(px, "a profile holds at most %d cases", STP_PROFILE_MAX_CASES);
    return stp_error_set(px->err, STP_ERR_NOMEM, px->file, px->line, "out of memory reading the profile");
  }
  if (c->attempt_count >= STP_PROFILE_MAX_ATTEMPTS)
    return PERR(px, "case %s has more than %d attempts", c->id, STP_PROFILE_MAX_ATTEMPTS);
  stp_profile_attempt *a = push_attempt(c);
  if (!a) return stp_error_set(px->err, STP_ERR_NOMEM, px->file, px->line, "out of memory reading the profile");
  a->when = when;
  a->score = score;
  a->passed = passed;
  a->grade = g;
  a->impressions = (size_t)imp;
  a->minutes = minutes;
  stp_status st = parse_criteria(px, fl[8], c, a);
  if (st != STP_OK) return st;
  derive(c);
  return STP_OK;
}

static stp_status parse_line(parser *px, stp_profile *p, const char *s, size_t len, unsigned *seen) {
  char b[64];
  field fl[12];
  int n = split(s, len, fl, 12);
  field kind = fl[0];
  enum { SEEN_NAME = 1, SEEN_UNLOCK = 2, SEEN_MUTE = 4, SEEN_PRESSURE = 8 };
  if (is(kind, "attempt")) return parse_attempt(px, p, fl, n);
  if (is(kind, "name")) {
    if (n != 2) return PERR(px, "name,<name> has 2 fields, this line has %d", n);
    if (*seen & SEEN_NAME) return PERR(px, "the profile names its trainee twice; keep one name line");
    char name[STP_PROFILE_NAME_MAX + 2];
    if (fl[1].len > STP_PROFILE_NAME_MAX || (memcpy(name, fl[1].p, fl[1].len), name[fl[1].len] = '\0',
                                             !stp_profile_name_valid(name)))
      return PERR(px, "name \"%s\" is not 1 to %d letters, digits, spaces, '.', '_' or '-' (no space at either end)",
                  shown(fl[1], b, sizeof b), STP_PROFILE_NAME_MAX);
    memcpy(p->name, name, fl[1].len + 1);
    *seen |= SEEN_NAME;
    return STP_OK;
  }
  if (is(kind, "unlock_all") || is(kind, "mute")) {
    unsigned bit = is(kind, "mute") ? SEEN_MUTE : SEEN_UNLOCK;
    const char *what = bit == SEEN_MUTE ? "mute" : "unlock_all";
    if (n != 2) return PERR(px, "%s,0 or %s,1 has 2 fields, this line has %d", what, what, n);
    if (*seen & bit) return PERR(px, "%s appears twice; keep one", what);
    if (!is(fl[1], "0") && !is(fl[1], "1")) return PERR(px, "%s \"%s\" is not 0 or 1", what, shown(fl[1], b, sizeof b));
    if (bit == SEEN_MUTE) p->mute = is(fl[1], "1");
    else p->unlock_all = is(fl[1], "1");
    *seen |= bit;
    return STP_OK;
  }
  if (is(kind, "pressure")) {
    if (*seen & SEEN_PRESSURE) return PERR(px, "pressure appears twice; keep one");
    if (n != 3 || !is(fl[1], "gamma"))
      return PERR(px, "the pressure curve is written pressure,gamma,G (version 1 knows no other curve)");
    double g;
    if (!parse_decimal_places(fl[2], 0.2, 5, 3, &g))
      return PERR(px, "pressure gamma \"%s\" is not a number from 0.2 to 5", shown(fl[2], b, sizeof b));
    p->pressure.kind = STP_PRESSURE_GAMMA;
    p->pressure.gamma = g;
    *seen |= SEEN_PRESSURE;
    return STP_OK;
  }
  return PERR(px, "unknown record \"%s\"; a line starts with name, unlock_all, mute, pressure or attempt",
              shown(kind, b, sizeof b));
}

stp_status stp_profile_parse(stp_profile *p, const char *text, size_t len, const char *file, stp_error *err) {
  memset(p, 0, sizeof *p);
  p->pressure.kind = STP_PRESSURE_GAMMA;
  p->pressure.gamma = 1.0;
  parser px = {file ? file : "profile", 0, err};
  stp_status st = STP_OK;
  unsigned seen = 0;
  bool header = false;
  size_t i = 0;
  if (len > STP_PROFILE_MAX_FILE) {
    px.line = 0;
    st = stp_error_set(err, STP_ERR_PARSE, px.file, 0, "the profile is larger than %u bytes", STP_PROFILE_MAX_FILE);
  }
  while (st == STP_OK && i < len) {
    px.line++;
    size_t j = i;
    while (j < len && text[j] != '\n') j++;
    size_t end = j;
    if (end > i && text[end - 1] == '\r') end--;
    size_t n = end - i;
    const char *s = text + i;
    i = j + 1;
    if (n > STP_PROFILE_MAX_LINE) { st = PERR(&px, "the line is %zu bytes long; a line is at most %d", n, STP_PROFILE_MAX_LINE); break; }
    const void *nul = memchr(s, '\0', n);
    if (nul) { st = PERR(&px, "the file contains a NUL byte; a profile is text"); break; }
    for (size_t k = 0; k < n && st == STP_OK; k++)
      if ((unsigned char)s[k] < 0x20 || (unsigned char)s[k] >= 0x7f)
        st = PERR(&px, "byte %zu is not printable ASCII (0x%02X); a profile is plain ASCII text", k + 1,
                  (unsigned char)s[k]);
    if (st != STP_OK) break;
    if (n == 0) continue;   /* blank lines are skipped (and counted) */
    if (!header) {
      field fl[4];
      int nf = split(s, n, fl, 4);
      long long v;
      if (nf != 2 || !is(fl[0], STP_PROFILE_MAGIC)) {
        st = PERR(&px, "not a Stipple profile: the first line should be \"%s,%d\"", STP_PROFILE_MAGIC,
                  STP_PROFILE_VERSION);
      } else if (!parse_whole(fl[1], 1000000, &v) || v == 0) {
        char b[64];
        st = PERR(&px, "version \"%s\" is not a whole number from 1", shown(fl[1], b, sizeof b));
      } else if (v != STP_PROFILE_VERSION) {
        st = PERR(&px, "version %lld is not one this Stipple reads (it reads version %d); a newer Stipple wrote it",
                  v, STP_PROFILE_VERSION);
      }
      header = true;
      continue;
    }
    st = parse_line(&px, p, s, n, &seen);
  }
  if (st == STP_OK && !header)
    st = stp_error_set(err, STP_ERR_PARSE, px.file, 0, "the profile is empty; the first line should be \"%s,%d\"",
                       STP_PROFILE_MAGIC, STP_PROFILE_VERSION);
  if (st == STP_OK && !(seen & 1))
    st = stp_error_set(err, STP_ERR_PARSE, px.file, 0, "the profile names no trainee: add a line name,<name>");
  if (st != STP_OK) {
    stp_profile_free(p);
    memset(p, 0, sizeof *p);
    p->pressure.gamma = 1.0;
  }
  return st;
}

stp_status stp_profile_load(stp_profile *p, const char *path, stp_error *err) {
  char *text = NULL;
  size_t len = 0;
  memset(p, 0, sizeof *p);
  p->pressure.gamma = 1.0;
  stp_status st = stp_file_read(path, STP_PROFILE_MAX_FILE, "the profile", &text, &len, err);
  if (st != STP_OK) return st;
  const char *base = strrchr(path, '/');
  st = stp_profile_parse(p, text, len, base ? base + 1 : path, err);
  free(text);
  return st;
}

char *stp_profile_format(const stp_profile *p, size_t *len) {
  char *text = NULL;
  size_t n = 0;
  FILE *f = open_memstream(&text, &n);
  if (!f) return NULL;
  fprintf(f, "%s,%d\nname,%s\nunlock_all,%d\nmute,%d\npressure,gamma,%.3f\n", STP_PROFILE_MAGIC, STP_PROFILE_VERSION,
          p->name, p->unlock_all ? 1 : 0, p->mute ? 1 : 0, p->pressure.gamma);
  for (int i = 0; i < p->case_count; i++) {
    const stp_profile_case *c = &p->cases[i];
    for (size_t k = 0; k < c->attempt_count; k++) {
      const stp_profile_attempt *a = &c->attempts[k];
      fprintf(f, "attempt,%s,%lld,%.2f,%d,%s,%zu,%.1f,", c->id, (long long)a->when, a->score, a->passed ? 1 : 0,
              grade_token(a->grade), a->impressions, a->minutes);
      bool first = true;
      for (int j = 0; j < c->crit_count; j++) {
        if (isnan(a->crit[j])) continue;
        fprintf(f, "%s%s=%.2f", first ? "" : " ", c->crit_key[j], a->crit[j]);
        first = false;
      }
      fputc('\n', f);
    }
  }
  if (fclose(f) != 0) { free(text); return NULL; }
  if (len) *len = n;
  return text;
}

stp_status stp_profile_save(const stp_profile *p, const char *path, stp_error *err) {
  size_t n = 0;
  char *text = stp_profile_format(p, &n);
  if (!text) return stp_error_set(err, STP_ERR_NOMEM, path, 0, "out of memory writing the profile");
  stp_status st = n > STP_PROFILE_MAX_FILE
                      ? stp_error_set(err, STP_ERR_RANGE, path, 0, "the profile would be larger than %u bytes",
                                      STP_PROFILE_MAX_FILE)
                      : stp_file_write(path, text, n, 0, "the profile", err);
  free(text);
  return st;
}
