/* stp_play_loop.c - the game loop around the cases: profile, attempts, the menu with
 * progress, the result screen's Retry / Next / Menu, the expert's work, the celebration,
 * restarting a case and the progress screen (stp_play_loop.h). */
#define _POSIX_C_SOURCE 200809L
#include "stp_play_internal.h"

#include <time.h>

#include "stp_gen.h"
#include "stp_kit.h"
#include "stp_play_loop.h"

#define C_PANEL ((SDL_Color){38, 42, 51, 255})
#define C_CARD ((SDL_Color){40, 45, 55, 255})
#define C_CARD_HOVER ((SDL_Color){52, 59, 73, 255})
#define C_CARD_LOCKED ((SDL_Color){32, 35, 42, 255})
#define C_BUTTON ((SDL_Color){200, 205, 215, 255})
#define C_BUTTON_OFF ((SDL_Color){92, 98, 110, 255})
#define C_EXPERT ((SDL_Color){0, 229, 255, 235})

/* ---- the profile ----------------------------------------------------------------------- */

void pl_loop_load_profile(play *p, const char *name) {
  pl_loop *L = p->loop;
  stp_profile_free(&L->profile);
  stp_error err;
  stp_error_clear(&err);
  L->profile_error[0] = '\0';
  if (stp_app_profile_open(name, &L->profile, &err) == STP_OK) {
    L->profile_ok = true;
    /* The trainee's pressure curve, unless --pressure-gamma set one for this run (then it
     * was written into the profile: pl_loop_open). */
    if (!L->gamma_given) {
      p->pressure_gamma = L->profile.pressure.gamma;
      p->input.pressure_gamma = L->profile.pressure.gamma;
    }
    /* The trainee's sound setting (the Sound button), unless --mute silenced this run. */
    p->mute = p->mute_flag || L->profile.mute;
    if (p->sound) stp_sound_mute(p->sound, p->mute);
  } else {
    char buf[1200];
    snprintf(L->profile_error, sizeof L->profile_error, "%s", stp_error_format(&err, buf, sizeof buf));
    fprintf(stderr, "stipple: profile %s: %s (progress is not recorded until it is fixed)\n", name, L->profile_error);
    L->profile_ok = false;
    stp_profile_init(&L->profile, stp_profile_name_valid(name) ? name : STP_PROFILE_DEFAULT, NULL);
  }
}

void pl_loop_open(play *p, const char *name, bool unlock_all) {
  pl_loop *L = calloc(1, sizeof *L);
  if (!L) return;
  p->loop = L;
  L->case_count = -1;
  stp_work_init(&L->expert);
  L->gamma_given = p->pressure_gamma > 0;
  double gamma = p->pressure_gamma;
  pl_loop_load_profile(p, name ? name : STP_PROFILE_DEFAULT);
  bool save = false;
  if (unlock_all && L->profile_ok && !L->profile.unlock_all) {
    L->profile.unlock_all = true;
    save = true;
    printf("stipple: every case unlocked for %s\n", L->profile.name);
  }
  if (L->gamma_given && L->profile_ok && L->profile.pressure.gamma != gamma) {
    L->profile.pressure.gamma = gamma;   /* --pressure-gamma: the trainee's curve from now on */
    save = true;
  }
  stp_error err;
  if (save && stp_app_profile_save(&L->profile, &err) != STP_OK) stp_app_report(&err);
  printf("stipple: profile %s\n", L->profile.name);
  fflush(stdout);
}

void pl_loop_close(play *p) {
  pl_loop *L = p->loop;
  if (!L) return;
  stp_profile_free(&L->profile);
  free(L->cases);
  stp_work_free(&L->expert);
  free(L);
  p->loop = NULL;
}

int pl_loop_work_path(const play *p, const char *scenario_id, char *out, size_t size) {
  const char *name = p->loop ? p->loop->profile.name : STP_PROFILE_DEFAULT;
  return stp_app_profile_work_path(name, scenario_id, out, size);
}

