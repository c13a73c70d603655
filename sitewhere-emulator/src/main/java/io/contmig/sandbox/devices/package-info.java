/**
 * SiteWhere's device management on PostgreSQL: {@code JdbcDeviceManagement} stores device types, devices and
 * assignments in the tenant's {@code tenant_<t>} database, schema {@code devicemanagement}
 * ({@code DeviceManagementSchema}), with SiteWhere's paging and error codes; the records are its API's shapes.
 */
package io.contmig.sandbox.devices;
