/* stp_loop_ui.c - icons, the celebration, line charts and the progress screen's body. */
#define _POSIX_C_SOURCE 200809L
#include "stp_loop_ui.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PI_F 3.14159265358979323846
#define UI_TEXT ((SDL_Color){232, 234, 238, 255})
#define UI_DIM ((SDL_Color){160, 168, 180, 255})
#define UI_GOOD ((SDL_Color){86, 180, 233, 255})
#define UI_BAD ((SDL_Color){230, 120, 60, 255})
#define UI_ACCENT ((SDL_Color){255, 196, 61, 255})

static SDL_Vertex vtx(float x, float y, SDL_Color c) { return (SDL_Vertex){{x, y}, c, {0, 0}}; }

void stp_ui_thick_line(SDL_Renderer *r, float x0, float y0, float x1, float y1, float w, SDL_Color c) {
  float dx = x1 - x0, dy = y1 - y0, len = sqrtf(dx * dx + dy * dy);
  if (len <= 0) return;
  float nx = -dy / len * w / 2, ny = dx / len * w / 2;
  SDL_Vertex v[4] = {vtx(x0 + nx, y0 + ny, c), vtx(x1 + nx, y1 + ny, c), vtx(x1 - nx, y1 - ny, c),
                     vtx(x0 - nx, y0 - ny, c)};
  int idx[6] = {0, 1, 2, 0, 2, 3};
  SDL_SetRenderDrawBlendMode(r, SDL_BLENDMODE_BLEND);
  SDL_RenderGeometry(r, NULL, v, 4, idx, 6);
}

void stp_ui_disc(SDL_Renderer *r, float cx, float cy, float radius, SDL_Color c) {
  enum { N = 20 };
  SDL_Vertex v[N + 1];
  int idx[N * 3];
  v[0] = vtx(cx, cy, c);
  for (int i = 0; i < N; i++) {
    float a = (float)(2 * PI_F * i / N);
    v[i + 1] = vtx(cx + radius * cosf(a), cy + radius * sinf(a), c);
    idx[i * 3] = 0;
    idx[i * 3 + 1] = i + 1;
    idx[i * 3 + 2] = (i + 1) % N + 1;
  }
  SDL_SetRenderDrawBlendMode(r, SDL_BLENDMODE_BLEND);
  SDL_RenderGeometry(r, NULL, v, N + 1, idx, N * 3);
}

void stp_ui_tick(SDL_Renderer *r, float x, float y, float s, SDL_Color c) {
  float w = s * 0.16f;
  stp_ui_thick_line(r, x + s * 0.12f, y + s * 0.52f, x + s * 0.40f, y + s * 0.80f, w, c);
  stp_ui_thick_line(r, x + s * 0.37f, y + s * 0.80f, x + s * 0.90f, y + s * 0.18f, w, c);
}

void stp_ui_lock(SDL_Renderer *r, float x, float y, float s, SDL_Color c) {
  /* The shackle: a half ring of short segments over the body. */
  float cx = x + s / 2, cy = y + s * 0.45f, rad = s * 0.24f, w = s * 0.11f;
  for (int i = 0; i < 8; i++) {
    float a0 = (float)(PI_F + PI_F * i / 8), a1 = (float)(PI_F + PI_F * (i + 1) / 8);
    stp_ui_thick_line(r, cx + rad * cosf(a0), cy + rad * sinf(a0), cx + rad * cosf(a1), cy + rad * sinf(a1), w, c);
  }
  stp_ui_thick_line(r, cx - rad, cy, cx - rad, cy + s * 0.08f, w, c);
  stp_ui_thick_line(r, cx + rad, cy, cx + rad, cy + s * 0.08f, w, c);
  SDL_FRect body = {x + s * 0.16f, y + s * 0.48f, s * 0.68f, s * 0.46f};
  SDL_SetRenderDrawColor(r, c.r, c.g, c.b, c.a);
  SDL_RenderFillRectF(r, &body);
}

