/* stp_screen_play.c - the play screen: the scalp (left) and the panel (right).
 *
 * The panel is the tool palette, every part of it a button as well as a key, so a pen
 * display or a tablet needs no keyboard: the needle, ink, pigment and pressure steppers,
 * the grain dial (tap where the grain should point), the view and edit buttons (undo,
 * redo, zoom, fit, loupe, zones, overlays, long hair, menu), the time control, the live
 * counts, End session and Finish. Each button shows its key.
 *
 * Also what the result screen shares: the view's actions, the scalp with its labels and
 * maps, and the status line. Owns no rules: every action goes to the core (stp_game,
 * through pl_act) or the view.
 */
#define _POSIX_C_SOURCE 200809L
#include "stp_play_internal.h"

#include "stp_play_loop.h"

#define PI 3.14159265358979323846

/* ---- shared with the result screen --------------------------------------------------- */

bool pl_view_action(play *p, const stp_action *a) {
  switch (a->kind) {
  case STP_ACT_ZOOM: stp_view_zoom_at(&p->view, a->factor, a->sx, a->sy); break;
  case STP_ACT_PAN: stp_view_pan_pixels(&p->view, a->dx, a->dy); break;
  case STP_ACT_FIT:
    if (!p->game) return true;
    pl_time_reset(p);   /* 0: back to now, and the whole case in view */
    pl_fit_view(p);
    break;
  case STP_ACT_HOVER:
    p->hover_in = stp_view_hit(&p->view, a->sx, a->sy);
    p->hover_x = a->x_mm;
    p->hover_y = a->y_mm;
    p->hover_tilt = a->has_tilt;
    p->hover_azimuth = a->azimuth_deg;
    p->hover_altitude = a->altitude_deg;
    p->redraw = true;
    return true;
  default: return false;
  }
  pl_note_view(p);
  p->redraw = true;
  return true;
}

static void chart_label(play *p, double x_mm, double y_mm, const char *s) {
  double sx, sy;
  stp_view_to_screen(&p->view, x_mm, y_mm, &sx, &sy);
  float w = stp_font_measure(p->font, p->px * PL_TEXT_SMALL, s);
  if (!stp_view_hit(&p->view, sx - w / 2, sy) || !stp_view_hit(&p->view, sx + w / 2, sy + p->px)) return;
  pl_label(p, (float)sx - w / 2, (float)sy, p->px * PL_TEXT_SMALL, C_DIM, s);
}

/* The zones' names, each on a plate at its zone's top left, moved down past any name
 * already placed so none covers another ("Scar" over "Blend below" on case 07). */
static void zone_labels(play *p) {
  const stp_scenario *s = &p->game->scn;
  SDL_FRect placed[STP_SCN_MAX_ZONES];
  int n = 0;
  float size = p->px * PL_TEXT_SMALL, lh = stp_font_line_height(p->font, size) + p->px * 0.3f;
  for (int i = 0; i < s->zone_count; i++) {
    const char *name = s->zones[i].name[0] ? s->zones[i].name : s->zones[i].id;
    double x0, y0, x1, y1, sx, sy;
    stp_shape_bounds(&s->zones[i].shape, &x0, &y0, &x1, &y1);
    stp_view_to_screen(&p->view, x0, y0, &sx, &sy);
    SDL_FRect rc = {(float)sx, (float)sy - lh, stp_font_measure(p->font, size, name) + p->px * 0.5f, lh};
    for (int tries = 0; tries < 8; tries++) {
      bool hit = false;
      for (int k = 0; k < n && !hit; k++) hit = SDL_HasIntersectionF(&rc, &placed[k]);
      if (!hit) break;
      rc.y += lh;
    }
    if (!stp_view_hit(&p->view, rc.x, rc.y) || !stp_view_hit(&p->view, rc.x, rc.y + rc.h)) continue;
    pl_label(p, rc.x, rc.y, size, C_ACCENT, name);
    if (n < STP_SCN_MAX_ZONES) placed[n++] = rc;
  }
}

/* The result screen's map of one criterion over the scalp, recomputed only when the
 * view or the criterion changes. */
void pl_draw_map(play *p, int crit) {
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
  pl_label(p, lx + 4, ly + 2, p->px * PL_TEXT_SMALL, C_TEXT, buf);
}

/* A tilted pen's needle over the cursor: a line from the dot toward where the pen's top
 * leans (its azimuth), as long as the lean is low (90 - altitude: upright draws nothing),
 * and the angles beside it. */
static void draw_needle(play *p) {
  double sx, sy;
  stp_view_to_screen(&p->view, p->hover_x, p->hover_y, &sx, &sy);
  double lean = 90.0 - p->hover_altitude, az = p->hover_azimuth * PI / 180.0;
  float len = (float)(p->target * 1.5 * sin(lean * PI / 180.0));
  if (len < 2) return;
  float ex = (float)sx + len * (float)cos(az), ey = (float)sy + len * (float)sin(az);
  SDL_SetRenderDrawColor(p->ren, 240, 240, 240, 230);
  for (int k = -1; k <= 1; k++) SDL_RenderDrawLineF(p->ren, (float)sx + k, (float)sy, ex + k, ey);
  char buf[64];
  snprintf(buf, sizeof buf, "tilt %.0f\u00b0 toward %.0f\u00b0", lean, p->hover_azimuth);
  pl_label(p, ex + p->px * 0.4f, ey, p->px * PL_TEXT_KEY, C_TEXT, buf);
}

