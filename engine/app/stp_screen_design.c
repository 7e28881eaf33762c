/* stp_screen_design.c - the consultation of a hairline design case (docs/scenario-api.md,
 * "Hairline design exercise"; UK standard SKABA8: a design agreed with the client).
 *
 * When a design case opens and its work has no design yet, the trainee first sees the
 * client's whole forehead and draws the front hairline, in one freehand stroke or point by
 * point. A press on the skin (not on a point) that moves STROKE_MIN_MM or more draws: the
 * path shows as the line it will make while the press is down (the input's STP_ACT_DRAG,
 * asked for with stp_input.drag_motion while this screen shows), and at the release it
 * becomes points every STROKE_STEP_MM of travel (further apart when the line would have
 * more than STP_DESIGN_MAX_POINTS; a stretch where the path turns back across is skipped).
 * A stroke across STROKE_WHOLE of the frontotemporal width or more replaces the line; a
 * shorter one redraws the part of the line between its ends (the points there give way to
 * the stroke's). Undo takes back a whole stroke (the last one puts back the line it
 * replaced). A click or tap without that motion adds one point (kept in order from the
 * client's left to the right, so a point may be added between two others); a drag that
 * starts on a point moves it there. Next, the two temple
 * points: a click on the client's left of the midline places the left one, on the right the
 * right one; a drag moves them too. Undo takes back the last point added; Done gives the
 * design to the core (design-point and design-done through stp_game_apply, so the input
 * record keeps it), which cuts the design zone from it; the work is saved at once and play
 * goes on on the play screen, whose zone outline is now the band behind the trainee's line.
 * Mouse and pen alike: both come as STP_ACT_PLACE (its press point and where it ended), and
 * their motion while down as STP_ACT_DRAG.
 *
 * Over the scalp, the scenario's design.guides: by default the glabella and a ruler up the
 * midline in cm from it (a technician's tape: the trainee judges the height for the age);
 * "landmarks" adds the head's landmarks and the natural hairline (the answer, for a guided
 * first case) and the area the design may use; "none" shows the skin alone.
 * Owns no rules: the design is judged and applied by the core (stp_design.h, stp_game.h).
 */
#define _POSIX_C_SOURCE 200809L
#include "stp_play_internal.h"

#include "stp_design.h"

#define DRAG_MIN_PX 4.0       /* a press that ends this far from where it began is a drag */
#define GRAB_MIN_PX 10.0f     /* a point is grabbed within this (or a third of the target) */
#define TEMPLE_BASE 1000      /* grab(): TEMPLE_BASE + k is temple point k */
#define STROKE_MIN_MM 3.0     /* a press on the skin that moves this far from where it began draws */
#define STROKE_STEP_MM 2.5    /* a stroke's points: one each this much travel along its path */
#define STROKE_SAMPLE_MM 0.5  /* its path is kept at this resolution */
#define STROKE_FOLD_MM 0.2    /* a point kept only when this much further across than the last */
#define STROKE_WHOLE 0.6      /* a stroke across this share of the frontotemporal width replaces the line */

static const SDL_Color C_LINE = {255, 196, 61, 255};
static const SDL_Color C_TEMPLE = {86, 180, 233, 255};
static const SDL_Color C_HALO = {16, 16, 20, 200};
static const SDL_Color C_GUIDE = {245, 245, 245, 200};

/* ---- the view ------------------------------------------------------------------------ */

void pl_design_fit(play *p) {
  if (!p->game) return;
  const stp_point *lm = p->game->scn.head.lm;
  /* The whole forehead: from 25 mm outside each temple peak, and from 20 mm below the
   * glabella to 45 mm behind the furthest back of the temple peaks and the mid-frontal point. */
  double x0 = lm[STP_LM_TEMPLE_PEAK_LEFT].x - 25, x1 = lm[STP_LM_TEMPLE_PEAK_RIGHT].x + 25;
  double y0 = lm[STP_LM_GLABELLA].y - 20;
  double y1 = fmax(fmax(lm[STP_LM_TEMPLE_PEAK_LEFT].y, lm[STP_LM_TEMPLE_PEAK_RIGHT].y), lm[STP_LM_MFP].y) + 45;
  stp_view_fit(&p->view, x0, y0, x1, y1);
  p->redraw = true;
}

/* ---- the draft ----------------------------------------------------------------------- */

/* Insert a line point in x order with its order of adding; its index, or -1 when full. */
static int insert_point(pl_consult *c, double x, double y, int seq) {
  if (c->d.n >= STP_DESIGN_MAX_POINTS) return -1;
  int i = c->d.n;
  while (i > 0 && c->d.x[i - 1] > x) {
    c->d.x[i] = c->d.x[i - 1];
    c->d.y[i] = c->d.y[i - 1];
    c->seq[i] = c->seq[i - 1];
    i--;
  }
  c->d.x[i] = x;
  c->d.y[i] = y;
  c->seq[i] = seq;
  c->d.n++;
  return i;
}

