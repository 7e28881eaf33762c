/* stp_script_edit.c - the block `stipple edit` writes (stipple_edit { }): its model, its
 * text, splicing it into a file, and reading and applying it (stp_script_edit.h).
 */
#include <ctype.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "stp_design.h"
#include "stp_script_edit.h"
#include "stp_script_internal.h"

#define EDIT_REG "stipple.edit"   /* registry key of the parsed block (a userdata) */

typedef struct edit_ud {
  stp_edit_block b;
  int line;                       /* the stipple_edit { } call's line */
} edit_ud;

/* ---- the model --------------------------------------------------------------------------- */

void stp_edit_block_clear(stp_edit_block *b) { memset(b, 0, sizeof *b); }

bool stp_edit_block_empty(const stp_edit_block *b) {
  if (b->length_set || b->age_set || b->hairline_set || b->pass_mark_set || b->zone_count) return false;
  for (int i = 0; i < STP_LM_COUNT; i++)
    if (b->lm_set[i]) return false;
  for (int i = 0; i < STP_CRIT_COUNT; i++)
    if (b->weight_set[i]) return false;
  return true;
}

stp_edit_zone *stp_edit_block_zone(stp_edit_block *b, const char *id) {
  int at = 0;
  while (at < b->zone_count && strcmp(b->zones[at].id, id) < 0) at++;
  if (at < b->zone_count && strcmp(b->zones[at].id, id) == 0) return &b->zones[at];
  if (b->zone_count >= STP_SCN_MAX_ZONES || strlen(id) >= STP_SCN_ID_LEN) return NULL;
  memmove(&b->zones[at + 1], &b->zones[at], (size_t)(b->zone_count - at) * sizeof b->zones[0]);
  b->zone_count++;
  stp_edit_zone *z = &b->zones[at];
  memset(z, 0, sizeof *z);
  snprintf(z->id, sizeof z->id, "%s", id);
  return z;
}

/* ---- the text ---------------------------------------------------------------------------- */

typedef struct buf {
  char *p;
  size_t n, cap;
  bool oom;
} buf;

static void put(buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void put(buf *b, const char *fmt, ...) {
  if (b->oom) return;
  for (;;) {
    va_list ap;
    va_start(ap, fmt);
    int k = vsnprintf(b->p ? b->p + b->n : NULL, b->p ? b->cap - b->n : 0, fmt, ap);
    va_end(ap);
    if (k < 0) { b->oom = true; return; }
    if (b->p && b->n + (size_t)k < b->cap) { b->n += (size_t)k; return; }
    size_t cap = (b->cap ? b->cap * 2 : 4096) + (size_t)k;
    char *q = realloc(b->p, cap);
    if (!q) { b->oom = true; return; }
    b->p = q;
    b->cap = cap;
  }
}

/* The shortest %g form that reads back as the same double (so a save loses nothing). */
static void num(char *out, size_t size, double v) {
  if (v == 0) v = 0;   /* no "-0" */
  if (fabs(v) < 1e6)   /* plain decimals when they hold it: 30, 19.8, 0.75 */
    for (int d = 0; d <= 12; d++) {
      snprintf(out, size, "%.*f", d, v);
      if (strtod(out, NULL) == v) return;
    }
  for (int prec = 1; prec <= 17; prec++) {
    snprintf(out, size, "%.*g", prec, v);
    if (strtod(out, NULL) == v) return;
  }
}

static void put_num(buf *b, double v) {
  char s[40];
  num(s, sizeof s, v);
  put(b, "%s", s);
}

static void put_point(buf *b, stp_point p) {
  put(b, "{");
  put_num(b, p.x);
  put(b, ", ");
  put_num(b, p.y);
  put(b, "}");
}

static void put_points(buf *b, const stp_point *pts, int n, const char *indent) {
  for (int i = 0; i < n; i++) {
    if (i % 4 == 0) put(b, "\n%s", indent);
    else put(b, " ");
    put_point(b, pts[i]);
    put(b, ",");
  }
}

static bool lua_name(const char *s) {
  static const char *const kw[] = {"and", "break", "do", "else", "elseif", "end", "false", "for", "function", "goto",
                                   "if", "in", "local", "nil", "not", "or", "repeat", "return", "then", "true",
                                   "until", "while"};
  if (!s[0] || isdigit((unsigned char)s[0])) return false;
  for (const char *p = s; *p; p++)
    if (!(isalnum((unsigned char)*p) || *p == '_')) return false;
  for (size_t i = 0; i < sizeof kw / sizeof kw[0]; i++)
    if (strcmp(s, kw[i]) == 0) return false;
  return true;
}

static void put_key(buf *b, const char *k) {
  if (lua_name(k)) put(b, "%s", k);
  else put(b, "[\"%s\"]", k);   /* ids are a-z, 0-9, '-' and '_': nothing to escape */
}

static void put_string(buf *b, const char *s) {
  put(b, "\"");
  for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
    if (*p == '"' || *p == '\\') put(b, "\\%c", *p);
    else if (*p < 0x20 || *p == 0x7f) put(b, "\\%03u", (unsigned)*p);
    else put(b, "%c", *p);
  }
  put(b, "\"");
}

