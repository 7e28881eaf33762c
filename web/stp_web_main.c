/* stp_web_main.c - the game in the browser: the same app as the desktop's `stipple`, with
 * the page's animation frames as its loop.
 *
 * A browser owns its event loop: a C program must not block in it. The app's game is
 * begin / step / end (stp_app.h); here requestAnimationFrame calls one pass per frame
 * (emscripten_set_main_loop_arg with fps 0), each taking only the events already queued.
 * The arguments come from the page (web/page/stipple-page.js): --size from the canvas and
 * --scenario from ?case=. Files: the bundled scenarios and assets, and the font, are
 * preloaded under /stipple (STIPPLE_DATA_DIR); the trainee's data under
 * $XDG_DATA_HOME/stipple as on the desktop, where the page mounts IndexedDB (IDBFS).
 *
 * After each pass the frame tells the page (docs/web.md):
 *   - when another case is open, or none (the menu): its file id, which the page keeps in
 *     the address (?case=) and localStorage so that a reload comes back to it;
 *   - when the core made something durable (stp_file_durable_count changed: an autosave,
 *     a profile, a result, a record synced): the page copies the files to IndexedDB;
 *   - once, when the first frame is drawn: the page's `stipple: ready`.
 * Depends on: app stp_app.h, core stp_file.h, emscripten.
 */
#include <emscripten.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "stp_app.h"
#include "stp_error.h"
#include "stp_file.h"
#include "stp_kit.h"
#include "stp_scenario.h"
#include "stp_web.h"
#include "stp_work.h"

static struct play *the_game;
static unsigned long durable_seen;
static bool ready_said;
static char message[1400];
static char case_seen[128];

/* The page's hooks (web/page/stipple-page.js): absent ones are skipped. */
EM_JS(void, page_persist, (void), { if (Module.stipplePersist) Module.stipplePersist(); });
EM_JS(void, page_ready, (void), { if (Module.stippleReady) Module.stippleReady(); });
EM_JS(void, page_ended, (int rc), { if (Module.stippleEnded) Module.stippleEnded(rc); });
EM_JS(void, page_case, (const char *file, const char *id), {
  if (Module.stippleCase) Module.stippleCase(UTF8ToString(file), UTF8ToString(id));
});

/* Something new was made durable: IndexedDB next (the page queues it). */
static void persist_if_changed(void) {
  unsigned long n = stp_file_durable_count();
  if (n != durable_seen) {
    durable_seen = n;
    page_persist();
  }
}

EMSCRIPTEN_KEEPALIVE char *stp_web_work(void) {
  size_t len;
  char *t = stp_play_work_text(the_game, &len);
  return t ? t : calloc(1, 1);
}

EMSCRIPTEN_KEEPALIVE const char *stp_web_case(void) {
  const char *id = stp_play_case_id(the_game);
  return id ? id : "";
}

EMSCRIPTEN_KEEPALIVE int stp_web_open(const char *id) {
  if (!the_game) {
    snprintf(message, sizeof message, "the game is not running");
    return 0;
  }
  int rc = stp_play_open_case(the_game, id, message, sizeof message);
  persist_if_changed();   /* opening saves the work left */
  return rc == 0;
}

/* The largest work the browser takes (docs/web.md "Storage"): every autosave copies the whole
 * file to IndexedDB, a 47 MB work (a million rows) made each save copy 46 MB, and the format's
 * own limit (4 million rows) could not be stored at all. 16 MB is about 340,000 impressions
 * at the game's 48 bytes a row, over three times the bench's 100,000. The page checks the
 * file's size first with the same figure (stipple-page.js MAX_WORK). */
#define STP_WEB_MAX_WORK (16 * 1024 * 1024)

static bool too_large(int len, const char *name) {
  if (len <= STP_WEB_MAX_WORK) return false;
  snprintf(message, sizeof message,
           "Not imported (your work is unchanged): %s is larger than 16 MB, the most the browser keeps "
           "(about 340,000 impressions). Open it in the desktop build.",
           name && name[0] ? name : "the file");
  return true;
}

EMSCRIPTEN_KEEPALIVE int stp_web_import(const char *text, int len, const char *name) {
  if (!the_game || len < 0) {
    snprintf(message, sizeof message, "Not imported: the game is not running.");
    return 2;
  }
  if (too_large(len, name)) return 1;
  int rc = stp_play_import_work(the_game, text, (size_t)len, name, message, sizeof message);
  persist_if_changed();
  return rc;
}

/* The open case's file id ("01_practice_field", what ?case= takes): its scenario file's name. */
EMSCRIPTEN_KEEPALIVE const char *stp_web_case_file(void) {
  static char file[256];
  const char *path = stp_play_case_path(the_game);
  if (!path) return "";
  const char *slash = strrchr(path, '/');
  snprintf(file, sizeof file, "%s", slash ? slash + 1 : path);
  size_t n = strlen(file);
  if (n > 4 && strcmp(file + n - 4, ".lua") == 0) file[n - 4] = '\0';
  return file;
}

EMSCRIPTEN_KEEPALIVE int stp_web_check_work(const char *text, int len, const char *name) {
  /* The import's own checks against the case open (stp_play_check_work), nothing touched. */
  if (!the_game) {
    snprintf(message, sizeof message, "Not imported: open a practice case first.");
    return 2;
  }
  if (too_large(len, name)) return 1;
  return stp_play_check_work(the_game, text, len < 0 ? 0 : (size_t)len, name, message, sizeof message);
}

EMSCRIPTEN_KEEPALIVE const char *stp_web_message(void) { return message; }

/* The open case's work file, "" on the menu (the page's rescue copy as it goes). */
EMSCRIPTEN_KEEPALIVE const char *stp_web_work_path(void) {
  const char *path = stp_play_work_path(the_game);
  return path ? path : "";
}

EMSCRIPTEN_KEEPALIVE void stp_web_save_now(void) {
  stp_play_save_now(the_game);
  persist_if_changed();
}

static void frame(void *arg) {
  struct play *p = arg;
  stp_play_step(p, 0);
  persist_if_changed();
  /* Another case open, or the menu: the page remembers it for a reload (?case=). */
  const char *id = stp_play_case_id(p);
  if (strcmp(id ? id : "", case_seen) != 0) {
    snprintf(case_seen, sizeof case_seen, "%s", id ? id : "");
    page_case(stp_web_case_file(), case_seen);
  }
  if (!ready_said && stp_play_drawn(p)) {
    ready_said = true;
    page_ready();
  }
  if (!stp_play_running(p)) {
    emscripten_cancel_main_loop();
    the_game = NULL;
    int rc = stp_play_end(p);
    persist_if_changed();
    printf("stipple: ended (%d)\n", rc);
    fflush(stdout);
    page_ended(rc);   /* Quit (Esc on the error screen, the menu's Quit): the page says so */
  }
}

int main(int argc, char **argv) {
  int rc;
  durable_seen = stp_file_durable_count();
  stp_app_set_data_place("in this browser");   /* "works/x.csv in this browser", not /home/web_user/... */
  struct play *p = stp_play_begin(argc, argv, &rc);
  persist_if_changed();   /* a profile written as the game began */
  if (!p) {
    fprintf(stderr, "stipple: could not start (%d)\n", rc);
    return rc;
  }
  the_game = p;
  emscripten_set_main_loop_arg(frame, p, 0, 1);   /* does not return */
  return 0;
}
