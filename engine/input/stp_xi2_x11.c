/* stp_xi2_x11.c - the live XInput2 path: attach to an SDL window on X11, select the pen
 * and touch devices' events, and receive their cookies through SDL.
 *
 * How the cookies arrive. SDL 2.26 reads X events on its own connection. For a
 * GenericEvent, X11_HandleGenericEvent calls XGetEventData, handles the event itself, and
 * (when SDL_SYSWMEVENT is enabled) sends an SDL_SYSWMEVENT holding the XEvent before
 * XFreeEventData: the cookie's data is valid only while that event is being pushed, so it
 * is read in an event filter (SDL_SetEventFilter; checked on this machine's SDL 2.26.5
 * under Xvfb with the XTest device: the XIDeviceEvent is there, fields filled). Since we
 * use SDL's connection, our XISelectEvents are SDL's client's selections and the events
 * come in SDL's stream.
 *
 * Why a filter and not a watch: a filter can change and drop events. Every SYSWM event
 * is dropped but those that queued a sample (they wake the loop); the mouse events SDL
 * makes from a pen we take over are marked (which = STP_XI2_PEN_MOUSEID) so stp_input
 * makes no second impression from them while they still work the UI; SDL's own finger
 * events from a touch screen we take over (pressure 1.0) are dropped.
 *
 * Which mouse events come from the pen. The X server delivers one input event first as
 * the slave device's (the pen's) XI2 event, then as the master's (XI2 master events, or
 * core events), all with the same server time; XI raw events come before both (seen
 * under Xvfb: XI_RawButtonPress, the slave's XI_ButtonPress, the core ButtonPress, then
 * SDL_MOUSEBUTTONDOWN, one time). So: a pen's event marks "pending" with its time; any X
 * event with another time ends it; SDL mouse events made while it is pending are the
 * pen's. SDL 2.26 selects XI_Motion for master devices on its windows (so motion comes
 * as XI2, not MotionNotify) and takes buttons from core events; both follow the rule.
 */
#include "stp_xi2_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifdef STP_HAVE_XI2

#include <SDL2/SDL_syswm.h>
#include <X11/Xlib.h>
#include <X11/extensions/XInput2.h>

_Static_assert(STP_XI2_BUTTON_PRESS == XI_ButtonPress && STP_XI2_BUTTON_RELEASE == XI_ButtonRelease &&
               STP_XI2_MOTION == XI_Motion && STP_XI2_TOUCH_BEGIN == XI_TouchBegin &&
               STP_XI2_TOUCH_UPDATE == XI_TouchUpdate && STP_XI2_TOUCH_END == XI_TouchEnd,
               "XI2 event numbers");
_Static_assert(STP_XI2_POINTER_EMULATED == XIPointerEmulated, "XIPointerEmulated");

typedef struct live {
  Display *dpy;
  Window win;
  int opcode;
  SDL_EventFilter prev_filter;
  void *prev_data;
  Uint8 prev_syswm;
  bool pending;                /* the pen's event is being delivered as the master's */
  Time pen_time;
} live;

static int trapped_error;
static int trap(Display *d, XErrorEvent *e) { (void)d; trapped_error = e->error_code; return 0; }

/* A name from the X server, made a safe single line. */
static void clean_copy(char *out, size_t size, const char *in) {
  snprintf(out, size, "%s", in && *in ? in : "?");
  for (char *p = out; *p; p++)
    if ((unsigned char)*p < 0x20 || *p == 0x7f) *p = '?';
  size_t n = strlen(out);
  while (n && out[n - 1] == ' ') out[--n] = '\0';
  if (!n) snprintf(out, size, "?");
}

static void select_device(live *L, int id, stp_pen_tool tool, bool on) {
  unsigned char bits[XIMaskLen(XI_LASTEVENT)];
  memset(bits, 0, sizeof bits);
  if (on && tool == STP_PEN_TOUCH) {
    XISetMask(bits, XI_TouchBegin);
    XISetMask(bits, XI_TouchUpdate);
    XISetMask(bits, XI_TouchEnd);
  } else if (on) {
    XISetMask(bits, XI_ButtonPress);
    XISetMask(bits, XI_ButtonRelease);
    XISetMask(bits, XI_Motion);
  }
  XIEventMask m = {id, sizeof bits, bits};
  XISelectEvents(L->dpy, L->win, &m, 1);
}