void pl_loop_forget_cases(play *p) {
  if (p->loop) p->loop->case_count = -1;
}

void pl_loop_cases(play *p) {
  pl_loop *L = p->loop;
  if (L->case_count >= 0) return;
  free(L->cases);
  L->cases = NULL;
  L->case_count = stp_app_curriculum(&L->cases);
  if (L->case_count < 0) L->case_count = 0;
}

bool pl_loop_unlocked(play *p, int k) {
  pl_loop *L = p->loop;
  const char *case_ids[STP_APP_MAX_CASES];
  for (int i = 0; i < L->case_count; i++) case_ids[i] = L->cases[i].id;
  return k >= 0 && k < L->case_count && !L->cases[k].broken &&
         stp_profile_unlocked(&L->profile, case_ids, L->case_count, k);
}

/* The open case's place in the curriculum (by its id), or -1. */
static int current_index(play *p) {
  pl_loop *L = p->loop;
  if (!p->game) return -1;
  pl_loop_cases(p);
  for (int k = 0; k < L->case_count; k++)
    if (!L->cases[k].broken && strcmp(L->cases[k].id, p->game->scn.id) == 0) return k;
  return -1;
}

void pl_loop_case_opened(play *p) {
  p->map_crit = -1;          /* a map chosen with V belongs to the case it was chosen on */
  p->result_scroll = 0;
  pl_loop *L = p->loop;
  if (!L) return;
  L->opened_ms = SDL_GetTicks64();
  L->celebrating = false;
  L->show_expert = false;
  L->ask_restart = false;
  if (p->game) {   /* tests and scripts wait for this line (stipple: ready is said once) */
    printf("stipple: opened: %s (%zu impressions) for %s\n", p->game->scn.id, p->game->work.count, L->profile.name);
    fflush(stdout);
  }
  if (p->game && strcmp(L->expert_for, p->game->scn.id) != 0) {
    stp_work_free(&L->expert);
    stp_work_init(&L->expert);
    L->expert_for[0] = '\0';
  }
}

void pl_loop_record(play *p) {
  pl_loop *L = p->loop;
  stp_game *g = p->game;
  if (!L || p->exam || !g || g->assessment) return;
  const stp_score_result *r = &g->result;
  uint64_t now = SDL_GetTicks64();
  if (r->passed) {
    L->celebrating = true;
    L->celebrate_t0 = now;
  }
  if (!L->profile_ok) {
    pl_set_status(p, true, "Not recorded: the profile could not be read (%s).", L->profile_error);
    return;
  }
  double minutes = (double)(now - L->opened_ms) / 60000.0;
  if (minutes > 100000) minutes = 100000;
  stp_profile_entry e = stp_app_profile_entry(r, (int64_t)time(NULL), minutes);
  stp_error err;
  stp_error_clear(&err);
  stp_status st = stp_profile_record(&L->profile, g->scn.id, &e, &err);
  if (st == STP_OK) st = stp_app_profile_save(&L->profile, &err);
  if (st != STP_OK) {
    char buf[1200];
    pl_set_status(p, true, "Progress NOT saved: %s", stp_error_format(&err, buf, sizeof buf));
    fprintf(stderr, "stipple: %s\n", buf);
    return;
  }
  const stp_profile_case *c = stp_profile_find(&L->profile, g->scn.id);
  printf("stipple: attempt recorded: %s %.2f %s grade %s (profile %s, attempt %zu, best %.2f)\n", g->scn.id, r->score,
         r->passed ? "passed" : "not-passed", stp_grade_text(stp_profile_grade(r->score, r->passed)), L->profile.name,
         c ? c->attempt_count : 0, c ? c->best_score : 0);
  fflush(stdout);
  L->opened_ms = now;   /* the next attempt's time starts here */
}

