/* stp_file.h - reading and writing files safely: the one place Stipple touches a path.
 *
 * Reading: only a regular file (not a FIFO, device or directory; opened with
 * O_NONBLOCK so a FIFO cannot hang the open), whole, up to a size limit checked
 * before reading, so /dev/zero or a 1 GB line cannot exhaust memory.
 *
 * Writing: atomically. The bytes go to a fresh temporary file beside the target
 * (created with O_CREAT|O_EXCL|O_NOFOLLOW, so a planted symlink is never
 * followed), every write is checked, then fsync, rename over the target and
 * fsync of the folder. A failure leaves the target as it was and the temporary
 * file removed. The reader of the target sees the old file or the new one, never
 * a part.
 * Depends on: stp_error.h.
 */
#ifndef STP_FILE_H
#define STP_FILE_H

#include <stddef.h>
#include <stdio.h>
#include "stp_error.h"

/* Size limits shared by every reader of that kind of file (the loader and `check`). */
#define STP_FILE_MAX_SCENARIO (4u * 1024 * 1024)        /* a scenario's Lua source */
#define STP_FILE_MAX_WORK     (400u * 1024 * 1024)      /* a work file: STP_WORK_MAX_ROWS rows of ~100 bytes */
#define STP_FILE_MAX_RECORD   (1024u * 1024 * 1024)     /* an exam's input record */
#define STP_FILE_MAX_BUNDLE   (1536u * 1024 * 1024)     /* a sealed exam bundle */
#define STP_FILE_MAX_KEY      4096u                     /* a key file */

/* Read a regular file of at most max bytes into a fresh buffer (NUL-terminated, the NUL
 * not counted in *len). what names the file in messages ("the work file"). On failure
 * *data is NULL and err says why: STP_ERR_IO (missing, unreadable, not a regular file)
 * or STP_ERR_RANGE (larger than max). */
stp_status stp_file_read(const char *path, size_t max, const char *what, char **data, size_t *len,
                         stp_error *err);

/* Write len bytes to path atomically (see above), with file mode 0644 (or 0600 when
 * private). what names the file in messages. */
stp_status stp_file_write(const char *path, const void *data, size_t len, int private_mode,
                          const char *what, stp_error *err);

/* The same for content produced by a writer on a FILE*: write() fills the stream (a
 * temporary file) and returns its status; a failed write or flush fails the whole save. */
typedef stp_status (*stp_file_writer)(FILE *f, void *ctx, stp_error *err);
stp_status stp_file_write_with(const char *path, stp_file_writer write, void *ctx, int private_mode,
                               const char *what, stp_error *err);

/* Move the file at path aside to a backup that never replaces an earlier one:
 * `<path>.prev<ext>`, then `<path>.prev-2<ext>`, `<path>.prev-3<ext>`, ... (the first free
 * name; at most 9999; ext such as ".csv"). moved_to receives the backup's path, or "" when
 * there was nothing at path. */
stp_status stp_file_move_aside(const char *path, const char *ext, char *moved_to, size_t size, stp_error *err);
/* Undo a move aside: the backup moved_to renamed back to path (replacing what is there, as a
 * failed write may have left), durably (the folder synced, stp_file_durable_count counts it). */
stp_status stp_file_put_back(const char *moved_to, const char *path, stp_error *err);

/* Is there anything at path (a file, folder, FIFO, even a dangling link)? */
int stp_file_exists(const char *path);

/* Is path a regular file (following symlinks)? */
int stp_file_is_regular(const char *path);

/* An exclusive lock on a file, held until released or until the process ends (a stale
 * lock whose holder died never blocks: the kernel drops it). The lock is flock(2) on
 * `<target>.lock`, which records the holder's pid, host and start time for the message
 * another instance shows. Two locks on one target conflict even inside one process.
 * A zeroed stp_file_lock holds nothing. */
typedef struct stp_file_lock {
  int fd;            /* valid only while held */
  int held;
  char *path;        /* the lock file, while held */
} stp_file_lock;

/* Take the lock on target. what names the target in messages ("the work"). On conflict:
 * STP_ERR_IO, "work.csv is open in another Stipple (pid 1234 on host, since 12:01)". */
stp_status stp_file_lock_acquire(stp_file_lock *lk, const char *target, const char *what, stp_error *err);
/* Release (and remove the lock file); nothing if not held. */
void stp_file_lock_release(stp_file_lock *lk);

/* The folder holding path: "." for a bare name, "/" for a file at the root. */
void stp_file_dir_of(const char *path, char *out, size_t size);

/* How many changes this process has made durable so far: each atomic write done
 * (stp_file_write, stp_file_write_with), each file moved aside and each input record
 * synced (stp_record_writer_sync) adds one. A host whose storage needs a step of its own
 * to persist watches it: the browser build copies its in-memory files to IndexedDB
 * when it changes (web/stp_web_main.c, docs/web.md). */
unsigned long stp_file_durable_count(void);
/* Add one to it (stp_record.c's sync; nothing else needs to). */
void stp_file_note_durable(void);

#endif
