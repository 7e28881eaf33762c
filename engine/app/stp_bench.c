/* stp_bench.c - `stipple bench`: how fast scoring, the work file and drawing are.
 *
 * Works are generated (a jittered grid over the top of the head, seeded), so every
 * run measures the same thing. Times are wall-clock medians of several repeats
 * (SDL's performance counter); the numbers go into docs/performance.md.
 */
#define _POSIX_C_SOURCE 200809L
#include <SDL2/SDL.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "stp_app.h"
#include "stp_bench.h"
#include "stp_draw.h"
#include "stp_geom.h"
#include "stp_rng.h"
#include "stp_score.h"
#include "stp_view.h"
#include "stp_work.h"

void stp_bench_scenario(stp_scenario *s) {
  stp_scenario_defaults(s);
  snprintf(s->id, sizeof s->id, "bench");
  s->zone_count = 2;
  stp_zone *z = &s->zones[0];
  snprintf(z->id, sizeof z->id, "top");
  z->shape = stp_shape_ellipse(0, 175, 110, 100, 0);
  z->density_per_cm2 = 80; z->density_tolerance = 10; z->angle_deg = 270; z->ink = 0.5; z->depth_mm = 1.0;
  z = &s->zones[1];
  snprintf(z->id, sizeof z->id, "crown");
  z->shape = stp_shape_circle(10, 200, 30);
  z->density_per_cm2 = 90; z->density_tolerance = 10; z->angle_deg = 0; z->ink = 0.5; z->depth_mm = 1.0;
  /* Every criterion on: a soft hairline in front (density ramp), the natural flow as the
   * top's grain, a forbidden forehead, the spacing pattern judged. */
  z = &s->zones[0];
  z->angle_field = (stp_field){.kind = STP_FIELD_FLOW, .cx = 10, .cy = 190, .sense = 1};
  s->zone_count = 4;
  z = &s->zones[2];
  snprintf(z->id, sizeof z->id, "hairline");
  z->role = STP_ZONE_HAIRLINE;
  z->shape = stp_shape_rect(-60, 62, 120, 20);
  z->density_per_cm2 = 80; z->density_tolerance = 10; z->angle_deg = 270; z->ink = 0.5; z->depth_mm = 1.0;
  z->density_field = (stp_field){.kind = STP_FIELD_RAMP, .from = 20, .to = 80, .width = 10};
  z = &s->zones[3];
  snprintf(z->id, sizeof z->id, "forehead");
  z->role = STP_ZONE_FORBIDDEN;
  z->shape = stp_shape_rect(-80, 20, 160, 40);
  z->ink = 0.5; z->depth_mm = 1.0;
  for (int i = 0; i < STP_CRIT_COUNT; i++) s->rubric.items[i].enabled = true;
  s->rubric.pattern_weight = 0.5;
  s->hair_count = 1;
  s->hair[0].shape = stp_shape_rect(-185, 230, 370, 200);
  s->hair[0].density_per_cm2 = 80;
  s->hair[0].length_mm = 0.5;
  s->hair[0].rgb[0] = 0.03f; s->hair[0].rgb[1] = 0.02f; s->hair[0].rgb[2] = 0.015f;
  s->view_x0 = -190; s->view_y0 = -30; s->view_x1 = 190; s->view_y1 = 435;
}

/* n impressions on a jittered grid over the chart's top (reproducible). */
void stp_bench_work(stp_work *w, size_t n, uint64_t seed) {
  stp_rng r;
  stp_rng_seed(&r, seed);
  double area = 300.0 * 300.0, step = sqrt(area / (double)n);
  size_t cols = (size_t)ceil(300.0 / step);
  for (size_t i = 0; i < n; i++) {
    stp_impression imp = {0};
    imp.x_mm = -150 + step * ((double)(i % cols) + stp_rng_unit(&r));
    imp.y_mm = 60 + step * ((double)(i / cols) + stp_rng_unit(&r));
    imp.angle_deg = stp_rng_range(&r, 0, 360);
    imp.depth_mm = stp_rng_range(&r, 0.6, 1.4);
    imp.needle_mm = 0.25;
    imp.ink = 0.5;
    imp.session = 1;
    imp.t_ms = (int64_t)i * 250;
    stp_impression_quantize(&imp);
    stp_work_push(w, &imp, NULL, NULL);
  }
}

