/* stp_play_internal.h - what the files of the game window share (engine/app, app-internal):
 * the game's state (struct play), the screen interface, and the functions one file offers
 * the others (pl_).
 *
 * The window shows one screen at a time. A screen is a file that defines one pl_screen
 * (its events, its actions, its frame) and an entry in enum screen and pl_screen_of; a
 * new screen is a new file.
 *   stp_play.c            the window, the main loop, opening a case, finishing it
 *   stp_play_ui.c         buttons and their hit areas (sized by the display's DPI), labels
 *                         on plates
 *   stp_screen_play.c     play: the scalp and the panel with the tool palette
 *   stp_screen_result.c   result: the score, each criterion, the maps
 *   stp_screen_error.c    a scenario or work that failed to load
 *   stp_screen_menu.c     the curriculum menu: progress, locks, the trainee's profile
 *   stp_screen_progress.c each criterion's history over attempts, case by case
 *   stp_screen_design.c   the consultation of a hairline design case: the trainee draws the
 *                         hairline and the temple points before pigmenting
 *   stp_play_loop.c       the game loop: the profile, recording attempts, Retry / Next case,
 *                         restart, the expert's work, the celebration on a pass
 *   stp_play_record.c     the input record: the game's clock, notes, actions through the core,
 *                         the practice record
 *   stp_play_exam.c       an exam: opening it, the countdown, "Finish the exam?", sealing
 *   stp_play_time.c       time: ending a session, the healing interlude, the time control (H)
 *   stp_play_tutorial.c   the coach of a tutorial case (its steps, over the play screen)
 *
 * Input: stp_input turns every SDL event into actions (stp_action); a key and the button
 * that does the same send the same action, and the screen showing answers it. A click or
 * tap outside the scalp is STP_ACT_CLICK: the main loop looks it up among the buttons the
 * last frame drew (pl_hit_at) and hands the screen that button's action instead.
 * Depends on: every engine layer, SDL2.
 */
#ifndef STP_PLAY_INTERNAL_H
#define STP_PLAY_INTERNAL_H

#include <SDL2/SDL.h>
#include <SDL2/SDL_image.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <dirent.h>
#include <sys/stat.h>

#include "stp_app.h"
#include "stp_chart.h"
#include "stp_draw.h"
#include "stp_exam.h"
#include "stp_file.h"
#include "stp_font.h"
#include "stp_game.h"
#include "stp_heal.h"
#include "stp_input.h"
#include "stp_map.h"
#include "stp_pigment.h"
#include "stp_script.h"
#include "stp_sound.h"
#include "stp_startup.h"
#include "stp_version.h"
#include "stp_window.h"

#define PL_AFTER_INTERLUDE_MS 400   /* taps on the scalp place nothing this long after the days go by */

enum screen { SCREEN_PLAY, SCREEN_RESULT, SCREEN_ERROR, SCREEN_MENU, SCREEN_PROGRESS, SCREEN_PEN, SCREEN_DESIGN,
              SCREEN_COUNT };

struct play;
/* One screen of the window. */
typedef struct pl_screen {
  const char *name;
  /* A raw event before input translates it (NULL: none); true when taken. */
  bool (*event)(struct play *p, const SDL_Event *e);
  /* An action: from a key, the pointer, or a button of the last frame. */
  void (*action)(struct play *p, const stp_action *a, Uint32 stamp);
  /* The whole frame, presented. */
  void (*draw)(struct play *p);
} pl_screen;

extern const pl_screen pl_screen_play, pl_screen_result, pl_screen_error, pl_screen_menu, pl_screen_progress,
    pl_screen_pen, pl_screen_design;
const pl_screen *pl_screen_of(enum screen s);

