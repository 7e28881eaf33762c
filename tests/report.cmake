# Exams, certificates, xAPI export and the assessor's PDF (issue #10, items 6 and 7).
stp_unit_test(test_exam unit/test_exam.c stipple_script)
stp_unit_test(test_report unit/test_report.c stipple_report stipple_script SDL2_image::SDL2_image)