void pl_draw_scalp_area(play *p, bool result) {
  stp_game *g = p->game;
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
  /* Far out, a 0.25 mm dot is under a pixel: its look is faithful (its area as alpha) and
   * invisible, so the trainee's own dots are marked where they are. */
  bool far = g->scn.needle_count > 0 && g->scn.needles_mm[g->tool.needle] * p->view.scale < 2.5;
  if (p->marks && far && !(result && p->map_crit >= 0)) stp_draw_marks(p->draw, &p->view, &g->work, 0, (SDL_Color){86, 180, 233, 200});
  if (p->zones) zone_labels(p);
  if (result && p->map_crit >= 0) pl_draw_map(p, p->map_crit);
  if (!result && !g->assessment && p->overlay == 1) stp_draw_grain_arrows(p->draw, &p->view);
  if (!result && !g->assessment && p->overlay == 2) pl_draw_map(p, STP_CRIT_DENSITY);
  if (p->hover_in && !result && !p->confirm) {
    stp_impression prev = stp_game_preview(g, p->hover_x, p->hover_y, g->tool.pressure, NAN, pl_game_now(p));
    stp_draw_cursor(p->draw, &p->view, &prev);
    if (p->hover_tilt) draw_needle(p);
    if (p->loupe) draw_loupe(p, &o, &prev);
  }
}

void pl_draw_status(play *p) {
  float sy = (float)p->out_h - p->status_h;
  pl_fill(p->ren, 0, sy, (float)p->out_w, p->status_h, (SDL_Color){20, 22, 27, 255});
  /* Left to right: the zoom, the pointer's place, the message; this machine's input latency
   * at the right end (under the panel, or its right column). The message comes first: what
   * does not fit beside it gives way, the latency, then the pointer's place, then the zoom,
   * and a message still too long is drawn smaller (it was cut off mid-word in portrait). */
  char msg[1200];
  bool bad = p->status_bad;
  if (p->game && p->game->save_error.status != STP_OK) {
    char e[900];
    snprintf(msg, sizeof msg, "Autosave failed: %s. Your work is still in memory; it is retried every second.",
             stp_error_format(&p->game->save_error, e, sizeof e));
    bad = true;
  } else {
    snprintf(msg, sizeof msg, "%s", p->status);
  }
  float size = p->px * 0.9f, gap = p->px, avail = (float)p->out_w - 2 * p->px * 0.6f;
  float mw = msg[0] ? stp_font_measure(p->font, size, msg) : 0;
  char zoom[40] = "", place[80] = "", lat[160];
  if (p->game) snprintf(zoom, sizeof zoom, "%.0f px/mm", p->view.scale);
  if (p->hover_in && p->game) snprintf(place, sizeof place, "x %.1f mm, y %.1f mm", p->hover_x, p->hover_y);
  pl_latency_text(p, lat, sizeof lat);
  float zw = zoom[0] ? stp_font_measure(p->font, size, zoom) + gap : 0;
  float pw = place[0] ? stp_font_measure(p->font, size, place) + gap : 0;
  float lsize = p->px * PL_TEXT_KEY, lw = lat[0] ? stp_font_measure(p->font, lsize, lat) + gap : 0;
  /* The latency only where it always stood: the panel's part of the line (portrait: the right half). */
  if (lw > 0 && lw > (p->cols > 1 ? (float)p->out_w / 2 : p->panel.w)) lw = 0;
  if (lw > 0 && zw + pw + mw + lw > avail) lw = 0;
  if (pw > 0 && zw + pw + mw + lw > avail) pw = 0;
  if (zw > 0 && zw + pw + mw + lw > avail) zw = 0;
  if (mw > avail) size = p->px * PL_TEXT_SMALL;
  float lx = p->px * 0.6f, ty = sy + (p->status_h - stp_font_line_height(p->font, size)) / 2;
  float ity = sy + (p->status_h - stp_font_line_height(p->font, p->px * 0.9f)) / 2;
  if (lw > 0)
    pl_text(p, (float)p->out_w - p->px * 0.6f - (lw - gap), sy + (p->status_h - stp_font_line_height(p->font, lsize)) / 2,
            lsize, C_DIM, lat);
  SDL_Rect clip = {0, (int)sy, (int)((float)p->out_w - (lw > 0 ? lw + p->px * 0.6f : 0)), (int)ceilf(p->status_h)};
  SDL_RenderSetClipRect(p->ren, &clip);
  if (zw > 0) lx += pl_text(p, lx, ity, p->px * 0.9f, C_DIM, zoom) + gap * 0.5f;
  if (pw > 0) lx += pl_text(p, lx, ity, p->px * 0.9f, C_DIM, place) + gap;
  else if (zw > 0) lx += gap * 0.5f;
  if (msg[0]) pl_text(p, lx, ty, size, bad ? C_BAD : C_TEXT, msg);
  SDL_RenderSetClipRect(p->ren, NULL);
}

/* ---- the panel --------------------------------------------------------------------- */

static const char *depth_note(const stp_scenario *s, double depth) {
  if (depth < s->depth.shallow_mm) return "too shallow: fades in healing";
  if (depth > s->depth.deep_mm) return "too deep: blow-out risk";
  return "in the stable window";
}

/* The step through a kit's list (needles, inks: in the scenario's order, which may run
 * either way) that reaches the next larger value (dir +1) or smaller (-1) from index i,
 * or 0 at the end: the palette's - and + never wrap round (the keys N and I do). */
static int toward(const double *v, int n, int i, int dir) {
  double best = 0;
  int step = 0;
  for (int k = 0; k < n; k++) {
    double d = (v[k] - v[i]) * dir;
    if (d > 1e-9 && (step == 0 || d < best)) { best = d; step = k - i; }
  }
  return step;
}

