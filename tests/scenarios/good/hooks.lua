-- Hooks for play: live advice and custom criteria computed from the work.
-- Loads cleanly; some calls misbehave on purpose (see test_script.c, hooks_*).
scenario {
  id = "hooks", title = "Hooks", brief = "b",
  zones = { { id = "field", shape = rect { x = -20, y = 120, w = 40, h = 30 }, density = 30 } },
  on_impression = function(imp)
    if imp.depth > 3 then
      while true do end                             -- line 8: a runaway hook
    end
    if imp.depth > 2 then
      return nil .. "x"                             -- line 11: an error inside the hook
    end
    if imp.depth > 1.5 then return "Too deep: the dot will blow out." end
    if not imp.zone then return "Outside the zones." end
    return nil
  end,
  criteria = {
    count = { weight = 0.5, fn = function(work)
      return math.min(100, #work), string.format("%d impressions", #work), #work < 10 and "Keep going." or nil
    end },
    bogus = { weight = 1, fn = function(work)
      if #work > 2 then return 150 end              -- out of range when the work grows
      return 50
    end },
  },
}
