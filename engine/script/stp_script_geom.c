/* stp_script_geom.c - shape algebra and the client's head for scenario files.
 *
 *   union(a, b, ...)       the shapes together
 *   minus(a, b, ...)       a without b (and without the rest)
 *   intersect(a, b, ...)   where they all overlap
 *   offset(shape, mm)      grown (mm > 0) or shrunk (mm < 0), round corners
 *   band(edge, inside, outside)
 *                          a band along a shape's outline, or along an open line given as
 *                          a list of points { {x, y}, ... } (inside: to the right walking it,
 *                          as seen on screen)
 *   move(shape, dx, dy)    moved; turn(shape, degrees[, {x, y}]) turned about the point (its
 *                          bounds' centre by default); mirror(shape) across the midline
 *   head { length = 195, age = 35, hairline = mm, <landmark> = {x, y}, ... }
 *                          the client's head; returns its landmarks and makes them `landmark`
 *   landmark               the current head's landmarks: landmark.mfp, landmark.ftp_left, ...
 *
 * The geometry is the core's (stp_geom.c, GEOS); this file only reads arguments, charges
 * the work to the script's budget and raises errors at the calling line. Documented in
 * docs/scenario-api.md ("Shape algebra", "Landmarks").
 */
#include <math.h>
#include <string.h>

#include "stp_geom.h"
#include "stp_head.h"
#include "stp_script_internal.h"

#define OFFSET_MAX_MM 200.0
#define BAND_MAX_MM 200.0

static const stp_shape *shape_arg(lua_State *L, int i, const char *fn) {
  const stp_shape *sh = luaL_testudata(L, i, STP_SCRIPT_SHAPE_MT);
  if (!sh)
    stp_script_raise(L, STP_ERR_SCRIPT, "%s: argument %d must be a shape (rect, circle, ellipse, polygon or a "
                     "shape made by union, minus, band...), got %s", fn, i, luaL_typename(L, i));
  return sh;
}

/* Work charged for an operation on shapes of these sizes: GEOS's overlay is about n log n. */
static void charge(lua_State *L, const stp_shape *a, const stp_shape *b) {
  unsigned long long n = (unsigned long long)(a->kind == STP_SHAPE_POLYGON ? a->n : 96) +
                         (unsigned long long)(b ? (b->kind == STP_SHAPE_POLYGON ? b->n : 96) : 0);
  stp_script_charge(L, 200 + n * 40, "shape algebra");
}

static int push_result(lua_State *L, stp_status st, const stp_error *err, const stp_shape *out) {
  if (st != STP_OK) stp_script_raise(L, st == STP_ERR_NOMEM ? STP_ERR_SCRIPT : STP_ERR_RANGE, "%s", err->msg);
  return stp_script_push_shape(L, out);
}

static int combine(lua_State *L, stp_geom_op op, const char *fn) {
  int n = lua_gettop(L);
  if (n < 2) stp_script_raise(L, STP_ERR_SCRIPT, "%s needs two shapes or more: %s(a, b, ...)", fn, fn);
  stp_shape *acc = lua_newuserdatauv(L, sizeof *acc, 0);   /* scratch, collected with the state */
  stp_shape *tmp = lua_newuserdatauv(L, sizeof *tmp, 0);
  memcpy(acc, shape_arg(L, 1, fn), sizeof *acc);
  for (int i = 2; i <= n; i++) {
    const stp_shape *b = shape_arg(L, i, fn);
    charge(L, acc, b);
    stp_error err;
    stp_error_clear(&err);
    /* a minus (b, c, ...) = a minus b minus c; the others fold the same way. */
    stp_status st = stp_geom_combine(op, acc, b, tmp, &err);
    if (st != STP_OK) {
      if (n > 2) stp_script_raise(L, STP_ERR_RANGE, "%s (at shape %d): %s", fn, i, err.msg);
      stp_script_raise(L, STP_ERR_RANGE, "%s", err.msg);
    }
    memcpy(acc, tmp, sizeof *acc);
  }
  return stp_script_push_shape(L, acc);
}

