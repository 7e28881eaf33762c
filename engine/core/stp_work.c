/* stp_work.c - the trainee's work and the work file (CSV); see stp_work.h and
 * docs/work-format.md.
 *
 * The parser reads outside input, so it is written to be fuzzed: one pass over
 * the bytes, no per-field allocation for the required columns (fields are
 * spans into the input), every size computation checked, and a failure at any
 * point frees what was built and leaves the output empty.
 *
 * Numbers: strtod/printf follow the C locale, which applies because Stipple
 * never calls setlocale; the decimal point is always '.'. Most fields take an
 * exact fast path (Clinger: a mantissa below 2^53 scaled by an exact power of
 * ten is one correctly rounded operation) and fall back to strtod otherwise,
 * so the result is the same correctly rounded double either way.
 */
#define _POSIX_C_SOURCE 200809L

#include "stp_work.h"
#include "stp_file.h"

#include <errno.h>
#include <float.h>
#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* ---- the required columns ---------------------------------------------- */

/* The required columns, then the optional known ones (typed, kept in stp_impression). */
enum { COL_X, COL_Y, COL_ANGLE, COL_DEPTH, COL_NEEDLE, COL_INK, COL_SESSION, COL_T, NREQ,
       COL_DWELL = NREQ, COL_PIGMENT, NKNOWN };

static const char *const req_names[NKNOWN] = {
  "x_mm", "y_mm", "angle_deg", "depth_mm", "needle_mm", "ink", "session", "t_ms", "dwell_ms",
  "pigment",
};

/* What a message says a value of required column k should be. */
static void describe_expected(char *buf, size_t size, int k) {
  switch (k) {
    case COL_X: case COL_Y:
      snprintf(buf, size, "expected a number of mm between %g and %g", -STP_WORK_MAX_COORD_MM,
               STP_WORK_MAX_COORD_MM);
      break;
    case COL_ANGLE: snprintf(buf, size, "expected a finite number of degrees"); break;
    case COL_DEPTH:
      snprintf(buf, size, "expected a number of mm between 0 and %g", STP_WORK_MAX_DEPTH_MM);
      break;
    case COL_NEEDLE:
      snprintf(buf, size, "expected a number of mm between 0 (exclusive) and %g",
               STP_WORK_MAX_NEEDLE_MM);
      break;
    case COL_INK: snprintf(buf, size, "expected a number between 0 (exclusive) and 1"); break;
    case COL_SESSION: snprintf(buf, size, "expected a whole number >= 1"); break;
    case COL_DWELL:
      snprintf(buf, size, "expected a whole number of milliseconds between 0 (not recorded) and %g",
               STP_WORK_MAX_DWELL_MS);
      break;
    case COL_PIGMENT:
      snprintf(buf, size, "expected a pigment id (1 to %d characters: a-z, 0-9, '-' and '_')",
               STP_WORK_PIGMENT_ID_LEN - 1);
      break;
    default: snprintf(buf, size, "expected a whole number of milliseconds >= 0"); break;
  }
}

/* ---- small helpers -------------------------------------------------------- */

static char *copy_text(const char *s, size_t n) {
  char *p = malloc(n + 1);
  if (!p) return NULL;
  if (n) memcpy(p, s, n);
  p[n] = '\0';
  return p;
}

/* Multiply without overflow; false if a * b does not fit. */
static bool mul_size(size_t a, size_t b, size_t *out) {
  if (b != 0 && a > SIZE_MAX / b) return false;
  *out = a * b;
  return true;
}

/* Strict UTF-8: no overlong forms, no surrogates, nothing above U+10FFFF. */
static bool utf8_valid(const unsigned char *s, size_t n) {
  size_t i = 0;
  while (i < n) {
    unsigned c = s[i];
    if (c < 0x80) { i++; continue; }
    size_t len;
    unsigned lo = 0x80, hi = 0xBF;
    if (c >= 0xC2 && c <= 0xDF) len = 2;
    else if (c == 0xE0) { len = 3; lo = 0xA0; }
    else if (c >= 0xE1 && c <= 0xEC) len = 3;
    else if (c == 0xED) { len = 3; hi = 0x9F; }
    else if (c >= 0xEE && c <= 0xEF) len = 3;
    else if (c == 0xF0) { len = 4; lo = 0x90; }
    else if (c >= 0xF1 && c <= 0xF3) len = 4;
    else if (c == 0xF4) { len = 4; hi = 0x8F; }
    else return false;
    if (n - i < len) return false;
    if (s[i + 1] < lo || s[i + 1] > hi) return false;
    for (size_t k = 2; k < len; k++)
      if (s[i + k] < 0x80 || s[i + k] > 0xBF) return false;
    i += len;
  }
  return true;
}

/* Line breaks in [a, b): LF, CRLF and a lone CR each count once. */
static size_t count_breaks(const char *a, const char *b) {
  size_t n = 0;
  for (const char *p = a; p < b; p++) {
    if (*p == '\n') n++;
    else if (*p == '\r' && (p + 1 >= b || p[1] != '\n')) n++;
  }
  return n;
}

/* line + n, saturating (a line number is an int; a huge input must not overflow it). */
static int add_lines(int line, size_t n) {
  return n > (size_t)(INT_MAX - line) ? INT_MAX : line + (int)n;
}

/* Show a field in a message: quoted, control bytes escaped, long ones cut.
 * escaped: s holds doubled quotes (a quoted CSV field), shown once. */
static void show_field(char *buf, size_t size, const char *s, size_t n, bool escaped) {
  size_t o = 0, i;
  const size_t max_shown = 40;
  if (size < 8) { if (size) buf[0] = '\0'; return; }
  buf[o++] = '"';
  for (i = 0; i < n && i < max_shown && o + 6 < size; i++) {
    unsigned char c = (unsigned char)s[i];
    if (escaped && c == '"') i++;
    if (c < 0x20 || c == 0x7F) o += (size_t)snprintf(buf + o, size - o, "\\x%02X", c);
    else buf[o++] = (char)c;
  }
  if (i < n && o + 5 < size) { memcpy(buf + o, "...", 3); o += 3; }
  buf[o++] = '"';
  buf[o] = '\0';
}

/* ---- the work ------------------------------------------------------------ */

void stp_work_init(stp_work *w) {
  if (w) memset(w, 0, sizeof *w);
}