static void put_shape(buf *b, const stp_shape *s) {
  switch (s->kind) {
  case STP_SHAPE_RECT:
    put(b, "rect { x = "); put_num(b, s->x); put(b, ", y = "); put_num(b, s->y);
    put(b, ", w = "); put_num(b, s->w); put(b, ", h = "); put_num(b, s->h); put(b, " }");
    return;
  case STP_SHAPE_CIRCLE:
    put(b, "circle { x = "); put_num(b, s->cx); put(b, ", y = "); put_num(b, s->cy);
    put(b, ", r = "); put_num(b, s->r); put(b, " }");
    return;
  case STP_SHAPE_ELLIPSE:
    put(b, "ellipse { x = "); put_num(b, s->cx); put(b, ", y = "); put_num(b, s->cy);
    put(b, ", rx = "); put_num(b, s->rx); put(b, ", ry = "); put_num(b, s->ry);
    put(b, ", rotation = "); put_num(b, s->rot_deg); put(b, " }");
    return;
  default:
    break;
  }
  int rings = stp_shape_ring_count(s);
  if (rings <= 1) {
    put(b, "polygon {");
    put_points(b, s->pts, s->n, "        ");
    put(b, "\n      }");
    return;
  }
  put(b, "{");
  for (int k = 0; k < rings; k++) {
    int first, count;
    stp_shape_ring_span(s, k, &first, &count);
    put(b, "\n        {  -- ring %d%s", k + 1, stp_shape_ring_area(s, k) < 0 ? " (a hole)" : "");
    put_points(b, s->pts + first, count, "          ");
    put(b, "\n        },");
  }
  put(b, "\n      }");
}

stp_status stp_edit_block_text(const stp_edit_block *e, char **text, size_t *len, stp_error *err) {
  buf b = {0};
  put(&b, "%s (written by `stipple edit`: change it there or by hand; see docs/editor.md)\n", STP_EDIT_BEGIN);
  put(&b, "stipple_edit {\n");
  bool head = e->length_set || e->age_set || e->hairline_set;
  for (int i = 0; i < STP_LM_COUNT; i++) head = head || e->lm_set[i];
  if (head) {
    put(&b, "  head = {");
    if (e->length_set) { put(&b, " length = "); put_num(&b, e->length_mm); put(&b, ","); }
    if (e->age_set) put(&b, " age = %d,", e->age);
    if (e->hairline_set) { put(&b, " hairline = "); put_num(&b, e->hairline_mm); put(&b, ","); }
    for (int i = 0; i < STP_LM_COUNT; i++)
      if (e->lm_set[i]) {
        put(&b, "\n    %s = ", stp_landmark_key((stp_landmark_id)i));
        put_point(&b, e->lm[i]);
        put(&b, ",");
      }
    put(&b, "\n  },\n");
  }
  if (e->zone_count) {
    put(&b, "  zones = {\n");
    for (int i = 0; i < e->zone_count; i++) {
      const stp_edit_zone *z = &e->zones[i];
      put(&b, "    ");
      put_key(&b, z->id);
      put(&b, " = {");
      if (z->set & STP_EDIT_REMOVE) put(&b, " remove = true,");
      if (z->set & STP_EDIT_NAME) { put(&b, " name = "); put_string(&b, z->name); put(&b, ","); }
#define NUMKEY(bit, key, v) \
  if (z->set & (bit)) { put(&b, " " key " = "); put_num(&b, v); put(&b, ","); }
      NUMKEY(STP_EDIT_DENSITY, "density", z->density)
      NUMKEY(STP_EDIT_TOLERANCE, "tolerance", z->tolerance)
      NUMKEY(STP_EDIT_ANGLE, "angle", z->angle)
      NUMKEY(STP_EDIT_INK, "ink", z->ink)
      NUMKEY(STP_EDIT_DEPTH, "depth", z->depth)
#undef NUMKEY
      if (z->set & STP_EDIT_SHAPE) {
        bool rings = z->shape.kind == STP_SHAPE_POLYGON && stp_shape_ring_count(&z->shape) > 1;
        put(&b, "\n      %s = ", rings ? "rings" : "shape");
        put_shape(&b, &z->shape);
        put(&b, ",\n    ");
      } else {
        put(&b, " ");
      }
      put(&b, "},\n");
    }
    put(&b, "  },\n");
  }
  bool rubric = e->pass_mark_set;
  for (int i = 0; i < STP_CRIT_COUNT; i++) rubric = rubric || e->weight_set[i];
  if (rubric) {
    put(&b, "  rubric = {");
    for (int i = 0; i < STP_CRIT_COUNT; i++)
      if (e->weight_set[i]) {
        put(&b, " %s = ", stp_criterion_key((stp_criterion_id)i));
        put_num(&b, e->weight[i]);
        put(&b, ",");
      }
    put(&b, " },\n");
  }
  if (e->pass_mark_set) { put(&b, "  pass_mark = "); put_num(&b, e->pass_mark); put(&b, ",\n"); }
  put(&b, "}\n%s\n", STP_EDIT_END);
  if (b.oom) {
    free(b.p);
    *text = NULL;
    return stp_error_set(err, STP_ERR_NOMEM, NULL, 0, "out of memory writing the edit block");
  }
  *text = b.p;
  *len = b.n;
  return STP_OK;
}

