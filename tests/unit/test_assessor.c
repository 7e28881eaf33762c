/* test_assessor.c - every bundled case judged as an SMP assessor would, on works built from
 * the case's own `stipple targets` export (not from the scorer's generator, so a wrong
 * target field cannot hide in both).
 *
 * For each case in scenarios/:
 *  - an expert work (blue noise at the exported density, the exported angle with a few
 *    degrees of scatter, the planned needle, pigment, ink and depth) passes;
 *  - each fault an assessor fails - the right count in one clump, in the front half only,
 *    one impression in six moved 8 mm off the plan, two dots, a ruled grid, the ink one
 *    dilution step too light or too dark, too deep, too shallow, the grain 60 degrees off -
 *    scores below the expert, fails, and lowers its own criterion at least as much as any
 *    other; the grain 25 degrees off and the wrong pigment score below the expert and lower
 *    their own criterion most (grain 25 off above grain 60 off; the pigment by 5 or more);
 *  - works a cheating candidate built (concentric rings, patches of ruled rows, a 6 mm
 *    checkerboard of holes, patches at 0.4 and 1.6 times, a dotted frame just outside, dots in a
 *    forbidden zone, one dot in seven blown out, the smallest zone skipped, half the job, a
 *    hard hairline set back, a lopsided one) fail;
 *  - works with the mild faults people make at three levels of skill rank skilled >
 *    intermediate > novice; the skilled one passes and the novice's fails.
 * A case over time (sessions or a touch-up) fails when the final targets are laid in one
 * session; one with session plans is laid again as a course from `stipple targets --session K`
 * and passes (or, where healing takes more than a sixth, fails after it: see
 * layered_expert_passes); test_cases_time judges these cases further.
 * Everything goes through the command line (`stipple targets`, `stipple score --json`), as
 * an instructor or an examiner would use it. */
#define _POSIX_C_SOURCE 200809L

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include "stp_test.h"
#include <cjson/cJSON.h>

#include <dirent.h>
#include <math.h>
#include <stdbool.h>
#ifndef M_PI
#define M_PI 3.14159265358979323846
#endif
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli_run.h"

#define MAX_FILES 64
#define MAX_KIT 16

typedef struct cell {
  double x, y, density, angle, ink, depth, needle;
  int zone;                 /* index into zone names */
  char pigment[32];
} cell;

typedef struct dotw {
  double x, y, angle, depth, needle, ink;
  char pigment[32];
  int session;
} dotw;

#define MAX_ZONES 32

typedef struct plan {
  cell *cells;
  size_t n;
  int x0, y0, nx, ny;       /* the lookup grid of 1 mm cells */
  int32_t *at;              /* cell index at (ix, iy), or -1 */
  char zones[MAX_ZONES][64];
  int nzones;
  char design[2][2048];     /* a design case's "# design" lines from the export (issue 9), written
                               into every work: the case judges them with the work */
  double inks[MAX_KIT];
  int ninks;
  char pigments[MAX_KIT][32];
  int npigments;
  bool has_pigment;
} plan;

typedef struct scored {
  bool timed;             /* judged over time (the JSON has sessions) */
  int nsessions;          /* its sessions (timed) */
  int history;            /* a touch-up's surviving old dots (timed) */
  double session_score[4];
  bool session_passed[4], session_judged[4];
  int session_placed[4], session_lost[4];
  double score;
  bool passed;
  double crit[16];          /* by criterion position in the JSON, see crit_index */
  bool on[16];
} scored;

static const char *const CRITS[] = {"density", "spacing", "grain", "shade", "depth", "hairline", "boundary", "look"};
enum { NCRIT = sizeof CRITS / sizeof CRITS[0] };

static int crit_index(const char *id) {
  for (int i = 0; i < NCRIT; i++)
    if (strcmp(CRITS[i], id) == 0) return i;
  return -1;
}

static char files[MAX_FILES][512];
static int nfiles;

/* ---- a small seeded generator, the test's own ---------------------------------------- */

static uint64_t rng_state;
static double urand(void) {
  rng_state ^= rng_state << 13; rng_state ^= rng_state >> 7; rng_state ^= rng_state << 17;
  return (double)(rng_state >> 11) / 9007199254740992.0;
}
static double nrand(void) {
  double u = urand(), v = urand();
  return sqrt(-2 * log(u + 1e-300)) * cos(6.283185307179586 * v);
}

/* ---- the plan, from `stipple targets` ------------------------------------------------ */

static int column(char **names, int n, const char *want) {
  for (int i = 0; i < n; i++)
    if (strcmp(names[i], want) == 0) return i;
  return -1;
}

static int split(char *line, char **f, int max) {
  int n = 0;
  char *s = line;
  while (n < max) {
    f[n++] = s;
    char *c = strchr(s, ',');
    if (!c) break;
    *c = 0;
    s = c + 1;
  }
  char *nl = strpbrk(f[n - 1], "\r\n");
  if (nl) *nl = 0;
  return n;
}

static void load_kit(plan *p, const char *scenario) {
  char cmd[1024];
  snprintf(cmd, sizeof cmd, STIPPLE_BIN " targets --scenario '%s' --kit", scenario);
  FILE *f = popen(cmd, "r");
  assert_non_null(f);
  char line[256];
  p->ninks = p->npigments = 0;
  while (fgets(line, sizeof line, f)) {
    char *fl[2];
    if (split(line, fl, 2) != 2) continue;
    if (strcmp(fl[0], "ink") == 0 && p->ninks < MAX_KIT) p->inks[p->ninks++] = atof(fl[1]);
    if (strcmp(fl[0], "pigment") == 0 && p->npigments < MAX_KIT)
      snprintf(p->pigments[p->npigments++], sizeof p->pigments[0], "%s", fl[1]);
  }
  assert_int_equal(pclose(f), 0);
  assert_true(p->ninks >= 2);
}

/* The export of the final targets (session 0) or of what session K's plan asks
 * (`targets --session K`). */