/* App commands with no key of their own (STP_ACT_UI's step); delta is their argument. */
enum pl_ui_cmd {
  PL_UI_NONE = 0,
  PL_UI_TIME_AT,        /* the time control at position delta */
  PL_UI_SCROLL,         /* scroll the result panel by delta px */
  PL_UI_BRIEF,          /* show the whole brief or fold it */
  PL_UI_RELOAD,         /* the error screen: load the scenario again */
  PL_UI_WORK_ASIDE,     /* the error screen: the work that does not load kept aside, the case afresh */
  PL_UI_OPEN_CASE,      /* the menu: open curriculum case delta */
  PL_UI_PROFILES,       /* the menu: open or close the list of profiles */
  PL_UI_PROFILE_PICK,   /* the menu: switch to profile delta of the list */
  PL_UI_PROFILE_NEW,    /* the menu: type a new profile's name */
  PL_UI_ENTRY_DONE,     /* the new name: create it (delta 1) or cancel (0) */
  PL_UI_PROGRESS,       /* the progress screen */
  PL_UI_NEXT_CASE,      /* the result: the next case of the curriculum */
  PL_UI_RETRY,          /* the result: the case again, afresh (the work kept aside) */
  PL_UI_COMPARE,        /* the result: the expert's work over the trainee's, or not */
  PL_UI_RESTART,        /* the play screen: restart the case (asks first) */
  PL_UI_PEN,            /* the menu: the pen screen */
  PL_UI_SOUND,          /* the play screen: sound on or off (saved in the profile) */
  PL_UI_GAMMA,          /* the pen screen: the curve's gamma by delta (0: back to 1) */
  PL_UI_DESIGN_BACK,    /* the consultation: back from the temple points to the hairline */
  PL_UI_DESIGN_CLEAR,   /* the consultation: start the design over */
  PL_UI_REDESIGN,       /* the play screen: back to the consultation (before the first impression) */
  PL_UI_COUNT
};

#define PL_PEN_TAPS 24
/* A contact on the pen screen's test strip. */
typedef struct pl_pen_tap {
  float x, y;                   /* in the strip, px */
  bool pen;                     /* a pen or finger (else the mouse, at the tool's pressure) */
  double raw, depth;            /* the pressure before the curve, and the depth it gave */
} pl_pen_tap;

#define PL_MAX_HITS 128
/* A button as last drawn: where it is and what it does. */
typedef struct pl_hit {
  SDL_FRect rc;
  stp_action act;
  char name[80];                /* its label, or a name for the UI trace ("Needle +") */
} pl_hit;

/* The panel's text sizes, as shares of p->px: few, since each is an atlas the font bakes. */
#define PL_TEXT 0.9f
#define PL_TEXT_SMALL 0.78f
#define PL_TEXT_KEY 0.72f

/* How a button looks. */
enum pl_btn_style { PL_BTN_PLAIN, PL_BTN_ON, PL_BTN_PRIMARY, PL_BTN_GOOD, PL_BTN_OFF };

/* The consultation's design as it is being drawn (stp_screen_design.c). */
#define PL_STROKE_MAX 2048       /* a stroke's path samples (0.5 mm apart: a metre of travel) */

typedef struct pl_consult {
  stp_design d;                 /* the hairline (d.n points, kept in x order) and the temple points */
  bool temple_set[2];           /* [0] the client's left, [1] the right */
  int seq[STP_DESIGN_MAX_POINTS], temple_seq[2], next_seq;   /* the order they were added (Undo) */
  int stage;                    /* 0: the hairline; 1: the temple points */
  char case_id[64];             /* the case the draft is for */
  /* A freehand stroke under way (stage 0, STP_ACT_DRAG): its path in chart mm from where it
   * began (sx, sy: the press's screen point); grabbed: it began on a point (a move, no stroke). */
  bool stroking, grabbed;
  double stroke_sx, stroke_sy;
  int stroke_n;
  double stroke_x[PL_STROKE_MAX], stroke_y[PL_STROKE_MAX];
  /* The line as it was before the last stroke (its points are seq stroke_seq): Undo puts it back. */
  bool has_prev;
  int prev_n, stroke_seq;
  double prev_x[STP_DESIGN_MAX_POINTS], prev_y[STP_DESIGN_MAX_POINTS];
  int prev_seq[STP_DESIGN_MAX_POINTS];
} pl_consult;

