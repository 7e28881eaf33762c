/* stp_cli.c - the headless commands (score, render) and what every command shares. */
#define _POSIX_C_SOURCE 200809L
#include <SDL2/SDL.h>
#include <SDL2/SDL_image.h>
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "stp_app.h"
#include "stp_heal.h"
#include "stp_kit.h"
#include "stp_design.h"
#include "stp_draw.h"
#include "stp_file.h"
#include "stp_font.h"
#include "stp_loop_ui.h"
#include "stp_score.h"
#include "stp_script.h"
#include "stp_version.h"
#include "stp_view.h"
#include "stp_work.h"

int stp_app_exit_code(stp_status st) {
  switch (st) {
  case STP_OK: return STP_EXIT_OK;
  case STP_ERR_USAGE: return STP_EXIT_USAGE;
  case STP_ERR_PARSE: case STP_ERR_RANGE: case STP_ERR_SCRIPT: case STP_ERR_LIMIT: return STP_EXIT_INPUT;
  default: return STP_EXIT_IO;
  }
}

void stp_app_report(const stp_error *err) {
  char buf[1200];
  fprintf(stderr, "stipple: %s\n", stp_error_format(err, buf, sizeof buf));
}

static int file_exists(const char *p) {
  struct stat st;
  return stat(p, &st) == 0;
}

int stp_app_find_data(const char *rel, char *out, size_t size) {
  const char *env = getenv("STIPPLE_DATA_DIR");
  if (env && env[0]) {
    snprintf(out, size, "%s/%s", env, rel);
    if (file_exists(out)) return 0;
  }
  char *base = SDL_GetBasePath();   /* the executable's folder, with a trailing slash */
  if (base) {
    static const char *const ups[] = {"", "../", "../../", "../share/stipple/"};
    for (size_t i = 0; i < sizeof ups / sizeof ups[0]; i++) {
      snprintf(out, size, "%s%s%s", base, ups[i], rel);
      if (file_exists(out)) { SDL_free(base); return 0; }
    }
    SDL_free(base);
  }
  snprintf(out, size, "%s/%s", STP_SOURCE_DIR, rel);
  return file_exists(out) ? 0 : -1;
}

stp_status stp_app_load_scenario(const char *path, stp_scenario *out, stp_error *err) {
  return stp_script_load_scenario(path, NULL, out, err);
}

stp_status stp_app_open_scenario(const char *path, stp_scenario *out, stp_script **script, stp_error *err) {
  *script = NULL;
  /* The same reader and limit as the loader and `check` (stp_script_load_scenario). */
  char *text = NULL;
  size_t len = 0;
  stp_status rst = stp_file_read(path, STP_FILE_MAX_SCENARIO, "the scenario", &text, &len, err);
  if (rst != STP_OK) return rst;
  stp_status st = stp_script_open(script, NULL, err);
  if (st == STP_OK) st = stp_script_load(*script, path, text, len, out, err);
  free(text);
  if (st != STP_OK) { stp_script_close(*script); *script = NULL; }
  return st;
}

stp_status stp_app_score(const stp_scenario *scn, stp_script *script, const stp_work *work,
                         stp_score_result *out, unsigned char *merged_flags, stp_error *err) {
  return stp_script_score(scn, script, work, out, merged_flags, err);
}

char *stp_app_result_text(const stp_scenario *scn, const stp_score_result *r) {
  char *js = stp_score_to_json(scn, r);
  if (!js) return NULL;
  size_t n = strlen(js);
  char *text = realloc(js, n + 2);
  if (!text) { free(js); return NULL; }
  text[n] = '\n';
  text[n + 1] = '\0';
  return text;
}

stp_status stp_app_result_json(const stp_scenario *scn, stp_script *script, const stp_work *work, char **text,
                               stp_error *err) {
  *text = NULL;
  stp_score_result *r = malloc(sizeof *r);
  if (!r) return stp_error_set(err, STP_ERR_NOMEM, NULL, 0, "out of memory scoring the work");
  stp_status st = stp_app_score(scn, script, work, r, NULL, err);
  if (st == STP_OK && !(*text = stp_app_result_text(scn, r)))
    st = stp_error_set(err, STP_ERR_NOMEM, NULL, 0, "out of memory writing the result");
  free(r);
  return st;
}

