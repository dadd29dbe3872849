package org.publicfunds.ledger.system;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * A problem+json response written by a servlet filter, before Spring MVC and its
 * {@link ProblemHandler} are reached; the same shape the handler gives.
 */
public final class ProblemResponse {

    private static final ObjectMapper JSON = new ObjectMapper();

    private ProblemResponse() {}

    public static void write(HttpServletResponse response, ErrorCode code, String field, String detail)
            throws IOException {
        int status = code.status().value();
        ObjectNode problem = JSON.createObjectNode()
                .put("type", "about:blank")
                .put("title", code.status().getReasonPhrase())
                .put("status", status)
                .put("code", code.code());
        if (field != null) {
            problem.put("field", field);
        }
        problem.put("detail", detail);
        response.setStatus(status);
        response.setContentType("application/problem+json");
        JSON.writeValue(response.getOutputStream(), problem);
    }
}