/* ---- shared drawing and input ------------------------------------------------------------ */

/* A press of the left button or a finger, in window pixels. */
static bool press_at(const play *p, const SDL_Event *e, SDL_FPoint *pt) {
  if (e->type == SDL_MOUSEBUTTONDOWN && e->button.button == SDL_BUTTON_LEFT && e->button.which != SDL_TOUCH_MOUSEID) {
    *pt = (SDL_FPoint){(float)e->button.x, (float)e->button.y};
    return true;
  }
  if (e->type == SDL_FINGERDOWN) {
    *pt = (SDL_FPoint){e->tfinger.x * (float)p->out_w, e->tfinger.y * (float)p->out_h};
    return true;
  }
  return false;
}

static bool in_rect(SDL_FPoint pt, SDL_FRect rc) { return rc.w > 0 && SDL_PointInFRect(&pt, &rc); }

/* Open curriculum case k under the profile (its own autosave). */
void pl_loop_open_case(play *p, int k) {
  pl_loop *L = p->loop;
  pl_loop_cases(p);
  if (k < 0 || k >= L->case_count) return;
  if (!pl_loop_unlocked(p, k)) {
    if (L->cases[k].broken) pl_set_status(p, true, "Case %d does not load: %s", k + 1, L->cases[k].error);
    else pl_set_status(p, true, "Case %d is locked: pass case %d (%s) first.", k + 1, k, L->cases[k - 1].title);
    return;
  }
  if (!pl_close_game(p)) return;   /* from the result screen: leave this case first (saved) */
  /* Say so at once: building the skin takes a moment. */
  pl_fill(p->ren, 0, (float)p->out_h - p->status_h, (float)p->out_w, p->status_h, (SDL_Color){20, 22, 27, 255});
  char buf[300];
  snprintf(buf, sizeof buf, "Opening %s…", L->cases[k].title);
  pl_text(p, p->px * 0.6f, (float)p->out_h - p->status_h + (p->status_h - p->px * 1.2f) / 2, p->px * 0.9f, C_ACCENT, buf);
  pl_present(p);
  snprintf(p->scenario_path, sizeof p->scenario_path, "%s", L->cases[k].path);
  p->work_path_given = false;   /* each case keeps its own autosave */
  p->work_path[0] = '\0';
  pl_open_scenario(p);
  /* Keys or clicks made while the case was loading must not act in it. */
  SDL_FlushEvents(SDL_KEYDOWN, SDL_TEXTINPUT);
  SDL_FlushEvents(SDL_MOUSEBUTTONDOWN, SDL_MOUSEBUTTONUP);
  SDL_FlushEvents(SDL_FINGERDOWN, SDL_FINGERMOTION);
}

/* ---- the result screen ------------------------------------------------------------------- */

static bool result_buttons_shown(const play *p) { return p->loop && !p->exam && p->game && !p->game->assessment; }

float pl_loop_result_buttons_h(const play *p) {
  if (!result_buttons_shown(p)) return 0;
  return 2 * (p->target + p->px * 0.25f);
}

/* The next case and why it cannot be opened ("" when it can). */
static int next_case(play *p, const char **why) {
  int k = current_index(p);
  *why = "";
  if (k < 0) { *why = "Next case: not in the curriculum"; return -1; }
  if (k + 1 >= p->loop->case_count) { *why = "The last case: well done"; return -1; }
  if (!pl_loop_unlocked(p, k + 1)) { *why = "Next case: pass this one first"; return -1; }
  return k + 1;
}

