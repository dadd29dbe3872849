package org.publicfunds.ledger.testing;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.SimpleRequest;
import com.atlassian.oai.validator.model.SimpleResponse;
import com.atlassian.oai.validator.report.ValidationReport;
import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * Checks each exchange of the HTTP tests against the API description the service serves
 * ({@code /v3/api-docs}), with Atlassian's swagger-request-validator: every response must be one
 * the description lists, with its status, media type and schema; a request the service accepted
 * must be one the description allows. So the description cannot drift from what the service does.
 * Requests the service refused (4xx) are the tests' deliberate bad input: only their answers are
 * checked. Authentication is the security tests' business, not the description's.
 */
final class ContractValidator {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final Map<String, OpenApiInteractionValidator> BY_SERVICE = new ConcurrentHashMap<>();

    private ContractValidator() {}

    static void check(
            String base,
            String method,
            URI uri,
            Map<String, String> requestHeaders,
            String requestBody,
            Api.Response response) {
        if (!uri.getPath().startsWith("/api/")) {
            return;
        }
        OpenApiInteractionValidator validator = BY_SERVICE.computeIfAbsent(base, ContractValidator::load);
        SimpleRequest.Builder request = new SimpleRequest.Builder(Request.Method.valueOf(method), uri.getPath());
        requestHeaders.forEach(request::withHeader);
        if (requestBody != null) {
            request.withBody(requestBody);
        }
        if (uri.getRawQuery() != null) {
            for (String pair : uri.getRawQuery().split("&")) {
                String[] parts = pair.split("=", 2);
                request.withQueryParam(decode(parts[0]), parts.length > 1 ? decode(parts[1]) : "");
            }
        }
        SimpleResponse.Builder answer =
                SimpleResponse.Builder.status(response.status()).withBody(response.body());
        response.headers().forEach(answer::withHeader);
        boolean refused = response.status() >= 400;
        ValidationReport report = validator.validate(request.build(), answer.build());
        List<String> problems = report.getMessages().stream()
                .filter(message -> message.getLevel() == ValidationReport.Level.ERROR)
                .filter(message -> !message.getKey().startsWith("validation.request.security"))
                .filter(message -> !(refused && message.getKey().startsWith("validation.request")))
                .filter(message -> !(requestBody == null && message.getKey().equals("validation.request.body.missing")))
                .map(message -> message.getKey() + ": " + message.getMessage())
                .collect(Collectors.toList());
        if (!problems.isEmpty()) {
            throw new AssertionError("the API description does not describe " + method + " " + uri.getPath()
                    + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery()) + " -> " + response.status() + " "
                    + response.contentType() + ":\n  " + String.join("\n  ", problems) + "\n  body: "
                    + (response.body().length() > 500 ? response.body().substring(0, 500) + "..." : response.body()));
        }
    }

    private static OpenApiInteractionValidator load(String base) {
        try {
            HttpResponse<String> spec = HTTP.send(
                    HttpRequest.newBuilder(URI.create(base + "/v3/api-docs"))
                            .GET()
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            if (spec.statusCode() != 200) {
                throw new IllegalStateException("no API description at " + base + ": " + spec.statusCode());
            }
            return OpenApiInteractionValidator.createForInlineApiSpecification(spec.body())
                    .build();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String decode(String text) {
        return URLDecoder.decode(text, StandardCharsets.UTF_8);
    }
}
