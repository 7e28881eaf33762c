/* stp_xi2.c - XInput2 device events -> pen samples (pure), the feed/log text format, and
 * the queue both the live path (stp_xi2_x11.c) and a feed fill.
 *
 * Sources followed here:
 * - XI2proto.txt (xorgproto): an XIDeviceEvent's valuators are a mask of valuator numbers
 *   and "the values of the set bits only, in order of the bits"; a valuator missing from
 *   the mask has not changed. Button 1 of a pen is its tip. Pointer events emulated from
 *   a touch carry XIPointerEmulated. XI_TouchBegin/Update/End carry the touch id in
 *   detail.
 * - xf86-input-wacom (src/x11/xf86Wacom.c wcmInitAxes, src/wcmFilter.h): valuator 0 Abs X,
 *   1 Abs Y, 2 "Abs Pressure" 0..maxCurve (FILTER_PRESSURE_RES: 2048 points, 0..2047,
 *   before 1.0; 65536 points, 0..65535, since), 3/4 "Abs Tilt X"/"Abs Tilt Y" TILT_MIN -64
 *   .. TILT_MAX 63 with resolution round(TILT_RES) = round(180/pi) points per radian, that
 *   is one point per degree. Devices are named "<tablet> Pen stylus", "... Pen eraser",
 *   "... Finger touch", "... Pad pad", "... Pen cursor".
 * - xf86-input-libinput (src/xf86libinput.c): a tablet tool's axes are added only when the
 *   tool has them (so the pressure is not always valuator 2: axes are found by their
 *   labels here), pressure 0..TABLET_PRESSURE_AXIS_MAX (2047) and tilt
 *   -TABLET_TILT_AXIS_MAX..TABLET_TILT_AXIS_MAX (64) degrees, resolution 0.
 */
#include "stp_xi2_internal.h"
#include "stp_file.h"

#include <ctype.h>
#include <stdarg.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define PI 3.14159265358979323846
#define STP_XI2_MAX_FEED_EVENTS 500000

/* ---- Translation ------------------------------------------------------------------------ */

static bool contains_ci(const char *hay, const char *needle) {
  size_t n = strlen(needle);
  for (const char *p = hay; *p; p++)
    if (strncasecmp(p, needle, n) == 0) return true;
  return false;
}

static bool ends_with_ci(const char *s, const char *tail) {
  size_t a = strlen(s), b = strlen(tail);
  return a >= b && strcasecmp(s + a - b, tail) == 0;
}

static int find_axis(const stp_xi2_device *d, const char *label, const char *label2) {
  for (int i = 0; i < d->n_axes; i++)
    if (strcasecmp(d->axes[i].label, label) == 0 || (label2 && strcasecmp(d->axes[i].label, label2) == 0)) return i;
  return -1;
}

void stp_xi2_device_classify(stp_xi2_device *d) {
  d->ax_pressure = find_axis(d, "Abs Pressure", "Abs MT Pressure");
  d->ax_tilt_x = find_axis(d, "Abs Tilt X", NULL);
  d->ax_tilt_y = find_axis(d, "Abs Tilt Y", NULL);
  d->tool = STP_PEN_OTHER;
  d->have_last = 0;
  d->tip_down = false;
  memset(d->last, 0, sizeof d->last);
  bool slave_pointer = d->use == 3 || d->use == 5;   /* XISlavePointer, XIFloatingSlave */
  if (!slave_pointer) return;
  if (ends_with_ci(d->name, "pad") || contains_ci(d->name, "cursor")) return;
  if (d->touch_class) {
    if (d->touch_direct) d->tool = STP_PEN_TOUCH;
    return;
  }
  if (d->ax_pressure >= 0) d->tool = contains_ci(d->name, "eraser") ? STP_PEN_ERASER : STP_PEN_STYLUS;
}

double stp_xi2_normalise(const stp_xi2_axis *a, double raw) {
  if (!(a->max > a->min) || !isfinite(raw)) return 0;
  double v = (raw - a->min) / (a->max - a->min);
  return v < 0 ? 0 : v > 1 ? 1 : v;
}

