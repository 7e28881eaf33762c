/* test_work.c - the work file (CSV): parsing good and bad files, writing,
 * saving, the stp_work container and quantisation.
 *
 * Fixtures are in tests/data/work (good_*.csv parse, bad_*.csv must not).
 * Errors are checked by status code and line number, and by what a user needs from the
 * message (the file and line, the offending column, the value), never by its wording.
 * When built with STP_WRAP_ALLOC (tests/work.cmake links with -Wl,--wrap=malloc
 * etc.), allocations can be made to fail to check the out-of-memory paths.
 */
#define _POSIX_C_SOURCE 200809L

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include "stp_test.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "stp_work.h"
#include "stp_kit.h"

#define WORK_DIR STP_TEST_DATA "/work/"

/* ---- allocation failure injection ------------------------------------------ */

#ifdef STP_WRAP_ALLOC
void *__real_malloc(size_t n);
void *__real_realloc(void *p, size_t n);
void *__real_calloc(size_t a, size_t b);
void *__wrap_malloc(size_t n);
void *__wrap_realloc(void *p, size_t n);
void *__wrap_calloc(size_t a, size_t b);

static long alloc_fail_at = -1;   /* the allocation (0-based) that fails; -1: none */
static long alloc_seen;

static bool alloc_should_fail(void) {
  if (alloc_fail_at < 0) return false;
  return alloc_seen++ == alloc_fail_at;
}
void *__wrap_malloc(size_t n) { return alloc_should_fail() ? NULL : __real_malloc(n); }
void *__wrap_realloc(void *p, size_t n) { return alloc_should_fail() ? NULL : __real_realloc(p, n); }
void *__wrap_calloc(size_t a, size_t b) { return alloc_should_fail() ? NULL : __real_calloc(a, b); }

static void fail_allocation(long k) { alloc_fail_at = k; alloc_seen = 0; }
/* Stop failing; true if the allocation chosen to fail was reached. */
static bool stop_failing(void) {
  bool reached = alloc_fail_at >= 0 && alloc_seen > alloc_fail_at;
  alloc_fail_at = -1;
  return reached;
}
#endif

/* ---- helpers ---------------------------------------------------------------- */

static char *read_all(FILE *f, size_t *len) {
  size_t cap = 4096, n = 0;
  char *buf = malloc(cap);
  assert_non_null(buf);
  size_t got;
  while ((got = fread(buf + n, 1, cap - n, f)) > 0) {
    n += got;
    if (n == cap) {
      cap *= 2;
      buf = realloc(buf, cap);
      assert_non_null(buf);
    }
  }
  *len = n;
  return buf;
}

static void assert_empty_work(const stp_work *w) {
  assert_int_equal(w->count, 0);
  assert_null(w->items);
  assert_int_equal(w->extra_count, 0);
  assert_null(w->extra_names);
  assert_null(w->extra_values);
}

static stp_impression imp_make(double x, double y, double a, double depth, double needle,
                               double ink, int32_t session, int64_t t) {
  stp_impression i = {x, y, a, depth, needle, ink, session, t, 0, 0, 0, 0, 0};
  return i;
}

static void assert_imp_equal(const stp_impression *a, const stp_impression *b) {
  assert_true(a->x_mm == b->x_mm);
  assert_true(a->y_mm == b->y_mm);
  assert_true(a->angle_deg == b->angle_deg);
  assert_true(a->depth_mm == b->depth_mm);
  assert_true(a->needle_mm == b->needle_mm);
  assert_true(a->ink == b->ink);
  assert_int_equal(a->session, b->session);
  assert_int_equal(a->t_ms, b->t_ms);
}

/* Write w to a temporary stream and parse it back into *back. */
static void round_trip(const stp_work *w, stp_work *back) {
  FILE *f = tmpfile();
  assert_non_null(f);
  stp_error err;
  assert_int_equal(stp_work_write(w, f, &err), STP_OK);
  rewind(f);
  size_t len;
  char *text = read_all(f, &len);
  fclose(f);
  stp_status s = stp_work_parse(back, text, len, "roundtrip.csv", &err);
  if (s != STP_OK) {
    char buf[1100];
    print_error("%s\n", stp_error_format(&err, buf, sizeof buf));
  }
  assert_int_equal(s, STP_OK);
  free(text);
}

/* ---- good files ------------------------------------------------------------- */

static void test_good_basic(void **state) {
  (void)state;
  stp_work w;
  stp_error err;
  assert_int_equal(stp_work_load(&w, WORK_DIR "good_basic.csv", &err), STP_OK);
  assert_int_equal(w.count, 3);
  assert_int_equal(w.extra_count, 0);
  stp_impression e0 = imp_make(0.0, 80.0, 90.0, 0.4, 0.25, 1.0, 1, 0);
  stp_impression e1 = imp_make(-12.35, 95.10, -45.5, 0.45, 0.3, 0.8, 1, 1250);
  stp_impression e2 = imp_make(40.0, 180.0, 270.0, 0.0, 2.0, 0.001, 2, 3600000);
  assert_imp_equal(&w.items[0], &e0);
  assert_imp_equal(&w.items[1], &e1);
  assert_imp_equal(&w.items[2], &e2);
  stp_work_free(&w);
  assert_empty_work(&w);
}

static void test_good_shuffled_extras(void **state) {
  (void)state;
  stp_work w;
  stp_error err;
  assert_int_equal(stp_work_load(&w, WORK_DIR "good_shuffled_extras.csv", &err), STP_OK);
  assert_int_equal(w.count, 4);
  assert_int_equal(w.extra_count, 2);
  assert_string_equal(w.extra_names[0], "pressure");
  assert_string_equal(w.extra_names[1], "note");
  assert_int_equal(stp_work_find_column(&w, "note"), 1);
  assert_int_equal(stp_work_find_column(&w, "Note"), -1);   /* case-sensitive */

  stp_impression e0 = imp_make(1.5, 70, 10, 0.4, 0.25, 0.9, 1, 0);
  stp_impression e1 = imp_make(-3.25, 71.5, 12.5, 0.5, 0.3, 1, 1, 20);
  stp_impression e2 = imp_make(10, 72, -15, 0.6, 0.35, 0.5, 2, 40);
  stp_impression e3 = imp_make(0.5, 73, 0, 0.7, 0.2, 0.25, 2, 60);
  assert_imp_equal(&w.items[0], &e0);
  assert_imp_equal(&w.items[1], &e1);
  assert_imp_equal(&w.items[2], &e2);
  assert_imp_equal(&w.items[3], &e3);

  assert_string_equal(stp_work_extra(&w, 0, 0), "0.7");
  assert_string_equal(stp_work_extra(&w, 0, 1), "plain");
  assert_string_equal(stp_work_extra(&w, 1, 0), "0.65");
  assert_string_equal(stp_work_extra(&w, 1, 1), "with, comma");
  assert_string_equal(stp_work_extra(&w, 2, 0), "");
  assert_string_equal(stp_work_extra(&w, 2, 1), "say \"hi\"");
  assert_string_equal(stp_work_extra(&w, 3, 0), "0.8");
  assert_string_equal(stp_work_extra(&w, 3, 1), "two\nlines");
  assert_string_equal(stp_work_extra(&w, 4, 0), "");    /* out of range */
  assert_string_equal(stp_work_extra(&w, 0, 2), "");
  for (size_t i = 0; i < w.count * w.extra_count; i++) assert_non_null(w.extra_values[i]);

  /* Written back: required columns first, then the extras in file order. */
  stp_work back;
  round_trip(&w, &back);
  assert_int_equal(back.count, 4);
  assert_int_equal(back.extra_count, 2);
  assert_string_equal(back.extra_names[0], "pressure");
  assert_string_equal(stp_work_extra(&back, 3, 1), "two\nlines");
  assert_string_equal(stp_work_extra(&back, 2, 1), "say \"hi\"");
  stp_work_free(&back);
  stp_work_free(&w);
}

static void test_good_bom_crlf(void **state) {
  (void)state;
  stp_work w;
  stp_error err;
  assert_int_equal(stp_work_load(&w, WORK_DIR "good_bom_crlf.csv", &err), STP_OK);
  assert_int_equal(w.count, 2);
  assert_int_equal(w.extra_count, 1);
  assert_string_equal(w.extra_names[0], "pressure");   /* no '\r' kept */
  stp_impression e0 = imp_make(1, 2, 3, 0.4, 0.25, 1, 1, 0);
  stp_impression e1 = imp_make(4, 5, 6, 0.5, 0.3, 0.5, 1, 10);
  assert_imp_equal(&w.items[0], &e0);
  assert_imp_equal(&w.items[1], &e1);
  assert_string_equal(stp_work_extra(&w, 0, 0), "high, steady");
  assert_string_equal(stp_work_extra(&w, 1, 0), "low");   /* no final newline */
  stp_work_free(&w);
}

static void test_good_header_only(void **state) {
  (void)state;
  stp_work w;
  stp_error err;
  assert_int_equal(stp_work_load(&w, WORK_DIR "good_header_only.csv", &err), STP_OK);
  assert_int_equal(w.count, 0);
  stp_work_free(&w);
}

static void test_good_max_columns(void **state) {
  (void)state;
  stp_work w;
  stp_error err;
  assert_int_equal(stp_work_load(&w, WORK_DIR "good_max_columns.csv", &err), STP_OK);
  assert_int_equal(w.count, 1);
  assert_int_equal(w.extra_count, STP_WORK_MAX_COLUMNS - 8);
  assert_string_equal(stp_work_extra(&w, 0, STP_WORK_MAX_COLUMNS - 9), "x");
  stp_work_free(&w);
}

