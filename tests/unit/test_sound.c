/* The game's sounds (engine/render/stp_sound.c): what the mixer gives the device, muting,
 * and that no device, no files or bad files never fail and never crash.
 *
 * The mixer is run without a device (stp_sound_render) so the samples are checked exactly:
 * a tap is the tap's samples plus the needle's, summed; a voice that ends leaves silence;
 * muted gives silence. Expected values come from the WAV files read here by hand (header
 * fields, little-endian samples), not from the mixer. */
#define _POSIX_C_SOURCE 200809L
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include "stp_test.h"
#include <SDL2/SDL.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "stp_sound.h"

#define ASSETS STP_SOURCE_ASSETS

/* The samples of a 48 kHz mono 16-bit WAV as stp_assets.c writes it (44-byte header). */
static int16_t *wav_samples(const char *name, size_t *n) {
  char path[512];
  snprintf(path, sizeof path, "%s/sounds/%s", ASSETS, name);
  FILE *f = fopen(path, "rb");
  assert_non_null(f);
  unsigned char h[44];
  assert_int_equal(fread(h, 1, 44, f), 44);
  *n = (size_t)(h[40] | h[41] << 8 | h[42] << 16 | (uint32_t)h[43] << 24) / 2;
  int16_t *s = malloc(*n * sizeof *s);
  assert_non_null(s);
  for (size_t i = 0; i < *n; i++) {
    unsigned char b[2];
    assert_int_equal(fread(b, 1, 2, f), 2);
    s[i] = (int16_t)(uint16_t)(b[0] | b[1] << 8);
  }
  fclose(f);
  return s;
}

static int clip(int v) { return v > 32767 ? 32767 : v < -32768 ? -32768 : v; }

static void test_tap_mixes_the_tap_and_the_needle(void **state) {
  (void)state;
  size_t nt, nn;
  int16_t *tap = wav_samples("tap.wav", &nt), *needle = wav_samples("needle.wav", &nn);
  assert_true(nt < nn);
  stp_sound *s = stp_sound_open(ASSETS, false, true);
  assert_non_null(s);
  assert_string_equal(stp_sound_status(s), "");
  assert_false(stp_sound_live(s));   /* no device asked for */
  size_t got;
  assert_non_null(stp_sound_samples(s, STP_SOUND_TAP, &got));
  assert_int_equal(got, nt);         /* same rate and format: nothing converted */
  size_t total = nn + 100;
  int16_t *out = malloc(total * sizeof *out);
  assert_non_null(out);
  stp_sound_render(s, out, 10);      /* nothing playing: silence */
  for (int i = 0; i < 10; i++) assert_int_equal(out[i], 0);
  stp_sound_tap(s);
  stp_sound_render(s, out, total);
  for (size_t i = 0; i < total; i++) {
    int want = clip((i < nt ? tap[i] : 0) + (i < nn ? needle[i] : 0));
    if (out[i] != want) {
      print_error("sample %zu: %d, want %d\n", i, out[i], want);
      fail();
    }
  }
  /* Two taps half the tap apart overlap: the second starts while the first plays. */
  stp_sound_play(s, STP_SOUND_TAP);
  stp_sound_render(s, out, nt / 2);
  stp_sound_play(s, STP_SOUND_TAP);
  stp_sound_render(s, out, nt);
  for (size_t i = 0; i < nt; i++) {
    size_t first = i + nt / 2;
    int want = clip((first < nt ? tap[first] : 0) + tap[i]);
    assert_int_equal(out[i], want);
  }
  free(out);
  free(tap);
  free(needle);
  stp_sound_close(s);
}

static void test_mute(void **state) {
  (void)state;
  stp_sound *s = stp_sound_open(ASSETS, true, true);   /* --mute */
  assert_true(stp_sound_muted(s));
  int16_t out[2000];
  stp_sound_tap(s);
  stp_sound_render(s, out, 2000);
  for (int i = 0; i < 2000; i++) assert_int_equal(out[i], 0);
  stp_sound_mute(s, false);
  assert_false(stp_sound_muted(s));
  stp_sound_tap(s);
  stp_sound_render(s, out, 2000);
  int loud = 0;
  for (int i = 0; i < 2000; i++) loud += out[i] != 0;
  assert_true(loud > 1000);
  /* Muting silences what is playing at once, not only what starts later. */
  stp_sound_mute(s, true);
  stp_sound_render(s, out, 2000);
  for (int i = 0; i < 2000; i++) assert_int_equal(out[i], 0);
  stp_sound_close(s);
}