static void remove_point(pl_consult *c, int i) {
  for (int k = i; k + 1 < c->d.n; k++) {
    c->d.x[k] = c->d.x[k + 1];
    c->d.y[k] = c->d.y[k + 1];
    c->seq[k] = c->seq[k + 1];
  }
  c->d.n--;
}

static void draft_reset(play *p, bool from_work) {
  pl_consult *c = &p->consult;
  memset(c, 0, sizeof *c);
  snprintf(c->case_id, sizeof c->case_id, "%s", p->game->scn.id);
  const stp_design *w = &p->game->work.design;
  if (!from_work || w->n < 2) return;
  for (int i = 0; i < w->n; i++) insert_point(c, w->x[i], w->y[i], c->next_seq++);
  if (w->temples)
    for (int k = 0; k < 2; k++) {
      c->d.temple_x[k] = w->temple_x[k];
      c->d.temple_y[k] = w->temple_y[k];
      c->temple_set[k] = true;
      c->temple_seq[k] = c->next_seq++;
    }
}

void pl_design_enter(play *p, bool keep_draft) {
  if (!p->game) return;
  if (!keep_draft || strcmp(p->consult.case_id, p->game->scn.id) != 0) draft_reset(p, true);
  p->consult.stroking = false;
  p->screen = SCREEN_DESIGN;
  p->hover_in = false;
  p->confirm = false;
  pl_design_fit(p);
  pl_set_status(p, false, "Consultation: draw the client's hairline (one stroke, or point by point), then the temple points, then Done.");
  printf("stipple: consultation: %s\n", p->game->scn.id);
  fflush(stdout);
}

/* The point under screen (sx, sy): a line point's index, TEMPLE_BASE + k for temple point
 * k, or -1. The nearest within the grab radius. */
static int grab(const play *p, double sx, double sy) {
  const pl_consult *c = &p->consult;
  double r = fmax(p->target / 3.0, GRAB_MIN_PX), best = r * r;
  int hit = -1;
  for (int i = 0; i < c->d.n + 2; i++) {
    double x, y;
    if (i < c->d.n) { x = c->d.x[i]; y = c->d.y[i]; }
    else if (c->temple_set[i - c->d.n]) { x = c->d.temple_x[i - c->d.n]; y = c->d.temple_y[i - c->d.n]; }
    else continue;
    double px, py;
    stp_view_to_screen(&p->view, x, y, &px, &py);
    double d2 = (px - sx) * (px - sx) + (py - sy) * (py - sy);
    if (d2 <= best) { best = d2; hit = i < c->d.n ? i : TEMPLE_BASE + (i - c->d.n); }
  }
  return hit;
}

/* The side of the midline a point is on: 0 the client's left (-x), 1 the right. */
static int side_of(const play *p, double x) { return x < p->game->scn.head.lm[STP_LM_GLABELLA].x ? 0 : 1; }

static void say_point(const char *what, int k, double x, double y) {
  printf("stipple: design %s %d %.2f %.2f\n", what, k, x, y);
  fflush(stdout);
}

/* ---- the freehand stroke ------------------------------------------------------------ */

static void stroke_add(pl_consult *c, double x, double y) {
  if (!stp_chart_contains(x, y) || c->stroke_n >= PL_STROKE_MAX) return;
  int n = c->stroke_n;
  if (n > 0 && hypot(x - c->stroke_x[n - 1], y - c->stroke_y[n - 1]) < STROKE_SAMPLE_MM) return;
  c->stroke_x[n] = x;
  c->stroke_y[n] = y;
  c->stroke_n++;
}

static void stroke_begin(play *p, double sx, double sy, double x, double y) {
  pl_consult *c = &p->consult;
  c->stroking = true;
  c->stroke_sx = sx;
  c->stroke_sy = sy;
  c->stroke_n = 0;
  c->grabbed = grab(p, sx, sy) >= 0;
  stroke_add(c, x, y);
}

/* Has the stroke under way gone STROKE_MIN_MM from where it began (a stroke, not a click)? */
static bool stroke_drawn(const pl_consult *c) {
  if (!c->stroking || c->grabbed) return false;
  for (int i = 1; i < c->stroke_n; i++)
    if (hypot(c->stroke_x[i] - c->stroke_x[0], c->stroke_y[i] - c->stroke_y[0]) >= STROKE_MIN_MM) return true;
  return false;
}

/* The stroke's points, at most room, from the client's left to the right: every
 * STROKE_STEP_MM of its path (more apart when room is short), the path's end the last; a
 * point that is not further across than the one before (the path turning back) is left out. */
