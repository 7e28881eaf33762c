/* stp_font.h - crisp UTF-8 text for the game: TrueType fonts drawn with SDL2.
 *
 * A stp_font is a TrueType font loaded from a file and owned by the caller
 * (no globals). Glyphs are rasterised by stb_truetype at the exact pixel
 * size asked for, never by scaling a bitmap, so text stays crisp at any
 * window size. Each font keeps a small LRU cache of baked sizes; each baked
 * size is one glyph atlas in an SDL_Texture (white, alpha = coverage) tied
 * to the SDL_Renderer it was made for, and a string is drawn with a single
 * SDL_RenderGeometry call (colour comes from the vertex colour).
 *
 * Sizes: px is the em size in pixels (like CSS font-size); the line height
 * is about 1.2 * px. px is clamped to [1, STP_FONT_MAX_PX].
 * Glyph set: Basic Latin, Latin-1 Supplement, Latin Extended-A, the common
 * General Punctuation (dashes, quotes, bullet, ellipsis, primes), arrows
 * (left, up, right, down), the minus sign, <=, >=, ~=, euro, check and
 * ballot marks, when the font has them. To keep each atlas under ~2.5 M
 * pixels, very large sizes drop Latin Extended-A (above 134 px for DejaVu
 * Sans) and then most of Latin-1 (above 177 px). Anything else (or invalid
 * UTF-8) draws as U+FFFD if the font has it, else '?'. The first draw at a
 * new size bakes its atlas (a few ms at UI sizes, ~100 ms at 128 px).
 * Control characters: '\n' starts a new line (in every function), '\t'
 * advances by four spaces, '\r' and other controls are ignored.
 *
 * Lifetime: stp_font_close() and stp_font_forget_renderer() destroy atlas
 * textures, so call them while the renderer they were drawn with is still
 * alive: before SDL_DestroyRenderer(r), call stp_font_forget_renderer(f, r)
 * (or close the font). Also call it on SDL_RENDER_DEVICE_RESET.
 * Not thread-safe: use a font from the thread that owns the renderer.
 * stb_truetype does not validate fonts against malicious input: load only
 * trusted font files (the system's or the game's own).
 *
 * Depends on: SDL2, stb_truetype (libstb), core's stp_error.h.
 */
#ifndef STP_FONT_H
#define STP_FONT_H

#include <stddef.h>
#include <SDL2/SDL.h>
#include "stp_error.h"

#define STP_FONT_MAX_PX 256.0f   /* larger sizes are drawn at this size */
#define STP_FONT_CACHE_SIZES 12  /* baked sizes kept per font (LRU) */

typedef struct stp_font stp_font;

/* Load a TrueType font (.ttf; the first face of a .ttc). Missing or
 * unreadable file: STP_ERR_IO; not a usable font: STP_ERR_PARSE. */
stp_status stp_font_open(stp_font **out, const char *ttf_path, stp_error *err);

/* Find and load DejaVu Sans: $STIPPLE_FONT if set, then
 * /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf, then
 * <assets_dir>/fonts/DejaVuSans.ttf (assets_dir may be NULL). If none loads:
 * STP_ERR_IO naming the paths tried and the package fonts-dejavu-core. */
stp_status stp_font_open_default(stp_font **out, const char *assets_dir, stp_error *err);

/* Free the font and its atlas textures (see Lifetime above). NULL is fine. */
void stp_font_close(stp_font *f);

/* Destroy the atlas textures made for r (all of them if r is NULL). Call
 * before SDL_DestroyRenderer(r) and on SDL_RENDER_DEVICE_RESET. */
void stp_font_forget_renderer(stp_font *f, SDL_Renderer *r);

/* Draw UTF-8 text with its top-left at (x, y) in pixels (the pen start is
 * snapped to whole pixels). Returns the advance width (of the widest line
 * if the text has '\n'). */
float stp_font_draw(stp_font *f, SDL_Renderer *r, float x, float y, float px, SDL_Color color,
                    const char *utf8);

/* Width in pixels that stp_font_draw would return; no renderer needed. */
float stp_font_measure(stp_font *f, float px, const char *utf8);

/* Distance between baselines of consecutive lines, in whole pixels. */
float stp_font_line_height(const stp_font *f, float px);

/* Word-wrap into max_width (breaking at spaces; a word wider than a line is
 * broken between characters), honouring '\n', and draw all lines with one
 * SDL_RenderGeometry call. r may be NULL to only lay out. Returns the total
 * height used: lines * line height ("" is one line; a trailing '\n' adds one). */
float stp_font_draw_wrapped(stp_font *f, SDL_Renderer *r, float x, float y, float px,
                            float max_width, SDL_Color color, const char *utf8);

/* Decode one code point from s[*pos .. len). Returns 0 when *pos >= len;
 * otherwise stores the code point in *cp, advances *pos past it and returns
 * 1. Never reads s[len] or beyond. Ill-formed input (stray continuation
 * bytes, overlong forms, surrogates, values above U+10FFFF, truncated
 * sequences) yields U+FFFD once per maximal ill-formed subpart. */
int stp_utf8_decode(const char *s, size_t len, size_t *pos, unsigned *cp);

#endif