static void load_plan_at(plan *p, const char *scenario, int session) {
  memset(p, 0, sizeof *p);
  char cmd[1024], sess[32] = "";
  if (session > 0) snprintf(sess, sizeof sess, " --session %d", session);
  snprintf(cmd, sizeof cmd, STIPPLE_BIN " targets --scenario '%s' --cell 1 --csv%s", scenario, sess);
  FILE *f = popen(cmd, "r");
  assert_non_null(f);
  char line[2048], *fl[32];
  assert_non_null(fgets(line, sizeof line, f));
  for (int k = 0; k < 2 && strncmp(line, "# design ", 9) == 0; k++) {
    snprintf(p->design[k], sizeof p->design[k], "%s", line);
    assert_non_null(fgets(line, sizeof line, f));
  }
  int nc = split(line, fl, 32);
  int cx = column(fl, nc, "x_mm"), cy = column(fl, nc, "y_mm"), cz = column(fl, nc, "zone");
  int cd = column(fl, nc, "density_per_cm2"), ca = column(fl, nc, "angle_deg"), ci = column(fl, nc, "ink");
  int cdp = column(fl, nc, "depth_mm"), cn = column(fl, nc, "needle_mm"), cp = column(fl, nc, "pigment");
  assert_true(cx >= 0 && cy >= 0 && cz >= 0 && cd >= 0 && ca >= 0 && ci >= 0 && cdp >= 0);
  p->has_pigment = cp >= 0;
  size_t cap = 0;
  while (fgets(line, sizeof line, f)) {
    int n = split(line, fl, 32);
    if (n < nc) continue;
    if (p->n == cap) {
      cap = cap ? 2 * cap : 4096;
      p->cells = realloc(p->cells, cap * sizeof *p->cells);
      assert_non_null(p->cells);
    }
    cell *c = &p->cells[p->n++];
    c->x = atof(fl[cx]); c->y = atof(fl[cy]); c->density = atof(fl[cd]); c->angle = atof(fl[ca]);
    c->ink = atof(fl[ci]); c->depth = atof(fl[cdp]); c->needle = cn >= 0 ? atof(fl[cn]) : 0.25;
    snprintf(c->pigment, sizeof c->pigment, "%s", cp >= 0 ? fl[cp] : "");
    c->zone = -1;
    for (int z = 0; z < p->nzones; z++)
      if (strcmp(p->zones[z], fl[cz]) == 0) c->zone = z;
    if (c->zone < 0 && p->nzones < MAX_ZONES) {
      snprintf(p->zones[p->nzones], sizeof p->zones[0], "%s", fl[cz]);
      c->zone = p->nzones++;
    }
  }
  assert_int_equal(pclose(f), 0);
  assert_true(p->n > 100);
  int x0 = 1 << 20, y0 = 1 << 20, x1 = -(1 << 20), y1 = -(1 << 20);
  for (size_t i = 0; i < p->n; i++) {
    int ix = (int)floor(p->cells[i].x), iy = (int)floor(p->cells[i].y);
    if (ix < x0) x0 = ix;
    if (iy < y0) y0 = iy;
    if (ix > x1) x1 = ix;
    if (iy > y1) y1 = iy;
  }
  p->x0 = x0; p->y0 = y0; p->nx = x1 - x0 + 1; p->ny = y1 - y0 + 1;
  p->at = malloc((size_t)p->nx * (size_t)p->ny * sizeof *p->at);
  assert_non_null(p->at);
  for (size_t k = 0; k < (size_t)p->nx * (size_t)p->ny; k++) p->at[k] = -1;
  for (size_t i = 0; i < p->n; i++)
    p->at[(size_t)((int)floor(p->cells[i].y) - y0) * (size_t)p->nx + (size_t)((int)floor(p->cells[i].x) - x0)] =
      (int32_t)i;
  load_kit(p, scenario);
}

static void load_plan(plan *p, const char *scenario) { load_plan_at(p, scenario, 0); }

static void free_plan(plan *p) { free(p->cells); free(p->at); memset(p, 0, sizeof *p); }

/* The planned cell under (x, y), or NULL off the plan. */
static const cell *cell_at(const plan *p, double x, double y) {
  int ix = (int)floor(x) - p->x0, iy = (int)floor(y) - p->y0;
  if (ix < 0 || iy < 0 || ix >= p->nx || iy >= p->ny) return NULL;
  int32_t k = p->at[(size_t)iy * (size_t)p->nx + (size_t)ix];
  return k < 0 ? NULL : &p->cells[k];
}

/* ---- works ----------------------------------------------------------------------------- */

typedef struct work { dotw *d; size_t n, cap; } work;

static void push(work *w, dotw d) {
  if (w->n == w->cap) {
    w->cap = w->cap ? 2 * w->cap : 4096;
    w->d = realloc(w->d, w->cap * sizeof *w->d);
    assert_non_null(w->d);
  }
  w->d[w->n++] = d;
}

static dotw planned_dot(const cell *c, double x, double y) {
  dotw d = {x, y, fmod(c->angle + 3.0 * nrand() + 360.0, 360.0), c->depth, c->needle, c->ink, "", 1};
  snprintf(d.pigment, sizeof d.pigment, "%s", c->pigment);
  return d;
}

/* Blue noise by dart throwing: cells drawn in proportion to weight[i] (the density, or 0 to
 * leave a cell out), a point at random in the cell, kept when no kept dot lies within
 * 0.75 / sqrt(local density per mm2) scaled by `crowd` (1: the planned spacing; a clump of
 * k times the density uses 1 / sqrt(k)). Stops at `count` dots or after 40 tries per dot. */
static void darts(const plan *p, const double *weight, size_t count, double crowd, work *w) {
  double *cum = malloc(p->n * sizeof *cum), tot = 0;
  assert_non_null(cum);
  for (size_t i = 0; i < p->n; i++) cum[i] = (tot += weight[i]);
  assert_true(tot > 0);
  /* A 2 mm grid of the kept dots for the spacing check. */
  int gx = p->nx / 2 + 2, gy = p->ny / 2 + 2;
  int32_t *head = malloc((size_t)gx * (size_t)gy * sizeof *head), *next = malloc((count + 1) * sizeof *next);
  assert_true(head && next);
  for (size_t k = 0; k < (size_t)gx * (size_t)gy; k++) head[k] = -1;
  size_t base = w->n, tries = 0;
  while (w->n - base < count && tries < 40 * count + 1000) {
    tries++;
    double u = urand() * tot;
    size_t lo = 0, hi = p->n - 1;
    while (lo < hi) { size_t mid = (lo + hi) / 2; if (cum[mid] < u) lo = mid + 1; else hi = mid; }
    const cell *c = &p->cells[lo];
    double x = floor(c->x) + urand(), y = floor(c->y) + urand();
    double lam = weight[lo] / 100.0;
    double r = crowd * 0.75 / sqrt(lam > 1e-6 ? lam : 1e-6);
    if (r > 3.0) r = 3.0;
    int cx = ((int)floor(x) - p->x0) / 2 + 1, cy = ((int)floor(y) - p->y0) / 2 + 1;
    int reach = (int)ceil(r / 2.0);
    bool ok = true;
    for (int j = cy - reach; j <= cy + reach && ok; j++)
      for (int i = cx - reach; i <= cx + reach && ok; i++) {
        if (i < 0 || j < 0 || i >= gx || j >= gy) continue;
        for (int32_t k = head[(size_t)j * (size_t)gx + (size_t)i]; k >= 0 && ok; k = next[k]) {
          const dotw *o = &w->d[base + (size_t)k];
          if (hypot(o->x - x, o->y - y) < r) ok = false;
        }
      }
    if (!ok) continue;
    int32_t idx = (int32_t)(w->n - base);
    push(w, planned_dot(c, x, y));
    size_t g = (size_t)cy * (size_t)gx + (size_t)cx;
    next[idx] = head[g];
    head[g] = idx;
  }
  free(cum); free(head); free(next);
}

