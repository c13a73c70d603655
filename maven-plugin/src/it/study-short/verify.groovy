// The study ran its 4 trials interleaved, each an ordinary run directory, and wrote study.json/csv/html.
import groovy.json.JsonSlurper

def out = new File(basedir, "target/contmig")
def dir = new File(new File(out, "latest-study").text.trim())
assert dir.parentFile.name == "studies" && dir.name.endsWith("-study-short")
def study = new JsonSlurper().parse(new File(dir, "study.json"))
assert study.name == "study-short" && study.trials == 2 && study.confidence == 0.95 && study.method.contains("bootstrap")
assert study.cells*.name == ["stop-and-copy", "logical-replication"]
study.cells.each { c ->
    assert c.runs.size() == 2 : c.runs
    c.runs.each { r -> assert new File(dir, "runs/${r}/report.json").exists() : r }
    assert c.metrics["move.durationMs"].n == 2 : "${c.name}: ${c.metrics.keySet()}"
}
assert study.comparisons.any { it.metric == "move.durationMs" && it.baseline == "stop-and-copy" }
assert study.recommendation.containsKey("why") && study.recommendation.why.length() > 0
assert new File(dir, "study.csv").readLines()[0] == "cell,metric,n,mean,median,ciLow,ciHigh,values"
def html = new File(dir, "study.html").text
assert html.contains("runs/stop-and-copy-t1/report/index.html") && html.contains("forest plot of move.durationMs")
def log = new File(basedir, "build.log").text
def order = (log =~ /trial \d\/4: cell (\S+), trial (\d)/).collect { it[1] + "-t" + it[2] }
assert order == ["stop-and-copy-t1", "logical-replication-t1", "logical-replication-t2", "stop-and-copy-t2"] : order
// Warm by default: a trial after one that ran on a sandbox reuses it after a verified reset.
assert study.isolation.startsWith("warm") : study.isolation
def starts = [:]
study.cells.each { c -> c.runs.eachWithIndex { r, i -> starts[r] = [c.isolation[i], c.betweenSeconds[i]] } }
assert starts[order[0]][0].startsWith("cold: no sandbox runs yet") : starts
(1..<order.size()).each { i ->
    if (new File(dir, "runs/${order[i - 1]}/report.json").exists()) {
        assert starts[order[i]][0] == "warm" && starts[order[i]][1] > 0 : "${order[i]}: ${starts[order[i]]}"
    }
}
println "between trials (s): " + order.collect { r -> "${r} ${starts[r][0]} ${starts[r][1]}" }
return true