/* mkdir that takes an existing folder as done, and anything else in the way as an error. */
static int make_dir(const char *path) {
  if (mkdir(path, 0755) == 0) return 0;
  if (errno != EEXIST) return -1;
  struct stat st;
  if (stat(path, &st) == 0 && S_ISDIR(st.st_mode)) return 0;
  errno = ENOTDIR;
  return -1;
}

int stp_app_mkdir_p(const char *dir) {
  char tmp[1024];
  if (snprintf(tmp, sizeof tmp, "%s", dir) >= (int)sizeof tmp) {
    errno = ENAMETOOLONG;
    return -1;
  }
  for (char *p = tmp + 1; *p; p++) {
    if (*p != '/') continue;
    *p = '\0';
    if (make_dir(tmp) != 0) return -1;
    *p = '/';
  }
  return make_dir(tmp);
}

int stp_app_data_dir(const char *sub, char *out, size_t size) {
  const char *xdg = getenv("XDG_DATA_HOME"), *home = getenv("HOME");
  int n = xdg && xdg[0] ? snprintf(out, size, "%s/stipple/%s", xdg, sub)
          : home && home[0] ? snprintf(out, size, "%s/.local/share/stipple/%s", home, sub)
                            : snprintf(out, size, "stipple-%s", sub);
  return n >= 0 && (size_t)n < size ? 0 : -1;
}

static char data_place[64];

void stp_app_set_data_place(const char *place) { snprintf(data_place, sizeof data_place, "%s", place ? place : ""); }

const char *stp_app_shown_path(const char *path, char *buf, size_t size) {
  char root[1024];
  size_t n = 0;
  if (data_place[0] && stp_app_data_dir("", root, sizeof root) == 0) n = strlen(root);   /* ".../stipple/" */
  if (n && strncmp(path, root, n) == 0 && path[n]) snprintf(buf, size, "%s %s", path + n, data_place);
  else snprintf(buf, size, "%s", path);
  return buf;
}

int stp_app_autosave_path(const char *scenario_id, char *out, size_t size) {
  return stp_app_profile_work_path(STP_PROFILE_DEFAULT, scenario_id, out, size);   /* works/<id>.csv */
}

int stp_app_bundle_options(const char *cmd, int argc, char **argv, const char *const *opts, const char **vals,
                           const char *const *flags, bool *set, const char **bundle) {
  *bundle = NULL;
  for (int i = 1; i < argc; i++) {
    const char *a = argv[i];
    int o = -1, f = -1;
    for (int k = 0; opts && opts[k] && o < 0; k++)
      if (strcmp(a, opts[k]) == 0) o = k;
    for (int k = 0; flags && flags[k] && f < 0; k++)
      if (strcmp(a, flags[k]) == 0) f = k;
    if (o >= 0) {
      if (i + 1 >= argc) {
        fprintf(stderr, "stipple %s: %s needs a value\n", cmd, a);
        return STP_EXIT_USAGE;
      }
      vals[o] = argv[++i];
    } else if (f >= 0) {
      set[f] = true;
    } else if (a[0] == '-' && a[1] != '\0') {
      fprintf(stderr, "stipple %s: unknown option '%s' (try stipple --help)\n", cmd, a);
      return STP_EXIT_USAGE;
    } else if (*bundle) {
      fprintf(stderr, "stipple %s: one bundle at a time ('%s' and '%s')\n", cmd, *bundle, a);
      return STP_EXIT_USAGE;
    } else {
      *bundle = a;
    }
  }
  return 0;
}

const char *stp_app_build_string(void) {
#if defined(__SANITIZE_ADDRESS__)
#define STP_SAN " asan"
#else
#define STP_SAN ""
#endif
  return "cc " __VERSION__ ", " STP_BUILD_TYPE STP_SAN;
}

/* An SDL_RWops writing into a growing buffer (SDL2 has none built in). */
typedef struct png_buf { unsigned char *data; size_t len, cap; bool failed; } png_buf;