static size_t planned_count(const plan *p) {
  double n = 0;
  for (size_t i = 0; i < p->n; i++) n += p->cells[i].density / 100.0;
  return (size_t)llround(n);
}

static void expert(const plan *p, work *w) {
  double *wt = malloc(p->n * sizeof *wt);
  for (size_t i = 0; i < p->n; i++) wt[i] = p->cells[i].density;
  darts(p, wt, planned_count(p), 1.0, w);
  free(wt);
}

static int cmpd(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return x < y ? -1 : x > y;
}

/* The same count in the planned cells nearest to one point: a quarter of the plan's area. */
static void clump(const plan *p, work *w) {
  double *dist = malloc(p->n * sizeof *dist), *sorted = malloc(p->n * sizeof *sorted), *wt = malloc(p->n * sizeof *wt);
  const cell *s = &p->cells[p->n / 3];
  for (size_t i = 0; i < p->n; i++) sorted[i] = dist[i] = hypot(p->cells[i].x - s->x, p->cells[i].y - s->y);
  qsort(sorted, p->n, sizeof *sorted, cmpd);
  double cut = sorted[p->n / 4];
  for (size_t i = 0; i < p->n; i++) wt[i] = dist[i] <= cut ? p->cells[i].density + 1 : 0;
  darts(p, wt, planned_count(p), 0.5, w);
  free(dist); free(sorted); free(wt);
}

/* The same count in the front half of each zone (by y), the back half bare. */
static void front_half(const plan *p, work *w) {
  double *wt = malloc(p->n * sizeof *wt);
  for (int z = 0; z < p->nzones; z++) {
    double lo = 1e9, hi = -1e9;
    for (size_t i = 0; i < p->n; i++)
      if (p->cells[i].zone == z) { lo = fmin(lo, p->cells[i].y); hi = fmax(hi, p->cells[i].y); }
    for (size_t i = 0; i < p->n; i++)
      if (p->cells[i].zone == z) wt[i] = p->cells[i].y <= 0.5 * (lo + hi) ? p->cells[i].density : 0;
  }
  darts(p, wt, planned_count(p), 0.7, w);
  free(wt);
}

/* Move a dot `mm` off the plan: straight forward (-y), else sideways, until it leaves it. */
static void off_plan(const plan *p, dotw *d, double mm) {
  static const double dirs[4][2] = {{0, -1}, {-1, 0}, {1, 0}, {0, 1}};
  for (int k = 0; k < 4; k++)
    for (double s = mm; s <= 250; s += 1) {
      double x = d->x + dirs[k][0] * s, y = d->y + dirs[k][1] * s;
      bool clear = true;   /* clear of the plan by 3 mm (the score allows a 1 mm margin) */
      for (int j = -3; j <= 3 && clear; j++)
        for (int i = -3; i <= 3 && clear; i++)
          if (cell_at(p, x + i, y + j)) clear = false;
      if (clear) { d->x = x; d->y = y; return; }
    }
  fail_msg("no place off the plan near (%.1f, %.1f)", d->x, d->y);
}

/* A ruled square grid at the planned density: a lattice at the spacing of each zone's
 * highest target, each point kept by error diffusion along the rows where the target is
 * lower (a ramp thins the same lattice, never shifts it off its rows and columns). */
static void grid(const plan *p, work *w) {
  for (int z = 0; z < p->nzones; z++) {
    double top = 0;
    for (size_t i = 0; i < p->n; i++)
      if (p->cells[i].zone == z && p->cells[i].density > top) top = p->cells[i].density;
    if (top <= 0) continue;
    double s = 10.0 / sqrt(top), carry = 0;   /* mm between rows and columns */
    for (double y = p->y0 + 0.25; y < p->y0 + p->ny; y += s)
      for (double x = p->x0 + 0.25; x < p->x0 + p->nx; x += s) {
        const cell *c = cell_at(p, x, y);
        if (!c || c->zone != z) continue;
        carry += c->density / top;
        if (carry < 1) continue;
        carry -= 1;
        dotw d = planned_dot(c, x, y);
        d.angle = c->angle;
        push(w, d);
      }
  }
}

/* The kit's ink `steps` darker (> 0) or lighter than v, or v itself at the end of the ladder. */
static double ink_step(const plan *p, double v, int steps) {
  double sorted[MAX_KIT];
  memcpy(sorted, p->inks, (size_t)p->ninks * sizeof *sorted);
  qsort(sorted, (size_t)p->ninks, sizeof *sorted, cmpd);
  int at = 0;
  for (int i = 0; i < p->ninks; i++)
    if (fabs(sorted[i] - v) < fabs(sorted[at] - v)) at = i;
  int k = at + steps;
  /* At the end of the kit's ladder there is no step that way: the dot keeps its ink (that
   * part of the work is not at fault; the rest of it is). */
  if (k < 0 || k >= p->ninks) return v;
  return sorted[k];
}

/* ---- scoring through the command line --------------------------------------------------- */

static void write_work(const plan *p, const work *w, const char *path) {
  FILE *f = fopen(path, "w");
  assert_non_null(f);
  fprintf(f, "%s%s", p->design[0], p->design[1]);
  fprintf(f, "x_mm,y_mm,angle_deg,depth_mm,needle_mm,ink,session,t_ms%s\n", p->has_pigment ? ",pigment" : "");
  for (size_t i = 0; i < w->n; i++) {
    const dotw *d = &w->d[i];
    fprintf(f, "%.2f,%.2f,%.2f,%.3f,%.3f,%.3f,%d,%zu", d->x, d->y, d->angle, d->depth, d->needle, d->ink,
            d->session, i * 900);
    if (p->has_pigment) fprintf(f, ",%s", d->pigment);
    fputc('\n', f);
  }
  assert_int_equal(fclose(f), 0);
}

