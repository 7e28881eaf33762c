#include "stp_error.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static const char *const status_text[] = {
#define STP_X_TEXT(id, text) text,
  STP_STATUS_LIST(STP_X_TEXT)
#undef STP_X_TEXT
};

const char *stp_status_text(stp_status s) {
  if ((int)s < 0 || s >= STP_STATUS_COUNT) return "unknown status";
  return status_text[s];
}

stp_status stp_error_set(stp_error *err, stp_status s, const char *file, int line,
                         const char *fmt, ...) {
  if (!err) return s;
  err->status = s;
  err->line = line;
  snprintf(err->file, sizeof err->file, "%s", file ? file : "");
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(err->msg, sizeof err->msg, fmt, ap);
  va_end(ap);
  return s;
}

void stp_error_clear(stp_error *err) {
  if (!err) return;
  memset(err, 0, sizeof *err);
  err->status = STP_OK;
}

const char *stp_error_format(const stp_error *err, char *buf, size_t size) {
  if (!buf || size == 0) return buf;
  if (!err) { buf[0] = '\0'; return buf; }
  if (err->file[0] && err->line > 0)
    snprintf(buf, size, "%s:%d: %s", err->file, err->line, err->msg);
  else if (err->file[0])
    snprintf(buf, size, "%s: %s", err->file, err->msg);
  else
    snprintf(buf, size, "%s", err->msg);
  return buf;
}
