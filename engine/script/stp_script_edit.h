/* stp_script_edit.h - the block `stipple edit` writes into a scenario file, and its reader.
 *
 * The case editor (engine/app/stp_edit.c, docs/editor.md) never rewrites an instructor's
 * code. It keeps what the instructor changed in the editor in one generated block at the
 * top of the file (after its leading comment lines):
 *
 *   -- stipple edit: begin (written by `stipple edit`; edit it there or by hand)
 *   stipple_edit {
 *     head = { mfp = {0, 90} },
 *     zones = { crown = { shape = polygon { {0, 160}, ... }, density = 30 } },
 *     rubric = { grain = 0.3 },
 *   }
 *   -- stipple edit: end
 *
 * stipple_edit { } runs first: its head (landmarks moved, length, age, hairline) is applied
 * at once and again over any head { } the file calls later, so every shape the file
 * derives from `landmark` follows a moved landmark. Its zone and rubric overrides are
 * applied when scenario { } has read the file's own values, matched by zone id (a zone the
 * file does not have is a new zone the editor drew). Everything outside the block is left
 * byte for byte.
 *
 * The block's numbers are written in the shortest form that reads back to the same double,
 * so load -> save -> load gives the same scenario.
 * Depends on: engine/core (stp_scenario.h, stp_error.h). No Lua in this header.
 */
#ifndef STP_SCRIPT_EDIT_H
#define STP_SCRIPT_EDIT_H

#include <stdbool.h>
#include <stddef.h>
#include "stp_error.h"
#include "stp_scenario.h"
#include "stp_script.h"

#define STP_EDIT_BEGIN "-- stipple edit: begin"
#define STP_EDIT_END   "-- stipple edit: end"

/* What a zone override sets (stp_edit_zone.set). */
enum {
  STP_EDIT_SHAPE     = 1u << 0,
  STP_EDIT_DENSITY   = 1u << 1,
  STP_EDIT_TOLERANCE = 1u << 2,
  STP_EDIT_ANGLE     = 1u << 3,
  STP_EDIT_INK       = 1u << 4,
  STP_EDIT_DEPTH     = 1u << 5,
  STP_EDIT_NAME      = 1u << 6,
  STP_EDIT_REMOVE    = 1u << 7    /* the zone is dropped from the case */
};

typedef struct stp_edit_zone {
  char id[STP_SCN_ID_LEN];
  unsigned set;                  /* STP_EDIT_* */
  stp_shape shape;               /* any kind; a polygon of several rings is written as rings */
  double density, tolerance, angle, ink, depth;
  char name[STP_SCN_ID_LEN];
} stp_edit_zone;

typedef struct stp_edit_block {
  bool length_set, age_set, hairline_set;
  double length_mm, hairline_mm;
  int age;
  bool lm_set[STP_LM_COUNT];     /* landmarks moved in the editor (never the glabella) */
  stp_point lm[STP_LM_COUNT];
  int zone_count;
  stp_edit_zone zones[STP_SCN_MAX_ZONES];
  bool weight_set[STP_CRIT_COUNT];
  double weight[STP_CRIT_COUNT]; /* 0: the criterion is off */
  bool pass_mark_set;
  double pass_mark;
} stp_edit_block;

/* An empty block (no overrides). */
void stp_edit_block_clear(stp_edit_block *b);
/* True when the block overrides nothing. */
bool stp_edit_block_empty(const stp_edit_block *b);
/* The override of zone id, made (empty) when missing: NULL when the block is full. */
stp_edit_zone *stp_edit_block_zone(stp_edit_block *b, const char *id);

/* The block's text, from STP_EDIT_BEGIN's line to STP_EDIT_END's line and its newline
 * (malloc'd, NUL-terminated; *len without the NUL). STP_ERR_NOMEM only. */
stp_status stp_edit_block_text(const stp_edit_block *b, char **text, size_t *len, stp_error *err);

/* The file's text with its block replaced by block (len bytes; "" removes it): an existing
 * block is replaced where it is; otherwise the block goes after the leading comment lines
 * (and a UTF-8 byte order mark), followed by one empty line. Everything else is kept byte
 * for byte. STP_ERR_PARSE when the file has a begin line without its end (or the reverse,
 * or two blocks): the editor must not guess. *out malloc'd. */
stp_status stp_edit_splice(const char *src, size_t src_len, const char *block, size_t block_len, char **out,
                           size_t *out_len, stp_error *err);

/* Load a scenario from text (as stp_script_load_scenario_buffer) and also return its
 * stipple_edit { } block in *blk (cleared when the file has none). */
stp_status stp_script_load_scenario_edit(const char *chunkname, const char *text, size_t size,
                                         const stp_script_limits *limits, stp_scenario *out, stp_edit_block *blk,
                                         stp_error *err);

#endif
