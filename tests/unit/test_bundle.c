/* test_bundle.c - the cert layer: SHA-256, the station key pair, writing and reading a
 * sealed bundle, and that every single-byte change anywhere in a bundle is caught. */
#define _POSIX_C_SOURCE 200809L
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include "stp_test.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "bundle_fixture.h"
#include "cli_run.h"

static stp_station_key key1, key2;
static char dir1[400], dir2[400];

static int setup(void **state) {
  if (cli_setup() != 0) return -1;
  snprintf(dir1, sizeof dir1, "%s/keys1", cli_tmpdir);
  snprintf(dir2, sizeof dir2, "%s/keys2", cli_tmpdir);
  stp_error err;
  if (stp_key_create(dir1, &key1, &err) != STP_OK || stp_key_create(dir2, &key2, &err) != STP_OK) return -1;
  return 0;
}

static int teardown(void **state) {
  (void)run;   /* cli_run.h's runner: this file runs no binary */
  return cli_teardown();
}

static void path_in_tmp(char *out, size_t size, const char *name) { snprintf(out, size, "%s/%s", cli_tmpdir, name); }

/* ---- SHA-256: FIPS 180-2, appendix B ----------------------------------------------- */

static void test_sha256_vectors(void **state) {
  char hex[65];
  stp_sha256_hex("abc", 3, hex);
  assert_string_equal(hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  stp_sha256_hex("", 0, hex);
  assert_string_equal(hex, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  const char *m448 = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
  assert_int_equal(strlen(m448) * 8, 448);
  stp_sha256_hex(m448, strlen(m448), hex);
  assert_string_equal(hex, "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
  unsigned char raw[32];
  stp_sha256("abc", 3, raw);
  assert_int_equal(raw[0], 0xba);
  assert_int_equal(raw[31], 0xad);
}

static void test_hex(void **state) {
  unsigned char b[3];
  assert_int_equal(stp_hex_decode("00ff7a", 6, b, 3), 0);
  assert_int_equal(b[1], 0xff);
  assert_int_equal(stp_hex_decode("00FF7a", 6, b, 3), -1);   /* lowercase only */
  assert_int_equal(stp_hex_decode("00ff7", 5, b, 3), -1);
  assert_int_equal(stp_hex_decode("00ff7g", 6, b, 3), -1);
  char fp[17];
  stp_key_fingerprint(key1.pk, fp);
  assert_int_equal(strlen(fp), 16);
}

/* ---- keys ------------------------------------------------------------------------------ */

static void test_keys_created_private(void **state) {
  char p[600];
  struct stat st;
  assert_int_equal(stat(dir1, &st), 0);
  assert_int_equal(st.st_mode & 0777, 0700);
  snprintf(p, sizeof p, "%s/station.key", dir1);
  assert_int_equal(lstat(p, &st), 0);
  assert_true(S_ISREG(st.st_mode));
  assert_int_equal(st.st_mode & 0777, 0600);
  snprintf(p, sizeof p, "%s/station.pub", dir1);
  assert_int_equal(stat(p, &st), 0);
  assert_int_equal(st.st_mode & 0777, 0644);
  /* Loading gives the same pair back; the public file holds the public half. */
  stp_station_key k;
  stp_error err;
  assert_int_equal(stp_key_load(dir1, &k, &err), STP_OK);
  assert_true(k.has_secret);
  assert_memory_equal(k.pk, key1.pk, 32);
  assert_memory_equal(k.sk, key1.sk, 64);
  unsigned char pk[32];
  assert_int_equal(stp_key_load_public(p, pk, &err), STP_OK);
  assert_memory_equal(pk, key1.pk, 32);
  assert_memory_not_equal(key1.pk, key2.pk, 32);
}

static void test_keys_never_overwritten(void **state) {
  char p[600];
  snprintf(p, sizeof p, "%s/station.key", dir1);
  size_t n1 = 0, n2 = 0;
  unsigned char *before = fx_read_file(p, &n1);
  stp_station_key k;
  stp_error err;
  stp_error_clear(&err);
  assert_int_equal(stp_key_create(dir1, &k, &err), STP_ERR_IO);
  assert_non_null(strstr(err.msg, "never overwritten"));
  assert_false(k.has_secret);
  unsigned char *after = fx_read_file(p, &n2);
  assert_int_equal(n1, n2);
  assert_memory_equal(before, after, n1);
  free(before);
  free(after);
  /* A lone station.pub blocks it too. */
  char d[500], q[600];
  snprintf(d, sizeof d, "%s/keys-pub-only", cli_tmpdir);
  mkdir(d, 0700);
  snprintf(q, sizeof q, "%s/station.pub", d);
  assert_int_equal(fx_write_file(q, "x\n", 2), 0);
  assert_int_equal(stp_key_create(d, &k, &err), STP_ERR_IO);
}

static void test_keys_refused_when_readable(void **state) {
  char d[500], p[600];
  snprintf(d, sizeof d, "%s/keys-loose", cli_tmpdir);
  stp_station_key k;
  stp_error err;
  assert_int_equal(stp_key_create(d, &k, &err), STP_OK);
  snprintf(p, sizeof p, "%s/station.key", d);
  assert_int_equal(chmod(p, 0644), 0);
  stp_error_clear(&err);
  assert_int_equal(stp_key_load(d, &k, &err), STP_ERR_IO);
  assert_non_null(strstr(err.msg, "readable by others"));
  assert_false(k.has_secret);
  assert_int_equal(chmod(p, 0640), 0);
  assert_int_equal(stp_key_load(d, &k, &err), STP_ERR_IO);
  assert_int_equal(chmod(p, 0400), 0);
  assert_int_equal(stp_key_load(d, &k, &err), STP_OK);
  /* A symlink to a good key is refused (not followed). */
  char d2[500], p2[600], q[600];
  snprintf(d2, sizeof d2, "%s/keys-link", cli_tmpdir);
  mkdir(d2, 0700);
  snprintf(p2, sizeof p2, "%s/station.key", d2);
  assert_int_equal(symlink(p, p2), 0);
  assert_int_equal(stp_key_load(d2, &k, &err), STP_ERR_IO);
  /* A folder in its place is refused. */
  snprintf(d2, sizeof d2, "%s/keys-dir", cli_tmpdir);
  snprintf(q, sizeof q, "%s/station.key", d2);
  mkdir(d2, 0700);
  mkdir(q, 0700);
  assert_int_equal(stp_key_load(d2, &k, &err), STP_ERR_IO);
  /* A damaged key (halves that disagree) is refused. */
  snprintf(d2, sizeof d2, "%s/keys-bad", cli_tmpdir);
  mkdir(d2, 0700);
  snprintf(q, sizeof q, "%s/station.key", d2);
  char hex[130];
  stp_key_hex(key1.sk, 32, hex);
  stp_key_hex(key2.pk, 32, hex + 64);
  hex[128] = '\n';
  int fd = open(q, O_WRONLY | O_CREAT | O_EXCL, 0600);
  assert_true(fd >= 0);
  assert_int_equal(write(fd, hex, 129), 129);
  close(fd);
  assert_int_equal(stp_key_load(d2, &k, &err), STP_ERR_PARSE);
}

/* ---- writing and reading ----------------------------------------------------------- */

static void test_round_trip(void **state) {
  char path[600], path2[600];
  path_in_tmp(path, sizeof path, "rt.stpx");
  path_in_tmp(path2, sizeof path2, "rt2.stpx");
  assert_int_equal(fx_write_bundle(path, &key1), 0);
  assert_int_equal(fx_write_bundle(path2, &key1), 0);
  /* Deterministic: the same inputs and key give the same bytes (Ed25519 is deterministic). */
  size_t n1 = 0, n2 = 0;
  unsigned char *a = fx_read_file(path, &n1), *b2 = fx_read_file(path2, &n2);
  assert_int_equal(n1, n2);
  assert_memory_equal(a, b2, n1);
  /* The file ends in the signature comment. */
  assert_memory_equal(a + n1 - 209, "stipple-ed25519 ", 16);

  stp_bundle b;
  stp_bundle_check chk;
  stp_error err;
  stp_error_clear(&err);
  assert_int_equal(stp_bundle_read(path, key1.pk, &b, &chk, &err), STP_OK);
  assert_true(stp_bundle_check_passed(&chk));
  assert_int_equal(chk.problems, 0);
  assert_memory_equal(b.signer, key1.pk, 32);
  unsigned char fsha[32];
  stp_sha256(a, n1, fsha);
  assert_memory_equal(b.file_sha256, fsha, 32);
  assert_string_equal(b.meta.candidate, "Ada Test");
  assert_string_equal(b.meta.mode, "exam");
  assert_string_equal(b.meta.scenario_file, "cert_small.lua");
  assert_int_equal(b.meta.duration_ms, 1200);
  assert_string_equal(b.meta.exam_id, FX_EXAM_ID);
  assert_int_equal(b.meta.attempt, 1);
  assert_non_null(strstr(b.manifest, "\"exam_id\":\t\"" FX_EXAM_ID "\""));
  assert_non_null(strstr(b.manifest, "\"duration_ms\":\t1200,\n\t\"attempt\":\t1,\n\t\"station_key\""));
  assert_string_equal(b.part[STP_PART_SCENARIO], fx_scenario);
  assert_int_equal(b.part_len[STP_PART_SCENARIO], strlen(fx_scenario));
  assert_non_null(strstr(b.part[STP_PART_RECORD], "1200 finish\n"));
  assert_non_null(strstr(b.part[STP_PART_RESULT], "\"scenario\""));
  assert_int_equal(b.part[STP_PART_RESULT][b.part_len[STP_PART_RESULT] - 1], '\n');
  assert_non_null(strstr(b.manifest, "\"station_key\""));
  for (int p = 0; p < STP_PART_COUNT; p++) {
    unsigned char h[32];
    stp_sha256(b.part[p], b.part_len[p], h);
    assert_memory_equal(h, b.part_sha256[p], 32);
    assert_true(chk.part_ok[p]);
  }
  stp_bundle_free(&b);

  /* Trusting another key: read, signature good, but not passed and said so. */
  assert_int_equal(stp_bundle_read(path, key2.pk, &b, &chk, &err), STP_OK);
  assert_true(chk.signature_ok);
  assert_false(chk.signer_trusted);
  assert_false(stp_bundle_check_passed(&chk));
  assert_int_equal(chk.problems, 1);
  assert_non_null(strstr(chk.problem[0], "signature: made by key "));
  assert_non_null(strstr(chk.problem[0], "not by the trusted station key"));
  stp_bundle_free(&b);
  /* No trusted key: an inspection only, never passed. */
  assert_int_equal(stp_bundle_read(path, NULL, &b, &chk, &err), STP_OK);
  assert_false(stp_bundle_check_passed(&chk));
  stp_bundle_free(&b);
  free(a);
  free(b2);
}

/* Every single-bit change anywhere in the file fails: each offset, one bit each. */
static void test_every_byte_flip_fails(void **state) {
  char path[600];
  path_in_tmp(path, sizeof path, "flip.stpx");
  assert_int_equal(fx_write_bundle(path, &key1), 0);
  size_t n = 0;
  unsigned char *data = fx_read_file(path, &n);
  assert_non_null(data);
  stp_bundle b;
  stp_bundle_check chk;
  stp_error err;
  assert_int_equal(stp_bundle_read_memory(data, n, "flip", key1.pk, &b, &chk, &err), STP_OK);
  assert_true(stp_bundle_check_passed(&chk));
  stp_bundle_free(&b);
  size_t passed = 0, unreadable = 0;
  for (size_t i = 0; i < n; i++) {
    for (int bit = 0; bit < 8; bit += 7) {   /* the lowest and the highest bit of each byte */
      data[i] ^= (unsigned char)(1u << ((i + (size_t)bit) % 8));
      stp_status st = stp_bundle_read_memory(data, n, "flip", key1.pk, &b, &chk, &err);
      if (st == STP_OK && stp_bundle_check_passed(&chk)) {
        passed++;
        print_error("a flip at offset %zu passed\n", i);
      }
      if (st != STP_OK) unreadable++;
      else assert_true(chk.problems > 0);
      stp_bundle_free(&b);
      data[i] ^= (unsigned char)(1u << ((i + (size_t)bit) % 8));
    }
  }
  print_message("bundle of %zu bytes: %zu flips, %zu not readable as a bundle, %zu passed\n", n, 2 * n,
                unreadable, passed);
  assert_int_equal(passed, 0);
  /* Cut or grown by one byte: fails too. */
  assert_int_not_equal(stp_bundle_read_memory(data, n - 1, "cut", key1.pk, &b, &chk, &err), STP_OK);
  unsigned char *more = malloc(n + 1);
  memcpy(more, data, n);
  more[n] = '\n';
  assert_int_equal(stp_bundle_read_memory(more, n + 1, "grown", key1.pk, &b, &chk, &err), STP_ERR_PARSE);
  assert_non_null(strstr(chk.problem[0], "signature: none at the end"));
  free(more);
  free(data);
}

static void test_not_a_bundle(void **state) {
  stp_bundle b;
  stp_bundle_check chk;
  stp_error err;
  char path[600];
  assert_int_equal(stp_bundle_read_memory("hello", 5, "x", key1.pk, &b, &chk, &err), STP_ERR_PARSE);
  assert_int_equal(stp_bundle_read_memory("", 0, "x", key1.pk, &b, &chk, &err), STP_ERR_PARSE);
  path_in_tmp(path, sizeof path, "missing.stpx");
  assert_int_equal(stp_bundle_read(path, key1.pk, &b, &chk, &err), STP_ERR_IO);
  /* A folder is not a bundle file. */
  assert_int_equal(stp_bundle_read(cli_tmpdir, key1.pk, &b, &chk, &err), STP_ERR_IO);
}

static void test_extra_member_refused(void **state) {
  /* A sixth member, signed by the station's own key: still not a bundle. */
  char path[600], tmp[700];
  path_in_tmp(path, sizeof path, "extra.stpx");
  assert_int_equal(fx_write_bundle(path, &key1), 0);
  size_t n = 0;
  unsigned char *file = fx_read_file(path, &n);
  size_t alen = n - FX_COMMENT_LEN;
  file[alen - 2] = file[alen - 1] = 0;
  snprintf(tmp, sizeof tmp, "%s.zip", path);
  assert_int_equal(fx_write_file(tmp, file, alen), 0);
  free(file);
  int zerr;
  zip_t *za = zip_open(tmp, 0, &zerr);
  assert_non_null(za);
  zip_source_t *src = zip_source_buffer(za, "x", 1, 0);
  assert_true(zip_file_add(za, "notes.txt", src, 0) >= 0);
  assert_int_equal(zip_close(za), 0);
  unsigned char *archive = fx_read_file(tmp, &alen), *out = NULL;
  size_t out_len = 0;
  stp_error err;
  assert_int_equal(stp_bundle_seal(archive, alen, &key1, &out, &out_len, &err), STP_OK);
  stp_bundle b;
  stp_bundle_check chk;
  assert_int_equal(stp_bundle_read_memory(out, out_len, "extra", key1.pk, &b, &chk, &err), STP_ERR_PARSE);
  assert_true(chk.signature_ok);
  assert_non_null(strstr(err.msg, "zip: holds 6 members"));
  free(archive);
  free(out);
  /* A member renamed (same count): refused, naming it. */
  assert_int_equal(fx_write_bundle(path, &key1), 0);
  file = fx_read_file(path, &n);
  alen = n - FX_COMMENT_LEN;
  file[alen - 2] = file[alen - 1] = 0;
  assert_int_equal(fx_write_file(tmp, file, alen), 0);
  free(file);
  za = zip_open(tmp, 0, &zerr);
  assert_int_equal(zip_file_rename(za, (zip_uint64_t)zip_name_locate(za, "work.csv", 0), "work.txt", 0), 0);
  assert_int_equal(zip_close(za), 0);
  archive = fx_read_file(tmp, &alen);
  assert_int_equal(stp_bundle_seal(archive, alen, &key1, &out, &out_len, &err), STP_OK);
  assert_int_equal(stp_bundle_read_memory(out, out_len, "renamed", key1.pk, &b, &chk, &err), STP_ERR_PARSE);
  assert_non_null(strstr(err.msg, "\"work.txt\", not \"work.csv\""));
  free(archive);
  free(out);
  remove(tmp);
}

static void test_write_refuses_bad_input(void **state) {
  char path[600];
  path_in_tmp(path, sizeof path, "bad.stpx");
  char *record = fx_record_text(fx_scenario, fx_events);
  stp_bundle b;
  assert_int_equal(fx_make_parts(&b, fx_scenario, record, true), 0);
  free(record);
  stp_error err;
  stp_station_key pub_only = key1;
  pub_only.has_secret = false;
  assert_int_equal(stp_bundle_write(path, &b, &pub_only, &err), STP_ERR_USAGE);
  strcpy(b.meta.mode, "quiz");
  assert_int_equal(stp_bundle_write(path, &b, &key1, &err), STP_ERR_RANGE);
  strcpy(b.meta.mode, "exam");
  strcpy(b.meta.candidate, "two\nlines");
  assert_int_equal(stp_bundle_write(path, &b, &key1, &err), STP_ERR_RANGE);
  strcpy(b.meta.candidate, "Ada");
  /* exam_id: exactly 32 lowercase hex digits; attempt 1..1000 in an exam, 0 in practice. */
  strcpy(b.meta.exam_id, "0123456789ABCDEF0123456789abcdef");
  assert_int_equal(stp_bundle_write(path, &b, &key1, &err), STP_ERR_RANGE);
  assert_non_null(strstr(err.msg, "exam_id"));
  strcpy(b.meta.exam_id, "0123456789abcdef0123456789abcde");
  assert_int_equal(stp_bundle_write(path, &b, &key1, &err), STP_ERR_RANGE);
  strcpy(b.meta.exam_id, "");
  assert_int_equal(stp_bundle_write(path, &b, &key1, &err), STP_ERR_RANGE);
  strcpy(b.meta.exam_id, FX_EXAM_ID);
  int bad_attempts[] = {0, -1, 1001};
  for (int i = 0; i < 3; i++) {
    b.meta.attempt = bad_attempts[i];
    assert_int_equal(stp_bundle_write(path, &b, &key1, &err), STP_ERR_RANGE);
    assert_non_null(strstr(err.msg, "attempt"));
  }
  b.meta.attempt = 1000;
  strcpy(b.meta.mode, "practice");
  assert_int_equal(stp_bundle_write(path, &b, &key1, &err), STP_ERR_RANGE);   /* practice: 0 */
  strcpy(b.meta.mode, "exam");
  assert_int_equal(stp_bundle_write(path, &b, &key1, &err), STP_OK);
  assert_int_equal(remove(path), 0);
  b.meta.attempt = 1;
  assert_int_equal(stp_bundle_write(path, &b, &key1, &err), STP_OK);
  struct stat st;
  assert_int_equal(stat(path, &st), 0);
  stp_bundle_free(&b);
}

/* A manifest whose exam_id or attempt is out of range is refused on reading, even signed. */
static void test_manifest_exam_fields_read(void **state) {
  (void)state;
  const char *from[] = {"\"attempt\":\t1,", "\"attempt\":\t1,", "\"exam_id\":\t\"0123", "\"attempt\":\t1,"};
  const char *to[] = {"\"attempt\":\t0,", "\"attempt\":\t1001,", "\"exam_id\":\t\"X123", "\"attempt\":\t1.5,"};
  const char *said[] = {"\"attempt\"", "\"attempt\"", "\"exam_id\"", "\"attempt\""};
  for (int i = 0; i < 4; i++) {
    char path[400];
    path_in_tmp(path, sizeof path, "mf.stpx");
    remove(path);
    assert_int_equal(fx_write_bundle(path, &key1), 0);
    stp_bundle b;
    stp_bundle_check chk;
    stp_error err;
    assert_int_equal(stp_bundle_read(path, key1.pk, &b, &chk, &err), STP_OK);
    char *m = fx_replace(fx_strdup(b.manifest), from[i], to[i]);
    assert_string_not_equal(m, b.manifest);
    stp_bundle_free(&b);
    assert_int_equal(fx_replace_member(path, "manifest.json", m, strlen(m), &key1), 0);
    free(m);
    assert_int_equal(stp_bundle_read(path, key1.pk, &b, &chk, &err), STP_ERR_PARSE);
    assert_non_null(strstr(chk.problem[0], "manifest.json: "));
    assert_non_null(strstr(chk.problem[0], said[i]));
    remove(path);
  }
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_sha256_vectors),
    cmocka_unit_test(test_hex),
    cmocka_unit_test(test_keys_created_private),
    cmocka_unit_test(test_keys_never_overwritten),
    cmocka_unit_test(test_keys_refused_when_readable),
    cmocka_unit_test(test_round_trip),
    cmocka_unit_test(test_every_byte_flip_fails),
    cmocka_unit_test(test_not_a_bundle),
    cmocka_unit_test(test_extra_member_refused),
    cmocka_unit_test(test_write_refuses_bad_input),
    cmocka_unit_test(test_manifest_exam_fields_read),
  };
  return cmocka_run_group_tests(tests, setup, teardown);
}
