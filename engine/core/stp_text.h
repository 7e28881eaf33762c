/* stp_text.h - making text from a scenario's code safe to show and to put in JSON.
 *
 * Text a scenario's Lua returns or prints (custom criteria's figures and advice, an
 * on_impression hook's advice, print) reaches a terminal and result.json. It may hold
 * anything: an escape sequence that rewrites the terminal, a NUL, bytes that are not
 * UTF-8. stp_text_clean copies it replacing every C0 control (but newline and tab where
 * lines are allowed), DEL, every C1 control (U+0080-U+009F) and every byte that does not
 * begin a valid UTF-8 sequence (overlong forms, surrogates, above U+10FFFF, cut short)
 * with U+FFFD. The result is valid UTF-8 with no ESC.
 * Depends on: nothing.
 */
#ifndef STP_TEXT_H
#define STP_TEXT_H

#include <stdbool.h>
#include <stddef.h>

/* Copy len bytes of src into dst (size bytes, NUL-terminated when size > 0), cleaned as
 * above; newline and tab are kept when multiline, replaced otherwise. Stops before a
 * character that would not fit whole. Returns the bytes written (without the NUL). */
size_t stp_text_clean(char *dst, size_t size, const char *src, size_t len, bool multiline);

/* The length of the valid UTF-8 sequence at s (1-4), or 0 if s[0..len) does not begin one. */
int stp_text_utf8_len(const unsigned char *s, size_t len);

#endif
