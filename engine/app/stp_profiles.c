/* stp_profiles.c - trainee profiles on disk, the curriculum, and `stipple profile`.
 *
 * The profile itself (format, grades, the unlock rule) is core (stp_profile.h); this file
 * knows where profiles and works live ($XDG_DATA_HOME/stipple/...), lists the bundled
 * cases in curriculum order, and prints a trainee's progress.
 */
#define _POSIX_C_SOURCE 200809L
#include <cjson/cJSON.h>
#include <dirent.h>
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "stp_app.h"
#include "stp_file.h"
#include "stp_pace.h"
#include "stp_profile.h"
#include "stp_score.h"

int stp_app_profile_path(const char *name, char *out, size_t size) {
  char dir[1024], stem[3 * STP_PROFILE_NAME_MAX + 1];
  if (stp_profile_file_stem(name, stem, sizeof stem, NULL) != STP_OK) return -1;
  if (stp_app_data_dir("profiles", dir, sizeof dir) != 0) return -1;
  int n = snprintf(out, size, "%s/%s.txt", dir, stem);
  return n >= 0 && (size_t)n < size ? 0 : -1;
}

stp_status stp_app_profile_open(const char *name, stp_profile *p, stp_error *err) {
  char path[1100];
  if (stp_app_profile_path(name, path, sizeof path) != 0) {
    stp_profile_init(p, STP_PROFILE_DEFAULT, NULL);
    char stem[8];
    stp_status st = stp_profile_file_stem(name, stem, sizeof stem, err);
    return st != STP_OK && st != STP_ERR_RANGE ? st
                                               : stp_error_set(err, STP_ERR_IO, NULL, 0, "the profile's path is too long");
  }
  if (!stp_file_exists(path)) return stp_profile_init(p, name, err);
  stp_status st = stp_profile_load(p, path, err);
  if (st == STP_OK && strcmp(p->name, name) != 0) {
    /* A file renamed by hand: the name it was opened by is the one it is saved under. */
    snprintf(p->name, sizeof p->name, "%s", name);
  }
  return st;
}

stp_status stp_app_profile_save(const stp_profile *p, stp_error *err) {
  char path[1100], dir[1024];
  if (stp_app_profile_path(p->name, path, sizeof path) != 0 || stp_app_data_dir("profiles", dir, sizeof dir) != 0)
    return stp_error_set(err, STP_ERR_IO, NULL, 0, "the profile's path is too long");
  if (stp_app_mkdir_p(dir) != 0) return stp_error_set(err, STP_ERR_IO, dir, 0, "cannot create the profiles folder");
  return stp_profile_save(p, path, err);
}

static int cmp_name(const void *a, const void *b) { return strcmp((const char *)a, (const char *)b); }

int stp_app_profile_list(char (*names)[STP_PROFILE_NAME_MAX + 1], int max) {
  char dir[1024];
  int n = 0;
  if (max > 0) snprintf(names[n++], STP_PROFILE_NAME_MAX + 1, "%s", STP_PROFILE_DEFAULT);
  if (stp_app_data_dir("profiles", dir, sizeof dir) != 0) return n;
  DIR *dh = opendir(dir);
  if (!dh) return n;
  struct dirent *de;
  while ((de = readdir(dh)) && n < max) {
    size_t len = strlen(de->d_name);
    if (len < 5 || len > 200 || strcmp(de->d_name + len - 4, ".txt") != 0) continue;
    char stem[208], name[STP_PROFILE_NAME_MAX + 1];
    memcpy(stem, de->d_name, len - 4);
    stem[len - 4] = '\0';
    if (!stp_profile_stem_name(stem, name, sizeof name) || strcmp(name, STP_PROFILE_DEFAULT) == 0) continue;
    memcpy(names[n++], name, sizeof name);
  }
  closedir(dh);
  if (n > 1) qsort(names + 1, (size_t)(n - 1), sizeof names[0], cmp_name);
  return n;
}

