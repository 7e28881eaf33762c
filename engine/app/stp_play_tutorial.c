/* stp_play_tutorial.c - the coach of a tutorial case (scenario key `tutorial`): a card
 * over the top of the scalp view naming the step to do next, how to do it with the pen,
 * a finger or the mouse (and the key), a row of ticks for the steps done, and a ring round
 * the palette's button that does it. Each step is met by doing it (pl_tutorial_did, called
 * by the play screen after the action took effect); a step done before its turn counts.
 * The coach only guides: nothing is refused, and finishing early is allowed.
 */
#define _POSIX_C_SOURCE 200809L
#include "stp_play_internal.h"

typedef struct coach_text {
  const char *title, *how;
  const char *touch;   /* how, in a tablet's words: no keys, no mouse (pl_keys_shown) */
} coach_text;

static const coach_text TEXTS[STP_TUT_COUNT] = {
  [STP_TUT_PLACE] = {"Place a dot", "Tap inside the outlined field with the pen, or click. Press harder for a deeper dot "
                                    "(with the mouse, the Pressure buttons set it). Scatter them about 2 mm apart, as "
                                    "hair grows: rows or a grid are marked down as too regular.",
                     "Tap inside the outlined field with the pen. Press harder for a deeper dot (with a finger, the "
                     "Pressure buttons set it). Scatter them about 2 mm apart, as hair grows: rows or a grid are "
                     "marked down as too regular."},
  [STP_TUT_ZOOM] = {"Zoom in", "Press Zoom + on the panel, pinch with two fingers, or turn the wheel over the field.",
                    "Press Zoom + on the panel, or pinch with two fingers."},
  [STP_TUT_NEEDLE] = {"Change the needle", "Press + beside Needle on the panel (or N): the cursor's dot grows.",
                      "Press + beside Needle on the panel: the cursor's dot grows."},
  [STP_TUT_HEALED] = {"Look at it healed", "Press 7 d under Viewing (or H): your dots a week on, lighter and softer. "
                                           "Now brings you back.",
                      "Press 7 d under Viewing: your dots a week on, lighter and softer. Now brings you back."},
  [STP_TUT_FINISH] = {"Finish", "When the field is filled, evenly but not in rows, press Finish and score (or F) to "
                                 "read your score.",
                      "When the field is filled, evenly but not in rows, press Finish and score to read your score."},
};

bool pl_tutorial_active(const play *p) {
  return p->game && p->game->scn.tutorial_count > 0 && !p->game->assessment;
}

void pl_tutorial_reset(play *p) {
  memset(p->tut_done, 0, sizeof p->tut_done);
  /* A tutorial the trainee has passed opens complete: its coaching is done (it started again
   * at "Step 1 of 5: Place a dot" over a passed work of 61 dots). */
  const stp_profile_case *c = p->loop && p->game ? stp_profile_find(&p->loop->profile, p->game->scn.id) : NULL;
  if (c && c->passed && p->game->scn.tutorial_count > 0) {
    for (int i = 0; i < STP_TUT_COUNT; i++) p->tut_done[i] = true;
    printf("stipple: tutorial: passed before: every step done\n");
    fflush(stdout);
  }
}

/* The index in the scenario's list of the first step not done, or tutorial_count. */
static int current(const play *p) {
  const stp_scenario *s = &p->game->scn;
  for (int i = 0; i < s->tutorial_count; i++)
    if (!p->tut_done[s->tutorial[i]]) return i;
  return s->tutorial_count;
}

void pl_tutorial_did(play *p, stp_tutorial_step step) {
  if (!pl_tutorial_active(p) || step < 0 || step >= STP_TUT_COUNT || p->tut_done[step]) return;
  const stp_scenario *s = &p->game->scn;
  bool listed = false;
  for (int i = 0; i < s->tutorial_count; i++) listed |= s->tutorial[i] == step;
  if (!listed) return;
  p->tut_done[step] = true;
  int left = s->tutorial_count - current(p);
  printf("stipple: tutorial: %s done (%d to go)\n", stp_tutorial_step_key(step), left);
  fflush(stdout);
  if (left > 0) pl_set_status(p, false, "Well done. Next: %s.", TEXTS[s->tutorial[current(p)]].title);
  p->redraw = true;
}

