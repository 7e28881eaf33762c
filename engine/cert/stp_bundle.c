/* stp_bundle.c - the sealed exam bundle: writing (libzip in memory, then the signature in
 * the archive comment) and reading (the signature over the exact bytes, then the members
 * and the manifest's hashes). The format is in stp_bundle.h and docs/assessment.md. */
#define _POSIX_C_SOURCE 200809L
#include "stp_bundle.h"

#include <cjson/cJSON.h>
#include <math.h>
#include <sodium.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <zip.h>

#include "stp_file.h"

#define EOCD_SIZE 22
#define SIG_PREFIX "stipple-ed25519 "
#define SIG_PREFIX_LEN 16
#define COMMENT_LEN (SIG_PREFIX_LEN + 2 * STP_KEY_PUBLIC_BYTES + 1 + 2 * crypto_sign_BYTES)   /* 209 */
#define MANIFEST_NAME "manifest.json"
#define MANIFEST_MAX (64u * 1024)
#define RESULT_MAX (16u * 1024 * 1024)
#define MEMBER_COUNT (STP_PART_COUNT + 1)

static const char *const part_names[STP_PART_COUNT] = {"scenario.lua", "record.txt", "work.csv", "result.json"};
/* The largest each member may be once uncompressed (a zip bomb stops here). */
static const size_t part_max[STP_PART_COUNT] = {STP_FILE_MAX_SCENARIO, STP_FILE_MAX_RECORD, STP_FILE_MAX_WORK,
                                               RESULT_MAX};

const char *stp_bundle_part_name(stp_bundle_part p) {
  return p >= 0 && p < STP_PART_COUNT ? part_names[p] : "?";
}

/* ---- small helpers ----------------------------------------------------------------- */

static void problem(stp_bundle_check *chk, const char *fmt, ...) {
  if (!chk) return;
  int cap = (int)(sizeof chk->problem / sizeof chk->problem[0]);
  if (chk->problems >= cap) return;
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(chk->problem[chk->problems++], sizeof chk->problem[0], fmt, ap);
  va_end(ap);
}

static void put_u16(unsigned char *p, unsigned v) {
  p[0] = (unsigned char)(v & 0xff);
  p[1] = (unsigned char)(v >> 8);
}

static unsigned get_u16(const unsigned char *p) { return (unsigned)p[0] | (unsigned)p[1] << 8; }

static bool is_eocd(const unsigned char *p) { return p[0] == 'P' && p[1] == 'K' && p[2] == 5 && p[3] == 6; }

/* Text stored in the manifest: no control characters (it goes into messages and reports). */
static bool plain_text(const char *s) {
  for (; *s; s++)
    if ((unsigned char)*s < 0x20 || *s == 0x7f) return false;
  return true;
}

bool stp_bundle_check_passed(const stp_bundle_check *chk) {
  if (!chk || chk->problems > 0 || !chk->signature_ok || !chk->signer_trusted || !chk->manifest_ok) return false;
  for (int i = 0; i < STP_PART_COUNT; i++)
    if (!chk->part_ok[i]) return false;
  return true;
}

void stp_bundle_free(stp_bundle *b) {
  if (!b) return;
  for (int i = 0; i < STP_PART_COUNT; i++) free(b->part[i]);
  free(b->manifest);
  memset(b, 0, sizeof *b);
}

/* ---- the manifest ------------------------------------------------------------------ */

