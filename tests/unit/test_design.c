#define _POSIX_C_SOURCE 200809L
/* The hairline design exercise (stp_design): each landmark rule judged by hand-computed
 * figures, the zones cut from a design, and the design's lines in the work file.
 * Head: the standard one (195 mm, age 35): mid-frontal point (0, 80), frontotemporal points
 * (-+62, 90), temple peaks (-+92, 125); the band +-6 mm (stp_head.h, smp.md "hairline"). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include "stp_test.h"
#include <math.h>
#include <string.h>
#include <stdlib.h>
#include <stdio.h>
#include <unistd.h>

#include "stp_design.h"
#include "stp_game.h"
#include "stp_record.h"
#include "stp_geom.h"
#include "stp_work.h"

#define PI 3.14159265358979323846

static stp_head head35(void) {
  stp_head h;
  stp_head_standard(&h);
  return h;
}

static void temples_on_peaks(stp_design *d) {
  d->temples = true;
  d->temple_x[0] = -92; d->temple_y[0] = 125;
  d->temple_x[1] = 92;  d->temple_y[1] = 125;
}

/* A natural design drawn by hand: 33 points 3.875 mm apart from x = -62 to 62, on the
 * head's dome y = 80 + 10 (x / 62)^2 (the mid-frontal point, and the frontotemporal points
 * 10 mm behind it), with broad waves 2 cos(2 pi x / 30) (3 cm wide) and a fine zig-zag of
 * +-1.2 mm (up on even points: the middle point, 16, is up). Its middle: 80 + 2 + 1.2. */
static stp_design natural(void) {
  stp_design d;
  memset(&d, 0, sizeof d);
  d.n = 33;
  for (int i = 0; i < 33; i++) {
    double x = -62 + 124.0 * i / 32;
    d.x[i] = x;
    d.y[i] = 80 + 10 * (x / 62) * (x / 62) + 2 * cos(2 * PI * x / 30) + (i % 2 == 0 ? 1.2 : -1.2);
  }
  temples_on_peaks(&d);
  return d;
}

static void natural_design_scores_full(void **state) {
  (void)state;
  stp_head h = head35();
  stp_design d = natural();
  stp_design_result r;
  stp_design_judge(&h, &d, &r);
  assert_true(r.judged);
  assert_float_equal(r.mid_mm, 83.2, 1e-9);
  /* Fine: a +-1.2 triangle wave has RMS 1.2 / sqrt 3 = 0.69; the 2 mm smoothing keeps about
   * three quarters of a 7.75 mm zig-zag: about 0.5. Broad: 2 cos has RMS 1.41, the smoothing
   * keeps 92 % of a 30 mm wave and takes a quarter of the zig-zag: about 1.3. */
  assert_in_range((long)(r.micro_mm * 100), 30, 80);
  assert_in_range((long)(r.macro_mm * 100), 90, 170);
  for (int k = 0; k < STP_DR_COUNT; k++) assert_float_equal(r.rule[k], 100, 1e-9);
  assert_float_equal(r.score, 100, 1e-9);
  /* The expert's design (the landmark rules') scores full marks too, on any head. */
  stp_design e;
  stp_design_expert(&h, &e);
  stp_design_judge(&h, &e, &r);
  assert_float_equal(r.score, 100, 1e-9);
  stp_head big;
  stp_error err;
  assert_int_equal(stp_head_make(&big, 215, 62, 0, &err), STP_OK);
  stp_design_expert(&big, &e);
  stp_design_judge(&big, &e, &r);
  assert_float_equal(r.score, 100, 1e-9);
}

/* A ruled line from (-62, 80) to (62, 80), temple points on the peaks. Height: 80, on target
 * (100). Low: the natural line is at 90 at x = +-62, 10 mm behind: 4 mm past the band of 6,
 * 100 (12 - 4) / 12 = 66.7. Symmetric (100), temples right (100). No irregularity at all (0)
 * and one straight stretch of 124 mm, past the 36 mm zero (0). */
