/* stp_report_pdf.c - the assessor's one-page report of a verified bundle (cairo, A4).
 *
 * Layout (points, A4 portrait 595 x 842): a header (title, case, candidate, date, duration,
 * engine), the score large with PASSED / NOT PASSED and the pass mark at the top right,
 * the healed render of the work (drawn by the render layer into an SDL surface, as
 * `stipple render --healed` does) beside a grid of small maps (one per enabled criterion,
 * stp_score_map coloured by stp_map's cividis scale), the table of criteria, the gates that
 * failed and the verdict, and a footer with the bundle's SHA-256, the signer's key
 * fingerprint and VERIFIED. Written to memory, then to the file atomically (stp_file).
 */
#include "stp_report.h"

#include <SDL2/SDL.h>
#include <cairo-pdf.h>
#include <cairo.h>
#include <fontconfig/fontconfig.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "stp_draw.h"
#include "stp_file.h"
#include "stp_map.h"
#include "stp_version.h"
#include "stp_view.h"

#define PAGE_W 595.28
#define PAGE_H 841.89
#define MARGIN 40.0
#define FONT "DejaVu Sans"
#define FOOTER_Y (PAGE_H - MARGIN - 30)   /* the first footer line's baseline */

typedef struct membuf {
  unsigned char *data;
  size_t len, cap;
  bool failed;
} membuf;

static cairo_status_t mem_write(void *closure, const unsigned char *data, unsigned int length) {
  membuf *m = closure;
  if (m->len + length > m->cap) {
    size_t cap = m->cap ? m->cap : 65536;
    while (cap < m->len + length) cap *= 2;
    unsigned char *d = realloc(m->data, cap);
    if (!d) { m->failed = true; return CAIRO_STATUS_WRITE_ERROR; }
    m->data = d;
    m->cap = cap;
  }
  memcpy(m->data + m->len, data, length);
  m->len += length;
  return CAIRO_STATUS_SUCCESS;
}

/* An SDL surface (ARGB8888) copied into a cairo image surface (RGB24, the same layout),
 * scaled to out_w x out_h. */
static cairo_surface_t *to_cairo(SDL_Surface *s, int out_w, int out_h) {
  cairo_surface_t *c = cairo_image_surface_create(CAIRO_FORMAT_RGB24, s->w, s->h);
  if (cairo_surface_status(c) != CAIRO_STATUS_SUCCESS) return c;
  cairo_surface_flush(c);
  unsigned char *dst = cairo_image_surface_get_data(c);
  int stride = cairo_image_surface_get_stride(c);
  SDL_LockSurface(s);
  for (int y = 0; y < s->h; y++)
    memcpy(dst + (size_t)y * (size_t)stride, (const unsigned char *)s->pixels + (size_t)y * (size_t)s->pitch,
           (size_t)s->w * 4);
  SDL_UnlockSurface(s);
  cairo_surface_mark_dirty(c);
  if (out_w == s->w && out_h == s->h) return c;
  cairo_surface_t *small = cairo_image_surface_create(CAIRO_FORMAT_RGB24, out_w, out_h);
  cairo_t *cr = cairo_create(small);
  cairo_scale(cr, (double)out_w / s->w, (double)out_h / s->h);
  cairo_set_source_surface(cr, c, 0, 0);
  cairo_pattern_set_filter(cairo_get_source(cr), CAIRO_FILTER_GOOD);
  cairo_paint(cr);
  cairo_destroy(cr);
  cairo_surface_destroy(c);
  return small;
}

/* The pictures of the page: the healed work, and each enabled criterion's map over the
 * fresh work with the zones outlined (as `score --maps`). One software renderer and one
 * stp_draw (its skin texture is the slow part) draw them all in turn. */
typedef struct pictures {
  cairo_surface_t *healed;
  cairo_surface_t *map[STP_CRIT_COUNT];
  int crit[STP_CRIT_COUNT];
  stp_score_map_grid grid[STP_CRIT_COUNT];   /* lo, hi, unit for the captions (values freed) */
  int nmaps;
} pictures;

#define PIC_PX 720
#define MAP_PX 300

