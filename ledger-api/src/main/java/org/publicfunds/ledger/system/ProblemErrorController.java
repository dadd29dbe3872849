package org.publicfunds.ledger.system;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.boot.web.servlet.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Errors raised before Spring MVC's handlers are reached (a path the firewall refuses, a request
 * Tomcat cannot parse, any {@code sendError}) are answered like every other: problem+json with the
 * stable code of their status, never Boot's default error body.
 */
@RestController
class ProblemErrorController implements ErrorController {

    @RequestMapping("/error")
    ResponseEntity<ProblemDetail> error(HttpServletRequest request) {
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        int status = code instanceof Integer given ? given : HttpStatus.INTERNAL_SERVER_ERROR.value();
        ErrorCode error = ErrorCode.forStatus(status);
        HttpStatus resolved = HttpStatus.resolve(status);
        String detail = resolved == null
                ? "the request could not be handled"
                : resolved.getReasonPhrase().toLowerCase();
        return ProblemHandler.problem(resolved == null ? error.status() : resolved, error.code(), detail, null);
    }
}
