/* The input record: its format read back exactly, malformed lines refused with their
 * line numbers, a torn last line dropped, and a work rebuilt from the record of a game
 * equal, byte for byte, to the work the game made. */
#define _POSIX_C_SOURCE 200809L
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include "stp_test.h"
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "stp_game.h"
#include "stp_record.h"

static void scenario(stp_scenario *s) {
  stp_scenario_defaults(s);
  s->zone_count = 1;
  stp_zone *z = &s->zones[0];
  memset(z, 0, sizeof *z);
  strcpy(z->id, "field");
  z->shape = stp_shape_rect(-20, 120, 40, 30);
  z->density_per_cm2 = 30; z->density_tolerance = 5; z->angle_deg = 270; z->ink = 0.5; z->depth_mm = 1.0;
  s->sessions = 2;
}

static const char GOOD[] =
  "stipple-record 1\n"
  "# scenario-sha256 00ff\n"
  "# candidate c-17\n"
  "0 view 0 135 6.5\n"
  "120 down 400 300 1.25 130.5 0.5 0\n"
  "120 place 1.25 130.5 0.5 nan 0\n"
  "121 up 400 300 1.25 130.5 0.5 0\n"
  "400 needle 1\n"
  "400 ink -1\n"
  "500 pressure 0.05\n"
  "500 rotate -15\n"
  "800 place -3.5 125 0.7 45 180\n"
  "900 undo\n"
  "950 redo\n"
  "999 show 0 1\n"
  "1000 session-end\n"
  "1500 place 2 140 0.8 nan 0\n"
  "2000 time-up\n"
  "2000 finish\n";

static void parses_every_kind_and_writes_it_back(void **state) {
  (void)state;
  stp_record r;
  assert_int_equal(stp_record_parse(&r, GOOD, strlen(GOOD), "r.txt", NULL), STP_OK);
  assert_int_equal(r.header_count, 2);
  assert_string_equal(stp_record_header_get(&r, "candidate"), "c-17");
  assert_null(stp_record_header_get(&r, "nope"));
  assert_int_equal(r.count, 16);
  assert_false(r.torn);
  const stp_record_event *p = &r.events[2];
  assert_int_equal(p->kind, STP_REC_PLACE);
  assert_int_equal(p->t_ms, 120);
  assert_float_equal(p->a[0], 1.25, 0);
  assert_float_equal(p->a[1], 130.5, 0);
  assert_true(isnan(p->a[3]));
  assert_int_equal(r.events[5].step, -1);              /* ink -1 */
  assert_true(r.events[11].flag);                      /* show 0 1 */
  assert_int_equal(r.events[11].step, 0);
  assert_int_equal(r.events[11].kind, STP_REC_SHOW);
  /* Each line formats back to itself: the format round-trips. */
  const char *line = strchr(strchr(strchr(GOOD, '\n') + 1, '\n') + 1, '\n') + 1;
  for (size_t i = 0; i < r.count; i++) {
    char out[STP_RECORD_MAX_LINE];
    size_t n = stp_record_format(&r.events[i], out, sizeof out);
    const char *nl = strchr(line, '\n');
    assert_int_equal(n, (size_t)(nl - line) + 1);
    assert_memory_equal(out, line, n);
    line = nl + 1;
  }
  stp_record_free(&r);
}

/* A line may hold STP_RECORD_MAX_LINE - 1 bytes before its newline, and no more. */
static void the_line_limit_is_exact(void **state) {
  (void)state;
  for (int extra = 0; extra <= 1; extra++) {
    char text[STP_RECORD_MAX_LINE + 64];
    int n = snprintf(text, sizeof text, "stipple-record 1\n# note ");
    size_t line_start = strlen("stipple-record 1\n");
    while ((size_t)n - line_start < (size_t)STP_RECORD_MAX_LINE - 1 + (size_t)extra) text[n++] = 'x';
    text[n++] = '\n';
    text[n] = '\0';
    stp_record r;
    stp_error err;
    stp_error_clear(&err);
    /* the header's value is limited first (160 bytes): make the long line an event instead */
    memcpy(text + line_start, "10 undo", 7);
    for (size_t i = line_start + 7; i < (size_t)n - 1; i++) text[i] = ' ';
    stp_status st = stp_record_parse(&r, text, (size_t)n, "r", &err);
    if (extra == 0) {
      assert_int_equal(st, STP_OK);
      assert_int_equal(r.count, 1);
      stp_record_free(&r);
    } else {
      assert_int_equal(st, STP_ERR_PARSE);
      assert_non_null(strstr(err.msg, "too long"));
    }
  }
}

