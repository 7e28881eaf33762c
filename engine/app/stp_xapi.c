/* stp_xapi.c - xAPI 1.0.3 statements for a verified bundle (see stp_report.h). */
#include "stp_report.h"

#include <cjson/cJSON.h>
#include <math.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "stp_version.h"


/* A name-based UUID (RFC 4122 layout, version 5 bits, variant 10) from the bundle's
 * fingerprint and the verb: the same bundle always gives the same statement ids, so an
 * LRS that receives an export twice keeps one copy. */
static void statement_uuid(const unsigned char file_sha256[32], const char *verb, char out[37]) {
  unsigned char buf[32 + 32], h[32];
  size_t vl = strlen(verb);
  if (vl > 32) vl = 32;
  memcpy(buf, file_sha256, 32);
  memcpy(buf + 32, verb, vl);
  crypto_hash_sha256(h, buf, 32 + vl);
  h[6] = (unsigned char)((h[6] & 0x0f) | 0x50);
  h[8] = (unsigned char)((h[8] & 0x3f) | 0x80);
  snprintf(out, 37, "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x", h[0], h[1], h[2], h[3],
           h[4], h[5], h[6], h[7], h[8], h[9], h[10], h[11], h[12], h[13], h[14], h[15]);
}

/* ISO 8601 duration: "PT12M3.5S" (hours when any; seconds to 0.01, as xAPI keeps them). */
static void iso_duration(long long ms, char *out, size_t n) {
  if (ms < 0) ms = 0;
  long long cs = (ms + 5) / 10;   /* centiseconds */
  long long h = cs / 360000, m = cs / 6000 % 60, s = cs / 100 % 60, f = cs % 100;
  size_t o = (size_t)snprintf(out, n, "PT");
  if (h) o += (size_t)snprintf(out + o, n - o, "%lldH", h);
  if (h || m) o += (size_t)snprintf(out + o, n - o, "%lldM", m);
  if (f == 0) snprintf(out + o, n - o, "%lldS", s);
  else if (f % 10 == 0) snprintf(out + o, n - o, "%lld.%lldS", s, f / 10);
  else snprintf(out + o, n - o, "%lld.%02lldS", s, f);
}

static cJSON *lang_map(const char *text) {
  cJSON *m = cJSON_CreateObject();
  cJSON_AddStringToObject(m, "en-US", text);
  return m;
}

