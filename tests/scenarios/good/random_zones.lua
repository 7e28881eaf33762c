-- Zones placed with math.random: the sandbox's generator is seeded the same way in
-- every fresh state, so two loads of this file give exactly the same zones.
local zones = {}
for i = 1, 12 do
  local x = math.random(-80, 80) + math.random()         -- integer part and a fraction
  local y = 100 + math.random() * 150
  zones[i] = { id = "z" .. i, shape = circle { x = x, y = y, r = 3 + math.random(5) },
               density = math.random(10, 60) }
end
scenario {
  id = "random-zones",
  title = "Random zones",
  brief = "Zones scattered with math.random.",
  zones = zones,
}