static void a_torn_last_line_is_dropped(void **state) {
  (void)state;
  char buf[256];
  snprintf(buf, sizeof buf, "stipple-record 1\n10 undo\n20 pla");
  stp_record r;
  assert_int_equal(stp_record_parse(&r, buf, strlen(buf), "r", NULL), STP_OK);
  assert_int_equal(r.count, 1);
  assert_true(r.torn);
  stp_record_free(&r);
}

/* Each malformed record fails at its line. */
static void malformed_lines_fail_at_their_line(void **state) {
  (void)state;
  static const struct { const char *text; int line; } cases[] = {
    {"stipple-record 2\n", 1},
    {"garbage", 1},                                             /* a first line without its end */
    {"stipple-record 1", 1},
    {"", 1},
    {"stipple-record 1\n10 undo\n5 undo\n", 3},                 /* time backwards */
    {"stipple-record 1\n10 jump\n", 2},                         /* unknown kind */
    {"stipple-record 1\n10 place 1 2 0.5 nan\n", 2},            /* a number short */
    {"stipple-record 1\n10 place 1 2 1.5 nan 0\n", 2},          /* pressure above 1 */
    {"stipple-record 1\n10 place nan 2 0.5 0 0\n", 2},          /* nan only for the angle */
    {"stipple-record 1\n10 place inf 2 0.5 0 0\n", 2},
    {"stipple-record 1\n10 place 0x10 2 0.5 0 0\n", 2},        /* no hex */
    {"stipple-record 1\n10 undo 3\n", 2},                       /* trailing text */
    {"stipple-record 1\n-1 undo\n", 2},
    {"stipple-record 1\n10 needle 1.5\n", 2},
    {"stipple-record 1\n10 show 7 1\n", 2},
    {"stipple-record 1\n10 show 4 1\n", 2},                    /* 0..3 only */
    {"stipple-record 1\n10 show -1 1\n", 2},
    {"stipple-record 1\n10 down 1 2 3 4 0.5 2\n", 2},           /* flag 0 or 1 */
    {"stipple-record 1\n10 undo\n# late header\n", 3},
    {"stipple-record 1\n\n", 2},
    {"stipple-record 1\n10 undo\x1b[31m\n", 2},                 /* control bytes */
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    stp_record r;
    stp_error err;
    stp_error_clear(&err);
    stp_status st = stp_record_parse(&r, cases[i].text, strlen(cases[i].text), "r.txt", &err);
    if (st != STP_ERR_PARSE || err.line != cases[i].line)
      fail_msg("case %zu: status %d line %d (%s)", i, st, err.line, err.msg);
    assert_int_equal(r.count, 0);
  }
}

static void tmp_path(char *out, size_t n, const char *name) {
  const char *dir = getenv("TMPDIR");
  snprintf(out, n, "%s/stipple-record-%ld-%s", dir && dir[0] ? dir : "/tmp", (long)getpid(), name);
  remove(out);
}

static char *read_all(const char *path, size_t *len) {
  FILE *f = fopen(path, "rb");
  assert_non_null(f);
  char *buf = malloc(1 << 20);
  *len = fread(buf, 1, (1 << 20) - 1, f);
  buf[*len] = 0;
  fclose(f);
  return buf;
}

static char *work_text(const stp_work *w) {
  char *text;
  size_t len;
  assert_int_equal(stp_work_to_text(w, &text, &len, NULL), STP_OK);
  assert_int_equal(strlen(text), len);
  return text;
}

