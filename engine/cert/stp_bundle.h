/* stp_bundle.h - the sealed exam bundle: one signed zip an examiner can verify.
 *
 * Layer "cert" (engine/cert): certification. Uses core, libzip and libsodium; no SDL,
 * no Lua (re-scoring a bundle needs the script layer and lives in engine/app).
 *
 * A bundle is a zip (libzip) holding, each stored under a fixed name:
 *   manifest.json   format, engine version and build, candidate, scenario id and file
 *                   name, mode ("exam" / "practice"), start and end (ISO 8601 UTC),
 *                   duration_ms, the station's public key (hex), and the SHA-256 (hex) of
 *                   every other member
 *   scenario.lua    the scenario source exactly as the exam read it (once)
 *   record.txt      the input record (stp_record.h)
 *   work.csv        the work as the game saved it
 *   result.json     the result as the game scored it (stp_score_to_json)
 (manifest.json first, then the four parts in the order above; no other member), and, in
 * the zip's archive comment, the Ed25519 signature (libsodium crypto_sign_detached):
 *   "stipple-ed25519 <public key: 64 hex> <signature: 128 hex>"   (209 bytes, lowercase hex,
 *   no newline), and nothing after it.
 * The signed bytes, precisely: let F be the file and E = len(F) - 22 - 209 the offset of
 * the zip's end-of-central-directory record (which must start "PK\5\6" and give a comment
 * length of 209). The signature is over F[0 .. E+22) with its last two bytes (the EOCD's
 * comment length) set to 0 - the archive exactly as libzip wrote it, with an empty comment.
 * Members are stored (manifest.json, result.json) or deflated, all with the time
 * 2020-01-01 00:00, so the same inputs give the same bytes.
 * Because the signature covers the whole file (headers, names, times, the manifest) and
 * nothing may follow it, changing any single byte anywhere fails verification; the
 * manifest's hashes then say which member changed.
 * Depends on: core (stp_error.h), libzip, libsodium.
 */
#ifndef STP_BUNDLE_H
#define STP_BUNDLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "stp_error.h"

#define STP_BUNDLE_FORMAT 1
#define STP_KEY_PUBLIC_BYTES 32
#define STP_KEY_SECRET_BYTES 64

/* The members, in the order they are stored. */
typedef enum stp_bundle_part {
  STP_PART_SCENARIO = 0, STP_PART_RECORD, STP_PART_WORK, STP_PART_RESULT, STP_PART_COUNT
} stp_bundle_part;
const char *stp_bundle_part_name(stp_bundle_part p);   /* "scenario.lua", ... */

typedef struct stp_bundle_meta {
  char candidate[128];
  char scenario_id[128];
  char scenario_file[256];    /* the file name the exam was started with (no folders) */
  char mode[16];              /* "exam" or "practice" */
  char started[32], ended[32];/* ISO 8601 UTC, "2026-11-27T11:05:00Z" */
  int64_t duration_ms;        /* from the record's time 0 to the finish */
  char engine_version[32];    /* STP_VERSION_STRING */
  char engine_build[128];     /* compiler, build type, source revision */
  char exam_id[33];           /* 32 lowercase hex digits drawn at the exam's first start (also the
                                 record's "# exam-id"): the same exam however often it is sealed */
  int attempt;                /* 1-based: the candidate's attempt at this case on this station (also
                                 the record's "# attempt"); 0 in practice */
} stp_bundle_meta;

typedef struct stp_bundle {
  stp_bundle_meta meta;
  char *part[STP_PART_COUNT];        /* each NUL-terminated; len excludes the NUL */
  size_t part_len[STP_PART_COUNT];
  unsigned char part_sha256[STP_PART_COUNT][32];   /* as the manifest states them */
  unsigned char signer[STP_KEY_PUBLIC_BYTES];      /* the key named in the signature */
  unsigned char file_sha256[32];     /* the whole bundle file: its fingerprint */
  char *manifest;                    /* manifest.json as stored */
  size_t manifest_len;
} stp_bundle;

/* The station's key pair. */
typedef struct stp_station_key {
  unsigned char pk[STP_KEY_PUBLIC_BYTES];
  unsigned char sk[STP_KEY_SECRET_BYTES];
  bool has_secret;
} stp_station_key;

/* The key folder: $STIPPLE_KEY_DIR, else $XDG_CONFIG_HOME/stipple, else ~/.config/stipple.
 * Files: station.key (secret, mode 0600, in a 0700 folder) and station.pub (public, hex). */
