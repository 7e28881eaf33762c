/* stp_script_internal.h - what the files of engine/script share (not a public header).
 *
 *   stp_script.c          the state: allocator, budget hook, protected runs, errors
 *   stp_script_sandbox.c  the environment scripts see (libraries, wrappers, removals)
 *   stp_script_scenario.c scenario{} and the shape constructors: Lua tables -> stp_scenario
 *   stp_script_prelude.c  the condition building blocks (norwood, fut_scar, ...) in Lua
 *   stp_script_conditions.c  conditions from the landmarks (norwood_loss, fut_strip, ...) in Lua
 *   stp_script_geom.c     shape algebra (union, minus, band, ...) and head { } / landmark
 *
 * The stp_script of a state is found from any lua_State through the state's
 * extra space (no globals): stp_script_ctx(L).
 */
#ifndef STP_SCRIPT_INTERNAL_H
#define STP_SCRIPT_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>

#include <lua.h>
#include <lauxlib.h>

#include "stp_rng.h"
#include "stp_script.h"

/* The count hook runs every this many VM instructions while scenario code runs. */
#define STP_SCRIPT_HOOK_PERIOD 1000
/* Allocation is charged to the budget: one unit per this many bytes. */
#define STP_SCRIPT_BYTES_PER_UNIT 32
/* ... and every allocation costs as much as this many bytes more (malloc's own work). */
#define STP_SCRIPT_BYTES_PER_ALLOC 256
/* An emergency full collection (at the memory cap) is charged one unit per this many heap bytes. */
#define STP_SCRIPT_GC_BYTES_PER_UNIT 4
/* Longest message kept from a raised error (fits stp_error.msg with room). */
#define STP_SCRIPT_MSG_LEN 768

typedef enum stp_script_limit_kind {
  STP_SCRIPT_LIMIT_NONE = 0,
  STP_SCRIPT_LIMIT_BUDGET,          /* instructions + charged work */
  STP_SCRIPT_LIMIT_MEMORY,          /* the allocator's cap */
  STP_SCRIPT_LIMIT_TIME             /* the safety net: seconds of wall time in one call */
} stp_script_limit_kind;

struct stp_script {
  lua_State *L;
  stp_script_limits limits;

  /* Memory (the allocator). */
  size_t mem_used, mem_peak;
  bool mem_pending;                 /* a growth was refused and Lua has not retried it yet */
  const void *refused_ptr;          /* ... that request, to recognise Lua's retry after its emergency GC */
  size_t refused_osize, refused_nsize;
  bool real_oom;                    /* malloc itself failed (not our cap) */

  /* Budget (the hook and the charges). */
  bool in_script;                   /* a call into scenario code is running: hook set, work charged */
  unsigned long long used;          /* instructions run plus work charged, this call */
  size_t alloc_bytes;               /* allocated bytes not yet turned into budget units */
  int hook_count;                   /* the count the hook is set with now */
  double deadline;                  /* CLOCK_MONOTONIC seconds at which the call is stopped */
  double time_limit;                /* seconds allowed per call (from the budget, at least 2) */

  /* The first limit reached in this call: sticky, every later hook raises again. */
  stp_script_limit_kind limit;
  int limit_line;
  char limit_detail[192];

  /* The last error: the line the message handler found, and the status and text
   * of the error a C function of ours raised (so its status survives). */
  int error_line;
  stp_status raised_status;
  char raised_msg[STP_SCRIPT_MSG_LEN];

  /* The chunk: "@path" as given to Lua, the path, and Lua's short form of it in messages. */
  char chunkname[520];
  char short_src[LUA_IDSIZE];

  stp_rng rng;                      /* math.random */

  /* print: at most STP_SCRIPT_PRINT_LINES lines and STP_SCRIPT_PRINT_BYTES bytes per call
   * into the script; the rest is dropped and counted, and one note says so at the end. */
  unsigned print_lines;
  size_t print_bytes;
  unsigned long print_dropped;

  /* scenario{} */
  bool loaded;                      /* stp_script_load ran once */
  bool loading;                     /* compiling the file: an error without a line is on line 1 */
  int scenario_calls;
  int scenario_line;
  stp_scenario *scn;                /* filled by scenario{}; copied out on success */

  /* exam{} (an exam file instead of a scenario: stp_script_load_exam) */
  struct stp_exam_file *exam;            /* non-NULL while loading an exam file: filled by exam{} */
  int exam_calls;
  int exam_line;

