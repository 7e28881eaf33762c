/* Input: mouse, pen/touch with pressure, pinch; events injected through SDL's queue. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include "stp_test.h"
#include <math.h>
#include <string.h>

#include "stp_input.h"

typedef struct fixture { stp_input in; stp_view view; } fixture;

static int setup(void **state) {
  if (SDL_Init(SDL_INIT_EVENTS) != 0) return -1;
  static fixture f;
  stp_input_init(&f.in, 1000, 800);
  f.view = (stp_view){0};
  stp_view_set_viewport(&f.view, 0, 0, 700, 800);
  stp_view_fit(&f.view, -35, 100, 35, 180);
  *state = &f;
  return 0;
}

static int teardown(void **state) { (void)state; SDL_Quit(); return 0; }

/* Push an event through SDL's real queue and translate what comes out. */
static int pump(fixture *f, SDL_Event *e, stp_action *out, int max) {
  SDL_FlushEvents(SDL_FIRSTEVENT, SDL_LASTEVENT);
  assert_int_equal(SDL_PushEvent(e), 1);
  SDL_Event got;
  int n = 0;
  while (SDL_PollEvent(&got)) n += stp_input_translate(&f->in, &got, &f->view, out + n, max - n);
  return n;
}

/* Translate an event as it is, timestamp included (SDL_PushEvent would restamp it). */
static int direct(fixture *f, const SDL_Event *e, stp_action *out, int max) {
  return stp_input_translate(&f->in, e, &f->view, out, max);
}

static SDL_Event finger(Uint32 type, SDL_FingerID id, float x, float y, float pressure) {
  SDL_Event e = {0};
  e.type = type;
  e.tfinger.touchId = 1;
  e.tfinger.fingerId = id;
  e.tfinger.x = x; e.tfinger.y = y;
  e.tfinger.pressure = pressure;
  return e;
}

static SDL_Event mouse(Uint32 type, int x, int y) {
  SDL_Event e = {0};
  e.type = type;
  if (type == SDL_MOUSEMOTION) { e.motion.x = x; e.motion.y = y; }
  else { e.button.button = SDL_BUTTON_LEFT; e.button.x = x; e.button.y = y; }
  return e;
}

static void mouse_click_places_one_impression(void **state) {
  fixture *f = *state;
  f->in.mouse_pressure = 0.4;
  stp_action a[4];
  SDL_Event e = mouse(SDL_MOUSEBUTTONDOWN, 350, 400);
  assert_int_equal(pump(f, &e, a, 4), 0);      /* it lands on release */
  e = mouse(SDL_MOUSEBUTTONUP, 351, 400);      /* a 1 px wobble is not a drag */
  assert_int_equal(pump(f, &e, a, 4), 1);
  assert_int_equal(a[0].kind, STP_ACT_PLACE);
  assert_float_equal(a[0].x_mm, 0, 1e-9);     /* where it was pressed */
  assert_float_equal(a[0].y_mm, 140, 1e-9);
  assert_float_equal(a[0].pressure, 0.4, 1e-12);
  assert_true(isnan(a[0].angle_deg));          /* the tool's grain */
  /* A release with no press before it places nothing. */
  e = mouse(SDL_MOUSEBUTTONUP, 350, 400);
  assert_int_equal(pump(f, &e, a, 4), 0);
  /* The same press synthesised from touch is ignored (no double dots). */
  e = mouse(SDL_MOUSEBUTTONDOWN, 350, 400);
  e.button.which = SDL_TOUCH_MOUSEID;
  assert_int_equal(pump(f, &e, a, 4), 0);
  e = mouse(SDL_MOUSEBUTTONUP, 350, 400);
  e.button.which = SDL_TOUCH_MOUSEID;
  assert_int_equal(pump(f, &e, a, 4), 0);
  /* A press on the panel is a UI click, not an impression. */
  e = mouse(SDL_MOUSEBUTTONDOWN, 900, 400);
  assert_int_equal(pump(f, &e, a, 4), 1);
  assert_int_equal(a[0].kind, STP_ACT_CLICK);
  assert_float_equal(a[0].sx, 900, 1e-9);
}

/* A drag before the release sets the grain, as a pen's motion does: on screen y runs down,
 * so a drag 10 px right and 10 px down is atan2(10, 10) = 45 degrees; straight up is -90. */