/* One stepper row: [-] label [+], the buttons a target square, the label between. */
static float stepper(play *p, float x, float y, float w, const char *label, const char *key, stp_action down,
                     stp_action up, bool enabled, bool can_down, bool can_up) {
  float t = p->target, gap = p->px * 0.25f;
  char name[40];
  int nl = 0;   /* the label's first word names the row: "Needle", "Ink", "Pressure" */
  while (label[nl] && label[nl] != ' ' && nl < 30) nl++;
  pl_button(p, (SDL_FRect){x, y, t, t}, "\u2212", "", down, can_down ? PL_BTN_PLAIN : PL_BTN_OFF);
  snprintf(name, sizeof name, "%.*s -", nl, label);
  if (can_down) pl_hit_name_last(p, name);
  pl_button(p, (SDL_FRect){x + w - t, y, t, t}, "+", "", up, can_up ? PL_BTN_PLAIN : PL_BTN_OFF);
  snprintf(name, sizeof name, "%.*s +", nl, label);
  if (can_up) pl_hit_name_last(p, name);
  float lx = x + t + gap, lw = w - 2 * (t + gap);
  float size = p->px * PL_TEXT, tw = stp_font_measure(p->font, size, label);
  if (tw > lw) {
    size = p->px * PL_TEXT_SMALL;
    tw = stp_font_measure(p->font, size, label);
  }
  float ks = p->px * PL_TEXT_KEY, kg = p->px * 0.4f;
  float kw = key && key[0] && pl_keys_shown(p) ? stp_font_measure(p->font, ks, key) : 0;
  if (tw + kw + kg > lw) kw = 0;
  float ty = y + (t - stp_font_line_height(p->font, size)) / 2;
  float tx = lx + (lw - tw - (kw > 0 ? kw + kg : 0)) / 2;
  pl_text(p, tx, ty, size, C_TEXT, label);
  if (kw > 0) pl_text(p, tx + tw + kg, ty + (size - ks) * 0.6f, ks, C_DIM, key);
  /* The middle of the row is a target too: a tap there steps up (or, at the top, down). */
  if (enabled && (can_up || can_down)) pl_hit_add(p, (SDL_FRect){lx, y, lw, t}, can_up ? up : down);
  return y + t + gap;
}

/* The grain dial: a disc with the needle's direction; a tap on it points the grain there.
 * Beside it, the angle and a button each way (Q, E). Returns y below it. */
static float grain_dial(play *p, float x, float y, float w, double angle_deg, bool enabled) {
  float t = p->target, d = t * 1.8f, gap = p->px * 0.25f;
  /* Whole pixels: the dial's target (a square about the centre) is exactly the disc's. */
  float cx = roundf(x + d / 2), cy = roundf(y + d / 2), r = floorf(d / 2) - 2;
  /* The disc, drawn as a fan of thin triangles. */
  SDL_Vertex v[3 * 36];
  SDL_Color rim = enabled ? (SDL_Color){64, 70, 84, 255} : (SDL_Color){48, 52, 62, 255};
  for (int i = 0; i < 36; i++) {
    double a0 = 2 * PI * i / 36, a1 = 2 * PI * (i + 1) / 36;
    v[3 * i] = (SDL_Vertex){{cx, cy}, rim, {0, 0}};
    v[3 * i + 1] = (SDL_Vertex){{cx + r * (float)cos(a0), cy + r * (float)sin(a0)}, rim, {0, 0}};
    v[3 * i + 2] = (SDL_Vertex){{cx + r * (float)cos(a1), cy + r * (float)sin(a1)}, rim, {0, 0}};
  }
  SDL_RenderGeometry(p->ren, NULL, v, 3 * 36, NULL, 0);
  /* The grain: chart angles are screen angles (x right, y down), as the impressions'. */
  double a = angle_deg * PI / 180;
  float ex = cx + (r - 3) * (float)cos(a), ey = cy + (r - 3) * (float)sin(a);
  SDL_SetRenderDrawColor(p->ren, C_ACCENT.r, C_ACCENT.g, C_ACCENT.b, 255);
  for (int k = -1; k <= 1; k++) {
    SDL_RenderDrawLineF(p->ren, cx + k * (float)sin(a), cy - k * (float)cos(a), ex + k * (float)sin(a), ey - k * (float)cos(a));
  }
  SDL_FRect tip = {ex - 3, ey - 3, 6, 6};
  SDL_RenderFillRectF(p->ren, &tip);
  if (enabled) {
    /* One target, the disc's square: the angle is the tap's direction from the centre
     * (pl_hit_at works it out from the point). */
    pl_hit_add(p, (SDL_FRect){cx - r, cy - r, 2 * r, 2 * r}, (stp_action){.kind = STP_ACT_SET_ANGLE, .step = 1});
    pl_hit_name_last(p, "Grain dial");
  }
  char buf[64];
  float bx = x + d + p->px * 0.6f, bw = w - d - p->px * 0.6f;
  /* The nearest of the four screen directions beside the angle (270 is up: angles run
   * clockwise from the right, as on screen). */
  static const char *const dir[4] = {"\u2192 right", "\u2193 down", "\u2190 left", "\u2191 up"};
  int q = (int)floor(fmod(fmod(angle_deg, 360.0) + 360.0 + 45.0, 360.0) / 90.0) % 4;
  snprintf(buf, sizeof buf, "Grain %.0f\u00b0 %s", angle_deg, dir[q]);
  pl_text(p, bx, y, p->px * PL_TEXT, C_TEXT, buf);
  float by = y + d - t, half = (bw - gap) / 2;
  int st = enabled ? PL_BTN_PLAIN : PL_BTN_OFF;
  pl_button(p, (SDL_FRect){bx, by, half, t}, "\u21ba 15\u00b0", "Q", (stp_action){.kind = STP_ACT_ROTATE, .delta = -15}, st);
  pl_button(p, (SDL_FRect){bx + half + gap, by, half, t}, "\u21bb 15\u00b0", "E", (stp_action){.kind = STP_ACT_ROTATE, .delta = 15},
            st);
  return y + d + gap;
}

