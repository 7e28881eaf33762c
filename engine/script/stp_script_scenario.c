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

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SHAPE_MT "stipple.shape"
#define COORD_MAX 1000.0            /* mm: far beyond the chart, catches unit mistakes */

typedef struct conv {
  lua_State *L;
  stp_script *s;
  int line;                         /* reported with every error */
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

static int push_shape(lua_State *L, const stp_shape *sh) {
  stp_shape *u = lua_newuserdatauv(L, sizeof *u, 0);
  memcpy(u, sh, sizeof *u);
  luaL_setmetatable(L, SHAPE_MT);
  return 1;
}

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
    check_list(&c, pt, path, 2, 2, "numbers");
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
    lua_pushfstring(L, "polygon { %d points }", sh->n);
    break;
  }
  return 1;
}

/* ---- scenario { ... } -------------------------------------------------------------------- */

static void read_client(conv *c, int t, stp_scenario *o) {
  int cl = opt_table(c, t, "", "client", "{ skin = 1..6, skin_color = \"#rrggbb\", heal_lightening = 0..1 }");
  if (!cl) return;
  static const char *const keys[] = {"skin", "skin_color", "heal_lightening"};
  check_keys(c, cl, keys, 3, "key", "client");
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

static void read_zones(conv *c, int t, stp_scenario *o) {
  int z = opt_table(c, t, "", "zones", "{ { id = ..., shape = ..., density = ... }, ... }");
  if (!z) FAIL(c, STP_ERR_SCRIPT, "zones is missing: a scenario needs 1 to %d zones { { id = ..., shape = ..., density = ... } }", STP_SCN_MAX_ZONES);
  int n = check_list(c, z, "zones", 1, STP_SCN_MAX_ZONES, "zones");
  static const char *const keys[] = {"id", "name", "shape", "density", "tolerance", "angle", "ink", "depth"};
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
    check_keys(c, e, keys, 8, "key", where);
    stp_zone *zn = &o->zones[i];
    memset(zn, 0, sizeof *zn);
    req_string(c, e, prefix, "id", zn->id, sizeof zn->id, true, "a short name like \"crown\": a-z, 0-9, '-' and '_'");
    if (!opt_string(c, e, prefix, "name", zn->name, sizeof zn->name, false))
      memcpy(zn->name, zn->id, sizeof zn->name);   /* same size, NUL-terminated */
    req_shape(c, e, prefix, "shape", &zn->shape);
    zn->density_per_cm2 = req_number(c, e, prefix, "density", DENSITY);
    zn->density_tolerance = 0.15 * zn->density_per_cm2;
    opt_number(c, e, prefix, "tolerance", DENSITY, &zn->density_tolerance);
    zn->angle_deg = 270;
    if (opt_number(c, e, prefix, "angle", (range){-3600, 3600, false, "degrees"}, &zn->angle_deg)) {
      zn->angle_deg = fmod(zn->angle_deg, 360.0);
      if (zn->angle_deg < 0) zn->angle_deg += 360.0;
    }
    zn->ink = 0.5;
    opt_number(c, e, prefix, "ink", (range){0, 1, true, "(ink concentration)"}, &zn->ink);
    zn->depth_mm = 1.0;
    opt_number(c, e, prefix, "depth", (range){0, 5, true, "mm"}, &zn->depth_mm);
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
    static const char *const plain_keys[] = {"weight"};
    static const char *const spacing_keys[] = {"weight", "merge_factor", "max_merged_fraction"};
    check_keys(c, e, spacing ? spacing_keys : plain_keys, spacing ? 3 : 1, "key", prefix);
    it->weight = default_weight;
    opt_number(c, e, prefix, "weight", WEIGHT, &it->weight);
    if (spacing) {
      opt_number(c, e, prefix, "merge_factor", (range){0.5, 3, false, NULL}, &o->rubric.merge_factor);
      opt_number(c, e, prefix, "max_merged_fraction", (range){0.01, 1, false, NULL},
                 &o->rubric.max_merged_fraction);
    }
    lua_pop(c->L, 1);
  }
  lua_pop(c->L, 1);
}

static int read_number_list(conv *c, int t, const char *path, int max, range r, double *out) {
  int n = check_list(c, t, path, 1, max, "numbers");
  for (int i = 0; i < n; i++) {
    char p[64];
    snprintf(p, sizeof p, "%s[%d]", path, i + 1);
    int ty = lua_rawgeti(c->L, t, i + 1);
    if (ty != LUA_TNUMBER) FAIL(c, STP_ERR_SCRIPT, "%s must be a number (got %s)", p, type_of(c->L, ty));
    out[i] = (double)lua_tonumber(c->L, -1);
    lua_pop(c->L, 1);
    check_number(c, p, out[i], r);
  }
  return n;
}

