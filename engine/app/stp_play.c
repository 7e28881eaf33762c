/* stp_play.c - the game: window, main loop, actions and its screens.
 *
 *   play    the scalp (left) and the panel (right): brief, tool, live counts, Finish;
 *   result  the score, pass or fail and one line per criterion, merged dots ringed;
 *   error   a scenario or work file that failed to load, with file and line; R reloads.
 * The menu, the input record and the exam live beside it (stp_play_internal.h lists them).
 *
 * The game is begin / step / end (stp_play_begin, stp_play_step, stp_play_end): the desktop's
 * stp_cmd_play steps until the trainee quits, sleeping in SDL_WaitEventTimeout; the browser
 * (web/stp_web_main.c) steps once per animation frame. A frame is drawn only when something
 * changed.
 * Every action goes to the core (stp_game) or the view; this file owns no rules.
 */
#define _POSIX_C_SOURCE 200809L
#include "stp_play_internal.h"

#include "stp_field.h"

#include "stp_play_loop.h"

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
static int cmp_u16(const void *a, const void *b) {
  return (int)*(const uint16_t *)a - (int)*(const uint16_t *)b;
}

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
  if (p->lat_pending) {   /* a dot's frame: its time, and the figures of the last 64 (once, not each frame) */
    p->lat_pending = false;
    Uint32 ms = SDL_GetTicks() - p->lat_stamp;
    p->lat_ms[p->lat_count % 64] = (uint16_t)(ms > 60000 ? 60000 : ms);
    p->lat_count++;
    int k = p->lat_count < 64 ? p->lat_count : 64;
    uint16_t v[64];
    memcpy(v, p->lat_ms, (size_t)k * sizeof *v);
    qsort(v, (size_t)k, sizeof *v, cmp_u16);
    int p95 = (int)ceil(0.95 * k) - 1;
    p->lat_median = v[(k - 1) / 2];
    p->lat_p95 = v[p95 < 0 ? 0 : p95];
  }
}

void pl_latency_placed(play *p, Uint32 stamp) {
  p->lat_pending = true;
  p->lat_stamp = stamp;
}

const char *pl_latency_text(const play *p, char *buf, size_t n) {
  int k = p->lat_count < 64 ? p->lat_count : 64;
  if (k == 0) buf[0] = '\0';
  else snprintf(buf, n, "tap \u2192 dot %u ms (median of %d; 95%% \u2264 %u ms)", (unsigned)p->lat_median, k, (unsigned)p->lat_p95);
  return buf;
}

/* "stipple: layout ...": at ready, and again after the window's size changes. */
static void say_layout(const play *p) {
  printf("stipple: layout %dx%d text %.3f panel %.1f target %.0f (%.0f dpi) renderer %s scene %.0f %.0f %.0f %.0f "
         "panel-rect %.0f %.0f %.0f %.0f\n", p->out_w, p->out_h, p->px, p->panel.w, p->target, p->dpi,
         p->renderer_name ? p->renderer_name : "none", p->scene.x, p->scene.y, p->scene.w, p->scene.h, p->panel.x,
         p->panel.y, p->panel.w, p->panel.h);
  fflush(stdout);
}

static void layout(play *p) {
  int old_w = p->out_w, old_h = p->out_h;
  SDL_GetRendererOutputSize(p->ren, &p->out_w, &p->out_h);
  /* The text size first (the target is never under two of it), then where things go. */
  stp_window_layout L;
  stp_window_game_layout(p->out_w, p->out_h, 0, &L);
  p->px = L.px;
  pl_ui_measure(p);
  stp_window_game_layout(p->out_w, p->out_h, p->target, &L);
  p->status_h = L.status_h;
  p->portrait = L.portrait;
  p->cols = L.cols;
  p->scene = L.scene;
  p->panel = L.panel;
  double cx = p->view.cx, cy = p->view.cy, scale = p->view.scale;
  stp_view_set_viewport(&p->view, p->scene.x, p->scene.y, p->scene.w, p->scene.h);
  p->view.cx = cx; p->view.cy = cy; p->view.scale = scale;
  stp_input_init(&p->input, p->out_w, p->out_h);
  if (p->pressure_gamma > 0) p->input.pressure_gamma = p->pressure_gamma;
  if (p->game) {
    p->input.mouse_pressure = p->game->tool.pressure;
    p->input.tilt_grain = p->game->scn.tilt_grain;
  }
  p->redraw = true;
  if (p->announced && (old_w != p->out_w || old_h != p->out_h)) say_layout(p);
  if (old_w != p->out_w || old_h != p->out_h)
    p->result_scroll = 0;   /* a list scrolled in the old layout (one column or two) starts again at its top */
}

