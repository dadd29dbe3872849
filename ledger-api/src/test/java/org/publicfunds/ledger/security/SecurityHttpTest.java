package org.publicfunds.ledger.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.publicfunds.ledger.testing.Api;
import org.publicfunds.ledger.testing.HttpTest;
import org.publicfunds.ledger.testing.SseClient;
import org.springframework.boot.test.context.SpringBootTest;

/**
 * Who may do what, walked exhaustively: every endpoint of the service, as nobody and as each
 * role, answers exactly 401, 403 or 2xx; a refused command stores nothing.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"ledger.embedded.in-memory=true", "ledger.reference-data=true"})
class SecurityHttpTest extends HttpTest {

    private static final String ANONYMOUS = null;
    private static final List<String> CALLERS = Arrays.asList(ANONYMOUS, "viewer", "auditor", "finance");
    private static final Set<String> EVERYONE = Set.of("viewer", "auditor", "finance");
    private static final Set<String> READERS = Set.of("auditor", "finance");

    /** One endpoint; {@code allowed} are the users who get a 2xx, {@code null} in it for a public one. */
    record Endpoint(String method, String path, String body, Set<String> allowed, boolean isPublic) {
        static Endpoint get(String path, Set<String> allowed) {
            return new Endpoint("GET", path, null, allowed, false);
        }

        static Endpoint post(String path, String body, Set<String> allowed) {
            return new Endpoint("POST", path, body, allowed, false);
        }
    }

    @Test
    void everyEndpointAnswersEachRoleExactly() {
        String entryId = setUp("matrix-fund");
        List<Endpoint> endpoints = new ArrayList<>(List.of(
                new Endpoint("GET", "/actuator/health", null, EVERYONE, true),
                new Endpoint("GET", "/actuator/health/liveness", null, EVERYONE, true),
                new Endpoint("GET", "/v3/api-docs", null, EVERYONE, true),
                new Endpoint("GET", "/swagger-ui/index.html", null, EVERYONE, true),
                new Endpoint("GET", "/assets/dashboard.js", null, EVERYONE, true),
                Endpoint.get("/", EVERYONE),
                Endpoint.get("/api/arrangements", EVERYONE),
                Endpoint.get("/api/arrangements/ctpn", EVERYONE),
                Endpoint.get("/api/arrangements/ctpn/balances", EVERYONE),
                Endpoint.get("/api/arrangements/ctpn/balances?fiscalYear=2023-24&funder=London", EVERYONE),
                Endpoint.get("/api/arrangements/ctpn/balances?atPosition=3", EVERYONE),
                Endpoint.get("/api/arrangements/ctpn/balances/stream", EVERYONE),
                Endpoint.get("/actuator/prometheus", EVERYONE),
                Endpoint.get("/actuator/metrics", EVERYONE),
                Endpoint.get("/actuator/info", EVERYONE),
                Endpoint.get("/api/arrangements/ctpn/events", READERS),
                Endpoint.get("/api/arrangements/ctpn/events?format=jsonl", READERS),
                Endpoint.get("/api/events?format=jsonl", READERS),
                Endpoint.get("/api/events?format=csv", READERS),
                Endpoint.get("/api/audit/verify", READERS),
                Endpoint.get("/api/admin/projections", READERS),
                Endpoint.get("/api/admin/projections/balances", READERS),
                Endpoint.post("/api/arrangements", opening("matrix-opened"), Set.of("finance")),
                Endpoint.post(
                        "/api/arrangements/matrix-fund/commitments",
                        "{\"funder\":\"A\",\"fiscalYear\":\"2024-25\",\"amount\":\"10\",\"decisionRef\":\"D-2\"}",
                        Set.of("finance")),
                Endpoint.post(
                        "/api/arrangements/matrix-fund/receipts",
                        "{\"funder\":\"A\",\"fiscalYear\":\"2024-25\",\"amount\":\"5\",\"receivedOn\":\"2024-06-30\"}",
                        Set.of("finance")),
                Endpoint.post(
                        "/api/arrangements/matrix-fund/costs",
                        "{\"fiscalYear\":\"2024-25\",\"category\":\"staff\","
                                + "\"amount\":\"1\",\"incurredOn\":\"2024-09-01\",\"description\":\"Staff\"}",
                        Set.of("finance")),
                Endpoint.post(
                        "/api/arrangements/matrix-fund/reviews",
                        "{\"effectiveFrom\":\"2025-26\",\"annualBudget\":\"2000\",\"reason\":\"More\",\"decisionRef\":\"D-3\"}",
                        Set.of("finance")),
                Endpoint.post(
                        "/api/arrangements/matrix-fund/reversals",
                        "{\"entryId\":\"" + entryId + "\",\"reason\":\"Posted twice\"}",
                        Set.of("finance")),
                Endpoint.post("/api/arrangements/matrix-fund/fiscal-years/2024-25/close", null, Set.of("finance")),
                Endpoint.post("/api/admin/projections/balances/rebuild", null, Set.of("auditor"))));

        List<String> mismatches = new ArrayList<>();
        for (Endpoint endpoint : endpoints) {
            // the allowed callers last: a refused attempt must not use up a one-time command
            List<String> callers = new ArrayList<>(CALLERS);
            callers.sort(Comparator.comparing(
                    caller -> caller != null && endpoint.allowed().contains(caller)));
            for (String caller : callers) {
                long before = head();
                Api.Response response = call(endpoint, caller);
                int expected = caller == null && !endpoint.isPublic()
                        ? 401
                        : caller == null || endpoint.allowed().contains(caller) ? 200 : 403;
                boolean matches = expected == 200 ? response.status() / 100 == 2 : response.status() == expected;
                if (!matches) {
                    mismatches.add(endpoint.method() + " " + endpoint.path() + " as " + caller + ": expected "
                            + (expected == 200 ? "2xx" : expected) + ", got " + response.status() + " "
                            + response.body());
                }
                if (expected != 200) {
                    assertThat(response.contentType()).startsWith("application/problem+json");
                    assertThat(response.json().get("code").asText())
                            .isEqualTo(expected == 401 ? "unauthenticated" : "forbidden");
                    assertThat(head()).as("a refused request stores nothing").isEqualTo(before);
                }
            }
        }
        assertThat(mismatches).isEmpty();
    }

    @Test
    void aWrongPasswordOrAnUnknownUserIsUnauthenticatedAndAskedForBasicCredentials() {
        for (String authorization : List.of(
                Api.basic("finance", "not-the-password"),
                Api.basic("nobody", "finance-secret"),
                "Basic not-base64!",
                "Bearer abc")) {
            Api.Response response =
                    api.as(null).send(request("GET", "/api/arrangements", null).header("Authorization", authorization));
            assertThat(response.status()).as(authorization).isEqualTo(401);
            assertThat(response.json().get("code").asText()).isEqualTo("unauthenticated");
        }
        HttpResponse<String> raw = rawGet("/api/arrangements");
        assertThat(raw.headers().firstValue("WWW-Authenticate"))
                .hasValueSatisfying(v -> assertThat(v).startsWith("Basic"));
        // the right password still works after wrong ones, and again from the verified cache
        assertThat(api.get("/api/arrangements").status()).isEqualTo(200);
        assertThat(api.get("/api/arrangements").status()).isEqualTo(200);
    }

    @Test
    void pagesComeWithAContentSecurityPolicyThatAllowsOnlyThisOrigin() throws Exception {
        HttpResponse<String> page = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(api.base() + "/"))
                                .header("Authorization", Api.basic("viewer"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Security-Policy"))
                .hasValueSatisfying(csp -> assertThat(csp)
                        .contains("default-src 'self'")
                        .contains("frame-ancestors 'none'")
                        .doesNotContain("script-src"));
        assertThat(page.body()).doesNotContain("<script>").contains("<script src=\"/assets/dashboard.js\"");
    }

    /** Trust review 2, S5: the health components' details (failures, file paths) go to FINANCE and AUDITOR only. */
    @Test
    void healthDetailsAreShownToFinanceAndAuditorsOnly() {
        assertThat(api.as("auditor").get("/actuator/health").json().has("components"))
                .isTrue();
        assertThat(api.get("/actuator/health").json().has("components")).isTrue();
        assertThat(api.as("viewer").get("/actuator/health").json().has("components"))
                .isFalse();
        assertThat(api.as(null).get("/actuator/health").json().has("components"))
                .isFalse();
    }

    @Test
    void anUnknownPathIsRefusedToEveryoneRatherThanLeftOpen() {
        assertThat(api.as(null).get("/api/anything").status()).isEqualTo(401);
        assertThat(api.get("/api/anything").status()).isEqualTo(403);
        assertThat(api.send(request("DELETE", "/api/arrangements/ctpn", null)).status())
                .isEqualTo(403);
    }

    @Test
    void aFormPostedFromAnotherSitesPageIsRefusedEvenWithTheBrowsersCredentials() {
        setUp("cross-site-fund");
        long before = head();
        Api.Response fromElsewhere =
                api.send(request("POST", "/api/arrangements/cross-site-fund/fiscal-years/2024-25/close", null)
                        .header("Origin", "https://evil.example")
                        .header("Sec-Fetch-Site", "cross-site"));
        assertThat(fromElsewhere.status()).isEqualTo(403);
        assertThat(fromElsewhere.json().get("code").asText()).isEqualTo("cross-site-request");
        Api.Response otherOrigin =
                api.send(request("POST", "/api/arrangements/cross-site-fund/fiscal-years/2024-25/close", null)
                        .header("Origin", "http://evil.example:" + port));
        assertThat(otherOrigin.status()).isEqualTo(403);
        assertThat(head()).isEqualTo(before);
        Api.Response ownPage =
                api.send(request("POST", "/api/arrangements/cross-site-fund/fiscal-years/2024-25/close", null)
                        .header("Origin", "http://localhost:" + port)
                        .header("Sec-Fetch-Site", "same-origin"));
        assertThat(ownPage.status()).isEqualTo(201);
    }

    @Test
    void commandsRecordTheSignedInUserAsPrincipal() {
        setUp("principal-fund");
        var events = api.as("auditor")
                .get("/api/arrangements/principal-fund/events")
                .json()
                .get("events");
        assertThat(events.get(events.size() - 1)
                        .get("metadata")
                        .get("principal")
                        .asText())
                .isEqualTo("finance");
    }

    private String setUp(String id) {
        assertThat(api.post("/api/arrangements", opening(id)).status()).isEqualTo(201);
        Api.Response commitment = api.post(
                "/api/arrangements/" + id + "/commitments",
                "{\"funder\":\"A\",\"fiscalYear\":\"2024-25\",\"amount\":\"100\",\"decisionRef\":\"D-2\"}");
        assertThat(commitment.status()).isEqualTo(201);
        return commitment.json().get("entryId").asText();
    }

    private static String opening(String id) {
        return """
                {"arrangementId": "%s", "name": "Matrix fund", "host": "City A", "basis": "COST_RECOVERY",
                 "currency": "GBP", "firstFiscalYear": "2024-25", "lastFiscalYear": "2025-26",
                 "shares": [{"funder": "A", "percent": "60"}, {"funder": "B", "percent": "40"}],
                 "annualBudget": "1000", "decisionRef": "D-1"}""".formatted(id);
    }

    private long head() {
        return api.as("auditor")
                .get("/api/audit/verify")
                .json()
                .get("headPosition")
                .asLong();
    }

    private Api.Response call(Endpoint endpoint, String caller) {
        if (endpoint.path().endsWith("/stream")) {
            try (SseClient stream =
                    new SseClient(api.base(), endpoint.path(), caller == null ? null : Api.basic(caller), null)) {
                return new Api.Response(stream.status, stream.contentType, stream.errorBody);
            }
        }
        return api.as(caller).send(request(endpoint.method(), endpoint.path(), endpoint.body()));
    }

    private HttpRequest.Builder request(String method, String path, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(api.base() + path));
        if (body == null) {
            return request.method(method, HttpRequest.BodyPublishers.noBody());
        }
        return request.header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(body));
    }

    private HttpResponse<String> rawGet(String path) {
        try {
            return HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(URI.create(api.base() + path))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
