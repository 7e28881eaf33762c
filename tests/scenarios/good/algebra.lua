-- Shape algebra and landmarks (docs/scenario-api.md, "Shape algebra", "Landmarks"):
-- every expected value below is derived by hand in tests/unit/test_script.c.
local h = head { length = 214.5, age = 50, whorl = {-12, 205} }   -- 1.1 x the standard head
local line = { {-50, 100}, {50, 100} }                             -- walked toward +x: inside is +y
local front = band(line, 20, 0)                                    -- 100 x 20 behind it
local sq = rect { x = -60, y = 200, w = 120, h = 60 }
local notch = rect { x = -10, y = 190, w = 20, h = 40 }
local bite = minus(sq, notch)                                      -- 7200 - 20 x 30
local ring = band(rect { x = 100, y = 300, w = 40, h = 40 }, 5, 0) -- 1600 - 30 x 30, a hole
scenario {
  id = "algebra", title = "Algebra", brief = "Shape algebra and landmarks.",
  zones = {
    { id = "front", shape = front, density = 30, angle = 270 },
    { id = "bite", shape = bite, density = 30, angle = 90 },
    { id = "ring", shape = ring, density = 30, angle = 90 },
    { id = "joined", shape = union(rect { x = -120, y = 120, w = 20, h = 20 }, rect { x = -110, y = 130, w = 20, h = 20 }),
      density = 30, angle = 90 },
    -- a 10 x 20 rect at (100, 400) turned 90 degrees about (100, 400): x 80..100, y 400..410;
    -- then mirrored across the midline: x -100..-80; then moved 0, -20: y 380..390
    { id = "turned", shape = move(mirror(turn(rect { x = 100, y = 400, w = 10, h = 20 }, 90, {100, 400})), 0, -20),
      density = 30, angle = 90 },
    { id = "mfp", shape = circle { x = h.mfp.x, y = landmark.mfp[2], r = 3 }, density = 30, angle = 270 },
  },
}