/* Layouts that stress the neighbour search (`--layouts`): every dot at one point, packed
 * into a 10 x 10 mm square, or strung along a slanted 150 mm line (positions not quantized,
 * so every dot is distinct). Angle, depth and tool as in make_work. */
typedef enum { LAYOUT_SPREAD, LAYOUT_STACKED, LAYOUT_PACKED, LAYOUT_LINE } layout;
static const char *const layout_names[] = {"spread", "stacked", "packed", "line"};

static void make_layout(stp_work *w, layout kind, size_t n, uint64_t seed) {
  if (kind == LAYOUT_SPREAD) { stp_bench_work(w, n, seed); return; }
  stp_rng r;
  stp_rng_seed(&r, seed);
  for (size_t i = 0; i < n; i++) {
    stp_impression imp = {0};
    double u = stp_rng_unit(&r), v = stp_rng_unit(&r);
    if (kind == LAYOUT_STACKED) { imp.x_mm = 0; imp.y_mm = 175; }
    if (kind == LAYOUT_PACKED) { imp.x_mm = -5 + 10 * u; imp.y_mm = 170 + 10 * v; }
    double t = (double)i / (double)(n > 1 ? n - 1 : 1);
    if (kind == LAYOUT_LINE) { imp.x_mm = -60 + 120 * t; imp.y_mm = 130 + 90 * t; }
    imp.angle_deg = stp_rng_range(&r, 0, 360);
    imp.depth_mm = stp_rng_range(&r, 0.6, 1.4);
    imp.needle_mm = 0.25;
    imp.ink = 0.5;
    imp.session = 1;
    imp.t_ms = (int64_t)i * 250;
    if (kind != LAYOUT_LINE) stp_impression_quantize(&imp);
    else imp.depth_mm = round(imp.depth_mm * 1000.0) / 1000.0;
    stp_work_push(w, &imp, NULL, NULL);
  }
}

static double now_ms(void) {
  return (double)SDL_GetPerformanceCounter() * 1000.0 / (double)SDL_GetPerformanceFrequency();
}

static int cmp_d(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return x < y ? -1 : x > y;
}

static double median(double *v, int n) {
  qsort(v, (size_t)n, sizeof *v, cmp_d);
  return v[n / 2];
}

/* Median time of one full frame (scalp, work, present). */
static double frame_median(stp_draw *d, SDL_Renderer *ren, const stp_view *v, const stp_work *w,
                           const stp_draw_opts *o, int repeats, double *t) {
  for (int i = 0; i < repeats; i++) {
    double a = now_ms();
    stp_draw_scalp(d, v, w, o);
    SDL_RenderPresent(ren);
    t[i] = now_ms() - a;
  }
  return median(t, repeats);
}

/* `--time`: the persistent layer after a change of the moment shown (the time control, the
 * interlude). The layer is built at "now" (day 0 of session 1: the blush beneath the dots),
 * then the moment goes to day 30 and back: frames (each bounded by the layer's budget)
 * until the level on screen holds the whole work, until every level does, and the longest
 * frame. In the head view (0.5 px/mm) and the working view (12.8 px/mm). */