static int stroke_points(const pl_consult *c, int room, double *ox, double *oy) {
  const double *X = c->stroke_x, *Y = c->stroke_y;
  int n = c->stroke_n;
  if (room < 2 || n < 2) return 0;
  double len = 0;
  for (int i = 1; i < n; i++) len += hypot(X[i] - X[i - 1], Y[i] - Y[i - 1]);
  double step = STROKE_STEP_MM;
  if (len / step + 1 > room) step = len / (room - 1);
  double tx[STP_DESIGN_MAX_POINTS], ty[STP_DESIGN_MAX_POINTS];
  int m = 0;
  tx[m] = X[0]; ty[m] = Y[0]; m++;
  double acc = 0, next = step;
  for (int i = 1; i < n; i++) {
    double dx = X[i] - X[i - 1], dy = Y[i] - Y[i - 1], seg = hypot(dx, dy);
    while (seg > 0 && acc + seg >= next && m < room) {
      double t = (next - acc) / seg;
      tx[m] = X[i - 1] + t * dx; ty[m] = Y[i - 1] + t * dy; m++;
      next += step;
    }
    acc += seg;
  }
  /* The end of the path: a point of its own, or in place of a last one too close to it. */
  if (m < room && hypot(X[n - 1] - tx[m - 1], Y[n - 1] - ty[m - 1]) >= 0.4 * step) m++;
  tx[m - 1] = X[n - 1]; ty[m - 1] = Y[n - 1];
  /* Left to right, across only. */
  bool rev = tx[m - 1] < tx[0];
  int k = 0;
  for (int j = 0; j < m; j++) {
    int i = rev ? m - 1 - j : j;
    if (k > 0 && tx[i] - ox[k - 1] < STROKE_FOLD_MM) continue;
    ox[k] = tx[i]; oy[k] = ty[i]; k++;
  }
  return k;
}

/* The stroke under way applied to c's line (Done's line if the press ended now): it
 * replaces the line, or the part between its ends. Returns the points it put in (0: none;
 * the line unchanged). The line before it is kept for Undo. */
static int stroke_apply(const play *p, pl_consult *c) {
  if (!stroke_drawn(c)) return 0;
  double lo = c->stroke_x[0], hi = lo;
  for (int i = 1; i < c->stroke_n; i++) { lo = fmin(lo, c->stroke_x[i]); hi = fmax(hi, c->stroke_x[i]); }
  const stp_point *lm = p->game->scn.head.lm;
  bool whole = hi - lo >= STROKE_WHOLE * fabs(lm[STP_LM_FTP_RIGHT].x - lm[STP_LM_FTP_LEFT].x);
  int keep = 0;
  for (int i = 0; i < c->d.n && !whole; i++) keep += c->d.x[i] < lo || c->d.x[i] > hi;
  double ox[STP_DESIGN_MAX_POINTS], oy[STP_DESIGN_MAX_POINTS];
  int m = stroke_points(c, STP_DESIGN_MAX_POINTS - keep, ox, oy);
  if (m < 1) return 0;
  c->prev_n = c->d.n;
  memcpy(c->prev_x, c->d.x, sizeof c->prev_x);
  memcpy(c->prev_y, c->d.y, sizeof c->prev_y);
  memcpy(c->prev_seq, c->seq, sizeof c->prev_seq);
  c->has_prev = true;
  for (int i = c->d.n - 1; i >= 0; i--)
    if (whole || (c->d.x[i] >= lo && c->d.x[i] <= hi)) remove_point(c, i);
  c->stroke_seq = c->next_seq++;
  for (int i = 0; i < m; i++) insert_point(c, ox[i], oy[i], c->stroke_seq);
  return m;
}

/* The stroke ends (its press lifted): its points join the line. */
static void stroke_end(play *p) {
  pl_consult *c = &p->consult;
  int m = stroke_apply(p, c);
  c->stroking = false;
  if (m == 0) { pl_set_status(p, true, "That stroke made no line (off the scalp, or no room for its points): the line is unchanged."); return; }
  printf("stipple: design stroke %d points, line %d\n", m, c->d.n);
  fflush(stdout);
  pl_set_status(p, false, pl_keys_shown(p) ? "Hairline drawn: %d points. Draw again to redo it, or a part of it; then Next (Enter)."
                                           : "Hairline drawn: %d points. Draw again to redo it, or a part of it; then Next.", c->d.n);
  p->redraw = true;
}

/* The motion of a press under way (STP_ACT_DRAG): the stroke follows it. */
static void drag(play *p, const stp_action *a) {
  pl_consult *c = &p->consult;
  if (c->stage != 0) return;   /* the temple points: placed where the press lifts, as before */
  if (!c->stroking || c->stroke_sx != a->sx || c->stroke_sy != a->sy) stroke_begin(p, a->sx, a->sy, a->x_mm, a->y_mm);
  if (c->grabbed) return;
  stroke_add(c, a->end_x_mm, a->end_y_mm);
  p->redraw = true;
}