#define MENU_MAX 64

/* One bundled case on the menu (the curriculum is the scenarios folder in file-name order). */
typedef struct menu_entry {
  char path[1024];
  char title[128];
  char line[256];               /* difficulty and sessions, or the load error */
  bool broken;
} menu_entry;

typedef struct play {
  stp_sound *sound;             /* opened after the first frame (never fails: silent without a device) */
  bool mute;                    /* no sound: --mute, the profile's mute, or the Sound button */
  bool mute_flag;               /* --mute was given (the profile's mute cannot undo it) */
  char assets_dir[1024];        /* the bundled assets/ folder ("" when not found) */
  SDL_Texture *icons[32];       /* the palette's icons, loaded on first use (stp_play_ui.c) */
  bool icons_tried[32];
  SDL_Window *win;
  SDL_Renderer *ren;
  const char *renderer_name;    /* "opengl", "software" (stp_window_renderer) */
  stp_font *font;
  char scenario_path[1024];
  char work_path[1024];
  bool work_path_given;
  bool assessment;              /* --assess: an exam (stp_exam): no undo/redo, overlays or live counts */
  char candidate[STP_EXAM_CANDIDATE_LEN];   /* --candidate */
  char bundle_arg[1024];        /* --bundle */
  bool retake;                  /* --retake: the examiner allows a new attempt after a sealed one */
  bool ending;                  /* exam: the time ran out and the finish was tried (once) */
  uint64_t synced_events, synced_ms;   /* the record as last made durable (fdatasync) */
  stp_exam *exam;               /* the exam being taken (NULL in practice) */
  bool confirm;                 /* exam: "Finish the exam?" (or "End session N?") is showing */
  bool confirm_session;         /* the question is "End session N?", not the finish */
  bool sealed;                  /* exam: finished, scored and sealed */
  bool seal_failed;             /* exam: finished but the bundle could not be written */
  int64_t shown_second;         /* exam: the countdown second last drawn */
  stp_record_writer prac_rec;   /* practice: <work>.record.txt, so trainees can replay their work */
  int64_t rec_base;             /* host ms (SDL ticks) at the record's time 0; the game runs on
                                   record time, so a resumed exam keeps its clock (0 in practice) */
  double pressure_gamma;        /* --pressure-gamma: the pen's pressure curve */
  stp_game *game;               /* NULL while the screen is SCREEN_ERROR */
  stp_script *script;           /* the scenario's Lua state: hooks and custom criteria */
  stp_draw *draw;
  stp_view view;
  stp_input input;
  stp_xi2 *xi2;                /* pen pressure and tilt on X11, or a feed (stp_xi2_* take NULL) */
  enum screen screen;
  stp_error error;              /* what SCREEN_ERROR shows */
  bool zones, hair_aside, loupe;
  bool marks;                   /* mark the work's dots where the view is too far to see them (K) */
  /* Input latency on this machine, measured on the trainee's own dots: an impression's
   * event timestamp to the end of presenting the first frame drawn after it. */
  bool lat_pending;
  Uint32 lat_stamp;
  uint16_t lat_ms[64];          /* the last 64, a ring */
  int lat_count;
  uint16_t lat_median, lat_p95; /* of those, worked out as each is added */
  int overlay;                  /* practice: 0 none, 1 grain arrows, 2 live density heatmap */
  bool hover_in;
  double hover_x, hover_y;
  bool hover_tilt;              /* a pen hovers or touches with tilt: its needle is drawn leaning */
  double hover_azimuth, hover_altitude;
  char status[512];
  bool status_bad;
  unsigned char *merged;        /* per impression, on the result screen */
  int map_crit;                 /* result screen: the criterion whose map is shown, or -1 */
  float result_scroll;          /* result screen: how far the panel is scrolled (px) */
  float result_scroll_max;      /* and how far it can be (from the last drawing) */
  stp_score_map_grid map;       /* its cells, for map_view */
  stp_view map_view;
  int map_shown;                /* the criterion the cached cells are for */
  size_t map_count;             /* and the work's size then */
  pl_hit hits[PL_MAX_HITS];     /* the buttons of the last frame drawn */
  int hit_count;
  bool hit_dropped;             /* the last pl_hit_add was clipped away (pl_hit_name_last names nothing) */
  bool ui_trace;                /* STIPPLE_UI_TRACE: print the buttons whenever they change */
  uint64_t ui_traced;           /* a hash of the buttons last printed */
  /* The buttons' key letters (N, I, Z ...) are for a keyboard: once a finger or a pen has
   * touched and no key has been pressed in this run (a tablet), they are not drawn, and
   * their room goes to the labels; the first key press brings them back. */
  bool touch_seen, keys_seen;
  float target;                 /* the smallest pointer target: 9 mm on this display, in px */
  float dpi;                    /* the display's, as SDL reports it (96 when it cannot) */
  float ptr_scale;              /* output pixels per window pixel (2 on a high-DPI screen): the
                                   mouse's window coordinates are scaled by it */
  bool brief_open;              /* the play panel shows the whole brief */
  pl_consult consult;           /* the consultation's draft (SCREEN_DESIGN) */
  bool tut_done[STP_TUT_COUNT]; /* a tutorial's coach steps done (stp_play_tutorial.c) */
  stp_view pen_view;            /* the pen screen's test strip, as the input maps it */
  pl_pen_tap pen_taps[PL_PEN_TAPS];   /* its last contacts, a ring */
  int pen_tap_count;
  bool pen_first;               /* --pen: open on the pen screen */
  /* Time (stp_play_time.c). */
  int time_step;                /* the time control: 0 now .. PL_TIME_STEPS - 1 (5 years) */
  stp_work history;             /* a touch-up's old work (stp_heal_history), drawn beneath */
  size_t history_zone[STP_SCN_MAX_ZONES];   /* its impressions in each zone (the panel's counts) */
  double zone_mean[STP_SCN_MAX_ZONES];      /* each zone's mean target density, /cm2 (what the
                                               scorer judges against: a ramp's mean, not its top) */
  bool interlude;               /* the healing interlude is showing */
  int interlude_session;        /* the session that ended (healing after it) */
  uint64_t interlude_t0;        /* host ms it began */
  double interlude_days;        /* the day shown */
  uint64_t place_quiet_until;   /* host ms: no dot is placed before (just after the interlude) */
  int out_w, out_h;
  float px;                     /* base text size for this window */
  float status_h;               /* the status line at the window's foot */
  /* The game's layout (layout() in stp_play.c, stp_window_game_layout): the scalp view and
   * the panel. Landscape: the panel on the right; portrait: below the scalp, across the
   * width, in two columns (cols). */
  SDL_FRect scene, panel;
  bool portrait;
  int cols;
  bool redraw;
  bool running;
  menu_entry *menu;
  int menu_count, menu_hover;
  float menu_top, menu_row;
  struct timespec scenario_mtime;  /* the scenario file as last loaded, for hot reload */
  off_t scenario_size;
  bool shot_pending;            /* F12: save the next frame as a PNG */
  bool result_write_failed;     /* a result.json could not be written: exit 4 */
  int shot_count;
  struct pl_loop *loop;         /* the trainee's profile and the game loop (stp_play_loop.c);
                                   NULL in an exam */
  /* The loop's own state between passes (pl_step): */
  stp_exam exam_store;          /* what exam points at in an exam */
  int rc;                       /* the exit code so far */
  bool announced, first_drawn;  /* "stipple: ready" printed; the first frame drawn */
  int context;                  /* input_context when the last pass ended */
  bool drop_pens;               /* the context changed: the pen's samples still queued are void */
} play;

