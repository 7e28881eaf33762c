/* stp_edit.c - `stipple edit FILE.lua`: the editor's model, its events and its loop
 * (stp_edit.h, docs/editor.md). The frame is stp_edit_draw.c's.
 *
 * Every change goes to the block's model (stp_edit_block), then rebuild(): the block's
 * text spliced into the file's, the whole file loaded again in the sandbox, `check`'s lint
 * run on the result. So what is shown is what the saved file gives, and a landmark moved
 * moves every shape the file derives from `landmark`. A text that does not load keeps
 * the last scenario on screen and shows its error; it cannot be saved.
 */
#define _POSIX_C_SOURCE 200809L
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "stp_app.h"
#include "stp_edit.h"
#include "stp_edit_internal.h"
#include "stp_file.h"
#include "stp_gen.h"
#include "stp_geom.h"
#include "stp_version.h"
#include "stp_window.h"

#define FRAME_MS 16
#define SNAP_MM 0.1            /* dragged points land on a 0.1 mm grid: short numbers in the file */
#define SAMPLE_POINTS 48       /* a circle's or an ellipse's outline as handles */
#define CLOSE_PX 12            /* a click this near the first point closes a new outline */

static double snap(double v) { return round(v / SNAP_MM) * SNAP_MM; }

int ed_zone_index(const edit *e, const char *id) {
  if (!id[0]) return -1;
  for (int i = 0; i < e->scn->zone_count; i++)
    if (strcmp(e->scn->zones[i].id, id) == 0) return i;
  return -1;
}

int ed_zone_points(const edit *e, int z, stp_point *out, int max) {
  if (z < 0 || z >= e->scn->zone_count) return 0;
  const stp_shape *s = &e->scn->zones[z].shape;
  if (s->kind == STP_SHAPE_POLYGON || s->kind == STP_SHAPE_RECT) return stp_shape_outline(s, out, max);
  return stp_shape_outline(s, out, max < SAMPLE_POINTS ? max : SAMPLE_POINTS);
}

double ed_zone_value(const stp_scenario *s, int z, int f) {
  const stp_zone *zn = &s->zones[z];
  switch (f) {
  case ED_F_DENSITY: return zn->density_per_cm2;
  case ED_F_TOLERANCE: return zn->density_tolerance;
  case ED_F_ANGLE: return zn->angle_deg;
  case ED_F_INK: return zn->ink;
  default: return zn->depth_mm;
  }
}

/* ---- the model -> the text -> the scenario ------------------------------------------------ */

static bool has_block(const char *src) {
  const char *p = strstr(src, STP_EDIT_BEGIN);
  return p && (p == src || p[-1] == '\n');
}

/* The scenario's hair, skin and patches changed: the drawing's textures must be made again. */
static bool looks_changed(const stp_scenario *a, const stp_scenario *b) {
  return a->hair_count != b->hair_count || memcmp(a->hair, b->hair, sizeof a->hair) != 0 ||
         memcmp(&a->skin, &b->skin, sizeof a->skin) != 0 || a->patch_count != b->patch_count ||
         memcmp(a->patches, b->patches, sizeof a->patches) != 0 || a->seed != b->seed;
}

static void remake_draw(edit *e) {
  stp_error err;
  stp_error_clear(&err);
  stp_draw *d = NULL;
  if (stp_draw_create(&d, e->ren, e->scn, 1, &err) != STP_OK) {
    stp_error_format(&err, e->status, sizeof e->status);
    return;
  }
  stp_draw_destroy(e->draw);
  e->draw = d;
  memcpy(e->drawn, e->scn, sizeof *e->drawn);
}

static int count_lines(const char *s, size_t n) {
  int k = 0;
  for (size_t i = 0; i < n; i++) k += s[i] == '\n';
  return k;
}

/* An error's line in the text as it would be saved, told as the file on disk has it: lines
 * below the block shift by what the block added; a line inside it is the block's. */
static void file_line(const edit *e, stp_error *err) {
  const char *b0 = strstr(e->text, STP_EDIT_BEGIN), *b1 = b0 ? strstr(b0, STP_EDIT_END) : NULL;
  if (!b1 || err->line <= 0) return;
  int first = count_lines(e->text, (size_t)(b0 - e->text)) + 1, last = count_lines(e->text, (size_t)(b1 - e->text)) + 1;
  if (err->line > last) {
    err->line -= count_lines(e->text, e->text_len) - count_lines(e->src, e->src_len);
  } else if (err->line >= first) {
    char m[sizeof err->msg];
    snprintf(m, sizeof m, "in the generated block (line %d of it): %.700s", err->line - first + 1, err->msg);
    snprintf(err->msg, sizeof err->msg, "%s", m);
    err->line = 0;
  }
}