static void free_cells(char **cells, size_t n) {
  if (!cells) return;
  for (size_t i = 0; i < n; i++) free(cells[i]);
}

void stp_work_free(stp_work *w) {
  if (!w) return;
  free_cells(w->extra_values, w->count * w->extra_count);
  free(w->extra_values);
  free_cells(w->extra_names, w->extra_count);
  free(w->extra_names);
  free(w->items);
  stp_work_init(w);
}

void stp_work_clear(stp_work *w) {
  if (!w) return;
  free_cells(w->extra_values, w->count * w->extra_count);
  w->count = 0;
  w->revision++;
}

/* Make room for at least `rows` rows (items and extra cells). False when out of memory. */
static bool reserve_rows(stp_work *w, size_t rows) {
  if (rows <= w->capacity && (w->extra_count == 0 || rows <= w->extra_capacity)) return true;
  size_t cap = w->capacity > 16 ? w->capacity : 16;
  while (cap < rows) cap = cap > SIZE_MAX / 2 ? rows : cap * 2;
  size_t bytes;
  if (cap > w->capacity) {
    if (!mul_size(cap, sizeof *w->items, &bytes)) return false;
    stp_impression *items = realloc(w->items, bytes);
    if (!items) return false;
    w->items = items;
    w->capacity = cap;
  }
  if (w->extra_count > 0 && cap > w->extra_capacity) {
    size_t cells;
    if (!mul_size(cap, w->extra_count, &cells) || !mul_size(cells, sizeof(char *), &bytes))
      return false;
    char **values = realloc(w->extra_values, bytes);
    if (!values) return false;
    w->extra_values = values;
    w->extra_capacity = cap;
  }
  return true;
}

/* The index of a known column (required or optional), or -1 for an extra one. */
static int required_index(const char *name, size_t n) {
  for (int k = 0; k < NKNOWN; k++)
    if (strlen(req_names[k]) == n && memcmp(req_names[k], name, n) == 0) return k;
  return -1;
}

long stp_work_find_column(const stp_work *w, const char *name) {
  if (!w || !name) return -1;
  for (size_t i = 0; i < w->extra_count; i++)
    if (strcmp(w->extra_names[i], name) == 0) return (long)i;
  return -1;
}

stp_status stp_work_add_column(stp_work *w, const char *name, size_t *col, stp_error *err) {
  if (!w || !name)
    return stp_error_set(err, STP_ERR_USAGE, NULL, 0, "stp_work_add_column: no work or no name");
  size_t n = strlen(name);
  if (n == 0)
    return stp_error_set(err, STP_ERR_USAGE, NULL, 0, "an extra column needs a non-empty name");
  if (required_index(name, n) >= 0)
    return stp_error_set(err, STP_ERR_USAGE, NULL, 0,
                         "'%s' is a known column; it cannot be added as an extra one", name);
  if (!utf8_valid((const unsigned char *)name, n))
    return stp_error_set(err, STP_ERR_USAGE, NULL, 0, "column name is not valid UTF-8");
  long found = stp_work_find_column(w, name);
  if (found >= 0) {
    if (col) *col = (size_t)found;
    return STP_OK;
  }
  if (w->extra_count >= STP_WORK_MAX_COLUMNS - NREQ)
    return stp_error_set(err, STP_ERR_RANGE, NULL, 0,
                         "cannot add column '%s': a work file has at most %d columns", name,
                         STP_WORK_MAX_COLUMNS);

  /* Build everything first, then commit: a failure changes nothing. */
  size_t ne = w->extra_count + 1, cap = w->count, cells = 0, bytes = 0;
  char **names = NULL, **values = NULL, *dup = NULL;
  dup = copy_text(name, n);
  names = malloc(ne * sizeof *names);
  if (!dup || !names) goto nomem;
  if (cap > 0) {
    if (!mul_size(cap, ne, &cells) || !mul_size(cells, sizeof *values, &bytes)) goto nomem;
    values = malloc(bytes);
    if (!values) goto nomem;
    for (size_t r = 0; r < w->count; r++) {
      char *cell = copy_text("", 0);
      if (!cell) {
        for (size_t q = 0; q < r; q++) free(values[q * ne + ne - 1]);
        goto nomem;
      }
      values[r * ne + ne - 1] = cell;
    }
    for (size_t r = 0; r < w->count; r++)
      for (size_t c = 0; c + 1 < ne; c++) values[r * ne + c] = w->extra_values[r * w->extra_count + c];
  }
  if (w->extra_count) memcpy(names, w->extra_names, w->extra_count * sizeof *names);
  names[ne - 1] = dup;
  free(w->extra_names);
  free(w->extra_values);
  w->extra_names = names;
  w->extra_values = values;
  w->extra_capacity = cap;
  w->extra_count = ne;
  if (col) *col = ne - 1;
  return STP_OK;
nomem:
  free(dup);
  free(names);
  free(values);
  return stp_error_set(err, STP_ERR_NOMEM, NULL, 0, "out of memory adding column '%s'", name);
}

stp_status stp_work_push(stp_work *w, const stp_impression *imp, const char *const *extras,
                         stp_error *err) {
  if (!w || !imp)
    return stp_error_set(err, STP_ERR_USAGE, NULL, 0, "stp_work_push: no work or no impression");
  if (!stp_impression_valid(imp))
    return stp_error_set(err, STP_ERR_RANGE, NULL, 0,
                         "impression out of range (x %g, y %g, depth %g, needle %g, ink %g, "
                         "session %ld, t %lld ms)",
                         imp->x_mm, imp->y_mm, imp->depth_mm, imp->needle_mm, imp->ink,
                         (long)imp->session, (long long)imp->t_ms);
  if (w->count >= STP_WORK_MAX_ROWS)
    return stp_error_set(err, STP_ERR_RANGE, NULL, 0, "a work holds at most %d impressions",
                         STP_WORK_MAX_ROWS);
  if (!reserve_rows(w, w->count + 1))
    return stp_error_set(err, STP_ERR_NOMEM, NULL, 0, "out of memory adding an impression");
  char **row = w->extra_count ? w->extra_values + w->count * w->extra_count : NULL;
  for (size_t c = 0; c < w->extra_count; c++) {
    const char *v = extras && extras[c] ? extras[c] : "";
    row[c] = copy_text(v, strlen(v));
    if (!row[c]) {
      free_cells(row, c);
      return stp_error_set(err, STP_ERR_NOMEM, NULL, 0, "out of memory adding an impression");
    }
  }
  w->items[w->count++] = *imp;
  if (imp->dwell_ms > 0) w->has_dwell = true;
  return STP_OK;
}