/* Line endings: LF, CRLF and lone CR all end a line (and count for numbering). */
static void test_line_endings(void **state) {
  (void)state;
  static const char *const texts[] = {
    "x_mm,y_mm,angle_deg,depth_mm,needle_mm,ink,session,t_ms\n1,2,3,0.4,0.25,1,1,0\n",
    "x_mm,y_mm,angle_deg,depth_mm,needle_mm,ink,session,t_ms\r\n1,2,3,0.4,0.25,1,1,0\r\n",
    "x_mm,y_mm,angle_deg,depth_mm,needle_mm,ink,session,t_ms\r1,2,3,0.4,0.25,1,1,0\r",
    "x_mm,y_mm,angle_deg,depth_mm,needle_mm,ink,session,t_ms\n1,2,3,0.4,0.25,1,1,0",
  };
  for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++) {
    stp_work w;
    stp_error err;
    assert_int_equal(stp_work_parse(&w, texts[i], strlen(texts[i]), "t.csv", &err), STP_OK);
    assert_int_equal(w.count, 1);
    assert_int_equal(w.items[0].session, 1);
    stp_work_free(&w);
  }
  const char *cr = "x_mm,y_mm,angle_deg,depth_mm,needle_mm,ink,session,t_ms\r\r1,2,3,0.4,0.25,1,1,x\r";
  stp_work w;
  stp_error err;
  assert_int_equal(stp_work_parse(&w, cr, strlen(cr), "t.csv", &err), STP_ERR_PARSE);
  assert_int_equal(err.line, 3);
}

/* ---- bad files -------------------------------------------------------------- */

typedef struct bad_case {
  const char *file;
  stp_status status;
  int line;
  const char *mentions;   /* what the message must say (a column, a field number), or NULL */
} bad_case;

static const bad_case bad_cases[] = {
  {"bad_empty.csv", STP_ERR_PARSE, 0, NULL},
  {"bad_blank_only.csv", STP_ERR_PARSE, 0, NULL},
  {"bad_missing_columns.csv", STP_ERR_PARSE, 1, "depth_mm"},
  {"bad_duplicate_column.csv", STP_ERR_PARSE, 1, "ink"},
  {"bad_duplicate_quoted_name.csv", STP_ERR_PARSE, 1, "a\"b"},
  {"bad_duplicate_quoted_required.csv", STP_ERR_PARSE, 1, "ink"},
  {"bad_field_count.csv", STP_ERR_PARSE, 3, NULL},
  {"bad_y_range.csv", STP_ERR_PARSE, 3, "y_mm"},
  {"bad_short_row.csv", STP_ERR_PARSE, 3, "row has 7 fields, expected 8"},
  {"bad_long_row.csv", STP_ERR_PARSE, 2, "row has 9 fields, expected 8"},
  {"bad_ink_text.csv", STP_ERR_PARSE, 7, "ink"},
  {"bad_nan.csv", STP_ERR_PARSE, 2, "x_mm"},
  {"bad_inf.csv", STP_ERR_PARSE, 3, "angle_deg"},
  {"bad_overflow.csv", STP_ERR_PARSE, 2, "angle_deg"},
  {"bad_needle_zero.csv", STP_ERR_PARSE, 3, "needle_mm"},
  {"bad_needle_big.csv", STP_ERR_PARSE, 2, "needle_mm"},
  {"bad_depth_negative.csv", STP_ERR_PARSE, 2, "depth_mm"},
  {"bad_ink_zero.csv", STP_ERR_PARSE, 2, "ink"},
  {"bad_ink_above_one.csv", STP_ERR_PARSE, 2, "ink"},
  {"bad_coord_range.csv", STP_ERR_PARSE, 4, "x_mm"},
  {"bad_session_fraction.csv", STP_ERR_PARSE, 2, "session"},
  {"bad_session_zero.csv", STP_ERR_PARSE, 2, "session"},
  {"bad_t_negative.csv", STP_ERR_PARSE, 2, "t_ms"},
  {"bad_t_overflow.csv", STP_ERR_PARSE, 2, "t_ms"},
  {"bad_empty_value.csv", STP_ERR_PARSE, 2, "y_mm"},
  {"bad_hex_number.csv", STP_ERR_PARSE, 2, "x_mm"},
  {"bad_too_many_columns.csv", STP_ERR_PARSE, 1, NULL},
  {"bad_unterminated_quote.csv", STP_ERR_PARSE, 3, "field 9: a quote opened here is never closed"},
  {"bad_text_after_quote.csv", STP_ERR_PARSE, 2, "field 9: unexpected \"t\" after the closing quote"},
  {"bad_nul.csv", STP_ERR_PARSE, 3, NULL},
  {"bad_header_utf8.csv", STP_ERR_PARSE, 1, NULL},
  {"bad_empty_column_name.csv", STP_ERR_PARSE, 1, "header column 9 has no name"},
  {"bad_line_count.csv", STP_ERR_PARSE, 6, "t_ms"},
  {"bad_header_after_blank.csv", STP_ERR_PARSE, 3, "t_ms"},
};

static void test_bad_files(void **state) {
  (void)state;
  for (size_t i = 0; i < sizeof bad_cases / sizeof bad_cases[0]; i++) {
    const bad_case *c = &bad_cases[i];
    char path[512];
    snprintf(path, sizeof path, "%s%s", WORK_DIR, c->file);
    stp_work w;
    stp_error err;
    stp_error_clear(&err);
    stp_status s = stp_work_load(&w, path, &err);
    char msg[1100];
    print_message("%-28s -> %s\n", c->file, stp_error_format(&err, msg, sizeof msg));
    assert_int_equal(s, c->status);
    assert_int_equal(err.status, c->status);
    assert_int_equal(err.line, c->line);
    assert_string_equal(err.file, path);
    assert_true(strlen(err.msg) > 0);
    if (c->mentions) assert_non_null(strstr(err.msg, c->mentions));
    assert_empty_work(&w);
  }
}

static void test_missing_columns_all_named(void **state) {
  (void)state;
  const char *text = "y_mm,ink\n";
  stp_work w;
  stp_error err;
  assert_int_equal(stp_work_parse(&w, text, strlen(text), "m.csv", &err), STP_ERR_PARSE);
  assert_int_equal(err.line, 1);
  static const char *const missing[] = {"x_mm", "angle_deg", "depth_mm", "needle_mm", "session",
                                        "t_ms"};
  for (size_t i = 0; i < 6; i++) {
    char quoted[32];
    snprintf(quoted, sizeof quoted, "'%s'", missing[i]);
    assert_non_null(strstr(err.msg, quoted));
  }
  assert_null(strstr(err.msg, "'ink'"));
}

static void test_load_missing_file(void **state) {
  (void)state;
  stp_work w;
  stp_error err;
  const char *path = WORK_DIR "no_such_file.csv";
  assert_int_equal(stp_work_load(&w, path, &err), STP_ERR_IO);
  assert_string_equal(err.file, path);   /* the path is in err.file, not repeated in msg */
  char full[1200];
  assert_non_null(strstr(stp_error_format(&err, full, sizeof full), path));
  assert_non_null(strstr(err.msg, strerror(ENOENT)));
  assert_empty_work(&w);
  /* A directory opens but cannot be read. */
  assert_int_equal(stp_work_load(&w, STP_TEST_DATA, &err), STP_ERR_IO);
  assert_empty_work(&w);
}

static void test_parse_edge_arguments(void **state) {
  (void)state;
  stp_work w;
  stp_error err;
  assert_int_equal(stp_work_parse(&w, NULL, 0, NULL, &err), STP_ERR_PARSE);
  assert_empty_work(&w);
  assert_int_equal(stp_work_parse(NULL, "x", 1, "n", &err), STP_ERR_USAGE);
  const char *bom = "\xEF\xBB\xBF";
  assert_int_equal(stp_work_parse(&w, bom, 3, "bom.csv", &err), STP_ERR_PARSE);
  assert_int_equal(err.line, 0);
  /* A failing parse leaves a previously filled-in variable empty, not half-filled. */
  const char *half = "x_mm,y_mm,angle_deg,depth_mm,needle_mm,ink,session,t_ms,n\n"
                     "1,2,3,0.4,0.25,1,1,0,a\n1,2,3,0.4,0.25,1,1,0,b\n1,2,3,0.4,0.25,2,1,0,c\n";
  assert_int_equal(stp_work_parse(&w, half, strlen(half), "half.csv", &err), STP_ERR_PARSE);
  assert_int_equal(err.line, 4);
  assert_empty_work(&w);
  /* No error pointer is fine. */
  assert_int_equal(stp_work_parse(&w, half, strlen(half), "half.csv", NULL), STP_ERR_PARSE);
}

/* Numbers: integers reject fractions and exponents; doubles accept decimal forms only. */
static void test_number_forms(void **state) {
  (void)state;
  static const struct { const char *x; bool ok; double v; } xs[] = {
    {"1", true, 1}, {"-1.5", true, -1.5}, {"+2.25", true, 2.25}, {".5", true, 0.5},
    {"5.", true, 5}, {"1e2", true, 100}, {"1E-2", true, 0.01}, {"-0", true, 0},
    {"0.000000000000000000000000001", true, 1e-27}, {"1000", true, 1000},
    {"12345678901234567890e-17", true, 123.45678901234567890},
    {"999.99999999999999999", true, 1000.0}, {"1000.0000000000001", false, 0},
    {"inf", false, 0}, {"NaN", false, 0}, {"0x1p3", false, 0}, {"1e", false, 0},
    {"e5", false, 0}, {".", false, 0}, {"-", false, 0}, {"1.2.3", false, 0}, {"1 2", false, 0},
    {"1,5", false, 0}, {"\"7\"", true, 7}, {"\"7\"\"\"", false, 0}, {"1000.01", false, 0},
    {"1e400", false, 0},
  };
  for (size_t i = 0; i < sizeof xs / sizeof xs[0]; i++) {
    char text[256];
    int n = snprintf(text, sizeof text,
                     "x_mm,y_mm,angle_deg,depth_mm,needle_mm,ink,session,t_ms\n%s,2,3,0.4,0.25,1,1,0\n",
                     xs[i].x);
    stp_work w;
    stp_error err;
    stp_status s = stp_work_parse(&w, text, (size_t)n, "n.csv", &err);
    if (!xs[i].ok) {
      assert_int_equal(s, STP_ERR_PARSE);
      assert_int_equal(err.line, 2);
      continue;
    }
    assert_int_equal(s, STP_OK);
    assert_int_equal(w.count, 1);
    assert_true(w.items[0].x_mm == xs[i].v);
    stp_work_free(&w);
  }
  static const struct { const char *s, *t; bool ok; } ints[] = {
    {"1", "0", true}, {"+3", "0", true}, {"2147483647", "9223372036854775807", true},
    {"2147483648", "0", false}, {"1.0", "0", false}, {"1e0", "0", false}, {"1", "1.5", false},
    {"1", "-0", true}, {"1", "1e3", false}, {"-1", "0", false}, {"", "0", false},
    {"1", "+", false}, {"1", "99999999999999999999999", false},
  };
  for (size_t i = 0; i < sizeof ints / sizeof ints[0]; i++) {
    char text[256];
    int n = snprintf(text, sizeof text,
                     "x_mm,y_mm,angle_deg,depth_mm,needle_mm,ink,session,t_ms\n1,2,3,0.4,0.25,1,%s,%s\n",
                     ints[i].s, ints[i].t);
    stp_work w;
    stp_error err;
    stp_status s = stp_work_parse(&w, text, (size_t)n, "n.csv", &err);
    assert_int_equal(s, ints[i].ok ? STP_OK : STP_ERR_PARSE);
    if (s == STP_OK) stp_work_free(&w);
    else assert_int_equal(err.line, 2);
  }
}