double stp_xi2_tilt_degrees(const stp_xi2_axis *a, double raw) {
  if (!isfinite(raw)) return 0;
  if (a->max > a->min) raw = raw < a->min ? a->min : raw > a->max ? a->max : raw;
  double deg = (a->resolution == 0 || a->resolution == 57) ? raw : raw / a->resolution * 180.0 / PI;
  return deg < -90 ? -90 : deg > 90 ? 90 : deg;
}

static bool mask_bit(const unsigned char *mask, int len, int bit) {
  return bit / 8 < len && (mask[bit / 8] >> (bit % 8)) & 1;
}

/* The axis' last value, or 0 when none has come yet. */
static double axis_value(const stp_xi2_device *d, int axis, bool *known) {
  int n = d->axes[axis].number;
  *known = n >= 0 && n < STP_XI2_MAX_VALUATORS && (d->have_last >> n) & 1;
  return *known ? d->last[n] : 0;
}

bool stp_xi2_translate(stp_xi2_device *d, const stp_xi2_event *e, stp_pen_sample *out) {
  if (!d || !e) return false;
  /* Take in the valuators first, whatever the event: a side button's press carries them. */
  int k = 0, len = e->mask_len < 0 ? 0 : e->mask_len > 8 ? 8 : e->mask_len;
  for (int bit = 0; bit < len * 8; bit++) {
    if (!mask_bit(e->mask, len, bit)) continue;
    if (k < e->n_values && isfinite(e->values[k])) {
      d->last[bit] = e->values[k];
      d->have_last |= (uint64_t)1 << bit;
    }
    k++;
  }
  if (d->tool == STP_PEN_OTHER) return false;
  stp_pen_sample s;
  memset(&s, 0, sizeof s);
  bool touch_event = e->evtype == STP_XI2_TOUCH_BEGIN || e->evtype == STP_XI2_TOUCH_UPDATE || e->evtype == STP_XI2_TOUCH_END;
  if (d->tool == STP_PEN_TOUCH) {
    if (!touch_event) return false;   /* the pointer events a touch screen emulates */
    s.phase = e->evtype == STP_XI2_TOUCH_BEGIN ? STP_PEN_DOWN : e->evtype == STP_XI2_TOUCH_END ? STP_PEN_UP : STP_PEN_MOVE;
    s.contact = (uint32_t)e->detail;
  } else {
    if (touch_event || (e->flags & STP_XI2_POINTER_EMULATED)) return false;
    switch (e->evtype) {
    case STP_XI2_BUTTON_PRESS:
      if (e->detail != 1) return false;   /* the side switches: not a contact */
      d->tip_down = true;
      s.phase = STP_PEN_DOWN;
      break;
    case STP_XI2_BUTTON_RELEASE:
      if (e->detail != 1) return false;
      d->tip_down = false;
      s.phase = STP_PEN_UP;
      break;
    case STP_XI2_MOTION:
      s.phase = d->tip_down ? STP_PEN_MOVE : STP_PEN_HOVER;
      break;
    default:
      return false;
    }
  }
  s.tool = d->tool;
  s.device = d->id;
  s.x = isfinite(e->x) ? e->x : 0;
  s.y = isfinite(e->y) ? e->y : 0;
  s.time_ms = e->time_ms;
  if (d->ax_pressure >= 0) {
    bool known;
    double raw = axis_value(d, d->ax_pressure, &known);
    s.has_pressure = true;
    s.pressure = known ? stp_xi2_normalise(&d->axes[d->ax_pressure], raw) : 0;
  }
  if (d->ax_tilt_x >= 0 && d->ax_tilt_y >= 0) {
    bool kx, ky;
    double rx = axis_value(d, d->ax_tilt_x, &kx), ry = axis_value(d, d->ax_tilt_y, &ky);
    s.has_tilt = true;
    s.tilt_x_deg = kx ? stp_xi2_tilt_degrees(&d->axes[d->ax_tilt_x], rx) : 0;
    s.tilt_y_deg = ky ? stp_xi2_tilt_degrees(&d->axes[d->ax_tilt_y], ry) : 0;
  }
  *out = s;
  return true;
}

