/* stp_screen_result.c - the result screen: the score, pass or fail, the sessions of a case
 * over time, one block per criterion (figures and advice), merged dots ringed on the scalp,
 * and each criterion's map over it (V, or the Maps button). The panel scrolls.
 */
#define _POSIX_C_SOURCE 200809L
#include "stp_play_internal.h"

/* One criterion on the result panel: name and score, weight, figures, advice. Returns y below it. */
static float draw_criterion(play *p, float x, float y, float w, const char *name, double score, double weight,
                            const char *figures, const char *advice, double pass_mark, double gate) {
  char buf[160];
  char shown[32];
  /* Shown as the verdict shows it: never rounded up to the gate it failed, nor to the pass mark. */
  double threshold = gate > 0 && score < gate ? gate : pass_mark;
  snprintf(buf, sizeof buf, "%s  %s", name, stp_score_shown(score, threshold, false, shown, sizeof shown));
  pl_text(p, x, y, p->px * 1.1f, score >= pass_mark ? C_GOOD : C_BAD, buf);
  snprintf(buf, sizeof buf, "weight %.0f%%", weight * 100);
  float ww = stp_font_measure(p->font, p->px * 0.85f, buf);
  pl_text(p, x + w - ww, y + p->px * 0.2f, p->px * 0.85f, C_DIM, buf);
  y += stp_font_line_height(p->font, p->px * 1.1f);
  y += stp_font_draw_wrapped(p->font, p->ren, x, y, p->px * 0.9f, w, C_TEXT, figures);
  y += stp_font_draw_wrapped(p->font, p->ren, x, y, p->px * 0.9f, w, C_DIM, advice);
  return y + p->px * 0.6f;
}

/* A work judged over time: each session against its plan, then the healed whole. */
static float draw_sessions(play *p, float x, float y, float w) {
  const stp_score_result *r = &p->game->result;
  char buf[400];
  float lh = stp_font_line_height(p->font, p->px);
  pl_text(p, x, y, p->px, C_ACCENT, "Sessions");
  y += lh;
  for (int i = 0; i < r->session_count && i < STP_SCN_MAX_SESSIONS; i++) {
    const stp_session_result *sr = &r->sessions[i];
    char shown[32];
    if (sr->judged)
      snprintf(buf, sizeof buf, "Session %d: %s  %s  (%zu placed, %zu lost)", sr->session,
               stp_score_shown(sr->score, r->pass_mark, false, shown, sizeof shown), sr->passed ? "passed" : "not passed",
               sr->placed, sr->lost);
    else
      snprintf(buf, sizeof buf, "Session %d: not judged (no plan)  (%zu placed, %zu lost)", sr->session, sr->placed, sr->lost);
    /* Wrapped: "Session 1: 45  not passed  (224 placed, 24 lost)" is wider than the panel at
     * 1280 x 800. */
    y += stp_font_draw_wrapped(p->font, p->ren, x, y, p->px * 0.95f, w, !sr->judged ? C_DIM : sr->passed ? C_GOOD : C_BAD,
                               buf);
    if (sr->verdict[0]) y += stp_font_draw_wrapped(p->font, p->ren, x + p->px, y, p->px * 0.85f, w - p->px, C_DIM, sr->verdict);
  }
  y += p->px * 0.3f;
  char shown[32];
  snprintf(buf, sizeof buf, "Healed whole: %s", stp_score_shown(r->final_score, r->pass_mark, false, shown, sizeof shown));
  pl_text(p, x, y, p->px * 1.1f, r->final_score >= r->pass_mark ? C_GOOD : C_BAD, buf);
  y += stp_font_line_height(p->font, p->px * 1.1f);
  snprintf(buf, sizeof buf, "%zu impression%s lost in healing", r->lost, r->lost == 1 ? "" : "s");
  if (r->history || r->stacked)
    snprintf(buf + strlen(buf), sizeof buf - strlen(buf), "; over %zu of the old work's dots, %zu stacked on them",
             r->history, r->stacked);
  y += stp_font_draw_wrapped(p->font, p->ren, x, y, p->px * 0.9f, w, C_TEXT, buf);
  return y + p->px * 0.6f;
}

