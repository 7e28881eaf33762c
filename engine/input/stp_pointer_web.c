/* stp_pointer_web.c - the browser's live path for pen and touch (see stp_xi2.h): a small
 * PointerEvent bridge in the X11 path's place.
 *
 * SDL2's emscripten backend sees a pen as a mouse (no pressure, no tilt) and gives every
 * finger a pressure of 1.0. So, while attached:
 * - listeners on the canvas take pointerdown / pointermove / pointerup / pointercancel of
 *   pointerType "pen" and "touch" (the mouse stays SDL's). Every sample is kept: a move's
 *   getCoalescedEvents() are queued one by one, so a fast stroke or tapping loses nothing.
 *   Each becomes an stp_pen_sample in stp_xi2's queue (stp_xi2_queue_sample), drained by
 *   the game's loop like an XInput2 pen's: position in the renderer's output pixels (the
 *   event's client position minus the canvas' rectangle, times the backing store's size
 *   over its CSS size: devicePixelRatio on a high-DPI screen), pressure, tiltX / tiltY,
 *   the pointerId as the contact; a pen moving with no button down is a hover; a pen's
 *   eraser end (button 5, buttons & 32) is the eraser. twist is not used.
 * - pointerdown of a pen or touch is preventDefault'ed, so the browser makes no mouse
 *   events of it that SDL would take for a click or a dot. A pen hovering still moves
 *   SDL's mouse (the cursor), which places nothing.
 * - So the sample says clicks: its tap off the scalp is a click on the buttons (X11's pen
 *   clicks through its mouse twin; here there is none).
 * - SDL's own finger events (the same touches at 1.0) are dropped by an event filter, so a
 *   touch counts once; an earlier filter is chained, and restored on detach.
 * - A touch places at the tool's pressure (the Pressure stepper), as the mouse and a desktop
 *   touch screen's finger do: an iPad's finger has no force (0.5 throughout) and an Android
 *   finger's "force" is an estimate of the contact's size. A pen's pressure is always its
 *   own (0.5 throughout for a pen without pressure).
 * - pointercancel (the browser took the pointer: iPadOS's palm rejection, a system gesture)
 *   ends the contact with nothing made (STP_PEN_CANCEL): no dot, no click.
 * Detaching removes the listeners and the filter.
 */
#include "stp_xi2_internal.h"

#include <emscripten.h>
#include <stdio.h>
#include <string.h>

/* The tool codes the JavaScript passes are stp_pen_tool's, the phases stp_pen_phase's. */
_Static_assert(STP_PEN_STYLUS == 1 && STP_PEN_ERASER == 2 && STP_PEN_TOUCH == 3, "the bridge's tool codes");
_Static_assert(STP_PEN_HOVER == 0 && STP_PEN_DOWN == 1 && STP_PEN_MOVE == 2 && STP_PEN_UP == 3 && STP_PEN_CANCEL == 4,
               "the bridge's phases");

static stp_xi2 *web_x;               /* the one attached (one window in the browser) */
static SDL_EventFilter prev_filter;
static void *prev_data;

/* One sample from the bridge's JavaScript. */
void stp_web_pointer_sample(int phase, int tool, int contact, double x, double y, double pressure, double tilt_x,
                            double tilt_y, double time_ms);
EMSCRIPTEN_KEEPALIVE void stp_web_pointer_sample(int phase, int tool, int contact, double x, double y, double pressure,
                                                 double tilt_x, double tilt_y, double time_ms) {
  if (!web_x || phase < STP_PEN_HOVER || phase > STP_PEN_CANCEL || tool < STP_PEN_STYLUS || tool > STP_PEN_TOUCH) return;
  stp_pen_sample s;
  memset(&s, 0, sizeof s);
  s.phase = (stp_pen_phase)phase;
  s.tool = (stp_pen_tool)tool;
  s.device = tool == STP_PEN_TOUCH ? 2 : 1;   /* one id for the pens, one for the touches */
  s.contact = (uint32_t)contact;
  s.x = x;
  s.y = y;
  if (!(pressure >= 0)) pressure = 0;   /* NaN too */
  if (pressure > 1) pressure = 1;
  /* A finger places at the tool's pressure (the Pressure stepper), as the mouse does: an
   * iPad's finger has no force (0.5 throughout) and an Android finger's is an estimate of the
   * contact's size, neither of which a trainee controls. A pen's pressure is its own. */
  s.pressure = tool == STP_PEN_TOUCH ? 0 : pressure;
  s.has_pressure = tool != STP_PEN_TOUCH;
  if (tool != STP_PEN_TOUCH) {
    s.has_tilt = true;
    s.tilt_x_deg = tilt_x < -90 ? -90 : tilt_x > 90 ? 90 : tilt_x;
    s.tilt_y_deg = tilt_y < -90 ? -90 : tilt_y > 90 ? 90 : tilt_y;
  }
  s.time_ms = time_ms >= 0 && time_ms < 4294967296.0 ? (uint32_t)time_ms : 0;
  s.clicks = true;
  stp_xi2_queue_sample(web_x, &s);
}

