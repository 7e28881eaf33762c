/* stp_replay.c - `stipple replay`: watch a recorded session again, as it happened.
 *
 *   stipple replay BUNDLE [--key PUBLIC] [--size WxH] [--at SECONDS] [--speed N]
 *   stipple replay --scenario FILE --record RECORD [--size WxH] [--at SECONDS] [--speed N]
 *
 * A bundle is verified first (stp_app_verify_bundle); one that fails is still replayed,
 * from its own scenario and record, with "NOT VERIFIED: why" in red on the panel.
 * The window: the scalp with the work rebuilt from the input record up to the replay's
 * clock, the candidate's pointer (its samples) as a ring sized by its pressure, the view
 * following the candidate's (`view` notes; F toggles a free view), the panel on the right
 * (case, candidate, time, speed, the assessor's figures so far and overall: stp_technique)
 * and the scrub bar along the foot: the window's whole width is the record's duration.
 * Seeking back rebuilds the work (stp_game_rebuild); playing forward applies the events
 * one by one. The clock runs at SDL_GetTicks64 x speed; frames at most every 16 ms while
 * playing, none while paused unless something changes. This file owns no rules.
 */
#define _POSIX_C_SOURCE 200809L
#include <SDL2/SDL.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "stp_app.h"
#include "stp_bundle.h"
#include "stp_draw.h"
#include "stp_file.h"
#include "stp_font.h"
#include "stp_game.h"
#include "stp_record.h"
#include "stp_script.h"
#include "stp_technique.h"
#include "stp_version.h"
#include "stp_window.h"

#define SPEEDS 6              /* x1, x2, x4, x8, x16, x32 */
#define FRAME_MS 16           /* at most ~60 frames a second while playing */
#define SEEK_STEP_MS 5000     /* Left / Right */

typedef struct replay {
  /* what is replayed */
  char scenario_path[1024], record_path[1024], bundle_path[1024], key_path[1024];
  stp_scenario *scn;
  stp_script *script;
  stp_record rec;
  bool assessment;
  char candidate[160];
  char source[256];            /* "Practice record NAME" or "Exam bundle NAME" */
  char verify_problem[800];    /* "" when verified or nothing to verify */
  bool verified;               /* a bundle whose every check held */
  char signer[17];             /* and the fingerprint of the station key that signed it */
  int64_t total_ms;
  stp_technique overall;
  /* the replay's state */
  stp_game game;
  bool game_ok;
  stp_technique_acc acc;
  size_t next;                 /* the next event to apply */
  int64_t t_ms;                /* the replay clock */
  bool playing;
  int speed;                   /* index: 1 << speed */
  bool follow;                 /* the view follows the candidate's */
  bool healed, zones, hair_aside;
  bool has_pointer, pointer_down, pointer_pen;
  double pointer_x, pointer_y, pointer_p;
  bool has_view_note;
  double note_cx, note_cy, note_scale;
  /* the window */
  SDL_Window *win;
  SDL_Renderer *ren;
  stp_font *font;
  stp_draw *draw;
  stp_view view;
  int out_w, out_h;
  float px, panel_w, foot_h;
  unsigned char *ticks;        /* per pixel column of the scrub bar: 1 a place, 2 a session end */
  bool scrubbing, panning;
  int pan_x, pan_y;
  bool redraw, running, shot_pending;
  int shot_count;
} replay;

static const SDL_Color C_TEXT = {232, 234, 238, 255};
static const SDL_Color C_DIM = {160, 168, 180, 255};
static const SDL_Color C_ACCENT = {255, 196, 61, 255};
static const SDL_Color C_GOOD = {86, 180, 233, 255};
static const SDL_Color C_RED = {240, 64, 64, 255};
static const SDL_Color C_PANEL = {38, 42, 51, 255};

static const char REPLAY_HELP[] = "Space: play/pause. 1-6 or +/-: speed. Left/Right: 5 s. Home/End. "
                                  "Click or drag the bar: seek. F: follow the candidate's view. "
                                  "Drag/wheel: free view. H: healed. G: zones. F12: screenshot. Esc: quit.";

/* "M:SS" (minutes unbounded). */
static void mmss(int64_t ms, char *out, size_t size) {
  if (ms < 0) ms = 0;
  long long s = (long long)(ms / 1000);
  snprintf(out, size, "%lld:%02lld", s / 60, s % 60);
}

/* ---- loading ----------------------------------------------------------------------- */

static stp_status load_scenario_bytes(replay *r, const char *name, const char *text, size_t len, stp_error *err) {
  r->scn = malloc(sizeof *r->scn);
  if (!r->scn) return stp_error_set(err, STP_ERR_NOMEM, NULL, 0, "out of memory");
  /* From the bytes given, as stp_app_open_scenario does from a file. */
  stp_status st = stp_script_open(&r->script, NULL, err);
  if (st == STP_OK) st = stp_script_load(r->script, name, text, len, r->scn, err);
  return st;
}