bool stp_work_pigment_id_valid(const char *s, size_t len) {
  if (len == 0 || len >= STP_WORK_PIGMENT_ID_LEN) return false;
  for (size_t i = 0; i < len; i++) {
    char c = s[i];
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_')) return false;
  }
  return true;
}

stp_status stp_work_set_pigments(stp_work *w, const char *const *ids, int n, stp_error *err) {
  if (n < 0 || n > STP_WORK_MAX_PIGMENTS)
    return stp_error_set(err, STP_ERR_RANGE, NULL, 0, "a work holds at most %d pigments", STP_WORK_MAX_PIGMENTS);
  for (int i = 0; i < n; i++)
    if (!ids[i] || !stp_work_pigment_id_valid(ids[i], strlen(ids[i])))
      return stp_error_set(err, STP_ERR_RANGE, NULL, 0, "pigment %d has no valid id", i + 1);
  for (int i = 0; i < n; i++) snprintf(w->pigments[i], sizeof w->pigments[i], "%s", ids[i]);
  w->pigment_count = n;
  w->revision++;
  return STP_OK;
}

bool stp_work_pop(stp_work *w) {
  if (!w || w->count == 0) return false;
  w->count--;
  if (w->extra_count) free_cells(w->extra_values + w->count * w->extra_count, w->extra_count);
  w->revision++;
  return true;
}

const char *stp_work_extra(const stp_work *w, size_t row, size_t col) {
  if (!w || row >= w->count || col >= w->extra_count || !w->extra_values) return "";
  const char *v = w->extra_values[row * w->extra_count + col];
  return v ? v : "";
}

/* ---- impressions --------------------------------------------------------- */

/* Round to `places` decimals (scale = 10^places), the precision the file keeps.
 * Below 1e12 that is round(v * scale) / scale, which is idempotent and prints
 * back exactly with "%.*f". Beyond that (only absurd angles get there) the
 * double spacing approaches 0.01 and v * scale rounding is no longer stable,
 * so the value is snapped to exactly what the file would read back. */
static double quantize_to(double v, double scale, int places) {
  if (!isfinite(v)) return v;
  if (fabs(v) < 1e12) return round(v * scale) / scale + 0.0;   /* + 0.0 turns -0 into 0 */
  char buf[400];   /* DBL_MAX has 309 integer digits */
  snprintf(buf, sizeof buf, "%.*f", places, v);
  return strtod(buf, NULL);
}

void stp_impression_quantize(stp_impression *imp) {
  if (!imp) return;
  imp->x_mm = quantize_to(imp->x_mm, 100.0, 2);
  imp->y_mm = quantize_to(imp->y_mm, 100.0, 2);
  imp->angle_deg = quantize_to(imp->angle_deg, 100.0, 2);
  imp->depth_mm = quantize_to(imp->depth_mm, 1000.0, 3);
  /* Needle and ink must stay > 0: a tiny positive value keeps the smallest step. */
  bool needle_pos = imp->needle_mm > 0, ink_pos = imp->ink > 0;
  imp->needle_mm = quantize_to(imp->needle_mm, 1000.0, 3);
  imp->ink = quantize_to(imp->ink, 1000.0, 3);
  imp->dwell_ms = quantize_to(imp->dwell_ms, 1.0, 0);
  if (needle_pos && imp->needle_mm <= 0) imp->needle_mm = 0.001;
  if (ink_pos && imp->ink <= 0) imp->ink = 0.001;
}

static bool coord_ok(double v) { return isfinite(v) && fabs(v) <= STP_WORK_MAX_COORD_MM; }
static bool needle_ok(double v) { return isfinite(v) && v > 0 && v <= STP_WORK_MAX_NEEDLE_MM; }
static bool depth_ok(double v) { return isfinite(v) && v >= 0 && v <= STP_WORK_MAX_DEPTH_MM; }
static bool dwell_ok(double v) { return isfinite(v) && v >= 0 && v <= STP_WORK_MAX_DWELL_MS; }
static bool ink_ok(double v) { return isfinite(v) && v > 0 && v <= 1.0; }

/* The same limits the parser applies, so a valid impression always loads back. */
bool stp_impression_valid(const stp_impression *imp) {
  return imp && coord_ok(imp->x_mm) && coord_ok(imp->y_mm) && isfinite(imp->angle_deg) &&
         depth_ok(imp->depth_mm) && needle_ok(imp->needle_mm) && ink_ok(imp->ink) &&
         imp->session >= 1 && imp->t_ms >= 0 && dwell_ok(imp->dwell_ms);
}

/* ---- CSV scanning ---------------------------------------------------------- */

typedef struct field {
  const char *p;   /* start of the text (inside the quotes for a quoted field) */
  size_t len;
  bool escaped;    /* quoted and holds doubled quotes ("") to undo */
} field;

typedef struct scanner {
  const char *p, *end;
  const char *name;
  int line;        /* 1-based line at p */
} scanner;

static bool is_blank(char c) { return c == ' ' || c == '\t'; }

/* Copy a field's text, undoing doubled quotes, into a new string. */
static char *field_dup(const field *f) {
  if (!f->escaped) return copy_text(f->p, f->len);
  char *s = malloc(f->len + 1);
  if (!s) return NULL;
  size_t o = 0;
  for (size_t i = 0; i < f->len; i++) {
    s[o++] = f->p[i];
    if (f->p[i] == '"') i++;   /* a quote inside a quoted field is always doubled */
  }
  s[o] = '\0';
  return s;
}

/* Do two fields hold the same text once doubled quotes are undone? */
static bool field_equal(const field *a, const field *b) {
  size_t i = 0, j = 0;
  while (i < a->len && j < b->len) {
    if (a->p[i] != b->p[j]) return false;
    i += a->escaped && a->p[i] == '"' ? 2 : 1;
    j += b->escaped && b->p[j] == '"' ? 2 : 1;
  }
  return i >= a->len && j >= b->len;
}