static void read_tools(conv *c, int t, stp_scenario *o) {
  int tl = opt_table(c, t, "", "tools", "{ needles = { mm, ... }, inks = { 0..1, ... } }");
  if (!tl) return;
  static const char *const keys[] = {"needles", "inks"};
  check_keys(c, tl, keys, 2, "key", "tools");
  int nd = opt_table(c, tl, "tools", "needles", "{ 0.25, 0.30, ... } (needle diameters in mm)");
  if (nd) {
    o->needle_count = read_number_list(c, nd, "tools.needles", STP_SCN_MAX_NEEDLES,
                                       (range){0.1, 1.0, false, "mm"}, o->needles_mm);
    lua_pop(c->L, 1);
  }
  int ik = opt_table(c, tl, "tools", "inks", "{ 1.0, 0.5, ... } (ink concentrations)");
  if (ik) {
    o->ink_count = read_number_list(c, ik, "tools.inks", STP_SCN_MAX_INKS, (range){0, 1, true, NULL}, o->inks);
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

static int l_scenario(lua_State *L) {
  conv c = {L, stp_script_ctx(L), 0};
  c.line = stp_script_line(c.s, L, 1);
  stp_script *s = c.s;
  s->scenario_calls++;
  if (s->scenario_calls > 1)
    FAIL(&c, STP_ERR_SCRIPT,
         "scenario { ... } is called a second time (the first call is on line %d); a file describes one scenario",
         s->scenario_line);
  s->scenario_line = c.line;
  if (lua_gettop(L) != 1 || !lua_istable(L, 1))
    FAIL(&c, STP_ERR_SCRIPT, "scenario takes one table: scenario { id = \"...\", title = \"...\", ... }");

  stp_scenario *o = s->scn;
  char path[sizeof o->path];
  memcpy(path, o->path, sizeof path);
  stp_scenario_defaults(o);
  memcpy(o->path, path, sizeof path);

  static const char *const keys[] = {"id", "title", "brief", "difficulty", "time_limit", "sessions", "pass_mark",
                                     "client", "hair", "zones", "rubric", "tools", "depth_window", "view"};
  check_keys(&c, 1, keys, (int)(sizeof keys / sizeof keys[0]), "key", "scenario");
  req_string(&c, 1, "", "id", o->id, sizeof o->id, true, "a short name like \"practice-field\": a-z, 0-9, '-' and '_'");
  req_string(&c, 1, "", "title", o->title, sizeof o->title, false, "the title shown in the menu");
  req_string(&c, 1, "", "brief", o->brief, sizeof o->brief, false, "the text shown to the trainee before starting");
  opt_int(&c, 1, "", "difficulty", 1, 5, &o->difficulty);
  opt_number(&c, 1, "", "time_limit", (range){0, 86400, false, "seconds (0 = no limit)"}, &o->time_limit_s);
  opt_int(&c, 1, "", "sessions", 1, 4, &o->sessions);
  opt_number(&c, 1, "", "pass_mark", (range){0, 100, false, NULL}, &o->rubric.pass_mark);
  read_client(&c, 1, o);
  read_hair(&c, 1, o);
  read_zones(&c, 1, o);
  read_rubric(&c, 1, o);
  read_tools(&c, 1, o);
  read_depth(&c, 1, o);
  read_view(&c, 1, o);

  stp_error verr;
  stp_error_clear(&verr);
  stp_status st = stp_scenario_validate(o, &verr);
  if (st != STP_OK) FAIL(&c, st, "%s", verr.msg);
  return 0;
}

void stp_script_open_scenario_api(lua_State *L) {
  luaL_newmetatable(L, SHAPE_MT);   /* sets __name = "stipple.shape" */
  lua_pushliteral(L, "shape");
  lua_setfield(L, -2, "__name");
  lua_pushliteral(L, "shape");
  lua_setfield(L, -2, "__metatable");   /* getmetatable(shape) gives "shape": it cannot be changed */
  lua_pushcfunction(L, shape_tostring);
  lua_setfield(L, -2, "__tostring");
  lua_pop(L, 1);
  static const luaL_Reg fns[] = {
    {"scenario", l_scenario}, {"rect", l_rect}, {"circle", l_circle}, {"ellipse", l_ellipse}, {"polygon", l_polygon},
  };
  lua_pushglobaltable(L);
  for (size_t i = 0; i < sizeof fns / sizeof fns[0]; i++) {
    lua_pushcfunction(L, fns[i].func);
    lua_setfield(L, -2, fns[i].name);
  }
  lua_pop(L, 1);
}
