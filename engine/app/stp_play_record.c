/* stp_play_record.c - the game window's input record: the game's clock (record time, so a
 * resumed exam keeps its clock), notes of what the trainee did, every game action through
 * the core (stp_game_apply writes it to the record first), and the practice record. */
#define _POSIX_C_SOURCE 200809L
#include "stp_play_internal.h"

/* The game's clock: ms since the record's time 0 (the host's ticks in practice). */
uint64_t pl_to_game_ms(const play *p, uint64_t host_ms) {
  int64_t t = (int64_t)host_ms - p->rec_base;
  return t > 0 ? (uint64_t)t : 0;
}
uint64_t pl_game_now(const play *p) { return pl_to_game_ms(p, SDL_GetTicks64()); }

/* The record could not be written: in an exam nothing more may happen unrecorded. */
void pl_record_failed(play *p) {
  char buf[1200];
  pl_set_status(p, true, "The input record cannot be written (%s). Call the examiner; the work so far is saved.",
             stp_error_format(&p->game->record->error, buf, sizeof buf));
  fprintf(stderr, "stipple: %s\n", buf);
}

/* A note in the record (pointer samples, view, toggles); nothing without a record. */
void pl_note(play *p, stp_record_event e) {
  if (!p->game || !p->game->record || p->game->finished) return;
  if (e.t_ms < 0) e.t_ms = (int64_t)pl_game_now(p);
  if (stp_game_note(p->game, &e) != STP_OK) pl_record_failed(p);
}
void pl_note_view(play *p) {
  pl_note(p, (stp_record_event){.t_ms = -1, .kind = STP_REC_VIEW, .a = {p->view.cx, p->view.cy, p->view.scale}});
}
void pl_note_show(play *p, int which, bool on) {
  pl_note(p, (stp_record_event){.t_ms = -1, .kind = STP_REC_SHOW, .step = which, .flag = on});
}
/* A pointer sample from a raw SDL event (mouse with the left button, pen or finger). */
void pl_note_pointer(play *p, const SDL_Event *e) {
  if (!p->game || !p->game->record || p->screen != SCREEN_PLAY) return;
  stp_record_kind k;
  double sx, sy, pr;
  bool pen = false;
  switch (e->type) {
  case SDL_MOUSEBUTTONDOWN: case SDL_MOUSEBUTTONUP:
    if (e->button.button != SDL_BUTTON_LEFT || e->button.which == SDL_TOUCH_MOUSEID) return;
    k = e->type == SDL_MOUSEBUTTONDOWN ? STP_REC_DOWN : STP_REC_UP;
    sx = e->button.x; sy = e->button.y; pr = p->input.mouse_pressure;
    break;
  case SDL_MOUSEMOTION:
    if (!(e->motion.state & SDL_BUTTON_LMASK) || e->motion.which == SDL_TOUCH_MOUSEID) return;
    k = STP_REC_MOVE;
    sx = e->motion.x; sy = e->motion.y; pr = p->input.mouse_pressure;
    break;
  case SDL_FINGERDOWN: case SDL_FINGERMOTION: case SDL_FINGERUP:
    k = e->type == SDL_FINGERDOWN ? STP_REC_DOWN : e->type == SDL_FINGERUP ? STP_REC_UP : STP_REC_MOVE;
    sx = e->tfinger.x * p->out_w; sy = e->tfinger.y * p->out_h; pr = e->tfinger.pressure;
    pen = true;
    break;
  default: return;
  }
  double x, y;
  stp_view_to_chart(&p->view, sx, sy, &x, &y);
  pl_note(p, (stp_record_event){.t_ms = (int64_t)pl_to_game_ms(p, e->common.timestamp), .kind = k,
                             .a = {sx, sy, x, y, pr < 0 ? 0 : pr > 1 ? 1 : pr}, .flag = pen});
}

/* A game action, through the core (stp_game_apply records it first when there is a record). */
stp_status pl_act(play *p, stp_record_event e, stp_error *err) {
  stp_status st = stp_game_apply(p->game, &e, err);
  if (st == STP_ERR_IO && p->game->record && p->game->record->failed) pl_record_failed(p);
  return st;
}