/* A game played through stp_game_apply with a record attached; the record read back and
 * rebuilt makes the same work, byte for byte; half of it makes the first half. */
static void rebuild_equals_the_live_game(void **state) {
  (void)state;
  stp_scenario s;
  scenario(&s);
  char path[512];
  tmp_path(path, sizeof path, "rec.txt");
  stp_record_writer wr;
  stp_record_header h = {"candidate", "c-1"};
  assert_int_equal(stp_record_writer_create(&wr, path, &h, 1, NULL), STP_OK);
  /* A second create of the same path must not follow or overwrite it. */
  stp_record_writer wr2;
  assert_int_equal(stp_record_writer_create(&wr2, path, &h, 1, NULL), STP_ERR_IO);
  stp_game g;
  assert_int_equal(stp_game_init(&g, &s, NULL, 50000, NULL), STP_OK);
  g.record = &wr;
  g.clock_base_ms = 50000;
  stp_record_event ev[] = {
    {.t_ms = 100, .kind = STP_REC_PLACE, .a = {1.234, 130.555, 0.9, NAN, 0}},
    {.t_ms = 300, .kind = STP_REC_NEEDLE, .step = 1},
    {.t_ms = 400, .kind = STP_REC_PRESSURE, .a = {-0.1}},
    {.t_ms = 500, .kind = STP_REC_ROTATE, .a = {15}},
    {.t_ms = 600, .kind = STP_REC_PLACE, .a = {-5.5, 128.25, 0.4, 12.5, 230}},
    {.t_ms = 700, .kind = STP_REC_UNDO},
    {.t_ms = 800, .kind = STP_REC_REDO},
    {.t_ms = 900, .kind = STP_REC_PLACE, .a = {300, 130, 0.4, NAN, 0}},   /* off the scalp: refused */
    {.t_ms = 1000, .kind = STP_REC_SESSION_END},
    {.t_ms = 1600, .kind = STP_REC_PLACE, .a = {3.1, 140.2, 0.55, NAN, 0}},
    {.t_ms = 1550, .kind = STP_REC_PRESSURE, .a = {0.05}},   /* stamped earlier: written at 1600 */
    {.t_ms = 1700, .kind = STP_REC_INK, .step = -1},
    {.t_ms = 1800, .kind = STP_REC_PLACE, .a = {4.1, 141.2, 0.6, NAN, 0}},
    {.t_ms = 1900, .kind = STP_REC_FINISH},
  };
  for (size_t i = 0; i < sizeof ev / sizeof ev[0]; i++) {
    stp_status st = stp_game_apply(&g, &ev[i], NULL);
    assert_int_equal(st, i == 7 ? STP_ERR_RANGE : STP_OK);
    if (i == 10) assert_int_equal(wr.last_t, 1600);
  }
  stp_record_event note = {.t_ms = 1900, .kind = STP_REC_VIEW, .a = {0, 130, 7}};
  assert_int_equal(stp_game_note(&g, &note), STP_OK);
  /* An event stamped before the record's last line (the host handled a queued input after
   * writing a note) is written and applied at the record's time, so times never go back. */
  assert_int_equal(wr.last_t, 1900);
  assert_int_equal(g.work.count, 4);
  assert_int_equal(g.work.items[3].session, 2);
  assert_int_equal(g.work.items[3].t_ms, 800);           /* since session 2 began at 1000 */
  assert_int_equal(g.work.items[1].t_ms, 600);
  stp_record_writer_close(&wr);
  char *live = work_text(&g.work);

  size_t len;
  char *text = read_all(path, &len);
  stp_record r;
  assert_int_equal(stp_record_parse(&r, text, len, path, NULL), STP_OK);
  assert_int_equal(r.count, 15);
  assert_int_equal(r.events[10].t_ms, 1600);
  stp_game b;
  size_t applied;
  assert_int_equal(stp_game_rebuild(&b, &s, &r, false, INT64_MAX, &applied, NULL), STP_OK);
  assert_int_equal(applied, 14);
  assert_true(b.finished);
  char *rebuilt = work_text(&b.work);
  assert_string_equal(rebuilt, live);
  stp_game_free(&b);
  /* Up to 750 ms: two placed, one undone. */
  assert_int_equal(stp_game_rebuild(&b, &s, &r, false, 750, NULL, NULL), STP_OK);
  assert_int_equal(b.work.count, 1);
  assert_false(b.finished);
  stp_game_free(&b);
  /* The same record as an assessment: the undo and redo are refused, so both dots stay. */
  assert_int_equal(stp_game_rebuild(&b, &s, &r, true, 750, NULL, NULL), STP_OK);
  assert_int_equal(b.work.count, 2);
  stp_game_free(&b);

  /* Appending after a crash cuts a torn last line and goes on. */
  FILE *f = fopen(path, "ab");
  fputs("2000 pla", f);
  fclose(f);
  assert_int_equal(stp_record_writer_append(&wr, path, NULL), STP_OK);
  stp_record_event more = {.t_ms = 2100, .kind = STP_REC_UNDO};
  assert_int_equal(stp_record_writer_event(&wr, &more), STP_OK);
  stp_record_writer_close(&wr);
  free(text);
  text = read_all(path, &len);
  stp_record r2;
  assert_int_equal(stp_record_parse(&r2, text, len, path, NULL), STP_OK);
  assert_false(r2.torn);
  assert_int_equal(r2.count, 16);
  assert_int_equal(r2.events[15].kind, STP_REC_UNDO);
  stp_record_free(&r2);

  stp_record_free(&r);
  free(text);
  free(live);
  free(rebuilt);
  stp_game_free(&g);
  remove(path);
}

