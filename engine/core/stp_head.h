/* stp_head.h - the client's head: landmarks on the scalp chart, scaled by head size.
 *
 * Hairline design and the conditions are placed from landmarks, as a technician does with
 * a tape and the client's face, not from fixed coordinates (docs/scenario-api.md,
 * "Landmarks"). The standard head is the chart's own: head length (glabella to the back of
 * the head) 195 mm, the British men's median (../shared/domain/smp.md, "head size"); a
 * head of another length scales every landmark about the glabella by length / 195 (the
 * nape stays on the chart). The hairline's height follows the client's age unless given:
 * the mid-frontal point 7-10 cm above the glabella, 8 typical, lower (bolder) for the
 * young and higher (more conservative) with age (Shapiro; smp.md, "hairline").
 * Depends on: stp_shape.h, stp_error.h.
 */
#ifndef STP_HEAD_H
#define STP_HEAD_H

#include <stdbool.h>
#include "stp_error.h"
#include "stp_shape.h"

/* Landmarks: enum id, Lua key, what it is. Left and right are the client's (left: -x). */
#define STP_LANDMARK_LIST(X)                                                                   \
  X(STP_LM_GLABELLA,          "glabella",          "between the eyebrows: the chart's origin")        \
  X(STP_LM_MFP,               "mfp",               "mid-frontal point: the hairline on the midline") \
  X(STP_LM_FTP_LEFT,          "ftp_left",          "frontotemporal point, left: where the front hairline turns back") \
  X(STP_LM_FTP_RIGHT,         "ftp_right",         "frontotemporal point, right")                    \
  X(STP_LM_TEMPLE_PEAK_LEFT,  "temple_peak_left",  "temple peak, left: the forward tip of the temple hair") \
  X(STP_LM_TEMPLE_PEAK_RIGHT, "temple_peak_right", "temple peak, right")                             \
  X(STP_LM_TEMPORAL_LEFT,     "temporal_left",     "temporal point, left: the temple hairline above the ear's front") \
  X(STP_LM_TEMPORAL_RIGHT,    "temporal_right",    "temporal point, right")                          \
  X(STP_LM_VERTEX,            "vertex",            "vertex: the top of the head")                    \
  X(STP_LM_WHORL,             "whorl",             "the crown whorl")                                \
  X(STP_LM_OCCIPITAL,         "occipital",         "external occipital protuberance (inion)")        \
  X(STP_LM_NAPE,              "nape",              "the nape hairline on the midline")               \
  X(STP_LM_EAR_LEFT,          "ear_left",          "the top of the left ear's attachment")           \
  X(STP_LM_EAR_RIGHT,         "ear_right",         "the top of the right ear's attachment")

typedef enum stp_landmark_id {
#define STP_X_LM(id, key, what) id,
  STP_LANDMARK_LIST(STP_X_LM)
#undef STP_X_LM
  STP_LM_COUNT
} stp_landmark_id;

#define STP_HEAD_LENGTH_MM     195.0   /* the standard head: the chart's own */
#define STP_HEAD_LENGTH_MIN    170.0
#define STP_HEAD_LENGTH_MAX    220.0

typedef struct stp_head {
  double length_mm;              /* glabella to the back of the head */
  double scale;                  /* length_mm / STP_HEAD_LENGTH_MM */
  int age;                       /* years (18..90) */
  double hairline_mm;            /* the mid-frontal point's height above the glabella */
  bool hairline_set;             /* given by the scenario (else from the age) */
  double canthus_x;              /* |x| of the outer corner of the eye, carried up the forehead */
  stp_point lm[STP_LM_COUNT];    /* every landmark, chart mm */
  bool moved[STP_LM_COUNT];      /* placed by the scenario (or the editor), not derived */
} stp_head;

const char *stp_landmark_key(stp_landmark_id id);     /* "mfp" */
const char *stp_landmark_what(stp_landmark_id id);
stp_landmark_id stp_landmark_find(const char *key);   /* STP_LM_COUNT if none */

/* The hairline height (mm above the glabella, standard head) the landmark rule gives an
 * age: 75 under 30, 80 to 44, 85 to 59, 90 from 60 (7-10 cm, bolder young). */
double stp_head_hairline_for_age(int age);
/* The acceptable band around it: +- this many mm (scaled). */
#define STP_HEAD_HAIRLINE_BAND_MM 6.0

/* A head of this length and age (hairline_mm <= 0: from the age), every landmark derived. */
stp_status stp_head_make(stp_head *h, double length_mm, int age, double hairline_mm, stp_error *err);
/* The standard head: 195 mm, age 35, hairline 80 mm. */
void stp_head_standard(stp_head *h);
/* Move one landmark (the scenario's or the editor's placement); others stay. */
void stp_head_place(stp_head *h, stp_landmark_id id, double x, double y);

/* The natural (unreceded) hairline of this head: its y at lateral x, through the mid-
 * frontal point, the frontotemporal points and on down to the temple peaks; NAN beyond
 * the temple peaks (the temple hairline there runs down, not across). */
double stp_head_hairline_y(const stp_head *h, double x);
/* The nape hairline's y at lateral x (its lowest point on the midline). */
double stp_head_nape_y(const stp_head *h, double x);

#endif
