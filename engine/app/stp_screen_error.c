/* stp_screen_error.c - a scenario or work file that failed to load: the message with file
 * and line, R to load it again (after fixing it), Esc to quit. The work file is never
 * touched until the scenario loads, so nothing is lost.
 */
#define _POSIX_C_SOURCE 200809L
#include "stp_play_internal.h"

static void error_draw(play *p) {
  SDL_SetRenderDrawColor(p->ren, 28, 31, 38, 255);
  SDL_RenderClear(p->ren);
  float pad = p->px * 2, w = (float)p->out_w - 2 * pad, y = pad;
  char buf[1400];
  pl_text(p, pad, y, p->px * 1.5f, C_BAD, "The scenario could not be opened");
  y += stp_font_line_height(p->font, p->px * 1.5f) + p->px;
  y += stp_font_draw_wrapped(p->font, p->ren, pad, y, p->px, w, C_TEXT, stp_error_format(&p->error, buf, sizeof buf));
  y += p->px;
  stp_font_draw_wrapped(p->font, p->ren, pad, y, p->px * 0.9f, w, C_DIM,
                        p->exam ? "The exam did not begin or cannot go on: call the examiner. Esc quits. "
                                  "Nothing was lost: an exam's record and work stay in its folder."
                                : "Fix the file and press R to load it again, or Esc to quit. "
                                  "No work has been lost: the work file is not touched until the scenario loads.");
  float bw = p->px * 12, bh = p->target;
  float by = (float)p->out_h - pad - bh;
  if (!p->exam) pl_button(p, (SDL_FRect){pad, by, bw, bh}, "Load again", "R", (stp_action){.kind = STP_ACT_UI, .step = PL_UI_RELOAD}, PL_BTN_PRIMARY);
  pl_button(p, (SDL_FRect){p->exam ? pad : pad * 1.5f + bw, by, bw, bh}, "Quit", "Esc", (stp_action){.kind = STP_ACT_QUIT}, PL_BTN_PLAIN);
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
}

const pl_screen pl_screen_error = {"error", error_event, error_action, error_draw};
