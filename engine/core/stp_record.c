/* stp_record.c - the input record: its text format, parser and append-only writer. */
#define _POSIX_C_SOURCE 200809L
#include "stp_record.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "stp_file.h"

/* Per kind: its name, how many numbers, and whether an int (step / which) and a flag follow. */
static const struct {
  const char *name;
  int nums;
  bool has_int, has_flag, game;
} KINDS[STP_REC_KIND_COUNT] = {
  [STP_REC_PLACE] = {"place", 5, false, false, true},
  [STP_REC_UNDO] = {"undo", 0, false, false, true},
  [STP_REC_REDO] = {"redo", 0, false, false, true},
  [STP_REC_NEEDLE] = {"needle", 0, true, false, true},
  [STP_REC_INK] = {"ink", 0, true, false, true},
  [STP_REC_PIGMENT] = {"pigment", 0, true, false, true},
  [STP_REC_PRESSURE] = {"pressure", 1, false, false, true},
  [STP_REC_ROTATE] = {"rotate", 1, false, false, true},
  [STP_REC_SESSION_END] = {"session-end", 0, false, false, true},
  [STP_REC_FINISH] = {"finish", 0, false, false, true},
  [STP_REC_DOWN] = {"down", 5, false, true, false},
  [STP_REC_MOVE] = {"move", 5, false, true, false},
  [STP_REC_UP] = {"up", 5, false, true, false},
  [STP_REC_VIEW] = {"view", 3, false, false, false},
  [STP_REC_SHOW] = {"show", 0, true, true, false},
  [STP_REC_TIME_UP] = {"time-up", 0, false, false, false},
  [STP_REC_DESIGN_POINT] = {"design-point", 2, false, false, true},
  [STP_REC_DESIGN_DONE] = {"design-done", 4, false, false, true},
};

const char *stp_record_kind_name(stp_record_kind k) {
  return k >= 0 && k < STP_REC_KIND_COUNT ? KINDS[k].name : "?";
}

bool stp_record_is_game_event(stp_record_kind k) { return k >= 0 && k < STP_REC_KIND_COUNT && KINDS[k].game; }

void stp_record_init(stp_record *r) { memset(r, 0, sizeof *r); }

void stp_record_free(stp_record *r) {
  free(r->events);
  stp_record_init(r);
}

const char *stp_record_header_get(const stp_record *r, const char *key) {
  for (int i = 0; i < r->header_count; i++)
    if (strcmp(r->headers[i].key, key) == 0) return r->headers[i].value;
  return NULL;
}

/* A number in the fewest significant digits (15 to 17) that read back as exactly the same
 * double; only the place's angle may be "nan". */
static int put_num(char *o, size_t size, double v) {
  if (isnan(v)) return snprintf(o, size, " nan");
  for (int digits = 15; digits < 17; digits++) {
    char buf[40];
    snprintf(buf, sizeof buf, "%.*g", digits, v);
    if (strtod(buf, NULL) == v) return snprintf(o, size, " %s", buf);
  }
  return snprintf(o, size, " %.17g", v);
}

size_t stp_record_format(const stp_record_event *e, char *out, size_t size) {
  if (e->kind < 0 || e->kind >= STP_REC_KIND_COUNT || size == 0) return 0;
  size_t n = 0;
  int k = snprintf(out, size, "%lld %s", (long long)e->t_ms, KINDS[e->kind].name);
  if (k < 0 || (size_t)k >= size) return 0;
  n = (size_t)k;
  for (int i = 0; i < KINDS[e->kind].nums; i++) {
    k = put_num(out + n, size - n, e->a[i]);
    if (k < 0 || (size_t)k >= size - n) return 0;
    n += (size_t)k;
  }
  if (KINDS[e->kind].has_int) {
    k = snprintf(out + n, size - n, " %d", e->step);
    if (k < 0 || (size_t)k >= size - n) return 0;
    n += (size_t)k;
  }
  if (KINDS[e->kind].has_flag) {
    k = snprintf(out + n, size - n, " %d", e->flag ? 1 : 0);
    if (k < 0 || (size_t)k >= size - n) return 0;
    n += (size_t)k;
  }
  if (n + 2 > size) return 0;
  out[n++] = '\n';
  out[n] = '\0';
  return n;
}

/* ---- parsing ------------------------------------------------------------------------- */

