/* Robust files (#10, item 8, "found by attack on the current main"): every attack that
 * worked there has a case here. The work reader takes only regular files of a bounded
 * size and bounded rows; outputs are written atomically and a failed write exits 4; the
 * autosave never follows a planted link; a work is locked by the game that has it open;
 * --new keeps every backup; one size limit for the scenario in check and in the loader;
 * scenario text is cleaned and print throttled; hair generation is bounded; no display
 * is an error; bench validates its options. No sleeps and no timing. */
#define _POSIX_C_SOURCE 200809L
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include "stp_test.h"
#include <SDL2/SDL.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include "stp_draw.h"
#include "stp_file.h"
#include "stp_game.h"
#include "stp_script.h"
#include "stp_text.h"
#include "stp_work.h"

#define SCENARIO STP_SCENARIO_DIR "/01_practice_field.lua"
#define DIRTY STP_TEST_DATA "/robust/dirty_text.lua"
#define HAIR16 STP_TEST_DATA "/robust/long_hair_16.lua"
#define HEADER "x_mm,y_mm,angle_deg,depth_mm,needle_mm,ink,session,t_ms\n"

#include "cli_run.h"

static char out_buf[1 << 16], err_buf[1 << 16];
static pid_t holder_pid;   /* a child holding a lock: ended by the test's teardown if an assert failed */

static void write_text(const char *path, const char *text) {
  FILE *f = fopen(path, "wb");
  assert_non_null(f);
  assert_true(fputs(text, f) >= 0);
  assert_int_equal(fclose(f), 0);
}

static char *read_text(const char *path) {
  char *data = NULL;
  size_t len = 0;
  if (stp_file_read(path, 1u << 26, "a test file", &data, &len, NULL) != STP_OK) return NULL;
  return data;
}

static void tmp_path(char *out, size_t size, const char *name) { snprintf(out, size, "%s/%s", cli_tmpdir, name); }

static bool valid_utf8_no_controls(const char *s, size_t len) {
  for (size_t i = 0; i < len;) {
    int n = stp_text_utf8_len((const unsigned char *)s + i, len - i);
    if (n == 0 || s[i] == 0x1b || s[i] == 0x7f) return false;
    i += (size_t)n;
  }
  return true;
}

/* ---- 1. the work reader: regular files only, bounded size and rows ------------------- */

