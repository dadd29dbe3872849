package org.publicfunds.ledger.eventstore;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.axonframework.eventhandling.Segment;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.eventhandling.tokenstore.UnableToClaimTokenException;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A token store that, inside a unit of work, stores a processor's token only in its commit
 * phase, after everything its prepare-commit wrote. Without a transaction manager a tracking processor writes its token in the
 * batch's prepare-commit phase, before the projection writes what the batch changed (its handlers
 * register later), so a view write that failed or never happened (a crash between the two) left
 * the token past events the views never got. Here the views come first: a batch whose views did
 * not commit is delivered again, and the views, idempotent on position, skip what they have.
 * Outside a unit of work (a batch with nothing for this segment) the token is stored at once.
 *
 * <p>It also keeps when this instance last wrote each of its claims (a claim, a token, an
 * extension) and tells listeners when its claims change (a segment claimed, let go, lost): a
 * claim renewed less than half the claim timeout ago cannot have been taken by another instance.
 */
public final class AfterCommitTokenStore implements TokenStore {

    private static final Logger log = LoggerFactory.getLogger(AfterCommitTokenStore.class);

    /** How long a claim lasts without being renewed before another instance may take it. */
    public static final Duration CLAIM_TIMEOUT = Duration.ofSeconds(10);

    private final TokenStore delegate;
    /** A claim not renewed for this long counts as lapsed: written again, it is a change of claims. */
    private final long claimTimeoutNanos;
    /** processor:segment -> System.nanoTime() taken before its last successful claim write. */
    private final Map<String, Long> renewed = new ConcurrentHashMap<>();

    private final List<Runnable> claimListeners = new CopyOnWriteArrayList<>();

    public AfterCommitTokenStore(TokenStore delegate) {
        this(delegate, CLAIM_TIMEOUT);
    }

    /**
     * @param claimTimeout the delegate's: a claim not renewed for half of it may have been another instance's
     *     since (half: hosts' clocks may differ by a second or so, and another may take a claim that looks older
     *     to it than to this one)
     */
    public AfterCommitTokenStore(TokenStore delegate, Duration claimTimeout) {
        this.delegate = delegate;
        this.claimTimeoutNanos = claimTimeout.dividedBy(2).toNanos();
    }

    /** Told (on the processor's thread; return at once) whenever a claim of this instance may have changed. */
    public void whenClaimsChange(Runnable listener) {
        claimListeners.add(listener);
    }

    /** Whether this instance wrote its claim on the segment less than {@code within} ago, and still has it. */
    public boolean renewedWithin(String processorName, int segment, Duration within) {
        Long at = renewed.get(processorName + ":" + segment);
        return at != null && System.nanoTime() - at < within.toNanos();
    }

    private interface ClaimWrite<T> {
        T write();
    }

    /** A write that claims the segment (or keeps its claim): recorded when it succeeds, forgotten when refused. */
    private <T> T claiming(String processorName, int segment, boolean changes, ClaimWrite<T> write) {
        long before = System.nanoTime();
        String key = processorName + ":" + segment;
        try {
            T result = write.write();
            Long previous = renewed.put(key, before);
            // a claim written again after lapsing (trust review 2, O1) may have been another instance's
            // meanwhile (taken and let go): what this instance remembers of the segment may be stale
            if (changes || previous == null || before - previous >= claimTimeoutNanos) {
                claimsChanged();
            }
            return result;
        } catch (RuntimeException e) {
            if (renewed.remove(key) != null) {
                claimsChanged();
            }
            throw e;
        }
    }

    private void letGo(String processorName, int segment) {
        renewed.remove(processorName + ":" + segment);
        claimsChanged();
    }

    private void claimsChanged() {
        for (Runnable listener : claimListeners) {
            listener.run();
        }
    }

    @Override
    public void storeToken(TrackingToken token, String processorName, int segment) throws UnableToClaimTokenException {
        if (CurrentUnitOfWork.isStarted() && CurrentUnitOfWork.get().phase().isBefore(UnitOfWork.Phase.COMMIT)) {
            // in the commit phase, after the views' prepare-commit: a failure here fails the batch (Axon
            // suppresses errors of after-commit handlers), which is delivered again (trust review 2, O1)
            CurrentUnitOfWork.get().onCommit(unitOfWork -> {
                try {
                    claiming(processorName, segment, false, () -> {
                        delegate.storeToken(token, processorName, segment);
                        return null;
                    });
                } catch (RuntimeException e) {
                    // the views have the batch: the events are delivered again and skipped
                    log.warn(
                            "could not store the token of {}[{}] after its batch; it will be replayed",
                            processorName,
                            segment,
                            e);
                    throw e;
                }
            });
        } else {
            claiming(processorName, segment, false, () -> {
                delegate.storeToken(token, processorName, segment);
                return null;
            });
        }
    }

    @Override
    public void initializeTokenSegments(String processorName, int segmentCount) throws UnableToClaimTokenException {
        delegate.initializeTokenSegments(processorName, segmentCount);
    }

    @Override
    public void initializeTokenSegments(String processorName, int segmentCount, TrackingToken initialToken)
            throws UnableToClaimTokenException {
        delegate.initializeTokenSegments(processorName, segmentCount, initialToken);
    }

    @Override
    public TrackingToken fetchToken(String processorName, int segment) throws UnableToClaimTokenException {
        return claiming(processorName, segment, true, () -> delegate.fetchToken(processorName, segment));
    }

    @Override
    public TrackingToken fetchToken(String processorName, Segment segment) throws UnableToClaimTokenException {
        return claiming(processorName, segment.getSegmentId(), true, () -> delegate.fetchToken(processorName, segment));
    }

    @Override
    public void extendClaim(String processorName, int segment) throws UnableToClaimTokenException {
        claiming(processorName, segment, false, () -> {
            delegate.extendClaim(processorName, segment);
            return null;
        });
    }

    @Override
    public void releaseClaim(String processorName, int segment) {
        letGo(processorName, segment);
        delegate.releaseClaim(processorName, segment);
    }

    @Override
    public void initializeSegment(TrackingToken token, String processorName, int segment)
            throws UnableToClaimTokenException {
        // a split or a merge: the segments' masks change
        claimsChanged();
        delegate.initializeSegment(token, processorName, segment);
    }

    @Override
    public void deleteToken(String processorName, int segment) throws UnableToClaimTokenException {
        letGo(processorName, segment);
        delegate.deleteToken(processorName, segment);
    }

    @Override
    public boolean requiresExplicitSegmentInitialization() {
        return delegate.requiresExplicitSegmentInitialization();
    }

    @Override
    public int[] fetchSegments(String processorName) {
        return delegate.fetchSegments(processorName);
    }

    @Override
    public List<Segment> fetchAvailableSegments(String processorName) {
        return delegate.fetchAvailableSegments(processorName);
    }

    @Override
    public Optional<String> retrieveStorageIdentifier() {
        return delegate.retrieveStorageIdentifier();
    }
}