/* The fast decimal path must agree with strtod, which is correctly rounded. */
static void test_numbers_match_strtod(void **state) {
  (void)state;
  uint64_t seed = 12345;
  for (int i = 0; i < 20000; i++) {
    seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
    uint64_t r = seed >> 11;
    char num[64];
    int digits = (int)(r % 25) + 1;   /* past 19 digits the slow path is taken */
    int point = (int)((r >> 8) % (uint64_t)(digits + 1));
    int len = 0;
    if ((r >> 16) & 1) num[len++] = '-';
    uint64_t d = r;
    for (int k = 0; k < digits; k++) {
      if (k == point) num[len++] = '.';
      num[len++] = (char)('0' + d % 10);
      d = (d / 10) ^ (seed >> (k % 50));
    }
    if ((r >> 20) % 4 == 0) len += snprintf(num + len, sizeof num - (size_t)len, "e-%d", (int)((r >> 24) % 30));
    num[len] = '\0';
    double want = strtod(num, NULL);
    if (!(fabs(want) <= 1000)) continue;
    char text[256];
    int n = snprintf(text, sizeof text,
                     "x_mm,y_mm,angle_deg,depth_mm,needle_mm,ink,session,t_ms\n%s,2,3,0.4,0.25,1,1,0\n", num);
    stp_work w;
    stp_error err;
    assert_int_equal(stp_work_parse(&w, text, (size_t)n, "n.csv", &err), STP_OK);
    if (w.items[0].x_mm != want) fail_msg("%s: parsed %.17g, strtod %.17g", num, w.items[0].x_mm, want);
    stp_work_free(&w);
  }
}

/* ---- writing and saving ------------------------------------------------------- */

static void test_write_format(void **state) {
  (void)state;
  stp_work w;
  stp_work_init(&w);
  stp_error err;
  size_t col;
  assert_int_equal(stp_work_add_column(&w, "note", &col, &err), STP_OK);
  stp_impression a = imp_make(1.005, -2.5, 33.333, 0.4444, 0.25, 0.0001, 3, 123456789012LL);
  const char *ex[] = {" a,b \"c\"\n"};
  assert_int_equal(stp_work_push(&w, &a, ex, &err), STP_OK);
  FILE *f = tmpfile();
  assert_non_null(f);
  assert_int_equal(stp_work_write(&w, f, &err), STP_OK);
  rewind(f);
  size_t len;
  char *text = read_all(f, &len);
  fclose(f);
  text[len] = '\0';
  stp_impression q = a;
  stp_impression_quantize(&q);
  char want[512];
  snprintf(want, sizeof want,
           "x_mm,y_mm,angle_deg,depth_mm,needle_mm,ink,session,t_ms,note\n"
           "%.2f,-2.50,33.33,0.444,0.250,0.001,3,123456789012,\" a,b \"\"c\"\"\n\"\n", q.x_mm);
  assert_string_equal(text, want);
  free(text);

  /* A stream that cannot be written reports STP_ERR_IO. */
  f = fopen(WORK_DIR "good_basic.csv", "rb");
  assert_non_null(f);
  assert_int_equal(stp_work_write(&w, f, &err), STP_ERR_IO);
  fclose(f);
  stp_work_free(&w);
}

static void test_round_trip(void **state) {
  (void)state;
  stp_work w;
  stp_work_init(&w);
  stp_error err;
  assert_int_equal(stp_work_add_column(&w, "pressure", NULL, &err), STP_OK);
  assert_int_equal(stp_work_add_column(&w, "note, \"quoted\"", NULL, &err), STP_OK);
  assert_int_equal(stp_work_add_column(&w, " spaced ", NULL, &err), STP_OK);
  static const char *const notes[] = {"", "plain", "a,b", "say \"x\"", "line\nbreak", "cr\rlf\r\n",
                                      "  leading", "trailing\t", "\xC3\xA9t\xC3\xA9", "\"", ","};
  uint64_t seed = 99;
  for (int i = 0; i < 500; i++) {
    seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
    double u = (double)(seed >> 11) / 9007199254740992.0;
    stp_impression imp = imp_make(-999.999 + 1999.998 * u, 300 * u - 50, 720 * u - 360 + 1e-7,
                                  10 * u, 0.0004 + 1.9996 * u, 1e-6 + (1 - 1e-6) * u, 1 + i / 100,
                                  (int64_t)(seed >> 20));
    static const double huge_angles[] = {35568062730227.516, -36753037267564.836, 7.1e13,
                                         999999999999.995, 1e15 + 0.5, -3.3e300, 1e308};
    if (i % 50 == 0) imp.angle_deg = huge_angles[(i / 50) % 7];   /* finite is allowed */
    const char *ex[3] = {"0.5", notes[i % 11], i % 3 ? notes[(i + 5) % 11] : NULL};
    assert_int_equal(stp_work_push(&w, &imp, ex, &err), STP_OK);
  }
  stp_work back;
  round_trip(&w, &back);
  assert_int_equal(back.count, w.count);
  assert_int_equal(back.extra_count, 3);
  for (size_t c = 0; c < 3; c++) assert_string_equal(back.extra_names[c], w.extra_names[c]);
  for (size_t i = 0; i < w.count; i++) {
    stp_impression q = w.items[i];
    stp_impression_quantize(&q);
    assert_imp_equal(&back.items[i], &q);
    for (size_t c = 0; c < 3; c++)
      assert_string_equal(stp_work_extra(&back, i, c), stp_work_extra(&w, i, c));
  }
  /* A quantized work comes back exactly, and writing is then a fixed point. */
  stp_work again;
  round_trip(&back, &again);
  for (size_t i = 0; i < back.count; i++) assert_imp_equal(&again.items[i], &back.items[i]);
  stp_work_free(&again);
  stp_work_free(&back);
  stp_work_free(&w);
}

static void test_save_and_reload(void **state) {
  (void)state;
  char dir[] = "/tmp/stipple_work_XXXXXX";
  assert_non_null(mkdtemp(dir));
  char path[256], tmp[300];
  snprintf(path, sizeof path, "%s/work.csv", dir);
  snprintf(tmp, sizeof tmp, "%s.tmp", path);

  stp_work w;
  stp_error err;
  assert_int_equal(stp_work_load(&w, WORK_DIR "good_shuffled_extras.csv", &err), STP_OK);
  assert_int_equal(stp_work_save(&w, path, &err), STP_OK);
  struct stat st;
  assert_int_equal(stat(tmp, &st), -1);   /* the temporary is gone */
  stp_work back;
  assert_int_equal(stp_work_load(&back, path, &err), STP_OK);
  assert_int_equal(back.count, w.count);
  for (size_t i = 0; i < w.count; i++) assert_imp_equal(&back.items[i], &w.items[i]);
  assert_string_equal(stp_work_extra(&back, 1, 1), "with, comma");
  stp_work_free(&back);

  /* Saving again replaces the file. */
  assert_true(stp_work_pop(&w));
  assert_int_equal(stp_work_save(&w, path, &err), STP_OK);
  assert_int_equal(stp_work_load(&back, path, &err), STP_OK);
  assert_int_equal(back.count, 3);
  stp_work_free(&back);

  /* A work that cannot be written fails, leaves the old file alone and no temporary. */
  stp_work bad;
  stp_work_init(&bad);
  stp_impression ok = imp_make(1, 2, 3, 0.4, 0.25, 1, 1, 0);
  assert_int_equal(stp_work_push(&bad, &ok, NULL, &err), STP_OK);
  bad.items[0].ink = 5;   /* written around the API */
  assert_int_equal(stp_work_save(&bad, path, &err), STP_ERR_IO);
  assert_string_equal(err.file, path);
  assert_int_equal(stat(tmp, &st), -1);
  assert_int_equal(stp_work_load(&back, path, &err), STP_OK);
  assert_int_equal(back.count, 3);
  stp_work_free(&back);
  stp_work_free(&bad);

  /* A directory that does not exist. */
  char nodir[300];
  snprintf(nodir, sizeof nodir, "%s/missing/work.csv", dir);
  assert_int_equal(stp_work_save(&w, nodir, &err), STP_ERR_IO);
  assert_non_null(strstr(err.msg, nodir));

  /* Renaming over a directory fails; the temporary is removed. */
  char sub[300], subtmp[320];
  snprintf(sub, sizeof sub, "%s/adir", dir);
  snprintf(subtmp, sizeof subtmp, "%s.tmp", sub);
  assert_int_equal(mkdir(sub, 0700), 0);
  char inner[340];
  snprintf(inner, sizeof inner, "%s/x", sub);
  FILE *f = fopen(inner, "w");   /* non-empty, so rename cannot replace it */
  assert_non_null(f);
  fclose(f);
  assert_int_equal(stp_work_save(&w, sub, &err), STP_ERR_IO);
  assert_int_equal(stat(subtmp, &st), -1);
  remove(inner);
  rmdir(sub);

  stp_work_free(&w);
  remove(path);
  assert_int_equal(rmdir(dir), 0);
}

/* ---- the container ----------------------------------------------------------- */

