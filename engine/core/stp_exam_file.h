/* stp_exam_file.h - an exam of several cases and the rule that judges a candidate's attempts.
 *
 * An exam file (Lua, read by the script layer: stp_script_load_exam) lists cases: each a
 * scenario file, how many attempts the candidate may submit, how many of the last ones are
 * judged (consecutive), and optionally a benchmark taken from expert reference works. The
 * rule "all": every case passes. docs/assessment.md, "Exams of several cases", explains it.
 *
 * The judge is pure: the app verifies the bundles, matches them to cases, scores the
 * expert works and hands in plain numbers; stp_exam_judge says which case passed and why.
 *
 * How one case is judged (the proficiency-based progression practice):
 *   - its attempts are ordered by their attempt numbers, which the station gives 1, 2, 3...
 *     per candidate and case: two attempts with one number, or numbers that are not exactly
 *     1..n (a hidden attempt is a gap), fail the case;
 *   - more attempts than the case allows: the case fails (none of them counts);
 *   - fewer than `consecutive` attempts: the case fails;
 *   - the last `consecutive` attempts are judged: each must pass the scenario (its pass
 *     mark with every gate held), and with a benchmark their mean score must reach it.
 *     Earlier attempts are practice: allowed, listed, not judged.
 * Depends on: stp_error.h.
 */
#ifndef STP_EXAM_FILE_H
#define STP_EXAM_FILE_H

#include <stdbool.h>
#include "stp_error.h"

#define STP_EXAM_MAX_CASES 16
#define STP_EXAM_MAX_REFS 16
#define STP_EXAM_MAX_ATTEMPTS 20      /* a case's `attempts` at most */
#define STP_EXAM_NAME_LEN 256

typedef enum stp_exam_rule { STP_EXAM_RULE_ALL = 0 } stp_exam_rule;

typedef struct stp_exam_case {
  char scenario[STP_EXAM_NAME_LEN];   /* the case's file, relative to the exam file's folder */
  int attempts;                       /* attempts allowed, 1..STP_EXAM_MAX_ATTEMPTS (default 1) */
  int consecutive;                    /* the last this many are judged, 1..attempts (default 1) */
  bool has_benchmark;
  int reference_count;                /* expert works (work CSV files), relative like scenario */
  char reference[STP_EXAM_MAX_REFS][STP_EXAM_NAME_LEN];
  double margin;                      /* benchmark = margin x the experts' mean score (0 < m <= 1) */
} stp_exam_case;

typedef struct stp_exam_file {
  char path[512];                     /* the exam file as given */
  int line;                           /* the line of exam { ... } */
  char id[64];
  char title[128];
  stp_exam_rule rule;
  int case_count;
  stp_exam_case cases[STP_EXAM_MAX_CASES];
} stp_exam_file;

/* One attempt as the judge sees it (a verified bundle of the candidate, matched to a case). */
typedef struct stp_exam_attempt {
  int case_index;                     /* 0..case_count-1 */
  int number;                         /* the attempt number (the bundle's attempt, 1..): their order */
  char started[32];                   /* ISO 8601 UTC: for the certificate */
  double score;                       /* 0..100 */
  bool passed;                        /* the scenario's verdict: pass mark reached, every gate held */
} stp_exam_attempt;

#define STP_EXAM_MAX_LISTED 64
typedef struct stp_exam_case_verdict {
  bool passed;
  int submitted;                      /* attempts matched to the case */
  int order[STP_EXAM_MAX_LISTED];     /* indices into the attempts, by attempt number (first min(submitted, 64)) */
  int judged_from;                    /* order[judged_from..submitted-1] were judged (submitted when none) */
  double mean;                        /* mean score of the judged attempts (0 when none) */
  double benchmark;                   /* the benchmark (0 when the case has none) */
  char why[300];                      /* one sentence: why it passed or failed */
} stp_exam_case_verdict;

typedef struct stp_exam_verdict {
  bool certified;
  int cases_passed;
  stp_exam_case_verdict cases[STP_EXAM_MAX_CASES];
  char why[512];
} stp_exam_verdict;

/* Which case a verified bundle counts for: the case whose scenario file has the same
 * SHA-256 as the bundle's scenario.lua (another version of a case counts for none), when
 * the bundle is the candidate's and was taken in exam mode. Returns the case index, or -1
 * with why (a sentence) saying why it does not count. */
int stp_exam_match(const char *bundle_candidate, const char *bundle_mode, const unsigned char bundle_scenario_sha256[32],
                   const char *candidate, const unsigned char (*case_sha256)[32], int ncases, char *why, size_t n);

/* The benchmark of a case: margin x the mean of the expert works' scores. n > 0. */
double stp_exam_benchmark(double margin, const double *expert_scores, int n);

/* Judge the attempts (n of them, any order; attempts with a case_index out of range are
 * ignored). benchmarks[i] is case i's benchmark (read only when it has one). */
void stp_exam_judge(const stp_exam_file *e, const stp_exam_attempt *attempts, int n, const double *benchmarks,
                    stp_exam_verdict *out);

#endif
