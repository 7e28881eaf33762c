# Exams, certificates, xAPI export and the assessor's PDF (issue #10, items 6 and 7).
stp_unit_test(test_exam_file unit/test_exam_file.c stipple_script)
stp_unit_test(test_report unit/test_report.c stipple_report stipple_script SDL2_image::SDL2_image)
# The commands as a user runs them, on bundles sealed by the tests (bundle_make.h).
stp_unit_test(test_certify unit/test_certify.c stipple_app)
target_compile_definitions(test_certify PRIVATE STIPPLE_BIN="$<TARGET_FILE:stipple>")
add_dependencies(test_certify stipple)
