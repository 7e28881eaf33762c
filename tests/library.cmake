# The bundled scenario library (scenarios/*.lua): every case loads, passes `stipple check`
# (the linter in engine/app/stp_check.c, built into the test), an expert work generated
# from its targets passes it and an empty work fails it.
stp_unit_test(test_library unit/test_library.c stipple_script stipple_core)
target_sources(test_library PRIVATE ${PROJECT_SOURCE_DIR}/engine/app/stp_check.c)
target_include_directories(test_library PRIVATE ${PROJECT_SOURCE_DIR}/engine/app)
# The cases over time (scenarios/11..14): layered works (stp_gen_sessions) judged session by
# session as an assessor would; the generator's plans, gaps and inks.
stp_unit_test(test_cases_time unit/test_cases_time.c stipple_script stipple_core)
# Old scenario files still load and score as before: the cases 03, 05 and 07 as they were before
# they were rebuilt on landmarks (tests/data/legacy/), and the old building blocks' shapes.
stp_unit_test(test_legacy unit/test_legacy.c stipple_script stipple_core)
target_compile_definitions(test_legacy PRIVATE STIPPLE_BIN="$<TARGET_FILE:stipple>")
add_dependencies(test_legacy stipple)
