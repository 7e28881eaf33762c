# GUI and command-line tests of the real `stipple` binary.
# The GUI tests run the game under Xvfb, drive it with xdotool and read its pixels from
# the screenshots it saves on F12 (gui_probe reads them: no ImageMagick).
add_executable(gui_probe gui/gui_probe.c)
target_compile_options(gui_probe PRIVATE ${STIPPLE_WARNINGS})
target_link_libraries(gui_probe PRIVATE stipple_render SDL2::SDL2 SDL2_image::SDL2_image PkgConfig::CJSON)

# An expert work for a case (the loop test finishes a case with a passing work).
add_executable(gui_expert gui/gui_expert.c)
target_compile_options(gui_expert PRIVATE ${STIPPLE_WARNINGS})
target_link_libraries(gui_expert PRIVATE stipple_script stipple_core)

find_program(XVFB_RUN xvfb-run)
find_program(XDOTOOL xdotool)
find_program(XAUTH xauth)
# Under the sanitizers the GUI tests keep ASan's memory-error checks but not leak
# detection: SDL dlopens X11 helper libraries and unloads them in SDL_Quit, so their
# allocations reach LeakSanitizer from an "<unknown module>" that no suppression can
# name. Stipple's own allocations are leak-checked by the unit tests and test_cli
# (which runs stipple score and stipple render under LeakSanitizer).
set(STP_GUI_ENV "ASAN_OPTIONS=detect_leaks=0:abort_on_error=1")
if(XVFB_RUN AND XDOTOOL AND XAUTH)
  set(STP_XVFB ${XVFB_RUN} -a -s "-screen 0 1280x1024x24")
  set(STP_PRACTICE ${PROJECT_SOURCE_DIR}/scenarios/01_practice_field.lua)
  foreach(t play reload hook exam files sound)
    add_test(NAME gui_${t}
             COMMAND ${STP_XVFB} bash ${CMAKE_CURRENT_SOURCE_DIR}/gui/${t}_test.sh
                     $<TARGET_FILE:stipple> $<TARGET_FILE:gui_probe> ${STP_PRACTICE})
    set_tests_properties(gui_${t} PROPERTIES TIMEOUT 120 ENVIRONMENT "${STP_GUI_ENV}")
  endforeach()
  add_test(NAME gui_replay
           COMMAND ${STP_XVFB} bash ${CMAKE_CURRENT_SOURCE_DIR}/gui/replay_test.sh
                   $<TARGET_FILE:stipple> $<TARGET_FILE:gui_probe> ${STP_PRACTICE}
                   ${CMAKE_CURRENT_SOURCE_DIR}/data/record/good_practice_10.txt)
  set_tests_properties(gui_replay PROPERTIES TIMEOUT 120 ENVIRONMENT "${STP_GUI_ENV}")
  add_test(NAME gui_design
           COMMAND ${STP_XVFB} bash ${CMAKE_CURRENT_SOURCE_DIR}/gui/design_test.sh
                   $<TARGET_FILE:stipple> $<TARGET_FILE:gui_probe>
                   ${PROJECT_SOURCE_DIR}/scenarios/15_hairline_design.lua)
  set_tests_properties(gui_design PROPERTIES TIMEOUT 180 ENVIRONMENT "${STP_GUI_ENV}")
  add_test(NAME gui_sessions
           COMMAND ${STP_XVFB} bash ${CMAKE_CURRENT_SOURCE_DIR}/gui/sessions_test.sh
                   $<TARGET_FILE:stipple> $<TARGET_FILE:gui_probe>
                   ${CMAKE_CURRENT_SOURCE_DIR}/data/scenarios/three_sessions.lua)
  set_tests_properties(gui_sessions PROPERTIES TIMEOUT 180 ENVIRONMENT "${STP_GUI_ENV}")
  add_test(NAME gui_edit
           COMMAND ${STP_XVFB} bash ${CMAKE_CURRENT_SOURCE_DIR}/gui/edit_test.sh
                   $<TARGET_FILE:stipple> $<TARGET_FILE:gui_probe>
                   ${CMAKE_CURRENT_SOURCE_DIR}/data/scenarios/edit_case.lua)
  set_tests_properties(gui_edit PROPERTIES TIMEOUT 120 ENVIRONMENT "${STP_GUI_ENV}")
  add_test(NAME gui_bench COMMAND ${STP_XVFB} bash ${CMAKE_CURRENT_SOURCE_DIR}/gui/bench_test.sh $<TARGET_FILE:stipple>)
  set_tests_properties(gui_bench PROPERTIES TIMEOUT 180 ENVIRONMENT "${STP_GUI_ENV}")
  add_test(NAME gui_xi2
           COMMAND ${STP_XVFB} bash ${CMAKE_CURRENT_SOURCE_DIR}/gui/xi2_test.sh
                   $<TARGET_FILE:stipple> $<TARGET_FILE:gui_probe> ${STP_PRACTICE}
                   ${CMAKE_CURRENT_SOURCE_DIR}/data/xi2/good_wacom_pen.txt)
  set_tests_properties(gui_xi2 PROPERTIES TIMEOUT 120 ENVIRONMENT "${STP_GUI_ENV}")
  add_test(NAME gui_xi2_uinput COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/gui/xi2_uinput_test.sh $<TARGET_FILE:stipple>)
  set_tests_properties(gui_xi2_uinput PROPERTIES TIMEOUT 60 SKIP_RETURN_CODE 77)
  add_test(NAME gui_menu
           COMMAND ${STP_XVFB} bash ${CMAKE_CURRENT_SOURCE_DIR}/gui/menu_test.sh
                   $<TARGET_FILE:stipple> $<TARGET_FILE:gui_probe>)
  set_tests_properties(gui_menu PROPERTIES TIMEOUT 120
                       ENVIRONMENT "${STP_GUI_ENV};STIPPLE_DATA_DIR=${PROJECT_SOURCE_DIR}")
  add_test(NAME gui_loop
           COMMAND ${XVFB_RUN} -a -s "-screen 0 1300x820x24" bash ${CMAKE_CURRENT_SOURCE_DIR}/gui/loop_test.sh
                   $<TARGET_FILE:stipple> $<TARGET_FILE:gui_probe> $<TARGET_FILE:gui_expert> ${PROJECT_SOURCE_DIR})
  set_tests_properties(gui_loop PROPERTIES TIMEOUT 180 ENVIRONMENT "${STP_GUI_ENV}")
  add_test(NAME gui_tutorial
           COMMAND ${STP_XVFB} bash ${CMAKE_CURRENT_SOURCE_DIR}/gui/tutorial_test.sh
                   $<TARGET_FILE:stipple> $<TARGET_FILE:gui_expert> ${PROJECT_SOURCE_DIR})
  set_tests_properties(gui_tutorial PROPERTIES TIMEOUT 180 ENVIRONMENT "${STP_GUI_ENV}")
  add_test(NAME gui_palette COMMAND ${STP_XVFB} bash ${CMAKE_CURRENT_SOURCE_DIR}/gui/palette_test.sh $<TARGET_FILE:stipple>
           ${PROJECT_SOURCE_DIR}/scenarios/01_practice_field.lua)
  set_tests_properties(gui_palette PROPERTIES TIMEOUT 120 ENVIRONMENT "${STP_GUI_ENV}")
  # A window taller than wide (an upright tablet): on a screen that holds it.
  add_test(NAME gui_portrait
           COMMAND ${XVFB_RUN} -a -s "-screen 0 1000x1400x24" bash ${CMAKE_CURRENT_SOURCE_DIR}/gui/portrait_test.sh
                   $<TARGET_FILE:stipple> ${PROJECT_SOURCE_DIR})
  set_tests_properties(gui_portrait PROPERTIES TIMEOUT 120 ENVIRONMENT "${STP_GUI_ENV}")
  add_test(NAME gui_pen COMMAND ${STP_XVFB} bash ${CMAKE_CURRENT_SOURCE_DIR}/gui/pen_test.sh $<TARGET_FILE:stipple>)
  set_tests_properties(gui_pen PROPERTIES TIMEOUT 120 ENVIRONMENT "${STP_GUI_ENV}")
else()
  # Not a silent skip: the suite fails, saying what to install.
  message(WARNING "xvfb-run, xauth or xdotool missing: the GUI tests will fail (run scripts/deps.sh)")
  add_test(NAME gui_tools
           COMMAND sh -c "echo 'FAIL: the GUI tests need xvfb-run, xauth and xdotool: install xvfb, xauth and xdotool (scripts/deps.sh), then configure again' >&2; exit 1")
endif()

stp_unit_test(test_cli unit/test_cli.c stipple_core SDL2::SDL2 SDL2_image::SDL2_image PkgConfig::CJSON)
target_compile_definitions(test_cli PRIVATE STIPPLE_BIN="$<TARGET_FILE:stipple>")
add_dependencies(test_cli stipple)