static void rebuild(edit *e) {
  e->rebuild_pending = false;
  stp_error err;
  stp_error_clear(&err);
  char *blk = NULL, *text = NULL;
  size_t bl = 0, tl = 0;
  stp_status st = STP_OK;
  if (!stp_edit_block_empty(&e->blk) || has_block(e->src)) st = stp_edit_block_text(&e->blk, &blk, &bl, &err);
  if (st == STP_OK) st = stp_edit_splice(e->src, e->src_len, blk ? blk : "", bl, &text, &tl, &err);
  free(blk);
  if (st != STP_OK) {
    stp_error_format(&err, e->load_error, sizeof e->load_error);
    free(text);
    e->redraw = true;
    return;
  }
  free(e->text);
  e->text = text;
  e->text_len = tl;
  stp_scenario *s = malloc(sizeof *s);
  stp_edit_block *b = malloc(sizeof *b);
  if (!s || !b) {
    snprintf(e->load_error, sizeof e->load_error, "out of memory");
  } else if ((st = stp_script_load_scenario_edit(e->path, text, tl, NULL, s, b, &err)) != STP_OK) {
    file_line(e, &err);
    stp_error_format(&err, e->load_error, sizeof e->load_error);
  } else {
    e->load_error[0] = '\0';
    memcpy(e->scn, s, sizeof *s);
    stp_check_lint(e->scn, &e->check);
    if (looks_changed(e->scn, e->drawn)) remake_draw(e);
    e->work_stale = true;
  }
  free(s);
  free(b);
  e->redraw = true;
}

/* Read the file from disk again and take its block as the model. */
static stp_status read_file(edit *e, stp_error *err) {
  char *t = NULL;
  size_t n = 0;
  stp_status st = stp_file_read(e->path, STP_FILE_MAX_SCENARIO, "the scenario", &t, &n, err);
  if (st != STP_OK) return st;
  free(e->src);
  e->src = t;
  e->src_len = n;
  /* The block as the file has it: a file that does not load opens with no overrides, and
   * shows its error (it cannot be saved until it loads). */
  stp_scenario *s = malloc(sizeof *s);
  if (!s) return stp_error_set(err, STP_ERR_NOMEM, NULL, 0, "out of memory");
  stp_error lerr;
  stp_error_clear(&lerr);
  if (stp_script_load_scenario_edit(e->path, t, n, NULL, s, &e->blk, &lerr) != STP_OK) stp_edit_block_clear(&e->blk);
  free(s);
  e->dirty = false;
  rebuild(e);
  return STP_OK;
}

static void changed(edit *e) {
  e->dirty = true;
  e->quit_armed = false;
  e->rebuild_pending = true;
  e->redraw = true;
}

static void say(edit *e, const char *msg) {
  snprintf(e->status, sizeof e->status, "%.1150s", msg);
  printf("stipple: %s\n", msg);
  fflush(stdout);
  e->redraw = true;
}

static void save(edit *e) {
  if (e->rebuild_pending) rebuild(e);
  if (e->load_error[0]) {
    say(e, "not saved: the case does not load (see the message)");
    return;
  }
  stp_error err;
  stp_error_clear(&err);
  if (stp_file_write(e->path, e->text, e->text_len, 0, "the scenario", &err) != STP_OK) {
    char m[900];
    stp_error_format(&err, m, sizeof m);
    char line[1000];
    snprintf(line, sizeof line, "not saved: %s", m);
    say(e, line);
    return;
  }
  char *copy = malloc(e->text_len + 1);
  if (copy) {
    memcpy(copy, e->text, e->text_len + 1);
    free(e->src);
    e->src = copy;
    e->src_len = e->text_len;
  }
  e->dirty = false;
  char line[1100];
  snprintf(line, sizeof line, "saved %s", e->path);
  say(e, line);
}

/* The override of the selected zone for a change (NULL, said, when the block is full). */
static stp_edit_zone *override(edit *e, const char *id) {
  stp_edit_zone *z = stp_edit_block_zone(&e->blk, id);
  if (!z) say(e, "too many zones changed (at most 32)");
  return z;
}

