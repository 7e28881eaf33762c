/* XInput2 translation (stp_xi2): device descriptions and raw device events as the wacom,
 * libinput and evdev X drivers report them -> pen samples; the feed format; the pen
 * samples through stp_input (pressure curve, tilt, hover, eraser, palms, the pen's own
 * mouse events). Every expected number is worked out by hand in the comments. */
#define _POSIX_C_SOURCE 200809L
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include "stp_test.h"
#include <math.h>
#include <string.h>
#include <stdlib.h>
#include <unistd.h>

#include "stp_input.h"
#include "stp_xi2.h"

static void add_axis(stp_xi2_device *d, int number, double lo, double hi, int res, const char *label) {
  stp_xi2_axis *a = &d->axes[d->n_axes++];
  a->number = number; a->min = lo; a->max = hi; a->resolution = res;
  snprintf(a->label, sizeof a->label, "%s", label);
}

/* The wacom driver's stylus (xf86Wacom.c wcmInitAxes): 0 Abs X, 1 Abs Y, 2 Abs Pressure
 * 0..2047 (FILTER_PRESSURE_RES 2048 before 1.0), 3/4 Abs Tilt X/Y -64..63 resolution 57,
 * 5 Abs Wheel. */
static stp_xi2_device wacom(const char *name) {
  stp_xi2_device d;
  memset(&d, 0, sizeof d);
  d.id = 12; d.use = 3;
  snprintf(d.name, sizeof d.name, "%s", name);
  add_axis(&d, 0, 0, 44800, 200000, "Abs X");
  add_axis(&d, 1, 0, 29600, 200000, "Abs Y");
  add_axis(&d, 2, 0, 2047, 0, "Abs Pressure");
  add_axis(&d, 3, -64, 63, 57, "Abs Tilt X");
  add_axis(&d, 4, -64, 63, 57, "Abs Tilt Y");
  add_axis(&d, 5, -900, 899, 1, "Abs Wheel");
  stp_xi2_device_classify(&d);
  return d;
}

static stp_xi2_event ev(int type, int source, int detail, double x, double y, unsigned char mask0, int n, const double *vals) {
  stp_xi2_event e;
  memset(&e, 0, sizeof e);
  e.evtype = type; e.deviceid = source; e.sourceid = source; e.detail = detail;
  e.x = x; e.y = y; e.mask_len = 1; e.mask[0] = mask0; e.n_values = n;
  for (int i = 0; i < n; i++) e.values[i] = vals[i];
  return e;
}

static void wacom_pen_pressure_tilt_and_gaps(void **state) {
  (void)state;
  stp_xi2_device d = wacom("Wacom Intuos Pro M Pen stylus");
  assert_int_equal(d.tool, STP_PEN_STYLUS);
  assert_int_equal(d.ax_pressure, 2);
  assert_int_equal(d.ax_tilt_x, 3);
  assert_int_equal(d.ax_tilt_y, 4);
  stp_pen_sample s;
  /* The tip goes down: all six valuators (mask 0x3f), pressure 1023.5 of 2047 = 0.5,
   * tilt 30 and -20 degrees (one point per degree). */
  double v1[] = {22400, 14800, 1023.5, 30, -20, 0};
  stp_xi2_event e = ev(STP_XI2_BUTTON_PRESS, 12, 1, 300.5, 200.25, 0x3f, 6, v1);
  e.time_ms = 1000;
  assert_true(stp_xi2_translate(&d, &e, &s));
  assert_int_equal(s.phase, STP_PEN_DOWN);
  assert_int_equal(s.tool, STP_PEN_STYLUS);
  assert_float_equal(s.x, 300.5, 1e-12);
  assert_float_equal(s.y, 200.25, 1e-12);
  assert_true(s.has_pressure);
  assert_float_equal(s.pressure, 0.5, 1e-12);
  assert_true(s.has_tilt);
  assert_float_equal(s.tilt_x_deg, 30, 1e-12);
  assert_float_equal(s.tilt_y_deg, -20, 1e-12);
  assert_int_equal(s.time_ms, 1000);
  /* A mask with gaps: bits 2 and 4 (0x14), packed values 2047 (pressure) then 10 (tilt Y):
   * pressure 1, tilt X keeps 30, tilt Y 10. */
  double v2[] = {2047, 10};
  e = ev(STP_XI2_MOTION, 12, 0, 301, 201, 0x14, 2, v2);
  assert_true(stp_xi2_translate(&d, &e, &s));
  assert_int_equal(s.phase, STP_PEN_MOVE);
  assert_float_equal(s.pressure, 1.0, 1e-12);
  assert_float_equal(s.tilt_x_deg, 30, 1e-12);
  assert_float_equal(s.tilt_y_deg, 10, 1e-12);
  /* Pressure absent from the mask (bit 3 only: tilt X -64): the pressure stays 1. */
  double v3[] = {-64};
  e = ev(STP_XI2_MOTION, 12, 0, 302, 201, 0x08, 1, v3);
  assert_true(stp_xi2_translate(&d, &e, &s));
  assert_float_equal(s.pressure, 1.0, 1e-12);
  assert_float_equal(s.tilt_x_deg, -64, 1e-12);
  /* A side switch (button 2) is no contact; its valuators are still taken in
   * (pressure 511.75 / 2047 = 0.25 shows in the next event). */
  double v4[] = {511.75};
  e = ev(STP_XI2_BUTTON_PRESS, 12, 2, 302, 201, 0x04, 1, v4);
  assert_false(stp_xi2_translate(&d, &e, &s));
  e = ev(STP_XI2_MOTION, 12, 0, 303, 201, 0, 0, NULL);
  assert_true(stp_xi2_translate(&d, &e, &s));
  assert_float_equal(s.pressure, 0.25, 1e-12);
  assert_int_equal(s.phase, STP_PEN_MOVE);
  /* The tip lifts (pressure 0); motion after it is hover. */
  double v5[] = {0};
  e = ev(STP_XI2_BUTTON_RELEASE, 12, 1, 303, 201, 0x04, 1, v5);
  assert_true(stp_xi2_translate(&d, &e, &s));
  assert_int_equal(s.phase, STP_PEN_UP);
  assert_float_equal(s.pressure, 0, 1e-12);
  e = ev(STP_XI2_MOTION, 12, 0, 310, 205, 0, 0, NULL);
  assert_true(stp_xi2_translate(&d, &e, &s));
  assert_int_equal(s.phase, STP_PEN_HOVER);
  /* A pen's touch events make nothing. */
  e = ev(STP_XI2_TOUCH_BEGIN, 12, 3, 310, 205, 0, 0, NULL);
  assert_false(stp_xi2_translate(&d, &e, &s));
}

