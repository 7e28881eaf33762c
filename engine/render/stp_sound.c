/* stp_sound.c - the game's sounds: WAVs from assets/, a small mixer in SDL's audio thread. */
#include "stp_sound.h"

#include <SDL2/SDL.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "stp_file.h"

typedef struct voice {
  int id;                 /* -1: free */
  size_t pos;
  uint64_t started;       /* the order voices were started, to give way to a new one */
} voice;

struct stp_sound {
  SDL_AudioDeviceID dev;  /* 0: none */
  bool inited;            /* this opened SDL's audio subsystem */
  bool muted;
  int16_t *pcm[STP_SOUND_COUNT];
  size_t len[STP_SOUND_COUNT];
  voice voices[STP_SOUND_VOICES];
  uint64_t starts;
  char status[300];
};

static const char *const sound_file[STP_SOUND_COUNT] = {"tap.wav", "needle.wav"};

static void note(stp_sound *s, const char *fmt, const char *a, const char *b) {
  size_t used = strlen(s->status);
  if (used + 2 >= sizeof s->status) return;
  snprintf(s->status + used, sizeof s->status - used, "%s", used ? "; " : "");
  used = strlen(s->status);
  snprintf(s->status + used, sizeof s->status - used, fmt, a, b);
}

/* Mix n samples (called with the device locked, or without a device). */
static void mix(stp_sound *s, int16_t *out, size_t n) {
  for (size_t i = 0; i < n; i++) {
    int32_t acc = 0;
    for (int v = 0; v < STP_SOUND_VOICES; v++) {
      voice *vo = &s->voices[v];
      if (vo->id < 0) continue;
      if (vo->pos >= s->len[vo->id]) { vo->id = -1; continue; }
      acc += s->pcm[vo->id][vo->pos++];
    }
    out[i] = (int16_t)(acc > INT16_MAX ? INT16_MAX : acc < INT16_MIN ? INT16_MIN : acc);
  }
  for (int v = 0; v < STP_SOUND_VOICES; v++)
    if (s->voices[v].id >= 0 && s->voices[v].pos >= s->len[s->voices[v].id]) s->voices[v].id = -1;
}

static void SDLCALL callback(void *ud, Uint8 *stream, int bytes) {
  mix(ud, (int16_t *)(void *)stream, (size_t)bytes / sizeof(int16_t));
}

/* Read a WAV (a regular file under the limit) and convert it to mono S16 at STP_SOUND_RATE. */
static void load(stp_sound *s, const char *dir, stp_sound_id id) {
  char path[1200];
  snprintf(path, sizeof path, "%s/sounds/%s", dir, sound_file[id]);
  char *data = NULL;
  size_t len = 0;
  stp_error err;
  stp_error_clear(&err);
  if (stp_file_read(path, STP_SOUND_MAX_FILE, "the sound", &data, &len, &err) != STP_OK) {
    note(s, "%s: %s", path, err.msg);
    return;
  }
  SDL_AudioSpec spec;
  Uint8 *buf = NULL;
  Uint32 blen = 0;
  SDL_RWops *rw = SDL_RWFromConstMem(data, (int)len);
  if (!rw || !SDL_LoadWAV_RW(rw, 1, &spec, &buf, &blen)) {
    note(s, "%s: not a WAV SDL can read (%s)", path, SDL_GetError());
    free(data);
    return;
  }
  free(data);
  SDL_AudioCVT cvt;
  if (SDL_BuildAudioCVT(&cvt, spec.format, spec.channels, spec.freq, AUDIO_S16SYS, 1, STP_SOUND_RATE) < 0 ||
      blen > (Uint32)INT32_MAX / 8) {
    note(s, "%s: cannot convert it (%s)", path, SDL_GetError());
    SDL_FreeWAV(buf);
    return;
  }
  cvt.len = (int)blen;
  cvt.buf = malloc((size_t)blen * (size_t)(cvt.len_mult > 0 ? cvt.len_mult : 1));
  if (!cvt.buf) { SDL_FreeWAV(buf); note(s, "%s: %s", path, "out of memory"); return; }
  memcpy(cvt.buf, buf, blen);
  SDL_FreeWAV(buf);
  if (cvt.needed && SDL_ConvertAudio(&cvt) != 0) {
    note(s, "%s: cannot convert it (%s)", path, SDL_GetError());
    free(cvt.buf);
    return;
  }
  s->pcm[id] = (int16_t *)(void *)cvt.buf;
  s->len[id] = (size_t)(cvt.needed ? cvt.len_cvt : cvt.len) / sizeof(int16_t);
}

