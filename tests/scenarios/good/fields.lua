-- Every key added with fields, roles, patches and the condition building blocks.
local loss = norwood(4, { density = 70, color = "#2a2320" })
local part = ludwig(1).part
local scar = fut_scar { y = 300, length = 180, width = 4, curve = 8 }
math.randomseed(7)
local jitter = math.random()
scenario {
  id = "fields", title = "Fields", brief = "All the new keys.", seed = 77,
  client = { skin = 4, age = 50 },
  hair = loss.hair,
  part = { from = part.from, to = { x = part.to[1], y = part.to[2] } },
  patches = {
    scar,
    alopecia_patch { x = -60, y = 160, rx = 10, ry = 7, rotation = 30, tone = 0.1 },
    fue_scars { count = 5, region = ellipse { x = 0, y = 350, rx = 60, ry = 20 }, seed = 2 },
  },
  zones = {
    { id = "front", shape = loss.bald[1], role = "hairline",
      density = ramp { from = 5, to = 30, width = 8 }, angle = 270 + jitter * 0 },
    { id = "crown", shape = loss.bald[2], density = 30,
      angle = whorl { x = 8, y = 205, sense = "counterclockwise", tightness = 45 } },
    { id = "scar", shape = fut_scar { y = 300, length = 184, width = 10, curve = 8 }.shape, role = "scar",
      uptake = 0.6, spread = 1.5, density = 25, angle = 90,
      ink = function(x, y) return 0.5 end, depth = function(x, y) return 0.8 + 0.001 * math.abs(x) end },
    { id = "patch", shape = smooth { { -70, 150 }, { -50, 150 }, { -50, 170 }, { -70, 170 }, samples = 6 },
      density = function(x, y) return 20 + math.random() end, angle = flow { whorl = { x = 8, y = 205 } } },
    { id = "keep-out", role = "forbidden", shape = rect { x = -10, y = 60, w = 20, h = 10 } },
  },
  rubric = {
    density = { weight = 1, tolerance = 1, zero = 20 },
    spacing = { weight = 0.5, max_merged_fraction = 0.25, pattern_weight = 0.3 },
    grain = { weight = 0.3, tolerance = 8, zero = 40 },
    hairline = 0.2, boundary = 0.1, depth = { weight = 0.1 }, shade = { weight = 0.1, zero = 15 },
  },
}