static void mouse_drag_sets_the_grain(void **state) {
  fixture *f = *state;
  stp_action a[4];
  SDL_Event e = mouse(SDL_MOUSEBUTTONDOWN, 350, 400);
  pump(f, &e, a, 4);
  e = mouse(SDL_MOUSEMOTION, 360, 410);
  assert_int_equal(pump(f, &e, a, 4), 1);
  assert_int_equal(a[0].kind, STP_ACT_HOVER);
  e = mouse(SDL_MOUSEBUTTONUP, 360, 410);
  assert_int_equal(pump(f, &e, a, 4), 1);
  assert_int_equal(a[0].kind, STP_ACT_PLACE);
  assert_float_equal(a[0].sx, 350, 1e-9);     /* the dot stays where it was pressed */
  assert_float_equal(a[0].angle_deg, 45, 1e-9);
  assert_float_equal(a[0].ex, 360, 1e-9);     /* and says where the drag ended (a design point moved there) */
  assert_float_equal(a[0].ey, 410, 1e-9);
  double ex_mm, ey_mm;
  stp_view_to_chart(&f->view, 360, 410, &ex_mm, &ey_mm);
  assert_float_equal(a[0].end_x_mm, ex_mm, 1e-9);
  assert_float_equal(a[0].end_y_mm, ey_mm, 1e-9);
  e = mouse(SDL_MOUSEBUTTONDOWN, 350, 400);
  pump(f, &e, a, 4);
  e = mouse(SDL_MOUSEMOTION, 350, 380);
  pump(f, &e, a, 4);
  e = mouse(SDL_MOUSEBUTTONUP, 350, 380);
  assert_int_equal(pump(f, &e, a, 4), 1);
  assert_float_equal(a[0].angle_deg, -90, 1e-9);
}

/* A finger or pen tap outside the viewport is a UI click at the point of contact (the
 * buttons of the panel); one inside stays an impression. */
static void tap_on_the_panel_is_a_click(void **state) {
  fixture *f = *state;
  stp_action a[4];
  SDL_Event e = finger(SDL_FINGERDOWN, 51, 900.0f / 1000.0f, 0.5f, 0.4f);
  assert_int_equal(pump(f, &e, a, 4), 0);
  e = finger(SDL_FINGERUP, 51, 900.0f / 1000.0f, 0.5f, 0.4f);
  assert_int_equal(pump(f, &e, a, 4), 1);
  assert_int_equal(a[0].kind, STP_ACT_CLICK);
  assert_float_equal(a[0].sx, 900, 1e-3);
  assert_true(a[0].from_pen);
}

/* A finger dragged up or down off the scalp scrolls what is under it (the result's panel, the
 * menu): once past the app's scroll_px (12 here) each motion is its own STP_ACT_SCROLL, summing to the drag, and its
 * lift clicks nothing. A tap that wobbles less still clicks. Window 1000 x 800: x 900 is
 * the panel (the view is 700 wide). */