/* Set zone z's shape in the model (one ring: a plain polygon, as polygon { } reads it). */
static void set_shape(edit *e, int z, const stp_shape *sh) {
  stp_edit_zone *o = override(e, e->scn->zones[z].id);
  if (!o) return;
  o->shape = *sh;
  if (o->shape.kind == STP_SHAPE_POLYGON && stp_shape_ring_count(&o->shape) == 1) {
    o->shape.rings = 0;
    stp_shape_index(&o->shape);
  }
  o->set |= STP_EDIT_SHAPE;
  changed(e);
}

static void move_point(edit *e, int z, int k, double x, double y) {
  stp_shape sh = e->scn->zones[z].shape;
  if (sh.kind != STP_SHAPE_POLYGON) {   /* a curve or a rectangle becomes the polygon of its handles */
    stp_point pts[STP_SHAPE_MAX_POINTS];
    int n = ed_zone_points(e, z, pts, STP_SHAPE_MAX_POINTS);
    sh = stp_shape_polygon(pts, n);
  }
  if (k < 0 || k >= sh.n) return;
  sh.pts[k] = (stp_point){x, y};
  stp_shape_index(&sh);
  set_shape(e, z, &sh);
}

static void combine(edit *e, stp_geom_op op) {
  int a = ed_zone_index(e, e->sel), b = ed_zone_index(e, e->sel2);
  if (a < 0 || b < 0 || a == b) {
    say(e, "select a zone, then Shift+click a second one to combine");
    return;
  }
  stp_shape out;
  stp_error err;
  stp_error_clear(&err);
  if (stp_geom_combine(op, &e->scn->zones[a].shape, &e->scn->zones[b].shape, &out, &err) != STP_OK) {
    say(e, err.msg);
    return;
  }
  set_shape(e, a, &out);
  char m[200];
  snprintf(m, sizeof m, "%s %s %s", e->sel, op == STP_GEOM_UNION ? "joined with" : "minus", e->sel2);
  say(e, m);
}

/* The file's own text (outside the block) names the zone "id": it is the file's, not drawn. */
static bool file_has_zone(const edit *e, const char *id) {
  char q[STP_SCN_ID_LEN + 2];
  snprintf(q, sizeof q, "\"%s\"", id);
  const char *b0 = strstr(e->src, STP_EDIT_BEGIN), *b1 = b0 ? strstr(b0, STP_EDIT_END) : NULL;
  for (const char *p = strstr(e->src, q); p; p = strstr(p + 1, q))
    if (!(b0 && b1 && p > b0 && p < b1)) return true;
  return false;
}

static void remove_zone(edit *e) {
  int a = ed_zone_index(e, e->sel);
  if (a < 0) return;
  stp_edit_zone *o = override(e, e->sel);
  if (!o) return;
  /* A zone the editor drew is only in the block: dropping its override drops it. */
  bool in_file = file_has_zone(e, o->id);
  if (in_file) {
    memset(&o->shape, 0, sizeof o->shape);
    o->set = STP_EDIT_REMOVE;
  } else {
    int i = (int)(o - e->blk.zones);
    memmove(o, o + 1, (size_t)(e->blk.zone_count - i - 1) * sizeof *o);
    e->blk.zone_count--;
  }
  e->sel[0] = e->sel2[0] = '\0';
  changed(e);
}

static void close_outline(edit *e) {
  if (e->draft_n < 3) {
    say(e, "a new outline needs 3 points or more");
    return;
  }
  char id[STP_SCN_ID_LEN];
  for (int k = 1;; k++) {
    snprintf(id, sizeof id, "zone-%d", k);
    bool used = ed_zone_index(e, id) >= 0;
    for (int i = 0; i < e->blk.zone_count; i++) used = used || strcmp(e->blk.zones[i].id, id) == 0;
    if (!used) break;
  }
  stp_shape sh = stp_shape_polygon(e->draft, e->draft_n);
  stp_edit_zone *o = override(e, id);
  e->drawing = false;
  e->draft_n = 0;
  if (!o) return;
  o->shape = sh;
  o->density = 30;   /* a mid density to start from: step it in the panel */
  o->set |= STP_EDIT_SHAPE | STP_EDIT_DENSITY;
  snprintf(e->sel, sizeof e->sel, "%s", id);
  e->sel2[0] = '\0';
  changed(e);
  char m[120];
  snprintf(m, sizeof m, "new zone %s", id);
  say(e, m);
}

