/* stp_file.c - bounded reads of regular files and atomic, checked writes. */
#define _POSIX_C_SOURCE 200809L
#define _DEFAULT_SOURCE   /* flock */
#include "stp_file.h"

#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

stp_status stp_file_read(const char *path, size_t max, const char *what, char **data, size_t *len,
                         stp_error *err) {
  *data = NULL;
  *len = 0;
  if (!what) what = "the file";
  if (!path || !path[0]) return stp_error_set(err, STP_ERR_USAGE, NULL, 0, "no path given for %s", what);
  int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
  if (fd < 0) return stp_error_set(err, STP_ERR_IO, path, 0, "cannot open %s: %s", what, strerror(errno));
  struct stat st;
  if (fstat(fd, &st) != 0) {
    int e = errno;
    close(fd);
    return stp_error_set(err, STP_ERR_IO, path, 0, "cannot read %s: %s", what, strerror(e));
  }
  if (!S_ISREG(st.st_mode)) {
    close(fd);
    return stp_error_set(err, STP_ERR_IO, path, 0, "%s is not a regular file (a %s)", what,
                         S_ISDIR(st.st_mode) ? "folder" : S_ISFIFO(st.st_mode) ? "pipe"
                         : S_ISCHR(st.st_mode) || S_ISBLK(st.st_mode) ? "device" : "special file");
  }
  if ((uintmax_t)st.st_size > (uintmax_t)max) {
    close(fd);
    return stp_error_set(err, STP_ERR_RANGE, path, 0, "%s is too large: %jd bytes, at most %zu", what,
                         (intmax_t)st.st_size, max);
  }
  /* Clear O_NONBLOCK now that it is known to be a regular file. */
  int fl = fcntl(fd, F_GETFL);
  if (fl >= 0) fcntl(fd, F_SETFL, fl & ~O_NONBLOCK);
  size_t cap = (size_t)st.st_size + 1, n = 0;
  char *buf = malloc(cap);
  if (!buf) {
    close(fd);
    return stp_error_set(err, STP_ERR_NOMEM, path, 0, "out of memory reading %s", what);
  }
  /* The file may grow while it is read: read to its end, never past max. */
  for (;;) {
    if (n + 1 >= cap) {
      if (cap >= max + 2) {   /* room for max bytes and one more was filled: too large */
        free(buf);
        close(fd);
        return stp_error_set(err, STP_ERR_RANGE, path, 0, "%s is too large: more than %zu bytes", what, max);
      }
      size_t ncap = cap * 2 > max + 2 ? max + 2 : cap * 2;
      char *nb = realloc(buf, ncap);
      if (!nb) {
        free(buf);
        close(fd);
        return stp_error_set(err, STP_ERR_NOMEM, path, 0, "out of memory reading %s", what);
      }
      buf = nb;
      cap = ncap;
    }
    ssize_t got = read(fd, buf + n, cap - 1 - n);
    if (got < 0 && errno == EINTR) continue;
    if (got < 0) {
      int e = errno;
      free(buf);
      close(fd);
      return stp_error_set(err, STP_ERR_IO, path, 0, "cannot read %s: %s", what, strerror(e));
    }
    if (got == 0) break;
    n += (size_t)got;
    if (n > max) {
      free(buf);
      close(fd);
      return stp_error_set(err, STP_ERR_RANGE, path, 0, "%s is too large: more than %zu bytes", what, max);
    }
  }
  close(fd);
  buf[n] = '\0';
  *data = buf;
  *len = n;
  stp_error_clear(err);
  return STP_OK;
}

int stp_file_exists(const char *path) {
  struct stat st;
  return path && path[0] && lstat(path, &st) == 0;
}

int stp_file_is_regular(const char *path) {
  struct stat st;
  return path && stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

/* The folder part of path ("." when there is none). */
void stp_file_dir_of(const char *path, char *out, size_t size) {
  const char *slash = strrchr(path, '/');
  if (!slash) snprintf(out, size, ".");
  else if (slash == path) snprintf(out, size, "/");
  else snprintf(out, size, "%.*s", (int)(slash - path), path);
}

static unsigned long durable_count;

unsigned long stp_file_durable_count(void) { return durable_count; }
void stp_file_note_durable(void) { durable_count++; }

/* Make a name change in path's folder durable (its folder's entry list synced). */
static void sync_dir_of(const char *path) {
  char dir[4096];
  stp_file_dir_of(path, dir, sizeof dir);
  int dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dfd >= 0) {
    fsync(dfd);
    close(dfd);
  }
}

/* Create a fresh temporary file beside path: path.tmp-<pid>-<n>, never following a link. */
static int open_temp(const char *path, int mode, char *tmp, size_t size) {
  static unsigned counter;
  for (int attempt = 0; attempt < 100; attempt++) {
    snprintf(tmp, size, "%s.tmp-%ld-%u", path, (long)getpid(), counter++);
    int fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, mode);
    if (fd >= 0 || errno != EEXIST) return fd;
  }
  errno = EEXIST;
  return -1;
}

