# Input tests: synthetic SDL events (dummy video driver, no display).
stp_unit_test(test_input unit/test_input.c stipple_input)
# XInput2: the translation of raw device events, the feed format, pen samples into input.
stp_unit_test(test_xi2 unit/test_xi2.c stipple_input)
# Every XI2 feed fixture, good and bad, through the fuzz entry point on every build.
file(GLOB STP_XI2_CORPUS ${CMAKE_CURRENT_SOURCE_DIR}/data/xi2/*.txt)
add_executable(fuzz_xi2_corpus fuzz/fuzz_driver.c fuzz/fuzz_xi2.c)
target_compile_options(fuzz_xi2_corpus PRIVATE ${STIPPLE_WARNINGS})
target_link_libraries(fuzz_xi2_corpus PRIVATE stipple_input)
add_test(NAME fuzz_xi2_corpus COMMAND fuzz_xi2_corpus ${STP_XI2_CORPUS})
if(STIPPLE_FUZZ)
  set(STP_FUZZ_FLAGS -fsanitize=fuzzer,address,undefined -fno-omit-frame-pointer)
  add_executable(fuzz_xi2 fuzz/fuzz_xi2.c ${PROJECT_SOURCE_DIR}/engine/input/stp_xi2.c ${PROJECT_SOURCE_DIR}/engine/input/stp_xi2_x11.c
                 ${PROJECT_SOURCE_DIR}/engine/core/stp_error.c ${PROJECT_SOURCE_DIR}/engine/core/stp_file.c)
  target_include_directories(fuzz_xi2 PRIVATE ${PROJECT_SOURCE_DIR}/engine/input ${PROJECT_SOURCE_DIR}/engine/core)
  target_compile_options(fuzz_xi2 PRIVATE ${STIPPLE_WARNINGS} ${STP_FUZZ_FLAGS})
  target_link_options(fuzz_xi2 PRIVATE ${STP_FUZZ_FLAGS})
  target_link_libraries(fuzz_xi2 PRIVATE SDL2::SDL2 m)
endif()
