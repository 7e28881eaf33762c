/* stp_app.h - the `stipple` executable: shared pieces of its commands.
 *
 * Exit codes (documented in --help and docs/cli.md):
 *   0 success; 2 usage error; 3 bad input (scenario or work file);
 *   4 file or display error.
 * Depends on: every engine layer.
 */
#ifndef STP_APP_H
#define STP_APP_H

#include <stddef.h>
#include "stp_error.h"
#include "stp_scenario.h"
#include "stp_work.h"

enum { STP_EXIT_OK = 0, STP_EXIT_USAGE = 2, STP_EXIT_INPUT = 3, STP_EXIT_IO = 4 };

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
/* The default autosave path for a scenario id (~/.local/share/stipple/works/<id>.csv),
 * creating the folders. Returns 0 on success. */
int stp_app_autosave_path(const char *scenario_id, char *out, size_t size);

/* Create a folder and its parents (like mkdir -p). Returns 0 on success (errno set if not). */
int stp_app_mkdir_p(const char *dir);

/* Encode a surface as PNG in memory and write it atomically and checked (stp_file_write):
 * a full disk or a bad path fails with err set and leaves no part-written file. */
struct SDL_Surface;
stp_status stp_app_save_png(struct SDL_Surface *surface, const char *path, stp_error *err);

/* Parse "1280x800". Returns 0 on success. */
int stp_app_parse_size(const char *s, int *w, int *h);

int stp_cmd_score(int argc, char **argv);
int stp_cmd_render(int argc, char **argv);
int stp_cmd_play(int argc, char **argv);
int stp_cmd_bench(int argc, char **argv);
int stp_cmd_targets(int argc, char **argv);
/* Write DIR/<criterion>.png, a heatmap per enabled criterion (score --maps). Returns an exit code. */
int stp_app_write_maps(const stp_scenario *s, const stp_work *w, const char *dir);

#endif
