package org.publicfunds.ledger.web;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
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
import org.publicfunds.ledger.eventstore.RequestKeys;
import org.publicfunds.ledger.idempotency.RequestIdentity;
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
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/** The HTTP contract of LEDGER.md section 6: commands in, balances and events out. */
@Tag(name = "Arrangements")
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

    @Operation(summary = "Open an arrangement (FINANCE)",
            description = "Its funders, shares, term of fiscal years, optional annual budget and the decision that founded "
                    + "it. 201 with the arrangement; 409 arrangement-exists if the id is taken.")
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
        CommandDispatcher.Committed committed = commands.dispatch(id.value(), command, issuer(command.decisionRef()), identity());
        LedgerView view = views.find(id.value()).orElseThrow(() -> new UnknownArrangement(id.value()));
        return replayed(ResponseEntity.created(URI.create("/api/arrangements/" + id.value())), committed)
                .body(ArrangementResponse.of(view));
    }

    @Operation(summary = "List the arrangements (any role)")
    @GetMapping
    List<ArrangementResponse> list() {
        return views.findAll().stream().map(ArrangementResponse::of).toList();
    }

    @Operation(summary = "One arrangement with its term, shares and years (any role)")
    @GetMapping("/{id}")
    ArrangementResponse get(@PathVariable String id) {
        return ArrangementResponse.of(view(id));
    }

    @Operation(summary = "Commit funding for a fiscal year (FINANCE)",
            description = "201 {entryId, position} once the balances include it (202 if the read model is late). 422 with a"
                    + " rule code when, for example, the funder has no share or the year is closed or outside the term.")
    @PostMapping(path = "/{id}/commitments", consumes = "application/json")
    ResponseEntity<EntryResponse> commit(@PathVariable String id, @RequestBody CommitmentRequest request) {
        LedgerView view = view(id);
        EntryId entryId = entryId(request.entryId());
        CommitFunding command = new CommitFunding(new ArrangementId(view.arrangementId()), entryId,
                Fields.required("funder", request.funder(), Funder::new),
                Fields.optional("contributor", request.contributor(), Contributor::new),
                Fields.required("fiscalYear", request.fiscalYear(), FiscalYear::parse),
                Fields.required("amount", request.amount(), Fields.money(view.currency())),
                Fields.required("decisionRef", request.decisionRef(), DecisionRef::new));
        return entryCreated(view, entryId, request.entryId() != null, command, command.decisionRef());
    }

    @Operation(summary = "Record money received (FINANCE)",
            description = "201 {entryId, position}.")
    @PostMapping(path = "/{id}/receipts", consumes = "application/json")
    ResponseEntity<EntryResponse> receive(@PathVariable String id, @RequestBody ReceiptRequest request) {
        LedgerView view = view(id);
        EntryId entryId = entryId(request.entryId());
        RecordReceipt command = new RecordReceipt(new ArrangementId(view.arrangementId()), entryId,
                Fields.required("funder", request.funder(), Funder::new),
                Fields.optional("contributor", request.contributor(), Contributor::new),
                Fields.required("fiscalYear", request.fiscalYear(), FiscalYear::parse),
                Fields.required("amount", request.amount(), Fields.money(view.currency())),
                Fields.required("receivedOn", request.receivedOn(), Fields::date));
        return entryCreated(view, entryId, request.entryId() != null, command, null);
    }

    @Operation(summary = "Record a cost of the programme (FINANCE)",
            description = "Shared among the funders by the year's shares, largest remainder first. 201 {entryId, position}.")
    @PostMapping(path = "/{id}/costs", consumes = "application/json")
    ResponseEntity<EntryResponse> cost(@PathVariable String id, @RequestBody CostRequest request) {
        LedgerView view = view(id);
        EntryId entryId = entryId(request.entryId());
        RecordCost command = new RecordCost(new ArrangementId(view.arrangementId()), entryId,
                Fields.required("fiscalYear", request.fiscalYear(), FiscalYear::parse),
                Fields.text("category", request.category(), 64),
                Fields.required("amount", request.amount(), Fields.money(view.currency())),
                Fields.required("incurredOn", request.incurredOn(), Fields::date),
                Fields.text("description", request.description(), 200));
        return entryCreated(view, entryId, request.entryId() != null, command, null);
    }

    @Operation(summary = "Review the arrangement from a fiscal year on (FINANCE)",
            description = "New shares, annual budget and/or last fiscal year, with the reason and the decision. 201 "
                    + "{position}.")
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
        CommandDispatcher.Committed committed = commands.dispatch(view.arrangementId(), command, issuer(command.decisionRef()),
                identity());
        return replayed(ResponseEntity.status(status(committed)), committed).body(new PositionResponse(committed.position()));
    }

    @Operation(summary = "Reverse an earlier entry (FINANCE)",
            description = "The only correction: a new entry cancelling one commitment, receipt or cost. 201 {entryId, "
                    + "position}; 404 entry-not-found.")
    @PostMapping(path = "/{id}/reversals", consumes = "application/json")
    ResponseEntity<EntryResponse> reverse(@PathVariable String id, @RequestBody ReversalRequest request) {
        LedgerView view = view(id);
        EntryId reversalId = entryId(request.reversalId());
        ReverseEntry command = new ReverseEntry(new ArrangementId(view.arrangementId()), reversalId,
                Fields.required("entryId", request.entryId(), EntryId::new),
                Fields.text("reason", request.reason(), 200));
        return entryCreated(view, reversalId, request.reversalId() != null, command, null);
    }

    @Operation(summary = "Close a fiscal year (FINANCE)",
            description = "A closed year takes no more entries; its balances no longer change. 201 {position}.")
    @PostMapping("/{id}/fiscal-years/{fiscalYear}/close")
    ResponseEntity<PositionResponse> close(@PathVariable String id, @PathVariable String fiscalYear) {
        LedgerView view = view(id);
        CloseFiscalYear command = new CloseFiscalYear(new ArrangementId(view.arrangementId()),
                Fields.parse("fiscalYear", fiscalYear, FiscalYear::parse));
        CommandDispatcher.Committed committed = commands.dispatch(view.arrangementId(), command, issuer(), identity());
        return replayed(ResponseEntity.status(status(committed)), committed).body(new PositionResponse(committed.position()));
    }

    /**
     * Live balances, or with {@code asOf} (an ISO-8601 instant) or {@code atPosition} (a global
     * position) the balances from the events recorded up to then.
     */
    @Operation(summary = "Balances per funder and fiscal year, now or as of a past instant or position (any role)",
            description = "asOf (ISO-8601 instant) or atPosition (global position) give exactly the figures the read model "
                    + "had then.")
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
     * The arrangement's balances as server-sent events: the current balances, then a message
     * with the events that changed them, the last one's global position as the SSE id.
     * {@code Last-Event-ID} (sent by a reconnecting EventSource) resumes after that position.
     */
    @Operation(summary = "Live balances as server-sent events (any role)",
            description = "First the current balances (with the ten latest events as 'recent'), then a 'balances' message "
                    + "whenever events change them, with those events ('events', oldest first); the SSE id is the "
                    + "global position of the last. FINANCE and AUDITOR reconnect with Last-Event-ID to get every event "
                    + "after it, none twice; a VIEWER gets balances and each event's type, position and time, never "
                    + "its content, from now on. A comment every 15 s keeps proxies from closing the connection. 429 "
                    + "too-many-streams beyond the streams allowed per user and per instance.")
    @GetMapping(path = "/{id}/balances/stream", produces = "text/event-stream")
    SseEmitter balanceStream(@PathVariable String id,
                             @RequestHeader(name = "Last-Event-ID", required = false) String lastEventId) {
        LedgerView view = view(id);
        Long after = Fields.optional("Last-Event-ID", lastEventId, ArrangementController::nonNegative);
        boolean history = request.isUserInRole("FINANCE") || request.isUserInRole("AUDITOR");
        return streams.open(view, after, request.getUserPrincipal().getName(), history);
    }

    @Operation(summary = "The arrangement's events in order, with metadata and hashes (FINANCE, AUDITOR)",
            description = "Pages of up to 1000 from fromPosition; nextFromPosition when there are more. With format=jsonl "
                    + "or format=csv, the export instead.")
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

    /**
     * Sends a command that creates an entry. The entry id is one of the request's keys, so a retry
     * that names it (or the same Idempotency-Key) gets the entry stored first, never a second one.
     */
    private ResponseEntity<EntryResponse> entryCreated(LedgerView view, EntryId entryId, boolean chosenByClient, Object command,
                                                       DecisionRef decision) {
        RequestIdentity identity = identity().and(RequestKeys.entry(view.arrangementId(), entryId.value()), chosenByClient);
        CommandDispatcher.Committed committed = commands.dispatch(view.arrangementId(), command, issuer(decision), identity);
        String stored = committed.isReplay() ? EntryIds.created(committed.replayed()).orElse(entryId.value()) : entryId.value();
        return replayed(ResponseEntity.status(status(committed)), committed).body(new EntryResponse(stored, committed.position()));
    }

    /** The identity the idempotency filter gave this request (its fingerprint, its Idempotency-Key). */
    private RequestIdentity identity() {
        Object identity = request.getAttribute(RequestIdentity.ATTRIBUTE);
        return identity instanceof RequestIdentity given ? given : RequestIdentity.anonymous("unrecognised");
    }

    private static ResponseEntity.BodyBuilder replayed(ResponseEntity.BodyBuilder response, CommandDispatcher.Committed committed) {
        return committed.isReplay() ? response.header("Idempotent-Replay", "true") : response;
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
        // commands are only routed here for a signed-in FINANCE user (SecurityConfiguration)
        Map<String, String> metaData = new java.util.HashMap<>();
        metaData.put("principal", request.getUserPrincipal().getName());
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

    /** The entry id the client chose, or a new one. */
    private static EntryId entryId(String chosen) {
        return chosen != null ? Fields.parse("entryId", chosen, EntryId::new) : new EntryId(UUID.randomUUID().toString());
    }

    private static long nonNegative(String text) {
        if (!text.matches("\\d{1,18}")) {
            throw new IllegalArgumentException("must be a whole number of at least 0, got \"" + text + "\"");
        }
        return Long.parseLong(text);
    }
}
