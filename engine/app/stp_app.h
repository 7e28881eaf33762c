/* stp_app.h - the `stipple` executable: shared pieces of its commands.
 *
 * Exit codes (documented in --help and docs/cli.md):
 *   0 success; 2 usage error; 3 bad input (scenario or work file);
 *   4 file or display error; 5 a bundle failed verification (verify, export, report,
 *   certify); 6 not certified (certify).
 * Depends on: every engine layer.
 */
#ifndef STP_APP_H
#define STP_APP_H

#include <stdbool.h>
#include <stddef.h>
#include "stp_error.h"
#include "stp_profile.h"
#include "stp_scenario.h"
#include "stp_work.h"

enum { STP_EXIT_OK = 0, STP_EXIT_USAGE = 2, STP_EXIT_INPUT = 3, STP_EXIT_IO = 4, STP_EXIT_VERIFY = 5,
       STP_EXIT_NOT_CERTIFIED = 6 };

/* Map a status to the exit code above. */
int stp_app_exit_code(stp_status st);
/* Print "stipple: file:line: message" to stderr. */
void stp_app_report(const stp_error *err);
/* Find a bundled data file (e.g. "scenarios/01_practice_field.lua"): tries $STIPPLE_DATA_DIR,
 * the folder above the executable, then the source tree. Returns 0 if found. */
int stp_app_find_data(const char *rel, char *out, size_t size);
/* Load a scenario file through the sandboxed script layer. */
stp_status stp_app_load_scenario(const char *path, stp_scenario *out, stp_error *err);
/* The same, keeping the sandboxed state open for the scenario's hooks and custom
 * criteria (*script; close it with stp_script_close). */
struct stp_script;
stp_status stp_app_open_scenario(const char *path, stp_scenario *out, struct stp_script **script,
                                 stp_error *err);
/* Score a work: the built-in rubric, then the scenario's custom criteria (script may be NULL). */
struct stp_score_result;
stp_status stp_app_score(const stp_scenario *scn, struct stp_script *script, const stp_work *work,
                         struct stp_score_result *out, unsigned char *merged_flags, stp_error *err);
/* The text of result.json: stp_score_to_json's text and a newline (malloc'd; NULL if out
 * of memory). The game writes it on finishing; verify compares a bundle's result.json to it. */
char *stp_app_result_text(const stp_scenario *scn, const struct stp_score_result *r);
/* Score a work (stp_app_score) and make its result.json text (*text, malloc'd). */
stp_status stp_app_result_json(const stp_scenario *scn, struct stp_script *script, const stp_work *work,
                               char **text, stp_error *err);

/* ---- verifying a sealed exam bundle (stp_verify.c) ------------------------------------ */

#define STP_VERIFY_MAX_LINES 64
/* What stp_app_verify_bundle found: one line per check, in order, as `stipple verify`
 * prints them ("ok  ..." or "FAILED part: why"), and the figures behind them. */
typedef struct stp_verify_report {
  bool passed;                 /* every check held */
  int lines, failures;
  int warnings;                /* heuristics' "warn ..." lines: printed, never failures */
  char line[STP_VERIFY_MAX_LINES][300];
  char signer_fingerprint[17]; /* the key that signed it ("" if none could be read) */
  bool signer_trusted;
  char file_sha256[65];        /* the bundle file's SHA-256 (hex) */
  size_t events, impressions;  /* in record.txt; in the rebuilt work */
  double score;                /* re-scored from work.csv */
  bool work_passed;
} stp_verify_report;

/* The key to trust: the public key file key_path, else (NULL) the station's own station.pub
 * (stp_key_dir). STP_ERR_USAGE "no trusted key: give --key PUBLIC" when neither exists;
 * STP_ERR_IO / STP_ERR_PARSE when the file cannot be read or is not a key. */
stp_status stp_app_trusted_key(const char *key_path, unsigned char pk[32], stp_error *err);

