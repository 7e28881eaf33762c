/* The renderer at a moment in time (stp_draw_opts.at): one dot drawn at its age, measured
 * from the rendered pixels against what the healing model (stp_heal.h) says of it.
 *
 *   - a fresh dot (day 0) is larger and darker than the same dot settled (day 30): its
 *     width where it is half dark is the model's fresh diameter, and the settled one the
 *     healed drawing's (stp_draw.c, dot_quad); the ratio of their darkness at the centre
 *     is the ratio of the model's opacities (SDL blends per sRGB channel, so the darkening
 *     at the centre is opacity x (skin - pigment), the pigment's colour the same fresh and
 *     healed);
 *   - on day 1 the skin about the dot is red (the blush, STP_DRAW_BLUSH_*, at the model's
 *     redness), on day 30 not at all;
 *   - five years on (day 1825) the dot is lighter than at day 30 by the model's fading;
 *   - impressions of a later session are not drawn before it; a touch-up's old work
 *     (opts.under) is drawn beneath;
 *   - the persistent layer (the game's path) redraws for a new moment: the same picture as
 *     drawing every dot directly at that moment. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include "stp_test.h"
#include <SDL2/SDL.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "stp_draw.h"
#include "stp_heal.h"
#include "stp_pigment.h"

#define W 256
#define H 256
#define CX 0.0
#define CY 135.0
#define SCALE 100.0   /* px per mm: the view is 2.56 mm across */

static void base(stp_scenario *s) {
  stp_scenario_defaults(s);
  s->skin.fitzpatrick = 2;
  stp_skin_tone(2, s->skin.rgb);
  s->zone_count = 1;
  memset(&s->zones[0], 0, sizeof s->zones[0]);
  strcpy(s->zones[0].id, "z");
  s->zones[0].shape = stp_shape_rect(-20, 120, 40, 30);
  s->zones[0].density_per_cm2 = 30; s->zones[0].density_tolerance = 5;
  s->zones[0].ink = 0.5; s->zones[0].depth_mm = 1.0; s->zones[0].angle_deg = 270;
  s->healing.loss = 0;   /* the one dot is never lost in healing */
}

static stp_impression one_dot(int session) {
  /* Grain 0: the dot's long axis along the screen's rows, its width down a column. */
  stp_impression i = {CX, CY, 0, 1.0, 0.25, 0.8, session, 0, 0, 0, 0, 0, 0};
  return i;
}

typedef struct canvas { SDL_Surface *surf; SDL_Renderer *r; stp_draw *d; stp_view v; } canvas;

static void canvas_open(canvas *c, const stp_scenario *s, double scale) {
  c->surf = SDL_CreateRGBSurfaceWithFormat(0, W, H, 32, SDL_PIXELFORMAT_ARGB8888);
  c->r = SDL_CreateSoftwareRenderer(c->surf);
  assert_non_null(c->r);
  assert_int_equal(stp_draw_create(&c->d, c->r, s, 1, NULL), STP_OK);
  memset(&c->v, 0, sizeof c->v);
  stp_view_set_viewport(&c->v, 0, 0, W, H);
  double half = W / scale / 2;
  stp_view_fit(&c->v, CX - half, CY - half, CX + half, CY + half);
}

static void canvas_close(canvas *c) {
  stp_draw_destroy(c->d);
  SDL_DestroyRenderer(c->r);
  SDL_FreeSurface(c->surf);
}

/* Draw w (and under) at `days` after session `session`; a copy of the picture. */
static SDL_Surface *draw_at(canvas *c, const stp_work *w, const stp_work *under, int session, double days,
                            bool layered) {
  stp_draw_opts o = {.at = {.timed = true, .session = session, .days = days}, .under = under, .layered = layered};
  int frames = 0;
  do { stp_draw_scalp(c->d, &c->v, w, &o); frames++; } while (stp_draw_pending(c->d) && frames < 100);
  SDL_RenderPresent(c->r);
  return SDL_ConvertSurface(c->surf, c->surf->format, 0);
}