static stp_status render_pictures(const stp_report_input *in, pictures *p, stp_error *err) {
  memset(p, 0, sizeof *p);
  SDL_Surface *surf = SDL_CreateRGBSurfaceWithFormat(0, PIC_PX, PIC_PX, 32, SDL_PIXELFORMAT_ARGB8888);
  SDL_Renderer *ren = surf ? SDL_CreateSoftwareRenderer(surf) : NULL;
  stp_draw *d = NULL;
  float *values = NULL;
  stp_status st = STP_OK;
  if (!ren) {
    st = stp_error_set(err, STP_ERR_DISPLAY, NULL, 0, "cannot create a %dx%d image: %s", PIC_PX, PIC_PX,
                       SDL_GetError());
    goto done;
  }
  if ((st = stp_draw_create(&d, ren, in->scn, 1, err)) != STP_OK) goto done;
  stp_view v = {0};
  stp_view_set_viewport(&v, 0, 0, PIC_PX, PIC_PX);
  stp_view_fit(&v, in->scn->view_x0, in->scn->view_y0, in->scn->view_x1, in->scn->view_y1);
  stp_draw_opts healed = {.healed = true};
  stp_draw_scalp(d, &v, in->work, &healed);
  SDL_RenderPresent(ren);
  p->healed = to_cairo(surf, PIC_PX, PIC_PX);
  for (int i = 0; i < STP_CRIT_COUNT; i++) {
    if (!in->result->criteria[i].enabled) continue;
    stp_score_map_grid *g = &p->grid[p->nmaps];
    stp_map_grid_for_view(&v, g);
    free(values);
    values = malloc((size_t)g->nx * (size_t)g->ny * sizeof *values);
    if (!values) { st = stp_error_set(err, STP_ERR_NOMEM, NULL, 0, "out of memory for a map"); goto done; }
    g->values = values;
    if ((st = stp_score_map(in->scn, in->work, (stp_criterion_id)i, g, err)) != STP_OK) goto done;
    stp_draw_opts o = {.zones = true};
    stp_draw_scalp(d, &v, in->work, &o);
    stp_map_draw(ren, &v, g, 200, NULL, stp_criterion_name((stp_criterion_id)i));
    SDL_RenderPresent(ren);
    g->values = NULL;
    p->crit[p->nmaps] = i;
    p->map[p->nmaps++] = to_cairo(surf, MAP_PX, MAP_PX);
  }
done:
  free(values);
  stp_draw_destroy(d);
  if (ren) SDL_DestroyRenderer(ren);
  if (surf) SDL_FreeSurface(surf);
  return st;
}

static void free_pictures(pictures *p) {
  if (p->healed) cairo_surface_destroy(p->healed);
  for (int i = 0; i < p->nmaps; i++)
    if (p->map[i]) cairo_surface_destroy(p->map[i]);
}

static void font(cairo_t *cr, double size, bool bold) {
  cairo_select_font_face(cr, FONT, CAIRO_FONT_SLANT_NORMAL, bold ? CAIRO_FONT_WEIGHT_BOLD : CAIRO_FONT_WEIGHT_NORMAL);
  cairo_set_font_size(cr, size);
}

static void text_at(cairo_t *cr, double x, double y, const char *s) {
  cairo_move_to(cr, x, y);
  cairo_show_text(cr, s);
}

static double text_width(cairo_t *cr, const char *s) {
  cairo_text_extents_t e;
  cairo_text_extents(cr, s, &e);
  return e.x_advance;
}

/* Text cut to fit width (an ellipsis at the end), on whole UTF-8 characters. */
static void text_fit(cairo_t *cr, double x, double y, double width, const char *s) {
  if (text_width(cr, s) <= width) { text_at(cr, x, y, s); return; }
  char buf[600];
  size_t n = strlen(s);
  if (n >= sizeof buf - 4) n = sizeof buf - 4;
  memcpy(buf, s, n);
  while (n > 0) {
    n--;
    while (n > 0 && ((unsigned char)buf[n] & 0xC0) == 0x80) n--;
    memcpy(buf + n, "\xE2\x80\xA6", 4);
    if (text_width(cr, buf) <= width) break;
  }
  text_at(cr, x, y, buf);
}