static stp_status load_record_bytes(replay *r, const char *name, const char *text, size_t len, stp_error *err) {
  stp_status st = stp_record_parse(&r->rec, text, len, name, err);
  if (st != STP_OK) return st;
  const char *c = stp_record_header_get(&r->rec, "candidate");
  if (c && !r->candidate[0]) snprintf(r->candidate, sizeof r->candidate, "%s", c);
  r->total_ms = r->rec.count ? r->rec.events[r->rec.count - 1].t_ms : 0;
  return STP_OK;
}

static const char *base_name(const char *path) {
  const char *s = strrchr(path, '/');
  return s ? s + 1 : path;
}

/* --scenario FILE --record RECORD: a practice session (or an exam's parts, unverified). */
static stp_status load_files(replay *r, stp_error *err) {
  char *text = NULL;
  size_t len = 0;
  char sha[65] = "";
  stp_status st = stp_file_read(r->scenario_path, STP_FILE_MAX_SCENARIO, "the scenario", &text, &len, err);
  if (st == STP_OK) {
    stp_sha256_hex(text, len, sha);
    st = load_scenario_bytes(r, r->scenario_path, text, len, err);
  }
  free(text);
  if (st != STP_OK) return st;
  text = NULL;
  st = stp_file_read(r->record_path, STP_FILE_MAX_RECORD, "the record", &text, &len, err);
  if (st == STP_OK) st = load_record_bytes(r, r->record_path, text, len, err);
  free(text);
  if (st != STP_OK) return st;
  /* The record says how it was made: an exam's record is replayed with the exam's rules
   * (undo refused), and a scenario other than the one it names is said out loud. */
  const char *mode = stp_record_header_get(&r->rec, "mode");
  r->assessment = mode && strcmp(mode, "exam") == 0;
  const char *named = stp_record_header_get(&r->rec, "scenario-sha256");
  if (named && strcmp(named, sha) != 0) {
    snprintf(r->verify_problem, sizeof r->verify_problem,
             "%.200s is not the scenario this record was made on (its SHA-256 differs from the record's)",
             base_name(r->scenario_path));
    printf("stipple: NOT VERIFIED: %s\n", r->verify_problem);
    fflush(stdout);
  }
  snprintf(r->source, sizeof r->source, "%s record %.200s", r->assessment ? "Exam" : "Practice",
           base_name(r->record_path));
  return STP_OK;
}

/* BUNDLE: verify it, then take the scenario and the record from its bytes. */
static stp_status load_bundle(replay *r, stp_error *err) {
  stp_verify_report *rep = calloc(1, sizeof *rep);
  stp_bundle *b = calloc(1, sizeof *b);
  if (!rep || !b) { free(rep); free(b); return stp_error_set(err, STP_ERR_NOMEM, NULL, 0, "out of memory"); }
  unsigned char pk[STP_KEY_PUBLIC_BYTES];
  stp_error why;
  stp_error_clear(&why);
  stp_status st = stp_app_trusted_key(r->key_path[0] ? r->key_path : NULL, pk, &why);
  if (st == STP_OK) {
    st = stp_app_verify_bundle(r->bundle_path, pk, rep, b, &why);
    if (st == STP_OK) {
      r->verified = true;
      stp_key_fingerprint(b->signer, r->signer);
    }
  } else if (st == STP_ERR_USAGE) {   /* no key to trust: read it, and say it is not verified */
    stp_bundle_check chk;
    stp_error rd;
    st = stp_bundle_read(r->bundle_path, NULL, b, &chk, &rd);
    if (st == STP_OK) st = STP_ERR_PARSE;
    else why = rd;
  }
  if (st == STP_ERR_PARSE && b->part[STP_PART_SCENARIO] && b->part[STP_PART_RECORD]) {
    snprintf(r->verify_problem, sizeof r->verify_problem, "%s", why.msg);
    printf("stipple: NOT VERIFIED: %s\n", why.msg);
    fflush(stdout);
    st = STP_OK;
  } else if (st != STP_OK) {
    if (err) *err = why;
    if (st == STP_ERR_PARSE) st = stp_error_set(err, STP_ERR_PARSE, r->bundle_path, 0, "cannot replay: %s", why.msg);
  }
  if (st == STP_OK) {
    snprintf(r->candidate, sizeof r->candidate, "%s", b->meta.candidate);
    r->assessment = strcmp(b->meta.mode, "exam") == 0;
    snprintf(r->source, sizeof r->source, "%s bundle %.200s", r->assessment ? "Exam" : "Practice",
             base_name(r->bundle_path));
    char name[300];
    snprintf(name, sizeof name, "%s", b->meta.scenario_file[0] ? b->meta.scenario_file : "scenario.lua");
    st = load_scenario_bytes(r, name, b->part[STP_PART_SCENARIO], b->part_len[STP_PART_SCENARIO], err);
    if (st == STP_OK)
      st = load_record_bytes(r, "record.txt", b->part[STP_PART_RECORD], b->part_len[STP_PART_RECORD], err);
  }
  stp_bundle_free(b);
  free(b);
  free(rep);
  return st;
}

/* ---- the replay clock ---------------------------------------------------------------- */

