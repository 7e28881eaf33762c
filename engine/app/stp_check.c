/* stp_check.c - `stipple check`: load each scenario file and lint it (see stp_check.h). */
#include "stp_design.h"
#include "stp_check.h"
#include "stp_colour.h"
#include "stp_shade.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "stp_chart.h"
#include "stp_error.h"
#include "stp_file.h"
#include "stp_field.h"
#include "stp_heal.h"
#include "stp_pace.h"
#include "stp_pigment.h"
#include "stp_script.h"

#define EXIT_USAGE 2        /* as STP_EXIT_USAGE / STP_EXIT_INPUT in stp_app.h */
#define EXIT_INPUT 3

static void add(stp_check_report *r, stp_check_level level, int zone, const char *fmt, ...)
#if defined(__GNUC__)
  __attribute__((format(printf, 4, 5)))
#endif
  ;
static void add(stp_check_report *r, stp_check_level level, int zone, const char *fmt, ...) {
  if (level == STP_CHECK_ERROR) r->errors++;
  else r->warnings++;
  if (r->count >= STP_CHECK_MAX_ISSUES) return;
  stp_check_issue *it = &r->issues[r->count++];
  it->level = level;
  it->zone = zone;
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(it->msg, sizeof it->msg, fmt, ap);
  va_end(ap);
}

/* Sample points of a rectangle on a grid of about `step` mm, offset by an irrational
 * fraction so that points never fall exactly on the straight edges authors share. */
#define OFF 0.318309886

static void lint_overlap(const stp_scenario *s, stp_check_report *r) {
  for (int i = 0; i < s->zone_count; i++)
    for (int j = i + 1; j < s->zone_count; j++) {
      const stp_shape *a = &s->zones[i].shape, *b = &s->zones[j].shape;
      double ax0, ay0, ax1, ay1, bx0, by0, bx1, by1;
      stp_shape_bounds(a, &ax0, &ay0, &ax1, &ay1);
      stp_shape_bounds(b, &bx0, &by0, &bx1, &by1);
      double x0 = fmax(ax0, bx0), y0 = fmax(ay0, by0), x1 = fmin(ax1, bx1), y1 = fmin(ay1, by1);
      if (!(x1 > x0 && y1 > y0)) continue;
      double step = fmax(0.5, fmax(x1 - x0, y1 - y0) / 300.0);
      long both = 0;
      double fx = 0, fy = 0;
      for (double y = y0 + OFF * step; y < y1; y += step)
        for (double x = x0 + OFF * step; x < x1; x += step)
          if (stp_shape_contains(a, x, y) && stp_shape_contains(b, x, y)) {
            if (!both) { fx = x; fy = y; }
            both++;
          }
      double area = (double)both * step * step;
      if (area >= 1.0)
        add(r, STP_CHECK_ERROR, j,
            "zones '%s' and '%s' overlap (about %.0f mm2, e.g. at x %.1f, y %.1f); a point belongs to the "
            "first zone only, so the second's targets are hidden there",
            s->zones[i].id, s->zones[j].id, area, fx, fy);
    }
}

/* Hair regions that ask for more follicular units than the drawing makes: thinned. */
static void lint_hair(const stp_scenario *s, stp_check_report *r) {
  for (int k = 0; k < 2; k++) {
    double spread;
    size_t asked = stp_scenario_hair_units(s, k == 1, &spread);
    if (spread > 1.0)
      add(r, STP_CHECK_WARNING, -1,
          "the %s hair regions ask for about %zu follicular units over their bounds; at most %u are "
          "drawn, so the hair is drawn %.0f%% as dense as written (lower the density or shrink the regions)",
          k ? "long" : "short", asked, k ? (unsigned)STP_SCN_MAX_LONG_STRANDS : (unsigned)STP_SCN_MAX_HAIR_UNITS,
          100.0 / (spread * spread));
  }
}

