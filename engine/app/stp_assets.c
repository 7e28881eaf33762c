/* stp_assets.c - `stipple make-assets`: everything in assets/ that the project makes itself.
 *
 *   icons/NAME.png        the on-screen tool palette's icons: 64x64, white on transparent,
 *                         drawn with cairo on a 24-unit grid (stp_app_icon_names lists them);
 *   sounds/tap.wav        a soft tap (an impression lands), 45 ms;
 *   sounds/needle.wav     a short needle buzz, 140 ms (mono, 16-bit, 48 kHz);
 *   skin/fitzpatrick-N.png  the skin the game generates for Fitzpatrick type N (stp_draw,
 *                         seed 1, no stubble), a 64 x 64 mm patch of the crown at 4 px/mm.
 * Every file is a function of this code alone (no clock, no random source but seeded ones),
 * written atomically. tests/unit/test_assets.c makes them again and compares them with the
 * committed files, so they cannot drift from the code. assets/README.md says the same.
 */
#define _POSIX_C_SOURCE 200809L
#include <SDL2/SDL.h>
#include <cairo.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "stp_app.h"
#include "stp_draw.h"
#include "stp_file.h"
#include "stp_rng.h"
#include "stp_view.h"

#define ICON_PX 64
#define WAV_RATE 48000
#define PI 3.14159265358979323846

/* ---- icons ---------------------------------------------------------------------------- */

typedef void (*icon_fn)(cairo_t *c);

static void line(cairo_t *c, double x0, double y0, double x1, double y1) {
  cairo_move_to(c, x0, y0);
  cairo_line_to(c, x1, y1);
  cairo_stroke(c);
}

static void arrow_head(cairo_t *c, double x, double y, double angle, double size) {
  cairo_move_to(c, x + size * cos(angle), y + size * sin(angle));
  cairo_line_to(c, x + size * cos(angle + 2.5), y + size * sin(angle + 2.5));
  cairo_line_to(c, x + size * cos(angle - 2.5), y + size * sin(angle - 2.5));
  cairo_close_path(c);
  cairo_fill(c);
}

static void magnifier(cairo_t *c) {
  cairo_arc(c, 10, 10, 6.5, 0, 2 * PI);
  cairo_stroke(c);
  cairo_set_line_width(c, 3);
  line(c, 15, 15, 20.5, 20.5);
  cairo_set_line_width(c, 2);
}

static void i_needle(cairo_t *c) {
  cairo_set_line_width(c, 4.5);
  line(c, 13, 11, 19.5, 4.5);        /* the grip */
  cairo_set_line_width(c, 1.6);
  line(c, 13, 11, 5.5, 18.5);        /* the needle */
  cairo_arc(c, 4.5, 19.5, 1.5, 0, 2 * PI);   /* the dot it leaves */
  cairo_fill(c);
}

static void i_ink(cairo_t *c) {
  cairo_move_to(c, 12, 3);
  cairo_curve_to(c, 12, 3, 5, 10.5, 5, 15);
  cairo_arc_negative(c, 12, 15, 7, PI, 0);
  cairo_curve_to(c, 19, 10.5, 12, 3, 12, 3);
  cairo_close_path(c);
  cairo_stroke_preserve(c);
  cairo_save(c);
  cairo_clip(c);
  cairo_rectangle(c, 0, 15, 24, 9);  /* half full: a dilution */
  cairo_fill(c);
  cairo_restore(c);
}

static void i_pigment(cairo_t *c) {
  cairo_arc(c, 12, 12, 8.5, 0, 2 * PI);
  cairo_stroke(c);
  static const double dots[3][2] = {{8.5, 9}, {13.5, 7.5}, {16, 12}};
  for (int i = 0; i < 3; i++) {
    cairo_arc(c, dots[i][0], dots[i][1], 1.7, 0, 2 * PI);
    cairo_fill(c);
  }
  cairo_arc(c, 10.5, 15.5, 2.2, 0, 2 * PI);   /* the thumb hole */
  cairo_stroke(c);
}

static void i_pressure(cairo_t *c) {
  line(c, 12, 3, 12, 12);
  arrow_head(c, 12, 14.5, PI / 2, 3.5);
  cairo_move_to(c, 3.5, 18);
  cairo_curve_to(c, 8, 18, 9, 21, 12, 21);
  cairo_curve_to(c, 15, 21, 16, 18, 20.5, 18);
  cairo_stroke(c);
}