int stp_key_dir(char *out, size_t size);
/* Create the station's key pair (refuses to overwrite an existing one). */
stp_status stp_key_create(const char *dir, stp_station_key *out, stp_error *err);
/* Load the station's key pair (the secret key must be a regular file readable by its owner
 * only: mode 0600 or stricter, else STP_ERR_IO saying so). */
stp_status stp_key_load(const char *dir, stp_station_key *out, stp_error *err);
/* Load a public key file (hex, as station.pub). */
stp_status stp_key_load_public(const char *path, unsigned char pk[STP_KEY_PUBLIC_BYTES], stp_error *err);
/* Hex of a key and its short fingerprint (the first 16 hex digits of its SHA-256). */
void stp_key_hex(const unsigned char *bytes, size_t n, char *out /* 2n+1 */);
void stp_key_fingerprint(const unsigned char pk[STP_KEY_PUBLIC_BYTES], char out[17]);

/* Decode exactly 2n lowercase hex digits (hex_len must be 2n). Returns 0, or -1. */
int stp_hex_decode(const char *hex, size_t hex_len, unsigned char *out, size_t n);

/* SHA-256 (libsodium) as bytes and as hex. */
void stp_sha256(const void *data, size_t len, unsigned char out[32]);
void stp_sha256_hex(const void *data, size_t len, char out[65]);

/* Write a bundle atomically (stp_file) and sign it with the station's key. b->part and
 * b->meta are read; the rest is filled in (hashes, signer, file_sha256, manifest). */
stp_status stp_bundle_write(const char *path, stp_bundle *b, const stp_station_key *key, stp_error *err);

/* Sign a zip that ends in its end record with an empty comment (as libzip writes one):
 * *out (malloc'd) is the archive with the signature comment appended and the comment
 * length patched. stp_bundle_write uses it; tests use it to re-sign altered archives. */
stp_status stp_bundle_seal(const void *archive, size_t len, const stp_station_key *key, unsigned char **out,
                           size_t *out_len, stp_error *err);

/* What reading a bundle found, part by part, for verify's messages. */
typedef struct stp_bundle_check {
  bool signature_ok;          /* the archive's bytes match the signature by `signer` */
  bool signer_trusted;        /* signer equals the trusted key given to stp_bundle_read */
  bool part_ok[STP_PART_COUNT];   /* the member's SHA-256 equals the manifest's */
  bool manifest_ok;           /* the manifest parsed and names every member */
  char problem[2 * STP_PART_COUNT + 4][200];   /* one message per failure found, in order */
  int problems;
} stp_bundle_check;

/* Read a bundle (a regular file under STP_FILE_MAX_BUNDLE) and check its signature against
 * trusted and every member's hash. trusted may be NULL only to inspect a bundle (who signed
 * it): signer_trusted then stays false and stp_bundle_check_passed is false.
 * Reading goes on past a bad signature, so the manifest's hashes can name the member that
 * changed. Members must be exactly manifest.json, scenario.lua, record.txt, work.csv,
 * result.json in that order, each within its size limit, stored or deflated, unencrypted.
 * Returns:
 *   STP_OK        the members and manifest were read: out holds them, chk says what holds
 *                 (use stp_bundle_check_passed; STP_OK alone proves nothing);
 *   STP_ERR_IO    the file cannot be read (missing, not a regular file, too large);
 *   STP_ERR_PARSE it is not a readable bundle (no signature comment at the very end, not a
 *                 zip, other members, a member damaged or too large, the manifest malformed):
 *                 chk->problem says why, err holds the first problem; out is empty.
 * out->file_sha256 is set whenever the file was read. Free with stp_bundle_free. */
stp_status stp_bundle_read(const char *path, const unsigned char *trusted, stp_bundle *out, stp_bundle_check *chk,
                           stp_error *err);
/* The same from memory (name is used in messages); data is copied. */
stp_status stp_bundle_read_memory(const void *data, size_t len, const char *name, const unsigned char *trusted,
                                  stp_bundle *out, stp_bundle_check *chk, stp_error *err);
/* Does everything hold: signature good, by the trusted key, manifest good, every hash equal? */
bool stp_bundle_check_passed(const stp_bundle_check *chk);
void stp_bundle_free(stp_bundle *b);

#endif
