package io.contmig.report;

/**
 * A latency-log tag split into its parts: {@code <op>[.ko|.gap][@<tenant>][#<epoch start µs>]}.
 *
 * @param operation   the operation, e.g. {@code mqtt.e2e} ({@code untagged} for a histogram without tag)
 * @param failure     whether the tag counts failures ({@code .ko})
 * @param gap         whether the histogram is a success gap ({@code .gap}: its start and end are the intended starts
 *                    of two consecutive successes)
 * @param tenant      the tenant, {@code ""} for all tenants
 * @param epochMicros the start of the phase epoch whose samples (by intended start) the histogram holds, µs since
 *                    t=0; -1 for an ordinary interval histogram (see {@code SampleRecorder})
 */
record TagName(String operation, boolean failure, boolean gap, String tenant, long epochMicros) {

    static TagName parse(String tag) {
        long epoch = -1;
        int hash = tag.lastIndexOf('#');
        if (hash >= 0 && hash + 1 < tag.length() && tag.substring(hash + 1).chars().allMatch(Character::isDigit)
                && tag.length() - hash <= 19) {
            epoch = Long.parseLong(tag.substring(hash + 1));
            tag = tag.substring(0, hash);
        }
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
        boolean gap = !failure && base.endsWith(".gap");
        if (gap) {
            base = base.substring(0, base.length() - 4);
        }
        if (base.isEmpty()) {
            base = "untagged";
        }
        return new TagName(base, failure, gap, tenant, epoch);
    }

    /** {@code <op>} or {@code <op>@<tenant>}. */
    String key() {
        return tenant.isEmpty() ? operation : operation + "@" + tenant;
    }

    boolean epochTagged() {
        return epochMicros >= 0;
    }
}
