#include "stp_input.h"

#include <math.h>
#include <string.h>

#define PI 3.14159265358979323846
#define PEN_ID_BIT ((uint64_t)1 << 62)   /* contact ids of XInput2 pens (stp_input_pen) */
#define MIN_STROKE_PX 3.0        /* motion below this gives no grain (use the tool's) */

void stp_input_cancel(stp_input *in) {
  in->finger_count = 0;
  in->gesture = false;
  in->pressing = false;
  in->panning = false;
}

void stp_input_init(stp_input *in, int win_w, int win_h) {
  memset(in, 0, sizeof *in);
  in->win_w = win_w;
  in->win_h = win_h;
  in->mouse_pressure = 0.4;
  in->pressure_gamma = 1.0;    /* identity by default, as Krita does */
}

double stp_input_pressure_curve(double raw, double gamma) {
  if (!(raw > 0)) return 0;
  if (raw > 1) raw = 1;      /* iOS reports up to ~4.2; SDL elsewhere 0..1 */
  return pow(raw, gamma > 0 ? gamma : 1);
}

static int emit(stp_action *out, int max, int n, stp_action a) {
  if (n < max) out[n] = a;
  return n < max ? n + 1 : n;
}

static stp_finger *find_finger(stp_input *in, SDL_FingerID id) {
  for (int i = 0; i < in->finger_count; i++)
    if (in->fingers[i].id == id) return &in->fingers[i];
  return NULL;
}

/* Distance and midpoint of the first two contacts that are not palms. */
static void pinch_state(const stp_input *in, double *dist, float *cx, float *cy) {
  const stp_finger *two[2] = {&in->fingers[0], &in->fingers[0]};
  int n = 0;
  for (int i = 0; i < in->finger_count && n < 2; i++)
    if (!in->fingers[i].palm) two[n++] = &in->fingers[i];
  const stp_finger *a = two[0], *b = two[1];
  *dist = hypot(a->x - b->x, a->y - b->y);
  *cx = (a->x + b->x) * 0.5f;
  *cy = (a->y + b->y) * 0.5f;
}

/* STP_ACT_DRAG: a press or contact from screen (x0, y0), now at (x, y). */
static void drag_action(stp_action *a, const stp_view *v, double x0, double y0, double x, double y) {
  *a = (stp_action){0};
  a->kind = STP_ACT_DRAG;
  a->sx = x0; a->sy = y0;
  stp_view_to_chart(v, x0, y0, &a->x_mm, &a->y_mm);
  a->ex = x; a->ey = y;
  stp_view_to_chart(v, x, y, &a->end_x_mm, &a->end_y_mm);
}

/* One contact's event, from SDL's finger events or from a pen sample (stp_xi2). */
typedef struct contact {
  SDL_FingerID id;
  float x, y;                  /* output pixels */
  float pressure;
  Uint32 t;
  bool pen, no_pressure, eraser, has_tilt;
  float tilt_x, tilt_y;
  bool at_up;                  /* x, y of an up are where it lifted (pen samples; SDL's keep the last motion) */
  bool clicks;                 /* a pen sample's tap off the scalp clicks (no mouse twin does) */
} contact;

static int contact_down(stp_input *in, const contact *c) {
  if (in->finger_count >= STP_INPUT_MAX_FINGERS || find_finger(in, c->id)) return 0;
  bool pen_down = false;
  int live = 0;
  const stp_finger *first = NULL;
  for (int i = 0; i < in->finger_count; i++) {
    if (in->fingers[i].palm) continue;
    pen_down |= in->fingers[i].pen;
    if (!first) first = &in->fingers[i];
    live++;
  }
  stp_finger *f = &in->fingers[in->finger_count++];
  memset(f, 0, sizeof *f);
  f->id = c->id;
  f->x = f->x0 = c->x; f->y = f->y0 = c->y;
  f->max_pressure = c->pressure;
  f->t0 = c->t;
  f->pen = c->pen;
  f->no_pressure = c->no_pressure;
  f->eraser = c->eraser;
  f->clicks = c->clicks;
  f->has_tilt = c->has_tilt;
  f->tilt_x = c->tilt_x; f->tilt_y = c->tilt_y;
  /* A pen always wins: the fingers already down (a palm that landed first) become palms,
   * and no gesture starts. (Their clocks may differ: an XInput2 pen's is the X server's,
   * SDL's fingers' are SDL's ticks; no time of one is compared with the other's.) */
  if (c->pen && !pen_down) {
    for (int i = 0; i < in->finger_count - 1; i++) in->fingers[i].palm = true;
    in->gesture = false;
    return 0;
  }
  /* A palm: anything while a pen is down, or a late second touch (not a pinch). */
  if (pen_down || (live == 1 && !in->gesture && c->t - first->t0 > STP_INPUT_PINCH_MS) || live >= 2) {
    f->palm = true;
    return 0;
  }
  if (live == 1) {
    in->gesture = true;
    pinch_state(in, &in->pinch_dist, &in->pinch_cx, &in->pinch_cy);
  }
  return 0;
}

