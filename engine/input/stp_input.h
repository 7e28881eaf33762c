/* stp_input.h - SDL2 events (mouse, keyboard, pen/touch with pressure) -> actions.
 *
 * Input turns raw events into a few plain actions (place an impression here
 * with this pressure and grain, pan, zoom, undo, ...). It owns no game rules:
 * the app hands each action to the core (stp_game) or the view.
 *
 * Mouse: a left click is one impression at the point pressed, placed when the
 * button is released, with the tool's pressure standing in for a pen; a drag
 * before the release sets its grain to the drag's direction (as a pen's motion
 * does), so following a whorl needs no key between dots. Pen/touch (SDL finger events, which carry
 * pressure): one contact is one impression at the point of contact, placed
 * when the pen lifts, with the highest pressure reached during contact and the
 * direction of motion during contact as its grain. Two fingers pan and pinch.
 * Mouse events that SDL synthesises from touch are ignored (no double dots).
 * On X11 a pen's pressure and tilt come through XInput2 (stp_xi2.h) as pen samples that
 * stp_input_pen feeds into the same contact logic; the mouse events SDL also makes from
 * that pen (marked STP_XI2_PEN_MOUSEID) still click the UI but place nothing; a source with no
 * such twin (the browser's bridge) sets the sample's clicks, and its taps off the scalp are
 * STP_ACT_CLICK as a finger's are. While a pen
 * hovers, its samples give STP_ACT_HOVER with pressure 0. An eraser's contact is an undo.
 * A screen that draws with the motion itself (the consultation's freehand hairline) sets
 * drag_motion: then every motion of a press or contact that began on the scalp (mouse, pen,
 * one finger) is also an STP_ACT_DRAG; the other screens see no change.
 * A finger without real pressure (SDL gives plain touch a constant 1.0; a browser's touch)
 * places at the tool's pressure, as the mouse does.
 * Palm rejection: a contact reporting real pressure is a pen; while a pen is down, other contacts are palms and are
 * ignored. Without a pen, a second finger within STP_INPUT_PINCH_MS of the first
 * starts a pan/pinch gesture; a later one that lands while the first is still
 * down is taken as a resting palm and ignored as well.
 * Depends on: SDL2, core stp_view.h, stp_xi2.h (the pen sample).
 */
#ifndef STP_INPUT_H
#define STP_INPUT_H

#include <SDL2/SDL.h>
#include <stdbool.h>
#include "stp_view.h"
#include "stp_xi2.h"

typedef enum stp_action_kind {
  STP_ACT_NONE = 0,
  STP_ACT_PLACE,          /* x_mm, y_mm, pressure, angle_deg (NAN = tool's angle), from_pen,
                             dwell_ms (pen contact time; 0 for the mouse: not recorded);
                             end_x_mm, end_y_mm (ex, ey px): where the press or contact ended
                             (a drag's end: the consultation moves a point there) */
  STP_ACT_HOVER,          /* x_mm, y_mm: the cursor moved (a hovering pen: pressure 0, its tilt) */
  STP_ACT_DRAG,           /* only while stp_input.drag_motion is set: a press or contact that began on
                             the scalp moved. As PLACE: sx, sy and x_mm, y_mm where it began; ex, ey
                             and end_x_mm, end_y_mm where it is now; from_pen. Its PLACE follows at the
                             release (the consultation draws the hairline as a stroke) */
  STP_ACT_PAN,            /* dx, dy screen pixels */
  STP_ACT_ZOOM,           /* factor about (sx, sy) */
  STP_ACT_FIT,            /* frame the scenario's view again */
  STP_ACT_UNDO,
  STP_ACT_REDO,
  STP_ACT_NEEDLE,         /* step */
  STP_ACT_INK,            /* step */
  STP_ACT_PIGMENT,        /* step */
  STP_ACT_PRESSURE,       /* delta (0..1 scale) */
  STP_ACT_ROTATE,         /* delta degrees */
  STP_ACT_TOGGLE_ZONES,
  STP_ACT_TOGGLE_HAIR,    /* move long hair aside / let it fall back */
  STP_ACT_TOGGLE_LOUPE,   /* a magnifier that follows the cursor */
  STP_ACT_TOGGLE_MARKS,   /* marks where the work's dots are, in views too far to see them */
  STP_ACT_CYCLE_MAP,      /* result screen: the next criterion's map over the scalp */
  STP_ACT_CYCLE_OVERLAY,  /* practice: none -> grain arrows -> density heatmap */
  STP_ACT_FINISH,
  STP_ACT_BACK,           /* Escape: leave the result screen / ask to quit */
  STP_ACT_QUIT,           /* window closed */
  STP_ACT_CLICK,          /* a left click or tap on UI (outside the viewport): sx, sy */
  /* Commands the keys and the on-screen buttons both send (the app's screens answer them). */
  STP_ACT_MENU,           /* M: back to the menu */
  STP_ACT_END_SESSION,    /* S: end this session (asks first) */
  STP_ACT_TIME,           /* H / Shift+H: step the time control by step (+1 later, -1 earlier) */
  STP_ACT_SET_ANGLE,      /* the grain dial: angle_deg, absolute */
  STP_ACT_CONFIRM,        /* Enter: answer yes to the question showing */
  STP_ACT_UI,             /* an app command with no key of its own: step is its id (the app's) */
  STP_ACT_SCROLL          /* dy screen pixels: a finger (or a clicking pen) dragged up or down off the
                             scalp: the list or panel under it follows (its lift then clicks nothing) */
} stp_action_kind;

