/* stp_scenario.h - a scenario as plain data: client, zones, targets, rubric.
 *
 * Scenarios are written in Lua (the files in scenarios/; see docs/scenario-api.md); the
 * script layer (engine/script) runs the file in a sandbox and fills one of
 * these. The core scores and renders from this struct alone, so it never
 * needs Lua. Fixed-size arrays keep it a value: copy it with memcpy.
 * Defaults come from stp_scenario_defaults(); a zero field never means "use
 * garbage".
 * Depends on: stp_shape.h, stp_head.h, stp_error.h.
 */
#ifndef STP_SCENARIO_H
#define STP_SCENARIO_H

#include <stdbool.h>
#include <stdint.h>
#include "stp_error.h"
#include "stp_head.h"
#include "stp_shape.h"

#define STP_SCN_MAX_ZONES     32
#define STP_SCN_MAX_HAIR      16
#define STP_SCN_MAX_NEEDLES    8
#define STP_SCN_MAX_INKS       8
#define STP_SCN_MAX_PIGMENTS   8
#define STP_SCN_ID_LEN        64
#define STP_SCN_TEXT_LEN    1024
#define STP_SCN_MAX_PATCHES   32
#define STP_SCN_MAX_GRIDS     16
#define STP_GRID_N            64
#define STP_SCN_MAX_SESSIONS   4

/* Criterion ids: one list drives the rubric table, the scorer and the docs.
 * Columns: enum id, Lua key, display name, default weight, on by default,
 * default tolerance (full marks within it) and default zero point (the score
 * reaches 0 there), each in the criterion's own unit (see docs/scoring.md). */
#define STP_CRITERIA_LIST(X)                                                          \
  X(STP_CRIT_DENSITY,  "density",  "Density",  0.6, 1, 0.1,  0.4)  /* share of area bare or crowded */ \
  X(STP_CRIT_SPACING,  "spacing",  "Spacing",  0.4, 1, 0.0,  0.3)  /* merged fraction */  \
  X(STP_CRIT_GRAIN,    "grain",    "Grain",    0.3, 0, 10.0, 45.0) /* degrees, axial */   \
  X(STP_CRIT_SHADE,    "shade",    "Shade",    0.3, 0, 1.5,  6.0) /* CIEDE2000 ΔE00 */   \
  X(STP_CRIT_DEPTH,    "depth",    "Depth",    0.3, 0, 0.02, 0.3)  /* fraction off window */ \
  X(STP_CRIT_HAIRLINE, "hairline", "Hairline", 0.3, 0, 2.0,  12.0) /* mm */               \
  X(STP_CRIT_BOUNDARY, "boundary", "Boundaries", 0.2, 0, 0.01, 0.1) /* fraction outside */ \
  X(STP_CRIT_LOOK,     "look",     "Distance look", 0.2, 0, 0.3, 1.2) /* share of the contrast off */ \
  X(STP_CRIT_DESIGN,   "design",   "Hairline design", 0.3, 0, 0.0, 100.0) /* points the weakest rule is off */

typedef enum stp_criterion_id {
#define STP_X_ENUM(id, key, name, w, on, tol, zero) id,
  STP_CRITERIA_LIST(STP_X_ENUM)
#undef STP_X_ENUM
  STP_CRIT_COUNT
} stp_criterion_id;

/* A target that may vary over a zone. CONST means "the zone's nominal value"
 * (density_per_cm2, angle_deg, ink or depth_mm), so a zeroed field is valid. */
typedef enum stp_field_kind {
  STP_FIELD_CONST = 0,
  STP_FIELD_RAMP,    /* from `from` at the zone's front edge (smallest y at that x) to `to`
                        at `width` mm behind it, smoothstep; the soft hairline ramp */
  STP_FIELD_WHORL,   /* angle: spiral about (cx, cy); sense +1 clockwise seen from above,
                        -1 counter-clockwise; `tightness` degrees of inward turn (0 = radial) */
  STP_FIELD_FLOW,    /* angle: the head's natural flow: whorl at (cx, cy) turning by `sense`,
                        forward over the top, down at the sides and the nape */
  STP_FIELD_GRID     /* sampled values: grids[grid], e.g. from a Lua function of (x, y) */
} stp_field_kind;