/* The kit's inks in order: the next one up or down from v. */
static double step_ink(const stp_scenario *s, double v, int dir) {
  double best = v;
  for (int i = 0; i < s->ink_count; i++) {
    double k = s->inks[i];
    if (dir > 0 ? (k > v + 1e-9 && (best == v || k < best)) : (k < v - 1e-9 && (best == v || k > best))) best = k;
  }
  return best;
}

static void zone_step(edit *e, int f, int dir) {
  int z = ed_zone_index(e, e->sel);
  if (z < 0) return;
  static const double steps[ED_F_COUNT] = {1, 0.5, 5, 0, 0.05};
  static const double lo[ED_F_COUNT] = {0, 0, -3600, 0.01, 0.05}, hi[ED_F_COUNT] = {150, 150, 3600, 1, 5};
  double v = ed_zone_value(e->scn, z, f);
  double nv = f == ED_F_INK ? step_ink(e->scn, v, dir) : round((v + dir * steps[f]) / steps[f]) * steps[f];
  nv = round(nv * 1000) / 1000;
  if (nv < lo[f] || nv > hi[f] || nv == v) return;
  if (f == ED_F_ANGLE) nv = fmod(nv + 360.0, 360.0);
  stp_edit_zone *o = override(e, e->sel);
  if (!o) return;
  static const unsigned bits[ED_F_COUNT] = {STP_EDIT_DENSITY, STP_EDIT_TOLERANCE, STP_EDIT_ANGLE, STP_EDIT_INK,
                                            STP_EDIT_DEPTH};
  double *slot[ED_F_COUNT] = {&o->density, &o->tolerance, &o->angle, &o->ink, &o->depth};
  *slot[f] = nv;
  o->set |= bits[f];
  changed(e);
}

static void rubric_step(edit *e, int c, int dir) {
  if (c == STP_CRIT_COUNT) {
    double v = e->scn->rubric.pass_mark + dir * 5;
    if (v < 0 || v > 100) return;
    e->blk.pass_mark = round(v / 5) * 5;
    e->blk.pass_mark_set = true;
  } else {
    const stp_rubric_item *it = &e->scn->rubric.items[c];
    double w = it->enabled ? it->weight : 0;
    double nv = round((w + dir * 0.1) * 10) / 10;
    if (nv < 0) return;
    e->blk.weight[c] = nv;
    e->blk.weight_set[c] = true;
  }
  changed(e);
}

/* ---- the preview's expert work ------------------------------------------------------------ */

static void refresh_work(edit *e) {
  if (!e->work_stale) return;
  e->work_stale = false;
  if (e->work_ok) stp_work_free(&e->work);
  e->work_ok = false;
  if (!e->preview || e->scn->zone_count == 0) return;
  stp_error err;
  stp_error_clear(&err);
  if (stp_gen_expert(e->scn, 1, &e->work, &err) == STP_OK) e->work_ok = true;
  else stp_error_format(&err, e->status, sizeof e->status);
}

/* ---- events ------------------------------------------------------------------------------- */

static void fit(edit *e) {
  /* The whole head: the landmarks (ear to ear, the glabella to the nape) and every zone. */
  double x0 = -190, y0 = -25, x1 = 190, y1 = 430;
  for (int i = 0; i < e->scn->zone_count; i++) {
    double a, b, c, d;
    stp_shape_bounds(&e->scn->zones[i].shape, &a, &b, &c, &d);
    x0 = fmin(x0, a); y0 = fmin(y0, b); x1 = fmax(x1, c); y1 = fmax(y1, d);
  }
  stp_view_fit(&e->view, x0 - 10, y0 - 10, x1 + 10, y1 + 10);
}

static void layout(edit *e) {
  SDL_GetRendererOutputSize(e->ren, &e->out_w, &e->out_h);
  stp_window_metrics(e->out_w, e->out_h, &e->px, &e->panel_w, &e->foot_h);
  stp_view_set_viewport(&e->view, 0, 0, e->out_w - e->panel_w, e->out_h - e->foot_h);
  e->redraw = true;
}

