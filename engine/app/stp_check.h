/* stp_check.h - `stipple check FILE...`: validate scenario files for authors.
 *
 * Loading a file (engine/script) already reports syntax errors, unknown keys with a
 * "did you mean", wrong types and values out of range, each with file:line. On top of
 * that, stp_check_lint() looks at the loaded scenario as a whole:
 *   errors   zones that overlap; zones (mostly) off the scalp chart; targets nobody can
 *            reach: a density whose spacing is smaller than a dot's merge reach with the
 *            finest needle, an ink not among tools.inks, a depth outside depth_window;
 *   warnings a zone partly off the chart; a density a natural (random) pattern cannot
 *            reach without some merging; a criterion with nothing to judge (hairline
 *            without a role = "hairline" zone); a zone with no area on the chart; a case
 *            that asks more than 20 minutes at 2.5 impressions a second, or a curriculum
 *            case (NN_name.lua) less than 2 (stp_pace.h; a tutorial is exempt).
 * stp_check_file also prints each file's expected impressions and minutes.
 * Depends on: engine/core, engine/script.
 */
#ifndef STP_CHECK_H
#define STP_CHECK_H

#include <stdio.h>
#include "stp_scenario.h"

typedef enum stp_check_level { STP_CHECK_WARNING = 1, STP_CHECK_ERROR = 2 } stp_check_level;

#define STP_CHECK_MAX_ISSUES 64

typedef struct stp_check_issue {
  stp_check_level level;
  int zone;                 /* the zone it is about (index), or -1 */
  char msg[400];
} stp_check_issue;

typedef struct stp_check_report {
  int count, errors, warnings;     /* errors + warnings may exceed count (only the first are kept) */
  stp_check_issue issues[STP_CHECK_MAX_ISSUES];
} stp_check_report;

/* Lint a loaded (valid) scenario into *r (cleared first). */
void stp_check_lint(const stp_scenario *s, stp_check_report *r);

/* Check one file, print "OK path" or its problems to out; returns 0 clean, 1 warnings
 * only, 2 errors (a load failure counts as an error). */
int stp_check_file(const char *path, FILE *out);

/* The command: stipple check [--strict] FILE... (exit 0 only when every file is clean;
 * warnings fail too with --strict). */
int stp_cmd_check(int argc, char **argv);

#endif