static void test_push_pop_columns(void **state) {
  (void)state;
  stp_work w;
  stp_work_init(&w);
  stp_error err;
  stp_impression a = imp_make(1, 2, 3, 0.4, 0.25, 1, 1, 0);
  stp_impression b = imp_make(4, 5, 6, 0.5, 0.3, 0.5, 2, 7);

  assert_false(stp_work_pop(&w));
  assert_int_equal(stp_work_push(&w, &a, NULL, &err), STP_OK);
  assert_int_equal(stp_work_push(&w, &b, NULL, &err), STP_OK);
  assert_int_equal(w.count, 2);
  assert_null(w.extra_values);

  size_t col = 99;
  assert_int_equal(stp_work_add_column(&w, "pressure", &col, &err), STP_OK);
  assert_int_equal(col, 0);
  assert_string_equal(stp_work_extra(&w, 0, 0), "");   /* existing rows get "" */
  assert_string_equal(stp_work_extra(&w, 1, 0), "");
  const char *ex1[] = {"0.9"};
  assert_int_equal(stp_work_push(&w, &a, ex1, &err), STP_OK);
  assert_int_equal(stp_work_add_column(&w, "note", &col, &err), STP_OK);
  assert_int_equal(col, 1);
  assert_string_equal(stp_work_extra(&w, 2, 0), "0.9");   /* kept across the re-layout */
  assert_string_equal(stp_work_extra(&w, 2, 1), "");
  col = 99;
  assert_int_equal(stp_work_add_column(&w, "pressure", &col, &err), STP_OK);   /* no-op */
  assert_int_equal(col, 0);
  assert_int_equal(w.extra_count, 2);
  assert_int_equal(stp_work_find_column(&w, "note"), 1);
  assert_int_equal(stp_work_find_column(&w, "x_mm"), -1);

  assert_int_equal(stp_work_add_column(&w, "ink", &col, &err), STP_ERR_USAGE);
  assert_int_equal(stp_work_add_column(&w, "", &col, &err), STP_ERR_USAGE);
  assert_int_equal(stp_work_add_column(&w, "bad\xFF", &col, &err), STP_ERR_USAGE);
  assert_int_equal(w.extra_count, 2);

  const char *ex2[] = {"0.1", "last"};
  for (int i = 0; i < 100; i++) assert_int_equal(stp_work_push(&w, &b, ex2, &err), STP_OK);
  assert_int_equal(w.count, 103);
  assert_string_equal(stp_work_extra(&w, 102, 1), "last");

  /* Invalid impressions are refused, so every work can be saved and loaded back. */
  stp_impression bad = b;
  bad.ink = 0;
  assert_int_equal(stp_work_push(&w, &bad, ex2, &err), STP_ERR_RANGE);
  bad = b;
  bad.x_mm = NAN;
  assert_int_equal(stp_work_push(&w, &bad, ex2, &err), STP_ERR_RANGE);
  assert_int_equal(w.count, 103);

  for (int i = 0; i < 100; i++) assert_true(stp_work_pop(&w));
  assert_int_equal(w.count, 3);
  assert_imp_equal(&w.items[2], &a);
  assert_string_equal(stp_work_extra(&w, 2, 0), "0.9");
  assert_string_equal(stp_work_extra(&w, 3, 0), "");   /* popped */

  stp_work_clear(&w);
  assert_int_equal(w.count, 0);
  assert_int_equal(w.extra_count, 2);   /* columns kept */
  assert_int_equal(stp_work_push(&w, &b, ex2, &err), STP_OK);
  assert_string_equal(stp_work_extra(&w, 0, 1), "last");
  stp_work_free(&w);
  assert_empty_work(&w);
  stp_work_free(&w);   /* twice is fine */
}

static void test_quantize_and_valid(void **state) {
  (void)state;
  stp_impression i = imp_make(1.234567, -1.235001, 359.999, 0.12345, 0.2506, 0.99951, 1, 5);
  stp_impression_quantize(&i);
  assert_true(i.x_mm == 1.23);
  assert_true(i.y_mm == -1.24);
  assert_true(i.angle_deg == 360.0);
  assert_true(i.depth_mm == 0.123);
  assert_true(i.needle_mm == 0.251);
  assert_true(i.ink == 1.0);
  stp_impression again = i;
  stp_impression_quantize(&again);
  assert_imp_equal(&again, &i);   /* idempotent */

  stp_impression z = imp_make(-0.001, 0, 1e300, 0, 0.0001, 0.0004, 1, 0);
  stp_impression_quantize(&z);
  assert_true(z.x_mm == 0.0 && !signbit(z.x_mm));   /* no "-0.00" */
  assert_true(z.angle_deg == 1e300);                 /* kept, not overflowed */
  assert_true(z.needle_mm == 0.001);                 /* positive stays positive */
  assert_true(z.ink == 0.001);
  assert_true(stp_impression_valid(&z));

  /* Quantizing is idempotent and "%.2f" reads back the same double, at any size
   * (beyond ~3.5e13, round(v * 100) / 100 alone is neither). */
  static const double angles[] = {35568062730227.516, -36753037267564.836, 7.1e13, 1.5e12,
                                  999999999999.995, 2.675, -0.005, 1e15 + 0.5, 1e300};
  for (size_t k = 0; k < sizeof angles / sizeof angles[0]; k++) {
    stp_impression a = imp_make(0, 0, angles[k], 0, 1, 1, 1, 0);
    stp_impression_quantize(&a);
    stp_impression b = a;
    stp_impression_quantize(&b);
    assert_true(a.angle_deg == b.angle_deg);
    char buf[400];
    snprintf(buf, sizeof buf, "%.2f", a.angle_deg);
    assert_true(strtod(buf, NULL) == a.angle_deg);
  }

  stp_impression v = imp_make(1000, -1000, -1e9, 10, 2, 1, 1, 0);
  assert_true(stp_impression_valid(&v));
  stp_impression t;
  t = v; t.x_mm = 1000.01; assert_false(stp_impression_valid(&t));
  t = v; t.y_mm = INFINITY; assert_false(stp_impression_valid(&t));
  t = v; t.angle_deg = NAN; assert_false(stp_impression_valid(&t));
  t = v; t.depth_mm = -0.001; assert_false(stp_impression_valid(&t));
  t = v; t.depth_mm = 10.001; assert_false(stp_impression_valid(&t));
  t = v; t.needle_mm = 0; assert_false(stp_impression_valid(&t));
  t = v; t.needle_mm = 2.001; assert_false(stp_impression_valid(&t));
  t = v; t.ink = 0; assert_false(stp_impression_valid(&t));
  t = v; t.ink = 1.001; assert_false(stp_impression_valid(&t));
  t = v; t.session = 0; assert_false(stp_impression_valid(&t));
  t = v; t.t_ms = -1; assert_false(stp_impression_valid(&t));
  assert_false(stp_impression_valid(NULL));
}

/* ---- size ------------------------------------------------------------------------ */

static const char header8[] = "x_mm,y_mm,angle_deg,depth_mm,needle_mm,ink,session,t_ms\n";

static void test_100k_rows(void **state) {
  (void)state;
  const size_t n = 100000;
  size_t cap = n * 80 + 100, len = 0;
  char *text = malloc(cap);
  assert_non_null(text);
  len += (size_t)snprintf(text, cap, "%s", header8);
  stp_impression *want = malloc(n * sizeof *want);
  assert_non_null(want);
  uint64_t seed = 7;
  for (size_t i = 0; i < n; i++) {
    seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
    double u = (double)(seed >> 11) / 9007199254740992.0;
    stp_impression imp = imp_make(200 * u - 100, 60 + 300 * u, 360 * u, 0.3 + u, 0.2 + u / 10,
                                  0.05 + 0.95 * u, 1 + (int32_t)(i / 30000), (int64_t)i * 37);
    stp_impression_quantize(&imp);
    want[i] = imp;
    len += (size_t)snprintf(text + len, cap - len, "%.2f,%.2f,%.2f,%.3f,%.3f,%.3f,%d,%lld\n",
                            imp.x_mm, imp.y_mm, imp.angle_deg, imp.depth_mm, imp.needle_mm,
                            imp.ink, (int)imp.session, (long long)imp.t_ms);
  }
  stp_work w;
  stp_error err;
  assert_int_equal(stp_work_parse(&w, text, len, "big.csv", &err), STP_OK);
  assert_int_equal(w.count, n);
  for (size_t i = 0; i < n; i++) assert_imp_equal(&w.items[i], &want[i]);
  stp_work_free(&w);
  free(want);
  free(text);
}

static void test_too_many_rows(void **state) {
  (void)state;
  const char row[] = "0,0,0,0,1,1,1,0\n";
  const size_t rows = (size_t)STP_WORK_MAX_ROWS + 1, rl = sizeof row - 1;
  size_t len = sizeof header8 - 1 + rows * rl;
  char *text = malloc(len);
  assert_non_null(text);
  memcpy(text, header8, sizeof header8 - 1);
  for (size_t i = 0; i < rows; i++) memcpy(text + sizeof header8 - 1 + i * rl, row, rl);
  stp_work w;
  stp_error err;
  assert_int_equal(stp_work_parse(&w, text, len, "huge.csv", &err), STP_ERR_RANGE);
  assert_int_equal(err.line, STP_WORK_MAX_ROWS + 2);   /* header + the limit, 1-based */
  assert_empty_work(&w);
  /* Exactly the limit loads. */
  assert_int_equal(stp_work_parse(&w, text, len - rl, "huge.csv", &err), STP_OK);
  assert_int_equal(w.count, STP_WORK_MAX_ROWS);
  stp_work_free(&w);
  free(text);
}

/* ---- out of memory ----------------------------------------------------------------- */

