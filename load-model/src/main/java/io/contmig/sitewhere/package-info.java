/**
 * SiteWhere's vocabulary shared by every module: the names of a tenant's topics, consumer groups, databases,
 * measurement, tags and fields ({@link io.contmig.sitewhere.SiteWhereNames}); the per-device seq read back from
 * Kafka values in either form ({@link io.contmig.sitewhere.EventSeq}); SiteWhere 3's protobuf Kafka payloads, compiled
 * from {@code src/main/proto}, to and from its JSON shapes ({@link io.contmig.sitewhere.SiteWhereProtobuf}).
 */
package io.contmig.sitewhere;
