/* stp_screen_progress.c - the progress screen: for each case the trainee has finished, its
 * best score, grade and attempts, then the overall score and each criterion over the attempts
 * as a small line chart (stp_ui_progress draws them with SDL lines). Scrolls with the wheel;
 * Menu (M, Esc, or its button) goes back.
 */
#define _POSIX_C_SOURCE 200809L
#include "stp_play_internal.h"

static SDL_FRect area(const play *p) {
  float pad = p->px * 2, top = pad * 0.6f + p->target + p->px * 0.8f;
  return (SDL_FRect){pad, top, (float)p->out_w - 2 * pad, (float)p->out_h - top - p->status_h - p->px * 0.5f};
}

static void progress_draw(play *p) {
  pl_loop *L = p->loop;
  SDL_SetRenderDrawColor(p->ren, 28, 31, 38, 255);
  SDL_RenderClear(p->ren);
  if (!L) { pl_present(p); return; }
  SDL_FRect a = area(p);
  float pad = p->px * 2;
  char title[120];
  snprintf(title, sizeof title, "Progress — %s", L->profile.name);
  pl_text(p, pad, pad * 0.6f + (p->target - stp_font_line_height(p->font, p->px * 1.6f)) / 2, p->px * 1.6f, C_TEXT, title);
  float bw = stp_font_measure(p->font, p->px * 1.05f, "Menu") + p->px * 4;
  pl_button(p, (SDL_FRect){(float)p->out_w - pad - bw, pad * 0.6f, bw, p->target}, "Menu", "M",
            (stp_action){.kind = STP_ACT_MENU}, PL_BTN_PRIMARY);
  float content = stp_ui_progress(p->ren, p->font, p->px, a, &L->profile, L->cases, L->case_count, L->progress_scroll);
  L->progress_max = content > a.h ? content - a.h : 0;
  if (L->progress_max > 0 && L->progress_scroll < L->progress_max)
    pl_label(p, a.x, a.y + a.h - p->px * 1.3f, p->px * 0.8f, C_ACCENT, "\u2193 more: drag up or scroll the wheel");
  if (p->status[0]) {
    float h = p->status_h, y = (float)p->out_h - h;
    pl_fill(p->ren, 0, y, (float)p->out_w, h, (SDL_Color){20, 22, 27, 255});
    pl_text(p, p->px * 0.6f, y + (h - p->px * 1.2f) / 2, p->px * 0.9f, p->status_bad ? C_BAD : C_TEXT, p->status);
  }
  pl_present(p);
}

static bool progress_event(play *p, const SDL_Event *e) {
  pl_loop *L = p->loop;
  if (e->type == SDL_QUIT) { p->running = false; return true; }
  if (!L) return false;
  if (e->type == SDL_MOUSEWHEEL) {
    L->progress_scroll -= (float)e->wheel.y * p->px * 3;
    if (L->progress_scroll > L->progress_max) L->progress_scroll = L->progress_max;
    if (L->progress_scroll < 0) L->progress_scroll = 0;
    p->redraw = true;
    return true;
  }
  if (e->type == SDL_KEYDOWN && (e->key.keysym.sym == SDLK_ESCAPE || e->key.keysym.sym == SDLK_BACKSPACE)) {
    pl_menu_enter(p);
    return true;
  }
  return false;   /* M and the button: STP_ACT_MENU */
}

static void progress_action(play *p, const stp_action *a, Uint32 stamp) {
  (void)stamp;
  pl_loop *L = p->loop;
  if (a->kind == STP_ACT_QUIT) p->running = false;
  else if (a->kind == STP_ACT_MENU) pl_menu_enter(p);
  else if (a->kind == STP_ACT_SCROLL && L) {   /* a finger dragging the charts */
    L->progress_scroll -= (float)a->dy;
    if (L->progress_scroll > L->progress_max) L->progress_scroll = L->progress_max;
    if (L->progress_scroll < 0) L->progress_scroll = 0;
    p->redraw = true;
  }
}

const pl_screen pl_screen_progress = {"progress", progress_event, progress_action, progress_draw};
