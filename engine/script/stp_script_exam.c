/* stp_script_exam.c - exam { ... }: an exam file's table -> stp_exam_file.
 *
 * Read like scenario { ... } (stp_script_scenario.c): raw access only, unknown keys
 * reported with their path, lists read 1..n with any other key an error, and every error
 * raised at the line of the exam { ... } call. docs/assessment.md documents the keys.
 */
#include "stp_script_internal.h"
#include "stp_exam_file.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

typedef struct econv {
  lua_State *L;
  int line;
} econv;

#define EFAIL(c, st, ...) stp_script_raise_at((c)->L, (c)->line, (st), __VA_ARGS__)

static int efield(econv *c, int t, const char *key) {
  lua_pushstring(c->L, key);
  return lua_rawget(c->L, t);
}

/* Every key of table t must be one of known[] (strings). */
static void echeck_keys(econv *c, int t, const char *const *known, int n, const char *where) {
  lua_State *L = c->L;
  lua_pushnil(L);
  while (lua_next(L, t)) {
    lua_pop(L, 1);
    bool ok = false;
    if (lua_type(L, -1) == LUA_TSTRING) {
      const char *k = lua_tostring(L, -1);
      for (int i = 0; i < n && !ok; i++) ok = strcmp(k, known[i]) == 0;
    }
    if (!ok) {
      char list[200] = "";
      size_t o = 0;
      for (int i = 0; i < n && o + 1 < sizeof list; i++)
        o += (size_t)snprintf(list + o, sizeof list - o, "%s%s", i ? ", " : "", known[i]);
      char key[80];
      if (lua_type(L, -1) == LUA_TSTRING) snprintf(key, sizeof key, "'%.64s'", lua_tostring(L, -1));
      else if (lua_isinteger(L, -1)) snprintf(key, sizeof key, "[%lld]", (long long)lua_tointeger(L, -1));
      else snprintf(key, sizeof key, "of type %s", luaL_typename(L, -1));
      EFAIL(c, STP_ERR_SCRIPT, "unknown key %s in %s (known keys: %s)", key, where, list);
    }
    stp_script_charge(L, 1, NULL);
  }
}

/* t is a list 1..n (no other keys), min <= n <= max. Returns n. */
static int elist(econv *c, int t, const char *path, int min, int max, const char *what) {
  lua_State *L = c->L;
  int n = 0;
  while (n <= max && lua_rawgeti(L, t, n + 1) != LUA_TNIL) {
    lua_pop(L, 1);
    n++;
  }
  lua_pop(L, 1);
  if (n > max) EFAIL(c, STP_ERR_RANGE, "%s: at most %d %s are allowed (it has more)", path, max, what);
  lua_pushnil(L);
  while (lua_next(L, t)) {
    lua_pop(L, 1);
    if (!(lua_isinteger(L, -1) && lua_tointeger(L, -1) >= 1 && lua_tointeger(L, -1) <= n))
      EFAIL(c, STP_ERR_SCRIPT, "%s must be a list { ..., ... } of %s without gaps or named keys", path, what);
    stp_script_charge(L, 1, NULL);
  }
  if (n < min) EFAIL(c, STP_ERR_RANGE, "%s needs at least %d %s (it has %d)", path, min, what, n);
  return n;
}