/* Verify a sealed exam bundle before trusting anything in it (verify, replay, export,
 * report and certify all call this). trusted_pk NULL: the station's own key
 * (stp_app_trusted_key(NULL)). Checks, in order: the signature over every byte, by the
 * trusted key; the manifest; every member's SHA-256 against the manifest; record.txt
 * parses; scenario.lua is the one the record's scenario-sha256 names and loads (from the
 * bundle's bytes, never from disk); the work rebuilt from the record equals work.csv byte
 * for byte; re-scoring work.csv gives result.json byte for byte; the manifest agrees with the
 * record's headers, its finish and the scenario's id, its times are consistent, and in an
 * exam nothing is placed after the time limit. Heuristics (places without pointer samples,
 * more than 20 places a second) add "warn ..." lines, never failures.
 * Returns STP_OK only when every check holds. Otherwise: STP_ERR_IO (or STP_ERR_USAGE: no
 * trusted key) when the bundle or key cannot be read, and STP_ERR_PARSE when the bundle
 * was read and something differs (err: the first failure; report: all of them).
 * report may be NULL. b_out (may be NULL) receives the bundle's members when it could be
 * read, even if a check failed (free with stp_bundle_free; empty otherwise): callers use
 * them only after STP_OK. */
struct stp_bundle;
stp_status stp_app_verify_bundle(const char *path, const unsigned char *trusted_pk, stp_verify_report *report,
                                 struct stp_bundle *b_out, stp_error *err);

/* A bundle verified and opened for reading (export, report, certify; stp_report.c): the
 * bundle's members, its scenario loaded from scenario.lua (the script kept open for custom
 * criteria) and its work and score from work.csv. */
struct stp_script;
typedef struct stp_app_bundle {
  struct stp_bundle *b;
  stp_scenario *scn;
  struct stp_script *script;
  stp_work work;
  struct stp_score_result *result;
  stp_verify_report *rep;
} stp_app_bundle;
/* Verify path against the trusted key (NULL: the station's own; key_path as given to
 * stp_app_trusted_key) and open it. Returns an exit code: 0, or 5 when the bundle does not
 * verify (every failed check printed to stderr, prefixed "stipple CMD: "), 2 no trusted
 * key, 4 unreadable. Close with stp_app_bundle_close in every case. */
int stp_app_bundle_open(const char *cmd, const char *path, const char *key_path, stp_app_bundle *out);
void stp_app_bundle_close(stp_app_bundle *ab);

/* Stipple's data folder for sub ("works", "exams", "shots"): $XDG_DATA_HOME/stipple/<sub>,
 * else ~/.local/share/stipple/<sub>, else ./stipple-<sub> (not created). 0, or -1 if it
 * does not fit. */
int stp_app_data_dir(const char *sub, char *out, size_t size);
/* How messages on screen name a file of the data folder: its path (the desktop), or, once a
 * host has named the place (the browser: stp_app_set_data_place("in this browser")), the
 * path inside the folder and the place, "works/practice-field.csv in this browser" (a
 * /home/web_user/... path means nothing to a trainee on a tablet). A path outside the
 * folder is shown as it is. Returns buf. */
void stp_app_set_data_place(const char *place);
const char *stp_app_shown_path(const char *path, char *buf, size_t size);
/* The default profile's autosave path for a scenario id (~/.local/share/stipple/works/<id>.csv),
 * creating the folders (stp_app_profile_work_path for another profile). Returns 0 on success. */
int stp_app_autosave_path(const char *scenario_id, char *out, size_t size);

/* ---- trainee profiles and the curriculum (stp_profiles.c) --------------------------------- */

/* A profile's file: $XDG_DATA_HOME/stipple/profiles/<stem>.txt (docs/profile-format.md).
 * 0, or -1 for an invalid name or a path that does not fit. */