static void out_of_range_values_are_clamped(void **state) {
  (void)state;
  stp_xi2_device d = wacom("Wacom Intuos Pro M Pen stylus");
  stp_pen_sample s;
  /* Pressure 3000 > 2047 -> 1; tilt 100 > 63 -> 63; tilt -80 < -64 -> -64. */
  double v[] = {3000, 100, -80};
  stp_xi2_event e = ev(STP_XI2_BUTTON_PRESS, 12, 1, 10, 10, 0x1c, 3, v);
  assert_true(stp_xi2_translate(&d, &e, &s));
  assert_float_equal(s.pressure, 1.0, 1e-12);
  assert_float_equal(s.tilt_x_deg, 63, 1e-12);
  assert_float_equal(s.tilt_y_deg, -64, 1e-12);
  /* Pressure -5 < 0 -> 0. */
  double w[] = {-5};
  e = ev(STP_XI2_MOTION, 12, 0, 10, 10, 0x04, 1, w);
  assert_true(stp_xi2_translate(&d, &e, &s));
  assert_float_equal(s.pressure, 0, 1e-12);
  /* Fewer values than set bits (a broken event): the missing ones keep their last value. */
  double u[] = {1023.5};
  e = ev(STP_XI2_MOTION, 12, 0, 10, 10, 0x1c, 1, u);
  assert_true(stp_xi2_translate(&d, &e, &s));
  assert_float_equal(s.pressure, 0.5, 1e-12);
  assert_float_equal(s.tilt_x_deg, 63, 1e-12);
  /* evdev's tilt in the kernel's units with a resolution in units per radian: 4500 at
   * 5730 per radian = 0.785340 rad = 44.9973 degrees. */
  stp_xi2_axis a = {3, -9000, 9000, 5730, "Abs Tilt X"};
  assert_float_equal(stp_xi2_tilt_degrees(&a, 4500), 44.9973, 1e-3);
  /* A range that does not start at 0 (a pen through evdev reporting 10..1033): raw 521.5
   * is (521.5 - 10) / (1033 - 10) = 511.5 / 1023 = 0.5; raw 10 is 0. */
  stp_xi2_axis p = {2, 10, 1033, 0, "Abs Pressure"};
  assert_float_equal(stp_xi2_normalise(&p, 521.5), 0.5, 1e-12);
  assert_float_equal(stp_xi2_normalise(&p, 10), 0, 1e-12);
  /* An empty range gives 0, never a division by zero. */
  stp_xi2_axis z = {2, 5, 5, 0, "Abs Pressure"};
  assert_float_equal(stp_xi2_normalise(&z, 5), 0, 0);
}

/* xf86-input-libinput: axes only for what the tool has (pressure at 2, no tilt here);
 * the wacom driver since 1.0 and this pen: pressure 0..65535. 16383.75 / 65535 = 0.25. */
