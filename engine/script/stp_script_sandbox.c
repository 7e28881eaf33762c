/* stp_script_sandbox.c - the environment a scenario script sees.
 *
 * Opened: base, string, table, math, utf8. Removed: dofile, loadfile, require,
 * collectgarbage, warn, string.dump (and io, os, package, debug, coroutine are
 * never opened). Replaced:
 *  - load: text only (mode "t" forced), env defaults to the sandbox globals;
 *  - print: writes "file:line: ..." to stderr (stdout may carry JSON);
 *  - pairs: visits keys in a fixed order (numbers, then strings bytewise, then
 *    booleans), so a script gives the same result on every run (Lua's own
 *    order changes with its per-state hash seed);
 *  - setmetatable: refuses __gc (Lua runs finalizers with hooks off, so a
 *    finalizer could loop past the budget);
 *  - math.random / math.randomseed: the engine's generator, seeded with
 *    STP_SCRIPT_RANDOM_SEED in every fresh state;
 *  - table.insert/remove/move/concat/unpack/sort: raw access, charged per
 *    element (they loop in C where the count hook never fires); sort is a
 *    stable merge sort (Lua's quicksort picks pivots from the clock);
 *  - string.rep, find, match, gmatch, gsub, tonumber, utf8.len/offset/codepoint:
 *    the originals, after charging their worst-case work to the budget.
 */
#include "stp_script_internal.h"
#include "stp_text.h"

#include <limits.h>
#include <stdarg.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include <lualib.h>

/* What C loops are charged, in budget units (VM instructions), measured so that each
 * kind of heavy call runs out of the default budget in well under a second. */
#define PATTERN_STEPS_PER_UNIT 1.0   /* a step of the backtracking matcher (worst case) */
#define BYTES_PER_UNIT_SCAN 4        /* tonumber, utf8.*: bytes read per unit */
#define UNITS_PER_MOVE 2             /* table.insert/remove/move: per element moved */
#define UNITS_PER_CONCAT 4           /* table.concat: per element */
#define UNITS_PER_UNPACK 8           /* table.unpack: per value (the caller copies them again) */
#define UNITS_PER_SORT_STEP 8        /* merge sort (table.sort, pairs): per comparison */
#define UNITS_PER_KEY 8              /* pairs: per key collected */
#define UNITS_PER_KEY_STEP 24        /* pairs: per comparison of keys (strings bytewise) */

/* Charge units; the message detail is formatted only when the budget runs out. */
static void charge_detail(lua_State *L, unsigned long long units, const char *fmt, ...)
#if defined(__GNUC__)
  __attribute__((format(printf, 3, 4)))
#endif
  ;
static void charge_detail(lua_State *L, unsigned long long units, const char *fmt, ...) {
  stp_script *s = stp_script_ctx(L);
  if (s->limit == STP_SCRIPT_LIMIT_NONE && s->used <= s->limits.instructions &&
      units <= s->limits.instructions - s->used) {
    s->used += units;
    return;
  }
  char what[160];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(what, sizeof what, fmt, ap);
  va_end(ap);
  stp_script_charge(L, units, what);
}

static unsigned long long units_of(double steps) {
  if (!(steps > 0)) return 0;
  if (steps >= 1e18) return 1000000000000000000ull;
  return (unsigned long long)steps;
}

/* ---- wrappers that charge, then run the original C function in their own frame ------
 * Calling the original directly (not lua_call) keeps its argument errors naming the
 * function ("bad argument #1 to 'rep'"). None of the wrapped functions uses upvalues. */

enum wrap_kind { W_REP, W_FIND, W_MATCH, W_GMATCH, W_GSUB, W_STRLEN, W_STRBYTES, W_SELECT, W_SETMETATABLE,
                 W_FORMAT };

static lua_CFunction original(lua_State *L) { return lua_tocfunction(L, lua_upvalueindex(1)); }

static bool no_specials(const char *p, size_t lp) {
  for (size_t i = 0; i < lp; i++)
    if (strchr("^$*+?.([%-", p[i]) && p[i] != '\0') return false;
  return true;
}

