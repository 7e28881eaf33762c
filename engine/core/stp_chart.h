/* stp_chart.h - the scalp chart: the coordinate system every part shares.
 *
 * Positions are millimetres on a flattened chart of the scalp:
 *   origin  the glabella (between the eyebrows), on the midline;
 *   +y      back over the head along the midline (arc length): the front
 *           hairline near y = 60..100, the vertex near 180, the inion near 350;
 *   +x      toward the client's right ear (lateral arc length from the
 *           midline); ear to ear over the vertex is about 360 mm.
 * Seen from above with the forehead at the top of the screen, +x is screen
 * right and +y is screen down.
 * Depends on: stp_shape.h.
 */
#ifndef STP_CHART_H
#define STP_CHART_H

#include <stdbool.h>
#include "stp_shape.h"

/* Landmarks (mm). Sources: docs/work-format.md and ../shared/domain/smp.md. */
#define STP_CHART_HAIRLINE_Y   80.0   /* mid-frontal point, typical (70 bold .. 100 conservative) */
#define STP_CHART_VERTEX_Y    180.0
#define STP_CHART_INION_Y     350.0
#define STP_CHART_EAR_X       180.0   /* lateral arc from the midline to the ear, at the vertex */
#define STP_CHART_FRONT_Y     -25.0   /* the chart's front edge (upper forehead shown) */
#define STP_CHART_BACK_Y      430.0   /* the nape */

/* Half-width (mm) of the chart at arc position y; 0 outside [FRONT_Y, BACK_Y]. */
double stp_chart_half_width(double y);
/* True if (x, y) lies on the chart (the flattened scalp and upper forehead). */
bool   stp_chart_contains(double x, double y);
/* The chart outline as a polygon (for drawing and for clipping). */
stp_shape stp_chart_outline(void);
/* The natural (Norwood 1) front hairline: its y at lateral position x. */
double stp_chart_hairline_y(double x);
/* True if (x, y) lies behind the natural hairline and on the chart. */
bool   stp_chart_in_scalp(double x, double y);

#endif
