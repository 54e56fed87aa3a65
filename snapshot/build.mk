# snapshot/: persistent-memory lock, copy-on-write tracking, on-disk format,
# writer and restore (issue 5). Nothing is built here yet.