/* ---- The text format ----------------------------------------------------------------------- */

static const struct { int type; const char *name; } EVTYPES[] = {
  {STP_XI2_BUTTON_PRESS, "ButtonPress"}, {STP_XI2_BUTTON_RELEASE, "ButtonRelease"},
  {STP_XI2_MOTION, "Motion"}, {STP_XI2_TOUCH_BEGIN, "TouchBegin"},
  {STP_XI2_TOUCH_UPDATE, "TouchUpdate"}, {STP_XI2_TOUCH_END, "TouchEnd"},
};

const char *stp_xi2_evtype_name(int evtype) {
  for (size_t i = 0; i < sizeof EVTYPES / sizeof EVTYPES[0]; i++)
    if (EVTYPES[i].type == evtype) return EVTYPES[i].name;
  return NULL;
}

static const char *USES[] = {NULL, "master-pointer", "master-keyboard", "slave-pointer", "slave-keyboard", "floating"};

static int append(char *buf, size_t size, size_t *len, const char *fmt, ...)
#if defined(__GNUC__)
  __attribute__((format(printf, 4, 5)))
#endif
  ;
static int append(char *buf, size_t size, size_t *len, const char *fmt, ...) {
  if (*len >= size) return -1;
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(buf + *len, size - *len, fmt, ap);
  va_end(ap);
  if (n < 0 || (size_t)n >= size - *len) { *len = size; return -1; }
  *len += (size_t)n;
  return 0;
}

size_t stp_xi2_format_device(const stp_xi2_device *d, char *buf, size_t size) {
  size_t len = 0;
  if (!size) return 0;
  buf[0] = '\0';
  int use = d->use >= 1 && d->use <= 5 ? d->use : 5;
  append(buf, size, &len, "device %d %s %s\n", d->id, USES[use], d->name);
  for (int i = 0; i < d->n_axes; i++) {
    const stp_xi2_axis *a = &d->axes[i];
    append(buf, size, &len, "axis %d %d %.17g %.17g %d %s\n", d->id, a->number, a->min, a->max, a->resolution, a->label);
  }
  if (d->touch_class) append(buf, size, &len, "touch %d %s\n", d->id, d->touch_direct ? "direct" : "dependent");
  if (len >= size) { buf[0] = '\0'; return 0; }
  return len;
}

size_t stp_xi2_format_event(const stp_xi2_event *e, char *buf, size_t size) {
  size_t len = 0;
  if (!size) return 0;
  const char *name = stp_xi2_evtype_name(e->evtype);
  if (!name) { buf[0] = '\0'; return 0; }
  append(buf, size, &len, "event %u %s %d %d %d %.17g %.17g 0x%x ", (unsigned)e->time_ms, name, e->deviceid,
         e->sourceid, e->detail, e->x, e->y, e->flags);
  if (e->mask_len <= 0) append(buf, size, &len, "-");
  for (int i = 0; i < e->mask_len && i < 8; i++) append(buf, size, &len, "%02x", e->mask[i]);
  for (int i = 0; i < e->n_values; i++) append(buf, size, &len, " %.17g", e->values[i]);
  append(buf, size, &len, "\n");
  if (len >= size) { buf[0] = '\0'; return 0; }
  return len;
}

/* A line split into tokens; rest[i] is the text from token i to the end (names, labels). */
#define MAX_TOKENS (STP_XI2_MAX_VALUATORS + 16)
typedef struct tokens {
  int n;
  char *tok[MAX_TOKENS];
  const char *rest[MAX_TOKENS];
} tokens;