static scored score(const char *scenario, const plan *p, const work *w, const char *name) {
  char path[600], cmd[1600];
  snprintf(path, sizeof path, "%s/%s.csv", cli_tmpdir, name);
  write_work(p, w, path);
  snprintf(cmd, sizeof cmd, STIPPLE_BIN " score --scenario '%s' --work '%s' --json", scenario, path);
  FILE *f = popen(cmd, "r");
  assert_non_null(f);
  size_t cap = 1 << 20, n = 0;
  char *buf = malloc(cap);
  assert_non_null(buf);
  size_t k;
  while ((k = fread(buf + n, 1, cap - 1 - n, f)) > 0) n += k;
  buf[n] = 0;
  int rc = pclose(f);
  if (rc != 0) fail_msg("%s: stipple score failed on %s", scenario, path);
  cJSON *root = cJSON_Parse(buf);
  assert_non_null(root);
  scored s;
  memset(&s, 0, sizeof s);
  s.score = cJSON_GetObjectItem(root, "score")->valuedouble;
  s.passed = cJSON_IsTrue(cJSON_GetObjectItem(root, "passed"));
  s.timed = cJSON_GetObjectItem(root, "sessions") != NULL;
  if (s.timed) {
    const cJSON *h = cJSON_GetObjectItem(root, "history"), *ss;
    s.history = cJSON_IsNumber(h) ? h->valueint : 0;
    cJSON_ArrayForEach(ss, cJSON_GetObjectItem(root, "sessions")) {
      if (s.nsessions >= 4) break;
      s.session_score[s.nsessions] = cJSON_GetObjectItem(ss, "score")->valuedouble;
      s.session_passed[s.nsessions] = cJSON_IsTrue(cJSON_GetObjectItem(ss, "passed"));
      s.session_judged[s.nsessions] = cJSON_IsTrue(cJSON_GetObjectItem(ss, "judged"));
      s.session_placed[s.nsessions] = cJSON_GetObjectItem(ss, "placed")->valueint;
      s.session_lost[s.nsessions] = cJSON_GetObjectItem(ss, "lost")->valueint;
      s.nsessions++;
    }
  }
  cJSON *c;
  cJSON_ArrayForEach(c, cJSON_GetObjectItem(root, "criteria")) {
    int i = crit_index(cJSON_GetObjectItem(c, "id")->valuestring);
    if (i < 0) continue;
    s.on[i] = true;
    s.crit[i] = cJSON_GetObjectItem(c, "score")->valuedouble;
  }
  cJSON_Delete(root);
  free(buf);
  return s;
}

static void show(const char *what, const scored *s) {
  char line[512];
  size_t len = (size_t)snprintf(line, sizeof line, "  %-22s %6.2f %-6s", what, s->score, s->passed ? "pass" : "FAIL");
  for (int i = 0; i < NCRIT && len < sizeof line; i++)
    if (s->on[i]) len += (size_t)snprintf(line + len, sizeof line - len, " %s %.0f", CRITS[i], s->crit[i]);
  print_message("%s\n", line);
}

/* The fault's own criterion falls at least as far as any other. */
static void own_falls_most(const char *scn, const char *what, const scored *e, const scored *f, const char *own) {
  int o = crit_index(own);
  if (!f->on[o]) fail_msg("%s: %s: criterion %s is not in the rubric", scn, what, own);
  double drop = e->crit[o] - f->crit[o];
  for (int i = 0; i < NCRIT; i++) {
    if (i == o || !f->on[i]) continue;
    double other = e->crit[i] - f->crit[i];
    if (other > drop + 1e-9)
      fail_msg("%s: %s: %s fell %.1f but %s fell %.1f", scn, what, own, drop, CRITS[i], other);
  }
  if (!(drop > 0)) fail_msg("%s: %s: %s did not fall (%.1f)", scn, what, own, drop);
}

static void must_fail(const char *scn, const char *what, const scored *e, const scored *f, const char *own) {
  show(what, f);
  if (!(f->score < e->score)) fail_msg("%s: %s scores %.2f, not below the expert's %.2f", scn, what, f->score, e->score);
  if (f->passed) fail_msg("%s: %s passes (%.2f); an assessor fails it", scn, what, f->score);
  own_falls_most(scn, what, e, f, own);
}

typedef void (*edit_fn)(const plan *p, dotw *d, size_t i, void *arg);
static void e_pigment(const plan *p, dotw *d, size_t i, void *arg);

static void edited(const plan *p, const work *src, work *dst, edit_fn fn, void *arg) {
  dst->n = 0;
  for (size_t i = 0; i < src->n; i++) {
    push(dst, src->d[i]);
    fn(p, &dst->d[dst->n - 1], i, arg);
  }
}

static void e_sixth_off(const plan *p, dotw *d, size_t i, void *arg) { (void)arg; if (i % 6 == 5) off_plan(p, d, 8); }
static void e_ink(const plan *p, dotw *d, size_t i, void *arg) { (void)i; d->ink = ink_step(p, d->ink, *(int *)arg); }
static void e_depth(const plan *p, dotw *d, size_t i, void *arg) { (void)p; (void)i; d->depth = *(double *)arg; }
static void e_angle(const plan *p, dotw *d, size_t i, void *arg) {
  (void)p; (void)i;
  d->angle = fmod(d->angle + *(double *)arg + 360.0, 360.0);
}
static void e_pigment(const plan *p, dotw *d, size_t i, void *arg) {
  (void)p; (void)i;
  snprintf(d->pigment, sizeof d->pigment, "%s", (const char *)arg);
}

/* People's mixed faults. level 0 skilled, 1 intermediate, 2 novice. */
typedef struct skill { double scatter, bare, off_ink, stray; } skill;
static const skill SKILLS[3] = {
  {6, 0.00, 0.00, 0.000},    /* skilled: a little angle scatter */
  {16, 0.12, 0.20, 0.015},   /* intermediate */
  {38, 0.30, 0.50, 0.060},   /* novice: grain +-38, 30 % bare, half a step off, 6 % stray by 6 mm */
};

static void skilled_work(const plan *p, const work *exp, work *out, int level) {
  const skill *k = &SKILLS[level];
  out->n = 0;
  for (size_t i = 0; i < exp->n; i++) push(out, exp->d[i]);
  /* Bare: drop the dots in the back `bare` share of each zone (by y). */
  for (int z = 0; z < p->nzones && k->bare > 0; z++) {
    double lo = 1e9, hi = -1e9;
    for (size_t i = 0; i < p->n; i++)
      if (p->cells[i].zone == z) { lo = fmin(lo, p->cells[i].y); hi = fmax(hi, p->cells[i].y); }
    double cut = hi - k->bare * (hi - lo);
    size_t keep = 0;
    for (size_t i = 0; i < out->n; i++) {
      const cell *c = cell_at(p, out->d[i].x, out->d[i].y);
      if (c && c->zone == z && out->d[i].y > cut) continue;
      out->d[keep++] = out->d[i];
    }
    out->n = keep;
  }
  for (size_t i = 0; i < out->n; i++) {
    dotw *d = &out->d[i];
    d->angle = fmod(d->angle + k->scatter * nrand() + 720.0, 360.0);
    if (urand() < k->off_ink) d->ink = ink_step(p, d->ink, urand() < 0.5 ? 1 : -1);
    if (urand() < k->stray) off_plan(p, d, 6);
  }
}

/* ---- works a cheating candidate built (each must fail) ---------------------------------- */