static void ruled_line_fails(void **state) {
  (void)state;
  stp_head h = head35();
  stp_design d;
  memset(&d, 0, sizeof d);
  d.n = 2;
  d.x[0] = -62; d.y[0] = 80; d.x[1] = 62; d.y[1] = 80;
  temples_on_peaks(&d);
  stp_design_result r;
  stp_design_judge(&h, &d, &r);
  assert_float_equal(r.rule[STP_DR_HEIGHT], 100, 1e-9);
  assert_float_equal(r.rule[STP_DR_LOW], 100.0 * 8 / 12, 1e-6);
  assert_float_equal(r.rule[STP_DR_SYMMETRY], 100, 1e-9);
  assert_float_equal(r.rule[STP_DR_TEMPLES], 100, 1e-9);
  assert_float_equal(r.rule[STP_DR_IRREGULAR], 0, 1e-6);
  assert_float_equal(r.straight_mm, 124, 1.0);
  assert_float_equal(r.rule[STP_DR_STRAIGHT], 0, 1e-9);
  assert_float_equal(r.score, 0, 1e-9);
}

/* The laziest design that could pass: the landmarks joined (ftp, mfp, ftp) with the temple
 * points on the peaks. Height, low (the chords lie behind the dome), symmetry and temples are
 * right; but each half is one straight stretch of hypot(62, 10) = 62.8 mm (0) and nothing
 * is irregular at the fine scale. The design scores 0 and fails the design's gate. */
static void laziest_design_fails(void **state) {
  (void)state;
  stp_head h = head35();
  stp_design d;
  memset(&d, 0, sizeof d);
  d.n = 3;
  d.x[0] = -62; d.y[0] = 90; d.x[1] = 0; d.y[1] = 80; d.x[2] = 62; d.y[2] = 90;
  temples_on_peaks(&d);
  stp_design_result r;
  stp_design_judge(&h, &d, &r);
  assert_float_equal(r.rule[STP_DR_HEIGHT], 100, 1e-9);
  assert_float_equal(r.rule[STP_DR_LOW], 100, 1e-9);
  assert_float_equal(r.rule[STP_DR_TEMPLES], 100, 1e-9);
  assert_float_equal(r.straight_mm, 62.8, 2.0);   /* 1 mm samples: a sample or two past the shallow corner stay within 0.3 mm */
  assert_float_equal(r.rule[STP_DR_STRAIGHT], 0, 1e-9);
  assert_true(r.micro_mm < 0.1);
  assert_true(r.rule[STP_DR_IRREGULAR] < 34);
  assert_float_equal(r.score, 0, 1e-9);
  /* Tracing the natural dome smoothly, every 2 mm, is no better: nothing irregular. */
  memset(&d, 0, sizeof d);
  d.n = 63;
  for (int i = 0; i < 63; i++) { d.x[i] = -62 + 2 * i; d.y[i] = stp_head_hairline_y(&h, d.x[i]); }
  temples_on_peaks(&d);
  stp_design_judge(&h, &d, &r);
  assert_true(r.rule[STP_DR_IRREGULAR] < 1);   /* the dome is a parabola: the fit leaves only rounding */
  assert_true(r.score < 50);
}

/* The natural design 20 mm lower: its middle at 63.2, 16.8 mm below 80, 10.8 past the band:
 * height 100 (12 - 10.8) / 12 = 10. Everything 20 mm in front of the dome: low 0. The shape
 * is the same: symmetry, irregularity and straightness stay full; so do the temple points. */