static void i_grain(cairo_t *c) {
  cairo_arc(c, 12, 12, 8.5, 0, 2 * PI);
  cairo_stroke(c);
  for (int k = 0; k < 8; k++) {
    double a = k * PI / 4;
    cairo_set_line_width(c, 1.2);
    line(c, 12 + 8.5 * cos(a), 12 + 8.5 * sin(a), 12 + 10.5 * cos(a), 12 + 10.5 * sin(a));
  }
  cairo_set_line_width(c, 2);
  double a = -PI / 4;
  line(c, 12 - 4 * cos(a), 12 - 4 * sin(a), 12 + 4 * cos(a), 12 + 4 * sin(a));
  arrow_head(c, 12 + 5.5 * cos(a), 12 + 5.5 * sin(a), a, 3);
}

static void i_zoom_in(cairo_t *c) {
  magnifier(c);
  line(c, 7, 10, 13, 10);
  line(c, 10, 7, 10, 13);
}

static void i_zoom_out(cairo_t *c) {
  magnifier(c);
  line(c, 7, 10, 13, 10);
}

static void i_fit(cairo_t *c) {
  static const double k[4][2] = {{4, 4}, {20, 4}, {20, 20}, {4, 20}};
  for (int i = 0; i < 4; i++) {
    double sx = k[i][0] < 12 ? 1 : -1, sy = k[i][1] < 12 ? 1 : -1;
    cairo_move_to(c, k[i][0], k[i][1] + 5 * sy);
    cairo_line_to(c, k[i][0], k[i][1]);
    cairo_line_to(c, k[i][0] + 5 * sx, k[i][1]);
    cairo_stroke(c);
  }
  cairo_arc(c, 12, 12, 2.5, 0, 2 * PI);
  cairo_fill(c);
}

static void i_loupe(cairo_t *c) {
  magnifier(c);
  cairo_arc(c, 10, 10, 2.2, 0, 2 * PI);
  cairo_fill(c);
}

static void curved_arrow(cairo_t *c, bool redo) {
  cairo_save(c);
  if (redo) { cairo_translate(c, 24, 0); cairo_scale(c, -1, 1); }
  cairo_arc(c, 12.5, 14, 7, PI * 1.15, PI * 2.05);
  cairo_stroke(c);
  arrow_head(c, 5.2, 11.3, PI * 0.62, 3.6);
  cairo_restore(c);
}

static void i_undo(cairo_t *c) { curved_arrow(c, false); }
static void i_redo(cairo_t *c) { curved_arrow(c, true); }

static void i_time(cairo_t *c) {
  cairo_arc(c, 12, 12, 8.5, 0, 2 * PI);
  cairo_stroke(c);
  line(c, 12, 12, 12, 6.5);
  line(c, 12, 12, 16, 14);
}

static void i_overlays(cairo_t *c) {
  cairo_move_to(c, 12, 4); cairo_line_to(c, 21, 9); cairo_line_to(c, 12, 14); cairo_line_to(c, 3, 9);
  cairo_close_path(c);
  cairo_fill(c);
  cairo_move_to(c, 3, 13.5); cairo_line_to(c, 12, 18.5); cairo_line_to(c, 21, 13.5);
  cairo_stroke(c);
}

static void i_zones(cairo_t *c) {
  double dash[] = {2.6, 2.0};
  cairo_set_dash(c, dash, 2, 0);
  cairo_save(c);
  cairo_translate(c, 12, 12);
  cairo_scale(c, 9, 6.5);
  cairo_arc(c, 0, 0, 1, 0, 2 * PI);
  cairo_restore(c);
  cairo_stroke(c);
  cairo_set_dash(c, NULL, 0, 0);
  cairo_arc(c, 12, 12, 1.8, 0, 2 * PI);
  cairo_fill(c);
}

static void i_end_session(cairo_t *c) {
  cairo_rectangle(c, 4, 6, 16, 14);
  cairo_stroke(c);
  line(c, 8, 3.5, 8, 8);
  line(c, 16, 3.5, 16, 8);
  cairo_move_to(c, 8, 13.5); cairo_line_to(c, 11, 16.5); cairo_line_to(c, 16.5, 11);
  cairo_stroke(c);
}

static void i_finish(cairo_t *c) {
  line(c, 6, 3, 6, 21);
  cairo_move_to(c, 6, 4); cairo_line_to(c, 19, 4); cairo_line_to(c, 16, 8.5); cairo_line_to(c, 19, 13);
  cairo_line_to(c, 6, 13);
  cairo_close_path(c);
  cairo_fill(c);
}