/* A zone's planned cells: bounds, centroid, the highest target, forbidden (no density). */
typedef struct zinfo { double x0, y0, x1, y1, cx, cy, top; size_t n; } zinfo;
static zinfo zone_info(const plan *p, int z) {
  zinfo zi = {1e9, 1e9, -1e9, -1e9, 0, 0, 0, 0};
  for (size_t i = 0; i < p->n; i++) {
    const cell *c = &p->cells[i];
    if (c->zone != z) continue;
    zi.x0 = fmin(zi.x0, c->x); zi.y0 = fmin(zi.y0, c->y); zi.x1 = fmax(zi.x1, c->x); zi.y1 = fmax(zi.y1, c->y);
    zi.cx += c->x; zi.cy += c->y; zi.top = fmax(zi.top, c->density); zi.n++;
  }
  if (zi.n) { zi.cx /= (double)zi.n; zi.cy /= (double)zi.n; }
  return zi;
}

/* Keep a candidate point (x, y) of zone z by error diffusion on the local target over the
 * zone's top, so the count follows the plan while the layout is the candidate's. */
static void keep_thinned(const plan *p, int z, double top, double x, double y, double *carry, work *w) {
  const cell *c = cell_at(p, x, y);
  if (!c || c->zone != z) return;
  *carry += c->density / top;
  if (*carry < 1) return;
  *carry -= 1;
  push(w, planned_dot(c, x, y));
}

/* Concentric rings about each zone's centroid, at the spacing of its highest target. */
static void rings(const plan *p, work *w) {
  for (int z = 0; z < p->nzones; z++) {
    zinfo zi = zone_info(p, z);
    if (zi.top <= 0) continue;
    double s = 10.0 / sqrt(zi.top), carry = 0, rmax = hypot(zi.x1 - zi.x0, zi.y1 - zi.y0);
    for (double r = s / 2; r < rmax; r += s)
      for (double a = 0; a < 2 * M_PI; a += s / r)
        keep_thinned(p, z, zi.top, zi.cx + r * cos(a), zi.cy + r * sin(a), &carry, w);
  }
}

/* Ruled rows in 15 mm squares, the rows' angle turning by 36 degrees from square to square. */
static void row_patches(const plan *p, work *w) {
  for (int z = 0; z < p->nzones; z++) {
    zinfo zi = zone_info(p, z);
    if (zi.top <= 0) continue;
    double s = 10.0 / sqrt(zi.top), carry = 0;
    for (double by = floor(zi.y0 / 15) * 15; by <= zi.y1; by += 15)
      for (double bx = floor(zi.x0 / 15) * 15; bx <= zi.x1; bx += 15) {
        double ang = fmod((floor(bx / 15) + 3 * floor(by / 15)) * 36.0, 180.0) * M_PI / 180;
        for (double v = -12; v < 12; v += s)
          for (double u = -12; u < 12; u += s) {
            double x = bx + 7.5 + u * cos(ang) - v * sin(ang), y = by + 7.5 + u * sin(ang) + v * cos(ang);
            if (x >= bx && x < bx + 15 && y >= by && y < by + 15) keep_thinned(p, z, zi.top, x, y, &carry, w);
          }
      }
  }
}

/* Darts at the plan's count, weighted by f(x, y) x the local target (a layout of patches). */
static void patterned(const plan *p, double (*f)(double x, double y), work *w) {
  double *wt = malloc(p->n * sizeof *wt);
  for (size_t i = 0; i < p->n; i++) wt[i] = p->cells[i].density * f(p->cells[i].x, p->cells[i].y);
  darts(p, wt, planned_count(p), 0.7, w);
  free(wt);
}
static double checker6(double x, double y) { return ((int)floor(x / 6) + (int)floor(y / 6)) % 2 ? 2.0 : 0.0; }
static double patch20(double x, double y) { return ((int)floor(x / 20) + (int)floor(y / 20)) % 2 ? 1.6 : 0.4; }

/* The expert work and a dotted frame 0.6 mm outside every planned edge cell's open side. */
static void framed(const plan *p, const work *exp, work *w) {
  w->n = 0;
  for (size_t i = 0; i < exp->n; i++) push(w, exp->d[i]);
  static const int dir[4][2] = {{0, -1}, {0, 1}, {-1, 0}, {1, 0}};
  for (size_t i = 0; i < p->n; i++) {
    const cell *c = &p->cells[i];
    if (c->density <= 0) continue;
    for (int k = 0; k < 4; k++)
      if (!cell_at(p, c->x + dir[k][0], c->y + dir[k][1])) {
        dotw d = planned_dot(c, floor(c->x) + 0.5 + dir[k][0] * 1.1, floor(c->y) + 0.5 + dir[k][1] * 1.1);
        if (!cell_at(p, d.x, d.y) && (i % 2 == 0)) push(w, d);   /* every other edge cell: a dotted line */
      }
  }
}

/* The expert work and a short line of 12 dots in a forbidden zone (a zone with no density),
 * if the case has one. Returns false when it has none. */
static bool forbidden_line(const plan *p, const work *exp, work *w) {
  for (int z = 0; z < p->nzones; z++) {
    zinfo zi = zone_info(p, z);
    if (!zi.n || zi.top > 0) continue;
    w->n = 0;
    for (size_t i = 0; i < exp->n; i++) push(w, exp->d[i]);
    int put = 0;
    for (double x = zi.cx - 20; x <= zi.cx + 20 && put < 12; x += 2) {
      const cell *c = cell_at(p, x, zi.cy);
      if (!c || c->zone != z) continue;
      dotw d = exp->d[0];
      d.x = x; d.y = zi.cy;
      push(w, d);
      put++;
    }
    return put == 12;
  }
  return false;
}

/* The expert work less every dot of the smallest zone that asks for impressions, if the case
 * has two or more such zones. */
static bool skip_smallest_zone(const plan *p, const work *exp, work *w) {
  int small = -1, asking = 0;
  size_t best = (size_t)-1;
  for (int z = 0; z < p->nzones; z++) {
    zinfo zi = zone_info(p, z);
    if (zi.top <= 0) continue;
    asking++;
    if (zi.n < best) { best = zi.n; small = z; }
  }
  if (asking < 2) return false;
  w->n = 0;
  for (size_t i = 0; i < exp->n; i++) {
    const cell *c = cell_at(p, exp->d[i].x, exp->d[i].y);
    if (!c || c->zone != small) push(w, exp->d[i]);
  }
  return true;
}

/* Zones whose target rises from front to back (the hairline ramps of the bundled cases). */
static bool ramp_zone(const plan *p, int z) {
  double lo = 1e9, hi = 0;
  for (size_t i = 0; i < p->n; i++)
    if (p->cells[i].zone == z && p->cells[i].density > 0) { lo = fmin(lo, p->cells[i].density); hi = fmax(hi, p->cells[i].density); }
  return hi > 2 * lo;
}

