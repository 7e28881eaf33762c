/* stp_text.c - cleaning text from scenario code (see stp_text.h). */
#include "stp_text.h"

#include <string.h>

int stp_text_utf8_len(const unsigned char *s, size_t len) {
  if (len == 0) return 0;
  unsigned c = s[0];
  if (c < 0x80) return 1;
  int n;
  unsigned lo = 0x80, hi = 0xBF;   /* the allowed range of the second byte */
  if (c >= 0xC2 && c <= 0xDF) n = 2;
  else if (c == 0xE0) { n = 3; lo = 0xA0; }            /* no overlong forms */
  else if (c == 0xED) { n = 3; hi = 0x9F; }            /* no surrogates */
  else if (c >= 0xE1 && c <= 0xEF) n = 3;
  else if (c == 0xF0) { n = 4; lo = 0x90; }
  else if (c == 0xF4) { n = 4; hi = 0x8F; }            /* at most U+10FFFF */
  else if (c >= 0xF1 && c <= 0xF3) n = 4;
  else return 0;                                       /* 0x80-0xC1, 0xF5-0xFF */
  if (len < (size_t)n || s[1] < lo || s[1] > hi) return 0;
  for (int k = 2; k < n; k++)
    if (s[k] < 0x80 || s[k] > 0xBF) return 0;
  return n;
}

size_t stp_text_clean(char *dst, size_t size, const char *src, size_t len, bool multiline) {
  static const char fffd[3] = {(char)0xEF, (char)0xBF, (char)0xBD};
  if (!dst || size == 0) return 0;
  size_t o = 0, i = 0;
  const unsigned char *s = (const unsigned char *)(src ? src : "");
  if (!src) len = 0;
  while (i < len) {
    int n = stp_text_utf8_len(s + i, len - i);
    const char *put;
    size_t put_n;
    bool ok = n > 0;
    if (n == 1 && (s[i] < 0x20 || s[i] == 0x7F)) ok = multiline && (s[i] == '\n' || s[i] == '\t');
    bool c1 = n == 2 && s[i] == 0xC2 && s[i + 1] < 0xA0;   /* C1 controls: one U+FFFD each */
    if (ok && !c1) { put = (const char *)s + i; put_n = (size_t)n; }
    else { put = fffd; put_n = 3; }
    i += c1 ? 2 : ok ? (size_t)n : 1;
    if (o + put_n >= size) break;
    memcpy(dst + o, put, put_n);
    o += put_n;
  }
  dst[o] = '\0';
  return o;
}
