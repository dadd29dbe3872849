package org.publicfunds.ledger.system;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.media.ArraySchema;
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
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.publicfunds.ledger.arrangement.Rule;
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

    /**
     * The reference case's amounts and percentages as examples. They are strings in the contract;
     * set here because swagger reads an annotation's example as JSON, which makes "18938.00" the
     * number 18938.0.
     */
    private static final Map<String, Map<String, String>> DECIMAL_EXAMPLES = Map.of(
            "ShareRequest", Map.of("percent", "25"),
            "OpenArrangementRequest", Map.of("annualBudget", "151500.00"),
            "CommitmentRequest", Map.of("amount", "18938.00"),
            "ReceiptRequest", Map.of("amount", "18938.00"),
            "CostRequest", Map.of("amount", "12000.00"),
            "ReviewRequest", Map.of("annualBudget", "151500.00"),
            "BalanceRowResponse",
                    Map.of(
                            "sharePercent",
                            "25",
                            "budgetShare",
                            "37875.00",
                            "committed",
                            "37875.00",
                            "received",
                            "18938.00",
                            "outstanding",
                            "18937.00",
                            "costShare",
                            "0.00",
                            "position",
                            "18938.00"));

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
                        .addSecuritySchemes(
                                "basic",
                                new SecurityScheme()
                                        .type(SecurityScheme.Type.HTTP)
                                        .scheme("basic")))
                .addSecurityItem(new SecurityRequirement().addList("basic"));
    }

    /** Adds to every operation the errors it can answer, and the Idempotency-Key header to every POST. */
    @Bean
    OpenApiCustomizer problemResponses() {
        return api -> {
            DECIMAL_EXAMPLES.forEach(
                    (schema, examples) -> examples.forEach((property, example) -> ((Schema<?>) api.getComponents()
                                    .getSchemas()
                                    .get(schema)
                                    .getProperties()
                                    .get(property))
                            .setExample(example)));
            api.getComponents().addSchemas(PROBLEM, problem());
            problemResponses(api);
        };
    }

    /** The problem body; {@code code} lists every code there is (ErrorCode and the ledger's rules). */
    private static Schema<?> problem() {
        List<String> codes = new ArrayList<>();
        Arrays.stream(ErrorCode.values()).map(ErrorCode::code).forEach(codes::add);
        Arrays.stream(Rule.values()).map(Rule::code).forEach(codes::add);
        StringSchema code = new StringSchema();
        code.setEnum(codes);
        code.example("funder-not-party").description("stable, for programs; the README lists each with its status");
        return new ObjectSchema()
                .description("RFC 9457 problem details with a stable code")
                .addProperty("type", new StringSchema().example("about:blank"))
                .addProperty("title", new StringSchema().example("Unprocessable Entity"))
                .addProperty("status", new IntegerSchema().example(422))
                .addProperty("code", code)
                .addProperty(
                        "field", new StringSchema().example("funder").description("the input at fault, when one is"))
                .addProperty("detail", new StringSchema().example("Paris has no share in ctpn"))
                .addProperty("instance", new StringSchema().example("/api/arrangements/ctpn/commitments"))
                .addProperty(
                        "errors",
                        new ArraySchema()
                                .items(new ObjectSchema()
                                        .addProperty("line", new IntegerSchema().description("the header is line 1"))
                                        .addProperty("field", new StringSchema().nullable(true))
                                        .addProperty("code", new StringSchema())
                                        .addProperty("detail", new StringSchema()))
                                .description("import-refused only: every row's errors, by line"))
                .addProperty(
                        "rowsThatFit",
                        new IntegerSchema()
                                .format("int64")
                                .description(
                                        "import-too-large only: about how many of the file's rows would fit in one import"));
    }

    /** The commands answer 201 when the balances include the change, 202 when it is stored and they do not yet. */
    private static final Set<String> COMMANDS = Set.of(
            "/api/arrangements",
            "/api/arrangements/{id}/commitments",
            "/api/arrangements/{id}/receipts",
            "/api/arrangements/{id}/costs",
            "/api/arrangements/{id}/reviews",
            "/api/arrangements/{id}/reversals",
            "/api/arrangements/{id}/decisions",
            "/api/arrangements/{id}/pledges",
            "/api/arrangements/{id}/pledges/{pledgeId}/confirm",
            "/api/arrangements/{id}/pledges/{pledgeId}/withdraw",
            "/api/arrangements/{id}/in-kind",
            "/api/arrangements/{id}/imports",
            "/api/arrangements/{id}/fiscal-years/{fiscalYear}/close");

    private static void problemResponses(OpenAPI api) {
        api.getPaths()
                .forEach((path, item) -> item.readOperationsMap().forEach((method, operation) -> {
                    boolean command = method == PathItem.HttpMethod.POST && COMMANDS.contains(path);
                    // a command that describes its own answers (the review, with its dry run) keeps them
                    if (command && !operation.getResponses().containsKey("201")) {
                        ApiResponse stored = operation.getResponses().remove("200");
                        operation
                                .getResponses()
                                .addApiResponse(
                                        "201",
                                        new ApiResponse()
                                                .description("stored, and the balances include it (read-your-writes)")
                                                .content(stored.getContent()));
                        operation
                                .getResponses()
                                .addApiResponse(
                                        "202",
                                        new ApiResponse()
                                                .description(
                                                        "stored; the balances do not include it yet (the read model is late)")
                                                .content(stored.getContent()));
                    }
                    Map<String, String> errors = new LinkedHashMap<>();
                    errors.put("400", "malformed input: the code and field say what and where");
                    errors.put("401", "unauthenticated: no or wrong credentials");
                    errors.put("403", "forbidden: the role does not allow this");
                    if (path.contains("{")) {
                        errors.put("404", "no such arrangement, entry or projection");
                    }
                    errors.put("406", "no answer in the media type asked for");
                    if (method == PathItem.HttpMethod.POST) {
                        errors.put(
                                "409",
                                "conflict: the id is taken, a concurrent change, the Idempotency-Key is in use, or a rebuild runs");
                        errors.put(
                                "413",
                                path.endsWith("/imports")
                                        ? "the file is over 5 MiB or 10,000 rows (payload-too-large), or its rows would "
                                                + "not fit in one stored commit (import-too-large, with rowsThatFit); "
                                                + "nothing stored"
                                        : "the body is over 64 KiB");
                        errors.put("415", "the body is not application/json");
                        errors.put(
                                "422",
                                "a rule of the ledger refused the command, or the Idempotency-Key was used for another request");
                        operation.addParametersItem(new HeaderParameter()
                                .name("Idempotency-Key")
                                .required(false)
                                .description(
                                        "a retry with the same key and body gets the first response and stores nothing")
                                .schema(new StringSchema().maxLength(100).example("gla-receipt-2023-05-02")));
                    }
                    errors.put(
                            "429",
                            "too many sign-in attempts (too-many-attempts), streams (too-many-streams) or reads waiting "
                                    + "their turn (too-many-reads); see Retry-After");
                    errors.put("500", "unexpected; a command with an Idempotency-Key or entryId may be sent again");
                    if (command) {
                        errors.put(
                                "503",
                                "the store did not answer: outcome-unknown (send it again with the same keys to learn how it "
                                        + "ended) or store-unavailable (nothing stored); see Retry-After");
                    }
                    errors.forEach((status, description) -> addProblem(operation, status, description));
                }));
    }

    private static void addProblem(Operation operation, String status, String description) {
        if (operation.getResponses().containsKey(status)) {
            operation.getResponses().remove(status);
        }
        operation
                .getResponses()
                .addApiResponse(
                        status,
                        new ApiResponse()
                                .description(description)
                                .content(new Content()
                                        .addMediaType(
                                                "application/problem+json",
                                                new MediaType()
                                                        .schema(new Schema<>()
                                                                .$ref("#/components/schemas/" + PROBLEM)))));
    }
}