void pl_loop_draw_result_buttons(play *p, float x, float y, float w) {
  pl_loop *L = p->loop;
  if (!result_buttons_shown(p)) return;
  float bh = p->target, gap = p->px * 0.25f, half = (w - gap) / 2;
  const char *why;
  int next = next_case(p, &why);
  pl_button_icon(p, (SDL_FRect){x, y, w, bh}, next >= 0 ? "next" : NULL, next >= 0 ? "Next case" : why, next >= 0 ? "N" : "",
            (stp_action){.kind = STP_ACT_UI, .step = PL_UI_NEXT_CASE}, next >= 0 ? PL_BTN_PRIMARY : PL_BTN_OFF);
  y += bh + gap;
  pl_button_icon(p, (SDL_FRect){x, y, half, bh}, "retry", "Retry", "R", (stp_action){.kind = STP_ACT_UI, .step = PL_UI_RETRY},
            PL_BTN_GOOD);
  pl_button(p, (SDL_FRect){x + half + gap, y, half, bh}, L->show_expert ? "Hide expert" : "Compare expert", "C",
            (stp_action){.kind = STP_ACT_UI, .step = PL_UI_COMPARE}, L->show_expert ? PL_BTN_ON : PL_BTN_PLAIN);
}

/* The expert's work for this case, made once (stp_gen: what the tests call an expert). */
static bool make_expert(play *p) {
  pl_loop *L = p->loop;
  const stp_scenario *scn = &p->game->scn;
  if (L->expert_for[0] && strcmp(L->expert_for, scn->id) == 0) return true;
  stp_work_free(&L->expert);
  stp_work_init(&L->expert);
  stp_error err;
  stp_error_clear(&err);
  uint64_t seed = scn->seed ? scn->seed : 1;
  stp_status st;
  if (stp_scenario_timed(scn)) {
    stp_gen_time_opts o = stp_gen_time_expert_opts();
    st = stp_gen_sessions(scn, seed, &o, &L->expert, &err);
  } else {
    st = stp_gen_expert(scn, seed, &L->expert, &err);
  }
  if (st != STP_OK) {
    pl_set_status(p, true, "No expert's work for this case: %s", err.msg);
    return false;
  }
  snprintf(L->expert_for, sizeof L->expert_for, "%s", scn->id);
  return true;
}

static void toggle_expert(play *p) {
  pl_loop *L = p->loop;
  if (!L->show_expert && !make_expert(p)) return;
  L->show_expert = !L->show_expert;
  if (L->show_expert)
    pl_set_status(p, false, "The expert's %zu impressions in cyan over yours (C hides them).", L->expert.count);
  else
    pl_set_status(p, false, "The expert's work hidden.");
}

static void retry(play *p);

static void go_next(play *p) {
  const char *why;
  int k = next_case(p, &why);
  if (k >= 0) pl_loop_open_case(p, k);
  else pl_set_status(p, false, "%s.", why);
}

bool pl_loop_result_action(play *p, const stp_action *a) {
  if (!result_buttons_shown(p) || a->kind != STP_ACT_UI) return false;
  switch (a->step) {
  case PL_UI_NEXT_CASE: go_next(p); return true;
  case PL_UI_RETRY: retry(p); return true;
  case PL_UI_COMPARE: toggle_expert(p); return true;
  default: return false;
  }
}

/* N, R and C on the result screen (in play they are the needle, nothing, nothing). */
bool pl_loop_result_event(play *p, const SDL_Event *e) {
  if (!result_buttons_shown(p) || e->type != SDL_KEYDOWN || (e->key.keysym.mod & (KMOD_CTRL | KMOD_ALT | KMOD_GUI)))
    return false;
  switch (e->key.keysym.sym) {
  case SDLK_n: go_next(p); return true;
  case SDLK_r: retry(p); return true;
  case SDLK_c: toggle_expert(p); return true;
  default: return false;
  }
}