typedef struct stp_field {
  stp_field_kind kind;
  double from, to, width;        /* RAMP */
  double cx, cy, tightness;      /* WHORL, FLOW */
  int sense;                     /* WHORL, FLOW: +1 or -1 */
  int grid;                      /* GRID: index into stp_scenario.grids */
  double scale;                  /* GRID: the samples times this (0 is read as 1; a session's plan
                                    scales a sampled density) */
} stp_field;

/* A field sampled on a regular grid over a rectangle, bilinear in between. */
typedef struct stp_grid {
  double x0, y0, x1, y1;
  int nx, ny;                    /* 2..STP_GRID_N */
  float v[STP_GRID_N * STP_GRID_N];
} stp_grid;

typedef enum stp_zone_role {
  STP_ZONE_WORK = 0,             /* an ordinary zone to pigment */
  STP_ZONE_HAIRLINE,             /* its front edge is the designed hairline (hairline criterion) */
  STP_ZONE_SCAR,                 /* scar tissue: see uptake and spread */
  STP_ZONE_FORBIDDEN,            /* must stay empty (boundary criterion) */
  STP_ZONE_DONE                  /* already done by the instructor: filled with an expert's healed
                                    work (stp_heal_history) the trainee does not redo; not scored,
                                    and the trainee's ink there is off the plan */
} stp_zone_role;

/* Visible skin conditions the renderer draws (and that change how skin takes pigment). */
typedef enum stp_patch_kind {
  STP_PATCH_SCAR_STRIP = 0,      /* FUT linear scar: pale band, slightly raised or sunken */
  STP_PATCH_SCAR_DOT,            /* an FUE punch scar: small white dot */
  STP_PATCH_ALOPECIA             /* alopecia areata: smooth, slightly shiny, no stubble */
} stp_patch_kind;

/* Added for tissue (issue 9): how a scar's surface lies, and so how it takes the light
 * (docs/scenario-api.md, "Tissue"). NONE: not given (a patch keeps its `relief` as before;
 * a zone draws nothing). */
typedef enum stp_surface {
  STP_SURFACE_NONE = 0,
  STP_SURFACE_FLAT,              /* level with the skin: only its tone shows */
  STP_SURFACE_RAISED,            /* hypertrophic: its upper edge catches the light, a shadow below */
  STP_SURFACE_ATROPHIC,          /* sunken: shadowed under its upper edge, lit on its lower one */
  STP_SURFACE_SHINY              /* smooth and taut: a specular sheen */
} stp_surface;

/* "flat", ...; NULL for NONE or out of range. */
const char *stp_surface_key(stp_surface s);

/* A zone's own tissue (scenario key `tissue`): each value it sets wins over the patches and
 * the scenario there; a zeroed struct sets nothing. */
typedef struct stp_tissue {
  bool set;                      /* the zone has a tissue table */
  double shallow_mm, deep_mm;    /* its stable depth window (both 0: the scenario's depth_window) */
  double uptake;                 /* 0..1 (0: not set) */
  double spread;                 /* >= 1 (0: not set) */
  stp_surface surface;
} stp_tissue;

typedef struct stp_patch {
  stp_patch_kind kind;
  stp_shape shape;
  double tone;                   /* -1..1: lighter (negative) or darker than the skin */
  double relief;                 /* -1..1: sunken (negative) or raised */
  double uptake;                 /* 0..1: share of pigment the tissue takes (1 = normal) */
  double spread;                 /* >= 1: how much more a dot spreads in it (1 = normal) */
  /* Added for tissue (issue 9): how its surface takes the light (NONE: `relief` alone, as before). */
  stp_surface surface;
} stp_patch;

const char *stp_criterion_key(stp_criterion_id id);    /* "density" */
const char *stp_criterion_name(stp_criterion_id id);   /* "Density" */
/* STP_CRIT_COUNT if no criterion has that key. */
stp_criterion_id stp_criterion_find(const char *key);