static void press(play *p, const stp_action *a) {
  pl_consult *c = &p->consult;
  bool drag = hypot(a->ex - a->sx, a->ey - a->sy) >= DRAG_MIN_PX;
  int k = grab(p, a->sx, a->sy);
  bool stroke = false;
  if (c->stage == 0 && k < 0) {   /* a press on the skin: a stroke if it moved far enough */
    if (!(c->stroking && !c->grabbed && c->stroke_sx == a->sx && c->stroke_sy == a->sy))
      stroke_begin(p, a->sx, a->sy, a->x_mm, a->y_mm);   /* no motion came: from its start to its end */
    stroke_add(c, a->end_x_mm, a->end_y_mm);
    stroke = stroke_drawn(c);
  }
  if (p->ui_trace) {   /* what each press did, for the GUI tests */
    printf("stipple: ui press %.0f %.0f to %.0f %.0f: %s\n", a->sx, a->sy, a->ex, a->ey,
           k >= 0 ? (drag ? "drag" : "on a point") : stroke ? "stroke" : "add");
    fflush(stdout);
  }
  if (stroke) { stroke_end(p); return; }
  c->stroking = false;
  if (k >= 0 && drag) {
    double x = a->end_x_mm, y = a->end_y_mm;
    if (!stp_chart_contains(x, y)) { pl_set_status(p, true, "That is off the scalp: the point stays."); return; }
    if (k >= TEMPLE_BASE) {
      int t = k - TEMPLE_BASE;
      c->d.temple_x[t] = x;
      c->d.temple_y[t] = y;
      say_point("temple", t, x, y);
      pl_set_status(p, false, "Moved the %s temple point.", t == 0 ? "left" : "right");
    } else {
      int seq = c->seq[k];
      remove_point(c, k);
      say_point("move", insert_point(c, x, y, seq), x, y);
      pl_set_status(p, false, "Moved a point of the hairline to %.0f mm above the glabella.", y);
    }
  } else if (k >= 0) {
    pl_set_status(p, false, "Drag a point to move it; Undo takes back the last one added.");
  } else if (!stp_chart_contains(a->x_mm, a->y_mm)) {
    pl_set_status(p, true, "That is off the scalp.");
  } else if (c->stage == 0) {
    int i = insert_point(c, a->x_mm, a->y_mm, c->next_seq);
    if (i < 0) { pl_set_status(p, true, "A hairline has at most %d points.", STP_DESIGN_MAX_POINTS); return; }
    c->next_seq++;
    say_point("point", i, a->x_mm, a->y_mm);
    pl_set_status(p, false, pl_keys_shown(p) ? "Hairline: %d point%s. Next: the temple points (Enter) once it spans the forehead."
                                       : "Hairline: %d point%s. Next: the temple points once it spans the forehead.", c->d.n,
                  c->d.n == 1 ? "" : "s");
  } else {
    int t = side_of(p, a->x_mm);
    c->d.temple_x[t] = a->x_mm;
    c->d.temple_y[t] = a->y_mm;
    c->temple_set[t] = true;
    c->temple_seq[t] = c->next_seq++;
    say_point("temple", t, a->x_mm, a->y_mm);
    pl_set_status(p, false, c->temple_set[0] && c->temple_set[1] ? (pl_keys_shown(p) ? "Both temple points placed: Done (Enter) when the design is right."
                                                                  : "Both temple points placed: Done when the design is right.")
                                                                 : "One temple point placed: now the other side.");
  }
  p->redraw = true;
}

static void undo(play *p) {
  pl_consult *c = &p->consult;
  int best = -1, at = -1;
  for (int i = 0; i < c->d.n; i++)
    if (c->seq[i] > best) { best = c->seq[i]; at = i; }
  for (int t = 0; t < 2; t++)
    if (c->temple_set[t] && c->temple_seq[t] > best) { best = c->temple_seq[t]; at = TEMPLE_BASE + t; }
  if (at < 0) { pl_set_status(p, false, "Nothing to undo."); return; }
  if (at >= TEMPLE_BASE) c->temple_set[at - TEMPLE_BASE] = false;
  else if (c->has_prev && best == c->stroke_seq) {   /* the last stroke: the line it replaced comes back */
    c->d.n = c->prev_n;
    memcpy(c->d.x, c->prev_x, sizeof c->prev_x);
    memcpy(c->d.y, c->prev_y, sizeof c->prev_y);
    memcpy(c->seq, c->prev_seq, sizeof c->prev_seq);
    c->has_prev = false;
  } else {   /* a point, or all the points of an earlier stroke */
    for (int i = c->d.n - 1; i >= 0; i--)
      if (c->seq[i] == best) remove_point(c, i);
  }
  if (c->d.n < 2) c->stage = 0;
  pl_set_status(p, false, "Undone: the hairline has %d point%s.", c->d.n, c->d.n == 1 ? "" : "s");
  p->redraw = true;
}