/* <work>.record.txt beside a practice work (<work> without ".csv"). */

/* Practice keeps an input record too (stipple replay --scenario S --record R), so trainees
 * can watch their own technique. A fresh work (no impression, no hairline design) starts a
 * new record; a resumed work goes on with its record only if the record rebuilds exactly
 * that work (else the record stops, kept aside as <record>.prev.txt, .prev-2.txt, ...:
 * never replacing an older one). The game then runs on the record's clock. */
void pl_attach_practice_record(play *p) {
  stp_game *g = p->game;
  stp_record_writer_close(&p->prac_rec);
  p->prac_rec.fd = -1;
  g->record = NULL;
  p->rec_base = 0;
  if (!p->work_path[0]) return;
  char path[1200];
  pl_beside_work(p->work_path, ".record.txt", path, sizeof path);
  uint64_t now = SDL_GetTicks64();
  stp_error err;
  stp_error_clear(&err);
  if (g->work.count > 0 || g->work.design.n > 0) {   /* a design alone is work the record holds too */
    char *text = NULL, *mine = NULL, *theirs = NULL;
    size_t len = 0, mine_len = 0, theirs_len = 0;
    stp_record rec;
    stp_record_init(&rec);
    stp_game r;
    memset(&r, 0, sizeof r);
    bool same = stp_file_read(path, STP_FILE_MAX_RECORD, "the practice record", &text, &len, NULL) == STP_OK &&
                stp_record_parse(&rec, text, len, path, NULL) == STP_OK &&
                stp_game_rebuild(&r, &g->scn, &rec, false, INT64_MAX, NULL, NULL) == STP_OK &&
                stp_work_to_text(&g->work, &mine, &mine_len, NULL) == STP_OK &&
                stp_work_to_text(&r.work, &theirs, &theirs_len, NULL) == STP_OK &&
                mine_len == theirs_len && memcmp(mine, theirs, mine_len) == 0 && !r.finished;
    int64_t last_t = rec.count ? rec.events[rec.count - 1].t_ms : 0;
    if (same && stp_record_writer_append(&p->prac_rec, path, &err) == STP_OK) {
      /* Go on exactly where the record left off: its tool, its redo list, its clock. */
      g->tool = r.tool;
      stp_impression *ri = g->redo;
      double *rp = g->redo_pressure;
      g->redo = r.redo; g->redo_pressure = r.redo_pressure;
      g->redo_count = r.redo_count; g->redo_capacity = r.redo_capacity;
      r.redo = ri; r.redo_pressure = rp;
      g->session = r.session;
      g->session_start_ms = r.session_start_ms;
      stp_game_recount(g);
      p->rec_base = (int64_t)now - last_t;
      g->last_save_ms = pl_game_now(p);
      g->record = &p->prac_rec;
    } else {
      stp_file_move_aside(path, ".txt", NULL, 0, NULL);   /* no longer this work's: kept aside */
    }
    stp_game_free(&r);
    stp_record_free(&rec);
    free(text);
    free(mine);
    free(theirs);
    return;
  }
  stp_file_move_aside(path, ".txt", NULL, 0, NULL);
  char sha[65] = "";
  char *src = NULL;
  size_t src_len = 0;
  if (stp_file_read(p->scenario_path, STP_FILE_MAX_SCENARIO, "the scenario", &src, &src_len, NULL) == STP_OK)
    stp_sha256_hex(src, src_len, sha);
  free(src);
  stp_record_header h[] = {{"scenario-sha256", ""}, {"engine", STP_VERSION_STRING}, {"mode", "practice"}};
  snprintf(h[0].value, sizeof h[0].value, "%s", sha);
  if (stp_record_writer_create(&p->prac_rec, path, h, 3, &err) != STP_OK) {
    fprintf(stderr, "stipple: no practice record: %s\n", err.msg);
    return;
  }
  p->rec_base = (int64_t)now;
  g->session_start_ms = 0;
  g->last_save_ms = 0;
  g->record = &p->prac_rec;
}