static void too_low_fails_height(void **state) {
  (void)state;
  stp_head h = head35();
  stp_design d = natural();
  for (int i = 0; i < d.n; i++) d.y[i] -= 20;
  stp_design_result r;
  stp_design_judge(&h, &d, &r);
  assert_float_equal(r.mid_mm, 63.2, 1e-9);
  assert_float_equal(r.rule[STP_DR_HEIGHT], 10, 1e-6);
  assert_float_equal(r.rule[STP_DR_LOW], 0, 1e-9);
  assert_float_equal(r.rule[STP_DR_SYMMETRY], 100, 1e-9);
  assert_float_equal(r.rule[STP_DR_TEMPLES], 100, 1e-9);
  assert_float_equal(r.rule[STP_DR_IRREGULAR], 100, 1e-9);
  assert_float_equal(r.rule[STP_DR_STRAIGHT], 100, 1e-9);
  /* 20 mm higher instead: the height fails, but nothing is too low. */
  d = natural();
  for (int i = 0; i < d.n; i++) d.y[i] += 20;
  stp_design_judge(&h, &d, &r);
  assert_float_equal(r.rule[STP_DR_HEIGHT], 0, 1e-9);   /* 103.2: 23.2 off, 17.2 past the band, past 12 */
  assert_float_equal(r.rule[STP_DR_LOW], 100, 1e-9);
}

/* Lopsided: the right half raised by 10 (x / 62) mm. The ends then differ by 10 mm in
 * height (x mirrored exactly): asymmetry 10, symmetry 100 (12 - 10) / 9 = 22.2. The middle
 * is unchanged (height 100) and nothing moved forward (low 100). */
static void lopsided_fails_symmetry(void **state) {
  (void)state;
  stp_head h = head35();
  stp_design d = natural();
  for (int i = 0; i < d.n; i++)
    if (d.x[i] > 0) d.y[i] += 10 * d.x[i] / 62;
  stp_design_result r;
  stp_design_judge(&h, &d, &r);
  assert_float_equal(r.asymmetry_mm, 10, 1e-6);
  assert_float_equal(r.rule[STP_DR_SYMMETRY], 100.0 * 2 / 9, 1e-6);
  assert_float_equal(r.rule[STP_DR_HEIGHT], 100, 1e-9);
  assert_float_equal(r.rule[STP_DR_LOW], 100, 1e-9);
  for (int k = 0; k < STP_DR_COUNT; k++)
    if (k != STP_DR_SYMMETRY) assert_true(r.rule[k] > r.rule[STP_DR_SYMMETRY] + 50);
  assert_int_equal(r.weakest, STP_DR_SYMMETRY);
}

/* Temple points at (-+62, 92): on the frontotemporal corners, filling the angle (not 5 mm
 * behind the corner's 90): temples 0; the rest of the natural design stays full. Then
 * (-+100, 135), 12.8 mm from the peaks: 100 (25 - 12.8) / 17 = 71.6. */
static void temples_judged(void **state) {
  (void)state;
  stp_head h = head35();
  stp_design d = natural();
  d.temple_x[0] = -62; d.temple_y[0] = 92; d.temple_x[1] = 62; d.temple_y[1] = 92;
  stp_design_result r;
  stp_design_judge(&h, &d, &r);
  assert_float_equal(r.rule[STP_DR_TEMPLES], 0, 1e-9);
  assert_int_equal(r.weakest, STP_DR_TEMPLES);
  for (int k = 0; k < STP_DR_COUNT; k++)
    if (k != STP_DR_TEMPLES) assert_float_equal(r.rule[k], 100, 1e-9);
  d.temple_x[0] = -100; d.temple_y[0] = 135; d.temple_x[1] = 100; d.temple_y[1] = 135;
  stp_design_judge(&h, &d, &r);
  double dist = hypot(8, 10);
  assert_float_equal(r.temple_mm[0], dist, 1e-9);
  assert_float_equal(r.rule[STP_DR_TEMPLES], 100 * (25 - dist) / 17, 1e-6);
  /* No temple points: 0, and said. */
  d.temples = false;
  stp_design_judge(&h, &d, &r);
  assert_float_equal(r.rule[STP_DR_TEMPLES], 0, 1e-9);
}