/* List the devices and select the pens', erasers' and touch screens' events (those with a
 * pressure axis: others are left to SDL, which handles them as it always has). */
static void scan(stp_xi2 *x) {
  live *L = x->live;
  int (*old)(Display *, XErrorEvent *) = XSetErrorHandler(trap);
  trapped_error = 0;
  for (int i = 0; i < x->n_devices; i++) select_device(L, x->devices[i].id, x->devices[i].tool, false);
  x->n_devices = 0;
  int n = 0;
  XIDeviceInfo *info = XIQueryDevice(L->dpy, XIAllDevices, &n);
  for (int i = 0; info && i < n && x->n_devices < STP_XI2_MAX_DEVICES; i++) {
    stp_xi2_device d;
    memset(&d, 0, sizeof d);
    d.id = info[i].deviceid;
    d.use = info[i].use;
    clean_copy(d.name, sizeof d.name, info[i].name);
    for (int c = 0; c < info[i].num_classes; c++) {
      XIAnyClassInfo *any = info[i].classes[c];
      if (any->type == XIValuatorClass && d.n_axes < STP_XI2_MAX_AXES) {
        XIValuatorClassInfo *v = (XIValuatorClassInfo *)any;
        stp_xi2_axis *a = &d.axes[d.n_axes++];
        a->number = v->number;
        a->min = v->min;
        a->max = v->max;
        a->resolution = v->resolution;
        char *label = v->label ? XGetAtomName(L->dpy, v->label) : NULL;
        clean_copy(a->label, sizeof a->label, label ? label : "None");
        if (label) XFree(label);
      } else if (any->type == XITouchClass) {
        d.touch_class = true;
        d.touch_direct = ((XITouchClassInfo *)any)->mode == XIDirectTouch;
      }
    }
    stp_xi2_device_classify(&d);
    if (d.tool == STP_PEN_OTHER || d.ax_pressure < 0) continue;
    char text[STP_XI2_MAX_LINE * 4];
    size_t len = stp_xi2_format_device(&d, text, sizeof text);
    if (len) stp_xi2_log_text(x, text, len);
    select_device(L, d.id, d.tool, true);
    x->devices[x->n_devices++] = d;
  }
  if (info) XIFreeDeviceInfo(info);
  XSync(L->dpy, False);
  XSetErrorHandler(old);
  if (trapped_error) fprintf(stderr, "stipple: xi2: the X server refused a selection (error %d)\n", trapped_error);
}

static void to_event(const XIDeviceEvent *d, stp_xi2_event *e) {
  memset(e, 0, sizeof *e);
  e->evtype = d->evtype;
  e->deviceid = d->deviceid;
  e->sourceid = d->sourceid;
  e->detail = d->detail;
  e->time_ms = (uint32_t)d->time;
  e->x = d->event_x;
  e->y = d->event_y;
  e->flags = (unsigned)d->flags;
  int len = d->valuators.mask_len;
  e->mask_len = len > 8 ? 8 : len < 0 ? 0 : len;
  memcpy(e->mask, d->valuators.mask, (size_t)e->mask_len);
  int k = 0;
  for (int bit = 0; bit < len * 8; bit++) {
    if (!XIMaskIsSet(d->valuators.mask, bit)) continue;
    if (bit < STP_XI2_MAX_VALUATORS) e->values[e->n_values++] = d->valuators.values[k];
    k++;
  }
}

static stp_xi2_device *taken(stp_xi2 *x, int id) {
  for (int i = 0; i < x->n_devices; i++)
    if (x->devices[i].id == id) return &x->devices[i];
  return NULL;
}

/* One X event as SDL passes it in a SYSWM event. Returns 1 when it queued a sample. */
static int on_xevent(stp_xi2 *x, XEvent *xe) {
  live *L = x->live;
  if (xe->type == GenericEvent && xe->xcookie.extension == L->opcode && xe->xcookie.data) {
    const XIEvent *any = xe->xcookie.data;
    switch (xe->xcookie.evtype) {
    case XI_HierarchyChanged:
      scan(x);
      return 0;
    case XI_ButtonPress: case XI_ButtonRelease: case XI_Motion:
    case XI_TouchBegin: case XI_TouchUpdate: case XI_TouchEnd: {
      const XIDeviceEvent *d = xe->xcookie.data;
      if (d->deviceid == d->sourceid && taken(x, d->sourceid)) {
        L->pending = true;
        L->pen_time = d->time;
        stp_xi2_event e;
        to_event(d, &e);
        stp_xi2_push_event(x, &e);
        return 1;
      }
      break;
    }
    default: break;
    }
    if (any->time != L->pen_time) L->pending = false;
    return 0;
  }
  if (xe->type == ButtonPress || xe->type == ButtonRelease) {
    if (xe->xbutton.time != L->pen_time) L->pending = false;
  } else if (xe->type == MotionNotify) {
    if (xe->xmotion.time != L->pen_time) L->pending = false;
  } else {
    L->pending = false;
  }
  return 0;
}

