package org.publicfunds.ledger.web;

import java.net.URI;
import java.util.Currency;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.publicfunds.ledger.arrangement.ArrangementId;
import org.publicfunds.ledger.arrangement.CloseFiscalYear;
import org.publicfunds.ledger.arrangement.CommitFunding;
import org.publicfunds.ledger.arrangement.Contributor;
import org.publicfunds.ledger.arrangement.DecisionRef;
import org.publicfunds.ledger.arrangement.EntryId;
import org.publicfunds.ledger.arrangement.Funder;
import org.publicfunds.ledger.arrangement.FundingBasis;
import org.publicfunds.ledger.arrangement.OpenArrangement;
import org.publicfunds.ledger.arrangement.RecordCost;
import org.publicfunds.ledger.arrangement.RecordReceipt;
import org.publicfunds.ledger.arrangement.ReverseEntry;
import org.publicfunds.ledger.arrangement.ReviewArrangement;
import org.publicfunds.ledger.balance.Balances;
import org.publicfunds.ledger.balance.LedgerView;
import org.publicfunds.ledger.balance.LedgerViewStore;
import org.publicfunds.ledger.eventstore.MongoEventStorageEngine;
import org.publicfunds.ledger.eventstore.StoredEvent;
import org.publicfunds.ledger.fiscal.FiscalCalendar;
import org.publicfunds.ledger.fiscal.FiscalYear;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The HTTP contract of LEDGER.md section 6: commands in, balances and events out. */
@RestController
@RequestMapping(path = "/api/arrangements", produces = "application/json")
class ArrangementController {

    private static final int MAX_EVENTS_PAGE = 1000;

    private final CommandDispatcher commands;
    private final LedgerViewStore views;
    private final MongoEventStorageEngine events;
    private final jakarta.servlet.http.HttpServletRequest request;
    private final AsOfViews asOfViews;
    private final BalanceStreams streams;

    ArrangementController(CommandDispatcher commands, LedgerViewStore views, MongoEventStorageEngine events,
                          jakarta.servlet.http.HttpServletRequest request, AsOfViews asOfViews, BalanceStreams streams) {
        this.asOfViews = asOfViews;
        this.streams = streams;
        this.commands = commands;
        this.views = views;
        this.events = events;
        this.request = request;
    }

    @PostMapping(consumes = "application/json")
    ResponseEntity<ArrangementResponse> open(@RequestBody OpenArrangementRequest request) {
        ArrangementId id = Fields.required("arrangementId", request.arrangementId(), ArrangementId::new);
        Currency currency = Fields.required("currency", request.currency(), Fields::currency);
        int startMonth = request.fiscalYearStartMonth() == null ? FiscalCalendar.APRIL.startMonth() : request.fiscalYearStartMonth();
        Fields.parse("fiscalYearStartMonth", String.valueOf(startMonth), m -> new FiscalCalendar(Integer.parseInt(m)));
        if (request.shares() == null) {
            throw new InvalidInput("missing-field", "shares", "shares is required");
        }
        OpenArrangement command = new OpenArrangement(id,
                Fields.text("name", request.name(), 200),
                Fields.text("host", request.host(), 200),
                Fields.required("basis", request.basis(), FundingBasis::valueOf),
                currency,
                startMonth,
                Fields.required("firstFiscalYear", request.firstFiscalYear(), FiscalYear::parse),
                Fields.required("lastFiscalYear", request.lastFiscalYear(), FiscalYear::parse),
                Fields.shares("shares", request.shares()),
                Fields.optional("annualBudget", request.annualBudget(), Fields.money(currency)),
                Fields.required("decisionRef", request.decisionRef(), DecisionRef::new));
        commands.dispatch(id.value(), command, issuer(command.decisionRef()));
        LedgerView view = views.find(id.value()).orElseThrow(() -> new UnknownArrangement(id.value()));
        return ResponseEntity.created(URI.create("/api/arrangements/" + id.value())).body(ArrangementResponse.of(view));
    }

    @GetMapping
    List<ArrangementResponse> list() {
        return views.findAll().stream().map(ArrangementResponse::of).toList();
    }

    @GetMapping("/{id}")
    ArrangementResponse get(@PathVariable String id) {
        return ArrangementResponse.of(view(id));
    }

    @PostMapping(path = "/{id}/commitments", consumes = "application/json")
    ResponseEntity<EntryResponse> commit(@PathVariable String id, @RequestBody CommitmentRequest request) {
        LedgerView view = view(id);
        EntryId entryId = newEntryId();
        CommitFunding command = new CommitFunding(new ArrangementId(view.arrangementId()), entryId,
                Fields.required("funder", request.funder(), Funder::new),
                Fields.optional("contributor", request.contributor(), Contributor::new),
                Fields.required("fiscalYear", request.fiscalYear(), FiscalYear::parse),
                Fields.required("amount", request.amount(), Fields.money(view.currency())),
                Fields.required("decisionRef", request.decisionRef(), DecisionRef::new));
        return entryCreated(view, entryId, command, command.decisionRef());
    }