static void lint_chart(const stp_scenario *s, stp_check_report *r) {
  for (int z = 0; z < s->zone_count; z++) {
    const stp_zone *zn = &s->zones[z];
    double x0, y0, x1, y1;
    stp_shape_bounds(&zn->shape, &x0, &y0, &x1, &y1);
    double step = fmax(0.25, fmax(x1 - x0, y1 - y0) / 200.0);
    long in = 0, off = 0;
    double fx = 0, fy = 0;
    for (double y = y0 + OFF * step; y < y1; y += step)
      for (double x = x0 + OFF * step; x < x1; x += step) {
        if (!stp_shape_contains(&zn->shape, x, y)) continue;
        if (stp_chart_contains(x, y)) in++;
        else {
          if (!off) { fx = x; fy = y; }
          off++;
        }
      }
    if (in + off == 0) {
      add(r, STP_CHECK_WARNING, z, "zone '%s' is so small that no sample point falls in it", zn->id);
      continue;
    }
    double frac = (double)off / (double)(in + off);
    if (frac > 0.05)
      add(r, STP_CHECK_ERROR, z, "zone '%s' lies %.0f%% off the scalp chart (e.g. at x %.1f, y %.1f)", zn->id,
          100 * frac, fx, fy);
    else if (off)
      add(r, STP_CHECK_WARNING, z, "zone '%s' is partly (%.1f%%) off the scalp chart (e.g. at x %.1f, y %.1f)",
          zn->id, 100 * frac, fx, fy);
  }
}

static bool ink_offered(const stp_scenario *s, double ink) {
  for (int i = 0; i < s->ink_count; i++)
    if (fabs(s->inks[i] - ink) < 0.005) return true;
  return false;
}

static void lint_targets(const stp_scenario *s, stp_check_report *r) {
  stp_field_ctx *ctx = malloc(sizeof *ctx);
  if (!ctx) {
    add(r, STP_CHECK_ERROR, -1, "out of memory while checking the targets");
    return;
  }
  stp_field_init(ctx, s);
  double finest = s->needles_mm[0];
  for (int i = 1; i < s->needle_count; i++) finest = fmin(finest, s->needles_mm[i]);
  double ink_lo = 1, ink_hi = 0;
  for (int i = 0; i < s->ink_count; i++) { ink_lo = fmin(ink_lo, s->inks[i]); ink_hi = fmax(ink_hi, s->inks[i]); }
  for (int z = 0; z < s->zone_count; z++) {
    const stp_zone *zn = &s->zones[z];
    if (zn->role == STP_ZONE_FORBIDDEN) continue;
    double x0, y0, x1, y1;
    stp_shape_bounds(&zn->shape, &x0, &y0, &x1, &y1);
    double step = fmax(0.25, fmax(x1 - x0, y1 - y0) / 60.0);
    double dmax = -1, dx = 0, dy = 0, depth_lo = 1e9, depth_hi = -1e9, ink_min = 1e9, ink_max = -1e9;
    double worst_ratio = 0, wx = 0, wy = 0, wreach = 0, wdens = 0;
    for (double y = y0 + OFF * step; y < y1; y += step)
      for (double x = x0 + OFF * step; x < x1; x += step) {
        if (!stp_shape_contains(&zn->shape, x, y)) continue;
        stp_targets t = stp_field_targets_in(ctx, z, x, y);
        if (t.density_per_cm2 > dmax) { dmax = t.density_per_cm2; dx = x; dy = y; }
        depth_lo = fmin(depth_lo, t.depth_mm);
        depth_hi = fmax(depth_hi, t.depth_mm);
        ink_min = fmin(ink_min, t.ink);
        ink_max = fmax(ink_max, t.ink);
        if (t.density_per_cm2 > 0) {
          stp_impression imp = {x, y, t.angle_deg, t.depth_mm, finest, t.ink, 1, 0, 0, (uint8_t)t.pigment, 0, 0, 0};
          stp_dot_look l = stp_pigment_look(&imp, s, false);
          double reach = s->rubric.merge_factor * (l.diameter_mm + l.softness_mm);
          double spacing = 10.0 / sqrt(t.density_per_cm2);
          if (reach / spacing > worst_ratio) {
            worst_ratio = reach / spacing;
            wx = x; wy = y; wreach = reach; wdens = t.density_per_cm2;
          }
        }
      }
    if (dmax < 0) continue;   /* no sample: reported by lint_chart */
    if (worst_ratio >= 1.0)
      add(r, STP_CHECK_ERROR, z,
          "zone '%s': a density of %.1f per cm2 (at x %.1f, y %.1f) puts dots %.2f mm apart, but even the "
          "finest needle (%.2f mm) at the target depth merges with anything closer than %.2f mm: unreachable",
          zn->id, wdens, wx, wy, 10.0 / sqrt(wdens), finest, wreach);
    else if (worst_ratio > 0.7)
      add(r, STP_CHECK_WARNING, z,
          "zone '%s': at %.1f per cm2 (x %.1f, y %.1f) dots sit %.2f mm apart and merge within %.2f mm: a "
          "natural random pattern will merge some; consider a lower density or a finer needle",
          zn->id, wdens, wx, wy, 10.0 / sqrt(wdens), wreach);
    (void)dx; (void)dy;
    double win_lo, win_hi;   /* the zone's own tissue window, or depth_window */
    stp_pigment_zone_window(s, z, &win_lo, &win_hi);
    if (depth_lo < win_lo - 1e-9 || depth_hi > win_hi + 1e-9)
      add(r, STP_CHECK_ERROR, z,
          "zone '%s': target depth %.2f..%.2f mm lies outside %s %.2f..%.2f mm, where pigment "
          "is lost or blows out",
          zn->id, depth_lo, depth_hi, zn->tissue.deep_mm > 0 ? "its tissue's depth window" : "depth_window",
          win_lo, win_hi);
    if (zn->ink_field.kind == STP_FIELD_CONST) {
      if (!ink_offered(s, zn->ink))
        add(r, STP_CHECK_ERROR, z, "zone '%s': target ink %.3g is not among tools.inks, so no trainee can use it",
            zn->id, zn->ink);
    } else if (ink_min < ink_lo - 0.005 || ink_max > ink_hi + 0.005) {
      add(r, STP_CHECK_ERROR, z, "zone '%s': target ink %.3g..%.3g goes beyond the inks offered (%.3g..%.3g)",
          zn->id, ink_min, ink_max, ink_lo, ink_hi);
    }
  }
  free(ctx);
}