/* The client's skin. Colour is linear-light RGB in 0..1. */
typedef struct stp_skin {
  int fitzpatrick;            /* 1..6 */
  float rgb[3];               /* base tone (derived from fitzpatrick unless the scenario sets it) */
  double heal_lightening;     /* 0..1: how much lighter a dot heals (0.25 = a quarter lighter) */
} stp_skin;

/* Existing hair (stubble) the client keeps: drawn on the scalp. */
typedef struct stp_hair_region {
  stp_shape shape;
  double density_per_cm2;     /* follicular units per cm2 */
  float rgb[3];               /* hair colour, linear RGB */
  double length_mm;           /* 0.5 = shaved stubble */
} stp_hair_region;

/* What a zone should reach by the end of one session (docs/scenario-api.md, "Sessions").
 * A zone without plans is judged only as a whole, healed, against its final targets. */
typedef struct stp_session_plan {
  bool set;                      /* this session has a plan for the zone */
  double density;                /* share (0..1] of the zone's final density placed by the end of
                                    this session, counted over every session so far */
  double ink;                    /* the ink planned this session (0: the zone's final ink) */
  int pigment;                   /* the pigment planned this session (-1: the zone's) */
  double needle_mm;              /* the needle planned this session (0: the zone's) */
} stp_session_plan;

/* How pigment heals and ages on this client (docs/scenario-api.md, "Healing"; the defaults
 * and their sources are in stp_scenario_defaults and docs/scoring.md, "Healing and time"). */
typedef struct stp_healing {
  double interval_days;          /* between two sessions */
  double redness_days;           /* redness fades over these first days */
  double flake_from_days, flake_to_days;   /* the scabs flake off between these days */
  double settle_days;            /* healed (settled) from this day on */
  double loss;                   /* share of impressions lost in healing at a depth in the window */
  double loss_shallow;           /* more lost when shallow: + loss_shallow x (1 - retention) */
  double loss_scar;              /* more lost in scar tissue: + loss_scar x (1 - uptake) */
  double fade_per_year;          /* healed opacity lost per year (rate of exp(-rate t)) */
  double spread_mm2_per_year;    /* a healed dot's diameter squared grows by this per year */
  double sun;                    /* 0..1: the client's sun exposure (fading x (1 + sun)) */
  double aftercare;              /* 0..1: 1 good; poor aftercare raises loss and fading
                                    (x (2 - aftercare)) */
  double scar_fade;              /* fading rate factor in scar tissue */
} stp_healing;

/* A touch-up case: the work the client comes back with, generated from the zones' targets
 * (stp_heal_history) and aged. */
typedef struct stp_history {
  bool set;
  double age_years;              /* years since that work healed */
  double density;                /* share of each zone's final density it had */
  double ink;                    /* its ink (0: each zone's final ink) */
  int sessions;                  /* sessions it was built in (1..STP_SCN_MAX_SESSIONS) */
  uint64_t seed;                 /* its layout (0: the scenario's seed) */
} stp_history;

/* Where a zone's target shade comes from (docs/scoring.md, "Shade"). */
typedef enum stp_shade_source {
  STP_SHADE_PLAN = 0,            /* the healed colour of the zone's planned ink and pigment (a zone
                                    built in C with zeroed fields; Lua: shade = "plan") */
  STP_SHADE_HAIR,                /* the client's own hair as it looks on this skin (Lua's default) */
  STP_SHADE_COLOUR               /* a colour the instructor gives (Lua: shade = "#rrggbb") */
} stp_shade_source;

/* A pigment of the kit: its colour as it heals in the dermis at full strength. */
typedef struct stp_kit_pigment {
  char id[STP_SCN_ID_LEN];       /* a-z, 0-9, '-' and '_'; what the work file's pigment column holds */
  char name[STP_SCN_ID_LEN];
  float rgb[3];                  /* linear RGB */
} stp_kit_pigment;

