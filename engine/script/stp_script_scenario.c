/* stp_script_scenario.c - scenario { ... } and the shape constructors.
 *
 * The Lua side is documented in docs/scenario-api.md; keep the two in step.
 * Tables are read with raw access only (no metamethods run), keyed tables are
 * checked against their known keys (unknown ones are reported, the first in
 * sorted order, with a "did you mean"), and lists are read by index 1..n with
 * any other key an error, so nothing depends on Lua's pairs() order.
 * Every error names the path of the value and is raised at the line of the
 * scenario { ... } call (or of the shape constructor's call).
 */
#include "stp_script_internal.h"
#include "stp_chart.h"
#include "stp_design.h"
#include "stp_shade.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SHAPE_MT STP_SCRIPT_SHAPE_MT
#define COORD_MAX 1000.0            /* mm: far beyond the chart, catches unit mistakes */

typedef struct conv {
  lua_State *L;
  stp_script *s;
  int line;                         /* reported with every error */
  /* zones[i].pigment as written, resolved against tools.pigments once the kit is read */
  char zone_pigment[STP_SCN_MAX_ZONES][STP_SCN_ID_LEN];
  bool zone_ink_set[STP_SCN_MAX_ZONES];
  /* zones[i].plan[k].pigment as written (the scenario's plan copied in), resolved likewise */
  char plan_pigment[STP_SCN_MAX_ZONES][STP_SCN_MAX_SESSIONS][STP_SCN_ID_LEN];
  bool zone_plan_set[STP_SCN_MAX_ZONES];
} conv;

#define FAIL(c, st, ...) stp_script_raise_at((c)->L, (c)->line, (st), __VA_ARGS__)

/* ---- small helpers --------------------------------------------------------------------- */

int stp_script_edit_distance(const char *a, size_t la, const char *b, size_t lb, int cap) {
  if (la > 64 || lb > 64) return cap + 1;
  if ((la > lb ? la - lb : lb - la) > (size_t)cap) return cap + 1;
  int prev[65], cur[65];
  for (size_t j = 0; j <= lb; j++) prev[j] = (int)j;
  for (size_t i = 1; i <= la; i++) {
    cur[0] = (int)i;
    for (size_t j = 1; j <= lb; j++) {
      int sub = prev[j - 1] + (a[i - 1] != b[j - 1]);
      int del = prev[j] + 1, ins = cur[j - 1] + 1;
      cur[j] = sub < del ? (sub < ins ? sub : ins) : (del < ins ? del : ins);
    }
    memcpy(prev, cur, sizeof(int) * (lb + 1));
  }
  return prev[lb] > cap ? cap + 1 : prev[lb];
}

static void path_of(char *buf, size_t n, const char *prefix, const char *key) {
  if (prefix && prefix[0]) snprintf(buf, n, "%s.%s", prefix, key);
  else snprintf(buf, n, "%s", key);
}

/* A printable, bounded copy of a string for messages. */
static void printable(char *dst, size_t n, const char *src, size_t len) {
  size_t o = 0, max = n > 4 ? n - 4 : 0;
  for (size_t i = 0; i < len && o < max; i++) {
    unsigned char ch = (unsigned char)src[i];
    dst[o++] = ch < 0x20 || ch == 0x7f ? '?' : (char)ch;
  }
  if (len > o && n > 4) { memcpy(dst + o, "...", 3); o += 3; }
  if (n) dst[o < n ? o : n - 1] = '\0';
}

/* How a key looks in a message: 'name' for strings, [1] otherwise. */
static void render_key(lua_State *L, int idx, char *dst, size_t n) {
  int t = lua_type(L, idx);
  if (t == LUA_TSTRING) {
    size_t len;
    const char *k = lua_tolstring(L, idx, &len);
    char p[72];
    printable(p, sizeof p, k, len);
    snprintf(dst, n, "'%s'", p);
  } else if (t == LUA_TNUMBER) {
    if (lua_isinteger(L, idx)) snprintf(dst, n, "[%lld]", (long long)lua_tointeger(L, idx));
    else snprintf(dst, n, "[%.14g]", (double)lua_tonumber(L, idx));
  } else if (t == LUA_TBOOLEAN) {
    snprintf(dst, n, "[%s]", lua_toboolean(L, idx) ? "true" : "false");
  } else {
    snprintf(dst, n, "[a %s]", lua_typename(L, t));
  }
}

static const char *type_of(lua_State *L, int t) { return lua_typename(L, t); }

/* Push t[key] (raw) and return its type. */
static int field(conv *c, int t, const char *key) {
  lua_pushstring(c->L, key);
  return lua_rawget(c->L, t);
}

/* Report the first (in sorted order) key of table t not in known[]. noun: "key" or "criterion". */
static void check_keys(conv *c, int t, const char *const *known, int nknown, const char *noun,
                       const char *where) {
  lua_State *L = c->L;
  char best[96] = "", raw[72] = "";
  size_t raw_len = 0;
  bool best_is_string = false;
  int unknown = 0;
  unsigned long long steps = 0;
  lua_pushnil(L);
  while (lua_next(L, t)) {
    lua_pop(L, 1);
    bool ok = false;
    if (lua_type(L, -1) == LUA_TSTRING) {
      size_t kl;
      const char *k = lua_tolstring(L, -1, &kl);
      for (int i = 0; i < nknown && !ok; i++) ok = strlen(known[i]) == kl && memcmp(known[i], k, kl) == 0;
    }
    if (!ok) {
      char r[96];
      render_key(L, -1, r, sizeof r);
      if (unknown == 0 || strcmp(r, best) < 0) {
        snprintf(best, sizeof best, "%s", r);
        best_is_string = lua_type(L, -1) == LUA_TSTRING;
        if (best_is_string) {
          const char *k = lua_tolstring(L, -1, &raw_len);
          memcpy(raw, k, raw_len < sizeof raw ? raw_len : sizeof raw);
        }
      }
      unknown++;
    }
    if (++steps == 256) { stp_script_charge(L, steps, NULL); steps = 0; }
  }
  stp_script_charge(L, steps, NULL);
  if (!unknown) return;
  char more[48] = "";
  if (unknown > 1) snprintf(more, sizeof more, " (and %d more)", unknown - 1);
  int best_d = 3, best_i = -1;
  if (best_is_string && raw_len < sizeof raw) {
    for (int i = 0; i < nknown; i++) {
      int d = stp_script_edit_distance(raw, raw_len, known[i], strlen(known[i]), 2);
      if (d < best_d) { best_d = d; best_i = i; }
    }
  }
  if (best_i >= 0)
    FAIL(c, STP_ERR_SCRIPT, "unknown %s %s in %s; did you mean '%s'?%s", noun, best, where, known[best_i], more);
  char list[320] = "";
  size_t o = 0;
  for (int i = 0; i < nknown && o + 1 < sizeof list; i++)
    o += (size_t)snprintf(list + o, sizeof list - o, "%s%s", i ? ", " : "", known[i]);
  FAIL(c, STP_ERR_SCRIPT, "unknown %s %s in %s (known %ss: %s)%s", noun, best, where, noun, list, more);
}

/* A list t[1..n] with no other keys; returns n. */
static int check_list(conv *c, int t, const char *path, int min, int max, const char *what) {
  lua_State *L = c->L;
  int n = 0;
  while (n <= max) {
    int ty = lua_rawgeti(L, t, n + 1);
    lua_pop(L, 1);
    if (ty == LUA_TNIL) break;
    n++;
  }
  if (n > max) FAIL(c, STP_ERR_RANGE, "%s: at most %d %s are allowed (it has more)", path, max, what);
  char best[96] = "";
  int extra = 0;
  unsigned long long steps = 0;
  lua_pushnil(L);
  while (lua_next(L, t)) {
    lua_pop(L, 1);
    bool in = lua_isinteger(L, -1) && lua_tointeger(L, -1) >= 1 && lua_tointeger(L, -1) <= n;
    if (!in) {
      char r[96];
      render_key(L, -1, r, sizeof r);
      if (extra == 0 || strcmp(r, best) < 0) snprintf(best, sizeof best, "%s", r);
      extra++;
    }
    if (++steps == 256) { stp_script_charge(L, steps, NULL); steps = 0; }
  }
  stp_script_charge(L, steps, NULL);
  if (extra)
    FAIL(c, STP_ERR_SCRIPT,
         "%s must be a list { ..., ... } of %s without gaps or named keys; it has the key %s%s", path,
         what, best, n ? "" : " and no entry [1]");
  if (n < min) FAIL(c, STP_ERR_RANGE, "%s needs at least %d %s (it has %d)", path, min, what, n);
  return n;
}

/* ---- values ----------------------------------------------------------------------------- */

typedef struct range {
  double lo, hi;
  bool lo_open;                     /* lo itself is not allowed */
  const char *unit;                 /* shown after the range, or NULL */
} range;

static void check_number(conv *c, const char *path, double v, range r) {
  char unit[48] = "";
  if (r.unit) snprintf(unit, sizeof unit, " %s", r.unit);
  if (!isfinite(v)) FAIL(c, STP_ERR_RANGE, "%s must be a finite number", path);
  if (v < r.lo || v > r.hi || (r.lo_open && v <= r.lo)) {
    if (r.lo_open)
      FAIL(c, STP_ERR_RANGE, "%s is %g; it must be greater than %g and at most %g%s", path, v, r.lo, r.hi, unit);
    FAIL(c, STP_ERR_RANGE, "%s is %g; it must be from %g to %g%s", path, v, r.lo, r.hi, unit);
  }
}

/* t[key] as a number in range r; false if absent. */
static bool opt_number(conv *c, int t, const char *prefix, const char *key, range r, double *out) {
  int ty = field(c, t, key);
  char path[160];
  path_of(path, sizeof path, prefix, key);
  if (ty == LUA_TNIL) { lua_pop(c->L, 1); return false; }
  if (ty != LUA_TNUMBER) FAIL(c, STP_ERR_SCRIPT, "%s must be a number (got %s)", path, type_of(c->L, ty));
  double v = (double)lua_tonumber(c->L, -1);
  lua_pop(c->L, 1);
  check_number(c, path, v, r);
  *out = v;
  return true;
}

static bool opt_bool(conv *c, int t, const char *prefix, const char *key, bool *out) {
  int ty = field(c, t, key);
  char path[160];
  path_of(path, sizeof path, prefix, key);
  if (ty == LUA_TNIL) { lua_pop(c->L, 1); return false; }
  if (ty != LUA_TBOOLEAN) FAIL(c, STP_ERR_SCRIPT, "%s must be true or false (got %s)", path, type_of(c->L, ty));
  *out = lua_toboolean(c->L, -1);
  lua_pop(c->L, 1);
  return true;
}

static double req_number(conv *c, int t, const char *prefix, const char *key, range r) {
  double v = 0;
  if (!opt_number(c, t, prefix, key, r, &v)) {
    char path[160];
    path_of(path, sizeof path, prefix, key);
    FAIL(c, STP_ERR_SCRIPT, "%s is missing (a number from %g to %g%s%s)", path, r.lo, r.hi,
         r.unit ? " " : "", r.unit ? r.unit : "");
  }
  return v;
}

static bool opt_int(conv *c, int t, const char *prefix, const char *key, int lo, int hi, int *out) {
  int ty = field(c, t, key);
  char path[160];
  path_of(path, sizeof path, prefix, key);
  if (ty == LUA_TNIL) { lua_pop(c->L, 1); return false; }
  if (ty != LUA_TNUMBER) FAIL(c, STP_ERR_SCRIPT, "%s must be a whole number (got %s)", path, type_of(c->L, ty));
  double v = (double)lua_tonumber(c->L, -1);
  lua_pop(c->L, 1);
  if (!(v >= lo && v <= hi) || v != floor(v))
    FAIL(c, STP_ERR_RANGE, "%s is %g; it must be a whole number from %d to %d", path, v, lo, hi);
  *out = (int)v;
  return true;
}

