/**
 * Extensions described as data: an extension (an injector) declares its options once as typed
 * {@link io.contmig.options.OptionKey}s (name, type, default, bounds, doc) and its phases as
 * {@link io.contmig.options.PhaseSpec}s; {@link io.contmig.options.OptionValues} validates scenario values against
 * the specs, collecting every problem with its path. {@link io.contmig.options.InjectorCatalog} is what the plan
 * knows of the installed injectors ({@link io.contmig.options.InjectorDescription}: alias, kind, phases, options):
 * built by the runner from the injector registry, it is the only list of stores, strategies and placement kinds.
 * Everything here is immutable.
 */
package io.contmig.options;
