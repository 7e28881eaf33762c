/* stp_play_ui.c - buttons, their hit areas, and labels that read on any skin.
 *
 * Immediate mode: a screen draws its buttons every frame with pl_button, which also
 * records where each is and the action it sends (pl_hit); a click or tap outside the scalp
 * is looked up among the last frame's buttons (pl_hit_at). A key and its button send the
 * same stp_action, so the screens answer one thing, however it came.
 *
 * Sizes: the smallest pointer target is 9 mm on the display (a fingertip's contact is
 * about 8-10 mm; ISO 9241-9 and the platform guides ask 7-10 mm), from the display's DPI
 * as SDL reports it and the renderer's output scale (HiDPI); where SDL cannot tell, 96 DPI.
 */
#define _POSIX_C_SOURCE 200809L
#include "stp_play_internal.h"

#define PL_TARGET_MM 9.0f

void pl_ui_measure(play *p) {
  float ddpi = 0;
  int disp = p->win ? SDL_GetWindowDisplayIndex(p->win) : 0;
  bool known = disp >= 0 && SDL_GetDisplayDPI(disp, &ddpi, NULL, NULL) == 0 && ddpi >= 50 && ddpi <= 800;
  int ww = 0, wh = 0;
  if (p->win) SDL_GetWindowSize(p->win, &ww, &wh);
  float scale = ww > 0 ? (float)p->out_w / (float)ww : 1;   /* output pixels per window pixel */
  if (!(scale >= 1 && scale <= 4)) scale = 1;
  p->ptr_scale = scale;
  /* SDL's DPI counts the display's own pixels, which are the output's (a browser reports
   * 96 x devicePixelRatio); 96 when it cannot tell is per window pixel, so it scales. */
  /* A browser's SDL reports 96 x devicePixelRatio, the device's pixels; without high DPI (SDL's
   * software renderer there) the output is in CSS pixels, 96 to the inch. */
  const char *video = SDL_GetCurrentVideoDriver();
  if (known && video && strcmp(video, "emscripten") == 0 && ddpi > 96.0f * scale + 0.5f) ddpi = 96.0f * scale;
  p->dpi = known ? ddpi : 96;
  p->target = roundf(PL_TARGET_MM / 25.4f * (known ? ddpi : 96.0f * scale));
  /* Never smaller than two lines of the panel's text: the labels must fit inside. */
  if (p->target < p->px * 2.0f) p->target = roundf(p->px * 2.0f);
}

void pl_hits_clear(play *p) { p->hit_count = 0; }

void pl_hit_add(play *p, SDL_FRect rc, stp_action a) {
  /* Only where it can be seen: a target drawn under a clip (a panel column the opened brief
   * pushed it out of) is cut to it, and one clipped away entirely takes no taps. */
  if (SDL_RenderIsClipEnabled(p->ren)) {
    SDL_Rect c;
    SDL_RenderGetClipRect(p->ren, &c);
    float x0 = fmaxf(rc.x, (float)c.x), y0 = fmaxf(rc.y, (float)c.y);
    float x1 = fminf(rc.x + rc.w, (float)(c.x + c.w)), y1 = fminf(rc.y + rc.h, (float)(c.y + c.h));
    p->hit_dropped = x1 <= x0 || y1 <= y0;
    if (p->hit_dropped) return;
    rc = (SDL_FRect){x0, y0, x1 - x0, y1 - y0};
  }
  p->hit_dropped = p->hit_count >= PL_MAX_HITS;
  if (!p->hit_dropped) p->hits[p->hit_count++] = (pl_hit){rc, a, ""};
}

void pl_hit_name_last(play *p, const char *name) {
  if (p->hit_count > 0 && !p->hit_dropped) snprintf(p->hits[p->hit_count - 1].name, sizeof p->hits[0].name, "%s", name);
}

