/* stp_play.c - the game: window, main loop, actions and its screens.
 *
 *   play    the scalp (left) and the panel (right): brief, tool, live counts, Finish;
 *   result  the score, pass or fail and one line per criterion, merged dots ringed;
 *   error   a scenario or work file that failed to load, with file and line; R reloads.
 * The menu, the input record and the exam live beside it (stp_play_internal.h lists them).
 *
 * The loop sleeps in SDL_WaitEventTimeout and redraws only when something changed.
 * Every action goes to the core (stp_game) or the view; this file owns no rules.
 */
#define _POSIX_C_SOURCE 200809L
#include "stp_play_internal.h"

void pl_set_status(play *p, bool bad, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(p->status, sizeof p->status, fmt, ap);
  va_end(ap);
  p->status_bad = bad;
  p->redraw = true;
}

/* Present the frame; if F12 asked for it, first save it as PNG (the pixels the window
 * shows) to $XDG_DATA_HOME/stipple/shots/shot-NNN.png (~/.local/share/...) and print
 * "stipple: screenshot PATH" (the GUI tests read the window's pixels this way). */
void pl_present(play *p) {
  if (p->shot_pending) {
    p->shot_pending = false;
    stp_error serr;
    if (stp_window_screenshot(p->ren, p->out_w, p->out_h, &p->shot_count, &serr) != STP_OK) {
      char buf[1200];
      pl_set_status(p, true, "Screenshot not saved: %s", stp_error_format(&serr, buf, sizeof buf));
    }
  }
  SDL_RenderPresent(p->ren);
}

/* The play screen's key help, drawn just above the Finish button. */
static const char PLAY_HELP[] = "Click: one impression. Wheel: zoom. Right-drag: pan. 0: fit. "
                                "Z: undo. Y: redo. L: loupe. G: zones. O: overlays. M: menu. "
                                "H: later (Shift+H: earlier). S: end session. F: finish.";
/* In an exam only what is enabled: no undo, redo, overlays or menu. */
static const char EXAM_HELP[] = "Click: one impression. Wheel: zoom. Right-drag: pan. 0: fit. "
                                "L: loupe. G: design outlines. H: later (Shift+H: earlier). S: end session (asks first). "
                                "F: finish (asks first).";

static const char *play_help(const play *p) { return p->exam ? EXAM_HELP : PLAY_HELP; }

static void layout(play *p) {
  SDL_GetRendererOutputSize(p->ren, &p->out_w, &p->out_h);
  stp_window_metrics(p->out_w, p->out_h, &p->px, &p->panel_w, &p->status_h);
  /* Laid out without drawing, once per window size, not every frame. */
  p->help_h = stp_font_draw_wrapped(p->font, NULL, 0, 0, p->px * 0.8f, p->panel_w - 2 * p->px, C_DIM, play_help(p));
  double cx = p->view.cx, cy = p->view.cy, scale = p->view.scale;
  stp_view_set_viewport(&p->view, 0, 0, p->out_w - p->panel_w, p->out_h - p->status_h);
  p->view.cx = cx; p->view.cy = cy; p->view.scale = scale;
  stp_input_init(&p->input, p->out_w, p->out_h);
  if (p->pressure_gamma > 0) p->input.pressure_gamma = p->pressure_gamma;
  if (p->game) p->input.mouse_pressure = p->game->tool.pressure;
  p->redraw = true;
}

void pl_fit_view(play *p) {
  const stp_scenario *s = &p->game->scn;
  stp_view_fit(&p->view, s->view_x0, s->view_y0, s->view_x1, s->view_y1);
  p->redraw = true;
}

/* A file beside the work: the work's path without ".csv", then suffix. */
void pl_beside_work(const char *work, const char *suffix, char *out, size_t size) {
  snprintf(out, size, "%s", work);
  size_t n = strlen(out);
  if (n > 4 && strcmp(out + n - 4, ".csv") == 0) out[n - 4] = '\0';
  size_t m = strlen(out);
  snprintf(out + m, size - m, "%s", suffix);
}

/* Remember the scenario file's modification time and size. Returns true if they changed. */
static bool scenario_changed(play *p) {
  struct stat st;
  if (stat(p->scenario_path, &st) != 0) return false;
  bool changed = st.st_mtim.tv_sec != p->scenario_mtime.tv_sec ||
                 st.st_mtim.tv_nsec != p->scenario_mtime.tv_nsec || st.st_size != p->scenario_size;
  p->scenario_mtime = st.st_mtim;
  p->scenario_size = st.st_size;
  return changed;
}

/* Load (or reload) the scenario and the work; on failure switch to the error screen. */
void pl_open_scenario(play *p) {
  scenario_changed(p);
  /* The new game reads the work back from its file: save the old one first, and keep
   * it if that fails, so a reload can never lose work. */
  if (p->game && !p->work_path[0] && p->game->work.count) {
    pl_set_status(p, true, "Not reloaded: autosave is off, so reloading would drop the work.");
    return;
  }
  if (p->game && stp_game_autosave(p->game, pl_game_now(p), true) != STP_OK) {
    char buf[1200];
    pl_set_status(p, true, "Not reloaded: the work could not be saved first (%s)",
               stp_error_format(&p->game->save_error, buf, sizeof buf));
    return;
  }
  stp_scenario *scn = malloc(sizeof *scn);
  stp_error_clear(&p->error);
  if (!scn) { stp_error_set(&p->error, STP_ERR_NOMEM, NULL, 0, "out of memory"); p->screen = SCREEN_ERROR; return; }
  stp_script *script = NULL;
  stp_status st = stp_app_open_scenario(p->scenario_path, scn, &script, &p->error);
  stp_startup_mark("scenario");
  if (st == STP_OK && !p->work_path_given && stp_app_autosave_path(scn->id, p->work_path, sizeof p->work_path) != 0) {
    pl_set_status(p, true, "Cannot create ~/.local/share/stipple/works: autosave is off. Use --work FILE.");
    p->work_path[0] = '\0';
  }
  if (st == STP_OK) {
    stp_game *g = malloc(sizeof *g);
    /* The new game takes the work's lock over from the old one (saved above). */
    if (p->game) stp_file_lock_release(&p->game->lock);
    if (!g) st = stp_error_set(&p->error, STP_ERR_NOMEM, NULL, 0, "out of memory");
    else if ((st = stp_game_init(g, scn, p->work_path, SDL_GetTicks64(), &p->error)) != STP_OK) {
      stp_game_free(g);
      free(g);
    } else {
      stp_draw *d = NULL;
      st = stp_draw_create(&d, p->ren, scn, 1, &p->error);
      stp_startup_mark("skin");
      if (st != STP_OK) {
        stp_game_free(g);
        free(g);
      } else {
        if (p->game) { stp_game_autosave(p->game, pl_game_now(p), true); stp_game_free(p->game); free(p->game); }
        stp_draw_destroy(p->draw);
        stp_script_close(p->script);
        p->game = g;
        p->draw = d;
        p->script = script;
        script = NULL;
        p->hover_in = false;
        g->assessment = p->assessment;
        p->zones = !p->assessment && (g->scn.overlays & STP_OVERLAY_ZONES);
        p->overlay = 0;
        p->screen = SCREEN_PLAY;
        p->time_step = 0;
        p->interlude = false;
        pl_load_history(p);
        pl_fit_view(p);
        p->input.mouse_pressure = g->tool.pressure;
        pl_attach_practice_record(p);
        if (g->work.count)
          pl_set_status(p, false, "Resumed %zu impressions from %s", g->work.count, p->work_path);
        else if (p->work_path[0])
          pl_set_status(p, false, "Your work is autosaved to %s", p->work_path);
      }
    }
  }
  if (st != STP_OK && p->game && p->game->work_path[0] && !p->game->lock.held)
    stp_file_lock_acquire(&p->game->lock, p->game->work_path, "the work", NULL);   /* kept */
  free(scn);
  stp_script_close(script);   /* still ours only if the case did not open */
  if (st != STP_OK) {
    char buf[1200];
    fprintf(stderr, "stipple: %s\n", stp_error_format(&p->error, buf, sizeof buf));
    p->screen = SCREEN_ERROR;
  }
  p->redraw = true;
}