static int l_union(lua_State *L) { return combine(L, STP_GEOM_UNION, "union"); }
static int l_minus(lua_State *L) { return combine(L, STP_GEOM_DIFFERENCE, "minus"); }
static int l_intersect(lua_State *L) { return combine(L, STP_GEOM_INTERSECTION, "intersect"); }

static double mm_arg(lua_State *L, int i, const char *fn, const char *what, double lo, double hi) {
  if (lua_type(L, i) != LUA_TNUMBER)
    stp_script_raise(L, STP_ERR_SCRIPT, "%s: %s must be a number of mm (got %s)", fn, what, luaL_typename(L, i));
  double v = (double)lua_tonumber(L, i);
  if (!(v >= lo && v <= hi))
    stp_script_raise(L, STP_ERR_RANGE, "%s: %s is %g; it must be from %g to %g mm", fn, what, v, lo, hi);
  return v;
}

static int l_offset(lua_State *L) {
  if (lua_gettop(L) != 2) stp_script_raise(L, STP_ERR_SCRIPT, "offset takes a shape and a distance: offset(shape, mm)");
  const stp_shape *a = shape_arg(L, 1, "offset");
  double mm = mm_arg(L, 2, "offset", "the distance", -OFFSET_MAX_MM, OFFSET_MAX_MM);
  if (mm == 0) return stp_script_push_shape(L, a);
  charge(L, a, NULL);
  stp_shape *out = lua_newuserdatauv(L, sizeof *out, 0);
  stp_error err;
  stp_error_clear(&err);
  stp_status st = stp_geom_offset(a, mm, out, &err);
  /* out stays on the stack until push_result has copied it: popped, the collector may free
   * it while push_result makes the new shape (ASan: heap-use-after-free). */
  return push_result(L, st, &err, out);
}

/* The point at stack index idx: {x, y} or {x = , y = }, each a number from -1000 to 1000 mm
 * (the range of every coordinate). False when it is not one (the caller says where). */
static bool get_point(lua_State *L, int idx, stp_point *out) {
  idx = lua_absindex(L, idx);
  if (!lua_istable(L, idx)) return false;
  double v[2];
  for (int k = 0; k < 2; k++) {
    int ty = lua_rawgeti(L, idx, k + 1);
    if (ty == LUA_TNIL) { lua_pop(L, 1); ty = lua_getfield(L, idx, k ? "y" : "x"); }
    v[k] = ty == LUA_TNUMBER ? (double)lua_tonumber(L, -1) : NAN;
    lua_pop(L, 1);
    if (!(fabs(v[k]) <= 1000.0)) return false;
  }
  *out = (stp_point){v[0], v[1]};
  return true;
}

/* A line: a list of 2..STP_SHAPE_MAX_POINTS points {x, y} (or {x = , y = }). */
static int read_line(lua_State *L, int t, stp_point *pts) {
  int n = (int)luaL_len(L, t);
  if (n < 2 || n > STP_SHAPE_MAX_POINTS)
    stp_script_raise(L, STP_ERR_RANGE, "band: a line must have 2 to %d points {x, y} (it has %d)", STP_SHAPE_MAX_POINTS, n);
  for (int i = 1; i <= n; i++) {
    lua_rawgeti(L, t, i);
    if (!get_point(L, -1, &pts[i - 1]))
      stp_script_raise(L, STP_ERR_SCRIPT, "band: line point %d must be {x, y} in mm (-1000 to 1000)", i);
    lua_pop(L, 1);
    if (i > 1 && pts[i - 1].x == pts[i - 2].x && pts[i - 1].y == pts[i - 2].y)
      stp_script_raise(L, STP_ERR_RANGE, "band: line points %d and %d are the same point (%g, %g)", i - 1, i,
                       pts[i - 1].x, pts[i - 1].y);
  }
  return n;
}