static void drag_off_the_scalp_scrolls(void **state) {
  fixture *f = *state;
  stp_action a[4];
  f->in.scroll_px = 12;   /* the app's: a screen that scrolls */
  SDL_Event e = finger(SDL_FINGERDOWN, 61, 0.9f, 0.5f, 1.0f);          /* (900, 400) */
  assert_int_equal(direct(f, &e, a, 4), 0);
  e = finger(SDL_FINGERMOTION, 61, 0.9f, 0.4925f, 1.0f);              /* 6 px up: a wobble */
  assert_int_equal(direct(f, &e, a, 4), 0);
  e = finger(SDL_FINGERMOTION, 61, 0.9f, 0.475f, 1.0f);               /* 20 px up: scrolls */
  assert_int_equal(direct(f, &e, a, 4), 1);
  assert_int_equal(a[0].kind, STP_ACT_SCROLL);
  assert_float_equal(a[0].dy, -20, 1e-3);                              /* the whole way from the press */
  e = finger(SDL_FINGERMOTION, 61, 0.9f, 0.4375f, 1.0f);              /* 30 px more */
  assert_int_equal(direct(f, &e, a, 4), 1);
  assert_int_equal(a[0].kind, STP_ACT_SCROLL);
  assert_float_equal(a[0].dy, -30, 1e-3);
  e = finger(SDL_FINGERUP, 61, 0.9f, 0.4375f, 1.0f);
  assert_int_equal(direct(f, &e, a, 4), 0);                            /* no click */
  /* A tap that wobbles 8 px is a click at its first point. */
  e = finger(SDL_FINGERDOWN, 62, 0.9f, 0.5f, 1.0f);
  direct(f, &e, a, 4);
  e = finger(SDL_FINGERMOTION, 62, 0.9f, 0.51f, 1.0f);
  assert_int_equal(direct(f, &e, a, 4), 0);
  e = finger(SDL_FINGERUP, 62, 0.9f, 0.51f, 1.0f);
  assert_int_equal(direct(f, &e, a, 4), 1);
  assert_int_equal(a[0].kind, STP_ACT_CLICK);
  assert_float_equal(a[0].sy, 400, 1e-3);
  /* On the scalp the same drag is a stroke: one impression, no scroll. */
  e = finger(SDL_FINGERDOWN, 63, 0.35f, 0.5f, 1.0f);
  direct(f, &e, a, 4);
  e = finger(SDL_FINGERMOTION, 63, 0.35f, 0.45f, 1.0f);
  assert_int_equal(direct(f, &e, a, 4), 0);
  e = finger(SDL_FINGERUP, 63, 0.35f, 0.45f, 1.0f);
  assert_int_equal(direct(f, &e, a, 4), 1);
  assert_int_equal(a[0].kind, STP_ACT_PLACE);
  /* A screen with nothing to scroll (scroll_px 0): the same drag off the scalp is a tap. */
  f->in.scroll_px = 0;
  e = finger(SDL_FINGERDOWN, 64, 0.9f, 0.5f, 1.0f);
  direct(f, &e, a, 4);
  e = finger(SDL_FINGERMOTION, 64, 0.9f, 0.45f, 1.0f);
  assert_int_equal(direct(f, &e, a, 4), 0);
  e = finger(SDL_FINGERUP, 64, 0.9f, 0.45f, 1.0f);
  assert_int_equal(direct(f, &e, a, 4), 1);
  assert_int_equal(a[0].kind, STP_ACT_CLICK);
}

static void pen_contact_sets_depth_and_grain(void **state) {
  fixture *f = *state;
  stp_action a[4];
  SDL_Event e = finger(SDL_FINGERDOWN, 7, 0.35f, 0.5f, 0.2f);
  assert_int_equal(pump(f, &e, a, 4), 0);            /* nothing until the pen lifts */
  e = finger(SDL_FINGERMOTION, 7, 0.355f, 0.5f, 0.85f);
  assert_int_equal(pump(f, &e, a, 4), 0);
  e = finger(SDL_FINGERUP, 7, 0.356f, 0.5f, 0.1f);
  assert_int_equal(pump(f, &e, a, 4), 1);
  assert_int_equal(a[0].kind, STP_ACT_PLACE);
  assert_true(a[0].from_pen);
  /* At the point of contact, with the highest pressure reached... */
  assert_float_equal(a[0].sx, 350, 1e-3);
  assert_float_equal(a[0].sy, 400, 1e-3);
  assert_float_equal(a[0].pressure, 0.85, 1e-6);
  /* ...and the direction of motion (+x on screen) as the grain; it ended where it moved to. */
  assert_float_equal(a[0].angle_deg, 0, 1e-6);
  assert_true(a[0].ex >= 354.9 && a[0].ex <= 356.1);
  assert_float_equal(a[0].ey, 400, 1e-3);
  /* A tap without motion leaves the grain to the tool. */
  e = finger(SDL_FINGERDOWN, 8, 0.3f, 0.4f, 0.5f);
  pump(f, &e, a, 4);
  e = finger(SDL_FINGERUP, 8, 0.3f, 0.4f, 0.5f);
  assert_int_equal(pump(f, &e, a, 4), 1);
  assert_true(isnan(a[0].angle_deg));
  assert_float_equal(a[0].pressure, 0.5, 1e-6);
}

