package io.contmig.sandbox.devices;

/**
 * The SiteWhere 3.0 error codes the sandbox raises ({@code com.sitewhere.spi.error.ErrorCode}: same names, numbers
 * and descriptions), with the HTTP status the sandbox answers them with.
 *
 * <p>SiteWhere 3.0 answers most of these with 500 (its exceptions carry no HTTP status, and its handler falls back
 * to 500); the sandbox answers 400 / 404 / 409 so that clients can tell a bad request from a server fault. The body
 * and headers are SiteWhere's either way.
 */
public enum SiteWhereErrorCode {
    Error(1, "Generic application error.", 400),
    InvalidTenantToken(1120, "Tenant does not exist.", 404),
    TenantIdFormat(3020, "Tenant id should be an alphanumeric value with no spaces.", 400),
    MalformedHardwareId(4010, "Hardware id must consist of alphanumeric values with dashes, underscores, and no spaces.",
            400),
    DuplicateDeviceToken(4030, "Device token already in use.", 409),
    InvalidDeviceToken(4040, "Device token not found.", 404),
    InvalidDeviceTypeToken(4060, "Device type not found.", 404),
    DuplicateDeviceTypeToken(4070, "Device type token already in use.", 409),
    DuplicateDeviceAssignment(4150, "Device assignment token already in use.", 409),
    InvalidDeviceAssignmentToken(4170, "Device assignment token not found.", 404),
    DuplicateTenantId(4280, "Tenant id already in use.", 409),
    IncompleteData(13010, "Not all required data was provided.", 400),
    Unknown(99999, "Unknown error.", 500);

    private final long code;
    private final String description;
    private final int httpStatus;

    SiteWhereErrorCode(long code, String description, int httpStatus) {
        this.code = code;
        this.description = description;
        this.httpStatus = httpStatus;
    }

    /** SiteWhere's numeric code ({@code errorCode} in error bodies, header {@code X-SiteWhere-Error-Code}). */
    public long code() {
        return code;
    }

    /** SiteWhere's description of the code ({@code errorDescription} in error bodies). */
    public String description() {
        return description;
    }

    /** The HTTP status the sandbox's REST API answers with. */
    public int httpStatus() {
        return httpStatus;
    }
}
