package org.publicfunds.ledger.eventstore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Stream;
import org.axonframework.eventhandling.DomainEventData;
import org.axonframework.eventhandling.GenericDomainEventEntry;
import org.axonframework.eventhandling.GlobalSequenceTrackingToken;
import org.axonframework.eventhandling.TrackedDomainEventData;
import org.axonframework.eventhandling.TrackedEventData;
import org.axonframework.eventhandling.TrackingToken;
import org.junit.jupiter.api.Test;

/** A finite read of the store reads each batch while the one before is being handled. */
class ReadAheadTest {

    /** Batches of three positions up to {@code end}; records each position a fetch started after. */
    private static Function<TrackingToken, List<? extends TrackedEventData<?>>> store(
            long end, List<Long> fetchedAfter) {
        return last -> {
            long after = last == null ? 0 : last.position().orElseThrow();
            fetchedAfter.add(after);
            List<TrackedEventData<?>> batch = new ArrayList<>();
            for (long p = after + 1; p <= Math.min(end, after + 3); p++) {
                batch.add(event(p));
            }
            return batch;
        };
    }

    private static TrackedEventData<?> event(long position) {
        DomainEventData<?> data = new GenericDomainEventEntry<>(
                "Thing", "t", position - 1, "e" + position, Instant.EPOCH, "Noted", null, "{}", "{}");
        return new TrackedDomainEventData<>(new GlobalSequenceTrackingToken(position), data);
    }

    private static long position(TrackedEventData<?> event) {
        return event.trackingToken().position().orElseThrow();
    }

    @Test
    void readsEveryBatchInOrderAndEndsAtTheFirstEmptyOne() {
        List<Long> fetchedAfter = new CopyOnWriteArrayList<>();
        try (Stream<TrackedEventData<?>> events = ReadAhead.stream(store(10, fetchedAfter), null)) {
            assertThat(events.map(ReadAheadTest::position)).containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L);
        }
        assertThat(fetchedAfter).containsExactly(0L, 3L, 6L, 9L, 10L);
    }

    @Test
    void startsAfterTheTokenItIsGiven() {
        try (Stream<TrackedEventData<?>> events =
                ReadAhead.stream(store(5, new ArrayList<>()), new GlobalSequenceTrackingToken(2))) {
            assertThat(events.map(ReadAheadTest::position)).containsExactly(3L, 4L, 5L);
        }
    }

    /** At the end it says so, and asked again later it reads on from there: a processor catching up asks again. */
    @Test
    void readsAgainWhenAskedAgainAfterTheEnd() {
        long[] end = {3};
        Function<TrackingToken, List<? extends TrackedEventData<?>>> growing = last -> {
            long after = last == null ? 0 : last.position().orElseThrow();
            List<TrackedEventData<?>> batch = new ArrayList<>();
            for (long p = after + 1; p <= end[0]; p++) {
                batch.add(event(p));
            }
            return batch;
        };
        try (Stream<TrackedEventData<?>> events = ReadAhead.stream(growing, null)) {
            Iterator<TrackedEventData<?>> iterator = events.iterator();
            List<Long> read = new ArrayList<>();
            while (iterator.hasNext()) {
                read.add(position(iterator.next()));
            }
            assertThat(read).containsExactly(1L, 2L, 3L);
            end[0] = 5;
            while (iterator.hasNext()) {
                read.add(position(iterator.next()));
            }
            assertThat(read).containsExactly(1L, 2L, 3L, 4L, 5L);
        }
    }

    @Test
    void theNextBatchIsReadWhileThisOneIsHandled() throws Exception {
        List<Long> fetchedAfter = new CopyOnWriteArrayList<>();
        CountDownLatch secondBatchRead = new CountDownLatch(1);
        Function<TrackingToken, List<? extends TrackedEventData<?>>> store = store(9, fetchedAfter);
        try (Stream<TrackedEventData<?>> events = ReadAhead.stream(
                last -> {
                    List<? extends TrackedEventData<?>> batch = store.apply(last);
                    if (last != null) {
                        secondBatchRead.countDown();
                    }
                    return batch;
                },
                null)) {
            Iterator<TrackedEventData<?>> iterator = events.iterator();
            assertThat(position(iterator.next())).isEqualTo(1);
            // the first event is being handled: the batch after it is read meanwhile, without being asked for
            assertThat(secondBatchRead.await(5, TimeUnit.SECONDS)).isTrue();
            assertThat(fetchedAfter).startsWith(0L, 3L);
        }
    }

    @Test
    void aFailedReadReachesTheReaderAndClosingStopsReading() throws Exception {
        List<Long> fetchedAfter = new CopyOnWriteArrayList<>();
        Function<TrackingToken, List<? extends TrackedEventData<?>>> store = store(100, fetchedAfter);
        try (Stream<TrackedEventData<?>> events = ReadAhead.stream(
                last -> {
                    if (last != null && last.position().orElseThrow() >= 6) {
                        throw new IllegalStateException("injected: the store did not answer");
                    }
                    return store.apply(last);
                },
                null)) {
            Iterator<TrackedEventData<?>> failing = events.iterator();
            for (int i = 0; i < 6; i++) {
                failing.next();
            }
            assertThatThrownBy(failing::hasNext).hasMessageContaining("injected");
        }

        List<Long> closedEarly = new CopyOnWriteArrayList<>();
        Stream<TrackedEventData<?>> events = ReadAhead.stream(store(100, closedEarly), null);
        Iterator<TrackedEventData<?>> iterator = events.iterator();
        assertThat(position(iterator.next())).isEqualTo(1);
        events.close();
        // closed: nothing more, though the batch in hand had two more events; a read already under way may
        // finish, none starts after
        assertThat(iterator.hasNext()).isFalse();
        Thread.sleep(200);
        assertThat(iterator.hasNext()).isFalse();
        assertThat(closedEarly).hasSizeLessThanOrEqualTo(2);
    }
}
