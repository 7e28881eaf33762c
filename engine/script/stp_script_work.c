/* stp_script_work.c - the work as a custom criterion sees it: a read-only view.
 *
 * criteria.NAME.fn(work) gets a userdata, not a copy: the work stays in the engine's memory
 * and takes none of the script's, so a criterion can read a work of a million impressions
 * and only its own tables and its instruction budget limit it. The view answers
 *   #work                      the number of impressions
 *   work[i]                    impression i (1-based) as a read-only view, nil past the end
 *   ipairs(work), pairs(work)  i, work[i] in order
 *   work:get(i)                x, y, angle, depth, needle, ink, session, t_ms, zone (no allocation)
 * and an impression view answers imp.x, imp.y, imp.angle, imp.depth, imp.needle, imp.ink,
 * imp.session, imp.t_ms, imp.dwell, imp.zone (the zone's id or nil), and the work file's
 * names x_mm, y_mm, angle_deg, depth_mm, needle_mm, dwell_ms. Writing into either, or
 * reading a view kept past the call that got it, is an error with the line.
 */
#include "stp_script_internal.h"

#include <string.h>

#define WORK_MT "stipple.work"
#define IMP_MT "stipple.impression"

typedef struct work_view {
  const stp_work *w;          /* NULL once the call that got it returned */
  const stp_scenario *scn;
} work_view;

typedef struct imp_view {
  const work_view *wv;        /* kept alive by the impression's user value (the work) */
  size_t i;                   /* 0-based row */
} imp_view;

static const char FIELDS[] = "x, y, angle, depth, needle, ink, session, t_ms, dwell, zone";

static const stp_work *live_work(lua_State *L, const work_view *wv) {
  if (!wv->w)
    stp_script_raise(L, STP_ERR_SCRIPT,
                     "this work (or an impression of it) was kept from an earlier call; a criterion "
                     "can read the work only while its fn runs");
  return wv->w;
}

static int read_only(lua_State *L) {
  return stp_script_raise(L, STP_ERR_SCRIPT,
                          "the work is read-only: a criterion may read impressions (work[i].x) but not "
                          "change them; copy what you need into a table of your own");
}

static void push_zone(lua_State *L, const work_view *wv, const stp_impression *m) {
  int z = stp_scenario_zone_at(wv->scn, m->x_mm, m->y_mm);
  if (z >= 0) lua_pushstring(L, wv->scn->zones[z].id);
  else lua_pushnil(L);
}

/* Push field `name` of m; false if there is no such field. The short names, then the
 * work file's column names for the same values. */
enum { F_X, F_Y, F_ANGLE, F_DEPTH, F_NEEDLE, F_INK, F_SESSION, F_T, F_DWELL, F_ZONE };
static const struct { const char *name; int field; } NAMES[] = {
  {"x", F_X}, {"y", F_Y}, {"angle", F_ANGLE}, {"depth", F_DEPTH}, {"needle", F_NEEDLE}, {"ink", F_INK},
  {"session", F_SESSION}, {"t_ms", F_T}, {"dwell", F_DWELL}, {"zone", F_ZONE},
  {"x_mm", F_X}, {"y_mm", F_Y}, {"angle_deg", F_ANGLE}, {"depth_mm", F_DEPTH}, {"needle_mm", F_NEEDLE},
  {"dwell_ms", F_DWELL},
};

static bool push_field(lua_State *L, const work_view *wv, const stp_impression *m, const char *name) {
  int f = -1;
  for (size_t k = 0; k < sizeof NAMES / sizeof NAMES[0] && f < 0; k++)
    if (strcmp(name, NAMES[k].name) == 0) f = NAMES[k].field;
  switch (f) {
  case F_X: lua_pushnumber(L, m->x_mm); return true;
  case F_Y: lua_pushnumber(L, m->y_mm); return true;
  case F_ANGLE: lua_pushnumber(L, m->angle_deg); return true;
  case F_DEPTH: lua_pushnumber(L, m->depth_mm); return true;
  case F_NEEDLE: lua_pushnumber(L, m->needle_mm); return true;
  case F_INK: lua_pushnumber(L, m->ink); return true;
  case F_SESSION: lua_pushinteger(L, m->session); return true;
  case F_T: lua_pushinteger(L, (lua_Integer)m->t_ms); return true;
  case F_DWELL: lua_pushnumber(L, m->dwell_ms); return true;
  case F_ZONE: push_zone(L, wv, m); return true;
  default: return false;
  }
}

/* ---- an impression ------------------------------------------------------------------- */

static int imp_index(lua_State *L) {
  const imp_view *v = luaL_checkudata(L, 1, IMP_MT);
  const stp_work *w = live_work(L, v->wv);
  if (lua_type(L, 2) != LUA_TSTRING)
    return stp_script_raise(L, STP_ERR_SCRIPT, "an impression's fields have names (%s), not %s", FIELDS,
                            luaL_typename(L, 2));
  const char *name = lua_tostring(L, 2);
  if (!push_field(L, v->wv, &w->items[v->i], name))
    return stp_script_raise(L, STP_ERR_SCRIPT, "an impression has no field '%s' (fields: %s)", name, FIELDS);
  return 1;
}

static int imp_tostring(lua_State *L) {
  const imp_view *v = luaL_checkudata(L, 1, IMP_MT);
  const stp_work *w = live_work(L, v->wv);
  lua_pushfstring(L, "impression %d at (%f, %f) mm", (int)(v->i + 1), w->items[v->i].x_mm, w->items[v->i].y_mm);
  return 1;
}

