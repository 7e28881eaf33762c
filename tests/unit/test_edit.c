/* test_edit.c - the block `stipple edit` writes (engine/script/stp_script_edit.c): load ->
 * save -> load gives the same scenario, the hand-written text outside the block survives
 * byte for byte, moved landmarks move the shapes derived from them, and the overrides
 * (shapes, targets, rubric, new zones) apply as documented in docs/editor.md.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include "stp_test.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "stp_file.h"
#include "stp_geom.h"
#include "stp_script.h"
#include "stp_script_edit.h"

#define CASE STP_TEST_DATA "/scenarios/edit_case.lua"

static __attribute__((noinline)) char *read_case(size_t *len) {
  char *t = NULL;
  stp_error e;
  assert_int_equal(stp_file_read(CASE, STP_FILE_MAX_SCENARIO, "the case", &t, len, &e), STP_OK);
  return t;
}

static const stp_zone *zone(const stp_scenario *s, const char *id) {
  for (int i = 0; i < s->zone_count; i++)
    if (strcmp(s->zones[i].id, id) == 0) return &s->zones[i];
  fail_msg("no zone %s", id);
  return NULL;
}

static void load(const char *text, size_t len, stp_scenario *s, stp_edit_block *b) {
  stp_error e;
  stp_error_clear(&e);
  stp_status st = stp_script_load_scenario_edit("edit_case.lua", text, len, NULL, s, b, &e);
  if (st != STP_OK) fail_msg("load: %s (line %d)", e.msg, e.line);
}

static char *splice(const char *src, size_t n, const stp_edit_block *b, size_t *out_len) {
  char *blk, *out;
  size_t bl;
  stp_error e;
  assert_int_equal(stp_edit_block_text(b, &blk, &bl, &e), STP_OK);
  assert_int_equal(stp_edit_splice(src, n, blk, bl, &out, out_len, &e), STP_OK);
  free(blk);
  return out;
}

static void same_shape(const stp_shape *a, const stp_shape *b) {
  assert_int_equal(a->kind, b->kind);
  assert_int_equal(a->n, b->n);
  assert_int_equal(stp_shape_ring_count(a), stp_shape_ring_count(b));
  for (int i = 0; i < a->n; i++) {
    assert_true(a->pts[i].x == b->pts[i].x);
    assert_true(a->pts[i].y == b->pts[i].y);
  }
  assert_true(a->r == b->r && a->cx == b->cx && a->cy == b->cy && a->w == b->w && a->h == b->h);
}

/* Field by field: what the editor can change, and what the file sets. */
static void same_scenario(const stp_scenario *a, const stp_scenario *b) {
  assert_string_equal(a->id, b->id);
  assert_int_equal(a->zone_count, b->zone_count);
  for (int i = 0; i < a->zone_count; i++) {
    const stp_zone *x = &a->zones[i], *y = &b->zones[i];
    assert_string_equal(x->id, y->id);
    assert_string_equal(x->name, y->name);
    same_shape(&x->shape, &y->shape);
    assert_true(x->density_per_cm2 == y->density_per_cm2 && x->density_tolerance == y->density_tolerance);
    assert_true(x->angle_deg == y->angle_deg && x->ink == y->ink && x->depth_mm == y->depth_mm);
    assert_int_equal(x->role, y->role);
    assert_int_equal(x->density_field.kind, y->density_field.kind);
    assert_true(x->ink_auto == y->ink_auto && x->pigment_auto == y->pigment_auto);
  }
  for (int i = 0; i < STP_CRIT_COUNT; i++) {
    assert_true(a->rubric.items[i].enabled == b->rubric.items[i].enabled);
    assert_true(a->rubric.items[i].weight == b->rubric.items[i].weight);
  }
  assert_true(a->rubric.pass_mark == b->rubric.pass_mark);
  assert_true(a->head_set == b->head_set);
  for (int i = 0; i < STP_LM_COUNT; i++) {
    assert_true(a->head.lm[i].x == b->head.lm[i].x && a->head.lm[i].y == b->head.lm[i].y);
    assert_true(a->head.moved[i] == b->head.moved[i]);
  }
  assert_true(a->head.length_mm == b->head.length_mm && a->head.age == b->head.age);
}

/* The edit the tests make: the mid-frontal point 10 mm back, the crown joined with a disc,
 * a new zone with a hole, two targets and the rubric. */