/* Read the next record. Blank lines (only spaces/tabs) before it are skipped.
 * Stores up to `max` fields, counts all of them in *nf. *eof when no record. */
static stp_status next_record(scanner *sc, field *fields, size_t max, size_t *nf, int *rec_line,
                              bool *eof, stp_error *err) {
  const char *p = sc->p, *end = sc->end;
  *nf = 0;
  *eof = false;
  for (;;) {   /* skip blank lines */
    const char *q = p;
    while (q < end && is_blank(*q)) q++;
    if (q == end) { sc->p = end; *eof = true; return STP_OK; }
    if (*q == '\n' || *q == '\r') {
      if (*q == '\r' && q + 1 < end && q[1] == '\n') q++;
      p = q + 1;
      sc->line = add_lines(sc->line, 1);
      continue;
    }
    break;
  }
  *rec_line = sc->line;
  const char *rec_start = p;
  size_t n = 0;
  for (;;) {
    field f = {0};
    while (p < end && is_blank(*p)) p++;
    if (p < end && *p == '"') {
      int open_line = sc->line;
      const char *start = ++p;
      for (;;) {
        const char *q = memchr(p, '"', (size_t)(end - p));
        if (!q) {
          sc->line = open_line;
          return stp_error_set(err, STP_ERR_PARSE, sc->name, open_line,
                               "field %zu: a quote opened here is never closed; close it with \"",
                               n + 1);
        }
        if (q + 1 < end && q[1] == '"') { f.escaped = true; p = q + 2; continue; }
        sc->line = add_lines(sc->line, count_breaks(start, q));
        f.p = start;
        f.len = (size_t)(q - start);
        p = q + 1;
        break;
      }
      while (p < end && is_blank(*p)) p++;
      if (p < end && *p != ',' && *p != '\n' && *p != '\r') {
        char shown[64];
        show_field(shown, sizeof shown, p, 1, false);
        return stp_error_set(err, STP_ERR_PARSE, sc->name, sc->line,
                             "field %zu: unexpected %s after the closing quote; a quoted field "
                             "must be followed by a comma or the end of the line",
                             n + 1, shown);
      }
    } else {
      const char *start = p;
      while (p < end && *p != ',' && *p != '\n' && *p != '\r') p++;
      const char *stop = p;
      while (stop > start && is_blank(stop[-1])) stop--;
      f.p = start;
      f.len = (size_t)(stop - start);
    }
    if (n < max) fields[n] = f;
    n++;
    if (p < end && *p == ',') { p++; continue; }
    if (p < end) {   /* end of line */
      if (*p == '\r' && p + 1 < end && p[1] == '\n') p++;
      p++;
      sc->line = add_lines(sc->line, 1);
    }
    break;
  }
  const char *rec_end = p;   /* the line break aside */
  while (rec_end > rec_start && (rec_end[-1] == '\n' || rec_end[-1] == '\r')) rec_end--;
  if ((size_t)(rec_end - rec_start) > STP_WORK_MAX_LINE)
    return stp_error_set(err, STP_ERR_PARSE, sc->name, *rec_line,
                         "the row is %zu bytes long; a row is at most %u bytes",
                         (size_t)(rec_end - rec_start), (unsigned)STP_WORK_MAX_LINE);
  sc->p = p;
  *nf = n;
  return STP_OK;
}

/* ---- numbers -------------------------------------------------------------- */

typedef enum num_result { NUM_OK, NUM_BAD, NUM_NOMEM } num_result;

static const double pow10_exact[23] = {
  1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
  1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
};

/* A decimal number: [+-] digits [. digits] [(e|E) [+-] digits] with at least one
 * mantissa digit; no hex, inf or nan. *buf (size *bufsize) is reusable scratch
 * for the strtod fallback, so no allocation happens per field. */
static num_result parse_double(const char *s, size_t n, double *out, char **buf, size_t *bufsize) {
  size_t i = 0;
  bool neg = false, any = false, slow = false;
  if (i < n && (s[i] == '+' || s[i] == '-')) neg = s[i++] == '-';
  uint64_t mant = 0;
  int digits = 0;   /* significant digits in mant */
  long long scale = 0;   /* value = mant * 10^scale (before the exponent) */
  for (; i < n && s[i] >= '0' && s[i] <= '9'; i++) {
    any = true;
    if (mant == 0 && s[i] == '0') continue;
    if (digits < 19) { mant = mant * 10 + (uint64_t)(s[i] - '0'); digits++; }
    else slow = true;
  }
  if (i < n && s[i] == '.') {
    for (i++; i < n && s[i] >= '0' && s[i] <= '9'; i++) {
      any = true;
      if (mant == 0 && s[i] == '0') { scale--; continue; }
      if (digits < 19) { mant = mant * 10 + (uint64_t)(s[i] - '0'); digits++; scale--; }
      else slow = true;
    }
  }
  if (!any) return NUM_BAD;
  long long ex = 0;
  if (i < n && (s[i] == 'e' || s[i] == 'E')) {
    i++;
    bool eneg = false;
    if (i < n && (s[i] == '+' || s[i] == '-')) eneg = s[i++] == '-';
    if (i >= n || s[i] < '0' || s[i] > '9') return NUM_BAD;
    for (; i < n && s[i] >= '0' && s[i] <= '9'; i++)
      if (ex < 100000) ex = ex * 10 + (s[i] - '0');
    if (eneg) ex = -ex;
  }
  if (i != n) return NUM_BAD;

  long long e10 = ex + scale;
  /* The fast path needs plain double arithmetic (SSE2, not x87 extended). */
  if (FLT_EVAL_METHOD == 0 && !slow && mant < (UINT64_C(1) << 53) && e10 >= -22 && e10 <= 22) {
    double v = (double)mant;
    v = e10 < 0 ? v / pow10_exact[-e10] : v * pow10_exact[e10];
    *out = neg ? -v : v;
    return NUM_OK;
  }
  if (n + 1 > *bufsize) {   /* strtod needs a terminated string */
    size_t sz = n + 1 < 64 ? 64 : n + 1;
    char *b = realloc(*buf, sz);
    if (!b) return NUM_NOMEM;
    *buf = b;
    *bufsize = sz;
  }
  memcpy(*buf, s, n);
  (*buf)[n] = '\0';
  char *endp = NULL;
  double v = strtod(*buf, &endp);   /* C locale: '.' is the decimal point */
  if (endp != *buf + n) return NUM_BAD;
  *out = v;
  return NUM_OK;
}