/* Attack (issue 9): the height was judged on the midline only, so a line through the
 * mid-frontal point whose sides run far back (a deep U: the recessions left bare, the
 * corners nowhere near the frontotemporal points) scored 100 on every rule. The natural
 * design plus 25 (x / 62)^2: the middle (u = 0) and the shape's fit are unchanged (the
 * quartic absorbs the u^2), the ends reach x = +-62, nothing comes forward. Its ends sit
 * 25 + 2 cos(2 pi 62 / 30) + 1.2 (broad wave, up-zig of the even end points) = 28.03 mm
 * behind the natural corner at (+-62, 90), the most anywhere (at x = +-58.1 it is
 * 25 x 0.879 + 1.85 - 1.2 = 22.6). Height: 100 (30 - 28.03) / 15 = 13.2, the weakest rule. */
static void receded_corners_fail_height(void **state) {
  (void)state;
  stp_head h = head35();
  stp_design d = natural();
  for (int i = 0; i < d.n; i++) d.y[i] += 25 * (d.x[i] / 62) * (d.x[i] / 62);
  stp_design_result r;
  stp_design_judge(&h, &d, &r);
  double behind = 25 + 2 * cos(2 * PI * 62 / 30) + 1.2;
  assert_float_equal(r.mid_mm, 83.2, 1e-9);
  assert_float_equal(r.behind_mm, behind, 1e-6);
  assert_float_equal(r.rule[STP_DR_HEIGHT], 100 * (30 - behind) / 15, 1e-4);
  assert_float_equal(r.rule[STP_DR_LOW], 100, 1e-9);
  assert_float_equal(r.rule[STP_DR_SYMMETRY], 100, 1e-9);
  assert_float_equal(r.rule[STP_DR_TEMPLES], 100, 1e-9);
  assert_float_equal(r.rule[STP_DR_STRAIGHT], 100, 1e-9);
  assert_int_equal(r.weakest, STP_DR_HEIGHT);
  assert_true(r.score < 50);   /* fails the design gate */
  /* The natural design itself lies at most 2 + 1.2 (+ the rounding of the dome) behind. */
  d = natural();
  stp_design_judge(&h, &d, &r);
  assert_true(r.behind_mm < 3.3);
  assert_float_equal(r.rule[STP_DR_HEIGHT], 100, 1e-9);
}

/* The zone cut from a design: band(line, 25, 0) within the declared shape. A flat line at
 * y = 80 from x = -50 to 50 (no temple points) over a declared 200 x 100 rectangle from
 * y = 50: the band is the 100 x 25 rectangle behind the line, 2500 mm2, wholly inside. */
static void apply_cuts_the_zone(void **state) {
  (void)state;
  stp_scenario *s = calloc(1, sizeof *s);
  assert_non_null(s);
  stp_scenario_defaults(s);
  s->zone_count = 1;
  s->zones[0].shape = stp_shape_rect(-100, 50, 200, 100);
  s->design.enabled = true;
  s->design.zone = 0;
  s->design.behind = -1;
  s->design.depth_mm = 25;
  stp_design_spec_capture(s);
  stp_design d;
  memset(&d, 0, sizeof d);
  d.n = 2;
  d.x[0] = 50; d.y[0] = 80; d.x[1] = -50; d.y[1] = 80;   /* drawn right to left: walked left to right */
  stp_error e;
  assert_int_equal(stp_design_apply(s, &d, &e), STP_OK);
  assert_float_equal(stp_shape_area_mm2(&s->zones[0].shape), 2500, 1e-6);
  assert_true(stp_shape_contains(&s->zones[0].shape, 0, 90));
  assert_false(stp_shape_contains(&s->zones[0].shape, 0, 75));
  /* Again with another design: cut from the declared shape, not from the last cut. */
  d.y[0] = d.y[1] = 60;
  assert_int_equal(stp_design_apply(s, &d, &e), STP_OK);
  assert_float_equal(stp_shape_area_mm2(&s->zones[0].shape), 2500, 1e-6);
  assert_true(stp_shape_contains(&s->zones[0].shape, 0, 70));
  /* A design on the forehead, outside the declared shape: an error, the zone as it was. */
  d.y[0] = d.y[1] = 10;
  assert_int_equal(stp_design_apply(s, &d, &e), STP_ERR_RANGE);
  assert_true(stp_shape_contains(&s->zones[0].shape, 0, 70));
  free(s);
}

