/**
 * The runner's entry and commands, with no Maven imports: {@code Main} (the forked JVM's entry: arguments →
 * command → {@code ExitCode}, the documented exit-code contract), {@code Commands} (bench, plan, report, verify,
 * sandbox), {@code Arguments}, {@code PropertyCheck} (a misspelt {@code contmig.*} key is an error naming the
 * closest known ones), {@code InjectorListing} (every installed injector with its phases and options),
 * {@code VerdictCheck}, {@code RunDirectories}, {@code RunIds}. User and environment errors end as one message
 * ({@code ContmigException}, {@code EnvironmentFailure}), never a stack trace.
 */
package io.contmig.runner;
