/* stp_xi2_internal.h - what stp_xi2.c (translation, feed, queue, log) and stp_xi2_x11.c
 * (the live X11 path) share. Not public. */
#ifndef STP_XI2_INTERNAL_H
#define STP_XI2_INTERNAL_H

#include "stp_xi2.h"

struct stp_xi2 {
  stp_xi2_device devices[STP_XI2_MAX_DEVICES];   /* the live devices taken over */
  int n_devices;
  stp_pen_sample queue[STP_XI2_MAX_QUEUE];
  int q_head, q_count;
  stp_xi2_feed feed;           /* its own devices: a feed never mixes with live ones */
  size_t feed_next;
  bool feed_started;
  uint64_t feed_t0;            /* SDL ticks at the first drain */
  char log_path[1024];         /* "" when not logging */
  char *log_buf;
  size_t log_len, log_cap;
  bool log_full;
  void *live;                  /* stp_xi2_x11.c's state; NULL when not attached */
};

/* Append text to the log buffer (capped at STP_XI2_MAX_FEED_BYTES: a log can be fed back). */
void stp_xi2_log_text(stp_xi2 *x, const char *text, size_t len);
/* Translate e with device d and queue the sample. */
void stp_xi2_queue_event(stp_xi2 *x, stp_xi2_device *d, const stp_xi2_event *e);
/* Queue a ready-made sample (a live path that makes its own: the browser's bridge). When
 * the queue is full, the oldest is dropped. */
void stp_xi2_queue_sample(stp_xi2 *x, const stp_pen_sample *s);

/* The live path (stp_xi2_x11.c, stubs where libxi is not built in; in the browser build
 * stp_pointer_web.c, the PointerEvent bridge). */
bool stp_xi2_live_attach(stp_xi2 *x, SDL_Window *win);
void stp_xi2_live_detach(stp_xi2 *x);

#endif
