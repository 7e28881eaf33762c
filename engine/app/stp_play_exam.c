/* stp_play_exam.c - an exam in the game window: opening it from the bytes read once, the
 * countdown, "Finish the exam?" and sealing (the exam's files: stp_exam.c). */
#define _POSIX_C_SOURCE 200809L
#include "stp_play_internal.h"


/* Open the exam's case: from the bytes read once at the start (never the file again), a
 * fresh game, or after a crash the game rebuilt from the record with the time it has left. */
void pl_open_exam(play *p) {
  stp_exam *x = p->exam;
  stp_scenario *scn = malloc(sizeof *scn);
  stp_game *g = calloc(1, sizeof *g);
  stp_script *script = NULL;
  stp_draw *d = NULL;
  stp_error_clear(&p->error);
  stp_status st = scn && g ? STP_OK : stp_error_set(&p->error, STP_ERR_NOMEM, NULL, 0, "out of memory");
  if (st == STP_OK) st = stp_script_open(&script, NULL, &p->error);
  /* Under its bare file name, as verify loads it, so messages from the scenario's code
   * (a custom criterion's text) read the same on the station and at verification. */
  if (st == STP_OK) st = stp_script_load(script, x->scenario_file, x->source, x->source_len, scn, &p->error);
  /* Only a case that loads is begun: the folder, the record and the clock start now. */
  if (st == STP_OK) st = stp_exam_start(x, p->bundle_arg, &p->error);
  if (st == STP_OK) {
    printf("stipple: exam %s: %s, attempt %d, in %s\n", x->resumed ? "resumed" : "begun", x->candidate, x->attempt,
           x->dir);
    fflush(stdout);
  }
  int64_t elapsed = st == STP_OK ? stp_exam_elapsed_ms(x) : 0;
  if (st == STP_OK && x->resumed) {
    char *text = NULL;
    size_t len = 0;
    stp_record rec;
    stp_record_init(&rec);
    st = stp_file_read(x->record_path, STP_FILE_MAX_RECORD, "the input record", &text, &len, &p->error);
    if (st == STP_OK) st = stp_record_parse(&rec, text, len, x->record_path, &p->error);
    if (st == STP_OK) st = stp_game_rebuild(g, scn, &rec, true, INT64_MAX, NULL, &p->error);
    if (st == STP_OK && rec.count && elapsed < rec.events[rec.count - 1].t_ms) elapsed = rec.events[rec.count - 1].t_ms;
    stp_record_free(&rec);
    free(text);
  } else if (st == STP_OK) {
    st = stp_game_init(g, scn, NULL, 0, &p->error);   /* session 1 began at the record's time 0 */
  }
  if (st == STP_OK) st = stp_draw_create(&d, p->ren, &g->scn, 1, &p->error);   /* its zones: a design's, once drawn */
  if (st != STP_OK) {
    char buf[1200];
    fprintf(stderr, "stipple: %s\n", stp_error_format(&p->error, buf, sizeof buf));
    if (g) stp_game_free(g);
    free(g);
    stp_script_close(script);
    free(scn);
    p->screen = SCREEN_ERROR;
    p->redraw = true;
    return;
  }
  free(scn);
  g->assessment = true;
  snprintf(g->work_path, sizeof g->work_path, "%s", x->work_path);
  g->record = &x->rec;
  g->dirty = true;
  p->rec_base = (int64_t)SDL_GetTicks64() - elapsed;   /* record time = the exam's wall-clock time */
  g->last_save_ms = pl_game_now(p);
  p->game = g;
  p->draw = d;
  p->script = script;
  p->zones = (g->scn.overlays & STP_OVERLAY_ZONES) != 0;
  p->overlay = 0;
  p->screen = SCREEN_PLAY;
  p->time_step = 0;
  p->interlude = false;
  pl_load_history(p);
  pl_fit_view(p);
  pl_note_view(p);
  p->input.mouse_pressure = g->tool.pressure;
  if (stp_game_needs_design(g)) pl_design_enter(p, false);   /* a design case: the consultation first */
  if (x->resumed)
    pl_set_status(p, false, "Exam resumed after an interruption: %zu impressions, the clock kept running.", g->work.count);
  else
    pl_set_status(p, false, "Exam of %s: scored once, when you finish. The clock is running.", x->candidate);
  if (g->finished) pl_finish(p);   /* it ended (finish or time) before the crash: seal it now */
  p->redraw = true;
}

/* The time an exam has left in ms (INT64_MAX without a limit). */
int64_t pl_exam_left_ms(const play *p) {
  if (!p->exam || !p->game || p->game->scn.time_limit_s <= 0) return INT64_MAX;
  /* The later of the game's clock and the wall clock since the first start: the game's
   * (monotonic) clock stands still while the machine sleeps, the wall clock does not. */
  int64_t used = (int64_t)pl_game_now(p), wall = stp_exam_elapsed_ms(p->exam);
  return (int64_t)llround(p->game->scn.time_limit_s * 1000) - (used > wall ? used : wall);
}

/* The exam: write the finish into the record, then the work, the result and the signed
 * bundle; the exam is sealed. Returns false (status set) if sealing failed: the record and
 * the work stay in the exam's folder for the examiner. */