static void libinput_tablet_and_wide_pressure(void **state) {
  (void)state;
  stp_xi2_device d;
  memset(&d, 0, sizeof d);
  d.id = 15; d.use = 3;
  snprintf(d.name, sizeof d.name, "HUION Kamvas Pen (0)");
  add_axis(&d, 0, 0, 16777215, 0, "Abs X");
  add_axis(&d, 1, 0, 16777215, 0, "Abs Y");
  add_axis(&d, 2, 0, 65535, 0, "Abs Pressure");
  stp_xi2_device_classify(&d);
  assert_int_equal(d.tool, STP_PEN_STYLUS);
  assert_int_equal(d.ax_tilt_x, -1);
  stp_pen_sample s;
  double v[] = {1, 2, 16383.75};
  stp_xi2_event e = ev(STP_XI2_BUTTON_PRESS, 15, 1, 50, 60, 0x07, 3, v);
  assert_true(stp_xi2_translate(&d, &e, &s));
  assert_float_equal(s.pressure, 0.25, 1e-12);
  assert_false(s.has_tilt);
  /* A libinput pen with tilt but no pressure: tilt is valuator 2 (compacted axes) in
   * degrees (resolution 0, -64..64); with no pressure axis it is left to SDL (a mouse). */
  stp_xi2_device t;
  memset(&t, 0, sizeof t);
  t.id = 16; t.use = 3;
  snprintf(t.name, sizeof t.name, "Tablet Pen (0)");
  add_axis(&t, 2, -64, 64, 0, "Abs Tilt X");
  add_axis(&t, 3, -64, 64, 0, "Abs Tilt Y");
  stp_xi2_device_classify(&t);
  assert_int_equal(t.ax_tilt_x, 0);
  assert_int_equal(t.tool, STP_PEN_OTHER);
  assert_float_equal(stp_xi2_tilt_degrees(&t.axes[0], 40), 40, 1e-12);
}

static void touch_screens_with_and_without_pressure(void **state) {
  (void)state;
  /* evdev's touch screen: MT position and "Abs MT Pressure" 0..255; 51 / 255 = 0.2. */
  stp_xi2_device d;
  memset(&d, 0, sizeof d);
  d.id = 9; d.use = 3;
  snprintf(d.name, sizeof d.name, "ELAN Touchscreen");
  add_axis(&d, 0, 0, 4095, 0, "Abs MT Position X");
  add_axis(&d, 1, 0, 4095, 0, "Abs MT Position Y");
  add_axis(&d, 2, 0, 255, 0, "Abs MT Pressure");
  d.touch_class = true; d.touch_direct = true;
  stp_xi2_device_classify(&d);
  assert_int_equal(d.tool, STP_PEN_TOUCH);
  stp_pen_sample s;
  double v[] = {100, 200, 51};
  stp_xi2_event e = ev(STP_XI2_TOUCH_BEGIN, 9, 7, 40, 50, 0x07, 3, v);
  assert_true(stp_xi2_translate(&d, &e, &s));
  assert_int_equal(s.phase, STP_PEN_DOWN);
  assert_int_equal(s.contact, 7);
  assert_float_equal(s.pressure, 0.2, 1e-12);
  e = ev(STP_XI2_TOUCH_UPDATE, 9, 7, 41, 50, 0, 0, NULL);
  assert_true(stp_xi2_translate(&d, &e, &s));
  assert_int_equal(s.phase, STP_PEN_MOVE);
  e = ev(STP_XI2_TOUCH_END, 9, 7, 41, 50, 0, 0, NULL);
  assert_true(stp_xi2_translate(&d, &e, &s));
  assert_int_equal(s.phase, STP_PEN_UP);
  /* The pointer events it emulates make nothing. */
  e = ev(STP_XI2_BUTTON_PRESS, 9, 1, 41, 50, 0, 0, NULL);
  e.flags = STP_XI2_POINTER_EMULATED;
  assert_false(stp_xi2_translate(&d, &e, &s));
  /* libinput's touch screen has no pressure axis: samples say so. */
  stp_xi2_device n;
  memset(&n, 0, sizeof n);
  n.id = 10; n.use = 3;
  snprintf(n.name, sizeof n.name, "Goodix Capacitive TouchScreen");
  add_axis(&n, 0, 0, 65535, 0, "Abs MT Position X");
  add_axis(&n, 1, 0, 65535, 0, "Abs MT Position Y");
  n.touch_class = true; n.touch_direct = true;
  stp_xi2_device_classify(&n);
  assert_int_equal(n.tool, STP_PEN_TOUCH);
  e = ev(STP_XI2_TOUCH_BEGIN, 10, 3, 40, 50, 0x03, 2, v);
  assert_true(stp_xi2_translate(&n, &e, &s));
  assert_false(s.has_pressure);
  assert_float_equal(s.pressure, 0, 0);
  /* A touchpad's touches are dependent: SDL's. */
  n.touch_direct = false;
  stp_xi2_device_classify(&n);
  assert_int_equal(n.tool, STP_PEN_OTHER);
}

