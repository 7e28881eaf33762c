# GUI and command-line tests of the real `stipple` binary.
find_program(XVFB_RUN xvfb-run)
find_program(XDOTOOL xdotool)
if(XVFB_RUN AND XDOTOOL)
  add_test(NAME gui_play
           COMMAND ${XVFB_RUN} -a -s "-screen 0 1280x1024x24"
                   bash ${CMAKE_CURRENT_SOURCE_DIR}/gui/play_test.sh $<TARGET_FILE:stipple>
                   ${PROJECT_SOURCE_DIR}/scenarios/01_practice_field.lua)
  # Under the sanitizers the GUI test keeps ASan's memory-error checks but not leak
  # detection: SDL dlopens X11 helper libraries and unloads them in SDL_Quit, so their
  # allocations reach LeakSanitizer from an "<unknown module>" that no suppression can
  # name. Stipple's own allocations are leak-checked by the unit tests and test_cli
  # (which runs stipple score and stipple render under LeakSanitizer).
  set_tests_properties(gui_play PROPERTIES TIMEOUT 120
                       ENVIRONMENT "ASAN_OPTIONS=detect_leaks=0:abort_on_error=1")
  add_test(NAME gui_reload
           COMMAND ${XVFB_RUN} -a -s "-screen 0 1280x1024x24"
                   bash ${CMAKE_CURRENT_SOURCE_DIR}/gui/reload_test.sh $<TARGET_FILE:stipple>
                   ${PROJECT_SOURCE_DIR}/scenarios/01_practice_field.lua)
  set_tests_properties(gui_reload PROPERTIES TIMEOUT 120 ENVIRONMENT "ASAN_OPTIONS=detect_leaks=0:abort_on_error=1")
  add_test(NAME gui_hook
           COMMAND ${XVFB_RUN} -a -s "-screen 0 1280x1024x24"
                   bash ${CMAKE_CURRENT_SOURCE_DIR}/gui/hook_test.sh $<TARGET_FILE:stipple>
                   ${PROJECT_SOURCE_DIR}/scenarios/01_practice_field.lua)
  set_tests_properties(gui_hook PROPERTIES TIMEOUT 120 ENVIRONMENT "ASAN_OPTIONS=detect_leaks=0:abort_on_error=1")
  add_test(NAME gui_menu
           COMMAND ${XVFB_RUN} -a -s "-screen 0 1280x1024x24"
                   bash ${CMAKE_CURRENT_SOURCE_DIR}/gui/menu_test.sh $<TARGET_FILE:stipple>)
  set_tests_properties(gui_menu PROPERTIES TIMEOUT 120
                       ENVIRONMENT "ASAN_OPTIONS=detect_leaks=0:abort_on_error=1;STIPPLE_DATA_DIR=${PROJECT_SOURCE_DIR}")
else()
  message(WARNING "xvfb-run or xdotool missing: the GUI test is skipped (run scripts/deps.sh)")
endif()

stp_unit_test(test_cli unit/test_cli.c stipple_core SDL2::SDL2 SDL2_image::SDL2_image PkgConfig::CJSON)
target_compile_definitions(test_cli PRIVATE STIPPLE_BIN="$<TARGET_FILE:stipple>")
add_dependencies(test_cli stipple)
