/**
 * The injector SPI: {@code Injector} ({@code prepare}, {@code inject}, always {@code heal}), its sub-roles
 * {@code Migration} (with a {@code Verifier}) and {@code PlacementChange}, the {@code InjectorFactory} registry
 * ({@code InjectorFactories}, found by {@code ServiceLoader}; each factory declares its alias, phases and typed
 * options), the {@code InjectionContext} an injector works in, and {@code InjectionRunner}, which runs one
 * injection with its marks and {@code verification/<name>.json}. {@code SimpleTenantRouting} is an in-memory
 * routing for tests and real deployments. Injectors write facts ({@code VerificationResult}), never verdicts.
 */
package io.contmig.inject;
