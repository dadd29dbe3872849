package org.publicfunds.ledger.balances;

import java.io.IOException;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * One client of a balance stream with its own queue of messages, written by a shared pool of
 * sender threads: a client that stops reading (a phone asleep, a stuck proxy) holds at most one
 * sender thread while its socket is full, never the thread that prepares the messages for
 * everyone. A client that falls {@code maxPending} messages behind is closed; it loses nothing,
 * since it reconnects with {@code Last-Event-ID} and resumes exactly after the last message it got.
 */
final class StreamClient {

    private final SseEmitter emitter;
    private final Executor senders;
    private final int maxPending;
    private final Consumer<StreamClient> onClose;
    private final Queue<SseEmitter.SseEventBuilder> pending = new ConcurrentLinkedQueue<>();
    private final AtomicInteger size = new AtomicInteger();
    private final AtomicBoolean draining = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();

    private final boolean history;

    StreamClient(SseEmitter emitter, Executor senders, int maxPending, Consumer<StreamClient> onClose) {
        this(emitter, senders, maxPending, onClose, true);
    }

    /** @param history whether this client may read the events themselves (FINANCE, AUDITOR), not only balances */
    StreamClient(
            SseEmitter emitter, Executor senders, int maxPending, Consumer<StreamClient> onClose, boolean history) {
        this.history = history;
        this.emitter = emitter;
        this.senders = senders;
        this.maxPending = maxPending;
        this.onClose = onClose;
    }

    SseEmitter emitter() {
        return emitter;
    }

    boolean history() {
        return history;
    }

    boolean isOpen() {
        return !closed.get();
    }

    /** Queues a message; false once the client is closed (it went away or fell too far behind). */
    boolean offer(SseEmitter.SseEventBuilder message) {
        if (closed.get()) {
            return false;
        }
        if (size.incrementAndGet() > maxPending) {
            close(true);
            return false;
        }
        pending.add(message);
        if (draining.compareAndSet(false, true)) {
            senders.execute(this::drain);
        }
        return true;
    }

    /** The client went away (the server noticed, or the request ended): stop sending. */
    void gone() {
        close(false);
    }

    private void drain() {
        while (true) {
            SseEmitter.SseEventBuilder message = pending.poll();
            if (message == null) {
                draining.set(false);
                // a message queued between the poll and the flag: take it on, unless another sender did
                if (pending.isEmpty() || !draining.compareAndSet(false, true)) {
                    return;
                }
                continue;
            }
            size.decrementAndGet();
            if (closed.get()) {
                continue; // drop what is left
            }
            try {
                emitter.send(message);
            } catch (IOException | IllegalStateException e) {
                close(false);
            }
        }
    }

    private void close(boolean complete) {
        if (closed.compareAndSet(false, true)) {
            pending.clear();
            onClose.accept(this);
            if (complete) {
                // on a sender thread: completing waits for a write in progress, which may be stuck
                senders.execute(() -> {
                    try {
                        emitter.complete();
                    } catch (RuntimeException alreadyDone) {
                        // the connection ended meanwhile
                    }
                });
            }
        }
    }
}
