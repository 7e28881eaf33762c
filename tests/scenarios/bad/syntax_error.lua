-- A syntax error on line 4.
scenario {
  id = "syntax",
  title = "Syntax" "oops",
}
