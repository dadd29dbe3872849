package org.publicfunds.ledger.system;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.parameters.HeaderParameter;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The API description at {@code /v3/api-docs} and {@code /swagger-ui.html}: every endpoint, HTTP
 * Basic, the problem+json error shape with its stable codes, and examples from the reference case.
 */
@Configuration(proxyBeanMethods = false)
class OpenApiConfiguration {

    private static final String PROBLEM = "Problem";

    @Bean
    OpenAPI ledgerApi() {
        return new OpenAPI()
                .info(new Info().title("Funding ledger API").version("v1").description("""
                        An event-sourced ledger of multi-year, multi-funder arrangements. Amounts and percentages are \
                        exact decimal strings. Every command becomes an immutable event with a gap-free global position; \
                        a 201 means the balances already include it (read-your-writes). Sign in with HTTP Basic; the \
                        roles are FINANCE (commands and reads), AUDITOR (reads, exports, verify, rebuild) and VIEWER \
                        (arrangements, balances, stream). Every POST takes an Idempotency-Key."""))
                .components(new Components()
                        .addSecuritySchemes("basic", new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("basic")))
                .addSecurityItem(new SecurityRequirement().addList("basic"));
    }

    /** Adds to every operation the errors it can answer, and the Idempotency-Key header to every POST. */
    @Bean
    OpenApiCustomizer problemResponses() {
        return api -> {
            api.getComponents().addSchemas(PROBLEM, problem());
            problemResponses(api);
        };
    }

    private static Schema<?> problem() {
        return new ObjectSchema().description("RFC 9457 problem details with a stable code")
                .addProperty("type", new StringSchema().example("about:blank"))
                .addProperty("title", new StringSchema().example("Unprocessable Entity"))
                .addProperty("status", new IntegerSchema().example(422))
                .addProperty("code", new StringSchema().example("funder-not-party")
                        .description("stable, for programs: e.g. invalid-field, missing-field, unknown-field, wrong-type, invalid-input, "
                                + "malformed-json, payload-too-large, unsupported-media-type, unauthenticated, forbidden, "
                                + "arrangement-not-found, entry-not-found, arrangement-exists, concurrent-modification, "
                                + "idempotency-key-reused, idempotency-key-in-use, cross-site-request, and the rule codes (422): amount-not-positive, "
                                + "currency-mismatch, funder-not-party, fiscal-year-outside-term, fiscal-year-closed, shares-invalid, ..."))
                .addProperty("field", new StringSchema().example("funder").description("the input at fault, when one is"))
                .addProperty("detail", new StringSchema().example("Paris has no share in ctpn"));
    }

    private static void problemResponses(OpenAPI api) {
        api.getPaths().forEach((path, item) -> item.readOperationsMap().forEach((method, operation) -> {
            Map<String, String> errors = new LinkedHashMap<>();
            errors.put("400", "malformed input: the code and field say what and where");
            errors.put("401", "unauthenticated: no or wrong credentials");
            errors.put("403", "forbidden: the role does not allow this");
            if (path.contains("{")) {
                errors.put("404", "no such arrangement, entry or projection");
            }
            if (method == PathItem.HttpMethod.POST) {
                errors.put("409", "conflict: the id is taken, a concurrent change, or the Idempotency-Key is in use");
                errors.put("413", "the body is over 64 KiB");
                errors.put("415", "the body is not application/json");
                errors.put("422", "a rule of the ledger refused the command, or the Idempotency-Key was used for another request");
                operation.addParametersItem(new HeaderParameter().name("Idempotency-Key").required(false)
                        .description("a retry with the same key and body gets the first response and stores nothing")
                        .schema(new StringSchema().maxLength(100).example("gla-receipt-2023-05-02")));
            }
            errors.forEach((status, description) -> addProblem(operation, status, description));
        }));
    }

    private static void addProblem(Operation operation, String status, String description) {
        if (operation.getResponses().containsKey(status)) {
            operation.getResponses().remove(status);
        }
        operation.getResponses().addApiResponse(status, new ApiResponse().description(description)
                .content(new Content().addMediaType("application/problem+json",
                        new MediaType().schema(new Schema<>().$ref("#/components/schemas/" + PROBLEM)))));
    }
}
