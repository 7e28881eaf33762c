-- check.lua: the conditions built from the landmarks (norwood_loss, ludwig_loss, christmas_tree,
-- areata, fut_strip, fue_donor, craniotomy_scar, burn_scar), checked by tests/unit/test_conditions.c.
-- Each check raises an error naming what failed. The expected numbers are derived in the comments
-- from the standard head (docs/scenario-api.md, "Landmarks": mfp (0, 80), frontotemporal points
-- (+-62, 90), temple peaks (+-92, 125), occipital (0, 350), ears (+-172, 215)) and the domain
-- notes (../shared/domain/smp.md).
local function check(ok, msg, ...) if not ok then error(string.format(msg, ...), 2) end end
local function near(a, b, tol, what) check(math.abs(a - b) <= tol, "%s is %.3f, expected %.3f +- %g", what, a, b, tol) end
local function empty(a, b)       -- true when a and b share no area (intersect raises on nothing)
  local ok, r = pcall(intersect, a, b)
  return not ok or r:area() < 0.5
end
-- the y of an open line at x (linear between its points; the first crossing)
local function line_y(line, x)
  for i = 1, #line - 1 do
    local a, b = line[i], line[i + 1]
    if (a[1] - x) * (b[1] - x) <= 0 and a[1] ~= b[1] then return a[2] + (b[2] - a[2]) * (x - a[1]) / (b[1] - a[1]) end
  end
end

local scalp = scalp_area()
-- The scalp starts at the natural hairline: the mid-frontal point is its front on the midline.
check(scalp:contains(0, 81) and not scalp:contains(0, 79), "the scalp's front is not at the mid-frontal point y 80")
check(scalp:contains(0, 410) and not scalp:contains(0, 420), "the scalp does not end at the nape y 415")