/* An upper bound on the steps Lua's backtracking matcher can take for pattern p on a
 * subject of n bytes: start positions x pattern items x, for every repetition item
 * (* + -), %b and back-reference, n + 1 choices, and 2 for every '?'. */
static double pattern_steps(const char *p, size_t lp, size_t n) {
  double choices = (double)n + 1.0, factor = 1.0;
  size_t i = 0, items = 0;
  bool anchored = lp > 0 && p[0] == '^';
  if (anchored) i = 1;
  while (i < lp) {
    char c = p[i];
    if (c == '(' || c == ')') { i++; continue; }
    if (c == '%' && i + 1 < lp) {
      char d = p[i + 1];
      if (d == 'b') { factor *= choices; i += 4; items++; continue; }
      if (d == 'f') {
        i += 2;
        if (i < lp && p[i] == '[') {
          i++;
          if (i < lp && p[i] == '^') i++;
          do {
            if (i < lp && p[i] == '%') i++;
            i++;
          } while (i < lp && p[i] != ']');
          i++;
        }
        items++;
        continue;
      }
      if (d >= '0' && d <= '9') { factor *= choices; i += 2; items++; continue; }
      i += 2;
    } else if (c == '[') {
      i++;
      if (i < lp && p[i] == '^') i++;
      do {
        if (i < lp && p[i] == '%') i++;
        i++;
      } while (i < lp && p[i] != ']');
      i++;
    } else {
      i++;
    }
    if (i < lp && (p[i] == '*' || p[i] == '+' || p[i] == '-')) { factor *= choices; i++; }
    else if (i < lp && p[i] == '?') { factor *= 2.0; i++; }
    items++;
  }
  return (anchored ? 1.0 : choices) * (double)(items + 1) * factor;
}

static const char *const pattern_fn_names[] = {"rep", "find", "match", "gmatch", "gsub"};

static int w_dispatch(lua_State *L) {
  stp_script *s = stp_script_ctx(L);
  int kind = (int)lua_tointeger(L, lua_upvalueindex(2));
  switch (kind) {
  case W_REP: {
    size_t l, lsep;
    luaL_checklstring(L, 1, &l);
    lua_Integer n = luaL_checkinteger(L, 2);
    luaL_optlstring(L, 3, "", &lsep);
    if (n > 0) {
      double total = (double)n * (double)l + (double)(n - 1) * (double)lsep;
      if (total > (double)s->limits.memory_bytes) {
        char d[128];
        snprintf(d, sizeof d, "string.rep would make a string of %.0f bytes", total);
        return stp_script_memory_error(L, d);
      }
      /* n copies (even of ""), plus the bytes written */
      charge_detail(L, (unsigned long long)n + units_of(total / STP_SCRIPT_BYTES_PER_UNIT),
                    "string.rep with %lld copies", (long long)n);
    }
    break;
  }
  case W_FIND: case W_MATCH: case W_GMATCH: case W_GSUB: {
    size_t ls, lp;
    luaL_checklstring(L, 1, &ls);
    const char *p = luaL_checklstring(L, 2, &lp);
    double steps;
    if (kind == W_FIND && (lua_toboolean(L, 4) || no_specials(p, lp)))
      steps = ((double)ls + 1.0) * ((double)lp + 1.0);   /* plain search, naive worst case */
    else
      steps = pattern_steps(p, lp, ls);
    charge_detail(L, units_of(steps / PATTERN_STEPS_PER_UNIT),
                  "string.%s on a %zu-byte string could take up to %.3g steps with the pattern "
                  "'%.40s'; simplify the pattern or use a shorter string",
                  pattern_fn_names[kind], ls, steps, p);
    break;
  }
  case W_FORMAT: {   /* string.format: no %p, an address that differs from run to run */
    size_t lf;
    const char *f = luaL_checklstring(L, 1, &lf);
    for (size_t i = 0; i + 1 < lf; i++) {
      if (f[i] != '%') continue;
      size_t j = i + 1;
      if (f[j] == '%') { i = j; continue; }
      while (j < lf && strchr("-+ #0123456789.", f[j])) j++;
      if (j < lf && f[j] == 'p')
        return luaL_error(L, "string.format: %%p (an address) differs from run to run, so scores could not be "
                             "checked again; it is not available in scenario files");
      i = j;
    }
  }
    /* fall through: charged as a scan of its strings */
    __attribute__((fallthrough));
  case W_STRLEN: case W_STRBYTES: {   /* scans its string arguments (STRBYTES: per byte) */
    size_t total = 0;
    for (int i = 1, n = lua_gettop(L); i <= n; i++)
      if (lua_type(L, i) == LUA_TSTRING) total += lua_rawlen(L, i);
    charge_detail(L, 1 + (kind != W_STRLEN ? total : total / BYTES_PER_UNIT_SCAN),
                  "a library call on %zu bytes of strings", total);
    break;
  }
  case W_SELECT:                       /* select(n, ...) copies the arguments after n */
    charge_detail(L, 1 + (unsigned long long)lua_gettop(L), "select of %d values", lua_gettop(L));
    break;
  case W_SETMETATABLE:
    if (lua_type(L, 2) == LUA_TTABLE) {
      lua_pushliteral(L, "__gc");
      int t = lua_rawget(L, 2);
      lua_pop(L, 1);
      if (t != LUA_TNIL)
        return luaL_error(L, "setmetatable: __gc (finalizers) is not available in scenario files");
    }
    break;
  default:
    break;
  }
  return original(L)(L);
}