static void i_menu(cairo_t *c) {
  for (int k = 0; k < 3; k++) line(c, 4, 6 + 6 * k, 20, 6 + 6 * k);
}

static void i_retry(cairo_t *c) {
  cairo_arc(c, 12, 12, 7.5, -PI * 0.35, PI * 1.5);
  cairo_stroke(c);
  arrow_head(c, 12 + 7.5 * cos(-PI * 0.35) + 0.8, 12 + 7.5 * sin(-PI * 0.35) + 0.6, PI * 0.3, 3.6);
}

static void i_next(cairo_t *c) {
  cairo_move_to(c, 5, 5); cairo_line_to(c, 16, 12); cairo_line_to(c, 5, 19);
  cairo_close_path(c);
  cairo_fill(c);
  cairo_set_line_width(c, 3);
  line(c, 18.5, 5, 18.5, 19);
}

static void speaker(cairo_t *c) {
  cairo_move_to(c, 3, 9); cairo_line_to(c, 7, 9); cairo_line_to(c, 12, 4.5); cairo_line_to(c, 12, 19.5);
  cairo_line_to(c, 7, 15); cairo_line_to(c, 3, 15);
  cairo_close_path(c);
  cairo_fill(c);
}

static void i_sound_on(cairo_t *c) {
  speaker(c);
  cairo_arc(c, 12, 12, 4.5, -PI / 3.2, PI / 3.2);
  cairo_stroke(c);
  cairo_new_sub_path(c);
  cairo_arc(c, 12, 12, 8.5, -PI / 3.2, PI / 3.2);
  cairo_stroke(c);
}

static void i_sound_off(cairo_t *c) {
  speaker(c);
  line(c, 15, 9, 21, 15);
  line(c, 21, 9, 15, 15);
}

static void i_pen(cairo_t *c) {
  cairo_save(c);
  cairo_translate(c, 12, 12);
  cairo_rotate(c, PI / 4);
  cairo_rectangle(c, -2.5, -10, 5, 13);
  cairo_stroke(c);
  cairo_move_to(c, -2.5, 3); cairo_line_to(c, 0, 9); cairo_line_to(c, 2.5, 3);
  cairo_close_path(c);
  cairo_fill(c);
  cairo_restore(c);
}

static const struct { const char *name; icon_fn draw; } icons[] = {
  {"needle", i_needle},       {"ink", i_ink},           {"pigment", i_pigment},
  {"pressure", i_pressure},   {"grain", i_grain},       {"zoom-in", i_zoom_in},
  {"zoom-out", i_zoom_out},   {"fit", i_fit},           {"loupe", i_loupe},
  {"undo", i_undo},           {"redo", i_redo},         {"time", i_time},
  {"overlays", i_overlays},   {"zones", i_zones},       {"end-session", i_end_session},
  {"finish", i_finish},       {"menu", i_menu},         {"retry", i_retry},
  {"next", i_next},           {"sound-on", i_sound_on}, {"sound-off", i_sound_off},
  {"pen", i_pen},
};

int stp_app_icon_count(void) { return (int)(sizeof icons / sizeof icons[0]); }
const char *stp_app_icon_name(int i) { return i >= 0 && i < stp_app_icon_count() ? icons[i].name : NULL; }

typedef struct membuf { unsigned char *data; size_t len, cap; bool failed; } membuf;

static cairo_status_t to_mem(void *closure, const unsigned char *data, unsigned int length) {
  membuf *m = closure;
  if (m->len + length > m->cap) {
    size_t nc = (m->cap ? m->cap * 2 : 8192) + length;
    unsigned char *nd = realloc(m->data, nc);
    if (!nd) { m->failed = true; return CAIRO_STATUS_NO_MEMORY; }
    m->data = nd;
    m->cap = nc;
  }
  memcpy(m->data + m->len, data, length);
  m->len += length;
  return CAIRO_STATUS_SUCCESS;
}