static size_t SDLCALL png_buf_write(SDL_RWops *rw, const void *ptr, size_t size, size_t num) {
  png_buf *b = rw->hidden.unknown.data1;
  if (size == 0 || num == 0) return 0;
  if (num > SIZE_MAX / size) { b->failed = true; return 0; }
  size_t n = size * num;
  if (n > b->cap - b->len) {
    size_t ncap = b->cap ? b->cap : 65536;
    while (ncap - b->len < n) {
      if (ncap > SIZE_MAX / 2) { b->failed = true; return 0; }
      ncap *= 2;
    }
    unsigned char *nd = realloc(b->data, ncap);
    if (!nd) { b->failed = true; return 0; }
    b->data = nd;
    b->cap = ncap;
  }
  memcpy(b->data + b->len, ptr, n);
  b->len += n;
  return num;
}

static Sint64 SDLCALL png_buf_size(SDL_RWops *rw) { return (Sint64)((png_buf *)rw->hidden.unknown.data1)->len; }
static Sint64 SDLCALL png_buf_seek(SDL_RWops *rw, Sint64 off, int whence) {
  png_buf *b = rw->hidden.unknown.data1;   /* the PNG writer only asks where it is */
  if (whence == RW_SEEK_CUR && off == 0) return (Sint64)b->len;
  if (whence == RW_SEEK_END && off == 0) return (Sint64)b->len;
  return SDL_SetError("png buffer: cannot seek");
}
static size_t SDLCALL png_buf_read(SDL_RWops *rw, void *ptr, size_t size, size_t num) {
  (void)rw; (void)ptr; (void)size; (void)num;
  return 0;
}
static int SDLCALL png_buf_close(SDL_RWops *rw) {
  SDL_FreeRW(rw);
  return 0;
}

stp_status stp_app_save_png(SDL_Surface *surface, const char *path, stp_error *err) {
  png_buf b = {0};
  SDL_RWops *rw = SDL_AllocRW();
  if (!rw) return stp_error_set(err, STP_ERR_NOMEM, path, 0, "cannot write the image: %s", SDL_GetError());
  rw->type = SDL_RWOPS_UNKNOWN;
  rw->size = png_buf_size;
  rw->seek = png_buf_seek;
  rw->read = png_buf_read;
  rw->write = png_buf_write;
  rw->close = png_buf_close;
  rw->hidden.unknown.data1 = &b;
  int rc = IMG_SavePNG_RW(surface, rw, 1);   /* closes rw */
  stp_status st;
  if (rc != 0 || b.failed || b.len == 0)
    st = stp_error_set(err, b.failed ? STP_ERR_NOMEM : STP_ERR_IO, path, 0, "cannot encode the image: %s",
                       b.failed ? "out of memory" : IMG_GetError());
  else
    st = stp_file_write(path, b.data, b.len, 0, "the image", err);
  free(b.data);
  return st;
}

int stp_app_parse_size(const char *s, int *w, int *h) {
  char x;
  if (!s || sscanf(s, "%d%c%d", w, &x, h) != 3 || (x != 'x' && x != 'X')) return -1;
  return *w >= 64 && *h >= 64 && *w <= 16384 && *h <= 16384 ? 0 : -1;
}

/* ---- option parsing shared by score and render ----------------------------------- */

typedef struct cli_opts {
  const char *scenario, *work, *out, *size, *maps, *at;
  int json, healed, head, zones, landmarks;
} cli_opts;

static int parse_opts(int argc, char **argv, cli_opts *o, const char *cmd) {
  memset(o, 0, sizeof *o);
  for (int i = 1; i < argc; i++) {
    const char *a = argv[i];
    const char **slot = strcmp(a, "--scenario") == 0 ? &o->scenario
                      : strcmp(a, "--work") == 0 ? &o->work
                      : strcmp(a, "--out") == 0 ? &o->out
                      : strcmp(a, "--size") == 0 ? &o->size
                      : strcmp(a, "--maps") == 0 ? &o->maps
                      : strcmp(a, "--at") == 0 ? &o->at : NULL;
    if (slot) {
      if (i + 1 >= argc) { fprintf(stderr, "stipple %s: %s needs a value\n", cmd, a); return -1; }
      *slot = argv[++i];
    } else if (strcmp(a, "--json") == 0) o->json = 1;
    else if (strcmp(a, "--healed") == 0) o->healed = 1;
    else if (strcmp(a, "--head") == 0) o->head = 1;
    else if (strcmp(a, "--zones") == 0) o->zones = 1;
    else if (strcmp(a, "--landmarks") == 0) o->landmarks = 1;
    else { fprintf(stderr, "stipple %s: unknown option '%s' (try stipple --help)\n", cmd, a); return -1; }
  }
  if (!o->scenario || !o->work) {
    fprintf(stderr, "stipple %s: --scenario FILE and --work FILE are required\n", cmd);
    return -1;
  }
  return 0;
}

