/* stp_bench_input.c - `stipple bench --input` (event to the frame that shows the dot) and
 * `stipple bench --startup` (launch to the first frame). docs/performance.md has the
 * method and the numbers.
 *
 * --input opens a real window (Xvfb will do) and runs the game's own pieces the way its
 * loop does (engine/app/stp_play.c): SDL events through stp_input_translate, a place through
 * stp_game_place, then a frame: clear, stp_draw_scalp with the persistent layer at "now",
 * the needle cursor, the panel and status line (filled, a dozen lines of text), present.
 * draw_frame itself needs the whole app state (struct play), so the bench draws the same
 * calls itself rather than calling it: the panel's text is a stand-in of the same size.
 */
#define _POSIX_C_SOURCE 200809L
#define _XOPEN_SOURCE 700
#include <SDL2/SDL.h>
#include <errno.h>
#include <ftw.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "stp_app.h"
#include "stp_bench.h"
#include "stp_chart.h"
#include "stp_draw.h"
#include "stp_font.h"
#include "stp_game.h"
#include "stp_input.h"
#include "stp_rng.h"
#include "stp_view.h"
#include "stp_window.h"

static double now_ms(void) {
  return (double)SDL_GetPerformanceCounter() * 1000.0 / (double)SDL_GetPerformanceFrequency();
}

static int cmp_d(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return x < y ? -1 : x > y;
}

/* The q-quantile of v (sorted here), nearest rank. */
static double quantile(double *v, int n, double q) {
  qsort(v, (size_t)n, sizeof *v, cmp_d);
  int k = (int)ceil(q * n) - 1;
  return v[k < 0 ? 0 : k >= n ? n - 1 : k];
}

/* ---- --input ------------------------------------------------------------------------------ */

#define WIN_W 1280
#define WIN_H 800

typedef struct bench_frame {
  SDL_Renderer *ren;
  stp_font *font;
  stp_draw *draw;
  stp_game *game;
  stp_work none;
  stp_view view;
  double hover_x, hover_y;
  float px, panel_w, status_h;
  double scalp_ms, present_ms;   /* the last frame's stp_draw_scalp and SDL_RenderPresent */
} bench_frame;

/* One frame as the game draws it in play (stp_play.c draw_frame), with its panel's text
 * stood in for by lines of the same size. */
static void frame(bench_frame *b) {
  SDL_SetRenderDrawColor(b->ren, 28, 31, 38, 255);
  SDL_RenderClear(b->ren);
  stp_draw_opts o = {.zones = true, .layered = true, .under = &b->none,
                     .at = {.timed = true, .session = b->game->session, .days = 0}};
  double a = now_ms();
  stp_draw_scalp(b->draw, &b->view, &b->game->work, &o);
  b->scalp_ms = now_ms() - a;
  stp_impression prev = stp_game_preview(b->game, b->hover_x, b->hover_y, b->game->tool.pressure, NAN, 0);
  stp_draw_cursor(b->draw, &b->view, &prev);
  float x0 = (float)WIN_W - b->panel_w;
  SDL_FRect panel = {x0, 0, b->panel_w, (float)WIN_H};
  SDL_SetRenderDrawColor(b->ren, 38, 42, 51, 255);
  SDL_RenderFillRectF(b->ren, &panel);
  SDL_Color text = {232, 234, 238, 255};
  char line[160];
  float y = b->px;
  for (int i = 0; i < 12; i++) {
    snprintf(line, sizeof line, "Line %d of the panel: %zu impressions, density 84 / cm2, grain 12 deg", i,
             b->game->work.count);
    stp_font_draw(b->font, b->ren, x0 + b->px, y, b->px * 0.9f, text, line);
    y += b->px * 1.4f;
  }
  SDL_FRect status = {0, (float)WIN_H - b->status_h, (float)WIN_W, b->status_h};
  SDL_SetRenderDrawColor(b->ren, 20, 22, 27, 255);
  SDL_RenderFillRectF(b->ren, &status);
  snprintf(line, sizeof line, "%.0f px/mm   x %.1f mm, y %.1f mm", b->view.scale, b->hover_x, b->hover_y);
  stp_font_draw(b->font, b->ren, b->px * 0.6f, (float)WIN_H - b->status_h + 4, b->px * 0.9f, text, line);
  a = now_ms();
  SDL_RenderPresent(b->ren);
  b->present_ms = now_ms() - a;
}

/* Handle what is queued as the game's loop does: each event through the input layer; a
 * place goes to the game. */