/* Text wrapped on spaces into lines of width; at most max_lines (the last cut). Returns lines drawn. */
static int text_wrap(cairo_t *cr, double x, double y, double width, double lead, const char *s, int max_lines) {
  char line[600] = "";
  int lines = 0;
  const char *p = s;
  while (*p && lines < max_lines) {
    size_t ll = 0;
    line[0] = '\0';
    const char *q = p;
    while (*q) {
      const char *w = q;
      while (*w == ' ') w++;
      const char *e = w;
      while (*e && *e != ' ') e++;
      char trial[600];
      int n = snprintf(trial, sizeof trial, "%s%s%.*s", line, ll ? " " : "", (int)(e - w), w);
      if (n >= (int)sizeof trial || (ll && text_width(cr, trial) > width)) break;
      snprintf(line, sizeof line, "%s", trial);
      ll = strlen(line);
      q = e;
    }
    if (q == p) break;
    while (*q == ' ') q++;
    if (lines == max_lines - 1 && *q) text_fit(cr, x, y + lines * lead, width, p);
    else text_fit(cr, x, y + lines * lead, width, line);
    lines++;
    p = q;
  }
  return lines;
}

static void image_at(cairo_t *cr, cairo_surface_t *img, double x, double y, double w, double h) {
  int iw = cairo_image_surface_get_width(img), ih = cairo_image_surface_get_height(img);
  cairo_save(cr);
  cairo_translate(cr, x, y);
  cairo_scale(cr, w / iw, h / ih);
  cairo_set_source_surface(cr, img, 0, 0);
  cairo_paint(cr);
  cairo_restore(cr);
  cairo_set_source_rgb(cr, 0.6, 0.6, 0.6);
  cairo_set_line_width(cr, 0.5);
  cairo_rectangle(cr, x, y, w, h);
  cairo_stroke(cr);
}

static void fmt_duration(long long ms, char *out, size_t n) {
  if (ms < 0) ms = 0;
  long long s = ms / 1000;
  if (s >= 3600) snprintf(out, n, "%lld h %02lld min %02lld s", s / 3600, s / 60 % 60, s % 60);
  else snprintf(out, n, "%lld min %02lld s", s / 60, s % 60);
}