void pl_finish(play *p) {
  stp_game *g = p->game;
  stp_error err;
  stp_error_clear(&err);
  p->confirm = false;
  free(p->merged);
  p->merged = g->work.count ? calloc(g->work.count, 1) : NULL;
  if (p->exam && !g->finished &&
      pl_act(p, (stp_record_event){.t_ms = (int64_t)pl_game_now(p), .kind = STP_REC_FINISH}, &err) != STP_OK)
    return;   /* the record failed: said so */
  if (stp_game_finish(g, pl_game_now(p), &err) != STP_OK ||
      stp_app_score(&g->scn, p->script, &g->work, &g->result, p->merged, &err) != STP_OK) {
    char buf[1200];
    if (!p->exam) g->finished = false;
    pl_set_status(p, true, "Could not score: %s", stp_error_format(&err, buf, sizeof buf));
    return;
  }
  const stp_score_result *r = &g->result;
  printf("score %.2f %s (%zu impressions, pass mark %.0f)\n", r->score, r->passed ? "passed" : "failed",
         r->impressions, r->pass_mark);
  for (int i = 0; i < STP_CRIT_COUNT; i++)
    if (r->criteria[i].enabled)
      printf("  %s %.2f %s\n", stp_criterion_key(r->criteria[i].id), r->criteria[i].score, r->criteria[i].figures);
  fflush(stdout);
  if (p->exam) {
    pl_seal_exam(p);
  } else if (p->work_path[0]) {
    char path[1100];
    pl_beside_work(p->work_path, ".result.json", path, sizeof path);
    char *js = stp_app_result_text(&g->scn, r);   /* the JSON and a newline, written atomically */
    stp_error werr;
    stp_error_set(&werr, STP_ERR_NOMEM, path, 0, "out of memory");
    if (js && stp_file_write(path, js, strlen(js), 0, "the result", &werr) == STP_OK) {
      pl_set_status(p, false, "Result saved to %s", path);
    } else {
      char buf[1200];
      fprintf(stderr, "stipple: %s\n", stp_error_format(&werr, buf, sizeof buf));
      pl_set_status(p, true, "Result NOT saved: %s", stp_error_format(&werr, buf, sizeof buf));
      p->result_write_failed = true;
    }
    free(js);
  }
  p->screen = SCREEN_RESULT;
  p->redraw = true;
}

