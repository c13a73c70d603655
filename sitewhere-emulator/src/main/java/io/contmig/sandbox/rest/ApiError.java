package io.contmig.sandbox.rest;

import io.contmig.sandbox.devices.DeviceManagementException;
import io.contmig.sandbox.devices.SiteWhereErrorCode;

import java.util.Objects;

/**
 * A refused REST call, answered with SiteWhere's error body {@code {"message","errorCode","errorDescription"}} and
 * headers {@code X-SiteWhere-Error} / {@code X-SiteWhere-Error-Code}.
 */
final class ApiError extends Exception {

    private static final long serialVersionUID = 1L;

    private final int status;
    private final SiteWhereErrorCode code;

    ApiError(int status, SiteWhereErrorCode code, String message) {
        super(message);
        this.status = status;
        this.code = Objects.requireNonNull(code, "code");
    }

    ApiError(SiteWhereErrorCode code, String message) {
        this(code.httpStatus(), code, message);
    }

    static ApiError of(DeviceManagementException e) {
        return new ApiError(e.code(), e.getMessage());
    }

    int status() {
        return status;
    }

    SiteWhereErrorCode code() {
        return code;
    }
}
