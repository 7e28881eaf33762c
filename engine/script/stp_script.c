/* stp_script.c - the sandboxed Lua state: allocator, budget hook, protected runs, errors.
 *
 * Limits (see docs/scenario-api.md, "Limits"):
 *  - memory: a counting lua_Alloc refuses any growth past limits.memory_bytes
 *    (never a shrink). Lua answers a refusal with an emergency collection and
 *    asks again; only a refusal of that retry (or one Lua does not retry) is
 *    the limit.
 *  - budget: a count hook every STP_SCRIPT_HOOK_PERIOD instructions, set only
 *    while scenario code runs. Allocation is charged too (one unit per
 *    STP_SCRIPT_BYTES_PER_UNIT bytes), and so are library calls that loop in C
 *    (stp_script_charge), since the hook never fires inside a C function.
 *  - a safety net in time: some single instructions take time in proportion to
 *    their operands (comparing two long strings, say), which no count sees, so
 *    the hook also stops a call after a few seconds of wall time (budget x
 *    100 ns, at least 2 s): far beyond what the budget lets a script use, so
 *    it never decides the outcome of a scenario that stays within its budget.
 *  - all are sticky: once reached, the hook fires on every instruction and
 *    raises again, so a script's own pcall cannot swallow the error, and the
 *    run reports the limit even if the script somehow finishes.
 * Errors report the path, the line in the file and a message without them.
 */
#define _POSIX_C_SOURCE 200809L   /* clock_gettime */
#include "stp_script_internal.h"
#include "stp_exam_file.h"
#include "stp_file.h"
#include "stp_score.h"
#include "stp_text.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <lualib.h>

void stp_script_limits_default(stp_script_limits *l) {
  if (!l) return;
  l->memory_bytes = STP_SCRIPT_DEFAULT_MEMORY;
  l->instructions = STP_SCRIPT_DEFAULT_INSTRUCTIONS;
}

stp_script *stp_script_ctx(lua_State *L) { return *(stp_script **)lua_getextraspace(L); }

/* ---- limits ------------------------------------------------------------------------ */

static void set_limit(stp_script *s, stp_script_limit_kind kind, int line, const char *detail) {
  if (s->limit != STP_SCRIPT_LIMIT_NONE) return;   /* the first one reached is the one reported */
  s->limit = kind;
  s->limit_line = line;
  snprintf(s->limit_detail, sizeof s->limit_detail, "%s", detail ? detail : "");
}

static void format_bytes(size_t n, char *buf, size_t size) {
  if (n >= 1024u * 1024u && n % (1024u * 1024u) == 0) snprintf(buf, size, "%zu MiB", n / (1024u * 1024u));
  else if (n >= 1024u && n % 1024u == 0) snprintf(buf, size, "%zu KiB", n / 1024u);
  else snprintf(buf, size, "%zu bytes", n);
}

/* The message of the limit reached (without file and line). */
static void limit_message(const stp_script *s, char *buf, size_t size) {
  char extra[220] = "";
  if (s->limit_detail[0]) snprintf(extra, sizeof extra, " (%s)", s->limit_detail);
  if (s->limit == STP_SCRIPT_LIMIT_TIME) {
    snprintf(buf, size,
             "the scenario script ran for more than %g seconds and was stopped (does it compare or "
             "search very long strings over and over?)%s",
             s->time_limit, extra);
  } else if (s->limit == STP_SCRIPT_LIMIT_BUDGET) {
    snprintf(buf, size,
             "the scenario script exceeded its instruction budget (infinite loop?): it ran more "
             "than %llu instructions%s",
             s->limits.instructions, extra);
  } else {
    char b[32];
    format_bytes(s->limits.memory_bytes, b, sizeof b);
    snprintf(buf, size, "the scenario script exceeded its memory limit of %s%s", b, extra);
  }
}

