/* stp_map.h - a criterion's heatmap over the scalp (the result screen, `score --maps`).
 *
 * The core computes the values (stp_score_map into an stp_score_map_grid); this draws
 * them: translucent cells coloured with cividis (a colour-vision-deficiency-friendly
 * palette, dark blue to yellow, readable in greyscale), cells without data left clear,
 * and a legend with the title, the colour bar and its minimum and maximum with the unit.
 * Depends on: SDL2, stp_score.h (core), stp_view.h, stp_font.h.
 */
#ifndef STP_MAP_H
#define STP_MAP_H

#include <SDL2/SDL.h>
#include "stp_font.h"
#include "stp_score.h"
#include "stp_view.h"

/* Cividis at t in 0..1 (clamped; NAN gives t = 0). */
SDL_Color stp_map_color(double t);
/* Cells covering the view, about 80..200 across (x0, y0, cell_mm, nx, ny; not values). */
void stp_map_grid_for_view(const stp_view *v, stp_score_map_grid *g);

/* Draw the map's cells over whatever the renderer holds, in view v (alpha 0..255 for the
 * cells), then the legend in the bottom-left corner of the viewport. font may be NULL
 * (then the legend has the colour bar only). title: e.g. "Grain". */
void stp_map_draw(SDL_Renderer *r, const stp_view *v, const stp_score_map_grid *g, Uint8 alpha,
                  stp_font *font, const char *title);

#endif