static void draw_page(cairo_t *cr, const stp_report_input *in, const pictures *pic) {
  const stp_bundle *b = in->bundle;
  const stp_score_result *r = in->result;
  const double W = PAGE_W - 2 * MARGIN;
  char buf[700];
  cairo_set_source_rgb(cr, 1, 1, 1);
  cairo_paint(cr);

  /* Header. */
  cairo_set_source_rgb(cr, 0.1, 0.1, 0.1);
  font(cr, 9, false);
  text_at(cr, MARGIN, MARGIN + 4, "STIPPLE ASSESSOR REPORT");
  font(cr, 17, true);
  text_fit(cr, MARGIN, MARGIN + 26, W - 150, in->scn->title[0] ? in->scn->title : b->meta.scenario_id);
  font(cr, 9.5, false);
  char dur[48];
  fmt_duration((long long)b->meta.duration_ms, dur, sizeof dur);
  double y = MARGIN + 44;
  snprintf(buf, sizeof buf, "Candidate: %s", b->meta.candidate);
  text_fit(cr, MARGIN, y, W - 150, buf);
  char day[16] = "", from[8] = "", to[8] = "";
  sscanf(b->meta.started, "%10[0-9-]T%5[0-9:]", day, from);
  sscanf(b->meta.ended, "%*10[0-9-]T%5[0-9:]", to);
  if (day[0] && from[0] && to[0]) snprintf(buf, sizeof buf, "Date: %s, %s to %s UTC", day, from, to);
  else snprintf(buf, sizeof buf, "Date: %s to %s", b->meta.started, b->meta.ended);
  text_fit(cr, MARGIN, y + 13, W - 150, buf);
  snprintf(buf, sizeof buf, "Duration: %s    Mode: %s    Case id: %s", dur, b->meta.mode, b->meta.scenario_id);
  text_fit(cr, MARGIN, y + 26, W - 150, buf);
  snprintf(buf, sizeof buf, "Engine: Stipple %s (recorded %s)", STP_VERSION_STRING, b->meta.engine_version);
  text_fit(cr, MARGIN, y + 39, W - 150, buf);

  /* The score, large, at the top right. */
  double sx = PAGE_W - MARGIN;
  font(cr, 38, true);
  snprintf(buf, sizeof buf, "%.1f", r->score);
  cairo_set_source_rgb(cr, 0.1, 0.1, 0.1);
  text_at(cr, sx - text_width(cr, buf), MARGIN + 34, buf);
  font(cr, 12, true);
  const char *pf = r->passed ? "PASSED" : "NOT PASSED";
  if (r->passed) cairo_set_source_rgb(cr, 0.05, 0.45, 0.15);
  else cairo_set_source_rgb(cr, 0.75, 0.1, 0.1);
  text_at(cr, sx - text_width(cr, pf), MARGIN + 52, pf);
  cairo_set_source_rgb(cr, 0.3, 0.3, 0.3);
  font(cr, 9, false);
  snprintf(buf, sizeof buf, "score / 100, pass mark %.0f", r->pass_mark);
  text_at(cr, sx - text_width(cr, buf), MARGIN + 65, buf);

  y = MARGIN + 96;
  cairo_set_source_rgb(cr, 0.75, 0.75, 0.75);
  cairo_set_line_width(cr, 0.8);
  cairo_move_to(cr, MARGIN, y - 8);
  cairo_line_to(cr, PAGE_W - MARGIN, y - 8);
  cairo_stroke(cr);

  /* The healed work, and the maps beside it. */
  const double img = 250;
  if (pic->healed) image_at(cr, pic->healed, MARGIN, y, img, img);
  cairo_set_source_rgb(cr, 0.25, 0.25, 0.25);
  font(cr, 8, false);
  text_at(cr, MARGIN, y + img + 11, "The work healed (as `stipple render --healed`)");
  double mx = MARGIN + img + 14, mw = W - img - 14;
  int cols = 3;
  double cell = (mw - (cols - 1) * 6) / cols;
  for (int i = 0; i < pic->nmaps; i++) {
    double cx = mx + (i % cols) * (cell + 6), cy = y + (i / cols) * (cell + 22);
    if (pic->map[i]) image_at(cr, pic->map[i], cx, cy, cell, cell);
    cairo_set_source_rgb(cr, 0.15, 0.15, 0.15);
    font(cr, 7.5, true);
    snprintf(buf, sizeof buf, "%s: %.0f", stp_criterion_name((stp_criterion_id)pic->crit[i]),
             r->criteria[pic->crit[i]].score);
    text_fit(cr, cx, cy + cell + 9, cell, buf);
    const stp_score_map_grid *g = &pic->grid[i];
    cairo_set_source_rgb(cr, 0.35, 0.35, 0.35);
    font(cr, 6.5, false);
    snprintf(buf, sizeof buf, "scale %g to %g %s", g->lo, g->hi, g->unit);
    text_fit(cr, cx, cy + cell + 17, cell, buf);
  }
  int rows = (pic->nmaps + cols - 1) / cols;
  double maps_bottom = y + rows * (cell + 22);
  y = fmax(y + img + 28, maps_bottom + 14);

  /* The criteria. */
  cairo_set_source_rgb(cr, 0.1, 0.1, 0.1);
  font(cr, 11, true);
  text_at(cr, MARGIN, y, r->timed ? "Criteria of the healed whole" : "Criteria");
  y += 14;
  font(cr, 8, true);
  const double cN = MARGIN, cW = MARGIN + 78, cS = MARGIN + 118, cG = MARGIN + 152, cF = MARGIN + 196;
  text_at(cr, cN, y, "criterion");
  text_at(cr, cW, y, "weight");
  text_at(cr, cS, y, "score");
  text_at(cr, cG, y, "gate");
  text_at(cr, cF, y, "figures");
  y += 4;
  cairo_set_source_rgb(cr, 0.75, 0.75, 0.75);
  cairo_move_to(cr, MARGIN, y);
  cairo_line_to(cr, PAGE_W - MARGIN, y);
  cairo_stroke(cr);
  y += 11;
  font(cr, 8, false);
  for (int i = 0; i < STP_CRIT_COUNT + r->custom_count; i++) {
    const char *name, *fig;
    double weight, score, gate = 0;
    bool gate_failed = false;
    if (i < STP_CRIT_COUNT) {
      const stp_criterion_result *c = &r->criteria[i];
      if (!c->enabled) continue;
      name = stp_criterion_name(c->id);
      fig = c->figures;
      weight = c->weight;
      score = c->score;
      gate = c->gate;
      gate_failed = (r->gates_failed >> i) & 1u;
    } else {
      const struct stp_custom_criterion *c = &r->custom[i - STP_CRIT_COUNT];
      name = c->key;
      fig = c->figures;
      weight = c->weight;
      score = c->score;
    }
    cairo_set_source_rgb(cr, 0.1, 0.1, 0.1);
    text_fit(cr, cN, y, cW - cN - 4, name);
    snprintf(buf, sizeof buf, "%.0f %%", weight * 100);
    text_at(cr, cW, y, buf);
    snprintf(buf, sizeof buf, "%.1f", score);
    text_at(cr, cS, y, buf);
    if (gate > 0) {
      snprintf(buf, sizeof buf, "%.0f%s", gate, gate_failed ? " failed" : "");
      if (gate_failed) cairo_set_source_rgb(cr, 0.75, 0.1, 0.1);
      text_at(cr, cG, y, buf);
      cairo_set_source_rgb(cr, 0.1, 0.1, 0.1);
    } else {
      text_at(cr, cG, y, "-");
    }
    int n = text_wrap(cr, cF, y, PAGE_W - MARGIN - cF, 9.5, fig, r->timed ? 1 : 2);   /* room for the sessions */
    y += (n > 1 ? n : 1) * 9.5 + 3.5;
    if (y > FOOTER_Y - (r->timed ? 90 + 12 * (r->session_count + 2) : 90)) break;   /* room for what follows */
  }

  /* A case over time: each session against its plan, and the healed whole. */
  if (r->timed) {
    y += 6;
    cairo_set_source_rgb(cr, 0.1, 0.1, 0.1);
    font(cr, 9, true);
    text_at(cr, MARGIN, y, "Sessions (each against its plan) and the healed whole (against the final targets)");
    y += 12;
    font(cr, 8, false);
    for (int k = 0; k < r->session_count; k++) {
      const stp_session_result *sr = &r->sessions[k];
      if (sr->judged)
        snprintf(buf, sizeof buf, "Session %d: %.1f %s, %zu impressions (%zu lost in healing). %s", sr->session,
                 sr->score, sr->passed ? "passed" : "NOT PASSED", sr->placed, sr->lost, sr->verdict);
      else
        snprintf(buf, sizeof buf, "Session %d: no plan, %zu impressions (%zu lost in healing)", sr->session, sr->placed,
                 sr->lost);
      if (sr->judged && !sr->passed) cairo_set_source_rgb(cr, 0.75, 0.1, 0.1);
      else cairo_set_source_rgb(cr, 0.1, 0.1, 0.1);
      y += text_wrap(cr, MARGIN, y, W, 10, buf, 2) * 10 + 2;
    }
    cairo_set_source_rgb(cr, 0.1, 0.1, 0.1);
    if (r->history)
      snprintf(buf, sizeof buf, "Healed whole: %.1f. %zu impressions lost in healing; %zu of the old work survive; "
               "%zu new impressions stacked on old ones.", r->final_score, r->lost, r->history, r->stacked);
    else
      snprintf(buf, sizeof buf, "Healed whole: %.1f. %zu impressions lost in healing.", r->final_score, r->lost);
    y += text_wrap(cr, MARGIN, y, W, 10, buf, 2) * 10 + 2;
  }

  /* Gates and verdict. */
  y += 8;
  font(cr, 9, true);
  cairo_set_source_rgb(cr, 0.1, 0.1, 0.1);
  size_t o = (size_t)snprintf(buf, sizeof buf, "Gates failed: ");
  int ng = 0;
  for (int i = 0; i < STP_CRIT_COUNT; i++)
    if ((r->gates_failed >> i) & 1u)
      o += (size_t)snprintf(buf + o, o < sizeof buf ? sizeof buf - o : 0, "%s%s %.1f (gate %.0f)", ng++ ? ", " : "",
                            stp_criterion_name((stp_criterion_id)i), r->criteria[i].score, r->criteria[i].gate);
  if (!ng) snprintf(buf + o, sizeof buf - o, "none");
  if (ng) cairo_set_source_rgb(cr, 0.75, 0.1, 0.1);
  y += text_wrap(cr, MARGIN, y, W, 11, buf, 2) * 11 + 3;
  font(cr, 9, false);
  cairo_set_source_rgb(cr, 0.15, 0.15, 0.15);
  snprintf(buf, sizeof buf, "Verdict: %s", r->verdict);
  int room = (int)((FOOTER_Y - 16 - y) / 11) + 1;   /* lines that fit above the footer */
  if (room > 0) text_wrap(cr, MARGIN, y, W, 11, buf, room < 4 ? room : 4);

  /* Footer: the bundle's fingerprint, the signer, VERIFIED. */
  double fy = FOOTER_Y;
  cairo_set_source_rgb(cr, 0.75, 0.75, 0.75);
  cairo_move_to(cr, MARGIN, fy - 12);
  cairo_line_to(cr, PAGE_W - MARGIN, fy - 12);
  cairo_stroke(cr);
  char hex[65], fp[17];
  stp_key_hex(b->file_sha256, 32, hex);
  stp_key_fingerprint(b->signer, fp);
  cairo_set_source_rgb(cr, 0.2, 0.2, 0.2);
  font(cr, 7.5, false);
  text_at(cr, MARGIN, fy, "Bundle SHA-256:");
  cairo_select_font_face(cr, "DejaVu Sans Mono", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_NORMAL);
  text_at(cr, MARGIN + 66, fy, hex);
  font(cr, 7.5, false);
  text_at(cr, MARGIN, fy + 11, "Signed by station key:");
  cairo_select_font_face(cr, "DejaVu Sans Mono", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_NORMAL);
  text_at(cr, MARGIN + 90, fy + 11, fp);
  font(cr, 7, false);
  cairo_set_source_rgb(cr, 0.4, 0.4, 0.4);
  text_at(cr, MARGIN, fy + 23, "Checked: signature, every member's hash, the work rebuilt from the record, the score recomputed.");
  font(cr, 13, true);
  const char *vt = "VERIFIED";
  double vw = text_width(cr, vt);
  cairo_set_source_rgb(cr, 0.05, 0.45, 0.15);
  cairo_set_line_width(cr, 1.5);
  cairo_rectangle(cr, PAGE_W - MARGIN - vw - 12, fy - 8, vw + 12, 22);
  cairo_stroke(cr);
  text_at(cr, PAGE_W - MARGIN - vw - 6, fy + 8, vt);
}

