/* stp_edit_draw.c - the editor's frame: the scalp (stp_draw), the zones' outlines, the
 * landmarks and the selected zone's points as handles, a new outline being drawn, and the
 * panel on the right (buttons, zones, the selected zone's targets and the rubric as
 * steppers, `check`'s messages) with the status line along the foot. Owns no rules: every
 * button is an action stp_edit.c carries out.
 */
#define _POSIX_C_SOURCE 200809L
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "stp_edit_internal.h"
#include "stp_loop_ui.h"
#include "stp_window.h"

#define C_TEXT ((SDL_Color){232, 234, 238, 255})
#define C_DIM ((SDL_Color){160, 168, 180, 255})
#define C_ACCENT ((SDL_Color){255, 196, 61, 255})
#define C_GOOD ((SDL_Color){86, 180, 233, 255})     /* Okabe-Ito sky blue */
#define C_RED ((SDL_Color){235, 95, 80, 255})
#define C_PANEL ((SDL_Color){34, 38, 46, 255})
#define C_BUTTON ((SDL_Color){52, 58, 70, 255})
#define C_ON ((SDL_Color){96, 78, 30, 255})
#define C_LM ((SDL_Color){0, 158, 115, 255})        /* Okabe-Ito bluish green */

static const char HELP[] =
    "Drag landmarks and the selected zone's points. Shift+click: a second zone. N new outline, P preview, "
    "H healed, Ctrl+S save, Esc quit.";

static void fill(SDL_Renderer *r, float x, float y, float w, float h, SDL_Color c) {
  SDL_FRect rc = {x, y, w, h};
  SDL_SetRenderDrawBlendMode(r, SDL_BLENDMODE_BLEND);
  SDL_SetRenderDrawColor(r, c.r, c.g, c.b, c.a);
  SDL_RenderFillRectF(r, &rc);
}

static void add_hit(edit *e, float x, float y, float w, float h, ed_action a, int arg, const char *name) {
  if (e->hit_count >= ED_MAX_HITS) return;
  ed_hit *t = &e->hits[e->hit_count++];
  t->rc = (SDL_FRect){x, y, w, h};
  t->action = a;
  t->arg = arg;
  snprintf(t->name, sizeof t->name, "%s", name);
}

const ed_hit *ed_hit_at(const edit *e, float x, float y) {
  SDL_FPoint pt = {x, y};
  for (int i = e->hit_count - 1; i >= 0; i--)   /* the last drawn is on top */
    if (SDL_PointInFRect(&pt, &e->hits[i].rc)) return &e->hits[i];
  return NULL;
}

static float button(edit *e, float x, float y, float w, const char *label, ed_action a, int arg, const char *name,
                    bool on) {
  float h = e->px * 1.5f, size = e->px * 0.85f;
  fill(e->ren, x, y, w, h, on ? C_ON : C_BUTTON);
  float tw = stp_font_measure(e->font, size, label);
  stp_font_draw(e->font, e->ren, x + (w - tw) * 0.5f, y + (h - stp_font_line_height(e->font, size)) * 0.5f, size,
                on ? C_ACCENT : C_TEXT, label);
  add_hit(e, x, y, w, h, a, arg, name);
  return h;
}

/* ---- on the scalp ------------------------------------------------------------------------- */

static void outline(edit *e, const stp_shape *s, SDL_Color c, float width) {
  static stp_point pts[STP_SHAPE_MAX_POINTS];
  int n = stp_shape_outline(s, pts, STP_SHAPE_MAX_POINTS);
  for (int i = 0; i < n; i++) {
    int j = stp_shape_next(s, n, i);
    double ax, ay, bx, by;
    stp_view_to_screen(&e->view, pts[i].x, pts[i].y, &ax, &ay);
    stp_view_to_screen(&e->view, pts[j].x, pts[j].y, &bx, &by);
    stp_ui_thick_line(e->ren, (float)ax, (float)ay, (float)bx, (float)by, width, c);
  }
}

