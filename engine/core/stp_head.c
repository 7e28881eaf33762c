/* stp_head.c - landmarks of the client's head (see stp_head.h). */
#include "stp_head.h"

#include <math.h>
#include <string.h>

#include "stp_chart.h"

static const char *const keys[] = {
#define STP_X_LM(id, key, what) key,
  STP_LANDMARK_LIST(STP_X_LM)
#undef STP_X_LM
};
static const char *const whats[] = {
#define STP_X_LM(id, key, what) what,
  STP_LANDMARK_LIST(STP_X_LM)
#undef STP_X_LM
};

const char *stp_landmark_key(stp_landmark_id id) { return id < STP_LM_COUNT ? keys[id] : NULL; }
const char *stp_landmark_what(stp_landmark_id id) { return id < STP_LM_COUNT ? whats[id] : NULL; }

stp_landmark_id stp_landmark_find(const char *key) {
  for (int i = 0; i < STP_LM_COUNT; i++)
    if (strcmp(keys[i], key) == 0) return (stp_landmark_id)i;
  return STP_LM_COUNT;
}

double stp_head_hairline_for_age(int age) {
  if (age < 30) return 75.0;
  if (age < 45) return 80.0;
  if (age < 60) return 85.0;
  return 90.0;
}

/* The standard head's landmarks (k = 1), relative to the hairline height H where they
 * follow it. Sources: smp.md ("front hairline", "hairline": the temple peak about 5 cm from
 * the frontotemporal point; "head size"); the chart's own vertex, inion and nape. */
#define FTP_X        62.0    /* the frontotemporal point, in line with the outer eye corner's
                                side of the forehead: where the front hairline turns back */
#define FTP_DY       10.0    /* ...this far behind the mid-frontal point */
#define PEAK_X       92.0    /* the temple peak: 46 mm on from the frontotemporal point */
#define PEAK_DY      45.0
#define TEMPORAL_X  140.0    /* the temple hairline above the front of the ear */
#define TEMPORAL_DY 100.0
#define CANTHUS_X    47.0    /* the outer corner of the eye: half the interpupillary 63 mm
                                plus half an eye's 31 mm */
#define WHORL_X      10.0    /* the usual whorl: a little right of the midline (71 %) */
#define WHORL_Y     200.0
#define NAPE_Y      415.0
#define EAR_X       172.0
#define EAR_Y       215.0

static void derive(stp_head *h) {
  double k = h->scale, H = h->hairline_mm;
  stp_point *lm = h->lm;
  lm[STP_LM_GLABELLA] = (stp_point){0, 0};
  lm[STP_LM_MFP] = (stp_point){0, H};
  lm[STP_LM_FTP_LEFT] = (stp_point){-FTP_X * k, H + FTP_DY * k};
  lm[STP_LM_FTP_RIGHT] = (stp_point){FTP_X * k, H + FTP_DY * k};
  lm[STP_LM_TEMPLE_PEAK_LEFT] = (stp_point){-PEAK_X * k, H + PEAK_DY * k};
  lm[STP_LM_TEMPLE_PEAK_RIGHT] = (stp_point){PEAK_X * k, H + PEAK_DY * k};
  lm[STP_LM_TEMPORAL_LEFT] = (stp_point){-TEMPORAL_X * k, H + TEMPORAL_DY * k};
  lm[STP_LM_TEMPORAL_RIGHT] = (stp_point){TEMPORAL_X * k, H + TEMPORAL_DY * k};
  lm[STP_LM_VERTEX] = (stp_point){0, STP_CHART_VERTEX_Y * k};
  lm[STP_LM_WHORL] = (stp_point){WHORL_X * k, WHORL_Y * k};
  lm[STP_LM_OCCIPITAL] = (stp_point){0, STP_CHART_INION_Y * k};
  double nape = fmin(NAPE_Y * k, STP_CHART_BACK_Y - 5.0);
  lm[STP_LM_NAPE] = (stp_point){0, nape};
  double ey = EAR_Y * k, ex = fmin(EAR_X * k, stp_chart_half_width(ey) - 3.0);
  lm[STP_LM_EAR_LEFT] = (stp_point){-ex, ey};
  lm[STP_LM_EAR_RIGHT] = (stp_point){ex, ey};
  h->canthus_x = CANTHUS_X * k;
}

stp_status stp_head_make(stp_head *h, double length_mm, int age, double hairline_mm, stp_error *err) {
  memset(h, 0, sizeof *h);
  if (!(length_mm >= STP_HEAD_LENGTH_MIN && length_mm <= STP_HEAD_LENGTH_MAX))
    return stp_error_set(err, STP_ERR_RANGE, NULL, 0, "head length %g mm: it must be from %.0f to %.0f mm", length_mm,
                         STP_HEAD_LENGTH_MIN, STP_HEAD_LENGTH_MAX);
  if (age < 18 || age > 90) return stp_error_set(err, STP_ERR_RANGE, NULL, 0, "age %d: it must be from 18 to 90", age);
  h->length_mm = length_mm;
  h->scale = length_mm / STP_HEAD_LENGTH_MM;
  h->age = age;
  h->hairline_set = hairline_mm > 0;
  h->hairline_mm = hairline_mm > 0 ? hairline_mm : stp_head_hairline_for_age(age) * h->scale;
  if (!(h->hairline_mm >= 50 && h->hairline_mm <= 130))
    return stp_error_set(err, STP_ERR_RANGE, NULL, 0, "hairline %g mm above the glabella: it must be from 50 to 130 mm",
                         h->hairline_mm);
  derive(h);
  return STP_OK;
}

void stp_head_standard(stp_head *h) {
  stp_error e;
  stp_head_make(h, STP_HEAD_LENGTH_MM, 35, 0, &e);
}

void stp_head_place(stp_head *h, stp_landmark_id id, double x, double y) {
  if (id >= STP_LM_COUNT) return;
  h->lm[id] = (stp_point){x, y};
  h->moved[id] = true;
  if (id == STP_LM_MFP) { h->hairline_mm = y; h->hairline_set = true; }
}

/* From a to b along x with the curve's shape: y = a.y + (b.y - a.y) f(t). */
static double between(stp_point a, stp_point b, double x, double p) {
  double span = b.x - a.x;
  double t = span != 0 ? (x - a.x) / span : 1.0;
  if (t < 0) t = 0;
  if (t > 1) t = 1;
  return a.y + (b.y - a.y) * pow(t, p);
}

double stp_head_hairline_y(const stp_head *h, double x) {
  const stp_point *lm = h->lm;
  bool right = x >= lm[STP_LM_MFP].x;
  stp_point ftp = lm[right ? STP_LM_FTP_RIGHT : STP_LM_FTP_LEFT];
  stp_point peak = lm[right ? STP_LM_TEMPLE_PEAK_RIGHT : STP_LM_TEMPLE_PEAK_LEFT];
  double ax = fabs(x - lm[STP_LM_MFP].x), fx = fabs(ftp.x - lm[STP_LM_MFP].x), px = fabs(peak.x - lm[STP_LM_MFP].x);
  if (ax <= fx) return between(lm[STP_LM_MFP], ftp, x, 2.0);   /* a gentle dome to the corner */
  if (ax <= px) return between(ftp, peak, x, 1.3);             /* the corner, then back to the peak */
  return NAN;
}

double stp_head_nape_y(const stp_head *h, double x) {
  double k = h->scale, u = x / (90.0 * k);
  return h->lm[STP_LM_NAPE].y - 30.0 * k * u * u;
}