static bool utf8_valid(const unsigned char *p, size_t n) {
  size_t i = 0;
  while (i < n) {
    unsigned char b = p[i];
    if (b < 0x80) { i++; continue; }
    size_t k;
    unsigned min;
    if ((b & 0xE0) == 0xC0) { k = 1; min = 0x80; }
    else if ((b & 0xF0) == 0xE0) { k = 2; min = 0x800; }
    else if ((b & 0xF8) == 0xF0) { k = 3; min = 0x10000; }
    else return false;
    if (k >= n - i) return false;             /* truncated sequence */
    unsigned cp = b & (0x3Fu >> k);
    for (size_t j = 1; j <= k; j++) {
      if ((p[i + j] & 0xC0) != 0x80) return false;
      cp = (cp << 6) | (p[i + j] & 0x3Fu);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return false;
    i += k + 1;
  }
  return true;
}

static bool id_char(char ch) {
  return (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '-' || ch == '_';
}

/* t[key] as a string copied into dst (cap bytes with the NUL); false if absent. */
static bool opt_string(conv *c, int t, const char *prefix, const char *key, char *dst, size_t cap, bool is_id) {
  int ty = field(c, t, key);
  char path[160];
  path_of(path, sizeof path, prefix, key);
  if (ty == LUA_TNIL) { lua_pop(c->L, 1); return false; }
  if (ty != LUA_TSTRING) FAIL(c, STP_ERR_SCRIPT, "%s must be a string (got %s)", path, type_of(c->L, ty));
  size_t len;
  const char *str = lua_tolstring(c->L, -1, &len);
  char shown[72];
  printable(shown, sizeof shown, str, len);
  if (len == 0) FAIL(c, STP_ERR_RANGE, "%s is empty", path);
  if (len >= cap) FAIL(c, STP_ERR_RANGE, "%s is %zu bytes long; at most %zu bytes fit", path, len, cap - 1);
  if (memchr(str, '\0', len)) FAIL(c, STP_ERR_RANGE, "%s contains a zero byte", path);
  if (!utf8_valid((const unsigned char *)str, len)) FAIL(c, STP_ERR_RANGE, "%s is not valid UTF-8 text", path);
  if (is_id)
    for (size_t i = 0; i < len; i++)
      if (!id_char(str[i]))
        FAIL(c, STP_ERR_RANGE, "%s '%s' may only use the characters a-z, 0-9, '-' and '_'", path, shown);
  memcpy(dst, str, len);
  dst[len] = '\0';
  lua_pop(c->L, 1);
  return true;
}

static void req_string(conv *c, int t, const char *prefix, const char *key, char *dst, size_t cap, bool is_id,
                       const char *hint) {
  if (!opt_string(c, t, prefix, key, dst, cap, is_id)) {
    char path[160];
    path_of(path, sizeof path, prefix, key);
    FAIL(c, STP_ERR_SCRIPT, "%s is missing (%s)", path, hint);
  }
}

static int hexval(char ch) {
  if (ch >= '0' && ch <= '9') return ch - '0';
  if (ch >= 'a' && ch <= 'f') return ch - 'a' + 10;
  if (ch >= 'A' && ch <= 'F') return ch - 'A' + 10;
  return -1;
}

static float srgb_to_linear(float v) {
  return v <= 0.04045f ? v / 12.92f : powf((v + 0.055f) / 1.055f, 2.4f);
}

/* "#rrggbb" (sRGB) -> linear RGB; false if absent. */
static bool opt_color(conv *c, int t, const char *prefix, const char *key, float rgb[3]) {
  char buf[16];
  int ty = field(c, t, key);
  char path[160];
  path_of(path, sizeof path, prefix, key);
  if (ty == LUA_TNIL) { lua_pop(c->L, 1); return false; }
  size_t len = 0;
  const char *str = ty == LUA_TSTRING ? lua_tolstring(c->L, -1, &len) : NULL;
  bool ok = str && len == 7 && str[0] == '#';
  for (size_t i = 1; ok && i < 7; i++) ok = hexval(str[i]) >= 0;
  if (!ok) {
    if (str) {
      printable(buf, sizeof buf, str, len);
      FAIL(c, STP_ERR_RANGE, "%s is \"%s\"; it must be a colour written \"#rrggbb\" (like \"#2a2320\")", path, buf);
    }
    FAIL(c, STP_ERR_SCRIPT, "%s must be a colour string \"#rrggbb\" (got %s)", path, type_of(c->L, ty));
  }
  for (int k = 0; k < 3; k++) {
    int v = hexval(str[1 + 2 * k]) * 16 + hexval(str[2 + 2 * k]);
    rgb[k] = srgb_to_linear((float)v / 255.0f);
  }
  lua_pop(c->L, 1);
  return true;
}

/* Push t[key] if it is a table and return its index; 0 (nothing pushed) if absent. */
static int opt_table(conv *c, int t, const char *prefix, const char *key, const char *hint) {
  int ty = field(c, t, key);
  if (ty == LUA_TNIL) { lua_pop(c->L, 1); return 0; }
  if (ty != LUA_TTABLE) {
    char path[160];
    path_of(path, sizeof path, prefix, key);
    FAIL(c, STP_ERR_SCRIPT, "%s must be a table %s (got %s)", path, hint, type_of(c->L, ty));
  }
  return lua_gettop(c->L);
}

static void req_shape(conv *c, int t, const char *prefix, const char *key, stp_shape *out) {
  int ty = field(c, t, key);
  char path[160];
  path_of(path, sizeof path, prefix, key);
  const stp_shape *sh = luaL_testudata(c->L, -1, SHAPE_MT);
  if (!sh) {
    if (ty == LUA_TNIL) FAIL(c, STP_ERR_SCRIPT, "%s is missing (a shape: rect { ... }, circle { ... }, ellipse { ... } or polygon { ... })", path);
    FAIL(c, STP_ERR_SCRIPT,
         "%s must be a shape made with rect { ... }, circle { ... }, ellipse { ... } or polygon { ... } (got %s)",
         path, ty == LUA_TTABLE ? "a plain table" : type_of(c->L, ty));
  }
  *out = *sh;
  lua_pop(c->L, 1);
}

/* ---- shapes ------------------------------------------------------------------------------ */

static const range COORD = {-COORD_MAX, COORD_MAX, false, "mm"};
static const range SIZE = {0, COORD_MAX, true, "mm"};

static void shape_conv(lua_State *L, conv *c, const char *name, const char *usage) {
  c->L = L;
  c->s = stp_script_ctx(L);
  c->line = stp_script_line(c->s, L, 1);
  if (lua_gettop(L) != 1 || !lua_istable(L, 1))
    FAIL(c, STP_ERR_SCRIPT, "%s takes one table: %s", name, usage);
}

int stp_script_push_shape(lua_State *L, const stp_shape *sh) {
  stp_shape *u = lua_newuserdatauv(L, sizeof *u, 0);
  memcpy(u, sh, sizeof *u);
  luaL_setmetatable(L, SHAPE_MT);
  return 1;
}
#define push_shape stp_script_push_shape

static int l_rect(lua_State *L) {
  conv c;
  shape_conv(L, &c, "rect", "rect { x = ..., y = ..., w = ..., h = ... }");
  static const char *const keys[] = {"x", "y", "w", "h"};
  check_keys(&c, 1, keys, 4, "key", "rect { ... }");
  double x = req_number(&c, 1, "rect", "x", COORD), y = req_number(&c, 1, "rect", "y", COORD);
  double w = req_number(&c, 1, "rect", "w", SIZE), h = req_number(&c, 1, "rect", "h", SIZE);
  stp_shape sh = stp_shape_rect(x, y, w, h);
  return push_shape(L, &sh);
}

static int l_circle(lua_State *L) {
  conv c;
  shape_conv(L, &c, "circle", "circle { x = ..., y = ..., r = ... }");
  static const char *const keys[] = {"x", "y", "r"};
  check_keys(&c, 1, keys, 3, "key", "circle { ... }");
  double x = req_number(&c, 1, "circle", "x", COORD), y = req_number(&c, 1, "circle", "y", COORD);
  double r = req_number(&c, 1, "circle", "r", SIZE);
  stp_shape sh = stp_shape_circle(x, y, r);
  return push_shape(L, &sh);
}

static int l_ellipse(lua_State *L) {
  conv c;
  shape_conv(L, &c, "ellipse", "ellipse { x = ..., y = ..., rx = ..., ry = ..., rotation = ... }");
  static const char *const keys[] = {"x", "y", "rx", "ry", "rotation"};
  check_keys(&c, 1, keys, 5, "key", "ellipse { ... }");
  double x = req_number(&c, 1, "ellipse", "x", COORD), y = req_number(&c, 1, "ellipse", "y", COORD);
  double rx = req_number(&c, 1, "ellipse", "rx", SIZE), ry = req_number(&c, 1, "ellipse", "ry", SIZE);
  double rot = 0;
  opt_number(&c, 1, "ellipse", "rotation", (range){-3600, 3600, false, "degrees"}, &rot);
  stp_shape sh = stp_shape_ellipse(x, y, rx, ry, rot);
  return push_shape(L, &sh);
}

static double cross(stp_point o, stp_point a, stp_point b) {
  return (a.x - o.x) * (b.y - o.y) - (a.y - o.y) * (b.x - o.x);
}

static bool on_segment(stp_point p, stp_point a, stp_point b) {
  return fmin(a.x, b.x) <= p.x && p.x <= fmax(a.x, b.x) && fmin(a.y, b.y) <= p.y && p.y <= fmax(a.y, b.y);
}

static bool segments_touch(stp_point a, stp_point b, stp_point p, stp_point q) {
  double d1 = cross(p, q, a), d2 = cross(p, q, b), d3 = cross(a, b, p), d4 = cross(a, b, q);
  if (((d1 > 0 && d2 < 0) || (d1 < 0 && d2 > 0)) && ((d3 > 0 && d4 < 0) || (d3 < 0 && d4 > 0))) return true;
  return (d1 == 0 && on_segment(a, p, q)) || (d2 == 0 && on_segment(b, p, q)) ||
         (d3 == 0 && on_segment(p, a, b)) || (d4 == 0 && on_segment(q, a, b));
}

/* A point table with x or y keys beside [1] and [2] (a landmark's point: head { } and
 * `landmark` give {x, y, x = x, y = y}). */
static bool point_with_names(lua_State *L, int pt) {
  lua_pushliteral(L, "x");
  bool named = lua_rawget(L, pt) != LUA_TNIL;
  lua_pushliteral(L, "y");
  named = lua_rawget(L, pt) != LUA_TNIL || named;
  lua_pop(L, 2);
  return named;
}

/* Such a point has exactly [1], [2], x and y, with x == [1] and y == [2], all numbers. */
static bool point_names_agree(lua_State *L, int pt) {
  bool ok = true;
  for (int k = 0; k < 2 && ok; k++) {
    lua_pushstring(L, k ? "y" : "x");
    int tn = lua_rawget(L, pt), ti = lua_rawgeti(L, pt, k + 1);
    ok = tn == LUA_TNUMBER && ti == LUA_TNUMBER && lua_tonumber(L, -1) == lua_tonumber(L, -2);
    lua_pop(L, 2);
  }
  int keys = 0;
  lua_pushnil(L);
  while (lua_next(L, pt)) {
    lua_pop(L, 1);
    keys++;
  }
  return ok && keys == 4;
}

static int l_polygon(lua_State *L) {
  conv c;
  shape_conv(L, &c, "polygon", "polygon { {x1, y1}, {x2, y2}, {x3, y3}, ... }");
  int n = check_list(&c, 1, "polygon { ... }", 3, STP_SHAPE_MAX_POINTS, "points {x, y}");
  stp_shape sh;
  memset(&sh, 0, sizeof sh);
  sh.kind = STP_SHAPE_POLYGON;
  sh.n = n;
  for (int i = 0; i < n; i++) {
    char path[64];
    snprintf(path, sizeof path, "polygon point %d", i + 1);
    if (lua_rawgeti(L, 1, i + 1) != LUA_TTABLE)
      FAIL(&c, STP_ERR_SCRIPT, "%s must be a table {x, y} (got %s)", path, luaL_typename(L, -1));
    int pt = lua_gettop(L);
    if (!point_with_names(L, pt)) check_list(&c, pt, path, 2, 2, "numbers");
    else if (!point_names_agree(L, pt))
      FAIL(&c, STP_ERR_SCRIPT, "%s has x and y keys besides its [1] and [2]; they must be the same numbers (a "
           "landmark's point is {x, y, x = x, y = y})", path);
    double v[2];
    for (int k = 0; k < 2; k++) {
      int ty = lua_rawgeti(L, pt, k + 1);
      if (ty != LUA_TNUMBER)
        FAIL(&c, STP_ERR_SCRIPT, "%s: its %s must be a number (got %s)", path, k ? "y" : "x", type_of(L, ty));
      v[k] = (double)lua_tonumber(L, -1);
      lua_pop(L, 1);
      char p2[80];
      snprintf(p2, sizeof p2, "%s %s", path, k ? "y" : "x");
      check_number(&c, p2, v[k], COORD);
    }
    lua_pop(L, 1);
    sh.pts[i].x = v[0];
    sh.pts[i].y = v[1];
  }
  for (int i = 0; i < n; i++) {
    stp_point a = sh.pts[i], b = sh.pts[(i + 1) % n];
    if (a.x == b.x && a.y == b.y)
      FAIL(&c, STP_ERR_RANGE, "polygon points %d and %d are the same point (%g, %g)", i + 1, (i + 1) % n + 1, a.x, a.y);
  }
  stp_script_charge(L, (unsigned long long)n * (unsigned long long)n / 2, NULL);
  for (int i = 0; i < n; i++)
    for (int j = i + 2; j < n; j++) {
      if (i == 0 && j == n - 1) continue;   /* neighbours through the closing edge */
      if (segments_touch(sh.pts[i], sh.pts[i + 1], sh.pts[j], sh.pts[(j + 1) % n]))
        FAIL(&c, STP_ERR_RANGE,
             "polygon edges %d-%d and %d-%d cross or touch; a polygon's outline must not cross itself",
             i + 1, i + 2, j + 1, (j + 1) % n + 1);
    }
  if (!stp_shape_valid(&sh)) FAIL(&c, STP_ERR_RANGE, "the polygon has no area (are its points on one line?)");
  stp_shape_index(&sh);
  return push_shape(L, &sh);
}

static int shape_tostring(lua_State *L) {
  const stp_shape *sh = luaL_checkudata(L, 1, SHAPE_MT);
  switch (sh->kind) {
  case STP_SHAPE_RECT:
    lua_pushfstring(L, "rect { x = %f, y = %f, w = %f, h = %f }", sh->x, sh->y, sh->w, sh->h);
    break;
  case STP_SHAPE_CIRCLE:
    lua_pushfstring(L, "circle { x = %f, y = %f, r = %f }", sh->cx, sh->cy, sh->r);
    break;
  case STP_SHAPE_ELLIPSE:
    lua_pushfstring(L, "ellipse { x = %f, y = %f, rx = %f, ry = %f, rotation = %f }", sh->cx, sh->cy, sh->rx,
                    sh->ry, sh->rot_deg);
    break;
  default:
    if (sh->rings > 1) lua_pushfstring(L, "polygon { %d points in %d rings }", sh->n, sh->rings);
    else lua_pushfstring(L, "polygon { %d points }", sh->n);
    break;
  }
  return 1;
}

/* ---- target fields: ramp { }, whorl { }, flow { } -------------------------------------------- */

#define FIELD_MT "stipple.field"

/* A preset field as the script holds it; nominal is the zone's constant value it implies. */
typedef struct field_ud {
  stp_field f;
  double nominal;
  bool angle_only;                  /* whorl and flow give directions, not amounts */
} field_ud;

static int push_field(lua_State *L, const field_ud *fu) {
  field_ud *u = lua_newuserdatauv(L, sizeof *u, 0);
  memcpy(u, fu, sizeof *u);
  luaL_setmetatable(L, FIELD_MT);
  return 1;
}

/* sense = "clockwise" | "counterclockwise" (seen from above); default clockwise. */
static int read_sense(conv *c, int t, const char *prefix) {
  int ty = field(c, t, "sense");
  char path[80];
  path_of(path, sizeof path, prefix, "sense");
  if (ty == LUA_TNIL) { lua_pop(c->L, 1); return 1; }
  const char *v = ty == LUA_TSTRING ? lua_tostring(c->L, -1) : NULL;
  int sense = 0;
  if (v && strcmp(v, "clockwise") == 0) sense = 1;
  else if (v && strcmp(v, "counterclockwise") == 0) sense = -1;
  if (!sense) {
    char shown[48] = "";
    if (v) printable(shown, sizeof shown, v, strlen(v));
    if (v && stp_script_edit_distance(v, strlen(v), "counterclockwise", 16, 3) <= 3)
      FAIL(c, STP_ERR_RANGE, "%s is \"%s\"; did you mean \"counterclockwise\"?", path, shown);
    if (v && stp_script_edit_distance(v, strlen(v), "clockwise", 9, 3) <= 3)
      FAIL(c, STP_ERR_RANGE, "%s is \"%s\"; did you mean \"clockwise\"?", path, shown);
    FAIL(c, STP_ERR_RANGE, "%s must be \"clockwise\" or \"counterclockwise\"", path);
  }
  lua_pop(c->L, 1);
  return sense;
}

static const range COORD_F = {-COORD_MAX, COORD_MAX, false, "mm"};

static int l_ramp(lua_State *L) {
  conv c;
  shape_conv(L, &c, "ramp", "ramp { from = ..., to = ..., width = mm }");
  static const char *const keys[] = {"from", "to", "width"};
  check_keys(&c, 1, keys, 3, "key", "ramp { ... }");
  field_ud fu;
  memset(&fu, 0, sizeof fu);
  fu.f.kind = STP_FIELD_RAMP;
  fu.f.from = req_number(&c, 1, "ramp", "from", (range){-3600, 3600, false, NULL});
  fu.f.to = req_number(&c, 1, "ramp", "to", (range){-3600, 3600, false, NULL});
  fu.f.width = req_number(&c, 1, "ramp", "width", (range){0, 200, false, "mm"});
  fu.nominal = fu.f.to;
  return push_field(L, &fu);
}

static int l_whorl(lua_State *L) {
  conv c;
  shape_conv(L, &c, "whorl", "whorl { x = ..., y = ..., sense = \"clockwise\", tightness = degrees }");
  static const char *const keys[] = {"x", "y", "sense", "tightness"};
  check_keys(&c, 1, keys, 4, "key", "whorl { ... }");
  field_ud fu;
  memset(&fu, 0, sizeof fu);
  fu.f.kind = STP_FIELD_WHORL;
  fu.f.cx = req_number(&c, 1, "whorl", "x", COORD_F);
  fu.f.cy = req_number(&c, 1, "whorl", "y", COORD_F);
  fu.f.sense = read_sense(&c, 1, "whorl");
  fu.f.tightness = 60;
  opt_number(&c, 1, "whorl", "tightness", (range){0, 90, false, "degrees"}, &fu.f.tightness);
  fu.nominal = 270;
  fu.angle_only = true;
  return push_field(L, &fu);
}

static int l_flow(lua_State *L) {
  conv c;
  shape_conv(L, &c, "flow", "flow { whorl = { x = ..., y = ... }, sense = \"clockwise\" }");
  static const char *const keys[] = {"whorl", "sense", "tightness"};
  check_keys(&c, 1, keys, 3, "key", "flow { ... }");
  field_ud fu;
  memset(&fu, 0, sizeof fu);
  fu.f.kind = STP_FIELD_FLOW;
  fu.f.cx = 10;                      /* the usual whorl: a little right of the midline */
  fu.f.cy = 200;
  int w = opt_table(&c, 1, "flow", "whorl", "{ x = mm, y = mm }");
  if (w) {
    static const char *const wkeys[] = {"x", "y"};
    check_keys(&c, w, wkeys, 2, "key", "flow.whorl");
    fu.f.cx = req_number(&c, w, "flow.whorl", "x", COORD_F);
    fu.f.cy = req_number(&c, w, "flow.whorl", "y", COORD_F);
    lua_pop(L, 1);
  }
  fu.f.sense = read_sense(&c, 1, "flow");
  fu.f.tightness = 70;
  opt_number(&c, 1, "flow", "tightness", (range){0, 90, false, "degrees"}, &fu.f.tightness);
  fu.nominal = 270;
  fu.angle_only = true;
  return push_field(L, &fu);
}

static int field_tostring(lua_State *L) {
  const field_ud *fu = luaL_checkudata(L, 1, FIELD_MT);
  switch (fu->f.kind) {
  case STP_FIELD_RAMP:
    lua_pushfstring(L, "ramp { from = %f, to = %f, width = %f }", fu->f.from, fu->f.to, fu->f.width);
    break;
  case STP_FIELD_WHORL:
    lua_pushfstring(L, "whorl { x = %f, y = %f, sense = %d }", fu->f.cx, fu->f.cy, fu->f.sense);
    break;
  default:
    lua_pushfstring(L, "flow { whorl = { x = %f, y = %f }, sense = %d }", fu->f.cx, fu->f.cy, fu->f.sense);
    break;
  }
  return 1;
}

/* shape:contains(x, y) and shape:bounds() -> x0, y0, x1, y1 (for helpers and hooks). */
static int shape_contains_l(lua_State *L) {
  const stp_shape *sh = luaL_checkudata(L, 1, SHAPE_MT);
  lua_pushboolean(L, stp_shape_contains(sh, luaL_checknumber(L, 2), luaL_checknumber(L, 3)));
  return 1;
}
static int shape_bounds_l(lua_State *L) {
  const stp_shape *sh = luaL_checkudata(L, 1, SHAPE_MT);
  double x0, y0, x1, y1;
  stp_shape_bounds(sh, &x0, &y0, &x1, &y1);
  lua_pushnumber(L, x0);
  lua_pushnumber(L, y0);
  lua_pushnumber(L, x1);
  lua_pushnumber(L, y1);
  return 4;
}
static int shape_area_l(lua_State *L) {
  const stp_shape *sh = luaL_checkudata(L, 1, SHAPE_MT);
  lua_pushnumber(L, stp_shape_area_mm2(sh));
  return 1;
}

/* A zone target: a number, a preset field, or a Lua function of (x, y) sampled onto a grid
 * over the zone's bounds now (under the script's budget). Returns false if absent. */
#define GRID_SAMPLES 33
static bool read_target(conv *c, int e, const char *prefix, const char *key, range r, bool angle,
                        stp_scenario *o, stp_zone *zn, double *nominal, stp_field *out) {
  lua_State *L = c->L;
  char path[160];
  path_of(path, sizeof path, prefix, key);
  int ty = field(c, e, key);
  if (ty == LUA_TNIL) { lua_pop(L, 1); return false; }
  if (ty == LUA_TNUMBER) {
    lua_pop(L, 1);
    opt_number(c, e, prefix, key, r, nominal);
    return true;
  }
  const field_ud *fu = luaL_testudata(L, -1, FIELD_MT);
  if (fu) {
    if (fu->angle_only && !angle)
      FAIL(c, STP_ERR_SCRIPT, "%s: whorl { } and flow { } give a direction; use them for angle only", path);
    *out = fu->f;
    if (fu->f.kind == STP_FIELD_RAMP) {
      char p2[200];
      snprintf(p2, sizeof p2, "%s ramp from", path);
      check_number(c, p2, fu->f.from, r);
      snprintf(p2, sizeof p2, "%s ramp to", path);
      check_number(c, p2, fu->f.to, r);
    }
    *nominal = fu->nominal;
    lua_pop(L, 1);
    return true;
  }
  if (ty != LUA_TFUNCTION)
    FAIL(c, STP_ERR_SCRIPT, "%s must be a number, %sramp { ... } or a function(x, y) (got %s)", path,
         angle ? "whorl { ... }, flow { ... }, " : "", ty == LUA_TTABLE ? "a plain table" : type_of(L, ty));
  if (o->grid_count >= STP_SCN_MAX_GRIDS)
    FAIL(c, STP_ERR_RANGE, "%s: a scenario may have at most %d targets given as functions", path, STP_SCN_MAX_GRIDS);
  int fn = lua_gettop(L);
  stp_grid *g = &o->grids[o->grid_count];
  memset(g, 0, sizeof *g);
  stp_shape_bounds(&zn->shape, &g->x0, &g->y0, &g->x1, &g->y1);
  g->nx = g->ny = GRID_SAMPLES;
  double sum = 0;
  for (int j = 0; j < g->ny; j++)
    for (int i = 0; i < g->nx; i++) {
      double x = g->x0 + (g->x1 - g->x0) * i / (g->nx - 1), y = g->y0 + (g->y1 - g->y0) * j / (g->ny - 1);
      lua_pushvalue(L, fn);
      lua_pushnumber(L, x);
      lua_pushnumber(L, y);
      lua_call(L, 2, 1);
      int rt = lua_type(L, -1);
      if (rt != LUA_TNUMBER)
        FAIL(c, STP_ERR_SCRIPT, "%s: the function returned %s at (%g, %g); it must return a number", path,
             type_of(L, rt), x, y);
      double v = (double)lua_tonumber(L, -1);
      lua_pop(L, 1);
      if (!isfinite(v) || v < r.lo || v > r.hi || (r.lo_open && v <= r.lo))
        FAIL(c, STP_ERR_RANGE, "%s: the function gave %g at (%g, %g); it must be a finite number from %g to %g%s%s",
             path, v, x, y, r.lo, r.hi, r.unit ? " " : "", r.unit ? r.unit : "");
      if (angle) { v = fmod(v, 360.0); if (v < 0) v += 360.0; }
      g->v[j * g->nx + i] = (float)v;
      sum += v;
    }
  lua_pop(L, 1);
  out->kind = STP_FIELD_GRID;
  out->grid = o->grid_count++;
  *nominal = angle ? g->v[(g->ny / 2) * g->nx + g->nx / 2] : sum / (g->nx * g->ny);
  return true;
}

/* { x, y } or { x = , y = } -> point */
static void read_point(conv *c, int t, const char *prefix, const char *key, double *x, double *y) {
  lua_State *L = c->L;
  char path[160];
  path_of(path, sizeof path, prefix, key);
  int ty = field(c, t, key);
  if (ty != LUA_TTABLE) FAIL(c, STP_ERR_SCRIPT, "%s must be a point { x, y } (got %s)", path, type_of(L, ty));
  int p = lua_gettop(L);
  int tx = lua_rawgeti(L, p, 1), ty2 = lua_rawgeti(L, p, 2);
  if (tx == LUA_TNUMBER && ty2 == LUA_TNUMBER) {
    *x = lua_tonumber(L, -2);
    *y = lua_tonumber(L, -1);
    lua_pop(L, 2);
    char p2[200];
    snprintf(p2, sizeof p2, "%s x", path);
    check_number(c, p2, *x, COORD_F);
    snprintf(p2, sizeof p2, "%s y", path);
    check_number(c, p2, *y, COORD_F);
  } else {
    lua_pop(L, 2);
    static const char *const keys[] = {"x", "y"};
    check_keys(c, p, keys, 2, "key", path);
    *x = req_number(c, p, path, "x", COORD_F);
    *y = req_number(c, p, path, "y", COORD_F);
  }
  lua_pop(L, 1);
}

/* ---- scenario { ... } -------------------------------------------------------------------- */

static void read_client(conv *c, int t, stp_scenario *o) {
  int cl = opt_table(c, t, "", "client",
                     "{ skin = 1..6, skin_color = \"#rrggbb\", heal_lightening = 0..1, age = years, sun = 0..1, aftercare = 0..1 }");
  if (!cl) return;
  static const char *const keys[] = {"skin", "skin_color", "heal_lightening", "age", "sun", "aftercare"};
  check_keys(c, cl, keys, 6, "key", "client");
  opt_number(c, cl, "client", "sun", (range){0, 1, false, "(0 indoors .. 1 always in the sun)"}, &o->healing.sun);
  opt_number(c, cl, "client", "aftercare", (range){0, 1, false, "(1 good .. 0 none)"}, &o->healing.aftercare);
  int age;   /* checked for the author; the model has no use for it yet (shown in the brief) */
  opt_int(c, cl, "client", "age", 16, 100, &age);
  int fitz;
  if (opt_int(c, cl, "client", "skin", 1, 6, &fitz)) {
    o->skin.fitzpatrick = fitz;
    stp_skin_tone(fitz, o->skin.rgb);
  }
  opt_color(c, cl, "client", "skin_color", o->skin.rgb);
  opt_number(c, cl, "client", "heal_lightening", (range){0, 1, false, NULL}, &o->skin.heal_lightening);
  lua_pop(c->L, 1);
}

static const range DENSITY = {0, 150, false, "impressions per cm2"};

static void read_hair(conv *c, int t, stp_scenario *o) {
  int h = opt_table(c, t, "", "hair", "{ { shape = ..., density = ... }, ... }");
  if (!h) return;
  int n = check_list(c, h, "hair", 0, STP_SCN_MAX_HAIR, "hair regions");
  static const char *const keys[] = {"shape", "density", "color", "length"};
  for (int i = 0; i < n; i++) {
    char prefix[32], where[48];
    snprintf(prefix, sizeof prefix, "hair[%d]", i + 1);
    snprintf(where, sizeof where, "hair region %d", i + 1);
    int ty = lua_rawgeti(c->L, h, i + 1);
    if (ty != LUA_TTABLE)
      FAIL(c, STP_ERR_SCRIPT, "%s must be a table { shape = ..., density = ... } (got %s)", prefix, type_of(c->L, ty));
    int e = lua_gettop(c->L);
    check_keys(c, e, keys, 4, "key", where);
    stp_hair_region *r = &o->hair[i];
    memset(r, 0, sizeof *r);
    req_shape(c, e, prefix, "shape", &r->shape);
    r->density_per_cm2 = req_number(c, e, prefix, "density", (range){0, 150, false, "hairs (follicular units) per cm2"});
    static const unsigned char dark_brown[3] = {0x2a, 0x23, 0x20};   /* "#2a2320" */
    for (int k = 0; k < 3; k++) r->rgb[k] = srgb_to_linear((float)dark_brown[k] / 255.0f);
    opt_color(c, e, prefix, "color", r->rgb);
    r->length_mm = 0.5;
    opt_number(c, e, prefix, "length", (range){0.1, 200, false, "mm"}, &r->length_mm);
    lua_pop(c->L, 1);
  }
  o->hair_count = n;
  lua_pop(c->L, 1);
}

/* The string on top of the stack (popped) as one of names[0..n): its index. Anything else
 * fails at path, suggesting the nearest name ("did you mean") or listing them all. */
static int read_word(conv *c, const char *path, const char *const *names, int n) {
  size_t len;
  const char *v = lua_tolstring(c->L, -1, &len);
  for (int i = 0; i < n; i++)
    if (strlen(names[i]) == len && memcmp(names[i], v, len) == 0) { lua_pop(c->L, 1); return i; }
  char shown[48], list[160] = "";
  printable(shown, sizeof shown, v, len);
  for (int i = 0; i < n; i++)
    if (stp_script_edit_distance(v, len, names[i], strlen(names[i]), 2) <= 2)
      FAIL(c, STP_ERR_RANGE, "%s is \"%s\"; did you mean \"%s\"?", path, shown, names[i]);
  for (int i = 0; i < n; i++)
    snprintf(list + strlen(list), sizeof list - strlen(list), "%s\"%s\"", i == 0 ? "" : i == n - 1 ? " or " : ", ", names[i]);
  FAIL(c, STP_ERR_RANGE, "%s is \"%s\"; it must be %s", path, shown, list);
}

static stp_zone_role read_role(conv *c, int e, const char *prefix) {
  static const char *const roles[] = {"work", "hairline", "scar", "forbidden", "done"};
  char path[64];
  path_of(path, sizeof path, prefix, "role");
  int ty = field(c, e, "role");
  if (ty == LUA_TNIL) { lua_pop(c->L, 1); return STP_ZONE_WORK; }
  if (ty != LUA_TSTRING) FAIL(c, STP_ERR_SCRIPT, "%s must be a string (got %s)", path, type_of(c->L, ty));
  return (stp_zone_role)read_word(c, path, roles, 5);
}

/* zones[i].shade: "hair" (default), "plan" or a colour "#rrggbb". */
static void read_shade(conv *c, int e, const char *prefix, stp_zone *zn) {
  char path[64];
  path_of(path, sizeof path, prefix, "shade");
  zn->shade_source = STP_SHADE_HAIR;
  int ty = field(c, e, "shade");
  if (ty == LUA_TNIL) { lua_pop(c->L, 1); return; }
  if (ty != LUA_TSTRING)
    FAIL(c, STP_ERR_SCRIPT, "%s must be \"hair\", \"plan\" or a colour \"#rrggbb\" (got %s)", path, type_of(c->L, ty));
  size_t len;
  const char *v = lua_tolstring(c->L, -1, &len);
  if (len == 4 && memcmp(v, "hair", 4) == 0) { lua_pop(c->L, 1); return; }
  if (len == 4 && memcmp(v, "plan", 4) == 0) { zn->shade_source = STP_SHADE_PLAN; lua_pop(c->L, 1); return; }
  lua_pop(c->L, 1);
  if (len > 0 && v[0] != '#') {
    char shown[48];
    printable(shown, sizeof shown, v, len);
    FAIL(c, STP_ERR_RANGE, "%s is \"%s\"; it must be \"hair\", \"plan\" or a colour \"#rrggbb\"", path, shown);
  }
  opt_color(c, e, prefix, "shade", zn->shade_rgb);
  zn->shade_source = STP_SHADE_COLOUR;
}

/* After tools: resolve the zones' pigments and needles against the kit, mark what the plan
 * chooses, and plan it (stp_shade_plan). */
static void plan_zones(conv *c, stp_scenario *o) {
  for (int i = 0; i < o->zone_count; i++) {
    stp_zone *zn = &o->zones[i];
    if (c->zone_pigment[i][0]) {
      zn->pigment = stp_scenario_find_pigment(o, c->zone_pigment[i]);
      if (zn->pigment < 0) {
        char list[400] = "";
        size_t n = 0;
        for (int p = 0; p < o->pigment_count && n + 1 < sizeof list; p++)
          n += (size_t)snprintf(list + n, sizeof list - n, "%s%s", p ? ", " : "", o->pigments[p].id);
        FAIL(c, STP_ERR_RANGE, "zones[%d].pigment '%s' is not in tools.pigments (%s)", i + 1, c->zone_pigment[i], list);
      }
    }
    if (zn->needle_mm > 0) {
      bool ok = false;
      for (int k = 0; k < o->needle_count; k++) ok = ok || lround(o->needles_mm[k] * 1000) == lround(zn->needle_mm * 1000);
      if (!ok) FAIL(c, STP_ERR_RANGE, "zones[%d].needle %g mm is not in tools.needles", i + 1, zn->needle_mm);
    }
    for (int k = 0; k < STP_SCN_MAX_SESSIONS; k++) {
      stp_session_plan *pl = &zn->plan[k];
      if (c->plan_pigment[i][k][0]) {
        pl->pigment = stp_scenario_find_pigment(o, c->plan_pigment[i][k]);
        if (pl->pigment < 0)
          FAIL(c, STP_ERR_RANGE, "zones[%d].plan[%d].pigment '%s' is not in tools.pigments", i + 1, k + 1,
               c->plan_pigment[i][k]);
      }
      if (pl->needle_mm > 0) {
        bool ok = false;
        for (int q = 0; q < o->needle_count; q++) ok = ok || lround(o->needles_mm[q] * 1000) == lround(pl->needle_mm * 1000);
        if (!ok) FAIL(c, STP_ERR_RANGE, "zones[%d].plan[%d].needle %g mm is not in tools.needles", i + 1, k + 1, pl->needle_mm);
      }
      if (pl->ink > 0) {
        bool ok = false;
        for (int q = 0; q < o->ink_count; q++) ok = ok || lround(o->inks[q] * 1000) == lround(pl->ink * 1000);
        if (!ok) FAIL(c, STP_ERR_RANGE, "zones[%d].plan[%d].ink %g is not in tools.inks", i + 1, k + 1, pl->ink);
      }
    }
    if (zn->shade_source != STP_SHADE_PLAN) {
      zn->ink_auto = !c->zone_ink_set[i];
      zn->pigment_auto = !c->zone_pigment[i][0];
    }
  }
  stp_shade_plan(o);
}

/* t.plan: { { density = share, ink =, pigment =, needle = }, ... } one entry per session from
 * the first, into zone z (the scenario's own plan is copied into zones without one later).
 * False when absent. */
static bool read_plan(conv *c, int t, const char *prefix, stp_scenario *o, int z) {
  char path[64];
  path_of(path, sizeof path, prefix, "plan");
  int p = opt_table(c, t, prefix, "plan", "{ { density = 0.3, ink = 0.25 }, { density = 0.7 }, { density = 1 } }: one per session");
  for (int k = 0; k < STP_SCN_MAX_SESSIONS; k++) {
    memset(&o->zones[z].plan[k], 0, sizeof o->zones[z].plan[k]);
    o->zones[z].plan[k].pigment = -1;
    c->plan_pigment[z][k][0] = '\0';
  }
  if (!p) return false;
  int n = check_list(c, p, path, 1, STP_SCN_MAX_SESSIONS, "sessions");
  if (n > o->sessions)
    FAIL(c, STP_ERR_RANGE, "%s has %d sessions but the scenario has sessions = %d (set sessions first)", path, n, o->sessions);
  static const char *const keys[] = {"density", "ink", "pigment", "needle"};
  for (int k = 0; k < n; k++) {
    char ep[96];
    snprintf(ep, sizeof ep, "%s[%d]", path, k + 1);
    int ty = lua_rawgeti(c->L, p, k + 1);
    if (ty != LUA_TTABLE)
      FAIL(c, STP_ERR_SCRIPT, "%s must be a table { density = share of the final density, ink = ... } (got %s)", ep,
           type_of(c->L, ty));
    int e = lua_gettop(c->L);
    check_keys(c, e, keys, 4, "key", ep);
    stp_session_plan *pl = &o->zones[z].plan[k];
    pl->set = true;
    pl->density = req_number(c, e, ep, "density", (range){0, 1.5, true, "(share of the final density so far)"});
    opt_number(c, e, ep, "ink", (range){0, 1, true, "(ink concentration)"}, &pl->ink);
    opt_string(c, e, ep, "pigment", c->plan_pigment[z][k], sizeof c->plan_pigment[z][k], true);
    opt_number(c, e, ep, "needle", (range){0.1, 1.0, false, "mm"}, &pl->needle_mm);
    if (k > 0 && pl->density < o->zones[z].plan[k - 1].density)
      FAIL(c, STP_ERR_RANGE, "%s.density (%g) is below session %d's (%g): the share counts every session so far", ep,
           pl->density, k, o->zones[z].plan[k - 1].density);
    lua_pop(c->L, 1);
  }
  lua_pop(c->L, 1);
  return true;
}

/* t.surface: "flat", "raised", "atrophic" or "shiny"; STP_SURFACE_NONE when absent. */
static stp_surface read_surface(conv *c, int t, const char *prefix) {
  static const char *const names[] = {"flat", "raised", "atrophic", "shiny"};
  char path[160];
  path_of(path, sizeof path, prefix, "surface");
  int ty = field(c, t, "surface");
  if (ty == LUA_TNIL) { lua_pop(c->L, 1); return STP_SURFACE_NONE; }
  if (ty != LUA_TSTRING) FAIL(c, STP_ERR_SCRIPT, "%s must be a string (got %s)", path, type_of(c->L, ty));
  return (stp_surface)(read_word(c, path, names, 4) + 1);
}

/* zones[i].tissue = { depth = {min, max}, uptake = , spread = , surface = } (docs/scenario-api.md,
 * "Tissue"): every key optional, each one set wins over the patches and the scenario there. */
/* A list of min..max numbers at t, each in r: the count. (what names them in a count's error.) */
static int read_number_list(conv *c, int t, const char *path, int min, int max, const char *what, range r, double *out) {
  int n = check_list(c, t, path, min, max, what);
  for (int i = 0; i < n; i++) {
    char p[128];
    snprintf(p, sizeof p, "%s[%d]", path, i + 1);
    int ty = lua_rawgeti(c->L, t, i + 1);
    if (ty != LUA_TNUMBER)
      FAIL(c, STP_ERR_SCRIPT, "%s must be a number (%s%sgot %s)", p, r.unit ? r.unit : "", r.unit ? "; " : "", type_of(c->L, ty));
    out[i] = (double)lua_tonumber(c->L, -1);
    lua_pop(c->L, 1);
    check_number(c, p, out[i], r);
  }
  return n;
}

static void read_tissue(conv *c, int e, const char *prefix, stp_zone *zn) {
  char tp[64];
  path_of(tp, sizeof tp, prefix, "tissue");
  int t = opt_table(c, e, prefix, "tissue", "{ depth = {min, max}, uptake = , spread = , surface = }");
  if (!t) return;
  static const char *const keys[] = {"depth", "uptake", "spread", "surface"};
  check_keys(c, t, keys, 4, "key", tp);
  stp_tissue *ts = &zn->tissue;
  ts->set = true;
  int d = opt_table(c, t, tp, "depth", "{ min_mm, max_mm }");
  if (d) {
    char dp[80];
    path_of(dp, sizeof dp, tp, "depth");
    double v[2];
    read_number_list(c, d, dp, 2, 2, "depths (min and max, mm)", (range){0, 5, true, "mm"}, v);
    if (!(v[0] < v[1]))
      FAIL(c, STP_ERR_RANGE, "%s: the shallow limit (%g mm) must be less than the deep one (%g mm)", dp, v[0], v[1]);
    ts->shallow_mm = v[0];
    ts->deep_mm = v[1];
    lua_pop(c->L, 1);
  }
  opt_number(c, t, tp, "uptake", (range){0, 1, true, "(share of pigment taken, 1 = normal skin)"}, &ts->uptake);
  opt_number(c, t, tp, "spread", (range){1, 5, false, "(times a normal dot's spread)"}, &ts->spread);
  ts->surface = read_surface(c, t, tp);
  lua_pop(c->L, 1);
}

static void read_zones(conv *c, int t, stp_scenario *o) {
  int z = opt_table(c, t, "", "zones", "{ { id = ..., shape = ..., density = ... }, ... }");
  if (!z) FAIL(c, STP_ERR_SCRIPT, "zones is missing: a scenario needs 1 to %d zones { { id = ..., shape = ..., density = ... } }", STP_SCN_MAX_ZONES);
  int n = check_list(c, z, "zones", 1, STP_SCN_MAX_ZONES, "zones");
  static const char *const keys[] = {"id",  "name", "shape", "density", "tolerance", "angle",
                                     "ink", "depth", "role",  "uptake",  "spread", "shade",
                                     "pigment", "needle", "plan", "tissue"};
  for (int i = 0; i < n; i++) {
    char prefix[32], where[120];
    snprintf(prefix, sizeof prefix, "zones[%d]", i + 1);
    int ty = lua_rawgeti(c->L, z, i + 1);
    if (ty != LUA_TTABLE)
      FAIL(c, STP_ERR_SCRIPT, "%s must be a table { id = ..., shape = ..., density = ... } (got %s)", prefix,
           type_of(c->L, ty));
    int e = lua_gettop(c->L);
    /* Name the zone by its id in messages when it has a readable one. */
    snprintf(where, sizeof where, "zone %d", i + 1);
    if (field(c, e, "id") == LUA_TSTRING) {
      size_t len;
      const char *id = lua_tolstring(c->L, -1, &len);
      char shown[48];
      printable(shown, sizeof shown, id, len);
      snprintf(where, sizeof where, "zone %d ('%s')", i + 1, shown);
    }
    lua_pop(c->L, 1);
    check_keys(c, e, keys, 16, "key", where);
    stp_zone *zn = &o->zones[i];
    memset(zn, 0, sizeof *zn);
    c->zone_plan_set[i] = read_plan(c, e, prefix, o, i);
    req_string(c, e, prefix, "id", zn->id, sizeof zn->id, true, "a short name like \"crown\": a-z, 0-9, '-' and '_'");
    if (!opt_string(c, e, prefix, "name", zn->name, sizeof zn->name, false))
      memcpy(zn->name, zn->id, sizeof zn->name);   /* same size, NUL-terminated */
    req_shape(c, e, prefix, "shape", &zn->shape);
    zn->role = read_role(c, e, prefix);
    if (!read_target(c, e, prefix, "density", DENSITY, false, o, zn, &zn->density_per_cm2, &zn->density_field)) {
      if (zn->role != STP_ZONE_FORBIDDEN)
        FAIL(c, STP_ERR_SCRIPT, "%s.density is missing (a number from 0 to 150 impressions per cm2, "
             "ramp { ... } or a function(x, y))", prefix);
      zn->density_per_cm2 = 0;
    }
    zn->density_tolerance = 0.15 * zn->density_per_cm2;
    opt_number(c, e, prefix, "tolerance", DENSITY, &zn->density_tolerance);
    zn->angle_deg = 270;
    if (read_target(c, e, prefix, "angle", (range){-3600, 3600, false, "degrees"}, true, o, zn, &zn->angle_deg,
                    &zn->angle_field)) {
      zn->angle_deg = fmod(zn->angle_deg, 360.0);
      if (zn->angle_deg < 0) zn->angle_deg += 360.0;
    }
    zn->ink = 0.5;
    c->zone_ink_set[i] =
        read_target(c, e, prefix, "ink", (range){0, 1, true, "(ink concentration)"}, false, o, zn, &zn->ink, &zn->ink_field);
    read_shade(c, e, prefix, zn);
    c->zone_pigment[i][0] = '\0';
    opt_string(c, e, prefix, "pigment", c->zone_pigment[i], sizeof c->zone_pigment[i], true);
    opt_number(c, e, prefix, "needle", (range){0.1, 1.0, false, "mm"}, &zn->needle_mm);
    zn->depth_mm = 1.0;
    read_target(c, e, prefix, "depth", (range){0, 5, true, "mm"}, false, o, zn, &zn->depth_mm, &zn->depth_field);
    bool has_uptake = opt_number(c, e, prefix, "uptake", (range){0, 1, true, "(share of pigment taken, 1 = normal skin)"}, &zn->uptake);
    bool has_spread = opt_number(c, e, prefix, "spread", (range){1, 5, false, "(times a normal dot's spread)"}, &zn->spread);
    if ((has_uptake || has_spread) && zn->role != STP_ZONE_SCAR)
      FAIL(c, STP_ERR_SCRIPT, "%s: uptake and spread describe scar tissue; add role = \"scar\" to this zone", prefix);
    read_tissue(c, e, prefix, zn);
    if ((has_uptake || has_spread) && zn->tissue.set)
      FAIL(c, STP_ERR_SCRIPT, "%s: give uptake and spread inside tissue = { ... }, not beside it (the two would "
           "disagree over a patch: docs/scenario-api.md, \"Tissue\")", prefix);
    if (zn->density_per_cm2 > 0 && zn->density_tolerance >= zn->density_per_cm2)
      FAIL(c, STP_ERR_RANGE, "%s.tolerance (%g) must be smaller than its density (%g)", prefix,
           zn->density_tolerance, zn->density_per_cm2);
    for (int j = 0; j < i; j++)
      if (strcmp(o->zones[j].id, zn->id) == 0)
        FAIL(c, STP_ERR_RANGE, "zones[%d] and zones[%d] both have the id '%s'; zone ids must differ", j + 1, i + 1, zn->id);
    lua_pop(c->L, 1);
  }
  o->zone_count = n;
  lua_pop(c->L, 1);
}

/* The scenario's plan: read as a zone's, then copied into every zone to pigment that has
 * none of its own (a forbidden zone has none). */
static void read_scenario_plan(conv *c, int t, stp_scenario *o) {
  if (o->zone_count >= STP_SCN_MAX_ZONES) {
    int ty = field(c, t, "plan");
    lua_pop(c->L, 1);
    if (ty != LUA_TNIL) FAIL(c, STP_ERR_RANGE, "plan: with %d zones, give each zone its own plan", STP_SCN_MAX_ZONES);
    return;
  }
  int spare = o->zone_count;   /* a free slot to read into */
  if (!read_plan(c, t, "", o, spare)) return;
  for (int z = 0; z < o->zone_count; z++) {
    if (c->zone_plan_set[z] || !stp_scenario_zone_worked(o, z)) continue;
    memcpy(o->zones[z].plan, o->zones[spare].plan, sizeof o->zones[z].plan);
    memcpy(c->plan_pigment[z], c->plan_pigment[spare], sizeof c->plan_pigment[z]);
  }
  memset(o->zones[spare].plan, 0, sizeof o->zones[spare].plan);
  c->plan_pigment[spare][0][0] = '\0';
}

/* healing = { interval =, redness =, flaking = { from, to }, settled =, loss =, loss_shallow =,
 *             loss_scar =, fade =, spread =, scar_fade = } */
static void read_healing(conv *c, int t, stp_scenario *o) {
  int h = opt_table(c, t, "", "healing", "{ interval = days, loss = 0.12, fade = per year, ... }");
  if (!h) return;
  static const char *const keys[] = {"interval", "redness", "flaking", "settled", "loss", "loss_shallow",
                                     "loss_scar", "fade", "spread", "scar_fade"};
  check_keys(c, h, keys, 10, "key", "healing");
  stp_healing *hl = &o->healing;
  opt_number(c, h, "healing", "interval", (range){1, 365, false, "days"}, &hl->interval_days);
  opt_number(c, h, "healing", "redness", (range){0, 30, false, "days"}, &hl->redness_days);
  int f = opt_table(c, h, "healing", "flaking", "{ 3, 5 }: the days the scabs flake off");
  if (f) {
    if (check_list(c, f, "healing.flaking", 2, 2, "days") == 2) {
      lua_rawgeti(c->L, f, 1);
      lua_rawgeti(c->L, f, 2);
      if (!lua_isnumber(c->L, -2) || !lua_isnumber(c->L, -1))
        FAIL(c, STP_ERR_SCRIPT, "healing.flaking must be two numbers of days { from, to }");
      hl->flake_from_days = lua_tonumber(c->L, -2);
      hl->flake_to_days = lua_tonumber(c->L, -1);
      lua_pop(c->L, 2);
      check_number(c, "healing.flaking[1]", hl->flake_from_days, (range){0, 60, false, "days"});
      check_number(c, "healing.flaking[2]", hl->flake_to_days, (range){hl->flake_from_days, 60, false, "days"});
    }
    lua_pop(c->L, 1);
  }
  opt_number(c, h, "healing", "settled", (range){0, 120, false, "days"}, &hl->settle_days);
  if (hl->settle_days < hl->flake_to_days)
    FAIL(c, STP_ERR_RANGE, "healing.settled (%g days) must not come before the flaking ends (day %g)", hl->settle_days,
         hl->flake_to_days);
  opt_number(c, h, "healing", "loss", (range){0, 0.9, false, "(share of impressions lost)"}, &hl->loss);
  opt_number(c, h, "healing", "loss_shallow", (range){0, 1, false, NULL}, &hl->loss_shallow);
  opt_number(c, h, "healing", "loss_scar", (range){0, 1, false, NULL}, &hl->loss_scar);
  opt_number(c, h, "healing", "fade", (range){0, 2, false, "per year"}, &hl->fade_per_year);
  opt_number(c, h, "healing", "spread", (range){0, 1, false, "mm2 per year"}, &hl->spread_mm2_per_year);
  opt_number(c, h, "healing", "scar_fade", (range){1, 5, false, "(times the fading in scar tissue)"}, &hl->scar_fade);
  lua_pop(c->L, 1);
}

/* history = { age = years, density = share, ink =, sessions =, seed = } */
static void read_history(conv *c, int t, stp_scenario *o) {
  int h = opt_table(c, t, "", "history", "{ age = years, density = share of the final density, ink = ..., sessions = 3 }");
  if (!h) return;
  static const char *const keys[] = {"age", "density", "ink", "sessions", "seed"};
  check_keys(c, h, keys, 5, "key", "history");
  stp_history *hi = &o->history;
  hi->set = true;
  hi->age_years = req_number(c, h, "history", "age", (range){0, 30, true, "years (more than 0: an old work has healed)"});
  hi->density = 1.0;
  opt_number(c, h, "history", "density", (range){0, 1.5, true, "(share of each zone's final density)"}, &hi->density);
  opt_number(c, h, "history", "ink", (range){0, 1, true, "(ink concentration)"}, &hi->ink);
  hi->sessions = 3;
  opt_int(c, h, "history", "sessions", 1, STP_SCN_MAX_SESSIONS, &hi->sessions);
  double seed = 0;
  if (opt_number(c, h, "history", "seed", (range){0, 9007199254740992.0, false, "(a whole number)"}, &seed) &&
      seed != floor(seed))
    FAIL(c, STP_ERR_RANGE, "history.seed is %g; it must be a whole number", seed);
  hi->seed = (uint64_t)seed;
  lua_pop(c->L, 1);
}

static void read_patch(conv *c, int e, const char *prefix, stp_scenario *o) {
  static const char *const keys[] = {"kind", "shape", "tone", "relief", "uptake", "spread", "surface"};
  static const char *const kinds[] = {"scar_strip", "scar_dot", "alopecia"};
  check_keys(c, e, keys, 7, "key", prefix);
  if (o->patch_count >= STP_SCN_MAX_PATCHES)
    FAIL(c, STP_ERR_RANGE, "patches: at most %d patches fit in a scenario", STP_SCN_MAX_PATCHES);
  stp_patch *p = &o->patches[o->patch_count];
  memset(p, 0, sizeof *p);
  char kind[32];
  req_string(c, e, prefix, "kind", kind, sizeof kind, true, "\"scar_strip\", \"scar_dot\" or \"alopecia\"");
  int k = -1;
  for (int i = 0; i < 3; i++)
    if (strcmp(kind, kinds[i]) == 0) k = i;
  if (k < 0) {
    for (int i = 0; i < 3; i++)
      if (stp_script_edit_distance(kind, strlen(kind), kinds[i], strlen(kinds[i]), 2) <= 2)
        FAIL(c, STP_ERR_RANGE, "%s.kind is \"%s\"; did you mean \"%s\"?", prefix, kind, kinds[i]);
    FAIL(c, STP_ERR_RANGE, "%s.kind is \"%s\"; it must be \"scar_strip\", \"scar_dot\" or \"alopecia\"", prefix, kind);
  }
  p->kind = (stp_patch_kind)k;
  req_shape(c, e, prefix, "shape", &p->shape);
  p->tone = k == STP_PATCH_ALOPECIA ? 0.05 : -0.3;
  p->relief = 0;
  p->uptake = k == STP_PATCH_ALOPECIA ? 1.0 : 0.7;
  p->spread = k == STP_PATCH_ALOPECIA ? 1.0 : 1.3;
  opt_number(c, e, prefix, "tone", (range){-1, 1, false, "(lighter < 0 < darker)"}, &p->tone);
  opt_number(c, e, prefix, "relief", (range){-1, 1, false, "(sunken < 0 < raised)"}, &p->relief);
  opt_number(c, e, prefix, "uptake", (range){0, 1, true, "(share of pigment taken)"}, &p->uptake);
  opt_number(c, e, prefix, "spread", (range){1, 5, false, "(times a normal dot's spread)"}, &p->spread);
  p->surface = read_surface(c, e, prefix);
  /* The surface says which way the scar lies; a relief given beside it must agree. Without a
   * relief, the surface gives one (raised +0.6, atrophic -0.6; flat and shiny level). */
  bool has_relief = false;
  {
    int ty = field(c, e, "relief");
    has_relief = ty != LUA_TNIL;
    lua_pop(c->L, 1);
  }
  if (p->surface != STP_SURFACE_NONE && has_relief &&
      ((p->surface == STP_SURFACE_RAISED && p->relief <= 0) || (p->surface == STP_SURFACE_ATROPHIC && p->relief >= 0)))
    FAIL(c, STP_ERR_RANGE, "%s: surface \"%s\" and relief %g disagree (raised needs a relief above 0, atrophic "
         "below 0); give one of them", prefix, stp_surface_key(p->surface), p->relief);
  if (p->surface != STP_SURFACE_NONE && !has_relief)
    p->relief = p->surface == STP_SURFACE_RAISED ? 0.6 : p->surface == STP_SURFACE_ATROPHIC ? -0.6 : 0.0;
  o->patch_count++;
}

/* patches = { patch, ..., { patch, patch } }: a list of patch tables; an entry that is itself
 * a list (what fue_scars { } returns) is read in place. */
static void read_patches(conv *c, int t, stp_scenario *o) {
  lua_State *L = c->L;
  int pt = opt_table(c, t, "", "patches", "{ fut_scar { ... }, alopecia_patch { ... }, ... }");
  if (!pt) return;
  int n = check_list(c, pt, "patches", 0, 4 * STP_SCN_MAX_PATCHES, "patches");
  for (int i = 0; i < n; i++) {
    char prefix[48];
    snprintf(prefix, sizeof prefix, "patches[%d]", i + 1);
    int ty = lua_rawgeti(L, pt, i + 1);
    if (ty != LUA_TTABLE) FAIL(c, STP_ERR_SCRIPT, "%s must be a patch table (got %s)", prefix, type_of(L, ty));
    int e = lua_gettop(L);
    int kt = field(c, e, "kind");
    lua_pop(L, 1);
    int ft = lua_rawgeti(L, e, 1);
    lua_pop(L, 1);
    if (kt == LUA_TNIL && ft == LUA_TTABLE) {
      int m = check_list(c, e, prefix, 1, STP_SCN_MAX_PATCHES, "patches");
      for (int j = 0; j < m; j++) {
        char p2[64];
        snprintf(p2, sizeof p2, "%s[%d]", prefix, j + 1);
        if (lua_rawgeti(L, e, j + 1) != LUA_TTABLE) FAIL(c, STP_ERR_SCRIPT, "%s must be a patch table", p2);
        read_patch(c, lua_gettop(L), p2, o);
        lua_pop(L, 1);
      }
    } else {
      read_patch(c, e, prefix, o);
    }
    lua_pop(L, 1);
  }
  lua_pop(L, 1);
}

static void read_part(conv *c, int t, stp_scenario *o) {
  int p = opt_table(c, t, "", "part", "{ from = { x, y }, to = { x, y } }");
  if (!p) return;
  static const char *const keys[] = {"from", "to"};
  check_keys(c, p, keys, 2, "key", "part");
  read_point(c, p, "part", "from", &o->part_x0, &o->part_y0);
  read_point(c, p, "part", "to", &o->part_x1, &o->part_y1);
  if (o->part_x0 == o->part_x1 && o->part_y0 == o->part_y1)
    FAIL(c, STP_ERR_RANGE, "part.from and part.to are the same point; a part is a line");
  o->has_part = true;
  lua_pop(c->L, 1);
}

/* overlays = { zones = true, grain = true, density = false }: what a trainee may show in
 * practice. A key left out keeps its default (allowed). */
static void read_overlays(conv *c, int t, stp_scenario *o) {
  int v = opt_table(c, t, "", "overlays", "{ zones = true|false, grain = true|false, density = true|false }");
  if (!v) return;
  static const char *const keys[] = {"zones", "grain", "density"};
  static const unsigned bits[] = {STP_OVERLAY_ZONES, STP_OVERLAY_GRAIN, STP_OVERLAY_DENSITY};
  check_keys(c, v, keys, 3, "key", "overlays");
  for (int i = 0; i < 3; i++) {
    int ty = field(c, v, keys[i]);
    if (ty == LUA_TBOOLEAN) {
      if (lua_toboolean(c->L, -1)) o->overlays |= bits[i];
      else o->overlays &= ~bits[i];
    } else if (ty != LUA_TNIL) {
      FAIL(c, STP_ERR_SCRIPT, "overlays.%s must be true or false (got %s)", keys[i], type_of(c->L, ty));
    }
    lua_pop(c->L, 1);
  }
  lua_pop(c->L, 1);
}

/* tutorial = true (every coach step) | false | { "place", "zoom", "needle", "healed", "finish" }
 * (those steps, in that order). */
static void read_tutorial(conv *c, int t, stp_scenario *o) {
  static const char *const usage = "true or a list of steps like { \"place\", \"zoom\", \"needle\", \"healed\", \"finish\" }";
  lua_State *L = c->L;
  int ty = field(c, t, "tutorial");
  o->tutorial_count = 0;
  if (ty == LUA_TNIL || (ty == LUA_TBOOLEAN && !lua_toboolean(L, -1))) { lua_pop(L, 1); return; }
  if (ty == LUA_TBOOLEAN) {
    for (int i = 0; i < STP_TUT_COUNT; i++) o->tutorial[o->tutorial_count++] = (stp_tutorial_step)i;
    lua_pop(L, 1);
    return;
  }
  if (ty != LUA_TTABLE) FAIL(c, STP_ERR_SCRIPT, "tutorial must be %s (got %s)", usage, type_of(L, ty));
  int v = lua_gettop(L);
  lua_Unsigned n = lua_rawlen(L, v);
  int keys = 0;
  lua_pushnil(L);
  while (lua_next(L, v)) { lua_pop(L, 1); keys++; if (keys > STP_TUT_COUNT + 1) { lua_pop(L, 1); break; } }
  if (n == 0 || (lua_Unsigned)keys != n)
    FAIL(c, STP_ERR_SCRIPT, "tutorial must be %s: a non-empty list, without keys", usage);
  if (n > STP_TUT_COUNT) FAIL(c, STP_ERR_RANGE, "tutorial lists %d steps; there are %d", (int)n, STP_TUT_COUNT);
  for (lua_Unsigned i = 1; i <= n; i++) {
    int ety = lua_rawgeti(L, v, (lua_Integer)i);
    const char *k = ety == LUA_TSTRING ? lua_tostring(L, -1) : NULL;
    stp_tutorial_step step = k ? stp_tutorial_step_find(k) : STP_TUT_COUNT;
    if (!k) FAIL(c, STP_ERR_SCRIPT, "tutorial[%d] must be a step name (got %s)", (int)i, type_of(L, ety));
    if (step == STP_TUT_COUNT)
      FAIL(c, STP_ERR_RANGE, "tutorial[%d] is \"%.40s\"; the steps are place, zoom, needle, healed and finish", (int)i, k);
    for (int j = 0; j < o->tutorial_count; j++)
      if (o->tutorial[j] == step) FAIL(c, STP_ERR_RANGE, "tutorial lists \"%s\" twice", k);
    o->tutorial[o->tutorial_count++] = step;
    lua_pop(L, 1);
  }
  lua_pop(L, 1);
}

/* design = { zone = "hairline", behind = "top", depth = 25, weight = 0.3, gate = 50 }: the
 * hairline design exercise (docs/scenario-api.md, "Hairline design exercise"). After the
 * zones and the rubric: it names zones and turns the design criterion on. */
static void read_design(conv *c, int t, stp_scenario *o) {
  int d = opt_table(c, t, "", "design", "{ zone = \"hairline\", depth = 25, behind = \"top\", weight = 0.3 }");
  stp_rubric_item *it = &o->rubric.items[STP_CRIT_DESIGN];
  if (!d) {
    if (it->enabled)
      FAIL(c, STP_ERR_SCRIPT, "rubric.design judges the trainee's hairline design: add design = { zone = \"...\" } "
                              "to make the case a design exercise");
    return;
  }
  static const char *const keys[] = {"zone", "behind", "depth", "weight", "gate", "guides"};
  check_keys(c, d, keys, 6, "key", "design");
  char zone[STP_SCN_ID_LEN] = "", behind[STP_SCN_ID_LEN] = "";
  req_string(c, d, "design", "zone", zone, sizeof zone, true, "the id of the hairline zone cut from the design");
  opt_string(c, d, "design", "behind", behind, sizeof behind, true);
  o->design.depth_mm = 25;
  opt_number(c, d, "design", "depth", (range){5, 60, false, "mm behind the designed line"}, &o->design.depth_mm);
  o->design.zone = o->design.behind = -1;
  for (int z = 0; z < o->zone_count; z++) {
    if (strcmp(o->zones[z].id, zone) == 0) o->design.zone = z;
    if (behind[0] && strcmp(o->zones[z].id, behind) == 0) o->design.behind = z;
  }
  if (o->design.zone < 0) FAIL(c, STP_ERR_RANGE, "design.zone is \"%s\"; no zone has that id", zone);
  if (behind[0] && o->design.behind < 0) FAIL(c, STP_ERR_RANGE, "design.behind is \"%s\"; no zone has that id", behind);
  if (o->design.behind == o->design.zone)
    FAIL(c, STP_ERR_RANGE, "design.behind and design.zone are the same zone (\"%s\"); name two zones", zone);
  if (!it->enabled) {   /* on with the design's weight and a gate, unless the rubric set it */
    it->enabled = true;
    it->weight = 0.3;
    it->gate = 50;
  }
  opt_number(c, d, "design", "weight", (range){0, 1000, false, NULL}, &it->weight);
  opt_number(c, d, "design", "gate", (range){0, 100, false, "(the design's score, 0..100)"}, &it->gate);
  char guides[STP_SCN_ID_LEN] = "";
  if (opt_string(c, d, "design", "guides", guides, sizeof guides, true)) {
    if (strcmp(guides, "none") == 0) o->design.guides = STP_DESIGN_GUIDES_NONE;
    else if (strcmp(guides, "ruler") == 0) o->design.guides = STP_DESIGN_GUIDES_RULER;
    else if (strcmp(guides, "landmarks") == 0) o->design.guides = STP_DESIGN_GUIDES_LANDMARKS;
    else FAIL(c, STP_ERR_RANGE, "design.guides is \"%s\": it is \"none\", \"ruler\" or \"landmarks\"", guides);
  }
  o->design.enabled = true;
  lua_pop(c->L, 1);
  stp_design_spec_capture(o);
}

static void read_rubric(conv *c, int t, stp_scenario *o) {
  int r = opt_table(c, t, "", "rubric", "{ density = weight, spacing = { weight = ..., ... } }");
  if (!r) return;
  const char *keys[STP_CRIT_COUNT];
  for (int i = 0; i < STP_CRIT_COUNT; i++) keys[i] = stp_criterion_key((stp_criterion_id)i);
  check_keys(c, r, keys, STP_CRIT_COUNT, "criterion", "rubric");
  const range WEIGHT = {0, 1000, false, NULL};
  for (int i = 0; i < STP_CRIT_COUNT; i++) {
    stp_rubric_item *it = &o->rubric.items[i];
    double default_weight = it->weight;
    it->enabled = false;
    char prefix[64];
    snprintf(prefix, sizeof prefix, "rubric.%s", keys[i]);
    int ty = field(c, r, keys[i]);
    if (ty == LUA_TNIL) { lua_pop(c->L, 1); continue; }
    it->enabled = true;
    if (ty == LUA_TNUMBER) {
      lua_pop(c->L, 1);
      opt_number(c, r, "rubric", keys[i], WEIGHT, &it->weight);
      continue;
    }
    if (ty != LUA_TTABLE)
      FAIL(c, STP_ERR_SCRIPT, "%s must be a weight (a number) or a table { weight = ... } (got %s)", prefix,
           type_of(c->L, ty));
    int e = lua_gettop(c->L);
    bool spacing = strcmp(keys[i], "spacing") == 0;
    bool boundary = i == STP_CRIT_BOUNDARY;
    static const char *const plain_keys[] = {"weight", "tolerance", "zero", "gate"};
    static const char *const spacing_keys[] = {"weight", "tolerance", "zero", "gate", "merge_factor",
                                               "max_merged_fraction", "pattern_weight"};
    static const char *const boundary_keys[] = {"weight", "tolerance", "zero", "gate", "margin", "hard", "soft"};
    check_keys(c, e, spacing ? spacing_keys : boundary ? boundary_keys : plain_keys,
               spacing ? 7 : boundary ? 7 : 4, "key", prefix);
    it->weight = default_weight;
    opt_number(c, e, prefix, "weight", WEIGHT, &it->weight);
    opt_number(c, e, prefix, "tolerance", (range){0, 1000, false, NULL}, &it->tolerance);
    bool has_zero = opt_number(c, e, prefix, "zero", (range){0, 1000, false, NULL}, &it->zero);
    opt_number(c, e, prefix, "gate", (range){0, 100, false, "(the criterion's score, 0..100)"}, &it->gate);
    if (boundary) {
      opt_number(c, e, prefix, "margin", (range){0, 10, false, "mm"}, &o->rubric.boundary_margin_mm);
      /* Either weight turns the classes on (docs/scoring.md, "Boundaries"); the other keeps
       * its default. */
      bool hard = opt_number(c, e, prefix, "hard", (range){0, 100, false, "(impressions each hard error counts as)"},
                             &o->rubric.boundary_hard);
      bool soft = opt_number(c, e, prefix, "soft", (range){0, 100, false, "(impressions each soft error counts as)"},
                             &o->rubric.boundary_soft);
      o->rubric.boundary_classes = hard || soft;
      if (o->rubric.boundary_soft > o->rubric.boundary_hard)
        FAIL(c, STP_ERR_RANGE, "%s: soft (%g) must not be above hard (%g): ink on the forehead is never more "
             "forgivable than ink in the client's hair", prefix, o->rubric.boundary_soft, o->rubric.boundary_hard);
    }
    if (spacing) {
      opt_number(c, e, prefix, "merge_factor", (range){0.5, 3, false, NULL}, &o->rubric.merge_factor);
      double mmf = 0;
      bool has_mmf = opt_number(c, e, prefix, "max_merged_fraction", (range){0.01, 1, false, NULL}, &mmf);
      if (has_mmf && has_zero && mmf != it->zero)
        FAIL(c, STP_ERR_RANGE, "%s: zero (%g) and max_merged_fraction (%g) are the same setting; give one", prefix,
             it->zero, mmf);
      if (has_mmf) it->zero = mmf;
      if (has_zero) check_number(c, "rubric.spacing.zero", it->zero, (range){0.01, 1, false, "(merged fraction)"});
      o->rubric.max_merged_fraction = it->zero;   /* the two always agree */
      opt_number(c, e, prefix, "pattern_weight", (range){0, 1, false, NULL}, &o->rubric.pattern_weight);
    }
    if (!(it->zero > it->tolerance))
      FAIL(c, STP_ERR_RANGE, "%s: tolerance (%g) must be below zero (%g): full marks within tolerance, none at zero",
           prefix, it->tolerance, it->zero);
    lua_pop(c->L, 1);
  }
  lua_pop(c->L, 1);
}


static void read_pigments(conv *c, int t, stp_scenario *o) {
  int n = check_list(c, t, "tools.pigments", 1, STP_SCN_MAX_PIGMENTS, "pigments");
  static const char *const keys[] = {"id", "name", "color"};
  for (int i = 0; i < n; i++) {
    char prefix[40];
    snprintf(prefix, sizeof prefix, "tools.pigments[%d]", i + 1);
    int ty = lua_rawgeti(c->L, t, i + 1);
    if (ty != LUA_TTABLE)
      FAIL(c, STP_ERR_SCRIPT, "%s must be a table { id = ..., name = ..., color = \"#rrggbb\" } (got %s)", prefix,
           type_of(c->L, ty));
    int e = lua_gettop(c->L);
    check_keys(c, e, keys, 3, "key", prefix);
    stp_kit_pigment *p = &o->pigments[i];
    memset(p, 0, sizeof *p);
    req_string(c, e, prefix, "id", p->id, sizeof p->id, true, "a short name like \"carbon-black\": a-z, 0-9, '-' and '_'");
    if (!opt_string(c, e, prefix, "name", p->name, sizeof p->name, false)) memcpy(p->name, p->id, sizeof p->name);
    if (!opt_color(c, e, prefix, "color", p->rgb))
      FAIL(c, STP_ERR_SCRIPT, "%s.color is missing (the pigment's healed colour at full strength, \"#rrggbb\")", prefix);
    for (int j = 0; j < i; j++)
      if (strcmp(o->pigments[j].id, p->id) == 0)
        FAIL(c, STP_ERR_RANGE, "tools.pigments[%d] and tools.pigments[%d] both have the id '%s'; pigment ids must differ",
             j + 1, i + 1, p->id);
    lua_pop(c->L, 1);
  }
  o->pigment_count = n;
}

static void read_tools(conv *c, int t, stp_scenario *o) {
  int tl = opt_table(c, t, "", "tools", "{ needles = { mm, ... }, inks = { 0..1, ... }, pigments = { ... } }");
  if (!tl) return;
  static const char *const keys[] = {"needles", "inks", "pigments"};
  check_keys(c, tl, keys, 3, "key", "tools");
  int nd = opt_table(c, tl, "tools", "needles", "{ 0.25, 0.30, ... } (needle diameters in mm)");
  if (nd) {
    o->needle_count = read_number_list(c, nd, "tools.needles", 1, STP_SCN_MAX_NEEDLES, "numbers",
                                       (range){0.1, 1.0, false, "mm"}, o->needles_mm);
    lua_pop(c->L, 1);
  }
  int ik = opt_table(c, tl, "tools", "inks", "{ 1.0, 0.5, ... } (ink concentrations)");
  if (ik) {
    o->ink_count = read_number_list(c, ik, "tools.inks", 1, STP_SCN_MAX_INKS, "numbers", (range){0, 1, true, NULL}, o->inks);
    lua_pop(c->L, 1);
  }
  int pg = opt_table(c, tl, "tools", "pigments",
                     "{ { id = \"carbon-black\", name = \"Carbon black\", color = \"#141518\" }, ... }");
  if (pg) {
    read_pigments(c, pg, o);
    lua_pop(c->L, 1);
  }
  lua_pop(c->L, 1);
}

static void read_depth(conv *c, int t, stp_scenario *o) {
  int d = opt_table(c, t, "", "depth_window", "{ shallow = mm, deep = mm }");
  if (!d) return;
  static const char *const keys[] = {"shallow", "deep"};
  check_keys(c, d, keys, 2, "key", "depth_window");
  opt_number(c, d, "depth_window", "shallow", (range){0, 5, true, "mm"}, &o->depth.shallow_mm);
  opt_number(c, d, "depth_window", "deep", (range){0, 5, true, "mm"}, &o->depth.deep_mm);
  if (!(o->depth.shallow_mm < o->depth.deep_mm))
    FAIL(c, STP_ERR_RANGE, "depth_window.shallow (%g mm) must be less than depth_window.deep (%g mm)",
         o->depth.shallow_mm, o->depth.deep_mm);
  lua_pop(c->L, 1);
}

static void read_view(conv *c, int t, stp_scenario *o) {
  int v = opt_table(c, t, "", "view", "{ x0 = ..., y0 = ..., x1 = ..., y1 = ... }");
  if (!v) {
    double x0 = 0, y0 = 0, x1 = 0, y1 = 0;
    for (int i = 0; i < o->zone_count; i++) {
      double a, b, cc, d;
      stp_shape_bounds(&o->zones[i].shape, &a, &b, &cc, &d);
      if (i == 0 || a < x0) x0 = a;
      if (i == 0 || b < y0) y0 = b;
      if (i == 0 || cc > x1) x1 = cc;
      if (i == 0 || d > y1) y1 = d;
    }
    o->view_x0 = x0 - 15;
    o->view_y0 = y0 - 15;
    o->view_x1 = x1 + 15;
    o->view_y1 = y1 + 15;
    return;
  }
  static const char *const keys[] = {"x0", "y0", "x1", "y1"};
  check_keys(c, v, keys, 4, "key", "view");
  o->view_x0 = req_number(c, v, "view", "x0", COORD);
  o->view_y0 = req_number(c, v, "view", "y0", COORD);
  o->view_x1 = req_number(c, v, "view", "x1", COORD);
  o->view_y1 = req_number(c, v, "view", "y1", COORD);
  if (!(o->view_x1 > o->view_x0 && o->view_y1 > o->view_y0))
    FAIL(c, STP_ERR_RANGE, "view must have x1 > x0 and y1 > y0 (it is x %g..%g, y %g..%g)", o->view_x0,
         o->view_x1, o->view_y0, o->view_y1);
  lua_pop(c->L, 1);
}

static int cmp_key(const void *a, const void *b) { return strcmp((const char *)a, (const char *)b); }

/* on_impression = function(imp) ... end: kept in the registry for play. */
static void read_hooks(conv *c, int t, stp_scenario *o) {
  lua_State *L = c->L;
  stp_script *s = c->s;
  (void)o;
  int ty = field(c, t, "on_impression");
  if (ty == LUA_TFUNCTION) s->on_impression_ref = luaL_ref(L, LUA_REGISTRYINDEX);
  else if (ty == LUA_TNIL) lua_pop(L, 1);
  else FAIL(c, STP_ERR_SCRIPT, "on_impression must be a function(imp) returning advice text or nil (got %s)", type_of(L, ty));

  /* criteria = { name = { weight = ..., fn = function(work) ... end }, ... } in sorted key order */
  int cr = opt_table(c, t, "", "criteria", "{ name = { weight = ..., fn = function(work) ... end } }");
  if (!cr) return;
  char keys[STP_SCRIPT_MAX_CUSTOM][STP_SCN_ID_LEN];
  int n = 0;
  lua_pushnil(L);
  while (lua_next(L, cr)) {
    lua_pop(L, 1);
    char k[96];
    render_key(L, -1, k, sizeof k);
    if (lua_type(L, -1) != LUA_TSTRING)
      FAIL(c, STP_ERR_SCRIPT, "criteria: the key %s must be a name like \"my_check\"", k);
    size_t len;
    const char *v = lua_tolstring(L, -1, &len);
    bool ok = len > 0 && len < STP_SCN_ID_LEN;
    for (size_t i = 0; ok && i < len; i++) ok = id_char(v[i]);
    if (!ok) FAIL(c, STP_ERR_RANGE, "criteria: the name %s may only use a-z, 0-9, '-' and '_' (1-63 characters)", k);
    if (stp_criterion_find(v) != STP_CRIT_COUNT)
      FAIL(c, STP_ERR_RANGE, "criteria: '%s' is a built-in criterion; set it in rubric, or pick another name", v);
    if (n >= STP_SCRIPT_MAX_CUSTOM) FAIL(c, STP_ERR_RANGE, "criteria: at most %d custom criteria", STP_SCRIPT_MAX_CUSTOM);
    memcpy(keys[n], v, len);
    keys[n][len] = '\0';
    n++;
  }
  qsort(keys, (size_t)n, sizeof keys[0], cmp_key);
  for (int i = 0; i < n; i++) {
    char prefix[96];
    snprintf(prefix, sizeof prefix, "criteria.%.63s", keys[i]);   /* keys are 1..63 characters */
    lua_pushstring(L, keys[i]);
    int vt = lua_rawget(L, cr);
    if (vt != LUA_TTABLE) FAIL(c, STP_ERR_SCRIPT, "%s must be a table { weight = ..., fn = function(work) ... end }", prefix);
    int e = lua_gettop(L);
    static const char *const ckeys[] = {"weight", "fn"};
    check_keys(c, e, ckeys, 2, "key", prefix);
    double w = 1;
    opt_number(c, e, prefix, "weight", (range){0, 1000, false, NULL}, &w);
    if (field(c, e, "fn") != LUA_TFUNCTION)
      FAIL(c, STP_ERR_SCRIPT, "%s.fn must be a function(work) returning score, figures, advice", prefix);
    snprintf(s->custom[i].key, sizeof s->custom[i].key, "%.63s", keys[i]);
    s->custom[i].weight = w;
    s->custom[i].ref = luaL_ref(L, LUA_REGISTRYINDEX);
    lua_pop(L, 1);
  }
  s->custom_count = n;
  lua_pop(L, 1);
}

static int l_scenario(lua_State *L) {
  conv c;
  memset(&c, 0, sizeof c);
  c.L = L;
  c.s = stp_script_ctx(L);
  c.line = stp_script_line(c.s, L, 1);
  stp_script *s = c.s;
  s->scenario_calls++;
  if (s->scenario_calls > 1)
    FAIL(&c, STP_ERR_SCRIPT,
         "scenario { ... } is called a second time (the first call is on line %d); a file describes one scenario",
         s->scenario_line);
  s->scenario_line = c.line;
  if (s->exam)
    FAIL(&c, STP_ERR_SCRIPT, "scenario { ... } in an exam file; an exam lists its cases' files: "
                             "exam { cases = { { scenario = \"02_case.lua\" } } }");
  if (lua_gettop(L) != 1 || !lua_istable(L, 1))
    FAIL(&c, STP_ERR_SCRIPT, "scenario takes one table: scenario { id = \"...\", title = \"...\", ... }");

  stp_scenario *o = s->scn;
  char path[sizeof o->path];
  memcpy(path, o->path, sizeof path);
  stp_scenario_defaults(o);
  memcpy(o->path, path, sizeof path);
  if (s->head_set) { o->head = s->head; o->head_set = true; }

  static const char *const keys[] = {"id",      "title",  "brief", "difficulty", "time_limit",   "sessions",
                                     "pass_mark", "client", "hair",  "zones",      "rubric",       "tools",
                                     "depth_window", "view", "seed", "patches",   "part",
                                     "on_impression", "criteria", "overlays", "plan", "healing", "history",
                                     "tutorial", "tilt_grain", "design"};
  check_keys(&c, 1, keys, (int)(sizeof keys / sizeof keys[0]), "key", "scenario");
  req_string(&c, 1, "", "id", o->id, sizeof o->id, true, "a short name like \"practice-field\": a-z, 0-9, '-' and '_'");
  req_string(&c, 1, "", "title", o->title, sizeof o->title, false, "the title shown in the menu");
  req_string(&c, 1, "", "brief", o->brief, sizeof o->brief, false, "the text shown to the trainee before starting");
  opt_int(&c, 1, "", "difficulty", 1, 5, &o->difficulty);
  opt_number(&c, 1, "", "time_limit", (range){0, 86400, false, "seconds (0 = no limit)"}, &o->time_limit_s);
  opt_int(&c, 1, "", "sessions", 1, 4, &o->sessions);
  opt_bool(&c, 1, "", "tilt_grain", &o->tilt_grain);
  opt_number(&c, 1, "", "pass_mark", (range){0, 100, false, NULL}, &o->rubric.pass_mark);
  double seed = (double)STP_SCRIPT_RANDOM_SEED;
  if (opt_number(&c, 1, "", "seed", (range){0, 9007199254740992.0, false, "(a whole number)"}, &seed) &&
      seed != floor(seed))
    FAIL(&c, STP_ERR_RANGE, "seed is %g; it must be a whole number", seed);
  o->seed = (uint64_t)seed;
  stp_rng_seed(&s->rng, o->seed);   /* functions of (x, y) sampled below draw from the scenario's seed */
  read_client(&c, 1, o);
  read_hair(&c, 1, o);
  read_patches(&c, 1, o);
  read_part(&c, 1, o);
  read_zones(&c, 1, o);
  read_scenario_plan(&c, 1, o);
  read_healing(&c, 1, o);
  read_history(&c, 1, o);
  read_rubric(&c, 1, o);
  read_design(&c, 1, o);
  read_tools(&c, 1, o);
  read_depth(&c, 1, o);
  plan_zones(&c, o);
  read_view(&c, 1, o);
  read_overlays(&c, 1, o);
  read_tutorial(&c, 1, o);
  read_hooks(&c, 1, o);
  stp_script_edit_apply(L, o);   /* `stipple edit`'s overrides, over the file's own values */

  stp_error verr;
  stp_error_clear(&verr);
  stp_status st = stp_scenario_validate(o, &verr);
  if (st != STP_OK) FAIL(&c, st, "%s", verr.msg);
  return 0;
}

/* chart.hairline_y(x), chart.half_width(y), chart.contains(x, y), chart.in_scalp(x, y) */
static int chart_hairline_y_l(lua_State *L) {
  lua_pushnumber(L, stp_chart_hairline_y(luaL_checknumber(L, 1)));
  return 1;
}
static int chart_half_width_l(lua_State *L) {
  lua_pushnumber(L, stp_chart_half_width(luaL_checknumber(L, 1)));
  return 1;
}
static int chart_contains_l(lua_State *L) {
  lua_pushboolean(L, stp_chart_contains(luaL_checknumber(L, 1), luaL_checknumber(L, 2)));
  return 1;
}
static int chart_in_scalp_l(lua_State *L) {
  lua_pushboolean(L, stp_chart_in_scalp(luaL_checknumber(L, 1), luaL_checknumber(L, 2)));
  return 1;
}

void stp_script_open_scenario_api(lua_State *L) {
  luaL_newmetatable(L, SHAPE_MT);   /* sets __name = "stipple.shape" */
  lua_pushliteral(L, "shape");
  lua_setfield(L, -2, "__name");
  lua_pushliteral(L, "shape");
  lua_setfield(L, -2, "__metatable");   /* getmetatable(shape) gives "shape": it cannot be changed */
  lua_pushcfunction(L, shape_tostring);
  lua_setfield(L, -2, "__tostring");
  lua_createtable(L, 0, 3);   /* methods: shape:contains(x, y), shape:bounds(), shape:area() */
  lua_pushcfunction(L, shape_contains_l);
  lua_setfield(L, -2, "contains");
  lua_pushcfunction(L, shape_bounds_l);
  lua_setfield(L, -2, "bounds");
  lua_pushcfunction(L, shape_area_l);
  lua_setfield(L, -2, "area");
  lua_setfield(L, -2, "__index");
  lua_pop(L, 1);
  luaL_newmetatable(L, FIELD_MT);
  lua_pushliteral(L, "field");
  lua_setfield(L, -2, "__name");
  lua_pushliteral(L, "field");
  lua_setfield(L, -2, "__metatable");
  lua_pushcfunction(L, field_tostring);
  lua_setfield(L, -2, "__tostring");
  lua_pop(L, 1);
  static const luaL_Reg fns[] = {
    {"scenario", l_scenario}, {"rect", l_rect},   {"circle", l_circle}, {"ellipse", l_ellipse},
    {"polygon", l_polygon},   {"ramp", l_ramp},   {"whorl", l_whorl},   {"flow", l_flow},
  };
  lua_pushglobaltable(L);
  for (size_t i = 0; i < sizeof fns / sizeof fns[0]; i++) {
    lua_pushcfunction(L, fns[i].func);
    lua_setfield(L, -2, fns[i].name);
  }
  static const luaL_Reg chart_fns[] = {
    {"hairline_y", chart_hairline_y_l}, {"half_width", chart_half_width_l},
    {"contains", chart_contains_l},     {"in_scalp", chart_in_scalp_l},     {NULL, NULL},
  };
  luaL_newlib(L, chart_fns);
  lua_pushnumber(L, STP_CHART_HAIRLINE_Y);
  lua_setfield(L, -2, "HAIRLINE_Y");
  lua_pushnumber(L, STP_CHART_VERTEX_Y);
  lua_setfield(L, -2, "VERTEX_Y");
  lua_pushnumber(L, STP_CHART_INION_Y);
  lua_setfield(L, -2, "INION_Y");
  lua_setfield(L, -2, "chart");
  lua_pop(L, 1);
  stp_script_open_geom_api(L);
  /* The building blocks (stp_script_prelude.c), on top of the constructors above. */
  if (luaL_loadbufferx(L, stp_script_prelude, strlen(stp_script_prelude), "=stipple", "t") != LUA_OK)
    lua_error(L);
  lua_call(L, 0, 1);   /* what the prelude shares with the conditions */
  /* The conditions from landmarks (stp_script_conditions.c), on top of the prelude and geometry. */
  if (luaL_loadbufferx(L, stp_script_conditions, strlen(stp_script_conditions), "=stipple", "t") != LUA_OK)
    lua_error(L);
  lua_insert(L, -2);
  lua_call(L, 1, 0);
}