#define C_TEXT ((SDL_Color){232, 234, 238, 255})
#define C_DIM ((SDL_Color){160, 168, 180, 255})
#define C_ACCENT ((SDL_Color){255, 196, 61, 255})
#define C_GOOD ((SDL_Color){86, 180, 233, 255})     /* Okabe-Ito sky blue */
#define C_BAD ((SDL_Color){230, 120, 60, 255})      /* Okabe-Ito vermillion, lightened */

/* The status line (and a redraw). */
void pl_set_status(play *p, bool bad, const char *fmt, ...)
#if defined(__GNUC__)
  __attribute__((format(printf, 3, 4)))
#endif
  ;
void pl_present(play *p);
/* An impression from the event stamped `stamp` (SDL ticks) was placed: the next present
 * measures how long it took to show. */
void pl_latency_placed(play *p, Uint32 stamp);
/* "tap → dot 9 ms (median of 24; 95% ≤ 14 ms)", or "" before any. */
const char *pl_latency_text(const play *p, char *buf, size_t n);
void pl_fit_view(play *p);
/* Column col (0 or 1) of the panel, pad in from its edges and pad between the columns:
 * its left x and width. With one column (landscape) both are the whole panel. */
void pl_panel_column(const play *p, int col, float pad, float *x, float *w);
/* Whether (x, y) is over the panel. */
void pl_open_scenario(play *p);
void pl_finish(play *p);
/* Leave the open case: save its work, then drop the game and its practice record. False
 * (and said in the status line) when the work could not be saved: the case stays open. */
