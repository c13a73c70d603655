// The report was rendered from the stored record, the impossible gate FAILed, and verify failed the build on it.
def run = new File(basedir, "run")
def verdict = new groovy.json.JsonSlurper().parse(new File(run, "verdict.json"))
assert verdict.verdict == "FAIL" : "verdict.json: ${verdict}"
def report = new groovy.json.JsonSlurper().parse(new File(run, "report.json"))
def gates = report.gates.collectEntries { [(it.expression): it.verdict] }
assert gates["p99(mqtt.e2e, during) <= 3 * p99(mqtt.e2e, before)"] == "PASS" : "gates: ${report.gates}"
assert gates["p99(mqtt.e2e, after) < 1ms"] == "FAIL" : "gates: ${report.gates}"
assert report.injections[0].phases*.name == ["copy", "cutover"]
assert new File(run, "junit.xml").text.contains("<failure")
def log = new File(basedir, "build.log").text
assert log.contains("contmig verdict: FAIL")
assert new File(run, "report/index.html").exists()
return true
