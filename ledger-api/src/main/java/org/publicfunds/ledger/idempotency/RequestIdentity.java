package org.publicfunds.ledger.idempotency;

import java.util.ArrayList;
import java.util.List;
import org.publicfunds.ledger.eventstore.RequestKeys;

/**
 * How a request is recognised if it comes again: its {@link RequestKeys keys} (the signed-in
 * user's {@code Idempotency-Key}, the entry id it creates) and a fingerprint of its method, path
 * and body. {@code named} says whether the client chose any of the keys, so that a retry can name
 * the request again; without, the service still adds a key of its own to learn a lost outcome.
 */
public record RequestIdentity(List<String> keys, String fingerprint, boolean named) {

    /** Where the filter leaves a request's identity for the controller. */
    public static final String ATTRIBUTE = RequestIdentity.class.getName();

    public RequestIdentity {
        keys = List.copyOf(keys);
    }

    /** A request nobody can name again, with this fingerprint. */
    public static RequestIdentity anonymous(String fingerprint) {
        return new RequestIdentity(List.of(), fingerprint, false);
    }

    /** The same request, recognised by one more key as well. */
    public RequestIdentity and(String key, boolean namedByClient) {
        List<String> more = new ArrayList<>(keys);
        more.add(key);
        return new RequestIdentity(more, fingerprint, named || namedByClient);
    }

    /** The keys to store with the request's first commit: its own, or one that only this service knows. */
    public List<String> keysToStore() {
        return keys.isEmpty() ? List.of(RequestKeys.once()) : keys;
    }
}