static void draw_zones(edit *e) {
  int a = ed_zone_index(e, e->sel), b = ed_zone_index(e, e->sel2);
  for (int i = 0; i < e->scn->zone_count; i++) {
    const stp_zone *z = &e->scn->zones[i];
    SDL_Color c = i == a ? C_ACCENT : i == b ? C_GOOD : z->role == STP_ZONE_FORBIDDEN ? C_RED : (SDL_Color){240, 240, 240, 220};
    outline(e, &z->shape, c, i == a || i == b ? 3.0f : 2.0f);
    double x0, y0, x1, y1, sx, sy;
    stp_shape_bounds(&z->shape, &x0, &y0, &x1, &y1);
    stp_view_to_screen(&e->view, x0, y0, &sx, &sy);
    stp_font_draw(e->font, e->ren, (float)sx, (float)sy - e->px * 0.9f, e->px * 0.7f, c, z->name);
  }
}

static void draw_landmarks(edit *e) {
  float r = fmaxf(5.0f, e->px * 0.38f);
  for (int i = 0; i < STP_LM_COUNT; i++) {
    stp_point p = e->scn->head.lm[i];
    if (e->drag == ED_DRAG_LM && e->drag_arg == i) p = (stp_point){e->drag_x, e->drag_y};
    double sx, sy;
    stp_view_to_screen(&e->view, p.x, p.y, &sx, &sy);
    if (!stp_view_hit(&e->view, sx, sy)) continue;
    bool moved = i > 0 && e->blk.lm_set[i];
    stp_ui_disc(e->ren, (float)sx, (float)sy, r + 1.5f, (SDL_Color){20, 22, 27, 220});
    stp_ui_disc(e->ren, (float)sx, (float)sy, r, i == 0 ? C_DIM : moved ? C_ACCENT : C_LM);
    stp_font_draw(e->font, e->ren, (float)sx + r + 3, (float)sy - e->px * 0.45f, e->px * 0.65f, (SDL_Color){250, 250, 250, 230},
                  stp_landmark_key((stp_landmark_id)i));
    if (i == 0) continue;   /* the glabella is the chart's origin: it stays */
    char name[48];
    snprintf(name, sizeof name, "lm:%s", stp_landmark_key((stp_landmark_id)i));
    add_hit(e, (float)sx - r - 2, (float)sy - r - 2, 2 * r + 4, 2 * r + 4, EA_HANDLE_LM, i, name);
  }
}

static void draw_points(edit *e) {
  int z = ed_zone_index(e, e->sel);
  if (z < 0) return;
  static stp_point pts[STP_SHAPE_MAX_POINTS];
  int n = ed_zone_points(e, z, pts, STP_SHAPE_MAX_POINTS);
  float r = fmaxf(4.0f, e->px * 0.28f);
  for (int k = 0; k < n; k++) {
    double sx, sy;
    stp_view_to_screen(&e->view, pts[k].x, pts[k].y, &sx, &sy);
    if (!stp_view_hit(&e->view, sx, sy)) continue;
    fill(e->ren, (float)sx - r - 1, (float)sy - r - 1, 2 * r + 2, 2 * r + 2, (SDL_Color){20, 22, 27, 230});
    fill(e->ren, (float)sx - r, (float)sy - r, 2 * r, 2 * r, C_ACCENT);
    char name[48];
    snprintf(name, sizeof name, "pt:%.30s:%d", e->scn->zones[z].id, k);
    add_hit(e, (float)sx - r - 2, (float)sy - r - 2, 2 * r + 4, 2 * r + 4, EA_HANDLE_PT, k, name);
  }
}

static void draw_draft(edit *e) {
  if (!e->drawing) return;
  int mx, my;
  SDL_GetMouseState(&mx, &my);
  for (int i = 0; i < e->draft_n; i++) {
    double ax, ay, bx = mx, by = my;
    stp_view_to_screen(&e->view, e->draft[i].x, e->draft[i].y, &ax, &ay);
    if (i + 1 < e->draft_n) stp_view_to_screen(&e->view, e->draft[i + 1].x, e->draft[i + 1].y, &bx, &by);
    stp_ui_thick_line(e->ren, (float)ax, (float)ay, (float)bx, (float)by, 2, C_GOOD);
    stp_ui_disc(e->ren, (float)ax, (float)ay, i == 0 ? e->px * 0.4f : e->px * 0.25f, C_GOOD);
  }
}

