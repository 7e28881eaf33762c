/* main.c - `stipple`: the game and its command-line tools in one binary. */
#include <stdio.h>
#include <string.h>

#include "stp_app.h"
#include "stp_check.h"
#include "stp_edit.h"
#include "stp_version.h"

static void usage(FILE *f) {
  fprintf(f,
    "Stipple %s - scalp micropigmentation training simulator\n"
    "\n"
    "Usage:\n"
    "  stipple [--scenario FILE] [--work FILE] [--new] [--size WxH] [--pressure-gamma G]\n"
    "          [--profile NAME] [--unlock-all] [--pen] [--mute]\n"
    "      Play. Without --scenario, a menu lists the bundled cases in curriculum order.\n"
    "      The work is autosaved every second to --work FILE, or by default to\n"
    "      ~/.local/share/stipple/works/<scenario-id>.csv, and resumed from there; its\n"
    "      input record (<work>.record.txt) lets `stipple replay` show how it was made.\n"
    "      --new moves an existing autosave aside (<file>.prev.csv) and starts afresh.\n"
    "      --pressure-gamma G shapes a pen's pressure curve: depth follows pressure^G\n"
    "      (1 = linear, the default; above 1 a firmer press is needed to go deep); it is\n"
    "      saved in the profile. --pen opens the pen screen: the curve and a test strip.\n"
    "      --profile NAME plays as that trainee (default: the profile \"default\"): attempts,\n"
    "      unlocks and works are theirs; --unlock-all opens every case for that profile.\n"
    "      --mute: no sounds (a tap and a short needle buzz as each impression lands;\n"
    "      without an audio device the game is silent anyway).\n"
    "  stipple --assess --scenario FILE --candidate ID [--bundle FILE] [--retake] [--size WxH]\n"
    "      An exam: the scenario is read once; an empty work and an input record of its\n"
    "      own; no undo, overlays or live counts; the scenario's time limit is enforced;\n"
    "      Finish asks first. Finishing scores the work once and seals it into a bundle\n"
    "      signed with the station's key (stipple keys), at FILE or in the exam's folder;\n"
    "      the path is printed (\"stipple: sealed PATH\"). A sealed exam cannot be reopened;\n"
    "      --retake (the examiner's call) begins the next attempt instead.\n"
    "  stipple score --scenario FILE --work WORK.csv [--json] [--maps DIR]\n"
    "      Score a work headlessly: overall score, pass/fail, one line per criterion.\n"
    "      --maps DIR also writes DIR/<criterion>.png, a heatmap per criterion.\n"
    "  stipple targets --scenario FILE [--cell MM] [--session K] [--csv]\n"
    "  stipple targets --scenario FILE --kit\n"
    "      Print the scenario's target fields sampled every MM mm (default 1) as CSV:\n"
    "      x_mm,y_mm,zone,density_per_cm2,angle_deg,ink,depth_mm,needle_mm,pigment (cells in\n"
    "      a zone only); --session K: what session K's plan asks by its end; --kit prints\n"
    "      the kit instead: kind,value (needle, pigment, ink).\n"
    "  stipple render --scenario FILE --work WORK.csv --out IMAGE.png [--healed | --at DAYS]\n"
    "                 [--size WxH] [--head] [--zones] [--landmarks]\n"
    "      Render the scalp with the work to a PNG without a window (--head frames the\n"
    "      whole head instead of the scenario's view; --zones outlines the zones;\n"
    "      --landmarks draws the head's landmarks and its natural hairline).\n"
    "      --at DAYS shows it DAYS days after its last session (0, 7, 30, 365, 1825...).\n"
    "  stipple check [--strict] FILE...\n"
    "      Validate scenario files for authors: syntax, unknown keys, ranges, overlapping\n"
    "      zones, zones off the scalp, rubric weights, unreachable targets. Prints OK or\n"
    "      each problem as file:line: error|warning: ...; exits 0 only if all are clean\n"
    "      (--strict: warnings count too).\n"
    "  stipple replay BUNDLE [--key PUBLIC] | --scenario FILE --record RECORD\n"
    "                 [--size WxH] [--at SECONDS] [--speed N]\n"
    "      Watch a recorded session again in a window: the work as it grew, the pointer,\n"
    "      the candidate's view, and the assessor's figures (rate, pressure consistency,\n"
    "      rework, time per zone). A bundle is verified first; one that fails is still\n"
    "      shown, marked NOT VERIFIED. --at starts paused at that second; --speed 1..32.\n"
    "      Keys: Space play/pause, 1-6 or +/- speed, Left/Right 5 s, Home/End, click or\n"
    "      drag the bar at the foot to seek, F follow the candidate's view, F12, Esc.\n"
    "  stipple keys [--show]\n"
    "      Make this station's Ed25519 key pair when it has none (station.key, mode 0600,\n"
    "      and station.pub in $STIPPLE_KEY_DIR, else ~/.config/stipple), else show it:\n"
    "      the public key, its fingerprint and the paths (never the secret key).\n"
    "      --show only shows it.\n"
    "  stipple verify BUNDLE [--key PUBLIC]\n"
    "      Check a sealed exam bundle: the signature over every byte (by the key in the\n"
    "      file PUBLIC, else this station's station.pub), every member's SHA-256, the work\n"
    "      rebuilt from the input record, the result re-scored from the work. One line per\n"
    "      check; exit 0 when all hold, 5 when anything differs.\n"
    "  stipple export --xapi BUNDLE [--key PUBLIC] [--home-page IRL] [--out FILE]\n"
    "      Verify a sealed bundle, then write its xAPI statements (completed, passed or\n"
    "      failed) as a JSON array; actor = account {IRL, the candidate}.\n"
    "  stipple report BUNDLE [--key PUBLIC] --out FILE.pdf\n"
    "      Verify a sealed bundle, then write the assessor's one-page PDF report.\n"
    "  stipple certify --exam EXAM.lua --candidate ID [--key PUBLIC] --out CERT.json BUNDLE...\n"
    "      Verify every bundle, judge them against the exam's cases and rule, and write one\n"
    "      signed certificate record (CERT.json and CERT.json.sig). Exit 0 certified,\n"
    "      6 not certified, 5 a bundle did not verify, 3 a bad exam file.\n"
    "  stipple profile [--profile NAME] [--json] [--unlock-all]\n"
    "      Print a trainee's progress: each case of the curriculum with its best score,\n"
    "      grade, attempts and state (locked, open, passed, in progress). Without\n"
    "      --profile, the default profile. A profile not yet saved shows empty.\n"
    "      --unlock-all (an instructor's switch) writes unlock_all into the profile.\n"
    "  stipple bench [--impressions N] [--repeats N] [--no-render] [--layouts] [--time]\n"
    "      Measure scoring, the work file and frame times on generated works.\n"
    "  stipple bench --input [--impressions N] [--events N] | --startup [--repeats N] [--scenario FILE]\n"
    "      In a window: clicks pushed into SDL's queue to the frame showing each dot; or the\n"
    "      game launched again and again, from launch to its first frame (docs/performance.md).\n"
    "  stipple make-assets --out DIR\n"
    "      Make the bundled assets again (the palette's icons, the sounds, the skin\n"
    "      swatches) into DIR, the source tree's assets/ (assets/README.md).\n"
    "  stipple --version | --help\n"
    "\n"
    "Keys in the game: left click = one impression; right-drag or arrows = pan;\n"
    "wheel or +/- = zoom; 0 = fit; [ ] or Shift+wheel = pressure (depth); N = needle;\n"
    "I = ink dilution; Q/E = rotate grain; Z = undo; Y = redo; G = zones;\n"
    "H / Shift+H = time: later / earlier (day 3, 7, the next session, 1 month, 1 and 5 years);\n"
    "S = end the session (a healing interlude, then the next session);\n"
    "L = loupe (5x under the cursor); A = move long hair aside; M = the menu of cases;\n"
    "O = overlays (target grain arrows, live density heatmap); V = maps on the result;\n"
    "F or the Finish button = finish and score; Esc = back to work.\n"
    "\n"
    "Exit codes: 0 success, 2 usage error, 3 bad scenario or work file,\n"
    "4 file or display error, 5 a bundle failed verification, 6 not certified.\n",
    STP_VERSION_STRING);
}

