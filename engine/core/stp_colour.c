/* stp_colour.c - see stp_colour.h.
 *
 * Linear sRGB -> XYZ is the sRGB matrix (IEC 61966-2-1, D65); XYZ -> Lab is lcms2's
 * cmsXYZ2Lab with the D65 white point given explicitly. We do not build an sRGB profile
 * and a cmsCreateLab4Profile transform: the ICC connection space is D50, so a transform
 * would adapt the colours (Bradford) and give D50 Lab, and it needs a context, profiles
 * and a cached transform (state to create, share and free). The two calls used here are
 * pure arithmetic. */
#include "stp_colour.h"

#include <lcms2.h>
#include <math.h>

void stp_colour_lab(const float rgb[3], double lab[3]) {
  double r = rgb[0], g = rgb[1], b = rgb[2];
  cmsCIEXYZ xyz = {
    0.4124564 * r + 0.3575761 * g + 0.1804375 * b,
    0.2126729 * r + 0.7151522 * g + 0.0721750 * b,
    0.0193339 * r + 0.1191920 * g + 0.9503041 * b,
  };
  /* The white of the matrix above (r = g = b = 1), so white maps to L 100, a = b = 0. */
  const cmsCIEXYZ d65 = {0.4124564 + 0.3575761 + 0.1804375, 1.0, 0.0193339 + 0.1191920 + 0.9503041};
  cmsCIELab out;
  cmsXYZ2Lab(&d65, &out, &xyz);
  lab[0] = out.L;
  lab[1] = out.a;
  lab[2] = out.b;
}

double stp_colour_de00(const double a[3], const double b[3]) {
  cmsCIELab x = {a[0], a[1], a[2]}, y = {b[0], b[1], b[2]};
  return cmsCIE2000DeltaE(&x, &y, 1.0, 1.0, 1.0);
}

float stp_colour_srgb8_to_linear(unsigned char v) {
  double c = v / 255.0;
  return (float)(c <= 0.04045 ? c / 12.92 : pow((c + 0.055) / 1.055, 2.4));
}

unsigned char stp_colour_linear_to_srgb8(float v) {
  double c = v < 0 ? 0 : v > 1 ? 1 : v;
  double s = c <= 0.0031308 ? 12.92 * c : 1.055 * pow(c, 1.0 / 2.4) - 0.055;
  return (unsigned char)lround(s * 255.0);
}