static int bench_time(const stp_scenario *s, const size_t *sizes, int nsizes) {
  SDL_Surface *surf = SDL_CreateRGBSurfaceWithFormat(0, 1280, 800, 32, SDL_PIXELFORMAT_ARGB8888);
  SDL_Renderer *ren = surf ? SDL_CreateSoftwareRenderer(surf) : NULL;
  stp_draw *d = NULL;
  stp_error err;
  stp_error_clear(&err);
  if (!ren || stp_draw_create(&d, ren, s, 1, &err) != STP_OK) {
    fprintf(stderr, "stipple bench: cannot set up the software renderer: %s\n", ren ? err.msg : SDL_GetError());
    if (ren) SDL_DestroyRenderer(ren);
    if (surf) SDL_FreeSurface(surf);
    return STP_EXIT_IO;
  }
  printf("stipple bench --time: a change of the moment shown; software renderer 1280x800; %d CPU cores\n",
         SDL_GetCPUCount());
  printf("%12s %6s %10s %16s %16s %12s\n", "impressions", "view", "change", "on screen ms/fr", "all levels ms/fr",
         "worst frame");
  for (int k = 0; k < nsizes; k++) {
    stp_work w;
    stp_work_init(&w);
    stp_bench_work(&w, sizes[k], 7);
    for (int vi = 0; vi < 2; vi++) {
      stp_view v = {0};
      stp_view_set_viewport(&v, 0, 0, 1280 - 384, 768);
      if (vi == 0) stp_view_fit(&v, -190, -30, 190, 435);
      else stp_view_fit(&v, -35, 140, 35, 200);
      stp_draw_opts o = {.zones = true, .layered = true, .at = {.timed = true, .session = 1, .days = 0}};
      stp_draw_invalidate(d);
      int frames = 0;
      do { stp_draw_scalp(d, &v, &w, &o); frames++; } while (stp_draw_pending(d) && frames < 5000);
      static const double to[] = {30, 0};
      for (int c = 0; c < 2; c++) {
        o.at.days = to[c];
        double a = now_ms(), shown_ms = -1, worst = 0;
        int n = 0, shown_n = 0;
        do {
          double f = now_ms();
          stp_draw_scalp(d, &v, &w, &o);
          SDL_RenderPresent(ren);
          n++;
          double e = now_ms();
          if (e - f > worst) worst = e - f;
          if (shown_ms < 0 && stp_draw_complete(d)) { shown_ms = e - a; shown_n = n; }
        } while (stp_draw_pending(d) && n < 5000);
        double all_ms = now_ms() - a;
        char on[32], all[32], change[32];
        snprintf(on, sizeof on, "%.0f/%d", shown_ms, shown_n);
        snprintf(all, sizeof all, "%.0f/%d", all_ms, n);
        snprintf(change, sizeof change, "day %g>%g", to[1 - c], to[c]);
        printf("%12zu %6s %10s %16s %16s %12.1f\n", sizes[k], vi == 0 ? "head" : "zoom", change, on, all, worst);
        fflush(stdout);
      }
    }
    stp_work_free(&w);
  }
  stp_draw_destroy(d);
  SDL_DestroyRenderer(ren);
  SDL_FreeSurface(surf);
  return STP_EXIT_OK;
}

/* `--layouts`: the median time of the whole score for each layout (no file, no drawing). */
static int bench_layouts(const stp_scenario *s, const size_t *sizes, int nsizes, bool sized, int repeats) {
  static const struct { layout kind; size_t n; } runs[] = {
    {LAYOUT_SPREAD, 100000}, {LAYOUT_STACKED, 100000}, {LAYOUT_PACKED, 100000}, {LAYOUT_LINE, 100000},
    {LAYOUT_SPREAD, 300000}, {LAYOUT_STACKED, 300000}, {LAYOUT_SPREAD, 1000000}, {LAYOUT_STACKED, 1000000},
  };
  printf("stipple bench --layouts: median of %d runs of the whole score; %d CPU cores\n", repeats, SDL_GetCPUCount());
  printf("%8s %12s %10s %10s %12s %10s\n", "layout", "impressions", "score ms", "max ms", "merged", "clark-ev");
  double t[100];
  int nruns = sized ? 4 * nsizes : (int)(sizeof runs / sizeof runs[0]);
  for (int k = 0; k < nruns; k++) {
    layout kind = sized ? (layout)(k % 4) : runs[k].kind;
    size_t n = sized ? sizes[k / 4] : runs[k].n;
    stp_work w;
    stp_work_init(&w);
    make_layout(&w, kind, n, 7);
    stp_score_result r;
    double worst = 0;
    for (int i = 0; i < repeats; i++) {
      double a = now_ms();
      stp_score_work(s, &w, &r, NULL, NULL);
      t[i] = now_ms() - a;
      if (t[i] > worst) worst = t[i];
    }
    printf("%8s %12zu %10.2f %10.2f %12zu %10.3f\n", layout_names[kind], n, median(t, repeats), worst, r.merged,
           r.clark_evans);
    fflush(stdout);
    stp_work_free(&w);
  }
  return STP_EXIT_OK;
}

/* A whole number lo..hi, digits only (no sign, no space, no trailing text). */
static int bench_count(const char *opt, const char *v, long long lo, long long hi, long long *out) {
  long long n = 0;
  bool ok = v && v[0];
  for (const char *c = v; ok && *c; c++) {
    if (*c < '0' || *c > '9' || n > hi) ok = false;
    else n = n * 10 + (*c - '0');
  }
  if (!ok || n < lo || n > hi) {
    fprintf(stderr, "stipple bench: %s must be a whole number from %lld to %lld (got '%s')\n", opt, lo, hi,
            v ? v : "");
    return -1;
  }
  *out = n;
  return 0;
}

