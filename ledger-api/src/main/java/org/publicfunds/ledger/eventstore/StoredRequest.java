package org.publicfunds.ledger.eventstore;

import java.util.List;

/**
 * What a request stored: its first commit, which of the asked keys it carries, and the request's
 * fingerprint (null for commits stored before requests were recorded).
 */
public record StoredRequest(StoredCommit commit, List<String> matchedKeys, String fingerprint) {

    /** The position of the request's last event, as its first answer gave it. */
    public long position() {
        return commit.end() - 1;
    }
}