    @PostMapping(path = "/{id}/receipts", consumes = "application/json")
    ResponseEntity<EntryResponse> receive(@PathVariable String id, @RequestBody ReceiptRequest request) {
        LedgerView view = view(id);
        EntryId entryId = newEntryId();
        RecordReceipt command = new RecordReceipt(new ArrangementId(view.arrangementId()), entryId,
                Fields.required("funder", request.funder(), Funder::new),
                Fields.optional("contributor", request.contributor(), Contributor::new),
                Fields.required("fiscalYear", request.fiscalYear(), FiscalYear::parse),
                Fields.required("amount", request.amount(), Fields.money(view.currency())),
                Fields.required("receivedOn", request.receivedOn(), Fields::date));
        return entryCreated(view, entryId, command);
    }

    @PostMapping(path = "/{id}/costs", consumes = "application/json")
    ResponseEntity<EntryResponse> cost(@PathVariable String id, @RequestBody CostRequest request) {
        LedgerView view = view(id);
        EntryId entryId = newEntryId();
        RecordCost command = new RecordCost(new ArrangementId(view.arrangementId()), entryId,
                Fields.required("fiscalYear", request.fiscalYear(), FiscalYear::parse),
                Fields.text("category", request.category(), 64),
                Fields.required("amount", request.amount(), Fields.money(view.currency())),
                Fields.required("incurredOn", request.incurredOn(), Fields::date),
                Fields.text("description", request.description(), 200));
        return entryCreated(view, entryId, command);
    }

    @PostMapping(path = "/{id}/reviews", consumes = "application/json")
    ResponseEntity<PositionResponse> review(@PathVariable String id, @RequestBody ReviewRequest request) {
        LedgerView view = view(id);
        ReviewArrangement command = new ReviewArrangement(new ArrangementId(view.arrangementId()),
                Fields.required("effectiveFrom", request.effectiveFrom(), FiscalYear::parse),
                Fields.shares("shares", request.shares()),
                Fields.optional("annualBudget", request.annualBudget(), Fields.money(view.currency())),
                Fields.optional("lastFiscalYear", request.lastFiscalYear(), FiscalYear::parse),
                Fields.text("reason", request.reason(), 200),
                Fields.required("decisionRef", request.decisionRef(), DecisionRef::new));
        CommandDispatcher.Committed committed = commands.dispatch(view.arrangementId(), command, issuer(command.decisionRef()));
        return ResponseEntity.status(status(committed)).body(new PositionResponse(committed.position()));
    }

    @PostMapping(path = "/{id}/reversals", consumes = "application/json")
    ResponseEntity<EntryResponse> reverse(@PathVariable String id, @RequestBody ReversalRequest request) {
        LedgerView view = view(id);
        EntryId reversalId = newEntryId();
        ReverseEntry command = new ReverseEntry(new ArrangementId(view.arrangementId()), reversalId,
                Fields.required("entryId", request.entryId(), EntryId::new),
                Fields.text("reason", request.reason(), 200));
        return entryCreated(view, reversalId, command);
    }

    @PostMapping("/{id}/fiscal-years/{fiscalYear}/close")
    ResponseEntity<PositionResponse> close(@PathVariable String id, @PathVariable String fiscalYear) {
        LedgerView view = view(id);
        CloseFiscalYear command = new CloseFiscalYear(new ArrangementId(view.arrangementId()),
                Fields.parse("fiscalYear", fiscalYear, FiscalYear::parse));
        CommandDispatcher.Committed committed = commands.dispatch(view.arrangementId(), command, issuer());
        return ResponseEntity.status(status(committed)).body(new PositionResponse(committed.position()));
    }

    /**
     * Live balances, or with {@code asOf} (an ISO-8601 instant) or {@code atPosition} (a global
     * position) the balances from the events recorded up to then.
     */
    @GetMapping("/{id}/balances")
    BalancesResponse balances(@PathVariable String id,
                              @RequestParam(required = false) String fiscalYear,
                              @RequestParam(required = false) String funder,
                              @RequestParam(required = false) String asOf,
                              @RequestParam(required = false) String atPosition) {
        LedgerView view = view(id);
        FiscalYear year = Fields.optional("fiscalYear", fiscalYear, FiscalYear::parse);
        Funder onlyFunder = Fields.optional("funder", funder, Funder::new);
        if (asOf != null && atPosition != null) {
            throw new InvalidInput("invalid-field", "asOf", "give asOf or atPosition, not both");
        }
        java.time.Instant instant = Fields.optional("asOf", asOf, java.time.Instant::parse);
        Long position = Fields.optional("atPosition", atPosition, ArrangementController::nonNegative);
        if (instant != null) {
            position = events.positionAt(instant);
        }
        if (position != null) {
            long at = position;
            view = asOfViews.at(view, at).orElseThrow(() -> new UnknownArrangement(id + " as of position " + at));
        }
        return BalancesResponse.of(Balances.of(view, year, onlyFunder), instant);
    }