void stp_ui_celebrate(SDL_Renderer *r, float cx, float cy, float radius, float t_ms, SDL_Color c) {
  if (t_ms < 0 || t_ms > STP_UI_CELEBRATE_MS) return;
  float t = t_ms / STP_UI_CELEBRATE_MS;
  float ease = 1 - (1 - t) * (1 - t) * (1 - t);           /* fast out, settling */
  Uint8 alpha = (Uint8)(255 * (t < 0.6f ? 1.0f : (1 - t) / 0.4f));
  /* Three rings of dots, the outer ones later, each turning a little as it opens. */
  for (int ring = 0; ring < 3; ring++) {
    float rt = ease * (1.0f - 0.18f * (float)ring);
    int n = 12 + 6 * ring;
    float rr = radius * rt * (0.55f + 0.25f * (float)ring);
    float dot = radius * (0.055f - 0.012f * (float)ring) * (0.6f + 0.4f * (1 - t));
    for (int i = 0; i < n; i++) {
      float a = (float)(2 * PI_F * i / n) + 0.6f * ease * (ring % 2 ? -1.0f : 1.0f);
      SDL_Color col = ring == 1 ? (SDL_Color){UI_GOOD.r, UI_GOOD.g, UI_GOOD.b, alpha} : (SDL_Color){c.r, c.g, c.b, alpha};
      stp_ui_disc(r, cx + rr * cosf(a), cy + rr * sinf(a), dot, col);
    }
  }
}

static void dashed_h(SDL_Renderer *r, float x0, float x1, float y, SDL_Color c) {
  SDL_SetRenderDrawColor(r, c.r, c.g, c.b, c.a);
  for (float x = x0; x < x1; x += 6) SDL_RenderDrawLineF(r, x, y, fminf(x + 3, x1), y);
}

void stp_ui_line_chart(SDL_Renderer *r, stp_font *f, float px, SDL_FRect rc, const double *v, size_t n,
                       const char *label, double pass_mark) {
  float lh = stp_font_line_height(f, px * 0.8f);
  SDL_FRect plot = {rc.x, rc.y + lh, rc.w, rc.h - lh};
  SDL_SetRenderDrawBlendMode(r, SDL_BLENDMODE_BLEND);
  SDL_SetRenderDrawColor(r, 24, 27, 33, 255);
  SDL_RenderFillRectF(r, &plot);
  SDL_SetRenderDrawColor(r, 70, 76, 90, 255);
  SDL_RenderDrawRectF(r, &plot);
  float pad = px * 0.35f;
  float x0 = plot.x + pad, x1 = plot.x + plot.w - pad, y0 = plot.y + pad, y1 = plot.y + plot.h - pad;
  /* y: 0 at the foot, 100 at the top. */
#define CHART_Y(val) (y1 - (float)(val) / 100.0f * (y1 - y0))
  if (pass_mark > 0 && pass_mark <= 100) dashed_h(r, x0, x1, CHART_Y(pass_mark), (SDL_Color){120, 126, 140, 255});
  double last = NAN;
  float px_prev = 0, py_prev = 0;
  bool have_prev = false;
  for (size_t i = 0; i < n; i++) {
    float x = n > 1 ? x0 + (x1 - x0) * (float)i / (float)(n - 1) : (x0 + x1) / 2;
    if (isnan(v[i])) { have_prev = false; continue; }
    double val = fmin(100, fmax(0, v[i]));
    float y = CHART_Y(val);
    if (have_prev) stp_ui_thick_line(r, px_prev, py_prev, x, y, fmaxf(1.5f, px * 0.12f), UI_GOOD);
    stp_ui_disc(r, x, y, fmaxf(2.0f, px * 0.18f), pass_mark > 0 && val < pass_mark ? UI_BAD : UI_GOOD);
    px_prev = x;
    py_prev = y;
    have_prev = true;
    last = val;
  }
  /* The scale in the plot's corners: 100 at the top, 0 at the foot, and the attempts
   * along it ("1" at the left, the count at the right). */
  float ts = px * 0.62f, tl = stp_font_line_height(f, ts);
  SDL_Color dim = {130, 136, 150, 255};
  stp_font_draw(f, r, plot.x + 2, plot.y + 1, ts, dim, "100");
  stp_font_draw(f, r, plot.x + 2, plot.y + plot.h - tl - 1, ts, dim, "0");
  if (n > 1) {
    char cnt[32];
    snprintf(cnt, sizeof cnt, "%zu tries", n);
    float cw = stp_font_measure(f, ts, cnt);
    stp_font_draw(f, r, plot.x + plot.w - cw - 2, plot.y + plot.h - tl - 1, ts, dim, cnt);
  }
  if (pass_mark > 0 && pass_mark <= 100) {
    char pm[16];
    snprintf(pm, sizeof pm, "%.0f", pass_mark);
    float pw = stp_font_measure(f, ts, pm);
    stp_font_draw(f, r, plot.x + plot.w - pw - 2, CHART_Y(pass_mark) - tl, ts, dim, pm);
  }
#undef CHART_Y
  char buf[96];
  if (isnan(last)) snprintf(buf, sizeof buf, "%s", label);
  else snprintf(buf, sizeof buf, "%s  %.0f", label, last);
  stp_font_draw(f, r, rc.x, rc.y, px * 0.8f, UI_TEXT, buf);
}

