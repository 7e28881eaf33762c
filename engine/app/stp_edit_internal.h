/* stp_edit_internal.h - what the editor's files share (stp_edit.c: the model, events and the
 * loop; stp_edit_draw.c: the frame and the panel's buttons). App-internal.
 */
#ifndef STP_EDIT_INTERNAL_H
#define STP_EDIT_INTERNAL_H

#include <SDL2/SDL.h>
#include <stdbool.h>
#include <stdint.h>

#include "stp_check.h"
#include "stp_draw.h"
#include "stp_font.h"
#include "stp_scenario.h"
#include "stp_script_edit.h"
#include "stp_view.h"
#include "stp_work.h"

typedef enum ed_action {
  EA_NONE = 0,
  EA_SAVE, EA_PREVIEW, EA_HEALED, EA_NEW, EA_UNION, EA_MINUS, EA_REMOVE, EA_RELOAD,
  EA_ZONE,          /* arg: the zone's index */
  EA_ZONE_STEP,     /* arg: field * 2 + (1: up) */
  EA_RUBRIC_STEP,   /* arg: criterion * 2 + (1: up); STP_CRIT_COUNT: the pass mark */
  EA_HANDLE_LM,     /* arg: the landmark (a handle on the scalp) */
  EA_HANDLE_PT      /* arg: the selected zone's point */
} ed_action;

/* The zone targets the panel steps (ED_F_*). */
enum { ED_F_DENSITY = 0, ED_F_TOLERANCE, ED_F_ANGLE, ED_F_INK, ED_F_DEPTH, ED_F_COUNT };

#define ED_MAX_HITS 160
typedef struct ed_hit {
  SDL_FRect rc;
  ed_action action;
  int arg;
  char name[48];               /* for STIPPLE_UI_TRACE */
} ed_hit;

typedef enum ed_drag { ED_DRAG_NONE = 0, ED_DRAG_LM, ED_DRAG_PT, ED_DRAG_PAN } ed_drag;

typedef struct edit {
  char path[1024];
  char *src;                   /* the file as it is on disk (read, or as last saved) */
  size_t src_len;
  char *text;                  /* the file as the editor would save it now */
  size_t text_len;
  stp_edit_block blk;          /* the overrides now */
  stp_scenario *scn;           /* what the text gives (the last text that loaded) */
  stp_scenario *drawn;         /* the scenario the stp_draw was made for */
  char load_error[900];        /* "" when the text loads */
  stp_check_report check;
  bool dirty;
  char status[1200];
  /* the window */
  SDL_Window *win;
  SDL_Renderer *ren;
  stp_font *font;
  stp_draw *draw;
  stp_view view;
  int out_w, out_h;
  float px, panel_w, foot_h;
  /* what is shown */
  bool preview, healed;
  stp_work work;               /* the preview's expert work at the targets */
  bool work_ok, work_stale;
  char sel[STP_SCN_ID_LEN], sel2[STP_SCN_ID_LEN];   /* the selected zone, and the second (Shift) */
  /* the pointer */
  ed_drag drag;
  int drag_arg;
  double drag_x, drag_y;       /* chart mm (a landmark's live place) */
  double grab_dx, grab_dy;     /* the handle's place less the pointer's at the press (mm) */
  int pan_x, pan_y;
  bool drawing;                /* a new outline: clicks add points */
  int draft_n;
  stp_point draft[STP_SHAPE_MAX_POINTS];
  /* the frame */
  ed_hit hits[ED_MAX_HITS];
  int hit_count;
  bool ui_trace;
  uint64_t ui_traced;
  bool redraw, running, shot_pending, rebuild_pending;
  int shot_count;
  bool quit_armed;
} edit;

/* The selected zone's index in e->scn, or -1 (sel2: the second). */
int ed_zone_index(const edit *e, const char *id);
/* The selected zone's points as handles: its polygon's points, or its outline sampled
 * (a circle, an ellipse, a rectangle become polygons when a point is first dragged). */
int ed_zone_points(const edit *e, int z, stp_point *out, int max);
/* Draw the frame (the scalp, the handles, the panel, the foot) and fill e->hits. */
void ed_draw_frame(edit *e);
/* The hit (button or handle) at a window point, or NULL; handles only outside preview. */
const ed_hit *ed_hit_at(const edit *e, float x, float y);
/* The stepped value of field f of zone z, as shown. */
double ed_zone_value(const stp_scenario *s, int z, int f);

#endif
