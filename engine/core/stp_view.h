/* stp_view.h - the camera over the scalp chart: chart mm <-> screen pixels.
 *
 * Pure math shared by input (where did the pen land?), render (where to draw)
 * and tests. The forehead is at the top of the screen: +y chart is screen down,
 * +x chart is screen right.
 * Depends on: nothing but <stdbool.h>.
 */
#ifndef STP_VIEW_H
#define STP_VIEW_H

#include <stdbool.h>

#define STP_VIEW_MIN_SCALE 0.5    /* px per mm: the whole head in a small window */
#define STP_VIEW_MAX_SCALE 400.0  /* px per mm: single dots under the loupe */

typedef struct stp_view {
  double cx, cy;        /* chart point (mm) at the centre of the viewport */
  double scale;         /* pixels per mm */
  double vx, vy, vw, vh;/* viewport rectangle on screen (pixels) */
} stp_view;

void stp_view_set_viewport(stp_view *v, double x, double y, double w, double h);
/* Frame the chart rectangle (x0, y0)-(x1, y1) in the viewport, centred. */
void stp_view_fit(stp_view *v, double x0, double y0, double x1, double y1);
void stp_view_to_screen(const stp_view *v, double x_mm, double y_mm, double *sx, double *sy);
void stp_view_to_chart(const stp_view *v, double sx, double sy, double *x_mm, double *y_mm);
/* Multiply the scale by factor, keeping the chart point under screen (sx, sy) fixed. */
void stp_view_zoom_at(stp_view *v, double factor, double sx, double sy);
/* Move the view by a screen-pixel drag (dx, dy). */
void stp_view_pan_pixels(stp_view *v, double dx, double dy);
/* True if screen point (sx, sy) is inside the viewport. */
bool stp_view_hit(const stp_view *v, double sx, double sy);
/* Visible chart rectangle. */
void stp_view_visible(const stp_view *v, double *x0, double *y0, double *x1, double *y1);

#endif
