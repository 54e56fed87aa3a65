#!/usr/bin/env lua5.4 this first line is skipped
print("after shebang")