static const struct meta_field {
  const char *key;
  size_t offset, size;
} meta_fields[] = {
  {"engine_version", offsetof(stp_bundle_meta, engine_version), sizeof ((stp_bundle_meta *)0)->engine_version},
  {"engine_build", offsetof(stp_bundle_meta, engine_build), sizeof ((stp_bundle_meta *)0)->engine_build},
  {"candidate", offsetof(stp_bundle_meta, candidate), sizeof ((stp_bundle_meta *)0)->candidate},
  {"scenario_id", offsetof(stp_bundle_meta, scenario_id), sizeof ((stp_bundle_meta *)0)->scenario_id},
  {"scenario_file", offsetof(stp_bundle_meta, scenario_file), sizeof ((stp_bundle_meta *)0)->scenario_file},
  {"mode", offsetof(stp_bundle_meta, mode), sizeof ((stp_bundle_meta *)0)->mode},
  {"started", offsetof(stp_bundle_meta, started), sizeof ((stp_bundle_meta *)0)->started},
  {"ended", offsetof(stp_bundle_meta, ended), sizeof ((stp_bundle_meta *)0)->ended},
  {"exam_id", offsetof(stp_bundle_meta, exam_id), sizeof ((stp_bundle_meta *)0)->exam_id},
};
#define META_FIELDS (sizeof meta_fields / sizeof meta_fields[0])
/* format, the text fields, duration_ms, attempt, station_key, members */
#define MANIFEST_KEYS (META_FIELDS + 5)
#define ATTEMPT_MAX 1000

static bool mode_ok(const char *m) { return strcmp(m, "exam") == 0 || strcmp(m, "practice") == 0; }

/* exactly 32 lowercase hex digits */
static bool exam_id_ok(const char *s) {
  size_t n = 0;
  for (; s[n]; n++)
    if (!((s[n] >= '0' && s[n] <= '9') || (s[n] >= 'a' && s[n] <= 'f'))) return false;
  return n == 32;
}

/* The attempt: 1..ATTEMPT_MAX in an exam, 0 in practice. */
static bool attempt_ok(const char *mode, double attempt) {
  return strcmp(mode, "exam") == 0 ? attempt >= 1 && attempt <= ATTEMPT_MAX : attempt == 0;
}

static stp_status check_meta(const stp_bundle_meta *m, stp_error *err) {
  for (size_t i = 0; i < META_FIELDS; i++) {
    const char *v = (const char *)m + meta_fields[i].offset;
    if (memchr(v, '\0', meta_fields[i].size) == NULL || !plain_text(v))
      return stp_error_set(err, STP_ERR_RANGE, NULL, 0, "the bundle's %s must be text of fewer than %zu bytes "
                           "without control characters", meta_fields[i].key, meta_fields[i].size);
  }
  if (!mode_ok(m->mode)) return stp_error_set(err, STP_ERR_RANGE, NULL, 0, "the bundle's mode must be \"exam\" or \"practice\"");
  if (strchr(m->scenario_file, '/'))
    return stp_error_set(err, STP_ERR_RANGE, NULL, 0, "the bundle's scenario_file is a file name, without folders");
  if (m->duration_ms < 0 || m->duration_ms > (int64_t)1 << 53)
    return stp_error_set(err, STP_ERR_RANGE, NULL, 0, "the bundle's duration_ms is out of range");
  if (!exam_id_ok(m->exam_id))
    return stp_error_set(err, STP_ERR_RANGE, NULL, 0, "the bundle's exam_id must be 32 lowercase hex digits");
  if (!attempt_ok(m->mode, m->attempt))
    return stp_error_set(err, STP_ERR_RANGE, NULL, 0, "the bundle's attempt is %d: 1..%d in an exam, 0 in practice",
                         m->attempt, ATTEMPT_MAX);
  return STP_OK;
}

static char *manifest_text(const stp_bundle *b) {
  cJSON *root = cJSON_CreateObject(), *members = NULL;
  bool ok = root != NULL && cJSON_AddNumberToObject(root, "format", STP_BUNDLE_FORMAT) != NULL;
  for (size_t i = 0; ok && i < META_FIELDS; i++)
    ok = cJSON_AddStringToObject(root, meta_fields[i].key, (const char *)&b->meta + meta_fields[i].offset) != NULL;
  char hex[65];
  stp_key_hex(b->signer, STP_KEY_PUBLIC_BYTES, hex);
  ok = ok && cJSON_AddNumberToObject(root, "duration_ms", (double)b->meta.duration_ms) != NULL &&
       cJSON_AddNumberToObject(root, "attempt", b->meta.attempt) != NULL &&
       cJSON_AddStringToObject(root, "station_key", hex) != NULL &&
       (members = cJSON_AddObjectToObject(root, "members")) != NULL;
  for (int p = 0; ok && p < STP_PART_COUNT; p++) {
    cJSON *m = cJSON_AddObjectToObject(members, part_names[p]);
    stp_key_hex(b->part_sha256[p], 32, hex);
    ok = m && cJSON_AddNumberToObject(m, "size", (double)b->part_len[p]) && cJSON_AddStringToObject(m, "sha256", hex);
  }
  char *text = ok ? cJSON_Print(root) : NULL;
  cJSON_Delete(root);
  return text;
}