static void work_reader_takes_only_bounded_regular_files(void **state) {
  (void)state;
  stp_work w;
  stp_error err;
  /* A device: on main /dev/null read as an empty work (a parse error), /dev/zero grew
   * to 18 GB and /dev/full to 24 GB. Now refused before reading: not a regular file. */
  assert_int_equal(stp_work_load(&w, "/dev/null", &err), STP_ERR_IO);
  assert_non_null(strstr(err.msg, "not a regular file"));
  assert_int_equal(stp_work_load(&w, "/dev/zero", &err), STP_ERR_IO);
  /* A row longer than STP_WORK_MAX_LINE: malformed, with its line number (main took a
   * 1 GB line). */
  char path[600];
  tmp_path(path, sizeof path, "long_line.csv");
  size_t n = STP_WORK_MAX_LINE + 100;
  char *text = malloc(n + 200);
  assert_non_null(text);
  snprintf(text, n + 200, "x_mm,y_mm,angle_deg,depth_mm,needle_mm,ink,session,t_ms,note\n"
                          "0,130,270,1,0.25,0.5,1,0,short\n0,130,270,1,0.25,0.5,1,1,");
  size_t len = strlen(text);
  memset(text + len, 'a', n);
  text[len + n] = '\n';
  text[len + n + 1] = '\0';
  write_text(path, text);
  free(text);
  assert_int_equal(stp_work_load(&w, path, &err), STP_ERR_PARSE);
  assert_int_equal(err.line, 3);
  assert_non_null(strstr(err.msg, "at most 4096 bytes"));
  /* Larger than the largest work (a sparse file: no disk used): refused by its size. */
  tmp_path(path, sizeof path, "huge.csv");
  int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
  assert_true(fd >= 0);
  assert_int_equal(ftruncate(fd, (off_t)STP_FILE_MAX_WORK + 1), 0);
  close(fd);
  assert_int_equal(stp_work_load(&w, path, &err), STP_ERR_RANGE);
  assert_non_null(strstr(err.msg, "too large"));
  unlink(path);
  /* A FIFO: the open does not wait for a writer (main hung in `score`). */
  tmp_path(path, sizeof path, "fifo.csv");
  assert_int_equal(mkfifo(path, 0600), 0);
  assert_int_equal(stp_work_load(&w, path, &err), STP_ERR_IO);
  assert_non_null(strstr(err.msg, "pipe"));
  /* The game's probe for an existing work does not open it either (main's fopen hung). */
  stp_scenario *s = malloc(sizeof *s);
  assert_non_null(s);
  assert_int_equal(stp_script_load_scenario(SCENARIO, NULL, s, &err), STP_OK);
  stp_game *g = malloc(sizeof *g);
  assert_non_null(g);
  assert_int_equal(stp_game_init(g, s, path, 0, &err), STP_ERR_IO);
  stp_game_free(g);
  unlink(path);
  /* And the CLI: score on a FIFO or a device exits 4 at once. */
  char cmd[1200];
  snprintf(cmd, sizeof cmd, "%s score --scenario %s --work /dev/zero", STIPPLE_BIN, SCENARIO);
  assert_int_equal(run(cmd, out_buf, sizeof out_buf, err_buf, sizeof err_buf), 4);
  free(g);
  free(s);
}

/* ---- 2. outputs: atomic and checked, exit 4 on failure ------------------------------ */

/* "At most max bytes" means a file of exactly max bytes reads, and one byte more does not
 * (the first build refused max itself, saying "more than max"). */
static void a_limit_allows_exactly_max_bytes(void **state) {
  (void)state;
  char path[600];
  tmp_path(path, sizeof path, "limit.txt");
  write_text(path, "0123456789");   /* 10 bytes */
  char *data;
  size_t len;
  assert_int_equal(stp_file_read(path, 10, "the file", &data, &len, NULL), STP_OK);
  assert_int_equal(len, 10);
  assert_string_equal(data, "0123456789");
  free(data);
  stp_error err;
  stp_error_clear(&err);
  assert_int_equal(stp_file_read(path, 9, "the file", &data, &len, &err), STP_ERR_RANGE);
  assert_null(data);
  assert_int_equal(stp_file_read(path, 11, "the file", &data, &len, NULL), STP_OK);
  free(data);
}