#ifdef STP_WRAP_ALLOC
static void test_out_of_memory(void **state) {
  (void)state;
  /* Read the fixture before any allocation is made to fail. */
  FILE *f = fopen(WORK_DIR "good_shuffled_extras.csv", "rb");
  assert_non_null(f);
  size_t len;
  char *text = read_all(f, &len);
  fclose(f);

  /* Fail the k-th allocation, for every k until the parse makes fewer than k.
   * Either the parse reports STP_ERR_NOMEM with an empty work, or it recovered
   * (the row reservation falls back to a small one) and the work is complete. */
  long k;
  for (k = 0; k < 1000; k++) {
    stp_work w;
    stp_error err;
    fail_allocation(k);
    stp_status s = stp_work_parse(&w, text, len, "oom.csv", &err);
    bool reached = stop_failing();
    if (s == STP_OK) {
      assert_int_equal(w.count, 4);
      assert_int_equal(w.extra_count, 2);
      assert_string_equal(stp_work_extra(&w, 3, 1), "two\nlines");
      stp_work_free(&w);
      if (!reached) break;
      continue;
    }
    assert_int_equal(s, STP_ERR_NOMEM);
    assert_int_equal(err.status, STP_ERR_NOMEM);
    assert_empty_work(&w);
  }
  assert_true(k > 10 && k < 1000);

  /* push, add_column and save, each failing at every allocation: nothing changes. */
  stp_work w;
  stp_work_init(&w);
  stp_error err;
  stp_impression a = imp_make(1, 2, 3, 0.4, 0.25, 1, 1, 0);
  const char *ex[] = {"p", "q"};
  for (int r = 0; r < 20; r++) {
    if (r == 5 || r == 10) {
      for (k = 0;; k++) {
        size_t before = w.extra_count;
        fail_allocation(k);
        stp_status s = stp_work_add_column(&w, r == 5 ? "one" : "two", NULL, &err);
        bool reached = stop_failing();
        if (s == STP_OK) { assert_false(reached); break; }
        assert_int_equal(s, STP_ERR_NOMEM);
        assert_int_equal(w.extra_count, before);
      }
    }
    for (k = 0;; k++) {
      size_t before = w.count;
      fail_allocation(k);
      stp_status s = stp_work_push(&w, &a, ex, &err);
      bool reached = stop_failing();
      if (s == STP_OK) { assert_false(reached); break; }
      assert_int_equal(s, STP_ERR_NOMEM);
      assert_int_equal(w.count, before);
    }
  }
  assert_int_equal(w.count, 20);
  assert_string_equal(stp_work_extra(&w, 19, 1), "q");
  assert_string_equal(stp_work_extra(&w, 4, 0), "");

  char dir[] = "/tmp/stipple_oom_XXXXXX";
  assert_non_null(mkdtemp(dir));
  char path[256];
  snprintf(path, sizeof path, "%s/w.csv", dir);
  /* The save (stp_file_write_with) allocates nothing of its own: it succeeds even when
   * every allocation would fail. */
  fail_allocation(0);
  assert_int_equal(stp_work_save(&w, path, &err), STP_OK);
  stop_failing();
  assert_int_equal(stp_work_save(&w, path, &err), STP_OK);
  remove(path);
  rmdir(dir);

  stp_work_free(&w);
  free(text);
}
#endif

/* The optional dwell_ms column: read typed, written back only when present, checked. */
static void test_dwell_column(void **state) {
  (void)state;
  const char *with = "x_mm,y_mm,angle_deg,depth_mm,needle_mm,ink,session,t_ms,dwell_ms,pressure\n"
                     "1,130,270,1,0.25,0.5,1,0,180,0.4\n"
                     "2,130,270,1,0.25,0.5,1,9,0,0.4\n";
  stp_work w;
  stp_error err;
  assert_int_equal(stp_work_parse(&w, with, strlen(with), "dwell.csv", &err), STP_OK);
  assert_true(w.has_dwell);
  assert_float_equal(w.items[0].dwell_ms, 180, 1e-12);
  assert_int_equal(w.extra_count, 1);   /* dwell_ms is typed, not an extra */
  stp_work back;
  round_trip(&w, &back);
  assert_true(back.has_dwell);
  assert_float_equal(back.items[0].dwell_ms, 180, 1e-12);
  assert_string_equal(stp_work_extra(&back, 1, 0), "0.4");
  stp_work_free(&back);
  stp_work_free(&w);
  /* Without the column nothing is added on writing. */
  const char *without = "x_mm,y_mm,angle_deg,depth_mm,needle_mm,ink,session,t_ms\n1,130,270,1,0.25,0.5,1,0\n";
  assert_int_equal(stp_work_parse(&w, without, strlen(without), "plain.csv", &err), STP_OK);
  assert_false(w.has_dwell);
  char *buf = NULL;
  size_t len = 0;
  FILE *f = open_memstream(&buf, &len);
  assert_int_equal(stp_work_write(&w, f, NULL), STP_OK);
  fclose(f);
  assert_null(strstr(buf, "dwell_ms"));
  free(buf);
  stp_work_free(&w);
  /* A negative dwell is malformed, with its line. */
  const char *bad = "x_mm,y_mm,angle_deg,depth_mm,needle_mm,ink,session,t_ms,dwell_ms\n"
                    "1,130,270,1,0.25,0.5,1,0,10\n1,131,270,1,0.25,0.5,1,5,-3\n";
  assert_int_equal(stp_work_parse(&w, bad, strlen(bad), "bad.csv", &err), STP_ERR_PARSE);
  assert_int_equal(err.line, 3);
  assert_non_null(strstr(err.msg, "dwell_ms"));
  /* Whole milliseconds (docs/work-format.md): the writer prints "%d", so a fraction would
   * load as 150.5 and come back as 151 (a different dot); it is malformed, as in t_ms. */
  const char *frac = "x_mm,y_mm,angle_deg,depth_mm,needle_mm,ink,session,t_ms,dwell_ms\n"
                     "1,130,270,1,0.25,0.5,1,0,10\n1,131,270,1,0.25,0.5,1,5,150.5\n";
  assert_int_equal(stp_work_parse(&w, frac, strlen(frac), "frac.csv", &err), STP_ERR_PARSE);
  assert_int_equal(err.line, 3);
  assert_non_null(strstr(err.msg, "whole number"));
  assert_empty_work(&w);
}

/* ---- malformed rows, one column at a time ------------------------------------- */

/* Every column's range from docs/work-format.md ("Required columns", "dwell_ms"), just
 * inside and just outside each limit, and NaN, infinity, text and empty where it is a
 * number. The file is a header with all nine typed columns, a good row (line 2), then the
 * row under test (line 3): the good row is BASE with one field replaced. A good case must
 * load that row with exactly the value written (the decimal's nearest double; every other
 * field as in BASE); a bad one must fail the whole file at line 3 with a message naming
 * the column and showing the value. */
#define ROWS_HEADER "x_mm,y_mm,angle_deg,depth_mm,needle_mm,ink,session,t_ms,dwell_ms"
static const char *const rows_base[9] = {"1.5", "130.25", "270", "1", "0.25", "0.5", "1", "0", "150"};
static const char *const rows_name[9] = {"x_mm", "y_mm", "angle_deg", "depth_mm", "needle_mm",
                                         "ink", "session", "t_ms", "dwell_ms"};

typedef struct row_case {
  int col;            /* 0..8, in the order of rows_name */
  const char *text;   /* the field as written */
  bool ok;
  double value;       /* the value it must load as (ok only; t_ms and session exact) */
} row_case;

/* The value field k of an impression holds. */
static double row_field(const stp_impression *i, int k) {
  switch (k) {
    case 0: return i->x_mm;
    case 1: return i->y_mm;
    case 2: return i->angle_deg;
    case 3: return i->depth_mm;
    case 4: return i->needle_mm;
    case 5: return i->ink;
    case 6: return i->session;
    case 7: return (double)i->t_ms;
    default: return i->dwell_ms;
  }
}

static const row_case row_cases[] = {
  /* x_mm, y_mm: -1000 to 1000 mm (STP_WORK_MAX_COORD_MM). */
  {0, "-1000", true, -1000}, {0, "1000", true, 1000}, {0, "999.99", true, 999.99},
  {0, "1e3", true, 1000}, {0, "-1000.01", false, 0}, {0, "1000.01", false, 0},
  {0, "1000.0000000000001", false, 0}, {0, "nan", false, 0}, {0, "inf", false, 0},
  {0, "-inf", false, 0}, {0, "12mm", false, 0}, {0, "", false, 0},
  {1, "-1000", true, -1000}, {1, "1000", true, 1000}, {1, "-999.99", true, -999.99},
  {1, "-1000.01", false, 0}, {1, "1000.01", false, 0}, {1, "1e4", false, 0},
  {1, "NaN", false, 0}, {1, "Infinity", false, 0}, {1, "abc", false, 0}, {1, "", false, 0},
  /* angle_deg: any finite number. */
  {2, "-1e300", true, -1e300}, {2, "1e300", true, 1e300}, {2, "-90", true, -90},
  {2, "1e309", false, 0}, {2, "nan", false, 0}, {2, "-inf", false, 0}, {2, "deg", false, 0},
  {2, "", false, 0},
  /* depth_mm: 0 to 10 mm (STP_WORK_MAX_DEPTH_MM). */
  {3, "0", true, 0}, {3, "10", true, 10}, {3, "9.999", true, 9.999}, {3, "0.001", true, 0.001},
  {3, "-0.001", false, 0}, {3, "10.001", false, 0}, {3, "nan", false, 0}, {3, "inf", false, 0},
  {3, "1.0.0", false, 0}, {3, "", false, 0},
  /* needle_mm: more than 0, up to 2 mm (STP_WORK_MAX_NEEDLE_MM). */
  {4, "0.001", true, 0.001}, {4, "2", true, 2}, {4, "0", false, 0}, {4, "-0.25", false, 0},
  {4, "2.001", false, 0}, {4, "nan", false, 0}, {4, "inf", false, 0}, {4, "0x1p-2", false, 0},
  {4, "", false, 0},
  /* ink: more than 0, up to 1. */
  {5, "0.001", true, 0.001}, {5, "1", true, 1}, {5, "0", false, 0}, {5, "-0.5", false, 0},
  {5, "1.001", false, 0}, {5, "nan", false, 0}, {5, "inf", false, 0}, {5, "half", false, 0},
  {5, "", false, 0},
  /* session: a whole number >= 1 that fits 32 bits. */
  {6, "1", true, 1}, {6, "2147483647", true, 2147483647.0}, {6, "0", false, 0},
  {6, "-1", false, 0}, {6, "2147483648", false, 0}, {6, "1.5", false, 0}, {6, "1e0", false, 0},
  {6, "nan", false, 0}, {6, "one", false, 0}, {6, "", false, 0},
  /* t_ms: a whole number >= 0 that fits 64 bits (exact as a double below 2^53). */
  {7, "0", true, 0}, {7, "9007199254740992", true, 9007199254740992.0}, {7, "-1", false, 0},
  {7, "9223372036854775808", false, 0}, {7, "1.5", false, 0}, {7, "1e3", false, 0},
  {7, "inf", false, 0}, {7, "soon", false, 0}, {7, "", false, 0},
  /* dwell_ms: a whole number of ms from 0 to 60000 (STP_WORK_MAX_DWELL_MS). */
  {8, "0", true, 0}, {8, "60000", true, 60000}, {8, "60001", false, 0}, {8, "-1", false, 0},
  {8, "150.5", false, 0}, {8, "nan", false, 0}, {8, "inf", false, 0}, {8, "long", false, 0},
  {8, "", false, 0},
};