static const cJSON *nth_child(const cJSON *o, size_t i) {
  const cJSON *c = o ? o->child : NULL;
  while (c && i--) c = c->next;
  return c;
}

static size_t child_count(const cJSON *o) {
  size_t n = 0;
  for (const cJSON *c = o ? o->child : NULL; c; c = c->next) n++;
  return n;
}

static bool whole_number(const cJSON *v, double lo, double hi) {
  return cJSON_IsNumber(v) && isfinite(v->valuedouble) && v->valuedouble == floor(v->valuedouble) &&
         v->valuedouble >= lo && v->valuedouble <= hi;
}

/* Parse manifest.json into b (meta, part_sha256) and the station key it names. The keys
 * must be exactly those written, in that order (so none is missing, repeated or extra). */
static bool parse_manifest(stp_bundle *b, unsigned char station_key[STP_KEY_PUBLIC_BYTES], stp_bundle_check *chk) {
  cJSON *root = cJSON_ParseWithLength(b->manifest, b->manifest_len);
  bool ok = false;
  if (!cJSON_IsObject(root)) {
    problem(chk, "manifest.json: is not a JSON object");
    goto done;
  }
  if (child_count(root) != MANIFEST_KEYS) {
    problem(chk, "manifest.json: has %zu fields, not the %zu of format %d", child_count(root), (size_t)MANIFEST_KEYS,
            STP_BUNDLE_FORMAT);
    goto done;
  }
  size_t k = 0;
  const cJSON *v = nth_child(root, k++);
  if (strcmp(v->string, "format") != 0 || !whole_number(v, 0, 1e9)) {
    problem(chk, "manifest.json: the first field must be \"format\", a whole number");
    goto done;
  }
  if (v->valuedouble != STP_BUNDLE_FORMAT) {
    problem(chk, "manifest.json: format %.0f, this Stipple reads format %d", v->valuedouble, STP_BUNDLE_FORMAT);
    goto done;
  }
  for (size_t i = 0; i < META_FIELDS; i++) {
    v = nth_child(root, k++);
    char *dst = (char *)&b->meta + meta_fields[i].offset;
    if (strcmp(v->string, meta_fields[i].key) != 0 || !cJSON_IsString(v)) {
      problem(chk, "manifest.json: field %zu must be \"%s\", a string", k, meta_fields[i].key);
      goto done;
    }
    if (strlen(v->valuestring) >= meta_fields[i].size || !plain_text(v->valuestring)) {
      problem(chk, "manifest.json: \"%s\" is too long (%zu bytes at most) or holds control characters",
              meta_fields[i].key, meta_fields[i].size - 1);
      goto done;
    }
    strcpy(dst, v->valuestring);
  }
  if (!mode_ok(b->meta.mode)) {
    problem(chk, "manifest.json: \"mode\" must be \"exam\" or \"practice\"");
    goto done;
  }
  if (!exam_id_ok(b->meta.exam_id)) {
    problem(chk, "manifest.json: \"exam_id\" must be 32 lowercase hex digits");
    goto done;
  }
  v = nth_child(root, k++);
  if (strcmp(v->string, "duration_ms") != 0 || !whole_number(v, 0, 9007199254740992.0)) {
    problem(chk, "manifest.json: \"duration_ms\" must follow, a whole number of ms");
    goto done;
  }
  b->meta.duration_ms = (int64_t)v->valuedouble;
  v = nth_child(root, k++);
  if (strcmp(v->string, "attempt") != 0 || !whole_number(v, 0, ATTEMPT_MAX) || !attempt_ok(b->meta.mode, v->valuedouble)) {
    problem(chk, "manifest.json: \"attempt\" must follow, a whole number: 1..%d in an exam, 0 in practice",
            ATTEMPT_MAX);
    goto done;
  }
  b->meta.attempt = (int)v->valuedouble;
  v = nth_child(root, k++);
  if (strcmp(v->string, "station_key") != 0 || !cJSON_IsString(v) ||
      stp_hex_decode(v->valuestring, strlen(v->valuestring), station_key, STP_KEY_PUBLIC_BYTES) != 0) {
    problem(chk, "manifest.json: \"station_key\" must follow, 64 lowercase hex digits");
    goto done;
  }
  const cJSON *members = nth_child(root, k++);
  if (strcmp(members->string, "members") != 0 || !cJSON_IsObject(members) || child_count(members) != STP_PART_COUNT) {
    problem(chk, "manifest.json: \"members\" must follow, an object naming the %d members", STP_PART_COUNT);
    goto done;
  }
  for (int p = 0; p < STP_PART_COUNT; p++) {
    const cJSON *m = nth_child(members, (size_t)p);
    const cJSON *size = nth_child(m, 0), *sha = nth_child(m, 1);
    if (strcmp(m->string, part_names[p]) != 0 || !cJSON_IsObject(m) || child_count(m) != 2 ||
        strcmp(size->string, "size") != 0 || !whole_number(size, 0, (double)part_max[p]) ||
        strcmp(sha->string, "sha256") != 0 || !cJSON_IsString(sha) ||
        stp_hex_decode(sha->valuestring, strlen(sha->valuestring), b->part_sha256[p], 32) != 0) {
      problem(chk, "manifest.json: member %d must be \"%s\" with its \"size\" (at most %zu) and \"sha256\" (hex)",
              p + 1, part_names[p], part_max[p]);
      goto done;
    }
    if ((double)b->part_len[p] != size->valuedouble) {
      problem(chk, "%s: its size (%zu bytes) differs from the manifest's (%.0f)", part_names[p], b->part_len[p],
              size->valuedouble);
      chk->part_ok[p] = false;
    }
  }
  ok = true;
done:
  cJSON_Delete(root);
  return ok;
}