/* A note's effect on what is shown (the pointer, the candidate's view, display toggles). */
static void take_note(replay *r, const stp_record_event *e) {
  switch (e->kind) {
  case STP_REC_DOWN: case STP_REC_MOVE: case STP_REC_UP:
    r->has_pointer = true;
    r->pointer_down = e->kind != STP_REC_UP;
    r->pointer_x = e->a[2];
    r->pointer_y = e->a[3];
    r->pointer_p = e->a[4] < 0 ? 0 : e->a[4] > 1 ? 1 : e->a[4];
    r->pointer_pen = e->flag;
    break;
  case STP_REC_VIEW:
    if (isfinite(e->a[0]) && isfinite(e->a[1]) && e->a[2] > 0) {
      r->has_view_note = true;
      r->note_cx = e->a[0];
      r->note_cy = e->a[1];
      r->note_scale = e->a[2] < STP_VIEW_MIN_SCALE ? STP_VIEW_MIN_SCALE
                      : e->a[2] > STP_VIEW_MAX_SCALE ? STP_VIEW_MAX_SCALE : e->a[2];
    }
    break;
  case STP_REC_SHOW:
    if (!r->follow) break;
    if (e->step == 0) r->healed = e->flag;
    else if (e->step == 1) r->zones = e->flag;
    else if (e->step == 3) r->hair_aside = e->flag;
    break;
  default: break;
  }
}

static void fit_view(replay *r) {
  const stp_scenario *s = r->scn;
  stp_view_fit(&r->view, s->view_x0, s->view_y0, s->view_x1, s->view_y1);
}

static void follow_view(replay *r) {
  if (!r->follow) return;
  if (r->has_view_note) {
    r->view.cx = r->note_cx;
    r->view.cy = r->note_cy;
    r->view.scale = r->note_scale;
  } else {
    fit_view(r);
  }
}

/* Apply the events up to t (forward only). */
static stp_status advance(replay *r, int64_t t, stp_error *err) {
  while (r->next < r->rec.count && r->rec.events[r->next].t_ms <= t) {
    const stp_record_event *e = &r->rec.events[r->next];
    bool undo = e->kind == STP_REC_UNDO && r->game.work.count > 0;
    stp_impression last;
    if (undo) last = r->game.work.items[r->game.work.count - 1];
    size_t before = r->game.work.count;
    stp_status st = stp_technique_step(&r->acc, &r->game, e, err);
    if (st != STP_OK) return st;
    if (undo && r->game.work.count + 1 == before) stp_draw_undone(r->draw, &r->game.work, &last);
    take_note(r, e);
    r->next++;
  }
  r->t_ms = t;
  follow_view(r);
  return STP_OK;
}

/* Go to time t: back rebuilds the work from the record (stp_game_rebuild), forward applies. */
static stp_status seek(replay *r, int64_t t, stp_error *err) {
  if (t < 0) t = 0;
  if (t > r->total_ms) t = r->total_ms;
  r->redraw = true;
  if (r->game_ok && t >= r->t_ms) return advance(r, t, err);
  if (r->game_ok) stp_game_free(&r->game);
  r->game_ok = true;   /* stp_game_rebuild initialises it even on failure */
  stp_status st = stp_game_rebuild(&r->game, r->scn, &r->rec, r->assessment, t, NULL, err);
  if (st == STP_OK) st = stp_technique_accumulate(&r->acc, r->scn, &r->rec, r->assessment, t, err);
  if (st != STP_OK) return st;
  if (r->draw) stp_draw_invalidate(r->draw);
  /* The notes that hold at t: the last pointer sample, view and toggles before it. */
  r->next = 0;
  while (r->next < r->rec.count && r->rec.events[r->next].t_ms <= t) r->next++;
  r->has_pointer = r->has_view_note = false;
  bool seen_pointer = false, seen_view = false, seen_show[4] = {false, false, false, false};
  for (size_t i = r->next; i-- > 0 && !(seen_pointer && seen_view && seen_show[0] && seen_show[1] && seen_show[3]);) {
    const stp_record_event *e = &r->rec.events[i];
    bool ptr = e->kind == STP_REC_DOWN || e->kind == STP_REC_MOVE || e->kind == STP_REC_UP;
    if (ptr && !seen_pointer) { seen_pointer = true; take_note(r, e); }
    if (e->kind == STP_REC_VIEW && !seen_view) { seen_view = true; take_note(r, e); }
    if (e->kind == STP_REC_SHOW && e->step >= 0 && e->step < 4 && !seen_show[e->step]) {
      seen_show[e->step] = true;
      take_note(r, e);
    }
  }
  r->t_ms = t;
  follow_view(r);
  return STP_OK;
}

static void say_position(replay *r) {
  char a[32];
  mmss(r->t_ms, a, sizeof a);
  printf("stipple: replay at %s (%lld ms, %zu impressions)\n", a, (long long)r->t_ms, r->game.work.count);
  fflush(stdout);
}

static void user_seek(replay *r, int64_t t) {
  stp_error err;
  stp_error_clear(&err);
  if (seek(r, t, &err) != STP_OK) {
    stp_app_report(&err);
    r->running = false;
    return;
  }
  say_position(r);
}

/* ---- layout and drawing ------------------------------------------------------------ */

