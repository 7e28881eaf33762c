/* stp_play_time.c - time in the game window: ending a session, the healing interlude that
 * follows, and the time control that shows the work days or years on.
 *
 * End session (S, or its button) goes through pl_act as STP_REC_SESSION_END, so an exam's
 * record holds it (an exam asks first, as its finish does). The core moves to the next
 * session; then the interlude shows the scalp healing from day 0 to the scenario's
 * interval (healing.interval_days), a day counter and a caption per phase, for about five
 * seconds (any key or click skips it), and the next session starts over the healed work.
 * The interlude is only a picture: nothing of it is recorded.
 *
 * The time control (H forward, Shift+H back, the buttons; Esc or 0 back to now) shows the
 * work at a moment after the current session: now, day 3, day 7, at the next session, 1
 * month, 1 year, 5 years. Placing an impression goes back to now first. Owns no rules:
 * the looks are stp_heal's, drawn by stp_draw. */
#define _POSIX_C_SOURCE 200809L
#include "stp_play_internal.h"

#define INTERLUDE_MS 5000        /* the healing shown, day 0 to the interval */
#define INTERLUDE_HOLD_MS 700    /* then the healed day held before the next session */

static const char *const step_names[PL_TIME_STEPS] = {"Now", "3 d", "7 d", "Next", "1 mo", "1 yr", "5 yr"};

/* The days after the current session of each step. */
static double step_days(const play *p, int step) {
  switch (step) {
  case 1: return 3;
  case 2: return 7;
  case 3: return p->game ? p->game->scn.healing.interval_days : 14;
  case 4: return 30;
  case 5: return STP_DAYS_PER_YEAR;
  case 6: return 5 * STP_DAYS_PER_YEAR;
  default: return 0;
  }
}

/* The step shown at position pos of the control (p->time_step is a position): the steps in
 * the order of their days, "Next" (the scenario's interval, 1 to 365 days) among the fixed
 * ones, so H always goes later and Shift+H earlier (an interval of 60 days comes after
 * 1 month, one of 5 days before day 7). */
static int step_id(const play *p, int pos) {
  static const int fixed[PL_TIME_STEPS - 1] = {0, 1, 2, 4, 5, 6};
  double next = step_days(p, 3);
  int at = 1;   /* after "Now" and every fixed step not later than the next session */
  while (at < PL_TIME_STEPS - 1 && step_days(p, fixed[at]) <= next) at++;
  if (pos == at) return 3;
  return fixed[pos < at ? pos : pos - 1];
}

stp_draw_moment pl_time_moment(const play *p) {
  const stp_game *g = p->game;
  if (p->interlude) return (stp_draw_moment){.timed = true, .session = p->interlude_session, .days = p->interlude_days};
  return (stp_draw_moment){.timed = true, .session = g ? g->session : 1, .days = step_days(p, step_id(p, p->time_step))};
}

const char *pl_time_label(const play *p, char *buf, size_t n) {
  const stp_game *g = p->game;
  bool last = !g || g->session >= g->scn.sessions;
  switch (step_id(p, p->time_step)) {
  case 0: snprintf(buf, n, "Viewing: now"); break;
  case 1: snprintf(buf, n, "Viewing: day 3 after this session (flaking)"); break;
  case 2: snprintf(buf, n, "Viewing: day 7 after this session (settled)"); break;
  case 3:
    if (last) snprintf(buf, n, "Viewing: day %g after this session (healed)", step_days(p, 3));
    else snprintf(buf, n, "Viewing: at the next session (day %g)", step_days(p, 3));
    break;
  case 4: snprintf(buf, n, "Viewing: 1 month after this session"); break;
  case 5: snprintf(buf, n, "Viewing: 1 year after this session"); break;
  default: snprintf(buf, n, "Viewing: 5 years after this session"); break;
  }
  return buf;
}

static void time_changed(play *p) {
  char buf[128];
  pl_note_show(p, 0, p->time_step != 0);
  if (p->time_step == 0) pl_set_status(p, false, "Now: the work as it is.");
  else if (pl_keys_shown(p))
    pl_set_status(p, false, "%s. H: later, Shift+H: earlier, Esc or Now: back to now.", pl_time_label(p, buf, sizeof buf));
  else pl_set_status(p, false, "%s. Now: back to now.", pl_time_label(p, buf, sizeof buf));
  printf("stipple: time %s\n", step_names[step_id(p, p->time_step)]);
  fflush(stdout);
  p->redraw = true;
}

