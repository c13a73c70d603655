package io.contmig.plan;

import io.contmig.target.Login;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A real SiteWhere installation, reached through the same endpoints the sandbox writes to {@code sandbox.json}:
 * a {@code sandbox.json} pasted as it is is a valid value. Credentials the scenario leaves out (the sandbox's file has
 * none for PostgreSQL) are empty here and taken from the environment or an owner-only credentials file when the run
 * opens the target (the runner's {@code EndpointCredentials}), so a plan never needs to carry a secret.
 *
 * @param restBaseUrl e.g. {@code http://host:8080/sitewhere/api}
 * @param authUrl     e.g. {@code http://host:8080/sitewhere/authapi/jwt}
 * @param username    REST user, when the scenario gives it
 * @param password    REST password, when the scenario gives it (redacted in {@code plan.json} and
 *                    {@link BenchPlan#describe()})
 * @param mqttUrl     the broker devices publish to, {@code tcp://host:port}
 * @param siteStores  site name → its stores (at least one)
 * @param tenantSites tenant → the site the installation serves it from ({@code sandbox.json}'s {@code tenants};
 *                    may be empty)
 * @param kubernetes  how store moves are switched in SiteWhere itself; empty: no store move can be (the plan refuses
 *                    them)
 * @param mqttLogin   what devices present to the broker ({@code endpoints.mqtt.username/password}); {@link Login#NONE}
 *                    when the broker asks for nothing (password redacted in {@code plan.json})
 */
public record SiteWhereTarget(String restBaseUrl, String authUrl, Optional<String> username,
                              Optional<String> password, String mqttUrl, Map<String, SiteStores> siteStores,
                              Map<String, String> tenantSites, Optional<SiteWhereKubernetes> kubernetes,
                              Login mqttLogin)
        implements TargetPlan {

    /**
     * One site's servers.
     *
     * @param postgres         JDBC URL (database {@code postgres})
     * @param postgresUser     user, when the scenario gives it
     * @param postgresPassword password, when the scenario gives it (redacted in {@code plan.json})
     * @param kafka            bootstrap {@code host:port}
     * @param influx           InfluxDB 1.x base URL
     * @param mqtt             the site's own broker
     * @param addresses        store label → address of the stores an extra injector brings (may be empty)
     * @param influxLogin      what the site's InfluxDB asks ({@code influxUser/influxPassword}), or {@link Login#NONE}
     * @param mqttLogin        what the site's broker asks ({@code mqttUser/mqttPassword}), or {@link Login#NONE}
     */
    public record SiteStores(String postgres, Optional<String> postgresUser, Optional<String> postgresPassword,
                             String kafka, String influx, String mqtt, Map<String, String> addresses,
                             Login influxLogin, Login mqttLogin) {
        /** A site whose InfluxDB and broker ask for no credentials. */
        public SiteStores(String postgres, Optional<String> postgresUser, Optional<String> postgresPassword,
                          String kafka, String influx, String mqtt, Map<String, String> addresses) {
            this(postgres, postgresUser, postgresPassword, kafka, influx, mqtt, addresses, Login.NONE, Login.NONE);
        }

        public SiteStores(String postgres, String postgresUser, String postgresPassword, String kafka,
                          String influx, String mqtt) {
            this(postgres, Optional.of(postgresUser), Optional.of(postgresPassword), kafka, influx, mqtt, Map.of());
        }

        public SiteStores {
            Plans.requireText("postgres", postgres);
            postgresUser.ifPresent(u -> Plans.requireText("postgresUser", u));
            postgresPassword.ifPresent(p -> Plans.requireText("postgresPassword", p));
            Plans.requireText("kafka", kafka);
            Plans.requireText("influx", influx);
            Plans.requireText("mqtt", mqtt);
            addresses = Collections.unmodifiableMap(new LinkedHashMap<>(addresses));
            addresses.forEach((store, address) -> Plans.requireText("addresses." + store, address));
            java.util.Objects.requireNonNull(influxLogin, "influxLogin");
            java.util.Objects.requireNonNull(mqttLogin, "mqttLogin");
        }

        /** These stores with other credentials (filled in when the run starts). */
        public SiteStores withCredentials(Optional<String> user, Optional<String> password, Login influx, Login mqtt) {
            return new SiteStores(postgres, user, password, kafka, influx(), mqtt(), addresses, influx, mqtt);
        }

        @Override
        public String toString() {
            return "SiteStores[postgres=" + postgres + ", kafka=" + kafka + ", influx=" + influx + ", mqtt=" + mqtt
                    + (addresses.isEmpty() ? "" : ", addresses=" + addresses) + "]";
        }
    }

    /** An installation whose credentials are all in the scenario and that names no tenant's site. */
    public SiteWhereTarget(String restBaseUrl, String authUrl, String username, String password, String mqttUrl,
                           Map<String, SiteStores> siteStores) {
        this(restBaseUrl, authUrl, Optional.of(username), Optional.of(password), mqttUrl, siteStores, Map.of(),
                Optional.empty(), Login.NONE);
    }

    /** An installation whose broker asks devices for no credentials. */
    public SiteWhereTarget(String restBaseUrl, String authUrl, Optional<String> username, Optional<String> password,
                           String mqttUrl, Map<String, SiteStores> siteStores, Map<String, String> tenantSites,
                           Optional<SiteWhereKubernetes> kubernetes) {
        this(restBaseUrl, authUrl, username, password, mqttUrl, siteStores, tenantSites, kubernetes, Login.NONE);
    }

    /** The same installation with other credentials (filled in when the run starts). */
    public SiteWhereTarget withCredentials(Optional<String> newUsername, Optional<String> newPassword,
                                           Map<String, SiteStores> newSiteStores) {
        return withCredentials(newUsername, newPassword, mqttLogin, newSiteStores);
    }

    /** The same installation with other credentials, the devices' MQTT login included. */
    public SiteWhereTarget withCredentials(Optional<String> newUsername, Optional<String> newPassword,
                                           Login newMqttLogin, Map<String, SiteStores> newSiteStores) {
        return new SiteWhereTarget(restBaseUrl, authUrl, newUsername, newPassword, mqttUrl, newSiteStores, tenantSites,
                kubernetes, newMqttLogin);
    }

    public SiteWhereTarget {
        Plans.requireText("restBaseUrl", restBaseUrl);
        Plans.requireText("authUrl", authUrl);
        username.ifPresent(u -> Plans.requireText("username", u));
        password.ifPresent(p -> Plans.requireText("password", p));
        Plans.requireText("mqttUrl", mqttUrl);
        siteStores = Collections.unmodifiableMap(new LinkedHashMap<>(siteStores));
        if (siteStores.isEmpty()) {
            throw new IllegalArgumentException("siteStores must not be empty");
        }
        tenantSites = Collections.unmodifiableMap(new LinkedHashMap<>(tenantSites));
        java.util.Objects.requireNonNull(kubernetes, "kubernetes");
        java.util.Objects.requireNonNull(mqttLogin, "mqttLogin");
        for (Map.Entry<String, String> e : tenantSites.entrySet()) {
            if (!siteStores.containsKey(e.getValue())) {
                throw new IllegalArgumentException("tenantSites." + e.getKey() + " (" + e.getValue()
                        + ") is not a site");
            }
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