/* ---- the work -------------------------------------------------------------------------- */

/* The row of key idx (1-based in Lua), or SIZE_MAX when it is not a row of w. */
static size_t row_of(lua_State *L, int idx, const stp_work *w) {
  int isint = 0;
  lua_Integer i = lua_tointegerx(L, idx, &isint);
  if (!isint || i < 1 || (lua_Unsigned)i > (lua_Unsigned)w->count) return SIZE_MAX;
  return (size_t)(i - 1);
}

static void push_imp(lua_State *L, int work_idx, const work_view *wv, size_t row) {
  imp_view *v = lua_newuserdatauv(L, sizeof *v, 1);
  v->wv = wv;
  v->i = row;
  luaL_setmetatable(L, IMP_MT);
  lua_pushvalue(L, work_idx);
  lua_setiuservalue(L, -2, 1);
}

static int work_get(lua_State *L) {
  const work_view *wv = luaL_checkudata(L, 1, WORK_MT);
  const stp_work *w = live_work(L, wv);
  size_t row = row_of(L, 2, w);
  if (row == SIZE_MAX)
    return stp_script_raise(L, STP_ERR_SCRIPT, "work:get(i) needs a whole number from 1 to #work (%zu)", w->count);
  const stp_impression *m = &w->items[row];
  lua_pushnumber(L, m->x_mm);
  lua_pushnumber(L, m->y_mm);
  lua_pushnumber(L, m->angle_deg);
  lua_pushnumber(L, m->depth_mm);
  lua_pushnumber(L, m->needle_mm);
  lua_pushnumber(L, m->ink);
  lua_pushinteger(L, m->session);
  lua_pushinteger(L, (lua_Integer)m->t_ms);
  push_zone(L, wv, m);
  return 9;
}

static int work_index(lua_State *L) {
  const work_view *wv = luaL_checkudata(L, 1, WORK_MT);
  const stp_work *w = live_work(L, wv);
  if (lua_type(L, 2) == LUA_TSTRING) {
    if (strcmp(lua_tostring(L, 2), "get") == 0) {
      lua_pushcfunction(L, work_get);
      return 1;
    }
    return stp_script_raise(L, STP_ERR_SCRIPT,
                            "the work has no field '%s': it is a list of impressions (#work, work[i], "
                            "ipairs(work), work:get(i))", lua_tostring(L, 2));
  }
  size_t row = row_of(L, 2, w);
  if (row == SIZE_MAX) {
    lua_pushnil(L);   /* past the end, as a list: ipairs stops there */
    return 1;
  }
  push_imp(L, 1, wv, row);
  return 1;
}

static int work_len(lua_State *L) {
  const work_view *wv = luaL_checkudata(L, 1, WORK_MT);
  lua_pushinteger(L, (lua_Integer)live_work(L, wv)->count);
  return 1;
}

static int work_next(lua_State *L) {
  const work_view *wv = luaL_checkudata(L, 1, WORK_MT);
  const stp_work *w = live_work(L, wv);
  lua_Integer i = luaL_optinteger(L, 2, 0);
  if (i < 0 || (lua_Unsigned)i >= (lua_Unsigned)w->count) {
    lua_pushnil(L);
    return 1;
  }
  lua_pushinteger(L, i + 1);
  push_imp(L, 1, wv, (size_t)i);
  return 2;
}

static int work_pairs(lua_State *L) {
  luaL_checkudata(L, 1, WORK_MT);
  lua_pushcfunction(L, work_next);
  lua_pushvalue(L, 1);
  lua_pushinteger(L, 0);
  return 3;
}

static int work_tostring(lua_State *L) {
  const work_view *wv = luaL_checkudata(L, 1, WORK_MT);
  lua_pushfstring(L, "work (%d impressions)", wv->w ? (int)wv->w->count : 0);
  return 1;
}

static void metatables(lua_State *L) {
  if (luaL_newmetatable(L, WORK_MT)) {
    static const luaL_Reg m[] = {{"__index", work_index}, {"__newindex", read_only}, {"__len", work_len},
                                 {"__pairs", work_pairs}, {"__tostring", work_tostring}, {NULL, NULL}};
    luaL_setfuncs(L, m, 0);
    lua_pushliteral(L, "the work is read-only");
    lua_setfield(L, -2, "__metatable");   /* getmetatable sees this text; setmetatable refuses */
  }
  lua_pop(L, 1);
  if (luaL_newmetatable(L, IMP_MT)) {
    static const luaL_Reg m[] = {{"__index", imp_index}, {"__newindex", read_only}, {"__tostring", imp_tostring},
                                 {NULL, NULL}};
    luaL_setfuncs(L, m, 0);
    lua_pushliteral(L, "the work is read-only");
    lua_setfield(L, -2, "__metatable");
  }
  lua_pop(L, 1);
}

void stp_script_push_work(lua_State *L, const stp_scenario *scn, const stp_work *w) {
  metatables(L);
  work_view *wv = lua_newuserdatauv(L, sizeof *wv, 0);
  wv->w = w;
  wv->scn = scn;
  luaL_setmetatable(L, WORK_MT);
}

void stp_script_end_work(lua_State *L, int idx) {
  work_view *wv = luaL_testudata(L, idx, WORK_MT);
  if (wv) wv->w = NULL;
}
