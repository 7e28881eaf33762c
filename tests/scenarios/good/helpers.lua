-- Ordinary Lua an instructor might write: helper functions, loops, pairs over a keyed
-- table (visited in sorted key order in scenarios), table.sort, string functions,
-- load of text, and pcall.
local function band(id, y, density)
  return { id = id, name = ("Band %s"):format(id:upper()), shape = rect { x = -40, y = y, w = 80, h = 10 },
           density = density, tolerance = density * 0.1 }
end

local by_name = { c = 50, a = 30, b = 40 }              -- pairs gives a, b, c
local zones = {}
local y = 100
for id, density in pairs(by_name) do
  zones[#zones + 1] = band(id, y, density)
  y = y + 12
end

local sorted = { 5, 3, 9, 1 }
table.sort(sorted, function(p, q) return p > q end)
assert(table.concat(sorted, ",") == "9,5,3,1")
assert(select("#", table.unpack(sorted)) == 4)
table.insert(sorted, 1, 10)
assert(table.remove(sorted) == 1 and sorted[1] == 10)
assert(("a-b-c"):gsub("-", "+") == "a+b+c")
assert(("#2a2320"):match("^#%x%x%x%x%x%x$"))
assert(utf8.len("Ünï") == 3)
local twice = assert(load("local n = ... return n * 2"))
assert(twice(21) == 42)
local ok, err = pcall(error, "caught")
assert(not ok and err == "caught")
local ok2 = pcall(string.rep)                           -- a bad call, caught
assert(not ok2)

scenario {
  id = "helpers",
  title = "Helpers",
  brief = "Bands " .. table.concat({ "a", "b", "c" }, ", ") .. ".",
  zones = zones,
  rubric = { spacing = 1 },                              -- density is not scored
}
