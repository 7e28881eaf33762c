/* stp_profile.h - a trainee's profile: settings and progress through the curriculum.
 *
 * A profile is a small text file a person can read (docs/profile-format.md):
 *
 *   stipple-profile,1
 *   name,Jo Smith
 *   unlock_all,0
 *   mute,0
 *   pressure,gamma,1.000
 *   attempt,practice-field,1798000000,87.50,1,B,412,6.5,density=91.20 spacing=80.00
 *
 * one record per line; the parser is strict (every error names its line), a file is
 * read only when it is a regular file under STP_PROFILE_MAX_FILE, and the writer is
 * atomic (stp_file_write). Best score, best grade and the passed flag of each case are
 * derived from its attempts; "in progress" (a work with impressions exists) is set by
 * the caller, which knows where works live, and never written.
 *
 * The curriculum rule (stp_profile_unlocked) and the per-criterion series for a chart
 * are pure functions of the profile. No clock: the caller passes `when`.
 * Depends on: stp_error.h, stp_file.h.
 */
#ifndef STP_PROFILE_H
#define STP_PROFILE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "stp_error.h"

#define STP_PROFILE_MAGIC        "stipple-profile"
#define STP_PROFILE_VERSION      1
#define STP_PROFILE_DEFAULT      "default"
#define STP_PROFILE_NAME_MAX     40                   /* characters in a name */
#define STP_PROFILE_ID_LEN       64                   /* a case id or criterion key, NUL included */
#define STP_PROFILE_MAX_CASES    128
#define STP_PROFILE_MAX_CRITERIA 16                   /* per case: 8 built in, 8 custom */
#define STP_PROFILE_MAX_ATTEMPTS 200                  /* per case; older ones are dropped (never the best
                                                         nor the first pass) */
#define STP_PROFILE_MAX_LINE     2048
#define STP_PROFILE_MAX_FILE     (16u * 1024 * 1024)  /* a save that would be larger is refused */
#define STP_PROFILE_MAX_POINTS   8

/* Grades: from a score and whether the work passed (stp_profile_grade). */
typedef enum stp_grade { STP_GRADE_NONE = 0, STP_GRADE_C, STP_GRADE_B, STP_GRADE_A } stp_grade;

/* The pen's pressure curve. Version 1 writes a gamma (depth follows pressure^gamma); a
 * curve through points is the room left for an editor (not written yet). */
typedef enum stp_pressure_kind { STP_PRESSURE_GAMMA = 0, STP_PRESSURE_POINTS } stp_pressure_kind;
typedef struct stp_profile_pressure {
  stp_pressure_kind kind;
  double gamma;                              /* 0.2 .. 5; 1 linear */
  int point_count;                           /* STP_PRESSURE_POINTS only */
  double px[STP_PROFILE_MAX_POINTS], py[STP_PROFILE_MAX_POINTS];
} stp_profile_pressure;

typedef struct stp_profile_attempt {
  int64_t when;                              /* unix seconds */
  double score;                              /* 0..100 */
  bool passed;
  stp_grade grade;
  size_t impressions;
  double minutes;                            /* time spent on the case, minutes */
  double crit[STP_PROFILE_MAX_CRITERIA];     /* by the case's crit_key index; NAN: not judged */
} stp_profile_attempt;

typedef struct stp_profile_case {
  char id[STP_PROFILE_ID_LEN];
  int crit_count;                            /* criterion keys seen in its attempts, first seen first */
  char crit_key[STP_PROFILE_MAX_CRITERIA][STP_PROFILE_ID_LEN];
  size_t attempt_count, attempt_cap;
  stp_profile_attempt *attempts;             /* in the order they were made */
  /* Derived from the attempts (stp_profile_parse, stp_profile_record keep them). */
  double best_score;                         /* -1: no attempt */
  stp_grade best_grade;
  bool passed;                               /* passed at least once */
  /* Set by the caller: a work with impressions exists for this case. Not written. */
  bool in_progress;
} stp_profile_case;