static SDL_Surface *render_at(const stp_scenario *s, const stp_work *w, int session, double days) {
  canvas c;
  canvas_open(&c, s, SCALE);
  SDL_Surface *img = draw_at(&c, w, NULL, session, days, false);
  canvas_close(&c);
  return img;
}

static void px(SDL_Surface *s, int x, int y, double rgb[3]) {
  Uint32 p = ((Uint32 *)((Uint8 *)s->pixels + y * s->pitch))[x];
  rgb[0] = (p >> 16) & 255; rgb[1] = (p >> 8) & 255; rgb[2] = p & 255;
}
static double lum_at(SDL_Surface *s, int x, int y) {
  double c[3];
  px(s, x, y, c);
  return 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2];
}

/* The darkening at the dot's centre (the skin's luminance less the picture's), averaged over
 * the 3x3 pixels there. */
static double centre_dark(SDL_Surface *img, SDL_Surface *skin) {
  double sum = 0;
  for (int dy = -1; dy <= 1; dy++)
    for (int dx = -1; dx <= 1; dx++) sum += lum_at(skin, W / 2 + dx, H / 2 + dy) - lum_at(img, W / 2 + dx, H / 2 + dy);
  return sum / 9;
}

/* The dot's width down the centre column where it darkens the skin by at least `level`
 * luminance levels, px (interpolated between pixels). */
static double dark_height(SDL_Surface *img, SDL_Surface *skin, double level) {
  double dark[H];
  for (int y = 0; y < H; y++) dark[y] = lum_at(skin, W / 2, y) - lum_at(img, W / 2, y);
  assert_true(dark[H / 2] > level);
  int l = H / 2, r = H / 2;
  while (l > 0 && dark[l - 1] >= level) l--;
  while (r < H - 1 && dark[r + 1] >= level) r++;
  assert_true(l > 0 && r < H - 1);
  double left = l - (dark[l] - level) / (dark[l] - dark[l - 1]);
  double right = r + (dark[r] - level) / (dark[r] - dark[r + 1]);
  return right - left;
}

/* How the renderer draws a dot of look L across the grain at a moment (stp_draw.c,
 * dot_quad; one rule at every age): a quad *wid mm wide whose sprite is opaque to 1 - es
 * of its half-width and falls by a smoothstep to nothing at the rim. The sprite is the one
 * whose edge is nearest e = 2 s / (D + s) among 0.12, 0.3, 0.55 and 0.95, the quad
 * 2 D / (2 - es) wide, so it is half opaque at D; when e > 0.95 (a settled dot's soft
 * edge, wider than its core) the softest sprite over the whole extent D + s. */
static const double edges[4] = {0.12, 0.3, 0.55, 0.95};
static void drawn_quad(const stp_heal_look *h, double *wid, double *es) {
  const stp_dot_look *L = &h->dot;
  double D = L->diameter_mm, sft = L->softness_mm;
  double e = 2 * sft / (D + sft);
  if (e > 0.95) { *es = 0.95; *wid = D + sft; return; }
  int best = 0;
  for (int k = 1; k < 4; k++) if (fabs(edges[k] - e) < fabs(edges[best] - e)) best = k;
  *es = edges[best];
  *wid = 2 * D / (2 - *es);
}
/* The sprite's alpha at u (0 centre .. 1 rim) for edge es. */
static double profile(double u, double es) {
  double t = (u - (1 - es)) / es;
  t = t < 0 ? 0 : t > 1 ? 1 : t;
  return 1 - t * t * (3 - 2 * t);
}
/* Where the drawn dot is half as dark as at its centre, its width (mm): the model's
 * diameter, or the softest sprite's half point over D + s. */
static double half_dark_mm(const stp_heal_look *h) {
  double wid, es;
  drawn_quad(h, &wid, &es);
  return wid * (1 - es / 2);
}

/* How much redder (R - G, sRGB levels) the skin is than bare skin about the dot, over
 * the pixels of mask (where no dot is drawn at any moment compared); *want gets the mean
 * the blush should give there: BLUSH_ALPHA x redness x the softest sprite's profile over a
 * disc BLUSH_SCALE x the dot's quad wide, times (R - G of the blush - R - G of the skin). */