static int contact_motion(stp_input *in, const contact *c, const stp_view *v, stp_action *out, int max) {
  stp_action a = {0};
  int n = 0;
  stp_finger *f = find_finger(in, c->id);
  if (!f || f->palm) return 0;
  float last_y = f->y;
  f->x = c->x;
  f->y = c->y;
  /* One contact dragged off the scalp, from a source whose taps click there (a finger; the
   * browser's pen): the list or panel under it scrolls with it, once it has moved further
   * than a tap wobbles. */
  if (!in->gesture && in->finger_count == 1 && (!((uint64_t)f->id & PEN_ID_BIT) || f->clicks) &&
      in->scroll_px > 0 && !stp_view_hit(v, f->x0, f->y0) && (f->scrolling || fabsf(f->y - f->y0) >= in->scroll_px)) {
    a.kind = STP_ACT_SCROLL;
    a.sx = f->x0; a.sy = f->y0;
    a.dy = f->scrolling ? f->y - last_y : f->y - f->y0;
    f->scrolling = true;
    if (a.dy != 0) n = emit(out, max, n, a);
    return n;
  }
  if (c->pressure > f->max_pressure) {
    f->max_pressure = c->pressure;
    if (c->has_tilt) { f->has_tilt = true; f->tilt_x = c->tilt_x; f->tilt_y = c->tilt_y; }
  }
  /* One contact drawing on the scalp, for a screen that asks for its motion. */
  if (in->drag_motion && !in->gesture && !f->eraser && stp_view_hit(v, f->x0, f->y0)) {
    drag_action(&a, v, f->x0, f->y0, f->x, f->y);
    a.from_pen = true;
    return emit(out, max, n, a);
  }
  if (in->gesture && in->finger_count >= 2) {
    double dist; float cx, cy;
    pinch_state(in, &dist, &cx, &cy);
    a.kind = STP_ACT_PAN;
    a.dx = cx - in->pinch_cx; a.dy = cy - in->pinch_cy;
    if (a.dx != 0 || a.dy != 0) n = emit(out, max, n, a);
    if (in->pinch_dist > 1 && dist > 1) {
      a = (stp_action){0};
      a.kind = STP_ACT_ZOOM;
      a.factor = dist / in->pinch_dist;
      a.sx = cx; a.sy = cy;
      if (a.factor != 1.0) n = emit(out, max, n, a);
    }
    in->pinch_dist = dist; in->pinch_cx = cx; in->pinch_cy = cy;
  }
  return n;
}

static void set_tilt(stp_action *a, bool has, double tx, double ty) {
  a->has_tilt = has;
  if (!has) return;
  a->tilt_x_deg = tx; a->tilt_y_deg = ty;
  stp_input_tilt_angles(tx, ty, &a->azimuth_deg, &a->altitude_deg);
}

