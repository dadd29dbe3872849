package org.publicfunds.ledger.testing;

import org.springframework.context.ConfigurableApplicationContext;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/** A plain HTTP client for the contract tests: real requests to the running service. */
public final class Api {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient client = HttpClient.newHttpClient();
    private final String base;
    private final String authorization;

    /** A client signed in as {@code finance}, who may post commands and read everything. */
    /** A client of a service started by a test with {@code SpringApplicationBuilder}. */
    public static Api of(ConfigurableApplicationContext context) {
        return new Api(Integer.parseInt(context.getEnvironment().getProperty("local.server.port")));
    }

    public Api(int port) {
        this("http://localhost:" + port, basic("finance"));
    }

    private Api(String base, String authorization) {
        this.base = base;
        this.authorization = authorization;
    }

    /**
     * The same service as another of the test users (config/application.yml in the test
     * resources: finance, auditor, viewer, each with password {@code <name>-secret}), or as
     * nobody with {@code null}.
     */
    public Api as(String user) {
        return new Api(base, user == null ? null : basic(user));
    }

    /** The same service as a user with this password. */
    public Api as(String user, String password) {
        return new Api(base, basic(user, password));
    }

    /** The Authorization header value of a test user. */
    public static String basic(String user) {
        return basic(user, user + "-secret");
    }

    public static String basic(String user, String password) {
        return "Basic " + java.util.Base64.getEncoder()
                .encodeToString((user + ":" + password).getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    public record Response(int status, String contentType, String body, java.util.Map<String, String> headers) {

        public Response(int status, String contentType, String body) {
            this(status, contentType, body, java.util.Map.of());
        }

        /** A response header (first value), or null. */
        public String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name)).map(java.util.Map.Entry::getValue)
                    .findFirst().orElse(null);
        }

        public JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    public String base() {
        return base;
    }

    public Response get(String path) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).GET());
    }

    public Response post(String path, String json) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    public Response send(HttpRequest.Builder request) {
        if (authorization != null) {
            request.setHeader("Authorization", authorization);
        }
        try {
            HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
            java.util.Map<String, String> headers = new java.util.HashMap<>();
            response.headers().map().forEach((name, values) -> headers.put(name, values.get(0)));
            return new Response(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""),
                    response.body(), headers);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The row of one funder and year in a balances response. */
    public static JsonNode row(JsonNode balances, String funder, String fiscalYear) {
        for (JsonNode row : balances.get("rows")) {
            if (row.get("funder").asText().equals(funder) && row.get("fiscalYear").asText().equals(fiscalYear)) {
                return row;
            }
        }
        throw new AssertionError("no row for " + funder + " " + fiscalYear + " in " + balances);
    }
}