/* [+-] digits, within [lo, hi]. */
static bool parse_int(const char *s, size_t n, int64_t lo, int64_t hi, int64_t *out) {
  size_t i = 0;
  bool neg = false;
  if (i < n && (s[i] == '+' || s[i] == '-')) neg = s[i++] == '-';
  if (i >= n) return false;
  uint64_t v = 0;
  for (; i < n; i++) {
    if (s[i] < '0' || s[i] > '9') return false;
    v = v * 10 + (uint64_t)(s[i] - '0');
    if (v > (uint64_t)INT64_MAX) return false;   /* checked each digit: cannot wrap */
  }
  int64_t r = neg ? -(int64_t)v : (int64_t)v;
  if (r < lo || r > hi) return false;
  *out = r;
  return true;
}

/* ---- parsing --------------------------------------------------------------- */

typedef struct parse_ctx {
  scanner sc;
  int role[STP_WORK_MAX_COLUMNS];   /* per column: 0..NREQ-1 required, NREQ + k extra k */
  size_t ncols;
  char *numbuf;
  size_t numbuf_size;
} parse_ctx;

static stp_status value_error(const parse_ctx *cx, int line, int k, const field *f,
                              stp_error *err) {
  char shown[96], expected[96];
  show_field(shown, sizeof shown, f->p, f->len, f->escaped);
  describe_expected(expected, sizeof expected, k);
  return stp_error_set(err, STP_ERR_PARSE, cx->sc.name, line, "column '%s' is %s, %s",
                       req_names[k], f->len ? shown : "empty", expected);
}

static stp_status parse_header(parse_ctx *cx, stp_work *w, const field *fields, size_t nf,
                               int line, stp_error *err) {
  const char *name = cx->sc.name;
  if (nf > STP_WORK_MAX_COLUMNS)
    return stp_error_set(err, STP_ERR_PARSE, name, line,
                         "the header has %zu columns; a work file has at most %d", nf,
                         STP_WORK_MAX_COLUMNS);
  bool seen[NREQ] = {false};
  size_t nextra = 0;
  for (size_t c = 0; c < nf; c++) {
    const field *f = &fields[c];
    if (f->len == 0)
      return stp_error_set(err, STP_ERR_PARSE, name, line,
                           "header column %zu has no name; name every column", c + 1);
    if (!utf8_valid((const unsigned char *)f->p, f->len))
      return stp_error_set(err, STP_ERR_PARSE, name, line,
                           "header column %zu is not valid UTF-8; save the file as UTF-8", c + 1);
    for (size_t d = 0; d < c; d++) {
      const field *g = &fields[d];
      if (field_equal(g, f)) {
        char shown[96];
        show_field(shown, sizeof shown, f->p, f->len, f->escaped);
        return stp_error_set(err, STP_ERR_PARSE, name, line,
                             "column %s appears twice (columns %zu and %zu); keep one", shown,
                             d + 1, c + 1);
      }
    }
    /* A required name holds no quote, so an escaped field is never one. */
    int k = f->escaped ? -1 : required_index(f->p, f->len);
    cx->role[c] = k >= 0 ? k : NKNOWN + (int)nextra++;
    if (k >= 0 && k < NREQ) seen[k] = true;
    if (k == COL_DWELL) w->has_dwell = true;
    if (k == COL_PIGMENT) w->has_pigment = true;
  }
  char missing[256] = "";
  size_t nmissing = 0, o = 0;
  for (int k = 0; k < NREQ; k++) {
    if (seen[k]) continue;
    o += (size_t)snprintf(missing + o, sizeof missing - o, "%s'%s'", nmissing ? ", " : "",
                          req_names[k]);
    nmissing++;
  }
  if (nmissing)
    return stp_error_set(err, STP_ERR_PARSE, name, line,
                         "missing required column%s %s; the header must name x_mm, y_mm, "
                         "angle_deg, depth_mm, needle_mm, ink, session and t_ms (in any order)",
                         nmissing > 1 ? "s" : "", missing);
  cx->ncols = nf;
  if (nextra) {
    w->extra_names = malloc(nextra * sizeof *w->extra_names);
    if (!w->extra_names)
      return stp_error_set(err, STP_ERR_NOMEM, name, line, "out of memory reading the header");
    for (size_t c = 0; c < nf; c++) {
      if (cx->role[c] < NKNOWN) continue;
      char *s = field_dup(&fields[c]);
      if (!s)
        return stp_error_set(err, STP_ERR_NOMEM, name, line, "out of memory reading the header");
      w->extra_names[w->extra_count++] = s;
    }
  }
  return STP_OK;
}