/* A zone of the work with its targets. */
typedef struct stp_zone {
  char id[STP_SCN_ID_LEN];
  char name[STP_SCN_ID_LEN];
  stp_shape shape;
  double density_per_cm2;     /* target impressions per cm2 */
  double density_tolerance;   /* +- per cm2 that still counts as on target */
  double angle_deg;           /* target grain direction (chart angle) */
  double ink;                 /* target ink concentration */
  double depth_mm;            /* target depth */
  /* Added for fields and roles; a zeroed value means constant targets and STP_ZONE_WORK. */
  stp_zone_role role;
  stp_field density_field, angle_field, ink_field, depth_field;
  double uptake;              /* scar zones: 0..1 (0 is read as 1) */
  double spread;              /* scar zones: >= 1 (0 is read as 1) */
  /* Added for the palette: the target shade and the planned tools (see stp_shade.h). */
  stp_shade_source shade_source;
  float shade_rgb[3];         /* STP_SHADE_COLOUR: the target healed dot-centre colour, linear RGB */
  int pigment;                /* planned pigment: index into stp_scenario.pigments */
  bool ink_auto, pigment_auto;/* the plan chooses them (stp_shade_plan): nearest the target shade */
  double needle_mm;           /* planned needle; 0 = the kit's needle nearest 0.25 mm */
  /* Added for sessions: what the zone should reach by the end of each session. */
  stp_session_plan plan[STP_SCN_MAX_SESSIONS];
  /* Added for tissue per zone (issue 9): its own depth window, uptake, spread and surface. */
  stp_tissue tissue;
} stp_zone;

typedef struct stp_rubric_item {
  bool enabled;
  double weight;              /* relative; weights are normalised over enabled criteria */
  double tolerance;           /* full marks within this (the criterion's own unit) */
  double zero;                /* the score reaches 0 here */
  double gate;                /* 0: none; else the criterion's score (0..100) below which the
                                 work fails whatever the weighted mean */
} stp_rubric_item;

typedef struct stp_rubric {
  double pass_mark;           /* overall score (0..100) needed to pass */
  stp_rubric_item items[STP_CRIT_COUNT];
  double merge_factor;        /* spacing: two dots merge when closer than factor * (r1 + r2) of their fresh spread */
  double max_merged_fraction; /* spacing: fraction of merged impressions at which the score reaches 0 */
  /* Added for the pattern part of spacing: the share (0..1) of the spacing score given to
   * how natural the pattern is (Clark-Evans ratio and grid-like order); 0 = merges only. */
  double pattern_weight;
  /* Added for boundaries: an impression outside every zone but within this distance (mm)
   * of a scored zone's edge is not counted as off the plan (a dot's own size and the
   * blending of a zone's edge). */
  double boundary_margin_mm;
  /* Added for the judgement of near-empty works: criteria judged dot by dot (spacing, grain,
   * shade, depth, boundaries) earn full marks only once the impressions placed in the zones
   * reach this share of the planned count (the zones' target density times their area);
   * below it their scores scale down in proportion, so two dots cannot score full marks on
   * "no merges" or "nothing outside". */
  double evidence_share;
  /* Set by the scorer only, in a session's judgement (stp_score_time.c), never by a scenario:
   * a zone below its planned density with context rows in it (the old work, the earlier
   * sessions' survivors) is judged on what the session added against what was left to place
   * (docs/scoring.md, "Sessions and the healed whole"). */
  bool density_left;
  /* Added for boundary classes (issue 9; docs/scoring.md, "Boundaries"): when on, ink off the
   * plan is weighed by where it went: hard (the forehead, the ears, a forbidden zone, bare skin
   * beyond the plan) and soft (the client's own hair, the done work, the blend margin past its
   * allowance). Off (the scenario gave neither `hard` nor `soft`): the old counting. */
  bool boundary_classes;
  double boundary_hard;          /* impressions each hard error counts as (default 5) */
  double boundary_soft;          /* ... each soft one (default 0.5) */
} stp_rubric;