static void failed_image_writes_exit_4_and_leave_nothing(void **state) {
  (void)state;
  char cmd[1600], png[600], maps[600], work[600];
  tmp_path(work, sizeof work, "w2.csv");
  write_text(work, HEADER "0,130,270,1,0.25,0.5,1,0\n");
  /* A full disk, simulated by RLIMIT_FSIZE (works as root too) with SIGXFSZ ignored so
   * the write fails with EFBIG: main wrote a truncated PNG and exited 0. */
  tmp_path(png, sizeof png, "full.png");
  snprintf(cmd, sizeof cmd, "trap '' XFSZ; ulimit -f 16; %s render --scenario %s --work %s --out %s",
           STIPPLE_BIN, SCENARIO, work, png);
  assert_int_equal(run(cmd, out_buf, sizeof out_buf, err_buf, sizeof err_buf), 4);
  assert_non_null(strstr(err_buf, png));
  assert_false(stp_file_exists(png));   /* no part-written file */
  tmp_path(maps, sizeof maps, "maps");
  snprintf(cmd, sizeof cmd, "trap '' XFSZ; ulimit -f 16; %s score --scenario %s --work %s --maps %s",
           STIPPLE_BIN, SCENARIO, work, maps);
  assert_int_equal(run(cmd, out_buf, sizeof out_buf, err_buf, sizeof err_buf), 4);
  char one[700];
  snprintf(one, sizeof one, "%s/density.png", maps);
  assert_false(stp_file_exists(one));
  /* A folder as the target: exit 4, the folder untouched. */
  snprintf(cmd, sizeof cmd, "%s render --scenario %s --work %s --out %s", STIPPLE_BIN, SCENARIO, work, maps);
  assert_int_equal(run(cmd, out_buf, sizeof out_buf, err_buf, sizeof err_buf), 4);
  /* A folder that does not exist. */
  snprintf(cmd, sizeof cmd, "%s render --scenario %s --work %s --out %s/no/such/dir/x.png", STIPPLE_BIN, SCENARIO,
           work, cli_tmpdir);
  assert_int_equal(run(cmd, out_buf, sizeof out_buf, err_buf, sizeof err_buf), 4);
  /* And with room, the image is written whole. */
  snprintf(cmd, sizeof cmd, "%s render --scenario %s --work %s --out %s --size 128x128", STIPPLE_BIN, SCENARIO,
           work, png);
  assert_int_equal(run(cmd, out_buf, sizeof out_buf, err_buf, sizeof err_buf), 0);
  char *data = read_text(png);
  assert_non_null(data);
  assert_memory_equal(data, "\x89PNG", 4);
  free(data);
}

/* ---- 3. the autosave never follows a planted link ----------------------------------- */

static void autosave_does_not_follow_a_planted_link(void **state) {
  (void)state;
  char path[600], victim[600], link_at[700];
  tmp_path(path, sizeof path, "w3.csv");
  tmp_path(victim, sizeof victim, "victim.txt");
  write_text(victim, "precious\n");
  /* Links at the old temporary name (W.tmp) and at the first names the new one tries. */
  snprintf(link_at, sizeof link_at, "%s.tmp", path);
  assert_int_equal(symlink(victim, link_at), 0);
  for (int k = 0; k < 4; k++) {
    char l[800];
    snprintf(l, sizeof l, "%s.tmp-%ld-%d", path, (long)getpid(), k);
    assert_int_equal(symlink(victim, l), 0);
  }
  stp_work w;
  stp_work_init(&w);
  stp_error err;
  stp_impression imp = {.x_mm = 1, .y_mm = 130, .angle_deg = 270, .depth_mm = 1, .needle_mm = 0.25, .ink = 0.5,
                        .session = 1, .t_ms = 0};
  assert_int_equal(stp_work_push(&w, &imp, NULL, &err), STP_OK);
  assert_int_equal(stp_work_save(&w, path, &err), STP_OK);
  char *v = read_text(victim);
  assert_non_null(v);
  assert_string_equal(v, "precious\n");   /* the victim is untouched */
  free(v);
  struct stat st;
  assert_int_equal(lstat(path, &st), 0);
  assert_true(S_ISREG(st.st_mode));       /* the work is a file, not the link */
  stp_work back;
  assert_int_equal(stp_work_load(&back, path, &err), STP_OK);
  assert_int_equal(back.count, 1);
  stp_work_free(&back);
  stp_work_free(&w);
}

/* ---- 4. one game per work: the lock ------------------------------------------------- */