static stp_status parse_row(parse_ctx *cx, stp_work *w, const field *fields, size_t nf, int line,
                            stp_error *err) {
  const char *name = cx->sc.name;
  if (nf != cx->ncols)
    return stp_error_set(err, STP_ERR_PARSE, name, line,
                         "row has %zu field%s, expected %zu (one per header column)", nf,
                         nf == 1 ? "" : "s", cx->ncols);
  if (w->count >= STP_WORK_MAX_ROWS)
    return stp_error_set(err, STP_ERR_RANGE, name, line,
                         "more than %d impressions; split the work into several files",
                         STP_WORK_MAX_ROWS);

  stp_impression imp;
  memset(&imp, 0, sizeof imp);
  for (size_t c = 0; c < nf; c++) {
    int k = cx->role[c];
    if (k >= NKNOWN) continue;
    const field *f = &fields[c];
    if (f->escaped) return value_error(cx, line, k, f, err);   /* holds a quote */
    if (k == COL_PIGMENT) {
      if (!stp_work_pigment_id_valid(f->p, f->len)) return value_error(cx, line, k, f, err);
      int id = 0;
      while (id < w->pigment_count && !(strlen(w->pigments[id]) == f->len && memcmp(w->pigments[id], f->p, f->len) == 0))
        id++;
      if (id == w->pigment_count) {
        if (id == STP_WORK_MAX_PIGMENTS)
          return stp_error_set(err, STP_ERR_PARSE, name, line,
                               "more than %d different pigments in one work", STP_WORK_MAX_PIGMENTS);
        memcpy(w->pigments[id], f->p, f->len);
        w->pigments[id][f->len] = '\0';
        w->pigment_count++;
      }
      imp.pigment = (uint8_t)id;
      continue;
    }
    if (k == COL_SESSION || k == COL_T || k == COL_DWELL) {
      /* Whole numbers: the writer prints them as such, so a fraction would not load back. */
      int64_t v;
      bool ok = k == COL_SESSION ? parse_int(f->p, f->len, 1, INT32_MAX, &v)
                : k == COL_T     ? parse_int(f->p, f->len, 0, INT64_MAX, &v)
                                 : parse_int(f->p, f->len, 0, (int64_t)STP_WORK_MAX_DWELL_MS, &v);
      if (!ok) return value_error(cx, line, k, f, err);
      if (k == COL_SESSION) imp.session = (int32_t)v;
      else if (k == COL_T) imp.t_ms = v;
      else imp.dwell_ms = (double)v;
      continue;
    }
    double v = 0;
    num_result r = parse_double(f->p, f->len, &v, &cx->numbuf, &cx->numbuf_size);
    if (r == NUM_NOMEM)
      return stp_error_set(err, STP_ERR_NOMEM, name, line, "out of memory reading a number");
    bool ok = r == NUM_OK;
    switch (k) {
      case COL_X: ok = ok && coord_ok(v); imp.x_mm = v; break;
      case COL_Y: ok = ok && coord_ok(v); imp.y_mm = v; break;
      case COL_ANGLE: ok = ok && isfinite(v); imp.angle_deg = v; break;
      case COL_DEPTH: ok = ok && depth_ok(v); imp.depth_mm = v; break;
      case COL_NEEDLE: ok = ok && needle_ok(v); imp.needle_mm = v; break;
      default: ok = ok && ink_ok(v); imp.ink = v; break;
    }
    if (!ok) return value_error(cx, line, k, f, err);
  }
  if (!reserve_rows(w, w->count + 1))
    return stp_error_set(err, STP_ERR_NOMEM, name, line, "out of memory reading row");
  if (w->extra_count) {
    /* Extra columns come in file order, so cells 0..e-1 are filled when e fails. */
    char **row = w->extra_values + w->count * w->extra_count;
    size_t e = 0;
    for (size_t c = 0; c < nf; c++) {
      if (cx->role[c] < NKNOWN) continue;
      row[e] = field_dup(&fields[c]);
      if (!row[e]) {
        free_cells(row, e);
        return stp_error_set(err, STP_ERR_NOMEM, name, line, "out of memory reading a row");
      }
      e++;
    }
  }
  imp.line = line;
  w->items[w->count++] = imp;
  return STP_OK;
}

/* ---- the design preamble ------------------------------------------------------ */

void stp_design_quantize(stp_design *d) {
  for (int i = 0; i < d->n && i < STP_DESIGN_MAX_POINTS; i++) {
    d->x[i] = quantize_to(d->x[i], 100, 2);
    d->y[i] = quantize_to(d->y[i], 100, 2);
  }
  for (int k = 0; k < 2 && d->temples; k++) {
    d->temple_x[k] = quantize_to(d->temple_x[k], 100, 2);
    d->temple_y[k] = quantize_to(d->temple_y[k], 100, 2);
  }
}

bool stp_design_valid(const stp_design *d) {
  if (d->n == 0) return !d->temples;
  if (d->n < 2 || d->n > STP_DESIGN_MAX_POINTS) return false;
  for (int i = 0; i < d->n; i++)
    if (!coord_ok(d->x[i]) || !coord_ok(d->y[i])) return false;
  for (int k = 0; k < 2 && d->temples; k++)
    if (!coord_ok(d->temple_x[k]) || !coord_ok(d->temple_y[k])) return false;
  return true;
}

#define DESIGN_TAG "# design "
/* Is this record a design line ("# design line ..." or "# design temples ...": one field)? */
static bool is_design_record(const field *fields, size_t nf) {
  size_t tl = sizeof DESIGN_TAG - 1;
  return nf == 1 && !fields[0].escaped && fields[0].len >= tl && memcmp(fields[0].p, DESIGN_TAG, tl) == 0;
}

/* Read one design line into w->design: "line X Y X Y ..." or "temples XL YL XR YR". */
static stp_status parse_design(parse_ctx *cx, stp_work *w, const field *f, int line, bool *seen_line,
                               bool *seen_temples, stp_error *err) {
  const char *p = f->p + sizeof DESIGN_TAG - 1, *end = f->p + f->len;
  while (p < end && *p == ' ') p++;
  const char *kw = p;
  while (p < end && *p != ' ') p++;
  size_t kwlen = (size_t)(p - kw);
  bool is_line = kwlen == 4 && memcmp(kw, "line", 4) == 0;
  bool is_temples = kwlen == 7 && memcmp(kw, "temples", 7) == 0;
  const char *name = cx->sc.name;
  if (!is_line && !is_temples)
    return stp_error_set(err, STP_ERR_PARSE, name, line,
                         "a design line names \"line\" or \"temples\" after \"# design\"");
  if ((is_line && *seen_line) || (is_temples && *seen_temples))
    return stp_error_set(err, STP_ERR_PARSE, name, line, "\"# design %s\" appears twice; keep one",
                         is_line ? "line" : "temples");
  double v[2 * STP_DESIGN_MAX_POINTS];
  int n = 0;
  for (;;) {
    while (p < end && *p == ' ') p++;
    if (p >= end) break;
    const char *t = p;
    while (p < end && *p != ' ') p++;
    if (n >= 2 * STP_DESIGN_MAX_POINTS)
      return stp_error_set(err, STP_ERR_PARSE, name, line, "the design line has more than %d points",
                           STP_DESIGN_MAX_POINTS);
    num_result r = parse_double(t, (size_t)(p - t), &v[n], &cx->numbuf, &cx->numbuf_size);
    if (r == NUM_NOMEM) return stp_error_set(err, STP_ERR_NOMEM, name, line, "out of memory reading the work");
    if (r != NUM_OK || !coord_ok(v[n])) {
      char shown[64];
      show_field(shown, sizeof shown, t, (size_t)(p - t), false);
      return stp_error_set(err, STP_ERR_PARSE, name, line,
                           "design value %d is %s, expected a number of mm between -1000 and 1000", n + 1, shown);
    }
    n++;
  }
  if (is_temples) {
    if (n != 4)
      return stp_error_set(err, STP_ERR_PARSE, name, line,
                           "\"# design temples\" has %d numbers; it takes 4: left x y, right x y", n);
    w->design.temples = true;
    for (int k = 0; k < 2; k++) { w->design.temple_x[k] = v[2 * k]; w->design.temple_y[k] = v[2 * k + 1]; }
    *seen_temples = true;
    return STP_OK;
  }
  if (n % 2 != 0 || n < 4)
    return stp_error_set(err, STP_ERR_PARSE, name, line,
                         "\"# design line\" has %d numbers; it takes 2 to %d points as x y pairs", n,
                         STP_DESIGN_MAX_POINTS);
  w->design.n = n / 2;
  for (int i = 0; i < n / 2; i++) { w->design.x[i] = v[2 * i]; w->design.y[i] = v[2 * i + 1]; }
  *seen_line = true;
  return STP_OK;
}

