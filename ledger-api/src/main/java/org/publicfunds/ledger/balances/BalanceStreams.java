package org.publicfunds.ledger.balances;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.publicfunds.ledger.arrangement.ArrangementEvent;
import org.publicfunds.ledger.arrangement.balance.Balances;
import org.publicfunds.ledger.arrangement.balance.LedgerView;
import org.publicfunds.ledger.balance.LedgerViewStore;
import org.publicfunds.ledger.eventstore.EventLog;
import org.publicfunds.ledger.eventstore.LedgerJackson;
import org.publicfunds.ledger.system.ErrorCode;
import org.publicfunds.ledger.system.LedgerProperties;
import org.publicfunds.ledger.system.ProblemException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * Live balances over server-sent events. Each message carries an arrangement's balances and the
 * events that led to them since the previous message, oldest first; its SSE {@code id} is the
 * global position of the last of those events. So a client that reconnects with
 * {@code Last-Event-ID} gets exactly the events after the last one it saw, none twice.
 *
 * <p>One thread serves every stream. Clients at the same point share the work: they sit in a
 * group per position, and each event is folded (with the projection's own {@link LedgerView#fold})
 * and each message serialised once per group, however many clients it has. The thread follows
 * the balance read model: it wakes {@value #COALESCE_MS} ms after this instance's projection
 * writes a view (so a burst of events becomes one message, not one per event per client), and
 * also looks every {@code ledger.streams.poll} so views written by another instance are streamed
 * too; it never streams past the read model, so a stream never shows what a GET would not.
 * The messages are written to the sockets by {@value #SENDERS} sender threads, each client with its own
 * queue ({@link StreamClient}): a client that stops reading is closed once it is
 * {@value #MAX_PENDING} messages behind, and holds nobody else up.
 */
@Component
class BalanceStreams implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(BalanceStreams.class);
    /**
     * Threads writing to sockets, started as needed: as many clients can be stuck mid-write at once
     * (a client that stopped reading holds one until its write times out), less one, before
     * others wait.
     */
    static final int SENDERS = 64;
    /** Messages a client may fall behind before it is closed (it resumes by Last-Event-ID). */
    static final int MAX_PENDING = 64;
    /** Events read, folded and sent per message at most. */
    private static final int BATCH = 256;
    /** How long a wake-up waits for more changes, so a burst costs one message per client. */
    static final int COALESCE_MS = 100;
    /** Events of history in the first message. */
    static final int RECENT = 10;
    /** What a client refused a stream is told to wait before it tries again. */
    private static final int RETRY_AFTER_SECONDS = 30;

    private final LedgerViewStore views;
    private final EventLog events;
    private final AsOfViews asOfViews;
    private final ObjectMapper json;
    private final ObjectMapper eventJson = LedgerJackson.objectMapper();
    private final Duration poll;
    private final Duration heartbeat;
    private final ScheduledExecutorService worker = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "balance-streams");
        thread.setDaemon(true);
        return thread;
    });
    /** Write to the clients' sockets, so a client that stops reading never holds up the worker. */
    private final ThreadPoolExecutor senders =
            new ThreadPoolExecutor(SENDERS, SENDERS, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), runnable -> {
                Thread thread = new Thread(runnable, "balance-stream-sender");
                thread.setDaemon(true);
                return thread;
            });

    private final int perUser;
    private final int perInstance;
    private final Map<String, Integer> openPerUser = new ConcurrentHashMap<>();
    private final AtomicBoolean wakeQueued = new AtomicBoolean();
    /** Touched only on the worker thread. */
    private final Map<String, TreeMap<Long, Group>> feeds = new HashMap<>();

    private final Set<StreamClient> open = ConcurrentHashMap.newKeySet();
    private volatile boolean running;

    /** Clients that have seen the arrangement up to {@code position}, which is its {@code sequence}-th event. */
    private static final class Group {
        LedgerView view;
        long position;
        long sequence;
        final List<StreamClient> clients = new ArrayList<>();

        Group(LedgerView view, long position, long sequence) {
            this.view = view;
            this.position = position;
            this.sequence = sequence;
        }
    }

    BalanceStreams(
            LedgerViewStore views,
            EventLog events,
            AsOfViews asOfViews,
            ObjectMapper json,
            LedgerProperties properties,
            MeterRegistry meters) {
        senders.allowCoreThreadTimeOut(true);
        this.perUser = properties.streams().perUser();
        this.perInstance = properties.streams().max();
        this.views = views;
        this.events = events;
        this.asOfViews = asOfViews;
        this.json = json;
        this.poll = properties.streams().poll();
        this.heartbeat = properties.streams().heartbeat();
        views.whenApplied(view -> wake());
        Gauge.builder("ledger.streams.clients", open, Set::size)
                .description("open balance streams")
                .register(meters);
    }

    /**
     * A stream of the arrangement's balances for {@code user}: from now (the current balances
     * first) or, with {@code lastEventId}, every change after that position. Only a caller who may
     * read the history ({@code history}: FINANCE, AUDITOR) gets the events themselves and may
     * resume from a past position; a VIEWER gets balances and, of each event, its type, position
     * and time, from now on.
     */
    SseEmitter open(LedgerView live, Long lastEventId, String user, boolean history) {
        synchronized (openPerUser) {
            if (open.size() >= perInstance) {
                throw new ProblemException(
                        ErrorCode.TOO_MANY_STREAMS,
                        null,
                        "this instance has " + perInstance + " balance streams open; try again later",
                        RETRY_AFTER_SECONDS);
            }
            if (openPerUser.getOrDefault(user, 0) >= perUser) {
                throw new ProblemException(
                        ErrorCode.TOO_MANY_STREAMS,
                        null,
                        "you have " + perUser + " balance streams open; close one first",
                        RETRY_AFTER_SECONDS);
            }
            openPerUser.merge(user, 1, Integer::sum);
        }
        SseEmitter emitter = new SseEmitter(0L);
        StreamClient client = new StreamClient(
                emitter,
                senders,
                MAX_PENDING,
                closed -> {
                    open.remove(closed);
                    synchronized (openPerUser) {
                        openPerUser.computeIfPresent(user, (name, n) -> n > 1 ? n - 1 : null);
                    }
                },
                history);
        open.add(client);
        emitter.onCompletion(client::gone);
        emitter.onTimeout(client::gone);
        emitter.onError(e -> client.gone());
        worker.execute(() -> join(client, live.arrangementId(), history ? lastEventId : null));
        return emitter;
    }

    private void wake() {
        if (wakeQueued.compareAndSet(false, true)) {
            worker.schedule(
                    () -> {
                        wakeQueued.set(false);
                        advanceAll();
                    },
                    COALESCE_MS,
                    TimeUnit.MILLISECONDS);
        }
    }

    private void join(StreamClient client, String arrangementId, Long lastEventId) {
        try {
            LedgerView live = views.find(arrangementId).orElseThrow();
            Group group;
            if (lastEventId == null) {
                long sequence = events.sequenceAt(arrangementId, live.position());
                group = new Group(live, live.position(), sequence);
                client.offer(SseEmitter.event()
                        .id(Long.toString(live.position()))
                        .name("balances")
                        .reconnectTime(3000)
                        .data(first(live, sequence, client.history())));
            } else {
                long at = lastEventId;
                group = new Group(asOfViews.at(live, at).orElse(null), at, events.sequenceAt(arrangementId, at));
            }
            TreeMap<Long, Group> feed = feeds.computeIfAbsent(arrangementId, id -> new TreeMap<>());
            Group same = feed.get(group.position);
            if (same != null) {
                same.clients.add(client);
            } else {
                group.clients.add(client);
                feed.put(group.position, group);
            }
            advance(arrangementId, feed, live.position());
        } catch (RuntimeException e) {
            log.debug("a balance stream could not start", e);
            client.gone();
            client.emitter().completeWithError(e);
        }
    }

    private void advanceAll() {
        for (Iterator<Map.Entry<String, TreeMap<Long, Group>>> it =
                        feeds.entrySet().iterator();
                it.hasNext(); ) {
            Map.Entry<String, TreeMap<Long, Group>> feed = it.next();
            try {
                views.find(feed.getKey()).ifPresent(live -> advance(feed.getKey(), feed.getValue(), live.position()));
            } catch (RuntimeException e) {
                log.warn("balance streams of {} could not advance; trying again", feed.getKey(), e);
            }
            if (feed.getValue().isEmpty()) {
                it.remove();
            }
        }
    }

    /** Brings every group of one arrangement up to the read model's position: one message per batch of events. */
    private void advance(String arrangementId, TreeMap<Long, Group> feed, long head) {
        List<Group> groups = new ArrayList<>(feed.values());
        feed.clear();
        for (Group group : groups) {
            group.clients.removeIf(client -> !client.isOpen());
            while (!group.clients.isEmpty() && group.position < head) {
                List<EventLog.PositionedEvent> changes = new ArrayList<>();
                // at most head - position events of this arrangement lie between: ask for no more keys than that
                long window = Math.min(BATCH, head - group.position);
                for (EventLog.PositionedEvent event :
                        events.events(arrangementId, group.sequence + 1, group.sequence + window)) {
                    if (event.position() > head) {
                        break;
                    }
                    group.view = LedgerView.fold(
                            group.view, (ArrangementEvent) event.payload(), event.position(), event.createdAt());
                    group.position = event.position();
                    group.sequence = event.sequence();
                    changes.add(event);
                }
                if (changes.isEmpty()) {
                    break; // the arrangement has no event between here and the head
                }
                // one message for those who may read the history, one without the events' content for viewers
                String[] message = new String[2];
                LedgerView view = group.view;
                long position = group.position;
                group.clients.removeIf(client -> {
                    int kind = client.history() ? 0 : 1;
                    if (message[kind] == null) {
                        message[kind] = message(view, summaries(changes, client.history()), null);
                    }
                    return !client.offer(SseEmitter.event()
                            .id(Long.toString(position))
                            .name("balances")
                            .data(message[kind]));
                });
            }
            if (!group.clients.isEmpty()) {
                Group same = feed.get(group.position);
                if (same == null) {
                    feed.put(group.position, group);
                } else {
                    same.clients.addAll(group.clients);
                }
            }
        }
    }

    private String first(LedgerView live, long sequence, boolean history) {
        List<ObjectNode> recent = new ArrayList<>();
        if (sequence >= 0) {
            for (EventLog.PositionedEvent event :
                    events.events(live.arrangementId(), Math.max(0, sequence - RECENT + 1), sequence)) {
                recent.add(0, summary(event, history));
            }
        }
        return message(live, null, recent);
    }

    private List<ObjectNode> summaries(List<EventLog.PositionedEvent> events, boolean history) {
        List<ObjectNode> summaries = new ArrayList<>();
        for (EventLog.PositionedEvent event : events) {
            summaries.add(summary(event, history));
        }
        return summaries;
    }

    private String message(LedgerView view, List<ObjectNode> changes, List<ObjectNode> recent) {
        ObjectNode message = json.createObjectNode();
        message.put("position", view.position());
        message.set("balances", json.valueToTree(BalancesResponse.of(Balances.of(view, null, null), null)));
        if (changes != null) {
            message.putArray("events").addAll(changes);
        }
        if (recent != null) {
            message.putArray("recent").addAll(recent);
        }
        return message.toString();
    }

    /** What a dashboard shows of an event: its type, position and time, and, to those who may read the history, its payload; no metadata. */
    private ObjectNode summary(EventLog.PositionedEvent event, boolean history) {
        ObjectNode summary = json.createObjectNode();
        summary.put("position", event.position());
        summary.put("type", event.payload().getClass().getSimpleName());
        summary.put("recordedAt", event.recordedAt().toString());
        if (history) {
            summary.set("payload", eventJson.valueToTree(event.payload()));
        }
        return summary;
    }

    private void beat() {
        for (StreamClient client : open) {
            client.offer(SseEmitter.event().comment("keep-alive"));
        }
    }

    @Override
    public void start() {
        worker.scheduleWithFixedDelay(this::advanceAll, poll.toMillis(), poll.toMillis(), TimeUnit.MILLISECONDS);
        worker.scheduleWithFixedDelay(this::beat, heartbeat.toMillis(), heartbeat.toMillis(), TimeUnit.MILLISECONDS);
        running = true;
    }

    /** Ends every stream before the web server's graceful shutdown, which would otherwise wait for them. */
    @Override
    public void stop() {
        running = false;
        worker.shutdownNow();
        for (StreamClient client : open) {
            client.gone();
            client.emitter().complete();
        }
        senders.shutdownNow();
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return Integer.MAX_VALUE;
    }
}
