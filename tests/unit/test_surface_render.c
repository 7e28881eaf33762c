/* Scar surfaces as drawn (docs/scenario-api.md, "Tissue", "Surfaces"): one 6 mm scar strip
 * across the view, the light from the top of the screen, each surface against the same strip
 * drawn flat (the same skin, the same tint: only the light differs), row by row. A row's
 * luminance is averaged across the view's width, so the skin's tone noise (the same in every
 * picture: one seed) cancels in the differences.
 *   raised:   the upper rim brighter than flat's, the lower rim darker, and the skin just below
 *             the strip darker than with no strip at all (its shadow);
 *   atrophic: the other way: the upper rim darker, the lower rim brighter;
 *   shiny:    a streak brighter than flat's just inside the upper edge, and a gloss in the middle;
 *   flat:     the same as a patch without a surface and without relief (tone only);
 *   a zone's tissue surface (no patch): its upper rim brighter than the bare skin. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include "stp_test.h"
#include <SDL2/SDL.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "stp_draw.h"

#define W 256
#define H 256
#define CX 0.0
#define CY 133.0
#define SCALE 20.0   /* px per mm: 12.8 mm across */
#define TOP 130.0    /* the strip: y 130..136 */
#define BOTTOM 136.0

static stp_scenario scn;

static void base(stp_scenario *s) {
  stp_scenario_defaults(s);
  s->zone_count = 1;
  memset(&s->zones[0], 0, sizeof s->zones[0]);
  strcpy(s->zones[0].id, "z");
  s->zones[0].shape = stp_shape_rect(-40, 100, 80, 60);
  s->zones[0].density_per_cm2 = 30; s->zones[0].density_tolerance = 5;
  s->zones[0].ink = 0.5; s->zones[0].depth_mm = 1.0; s->zones[0].angle_deg = 270;
  s->patch_count = 0;
  s->hair_count = 0;
}

static void strip(stp_scenario *s, stp_surface sf, double relief) {
  stp_patch *p = &s->patches[s->patch_count++];
  memset(p, 0, sizeof *p);
  p->kind = STP_PATCH_SCAR_STRIP;
  p->shape = stp_shape_rect(-30, TOP, 60, BOTTOM - TOP);
  p->tone = -0.3; p->uptake = 0.7; p->spread = 1.3;
  p->surface = sf;
  p->relief = relief;
}

/* The picture's mean luminance (sRGB levels) along the row at chart y, across the view. */
typedef struct rows { double v[H]; } rows;

static rows render(const stp_scenario *s) {
  SDL_Surface *surf = SDL_CreateRGBSurfaceWithFormat(0, W, H, 32, SDL_PIXELFORMAT_ARGB8888);
  SDL_Renderer *r = SDL_CreateSoftwareRenderer(surf);
  assert_non_null(r);
  stp_draw *d;
  assert_int_equal(stp_draw_create(&d, r, s, 1, NULL), STP_OK);
  stp_view v;
  memset(&v, 0, sizeof v);
  stp_view_set_viewport(&v, 0, 0, W, H);
  double half = W / SCALE / 2;
  stp_view_fit(&v, CX - half, CY - half, CX + half, CY + half);
  stp_work w;
  stp_work_init(&w);
  stp_draw_opts o = {0};
  int frames = 0;
  do { stp_draw_scalp(d, &v, &w, &o); frames++; } while (stp_draw_pending(d) && frames < 100);
  SDL_RenderPresent(r);
  rows out;
  for (int y = 0; y < H; y++) {
    double sum = 0;
    for (int x = 0; x < W; x++) {
      Uint32 p = ((Uint32 *)((Uint8 *)surf->pixels + y * surf->pitch))[x];
      sum += 0.2126 * ((p >> 16) & 255) + 0.7152 * ((p >> 8) & 255) + 0.0722 * (p & 255);
    }
    out.v[y] = sum / W;
  }
  stp_work_free(&w);
  stp_draw_destroy(d);
  SDL_DestroyRenderer(r);
  SDL_FreeSurface(surf);
  return out;
}