static float draw_tool(play *p, float x, float y, float w) {
  const stp_game *g = p->game;
  const stp_scenario *s = &g->scn;
  char buf[256];
  bool on = !p->confirm;
  double depth = stp_pressure_to_depth(g->tool.pressure);
  int nd = toward(s->needles_mm, s->needle_count, g->tool.needle, -1), nu = toward(s->needles_mm, s->needle_count, g->tool.needle, 1);
  snprintf(buf, sizeof buf, "Needle %.2f mm", s->needles_mm[g->tool.needle]);
  y = stepper(p, x, y, w, buf, "N", (stp_action){.kind = STP_ACT_NEEDLE, .step = nd},
              (stp_action){.kind = STP_ACT_NEEDLE, .step = nu}, on, on && nd != 0, on && nu != 0);
  int id = toward(s->inks, s->ink_count, g->tool.ink, -1), iu = toward(s->inks, s->ink_count, g->tool.ink, 1);
  snprintf(buf, sizeof buf, "Ink %.0f%%", s->inks[g->tool.ink] * 100);
  y = stepper(p, x, y, w, buf, "I", (stp_action){.kind = STP_ACT_INK, .step = id}, (stp_action){.kind = STP_ACT_INK, .step = iu},
              on, on && id != 0, on && iu != 0);
  if (s->pigment_count > 0) {
    const stp_kit_pigment *pg = &s->pigments[g->tool.pigment];
    snprintf(buf, sizeof buf, "%s", pg->name);
    float before = y;
    y = stepper(p, x, y, w, buf, "P", (stp_action){.kind = STP_ACT_PIGMENT, .step = -1},
                (stp_action){.kind = STP_ACT_PIGMENT, .step = 1}, on, on && s->pigment_count > 1, on && s->pigment_count > 1);
    float sw = p->px * 0.7f;   /* the pigment's swatch, inside the minus button's row */
    SDL_SetRenderDrawColor(p->ren, stp_draw_srgb8(pg->rgb[0]), stp_draw_srgb8(pg->rgb[1]), stp_draw_srgb8(pg->rgb[2]), 255);
    SDL_FRect r = {x + p->target + p->px * 0.5f, before + (p->target - sw) / 2, sw, sw};
    SDL_RenderFillRectF(p->ren, &r);
  }
  snprintf(buf, sizeof buf, "Pressure %.0f%% \u2192 %.2f mm", g->tool.pressure * 100, depth);
  y = stepper(p, x, y, w, buf, "[ ]", (stp_action){.kind = STP_ACT_PRESSURE, .delta = -0.05},
              (stp_action){.kind = STP_ACT_PRESSURE, .delta = 0.05}, on, on && g->tool.pressure > 0.001,
              on && g->tool.pressure < 0.999);
  bool ok = depth >= s->depth.shallow_mm && depth <= s->depth.deep_mm;
  pl_text(p, x + p->target + p->px * 0.25f, y - p->px * 0.1f, p->px * PL_TEXT_SMALL, ok ? C_GOOD : C_BAD, depth_note(s, depth));
  y += stp_font_line_height(p->font, p->px * PL_TEXT_SMALL) + p->px * 0.2f;
  return grain_dial(p, x, y, w, g->tool.angle_deg, on);
}

/* The view and edit buttons, in rows of target-sized cells. */
static float draw_toolbar(play *p, float x, float y, float w) {
  const stp_game *g = p->game;
  bool practice = !g->assessment;
  typedef struct { const char *icon, *label, *key; stp_action act; int style; bool show; } item;
  unsigned ov = g->scn.overlays;
  double cx = p->view.vx + p->view.vw / 2, cy = p->view.vy + p->view.vh / 2;
  item items[] = {
    {"undo", "Undo", "Z", {.kind = STP_ACT_UNDO}, stp_game_can_undo(g) ? PL_BTN_PLAIN : PL_BTN_OFF, practice},
    {"redo", "Redo", "Y", {.kind = STP_ACT_REDO}, stp_game_can_redo(g) ? PL_BTN_PLAIN : PL_BTN_OFF, practice},
    /* The same zoom the + and - keys send: about the view's centre. */
    {"zoom-out", "Zoom \u2212", "-", {.kind = STP_ACT_ZOOM, .factor = 0.8, .sx = cx, .sy = cy}, PL_BTN_PLAIN, true},
    {"zoom-in", "Zoom +", "+", {.kind = STP_ACT_ZOOM, .factor = 1.25, .sx = cx, .sy = cy}, PL_BTN_PLAIN, true},
    {"fit", "Fit", "0", {.kind = STP_ACT_FIT}, PL_BTN_PLAIN, true},
    {"loupe", "Loupe", "L", {.kind = STP_ACT_TOGGLE_LOUPE}, p->loupe ? PL_BTN_ON : PL_BTN_PLAIN, true},
    {NULL, "Marks", "K", {.kind = STP_ACT_TOGGLE_MARKS}, p->marks ? PL_BTN_ON : PL_BTN_PLAIN, true},
    {"zones", "Zones", "G", {.kind = STP_ACT_TOGGLE_ZONES}, p->zones ? PL_BTN_ON : PL_BTN_PLAIN, (ov & STP_OVERLAY_ZONES) != 0},
    {"overlays", "Overlay", "O", {.kind = STP_ACT_CYCLE_OVERLAY}, p->overlay ? PL_BTN_ON : PL_BTN_PLAIN,
     practice && (ov & (STP_OVERLAY_GRAIN | STP_OVERLAY_DENSITY))},
    {NULL, "Hair", "A", {.kind = STP_ACT_TOGGLE_HAIR}, p->hair_aside ? PL_BTN_ON : PL_BTN_PLAIN,
     p->draw && stp_draw_has_long_hair(p->draw)},
    {p->mute ? "sound-off" : "sound-on", p->mute ? "Muted" : "Sound", "", {.kind = STP_ACT_UI, .step = PL_UI_SOUND},
     PL_BTN_PLAIN, !p->exam},
    {"menu", "Menu", "M", {.kind = STP_ACT_MENU}, PL_BTN_PLAIN, practice && !p->exam},
    {"retry", "Restart", "", {.kind = STP_ACT_UI, .step = PL_UI_RESTART}, PL_BTN_PLAIN, practice && !p->exam && p->loop},
  };
  int count = (int)(sizeof items / sizeof items[0]);
  float gap = p->px * 0.25f;
  /* Wide cells where there is height to spare; on a short window more to a row (narrower,
   * the key dropped where the label needs the room), never under a target's width. */
  bool compact = (float)p->out_h < p->target * 19;
  int cols = (int)((w + gap) / (p->target * (compact ? 1.45f : 2.1f) + gap));
  if (cols < 3) cols = 3;
  if (cols > 6) cols = 6;
  /* Portrait: the panel's right column has height to spare; four to a row keep the labels
   * beside their icons on a tablet (five drew most as icons alone at 1640 px). */
  if (p->cols > 1 && cols > 4) cols = 4;
  float cw = (w - gap * (float)(cols - 1)) / (float)cols;
  int k = 0;
  for (int i = 0; i < count; i++) {
    if (!items[i].show) continue;
    int r = k / cols, c = k % cols;
    SDL_FRect rc = {x + (float)c * (cw + gap), y + (float)r * (p->target + gap), cw, p->target};
    pl_button_icon(p, rc, items[i].icon, items[i].label, items[i].key, items[i].act, p->confirm ? PL_BTN_OFF : items[i].style);
    k++;
  }
  int rows = (k + cols - 1) / cols;
  return y + (float)rows * (p->target + gap) + p->px * 0.2f;
}