static stp_status write_icon(const char *dir, int i, stp_error *err) {
  cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, ICON_PX, ICON_PX);
  cairo_t *c = cairo_create(s);
  cairo_scale(c, ICON_PX / 24.0, ICON_PX / 24.0);
  cairo_set_source_rgba(c, 1, 1, 1, 1);
  cairo_set_line_width(c, 2);
  cairo_set_line_cap(c, CAIRO_LINE_CAP_ROUND);
  cairo_set_line_join(c, CAIRO_LINE_JOIN_ROUND);
  icons[i].draw(c);
  cairo_surface_flush(s);
  membuf m = {0};
  cairo_status_t cs = cairo_status(c);
  if (cs == CAIRO_STATUS_SUCCESS) cs = cairo_surface_write_to_png_stream(s, to_mem, &m);
  cairo_destroy(c);
  cairo_surface_destroy(s);
  char path[1200];
  snprintf(path, sizeof path, "%s/icons/%s.png", dir, icons[i].name);
  stp_status st = STP_OK;
  if (cs != CAIRO_STATUS_SUCCESS || m.failed)
    st = stp_error_set(err, STP_ERR_IO, path, 0, "cannot draw the icon: %s", cairo_status_to_string(cs));
  else
    st = stp_file_write(path, m.data, m.len, 0, "the icon", err);
  free(m.data);
  return st;
}

/* ---- sounds --------------------------------------------------------------------------- */

static void put16(unsigned char *p, uint32_t v) { p[0] = (unsigned char)v; p[1] = (unsigned char)(v >> 8); }
static void put32(unsigned char *p, uint32_t v) { put16(p, v & 0xffff); put16(p + 2, v >> 16); }

static stp_status write_wav(const char *path, const float *x, size_t n, stp_error *err) {
  size_t bytes = 44 + 2 * n;
  unsigned char *b = malloc(bytes);
  if (!b) return stp_error_set(err, STP_ERR_NOMEM, path, 0, "out of memory");
  memcpy(b, "RIFF", 4); put32(b + 4, (uint32_t)(bytes - 8)); memcpy(b + 8, "WAVEfmt ", 8);
  put32(b + 16, 16); put16(b + 20, 1); put16(b + 22, 1);          /* PCM, mono */
  put32(b + 24, WAV_RATE); put32(b + 28, WAV_RATE * 2); put16(b + 32, 2); put16(b + 34, 16);
  memcpy(b + 36, "data", 4); put32(b + 40, (uint32_t)(2 * n));
  for (size_t i = 0; i < n; i++) {
    double v = x[i] * 32767.0;
    long q = lround(v < -32767 ? -32767 : v > 32767 ? 32767 : v);
    put16(b + 44 + 2 * i, (uint32_t)(uint16_t)(int16_t)q);
  }
  stp_status st = stp_file_write(path, b, bytes, 0, "the sound", err);
  free(b);
  return st;
}

/* A raised-cosine ramp: 0 at t = 0, 1 at t >= len. */
static double ramp(double t, double len) { return t >= len ? 1.0 : 0.5 - 0.5 * cos(PI * t / len); }

/* The tap: a soft low thump (a 170 Hz sine falling to 120 Hz, decaying over ~9 ms) and a
 * little seeded noise for the contact, 45 ms, peak about 0.45. */
static void synth_tap(float *x, size_t n) {
  stp_rng r;
  stp_rng_seed(&r, 0x7a9u);
  double phase = 0, noise = 0;
  for (size_t i = 0; i < n; i++) {
    double t = (double)i / WAV_RATE, f = 120.0 + 50.0 * exp(-t / 0.01);
    phase += 2 * PI * f / WAV_RATE;
    noise = 0.7 * noise + 0.3 * (stp_rng_unit(&r) * 2 - 1);    /* low-passed */
    double body = sin(phase) * exp(-t / 0.009), click = noise * exp(-t / 0.0015);
    double env = ramp(t, 0.0008) * ramp((double)(n - 1 - i) / WAV_RATE, 0.004);
    x[i] = (float)(0.42 * (body + 0.35 * click) * env);
  }
}

/* The needle: a rotary machine's buzz, 140 ms: a 125 Hz tone rich in harmonics (1/k),
 * the needle's strike 125 times a second as a short pulse, a soft attack and release,
 * peak about 0.3. */
static void synth_needle(float *x, size_t n) {
  const double f0 = 125.0;
  for (size_t i = 0; i < n; i++) {
    double t = (double)i / WAV_RATE, s = 0;
    for (int k = 1; k <= 10; k++) s += sin(2 * PI * f0 * k * t + 0.3 * k) / k;
    double cyc = fmod(t * f0, 1.0), strike = exp(-cyc / 0.08);
    double env = ramp(t, 0.006) * ramp((double)(n - 1 - i) / WAV_RATE, 0.03);
    x[i] = (float)(0.3 * env * (0.55 * s / 2.0 + 0.45 * strike * sin(2 * PI * 2400 * t)));
  }
}