/* The file for a case: the header, BASE on line 2, BASE with field `col` set to `text` on
 * line 3 (col < 0: BASE as it is). Returns its length. */
static size_t rows_file(char *buf, size_t size, int col, const char *text) {
  size_t o = (size_t)snprintf(buf, size, ROWS_HEADER "\n");
  for (int line = 2; line <= 3; line++)
    for (int k = 0; k < 9; k++)
      o += (size_t)snprintf(buf + o, size - o, "%s%s", line == 3 && k == col ? text : rows_base[k],
                            k == 8 ? "\n" : ",");
  return o;
}

static void test_malformed_rows_table(void **state) {
  (void)state;
  for (size_t n = 0; n < sizeof row_cases / sizeof row_cases[0]; n++) {
    const row_case *c = &row_cases[n];
    char text[512];
    size_t len = rows_file(text, sizeof text, c->col, c->text);
    stp_work w;
    stp_error err;
    stp_error_clear(&err);
    stp_status s = stp_work_parse(&w, text, len, "rows.csv", &err);
    char shown[1100];
    stp_error_format(&err, shown, sizeof shown);
    if (c->ok) {
      if (s != STP_OK) fail_msg("%s = \"%s\" should load: %s", rows_name[c->col], c->text, shown);
      assert_int_equal(w.count, 2);
      assert_int_equal(w.items[1].line, 3);
      assert_int_equal(w.extra_count, 0);   /* all nine are typed columns: no extras */
      assert_null(w.extra_names);
      assert_null(w.extra_values);
      for (int k = 0; k < 9; k++) {
        double want = k == c->col ? c->value : strtod(rows_base[k], NULL);
        if (row_field(&w.items[1], k) != want)
          fail_msg("%s = \"%s\": %s read as %.17g, expected %.17g", rows_name[c->col], c->text,
                   rows_name[k], row_field(&w.items[1], k), want);
      }
      stp_work_free(&w);
      continue;
    }
    if (s != STP_ERR_PARSE)
      fail_msg("%s = \"%s\" should be malformed, got %s", rows_name[c->col], c->text, stp_status_text(s));
    assert_int_equal(err.line, 3);
    assert_string_equal(err.file, "rows.csv");
    /* The message a user sees starts with the file and line, names the column, shows the value. */
    assert_non_null(strstr(shown, "rows.csv:3: "));
    char col[32];
    snprintf(col, sizeof col, "column '%s'", rows_name[c->col]);
    if (!strstr(err.msg, col)) fail_msg("\"%s\" does not name %s", err.msg, col);
    char value[64];
    snprintf(value, sizeof value, "\"%s\"", c->text);
    if (!strstr(err.msg, c->text[0] ? value : "is empty"))
      fail_msg("\"%s\" does not show the value %s", err.msg, value);
    assert_empty_work(&w);
  }
  /* The unchanged file loads (so each failure above is the one field's). */
  char text[512];
  size_t len = rows_file(text, sizeof text, -1, NULL);
  stp_work w;
  assert_int_equal(stp_work_parse(&w, text, len, "rows.csv", NULL), STP_OK);
  assert_int_equal(w.count, 2);
  stp_work_free(&w);
}

/* Header names must be strict UTF-8 (RFC 3629): each valid sequence kept, each invalid one
 * refused with the column's number. The name is the sequence then "x", so a decoder that
 * reads a byte too many or too few sees the wrong next byte. */
static void test_header_utf8_table(void **state) {
  (void)state;
  static const struct { const char *seq; bool ok; } c[] = {
    {"\x7F", true},                                   /* ASCII */
    {"\xC2\x80", true}, {"\xDF\xBF", true},           /* 2 bytes: U+0080, U+07FF */
    {"\xE0\xA0\x80", true}, {"\xE1\x80\x80", true}, {"\xEC\xBF\xBF", true},
    {"\xED\x9F\xBF", true}, {"\xEE\x80\x80", true}, {"\xEF\xBF\xBF", true},
    {"\xF0\x90\x80\x80", true}, {"\xF1\x80\x80\x80", true}, {"\xF3\xBF\xBF\xBF", true},
    {"\xF4\x80\x80\x80", true}, {"\xF4\x8F\xBF\xBF", true},   /* U+10FFFF */
    {"\x80", false}, {"\xBF", false},                 /* a continuation byte first */
    {"\xC0\x80", false}, {"\xC1\xBF", false},         /* overlong */
    {"\xC2", false}, {"\xC2\x7F", false}, {"\xC2\xC0", false},
    {"\xE0\x9F\xBF", false},                          /* overlong 3 bytes */
    {"\xED\xA0\x80", false}, {"\xED\xBF\xBF", false}, /* surrogates */
    {"\xE1\x80", false}, {"\xE1\x80\x7F", false}, {"\xEF\xBF\xC0", false},
    {"\xF0\x8F\xBF\xBF", false},                      /* overlong 4 bytes */
    {"\xF4\x90\x80\x80", false},                      /* above U+10FFFF */
    {"\xF1\x80\x80", false}, {"\xF1\x80\x80\x7F", false}, {"\xF3\x80\xC0\x80", false},
    {"\xF5\x80\x80\x80", false}, {"\xFF", false},
  };
  for (size_t i = 0; i < sizeof c / sizeof c[0]; i++) {
    char text[256];
    int n = snprintf(text, sizeof text,
                     "x_mm,y_mm,angle_deg,depth_mm,needle_mm,ink,session,t_ms,%sx\n1,2,3,0.4,0.25,1,1,0,v\n",
                     c[i].seq);
    stp_work w;
    stp_error err;
    stp_status s = stp_work_parse(&w, text, (size_t)n, "u.csv", &err);
    if (c[i].ok) {
      if (s != STP_OK) fail_msg("case %zu should be valid UTF-8: %s", i, err.msg);
      char want[16];
      snprintf(want, sizeof want, "%sx", c[i].seq);
      assert_string_equal(w.extra_names[0], want);
      stp_work_free(&w);
    } else {
      if (s != STP_ERR_PARSE) fail_msg("case %zu should be refused as UTF-8", i);
      assert_int_equal(err.line, 1);
      assert_non_null(strstr(err.msg, "header column 9 is not valid UTF-8"));
    }
  }
}

/* Duplicate names are found whatever the quoting: "a""b" is the text a"b, as is the unquoted
 * a"b (a quote inside an unquoted field is kept); "ab" is different. */
static void test_duplicate_names_through_quotes(void **state) {
  (void)state;
  static const struct { const char *names; bool dup; } c[] = {
    {"\"a\"\"b\",a\"b", true}, {"a\"b,\"a\"\"b\"", true}, {"\"a\"\"b\",\"a\"\"b\"", true},
    {"\"a\"\"b\",ab", false}, {"\"a\"\"b\",\"ab\"", false}, {"\"a\"\"b\",a\"bc", false},
    {"\"a\"\"\"\"b\",a\"\"b", true}, {"\"x\",x", true}, {"\"x\",xy", false}, {"xy,\"x\"", false},
  };
  for (size_t i = 0; i < sizeof c / sizeof c[0]; i++) {
    char text[256];
    int n = snprintf(text, sizeof text, "x_mm,y_mm,angle_deg,depth_mm,needle_mm,ink,session,t_ms,%s\n",
                     c[i].names);
    stp_work w;
    stp_error err;
    stp_status s = stp_work_parse(&w, text, (size_t)n, "d.csv", &err);
    if (c[i].dup) {
      if (s != STP_ERR_PARSE) fail_msg("%s: a duplicate, not seen", c[i].names);
      assert_non_null(strstr(err.msg, "appears twice (columns 9 and 10)"));
    } else {
      if (s != STP_OK) fail_msg("%s: not a duplicate: %s", c[i].names, err.msg);
      assert_int_equal(w.extra_count, 2);
      stp_work_free(&w);
    }
  }
}

/* The exact fast path scales by 10^0 .. 10^22; every exponent from -25 to 25 (past the table
 * either side, where strtod takes over) reads as the correctly rounded value, as strtod's. */
static void test_every_power_of_ten(void **state) {
  (void)state;
  static const char *const mant[] = {"1", "3.5", "9007199254740991", "12.25", "7"};
  for (int e = -25; e <= 25; e++)
    for (size_t m = 0; m < sizeof mant / sizeof mant[0]; m++) {
      char num[64], text[256];
      snprintf(num, sizeof num, "%se%d", mant[m], e);
      int n = snprintf(text, sizeof text,
                       "x_mm,y_mm,angle_deg,depth_mm,needle_mm,ink,session,t_ms\n1,2,%s,0.4,0.25,1,1,0\n", num);
      stp_work w;
      stp_error err;
      assert_int_equal(stp_work_parse(&w, text, (size_t)n, "p.csv", &err), STP_OK);
      double want = strtod(num, NULL);
      if (w.items[0].angle_deg != want) fail_msg("%s: parsed %.17g, strtod %.17g", num, w.items[0].angle_deg, want);
      stp_work_free(&w);
    }
}

/* The pigment column: ids of 1 to 63 characters a-z 0-9 - _; anything else is malformed at
 * its line, naming the column. */
static void test_pigment_id_table(void **state) {
  (void)state;
  char id63[64], id64[65];
  memset(id63, 'a', 63); id63[63] = '\0';
  memset(id64, 'b', 64); id64[64] = '\0';
  const struct { const char *id; bool ok; } c[] = {
    {"a", true}, {"carbon-black", true}, {"dark_brown-2", true}, {"0", true}, {id63, true},
    {"", false}, {id64, false}, {"Dark", false}, {"dark brown", false}, {"dark.brown", false},
    {"\xC3\xA9", false}, {"\"ink\"\"\"", false},
  };
  for (size_t i = 0; i < sizeof c / sizeof c[0]; i++) {
    char text[512];
    int n = snprintf(text, sizeof text,
                     "x_mm,y_mm,angle_deg,depth_mm,needle_mm,ink,session,t_ms,pigment\n"
                     "1,2,3,0.4,0.25,1,1,0,a\n1,2,3,0.4,0.25,1,1,0,%s\n", c[i].id);
    stp_work w;
    stp_error err;
    stp_status s = stp_work_parse(&w, text, (size_t)n, "pig.csv", &err);
    if (c[i].ok) {
      if (s != STP_OK) fail_msg("pigment \"%s\" should load: %s", c[i].id, err.msg);
      assert_string_equal(w.pigments[w.items[1].pigment], c[i].id);
      assert_int_equal(w.pigment_count, strcmp(c[i].id, "a") == 0 ? 1 : 2);
      stp_work_free(&w);
    } else {
      if (s != STP_ERR_PARSE) fail_msg("pigment \"%s\" should be malformed", c[i].id);
      assert_int_equal(err.line, 3);
      assert_non_null(strstr(err.msg, "column 'pigment'"));
    }
  }
}

