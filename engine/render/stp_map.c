#include "stp_map.h"

#include <math.h>
#include <stdio.h>

SDL_Color stp_map_color(double t) {
  /* Cividis (Nuñez, Anderton & Renslow 2018), five stops, linear in between. */
  static const unsigned char stops[5][3] = {
    {0, 32, 77}, {65, 77, 107}, {124, 123, 120}, {188, 175, 111}, {255, 233, 69},
  };
  if (!(t > 0)) t = 0;
  if (t > 1) t = 1;
  double u = t * 4;
  int i = (int)u;
  if (i > 3) i = 3;
  double f = u - i;
  SDL_Color c;
  c.r = (Uint8)lround(stops[i][0] + (stops[i + 1][0] - stops[i][0]) * f);
  c.g = (Uint8)lround(stops[i][1] + (stops[i + 1][1] - stops[i][1]) * f);
  c.b = (Uint8)lround(stops[i][2] + (stops[i + 1][2] - stops[i][2]) * f);
  c.a = 255;
  return c;
}

static void draw_cells(SDL_Renderer *r, const stp_view *v, const stp_score_map_grid *g, Uint8 alpha) {
  double span = g->hi > g->lo ? g->hi - g->lo : 1;
  for (int j = 0; j < g->ny; j++)
    for (int i = 0; i < g->nx; i++) {
      float val = g->values[(size_t)j * (size_t)g->nx + (size_t)i];
      if (isnan(val)) continue;
      double sx0, sy0, sx1, sy1;
      stp_view_to_screen(v, g->x0 + i * g->cell_mm, g->y0 + j * g->cell_mm, &sx0, &sy0);
      stp_view_to_screen(v, g->x0 + (i + 1) * g->cell_mm, g->y0 + (j + 1) * g->cell_mm, &sx1, &sy1);
      SDL_Color c = stp_map_color((val - g->lo) / span);
      SDL_SetRenderDrawColor(r, c.r, c.g, c.b, alpha);
      /* Edges rounded the same way for neighbours: no overlap (double alpha), no gap. */
      int x0 = (int)lround(sx0), y0 = (int)lround(sy0), x1 = (int)lround(sx1), y1 = (int)lround(sy1);
      if (x1 <= x0 || y1 <= y0) continue;
      SDL_Rect rc = {x0, y0, x1 - x0, y1 - y0};
      SDL_RenderFillRect(r, &rc);
    }
}

static void draw_legend(SDL_Renderer *r, const stp_view *v, const stp_score_map_grid *g, stp_font *font,
                        const char *title) {
  float px = (float)(v->vh / 40 < 13 ? 13 : v->vh / 40);
  int pad = (int)(px * 0.6f), bar_w = (int)(px * 14), bar_h = (int)px;
  int lines = font ? 3 : 0;
  float lh = font ? stp_font_line_height(font, px) : 0;
  char lo[64], hi[64];
  snprintf(lo, sizeof lo, "%g %s", g->lo, g->unit);
  snprintf(hi, sizeof hi, "%g %s", g->hi, g->unit);
  if (font) {   /* the bar at least as wide as its two end labels with a gap ("0 % off window") */
    float ends = stp_font_measure(font, px * 0.9f, lo) + stp_font_measure(font, px * 0.9f, hi) + px * 1.5f;
    if ((int)ends > bar_w) bar_w = (int)ends;
  }
  int box_w = bar_w + 2 * pad, box_h = bar_h + 2 * pad + (int)(lines * lh);
  if (font) {
    char head[160];
    snprintf(head, sizeof head, "%s: %s", title ? title : "", g->label);
    float tw = stp_font_measure(font, px, head);
    if ((int)tw + 2 * pad > box_w) box_w = (int)tw + 2 * pad;
  }
  int x = (int)v->vx + pad, y = (int)(v->vy + v->vh) - box_h - pad;
  SDL_SetRenderDrawColor(r, 20, 20, 24, 215);
  SDL_Rect box = {x, y, box_w, box_h};
  SDL_RenderFillRect(r, &box);
  int cy = y + pad;
  SDL_Color text = {235, 235, 235, 255};
  if (font) {
    char head[160];
    snprintf(head, sizeof head, "%s: %s", title ? title : "", g->label);
    stp_font_draw(font, r, (float)(x + pad), (float)cy, px, text, head);
    cy += (int)lh;
  }
  for (int i = 0; i < bar_w; i++) {
    SDL_Color c = stp_map_color((double)i / (bar_w - 1));
    SDL_SetRenderDrawColor(r, c.r, c.g, c.b, 255);
    SDL_RenderDrawLine(r, x + pad + i, cy, x + pad + i, cy + bar_h);
  }
  cy += bar_h + 2;
  if (font) {
    stp_font_draw(font, r, (float)(x + pad), (float)cy, px * 0.9f, text, lo);
    float hw = stp_font_measure(font, px * 0.9f, hi);
    stp_font_draw(font, r, (float)(x + pad + bar_w) - hw, (float)cy, px * 0.9f, text, hi);
    cy += (int)lh;
    stp_font_draw(font, r, (float)(x + pad), (float)cy, px * 0.8f, text, "no colour: nothing to judge");
  }
}

void stp_map_draw(SDL_Renderer *r, const stp_view *v, const stp_score_map_grid *g, Uint8 alpha,
                  stp_font *font, const char *title) {
  SDL_BlendMode old;
  SDL_GetRenderDrawBlendMode(r, &old);
  SDL_SetRenderDrawBlendMode(r, SDL_BLENDMODE_BLEND);
  draw_cells(r, v, g, alpha);
  draw_legend(r, v, g, font, title);
  SDL_SetRenderDrawBlendMode(r, old);
}

void stp_map_grid_for_view(const stp_view *v, stp_score_map_grid *g) {
  double x0, y0, x1, y1;
  stp_view_visible(v, &x0, &y0, &x1, &y1);
  double span = fmax(x1 - x0, y1 - y0);
  g->cell_mm = span > 200 ? 5.0 : span > 40 ? 2.5 : 1.0;   /* a cell should hold a few dots */
  g->x0 = floor(x0 / g->cell_mm) * g->cell_mm;
  g->y0 = floor(y0 / g->cell_mm) * g->cell_mm;
  g->nx = (int)ceil((x1 - g->x0) / g->cell_mm);
  g->ny = (int)ceil((y1 - g->y0) / g->cell_mm);
}