/* Shade, when the rubric scores it: the zone's target must be reachable with the kit
 * (stp_shade_best within the shade tolerance), and a zone that sets its own ink or pigment
 * should reach it too. */
static void lint_shade(const stp_scenario *s, stp_check_report *r) {
  /* Only a case that scores shade: the bundled cases predate the palette until they do. */
  if (!s->rubric.items[STP_CRIT_SHADE].enabled) return;
  double tol = s->rubric.items[STP_CRIT_SHADE].tolerance;
  for (int z = 0; z < s->zone_count; z++) {
    const stp_zone *zn = &s->zones[z];
    if (zn->role == STP_ZONE_FORBIDDEN || zn->shade_source == STP_SHADE_PLAN) continue;
    float rgb[3];
    double lab[3], ink, planned;
    int pig;
    stp_shade_zone_target(s, z, rgb);
    stp_colour_lab(rgb, lab);
    double best = stp_shade_best(s, z, lab, -1, 0, &pig, &ink);
    const char *what = zn->shade_source == STP_SHADE_HAIR ? "the client's hair" : "its shade colour";
    if (best > tol) {
      add(r, STP_CHECK_WARNING, z,
          "zone '%s': no pigment and dilution in the kit heals to %s within the shade tolerance "
          "(best: %s at ink %.3g, ΔE00 %.1f > %.1f); add a pigment closer to it",
          zn->id, what, s->pigments[pig].id, ink, best, tol);
      continue;
    }
    if (zn->ink_auto && zn->pigment_auto) continue;
    planned = stp_shade_best(s, z, lab, zn->pigment, zn->ink, &pig, &ink);
    if (planned > tol)
      add(r, STP_CHECK_WARNING, z,
          "zone '%s': its planned %s at ink %.3g heals ΔE00 %.1f from %s (tolerance %.1f); "
          "the kit can do %.1f: drop the zone's ink/pigment or change them",
          zn->id, s->pigments[zn->pigment].id, zn->ink, planned, what, tol, best);
  }
}