/* Any finite double written in a place event reads back as the same double. */
static void numbers_round_trip_exactly(void **state) {
  (void)state;
  uint64_t x = 88172645463325252ull;
  for (int i = 0; i < 20000; i++) {
    x ^= x << 13; x ^= x >> 7; x ^= x << 17;   /* xorshift64 */
    double v = (double)(int64_t)(x >> 11) / 9007199254740992.0 * 400.0;   /* within +-400 mm */
    if (i % 3 == 0) v = ldexp(v, (int)(x % 30) - 20);   /* tiny to 4e5: the range a place allows */
    stp_record_event e = {.t_ms = 5, .kind = STP_REC_PLACE, .a = {v, -v, 0.5, v, 0}};
    char line[STP_RECORD_MAX_LINE];
    size_t n = stp_record_format(&e, line, sizeof line);
    assert_true(n > 0);
    char text[STP_RECORD_MAX_LINE + 32];
    snprintf(text, sizeof text, "stipple-record 1\n%s", line);
    stp_record r;
    assert_int_equal(stp_record_parse(&r, text, strlen(text), "r", NULL), STP_OK);
    assert_int_equal(r.count, 1);
    if (r.events[0].a[0] != v || r.events[0].a[1] != -v || r.events[0].a[3] != v) fail_msg("%.17g read back as %.17g", v, r.events[0].a[0]);
    stp_record_free(&r);
  }
}

/* An assessment's time limit is a rule of the core: after it only the finish is taken,
 * live and rebuilt alike; practice has no limit. */
static void the_time_limit_holds_in_an_assessment(void **state) {
  (void)state;
  stp_scenario s;
  scenario(&s);
  s.time_limit_s = 1;
  for (int assess = 0; assess <= 1; assess++) {
    stp_game g;
    assert_int_equal(stp_game_init(&g, &s, NULL, 0, NULL), STP_OK);
    g.assessment = assess;
    stp_record_event a = {.t_ms = 1000, .kind = STP_REC_PLACE, .a = {1, 130, 0.5, NAN, 0}};
    stp_record_event b = {.t_ms = 1001, .kind = STP_REC_PLACE, .a = {2, 130, 0.5, NAN, 0}};
    stp_record_event c = {.t_ms = 1002, .kind = STP_REC_NEEDLE, .step = 1};
    stp_record_event f = {.t_ms = 1500, .kind = STP_REC_FINISH};
    int needle = g.tool.needle;
    assert_int_equal(stp_game_apply(&g, &a, NULL), STP_OK);           /* at the limit: taken */
    assert_int_equal(stp_game_apply(&g, &b, NULL), assess ? STP_ERR_RANGE : STP_OK);
    assert_int_equal(stp_game_apply(&g, &c, NULL), assess ? STP_ERR_RANGE : STP_OK);
    assert_int_equal(g.tool.needle, assess ? needle : (needle + 1) % s.needle_count);
    assert_int_equal(stp_game_apply(&g, &f, NULL), STP_OK);
    assert_true(g.finished);
    assert_int_equal(g.work.count, assess ? 1u : 2u);
    stp_game_free(&g);
  }
}