static int l_band(lua_State *L) {
  if (lua_gettop(L) != 3)
    stp_script_raise(L, STP_ERR_SCRIPT, "band takes an edge and two widths: band(shape or { {x, y}, ... }, inside_mm, "
                     "outside_mm)");
  double in = mm_arg(L, 2, "band", "the inside width", 0, BAND_MAX_MM);
  double out_mm = mm_arg(L, 3, "band", "the outside width", 0, BAND_MAX_MM);
  if (in + out_mm <= 0) stp_script_raise(L, STP_ERR_RANGE, "band: the widths are both 0; a band needs a width");
  stp_shape *out = lua_newuserdatauv(L, sizeof *out, 0);
  stp_error err;
  stp_error_clear(&err);
  stp_status st;
  if (luaL_testudata(L, 1, STP_SCRIPT_SHAPE_MT)) {
    const stp_shape *a = lua_touserdata(L, 1);
    charge(L, a, a);
    st = stp_geom_band_shape(a, in, out_mm, out, &err);
  } else if (lua_type(L, 1) == LUA_TTABLE) {
    stp_point *pts = lua_newuserdatauv(L, STP_SHAPE_MAX_POINTS * sizeof *pts, 0);
    int n = read_line(L, 1, pts);
    stp_script_charge(L, 200 + (unsigned long long)n * 80, "shape algebra");
    st = stp_geom_band_line(pts, n, in, out_mm, out, &err);
    lua_pop(L, 1);
  } else {
    return stp_script_raise(L, STP_ERR_SCRIPT, "band: the edge must be a shape or a line { {x, y}, {x, y}, ... }, got %s",
                            luaL_typename(L, 1));
  }
  return push_result(L, st, &err, out);   /* out stays on the stack until copied (see l_offset) */
}

static double num_arg(lua_State *L, int i, const char *fn, const char *what, double lo, double hi) {
  if (lua_type(L, i) != LUA_TNUMBER)
    stp_script_raise(L, STP_ERR_SCRIPT, "%s: %s must be a number (got %s)", fn, what, luaL_typename(L, i));
  double v = (double)lua_tonumber(L, i);
  if (!(v >= lo && v <= hi)) stp_script_raise(L, STP_ERR_RANGE, "%s: %s is %g; it must be from %g to %g", fn, what, v, lo, hi);
  return v;
}

/* A result must stay on the chart's range of coordinates, as every shape's points do. */
static int push_checked(lua_State *L, const stp_shape *o, const char *fn) {
  double x0, y0, x1, y1;
  stp_shape_bounds(o, &x0, &y0, &x1, &y1);
  if (!(fabs(x0) <= 1000 && fabs(x1) <= 1000 && fabs(y0) <= 1000 && fabs(y1) <= 1000))
    stp_script_raise(L, STP_ERR_RANGE, "%s: the result reaches (%g, %g)-(%g, %g), past -1000..1000 mm", fn, x0, y0, x1, y1);
  return stp_script_push_shape(L, o);
}

static int l_move(lua_State *L) {
  if (lua_gettop(L) != 3) stp_script_raise(L, STP_ERR_SCRIPT, "move takes a shape and two distances: move(shape, dx, dy)");
  const stp_shape *a = shape_arg(L, 1, "move");
  double dx = num_arg(L, 2, "move", "dx", -2000, 2000), dy = num_arg(L, 3, "move", "dy", -2000, 2000);
  stp_shape *o = lua_newuserdatauv(L, sizeof *o, 0);
  *o = stp_shape_moved(a, dx, dy);
  return push_checked(L, o, "move");
}

static int l_turn(lua_State *L) {
  int n = lua_gettop(L);
  if (n != 2 && n != 3)
    stp_script_raise(L, STP_ERR_SCRIPT, "turn takes a shape, degrees and a point to turn about: turn(shape, degrees, {x, y})");
  const stp_shape *a = shape_arg(L, 1, "turn");
  double deg = num_arg(L, 2, "turn", "the angle", -3600, 3600), cx, cy, x1, y1;
  stp_shape_bounds(a, &cx, &cy, &x1, &y1);
  cx = (cx + x1) / 2;
  cy = (cy + y1) / 2;
  if (n == 3) {
    stp_point c;
    if (!get_point(L, 3, &c))
      stp_script_raise(L, STP_ERR_SCRIPT, "turn: the point to turn about must be {x, y} in mm (-1000 to 1000)");
    cx = c.x;
    cy = c.y;
  }
  stp_shape *o = lua_newuserdatauv(L, sizeof *o, 0);
  *o = stp_shape_turned(a, deg, cx, cy);
  return push_checked(L, o, "turn");
}

