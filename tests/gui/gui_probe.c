/* gui_probe - reads the pixels of a PNG (a screenshot the game saved with F12) for the
 * GUI tests, so they check what is on screen without ImageMagick.
 *
 *   gui_probe IMG size
 *       prints "W H"
 *   gui_probe IMG match X0 Y0 X1 Y1 R G B TOL
 *       pixels of [X0,X1) x [Y0,Y1) whose every channel is within TOL of (R,G,B): prints
 *       "COUNT MINX MINY MAXX MAXY RUN" (the bounding box of the matches, -1s when none;
 *       RUN is the longest horizontal run of matching pixels)
 *   gui_probe IMG lum X0 Y0 X1 Y1
 *       luminance (0.2126 R + 0.7152 G + 0.0722 B, sRGB levels) over the region: "MIN MEAN MAX"
 *   gui_probe IMG text X0 Y0 X1 Y1 SIZE R G B STRING [BR BG BB]
 *       looks for STRING as the game draws it (stp_font, DejaVu Sans, SIZE px, colour R G B
 *       on the colour of the region's top-left pixel, or on BR BG BB: a button's label) at every whole-pixel position inside
 *       the region: prints "DIFF X Y": where the string's box differs least from the
 *       image, and by how much (the largest channel's difference summed over the box, per
 *       pixel of the string's ink; 99 when nowhere under 16). Text the game drew reads about 0
 *       (stp_font rounds the string's origin to whole pixels); one wrong character reads
 *       some 14 or more.
 *
 *   gui_probe JSON sessions
 *       reads `stipple score --json` output (a file) and prints its per-session results on
 *       one line: "COUNT" then "SESSION PLACED SCORE PASSED" for each (PASSED 1 or 0);
 *       exit 2 when the result has no "sessions" array (the scorer does not judge time).
 *
 * The region is clipped to the image. Exit 0, or 2 on a usage or load error. */
#include <SDL2/SDL.h>
#include <SDL2/SDL_image.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "stp_file.h"
#include "stp_font.h"

static int usage(void) {
  fprintf(stderr, "usage: gui_probe IMG size | match X0 Y0 X1 Y1 R G B TOL | lum X0 Y0 X1 Y1 |"
                  " text X0 Y0 X1 Y1 SIZE R G B STRING [BR BG BB]\n");
  return 2;
}

static void rgb_at(const SDL_Surface *s, int x, int y, int *r, int *g, int *b) {
  Uint32 p = ((const Uint32 *)((const Uint8 *)s->pixels + (size_t)y * (size_t)s->pitch))[x];
  *r = (int)((p >> 16) & 255); *g = (int)((p >> 8) & 255); *b = (int)(p & 255);
}

static Uint32 px_at(const SDL_Surface *s, int x, int y) {
  return ((const Uint32 *)((const Uint8 *)s->pixels + (size_t)y * (size_t)s->pitch))[x];
}

static int chan_diff(Uint32 a, Uint32 b) {
  int worst = 0;
  for (int c = 0; c < 24; c += 8) {
    int d = abs((int)((a >> c) & 255) - (int)((b >> c) & 255));
    if (d > worst) worst = d;
  }
  return worst;
}

