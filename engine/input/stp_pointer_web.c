/* stp_pointer_web.c - the browser's live path for pen and touch (see stp_xi2.h): not yet
 * attached; the browser's pen is SDL's mouse and its touches SDL's fingers. */
#include "stp_xi2_internal.h"

bool stp_xi2_live_attach(stp_xi2 *x, SDL_Window *win) { (void)x; (void)win; return false; }
void stp_xi2_live_detach(stp_xi2 *x) { (void)x; }
