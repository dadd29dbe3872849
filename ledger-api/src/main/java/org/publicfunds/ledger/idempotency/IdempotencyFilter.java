package org.publicfunds.ledger.idempotency;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.mongodb.MongoException;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.Principal;
import java.util.HexFormat;
import java.util.Set;
import org.publicfunds.ledger.arrangement.Rule;
import org.publicfunds.ledger.eventstore.RequestKeys;
import org.publicfunds.ledger.system.BodyLimitFilter;
import org.publicfunds.ledger.system.ErrorCode;
import org.publicfunds.ledger.system.ProblemResponse;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.ContentCachingResponseWrapper;

/**
 * {@code Idempotency-Key} on every POST (LEDGER.md section 6). Every POST gets a
 * {@link RequestIdentity}: a fingerprint of its method, path and body, and with a key, the key
 * (which belongs to the signed-in user: the same key sent by two users names two requests). With
 * a key, the first request is reserved and run and its answer kept ({@link IdempotencyRecords});
 * a retry with the same request gets that answer again and stores nothing; the same key with
 * another request is a 422; a retry while the first still runs is a 409 with {@code Retry-After}.
 * A request that ended in a server error gives its key back, and so does one that threw, and one
 * refused for a reason a retry may not meet (a conflict, a view that was late: {@link #isTransient}):
 * the retry runs again, and whatever the first attempt stored is found by its keys in the store.
 */
public class IdempotencyFilter extends OncePerRequestFilter {

    static final String HEADER = "Idempotency-Key";

    private final IdempotencyRecords records;

    public IdempotencyFilter(IdempotencyRecords records) {
        this.records = records;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !request.getMethod().equals("POST");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String key = request.getHeader(HEADER);
        if (key != null && (key.isEmpty() || key.length() > 100 || key.chars().anyMatch(c -> c < 0x21 || c > 0x7e))) {
            problem(response, ErrorCode.INVALID_FIELD, "Idempotency-Key must be 1 to 100 printable ASCII characters");
            return;
        }
        byte[] body;
        try {
            body = request.getInputStream().readAllBytes();
        } catch (BodyLimitFilter.TooLarge e) {
            ProblemResponse.write(response, ErrorCode.PAYLOAD_TOO_LARGE, null, e.getMessage());
            return;
        }
        String fingerprint = fingerprint(request.getMethod(), request.getRequestURI(), request.getQueryString(), body);
        RequestIdentity identity = RequestIdentity.anonymous(fingerprint);
        HttpServletRequest cached = new CachedBody(request, body);
        if (key == null) {
            request.setAttribute(RequestIdentity.ATTRIBUTE, identity);
            chain.doFilter(cached, response);
            return;
        }
        // keys are the caller's own: one user's key never answers another user's request
        Principal caller = request.getUserPrincipal();
        String user = caller == null ? "" : caller.getName();
        String id = user + " " + key;
        request.setAttribute(RequestIdentity.ATTRIBUTE, identity.and(RequestKeys.idempotencyKey(user, key), true));
        IdempotencyRecords.Reservation reservation;
        try {
            reservation = records.reserve(id, fingerprint);
        } catch (MongoException e) {
            // the store could not be reached to reserve the key: nothing of this request ran
            response.setHeader("Retry-After", "1");
            ProblemResponse.write(
                    response,
                    ErrorCode.STORE_UNAVAILABLE,
                    null,
                    "the store could not be reached in time; nothing was stored; retry");
            return;
        }
        if (reservation instanceof IdempotencyRecords.Replay replay) {
            replay(replay, response);
            return;
        }
        if (reservation instanceof IdempotencyRecords.Reused) {
            problem(
                    response,
                    ErrorCode.IDEMPOTENCY_KEY_REUSED,
                    "this Idempotency-Key was used for a different request");
            return;
        }
        if (reservation instanceof IdempotencyRecords.InUse inUse) {
            response.setHeader(
                    "Retry-After", String.valueOf(Math.max(1, inUse.retryAfter().toSeconds() + 1)));
            problem(
                    response,
                    ErrorCode.IDEMPOTENCY_KEY_IN_USE,
                    "a request with this Idempotency-Key is still being processed; retry");
            return;
        }
        ContentCachingResponseWrapper recorded = new ContentCachingResponseWrapper(response);
        try {
            chain.doFilter(cached, recorded);
        } catch (Throwable e) {
            records.release(id);
            throw e;
        }
        if (recorded.getStatus() >= 500 || isTransient(recorded.getStatus(), recorded.getContentAsByteArray())) {
            records.release(id);
        } else {
            records.complete(
                    id,
                    fingerprint,
                    recorded.getStatus(),
                    recorded.getContentType(),
                    recorded.getHeader("Location"),
                    recorded.getContentAsByteArray());
        }
        recorded.copyBodyToResponse();
    }

    /** Refusals that another attempt may not repeat: not kept, so that a retry with the key is decided again. */
    private static final Set<String> TRANSIENT = Set.of(
            // another writer got there first; the conflict retries ran out
            ErrorCode.CONCURRENT_MODIFICATION.code(),
            ErrorCode.REBUILD_RUNNING.code(),
            ErrorCode.TOO_MANY_ATTEMPTS.code(),
            ErrorCode.TOO_MANY_STREAMS.code(),
            // the edge reads a funder's currency from the balance view, which may be late after a review
            Rule.CURRENCY_MISMATCH.code());

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * Whether the answer is a refusal that says nothing lasting about the request (trust review 2,
     * R5): kept, it would be replayed to every retry for the key's retention although the next
     * attempt could be stored.
     */
    static boolean isTransient(int status, byte[] body) {
        if (status != 409 && status != 422 && status != 429) {
            return false;
        }
        try {
            JsonNode code = JSON.readTree(body).get("code");
            return code != null && TRANSIENT.contains(code.asText());
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    private static void replay(IdempotencyRecords.Replay replay, HttpServletResponse response) throws IOException {
        response.setStatus(replay.status());
        if (replay.contentType() != null) {
            response.setContentType(replay.contentType());
        }
        if (replay.location() != null) {
            response.setHeader("Location", replay.location());
        }
        response.setHeader("Idempotent-Replay", "true");
        response.getOutputStream().write(replay.body());
    }

    private static void problem(HttpServletResponse response, ErrorCode code, String detail) throws IOException {
        ProblemResponse.write(response, code, HEADER, detail);
    }

    /** What tells two requests apart: SHA-256 of the method, path, query and body. */
    public static String fingerprint(String method, String path, String query, byte[] body) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update((method + " " + path + "?" + query).getBytes(StandardCharsets.UTF_8));
            sha.update((byte) 0);
            sha.update(body);
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The request with its body already read, readable again by the controller. */
    private static final class CachedBody extends HttpServletRequestWrapper {
        private final byte[] body;

        CachedBody(HttpServletRequest request, byte[] body) {
            super(request);
            this.body = body;
        }

        @Override
        public ServletInputStream getInputStream() {
            ByteArrayInputStream in = new ByteArrayInputStream(body);
            return new ServletInputStream() {
                @Override
                public int read() {
                    return in.read();
                }

                @Override
                public int read(byte[] b, int off, int len) {
                    return in.read(b, off, len);
                }

                @Override
                public boolean isFinished() {
                    return in.available() == 0;
                }

                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setReadListener(ReadListener listener) {
                    throw new UnsupportedOperationException();
                }
            };
        }

        @Override
        public BufferedReader getReader() {
            return new BufferedReader(new InputStreamReader(getInputStream(), StandardCharsets.UTF_8));
        }
    }
}
