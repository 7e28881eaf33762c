/* stp_keys.c - the station's Ed25519 key pair (libsodium), SHA-256 and hex.
 *
 * Files in the key folder (stp_key_dir):
 *   station.key  the secret key: 128 lowercase hex digits (libsodium's 64-byte secret key,
 *                seed then public key) and a newline; mode 0600, never group/other-readable
 *   station.pub  the public key: 64 lowercase hex digits and a newline; mode 0644
 */
#define _POSIX_C_SOURCE 200809L
#include "stp_bundle.h"

#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "stp_file.h"

static int sodium_ready(void) {
  static int state = 0;   /* sodium_init is itself idempotent and thread-safe */
  if (state == 0) state = sodium_init() < 0 ? -1 : 1;
  return state == 1;
}

void stp_sha256(const void *data, size_t len, unsigned char out[32]) {
  crypto_hash_sha256(out, (const unsigned char *)data, (unsigned long long)len);
}

void stp_key_hex(const unsigned char *bytes, size_t n, char *out) {
  static const char digits[] = "0123456789abcdef";
  for (size_t i = 0; i < n; i++) {
    out[2 * i] = digits[bytes[i] >> 4];
    out[2 * i + 1] = digits[bytes[i] & 15];
  }
  out[2 * n] = '\0';
}

void stp_sha256_hex(const void *data, size_t len, char out[65]) {
  unsigned char h[32];
  stp_sha256(data, len, h);
  stp_key_hex(h, 32, out);
}

void stp_key_fingerprint(const unsigned char pk[STP_KEY_PUBLIC_BYTES], char out[17]) {
  unsigned char h[32];
  stp_sha256(pk, STP_KEY_PUBLIC_BYTES, h);
  stp_key_hex(h, 8, out);
}

static int hexval(char c) {
  return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

int stp_hex_decode(const char *hex, size_t hex_len, unsigned char *out, size_t n) {
  if (hex_len != 2 * n) return -1;
  for (size_t i = 0; i < n; i++) {
    int hi = hexval(hex[2 * i]), lo = hexval(hex[2 * i + 1]);
    if (hi < 0 || lo < 0) return -1;
    out[i] = (unsigned char)(hi << 4 | lo);
  }
  return 0;
}

int stp_key_dir(char *out, size_t size) {
  const char *env = getenv("STIPPLE_KEY_DIR"), *xdg = getenv("XDG_CONFIG_HOME"), *home = getenv("HOME");
  int n;
  if (env && env[0]) n = snprintf(out, size, "%s", env);
  else if (xdg && xdg[0]) n = snprintf(out, size, "%s/stipple", xdg);
  else if (home && home[0]) n = snprintf(out, size, "%s/.config/stipple", home);
  else return -1;
  return n > 0 && (size_t)n < size ? 0 : -1;
}

static int key_path(char *out, size_t size, const char *dir, const char *name) {
  int n = snprintf(out, size, "%s/%s", dir, name);
  return n > 0 && (size_t)n < size ? 0 : -1;
}

/* The text of a key file: exactly n bytes of hex, then optionally one newline. */
static stp_status parse_key_text(const char *text, size_t len, unsigned char *out, size_t n, const char *path,
                                 const char *what, stp_error *err) {
  if (len > 0 && text[len - 1] == '\n') len--;
  if (stp_hex_decode(text, len, out, n) != 0)
    return stp_error_set(err, STP_ERR_PARSE, path, 0, "%s is not a key: it must hold %zu lowercase hex digits",
                         what, 2 * n);
  return STP_OK;
}

stp_status stp_key_load_public(const char *path, unsigned char pk[STP_KEY_PUBLIC_BYTES], stp_error *err) {
  char *text = NULL;
  size_t len = 0;
  stp_status st = stp_file_read(path, STP_FILE_MAX_KEY, "the public key", &text, &len, err);
  if (st != STP_OK) return st;
  st = parse_key_text(text, len, pk, STP_KEY_PUBLIC_BYTES, path, "the public key", err);
  free(text);
  return st;
}

/* Make dir (and its parents); the last folder gets mode 0700 when it is created here. */
static int make_key_dir(const char *dir) {
  char tmp[1024];
  if (snprintf(tmp, sizeof tmp, "%s", dir) >= (int)sizeof tmp) { errno = ENAMETOOLONG; return -1; }
  for (char *p = tmp + 1; *p; p++) {
    if (*p != '/') continue;
    *p = '\0';
    if (mkdir(tmp, 0755) != 0 && errno != EEXIST) return -1;
    *p = '/';
  }
  if (mkdir(tmp, 0700) != 0 && errno != EEXIST) return -1;
  struct stat st;
  if (stat(tmp, &st) != 0) return -1;
  if (!S_ISDIR(st.st_mode)) { errno = ENOTDIR; return -1; }
  return 0;
}

/* Write a new file that must not exist (O_EXCL|O_NOFOLLOW), all of it, then fsync. */
static stp_status write_new(const char *path, const char *data, size_t len, mode_t mode, const char *what,
                            stp_error *err) {
  int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, mode);
  if (fd < 0)
    return stp_error_set(err, STP_ERR_IO, path, 0, "cannot create %s: %s", what,
                         errno == EEXIST ? "it already exists (keys are never overwritten)" : strerror(errno));
  size_t done = 0;
  while (done < len) {
    ssize_t w = write(fd, data + done, len - done);
    if (w < 0 && errno == EINTR) continue;
    if (w <= 0) break;
    done += (size_t)w;
  }
  int e = done == len ? 0 : errno ? errno : EIO;
  if (!e && fsync(fd) != 0) e = errno;
  if (close(fd) != 0 && !e) e = errno;
  if (e) {
    unlink(path);
    return stp_error_set(err, STP_ERR_IO, path, 0, "cannot write %s: %s", what, strerror(e));
  }
  return STP_OK;
}

