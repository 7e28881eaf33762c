#include "stp_game.h"
#include "stp_kit.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "stp_chart.h"
#include "stp_design.h"
#include "stp_heal.h"
#include "stp_pigment.h"

static double clamp01(double v) { return v < 0 ? 0 : v > 1 ? 1 : v; }

/* Keep the live per-zone counts in step with the work (+1 on add, -1 on removal). */
static void count_zone(stp_game *g, const stp_impression *imp, int delta) {
  int z = stp_scenario_zone_at(&g->scn, imp->x_mm, imp->y_mm);
  if (z < 0) return;
  g->zone_counts[z] = (size_t)((long long)g->zone_counts[z] + delta);
  /* Placing and undoing only ever touch the session under way, whose dots are all there. */
  g->zone_on_skin[z] = (size_t)((long long)g->zone_on_skin[z] + delta);
}

void stp_game_recount(stp_game *g) {
  memset(g->zone_on_skin, 0, sizeof g->zone_on_skin);
  for (size_t i = 0; i < g->work.count; i++) {
    const stp_impression *imp = &g->work.items[i];
    if (imp->session > g->session || (imp->session < g->session && stp_heal_lost(&g->scn, imp))) continue;
    int z = stp_scenario_zone_at(&g->scn, imp->x_mm, imp->y_mm);
    if (z >= 0) g->zone_on_skin[z]++;
  }
}

/* The tool a session starts with: the first zone's plan for it (ink, pigment, needle) where
 * it has one, as the game starts at the first zone's targets. */
static int nearest_index(const double *v, int n, double want);
static void tool_for_session(stp_game *g) {
  if (g->scn.zone_count < 1 || g->session < 1 || g->session > STP_SCN_MAX_SESSIONS) return;
  const stp_session_plan *p = &g->scn.zones[0].plan[g->session - 1];
  if (!p->set) return;
  if (p->ink > 0) g->tool.ink = nearest_index(g->scn.inks, g->scn.ink_count, p->ink);
  if (p->needle_mm > 0) g->tool.needle = nearest_index(g->scn.needles_mm, g->scn.needle_count, p->needle_mm);
  if (p->pigment >= 0 && p->pigment < g->scn.pigment_count) g->tool.pigment = p->pigment;
}

static int nearest_index(const double *v, int n, double want) {
  int best = 0;
  for (int i = 1; i < n; i++)
    if (fabs(v[i] - want) < fabs(v[best] - want)) best = i;
  return best;
}

stp_status stp_game_check_work(stp_work *w, const stp_scenario *scn, const char *name, stp_error *err) {
  stp_status st = stp_work_check_kit(w, scn, name, err);
  if (st != STP_OK) return st;
  /* A case over time judges sessions 1 to its last only (stp_score_work refuses others):
   * a work with rows past them is not this case's, and is left as it is. */
  for (size_t i = 0; stp_scenario_timed(scn) && i < w->count; i++)
    if (w->items[i].session > scn->sessions)
      return stp_error_set(err, STP_ERR_RANGE, name, w->items[i].line,
                           "this impression is in session %d; the case has sessions 1 to %d: the work is "
                           "not this case's (it is left as it is)",
                           (int)w->items[i].session, scn->sessions);
  /* The game records each impression's pressure in a column of its own: there must be room. */
  size_t col;
  if (stp_work_find_column(w, "pressure") < 0) return stp_work_add_column(w, "pressure", &col, err);
  return STP_OK;
}

