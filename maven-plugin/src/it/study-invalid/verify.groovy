// Every problem is reported at once with its path, without a stack trace, and nothing was started or written.
def log = new File(basedir, "build.log").text
assert log.contains("trials: 0 must be >= 1") : log
assert log.contains("cells[1].name: duplicate cell name 'a'") : log
assert log.contains("cells[1].set.duraton: not a scenario path") : log
assert log.contains("slo[0]: ") : log
assert !log.contains("\tat io.contmig") && !log.contains("Caused by") : "a stack trace was printed"
def out = new File(basedir, "target/contmig")
assert !out.exists() || out.listFiles().findAll { it.isDirectory() }.isEmpty() : "a study or sandbox directory was created"
return true
