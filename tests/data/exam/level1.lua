-- A two-case exam for tests: the practice field once, the blend twice in a row over 90 %
-- of the experts' mean.
exam {
  id = "level-1",
  title = "Level 1 (test)",
  cases = {
    { scenario = "practice.lua" },
    { scenario = "blend.lua", attempts = 3, consecutive = 2,
      benchmark = { reference = { "expert_blend.csv" }, margin = 0.9 } },
  },
}
