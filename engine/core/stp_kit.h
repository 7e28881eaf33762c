/* stp_kit.h - a work against a scenario's kit (tools.needles, inks, pigments).
 *
 * A trainee can only use the tools the case offers. stp_work_check_kit rejects a work
 * whose needle, dilution (ink) or pigment is not in the kit, naming the row's line like
 * any malformed row ("work.csv:12: needle 0.400 mm is not in this case's kit (0.18, 0.25,
 * 0.30, 0.35)"), and on success binds the work's pigment table to the kit, so that every
 * impression's `pigment` is the index of its pigment in scn->pigments (rows of a work
 * without a pigment column mean the kit's first pigment). Values are compared at the
 * file's precision: needle and ink to 0.001.
 * Depends on: stp_work.h, stp_scenario.h.
 */
#ifndef STP_KIT_H
#define STP_KIT_H

#include "stp_error.h"
#include "stp_scenario.h"
#include "stp_work.h"

/* name: the work's file name for messages (NULL: "work"). On failure the work is unchanged
 * and err (status STP_ERR_PARSE) names the first offending row. */
stp_status stp_work_check_kit(stp_work *w, const stp_scenario *scn, const char *name, stp_error *err);

/* True when a work's pigment table is the kit's (or a prefix of it), so its rows can be
 * scored against this scenario. */
bool stp_work_kit_bound(const stp_work *w, const stp_scenario *scn);

#endif