static void eraser_pad_and_masters(void **state) {
  (void)state;
  stp_xi2_device d = wacom("Wacom Intuos Pro M Pen eraser");
  assert_int_equal(d.tool, STP_PEN_ERASER);
  stp_pen_sample s;
  double v[] = {1023.5};
  stp_xi2_event e = ev(STP_XI2_BUTTON_PRESS, 12, 1, 5, 5, 0x04, 1, v);
  assert_true(stp_xi2_translate(&d, &e, &s));
  assert_int_equal(s.tool, STP_PEN_ERASER);
  assert_int_equal(s.phase, STP_PEN_DOWN);
  d = wacom("Wacom Intuos Pro M Pad pad");
  assert_int_equal(d.tool, STP_PEN_OTHER);
  assert_false(stp_xi2_translate(&d, &e, &s));
  d = wacom("Wacom Intuos Pro M Pen cursor");
  assert_int_equal(d.tool, STP_PEN_OTHER);
  d = wacom("Virtual core pointer");
  d.use = 1;
  stp_xi2_device_classify(&d);
  assert_int_equal(d.tool, STP_PEN_OTHER);
}

static const char FEED[] =
  "stipple-xi2 1\n"
  "# a wacom pen\n"
  "device 12 slave-pointer Wacom Intuos Pro M Pen stylus\n"
  "axis 12 2 0 2047 0 Abs Pressure\n"
  "axis 12 3 -64 63 57 Abs Tilt X\n"
  "axis 12 4 -64 63 57 Abs Tilt Y\n"
  "event 1000 ButtonPress 12 12 1 300 200 0x0 1c 511.75 10 -5\n"
  "event 1100 Motion 12 12 0 310 200 0x0 04 2047\n"
  "event 1500 ButtonRelease 12 12 1 320 200 0x0 04 0\n";

static void feed_parses_round_trips_and_keeps_time(void **state) {
  (void)state;
  stp_xi2_feed f;
  stp_error err;
  stp_error_clear(&err);
  assert_int_equal(stp_xi2_feed_parse(&f, FEED, strlen(FEED), "feed.txt", &err), STP_OK);
  assert_int_equal(f.n_devices, 1);
  assert_int_equal(f.devices[0].tool, STP_PEN_STYLUS);
  assert_int_equal((int)f.count, 3);
  assert_int_equal(f.events[0].mask[0], 0x1c);
  assert_int_equal(f.events[0].n_values, 3);
  assert_float_equal(f.events[0].values[2], -5, 0);
  /* Written back and read again: the same. */
  char text[8192];
  size_t len = stp_xi2_format_device(&f.devices[0], text, sizeof text);
  assert_true(len > 0);
  char all[16384];
  snprintf(all, sizeof all, "%s\n%s", STP_XI2_MAGIC, text);
  for (size_t i = 0; i < f.count; i++) {
    char line[1024];
    assert_true(stp_xi2_format_event(&f.events[i], line, sizeof line) > 0);
    strncat(all, line, sizeof all - strlen(all) - 1);
  }
  stp_xi2_feed g;
  assert_int_equal(stp_xi2_feed_parse(&g, all, strlen(all), "back.txt", &err), STP_OK);
  assert_string_equal(g.devices[0].name, "Wacom Intuos Pro M Pen stylus");
  assert_string_equal(g.devices[0].axes[1].label, "Abs Tilt X");
  assert_int_equal(g.devices[0].axes[1].resolution, 57);
  assert_int_equal((int)g.count, 3);
  assert_memory_equal(g.events, f.events, 3 * sizeof *f.events);
  stp_xi2_feed_free(&g);
  stp_xi2_feed_free(&f);

  /* Queued as their time comes, counted from the first drain (t0 = 5000 ms): 1000 at
   * 5000, 1100 at 5100, 1500 at 5500 (not at 5499). */
  char path[] = "/tmp/stp_xi2_feed_XXXXXX";
  int fd = mkstemp(path);
  assert_true(fd >= 0);
  assert_int_equal(write(fd, FEED, strlen(FEED)), (ssize_t)strlen(FEED));
  close(fd);
  stp_xi2 *x = stp_xi2_open(NULL);
  assert_non_null(x);
  assert_int_equal(stp_xi2_load_feed(x, path, &err), STP_OK);
  unlink(path);
  stp_pen_sample s[4];
  assert_int_equal(stp_xi2_drain(x, 5000, s, 4), 1);
  assert_int_equal(s[0].phase, STP_PEN_DOWN);
  /* 511.75 / 2047 = 0.25; tilt 10 and -5 degrees. */
  assert_float_equal(s[0].pressure, 0.25, 1e-12);
  assert_float_equal(s[0].tilt_x_deg, 10, 1e-12);
  assert_float_equal(s[0].tilt_y_deg, -5, 1e-12);
  assert_int_equal(stp_xi2_drain(x, 5099, s, 4), 0);
  assert_int_equal(stp_xi2_drain(x, 5100, s, 4), 1);
  assert_int_equal(s[0].phase, STP_PEN_MOVE);
  assert_true(stp_xi2_feed_pending(x));
  assert_int_equal(stp_xi2_drain(x, 5499, s, 4), 0);
  assert_int_equal(stp_xi2_drain(x, 5500, s, 4), 1);
  assert_int_equal(s[0].phase, STP_PEN_UP);
  assert_false(stp_xi2_feed_pending(x));
  assert_false(stp_xi2_live(x));
  stp_xi2_close(x);
}