static int l_mirror(lua_State *L) {
  if (lua_gettop(L) != 1) stp_script_raise(L, STP_ERR_SCRIPT, "mirror takes one shape: mirror(shape), across the midline");
  const stp_shape *a = shape_arg(L, 1, "mirror");
  stp_shape *o = lua_newuserdatauv(L, sizeof *o, 0);
  *o = stp_shape_mirrored(a);
  return stp_script_push_shape(L, o);
}

/* ---- head { } and landmark ----------------------------------------------------------------- */

static void push_point(lua_State *L, stp_point p) {
  lua_createtable(L, 2, 2);
  lua_pushnumber(L, p.x);
  lua_rawseti(L, -2, 1);
  lua_pushnumber(L, p.y);
  lua_rawseti(L, -2, 2);
  lua_pushnumber(L, p.x);
  lua_setfield(L, -2, "x");
  lua_pushnumber(L, p.y);
  lua_setfield(L, -2, "y");
}

static int head_hairline_y_l(lua_State *L) {
  const stp_head *h = lua_touserdata(L, lua_upvalueindex(1));
  double y = stp_head_hairline_y(h, luaL_checknumber(L, 1));
  if (isnan(y)) lua_pushnil(L);
  else lua_pushnumber(L, y);
  return 1;
}

static int head_nape_y_l(lua_State *L) {
  const stp_head *h = lua_touserdata(L, lua_upvalueindex(1));
  lua_pushnumber(L, stp_head_nape_y(h, luaL_checknumber(L, 1)));
  return 1;
}

/* The head as the script sees it: its numbers, every landmark as {x, y} (also .x, .y), and
 * hairline_y(x), nape_y(x). */
static void push_head(lua_State *L, const stp_head *h) {
  lua_createtable(L, 0, STP_LM_COUNT + 8);
  lua_pushnumber(L, h->length_mm);
  lua_setfield(L, -2, "length");
  lua_pushinteger(L, h->age);
  lua_setfield(L, -2, "age");
  lua_pushnumber(L, h->scale);
  lua_setfield(L, -2, "scale");
  lua_pushnumber(L, h->hairline_mm);
  lua_setfield(L, -2, "hairline");
  lua_pushnumber(L, h->canthus_x);
  lua_setfield(L, -2, "canthus_x");
  for (int i = 0; i < STP_LM_COUNT; i++) {
    push_point(L, h->lm[i]);
    lua_setfield(L, -2, stp_landmark_key((stp_landmark_id)i));
  }
  stp_head *copy = lua_newuserdatauv(L, sizeof *copy, 0);
  memcpy(copy, h, sizeof *copy);
  lua_pushvalue(L, -1);
  lua_pushcclosure(L, head_hairline_y_l, 1);
  lua_setfield(L, -3, "hairline_y");
  lua_pushcclosure(L, head_nape_y_l, 1);
  lua_setfield(L, -2, "nape_y");
}

static double opt_num(lua_State *L, const char *key, double lo, double hi, double dflt) {
  int ty = lua_getfield(L, 1, key);
  double v = dflt;
  if (ty != LUA_TNIL) {
    if (ty != LUA_TNUMBER) stp_script_raise(L, STP_ERR_SCRIPT, "head.%s must be a number (got %s)", key, lua_typename(L, ty));
    v = (double)lua_tonumber(L, -1);
    if (!(v >= lo && v <= hi)) stp_script_raise(L, STP_ERR_RANGE, "head.%s is %g; it must be from %g to %g", key, v, lo, hi);
  }
  lua_pop(L, 1);
  return v;
}