/* A long value is shown cut to 40 characters and "..." in the message. */
static void test_long_value_is_shortened(void **state) {
  (void)state;
  char text[512], val[81];
  for (int i = 0; i < 80; i++) val[i] = (char)('a' + i % 26);
  val[80] = '\0';
  int n = snprintf(text, sizeof text, "x_mm,y_mm,angle_deg,depth_mm,needle_mm,ink,session,t_ms\n%s,2,3,0.4,0.25,1,1,0\n", val);
  stp_work w;
  stp_error err;
  assert_int_equal(stp_work_parse(&w, text, (size_t)n, "l.csv", &err), STP_ERR_PARSE);
  char want[64];
  snprintf(want, sizeof want, "\"%.40s...\"", val);
  if (!strstr(err.msg, want)) fail_msg("\"%s\" should show %s", err.msg, want);
  /* A control byte is escaped. */
  const char *cr = "x_mm,y_mm,angle_deg,depth_mm,needle_mm,ink,session,t_ms\n\"1\r\",2,3,0.4,0.25,1,1,0\n";
  assert_int_equal(stp_work_parse(&w, cr, strlen(cr), "c.csv", &err), STP_ERR_PARSE);
  assert_non_null(strstr(err.msg, "\"1\\x0D\""));
  /* Forty control bytes, each shown as 4 characters: the shown value is cut where it fills
   * the space kept for it and still closed by its quote right after the last whole escape
   * (no "..." squeezed in past the end of that space). */
  char ctl[41];
  memset(ctl, 1, 40);
  ctl[40] = '\0';
  n = snprintf(text, sizeof text, "x_mm,y_mm,angle_deg,depth_mm,needle_mm,ink,session,t_ms\n%s,2,3,0.4,0.25,1,1,0\n", ctl);
  assert_int_equal(stp_work_parse(&w, text, (size_t)n, "c.csv", &err), STP_ERR_PARSE);
  if (!strstr(err.msg, "\\x01\\x01\", expected a number")) fail_msg("not cut cleanly: %s", err.msg);
}

/* stp_impression_valid (which stp_work_push and the writer apply) has the parser's limits,
 * the same table of edges: x, y in -1000..1000, angle finite, depth 0..10, needle (0, 2],
 * ink (0, 1], session >= 1, t_ms >= 0, dwell 0..60000 (a pushed dwell may be fractional:
 * the writer rounds it). */
static void test_valid_limits_table(void **state) {
  (void)state;
  const stp_impression base = imp_make(1.5, 130.25, 270, 1, 0.25, 0.5, 1, 0);
  assert_true(stp_impression_valid(&base));
  assert_false(stp_impression_valid(NULL));
  static const struct { int k; double v; bool ok; } c[] = {
    {0, -1000, true}, {0, 1000, true}, {0, -1000.001, false}, {0, 1000.001, false}, {0, NAN, false},
    {1, -1000, true}, {1, 1000, true}, {1, -1000.001, false}, {1, 1000.001, false}, {1, INFINITY, false},
    {2, -1e300, true}, {2, 1e300, true}, {2, NAN, false}, {2, -INFINITY, false},
    {3, 0, true}, {3, 10, true}, {3, -0.001, false}, {3, 10.001, false}, {3, NAN, false},
    {4, 0.001, true}, {4, 2, true}, {4, 0, false}, {4, 2.001, false}, {4, INFINITY, false},
    {5, 0.001, true}, {5, 1, true}, {5, 0, false}, {5, 1.001, false}, {5, NAN, false},
    {6, 1, true}, {6, 0, false}, {7, 0, true}, {7, -1, false},
    {8, 0, true}, {8, 60000, true}, {8, 212.6, true}, {8, 60000.5, false}, {8, -0.5, false}, {8, NAN, false},
  };
  for (size_t i = 0; i < sizeof c / sizeof c[0]; i++) {
    stp_impression p = base;
    switch (c[i].k) {
      case 0: p.x_mm = c[i].v; break;
      case 1: p.y_mm = c[i].v; break;
      case 2: p.angle_deg = c[i].v; break;
      case 3: p.depth_mm = c[i].v; break;
      case 4: p.needle_mm = c[i].v; break;
      case 5: p.ink = c[i].v; break;
      case 6: p.session = (int32_t)c[i].v; break;
      case 7: p.t_ms = (int64_t)c[i].v; break;
      default: p.dwell_ms = c[i].v; break;
    }
    if (stp_impression_valid(&p) != c[i].ok)
      fail_msg("%s = %g should be %s", rows_name[c[i].k], c[i].v, c[i].ok ? "valid" : "refused");
    stp_work w;
    stp_work_init(&w);
    assert_int_equal(stp_work_push(&w, &p, NULL, NULL), c[i].ok ? STP_OK : STP_ERR_RANGE);
    assert_int_equal(w.count, c[i].ok ? 1 : 0);
    stp_work_free(&w);
  }
}

/* The parser reads the `size` bytes it is given and nothing after them, whatever ends the
 * text (a caller may hand it part of a larger buffer): here the bytes past `size` would
 * make one more row, and the last byte inside is a lone CR (a line end on its own). */
static void test_parse_stops_at_size(void **state) {
  (void)state;
  static const char buf[] = "x_mm,y_mm,angle_deg,depth_mm,needle_mm,ink,session,t_ms\r\n"
                            "1,2,3,0.4,0.25,1,1,0\r"
                            "\n5,6,7,0.4,0.25,1,1,0\n";
  const char *cut = strchr(buf, '\r');
  cut = strchr(cut + 1, '\r');   /* the row's CR */
  size_t size = (size_t)(cut - buf) + 1;
  static const char *const ends[] = {"\r", "\n", ",", "\""};
  for (size_t e = 0; e < sizeof ends / sizeof ends[0]; e++) {
    char text[sizeof buf + 4];
    memcpy(text, buf, size - 1);
    text[size - 1] = ends[e][0];
    memcpy(text + size, cut + 1, sizeof buf - size);
    stp_work w;
    stp_error err;
    stp_status s = stp_work_parse(&w, text, size, "part.csv", &err);
    if (ends[e][0] == '\r' || ends[e][0] == '\n') {
      assert_int_equal(s, STP_OK);
      assert_int_equal(w.count, 1);
      assert_float_equal(w.items[0].x_mm, 1, 0);
      stp_work_free(&w);
    } else {
      /* "...,0," has a ninth, empty field; "...,0\"" opens a quote never closed within size. */
      assert_int_equal(s, STP_ERR_PARSE);
      assert_int_equal(err.line, 2);
    }
  }
}

/* A row with fewer or more fields than the header is malformed, whatever the fields hold:
 * a missing field is never read as 0 and an extra one is never dropped. */
static void test_row_field_count(void **state) {
  (void)state;
  static const struct { const char *row; size_t fields; } cases[] = {
    {"1.5,130.25,270,1,0.25,0.5,1,0", 8},            /* dwell_ms left off */
    {"1.5,130.25,270,1,0.25,0.5,1", 7},               /* t_ms and dwell_ms left off */
    {"1.5", 1},
    {"1.5,130.25,270,1,0.25,0.5,1,0,150,7", 10},      /* one more */
    {"1.5,130.25,270,1,0.25,0.5,1,0,150,", 10},       /* a trailing comma is a field */
    {"1.5,130.25,270,1,0.25,0.5,1,0,150,,,", 12},
  };
  for (size_t n = 0; n < sizeof cases / sizeof cases[0]; n++) {
    char text[512];
    int len = snprintf(text, sizeof text, ROWS_HEADER "\n1.5,130.25,270,1,0.25,0.5,1,0,150\n\n%s\n",
                       cases[n].row);
    stp_work w;
    stp_error err;
    stp_status s = stp_work_parse(&w, text, (size_t)len, "count.csv", &err);
    if (s != STP_ERR_PARSE) fail_msg("row \"%s\" should be malformed", cases[n].row);
    assert_int_equal(err.line, 4);   /* the blank line 3 counts */
    char want[96];
    snprintf(want, sizeof want, "row has %zu field%s, expected 9", cases[n].fields,
             cases[n].fields == 1 ? "" : "s");
    if (!strstr(err.msg, want)) fail_msg("\"%s\" should say \"%s\"", err.msg, want);
    assert_empty_work(&w);
  }
  /* Without the optional column, a row of 7 fields under 8 names is short too (t_ms is not 0). */
  const char *short8 = "x_mm,y_mm,angle_deg,depth_mm,needle_mm,ink,session,t_ms\n1,130,270,1,0.25,0.5,1\n";
  stp_work w;
  stp_error err;
  assert_int_equal(stp_work_parse(&w, short8, strlen(short8), "short.csv", &err), STP_ERR_PARSE);
  assert_int_equal(err.line, 2);
  assert_non_null(strstr(err.msg, "expected 8"));
  assert_empty_work(&w);
}