static void wrap(lua_State *L, int tbl, const char *name, int kind) {
  lua_getfield(L, tbl, name);
  if (!lua_iscfunction(L, -1)) {   /* not in this Lua build: leave it out */
    lua_pop(L, 1);
    return;
  }
  lua_pushinteger(L, kind);
  lua_pushcclosure(L, w_dispatch, 2);
  lua_setfield(L, tbl, name);
}

/* ---- a stable merge sort of t[1..n] (raw access) ------------------------------------ */

typedef int (*less_fn)(lua_State *L, int a, int b, void *ud);

/* Compare with the user's function at stack index *(int *)ud, or with '<'. */
static int less_lua(lua_State *L, int a, int b, void *ud) {
  int f = *(const int *)ud;
  if (f) {
    lua_pushvalue(L, f);
    lua_pushvalue(L, a);
    lua_pushvalue(L, b);
    lua_call(L, 2, 1);
    int r = lua_toboolean(L, -1);
    lua_pop(L, 1);
    return r;
  }
  return lua_compare(L, a, b, LUA_OPLT);
}

static int type_rank(int t) {
  switch (t) {
  case LUA_TNUMBER: return 0;
  case LUA_TSTRING: return 1;
  case LUA_TBOOLEAN: return 2;
  default: return 3;
  }
}

/* The fixed order of pairs(): numbers, strings (bytewise), booleans, then the rest as found. */
static int less_key(lua_State *L, int a, int b, void *ud) {
  (void)ud;
  int ta = lua_type(L, a), tb = lua_type(L, b);
  if (ta != tb) return type_rank(ta) < type_rank(tb);
  if (ta == LUA_TNUMBER) return lua_compare(L, a, b, LUA_OPLT);
  if (ta == LUA_TSTRING) {
    size_t la, lb;
    const char *sa = lua_tolstring(L, a, &la), *sb = lua_tolstring(L, b, &lb);
    int c = memcmp(sa, sb, la < lb ? la : lb);
    return c < 0 || (c == 0 && la < lb);
  }
  if (ta == LUA_TBOOLEAN) return !lua_toboolean(L, a) && lua_toboolean(L, b);
  return 0;
}

