#include "stp_technique.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static double clamp01(double v) { return v < 0 ? 0 : v > 1 ? 1 : v; }

void stp_technique_begin(stp_technique_acc *t, int zone_count) {
  memset(t, 0, sizeof *t);
  t->fig.zone_count = zone_count < 0 ? 0 : zone_count > STP_SCN_MAX_ZONES ? STP_SCN_MAX_ZONES : zone_count;
  t->fig.sessions = 1;
}

/* A gap between two events: a pause. */
static void pause_of(stp_technique *f, int64_t from, int64_t to) {
  int64_t gap = to - from;
  if (gap <= 0) return;
  f->active_ms += gap < STP_TECHNIQUE_IDLE_MS ? gap : STP_TECHNIQUE_IDLE_MS;
  if (gap > f->longest_pause_ms) {
    f->longest_pause_ms = gap;
    f->longest_pause_at_ms = from;
  }
}

stp_status stp_technique_step(stp_technique_acc *t, stp_game *g, const stp_record_event *e, stp_error *err) {
  stp_technique *f = &t->fig;
  if (e->t_ms < t->last_ms)
    return stp_error_set(err, STP_ERR_USAGE, NULL, 0, "events out of order (%lld ms after %lld ms)",
                         (long long)e->t_ms, (long long)t->last_ms);
  pause_of(f, t->last_ms, e->t_ms);
  t->last_ms = e->t_ms;
  f->events++;
  if (!stp_record_is_game_event(e->kind)) return STP_OK;
  if (g->finished) {   /* as stp_game_rebuild: nothing after the finish is applied */
    f->refused++;
    t->last_game_ms = e->t_ms;
    return STP_OK;
  }
  size_t before = g->work.count;
  int session = g->session;
  stp_error sub;
  stp_error_clear(&sub);
  stp_status st = stp_game_apply(g, e, &sub);
  if (st == STP_ERR_NOMEM || st == STP_ERR_IO) {
    if (err) *err = sub;
    return st;
  }
  int64_t took = e->t_ms - t->last_game_ms;
  t->last_game_ms = e->t_ms;
  bool done = false;
  switch (e->kind) {
  case STP_REC_PLACE:
    if (st == STP_OK && g->work.count == before + 1) {
      const stp_impression *imp = &g->work.items[before];
      int z = stp_scenario_zone_at(&g->scn, imp->x_mm, imp->y_mm);
      stp_technique_zone *bin = z >= 0 && z < f->zone_count ? &f->zones[z] : &f->off_plan;
      bin->impressions++;
      bin->time_ms += took;
      double p = clamp01(e->a[2]);
      t->p_sum += p;
      t->p_sumsq += p * p;
      f->placed++;
      done = true;
    }
    break;
  case STP_REC_UNDO:
    if (g->work.count + 1 == before) { f->undos++; done = true; }
    break;
  case STP_REC_REDO:
    if (g->work.count == before + 1) { f->redos++; done = true; }
    break;
  case STP_REC_SESSION_END:
    if (g->session == session + 1) { f->sessions++; done = true; }
    break;
  default:
    done = st == STP_OK;
    break;
  }
  if (!done) f->refused++;
  return STP_OK;
}

void stp_technique_get(const stp_technique_acc *t, int64_t now_ms, stp_technique *out) {
  *out = t->fig;
  if (now_ms < t->last_ms) now_ms = t->last_ms;
  pause_of(out, t->last_ms, now_ms);   /* the pause still going on */
  out->duration_ms = now_ms;
  out->per_minute = out->active_ms > 0 ? (double)out->placed * 60000.0 / (double)out->active_ms : 0;
  if (out->placed > 0) {
    double n = (double)out->placed, mean = t->p_sum / n;
    double var = t->p_sumsq / n - mean * mean;
    out->pressure_mean = mean;
    out->pressure_sd = var > 0 ? sqrt(var) : 0;
    out->pressure_cv = mean > 0 ? out->pressure_sd / mean : 0;
    out->rework_share = (double)out->undos / n;
  } else {
    out->pressure_mean = out->pressure_sd = out->pressure_cv = out->rework_share = 0;
  }
}

stp_status stp_technique_accumulate(stp_technique_acc *t, const stp_scenario *scn, const stp_record *rec,
                                    bool assessment, int64_t until_ms, stp_error *err) {
  stp_technique_begin(t, scn->zone_count);
  stp_game *g = malloc(sizeof *g);
  if (!g) return stp_error_set(err, STP_ERR_NOMEM, NULL, 0, "out of memory");
  /* A fresh game as stp_game_rebuild starts one: nothing applied yet. */
  stp_status st = stp_game_init(g, scn, NULL, 0, err);
  g->assessment = assessment;
  for (size_t i = 0; st == STP_OK && i < rec->count && rec->events[i].t_ms <= until_ms; i++) {
    st = stp_technique_step(t, g, &rec->events[i], err);
  }
  stp_game_free(g);
  free(g);
  return st;
}

stp_status stp_technique_compute(const stp_scenario *scn, const stp_record *rec, bool assessment, int64_t until_ms,
                                 stp_technique *out, stp_error *err) {
  stp_technique_acc t;
  stp_status st = stp_technique_accumulate(&t, scn, rec, assessment, until_ms, err);
  if (st != STP_OK) return st;
  int64_t at = until_ms;
  if (until_ms == INT64_MAX) at = rec->count ? rec->events[rec->count - 1].t_ms : 0;
  stp_technique_get(&t, at, out);
  return STP_OK;
}
