/* stp_report.h - what Stipple writes about one sealed exam bundle for others: xAPI
 * statements for a learning record store and a one-page PDF for the assessor.
 *
 * Both are built from an stp_report_input the commands fill after verifying the bundle
 * (stipple export --xapi, stipple report); tests fill one by hand. Neither writes anything
 * for an input that is not marked verified.
 * Depends on: core (scenario, work, score), render (the healed view and the maps), cairo,
 * cJSON, libsodium (SHA-256), engine/cert/stp_bundle.h (the bundle's data only).
 */
#ifndef STP_REPORT_H
#define STP_REPORT_H

#include <stdbool.h>
#include "stp_bundle.h"
#include "stp_error.h"
#include "stp_scenario.h"
#include "stp_score.h"
#include "stp_work.h"

typedef struct stp_report_input {
  const stp_bundle *bundle;          /* meta, file_sha256, signer */
  const stp_scenario *scn;           /* the bundle's scenario.lua, loaded */
  const stp_work *work;              /* the bundle's work.csv */
  const stp_score_result *result;    /* its score (the re-scored result equals result.json once verified) */
  bool verified;                     /* stp_app_verify_bundle held: signature, hashes, rebuild, rescore */
} stp_report_input;

#define STP_XAPI_HOME_PAGE "https://stipple.invalid/candidates"
#define STP_XAPI_BASE "https://stipple.invalid/xapi"

/* The xAPI 1.0.3 statements for the bundle, a JSON array (UTF-8, caller frees): one
 * "completed" and one "passed" or "failed", actor = account { home_page (NULL: the default),
 * candidate }. NULL when not verified or out of memory. docs/assessment.md lists the fields. */
char *stp_xapi_statements(const stp_report_input *in, const char *home_page);

/* The assessor's report, one A4 page, written atomically to path (stp_file). STP_ERR_USAGE
 * when the input is not verified; STP_ERR_IO when cairo or the file fails. */
stp_status stp_report_pdf(const char *path, const stp_report_input *in, stp_error *err);

/* Under AddressSanitizer only: release cairo's caches (its toy font faces hold fontconfig
 * patterns) once no cairo object is left, at the end of a command, so a leak checker sees
 * only real leaks. In other builds it does nothing (those calls are debugging aids). */
void stp_report_release(void);

#endif