void pl_panel_column(const play *p, int col, float pad, float *x, float *w) {
  if (p->cols < 2) {
    *x = p->panel.x + pad;
    *w = p->panel.w - 2 * pad;
    return;
  }
  float cw = (p->panel.w - 3 * pad) / 2;
  *x = p->panel.x + pad + (col > 0 ? cw + pad : 0);
  *w = cw;
}

void pl_fit_view(play *p) {
  if (p->screen == SCREEN_DESIGN) { pl_design_fit(p); return; }   /* the consultation frames the forehead */
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
void pl_zone_means(play *p) {
  const stp_game *g = p->game;
  stp_field_ctx *fc = malloc(sizeof *fc);
  if (fc) stp_field_init(fc, &g->scn);
  for (int i = 0; i < g->scn.zone_count; i++) p->zone_mean[i] = fc ? fc->mean_density[i] : g->scn.zones[i].density_per_cm2;
  free(fc);
}

void pl_open_scenario(play *p) {
  bool was_design = p->screen == SCREEN_DESIGN;
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
  if (st == STP_OK && !p->work_path_given && pl_loop_work_path(p, scn->id, p->work_path, sizeof p->work_path) != 0) {
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
      st = stp_draw_create(&d, p->ren, &g->scn, 1, &p->error);   /* its zones: a saved design's */
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
        pl_tutorial_reset(p);
        /* The panel's targets, once: the scorer's own means (stp_field_init), so the panel and
         * the result say the same "target". */
        pl_zone_means(p);
        pl_load_history(p);
        pl_fit_view(p);
        p->input.mouse_pressure = g->tool.pressure;
        p->input.tilt_grain = g->scn.tilt_grain;   /* the pen's lean sets the grain where the case wants it */
        pl_attach_practice_record(p);
        pl_loop_case_opened(p);
        char shown[1200];
        stp_app_shown_path(p->work_path, shown, sizeof shown);
        if (g->work.count)
          pl_set_status(p, false, "Resumed %zu impressions from %s", g->work.count, shown);
        else if (p->work_path[0])
          pl_set_status(p, false, "Your work is autosaved to %s", shown);
        /* A design case whose work has no design yet: the consultation comes first (a
         * reload keeps a design being drawn). */
        if (stp_game_needs_design(g)) pl_design_enter(p, was_design);
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
  pl_tutorial_did(p, STP_TUT_FINISH);
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
      char shown[1200];
      pl_set_status(p, false, "Result saved to %s", stp_app_shown_path(path, shown, sizeof shown));
    } else {
      char buf[1200];
      fprintf(stderr, "stipple: %s\n", stp_error_format(&werr, buf, sizeof buf));
      pl_set_status(p, true, "Result NOT saved: %s", stp_error_format(&werr, buf, sizeof buf));
      p->result_write_failed = true;
    }
    free(js);
    pl_loop_record(p);   /* the trainee's attempt, in their profile */
  }
  p->screen = SCREEN_RESULT;
  p->redraw = true;
}

/* ---- drawing --------------------------------------------------------------------- */

void pl_fill(SDL_Renderer *r, float x, float y, float w, float h, SDL_Color c) {
  SDL_FRect rc = {x, y, w, h};
  /* An opaque fill is the same pixels without blending, which SDL's software renderer does
   * per pixel (the panel: a third of the frame in the browser). Blending is left on after. */
  SDL_SetRenderDrawBlendMode(r, c.a == 255 ? SDL_BLENDMODE_NONE : SDL_BLENDMODE_BLEND);
  SDL_SetRenderDrawColor(r, c.r, c.g, c.b, c.a);
  SDL_RenderFillRectF(r, &rc);
  SDL_SetRenderDrawBlendMode(r, SDL_BLENDMODE_BLEND);
}

float pl_text(play *p, float x, float y, float size, SDL_Color c, const char *s) {
  return stp_font_draw(p->font, p->ren, x, y, size, c, s);
}

