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
scenario {
  id = "sandbox-env",
  title = "Sandbox",
  brief = "Checks the environment.",
  zones = { { id = "z", shape = rect { x = 0, y = 100, w = 10, h = 10 }, density = 10 } },
}