void pl_time_step(play *p, int step) {
  int s = p->time_step + step;
  if (s < 0) s = 0;
  if (s >= PL_TIME_STEPS) s = PL_TIME_STEPS - 1;
  if (s == p->time_step) return;
  p->time_step = s;
  time_changed(p);
}

void pl_time_reset(play *p) {
  if (p->time_step == 0) return;
  p->time_step = 0;
  time_changed(p);
}

bool pl_can_end_session(const play *p) {
  const stp_game *g = p->game;
  return g && !g->finished && p->screen == SCREEN_PLAY && g->session < g->scn.sessions;
}

float pl_draw_time_controls(play *p, float x, float y, float w) {
  char buf[128];
  float size = p->px * 0.9f;
  pl_text(p, x, y, size, p->time_step ? C_ACCENT : C_TEXT, pl_time_label(p, buf, sizeof buf));
  y += stp_font_line_height(p->font, size) + p->px * 0.2f;
  /* One row of buttons as tall as a pointer target, or two rows when the panel is narrow. */
  float gap = p->px * 0.25f, bh = p->target;
  int per_row = PL_TIME_STEPS;
  while (per_row > 4 && (w - gap * (float)(per_row - 1)) / (float)per_row < p->target * 0.9f) per_row = (per_row + 1) / 2 + 1;
  float bw = (w - gap * (float)(per_row - 1)) / (float)per_row;
  for (int i = 0; i < PL_TIME_STEPS; i++) {
    int r = i / per_row, c = i % per_row;
    SDL_FRect rc = {x + (float)c * (bw + gap), y + (float)r * (bh + gap), bw, bh};
    const char *key = i == 0 ? "0" : "";
    pl_button(p, rc, step_names[step_id(p, i)], key,
              (stp_action){.kind = STP_ACT_UI, .step = PL_UI_TIME_AT, .delta = i},
              i == p->time_step ? PL_BTN_ON : PL_BTN_PLAIN);
  }
  int rows = (PL_TIME_STEPS + per_row - 1) / per_row;
  return y + (float)rows * (bh + gap) + p->px * 0.1f;
}

void pl_time_at(play *p, int pos) {
  if (pos < 0 || pos >= PL_TIME_STEPS || pos == p->time_step) return;
  p->time_step = pos;
  time_changed(p);
}

void pl_ask_end_session(play *p) {
  stp_game *g = p->game;
  if (!g || p->screen != SCREEN_PLAY || p->confirm) return;
  if (!pl_can_end_session(p)) {
    pl_set_status(p, false, "Session %d of %d is the last: finish (F) when the work is done.", g->session, g->scn.sessions);
    return;
  }
  /* Asked first in practice too: a session ended cannot be taken back (undo stops at it), and
   * S is one stray key away. */
  p->confirm = true;
  p->confirm_session = true;
  pl_set_status(p, false, pl_keys_shown(p) ? "End session %d? Enter or End session confirms; Esc goes back."
                                           : "End session %d? End session confirms; Back goes back.", g->session);
  p->redraw = true;
}

void pl_end_session(play *p) {
  stp_game *g = p->game;
  p->confirm = false;
  p->confirm_session = false;
  if (!pl_can_end_session(p)) return;
  if (p->exam && p->exam->rec.failed) { pl_record_failed(p); return; }
  stp_error err;
  stp_error_clear(&err);
  int ended = g->session;
  if (pl_act(p, (stp_record_event){.t_ms = (int64_t)pl_game_now(p), .kind = STP_REC_SESSION_END}, &err) != STP_OK) {
    if (err.status != STP_ERR_IO) pl_set_status(p, true, "Cannot end the session: %s", err.msg);
    return;
  }
  stp_game_autosave(g, pl_game_now(p), true);   /* the file's next rows are the next session's */
  p->time_step = 0;
  p->interlude = true;
  p->interlude_session = ended;
  p->interlude_t0 = SDL_GetTicks64();
  p->interlude_days = 0;
  p->hover_in = false;
  printf("stipple: session %d ended; healing %g days\n", ended, g->scn.healing.interval_days);
  fflush(stdout);
  p->redraw = true;
}

static void interlude_end(play *p) {
  p->interlude = false;
  /* A second tap of the one that skipped the days (a double tap, fast) must not place a dot
   * in the new session: the scalp takes nothing for a moment. */
  p->place_quiet_until = SDL_GetTicks64() + PL_AFTER_INTERLUDE_MS;
  const stp_game *g = p->game;
  pl_set_status(p, false, "Session %d of %d: over the healed work of session %d.", g->session, g->scn.sessions,
                p->interlude_session);
  printf("stipple: session %d of %d begins\n", g->session, g->scn.sessions);
  fflush(stdout);
  p->redraw = true;
}