static void layout(replay *r) {
  SDL_GetRendererOutputSize(r->ren, &r->out_w, &r->out_h);
  stp_window_metrics(r->out_w, r->out_h, &r->px, &r->panel_w, &r->foot_h);
  double cx = r->view.cx, cy = r->view.cy, scale = r->view.scale;
  stp_view_set_viewport(&r->view, 0, 0, r->out_w - r->panel_w, r->out_h - r->foot_h);
  r->view.cx = cx; r->view.cy = cy; r->view.scale = scale;
  /* The scrub bar's marks: where impressions were placed and sessions ended. */
  free(r->ticks);
  r->ticks = calloc((size_t)(r->out_w > 0 ? r->out_w : 1), 1);
  if (r->ticks && r->total_ms > 0)
    for (size_t i = 0; i < r->rec.count; i++) {
      const stp_record_event *e = &r->rec.events[i];
      if (e->kind != STP_REC_PLACE && e->kind != STP_REC_SESSION_END) continue;
      int x = (int)((double)e->t_ms / (double)r->total_ms * (r->out_w - 1));
      if (x >= 0 && x < r->out_w) r->ticks[x] = e->kind == STP_REC_SESSION_END ? 2 : r->ticks[x] ? r->ticks[x] : 1;
    }
  r->redraw = true;
}

/* The time at window x on the scrub bar: the whole width is the record. */
static int64_t bar_time(const replay *r, int x) {
  double f = r->out_w > 0 ? (double)x / (double)r->out_w : 0;
  f = f < 0 ? 0 : f > 1 ? 1 : f;
  return (int64_t)llround(f * (double)r->total_ms);
}

static void fill(SDL_Renderer *ren, float x, float y, float w, float h, SDL_Color c) {
  SDL_FRect rc = {x, y, w, h};
  SDL_SetRenderDrawBlendMode(ren, SDL_BLENDMODE_BLEND);
  SDL_SetRenderDrawColor(ren, c.r, c.g, c.b, c.a);
  SDL_RenderFillRectF(ren, &rc);
}

static float text(replay *r, float x, float y, float size, SDL_Color c, const char *s) {
  return stp_font_draw(r->font, r->ren, x, y, size, c, s);
}

static void ring(SDL_Renderer *ren, float cx, float cy, float rad, SDL_Color c) {
  SDL_FPoint pts[33];
  for (int i = 0; i <= 32; i++) {
    double a = 6.283185307179586 * i / 32;
    pts[i].x = cx + rad * (float)cos(a);
    pts[i].y = cy + rad * (float)sin(a);
  }
  SDL_SetRenderDrawColor(ren, c.r, c.g, c.b, c.a);
  SDL_RenderDrawLinesF(ren, pts, 33);
}

/* The candidate's pointer: a ring whose size and the arc inside it show the pressure. */
static void draw_pointer(replay *r) {
  if (!r->has_pointer) return;
  double sx, sy;
  stp_view_to_screen(&r->view, r->pointer_x, r->pointer_y, &sx, &sy);
  if (!stp_view_hit(&r->view, sx, sy)) return;
  float rad = r->px * (0.6f + 0.9f * (float)r->pointer_p);
  SDL_Color c = r->pointer_down ? C_ACCENT : C_DIM;
  SDL_SetRenderDrawBlendMode(r->ren, SDL_BLENDMODE_BLEND);
  ring(r->ren, (float)sx, (float)sy, rad, c);
  ring(r->ren, (float)sx, (float)sy, rad + 1, c);
  /* the crosshair's arms stop short of the centre, so a dot under it stays visible */
  SDL_RenderDrawLineF(r->ren, (float)sx - rad - 5, (float)sy, (float)sx - rad + 3, (float)sy);
  SDL_RenderDrawLineF(r->ren, (float)sx + rad - 3, (float)sy, (float)sx + rad + 5, (float)sy);
  SDL_RenderDrawLineF(r->ren, (float)sx, (float)sy - rad - 5, (float)sx, (float)sy - rad + 3);
  SDL_RenderDrawLineF(r->ren, (float)sx, (float)sy + rad - 3, (float)sx, (float)sy + rad + 5);
  char buf[48];
  snprintf(buf, sizeof buf, "%s %.0f%%", r->pointer_pen ? "pen" : "mouse", r->pointer_p * 100);
  float tx = (float)sx + rad + 6, ty = (float)sy + rad * 0.3f;
  fill(r->ren, tx - 2, ty, stp_font_measure(r->font, r->px * 0.75f, buf) + 4, r->px * 0.95f, (SDL_Color){20, 22, 27, 190});
  text(r, tx, ty, r->px * 0.75f, c, buf);
}

/* One row of the figures: a label, the figure so far and overall. */
static float row(replay *r, float x, float y, float w, const char *label, const char *now, const char *all) {
  float size = r->px * 0.85f;
  text(r, x, y, size, C_DIM, label);
  text(r, x + w * 0.56f, y, size, C_TEXT, now);
  text(r, x + w * 0.80f, y, size, C_DIM, all);
  return y + stp_font_line_height(r->font, size);
}

