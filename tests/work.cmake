# Work file (CSV) tests: unit tests, the fuzz target and its corpus regression run.

stp_unit_test(test_work unit/test_work.c stipple_core)
# Let the test make allocations fail (out-of-memory paths): GNU ld / lld --wrap.
target_link_options(test_work PRIVATE -Wl,--wrap=malloc,--wrap=realloc,--wrap=calloc)
target_compile_definitions(test_work PRIVATE STP_WRAP_ALLOC=1)

# Every fixture, good and bad, run through the fuzz entry point on every build.
file(GLOB STP_WORK_CORPUS ${CMAKE_CURRENT_SOURCE_DIR}/data/work/*.csv)
add_executable(fuzz_work_corpus fuzz/fuzz_driver.c fuzz/fuzz_work.c)
target_compile_options(fuzz_work_corpus PRIVATE ${STIPPLE_WARNINGS})
target_link_libraries(fuzz_work_corpus PRIVATE stipple_core)
add_test(NAME fuzz_work_corpus COMMAND fuzz_work_corpus ${STP_WORK_CORPUS})

if(STIPPLE_FUZZ)
  # libFuzzer needs coverage instrumentation in the code under test, which
  # stipple_core does not get, so the sources the target exercises are built
  # into it directly (stp_work.c depends only on stp_error.c).
  set(STP_FUZZ_FLAGS -fsanitize=fuzzer,address,undefined -fno-omit-frame-pointer)
  add_executable(fuzz_work fuzz/fuzz_work.c
                 ${PROJECT_SOURCE_DIR}/engine/core/stp_work.c
                 ${PROJECT_SOURCE_DIR}/engine/core/stp_error.c)
  target_include_directories(fuzz_work PRIVATE ${PROJECT_SOURCE_DIR}/engine/core)
  target_compile_options(fuzz_work PRIVATE ${STIPPLE_WARNINGS} ${STP_FUZZ_FLAGS})
  target_link_options(fuzz_work PRIVATE ${STP_FUZZ_FLAGS})
  target_link_libraries(fuzz_work PRIVATE m)
endif()
