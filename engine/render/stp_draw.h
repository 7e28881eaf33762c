/* stp_draw.h - drawing the scalp, its hair, the zones and the work with SDL2.
 *
 * Reads the core (scenario, work, pigment model, view) and owns no game rules.
 * Works with any SDL_Renderer: a window's, or a software renderer on an
 * SDL_Surface for `stipple render` and the golden-image tests.
 *
 * Level of detail: the skin is a generated texture (4 px/mm) with the client's
 * stubble splatted in as coverage; when zoomed in past that, each hair and a
 * pore texture are drawn as geometry. Impressions are textured quads from a
 * dot-sprite atlas, one SDL_RenderGeometry batch per frame, culled to the view;
 * a dot smaller than a pixel is drawn as one pixel with its area as alpha, so
 * the shade from afar is right.
 * Depends on: SDL2, core (stp_scenario.h, stp_work.h, stp_pigment.h, stp_view.h).
 */
#ifndef STP_DRAW_H
#define STP_DRAW_H

#include <SDL2/SDL.h>
#include <stdbool.h>
#include "stp_error.h"
#include "stp_scenario.h"
#include "stp_view.h"
#include "stp_work.h"

typedef struct stp_draw stp_draw;

typedef struct stp_draw_opts {
  bool healed;                        /* show the work as healed, weeks later */
  bool zones;                         /* outline the scenario's zones */
  const unsigned char *highlight;     /* optional per-impression flags drawn with a ring */
} stp_draw_opts;

/* Build the textures for this scenario (skin, stubble) on this renderer. seed makes
 * the skin texture and the hair placement reproducible. */
stp_status stp_draw_create(stp_draw **out, SDL_Renderer *r, const stp_scenario *scn,
                           uint64_t seed, stp_error *err);
void stp_draw_destroy(stp_draw *d);

/* Background, skin, hair, zones and the work, inside the view's viewport. */
void stp_draw_scalp(stp_draw *d, const stp_view *v, const stp_work *w, const stp_draw_opts *o);
/* A needle cursor: the size of the dot the tool would make, and its grain tick. */
void stp_draw_cursor(stp_draw *d, const stp_view *v, const stp_impression *preview);
/* Number of impressions drawn by the last stp_draw_scalp (after culling). */
size_t stp_draw_last_count(const stp_draw *d);

/* sRGB 0..255 of a linear colour component. */
Uint8 stp_draw_srgb8(float linear);

#endif
