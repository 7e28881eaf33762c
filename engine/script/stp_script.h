/* stp_script.h - run scenario files (Lua 5.4) in a sandbox and turn them into stp_scenario.
 *
 * A scenario file is a Lua script written by an instructor (see
 * docs/scenario-api.md). It runs in a fresh, sandboxed Lua state: only the
 * base, string, table, math and utf8 libraries, no files, no OS, no bytecode,
 * a memory cap, an instruction budget, and a deterministic math.random, so
 * the same file gives the same scenario on every machine and every run.
 *
 * This is the only part of Stipple that includes Lua headers; everything it
 * hands back is plain C (stp_scenario, stp_error).
 *
 * Errors: every failure returns an stp_status and fills the stp_error (when
 * non-NULL) with the scenario file, the line in it, and a message that does
 * not repeat them (stp_error_format() puts "file:line: " in front):
 *   STP_ERR_IO      the file cannot be read
 *   STP_ERR_SCRIPT  Lua syntax or runtime error, unknown key, wrong type,
 *                   scenario{} called twice or never
 *   STP_ERR_RANGE   a value out of its accepted range
 *   STP_ERR_LIMIT   the script ran out of its instruction budget or memory
 *   STP_ERR_NOMEM   the machine itself ran out of memory
 *   STP_ERR_USAGE   bad arguments (NULL path, a path too long for stp_scenario.path)
 * On failure *out holds stp_scenario_defaults() (never garbage).
 *
 * Depends on: engine/core (stp_scenario.h, stp_error.h).
 */
#ifndef STP_SCRIPT_H
#define STP_SCRIPT_H

#include <stdbool.h>
#include <stddef.h>
#include "stp_error.h"
#include "stp_scenario.h"
#include "stp_work.h"

/* What one scenario may use. */
typedef struct stp_script_limits {
  size_t memory_bytes;              /* cap on the Lua heap; default 64 MiB */
  unsigned long long instructions;  /* budget per call into the script, in VM instructions
                                       (heavy library calls and allocation are charged too);
                                       default 50 million */
} stp_script_limits;

#define STP_SCRIPT_DEFAULT_MEMORY       (64u * 1024u * 1024u)
#define STP_SCRIPT_DEFAULT_INSTRUCTIONS 50000000ull
/* The seed of math.random in every fresh state (math.randomseed() with no argument restores it). */
#define STP_SCRIPT_RANDOM_SEED          0x5EEDull

void stp_script_limits_default(stp_script_limits *l);

/* Load and run a scenario file in a fresh sandboxed Lua state, fill *out.
 * limits may be NULL (defaults). */
stp_status stp_script_load_scenario(const char *path, const stp_script_limits *limits,
                                    stp_scenario *out, stp_error *err);

/* Same from memory; chunkname is the file name used in messages (e.g. "scenarios/x.lua")
 * and stored in out->path. text need not be NUL-terminated. */
stp_status stp_script_load_scenario_buffer(const char *chunkname, const char *text, size_t size,
                                           const stp_script_limits *limits, stp_scenario *out,
                                           stp_error *err);

/* ---- exam files -------------------------------------------------------------------------
 * An exam file calls exam { id = ..., title = ..., cases = { { scenario = "02_x.lua",
 * attempts = 2, consecutive = 2, benchmark = { reference = { "expert1.csv" }, margin = 0.9 } },
 * ... }, rule = "all" } once, in the same sandbox and under the same limits as a scenario;
 * errors carry the file and the line of the exam { ... } call (docs/assessment.md). */
struct stp_exam_file;
stp_status stp_script_load_exam(const char *path, const stp_script_limits *limits, struct stp_exam_file *out,
                                stp_error *err);
stp_status stp_script_load_exam_buffer(const char *chunkname, const char *text, size_t size,
                                       const stp_script_limits *limits, struct stp_exam_file *out, stp_error *err);

/* ---- the state behind the convenience functions above ---------------------------
 * One stp_script is one sandboxed Lua state holding one scenario. The functions
 * above open, load and close one; keep it open to call into the scenario later. */
typedef struct stp_script stp_script;

/* A fresh sandboxed state. limits may be NULL (defaults). *out is NULL on failure. */
stp_status stp_script_open(stp_script **out, const stp_script_limits *limits, stp_error *err);
/* Run the scenario text once in the state (a second call is STP_ERR_USAGE) and fill *out. */
stp_status stp_script_load(stp_script *s, const char *chunkname, const char *text, size_t size,
                           stp_scenario *out, stp_error *err);
/* Close the state and free everything. NULL is fine. */
void stp_script_close(stp_script *s);

/* ---- hooks: calling into the scenario during play ----------------------------------
 * A scenario may give on_impression = function(imp) ... end (live advice in practice
 * mode) and criteria = { name = { weight = ..., fn = function(work) ... end } } (custom
 * criteria computed from the work). Both need the state kept open after stp_script_load.
 * Each call runs under its own fresh budget and the memory cap; an error, a runaway loop
 * or a bad return value gives STP_ERR_SCRIPT / STP_ERR_RANGE / STP_ERR_LIMIT with the
 * file and line, and the state stays usable for the next call.
 * imp seen by Lua: { x, y, angle, depth, needle, ink, session, t_ms, zone = "id" or nil }.
 * work seen by a criterion: a read-only view (#work, work[i] with imp's fields, ipairs,
 * work:get(i)), never a copy: see stp_script_work.c. */
#define STP_SCRIPT_MAX_CUSTOM 8

/* True if the loaded scenario has an on_impression hook. */
bool stp_script_has_on_impression(const stp_script *s);
/* Call on_impression(imp); advice receives its text ("" for nil), cut to n bytes. With no
 * hook: STP_OK and "". */
stp_status stp_script_call_on_impression(stp_script *s, const stp_impression *imp, char *advice, size_t n,
                                         stp_error *err);

typedef struct stp_custom_result {
  char key[STP_SCN_ID_LEN];         /* the name in criteria = { ... } */
  double weight;                    /* as given (relative, like the rubric's weights) */
  double score;                     /* 0..100 */
  char figures[256];                /* the second return value, or "" */
  char advice[256];                 /* the third return value, or "" */
} stp_custom_result;

/* Number of custom criteria (0..STP_SCRIPT_MAX_CUSTOM), in sorted key order. */
int stp_script_custom_count(const stp_script *s);
/* Run every custom criterion on the work: out[0..count-1] (max entries at most). Stops at
 * the first failing criterion (its error names it). *n receives how many were filled. */
stp_status stp_script_custom_criteria(stp_script *s, const stp_work *work, stp_custom_result *out, int max,
                                      int *n, stp_error *err);

struct stp_score_result;
/* Score a work as every host does: the core's criteria (stp_score_work), then the
 * scenario's custom criteria added with their weights (script may be NULL: none).
 * merged_flags as stp_score_work's (NULL: not wanted). */
stp_status stp_script_score(const stp_scenario *scn, stp_script *script, const stp_work *work,
                            struct stp_score_result *out, unsigned char *merged_flags, stp_error *err);

/* Statistics of the last call into the script (for tests and the benchmark). */
typedef struct stp_script_stats {
  unsigned long long budget_used;   /* instructions plus charged work */
  size_t memory_bytes;              /* Lua heap now */
  size_t memory_peak;               /* largest Lua heap so far */
} stp_script_stats;
void stp_script_get_stats(const stp_script *s, stp_script_stats *out);

#endif