static double ring_redness(SDL_Surface *img, SDL_Surface *skin, const unsigned char *mask, double blush_w,
                           double redness, double *want) {
  double sum = 0, exp = 0;
  int n = 0;
  for (int y = 0; y < H; y++)
    for (int x = 0; x < W; x++) {
      if (!mask[y * W + x]) continue;
      double r = hypot(x + 0.5 - W / 2.0, y + 0.5 - H / 2.0) / SCALE;
      double a[3], b[3];
      px(img, x, y, a);
      px(skin, x, y, b);
      sum += (a[0] - a[1]) - (b[0] - b[1]);
      exp += STP_DRAW_BLUSH_ALPHA * redness * profile(r / (blush_w / 2), 0.95) *
             ((STP_DRAW_BLUSH_R - STP_DRAW_BLUSH_G) - (b[0] - b[1]));
      n++;
    }
  assert_true(n > 100);
  *want = exp / n;
  return sum / n;
}

static void look(const stp_scenario *s, const stp_impression *imp, double days, stp_heal_look *h) {
  stp_heal_look_at(s, imp, stp_heal_age_days(s, imp, imp->session, days), h);
}

static void fresh_settled_faded(void **state) {
  (void)state;
  stp_scenario s;
  base(&s);
  s.healing.redness_days = 0;   /* size and darkness on bare skin: no blush under the dot */
  stp_work w, none;
  stp_work_init(&w);
  stp_work_init(&none);
  stp_impression dot = one_dot(1);
  stp_work_push(&w, &dot, NULL, NULL);
  SDL_Surface *skin = render_at(&s, &none, 1, 0);
  SDL_Surface *d0 = render_at(&s, &w, 1, 0), *d30 = render_at(&s, &w, 1, 30), *d1825 = render_at(&s, &w, 1, 1825);
  stp_heal_look h0, h30, h1825;
  look(&s, &dot, 0, &h0);
  look(&s, &dot, 30, &h30);
  look(&s, &dot, 1825, &h1825);
  assert_true(h0.visible && h30.visible && h1825.visible);

  double k0 = centre_dark(d0, skin), k30 = centre_dark(d30, skin), k1825 = centre_dark(d1825, skin);
  double w0 = dark_height(d0, skin, k0 / 2), w30 = dark_height(d30, skin, k30 / 2);
  double want0 = half_dark_mm(&h0) * SCALE, want30 = half_dark_mm(&h30) * SCALE;
  print_message("darkening at the centre: day 0 %.1f, day 30 %.1f, day 1825 %.1f; opacity %.3f, %.3f, %.3f\n", k0, k30,
                k1825, h0.dot.opacity, h30.dot.opacity, h1825.dot.opacity);
  print_message("half-dark width: day 0 %.1f px (model %.1f), day 30 %.1f px (model %.1f)\n", w0, want0, w30, want30);
  /* Widths within 8 % (a 64-texel sprite over a quad of 40-90 px: a crossing is at most a
   * texel, 1-1.5 px, off its place on either side). */
  if (fabs(w0 / want0 - 1) > 0.08) fail_msg("fresh dot %.1f px wide, the model says %.1f px", w0, want0);
  if (fabs(w30 / want30 - 1) > 0.08) fail_msg("settled dot %.1f px wide, the model says %.1f px", w30, want30);
  assert_true(h0.dot.diameter_mm > h30.dot.diameter_mm);   /* the model: the fresh dot is larger */
  if (!(w0 > w30)) fail_msg("the fresh dot (%.1f px) is not larger than the settled one (%.1f px)", w0, w30);
  /* Darkness: the ratios of the model's opacities within 10 % (alpha is 1/255 steps and
   * each level of the sRGB result is rounded). */
  double r0 = k0 / k30, want_r0 = h0.dot.opacity / h30.dot.opacity;
  double r5 = k1825 / k30, want_r5 = h1825.dot.opacity / h30.dot.opacity;
  if (fabs(r0 / want_r0 - 1) > 0.10) fail_msg("fresh / settled darkness %.3f, the model's opacities %.3f", r0, want_r0);
  if (fabs(r5 / want_r5 - 1) > 0.10) fail_msg("day 1825 / day 30 darkness %.3f, the model's fading %.3f", r5, want_r5);
  assert_true(k0 > k30);       /* darker fresh */
  assert_true(want_r5 < 0.95);  /* the model fades it noticeably in five years ... */
  assert_true(k1825 < k30);    /* ... and so does the picture */
  SDL_FreeSurface(skin); SDL_FreeSurface(d0); SDL_FreeSurface(d30); SDL_FreeSurface(d1825);
  stp_work_free(&w);
  stp_work_free(&none);
}