static void lint_rubric(const stp_scenario *s, stp_check_report *r) {
  bool hairline = false, scar = false;
  for (int z = 0; z < s->zone_count; z++) {
    hairline |= s->zones[z].role == STP_ZONE_HAIRLINE;
    scar |= s->zones[z].role == STP_ZONE_SCAR;
  }
  (void)scar;
  const stp_rubric_item *h = &s->rubric.items[STP_CRIT_HAIRLINE];
  if (h->enabled && h->weight > 0 && !hairline)
    add(r, STP_CHECK_WARNING, -1,
        "the rubric counts 'hairline' but no zone has role = \"hairline\": there is no designed hairline to judge");
  double sum = 0;
  for (int i = 0; i < STP_CRIT_COUNT; i++)
    if (s->rubric.items[i].enabled) sum += s->rubric.items[i].weight;
  if (!(sum > 0)) add(r, STP_CHECK_ERROR, -1, "the rubric's weights add up to 0: nothing would be scored");
  bool work = false;
  for (int z = 0; z < s->zone_count; z++)
    if (stp_scenario_zone_worked(s, z) && s->zones[z].density_per_cm2 > 0) work = true;
  if (!work)
    add(r, STP_CHECK_ERROR, -1, "no zone asks for any impressions: every zone is forbidden, done or has density 0");
}

/* Sessions and touch-ups (docs/healing.md, docs/scenario-api.md "Sessions"): what the
 * sources say a course of sessions looks like, and plans the scorer would judge oddly. */
static void lint_time(const stp_scenario *s, stp_check_report *r) {
  if (!stp_scenario_timed(s)) return;
  if (s->sessions > 1 && s->healing.interval_days < 7)
    add(r, STP_CHECK_WARNING, -1,
        "sessions are %g days apart: the skin has not settled (day %g); the sources say at least 7 days",
        s->healing.interval_days, s->healing.settle_days);
  for (int z = 0; z < s->zone_count; z++) {
    const stp_zone *zn = &s->zones[z];
    int planned = 0;
    for (int k = 0; k < s->sessions; k++) planned += zn->plan[k].set;
    if (!planned) continue;
    for (int k = 0; k < s->sessions; k++) {
      const stp_session_plan *p = &zn->plan[k];
      if (!p->set) {
        add(r, STP_CHECK_WARNING, z,
            "zone '%s' has a plan for some sessions but not session %d, which is then judged against the final "
            "targets (100 %% of the density); give every session a plan",
            zn->id, k + 1);
        continue;
      }
      /* A later session lighter than an earlier one: SMP builds darker layer by layer. */
      for (int j = 0; j < k; j++) {
        const stp_session_plan *q = &zn->plan[j];
        double ink_j = q->ink > 0 ? q->ink : zn->ink, ink_k = p->ink > 0 ? p->ink : zn->ink;
        if (q->set && ink_k < ink_j - 1e-9) {
          add(r, STP_CHECK_WARNING, z,
              "zone '%s': session %d's ink (%.3g) is lighter than session %d's (%.3g); each session is usually "
              "darker than the one before",
              zn->id, k + 1, ink_k, j + 1, ink_j);
          break;
        }
      }
    }
    const stp_session_plan *first = &zn->plan[0], *last = &zn->plan[s->sessions - 1];
    if (s->sessions > 1 && first->set && first->density > 0.5)
      add(r, STP_CHECK_WARNING, z,
          "zone '%s': session 1 plans %.0f %% of the final density; a first session is light and sparse "
          "(about 30 %%, Liu et al. 2025)",
          zn->id, 100 * first->density);
    if (last->set && fabs(last->density - 1.0) > 0.1)
      add(r, STP_CHECK_WARNING, z,
          "zone '%s': the last session plans %.0f %% of the final density, but the healed whole is judged "
          "against 100 %%",
          zn->id, 100 * last->density);
  }
  if (s->history.set) {
    stp_work old;
    stp_error err;
    if (stp_heal_history(s, &old, &err) != STP_OK)
      add(r, STP_CHECK_ERROR, -1, "the history cannot be generated: %s", err.msg);
    else if (old.count == 0)
      add(r, STP_CHECK_WARNING, -1, "the history leaves no impression: there is nothing to touch up");
    stp_work_free(&old);
  }
}

