/* stp_xi2.h - pen and touch pressure and tilt on X11 through XInput2 (libxi).
 *
 * SDL2 has no pen API: on X11 a pen reaches an SDL2 program as a mouse, and a touch
 * screen's contacts as fingers with a constant pressure of 1.0. The pressure and tilt
 * are XInput2 valuators. This module reads them, in two parts with a clean seam:
 *
 * 1. A pure translation (no X connection; unit-tested): a device description, as
 *    XIQueryDevice gives it (id, name, use, the XIValuatorClassInfo list with each
 *    label atom's name, range and resolution, a touch class), plus one device event, as
 *    XIDeviceEvent carries it (evtype, event_x/event_y, the valuator mask and only the
 *    values of the set bits, packed in order) -> one stp_pen_sample: window pixels,
 *    pressure 0..1 from the axis' raw range, tilt in degrees, a phase (hover, down,
 *    move, up), the tool (stylus, eraser, touch).
 * 2. The live path (stp_xi2_x11.c): attach to an SDL window on X11, list the devices,
 *    select XI2 events for the pen and touch devices on the window, take the XI2 cookies
 *    out of SDL's SYSWM events inside an event filter (SDL 2.26 sends one while the
 *    cookie's data is still valid) and queue samples. Anywhere else (Wayland, the dummy
 *    driver, Android, iOS) attaching does nothing and SDL's own finger pressure is kept.
 *
 * A feed (STIPPLE_XI2_FEED=FILE: device descriptions and raw device events in the text
 * format of docs/input.md) goes through the same translation as the live path, for
 * tests and diagnosis; STIPPLE_XI2_LOG=FILE writes the real raw events in that format.
 * Depends on: SDL2, core stp_error.h; libxi and libX11 only in stp_xi2_x11.c.
 */
#ifndef STP_XI2_H
#define STP_XI2_H

#include <SDL2/SDL.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "stp_error.h"

/* XI2 event types, as XI2.h numbers them (stp_xi2_x11.c checks them against the header). */
enum {
  STP_XI2_BUTTON_PRESS = 4,
  STP_XI2_BUTTON_RELEASE = 5,
  STP_XI2_MOTION = 6,
  STP_XI2_TOUCH_BEGIN = 18,
  STP_XI2_TOUCH_UPDATE = 19,
  STP_XI2_TOUCH_END = 20
};
/* XIDeviceEvent.flags: a pointer event emulated from a touch (XI2proto: XIPointerEmulated). */
#define STP_XI2_POINTER_EMULATED (1u << 16)

#define STP_XI2_MAX_DEVICES 32
#define STP_XI2_MAX_AXES 16        /* valuator classes kept per device */
#define STP_XI2_MAX_VALUATORS 64   /* valuator numbers 0..63 (a mask of 8 bytes) */
#define STP_XI2_MAX_QUEUE 512
#define STP_XI2_MAX_FEED_BYTES (8u * 1024 * 1024)
#define STP_XI2_MAX_LINE 2048

typedef enum stp_pen_tool {
  STP_PEN_OTHER = 0,   /* a mouse, a keyboard, a tablet's pad: not ours */
  STP_PEN_STYLUS,
  STP_PEN_ERASER,
  STP_PEN_TOUCH
} stp_pen_tool;

/* CANCEL: the system took the contact (a browser's pointercancel: iPadOS's own palm rejection,
 * a system gesture): it ends and makes nothing, neither a dot nor a click. */
typedef enum stp_pen_phase { STP_PEN_HOVER = 0, STP_PEN_DOWN, STP_PEN_MOVE, STP_PEN_UP, STP_PEN_CANCEL } stp_pen_phase;

typedef struct stp_xi2_axis {
  int number;                  /* the valuator's number: its bit in an event's mask */
  double min, max;
  int resolution;              /* units per metre for positions; see stp_xi2_tilt_degrees */
  char label[48];              /* the label atom's name: "Abs Pressure", "Abs Tilt X", ... */
} stp_xi2_axis;

typedef struct stp_xi2_device {
  int id;                      /* XI device id */
  int use;                     /* XIMasterPointer 1 .. XIFloatingSlave 5 */
  char name[128];
  int n_axes;
  stp_xi2_axis axes[STP_XI2_MAX_AXES];
  bool touch_class;            /* has an XITouchClass */
  bool touch_direct;           /* XIDirectTouch (a touch screen), else dependent (a touchpad) */
  /* Set by stp_xi2_device_classify: */
  stp_pen_tool tool;
  int ax_pressure, ax_tilt_x, ax_tilt_y;   /* index into axes[], -1 when absent */
  /* The translation's state: each valuator's last value (an event's mask may leave one
   * out: the value has not changed), and whether the tip is down. */
  double last[STP_XI2_MAX_VALUATORS];
  uint64_t have_last;          /* bit i: last[i] holds a value */
  bool tip_down;
} stp_xi2_device;

typedef struct stp_xi2_event {
  int evtype;                  /* STP_XI2_* */
  int deviceid, sourceid;      /* the device it was selected on; the physical device */
  int detail;                  /* the button (1 = the pen's tip) or the touch id */
  uint32_t time_ms;            /* the X server's time */
  double x, y;                 /* event_x, event_y: window pixels */
  unsigned flags;
  int mask_len;                /* bytes of mask used (0..8) */
  unsigned char mask[8];
  int n_values;                /* = the number of set bits in mask */
  double values[STP_XI2_MAX_VALUATORS];
} stp_xi2_event;

