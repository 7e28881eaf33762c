-- Sixteen dense long-hair regions over the whole head (issue #10, item 8, attack 8): this
-- asked for millions of strands and took 11 s to start. The drawing is bounded.
local hair = {}
for i = 1, 16 do
  hair[i] = { shape = rect { x = -200, y = -40, w = 400, h = 480 }, density = 150, length = 200 }
end
scenario {
  id = "long-hair-16", title = "Sixteen long-hair regions", brief = "b",
  hair = hair,
  zones = { { id = "field", shape = rect { x = -20, y = 120, w = 40, h = 30 }, density = 30 } },
}
