/* stp_startup.h - how long the game took to start: marks from the launch of the process.
 *
 * The launch is the moment the process was created: $STIPPLE_LAUNCH_NS when a launcher set
 * it (CLOCK_MONOTONIC nanoseconds read just before fork+exec: `stipple bench --startup`),
 * else the start time the kernel keeps in /proc/self/stat (field 22, in clock ticks since
 * boot, 10 ms on most kernels) against CLOCK_BOOTTIME. Marks are printed only when
 * $STIPPLE_STARTUP_TRACE is set (to anything but "0"): "stipple: startup PHASE MS ms (cpu
 * CPU ms)" on stderr, one line per mark, CPU being the processor time of the whole process so
 * far (every thread: a loaded machine stretches MS, not CPU); they keep no state. App-internal; docs/performance.md.
 * Depends on: POSIX clocks, /proc (Linux; elsewhere stp_startup_ms returns -1).
 */
#ifndef STP_STARTUP_H
#define STP_STARTUP_H

#include <stdbool.h>

/* Milliseconds since the process was launched, or -1 when it cannot be known. */
double stp_startup_ms(void);
/* True when $STIPPLE_STARTUP_TRACE asks for the marks. */
bool stp_startup_tracing(void);
/* When tracing: print "stipple: startup PHASE MS ms (cpu CPU ms)" to stderr (flushed). */
void stp_startup_mark(const char *phase);

#endif