static int contact_up(stp_input *in, const contact *c, const stp_view *v, stp_action *out, int max) {
  stp_action a = {0};
  int n = 0;
  stp_finger *f = find_finger(in, c->id);
  if (!f) return 0;
  stp_finger done = *f;
  if (c->pressure > done.max_pressure) done.max_pressure = c->pressure;
  if (c->at_up) { done.x = c->x; done.y = c->y; }   /* a pen's release says where it lifted */
  *f = in->fingers[--in->finger_count];
  if (!done.palm && !in->gesture && stp_view_hit(v, done.x0, done.y0)) {
    if (done.eraser) {
      a.kind = STP_ACT_UNDO;   /* the pen turned over: take the last dot back */
      n = emit(out, max, n, a);
    } else {
      a.kind = STP_ACT_PLACE;
      a.from_pen = true;
      a.sx = done.x0; a.sy = done.y0;
      stp_view_to_chart(v, done.x0, done.y0, &a.x_mm, &a.y_mm);
      a.pressure = done.no_pressure ? in->mouse_pressure : stp_input_pressure_curve(done.max_pressure, in->pressure_gamma);
      double dx = done.x - done.x0, dy = done.y - done.y0;
      a.angle_deg = hypot(dx, dy) >= MIN_STROKE_PX ? atan2(dy, dx) * 180.0 / PI : NAN;
      set_tilt(&a, done.has_tilt, done.tilt_x, done.tilt_y);
      if (isnan(a.angle_deg) && in->tilt_grain && a.has_tilt && 90.0 - a.altitude_deg >= STP_INPUT_TILT_GRAIN_MIN_DEG)
        a.angle_deg = stp_input_tilt_grain(a.azimuth_deg);
      a.ex = done.x; a.ey = done.y;
      stp_view_to_chart(v, a.ex, a.ey, &a.end_x_mm, &a.end_y_mm);
      Uint32 held = c->t - done.t0;   /* the event's own clock, not the frame's */
      a.dwell_ms = held > 0 && held < 60000 ? (double)held : 0;
      n = emit(out, max, n, a);
    }
  } else if (!done.palm && !in->gesture && !done.scrolling && (!((uint64_t)done.id & PEN_ID_BIT) || done.clicks)) {
    /* A finger's tap on the panel: the app's buttons. (An XInput2 pen's tap clicks through
     * the mouse events SDL makes of it, which are not placed but still click; the browser's
     * pen and touch have no such twin, and their samples say so.) */
    a.kind = STP_ACT_CLICK;
    a.sx = done.x0; a.sy = done.y0;
    a.from_pen = done.pen;
    n = emit(out, max, n, a);
  }
  if (in->finger_count == 0) in->gesture = false;
  else if (in->gesture && in->finger_count >= 2) pinch_state(in, &in->pinch_dist, &in->pinch_cx, &in->pinch_cy);
  return n;
}

void stp_input_tilt_angles(double tilt_x_deg, double tilt_y_deg, double *azimuth_deg, double *altitude_deg) {
  double tx = tilt_x_deg < -89.9 ? -89.9 : tilt_x_deg > 89.9 ? 89.9 : tilt_x_deg;
  double ty = tilt_y_deg < -89.9 ? -89.9 : tilt_y_deg > 89.9 ? 89.9 : tilt_y_deg;
  double X = tan(tx * PI / 180.0), Y = tan(ty * PI / 180.0);
  double az = (X == 0 && Y == 0) ? 0 : atan2(Y, X) * 180.0 / PI;
  if (az < 0) az += 360.0;
  *azimuth_deg = az;
  *altitude_deg = atan2(1.0, hypot(X, Y)) * 180.0 / PI;
}

double stp_input_tilt_grain(double azimuth_deg) {
  double g = fmod(azimuth_deg + 180.0, 360.0);
  return g < 0 ? g + 360.0 : g;
}

int stp_input_pen(stp_input *in, const stp_pen_sample *s, const stp_view *v, stp_action *out, int max) {
  /* One id per device and touch, apart from SDL's finger ids (small numbers). */
  SDL_FingerID id = (SDL_FingerID)(PEN_ID_BIT | ((uint64_t)(uint32_t)s->device << 32) | s->contact);
  contact c = {id, (float)s->x, (float)s->y, s->has_pressure ? (float)s->pressure : 0.0f, s->time_ms,
               s->tool == STP_PEN_STYLUS || s->tool == STP_PEN_ERASER, !s->has_pressure, s->tool == STP_PEN_ERASER,
               s->has_tilt, (float)s->tilt_x_deg, (float)s->tilt_y_deg, false, s->clicks};
  switch (s->phase) {
  case STP_PEN_HOVER: {
    stp_action a = {0};
    a.kind = STP_ACT_HOVER;
    a.from_pen = true;
    a.sx = s->x; a.sy = s->y;
    stp_view_to_chart(v, a.sx, a.sy, &a.x_mm, &a.y_mm);
    a.pressure = 0;
    set_tilt(&a, s->has_tilt, s->tilt_x_deg, s->tilt_y_deg);
    return emit(out, max, 0, a);
  }
  case STP_PEN_DOWN: return contact_down(in, &c);
  case STP_PEN_MOVE: return contact_motion(in, &c, v, out, max);
  case STP_PEN_UP: c.at_up = true; return contact_up(in, &c, v, out, max);
  case STP_PEN_CANCEL: {   /* forgotten: nothing placed, nothing clicked */
    stp_finger *f = find_finger(in, id);
    if (f) *f = in->fingers[--in->finger_count];
    if (in->finger_count == 0) in->gesture = false;
    else if (in->gesture && in->finger_count >= 2) pinch_state(in, &in->pinch_dist, &in->pinch_cx, &in->pinch_cy);
    return 0;
  }
  }
  return 0;
}

