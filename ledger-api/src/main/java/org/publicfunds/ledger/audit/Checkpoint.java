package org.publicfunds.ledger.audit;

import java.time.Instant;
import java.util.Collection;

/**
 * A signed statement of the ledger's head: "the event at {@code position} has the hash
 * {@code headHash}", made at {@code signedAt} with the key {@code keyId} (its public half in
 * {@code publicKey}). The chain up to it was verified when it was signed. Kept outside the
 * database, it lets an auditor notice a history rewritten and re-hashed after it.
 */
public record Checkpoint(
        long position, String headHash, Instant signedAt, String keyId, String publicKey, String signature) {

    /** Exactly what is signed. */
    public static String signedText(long position, String headHash, Instant signedAt) {
        return "ledger-checkpoint/1 position=" + position + " headHash=" + headHash + " signedAt=" + signedAt;
    }

    static Checkpoint sign(AuditKey key, long position, String headHash, Instant signedAt) {
        return new Checkpoint(
                position,
                headHash,
                signedAt,
                key.keyId(),
                key.publicKey(),
                key.sign(signedText(position, headHash, signedAt)));
    }

    /** Signed by one of the trusted public keys, and the signature is over exactly these fields. */
    public boolean isSignedBy(Collection<String> trustedPublicKeys) {
        return trustedPublicKeys.contains(publicKey)
                && AuditKey.verify(publicKey, signedText(position, headHash, signedAt), signature);
    }
}
