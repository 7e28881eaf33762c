/* stp_web_main.c - the game in the browser: the same app as the desktop's `stipple`, with
 * the page's animation frames as its loop.
 *
 * A browser owns its event loop: a C program must not block in it. The app's game is
 * begin / step / end (stp_app.h); here requestAnimationFrame calls one pass per frame
 * (emscripten_set_main_loop_arg with fps 0), each taking only the events already queued.
 * The arguments come from the page (web/page/stipple.js): --size from the canvas and
 * --scenario from ?case=. Files: the bundled scenarios and assets, and the font, are
 * preloaded under /stipple (STIPPLE_DATA_DIR); the trainee's data under
 * $XDG_DATA_HOME/stipple as on the desktop.
 * Depends on: app stp_app.h, emscripten.
 */
#include <emscripten.h>
#include <stdio.h>
#include <stdlib.h>

#include "stp_app.h"
#include "stp_web.h"

static struct play *the_game;

/* window.stipple.work(): the current work's CSV; "" when no case is open. The page frees it. */
EMSCRIPTEN_KEEPALIVE char *stp_web_work(void) {
  size_t len;
  char *t = stp_play_work_text(the_game, &len);
  return t ? t : calloc(1, 1);
}

static void frame(void *arg) {
  struct play *p = arg;
  stp_play_step(p, 0);
  if (!stp_play_running(p)) {
    emscripten_cancel_main_loop();
    the_game = NULL;
    int rc = stp_play_end(p);
    printf("stipple: ended (%d)\n", rc);
    fflush(stdout);
  }
}

int main(int argc, char **argv) {
  int rc;
  struct play *p = stp_play_begin(argc, argv, &rc);
  if (!p) {
    fprintf(stderr, "stipple: could not start (%d)\n", rc);
    return rc;
  }
  the_game = p;
  emscripten_set_main_loop_arg(frame, p, 0, 1);   /* does not return */
  return 0;
}
