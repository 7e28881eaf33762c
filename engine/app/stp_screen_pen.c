/* stp_screen_pen.c - the pen screen: the trainee's pressure curve and a test strip.
 *
 * Left, the curve: the needle depth a pen's pressure gives (depth = stp_pressure_to_depth(
 * pressure ^ gamma), docs/input.md), drawn over the stable depth window (0.5 to 1.5 mm,
 * the bundled cases'), with a stepper for gamma (0.2 to 5; below 1 a light touch goes
 * deeper, above 1 a firmer press is needed) and a button back to linear. Each change is
 * applied at once and saved in the trainee's profile (stp_profile, atomically).
 * Right, the test strip: a patch of skin where each pen or finger contact (or a mouse
 * click, at the tool's pressure) leaves a dot as deep as it went, and a line says the
 * pressure, the depth and whether it is in the window; the input latency of these taps is
 * measured as the play screen's is. Nothing here touches a work.
 * Opened from the menu's Pen button, or with `stipple --pen`.
 */
#define _POSIX_C_SOURCE 200809L
#include "stp_play_internal.h"

#include "stp_play_loop.h"

#define SHALLOW_MM 0.5   /* the stable window drawn (the bundled cases' depth_window) */
#define DEEP_MM 1.5
#define GAMMA_MIN 0.2
#define GAMMA_MAX 5.0

typedef struct pen_layout {
  SDL_FRect plot, strip, menu;
  float x_right, w_right, y;
} pen_layout;

static void layout(const play *p, pen_layout *m) {
  float pad = p->px * 2, top = pad * 0.6f + p->target + p->px;
  float W = (float)p->out_w, H = (float)p->out_h - p->status_h;
  float half = (W - 3 * pad) / 2, h = H - top - pad;
  float side = fminf(half, h - p->target * 2.6f - p->px * 3);
  if (side < p->px * 8) side = p->px * 8;
  m->plot = (SDL_FRect){pad + p->px * 2.5f, top, side - p->px * 2.5f, side - p->px * 2.5f};
  m->y = top + side;
  m->x_right = pad * 2 + half;
  m->w_right = half;
  float sh = h - p->px * 6;
  m->strip = (SDL_FRect){m->x_right, top + p->px * 2.2f, half, fminf(sh, half * 0.75f)};
  float bw = stp_font_measure(p->font, p->px * PL_TEXT, "Menu") + p->px * 4;
  m->menu = (SDL_FRect){W - pad - bw, pad * 0.6f, bw, p->target};
}

/* The view the input maps the strip through: 1 px per "mm", so a contact's point is kept
 * in strip pixels; any point of the strip is a hit. */
const stp_view *pl_pen_view(play *p) {
  pen_layout m;
  layout(p, &m);
  stp_view_set_viewport(&p->pen_view, m.strip.x, m.strip.y, m.strip.w, m.strip.h);
  p->pen_view.scale = 1;
  p->pen_view.cx = m.strip.w / 2;
  p->pen_view.cy = m.strip.h / 2;
  return &p->pen_view;
}

static double curve_depth(double pressure, double gamma) {
  return stp_pressure_to_depth(stp_input_pressure_curve(pressure, gamma));
}

static void set_gamma(play *p, double g) {
  if (g < GAMMA_MIN) g = GAMMA_MIN;
  if (g > GAMMA_MAX) g = GAMMA_MAX;
  g = round(g * 100) / 100;
  p->pressure_gamma = g;
  p->input.pressure_gamma = g;
  pl_loop *L = p->loop;
  if (L && L->profile_ok) {
    L->profile.pressure.kind = STP_PRESSURE_GAMMA;
    L->profile.pressure.gamma = g;
    stp_error err;
    stp_error_clear(&err);
    if (stp_app_profile_save(&L->profile, &err) != STP_OK) {
      char buf[1200];
      pl_set_status(p, true, "The curve is used but not saved: %s", stp_error_format(&err, buf, sizeof buf));
      return;
    }
  }
  printf("stipple: pressure curve gamma %.2f%s\n", g, L && L->profile_ok ? " (saved)" : "");
  fflush(stdout);
  pl_set_status(p, false, "Pressure curve: gamma %.2f%s.", g,
                L && L->profile_ok ? ", saved for this trainee" : " (not saved: no profile)");
}

