#include "stp_chart.h"

#include <math.h>

/* The flattened head is modelled as an ellipse of lateral semi-axis 185 mm
 * centred behind the vertex, cut at the front edge and at the nape. At the
 * vertex this gives about 180 mm to each ear; at the glabella about 95 mm,
 * the width of the forehead between the temples. */
#define CHART_CY 202.5
#define CHART_RX 185.0
#define CHART_RY 240.0

double stp_chart_half_width(double y) {
  if (y < STP_CHART_FRONT_Y || y > STP_CHART_BACK_Y) return 0;
  double t = (y - CHART_CY) / CHART_RY;
  double q = 1.0 - t * t;
  return q > 0 ? CHART_RX * sqrt(q) : 0;
}

bool stp_chart_contains(double x, double y) {
  double hw = stp_chart_half_width(y);
  return hw > 0 && fabs(x) <= hw;
}

stp_shape stp_chart_outline(void) {
  stp_shape s = stp_shape_rect(0, 0, 0, 0);
  s.kind = STP_SHAPE_POLYGON;
  int half = 128;   /* 256 points in all, as always */
  double span = STP_CHART_BACK_Y - STP_CHART_FRONT_Y;
  int n = 0;
  for (int i = 0; i < half; i++) {           /* right side, front to back */
    double y = STP_CHART_FRONT_Y + span * i / (half - 1);
    s.pts[n++] = (stp_point){stp_chart_half_width(y), y};
  }
  for (int i = half - 1; i >= 0; i--) {      /* left side, back to front */
    double y = STP_CHART_FRONT_Y + span * i / (half - 1);
    s.pts[n++] = (stp_point){-stp_chart_half_width(y), y};
  }
  s.n = n;
  stp_shape_index(&s);
  return s;
}

double stp_chart_hairline_y(double x) {
  /* A rounded frontal hairline: the mid-frontal point at HAIRLINE_Y, receding
   * gently toward the temples, then falling down the sides in front of the ear. */
  double ax = fabs(x);
  double u = ax / 75.0;
  if (u <= 1.0) return STP_CHART_HAIRLINE_Y + 14.0 * u * u;
  return STP_CHART_HAIRLINE_Y + 14.0 + 10.0 * (u - 1.0) - 60.0 * (u - 1.0) * (u - 1.0);
}

bool stp_chart_in_scalp(double x, double y) {
  return stp_chart_contains(x, y) && y >= stp_chart_hairline_y(x);
}
