/* Golden images of the headless renderer, compared with a tolerance (not bytes):
 * the six skin tones, stubble up close, scars, an alopecia patch, blow-out and the
 * healed view. STIPPLE_UPDATE_GOLDEN=1 rewrites the references (look at them first). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <SDL2/SDL.h>
#include <SDL2/SDL_image.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "stp_draw.h"
#include "stp_pigment.h"

#define GOLDEN_DIR STP_TEST_DATA "/../golden"
#define W 256
#define H 256

static void base(stp_scenario *s, int fitz) {
  stp_scenario_defaults(s);
  s->skin.fitzpatrick = fitz;
  stp_skin_tone(fitz, s->skin.rgb);
  s->zone_count = 1;
  memset(&s->zones[0], 0, sizeof s->zones[0]);
  strcpy(s->zones[0].id, "z");
  s->zones[0].shape = stp_shape_rect(-20, 120, 40, 30);
  s->zones[0].density_per_cm2 = 30; s->zones[0].density_tolerance = 5;
  s->zones[0].ink = 0.5; s->zones[0].depth_mm = 1.0; s->zones[0].angle_deg = 270;
}

static void dots(stp_work *w, double x0, double y0, int n, double step, double depth, double ink) {
  for (int k = 0; k < n; k++) {
    stp_impression i = {x0 + step * (k % 6), y0 + step * (k / 6), 270, depth, 0.25, ink, 1, k, 0, 0, 0};
    stp_work_push(w, &i, NULL, NULL);
  }
}

/* Render the chart rectangle (cx +- half, cy +- half) of scn with w. */
static SDL_Surface *render(const stp_scenario *scn, const stp_work *w, double cx, double cy, double half,
                           bool healed) {
  SDL_Surface *surf = SDL_CreateRGBSurfaceWithFormat(0, W, H, 32, SDL_PIXELFORMAT_ARGB8888);
  SDL_Renderer *r = SDL_CreateSoftwareRenderer(surf);
  assert_non_null(r);
  stp_draw *d = NULL;
  assert_int_equal(stp_draw_create(&d, r, scn, 1, NULL), STP_OK);
  stp_view v = {0};
  stp_view_set_viewport(&v, 0, 0, W, H);
  stp_view_fit(&v, cx - half, cy - half, cx + half, cy + half);
  stp_draw_opts o = {.healed = healed};
  stp_draw_scalp(d, &v, w, &o);
  SDL_RenderPresent(r);
  stp_draw_destroy(d);
  SDL_DestroyRenderer(r);
  return surf;
}

/* Mean absolute difference per channel (0..255) and the share of pixels off by > 24. */
static void compare(SDL_Surface *a, SDL_Surface *b, double *mad, double *bad) {
  double sum = 0;
  size_t off = 0;
  for (int y = 0; y < H; y++)
    for (int x = 0; x < W; x++) {
      Uint32 pa = ((Uint32 *)((Uint8 *)a->pixels + y * a->pitch))[x];
      Uint32 pb = ((Uint32 *)((Uint8 *)b->pixels + y * b->pitch))[x];
      int worst = 0;
      for (int c = 0; c < 24; c += 8) {
        int da = abs((int)((pa >> c) & 255) - (int)((pb >> c) & 255));
        sum += da;
        if (da > worst) worst = da;
      }
      off += worst > 24;
    }
  *mad = sum / (3.0 * W * H);
  *bad = (double)off / (W * H);
}