/* ---- writing ----------------------------------------------------------------------- */

/* The time every member carries: 2020-01-01 00:00:00 as DOS time. libzip converts a
 * time_t to DOS time in the local zone, so the time_t is made in the local zone too. */
static time_t fixed_mtime(void) {
  struct tm tm = {.tm_year = 120, .tm_mon = 0, .tm_mday = 1, .tm_hour = 0, .tm_min = 0, .tm_sec = 0, .tm_isdst = -1};
  return mktime(&tm);
}

static stp_status zip_fail(stp_error *err, const char *what, zip_error_t *ze) {
  stp_status s = stp_error_set(err, STP_ERR_IO, NULL, 0, "cannot make the bundle's zip (%s): %s", what,
                               zip_error_strerror(ze));
  zip_error_fini(ze);
  return s;
}

/* The archive (with an empty comment) in memory: the manifest, then the parts in order. */
static stp_status make_archive(const stp_bundle *b, unsigned char **out, size_t *out_len, stp_error *err) {
  *out = NULL;
  *out_len = 0;
  zip_error_t ze;
  zip_error_init(&ze);
  zip_source_t *src = zip_source_buffer_create(NULL, 0, 0, &ze);
  if (!src) return zip_fail(err, "buffer", &ze);
  zip_t *za = zip_open_from_source(src, ZIP_TRUNCATE, &ze);
  if (!za) {
    zip_source_free(src);
    return zip_fail(err, "open", &ze);
  }
  zip_source_keep(src);
  time_t mtime = fixed_mtime();
  const char *names[MEMBER_COUNT] = {MANIFEST_NAME};
  const char *data[MEMBER_COUNT] = {b->manifest};
  size_t lens[MEMBER_COUNT] = {b->manifest_len};
  for (int p = 0; p < STP_PART_COUNT; p++) {
    names[p + 1] = part_names[p];
    data[p + 1] = b->part[p];
    lens[p + 1] = b->part_len[p];
  }
  for (int i = 0; i < MEMBER_COUNT; i++) {
    zip_source_t *s = zip_source_buffer(za, data[i], lens[i], 0);
    zip_int64_t idx = s ? zip_file_add(za, names[i], s, ZIP_FL_ENC_UTF_8) : -1;
    if (idx < 0) {
      if (s) zip_source_free(s);
      zip_error_set(&ze, zip_error_code_zip(zip_get_error(za)), zip_error_code_system(zip_get_error(za)));
      zip_discard(za);
      zip_source_free(src);
      return zip_fail(err, names[i], &ze);
    }
    /* The manifest and the result are small: stored, readable in any viewer. */
    zip_int32_t method = i == 0 || i == STP_PART_RESULT + 1 ? ZIP_CM_STORE : ZIP_CM_DEFLATE;
    if (zip_set_file_compression(za, (zip_uint64_t)idx, method, 9) != 0 ||
        zip_file_set_mtime(za, (zip_uint64_t)idx, mtime, 0) != 0) {
      zip_error_set(&ze, zip_error_code_zip(zip_get_error(za)), zip_error_code_system(zip_get_error(za)));
      zip_discard(za);
      zip_source_free(src);
      return zip_fail(err, names[i], &ze);
    }
  }
  if (zip_close(za) != 0) {
    zip_error_set(&ze, zip_error_code_zip(zip_get_error(za)), zip_error_code_system(zip_get_error(za)));
    zip_discard(za);
    zip_source_free(src);
    return zip_fail(err, "close", &ze);
  }
  stp_status st = STP_OK;
  zip_int64_t len = -1;
  if (zip_source_open(src) != 0 || zip_source_seek(src, 0, SEEK_END) != 0 || (len = zip_source_tell(src)) < 0 ||
      zip_source_seek(src, 0, SEEK_SET) != 0) {
    st = stp_error_set(err, STP_ERR_IO, NULL, 0, "cannot read back the bundle's zip");
  } else if (!(*out = malloc((size_t)len + COMMENT_LEN))) {
    st = stp_error_set(err, STP_ERR_NOMEM, NULL, 0, "out of memory making the bundle");
  } else if (zip_source_read(src, *out, (zip_uint64_t)len) != len) {
    st = stp_error_set(err, STP_ERR_IO, NULL, 0, "cannot read back the bundle's zip");
  }
  zip_source_close(src);
  zip_source_free(src);
  zip_error_fini(&ze);
  if (st != STP_OK) { free(*out); *out = NULL; return st; }
  *out_len = (size_t)len;
  return STP_OK;
}