void pl_interlude_event(play *p, const SDL_Event *e) {
  if (e->type == SDL_QUIT) { p->running = false; return; }   /* closing the window still quits */
  bool skip = (e->type == SDL_KEYDOWN && !e->key.repeat) ||
              (e->type == SDL_MOUSEBUTTONDOWN && e->button.which != SDL_TOUCH_MOUSEID) || e->type == SDL_FINGERDOWN;
  if (skip) { interlude_end(p); return; }
  /* The input still follows what was under way when the session ended (a pen or finger
   * lifted, a pan released), or it would wait for them for ever; what it makes of them
   * (an impression on lifting) is dropped: nothing is placed during the interlude. */
  if (e->type == SDL_MOUSEBUTTONDOWN || e->type == SDL_FINGERDOWN) return;   /* the skip's press: its release places nothing */
  stp_action acts[4];
  (void)stp_input_translate(&p->input, e, &p->view, acts, 4);
}

/* The day shown after `ms` of the interlude: the first days (redness, crust, flaking,
 * settling: to settle_days) take three quarters of the time, the rest to the interval the
 * last quarter; in quarter days, so the layer redraws at most a few times a second. */
static double interlude_day(const stp_scenario *s, uint64_t ms) {
  double f = (double)ms / INTERLUDE_MS, N = s->healing.interval_days, S = s->healing.settle_days;
  if (f >= 1) return N;
  double d = N <= S ? N * f : f < 0.75 ? S * f / 0.75 : S + (N - S) * (f - 0.75) / 0.25;
  return floor(d * 4) / 4;
}

void pl_interlude_tick(play *p) {
  if (!p->interlude || !p->game) return;
  uint64_t ms = SDL_GetTicks64() - p->interlude_t0;
  if (ms >= INTERLUDE_MS + INTERLUDE_HOLD_MS) { interlude_end(p); return; }
  double d = interlude_day(&p->game->scn, ms);
  /* The next day once the picture of this one is whole (a large work's layer takes a few
   * frames to redraw for a new day: the days then go by in bigger steps). */
  bool whole = !p->draw || stp_draw_complete(p->draw) || d >= p->game->scn.healing.interval_days;
  if (d != p->interlude_days && whole) { p->interlude_days = d; p->redraw = true; }
}

/* What the skin is doing on day d (the scenario's healing numbers). */
static void phase_caption(const stp_scenario *s, double d, bool last_day, int next, char *buf, size_t n) {
  const stp_healing *h = &s->healing;
  if (last_day)
    snprintf(buf, n, "Day %g: healed. Session %d of %d is built on top of this.", h->interval_days, next, s->sessions);
  else if (d < h->redness_days)
    snprintf(buf, n, "Fresh: the dots are darker and a little larger than they will heal, and the skin about them is red "
                     "(for about %g days).", h->redness_days);
  else if (d < h->flake_from_days)
    snprintf(buf, n, "The redness has gone; a thin crust forms over each dot.");
  else if (d < h->flake_to_days)
    snprintf(buf, n, "Days %g to %g: the crusts flake off, taking some pigment with them; a few dots are lost.",
             h->flake_from_days, h->flake_to_days);
  else if (d < h->settle_days)
    snprintf(buf, n, "Settling: the dots shrink and lighten to their healed size and tone (settled by day %g).",
             h->settle_days);
  else
    snprintf(buf, n, "Settled: this is how the session healed. Waiting for the next session (day %g).", h->interval_days);
}

