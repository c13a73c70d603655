/**
 * Scenario → plan: what a run does and when, as immutable data (the "plan" role; nothing here acts).
 *
 * <p>{@link io.contmig.plan.PlanResolver} reads a YAML scenario ({@link io.contmig.plan.ScenarioSource}) and
 * {@code -Dcontmig.*} {@link io.contmig.plan.Overrides}, validates everything at once, applies
 * {@link io.contmig.plan.Defaults} and returns a {@link io.contmig.plan.BenchPlan}, which
 * {@link io.contmig.plan.BenchPlan#toJson()} writes as {@code plan.json} and
 * {@link io.contmig.plan.BenchPlan#describe()} prints for {@code contmig:plan}. Load drivers take their intended
 * start times from {@link io.contmig.plan.ArrivalSchedule}. The resolver is split by scenario section: one reader
 * per section ({@code TargetReader}, {@code TenantsReader}, {@code LoadReader}, {@code InjectionsReader},
 * {@code WindowsReader}, {@code GatesReader}) over shared primitive readers ({@code NodeReader}), and the
 * override-path language in {@code OverridePaths}.
 *
 * <p>Which stores, strategies and placement kinds exist, and their options, is not known here: the caller passes
 * an {@link io.contmig.options.InjectorCatalog} built from the injector registry.
 *
 * <h2>Scenario keys</h2>
 * Durations are written {@code 500ms}, {@code 2s}, {@code 1.5m}, {@code 1h} or as a bare number of milliseconds.
 * Unknown keys are errors. Defaults in brackets.
 * <pre>
 * name        run name, [A-Za-z0-9._-], used in the run id                              [contmig]
 * seed        seed of arrivals and payloads (integer)                                   [42]
 * duration    how long load runs (&gt; 0)                                                 [240s]
 * target      sandbox | sitewhere                                                       [sandbox]
 * sandbox.wan devicesToEdge, devicesToCloud, edgeToCloud (one-way delays),             [2ms, 25ms, 20ms,
 *             bandwidthMbit (0 = unlimited)                                              0]
 * sandbox.kafka per-site (a single-broker cluster per site) | stretched (one cluster,       [per-site]
 *             a broker per site); kafka/partition-reassignment needs stretched
 * sandbox.kafkaValues  json | protobuf: the event topics' values (protobuf as SiteWhere 3)   [json]
 * endpoints   target sitewhere only (required then), the shape of sandbox.json (a pasted sandbox.json is valid):
 *             rest {baseUrl, authUrl, username?, password?}, mqtt {url},
 *             sites {&lt;site&gt;: {postgres, postgresUser?, postgresPassword?, kafka, influx, mqtt,
 *                    addresses {&lt;store&gt;: address} (stores a new injector brings) [none]}},
 *             tenants {&lt;tenant&gt;: {site}} (where the installation serves it; a tenant's site must agree) [none];
 *             credentials left out come from the environment or an owner-only file when the run starts;
 *             kubernetes {namespace, masterUrl?, switchTimeout [120s], datastores {&lt;site&gt;: {&lt;store&gt;: ref}},
 *             microservices {&lt;store&gt;: [..]}}: how store moves are switched in SiteWhere (without it, and for
 *             Kafka always, a store move is refused)
 * tenants[]   name (required, ^[a-z][a-z0-9_]{0,30}$), site [cloud], devices [10]
 *             sites: cloud and edge for the sandbox; the keys of endpoints.sites for sitewhere
 * load.mqtt   ratePerDevice (events/s) [1.0], qos 0|1|2 [1], arrivals poisson|constant [poisson],
 *             connections per-device|shared [per-device], client paho|hivemq [hivemq],
 *             mix {measurement, location, alert}, shares summing to 1 (a missing kind is 0)
 *                                                                 [0.8, 0.1, 0.1]
 *             profile[]: stages, multipliers of ratePerDevice, played in order; the last one holds:
 *               {constant: x, during: d} | {ramp: {from: a, to: b}, during: d} | {step: x[, during: d]}
 *               every stage but the last needs during; a ramp always does       [{constant: 1.0}]
 *             freshnessShare: share of acknowledged events whose mqtt.freshness (intended publish
 *               → first seen in the REST event listing) is measured, 0..1; 0 = off       [0.05]
 * load.rest   a list of {name: listMeasurements|postMeasurement|getDevice|updateDevice|createAssignment|
 *             listAssignments, ratePerSecond [1.0]},
 *             or {requests: [that list], simulation: fully.qualified.GatlingSimulation}   [none]
 * load.iotlab real FIT IoT-LAB devices as a load source                                          [none]
 *             site (required, e.g. grenoble), nodes: a count (alias reservation) or [m3-7, ...]
 *             (required unless experiment), tenant [the first], archi [m3:at86rf231],
 *             firmware (a preset) [iotlab_m3_tutorial], profile (monitoring) [none],
 *             experiment: an id to attach to instead of submitting [none], api [IOTLAB_API_URL or
 *             https://www.iot-lab.info/api/], credentials: a login:base64(password) file
 *             [IOTLAB_PASSWORD_FILE or ~/.iotlabrc], startTimeout [5m],
 *             bridge (required): {kind: file, path} | {kind: tcp, host [127.0.0.1], port} |
 *             {kind: ssh, login [the credentials'], host [&lt;site&gt;.iot-lab.info]}
 * injections[] name (required, unique, [a-z0-9][a-z0-9._-]*), at (required, &lt; duration), and one of
 *             migration {store, strategy, tenant, from, to, options}
 *             placement {kind, tenant, from, to, options}
 *               store/strategy and placement/kind are the aliases of the installed injectors (the catalog;
 *               {@code mvn contmig:plan -Dcontmig.list=injectors} lists them), e.g. postgresql
 *               stop-and-copy|logical-replication, kafka mirrormaker2|partition-reassignment, influxdb
 *               copy-catchup|backup-restore, placement kubernetes|sandbox-site
 *             from defaults to where the tenant's store (or pipeline stage) is at that time, following
 *             earlier injections; to must differ from it. options are checked against the OptionSpecs
 *             of the injector with alias store/strategy or placement/kind.
 * windows     baseline [20s], settle [5s], after [20s]  (how reports cut windows: WindowPolicy)
 * gates[]     "expression" (every injection) or {expression, injection: &lt;name&gt;}; the grammar of
 *             io.contmig.gate.Gate
 * </pre>
 *
 * <h2>Overrides</h2>
 * {@code -Dcontmig.<path>=<value>} with a dotted path; list elements by index or, for tenants, injections and
 * REST requests, by name: {@code contmig.seed=7}, {@code contmig.duration=90s},
 * {@code contmig.tenants[0].devices=10}, {@code contmig.tenants.acme.devices=10},
 * {@code contmig.injections.move-acme-postgres.at=60s}. Values are YAML ({@code {measurement: 1}} is a map);
 * index = list size appends. Properties whose first segment is not a scenario key ({@code contmig.scenario},
 * {@code contmig.runDir}, ...) are harness settings and are not overrides; the runner refuses any other
 * {@code contmig.*} property as misspelt.
 */
package io.contmig.plan;