/* Done: the design to the core (through the record), the work saved, then play. */
static void done(play *p) {
  stp_game *g = p->game;
  pl_consult *c = &p->consult;
  if (p->exam && p->exam->rec.failed) { pl_record_failed(p); return; }
  stp_error err;
  stp_error_clear(&err);
  int64_t t = (int64_t)pl_game_now(p);
  for (int i = 0; i < c->d.n; i++)
    if (pl_act(p, (stp_record_event){.t_ms = t, .kind = STP_REC_DESIGN_POINT, .a = {c->d.x[i], c->d.y[i]}}, &err) != STP_OK) {
      if (err.status != STP_ERR_IO) pl_set_status(p, true, "%s", err.msg);
      return;
    }
  stp_record_event e = {.t_ms = t, .kind = STP_REC_DESIGN_DONE,
                        .a = {c->d.temple_x[0], c->d.temple_y[0], c->d.temple_x[1], c->d.temple_y[1]}};
  if (pl_act(p, e, &err) != STP_OK) {
    if (err.status != STP_ERR_IO) pl_set_status(p, true, "Not taken: %s", err.msg);
    return;
  }
  stp_game_autosave(g, pl_game_now(p), true);   /* a failure is shown and retried, as in play */
  stp_draw_set_zones(p->draw, &g->scn);
  pl_zone_means(p);
  p->zones = (g->scn.overlays & STP_OVERLAY_ZONES) != 0;
  p->screen = SCREEN_PLAY;
  p->hover_in = false;
  pl_fit_view(p);
  pl_note_view(p);
  printf("stipple: design done: %d points, temples %.2f %.2f %.2f %.2f\n", g->work.design.n, g->work.design.temple_x[0],
         g->work.design.temple_y[0], g->work.design.temple_x[1], g->work.design.temple_y[1]);
  fflush(stdout);
  pl_set_status(p, false, "Design saved with your work. Now pigment it: the outline is the band behind your line.");
}

static void next(play *p) {
  pl_consult *c = &p->consult;
  if (c->stage == 0) {
    if (c->d.n < 2) { pl_set_status(p, true, "Draw the hairline first: points across the forehead, corner to corner."); return; }
    c->stage = 1;
    pl_set_status(p, false, "Now the temple points: the forward tip of the temple hair, each side.");
  } else if (!(c->temple_set[0] && c->temple_set[1])) {
    pl_set_status(p, true, "Place both temple points first (one each side of the midline).");
  } else {
    done(p);
    return;
  }
  p->redraw = true;
}

/* ---- drawing --------------------------------------------------------------------------- */

static void to_screen(const play *p, double x, double y, float *sx, float *sy) {
  double a, b;
  stp_view_to_screen(&p->view, x, y, &a, &b);
  *sx = (float)a;
  *sy = (float)b;
}

static void guide_label(play *p, float x, float y, const char *s) {
  pl_label(p, x, y, p->px * PL_TEXT_KEY, C_GUIDE, s);
}

/* The glabella and a ruler up the midline: a tick each 5 mm, longer and numbered each cm. */
static void draw_ruler(play *p) {
  const stp_head *h = &p->game->scn.head;
  stp_point g = h->lm[STP_LM_GLABELLA];
  float gx, gy, tx, ty;
  to_screen(p, g.x, g.y, &gx, &gy);
  float arm = p->px * 0.8f;
  stp_ui_thick_line(p->ren, gx - arm, gy, gx + arm, gy, 3, C_HALO);
  stp_ui_thick_line(p->ren, gx, gy - arm, gx, gy + arm, 3, C_HALO);
  stp_ui_thick_line(p->ren, gx - arm, gy, gx + arm, gy, 1.5f, C_GUIDE);
  stp_ui_thick_line(p->ren, gx, gy - arm, gx, gy + arm, 1.5f, C_GUIDE);
  guide_label(p, gx + arm + p->px * 0.3f, gy - p->px * 0.5f, "glabella");
  double top = 150 * h->scale;
  to_screen(p, g.x, g.y + top, &tx, &ty);
  stp_ui_thick_line(p->ren, gx, gy, tx, ty, 1.2f, (SDL_Color){245, 245, 245, 110});
  for (int mm = 5; mm <= (int)top; mm += 5) {
    float x0, y0;
    to_screen(p, g.x, g.y + mm, &x0, &y0);
    float len = mm % 10 == 0 ? p->px * 0.7f : p->px * 0.35f;
    stp_ui_thick_line(p->ren, x0 - len, y0, x0, y0, 1.2f, (SDL_Color){245, 245, 245, 150});
    if (mm % 10 == 0) {
      char buf[16];
      snprintf(buf, sizeof buf, "%d", mm / 10);
      float w = stp_font_measure(p->font, p->px * PL_TEXT_KEY, buf);
      pl_text(p, x0 - len - w - p->px * 0.25f, y0 - p->px * 0.45f, p->px * PL_TEXT_KEY, (SDL_Color){245, 245, 245, 170}, buf);
    }
  }
  guide_label(p, tx + p->px * 0.3f, ty - p->px * 0.5f, "cm from the glabella");
}