/* The text command: render the string as the game does, slide it over the region. */
static int find_text(const SDL_Surface *s, int x0, int y0, int x1, int y1, float size, SDL_Color col,
                     const char *str, const SDL_Color *on) {
  stp_font *f = NULL;
  stp_error err;
  stp_error_clear(&err);
  if (stp_font_open_default(&f, NULL, &err) != STP_OK) { fprintf(stderr, "gui_probe: %s\n", err.msg); return 2; }
  int tw = (int)(stp_font_measure(f, size, str) + 0.5f), th = (int)stp_font_line_height(f, size);
  SDL_Surface *t = SDL_CreateRGBSurfaceWithFormat(0, tw > 0 ? tw : 1, th > 0 ? th : 1, 32, SDL_PIXELFORMAT_ARGB8888);
  SDL_Renderer *r = t ? SDL_CreateSoftwareRenderer(t) : NULL;
  if (!r) { stp_font_close(f); SDL_FreeSurface(t); return 2; }
  Uint32 bg = on ? (Uint32)on->r << 16 | (Uint32)on->g << 8 | on->b : px_at(s, x0, y0);
  SDL_SetRenderDrawColor(r, (Uint8)(bg >> 16), (Uint8)(bg >> 8), (Uint8)bg, 255);
  SDL_RenderClear(r);
  stp_font_draw(f, r, 0, 0, size, col, str);
  SDL_RenderFlush(r);
  /* The string's ink pixels first: a wrong position fails on them within a few pixels.
   * Positions worse than 16 per ink pixel are given up on (reported as 99). */
  long n = (long)t->w * t->h, ink = 0;
  int *order = malloc((size_t)n * sizeof *order);
  if (!order) { stp_font_forget_renderer(f, r); SDL_DestroyRenderer(r); SDL_FreeSurface(t); stp_font_close(f); return 2; }
  for (long k = 0; k < n; k++)
    if (px_at(t, (int)(k % t->w), (int)(k / t->w)) != px_at(t, 0, 0)) order[ink++] = (int)k;
  long m = ink;
  for (long k = 0; k < n; k++)
    if (px_at(t, (int)(k % t->w), (int)(k / t->w)) == px_at(t, 0, 0)) order[m++] = (int)k;
  long limit = 16 * (ink > 0 ? ink : 1), best = limit;
  int bx = -1, by = -1;
  for (int y = y0; y + t->h <= y1; y++)
    for (int x = x0; x + t->w <= x1; x++) {
      long sum = 0;
      for (long k = 0; k < n && sum < best; k++) {
        int i = order[k] % t->w, j = order[k] / t->w;
        sum += chan_diff(px_at(t, i, j), px_at(s, x + i, y + j));
      }
      if (sum < best) { best = sum; bx = x; by = y; }
    }
  free(order);
  if (bx < 0) printf("99 -1 -1\n");
  else printf("%.2f %d %d\n", (double)best / (double)(ink > 0 ? ink : 1), bx, by);
  stp_font_forget_renderer(f, r);
  SDL_DestroyRenderer(r);
  SDL_FreeSurface(t);
  stp_font_close(f);
  return 0;
}

static int sessions(const char *path) {
  char *text = NULL;
  size_t len = 0;
  if (stp_file_read(path, 1 << 24, "the result", &text, &len, NULL) != STP_OK) {
    fprintf(stderr, "gui_probe: cannot read %s\n", path);
    return 2;
  }
  cJSON *root = cJSON_ParseWithLength(text, len);
  free(text);
  const cJSON *arr = root ? cJSON_GetObjectItemCaseSensitive(root, "sessions") : NULL;
  if (!cJSON_IsArray(arr)) {
    fprintf(stderr, "gui_probe: %s has no \"sessions\" array\n", path);
    cJSON_Delete(root);
    return 2;
  }
  printf("%d", cJSON_GetArraySize(arr));
  const cJSON *o;
  cJSON_ArrayForEach(o, arr) {
    const cJSON *sn = cJSON_GetObjectItemCaseSensitive(o, "session"), *pl = cJSON_GetObjectItemCaseSensitive(o, "placed");
    const cJSON *sc = cJSON_GetObjectItemCaseSensitive(o, "score"), *ps = cJSON_GetObjectItemCaseSensitive(o, "passed");
    if (!cJSON_IsNumber(sn) || !cJSON_IsNumber(pl) || !cJSON_IsNumber(sc) || !cJSON_IsBool(ps)) {
      fprintf(stderr, "gui_probe: a session of %s lacks session, placed, score or passed\n", path);
      cJSON_Delete(root);
      return 2;
    }
    printf(" %d %d %.2f %d", sn->valueint, pl->valueint, sc->valuedouble, cJSON_IsTrue(ps) ? 1 : 0);
  }
  printf("\n");
  cJSON_Delete(root);
  return 0;
}

