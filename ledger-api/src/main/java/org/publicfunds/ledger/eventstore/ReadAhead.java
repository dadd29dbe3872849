package org.publicfunds.ledger.eventstore;

import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.axonframework.eventhandling.TrackedEventData;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.EventStoreException;

/**
 * The events of a finite read (a replay, a rebuild, a processor catching up), each batch read
 * from the store while the one before is being handled: the server's work on the next batch and
 * the reader's (deserializing, folding) on this one run at the same time. One batch ahead at
 * most; a batch read ahead and not wanted (the stream was closed) is dropped. The read ends at
 * the first empty batch, as Axon's own stream does.
 */
final class ReadAhead<T extends TrackedEventData<?>> implements Iterator<T> {

    private static final ExecutorService READERS = Executors.newCachedThreadPool(task -> {
        Thread thread = new Thread(task, "ledger-read-ahead");
        thread.setDaemon(true);
        return thread;
    });

    private final Function<TrackingToken, List<? extends T>> fetch;
    private Iterator<? extends T> current = Collections.emptyIterator();
    private Future<List<? extends T>> next;
    private boolean ended;

    private ReadAhead(Function<TrackingToken, List<? extends T>> fetch, TrackingToken from) {
        this.fetch = fetch;
        this.next = READERS.submit(() -> fetch.apply(from));
    }

    /** @param fetch the events after a token (null: from the first), in order; empty past the end */
    static <T extends TrackedEventData<?>> Stream<T> stream(
            Function<TrackingToken, List<? extends T>> fetch, TrackingToken from) {
        ReadAhead<T> events = new ReadAhead<>(fetch, from);
        return StreamSupport.stream(
                        Spliterators.spliteratorUnknownSize(
                                events, Spliterator.ORDERED | Spliterator.NONNULL | Spliterator.DISTINCT),
                        false)
                .onClose(events::close);
    }

    @Override
    public boolean hasNext() {
        while (!current.hasNext()) {
            if (ended) {
                return false;
            }
            List<? extends T> batch = await(next);
            if (batch.isEmpty()) {
                ended = true;
                next = null;
                return false;
            }
            TrackingToken last = batch.get(batch.size() - 1).trackingToken();
            next = READERS.submit(() -> fetch.apply(last));
            current = batch.iterator();
        }
        return true;
    }

    @Override
    public T next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        return current.next();
    }

    private void close() {
        ended = true;
        if (next != null) {
            // not interrupted: the driver would close its connection; the batch read is dropped
            next.cancel(false);
            next = null;
        }
    }

    private static <T> List<? extends T> await(Future<List<? extends T>> batch) {
        try {
            return batch.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EventStoreException("interrupted while reading events", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw new EventStoreException("reading events failed", e.getCause());
        }
    }
}
