# sites.awk - list the mutation sites of one C source file (POSIX awk; run with LC_ALL=C).
#
# Usage: awk -v ops=cmp,arith,logic,const -f sites.awk FILE
# Prints one mutant a line, tab-separated: LINE COL ORIGINAL REPLACEMENT CLASS
# (COL is the 1-based byte offset of ORIGINAL in the line.)
#
# A small hand lexer: it skips comments, string and character literals and preprocessor
# lines (except the value of an object-like #define, where tuning constants live), and it
# only takes an operator as binary when the token before it is an operand (a name, a
# number, ')' or ']'). Binary + - * / must also have a space on each side, as the code is
# written, so unary minus, dereferences and pointer declarations are not taken. Mutants
# the lexer gets wrong anyway are caught by the compiler and reported as "did not compile".
#
# Operators (one per mutant):
#   cmp    <  -> <= >=    <= -> < >    >  -> >= <=    >= -> > <    == -> !=    != -> ==
#   arith  + <-> -   * <-> /   += <-> -=   *= <-> /=
#   logic  && <-> ||
#   const  decimal integer N -> N+1; floating constant x -> 1.5 x (0 -> 1.0)

function emit(col, orig, repl, cls) {
  if (cls in want) printf "%d\t%d\t%s\t%s\t%s\n", NR, col, orig, repl, cls
}

function const_mutant(lit,    sfx, body, v, r) {
  if (lit ~ /^0[xXbB]/) return ""                    # hex and binary: left alone
  if (lit ~ /^0[0-7]+[uUlL]*$/) return ""            # octal: left alone
  if (lit ~ /[.eE]/ || lit ~ /^[0-9.]+[eE]/) {       # floating
    sfx = ""
    if (match(lit, /[fFlL]$/)) { sfx = substr(lit, RSTART, 1); body = substr(lit, 1, RSTART - 1) }
    else body = lit
    v = body + 0
    if (v == 0) r = "1.0"
    else {
      r = sprintf("%.6g", v * 1.5)
      if (r !~ /[.eE]/) r = r ".0"
    }
    return r sfx
  }
  if (lit ~ /^[0-9]+[uUlL]*$/) {                     # decimal integer
    match(lit, /^[0-9]+/)
    body = substr(lit, 1, RLENGTH); sfx = substr(lit, RLENGTH + 1)
    return sprintf("%d", body + 1) sfx
  }
  return ""
}

BEGIN {
  n = split(ops, list, ",")
  for (k = 1; k <= n; k++) want[list[k]] = 1
  kw["return"]; kw["case"]; kw["sizeof"]; kw["else"]; kw["do"]; kw["goto"]
  rel["<"] = "<=,>="; rel["<="] = "<,>"; rel[">"] = ">=,<="; rel[">="] = ">,<"
  rel["=="] = "!="; rel["!="] = "=="
  ar["+"] = "-"; ar["-"] = "+"; ar["*"] = "/"; ar["/"] = "*"
  ar["+="] = "-="; ar["-="] = "+="; ar["*="] = "/="; ar["/="] = "*="
  incomment = 0; cont = 0; prev = "op"
}

{
  s = $0; len = length(s); i = 1
  if (cont) { cont = (s ~ /\\$/); next }        # continuation of a preprocessor line
  if (!incomment && s ~ /^[ \t]*#/) {
    cont = (s ~ /\\$/)
    # object-like #define NAME value: scan the value only
    if (!cont && match(s, /^[ \t]*#[ \t]*define[ \t]+[A-Za-z_][A-Za-z0-9_]*[ \t]/)) {
      i = RLENGTH + 1; prev = "op"
    } else next
  }
  while (i <= len) {
    c = substr(s, i, 1)
    if (incomment) {
      if (substr(s, i, 2) == "*/") { incomment = 0; i += 2 } else i++
      continue
    }
    if (c == " " || c == "\t") { i++; continue }
    two = substr(s, i, 2); three = substr(s, i, 3)
    if (two == "/*") { incomment = 1; i += 2; continue }
    if (two == "//") break
    if (c == "\"" || c == "'") {
      j = i + 1
      while (j <= len) {
        d = substr(s, j, 1)
        if (d == "\\") { j += 2; continue }
        if (d == c) break
        j++
      }
      i = j + 1; prev = "val"; continue
    }
    if (c ~ /[A-Za-z_]/) {
      match(substr(s, i), /^[A-Za-z_][A-Za-z0-9_]*/)
      w = substr(s, i, RLENGTH); i += RLENGTH
      prev = (w in kw) ? "op" : "val"
      continue
    }
    if (c ~ /[0-9]/ || (c == "." && substr(s, i + 1, 1) ~ /[0-9]/)) {
      j = i
      while (j <= len) {
        d = substr(s, j, 1)
        if (d !~ /[0-9A-Za-z_.]/) break
        if ((d == "e" || d == "E") && substr(s, i, 2) !~ /^0[xX]/ && substr(s, j + 1, 1) ~ /[-+]/) j += 2
        else j++
      }
      lit = substr(s, i, j - i)
      r = const_mutant(lit)
      if (r != "") emit(i, lit, r, "const")
      i = j; prev = "val"; continue
    }
    if (three == "<<=" || three == ">>=") { i += 3; prev = "op"; continue }
    if (two == "->" || two == "<<" || two == ">>") { i += 2; prev = "op"; continue }
    if (two == "++" || two == "--") { i += 2; continue }
    if (two == "<=" || two == ">=" || two == "==" || two == "!=") {
      if (prev == "val") { m = split(rel[two], alt, ","); for (k = 1; k <= m; k++) emit(i, two, alt[k], "cmp") }
      i += 2; prev = "op"; continue
    }
    if (two == "&&" || two == "||") {
      if (prev == "val") emit(i, two, two == "&&" ? "||" : "&&", "logic")
      i += 2; prev = "op"; continue
    }
    if (two == "+=" || two == "-=" || two == "*=" || two == "/=") {
      emit(i, two, ar[two], "arith"); i += 2; prev = "op"; continue
    }
    if (c == "<" || c == ">") {
      if (prev == "val") { m = split(rel[c], alt, ","); for (k = 1; k <= m; k++) emit(i, c, alt[k], "cmp") }
      i++; prev = "op"; continue
    }
    if (c == "+" || c == "-" || c == "*" || c == "/") {
      if (prev == "val" && substr(s, i - 1, 1) ~ /[ \t]/ && substr(s, i + 1, 1) ~ /[ \t]/) emit(i, c, ar[c], "arith")
      i++; prev = "op"; continue
    }
    prev = (c == ")" || c == "]") ? "val" : "op"
    i++
  }
}