static void a_work_is_locked_by_its_game(void **state) {
  (void)state;
  char path[600];
  tmp_path(path, sizeof path, "w4.csv");
  /* Another process holds the lock: the message names its pid. */
  int to_parent[2], to_child[2];
  assert_int_equal(pipe(to_parent), 0);
  assert_int_equal(pipe(to_child), 0);
  pid_t pid = fork();
  assert_true(pid >= 0);
  holder_pid = pid;
  if (pid == 0) {
    stp_file_lock lk;
    char c = stp_file_lock_acquire(&lk, path, "the work", NULL) == STP_OK ? 'y' : 'n';
    if (write(to_parent[1], &c, 1) != 1) _exit(2);
    if (read(to_child[0], &c, 1) < 0) _exit(2);
    _exit(0);   /* dies holding it: a stale lock file is left behind */
  }
  char c = 0;
  assert_int_equal(read(to_parent[0], &c, 1), 1);
  assert_int_equal(c, 'y');
  stp_file_lock lk;
  stp_error err;
  assert_int_equal(stp_file_lock_acquire(&lk, path, "the work", &err), STP_ERR_IO);
  char want[64];
  snprintf(want, sizeof want, "pid %ld on ", (long)pid);
  assert_non_null(strstr(err.msg, "w4.csv is open in another Stipple"));
  assert_non_null(strstr(err.msg, want));
  assert_non_null(strstr(err.msg, "since "));
  /* A game on the work is refused the same way. */
  stp_scenario *s = malloc(sizeof *s);
  stp_game *g = malloc(sizeof *g), *h = malloc(sizeof *h);
  assert_true(s && g && h);
  assert_int_equal(stp_script_load_scenario(SCENARIO, NULL, s, &err), STP_OK);
  assert_int_equal(stp_game_init(g, s, path, 0, &err), STP_ERR_IO);
  assert_non_null(strstr(err.msg, want));
  stp_game_free(g);
  /* The holder dies: its lock dies with it, the stale file does not block. */
  assert_int_equal(write(to_child[1], "x", 1), 1);
  int status;
  assert_int_equal(waitpid(pid, &status, 0), pid);
  holder_pid = 0;
  char lockfile[700];
  snprintf(lockfile, sizeof lockfile, "%s.lock", path);
  assert_true(stp_file_exists(lockfile));
  assert_int_equal(stp_game_init(g, s, path, 0, &err), STP_OK);
  /* Two games in one process conflict too. */
  assert_int_equal(stp_game_init(h, s, path, 0, &err), STP_ERR_IO);
  stp_game_free(h);
  stp_game_free(g);
  assert_false(stp_file_exists(lockfile));   /* released and removed */
  assert_int_equal(stp_game_init(h, s, path, 0, &err), STP_OK);
  stp_game_free(h);
  close(to_parent[0]); close(to_parent[1]); close(to_child[0]); close(to_child[1]);
  free(s); free(g); free(h);
}

/* Run the game (SDL's offscreen driver, asked for explicitly) until its output shows
 * marker, then SIGTERM it (it saves and quits, as when its window is closed). Returns the
 * exit code; out receives stdout and stderr. */