stp_status stp_game_init(stp_game *g, const stp_scenario *scn, const char *work_path,
                         uint64_t now_ms, stp_error *err) {
  memset(g, 0, sizeof *g);
  g->scn = *scn;
  stp_work_init(&g->work);
  g->session = 1;
  g->session_start_ms = now_ms;
  g->last_save_ms = now_ms;
  stp_error_clear(&g->save_error);
  /* The tool starts at the first zone's targets, so the default is a sensible dot. */
  const stp_zone *z0 = scn->zone_count > 0 ? &scn->zones[0] : NULL;
  g->tool.needle = nearest_index(scn->needles_mm, scn->needle_count, z0 ? stp_scenario_zone_needle(scn, 0) : 0.25);
  g->tool.ink = nearest_index(scn->inks, scn->ink_count, z0 ? z0->ink : 0.5);
  g->tool.pigment = z0 && z0->pigment < scn->pigment_count ? z0->pigment : 0;
  g->tool.pressure = stp_depth_to_pressure(z0 ? z0->depth_mm : 1.0);
  g->tool.angle_deg = z0 ? z0->angle_deg : 270;
  if (work_path && work_path[0]) {
    snprintf(g->work_path, sizeof g->work_path, "%s", work_path);
    stp_status lst = stp_file_lock_acquire(&g->lock, work_path, "the work", err);
    if (lst != STP_OK) return lst;
    if (stp_file_exists(work_path)) {
      stp_status st = stp_work_load(&g->work, work_path, err);
      if (st != STP_OK) return st;
      st = stp_game_check_work(&g->work, scn, work_path, err);
      if (st != STP_OK) return st;
      int32_t last = 1;
      int64_t last_t = 0;
      for (size_t i = 0; i < g->work.count; i++) {
        if (g->work.items[i].session > last) { last = g->work.items[i].session; last_t = 0; }
        if (g->work.items[i].session == last && g->work.items[i].t_ms > last_t) last_t = g->work.items[i].t_ms;
      }
      g->session = last;
      /* A saved design: play on its zones, as `stipple score` judges the work (a design that
       * misses the area keeps the declared zones, as stp_design_scenario does). */
      if (g->scn.design.enabled && g->work.design.n >= 2) {
        stp_error derr;
        stp_error_clear(&derr);
        stp_design_apply(&g->scn, &g->work.design, &derr);
      }
      for (size_t i = 0; i < g->work.count; i++) count_zone(g, &g->work.items[i], +1);
      /* Resume the session clock where the file left it. */
      g->session_start_ms = now_ms >= (uint64_t)last_t ? now_ms - (uint64_t)last_t : 0;
    }
  }
  stp_game_recount(g);
  tool_for_session(g);
  /* Bind the work's pigment table to the kit and record the pigment of every impression. */
  stp_status kst = stp_work_check_kit(&g->work, scn, work_path, err);
  if (kst != STP_OK) return kst;
  g->work.has_pigment = true;
  long col = stp_work_find_column(&g->work, "pressure");
  if (col < 0) {
    stp_status st = stp_work_add_column(&g->work, "pressure", &g->pressure_col, err);
    if (st != STP_OK) return st;
  } else {
    g->pressure_col = (size_t)col;
  }
  return STP_OK;
}

bool stp_game_needs_design(const stp_game *g) { return g->scn.design.enabled && g->work.design.n < 2; }

bool stp_game_can_design(const stp_game *g) {
  return g->scn.design.enabled && !g->finished && g->work.count == 0;
}

stp_status stp_game_set_design(stp_game *g, const stp_design *d, stp_error *err) {
  if (!g->scn.design.enabled)
    return stp_error_set(err, STP_ERR_USAGE, NULL, 0, "this case is not a design exercise: it has no design to draw");
  if (!stp_game_can_design(g))
    return stp_error_set(err, STP_ERR_USAGE, NULL, 0,
                         g->finished ? "the work is finished: its design is fixed"
                                     : "the design is fixed once pigmenting has begun (the impressions follow it)");
  stp_design q = *d;
  stp_design_quantize(&q);
  if (q.n < 2 || !q.temples || !stp_design_valid(&q))
    return stp_error_set(err, STP_ERR_RANGE, NULL, 0,
                         "a design is a hairline of 2 to %d points across the forehead and both temple points",
                         STP_DESIGN_MAX_POINTS);
  stp_status st = stp_design_apply(&g->scn, &q, err);   /* leaves the zones as they were on failure */
  if (st != STP_OK) return st;
  g->work.design = q;
  memset(g->zone_counts, 0, sizeof g->zone_counts);
  for (size_t i = 0; i < g->work.count; i++) count_zone(g, &g->work.items[i], +1);
  stp_game_recount(g);
  g->dirty = true;
  return STP_OK;
}