typedef struct stp_profile {
  char name[STP_PROFILE_NAME_MAX + 1];
  bool unlock_all;                           /* an instructor's switch: every case open */
  bool mute;
  stp_profile_pressure pressure;
  int case_count;
  stp_profile_case *cases;                   /* in the order first seen */
} stp_profile;

/* One finished attempt to record: criteria by key (keys[i] scored scores[i]). */
typedef struct stp_profile_entry {
  int64_t when;
  double score;
  bool passed;
  size_t impressions;
  double minutes;
  int crit_count;
  const char *keys[STP_PROFILE_MAX_CRITERIA];
  double scores[STP_PROFILE_MAX_CRITERIA];
} stp_profile_entry;

/* A name: 1..40 of ASCII letters, digits, space, '.', '_', '-'; not starting or ending
 * with a space. */
bool stp_profile_name_valid(const char *name);
/* A case id or criterion key: 1..63 of a-z, 0-9, '-', '_' (a scenario's id). */
bool stp_profile_id_valid(const char *id);
/* The file name's stem for a name: letters, digits, '_' and '-' as they are, a space as
 * "%20" and a '.' as "%2E" (so no name makes a hidden file, "." or "..", and two names never
 * share a file). STP_ERR_USAGE for an invalid name, STP_ERR_RANGE if it does not fit. */
stp_status stp_profile_file_stem(const char *name, char *out, size_t size, stp_error *err);
/* The name a stem stands for (the reverse of stp_profile_file_stem): false when stem is
 * not one stp_profile_file_stem makes (so a stray file in the folder is not a profile). */
bool stp_profile_stem_name(const char *stem, char *out, size_t size);
/* Where a case's work lives, relative to the data folder: "works/<id>.csv" for the default
 * profile (as before profiles), "works/<stem>/<id>.csv" for any other. */
stp_status stp_profile_work_rel(const char *name, const char *case_id, char *out, size_t size, stp_error *err);

/* A fresh profile (no attempts, gamma 1, nothing unlocked); name must be valid. */
stp_status stp_profile_init(stp_profile *p, const char *name, stp_error *err);
void stp_profile_free(stp_profile *p);

/* Parse a profile's text (file names it in messages). On failure the profile is empty
 * (freed) and err has the line: STP_ERR_PARSE for malformed text, an unknown version or
 * a value out of range; STP_ERR_NOMEM. */
stp_status stp_profile_parse(stp_profile *p, const char *text, size_t len, const char *file, stp_error *err);
/* Read and parse path (a regular file of at most STP_PROFILE_MAX_FILE bytes). */
stp_status stp_profile_load(stp_profile *p, const char *path, stp_error *err);
/* The profile's text (malloc'd, NUL-terminated; NULL when out of memory). */
char *stp_profile_format(const stp_profile *p, size_t *len);
/* Write it atomically: a failure leaves the old file as it was. */
stp_status stp_profile_save(const stp_profile *p, const char *path, stp_error *err);

/* A: score >= 90 and passed; B: >= 80 and passed; C: passed; else not yet. */
stp_grade stp_profile_grade(double score, bool passed);
/* "A", "B", "C", "not yet". */
const char *stp_grade_text(stp_grade g);

/* The case's record, or NULL. */
const stp_profile_case *stp_profile_find(const stp_profile *p, const char *case_id);
/* Record a finished attempt (grade from score and passed); the case is added when new.
 * STP_ERR_RANGE for a bad id, key, score or count; STP_ERR_NOMEM. */
stp_status stp_profile_record(stp_profile *p, const char *case_id, const stp_profile_entry *e, stp_error *err);

/* The curriculum: ids[0..n) in order. Case k is unlocked when the profile has unlock_all,
 * or the playable case before it (skipping cases that do not load: id NULL or "") was
 * passed at least once, or there is none before it. Out of range: false. */
bool stp_profile_unlocked(const stp_profile *p, const char *const *ids, int n, int k);

/* One criterion over a case's attempts, oldest first: out[i] is attempt i's score for
 * key (NAN where it was not judged). Returns the number of attempts written (at most max);
 * 0 when the case or the key is unknown. */
size_t stp_profile_series(const stp_profile_case *c, const char *key, double *out, size_t max);

#endif