stp_sound *stp_sound_open(const char *assets_dir, bool muted, bool no_device) {
  stp_sound *s = calloc(1, sizeof *s);
  if (!s) return NULL;
  s->muted = muted;
  for (int v = 0; v < STP_SOUND_VOICES; v++) s->voices[v].id = -1;
  if (assets_dir && assets_dir[0])
    for (int i = 0; i < STP_SOUND_COUNT; i++) load(s, assets_dir, (stp_sound_id)i);
  else
    note(s, "%s%s", "no assets folder: no sounds", "");
  if (no_device) return s;
  if (!SDL_WasInit(SDL_INIT_AUDIO)) {
    if (SDL_InitSubSystem(SDL_INIT_AUDIO) != 0) {
      note(s, "no audio device: %s%s", SDL_GetError(), "");
      return s;
    }
    s->inited = true;
  }
  SDL_AudioSpec want = {0}, have;
  want.freq = STP_SOUND_RATE;
  want.format = AUDIO_S16SYS;
  want.channels = 1;
  want.samples = 512;   /* about 11 ms: a tap follows the pen closely */
  want.callback = callback;
  want.userdata = s;
  s->dev = SDL_OpenAudioDevice(NULL, 0, &want, &have, 0);
  if (!s->dev) {
    note(s, "no audio device: %s%s", SDL_GetError(), "");
    if (s->inited) { SDL_QuitSubSystem(SDL_INIT_AUDIO); s->inited = false; }
    return s;
  }
  SDL_PauseAudioDevice(s->dev, 0);
  return s;
}

void stp_sound_close(stp_sound *s) {
  if (!s) return;
  if (s->dev) SDL_CloseAudioDevice(s->dev);
  if (s->inited) SDL_QuitSubSystem(SDL_INIT_AUDIO);
  for (int i = 0; i < STP_SOUND_COUNT; i++) free(s->pcm[i]);
  free(s);
}

void stp_sound_play(stp_sound *s, stp_sound_id id) {
  if (!s || s->muted || (int)id < 0 || id >= STP_SOUND_COUNT || !s->pcm[id]) return;
  if (s->dev) SDL_LockAudioDevice(s->dev);
  int slot = 0;
  for (int v = 0; v < STP_SOUND_VOICES; v++) {
    if (s->voices[v].id < 0) { slot = v; break; }
    if (s->voices[v].started < s->voices[slot].started) slot = v;
  }
  s->voices[slot] = (voice){.id = (int)id, .pos = 0, .started = ++s->starts};
  if (s->dev) SDL_UnlockAudioDevice(s->dev);
}

void stp_sound_tap(stp_sound *s) {
  stp_sound_play(s, STP_SOUND_TAP);
  stp_sound_play(s, STP_SOUND_NEEDLE);
}

void stp_sound_mute(stp_sound *s, bool muted) {
  if (!s) return;
  if (s->dev) SDL_LockAudioDevice(s->dev);
  s->muted = muted;
  if (muted)
    for (int v = 0; v < STP_SOUND_VOICES; v++) s->voices[v].id = -1;   /* silent at once */
  if (s->dev) SDL_UnlockAudioDevice(s->dev);
}

bool stp_sound_muted(const stp_sound *s) { return !s || s->muted; }

bool stp_sound_live(const stp_sound *s) {
  if (!s || !s->dev) return false;
  for (int i = 0; i < STP_SOUND_COUNT; i++)
    if (s->pcm[i]) return true;
  return false;
}

const char *stp_sound_status(const stp_sound *s) { return s ? s->status : "out of memory"; }

const int16_t *stp_sound_samples(const stp_sound *s, stp_sound_id id, size_t *n) {
  *n = 0;
  if (!s || (int)id < 0 || id >= STP_SOUND_COUNT || !s->pcm[id]) return NULL;
  *n = s->len[id];
  return s->pcm[id];
}

void stp_sound_render(stp_sound *s, int16_t *out, size_t n) {
  if (!s) { memset(out, 0, n * sizeof *out); return; }
  if (s->dev) SDL_LockAudioDevice(s->dev);
  mix(s, out, n);
  if (s->dev) SDL_UnlockAudioDevice(s->dev);
}