static int run_game_until(const char *args, const char *marker, char *out, size_t size) {
  int p[2];
  if (pipe(p) != 0) return -1;
  pid_t pid = fork();
  if (pid < 0) return -1;
  if (pid == 0) {
    dup2(p[1], 1);
    dup2(p[1], 2);
    close(p[0]);
    close(p[1]);
    char cmd[2000];
    snprintf(cmd, sizeof cmd, "XDG_DATA_HOME='%s/xdg' SDL_VIDEODRIVER=offscreen ASAN_OPTIONS=detect_leaks=0 "
             "exec %s %s", cli_tmpdir, STIPPLE_BIN, args);
    execl("/bin/sh", "sh", "-c", cmd, (char *)NULL);
    _exit(127);
  }
  close(p[1]);
  size_t n = 0;
  bool killed = false;
  for (;;) {
    ssize_t got = read(p[0], out + n, size - 1 - n);
    if (got <= 0) break;
    n += (size_t)got;
    out[n] = '\0';
    if (!killed && strstr(out, marker)) { kill(pid, SIGTERM); killed = true; }
    if (n + 1 >= size) n = 0;   /* keep reading; the marker was seen or the test fails */
  }
  out[n] = '\0';
  close(p[0]);
  int st;
  if (waitpid(pid, &st, 0) != pid) return -1;
  return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

static void a_second_game_on_a_locked_work_exits_4(void **state) {
  (void)state;
  char path[600], args[1400];
  tmp_path(path, sizeof path, "w4b.csv");
  stp_file_lock lk;   /* held here, as by another Stipple */
  assert_int_equal(stp_file_lock_acquire(&lk, path, "the work", NULL), STP_OK);
  snprintf(args, sizeof args, "--scenario %s --work %s", SCENARIO, path);
  /* Main played on without saving ("ready"); now the error screen, and exit 4. */
  int rc = run_game_until(args, "stipple: ", out_buf, sizeof out_buf);
  assert_non_null(strstr(out_buf, "is open in another Stipple"));
  assert_null(strstr(out_buf, "stipple: ready"));
  assert_int_equal(rc, 4);
  stp_file_lock_release(&lk);
}

/* ---- 5. --new keeps every backup ---------------------------------------------------- */

static void new_keeps_numbered_backups(void **state) {
  (void)state;
  char path[600], args[1400], prev[700], prev2[700];
  tmp_path(path, sizeof path, "w5.csv");
  snprintf(prev, sizeof prev, "%s.prev.csv", path);
  snprintf(prev2, sizeof prev2, "%s.prev-2.csv", path);
  write_text(path, HEADER "1,130,270,1,0.25,0.5,1,0\n");
  snprintf(args, sizeof args, "--scenario %s --work %s --new", SCENARIO, path);
  assert_int_equal(run_game_until(args, "stipple: ready", out_buf, sizeof out_buf), 0);
  char *a = read_text(prev);
  assert_non_null(a);
  assert_non_null(strstr(a, "1,130,270"));
  write_text(path, HEADER "2,130,270,1,0.25,0.5,1,0\n");
  assert_int_equal(run_game_until(args, "stipple: ready", out_buf, sizeof out_buf), 0);
  char *a2 = read_text(prev), *b = read_text(prev2);
  assert_non_null(a2);
  assert_string_equal(a2, a);   /* the first backup is kept (main overwrote it) */
  assert_non_null(b);
  assert_non_null(strstr(b, "2,130,270"));
  free(a); free(a2); free(b);
}

/* ---- 6. one size limit for a scenario: check and the loader ------------------------- */

static void check_and_loader_share_the_scenario_limit(void **state) {
  (void)state;
  char path[600], cmd[1400], work[600];
  tmp_path(path, sizeof path, "big.lua");
  tmp_path(work, sizeof work, "w6.csv");
  write_text(work, HEADER);
  char *src = read_text(SCENARIO);
  assert_non_null(src);
  FILE *f = fopen(path, "wb");
  assert_non_null(f);
  fputs(src, f);
  free(src);
  /* A comment makes it larger than STP_FILE_MAX_SCENARIO (main's check took 17 MB). */
  static char pad[1 << 16];
  memset(pad, 'x', sizeof pad);
  fputs("\n--[[ ", f);
  for (size_t done = 0; done <= STP_FILE_MAX_SCENARIO; done += sizeof pad) fwrite(pad, 1, sizeof pad, f);
  fputs(" ]]\n", f);
  assert_int_equal(fclose(f), 0);
  snprintf(cmd, sizeof cmd, "%s check %s", STIPPLE_BIN, path);
  int rc = run(cmd, out_buf, sizeof out_buf, err_buf, sizeof err_buf);
  assert_int_not_equal(rc, 0);
  assert_non_null(strstr(out_buf, "too large"));
  snprintf(cmd, sizeof cmd, "%s score --scenario %s --work %s", STIPPLE_BIN, path, work);
  assert_int_not_equal(run(cmd, out_buf, sizeof out_buf, err_buf, sizeof err_buf), 0);
  assert_non_null(strstr(err_buf, "too large"));
}

/* ---- 7. scenario text cleaned, print throttled -------------------------------------- */

static void scenario_text_is_cleaned_and_print_throttled(void **state) {
  (void)state;
  char cmd[1400], work[600];
  tmp_path(work, sizeof work, "w7.csv");
  write_text(work, HEADER "0,130,270,1,0.25,0.5,1,0\n");
  /* The scenario prints a million lines when it loads: main wrote them all. */
  static char json[1 << 16];
  static char errs[1 << 20];
  snprintf(cmd, sizeof cmd, "%s score --json --scenario %s --work %s", STIPPLE_BIN, DIRTY, work);
  assert_int_equal(run(cmd, json, sizeof json, errs, sizeof errs), 0);
  char errpath[600];
  tmp_path(errpath, sizeof errpath, "err.txt");
  struct stat st;
  assert_int_equal(stat(errpath, &st), 0);
  assert_true(st.st_size < 64 * 1024);
  assert_non_null(strstr(errs, "print throttled: 999980 lines dropped"));
  assert_null(strchr(errs, 0x1b));
  /* The JSON: valid UTF-8, no ESC, the figures and advice there, cleaned. */
  assert_true(valid_utf8_no_controls(json, strlen(json)));
  assert_non_null(strstr(json, "red \xef\xbf\xbd[31mALERT"));
  /* The on_impression hook's advice, as the game gets it. */
  stp_error err;
  stp_script *sc = NULL;
  stp_scenario *s = malloc(sizeof *s);
  assert_non_null(s);
  char *text = read_text(DIRTY);
  assert_non_null(text);
  assert_int_equal(stp_script_open(&sc, NULL, &err), STP_OK);
  assert_int_equal(stp_script_load(sc, DIRTY, text, strlen(text), s, &err), STP_OK);
  stp_impression imp = {.x_mm = 0, .y_mm = 130, .angle_deg = 270, .depth_mm = 1, .needle_mm = 0.25, .ink = 0.5,
                        .session = 1};
  char advice[256];
  assert_int_equal(stp_script_call_on_impression(sc, &imp, advice, sizeof advice, &err), STP_OK);
  assert_true(valid_utf8_no_controls(advice, strlen(advice)));
  assert_string_equal(advice, "red \xef\xbf\xbd[31mALERT\xef\xbf\xbd[0m \xef\xbf\xbd\xef\xbf\xbd bell\xef\xbf\xbd end");
  stp_script_close(sc);
  free(text);
  free(s);
}

static void text_clean_cases(void **state) {
  (void)state;
  char b[64];
  assert_int_equal(stp_text_clean(b, sizeof b, "ok é ✓ 😀", strlen("ok é ✓ 😀"), false), strlen("ok é ✓ 😀"));
  assert_string_equal(b, "ok é ✓ 😀");
  stp_text_clean(b, sizeof b, "a\nb\tc", 5, true);
  assert_string_equal(b, "a\nb\tc");
  stp_text_clean(b, sizeof b, "a\nb", 3, false);
  assert_string_equal(b, "a\xef\xbf\xbd" "b");
  stp_text_clean(b, sizeof b, "\x7f\xc2\x9b\xc0\xaf\xed\xa0\x80\xf4\x90\x80\x80\xe2\x82", 14, true);
  /* DEL, C1 CSI, an overlong '/', a surrogate (3 bytes), above U+10FFFF (4), cut short (2) */
  /* one U+FFFD for DEL, one for the C1 pair, then one per invalid byte: 1 + 1 + 2 + 3 + 4 + 2 */
  assert_int_equal(strlen(b), 13 * 3);
  for (size_t i = 0; i < 13; i++) assert_memory_equal(b + 3 * i, "\xef\xbf\xbd", 3);
  assert_true(valid_utf8_no_controls(b, strlen(b)));
  /* Never a character cut in two at the end. */
  assert_int_equal(stp_text_clean(b, 5, "ab✓", 5, false), 2);
  assert_string_equal(b, "ab");
}

/* ---- 8. hair generation is bounded -------------------------------------------------- */

static void sixteen_long_hair_regions_are_bounded(void **state) {
  (void)state;
  stp_scenario *s = malloc(sizeof *s);
  assert_non_null(s);
  stp_error err;
  assert_int_equal(stp_script_load_scenario(HAIR16, NULL, s, &err), STP_OK);
  double spread;
  /* 16 regions of 400 x 480 mm at 150 units/cm2: 16 x 288000 cells asked for. */
  assert_true(stp_scenario_hair_units(s, true, &spread) > 4000000);
  SDL_Surface *surf = SDL_CreateRGBSurfaceWithFormat(0, 64, 64, 32, SDL_PIXELFORMAT_ARGB8888);
  SDL_Renderer *ren = surf ? SDL_CreateSoftwareRenderer(surf) : NULL;
  assert_non_null(ren);
  stp_draw *d = NULL;
  assert_int_equal(stp_draw_create(&d, ren, s, 1, &err), STP_OK);
  size_t hairs, strands;
  stp_draw_hair_counts(d, &hairs, &strands);
  assert_true(strands > 0);
  assert_true(strands <= STP_SCN_MAX_LONG_STRANDS);   /* main drew every one: 11 s to start */
  stp_draw_destroy(d);
  SDL_DestroyRenderer(ren);
  SDL_FreeSurface(surf);
  free(s);
  /* check warns. */
  char cmd[1200];
  snprintf(cmd, sizeof cmd, "%s check %s", STIPPLE_BIN, HAIR16);
  assert_int_equal(run(cmd, out_buf, sizeof out_buf, err_buf, sizeof err_buf), 0);
  assert_non_null(strstr(out_buf, "warning: the long hair regions ask for about"));
}

/* ---- 9. no display is an error ------------------------------------------------------ */

static void no_display_exits_4(void **state) {
  (void)state;
  char cmd[1400], work[600];
  tmp_path(work, sizeof work, "w9.csv");
  /* timeout: main ran invisibly until killed. */
  snprintf(cmd, sizeof cmd, "env -u DISPLAY -u WAYLAND_DISPLAY -u SDL_VIDEODRIVER XDG_RUNTIME_DIR=%s "
           "ASAN_OPTIONS=detect_leaks=0 timeout 60 %s --scenario %s --work %s", cli_tmpdir, STIPPLE_BIN, SCENARIO, work);
  assert_int_equal(run(cmd, out_buf, sizeof out_buf, err_buf, sizeof err_buf), 4);
  assert_non_null(strstr(err_buf, "no display: set DISPLAY or run under xvfb-run"));
  assert_false(stp_file_exists(work));
  /* The replay window too (it ran invisibly until killed). */
  char rec[600];
  tmp_path(rec, sizeof rec, "r9.txt");
  write_text(rec, "stipple-record 1\n10 place 0 135 0.5 nan 0\n");
  snprintf(cmd, sizeof cmd, "env -u DISPLAY -u WAYLAND_DISPLAY -u SDL_VIDEODRIVER XDG_RUNTIME_DIR=%s "
           "ASAN_OPTIONS=detect_leaks=0 timeout 60 %s replay --scenario %s --record %s", cli_tmpdir, STIPPLE_BIN,
           SCENARIO, rec);
  assert_int_equal(run(cmd, out_buf, sizeof out_buf, err_buf, sizeof err_buf), 4);
  assert_non_null(strstr(err_buf, "no display: set DISPLAY or run under xvfb-run"));
}

/* ---- 10. bench validates its options ------------------------------------------------ */

static void bench_options_are_validated(void **state) {
  (void)state;
  static const char *const bad[] = {"--impressions 0", "--impressions abc", "--impressions -1",
                                    "--impressions 4000001", "--impressions 12x", "--repeats 0",
                                    "--repeats 101", "--repeats -3", "--impressions", "--repeats"};
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
    char cmd[600];
    snprintf(cmd, sizeof cmd, "%s bench --no-render --layouts %s", STIPPLE_BIN, bad[i]);
    int rc = run(cmd, out_buf, sizeof out_buf, err_buf, sizeof err_buf);
    if (rc != 2) fail_msg("bench %s: exit %d, want 2 (a usage error)", bad[i], rc);
  }
}