void pl_ui_trace(play *p) {
  if (!p->ui_trace) return;
  uint64_t h = 1469598103934665603ull;   /* FNV-1a over the names and whole-pixel boxes */
  for (int i = 0; i < p->hit_count; i++) {
    const pl_hit *t = &p->hits[i];
    if (!t->name[0]) continue;
    int v[4] = {(int)t->rc.x, (int)t->rc.y, (int)t->rc.w, (int)t->rc.h};
    for (const char *c = t->name; *c; c++) h = (h ^ (unsigned char)*c) * 1099511628211ull;
    for (int k = 0; k < 4; k++) h = (h ^ (uint64_t)(uint32_t)v[k]) * 1099511628211ull;
  }
  h ^= (uint64_t)p->screen;
  if (h == p->ui_traced) return;
  p->ui_traced = h;
  for (int i = 0; i < p->hit_count; i++) {
    const pl_hit *t = &p->hits[i];
    if (t->name[0])
      printf("stipple: ui %s %d %d %d %d\n", t->name, (int)t->rc.x, (int)t->rc.y, (int)t->rc.w, (int)t->rc.h);
  }
  printf("stipple: ui end\n");
  fflush(stdout);
}

bool pl_hit_at(const play *p, float x, float y, stp_action *out) {
  SDL_FPoint pt = {x, y};
  /* The last drawn is on top (a question over the panel). */
  for (int i = p->hit_count - 1; i >= 0; i--)
    if (SDL_PointInFRect(&pt, &p->hits[i].rc)) {
      *out = p->hits[i].act;
      if (out->kind == STP_ACT_SET_ANGLE && out->step == 1) {
        /* A dial: the direction of the point from the target's centre, in screen (chart)
         * angles (x right, y down), to the nearest 5 degrees. */
        const SDL_FRect *rc = &p->hits[i].rc;
        double dx = x - (rc->x + rc->w / 2), dy = y - (rc->y + rc->h / 2);
        if (hypot(dx, dy) < rc->w * 0.12) return false;   /* the hub: no direction */
        double a = atan2(dy, dx) * 180.0 / 3.14159265358979323846;
        a = fmod(round(a / 5.0) * 5.0 + 360.0, 360.0);
        out->angle_deg = a;
        out->step = 0;
      }
      return true;
    }
  return false;
}

static SDL_Color style_bg(int style) {
  switch (style) {
  case PL_BTN_ON: return C_ACCENT;
  case PL_BTN_PRIMARY: return C_ACCENT;
  case PL_BTN_GOOD: return C_GOOD;
  case PL_BTN_OFF: return (SDL_Color){48, 52, 62, 255};
  default: return (SDL_Color){64, 70, 84, 255};
  }
}

static const char *const ICON_NAMES[] = {"end-session", "finish", "fit", "grain", "ink", "loupe", "menu", "needle",
                                          "next", "overlays", "pen", "pigment", "pressure", "redo", "retry", "sound-off",
                                          "sound-on", "time", "undo", "zones", "zoom-in", "zoom-out"};
#define ICON_COUNT ((int)(sizeof ICON_NAMES / sizeof ICON_NAMES[0]))

/* The icon's texture, loaded the first time it is asked for (NULL when it cannot be). */
static SDL_Texture *icon_texture(play *p, const char *name) {
  for (int i = 0; i < ICON_COUNT && i < 32; i++) {
    if (strcmp(ICON_NAMES[i], name) != 0) continue;
    if (!p->icons_tried[i] && p->assets_dir[0]) {
      p->icons_tried[i] = true;
      char path[1200];
      snprintf(path, sizeof path, "%s/icons/%s.png", p->assets_dir, name);
      if (stp_file_is_regular(path)) {   /* a small PNG the project made (assets/README.md) */
        SDL_Surface *sf = IMG_Load(path);
        if (sf) {
          p->icons[i] = SDL_CreateTextureFromSurface(p->ren, sf);
          if (p->icons[i]) SDL_SetTextureBlendMode(p->icons[i], SDL_BLENDMODE_BLEND);
          SDL_FreeSurface(sf);
        }
      }
    }
    return p->icons[i];
  }
  return NULL;
}

void pl_icons_free(play *p) {
  for (int i = 0; i < 32; i++) {
    if (p->icons[i]) SDL_DestroyTexture(p->icons[i]);
    p->icons[i] = NULL;
    p->icons_tried[i] = false;
  }
}

bool pl_keys_shown(const play *p) { return !(p->touch_seen && !p->keys_seen); }

void pl_button(play *p, SDL_FRect rc, const char *label, const char *key, stp_action a, int style) {
  pl_button_icon(p, rc, NULL, label, key, a, style);
}

