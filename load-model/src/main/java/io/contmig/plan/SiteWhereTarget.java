package io.contmig.plan;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A real SiteWhere installation, reached through the same endpoints the sandbox writes to {@code sandbox.json}.
 *
 * @param restBaseUrl e.g. {@code http://host:8080/sitewhere/api}
 * @param authUrl     e.g. {@code http://host:8080/sitewhere/authapi/jwt}
 * @param username    REST user
 * @param password    REST password (redacted in {@code plan.json} and {@link BenchPlan#describe()})
 * @param mqttUrl     the broker devices publish to, {@code tcp://host:port}
 * @param siteStores  site name → its stores (at least one)
 */
public record SiteWhereTarget(String restBaseUrl, String authUrl, String username, String password, String mqttUrl,
                              Map<String, SiteStores> siteStores) implements TargetPlan {

    /**
     * One site's servers.
     *
     * @param postgres         JDBC URL (database {@code postgres})
     * @param postgresUser     user
     * @param postgresPassword password (redacted in {@code plan.json})
     * @param kafka            bootstrap {@code host:port}
     * @param influx           InfluxDB 1.x base URL
     * @param mqtt             the site's own broker
     * @param addresses        store label → address of the stores an extra injector brings (may be empty)
     */
    public record SiteStores(String postgres, String postgresUser, String postgresPassword, String kafka,
                             String influx, String mqtt, Map<String, String> addresses) {
        public SiteStores(String postgres, String postgresUser, String postgresPassword, String kafka,
                          String influx, String mqtt) {
            this(postgres, postgresUser, postgresPassword, kafka, influx, mqtt, Map.of());
        }

        public SiteStores {
            Plans.requireText("postgres", postgres);
            Plans.requireText("postgresUser", postgresUser);
            Plans.requireText("postgresPassword", postgresPassword);
            Plans.requireText("kafka", kafka);
            Plans.requireText("influx", influx);
            Plans.requireText("mqtt", mqtt);
            addresses = Collections.unmodifiableMap(new LinkedHashMap<>(addresses));
            addresses.forEach((store, address) -> Plans.requireText("addresses." + store, address));
        }

        @Override
        public String toString() {
            return "SiteStores[postgres=" + postgres + ", kafka=" + kafka + ", influx=" + influx + ", mqtt=" + mqtt
                    + (addresses.isEmpty() ? "" : ", addresses=" + addresses) + "]";
        }
    }

    public SiteWhereTarget {
        Plans.requireText("restBaseUrl", restBaseUrl);
        Plans.requireText("authUrl", authUrl);
        Plans.requireText("username", username);
        Plans.requireText("password", password);
        Plans.requireText("mqttUrl", mqttUrl);
        siteStores = Collections.unmodifiableMap(new LinkedHashMap<>(siteStores));
        if (siteStores.isEmpty()) {
            throw new IllegalArgumentException("siteStores must not be empty");
        }
    }

    @Override
    public String label() {
        return "sitewhere";
    }

    @Override
    public List<String> sites() {
        return List.copyOf(siteStores.keySet());
    }

    @Override
    public String toString() {
        return "SiteWhereTarget[rest=" + restBaseUrl + ", mqtt=" + mqttUrl + ", sites=" + siteStores + "]";
    }
}