void pl_loop_draw_result_overlay(play *p) {
  pl_loop *L = p->loop;
  if (!L || !p->game) return;
  const stp_view *v = &p->view;
  if (L->show_expert && L->expert.count) {
    /* A cyan disc on a dark rim at each of the expert's impressions, at least 5 px across,
     * so they read over the skin and beside the trainee's dark dots. */
    float r = (float)fmax(2.5, fmin(8.0, L->expert.items[0].needle_mm * v->scale * 0.6));
    for (size_t i = 0; i < L->expert.count; i++) {
      const stp_impression *imp = &L->expert.items[i];
      double sx, sy;
      stp_view_to_screen(v, imp->x_mm, imp->y_mm, &sx, &sy);
      if (!stp_view_hit(v, sx, sy)) continue;
      stp_ui_disc(p->ren, (float)sx, (float)sy, r + 1.0f, (SDL_Color){10, 30, 40, 200});
      stp_ui_disc(p->ren, (float)sx, (float)sy, r, C_EXPERT);
    }
    pl_label(p, (float)v->vx + p->px * 0.6f, (float)v->vy + p->px * 0.5f, p->px, C_EXPERT,
             "Cyan: the expert's work (C hides it)");
  }
  if (L->celebrating) {
    float t = (float)(SDL_GetTicks64() - L->celebrate_t0);
    if (t >= STP_UI_CELEBRATE_MS) {
      L->celebrating = false;   /* this frame is drawn without it */
    } else {
      float cx = (float)(v->vx + v->vw / 2), cy = (float)(v->vy + v->vh / 2);
      float radius = (float)fmin(v->vw, v->vh) * 0.32f;
      stp_ui_celebrate(p->ren, cx, cy, radius, t, C_ACCENT);
      const stp_score_result *r = &p->game->result;
      char buf[64];
      stp_grade g = stp_profile_grade(r->score, r->passed);
      snprintf(buf, sizeof buf, "Passed · grade %s", stp_grade_text(g));
      float size = p->px * 2.4f, w = stp_font_measure(p->font, size, buf);
      pl_fill(p->ren, cx - w / 2 - p->px, cy - size * 0.8f, w + 2 * p->px, size * 1.6f, (SDL_Color){20, 22, 27, 200});
      pl_text(p, cx - w / 2, cy - size * 0.6f, size, C_ACCENT, buf);
      p->redraw = true;   /* the next frame moves it on */
    }
  }
}

/* The case opened again from its work file as it is now, the game in memory dropped unsaved
 * (saving it would put the old work back): its record closed, a new one begun by the open. */
static void reopen_from_file(play *p) {
  stp_record_writer_close(&p->prac_rec);
  p->rec_base = 0;
  stp_game_free(p->game);
  free(p->game);
  p->game = NULL;
  pl_open_scenario(p);
}

/* ---- restarting a case ------------------------------------------------------------------------- */

/* The work moved aside as --new does (never over an earlier backup), then the case opened
 * again, empty. Its record goes aside too (an empty work starts a record of its own). */
static void retry(play *p) {
  stp_game *g = p->game;
  if (!g || p->exam || g->assessment) return;
  if (!p->work_path[0]) {
    pl_set_status(p, true, "Not restarted: autosave is off, so there is no work file to keep aside.");
    return;
  }
  if (stp_game_autosave(g, pl_game_now(p), true) != STP_OK) {
    char buf[1200];
    pl_set_status(p, true, "Not restarted: the work could not be saved first (%s)",
                  stp_error_format(&g->save_error, buf, sizeof buf));
    return;
  }
  char prev[1200];
  stp_error err;
  stp_error_clear(&err);
  /* The game holds the work's lock: no other Stipple can be on it while it moves. */
  if (stp_file_move_aside(p->work_path, ".csv", prev, sizeof prev, &err) != STP_OK) {
    char buf[1200];
    pl_set_status(p, true, "Not restarted: %s", stp_error_format(&err, buf, sizeof buf));
    return;
  }
  reopen_from_file(p);
  if (p->screen == SCREEN_PLAY || p->screen == SCREEN_DESIGN) {
    char shown[1200];
    pl_set_status(p, false, "Started afresh; the previous work is kept as %s",
                  prev[0] ? stp_app_shown_path(prev, shown, sizeof shown) : "(there was none)");
    printf("stipple: restarted %s; the previous work is kept as %s\n", p->game->scn.id, prev[0] ? prev : "(none)");
    fflush(stdout);
  }
}

