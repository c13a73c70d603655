// The run went through the real-target path against the sandbox's servers: target sitewhere in the report, events acknowledged
// and stored with nothing lost (the cross-store check read the sandbox's Kafka — protobuf values, as SiteWhere 3 writes them —
// and InfluxDB as a real target's; an unread protobuf value would count as lost), and the sandbox stops cleanly afterwards.
import groovy.json.JsonSlurper
import java.util.concurrent.TimeUnit

try {
    def run = new File(basedir, "target/contmig/real-target")
    def report = new JsonSlurper().parse(new File(run, "report.json"))
    assert report.target == "sitewhere"
    assert report.operations["mqtt.e2e"].count > 0 : "no end-to-end samples: ${report.operations}"
    assert report.operations["rest.listMeasurements"].count > 0
    def plan = new JsonSlurper().parse(new File(run, "plan.json"))
    // The pasted tenants entry is kept; the PostgreSQL password (from the credentials file) is redacted.
    assert plan.endpoints.tenants.default.site == "cloud"
    assert plan.endpoints.sites.cloud.postgresPassword == "***"
    // The sandbox's brokers and InfluxDB ask for the logins sandbox.json carries; plan.json redacts them.
    assert plan.endpoints.mqtt.password == "***"
    assert plan.endpoints.sites.cloud.influxPassword == "***"
    assert plan.endpoints.sites.cloud.mqttPassword == "***"
    assert new File(basedir, "sandbox.log").text.contains("Kafka event values: protobuf")
    def checks = new JsonSlurper().parse(new File(run, "verification/cross-store.json")).checks
    assert checks*.store.toSet() == ["kafka", "influxdb"].toSet() : checks
    checks.each { c ->
        assert c.problem == "" : "${c.store} not read: ${c.problem}"
        assert c.tenant == "default" && c.where == "cloud"
        assert c.expected > 0 && c.lost == 0 : "${c.store}: ${c}"
    }
} finally {
    def pidFile = new File(basedir, "sandbox.pid")
    def pid = pidFile.exists() ? pidFile.text.trim() as long : -1L
    (pid > 0 ? ProcessHandle.of(pid) : Optional.empty()).ifPresent { p ->
        p.destroy()
        p.onExit().get(90, TimeUnit.SECONDS)
    }
    // Every server the sandbox started is gone.
    def pids = new File(basedir, "target/sandbox/sandbox/run")
    if (pids.exists()) {
        pids.eachFileMatch(~/.*\.pid/) { f ->
            def deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30)
            def server = ProcessHandle.of(f.text.trim() as long)
            while (server.map { it.isAlive() }.orElse(false) && System.nanoTime() < deadline) {
                server.get().onExit().get(1, TimeUnit.SECONDS)
            }
            assert !server.map { it.isAlive() }.orElse(false) : "server ${f.name} still runs"
        }
    }
}
return true
