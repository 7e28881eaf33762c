/* stp_web.h - what the browser build's C exports to the page (web/page/stipple-page.js calls
 * them through Module._name; each is EMSCRIPTEN_KEEPALIVE). docs/web.md says what the page
 * makes of them (window.stipple). */
#ifndef STP_WEB_H
#define STP_WEB_H

/* window.stipple.work(): the current work's CSV (docs/work-format.md); "" when no case is
 * open. malloc'd: the page frees it. */
char *stp_web_work(void);
/* The scenario id of the case open ("practice-field"), "" on the menu. Not to be freed. */
const char *stp_web_case(void);
/* window.stipple.open(id): open a bundled case as the menu does (stp_play_open_case).
 * 1 when it opened; 0 not (stp_web_message says why). */
int stp_web_open(const char *id);
/* Import a work's CSV (len bytes, UTF-8) into the open case (stp_play_import_work): 0
 * imported; 1 bad input (nothing changed); 2 not imported for another reason. The message
 * (stp_web_message) says what happened either way. */
int stp_web_import(const char *text, int len, const char *name);
/* The file id of the case open ("01_practice_field": its file's name without .lua, what
 * ?case= takes), "" on the menu. Not to be freed. */
const char *stp_web_case_file(void);
/* Check a work's CSV (len bytes) as stp_web_import would before touching anything (the
 * core's parser, the open case's kit, its sessions), changing nothing: 0 it would be
 * accepted; 1 bad input; 2 no case open (or the case unreadable). stp_web_message says why. */
int stp_web_check_work(const char *text, int len, const char *name);
/* The last open's, import's or check's message. Not to be freed. */
const char *stp_web_message(void);
/* Save the open case's work now (the page is being hidden), then persist. */
/* The open case's work file, "" on the menu: the page keeps it in localStorage as it goes (the
 * rescue, docs/web.md "Storage"). */
const char *stp_web_work_path(void);
void stp_web_save_now(void);

#endif
