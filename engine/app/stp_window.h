/* stp_window.h - what the app's windows share (the game's and the replay's): the layout
 * figures of docs/cli.md ("The window") and the F12 screenshot. App-internal.
 * Depends on: SDL2, SDL2_image.
 */
#ifndef STP_WINDOW_H
#define STP_WINDOW_H

#include <SDL2/SDL.h>
#include <stdbool.h>
#include "stp_error.h"

/* For a window of out_w x out_h pixels: the text size (H/48, 13..34), the panel's width
 * on the right (30 % of the width, 300..720, at most 60 %) and the foot strip's height
 * (1.9 text sizes, rounded). */
void stp_window_metrics(int out_w, int out_h, float *px, float *panel_w, float *foot_h);

/* The game's layout (its play, result and consultation screens; docs/cli.md, "The window"):
 * where the scalp view (scene) and the panel are, above the status line at the foot.
 *   landscape (under 1.2 times as tall as wide): as stp_window_metrics: the panel on the right, the
 *     full height above the status line; the scene the rest, at the top left.
 *   portrait (at least 1.2 times as tall as wide, a tablet held upright): the panel below the scene across
 *     the whole width, its content in two columns side by side (cols 2); the text at most
 *     half the width / 23 (each column is as wide as a landscape panel is for its text);
 *     the panel 42 % of the height above the status line, more when the tool palette
 *     (12.5 text sizes and 6.8 targets high) needs it, at most 60 %.
 * target: the smallest pointer target in pixels (0 when not known yet: then only px and
 * status_h are meant). */
typedef struct stp_window_layout {
  float px;                     /* the text size */
  float status_h;               /* the status line's height */
  bool portrait;
  int cols;                     /* the panel's columns: 1, or 2 in portrait */
  SDL_FRect scene;              /* the scalp view */
  SDL_FRect panel;              /* the panel (without the status line) */
} stp_window_layout;
void stp_window_game_layout(int out_w, int out_h, float target, stp_window_layout *L);

/* Save the frame drawn so far on r (out_w x out_h) as a PNG to
 * $XDG_DATA_HOME/stipple/shots/shot-NNN.png (~/.local/share/...), NNN = ++*count, and
 * print "stipple: screenshot PATH" (the GUI tests read the window's pixels this way). */
/* The PNG is written atomically and checked; a failure is printed and returned in err. */
stp_status stp_window_screenshot(SDL_Renderer *r, int out_w, int out_h, int *count, stp_error *err);

/* SDL's video and events, refusing a driver that shows nothing unless SDL_VIDEODRIVER asks
 * for it (without a display a window would run invisibly): 0, or -1 with the reason
 * printed ("no display: set DISPLAY or run under xvfb-run"); the caller exits 4. */
int stp_window_open_video(void);

/* The window's renderer: SDL's first choice (SDL_RENDER_DRIVER, when set, decides).
 * Measured under Xvfb on 2 cores (docs/performance.md): Mesa's llvmpipe, SDL's first choice
 * there, draws the game's frames faster than SDL's software renderer unless the machine is
 * heavily loaded (18 against 21 ms from click to dot at load 1; the reverse at load 7), so
 * it is kept. *name gets the renderer's name ("opengl", "software"). NULL on failure. */
SDL_Renderer *stp_window_renderer(SDL_Window *win, const char **name);

#endif
