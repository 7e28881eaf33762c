/* How the game's messages name a file of the trainee's data folder (stp_app_shown_path,
 * engine/app/stp_cli.c): the path itself on the desktop; in the browser, once the host has
 * named the place, the part inside the folder and the place ("works/x.csv in this browser";
 * a /home/web_user/... path means nothing to a trainee on a tablet). The expected strings
 * are written out from the rule: the folder is $XDG_DATA_HOME/stipple/. */
#define _POSIX_C_SOURCE 200809L
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include "stp_test.h"
#include <stdlib.h>
#include <string.h>

#include "stp_app.h"

static void desktop_shows_the_path(void **state) {
  (void)state;
  setenv("XDG_DATA_HOME", "/d/x", 1);
  stp_app_set_data_place(NULL);
  char buf[256];
  assert_string_equal(stp_app_shown_path("/d/x/stipple/works/a.csv", buf, sizeof buf), "/d/x/stipple/works/a.csv");
}

static void browser_names_the_place(void **state) {
  (void)state;
  setenv("XDG_DATA_HOME", "/d/x", 1);
  stp_app_set_data_place("in this browser");
  char buf[256];
  assert_string_equal(stp_app_shown_path("/d/x/stipple/works/a.csv", buf, sizeof buf), "works/a.csv in this browser");
  assert_string_equal(stp_app_shown_path("/d/x/stipple/works/a.result.json", buf, sizeof buf),
                      "works/a.result.json in this browser");
  /* Outside the folder, or a folder whose name only starts the same: the path as it is. */
  assert_string_equal(stp_app_shown_path("/tmp/w.csv", buf, sizeof buf), "/tmp/w.csv");
  assert_string_equal(stp_app_shown_path("/d/x/stipplex/w.csv", buf, sizeof buf), "/d/x/stipplex/w.csv");
  assert_string_equal(stp_app_shown_path("/d/x/stipple", buf, sizeof buf), "/d/x/stipple");
  assert_string_equal(stp_app_shown_path("/d/x/stipple/", buf, sizeof buf), "/d/x/stipple/");
  /* The folder follows XDG_DATA_HOME as the data folder does. */
  setenv("XDG_DATA_HOME", "/e", 1);
  assert_string_equal(stp_app_shown_path("/d/x/stipple/works/a.csv", buf, sizeof buf), "/d/x/stipple/works/a.csv");
  assert_string_equal(stp_app_shown_path("/e/stipple/profiles/p.txt", buf, sizeof buf), "profiles/p.txt in this browser");
  /* A short buffer cuts, never overruns. */
  char small[8];
  assert_string_equal(stp_app_shown_path("/e/stipple/works/a.csv", small, sizeof small), "works/a");
  stp_app_set_data_place("");
  assert_string_equal(stp_app_shown_path("/e/stipple/works/a.csv", buf, sizeof buf), "/e/stipple/works/a.csv");
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(desktop_shows_the_path),
      cmocka_unit_test(browser_names_the_place),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