stp_status stp_work_parse(stp_work *out, const char *data, size_t size, const char *name,
                          stp_error *err) {
  if (!name) name = "work";
  if (!out) return stp_error_set(err, STP_ERR_USAGE, name, 0, "stp_work_parse: no output work");
  stp_work_init(out);
  if (!data) size = 0;

  /* An embedded NUL is never text; report the line it is on. */
  const char *nul = size ? memchr(data, '\0', size) : NULL;
  if (nul)
    return stp_error_set(err, STP_ERR_PARSE, name, add_lines(1, count_breaks(data, nul)),
                         "the file contains a NUL byte (offset %zu); a work file is UTF-8 text",
                         (size_t)(nul - data));

  parse_ctx cx;
  memset(&cx, 0, sizeof cx);
  cx.sc.p = data;
  cx.sc.end = data + size;
  cx.sc.name = name;
  cx.sc.line = 1;
  if (size >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0) cx.sc.p += 3;   /* UTF-8 BOM */

  stp_work w;
  stp_work_init(&w);
  field fields[STP_WORK_MAX_COLUMNS];
  size_t nf;
  int line;
  bool eof;
  stp_status s = next_record(&cx.sc, fields, STP_WORK_MAX_COLUMNS, &nf, &line, &eof, err);
  /* The design's lines, before the header (a work without them reads as it always did). */
  bool seen_line = false, seen_temples = false;
  while (s == STP_OK && !eof && is_design_record(fields, nf)) {
    s = parse_design(&cx, &w, &fields[0], line, &seen_line, &seen_temples, err);
    if (s == STP_OK) s = next_record(&cx.sc, fields, STP_WORK_MAX_COLUMNS, &nf, &line, &eof, err);
  }
  if (s == STP_OK && seen_temples && !seen_line)
    s = stp_error_set(err, STP_ERR_PARSE, name, line, "the design has temple points but no \"# design line\"");
  if (s == STP_OK && eof)
    s = stp_error_set(err, STP_ERR_PARSE, name, 0,
                      "the file is empty; expected a header row naming x_mm, y_mm, angle_deg, "
                      "depth_mm, needle_mm, ink, session and t_ms");
  if (s == STP_OK) s = parse_header(&cx, &w, fields, nf, line, err);
  if (s == STP_OK) {
    /* Reserve from a cheap upper bound on the rows, so the items grow once: no
     * more rows than lines, and a row takes at least 16 bytes ("0,0,0,0,1,1,1,0\n"),
     * so a hostile file cannot make us reserve much more than its own size. */
    size_t rest = (size_t)(cx.sc.end - cx.sc.p), lines = 1;
    for (const char *q = cx.sc.p; (q = memchr(q, '\n', (size_t)(cx.sc.end - q))) != NULL; q++)
      lines++;
    if (lines > rest / 16 + 1) lines = rest / 16 + 1;
    if (lines > STP_WORK_MAX_ROWS) lines = STP_WORK_MAX_ROWS;
    if (!reserve_rows(&w, lines) && !reserve_rows(&w, 16))
      s = stp_error_set(err, STP_ERR_NOMEM, name, line, "out of memory reading the work");
  }
  while (s == STP_OK) {
    s = next_record(&cx.sc, fields, STP_WORK_MAX_COLUMNS, &nf, &line, &eof, err);
    if (s != STP_OK || eof) break;
    s = parse_row(&cx, &w, fields, nf, line, err);
  }
  free(cx.numbuf);
  if (s != STP_OK) {
    stp_work_free(&w);
    return s;
  }
  *out = w;
  stp_error_clear(err);
  return STP_OK;
}

stp_status stp_work_load(stp_work *out, const char *path, stp_error *err) {
  if (out) stp_work_init(out);
  if (!out || !path)
    return stp_error_set(err, STP_ERR_USAGE, path, 0, "stp_work_load: no output work or no path");
  /* Only a regular file, and no larger than the largest work (not /dev/zero, a FIFO). */
  char *buf = NULL;
  size_t len = 0;
  stp_status s = stp_file_read(path, STP_FILE_MAX_WORK, "the work file", &buf, &len, err);
  if (s != STP_OK) return s;
  s = stp_work_parse(out, buf, len, path, err);
  free(buf);
  return s;
}

/* ---- writing --------------------------------------------------------------- */

/* Quote a cell that would not read back as itself unquoted. */
static void write_cell(FILE *f, const char *s) {
  size_t n = strlen(s);
  bool quote = n > 0 && (is_blank(s[0]) || is_blank(s[n - 1]));
  for (size_t i = 0; i < n && !quote; i++)
    if (s[i] == ',' || s[i] == '"' || s[i] == '\r' || s[i] == '\n') quote = true;
  if (!quote) {
    fputs(s, f);
    return;
  }
  putc('"', f);
  for (size_t i = 0; i < n; i++) {
    if (s[i] == '"') putc('"', f);
    putc(s[i], f);
  }
  putc('"', f);
}

/* Write v with `decimals` digits after the point, exactly as printf("%.*f") does for a
 * quantized value, without printf's cost (the autosave writes every row every second).
 * Huge values (|v| >= 1e12, possible for an angle) go through snprintf. Returns the end. */