stp_status stp_bundle_seal(const void *archive, size_t len, const stp_station_key *key, unsigned char **out,
                           size_t *out_len, stp_error *err) {
  *out = NULL;
  *out_len = 0;
  const unsigned char *a = archive;
  if (!key || !key->has_secret) return stp_error_set(err, STP_ERR_USAGE, NULL, 0, "sealing a bundle needs the station's secret key");
  if (len < EOCD_SIZE || !is_eocd(a + len - EOCD_SIZE) || get_u16(a + len - 2) != 0)
    return stp_error_set(err, STP_ERR_USAGE, NULL, 0, "not a zip ending in its end record with an empty comment");
  if (sodium_init() < 0) return stp_error_set(err, STP_ERR_IO, NULL, 0, "libsodium could not be initialised");
  unsigned char *o = malloc(len + COMMENT_LEN);
  if (!o) return stp_error_set(err, STP_ERR_NOMEM, NULL, 0, "out of memory sealing the bundle");
  memcpy(o, a, len);
  unsigned char sig[crypto_sign_BYTES];
  crypto_sign_detached(sig, NULL, o, len, key->sk);
  char *c = (char *)o + len;
  memcpy(c, SIG_PREFIX, SIG_PREFIX_LEN);
  stp_key_hex(key->pk, STP_KEY_PUBLIC_BYTES, c + SIG_PREFIX_LEN);
  c[SIG_PREFIX_LEN + 2 * STP_KEY_PUBLIC_BYTES] = ' ';
  char sighex[2 * crypto_sign_BYTES + 1];
  stp_key_hex(sig, crypto_sign_BYTES, sighex);
  memcpy(c + SIG_PREFIX_LEN + 2 * STP_KEY_PUBLIC_BYTES + 1, sighex, 2 * crypto_sign_BYTES);
  put_u16(o + len - 2, COMMENT_LEN);
  *out = o;
  *out_len = len + COMMENT_LEN;
  return STP_OK;
}

