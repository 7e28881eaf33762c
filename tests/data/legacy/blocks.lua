-- blocks.lua: the old condition building blocks (norwood 1..7, ludwig 1..3, fut_scar,
-- fue_scars, alopecia_patch, smooth) measured: each shape's area and bounds, and norwood's
-- front(x) at five points. tests/unit/test_legacy.c runs it with blocks_expected.lua (the
-- same numbers from the release build of commit 0528b12, before the new building blocks)
-- defined as EXPECTED, and it raises an error at the first difference. With EXPECTED nil it
-- prints the numbers instead (one `E[...] = {...}` line per block: how the file was made).
local got, order = {}, {}
local function put(key, list)
  got[key] = list
  order[#order + 1] = key
end
local function shapes(list, ...)
  for _, s in ipairs({ ... }) do
    local x0, y0, x1, y1 = s:bounds()
    list[#list + 1] = s:area()
    list[#list + 1] = x0; list[#list + 1] = y0; list[#list + 1] = x1; list[#list + 1] = y1
  end
  return list
end
for st = 1, 7 do
  local n = norwood(st)
  local l = {}
  for _, s in ipairs(n.bald) do shapes(l, s) end
  for _, h in ipairs(n.hair) do shapes(l, h.shape); l[#l + 1] = h.density end
  for _, x in ipairs({ -100, -55, 0, 30, 90 }) do l[#l + 1] = n.front(x) end
  put("norwood" .. st, l)
end
do
  local n = norwood(4, { density = 60, color = "#101010", length = 3 })
  put("norwood4_opts", shapes({ n.hair[2].density, n.hair[2].length }, n.hair[2].shape))
end
for g = 1, 3 do
  local L = ludwig(g)
  local l = shapes({}, L.thinning, L.hair[1].shape, L.hair[2].shape, L.hair[3].shape)
  l[#l + 1] = L.hair[3].density
  put("ludwig" .. g, l)
end
do
  local L = ludwig(2, { part = { from = { -6, 95 }, to = { 4, 210 } } })
  put("ludwig2_off", shapes({}, L.thinning, L.hair[1].shape, L.hair[2].shape))
end
put("fut_default", shapes({}, fut_scar { y = 300, length = 200, width = 4 }.shape,
                           fut_scar { y = 300, length = 204, width = 9 }.shape))
put("fut_curved", shapes({}, fut_scar { y = 320, length = 150, width = 6, x = 12, curve = -20 }.shape))
do
  local l = {}
  for i, p in ipairs(fue_scars { count = 30, region = ellipse { x = 0, y = 335, rx = 92, ry = 26 }, seed = 8 }) do
    shapes(l, p.shape)
    if i % 10 == 0 then put("fue_30_" .. i, l); l = {} end
  end
  for _, p in ipairs(fue_scars { count = 12, region = rect { x = -60, y = 300, w = 120, h = 60 }, seed = 3, r = 0.7, gap = 9 }) do
    shapes(l, p.shape)
  end
  put("fue_12", l)
end
put("alopecia", shapes({}, alopecia_patch { x = -38, y = 150, rx = 18, ry = 13, rotation = 20 }.shape))
put("smooth", shapes({}, smooth { { 0, 100 }, { 40, 120 }, { 30, 170 }, { -20, 160 }, samples = 6 }))

if EXPECTED == nil then
  for _, k in ipairs(order) do
    local parts = {}
    for i, v in ipairs(got[k]) do parts[i] = string.format("%.10g", v) end
    print("E[\"" .. k .. "\"] = {" .. table.concat(parts, ", ") .. "}")
  end
else
  for _, k in ipairs(order) do
    local e, g = EXPECTED[k], got[k]
    if e == nil then error("blocks: no expected numbers for " .. k) end
    if #e ~= #g then error(string.format("blocks: %s has %d numbers, expected %d", k, #g, #e)) end
    for i = 1, #e do
      -- the expected numbers were printed with 10 significant digits
      if math.abs(e[i] - g[i]) > 1e-6 * math.max(1, math.abs(e[i])) then
        error(string.format("blocks: %s number %d is %.10g, expected %.10g", k, i, g[i], e[i]))
      end
    end
  end
end
scenario { id = "blocks", title = "blocks", brief = "the old building blocks, measured",
           zones = { { id = "z", shape = rect { x = -10, y = 150, w = 20, h = 20 }, density = 20 } } }
