-- A hairline case for the editor's tests (tests/unit/test_edit.c, tests/gui/edit_test.sh).
-- Hand-written comment: the hairline zone follows the landmarks, so moving the
-- mid-frontal point in `stipple edit` moves the zone's front.

head { age = 35 }   -- a 35-year-old client on the standard head

-- the designed line, temple peak to temple peak through the landmarks
local line = { landmark.temple_peak_left, landmark.ftp_left, landmark.mfp,
               landmark.ftp_right, landmark.temple_peak_right }

scenario {
  id = "edit-case",
  title = "Editor test: a hairline and a crown",
  brief = "Pigment the hairline band and the crown.",
  zones = {
    { id = "hairline", shape = band(line, 20, 0), density = 35, role = "hairline" },  -- 2 cm behind the line
    { id = "crown", shape = polygon { {-30, 170}, {30, 170}, {30, 230}, {-30, 230} }, density = 30 },
  },
  rubric = { density = 0.6, spacing = 0.4 },
}
