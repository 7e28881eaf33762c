/* stp_work.h - a trainee's work: the impressions placed, and the work file.
 *
 * The work file is the interchange format for scoring, replay and assessment
 * (docs/work-format.md): CSV, UTF-8, a header row, one impression per row,
 * required columns x_mm,y_mm,angle_deg,depth_mm,needle_mm,ink,session,t_ms in
 * any order; the optional columns dwell_ms and pigment (typed); extra columns (pressure, ...) are
 * kept as text and written back.
 *
 * Parsing is all-or-nothing: a malformed row fails the whole load with its
 * line number in the error, and the output work is left empty.
 * Depends on: stp_error.h.
 */
#ifndef STP_WORK_H
#define STP_WORK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include "stp_error.h"

typedef struct stp_impression {
  double x_mm, y_mm;    /* chart position */
  double angle_deg;     /* grain: drawn along (cos a, sin a) in chart coordinates */
  double depth_mm;      /* needle penetration depth, >= 0 */
  double needle_mm;     /* needle diameter, > 0 */
  double ink;           /* pigment concentration, 0 < ink <= 1 (1 = undiluted) */
  int32_t session;      /* 1-based session number */
  int64_t t_ms;         /* milliseconds since that session started, >= 0 */
  double dwell_ms;      /* optional column dwell_ms: how long the needle stayed in (0 = not
                           recorded: the pigment model assumes a nominal dwell) */
  uint8_t pigment;      /* optional column pigment: index into the work's pigment table
                           (stp_work.pigments); 0 without the column. Once the work is bound to
                           a scenario's kit (stp_work_check_kit) it indexes the kit's pigments. */
  int32_t line;         /* the line of the file this row was read from (0: not read from a file) */
  /* Never in a file: set by the scorer and the renderer for what is not the trainee's own
   * new work (stp_heal.h). */
  double aged_years;    /* > 0: healed pigment aged this many years (a touch-up's old work) */
  bool context;         /* there on the skin and counted in the layout (density, spacing, look),
                           but not judged dot by dot: an earlier session's or an old work's */
} stp_impression;

/* Limits a work file must respect (beyond them a row is malformed). */
#define STP_WORK_MAX_COLUMNS   64
#define STP_WORK_MAX_ROWS      4000000
#define STP_WORK_MAX_LINE      4096    /* bytes in one row (a record), its line break aside */
#define STP_WORK_MAX_NEEDLE_MM 2.0
#define STP_WORK_MAX_DEPTH_MM  10.0
#define STP_WORK_MAX_COORD_MM  1000.0
#define STP_WORK_MAX_DWELL_MS  60000.0
#define STP_WORK_MAX_PIGMENTS  16      /* different pigment ids in one work */
#define STP_WORK_PIGMENT_ID_LEN 64     /* bytes with the NUL */

/* A hairline design drawn in a consultation (docs/scenario-api.md, "Hairline design
 * exercise"): the front hairline as a line of points across the forehead from the client's
 * left to the right, and the two temple points. In the file: `# design` lines before the
 * header (docs/work-format.md); a work without them has n = 0. */
#define STP_DESIGN_MAX_POINTS 64
typedef struct stp_design {
  int n;                              /* points of the line (2..STP_DESIGN_MAX_POINTS); 0: no design */
  double x[STP_DESIGN_MAX_POINTS], y[STP_DESIGN_MAX_POINTS];   /* chart mm */
  bool temples;                       /* both temple points are placed */
  double temple_x[2], temple_y[2];    /* [0] the client's left (-x), [1] the right */
} stp_design;