static void bad_feeds_name_their_line(void **state) {
  (void)state;
  static const struct { const char *text; int line; const char *says; } BAD[] = {
    {"stipple-xi2 2\n", 1, "unknown version"},
    {"hello\n", 1, "first line"},
    {"", 1, "empty"},
    {"stipple-xi2 1\naxis 12 2 0 2047 0 Abs Pressure\n", 2, "not a device"},
    {"stipple-xi2 1\ndevice 12 slave-pointer P\nevent 1 Motion 12 12 0 1 1 0x0 07 1 2\n", 3, "3 bits set but 2 values"},
    {"stipple-xi2 1\ndevice 12 slave-pointer P\nevent 5 Motion 12 12 0 1 1 0x0 -\nevent 4 Motion 12 12 0 1 1 0x0 -\n", 4, "backwards"},
    {"stipple-xi2 1\ndevice 12 slave-pointer P\nevent 1 Wiggle 12 12 0 1 1 0x0 -\n", 3, "unknown type"},
    {"stipple-xi2 1\ndevice 12 slave-pointer P\nevent 1 Motion 12 13 0 1 1 0x0 -\n", 3, "source"},
    {"stipple-xi2 1\ndevice 12 slave-pointer P\nevent 1 Motion 12 12 0 nan 1 0x0 -\n", 3, "X and Y"},
    {"stipple-xi2 1\ndevice 12 slave-pointer P\ndevice 12 slave-pointer Q\n", 3, "twice"},
    {"stipple-xi2 1\n\n# fine\nbogus\n", 4, "unknown line"},
    {"stipple-xi2 1\ndevice 12 slave-pointer P\nevent 1 Motion 12 12 0 1 1 0x0 0g\n", 3, "not hexadecimal"},
  };
  for (size_t i = 0; i < sizeof BAD / sizeof BAD[0]; i++) {
    stp_xi2_feed f;
    stp_error err;
    stp_error_clear(&err);
    stp_status st = stp_xi2_feed_parse(&f, BAD[i].text, strlen(BAD[i].text), "bad.txt", &err);
    if (st == STP_OK || err.line != BAD[i].line || !strstr(err.msg, BAD[i].says))
      fail_msg("case %zu: status %d line %d '%s', expected line %d saying '%s'", i, st, err.line, err.msg, BAD[i].line, BAD[i].says);
    assert_int_equal((int)f.count, 0);
    assert_null(f.events);
  }
}

/* ---- Pen samples through stp_input ---- */

typedef struct fixture { stp_input in; stp_view view; } fixture;

static int setup(void **state) {
  static fixture f;
  stp_input_init(&f.in, 1000, 800);
  f.view = (stp_view){0};
  stp_view_set_viewport(&f.view, 0, 0, 700, 800);
  stp_view_fit(&f.view, -35, 100, 35, 180);   /* 10 px/mm: (350, 400) is (0, 140) mm */
  *state = &f;
  return 0;
}

static stp_pen_sample pen(stp_pen_phase ph, double x, double y, double pr, double tx, double ty, uint32_t t) {
  stp_pen_sample s;
  memset(&s, 0, sizeof s);
  s.phase = ph; s.tool = STP_PEN_STYLUS; s.device = 12;
  s.x = x; s.y = y; s.pressure = pr; s.has_pressure = true;
  s.tilt_x_deg = tx; s.tilt_y_deg = ty; s.has_tilt = true; s.time_ms = t;
  return s;
}