/* The head of the result: the score, pass or fail and why, and the time control. */
static float draw_head(play *p, float x, float y, float w) {
  const stp_score_result *r = &p->game->result;
  char buf[600];
  pl_text(p, x, y, p->px * 1.1f, C_DIM, "Result");
  y += stp_font_line_height(p->font, p->px * 1.1f);
  char shown[32];
  snprintf(buf, sizeof buf, "%s / 100", stp_score_shown(r->score, r->pass_mark, false, shown, sizeof shown));
  pl_text(p, x, y, p->px * 2.6f, C_TEXT, buf);
  y += stp_font_line_height(p->font, p->px * 2.6f);
  snprintf(buf, sizeof buf, "%s  (pass mark %.0f)", r->passed ? "PASSED" : "NOT PASSED", r->pass_mark);
  pl_text(p, x, y, p->px * 1.2f, r->passed ? C_GOOD : C_BAD, buf);
  y += stp_font_line_height(p->font, p->px * 1.2f);
  if (r->gates_failed)   /* why a high score still failed: name the gate */
    y += stp_font_draw_wrapped(p->font, p->ren, x, y, p->px * 0.9f, w, C_BAD, r->verdict);
  y += p->px * 0.5f;
  return pl_draw_time_controls(p, x, y, w) + p->px * 0.3f;
}

/* The sessions of a case over time, each criterion, the merged dots' note. */
static float draw_list(play *p, float x, float y, float w) {
  const stp_score_result *r = &p->game->result;
  if (r->timed) y = draw_sessions(p, x, y, w);
  for (int i = 0; i < STP_CRIT_COUNT; i++) {
    const stp_criterion_result *c = &r->criteria[i];
    if (c->enabled)
      y = draw_criterion(p, x, y, w, stp_criterion_name(c->id), c->score, c->weight, c->figures, c->advice, r->pass_mark,
                         c->gate);
  }
  for (int i = 0; i < r->custom_count; i++) {
    const struct stp_custom_criterion *c = &r->custom[i];
    y = draw_criterion(p, x, y, w, c->key, c->score, c->weight, c->figures, c->advice, r->pass_mark, 0);
  }
  if (r->merged)
    y += stp_font_draw_wrapped(p->font, p->ren, x, y, p->px * 0.85f, w, C_ACCENT,
                               "Merged impressions are ringed in orange on the scalp.");
  return y;
}

/* The panel: in one column (landscape) the head and the list scroll together above the
 * buttons at the foot; in two (portrait) the head and the buttons stay in the left column
 * and the list scrolls in the right one. */
static void draw_panel_result(play *p) {
  const stp_game *g = p->game;
  const SDL_FRect P = p->panel;
  float pad = p->px, x, w, x2, w2;
  pl_panel_column(p, 0, pad, &x, &w);
  pl_panel_column(p, 1, pad, &x2, &w2);
  bool two = p->cols > 1;
  /* The criteria can run longer than the window: the list scrolls with the wheel, above
   * the line of keys at its foot. */
  float loop_h = pl_loop_result_buttons_h(p);   /* Next case, Retry, Compare: above the foot's row */
  float help_y = P.y + P.h - pad - p->target - p->px * 1.6f - loop_h;
  SDL_Rect clip = {(int)P.x, (int)P.y, (int)(two ? x + w + pad / 2 - P.x : P.w), (int)(help_y - p->px * 0.4f - P.y)};
  SDL_RenderSetClipRect(p->ren, &clip);
  float y = draw_head(p, x, P.y + pad - (two ? 0 : p->result_scroll), w);
  float more_y = help_y, lx = x, lw = w, hx = P.x, hw = P.w;
  if (two) {   /* the list: the right column, from the top to a line at its foot */
    more_y = P.y + P.h - pad - p->px * 1.2f;
    hx = x2 - pad / 2;
    hw = P.x + P.w - hx;
    clip = (SDL_Rect){(int)hx, (int)P.y, (int)hw, (int)(more_y - p->px * 0.4f - P.y)};
    SDL_RenderSetClipRect(p->ren, &clip);
    y = P.y + pad - p->result_scroll;
    lx = x2;
    lw = w2;
  }
  y = draw_list(p, lx, y, lw);
  SDL_RenderSetClipRect(p->ren, NULL);
  float bottom = (float)(clip.y + clip.h), content = y + p->result_scroll;
  p->result_scroll_max = content > bottom ? content - bottom + pad : 0;
  bool more = y > bottom;
  /* The foot: what can be done now, each a button with its key. */
  float bh = p->target, gap = p->px * 0.25f;
  float by = P.y + P.h - pad - bh;
  if (more) {
    const char *m = pl_keys_shown(p) ? "\u2193 more below: drag up, scroll the wheel, or tap here"
                                     : "\u2193 more below: drag up or tap here";
    /* A pointer target (9 mm) however small the line: it grows up over the list's foot,
     * never down onto the buttons. */
    float hh = fmaxf(p->px * 1.4f, p->target);
    pl_hit_add(p, (SDL_FRect){hx, more_y + p->px * 1.2f - hh, hw, hh},
               (stp_action){.kind = STP_ACT_UI, .step = PL_UI_SCROLL, .delta = 3 * stp_font_line_height(p->font, p->px * 0.9f)});
    pl_hit_name_last(p, "More below");
    pl_text(p, lx, more_y, p->px * 0.8f, C_ACCENT, m);
  }
  if (p->exam && !p->sealed)
    stp_font_draw_wrapped(p->font, p->ren, x, help_y + p->px, p->px * 0.85f, w, C_BAD, "NOT SEALED: call the examiner.");
  pl_loop_draw_result_buttons(p, x, by - loop_h, w);
  bool practice = !p->exam && !g->assessment;
  int n = practice ? 3 : 1;
  float bw = (w - gap * (float)(n - 1)) / (float)n;
  pl_button(p, (SDL_FRect){x, by, bw, bh}, p->map_crit < 0 ? "Maps" : "Next map", "V", (stp_action){.kind = STP_ACT_CYCLE_MAP, .step = 1},
            p->map_crit < 0 ? PL_BTN_PLAIN : PL_BTN_ON);
  if (practice) {
    pl_button(p, (SDL_FRect){x + bw + gap, by, bw, bh}, "Back to work", "Esc", (stp_action){.kind = STP_ACT_BACK}, PL_BTN_PLAIN);
    pl_button(p, (SDL_FRect){x + 2 * (bw + gap), by, bw, bh}, "Menu", "M", (stp_action){.kind = STP_ACT_MENU}, PL_BTN_PRIMARY);
  }
}