static int on_key(const SDL_KeyboardEvent *k, const stp_view *v, stp_action *out, int max) {
  stp_action a = {0};
  bool shift = (k->keysym.mod & KMOD_SHIFT) != 0;
  bool ctrl = (k->keysym.mod & KMOD_CTRL) != 0;
  switch (k->keysym.sym) {
  case SDLK_z: a.kind = (ctrl && shift) ? STP_ACT_REDO : STP_ACT_UNDO; break;
  case SDLK_BACKSPACE: a.kind = STP_ACT_UNDO; break;
  case SDLK_y: a.kind = STP_ACT_REDO; break;
  case SDLK_n: a.kind = STP_ACT_NEEDLE; a.step = shift ? -1 : 1; break;
  case SDLK_i: a.kind = STP_ACT_INK; a.step = shift ? -1 : 1; break;
  case SDLK_p: a.kind = STP_ACT_PIGMENT; a.step = shift ? -1 : 1; break;
  case SDLK_LEFTBRACKET: a.kind = STP_ACT_PRESSURE; a.delta = -0.05; break;
  case SDLK_RIGHTBRACKET: a.kind = STP_ACT_PRESSURE; a.delta = 0.05; break;
  case SDLK_q: a.kind = STP_ACT_ROTATE; a.delta = -15; break;
  case SDLK_e: a.kind = STP_ACT_ROTATE; a.delta = 15; break;
  case SDLK_h: a.kind = STP_ACT_TIME; a.step = shift ? -1 : 1; break;
  case SDLK_m: a.kind = STP_ACT_MENU; break;
  case SDLK_s: a.kind = STP_ACT_END_SESSION; break;
  case SDLK_RETURN: case SDLK_KP_ENTER: a.kind = STP_ACT_CONFIRM; break;
  case SDLK_g: a.kind = STP_ACT_TOGGLE_ZONES; break;
  case SDLK_a: a.kind = STP_ACT_TOGGLE_HAIR; break;
  case SDLK_l: a.kind = STP_ACT_TOGGLE_LOUPE; break;
  case SDLK_k: a.kind = STP_ACT_TOGGLE_MARKS; break;
  case SDLK_v: a.kind = STP_ACT_CYCLE_MAP; a.step = shift ? -1 : 1; break;
  case SDLK_o: a.kind = STP_ACT_CYCLE_OVERLAY; break;
  case SDLK_f: a.kind = STP_ACT_FINISH; break;   /* not Enter: too easy to press by accident */
  case SDLK_ESCAPE: a.kind = STP_ACT_BACK; break;
  case SDLK_0: case SDLK_HOME: a.kind = STP_ACT_FIT; break;
  case SDLK_EQUALS: case SDLK_PLUS: case SDLK_KP_PLUS:
  case SDLK_MINUS: case SDLK_KP_MINUS: {
    bool in_ = k->keysym.sym == SDLK_EQUALS || k->keysym.sym == SDLK_PLUS || k->keysym.sym == SDLK_KP_PLUS;
    a.kind = STP_ACT_ZOOM; a.factor = in_ ? 1.25 : 0.8;
    a.sx = v->vx + v->vw / 2; a.sy = v->vy + v->vh / 2;
    break;
  }
  case SDLK_LEFT: case SDLK_RIGHT: case SDLK_UP: case SDLK_DOWN: {
    double step = ctrl ? 200 : 60;
    a.kind = STP_ACT_PAN;
    a.dx = k->keysym.sym == SDLK_LEFT ? step : k->keysym.sym == SDLK_RIGHT ? -step : 0;
    a.dy = k->keysym.sym == SDLK_UP ? step : k->keysym.sym == SDLK_DOWN ? -step : 0;
    break;
  }
  default: return 0;
  }
  return emit(out, max, 0, a);
}