static float draw_counts(play *p, float x, float y, float w) {
  const stp_game *g = p->game;
  const stp_scenario *s = &g->scn;
  char buf[256];
  float lh = stp_font_line_height(p->font, p->px * PL_TEXT);
  snprintf(buf, sizeof buf, "%zu impression%s \u00b7 session %d of %d", g->work.count, g->work.count == 1 ? "" : "s",
           g->session, s->sessions);
  pl_text(p, x, y, p->px * 0.9f, C_ACCENT, buf);
  y += lh;
  if (p->history.count) {
    snprintf(buf, sizeof buf, "over %zu dots of the client's old work", p->history.count);
    pl_text(p, x, y, p->px * PL_TEXT_SMALL, C_DIM, buf);
    y += lh;
  }
  /* In a case over time, what is on the skin now (this session's dots, the earlier sessions'
   * that held and the old work) against this session's plan. */
  bool timed = stp_scenario_timed(s);
  for (int i = 0; i < s->zone_count && i < 6; i++) {
    const stp_zone *z = &s->zones[i];
    const char *name = z->name[0] ? z->name : z->id;
    double area = stp_shape_area_mm2(&z->shape) / 100.0;
    double target = p->zone_mean[i];   /* the zone's mean target: what the result's "target" says */
    if (!timed) {
      double d = area > 0 ? (double)g->zone_counts[i] / area : 0;
      snprintf(buf, sizeof buf, "%s: %.1f/cm\u00b2 (target %.0f \u00b1 %.0f)", name, d, target, z->density_tolerance);
    } else {
      double d = area > 0 ? (double)(g->zone_on_skin[i] + p->history_zone[i]) / area : 0;
      const stp_session_plan *pl = g->session >= 1 && g->session <= STP_SCN_MAX_SESSIONS ? &z->plan[g->session - 1] : NULL;
      if (pl && pl->set && pl->density < 0.999)
        snprintf(buf, sizeof buf, "%s: %.1f/cm\u00b2 on the skin (this session %.0f \u00b1 %.0f; in the end %.0f)", name, d,
                 target * pl->density, z->density_tolerance * pl->density, target);
      else
        snprintf(buf, sizeof buf, "%s: %.1f/cm\u00b2 on the skin (target %.0f \u00b1 %.0f)", name, d, target,
                 z->density_tolerance);
    }
    y += stp_font_draw_wrapped(p->font, p->ren, x, y, p->px * PL_TEXT_SMALL, w, C_TEXT, buf);
  }
  return y;
}

static float draw_exam_box(play *p, float x, float y, float w) {
  const stp_scenario *s = &p->game->scn;
  char buf[200];
  snprintf(buf, sizeof buf, "Session %d of %d", p->game->session, s->sessions);
  pl_text(p, x, y, p->px, C_TEXT, buf);
  y += stp_font_line_height(p->font, p->px);
  if (p->exam) {
    int64_t left = pl_exam_left_ms(p);
    int64_t shown = left == INT64_MAX ? (int64_t)pl_game_now(p) / 1000 : (left + 999) / 1000;
    if (shown < 0) shown = 0;
    snprintf(buf, sizeof buf, left == INT64_MAX ? "Time %lld:%02lld" : "Time left %lld:%02lld", (long long)(shown / 60),
             (long long)(shown % 60));
    pl_text(p, x, y, p->px * 1.6f, left < 60000 ? C_BAD : C_TEXT, buf);
    y += stp_font_line_height(p->font, p->px * 1.6f);
    snprintf(buf, sizeof buf, "Candidate %s \u00b7 attempt %d", p->exam->candidate, p->exam->attempt);
    pl_text(p, x, y, p->px * 0.9f, C_DIM, buf);
    y += stp_font_line_height(p->font, p->px * 0.9f);
    y += stp_font_draw_wrapped(p->font, p->ren, x, y, p->px * 0.9f, w, C_ACCENT,
                               "Exam: no undo, no overlays, no live counts. Scored once, when you finish, then sealed.");
  } else {
    y += stp_font_draw_wrapped(p->font, p->ren, x, y, p->px * 0.9f, w, C_ACCENT,
                               "Assessment: no undo, no overlays, no live counts. Your work is scored once, when you finish.");
  }
  return y;
}