typedef struct stp_pen_sample {
  stp_pen_phase phase;
  stp_pen_tool tool;
  int device;                  /* the physical device (sourceid) */
  uint32_t contact;            /* a touch's id; 0 for a pen */
  double x, y;                 /* window pixels */
  double pressure;             /* 0..1 from the axis' raw range; 0 when has_pressure is false */
  bool has_pressure;
  double tilt_x_deg, tilt_y_deg;   /* -90..90: + leans the pen's top right / towards the user */
  bool has_tilt;
  uint32_t time_ms;
  bool clicks;                 /* a tap off the scalp is a click (STP_ACT_CLICK): the source has no
                                  mouse twin to click for it (the browser's bridge, which keeps the
                                  browser's mouse events away); false on X11, whose pen clicks
                                  through the mouse events SDL makes of it */
} stp_pen_sample;

/* ---- The pure translation ------------------------------------------------------------ */

/* Decide the device's tool and find its pressure and tilt axes by their labels:
 * STYLUS when a pointer slave has "Abs Pressure" (the wacom driver's stylus, libinput's
 * and evdev's pens) and ERASER when its name says "eraser" (the wacom driver names its
 * devices "<tablet> Pen stylus" / "Pen eraser", libinput's X driver "<tablet> Eraser");
 * TOUCH when it has an XITouchClass in direct mode (a touch screen; a touchpad's
 * dependent touches stay SDL's); OTHER otherwise, and always for master devices and a
 * tablet's pad (its name ends in "pad"). Resets the translation's state. */
void stp_xi2_device_classify(stp_xi2_device *d);

/* Raw value -> 0..1 over the axis' range, clamped; 0 when the range is empty. */
double stp_xi2_normalise(const stp_xi2_axis *a, double raw);
/* A tilt axis' raw value -> degrees, clamped to the axis' range and to -90..90. The
 * wacom driver reports degrees with resolution round(180/pi) = 57 "points per radian"
 * (TILT_RES, TILT_MIN -64, TILT_MAX 63); xf86-input-libinput reports degrees (-64..64)
 * with resolution 0; evdev passes the kernel's units with their resolution in units per
 * radian. So: resolution 0 or 57 -> the raw value is in degrees; otherwise raw / res
 * radians. */
double stp_xi2_tilt_degrees(const stp_xi2_axis *a, double raw);

/* Translate one event of device d (matched by its sourceid) into a sample. Returns false
 * when the event makes none: not a pen or touch device, a button other than the tip,
 * pointer events a touch screen emulates, touch events of a pen. Valuators missing from
 * the mask keep their last value. */
bool stp_xi2_translate(stp_xi2_device *d, const stp_xi2_event *e, stp_pen_sample *out);

/* ---- The text format of feeds and logs (docs/input.md) ------------------------------- */

#define STP_XI2_MAGIC "stipple-xi2 1"

typedef struct stp_xi2_feed {
  stp_xi2_device devices[STP_XI2_MAX_DEVICES];
  int n_devices;
  stp_xi2_event *events;
  size_t count, capacity;
} stp_xi2_feed;

/* Parse a feed. On failure the feed is empty and err names the line. Devices are
 * classified. name is the file name for messages. */
stp_status stp_xi2_feed_parse(stp_xi2_feed *f, const char *text, size_t len, const char *name, stp_error *err);
void stp_xi2_feed_free(stp_xi2_feed *f);
/* Lines of the format (each ends in '\n'; writes at most size bytes, NUL-terminated;
 * returns the length, or 0 when it does not fit). A device is several lines. */
size_t stp_xi2_format_device(const stp_xi2_device *d, char *buf, size_t size);
size_t stp_xi2_format_event(const stp_xi2_event *e, char *buf, size_t size);
const char *stp_xi2_evtype_name(int evtype);   /* "ButtonPress", ...; NULL when unknown */

/* ---- The runtime: live attach, feed, queue, log -------------------------------------- */

typedef struct stp_xi2 stp_xi2;

/* Attach to win: read STIPPLE_XI2_FEED and STIPPLE_XI2_LOG, and on X11 select the pen and
 * touch devices' events. Never fails the game: a problem is printed on stderr ("stipple:
 * xi2: ...") and the returned object does nothing. NULL only when out of memory. */
stp_xi2 *stp_xi2_open(SDL_Window *win);
/* Detach (the event filter is restored), write the log if one was asked for, free. */
void stp_xi2_close(stp_xi2 *x);
/* Load a feed into x (used by stp_xi2_open for STIPPLE_XI2_FEED; tests call it too). */
stp_status stp_xi2_load_feed(stp_xi2 *x, const char *path, stp_error *err);
/* Translate one raw event (from the live path or a feed) through x's devices and queue
 * the sample; logs it when logging. */
void stp_xi2_push_event(stp_xi2 *x, const stp_xi2_event *e);
/* Take up to max queued samples, oldest first. A feed's events are queued first as their
 * time comes: a feed's times count from the first drain (now_ms: SDL ticks). */
int stp_xi2_drain(stp_xi2 *x, uint64_t now_ms, stp_pen_sample *out, int max);
/* True when the live path is attached to an X11 window (for messages and docs). */
bool stp_xi2_live(const stp_xi2 *x);
/* How many devices x takes over (pens, erasers, touch screens with pressure). */
int stp_xi2_device_count(const stp_xi2 *x);
/* True when a feed still has events to queue. */
bool stp_xi2_feed_pending(const stp_xi2 *x);

/* The mouse id the live path gives the mouse events SDL makes from a pen taken over:
 * they still work the UI (buttons, menus), but stp_input makes no impression from them
 * (the pen's own samples do). */
#define STP_XI2_PEN_MOUSEID ((Uint32)-2)

#endif