static void draw_plot(play *p, const pen_layout *m) {
  SDL_FRect r = m->plot;
  double gamma = p->input.pressure_gamma > 0 ? p->input.pressure_gamma : 1;
  pl_fill(p->ren, r.x, r.y, r.w, r.h, (SDL_Color){34, 38, 46, 255});
  /* Depth runs down (0 at the top, 2.4 mm at the foot), as a needle goes in. */
  const double dmax = 2.4;
  float y0 = r.y + r.h * (float)(SHALLOW_MM / dmax), y1 = r.y + r.h * (float)(DEEP_MM / dmax);
  pl_fill(p->ren, r.x, y0, r.w, y1 - y0, (SDL_Color){46, 84, 70, 255});
  float sw = stp_font_measure(p->font, p->px * PL_TEXT_KEY, "the stable window");   /* right: the curve starts left */
  pl_text(p, r.x + r.w - sw - p->px * 0.4f, y0 + p->px * 0.2f, p->px * PL_TEXT_KEY, C_GOOD, "the stable window");
  SDL_FPoint pts[65];
  for (int i = 0; i <= 64; i++) {
    double pr = i / 64.0, d = curve_depth(pr, gamma);
    pts[i] = (SDL_FPoint){r.x + r.w * (float)pr, r.y + r.h * (float)(d / dmax)};
  }
  SDL_SetRenderDrawColor(p->ren, C_ACCENT.r, C_ACCENT.g, C_ACCENT.b, 255);
  for (int k = -1; k <= 1; k++) {
    SDL_FPoint q[65];
    for (int i = 0; i <= 64; i++) q[i] = (SDL_FPoint){pts[i].x, pts[i].y + (float)k};
    SDL_RenderDrawLinesF(p->ren, q, 65);
  }
  /* The pressures that reach the window's edges, on the curve. */
  float ls = p->px * PL_TEXT_KEY;
  pl_text(p, r.x, r.y + r.h + p->px * 0.2f, ls, C_DIM, "light");
  float tw = stp_font_measure(p->font, ls, "firm");
  pl_text(p, r.x + r.w - tw, r.y + r.h + p->px * 0.2f, ls, C_DIM, "firm");
  const char *ax = "pen pressure \u2192";
  tw = stp_font_measure(p->font, ls, ax);
  pl_text(p, r.x + (r.w - tw) / 2, r.y + r.h + p->px * 0.2f, ls, C_DIM, ax);
  pl_text(p, r.x - p->px * 2.4f, r.y, ls, C_DIM, "0 mm");
  pl_text(p, r.x - p->px * 2.4f, r.y + r.h - p->px, ls, C_DIM, "2.4 mm");
  /* The trainee's taps on the strip, on the curve. */
  for (int i = 0; i < p->pen_tap_count && i < PL_PEN_TAPS; i++) {
    const pl_pen_tap *t = &p->pen_taps[i];
    float x = r.x + r.w * (float)t->raw, y = r.y + r.h * (float)(t->depth / dmax);
    pl_fill(p->ren, x - 3, y - 3, 6, 6, C_TEXT);
  }
}