/* A curriculum case: its file is named like the bundled ones, two digits and '_' (01_x.lua). */
static bool curriculum_named(const char *path) {
  const char *b = strrchr(path, '/');
  b = b ? b + 1 : path;
  return b[0] >= '0' && b[0] <= '9' && b[1] >= '0' && b[1] <= '9' && b[2] == '_';
}

/* The time a case asks at the realistic pace (stp_pace.h): over STP_PACE_MAX_MINUTES is
 * more than a practice sitting; under STP_PACE_MIN_MINUTES is too little for a case of the
 * curriculum (a file named like one; not a tutorial, which is short on purpose). */
static void lint_pace(const stp_scenario *s, stp_check_report *r) {
  stp_pace p;
  stp_error err;
  stp_error_clear(&err);
  if (stp_pace_expected(s, STP_PACE_PER_S, &p, &err) != STP_OK) {
    add(r, STP_CHECK_ERROR, -1, "the expected time cannot be worked out: %s", err.msg);
    return;
  }
  if (s->tutorial_count > 0) return;
  if (p.minutes > STP_PACE_MAX_MINUTES)
    add(r, STP_CHECK_WARNING, -1,
        "the case asks about %.0f impressions, %.1f minutes at %.1f a second: more than the %.0f minutes of a "
        "practice sitting; work a representative section",
        p.impressions, p.minutes, STP_PACE_PER_S, STP_PACE_MAX_MINUTES);
  else if (p.minutes < STP_PACE_MIN_MINUTES && curriculum_named(s->path))
    add(r, STP_CHECK_WARNING, -1,
        "the case asks about %.0f impressions, %.1f minutes at %.1f a second: less than the %.0f minutes a "
        "curriculum case should take",
        p.impressions, p.minutes, STP_PACE_PER_S, STP_PACE_MIN_MINUTES);
}

void stp_check_lint(const stp_scenario *scn, stp_check_report *r) {
  memset(r, 0, sizeof *r);
  /* A design case is linted with the zones the landmark rules' design cuts (stp_design_expert). */
  stp_scenario *owned = NULL;
  stp_work dw;
  stp_work_init(&dw);
  if (scn->design.enabled) stp_design_expert(&scn->head, &dw.design);
  const stp_scenario *s = stp_design_scenario(scn, &dw, &owned);
  if (!s) s = scn;
  lint_rubric(s, r);
  lint_chart(s, r);
  lint_overlap(s, r);
  lint_targets(s, r);
  lint_shade(s, r);
  lint_hair(s, r);
  lint_time(s, r);
  lint_pace(s, r);
  free(owned);
}

/* The line of the file where a zone's id first appears in quotes (0 if not found). */
static int zone_line(const char *path, const char *id) {
  char *text = NULL;
  size_t len = 0;
  if (stp_file_read(path, STP_FILE_MAX_SCENARIO, "the scenario", &text, &len, NULL) != STP_OK) return 0;
  char needle[80], line[4096];
  int n = 0, found = 0;
  snprintf(needle, sizeof needle, "\"%s\"", id);
  for (const char *cur = text, *end = text + len; !found && cur < end;) {
    const char *nl = memchr(cur, '\n', (size_t)(end - cur));
    size_t l = (size_t)((nl ? nl : end) - cur);
    snprintf(line, sizeof line, "%.*s", (int)(l < sizeof line - 1 ? l : sizeof line - 1), cur);
    cur = nl ? nl + 1 : end;
    n++;
    /* id = "name": the quoted id preceded by '=' and the word id */
    for (const char *p = strstr(line, needle); p; p = strstr(p + 1, needle)) {
      const char *q = p;
      while (q > line && (q[-1] == ' ' || q[-1] == '\t')) q--;
      if (q == line || q[-1] != '=') continue;
      q--;
      while (q > line && (q[-1] == ' ' || q[-1] == '\t')) q--;
      if (q - line >= 2 && q[-2] == 'i' && q[-1] == 'd' && (q - line == 2 || !(q[-3] == '_' || (q[-3] >= 'a' && q[-3] <= 'z')))) {
        found = n;
        break;
      }
    }
  }
  free(text);
  return found;
}

