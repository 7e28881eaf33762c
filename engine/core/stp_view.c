#include "stp_view.h"

static double clampd(double v, double lo, double hi) { return v < lo ? lo : v > hi ? hi : v; }

void stp_view_set_viewport(stp_view *v, double x, double y, double w, double h) {
  v->vx = x; v->vy = y; v->vw = w > 1 ? w : 1; v->vh = h > 1 ? h : 1;
  if (!(v->scale > 0)) v->scale = 1;
}

void stp_view_fit(stp_view *v, double x0, double y0, double x1, double y1) {
  double w = x1 - x0, h = y1 - y0;
  if (w <= 0) w = 1;
  if (h <= 0) h = 1;
  double sx = v->vw / w, sy = v->vh / h;
  v->scale = clampd(sx < sy ? sx : sy, STP_VIEW_MIN_SCALE, STP_VIEW_MAX_SCALE);
  v->cx = (x0 + x1) * 0.5;
  v->cy = (y0 + y1) * 0.5;
}

void stp_view_to_screen(const stp_view *v, double x, double y, double *sx, double *sy) {
  *sx = v->vx + v->vw * 0.5 + (x - v->cx) * v->scale;
  *sy = v->vy + v->vh * 0.5 + (y - v->cy) * v->scale;
}

void stp_view_to_chart(const stp_view *v, double sx, double sy, double *x, double *y) {
  *x = v->cx + (sx - v->vx - v->vw * 0.5) / v->scale;
  *y = v->cy + (sy - v->vy - v->vh * 0.5) / v->scale;
}

void stp_view_zoom_at(stp_view *v, double factor, double sx, double sy) {
  if (!(factor > 0)) return;
  double x, y;
  stp_view_to_chart(v, sx, sy, &x, &y);
  v->scale = clampd(v->scale * factor, STP_VIEW_MIN_SCALE, STP_VIEW_MAX_SCALE);
  /* Keep (x, y) under (sx, sy). */
  v->cx = x - (sx - v->vx - v->vw * 0.5) / v->scale;
  v->cy = y - (sy - v->vy - v->vh * 0.5) / v->scale;
}

void stp_view_pan_pixels(stp_view *v, double dx, double dy) {
  v->cx -= dx / v->scale;
  v->cy -= dy / v->scale;
  v->cx = clampd(v->cx, -400, 400);
  v->cy = clampd(v->cy, -200, 600);
}

bool stp_view_hit(const stp_view *v, double sx, double sy) {
  return sx >= v->vx && sx < v->vx + v->vw && sy >= v->vy && sy < v->vy + v->vh;
}

void stp_view_visible(const stp_view *v, double *x0, double *y0, double *x1, double *y1) {
  stp_view_to_chart(v, v->vx, v->vy, x0, y0);
  stp_view_to_chart(v, v->vx + v->vw, v->vy + v->vh, x1, y1);
}