static void pinch_zooms_and_places_nothing(void **state) {
  fixture *f = *state;
  stp_action a[8];
  SDL_Event e = finger(SDL_FINGERDOWN, 1, 0.3f, 0.5f, 1);
  pump(f, &e, a, 8);
  e = finger(SDL_FINGERDOWN, 2, 0.4f, 0.5f, 1);
  pump(f, &e, a, 8);
  e = finger(SDL_FINGERMOTION, 2, 0.5f, 0.5f, 1);   /* spread: 100 px -> 200 px */
  int n = pump(f, &e, a, 8);
  int zooms = 0;
  stp_view before = f->view;
  double px, py;   /* the chart point under the pinch's centre, which must stay put */
  for (int i = 0; i < n; i++) {
    if (a[i].kind != STP_ACT_ZOOM) continue;
    zooms++;
    assert_float_equal(a[i].factor, 2.0, 1e-5);
    stp_view_to_chart(&f->view, a[i].sx, a[i].sy, &px, &py);
    stp_view_zoom_at(&f->view, a[i].factor, a[i].sx, a[i].sy);   /* as the app applies it */
    double qx, qy;
    stp_view_to_chart(&f->view, a[i].sx, a[i].sy, &qx, &qy);
    assert_float_equal(qx, px, 1e-9);
    assert_float_equal(qy, py, 1e-9);
  }
  assert_int_equal(zooms, 1);
  assert_float_equal(f->view.scale, before.scale * 2.0, 1e-6);
  f->view = before;
  e = finger(SDL_FINGERUP, 2, 0.5f, 0.5f, 1);
  assert_int_equal(pump(f, &e, a, 8), 0);
  e = finger(SDL_FINGERUP, 1, 0.3f, 0.5f, 1);
  assert_int_equal(pump(f, &e, a, 8), 0);
  assert_false(f->in.gesture);
}

static void palm_is_ignored_while_the_pen_is_down(void **state) {
  fixture *f = *state;
  stp_action a[8];
  /* A pen (real pressure) lands; a palm (touch, constant 1.0) comes to rest beside it,
   * moves and lifts; then the pen lifts. One impression, from the pen only. */
  SDL_Event e = finger(SDL_FINGERDOWN, 21, 0.30f, 0.50f, 0.4f);
  e.tfinger.timestamp = 1000;
  pump(f, &e, a, 8);
  e = finger(SDL_FINGERDOWN, 22, 0.60f, 0.80f, 1.0f);
  e.tfinger.timestamp = 1010;                  /* even within the pinch window */
  assert_int_equal(pump(f, &e, a, 8), 0);
  e = finger(SDL_FINGERMOTION, 22, 0.65f, 0.85f, 1.0f);
  assert_int_equal(pump(f, &e, a, 8), 0);      /* no pan, no zoom */
  e = finger(SDL_FINGERUP, 22, 0.65f, 0.85f, 1.0f);
  assert_int_equal(pump(f, &e, a, 8), 0);      /* no impression from the palm */
  e = finger(SDL_FINGERUP, 21, 0.30f, 0.50f, 0.6f);
  assert_int_equal(pump(f, &e, a, 8), 1);
  assert_int_equal(a[0].kind, STP_ACT_PLACE);
  assert_float_equal(a[0].sx, 300, 1e-3);
  assert_float_equal(a[0].pressure, 0.6, 1e-6);
  /* Without a pen: a touch resting long before a second one lands stays an impression;
   * the late one is a palm. */
  e = finger(SDL_FINGERDOWN, 31, 0.20f, 0.30f, 1.0f);
  e.tfinger.timestamp = 5000;
  direct(f, &e, a, 8);
  e = finger(SDL_FINGERDOWN, 32, 0.50f, 0.30f, 1.0f);
  e.tfinger.timestamp = 5000 + STP_INPUT_PINCH_MS + 100;
  direct(f, &e, a, 8);
  e = finger(SDL_FINGERUP, 32, 0.50f, 0.30f, 1.0f);
  assert_int_equal(direct(f, &e, a, 8), 0);
  e = finger(SDL_FINGERUP, 31, 0.20f, 0.30f, 1.0f);
  f->in.mouse_pressure = 0.35;   /* the tool's pressure: a finger at SDL's constant 1.0 places with it */
  assert_int_equal(direct(f, &e, a, 8), 1);
  assert_int_equal(a[0].kind, STP_ACT_PLACE);
  assert_float_equal(a[0].pressure, 0.35, 1e-12);
  /* Two fingers landing together are a pinch, not a palm. */
  e = finger(SDL_FINGERDOWN, 41, 0.30f, 0.50f, 1.0f);
  e.tfinger.timestamp = 9000;
  direct(f, &e, a, 8);
  e = finger(SDL_FINGERDOWN, 42, 0.40f, 0.50f, 1.0f);
  e.tfinger.timestamp = 9040;
  direct(f, &e, a, 8);
  assert_true(f->in.gesture);
  e = finger(SDL_FINGERUP, 42, 0.40f, 0.50f, 1.0f);
  assert_int_equal(direct(f, &e, a, 8), 0);
  e = finger(SDL_FINGERUP, 41, 0.30f, 0.50f, 1.0f);
  assert_int_equal(direct(f, &e, a, 8), 0);
}

