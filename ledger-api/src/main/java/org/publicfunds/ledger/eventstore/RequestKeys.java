package org.publicfunds.ledger.eventstore;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.UUID;

/**
 * The keys by which a command's request is recognised in the store. The events a request causes
 * carry its keys in their metadata ({@value #METADATA}), and its first commit carries them in its
 * unique {@code keys} beside the aggregate's sequence numbers: a request can be stored once only,
 * and a retry finds what the first attempt stored. Each key starts with {@code @}, which no
 * aggregate identifier does.
 */
public final class RequestKeys {

    /** Event metadata: the request's keys, a list of strings. */
    public static final String METADATA = "requestKeys";
    /** Event metadata: a digest of the request, telling a retry from another request under the same key. */
    public static final String FINGERPRINT = "requestFingerprint";

    static final String PREFIX = "@";

    private RequestKeys() {}

    /** A client's {@code Idempotency-Key}, which belongs to the user who sent it. */
    public static String idempotencyKey(String user, String key) {
        return PREFIX + "idempotency:" + sha256(user + "\u0000" + key);
    }

    /** An entry's id, unique within its arrangement whoever chose it. */
    public static String entry(String arrangementId, String entryId) {
        return PREFIX + "entry:" + arrangementId + ":" + entryId;
    }

    /** A registered decision's reference, unique within its arrangement: a retry finds the registration stored first. */
    public static String decision(String arrangementId, String decisionRef) {
        return PREFIX + "decision:" + arrangementId + ":" + sha256(decisionRef);
    }

    /** A request no client can name again: it still lets the service look its own outcome up. */
    public static String once() {
        return PREFIX + "request:" + UUID.randomUUID();
    }

    static boolean isRequestKey(String key) {
        return key.startsWith(PREFIX);
    }

    public static String sha256(String text) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
