/* stp_pigment.h - what one impression looks like, fresh and healed.
 *
 * The physics of a dot, from ../shared/domain/smp.md:
 *  - size grows with needle diameter and, more, with depth (pressure), and a
 *    little with dwell (how long the needle stays in: longer deposits more);
 *  - in the stable window (scenario depth_window, default 0.5..1.5 mm, or the zone's own
 *    tissue window: stp_pigment_tissue_at) the dot
 *    is crisp; shallower, the pigment sits in the epidermis and is mostly lost
 *    in healing; deeper, it blows out: larger, blurred, and bluish because it
 *    is seen through more skin (Tyndall effect);
 *  - darkness follows ink concentration (the pigment diluted with water); the colour is
 *    the kit pigment's (impression.pigment indexes scn->pigments, the first when out of
 *    range), shifting blue with depth;
 *  - healing: the scab takes pigment with it, so a healed dot is smaller and
 *    lighter (scenario skin.heal_lightening), except the blown-out part that
 *    sits deep and stays.
 * The renderer and the scorer both use this one model. An impression of an old work
 * (imp->aged_years > 0) heals and then ages by those years (stp_pigment_age, stp_heal.h).
 *
 * The model in numbers (depth d, needle n, ink k, the window [S, D] = depth_window
 * shallow..deep, L = skin.heal_lightening, uptake u and spread p of the tissue (1 and 1
 * outside scars and patches), sm(a, b, x) = smoothstep: t = clamp((x - a) / (b - a), 0, 1),
 * t^2 (3 - 2t); w = dwell / STP_PIGMENT_NOMINAL_DWELL_MS clamped to 0.4..4, 1 when not
 * recorded, and g = ln w):
 *   blowout    B = clamp(d - D, 0, 1)                       (0 at the deep limit, 1 a mm past)
 *   retention  R = 0.08 + 0.92 sm(0.4 S, S, d)              (8 % held above 0.4 S, all from S)
 *   fresh:  diameter  F = n (1 + 0.55 d) (1 + 1.6 B) p (1 + 0.12 g)
 *           softness  F (0.12 + 0.45 B)
 *           opacity   O = min(0.97, 0.93 k^0.65 (0.55 + 0.45 sm(0, S, d)) u (1 + 0.15 g))
 *   colour: the kit pigment's healed colour moved toward blue (0.030, 0.045, 0.095) by
 *           b = 0.25 sm((S + D) / 2, D, d) + 0.75 B           (the same fresh and healed)
 *   healed: diameter  F (0.5 + 0.4 B)
 *           softness  fresh softness (0.8 + 0.6 B) + 2 STP_PIGMENT_SCATTER_MM
 *           opacity   O R (1 - L (1 - 0.5 B)) k^0.95
 * Depends on: stp_work.h (stp_impression), stp_scenario.h (skin, depth window).
 */
#ifndef STP_PIGMENT_H
#define STP_PIGMENT_H

#include <stdbool.h>
#include "stp_scenario.h"
#include "stp_work.h"

/* How far light scattered in the dermis widens a healed dot's soft edge on every side, mm
 * (a modelling choice: no source gives a figure; it makes healed dots read as soft as healed
 * SMP does, and gives the distance look its tone). */
#define STP_PIGMENT_SCATTER_MM 0.15

/* The dwell assumed when an impression records none (dwell_ms = 0), ms. */
#define STP_PIGMENT_NOMINAL_DWELL_MS 150.0

typedef struct stp_dot_look {
  double diameter_mm;   /* visible diameter (where the dot is at half its opacity) */
  double softness_mm;   /* width of the soft edge (blur) */
  double opacity;       /* 0..1: how much the pigment covers the skin at the centre */
  float rgb[3];         /* pigment colour as seen in skin, linear RGB */
  double blowout;       /* 0..1: how far past the deep limit */
  double retention;     /* 0..1: share of pigment that survives healing */
} stp_dot_look;

/* The tissue at a point: how it takes pigment and where its stable depth window lies. */
typedef struct stp_tissue_at {
  double uptake;                 /* 0..1: share of pigment held (1: normal skin) */
  double spread;                 /* >= 1: how much wider a dot runs (1: normal skin) */
  double shallow_mm, deep_mm;    /* the stable depth window */
} stp_tissue_at;

/* The tissue at (x, y). Which value wins where several things cover the point
 * (docs/scenario-api.md, "Tissue"):
 *   1. the scenario's skin: uptake 1, spread 1, depth_window;
 *   2. scar zones' own `uptake` and `spread` keys (the last zone listed containing the point);
 *   3. patches' uptake and spread (the last patch listed containing it): a patch wins over 2,
 *      as it always has, so the older cases score as they did;
 *   4. the first zone listed with a `tissue` table containing it: each value that table sets
 *      (depth window, uptake, spread) wins over everything above. */
void stp_pigment_tissue_at(const stp_scenario *scn, double x, double y, stp_tissue_at *out);
/* Its uptake and spread alone. */
void stp_pigment_tissue(const stp_scenario *scn, double x, double y, double *uptake, double *spread);
/* Its stable depth window alone (the depth criterion's). */
void stp_pigment_window(const stp_scenario *scn, double x, double y, double *shallow, double *deep);
/* Zone z's stable depth window: its tissue's, or the scenario's. */
void stp_pigment_zone_window(const stp_scenario *scn, int z, double *shallow, double *deep);

/* The look of an impression on the given scenario's skin at its position (scar tissue
 * included); healed = weeks later. */
stp_dot_look stp_pigment_look(const stp_impression *imp, const stp_scenario *scn, bool healed);
/* Both at once (either may be NULL): one evaluation of the model. */
void stp_pigment_looks(const stp_impression *imp, const stp_scenario *scn, stp_dot_look *fresh, stp_dot_look *healed);

/* Age a healed look by `years` on tissue of this uptake (the fading and slow spread of
 * stp_heal.h); nothing for years <= 0. */
void stp_pigment_age(const stp_scenario *scn, double uptake, double years, stp_dot_look *healed);

/* The skin inside a patch: scar tissue paler (tone < 0) or darker and desaturated, alopecia
 * a touch pinker. in and out may be the same. The renderer and the distance look share it. */
void stp_pigment_patch_tint(const stp_patch *p, const float in[3], float out[3]);

/* The healed colour (linear RGB) of the kit's pigment i (the first when out of range). */
const float *stp_pigment_rgb(const stp_scenario *scn, int pigment);

/* The colour a dot leaves on skin at its centre (skin blended with pigment), linear RGB. */
void stp_pigment_center_rgb(const stp_dot_look *look, const float skin_rgb[3], float out[3]);

/* Pressure (0..1) to needle depth (mm): the default pressure curve (identity response
 * from 0.2 mm at a feather touch to 2.2 mm at full pressure). */
double stp_pressure_to_depth(double pressure);
double stp_depth_to_pressure(double depth_mm);

#endif
