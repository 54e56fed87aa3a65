# bench/: interpreter benchmarks (make bench). Placeholder so the top-level
# Makefile can include it; the bench owner fills it in.