stp_status stp_bundle_write(const char *path, stp_bundle *b, const stp_station_key *key, stp_error *err) {
  if (!key || !key->has_secret)
    return stp_error_set(err, STP_ERR_USAGE, path, 0, "sealing a bundle needs the station's secret key");
  for (int p = 0; p < STP_PART_COUNT; p++) {
    if (!b->part[p]) return stp_error_set(err, STP_ERR_USAGE, path, 0, "the bundle has no %s", part_names[p]);
    if (b->part_len[p] > part_max[p])
      return stp_error_set(err, STP_ERR_RANGE, path, 0, "the bundle's %s is too large (%zu bytes, at most %zu)",
                           part_names[p], b->part_len[p], part_max[p]);
  }
  stp_status st = check_meta(&b->meta, err);
  if (st != STP_OK) return st;
  for (int p = 0; p < STP_PART_COUNT; p++) stp_sha256(b->part[p], b->part_len[p], b->part_sha256[p]);
  memcpy(b->signer, key->pk, STP_KEY_PUBLIC_BYTES);
  free(b->manifest);
  b->manifest = manifest_text(b);
  if (!b->manifest) return stp_error_set(err, STP_ERR_NOMEM, path, 0, "out of memory writing the manifest");
  b->manifest_len = strlen(b->manifest);
  unsigned char *archive = NULL, *sealed = NULL;
  size_t alen = 0, slen = 0;
  st = make_archive(b, &archive, &alen, err);
  if (st == STP_OK) st = stp_bundle_seal(archive, alen, key, &sealed, &slen, err);
  if (st == STP_OK) st = stp_file_write(path, sealed, slen, 0, "the bundle", err);
  if (st == STP_OK) stp_sha256(sealed, slen, b->file_sha256);
  free(archive);
  free(sealed);
  return st;
}

/* ---- reading ----------------------------------------------------------------------- */

/* Read member i (already checked: name, size bound) whole. */
static bool read_member(zip_t *za, zip_uint64_t i, const char *name, size_t max, char **data, size_t *len,
                        stp_bundle_check *chk) {
  zip_stat_t sb;
  zip_stat_init(&sb);
  if (zip_stat_index(za, i, 0, &sb) != 0 || !(sb.valid & ZIP_STAT_SIZE) || !(sb.valid & ZIP_STAT_COMP_METHOD)) {
    problem(chk, "%s: cannot be read from the zip", name);
    return false;
  }
  if ((sb.valid & ZIP_STAT_ENCRYPTION_METHOD) && sb.encryption_method != ZIP_EM_NONE) {
    problem(chk, "%s: is encrypted", name);
    return false;
  }
  if (sb.comp_method != ZIP_CM_STORE && sb.comp_method != ZIP_CM_DEFLATE) {
    problem(chk, "%s: uses compression method %d (only stored or deflated)", name, (int)sb.comp_method);
    return false;
  }
  if (sb.size > max) {
    problem(chk, "%s: is too large: %llu bytes uncompressed, at most %zu", name, (unsigned long long)sb.size, max);
    return false;
  }
  char *buf = malloc((size_t)sb.size + 1);
  if (!buf) {
    problem(chk, "%s: out of memory reading it", name);
    return false;
  }
  zip_file_t *zf = zip_fopen_index(za, i, 0);
  zip_int64_t n = zf ? zip_fread(zf, buf, sb.size) : -1;
  char extra;
  /* Reading to the end makes libzip check the member's CRC-32. */
  bool ok = n >= 0 && (zip_uint64_t)n == sb.size && zip_fread(zf, &extra, 1) == 0;
  if (zf && zip_fclose(zf) != 0) ok = false;
  if (!ok) {
    free(buf);
    problem(chk, "%s: is damaged (it does not decompress to its stated size and CRC-32)", name);
    return false;
  }
  buf[sb.size] = '\0';
  *data = buf;
  *len = (size_t)sb.size;
  return true;
}