/* The design in the work file: "# design" lines before the header, read back exactly. */
static void work_file_keeps_the_design(void **state) {
  (void)state;
  const char *text = "# design line -62 90 0 80.004 62 90\n"
                     "# design temples -92 125 92 125.5\n"
                     "x_mm,y_mm,angle_deg,depth_mm,needle_mm,ink,session,t_ms\n"
                     "0.00,90.00,270.00,0.900,0.250,0.750,1,0\n";
  stp_work w;
  stp_error e;
  assert_int_equal(stp_work_parse(&w, text, strlen(text), "w.csv", &e), STP_OK);
  assert_int_equal(w.count, 1);
  assert_int_equal(w.design.n, 3);
  assert_float_equal(w.design.y[1], 80.004, 1e-12);
  assert_true(w.design.temples);
  assert_float_equal(w.design.temple_y[1], 125.5, 1e-12);
  char *out;
  size_t len;
  assert_int_equal(stp_work_to_text(&w, &out, &len, &e), STP_OK);
  assert_string_equal(out, "# design line -62.00 90.00 0.00 80.00 62.00 90.00\n"
                           "# design temples -92.00 125.00 92.00 125.50\n"
                           "x_mm,y_mm,angle_deg,depth_mm,needle_mm,ink,session,t_ms\n"
                           "0.00,90.00,270.00,0.900,0.250,0.750,1,0\n");
  free(out);
  stp_work_free(&w);
  /* Without design lines a work reads and writes as it always did. */
  const char *plain = "x_mm,y_mm,angle_deg,depth_mm,needle_mm,ink,session,t_ms\n";
  assert_int_equal(stp_work_parse(&w, plain, strlen(plain), "w.csv", &e), STP_OK);
  assert_int_equal(w.design.n, 0);
  assert_int_equal(stp_work_to_text(&w, &out, &len, &e), STP_OK);
  assert_string_equal(out, plain);
  free(out);
  stp_work_free(&w);
  /* Malformed design lines fail the load with their line. */
  static const char *const bad[] = {
    "# design line 1 2 3\nx_mm,y_mm,angle_deg,depth_mm,needle_mm,ink,session,t_ms\n",       /* odd count */
    "# design line 1 2\nx_mm,y_mm,angle_deg,depth_mm,needle_mm,ink,session,t_ms\n",         /* one point */
    "# design temples 1 2 3 4\nx_mm,y_mm,angle_deg,depth_mm,needle_mm,ink,session,t_ms\n",  /* no line */
    "# design line 1 2 3 nan\nx_mm,y_mm,angle_deg,depth_mm,needle_mm,ink,session,t_ms\n",
    "# design line 1 2 3 4\n# design line 1 2 3 4\nx_mm,y_mm,angle_deg,depth_mm,needle_mm,ink,session,t_ms\n",
    "# design curve 1 2 3 4\nx_mm,y_mm,angle_deg,depth_mm,needle_mm,ink,session,t_ms\n",
    "# design line 1 2 3 4000\nx_mm,y_mm,angle_deg,depth_mm,needle_mm,ink,session,t_ms\n",
  };
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
    assert_int_equal(stp_work_parse(&w, bad[i], strlen(bad[i]), "w.csv", &e), STP_ERR_PARSE);
    assert_int_equal(w.design.n, 0);
  }
}

/* A design case for the game: the declared hairline zone a 200 x 100 rectangle from y = 50,
 * the design's band 25 mm deep (a flat design 120 mm wide cuts 120 x 25 = 3000 mm2). */