/* ---- the panel ---------------------------------------------------------------------------- */

static const char *role_name(stp_zone_role r) {
  switch (r) {
  case STP_ZONE_HAIRLINE: return "hairline";
  case STP_ZONE_SCAR: return "scar";
  case STP_ZONE_FORBIDDEN: return "forbidden";
  case STP_ZONE_DONE: return "done";
  default: return "work";
  }
}

/* A row: the label, the value, and [-] [+] at the right. */
static float stepper(edit *e, float x, float y, float w, const char *label, const char *value, ed_action a, int arg,
                     const char *key) {
  float size = e->px * 0.85f, bw = e->px * 1.6f, h = e->px * 1.3f;
  stp_font_draw(e->font, e->ren, x, y + e->px * 0.15f, size, C_DIM, label);
  stp_font_draw(e->font, e->ren, x + w * 0.45f, y + e->px * 0.15f, size, C_TEXT, value);
  char name[48];
  snprintf(name, sizeof name, "step:%s:-", key);
  float bh = e->px * 1.2f, by = y + (h - bh) * 0.5f;
  fill(e->ren, x + w - 2 * bw - 4, by, bw, bh, C_BUTTON);
  stp_font_draw(e->font, e->ren, x + w - 2 * bw - 4 + bw * 0.38f, by, size, C_TEXT, "\xE2\x88\x92");
  add_hit(e, x + w - 2 * bw - 4, by, bw, bh, a, arg * 2, name);
  snprintf(name, sizeof name, "step:%s:+", key);
  fill(e->ren, x + w - bw, by, bw, bh, C_BUTTON);
  stp_font_draw(e->font, e->ren, x + w - bw + bw * 0.35f, by, size, C_TEXT, "+");
  add_hit(e, x + w - bw, by, bw, bh, a, arg * 2 + 1, name);
  return h;
}

