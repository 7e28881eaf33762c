-- An error raised in a helper (line 4) reports the line where it is raised.
local function zone(id)
  if #id > 3 then
    error("zone id too long: " .. id)
  end
end
zone("crown")
