/* stp_window.c - the layout figures and the F12 screenshot of the app's windows. */
#define _POSIX_C_SOURCE 200809L
#include "stp_window.h"

#include <SDL2/SDL_image.h>
#include <errno.h>
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "stp_app.h"
#include "stp_file.h"

void stp_window_metrics(int out_w, int out_h, float *px, float *panel_w, float *foot_h) {
  float p = (float)out_h / 48.0f;
  p = p < 13 ? 13 : p > 34 ? 34 : p;
  /* Portrait (a tablet held upright) has height to spare: the panel takes 40 % of the width. */
  float pw = (float)out_w * (out_h > out_w ? 0.4f : 0.3f);
  pw = pw < 300 ? 300 : pw > 720 ? 720 : pw;
  if (pw > (float)out_w * 0.6f) pw = (float)out_w * 0.6f;
  /* Portrait (a tablet held upright): the panel is narrow for text sized by the height, and
   * its labels ran past its buttons; the text keeps the landscape ratio to the panel
   * (1280x800: 384 / 16.7 = 23). Landscape is unchanged. */
  if (out_h > out_w && p > pw / 23.0f) p = pw / 23.0f < 13 ? 13 : pw / 23.0f;
  *px = p;
  *panel_w = pw;
  *foot_h = roundf(p * 1.9f);
}

void stp_window_game_layout(int out_w, int out_h, float target, stp_window_layout *L) {
  float W = (float)out_w, H = (float)out_h, pw;
  memset(L, 0, sizeof *L);
  /* The panel below the scalp from 1.2 times as tall as wide (an upright tablet: 1.38 to 1.6
   * below a browser's bar); just taller than wide, it would squash the scalp's view into a
   * strip (1280x1300: 1280x543), so there the panel stays at the side. */
  L->portrait = (double)out_h >= 1.2 * (double)out_w;
  if (!L->portrait) {   /* exactly the desktop's layout of stp_window_metrics */
    stp_window_metrics(out_w, out_h, &L->px, &pw, &L->status_h);
    L->cols = 1;
    L->scene = (SDL_FRect){0, 0, W - pw, H - L->status_h};
    L->panel = (SDL_FRect){W - pw, 0, pw, H - L->status_h};
    return;
  }
  float p = H / 48.0f;
  p = p < 13 ? 13 : p > 34 ? 34 : p;
  if (p > W / 2 / 23.0f) p = W / 2 / 23.0f < 13 ? 13 : W / 2 / 23.0f;
  L->px = p;
  L->status_h = roundf(p * 1.9f);
  L->cols = 2;
  float avail = H - L->status_h;
  float ph = avail * 0.42f, need = 12.5f * p + 6.8f * target;
  if (ph < need) ph = need;
  if (ph > avail * 0.6f) ph = avail * 0.6f;
  ph = roundf(ph);
  L->scene = (SDL_FRect){0, 0, W, avail - ph};
  L->panel = (SDL_FRect){0, avail - ph, W, ph};
}

stp_status stp_window_screenshot(SDL_Renderer *r, int out_w, int out_h, int *count, stp_error *err) {
  char dir[1024], path[1100];
  stp_app_data_dir("shots", dir, sizeof dir);
  /* The next number not taken: another run's screenshots are never replaced. */
  do snprintf(path, sizeof path, "%s/shot-%03d.png", dir, ++*count);
  while (stp_file_exists(path) && *count < 999999);
  SDL_Surface *s = SDL_CreateRGBSurfaceWithFormat(0, out_w, out_h, 32, SDL_PIXELFORMAT_ARGB8888);
  stp_error_clear(err);
  stp_status st = STP_OK;
  if (!s) st = stp_error_set(err, STP_ERR_NOMEM, path, 0, "out of memory");
  else if (stp_app_mkdir_p(dir) != 0) st = stp_error_set(err, STP_ERR_IO, dir, 0, "cannot create the folder: %s", strerror(errno));
  else if (SDL_RenderReadPixels(r, NULL, SDL_PIXELFORMAT_ARGB8888, s->pixels, s->pitch) != 0)
    st = stp_error_set(err, STP_ERR_IO, path, 0, "cannot read the window's pixels: %s", SDL_GetError());
  else st = stp_app_save_png(s, path, err);   /* atomic and checked */
  SDL_FreeSurface(s);
  if (st == STP_OK) printf("stipple: screenshot %s\n", path);
  else fprintf(stderr, "stipple: cannot save a screenshot to %s: %s\n", path, err ? err->msg : "");
  fflush(stdout);
  return st;
}

int stp_window_open_video(void) {
  /* Without a display SDL falls back to a driver that shows nothing (offscreen, dummy):
   * the window would run invisibly. Only an explicit SDL_VIDEODRIVER may ask for that. */
  const char *vdrv = getenv("SDL_VIDEODRIVER"), *x11 = getenv("DISPLAY"), *wl = getenv("WAYLAND_DISPLAY");
  bool no_display = !(x11 && x11[0]) && !(wl && wl[0]);
  if (SDL_Init(SDL_INIT_VIDEO | SDL_INIT_EVENTS) != 0) {
    if (no_display) fprintf(stderr, "stipple: no display: set DISPLAY or run under xvfb-run (%s)\n", SDL_GetError());
    else fprintf(stderr, "stipple: cannot open a display: %s\n", SDL_GetError());
    return -1;
  }
  const char *cur = SDL_GetCurrentVideoDriver();
  if (!(vdrv && vdrv[0]) && cur && (strcmp(cur, "offscreen") == 0 || strcmp(cur, "dummy") == 0)) {
    fprintf(stderr, "stipple: no display: set DISPLAY or run under xvfb-run (SDL found only its \"%s\" "
                    "driver, which shows nothing; SDL_VIDEODRIVER=%s asks for it on purpose)\n", cur, cur);
    SDL_Quit();
    return -1;
  }
  return 0;
}

SDL_Renderer *stp_window_renderer(SDL_Window *win, const char **name) {
  SDL_Renderer *r = SDL_CreateRenderer(win, -1, 0);
  SDL_RendererInfo info = {0};
  if (r) SDL_GetRendererInfo(r, &info);
  if (name) *name = r && info.name ? info.name : "none";
  return r;
}