static int load_inputs(const cli_opts *o, stp_scenario *scn, stp_work *w, stp_script **script) {
  stp_error err;
  stp_error_clear(&err);
  stp_work_init(w);
  stp_status st = script ? stp_app_open_scenario(o->scenario, scn, script, &err)
                         : stp_app_load_scenario(o->scenario, scn, &err);
  if (st == STP_OK) st = stp_work_load(w, o->work, &err);
  /* Only the case's tools: a needle, ink or pigment outside its kit is a malformed row. */
  if (st == STP_OK) st = stp_work_check_kit(w, scn, o->work, &err);
  if (st != STP_OK) { stp_app_report(&err); return stp_app_exit_code(st); }
  return STP_EXIT_OK;
}

/* A timed result: the criteria above are the healed whole's; then each session and the whole. */
static void print_timed(const stp_score_result *r) {
  printf("Over time: the criteria above judge the healed whole; the score is %s.\n",
         r->score == r->final_score ? "the healed whole's" : "half the healed whole, half the sessions' mean");
  for (int s = 0; s < r->session_count; s++) {
    const stp_session_result *sv = &r->sessions[s];
    if (!sv->judged) {
      printf("  Session %d   (no plan)  %zu placed, %zu lost in healing\n", sv->session, sv->placed, sv->lost);
      continue;
    }
    printf("  Session %d  %5.1f  %-10s  %zu placed, %zu lost in healing\n             ", sv->session, sv->score,
           sv->passed ? "PASSED" : "NOT PASSED", sv->placed, sv->lost);
    for (int i = 0; i < STP_CRIT_COUNT; i++)
      if (sv->enabled[i]) printf("%s %.0f  ", stp_criterion_name((stp_criterion_id)i), sv->criteria[i]);
    printf("\n             %s\n", sv->verdict);
  }
  printf("  Healed whole %5.1f  %zu impressions, %zu lost in healing; %zu of an old work, %zu stacked on it\n",
         r->final_score, r->impressions, r->lost, r->history, r->stacked);
}

int stp_cmd_score(int argc, char **argv) {
  cli_opts o;
  if (parse_opts(argc, argv, &o, "score") != 0) return STP_EXIT_USAGE;
  if (o.out || o.healed || o.head || o.zones || o.landmarks || o.size || o.at) {
    fprintf(stderr, "stipple score: --out, --size, --healed, --at, --head, --zones and --landmarks belong to render\n");
    return STP_EXIT_USAGE;
  }
  stp_scenario *scn = malloc(sizeof *scn);
  if (!scn) return STP_EXIT_IO;
  stp_work w;
  stp_script *script = NULL;
  int rc = load_inputs(&o, scn, &w, &script);
  if (rc == STP_EXIT_OK) {
    stp_score_result r;
    stp_error err;
    stp_error_clear(&err);
    stp_status st = stp_app_score(scn, script, &w, &r, NULL, &err);
    if (st != STP_OK) {
      stp_app_report(&err);
      rc = stp_app_exit_code(st);
    } else if (o.json) {
      char *js = stp_score_to_json(scn, &r);
      if (js) { puts(js); free(js); } else rc = STP_EXIT_IO;
    } else {
      printf("%s: %.1f / 100 - %s (pass mark %.0f)\n", scn->title, r.score,
             r.passed ? "PASSED" : "NOT PASSED", r.pass_mark);
      printf("%s\n", r.verdict);
      printf("%zu impressions, %zu inside the zones\n", r.impressions, r.in_zones);
      for (int i = 0; i < STP_CRIT_COUNT; i++) {
        const stp_criterion_result *c = &r.criteria[i];
        if (!c->enabled) continue;
        printf("  %-10s %5.1f  (weight %3.0f%%)  %s\n             %s\n", stp_criterion_name(c->id),
               c->score, c->weight * 100, c->figures, c->advice);
      }
      for (int i = 0; i < r.custom_count; i++)
        printf("  %-10s %5.1f  (weight %3.0f%%)  %s\n             %s\n", r.custom[i].key, r.custom[i].score,
               r.custom[i].weight * 100, r.custom[i].figures, r.custom[i].advice);
      if (r.timed) print_timed(&r);
    }
    if (st == STP_OK && rc == STP_EXIT_OK && o.maps) rc = stp_app_write_maps(scn, &w, o.maps);
  }
  stp_script_close(script);
  stp_work_free(&w);
  free(scn);
  return rc;
}


