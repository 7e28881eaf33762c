# Certification (#10): the cert layer (SHA-256, station keys, the sealed bundle), verify and
# keys (in-process through stipple_app, and the real binary), and the input record's fuzz
# target with its corpus run.

stp_unit_test(test_bundle unit/test_bundle.c stipple_app PkgConfig::LIBZIP)
stp_unit_test(test_verify unit/test_verify.c stipple_app PkgConfig::LIBZIP)
target_compile_definitions(test_verify PRIVATE STIPPLE_BIN="$<TARGET_FILE:stipple>")
add_dependencies(test_verify stipple)

# Every record fixture, good and bad, run through the fuzz entry point on every build.
file(GLOB STP_RECORD_CORPUS ${CMAKE_CURRENT_SOURCE_DIR}/data/record/*.txt)
add_executable(fuzz_record_corpus fuzz/fuzz_driver.c fuzz/fuzz_record.c)
target_compile_options(fuzz_record_corpus PRIVATE ${STIPPLE_WARNINGS})
target_link_libraries(fuzz_record_corpus PRIVATE stipple_core)
add_test(NAME fuzz_record_corpus COMMAND fuzz_record_corpus ${STP_RECORD_CORPUS})

if(STIPPLE_FUZZ)
  # As fuzz_work (tests/work.cmake): the code under test is built into the target for
  # coverage instrumentation (stp_record.c depends only on stp_error.c).
  set(STP_FUZZ_FLAGS -fsanitize=fuzzer,address,undefined -fno-omit-frame-pointer)
  add_executable(fuzz_record fuzz/fuzz_record.c
                 ${PROJECT_SOURCE_DIR}/engine/core/stp_record.c
                 ${PROJECT_SOURCE_DIR}/engine/core/stp_error.c)
  target_include_directories(fuzz_record PRIVATE ${PROJECT_SOURCE_DIR}/engine/core)
  target_compile_options(fuzz_record PRIVATE ${STIPPLE_WARNINGS} ${STP_FUZZ_FLAGS})
  target_link_options(fuzz_record PRIVATE ${STP_FUZZ_FLAGS})
  target_link_libraries(fuzz_record PRIVATE m)
endif()