/* Where the needle depth is stable (from the domain notes: 0.5..1.5 mm). */
typedef struct stp_depth_model {
  double shallow_mm;          /* below: pigment lost in healing */
  double deep_mm;             /* above: blow-out (spreads, turns bluish) */
} stp_depth_model;

/* A tutorial's coach steps (scenario key `tutorial`; docs/scenario-api.md, "tutorial"): what
 * the app asks the trainee to do, in the scenario's order, each step met by doing it. */
#define STP_TUTORIAL_LIST(X)                                              \
  X(STP_TUT_PLACE,  "place")    /* place an impression */                 \
  X(STP_TUT_ZOOM,   "zoom")     /* zoom in (or open the loupe) */         \
  X(STP_TUT_NEEDLE, "needle")   /* change the needle */                   \
  X(STP_TUT_HEALED, "healed")   /* look at the healed view */             \
  X(STP_TUT_FINISH, "finish")   /* finish and read the score */

typedef enum stp_tutorial_step {
#define STP_X_TUT(id, key) id,
  STP_TUTORIAL_LIST(STP_X_TUT)
#undef STP_X_TUT
  STP_TUT_COUNT
} stp_tutorial_step;

/* "place"; NULL out of range. */
const char *stp_tutorial_step_key(stp_tutorial_step step);
/* STP_TUT_COUNT if no step has that key. */
stp_tutorial_step stp_tutorial_step_find(const char *key);

typedef struct stp_scenario {
  char path[512];             /* the file it was loaded from ("" if built in C) */
  char id[STP_SCN_ID_LEN];
  char title[128];
  char brief[STP_SCN_TEXT_LEN];
  int difficulty;             /* 1..5 */
  double time_limit_s;        /* 0 = none */
  int sessions;               /* >= 1 */
  stp_skin skin;
  int hair_count;
  stp_hair_region hair[STP_SCN_MAX_HAIR];
  int zone_count;
  stp_zone zones[STP_SCN_MAX_ZONES];
  stp_rubric rubric;
  stp_depth_model depth;
  int needle_count;           /* needle diameters offered, mm */
  double needles_mm[STP_SCN_MAX_NEEDLES];
  int ink_count;              /* ink concentrations offered, 0..1 */
  double inks[STP_SCN_MAX_INKS];
  int pigment_count;          /* pigments in the kit (1..STP_SCN_MAX_PIGMENTS); the first is the
                                 default of a work without a pigment column */
  stp_kit_pigment pigments[STP_SCN_MAX_PIGMENTS];
  double view_x0, view_y0, view_x1, view_y1; /* chart rectangle to frame at start */
  /* Added: skin conditions, sampled fields, the part line for long hair. */
  int patch_count;
  stp_patch patches[STP_SCN_MAX_PATCHES];
  int grid_count;
  stp_grid grids[STP_SCN_MAX_GRIDS];
  bool has_part;              /* long hair parts along the segment (part_x0,y0)-(part_x1,y1) */
  double part_x0, part_y0, part_x1, part_y1;
  uint64_t seed;              /* the scenario's random seed (math.random, generated hair) */
  unsigned overlays;          /* STP_OVERLAY_* the trainee may turn on in practice (never in an assessment) */
  /* Added for time: healing and ageing, and a touch-up's existing work. */
  stp_healing healing;
  stp_history history;
  /* Added for the tutorial case: its coach steps in order (tutorial_count 0: not a tutorial;
   * `tutorial = true` gives every step in the order of STP_TUTORIAL_LIST). A tutorial is
   * exempt from `check`'s practice-time warnings (stp_pace.h). */
  int tutorial_count;
  stp_tutorial_step tutorial[STP_TUT_COUNT];
  /* Added for the pen (issue 14): a tilted pen's lean sets the grain of a contact that did
   * not move (scenario key `tilt_grain`; the app passes it to the input). */
  bool tilt_grain;
  /* Added for anatomy (issue 9): the client's head and its landmarks (`head { }` in the file;
   * the standard head otherwise). head_set: the file called head { }. */
  stp_head head;
  bool head_set;
  /* Added for the hairline design exercise (issue 9; scenario key `design`, stp_design.h):
   * the trainee draws the hairline first and the zones below are derived from it. */
  struct stp_design_spec {
    bool enabled;
    double depth_mm;             /* the hairline zone reaches this far behind the designed line */
    int zone;                    /* the zone derived as band(line, depth_mm, 0) within its own shape */
    int behind;                  /* -1, or the zone derived as its own shape behind that band */
    stp_shape clip[2];           /* those zones' shapes as the file gave them (what they are cut from) */
    int guides;                  /* what the consultation shows over the scalp (`guides`): STP_DESIGN_GUIDES_* */
  } design;
} stp_scenario;

