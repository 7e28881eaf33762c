/* stp_shade.h - a zone's target shade and its planned tools (pigment, dilution, needle).
 *
 * The target shade of a zone is the colour a healed dot should show at its centre:
 *  - STP_SHADE_HAIR (a Lua scenario's default): the client's own hair as it looks on this
 *    skin, target = skin x (1 - c) + hair x c in linear RGB, c = STP_SHADE_HAIR_COVERAGE. A
 *    healed dot is a shaved hair's cut end seen at the skin: the pigment sits under the
 *    epidermis, so it never covers the skin fully; c is the share of the hair colour the
 *    dot's centre shows. The hair is the hair region containing the zone's reference point
 *    (or, if none does, the nearest one; for a long-hair case with a part, the point is
 *    the part's middle: the roots along the part); without hair regions, the default hair
 *    colour STP_SHADE_DEFAULT_HAIR.
 *  - STP_SHADE_COLOUR: the instructor's colour (zone key shade = "#rrggbb").
 *  - STP_SHADE_PLAN: the healed colour of the zone's planned ink and pigment (its targets
 *    at the dot's own position, so scar tissue counts once, the same as for the dot).
 * The plan: a zone's planned pigment and ink are the scenario's when it sets them;
 * otherwise stp_shade_plan picks, among the kit's pigments x inks, the pair whose healed
 * dot (at the zone's planned depth and needle, on the zone's tissue) is nearest the target
 * in CIEDE2000; ties go to the earlier pigment, then the earlier ink in the kit's order.
 * Pure and deterministic. Depends on: stp_scenario.h, stp_work.h, stp_pigment.h.
 */
#ifndef STP_SHADE_H
#define STP_SHADE_H

#include "stp_scenario.h"
#include "stp_work.h"

#define STP_SHADE_HAIR_COVERAGE 0.45
#define STP_SHADE_DEFAULT_HAIR_SRGB {0x2a, 0x23, 0x20}   /* the hair regions' default colour */

/* A point inside zone z (the inside point nearest its bounds' centre), for the plan. */
void stp_shade_zone_point(const stp_scenario *s, int z, double *x, double *y);
/* The hair colour zone z matches (linear RGB). */
void stp_shade_zone_hair(const stp_scenario *s, int z, float rgb[3]);
/* Zone z's target healed dot-centre colour (linear RGB); for STP_SHADE_PLAN, the planned
 * healed colour at the zone's point. */
void stp_shade_zone_target(const stp_scenario *s, int z, float rgb[3]);
/* The healed colour at the centre of an impression on this skin (linear RGB, CIELAB). */
void stp_shade_healed_rgb(const stp_scenario *s, const stp_impression *imp, float rgb[3]);
void stp_shade_healed_lab(const stp_scenario *s, const stp_impression *imp, double lab[3]);

/* The kit choice nearest a target (CIELAB) for zone z: pigment (or only `pigment` if >= 0)
 * x ink (or only `ink` if > 0), at the zone's planned depth and needle at its point.
 * Returns the best ΔE00; fills *best_pigment and *best_ink. */
double stp_shade_best(const stp_scenario *s, int z, const double target_lab[3], int pigment, double ink,
                      int *best_pigment, double *best_ink);

/* Fill the zones' automatic choices (ink_auto, pigment_auto) with the plan. Call after the
 * scenario's zones, hair, skin and kit are set (the script loader does). */
void stp_shade_plan(stp_scenario *s);

#endif
