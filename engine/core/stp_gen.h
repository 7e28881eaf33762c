/* stp_gen.h - seeded generators of test works from a scenario's targets.
 *
 * The proof that scores mean something: an expert work (blue-noise spacing at the
 * target density, angles along the grain field with a few degrees of scatter, the
 * target ink and depth) and works degraded along one axis at a time. Positions come
 * from Bridson's Poisson-disk sampling with a local radius from the density field,
 * thinned at random to the zone's expected count; a grid layout uses a square lattice.
 * Deterministic: the same scenario, seed and options give the same work.
 *
 * Time (stp_heal.h): stp_gen_sessions builds a work session by session as a technician
 * does, each session placing its plan in the gaps of what survived the earlier ones (and
 * of a touch-up's old work), and the faults an assessor looks for over time.
 * Depends on: stp_scenario.h, stp_work.h, stp_rng.h, stp_field.h, stp_heal.h.
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

/* ---- Time: works built over sessions ------------------------------------------------------ */

typedef struct stp_gen_time_opts {
  stp_gen_opts hand;   /* how each dot is placed (stp_gen_expert_opts(); density_factor scales
                          every session's share; grid and hard_hairline are not used);
                          hand.ink_steps_darker darkens every session's ink (the touch-up's
                          "too dark" fault) */
  double rush;         /* 0..1: session 1 goes this far from its plan toward the final density
                          and the final ink (1: everything in session 1); the later sessions
                          then top up to their own plans, so the final can look right */
  double blind;        /* 0..1: the share of a touch-up's surviving old work the new layer
                          ignores, laid over it as if the skin there were bare (1: the whole
                          target density laid straight over the old work: doubling) */
} stp_gen_time_opts;

/* The options of an expert over time: stp_gen_expert_opts(), no rush, nothing ignored. */
stp_gen_time_opts stp_gen_time_expert_opts(void);

/* The sessions a layered work fills: the last session any zone has a plan for, or 1. */
int stp_gen_session_count(const stp_scenario *scn);

/* A zone's planned share (0..) of its final density by the end of session k (1-based): its
 * plan's density; a session it has no plan for keeps the previous share (0 before the
 * first); the last session (stp_gen_session_count) reaches 1 when the zone has no plan for
 * it, else its plan's share (a last plan short of 1 stays short: `stipple check` warns). */
double stp_gen_session_share(const stp_scenario *scn, int zone, int session);

/* The trainee's new work over every session, into *out (initialised here; the old work of
 * a touch-up is not in it: stp_heal_history gives it). Session k, for each zone: the
 * impressions it needs so that what survives of the earlier sessions (stp_heal_survives)
 * and of the old work, plus the new ones, reach the zone's planned share of its final
 * density (none when the survivors already do); the new ones in blue noise in the gaps
 * (never nearer to a surviving dot than the spacing of that density), with the session's
 * planned ink, pigment and needle (stp_scenario_for_session) and the zone's depth and
 * grain. A technician sees the dots lost in healing and fills their gaps next session;
 * nobody places extra dots in advance of the loss: the plan is what they place. */
stp_status stp_gen_sessions(const stp_scenario *scn, uint64_t seed, const stp_gen_time_opts *opts,
                            stp_work *out, stp_error *err);

/* The ink `steps` places darker (more concentrated) than `ink` among the scenario's inks. */
double stp_gen_ink_step(const stp_scenario *scn, double ink, int steps);

#endif
