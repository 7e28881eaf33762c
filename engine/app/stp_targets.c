/* stp_targets.c - `stipple targets` (a scenario's target fields sampled on a grid, as CSV)
 * and the heatmaps of `stipple score --maps DIR`. Both read the same core code the
 * scorer uses (stp_field, stp_score_map), so what an instructor checks is what counts. */
#define _POSIX_C_SOURCE 200809L
#include "stp_design.h"
#include <SDL2/SDL.h>
#include <SDL2/SDL_image.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "stp_app.h"
#include "stp_draw.h"
#include "stp_field.h"
#include "stp_font.h"
#include "stp_map.h"
#include "stp_score.h"
#include "stp_view.h"

#define MAX_CELLS 4000000L

/* Union of the zones' bounds, snapped outward to whole cells from the chart's origin. */
static void zones_bounds(const stp_scenario *s, double cell, double *x0, double *y0, double *x1, double *y1) {
  *x0 = *y0 = INFINITY; *x1 = *y1 = -INFINITY;
  for (int i = 0; i < s->zone_count; i++) {
    double a, b, c, d;
    stp_shape_bounds(&s->zones[i].shape, &a, &b, &c, &d);
    if (a < *x0) *x0 = a;
    if (b < *y0) *y0 = b;
    if (c > *x1) *x1 = c;
    if (d > *y1) *y1 = d;
  }
  *x0 = floor(*x0 / cell) * cell; *y0 = floor(*y0 / cell) * cell;
  *x1 = ceil(*x1 / cell) * cell; *y1 = ceil(*y1 / cell) * cell;
}

static int targets_csv(const stp_scenario *s, double cell, FILE *out) {
  stp_field_ctx *ctx = malloc(sizeof *ctx);
  if (!ctx) return STP_EXIT_IO;
  stp_field_init(ctx, s);
  double x0, y0, x1, y1;
  zones_bounds(s, cell, &x0, &y0, &x1, &y1);
  long nx = lround((x1 - x0) / cell), ny = lround((y1 - y0) / cell);
  if (nx * ny > MAX_CELLS) {
    fprintf(stderr, "stipple targets: --cell %g mm gives %ld cells; use a larger cell (at most %ld)\n",
            cell, nx * ny, MAX_CELLS);
    free(ctx);
    return STP_EXIT_USAGE;
  }
  fprintf(out, "x_mm,y_mm,zone,density_per_cm2,angle_deg,ink,depth_mm,needle_mm,pigment\n");
  for (long j = 0; j < ny; j++)
    for (long i = 0; i < nx; i++) {
      double x = x0 + (i + 0.5) * cell, y = y0 + (j + 0.5) * cell;
      stp_targets t = stp_field_targets(ctx, x, y);
      if (t.zone < 0 || s->zones[t.zone].role == STP_ZONE_DONE) continue;   /* the instructor's: not to work */
      fprintf(out, "%.2f,%.2f,%s,%.3f,%.2f,%.3f,%.3f,%.3f,%s\n", x, y, s->zones[t.zone].id, t.density_per_cm2,
              t.angle_deg, t.ink, t.depth_mm, t.needle_mm, s->pigments[t.pigment].id);
    }
  free(ctx);
  return ferror(out) ? STP_EXIT_IO : STP_EXIT_OK;
}

/* The kit as CSV: kind,value (needles in mm, pigment ids, inks). */
static int kit_csv(const stp_scenario *s, FILE *out) {
  fprintf(out, "kind,value\n");
  for (int i = 0; i < s->needle_count; i++) fprintf(out, "needle,%.3f\n", s->needles_mm[i]);
  for (int i = 0; i < s->pigment_count; i++) fprintf(out, "pigment,%s\n", s->pigments[i].id);
  for (int i = 0; i < s->ink_count; i++) fprintf(out, "ink,%.3f\n", s->inks[i]);
  return ferror(out) ? STP_EXIT_IO : STP_EXIT_OK;
}