void stp_game_free(stp_game *g) {
  stp_file_lock_release(&g->lock);
  stp_work_free(&g->work);
  free(g->redo);
  free(g->redo_pressure);
  g->redo = NULL;
  g->redo_pressure = NULL;
  g->redo_count = g->redo_capacity = 0;
}

/* Append with a pressure cell; the shared path of place and redo. */
static stp_status push_with_pressure(stp_game *g, const stp_impression *imp, double pressure, stp_error *err) {
  char pbuf[32];
  snprintf(pbuf, sizeof pbuf, "%.3f", clamp01(pressure));
  const char *extras[STP_WORK_MAX_COLUMNS] = {0};   /* NULL: an empty cell (stp_work_push) */
  extras[g->pressure_col] = pbuf;
  stp_status st = stp_work_push(&g->work, imp, extras, err);
  if (st == STP_OK) {
    g->dirty = true;
    count_zone(g, imp, +1);
  }
  return st;
}

stp_impression stp_game_preview(const stp_game *g, double x, double y, double pressure,
                                double angle_deg, uint64_t now_ms) {
  stp_impression imp;
  memset(&imp, 0, sizeof imp);   /* dwell_ms 0: not recorded */
  imp.x_mm = x;
  imp.y_mm = y;
  double a = isfinite(angle_deg) ? angle_deg : g->tool.angle_deg;
  a = fmod(a, 360.0);
  if (a < 0) a += 360.0;
  imp.angle_deg = a;
  imp.depth_mm = stp_pressure_to_depth(clamp01(pressure));
  imp.needle_mm = g->scn.needles_mm[g->tool.needle];
  imp.ink = g->scn.inks[g->tool.ink];
  imp.pigment = (uint8_t)g->tool.pigment;
  imp.session = g->session;
  imp.t_ms = now_ms >= g->session_start_ms ? (int64_t)(now_ms - g->session_start_ms) : 0;
  stp_impression_quantize(&imp);
  return imp;
}

stp_status stp_game_place(stp_game *g, double x, double y, double pressure, double angle_deg,
                          uint64_t now_ms, stp_error *err) {
  return stp_game_place_dwell(g, x, y, pressure, angle_deg, 0, now_ms, err);
}

stp_status stp_game_place_dwell(stp_game *g, double x, double y, double pressure, double angle_deg,
                                double dwell_ms, uint64_t now_ms, stp_error *err) {
  if (g->finished)
    return stp_error_set(err, STP_ERR_USAGE, NULL, 0, "the work is finished; start again to add impressions");
  if (!isfinite(x) || !isfinite(y) || !stp_chart_contains(x, y))
    return stp_error_set(err, STP_ERR_RANGE, NULL, 0, "(%.1f, %.1f) mm is off the scalp", x, y);
  stp_impression imp = stp_game_preview(g, x, y, pressure, angle_deg, now_ms);
  imp.dwell_ms = dwell_ms > 0 && dwell_ms <= STP_WORK_MAX_DWELL_MS ? round(dwell_ms) : 0;
  stp_status st = push_with_pressure(g, &imp, pressure, err);
  if (st == STP_OK) g->redo_count = 0;   /* a new impression ends the redo history */
  return st;
}

bool stp_game_can_undo(const stp_game *g) {
  if (g->finished || g->assessment || g->work.count == 0) return false;
  /* Undo never reaches back into a session that has healed. */
  return g->work.items[g->work.count - 1].session >= g->session;
}

bool stp_game_can_redo(const stp_game *g) { return !g->finished && !g->assessment && g->redo_count > 0; }