static stp_status finish_write(const char *path, const char *tmp, int fd, stp_status st, int e,
                               const char *why, const char *what, stp_error *err) {
  if (st == STP_OK && fsync(fd) != 0) { st = STP_ERR_IO; e = errno; why = NULL; }
  if (close(fd) != 0 && st == STP_OK) { st = STP_ERR_IO; e = errno; why = NULL; }
  if (st == STP_OK && rename(tmp, path) != 0) { st = STP_ERR_IO; e = errno; why = NULL; }
  if (st != STP_OK) {
    unlink(tmp);
    return stp_error_set(err, st, path, 0, "cannot write %s: %s", what, why ? why : strerror(e));
  }
  sync_dir_of(path);   /* make the rename itself durable */
  durable_count++;
  stp_error_clear(err);
  return STP_OK;
}

stp_status stp_file_write_with(const char *path, stp_file_writer write_fn, void *ctx, int private_mode,
                               const char *what, stp_error *err) {
  if (!what) what = "the file";
  if (!path || !path[0]) return stp_error_set(err, STP_ERR_USAGE, NULL, 0, "no path given for %s", what);
  char tmp[4200];
  if (strlen(path) + 40 > sizeof tmp) return stp_error_set(err, STP_ERR_USAGE, path, 0, "the path for %s is too long", what);
  int fd = open_temp(path, private_mode ? 0600 : 0644, tmp, sizeof tmp);
  if (fd < 0)
    return stp_error_set(err, STP_ERR_IO, path, 0, "cannot write %s: cannot create %s: %s", what, tmp, strerror(errno));
  int fd2 = dup(fd);
  FILE *f = fd2 >= 0 ? fdopen(fd2, "wb") : NULL;
  if (!f) {
    int e = errno;
    if (fd2 >= 0) close(fd2);
    return finish_write(path, tmp, fd, STP_ERR_IO, e, NULL, what, err);
  }
  stp_error sub;
  stp_error_clear(&sub);
  stp_status st = write_fn(f, ctx, &sub);
  const char *why = st != STP_OK ? sub.msg : NULL;
  if (st != STP_OK && st != STP_ERR_NOMEM) st = STP_ERR_IO;   /* the file could not be written */
  int e = 0;
  if (st == STP_OK && (fflush(f) != 0 || ferror(f))) { st = STP_ERR_IO; e = errno ? errno : EIO; }
  if (fclose(f) != 0 && st == STP_OK) { st = STP_ERR_IO; e = errno; }
  return finish_write(path, tmp, fd, st, e, why, what, err);
}

/* ---- locks ------------------------------------------------------------------------ */

/* "pid 1234 on host, since 12:01" from a lock file's "1234 host 1700000000\n". */
static void describe_holder(int fd, char *out, size_t size) {
  char buf[512];
  ssize_t n = pread(fd, buf, sizeof buf - 1, 0);
  long pid = 0;
  char host[256] = "";
  long long since = 0;
  if (n > 0) {
    buf[n] = '\0';
    if (sscanf(buf, "%ld %255s %lld", &pid, host, &since) < 2) pid = 0;
  }
  if (pid <= 0) {
    snprintf(out, size, "holder unknown");
    return;
  }
  char when[64] = "";
  time_t t = (time_t)since, now = time(NULL);
  struct tm tm_then, tm_now;
  if (since > 0 && localtime_r(&t, &tm_then) && localtime_r(&now, &tm_now)) {
    bool today = tm_then.tm_year == tm_now.tm_year && tm_then.tm_yday == tm_now.tm_yday;
    strftime(when, sizeof when, today ? ", since %H:%M" : ", since %Y-%m-%d %H:%M", &tm_then);
  }
  snprintf(out, size, "pid %ld on %s%s", pid, host[0] ? host : "an unknown host", when);
}