/* Listeners on Module.canvas; returns 0 when there is no canvas or no PointerEvent. */
EM_JS(int, web_attach, (void), {
  var canvas = Module["canvas"];
  if (!canvas || typeof PointerEvent === "undefined") return 0;
  var down = {};
  function send(ev, phase, pen) {
    var r = canvas.getBoundingClientRect();
    var kx = r.width > 0 ? canvas.width / r.width : 1;
    var ky = r.height > 0 ? canvas.height / r.height : 1;
    var tool = !pen ? 3 : (down[ev.pointerId] === 2 || (ev.buttons & 32) || ev.button === 5) ? 2 : 1;
    _stp_web_pointer_sample(phase, tool, ev.pointerId, (ev.clientX - r.left) * kx, (ev.clientY - r.top) * ky,
                            ev.pressure, ev.tiltX || 0, ev.tiltY || 0, ev.timeStamp);
  }
  function ours(ev) { return ev.pointerType === "pen" || ev.pointerType === "touch"; }
  function onDown(ev) {
    if (!ours(ev)) return;
    ev.preventDefault();
    var pen = ev.pointerType === "pen";
    down[ev.pointerId] = pen && ((ev.buttons & 32) || ev.button === 5) ? 2 : 1;
    try { canvas.setPointerCapture(ev.pointerId); } catch (e) { }
    send(ev, 1, pen);
  }
  function onMove(ev) {
    if (!ours(ev)) return;
    var pen = ev.pointerType === "pen";
    if (!down[ev.pointerId]) {
      if (pen) send(ev, 0, true);
      return;
    }
    var list = ev.getCoalescedEvents ? ev.getCoalescedEvents() : [];
    if (!list || list.length === 0) list = [ev];
    for (var i = 0; i < list.length; i++) send(list[i], 2, pen);
  }
  function onUp(ev) {
    if (!ours(ev) || !down[ev.pointerId]) return;
    send(ev, ev.type === "pointercancel" ? 4 : 3, ev.pointerType === "pen");
    delete down[ev.pointerId];
  }
  var list = [["pointerdown", onDown], ["pointermove", onMove], ["pointerup", onUp], ["pointercancel", onUp]];
  for (var i = 0; i < list.length; i++) canvas.addEventListener(list[i][0], list[i][1], { passive: false });
  Module["stpPointer"] = { canvas: canvas, list: list };
  return 1;
});

EM_JS(void, web_detach, (void), {
  var b = Module["stpPointer"];
  if (!b) return;
  for (var i = 0; i < b.list.length; i++) b.canvas.removeEventListener(b.list[i][0], b.list[i][1], { passive: false });
  delete Module["stpPointer"];
});

/* SDL's fingers are the bridge's touches again, at 1.0: dropped. */
static int filter(void *userdata, SDL_Event *e) {
  (void)userdata;
  if (e->type == SDL_FINGERDOWN || e->type == SDL_FINGERUP || e->type == SDL_FINGERMOTION) return 0;
  return prev_filter ? prev_filter(prev_data, e) : 1;
}

bool stp_xi2_live_attach(stp_xi2 *x, SDL_Window *win) {
  (void)win;
  if (web_x || !web_attach()) return false;
  web_x = x;
  x->live = &web_x;   /* stp_xi2_live: attached */
  if (!SDL_GetEventFilter(&prev_filter, &prev_data)) { prev_filter = NULL; prev_data = NULL; }
  SDL_SetEventFilter(filter, NULL);
  printf("stipple: pointer: pen and touch through PointerEvents\n");
  fflush(stdout);
  return true;
}

void stp_xi2_live_detach(stp_xi2 *x) {
  if (!x->live || web_x != x) return;
  web_detach();
  SDL_SetEventFilter(prev_filter, prev_data);
  prev_filter = NULL;
  prev_data = NULL;
  web_x = NULL;
  x->live = NULL;
}
