/* stp_draw.h - drawing the scalp, its hair, the zones and the work with SDL2.
 *
 * Reads the core (scenario, work, pigment model, view) and owns no game rules.
 * Works with any SDL_Renderer: a window's, or a software renderer on an
 * SDL_Surface for `stipple render` and the golden-image tests.
 *
 * Level of detail: the skin is a generated texture (4 px/mm) with the client's
 * stubble splatted in as coverage; when zoomed in past that, each hair and a
 * pore texture are drawn as geometry. Impressions are textured quads from a
 * dot-sprite atlas. In the game (opts.layered) each impression is drawn once,
 * when it is placed, into a persistent pigment layer: chart-space tiles at 2, 4,
 * 8 and 16 px/mm; a frame copies the visible tiles of the level nearest the zoom,
 * so frame time does not grow with the work. Past 16 px/mm (few dots visible) and
 * in one-shot renders, impressions are drawn directly, culled to the view. Undo and
 * a change of the moment shown redraw the layer (progressively, within the per-frame
 * budget). A dot smaller than a pixel is drawn as one pixel with its area as alpha, so
 * the shade from afar is right.
 *
 * Time: opts.at is the moment shown (a session and days after it). Each impression is
 * drawn with stp_heal_look_at at its age then (stp_heal.h): impressions of later sessions
 * are not drawn, lost ones fade with their scab; the first days the skin about a fresh
 * dot is reddened (a soft red blush, drawn beneath every dot), and while the crust is on
 * a rough, matte, darker crust covers the dot. opts.under (a touch-up's old work,
 * stp_heal_history) is drawn beneath the work. Without opts.at.timed the old looks are
 * drawn: fresh as placed, or with opts.healed the healed look of stp_pigment.h (no loss,
 * no ageing): the golden images and `stipple render --healed`.
 * Depends on: SDL2, core (stp_scenario.h, stp_work.h, stp_pigment.h, stp_heal.h, stp_view.h).
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

/* The blush of reddened skin about a fresh dot: a soft disc (the softest sprite)
 * BLUSH_SCALE times the dot's quad's width across (at least BLUSH_MIN_MM), this sRGB colour at most STP_DRAW_BLUSH_ALPHA opaque (times the redness). */
#define STP_DRAW_BLUSH_R 214
#define STP_DRAW_BLUSH_G 72
#define STP_DRAW_BLUSH_B 64
#define STP_DRAW_BLUSH_ALPHA 0.22
#define STP_DRAW_BLUSH_SCALE 6.0
#define STP_DRAW_BLUSH_MIN_MM 0.4

/* A moment in the work's time: `days` days after session `session` (1-based) took place. */
typedef struct stp_draw_moment {
  bool timed;                         /* false: the old looks (fresh, or `healed`) */
  int session;
  double days;
} stp_draw_moment;

typedef struct stp_draw_opts {
  bool healed;                        /* untimed: show the work as healed, weeks later */
  stp_draw_moment at;                 /* timed: each impression at its age then */
  const stp_work *under;              /* optional: a touch-up's old work, drawn beneath */
  bool zones;                         /* outline the scenario's zones */
  const unsigned char *highlight;     /* optional per-impression flags drawn with a ring */
  bool hair_aside;                    /* long hair moved aside to see the scalp */
  bool layered;                       /* use the persistent pigment layer (the game); off: draw
                                         every visible impression directly (one-shot renders) */
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
/* Where the work's impressions are, as small marks of at least 2 px in colour c (from the
 * session `from` on; 0: all), for views where the dots themselves are under a pixel or
 * two: an aid that shows where the trainee has worked, not how it looks. */
void stp_draw_marks(stp_draw *d, const stp_view *v, const stp_work *w, int from, SDL_Color c);
/* Number of impressions drawn by the last stp_draw_scalp (after culling). */
size_t stp_draw_last_count(const stp_draw *d);
/* Tiles the persistent pigment layer has allocated (each LAYER_TILE^2 ARGB pixels). */
size_t stp_draw_layer_tiles(const stp_draw *d);
/* Forget what the layer holds: the next layered draw redraws the work from scratch. The
 * layer notices appends, undo and clear by itself; call this when a different work is
 * drawn at the same address (a work freed and filled again). */
void stp_draw_invalidate(stp_draw *d);
/* Tell the layer that the last impression (removed, a copy) was popped from w: only the
 * tiles it touched are redrawn, so undo costs no more than a frame. */
void stp_draw_undone(stp_draw *d, const stp_work *w, const stp_impression *removed);
/* The scenario's zones were cut anew (a hairline design: stp_design_apply): the outlines and
 * the grain overlay follow scn's zones from the next frame on (the skin and hair stay). */
void stp_draw_set_zones(stp_draw *d, const stp_scenario *scn);
/* The last session in w (1 when it has none): `render --at DAYS` counts from it. */
int stp_draw_last_session(const stp_work *w);
/* True while the layer is still catching up (after a resume, an undo or a toggle): the
 * host should draw another frame soon. Meanwhile frames show a coarser level or dots. */
bool stp_draw_pending(const stp_draw *d);
/* True when the last stp_draw_scalp showed the whole work at the moment asked (its level of
 * the layer complete, or drawn directly); false while it still fills in. */
bool stp_draw_complete(const stp_draw *d);
/* The grain overlay: the scenario's target direction as arrows on a grid inside its zones. */
void stp_draw_grain_arrows(stp_draw *d, const stp_view *v);
/* True if the client has long hair (over LONG_HAIR_MM) lying over the scalp. */
bool stp_draw_has_long_hair(const stp_draw *d);
/* How many stubble hairs and long hair strands were generated (each kind bounded by
 * STP_SCN_MAX_HAIR_UNITS / STP_SCN_MAX_LONG_STRANDS follicular units). */
void stp_draw_hair_counts(const stp_draw *d, size_t *hairs, size_t *strands);

/* sRGB 0..255 of a linear colour component. */
Uint8 stp_draw_srgb8(float linear);

/* One blush splatted into a map T (bw floats a row) of how much skin shows through: every
 * pixel (x, y) of [x0, x1) x [y0, y1) with u = hypot(x - cx, y - cy) / rp under 1 gets
 * T *= (float)(1 - a0 * profile(u)) (the softest sprite's profile). Exposed for the test
 * that holds it to that rule bit for bit (tests/unit/test_blush.c). */
void stp_draw_blush_splat(float *T, int bw, double cx, double cy, double rp, double a0, int x0, int y0, int x1,
                          int y1);

#endif