static void merge_sort(lua_State *L, int t, lua_Integer n, less_fn less, void *ud, unsigned long long unit) {
  if (n < 2) return;
  lua_createtable(L, (int)n, 0);
  int tmp = lua_gettop(L);
  int src = t, dst = tmp;
  unsigned long long steps = 0;
  for (lua_Integer width = 1; width < n; width *= 2) {
    for (lua_Integer lo = 1; lo <= n; lo += 2 * width) {
      lua_Integer mid = lo + width <= n + 1 ? lo + width : n + 1;
      lua_Integer hi = lo + 2 * width <= n + 1 ? lo + 2 * width : n + 1;
      lua_Integer i = lo, j = mid, k = lo;
      while (i < mid && j < hi) {
        lua_rawgeti(L, src, i);
        lua_rawgeti(L, src, j);
        int top = lua_gettop(L);
        if (less(L, top, top - 1, ud)) {   /* right < left: take the right (stable) */
          lua_rawseti(L, dst, k++);
          lua_pop(L, 1);
          j++;
        } else {
          lua_pop(L, 1);
          lua_rawseti(L, dst, k++);
          i++;
        }
        if (++steps == 256) {
          stp_script_charge(L, steps * unit, "sorting");
          steps = 0;
        }
      }
      for (; i < mid; i++) { lua_rawgeti(L, src, i); lua_rawseti(L, dst, k++); }
      for (; j < hi; j++) { lua_rawgeti(L, src, j); lua_rawseti(L, dst, k++); }
    }
    int x = src; src = dst; dst = x;
  }
  if (src != t)
    for (lua_Integer i = 1; i <= n; i++) { lua_rawgeti(L, src, i); lua_rawseti(L, t, i); }
  stp_script_charge(L, steps * unit, "sorting");
  lua_remove(L, tmp);
}

/* ---- table library: raw access, charged per element ----------------------------------- */

static lua_Integer raw_len(lua_State *L, int i) { return (lua_Integer)lua_rawlen(L, i); }

static int t_insert(lua_State *L) {
  luaL_checktype(L, 1, LUA_TTABLE);
  lua_Integer e = raw_len(L, 1) + 1;
  lua_Integer pos;
  switch (lua_gettop(L)) {
  case 2:
    pos = e;
    break;
  case 3:
    pos = luaL_checkinteger(L, 2);
    luaL_argcheck(L, (lua_Unsigned)pos - 1u < (lua_Unsigned)e, 2, "position out of bounds");
    charge_detail(L, (unsigned long long)(e - pos) * UNITS_PER_MOVE + 1, "table.insert into %lld elements",
                  (long long)e);
    for (lua_Integer i = e; i > pos; i--) {
      lua_rawgeti(L, 1, i - 1);
      lua_rawseti(L, 1, i);
    }
    break;
  default:
    return luaL_error(L, "wrong number of arguments to 'insert'");
  }
  lua_rawseti(L, 1, pos);
  return 0;
}

static int t_remove(lua_State *L) {
  luaL_checktype(L, 1, LUA_TTABLE);
  lua_Integer size = raw_len(L, 1);
  lua_Integer pos = luaL_optinteger(L, 2, size);
  if (pos != size)
    luaL_argcheck(L, (lua_Unsigned)pos - 1u <= (lua_Unsigned)size, 2, "position out of bounds");
  lua_rawgeti(L, 1, pos);
  if (pos < size)
    charge_detail(L, (unsigned long long)(size - pos) * UNITS_PER_MOVE, "table.remove from %lld elements",
                  (long long)size);
  for (; pos < size; pos++) {
    lua_rawgeti(L, 1, pos + 1);
    lua_rawseti(L, 1, pos);
  }
  lua_pushnil(L);
  lua_rawseti(L, 1, pos);
  return 1;
}