static bool split(char *line, const char *orig, tokens *t) {
  t->n = 0;
  char *p = line;
  for (;;) {
    while (*p == ' ' || *p == '\t') p++;
    if (!*p) return true;
    if (t->n == MAX_TOKENS) return false;
    t->rest[t->n] = orig + (p - line);
    t->tok[t->n++] = p;
    while (*p && *p != ' ' && *p != '\t') p++;
    if (*p) *p++ = '\0';
  }
}

/* long long: a time runs to 2^32 - 1, past a 32-bit long (the browser build's wasm32). */
static bool parse_long(const char *s, long long lo, long long hi, long long *out) {
  char *end;
  errno = 0;
  long long v = strtoll(s, &end, 10);
  if (errno || end == s || *end || v < lo || v > hi) return false;
  *out = v;
  return true;
}

static bool parse_double(const char *s, double *out) {
  char *end;
  errno = 0;
  double v = strtod(s, &end);
  if (end == s || *end || !isfinite(v) || errno == ERANGE) return false;
  *out = v;
  return true;
}

/* A name or label: the rest of the line, trailing blanks trimmed, printable. */
static bool copy_text(const char *rest, char *out, size_t size) {
  size_t n = strlen(rest);
  while (n && (rest[n - 1] == ' ' || rest[n - 1] == '\t')) n--;
  if (n == 0 || n >= size) return false;
  for (size_t i = 0; i < n; i++)
    if ((unsigned char)rest[i] < 0x20 || rest[i] == 0x7f) return false;
  memcpy(out, rest, n);
  out[n] = '\0';
  return true;
}

static stp_xi2_device *feed_device(stp_xi2_feed *f, long long id) {
  for (int i = 0; i < f->n_devices; i++)
    if (f->devices[i].id == id) return &f->devices[i];
  return NULL;
}