static void make_edit(stp_edit_block *b) {
  stp_edit_block_clear(b);
  b->lm_set[STP_LM_MFP] = true;
  b->lm[STP_LM_MFP] = (stp_point){0, 90};
  stp_edit_zone *c = stp_edit_block_zone(b, "crown");
  stp_shape sq = stp_shape_rect(-30, 170, 60, 60), disc = stp_shape_circle(0, 240, 20);
  stp_error e;
  assert_int_equal(stp_geom_combine(STP_GEOM_UNION, &sq, &disc, &c->shape, &e), STP_OK);
  c->set |= STP_EDIT_SHAPE | STP_EDIT_DENSITY | STP_EDIT_INK;
  c->density = 32.5;
  c->ink = 0.4;
  stp_edit_zone *p = stp_edit_block_zone(b, "patch-2");
  stp_shape outer = stp_shape_rect(100, 250, 40, 40), hole = stp_shape_rect(110, 260, 20, 20);
  assert_int_equal(stp_geom_combine(STP_GEOM_DIFFERENCE, &outer, &hole, &p->shape, &e), STP_OK);
  p->set |= STP_EDIT_SHAPE | STP_EDIT_DENSITY | STP_EDIT_NAME;
  p->density = 25;
  snprintf(p->name, sizeof p->name, "A \"ring\" patch");
  b->weight_set[STP_CRIT_GRAIN] = true;
  b->weight[STP_CRIT_GRAIN] = 0.3;
  b->weight_set[STP_CRIT_SPACING] = true;
  b->weight[STP_CRIT_SPACING] = 0;
  b->pass_mark_set = true;
  b->pass_mark = 75;
}

static void round_trip(void **state) {
  (void)state;
  size_t n;
  char *src = read_case(&n);
  stp_scenario *s0 = malloc(sizeof *s0), *s1 = malloc(sizeof *s1), *s2 = malloc(sizeof *s2);
  stp_edit_block *b = malloc(sizeof *b), *b1 = malloc(sizeof *b1), *b2 = malloc(sizeof *b2);
  load(src, n, s0, b1);
  assert_true(stp_edit_block_empty(b1));
  /* The hairline zone's front is the line through the landmarks: at the mid-frontal point
   * (0, 80) on the standard head of 35, its highest point (the temple peaks 125, the
   * frontotemporal points 90). */
  double x0, y0, x1, y1;
  stp_shape_bounds(&zone(s0, "hairline")->shape, &x0, &y0, &x1, &y1);
  assert_float_equal(y0, 80, 1e-6);

  make_edit(b);
  size_t n1;
  char *t1 = splice(src, n, b, &n1);
  load(t1, n1, s1, b1);
  /* The landmark moved 10 mm back: the line's highest point is now 90 (the mid-frontal
   * point and the frontotemporal points both at 90), and the head holds it. */
  stp_shape_bounds(&zone(s1, "hairline")->shape, &x0, &y0, &x1, &y1);
  assert_float_equal(y0, 90, 1e-6);
  assert_true(s1->head.lm[STP_LM_MFP].x == 0 && s1->head.lm[STP_LM_MFP].y == 90);
  assert_true(s1->head.moved[STP_LM_MFP]);
  /* The crown: the 60 x 60 square and the part of the disc of r 20 at (0, 240) below its
   * edge y = 230: the disc less its cap of height 10 (r^2 acos(d/r) - d sqrt(r^2 - d^2),
   * d = 10), with GEOS's 96-gon for the disc (within 1.5 mm2). */
  const stp_zone *cr = zone(s1, "crown");
  double cap = 400 * acos(0.5) - 10 * sqrt(300.0);
  assert_float_equal(stp_shape_area_mm2(&cr->shape), 3600 + (3.14159265358979323846 * 400 - cap), 1.5);
  assert_true(stp_shape_contains(&cr->shape, 0, 255));
  assert_true(cr->density_per_cm2 == 32.5 && cr->ink == 0.4 && !cr->ink_auto);
  assert_float_equal(cr->density_tolerance, 0.15 * 30, 1e-12);   /* the file's (15 % of its 30), kept */
  /* The new zone: last, 40 x 40 less its 20 x 20 hole, the defaults of a zone in the file. */
  assert_int_equal(s1->zone_count, 3);
  const stp_zone *p = &s1->zones[2];
  assert_string_equal(p->id, "patch-2");
  assert_string_equal(p->name, "A \"ring\" patch");
  assert_float_equal(stp_shape_area_mm2(&p->shape), 1600 - 400, 1e-9);
  assert_true(stp_shape_contains(&p->shape, 105, 255) && !stp_shape_contains(&p->shape, 120, 270));
  assert_true(p->density_per_cm2 == 25 && p->angle_deg == 270 && p->ink == 0.5 && p->depth_mm == 1.0);
  assert_float_equal(p->density_tolerance, 0.15 * 25, 1e-12);
  /* The rubric: grain on at 0.3, spacing off, density as the file has it. */
  assert_true(s1->rubric.items[STP_CRIT_GRAIN].enabled && s1->rubric.items[STP_CRIT_GRAIN].weight == 0.3);
  assert_false(s1->rubric.items[STP_CRIT_SPACING].enabled);
  assert_true(s1->rubric.items[STP_CRIT_DENSITY].enabled && s1->rubric.items[STP_CRIT_DENSITY].weight == 0.6);
  assert_true(s1->rubric.pass_mark == 75);

  /* Save again from what was loaded: the same text, byte for byte, and the same scenario. */
  size_t n2;
  char *t2 = splice(t1, n1, b1, &n2);
  assert_int_equal(n2, n1);
  assert_memory_equal(t1, t2, n1);
  load(t2, n2, s2, b2);
  same_scenario(s1, s2);

  /* Outside the block, the file byte for byte: its leading comments, then the block and an
   * empty line, then the rest. */
  const char *first_code = strstr(src, "\nhead {") + 1;
  size_t lead = (size_t)(strchr(src, '\n') - src + 1);
  lead += (size_t)(strchr(src + lead, '\n') - (src + lead) + 1);
  lead += (size_t)(strchr(src + lead, '\n') - (src + lead) + 1);   /* the three comment lines */
  assert_memory_equal(t1, src, lead);
  assert_memory_equal(t1 + lead, STP_EDIT_BEGIN, strlen(STP_EDIT_BEGIN));
  const char *end = strstr(t1, STP_EDIT_END);
  assert_non_null(end);
  const char *after = strchr(end, '\n') + 1;
  assert_int_equal(*after, '\n');   /* the empty line the block brings */
  assert_string_equal(after + 1, src + lead);
  assert_true(strstr(t1, first_code) != NULL);
  /* An empty block takes the block (and its empty line) out again: the file as it was. */
  char *t3;
  size_t n3;
  stp_error e;
  assert_int_equal(stp_edit_splice(t1, n1, "", 0, &t3, &n3, &e), STP_OK);
  assert_int_equal(n3, n);
  assert_memory_equal(t3, src, n);
  free(t3);
  free(t1); free(t2); free(src);
  free(s0); free(s1); free(s2); free(b); free(b1); free(b2);
}