/* ---- the play screen's extras ----------------------------------------------------------------- */

/* The question's box and its buttons, over the scalp's middle. */
static void ask_layout(const play *p, SDL_FRect *box, SDL_FRect *yes, SDL_FRect *no) {
  float w = fminf((float)p->view.vw - 2 * p->px, p->px * 30), h = p->px * 6.2f + p->target;
  *box = (SDL_FRect){(float)p->view.vx + ((float)p->view.vw - w) / 2, (float)p->view.vy + ((float)p->view.vh - h) / 2, w, h};
  float bw = (w - 3 * p->px) / 2, by = box->y + h - p->px - p->target;
  *yes = (SDL_FRect){box->x + p->px, by, bw, p->target};
  *no = (SDL_FRect){box->x + 2 * p->px + bw, by, bw, p->target};
}

void pl_loop_ask_restart(play *p) {
  if (!p->loop || p->exam || !p->game || p->game->assessment) return;
  p->loop->ask_restart = true;
  p->redraw = true;
}

void pl_loop_draw_restart_question(play *p) {
  if (!p->loop || !p->loop->ask_restart) return;
  SDL_FRect box, yes, no;
  ask_layout(p, &box, &yes, &no);
  pl_fill(p->ren, box.x, box.y, box.w, box.h, (SDL_Color){20, 22, 27, 240});
  pl_text(p, box.x + p->px, box.y + p->px * 0.6f, p->px * 1.3f, C_TEXT, "Restart this case?");
  stp_font_draw_wrapped(p->font, p->ren, box.x + p->px, box.y + p->px * 2.4f, p->px * 0.9f, box.w - 2 * p->px, C_DIM,
                        "Your work so far is kept aside as a backup beside it (.prev.csv), and the case begins empty.");
  pl_button(p, yes, "Restart", "Enter", (stp_action){.kind = STP_ACT_NONE}, PL_BTN_PRIMARY);
  pl_button(p, no, "Back", "Esc", (stp_action){.kind = STP_ACT_NONE}, PL_BTN_PLAIN);
}

bool pl_loop_asking(const play *p) { return p->loop && p->loop->ask_restart; }

bool pl_loop_play_event(play *p, const SDL_Event *e) {
  pl_loop *L = p->loop;
  if (!L || !L->ask_restart) return false;
  if (p->exam || !p->game || p->game->assessment || p->screen != SCREEN_PLAY) { L->ask_restart = false; return false; }
  SDL_FRect box, yes_rc, no_rc;
  ask_layout(p, &box, &yes_rc, &no_rc);
  SDL_FPoint pt;
  bool yes = false, no = false;
  if (press_at(p, e, &pt)) {
    yes = in_rect(pt, yes_rc);
    no = in_rect(pt, no_rc);
  } else if (e->type == SDL_KEYDOWN) {
    yes = e->key.keysym.sym == SDLK_RETURN || e->key.keysym.sym == SDLK_KP_ENTER;
    no = e->key.keysym.sym == SDLK_ESCAPE;
  } else if (e->type == SDL_QUIT) {
    return false;
  }
  if (yes) { L->ask_restart = false; retry(p); }
  if (no) { L->ask_restart = false; pl_set_status(p, false, "Back to the work."); }
  p->redraw = true;
  return true;   /* nothing reaches the work while it asks */
}

/* ---- the progress screen's entry (its file: stp_screen_progress.c) ------------------------- */

void pl_loop_progress_enter(play *p) {
  pl_loop *L = p->loop;
  if (!L) return;
  pl_loop_cases(p);
  L->picker = L->entering = false;
  L->progress_scroll = 0;
  p->screen = SCREEN_PROGRESS;
  p->redraw = true;
}