static void draw_panel(edit *e) {
  float x0 = (float)e->out_w - e->panel_w, pad = e->px * 0.8f, x = x0 + pad, y = pad, w = e->panel_w - 2 * pad;
  float bottom = (float)e->out_h - e->foot_h;
  fill(e->ren, x0, 0, e->panel_w, bottom, C_PANEL);
  SDL_Rect clip = {(int)x0, 0, (int)e->panel_w, (int)bottom};
  SDL_RenderSetClipRect(e->ren, &clip);
  y += stp_font_draw_wrapped(e->font, e->ren, x, y, e->px * 1.1f, w, C_TEXT, e->scn->title[0] ? e->scn->title : "(no case)");
  const char *base = strrchr(e->path, '/');
  char line[1400];
  snprintf(line, sizeof line, "%s%s", base ? base + 1 : e->path, e->dirty ? "  (changed, not saved)" : "");
  y += stp_font_draw_wrapped(e->font, e->ren, x, y, e->px * 0.8f, w, e->dirty ? C_ACCENT : C_DIM, line) + e->px * 0.3f;
  float bw = (w - 3 * 4) / 4, g = 4;
  button(e, x, y, bw, "Save", EA_SAVE, 0, "save", e->dirty);
  button(e, x + (bw + g), y, bw, "Preview", EA_PREVIEW, 0, "preview", e->preview);
  button(e, x + 2 * (bw + g), y, bw, e->healed ? "Healed" : "Fresh", EA_HEALED, 0, "healed", e->healed);
  y += button(e, x + 3 * (bw + g), y, bw, "New outline", EA_NEW, 0, "new", e->drawing) + g;
  button(e, x, y, bw, "Union", EA_UNION, 0, "union", false);
  button(e, x + (bw + g), y, bw, "Subtract", EA_MINUS, 0, "minus", false);
  button(e, x + 2 * (bw + g), y, bw, "Remove", EA_REMOVE, 0, "remove", false);
  y += button(e, x + 3 * (bw + g), y, bw, "Reload", EA_RELOAD, 0, "reload", false) + e->px * 0.5f;

  /* The zones: click to select, Shift+click the second for Union and Subtract. */
  stp_font_draw(e->font, e->ren, x, y, e->px * 0.95f, C_ACCENT, "Zones");
  y += stp_font_line_height(e->font, e->px * 0.95f);
  int a = ed_zone_index(e, e->sel), b = ed_zone_index(e, e->sel2);
  float rh = e->px * 1.15f, size = e->px * 0.8f;
  for (int i = 0; i < e->scn->zone_count && y < bottom * 0.45f; i++) {
    const stp_zone *z = &e->scn->zones[i];
    if (i == a || i == b) fill(e->ren, x - 2, y, w + 4, rh, i == a ? C_ON : (SDL_Color){30, 60, 80, 255});
    snprintf(line, sizeof line, "%s%s", i == a ? "A " : i == b ? "B " : "", z->name);
    stp_font_draw(e->font, e->ren, x, y + e->px * 0.1f, size, C_TEXT, line);
    snprintf(line, sizeof line, "%s  %.4g/cm\xC2\xB2  %.0f mm\xC2\xB2", role_name(z->role), z->density_per_cm2,
             stp_shape_area_mm2(&z->shape));
    stp_font_draw(e->font, e->ren, x + w * 0.45f, y + e->px * 0.1f, size, C_DIM, line);
    char name[48];
    snprintf(name, sizeof name, "zone:%.40s", z->id);
    add_hit(e, x, y, w, rh, EA_ZONE, i, name);
    y += rh;
  }
  y += e->px * 0.3f;
  if (a >= 0) {
    snprintf(line, sizeof line, "Targets of %s", e->scn->zones[a].name);
    stp_font_draw(e->font, e->ren, x, y, e->px * 0.95f, C_ACCENT, line);
    y += stp_font_line_height(e->font, e->px * 0.95f);
    static const char *const labels[ED_F_COUNT] = {"Density /cm\xC2\xB2", "Tolerance /cm\xC2\xB2", "Angle \xC2\xB0", "Ink",
                                                   "Depth mm"};
    static const char *const keys[ED_F_COUNT] = {"density", "tolerance", "angle", "ink", "depth"};
    for (int f = 0; f < ED_F_COUNT; f++) {
      char v[48];
      snprintf(v, sizeof v, "%.4g", ed_zone_value(e->scn, a, f));
      y += stepper(e, x, y, w, labels[f], v, EA_ZONE_STEP, f, keys[f]);
    }
  } else {
    y += stp_font_draw_wrapped(e->font, e->ren, x, y, size, w, C_DIM, "Click a zone (here or on the scalp) to set its targets.");
  }
  y += e->px * 0.3f;
  stp_font_draw(e->font, e->ren, x, y, e->px * 0.95f, C_ACCENT, "Rubric (weights; 0 is off)");
  y += stp_font_line_height(e->font, e->px * 0.95f);
  for (int c = 0; c < STP_CRIT_COUNT; c++) {
    const stp_rubric_item *it = &e->scn->rubric.items[c];
    char v[32];
    snprintf(v, sizeof v, it->enabled ? "%.3g" : "off", it->weight);
    char key[48];
    snprintf(key, sizeof key, "rubric-%s", stp_criterion_key((stp_criterion_id)c));
    y += stepper(e, x, y, w, stp_criterion_name((stp_criterion_id)c), v, EA_RUBRIC_STEP, c, key) * 0.92f;
  }
  char pm[32];
  snprintf(pm, sizeof pm, "%.3g", e->scn->rubric.pass_mark);
  y += stepper(e, x, y, w, "Pass mark", pm, EA_RUBRIC_STEP, STP_CRIT_COUNT, "rubric-pass_mark") + e->px * 0.3f;

  /* `check`'s messages for what is shown now. */
  stp_font_draw(e->font, e->ren, x, y, e->px * 0.95f, C_ACCENT, "Check");
  y += stp_font_line_height(e->font, e->px * 0.95f);
  if (e->load_error[0]) {
    snprintf(line, sizeof line, "error: the case does not load (the last that did is shown): %s", e->load_error);
    y += stp_font_draw_wrapped(e->font, e->ren, x, y, size, w, C_RED, line);
  } else if (e->check.count == 0) {
    y += stp_font_draw_wrapped(e->font, e->ren, x, y, size, w, C_GOOD, "No problems: stipple check passes.");
  }
  for (int i = 0; i < e->check.count && y < bottom; i++) {
    const stp_check_issue *is = &e->check.issues[i];
    snprintf(line, sizeof line, "%s: %s", is->level == STP_CHECK_ERROR ? "error" : "warning", is->msg);
    y += stp_font_draw_wrapped(e->font, e->ren, x, y, size, w, is->level == STP_CHECK_ERROR ? C_RED : C_ACCENT, line);
  }
  SDL_RenderSetClipRect(e->ren, NULL);
}

