package org.publicfunds.ledger.system;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.regex.Pattern;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Request bodies over 64 KiB (an import's spreadsheet: 5 MiB) are refused with 413 before
 * anything is parsed or stored: at once when the declared length says so, and otherwise as soon
 * as the limit is passed while reading.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
public class BodyLimitFilter extends OncePerRequestFilter {

    static final int LIMIT_BYTES = 64 * 1024;

    /** An import's spreadsheet (LEDGER.md 8.10). */
    public static final int IMPORT_LIMIT_BYTES = 5 * 1024 * 1024;

    private static final Pattern IMPORT = Pattern.compile("/api/arrangements/[^/]+/imports");

    /** Thrown while reading a body that turns out too large. */
    public static final class TooLarge extends IOException {
        TooLarge(long limit) {
            super("the request body is larger than " + limit + " bytes");
        }
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        boolean anImport = "POST".equals(request.getMethod())
                && IMPORT.matcher(request.getRequestURI()).matches();
        long limit = anImport ? IMPORT_LIMIT_BYTES : LIMIT_BYTES;
        if (request.getContentLengthLong() > limit) {
            ProblemResponse.write(
                    response,
                    ErrorCode.PAYLOAD_TOO_LARGE,
                    null,
                    "the request body is larger than " + (anImport ? "5 MiB" : "64 KiB"));
            return;
        }
        chain.doFilter(new Bounded(request, limit), response);
    }

    private static final class Bounded extends HttpServletRequestWrapper {
        private final long limit;

        Bounded(HttpServletRequest request, long limit) {
            super(request);
            this.limit = limit;
        }

        @Override
        public ServletInputStream getInputStream() throws IOException {
            ServletInputStream in = super.getInputStream();
            return new ServletInputStream() {
                private long read;

                @Override
                public int read() throws IOException {
                    int b = in.read();
                    if (b >= 0 && ++read > limit) {
                        throw new TooLarge(limit);
                    }
                    return b;
                }

                @Override
                public int read(byte[] buffer, int offset, int length) throws IOException {
                    int n = in.read(buffer, offset, length);
                    if (n > 0 && (read += n) > limit) {
                        throw new TooLarge(limit);
                    }
                    return n;
                }

                @Override
                public boolean isFinished() {
                    return in.isFinished();
                }

                @Override
                public boolean isReady() {
                    return in.isReady();
                }

                @Override
                public void setReadListener(ReadListener listener) {
                    in.setReadListener(listener);
                }
            };
        }
    }
}
