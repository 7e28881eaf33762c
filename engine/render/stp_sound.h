/* stp_sound.h - the game's sounds through SDL audio: a soft tap and a short needle buzz
 * when an impression lands, and a mute.
 *
 * Output only (the render layer): it owns no rules and never fails the game. Without an
 * audio device (no SDL_AUDIODRIVER that works, Xvfb, CI) or without the sound files, a
 * stp_sound still opens, silent, and says why in stp_sound_status(); every call is then a
 * no-op. The sounds are assets/sounds/tap.wav and assets/sounds/needle.wav (made by
 * `stipple make-assets`, assets/README.md), read as regular files of at most
 * STP_SOUND_MAX_FILE bytes and converted to the device's format once.
 *
 * Mixing happens in SDL's audio thread (a few voices, summed and clipped); stp_sound_render
 * runs the same mixer into a buffer for tests and for a session without a device.
 * Depends on: SDL2 (audio), core (stp_error, stp_file).
 */
#ifndef STP_SOUND_H
#define STP_SOUND_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "stp_error.h"

#define STP_SOUND_RATE 48000           /* mixing rate, Hz (mono, signed 16-bit) */
#define STP_SOUND_MAX_FILE (2u * 1024 * 1024)
#define STP_SOUND_VOICES 8             /* sounds playing at once at most (the oldest gives way) */

typedef struct stp_sound stp_sound;

typedef enum stp_sound_id { STP_SOUND_TAP, STP_SOUND_NEEDLE, STP_SOUND_COUNT } stp_sound_id;

/* Open the sounds in assets_dir/sounds (NULL: none) and, unless no_device, SDL's default
 * audio device. Returns NULL only when out of memory; otherwise a stp_sound that plays
 * what it could load on what it could open (stp_sound_status says what is missing).
 * muted: start muted (`--mute`). SDL's audio subsystem is initialised here and quit in
 * stp_sound_close when this opened it. */
stp_sound *stp_sound_open(const char *assets_dir, bool muted, bool no_device);
void stp_sound_close(stp_sound *s);

/* An impression landed: the tap and a short needle buzz together. */
void stp_sound_tap(stp_sound *s);
/* Start one sound (a no-op when muted, without a device and rendering, or not loaded). */
void stp_sound_play(stp_sound *s, stp_sound_id id);

void stp_sound_mute(stp_sound *s, bool muted);
bool stp_sound_muted(const stp_sound *s);
/* True when a device is open and at least one sound loaded. */
bool stp_sound_live(const stp_sound *s);
/* What the last open found: "" when all is well, else a sentence ("no audio device: ...",
 * "assets/sounds/tap.wav: ..."). */
const char *stp_sound_status(const stp_sound *s);
/* Samples of a loaded sound (the device's format: mono S16 at STP_SOUND_RATE); n = 0 when
 * not loaded. */
const int16_t *stp_sound_samples(const stp_sound *s, stp_sound_id id, size_t *n);

/* Mix the next n samples of what is playing into out (what the device would be given).
 * With a device open this races its thread: for tests (no_device) only. */
void stp_sound_render(stp_sound *s, int16_t *out, size_t n);

#endif