/* Read a bundle held in buf (owned: patched in place and freed here). */
static stp_status read_owned(unsigned char *buf, size_t len, const char *name, const unsigned char *trusted,
                             stp_bundle *out, stp_bundle_check *chk, stp_error *err) {
  stp_status st = STP_ERR_PARSE;
  zip_t *za = NULL;
  stp_sha256(buf, len, out->file_sha256);
  /* The signature: the archive comment, exactly COMMENT_LEN bytes running to the end. */
  size_t eocd = len >= EOCD_SIZE + COMMENT_LEN ? len - EOCD_SIZE - COMMENT_LEN : 0;
  const char *c = (const char *)buf + eocd + EOCD_SIZE;
  if (len < EOCD_SIZE + COMMENT_LEN || !is_eocd(buf + eocd) || get_u16(buf + eocd + 20) != COMMENT_LEN ||
      memcmp(c, SIG_PREFIX, SIG_PREFIX_LEN) != 0 || c[SIG_PREFIX_LEN + 2 * STP_KEY_PUBLIC_BYTES] != ' ') {
    problem(chk, "signature: none at the end of the file (not a Stipple bundle, or bytes were added or cut)");
    goto done;
  }
  unsigned char sig[crypto_sign_BYTES];
  if (stp_hex_decode(c + SIG_PREFIX_LEN, 2 * STP_KEY_PUBLIC_BYTES, out->signer, STP_KEY_PUBLIC_BYTES) != 0 ||
      stp_hex_decode(c + SIG_PREFIX_LEN + 2 * STP_KEY_PUBLIC_BYTES + 1, 2 * crypto_sign_BYTES, sig,
                     crypto_sign_BYTES) != 0) {
    problem(chk, "signature: the zip comment is not \"stipple-ed25519 <key hex> <signature hex>\"");
    goto done;
  }
  /* The signed bytes: the archive as written, its comment length 0. */
  size_t signed_len = eocd + EOCD_SIZE;
  put_u16(buf + eocd + 20, 0);
  if (sodium_init() < 0) {
    st = stp_error_set(err, STP_ERR_IO, name, 0, "libsodium could not be initialised");
    goto out;
  }
  chk->signature_ok = crypto_sign_verify_detached(sig, buf, signed_len, out->signer) == 0;
  char fp[17], tfp[17];
  stp_key_fingerprint(out->signer, fp);
  if (!chk->signature_ok) problem(chk, "signature: does not match the bundle's bytes (made by key %s…)", fp);
  if (trusted) {
    chk->signer_trusted = sodium_memcmp(trusted, out->signer, STP_KEY_PUBLIC_BYTES) == 0;
    stp_key_fingerprint(trusted, tfp);
    if (!chk->signer_trusted) problem(chk, "signature: made by key %s…, not by the trusted station key %s…", fp, tfp);
  }

  /* The archive, from the signed bytes (exactly what libzip wrote). */
  zip_error_t ze;
  zip_error_init(&ze);
  zip_source_t *src = zip_source_buffer_create(buf, signed_len, 0, &ze);
  za = src ? zip_open_from_source(src, ZIP_RDONLY | ZIP_CHECKCONS, &ze) : NULL;
  if (!za) {
    problem(chk, "zip: not a readable zip archive (%s)", zip_error_strerror(&ze));
    if (src) zip_source_free(src);
    zip_error_fini(&ze);
    goto done;
  }
  zip_error_fini(&ze);
  zip_int64_t n = zip_get_num_entries(za, 0);
  if (n != MEMBER_COUNT) {
    problem(chk, "zip: holds %lld members, a bundle holds exactly %d (manifest.json, scenario.lua, record.txt, "
            "work.csv, result.json)", (long long)n, MEMBER_COUNT);
    goto done;
  }
  for (int i = 0; i < MEMBER_COUNT; i++) {
    const char *want = i == 0 ? MANIFEST_NAME : part_names[i - 1];
    const char *got = zip_get_name(za, (zip_uint64_t)i, ZIP_FL_ENC_RAW);
    if (!got || strcmp(got, want) != 0) {
      problem(chk, "zip: member %d is \"%.60s\", not \"%s\"", i + 1, got ? got : "?", want);
      goto done;
    }
  }
  if (!read_member(za, 0, MANIFEST_NAME, MANIFEST_MAX, &out->manifest, &out->manifest_len, chk)) goto done;
  for (int p = 0; p < STP_PART_COUNT; p++)
    if (!read_member(za, (zip_uint64_t)p + 1, part_names[p], part_max[p], &out->part[p], &out->part_len[p], chk))
      goto done;
  for (int p = 0; p < STP_PART_COUNT; p++) chk->part_ok[p] = true;
  unsigned char station_key[STP_KEY_PUBLIC_BYTES];
  if (!parse_manifest(out, station_key, chk)) {
    for (int p = 0; p < STP_PART_COUNT; p++) chk->part_ok[p] = false;
    goto done;
  }
  chk->manifest_ok = true;
  if (memcmp(station_key, out->signer, STP_KEY_PUBLIC_BYTES) != 0) {
    char mfp[17];
    stp_key_fingerprint(station_key, mfp);
    problem(chk, "manifest.json: names station key %s…, but the bundle is signed by key %s…", mfp, fp);
    chk->manifest_ok = false;
  }
  for (int p = 0; p < STP_PART_COUNT; p++) {
    unsigned char h[32];
    stp_sha256(out->part[p], out->part_len[p], h);
    if (memcmp(h, out->part_sha256[p], 32) != 0) {
      problem(chk, "%s: its SHA-256 differs from the manifest's", part_names[p]);
      chk->part_ok[p] = false;
    }
  }
  st = STP_OK;
done:
  if (st != STP_OK) stp_error_set(err, st, name, 0, "%s", chk->problems ? chk->problem[0] : "not a bundle");
out:
  if (za) zip_discard(za);   /* frees the source, not buf */
  free(buf);
  if (st != STP_OK) {
    unsigned char keep[32];
    memcpy(keep, out->file_sha256, 32);
    stp_bundle_free(out);
    memcpy(out->file_sha256, keep, 32);
  }
  return st;
}