/* The front (smallest planned y) of zone z at column x (1 mm), or NAN. */
static double front_y(const plan *p, int z, double x) {
  double f = NAN;
  for (double y = p->y0; y < p->y0 + p->ny; y += 1) {
    const cell *c = cell_at(p, x, y);
    if (c && c->zone == z) { f = floor(y); break; }
  }
  return f;
}

/* The expert work with every ramp zone replaced by its top density from `setback` mm behind
 * the front on: a hard, ruler-edged hairline. Returns false without a ramp zone. When `side`
 * is not 0, only the outer 22 mm on the left is changed, set back 10 mm: a lopsided line. */
static bool hard_hairline(const plan *p, const work *exp, double setback, bool lopsided, work *w) {
  bool any = false, ramp[MAX_ZONES];
  zinfo zis[MAX_ZONES];
  for (int z = 0; z < p->nzones; z++) { ramp[z] = ramp_zone(p, z); zis[z] = zone_info(p, z); }
  w->n = 0;
  for (size_t i = 0; i < exp->n; i++) {
    const cell *c = cell_at(p, exp->d[i].x, exp->d[i].y);
    if (!c || !ramp[c->zone]) { push(w, exp->d[i]); continue; }
    if (lopsided) {
      const zinfo zi = zis[c->zone];
      double f = front_y(p, c->zone, exp->d[i].x);
      if (exp->d[i].x < zi.x0 + 22 && exp->d[i].y < f + 10) continue;   /* the left end set back */
      push(w, exp->d[i]);
    }
  }
  if (lopsided) {
    for (int z = 0; z < p->nzones; z++) any = any || ramp[z];
    return any;
  }
  for (int z = 0; z < p->nzones; z++) {
    if (!ramp[z]) continue;
    any = true;
    const zinfo zi = zis[z];
    double s = 10.0 / sqrt(zi.top);
    for (double x = zi.x0; x <= zi.x1 + 1; x += s) {
      double f = front_y(p, z, x);
      if (isnan(f)) continue;
      for (double y = f + setback; y <= zi.y1 + 1; y += s) {
        const cell *c = cell_at(p, x + 0.3 * (urand() - 0.5), y);
        if (c && c->zone == z) push(w, planned_dot(c, x + 0.3 * (urand() - 0.5), y + 0.3 * (urand() - 0.5)));
      }
    }
  }
  return any;
}

/* Every other expert dot: half the job. */
static void half_effort(const work *exp, work *w) {
  w->n = 0;
  for (size_t i = 0; i < exp->n; i += 2) push(w, exp->d[i]);
}

/* A fault that must fail, lower the score and, when own is not NULL, lower its own criterion
 * at least as much as any other. */
static void must_fail_any(const char *scn, const char *what, const scored *e, const scored *f) {
  show(what, f);
  if (!(f->score < e->score)) fail_msg("%s: %s scores %.2f, not below the expert's %.2f", scn, what, f->score, e->score);
  if (f->passed) fail_msg("%s: %s passes (%.2f); an assessor fails it", scn, what, f->score);
}

/* layout: the cheats judged by the layout's statistics over a real case's area (rings, rows,
 * a checkerboard, 2 cm patches); not on the tutorial (see judge_case). */
static void cheats(const char *scenario, const char *name, const plan *p, const work *exp, const scored *e,
                   bool layout) {
  work f = {0};
  scored s;
  if (layout) {
  rings(p, &f);
  s = score(scenario, p, &f, "rings");
  must_fail(name, "concentric rings", e, &s, "spacing");
  f.n = 0;
  row_patches(p, &f);
  s = score(scenario, p, &f, "row-patches");
  must_fail(name, "patches of ruled rows", e, &s, "spacing");
  f.n = 0;
  patterned(p, checker6, &f);
  s = score(scenario, p, &f, "checker6");
  must_fail_any(name, "a 6 mm checkerboard of holes", e, &s);   /* density falls far; a hairline's profile with it */
  if (!(e->crit[0] - s.crit[0] >= 30)) fail_msg("%s: a 6 mm checkerboard of holes costs density only %.1f", name, e->crit[0] - s.crit[0]);
  f.n = 0;
  patterned(p, patch20, &f);
  s = score(scenario, p, &f, "patchy");
  must_fail_any(name, "2 cm patches at 0.4x and 1.6x", e, &s);   /* density falls far; a hairline's profile with it */
  if (!(e->crit[0] - s.crit[0] >= 30)) fail_msg("%s: 2 cm patches at 0.4x and 1.6x costs density only %.1f", name, e->crit[0] - s.crit[0]);
  }
  framed(p, exp, &f);
  s = score(scenario, p, &f, "frame");
  must_fail(name, "a dotted frame just outside", e, &s, "boundary");
  if (forbidden_line(p, exp, &f)) {
    s = score(scenario, p, &f, "forbidden");
    must_fail(name, "12 dots in a forbidden zone", e, &s, "boundary");
  }
  double deep = 2.0;
  f.n = 0;
  for (size_t i = 0; i < exp->n; i++) {
    push(&f, exp->d[i]);
    if (i % 7 == 6) f.d[f.n - 1].depth = deep;
  }
  s = score(scenario, p, &f, "blowouts");
  must_fail_any(name, "one dot in seven blown out", e, &s);   /* depth; from a metre they show too */
  if (!(e->crit[4] - s.crit[4] >= 50)) fail_msg("%s: blow-outs cost depth only %.1f", name, e->crit[4] - s.crit[4]);
  if (skip_smallest_zone(p, exp, &f)) {
    s = score(scenario, p, &f, "skip-zone");
    must_fail_any(name, "the smallest zone left bare", e, &s);   /* the density gate holds in every zone */
  }
  half_effort(exp, &f);
  s = score(scenario, p, &f, "half");
  must_fail_any(name, "half the planned impressions, even", e, &s);   /* density, and a hairline's front */
  if (hard_hairline(p, exp, 3.5, false, &f)) {
    s = score(scenario, p, &f, "hard-setback");
    must_fail_any(name, "a hard hairline set back 3.5 mm", e, &s);
    if (!(s.on[5] && s.crit[5] < e->crit[5] - 30)) fail_msg("%s: the hard hairline costs hairline only %.1f", name, e->crit[5] - s.crit[5]);
    hard_hairline(p, exp, 0, true, &f);
    s = score(scenario, p, &f, "lopsided");
    must_fail_any(name, "the left end set back 10 mm", e, &s);
  }
  free(f.d);
}

/* ---- the test ----------------------------------------------------------------------------- */