/* The count a host watches to persist (the browser's IndexedDB): one per atomic write or
 * move aside done, none for a failure or for nothing to move. */
static void durable_count_counts_what_was_made_durable(void **state) {
  (void)state;
  char path[600], bad[700], prev[800];
  tmp_path(path, sizeof path, "durable.csv");
  snprintf(bad, sizeof bad, "%s.missing/x.csv", path);
  unsigned long n0 = stp_file_durable_count();
  assert_int_equal(stp_file_write(path, "a\n", 2, 0, "a file", NULL), STP_OK);
  assert_int_equal(stp_file_durable_count(), n0 + 1);
  assert_int_not_equal(stp_file_write(bad, "a\n", 2, 0, "a file", NULL), STP_OK);
  assert_int_equal(stp_file_durable_count(), n0 + 1);
  assert_int_equal(stp_file_move_aside(path, ".csv", prev, sizeof prev, NULL), STP_OK);
  assert_true(prev[0] != '\0');
  assert_int_equal(stp_file_durable_count(), n0 + 2);
  assert_int_equal(stp_file_move_aside(path, ".csv", prev, sizeof prev, NULL), STP_OK);   /* nothing there */
  assert_int_equal(stp_file_durable_count(), n0 + 2);
  /* Put back (a failed import undoing its move aside): over what a failed write left at
   * path, the backup's bytes return, the backup's name is free again, and it counts. */
  snprintf(prev, sizeof prev, "%s.prev.csv", path);
  assert_int_equal(stp_file_write(path, "half", 4, 0, "a file", NULL), STP_OK);
  assert_int_equal(stp_file_put_back(prev, path, NULL), STP_OK);
  assert_int_equal(stp_file_durable_count(), n0 + 4);
  char *data = NULL;
  size_t len = 0;
  assert_int_equal(stp_file_read(path, 100, "a file", &data, &len, NULL), STP_OK);
  assert_int_equal(len, 2);
  assert_memory_equal(data, "a\n", 2);
  free(data);
  assert_false(stp_file_exists(prev));
  assert_int_not_equal(stp_file_put_back(prev, path, NULL), STP_OK);   /* nothing to put back */
  assert_int_equal(stp_file_durable_count(), n0 + 4);
}

