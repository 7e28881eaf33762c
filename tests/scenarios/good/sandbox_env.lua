-- What a scenario can and cannot reach.
for _, name in ipairs { "io", "os", "package", "debug", "coroutine", "require", "dofile",
                        "loadfile", "collectgarbage", "warn" } do
  assert(_G[name] == nil, name .. " must not be reachable")
end
assert(string.dump == nil, "string.dump must be gone")
assert(getmetatable("").__index.dump == nil)
-- load takes text only
assert(load("\27Lua\84\0") == nil, "bytecode must be refused")
assert(load("return 1")() == 1)
-- the environment given to load is used
local env = { x = 5 }
assert(load("return x", "chunk", "t", env)() == 5)
-- a fixed seed: the first draws are the same in every fresh state
local a = math.random(1, 1000000)
math.randomseed()                                        -- back to the fixed seed
assert(math.random(1, 1000000) == a)
-- finalizers are refused, shapes are sealed
assert(not pcall(setmetatable, {}, { __gc = function() end }))
assert(getmetatable(rect { x = 0, y = 0, w = 1, h = 1 }) == "shape")
assert(tostring(circle { x = 1, y = 2, r = 3 }):find("^circle"))
-- nothing that differs from run to run (addresses, the hash seed's order) reaches a
-- scenario's text or figures, so a result can be computed again and compared:
assert(tostring({}) == "table" and tostring(print) == "function")
assert(tostring(12) == "12" and tostring(nil) == "nil" and tostring(setmetatable({}, { __tostring = function() return "me" end })) == "me")
local t = { c = 1, a = 2, b = 3, [2] = 4 }
assert(next(t) == 2 and next(t, 2) == "a" and next(t, "a") == "b" and next(t, "b") == "c" and next(t, "c") == nil)
assert(next({}) == nil and select(2, next(t, "a")) == 3)
assert(not pcall(next, t, "zz"))
assert(not pcall(string.format, "%p", {}) and not pcall(string.format, "%-20p", print))
assert(string.format("%%p %5.1f", 1) == "%p   1.0")
scenario {
  id = "sandbox-env",
  title = "Sandbox",
  brief = "Checks the environment.",
  zones = { { id = "z", shape = rect { x = 0, y = 100, w = 10, h = 10 }, density = 10 } },
}
