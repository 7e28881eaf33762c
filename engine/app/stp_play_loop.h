/* stp_play_loop.h - the game loop around the cases (engine/app, app-internal): the trainee's
 * profile in the window, recording attempts, the menu of cases with progress and locks, the
 * result screen's Retry / Next case / Menu and "compare with the expert", the celebration on
 * a pass, restarting a case, and the progress screen. The rules (grades, unlocks, the file)
 * are core's (stp_profile.h); this is what the screens do with them.
 * An exam never has one: every function here does nothing when p->loop is NULL.
 * Depends on: stp_play_internal.h, stp_profile.h, stp_loop_ui.h.
 */
#ifndef STP_PLAY_LOOP_H
#define STP_PLAY_LOOP_H

#include "stp_loop_ui.h"
#include "stp_profile.h"

#define PL_MAX_PROFILES 24

typedef struct pl_loop {
  stp_profile profile;
  bool profile_ok;              /* read (or new): attempts are recorded; false: the file is
                                   broken and never written over */
  char profile_error[600];
  bool gamma_given;             /* --pressure-gamma: this run's curve, written into the profile */
  stp_app_case *cases;          /* the curriculum, loaded when first needed */
  int case_count;               /* -1: not loaded yet */
  bool case_progress[STP_APP_MAX_CASES];   /* a work with impressions is saved (menu) */
  uint64_t opened_ms;           /* host ms the case was opened (minutes spent) */
  /* The menu (stp_screen_menu.c). */
  bool layout_said;             /* the layout line printed (the first menu frame) */
  int hover;
  float scroll, scroll_max;
  bool picker;                  /* the list of profiles is open */
  char names[PL_MAX_PROFILES][STP_PROFILE_NAME_MAX + 1];
  int name_count;
  bool entering;                /* typing a new profile's name */
  char entry[STP_PROFILE_NAME_MAX + 1];
  /* The result screen. */
  uint64_t celebrate_t0;
  bool celebrating;
  stp_work expert;              /* the case's expert work, made once per case */
  char expert_for[STP_PROFILE_ID_LEN];
  bool show_expert;
  /* Restart from the play screen: the question. */
  bool ask_restart;
  /* The progress screen (stp_screen_progress.c). */
  float progress_scroll, progress_max;
} pl_loop;

/* Open the window's loop: read the profile called name (NULL: the default), and with
 * unlock_all write the instructor's switch into it. Not for an exam. */
void pl_loop_open(play *p, const char *name, bool unlock_all);
void pl_loop_close(play *p);
/* Read the profile called name (the menu's switch); says so when it cannot be read. */
void pl_loop_load_profile(play *p, const char *name);
/* The autosave path for a case under the profile (works/<id>.csv for the default profile,
 * works/<stem>/<id>.csv for any other). 0 on success. */
int pl_loop_work_path(const play *p, const char *scenario_id, char *out, size_t size);
/* The curriculum, loaded once (again after pl_loop_forget_cases). */
void pl_loop_cases(play *p);
void pl_loop_forget_cases(play *p);
/* Curriculum case k is open to this trainee. */
bool pl_loop_unlocked(play *p, int k);
/* Open curriculum case k under the profile (its own autosave); a locked case says why. */
void pl_loop_open_case(play *p, int k);
/* A case has just opened (pl_open_scenario): its clock, and a result screen that starts
 * clean (no map, no expert, no celebration). */
void pl_loop_case_opened(play *p);
/* A practice case was finished and scored: record the attempt and save the profile;
 * celebrate a pass. */
void pl_loop_record(play *p);

/* The result screen: the buttons' height, drawing them (Next case, Retry, Compare) at y in
 * the panel, what is laid over the scalp (the expert's dots, the celebration), its keys
 * (N, R, C) and its commands (true: taken). */
float pl_loop_result_buttons_h(const play *p);
void pl_loop_draw_result_buttons(play *p, float x, float y, float w);
void pl_loop_draw_result_overlay(play *p);
bool pl_loop_result_event(play *p, const SDL_Event *e);
bool pl_loop_result_action(play *p, const stp_action *a);

/* The play screen: the question before restarting (its events first: true when taken). */
bool pl_loop_play_event(play *p, const SDL_Event *e);
/* "Restart this case?" is showing. */
bool pl_loop_asking(const play *p);
void pl_loop_draw_restart_question(play *p);
/* Restart asked for (the button): the question opens. */
void pl_loop_ask_restart(play *p);

/* The progress screen. */
void pl_loop_progress_enter(play *p);

#endif
