/* stp_kit.c - see stp_kit.h. */
#include "stp_kit.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

static long thousandths(double v) { return lround(v * 1000.0); }

static bool in_list(const double *v, int n, double x) {
  for (int i = 0; i < n; i++)
    if (thousandths(v[i]) == thousandths(x)) return true;
  return false;
}

static void list_of(char *buf, size_t size, const double *v, int n, int decimals) {
  size_t o = 0;
  buf[0] = '\0';
  for (int i = 0; i < n && o + 1 < size; i++)
    o += (size_t)snprintf(buf + o, size - o, "%s%.*f", i ? ", " : "", decimals, v[i]);
}

/* "line 12" of a row read from a file, or row i + 1 of a work made in memory. */
static int where_line(const stp_impression *imp) { return imp->line > 0 ? imp->line : 0; }

stp_status stp_work_check_kit(stp_work *w, const stp_scenario *scn, const char *name, stp_error *err) {
  if (!name) name = "work";
  int map[STP_WORK_MAX_PIGMENTS];
  for (int i = 0; i < w->pigment_count; i++) map[i] = stp_scenario_find_pigment(scn, w->pigments[i]);
  char list[512];
  for (size_t i = 0; i < w->count; i++) {
    const stp_impression *imp = &w->items[i];
    int line = where_line(imp);
    char row[48] = "";
    if (!line) snprintf(row, sizeof row, "impression %zu: ", i + 1);
    if (!in_list(scn->needles_mm, scn->needle_count, imp->needle_mm)) {
      list_of(list, sizeof list, scn->needles_mm, scn->needle_count, 2);
      return stp_error_set(err, STP_ERR_PARSE, name, line, "%sneedle %.3g mm is not in this case's kit (%s)",
                           row, imp->needle_mm, list);
    }
    if (!in_list(scn->inks, scn->ink_count, imp->ink)) {
      list_of(list, sizeof list, scn->inks, scn->ink_count, 3);
      return stp_error_set(err, STP_ERR_PARSE, name, line, "%sink %.3g is not a dilution in this case's kit (%s)",
                           row, imp->ink, list);
    }
    if (w->has_pigment || w->pigment_count > 0) {
      bool known = imp->pigment < w->pigment_count && map[imp->pigment] >= 0;
      if (!known) {
        size_t o = 0;
        list[0] = '\0';
        for (int p = 0; p < scn->pigment_count && o + 1 < sizeof list; p++)
          o += (size_t)snprintf(list + o, sizeof list - o, "%s%s", p ? ", " : "", scn->pigments[p].id);
        return stp_error_set(err, STP_ERR_PARSE, name, line, "%spigment '%s' is not in this case's kit (%s)", row,
                             imp->pigment < w->pigment_count ? w->pigments[imp->pigment] : "?", list);
      }
    }
  }
  /* Bind: rows index the kit's pigments from now on. */
  for (size_t i = 0; i < w->count; i++)
    if (w->pigment_count > 0) w->items[i].pigment = (uint8_t)map[w->items[i].pigment];
  const char *ids[STP_SCN_MAX_PIGMENTS];
  for (int p = 0; p < scn->pigment_count; p++) ids[p] = scn->pigments[p].id;
  stp_status st = stp_work_set_pigments(w, ids, scn->pigment_count, err);
  if (st != STP_OK) return st;
  stp_error_clear(err);
  return STP_OK;
}

bool stp_work_kit_bound(const stp_work *w, const stp_scenario *scn) {
  if (w->pigment_count > scn->pigment_count) return false;
  for (int i = 0; i < w->pigment_count; i++)
    if (strcmp(w->pigments[i], scn->pigments[i].id) != 0) return false;
  return true;
}