static void redness_first_days(void **state) {
  (void)state;
  stp_scenario s;
  base(&s);
  stp_work w, none;
  stp_work_init(&w);
  stp_work_init(&none);
  stp_impression dot = one_dot(1);
  stp_work_push(&w, &dot, NULL, NULL);
  SDL_Surface *skin = render_at(&s, &none, 1, 0);
  SDL_Surface *d1 = render_at(&s, &w, 1, 1), *d30 = render_at(&s, &w, 1, 30);
  stp_heal_look h1, h30;
  look(&s, &dot, 1, &h1);
  look(&s, &dot, 30, &h30);
  assert_true(h1.redness > 0.2 && h30.redness == 0);
  /* Where no dot is drawn on either day: the skin about it (the settled dot's soft edge
   * reaches further than the fresh dot, so its drawing marks the pixels left out). */
  static unsigned char mask[W * H];
  SDL_Surface *d30b = NULL;
  {
    stp_scenario s0 = s;
    s0.healing.redness_days = 0;
    d30b = render_at(&s0, &w, 1, 30);
    SDL_Surface *d1b = render_at(&s0, &w, 1, 1);
    for (int y = 0; y < H; y++)
      for (int x = 0; x < W; x++) {
        double r = hypot(x + 0.5 - W / 2.0, y + 0.5 - H / 2.0);
        mask[y * W + x] = r < W / 2 - 2 && fabs(lum_at(d30b, x, y) - lum_at(skin, x, y)) < 0.5 &&
                          fabs(lum_at(d1b, x, y) - lum_at(skin, x, y)) < 0.5;
      }
    SDL_FreeSurface(d1b);
  }
  double wid1, es1, want1, want30;
  drawn_quad(&h1, &wid1, &es1);
  double bw = STP_DRAW_BLUSH_SCALE * fmax(wid1, STP_DRAW_BLUSH_MIN_MM);
  double red1 = ring_redness(d1, skin, mask, bw, h1.redness, &want1);
  double red30 = ring_redness(d30, skin, mask, bw, h30.redness, &want30);
  print_message("redness about the dot (R - G over bare skin): day 1 %.2f (the blush: %.2f), day 30 %.2f\n", red1, want1,
                red30);
  /* Within 25 % and half a level (each pixel's channels are rounded to whole levels). */
  if (!(want1 > 1.0 && fabs(red1 - want1) <= 0.25 * want1 + 0.5))
    fail_msg("day 1: the skin about the dot is %.2f levels redder; the blush at redness %.2f gives %.2f", red1,
             h1.redness, want1);
  if (fabs(red30) > 0.3) fail_msg("day 30: the skin about the dot is %.2f levels redder than bare skin", red30);
  SDL_FreeSurface(d30b);
  SDL_FreeSurface(skin); SDL_FreeSurface(d1); SDL_FreeSurface(d30);
  stp_work_free(&w);
  stp_work_free(&none);
}