static void handle_action(play *p, const stp_action *a, Uint32 stamp) {
  stp_game *g = p->game;
  switch (a->kind) {
  case STP_ACT_QUIT: p->running = false; return;
  case STP_ACT_BACK:
    if (p->confirm) {
      p->confirm = p->confirm_session = false;
      pl_set_status(p, false, p->exam ? "Back to the exam: the clock is still running." : "Back to the work.");
      return;
    }
    if (p->screen == SCREEN_RESULT && p->exam) pl_set_status(p, false, "The exam is finished and sealed; close the window to quit.");
    else if (p->screen == SCREEN_RESULT && g->assessment) pl_set_status(p, false, "The assessment is finished; close the window to quit.");
    else if (p->screen == SCREEN_RESULT) { g->finished = false; p->screen = SCREEN_PLAY; p->redraw = true; }
    else if (p->screen == SCREEN_ERROR) p->running = false;
    else pl_set_status(p, false, "Press F to finish and score, or close the window to quit (your work is saved).");
    return;
  case STP_ACT_ZOOM:
    if (p->screen == SCREEN_RESULT && a->sx >= (float)p->out_w - p->panel_w) {   /* the wheel over the panel */
      float step = 3 * stp_font_line_height(p->font, p->px * 0.9f);
      p->result_scroll += a->factor > 1 ? -step : step;
      if (p->result_scroll > p->result_scroll_max) p->result_scroll = p->result_scroll_max;
      if (p->result_scroll < 0) p->result_scroll = 0;
      p->redraw = true;
      return;
    }
    stp_view_zoom_at(&p->view, a->factor, a->sx, a->sy); pl_note_view(p); p->redraw = true; return;
  case STP_ACT_PAN: stp_view_pan_pixels(&p->view, a->dx, a->dy); pl_note_view(p); p->redraw = true; return;
  case STP_ACT_FIT: if (g) { pl_fit_view(p); pl_note_view(p); } return;
  case STP_ACT_TOGGLE_HEALED:   /* H (the main loop takes the key itself, with Shift) */
    pl_time_step(p, 1);
    return;
  case STP_ACT_CLICK:
    if (pl_time_click(p, (float)a->sx, (float)a->sy)) return;
    break;
  case STP_ACT_CYCLE_OVERLAY: {
    if (!g || p->screen != SCREEN_PLAY) return;
    if (g->assessment) { pl_set_status(p, false, "Overlays are off in an assessment."); return; }
    static const char *const names[] = {"Overlay off.", "Overlay: the target grain (arrows).",
                                        "Overlay: live density against the target."};
    static const unsigned need[] = {0, STP_OVERLAY_GRAIN, STP_OVERLAY_DENSITY};
    /* The next overlay this scenario allows (or off). */
    do p->overlay = (p->overlay + 1) % 3; while (need[p->overlay] && !(g->scn.overlays & need[p->overlay]));
    if (p->overlay == 0 && !(g->scn.overlays & (STP_OVERLAY_GRAIN | STP_OVERLAY_DENSITY)))
      pl_set_status(p, false, "This case allows no overlays: judge your work by eye.");
    else
      pl_set_status(p, false, "%s (O for the next)", names[p->overlay]);
    return;
  }
  case STP_ACT_CYCLE_MAP:
    if (p->screen != SCREEN_RESULT || !g) return;
    for (int k = 0; k <= STP_CRIT_COUNT; k++) {   /* next enabled criterion, then none (-1) */
      p->map_crit += a->step;
      if (p->map_crit >= STP_CRIT_COUNT) p->map_crit = -1;
      if (p->map_crit < -1) p->map_crit = STP_CRIT_COUNT - 1;
      if (p->map_crit == -1 || g->scn.rubric.items[p->map_crit].enabled) break;
    }
    p->redraw = true;
    return;
  case STP_ACT_TOGGLE_LOUPE:
    p->loupe = !p->loupe;
    pl_note_show(p, 2, p->loupe);
    pl_set_status(p, false, p->loupe ? "Loupe on: 5x the view under the cursor (L to close)." : "Loupe off.");
    return;
  case STP_ACT_TOGGLE_HAIR:
    if (!p->draw || !stp_draw_has_long_hair(p->draw)) return;
    p->hair_aside = !p->hair_aside;
    pl_note_show(p, 3, p->hair_aside);
    pl_set_status(p, false, p->hair_aside ? "Long hair held aside (A to let it fall back)." : "Long hair falls back over the scalp.");
    return;
  case STP_ACT_TOGGLE_ZONES:
    /* The zones are the agreed design, drawn on the client in a real procedure: shown in
     * an exam too (only the overlays that give answers are off). */
    if (g && !(g->scn.overlays & STP_OVERLAY_ZONES)) { pl_set_status(p, false, "This case hides its zones."); return; }
    p->zones = !p->zones;
    pl_note_show(p, 1, p->zones);
    p->redraw = true;
    return;
  case STP_ACT_HOVER:
    p->hover_in = stp_view_hit(&p->view, a->sx, a->sy);
    p->hover_x = a->x_mm; p->hover_y = a->y_mm;
    p->redraw = true;
    return;
  default: break;
  }
  if (!g || p->screen != SCREEN_PLAY) return;
  /* "Finish the exam?" takes only its answers: Enter and clicks on its buttons in the main
   * loop, Esc above (STP_ACT_BACK); no game action reaches the work meanwhile. */
  if (p->confirm) return;
  if (p->exam && p->exam->rec.failed) { pl_record_failed(p); return; }
  int64_t t = (int64_t)pl_to_game_ms(p, stamp);
  switch (a->kind) {
  case STP_ACT_PLACE: {
    stp_error err;
    stp_error_clear(&err);
    pl_time_reset(p);   /* the work is done now, and seen now */
    stp_record_event e = {.t_ms = t, .kind = STP_REC_PLACE, .a = {a->x_mm, a->y_mm, a->pressure, a->angle_deg, a->dwell_ms}};
    if (pl_act(p, e, &err) != STP_OK) {
      if (err.status != STP_ERR_IO) pl_set_status(p, true, "%s", err.msg);
      p->redraw = true;
      return;
    }
    stp_sound_tap(p->sound);   /* it landed */
    if (!g->assessment && p->script && stp_script_has_on_impression(p->script)) {
      /* Live advice from the scenario, in practice only. A failing hook is reported
       * (file:line) and play goes on. */
      char advice[256];
      if (stp_script_call_on_impression(p->script, &g->work.items[g->work.count - 1], advice, sizeof advice, &err) != STP_OK) {
        char buf[1200];
        pl_set_status(p, true, "Scenario hook failed: %s", stp_error_format(&err, buf, sizeof buf));
        fprintf(stderr, "stipple: %s\n", buf);
      } else if (advice[0]) {
        pl_set_status(p, false, "%s", advice);
      }
    }
    p->redraw = true;
    return;
  }
  case STP_ACT_UNDO: {
    stp_impression last = g->work.count ? g->work.items[g->work.count - 1] : (stp_impression){0};
    bool healed_last = g->work.count && last.session < g->session;
    if (g->assessment) pl_set_status(p, false, "Undo and redo are off in an assessment.");
    else if (pl_act(p, (stp_record_event){.t_ms = t, .kind = STP_REC_UNDO}, NULL) != STP_OK) {
      if (healed_last) pl_set_status(p, false, "Nothing to undo in this session: session %d has healed.", (int)last.session);
      else pl_set_status(p, false, "Nothing to undo.");
    }
    else {
      stp_draw_undone(p->draw, &g->work, &last);
      pl_set_status(p, false, "Undone: %zu impression%s left (Y redoes).", g->work.count, g->work.count == 1 ? "" : "s");
    }
    p->redraw = true;
    return;
  }
  case STP_ACT_REDO: {
    stp_error err;
    stp_error_clear(&err);
    if (g->assessment) pl_set_status(p, false, "Undo and redo are off in an assessment.");
    else if (pl_act(p, (stp_record_event){.t_ms = t, .kind = STP_REC_REDO}, &err) != STP_OK) pl_set_status(p, false, "Nothing to redo.");
    else pl_set_status(p, false, "Redone: %zu impression%s.", g->work.count, g->work.count == 1 ? "" : "s");
    p->redraw = true;
    return;
  }
  case STP_ACT_NEEDLE: pl_act(p, (stp_record_event){.t_ms = t, .kind = STP_REC_NEEDLE, .step = a->step}, NULL); break;
  case STP_ACT_INK: pl_act(p, (stp_record_event){.t_ms = t, .kind = STP_REC_INK, .step = a->step}, NULL); break;
  case STP_ACT_PIGMENT: pl_act(p, (stp_record_event){.t_ms = t, .kind = STP_REC_PIGMENT, .step = a->step}, NULL); break;
  case STP_ACT_PRESSURE: pl_act(p, (stp_record_event){.t_ms = t, .kind = STP_REC_PRESSURE, .a = {a->delta}}, NULL); break;
  case STP_ACT_ROTATE: pl_act(p, (stp_record_event){.t_ms = t, .kind = STP_REC_ROTATE, .a = {a->delta}}, NULL); break;
  case STP_ACT_FINISH: pl_ask_finish(p); return;
  case STP_ACT_CLICK: {
    SDL_FPoint pt = {(float)a->sx, (float)a->sy};
    if (SDL_PointInFRect(&pt, &p->finish_btn)) pl_ask_finish(p);
    return;
  }
  default: return;
  }
  p->input.mouse_pressure = g->tool.pressure;
  p->redraw = true;
}

/* ---- drawing --------------------------------------------------------------------- */

void pl_fill(SDL_Renderer *r, float x, float y, float w, float h, SDL_Color c) {
  SDL_FRect rc = {x, y, w, h};
  SDL_SetRenderDrawBlendMode(r, SDL_BLENDMODE_BLEND);
  SDL_SetRenderDrawColor(r, c.r, c.g, c.b, c.a);
  SDL_RenderFillRectF(r, &rc);
}

float pl_text(play *p, float x, float y, float size, SDL_Color c, const char *s) {
  return stp_font_draw(p->font, p->ren, x, y, size, c, s);
}

static void chart_label(play *p, double x_mm, double y_mm, const char *s) {
  double sx, sy;
  stp_view_to_screen(&p->view, x_mm, y_mm, &sx, &sy);
  float w = stp_font_measure(p->font, p->px * 0.8f, s);
  if (!stp_view_hit(&p->view, sx - w / 2, sy) || !stp_view_hit(&p->view, sx + w / 2, sy + p->px)) return;
  pl_text(p, (float)sx - w / 2, (float)sy, p->px * 0.8f, C_DIM, s);
}

static const char *depth_note(const stp_scenario *s, double depth) {
  if (depth < s->depth.shallow_mm) return "too shallow: fades in healing";
  if (depth > s->depth.deep_mm) return "too deep: blow-out risk";
  return "in the stable window";
}