static void tilt_angles_follow_pointer_events(void **state) {
  (void)state;
  double az, alt;
  /* Leaning right by 30: azimuth 0, altitude 90 - 30 = 60. */
  stp_input_tilt_angles(30, 0, &az, &alt);
  assert_float_equal(az, 0, 1e-9);
  assert_float_equal(alt, 60, 1e-9);
  /* Towards the user by 45: azimuth 90 (down the screen), altitude 45. */
  stp_input_tilt_angles(0, 45, &az, &alt);
  assert_float_equal(az, 90, 1e-9);
  assert_float_equal(alt, 45, 1e-9);
  /* 30 and 30: tan 30 = 0.57735 both ways, azimuth 45; the lean's tangent is
   * sqrt(2) * 0.57735 = 0.81650, altitude atan(1 / 0.81650) = 50.768. */
  stp_input_tilt_angles(30, 30, &az, &alt);
  assert_float_equal(az, 45, 1e-9);
  assert_float_equal(alt, 50.768, 1e-3);
  /* Left and away: (-30, -30) -> azimuth 225. Upright: 0 and 90. */
  stp_input_tilt_angles(-30, -30, &az, &alt);
  assert_float_equal(az, 225, 1e-9);
  stp_input_tilt_angles(0, 0, &az, &alt);
  assert_float_equal(az, 0, 0);
  assert_float_equal(alt, 90, 1e-9);
  /* The grain opposes the lean. */
  assert_float_equal(stp_input_tilt_grain(0), 180, 1e-12);
  assert_float_equal(stp_input_tilt_grain(270), 90, 1e-12);
}

static void pen_contact_peak_pressure_through_the_curve(void **state) {
  fixture *f = *state;
  f->in.pressure_gamma = 2.0;
  stp_action a[4];
  assert_int_equal(stp_input_pen(&f->in, &(stp_pen_sample){0}, &f->view, a, 4), 1);   /* a hover at 0,0 */
  stp_pen_sample s = pen(STP_PEN_DOWN, 350, 400, 0.3, 10, 0, 2000);
  assert_int_equal(stp_input_pen(&f->in, &s, &f->view, a, 4), 0);
  s = pen(STP_PEN_MOVE, 351, 400, 0.6, 20, 20, 2040);
  assert_int_equal(stp_input_pen(&f->in, &s, &f->view, a, 4), 0);
  s = pen(STP_PEN_MOVE, 351, 400, 0.4, 5, 5, 2060);   /* lower: the peak's tilt stays */
  assert_int_equal(stp_input_pen(&f->in, &s, &f->view, a, 4), 0);
  s = pen(STP_PEN_UP, 351, 400, 0.0, 0, 0, 2100);
  assert_int_equal(stp_input_pen(&f->in, &s, &f->view, a, 4), 1);
  assert_int_equal(a[0].kind, STP_ACT_PLACE);
  assert_true(a[0].from_pen);
  /* At the first point (350, 400) = (0, 140) mm; peak 0.6 squared = 0.36; moved 1 px
   * (< 3): the tool's grain (NaN); held 2100 - 2000 = 100 ms; the peak's tilt (20, 20). */
  assert_float_equal(a[0].x_mm, 0, 1e-9);
  assert_float_equal(a[0].y_mm, 140, 1e-9);
  assert_float_equal(a[0].pressure, 0.36, 1e-6);
  assert_true(isnan(a[0].angle_deg));
  assert_float_equal(a[0].dwell_ms, 100, 0);
  assert_true(a[0].has_tilt);
  assert_float_equal(a[0].tilt_x_deg, 20, 1e-6);
  assert_float_equal(a[0].azimuth_deg, 45, 1e-6);
  f->in.pressure_gamma = 1.0;
}