static void pressure_curve_is_configurable(void **state) {
  assert_float_equal(stp_input_pressure_curve(0.5, 1.0), 0.5, 1e-12);
  assert_float_equal(stp_input_pressure_curve(0.5, 2.0), 0.25, 1e-12);
  assert_float_equal(stp_input_pressure_curve(4.2, 1.0), 1.0, 1e-12);   /* iOS force, clamped */
  assert_float_equal(stp_input_pressure_curve(-1, 1.0), 0.0, 1e-12);
  fixture *f = *state;
  f->in.pressure_gamma = 2.0;
  stp_action a[4];
  SDL_Event e = finger(SDL_FINGERDOWN, 51, 0.3f, 0.5f, 0.5f);
  pump(f, &e, a, 4);
  e = finger(SDL_FINGERUP, 51, 0.3f, 0.5f, 0.5f);
  assert_int_equal(pump(f, &e, a, 4), 1);
  assert_float_equal(a[0].pressure, 0.25, 1e-6);
  f->in.pressure_gamma = 1.0;
}

static void pen_dwell_is_the_contact_time(void **state) {
  fixture *f = *state;
  stp_action a[4];
  SDL_Event e = finger(SDL_FINGERDOWN, 61, 0.3f, 0.5f, 0.5f);
  e.tfinger.timestamp = 20000;
  direct(f, &e, a, 4);
  e = finger(SDL_FINGERUP, 61, 0.3f, 0.5f, 0.5f);
  e.tfinger.timestamp = 20000 + 230;
  assert_int_equal(direct(f, &e, a, 4), 1);
  assert_float_equal(a[0].dwell_ms, 230, 1e-9);
  /* The mouse records none. */
  SDL_Event m = mouse(SDL_MOUSEBUTTONDOWN, 350, 400);
  m.button.timestamp = 30000;
  assert_int_equal(direct(f, &m, a, 4), 0);
  m = mouse(SDL_MOUSEBUTTONUP, 350, 400);
  m.button.timestamp = 30000 + 230;
  assert_int_equal(direct(f, &m, a, 4), 1);
  assert_float_equal(a[0].dwell_ms, 0, 1e-12);
}

static void fast_taps_lose_nothing(void **state) {
  fixture *f = *state;
  /* 600 taps queued at once (a 240 Hz pen over 2.5 s), then drained. */
  SDL_FlushEvents(SDL_FIRSTEVENT, SDL_LASTEVENT);
  for (int i = 0; i < 600; i++) {
    float x = 0.1f + 0.5f * (float)(i % 30) / 30.0f, y = 0.2f + 0.6f * (float)(i / 30) / 20.0f;
    SDL_Event d = finger(SDL_FINGERDOWN, 100 + i, x, y, 0.5f), u = finger(SDL_FINGERUP, 100 + i, x, y, 0.5f);
    d.tfinger.timestamp = u.tfinger.timestamp = (Uint32)(i * 4);
    assert_int_equal(SDL_PushEvent(&d), 1);
    assert_int_equal(SDL_PushEvent(&u), 1);
  }
  SDL_Event got;
  stp_action a[4];
  int places = 0;
  while (SDL_PollEvent(&got)) {
    int n = stp_input_translate(&f->in, &got, &f->view, a, 4);
    for (int i = 0; i < n; i++) places += a[i].kind == STP_ACT_PLACE;
  }
  assert_int_equal(places, 600);
}

/* A key press and the one action it must give. Each press is checked on its own: pump()
 * drains the queue first and the action array is wiped, so a check cannot pass on what an
 * earlier key left behind (Ctrl+Shift+Z giving nothing would otherwise read Y's REDO). */
static stp_action key(fixture *f, SDL_Keycode sym, Uint16 mod) {
  SDL_Event e = {0};
  e.type = SDL_KEYDOWN;
  e.key.keysym.sym = sym;
  e.key.keysym.mod = mod;
  stp_action a[2];
  memset(a, 0xA5, sizeof a);   /* no kind an action could have by chance */
  int n = pump(f, &e, a, 2);
  if (n != 1) fail_msg("key %d (mod 0x%x) gave %d actions, expected 1", (int)sym, (unsigned)mod, n);
  return a[0];
}