bool pl_close_game(play *p);
void pl_fill(SDL_Renderer *r, float x, float y, float w, float h, SDL_Color c);
float pl_text(play *p, float x, float y, float size, SDL_Color c, const char *s);
void pl_draw_button(play *p, SDL_FRect rc, const char *label, SDL_Color bg);
/* A file beside the work: its path without ".csv", then suffix (".result.json", ".record.txt"). */
void pl_beside_work(const char *work, const char *suffix, char *out, size_t size);

/* stp_play_ui.c */
/* The display's DPI and the smallest target (p->target), after a change of window size. */
void pl_ui_measure(play *p);
void pl_hits_clear(play *p);
void pl_hit_add(play *p, SDL_FRect rc, stp_action a);
/* The action of the last frame's button at (x, y), if any. */
bool pl_hit_at(const play *p, float x, float y, stp_action *out);
/* A button with an icon (assets/icons/ICON.png, white, tinted like the label) before its
 * label; where the label does not fit beside it, the icon alone (the label stays its name
 * in the UI trace). icon NULL: as pl_button. */
void pl_button_icon(play *p, SDL_FRect rc, const char *icon, const char *label, const char *key, stp_action a, int style);
/* Free the icons' textures (before the renderer goes). */
void pl_icons_free(play *p);
/* Name the last button recorded (for the UI trace: "Needle +" for a stepper's +). */
void pl_hit_name_last(play *p, const char *name);
/* With STIPPLE_UI_TRACE set, print the frame's buttons when they changed since the last
 * print: "stipple: ui NAME X Y W H" each (pixels), then "stipple: ui end". Tests click
 * where the game says its buttons are, and read their state from the names. */
void pl_ui_trace(play *p);
/* Draw a button (its label and, after it, its key in small) and record it. A PL_BTN_OFF
 * button is drawn greyed and does nothing. */
/* Whether to name keys on screen (the buttons' letters, "(Enter)", "H: later"): not once a
 * finger or a pen has touched with no key pressed in this run (touch_seen, keys_seen). */
bool pl_keys_shown(const play *p);
void pl_button(play *p, SDL_FRect rc, const char *label, const char *key, stp_action a, int style);
/* Text cut to max_w with an ellipsis when it is longer. Returns the width drawn. */
float pl_text_fit(play *p, float x, float y, float size, SDL_Color c, const char *s, float max_w);
/* Text on a dark plate: readable over any skin. Returns the text's width. */
float pl_label(play *p, float x, float y, float size, SDL_Color c, const char *s);

/* stp_screen_design.c: the consultation of a hairline design case */
/* Open the consultation on the open case (its draft kept when it is for this case and
 * keep_draft; else started from the work's design, or empty). */
