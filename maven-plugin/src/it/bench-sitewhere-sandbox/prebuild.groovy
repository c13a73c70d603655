// Starts `contmig:sandbox` in the background (its own Maven, offline, on this IT's local repository), waits for its
// sandbox.json, and writes scenario.yaml with that file pasted as the endpoints. verify.groovy stops the sandbox; a shutdown
// hook of this JVM and `timeout` stop it too if the build never gets there.
import java.util.concurrent.TimeUnit

def out = new File(basedir, "target/sandbox")
out.mkdirs()
// The plugin's version, as the invoker filtered it into this project's pom.xml.
def version = (new File(basedir, "pom.xml").text =~ /<version>([^<]*SNAPSHOT[^<]*|\d[^<]*)<\/version>\s*<\/plugin>/)[0][1]
def mvn = new File(System.getProperty("maven.home"), "bin/mvn").path
// As the invoker's settings (src/it/settings.xml): this IT's local repository first, then the user's, nothing downloaded.
def userRepo = new File(System.getProperty("maven.repo.local") ?: System.getProperty("user.home") + "/.m2/repository")
def settings = new File(basedir, "sandbox-settings.xml")
settings.text = """<settings><profiles><profile><id>it-repo</id><activation><activeByDefault>true</activeByDefault></activation>
  <repositories><repository><id>local.central</id><url>${userRepo.toURI()}</url></repository></repositories>
  <pluginRepositories><pluginRepository><id>local.central</id><url>${userRepo.toURI()}</url></pluginRepository></pluginRepositories>
</profile></profiles></settings>"""
def cmd = ["timeout", "400", mvn, "-B", "-q", "-s", settings.path, "-Dmaven.repo.local=" + localRepositoryPath,
           "io.contmig:contmig-maven-plugin:${version}:sandbox".toString(),
           // SiteWhere 3's protobuf Kafka values: the cross-store check must read them as a real SiteWhere's.
           "-Dcontmig.sandbox.kafkaValues=protobuf",
           "-Dcontmig.outputDirectory=" + out.path, "-Dcontmig.jvmArgs=-Xmx768m -XX:+UseParallelGC",
           "-Dgatling.data.enableAnalytics=false"]
def log = new File(basedir, "sandbox.log")
def process = new ProcessBuilder(cmd).directory(basedir).redirectErrorStream(true)
        .redirectOutput(log).start()
new File(basedir, "sandbox.pid").text = process.pid().toString()
Runtime.runtime.addShutdownHook(new Thread({
    if (process.isAlive()) { process.destroy(); process.waitFor(60, TimeUnit.SECONDS) }
}))
def json = new File(out, "sandbox.json")
def deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(240)
while (!json.exists() && process.isAlive() && System.nanoTime() < deadline) {
    process.waitFor(250, TimeUnit.MILLISECONDS)
}
assert json.exists() : "the sandbox did not write ${json} (alive: ${process.isAlive()}); its log:\n${log.text}"
def scenario = new File(basedir, "scenario-head.yaml").text + "endpoints: " +
        json.text.readLines().join("\n  ") + "\n"
new File(basedir, "scenario.yaml").text = scenario
return true