static float draw_figures(replay *r, float x, float y, float w, float bottom) {
  stp_technique f;
  stp_technique_get(&r->acc, r->t_ms, &f);
  const stp_technique *o = &r->overall;
  char a[64], b[64];
  float size = r->px * 0.85f, lh = stp_font_line_height(r->font, size);
  text(r, x, y, r->px, C_ACCENT, "Technique");
  text(r, x + w * 0.56f, y + (r->px - size) * 0.5f, size, C_ACCENT, "so far");
  text(r, x + w * 0.80f, y + (r->px - size) * 0.5f, size, C_ACCENT, "overall");
  y += stp_font_line_height(r->font, r->px);
#define ROW(label, fmt, va, vb)                 \
  do {                                         \
    if (y + lh > bottom) return y;             \
    snprintf(a, sizeof a, fmt, va);            \
    snprintf(b, sizeof b, fmt, vb);            \
    y = row(r, x, y, w, label, a, b);          \
  } while (0)
  ROW("Impressions placed", "%zu", f.placed, o->placed);
  ROW("Per active minute", "%.1f", f.per_minute, o->per_minute);
  ROW("Pressure mean", "%.0f%%", f.pressure_mean * 100, o->pressure_mean * 100);
  ROW("Pressure SD", "%.1f%%", f.pressure_sd * 100, o->pressure_sd * 100);
  ROW("Consistency (CV)", "%.0f%%", f.pressure_cv * 100, o->pressure_cv * 100);
  if (y + lh <= bottom) {
    snprintf(a, sizeof a, "%zu / %zu", f.undos, f.redos);
    snprintf(b, sizeof b, "%zu / %zu", o->undos, o->redos);
    y = row(r, x, y, w, "Undos / redos", a, b);
  }
  ROW("Rework (undone)", "%.0f%%", f.rework_share * 100, o->rework_share * 100);
  ROW("Sessions", "%d", f.sessions, o->sessions);
  if (y + lh <= bottom) {
    mmss(f.longest_pause_ms, a, sizeof a);
    mmss(o->longest_pause_ms, b, sizeof b);
    y = row(r, x, y, w, "Longest pause", a, b);
  }
  if (y + lh <= bottom) {
    mmss(f.active_ms, a, sizeof a);
    mmss(o->active_ms, b, sizeof b);
    y = row(r, x, y, w, "Active time", a, b);
  }
#undef ROW
  y += r->px * 0.4f;
  if (y + 2 * lh > bottom) return y;
  text(r, x, y, r->px, C_ACCENT, "Time per zone");
  y += stp_font_line_height(r->font, r->px);
  for (int z = 0; z <= f.zone_count; z++) {
    if (y + lh > bottom) break;
    const stp_technique_zone *zn = z < f.zone_count ? &f.zones[z] : &f.off_plan;
    const stp_technique_zone *zo = z < f.zone_count ? &o->zones[z] : &o->off_plan;
    if (z == f.zone_count && zo->impressions == 0) break;   /* nothing off plan: no row */
    char ta[32], tb[32];
    mmss(zn->time_ms, ta, sizeof ta);
    mmss(zo->time_ms, tb, sizeof tb);
    snprintf(a, sizeof a, "%zu, %s", zn->impressions, ta);
    snprintf(b, sizeof b, "%zu, %s", zo->impressions, tb);
    const char *name = z < f.zone_count ? (r->scn->zones[z].name[0] ? r->scn->zones[z].name : r->scn->zones[z].id)
                                        : "off plan";
    char label[64];
    snprintf(label, sizeof label, "%.22s", name);
    y = row(r, x, y, w, label, a, b);
  }
  return y;
}

static void draw_panel(replay *r) {
  float x0 = (float)r->out_w - r->panel_w, pad = r->px, x = x0 + pad, y = pad, w = r->panel_w - 2 * pad;
  fill(r->ren, x0, 0, r->panel_w, (float)r->out_h - r->foot_h, C_PANEL);
  float help_h = stp_font_draw_wrapped(r->font, NULL, 0, 0, r->px * 0.75f, w, C_DIM, REPLAY_HELP);
  float bottom = (float)r->out_h - r->foot_h - pad - help_h - r->px * 0.5f;
  SDL_Rect clip = {(int)x0, 0, (int)r->panel_w, (int)bottom};
  SDL_RenderSetClipRect(r->ren, &clip);
  y += stp_font_draw_wrapped(r->font, r->ren, x, y, r->px * 1.3f, w, C_TEXT, r->scn->title);
  y += r->px * 0.3f;
  char buf[900];
  if (r->candidate[0]) {
    snprintf(buf, sizeof buf, "Candidate: %s", r->candidate);
    y += stp_font_draw_wrapped(r->font, r->ren, x, y, r->px * 0.9f, w, C_TEXT, buf);
  }
  y += stp_font_draw_wrapped(r->font, r->ren, x, y, r->px * 0.9f, w, C_DIM, r->source);
  if (r->verify_problem[0]) {
    snprintf(buf, sizeof buf, "NOT VERIFIED: %s", r->verify_problem);
    y += stp_font_draw_wrapped(r->font, r->ren, x, y, r->px * 0.9f, w, C_RED, buf);
  } else if (r->verified) {
    snprintf(buf, sizeof buf, "Verified: signed by station %s; rebuilt and re-scored, identical", r->signer);
    y += stp_font_draw_wrapped(r->font, r->ren, x, y, r->px * 0.9f, w, C_GOOD, buf);
  }
  y += r->px * 0.5f;
  /* The time, at 1.2 text sizes in the text colour (the GUI test reads it). */
  char now[32], all[32];
  mmss(r->t_ms, now, sizeof now);
  mmss(r->total_ms, all, sizeof all);
  snprintf(buf, sizeof buf, "%s / %s", now, all);
  float tw = text(r, x, y, r->px * 1.2f, C_TEXT, buf);
  snprintf(buf, sizeof buf, "%s  \xC3\x97%d", r->playing ? "playing" : "paused", 1 << r->speed);
  text(r, x + tw + r->px, y + r->px * 0.2f, r->px, r->playing ? C_GOOD : C_ACCENT, buf);
  y += stp_font_line_height(r->font, r->px * 1.2f);
  snprintf(buf, sizeof buf, "%zu impression%s in the work%s", r->game.work.count, r->game.work.count == 1 ? "" : "s",
           r->game.finished ? ", finished" : "");
  text(r, x, y, r->px * 0.9f, C_TEXT, buf);
  y += stp_font_line_height(r->font, r->px * 0.9f);
  text(r, x, y, r->px * 0.9f, C_DIM, r->follow ? "View: the candidate's (F: free)" : "View: free (F: follow the candidate's)");
  y += stp_font_line_height(r->font, r->px * 0.9f) + r->px * 0.6f;
  draw_figures(r, x, y, w, bottom);
  SDL_RenderSetClipRect(r->ren, NULL);
  stp_font_draw_wrapped(r->font, r->ren, x, (float)r->out_h - r->foot_h - pad - help_h, r->px * 0.75f, w, C_DIM,
                        REPLAY_HELP);
}