/* ---- for a host that drives the game (the browser page: stp_app.h) ------------------------- */

/* The curriculum's case called id (its file's name without .lua, or its scenario id), or -1. */
static int case_by_id(play *p, const char *id) {
  pl_loop *L = p->loop;
  pl_loop_cases(p);
  for (int k = 0; k < L->case_count; k++) {
    const char *slash = strrchr(L->cases[k].path, '/');
    const char *base = slash ? slash + 1 : L->cases[k].path;
    size_t n = strlen(base);
    if (n > 4 && strcmp(base + n - 4, ".lua") == 0) n -= 4;
    if ((strlen(id) == n && strncmp(base, id, n) == 0) || (!L->cases[k].broken && strcmp(L->cases[k].id, id) == 0))
      return k;
  }
  return -1;
}

int stp_play_open_case(play *p, const char *id, char *msg, size_t size) {
  if (msg && size) msg[0] = '\0';
  if (!p || !p->loop || p->exam) {
    if (msg) snprintf(msg, size, "no case can be opened here (an exam)");
    return 2;
  }
  int k = id && id[0] ? case_by_id(p, id) : -1;
  if (k < 0) {
    if (msg) snprintf(msg, size, "no bundled case is called '%s'", id ? id : "");
    return 1;
  }
  p->status[0] = '\0';
  pl_loop_open_case(p, k);
  /* What was under way belongs to the screen before. */
  stp_input_cancel(&p->input);
  p->drop_pens = true;
  p->redraw = true;
  bool opened = p->game && (p->screen == SCREEN_PLAY || p->screen == SCREEN_DESIGN) && strcmp(p->game->scn.id, p->loop->cases[k].id) == 0;
  if (msg) snprintf(msg, size, "%s", opened ? p->loop->cases[k].id : p->status[0] ? p->status : "the case did not open");
  return opened ? 0 : 2;
}

/* What an import checks before it touches anything: a practice case open with a work file, the
 * size, and the core's own checks: the parser, then what stp_game_init checks when it reads a
 * work back (stp_game_check_work: the kit, a timed case's sessions, room for its columns). 0 with *w the parsed work
 * (the caller frees it), 1 bad input, 2 not now; msg says why. */
static int import_check(play *p, const char *text, size_t len, const char *name, stp_work *w, char *msg, size_t size) {
  char buf[1200];
  stp_game *g = p ? p->game : NULL;
  msg[0] = '\0';
  if (!g || !p->loop || p->exam || g->assessment || (p->screen != SCREEN_PLAY && p->screen != SCREEN_RESULT)) {
    snprintf(msg, size, "Not imported: open a practice case first.");
    return 2;
  }
  if (!p->work_path[0]) {
    snprintf(msg, size, "Not imported: autosave is off, so there is no work file to keep aside.");
    return 2;
  }
  if (len > STP_FILE_MAX_WORK) {
    snprintf(msg, size, "Not imported: %s is larger than %u MB.", name, STP_FILE_MAX_WORK / (1024 * 1024));
    return 1;
  }
  stp_error err;
  stp_error_clear(&err);
  stp_status st = stp_work_parse(w, text ? text : "", text ? len : 0, name, &err);
  if (st == STP_OK) st = stp_game_check_work(w, &g->scn, name, &err);   /* what opening the case will check */
  if (st != STP_OK) {
    stp_work_free(w);
    snprintf(msg, size, "Not imported (your work is unchanged): %s", stp_error_format(&err, buf, sizeof buf));
    return 1;
  }
  return 0;
}

