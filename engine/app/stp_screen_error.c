/* stp_screen_error.c - a scenario or work file that failed to load: the message with file
 * and line, R to load it again (after fixing it), the menu, Esc to quit; when the work file
 * is what failed, a button keeps it aside (as --new does) and opens the case afresh, for a
 * trainee who cannot fix a file by hand (a tablet). Nothing is lost: the work file is only
 * ever moved aside, never overwritten.
 */
#define _POSIX_C_SOURCE 200809L
#include "stp_play_internal.h"

/* The case's work file is what failed to load (not the scenario): it can be kept aside. */
static bool work_failed(const play *p) {
  return !p->exam && p->work_path[0] && p->error.file[0] && strcmp(p->error.file, p->work_path) == 0;
}

/* The work that does not load moved aside as --new does (never over a backup), and the case
 * opened afresh; the status line says where the work went. */
static void work_aside(play *p) {
  char prev[1200], buf[1400];
  stp_error err;
  stp_error_clear(&err);
  if (stp_file_move_aside(p->work_path, ".csv", prev, sizeof prev, &err) != STP_OK) {
    stp_error_format(&err, buf, sizeof buf);
    pl_set_status(p, true, "The work could not be kept aside either: %.600s", buf);
    return;
  }
  pl_open_scenario(p);
  if (p->screen == SCREEN_PLAY) {
    pl_set_status(p, false, "Started afresh; the work that did not load is kept as %s", prev);
    printf("stipple: the work that did not load is kept as %s\n", prev);
    fflush(stdout);
  }
}

static void error_draw(play *p) {
  SDL_SetRenderDrawColor(p->ren, 28, 31, 38, 255);
  SDL_RenderClear(p->ren);
  float pad = p->px * 2, w = (float)p->out_w - 2 * pad, y = pad;
  char buf[1400];
  pl_text(p, pad, y, p->px * 1.5f, C_BAD, work_failed(p) ? "Your work file could not be opened" : "The scenario could not be opened");
  y += stp_font_line_height(p->font, p->px * 1.5f) + p->px;
  y += stp_font_draw_wrapped(p->font, p->ren, pad, y, p->px, w, C_TEXT, stp_error_format(&p->error, buf, sizeof buf));
  y += p->px;
  stp_font_draw_wrapped(p->font, p->ren, pad, y, p->px * 0.9f, w, C_DIM,
                        p->exam ? "The exam did not begin or cannot go on: call the examiner. Esc quits. "
                                  "Nothing was lost: an exam's record and work stay in its folder."
                                : work_failed(p)
                                ? "Keep it aside to start the case afresh (the file is kept beside it, as it is), or "
                                  "fix the file and press R to load it again. Nothing has been lost."
                                : "Fix the file and press R to load it again, or Esc to quit. "
                                  "No work has been lost: the work file is not touched until the scenario loads.");
  float bw = p->px * 12, bh = p->target;
  float by = (float)p->out_h - pad - bh, bx = pad;
  if (!p->exam) {
    pl_button(p, (SDL_FRect){bx, by, bw, bh}, "Load again", "R", (stp_action){.kind = STP_ACT_UI, .step = PL_UI_RELOAD}, PL_BTN_PRIMARY);
    bx += bw + pad * 0.5f;
  }
  if (work_failed(p)) {
    /* Where the file cannot be fixed by hand (a tablet, the browser): keep it, start afresh. */
    pl_button(p, (SDL_FRect){bx, by, bw * 1.6f, bh}, "Keep it aside, start afresh", "", (stp_action){.kind = STP_ACT_UI, .step = PL_UI_WORK_ASIDE}, PL_BTN_PLAIN);
    bx += bw * 1.6f + pad * 0.5f;
  }
  if (p->loop && !p->exam) {
    pl_button(p, (SDL_FRect){bx, by, bw * 0.7f, bh}, "Menu", "M", (stp_action){.kind = STP_ACT_MENU}, PL_BTN_PLAIN);
    bx += bw * 0.7f + pad * 0.5f;
  }
  pl_button(p, (SDL_FRect){bx, by, bw * 0.7f, bh}, "Quit", "Esc", (stp_action){.kind = STP_ACT_QUIT}, PL_BTN_PLAIN);
  if (p->status[0]) pl_draw_status(p);
  pl_present(p);
}

static bool error_event(play *p, const SDL_Event *e) {
  if (e->type == SDL_KEYDOWN && e->key.keysym.sym == SDLK_r && !p->exam) {
    pl_open_scenario(p);
    return true;
  }
  return false;
}

static void error_action(play *p, const stp_action *a, Uint32 stamp) {
  (void)stamp;
  if (a->kind == STP_ACT_QUIT || a->kind == STP_ACT_BACK) p->running = false;
  else if (a->kind == STP_ACT_UI && a->step == PL_UI_RELOAD && !p->exam) pl_open_scenario(p);
  else if (a->kind == STP_ACT_UI && a->step == PL_UI_WORK_ASIDE && work_failed(p)) work_aside(p);
  else if (a->kind == STP_ACT_MENU && p->loop && !p->exam) pl_menu_enter(p);
}

const pl_screen pl_screen_error = {"error", error_event, error_action, error_draw};