int stp_check_file(const char *path, FILE *out) {
  stp_scenario *s = malloc(sizeof *s);
  if (!s) {
    fprintf(out, "%s: error: out of memory\n", path);
    return 2;
  }
  stp_error err;
  stp_status st = stp_script_load_scenario(path, NULL, s, &err);
  if (st != STP_OK) {
    const char *file = err.file[0] ? err.file : path;
    if (err.line > 0) fprintf(out, "%s:%d: error: %s\n", file, err.line, err.msg);
    else fprintf(out, "%s: error: %s\n", file, err.msg);
    fprintf(out, "FAILED %s: it does not load\n", path);
    free(s);
    return 2;
  }
  stp_check_report *r = malloc(sizeof *r);
  if (!r) {
    fprintf(out, "%s: error: out of memory\n", path);
    free(s);
    return 2;
  }
  stp_check_lint(s, r);
  for (int i = 0; i < r->count; i++) {
    const stp_check_issue *it = &r->issues[i];
    int line = it->zone >= 0 ? zone_line(path, s->zones[it->zone].id) : 0;
    if (line > 0) fprintf(out, "%s:%d: %s: %s\n", path, line, it->level == STP_CHECK_ERROR ? "error" : "warning", it->msg);
    else fprintf(out, "%s: %s: %s\n", path, it->level == STP_CHECK_ERROR ? "error" : "warning", it->msg);
  }
  if (r->count < r->errors + r->warnings)
    fprintf(out, "%s: ... and %d more\n", path, r->errors + r->warnings - r->count);
  int rc = r->errors ? 2 : r->warnings ? 1 : 0;
  stp_pace pace;
  stp_error perr;
  if (stp_pace_expected(s, STP_PACE_PER_S, &pace, &perr) == STP_OK)
  {
    char old[96] = "";
    if (pace.already > 0) snprintf(old, sizeof old, " (%.0f planned, %.0f of them the old work's)", pace.planned, pace.already);
    fprintf(out, "%s: expected %.0f impressions%s, %.1f minutes at %.1f a second\n", path, pace.impressions, old,
            pace.minutes, STP_PACE_PER_S);
  }
  if (rc == 0) fprintf(out, "OK %s (%s: %d zones)\n", path, s->id, s->zone_count);
  else if (rc == 1) fprintf(out, "OK %s with %d warning%s\n", path, r->warnings, r->warnings == 1 ? "" : "s");
  else fprintf(out, "FAILED %s: %d error%s, %d warning%s\n", path, r->errors, r->errors == 1 ? "" : "s",
               r->warnings, r->warnings == 1 ? "" : "s");
  free(r);
  free(s);
  return rc;
}

int stp_cmd_check(int argc, char **argv) {
  bool strict = false;
  int files = 0, worst = 0;
  for (int i = 1; i < argc; i++) {
    if (strcmp(argv[i], "--strict") == 0) { strict = true; continue; }
    if (strcmp(argv[i], "--help") == 0) {
      printf("Usage: stipple check [--strict] FILE...\n"
             "  Validate scenario files: syntax, unknown keys, ranges, overlapping zones, zones off\n"
             "  the scalp, rubric weights, unreachable targets. Exit 0 only when every file is clean\n"
             "  (with --strict, warnings count as problems too).\n");
      return 0;
    }
    if (argv[i][0] == '-' && argv[i][1]) {
      fprintf(stderr, "stipple check: unknown option '%s' (try stipple check --help)\n", argv[i]);
      return EXIT_USAGE;
    }
  }
  for (int i = 1; i < argc; i++) {
    if (strcmp(argv[i], "--strict") == 0) continue;
    files++;
    int rc = stp_check_file(argv[i], stdout);
    if (rc > worst) worst = rc;
  }
  if (!files) {
    fprintf(stderr, "stipple check: no files (usage: stipple check [--strict] FILE...)\n");
    return EXIT_USAGE;
  }
  if (files > 1) printf("%d file%s checked\n", files, files == 1 ? "" : "s");
  return worst == 2 || (strict && worst == 1) ? EXIT_INPUT : 0;
}
