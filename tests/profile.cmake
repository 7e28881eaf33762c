# Trainee profiles (#14): the profile file, the curriculum rule and the series (unit), and
# the profile parser's fuzz target with its corpus run.
stp_unit_test(test_profile unit/test_profile.c stipple_core)

# Every profile fixture, good and bad, run through the fuzz entry point on every build.
file(GLOB STP_PROFILE_CORPUS ${CMAKE_CURRENT_SOURCE_DIR}/data/profile/*.txt)
add_executable(fuzz_profile_corpus fuzz/fuzz_driver.c fuzz/fuzz_profile.c)
target_compile_options(fuzz_profile_corpus PRIVATE ${STIPPLE_WARNINGS})
target_link_libraries(fuzz_profile_corpus PRIVATE stipple_core)
add_test(NAME fuzz_profile_corpus COMMAND fuzz_profile_corpus ${STP_PROFILE_CORPUS})

if(STIPPLE_FUZZ)
  # As fuzz_work (tests/work.cmake): the code under test is built into the target for
  # coverage instrumentation (stp_profile.c depends on stp_file.c and stp_error.c).
  set(STP_FUZZ_FLAGS -fsanitize=fuzzer,address,undefined -fno-omit-frame-pointer)
  add_executable(fuzz_profile fuzz/fuzz_profile.c
                 ${PROJECT_SOURCE_DIR}/engine/core/stp_profile.c
                 ${PROJECT_SOURCE_DIR}/engine/core/stp_file.c
                 ${PROJECT_SOURCE_DIR}/engine/core/stp_error.c)
  target_include_directories(fuzz_profile PRIVATE ${PROJECT_SOURCE_DIR}/engine/core)
  target_compile_options(fuzz_profile PRIVATE ${STIPPLE_WARNINGS} ${STP_FUZZ_FLAGS})
  target_link_options(fuzz_profile PRIVATE ${STP_FUZZ_FLAGS})
  target_link_libraries(fuzz_profile PRIVATE m)
endif()

# `stipple profile` through the real binary.
stp_unit_test(test_profile_cli unit/test_profile_cli.c stipple_core PkgConfig::CJSON)
target_compile_definitions(test_profile_cli PRIVATE STIPPLE_BIN="$<TARGET_FILE:stipple>")
add_dependencies(test_profile_cli stipple)