/* The head's landmarks and its natural hairline, faint: only where the case allows them. */
static void draw_landmarks(play *p) {
  const stp_head *h = &p->game->scn.head;
  static const stp_landmark_id shown[] = {STP_LM_MFP, STP_LM_FTP_LEFT, STP_LM_FTP_RIGHT, STP_LM_TEMPLE_PEAK_LEFT,
                                          STP_LM_TEMPLE_PEAK_RIGHT};
  SDL_Color faint = {245, 245, 245, 110};
  float px = 0, py = 0;
  bool have = false;
  for (double x = h->lm[STP_LM_TEMPLE_PEAK_LEFT].x; x <= h->lm[STP_LM_TEMPLE_PEAK_RIGHT].x; x += 2) {
    double y = stp_head_hairline_y(h, x);
    if (!isfinite(y)) { have = false; continue; }
    float sx, sy;
    to_screen(p, x, y, &sx, &sy);
    if (have && ((int)x / 2) % 2 == 0) stp_ui_thick_line(p->ren, px, py, sx, sy, 1.2f, faint);   /* dashed */
    px = sx; py = sy; have = true;
  }
  for (size_t i = 0; i < sizeof shown / sizeof shown[0]; i++) {
    float sx, sy;
    to_screen(p, h->lm[shown[i]].x, h->lm[shown[i]].y, &sx, &sy);
    stp_ui_disc(p->ren, sx, sy, 3.5f, faint);
    const char *name = stp_landmark_key(shown[i]);   /* right of the point, left of it on the right side */
    float w = stp_font_measure(p->font, p->px * PL_TEXT_KEY, name) + p->px * 0.5f;
    guide_label(p, h->lm[shown[i]].x > 0 ? sx - 5 - w : sx + 5, sy + 3, name);
  }
}

/* The design: the line from the left temple point through the points to the right one. */
static void draw_design(play *p, const pl_consult *c) {
  float lw = fmaxf(2.0f, p->px * 0.16f), r = fmaxf(4.0f, p->px * 0.32f);
  float sx[STP_DESIGN_MAX_POINTS], sy[STP_DESIGN_MAX_POINTS];
  for (int i = 0; i < c->d.n; i++) to_screen(p, c->d.x[i], c->d.y[i], &sx[i], &sy[i]);
  float tx[2], ty[2];
  for (int t = 0; t < 2; t++) to_screen(p, c->d.temple_x[t], c->d.temple_y[t], &tx[t], &ty[t]);
  /* The runs on to the temple points, thinner: they are part of the cut line too. */
  if (c->d.n > 0) {
    if (c->temple_set[0]) stp_ui_thick_line(p->ren, tx[0], ty[0], sx[0], sy[0], lw * 0.6f, C_TEMPLE);
    if (c->temple_set[1]) stp_ui_thick_line(p->ren, sx[c->d.n - 1], sy[c->d.n - 1], tx[1], ty[1], lw * 0.6f, C_TEMPLE);
  }
  for (int i = 0; i + 1 < c->d.n; i++) stp_ui_thick_line(p->ren, sx[i], sy[i], sx[i + 1], sy[i + 1], lw + 2, C_HALO);
  for (int i = 0; i + 1 < c->d.n; i++) stp_ui_thick_line(p->ren, sx[i], sy[i], sx[i + 1], sy[i + 1], lw, C_LINE);
  for (int i = 0; i < c->d.n; i++) {
    /* A point as close to a neighbour as a stroke's are: a small dot, so the line shows. */
    float near = 1e9f;
    if (i > 0) near = hypotf(sx[i] - sx[i - 1], sy[i] - sy[i - 1]);
    if (i + 1 < c->d.n) near = fminf(near, hypotf(sx[i + 1] - sx[i], sy[i + 1] - sy[i]));
    float ri = near < 3 * r ? fmaxf(2.0f, r * 0.45f) : r;
    stp_ui_disc(p->ren, sx[i], sy[i], ri + 1.5f, C_HALO);
    stp_ui_disc(p->ren, sx[i], sy[i], ri, C_LINE);
  }
  for (int t = 0; t < 2; t++) {
    if (!c->temple_set[t]) continue;
    float s = r + 2;   /* a diamond: not a line point */
    SDL_Vertex v[6];
    SDL_Color col[2] = {C_HALO, C_TEMPLE};
    for (int pass = 0; pass < 2; pass++) {
      float k = pass == 0 ? s + 2 : s;
      v[0] = (SDL_Vertex){{tx[t], ty[t] - k}, col[pass], {0, 0}};
      v[1] = (SDL_Vertex){{tx[t] + k, ty[t]}, col[pass], {0, 0}};
      v[2] = (SDL_Vertex){{tx[t], ty[t] + k}, col[pass], {0, 0}};
      v[3] = (SDL_Vertex){{tx[t], ty[t] - k}, col[pass], {0, 0}};
      v[4] = (SDL_Vertex){{tx[t], ty[t] + k}, col[pass], {0, 0}};
      v[5] = (SDL_Vertex){{tx[t] - k, ty[t]}, col[pass], {0, 0}};
      SDL_RenderGeometry(p->ren, NULL, v, 6, NULL, 0);
    }
    pl_label(p, tx[t] + s + 4, ty[t] - p->px * 0.5f, p->px * PL_TEXT_KEY, C_TEMPLE, t == 0 ? "left temple" : "right temple");
  }
}