/* ---- splicing ---------------------------------------------------------------------------- */

/* The offset of the line starting with marker (at a line's start), from pos, or -1. */
static long find_line(const char *s, size_t n, size_t pos, const char *marker) {
  size_t m = strlen(marker);
  for (size_t i = pos; i + m <= n; i++) {
    if (i > 0 && s[i - 1] != '\n') continue;
    if (memcmp(s + i, marker, m) == 0) return (long)i;
  }
  return -1;
}

static size_t line_end(const char *s, size_t n, size_t i) {
  while (i < n && s[i] != '\n') i++;
  return i < n ? i + 1 : n;
}

stp_status stp_edit_splice(const char *src, size_t n, const char *block, size_t bn, char **out, size_t *out_len,
                           stp_error *err) {
  *out = NULL;
  long b0 = find_line(src, n, 0, STP_EDIT_BEGIN), e0 = find_line(src, n, 0, STP_EDIT_END);
  size_t cut0, cut1;
  const char *pre = "", *post = "";
  if (b0 >= 0 || e0 >= 0) {
    if (b0 < 0 || e0 < 0 || e0 < b0)
      return stp_error_set(err, STP_ERR_PARSE, NULL, 0, "the file has \"%s\" without \"%s\" (or the reverse): mend "
                           "the generated block by hand first", b0 >= 0 ? STP_EDIT_BEGIN : STP_EDIT_END,
                           b0 >= 0 ? STP_EDIT_END : STP_EDIT_BEGIN);
    if (find_line(src, n, (size_t)b0 + 1, STP_EDIT_BEGIN) >= 0 || find_line(src, n, (size_t)e0 + 1, STP_EDIT_END) >= 0)
      return stp_error_set(err, STP_ERR_PARSE, NULL, 0, "the file has two generated blocks (\"%s\"); keep one",
                           STP_EDIT_BEGIN);
    cut0 = (size_t)b0;
    cut1 = line_end(src, n, (size_t)e0);
    if (cut1 == n && n > 0 && src[n - 1] != '\n' && bn) post = "";   /* the end line was the file's last */
    if (bn == 0 && cut1 < n && src[cut1] == '\n') cut1++;              /* the empty line the block brought */
  } else {
    if (bn == 0) {   /* nothing to add */
      cut0 = cut1 = 0;
    } else {
      size_t i = n >= 3 && memcmp(src, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
      while (i + 1 < n && src[i] == '-' && src[i + 1] == '-' && !(i + 2 < n && src[i + 2] == '[')) i = line_end(src, n, i);
      cut0 = cut1 = i;
      if (cut0 > 0 && src[cut0 - 1] != '\n') pre = "\n";   /* a last comment line without its newline */
      post = "\n";
    }
  }
  size_t pl = strlen(pre), ql = strlen(post), total = cut0 + pl + bn + ql + (n - cut1);
  char *o = malloc(total + 1);
  if (!o) return stp_error_set(err, STP_ERR_NOMEM, NULL, 0, "out of memory");
  size_t k = 0;
  memcpy(o + k, src, cut0); k += cut0;
  memcpy(o + k, pre, pl); k += pl;
  if (bn) { memcpy(o + k, block, bn); k += bn; }
  memcpy(o + k, post, ql); k += ql;
  memcpy(o + k, src + cut1, n - cut1); k += n - cut1;
  o[k] = '\0';
  *out = o;
  *out_len = k;
  return STP_OK;
}

/* ---- reading stipple_edit { } ------------------------------------------------------------ */

static edit_ud *edit_of(lua_State *L) {
  lua_getfield(L, LUA_REGISTRYINDEX, EDIT_REG);
  edit_ud *u = lua_touserdata(L, -1);
  lua_pop(L, 1);
  return u;   /* the registry keeps it alive */
}

static double edit_num(lua_State *L, int t, const char *key, const char *where, double lo, double hi, bool *got) {
  int ty = lua_getfield(L, t, key);
  double v = 0;
  *got = ty != LUA_TNIL;
  if (*got) {
    if (ty != LUA_TNUMBER) stp_script_raise(L, STP_ERR_SCRIPT, "stipple_edit: %s.%s must be a number (got %s)", where, key,
                                            lua_typename(L, ty));
    v = (double)lua_tonumber(L, -1);
    if (!(v >= lo && v <= hi))
      stp_script_raise(L, STP_ERR_RANGE, "stipple_edit: %s.%s is %g; it must be from %g to %g", where, key, v, lo, hi);
  }
  lua_pop(L, 1);
  return v;
}

/* Only these keys in table t. */
static void edit_keys(lua_State *L, int t, const char *const *known, int nk, const char *where) {
  lua_pushnil(L);
  while (lua_next(L, t)) {
    lua_pop(L, 1);
    bool ok = false;
    if (lua_type(L, -1) == LUA_TSTRING)
      for (int i = 0; i < nk && !ok; i++) ok = strcmp(lua_tostring(L, -1), known[i]) == 0;
    if (!ok) {
      char k[80];
      if (lua_type(L, -1) == LUA_TSTRING) snprintf(k, sizeof k, "'%.60s'", lua_tostring(L, -1));
      else snprintf(k, sizeof k, "[a %s]", luaL_typename(L, -1));
      stp_script_raise(L, STP_ERR_SCRIPT, "stipple_edit: unknown key %s in %s", k, where);
    }
  }
}

static stp_point edit_point(lua_State *L, int idx, const char *what) {
  if (!lua_istable(L, idx)) stp_script_raise(L, STP_ERR_SCRIPT, "stipple_edit: %s must be a point {x, y}", what);
  double v[2];
  for (int c = 0; c < 2; c++) {
    int ty = lua_rawgeti(L, idx, c + 1);
    if (ty == LUA_TNIL) { lua_pop(L, 1); ty = lua_getfield(L, idx, c ? "y" : "x"); }
    if (ty != LUA_TNUMBER || !(fabs((double)lua_tonumber(L, -1)) <= 1000.0))
      stp_script_raise(L, STP_ERR_SCRIPT, "stipple_edit: %s must be a point {x, y} in mm (-1000 to 1000)", what);
    v[c] = (double)lua_tonumber(L, -1);
    lua_pop(L, 1);
  }
  return (stp_point){v[0], v[1]};
}

/* Does ring q (m points) lie inside ring p (n points)? Its first vertex off p's outline
 * decides, by the even-odd rule (the rings do not cross); false when every vertex is on it. */
static bool ring_inside(const stp_point *p, int n, const stp_point *q, int m) {
  for (int v = 0; v < m; v++) {
    double x = q[v].x, y = q[v].y;
    if (!(stp_shape_outline_distance(p, n, x, y) > 1e-9)) continue;
    bool in = false;
    for (int i = 0, j = n - 1; i < n; j = i++)
      if ((p[i].y > y) != (p[j].y > y) && x < p[i].x + (y - p[i].y) * (p[j].x - p[i].x) / (p[j].y - p[i].y)) in = !in;
    return in;
  }
  return false;
}

/* Orient rings as shape algebra does (stp_shape.h: outers positive, holes negative), so the
 * area agrees with what contains() fills: a ring within an odd number of others is a hole,
 * whichever way the block's text walks it. Rings already so are left as they are. */
static void orient_rings(stp_shape *sh) {
  for (int k = 0; k < sh->rings; k++) {
    int a, c;
    stp_shape_ring_span(sh, k, &a, &c);
    int depth = 0;
    for (int j = 0; j < sh->rings; j++) {
      int ja, jc;
      stp_shape_ring_span(sh, j, &ja, &jc);
      if (j != k && ring_inside(sh->pts + ja, jc, sh->pts + a, c)) depth++;
    }
    if ((stp_shape_ring_area(sh, k) > 0) != (depth % 2 == 0))
      for (int i = a, j = a + c - 1; i < j; i++, j--) { stp_point t = sh->pts[i]; sh->pts[i] = sh->pts[j]; sh->pts[j] = t; }
  }
}

/* rings = { { {x, y}, ... }, { ... } }: a polygon of several rings (parts and holes, even-odd). */
static void edit_rings(lua_State *L, int t, const char *where, stp_shape *sh) {
  int nr = (int)luaL_len(L, t);
  if (nr < 1 || nr > STP_SHAPE_MAX_RINGS)
    stp_script_raise(L, STP_ERR_RANGE, "stipple_edit: %s.rings must list 1 to %d rings", where, STP_SHAPE_MAX_RINGS);
  memset(sh, 0, sizeof *sh);
  sh->kind = STP_SHAPE_POLYGON;
  for (int k = 1; k <= nr; k++) {
    if (lua_rawgeti(L, t, k) != LUA_TTABLE)
      stp_script_raise(L, STP_ERR_SCRIPT, "stipple_edit: %s.rings[%d] must be a list of points {x, y}", where, k);
    int r = lua_gettop(L), np = (int)luaL_len(L, r);
    if (np < 3 || sh->n + np > STP_SHAPE_MAX_POINTS)
      stp_script_raise(L, STP_ERR_RANGE, "stipple_edit: %s.rings[%d] needs 3 points or more, and the rings %d points in "
                       "all at most", where, k, STP_SHAPE_MAX_POINTS);
    for (int i = 1; i <= np; i++) {
      lua_rawgeti(L, r, i);
      sh->pts[sh->n++] = edit_point(L, lua_gettop(L), "a ring's point");
      lua_pop(L, 1);
    }
    sh->ring_end[k - 1] = sh->n;
    lua_pop(L, 1);
  }
  sh->rings = nr;
  if (nr > 1) orient_rings(sh);
  if (!stp_shape_valid(sh)) stp_script_raise(L, STP_ERR_RANGE, "stipple_edit: %s.rings have no area", where);
  stp_shape_index(sh);
}

static int cmp_zone(const void *a, const void *b) {
  return strcmp(((const stp_edit_zone *)a)->id, ((const stp_edit_zone *)b)->id);
}

static void edit_zone(lua_State *L, int t, const char *id, stp_edit_zone *z) {
  char where[96];
  snprintf(where, sizeof where, "zones.%s", id);
  static const char *const keys[] = {"shape", "rings", "density", "tolerance", "angle", "ink", "depth", "name", "remove"};
  edit_keys(L, t, keys, 9, where);
  memset(z, 0, sizeof *z);
  snprintf(z->id, sizeof z->id, "%s", id);
  bool got;
  z->density = edit_num(L, t, "density", where, 0, 150, &got);
  if (got) z->set |= STP_EDIT_DENSITY;
  z->tolerance = edit_num(L, t, "tolerance", where, 0, 150, &got);
  if (got) z->set |= STP_EDIT_TOLERANCE;
  z->angle = edit_num(L, t, "angle", where, -3600, 3600, &got);
  if (got) z->set |= STP_EDIT_ANGLE;
  z->ink = edit_num(L, t, "ink", where, 0, 1, &got);
  if (got) z->set |= STP_EDIT_INK;
  if (got && z->ink <= 0) stp_script_raise(L, STP_ERR_RANGE, "stipple_edit: %s.ink must be above 0", where);
  z->depth = edit_num(L, t, "depth", where, 0, 5, &got);
  if (got) z->set |= STP_EDIT_DEPTH;
  if (got && z->depth <= 0) stp_script_raise(L, STP_ERR_RANGE, "stipple_edit: %s.depth must be above 0", where);
  int ty = lua_getfield(L, t, "name");
  if (ty != LUA_TNIL) {
    size_t len;
    const char *s = lua_tolstring(L, -1, &len);
    if (ty != LUA_TSTRING || len == 0 || len >= sizeof z->name)
      stp_script_raise(L, STP_ERR_SCRIPT, "stipple_edit: %s.name must be a text of 1 to %d bytes", where,
                       (int)sizeof z->name - 1);
    memcpy(z->name, s, len + 1);
    z->set |= STP_EDIT_NAME;
  }
  lua_pop(L, 1);
  ty = lua_getfield(L, t, "remove");
  if (ty != LUA_TNIL && ty != LUA_TBOOLEAN) stp_script_raise(L, STP_ERR_SCRIPT, "stipple_edit: %s.remove must be true", where);
  if (lua_toboolean(L, -1)) z->set |= STP_EDIT_REMOVE;
  lua_pop(L, 1);
  bool has_shape = lua_getfield(L, t, "shape") != LUA_TNIL;
  if (has_shape) {
    const stp_shape *sh = luaL_testudata(L, -1, STP_SCRIPT_SHAPE_MT);
    if (!sh) stp_script_raise(L, STP_ERR_SCRIPT, "stipple_edit: %s.shape must be a shape (polygon { ... }, circle { ... }, ...)", where);
    z->shape = *sh;
    z->set |= STP_EDIT_SHAPE;
  }
  lua_pop(L, 1);
  if (lua_getfield(L, t, "rings") != LUA_TNIL) {
    if (has_shape) stp_script_raise(L, STP_ERR_SCRIPT, "stipple_edit: %s has both shape and rings; give one", where);
    if (!lua_istable(L, -1)) stp_script_raise(L, STP_ERR_SCRIPT, "stipple_edit: %s.rings must be a list of rings", where);
    edit_rings(L, lua_gettop(L), where, &z->shape);
    z->set |= STP_EDIT_SHAPE;
  }
  lua_pop(L, 1);
}

int stp_script_head_fn(lua_State *L);   /* head { } (stp_script_geom.c) */

/* stipple_edit { head = { }, zones = { id = { } }, rubric = { key = weight }, pass_mark = } */
static int l_stipple_edit(lua_State *L) {
  if (lua_gettop(L) != 1 || !lua_istable(L, 1))
    stp_script_raise(L, STP_ERR_SCRIPT, "stipple_edit takes one table: stipple_edit { head = { }, zones = { }, rubric = { } }");
  if (edit_of(L)) stp_script_raise(L, STP_ERR_SCRIPT, "stipple_edit { } is called a second time; a file has one generated block");
  static const char *const keys[] = {"head", "zones", "rubric", "pass_mark"};
  edit_keys(L, 1, keys, 4, "stipple_edit");
  edit_ud *u = lua_newuserdatauv(L, sizeof *u, 0);
  int ui = lua_gettop(L);
  memset(u, 0, sizeof *u);
  u->line = stp_script_line(stp_script_ctx(L), L, 1);
  stp_edit_block *b = &u->b;
  bool got;
  if (lua_getfield(L, 1, "head") != LUA_TNIL) {
    int h = lua_gettop(L);
    if (!lua_istable(L, h)) stp_script_raise(L, STP_ERR_SCRIPT, "stipple_edit: head must be a table");
    b->length_mm = edit_num(L, h, "length", "head", STP_HEAD_LENGTH_MIN, STP_HEAD_LENGTH_MAX, &b->length_set);
    double age = edit_num(L, h, "age", "head", 18, 90, &b->age_set);
    if (age != floor(age)) stp_script_raise(L, STP_ERR_RANGE, "stipple_edit: head.age must be a whole number");
    b->age = (int)age;
    b->hairline_mm = edit_num(L, h, "hairline", "head", 50, 130, &b->hairline_set);
    for (int i = 1; i < STP_LM_COUNT; i++) {
      const char *k = stp_landmark_key((stp_landmark_id)i);
      if (lua_getfield(L, h, k) != LUA_TNIL) {
        b->lm[i] = edit_point(L, lua_gettop(L), k);
        b->lm_set[i] = true;
      }
      lua_pop(L, 1);
    }
    /* Unknown keys are head { }'s to report, with its list of landmarks. */
  }
  lua_pop(L, 1);
  if (lua_getfield(L, 1, "zones") != LUA_TNIL) {
    int zt = lua_gettop(L);
    if (!lua_istable(L, zt)) stp_script_raise(L, STP_ERR_SCRIPT, "stipple_edit: zones must be a table { id = { ... } }");
    lua_pushnil(L);
    while (lua_next(L, zt)) {
      size_t len = 0;
      const char *id = lua_type(L, -2) == LUA_TSTRING ? lua_tolstring(L, -2, &len) : NULL;
      bool ok = id && len > 0 && len < STP_SCN_ID_LEN;
      for (size_t i = 0; ok && i < len; i++)
        ok = (id[i] >= 'a' && id[i] <= 'z') || (id[i] >= '0' && id[i] <= '9') || id[i] == '-' || id[i] == '_';
      if (!ok) stp_script_raise(L, STP_ERR_SCRIPT, "stipple_edit: zones' keys must be zone ids (a-z, 0-9, '-', '_')");
      if (!lua_istable(L, -1)) stp_script_raise(L, STP_ERR_SCRIPT, "stipple_edit: zones.%s must be a table", id);
      if (b->zone_count >= STP_SCN_MAX_ZONES) stp_script_raise(L, STP_ERR_RANGE, "stipple_edit: at most %d zones", STP_SCN_MAX_ZONES);
      edit_zone(L, lua_gettop(L), id, &b->zones[b->zone_count++]);
      lua_pop(L, 1);
    }
    qsort(b->zones, (size_t)b->zone_count, sizeof b->zones[0], cmp_zone);
  }
  lua_pop(L, 1);
  if (lua_getfield(L, 1, "rubric") != LUA_TNIL) {
    int rt = lua_gettop(L);
    if (!lua_istable(L, rt)) stp_script_raise(L, STP_ERR_SCRIPT, "stipple_edit: rubric must be a table { criterion = weight }");
    const char *ck[STP_CRIT_COUNT];
    for (int i = 0; i < STP_CRIT_COUNT; i++) ck[i] = stp_criterion_key((stp_criterion_id)i);
    edit_keys(L, rt, ck, STP_CRIT_COUNT, "rubric");
    for (int i = 0; i < STP_CRIT_COUNT; i++) b->weight[i] = edit_num(L, rt, ck[i], "rubric", 0, 1000, &b->weight_set[i]);
  }
  lua_pop(L, 1);
  b->pass_mark = edit_num(L, 1, "pass_mark", "stipple_edit", 0, 100, &got);
  b->pass_mark_set = got;
  lua_pushvalue(L, ui);
  lua_setfield(L, LUA_REGISTRYINDEX, EDIT_REG);
  /* The head now, so the shapes written below the block see the moved landmarks. */
  bool head = b->length_set || b->age_set || b->hairline_set;
  for (int i = 0; i < STP_LM_COUNT; i++) head = head || b->lm_set[i];
  if (head) {
    lua_settop(L, 0);
    lua_newtable(L);
    stp_script_head_fn(L);
  }
  return 0;
}

void stp_script_edit_head_args(lua_State *L) {
  edit_ud *u = edit_of(L);
  if (!u) return;
  const stp_edit_block *b = &u->b;
  /* A copy of the file's own table with the editor's keys over it. */
  lua_newtable(L);
  int t = lua_gettop(L);
  lua_pushnil(L);
  while (lua_next(L, 1)) {
    lua_pushvalue(L, -2);
    lua_insert(L, -2);
    lua_rawset(L, t);
  }
  if (b->length_set) { lua_pushnumber(L, b->length_mm); lua_setfield(L, t, "length"); }
  if (b->age_set) { lua_pushinteger(L, b->age); lua_setfield(L, t, "age"); }
  if (b->hairline_set) { lua_pushnumber(L, b->hairline_mm); lua_setfield(L, t, "hairline"); }
  for (int i = 0; i < STP_LM_COUNT; i++)
    if (b->lm_set[i]) {
      lua_createtable(L, 2, 0);
      lua_pushnumber(L, b->lm[i].x);
      lua_rawseti(L, -2, 1);
      lua_pushnumber(L, b->lm[i].y);
      lua_rawseti(L, -2, 2);
      lua_setfield(L, t, stp_landmark_key((stp_landmark_id)i));
    }
  lua_replace(L, 1);
  lua_settop(L, 1);
}

void stp_script_edit_apply(lua_State *L, stp_scenario *o) {
  edit_ud *u = edit_of(L);
  if (!u) return;
  const stp_edit_block *b = &u->b;
  /* The design names its zones by index (read_design ran before): keep their ids, so a zone
   * removed before them does not shift the design onto another zone. */
  char design_id[2][STP_SCN_ID_LEN] = {"", ""};
  for (int k = 0; k < 2 && o->design.enabled; k++) {
    int dz = k ? o->design.behind : o->design.zone;
    if (dz >= 0 && dz < o->zone_count) snprintf(design_id[k], sizeof design_id[k], "%s", o->zones[dz].id);
  }
  for (int k = 0; k < b->zone_count; k++) {
    const stp_edit_zone *z = &b->zones[k];
    int i = 0;
    while (i < o->zone_count && strcmp(o->zones[i].id, z->id) != 0) i++;
    if (z->set & STP_EDIT_REMOVE) {
      if (i < o->zone_count) {
        memmove(&o->zones[i], &o->zones[i + 1], (size_t)(o->zone_count - i - 1) * sizeof o->zones[0]);
        o->zone_count--;
      }
      continue;
    }
    stp_zone *zn = &o->zones[i];
    if (i == o->zone_count) {   /* a zone the editor drew */
      if ((z->set & (STP_EDIT_SHAPE | STP_EDIT_DENSITY)) != (STP_EDIT_SHAPE | STP_EDIT_DENSITY))
        stp_script_raise_at(L, u->line, STP_ERR_SCRIPT, "stipple_edit: the file has no zone '%s'; a new zone needs a "
                            "shape and a density", z->id);
      if (o->zone_count >= STP_SCN_MAX_ZONES)
        stp_script_raise_at(L, u->line, STP_ERR_RANGE, "stipple_edit: zone '%s' would be zone %d; at most %d", z->id,
                            o->zone_count + 1, STP_SCN_MAX_ZONES);
      memset(zn, 0, sizeof *zn);
      o->zone_count++;
      snprintf(zn->id, sizeof zn->id, "%s", z->id);
      snprintf(zn->name, sizeof zn->name, "%s", z->id);
      zn->density_tolerance = 0.15 * z->density;   /* read_zones' defaults */
      zn->angle_deg = 270;
      zn->ink = 0.5;
      zn->depth_mm = 1.0;
      zn->shade_source = STP_SHADE_HAIR;
      zn->ink_auto = zn->pigment_auto = true;
    }
    if (z->set & STP_EDIT_NAME) snprintf(zn->name, sizeof zn->name, "%s", z->name);
    if (z->set & STP_EDIT_SHAPE) zn->shape = z->shape;
    if (z->set & STP_EDIT_DENSITY) {
      zn->density_per_cm2 = z->density;
      memset(&zn->density_field, 0, sizeof zn->density_field);
    }
    if (z->set & STP_EDIT_TOLERANCE) zn->density_tolerance = z->tolerance;
    if (z->set & STP_EDIT_ANGLE) {
      zn->angle_deg = fmod(z->angle, 360.0);
      if (zn->angle_deg < 0) zn->angle_deg += 360.0;
      memset(&zn->angle_field, 0, sizeof zn->angle_field);
    }
    if (z->set & STP_EDIT_INK) {
      zn->ink = z->ink;
      zn->ink_auto = false;
      memset(&zn->ink_field, 0, sizeof zn->ink_field);
    }
    if (z->set & STP_EDIT_DEPTH) {
      zn->depth_mm = z->depth;
      memset(&zn->depth_field, 0, sizeof zn->depth_field);
    }
  }
  if (o->design.enabled) {
    for (int k = 0; k < 2; k++) {
      if (!design_id[k][0]) continue;
      int at = 0;
      while (at < o->zone_count && strcmp(o->zones[at].id, design_id[k]) != 0) at++;
      if (at == o->zone_count)
        stp_script_raise_at(L, u->line, STP_ERR_SCRIPT, "stipple_edit: zone '%s' is removed, but design.%s names it",
                            design_id[k], k ? "behind" : "zone");
      if (k) o->design.behind = at;
      else o->design.zone = at;
    }
    stp_design_spec_capture(o);   /* the area a design may use: the zone's shape as edited */
  }
  for (int i = 0; i < STP_CRIT_COUNT; i++)
    if (b->weight_set[i]) {
      o->rubric.items[i].weight = b->weight[i];
      o->rubric.items[i].enabled = b->weight[i] > 0;
    }
  if (b->pass_mark_set) o->rubric.pass_mark = b->pass_mark;
}

void stp_script_open_edit_api(lua_State *L) {
  lua_pushcfunction(L, l_stipple_edit);
  lua_setglobal(L, "stipple_edit");
}

stp_status stp_script_load_scenario_edit(const char *chunkname, const char *text, size_t size,
                                         const stp_script_limits *limits, stp_scenario *out, stp_edit_block *blk,
                                         stp_error *err) {
  stp_edit_block_clear(blk);
  stp_script *s = NULL;
  stp_status st = stp_script_open(&s, limits, err);
  if (st != STP_OK) {
    stp_scenario_defaults(out);
    return st;
  }
  st = stp_script_load(s, chunkname, text, size, out, err);
  if (st == STP_OK) {
    edit_ud *u = edit_of(s->L);
    if (u) *blk = u->b;
  }
  stp_script_close(s);
  return st;
}