    /**
     * The arrangement's balances as server-sent events: the current balances, then one message
     * per event that changes them, its global position as the SSE id. {@code Last-Event-ID}
     * (sent by a reconnecting EventSource) resumes after that position instead.
     */
    @GetMapping(path = "/{id}/balances/stream", produces = "text/event-stream")
    org.springframework.web.servlet.mvc.method.annotation.SseEmitter balanceStream(
            @PathVariable String id,
            @org.springframework.web.bind.annotation.RequestHeader(name = "Last-Event-ID", required = false) String lastEventId) {
        LedgerView view = view(id);
        Long after = Fields.optional("Last-Event-ID", lastEventId, ArrangementController::nonNegative);
        return streams.open(view, after);
    }

    @GetMapping("/{id}/events")
    EventsResponse events(@PathVariable String id,
                          @RequestParam(required = false) String fromPosition,
                          @RequestParam(required = false) String limit) {
        LedgerView view = view(id);
        long from = Fields.optional("fromPosition", fromPosition, ArrangementController::nonNegative) == null ? 0
                : Fields.optional("fromPosition", fromPosition, ArrangementController::nonNegative);
        Long requested = Fields.optional("limit", limit, ArrangementController::nonNegative);
        int size = requested == null ? 100 : (int) Math.min(Math.max(requested, 1), MAX_EVENTS_PAGE);
        List<StoredEvent> page = events.aggregateEvents(view.arrangementId(), from, size + 1);
        Long next = page.size() > size ? page.get(size).position() : null;
        List<EventResponse> items = page.stream().limit(size).map(e -> new EventResponse(e.position(), e.sequence(),
                e.type(), e.payloadType(), e.payloadRevision(), e.recordedAt(), e.timestamp(), e.payload(), e.metaData(),
                e.hash(), e.previousHash())).toList();
        return new EventsResponse(view.arrangementId(), items, next);
    }

    private ResponseEntity<EntryResponse> entryCreated(LedgerView view, EntryId entryId, Object command) {
        return entryCreated(view, entryId, command, null);
    }

    private ResponseEntity<EntryResponse> entryCreated(LedgerView view, EntryId entryId, Object command, DecisionRef decision) {
        CommandDispatcher.Committed committed = commands.dispatch(view.arrangementId(), command, issuer(decision));
        return ResponseEntity.status(status(committed)).body(new EntryResponse(entryId.value(), committed.position()));
    }

    /** 201 once the read model shows the change; 202 if it is stored but the read model lags behind. */
    private static HttpStatus status(CommandDispatcher.Committed committed) {
        return committed.visible() ? HttpStatus.CREATED : HttpStatus.ACCEPTED;
    }

    private LedgerView view(String id) {
        Fields.parse("id", id, ArrangementId::new);
        return views.find(id).orElseThrow(() -> new UnknownArrangement(id));
    }

    /**
     * Recorded on every event the command causes: who sent it, the caller's correlation id
     * ({@code X-Correlation-Id}, or a new one) and, where the command cites one, the decision.
     */
    private Map<String, String> issuer(DecisionRef decision) {
        java.security.Principal principal = request.getUserPrincipal();
        Map<String, String> metaData = new java.util.HashMap<>();
        metaData.put("principal", principal == null ? "anonymous" : principal.getName());
        metaData.put("correlationId", correlationId());
        if (decision != null) {
            metaData.put("decisionRef", decision.value());
        }
        return metaData;
    }

    private Map<String, String> issuer() {
        return issuer(null);
    }

    private String correlationId() {
        String given = request.getHeader("X-Correlation-Id");
        if (given == null) {
            return UUID.randomUUID().toString();
        }
        return Fields.text("X-Correlation-Id", given, 100);
    }

    private static EntryId newEntryId() {
        return new EntryId(UUID.randomUUID().toString());
    }

    private static long nonNegative(String text) {
        if (!text.matches("\\d{1,18}")) {
            throw new IllegalArgumentException("must be a whole number of at least 0, got \"" + text + "\"");
        }
        return Long.parseLong(text);
    }
}