static void handle_events(bench_frame *b, stp_input *in) {
  SDL_Event e;
  if (!SDL_WaitEventTimeout(&e, 1)) return;
  do {
    stp_action acts[4];
    int n = stp_input_translate(in, &e, &b->view, acts, 4);
    for (int i = 0; i < n; i++) {
      if (acts[i].kind == STP_ACT_HOVER) { b->hover_x = acts[i].x_mm; b->hover_y = acts[i].y_mm; }
      if (acts[i].kind != STP_ACT_PLACE) continue;
      stp_error err;
      stp_error_clear(&err);
      stp_game_place(b->game, acts[i].x_mm, acts[i].y_mm, acts[i].pressure, acts[i].angle_deg,
                     (uint64_t)b->game->work.count * 250, &err);
    }
  } while (SDL_PollEvent(&e));
}

int stp_bench_input(const stp_scenario *s, size_t impressions, int events) {
  if (stp_window_open_video() != 0) return STP_EXIT_IO;
  bench_frame b = {0};
  stp_work_init(&b.none);
  stp_input in;
  int rc = STP_EXIT_OK;
  stp_error err;
  stp_error_clear(&err);
  SDL_Window *win = SDL_CreateWindow("Stipple bench", SDL_WINDOWPOS_CENTERED, SDL_WINDOWPOS_CENTERED, WIN_W, WIN_H, 0);
  b.ren = win ? SDL_CreateRenderer(win, -1, 0) : NULL;
  char assets[1024];
  const char *assets_dir = stp_app_find_data("assets", assets, sizeof assets) == 0 ? assets : NULL;
  b.game = calloc(1, sizeof *b.game);
  double *lat = calloc((size_t)events, sizeof *lat), *fr = calloc((size_t)events, sizeof *fr);
  double *sc = calloc((size_t)events, sizeof *sc), *pr = calloc((size_t)events, sizeof *pr);
  int *frames = calloc((size_t)events, sizeof *frames);
  if (!b.ren) {
    fprintf(stderr, "stipple bench: cannot open a window: %s\n", SDL_GetError());
    rc = STP_EXIT_IO;
  } else if (!b.game || !lat || !fr || !frames || !sc || !pr) {
    rc = STP_EXIT_IO;
  } else if (stp_font_open_default(&b.font, assets_dir, &err) != STP_OK ||
             stp_game_init(b.game, s, NULL, 0, &err) != STP_OK) {
    stp_app_report(&err);
    rc = STP_EXIT_IO;
  }
  if (rc != STP_EXIT_OK) goto out;
  stp_bench_work(&b.game->work, impressions, 7);
  stp_game_recount(b.game);
  if (stp_draw_create(&b.draw, b.ren, &b.game->scn, 1, &err) != STP_OK) {
    stp_app_report(&err);
    rc = STP_EXIT_IO;
    goto out;
  }
  stp_window_metrics(WIN_W, WIN_H, &b.px, &b.panel_w, &b.status_h);
  stp_input_init(&in, WIN_W, WIN_H);
  in.mouse_pressure = b.game->tool.pressure;
  SDL_RendererInfo info;
  SDL_GetRendererInfo(b.ren, &info);
  printf("stipple bench --input: %d clicks pushed (SDL_PushEvent) into a %dx%d window, renderer %s, "
         "a work of %zu impressions; %d CPU cores\n", events, WIN_W, WIN_H, info.name, impressions, SDL_GetCPUCount());
  printf("latency: the push of the button-down to the end of SDL_RenderPresent of the frame showing its dot\n");
  printf("(frame: that frame's whole time; scalp: its stp_draw_scalp; present: its SDL_RenderPresent; medians)\n");
  printf("%6s %8s %10s %10s %10s %10s %10s %10s %14s\n", "view", "px/mm", "median ms", "p95 ms", "max ms",
         "frame ms", "scalp ms", "present ms", "next frame");
  Uint32 wid = SDL_GetWindowID(win);
  for (int vi = 0; vi < 2; vi++) {
    stp_view_set_viewport(&b.view, 0, 0, WIN_W - b.panel_w, WIN_H - b.status_h);
    if (vi == 0) stp_view_fit(&b.view, -190, -30, 190, 435);   /* the whole head: every dot on screen */
    else stp_view_fit(&b.view, -35, 140, 35, 200);             /* a 70 mm working view */
    stp_draw_invalidate(b.draw);
    int guard = 0;
    do frame(&b); while (stp_draw_pending(b.draw) && ++guard < 5000);   /* the layer built (a resume) */
    SDL_FlushEvents(SDL_FIRSTEVENT, SDL_LASTEVENT);
    double vx0, vy0, vx1, vy1;
    stp_view_visible(&b.view, &vx0, &vy0, &vx1, &vy1);
    /* Clicks where the work is (x -150..150, y 60..360 mm) and the view shows. */
    double x0 = fmax(vx0 + 2, -150), x1 = fmin(vx1 - 2, 150), y0 = fmax(vy0 + 2, 60), y1 = fmin(vy1 - 2, 360);
    stp_rng r;
    stp_rng_seed(&r, 11 + (uint64_t)vi);
    int in_next = 0, worst_frames = 0;
    int shown = 0, refused = 0;
    for (int k = 0; k < events; k++) {
      double x, y, sx, sy;
      do { x = stp_rng_range(&r, x0, x1); y = stp_rng_range(&r, y0, y1); }   /* on the scalp, 3 mm in */
      while (!stp_chart_contains(x - 3, y) || !stp_chart_contains(x + 3, y) || !stp_chart_contains(x, y - 3) ||
             !stp_chart_contains(x, y + 3));
      stp_view_to_screen(&b.view, x, y, &sx, &sy);
      SDL_Event down = {0}, up = {0};
      down.type = SDL_MOUSEBUTTONDOWN;
      down.button.windowID = wid;
      down.button.button = SDL_BUTTON_LEFT;
      down.button.state = SDL_PRESSED;
      down.button.clicks = 1;
      down.button.x = (Sint32)lround(sx);
      down.button.y = (Sint32)lround(sy);
      up = down;
      up.type = SDL_MOUSEBUTTONUP;
      up.button.state = SDL_RELEASED;
      size_t before = b.game->work.count;
      double t0 = now_ms();
      SDL_PushEvent(&down);
      SDL_PushEvent(&up);
      int n = 0;
      double t1 = NAN, f0 = 0;
      while (n < 1000) {
        handle_events(&b, &in);
        f0 = now_ms();
        frame(&b);
        n++;
        if (b.game->work.count > before && stp_draw_complete(b.draw)) { t1 = now_ms(); break; }
        if (b.game->work.count == before && SDL_PeepEvents(NULL, 0, SDL_PEEKEVENT, SDL_MOUSEBUTTONDOWN,
                                                            SDL_MOUSEBUTTONUP) == 0)
          break;   /* handled, and no dot: the game refused the place */
      }
      if (isnan(t1)) { refused++; continue; }
      lat[shown] = t1 - t0;
      fr[shown] = t1 - f0;
      sc[shown] = b.scalp_ms;
      pr[shown] = b.present_ms;
      frames[shown] = n;
      shown++;
      in_next += n == 1;
      if (n > worst_frames) worst_frames = n;
      guard = 0;   /* then idle: the game keeps drawing while the layer catches up elsewhere */
      while (stp_draw_pending(b.draw) && ++guard < 5000) frame(&b);
    }
    if (shown == 0) {
      fprintf(stderr, "stipple bench: no click placed a dot (%d refused)\n", refused);
      rc = STP_EXIT_IO;
      break;
    }
    double med = quantile(lat, shown, 0.5), p95 = quantile(lat, shown, 0.95), mx = quantile(lat, shown, 1.0);
    double fmed = quantile(fr, shown, 0.5), smed = quantile(sc, shown, 0.5), pmed = quantile(pr, shown, 0.5);
    char next[64];
    snprintf(next, sizeof next, "%d/%d (max %d)", in_next, events, worst_frames);
    if (refused) printf("(%d clicks placed no dot)\n", refused);
    printf("%6s %8.1f %10.2f %10.2f %10.2f %10.2f %10.2f %10.2f %14s\n", vi == 0 ? "head" : "zoom", b.view.scale, med,
           p95, mx, fmed, smed, pmed, next);
    fflush(stdout);
  }
out:
  stp_draw_destroy(b.draw);
  if (b.game) { stp_game_free(b.game); free(b.game); }
  stp_font_close(b.font);
  free(lat);
  free(fr);
  free(sc);
  free(pr);
  free(frames);
  stp_work_free(&b.none);
  if (b.ren) SDL_DestroyRenderer(b.ren);
  if (win) SDL_DestroyWindow(win);
  SDL_Quit();
  return rc;
}

