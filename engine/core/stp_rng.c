#include "stp_rng.h"

#include <math.h>

uint64_t stp_rng_mix(uint64_t z) {
  z += 0x9E3779B97F4A7C15ull;
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

static uint64_t splitmix64(uint64_t *x) {
  uint64_t z = stp_rng_mix(*x);
  *x += 0x9E3779B97F4A7C15ull;
  return z;
}

void stp_rng_seed(stp_rng *r, uint64_t seed) {
  uint64_t x = seed;
  for (int i = 0; i < 4; i++) r->s[i] = splitmix64(&x);
}

static uint64_t rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }

uint64_t stp_rng_next(stp_rng *r) {
  uint64_t *s = r->s;
  uint64_t result = rotl(s[1] * 5, 7) * 9;
  uint64_t t = s[1] << 17;
  s[2] ^= s[0]; s[3] ^= s[1]; s[1] ^= s[2]; s[0] ^= s[3];
  s[2] ^= t;
  s[3] = rotl(s[3], 45);
  return result;
}

double stp_rng_unit(stp_rng *r) { return (double)(stp_rng_next(r) >> 11) * 0x1.0p-53; }

double stp_rng_range(stp_rng *r, double lo, double hi) { return lo + (hi - lo) * stp_rng_unit(r); }

double stp_rng_normal(stp_rng *r) {
  double u1 = stp_rng_unit(r), u2 = stp_rng_unit(r);
  if (u1 < 1e-300) u1 = 1e-300;
  return sqrt(-2.0 * log(u1)) * cos(6.283185307179586 * u2);
}

uint64_t stp_rng_below(stp_rng *r, uint64_t n) {
  if (n == 0) return 0;
  uint64_t limit = UINT64_MAX - UINT64_MAX % n;
  uint64_t v;
  do { v = stp_rng_next(r); } while (v >= limit);
  return v % n;
}