static stp_scenario *design_case(void) {
  stp_scenario *s = calloc(1, sizeof *s);
  assert_non_null(s);
  stp_scenario_defaults(s);
  s->zone_count = 1;
  snprintf(s->zones[0].id, sizeof s->zones[0].id, "hairline");
  s->zones[0].shape = stp_shape_rect(-100, 50, 200, 100);
  s->zones[0].density_per_cm2 = 20;
  s->design.enabled = true;
  s->design.zone = 0;
  s->design.behind = -1;
  s->design.depth_mm = 25;
  stp_design_spec_capture(s);
  return s;
}

static stp_design flat_design(double y) {
  stp_design d;
  memset(&d, 0, sizeof d);
  d.n = 3;
  d.x[0] = -50; d.y[0] = y; d.x[1] = 0; d.y[1] = y - 0.004; d.x[2] = 50; d.y[2] = y;
  d.temples = true;
  d.temple_x[0] = -60; d.temple_y[0] = y;   /* in line: the full line runs flat from -60 to 60 */
  d.temple_x[1] = 60;  d.temple_y[1] = y;
  return d;
}

/* The game takes a design (the consultation's Done), cuts its zone, saves it with the work,
 * and a game opened on that work plays on the same zones (as `stipple score` judges it). */
static void game_keeps_the_design(void **state) {
  (void)state;
  stp_scenario *s = design_case();
  char path[] = "/tmp/stp_design_game_XXXXXX";
  int fd = mkstemp(path);
  assert_true(fd >= 0);
  close(fd);
  unlink(path);
  stp_game *g = calloc(1, sizeof *g);
  assert_non_null(g);
  stp_error e;
  assert_int_equal(stp_game_init(g, s, path, 0, &e), STP_OK);
  assert_true(stp_game_needs_design(g));
  assert_true(stp_game_can_design(g));
  /* No line, or no temple points: refused, nothing changes. */
  stp_design d = flat_design(80);
  d.temples = false;
  assert_int_equal(stp_game_set_design(g, &d, &e), STP_ERR_RANGE);
  d = flat_design(-100);   /* far down the forehead: misses the area */
  assert_int_equal(stp_game_set_design(g, &d, &e), STP_ERR_RANGE);
  assert_true(stp_game_needs_design(g));
  assert_true(stp_shape_contains(&g->scn.zones[0].shape, 0, 140));
  d = flat_design(80);
  assert_int_equal(stp_game_set_design(g, &d, &e), STP_OK);
  assert_false(stp_game_needs_design(g));
  assert_float_equal(g->work.design.y[1], 80.0, 1e-12);   /* quantised to 0.01 mm */
  assert_true(stp_shape_contains(&g->scn.zones[0].shape, 0, 90));
  assert_false(stp_shape_contains(&g->scn.zones[0].shape, 0, 140));   /* behind the band */
  assert_float_equal(stp_shape_area_mm2(&g->scn.zones[0].shape), 3000, 1e-6);
  assert_int_equal(stp_game_place(g, 0, 90, 0.5, NAN, 10, &e), STP_OK);
  assert_int_equal(g->zone_counts[0], 1);
  /* Once pigmenting began the design is fixed. */
  assert_false(stp_game_can_design(g));
  assert_int_equal(stp_game_set_design(g, &d, &e), STP_ERR_USAGE);
  assert_int_equal(stp_game_autosave(g, 20, true), STP_OK);
  stp_game_free(g);
  /* Reopened: the design is read back and its zone cut before anything is counted. */
  assert_int_equal(stp_game_init(g, s, path, 0, &e), STP_OK);
  assert_int_equal(g->work.design.n, 3);
  assert_false(stp_game_needs_design(g));
  assert_float_equal(stp_shape_area_mm2(&g->scn.zones[0].shape), 3000, 1e-6);
  assert_false(stp_shape_contains(&g->scn.zones[0].shape, 0, 140));
  assert_int_equal(g->zone_counts[0], 1);
  stp_game_free(g);
  unlink(path);
  free(g);
  free(s);
}

/* The input record keeps the design: design-point lines and design-done, written by
 * stp_game_apply and rebuilt into the same work; a record without them reads as before. */