static void draw_strip(play *p, const pen_layout *m) {
  SDL_FRect s = m->strip;
  pl_text(p, s.x, s.y - p->px * 1.9f, p->px * 1.2f, C_TEXT, "Test strip: tap it with the pen");
  pl_fill(p->ren, s.x, s.y, s.w, s.h, (SDL_Color){196, 150, 122, 255});
  pl_hit_add(p, s, (stp_action){.kind = STP_ACT_NONE});   /* named for the UI trace; contacts are PLACE */
  pl_hit_name_last(p, "Test strip");
  /* Each tap a dot: the deeper, the larger and darker (a sketch, not the pigment model). */
  for (int i = 0; i < p->pen_tap_count && i < PL_PEN_TAPS; i++) {
    const pl_pen_tap *t = &p->pen_taps[i];
    float r = (float)(2 + t->depth * 4), a = (float)fmin(1, 0.35 + t->depth / 2.2);
    bool ok = t->depth >= SHALLOW_MM && t->depth <= DEEP_MM;
    SDL_Color c = ok ? (SDL_Color){40, 32, 30, (Uint8)(255 * a)} : (SDL_Color){120, 40, 30, (Uint8)(255 * a)};
    SDL_Vertex v[3 * 24];
    float cx = s.x + t->x, cy = s.y + t->y;
    for (int k = 0; k < 24; k++) {
      float a0 = 6.2831853f * (float)k / 24, a1 = 6.2831853f * (float)(k + 1) / 24;
      v[3 * k] = (SDL_Vertex){{cx, cy}, c, {0, 0}};
      v[3 * k + 1] = (SDL_Vertex){{cx + r * cosf(a0), cy + r * sinf(a0)}, c, {0, 0}};
      v[3 * k + 2] = (SDL_Vertex){{cx + r * cosf(a1), cy + r * sinf(a1)}, c, {0, 0}};
    }
    SDL_RenderGeometry(p->ren, NULL, v, 3 * 24, NULL, 0);
  }
  float y = s.y + s.h + p->px * 0.5f;
  char buf[200];
  if (p->pen_tap_count > 0) {
    const pl_pen_tap *t = &p->pen_taps[(p->pen_tap_count - 1) % PL_PEN_TAPS];
    bool ok = t->depth >= SHALLOW_MM && t->depth <= DEEP_MM;
    snprintf(buf, sizeof buf, "%s %.0f%% \u2192 depth %.2f mm: %s", t->pen ? "pen pressure" : "mouse (the tool's pressure)",
             t->raw * 100, t->depth, t->depth < SHALLOW_MM ? "too shallow" : ok ? "in the stable window" : "too deep");
    pl_text(p, s.x, y, p->px * PL_TEXT, ok ? C_GOOD : C_BAD, buf);
  } else {
    pl_text(p, s.x, y, p->px * PL_TEXT, C_DIM, "No taps yet. A light tap, a firm one: see where each lands.");
  }
  y += stp_font_line_height(p->font, p->px * PL_TEXT);
  char lat[160];
  if (pl_latency_text(p, lat, sizeof lat)[0]) pl_text(p, s.x, y, p->px * PL_TEXT_SMALL, C_DIM, lat);
}