/* A course from the exports alone: the final expert's dots (blue noise at the final
 * density) shared out over the sessions as their exports ask. A dot in a cell goes to the
 * first session k whose export asks, by its end, at least a share u (uniform) of the cell's
 * final density, and takes that session's ink, needle and pigment there; so by the end of
 * session k the cell holds its share of the final count, lighter first. Nothing is laid
 * ahead of the loss in healing, and nothing lost is refilled: where a session loses about
 * the default 12 %, the next stands at about 0.88 of what the earlier ones laid plus its
 * own, within every case's tolerance, and the course passes overall and every judged
 * session. Where a session loses more than a sixth of its dots (scar tissue taking pigment
 * unevenly: case 12 loses about a third in the scar), a later session left unrefilled falls
 * short of its plan and fails: "the next session fills gaps" (the sources) is part of the
 * plan. */
static void layered_expert_passes(const char *scenario, const char *name, const plan *fin, const work *exp,
                                  int nsessions) {
  assert_true(nsessions >= 2 && nsessions <= 4);
  plan per[4];
  for (int k = 1; k <= nsessions; k++) {
    load_plan_at(&per[k - 1], scenario, k);
    assert_int_equal(per[k - 1].n, fin->n);   /* the same cells, in the same order */
  }
  work lay = {0};
  for (int k = 1; k <= nsessions; k++)
    for (size_t i = 0; i < exp->n; i++) {
      dotw d = exp->d[i];
      const cell *c = cell_at(fin, d.x, d.y);
      assert_non_null(c);
      size_t ci = (size_t)(c - fin->cells);
      /* the dot's draw, the same whichever session asks (seeded by its index) */
      uint64_t keep = rng_state;
      rng_state = 0x2545F4914F6CDD1Dull ^ ((uint64_t)i * 0x9E3779B97F4A7C15ull);
      double u = urand();
      rng_state = keep;
      int first = nsessions;
      for (int j = 1; j <= nsessions; j++)
        if (c->density > 0 && u < per[j - 1].cells[ci].density / c->density) { first = j; break; }
      if (first != k) continue;
      const cell *ck = &per[k - 1].cells[ci];
      d.ink = ck->ink;
      d.needle = ck->needle;
      snprintf(d.pigment, sizeof d.pigment, "%s", ck->pigment);
      d.session = k;
      push(&lay, d);
    }
  scored r = score(scenario, fin, &lay, "layered");
  print_message("  layered from the session exports: %.2f %s, sessions", r.score, r.passed ? "pass" : "FAIL");
  for (int k = 0; k < r.nsessions; k++) print_message(" %.1f%s", r.session_score[k], r.session_passed[k] ? "" : "!");
  print_message("\n");
  int lossy = -1;   /* the first session that lost more than a sixth of its dots (12 % by default) */
  for (int k = 0; k < r.nsessions && lossy < 0; k++)
    if (r.session_placed[k] > 0 && 6 * r.session_lost[k] > r.session_placed[k]) lossy = k;
  if (lossy < 0) {
    if (!r.passed) fail_msg("%s: a course laid from the session exports fails (%.2f)", name, r.score);
    for (int k = 0; k < r.nsessions; k++)
      if (r.session_judged[k] && !r.session_passed[k])
        fail_msg("%s: a course laid from the session exports fails session %d (%.2f)", name, k + 1, r.session_score[k]);
  } else {
    print_message("  session %d lost %d of %d: the course never refills them\n", lossy + 1, r.session_lost[lossy],
                  r.session_placed[lossy]);
    if (r.passed) fail_msg("%s: a course that never refills a lossy session's gaps passes (%.2f)", name, r.score);
    for (int k = 0; k <= lossy; k++)
      if (r.session_judged[k] && !r.session_passed[k])
        fail_msg("%s: session %d fails before any loss could matter (%.2f)", name, k + 1, r.session_score[k]);
  }
  free(lay.d);
  for (int k = 0; k < nsessions; k++) free_plan(&per[k]);
}

