/**
 * Load generators beyond the runner's JVM ({@code load.generators}): the fleet and the REST load split over N
 * generator processes that share the run's t=0 and seed. The runner side is {@code GeneratorsLoad} (a
 * {@code BenchLoad}) with a {@code ControlServer} that hands each generator its {@code GeneratorSpec}, t=0, the
 * runner's clock and the phase boundaries; {@code GeneratorExecutor}s start the processes
 * ({@code LocalJvmGenerators}: child JVMs; {@code KubernetesJobGenerators}: an indexed Job). A generator process is
 * {@code GeneratorMain}; it sends its latency log, acknowledged events and summary back as {@code FramedFiles} on its
 * standard output (the pod log on Kubernetes), which the runner merges into the run's record.
 */
package io.contmig.runner.generate;