/* The consultation's guides (design.guides): none; the glabella and a ruler up the midline
 * (the default: a technician's tape, not the answer); and also the landmarks (the answer,
 * for a first, guided case). */
enum { STP_DESIGN_GUIDES_NONE = 0, STP_DESIGN_GUIDES_RULER = 1, STP_DESIGN_GUIDES_LANDMARKS = 2 };

/* Overlays a scenario allows (stp_scenario.overlays); all by default. */
enum { STP_OVERLAY_ZONES = 1u, STP_OVERLAY_GRAIN = 2u, STP_OVERLAY_DENSITY = 4u, STP_OVERLAY_ALL = 7u };

/* Fill every field with its default (Fitzpatrick III, 3 sessions, standard needles and inks...). */
void stp_scenario_defaults(stp_scenario *s);
/* The base skin colour of a Fitzpatrick type (1..6), linear RGB. */
void stp_skin_tone(int fitzpatrick, float rgb[3]);
/* Check ranges and consistency. file is used for messages. */
stp_status stp_scenario_validate(const stp_scenario *s, stp_error *err);
/* The index of the first zone containing (x, y), or -1. */
int stp_scenario_zone_at(const stp_scenario *s, double x, double y);

/* Hair longer than this lies over the scalp as strands (drawn as long hair). */
#define STP_SCN_LONG_HAIR_MM 20.0
/* The most follicular units drawn over all hair regions of a kind (stubble, long hair):
 * past it the drawing widens every region's spacing alike, so sixteen dense regions over
 * the whole head cannot take seconds to start. `check` warns when a scenario hits it. */
#define STP_SCN_MAX_HAIR_UNITS  400000
#define STP_SCN_MAX_LONG_STRANDS 150000
/* The follicular units (grid cells over each region's bounds) the hair regions of a kind
 * ask for, and in *spread the factor (>= 1) by which the drawing widens their spacing to
 * stay within the bound above (1 when within it). */
size_t stp_scenario_hair_units(const stp_scenario *s, bool long_hair, double *spread);
/* Zone z's planned needle (mm): its needle_mm, or the kit's needle nearest 0.25 mm. */
double stp_scenario_zone_needle(const stp_scenario *s, int z);
/* True when the trainee places impressions in zone z: not forbidden, not done by the
 * instructor. Only such zones are planned, generated and scored. */
bool stp_scenario_zone_worked(const stp_scenario *s, int z);
/* True when some zone is done by the instructor (role STP_ZONE_DONE). */
bool stp_scenario_has_done(const stp_scenario *s);
/* True when some zone has a plan for some session: the work is then judged session by session. */
bool stp_scenario_has_plans(const stp_scenario *s);
/* True when the work is judged over time (session plans or a history): impressions lost in
 * healing then leave the final result (docs/scoring.md, "Healing and time"). */
bool stp_scenario_timed(const stp_scenario *s);
/* The scenario a session's plan is judged against: each planned zone's density (and its
 * tolerance) scaled to the plan's share, its ink, pigment and needle those of the plan, its
 * shade the plan's healed colour when the plan sets an ink or pigment. Zones without a plan
 * for that session keep their final targets. */
void stp_scenario_for_session(const stp_scenario *final, int session, stp_scenario *out);
/* The index of the kit's pigment with this id, or -1. */
int stp_scenario_find_pigment(const stp_scenario *s, const char *id);

#endif