static void keys_map_to_tools(void **state) {
  fixture *f = *state;
  stp_action a = key(f, SDLK_RIGHTBRACKET, KMOD_NONE);
  assert_int_equal(a.kind, STP_ACT_PRESSURE);
  assert_true(a.delta > 0);
  a = key(f, SDLK_LEFTBRACKET, KMOD_NONE);
  assert_int_equal(a.kind, STP_ACT_PRESSURE);
  assert_true(a.delta < 0);
  assert_int_equal(key(f, SDLK_f, KMOD_NONE).kind, STP_ACT_FINISH);
  assert_int_equal(key(f, SDLK_z, KMOD_NONE).kind, STP_ACT_UNDO);
  assert_int_equal(key(f, SDLK_y, KMOD_NONE).kind, STP_ACT_REDO);
  /* Ctrl+Z undoes, Ctrl+Shift+Z redoes (either Ctrl, either Shift); Shift+Z alone undoes. */
  assert_int_equal(key(f, SDLK_z, KMOD_LCTRL).kind, STP_ACT_UNDO);
  assert_int_equal(key(f, SDLK_z, KMOD_LCTRL | KMOD_LSHIFT).kind, STP_ACT_REDO);
  assert_int_equal(key(f, SDLK_z, KMOD_RCTRL | KMOD_RSHIFT).kind, STP_ACT_REDO);
  assert_int_equal(key(f, SDLK_z, KMOD_LSHIFT).kind, STP_ACT_UNDO);
  /* After an undo, Ctrl+Shift+Z still redoes: nothing carried over from Y. */
  assert_int_equal(key(f, SDLK_z, KMOD_NONE).kind, STP_ACT_UNDO);
  assert_int_equal(key(f, SDLK_z, KMOD_LCTRL | KMOD_LSHIFT).kind, STP_ACT_REDO);
  /* The commands the palette's buttons also send. */
  assert_int_equal(key(f, SDLK_m, KMOD_NONE).kind, STP_ACT_MENU);
  assert_int_equal(key(f, SDLK_k, KMOD_NONE).kind, STP_ACT_TOGGLE_MARKS);
  assert_int_equal(key(f, SDLK_s, KMOD_NONE).kind, STP_ACT_END_SESSION);
  assert_int_equal(key(f, SDLK_RETURN, KMOD_NONE).kind, STP_ACT_CONFIRM);
  a = key(f, SDLK_h, KMOD_NONE);
  assert_int_equal(a.kind, STP_ACT_TIME);
  assert_int_equal(a.step, 1);
  a = key(f, SDLK_h, KMOD_LSHIFT);
  assert_int_equal(a.kind, STP_ACT_TIME);
  assert_int_equal(a.step, -1);
}

/* A palm that lands first (a finger reporting no real pressure, the constant 1.0 SDL gives
 * touch), then the pen (real pressure): the pen wins, the palm becomes a palm, and only the
 * pen's dot is placed. */
static void a_pen_wins_over_a_palm_that_landed_first(void **state) {
  fixture *f = *state;
  stp_action a[8];
  SDL_Event e = finger(SDL_FINGERDOWN, 71, 0.60f, 0.80f, 1.0f);   /* the palm */
  e.tfinger.timestamp = 40000;
  direct(f, &e, a, 8);
  e = finger(SDL_FINGERDOWN, 72, 0.30f, 0.50f, 0.4f);   /* the pen, long after: not a pinch */
  e.tfinger.timestamp = 40000 + STP_INPUT_PINCH_MS + 500;
  assert_int_equal(direct(f, &e, a, 8), 0);
  e = finger(SDL_FINGERMOTION, 71, 0.62f, 0.82f, 1.0f);
  assert_int_equal(direct(f, &e, a, 8), 0);   /* no pan */
  e = finger(SDL_FINGERUP, 71, 0.62f, 0.82f, 1.0f);
  assert_int_equal(direct(f, &e, a, 8), 0);   /* the palm places nothing */
  e = finger(SDL_FINGERUP, 72, 0.30f, 0.50f, 0.5f);
  assert_int_equal(direct(f, &e, a, 8), 1);
  assert_int_equal(a[0].kind, STP_ACT_PLACE);
  assert_float_equal(a[0].sx, 300, 1e-3);
  assert_float_equal(a[0].pressure, 0.5, 1e-6);
}