int stp_input_translate(stp_input *in, const SDL_Event *e, const stp_view *v, stp_action *out, int max) {
  stp_action a = {0};
  int n = 0;
  switch (e->type) {
  case SDL_QUIT:
    a.kind = STP_ACT_QUIT;
    return emit(out, max, 0, a);
  case SDL_KEYDOWN:
    return on_key(&e->key, v, out, max);
  case SDL_MOUSEBUTTONDOWN:
    if (e->button.which == SDL_TOUCH_MOUSEID) return 0;
    if (e->button.button == SDL_BUTTON_LEFT) {
      a.sx = e->button.x; a.sy = e->button.y;
      if (!stp_view_hit(v, a.sx, a.sy)) { a.kind = STP_ACT_CLICK; return emit(out, max, 0, a); }
      if (e->button.which == STP_XI2_PEN_MOUSEID) return 0;   /* the pen's samples place it */
      in->pressing = true;   /* the impression lands on release, its grain from any drag */
      in->press_x = in->press_last_x = e->button.x;
      in->press_y = in->press_last_y = e->button.y;
      return 0;
    }
    if (e->button.button == SDL_BUTTON_RIGHT || e->button.button == SDL_BUTTON_MIDDLE) {
      in->panning = true;
      in->pan_x = e->button.x; in->pan_y = e->button.y;
    }
    return 0;
  case SDL_MOUSEBUTTONUP:
    if (e->button.which == SDL_TOUCH_MOUSEID) return 0;
    if (e->button.button == SDL_BUTTON_RIGHT || e->button.button == SDL_BUTTON_MIDDLE) in->panning = false;
    if (e->button.button == SDL_BUTTON_LEFT && in->pressing) {
      in->pressing = false;
      a.kind = STP_ACT_PLACE;
      a.sx = in->press_x; a.sy = in->press_y;
      stp_view_to_chart(v, a.sx, a.sy, &a.x_mm, &a.y_mm);
      a.pressure = in->mouse_pressure;
      double dx = e->button.x - in->press_x, dy = e->button.y - in->press_y;
      a.ex = e->button.x; a.ey = e->button.y;
      if (hypot(dx, dy) < MIN_STROKE_PX) {   /* the release may come without a motion event */
        dx = in->press_last_x - in->press_x;
        dy = in->press_last_y - in->press_y;
        a.ex = in->press_last_x; a.ey = in->press_last_y;
      }
      stp_view_to_chart(v, a.ex, a.ey, &a.end_x_mm, &a.end_y_mm);
      a.angle_deg = hypot(dx, dy) >= MIN_STROKE_PX ? atan2(dy, dx) * 180.0 / PI : NAN;
      return emit(out, max, 0, a);
    }
    return 0;
  case SDL_MOUSEMOTION:
    if (e->motion.which == SDL_TOUCH_MOUSEID) return 0;
    if (in->pressing) {
      in->press_last_x = e->motion.x; in->press_last_y = e->motion.y;
      if (in->drag_motion) {   /* the screen draws with the motion (the consultation's stroke) */
        drag_action(&a, v, in->press_x, in->press_y, e->motion.x, e->motion.y);
        n = emit(out, max, n, a);
        a = (stp_action){0};
      }
    }
    if (in->panning) {
      a.kind = STP_ACT_PAN;
      a.dx = e->motion.x - in->pan_x; a.dy = e->motion.y - in->pan_y;
      in->pan_x = e->motion.x; in->pan_y = e->motion.y;
      n = emit(out, max, n, a);
    }
    a = (stp_action){0};
    a.kind = STP_ACT_HOVER;
    a.sx = e->motion.x; a.sy = e->motion.y;
    stp_view_to_chart(v, a.sx, a.sy, &a.x_mm, &a.y_mm);
    return emit(out, max, n, a);
  case SDL_MOUSEWHEEL: {
    if (e->wheel.which == SDL_TOUCH_MOUSEID || e->wheel.y == 0) return 0;
    int mx, my;
    SDL_GetMouseState(&mx, &my);
    if (SDL_GetModState() & KMOD_SHIFT) {
      a.kind = STP_ACT_PRESSURE;
      a.delta = 0.02 * e->wheel.y;
    } else {
      a.kind = STP_ACT_ZOOM;
      a.factor = pow(1.15, e->wheel.y);
      a.sx = mx; a.sy = my;
    }
    return emit(out, max, 0, a);
  }
  case SDL_FINGERDOWN: {
    float pr = e->tfinger.pressure;
    /* A finger without real pressure (SDL's constant 1.0) places at the tool's pressure, as
     * the mouse does: the trainee sets it with the Pressure stepper. */
    bool real = pr > 0 && pr < 0.999f;
    contact c = {e->tfinger.fingerId, e->tfinger.x * (float)in->win_w, e->tfinger.y * (float)in->win_h, pr,
                 e->tfinger.timestamp, real, !real, false, false, 0, 0, false, false};
    return contact_down(in, &c);
  }
  case SDL_FINGERMOTION: {
    contact c = {e->tfinger.fingerId, e->tfinger.x * (float)in->win_w, e->tfinger.y * (float)in->win_h,
                 e->tfinger.pressure, e->tfinger.timestamp, false, false, false, false, 0, 0, false, false};
    return contact_motion(in, &c, v, out, max);
  }
  case SDL_FINGERUP: {
    contact c = {e->tfinger.fingerId, 0, 0, e->tfinger.pressure, e->tfinger.timestamp, false, false, false, false, 0, 0, false, false};
    return contact_up(in, &c, v, out, max);
  }
  default:
    return 0;
  }
}