/* The panel: in landscape one column on the right, from the top: title, brief, the tool,
 * the toolbar, the time control, the counts, the hint, and at the foot End session and
 * Finish. In portrait (below the scalp) two columns side by side: the title, brief and tool
 * on the left; the toolbar, time control, counts, hint, End session and Finish on the right. */
static void draw_panel(play *p) {
  const stp_scenario *s = &p->game->scn;
  const SDL_FRect P = p->panel;
  float pad = p->px * 0.8f, gap = p->px * 0.35f, x, w, x2, w2;
  pl_panel_column(p, 0, pad, &x, &w);
  pl_panel_column(p, 1, pad, &x2, &w2);
  bool two = p->cols > 1;
  float y = P.y + pad;
  /* Foot: Finish, and End session above it while a session is to come (the last column's). */
  float bh = p->target, fy = P.y + P.h - pad - bh;
  bool session_btn = pl_can_end_session(p);
  float top_y = session_btn ? fy - bh - gap : fy;
  /* The first column's clip and hit band: the whole panel in one column; in two, the left
   * one down to the panel's foot. */
  float cx0 = P.x, cw0 = two ? x + w + pad / 2 - P.x : P.w;
  SDL_Rect clip = {(int)cx0, (int)P.y, (int)cw0, (int)((two ? P.y + P.h - pad / 2 : top_y - gap) - P.y)};
  SDL_RenderSetClipRect(p->ren, &clip);
  y += stp_font_draw_wrapped(p->font, p->ren, x, y, p->px * 1.2f, w, C_TEXT, s->title);
  /* The brief, folded to three lines (two on a short window) unless opened (a tap on it
   * opens and folds it). */
  float bsize = p->px * PL_TEXT_SMALL, blh = stp_font_line_height(p->font, bsize);
  float folded = (float)p->out_h < p->target * 19 ? 2 : 3;
  float full = stp_font_draw_wrapped(p->font, NULL, 0, 0, bsize, w, C_DIM, s->brief);
  float shown = p->brief_open || full <= blh * (folded + 0.5f) ? full : blh * folded;
  /* Two columns (portrait): the opened brief takes the left column while it is read, the
   * tools coming back with "less" (under it they would be pushed out of the panel, hidden
   * yet still taking taps); a brief longer than the column is cut at its foot. */
  bool reading = two && p->brief_open;
  if (reading && shown > P.y + P.h - pad - y - blh) shown = fmaxf(blh, floorf((P.y + P.h - pad - y - blh) / blh) * blh);
  SDL_Rect bclip = {(int)cx0, (int)y, (int)cw0, (int)ceilf(shown)};
  SDL_RenderSetClipRect(p->ren, &bclip);
  stp_font_draw_wrapped(p->font, p->ren, x, y, bsize, w, C_DIM, s->brief);
  SDL_RenderSetClipRect(p->ren, &clip);
  if (full > shown || p->brief_open) {   /* a line of its own under the brief, never over it */
    const char *more = p->brief_open ? "\u25b4 less" : "\u25be more of the brief";
    float mw = stp_font_measure(p->font, bsize, more);
    pl_hit_add(p, (SDL_FRect){cx0, y, cw0, shown + blh}, (stp_action){.kind = STP_ACT_UI, .step = PL_UI_BRIEF});
    pl_hit_name_last(p, "Brief");
    pl_text(p, x + w - mw, y + shown, bsize, C_ACCENT, more);
    shown += blh;
  }
  y += shown + gap * 2;
  /* A design case before the first impression: the design may still be redrawn (from the
   * first dot on it is fixed: the dots follow it). */
  if (stp_game_can_design(p->game) && !p->confirm && !reading) {
    pl_button(p, (SDL_FRect){x, y, w, p->target}, "Redesign the hairline", "", (stp_action){.kind = STP_ACT_UI, .step = PL_UI_REDESIGN},
              PL_BTN_PLAIN);
    y += p->target + gap * 2;
  }
  if (!reading) y = draw_tool(p, x, y, w) + gap;
  if (two) {   /* the second column, down to End session and Finish */
    x = x2;
    w = w2;
    y = P.y + pad;
    clip = (SDL_Rect){(int)(x2 - pad / 2), (int)P.y, (int)(P.x + P.w - (x2 - pad / 2)), (int)(top_y - gap - P.y)};
    SDL_RenderSetClipRect(p->ren, &clip);
  }
  y = draw_toolbar(p, x, y, w) + gap;
  y = pl_draw_time_controls(p, x, y, w) + gap;
  if (p->game->assessment) y = draw_exam_box(p, x, y, w);
  else y = draw_counts(p, x, y, w);
  /* What the pointer does, under the counts while there is room. */
  /* (Touch words only once a finger or pen has touched with no key pressed: a tablet.) */
  const char *HINT = pl_keys_shown(p) ? "Click or tap: one dot (drag while pressing: its grain). Wheel or pinch: zoom. "
                                        "Right-drag or two fingers: pan."
                                      : "Tap: one dot (drag while pressing: its grain). Pinch: zoom. Two fingers: pan.";
  float hh = stp_font_draw_wrapped(p->font, NULL, 0, 0, p->px * PL_TEXT_SMALL, w, C_DIM, HINT);
  if (y + gap + hh <= top_y - gap) stp_font_draw_wrapped(p->font, p->ren, x, top_y - gap - hh, p->px * PL_TEXT_SMALL, w, C_DIM, HINT);
  SDL_RenderSetClipRect(p->ren, NULL);
  int fst = p->confirm ? PL_BTN_OFF : PL_BTN_PRIMARY;
  pl_button_icon(p, (SDL_FRect){x, fy, w, bh}, "finish", p->exam ? "Finish the exam" : "Finish and score", "F",
            (stp_action){.kind = STP_ACT_FINISH}, fst);
  if (session_btn) {
    char sb[80];
    snprintf(sb, sizeof sb, "End session %d of %d", p->game->session, s->sessions);
    pl_button_icon(p, (SDL_FRect){x, fy - bh - gap, w, bh}, "end-session", sb, "S", (stp_action){.kind = STP_ACT_END_SESSION},
              p->confirm ? PL_BTN_OFF : PL_BTN_GOOD);
  }
}