static int filter(void *userdata, SDL_Event *e) {
  stp_xi2 *x = userdata;
  live *L = x->live;
  int keep = 1;
  switch (e->type) {
  case SDL_SYSWMEVENT:
    keep = e->syswm.msg && e->syswm.msg->subsystem == SDL_SYSWM_X11 ? on_xevent(x, &e->syswm.msg->msg.x11.event) : 0;
    break;
  case SDL_MOUSEBUTTONDOWN: case SDL_MOUSEBUTTONUP:
    if (L->pending && e->button.which != SDL_TOUCH_MOUSEID) e->button.which = STP_XI2_PEN_MOUSEID;
    break;
  case SDL_MOUSEMOTION:
    if (L->pending && e->motion.which != SDL_TOUCH_MOUSEID) e->motion.which = STP_XI2_PEN_MOUSEID;
    break;
  case SDL_FINGERDOWN: case SDL_FINGERUP: case SDL_FINGERMOTION: {
    stp_xi2_device *d = taken(x, (int)e->tfinger.touchId);
    if (d && d->tool == STP_PEN_TOUCH && e->tfinger.touchId == (SDL_TouchID)d->id) keep = 0;   /* ours, with pressure */
    break;
  }
  default: break;
  }
  if (keep && L->prev_filter) keep = L->prev_filter(L->prev_data, e);
  return keep;
}

bool stp_xi2_live_attach(stp_xi2 *x, SDL_Window *win) {
  const char *driver = SDL_GetCurrentVideoDriver();
  if (!driver || strcmp(driver, "x11") != 0) return false;   /* Wayland, dummy, Android, iOS: SDL's fingers */
  SDL_SysWMinfo info;
  SDL_VERSION(&info.version);
  if (!SDL_GetWindowWMInfo(win, &info) || info.subsystem != SDL_SYSWM_X11) return false;
  live *L = calloc(1, sizeof *L);
  if (!L) return false;
  L->dpy = info.info.x11.display;
  L->win = info.info.x11.window;
  int ev, err, major = 2, minor = 2;
  if (!XQueryExtension(L->dpy, "XInputExtension", &L->opcode, &ev, &err) ||
      XIQueryVersion(L->dpy, &major, &minor) != Success || major < 2) {
    fprintf(stderr, "stipple: xi2: the X server has no XInput 2; pens work as a mouse\n");
    free(L);
    return false;
  }
  x->live = L;
  scan(x);
  L->prev_syswm = SDL_EventState(SDL_SYSWMEVENT, SDL_QUERY);
  SDL_EventState(SDL_SYSWMEVENT, SDL_ENABLE);
  if (!SDL_GetEventFilter(&L->prev_filter, &L->prev_data)) { L->prev_filter = NULL; L->prev_data = NULL; }
  SDL_SetEventFilter(filter, x);
  printf("stipple: xi2: %d pen or touch device%s with pressure\n", x->n_devices, x->n_devices == 1 ? "" : "s");
  fflush(stdout);
  return true;
}

void stp_xi2_live_detach(stp_xi2 *x) {
  live *L = x->live;
  if (!L) return;
  SDL_SetEventFilter(L->prev_filter, L->prev_data);
  SDL_EventState(SDL_SYSWMEVENT, L->prev_syswm);
  int (*old)(Display *, XErrorEvent *) = XSetErrorHandler(trap);
  for (int i = 0; i < x->n_devices; i++) select_device(L, x->devices[i].id, x->devices[i].tool, false);
  XSync(L->dpy, False);
  XSetErrorHandler(old);
  x->n_devices = 0;
  free(L);
  x->live = NULL;
}

#else   /* no libxi at build time: the pen is a mouse, touch is SDL's */

bool stp_xi2_live_attach(stp_xi2 *x, SDL_Window *win) { (void)x; (void)win; return false; }
void stp_xi2_live_detach(stp_xi2 *x) { (void)x; }

#endif