static int t_move(lua_State *L) {
  luaL_checktype(L, 1, LUA_TTABLE);
  lua_Integer f = luaL_checkinteger(L, 2), e = luaL_checkinteger(L, 3), t = luaL_checkinteger(L, 4);
  int tt = !lua_isnoneornil(L, 5) ? 5 : 1;
  luaL_checktype(L, tt, LUA_TTABLE);
  if (e >= f) {
    luaL_argcheck(L, f > 0 || e < LUA_MAXINTEGER + f, 3, "too many elements to move");
    lua_Integer n = e - f + 1;
    luaL_argcheck(L, t <= LUA_MAXINTEGER - n + 1, 4, "destination wrap around");
    charge_detail(L, (unsigned long long)n > ~0ull / UNITS_PER_MOVE ? ~0ull : (unsigned long long)n * UNITS_PER_MOVE,
                  "table.move of %lld elements", (long long)n);
    if (t > e || t <= f || (tt != 1 && !lua_rawequal(L, 1, tt))) {
      for (lua_Integer i = 0; i < n; i++) {
        lua_rawgeti(L, 1, f + i);
        lua_rawseti(L, tt, t + i);
      }
    } else {
      for (lua_Integer i = n - 1; i >= 0; i--) {
        lua_rawgeti(L, 1, f + i);
        lua_rawseti(L, tt, t + i);
      }
    }
  }
  lua_pushvalue(L, tt);
  return 1;
}

static int t_concat(lua_State *L) {
  luaL_checktype(L, 1, LUA_TTABLE);
  size_t lsep;
  const char *sep = luaL_optlstring(L, 2, "", &lsep);
  lua_Integer i = luaL_optinteger(L, 3, 1);
  lua_Integer last = luaL_optinteger(L, 4, raw_len(L, 1));
  if (i <= last) {
    lua_Unsigned n = (lua_Unsigned)last - (lua_Unsigned)i + 1u;
    charge_detail(L, n && n < ~0ull / UNITS_PER_CONCAT ? (unsigned long long)n * UNITS_PER_CONCAT : ~0ull,
                  "table.concat of %llu elements", (unsigned long long)n);
  }
  luaL_Buffer b;
  luaL_buffinit(L, &b);
  for (; i <= last; i++) {
    lua_rawgeti(L, 1, i);
    if (!lua_isstring(L, -1))
      return luaL_error(L, "invalid value (at index %I) in table for 'concat'", (LUAI_UACINT)i);
    luaL_addvalue(&b);
    if (i == last) break;
    luaL_addlstring(&b, sep, lsep);
  }
  luaL_pushresult(&b);
  return 1;
}

static int t_unpack(lua_State *L) {
  luaL_checktype(L, 1, LUA_TTABLE);
  lua_Integer i = luaL_optinteger(L, 2, 1);
  lua_Integer e = luaL_opt(L, luaL_checkinteger, 3, raw_len(L, 1));
  if (i > e) return 0;
  lua_Unsigned n = (lua_Unsigned)e - (lua_Unsigned)i;
  if (n >= (unsigned int)INT_MAX) return luaL_error(L, "too many results to unpack");
  n++;
  charge_detail(L, (unsigned long long)n * UNITS_PER_UNPACK, "table.unpack of %llu elements", (unsigned long long)n);
  if (!lua_checkstack(L, (int)n)) return luaL_error(L, "too many results to unpack");
  for (; i < e; i++) lua_rawgeti(L, 1, i);
  lua_rawgeti(L, 1, e);
  return (int)n;
}

static int t_sort(lua_State *L) {
  luaL_checktype(L, 1, LUA_TTABLE);
  lua_Integer n = raw_len(L, 1);
  if (n > 1) {
    luaL_argcheck(L, n < INT_MAX, 1, "array too big");
    int f = 0;
    if (!lua_isnoneornil(L, 2)) {
      luaL_checktype(L, 2, LUA_TFUNCTION);
      f = 2;
    }
    lua_settop(L, 2);
    charge_detail(L, (unsigned long long)n * UNITS_PER_UNPACK, "table.sort of %lld elements", (long long)n);
    merge_sort(L, 1, n, less_lua, &f, UNITS_PER_SORT_STEP);
  }
  return 0;
}

/* ---- base library replacements -------------------------------------------------------- */

