package org.publicfunds.ledger.balances;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/** A stream client that stops reading holds up neither the thread that offers messages nor the other clients. */
class StreamClientTest {

    private final ExecutorService senders = Executors.newFixedThreadPool(2);
    private final CountDownLatch unblock = new CountDownLatch(1);

    @AfterEach
    void stop() {
        unblock.countDown();
        senders.shutdownNow();
    }

    /** An emitter that records what it is sent, or whose socket is full: every send blocks. */
    private final class Recording extends SseEmitter {
        final List<String> sent = new CopyOnWriteArrayList<>();
        final boolean stuck;
        final CountDownLatch completed = new CountDownLatch(1);

        Recording(boolean stuck) {
            this.stuck = stuck;
        }

        @Override
        public void send(SseEventBuilder builder) throws IOException {
            if (stuck) {
                try {
                    unblock.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                throw new IOException("broken pipe");
            }
            StringBuilder text = new StringBuilder();
            builder.build().forEach(part -> text.append(part.getData()));
            sent.add(text.toString());
        }

        @Override
        public void complete() {
            completed.countDown();
        }
    }

    private static SseEmitter.SseEventBuilder message(int i) {
        return SseEmitter.event().id(Integer.toString(i)).data("m" + i);
    }

    @Test
    void aClientThatStopsReadingIsClosedWhenTooFarBehindWithoutBlockingTheCallerOrOthers() throws Exception {
        Recording stuckEmitter = new Recording(true);
        Recording healthyEmitter = new Recording(false);
        List<StreamClient> closed = new CopyOnWriteArrayList<>();
        StreamClient stuck = new StreamClient(stuckEmitter, senders, 8, closed::add);
        StreamClient healthy = new StreamClient(healthyEmitter, senders, 8, closed::add);

        long started = System.nanoTime();
        int accepted = 0;
        for (int i = 0; i < 100; i++) {
            if (stuck.offer(message(i))) {
                accepted++;
            }
            assertThat(healthy.offer(message(i))).isTrue();
            Thread.sleep(1); // a reading client keeps up
        }
        // the caller never waited on the stuck socket
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started)).isLessThan(5_000);
        assertThat(accepted).isLessThanOrEqualTo(9); // one in the blocked write, eight queued, then closed
        assertThat(stuck.isOpen()).isFalse();
        assertThat(closed).containsExactly(stuck);
        assertThat(stuck.offer(message(100))).isFalse();

        // the other client got everything, in order
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (healthyEmitter.sent.size() < 100 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(healthyEmitter.sent).hasSize(100);
        for (int i = 0; i < 100; i++) {
            assertThat(healthyEmitter.sent.get(i)).contains("id:" + i).contains("m" + i);
        }
        assertThat(healthy.isOpen()).isTrue();

        // once its write fails, the stuck client's connection is completed
        unblock.countDown();
        assertThat(stuckEmitter.completed.await(5, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void aClientThatWentAwayTakesNoMoreMessages() {
        Recording emitter = new Recording(false);
        StreamClient client = new StreamClient(emitter, senders, 8, c -> {});
        client.gone();
        assertThat(client.offer(message(1))).isFalse();
        assertThat(emitter.sent).isEmpty();
    }
}