static double now_seconds(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static void budget_hook(lua_State *L, lua_Debug *ar);

/* Make the hook fire on the very next instruction (safe anywhere, even in the allocator:
 * lua_sethook is what lua.c calls from a signal handler). */
static void hook_now(stp_script *s) {
  if (!s->in_script || !s->L) return;
  s->hook_count = 1;
  lua_sethook(s->L, budget_hook, LUA_MASKCOUNT, 1);
}

_Noreturn static int raise_limit(lua_State *L) {
  stp_script *s = stp_script_ctx(L);
  char msg[512];
  limit_message(s, msg, sizeof msg);
  if (s->limit_line > 0) lua_pushfstring(L, "%s:%d: %s", s->short_src, s->limit_line, msg);
  else lua_pushstring(L, msg);
  lua_error(L);
  abort();   /* not reached: lua_error longjmps */
}

static void budget_hook(lua_State *L, lua_Debug *ar) {
  (void)ar;
  stp_script *s = stp_script_ctx(L);
  if (!s->in_script) return;
  s->used += (unsigned long long)s->hook_count;
  if (s->limit == STP_SCRIPT_LIMIT_NONE) {
    if (s->mem_pending) {
      /* A refused growth that Lua did not retry: it raised "not enough memory", and the
       * script is still running, so it caught that. */
      s->mem_pending = false;
      set_limit(s, STP_SCRIPT_LIMIT_MEMORY, s->limit_line, NULL);
    } else if (s->used > s->limits.instructions) {
      set_limit(s, STP_SCRIPT_LIMIT_BUDGET, stp_script_line(s, L, 0), NULL);
    } else if (now_seconds() > s->deadline) {
      set_limit(s, STP_SCRIPT_LIMIT_TIME, stp_script_line(s, L, 0), NULL);
    }
  }
  if (s->limit != STP_SCRIPT_LIMIT_NONE) {
    if (s->hook_count != 1) {
      s->hook_count = 1;
      lua_sethook(L, budget_hook, LUA_MASKCOUNT, 1);
    }
    raise_limit(L);
  }
  if (s->hook_count != STP_SCRIPT_HOOK_PERIOD) {
    s->hook_count = STP_SCRIPT_HOOK_PERIOD;
    lua_sethook(L, budget_hook, LUA_MASKCOUNT, STP_SCRIPT_HOOK_PERIOD);
  }
}

void stp_script_charge(lua_State *L, unsigned long long units, const char *what) {
  stp_script *s = stp_script_ctx(L);
  if (!s->in_script) return;
  if (s->limit != STP_SCRIPT_LIMIT_NONE) raise_limit(L);
  if (s->used > s->limits.instructions || units > s->limits.instructions - s->used) {
    s->used = s->limits.instructions + 1;
    set_limit(s, STP_SCRIPT_LIMIT_BUDGET, stp_script_line(s, L, 0), what);
    hook_now(s);
    raise_limit(L);
  }
  s->used += units;
}

_Noreturn int stp_script_memory_error(lua_State *L, const char *detail) {
  stp_script *s = stp_script_ctx(L);
  set_limit(s, STP_SCRIPT_LIMIT_MEMORY, stp_script_line(s, L, 0), detail);
  hook_now(s);
  raise_limit(L);
}

/* ---- the allocator ----------------------------------------------------------------- */

static void *sandbox_alloc(void *ud, void *ptr, size_t osize, size_t nsize) {
  stp_script *s = ud;
  size_t old = ptr ? osize : 0;   /* with ptr NULL, osize is the kind of object */
  if (nsize == 0) {
    free(ptr);
    s->mem_used -= old;
    return NULL;
  }
  if (nsize <= old) {             /* a shrink never fails */
    void *p = realloc(ptr, nsize);
    s->mem_used -= old - nsize;
    return p ? p : ptr;
  }
  size_t grow = nsize - old;
  bool retry = s->mem_pending && ptr == s->refused_ptr && osize == s->refused_osize &&
               nsize == s->refused_nsize;
  bool refuse = grow > s->limits.memory_bytes - s->mem_used;
  /* Once a limit is reached, no more growth: C loops that build things stop at once. */
  bool budget_spent = s->in_script && s->limit != STP_SCRIPT_LIMIT_NONE;
  if (refuse || budget_spent) {
    if (refuse && !budget_spent) {
      if (retry) {                /* refused again after Lua's emergency collection: the limit */
        s->mem_pending = false;
        set_limit(s, STP_SCRIPT_LIMIT_MEMORY, s->limit_line, NULL);
      } else if (!s->mem_pending) {
        s->mem_pending = true;
        s->refused_ptr = ptr;
        s->refused_osize = osize;
        s->refused_nsize = nsize;
        if (s->limit == STP_SCRIPT_LIMIT_NONE)
          s->limit_line = s->in_script && s->L ? stp_script_line(s, s->L, 0) : 0;
      }
    }
    hook_now(s);
    return NULL;
  }
  void *p = realloc(ptr, nsize);
  if (!p) {
    s->real_oom = true;
    return NULL;
  }
  if (retry) {
    s->mem_pending = false;       /* the emergency collection made room: carry on */
    if (s->limit == STP_SCRIPT_LIMIT_NONE) s->limit_line = 0;
    /* ... but a full collection walks the whole heap: charge it, so a script that keeps
     * the heap at the cap (catching "not enough memory") runs out of budget quickly. */
    if (s->in_script) s->alloc_bytes += s->mem_used / STP_SCRIPT_GC_BYTES_PER_UNIT * STP_SCRIPT_BYTES_PER_UNIT;
  }
  s->mem_used += grow;
  if (s->mem_used > s->mem_peak) s->mem_peak = s->mem_used;
  if (s->in_script) {
    s->alloc_bytes += grow + STP_SCRIPT_BYTES_PER_ALLOC;
    if (s->alloc_bytes >= STP_SCRIPT_BYTES_PER_UNIT) {
      s->used += s->alloc_bytes / STP_SCRIPT_BYTES_PER_UNIT;
      s->alloc_bytes %= STP_SCRIPT_BYTES_PER_UNIT;
      if (s->used > s->limits.instructions && s->limit == STP_SCRIPT_LIMIT_NONE) {
        set_limit(s, STP_SCRIPT_LIMIT_BUDGET, s->L ? stp_script_line(s, s->L, 0) : 0, NULL);
        hook_now(s);
      }
    }
  }
  return p;
}

/* ---- lines and raised errors --------------------------------------------------------- */

int stp_script_line(stp_script *s, lua_State *L, int level) {
  lua_Debug ar;
  /* lua_getstack walks from the top, so stay shallow: the file's frame is near it. */
  for (int lv = level; lv < level + 64 && lua_getstack(L, lv, &ar); lv++) {
    if (!lua_getinfo(L, "Sl", &ar)) continue;
    if (ar.currentline > 0 && ar.source && strcmp(ar.source, s->chunkname) == 0) return ar.currentline;
  }
  return 0;
}

_Noreturn static int vraise(lua_State *L, int line, stp_status status, const char *fmt, va_list ap) {
  stp_script *s = stp_script_ctx(L);
  char msg[STP_SCRIPT_MSG_LEN - LUA_IDSIZE - 16];   /* room for "short_src:line: " */
  vsnprintf(msg, sizeof msg, fmt, ap);
  if (line <= 0) line = stp_script_line(s, L, 1);
  if (line > 0) snprintf(s->raised_msg, sizeof s->raised_msg, "%s:%d: %s", s->short_src, line, msg);
  else snprintf(s->raised_msg, sizeof s->raised_msg, "%s", msg);
  s->raised_status = status;
  lua_pushstring(L, s->raised_msg);
  lua_error(L);
  abort();   /* not reached: lua_error longjmps */
}

_Noreturn int stp_script_raise(lua_State *L, stp_status status, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  vraise(L, 0, status, fmt, ap);   /* does not return, so no va_end */
}

_Noreturn int stp_script_raise_at(lua_State *L, int line, stp_status status, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  vraise(L, line, status, fmt, ap);
}

/* Message handler of our protected calls: note where the error happened. */
static int msgh(lua_State *L) {
  stp_script *s = stp_script_ctx(L);
  s->error_line = stp_script_line(s, L, 1);
  return 1;
}

/* "short_src:LINE: rest" -> LINE and rest; 0 if the message does not start with our position. */
static int split_position(const stp_script *s, const char *text, const char **rest) {
  size_t n = strlen(s->short_src);
  *rest = text;
  if (!s->short_src[0] || strncmp(text, s->short_src, n) != 0 || text[n] != ':') return 0;
  const char *p = text + n + 1;
  long line = 0;
  if (*p < '0' || *p > '9') return 0;
  while (*p >= '0' && *p <= '9' && line < 100000000) line = line * 10 + (*p++ - '0');
  if (*p != ':') return 0;
  p++;
  if (*p == ' ') p++;
  *rest = p;
  return (int)line;
}

/* Turn the outcome of a protected call into a status and an stp_error. Leaves the stack. */
static stp_status translate(stp_script *s, int lstatus, stp_error *err) {
  stp_script_print_end(s);   /* the call is over: say what print dropped */
  const char *file = s->chunkname[0] == '@' ? s->chunkname + 1 : NULL;
  stp_script_limit_kind kind = s->limit;
  if (kind == STP_SCRIPT_LIMIT_NONE && s->mem_pending) kind = STP_SCRIPT_LIMIT_MEMORY;
  if (lstatus == LUA_OK && kind == STP_SCRIPT_LIMIT_NONE) return STP_OK;
  if (kind == STP_SCRIPT_LIMIT_NONE && s->real_oom && s->call_key)
    return stp_error_set(err, STP_ERR_NOMEM, file, s->error_line,
                         "the machine ran out of memory running criteria.%s on a work of %zu impressions "
                         "(the engine's problem, not the scenario's: its script stayed within its limits)",
                         s->call_key, s->call_rows);
  if (kind == STP_SCRIPT_LIMIT_NONE && s->real_oom)
    return stp_error_set(err, STP_ERR_NOMEM, file, s->error_line, "out of memory while running the scenario");
  if (kind == STP_SCRIPT_LIMIT_NONE && lstatus == LUA_ERRMEM) kind = STP_SCRIPT_LIMIT_MEMORY;
  if (kind != STP_SCRIPT_LIMIT_NONE) {
    s->limit = kind;
    char msg[512];
    limit_message(s, msg, sizeof msg);
    int line = s->limit_line > 0 ? s->limit_line : s->error_line;
    if (line == 0 && s->loading) line = 1;
    if (s->call_key && s->engine_setup) {   /* before the criterion ran */
      char b[32];
      format_bytes(s->limits.memory_bytes, b, sizeof b);
      return stp_error_set(err, STP_ERR_LIMIT, file, 0,
                           "criteria.%s could not start: the scenario script's memory (limit %s) was "
                           "already full, so the engine could not hand it the work (a view of a few "
                           "bytes, whatever the work's size); keep less in global variables",
                           s->call_key, b);
    }
    if (s->call_key)
      return stp_error_set(err, STP_ERR_LIMIT, file, line,
                           "criteria.%s.fn, on a work of %zu impressions: %s. This is the scenario's "
                           "code, not the work: the work is a read-only view that takes none of the "
                           "script's memory, so the criterion must do (or keep) less per impression",
                           s->call_key, s->call_rows, msg);
    return stp_error_set(err, STP_ERR_LIMIT, file, line, "%s", msg);
  }
  const char *text;
  char other[64];
  if (lua_type(s->L, -1) == LUA_TSTRING) {
    text = lua_tostring(s->L, -1);
  } else {
    snprintf(other, sizeof other, "error object is a %s value", luaL_typename(s->L, -1));
    text = other;
  }
  stp_status st = s->raised_status != STP_OK && strcmp(text, s->raised_msg) == 0 ? s->raised_status
                                                                                  : STP_ERR_SCRIPT;
  const char *rest;
  int line = split_position(s, text, &rest);
  if (line == 0) line = s->error_line;
  if (line == 0 && s->loading) line = 1;   /* e.g. "attempt to load a binary chunk" */
  return stp_error_set(err, st, file, line, "%s", rest);
}

/* ---- opening, loading, closing ----------------------------------------------------- */

static int setup_p(lua_State *L) {
  stp_script_open_sandbox(L);
  stp_script_open_scenario_api(L);
  return 0;
}

stp_status stp_script_open(stp_script **out, const stp_script_limits *limits, stp_error *err) {
  stp_error_clear(err);
  if (!out) return stp_error_set(err, STP_ERR_USAGE, NULL, 0, "stp_script_open: out is NULL");
  *out = NULL;
  stp_script *s = calloc(1, sizeof *s);
  stp_scenario *scn = malloc(sizeof *scn);
  if (!s || !scn) {
    free(s);
    free(scn);
    return stp_error_set(err, STP_ERR_NOMEM, NULL, 0, "out of memory");
  }
  s->scn = scn;
  s->on_impression_ref = LUA_NOREF;
  s->work_ref = LUA_NOREF;
  stp_script_limits_default(&s->limits);
  if (limits && limits->memory_bytes) s->limits.memory_bytes = limits->memory_bytes;
  if (limits && limits->instructions) s->limits.instructions = limits->instructions;
  stp_rng_seed(&s->rng, STP_SCRIPT_RANDOM_SEED);
  s->L = lua_newstate(sandbox_alloc, s);
  if (!s->L) {
    stp_status st = s->real_oom ? STP_ERR_NOMEM : STP_ERR_LIMIT;
    char b[32];
    format_bytes(s->limits.memory_bytes, b, sizeof b);
    free(s->scn);
    free(s);
    return st == STP_ERR_NOMEM ? stp_error_set(err, st, NULL, 0, "out of memory")
                               : stp_error_set(err, st, NULL, 0, "a memory limit of %s is too small to start Lua", b);
  }
  *(stp_script **)lua_getextraspace(s->L) = s;
  lua_pushcfunction(s->L, setup_p);
  int ls = lua_pcall(s->L, 0, 0, 0);
  if (ls != LUA_OK) {
    stp_status st = translate(s, ls, err);
    if (st == STP_ERR_LIMIT) {
      char b[32];
      format_bytes(s->limits.memory_bytes, b, sizeof b);
      stp_error_set(err, st, NULL, 0, "a memory limit of %s is too small to start Lua", b);
    }
    stp_script_close(s);
    return st;
  }
  lua_settop(s->L, 0);
  s->limit = STP_SCRIPT_LIMIT_NONE;
  s->mem_pending = false;
  *out = s;
  return STP_OK;
}

typedef struct load_args {
  const char *text;
  size_t size;
} load_args;


/* Every call into scenario code runs under a fresh instruction budget, allocation count
 * and wall-clock safety net, with the count hook set only for the call's duration. */
static void budget_begin(stp_script *s, lua_State *L) {
  stp_script_print_begin(s);
  s->used = 0;
  s->alloc_bytes = 0;
  s->time_limit = (double)s->limits.instructions * 1e-7;
  if (s->time_limit < 2) s->time_limit = 2;
  s->deadline = now_seconds() + s->time_limit;
  s->hook_count = STP_SCRIPT_HOOK_PERIOD;
  s->in_script = true;
  lua_sethook(L, budget_hook, LUA_MASKCOUNT, STP_SCRIPT_HOOK_PERIOD);
}

static int load_p(lua_State *L) {
  stp_script *s = stp_script_ctx(L);
  const load_args *a = lua_touserdata(L, 1);
  /* Lua's short form of the chunk name (how messages start), from an empty chunk. */
  if (luaL_loadbufferx(L, "", 0, s->chunkname, "t") != LUA_OK) return lua_error(L);
  lua_Debug ar;
  lua_getinfo(L, ">S", &ar);
  snprintf(s->short_src, sizeof s->short_src, "%s", ar.short_src);
  s->loading = true;
  if (luaL_loadbufferx(L, a->text, a->size, s->chunkname, "t") != LUA_OK) return lua_error(L);
  s->loading = false;

  budget_begin(s, L);
  lua_call(L, 0, 0);
  lua_sethook(L, NULL, 0, 0);
  s->in_script = false;

  if (s->limit != STP_SCRIPT_LIMIT_NONE || s->mem_pending) return raise_limit(L);
  if (s->exam) {
    if (s->exam_calls == 0)
      return stp_script_raise_at(L, 1, STP_ERR_SCRIPT,
                                 "this file never calls exam { ... }; an exam file must call it exactly once");
    return 0;
  }
  if (s->scenario_calls == 0)
    return stp_script_raise_at(L, 1, STP_ERR_SCRIPT,
                               "this file never calls scenario { ... }; a scenario file must call it "
                               "exactly once");
  return 0;
}

stp_status stp_script_load(stp_script *s, const char *chunkname, const char *text, size_t size,
                           stp_scenario *out, stp_error *err) {
  stp_error_clear(err);
  const char *name = chunkname && chunkname[0] ? chunkname : "(scenario)";
  if (!out) return stp_error_set(err, STP_ERR_USAGE, NULL, 0, "stp_script_load: out is NULL");
  stp_scenario_defaults(out);
  if (!s || (!text && size))
    return stp_error_set(err, STP_ERR_USAGE, NULL, 0, "stp_script_load: no state or no text");
  if (strlen(name) >= sizeof out->path)
    return stp_error_set(err, STP_ERR_USAGE, NULL, 0, "the scenario path is too long (%zu bytes; at most %zu)",
                         strlen(name), sizeof out->path - 1);
  snprintf(out->path, sizeof out->path, "%s", name);
  if (s->loaded)
    return stp_error_set(err, STP_ERR_USAGE, name, 0, "this script state has already loaded a scenario");
  s->loaded = true;
  snprintf(s->chunkname, sizeof s->chunkname, "@%s", name);
  stp_scenario_defaults(s->scn);
  snprintf(s->scn->path, sizeof s->scn->path, "%s", name);
  if (!text) text = "";
  if (size >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0) {   /* a UTF-8 byte order mark */
    text += 3;
    size -= 3;
  }

  s->limit = STP_SCRIPT_LIMIT_NONE;
  s->limit_line = 0;
  s->limit_detail[0] = '\0';
  s->mem_pending = false;
  s->error_line = 0;
  s->raised_status = STP_OK;
  s->raised_msg[0] = '\0';
  s->scenario_calls = 0;
  s->scenario_line = 0;
  s->loading = false;

  lua_State *L = s->L;
  int base = lua_gettop(L);
  load_args a = {text, size};
  lua_pushcfunction(L, msgh);
  lua_pushcfunction(L, load_p);
  lua_pushlightuserdata(L, &a);
  int ls = lua_pcall(L, 1, 0, base + 1);
  lua_sethook(L, NULL, 0, 0);
  s->in_script = false;
  stp_status st = translate(s, ls, err);
  lua_settop(L, base);
  if (st == STP_OK) memcpy(out, s->scn, sizeof *out);
  else {   /* no hooks from a scenario that did not load */
    s->on_impression_ref = LUA_NOREF;
    s->custom_count = 0;
  }
  return st;
}

/* ---- hooks during play ---------------------------------------------------------------- */

typedef struct call_args {
  int ref;                          /* the function */
  const stp_impression *imp;        /* on_impression */
  const stp_work *work;             /* custom criterion */
  const char *key;                  /* custom criterion: its name, for messages */
  char *text[3];                    /* where the string results go */
  size_t text_n[3];
  double score;
} call_args;

static void push_impression(lua_State *L, const stp_scenario *scn, const stp_impression *m) {
  lua_createtable(L, 0, 9);
  lua_pushnumber(L, m->x_mm);
  lua_setfield(L, -2, "x");
  lua_pushnumber(L, m->y_mm);
  lua_setfield(L, -2, "y");
  lua_pushnumber(L, m->angle_deg);
  lua_setfield(L, -2, "angle");
  lua_pushnumber(L, m->depth_mm);
  lua_setfield(L, -2, "depth");
  lua_pushnumber(L, m->needle_mm);
  lua_setfield(L, -2, "needle");
  lua_pushnumber(L, m->ink);
  lua_setfield(L, -2, "ink");
  lua_pushinteger(L, m->session);
  lua_setfield(L, -2, "session");
  lua_pushinteger(L, (lua_Integer)m->t_ms);
  lua_setfield(L, -2, "t_ms");
  int z = stp_scenario_zone_at(scn, m->x_mm, m->y_mm);
  if (z >= 0) {
    lua_pushstring(L, scn->zones[z].id);
    lua_setfield(L, -2, "zone");
  }
}

static void copy_text(lua_State *L, int idx, const char *what, char *dst, size_t n) {
  if (!dst || !n) return;
  dst[0] = '\0';
  int t = lua_type(L, idx);
  if (t == LUA_TNIL) return;
  if (t != LUA_TSTRING && t != LUA_TNUMBER)
    stp_script_raise(L, STP_ERR_SCRIPT, "%s must be a string or nil (got %s)", what, luaL_typename(L, idx));
  size_t len;
  const char *v = lua_tolstring(L, idx, &len);
  /* No escape sequences or other controls for the terminal, valid UTF-8 for the JSON. */
  stp_text_clean(dst, n, v, len, true);
}

static int call_p(lua_State *L) {
  stp_script *s = stp_script_ctx(L);
  call_args *a = lua_touserdata(L, 1);
  budget_begin(s, L);
  s->engine_setup = true;   /* until the script runs, a limit reached is the engine's */
  lua_rawgeti(L, LUA_REGISTRYINDEX, a->ref);
  if (a->imp) {
    push_impression(L, s->scn, a->imp);
  } else {
    /* A read-only view, not a copy: the work takes none of the script's memory. */
    stp_script_push_work(L, s->scn, a->work);
    lua_pushvalue(L, -1);
    s->work_ref = luaL_ref(L, LUA_REGISTRYINDEX);
  }
  s->engine_setup = false;
  lua_call(L, 1, 3);
  lua_sethook(L, NULL, 0, 0);
  s->in_script = false;
  if (s->limit != STP_SCRIPT_LIMIT_NONE || s->mem_pending) return raise_limit(L);
  int base = lua_gettop(L) - 3;
  if (a->imp) {
    copy_text(L, base + 1, "on_impression's result", a->text[0], a->text_n[0]);
    return 0;
  }
  if (!lua_isnumber(L, base + 1))
    return stp_script_raise(L, STP_ERR_SCRIPT, "criteria.%s.fn must return a score 0..100 first (got %s)", a->key,
                            luaL_typename(L, base + 1));
  a->score = (double)lua_tonumber(L, base + 1);
  if (!(a->score >= 0 && a->score <= 100))
    return stp_script_raise(L, STP_ERR_RANGE, "criteria.%s.fn returned the score %g; it must be 0..100", a->key,
                            a->score);
  char what[128];
  snprintf(what, sizeof what, "criteria.%s.fn's second result (the figures)", a->key);
  copy_text(L, base + 2, what, a->text[1], a->text_n[1]);
  snprintf(what, sizeof what, "criteria.%s.fn's third result (the advice)", a->key);
  copy_text(L, base + 3, what, a->text[2], a->text_n[2]);
  return 0;
}

static stp_status run_call(stp_script *s, call_args *a, stp_error *err) {
  s->limit = STP_SCRIPT_LIMIT_NONE;
  s->limit_line = 0;
  s->limit_detail[0] = '\0';
  s->mem_pending = false;
  s->error_line = 0;
  s->raised_status = STP_OK;
  s->raised_msg[0] = '\0';
  s->loading = false;
  s->engine_setup = false;
  s->real_oom = false;
  s->call_key = a->work ? a->key : NULL;
  s->call_rows = a->work ? a->work->count : 0;
  lua_State *L = s->L;
  int base = lua_gettop(L);
  lua_pushcfunction(L, msgh);
  lua_pushcfunction(L, call_p);
  lua_pushlightuserdata(L, a);
  int ls = lua_pcall(L, 1, 0, base + 1);
  lua_sethook(L, NULL, 0, 0);
  s->in_script = false;
  if (s->work_ref != LUA_NOREF) {   /* a view the script kept can no longer read the work */
    lua_rawgeti(L, LUA_REGISTRYINDEX, s->work_ref);
    stp_script_end_work(L, -1);
    lua_pop(L, 1);
    luaL_unref(L, LUA_REGISTRYINDEX, s->work_ref);
    s->work_ref = LUA_NOREF;
  }
  stp_status st = translate(s, ls, err);
  s->call_key = NULL;
  lua_settop(L, base);
  lua_gc(L, LUA_GCCOLLECT);   /* what the hook made: free it now */
  return st;
}

bool stp_script_has_on_impression(const stp_script *s) {
  return s && s->loaded && s->on_impression_ref != LUA_NOREF && s->on_impression_ref != LUA_REFNIL;
}

stp_status stp_script_call_on_impression(stp_script *s, const stp_impression *imp, char *advice, size_t n,
                                         stp_error *err) {
  stp_error_clear(err);
  if (advice && n) advice[0] = '\0';
  if (!s || !imp) return stp_error_set(err, STP_ERR_USAGE, NULL, 0, "stp_script_call_on_impression: no state or impression");
  if (!stp_script_has_on_impression(s)) return STP_OK;
  call_args a;
  memset(&a, 0, sizeof a);
  a.ref = s->on_impression_ref;
  a.imp = imp;
  a.text[0] = advice;
  a.text_n[0] = n;
  return run_call(s, &a, err);
}

int stp_script_custom_count(const stp_script *s) { return s && s->loaded ? s->custom_count : 0; }

stp_status stp_script_score(const stp_scenario *scn, stp_script *script, const stp_work *work,
                            stp_score_result *out, unsigned char *merged_flags, stp_error *err) {
  stp_status st = stp_score_work(scn, work, out, merged_flags, err);
  if (st != STP_OK || !script || stp_script_custom_count(script) == 0) return st;
  stp_custom_result custom[STP_SCRIPT_MAX_CUSTOM];
  int n = 0;
  st = stp_script_custom_criteria(script, work, custom, STP_SCRIPT_MAX_CUSTOM, &n, err);
  for (int i = 0; st == STP_OK && i < n; i++)
    st = stp_score_add_custom(out, custom[i].key, custom[i].weight, custom[i].score, custom[i].figures,
                              custom[i].advice, err);
  return st;
}

stp_status stp_script_custom_criteria(stp_script *s, const stp_work *work, stp_custom_result *out, int max,
                                      int *n, stp_error *err) {
  stp_error_clear(err);
  if (n) *n = 0;
  if (!s || !work || (!out && max > 0))
    return stp_error_set(err, STP_ERR_USAGE, NULL, 0, "stp_script_custom_criteria: no state, work or output");
  int count = stp_script_custom_count(s);
  for (int i = 0; i < count && i < max; i++) {
    stp_custom_result *r = &out[i];
    memset(r, 0, sizeof *r);
    stp_text_clean(r->key, sizeof r->key, s->custom[i].key, strlen(s->custom[i].key), false);
    r->weight = s->custom[i].weight;
    call_args a;
    memset(&a, 0, sizeof a);
    a.ref = s->custom[i].ref;
    a.work = work;
    a.key = s->custom[i].key;
    a.text[1] = r->figures;
    a.text_n[1] = sizeof r->figures;
    a.text[2] = r->advice;
    a.text_n[2] = sizeof r->advice;
    stp_status st = run_call(s, &a, err);
    if (st != STP_OK) return st;
    r->score = a.score;
    if (n) *n = i + 1;
  }
  return STP_OK;
}

void stp_script_close(stp_script *s) {
  if (!s) return;
  if (s->L) {
    s->in_script = false;
    lua_sethook(s->L, NULL, 0, 0);
    lua_close(s->L);
  }
  free(s->scn);
  free(s);
}

void stp_script_get_stats(const stp_script *s, stp_script_stats *out) {
  if (!out) return;
  memset(out, 0, sizeof *out);
  if (!s) return;
  out->budget_used = s->used;
  out->memory_bytes = s->mem_used;
  out->memory_peak = s->mem_peak;
}

/* ---- the convenience functions ----------------------------------------------------- */

stp_status stp_script_load_scenario_buffer(const char *chunkname, const char *text, size_t size,
                                           const stp_script_limits *limits, stp_scenario *out,
                                           stp_error *err) {
  if (!out) return stp_error_set(err, STP_ERR_USAGE, NULL, 0, "stp_script_load_scenario_buffer: out is NULL");
  stp_scenario_defaults(out);
  stp_script *s;
  stp_status st = stp_script_open(&s, limits, err);
  if (st != STP_OK) {
    if (err && chunkname) snprintf(err->file, sizeof err->file, "%s", chunkname);
    return st;
  }
  st = stp_script_load(s, chunkname, text, size, out, err);
  stp_script_close(s);
  return st;
}

stp_status stp_script_load_scenario(const char *path, const stp_script_limits *limits,
                                    stp_scenario *out, stp_error *err) {
  stp_error_clear(err);
  if (!out) return stp_error_set(err, STP_ERR_USAGE, NULL, 0, "stp_script_load_scenario: out is NULL");
  stp_scenario_defaults(out);
  if (!path || !path[0]) return stp_error_set(err, STP_ERR_USAGE, NULL, 0, "no scenario file given");
  stp_script_limits lim;
  stp_script_limits_default(&lim);
  if (limits && limits->memory_bytes) lim.memory_bytes = limits->memory_bytes;
  if (limits && limits->instructions) lim.instructions = limits->instructions;

  /* Only a regular file of at most STP_FILE_MAX_SCENARIO bytes: the limit the game's
   * loader (stp_app_open_scenario) applies too, so `check` passes what the game loads. */
  char *buf = NULL;
  size_t len = 0;
  stp_status st = stp_file_read(path, STP_FILE_MAX_SCENARIO, "the scenario", &buf, &len, err);
  if (st == STP_OK) st = stp_script_load_scenario_buffer(path, buf, len, &lim, out, err);
  free(buf);
  return st;
}

/* ---- exam files ------------------------------------------------------------------------ */

static int exam_setup_p(lua_State *L) {
  stp_script_open_exam_api(L);
  return 0;
}

stp_status stp_script_load_exam_buffer(const char *chunkname, const char *text, size_t size,
                                       const stp_script_limits *limits, stp_exam_file *out, stp_error *err) {
  stp_error_clear(err);
  if (!out) return stp_error_set(err, STP_ERR_USAGE, NULL, 0, "stp_script_load_exam_buffer: out is NULL");
  memset(out, 0, sizeof *out);
  const char *name = chunkname && chunkname[0] ? chunkname : "(exam)";
  snprintf(out->path, sizeof out->path, "%s", name);
  stp_script *s;
  stp_status st = stp_script_open(&s, limits, err);
  if (st != STP_OK) {
    if (err) snprintf(err->file, sizeof err->file, "%s", name);
    return st;
  }
  lua_pushcfunction(s->L, exam_setup_p);
  if (lua_pcall(s->L, 0, 0, 0) != LUA_OK) {
    stp_script_close(s);
    return stp_error_set(err, STP_ERR_NOMEM, name, 0, "out of memory setting up the exam's sandbox");
  }
  stp_exam_file *e = calloc(1, sizeof *e);
  stp_scenario *scn = malloc(sizeof *scn);
  if (!e || !scn) {
    free(e);
    free(scn);
    stp_script_close(s);
    return stp_error_set(err, STP_ERR_NOMEM, name, 0, "out of memory");
  }
  snprintf(e->path, sizeof e->path, "%s", name);
  s->exam = e;
  st = stp_script_load(s, name, text, size, scn, err);
  if (st == STP_OK) memcpy(out, e, sizeof *out);
  s->exam = NULL;
  free(e);
  free(scn);
  stp_script_close(s);
  return st;
}

stp_status stp_script_load_exam(const char *path, const stp_script_limits *limits, stp_exam_file *out, stp_error *err) {
  stp_error_clear(err);
  if (!out) return stp_error_set(err, STP_ERR_USAGE, NULL, 0, "stp_script_load_exam: out is NULL");
  memset(out, 0, sizeof *out);
  if (!path || !path[0]) return stp_error_set(err, STP_ERR_USAGE, NULL, 0, "no exam file given");
  char *text = NULL;
  size_t len = 0;
  stp_status st = stp_file_read(path, STP_FILE_MAX_SCENARIO, "the exam file", &text, &len, err);
  if (st == STP_OK) st = stp_script_load_exam_buffer(path, text, len, limits, out, err);
  free(text);
  return st;
}