static int end_holder(void **state) {
  (void)state;
  if (holder_pid > 0) {
    kill(holder_pid, SIGKILL);
    waitpid(holder_pid, NULL, 0);
    holder_pid = 0;
  }
  return 0;
}

static int setup(void **state) { (void)state; return cli_setup(); }
static int teardown(void **state) { (void)state; return cli_teardown(); }

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(work_reader_takes_only_bounded_regular_files),
    cmocka_unit_test(a_limit_allows_exactly_max_bytes),
    cmocka_unit_test(failed_image_writes_exit_4_and_leave_nothing),
    cmocka_unit_test(autosave_does_not_follow_a_planted_link),
    cmocka_unit_test_teardown(a_work_is_locked_by_its_game, end_holder),
    cmocka_unit_test(a_second_game_on_a_locked_work_exits_4),
    cmocka_unit_test(new_keeps_numbered_backups),
    cmocka_unit_test(check_and_loader_share_the_scenario_limit),
    cmocka_unit_test(scenario_text_is_cleaned_and_print_throttled),
    cmocka_unit_test(text_clean_cases),
    cmocka_unit_test(sixteen_long_hair_regions_are_bounded),
    cmocka_unit_test(no_display_exits_4),
    cmocka_unit_test(bench_options_are_validated),
    cmocka_unit_test(durable_count_counts_what_was_made_durable),
  };
  return cmocka_run_group_tests(tests, setup, teardown);
}