int main(int argc, char **argv) {
  if (argc == 3 && strcmp(argv[2], "sessions") == 0) return sessions(argv[1]);
  if (argc < 3) return usage();
  SDL_Surface *raw = IMG_Load(argv[1]);
  if (!raw) { fprintf(stderr, "gui_probe: cannot load %s: %s\n", argv[1], IMG_GetError()); return 2; }
  SDL_Surface *s = SDL_ConvertSurfaceFormat(raw, SDL_PIXELFORMAT_ARGB8888, 0);
  SDL_FreeSurface(raw);
  if (!s) return 2;
  int rc = 0;
  const char *cmd = argv[2];
  if (strcmp(cmd, "size") == 0) {
    printf("%d %d\n", s->w, s->h);
  } else if ((strcmp(cmd, "match") == 0 && argc == 11) || (strcmp(cmd, "lum") == 0 && argc == 7) ||
             (strcmp(cmd, "text") == 0 && (argc == 12 || argc == 15))) {
    int x0 = atoi(argv[3]), y0 = atoi(argv[4]), x1 = atoi(argv[5]), y1 = atoi(argv[6]);
    if (x0 < 0) x0 = 0;
    if (y0 < 0) y0 = 0;
    if (x1 > s->w) x1 = s->w;
    if (y1 > s->h) y1 = s->h;
    if (cmd[0] == 't') {
      SDL_Color col = {(Uint8)atoi(argv[8]), (Uint8)atoi(argv[9]), (Uint8)atoi(argv[10]), 255};
      SDL_Color on = {0, 0, 0, 255};
      if (argc == 15) on = (SDL_Color){(Uint8)atoi(argv[12]), (Uint8)atoi(argv[13]), (Uint8)atoi(argv[14]), 255};
      rc = x0 < x1 && y0 < y1 ? find_text(s, x0, y0, x1, y1, (float)atof(argv[7]), col, argv[11], argc == 15 ? &on : NULL) : 2;
    } else if (cmd[0] == 'm') {
      int R = atoi(argv[7]), G = atoi(argv[8]), B = atoi(argv[9]), tol = atoi(argv[10]);
      long count = 0;
      int mx0 = -1, my0 = -1, mx1 = -1, my1 = -1, best = 0;
      for (int y = y0; y < y1; y++) {
        int run = 0;
        for (int x = x0; x < x1; x++) {
          int r, g, b;
          rgb_at(s, x, y, &r, &g, &b);
          if (abs(r - R) <= tol && abs(g - G) <= tol && abs(b - B) <= tol) {
            count++;
            if (mx0 < 0 || x < mx0) mx0 = x;
            if (my0 < 0) my0 = y;
            if (x > mx1) mx1 = x;
            my1 = y;
            if (++run > best) best = run;
          } else {
            run = 0;
          }
        }
      }
      printf("%ld %d %d %d %d %d\n", count, mx0, my0, mx1, my1, best);
    } else {
      double lo = 1e9, hi = -1, sum = 0;
      long n = 0;
      for (int y = y0; y < y1; y++)
        for (int x = x0; x < x1; x++) {
          int r, g, b;
          rgb_at(s, x, y, &r, &g, &b);
          double l = 0.2126 * r + 0.7152 * g + 0.0722 * b;
          if (l < lo) lo = l;
          if (l > hi) hi = l;
          sum += l;
          n++;
        }
      if (n) printf("%.1f %.1f %.1f\n", lo, sum / (double)n, hi);
      else { fprintf(stderr, "gui_probe: empty region\n"); rc = 2; }
    }
  } else {
    rc = usage();
  }
  SDL_FreeSurface(s);
  return rc;
}