static void act(edit *e, const ed_hit *h, bool shift) {
  switch (h->action) {
  case EA_SAVE: save(e); break;
  case EA_PREVIEW:
    e->preview = !e->preview;
    e->work_stale = true;
    e->drawing = false;
    break;
  case EA_HEALED: e->healed = !e->healed; break;
  case EA_NEW:
    e->drawing = !e->drawing;
    e->draft_n = 0;
    e->preview = false;
    say(e, e->drawing ? "new outline: click its points on the scalp; click the first point or press Enter to close"
                      : "new outline cancelled");
    break;
  case EA_UNION: combine(e, STP_GEOM_UNION); break;
  case EA_MINUS: combine(e, STP_GEOM_DIFFERENCE); break;
  case EA_REMOVE: remove_zone(e); break;
  case EA_RELOAD: {
    stp_error err;
    stp_error_clear(&err);
    if (read_file(e, &err) != STP_OK) stp_error_format(&err, e->status, sizeof e->status);
    else say(e, "read again from the file");
    break;
  }
  case EA_ZONE:
    if (h->arg < e->scn->zone_count) {
      if (shift && e->sel[0]) snprintf(e->sel2, sizeof e->sel2, "%s", e->scn->zones[h->arg].id);
      else { snprintf(e->sel, sizeof e->sel, "%s", e->scn->zones[h->arg].id); e->sel2[0] = '\0'; }
    }
    break;
  case EA_ZONE_STEP: zone_step(e, h->arg / 2, h->arg % 2 ? 1 : -1); break;
  case EA_RUBRIC_STEP: rubric_step(e, h->arg / 2, h->arg % 2 ? 1 : -1); break;
  default: break;
  }
  e->redraw = true;
}

static void press(edit *e, int x, int y, int button) {
  bool shift = (SDL_GetModState() & KMOD_SHIFT) != 0;
  if (button != SDL_BUTTON_LEFT) {   /* the other buttons pan */
    if (stp_view_hit(&e->view, x, y)) { e->drag = ED_DRAG_PAN; e->pan_x = x; e->pan_y = y; }
    return;
  }
  double cx, cy;
  stp_view_to_chart(&e->view, x, y, &cx, &cy);
  if (e->drawing && stp_view_hit(&e->view, x, y)) {
    if (e->draft_n >= 3) {
      double fx, fy;
      stp_view_to_screen(&e->view, e->draft[0].x, e->draft[0].y, &fx, &fy);
      if (hypot(fx - x, fy - y) <= CLOSE_PX) { close_outline(e); return; }
    }
    stp_point p = {snap(cx), snap(cy)};
    if (e->draft_n < STP_SHAPE_MAX_POINTS &&
        !(e->draft_n && e->draft[e->draft_n - 1].x == p.x && e->draft[e->draft_n - 1].y == p.y))
      e->draft[e->draft_n++] = p;
    e->redraw = true;
    return;
  }
  const ed_hit *h = ed_hit_at(e, (float)x, (float)y);
  if (h && h->action == EA_HANDLE_LM) {
    e->drag = ED_DRAG_LM;
    e->drag_arg = h->arg;
    e->drag_x = e->scn->head.lm[h->arg].x;
    e->drag_y = e->scn->head.lm[h->arg].y;
    e->grab_dx = e->drag_x - cx;   /* the handle keeps its place under the pointer */
    e->grab_dy = e->drag_y - cy;
    return;
  }
  if (h && h->action == EA_HANDLE_PT) {
    e->drag = ED_DRAG_PT;
    e->drag_arg = h->arg;
    stp_point pts[STP_SHAPE_MAX_POINTS];
    int n = ed_zone_points(e, ed_zone_index(e, e->sel), pts, STP_SHAPE_MAX_POINTS);
    e->grab_dx = h->arg < n ? pts[h->arg].x - cx : 0;
    e->grab_dy = h->arg < n ? pts[h->arg].y - cy : 0;
    return;
  }
  if (h) { act(e, h, shift); return; }
  if (!stp_view_hit(&e->view, x, y)) return;
  int z = stp_scenario_zone_at(e->scn, cx, cy);
  if (z >= 0 && !e->preview) {
    ed_hit zh = {.action = EA_ZONE, .arg = z};
    act(e, &zh, shift);
    return;
  }
  e->drag = ED_DRAG_PAN;
  e->pan_x = x;
  e->pan_y = y;
}

