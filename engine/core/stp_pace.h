/* stp_pace.h - how long a case takes at a realistic pace: the menu's expected time.
 *
 * The impressions a case asks for are its target density integrated over every zone that
 * is not forbidden (each zone's mean density field times its area, as the scorer counts
 * its planned impressions); at 2.5 impressions a second that is the expected time. A
 * touch-up's old work is not subtracted (what survives of it is a share the trainee does
 * not redo): the figure is an upper bound there.
 * Pure: no clock, no globals.
 * Depends on: stp_scenario.h, stp_field.h, stp_shape.h.
 */
#ifndef STP_PACE_H
#define STP_PACE_H

#include "stp_scenario.h"

#define STP_PACE_PER_SECOND 2.5   /* a realistic trainee's pace (2-3 a second) */

/* The impressions the case's zones ask for (0 for a scenario without zones). */
double stp_pace_expected_impressions(const stp_scenario *scn);
/* Minutes for that many impressions at per_second (<= 0: 0). */
double stp_pace_minutes(double impressions, double per_second);

#endif
