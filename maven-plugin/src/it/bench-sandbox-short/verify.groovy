// Every injection finished with its phases, windows hold samples, verification passed with nothing lost,
// the reports exist, and no server the run started is still alive.
import groovy.json.JsonSlurper

def out = new File(basedir, "target/contmig")
def run = new File(out, "acceptance")
assert new File(out, "latest").text.trim() == run.canonicalPath
def report = new JsonSlurper().parse(new File(run, "report.json"))
assert report.target == "sandbox"
assert report.injections*.name == ["move-acme-postgres", "move-acme-influxdb", "move-acme-stage", "move-acme-kafka"]
report.injections.each { inj ->
    assert inj.outcome == "finished" : "${inj.name}: ${inj.outcome}"
    assert !inj.phases.isEmpty() : "${inj.name} has no phases"
    ["before", "after"].each { w ->
        assert inj.windows[w]["mqtt.e2e"]?.count > 0 : "${inj.name}: no mqtt.e2e samples ${w}"
    }
    // Exact attribution: during holds the samples intended inside it, however short the injection, and its
    // phases partition it (for every operation, the phase counts add up to the during count).
    assert report.windowPolicy.phaseAttribution == "intended-start"
    assert inj.windows.during["mqtt.e2e"]?.count > 0 : "${inj.name}: no mqtt.e2e samples during"
    inj.windows.during.each { op, stats ->
        def phaseCount = inj.phases.sum { p -> p.operations?.get(op)?.count ?: 0 }
        assert phaseCount == stats.count : "${inj.name}: phases of ${op} count ${phaseCount}, during ${stats.count}"
    }
    assert inj.verification.verdict == "PASS" : "${inj.name}: ${inj.verification}"
    assert inj.verification.lost == 0 : "${inj.name}: lost ${inj.verification.lost}"
}
assert report.injections.find { it.name == "move-acme-postgres" }.phases*.name.containsAll(["copy", "cutover"])
assert report.verdict == "PASS" : "verdict ${report.verdict}: ${report.reasons}"
["plan.json", "timeline.jsonl", "latency.hlog", "junit.xml", "verdict.json", "report/index.html",
 "verification/cross-store.json"].each { assert new File(run, it).exists() : "missing ${it}" }
def sandbox = new JsonSlurper().parse(new File(out, "sandbox.json"))
assert sandbox.sites.cloud.postgres.startsWith("jdbc:postgresql://127.0.0.1:")
// Nothing left behind: every pid file's process is gone.
def pids = new File(out, "sandbox/run")
if (pids.exists()) {
    pids.eachFileMatch(~/.*\.pid/) { f ->
        def pid = f.text.trim()
        assert !new File("/proc/${pid}").exists() : "server ${f.name} (pid ${pid}) still runs"
    }
}
// One logging stack, and the console is contmig's: no SLF4J binding warnings, no Gatling console blocks.
def log = new File(basedir, "build.log").text
assert !log.contains("SLF4J(W)") && !log.contains("SLF4J: ") : "SLF4J found no or several bindings"
assert !log.contains("Global Information") && !log.contains("---- Requests") : "Gatling printed to the console"
assert !new JsonSlurper().parse(new File(run, "verdict.json")).aborted
return true
