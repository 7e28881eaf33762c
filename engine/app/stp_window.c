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

void stp_window_metrics(int out_w, int out_h, float *px, float *panel_w, float *foot_h) {
  float p = (float)out_h / 48.0f;
  p = p < 13 ? 13 : p > 26 ? 26 : p;
  float pw = (float)out_w * 0.3f;
  pw = pw < 300 ? 300 : pw > 520 ? 520 : pw;
  if (pw > (float)out_w * 0.6f) pw = (float)out_w * 0.6f;
  *px = p;
  *panel_w = pw;
  *foot_h = roundf(p * 1.9f);
}

stp_status stp_window_screenshot(SDL_Renderer *r, int out_w, int out_h, int *count, stp_error *err) {
  char dir[1024], path[1100];
  const char *xdg = getenv("XDG_DATA_HOME"), *home = getenv("HOME");
  if (xdg && xdg[0]) snprintf(dir, sizeof dir, "%s/stipple/shots", xdg);
  else snprintf(dir, sizeof dir, "%s/.local/share/stipple/shots", home && home[0] ? home : ".");
  snprintf(path, sizeof path, "%s/shot-%03d.png", dir, ++*count);
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