bool pl_seal_exam(play *p) {
  stp_game *g = p->game;
  stp_error err;
  stp_error_clear(&err);
  char *work = NULL, *json = NULL;
  size_t work_len = 0;
  stp_status st = stp_work_to_text(&g->work, &work, &work_len, &err);
  size_t json_len = 0;
  if (st == STP_OK && !(json = stp_app_result_text(&g->scn, &g->result)))
    st = stp_error_set(&err, STP_ERR_NOMEM, NULL, 0, "out of memory writing the result");
  if (json) json_len = strlen(json);
  int64_t duration = p->exam->rec.last_t;   /* the finish: the record's last line */
  if (st == STP_OK)
    st = stp_exam_seal(p->exam, g->scn.id, work, work_len, json, json_len, duration, &err);
  free(work);
  free(json);
  if (st != STP_OK) {
    char buf[1200];
    p->seal_failed = true;
    pl_set_status(p, true, "The exam could not be sealed: %s. Nothing is lost: call the examiner (%s).",
               stp_error_format(&err, buf, sizeof buf), p->exam->dir);
    fprintf(stderr, "stipple: the exam could not be sealed: %s\n", buf);
    return false;
  }
  p->sealed = true;
  printf("stipple: sealed %s\n", p->exam->bundle_path);
  fflush(stdout);
  const char *base = strrchr(p->exam->bundle_path, '/');
  pl_set_status(p, false, "The exam is sealed: %s (its full path is on the command line).", base ? base + 1 : p->exam->bundle_path);
  return true;
}

/* F or the Finish button: at once in practice; an exam asks first. */
void pl_ask_finish(play *p) {
  /* Practice finishes at once, unless sessions are still to come: finishing then scores
   * them as not reached, one click away from End session. */
  bool early = p->game && p->game->session < p->game->scn.sessions;
  if (!p->exam && !early) { pl_finish(p); return; }
  p->confirm = true;
  p->confirm_session = false;
  if (pl_keys_shown(p))
    pl_set_status(p, false, p->exam ? "Finish the exam? Enter or Finish confirms; Esc goes back."
                                    : "Finish now, before the last session? Enter or Finish confirms; Esc goes back.");
  else
    pl_set_status(p, false, p->exam ? "Finish the exam? Finish confirms; Back goes back."
                                    : "Finish now, before the last session? Finish confirms; Back goes back.");
  p->redraw = true;
}

/* "Finish the exam?" over the scalp: Finish (Enter) and Back (Esc) buttons. */
void pl_confirm_layout(const play *p, SDL_FRect *box, SDL_FRect *finish, SDL_FRect *back) {
  float w = p->px * 26, h = p->px * 11, pad = p->px;
  const SDL_FRect v = p->scene;   /* centred on the scalp's view */
  *box = (SDL_FRect){v.x + (v.w - w) / 2, v.y + (v.h - h) / 2, w, h};
  float bw = (w - 3 * pad) / 2, bh = p->target > p->px * 2.4f ? p->target : p->px * 2.4f, by = box->y + h - pad - bh;
  *finish = (SDL_FRect){box->x + pad, by, bw, bh};
  *back = (SDL_FRect){box->x + 2 * pad + bw, by, bw, bh};
}

void pl_draw_confirm(play *p) {
  SDL_FRect box, finish, back;
  pl_confirm_layout(p, &box, &finish, &back);
  /* Named for the UI trace (a press on them is answered before the input sees it). */
  pl_hit_add(p, finish, (stp_action){.kind = STP_ACT_CONFIRM});
  pl_hit_name_last(p, p->confirm_session ? "Confirm end session" : "Confirm finish");
  pl_hit_add(p, back, (stp_action){.kind = STP_ACT_BACK});
  pl_hit_name_last(p, "Back");
  float pad = p->px;
  bool keys = pl_keys_shown(p);
  pl_fill(p->ren, p->scene.x, p->scene.y, p->scene.w, p->scene.h, (SDL_Color){0, 0, 0, 140});
  pl_fill(p->ren, box.x, box.y, box.w, box.h, (SDL_Color){38, 42, 51, 250});
  if (p->confirm_session) {
    char t[80];
    snprintf(t, sizeof t, "End session %d?", p->game->session);
    pl_text(p, box.x + pad, box.y + pad, p->px * 1.4f, C_TEXT, t);
    stp_font_draw_wrapped(p->font, p->ren, box.x + pad, box.y + pad + p->px * 2.2f, p->px * 0.95f, box.w - 2 * pad, C_DIM,
                          "The work heals until the next session: you cannot add to or change this session again.");
    pl_draw_button(p, finish, keys ? "End session (Enter)" : "End session", C_GOOD);
    pl_draw_button(p, back, keys ? "Back (Esc)" : "Back", C_DIM);
    return;
  }
  if (!p->exam) {
    char t[200];
    snprintf(t, sizeof t, "This is session %d of %d: the sessions after it are scored as not reached. To go on, "
                          "End session instead.", p->game->session, p->game->scn.sessions);
    pl_text(p, box.x + pad, box.y + pad, p->px * 1.4f, C_TEXT, "Finish now?");
    stp_font_draw_wrapped(p->font, p->ren, box.x + pad, box.y + pad + p->px * 2.2f, p->px * 0.95f, box.w - 2 * pad, C_DIM, t);
    pl_draw_button(p, finish, keys ? "Finish (Enter)" : "Finish", C_ACCENT);
    pl_draw_button(p, back, keys ? "Back (Esc)" : "Back", C_DIM);
    return;
  }
  pl_text(p, box.x + pad, box.y + pad, p->px * 1.4f, C_TEXT, "Finish the exam?");
  stp_font_draw_wrapped(p->font, p->ren, box.x + pad, box.y + pad + p->px * 2.2f, p->px * 0.95f, box.w - 2 * pad, C_DIM,
                        "Your work is scored once and the exam is sealed: you cannot return to it.");
  pl_draw_button(p, finish, keys ? "Finish (Enter)" : "Finish", C_ACCENT);
  pl_draw_button(p, back, keys ? "Back (Esc)" : "Back", C_DIM);
}