/* --landmarks: each of the head's landmarks (docs/scenario-api.md, "Landmarks") as a dot
 * with its name, and the natural hairline through them: for pictures of a case's anatomy. */
static void draw_landmarks(SDL_Renderer *ren, const stp_view *v, const stp_scenario *scn, int H) {
  float px = (float)H / 48.0f;
  if (px < 11) px = 11;
  const stp_head *h = &scn->head;
  /* the natural hairline, temple peak to temple peak */
  double x0 = h->lm[STP_LM_TEMPLE_PEAK_LEFT].x, x1 = h->lm[STP_LM_TEMPLE_PEAK_RIGHT].x;
  SDL_SetRenderDrawColor(ren, 255, 255, 255, 150);
  double lx = 0, ly = 0;
  for (int i = 0; i <= 64; i++) {
    double x = x0 + (x1 - x0) * i / 64.0, y = stp_head_hairline_y(h, x), sx, sy;
    if (y != y) continue;
    stp_view_to_screen(v, x, y, &sx, &sy);
    if (i > 0) SDL_RenderDrawLineF(ren, (float)lx, (float)ly, (float)sx, (float)sy);
    lx = sx; ly = sy;
  }
  char assets[1024];
  const char *assets_dir = stp_app_find_data("assets", assets, sizeof assets) == 0 ? assets : NULL;
  stp_font *font = NULL;
  stp_error err;
  stp_error_clear(&err);
  if (stp_font_open_default(&font, assets_dir, &err) != STP_OK) {
    fprintf(stderr, "stipple render: landmarks without names: %s\n", err.msg);
    font = NULL;
  }
  float r = px * 0.3f;
  for (int i = 0; i < STP_LM_COUNT; i++) {
    double sx, sy;
    stp_view_to_screen(v, h->lm[i].x, h->lm[i].y, &sx, &sy);
    stp_ui_disc(ren, (float)sx, (float)sy, r + 1.5f, (SDL_Color){20, 22, 27, 230});
    stp_ui_disc(ren, (float)sx, (float)sy, r, (SDL_Color){86, 180, 233, 255});
    if (!font) continue;
    const char *name = stp_landmark_key((stp_landmark_id)i);
    float tw = stp_font_measure(font, px * 0.6f, name);
    /* names on the left half go to the left of their dot, so the two sides do not collide */
    float tx = h->lm[i].x < -1 ? (float)sx - r - 4 - tw : (float)sx + r + 4;
    stp_font_draw(font, ren, tx + 1, (float)sy - px * 0.38f + 1, px * 0.6f, (SDL_Color){0, 0, 0, 200}, name);
    stp_font_draw(font, ren, tx, (float)sy - px * 0.38f, px * 0.6f, (SDL_Color){250, 250, 250, 255}, name);
  }
  if (font) stp_font_forget_renderer(font, ren);
  stp_font_close(font);
}

