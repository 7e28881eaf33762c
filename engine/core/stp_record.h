/* stp_record.h - the input record: every input that shaped a work, as it happened.
 *
 * An exam (and, optionally, a practice session) writes one line per event to an
 * append-only text file as the event happens, so the work can be rebuilt from it
 * exactly (stp_record_rebuild) and an examiner can watch it again (stipple replay).
 * The format (docs/assessment.md, "The input record"):
 *
 *   stipple-record 1
 *   # key value            header lines: scenario-sha256, candidate, engine, started
 *   T KIND ARGS...         one event per line, T = ms since the record began
 *
 * Game events (they change the work or the tool; stp_game_apply replays them):
 *   T place X Y P A D      impression at chart (X, Y) mm, pressure P 0..1, angle A
 *                          degrees or "nan" (the tool's), dwell D ms (0 = none)
 *   T undo | T redo
 *   T needle S | T ink S | T pigment S      cycle by step S (+1 / -1)
 *   T pressure DP | T rotate DA             nudge pressure / rotate the grain
 *   T session-end                           the next session starts at T
 *   T finish                                scored and sealed
 *   T design-point X Y                      a point of the hairline being designed (chart mm),
 *                                           left to right; the line so far waits for:
 *   T design-done LX LY RX RY               the consultation's Done: that line with the temple
 *                                           points (left, right) becomes the work's design
 *                                           (stp_game_set_design); the waiting line is cleared
 * Notes (for replay and the assessor's figures; the work does not depend on them):
 *   T down|move|up SX SY X Y P PEN          a pointer sample: screen px, chart mm,
 *                                           raw pressure, 1 = pen/touch, 0 = mouse
 *   T view CX CY SCALE                      the view after a pan, zoom or fit
 *   T show WHAT ON                          a display toggle (healed, zones, loupe, hair)
 *   T time-up                               the countdown ran out
 * Numbers are written in the fewest digits (%.15g to %.17g) that read back exactly. A crash can leave a last line
 * without its newline: the reader drops it and says so (torn = true).
 * Depends on: stp_error.h.
 */
#ifndef STP_RECORD_H
#define STP_RECORD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "stp_error.h"

#define STP_RECORD_MAGIC "stipple-record 1"
#define STP_RECORD_MAX_EVENTS 20000000
#define STP_RECORD_MAX_LINE 512
#define STP_RECORD_MAX_HEADERS 16

typedef enum stp_record_kind {
  STP_REC_PLACE = 0, STP_REC_UNDO, STP_REC_REDO, STP_REC_NEEDLE, STP_REC_INK, STP_REC_PIGMENT,
  STP_REC_PRESSURE, STP_REC_ROTATE, STP_REC_SESSION_END, STP_REC_FINISH,
  /* notes: not applied to the game */
  STP_REC_DOWN, STP_REC_MOVE, STP_REC_UP, STP_REC_VIEW, STP_REC_SHOW, STP_REC_TIME_UP,
  /* game events added for the hairline design exercise (a record without them reads as before) */
  STP_REC_DESIGN_POINT, STP_REC_DESIGN_DONE,
  STP_REC_KIND_COUNT
} stp_record_kind;

typedef struct stp_record_event {
  int64_t t_ms;
  stp_record_kind kind;
  double a[6];        /* the numbers, in the order of the format above */
  int step;           /* needle / ink / pigment; show: which (0 healed 1 zones 2 loupe 3 hair) */
  bool flag;          /* pen (samples), on (show) */
} stp_record_event;

typedef struct stp_record_header {
  char key[32];
  char value[160];
} stp_record_header;

typedef struct stp_record {
  stp_record_header headers[STP_RECORD_MAX_HEADERS];
  int header_count;
  stp_record_event *events;
  size_t count, capacity;
  bool torn;          /* the file ended in a line without its newline (dropped) */
} stp_record;

/* The name of an event kind as written ("place", "session-end", ...). */
const char *stp_record_kind_name(stp_record_kind k);
/* Is it a game event (applied by stp_game_apply) rather than a note? */
bool stp_record_is_game_event(stp_record_kind k);

void stp_record_init(stp_record *r);
void stp_record_free(stp_record *r);
/* A header's value, or NULL. */
const char *stp_record_header_get(const stp_record *r, const char *key);

/* Parse a record from memory (all-or-nothing but for a torn last line; name is used in
 * messages: "record.txt:12: ..."). Times must not go backwards. */
stp_status stp_record_parse(stp_record *out, const char *data, size_t size, const char *name, stp_error *err);

/* Format one event as its line (with the newline). Returns the length, or 0 if it does
 * not fit (never for size >= STP_RECORD_MAX_LINE). */
size_t stp_record_format(const stp_record_event *e, char *out, size_t size);

/* ---- writing as it happens ------------------------------------------------------ */

/* The writer: an append-only file descriptor. Each event is one write() of a whole line
 * (a crash of the program loses nothing written; stp_record_writer_sync makes it durable
 * against a crash of the machine, and the game calls it with the autosave, once a second). */
typedef struct stp_record_writer {
  int fd;
  char path[1024];
  bool failed;        /* a write failed: the record is incomplete (reported, never silent) */
  stp_error error;
  uint64_t events;
  int64_t last_t;     /* the latest time written: an earlier one is written as this */
} stp_record_writer;

/* Create a new record file (fails if it exists: O_CREAT|O_EXCL|O_NOFOLLOW) and write the
 * magic line and the headers (keys and values: one line each, no newlines inside). */
stp_status stp_record_writer_create(stp_record_writer *w, const char *path, const stp_record_header *headers,
                                    int header_count, stp_error *err);
/* Reopen an existing record to append (resuming after a crash). A torn last line is cut off. */
stp_status stp_record_writer_append(stp_record_writer *w, const char *path, stp_error *err);
stp_status stp_record_writer_event(stp_record_writer *w, const stp_record_event *e);
stp_status stp_record_writer_sync(stp_record_writer *w);
void stp_record_writer_close(stp_record_writer *w);

#endif