/* The next space-separated word of [*p, end): its start and length; false at the end. */
static bool word(const char **p, const char *end, const char **w, size_t *len) {
  const char *s = *p;
  while (s < end && *s == ' ') s++;
  if (s >= end) return false;
  const char *e = s;
  while (e < end && *e != ' ') e++;
  *w = s;
  *len = (size_t)(e - s);
  *p = e;
  return true;
}

static bool parse_double(const char *w, size_t len, bool allow_nan, double *out) {
  char buf[64];
  if (len == 0 || len >= sizeof buf) return false;
  memcpy(buf, w, len);
  buf[len] = '\0';
  if (allow_nan && strcmp(buf, "nan") == 0) { *out = NAN; return true; }
  for (size_t i = 0; i < len; i++)   /* digits, sign, point and exponent only: no "inf", no hex */
    if (!strchr("0123456789+-.eE", buf[i])) return false;
  char *end;
  errno = 0;
  double v = strtod(buf, &end);
  if (*end || errno == ERANGE || !isfinite(v)) return false;
  *out = v;
  return true;
}

static bool parse_int(const char *w, size_t len, long long lo, long long hi, long long *out) {
  char buf[32];
  if (len == 0 || len >= sizeof buf) return false;
  memcpy(buf, w, len);
  buf[len] = '\0';
  for (size_t i = 0; i < len; i++)
    if (!(buf[i] >= '0' && buf[i] <= '9') && !(i == 0 && buf[i] == '-')) return false;
  char *end;
  errno = 0;
  long long v = strtoll(buf, &end, 10);
  if (*end || errno == ERANGE || v < lo || v > hi) return false;
  *out = v;
  return true;
}

static stp_status bad(stp_error *err, const char *name, int line, const char *what) {
  return stp_error_set(err, STP_ERR_PARSE, name, line, "%s", what);
}

static stp_status push(stp_record *r, const stp_record_event *e, const char *name, int line, stp_error *err) {
  if (r->count >= STP_RECORD_MAX_EVENTS) return bad(err, name, line, "too many events in the record");
  if (r->count == r->capacity) {
    size_t cap = r->capacity ? r->capacity * 2 : 1024;
    if (cap > STP_RECORD_MAX_EVENTS) cap = STP_RECORD_MAX_EVENTS;
    stp_record_event *ne = realloc(r->events, cap * sizeof *ne);
    if (!ne) return stp_error_set(err, STP_ERR_NOMEM, name, line, "out of memory reading the record");
    r->events = ne;
    r->capacity = cap;
  }
  r->events[r->count++] = *e;
  return STP_OK;
}

static stp_status parse_event(stp_record *r, const char *s, const char *end, int64_t last_t, const char *name,
                              int line, stp_error *err) {
  const char *w;
  size_t len;
  long long t;
  stp_record_event e;
  memset(&e, 0, sizeof e);
  if (!word(&s, end, &w, &len) || !parse_int(w, len, 0, (long long)1e15, &t))
    return bad(err, name, line, "an event starts with its time in ms (a whole number >= 0)");
  if (t < last_t) return bad(err, name, line, "the time goes backwards");
  e.t_ms = t;
  if (!word(&s, end, &w, &len)) return bad(err, name, line, "the event has no kind");
  int kind = -1;
  for (int k = 0; k < STP_REC_KIND_COUNT; k++)
    if (strlen(KINDS[k].name) == len && memcmp(KINDS[k].name, w, len) == 0) kind = k;
  if (kind < 0) return bad(err, name, line, "unknown event kind");
  e.kind = (stp_record_kind)kind;
  for (int i = 0; i < KINDS[kind].nums; i++) {
    bool nan_ok = kind == STP_REC_PLACE && i == 3;
    if (!word(&s, end, &w, &len) || !parse_double(w, len, nan_ok, &e.a[i]))
      return bad(err, name, line, "a number is missing or malformed");
  }
  long long v;
  if (KINDS[kind].has_int) {
    if (!word(&s, end, &w, &len) || !parse_int(w, len, -1000, 1000, &v))
      return bad(err, name, line, "a whole number is missing or out of range");
    e.step = (int)v;
  }
  if (KINDS[kind].has_flag) {
    if (!word(&s, end, &w, &len) || !parse_int(w, len, 0, 1, &v))
      return bad(err, name, line, "a flag (0 or 1) is missing");
    e.flag = v == 1;
  }
  if (word(&s, end, &w, &len)) return bad(err, name, line, "unexpected text after the event");
  /* Ranges the game relies on. */
  if (kind == STP_REC_PLACE && (e.a[2] < 0 || e.a[2] > 1 || e.a[4] < 0 || e.a[4] > 1e7 ||
                                fabs(e.a[0]) > 1e6 || fabs(e.a[1]) > 1e6 || (isfinite(e.a[3]) && fabs(e.a[3]) > 1e6)))
    return bad(err, name, line, "a place event is out of range (pressure 0..1, dwell >= 0)");
  if ((kind == STP_REC_PRESSURE || kind == STP_REC_ROTATE) && fabs(e.a[0]) > 1e6)
    return bad(err, name, line, "a nudge is out of range");
  if ((kind == STP_REC_DESIGN_POINT || kind == STP_REC_DESIGN_DONE) &&
      (fabs(e.a[0]) > 1e6 || fabs(e.a[1]) > 1e6 || fabs(e.a[2]) > 1e6 || fabs(e.a[3]) > 1e6))
    return bad(err, name, line, "a design point is out of range");
  if (kind == STP_REC_SHOW && (e.step < 0 || e.step > 3)) return bad(err, name, line, "unknown display toggle");
  return push(r, &e, name, line, err);
}

