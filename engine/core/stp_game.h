/* stp_game.h - one trainee session on one scenario: the game's rules.
 *
 * Owns the work being built, the chosen tool (needle, ink, pressure, grain
 * angle), the autosave cadence and the final score. The host (engine/app)
 * passes the time in (now_ms); the core never reads a clock. Input and render
 * only call these functions and read the struct; they own no rules.
 * Depends on: stp_scenario.h, stp_work.h, stp_score.h, stp_pigment.h.
 */
#ifndef STP_GAME_H
#define STP_GAME_H

#include <stdbool.h>
#include <stdint.h>
#include "stp_file.h"
#include "stp_record.h"
#include "stp_score.h"
#include "stp_work.h"

#define STP_AUTOSAVE_INTERVAL_MS 1000

typedef struct stp_tool {
  int needle;            /* index into scn.needles_mm */
  int ink;               /* index into scn.inks */
  int pigment;           /* index into scn.pigments */
  double pressure;       /* 0..1, what the mouse stands in for a pen */
  double angle_deg;      /* grain for mouse impressions (a pen drag sets its own) */
} stp_tool;

typedef struct stp_game {
  stp_scenario scn;
  stp_work work;
  stp_tool tool;
  int session;                 /* 1-based */
  uint64_t session_start_ms;   /* host clock at session start */
  char work_path[1024];        /* autosave target ("" = no autosave) */
  stp_file_lock lock;          /* held on work_path for the game's lifetime (one writer) */
  bool dirty;                  /* changed since the last save */
  uint64_t last_save_ms;
  stp_error save_error;        /* last autosave failure (status STP_OK if none) */
  size_t pressure_col;         /* extra column "pressure" in work */
  bool finished;
  bool assessment;             /* certification: no undo/redo, no live hints, no overlays */
  stp_impression *redo;        /* impressions undone, most recent last */
  double *redo_pressure;
  size_t redo_count, redo_capacity;
  stp_score_result result;
  size_t zone_counts[STP_SCN_MAX_ZONES];  /* impressions in each zone, kept as the work changes */
  size_t zone_on_skin[STP_SCN_MAX_ZONES]; /* of them, on the skin in this session: this session's and the
                                             earlier sessions' that survived healing (stp_heal_lost) */
  stp_record_writer *record;   /* the input record (NULL: none); stp_game_apply writes to it */
  uint64_t clock_base_ms;      /* host clock at the record's time 0 */
  /* The hairline design exercise (stp_design.h): the line the record's design-point events
   * have given so far, waiting for design-done (stp_game_apply). */
  stp_design design_pending;
} stp_game;

/* Whether w can be scn's work, as stp_game_init takes one it reads back: bound to the case's
 * kit (stp_work_check_kit), no row past a timed case's last session, and room for the game's
 * pressure column (added to w here when it has none). name names w in messages. An import
 * checks a file with it before anything is touched. */
stp_status stp_game_check_work(stp_work *w, const stp_scenario *scn, const char *name, stp_error *err);

/* Start a game on a scenario (copied). work_path may be NULL or "" for no autosave.
 * If work_path names an existing work file, it is loaded and play resumes from it; a work
 * that uses tools outside the scenario's kit fails (stp_work_check_kit) and the file is
 * left as it is. The work records each impression's pigment (the pigment column).
 * The work file is locked for the game's lifetime (stp_file_lock_acquire): a second game
 * on the same file, in this process or another, fails with STP_ERR_IO naming the holder. */
stp_status stp_game_init(stp_game *g, const stp_scenario *scn, const char *work_path,
                         uint64_t now_ms, stp_error *err);
void stp_game_free(stp_game *g);

/* The hairline design exercise (scenario key `design`; docs/scenario-api.md, "Hairline
 * design exercise"). A game on a design case whose work has a design (read from its file,
 * or set here) plays on the scenario with the design's zones cut (stp_design_apply, as
 * `stipple score` judges it); a design that misses the area leaves the declared zones, as
 * stp_design_scenario does. */
/* The case wants a design and the work has none yet: the consultation comes first. */
bool stp_game_needs_design(const stp_game *g);
/* Whether the design may be (re)drawn now: a design case, not finished, no impression
 * placed yet (the impressions were placed against the design: it is fixed from the first). */
