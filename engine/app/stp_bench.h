/* stp_bench.h - what the benches share (stp_bench.c, stp_bench_input.c). App-internal. */
#ifndef STP_BENCH_H
#define STP_BENCH_H

#include <stddef.h>
#include <stdint.h>
#include "stp_scenario.h"
#include "stp_work.h"

/* The bench scenario: four zones and every criterion on, stubble over the back. */
void stp_bench_scenario(stp_scenario *s);
/* n impressions on a jittered grid over the chart's top (reproducible from seed). */
void stp_bench_work(stp_work *w, size_t n, uint64_t seed);

/* `bench --input`: a real window, a work of `impressions` dots, `events` injected clicks;
 * latency from each event to the end of the present of the frame that shows its dot. */
int stp_bench_input(const stp_scenario *s, size_t impressions, int events);
/* `bench --startup`: the game launched `runs` times on a case and on the menu, each start
 * traced (STIPPLE_STARTUP_TRACE) from a launch time the bench sets (STIPPLE_LAUNCH_NS). */
int stp_bench_startup(int runs, const char *scenario);

#endif
