// Every problem is reported at once with its path, without a stack trace, and nothing was started or written.
def log = new File(basedir, "build.log").text
assert log.contains("duration: '-5s' must not be negative") : log
assert log.contains("load.mqtt.rat: unknown key") : log
assert log.contains("injections[0].migration.strategy: unknown 'logical'") : log
assert !log.contains("\tat io.contmig") : "a stack trace was printed"
assert !log.contains("Caused by") : "a stack trace was printed"
def out = new File(basedir, "target/contmig")
assert !out.exists() || out.listFiles().findAll { it.isDirectory() }.isEmpty() : "a run or sandbox directory was created"
return true