static void draw_panel(play *p) {
  const stp_game *g = p->game;
  const pl_consult *c = &p->consult;
  /* In portrait (two columns) the instructions on the left, the counts and the buttons on
   * the right. */
  const SDL_FRect P = p->panel;
  pl_fill(p->ren, P.x, P.y, P.w, P.h, (SDL_Color){38, 42, 51, 255});
  float pad = p->px * 0.8f, x, w, gap = p->px * 0.35f, t = p->target, y = P.y + pad;
  pl_panel_column(p, 0, pad, &x, &w);
  y += stp_font_draw_wrapped(p->font, p->ren, x, y, p->px * 1.2f, w, C_TEXT, "Consultation: design the hairline");
  y += stp_font_draw_wrapped(p->font, p->ren, x, y, p->px * PL_TEXT_SMALL, w, C_DIM, g->scn.title) + gap;
  char buf[400];
  snprintf(buf, sizeof buf, "Client aged %d, head %.0f mm (glabella to the back of the head).", g->scn.head.age,
           g->scn.head.length_mm);
  y += stp_font_draw_wrapped(p->font, p->ren, x, y, p->px * PL_TEXT_SMALL, w, C_TEXT, buf) + gap;
  const char *step = c->stage == 0
    ? "1. The front hairline. Draw the hairline in one stroke, from one frontotemporal corner to the other, as "
      "with a pencil: it becomes a point every 2.5 mm (drawing again replaces it; a shorter stroke redraws the "
      "part it covers). Or click points one by one: they join from the client's left to the right, straight "
      "from one to the next. Drag a point to move it. Judge the height for the client's age; make it "
      "irregular, never straight."
    : "2. The temple points. Click or tap the forward tip of the temple hair on each side (left of the midline: "
      "the left one). The hairline runs on to them. Drag to adjust, then Done.";
  y += stp_font_draw_wrapped(p->font, p->ren, x, y, p->px * PL_TEXT_SMALL, w, C_ACCENT, step) + gap;
  if (g->scn.design.guides == STP_DESIGN_GUIDES_RULER)
    y += stp_font_draw_wrapped(p->font, p->ren, x, y, p->px * PL_TEXT_SMALL, w, C_DIM,
                               "The ruler runs up the midline from the glabella, in cm.") + gap;
  if (p->cols > 1) {
    pl_panel_column(p, 1, pad, &x, &w);
    y = P.y + pad;
  }
  snprintf(buf, sizeof buf, "Hairline: %d point%s", c->d.n, c->d.n == 1 ? "" : "s");
  pl_text(p, x, y, p->px * PL_TEXT, C_TEXT, buf);
  y += stp_font_line_height(p->font, p->px * PL_TEXT);
  snprintf(buf, sizeof buf, "Temple points: left %s, right %s", c->temple_set[0] ? "\u2713" : "\u2013",
           c->temple_set[1] ? "\u2713" : "\u2013");
  pl_text(p, x, y, p->px * PL_TEXT, C_TEXT, buf);
  /* The buttons, from the foot up. */
  float by = P.y + P.h - pad - t;
  bool ready = c->stage == 0 ? c->d.n >= 2 : c->temple_set[0] && c->temple_set[1];
  pl_button(p, (SDL_FRect){x, by, w, t}, c->stage == 0 ? "Next: temple points" : "Done", "Enter",
            (stp_action){.kind = STP_ACT_CONFIRM}, ready ? PL_BTN_PRIMARY : PL_BTN_OFF);
  by -= t + gap;
  float half = (w - gap) / 2;
  bool any = c->d.n > 0 || c->temple_set[0] || c->temple_set[1];
  pl_button_icon(p, (SDL_FRect){x, by, half, t}, "undo", "Undo", "Z", (stp_action){.kind = STP_ACT_UNDO},
                 any ? PL_BTN_PLAIN : PL_BTN_OFF);
  pl_button(p, (SDL_FRect){x + half + gap, by, half, t}, "Start over", "", (stp_action){.kind = STP_ACT_UI, .step = PL_UI_DESIGN_CLEAR},
            any ? PL_BTN_PLAIN : PL_BTN_OFF);
  by -= t + gap;
  if (c->stage == 1) {
    pl_button(p, (SDL_FRect){x, by, w, t}, "Back to the hairline", "", (stp_action){.kind = STP_ACT_UI, .step = PL_UI_DESIGN_BACK},
              PL_BTN_PLAIN);
    by -= t + gap;
  }
  if (!p->exam && !g->assessment)
    pl_button_icon(p, (SDL_FRect){x, by, w, t}, "menu", "Menu", "M", (stp_action){.kind = STP_ACT_MENU}, PL_BTN_PLAIN);
}

