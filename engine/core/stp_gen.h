/* stp_gen.h - seeded generators of test works from a scenario's targets.
 *
 * The proof that scores mean something: an expert work (blue-noise spacing at the
 * target density, angles along the grain field with a few degrees of scatter, the
 * target ink and depth) and works degraded along one axis at a time. Positions come
 * from Bridson's Poisson-disk sampling with a local radius from the density field,
 * thinned at random to the zone's expected count; a grid layout uses a square lattice.
 * Deterministic: the same scenario, seed and options give the same work.
 * Depends on: stp_scenario.h, stp_work.h, stp_rng.h, stp_field.h.
 */
#ifndef STP_GEN_H
#define STP_GEN_H

#include <stdbool.h>
#include <stdint.h>
#include "stp_error.h"
#include "stp_scenario.h"
#include "stp_work.h"

typedef struct stp_gen_opts {
  double density_factor;     /* times the target density (expert: 1) */
  double angle_scatter_deg;  /* standard deviation of the angle about the field (expert: 3) */
  int ink_steps_darker;      /* steps along the scenario's inks, darker > 0 (expert: 0) */
  double depth_offset_mm;    /* added to the target depth (expert: 0) */
  double depth_scatter_mm;   /* standard deviation of depth (expert: 0.03) */
  bool grid;                 /* a square lattice instead of blue noise */
  bool hard_hairline;        /* hairline zones: full density up to a straight front */
  double needle_mm;          /* needle diameter (expert: 0.25) */
} stp_gen_opts;

/* The options of an expert work. */
stp_gen_opts stp_gen_expert_opts(void);

/* Generate a work into *out, which is initialised here (free it with stp_work_free).
 * Fails with STP_ERR_RANGE for options out of range, STP_ERR_NOMEM when out of memory. */
stp_status stp_gen_work(const stp_scenario *scn, uint64_t seed, const stp_gen_opts *opts,
                        stp_work *out, stp_error *err);

/* An expert work: stp_gen_work with stp_gen_expert_opts(). */
stp_status stp_gen_expert(const stp_scenario *scn, uint64_t seed, stp_work *out, stp_error *err);

/* The ink `steps` places darker (more concentrated) than `ink` among the scenario's inks. */
double stp_gen_ink_step(const stp_scenario *scn, double ink, int steps);

#endif