static void pen_hover_eraser_palm_and_tilt_grain(void **state) {
  fixture *f = *state;
  stp_action a[4];
  /* Hover: the dot that would land, pressure 0, with the pen's tilt. */
  stp_pen_sample s = pen(STP_PEN_HOVER, 450, 300, 0.7, 0, 45, 10);
  assert_int_equal(stp_input_pen(&f->in, &s, &f->view, a, 4), 1);
  assert_int_equal(a[0].kind, STP_ACT_HOVER);
  assert_float_equal(a[0].x_mm, 10, 1e-9);    /* (450 - 350) / 10 */
  assert_float_equal(a[0].y_mm, 130, 1e-9);   /* 140 + (300 - 400) / 10 */
  assert_float_equal(a[0].pressure, 0, 0);
  assert_float_equal(a[0].azimuth_deg, 90, 1e-9);
  /* The eraser's contact: an undo. */
  s = pen(STP_PEN_DOWN, 350, 400, 0.5, 0, 0, 20);
  s.tool = STP_PEN_ERASER;
  assert_int_equal(stp_input_pen(&f->in, &s, &f->view, a, 4), 0);
  s.phase = STP_PEN_UP;
  assert_int_equal(stp_input_pen(&f->in, &s, &f->view, a, 4), 1);
  assert_int_equal(a[0].kind, STP_ACT_UNDO);
  /* A palm landing while the pen is down is ignored; the pen's dot is placed. */
  s = pen(STP_PEN_DOWN, 350, 400, 0.5, 40, 0, 30);
  assert_int_equal(stp_input_pen(&f->in, &s, &f->view, a, 4), 0);
  stp_pen_sample palm;
  memset(&palm, 0, sizeof palm);
  palm.phase = STP_PEN_DOWN; palm.tool = STP_PEN_TOUCH; palm.device = 9; palm.contact = 1;
  palm.x = 500; palm.y = 500; palm.time_ms = 40;
  assert_int_equal(stp_input_pen(&f->in, &palm, &f->view, a, 4), 0);
  palm.phase = STP_PEN_UP;
  assert_int_equal(stp_input_pen(&f->in, &palm, &f->view, a, 4), 0);
  /* With tilt_grain the pen's lean (40 right: azimuth 0) gives grain 180 when the
   * contact has no stroke. */
  f->in.tilt_grain = true;
  s.phase = STP_PEN_UP;
  assert_int_equal(stp_input_pen(&f->in, &s, &f->view, a, 4), 1);
  assert_int_equal(a[0].kind, STP_ACT_PLACE);
  assert_float_equal(a[0].pressure, 0.5, 1e-9);
  assert_float_equal(a[0].angle_deg, 180, 1e-9);
  /* Nearly upright (5 degrees): no grain from tilt. */
  s = pen(STP_PEN_DOWN, 350, 400, 0.5, 5, 0, 50);
  stp_input_pen(&f->in, &s, &f->view, a, 4);
  s.phase = STP_PEN_UP;
  assert_int_equal(stp_input_pen(&f->in, &s, &f->view, a, 4), 1);
  assert_true(isnan(a[0].angle_deg));
  f->in.tilt_grain = false;
  /* A pen without a pressure axis places with the tool's pressure. */
  f->in.mouse_pressure = 0.45;
  s = pen(STP_PEN_DOWN, 350, 400, 0, 0, 0, 60);
  s.has_pressure = false;
  stp_input_pen(&f->in, &s, &f->view, a, 4);
  s.phase = STP_PEN_UP;
  assert_int_equal(stp_input_pen(&f->in, &s, &f->view, a, 4), 1);
  assert_float_equal(a[0].pressure, 0.45, 1e-12);
}

static void the_pens_own_mouse_events_place_nothing(void **state) {
  fixture *f = *state;
  stp_action a[4];
  SDL_Event e;
  memset(&e, 0, sizeof e);
  e.type = SDL_MOUSEBUTTONDOWN;
  e.button.button = SDL_BUTTON_LEFT;
  e.button.which = STP_XI2_PEN_MOUSEID;
  e.button.x = 350; e.button.y = 400;
  assert_int_equal(stp_input_translate(&f->in, &e, &f->view, a, 4), 0);
  /* On the panel it still clicks the UI. */
  e.button.x = 900;
  assert_int_equal(stp_input_translate(&f->in, &e, &f->view, a, 4), 1);
  assert_int_equal(a[0].kind, STP_ACT_CLICK);
  /* Nor does its release place (the pen's samples do); a real mouse's click in the view
   * places on release. */
  e.type = SDL_MOUSEBUTTONUP;
  e.button.x = 350;
  assert_int_equal(stp_input_translate(&f->in, &e, &f->view, a, 4), 0);
  e.type = SDL_MOUSEBUTTONDOWN;
  e.button.which = 0;
  assert_int_equal(stp_input_translate(&f->in, &e, &f->view, a, 4), 0);
  e.type = SDL_MOUSEBUTTONUP;
  assert_int_equal(stp_input_translate(&f->in, &e, &f->view, a, 4), 1);
  assert_int_equal(a[0].kind, STP_ACT_PLACE);
}

/* A tap off the scalp (x 900 is the panel: the view is 700 wide). An XInput2 pen's
 * (clicks false) clicks through its mouse twin, so its sample makes nothing; a source with
 * no twin (the browser's bridge: clicks true) makes the click itself, a pen's and a
 * touch's alike, at the point of contact. On the scalp a clicking sample still places. */