static float draw_tool(play *p, float x, float y, float w) {
  const stp_game *g = p->game;
  const stp_scenario *s = &g->scn;
  char buf[256];
  float lh = stp_font_line_height(p->font, p->px);
  double depth = stp_pressure_to_depth(g->tool.pressure);
  pl_text(p, x, y, p->px, C_ACCENT, "Tool");
  y += lh;
  snprintf(buf, sizeof buf, "Needle %.2f mm  (N)", s->needles_mm[g->tool.needle]);
  pl_text(p, x, y, p->px, C_TEXT, buf); y += lh;
  snprintf(buf, sizeof buf, "Ink %.0f%%  (I)", s->inks[g->tool.ink] * 100);
  pl_text(p, x, y, p->px, C_TEXT, buf); y += lh;
  if (s->pigment_count > 0) {
    const stp_kit_pigment *pg = &s->pigments[g->tool.pigment];
    float sw = p->px * 0.9f;
    SDL_SetRenderDrawColor(p->ren, stp_draw_srgb8(pg->rgb[0]), stp_draw_srgb8(pg->rgb[1]), stp_draw_srgb8(pg->rgb[2]), 255);
    SDL_FRect r = {x, y + (lh - sw) * 0.5f, sw, sw};
    SDL_RenderFillRectF(p->ren, &r);
    snprintf(buf, sizeof buf, "Pigment %s  (P)", pg->name);
    pl_text(p, x + sw * 1.4f, y, p->px, C_TEXT, buf); y += lh;
  }
  snprintf(buf, sizeof buf, "Pressure %.0f%% → depth %.2f mm  ([ ])", g->tool.pressure * 100, depth);
  pl_text(p, x, y, p->px, C_TEXT, buf); y += lh;
  bool ok = depth >= s->depth.shallow_mm && depth <= s->depth.deep_mm;
  pl_text(p, x + p->px, y, p->px * 0.9f, ok ? C_GOOD : C_BAD, depth_note(s, depth)); y += lh;
  snprintf(buf, sizeof buf, "Grain %.0f°  (Q/E)", g->tool.angle_deg);
  pl_text(p, x, y, p->px, C_TEXT, buf); y += lh;
  if (p->draw && stp_draw_has_long_hair(p->draw)) {
    pl_text(p, x, y, p->px, C_TEXT, p->hair_aside ? "Long hair held aside  (A)" : "Long hair down  (A: move aside)");
    y += lh;
  }
  (void)w;
  return y;
}

static float draw_counts(play *p, float x, float y, float w) {
  const stp_game *g = p->game;
  const stp_scenario *s = &g->scn;
  char buf[256];
  float lh = stp_font_line_height(p->font, p->px);
  pl_text(p, x, y, p->px, C_ACCENT, "Work");
  y += lh;
  snprintf(buf, sizeof buf, "%zu impressions, session %d of %d", g->work.count, g->session, s->sessions);
  pl_text(p, x, y, p->px, C_TEXT, buf); y += lh;
  if (p->history.count) {
    snprintf(buf, sizeof buf, "over %zu dots of the client's old work", p->history.count);
    pl_text(p, x, y, p->px * 0.9f, C_DIM, buf); y += lh;
  }
  /* In a case over time, what is on the skin now (this session's dots, the earlier sessions'
   * that held and the old work) against this session's plan. */
  bool timed = stp_scenario_timed(s);
  for (int i = 0; i < s->zone_count && i < 6; i++) {
    const stp_zone *z = &s->zones[i];
    const char *name = z->name[0] ? z->name : z->id;
    double area = stp_shape_area_mm2(&z->shape) / 100.0;
    if (!timed) {
      double d = area > 0 ? (double)g->zone_counts[i] / area : 0;
      snprintf(buf, sizeof buf, "%s: %.1f/cm² (target %.0f ± %.0f)", name, d, z->density_per_cm2, z->density_tolerance);
    } else {
      double d = area > 0 ? (double)(g->zone_on_skin[i] + p->history_zone[i]) / area : 0;
      const stp_session_plan *pl = g->session >= 1 && g->session <= STP_SCN_MAX_SESSIONS ? &z->plan[g->session - 1] : NULL;
      if (pl && pl->set && pl->density < 0.999)
        snprintf(buf, sizeof buf, "%s: %.1f/cm² on the skin (this session's plan %.0f ± %.0f; in the end %.0f)", name, d,
                 z->density_per_cm2 * pl->density, z->density_tolerance * pl->density, z->density_per_cm2);
      else
        snprintf(buf, sizeof buf, "%s: %.1f/cm² on the skin (target %.0f ± %.0f)", name, d, z->density_per_cm2,
                 z->density_tolerance);
    }
    y += stp_font_draw_wrapped(p->font, p->ren, x, y, p->px * 0.9f, w, C_TEXT, buf);
  }
  return y;
}

void pl_draw_button(play *p, SDL_FRect rc, const char *label, SDL_Color bg) {
  pl_fill(p->ren, rc.x, rc.y, rc.w, rc.h, bg);
  float tw = stp_font_measure(p->font, p->px * 1.1f, label);
  pl_text(p, rc.x + (rc.w - tw) / 2, rc.y + (rc.h - p->px * 1.1f * 1.2f) / 2, p->px * 1.1f,
       (SDL_Color){20, 20, 24, 255}, label);
}

static void draw_panel_play(play *p, float x0) {
  const stp_scenario *s = &p->game->scn;
  float pad = p->px, x = x0 + pad, y = pad, w = p->panel_w - 2 * pad;
  y += stp_font_draw_wrapped(p->font, p->ren, x, y, p->px * 1.3f, w, C_TEXT, s->title);
  y += p->px * 0.4f;
  y += stp_font_draw_wrapped(p->font, p->ren, x, y, p->px * 0.9f, w, C_DIM, s->brief);
  y += p->px;
  float bh = p->px * 2.4f, button_y = (float)p->out_h - p->status_h - pad - bh;
  /* A small window: stop before the Finish button rather than draw under it. */
  /* End session, above Finish, while a session is to come. */
  bool session_btn = pl_can_end_session(p);
  float sbh = p->px * 2.0f;
  float top_y = session_btn ? button_y - sbh - p->px * 0.4f : button_y;   /* the top of the buttons */
  SDL_Rect clip = {(int)x0, 0, (int)p->panel_w, (int)(top_y - p->px * 0.3f)};
  SDL_RenderSetClipRect(p->ren, &clip);
  y = draw_tool(p, x, y, w) + p->px * 0.3f;
  y = pl_draw_time_controls(p, x, y, w) + p->px * 0.3f;
  if (p->game->assessment) {
    char sb[80];
    snprintf(sb, sizeof sb, "Session %d of %d", p->game->session, s->sessions);
    pl_text(p, x, y, p->px, C_TEXT, sb);
    y += stp_font_line_height(p->font, p->px);
  }
  if (!p->game->assessment) y = draw_counts(p, x, y, w) + p->px * 0.6f;
  else if (p->exam) {
    char buf[200];
    int64_t left = pl_exam_left_ms(p);
    int64_t shown = left == INT64_MAX ? (int64_t)pl_game_now(p) / 1000 : (left + 999) / 1000;
    if (shown < 0) shown = 0;
    snprintf(buf, sizeof buf, left == INT64_MAX ? "Time %lld:%02lld" : "Time left %lld:%02lld", (long long)(shown / 60),
             (long long)(shown % 60));
    pl_text(p, x, y, p->px * 1.6f, left < 60000 ? C_BAD : C_TEXT, buf);
    y += stp_font_line_height(p->font, p->px * 1.6f);
    snprintf(buf, sizeof buf, "Candidate %s · attempt %d", p->exam->candidate, p->exam->attempt);
    pl_text(p, x, y, p->px * 0.9f, C_DIM, buf);
    y += stp_font_line_height(p->font, p->px * 0.9f);
    y += stp_font_draw_wrapped(p->font, p->ren, x, y, p->px * 0.9f, w, C_ACCENT,
                               "Exam: no undo, no overlays, no live counts. Scored once, when you finish, then sealed.");
  } else y += stp_font_draw_wrapped(p->font, p->ren, x, y, p->px * 0.9f, w, C_ACCENT,
                                  "Assessment: no undo, no overlays, no live counts. Your work is scored once, when you finish.");
  p->finish_btn = (SDL_FRect){x, button_y, w, bh};
  /* The help sits just above the button, all of its lines inside the clip. */
  float help_y = (float)clip.h - p->px * 0.2f - p->help_h;
  if (help_y > y) stp_font_draw_wrapped(p->font, p->ren, x, help_y, p->px * 0.8f, w, C_DIM, play_help(p));
  SDL_RenderSetClipRect(p->ren, NULL);
  pl_draw_button(p, p->finish_btn, p->exam ? "Finish the exam (F)" : "Finish and score (F)", C_ACCENT);
  p->session_btn = (SDL_FRect){0, 0, 0, 0};
  if (session_btn) {
    char sb[80];
    p->session_btn = (SDL_FRect){x, p->finish_btn.y - sbh - p->px * 0.4f, w, sbh};
    snprintf(sb, sizeof sb, "End session %d of %d (S)", p->game->session, s->sessions);
    pl_draw_button(p, p->session_btn, sb, C_GOOD);
  }
}