stp_status stp_record_parse(stp_record *out, const char *data, size_t size, const char *name, stp_error *err) {
  stp_record_init(out);
  if (!name) name = "record";
  stp_record r;
  stp_record_init(&r);
  const char *p = data, *end = data + size;
  int line = 0;
  int64_t last_t = 0;
  stp_status st = STP_OK;
  while (p < end && st == STP_OK) {
    const char *nl = memchr(p, '\n', (size_t)(end - p));
    line++;
    if (!nl && line == 1) {   /* the writer writes the first line whole: this is no record */
      st = bad(err, name, line, "not a Stipple input record (the first line must be \"" STP_RECORD_MAGIC "\")");
      break;
    }
    if (!nl) { r.torn = true; break; }   /* a crash cut the last line: drop it */
    size_t len = (size_t)(nl - p);
    if (len >= STP_RECORD_MAX_LINE) { st = bad(err, name, line, "the line is too long"); break; }
    for (size_t i = 0; i < len; i++)
      if ((unsigned char)p[i] < 0x20 || (unsigned char)p[i] >= 0x7f) {
        st = bad(err, name, line, "the record is plain ASCII text: a control or non-ASCII byte");
        break;
      }
    if (st != STP_OK) break;
    if (line == 1) {
      if (len != strlen(STP_RECORD_MAGIC) || memcmp(p, STP_RECORD_MAGIC, len) != 0)
        st = bad(err, name, line, "not a Stipple input record (the first line must be \"" STP_RECORD_MAGIC "\")");
    } else if (len > 0 && p[0] == '#') {
      const char *s = p + 1, *w, *v;
      size_t wl, vl;
      if (r.count > 0) st = bad(err, name, line, "a header line after the first event");
      else if (r.header_count >= STP_RECORD_MAX_HEADERS) st = bad(err, name, line, "too many header lines");
      else if (!word(&s, nl, &w, &wl) || wl >= sizeof r.headers[0].key) st = bad(err, name, line, "a header line is '# key value'");
      else {
        while (s < nl && *s == ' ') s++;
        v = s;
        vl = (size_t)(nl - s);
        if (vl >= sizeof r.headers[0].value) st = bad(err, name, line, "a header value is too long");
        else {
          stp_record_header *h = &r.headers[r.header_count++];
          memcpy(h->key, w, wl);
          h->key[wl] = '\0';
          memcpy(h->value, v, vl);
          h->value[vl] = '\0';
        }
      }
    } else if (len == 0) {
      st = bad(err, name, line, "an empty line");
    } else {
      st = parse_event(&r, p, nl, last_t, name, line, err);
      if (st == STP_OK) last_t = r.events[r.count - 1].t_ms;
    }
    p = nl + 1;
  }
  if (st == STP_OK && line == 0) st = bad(err, name, 1, "the record is empty");
  if (st != STP_OK) {
    stp_record_free(&r);
    return st;
  }
  *out = r;
  stp_error_clear(err);
  return STP_OK;
}

/* ---- writing ------------------------------------------------------------------------- */

static stp_status write_all(stp_record_writer *w, const char *s, size_t n) {
  while (n > 0) {
    ssize_t k = write(w->fd, s, n);
    if (k < 0 && errno == EINTR) continue;
    if (k <= 0) {
      w->failed = true;
      return stp_error_set(&w->error, STP_ERR_IO, w->path, 0, "cannot write the input record: %s",
                           k < 0 ? strerror(errno) : "no space");
    }
    s += k;
    n -= (size_t)k;
  }
  return STP_OK;
}