/* A string at the top of the stack, copied to dst; type ty as rawget returned. */
static void estring_top(econv *c, int ty, const char *path, char *dst, size_t cap, bool is_id, bool is_file) {
  if (ty != LUA_TSTRING) EFAIL(c, STP_ERR_SCRIPT, "%s must be a string (got %s)", path, lua_typename(c->L, ty));
  size_t len;
  const char *s = lua_tolstring(c->L, -1, &len);
  if (len == 0) EFAIL(c, STP_ERR_RANGE, "%s is empty", path);
  if (len >= cap) EFAIL(c, STP_ERR_RANGE, "%s is %zu bytes long; at most %zu bytes fit", path, len, cap - 1);
  for (size_t i = 0; i < len; i++) {
    unsigned char ch = (unsigned char)s[i];
    if (ch < 0x20 || ch == 0x7f) EFAIL(c, STP_ERR_RANGE, "%s contains a control character", path);
    if (is_id && !((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '-' || ch == '_'))
      EFAIL(c, STP_ERR_RANGE, "%s '%.64s' may only use the characters a-z, 0-9, '-' and '_'", path, s);
  }
  if (is_file && s[0] == '/')
    EFAIL(c, STP_ERR_RANGE, "%s '%.64s' must be relative to the exam file's folder, not absolute", path, s);
  memcpy(dst, s, len);
  dst[len] = '\0';
  lua_pop(c->L, 1);
}

static void estring(econv *c, int t, const char *key, const char *path, char *dst, size_t cap, bool is_id,
                    const char *hint) {
  int ty = efield(c, t, key);
  if (ty == LUA_TNIL) EFAIL(c, STP_ERR_SCRIPT, "%s is missing (%s)", path, hint);
  estring_top(c, ty, path, dst, cap, is_id, false);
}

/* An optional whole number in lo..hi; returns false when absent. */
static bool eint(econv *c, int t, const char *key, const char *path, int lo, int hi, int *out) {
  lua_State *L = c->L;
  int ty = efield(c, t, key);
  if (ty == LUA_TNIL) { lua_pop(L, 1); return false; }
  if (ty != LUA_TNUMBER) EFAIL(c, STP_ERR_SCRIPT, "%s must be a number (got %s)", path, lua_typename(L, ty));
  double v = lua_tonumber(L, -1);
  if (v != floor(v)) EFAIL(c, STP_ERR_RANGE, "%s is %g; it must be a whole number", path, v);
  if (!(v >= lo && v <= hi)) EFAIL(c, STP_ERR_RANGE, "%s is %g; it must be between %d and %d", path, v, lo, hi);
  *out = (int)v;
  lua_pop(L, 1);
  return true;
}

static void read_benchmark(econv *c, int t, const char *prefix, stp_exam_case *k) {
  lua_State *L = c->L;
  char path[96];
  int ty = efield(c, t, "benchmark");
  if (ty == LUA_TNIL) { lua_pop(L, 1); return; }
  snprintf(path, sizeof path, "%s.benchmark", prefix);
  if (ty != LUA_TTABLE)
    EFAIL(c, STP_ERR_SCRIPT, "%s must be a table { reference = { \"expert1.csv\", ... }, margin = 0.9 } (got %s)",
          path, lua_typename(L, ty));
  int b = lua_gettop(L);
  static const char *const keys[] = {"reference", "margin"};
  echeck_keys(c, b, keys, 2, path);
  k->has_benchmark = true;
  k->margin = 1.0;
  char sub[128];
  snprintf(sub, sizeof sub, "%s.reference", path);
  ty = efield(c, b, "reference");
  if (ty == LUA_TNIL) EFAIL(c, STP_ERR_SCRIPT, "%s is missing (the expert works the benchmark is taken from)", sub);
  if (ty != LUA_TTABLE) EFAIL(c, STP_ERR_SCRIPT, "%s must be a list of work files (got %s)", sub, lua_typename(L, ty));
  int r = lua_gettop(L);
  k->reference_count = elist(c, r, sub, 1, STP_EXAM_MAX_REFS, "work files");
  for (int i = 0; i < k->reference_count; i++) {
    char ip[160];
    snprintf(ip, sizeof ip, "%s[%d]", sub, i + 1);
    int ety = lua_rawgeti(L, r, i + 1);
    estring_top(c, ety, ip, k->reference[i], sizeof k->reference[i], false, true);
  }
  lua_pop(L, 1);
  snprintf(sub, sizeof sub, "%s.margin", path);
  ty = efield(c, b, "margin");
  if (ty != LUA_TNIL) {
    if (ty != LUA_TNUMBER) EFAIL(c, STP_ERR_SCRIPT, "%s must be a number (got %s)", sub, lua_typename(L, ty));
    double m = lua_tonumber(L, -1);
    if (!(m > 0 && m <= 1))
      EFAIL(c, STP_ERR_RANGE, "%s is %g; it must be above 0 and at most 1 (a fraction of the experts' mean)", sub, m);
    k->margin = m;
  }
  lua_pop(L, 2);
}

static void read_case(econv *c, int t, int i, stp_exam_case *k) {
  lua_State *L = c->L;
  char prefix[48];
  snprintf(prefix, sizeof prefix, "cases[%d]", i + 1);
  if (!lua_istable(L, t))
    EFAIL(c, STP_ERR_SCRIPT, "%s must be a table { scenario = \"02_case.lua\", attempts = 2 } (got %s)", prefix,
          luaL_typename(L, t));
  static const char *const keys[] = {"scenario", "attempts", "consecutive", "benchmark"};
  echeck_keys(c, t, keys, 4, prefix);
  char path[96];
  snprintf(path, sizeof path, "%s.scenario", prefix);
  int ty = efield(c, t, "scenario");
  if (ty == LUA_TNIL) EFAIL(c, STP_ERR_SCRIPT, "%s is missing (the case's scenario file)", path);
  estring_top(c, ty, path, k->scenario, sizeof k->scenario, false, true);
  size_t n = strlen(k->scenario);
  if (n < 5 || strcmp(k->scenario + n - 4, ".lua") != 0)
    EFAIL(c, STP_ERR_RANGE, "%s '%.64s' must name a scenario file (.lua)", path, k->scenario);
  k->attempts = 1;
  snprintf(path, sizeof path, "%s.attempts", prefix);
  eint(c, t, "attempts", path, 1, STP_EXAM_MAX_ATTEMPTS, &k->attempts);
  k->consecutive = 1;
  snprintf(path, sizeof path, "%s.consecutive", prefix);
  if (eint(c, t, "consecutive", path, 1, STP_EXAM_MAX_ATTEMPTS, &k->consecutive) && k->consecutive > k->attempts)
    EFAIL(c, STP_ERR_RANGE, "%s is %d; it cannot exceed the attempts allowed (%d)", path, k->consecutive,
          k->attempts);
  read_benchmark(c, t, prefix, k);
}

static int l_exam(lua_State *L) {
  stp_script *s = stp_script_ctx(L);
  econv c = {L, stp_script_line(s, L, 1)};
  if (!s->exam)
    EFAIL(&c, STP_ERR_SCRIPT, "exam { ... } in a scenario file; exams are files of their own (stipple certify --exam)");
  s->exam_calls++;
  if (s->exam_calls > 1)
    EFAIL(&c, STP_ERR_SCRIPT, "exam { ... } is called a second time (the first call is on line %d); a file describes one exam",
          s->exam_line);
  s->exam_line = c.line;
  if (lua_gettop(L) != 1 || !lua_istable(L, 1))
    EFAIL(&c, STP_ERR_SCRIPT, "exam takes one table: exam { id = \"...\", title = \"...\", cases = { ... } }");
  stp_exam_file *e = s->exam;
  e->line = c.line;
  static const char *const keys[] = {"id", "title", "cases", "rule"};
  echeck_keys(&c, 1, keys, 4, "exam");
  estring(&c, 1, "id", "id", e->id, sizeof e->id, true, "a short name like \"smp-level-1\": a-z, 0-9, '-' and '_'");
  estring(&c, 1, "title", "title", e->title, sizeof e->title, false, "the exam's name on the certificate");
  e->rule = STP_EXAM_RULE_ALL;
  int ty = efield(&c, 1, "rule");
  if (ty != LUA_TNIL) {
    char rule[32];
    estring_top(&c, ty, "rule", rule, sizeof rule, false, false);
    if (strcmp(rule, "all") != 0)
      EFAIL(&c, STP_ERR_RANGE, "rule is '%s'; the only rule is \"all\" (every case passes)", rule);
  } else {
    lua_pop(L, 1);
  }
  ty = efield(&c, 1, "cases");
  if (ty == LUA_TNIL) EFAIL(&c, STP_ERR_SCRIPT, "cases is missing (a list of { scenario = \"file.lua\", ... })");
  if (ty != LUA_TTABLE) EFAIL(&c, STP_ERR_SCRIPT, "cases must be a list of tables (got %s)", lua_typename(L, ty));
  int t = lua_gettop(L);
  e->case_count = elist(&c, t, "cases", 1, STP_EXAM_MAX_CASES, "cases");
  for (int i = 0; i < e->case_count; i++) {
    lua_rawgeti(L, t, i + 1);
    read_case(&c, lua_gettop(L), i, &e->cases[i]);
    lua_pop(L, 1);
    for (int j = 0; j < i; j++)
      if (strcmp(e->cases[j].scenario, e->cases[i].scenario) == 0)
        EFAIL(&c, STP_ERR_RANGE, "cases[%d].scenario '%.64s' is listed twice (also cases[%d])", i + 1,
              e->cases[i].scenario, j + 1);
  }
  lua_pop(L, 1);
  return 0;
}

void stp_script_open_exam_api(lua_State *L) {
  lua_pushcfunction(L, l_exam);
  lua_setglobal(L, "exam");
}