bool stp_game_can_design(const stp_game *g);
/* Make d (quantised to the file's 0.01 mm) the work's design and cut the scenario's design
 * zones from it. STP_ERR_USAGE when the game cannot take a design now (stp_game_can_design);
 * STP_ERR_RANGE for a design without a line of 2 or more points and both temple points, or
 * one that leaves no area to pigment (nothing changes then). Marks the work to be saved. */
stp_status stp_game_set_design(stp_game *g, const stp_design *d, stp_error *err);

/* Place one impression at chart (x, y) with a pressure 0..1. angle_deg may be NAN to
 * use the tool's angle. Fails with STP_ERR_RANGE (nothing placed) off the chart. */
stp_status stp_game_place(stp_game *g, double x_mm, double y_mm, double pressure,
                          double angle_deg, uint64_t now_ms, stp_error *err);
/* The same with the needle's dwell (ms in the skin; 0 = not recorded, as with a mouse). */
stp_status stp_game_place_dwell(stp_game *g, double x_mm, double y_mm, double pressure, double angle_deg,
                                double dwell_ms, uint64_t now_ms, stp_error *err);
/* Undo the last impression / redo the last undone one. Both refuse (false) in an
 * assessment, after finishing, or with nothing to do. Placing clears the redo list. */
bool stp_game_undo(stp_game *g);
bool stp_game_redo(stp_game *g, stp_error *err);
/* Whether undo / redo would do something now (the same rules; the palette greys its
 * buttons with them). */
bool stp_game_can_undo(const stp_game *g);
bool stp_game_can_redo(const stp_game *g);

/* The impression the current tool would make at (x, y) with this pressure. */
stp_impression stp_game_preview(const stp_game *g, double x_mm, double y_mm, double pressure,
                                 double angle_deg, uint64_t now_ms);

void stp_game_cycle_needle(stp_game *g, int step);
void stp_game_cycle_ink(stp_game *g, int step);
void stp_game_cycle_pigment(stp_game *g, int step);
void stp_game_nudge_pressure(stp_game *g, double delta);
void stp_game_rotate_tool(stp_game *g, double delta_deg);

/* Autosave if dirty and at least STP_AUTOSAVE_INTERVAL_MS since the last save (or force).
 * Returns the save status (STP_OK when nothing needed saving). */
stp_status stp_game_autosave(stp_game *g, uint64_t now_ms, bool force);

/* End the session: the next impressions belong to the next one, whose clock starts now, and
 * the tool takes the first zone's plan for it (ink, pigment, needle) where it has one, as a
 * game starts at the first zone's targets. Refuses (false) after the scenario's last session
 * or once finished. */
bool stp_game_end_session(stp_game *g, uint64_t now_ms);
/* Count zone_on_skin again for g->session (after setting it from elsewhere, e.g. a record). */
void stp_game_recount(stp_game *g);

/* Apply one game event of the input record (stp_record_is_game_event) at host time
 * clock_base_ms + e->t_ms, writing it to g->record first when there is one. Every action
 * of the game's rules goes through here in an exam, so the record holds all of them and
 * stp_game_rebuild makes the same work from it. A refused action (undo in an assessment,
 * a dot off the scalp, anything but the finish once an assessment's time_limit is past)
 * is recorded too and refused again on rebuilding.
 * STP_ERR_IO if the record could not be written (the action is not applied). Notes
 * (pointer samples, view) are written with stp_game_note and change nothing. */
stp_status stp_game_apply(stp_game *g, const stp_record_event *e, stp_error *err);
stp_status stp_game_note(stp_game *g, const stp_record_event *e);

/* Rebuild a work from a record: a fresh game on scn (no autosave, time 0 = the record's),
 * every game event at or before until_ms applied in order (INT64_MAX: all). g is initialised (free it with stp_game_free) even on failure. A finish
 * event marks the game finished without scoring. *applied (may be NULL) counts the events
 * used. */
stp_status stp_game_rebuild(stp_game *g, const stp_scenario *scn, const stp_record *rec, bool assessment,
                            int64_t until_ms, size_t *applied, stp_error *err);

/* Score the work now (fills g->result) and mark the game finished. */
stp_status stp_game_finish(stp_game *g, uint64_t now_ms, stp_error *err);

#endif
