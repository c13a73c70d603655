package io.contmig.sandbox.devices;

import java.util.Objects;

/**
 * A refused device-management request (unknown token, duplicate token, malformed or missing field): SiteWhere's
 * {@code SiteWhereSystemException}. The message names the offending field and value.
 */
public final class DeviceManagementException extends Exception {

    private static final long serialVersionUID = 1L;

    private final SiteWhereErrorCode code;

    public DeviceManagementException(SiteWhereErrorCode code, String message) {
        super(message);
        this.code = Objects.requireNonNull(code, "code");
    }

    /** The SiteWhere error code. */
    public SiteWhereErrorCode code() {
        return code;
    }
}