stp_status stp_file_lock_acquire(stp_file_lock *lk, const char *target, const char *what, stp_error *err) {
  memset(lk, 0, sizeof *lk);
  if (!what) what = "the file";
  if (!target || !target[0]) return stp_error_set(err, STP_ERR_USAGE, NULL, 0, "no path given for %s", what);
  size_t n = strlen(target);
  char *path = malloc(n + 6);
  if (!path) return stp_error_set(err, STP_ERR_NOMEM, target, 0, "out of memory locking %s", what);
  memcpy(path, target, n);
  memcpy(path + n, ".lock", 6);
  const char *base = strrchr(target, '/');
  base = base ? base + 1 : target;
  /* The holder removes the lock file as it releases: a lock taken on a file that has
   * since been removed (or replaced) is taken again on the new one. */
  for (int attempt = 0; attempt < 16; attempt++) {
    int fd = open(path, O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0644);
    if (fd < 0) {
      int e = errno;
      stp_error_set(err, STP_ERR_IO, target, 0, "cannot lock %s: cannot create %s: %s", what, path, strerror(e));
      free(path);
      return STP_ERR_IO;
    }
    if (flock(fd, LOCK_EX | LOCK_NB) != 0) {
      int e = errno;
      if (e == EWOULDBLOCK || e == EAGAIN) {
        char who[400];
        describe_holder(fd, who, sizeof who);
        close(fd);
        stp_error_set(err, STP_ERR_IO, target, 0,
                      "%s is open in another Stipple (%s); close that one first (%s is locked by %s)",
                      base, who, what, path);
      } else {
        close(fd);
        stp_error_set(err, STP_ERR_IO, target, 0, "cannot lock %s (%s): %s", what, path, strerror(e));
      }
      free(path);
      return STP_ERR_IO;
    }
    struct stat a, b;
    if (fstat(fd, &a) != 0 || lstat(path, &b) != 0 || a.st_dev != b.st_dev || a.st_ino != b.st_ino) {
      close(fd);   /* released and removed meanwhile: take it again */
      continue;
    }
    char host[256] = "";
    if (gethostname(host, sizeof host - 1) != 0 || !host[0]) snprintf(host, sizeof host, "unknown");
    host[sizeof host - 1] = '\0';
    for (char *c = host; *c; c++)
      if (*c == ' ' || *c == '\n') *c = '_';
    char line[400];
    int len = snprintf(line, sizeof line, "%ld %s %lld\n", (long)getpid(), host, (long long)time(NULL));
    if (ftruncate(fd, 0) != 0 || len <= 0 || pwrite(fd, line, (size_t)len, 0) != (ssize_t)len) {
      /* The lock is held all the same; only the holder's description is missing. */
    }
    lk->fd = fd;
    lk->held = 1;
    lk->path = path;
    stp_error_clear(err);
    return STP_OK;
  }
  free(path);
  return stp_error_set(err, STP_ERR_IO, target, 0, "cannot lock %s: its lock file keeps changing", what);
}

void stp_file_lock_release(stp_file_lock *lk) {
  if (!lk || !lk->held) return;
  unlink(lk->path);   /* before unlocking: a waiter that opened it sees it is gone */
  close(lk->fd);
  free(lk->path);
  memset(lk, 0, sizeof *lk);
}

/* ---- backups ---------------------------------------------------------------------- */

stp_status stp_file_move_aside(const char *path, const char *ext, char *moved_to, size_t size, stp_error *err) {
  if (moved_to && size) moved_to[0] = '\0';
  if (!path || !path[0]) return stp_error_set(err, STP_ERR_USAGE, NULL, 0, "no path given to move aside");
  if (!stp_file_exists(path)) { stp_error_clear(err); return STP_OK; }
  char prev[4200];
  for (int k = 1; k <= 9999; k++) {
    int n = k == 1 ? snprintf(prev, sizeof prev, "%s.prev%s", path, ext ? ext : "")
                   : snprintf(prev, sizeof prev, "%s.prev-%d%s", path, k, ext ? ext : "");
    if (n < 0 || (size_t)n >= sizeof prev)
      return stp_error_set(err, STP_ERR_IO, path, 0, "cannot move %s aside: the backup's name is too long", path);
    /* link() never replaces an existing name: the backup cannot overwrite an older one. */
    if (link(path, prev) == 0) {
      if (unlink(path) != 0) {
        int e = errno;
        unlink(prev);
        return stp_error_set(err, STP_ERR_IO, path, 0, "cannot move %s aside: %s", path, strerror(e));
      }
    } else if (errno == EEXIST) {
      continue;
    } else {
      /* A file system without hard links: rename to a name seen free. */
      struct stat st;
      if (lstat(prev, &st) == 0) continue;
      if (rename(path, prev) != 0)
        return stp_error_set(err, STP_ERR_IO, path, 0, "cannot move %s aside to %s: %s", path, prev,
                             strerror(errno));
    }
    if (moved_to && size) snprintf(moved_to, size, "%s", prev);
    sync_dir_of(path);
    durable_count++;
    stp_error_clear(err);
    return STP_OK;
  }
  return stp_error_set(err, STP_ERR_IO, path, 0, "cannot move %s aside: 9999 backups already exist", path);
}

stp_status stp_file_put_back(const char *moved_to, const char *path, stp_error *err) {
  if (!moved_to || !moved_to[0] || !path || !path[0])
    return stp_error_set(err, STP_ERR_USAGE, path, 0, "no backup given to put back");
  if (rename(moved_to, path) != 0)
    return stp_error_set(err, STP_ERR_IO, path, 0, "cannot put %s back as %s: %s", moved_to, path, strerror(errno));
  sync_dir_of(path);
  durable_count++;
  stp_error_clear(err);
  return STP_OK;
}

typedef struct bytes_ctx { const void *data; size_t len; } bytes_ctx;

static stp_status write_bytes(FILE *f, void *ctx, stp_error *err) {
  const bytes_ctx *b = ctx;
  if (b->len && fwrite(b->data, 1, b->len, f) != b->len)
    return stp_error_set(err, STP_ERR_IO, NULL, 0, "%s", strerror(errno ? errno : EIO));
  return STP_OK;
}

stp_status stp_file_write(const char *path, const void *data, size_t len, int private_mode,
                          const char *what, stp_error *err) {
  bytes_ctx b = {data, len};
  return stp_file_write_with(path, write_bytes, &b, private_mode, what, err);
}