static int hexval(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  c = (char)tolower((unsigned char)c);
  return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

static stp_status parse_line(stp_xi2_feed *f, char *line, const char *orig, const char *name, int ln, stp_error *err) {
  tokens t;
  if (!split(line, orig, &t)) return stp_error_set(err, STP_ERR_PARSE, name, ln, "too many fields");
  if (t.n == 0 || t.tok[0][0] == '#') return STP_OK;
  const char *kw = t.tok[0];
  long long id;
  if (strcmp(kw, "device") == 0) {
    if (t.n < 4) return stp_error_set(err, STP_ERR_PARSE, name, ln, "device: expected 'device ID USE NAME'");
    if (!parse_long(t.tok[1], 2, 65535, &id)) return stp_error_set(err, STP_ERR_PARSE, name, ln, "device: the id must be 2..65535");
    if (feed_device(f, id)) return stp_error_set(err, STP_ERR_PARSE, name, ln, "device %ld is described twice", (long)id);
    if (f->n_devices == STP_XI2_MAX_DEVICES) return stp_error_set(err, STP_ERR_LIMIT, name, ln, "more than %d devices", STP_XI2_MAX_DEVICES);
    int use = 0;
    for (int u = 1; u <= 5; u++) if (strcmp(t.tok[2], USES[u]) == 0) use = u;
    if (!use) return stp_error_set(err, STP_ERR_PARSE, name, ln, "device: unknown use '%s' (master-pointer, master-keyboard, slave-pointer, slave-keyboard, floating)", t.tok[2]);
    stp_xi2_device *d = &f->devices[f->n_devices];
    memset(d, 0, sizeof *d);
    d->id = (int)id;
    d->use = use;
    if (!copy_text(t.rest[3], d->name, sizeof d->name)) return stp_error_set(err, STP_ERR_PARSE, name, ln, "device: the name must be 1..%zu printable characters", sizeof d->name - 1);
    f->n_devices++;
    return STP_OK;
  }
  if (strcmp(kw, "axis") == 0) {
    long long number, res;
    double lo, hi;
    if (t.n < 7) return stp_error_set(err, STP_ERR_PARSE, name, ln, "axis: expected 'axis DEVICE NUMBER MIN MAX RESOLUTION LABEL'");
    stp_xi2_device *d = parse_long(t.tok[1], 2, 65535, &id) ? feed_device(f, id) : NULL;
    if (!d) return stp_error_set(err, STP_ERR_PARSE, name, ln, "axis: '%s' is not a device described above", t.tok[1]);
    if (!parse_long(t.tok[2], 0, STP_XI2_MAX_VALUATORS - 1, &number)) return stp_error_set(err, STP_ERR_PARSE, name, ln, "axis: the number must be 0..%d", STP_XI2_MAX_VALUATORS - 1);
    if (!parse_double(t.tok[3], &lo) || !parse_double(t.tok[4], &hi)) return stp_error_set(err, STP_ERR_PARSE, name, ln, "axis: MIN and MAX must be numbers");
    if (!parse_long(t.tok[5], 0, 2147483647L, &res)) return stp_error_set(err, STP_ERR_PARSE, name, ln, "axis: the resolution must be a whole number >= 0");
    for (int i = 0; i < d->n_axes; i++)
      if (d->axes[i].number == number) return stp_error_set(err, STP_ERR_PARSE, name, ln, "axis %ld of device %d is described twice", (long)number, d->id);
    if (d->n_axes == STP_XI2_MAX_AXES) return stp_error_set(err, STP_ERR_LIMIT, name, ln, "more than %d axes on device %d", STP_XI2_MAX_AXES, d->id);
    stp_xi2_axis *a = &d->axes[d->n_axes];
    a->number = (int)number; a->min = lo; a->max = hi; a->resolution = (int)res;
    if (!copy_text(t.rest[6], a->label, sizeof a->label)) return stp_error_set(err, STP_ERR_PARSE, name, ln, "axis: the label must be 1..%zu printable characters", sizeof a->label - 1);
    d->n_axes++;
    return STP_OK;
  }
  if (strcmp(kw, "touch") == 0) {
    if (t.n != 3) return stp_error_set(err, STP_ERR_PARSE, name, ln, "touch: expected 'touch DEVICE direct|dependent'");
    stp_xi2_device *d = parse_long(t.tok[1], 2, 65535, &id) ? feed_device(f, id) : NULL;
    if (!d) return stp_error_set(err, STP_ERR_PARSE, name, ln, "touch: '%s' is not a device described above", t.tok[1]);
    if (strcmp(t.tok[2], "direct") != 0 && strcmp(t.tok[2], "dependent") != 0) return stp_error_set(err, STP_ERR_PARSE, name, ln, "touch: the mode is direct or dependent");
    d->touch_class = true;
    d->touch_direct = strcmp(t.tok[2], "direct") == 0;
    return STP_OK;
  }
  if (strcmp(kw, "event") == 0) {
    if (t.n < 10) return stp_error_set(err, STP_ERR_PARSE, name, ln, "event: expected 'event TIME TYPE DEVICE SOURCE DETAIL X Y FLAGS MASK VALUES...'");
    stp_xi2_event e;
    memset(&e, 0, sizeof e);
    long long v;
    if (!parse_long(t.tok[1], 0, 4294967295LL, &v)) return stp_error_set(err, STP_ERR_PARSE, name, ln, "event: the time must be 0..4294967295 ms");
    e.time_ms = (uint32_t)v;
    for (size_t i = 0; i < sizeof EVTYPES / sizeof EVTYPES[0]; i++)
      if (strcmp(t.tok[2], EVTYPES[i].name) == 0) e.evtype = EVTYPES[i].type;
    if (!e.evtype) return stp_error_set(err, STP_ERR_PARSE, name, ln, "event: unknown type '%s'", t.tok[2]);
    if (!parse_long(t.tok[3], 2, 65535, &v)) return stp_error_set(err, STP_ERR_PARSE, name, ln, "event: bad device id");
    e.deviceid = (int)v;
    if (!parse_long(t.tok[4], 2, 65535, &v) || !feed_device(f, v)) return stp_error_set(err, STP_ERR_PARSE, name, ln, "event: the source '%s' is not a device described above", t.tok[4]);
    e.sourceid = (int)v;
    if (!parse_long(t.tok[5], 0, 2147483647L, &v)) return stp_error_set(err, STP_ERR_PARSE, name, ln, "event: bad detail");
    e.detail = (int)v;
    if (!parse_double(t.tok[6], &e.x) || !parse_double(t.tok[7], &e.y)) return stp_error_set(err, STP_ERR_PARSE, name, ln, "event: X and Y must be numbers");
    char *end;
    errno = 0;
    unsigned long fl = strtoul(t.tok[8], &end, 16);
    if (strncmp(t.tok[8], "0x", 2) != 0 || end == t.tok[8] + 2 || *end || errno || fl > 0xffffffffUL) return stp_error_set(err, STP_ERR_PARSE, name, ln, "event: FLAGS must be hexadecimal (0x0)");
    e.flags = (unsigned)fl;
    const char *m = t.tok[9];
    if (strcmp(m, "-") != 0) {
      size_t ml = strlen(m);
      if (ml % 2 || ml > 16) return stp_error_set(err, STP_ERR_PARSE, name, ln, "event: the mask is '-' or 1..8 bytes in hexadecimal");
      for (size_t i = 0; i < ml / 2; i++) {
        int hi = hexval(m[2 * i]), lo = hexval(m[2 * i + 1]);
        if (hi < 0 || lo < 0) return stp_error_set(err, STP_ERR_PARSE, name, ln, "event: the mask '%s' is not hexadecimal", m);
        e.mask[i] = (unsigned char)(hi * 16 + lo);
      }
      e.mask_len = (int)(ml / 2);
    }
    int bits = 0;
    for (int b = 0; b < e.mask_len * 8; b++) bits += mask_bit(e.mask, e.mask_len, b);
    if (t.n - 10 != bits) return stp_error_set(err, STP_ERR_PARSE, name, ln, "event: the mask has %d bits set but %d values follow", bits, t.n - 10);
    for (int i = 0; i < bits; i++)
      if (!parse_double(t.tok[10 + i], &e.values[i])) return stp_error_set(err, STP_ERR_PARSE, name, ln, "event: value %d '%s' is not a number", i + 1, t.tok[10 + i]);
    e.n_values = bits;
    if (f->count && e.time_ms < f->events[f->count - 1].time_ms) return stp_error_set(err, STP_ERR_PARSE, name, ln, "event: the time goes backwards (%u after %u)", (unsigned)e.time_ms, (unsigned)f->events[f->count - 1].time_ms);
    if (f->count == STP_XI2_MAX_FEED_EVENTS) return stp_error_set(err, STP_ERR_LIMIT, name, ln, "more than %d events", STP_XI2_MAX_FEED_EVENTS);
    if (f->count == f->capacity) {
      size_t cap = f->capacity ? f->capacity * 2 : 64;
      stp_xi2_event *ne = realloc(f->events, cap * sizeof *ne);
      if (!ne) return stp_error_set(err, STP_ERR_NOMEM, name, ln, "out of memory");
      f->events = ne;
      f->capacity = cap;
    }
    f->events[f->count++] = e;
    return STP_OK;
  }
  return stp_error_set(err, STP_ERR_PARSE, name, ln, "unknown line '%s' (device, axis, touch, event or # comment)", kw);
}

void stp_xi2_feed_free(stp_xi2_feed *f) {
  free(f->events);
  memset(f, 0, sizeof *f);
}

stp_status stp_xi2_feed_parse(stp_xi2_feed *f, const char *text, size_t len, const char *name, stp_error *err) {
  memset(f, 0, sizeof *f);
  if (!name) name = "the XI2 feed";
  if (len > STP_XI2_MAX_FEED_BYTES) return stp_error_set(err, STP_ERR_RANGE, name, 0, "larger than %u bytes", STP_XI2_MAX_FEED_BYTES);
  char line[STP_XI2_MAX_LINE + 1], orig[STP_XI2_MAX_LINE + 1];
  size_t pos = 0;
  int ln = 0;
  stp_status st = STP_OK;
  while (pos < len && st == STP_OK) {
    ln++;
    size_t end = pos;
    while (end < len && text[end] != '\n') end++;
    size_t n = end - pos;
    if (n && text[end - 1] == '\r') n--;
    if (memchr(text + pos, '\0', end - pos)) { st = stp_error_set(err, STP_ERR_PARSE, name, ln, "a NUL byte"); break; }
    if (n > STP_XI2_MAX_LINE) { st = stp_error_set(err, STP_ERR_PARSE, name, ln, "longer than %d characters", STP_XI2_MAX_LINE); break; }
    memcpy(line, text + pos, n);
    line[n] = '\0';
    memcpy(orig, line, n + 1);
    pos = end < len ? end + 1 : end;
    if (ln == 1) {
      if (strcmp(line, STP_XI2_MAGIC) != 0) {
        if (strncmp(line, "stipple-xi2 ", 12) == 0) st = stp_error_set(err, STP_ERR_PARSE, name, ln, "unknown version '%s' (this Stipple reads '" STP_XI2_MAGIC "')", line + 12);
        else st = stp_error_set(err, STP_ERR_PARSE, name, ln, "not an XI2 feed: the first line must be '" STP_XI2_MAGIC "'");
      }
      continue;
    }
    st = parse_line(f, line, orig, name, ln, err);
  }
  if (st == STP_OK && ln == 0) st = stp_error_set(err, STP_ERR_PARSE, name, 1, "empty: the first line must be '" STP_XI2_MAGIC "'");
  if (st != STP_OK) {
    stp_xi2_feed_free(f);
    return st;
  }
  for (int i = 0; i < f->n_devices; i++) stp_xi2_device_classify(&f->devices[i]);
  return STP_OK;
}

/* ---- The runtime -------------------------------------------------------------------------- */

void stp_xi2_log_text(stp_xi2 *x, const char *text, size_t len) {
  if (!x->log_path[0] || x->log_full) return;
  if (x->log_len + len > STP_XI2_MAX_FEED_BYTES) {
    x->log_full = true;   /* what is there stays a valid feed */
    fprintf(stderr, "stipple: xi2: the log reached %u bytes; later events are not logged\n", STP_XI2_MAX_FEED_BYTES);
    return;
  }
  if (x->log_len + len > x->log_cap) {
    size_t cap = x->log_cap ? x->log_cap : 65536;
    while (cap < x->log_len + len) cap *= 2;
    char *nb = realloc(x->log_buf, cap);
    if (!nb) { x->log_full = true; return; }
    x->log_buf = nb;
    x->log_cap = cap;
  }
  memcpy(x->log_buf + x->log_len, text, len);
  x->log_len += len;
}

void stp_xi2_queue_sample(stp_xi2 *x, const stp_pen_sample *s) {
  if (x->q_count == STP_XI2_MAX_QUEUE) {   /* nobody drains: keep the newest */
    x->q_head = (x->q_head + 1) % STP_XI2_MAX_QUEUE;
    x->q_count--;
  }
  x->queue[(x->q_head + x->q_count) % STP_XI2_MAX_QUEUE] = *s;
  x->q_count++;
}

void stp_xi2_queue_event(stp_xi2 *x, stp_xi2_device *d, const stp_xi2_event *e) {
  stp_pen_sample s;
  if (stp_xi2_translate(d, e, &s)) stp_xi2_queue_sample(x, &s);
}

void stp_xi2_push_event(stp_xi2 *x, const stp_xi2_event *e) {
  if (!x) return;
  char line[STP_XI2_MAX_LINE * 2];
  size_t n = stp_xi2_format_event(e, line, sizeof line);
  if (n) stp_xi2_log_text(x, line, n);
  for (int i = 0; i < x->n_devices; i++)
    if (x->devices[i].id == e->sourceid) { stp_xi2_queue_event(x, &x->devices[i], e); return; }
}

stp_status stp_xi2_load_feed(stp_xi2 *x, const char *path, stp_error *err) {
  char *text = NULL;
  size_t len = 0;
  stp_status st = stp_file_read(path, STP_XI2_MAX_FEED_BYTES, "the XI2 feed", &text, &len, err);
  if (st != STP_OK) return st;
  stp_xi2_feed f;
  st = stp_xi2_feed_parse(&f, text, len, path, err);
  free(text);
  if (st != STP_OK) return st;
  stp_xi2_feed_free(&x->feed);
  x->feed = f;
  x->feed_next = 0;
  x->feed_started = false;
  return STP_OK;
}

static stp_xi2_device *feed_source(stp_xi2 *x, int id) {
  for (int i = 0; i < x->feed.n_devices; i++)
    if (x->feed.devices[i].id == id) return &x->feed.devices[i];
  return NULL;
}

int stp_xi2_drain(stp_xi2 *x, uint64_t now_ms, stp_pen_sample *out, int max) {
  if (!x) return 0;
  if (x->feed_next < x->feed.count) {
    if (!x->feed_started) { x->feed_started = true; x->feed_t0 = now_ms; }
    uint32_t base = x->feed.events[0].time_ms;
    while (x->feed_next < x->feed.count &&
           (uint64_t)(x->feed.events[x->feed_next].time_ms - base) <= now_ms - x->feed_t0) {
      const stp_xi2_event *e = &x->feed.events[x->feed_next++];
      stp_xi2_queue_event(x, feed_source(x, e->sourceid), e);
    }
  }
  int n = 0;
  while (n < max && x->q_count) {
    out[n++] = x->queue[x->q_head];
    x->q_head = (x->q_head + 1) % STP_XI2_MAX_QUEUE;
    x->q_count--;
  }
  return n;
}

bool stp_xi2_feed_pending(const stp_xi2 *x) { return x && x->feed_next < x->feed.count; }
bool stp_xi2_live(const stp_xi2 *x) { return x && x->live; }
int stp_xi2_device_count(const stp_xi2 *x) { return x ? x->n_devices : 0; }

stp_xi2 *stp_xi2_open(SDL_Window *win) {
  stp_xi2 *x = calloc(1, sizeof *x);
  if (!x) return NULL;
  const char *log = getenv("STIPPLE_XI2_LOG");
  if (log && *log) {
    if (strlen(log) >= sizeof x->log_path) fprintf(stderr, "stipple: xi2: STIPPLE_XI2_LOG is too long a path; not logging\n");
    else {
      snprintf(x->log_path, sizeof x->log_path, "%s", log);
      stp_xi2_log_text(x, STP_XI2_MAGIC "\n", strlen(STP_XI2_MAGIC) + 1);
    }
  }
  const char *feed = getenv("STIPPLE_XI2_FEED");
  if (feed && *feed) {
    stp_error err;
    stp_error_clear(&err);
    if (stp_xi2_load_feed(x, feed, &err) != STP_OK) {
      char buf[1200];
      fprintf(stderr, "stipple: xi2: %s\n", stp_error_format(&err, buf, sizeof buf));
    } else {
      printf("stipple: xi2 feed %s: %zu events\n", feed, x->feed.count);
      fflush(stdout);
    }
  }
  if (win) stp_xi2_live_attach(x, win);
  return x;
}

void stp_xi2_close(stp_xi2 *x) {
  if (!x) return;
  stp_xi2_live_detach(x);
  if (x->log_path[0]) {
    stp_error err;
    stp_error_clear(&err);
    if (stp_file_write(x->log_path, x->log_buf, x->log_len, 0, "the XI2 log", &err) != STP_OK) {
      char buf[1200];
      fprintf(stderr, "stipple: xi2: %s\n", stp_error_format(&err, buf, sizeof buf));
    }
  }
  free(x->log_buf);
  stp_xi2_feed_free(&x->feed);
  free(x);
}
