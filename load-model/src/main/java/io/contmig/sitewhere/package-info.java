/**
 * SiteWhere's vocabulary shared by every module: the names of a tenant's topics, consumer groups, databases,
 * measurement, tags and fields ({@link io.contmig.sitewhere.SiteWhereNames}).
 */
package io.contmig.sitewhere;
