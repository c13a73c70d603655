package io.contmig.load.provision;

/**
 * Provisioning could not be done: the API is unreachable, refused the credentials, does not know a tenant, or
 * answered an unexpected error. The message names the URL, the HTTP status and SiteWhere's own error message; it
 * also says what was already created, so nothing half-provisioned is left unexplained.
 */
public final class ProvisioningException extends Exception {

    public ProvisioningException(String message) {
        super(message);
    }

    public ProvisioningException(String message, Throwable cause) {
        super(message, cause);
    }
}