void pl_draw_button(play *p, SDL_FRect rc, const char *label, SDL_Color bg) {
  pl_fill(p->ren, rc.x, rc.y, rc.w, rc.h, bg);
  float tw = stp_font_measure(p->font, p->px * 1.1f, label);
  pl_text(p, rc.x + (rc.w - tw) / 2, rc.y + (rc.h - p->px * 1.1f * 1.2f) / 2, p->px * 1.1f,
       (SDL_Color){20, 20, 24, 255}, label);
}

const pl_screen *pl_screen_of(enum screen s) {
  static const pl_screen *const all[SCREEN_COUNT] = {
    [SCREEN_PLAY] = &pl_screen_play, [SCREEN_RESULT] = &pl_screen_result,
    [SCREEN_ERROR] = &pl_screen_error, [SCREEN_MENU] = &pl_screen_menu, [SCREEN_PROGRESS] = &pl_screen_progress,
    [SCREEN_PEN] = &pl_screen_pen, [SCREEN_DESIGN] = &pl_screen_design,
  };
  return s >= 0 && s < SCREEN_COUNT && all[s] ? all[s] : &pl_screen_error;
}

bool pl_close_game(play *p) {
  if (!p->game) return true;
  stp_game_autosave(p->game, pl_game_now(p), true);
  if (p->game->save_error.status != STP_OK) {
    pl_set_status(p, true, "Not leaving: the work could not be saved.");
    return false;
  }
  stp_game_free(p->game);
  free(p->game);
  p->game = NULL;
  stp_record_writer_close(&p->prac_rec);
  p->rec_base = 0;
  return true;
}

/* What decides where a contact lands: the screen, and a question or interlude over it. When
 * it changes, contacts under way are forgotten (stp_input_cancel) and the pen's samples
 * not yet handled are dropped: a pen put down on the menu, or on a question's button, must
 * not place a dot in the case or the work that follows. */
static int input_context(const play *p) {
  return (int)p->screen * 8 + (p->confirm ? 1 : 0) + (pl_loop_asking(p) ? 2 : 0) + (p->interlude ? 4 : 0);
}

/* The mouse's coordinates are the window's; everything drawn and hit is in output pixels,
 * which a high-DPI screen (a browser's devicePixelRatio 2, a Retina Mac) has more of. */
static void scale_mouse(const play *p, SDL_Event *e) {
  float k = p->ptr_scale;
  if (!(k > 1.001f)) return;
  if (e->type == SDL_MOUSEMOTION) {
    e->motion.x = (Sint32)lroundf((float)e->motion.x * k); e->motion.y = (Sint32)lroundf((float)e->motion.y * k);
    e->motion.xrel = (Sint32)lroundf((float)e->motion.xrel * k); e->motion.yrel = (Sint32)lroundf((float)e->motion.yrel * k);
  } else if (e->type == SDL_MOUSEBUTTONDOWN || e->type == SDL_MOUSEBUTTONUP) {
    e->button.x = (Sint32)lroundf((float)e->button.x * k); e->button.y = (Sint32)lroundf((float)e->button.y * k);
  }
}

/* What a contact is read against: the scalp on the play and result screens, the pen screen's
 * strip there, and elsewhere nothing (every press is a click on the screen's buttons). */
static const stp_view *input_view(play *p) {
  static const stp_view no_view = {0};
  if ((p->screen == SCREEN_PLAY || p->screen == SCREEN_RESULT || p->screen == SCREEN_DESIGN) && p->game) return &p->view;
  return p->screen == SCREEN_PEN ? pl_pen_view(p) : &no_view;
}

/* Whether the input context moved since it was last seen (a screen, a question, the days
 * going by); if so, contacts under way are forgotten (they belong to what was there). */
static bool context_moved(play *p) {
  if (input_context(p) == p->context) return false;
  p->context = input_context(p);
  stp_input_cancel(&p->input);
  return true;
}

/* A tap from a source with no mouse twin (the browser's pen and touch) while a question or the
 * healing interlude shows: they answer the mouse's press and release (their buttons are not
 * among the frame's hits), so the tap is handed to them as that press and release, at the
 * tap's point in output pixels. */