int stp_app_profile_path(const char *name, char *out, size_t size);
/* Open the profile called name: read its file, or a fresh profile when there is none yet
 * (nothing is written). A file that cannot be read or parsed is an error (the caller must
 * not save over it). */
struct stp_profile;
stp_status stp_app_profile_open(const char *name, struct stp_profile *p, stp_error *err);
/* Save it (atomically), creating the profiles folder. */
stp_status stp_app_profile_save(const struct stp_profile *p, stp_error *err);
/* The profiles on this machine: "default" first, then every profile file's name in order
 * (files that are not a profile's are skipped). Returns the count (at most max). */
int stp_app_profile_list(char (*names)[STP_PROFILE_NAME_MAX + 1], int max);
/* Where a profile keeps a case's work: works/<id>.csv for "default", works/<stem>/<id>.csv
 * for any other (stp_profile_work_rel), under the data folder; creates the folders.
 * Returns 0 on success. */
int stp_app_profile_work_path(const char *profile, const char *scenario_id, char *out, size_t size);
/* A work with at least one impression is saved at work_path (its first 4 kB looked at). */
bool stp_app_work_in_progress(const char *work_path);
/* A finished attempt's entry for the profile: its score, pass, impressions and every judged
 * criterion, built-in and custom, by key (the keys point into r: keep it alive). */
struct stp_score_result;
stp_profile_entry stp_app_profile_entry(const struct stp_score_result *r, int64_t when, double minutes);
/* Set each recorded case's in_progress from the works folder. */
void stp_app_profile_mark_progress(struct stp_profile *p);

#define STP_APP_MAX_CASES 64
/* A bundled case of the curriculum. */
typedef struct stp_app_case {
  char path[1024];
  char id[64];                  /* "" when broken */
  char title[128];
  int difficulty, sessions;
  double pass_mark;
  double expected_impressions, expected_minutes;   /* stp_pace */
  bool broken;                  /* it did not load: error says why */
  char error[256];
} stp_app_case;
/* The bundled scenarios in file-name order (their number is their place in the course),
 * each loaded once. *out is malloc'd (free it). Returns the count, or -1 when the scenarios
 * folder is not found. */
int stp_app_curriculum(stp_app_case **out);

/* Create a folder and its parents (like mkdir -p). Returns 0 on success (errno set if not). */
int stp_app_mkdir_p(const char *dir);

/* The options of a command on one bundle (verify, export, report): each of opts (NULL-
 * ended, such as "--key") takes a value, stored at the same index of vals; each of flags
 * (NULL-ended, may be NULL) sets the bool at its index of set; the one other argument is
 * the bundle. A problem is printed as "stipple CMD: ..." and gives STP_EXIT_USAGE; else 0. */
int stp_app_bundle_options(const char *cmd, int argc, char **argv, const char *const *opts, const char **vals,
                           const char *const *flags, bool *set, const char **bundle);

/* The engine's build, for bundles and reports: compiler, build type, sanitizers. */
const char *stp_app_build_string(void);
/* Encode a surface as PNG in memory and write it atomically and checked (stp_file_write):
 * a full disk or a bad path fails with err set and leaves no part-written file. */
struct SDL_Surface;
stp_status stp_app_save_png(struct SDL_Surface *surface, const char *path, stp_error *err);

/* Parse "1280x800". Returns 0 on success. */
int stp_app_parse_size(const char *s, int *w, int *h);

int stp_cmd_score(int argc, char **argv);
int stp_cmd_render(int argc, char **argv);
int stp_cmd_play(int argc, char **argv);
/* The game (stp_cmd_play) in three parts, for a host that owns the loop: the browser
 * (web/stp_web_main.c), where the page's requestAnimationFrame calls each pass.
 * stp_play_begin parses the arguments, opens the window and the case or the menu: NULL
 * when the game ended at once (*rc: its exit code, the reason printed). stp_play_step is
 * one pass of the loop: the events (waiting up to max_wait_ms for one, 0: only what is
 * queued), the pen's samples, the autosave and a frame when one is owed.
 * stp_play_running is false once the trainee quit; stp_play_end saves, frees and gives the
 * exit code. stp_cmd_play is begin, step until not running, end. */
