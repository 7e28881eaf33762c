/* stp_loop_ui.h - the game loop's drawing that needs no game: icons (tick, lock), the
 * celebration on a pass, a small line chart of a criterion over attempts, and the progress
 * screen's body. Drawn with SDL's renderer and the font; no state of their own.
 * Depends on: stp_font.h, stp_profile.h, stp_app.h, SDL2.
 */
#ifndef STP_LOOP_UI_H
#define STP_LOOP_UI_H

#include <SDL2/SDL.h>
#include <stdbool.h>
#include <stddef.h>

#include "stp_app.h"
#include "stp_font.h"
#include "stp_profile.h"

/* A line w px thick from (x0, y0) to (x1, y1) (two triangles). */
void stp_ui_thick_line(SDL_Renderer *r, float x0, float y0, float x1, float y1, float w, SDL_Color c);
/* A filled disc. */
void stp_ui_disc(SDL_Renderer *r, float cx, float cy, float radius, SDL_Color c);
/* A tick (passed) in a box of size s at (x, y). */
void stp_ui_tick(SDL_Renderer *r, float x, float y, float s, SDL_Color c);
/* A padlock (locked) in a box of size s at (x, y). */
void stp_ui_lock(SDL_Renderer *r, float x, float y, float s, SDL_Color c);

/* How long the celebration runs (ms). */
#define STP_UI_CELEBRATE_MS 900
/* The celebration at t ms after the pass (0 .. STP_UI_CELEBRATE_MS): a ring of dots that
 * blooms outward from (cx, cy) to radius and fades, like impressions healing into place. */
void stp_ui_celebrate(SDL_Renderer *r, float cx, float cy, float radius, float t_ms, SDL_Color c);

/* A small line chart of one criterion over attempts in rc: values 0..100 (NAN: not judged
 * that time, a gap), a dashed line at pass_mark (<= 0: none), the label and the last value
 * above it. */
void stp_ui_line_chart(SDL_Renderer *r, stp_font *f, float px, SDL_FRect rc, const double *v, size_t n,
                       const char *label, double pass_mark);

/* The progress screen's body in area, scrolled up by scroll px: per case with attempts (the
 * curriculum's first, in order, then any other), its title, best, grade and attempts, then the
 * overall score and each criterion over the attempts as small charts. Returns the content's
 * height (for the scroll's limit). */
float stp_ui_progress(SDL_Renderer *r, stp_font *f, float px, SDL_FRect area, const stp_profile *p,
                      const stp_app_case *cs, int n, float scroll);

#endif