static void draw_foot(edit *e) {
  float y0 = (float)e->out_h - e->foot_h;
  fill(e->ren, 0, y0, (float)e->out_w, e->foot_h, (SDL_Color){20, 22, 27, 255});
  const char *s = e->status[0] ? e->status : HELP;
  SDL_Rect clip = {0, (int)y0, e->out_w, (int)e->foot_h};
  SDL_RenderSetClipRect(e->ren, &clip);
  stp_font_draw(e->font, e->ren, e->px * 0.6f, y0 + (e->foot_h - stp_font_line_height(e->font, e->px * 0.8f)) * 0.5f,
                e->px * 0.8f, e->status[0] ? C_TEXT : C_DIM, s);
  SDL_RenderSetClipRect(e->ren, NULL);
}

static void trace(edit *e) {
  if (!e->ui_trace) return;
  uint64_t h = 1469598103934665603ull;
  for (int i = 0; i < e->hit_count; i++) {
    const ed_hit *t = &e->hits[i];
    int v[4] = {(int)t->rc.x, (int)t->rc.y, (int)t->rc.w, (int)t->rc.h};
    for (const char *c = t->name; *c; c++) h = (h ^ (unsigned char)*c) * 1099511628211ull;
    for (int k = 0; k < 4; k++) h = (h ^ (uint64_t)(uint32_t)v[k]) * 1099511628211ull;
  }
  if (h == e->ui_traced) return;
  e->ui_traced = h;
  for (int i = 0; i < e->hit_count; i++) {
    const ed_hit *t = &e->hits[i];
    printf("stipple: ui %s %d %d %d %d\n", t->name, (int)t->rc.x, (int)t->rc.y, (int)t->rc.w, (int)t->rc.h);
  }
  printf("stipple: ui end\n");
  fflush(stdout);
}

void ed_draw_frame(edit *e) {
  e->hit_count = 0;
  SDL_SetRenderDrawColor(e->ren, 28, 31, 38, 255);
  SDL_RenderClear(e->ren);
  stp_work none;
  stp_work_init(&none);
  stp_draw_opts o = {.healed = e->healed, .zones = false, .layered = false};
  stp_draw_scalp(e->draw, &e->view, e->preview && e->work_ok ? &e->work : &none, &o);
  SDL_Rect clip = {(int)e->view.vx, (int)e->view.vy, (int)e->view.vw, (int)e->view.vh};
  SDL_RenderSetClipRect(e->ren, &clip);
  if (!e->preview) {
    draw_zones(e);
    draw_landmarks(e);
    draw_points(e);
    draw_draft(e);
  }
  SDL_RenderSetClipRect(e->ren, NULL);
  draw_panel(e);
  draw_foot(e);
  trace(e);
  if (e->shot_pending) {
    e->shot_pending = false;
    stp_error serr;
    stp_window_screenshot(e->ren, e->out_w, e->out_h, &e->shot_count, &serr);
  }
  SDL_RenderPresent(e->ren);
}