int stp_app_profile_work_path(const char *profile, const char *scenario_id, char *out, size_t size) {
  char rel[512], base[1024];
  if (stp_profile_work_rel(profile, scenario_id, rel, sizeof rel, NULL) != STP_OK) return -1;
  if (stp_app_data_dir("", base, sizeof base) != 0) return -1;   /* ".../stipple/" */
  int n = snprintf(out, size, "%s%s", base, rel);
  if (n < 0 || (size_t)n >= size) return -1;
  char dir[1100];
  stp_file_dir_of(out, dir, sizeof dir);
  return stp_app_mkdir_p(dir);
}

bool stp_app_work_in_progress(const char *work_path) {
  /* A work with at least one impression: a header line and a non-blank second line. Only
   * the first 4 kB of a regular file are read. */
  /* Opened once, never following a link nor waiting on a FIFO, and checked on the handle
   * (no check-then-open race). */
  int fd = open(work_path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
  if (fd < 0) return false;
  struct stat st;
  char buf[4096];
  ssize_t got = fstat(fd, &st) == 0 && S_ISREG(st.st_mode) ? read(fd, buf, sizeof buf) : -1;
  close(fd);
  if (got <= 0) return false;
  size_t n = (size_t)got;
  const char *nl = memchr(buf, '\n', n);
  if (!nl) return false;
  for (const char *c = nl + 1; c < buf + n; c++)
    if (*c != '\n' && *c != '\r' && *c != ' ' && *c != '\t') return true;
  return false;
}

void stp_app_profile_mark_progress(stp_profile *p) {
  for (int i = 0; i < p->case_count; i++) {
    char path[1200];
    p->cases[i].in_progress =
      stp_app_profile_work_path(p->name, p->cases[i].id, path, sizeof path) == 0 && stp_app_work_in_progress(path);
  }
}

stp_profile_entry stp_app_profile_entry(const struct stp_score_result *r, int64_t when, double minutes) {
  stp_profile_entry e = {.when = when, .score = r->score, .passed = r->passed, .impressions = r->impressions,
                         .minutes = minutes};
  if (!(e.score >= 0)) e.score = 0;
  if (e.score > 100) e.score = 100;
  for (int i = 0; i < STP_CRIT_COUNT && e.crit_count < STP_PROFILE_MAX_CRITERIA; i++) {
    if (!r->criteria[i].enabled) continue;
    e.keys[e.crit_count] = stp_criterion_key(r->criteria[i].id);
    e.scores[e.crit_count++] = fmin(100, fmax(0, r->criteria[i].score));
  }
  for (int i = 0; i < r->custom_count && e.crit_count < STP_PROFILE_MAX_CRITERIA; i++) {
    if (!stp_profile_id_valid(r->custom[i].key)) continue;   /* a key the file cannot hold */
    e.keys[e.crit_count] = r->custom[i].key;
    e.scores[e.crit_count++] = fmin(100, fmax(0, r->custom[i].score));
  }
  return e;
}

static int cmp_case(const void *a, const void *b) {
  return strcmp(((const stp_app_case *)a)->path, ((const stp_app_case *)b)->path);
}

int stp_app_curriculum(stp_app_case **out) {
  *out = NULL;
  char dir[1024];
  if (stp_app_find_data("scenarios", dir, sizeof dir) != 0) return -1;
  stp_app_case *cs = calloc(STP_APP_MAX_CASES, sizeof *cs);
  DIR *dh = cs ? opendir(dir) : NULL;
  if (!dh) { free(cs); return -1; }
  int count = 0;
  struct dirent *de;
  while ((de = readdir(dh)) && count < STP_APP_MAX_CASES) {
    size_t n = strlen(de->d_name);
    if (n < 5 || strcmp(de->d_name + n - 4, ".lua") != 0) continue;
    int len = snprintf(cs[count].path, sizeof cs[0].path, "%s/%s", dir, de->d_name);
    if (len > 0 && (size_t)len < sizeof cs[0].path) count++;
  }
  closedir(dh);
  qsort(cs, (size_t)count, sizeof *cs, cmp_case);
  stp_scenario *scn = malloc(sizeof *scn);
  for (int i = 0; scn && i < count; i++) {
    stp_app_case *m = &cs[i];
    stp_error err;
    stp_error_clear(&err);
    if (stp_app_load_scenario(m->path, scn, &err) == STP_OK) {
      snprintf(m->id, sizeof m->id, "%s", scn->id);
      snprintf(m->title, sizeof m->title, "%s", scn->title);
      m->difficulty = scn->difficulty;
      m->sessions = scn->sessions;
      m->pass_mark = scn->rubric.pass_mark;
      stp_pace pace;
      stp_error perr;
      if (stp_pace_expected(scn, STP_PACE_PER_S, &pace, &perr) == STP_OK) {
        m->expected_impressions = pace.impressions;
        m->expected_minutes = pace.minutes;
      }
    } else {
      const char *base = strrchr(m->path, '/');
      snprintf(m->title, sizeof m->title, "%.100s", base ? base + 1 : m->path);
      char buf[1200];
      snprintf(m->error, sizeof m->error, "%s", stp_error_format(&err, buf, sizeof buf));
      m->broken = true;
    }
  }
  free(scn);
  *out = cs;
  return count;
}

/* ---- stipple profile ---------------------------------------------------------------- */

static const char *case_state(const stp_profile *p, const stp_app_case *cs, int n, int k, const stp_profile_case *c,
                              bool in_progress, char *buf, size_t size) {
  const char *ids[STP_APP_MAX_CASES];
  for (int i = 0; i < n; i++) ids[i] = cs[i].id;
  if (cs[k].broken) return "broken";
  bool open = stp_profile_unlocked(p, ids, n, k);
  if (!open) {
    snprintf(buf, size, "locked (pass %d first)", k);
    return buf;
  }
  snprintf(buf, size, "%s%s", c && c->passed ? "passed" : "open", in_progress ? ", in progress" : "");
  return buf;
}

int stp_cmd_profile(int argc, char **argv) {
  const char *name = STP_PROFILE_DEFAULT;
  bool json = false, unlock_all = false;
  for (int i = 1; i < argc; i++) {
    if (strcmp(argv[i], "--profile") == 0) {
      if (i + 1 >= argc) { fprintf(stderr, "stipple profile: --profile needs a name\n"); return STP_EXIT_USAGE; }
      name = argv[++i];
      if (!stp_profile_name_valid(name)) {
        fprintf(stderr, "stipple profile: '%s' is not a profile name: 1 to %d letters, digits, spaces, '.', '_' or '-'\n",
                name, STP_PROFILE_NAME_MAX);
        return STP_EXIT_USAGE;
      }
    } else if (strcmp(argv[i], "--json") == 0) {
      json = true;
    } else if (strcmp(argv[i], "--unlock-all") == 0) {
      unlock_all = true;
    } else {
      fprintf(stderr, "stipple profile: unknown option '%s' (try stipple --help)\n", argv[i]);
      return STP_EXIT_USAGE;
    }
  }
  char path[1100];
  if (stp_app_profile_path(name, path, sizeof path) != 0) {
    fprintf(stderr, "stipple profile: the profile's path is too long\n");
    return STP_EXIT_IO;
  }
  stp_profile p;
  stp_error err;
  stp_error_clear(&err);
  bool exists = stp_file_exists(path);
  stp_status st = stp_app_profile_open(name, &p, &err);
  if (st != STP_OK) { stp_app_report(&err); return stp_app_exit_code(st); }
  if (unlock_all && !p.unlock_all) {
    /* The instructor's switch: written into the profile (made if new). */
    p.unlock_all = true;
    if ((st = stp_app_profile_save(&p, &err)) != STP_OK) {
      stp_app_report(&err);
      stp_profile_free(&p);
      return stp_app_exit_code(st);
    }
    exists = true;
  }
  stp_app_profile_mark_progress(&p);
  stp_app_case *cs = NULL;
  int n = stp_app_curriculum(&cs);
  if (n < 0) {
    fprintf(stderr, "stipple profile: cannot find the bundled scenarios; set STIPPLE_DATA_DIR to the source folder\n");
    stp_profile_free(&p);
    return STP_EXIT_IO;
  }
  /* A curriculum case with no attempt may still have a work in progress. */
  bool *prog = calloc((size_t)n + 1, sizeof *prog);
  for (int k = 0; prog && k < n; k++) {
    char wp[1200];
    prog[k] = !cs[k].broken && stp_app_profile_work_path(name, cs[k].id, wp, sizeof wp) == 0 &&
              stp_app_work_in_progress(wp);
  }
  int rc = STP_EXIT_OK;
  if (json) {
    cJSON *o = cJSON_CreateObject(), *arr = cJSON_CreateArray();
    cJSON_AddStringToObject(o, "profile", p.name);
    cJSON_AddStringToObject(o, "file", path);
    cJSON_AddBoolToObject(o, "saved", exists);
    cJSON_AddBoolToObject(o, "unlock_all", p.unlock_all);
    cJSON_AddNumberToObject(o, "pressure_gamma", p.pressure.gamma);
    cJSON_AddBoolToObject(o, "mute", p.mute);
    const char *ids[STP_APP_MAX_CASES];
    for (int k = 0; k < n; k++) ids[k] = cs[k].id;
    for (int k = 0; k < n; k++) {
      const stp_profile_case *c = cs[k].broken ? NULL : stp_profile_find(&p, cs[k].id);
      cJSON *e = cJSON_CreateObject();
      cJSON_AddNumberToObject(e, "n", k + 1);
      cJSON_AddStringToObject(e, "id", cs[k].id);
      cJSON_AddStringToObject(e, "title", cs[k].title);
      cJSON_AddBoolToObject(e, "unlocked", !cs[k].broken && stp_profile_unlocked(&p, ids, n, k));
      cJSON_AddBoolToObject(e, "passed", c && c->passed);
      cJSON_AddBoolToObject(e, "in_progress", prog && prog[k]);
      cJSON_AddNumberToObject(e, "attempts", c ? (double)c->attempt_count : 0);
      if (c && c->attempt_count) cJSON_AddNumberToObject(e, "best", c->best_score);
      else cJSON_AddNullToObject(e, "best");
      cJSON_AddStringToObject(e, "grade", c ? stp_grade_text(c->best_grade) : stp_grade_text(STP_GRADE_NONE));
      cJSON_AddNumberToObject(e, "expected_minutes", round(cs[k].expected_minutes * 10) / 10);
      cJSON_AddItemToArray(arr, e);
    }
    cJSON_AddItemToObject(o, "cases", arr);
    char *s = cJSON_Print(o);
    if (s) { puts(s); free(s); } else rc = STP_EXIT_IO;
    cJSON_Delete(o);
  } else {
    printf("Profile %s%s\n%s\n", p.name, exists ? "" : " (new: nothing recorded yet)", path);
    if (p.unlock_all) printf("Every case is unlocked (unlock_all, an instructor's switch).\n");
    printf("\n  #  %-38s %6s  %-7s  %8s  %8s  %s\n", "case", "best", "grade", "attempts", "expected", "state");
    for (int k = 0; k < n; k++) {
      const stp_profile_case *c = cs[k].broken ? NULL : stp_profile_find(&p, cs[k].id);
      char best[16] = "-", state[64];
      if (c && c->attempt_count) snprintf(best, sizeof best, "%.1f", c->best_score);
      const char *s = case_state(&p, cs, n, k, c, prog && prog[k], state, sizeof state);
      char mins[16];
      snprintf(mins, sizeof mins, "%.0f min", cs[k].expected_minutes);
      printf(" %2d  %-38.38s %6s  %-7s  %8zu  %8s  %s\n", k + 1, cs[k].title, best,
             c ? stp_grade_text(c->best_grade) : "-", c ? c->attempt_count : 0, mins, s);
    }
    /* Attempts on cases outside the curriculum (played with --scenario FILE). */
    for (int i = 0; i < p.case_count; i++) {
      bool listed = false;
      for (int k = 0; k < n && !listed; k++) listed = strcmp(cs[k].id, p.cases[i].id) == 0;
      if (listed) continue;
      const stp_profile_case *c = &p.cases[i];
      printf("  -  %-38.38s %6.1f  %-7s  %8zu  %8s  %s\n", c->id, c->best_score, stp_grade_text(c->best_grade),
             c->attempt_count, "", c->passed ? "passed (not in the curriculum)" : "not in the curriculum");
    }
  }
  free(prog);
  free(cs);
  stp_profile_free(&p);
  return rc;
}