/* One criterion on the result panel: name and score, weight, figures, advice. Returns y below it. */
static float draw_criterion(play *p, float x, float y, float w, const char *name, double score, double weight,
                            const char *figures, const char *advice, double pass_mark) {
  char buf[160];
  snprintf(buf, sizeof buf, "%s  %.0f", name, score);
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
    if (sr->judged)
      snprintf(buf, sizeof buf, "Session %d: %.0f  %s  (%zu placed, %zu lost)", sr->session, sr->score,
               sr->passed ? "passed" : "not passed", sr->placed, sr->lost);
    else
      snprintf(buf, sizeof buf, "Session %d: not judged (no plan)  (%zu placed, %zu lost)", sr->session, sr->placed, sr->lost);
    /* Wrapped: "Session 1: 45  not passed  (224 placed, 24 lost)" is wider than the panel at
     * 1280 x 800. */
    y += stp_font_draw_wrapped(p->font, p->ren, x, y, p->px * 0.95f, w, !sr->judged ? C_DIM : sr->passed ? C_GOOD : C_BAD,
                               buf);
    if (sr->verdict[0]) y += stp_font_draw_wrapped(p->font, p->ren, x + p->px, y, p->px * 0.85f, w - p->px, C_DIM, sr->verdict);
  }
  y += p->px * 0.3f;
  snprintf(buf, sizeof buf, "Healed whole: %.0f", r->final_score);
  pl_text(p, x, y, p->px * 1.1f, r->final_score >= r->pass_mark ? C_GOOD : C_BAD, buf);
  y += stp_font_line_height(p->font, p->px * 1.1f);
  snprintf(buf, sizeof buf, "%zu impression%s lost in healing", r->lost, r->lost == 1 ? "" : "s");
  if (r->history || r->stacked)
    snprintf(buf + strlen(buf), sizeof buf - strlen(buf), "; over %zu of the old work's dots, %zu stacked on them",
             r->history, r->stacked);
  y += stp_font_draw_wrapped(p->font, p->ren, x, y, p->px * 0.9f, w, C_TEXT, buf);
  return y + p->px * 0.6f;
}

static void draw_panel_result(play *p, float x0) {
  const stp_game *g = p->game;
  const stp_score_result *r = &g->result;
  float pad = p->px, x = x0 + pad, y = pad - p->result_scroll, w = p->panel_w - 2 * pad;
  char buf[600];
  /* The criteria can run longer than the window: the panel scrolls with the wheel, above
   * the line of keys at its foot. */
  float help_y = (float)p->out_h - p->status_h - pad - p->px * 2.6f;
  SDL_Rect clip = {(int)x0, 0, (int)p->panel_w, (int)(help_y - p->px * 0.4f)};
  SDL_RenderSetClipRect(p->ren, &clip);
  pl_text(p, x, y, p->px * 1.1f, C_DIM, "Result");
  y += stp_font_line_height(p->font, p->px * 1.1f);
  snprintf(buf, sizeof buf, "%.0f / 100", r->score);
  pl_text(p, x, y, p->px * 2.6f, C_TEXT, buf);
  y += stp_font_line_height(p->font, p->px * 2.6f);
  snprintf(buf, sizeof buf, "%s  (pass mark %.0f)", r->passed ? "PASSED" : "NOT PASSED", r->pass_mark);
  pl_text(p, x, y, p->px * 1.2f, r->passed ? C_GOOD : C_BAD, buf);
  y += stp_font_line_height(p->font, p->px * 1.2f);
  if (r->gates_failed)   /* why a high score still failed: name the gate */
    y += stp_font_draw_wrapped(p->font, p->ren, x, y, p->px * 0.9f, w, C_BAD, r->verdict);
  y += p->px * 0.5f;
  y = pl_draw_time_controls(p, x, y, w) + p->px * 0.3f;
  if (r->timed) y = draw_sessions(p, x, y, w);
  for (int i = 0; i < STP_CRIT_COUNT; i++) {
    const stp_criterion_result *c = &r->criteria[i];
    if (c->enabled)
      y = draw_criterion(p, x, y, w, stp_criterion_name(c->id), c->score, c->weight, c->figures, c->advice, r->pass_mark);
  }
  for (int i = 0; i < r->custom_count; i++) {
    const struct stp_custom_criterion *c = &r->custom[i];
    y = draw_criterion(p, x, y, w, c->key, c->score, c->weight, c->figures, c->advice, r->pass_mark);
  }
  if (r->merged)
    y += stp_font_draw_wrapped(p->font, p->ren, x, y, p->px * 0.85f, w, C_ACCENT,
                               "Merged impressions are ringed in orange on the scalp.");
  SDL_RenderSetClipRect(p->ren, NULL);
  float bottom = (float)clip.h, content = y + p->result_scroll;
  p->result_scroll_max = content > bottom ? content - bottom + pad : 0;
  bool more = y > bottom;
  const char *keys = p->exam ? (p->sealed ? "Sealed. V: the next criterion's map.  H: later (Shift+H earlier).  Close the window to quit."
                                          : "NOT SEALED: call the examiner.  V: maps.  H: later (Shift+H earlier).")
                   : more ? "\u2193 More below: scroll with the wheel.  V: the next criterion's map.  H: later (Shift+H earlier).  Esc: back to the work."
                          : "V: the next criterion's map.  H: later (Shift+H earlier).  Esc: back to the work.  Close the window to quit.";
  if (p->exam && more) keys = "\u2193 More below: scroll with the wheel.  V: maps.  H: later (Shift+H earlier).  Close the window to quit.";
  stp_font_draw_wrapped(p->font, p->ren, x, help_y, p->px * 0.85f, w, more || p->seal_failed ? C_ACCENT : C_DIM, keys);
}

static void draw_error(play *p) {
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
}

/* The result screen's map of one criterion over the scalp, recomputed only when the
 * view or the criterion changes. */