void pl_button_icon(play *p, SDL_FRect rc, const char *icon, const char *label, const char *key, stp_action a, int style) {
  SDL_Color bg = style_bg(style);
  pl_fill(p->ren, rc.x, rc.y, rc.w, rc.h, bg);
  bool dark_text = style == PL_BTN_ON || style == PL_BTN_PRIMARY || style == PL_BTN_GOOD;
  SDL_Color fg = style == PL_BTN_OFF ? (SDL_Color){110, 116, 128, 255} : dark_text ? (SDL_Color){20, 20, 24, 255} : C_TEXT;
  SDL_Color kc = dark_text ? (SDL_Color){60, 56, 48, 255} : C_DIM;
  SDL_Texture *tex = icon ? icon_texture(p, icon) : NULL;
  float is = tex ? roundf(fminf(rc.h * 0.62f, p->px * 1.3f)) : 0, ig = tex ? p->px * 0.35f : 0;
  /* The label at the panel's text size, or the small one when it does not fit, the key
   * after it while there is room, the icon before it. Two sizes only: each size the font
   * draws is an atlas baked (stp_font keeps STP_FONT_CACHE_SIZES), and a size per button
   * would bake every frame. */
  float size = p->px * PL_TEXT, ksize = p->px * PL_TEXT_KEY, gap = p->px * 0.4f;
  float lw = stp_font_measure(p->font, size, label);
  if (!pl_keys_shown(p)) key = NULL;   /* a tablet: no keyboard to press them on */
  float kw = key && key[0] ? stp_font_measure(p->font, ksize, key) + gap : 0;
  if (is + ig + lw + kw > rc.w - p->px * 0.5f) {
    size = p->px * PL_TEXT_SMALL;
    lw = stp_font_measure(p->font, size, label);
  }
  if (is + ig + lw + kw > rc.w - p->px * 0.3f) kw = 0;   /* no room for the key */
  if (tex && is + ig + lw > rc.w - p->px * 0.3f) { lw = 0; ig = 0; }   /* the icon alone */
  float x = rc.x + (rc.w - is - ig - lw - kw) / 2, ty = rc.y + (rc.h - stp_font_line_height(p->font, size)) / 2;
  SDL_Rect clip = {(int)rc.x, (int)rc.y, (int)ceilf(rc.w), (int)ceilf(rc.h)};
  SDL_Rect old;
  bool clipped = SDL_RenderIsClipEnabled(p->ren);
  SDL_RenderGetClipRect(p->ren, &old);
  SDL_RenderSetClipRect(p->ren, &clip);
  if (tex) {
    SDL_FRect dst = {roundf(x), roundf(rc.y + (rc.h - is) / 2), is, is};
    SDL_SetTextureColorMod(tex, fg.r, fg.g, fg.b);
    SDL_RenderCopyF(p->ren, tex, NULL, &dst);
    x += is + ig;
  }
  if (lw > 0) pl_text(p, x, ty, size, fg, label);
  if (kw > 0) pl_text(p, x + lw + gap, ty + (size - ksize) * 0.6f, ksize, kc, key);
  SDL_RenderSetClipRect(p->ren, clipped ? &old : NULL);
  if (style != PL_BTN_OFF) {
    pl_hit_add(p, rc, a);
    pl_hit_name_last(p, label);
  }
}

float pl_label(play *p, float x, float y, float size, SDL_Color c, const char *s) {
  float w = stp_font_measure(p->font, size, s), h = stp_font_line_height(p->font, size), m = size * 0.25f;
  pl_fill(p->ren, x - m, y - m * 0.4f, w + 2 * m, h + m * 0.8f, (SDL_Color){16, 18, 22, 190});
  pl_text(p, x, y, size, c, s);
  return w;
}

float pl_text_fit(play *p, float x, float y, float size, SDL_Color c, const char *s, float max_w) {
  if (stp_font_measure(p->font, size, s) <= max_w) return pl_text(p, x, y, size, c, s);
  /* Cut at a character (not inside a UTF-8 sequence) so the text and an ellipsis fit. */
  char buf[512];
  size_t n = strlen(s);
  if (n >= sizeof buf - 4) n = sizeof buf - 4;
  while (n > 0) {
    while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80) n--;   /* a sequence's start */
    memcpy(buf, s, n);
    while (n > 0 && buf[n - 1] == ' ') n--;
    memcpy(buf + n, "\u2026", 4);   /* … (3 bytes and the NUL) */
    if (stp_font_measure(p->font, size, buf) <= max_w) return pl_text(p, x, y, size, c, buf);
    n--;
  }
  return 0;
}