static int l_head(lua_State *L) {
  stp_script *s = stp_script_ctx(L);
  if (lua_gettop(L) == 0) lua_newtable(L);
  if (lua_gettop(L) != 1 || !lua_istable(L, 1))
    stp_script_raise(L, STP_ERR_SCRIPT, "head takes one table: head { length = 195, age = 35, hairline = 80 }");
  stp_script_edit_head_args(L);   /* the landmarks moved in `stipple edit` win (stp_script_edit.c) */
  /* Unknown keys first (sorted), so a misspelt landmark is never silently ignored. */
  const char *bad = NULL;
  lua_pushnil(L);
  while (lua_next(L, 1)) {
    lua_pop(L, 1);
    const char *k = lua_type(L, -1) == LUA_TSTRING ? lua_tostring(L, -1) : NULL;
    bool ok = k && (strcmp(k, "length") == 0 || strcmp(k, "age") == 0 || strcmp(k, "hairline") == 0 ||
                    (stp_landmark_find(k) != STP_LM_COUNT && stp_landmark_find(k) != STP_LM_GLABELLA));
    if (!ok) {
      const char *shown = k ? k : luaL_typename(L, -1);
      if (!bad || strcmp(shown, bad) < 0) bad = shown;
    }
  }
  if (bad)
    stp_script_raise(L, STP_ERR_SCRIPT, "head: unknown key '%s' (known keys: length, age, hairline, and the landmarks "
                     "mfp, ftp_left, ftp_right, temple_peak_left, ..., nape, ear_left, ear_right)", bad);
  double length = opt_num(L, "length", STP_HEAD_LENGTH_MIN, STP_HEAD_LENGTH_MAX, STP_HEAD_LENGTH_MM);
  double age = opt_num(L, "age", 18, 90, 35);
  if (age != floor(age)) stp_script_raise(L, STP_ERR_RANGE, "head.age is %g; it must be a whole number of years", age);
  double hairline = opt_num(L, "hairline", 50, 130, 0);
  stp_head h;
  stp_error err;
  stp_error_clear(&err);
  if (stp_head_make(&h, length, (int)age, hairline, &err) != STP_OK) stp_script_raise(L, STP_ERR_RANGE, "head: %s", err.msg);
  for (int i = 1; i < STP_LM_COUNT; i++) {
    const char *k = stp_landmark_key((stp_landmark_id)i);
    if (lua_getfield(L, 1, k) != LUA_TNIL) {
      stp_point pt;
      if (!get_point(L, -1, &pt)) stp_script_raise(L, STP_ERR_SCRIPT, "head.%s must be a point {x, y} in mm (-1000 to 1000)", k);
      stp_head_place(&h, (stp_landmark_id)i, pt.x, pt.y);
    }
    lua_pop(L, 1);
  }
  if (!(h.hairline_mm >= 50 && h.hairline_mm <= 130))
    stp_script_raise(L, STP_ERR_RANGE, "head.mfp is %g mm above the glabella; the hairline must be from 50 to 130 mm",
                     h.hairline_mm);
  s->head = h;
  s->head_set = true;
  push_head(L, &h);
  lua_pushvalue(L, -1);
  lua_setglobal(L, "landmark");
  return 1;
}

int stp_script_head_fn(lua_State *L) { return l_head(L); }

void stp_script_open_geom_api(lua_State *L) {
  static const luaL_Reg fns[] = {
    {"union", l_union}, {"minus", l_minus}, {"intersect", l_intersect},
    {"offset", l_offset}, {"band", l_band}, {"head", l_head},
    {"move", l_move}, {"turn", l_turn}, {"mirror", l_mirror},
  };
  for (size_t i = 0; i < sizeof fns / sizeof fns[0]; i++) {
    lua_pushcfunction(L, fns[i].func);
    lua_setglobal(L, fns[i].name);
  }
  stp_head h;
  stp_head_standard(&h);
  push_head(L, &h);
  lua_setglobal(L, "landmark");
  stp_script_open_edit_api(L);
}