struct play;
struct play *stp_play_begin(int argc, char **argv, int *rc);
void stp_play_step(struct play *p, int max_wait_ms);
bool stp_play_running(const struct play *p);
int stp_play_end(struct play *p);
/* The work of the case open, as its CSV (docs/work-format.md; what the autosave writes), for
 * the host (the page's window.stipple.work()): NULL when no case is open. free() it. */
char *stp_play_work_text(struct play *p, size_t *len);
/* The first frame has been drawn: the game takes input (the page's `stipple: ready`). */
bool stp_play_drawn(const struct play *p);
/* The scenario id of the case open ("practice-field"), or NULL on the menu. */
const char *stp_play_case_id(const struct play *p);
/* The scenario file of the case open ("/stipple/scenarios/01_practice_field.lua"), or NULL. */
const char *stp_play_case_path(const struct play *p);
/* The open case's work file (its autosave), or NULL on the menu. */
const char *stp_play_work_path(const struct play *p);
/* Save the open case's work now if it changed (the autosave, forced): the page calls it
 * when it is hidden, since it may not be shown again. */
void stp_play_save_now(struct play *p);
/* Open the bundled case called id (its file's name without .lua, "01_practice_field", or
 * its scenario id) as the menu does, under the profile: a locked case stays shut. 0 when
 * it opened; 1 no such case; 2 it did not open (locked, broken, the work could not be
 * saved first, an exam). msg (size bytes) receives the case's id or why not. */
int stp_play_open_case(struct play *p, const char *id, char *msg, size_t size);
/* Replace the open practice case's work with a work's CSV text (len bytes; name in
 * messages): checked first by the core's parser (stp_work_parse), the case's kit and its
 * sessions, and on bad input nothing changes (1, msg says why with the line). Otherwise
 * the work in the game is saved and kept aside as Retry keeps it (<work>.prev.csv,
 * never over an earlier backup), the imported one saved as the case's work and the case
 * opened again on it (0). 2: not imported for another reason (no case open, an exam,
 * autosave off, a file that could not be written); msg says why. */
int stp_play_import_work(struct play *p, const char *text, size_t len, const char *name, char *msg, size_t size);
/* What stp_play_import_work checks before it touches anything, and nothing more: 0 (msg: how
 * many impressions, for which case) when it would be imported, 1 bad input, 2 not now. */
int stp_play_check_work(struct play *p, const char *text, size_t len, const char *name, char *msg, size_t size);
int stp_cmd_replay(int argc, char **argv);
int stp_cmd_bench(int argc, char **argv);
int stp_cmd_targets(int argc, char **argv);
int stp_cmd_keys(int argc, char **argv);
int stp_cmd_verify(int argc, char **argv);
int stp_cmd_export(int argc, char **argv);    /* stp_export.c */
int stp_cmd_report(int argc, char **argv);    /* stp_report.c */
int stp_cmd_certify(int argc, char **argv);   /* stp_certify.c */
int stp_cmd_profile(int argc, char **argv);   /* stp_profiles.c */
int stp_cmd_make_assets(int argc, char **argv);   /* stp_assets.c */

/* ---- the bundled assets (stp_assets.c) ------------------------------------------------- */

/* Make every file of assets/ in dir (icons/, sounds/, skin/; folders created), atomically. */
stp_status stp_app_make_assets(const char *dir, stp_error *err);
/* The palette's icons: how many, and the name of each (icons/NAME.png). */
int stp_app_icon_count(void);
const char *stp_app_icon_name(int i);
/* Write DIR/<criterion>.png, a heatmap per enabled criterion (score --maps). Returns an exit code. */
int stp_app_write_maps(const stp_scenario *s, const stp_work *w, const char *dir);

#endif