static void play_draw(play *p) {
  if (p->interlude) { pl_draw_interlude(p); return; }
  SDL_SetRenderDrawColor(p->ren, 28, 31, 38, 255);
  SDL_RenderClear(p->ren);
  pl_draw_scalp_area(p, false);
  pl_fill(p->ren, p->panel.x, p->panel.y, p->panel.w, p->panel.h, (SDL_Color){38, 42, 51, 255});
  draw_panel(p);
  pl_draw_tutorial(p);
  if (p->confirm) pl_draw_confirm(p);
  pl_loop_draw_restart_question(p);
  pl_draw_status(p);
  pl_present(p);
}

/* ---- events and actions ------------------------------------------------------------ */

static bool play_event(play *p, const SDL_Event *e) {
  if (p->interlude) { pl_interlude_event(p, e); return true; }   /* a key or click skips it */
  if (pl_loop_play_event(p, e)) return true;   /* "Restart this case?" takes every event while it asks */
  /* The question's buttons lie over the scalp: a press there answers it and is not an
   * impression (nor a pointer sample in the record); other presses do nothing. */
  if (p->confirm && (e->type == SDL_MOUSEBUTTONDOWN || e->type == SDL_MOUSEBUTTONUP || e->type == SDL_FINGERDOWN ||
                     e->type == SDL_FINGERUP || e->type == SDL_FINGERMOTION)) {
    SDL_FPoint pt = {0, 0};
    bool press = false;
    if (e->type == SDL_MOUSEBUTTONDOWN && e->button.button == SDL_BUTTON_LEFT && e->button.which != SDL_TOUCH_MOUSEID) {
      pt = (SDL_FPoint){(float)e->button.x, (float)e->button.y};
      press = true;
    } else if (e->type == SDL_FINGERDOWN) {
      pt = (SDL_FPoint){e->tfinger.x * (float)p->out_w, e->tfinger.y * (float)p->out_h};
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
    /* The input still follows a pen lifted or a button released meanwhile, placing nothing;
     * a press now is the question's, so its release must not place a dot either. */
    if (e->type != SDL_MOUSEBUTTONDOWN && e->type != SDL_FINGERDOWN) {
      stp_action acts[4];
      (void)stp_input_translate(&p->input, e, &p->view, acts, 4);
    }
    return true;
  }
  return false;
}

static void place(play *p, const stp_action *a, int64_t t, Uint32 stamp) {
  stp_game *g = p->game;
  stp_error err;
  stp_error_clear(&err);
  pl_time_reset(p);   /* the work is done now, and seen now */
  stp_record_event e = {.t_ms = t, .kind = STP_REC_PLACE, .a = {a->x_mm, a->y_mm, a->pressure, a->angle_deg, a->dwell_ms}};
  if (pl_act(p, e, &err) != STP_OK) {
    if (err.status != STP_ERR_IO) pl_set_status(p, true, "%s", err.msg);
    p->redraw = true;
    return;
  }
  pl_latency_placed(p, stamp);
  pl_tutorial_did(p, STP_TUT_PLACE);
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
}

static void undo(play *p, int64_t t) {
  stp_game *g = p->game;
  stp_impression last = g->work.count ? g->work.items[g->work.count - 1] : (stp_impression){0};
  bool healed_last = g->work.count && last.session < g->session;
  if (g->assessment) pl_set_status(p, false, "Undo and redo are off in an assessment.");
  else if (pl_act(p, (stp_record_event){.t_ms = t, .kind = STP_REC_UNDO}, NULL) != STP_OK) {
    if (healed_last) pl_set_status(p, false, "Nothing to undo in this session: session %d has healed.", (int)last.session);
    else pl_set_status(p, false, "Nothing to undo.");
  } else {
    stp_draw_undone(p->draw, &g->work, &last);
    pl_set_status(p, false, "Undone: %zu impression%s left (Y redoes).", g->work.count, g->work.count == 1 ? "" : "s");
  }
  p->redraw = true;
}

static void redo(play *p, int64_t t) {
  stp_game *g = p->game;
  stp_error err;
  stp_error_clear(&err);
  if (g->assessment) pl_set_status(p, false, "Undo and redo are off in an assessment.");
  else if (pl_act(p, (stp_record_event){.t_ms = t, .kind = STP_REC_REDO}, &err) != STP_OK) pl_set_status(p, false, "Nothing to redo.");
  else pl_set_status(p, false, "Redone: %zu impression%s.", g->work.count, g->work.count == 1 ? "" : "s");
  p->redraw = true;
}

/* Sound on or off: for this run at once, and kept in the trainee's profile. */
static void toggle_sound(play *p) {
  p->mute = !p->mute;
  if (p->sound) stp_sound_mute(p->sound, p->mute);
  if (p->loop && p->loop->profile_ok) {
    p->loop->profile.mute = p->mute;
    stp_error err;
    stp_error_clear(&err);
    if (stp_app_profile_save(&p->loop->profile, &err) != STP_OK) {
      char buf[1200];
      pl_set_status(p, true, "Sound %s, but not saved: %s", p->mute ? "off" : "on", stp_error_format(&err, buf, sizeof buf));
      return;
    }
  }
  printf("stipple: sound %s\n", p->mute ? "off" : "on");
  fflush(stdout);
  pl_set_status(p, false, p->mute ? "Sound off: no tap as a dot lands (saved for this trainee)."
                                  : "Sound on: a soft tap as each dot lands (saved for this trainee).");
}

static void cycle_overlay(play *p) {
  stp_game *g = p->game;
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
}

static void play_action(play *p, const stp_action *a, Uint32 stamp) {
  stp_game *g = p->game;
  if (pl_tutorial_active(p)) {   /* the coach's steps that are views, not the work */
    if ((a->kind == STP_ACT_ZOOM && a->factor > 1) || (a->kind == STP_ACT_TOGGLE_LOUPE && !p->loupe))
      pl_tutorial_did(p, STP_TUT_ZOOM);
    if (!p->confirm && ((a->kind == STP_ACT_TIME && a->step > 0 && p->time_step + a->step > 0) ||
                        (a->kind == STP_ACT_UI && a->step == PL_UI_TIME_AT && a->delta > 0)))
      pl_tutorial_did(p, STP_TUT_HEALED);
  }
  if (pl_view_action(p, a)) return;
  switch (a->kind) {
  case STP_ACT_QUIT: p->running = false; return;
  case STP_ACT_BACK:
    if (p->confirm) {
      p->confirm = p->confirm_session = false;
      pl_set_status(p, false, p->exam ? "Back to the exam: the clock is still running." : "Back to the work.");
    } else if (p->time_step != 0) {
      pl_time_reset(p);
    } else {
      pl_set_status(p, false, "Finish to score, or close the window to quit (your work is saved).");
    }
    return;
  case STP_ACT_CONFIRM:
    if (p->confirm && p->confirm_session) pl_end_session(p);
    else if (p->confirm) pl_finish(p);
    return;
  case STP_ACT_TIME: if (!p->confirm) pl_time_step(p, a->step); return;
  case STP_ACT_MENU:
    if (p->exam || g->assessment) pl_set_status(p, false, "The menu is closed during an assessment.");
    else if (!p->confirm) pl_menu_enter(p);
    return;
  case STP_ACT_END_SESSION: pl_ask_end_session(p); return;
  case STP_ACT_FINISH: pl_ask_finish(p); return;
  case STP_ACT_TOGGLE_LOUPE:
    p->loupe = !p->loupe;
    pl_note_show(p, 2, p->loupe);
    pl_set_status(p, false, p->loupe ? "Loupe on: 5x the view under the cursor (L to close)." : "Loupe off.");
    return;
  case STP_ACT_TOGGLE_MARKS:
    p->marks = !p->marks;
    pl_set_status(p, false, p->marks ? "Marks on: where the view is too far to see a dot, each of yours is marked in blue (K)."
                                     : "Marks off: your dots as they look, however far the view.");
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
    if (!(g->scn.overlays & STP_OVERLAY_ZONES)) { pl_set_status(p, false, "This case hides its zones."); return; }
    p->zones = !p->zones;
    pl_note_show(p, 1, p->zones);
    p->redraw = true;
    return;
  case STP_ACT_CYCLE_OVERLAY: cycle_overlay(p); return;
  case STP_ACT_UI:
    if (a->step == PL_UI_TIME_AT && !p->confirm) pl_time_at(p, (int)a->delta);
    if (a->step == PL_UI_RESTART && !p->confirm) pl_loop_ask_restart(p);
    if (a->step == PL_UI_BRIEF) { p->brief_open = !p->brief_open; p->redraw = true; }
    if (a->step == PL_UI_SOUND) toggle_sound(p);
    if (a->step == PL_UI_REDESIGN && !p->confirm && stp_game_can_design(g)) pl_design_enter(p, false);
    return;
  default: break;
  }
  /* "Finish the exam?" (or "Restart this case?") takes only its answers: no game action
   * reaches the work meanwhile (an XInput2 pen's samples come as actions, not events). */
  if (p->confirm || pl_loop_asking(p)) return;
  if (p->exam && p->exam->rec.failed) { pl_record_failed(p); return; }
  int64_t t = (int64_t)pl_to_game_ms(p, stamp);
  switch (a->kind) {
  case STP_ACT_PLACE:
    if (SDL_GetTicks64() >= p->place_quiet_until) place(p, a, t, stamp);
    return;
  case STP_ACT_UNDO: undo(p, t); return;
  case STP_ACT_REDO: redo(p, t); return;
  case STP_ACT_NEEDLE:
    if (pl_act(p, (stp_record_event){.t_ms = t, .kind = STP_REC_NEEDLE, .step = a->step}, NULL) == STP_OK)
      pl_tutorial_did(p, STP_TUT_NEEDLE);
    break;
  case STP_ACT_INK: pl_act(p, (stp_record_event){.t_ms = t, .kind = STP_REC_INK, .step = a->step}, NULL); break;
  case STP_ACT_PIGMENT: pl_act(p, (stp_record_event){.t_ms = t, .kind = STP_REC_PIGMENT, .step = a->step}, NULL); break;
  case STP_ACT_PRESSURE: pl_act(p, (stp_record_event){.t_ms = t, .kind = STP_REC_PRESSURE, .a = {a->delta}}, NULL); break;
  case STP_ACT_ROTATE: pl_act(p, (stp_record_event){.t_ms = t, .kind = STP_REC_ROTATE, .a = {a->delta}}, NULL); break;
  case STP_ACT_SET_ANGLE: {
    /* The dial: the turn from the tool's angle to the one tapped, the shorter way. */
    double d = fmod(a->angle_deg - g->tool.angle_deg, 360.0);
    if (d > 180) d -= 360;
    if (d <= -180) d += 360;
    if (d != 0) pl_act(p, (stp_record_event){.t_ms = t, .kind = STP_REC_ROTATE, .a = {d}}, NULL);
    break;
  }
  default: return;
  }
  p->input.mouse_pressure = g->tool.pressure;
  p->redraw = true;
}

const pl_screen pl_screen_play = {"play", play_event, play_action, play_draw};