/* The ninth sound at once takes the oldest one's place: eight needles, then a tap: what
 * plays is seven needles (started 2..8) and the tap. */
static void test_voices_give_way(void **state) {
  (void)state;
  size_t nt, nn;
  int16_t *tap = wav_samples("tap.wav", &nt), *needle = wav_samples("needle.wav", &nn);
  stp_sound *s = stp_sound_open(ASSETS, false, true);
  for (int k = 0; k < STP_SOUND_VOICES; k++) stp_sound_play(s, STP_SOUND_NEEDLE);
  stp_sound_play(s, STP_SOUND_TAP);
  int16_t out[100];
  stp_sound_render(s, out, 100);
  for (int i = 0; i < 100; i++) assert_int_equal(out[i], clip(7 * needle[i] + tap[i]));
  free(tap);
  free(needle);
  stp_sound_close(s);
}

/* No folder, a missing file, a file that is not a WAV, a folder where a file should be:
 * the game goes on silent and says why. */
static void test_bad_or_missing_files(void **state) {
  (void)state;
  int16_t out[64];
  stp_sound *s = stp_sound_open(NULL, false, true);
  assert_non_null(s);
  assert_non_null(strstr(stp_sound_status(s), "no assets folder"));
  stp_sound_tap(s);
  stp_sound_render(s, out, 64);
  for (int i = 0; i < 64; i++) assert_int_equal(out[i], 0);
  stp_sound_close(s);

  char dir[] = "/tmp/stp_sound_XXXXXX", sub[64], path[128];
  assert_non_null(mkdtemp(dir));
  snprintf(sub, sizeof sub, "%s/sounds", dir);
  assert_int_equal(mkdir(sub, 0755), 0);
  snprintf(path, sizeof path, "%s/tap.wav", sub);
  FILE *f = fopen(path, "wb");
  assert_non_null(f);
  fputs("RIFF\x10\0\0\0WAVEfmt this is not a sound", f);
  fclose(f);
  snprintf(path, sizeof path, "%s/needle.wav", sub);
  assert_int_equal(mkdir(path, 0755), 0);   /* a folder, not a regular file */
  s = stp_sound_open(dir, false, true);
  assert_non_null(s);
  const char *why = stp_sound_status(s);
  assert_non_null(strstr(why, "tap.wav: not a WAV"));
  assert_non_null(strstr(why, "needle.wav"));
  size_t n;
  assert_null(stp_sound_samples(s, STP_SOUND_TAP, &n));
  assert_int_equal(n, 0);
  stp_sound_tap(s);
  stp_sound_render(s, out, 64);
  for (int i = 0; i < 64; i++) assert_int_equal(out[i], 0);
  stp_sound_close(s);
  rmdir(path);
  snprintf(path, sizeof path, "%s/tap.wav", sub);
  unlink(path);
  rmdir(sub);
  rmdir(dir);
}

/* A device: SDL's dummy driver opens (the tests run with SDL_AUDIODRIVER=dummy); a driver
 * that does not exist leaves the game silent, not failed. */
static void test_devices(void **state) {
  (void)state;
  setenv("SDL_AUDIODRIVER", "dummy", 1);
  stp_sound *s = stp_sound_open(ASSETS, false, false);
  assert_non_null(s);
  assert_true(stp_sound_live(s));
  stp_sound_tap(s);
  stp_sound_close(s);
  assert_false(SDL_WasInit(SDL_INIT_AUDIO));   /* what it opened, it closed */

  setenv("SDL_AUDIODRIVER", "no-such-driver", 1);
  s = stp_sound_open(ASSETS, false, false);
  assert_non_null(s);
  assert_false(stp_sound_live(s));
  assert_non_null(strstr(stp_sound_status(s), "no audio device"));
  stp_sound_tap(s);
  stp_sound_mute(s, true);
  stp_sound_close(s);
  setenv("SDL_AUDIODRIVER", "dummy", 1);
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_tap_mixes_the_tap_and_the_needle),
    cmocka_unit_test(test_mute),
    cmocka_unit_test(test_voices_give_way),
    cmocka_unit_test(test_bad_or_missing_files),
    cmocka_unit_test(test_devices),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