/* A head { } the file calls after the block keeps the editor's landmark. */
static void later_head_keeps_edit(void **state) {
  (void)state;
  const char *text =
      "stipple_edit { head = { mfp = {0, 95}, age = 62 } }\n"
      "head { age = 25, length = 205 }\n"
      "scenario { id = \"x\", title = \"x\", brief = \"x\",\n"
      "  zones = { { id = \"a\", shape = band({ landmark.ftp_left, landmark.mfp, landmark.ftp_right }, 10, 0), density = 30 } } }\n";
  stp_scenario *s = malloc(sizeof *s);
  stp_edit_block *b = malloc(sizeof *b);
  load(text, strlen(text), s, b);
  assert_true(s->head.lm[STP_LM_MFP].y == 95);
  assert_int_equal(s->head.age, 62);                 /* the editor's age over the file's */
  assert_float_equal(s->head.length_mm, 205, 0);     /* the file's length (the editor set none) */
  double x0, y0, x1, y1;
  stp_shape_bounds(&s->zones[0].shape, &x0, &y0, &x1, &y1);
  /* The frontotemporal points of a 62-year-old on a 205 mm head lie above 95 (the hairline
   * of 90 mm times 205/195, 94.6, plus their 10 mm drop), so the front is the landmark's. */
  assert_float_equal(y0, 95, 1e-6);
  free(s);
  free(b);
}

/* A design case (docs/scenario-api.md, "Hairline design exercise") names its zones by id:
 * the block's overrides keep design.zone and design.behind on those zones when a zone before
 * them is removed, cut the design from the editor's shape of the zone, and refuse to remove
 * a zone the design names. */
static void design_follows_edit(void **state) {
  (void)state;
  const char *tail =
      "scenario { id = \"x\", title = \"x\", brief = \"x\",\n"
      "  zones = { { id = \"a\", shape = circle { x = 0, y = 300, r = 20 }, density = 30 },\n"
      "            { id = \"hairline\", role = \"hairline\", shape = rect { x = -100, y = 60, w = 200, h = 60 }, density = 30 },\n"
      "            { id = \"top\", shape = rect { x = -100, y = 120, w = 200, h = 80 }, density = 30 } },\n"
      "  design = { zone = \"hairline\", behind = \"top\" } }\n";
  stp_scenario *s = malloc(sizeof *s);
  stp_edit_block *b = malloc(sizeof *b);
  stp_error e;
  char text[2048];
  snprintf(text, sizeof text, "stipple_edit { zones = { a = { remove = true } } }\n%s", tail);
  load(text, strlen(text), s, b);
  assert_int_equal(s->zone_count, 2);
  assert_string_equal(s->zones[s->design.zone].id, "hairline");
  assert_string_equal(s->zones[s->design.behind].id, "top");
  /* the area a design may use is the editor's shape of the zone, not the file's */
  snprintf(text, sizeof text,
           "stipple_edit { zones = { hairline = { shape = rect { x = -80, y = 70, w = 160, h = 40 } } } }\n%s", tail);
  load(text, strlen(text), s, b);
  double x0, y0, x1, y1;
  stp_shape_bounds(&s->design.clip[0], &x0, &y0, &x1, &y1);
  assert_float_equal(x0, -80, 0);
  assert_float_equal(y1, 110, 0);
  /* removing the design's zone is an error at the block's line, not a design cut from another zone */
  snprintf(text, sizeof text, "\nstipple_edit { zones = { top = { remove = true } } }\n%s", tail);
  assert_int_not_equal(stp_script_load_scenario_edit("t.lua", text, strlen(text), NULL, s, b, &e), STP_OK);
  assert_int_equal(e.line, 2);
  assert_non_null(strstr(e.msg, "design"));
  free(s);
  free(b);
}