/* `--shapes`: point-in-shape tests per shape kind, with the polygon index and without it
 * (the walk over every edge it replaced), then scoring the bench's work with the bench
 * scenario's zones as drawn by hand and rebuilt by shape algebra into many-point outlines. */
static double contains_ns(const stp_shape *sh, int n, uint64_t seed, int *inside) {
  double x0, y0, x1, y1;
  stp_shape_bounds(sh, &x0, &y0, &x1, &y1);
  stp_rng r;
  stp_rng_seed(&r, seed);
  int in = 0;
  double a = now_ms();
  for (int i = 0; i < n; i++)
    in += stp_shape_contains(sh, x0 - 10 + (x1 - x0 + 20) * stp_rng_unit(&r), y0 - 10 + (y1 - y0 + 20) * stp_rng_unit(&r));
  double ms = now_ms() - a;
  *inside = in;
  return ms * 1e6 / n;
}

static int bench_shapes(int repeats) {
  stp_scenario *s = malloc(sizeof *s), *alg = malloc(sizeof *alg);
  stp_shape *sh = malloc(8 * sizeof *sh);
  if (!s || !alg || !sh) { free(s); free(alg); free(sh); return STP_EXIT_IO; }
  stp_error err;
  stp_error_clear(&err);
  const char *names[8];
  int k = 0;
  sh[k] = stp_shape_rect(-60, 62, 120, 20); names[k++] = "rect";
  sh[k] = stp_shape_ellipse(0, 175, 110, 100, 0); names[k++] = "ellipse";
  stp_point pts[STP_SHAPE_MAX_POINTS];
  int n = stp_shape_outline(&sh[1], pts, 96);
  sh[k] = stp_shape_polygon(pts, n); names[k++] = "polygon 96";
  /* A wavy hairline 180 mm wide, 25 mm deep behind it; a ring round the crown; their union
   * with the top minus the crown: the shapes algebra makes. */
  stp_point line[121];
  for (int i = 0; i <= 120; i++) {
    double x = -90 + 1.5 * i;
    line[i] = (stp_point){x, 80 + 0.004 * x * x + 1.2 * sin(x * 0.35) + 0.6 * sin(x * 0.9 + 1)};
  }
  stp_status st = stp_geom_band_line(line, 121, 25, 0, &sh[k], &err); names[k++] = "band of a line";
  stp_shape crown = stp_shape_circle(10, 200, 30);
  if (st == STP_OK) { st = stp_geom_band_shape(&crown, 8, 12, &sh[k], &err); names[k++] = "ring (hole)"; }
  if (st == STP_OK) { st = stp_geom_combine(STP_GEOM_DIFFERENCE, &sh[1], &sh[4], &sh[k], &err); names[k++] = "top minus ring"; }
  if (st == STP_OK) { st = stp_geom_combine(STP_GEOM_UNION, &sh[5], &sh[3], &sh[k], &err); names[k++] = "union of all"; }
  if (st != STP_OK) {
    fprintf(stderr, "stipple bench: shape algebra failed: %s\n", err.msg);
    free(s); free(alg); free(sh);
    return STP_EXIT_IO;
  }
  printf("stipple bench --shapes: median of %d runs of 1,000,000 point tests over each shape's bounds + 10 mm\n",
         repeats);
  printf("%16s %7s %6s %12s %12s\n", "shape", "points", "rings", "indexed ns", "walk ns");
  double t[100], u[100];
  for (int i = 0; i < k; i++) {
    stp_shape walk = sh[i];
    walk.indexed = false;
    int in1 = 0, in2 = 0;
    for (int rep = 0; rep < repeats; rep++) {
      t[rep] = contains_ns(&sh[i], 1000000, 11, &in1);
      u[rep] = contains_ns(&walk, 1000000, 11, &in2);
    }
    if (in1 != in2) {
      fprintf(stderr, "stipple bench: %s: the index and the walk disagree (%d and %d inside)\n", names[i], in1, in2);
      free(s); free(alg); free(sh);
      return STP_EXIT_IO;
    }
    printf("%16s %7d %6d %12.1f %12.1f\n", names[i], sh[i].kind == STP_SHAPE_POLYGON ? sh[i].n : 0,
           stp_shape_ring_count(&sh[i]), median(t, repeats), median(u, repeats));
  }
  /* Scoring 100,000 impressions: the bench scenario, then its zones rebuilt by algebra. */
  stp_bench_scenario(s);
  *alg = *s;
  alg->zones[0].shape = sh[5];                     /* top minus the ring */
  alg->zones[1].shape = sh[4];                     /* the ring */
  alg->zones[2].shape = sh[3];                     /* the wavy hairline band */
  stp_work w;
  stp_work_init(&w);
  stp_bench_work(&w, 100000, 7);
  for (int v = 0; v < 2; v++) {
    for (int rep = 0; rep < repeats; rep++) {
      stp_score_result r;
      double a = now_ms();
      stp_score_work(v ? alg : s, &w, &r, NULL, NULL);
      t[rep] = now_ms() - a;
    }
    printf("score 100,000 impressions, %s: %.1f ms\n", v ? "zones from shape algebra" : "the bench's own zones",
           median(t, repeats));
  }
  stp_work_free(&w);
  free(s); free(alg); free(sh);
  return STP_EXIT_OK;
}

