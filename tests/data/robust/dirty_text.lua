-- Text from scenario code with an escape sequence and bytes that are not UTF-8 (issue #10,
-- item 8, attack 7): the hook's advice and the custom criterion's figures and advice must
-- come out cleaned, and print must be throttled.
local dirty = "red \27[31mALERT\27[0m \255\254 bell\7 end"
for i = 1, 1000000 do print("spam", i, dirty) end
scenario {
  id = "dirty-text", title = "Dirty text", brief = "b",
  zones = { { id = "field", shape = rect { x = -20, y = 120, w = 40, h = 30 }, density = 30 } },
  on_impression = function(imp)
    return dirty
  end,
  criteria = {
    dirty = { weight = 0.5, fn = function(work)
      return 50, dirty, dirty .. "\n" .. dirty
    end },
  },
}