/* The writer's fixed-point fast path prints exactly what printf("%.Nf") prints. */
static void test_writer_matches_printf(void **state) {
  (void)state;
  stp_work w;
  stp_work_init(&w);
  unsigned long long r = 12345;
  for (int i = 0; i < 20000; i++) {
    r = r * 6364136223846793005ull + 1442695040888963407ull;
    double u = (double)(r >> 11) / 9007199254740992.0;   /* [0, 1) */
    stp_impression imp = {u * 1999 - 999.5, u * 700 - 350, (u - 0.5) * 1e6 * (i % 7 == 0 ? 1e7 : 1),
                          u * 9.9, 0.001 + u * 1.9, 0.001 + u * 0.998, 1 + i % 4, (long long)i * 37, 0, 0, 0, 0, 0};
    if (i == 1) imp.x_mm = -0.004;   /* rounds to zero */
    stp_impression_quantize(&imp);
    assert_int_equal(stp_work_push(&w, &imp, NULL, NULL), STP_OK);
  }
  char *buf = NULL;
  size_t len = 0;
  FILE *f = open_memstream(&buf, &len);
  assert_non_null(f);
  assert_int_equal(stp_work_write(&w, f, NULL), STP_OK);
  fclose(f);
  const char *line = strchr(buf, '\n') + 1;
  for (size_t i = 0; i < w.count; i++) {
    const stp_impression *q = &w.items[i];
    char want[256];
    int n = snprintf(want, sizeof want, "%.2f,%.2f,%.2f,%.3f,%.3f,%.3f,%d,%lld\n", q->x_mm, q->y_mm,
                     q->angle_deg, q->depth_mm, q->needle_mm, q->ink, (int)q->session, (long long)q->t_ms);
    assert_memory_equal(line, want, (size_t)n);
    line += n;
  }
  free(buf);
  stp_work_free(&w);
}

/* The optional pigment column: ids interned per work, written back after dwell_ms; a
 * work without it means pigment 0 (the kit's first once bound). */
static void test_pigment_column(void **state) {
  (void)state;
  const char *csv = "x_mm,y_mm,angle_deg,depth_mm,needle_mm,ink,session,t_ms,pigment\n"
                    "0,130,270,1,0.25,0.5,1,0,dark-brown\n"
                    "\n"
                    "1,130,270,1,0.25,0.5,1,5,carbon-black\n"
                    "2,130,270,1,0.25,0.5,1,9,dark-brown\n";
  stp_work w;
  stp_error err;
  assert_int_equal(stp_work_parse(&w, csv, strlen(csv), "w.csv", &err), STP_OK);
  assert_true(w.has_pigment);
  assert_int_equal(w.pigment_count, 2);
  assert_string_equal(w.pigments[w.items[0].pigment], "dark-brown");
  assert_string_equal(w.pigments[w.items[1].pigment], "carbon-black");
  assert_int_equal(w.items[0].pigment, w.items[2].pigment);
  /* Each row remembers its line: the blank line 3 counts. */
  assert_int_equal(w.items[0].line, 2);
  assert_int_equal(w.items[1].line, 4);
  assert_int_equal(w.items[2].line, 5);
  stp_work back;
  round_trip(&w, &back);
  assert_true(back.has_pigment);
  for (size_t i = 0; i < 3; i++)
    assert_string_equal(back.pigments[back.items[i].pigment], w.pigments[w.items[i].pigment]);
  stp_work_free(&back);
  stp_work_free(&w);
  /* Not an id: upper case, empty. */
  const char *bad = "x_mm,y_mm,angle_deg,depth_mm,needle_mm,ink,session,t_ms,pigment\n0,130,270,1,0.25,0.5,1,0,Black\n";
  assert_int_equal(stp_work_parse(&w, bad, strlen(bad), "w.csv", &err), STP_ERR_PARSE);
  assert_int_equal(err.line, 2);
  assert_non_null(strstr(err.msg, "pigment"));
  const char *empty = "x_mm,y_mm,angle_deg,depth_mm,needle_mm,ink,session,t_ms,pigment\n0,130,270,1,0.25,0.5,1,0,\n";
  assert_int_equal(stp_work_parse(&w, empty, strlen(empty), "w.csv", &err), STP_ERR_PARSE);
}

static stp_scenario kit_scenario(void) {
  stp_scenario s;
  stp_scenario_defaults(&s);
  s.needle_count = 2;
  s.needles_mm[0] = 0.25; s.needles_mm[1] = 0.30;
  s.ink_count = 2;
  s.inks[0] = 1.0; s.inks[1] = 0.5;
  s.pigment_count = 2;   /* carbon-black, cool-dark-grey */
  return s;
}

static void test_kit_check(void **state) {
  (void)state;
  stp_scenario s = kit_scenario();
  stp_error err;
  stp_work w;
  /* Off-kit needle on line 4 (after a blank line). */
  const char *needle = "x_mm,y_mm,angle_deg,depth_mm,needle_mm,ink,session,t_ms\n"
                       "0,130,270,1,0.25,0.5,1,0\n\n0,131,270,1,0.4,0.5,1,5\n";
  assert_int_equal(stp_work_parse(&w, needle, strlen(needle), "work.csv", &err), STP_OK);
  assert_int_equal(stp_work_check_kit(&w, &s, "work.csv", &err), STP_ERR_PARSE);
  assert_int_equal(err.line, 4);
  char msg[1024];
  assert_string_equal(stp_error_format(&err, msg, sizeof msg),
                      "work.csv:4: needle 0.4 mm is not in this case's kit (0.25, 0.30)");
  stp_work_free(&w);
  /* Compared at the file's precision: 0.3004 rounds to the kit's 0.300, 0.2994 to 0.299 (not). */
  const char *near = "x_mm,y_mm,angle_deg,depth_mm,needle_mm,ink,session,t_ms\n0,130,270,1,0.3004,0.5004,1,0\n";
  assert_int_equal(stp_work_parse(&w, near, strlen(near), "work.csv", &err), STP_OK);
  assert_int_equal(stp_work_check_kit(&w, &s, "work.csv", &err), STP_OK);
  stp_work_free(&w);
  const char *off = "x_mm,y_mm,angle_deg,depth_mm,needle_mm,ink,session,t_ms\n0,130,270,1,0.2994,0.5,1,0\n";
  assert_int_equal(stp_work_parse(&w, off, strlen(off), "work.csv", &err), STP_OK);
  assert_int_equal(stp_work_check_kit(&w, &s, "work.csv", &err), STP_ERR_PARSE);
  stp_work_free(&w);
  /* Off-kit ink. */
  const char *ink = "x_mm,y_mm,angle_deg,depth_mm,needle_mm,ink,session,t_ms\n0,130,270,1,0.25,0.75,1,0\n";
  assert_int_equal(stp_work_parse(&w, ink, strlen(ink), "work.csv", &err), STP_OK);
  assert_int_equal(stp_work_check_kit(&w, &s, "work.csv", &err), STP_ERR_PARSE);
  assert_int_equal(err.line, 2);
  assert_non_null(strstr(err.msg, "ink 0.75"));
  stp_work_free(&w);
  /* A pigment the kit lacks (dark-brown is the default kit's 4th; this kit has two). */
  const char *pig = "x_mm,y_mm,angle_deg,depth_mm,needle_mm,ink,session,t_ms,pigment\n"
                    "0,130,270,1,0.25,0.5,1,0,cool-dark-grey\n0,131,270,1,0.25,0.5,1,3,dark-brown\n";
  assert_int_equal(stp_work_parse(&w, pig, strlen(pig), "work.csv", &err), STP_OK);
  stp_work before = w;
  assert_int_equal(stp_work_check_kit(&w, &s, "work.csv", &err), STP_ERR_PARSE);
  assert_int_equal(err.line, 3);
  assert_non_null(strstr(err.msg, "pigment 'dark-brown' is not in this case's kit (carbon-black, cool-dark-grey)"));
  assert_int_equal(w.items[0].pigment, before.items[0].pigment);   /* unchanged on failure */
  stp_work_free(&w);
  /* In the kit: binding makes each row's pigment the kit's index. cool-dark-grey was the
   * work's first id (0) and is the kit's second (1). */
  const char *good = "x_mm,y_mm,angle_deg,depth_mm,needle_mm,ink,session,t_ms,pigment\n"
                     "0,130,270,1,0.25,0.5,1,0,cool-dark-grey\n0,131,270,1,0.30,1,1,3,carbon-black\n";
  assert_int_equal(stp_work_parse(&w, good, strlen(good), "work.csv", &err), STP_OK);
  assert_int_equal(w.items[0].pigment, 0);
  assert_int_equal(stp_work_check_kit(&w, &s, "work.csv", &err), STP_OK);
  assert_int_equal(w.items[0].pigment, 1);
  assert_int_equal(w.items[1].pigment, 0);
  assert_true(stp_work_kit_bound(&w, &s));
  stp_work_free(&w);
  /* Without the column every row is the kit's first pigment. */
  const char *plain = "x_mm,y_mm,angle_deg,depth_mm,needle_mm,ink,session,t_ms\n0,130,270,1,0.25,1,1,0\n";
  assert_int_equal(stp_work_parse(&w, plain, strlen(plain), "work.csv", &err), STP_OK);
  assert_int_equal(stp_work_check_kit(&w, &s, "work.csv", &err), STP_OK);
  assert_int_equal(w.items[0].pigment, 0);
  assert_false(w.has_pigment);
  stp_work_free(&w);
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_writer_matches_printf),
    cmocka_unit_test(test_dwell_column),
    cmocka_unit_test(test_pigment_column),
    cmocka_unit_test(test_kit_check),
    cmocka_unit_test(test_good_basic),
    cmocka_unit_test(test_good_shuffled_extras),
    cmocka_unit_test(test_good_bom_crlf),
    cmocka_unit_test(test_good_header_only),
    cmocka_unit_test(test_good_max_columns),
    cmocka_unit_test(test_line_endings),
    cmocka_unit_test(test_bad_files),
    cmocka_unit_test(test_malformed_rows_table),
    cmocka_unit_test(test_row_field_count),
    cmocka_unit_test(test_parse_stops_at_size),
    cmocka_unit_test(test_valid_limits_table),
    cmocka_unit_test(test_header_utf8_table),
    cmocka_unit_test(test_duplicate_names_through_quotes),
    cmocka_unit_test(test_every_power_of_ten),
    cmocka_unit_test(test_pigment_id_table),
    cmocka_unit_test(test_long_value_is_shortened),
    cmocka_unit_test(test_missing_columns_all_named),
    cmocka_unit_test(test_load_missing_file),
    cmocka_unit_test(test_parse_edge_arguments),
    cmocka_unit_test(test_number_forms),
    cmocka_unit_test(test_numbers_match_strtod),
    cmocka_unit_test(test_write_format),
    cmocka_unit_test(test_round_trip),
    cmocka_unit_test(test_save_and_reload),
    cmocka_unit_test(test_push_pop_columns),
    cmocka_unit_test(test_quantize_and_valid),
    cmocka_unit_test(test_100k_rows),
    cmocka_unit_test(test_too_many_rows),
#ifdef STP_WRAP_ALLOC
    cmocka_unit_test(test_out_of_memory),
#endif
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
