/* stp_web.h - what the browser build's C exports to the page (web/page/stipple-page.js calls
 * them through Module._name; each is EMSCRIPTEN_KEEPALIVE). */
#ifndef STP_WEB_H
#define STP_WEB_H

/* window.stipple.work(): the current work's CSV (docs/work-format.md); "" when no case is
 * open. malloc'd: the page frees it. */
char *stp_web_work(void);

#endif