static void result_draw(play *p) {
  SDL_SetRenderDrawColor(p->ren, 28, 31, 38, 255);
  SDL_RenderClear(p->ren);
  pl_draw_scalp_area(p, true);
  pl_loop_draw_result_overlay(p);   /* the expert's work, the celebration */
  pl_fill(p->ren, p->panel.x, p->panel.y, p->panel.w, p->panel.h, (SDL_Color){38, 42, 51, 255});
  draw_panel_result(p);
  pl_draw_status(p);
  pl_present(p);
}

static void scroll(play *p, float by) {
  p->result_scroll += by;
  if (p->result_scroll > p->result_scroll_max) p->result_scroll = p->result_scroll_max;
  if (p->result_scroll < 0) p->result_scroll = 0;
  p->redraw = true;
}

static void result_action(play *p, const stp_action *a, Uint32 stamp) {
  (void)stamp;
  stp_game *g = p->game;
  /* The wheel over the panel (or the status line under it) scrolls the list. */
  bool over_panel = p->cols > 1 ? a->sy >= p->panel.y : a->sx >= p->panel.x;
  if (a->kind == STP_ACT_ZOOM && over_panel) {
    scroll(p, (a->factor > 1 ? -3 : 3) * stp_font_line_height(p->font, p->px * 0.9f));
    return;
  }
  if (a->kind == STP_ACT_SCROLL) {   /* a finger dragging the panel */
    scroll(p, (float)-a->dy);
    return;
  }
  if (pl_view_action(p, a)) return;
  if (pl_loop_result_action(p, a)) return;
  bool practice = !p->exam && !g->assessment;
  switch (a->kind) {
  case STP_ACT_QUIT: p->running = false; return;
  case STP_ACT_BACK:
    if (p->time_step != 0) pl_time_reset(p);
    else if (p->exam) pl_set_status(p, false, "The exam is finished and sealed; close the window to quit.");
    else if (g->assessment) pl_set_status(p, false, "The assessment is finished; close the window to quit.");
    else { g->finished = false; p->screen = SCREEN_PLAY; p->redraw = true; }
    return;
  case STP_ACT_MENU:
    if (practice) pl_menu_enter(p);
    return;
  case STP_ACT_TIME: pl_time_step(p, a->step); return;
  case STP_ACT_UI:
    if (a->step == PL_UI_TIME_AT) pl_time_at(p, (int)a->delta);
    if (a->step == PL_UI_SCROLL) scroll(p, (float)a->delta);
    return;
  case STP_ACT_CYCLE_MAP:
    for (int k = 0; k <= STP_CRIT_COUNT; k++) {   /* next enabled criterion, then none (-1) */
      p->map_crit += a->step;
      if (p->map_crit >= STP_CRIT_COUNT) p->map_crit = -1;
      if (p->map_crit < -1) p->map_crit = STP_CRIT_COUNT - 1;
      if (p->map_crit == -1 || g->scn.rubric.items[p->map_crit].enabled) break;
    }
    p->redraw = true;
    return;
  case STP_ACT_TOGGLE_MARKS: p->marks = !p->marks; p->redraw = true; return;
  case STP_ACT_TOGGLE_ZONES:
    if (!(g->scn.overlays & STP_OVERLAY_ZONES)) return;
    p->zones = !p->zones;
    p->redraw = true;
    return;
  default: return;
  }
}

const pl_screen pl_screen_result = {"result", pl_loop_result_event, result_action, result_draw};
