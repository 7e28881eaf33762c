/* stp_error.h - status codes and user-facing error messages.
 *
 * Every fallible function in Stipple returns an stp_status and, when given a
 * non-NULL stp_error*, fills it with a message a user can act on, plus the
 * file and line it concerns (a scenario script, a work file row) when known.
 * Tests assert on the status code, never on the message text.
 *
 * Depends on: the C standard library only.
 */
#ifndef STP_ERROR_H
#define STP_ERROR_H

#include <stddef.h>

/* One list generates the enum and the names (X-macro). */
#define STP_STATUS_LIST(X)                                   \
  X(STP_OK,          "ok")                                   \
  X(STP_ERR_IO,      "file error")                           \
  X(STP_ERR_PARSE,   "malformed input")                      \
  X(STP_ERR_RANGE,   "value out of range")                   \
  X(STP_ERR_NOMEM,   "out of memory")                        \
  X(STP_ERR_SCRIPT,  "scenario error")                       \
  X(STP_ERR_LIMIT,   "scenario exceeded its budget")         \
  X(STP_ERR_USAGE,   "usage error")                          \
  X(STP_ERR_DISPLAY, "display error")

typedef enum stp_status {
#define STP_X_ENUM(id, text) id,
  STP_STATUS_LIST(STP_X_ENUM)
#undef STP_X_ENUM
  STP_STATUS_COUNT
} stp_status;

typedef struct stp_error {
  stp_status status;
  char file[256];   /* "" when the error concerns no file */
  int line;         /* 0 when unknown */
  char msg[768];
} stp_error;

/* Short English name of a status ("malformed input"). Never NULL. */
const char *stp_status_text(stp_status s);

/* Fill err (if non-NULL) and return s. file may be NULL, line may be 0. */
stp_status stp_error_set(stp_error *err, stp_status s, const char *file, int line,
                         const char *fmt, ...)
#if defined(__GNUC__)
  __attribute__((format(printf, 5, 6)))
#endif
  ;

/* Reset to STP_OK with an empty message. */
void stp_error_clear(stp_error *err);

/* "file:line: message" (or "file: message", or "message"). Returns buf. */
const char *stp_error_format(const stp_error *err, char *buf, size_t size);

#endif