/* The scrub bar: the foot strip, the window's whole width from 0 to the record's end. */
static void draw_bar(replay *r) {
  float y0 = (float)r->out_h - r->foot_h, h = r->foot_h, W = (float)r->out_w;
  fill(r->ren, 0, y0, W, h, (SDL_Color){20, 22, 27, 255});
  float ty = y0 + h * 0.3f, th = h * 0.4f;
  fill(r->ren, 0, ty, W, th, (SDL_Color){52, 57, 68, 255});
  float kx = r->total_ms > 0 ? (float)((double)r->t_ms / (double)r->total_ms) * W : 0;
  fill(r->ren, 0, ty, kx, th, (SDL_Color){120, 96, 40, 255});
  if (r->ticks)
    for (int x = 0; x < r->out_w; x++) {
      if (!r->ticks[x]) continue;
      SDL_Color c = r->ticks[x] == 2 ? C_GOOD : C_DIM;
      if (r->ticks[x] == 2) fill(r->ren, (float)x, y0 + 2, 2, h - 4, c);
      else fill(r->ren, (float)x, ty + th * 0.25f, 1, th * 0.5f, c);
    }
  fill(r->ren, kx - 2, y0 + 2, 4, h - 4, C_TEXT);
}

static void draw_frame(replay *r) {
  SDL_SetRenderDrawColor(r->ren, 28, 31, 38, 255);
  SDL_RenderClear(r->ren);
  stp_draw_opts o = {.healed = r->healed, .zones = r->zones, .layered = true, .hair_aside = r->hair_aside};
  stp_draw_scalp(r->draw, &r->view, &r->game.work, &o);
  draw_pointer(r);
  draw_panel(r);
  draw_bar(r);
  if (r->shot_pending) {
    r->shot_pending = false;
    stp_error serr;
    stp_window_screenshot(r->ren, r->out_w, r->out_h, &r->shot_count, &serr);
  }
  SDL_RenderPresent(r->ren);
}

/* ---- events ---------------------------------------------------------------------- */

static void set_playing(replay *r, bool on) {
  if (on && r->t_ms >= r->total_ms) user_seek(r, 0);   /* play again from the start */
  r->playing = on;
  r->redraw = true;
}

static void key(replay *r, const SDL_Keysym *k) {
  switch (k->sym) {
  case SDLK_ESCAPE: r->running = false; break;
  case SDLK_SPACE: set_playing(r, !r->playing); break;
  case SDLK_PLUS: case SDLK_EQUALS: case SDLK_KP_PLUS:
    if (r->speed < SPEEDS - 1) r->speed++;
    r->redraw = true;
    break;
  case SDLK_MINUS: case SDLK_KP_MINUS:
    if (r->speed > 0) r->speed--;
    r->redraw = true;
    break;
  case SDLK_1: case SDLK_2: case SDLK_3: case SDLK_4: case SDLK_5: case SDLK_6:
    r->speed = (int)(k->sym - SDLK_1);
    r->redraw = true;
    break;
  case SDLK_LEFT: user_seek(r, r->t_ms - SEEK_STEP_MS); break;
  case SDLK_RIGHT: user_seek(r, r->t_ms + SEEK_STEP_MS); break;
  case SDLK_HOME: user_seek(r, 0); break;
  case SDLK_END: user_seek(r, r->total_ms); break;
  case SDLK_f:
    r->follow = !r->follow;
    follow_view(r);
    r->redraw = true;
    break;
  case SDLK_0: r->follow = false; fit_view(r); r->redraw = true; break;
  case SDLK_h: r->healed = !r->healed; r->redraw = true; break;
  case SDLK_g: r->zones = !r->zones; r->redraw = true; break;
  case SDLK_F12: r->shot_pending = true; r->redraw = true; break;
  default: break;
  }
}

