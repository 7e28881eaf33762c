-- A scenario needs zones (line 2).
scenario { id = "nozones", title = "No zones", brief = "b" }