int stp_cmd_targets(int argc, char **argv) {
  const char *scenario = NULL, *cell_s = "1", *session_s = NULL;
  bool kit = false;
  for (int i = 1; i < argc; i++) {
    if ((strcmp(argv[i], "--scenario") == 0 || strcmp(argv[i], "--cell") == 0) && i + 1 < argc) {
      if (argv[i][2] == 's') scenario = argv[++i]; else cell_s = argv[++i];
    } else if (strcmp(argv[i], "--session") == 0 && i + 1 < argc) {
      session_s = argv[++i];
    } else if (strcmp(argv[i], "--kit") == 0) {
      kit = true;
    } else if (strcmp(argv[i], "--csv") != 0) {
      fprintf(stderr, "stipple targets: unknown option '%s' (options: --scenario FILE --cell MM --session K --csv, "
              "or --kit)\n", argv[i]);
      return STP_EXIT_USAGE;
    }
  }
  char *end = NULL;
  double cell = strtod(cell_s, &end);
  if (!scenario || !end || *end || !(cell >= 0.1 && cell <= 100)) {
    fprintf(stderr, "stipple targets: --scenario FILE is required and --cell MM must be 0.1..100\n");
    return STP_EXIT_USAGE;
  }
  long session = 0;
  if (session_s) {
    end = NULL;
    session = strtol(session_s, &end, 10);
    if (!end || *end || session < 1 || session > STP_SCN_MAX_SESSIONS || kit) {
      fprintf(stderr, "stipple targets: --session K is a session number from 1 (and not with --kit)\n");
      return STP_EXIT_USAGE;
    }
  }
  stp_scenario *s = malloc(sizeof *s);
  if (!s) return STP_EXIT_IO;
  stp_error err;
  stp_error_clear(&err);
  stp_status st = stp_app_load_scenario(scenario, s, &err);
  if (st == STP_OK && session > s->sessions) {
    fprintf(stderr, "stipple targets: %s has sessions 1 to %d; there is no session %ld\n", scenario, s->sessions, session);
    free(s);
    return STP_EXIT_USAGE;
  }
  /* A session's targets: what its plan asks by its end (stp_scenario_for_session), the
   * very scenario the scorer judges that session against. */
  if (st == STP_OK && session > 0) stp_scenario_for_session(s, (int)session, s);
  /* A design case: the targets of the landmark rules' design (stp_design_expert), whose
   * "# design" lines come first, as a work file holds them (docs/cli.md). */
  stp_work dw;
  stp_work_init(&dw);
  if (st == STP_OK && s->design.enabled && !kit) {
    stp_design_expert(&s->head, &dw.design);
    st = stp_design_apply(s, &dw.design, &err);
    char *text = NULL;
    size_t len = 0;
    if (st == STP_OK) st = stp_work_to_text(&dw, &text, &len, &err);
    if (st == STP_OK) {
      const char *hdr = strstr(text, "x_mm,");   /* the design lines only, not the empty work's header */
      fwrite(text, 1, hdr ? (size_t)(hdr - text) : len, stdout);
    }
    free(text);
  }
  int rc = st != STP_OK ? (stp_app_report(&err), stp_app_exit_code(st))
           : kit         ? kit_csv(s, stdout)
                         : targets_csv(s, cell, stdout);
  free(s);
  return rc;
}

/* ---- score --maps ---------------------------------------------------------------- */

/* One map: the scalp and the work underneath, the criterion's cells over them. */
static int write_one_map(const stp_scenario *s, const stp_work *w, stp_criterion_id id, const char *path,
                         SDL_Renderer *ren, SDL_Surface *surf, stp_draw *d, stp_font *font, const stp_view *v) {
  stp_score_map_grid g = {0};
  stp_map_grid_for_view(v, &g);
  g.values = malloc((size_t)g.nx * (size_t)g.ny * sizeof *g.values);
  if (!g.values) return STP_EXIT_IO;
  stp_error err;
  stp_error_clear(&err);
  stp_status st = stp_score_map(s, w, id, &g, &err);
  if (st != STP_OK) { free(g.values); stp_app_report(&err); return stp_app_exit_code(st); }
  stp_draw_opts o = {.zones = true};
  stp_draw_scalp(d, v, w, &o);
  stp_map_draw(ren, v, &g, 190, font, stp_criterion_name(id));
  SDL_RenderPresent(ren);
  free(g.values);
  if (stp_app_save_png(surf, path, &err) != STP_OK) {   /* atomic and checked: a full disk fails */
    stp_app_report(&err);
    return STP_EXIT_IO;
  }
  fprintf(stderr, "stipple score: wrote %s\n", path);
  return STP_EXIT_OK;
}

int stp_app_write_maps(const stp_scenario *s, const stp_work *w, const char *dir) {
  if (stp_app_mkdir_p(dir) != 0) {
    fprintf(stderr, "stipple score: cannot create %s: %s\n", dir, strerror(errno));
    return STP_EXIT_IO;
  }
  const int W = 1024, H = 1024;
  SDL_Surface *surf = SDL_CreateRGBSurfaceWithFormat(0, W, H, 32, SDL_PIXELFORMAT_ARGB8888);
  SDL_Renderer *ren = surf ? SDL_CreateSoftwareRenderer(surf) : NULL;
  stp_draw *d = NULL;
  stp_font *font = NULL;
  stp_error err;
  stp_error_clear(&err);
  int rc = STP_EXIT_OK;
  if (!ren) {
    fprintf(stderr, "stipple score: cannot create a %dx%d image: %s\n", W, H, SDL_GetError());
    rc = STP_EXIT_IO;
  } else if (stp_draw_create(&d, ren, s, 1, &err) != STP_OK) {
    stp_app_report(&err);
    rc = STP_EXIT_IO;
  }
  if (rc == STP_EXIT_OK) {
    char assets[1024];
    const char *assets_dir = stp_app_find_data("assets", assets, sizeof assets) == 0 ? assets : NULL;
    if (stp_font_open_default(&font, assets_dir, &err) != STP_OK) {
      fprintf(stderr, "stipple score: maps without legend text: %s\n", err.msg);
      font = NULL;
    }
    stp_view v = {0};
    stp_view_set_viewport(&v, 0, 0, W, H);
    stp_view_fit(&v, s->view_x0, s->view_y0, s->view_x1, s->view_y1);
    for (int i = 0; i < STP_CRIT_COUNT && rc == STP_EXIT_OK; i++) {
      if (!s->rubric.items[i].enabled) continue;
      char path[1200];
      snprintf(path, sizeof path, "%s/%s.png", dir, stp_criterion_key((stp_criterion_id)i));
      rc = write_one_map(s, w, (stp_criterion_id)i, path, ren, surf, d, font, &v);
    }
  }
  if (font && ren) stp_font_forget_renderer(font, ren);
  stp_font_close(font);
  stp_draw_destroy(d);
  if (ren) SDL_DestroyRenderer(ren);
  if (surf) SDL_FreeSurface(surf);
  return rc;
}