void pl_draw_interlude(play *p) {
  stp_game *g = p->game;
  SDL_SetRenderDrawColor(p->ren, 28, 31, 38, 255);
  SDL_RenderClear(p->ren);
  stp_draw_opts o = {.zones = false, .layered = true, .hair_aside = p->hair_aside, .at = pl_time_moment(p),
                     .under = &p->history};
  stp_draw_scalp(p->draw, &p->view, &g->work, &o);
  const stp_scenario *s = &g->scn;
  bool last_day = p->interlude_days >= s->healing.interval_days;
  char buf[400], cap[400];
  /* The panel: what is happening, and a line of the phases with today's lit (in portrait
   * the phases and the skip hint in the right column). */
  const SDL_FRect P = p->panel;
  float pad = p->px, x, w, x2, w2;
  pl_panel_column(p, 0, pad, &x, &w);
  pl_panel_column(p, 1, pad, &x2, &w2);
  float y = P.y + pad;
  pl_fill(p->ren, P.x, P.y, P.w, P.h, (SDL_Color){38, 42, 51, 255});
  snprintf(buf, sizeof buf, "Healing after session %d of %d", p->interlude_session, s->sessions);
  y += stp_font_draw_wrapped(p->font, p->ren, x, y, p->px * 1.2f, w, C_DIM, buf);
  snprintf(buf, sizeof buf, "Day %g", p->interlude_days);
  pl_text(p, x, y, p->px * 3.0f, C_TEXT, buf);
  float big = stp_font_measure(p->font, p->px * 3.0f, buf);
  snprintf(buf, sizeof buf, "of %g", s->healing.interval_days);
  pl_text(p, x + big + p->px * 0.6f, y + p->px * 1.5f, p->px * 1.2f, C_DIM, buf);
  y += stp_font_line_height(p->font, p->px * 3.0f) + p->px * 0.4f;
  /* The bar: the days so far. */
  float bar_h = p->px * 0.6f, frac = (float)(p->interlude_days / s->healing.interval_days);
  pl_fill(p->ren, x, y, w, bar_h, (SDL_Color){64, 70, 84, 255});
  pl_fill(p->ren, x, y, w * (frac > 1 ? 1 : frac), bar_h, C_ACCENT);
  y += bar_h + p->px;
  phase_caption(s, p->interlude_days, last_day, g->session, cap, sizeof cap);
  y += stp_font_draw_wrapped(p->font, p->ren, x, y, p->px * 1.05f, w, C_TEXT, cap) + p->px;
  static const char *const phases[] = {"Red", "Crust", "Flaking", "Settling", "Healed"};
  const stp_healing *h = &s->healing;
  double d = p->interlude_days;
  int now = d < h->redness_days ? 0 : d < h->flake_from_days ? 1 : d < h->flake_to_days ? 2 : d < h->settle_days ? 3 : 4;
  if (p->cols > 1) y = P.y + pad;
  for (int i = 0; i < 5; i++) {
    pl_text(p, x2, y, p->px * 0.95f, i == now ? C_ACCENT : C_DIM, phases[i]);
    y += stp_font_line_height(p->font, p->px * 0.95f);
  }
  stp_font_draw_wrapped(p->font, p->ren, x2, P.y + P.h - pad - p->px * 2.4f, p->px * 0.9f, w2, C_DIM,
                        pl_keys_shown(p) ? "Tap, click or press any key to skip." : "Tap to skip.");
  /* Over the scalp: the day and the caption, readable on any skin. */
  const SDL_FRect v = p->scene;
  snprintf(buf, sizeof buf, "Day %g of %g after session %d", p->interlude_days, s->healing.interval_days,
           p->interlude_session);
  float tw = stp_font_measure(p->font, p->px * 1.3f, buf);
  pl_fill(p->ren, v.x + (v.w - tw) / 2 - pad, v.y + pad * 0.5f, tw + 2 * pad,
          stp_font_line_height(p->font, p->px * 1.3f) + pad * 0.5f, (SDL_Color){20, 22, 27, 200});
  pl_text(p, v.x + (v.w - tw) / 2, v.y + pad * 0.75f, p->px * 1.3f, C_TEXT, buf);
  /* Status line. */
  float sy = (float)p->out_h - p->status_h;
  pl_fill(p->ren, 0, sy, (float)p->out_w, p->status_h, (SDL_Color){20, 22, 27, 255});
  pl_text(p, p->px * 0.6f, sy + (p->status_h - p->px * 1.2f) / 2, p->px * 0.9f, C_TEXT, cap);
  pl_present(p);
}

void pl_load_history(play *p) {
  stp_work_free(&p->history);
  stp_work_init(&p->history);
  if (!p->game) return;
  stp_error err;
  stp_error_clear(&err);
  memset(p->history_zone, 0, sizeof p->history_zone);
  if (stp_heal_history(&p->game->scn, &p->history, &err) != STP_OK) {
    pl_set_status(p, true, "The client's old work could not be made: %s", err.msg);
    return;
  }
  for (size_t i = 0; i < p->history.count; i++) {
    int z = stp_scenario_zone_at(&p->game->scn, p->history.items[i].x_mm, p->history.items[i].y_mm);
    if (z >= 0) p->history_zone[z]++;
  }
}