stp_status stp_bundle_read_memory(const void *data, size_t len, const char *name, const unsigned char *trusted,
                                  stp_bundle *out, stp_bundle_check *chk, stp_error *err) {
  stp_bundle_check local;
  if (!chk) chk = &local;
  memset(out, 0, sizeof *out);
  memset(chk, 0, sizeof *chk);
  unsigned char *buf = malloc(len ? len : 1);
  if (!buf) return stp_error_set(err, STP_ERR_NOMEM, name, 0, "out of memory reading the bundle");
  memcpy(buf, data, len);
  return read_owned(buf, len, name, trusted, out, chk, err);
}

stp_status stp_bundle_read(const char *path, const unsigned char *trusted, stp_bundle *out, stp_bundle_check *chk,
                           stp_error *err) {
  stp_bundle_check local;
  if (!chk) chk = &local;
  memset(out, 0, sizeof *out);
  memset(chk, 0, sizeof *chk);
  char *data = NULL;
  size_t len = 0;
  stp_status st = stp_file_read(path, STP_FILE_MAX_BUNDLE, "the bundle", &data, &len, err);
  if (st == STP_ERR_RANGE) {   /* too large to be a bundle: it cannot be read */
    if (err) err->status = STP_ERR_IO;
    st = STP_ERR_IO;
  }
  if (st != STP_OK) return st;
  return read_owned((unsigned char *)data, len, path, trusted, out, chk, err);
}