static void draw_result_map(play *p, int crit) {
  bool same = p->map.values && p->map_view.cx == p->view.cx && p->map_view.cy == p->view.cy &&
              p->map_view.scale == p->view.scale && p->map_view.vw == p->view.vw && p->map_view.vh == p->view.vh &&
              p->map_shown == crit && p->map_count == p->game->work.count;
  if (!same) {
    free(p->map.values);
    memset(&p->map, 0, sizeof p->map);
    stp_map_grid_for_view(&p->view, &p->map);
    p->map.values = malloc((size_t)p->map.nx * (size_t)p->map.ny * sizeof *p->map.values);
    stp_error err;
    stp_error_clear(&err);
    if (!p->map.values ||
        stp_score_map(&p->game->scn, &p->game->work, (stp_criterion_id)crit, &p->map, &err) != STP_OK) {
      free(p->map.values);
      p->map.values = NULL;
      pl_set_status(p, true, "Cannot draw the map: %s", err.msg);
      return;
    }
    p->map_view = p->view;
    p->map_shown = crit;
    p->map_count = p->game->work.count;
  }
  stp_map_draw(p->ren, &p->view, &p->map, 190, p->font, stp_criterion_name((stp_criterion_id)crit));
}

/* The loupe: the scalp under the cursor at 5x, in an inset beside it (kept inside the view). */
static void draw_loupe(play *p, const stp_draw_opts *o, const stp_impression *prev) {
  double sx, sy;
  stp_view_to_screen(&p->view, p->hover_x, p->hover_y, &sx, &sy);
  float size = roundf(p->px * 14.0f), gap = p->px * 2.0f;
  float lx = (float)sx + gap, ly = (float)sy - gap - size;
  if (lx + size > p->view.vx + p->view.vw) lx = (float)sx - gap - size;
  if (ly < p->view.vy) ly = (float)sy + gap;
  stp_view lv = {0};
  stp_view_set_viewport(&lv, lx, ly, size, size);
  lv.cx = p->hover_x;
  lv.cy = p->hover_y;
  lv.scale = p->view.scale * 5 > STP_VIEW_MAX_SCALE ? STP_VIEW_MAX_SCALE : p->view.scale * 5;
  stp_draw_opts lo = *o;
  lo.highlight = NULL;
  stp_draw_scalp(p->draw, &lv, &p->game->work, &lo);
  stp_draw_cursor(p->draw, &lv, prev);
  SDL_FRect border = {lx - 1, ly - 1, size + 2, size + 2};
  SDL_SetRenderDrawColor(p->ren, 240, 240, 240, 255);
  SDL_RenderDrawRectF(p->ren, &border);
  char buf[64];
  snprintf(buf, sizeof buf, "%.0f px/mm", lv.scale);
  pl_text(p, lx + 4, ly + 2, p->px * 0.75f, C_TEXT, buf);
}

static void draw_frame(play *p) {
  if (p->screen == SCREEN_MENU) { pl_draw_menu(p); return; }
  if (p->screen == SCREEN_ERROR || !p->game) {
    draw_error(p);
    pl_present(p);
    return;
  }
  if (p->interlude) { pl_draw_interlude(p); return; }
  stp_game *g = p->game;
  SDL_SetRenderDrawColor(p->ren, 28, 31, 38, 255);
  SDL_RenderClear(p->ren);
  bool result = p->screen == SCREEN_RESULT;
  /* The work at the moment the time control shows (now: the current session, day 0), over
   * a touch-up's old work. */
  stp_draw_opts o = {.zones = p->zones, .layered = true, .hair_aside = p->hair_aside, .at = pl_time_moment(p),
                     .under = &p->history,
                     .highlight = result && p->merged && g->work.count == g->result.impressions ? p->merged : NULL};
  stp_draw_scalp(p->draw, &p->view, &g->work, &o);
  chart_label(p, 0, STP_CHART_FRONT_Y + 8, "forehead");
  chart_label(p, 0, STP_CHART_BACK_Y - 12, "nape");
  chart_label(p, -150, STP_CHART_VERTEX_Y, "left ear");
  chart_label(p, 150, STP_CHART_VERTEX_Y, "right ear");
  if (p->zones)
    for (int i = 0; i < g->scn.zone_count; i++) {
      double x0, y0, x1, y1, sx, sy;
      stp_shape_bounds(&g->scn.zones[i].shape, &x0, &y0, &x1, &y1);
      stp_view_to_screen(&p->view, x0, y0, &sx, &sy);
      if (stp_view_hit(&p->view, sx, sy - p->px * 1.3f))
        pl_text(p, (float)sx, (float)sy - p->px * 1.3f, p->px * 0.85f, C_ACCENT,
             g->scn.zones[i].name[0] ? g->scn.zones[i].name : g->scn.zones[i].id);
    }
  if (result && p->map_crit >= 0) draw_result_map(p, p->map_crit);
  if (!result && !g->assessment && p->overlay == 1) stp_draw_grain_arrows(p->draw, &p->view);
  if (!result && !g->assessment && p->overlay == 2) draw_result_map(p, STP_CRIT_DENSITY);
  if (p->hover_in && !result) {
    stp_impression prev = stp_game_preview(g, p->hover_x, p->hover_y, g->tool.pressure, NAN, pl_game_now(p));
    stp_draw_cursor(p->draw, &p->view, &prev);
    if (p->loupe) draw_loupe(p, &o, &prev);
  }
  float x0 = (float)p->out_w - p->panel_w;
  pl_fill(p->ren, x0, 0, p->panel_w, (float)p->out_h, (SDL_Color){38, 42, 51, 255});
  if (result) draw_panel_result(p, x0);
  else draw_panel_play(p, x0);
  if (p->confirm && !result) pl_draw_confirm(p);
  /* Status line. */
  float sy = (float)p->out_h - p->status_h;
  pl_fill(p->ren, 0, sy, (float)p->out_w, p->status_h, (SDL_Color){20, 22, 27, 255});
  char buf[800];
  int n = snprintf(buf, sizeof buf, "%.0f px/mm", p->view.scale);
  if (p->hover_in) snprintf(buf + n, sizeof buf - (size_t)n, "   x %.1f mm, y %.1f mm", p->hover_x, p->hover_y);
  float lx = p->px * 0.6f, ty = sy + (p->status_h - p->px * 1.2f) / 2;
  lx += pl_text(p, lx, ty, p->px * 0.9f, C_DIM, buf) + p->px;
  if (g->save_error.status != STP_OK) {
    char e[900];
    snprintf(buf, sizeof buf, "Autosave failed: %s. Your work is still in memory; it is retried every second.",
             stp_error_format(&g->save_error, e, sizeof e));
    pl_text(p, lx, ty, p->px * 0.9f, C_BAD, buf);
  } else {
    pl_text(p, lx, ty, p->px * 0.9f, p->status_bad ? C_BAD : C_TEXT, p->status);
  }
  pl_present(p);
}

/* ---- command line and loop --------------------------------------------------------- */