static void click_as_mouse(play *p, double sx, double sy) {
  const pl_screen *scr = pl_screen_of(p->screen);
  if (!scr->event) return;
  SDL_Event ev;
  memset(&ev, 0, sizeof ev);
  ev.type = SDL_MOUSEBUTTONDOWN;
  ev.button.type = SDL_MOUSEBUTTONDOWN;
  ev.button.timestamp = SDL_GetTicks();
  ev.button.button = SDL_BUTTON_LEFT;
  ev.button.state = SDL_PRESSED;
  ev.button.clicks = 1;
  ev.button.x = (Sint32)lround(sx);
  ev.button.y = (Sint32)lround(sy);
  scr->event(p, &ev);
  ev.type = ev.button.type = SDL_MOUSEBUTTONUP;
  ev.button.state = SDL_RELEASED;
  scr->event(p, &ev);
}

static void draw_frame(play *p) {
  pl_hits_clear(p);
  enum screen s = p->screen;
  if ((s == SCREEN_PLAY || s == SCREEN_RESULT || s == SCREEN_DESIGN) && !p->game) s = SCREEN_ERROR;
  pl_screen_of(s)->draw(p);
  pl_ui_trace(p);
}

/* ---- command line and loop --------------------------------------------------------- */

static int parse_play_args(int argc, char **argv, play *p, int *w, int *h, bool *fresh, const char **profile,
                           bool *unlock_all) {
  for (int i = 1; i < argc; i++) {
    const char *a = argv[i];
    if ((strcmp(a, "--scenario") == 0 || strcmp(a, "--work") == 0 || strcmp(a, "--size") == 0 ||
         strcmp(a, "--pressure-gamma") == 0 || strcmp(a, "--candidate") == 0 || strcmp(a, "--bundle") == 0 ||
         strcmp(a, "--profile") == 0) &&
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
    else if (strcmp(a, "--mute") == 0) p->mute = p->mute_flag = true;
    else if (strcmp(a, "--profile") == 0) {
      *profile = argv[++i];
      if (!stp_profile_name_valid(*profile)) {
        fprintf(stderr, "stipple: --profile takes a name of 1 to %d letters, digits, spaces, '.', '_' or '-' "
                        "(no space at either end)\n", STP_PROFILE_NAME_MAX);
        return -1;
      }
    } else if (strcmp(a, "--unlock-all") == 0) *unlock_all = true;
    else if (strcmp(a, "--pen") == 0) p->pen_first = true;
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
  if (p->pen_first && (p->assessment || p->scenario_path[0])) {
    fprintf(stderr, "stipple: --pen opens the pen screen from the menu: not with --scenario or --assess\n");
    return -1;
  }
  if (p->assessment || p->candidate[0] || p->bundle_arg[0] || p->retake) {
    const char *why = !p->assessment ? "--candidate, --bundle and --retake belong to an exam (--assess)"
                      : !p->scenario_path[0] ? "an exam (--assess) needs --scenario FILE"
                      : !p->candidate[0] ? "an exam (--assess) needs --candidate ID"
                      : p->work_path_given ? "an exam keeps its own work: --work does not go with --assess"
                      : *fresh ? "an exam cannot be started afresh: --new does not go with --assess"
                      : *profile || *unlock_all ? "an exam keeps no trainee profile: --profile and --unlock-all do not go with --assess"
                      : NULL;
    if (why) {
      fprintf(stderr, "stipple: %s\n", why);
      return -1;
    }
  }
  return 0;
}

play *stp_play_begin(int argc, char **argv, int *rc_out) {
  play *p = calloc(1, sizeof *p);
  *rc_out = STP_EXIT_IO;
  if (!p) return NULL;
  p->prac_rec.fd = -1;
  int W = 1280, H = 800, rc = STP_EXIT_OK;
  bool fresh = false, unlock_all = false;
  const char *profile = NULL;
  if (parse_play_args(argc, argv, p, &W, &H, &fresh, &profile, &unlock_all) != 0) {
    free(p);
    *rc_out = STP_EXIT_USAGE;
    return NULL;
  }
  stp_exam *exam = &p->exam_store;
  if (p->assessment) {
    stp_error xerr;
    stp_error_clear(&xerr);
    /* Only what can be checked without writing: nothing is begun (no folder, no clock)
     * until the window is up and the case has loaded (open_exam). */
    stp_status xst = stp_exam_prepare(exam, p->scenario_path, p->candidate, p->retake, &xerr);
    if (xst != STP_OK) {
      stp_app_report(&xerr);
      stp_exam_close(exam);
      free(p);
      *rc_out = stp_app_exit_code(xst);
      return NULL;
    }
    p->exam = exam;
  }
  char probe_dir[1024];
  if (!p->scenario_path[0] && stp_app_find_data("scenarios", probe_dir, sizeof probe_dir) != 0) {
    fprintf(stderr, "stipple: cannot find the bundled scenarios; set STIPPLE_DATA_DIR to the source folder\n");
    free(p);
    return NULL;
  }
  stp_startup_mark("main");
  if (stp_window_open_video() != 0) {
    if (p->exam) stp_exam_close(p->exam);
    free(p);
    return NULL;
  }
  stp_startup_mark("sdl");
  SDL_SetHint(SDL_HINT_TOUCH_MOUSE_EVENTS, "0");  /* pens and fingers come as finger events only */
  /* High DPI: the output in the display's own pixels (a browser's devicePixelRatio, a Retina
   * Mac). Not for SDL's software renderer, whose frame is the window's size in window
   * pixels: on a browser canvas sized for high DPI it filled only the top left quarter. */
  const char *drv = SDL_GetHint(SDL_HINT_RENDER_DRIVER);
  Uint32 hidpi = drv && strcmp(drv, "software") == 0 ? 0 : SDL_WINDOW_ALLOW_HIGHDPI;
  p->win = SDL_CreateWindow("Stipple " STP_VERSION_STRING, SDL_WINDOWPOS_CENTERED, SDL_WINDOWPOS_CENTERED, W, H,
                            SDL_WINDOW_RESIZABLE | hidpi);
  p->ren = p->win ? stp_window_renderer(p->win, &p->renderer_name) : NULL;
  if (p->ren) p->xi2 = stp_xi2_open(p->win);   /* a pen's pressure and tilt on X11; a feed */
  stp_error err;
  stp_error_clear(&err);
  char assets[1024];
  const char *assets_dir = stp_app_find_data("assets", assets, sizeof assets) == 0 ? assets : NULL;
  if (assets_dir) snprintf(p->assets_dir, sizeof p->assets_dir, "%s", assets_dir);
  if (!p->ren) {
    fprintf(stderr, "stipple: cannot create the window: %s\n", SDL_GetError());
    rc = STP_EXIT_IO;
  } else if (stp_font_open_default(&p->font, assets_dir, &err) != STP_OK) {
    stp_app_report(&err);
    rc = STP_EXIT_IO;
  }
  if (rc != STP_EXIT_OK) {
    p->rc = rc;
    *rc_out = stp_play_end(p);
    return NULL;
  }
  stp_startup_mark("window and font");

  p->zones = true;
  p->marks = true;
  p->ui_trace = getenv("STIPPLE_UI_TRACE") != NULL;
  p->map_crit = -1;
  layout(p);
  if (!p->exam) pl_loop_open(p, profile, unlock_all);   /* never in an exam */
  if (fresh && p->scenario_path[0]) {
    stp_scenario *probe = malloc(sizeof *probe);
    stp_error perr;
    if (probe && stp_app_load_scenario(p->scenario_path, probe, &perr) == STP_OK) {
      if (!p->work_path_given) pl_loop_work_path(p, probe->id, p->work_path, sizeof p->work_path);
      /* Not while another Stipple has it open; never over an earlier backup. */
      stp_file_lock lk;
      char prev[1200];
      if (stp_file_lock_acquire(&lk, p->work_path, "the work", &perr) != STP_OK ||
          stp_file_move_aside(p->work_path, ".csv", prev, sizeof prev, &perr) != STP_OK) {
        stp_app_report(&perr);
        stp_file_lock_release(&lk);
        free(probe);
        p->rc = STP_EXIT_IO;
        *rc_out = stp_play_end(p);
        return NULL;
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
  if (p->pen_first && !p->exam && !p->scenario_path[0]) pl_pen_enter(p);
  /* An exam that could not begin (taken bundle path, another Stipple on it, a broken case)
   * ends here with its message on stderr: no window waiting for Esc while holding the lock. */
  p->running = !(p->exam && !p->game);
  p->redraw = true;
  p->first_drawn = p->announced = p->drop_pens = false;
  p->context = input_context(p);
  *rc_out = STP_EXIT_OK;
  return p;
}

/* A key pressed, or a finger or pen put down: whether the buttons show their keys (the
 * touch_seen/keys_seen rule in stp_play_internal.h). */
static void note_keys_or_touch(play *p, bool key, bool touch) {
  bool was = p->touch_seen && !p->keys_seen;
  p->keys_seen |= key;
  p->touch_seen |= touch;
  bool hidden = p->touch_seen && !p->keys_seen;
  if (hidden == was) return;
  p->redraw = true;
  if (p->ui_trace) {
    printf("stipple: keys %s\n", hidden ? "hidden" : "shown");
    fflush(stdout);
  }
}

void stp_play_step(play *p, int max_wait_ms) {
  if (!p->running) return;
  /* A finger dragged 3 mm off the scalp scrolls the menu, the progress charts or the result's
   * panel; the play screen has nothing to scroll, so there a tap may wobble. */
  p->input.scroll_px = p->screen == SCREEN_PLAY || p->screen == SCREEN_DESIGN ? 0 : p->target / 3;
  /* The consultation draws the hairline with the motion of a press (its freehand stroke). */
  p->input.drag_motion = p->screen == SCREEN_DESIGN;
  /* The screen changed between passes, by no input (the page's window.stipple.open, a timer):
   * contacts under way are the old screen's; what comes from now on is the new one's. (Left to
   * the checks below, the first new tap would be taken for the old screen's and dropped.) */
  context_moved(p);
  SDL_Event e;
  /* Wait for an event up to max_wait_ms (1 ms when a frame is owed; 0: only what is queued). */
  int wait = max_wait_ms < 1 ? 0 : p->redraw ? 1 : max_wait_ms;
  if (wait > 0 ? SDL_WaitEventTimeout(&e, wait) : SDL_PollEvent(&e)) {
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
      scale_mouse(p, &e);
      /* (Not a key typed into the trainee's name: a tablet's on-screen keyboard.) */
      note_keys_or_touch(p, e.type == SDL_KEYDOWN && !(p->loop && p->loop->entering), e.type == SDL_FINGERDOWN);
      const pl_screen *scr = pl_screen_of(p->screen);
      if (scr->event && scr->event(p, &e)) {
        if (context_moved(p)) p->drop_pens = true;   /* a question answered, a case opened from the menu */
        continue;
      }
      if ((p->screen == SCREEN_PLAY || p->screen == SCREEN_RESULT) && p->game) pl_note_pointer(p, &e);
      stp_action acts[4];
      int n = stp_input_translate(&p->input, &e, input_view(p), acts, 4);
      for (int i = 0; i < n && p->running; i++) {
        stp_action a = acts[i];
        if (a.kind == STP_ACT_CLICK && !pl_hit_at(p, (float)a.sx, (float)a.sy, &a)) continue;
        /* An action may change the screen (Finish, Menu): the next goes to the new one. */
        pl_screen_of(p->screen)->action(p, &a, e.common.timestamp);
      }
      if (context_moved(p)) p->drop_pens = true;
    } while (p->running && SDL_PollEvent(&e));
  }
  /* The pen's samples (XInput2, STIPPLE_XI2_FEED, or the browser's pen and touch bridge):
   * through the same contact logic as SDL's fingers; acted on while playing and on the pen
   * screen's strip (the menu and dialogs take an X11 pen's mouse events; the browser's
   * samples click buttons themselves). */
  stp_pen_sample pens[64];
  if (p->drop_pens) {   /* the context changed in this pass: what the pen did before is void */
    while (stp_xi2_drain(p->xi2, SDL_GetTicks64(), pens, 64) == 64) {}
    p->drop_pens = false;
  }
  for (int k = 0, np = stp_xi2_drain(p->xi2, SDL_GetTicks64(), pens, 64); k < np && p->running; k++) {
    note_keys_or_touch(p, false, pens[k].phase == STP_PEN_DOWN);
    stp_action acts[4];
    int n = stp_input_pen(&p->input, &pens[k], input_view(p), acts, 4);
    bool playing = (p->screen == SCREEN_PLAY && !p->interlude) || p->screen == SCREEN_PEN || p->screen == SCREEN_DESIGN;
    for (int i = 0; i < n && p->running; i++) {
      stp_action a = acts[i];
      /* A tap on a button, from a source with no mouse twin (the browser's pen and touch):
       * on any screen, as a mouse click; not while a question or the days going by take
       * the raw events (they answer SDL's mouse and finger events only). */
      bool asked = (input_context(p) & 7) != 0;   /* a question, or the days going by, over the screen */
      if (asked && a.kind == STP_ACT_DRAG) continue;   /* a stroke's motion under a question: nothing */
      if (asked && (a.kind == STP_ACT_CLICK || (a.kind == STP_ACT_PLACE && pens[k].clicks))) {
        click_as_mouse(p, a.sx, a.sy);   /* a tap on the question (over the scalp or not) answers it */
      } else if (a.kind == STP_ACT_CLICK) {
        if (!asked && pl_hit_at(p, (float)a.sx, (float)a.sy, &a)) pl_screen_of(p->screen)->action(p, &a, SDL_GetTicks());
      } else if (playing || a.kind == STP_ACT_SCROLL ||
                 (p->screen == SCREEN_RESULT && !asked && (a.kind == STP_ACT_PAN || a.kind == STP_ACT_ZOOM))) {
        /* Placing only in play; a list or panel dragged, or the result's view pinched, anywhere. */
        pl_screen_of(p->screen)->action(p, &a, SDL_GetTicks());
      }
    }
    if (context_moved(p)) {   /* the pen answered something: the rest of its samples are void */
      while (stp_xi2_drain(p->xi2, SDL_GetTicks64(), pens, 64) == 64) {}
      break;
    }
  }
  /* An author editing the scenario sees the result at once: reload when the file
   * changes (the work is saved first and kept; a broken edit shows its error). */
  if (!p->exam && (p->screen == SCREEN_PLAY || p->screen == SCREEN_ERROR) && scenario_changed(p)) {
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
    if (!p->first_drawn) {
      p->first_drawn = true;
      stp_startup_mark("first frame");
      /* Sound after the first frame: finding an audio device must not delay it. */
      p->sound = stp_sound_open(p->assets_dir[0] ? p->assets_dir : NULL, p->mute, false);
      if (p->sound && stp_sound_status(p->sound)[0])
        fprintf(stderr, "stipple: sound: %s\n", stp_sound_status(p->sound));
    }
    if (p->draw && stp_draw_pending(p->draw)) p->redraw = true;   /* the layer is filling in */
    if (!p->announced && p->game) {   /* scripts and tests wait for this line */
      p->announced = true;
      printf("stipple: ready: %s (%zu impressions)\n", p->game->scn.id, p->game->work.count);
      /* The layout the GUI tests compute the buttons' places from. */
      say_layout(p);
    }
  }
}

int stp_play_end(play *p) {
  int rc = p->rc;
  char lat[160];
  if (pl_latency_text(p, lat, sizeof lat)[0]) printf("stipple: input latency: %s\n", lat);
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
  stp_sound_close(p->sound);
  if (p->game) { stp_game_free(p->game); free(p->game); }
  stp_script_close(p->script);
  stp_draw_destroy(p->draw);
  stp_font_close(p->font);
  free(p->merged);
  pl_loop_close(p);
  free(p->map.values);
  stp_work_free(&p->history);
  stp_xi2_close(p->xi2);
  pl_icons_free(p);
  if (p->ren) SDL_DestroyRenderer(p->ren);
  if (p->win) SDL_DestroyWindow(p->win);
  SDL_Quit();
  if (p->exam) stp_exam_close(p->exam);
  stp_record_writer_close(&p->prac_rec);
  free(p);
  return rc;
}

bool stp_play_running(const play *p) { return p && p->running; }

bool stp_play_drawn(const play *p) { return p && p->first_drawn; }

const char *stp_play_case_id(const play *p) { return p && p->game ? p->game->scn.id : NULL; }
const char *stp_play_case_path(const play *p) { return p && p->game ? p->scenario_path : NULL; }

const char *stp_play_work_path(const play *p) { return p && p->game && p->work_path[0] ? p->work_path : NULL; }

void stp_play_save_now(play *p) {
  if (p && p->game) stp_game_autosave(p->game, pl_game_now(p), true);
}

char *stp_play_work_text(play *p, size_t *len) {
  char *text = NULL;
  stp_error err;
  *len = 0;
  if (!p || !p->game || stp_work_to_text(&p->game->work, &text, len, &err) != STP_OK) return NULL;
  return text;
}

int stp_cmd_play(int argc, char **argv) {
  int rc;
  play *p = stp_play_begin(argc, argv, &rc);
  if (!p) return rc;
  while (stp_play_running(p)) stp_play_step(p, 250);   /* sleeps in SDL_WaitEventTimeout until something happens */
  return stp_play_end(p);
}