static void check_golden(const char *name, SDL_Surface *got) {
  char path[512];
  snprintf(path, sizeof path, "%s/%s.png", GOLDEN_DIR, name);
  const char *update = getenv("STIPPLE_UPDATE_GOLDEN");
  if (update && update[0] == '1') {
    assert_int_equal(IMG_SavePNG(got, path), 0);
    SDL_FreeSurface(got);
    return;
  }
  SDL_Surface *raw = IMG_Load(path);
  if (!raw) fail_msg("missing golden %s (run with STIPPLE_UPDATE_GOLDEN=1, then look at it)", path);
  SDL_Surface *want = SDL_ConvertSurfaceFormat(raw, SDL_PIXELFORMAT_ARGB8888, 0);
  SDL_FreeSurface(raw);
  double mad, bad;
  compare(got, want, &mad, &bad);
  if (mad > 1.5 || bad > 0.005) {
    char out[512];
    snprintf(out, sizeof out, "%s/%s.actual.png", getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp", name);
    IMG_SavePNG(got, out);
    fail_msg("%s differs from its golden: mean %.2f levels, %.2f%% of pixels off by > 24 (got: %s)",
             name, mad, bad * 100, out);
  }
  SDL_FreeSurface(want);
  SDL_FreeSurface(got);
}

static void skin_tones(void **state) {
  (void)state;
  stp_work w;
  stp_work_init(&w);
  dots(&w, -4, 131, 36, 1.6, 1.0, 0.5);
  float prev = 2;
  for (int f = 1; f <= 6; f++) {
    stp_scenario s;
    base(&s, f);
    char name[32];
    snprintf(name, sizeof name, "skin_fitzpatrick_%d", f);
    SDL_Surface *img = render(&s, &w, 0, 135, 8, false);
    /* Each type is darker than the one before: sample bare skin in a corner. */
    Uint32 p = ((Uint32 *)img->pixels)[5 * W + 5];
    float lum = (float)(((p >> 16) & 255) + ((p >> 8) & 255) + (p & 255)) / 765.0f;
    assert_true(lum < prev);
    prev = lum;
    check_golden(name, img);
  }
  stp_work_free(&w);
}

static void stubble_scar_alopecia(void **state) {
  (void)state;
  stp_scenario s;
  base(&s, 3);
  s.hair_count = 1;
  s.hair[0].shape = stp_shape_rect(-40, 300, 80, 60);
  s.hair[0].density_per_cm2 = 85;
  s.hair[0].length_mm = 0.6;
  s.hair[0].rgb[0] = 0.02f; s.hair[0].rgb[1] = 0.015f; s.hair[0].rgb[2] = 0.012f;
  s.patch_count = 3;
  s.patches[0] = (stp_patch){.kind = STP_PATCH_SCAR_STRIP, .shape = stp_shape_ellipse(0, 325, 30, 2.5, 0),
                             .tone = -0.6, .relief = 0.6, .uptake = 0.6, .spread = 1.3};
  s.patches[1] = (stp_patch){.kind = STP_PATCH_SCAR_DOT, .shape = stp_shape_circle(-6, 335, 0.45), .tone = -0.8, .uptake = 0.5, .spread = 1};
  s.patches[2] = (stp_patch){.kind = STP_PATCH_ALOPECIA, .shape = stp_shape_ellipse(8, 338, 5, 4, 20), .uptake = 1, .spread = 1};
  stp_work w;
  stp_work_init(&w);
  check_golden("stubble_close", render(&s, &w, 0, 315, 6, false));
  check_golden("scar_and_alopecia", render(&s, &w, 0, 330, 12, false));
  /* Scar tissue takes less pigment: the same dot is lighter on the strip than beside it. */
  stp_impression on = {0, 325, 270, 1.0, 0.25, 0.5, 1, 0, 0, 0, 0}, off = on;
  off.y_mm = 140;
  assert_true(stp_pigment_look(&on, &s, false).opacity < stp_pigment_look(&off, &s, false).opacity);
  assert_true(stp_pigment_look(&on, &s, false).diameter_mm > stp_pigment_look(&off, &s, false).diameter_mm);
  stp_work_free(&w);
}

static void blowout_and_healed(void **state) {
  (void)state;
  stp_scenario s;
  base(&s, 2);
  stp_work w;
  stp_work_init(&w);
  dots(&w, -4.5, 130.5, 18, 1.8, 1.0, 0.6);    /* good dots, top half */
  dots(&w, -4.5, 136.5, 18, 1.8, 2.2, 0.6);    /* blown out, bottom half */
  check_golden("blowout_fresh", render(&s, &w, 0, 135, 6, false));
  check_golden("blowout_healed", render(&s, &w, 0, 135, 6, true));
  stp_work_free(&w);
}

static void long_hair_parted(void **state) {
  (void)state;
  stp_scenario s;
  base(&s, 2);
  s.hair_count = 1;
  s.hair[0].shape = stp_shape_ellipse(0, 170, 150, 140, 0);
  s.hair[0].density_per_cm2 = 70;
  s.hair[0].length_mm = 250;
  s.hair[0].rgb[0] = 0.09f; s.hair[0].rgb[1] = 0.045f; s.hair[0].rgb[2] = 0.02f;
  s.has_part = true;
  s.part_x0 = 0; s.part_y0 = 80; s.part_x1 = 0; s.part_y1 = 220;
  stp_work w;
  stp_work_init(&w);
  dots(&w, -1.5, 120, 36, 0.9, 1.0, 0.6);   /* pigment along the part */
  check_golden("long_hair_part", render(&s, &w, 0, 140, 40, false));
  stp_work_free(&w);
}

/* The grain overlay: arrows inside the zone, none outside it. */
static void grain_arrows_inside_zones(void **state) {
  (void)state;
  stp_scenario s;
  base(&s, 3);
  SDL_Surface *surf = SDL_CreateRGBSurfaceWithFormat(0, W, H, 32, SDL_PIXELFORMAT_ARGB8888);
  SDL_Renderer *r = SDL_CreateSoftwareRenderer(surf);
  stp_draw *d = NULL;
  assert_int_equal(stp_draw_create(&d, r, &s, 1, NULL), STP_OK);
  stp_view v = {0};
  stp_view_set_viewport(&v, 0, 0, W, H);
  stp_view_fit(&v, -40, 95, 40, 175);   /* the zone (-20..20, 120..150) in the middle */
  SDL_SetRenderDrawColor(r, 0, 0, 0, 255);
  SDL_RenderClear(r);
  stp_draw_grain_arrows(d, &v);
  SDL_RenderPresent(r);
  /* Count the overlay's sky-blue pixels inside and outside the zone's screen rectangle. */
  double zx0, zy0, zx1, zy1;
  stp_view_to_screen(&v, -20, 120, &zx0, &zy0);
  stp_view_to_screen(&v, 20, 150, &zx1, &zy1);
  int in = 0, out = 0;
  for (int y = 0; y < H; y++)
    for (int x = 0; x < W; x++) {
      Uint32 p = ((Uint32 *)((Uint8 *)surf->pixels + y * surf->pitch))[x];
      if (((p >> 16) & 255) != 86 || ((p >> 8) & 255) != 180) continue;
      bool inside = x >= zx0 - 12 && x <= zx1 + 12 && y >= zy0 - 12 && y <= zy1 + 12;
      if (inside) in++; else out++;
    }
  assert_true(in > 50);
  assert_int_equal(out, 0);
  stp_draw_destroy(d);
  SDL_DestroyRenderer(r);
  SDL_FreeSurface(surf);
}

int main(void) {
  if (SDL_Init(0) != 0) return 1;
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(skin_tones),
    cmocka_unit_test(stubble_scar_alopecia),
    cmocka_unit_test(blowout_and_healed),
    cmocka_unit_test(long_hair_parted),
    cmocka_unit_test(grain_arrows_inside_zones),
  };
  int rc = cmocka_run_group_tests(tests, NULL, NULL);
  SDL_Quit();
  return rc;
}