/* A note is not a game event, and applying one is refused. */
static void notes_do_not_change_the_game(void **state) {
  (void)state;
  stp_scenario s;
  scenario(&s);
  stp_game g;
  assert_int_equal(stp_game_init(&g, &s, NULL, 0, NULL), STP_OK);
  stp_record_event e = {.t_ms = 1, .kind = STP_REC_DOWN, .a = {1, 2, 0, 130, 0.5}};
  assert_false(stp_record_is_game_event(STP_REC_DOWN));
  assert_true(stp_record_is_game_event(STP_REC_PLACE));
  assert_int_equal(stp_game_apply(&g, &e, NULL), STP_ERR_USAGE);
  assert_int_equal(g.work.count, 0);
  /* Sessions stop at the scenario's last. */
  assert_true(stp_game_end_session(&g, 10));
  assert_false(stp_game_end_session(&g, 20));
  assert_int_equal(g.session, 2);
  stp_game_free(&g);
}

/* Ending a session closes it: undo stops at its last impression and the redo list is
 * gone (a redo would put a session-1 dot back after session 1 healed); the next session's
 * dots are its own, their clock from the session's start, and undo works within it. */
static void a_healed_session_cannot_be_undone(void **state) {
  (void)state;
  stp_scenario s;
  scenario(&s);
  stp_game g;
  assert_int_equal(stp_game_init(&g, &s, NULL, 0, NULL), STP_OK);
  assert_int_equal(stp_game_place(&g, 0, 130, 0.5, NAN, 100, NULL), STP_OK);
  assert_int_equal(stp_game_place(&g, 2, 130, 0.5, NAN, 200, NULL), STP_OK);
  assert_true(stp_game_undo(&g));                 /* the second dot, redo-able */
  assert_int_equal(g.work.count, 1);
  assert_true(stp_game_end_session(&g, 1000));
  assert_int_equal(g.session, 2);
  assert_false(stp_game_redo(&g, NULL));          /* the redo list went with session 1 */
  assert_false(stp_game_undo(&g));                /* session 1 has healed */
  assert_int_equal(g.work.count, 1);
  assert_int_equal(stp_game_place(&g, 4, 130, 0.5, NAN, 1250, NULL), STP_OK);
  assert_int_equal(g.work.items[1].session, 2);
  assert_int_equal(g.work.items[1].t_ms, 250);    /* 1250 - 1000 */
  assert_true(stp_game_undo(&g));                 /* its own session's dot */
  assert_false(stp_game_undo(&g));
  assert_int_equal(g.work.count, 1);
  assert_int_equal(g.work.items[0].session, 1);
  assert_true(stp_game_redo(&g, NULL));
  assert_int_equal(g.work.count, 2);
  assert_int_equal(g.work.items[1].session, 2);
  stp_game_free(&g);
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(parses_every_kind_and_writes_it_back),
    cmocka_unit_test(the_line_limit_is_exact),
    cmocka_unit_test(a_torn_last_line_is_dropped),
    cmocka_unit_test(malformed_lines_fail_at_their_line),
    cmocka_unit_test(rebuild_equals_the_live_game),
    cmocka_unit_test(numbers_round_trip_exactly),
    cmocka_unit_test(the_time_limit_holds_in_an_assessment),
    cmocka_unit_test(notes_do_not_change_the_game),
    cmocka_unit_test(a_healed_session_cannot_be_undone),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