static void event(replay *r, const SDL_Event *e, int64_t *pending_seek) {
  switch (e->type) {
  case SDL_QUIT: r->running = false; break;
  case SDL_WINDOWEVENT:
    if (e->window.event == SDL_WINDOWEVENT_SIZE_CHANGED) {
      layout(r);
      if (r->follow) follow_view(r);
      else fit_view(r);
    }
    r->redraw = true;
    break;
  case SDL_KEYDOWN: key(r, &e->key.keysym); break;
  case SDL_MOUSEBUTTONDOWN:
    if (e->button.y >= r->out_h - (int)r->foot_h) {
      r->scrubbing = true;
      user_seek(r, bar_time(r, e->button.x));
    } else if (stp_view_hit(&r->view, e->button.x, e->button.y)) {
      r->panning = true;
      r->pan_x = e->button.x;
      r->pan_y = e->button.y;
    }
    break;
  case SDL_MOUSEMOTION:
    if (r->scrubbing) *pending_seek = bar_time(r, e->motion.x);   /* once a frame */
    else if (r->panning) {
      r->follow = false;
      stp_view_pan_pixels(&r->view, e->motion.x - r->pan_x, e->motion.y - r->pan_y);
      r->pan_x = e->motion.x;
      r->pan_y = e->motion.y;
      r->redraw = true;
    }
    break;
  case SDL_MOUSEBUTTONUP:
    if (r->scrubbing) {
      r->scrubbing = false;
      *pending_seek = -1;
      user_seek(r, bar_time(r, e->button.x));
    }
    r->panning = false;
    break;
  case SDL_MOUSEWHEEL: {
    int mx, my;
    SDL_GetMouseState(&mx, &my);
    if (!stp_view_hit(&r->view, mx, my) || e->wheel.y == 0) break;
    r->follow = false;
    stp_view_zoom_at(&r->view, pow(1.25, e->wheel.y), mx, my);
    r->redraw = true;
    break;
  }
  default: break;
  }
}

/* ---- the command ----------------------------------------------------------------- */

static int parse_args(int argc, char **argv, replay *r, int *w, int *h, double *at, int *speed) {
  for (int i = 1; i < argc; i++) {
    const char *a = argv[i];
    bool valued = strcmp(a, "--scenario") == 0 || strcmp(a, "--record") == 0 || strcmp(a, "--size") == 0 ||
                  strcmp(a, "--at") == 0 || strcmp(a, "--speed") == 0 || strcmp(a, "--key") == 0;
    if (valued && i + 1 >= argc) {
      fprintf(stderr, "stipple: %s needs a value\n", a);
      return -1;
    }
    if (strcmp(a, "--scenario") == 0) snprintf(r->scenario_path, sizeof r->scenario_path, "%s", argv[++i]);
    else if (strcmp(a, "--record") == 0) snprintf(r->record_path, sizeof r->record_path, "%s", argv[++i]);
    else if (strcmp(a, "--key") == 0) snprintf(r->key_path, sizeof r->key_path, "%s", argv[++i]);
    else if (strcmp(a, "--size") == 0) {
      if (stp_app_parse_size(argv[++i], w, h) != 0) {
        fprintf(stderr, "stipple: --size '%s' should look like 1280x800\n", argv[i]);
        return -1;
      }
    } else if (strcmp(a, "--at") == 0) {
      char *end;
      *at = strtod(argv[++i], &end);
      if (*end || !(*at >= 0 && *at < 1e9)) {
        fprintf(stderr, "stipple: --at takes the seconds from the record's start (0 or more)\n");
        return -1;
      }
    } else if (strcmp(a, "--speed") == 0) {
      char *end;
      long s = strtol(argv[++i], &end, 10);
      int k = -1;
      for (int j = 0; j < SPEEDS; j++)
        if (s == (1L << j)) k = j;
      if (*end || k < 0) {
        fprintf(stderr, "stipple: --speed takes 1, 2, 4, 8, 16 or 32\n");
        return -1;
      }
      *speed = k;
    } else if (a[0] == '-') {
      fprintf(stderr, "stipple: unknown option '%s' (try stipple --help)\n", a);
      return -1;
    } else if (r->bundle_path[0]) {
      fprintf(stderr, "stipple: one bundle at a time ('%s' and '%s')\n", r->bundle_path, a);
      return -1;
    } else {
      snprintf(r->bundle_path, sizeof r->bundle_path, "%s", a);
    }
  }
  bool files = r->scenario_path[0] || r->record_path[0];
  if (r->bundle_path[0] ? files : !(r->scenario_path[0] && r->record_path[0])) {
    fprintf(stderr, "stipple: replay takes a BUNDLE, or --scenario FILE and --record RECORD (try stipple --help)\n");
    return -1;
  }
  if (!r->bundle_path[0] && r->key_path[0]) {
    fprintf(stderr, "stipple: --key goes with a BUNDLE\n");
    return -1;
  }
  return 0;
}