stp_status stp_report_pdf(const char *path, const stp_report_input *in, stp_error *err) {
  stp_error_clear(err);
  if (!in || !in->bundle || !in->scn || !in->work || !in->result)
    return stp_error_set(err, STP_ERR_USAGE, NULL, 0, "stp_report_pdf: incomplete input");
  if (!in->verified)
    return stp_error_set(err, STP_ERR_USAGE, path, 0, "refusing to report on a bundle that did not verify");
  pictures pic;
  stp_status st = render_pictures(in, &pic, err);
  membuf m = {0};
  if (st == STP_OK) {
    cairo_surface_t *pdf = cairo_pdf_surface_create_for_stream(mem_write, &m, PAGE_W, PAGE_H);
    cairo_pdf_surface_set_metadata(pdf, CAIRO_PDF_METADATA_TITLE, "Stipple assessor report");
    cairo_pdf_surface_set_metadata(pdf, CAIRO_PDF_METADATA_CREATOR, "Stipple " STP_VERSION_STRING);
    cairo_t *cr = cairo_create(pdf);
    draw_page(cr, in, &pic);
    cairo_show_page(cr);
    cairo_status_t cs = cairo_status(cr);
    cairo_destroy(cr);
    cairo_surface_finish(pdf);
    if (cs == CAIRO_STATUS_SUCCESS) cs = cairo_surface_status(pdf);
    cairo_surface_destroy(pdf);
    if (cs != CAIRO_STATUS_SUCCESS || m.failed)
      st = stp_error_set(err, STP_ERR_IO, path, 0, "cairo could not draw the report: %s",
                         m.failed ? "out of memory" : cairo_status_to_string(cs));
  }
  if (st == STP_OK) st = stp_file_write(path, m.data, m.len, 0, "the report", err);
  free(m.data);
  free_pictures(&pic);
  return st;
}

void stp_report_release(void) {
  /* Only for LeakSanitizer: cairo and fontconfig keep caches for the process's life, and
   * tearing them down is a debugging aid (cairo documents it so), not for production. */
#if defined(__SANITIZE_ADDRESS__)
  cairo_debug_reset_static_data();
  FcFini();
#endif
}
