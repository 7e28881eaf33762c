/* stp_rng.h - a small, explicitly seeded random generator (xoshiro256**).
 *
 * The core never reads the clock and never uses rand(): every random choice
 * (skin texture, stubble, generated test works, the scenario's math.random)
 * comes from an stp_rng the caller seeds, so runs reproduce exactly.
 * Depends on: <stdint.h> only.
 */
#ifndef STP_RNG_H
#define STP_RNG_H

#include <stdint.h>

typedef struct stp_rng { uint64_t s[4]; } stp_rng;

void     stp_rng_seed(stp_rng *r, uint64_t seed);
uint64_t stp_rng_next(stp_rng *r);
double   stp_rng_unit(stp_rng *r);                 /* [0, 1) */
double   stp_rng_range(stp_rng *r, double lo, double hi);
double   stp_rng_normal(stp_rng *r);               /* mean 0, sd 1 */
uint64_t stp_rng_below(stp_rng *r, uint64_t n);    /* [0, n), n > 0 */
/* One step of splitmix64 on z (a stateless hash of z): for draws keyed by values, not by
 * the order they are asked in. */
uint64_t stp_rng_mix(uint64_t z);

#endif
