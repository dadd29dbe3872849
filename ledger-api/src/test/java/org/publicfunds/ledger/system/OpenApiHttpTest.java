package org.publicfunds.ledger.system;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.publicfunds.ledger.testing.Api;
import org.publicfunds.ledger.testing.HttpTest;
import org.springframework.boot.test.context.SpringBootTest;

/** The API description an integrator reads: every endpoint of the contract, its errors and examples. */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"ledger.embedded.in-memory=true", "ledger.reference-data=false"})
class OpenApiHttpTest extends HttpTest {

    @Test
    void describesEveryEndpointWithItsErrorsAndReferenceCaseExamples() {
        Api anonymous = new Api(port).as(null);
        Api.Response docs = anonymous.get("/v3/api-docs");
        assertThat(docs.status()).isEqualTo(200);
        JsonNode api = docs.json();
        Map<String, List<String>> contract = Map.ofEntries(
                Map.entry("/api/arrangements", List.of("get", "post")),
                Map.entry("/api/arrangements/{id}", List.of("get")),
                Map.entry("/api/arrangements/{id}/commitments", List.of("post")),
                Map.entry("/api/arrangements/{id}/receipts", List.of("post")),
                Map.entry("/api/arrangements/{id}/costs", List.of("post")),
                Map.entry("/api/arrangements/{id}/reviews", List.of("post")),
                Map.entry("/api/arrangements/{id}/reversals", List.of("post")),
                Map.entry("/api/arrangements/{id}/fiscal-years/{fiscalYear}/close", List.of("post")),
                Map.entry("/api/arrangements/{id}/balances", List.of("get")),
                Map.entry("/api/arrangements/{id}/balances/stream", List.of("get")),
                Map.entry("/api/arrangements/{id}/events", List.of("get")),
                Map.entry("/api/events", List.of("get")),
                Map.entry("/api/audit/verify", List.of("get")),
                Map.entry("/api/admin/projections", List.of("get")),
                Map.entry("/api/admin/projections/{name}", List.of("get")),
                Map.entry("/api/admin/projections/{name}/rebuild", List.of("post")));
        contract.forEach((path, methods) -> {
            JsonNode item = api.get("paths").get(path);
            assertThat(item).as(path).isNotNull();
            for (String method : methods) {
                JsonNode operation = item.get(method);
                assertThat(operation).as(method + " " + path).isNotNull();
                assertThat(operation.get("summary").asText())
                        .as(method + " " + path)
                        .isNotBlank();
                for (String status : List.of("400", "401", "403")) {
                    assertThat(operation
                                    .get("responses")
                                    .get(status)
                                    .get("content")
                                    .get("application/problem+json")
                                    .get("schema")
                                    .get("$ref")
                                    .asText())
                            .isEqualTo("#/components/schemas/Problem");
                }
                if (method.equals("post")) {
                    assertThat(operation.get("responses").has("422")).isTrue();
                    assertThat(operation.get("parameters").findValuesAsText("name"))
                            .contains("Idempotency-Key");
                }
            }
        });
        JsonNode schemas = api.get("components").get("schemas");
        assertThat(schemas.get("CommitmentRequest")
                        .get("properties")
                        .get("amount")
                        .get("example")
                        .asText())
                .isEqualTo("18938.00");
        assertThat(schemas.get("OpenArrangementRequest")
                        .get("properties")
                        .get("arrangementId")
                        .get("example")
                        .asText())
                .isEqualTo("ctpn");
        assertThat(schemas.get("BalanceRowResponse")
                        .get("properties")
                        .get("committed")
                        .get("example")
                        .asText())
                .isEqualTo("37875.00");
        assertThat(schemas.get("Problem").get("properties").has("code")).isTrue();
        assertThat(api.get("components")
                        .get("securitySchemes")
                        .get("basic")
                        .get("scheme")
                        .asText())
                .isEqualTo("basic");

        Api.Response ui = anonymous.get("/swagger-ui/index.html");
        assertThat(ui.status()).isEqualTo(200);
        assertThat(ui.body()).contains("Swagger UI");
    }
}