typedef struct stp_action {
  stp_action_kind kind;
  double x_mm, y_mm;
  double pressure;
  double angle_deg;
  bool from_pen;
  double sx, sy;
  double dx, dy;
  double factor;
  int step;
  double delta;
  double dwell_ms;
  double ex, ey;                  /* PLACE: the screen point where the contact or press ended */
  double end_x_mm, end_y_mm;      /* and its chart point */
  /* A pen's tilt (PLACE at the peak of pressure, HOVER): has_tilt false for the mouse. */
  bool has_tilt;
  double tilt_x_deg, tilt_y_deg;  /* + leans the pen's top right / towards the user */
  double azimuth_deg;             /* where the pen's top leans on screen: 0 right, 90 down */
  double altitude_deg;            /* 90 upright, 0 lying flat */
} stp_action;

#define STP_INPUT_MAX_FINGERS 10

typedef struct stp_finger {
  SDL_FingerID id;
  float x, y, x0, y0;
  float max_pressure;
  Uint32 t0;                   /* timestamp of the contact */
  bool pen;                    /* reports real pressure (not SDL's constant 1.0 for touch) */
  bool palm;                   /* ignored: landed while a pen was down */
  bool no_pressure;            /* a pen without a pressure axis: the tool's pressure */
  bool eraser;                 /* an eraser's contact: an undo, not a dot */
  bool clicks;                 /* a pen sample's contact whose tap off the scalp is a click
                                  (stp_pen_sample.clicks: no mouse twin clicks for it) */
  bool scrolling;              /* dragged off the scalp: it scrolls (STP_ACT_SCROLL), and clicks nothing */
  bool has_tilt;
  float tilt_x, tilt_y;        /* at the peak of pressure */
} stp_finger;

#define STP_INPUT_PINCH_MS 250   /* a second finger within this of the first makes a gesture */

typedef struct stp_input {
  int win_w, win_h;            /* renderer output size, to scale finger coordinates */
  double mouse_pressure;       /* pressure for mouse impressions (the app keeps it in sync) */
  double pressure_gamma;       /* pen pressure curve: depth follows raw^gamma (1 = identity) */
  float scroll_px;             /* a contact off the scalp moved this far up or down scrolls
                                  (STP_ACT_SCROLL) and clicks nothing; 0: never (a screen with
                                  nothing to scroll: its taps may wobble). The app sets it */
  bool drag_motion;            /* motion while a press or contact (begun on the scalp) is down gives
                                  STP_ACT_DRAG too (off: only its PLACE at the end); the app sets it */
  bool tilt_grain;             /* a tilted pen's lean sets the grain when its contact has no
                                  stroke (off: the tool's grain); the app sets it per case */
  bool panning;
  int pan_x, pan_y;
  bool pressing;               /* the left button is down in the viewport: an impression on release */
  int press_x, press_y, press_last_x, press_last_y;
  int finger_count;
  stp_finger fingers[STP_INPUT_MAX_FINGERS];
  bool gesture;                /* two or more fingers since the last all-up: no impression */
  double pinch_dist;
  float pinch_cx, pinch_cy;
} stp_input;

void stp_input_init(stp_input *in, int win_w, int win_h);
/* Forget every contact under way (pen, fingers, a mouse press, a pan), keeping the window,
 * the curve and the mouse's pressure: their ends then make nothing. The app calls it when
 * the screen changes or a question opens or closes, so a contact begun on one never
 * places a dot on the next. */
void stp_input_cancel(stp_input *in);
/* Translate one event into up to max actions written to out. Returns how many. */
int stp_input_translate(stp_input *in, const SDL_Event *e, const stp_view *v, stp_action *out, int max);
/* Translate one pen sample (stp_xi2_drain) into up to max actions: the same contact logic
 * as SDL's finger events (one contact, one impression at its first point with the peak
 * pressure through the curve; palms; pinch), plus tilt, hover and the eraser. */
int stp_input_pen(stp_input *in, const stp_pen_sample *s, const stp_view *v, stp_action *out, int max);
/* The pressure curve for pens: gamma applied to raw 0..1 pressure (1 = identity). */
double stp_input_pressure_curve(double raw, double gamma);
/* Tilt (x, y degrees) -> azimuth (0..360, screen angle of the pen top's lean, 0 = right,
 * 90 = down) and altitude (0..90, 90 = upright), as the W3C Pointer Events Level 3
 * converts tiltX/tiltY. Upright: azimuth 0 (the spec's choice for no lean). */
void stp_input_tilt_angles(double tilt_x_deg, double tilt_y_deg, double *azimuth_deg, double *altitude_deg);
/* The grain a tilted pen gives: the needle travels from the pen's top towards its tip, so
 * the grain points opposite the lean (azimuth + 180), in 0..360. */
double stp_input_tilt_grain(double azimuth_deg);
#define STP_INPUT_TILT_GRAIN_MIN_DEG 10.0   /* a lean below this is upright: no grain from tilt */

#endif