void pl_design_enter(play *p, bool keep_draft);
/* Frame the consultation's view: the whole forehead (docs/scenario-api.md, "Hairline design
 * exercise"). */
void pl_design_fit(play *p);

/* stp_play.c: each zone's mean target density (the panel's counts) from the game's zones. */
void pl_zone_means(play *p);

/* stp_screen_pen.c: the pressure curve and its test strip */
void pl_pen_enter(play *p);
/* The strip as a view for the input (its contacts become STP_ACT_PLACE there). */
const stp_view *pl_pen_view(play *p);

/* stp_play_tutorial.c: the coach of a tutorial case, over the play screen */
bool pl_tutorial_active(const play *p);
void pl_tutorial_reset(play *p);
/* The trainee did `step` (the action took effect): ticked, and the next step shown. */
void pl_tutorial_did(play *p, stp_tutorial_step step);
/* The coach's card over the scalp and a ring round the button of the step (after the
 * panel is drawn: its buttons are where the ring goes). */
void pl_draw_tutorial(play *p);

/* stp_screen_play.c: what the play and result screens share */
/* Zoom, pan, fit and hover: true when the action was one. */
bool pl_view_action(play *p, const stp_action *a);
/* The scalp with the work at the time control's moment, its labels and maps. */
void pl_draw_scalp_area(play *p, bool result);
/* The line at the window's foot: scale, cursor position, status or autosave failure. */
void pl_draw_status(play *p);
/* A criterion's map over the scalp (the result's V, the live density overlay). */
void pl_draw_map(play *p, int crit);

/* stp_play_record.c */
uint64_t pl_to_game_ms(const play *p, uint64_t host_ms);
uint64_t pl_game_now(const play *p);
void pl_record_failed(play *p);
void pl_note(play *p, stp_record_event e);
void pl_note_view(play *p);
void pl_note_show(play *p, int which, bool on);
void pl_note_pointer(play *p, const SDL_Event *e);
stp_status pl_act(play *p, stp_record_event e, stp_error *err);
void pl_attach_practice_record(play *p);

/* stp_play_exam.c */
void pl_open_exam(play *p);
int64_t pl_exam_left_ms(const play *p);
bool pl_seal_exam(play *p);
void pl_ask_finish(play *p);
void pl_draw_confirm(play *p);
/* Where the question's box and its Finish and Back buttons are, from the window's layout
 * (so a click is answered even before the question's first frame is drawn). */
void pl_confirm_layout(const play *p, SDL_FRect *box, SDL_FRect *finish, SDL_FRect *back);

/* stp_play_time.c */
#define PL_TIME_STEPS 7
/* The moment the scalp is shown at: the interlude's day, else the time control's step
 * after the current session. */
stp_draw_moment pl_time_moment(const play *p);
/* "now", "day 3 after this session", ... */
const char *pl_time_label(const play *p, char *buf, size_t n);
void pl_time_step(play *p, int step);
void pl_time_reset(play *p);
/* The time control's label and buttons in the panel at y; returns y below them. */
float pl_draw_time_controls(play *p, float x, float y, float w);
/* The position of the time control now (0 = now). */
void pl_time_at(play *p, int pos);
/* S or the button: at once in practice, an exam asks first; pl_end_session does it. */
void pl_ask_end_session(play *p);
void pl_end_session(play *p);
bool pl_can_end_session(const play *p);
/* The interlude: any key or click skips it; each pass of the loop moves it on. */
void pl_interlude_event(play *p, const SDL_Event *e);
void pl_interlude_tick(play *p);
void pl_draw_interlude(play *p);
/* Load the scenario's old work (a touch-up) into p->history. */
void pl_load_history(play *p);

/* stp_screen_menu.c */
void pl_menu_enter(play *p);

/* stp_play_loop.c: the game loop around the cases (profiles, attempts, retry, next, the
 * expert's work, the celebration, restart); stp_screen_progress.c: the progress screen. */
#include "stp_play_loop.h"

#endif
