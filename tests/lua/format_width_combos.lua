-- many flag/width/precision combinations for %d %x %s %f %g
for _, spec in ipairs({"%d", "%5d", "%-5d|", "%05d", "%+d", "% d", "%.3d", "%8.3d", "%x", "%#8x", "%-#8X|", "%o", "%#o"}) do
  io.write(string.format("%-8s", spec), "[", string.format(spec, 42), "] [", string.format(spec, 0), "]\n")
end
for _, spec in ipairs({"%f", "%.0f", "%10.2f", "%-10.2f|", "%+.3f", "%e", "%.2E", "%g", "%10.3g", "%#g", "%G"}) do
  io.write(string.format("%-8s", spec), "[", string.format(spec, 3.14159), "] [", string.format(spec, -0.000123456), "]\n")
end
for _, spec in ipairs({"%s", "%10s", "%-10s|", "%.2s", "%10.2s"}) do
  io.write(string.format("%-8s", spec), "[", string.format(spec, "hello"), "]\n")
end