int main(int argc, char **argv) {
  if (argc >= 2) {
    if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "help") == 0) {
      usage(stdout);
      return STP_EXIT_OK;
    }
    if (strcmp(argv[1], "--version") == 0) {
      printf("stipple %s\n", STP_VERSION_STRING);
      return STP_EXIT_OK;
    }
    if (strcmp(argv[1], "score") == 0) return stp_cmd_score(argc - 1, argv + 1);
    if (strcmp(argv[1], "render") == 0) return stp_cmd_render(argc - 1, argv + 1);
    if (strcmp(argv[1], "bench") == 0) return stp_cmd_bench(argc - 1, argv + 1);
    if (strcmp(argv[1], "targets") == 0) return stp_cmd_targets(argc - 1, argv + 1);
    if (strcmp(argv[1], "replay") == 0) return stp_cmd_replay(argc - 1, argv + 1);
    if (strcmp(argv[1], "check") == 0) return stp_cmd_check(argc - 1, argv + 1);
    if (strcmp(argv[1], "edit") == 0) return stp_cmd_edit(argc - 1, argv + 1);
    if (strcmp(argv[1], "keys") == 0) return stp_cmd_keys(argc - 1, argv + 1);
    if (strcmp(argv[1], "verify") == 0) return stp_cmd_verify(argc - 1, argv + 1);
    if (strcmp(argv[1], "export") == 0) return stp_cmd_export(argc - 1, argv + 1);
    if (strcmp(argv[1], "report") == 0) return stp_cmd_report(argc - 1, argv + 1);
    if (strcmp(argv[1], "certify") == 0) return stp_cmd_certify(argc - 1, argv + 1);
    if (strcmp(argv[1], "make-assets") == 0) return stp_cmd_make_assets(argc - 1, argv + 1);
    if (strcmp(argv[1], "profile") == 0) return stp_cmd_profile(argc - 1, argv + 1);
    if (argv[1][0] != '-') {
      fprintf(stderr, "stipple: unknown command '%s' (try --help)\n", argv[1]);
      return STP_EXIT_USAGE;
    }
  }
  return stp_cmd_play(argc, argv);
}