/* The row at chart y, averaged with its neighbours (a third of a millimetre). */
static double at(const rows *r, double y) {
  int j = (int)floor((y - (CY - H / SCALE / 2)) * SCALE);
  assert_true(j >= 3 && j < H - 3);
  return (r->v[j - 3] + r->v[j - 2] + r->v[j - 1] + r->v[j] + r->v[j + 1] + r->v[j + 2] + r->v[j + 3]) / 7;
}

static void surfaces_take_the_light(void **state) {
  (void)state;
  base(&scn);
  rows bare = render(&scn);
  base(&scn); strip(&scn, STP_SURFACE_NONE, 0.0);
  rows plain = render(&scn);
  base(&scn); strip(&scn, STP_SURFACE_FLAT, 0.0);
  rows flat = render(&scn);
  base(&scn); strip(&scn, STP_SURFACE_RAISED, 0.6);
  rows raised = render(&scn);
  base(&scn); strip(&scn, STP_SURFACE_ATROPHIC, -0.6);
  rows sunk = render(&scn);
  base(&scn); strip(&scn, STP_SURFACE_SHINY, 0.0);
  rows shiny = render(&scn);

  double up = TOP + 0.35, low = BOTTOM - 0.35, mid = 0.5 * (TOP + BOTTOM), below = BOTTOM + 0.45;
  /* Flat: tone only, the same as a patch with no surface and no relief. */
  for (double y = TOP - 2; y <= BOTTOM + 2; y += 0.5) assert_float_equal(at(&flat, y), at(&plain, y), 0.5);
  assert_float_equal(at(&flat, below), at(&bare, below), 0.5);
  /* Raised: lit above, turned away below, a shadow on the skin beneath. */
  assert_true(at(&raised, up) > at(&flat, up) + 4);
  assert_true(at(&raised, low) < at(&flat, low) - 4);
  assert_true(at(&raised, below) < at(&bare, below) - 2);
  assert_float_equal(at(&raised, mid), at(&flat, mid), 0.5);   /* past the bevel: the tint alone */
  /* Atrophic: the opposite. */
  assert_true(at(&sunk, up) < at(&flat, up) - 4);
  assert_true(at(&sunk, low) > at(&flat, low));
  assert_float_equal(at(&sunk, below), at(&bare, below), 0.5);   /* no shadow cast outside */
  /* Shiny: a streak along the edge facing the light, a gloss over the rest. */
  assert_true(at(&shiny, TOP + 0.45) > at(&flat, TOP + 0.45) + 4);
  assert_true(at(&shiny, mid) > at(&flat, mid) + 0.5);
  assert_true(at(&shiny, TOP + 0.45) > at(&shiny, low) + 4);

  /* A zone's tissue surface, no patch: the light only, on the bare skin. */
  base(&scn);
  scn.zone_count = 2;
  memset(&scn.zones[1], 0, sizeof scn.zones[1]);
  strcpy(scn.zones[1].id, "scar");
  scn.zones[1].shape = stp_shape_rect(-30, TOP, 60, BOTTOM - TOP);
  scn.zones[1].role = STP_ZONE_SCAR;
  scn.zones[1].density_per_cm2 = 30; scn.zones[1].density_tolerance = 5;
  scn.zones[1].ink = 0.5; scn.zones[1].depth_mm = 1.0; scn.zones[1].angle_deg = 270;
  scn.zones[1].tissue = (stp_tissue){.set = true, .surface = STP_SURFACE_RAISED};
  rows zone = render(&scn);
  assert_true(at(&zone, up) > at(&bare, up) + 4);
  assert_true(at(&zone, low) < at(&bare, low) - 4);
  assert_float_equal(at(&zone, mid), at(&bare, mid), 0.5);
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(surfaces_take_the_light),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