static int pairs_next(lua_State *L) {
  lua_Integer i = lua_tointeger(L, lua_upvalueindex(2));
  lua_Integer n = (lua_Integer)lua_rawlen(L, lua_upvalueindex(1));
  while (i < n) {
    i++;
    lua_rawgeti(L, lua_upvalueindex(1), i);
    lua_pushvalue(L, -1);
    if (lua_rawget(L, 1) != LUA_TNIL) {   /* skip keys removed since */
      lua_pushinteger(L, i);
      lua_replace(L, lua_upvalueindex(2));
      return 2;
    }
    lua_pop(L, 2);
  }
  lua_pushinteger(L, i);
  lua_replace(L, lua_upvalueindex(2));
  lua_pushnil(L);
  return 1;
}

/* Push a new array of the table at index t's keys in pairs' order (charged as what). */
static lua_Integer sorted_keys(lua_State *L, int t, const char *what) {
  lua_newtable(L);
  int keys = lua_gettop(L);
  lua_Integer n = 0;
  lua_pushnil(L);
  while (lua_next(L, t)) {
    lua_pop(L, 1);
    lua_pushvalue(L, -1);
    lua_rawseti(L, keys, ++n);
    if ((n & 255) == 0) stp_script_charge(L, 256 * UNITS_PER_KEY, what);
  }
  merge_sort(L, keys, n, less_key, NULL, UNITS_PER_KEY_STEP);
  return n;
}

static int b_pairs(lua_State *L) {
  /* The work a criterion reads is a userdata that lists itself in order (__pairs). */
  if (lua_type(L, 1) == LUA_TUSERDATA && luaL_getmetafield(L, 1, "__pairs") != LUA_TNIL) {
    lua_pushvalue(L, 1);
    lua_call(L, 1, 3);
    return 3;
  }
  luaL_checktype(L, 1, LUA_TTABLE);
  lua_settop(L, 1);
  sorted_keys(L, 1, "pairs");            /* 2: the keys */
  lua_pushinteger(L, 0);
  lua_pushcclosure(L, pairs_next, 2);
  lua_pushvalue(L, 1);
  lua_pushnil(L);
  return 3;
}

/* next(t [, k]) visits the keys in pairs' order (sorted), so nothing a scenario computes
 * depends on Lua's per-state hash seed. Each call sorts the keys: for loops use pairs. */
static int b_next(lua_State *L) {
  luaL_checktype(L, 1, LUA_TTABLE);
  lua_settop(L, 2);
  lua_Integer n = sorted_keys(L, 1, "next");   /* 3: the keys */
  lua_Integer at = 1;
  if (!lua_isnil(L, 2)) {
    at = 0;
    for (lua_Integer i = 1; i <= n && !at; i++) {
      lua_rawgeti(L, 3, i);
      if (lua_rawequal(L, -1, 2)) at = i + 1;
      lua_pop(L, 1);
    }
    if (!at) return luaL_error(L, "invalid key to 'next'");
  }
  if (at > n) {
    lua_pushnil(L);
    return 1;
  }
  lua_rawgeti(L, 3, at);
  lua_pushvalue(L, -1);
  lua_rawget(L, 1);
  return 2;
}

/* tostring without addresses: a table, function or userdata with no __tostring reads as
 * its __name or its type ("table"), the same on every run. */
static int b_tostring(lua_State *L) {
  luaL_checkany(L, 1);
  int t = lua_type(L, 1);
  if (t == LUA_TTABLE || t == LUA_TFUNCTION || t == LUA_TUSERDATA || t == LUA_TTHREAD || t == LUA_TLIGHTUSERDATA) {
    if (luaL_getmetafield(L, 1, "__tostring") != LUA_TNIL) {
      lua_pop(L, 1);
    } else {
      if (luaL_getmetafield(L, 1, "__name") == LUA_TSTRING) return 1;
      lua_pushstring(L, lua_typename(L, t));
      return 1;
    }
  }
  luaL_tolstring(L, 1, NULL);
  return 1;
}

