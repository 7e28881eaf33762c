# Scenario scripts (engine/script): unit tests over the bundled scenario and the
# fixtures in tests/scenarios/{good,bad}, the fuzz target and its corpus run.
stp_unit_test(test_script unit/test_script.c stipple_script)
stp_unit_test(test_script_work unit/test_script_work.c stipple_script)
stp_unit_test(test_edit unit/test_edit.c stipple_script)

# Every fixture, good and bad, run through the fuzz entry point on every build.
if(EXISTS ${CMAKE_CURRENT_SOURCE_DIR}/fuzz/fuzz_driver.c)
  file(GLOB STP_SCENARIO_CORPUS ${CMAKE_CURRENT_SOURCE_DIR}/scenarios/good/*.lua
                                ${CMAKE_CURRENT_SOURCE_DIR}/scenarios/bad/*.lua)
  add_executable(fuzz_scenario_corpus fuzz/fuzz_driver.c fuzz/fuzz_scenario.c)
  target_compile_options(fuzz_scenario_corpus PRIVATE ${STIPPLE_WARNINGS})
  target_link_libraries(fuzz_scenario_corpus PRIVATE stipple_script)
  add_test(NAME fuzz_scenario_corpus COMMAND fuzz_scenario_corpus ${STP_SCENARIO_CORPUS})
endif()

if(STIPPLE_FUZZ)
  # libFuzzer needs coverage instrumentation in the code under test, so the script
  # layer's sources are built into the target directly; the core (validation, shapes)
  # and Lua itself come uninstrumented from stipple_core and the system library.
  set(STP_FUZZ_FLAGS -fsanitize=fuzzer,address,undefined -fno-omit-frame-pointer)
  # Every source of the script layer, as its own CMakeLists lists them (a hand-kept copy of
  # the list missed new files).
  get_target_property(STP_SCRIPT_SRCS stipple_script SOURCES)
  list(TRANSFORM STP_SCRIPT_SRCS PREPEND ${PROJECT_SOURCE_DIR}/engine/script/)
  add_executable(fuzz_scenario fuzz/fuzz_scenario.c ${STP_SCRIPT_SRCS})
  target_include_directories(fuzz_scenario PRIVATE ${PROJECT_SOURCE_DIR}/engine/script)
  target_compile_options(fuzz_scenario PRIVATE ${STIPPLE_WARNINGS} ${STP_FUZZ_FLAGS})
  target_link_options(fuzz_scenario PRIVATE ${STP_FUZZ_FLAGS})
  target_link_libraries(fuzz_scenario PRIVATE stipple_core PkgConfig::LUA m)
endif()
stp_unit_test(test_heal unit/test_heal.c stipple_script)
# The conditions built from the head's landmarks (norwood_loss, fut_strip, ...): no seams, their
# anatomy, their errors (tests/data/conditions/check.lua).
stp_unit_test(test_conditions unit/test_conditions.c stipple_script)