static void motion(edit *e, int x, int y) {
  double cx, cy;
  stp_view_to_chart(&e->view, x, y, &cx, &cy);
  if (e->drag == ED_DRAG_LM || e->drag == ED_DRAG_PT) {
    cx += e->grab_dx;
    cy += e->grab_dy;
  }
  switch (e->drag) {
  case ED_DRAG_LM:
    e->drag_x = snap(cx);
    e->drag_y = snap(cy);
    e->blk.lm[e->drag_arg] = (stp_point){e->drag_x, e->drag_y};
    e->blk.lm_set[e->drag_arg] = true;
    changed(e);
    break;
  case ED_DRAG_PT: {
    int z = ed_zone_index(e, e->sel);
    if (z >= 0) move_point(e, z, e->drag_arg, snap(cx), snap(cy));
    break;
  }
  case ED_DRAG_PAN:
    stp_view_pan_pixels(&e->view, x - e->pan_x, y - e->pan_y);
    e->pan_x = x;
    e->pan_y = y;
    e->redraw = true;
    break;
  default: break;
  }
}

static void release(edit *e) {
  if (e->drag == ED_DRAG_LM) {
    char m[160];
    snprintf(m, sizeof m, "landmark %s at (%g, %g)", stp_landmark_key((stp_landmark_id)e->drag_arg), e->drag_x, e->drag_y);
    say(e, m);
  } else if (e->drag == ED_DRAG_PT) {
    say(e, "outline point moved");
  }
  e->drag = ED_DRAG_NONE;
}

static void key(edit *e, const SDL_Keysym *k) {
  bool ctrl = (k->mod & KMOD_CTRL) != 0;
  ed_hit h = {0};
  switch (k->sym) {
  case SDLK_s: if (ctrl) { save(e); return; } break;
  case SDLK_ESCAPE:
    if (e->drawing) { e->drawing = false; e->draft_n = 0; say(e, "new outline cancelled"); return; }
    if (e->dirty && !e->quit_armed) { e->quit_armed = true; say(e, "unsaved changes: Esc again quits without saving (Ctrl+S saves)"); return; }
    e->running = false;
    return;
  case SDLK_RETURN: case SDLK_KP_ENTER: if (e->drawing) close_outline(e); return;
  case SDLK_BACKSPACE: if (e->drawing && e->draft_n) { e->draft_n--; e->redraw = true; } return;
  case SDLK_F12: e->shot_pending = true; e->redraw = true; return;
  case SDLK_0: fit(e); e->redraw = true; return;
  case SDLK_p: h.action = EA_PREVIEW; break;
  case SDLK_h: h.action = EA_HEALED; break;
  case SDLK_n: h.action = EA_NEW; break;
  case SDLK_u: h.action = EA_UNION; break;
  case SDLK_m: h.action = EA_MINUS; break;
  case SDLK_r: if (ctrl) h.action = EA_RELOAD; break;
  default: break;
  }
  if (h.action != EA_NONE) act(e, &h, false);
}

static void event(edit *e, const SDL_Event *ev) {
  switch (ev->type) {
  case SDL_QUIT:   /* the window closed, or a signal: quit now (Esc asks first) */
    if (e->dirty) say(e, "quit with unsaved changes");
    e->running = false;
    break;
  case SDL_WINDOWEVENT:
    if (ev->window.event == SDL_WINDOWEVENT_SIZE_CHANGED) { layout(e); fit(e); }
    e->redraw = true;
    break;
  case SDL_KEYDOWN: key(e, &ev->key.keysym); break;
  case SDL_MOUSEBUTTONDOWN: press(e, ev->button.x, ev->button.y, ev->button.button); break;
  case SDL_MOUSEMOTION: if (e->drag != ED_DRAG_NONE) motion(e, ev->motion.x, ev->motion.y); break;
  case SDL_MOUSEBUTTONUP: release(e); break;
  case SDL_MOUSEWHEEL: {
    int mx, my;
    SDL_GetMouseState(&mx, &my);
    if (!stp_view_hit(&e->view, mx, my) || ev->wheel.y == 0) break;
    stp_view_zoom_at(&e->view, pow(1.25, ev->wheel.y), mx, my);
    e->redraw = true;
    break;
  }
  default: break;
  }
}

/* ---- the command ---------------------------------------------------------------------------- */

static void close_edit(edit *e) {
  if (e->work_ok) stp_work_free(&e->work);
  stp_draw_destroy(e->draw);
  if (e->font && e->ren) stp_font_forget_renderer(e->font, e->ren);
  stp_font_close(e->font);
  if (e->ren) SDL_DestroyRenderer(e->ren);
  if (e->win) SDL_DestroyWindow(e->win);
  free(e->src);
  free(e->text);
  free(e->scn);
  free(e->drawn);
  free(e);
}