  /* Hooks kept from scenario{} for play: registry references (LUA_NOREF when absent). */
  int on_impression_ref;
  /* The call running now: a criterion's name and work size (for messages), whether the
   * engine is still setting it up (a limit reached then is the engine's, not the script's),
   * and the registry reference of the work's view (made unreadable when the call ends). */
  const char *call_key;
  size_t call_rows;
  bool engine_setup;
  int work_ref;
  /* head { } (stp_script_geom.c): the client's head, copied into the scenario by scenario{}. */
  stp_head head;
  bool head_set;
  int custom_count;
  struct {
    char key[STP_SCN_ID_LEN];
    double weight;
    int ref;
  } custom[STP_SCRIPT_MAX_CUSTOM];
};

stp_script *stp_script_ctx(lua_State *L);

/* Charge units of work to the budget; raises the budget error when it runs out.
 * what (may be NULL) says what ran out of budget, for the message. */
void stp_script_charge(lua_State *L, unsigned long long units, const char *what);
/* Raise the sticky memory-limit error from a C function (detail may be NULL). */
_Noreturn int stp_script_memory_error(lua_State *L, const char *detail);

/* The current line in the scenario file at or above stack level `level`, 0 if none. */
int stp_script_line(stp_script *s, lua_State *L, int level);

#define STP_SCRIPT_PRINT_LINES 20u
#define STP_SCRIPT_PRINT_BYTES 8192u
#define STP_SCRIPT_PRINT_LINE_MAX 1024u   /* one printed line is cut here ("...") */
/* Start a call's print allowance; end it, printing "(print throttled: K lines dropped)"
 * when lines were dropped. */
void stp_script_print_begin(stp_script *s);
void stp_script_print_end(stp_script *s);

/* Raise an error "short_src:line: message" at the line of the scenario file that called
 * the running C function, and remember its status (STP_ERR_SCRIPT or STP_ERR_RANGE). */
_Noreturn int stp_script_raise(lua_State *L, stp_status status, const char *fmt, ...)
#if defined(__GNUC__)
  __attribute__((format(printf, 3, 4)))
#endif
  ;
/* Same at a given line (0: the calling line). */
_Noreturn int stp_script_raise_at(lua_State *L, int line, stp_status status, const char *fmt, ...)
#if defined(__GNUC__)
  __attribute__((format(printf, 4, 5)))
#endif
  ;

/* Build the sandbox: libraries, removals, wrappers (stp_script_sandbox.c). Runs protected. */
void stp_script_open_sandbox(lua_State *L);
/* Register scenario{} and the shape constructors (stp_script_scenario.c). Runs protected. */
void stp_script_open_scenario_api(lua_State *L);

/* The shape userdata's metatable name, and a shape pushed as a new userdata (shared by
 * stp_script_scenario.c and stp_script_geom.c). */
#define STP_SCRIPT_SHAPE_MT "stipple.shape"
int stp_script_push_shape(lua_State *L, const stp_shape *sh);
/* Register union, minus, intersect, offset, band, head { } and landmark (stp_script_geom.c).
 * Runs protected, after the shape metatable exists and before the prelude. */
void stp_script_open_geom_api(lua_State *L);

/* The generated block of `stipple edit` (stp_script_edit.c): register stipple_edit { };
 * replace head { }'s argument (index 1) by a copy with the block's head keys over it (the
 * editor's landmarks win); apply the block's zone and rubric overrides at the end of
 * scenario { }. Each does nothing in a file without the block. head { } itself, for the
 * block to call: stp_script_head_fn. */
void stp_script_open_edit_api(lua_State *L);
void stp_script_edit_head_args(lua_State *L);
void stp_script_edit_apply(lua_State *L, stp_scenario *o);
int stp_script_head_fn(lua_State *L);

/* Register exam{} (stp_script_exam.c). Runs protected. */
void stp_script_open_exam_api(lua_State *L);

/* The work as a custom criterion reads it (stp_script_work.c): push a read-only view of w
 * (valid while w is), and make the view at idx (and every impression taken from it)
 * unreadable once the call has returned. */
void stp_script_push_work(lua_State *L, const stp_scenario *scn, const stp_work *w);
void stp_script_end_work(lua_State *L, int idx);

/* The Lua source of the building blocks (smooth, norwood, ludwig, ...): stp_script_prelude.c. */
extern const char stp_script_prelude[];
/* The conditions built from the head's landmarks (norwood_loss, fut_strip, ...): stp_script_conditions.c. */
extern const char stp_script_conditions[];

/* Levenshtein distance, capped: returns cap + 1 when the distance is larger (scenario.c). */
int stp_script_edit_distance(const char *a, size_t la, const char *b, size_t lb, int cap);

#endif