-- No seams: bald and hair share their boundary exactly, for every stage and variant.
local cases = { { 1 }, { 2 }, { 3 }, { 4 }, { 5 }, { 6 }, { 7 }, { 2, "A" }, { 3, "A" }, { 4, "A" }, { 5, "A" }, { 3, "vertex" } }
local bald_area = {}
for _, c in ipairs(cases) do
  local L = norwood_loss { stage = c[1], variant = c[2] }
  local name = "norwood " .. c[1] .. (c[2] or "")
  local b = L.bald and L.bald:area() or 0
  -- bald + hair = the scalp (within 1 mm2 of GEOS's rounding): nothing left between them
  near(b + L.hair_area:area(), scalp:area(), 1, name .. ": bald + hair area")
  check(L.bald == nil or empty(L.bald, L.hair_area), "%s: the bald area overlaps the hair", name)
  -- and every point of the scalp on a 7 mm grid is in exactly one of them
  for x = -180, 180, 7 do
    for y = 60, 430, 7 do
      if scalp:contains(x, y) then
        local inb, inh = L.bald ~= nil and L.bald:contains(x, y), L.hair_area:contains(x, y)
        check(inb ~= inh, "%s: the scalp at (%g, %g) is %s", name, x, y, inb and "bald and hair" or "neither bald nor hair")
      end
    end
  end
  check(#L.hair == 1 and L.hair[1].density == 80 and L.hair[1].length == 0.5, "%s: hair regions", name)
  bald_area[name] = b
end
-- More loss with every stage (Norwood's scale is one of increasing loss).
for s = 2, 7 do
  check(bald_area["norwood " .. s] > bald_area["norwood " .. (s - 1)], "norwood %d is not balder than %d", s, s - 1)
end

-- Norwood 3: a deep recession at the frontotemporal points, the forelock kept. Norwood III is
-- the first stage with deep temple recessions (smp.md, "Norwood"): the front at the
-- frontotemporal point (x 62) lies more than 2 cm behind the natural corner (y 90), the midline
-- less than 1 cm behind the mid-frontal point (y 80); the curve sweeps back monotonically from
-- the midline to the frontotemporal point.
do
  local L = norwood_loss { stage = 3 }
  local y0, y62 = line_y(L.front, 0), line_y(L.front, 62)
  check(y0 - 80 < 10 and y0 - 80 > 0, "norwood 3: the midline recedes %.1f mm", y0 - 80)
  check(y62 - 90 > 20, "norwood 3: the frontotemporal recession is only %.1f mm", y62 - 90)
  local last = y0
  for x = 5, 62, 5 do
    local y = line_y(L.front, x)
    check(y >= last - 0.6, "norwood 3: the recession does not sweep back at x %g (%.1f after %.1f)", x, y, last)
    last = y
  end
  -- the temple points: hair in front of the bay, pointing forward (-y) at the temple peaks:
  -- the hair reaches further forward at the peak (x 92) than in the bay behind the corner
  check(line_y(L.front, 92) < line_y(L.front, 75) - 5, "norwood 3: no temple point in front of the bay")
  -- the temple point wedges: apex at the natural temple peak (92, 125), base behind it
  local x0, y0w, x1, y1 = L.temples.right:bounds()
  near(y0w, 125, 0.5, "the right temple point's tip y")
  check(L.temples.right:contains(92, 127) and not L.temples.right:contains(92, 123), "the right temple point's tip is not at (92, 125)")
  check(y1 - y0w > 25, "the temple point is only %.1f mm long", y1 - y0w)
  local lx0, ly0 = L.temples.left:bounds()
  near(ly0, 125, 0.5, "the left temple point's tip y")
  check(L.temples.left:contains(-92, 127), "the left temple point is not a mirror image")
  -- the blend band: 10 mm into the bald area along the hair, no further
  check(L.blend:contains(0, line_y(L.front, 0) - 5) and not L.blend:contains(0, line_y(L.front, 0) - 15),
        "norwood 3: the blend band is not the 10 mm in front of the hair")
end

-- The A variant: the front recedes as a whole (no bay, no island): the midline recedes about
-- as far as the frontotemporal points, and no crown is bald.
do
  local L = norwood_loss { stage = 4, variant = "A" }
  local y0, y50 = line_y(L.front, 0), line_y(L.front, 50)
  check(y0 - 80 > 30, "norwood 4A: the midline recedes only %.1f mm", y0 - 80)
  -- the natural line at x 50: 80 + 10 (50 / 62)^2 = 86.5 (the dome from the mfp to the frontotemporal point)
  check(math.abs((y50 - 86.5) - (y0 - 80)) < 8, "norwood 4A: the front does not recede as a whole")
  check(L.bald_crown == nil and L.hair_area:contains(10, 200), "norwood 4A: the crown is bald")
  -- vertex: the front of a Norwood 2, the crown bald round the whorl (10, 200)
  local V = norwood_loss { stage = 3, variant = "vertex" }
  check(V.bald:contains(8, 204) and not V.hair_area:contains(8, 204), "norwood 3 vertex: the whorl is not bald")
  check(line_y(V.front, 0) - 80 < 5, "norwood 3 vertex: the front recedes")
  local N4 = norwood_loss { stage = 4 }
  check(N4.hair_area:contains(0, 150), "norwood 4: no bridge of hair between the front and the crown")
end

-- The horseshoe (6 and 7): the fringe's top edge is irregular, deterministic for a seed.
do
  local a = norwood_loss { stage = 7, seed = 3 }
  local ys = {}
  for _, p in ipairs(a.front) do if math.abs(p[1]) < 40 and p[2] > 250 then ys[#ys + 1] = p[2] end end
  table.sort(ys)
  check(#ys > 3 and ys[#ys] - ys[1] > 1 and ys[#ys] - ys[1] < 20, "norwood 7: the back of the fringe's edge is not irregular")
  local b = norwood_loss { stage = 7, seed = 3 }
  local c = norwood_loss { stage = 7, seed = 4 }
  check(a.bald:area() == b.bald:area(), "norwood 7: the same seed gives another shape")
  check(a.bald:area() ~= c.bald:area(), "norwood 7: another seed gives the same shape")
  -- the fringe at the sides and the back, none on top (the vertex, y 180)
  check(a.fringe:contains(150, 250) and a.fringe:contains(0, 390) and not a.fringe:contains(0, 180), "norwood 7: not a horseshoe")
end

-- The head: a larger head moves the temple peaks out (92 x 1.1 = 101.2 for a 214.5 mm head).
head { length = 214.5 }
do
  local L = norwood_loss { stage = 3 }
  local x0, y0, x1 = L.temples.right:bounds()
  check(L.temples.right:contains(101.2, landmark.temple_peak_right.y + 2), "the temple point does not follow the head")
end
head { }

-- Ludwig: the thinning on the top behind a preserved front, wider with the grade; Ludwig I
-- thins within a line 1-3 cm behind the frontal hairline (smp.md): the front 1 cm is kept.
do
  local last = 0
  for g = 1, 3 do
    local L = ludwig_loss { grade = g }
    local a = L.thinning:area()
    check(a > last, "ludwig %d is not wider than %d", g, g - 1)
    last = a
    check(not L.thinning:contains(0, 89), "ludwig %d thins the front 1 cm", g)
    check(L.thinning:contains(0, 150), "ludwig %d does not thin the top", g)
    near(L.hair[1].shape:area() + L.hair[2].shape:area(), scalp:area(), 1, "ludwig hair regions")
  end
  -- the Christmas tree: widest at the front, narrowing toward the vertex
  local T = christmas_tree { grade = 2 }
  local function width(shape, y)
    local w = 0
    for x = 0, 80, 0.5 do if shape:contains(x, y) then w = x end end
    return w
  end
  check(width(T.thinning, 100) > width(T.thinning, 150) and width(T.thinning, 150) > width(T.thinning, 180),
        "the christmas tree does not narrow toward the vertex")
end

-- Alopecia areata: coin-sized patches merge when they touch (union).
do
  local one = areata { { x = -40, y = 150, r = 12 } }
  near(one.shape:area(), math.pi * 144, 0.1 * math.pi * 144, "one 12 mm patch's area")
  local two = areata { { x = -40, y = 150, r = 12 }, { x = -25, y = 150, r = 12 } }
  check(two.shape:area() < 2 * one.shape:area() - 50, "touching patches do not merge")
  check(two.shape:contains(-32.5, 150), "the merged patches leave a gap between them")
  check(two.patch.kind == "alopecia" and empty(two.shape, two.hair[1].shape), "no hair grows in the patches")
end

-- FUT: across the occiput, 5 cm above the occipital protuberance (y 350 - 50 = 300), between
-- the ears; the feather splits along the centre line into above and below.
do
  local F = fut_strip { length = 200, width = 4 }
  local x0, y0, x1, y1 = F.shape:bounds()
  near(x0, -100, 0.5, "the strip's left end")
  near(x1, 100, 0.5, "the strip's right end")
  check(F.shape:contains(0, 300) and y1 < 304 and y0 > 288, "the strip is not at y 300 with its ends 10 mm up")
  near(F.above:area() + F.below:area(), F.feather:area(), 1, "above + below")
  check(F.above:contains(0, 294) and F.below:contains(0, 306), "above and below are swapped")
  check(F.patch.kind == "scar_strip" and F.patch.uptake == 0.6, "the FUT patch")
  local D = fue_donor { count = 20, seed = 2 }
  check(#D.patches == 20, "fue_donor made %d scars", #D.patches)
  for _, p in ipairs(D.patches) do
    local px0, py0 = p.shape:bounds()
    check(py0 > 290 and py0 < 400 and math.abs(px0) < 140, "an FUE scar at (%g, %g) is not on the donor area", px0, py0)
  end
end

-- A craniotomy scar: a C over the side of the head, open toward the ear.
do
  local C = craniotomy_scar { side = "right" }
  local mid, first, last = C.line[#C.line // 2 + 1], C.line[1], C.line[#C.line]
  check(first[1] > mid[1] + 40 and last[1] > mid[1] + 40, "the craniotomy scar is not open toward the right ear")
  check(first[2] < mid[2] and last[2] > mid[2], "the craniotomy scar does not run front to back")
  check(#C.marks > 10 and C.patch.kind == "scar_strip", "the craniotomy scar has no staple marks")
  local L = craniotomy_scar { side = "left" }
  check(L.line[#L.line // 2 + 1][1] > -mid[1] - 1 and L.line[#L.line // 2 + 1][1] < -mid[1] + 1, "left is not the mirror")
  local B = burn_scar { x = -70, y = 200, r = 30 }
  check(B.shape:area() > 0.6 * math.pi * 900 and B.shape:area() < 2.5 * math.pi * 900, "the burn's size")
  check(B.feather:contains(-70, 200) == false, "the burn's feather covers the burn")
end

scenario { id = "conditions", title = "conditions", brief = "the conditions, checked",
           zones = { { id = "z", shape = rect { x = -10, y = 150, w = 20, h = 20 }, density = 20 } } }