typedef struct stp_work {
  stp_impression *items;
  size_t count, capacity;
  /* Extra (non-required) columns, kept verbatim as text, in file order. */
  size_t extra_count;
  char **extra_names;      /* extra_count names */
  char **extra_values;     /* count * extra_count cells (row-major); NULL when extra_count == 0;
                              a cell is never NULL (empty string when blank) */
  size_t extra_capacity;   /* rows allocated in extra_values */
  bool has_dwell;          /* the optional dwell_ms column is present (read, or a pushed row had it) */
  bool has_pigment;        /* the optional pigment column is present (read, or set by the game) */
  int pigment_count;       /* the pigment table: ids the rows' `pigment` index into */
  char pigments[STP_WORK_MAX_PIGMENTS][STP_WORK_PIGMENT_ID_LEN];
  uint64_t revision;       /* bumped by every change other than an append (pop, clear), so a
                              cache of the rows can tell "grew" from "changed" */
  stp_design design;       /* the trainee's hairline design (n = 0: none); kept by stp_work_clear */
} stp_work;

void stp_work_init(stp_work *w);
void stp_work_free(stp_work *w);                 /* frees and re-initialises */
void stp_work_clear(stp_work *w);                /* drops rows, keeps columns */

/* Add an extra column (no-op if it exists); existing rows get "". Returns its index via *col. */
stp_status stp_work_add_column(stp_work *w, const char *name, size_t *col, stp_error *err);
/* Append one impression. extras: extra_count strings (may be NULL: all ""). */
stp_status stp_work_push(stp_work *w, const stp_impression *imp, const char *const *extras,
                         stp_error *err);
/* Remove the last impression (undo). Returns false if the work is empty. */
bool stp_work_pop(stp_work *w);
/* The text of extra column col for row i ("" if out of range). */
const char *stp_work_extra(const stp_work *w, size_t row, size_t col);
/* Index of an extra column by name, or -1. */
long stp_work_find_column(const stp_work *w, const char *name);
/* Replace the pigment table (ids of STP_WORK_PIGMENT_ID_LEN - 1 bytes at most, a-z 0-9 - _);
 * rows keep their indices. RANGE if there are too many or an id is malformed. */
stp_status stp_work_set_pigments(stp_work *w, const char *const *ids, int n, stp_error *err);
/* A pigment id is 1..63 characters of a-z, 0-9, '-' and '_'. */
bool stp_work_pigment_id_valid(const char *s, size_t len);

/* Round an impression to the precision the file keeps (x, y 0.01 mm; angle 0.01 deg;
 * depth, needle 0.001 mm; ink 0.001), so a saved and re-loaded work scores the same. */
void stp_impression_quantize(stp_impression *imp);
/* Round a design's points to the file's 0.01 mm (as a save does). */
void stp_design_quantize(stp_design *d);
/* A design the file can hold: n = 0, or 2..STP_DESIGN_MAX_POINTS finite points within
 * STP_WORK_MAX_COORD_MM (and the temple points, when placed). */
bool stp_design_valid(const stp_design *d);

/* Validate ranges (finite, needle in (0, MAX], 0 < ink <= 1, depth >= 0, session >= 1, t_ms >= 0). */
bool stp_impression_valid(const stp_impression *imp);

/* Parse a work from memory. name is used in messages ("work.csv:12: ..."). On failure
 * *out is left empty (initialised) and err names the line and column. */
stp_status stp_work_parse(stp_work *out, const char *data, size_t size, const char *name,
                          stp_error *err);
/* Load from a file path. */
stp_status stp_work_load(stp_work *out, const char *path, stp_error *err);
/* Write as CSV (required columns first, in the order above, then extras). */
stp_status stp_work_write(const stp_work *w, FILE *f, stp_error *err);
/* The same into a fresh NUL-terminated buffer (*text; free it), its length in *len: the
 * exact bytes a save writes, for bundles and for comparing a rebuilt work with a saved one. */
stp_status stp_work_to_text(const stp_work *w, char **text, size_t *len, stp_error *err);
/* Save atomically through stp_file_write_with: a fresh temporary file beside path
 * (never following a link), fsync, then rename over path. */
stp_status stp_work_save(const stp_work *w, const char *path, stp_error *err);

#endif