static void sessions_and_old_work(void **state) {
  (void)state;
  stp_scenario s;
  base(&s);
  stp_work w, none, under;
  stp_work_init(&w);
  stp_work_init(&none);
  stp_work_init(&under);
  stp_impression later = one_dot(2);
  stp_work_push(&w, &later, NULL, NULL);
  SDL_Surface *skin = render_at(&s, &none, 1, 0);
  SDL_Surface *before = render_at(&s, &w, 1, 3);    /* day 3 of session 1: session 2 is to come */
  SDL_Surface *on = render_at(&s, &w, 2, 0);
  assert_true(fabs(centre_dark(before, skin)) < 1.0);
  assert_true(centre_dark(on, skin) > 20);
  /* A touch-up's old work, five years healed, is drawn beneath an empty work. */
  stp_impression old = one_dot(1);
  old.aged_years = 5;
  old.context = true;
  stp_work_push(&under, &old, NULL, NULL);
  canvas c;
  canvas_open(&c, &s, SCALE);
  SDL_Surface *aged = draw_at(&c, &none, &under, 1, 0, false);
  canvas_close(&c);
  assert_true(centre_dark(aged, skin) > 5);
  SDL_FreeSurface(skin); SDL_FreeSurface(before); SDL_FreeSurface(on); SDL_FreeSurface(aged);
  stp_work_free(&w);
  stp_work_free(&none);
  stp_work_free(&under);
}

static double mean_diff(SDL_Surface *a, SDL_Surface *b) {
  double sum = 0;
  for (int y = 0; y < H; y++)
    for (int x = 0; x < W; x++) sum += fabs(lum_at(a, x, y) - lum_at(b, x, y));
  return sum / (W * H);
}

/* The game's layer, drawn at day 0 then asked for day 30 (and a history beneath), gives
 * the picture of every dot drawn directly at day 30. */
static void layer_follows_the_moment(void **state) {
  (void)state;
  stp_scenario s;
  base(&s);
  stp_work w, under;
  stp_work_init(&w);
  stp_work_init(&under);
  for (int k = 0; k < 40; k++) {
    stp_impression i = {CX - 12 + (k % 8) * 3.1, CY - 6 + (k / 8) * 3.0, 270, 1.0, 0.25, 0.8, 1 + k % 2, k, 0, 0, 0, 0, 0};
    stp_work_push(&w, &i, NULL, NULL);
  }
  stp_impression old = {CX + 1.5, CY + 1.5, 270, 1.0, 0.3, 1.0, 1, 0, 0, 0, 3.0, true, 0};
  stp_work_push(&under, &old, NULL, NULL);
  canvas lay, dir;
  canvas_open(&lay, &s, 8.0);   /* 8 px/mm: the layer's level 2 */
  canvas_open(&dir, &s, 8.0);
  SDL_FreeSurface(draw_at(&lay, &w, NULL, 2, 0, true));
  SDL_Surface *moments[][2] = {{NULL, NULL}, {NULL, NULL}, {NULL, NULL}};
  const double days[] = {30, 1, 1825};
  for (int m = 0; m < 3; m++) {
    moments[m][0] = draw_at(&lay, &w, &under, 2, days[m], true);
    moments[m][1] = draw_at(&dir, &w, &under, 2, days[m], false);
    /* The layer is drawn at 8 px/mm and copied 1:1: the same quads, only the tiles'
     * rounding differs; against how far the picture moved from the moment before (a
     * layer still showing that moment would be that far off). */
    double same = mean_diff(moments[m][0], moments[m][1]);
    double moved = m > 0 ? mean_diff(moments[m][1], moments[m - 1][1]) : 1.0;
    print_message("day %.0f: layer against direct: %.3f levels on average; the moment before: %.3f\n", days[m], same, moved);
    assert_true(moved > 0.3);   /* the moments differ (a frozen picture would pass otherwise) */
    if (same > 0.2 * moved) fail_msg("day %.0f: the layer differs from the direct drawing by %.3f levels on average "
                                     "(the moment before is %.3f away)", days[m], same, moved);
  }
  for (int m = 0; m < 3; m++) { SDL_FreeSurface(moments[m][0]); SDL_FreeSurface(moments[m][1]); }
  canvas_close(&lay);
  canvas_close(&dir);
  stp_work_free(&w);
  stp_work_free(&under);
}

int main(void) {
  if (SDL_Init(0) != 0) return 1;
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(fresh_settled_faded),
    cmocka_unit_test(redness_first_days),
    cmocka_unit_test(sessions_and_old_work),
    cmocka_unit_test(layer_follows_the_moment),
  };
  int rc = cmocka_run_group_tests(tests, NULL, NULL);
  SDL_Quit();
  return rc;
}