/* stp_input_cancel forgets what is under way: a pen lifted, a mouse released, after it,
 * make nothing; the next contact works. */
static void cancel_forgets_contacts_under_way(void **state) {
  fixture *f = *state;
  stp_action a[4];
  SDL_Event e = finger(SDL_FINGERDOWN, 81, 0.30f, 0.50f, 0.4f);
  direct(f, &e, a, 4);
  SDL_Event m = mouse(SDL_MOUSEBUTTONDOWN, 350, 400);
  assert_int_equal(direct(f, &m, a, 4), 0);
  stp_input_cancel(&f->in);
  e = finger(SDL_FINGERUP, 81, 0.30f, 0.50f, 0.4f);
  assert_int_equal(direct(f, &e, a, 4), 0);
  m = mouse(SDL_MOUSEBUTTONUP, 350, 400);
  assert_int_equal(direct(f, &m, a, 4), 0);
  /* Kept: the curve and the mouse's pressure. */
  f->in.pressure_gamma = 2;
  stp_input_cancel(&f->in);
  assert_float_equal(f->in.pressure_gamma, 2, 0);
  f->in.pressure_gamma = 1;
  e = finger(SDL_FINGERDOWN, 82, 0.30f, 0.50f, 0.4f);
  direct(f, &e, a, 4);
  e = finger(SDL_FINGERUP, 82, 0.30f, 0.50f, 0.4f);
  assert_int_equal(direct(f, &e, a, 4), 1);
  assert_int_equal(a[0].kind, STP_ACT_PLACE);
}

/* Motion while the button or pen is down: an STP_ACT_DRAG (start and current point) only
 * when the app asks for it (drag_motion: the consultation's freehand stroke); otherwise
 * the motion is a hover and the release a PLACE, as before. */