static void close_replay(replay *r) {
  if (r->game_ok) stp_game_free(&r->game);
  stp_draw_destroy(r->draw);
  if (r->font && r->ren) stp_font_forget_renderer(r->font, r->ren);
  stp_font_close(r->font);
  if (r->ren) SDL_DestroyRenderer(r->ren);
  if (r->win) SDL_DestroyWindow(r->win);
  stp_script_close(r->script);
  stp_record_free(&r->rec);
  free(r->scn);
  free(r->ticks);
  free(r);
}

int stp_cmd_replay(int argc, char **argv) {
  replay *r = calloc(1, sizeof *r);
  if (!r) return STP_EXIT_IO;
  stp_record_init(&r->rec);
  int W = 1280, H = 800, speed = 0;
  double at = -1;
  if (parse_args(argc, argv, r, &W, &H, &at, &speed) != 0) { close_replay(r); return STP_EXIT_USAGE; }
  stp_error err;
  stp_error_clear(&err);
  /* Everything is read and checked before a window opens: a bad file is an error on the
   * command line, with its file and line. */
  stp_status st = r->bundle_path[0] ? load_bundle(r, &err) : load_files(r, &err);
  if (st == STP_OK) st = stp_technique_compute(r->scn, &r->rec, r->assessment, INT64_MAX, &r->overall, &err);
  if (st != STP_OK) {
    stp_app_report(&err);
    close_replay(r);
    return stp_app_exit_code(st);
  }
  if (r->rec.torn) printf("stipple: %s ends in a torn line (dropped)\n", r->record_path);
  int rc = STP_EXIT_OK;
  if (stp_window_open_video() != 0) {   /* without a display it would run invisibly */
    close_replay(r);
    return STP_EXIT_IO;
  }
  r->win = SDL_CreateWindow("Stipple replay " STP_VERSION_STRING, SDL_WINDOWPOS_CENTERED, SDL_WINDOWPOS_CENTERED,
                            W, H, SDL_WINDOW_RESIZABLE);
  r->ren = r->win ? stp_window_renderer(r->win, NULL) : NULL;
  char assets[1024];
  const char *assets_dir = stp_app_find_data("assets", assets, sizeof assets) == 0 ? assets : NULL;
  if (!r->ren) {
    fprintf(stderr, "stipple: cannot create the window: %s\n", SDL_GetError());
    rc = STP_EXIT_IO;
  } else if ((st = stp_font_open_default(&r->font, assets_dir, &err)) != STP_OK ||
             (st = stp_draw_create(&r->draw, r->ren, r->scn, 1, &err)) != STP_OK) {
    stp_app_report(&err);
    rc = stp_app_exit_code(st);
  }
  if (rc == STP_EXIT_OK) {
    r->follow = true;
    r->zones = true;
    r->speed = speed;
    layout(r);
    fit_view(r);
    int64_t start = at >= 0 ? (int64_t)llround(at * 1000) : 0;
    if (seek(r, start, &err) != STP_OK) {
      stp_app_report(&err);
      rc = stp_app_exit_code(err.status);
    }
    r->playing = at < 0;   /* --at: paused there */
  }
  r->running = rc == STP_EXIT_OK;
  r->redraw = true;
  bool announced = false;
  uint64_t last_tick = SDL_GetTicks64(), last_frame = 0;
  while (r->running) {
    uint64_t now = SDL_GetTicks64();
    int timeout = 250;
    if (r->playing || r->redraw) {
      uint64_t since = now - last_frame;
      timeout = since >= FRAME_MS ? 1 : (int)(FRAME_MS - since);
    }
    SDL_Event e;
    int64_t pending = -1;
    bool was_playing = r->playing;
    if (SDL_WaitEventTimeout(&e, timeout)) {
      do event(r, &e, &pending);
      while (r->running && SDL_PollEvent(&e));
    }
    if (!r->running) break;
    if (pending >= 0) {
      stp_error_clear(&err);
      if (seek(r, pending, &err) != STP_OK) { stp_app_report(&err); rc = STP_EXIT_IO; break; }
    }
    now = SDL_GetTicks64();
    if (r->playing && was_playing && !r->scrubbing) {
      int64_t t = r->t_ms + (int64_t)(now - last_tick) * (1 << r->speed);
      if (t >= r->total_ms) {
        t = r->total_ms;
        r->playing = false;
      }
      stp_error_clear(&err);
      if (seek(r, t, &err) != STP_OK) { stp_app_report(&err); rc = STP_EXIT_IO; break; }
      if (!r->playing) say_position(r);
    }
    last_tick = now;
    if (r->redraw && (now - last_frame >= FRAME_MS || !r->playing)) {
      r->redraw = false;
      last_frame = now;
      draw_frame(r);
      if (stp_draw_pending(r->draw)) r->redraw = true;
      if (!announced) {   /* scripts and tests wait for this line */
        announced = true;
        char total[32];
        mmss(r->total_ms, total, sizeof total);
        printf("stipple: replay ready (%zu events, %s)\n", r->rec.count, total);
        fflush(stdout);
      }
    }
  }
  close_replay(r);
  SDL_Quit();
  return rc;
}