static void record_keeps_the_design(void **state) {
  (void)state;
  stp_scenario *s = design_case();
  stp_design d = flat_design(80);
  char text[4096];
  size_t n = (size_t)snprintf(text, sizeof text, "%s\n", STP_RECORD_MAGIC);
  stp_record_event ev[8];
  int k = 0;
  for (int i = 0; i < d.n; i++)
    ev[k++] = (stp_record_event){.t_ms = 5, .kind = STP_REC_DESIGN_POINT, .a = {d.x[i], d.y[i]}};
  ev[k++] = (stp_record_event){.t_ms = 5, .kind = STP_REC_DESIGN_DONE,
                               .a = {d.temple_x[0], d.temple_y[0], d.temple_x[1], d.temple_y[1]}};
  ev[k++] = (stp_record_event){.t_ms = 9, .kind = STP_REC_PLACE, .a = {0, 90, 0.5, NAN, 0}};
  for (int i = 0; i < k; i++) n += stp_record_format(&ev[i], text + n, sizeof text - n);
  assert_string_equal(strstr(text, "5 design-point"), "5 design-point -50 80\n5 design-point 0 79.996\n5 design-point 50 80\n"
                                                        "5 design-done -60 80 60 80\n9 place 0 90 0.5 nan 0\n");
  stp_record r;
  stp_error e;
  assert_int_equal(stp_record_parse(&r, text, n, "r.txt", &e), STP_OK);
  assert_int_equal(r.count, 5);
  assert_true(stp_record_is_game_event(STP_REC_DESIGN_POINT) && stp_record_is_game_event(STP_REC_DESIGN_DONE));
  stp_game *g = calloc(1, sizeof *g);
  assert_non_null(g);
  size_t applied = 0;
  assert_int_equal(stp_game_rebuild(g, s, &r, false, INT64_MAX, &applied, &e), STP_OK);
  assert_int_equal(applied, 5);
  assert_int_equal(g->work.design.n, 3);
  assert_true(g->work.design.temples);
  assert_float_equal(g->work.design.temple_y[1], 80, 1e-12);
  assert_int_equal(g->work.count, 1);
  assert_int_equal(g->zone_counts[0], 1);
  assert_float_equal(stp_shape_area_mm2(&g->scn.zones[0].shape), 3000, 1e-6);
  stp_game_free(g);
  stp_record_free(&r);
  /* A design-done with no line before it is refused (and rebuilt as refused). */
  const char *lone = STP_RECORD_MAGIC "\n3 design-done -90 120 90 120\n";
  assert_int_equal(stp_record_parse(&r, lone, strlen(lone), "r.txt", &e), STP_OK);
  assert_int_equal(stp_game_rebuild(g, s, &r, false, INT64_MAX, NULL, &e), STP_OK);
  assert_int_equal(g->work.design.n, 0);
  stp_game_free(g);
  stp_record_free(&r);
  /* Out of range, or a number missing: not a record. */
  const char *bad1 = STP_RECORD_MAGIC "\n3 design-point 1e7 0\n", *bad2 = STP_RECORD_MAGIC "\n3 design-done 1 2 3\n";
  assert_int_equal(stp_record_parse(&r, bad1, strlen(bad1), "r.txt", &e), STP_ERR_PARSE);
  assert_int_equal(stp_record_parse(&r, bad2, strlen(bad2), "r.txt", &e), STP_ERR_PARSE);
  free(g);
  free(s);
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(natural_design_scores_full), cmocka_unit_test(ruled_line_fails),
    cmocka_unit_test(laziest_design_fails),       cmocka_unit_test(too_low_fails_height),
    cmocka_unit_test(lopsided_fails_symmetry),    cmocka_unit_test(temples_judged),
    cmocka_unit_test(apply_cuts_the_zone),        cmocka_unit_test(work_file_keeps_the_design),
    cmocka_unit_test(receded_corners_fail_height),
    cmocka_unit_test(game_keeps_the_design),      cmocka_unit_test(record_keeps_the_design),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