static void judge_case(const char *scenario) {
  const char *name = strrchr(scenario, '/') ? strrchr(scenario, '/') + 1 : scenario;
  print_message("%s\n", name);
  plan p;
  load_plan(&p, scenario);
  work exp = {0}, f = {0};
  rng_state = 0x9E3779B97F4A7C15ull ^ (uint64_t)strlen(name) * 7919u;
  expert(&p, &exp);
  assert_true(exp.n >= planned_count(&p) * 9 / 10);
  scored e = score(scenario, &p, &exp, "expert");
  show("expert", &e);
  if (e.timed) {
    /* A case over time (session plans or an old work to touch up): the export's targets laid
     * in one session, blind to the plan and the old work, is what rushing or doubling looks
     * like, and fails. test_cases_time judges these cases session by session, with these
     * faults made in one session of a layered expert. */
    if (e.passed) fail_msg("%s: the final targets laid in one session pass a case over time (%.2f)", name, e.score);
    if (!e.history) layered_expert_passes(scenario, name, &p, &exp, e.nsessions);
    else print_message("  a touch-up: its old work is not in the exports; test_cases_time judges it\n");
    free(exp.d);
    free_plan(&p);
    return;
  }
  if (!e.passed) fail_msg("%s: the expert work fails (%.2f)", name, e.score);

  clump(&p, &f);
  scored s = score(scenario, &p, &f, "clump");
  must_fail(name, "one clump", &e, &s, "density");

  f.n = 0;
  front_half(&p, &f);
  s = score(scenario, &p, &f, "front-half");
  must_fail(name, "front half only", &e, &s, "density");

  edited(&p, &exp, &f, e_sixth_off, NULL);
  s = score(scenario, &p, &f, "sixth-off");
  must_fail(name, "a sixth 8 mm off", &e, &s, "boundary");

  f.n = 0;
  push(&f, exp.d[0]); push(&f, exp.d[exp.n / 2]);
  s = score(scenario, &p, &f, "two-dots");
  must_fail(name, "two dots", &e, &s, "density");
  /* A design case keeps its design's marks (the design criterion, up to its weight: 30 %) with
   * two dots: the work's part is near 0. */
  double two_max = p.design[0][0] ? 10 + 30 : 10;
  if (s.score > two_max) fail_msg("%s: two dots score %.2f; near 0 expected", name, s.score);

  f.n = 0;
  grid(&p, &f);
  s = score(scenario, &p, &f, "grid");
  must_fail(name, "a ruled grid", &e, &s, "spacing");

  /* The expert's work, evenly thinned: three dots in five (60 % of the plan, about where a
   * course stands between its first and second sessions: 30 % -> 70 % -> 100 %, smp.md), then
   * one in two. Unfinished: each fails, on density most, the half lower. (60 % passed every
   * case at 88-92 while a zone's level fell to 0 only at no density at all.) */
  f.n = 0;
  for (size_t i = 0; i < exp.n; i++)
    if (i % 5 < 3) push(&f, exp.d[i]);
  scored s60 = score(scenario, &p, &f, "three-in-five");
  must_fail(name, "three dots in five (60 %)", &e, &s60, "density");
  f.n = 0;
  for (size_t i = 0; i < exp.n; i += 2) push(&f, exp.d[i]);
  s = score(scenario, &p, &f, "one-in-two");
  must_fail(name, "one dot in two (50 %)", &e, &s, "density");
  if (!(s.score < s60.score)) fail_msg("%s: half the dots score %.2f, not below 60 %%'s %.2f", name, s.score, s60.score);

  double deep = 2.0, shallow = 0.3;
  edited(&p, &exp, &f, e_depth, &deep);
  s = score(scenario, &p, &f, "too-deep");
  must_fail(name, "too deep (2.0 mm)", &e, &s, "depth");
  edited(&p, &exp, &f, e_depth, &shallow);
  s = score(scenario, &p, &f, "too-shallow");
  must_fail(name, "too shallow (0.3 mm)", &e, &s, "depth");

  double a25 = 25, a60 = 60;
  edited(&p, &exp, &f, e_angle, &a25);
  scored g25 = score(scenario, &p, &f, "grain-25");
  show("grain 25 deg off", &g25);
  if (!(g25.score < e.score)) fail_msg("%s: grain 25 deg off scores %.2f, not below the expert", name, g25.score);
  own_falls_most(name, "grain 25 deg off", &e, &g25, "grain");
  edited(&p, &exp, &f, e_angle, &a60);
  s = score(scenario, &p, &f, "grain-60");
  must_fail(name, "grain 60 deg off", &e, &s, "grain");
  if (!(s.score < g25.score)) fail_msg("%s: grain 60 off (%.2f) not below 25 off (%.2f)", name, s.score, g25.score);

  /* The tutorial (00_tutorial.lua) is a field of 60 dots, 20 x 15 mm: too few dots and too
   * small an area for the layout's statistics to tell concentric rings, 15 mm patches of
   * rows or 2 cm patches from a random scatter (its rings score spacing 86), and it teaches
   * the controls, not the pattern. It meets every other fault; the layout cheats are left
   * to the real cases. */
  bool tutorial = strncmp(name, "00_", 3) == 0;
  if (tutorial) print_message("  the tutorial: too small for the layout cheats (rings, row patches, checkerboard, 2 cm patches)\n");
  cheats(scenario, name, &p, &exp, &e, !tutorial);

  scored lv[3];
  for (int level = 0; level < 3; level++) {
    skilled_work(&p, &exp, &f, level);
    lv[level] = score(scenario, &p, &f, level == 0 ? "skilled" : level == 1 ? "intermediate" : "novice");
    show(level == 0 ? "skilled" : level == 1 ? "intermediate" : "novice", &lv[level]);
  }
  if (!(lv[0].score > lv[1].score && lv[1].score > lv[2].score))
    fail_msg("%s: skills rank %.2f, %.2f, %.2f", name, lv[0].score, lv[1].score, lv[2].score);
  if (!lv[0].passed) fail_msg("%s: the skilled work fails (%.2f)", name, lv[0].score);
  if (lv[2].passed) fail_msg("%s: the novice's work passes (%.2f)", name, lv[2].score);

  for (int dir = -1; dir <= 1; dir += 2) {
    edited(&p, &exp, &f, e_ink, &dir);
    s = score(scenario, &p, &f, dir < 0 ? "ink-lighter" : "ink-darker");
    must_fail(name, dir < 0 ? "ink a step lighter" : "ink a step darker", &e, &s, "shade");
  }
  if (p.npigments > 1) {
    /* No other pigment of the kit scores above the planned one (a neighbour in colour, cool
     * dark grey for carbon black, may tie), and the one furthest off scores below the expert,
     * costs shade at least 5 points and lowers it most. On the dark
     * stubble of most cases the furthest (dark brown for carbon black) heals about 2 ΔE00
     * off: a named fault, not always a fail. */
    scored worst = e;
    for (int k = 0; k < p.npigments; k++) {
      edited(&p, &exp, &f, e_pigment, p.pigments[k]);
      if (f.n && strcmp(f.d[0].pigment, exp.d[0].pigment) == 0) continue;   /* the planned one */
      s = score(scenario, &p, &f, "pigment");
      if (s.score > e.score) fail_msg("%s: pigment %s scores %.2f, above the expert", name, p.pigments[k], s.score);
      if (s.crit[3] < worst.crit[3]) worst = s;
    }
    show("the furthest pigment", &worst);
    if (!(worst.score < e.score)) fail_msg("%s: the furthest pigment scores %.2f, not below the expert", name, worst.score);
    own_falls_most(name, "the furthest pigment", &e, &worst, "shade");
    if (!(e.crit[3] - worst.crit[3] >= 5))
      fail_msg("%s: the furthest pigment costs shade only %.1f", name, e.crit[3] - worst.crit[3]);
  }
  free(exp.d); free(f.d);
  free_plan(&p);
}

/* The cases are dealt round-robin into `shards` parts and this run judges part `shard`
 * (from the command line, "K/N"; default the whole set), so that CTest can judge the parts
 * side by side: the whole set takes about 40 s on one core. */
static int shard = 1, shards = 1;

static void every_case_judged_as_an_assessor_would(void **state) {
  (void)state;
  assert_true(nfiles >= 10);
  int judged = 0;
  for (int i = 0; i < nfiles; i++)
    if (i % shards == shard - 1) { judge_case(files[i]); judged++; }
  assert_true(judged >= nfiles / shards);
}

static int cmp(const void *a, const void *b) { return strcmp(a, b); }

static int setup(void **state) {
  (void)state;
  DIR *d = opendir(STP_SCENARIO_DIR);
  if (!d) return -1;
  struct dirent *e;
  while ((e = readdir(d)) && nfiles < MAX_FILES) {
    size_t n = strlen(e->d_name);
    if (n > 4 && strcmp(e->d_name + n - 4, ".lua") == 0)
      snprintf(files[nfiles++], sizeof files[0], "%s/%s", STP_SCENARIO_DIR, e->d_name);
  }
  closedir(d);
  qsort(files, (size_t)nfiles, sizeof files[0], cmp);
  return cli_setup();
}

static int teardown(void **state) { (void)state; (void)run; return cli_teardown(); }

int main(int argc, char **argv) {
  if (argc > 1 && (sscanf(argv[1], "%d/%d", &shard, &shards) != 2 || shards < 1 || shard < 1 || shard > shards)) {
    fprintf(stderr, "usage: %s [K/N]  (judge the K-th of N parts of the bundled cases)\n", argv[0]);
    return 2;
  }
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(every_case_judged_as_an_assessor_would),
  };
  return cmocka_run_group_tests(tests, setup, teardown);
}