static int b_load(lua_State *L) {
  size_t l;
  if (lua_type(L, 1) != LUA_TSTRING)
    return luaL_typeerror(L, 1, "string (scenario files can load text only)");
  const char *text = lua_tolstring(L, 1, &l);
  const char *name = luaL_optstring(L, 2, text);
  int env = !lua_isnone(L, 4) ? 4 : 0;
  charge_detail(L, 1 + l / STP_SCRIPT_BYTES_PER_UNIT, "load of %zu bytes", l);
  if (luaL_loadbufferx(L, text, l, name, "t") == LUA_OK) {
    if (env) {
      lua_pushvalue(L, env);
      if (!lua_setupvalue(L, -2, 1)) lua_pop(L, 1);
    }
    return 1;
  }
  luaL_pushfail(L);
  lua_insert(L, -2);
  return 2;
}

void stp_script_print_begin(stp_script *s) {
  s->print_lines = 0;
  s->print_bytes = 0;
  s->print_dropped = 0;
}

void stp_script_print_end(stp_script *s) {
  if (s->print_dropped) {
    fprintf(stderr, "%s: (print throttled: %lu line%s dropped)\n", s->short_src, s->print_dropped,
            s->print_dropped == 1 ? "" : "s");
    fflush(stderr);
  }
  s->print_dropped = 0;
}

/* print: to stderr, cleaned (no escape sequences or other controls, valid UTF-8) and
 * throttled: a loop printing a million lines writes STP_SCRIPT_PRINT_LINES of them. */
static int b_print(lua_State *L) {
  stp_script *s = stp_script_ctx(L);
  int n = lua_gettop(L);
  if (s->print_lines >= STP_SCRIPT_PRINT_LINES || s->print_bytes >= STP_SCRIPT_PRINT_BYTES) {
    charge_detail(L, 1, "print");
    s->print_dropped++;
    return 0;
  }
  int line = stp_script_line(s, L, 1);
  char out[STP_SCRIPT_PRINT_LINE_MAX + 8];
  size_t o = 0;
  bool cut = false;
  for (int i = 1; i <= n; i++) {
    size_t l;
    const char *str = luaL_tolstring(L, i, &l);
    charge_detail(L, 1 + l / STP_SCRIPT_BYTES_PER_UNIT, "print of %zu bytes", l);
    if (i > 1 && o < STP_SCRIPT_PRINT_LINE_MAX) out[o++] = '\t';
    if (o < STP_SCRIPT_PRINT_LINE_MAX) {
      size_t room = STP_SCRIPT_PRINT_LINE_MAX - o;
      size_t take = l < room ? l : room;   /* cleaning can grow it: it stops before the end */
      size_t w = stp_text_clean(out + o, room + 1, str, take, false);
      o += w;
      if (take < l || w < take) cut = true;
    } else {
      cut = true;
    }
    lua_pop(L, 1);
  }
  fprintf(stderr, "%s:%d: %.*s%s\n", s->short_src, line, (int)o, out, cut ? "..." : "");
  s->print_lines++;
  s->print_bytes += o + 1;
  return 0;
}

/* ---- math.random ----------------------------------------------------------------------- */

static int m_random(lua_State *L) {
  stp_script *s = stp_script_ctx(L);
  lua_Integer low, up;
  switch (lua_gettop(L)) {
  case 0:
    lua_pushnumber(L, (lua_Number)stp_rng_unit(&s->rng));
    return 1;
  case 1:
    low = 1;
    up = luaL_checkinteger(L, 1);
    if (up == 0) {   /* math.random(0): a random integer (all bits) */
      lua_pushinteger(L, (lua_Integer)stp_rng_next(&s->rng));
      return 1;
    }
    break;
  case 2:
    low = luaL_checkinteger(L, 1);
    up = luaL_checkinteger(L, 2);
    break;
  default:
    return luaL_error(L, "wrong number of arguments");
  }
  luaL_argcheck(L, low <= up, 1, "interval is empty");
  uint64_t span = (uint64_t)up - (uint64_t)low;
  uint64_t r = span == UINT64_MAX ? stp_rng_next(&s->rng) : stp_rng_below(&s->rng, span + 1);
  lua_pushinteger(L, (lua_Integer)((uint64_t)low + r));
  return 1;
}