/* One case's block: its heading and its charts, at y. Returns the height used. */
static float case_block(SDL_Renderer *r, stp_font *f, float px, SDL_FRect area, float y, const stp_profile_case *c,
                        const char *title, int number, double pass_mark, bool draw) {
  float x = area.x, w = area.w, lh = stp_font_line_height(f, px);
  float top = y;
  if (draw) {
    char head[300];
    if (number > 0) snprintf(head, sizeof head, "%d  %s", number, title);
    else snprintf(head, sizeof head, "%s", title);
    stp_font_draw(f, r, x, y, px * 1.05f, UI_TEXT, head);
    char sub[160];
    snprintf(sub, sizeof sub, "best %.0f · grade %s · %zu attempt%s%s", c->best_score, stp_grade_text(c->best_grade),
             c->attempt_count, c->attempt_count == 1 ? "" : "s", c->passed ? " · passed" : "");
    float sw = stp_font_measure(f, px * 0.9f, sub);
    stp_font_draw(f, r, x + w - sw, y + px * 0.1f, px * 0.9f, c->passed ? UI_GOOD : UI_DIM, sub);
  }
  y += lh * 1.2f;
  /* Small multiples: the overall score, then each criterion. */
  float cw = fmaxf(px * 10, fminf(px * 16, w / 4 - px)), ch = px * 5.2f, gap = px * 0.9f;
  int cols = (int)((w + gap) / (cw + gap));
  if (cols < 1) cols = 1;
  cw = (w + gap) / (float)cols - gap;   /* fill the width */
  size_t n = c->attempt_count;
  double *v = malloc((n ? n : 1) * sizeof *v);
  if (!v) return y - top;
  int k = 0;
  for (int j = -1; j < c->crit_count; j++, k++) {
    const char *label;
    if (j < 0) {
      for (size_t i = 0; i < n; i++) v[i] = c->attempts[i].score;
      label = "score";
    } else {
      stp_profile_series(c, c->crit_key[j], v, n);
      label = c->crit_key[j];
    }
    SDL_FRect rc = {x + (float)(k % cols) * (cw + gap), y + (float)(k / cols) * (ch + gap), cw, ch};
    if (draw && rc.y + rc.h >= area.y && rc.y <= area.y + area.h)
      stp_ui_line_chart(r, f, px, rc, v, n, label, j < 0 ? pass_mark : 0);
  }
  free(v);
  int rows = (k + cols - 1) / cols;
  y += (float)rows * (ch + gap) + px * 0.8f;
  return y - top;
}

float stp_ui_progress(SDL_Renderer *r, stp_font *f, float px, SDL_FRect area, const stp_profile *p,
                      const stp_app_case *cs, int n, float scroll) {
  float y = area.y - scroll;
  bool any = false;
  SDL_Rect clip = {(int)area.x - 2, (int)area.y, (int)area.w + 4, (int)area.h};
  SDL_RenderSetClipRect(r, &clip);
  /* The curriculum's cases first, in order. */
  for (int k = 0; k < n; k++) {
    const stp_profile_case *c = cs[k].broken ? NULL : stp_profile_find(p, cs[k].id);
    if (!c || c->attempt_count == 0) continue;
    any = true;
    y += case_block(r, f, px, area, y, c, cs[k].title, k + 1, cs[k].pass_mark, true);
  }
  for (int i = 0; i < p->case_count; i++) {
    bool listed = false;
    for (int k = 0; k < n && !listed; k++) listed = strcmp(cs[k].id, p->cases[i].id) == 0;
    if (listed || p->cases[i].attempt_count == 0) continue;
    any = true;
    y += case_block(r, f, px, area, y, &p->cases[i], p->cases[i].id, 0, 0, true);
  }
  if (!any) {
    y += stp_font_draw_wrapped(f, r, area.x, y, px, area.w, UI_DIM,
                               "No attempts yet. Finish a case and its score and each criterion appear here, "
                               "one small chart each, growing with every attempt.");
  }
  SDL_RenderSetClipRect(r, NULL);
  return y + scroll - area.y;
}
