package io.contmig.report;

/**
 * A latency-log tag split into its parts: {@code <op>[.ko][@<tenant>]}.
 *
 * @param operation the operation, e.g. {@code mqtt.e2e} ({@code untagged} for a histogram without tag)
 * @param failure   whether the tag counts failures ({@code .ko})
 * @param tenant    the tenant, {@code ""} for all tenants
 */
record TagName(String operation, boolean failure, String tenant) {

    static TagName parse(String tag) {
        String base = tag;
        String tenant = "";
        int at = tag.indexOf('@');
        if (at >= 0) {
            base = tag.substring(0, at);
            tenant = tag.substring(at + 1);
        }
        boolean failure = base.endsWith(".ko");
        if (failure) {
            base = base.substring(0, base.length() - 3);
        }
        if (base.isEmpty()) {
            base = "untagged";
        }
        return new TagName(base, failure, tenant);
    }
}