/* ---- skin swatches ---------------------------------------------------------------------- */

#define SWATCH_PX 256
#define SWATCH_MM 64.0

static stp_status write_swatch(const char *dir, int type, stp_error *err) {
  char path[1200];
  snprintf(path, sizeof path, "%s/skin/fitzpatrick-%d.png", dir, type);
  stp_scenario *s = malloc(sizeof *s);
  SDL_Surface *surf = SDL_CreateRGBSurfaceWithFormat(0, SWATCH_PX, SWATCH_PX, 32, SDL_PIXELFORMAT_ARGB8888);
  SDL_Renderer *ren = surf ? SDL_CreateSoftwareRenderer(surf) : NULL;
  stp_draw *d = NULL;
  stp_status st = STP_OK;
  if (!s || !ren) st = stp_error_set(err, STP_ERR_NOMEM, path, 0, "cannot make the swatch: %s", SDL_GetError());
  if (st == STP_OK) {
    stp_scenario_defaults(s);
    s->skin.fitzpatrick = type;
    stp_skin_tone(type, s->skin.rgb);
    s->hair_count = 0;
    s->zone_count = 0;
    st = stp_draw_create(&d, ren, s, 1, err);
  }
  if (st == STP_OK) {
    stp_view v = {0};
    stp_view_set_viewport(&v, 0, 0, SWATCH_PX, SWATCH_PX);
    stp_view_fit(&v, -SWATCH_MM / 2, 200 - SWATCH_MM / 2, SWATCH_MM / 2, 200 + SWATCH_MM / 2);
    stp_draw_opts o = {0};
    stp_draw_scalp(d, &v, NULL, &o);
    SDL_RenderPresent(ren);
    st = stp_app_save_png(surf, path, err);
  }
  stp_draw_destroy(d);
  if (ren) SDL_DestroyRenderer(ren);
  if (surf) SDL_FreeSurface(surf);
  free(s);
  return st;
}

/* ---- all of it ------------------------------------------------------------------------------ */

stp_status stp_app_make_assets(const char *dir, stp_error *err) {
  static const char *const sub[] = {"icons", "sounds", "skin"};
  char path[1200];
  for (size_t i = 0; i < sizeof sub / sizeof sub[0]; i++) {
    snprintf(path, sizeof path, "%s/%s", dir, sub[i]);
    if (stp_app_mkdir_p(path) != 0) return stp_error_set(err, STP_ERR_IO, path, 0, "cannot create the folder");
  }
  stp_status st = STP_OK;
  for (int i = 0; st == STP_OK && i < stp_app_icon_count(); i++) st = write_icon(dir, i, err);
  size_t nt = (size_t)(0.045 * WAV_RATE), nn = (size_t)(0.140 * WAV_RATE);
  float *x = malloc((nt > nn ? nt : nn) * sizeof *x);
  if (!x) return stp_error_set(err, STP_ERR_NOMEM, NULL, 0, "out of memory");
  if (st == STP_OK) {
    synth_tap(x, nt);
    snprintf(path, sizeof path, "%s/sounds/tap.wav", dir);
    st = write_wav(path, x, nt, err);
  }
  if (st == STP_OK) {
    synth_needle(x, nn);
    snprintf(path, sizeof path, "%s/sounds/needle.wav", dir);
    st = write_wav(path, x, nn, err);
  }
  free(x);
  for (int t = 1; st == STP_OK && t <= 6; t++) st = write_swatch(dir, t, err);
  return st;
}

int stp_cmd_make_assets(int argc, char **argv) {
  const char *out = NULL;
  for (int i = 1; i < argc; i++) {
    if (strcmp(argv[i], "--out") == 0 && i + 1 < argc) out = argv[++i];
    else {
      fprintf(stderr, "stipple make-assets: usage: stipple make-assets --out DIR (the source tree's assets/)\n");
      return STP_EXIT_USAGE;
    }
  }
  if (!out) {
    fprintf(stderr, "stipple make-assets: --out DIR is required (the source tree's assets/)\n");
    return STP_EXIT_USAGE;
  }
  stp_error err;
  stp_error_clear(&err);
  stp_status st = stp_app_make_assets(out, &err);
  if (st != STP_OK) { stp_app_report(&err); return stp_app_exit_code(st); }
  printf("stipple: made %d icons, 2 sounds and 6 skin swatches in %s\n", stp_app_icon_count(), out);
  return STP_EXIT_OK;
}