/* rings = { } written by hand: whichever way each ring is walked, a ring inside another is a
 * hole (even-odd, as contains() fills it), so the area the targets count from agrees with
 * the shape: 100 x 100 less the 20 x 20 hole, both walked the same way. */
static void hand_rings_any_winding(void **state) {
  (void)state;
  const char *text =
      "stipple_edit { zones = { a = { rings = {\n"
      "  { {-50, 150}, {50, 150}, {50, 250}, {-50, 250} },\n"
      "  { {-10, 190}, {10, 190}, {10, 210}, {-10, 210} } } } } }\n"
      "scenario { id = \"x\", title = \"x\", brief = \"x\", zones = { { id = \"a\", "
      "shape = circle { x = 0, y = 190, r = 20 }, density = 30 } } }\n";
  stp_scenario *s = malloc(sizeof *s);
  stp_edit_block *b = malloc(sizeof *b);
  load(text, strlen(text), s, b);
  const stp_shape *sh = &zone(s, "a")->shape;
  assert_float_equal(stp_shape_area_mm2(sh), 10000 - 400, 1e-9);
  assert_true(stp_shape_ring_area(sh, 0) > 0 && stp_shape_ring_area(sh, 1) < 0);
  assert_false(stp_shape_contains(sh, 0, 200));
  assert_true(stp_shape_contains(sh, 30, 200));
  free(s);
  free(b);
}

static void bad_blocks(void **state) {
  (void)state;
  stp_scenario *s = malloc(sizeof *s);
  stp_edit_block *b = malloc(sizeof *b);
  stp_error e;
  const char *tail = "scenario { id = \"x\", title = \"x\", brief = \"x\", zones = { { id = \"a\", "
                     "shape = circle { x = 0, y = 190, r = 20 }, density = 30 } } }\n";
  char text[1024];
  snprintf(text, sizeof text, "\nstipple_edit { zones = { b = { density = 20 } } }\n%s", tail);
  assert_int_equal(stp_script_load_scenario_edit("t.lua", text, strlen(text), NULL, s, b, &e), STP_ERR_SCRIPT);
  assert_int_equal(e.line, 2);
  assert_non_null(strstr(e.msg, "new zone needs a shape and a density"));
  snprintf(text, sizeof text, "stipple_edit { zones = { a = { densty = 20 } } }\n%s", tail);
  assert_int_equal(stp_script_load_scenario_edit("t.lua", text, strlen(text), NULL, s, b, &e), STP_ERR_SCRIPT);
  assert_non_null(strstr(e.msg, "'densty'"));
  snprintf(text, sizeof text, "stipple_edit { zones = { a = { remove = true } } }\n%s", tail);
  assert_int_not_equal(stp_script_load_scenario_edit("t.lua", text, strlen(text), NULL, s, b, &e), STP_OK);
  assert_non_null(strstr(e.msg, "zone"));   /* the case's only zone removed: no zone left */
  /* A begin line without its end: the editor refuses to guess. */
  char *out;
  size_t on;
  const char *torn = "-- x\n" STP_EDIT_BEGIN "\nstipple_edit { }\nscenario { }\n";
  assert_int_equal(stp_edit_splice(torn, strlen(torn), "", 0, &out, &on, &e), STP_ERR_PARSE);
  /* No block and nothing to add: the file as it is. */
  assert_int_equal(stp_edit_splice(tail, strlen(tail), "", 0, &out, &on, &e), STP_OK);
  assert_string_equal(out, tail);
  free(out);
  free(s);
  free(b);
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(round_trip),
    cmocka_unit_test(later_head_keeps_edit),
    cmocka_unit_test(bad_blocks),
    cmocka_unit_test(hand_rings_any_winding),
    cmocka_unit_test(design_follows_edit),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