static void pen_draw(play *p) {
  pen_layout m;
  layout(p, &m);
  SDL_SetRenderDrawColor(p->ren, 28, 31, 38, 255);
  SDL_RenderClear(p->ren);
  float pad = p->px * 2;
  char title[160];
  snprintf(title, sizeof title, "Pen and pressure \u2014 %s", p->loop ? p->loop->profile.name : "this run");
  pl_text(p, pad, pad * 0.6f + (p->target - stp_font_line_height(p->font, p->px * 1.6f)) / 2, p->px * 1.6f, C_TEXT, title);
  pl_button(p, m.menu, "Menu", "M", (stp_action){.kind = STP_ACT_MENU}, PL_BTN_PRIMARY);
  draw_plot(p, &m);
  /* Under the plot: the curve's stepper and what it means. */
  double g = p->input.pressure_gamma > 0 ? p->input.pressure_gamma : 1;
  float x = pad, w = m.plot.x + m.plot.w - pad, y = m.y + p->px * 1.6f, t = p->target, gap = p->px * 0.3f;
  char buf[200];
  snprintf(buf, sizeof buf, "Curve \u03b3 %.2f", g);
  pl_button(p, (SDL_FRect){x, y, t, t}, "\u2212", "", (stp_action){.kind = STP_ACT_UI, .step = PL_UI_GAMMA, .delta = -0.1},
            g > GAMMA_MIN ? PL_BTN_PLAIN : PL_BTN_OFF);
  pl_hit_name_last(p, "Curve -");
  float lw = stp_font_measure(p->font, p->px * PL_TEXT, buf);
  pl_text(p, x + t + gap + (w - 2 * (t + gap) - lw) / 2, y + (t - stp_font_line_height(p->font, p->px * PL_TEXT)) / 2,
          p->px * PL_TEXT, C_TEXT, buf);
  pl_button(p, (SDL_FRect){x + w - t, y, t, t}, "+", "", (stp_action){.kind = STP_ACT_UI, .step = PL_UI_GAMMA, .delta = 0.1},
            g < GAMMA_MAX ? PL_BTN_PLAIN : PL_BTN_OFF);
  pl_hit_name_last(p, "Curve +");
  y += t + gap;
  pl_button(p, (SDL_FRect){x, y, w, t}, "Linear (\u03b3 1)", "", (stp_action){.kind = STP_ACT_UI, .step = PL_UI_GAMMA, .delta = 0},
            fabs(g - 1) > 1e-9 ? PL_BTN_PLAIN : PL_BTN_OFF);
  y += t + gap;
  const char *what = g < 0.95 ? "Below 1: a light touch already goes deep (for a heavy hand or a stiff pen)."
                     : g > 1.05 ? "Above 1: a firmer press is needed to go deep (for a light hand)."
                                : "Linear: the depth follows the pen's pressure as it comes.";
  stp_font_draw_wrapped(p->font, p->ren, x, y, p->px * PL_TEXT_SMALL, w, C_DIM, what);
  draw_strip(p, &m);
  pl_draw_status(p);
  pl_present(p);
}

static void pen_action(play *p, const stp_action *a, Uint32 stamp) {
  switch (a->kind) {
  case STP_ACT_QUIT: p->running = false; return;
  case STP_ACT_MENU:
  case STP_ACT_BACK: pl_menu_enter(p); return;
  case STP_ACT_UI:
    if (a->step == PL_UI_GAMMA) set_gamma(p, a->delta == 0 ? 1 : (p->input.pressure_gamma > 0 ? p->input.pressure_gamma : 1) + a->delta);
    return;
  case STP_ACT_PLACE: {
    /* A contact on the strip: its pressure came through the curve (a pen) or is the tool's
     * (the mouse); the raw pressure is the curve undone. */
    double g = p->input.pressure_gamma > 0 ? p->input.pressure_gamma : 1;
    pl_pen_tap *t = &p->pen_taps[p->pen_tap_count % PL_PEN_TAPS];
    t->x = (float)(a->sx - p->pen_view.vx);
    t->y = (float)(a->sy - p->pen_view.vy);
    t->pen = a->from_pen;
    t->raw = a->from_pen ? pow(a->pressure, 1 / g) : a->pressure;
    t->depth = stp_pressure_to_depth(a->pressure);
    p->pen_tap_count++;
    pl_latency_placed(p, stamp);
    printf("stipple: pen test: %s pressure %.3f depth %.3f\n", t->pen ? "pen" : "mouse", t->raw, t->depth);
    fflush(stdout);
    p->redraw = true;
    return;
  }
  default: return;
  }
}

const pl_screen pl_screen_pen = {"pen", NULL, pen_action, pen_draw};

void pl_pen_enter(play *p) {
  if (p->game) pl_menu_enter(p);   /* saves and closes a case first */
  if (p->game) return;             /* it could not be saved: stay */
  p->pen_tap_count = 0;
  p->screen = SCREEN_PEN;
  p->redraw = true;
}