/* ---- --startup ------------------------------------------------------------------------------ */

#define PHASES 8
static const char *const phase_names[PHASES] = {"main", "sdl", "window and font", "scenario", "skin", "menu",
                                                 "first frame", NULL};

static int rm_entry(const char *path, const struct stat *sb, int flag, struct FTW *ftw) {
  (void)sb; (void)flag; (void)ftw;
  return remove(path);
}

/* One launch: the phases' wall and CPU ms (NAN where the game printed none). 0, or -1. */
static int launch(const char *exe, const char *scenario, double wall[PHASES], double cpu[PHASES]) {
  for (int i = 0; i < PHASES; i++) wall[i] = cpu[i] = NAN;
  char dir[] = "/tmp/stipple-startup-XXXXXX";
  if (!mkdtemp(dir)) return -1;
  char work[sizeof dir + 16];
  snprintf(work, sizeof work, "%s/work.csv", dir);
  int fd[2];
  if (pipe(fd) != 0) { rmdir(dir); return -1; }
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  char launch_ns[32];
  snprintf(launch_ns, sizeof launch_ns, "%lld", (long long)ts.tv_sec * 1000000000LL + ts.tv_nsec);
  fflush(stdout);   /* not printed again by the child */
  fflush(stderr);
  pid_t pid = fork();
  if (pid < 0) { close(fd[0]); close(fd[1]); rmdir(dir); return -1; }
  if (pid == 0) {
    setenv("HOME", dir, 1);
    setenv("XDG_DATA_HOME", dir, 1);
    setenv("STIPPLE_STARTUP_TRACE", "1", 1);
    setenv("STIPPLE_LAUNCH_NS", launch_ns, 1);
    dup2(fd[1], 2);
    close(fd[0]);
    close(fd[1]);
    FILE *devnull = freopen("/dev/null", "w", stdout);
    (void)devnull;
    if (scenario) execl(exe, "stipple", "--scenario", scenario, "--work", work, "--size", "1280x800", (char *)NULL);
    else execl(exe, "stipple", "--size", "1280x800", (char *)NULL);
    _exit(127);
  }
  close(fd[1]);
  FILE *f = fdopen(fd[0], "r");
  char line[512];
  bool done = false;
  while (f && !done && fgets(line, sizeof line, f)) {
    const char *pre = "stipple: startup ";
    if (strncmp(line, pre, strlen(pre)) != 0) continue;
    for (int i = 0; phase_names[i]; i++) {
      size_t n = strlen(phase_names[i]);
      const char *rest = line + strlen(pre);
      if (strncmp(rest, phase_names[i], n) != 0 || rest[n] != ' ') continue;
      double w, c;
      if (sscanf(rest + n, " %lf ms (cpu %lf ms)", &w, &c) == 2) { wall[i] = w; cpu[i] = c; }
      done = strcmp(phase_names[i], "first frame") == 0;
    }
  }
  kill(pid, SIGTERM);
  while (f && fgets(line, sizeof line, f)) {}   /* until it has gone */
  if (f) fclose(f); else close(fd[0]);
  int status = 0;
  waitpid(pid, &status, 0);
  nftw(dir, rm_entry, 8, FTW_DEPTH | FTW_PHYS);
  return done ? 0 : -1;
}