static int parse_play_args(int argc, char **argv, play *p, int *w, int *h, bool *fresh) {
  for (int i = 1; i < argc; i++) {
    const char *a = argv[i];
    if ((strcmp(a, "--scenario") == 0 || strcmp(a, "--work") == 0 || strcmp(a, "--size") == 0 ||
         strcmp(a, "--pressure-gamma") == 0 || strcmp(a, "--candidate") == 0 || strcmp(a, "--bundle") == 0) &&
        i + 1 >= argc) {
      fprintf(stderr, "stipple: %s needs a value\n", a);
      return -1;
    }
    if (strcmp(a, "--scenario") == 0) snprintf(p->scenario_path, sizeof p->scenario_path, "%s", argv[++i]);
    else if (strcmp(a, "--work") == 0) {
      snprintf(p->work_path, sizeof p->work_path, "%s", argv[++i]);
      p->work_path_given = true;
    } else if (strcmp(a, "--size") == 0) {
      if (stp_app_parse_size(argv[++i], w, h) != 0) {
        fprintf(stderr, "stipple: --size '%s' should look like 1280x800\n", argv[i]);
        return -1;
      }
    } else if (strcmp(a, "--new") == 0) *fresh = true;
    else if (strcmp(a, "--mute") == 0) p->mute = true;
    else if (strcmp(a, "--assess") == 0) p->assessment = true;
    else if (strcmp(a, "--retake") == 0) p->retake = true;
    else if (strcmp(a, "--candidate") == 0) {
      if (!stp_exam_candidate_valid(argv[++i])) {
        fprintf(stderr, "stipple: --candidate takes an id of 1 to 64 letters, digits, '.', '_', '-' or '@'\n");
        return -1;
      }
      snprintf(p->candidate, sizeof p->candidate, "%s", argv[i]);
    } else if (strcmp(a, "--bundle") == 0) snprintf(p->bundle_arg, sizeof p->bundle_arg, "%s", argv[++i]);
    else if (strcmp(a, "--pressure-gamma") == 0) {
      char *end;
      p->pressure_gamma = strtod(argv[++i], &end);
      if (*end || !(p->pressure_gamma >= 0.2 && p->pressure_gamma <= 5)) {
        fprintf(stderr, "stipple: --pressure-gamma takes a number from 0.2 to 5 (1 = linear; >1 needs a firmer press)\n");
        return -1;
      }
    }
    else {
      fprintf(stderr, "stipple: unknown option '%s' (try stipple --help)\n", a);
      return -1;
    }
  }
  /* An exam: one case, one candidate, a work and a record of its own. */
  if (p->assessment || p->candidate[0] || p->bundle_arg[0] || p->retake) {
    const char *why = !p->assessment ? "--candidate, --bundle and --retake belong to an exam (--assess)"
                      : !p->scenario_path[0] ? "an exam (--assess) needs --scenario FILE"
                      : !p->candidate[0] ? "an exam (--assess) needs --candidate ID"
                      : p->work_path_given ? "an exam keeps its own work: --work does not go with --assess"
                      : *fresh ? "an exam cannot be started afresh: --new does not go with --assess" : NULL;
    if (why) {
      fprintf(stderr, "stipple: %s\n", why);
      return -1;
    }
  }
  return 0;
}