int stp_cmd_render(int argc, char **argv) {
  cli_opts o;
  if (parse_opts(argc, argv, &o, "render") != 0) return STP_EXIT_USAGE;
  if (!o.out) { fprintf(stderr, "stipple render: --out IMAGE.png is required\n"); return STP_EXIT_USAGE; }
  if (o.json || o.maps) { fprintf(stderr, "stipple render: --json and --maps belong to score\n"); return STP_EXIT_USAGE; }
  double at_days = 0;
  if (o.at) {
    char *end = NULL;
    at_days = strtod(o.at, &end);
    if (!o.at[0] || *end || !(at_days >= 0 && at_days <= 36525)) {
      fprintf(stderr, "stipple render: --at takes the days after the work's last session, 0 to 36525 (got '%s')\n", o.at);
      return STP_EXIT_USAGE;
    }
    if (o.healed) {
      fprintf(stderr, "stipple render: --healed and --at do not go together (--at 7 shows the settled look)\n");
      return STP_EXIT_USAGE;
    }
  }
  int W = 1024, H = 1024;
  if (o.size && stp_app_parse_size(o.size, &W, &H) != 0) {
    fprintf(stderr, "stipple render: --size '%s' should look like 1024x768 (64..16384)\n", o.size);
    return STP_EXIT_USAGE;
  }
  stp_scenario *scn = malloc(sizeof *scn);
  if (!scn) return STP_EXIT_IO;
  stp_work w;
  int rc = load_inputs(&o, scn, &w, NULL);
  SDL_Surface *surf = NULL;
  SDL_Renderer *ren = NULL;
  stp_draw *d = NULL;
  if (rc != STP_EXIT_OK) goto done;
  /* No window: a software renderer drawing into a surface. */
  surf = SDL_CreateRGBSurfaceWithFormat(0, W, H, 32, SDL_PIXELFORMAT_ARGB8888);
  ren = surf ? SDL_CreateSoftwareRenderer(surf) : NULL;
  if (!ren) {
    fprintf(stderr, "stipple render: cannot create a %dx%d image: %s\n", W, H, SDL_GetError());
    rc = STP_EXIT_IO;
    goto done;
  }
  stp_error err;
  stp_error_clear(&err);
  /* A design case: the zones as the work's design cuts them, as score judges them. */
  if (scn->design.enabled && w.design.n > 0) {
    stp_error derr;
    stp_error_clear(&derr);
    if (stp_design_apply(scn, &w.design, &derr) != STP_OK)
      fprintf(stderr, "stipple render: the work's design leaves the zones as the case declares them: %s\n", derr.msg);
  }
  stp_status st = stp_draw_create(&d, ren, scn, 1, &err);
  if (st != STP_OK) { stp_app_report(&err); rc = stp_app_exit_code(st); goto done; }
  stp_view v = {0};
  stp_view_set_viewport(&v, 0, 0, W, H);
  if (o.head) stp_view_fit(&v, -190, -30, 190, 435);
  else stp_view_fit(&v, scn->view_x0, scn->view_y0, scn->view_x1, scn->view_y1);
  stp_draw_opts dopts = {.healed = o.healed != 0, .zones = o.zones != 0};
  /* --at DAYS: every impression at its age DAYS after the work's last session, over a
   * touch-up's old work. */
  stp_work under;
  stp_work_init(&under);
  int last = stp_draw_last_session(&w);
  if (o.at) {
    dopts.at = (stp_draw_moment){.timed = true, .session = last, .days = at_days};
    st = stp_heal_history(scn, &under, &err);
    if (st != STP_OK) { stp_app_report(&err); rc = stp_app_exit_code(st); goto done; }
    dopts.under = &under;
  }
  stp_draw_scalp(d, &v, &w, &dopts);
  stp_work_free(&under);
  if (o.landmarks) draw_landmarks(ren, &v, scn, H);
  SDL_RenderPresent(ren);
  if (stp_app_save_png(surf, o.out, &err) != STP_OK) {
    stp_app_report(&err);
    rc = STP_EXIT_IO;
    goto done;
  }
  char when[96] = "";
  if (o.at) snprintf(when, sizeof when, ", day %g after session %d", at_days, last);
  printf("wrote %s (%dx%d, %zu impressions drawn%s%s)\n", o.out, W, H, stp_draw_last_count(d),
         o.healed ? ", healed" : "", when);
done:
  stp_draw_destroy(d);
  if (ren) SDL_DestroyRenderer(ren);
  if (surf) SDL_FreeSurface(surf);
  stp_work_free(&w);
  free(scn);
  return rc;
}
