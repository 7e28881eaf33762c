/* stp_colour.h - colour science for the shade criterion: linear sRGB to CIELAB (D65)
 * and the CIEDE2000 colour difference, both through Little CMS (lcms2).
 *
 * Pure functions: no context, no profile, no global state; the same input gives the
 * same bits. CIELAB here is relative to the D65 white of sRGB (no chromatic adaptation
 * to the ICC's D50), which is what the shade criterion and its docs quote.
 * Depends on: nothing in Stipple (lcms2 in the .c only).
 */
#ifndef STP_COLOUR_H
#define STP_COLOUR_H

/* CIELAB (D65) of a linear-light sRGB colour (components 0..1). */
void stp_colour_lab(const float rgb[3], double lab[3]);
/* CIEDE2000 colour difference, kL = kC = kH = 1 (Sharma, Wu & Dalal 2005). */
double stp_colour_de00(const double a[3], const double b[3]);
/* Linear-light sRGB of an 8-bit sRGB colour (the inverse sRGB transfer curve). */
float stp_colour_srgb8_to_linear(unsigned char v);
/* 8-bit sRGB of a linear-light component (rounded, clamped). */
unsigned char stp_colour_linear_to_srgb8(float v);

#endif