int stp_cmd_play(int argc, char **argv) {
  play *p = calloc(1, sizeof *p);
  if (!p) return STP_EXIT_IO;
  p->prac_rec.fd = -1;
  int W = 1280, H = 800, rc = STP_EXIT_OK;
  bool fresh = false;
  if (parse_play_args(argc, argv, p, &W, &H, &fresh) != 0) { free(p); return STP_EXIT_USAGE; }
  stp_exam exam;
  if (p->assessment) {
    stp_error xerr;
    stp_error_clear(&xerr);
    /* Only what can be checked without writing: nothing is begun (no folder, no clock)
     * until the window is up and the case has loaded (open_exam). */
    stp_status xst = stp_exam_prepare(&exam, p->scenario_path, p->candidate, p->retake, &xerr);
    if (xst != STP_OK) {
      stp_app_report(&xerr);
      stp_exam_close(&exam);
      free(p);
      return stp_app_exit_code(xst);
    }
    p->exam = &exam;
  }
  char probe_dir[1024];
  if (!p->scenario_path[0] && stp_app_find_data("scenarios", probe_dir, sizeof probe_dir) != 0) {
    fprintf(stderr, "stipple: cannot find the bundled scenarios; set STIPPLE_DATA_DIR to the source folder\n");
    free(p);
    return STP_EXIT_IO;
  }
  stp_startup_mark("main");
  if (stp_window_open_video() != 0) {
    if (p->exam) stp_exam_close(p->exam);
    free(p);
    return STP_EXIT_IO;
  }
  stp_startup_mark("sdl");
  SDL_SetHint(SDL_HINT_TOUCH_MOUSE_EVENTS, "0");  /* pens and fingers come as finger events only */
  p->win = SDL_CreateWindow("Stipple " STP_VERSION_STRING, SDL_WINDOWPOS_CENTERED, SDL_WINDOWPOS_CENTERED, W, H,
                            SDL_WINDOW_RESIZABLE);
  p->ren = p->win ? SDL_CreateRenderer(p->win, -1, 0) : NULL;
  stp_error err;
  stp_error_clear(&err);
  char assets[1024];
  const char *assets_dir = stp_app_find_data("assets", assets, sizeof assets) == 0 ? assets : NULL;
  if (!p->ren) {
    fprintf(stderr, "stipple: cannot create the window: %s\n", SDL_GetError());
    rc = STP_EXIT_IO;
  } else if (stp_font_open_default(&p->font, assets_dir, &err) != STP_OK) {
    stp_app_report(&err);
    rc = STP_EXIT_IO;
  }
  if (rc != STP_EXIT_OK) goto out;
  stp_startup_mark("window and font");

  p->zones = true;
  p->map_crit = -1;
  layout(p);
  if (fresh && p->scenario_path[0]) {
    stp_scenario *probe = malloc(sizeof *probe);
    stp_error perr;
    if (probe && stp_app_load_scenario(p->scenario_path, probe, &perr) == STP_OK) {
      if (!p->work_path_given) stp_app_autosave_path(probe->id, p->work_path, sizeof p->work_path);
      /* Not while another Stipple has it open; never over an earlier backup. */
      stp_file_lock lk;
      char prev[1200];
      if (stp_file_lock_acquire(&lk, p->work_path, "the work", &perr) != STP_OK ||
          stp_file_move_aside(p->work_path, ".csv", prev, sizeof prev, &perr) != STP_OK) {
        stp_app_report(&perr);
        stp_file_lock_release(&lk);
        free(probe);
        rc = STP_EXIT_IO;
        goto out;
      }
      stp_file_lock_release(&lk);
      if (prev[0]) printf("stipple: moved the previous work aside to %s\n", prev);
      p->work_path_given = true;
    }
    free(probe);
  }
  if (p->exam) pl_open_exam(p);
  else if (p->scenario_path[0]) pl_open_scenario(p);
  else pl_menu_enter(p);
  /* An exam that could not begin (taken bundle path, another Stipple on it, a broken case)
   * ends here with its message on stderr: no window waiting for Esc while holding the lock. */
  p->running = !(p->exam && !p->game);
  p->redraw = true;
  bool announced = false, first = true;
  while (p->running) {
    SDL_Event e;
    if (SDL_WaitEventTimeout(&e, p->redraw ? 1 : 250)) {
      do {
        if (e.type == SDL_WINDOWEVENT) {
          if (e.window.event == SDL_WINDOWEVENT_SIZE_CHANGED) {
            layout(p);
            if (p->game) pl_fit_view(p);
          }
          p->redraw = true;
          continue;
        }
        if (e.type == SDL_KEYDOWN && e.key.keysym.sym == SDLK_F12) {   /* on every screen */
          p->shot_pending = true;
          p->redraw = true;
          continue;
        }
        if (p->screen == SCREEN_MENU) { pl_menu_event(p, &e); continue; }
        if (p->interlude) { pl_interlude_event(p, &e); continue; }   /* a key or click skips it */
        if (p->confirm && e.type == SDL_KEYDOWN &&
            (e.key.keysym.sym == SDLK_RETURN || e.key.keysym.sym == SDLK_KP_ENTER)) {
          if (p->confirm_session) pl_end_session(p);
          else pl_finish(p);
          continue;
        }
        /* The question's buttons lie over the scalp: a click there answers it and is not an
         * impression (nor a pointer sample in the record); other clicks do nothing. */
        if (p->confirm && (e.type == SDL_MOUSEBUTTONDOWN || e.type == SDL_MOUSEBUTTONUP || e.type == SDL_FINGERDOWN ||
                           e.type == SDL_FINGERUP || e.type == SDL_FINGERMOTION)) {
          SDL_FPoint pt = {0, 0};
          bool press = false;
          if (e.type == SDL_MOUSEBUTTONDOWN && e.button.button == SDL_BUTTON_LEFT && e.button.which != SDL_TOUCH_MOUSEID) {
            pt = (SDL_FPoint){(float)e.button.x, (float)e.button.y};
            press = true;
          } else if (e.type == SDL_FINGERDOWN) {
            pt = (SDL_FPoint){e.tfinger.x * (float)p->out_w, e.tfinger.y * (float)p->out_h};
            press = true;
          }
          SDL_FRect box, finish, back;
          pl_confirm_layout(p, &box, &finish, &back);
          if (press && SDL_PointInFRect(&pt, &finish)) {
            if (p->confirm_session) pl_end_session(p);
            else pl_finish(p);
          } else if (press && SDL_PointInFRect(&pt, &back)) {
            p->confirm = p->confirm_session = false;
            pl_set_status(p, false, p->exam ? "Back to the exam: the clock is still running." : "Back to the work.");
          }
          continue;
        }
        pl_note_pointer(p, &e);
        if (p->screen != SCREEN_RESULT && e.type == SDL_KEYDOWN && e.key.keysym.sym == SDLK_m && !p->exam &&
            !(p->game && p->game->assessment)) {
          pl_menu_enter(p);
          continue;
        }
        if (p->screen == SCREEN_ERROR && e.type == SDL_KEYDOWN && e.key.keysym.sym == SDLK_r && !p->exam) {
          pl_open_scenario(p);
          continue;
        }
        if (pl_time_key(p, &e)) continue;   /* S, H and Shift+H; Esc back to now */
        stp_action acts[4];
        int n = stp_input_translate(&p->input, &e, &p->view, acts, 4);
        for (int i = 0; i < n; i++) handle_action(p, &acts[i], e.common.timestamp);
      } while (p->running && SDL_PollEvent(&e));
    }
    /* An author editing the scenario sees the result at once: reload when the file
     * changes (the work is saved first and kept; a broken edit shows its error). */
    if (!p->exam && p->screen != SCREEN_RESULT && p->screen != SCREEN_MENU && scenario_changed(p)) {
      pl_open_scenario(p);
      if (p->screen == SCREEN_PLAY) {
        pl_set_status(p, false, "Reloaded %s", p->scenario_path);
        printf("stipple: reloaded %s (%zu impression%s kept)\n", p->scenario_path, p->game->work.count,
               p->game->work.count == 1 ? "" : "s");
        fflush(stdout);
      }
    }
    if (p->exam && p->game && p->screen == SCREEN_PLAY) {
      /* The countdown: redrawn each second; at zero the exam ends as it stands. */
      int64_t left = pl_exam_left_ms(p);
      int64_t sec = left == INT64_MAX ? (int64_t)pl_game_now(p) / 1000 : left / 1000;
      if (sec != p->shown_second) { p->shown_second = sec; p->redraw = true; }
      if (left <= 0 && !p->ending) {
        p->ending = true;   /* once: a finish that fails says so and is not retried every pass */
        pl_note(p, (stp_record_event){.t_ms = -1, .kind = STP_REC_TIME_UP});
        printf("stipple: time is up\n");
        fflush(stdout);
        pl_finish(p);
        const char *slash = strrchr(p->exam->bundle_path, '/');
        if (p->sealed)
          pl_set_status(p, false, "Time is up: the exam is scored and sealed in %s (its full path is on the command line).",
                        slash ? slash + 1 : p->exam->bundle_path);
        else if (p->seal_failed)
          pl_set_status(p, true, "Time is up. The exam could not be sealed: call the examiner.");
      }
    }
    pl_interlude_tick(p);
    if (p->interlude) p->redraw = true;   /* the days go by */
    if (p->game) {
      bool had_error = p->game->save_error.status != STP_OK;
      stp_game_autosave(p->game, pl_game_now(p), false);
      /* The record is made durable once a second when it has grown (each line is already
       * written as it happens: only a crash of the machine could lose the last second). */
      uint64_t host = SDL_GetTicks64();
      if (p->game->record && p->game->record->events != p->synced_events && host - p->synced_ms >= 1000) {
        stp_record_writer_sync(p->game->record);
        p->synced_events = p->game->record->events;
        p->synced_ms = host;
      }
      if (had_error != (p->game->save_error.status != STP_OK)) p->redraw = true;
    }
    if (p->redraw) {
      p->redraw = false;
      draw_frame(p);
      if (first) {
        first = false;
        stp_startup_mark("first frame");
        /* Sound after the first frame: finding an audio device must not delay it. */
        p->sound = stp_sound_open(assets_dir, p->mute, false);
        if (p->sound && stp_sound_status(p->sound)[0])
          fprintf(stderr, "stipple: sound: %s\n", stp_sound_status(p->sound));
      }
      if (p->draw && stp_draw_pending(p->draw)) p->redraw = true;   /* the layer is filling in */
      if (!announced && p->game) {   /* scripts and tests wait for this line */
        announced = true;
        printf("stipple: ready: %s (%zu impressions)\n", p->game->scn.id, p->game->work.count);
        fflush(stdout);
      }
    }
  }
  if (p->exam && p->game && !p->sealed)
    printf("stipple: the exam is not finished; it resumes where it stopped, with the time it has left: "
           "stipple --assess --scenario %s --candidate %s\n", p->scenario_path, p->exam->candidate);
  if (p->exam && p->seal_failed) rc = STP_EXIT_IO;
  if (p->game) {
    if (stp_game_autosave(p->game, pl_game_now(p), true) != STP_OK) {
      stp_app_report(&p->game->save_error);
      rc = STP_EXIT_IO;
    } else if (p->work_path[0]) {
      printf("stipple: %zu impressions saved to %s\n", p->game->work.count, p->work_path);
    }
  } else if (p->screen == SCREEN_ERROR) {
    rc = stp_app_exit_code(p->error.status);
  }
  if (rc == STP_EXIT_OK && p->result_write_failed) rc = STP_EXIT_IO;
out:
  stp_sound_close(p->sound);
  if (p->game) { stp_game_free(p->game); free(p->game); }
  stp_script_close(p->script);
  stp_draw_destroy(p->draw);
  stp_font_close(p->font);
  free(p->merged);
  free(p->menu);
  free(p->map.values);
  stp_work_free(&p->history);
  if (p->ren) SDL_DestroyRenderer(p->ren);
  if (p->win) SDL_DestroyWindow(p->win);
  SDL_Quit();
  if (p->exam) stp_exam_close(p->exam);
  stp_record_writer_close(&p->prac_rec);
  free(p);
  return rc;
}