int stp_cmd_bench(int argc, char **argv) {
  size_t sizes[8] = {1000, 10000, 100000, 1000000};
  int nsizes = 4, repeats = 5;
  bool render = true, layouts = false, sized = false, timed = false, input = false, startup = false, shapes = false;
  int events = 200;
  const char *scenario = NULL;
  for (int i = 1; i < argc; i++) {
    long long v;
    if (strcmp(argv[i], "--impressions") == 0 || strcmp(argv[i], "--repeats") == 0) {
      bool imp = argv[i][2] == 'i';
      if (i + 1 >= argc) {
        fprintf(stderr, "stipple bench: %s needs a value\n", argv[i]);
        return STP_EXIT_USAGE;
      }
      if (bench_count(argv[i], argv[i + 1], 1, imp ? STP_WORK_MAX_ROWS : 100, &v) != 0) return STP_EXIT_USAGE;
      i++;
      if (imp) { sizes[0] = (size_t)v; nsizes = 1; sized = true; }
      else repeats = (int)v;
    } else if (strcmp(argv[i], "--layouts") == 0) {
      layouts = true;
    } else if (strcmp(argv[i], "--time") == 0) {
      timed = true;
    } else if (strcmp(argv[i], "--shapes") == 0) {
      shapes = true;
    } else if (strcmp(argv[i], "--input") == 0) {
      input = true;
    } else if (strcmp(argv[i], "--startup") == 0) {
      startup = true;
    } else if (strcmp(argv[i], "--events") == 0) {
      if (i + 1 >= argc || bench_count(argv[i], argv[i + 1], 1, 100000, &v) != 0) {
        if (i + 1 >= argc) fprintf(stderr, "stipple bench: --events needs a value\n");
        return STP_EXIT_USAGE;
      }
      events = (int)v;
      i++;
    } else if (strcmp(argv[i], "--scenario") == 0) {
      if (i + 1 >= argc) {
        fprintf(stderr, "stipple bench: --scenario needs a value\n");
        return STP_EXIT_USAGE;
      }
      scenario = argv[++i];
    } else if (strcmp(argv[i], "--no-render") == 0) {
      render = false;
    } else {
      fprintf(stderr, "stipple bench: unknown option '%s' (options: --impressions N, --repeats N, --no-render, --layouts, --time, --shapes, --input [--events N], --startup [--scenario FILE])\n", argv[i]);
      return STP_EXIT_USAGE;
    }
  }
  if (startup) return stp_bench_startup(repeats, scenario);
  if (shapes) return bench_shapes(repeats);
  stp_scenario *s = malloc(sizeof *s);
  if (!s) return STP_EXIT_IO;
  stp_bench_scenario(s);
  if (input) {
    int rc = stp_bench_input(s, sized ? sizes[0] : 100000, events);
    free(s);
    return rc;
  }
  if (layouts) {
    int rc = bench_layouts(s, sizes, nsizes, sized, repeats);
    free(s);
    return rc;
  }
  if (timed) {
    size_t tsizes[] = {1000, 10000, 100000};
    int rc = sized ? bench_time(s, sizes, nsizes) : bench_time(s, tsizes, 3);
    free(s);
    return rc;
  }
  SDL_Surface *surf = SDL_CreateRGBSurfaceWithFormat(0, 1280, 800, 32, SDL_PIXELFORMAT_ARGB8888);
  SDL_Renderer *ren = surf ? SDL_CreateSoftwareRenderer(surf) : NULL;
  stp_draw *d = NULL;
  stp_error err;
  stp_error_clear(&err);
  if (render && (!ren || stp_draw_create(&d, ren, s, 1, &err) != STP_OK)) {
    fprintf(stderr, "stipple bench: cannot set up the software renderer: %s\n", ren ? err.msg : SDL_GetError());
    render = false;
  }
  printf("stipple bench: median of %d runs; software renderer 1280x800; %d CPU cores\n", repeats, SDL_GetCPUCount());
  printf("%12s %10s %10s %10s %12s %12s %12s %12s %12s\n", "impressions", "score ms", "parse ms", "write ms",
         "build ms/fr", "frame head", "frame zoom", "frame 20x", "direct head");
  double t[100];
  for (int k = 0; k < nsizes; k++) {
    stp_work w;
    stp_work_init(&w);
    stp_bench_work(&w, sizes[k], 7);
    stp_score_result r;
    for (int i = 0; i < repeats; i++) {
      double a = now_ms();
      stp_score_work(s, &w, &r, NULL, NULL);
      t[i] = now_ms() - a;
    }
    double score_ms = median(t, repeats);
    /* The work file: write to memory, parse it back. */
    char *buf = NULL;
    size_t len = 0;
    FILE *mf = open_memstream(&buf, &len);
    double write_ms = 0, parse_ms = 0;
    if (mf) {
      double a = now_ms();
      stp_work_write(&w, mf, NULL);
      fclose(mf);
      write_ms = now_ms() - a;
      for (int i = 0; i < repeats; i++) {
        stp_work back;
        a = now_ms();
        stp_work_parse(&back, buf, len, "bench.csv", NULL);
        t[i] = now_ms() - a;
        stp_work_free(&back);
      }
      parse_ms = median(t, repeats);
      free(buf);
    }
    int catchup_frames = 0;
    double build_ms = NAN, head_ms = NAN, zoom_ms = NAN, loupe_ms = NAN, direct_ms = NAN;
    if (render) {
      /* The game's path: the persistent layer is built once (as when a saved work is
       * resumed), then each frame copies tiles; then direct drawing for comparison. */
      stp_view v = {0};
      stp_view_set_viewport(&v, 0, 0, 1280 - 384, 768);
      stp_draw_opts o = {.zones = true, .layered = true};
      stp_view_fit(&v, -190, -30, 190, 435);
      stp_draw_invalidate(d);   /* a new work at the same address */
      /* Catch-up: frames until the layer holds the whole work (each one is bounded). */
      double a = now_ms();
      int frames = 0;
      do { stp_draw_scalp(d, &v, &w, &o); frames++; } while (stp_draw_pending(d) && frames < 1000);
      build_ms = now_ms() - a;
      catchup_frames = frames;
      head_ms = frame_median(d, ren, &v, &w, &o, repeats, t);
      stp_view_fit(&v, -35, 140, 35, 200);   /* a 70 mm wide working view, 12.8 px/mm */
      zoom_ms = frame_median(d, ren, &v, &w, &o, repeats, t);
      stp_view_fit(&v, -5, 165, 5, 175);     /* the loupe: 10 mm across, ~90 px/mm */
      loupe_ms = frame_median(d, ren, &v, &w, &o, repeats, t);
      o.layered = false;
      stp_view_fit(&v, -190, -30, 190, 435);
      direct_ms = frame_median(d, ren, &v, &w, &o, repeats, t);
    }
    char build[32];
    snprintf(build, sizeof build, "%.0f/%d", build_ms, catchup_frames);
    printf("%12zu %10.2f %10.2f %10.2f %12s %12.2f %12.2f %12.2f %12.2f\n", sizes[k], score_ms, parse_ms,
           write_ms, build, head_ms, zoom_ms, loupe_ms, direct_ms);
    fflush(stdout);
    stp_work_free(&w);
  }
  stp_draw_destroy(d);
  if (ren) SDL_DestroyRenderer(ren);
  if (surf) SDL_FreeSurface(surf);
  free(s);
  return STP_EXIT_OK;
}
