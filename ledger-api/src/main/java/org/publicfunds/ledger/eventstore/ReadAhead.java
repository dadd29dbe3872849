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
 * most; a batch read ahead and not wanted (the stream was closed) is dropped. At the first empty
 * batch it says there is nothing more, and reads again if asked again, as Axon's own stream does.
 */
final class ReadAhead<T extends TrackedEventData<?>> implements Iterator<T> {

    private static final ExecutorService READERS = Executors.newCachedThreadPool(task -> {
        Thread thread = new Thread(task, "ledger-read-ahead");
        thread.setDaemon(true);
        return thread;
    });

    private final Function<TrackingToken, List<? extends T>> fetch;
    private Iterator<? extends T> current = Collections.emptyIterator();
    /** The batch being read ahead; null when none is (the last one was empty, or the stream is closed). */
    private Future<List<? extends T>> next;
    /** Where the next read starts: after the last event read. */
    private TrackingToken last;

    private volatile boolean closed;

    private ReadAhead(Function<TrackingToken, List<? extends T>> fetch, TrackingToken from) {
        this.fetch = fetch;
        this.last = from;
        this.next = readAfter(from);
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

    private Future<List<? extends T>> readAfter(TrackingToken token) {
        return READERS.submit(() -> fetch.apply(token));
    }

    /**
     * False at the end of what is stored; asked again later, it reads again from there (Axon's
     * event store asks a stream of a processor catching up again after waiting for new events).
     */
    @Override
    public boolean hasNext() {
        if (current.hasNext()) {
            return true;
        }
        if (closed) {
            return false;
        }
        List<? extends T> batch = await(next != null ? next : readAfter(last));
        if (batch.isEmpty()) {
            next = null;
            return false;
        }
        last = batch.get(batch.size() - 1).trackingToken();
        next = closed ? null : readAfter(last);
        current = batch.iterator();
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
        closed = true;
        Future<List<? extends T>> reading = next;
        if (reading != null) {
            // not interrupted: the driver would close its connection; the batch read is dropped
            reading.cancel(false);
        }
        next = null;
        current = Collections.emptyIterator();
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