static bool header_text_ok(const char *s) {
  for (; *s; s++)
    if ((unsigned char)*s < 0x20 || (unsigned char)*s >= 0x7f) return false;
  return true;
}

stp_status stp_record_writer_create(stp_record_writer *w, const char *path, const stp_record_header *headers,
                                    int header_count, stp_error *err) {
  memset(w, 0, sizeof *w);
  w->fd = -1;
  snprintf(w->path, sizeof w->path, "%s", path);
  stp_error_clear(&w->error);
  w->fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_APPEND | O_CLOEXEC, 0600);
  if (w->fd < 0) return stp_error_set(err, STP_ERR_IO, path, 0, "cannot create the input record: %s", strerror(errno));
  stp_status st = write_all(w, STP_RECORD_MAGIC "\n", strlen(STP_RECORD_MAGIC) + 1);
  for (int i = 0; st == STP_OK && i < header_count; i++) {
    char line[STP_RECORD_MAX_LINE];
    if (!header_text_ok(headers[i].key) || !header_text_ok(headers[i].value)) {
      st = stp_error_set(&w->error, STP_ERR_RANGE, path, 0, "a record header must be plain ASCII text");
      break;
    }
    int n = snprintf(line, sizeof line, "# %s %s\n", headers[i].key, headers[i].value);
    st = write_all(w, line, (size_t)n);
  }
  if (st == STP_OK) st = stp_record_writer_sync(w);
  if (st != STP_OK) {
    *err = w->error;
    close(w->fd);
    w->fd = -1;
    unlink(path);
  }
  return st;
}

stp_status stp_record_writer_append(stp_record_writer *w, const char *path, stp_error *err) {
  memset(w, 0, sizeof *w);
  w->fd = -1;
  snprintf(w->path, sizeof w->path, "%s", path);
  stp_error_clear(&w->error);
  char *data;
  size_t len;
  stp_status st = stp_file_read(path, STP_FILE_MAX_RECORD, "the input record", &data, &len, err);
  if (st != STP_OK) return st;
  size_t keep = len;
  while (keep > 0 && data[keep - 1] != '\n') keep--;   /* a torn last line */
  stp_record r;
  st = stp_record_parse(&r, data, keep, path, err);
  free(data);
  if (st != STP_OK) return st;
  w->last_t = r.count ? r.events[r.count - 1].t_ms : 0;
  w->events = r.count;
  stp_record_free(&r);
  w->fd = open(path, O_WRONLY | O_APPEND | O_NOFOLLOW | O_CLOEXEC);
  if (w->fd < 0) return stp_error_set(err, STP_ERR_IO, path, 0, "cannot reopen the input record: %s", strerror(errno));
  if (keep != len && ftruncate(w->fd, (off_t)keep) != 0) {
    int e = errno;
    close(w->fd);
    w->fd = -1;
    return stp_error_set(err, STP_ERR_IO, path, 0, "cannot cut the torn end of the input record: %s", strerror(e));
  }
  return STP_OK;
}

stp_status stp_record_writer_event(stp_record_writer *w, const stp_record_event *e) {
  if (!w || w->fd < 0) return STP_OK;
  if (w->failed) return w->error.status;
  char line[STP_RECORD_MAX_LINE];
  stp_record_event ev = *e;
  if (ev.t_ms < w->last_t) ev.t_ms = w->last_t;   /* times never go backwards in a record */
  size_t n = stp_record_format(&ev, line, sizeof line);
  if (n == 0) {
    w->failed = true;
    return stp_error_set(&w->error, STP_ERR_RANGE, w->path, 0, "an event could not be written to the record");
  }
  stp_status st = write_all(w, line, n);
  if (st == STP_OK) {
    w->events++;
    w->last_t = ev.t_ms;
  }
  return st;
}

stp_status stp_record_writer_sync(stp_record_writer *w) {
  if (!w || w->fd < 0) return STP_OK;
  if (w->failed) return w->error.status;
  if (fdatasync(w->fd) != 0) {
    w->failed = true;
    return stp_error_set(&w->error, STP_ERR_IO, w->path, 0, "cannot sync the input record: %s", strerror(errno));
  }
  stp_file_note_durable();
  return STP_OK;
}

void stp_record_writer_close(stp_record_writer *w) {
  if (w && w->fd >= 0) {
    stp_record_writer_sync(w);
    close(w->fd);
    w->fd = -1;
  }
}