static void design_draw(play *p) {
  stp_game *g = p->game;
  SDL_SetRenderDrawColor(p->ren, 28, 31, 38, 255);
  SDL_RenderClear(p->ren);
  int guides = g->scn.design.guides;
  stp_draw_opts o = {.zones = guides == STP_DESIGN_GUIDES_LANDMARKS, .layered = true, .at = pl_time_moment(p),
                     .under = &p->history};
  stp_draw_scalp(p->draw, &p->view, &g->work, &o);
  SDL_Rect clip = {(int)p->view.vx, (int)p->view.vy, (int)p->view.vw, (int)p->view.vh};
  SDL_RenderSetClipRect(p->ren, &clip);
  SDL_SetRenderDrawBlendMode(p->ren, SDL_BLENDMODE_BLEND);
  if (guides >= STP_DESIGN_GUIDES_RULER) draw_ruler(p);
  if (guides >= STP_DESIGN_GUIDES_LANDMARKS) draw_landmarks(p);
  /* A stroke under way (a press or contact still down: one the input forgot, as a question
   * opened, is no stroke): the line it makes if it ends here. */
  if (stroke_drawn(&p->consult) && (p->input.pressing || p->input.finger_count > 0)) {
    static pl_consult preview;      /* (large: the stroke's path) */
    preview = p->consult;
    (void)stroke_apply(p, &preview);
    draw_design(p, &preview);
  } else {
    draw_design(p, &p->consult);
  }
  if (p->hover_in) {   /* where a click would put the next point */
    float hx, hy;
    to_screen(p, p->hover_x, p->hover_y, &hx, &hy);
    stp_ui_disc(p->ren, hx, hy, 3, (SDL_Color){255, 255, 255, 160});
  }
  SDL_RenderSetClipRect(p->ren, NULL);
  draw_panel(p);
  pl_draw_status(p);
  pl_present(p);
}

/* ---- actions ------------------------------------------------------------------------- */

static void design_action(play *p, const stp_action *a, Uint32 stamp) {
  (void)stamp;
  if (!p->game) return;
  if (a->kind == STP_ACT_PAN || a->kind == STP_ACT_ZOOM) p->consult.stroking = false;   /* a pinch: no stroke */
  if (pl_view_action(p, a)) return;   /* zoom, pan, fit (to the forehead), hover */
  switch (a->kind) {
  case STP_ACT_QUIT: p->running = false; return;
  case STP_ACT_PLACE: press(p, a); return;
  case STP_ACT_DRAG: drag(p, a); return;
  case STP_ACT_UNDO: undo(p); return;
  case STP_ACT_CONFIRM: next(p); return;
  case STP_ACT_MENU:
    if (p->exam || p->game->assessment) pl_set_status(p, false, "The menu is closed during an assessment.");
    else pl_menu_enter(p);
    return;
  case STP_ACT_BACK:
    pl_set_status(p, false, pl_keys_shown(p) ? "Design the hairline first: Done (Enter) takes you to the pigmenting."
                                           : "Design the hairline first: Done takes you to the pigmenting.");
    return;
  case STP_ACT_UI:
    if (a->step == PL_UI_DESIGN_BACK) { p->consult.stage = 0; pl_set_status(p, false, "Back to the hairline."); }
    if (a->step == PL_UI_DESIGN_CLEAR) { draft_reset(p, false); pl_set_status(p, false, "Started over: the forehead is clear."); }
    p->redraw = true;
    return;
  default:
    pl_set_status(p, false, "The tools come after the consultation: draw the hairline, then Done.");
    return;
  }
}

const pl_screen pl_screen_design = {"design", NULL, design_action, design_draw};
