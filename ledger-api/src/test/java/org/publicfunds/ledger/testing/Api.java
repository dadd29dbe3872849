package org.publicfunds.ledger.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import org.springframework.context.ConfigurableApplicationContext;

/** A plain HTTP client for the contract tests: real requests to the running service. */
public final class Api {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient client = HttpClient.newHttpClient();
    private final String base;
    private final String authorization;

    /** A client of a service started by a test with {@code SpringApplicationBuilder}, signed in as finance. */
    public static Api of(ConfigurableApplicationContext context) {
        return new Api(Integer.parseInt(context.getEnvironment().getProperty("local.server.port")));
    }

    /** A client signed in as {@code finance}, who may post commands and read everything. */
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
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    public record Response(int status, String contentType, String body, Map<String, String> headers) {

        public Response(int status, String contentType, String body) {
            this(status, contentType, body, Map.of());
        }

        /** A response header (first value), or null. */
        public String header(String name) {
            return headers.entrySet().stream()
                    .filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(Map.Entry::getValue)
                    .findFirst()
                    .orElse(null);
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
        return send(
                HttpRequest.newBuilder(URI.create(base + path))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(json)),
                json);
    }

    /** Sends a request whose body (if any) the check against the API description cannot see. */
    public Response send(HttpRequest.Builder request) {
        return send(request, null);
    }

    /**
     * Sends a request; the exchange is checked against the API description the service serves
     * ({@link ContractValidator}), so a test fails where the description and the service disagree.
     */
    public Response send(HttpRequest.Builder builder, String body) {
        if (authorization != null) {
            builder.setHeader("Authorization", authorization);
        }
        HttpRequest request = builder.build();
        try {
            HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
            Map<String, String> headers = new HashMap<>();
            response.headers().map().forEach((name, values) -> headers.put(name, values.get(0)));
            Response answer = new Response(
                    response.statusCode(),
                    response.headers().firstValue("Content-Type").orElse(""),
                    response.body(),
                    headers);
            Map<String, String> sent = new HashMap<>();
            request.headers().map().forEach((name, values) -> sent.put(name, values.get(0)));
            ContractValidator.check(base, request.method(), request.uri(), sent, body, answer);
            return answer;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The body of a GET as bytes (a PDF): 200 expected; not checked against the API description, which cannot read it. */
    public byte[] bytes(String path) {
        HttpRequest.Builder builder =
                HttpRequest.newBuilder(URI.create(base + path)).GET();
        if (authorization != null) {
            builder.setHeader("Authorization", authorization);
        }
        try {
            HttpResponse<byte[]> response = client.send(builder.build(), HttpResponse.BodyHandlers.ofByteArray());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("GET " + path + " answered " + response.statusCode() + ": "
                        + new String(response.body(), StandardCharsets.UTF_8));
            }
            return response.body();
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
            if (row.get("funder").asText().equals(funder)
                    && row.get("fiscalYear").asText().equals(fiscalYear)) {
                return row;
            }
        }
        throw new AssertionError("no row for " + funder + " " + fiscalYear + " in " + balances);
    }
}
