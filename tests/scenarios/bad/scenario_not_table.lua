-- scenario takes a table (line 2).
scenario("practice")
