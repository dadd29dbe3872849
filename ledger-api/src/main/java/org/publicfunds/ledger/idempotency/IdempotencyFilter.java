package org.publicfunds.ledger.idempotency;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Date;
import java.util.HexFormat;
import org.bson.Document;
import org.bson.types.Binary;
import org.publicfunds.ledger.web.ProblemResponse;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.ContentCachingResponseWrapper;

/**
 * {@code Idempotency-Key} on every POST (LEDGER.md section 6): the first request with a key is
 * processed and its response kept (in MongoDB, so keys survive a restart); a retry with the same
 * key and the same method, path and body gets that response again and stores nothing; the same
 * key with another request is a 422. A key is reserved before the request runs, so two
 * concurrent requests with one key cannot both be processed: the second is told to retry (409).
 * A request that ended in a server error releases its key, so it can be retried. Keys belong to
 * the signed-in user: the same key sent by two users names two requests.
 */
public class IdempotencyFilter extends OncePerRequestFilter {

    static final String HEADER = "Idempotency-Key";
    static final String COLLECTION = "idempotency_keys";

    private final MongoCollection<Document> keys;

    public IdempotencyFilter(MongoDatabase database) {
        this.keys = database.getCollection(COLLECTION);
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !request.getMethod().equals("POST") || request.getHeader(HEADER) == null;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String key = request.getHeader(HEADER);
        if (key.isEmpty() || key.length() > 100 || key.chars().anyMatch(c -> c < 0x21 || c > 0x7e)) {
            problem(response, 400, "invalid-field", "Idempotency-Key must be 1 to 100 printable ASCII characters");
            return;
        }
        // keys are the caller's own: one user's key never answers another user's request
        java.security.Principal caller = request.getUserPrincipal();
        String id = (caller == null ? "" : caller.getName()) + " " + key;
        byte[] body = request.getInputStream().readAllBytes();
        String fingerprint = fingerprint(request.getMethod() + " " + request.getRequestURI() + "?"
                + request.getQueryString(), body);
        try {
            keys.insertOne(new Document("_id", id).append("fingerprint", fingerprint).append("state", "pending")
                    .append("createdAt", new Date()));
        } catch (MongoWriteException e) {
            if (e.getError().getCategory() != ErrorCategory.DUPLICATE_KEY) {
                throw e;
            }
            replay(id, fingerprint, response);
            return;
        }
        ContentCachingResponseWrapper recorded = new ContentCachingResponseWrapper(response);
        try {
            chain.doFilter(new CachedBody(request, body), recorded);
        } finally {
            if (recorded.getStatus() >= 500) {
                keys.deleteOne(Filters.eq("_id", id));
            } else {
                keys.replaceOne(Filters.eq("_id", id), new Document("_id", id).append("fingerprint", fingerprint)
                        .append("state", "done").append("status", recorded.getStatus())
                        .append("contentType", recorded.getContentType())
                        .append("location", recorded.getHeader("Location"))
                        .append("body", new Binary(recorded.getContentAsByteArray()))
                        .append("createdAt", new Date()));
            }
            recorded.copyBodyToResponse();
        }
    }

    private void replay(String id, String fingerprint, HttpServletResponse response) throws IOException {
        Document stored = keys.find(Filters.eq("_id", id)).first();
        if (stored == null || "pending".equals(stored.getString("state"))) {
            problem(response, 409, "idempotency-key-in-use", "a request with this Idempotency-Key is still being processed; retry");
            return;
        }
        if (!fingerprint.equals(stored.getString("fingerprint"))) {
            problem(response, 422, "idempotency-key-reused", "this Idempotency-Key was used for a different request");
            return;
        }
        response.setStatus(stored.getInteger("status"));
        if (stored.getString("contentType") != null) {
            response.setContentType(stored.getString("contentType"));
        }
        if (stored.getString("location") != null) {
            response.setHeader("Location", stored.getString("location"));
        }
        response.setHeader("Idempotent-Replay", "true");
        response.getOutputStream().write(stored.get("body", Binary.class).getData());
    }

    private static void problem(HttpServletResponse response, int status, String code, String detail) throws IOException {
        ProblemResponse.write(response, status, code, HEADER, detail);
    }

    private static String fingerprint(String target, byte[] body) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(target.getBytes(StandardCharsets.UTF_8));
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
        public java.io.BufferedReader getReader() {
            return new java.io.BufferedReader(new java.io.InputStreamReader(getInputStream(), StandardCharsets.UTF_8));
        }
    }
}
