-- Tissue per zone and patch surfaces (docs/scenario-api.md, "Tissue"): four scar strips
-- across the back of a stubbled head, one per surface (top to bottom: flat, raised,
-- atrophic, shiny), and a scar zone whose own tissue has a window, uptake, spread and a
-- raised surface with no patch under it. docs/img/tissue_surfaces.png is its render:
--   stipple render --scenario tests/scenarios/good/tissue.lua --work EMPTY.csv \
--     --out docs/img/tissue_surfaces.png --size 480x720
local function strip(y, surface)
  return { kind = "scar_strip", shape = rect { x = -70, y = y, w = 140, h = 5 }, surface = surface }
end

scenario {
  id = "tissue", title = "Scar surfaces", brief = "Four scars, one per surface.",
  client = { skin = 3 },
  hair = norwood(1).hair,
  patches = { strip(250, "flat"), strip(270, "raised"), strip(290, "atrophic"), strip(310, "shiny") },
  zones = {
    { id = "ridge", shape = ellipse { x = 0, y = 215, rx = 40, ry = 8 }, role = "scar", density = 30,
      depth = 1.2, tissue = { depth = { 0.8, 1.9 }, uptake = 0.6, spread = 1.3, surface = "raised" } },
    { id = "strips", shape = rect { x = -80, y = 240, w = 160, h = 85 }, density = 30 },
  },
  view = { x0 = -20, y0 = 244, x1 = 20, y1 = 320 },
}