/* The two key files' paths in dir (size bytes each). Returns 0 on success. */
static int key_paths(const char *dir, char *sk_path, char *pk_path, size_t size) {
  return !dir || key_path(sk_path, size, dir, "station.key") != 0 || key_path(pk_path, size, dir, "station.pub") != 0;
}

stp_status stp_key_create(const char *dir, stp_station_key *out, stp_error *err) {
  memset(out, 0, sizeof *out);
  if (!sodium_ready()) return stp_error_set(err, STP_ERR_IO, NULL, 0, "libsodium could not be initialised");
  char sk_path[1100], pk_path[1100];
  if (key_paths(dir, sk_path, pk_path, sizeof sk_path) != 0)
    return stp_error_set(err, STP_ERR_USAGE, NULL, 0, "no key folder, or its path is too long");
  struct stat st;
  if (lstat(sk_path, &st) == 0 || lstat(pk_path, &st) == 0)
    return stp_error_set(err, STP_ERR_IO, lstat(sk_path, &st) == 0 ? sk_path : pk_path, 0,
                         "the station already has a key pair; keys are never overwritten");
  if (make_key_dir(dir) != 0)
    return stp_error_set(err, STP_ERR_IO, dir, 0, "cannot create the key folder: %s", strerror(errno));
  crypto_sign_keypair(out->pk, out->sk);
  out->has_secret = true;
  char text[2 * STP_KEY_SECRET_BYTES + 2];
  stp_key_hex(out->sk, STP_KEY_SECRET_BYTES, text);
  strcat(text, "\n");
  stp_status s = write_new(sk_path, text, strlen(text), 0600, "the station's secret key", err);
  sodium_memzero(text, sizeof text);
  if (s != STP_OK) { sodium_memzero(out, sizeof *out); return s; }
  char pub[2 * STP_KEY_PUBLIC_BYTES + 2];
  stp_key_hex(out->pk, STP_KEY_PUBLIC_BYTES, pub);
  strcat(pub, "\n");
  s = write_new(pk_path, pub, strlen(pub), 0644, "the station's public key", err);
  if (s != STP_OK) {
    unlink(sk_path);   /* a half-made pair would block the next try */
    sodium_memzero(out, sizeof *out);
  }
  return s;
}

stp_status stp_key_load(const char *dir, stp_station_key *out, stp_error *err) {
  memset(out, 0, sizeof *out);
  if (!sodium_ready()) return stp_error_set(err, STP_ERR_IO, NULL, 0, "libsodium could not be initialised");
  char sk_path[1100], pk_path[1100];
  if (key_paths(dir, sk_path, pk_path, sizeof sk_path) != 0)
    return stp_error_set(err, STP_ERR_USAGE, NULL, 0, "no key folder, or its path is too long");
  /* Opened without following a symlink; checked on the open descriptor (no race). */
  int fd = open(sk_path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
  if (fd < 0)
    return stp_error_set(err, STP_ERR_IO, sk_path, 0, "cannot open the station's secret key: %s",
                         errno == ELOOP ? "it is a symbolic link" : strerror(errno));
  struct stat st;
  if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    close(fd);
    return stp_error_set(err, STP_ERR_IO, sk_path, 0, "the station's secret key is not a regular file");
  }
  if (st.st_mode & 077) {
    close(fd);
    return stp_error_set(err, STP_ERR_IO, sk_path, 0,
                         "the station's secret key is readable by others (mode %03o): it must be 0600 "
                         "(chmod 600 it if no one else could have read it, else make a new key pair)",
                         (unsigned)(st.st_mode & 0777));
  }
  if (st.st_uid != geteuid()) {
    close(fd);
    return stp_error_set(err, STP_ERR_IO, sk_path, 0, "the station's secret key belongs to another user");
  }
  char text[STP_FILE_MAX_KEY];
  size_t len = 0;
  for (;;) {
    ssize_t r = read(fd, text + len, sizeof text - len);
    if (r < 0 && errno == EINTR) continue;
    if (r <= 0) break;
    len += (size_t)r;
    if (len == sizeof text) break;
  }
  close(fd);
  stp_status s = parse_key_text(text, len, out->sk, STP_KEY_SECRET_BYTES, sk_path, "the station's secret key", err);
  sodium_memzero(text, sizeof text);
  if (s != STP_OK) { sodium_memzero(out, sizeof *out); return s; }
  /* The secret key is seed then public key: the public half must be the seed's. */
  unsigned char pk[STP_KEY_PUBLIC_BYTES], sk[STP_KEY_SECRET_BYTES];
  crypto_sign_seed_keypair(pk, sk, out->sk);
  int same = sodium_memcmp(sk, out->sk, sizeof sk) == 0;
  sodium_memzero(sk, sizeof sk);
  if (!same) {
    sodium_memzero(out, sizeof *out);
    return stp_error_set(err, STP_ERR_PARSE, sk_path, 0, "the station's secret key is damaged (its halves disagree)");
  }
  memcpy(out->pk, pk, sizeof pk);
  out->has_secret = true;
  unsigned char pub[STP_KEY_PUBLIC_BYTES];
  stp_error sub;
  if (stp_key_load_public(pk_path, pub, &sub) == STP_OK && memcmp(pub, pk, sizeof pk) != 0) {
    sodium_memzero(out, sizeof *out);
    return stp_error_set(err, STP_ERR_PARSE, pk_path, 0, "station.pub is not the public half of station.key");
  }
  return STP_OK;
}