int stp_play_check_work(play *p, const char *text, size_t len, const char *name, char *msg, size_t size) {
  char local[8];
  if (!msg || !size) { msg = local; size = sizeof local; }
  if (!name || !name[0]) name = "the imported work";
  stp_work w;
  int rc = import_check(p, text, len, name, &w, msg, size);
  if (rc != 0) return rc;
  /* Another case's work is valid here too (the format names no case): say how much of it lies
   * off this case's zones, so the question before the import can show it. */
  size_t off = 0;
  for (size_t i = 0; i < w.count; i++) {
    int z = stp_scenario_zone_at(&p->game->scn, w.items[i].x_mm, w.items[i].y_mm);
    if (z < 0 || p->game->scn.zones[z].role == STP_ZONE_FORBIDDEN) off++;
  }
  int n = snprintf(msg, size, "%s: %zu impression%s, a valid work for %s", name, w.count, w.count == 1 ? "" : "s",
                   p->game->scn.id);
  if (off && n >= 0 && (size_t)n < size)
    snprintf(msg + n, size - (size_t)n, "; %zu of them lie off its zones%s", off,
             off * 2 > w.count ? ": is it another case's work?" : "");
  stp_work_free(&w);
  return 0;
}

int stp_play_import_work(play *p, const char *text, size_t len, const char *name, char *msg, size_t size) {
  char buf[1200], local[8];
  stp_game *g = p ? p->game : NULL;
  if (!msg || !size) { msg = local; size = sizeof local; }
  if (!name || !name[0]) name = "the imported work";
  stp_work w;
  int rc = import_check(p, text, len, name, &w, msg, size);
  if (rc != 0) {
    if (rc == 1) pl_set_status(p, true, "%s", msg);
    return rc;
  }
  /* The work in the game now: saved, then kept aside as Retry keeps it (never over a backup). */
  if (stp_game_autosave(g, pl_game_now(p), true) != STP_OK) {
    stp_work_free(&w);
    snprintf(msg, size, "Not imported: your work could not be saved first (%s)",
             stp_error_format(&g->save_error, buf, sizeof buf));
    pl_set_status(p, true, "%s", msg);
    return 2;
  }
  char prev[1200], shown[1200];
  stp_error err;
  stp_error_clear(&err);
  if (stp_file_move_aside(p->work_path, ".csv", prev, sizeof prev, &err) != STP_OK) {
    stp_work_free(&w);
    snprintf(msg, size, "Not imported: %s", stp_error_format(&err, buf, sizeof buf));
    pl_set_status(p, true, "%s", msg);
    return 2;
  }
  stp_status st = stp_work_save(&w, p->work_path, &err);
  size_t count = w.count;
  stp_work_free(&w);
  if (st != STP_OK) {
    char why[1200];
    stp_error_format(&err, why, sizeof why);
    /* Put the work back where it was (the game still holds it, and its lock). */
    if (prev[0] && stp_file_put_back(prev, p->work_path, &err) != STP_OK)
      snprintf(msg, size, "Not imported: %s; your work is kept as %s", why, stp_app_shown_path(prev, shown, sizeof shown));
    else
      snprintf(msg, size, "Not imported: %s", why);
    pl_set_status(p, true, "%s", msg);
    return 2;
  }
  /* The case again, from the imported file (its record starts afresh: the old one no longer
   * rebuilds this work and goes aside, pl_attach_practice_record). */
  reopen_from_file(p);
  stp_input_cancel(&p->input);
  p->drop_pens = true;
  if (p->screen != SCREEN_PLAY || !p->game) {
    snprintf(msg, size, "The work was imported but the case did not open again: %s (your previous work is kept as %s)",
             stp_error_format(&p->error, buf, sizeof buf), prev[0] ? stp_app_shown_path(prev, shown, sizeof shown) : "(there was none)");
    return 2;
  }
  snprintf(msg, size, "Imported %zu impressions; your previous work is kept as %s", count,
           prev[0] ? stp_app_shown_path(prev, shown, sizeof shown) : "(there was none)");
  pl_set_status(p, false, "%s", msg);
  printf("stipple: imported %zu impressions into %s\n", count, p->game->scn.id);
  fflush(stdout);
  return 0;
}
