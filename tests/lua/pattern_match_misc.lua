-- string.match misc: init argument, special chars, %z-like \0, long subjects
print(("hello"):match("l+", 4), ("hello"):match("h", 2), ("hello"):match(".", -1))
print(("a\0b"):match("%z") == nil and "no %z" or "z", #("a\0b"):match("a.b"))
print(("a\0b\0c"):gsub("\0", "0"))
print(("x.y.z"):match("^(.-)%.(.*)$"))
print(("path/to/file.txt"):match("([^/]+)$"), ("path/to/file.txt"):match("(.+)/"), ("file.tar.gz"):match("^(.-)%.(.*)$"))
local long = string.rep("a", 5000) .. "b"
print(#long:match("a+b"), long:find("b", 1, true))
print(("  42  "):match("^%s*(%-?%d+)%s*$"), ("-17"):match("^%s*(%-?%d+)%s*$"))
print(("CamelCaseString"):gsub("(%u)", " %1"))
print(("%d"):match("%%d"), ("a+"):match("a%+"))
print(string.match("hello", "(h)(e)(l)(l)(o)"))