int stp_cmd_edit(int argc, char **argv) {
  int W = 1280, H = 800;
  const char *file = NULL;
  for (int i = 1; i < argc; i++) {
    if (strcmp(argv[i], "--size") == 0 && i + 1 < argc) {
      if (stp_app_parse_size(argv[++i], &W, &H) != 0) {
        fprintf(stderr, "stipple: --size '%s' should look like 1280x800\n", argv[i]);
        return STP_EXIT_USAGE;
      }
    } else if (argv[i][0] == '-' || file) {
      fprintf(stderr, "stipple: edit takes one scenario file: stipple edit FILE.lua [--size WxH]\n");
      return STP_EXIT_USAGE;
    } else {
      file = argv[i];
    }
  }
  if (!file) {
    fprintf(stderr, "stipple: edit takes one scenario file: stipple edit FILE.lua [--size WxH]\n");
    return STP_EXIT_USAGE;
  }
  edit *e = calloc(1, sizeof *e);
  if (!e || !(e->scn = malloc(sizeof *e->scn)) || !(e->drawn = malloc(sizeof *e->drawn))) {
    if (e) close_edit(e);
    return STP_EXIT_IO;
  }
  stp_scenario_defaults(e->scn);
  memcpy(e->drawn, e->scn, sizeof *e->drawn);
  if (strlen(file) >= sizeof e->path) {
    fprintf(stderr, "stipple: the path is too long\n");
    close_edit(e);
    return STP_EXIT_USAGE;
  }
  snprintf(e->path, sizeof e->path, "%s", file);
  e->ui_trace = getenv("STIPPLE_UI_TRACE") != NULL;
  if (stp_window_open_video() != 0) {
    close_edit(e);
    return STP_EXIT_IO;
  }
  int rc = STP_EXIT_OK;
  e->win = SDL_CreateWindow("Stipple edit " STP_VERSION_STRING, SDL_WINDOWPOS_CENTERED, SDL_WINDOWPOS_CENTERED, W, H,
                            SDL_WINDOW_RESIZABLE);
  e->ren = e->win ? stp_window_renderer(e->win, NULL) : NULL;
  char assets[1024];
  const char *assets_dir = stp_app_find_data("assets", assets, sizeof assets) == 0 ? assets : NULL;
  stp_error err;
  stp_error_clear(&err);
  stp_status st;
  if (!e->ren) {
    fprintf(stderr, "stipple: cannot create the window: %s\n", SDL_GetError());
    rc = STP_EXIT_IO;
  } else if ((st = stp_font_open_default(&e->font, assets_dir, &err)) != STP_OK ||
             (st = stp_draw_create(&e->draw, e->ren, e->scn, 1, &err)) != STP_OK) {
    stp_app_report(&err);
    rc = stp_app_exit_code(st);
  } else if ((st = read_file(e, &err)) != STP_OK) {   /* unreadable: nothing to edit */
    stp_app_report(&err);
    rc = stp_app_exit_code(st);
  }
  if (rc == STP_EXIT_OK) {
    layout(e);
    fit(e);
    if (e->load_error[0]) printf("stipple: the case does not load: %s\n", e->load_error);
  }
  e->running = rc == STP_EXIT_OK;
  e->redraw = true;
  bool announced = false;
  uint64_t last_frame = 0;
  while (e->running) {
    SDL_Event ev;
    int timeout = e->redraw || e->rebuild_pending ? FRAME_MS : 250;
    if (SDL_WaitEventTimeout(&ev, timeout)) {
      do event(e, &ev);
      while (e->running && SDL_PollEvent(&ev));
    }
    if (!e->running) break;
    uint64_t now = SDL_GetTicks64();
    if (e->rebuild_pending && (e->drag == ED_DRAG_NONE || now - last_frame >= FRAME_MS)) rebuild(e);
    if (e->redraw) {
      e->redraw = false;
      last_frame = now;
      refresh_work(e);
      ed_draw_frame(e);
      if (!announced) {
        announced = true;
        printf("stipple: edit ready (%s: %d zones%s)\n", e->path, e->scn->zone_count,
               e->load_error[0] ? ", does not load" : "");
        fflush(stdout);
      }
    }
  }
  close_edit(e);
  SDL_Quit();
  return rc;
}