static void taps_off_the_scalp_click_only_without_a_mouse_twin(void **state) {
  fixture *f = *state;
  stp_action a[4];
  stp_pen_sample s = pen(STP_PEN_DOWN, 900, 120, 0.6, 0, 0, 100);
  assert_int_equal(stp_input_pen(&f->in, &s, &f->view, a, 4), 0);
  s.phase = STP_PEN_UP;
  assert_int_equal(stp_input_pen(&f->in, &s, &f->view, a, 4), 0);   /* X11: the twin clicks */
  s = pen(STP_PEN_DOWN, 900, 120, 0.6, 0, 0, 200);
  s.clicks = true;
  assert_int_equal(stp_input_pen(&f->in, &s, &f->view, a, 4), 0);
  s = pen(STP_PEN_UP, 903, 121, 0.0, 0, 0, 260);
  s.clicks = true;
  assert_int_equal(stp_input_pen(&f->in, &s, &f->view, a, 4), 1);
  assert_int_equal(a[0].kind, STP_ACT_CLICK);
  assert_float_equal(a[0].sx, 900, 0);
  assert_float_equal(a[0].sy, 120, 0);
  assert_true(a[0].from_pen);
  /* A touch from the bridge (as it sends one: no pressure, the tool's is used) clicks too. */
  stp_pen_sample t;
  memset(&t, 0, sizeof t);
  t.phase = STP_PEN_DOWN; t.tool = STP_PEN_TOUCH; t.device = 2; t.contact = 7;
  t.x = 950; t.y = 300; t.pressure = 0; t.has_pressure = false; t.time_ms = 300; t.clicks = true;
  assert_int_equal(stp_input_pen(&f->in, &t, &f->view, a, 4), 0);
  t.phase = STP_PEN_UP; t.time_ms = 340;
  assert_int_equal(stp_input_pen(&f->in, &t, &f->view, a, 4), 1);
  assert_int_equal(a[0].kind, STP_ACT_CLICK);
  assert_float_equal(a[0].sx, 950, 0);
  assert_false(a[0].from_pen);
  /* On the scalp the clicking pen places, and clicks nothing. */
  s = pen(STP_PEN_DOWN, 350, 400, 0.6, 0, 0, 400);
  s.clicks = true;
  stp_input_pen(&f->in, &s, &f->view, a, 4);
  s.phase = STP_PEN_UP;
  assert_int_equal(stp_input_pen(&f->in, &s, &f->view, a, 4), 1);
  assert_int_equal(a[0].kind, STP_ACT_PLACE);
  assert_float_equal(a[0].pressure, 0.6, 1e-6);
}

/* A contact the system takes back (a browser's pointercancel: iPadOS's palm rejection, a
 * system gesture) ends with nothing: no dot on the scalp, no click on the panel; the next
 * contact works as usual. */
static void a_cancelled_contact_makes_nothing(void **state) {
  fixture *f = *state;
  stp_action a[4];
  stp_pen_sample s = pen(STP_PEN_DOWN, 350, 400, 0.6, 0, 0, 100);   /* on the scalp */
  s.clicks = true;
  stp_input_pen(&f->in, &s, &f->view, a, 4);
  s.phase = STP_PEN_CANCEL;
  assert_int_equal(stp_input_pen(&f->in, &s, &f->view, a, 4), 0);
  assert_int_equal(f->in.finger_count, 0);
  stp_pen_sample t;
  memset(&t, 0, sizeof t);
  t.phase = STP_PEN_DOWN; t.tool = STP_PEN_TOUCH; t.device = 2; t.contact = 9;
  t.x = 950; t.y = 300; t.time_ms = 200; t.clicks = true;                /* on the panel */
  stp_input_pen(&f->in, &t, &f->view, a, 4);
  t.phase = STP_PEN_CANCEL;
  assert_int_equal(stp_input_pen(&f->in, &t, &f->view, a, 4), 0);
  assert_int_equal(f->in.finger_count, 0);
  s = pen(STP_PEN_DOWN, 360, 400, 0.5, 0, 0, 300);
  s.clicks = true;
  stp_input_pen(&f->in, &s, &f->view, a, 4);
  s.phase = STP_PEN_UP;
  assert_int_equal(stp_input_pen(&f->in, &s, &f->view, a, 4), 1);
  assert_int_equal(a[0].kind, STP_ACT_PLACE);
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(wacom_pen_pressure_tilt_and_gaps),
    cmocka_unit_test(out_of_range_values_are_clamped),
    cmocka_unit_test(libinput_tablet_and_wide_pressure),
    cmocka_unit_test(touch_screens_with_and_without_pressure),
    cmocka_unit_test(eraser_pad_and_masters),
    cmocka_unit_test(feed_parses_round_trips_and_keeps_time),
    cmocka_unit_test(bad_feeds_name_their_line),
    cmocka_unit_test(tilt_angles_follow_pointer_events),
    cmocka_unit_test_setup(pen_contact_peak_pressure_through_the_curve, setup),
    cmocka_unit_test_setup(pen_hover_eraser_palm_and_tilt_grain, setup),
    cmocka_unit_test_setup(the_pens_own_mouse_events_place_nothing, setup),
    cmocka_unit_test_setup(taps_off_the_scalp_click_only_without_a_mouse_twin, setup),
    cmocka_unit_test_setup(a_cancelled_contact_makes_nothing, setup),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