int stp_bench_startup(int runs, const char *scenario) {
  char exe[1024];
  ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
  if (n <= 0) { fprintf(stderr, "stipple bench: cannot find this program (/proc/self/exe)\n"); return STP_EXIT_IO; }
  exe[n] = '\0';
  char found[1024];
  if (!scenario) {
    if (stp_app_find_data("scenarios/01_practice_field.lua", found, sizeof found) != 0) {
      fprintf(stderr, "stipple bench: cannot find scenarios/01_practice_field.lua; give --scenario FILE\n");
      return STP_EXIT_IO;
    }
    scenario = found;
  }
  printf("stipple bench --startup: %d launches each, launch (fork+exec) to each step; median ms since launch "
         "(CPU ms); %d CPU cores\n", runs, SDL_GetCPUCount());
  double (*wall)[PHASES] = calloc((size_t)runs, sizeof *wall), (*cpu)[PHASES] = calloc((size_t)runs, sizeof *cpu);
  if (!wall || !cpu) { free(wall); free(cpu); return STP_EXIT_IO; }
  int rc = STP_EXIT_OK;
  for (int mode = 0; mode < 2 && rc == STP_EXIT_OK; mode++) {
    const char *what = mode == 0 ? scenario : NULL;
    for (int k = 0; k < runs; k++)
      if (launch(exe, what, wall[k], cpu[k]) != 0) {
        fprintf(stderr, "stipple bench: the game launched for the startup bench showed no first frame "
                        "(is there a display? run under xvfb-run)\n");
        rc = STP_EXIT_IO;
        break;
      }
    if (rc != STP_EXIT_OK) break;
    printf("%s\n", mode == 0 ? scenario : "the menu (no --scenario)");
    for (int i = 0; phase_names[i]; i++) {
      double w[100], c[100];
      int m = 0;
      for (int k = 0; k < runs; k++)
        if (!isnan(wall[k][i])) { w[m] = wall[k][i]; c[m] = cpu[k][i]; m++; }
      if (m == 0) continue;
      double wmin = quantile(w, m, 0.0), wmed = quantile(w, m, 0.5), wmax = quantile(w, m, 1.0);
      printf("  %-16s %8.1f ms (cpu %6.1f)   min %7.1f  max %7.1f\n", phase_names[i], wmed, quantile(c, m, 0.5), wmin,
             wmax);
    }
    fflush(stdout);
  }
  free(wall);
  free(cpu);
  return rc;
}
