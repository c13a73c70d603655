// The help goal lists the goals; the listing shows every injector of the registry with its phases and options.
def log = new File(basedir, "build.log").text
assert log.contains("contmig:bench") && log.contains("contmig:plan") : log
assert log.contains("postgresql/logical-replication  [migration: store postgresql, strategy logical-replication]") : log
assert log.contains("placement/sandbox-site  [placement: kind sandbox-site]") : log
assert log.contains("lagThreshold (duration, default 500ms)") : log
assert log.contains("catch-up") : log
return true
