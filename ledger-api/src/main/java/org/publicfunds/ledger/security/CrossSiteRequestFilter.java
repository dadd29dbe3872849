package org.publicfunds.ledger.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import org.publicfunds.ledger.system.ErrorCode;
import org.publicfunds.ledger.system.ProblemResponse;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * A browser that has signed in with HTTP Basic sends the credentials on its own with every
 * request to this origin, including a form another site makes it post. JSON bodies already need
 * a CORS preflight that this service never grants, but a POST without a body (closing a year,
 * a rebuild) does not; so a state-changing request that a browser says comes from another site
 * is refused (403 {@code cross-site-request}) before anything runs. API clients send neither
 * header and are unaffected.
 */
final class CrossSiteRequestFilter extends OncePerRequestFilter {

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String method = request.getMethod();
        return method.equals("GET") || method.equals("HEAD") || method.equals("OPTIONS");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (crossSite(request)) {
            ProblemResponse.write(
                    response,
                    ErrorCode.CROSS_SITE_REQUEST,
                    "Origin",
                    "a state-changing request from another site's page is refused");
            return;
        }
        chain.doFilter(request, response);
    }

    private static boolean crossSite(HttpServletRequest request) {
        String site = request.getHeader("Sec-Fetch-Site");
        if (site != null && !site.equals("same-origin") && !site.equals("none")) {
            return true;
        }
        String origin = request.getHeader("Origin");
        if (origin == null) {
            return false;
        }
        try {
            URI uri = URI.create(origin);
            String host = request.getHeader("Host");
            String originHost = uri.getPort() == -1 ? uri.getHost() : uri.getHost() + ":" + uri.getPort();
            return host == null || !host.equalsIgnoreCase(originHost);
        } catch (IllegalArgumentException e) {
            return true; // "null" or garbage: an opaque origin is not this site
        }
    }
}