/* Percent-encode what may not stand in an IRI path segment (ids are a-z0-9-_ already). */
static void iri_segment(const char *s, char *out, size_t n) {
  size_t o = 0;
  for (; *s && o + 4 < n; s++) {
    unsigned char ch = (unsigned char)*s;
    if ((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') || ch == '-' ||
        ch == '_' || ch == '.' || ch == '~')
      out[o++] = (char)ch;
    else
      o += (size_t)snprintf(out + o, n - o, "%%%02X", ch);
  }
  out[o] = '\0';
}

static cJSON *statement(const stp_report_input *in, const char *home, const char *verb, cJSON *criteria,
                        const char *file_hex, const char *scenario_hex) {
  const stp_bundle *b = in->bundle;
  const stp_score_result *r = in->result;
  cJSON *st = cJSON_CreateObject();
  char id[37];
  statement_uuid(b->file_sha256, verb, id);
  cJSON_AddStringToObject(st, "id", id);
  cJSON *actor = cJSON_AddObjectToObject(st, "actor");
  cJSON_AddStringToObject(actor, "objectType", "Agent");
  cJSON *acc = cJSON_AddObjectToObject(actor, "account");
  cJSON_AddStringToObject(acc, "homePage", home);
  cJSON_AddStringToObject(acc, "name", b->meta.candidate);
  cJSON *v = cJSON_AddObjectToObject(st, "verb");
  char iri[600];
  snprintf(iri, sizeof iri, "http://adlnet.gov/expapi/verbs/%s", verb);
  cJSON_AddStringToObject(v, "id", iri);
  cJSON_AddItemToObject(v, "display", lang_map(verb));
  cJSON *obj = cJSON_AddObjectToObject(st, "object");
  cJSON_AddStringToObject(obj, "objectType", "Activity");
  char seg[400];
  iri_segment(b->meta.scenario_id, seg, sizeof seg);
  snprintf(iri, sizeof iri, "%s/cases/%s", STP_XAPI_BASE, seg);
  cJSON_AddStringToObject(obj, "id", iri);
  cJSON *def = cJSON_AddObjectToObject(obj, "definition");
  cJSON_AddItemToObject(def, "name", lang_map(in->scn && in->scn->title[0] ? in->scn->title : b->meta.scenario_id));
  if (in->scn && in->scn->brief[0]) cJSON_AddItemToObject(def, "description", lang_map(in->scn->brief));
  cJSON_AddStringToObject(def, "type", "http://adlnet.gov/expapi/activities/assessment");
  cJSON *res = cJSON_AddObjectToObject(st, "result");
  cJSON *score = cJSON_AddObjectToObject(res, "score");
  double sc = round(r->score * 100) / 100;
  if (sc < 0) sc = 0;
  if (sc > 100) sc = 100;
  cJSON_AddNumberToObject(score, "scaled", round(sc * 100) / 10000);
  cJSON_AddNumberToObject(score, "raw", sc);
  cJSON_AddNumberToObject(score, "min", 0);
  cJSON_AddNumberToObject(score, "max", 100);
  cJSON_AddBoolToObject(res, "success", r->passed);
  cJSON_AddBoolToObject(res, "completion", 1);
  char dur[48];
  iso_duration((long long)b->meta.duration_ms, dur, sizeof dur);
  cJSON_AddStringToObject(res, "duration", dur);
  cJSON *ext = cJSON_AddObjectToObject(res, "extensions");
  cJSON_AddItemToObject(ext, STP_XAPI_BASE "/extensions/criteria", cJSON_Duplicate(criteria, 1));
  cJSON_AddNumberToObject(ext, STP_XAPI_BASE "/extensions/pass-mark", r->pass_mark);
  cJSON_AddStringToObject(ext, STP_XAPI_BASE "/extensions/verdict", r->verdict);
  cJSON_AddStringToObject(ext, STP_XAPI_BASE "/extensions/bundle-sha256", file_hex);
  cJSON *ctx = cJSON_AddObjectToObject(st, "context");
  cJSON_AddStringToObject(ctx, "platform", "Stipple " STP_VERSION_STRING);
  cJSON_AddStringToObject(ctx, "language", "en-US");
  cJSON *cext = cJSON_AddObjectToObject(ctx, "extensions");
  cJSON_AddStringToObject(cext, STP_XAPI_BASE "/extensions/mode", b->meta.mode);
  cJSON_AddStringToObject(cext, STP_XAPI_BASE "/extensions/scenario-sha256", scenario_hex);
  cJSON_AddStringToObject(cext, STP_XAPI_BASE "/extensions/engine-version", b->meta.engine_version);
  char fp[17];
  stp_key_fingerprint(b->signer, fp);
  cJSON_AddStringToObject(cext, STP_XAPI_BASE "/extensions/signer-key", fp);
  cJSON_AddStringToObject(st, "timestamp", b->meta.ended[0] ? b->meta.ended : b->meta.started);
  cJSON_AddStringToObject(st, "version", "1.0.3");
  return st;
}

char *stp_xapi_statements(const stp_report_input *in, const char *home_page) {
  if (!in || !in->verified || !in->bundle || !in->result) return NULL;
  const stp_bundle *b = in->bundle;
  char file_hex[65], scenario_hex[65];
  stp_key_hex(b->file_sha256, 32, file_hex);
  stp_key_hex(b->part_sha256[STP_PART_SCENARIO], 32, scenario_hex);
  /* The criteria as the result's JSON gives them (id, name, score, weight, gate, figures). */
  cJSON *criteria = NULL;
  char *rj = in->scn ? stp_score_to_json(in->scn, in->result) : NULL;
  cJSON *parsed = rj ? cJSON_Parse(rj) : NULL;
  free(rj);
  if (parsed) criteria = cJSON_DetachItemFromObject(parsed, "criteria");
  cJSON_Delete(parsed);
  if (!criteria) criteria = cJSON_CreateArray();
  cJSON *arr = cJSON_CreateArray();
  const char *home = home_page && home_page[0] ? home_page : STP_XAPI_HOME_PAGE;
  cJSON_AddItemToArray(arr, statement(in, home, "completed", criteria, file_hex, scenario_hex));
  cJSON_AddItemToArray(arr, statement(in, home, in->result->passed ? "passed" : "failed", criteria, file_hex,
                                      scenario_hex));
  cJSON_Delete(criteria);
  char *out = cJSON_Print(arr);
  cJSON_Delete(arr);
  return out;
}
