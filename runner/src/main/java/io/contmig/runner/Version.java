package io.contmig.runner;

/** The harness's own version, from the jar manifest (or {@code dev} when run from classes). */
final class Version {

    private Version() {
    }

    static String harness() {
        String v = Version.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }
}
