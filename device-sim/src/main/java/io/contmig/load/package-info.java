/**
 * Load drivers (the "act" role for load; they never know a migration exists): {@code PlanLoads} turns a resolved
 * {@code BenchPlan} into the MQTT fleet's and the REST load's configurations. Subpackages hold the drivers.
 */
package io.contmig.load;