static void drag_motion_only_when_asked(void **state) {
  fixture *f = *state;
  stp_action a[4];
  /* Not asked: the play screen's behaviour. */
  f->in.drag_motion = false;
  SDL_Event e = mouse(SDL_MOUSEBUTTONDOWN, 350, 400);
  assert_int_equal(pump(f, &e, a, 4), 0);
  e = mouse(SDL_MOUSEMOTION, 370, 410);
  assert_int_equal(pump(f, &e, a, 4), 1);
  assert_int_equal(a[0].kind, STP_ACT_HOVER);
  e = mouse(SDL_MOUSEBUTTONUP, 370, 410);
  assert_int_equal(pump(f, &e, a, 4), 1);
  assert_int_equal(a[0].kind, STP_ACT_PLACE);
  /* Asked: each motion of the press is a DRAG (then the hover), and the release a PLACE. */
  f->in.drag_motion = true;
  e = mouse(SDL_MOUSEBUTTONDOWN, 350, 400);
  assert_int_equal(pump(f, &e, a, 4), 0);
  e = mouse(SDL_MOUSEMOTION, 370, 410);
  assert_int_equal(pump(f, &e, a, 4), 2);
  assert_int_equal(a[0].kind, STP_ACT_DRAG);
  assert_int_equal(a[1].kind, STP_ACT_HOVER);
  assert_float_equal(a[0].sx, 350, 1e-9);
  assert_float_equal(a[0].sy, 400, 1e-9);
  assert_float_equal(a[0].x_mm, 0, 1e-9);       /* where it began, in chart mm */
  assert_float_equal(a[0].y_mm, 140, 1e-9);
  assert_float_equal(a[0].ex, 370, 1e-9);       /* where it is now */
  assert_float_equal(a[0].ey, 410, 1e-9);
  double x_mm, y_mm;
  stp_view_to_chart(&f->view, 370, 410, &x_mm, &y_mm);
  assert_float_equal(a[0].end_x_mm, x_mm, 1e-9);
  assert_float_equal(a[0].end_y_mm, y_mm, 1e-9);
  assert_false(a[0].from_pen);
  e = mouse(SDL_MOUSEBUTTONUP, 380, 405);
  assert_int_equal(pump(f, &e, a, 4), 1);
  assert_int_equal(a[0].kind, STP_ACT_PLACE);
  /* Motion without the button stays a hover. */
  e = mouse(SDL_MOUSEMOTION, 390, 405);
  assert_int_equal(pump(f, &e, a, 4), 1);
  assert_int_equal(a[0].kind, STP_ACT_HOVER);
  /* A press off the scalp (the panel) draws nothing. */
  e = mouse(SDL_MOUSEBUTTONDOWN, 900, 400);
  assert_int_equal(pump(f, &e, a, 4), 1);
  assert_int_equal(a[0].kind, STP_ACT_CLICK);
  e = mouse(SDL_MOUSEMOTION, 910, 400);
  assert_int_equal(pump(f, &e, a, 4), 1);
  assert_int_equal(a[0].kind, STP_ACT_HOVER);
  e = mouse(SDL_MOUSEBUTTONUP, 910, 400);
  pump(f, &e, a, 4);
  /* A pen's samples give the same DRAG while it touches, and a finger's motion too. */
  stp_pen_sample s = {.phase = STP_PEN_DOWN, .tool = STP_PEN_STYLUS, .device = 9, .x = 350, .y = 400,
                      .pressure = 0.5, .has_pressure = true, .time_ms = 1000};
  assert_int_equal(stp_input_pen(&f->in, &s, &f->view, a, 4), 0);
  s.phase = STP_PEN_MOVE; s.x = 360; s.y = 420; s.time_ms = 1010;
  assert_int_equal(stp_input_pen(&f->in, &s, &f->view, a, 4), 1);
  assert_int_equal(a[0].kind, STP_ACT_DRAG);
  assert_true(a[0].from_pen);
  assert_float_equal(a[0].sx, 350, 1e-9);
  assert_float_equal(a[0].ex, 360, 1e-9);
  assert_float_equal(a[0].ey, 420, 1e-9);
  s.phase = STP_PEN_UP; s.time_ms = 1020;
  assert_int_equal(stp_input_pen(&f->in, &s, &f->view, a, 4), 1);
  assert_int_equal(a[0].kind, STP_ACT_PLACE);
  f->in.drag_motion = false;   /* not asked: the pen's motion gives nothing until it lifts */
  s.phase = STP_PEN_DOWN; s.x = 350; s.y = 400; s.time_ms = 2000;
  stp_input_pen(&f->in, &s, &f->view, a, 4);
  s.phase = STP_PEN_MOVE; s.x = 360; s.time_ms = 2010;
  assert_int_equal(stp_input_pen(&f->in, &s, &f->view, a, 4), 0);
  s.phase = STP_PEN_UP; s.time_ms = 2020;
  assert_int_equal(stp_input_pen(&f->in, &s, &f->view, a, 4), 1);
  assert_int_equal(a[0].kind, STP_ACT_PLACE);
  f->in.drag_motion = true;
  e = finger(SDL_FINGERDOWN, 91, 0.35f, 0.5f, 1.0f);
  direct(f, &e, a, 4);
  e = finger(SDL_FINGERMOTION, 91, 0.36f, 0.5f, 1.0f);
  assert_int_equal(direct(f, &e, a, 4), 1);
  assert_int_equal(a[0].kind, STP_ACT_DRAG);
  e = finger(SDL_FINGERUP, 91, 0.36f, 0.5f, 1.0f);
  assert_int_equal(direct(f, &e, a, 4), 1);
  assert_int_equal(a[0].kind, STP_ACT_PLACE);
  f->in.drag_motion = false;
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(mouse_click_places_one_impression),
    cmocka_unit_test(mouse_drag_sets_the_grain),
    cmocka_unit_test(tap_on_the_panel_is_a_click),
    cmocka_unit_test(drag_off_the_scalp_scrolls),
    cmocka_unit_test(pen_contact_sets_depth_and_grain),
    cmocka_unit_test(pinch_zooms_and_places_nothing),
    cmocka_unit_test(palm_is_ignored_while_the_pen_is_down),
    cmocka_unit_test(pressure_curve_is_configurable),
    cmocka_unit_test(pen_dwell_is_the_contact_time),
    cmocka_unit_test(fast_taps_lose_nothing),
    cmocka_unit_test(keys_map_to_tools),
    cmocka_unit_test(a_pen_wins_over_a_palm_that_landed_first),
    cmocka_unit_test(cancel_forgets_contacts_under_way),
    cmocka_unit_test(drag_motion_only_when_asked),
  };
  return cmocka_run_group_tests(tests, setup, teardown);
}