bool stp_game_undo(stp_game *g) {
  if (!stp_game_can_undo(g)) return false;
  if (g->redo_count == g->redo_capacity) {
    size_t cap = g->redo_capacity ? g->redo_capacity * 2 : 64;
    stp_impression *r = realloc(g->redo, cap * sizeof *r);
    if (!r) return false;
    g->redo = r;
    double *rp = realloc(g->redo_pressure, cap * sizeof *rp);
    if (!rp) return false;
    g->redo_pressure = rp;
    g->redo_capacity = cap;
  }
  size_t last = g->work.count - 1;
  g->redo[g->redo_count] = g->work.items[last];
  g->redo_pressure[g->redo_count] = atof(stp_work_extra(&g->work, last, g->pressure_col));
  if (!stp_work_pop(&g->work)) return false;
  count_zone(g, &g->redo[g->redo_count], -1);
  g->redo_count++;
  g->dirty = true;
  return true;
}

bool stp_game_redo(stp_game *g, stp_error *err) {
  if (!stp_game_can_redo(g)) return false;
  size_t i = g->redo_count - 1;
  if (push_with_pressure(g, &g->redo[i], g->redo_pressure[i], err) != STP_OK) return false;
  g->redo_count--;
  return true;
}

void stp_game_cycle_needle(stp_game *g, int step) {
  int n = g->scn.needle_count;
  g->tool.needle = ((g->tool.needle + step) % n + n) % n;
}

void stp_game_cycle_pigment(stp_game *g, int step) {
  int n = g->scn.pigment_count;
  if (n < 1) return;
  g->tool.pigment = ((g->tool.pigment + step) % n + n) % n;
}

void stp_game_cycle_ink(stp_game *g, int step) {
  int n = g->scn.ink_count;
  g->tool.ink = ((g->tool.ink + step) % n + n) % n;
}

void stp_game_nudge_pressure(stp_game *g, double delta) {
  g->tool.pressure = clamp01(g->tool.pressure + delta);
}

void stp_game_rotate_tool(stp_game *g, double delta_deg) {
  double a = fmod(g->tool.angle_deg + delta_deg, 360.0);
  g->tool.angle_deg = a < 0 ? a + 360.0 : a;
}

stp_status stp_game_autosave(stp_game *g, uint64_t now_ms, bool force) {
  if (!g->work_path[0] || !g->dirty) return STP_OK;
  if (!force && now_ms - g->last_save_ms < STP_AUTOSAVE_INTERVAL_MS) return STP_OK;
  stp_status st = stp_work_save(&g->work, g->work_path, &g->save_error);
  g->last_save_ms = now_ms;
  if (st == STP_OK) {
    g->dirty = false;
    stp_error_clear(&g->save_error);
  }
  return st;
}

stp_status stp_game_finish(stp_game *g, uint64_t now_ms, stp_error *err) {
  stp_game_autosave(g, now_ms, true);
  stp_status st = stp_score_work(&g->scn, &g->work, &g->result, NULL, err);
  if (st == STP_OK) g->finished = true;
  return st;
}

bool stp_game_end_session(stp_game *g, uint64_t now_ms) {
  if (g->finished || g->session >= g->scn.sessions) return false;
  g->session++;
  stp_game_recount(g);
  tool_for_session(g);
  g->session_start_ms = now_ms;
  g->redo_count = 0;   /* undo never reaches back into a healed session */
  g->dirty = true;
  return true;
}

stp_status stp_game_note(stp_game *g, const stp_record_event *e) {
  if (!g->record || stp_record_is_game_event(e->kind)) return STP_OK;
  return stp_record_writer_event(g->record, e);
}

