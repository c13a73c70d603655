// The misspelt key and the closest known name, no stack trace, nothing started or written.
def log = new File(basedir, "build.log").text
assert log.contains("contmig.duraton: unknown property (did you mean contmig.duration?)") : log
assert !log.contains("\tat io.contmig") : "a stack trace was printed"
def out = new File(basedir, "target/contmig")
assert !out.exists() || out.listFiles().findAll { it.isDirectory() }.isEmpty() : "a run or sandbox directory was created"
return true
