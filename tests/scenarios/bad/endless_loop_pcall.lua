-- A loop that tries to swallow the budget error with pcall (line 3 or 4).
while true do
  pcall(function()
    while true do end
  end)
end