stp_status stp_game_apply(stp_game *g, const stp_record_event *ev, stp_error *err) {
  /* The game sees the time the record keeps (never earlier than its last line). */
  stp_record_event clamped = *ev;
  if (g->record && clamped.t_ms < g->record->last_t) clamped.t_ms = g->record->last_t;
  const stp_record_event *e = &clamped;
  if (!stp_record_is_game_event(e->kind))
    return stp_error_set(err, STP_ERR_USAGE, NULL, 0, "stp_game_apply: '%s' is a note, not a game event",
                         stp_record_kind_name(e->kind));
  if (g->record && stp_record_writer_event(g->record, e) != STP_OK) {
    if (err) *err = g->record->error;
    return g->record->error.status;
  }
  uint64_t now = g->clock_base_ms + (uint64_t)(e->t_ms > 0 ? e->t_ms : 0);
  /* An exam's time limit is a rule: after it only the finish is taken, live, rebuilt and
   * verified alike. */
  if (g->assessment && g->scn.time_limit_s > 0 && e->kind != STP_REC_FINISH &&
      (double)e->t_ms > g->scn.time_limit_s * 1000.0)
    return stp_error_set(err, STP_ERR_RANGE, NULL, 0, "the time is up (%.0f s)", g->scn.time_limit_s);
  switch (e->kind) {
  case STP_REC_PLACE: return stp_game_place_dwell(g, e->a[0], e->a[1], e->a[2], e->a[3], e->a[4], now, err);
  case STP_REC_UNDO:
    if (!stp_game_undo(g)) return stp_error_set(err, STP_ERR_USAGE, NULL, 0, "nothing to undo");
    return STP_OK;
  case STP_REC_REDO:
    if (!stp_game_redo(g, err)) return stp_error_set(err, STP_ERR_USAGE, NULL, 0, "nothing to redo");
    return STP_OK;
  case STP_REC_NEEDLE: stp_game_cycle_needle(g, e->step); return STP_OK;
  case STP_REC_INK: stp_game_cycle_ink(g, e->step); return STP_OK;
  case STP_REC_PIGMENT: stp_game_cycle_pigment(g, e->step); return STP_OK;
  case STP_REC_PRESSURE: stp_game_nudge_pressure(g, e->a[0]); return STP_OK;
  case STP_REC_ROTATE: stp_game_rotate_tool(g, e->a[0]); return STP_OK;
  case STP_REC_SESSION_END:
    if (!stp_game_end_session(g, now)) return stp_error_set(err, STP_ERR_USAGE, NULL, 0, "this is the last session");
    return STP_OK;
  case STP_REC_DESIGN_POINT:
    if (g->design_pending.n >= STP_DESIGN_MAX_POINTS)
      return stp_error_set(err, STP_ERR_RANGE, NULL, 0, "a design has at most %d points", STP_DESIGN_MAX_POINTS);
    g->design_pending.x[g->design_pending.n] = e->a[0];
    g->design_pending.y[g->design_pending.n] = e->a[1];
    g->design_pending.n++;
    return STP_OK;
  case STP_REC_DESIGN_DONE: {
    stp_design d = g->design_pending;
    memset(&g->design_pending, 0, sizeof g->design_pending);   /* each Done starts the next line afresh */
    d.temples = true;
    d.temple_x[0] = e->a[0]; d.temple_y[0] = e->a[1];
    d.temple_x[1] = e->a[2]; d.temple_y[1] = e->a[3];
    return stp_game_set_design(g, &d, err);
  }
  case STP_REC_FINISH:
    if (g->record) stp_record_writer_sync(g->record);
    g->finished = true;   /* the host scores (with the scenario's custom criteria) */
    return STP_OK;
  default: return stp_error_set(err, STP_ERR_USAGE, NULL, 0, "unknown game event");
  }
}

stp_status stp_game_rebuild(stp_game *g, const stp_scenario *scn, const stp_record *rec, bool assessment,
                            int64_t until_ms, size_t *applied, stp_error *err) {
  if (applied) *applied = 0;
  stp_status st = stp_game_init(g, scn, NULL, 0, err);
  if (st != STP_OK) return st;
  g->assessment = assessment;
  for (size_t i = 0; i < rec->count; i++) {
    const stp_record_event *e = &rec->events[i];
    if (e->t_ms > until_ms) break;
    if (!stp_record_is_game_event(e->kind)) continue;
    if (g->finished) break;
    stp_error sub;
    stp_error_clear(&sub);
    /* Refused actions were refused live too: only a failure to hold the work counts. */
    stp_status s = stp_game_apply(g, e, &sub);
    if (s == STP_ERR_NOMEM) {
      if (err) *err = sub;
      return s;
    }
    if (applied) (*applied)++;
  }
  stp_error_clear(err);
  return STP_OK;
}