static int m_randomseed(lua_State *L) {
  stp_script *s = stp_script_ctx(L);
  if (lua_isnone(L, 1)) {
    stp_rng_seed(&s->rng, STP_SCRIPT_RANDOM_SEED);
  } else {
    lua_Integer n1 = luaL_checkinteger(L, 1);
    lua_Integer n2 = luaL_optinteger(L, 2, 0);
    stp_rng_seed(&s->rng, (uint64_t)n1 ^ ((uint64_t)n2 * 0x9E3779B97F4A7C15ull));
  }
  return 0;
}

/* ---- building it ------------------------------------------------------------------------- */

static void remove_field(lua_State *L, int tbl, const char *name) {
  lua_pushnil(L);
  lua_setfield(L, tbl, name);
}

static void set_fn(lua_State *L, int tbl, const char *name, lua_CFunction f) {
  lua_pushcfunction(L, f);
  lua_setfield(L, tbl, name);
}

void stp_script_open_sandbox(lua_State *L) {
  static const luaL_Reg libs[] = {
    {LUA_GNAME, luaopen_base},     {LUA_STRLIBNAME, luaopen_string}, {LUA_TABLIBNAME, luaopen_table},
    {LUA_MATHLIBNAME, luaopen_math}, {LUA_UTF8LIBNAME, luaopen_utf8},
  };
  for (size_t i = 0; i < sizeof libs / sizeof libs[0]; i++) {
    luaL_requiref(L, libs[i].name, libs[i].func, 1);
    lua_pop(L, 1);
  }
  lua_pushglobaltable(L);
  int g = lua_gettop(L);
  static const char *const gone[] = {"dofile", "loadfile", "require", "collectgarbage", "warn"};
  for (size_t i = 0; i < sizeof gone / sizeof gone[0]; i++) remove_field(L, g, gone[i]);
  set_fn(L, g, "load", b_load);
  set_fn(L, g, "print", b_print);
  set_fn(L, g, "pairs", b_pairs);
  set_fn(L, g, "next", b_next);
  set_fn(L, g, "tostring", b_tostring);
  wrap(L, g, "setmetatable", W_SETMETATABLE);
  wrap(L, g, "tonumber", W_STRLEN);
  wrap(L, g, "select", W_SELECT);

  lua_getfield(L, g, LUA_STRLIBNAME);
  int str = lua_gettop(L);
  remove_field(L, str, "dump");
  wrap(L, str, "rep", W_REP);
  wrap(L, str, "find", W_FIND);
  wrap(L, str, "match", W_MATCH);
  wrap(L, str, "gmatch", W_GMATCH);
  wrap(L, str, "gsub", W_GSUB);
  wrap(L, str, "format", W_FORMAT);
  wrap(L, str, "byte", W_STRBYTES);
  lua_pop(L, 1);

  lua_getfield(L, g, LUA_TABLIBNAME);
  int tab = lua_gettop(L);
  set_fn(L, tab, "insert", t_insert);
  set_fn(L, tab, "remove", t_remove);
  set_fn(L, tab, "move", t_move);
  set_fn(L, tab, "concat", t_concat);
  set_fn(L, tab, "unpack", t_unpack);
  set_fn(L, tab, "sort", t_sort);
  lua_pop(L, 1);

  lua_getfield(L, g, LUA_MATHLIBNAME);
  int m = lua_gettop(L);
  set_fn(L, m, "random", m_random);
  set_fn(L, m, "randomseed", m_randomseed);
  lua_pop(L, 1);

  lua_getfield(L, g, LUA_UTF8LIBNAME);
  int u = lua_gettop(L);
  wrap(L, u, "len", W_STRLEN);
  wrap(L, u, "offset", W_STRLEN);
  wrap(L, u, "codepoint", W_STRLEN);
  lua_pop(L, 1);

  lua_pop(L, 1);   /* the global table */
}