/* A whole number in decimal, as printf("%lld") writes it. Returns the end. */
static char *put_int(char *o, long long v) {
  unsigned long long u = v < 0 ? 0ull - (unsigned long long)v : (unsigned long long)v;
  if (v < 0) *o++ = '-';
  char digits[24];
  int n = 0;
  do { digits[n++] = (char)('0' + u % 10); u /= 10; } while (u);
  while (n) *o++ = digits[--n];
  return o;
}

#define PUT_FIXED_MAX 400   /* room put_fixed may use: a double near DBL_MAX at 3 decimals */
static char *put_fixed(char *o, double v, int decimals) {
  static const long long scale[4] = {1, 10, 100, 1000};
  if (!(fabs(v) < 1e12)) {   /* up to ~310 digits for a double near DBL_MAX */
    int n = snprintf(o, PUT_FIXED_MAX, "%.*f", decimals, v);
    return o + (n < 0 ? 0 : n >= PUT_FIXED_MAX ? PUT_FIXED_MAX - 1 : n);
  }
  long long k = llround(v * (double)scale[decimals]);
  if (k < 0) { *o++ = '-'; k = -k; }
  else if (k == 0 && signbit(v)) { *o++ = '-'; }      /* printf writes "-0.00" for -0 */
  long long fp = k % scale[decimals];
  o = put_int(o, k / scale[decimals]);
  *o++ = '.';
  for (int d = decimals - 1; d >= 0; d--) { o[d] = (char)('0' + fp % 10); fp /= 10; }
  return o + decimals;
}

stp_status stp_work_write(const stp_work *w, FILE *f, stp_error *err) {
  if (!w || !f) return stp_error_set(err, STP_ERR_USAGE, NULL, 0, "stp_work_write: no work or no file");
  if (w->design.n > 0) {
    stp_design d = w->design;
    if (!stp_design_valid(&d))
      return stp_error_set(err, STP_ERR_RANGE, NULL, 0, "the design is out of range; not writing a file that cannot "
                           "be loaded back");
    stp_design_quantize(&d);
    char buf[PUT_FIXED_MAX], *o;
    fputs(DESIGN_TAG "line", f);
    for (int i = 0; i < d.n; i++) {
      o = put_fixed(buf, d.x[i], 2); *o++ = ' '; o = put_fixed(o, d.y[i], 2);
      putc(' ', f);
      fwrite(buf, 1, (size_t)(o - buf), f);
    }
    putc('\n', f);
    if (d.temples) {
      fputs(DESIGN_TAG "temples", f);
      for (int k = 0; k < 2; k++) {
        o = put_fixed(buf, d.temple_x[k], 2); *o++ = ' '; o = put_fixed(o, d.temple_y[k], 2);
        putc(' ', f);
        fwrite(buf, 1, (size_t)(o - buf), f);
      }
      putc('\n', f);
    }
  }
  for (int k = 0; k < NREQ; k++) fprintf(f, "%s%s", k ? "," : "", req_names[k]);
  if (w->has_dwell) fprintf(f, ",%s", req_names[COL_DWELL]);
  if (w->has_pigment) fprintf(f, ",%s", req_names[COL_PIGMENT]);
  for (size_t c = 0; c < w->extra_count; c++) {
    putc(',', f);
    write_cell(f, w->extra_names[c]);
  }
  putc('\n', f);
  for (size_t i = 0; i < w->count; i++) {
    stp_impression q = w->items[i];
    stp_impression_quantize(&q);
    if (!stp_impression_valid(&q))
      return stp_error_set(err, STP_ERR_RANGE, NULL, 0,
                           "impression %zu is out of range; not writing a file that cannot be "
                           "loaded back", i + 1);
    char row[6 * PUT_FIXED_MAX + 64], *o = row;
    o = put_fixed(o, q.x_mm, 2); *o++ = ',';
    o = put_fixed(o, q.y_mm, 2); *o++ = ',';
    o = put_fixed(o, q.angle_deg, 2); *o++ = ',';
    o = put_fixed(o, q.depth_mm, 3); *o++ = ',';
    o = put_fixed(o, q.needle_mm, 3); *o++ = ',';
    o = put_fixed(o, q.ink, 3); *o++ = ',';
    o = put_int(o, q.session); *o++ = ',';
    o = put_int(o, q.t_ms);
    if (w->has_dwell) { *o++ = ','; o = put_int(o, (long long)q.dwell_ms); }   /* whole ms */
    if (w->has_pigment && q.pigment >= w->pigment_count)
      return stp_error_set(err, STP_ERR_RANGE, NULL, 0,
                           "impression %zu names pigment %d of a table of %d; not writing a file "
                           "that cannot be loaded back", i + 1, q.pigment + 1, w->pigment_count);
    fwrite(row, 1, (size_t)(o - row), f);
    if (w->has_pigment) { putc(',', f); fputs(w->pigments[q.pigment], f); }
    for (size_t c = 0; c < w->extra_count; c++) {
      putc(',', f);
      write_cell(f, stp_work_extra(w, i, c));
    }
    putc('\n', f);
  }
  if (ferror(f))
    return stp_error_set(err, STP_ERR_IO, NULL, 0, "writing the work failed: %s", strerror(errno));
  return STP_OK;
}

static stp_status write_work(FILE *f, void *ctx, stp_error *err) {
  return stp_work_write(ctx, f, err);
}

stp_status stp_work_to_text(const stp_work *w, char **text, size_t *len, stp_error *err) {
  *text = NULL;
  *len = 0;
  char *buf = NULL;
  size_t n = 0;
  FILE *f = open_memstream(&buf, &n);
  if (!f) return stp_error_set(err, STP_ERR_NOMEM, NULL, 0, "out of memory writing the work");
  stp_status st = stp_work_write(w, f, err);
  if (fclose(f) != 0 && st == STP_OK) st = stp_error_set(err, STP_ERR_NOMEM, NULL, 0, "out of memory writing the work");
  if (st != STP_OK) {
    free(buf);
    return st;
  }
  *text = buf;
  *len = n;
  return STP_OK;
}

stp_status stp_work_save(const stp_work *w, const char *path, stp_error *err) {
  if (!w || !path) return stp_error_set(err, STP_ERR_USAGE, path, 0, "stp_work_save: no work or no path");
  /* A fresh temporary (O_EXCL|O_NOFOLLOW: a planted link is never followed), fsync, rename. */
  return stp_file_write_with(path, write_work, (void *)w, 0, "the work", err);
}
