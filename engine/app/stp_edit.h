/* stp_edit.h - `stipple edit FILE.lua`: the visual case editor (docs/editor.md).
 *
 * The case opens in the game's window: the head's landmarks and the selected zone's
 * outline points are handles to drag (mouse or pen), a panel lists the zones with their
 * targets and the rubric's weights as steppers, `stipple check`'s messages show live, and a
 * preview shows the case as the trainee sees it, with an expert's work at the targets,
 * fresh or healed. What the instructor changes is kept in one generated block of the file
 * (stipple_edit { }, engine/script/stp_script_edit.h): every change rebuilds that block,
 * runs the whole file again and shows what it gives, so what is shown is what loads.
 * Depends on: every engine layer (through stp_app.h), SDL2.
 */
#ifndef STP_EDIT_H
#define STP_EDIT_H

int stp_cmd_edit(int argc, char **argv);

#endif