/* The palette's button that does the step, as the last frame drew it. */
static bool target_of(const play *p, stp_tutorial_step step, SDL_FRect *rc) {
  for (int i = 0; i < p->hit_count; i++) {
    const stp_action *a = &p->hits[i].act;
    bool m = (step == STP_TUT_ZOOM && a->kind == STP_ACT_ZOOM && a->factor > 1) ||
             (step == STP_TUT_NEEDLE && a->kind == STP_ACT_NEEDLE && a->step > 0) ||
             (step == STP_TUT_HEALED && a->kind == STP_ACT_UI && a->step == PL_UI_TIME_AT && a->delta == 2) ||
             (step == STP_TUT_FINISH && a->kind == STP_ACT_FINISH);
    if (m) {
      *rc = p->hits[i].rc;
      return true;
    }
  }
  return false;
}

static void ring(play *p, SDL_FRect rc, float width) {
  for (int k = 0; k < (int)width; k++) {
    SDL_FRect r = {rc.x - 2 - (float)k, rc.y - 2 - (float)k, rc.w + 4 + 2 * (float)k, rc.h + 4 + 2 * (float)k};
    SDL_SetRenderDrawColor(p->ren, C_ACCENT.r, C_ACCENT.g, C_ACCENT.b, 255);
    SDL_RenderDrawRectF(p->ren, &r);
  }
}

void pl_draw_tutorial(play *p) {
  if (!pl_tutorial_active(p) || p->confirm) return;
  const stp_scenario *s = &p->game->scn;
  int cur = current(p);
  float pad = p->px * 0.7f, vw = p->scene.w;   /* at the top of the scalp's view, centred */
  float w = vw - 4 * pad;
  if (w > p->px * 40) w = p->px * 40;
  float x = p->scene.x + (vw - w) / 2, y = p->scene.y + pad, tw = w - 2 * pad;
  char head[160];
  const char *how;
  if (cur < s->tutorial_count) {
    snprintf(head, sizeof head, "Step %d of %d: %s", cur + 1, s->tutorial_count, TEXTS[s->tutorial[cur]].title);
    const coach_text *ct = &TEXTS[s->tutorial[cur]];
    how = ct->how;
    if (!pl_keys_shown(p)) how = ct->touch;
  } else {
    snprintf(head, sizeof head, "Tutorial complete");
    how = "You have used every control. Fill the field, evenly but scattered (never in rows), then finish to read your "
          "score; the next case opens when you pass.";
  }
  float hsize = p->px * 1.2f, bsize = p->px * PL_TEXT;
  float hh = stp_font_line_height(p->font, hsize);
  float bh = stp_font_draw_wrapped(p->font, NULL, 0, 0, bsize, tw, C_TEXT, how);
  float dot = p->px * 0.8f, h = pad + hh + pad * 0.4f + bh + pad * 0.6f + dot + pad;
  pl_fill(p->ren, x, y, w, h, (SDL_Color){20, 22, 27, 225});
  float ty = y + pad;
  pl_text(p, x + pad, ty, hsize, cur < s->tutorial_count ? C_ACCENT : C_GOOD, head);
  ty += hh + pad * 0.4f;
  ty += stp_font_draw_wrapped(p->font, p->ren, x + pad, ty, bsize, tw, C_TEXT, how) + pad * 0.6f;
  /* The steps: a filled square for each done, an outlined one for each to come. */
  for (int i = 0; i < s->tutorial_count; i++) {
    SDL_FRect r = {x + pad + (float)i * dot * 1.8f, ty, dot, dot};
    bool done = p->tut_done[s->tutorial[i]];
    SDL_Color c = done ? C_GOOD : i == cur ? C_ACCENT : C_DIM;
    SDL_SetRenderDrawColor(p->ren, c.r, c.g, c.b, 255);
    if (done) SDL_RenderFillRectF(p->ren, &r);
    else SDL_RenderDrawRectF(p->ren, &r);
  }
  SDL_FRect rc;
  if (cur < s->tutorial_count && target_of(p, s->tutorial[cur], &rc)) ring(p, rc, 3);
}
