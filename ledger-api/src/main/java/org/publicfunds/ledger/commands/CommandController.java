package org.publicfunds.ledger.commands;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.UUID;
import org.publicfunds.ledger.arrangement.ArrangementId;
import org.publicfunds.ledger.arrangement.Authorisation;
import org.publicfunds.ledger.arrangement.CloseFiscalYear;
import org.publicfunds.ledger.arrangement.CommitFunding;
import org.publicfunds.ledger.arrangement.ConfirmPledge;
import org.publicfunds.ledger.arrangement.Contributor;
import org.publicfunds.ledger.arrangement.Conversion;
import org.publicfunds.ledger.arrangement.DecisionRef;
import org.publicfunds.ledger.arrangement.EntryId;
import org.publicfunds.ledger.arrangement.Funder;
import org.publicfunds.ledger.arrangement.FundingBasis;
import org.publicfunds.ledger.arrangement.OpenArrangement;
import org.publicfunds.ledger.arrangement.PledgeFunding;
import org.publicfunds.ledger.arrangement.RecordCost;
import org.publicfunds.ledger.arrangement.RecordInKind;
import org.publicfunds.ledger.arrangement.RecordReceipt;
import org.publicfunds.ledger.arrangement.RegisterDecision;
import org.publicfunds.ledger.arrangement.ReverseEntry;
import org.publicfunds.ledger.arrangement.ReviewArrangement;
import org.publicfunds.ledger.arrangement.WithdrawPledge;
import org.publicfunds.ledger.balances.ArrangementResponse;
import org.publicfunds.ledger.eventstore.RequestKeys;
import org.publicfunds.ledger.fiscal.FiscalCalendar;
import org.publicfunds.ledger.fiscal.FiscalYear;
import org.publicfunds.ledger.idempotency.RequestIdentity;
import org.publicfunds.ledger.system.ErrorCode;
import org.publicfunds.ledger.system.Fields;
import org.publicfunds.ledger.system.InvalidInput;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The commands of the HTTP contract (LEDGER.md section 6): each request parsed at the edge, sent
 * once whatever the client retries, and answered with where it was stored.
 */
@Tag(name = "Arrangements")
@RestController
@RequestMapping(path = "/api/arrangements", produces = "application/json")
class CommandController {

    private final CommandDispatcher commands;
    private final Arrangements arrangements;
    private final ReviewPreview preview;
    private final HttpServletRequest request;

    CommandController(
            CommandDispatcher commands, Arrangements arrangements, ReviewPreview preview, HttpServletRequest request) {
        this.commands = commands;
        this.arrangements = arrangements;
        this.preview = preview;
        this.request = request;
    }

    @Operation(
            summary = "Open an arrangement (FINANCE)",
            description =
                    "Its funders, shares, term of fiscal years, optional annual budget and the decision that founded "
                            + "it. 201 with the arrangement; 409 arrangement-exists if the id is taken.")
    @PostMapping(consumes = "application/json")
    ResponseEntity<ArrangementResponse> open(@RequestBody OpenArrangementRequest request) {
        ArrangementId id = Fields.required("arrangementId", request.arrangementId(), ArrangementId::new);
        Currency currency = Fields.required("currency", request.currency(), Fields::currency);
        int startMonth = request.fiscalYearStartMonth() == null
                ? FiscalCalendar.APRIL.startMonth()
                : request.fiscalYearStartMonth();
        Fields.parse("fiscalYearStartMonth", String.valueOf(startMonth), m -> new FiscalCalendar(Integer.parseInt(m)));
        if (request.shares() == null) {
            throw new InvalidInput(ErrorCode.MISSING_FIELD, "shares", "shares is required");
        }
        OpenArrangement command = new OpenArrangement(
                id,
                Fields.text("name", request.name(), 200),
                Fields.text("host", request.host(), 200),
                Fields.required("basis", request.basis(), FundingBasis::valueOf),
                currency,
                startMonth,
                Fields.required("firstFiscalYear", request.firstFiscalYear(), FiscalYear::parse),
                Fields.required("lastFiscalYear", request.lastFiscalYear(), FiscalYear::parse),
                ShareRequest.toShares("shares", request.shares()),
                Fields.optional("annualBudget", request.annualBudget(), Fields.money(currency)),
                Fields.required("decisionRef", request.decisionRef(), DecisionRef::new),
                Boolean.TRUE.equals(request.decisionsRequired()),
                Fields.optional("allocationUnit", request.allocationUnit(), Fields.money(currency)),
                ShareRequest.toSplits("shares", request.shares()),
                ShareRequest.toCurrencies("shares", request.shares()));
        CommandDispatcher.Committed committed = commands.dispatch(
                id.value(),
                command,
                CommandRequests.issuer(this.request, command.decisionRef()),
                CommandRequests.identity(this.request));
        // the answer is the arrangement as its opening event made it, read from the history, not from a read model
        return CommandRequests.replayed(
                        ResponseEntity.status(CommandRequests.status(committed))
                                .location(URI.create("/api/arrangements/" + id.value())),
                        committed)
                .body(ArrangementResponse.of(arrangements.opened(id.value())));
    }

    @Operation(
            summary = "Commit funding for a fiscal year (FINANCE)",
            description =
                    "201 {entryId, position} once the balances include it (202 if the read model is late). 422 with a"
                            + " rule code when, for example, the funder has no share or the year is closed or outside the term.")
    @PostMapping(path = "/{id}/commitments", consumes = "application/json")
    ResponseEntity<EntryResponse> commit(@PathVariable String id, @RequestBody CommitmentRequest request) {
        Funder funder = Fields.required("funder", request.funder(), Funder::new);
        EntryId entryId = entryId(request.entryId());
        CommitFunding command = new CommitFunding(
                new ArrangementId(id),
                entryId,
                funder,
                Fields.optional("contributor", request.contributor(), Contributor::new),
                Fields.required("fiscalYear", request.fiscalYear(), FiscalYear::parse),
                Fields.required("amount", request.amount(), Fields.money(arrangements.currencyOf(id, funder))),
                Fields.required("decisionRef", request.decisionRef(), DecisionRef::new),
                conversion(id, request.reportingAmount(), request.rate(), request.rateSource()));
        return entryCreated(id, entryId, request.entryId() != null, command, command.decisionRef());
    }

    @Operation(
            summary = "Pledge funding for a year under review (FINANCE)",
            description = "An amount indicated, not yet approved: shown as pledged, never as committed; no decision "
                    + "needed. 201 {entryId, position}.")
    @PostMapping(path = "/{id}/pledges", consumes = "application/json")
    ResponseEntity<EntryResponse> pledge(@PathVariable String id, @RequestBody PledgeRequest request) {
        Funder funder = Fields.required("funder", request.funder(), Funder::new);
        EntryId entryId = entryId(request.entryId());
        PledgeFunding command = new PledgeFunding(
                new ArrangementId(id),
                entryId,
                funder,
                Fields.optional("contributor", request.contributor(), Contributor::new),
                Fields.required("fiscalYear", request.fiscalYear(), FiscalYear::parse),
                Fields.required("amount", request.amount(), Fields.money(arrangements.currencyOf(id, funder))),
                request.note() == null ? null : Fields.text("note", request.note(), 200),
                conversion(id, request.reportingAmount(), request.rate(), request.rateSource()));
        return entryCreated(id, entryId, request.entryId() != null, command, null);
    }

    @Operation(
            summary = "Confirm a pledge as a commitment (FINANCE)",
            description = "Creates a commitment under a decision (the decision rules apply); the pledge is no longer "
                    + "open. 201 {entryId, position} of the commitment; 404 entry-not-found; 422 entry-not-pledge, "
                    + "pledge-not-open.")
    @PostMapping(path = "/{id}/pledges/{pledgeId}/confirm", consumes = "application/json")
    ResponseEntity<EntryResponse> confirm(
            @PathVariable String id, @PathVariable String pledgeId, @RequestBody ConfirmPledgeRequest request) {
        EntryId pledge = Fields.parse("pledgeId", pledgeId, EntryId::new);
        Currency currency = arrangements.currencyOfEntry(id, pledge);
        EntryId entryId = entryId(request.entryId());
        ConfirmPledge command = new ConfirmPledge(
                new ArrangementId(id),
                pledge,
                entryId,
                Fields.required("amount", request.amount(), Fields.money(currency)),
                Fields.required("decisionRef", request.decisionRef(), DecisionRef::new),
                conversion(id, request.reportingAmount(), request.rate(), request.rateSource()));
        return entryCreated(id, entryId, request.entryId() != null, command, command.decisionRef());
    }

    @Operation(
            summary = "Withdraw a pledge (FINANCE)",
            description = "201 {position}; 404 entry-not-found; 422 entry-not-pledge, pledge-not-open.")
    @PostMapping(path = "/{id}/pledges/{pledgeId}/withdraw", consumes = "application/json")
    ResponseEntity<PositionResponse> withdraw(
            @PathVariable String id, @PathVariable String pledgeId, @RequestBody WithdrawPledgeRequest request) {
        arrangements.requireExists(id);
        WithdrawPledge command = new WithdrawPledge(
                new ArrangementId(id),
                Fields.parse("pledgeId", pledgeId, EntryId::new),
                Fields.text("reason", request.reason(), 200));
        CommandDispatcher.Committed committed = commands.dispatch(
                id, command, CommandRequests.issuer(this.request, null), CommandRequests.identity(this.request));
        return CommandRequests.replayed(ResponseEntity.status(CommandRequests.status(committed)), committed)
                .body(new PositionResponse(committed.position()));
    }

    @Operation(summary = "Record money received (FINANCE)", description = "201 {entryId, position}.")
    @PostMapping(path = "/{id}/receipts", consumes = "application/json")
    ResponseEntity<EntryResponse> receive(@PathVariable String id, @RequestBody ReceiptRequest request) {
        Funder funder = Fields.required("funder", request.funder(), Funder::new);
        EntryId entryId = entryId(request.entryId());
        RecordReceipt command = new RecordReceipt(
                new ArrangementId(id),
                entryId,
                funder,
                Fields.optional("contributor", request.contributor(), Contributor::new),
                Fields.required("fiscalYear", request.fiscalYear(), FiscalYear::parse),
                Fields.required("amount", request.amount(), Fields.money(arrangements.currencyOf(id, funder))),
                Fields.required("receivedOn", request.receivedOn(), Fields::date),
                conversion(id, request.reportingAmount(), request.rate(), request.rateSource()));
        return entryCreated(id, entryId, request.entryId() != null, command, null);
    }

    @Operation(
            summary = "Record a contribution in kind (FINANCE)",
            description = "The annual report, the conference: valued in the reporting currency. OFFSET counts as a "
                    + "cost of the year (shared by shares) and as the funder's contribution; MEMO is shown only. "
                    + "Reversible. 201 {entryId, position}.")
    @PostMapping(path = "/{id}/in-kind", consumes = "application/json")
    ResponseEntity<EntryResponse> inKind(@PathVariable String id, @RequestBody InKindRequest request) {
        Currency currency = arrangements.currencyOf(id);
        EntryId entryId = entryId(request.entryId());
        RecordInKind command = new RecordInKind(
                new ArrangementId(id),
                entryId,
                Fields.required("funder", request.funder(), Funder::new),
                Fields.optional("contributor", request.contributor(), Contributor::new),
                Fields.required("fiscalYear", request.fiscalYear(), FiscalYear::parse),
                Fields.text("category", request.category(), 64),
                Fields.required("value", request.value(), Fields.money(currency)),
                Fields.text("description", request.description(), 200),
                Fields.required("treatment", request.treatment(), Fields::treatment));
        return entryCreated(id, entryId, request.entryId() != null, command, null);
    }

    @Operation(
            summary = "Record a cost of the programme (FINANCE)",
            description =
                    "Shared among the funders by the year's shares, largest remainder first. 201 {entryId, position}.")
    @PostMapping(path = "/{id}/costs", consumes = "application/json")
    ResponseEntity<EntryResponse> cost(@PathVariable String id, @RequestBody CostRequest request) {
        Currency currency = arrangements.currencyOf(id);
        EntryId entryId = entryId(request.entryId());
        RecordCost command = new RecordCost(
                new ArrangementId(id),
                entryId,
                Fields.required("fiscalYear", request.fiscalYear(), FiscalYear::parse),
                Fields.text("category", request.category(), 64),
                Fields.required("amount", request.amount(), Fields.money(currency)),
                Fields.required("incurredOn", request.incurredOn(), Fields::date),
                Fields.text("description", request.description(), 200));
        return entryCreated(id, entryId, request.entryId() != null, command, null);
    }

    @Operation(
            summary = "Review the arrangement from a fiscal year on (FINANCE)",
            description = "New shares, annual budget, last fiscal year and/or whether decisions must be registered, "
                    + "with the reason and the decision. 201 {position}. With dryRun=true nothing is stored: the same "
                    + "checks and errors, and 200 {balances, changes}: the balances as they would be just after the "
                    + "review and every field it would change.",
            responses = {
                @ApiResponse(
                        responseCode = "201",
                        description = "stored, and the balances include it (read-your-writes)",
                        content = @Content(schema = @Schema(implementation = PositionResponse.class))),
                @ApiResponse(
                        responseCode = "202",
                        description = "stored; the balances do not include it yet (the read model is late)",
                        content = @Content(schema = @Schema(implementation = PositionResponse.class))),
                @ApiResponse(
                        responseCode = "200",
                        description = "dryRun=true: what the review would do; nothing stored",
                        content = @Content(schema = @Schema(implementation = ReviewPreviewResponse.class)))
            })
    @PostMapping(path = "/{id}/reviews", consumes = "application/json")
    ResponseEntity<?> review(
            @PathVariable String id,
            @RequestBody ReviewRequest request,
            @Parameter(description = "true: answer what the review would do, and store nothing")
                    @RequestParam(defaultValue = "false")
                    boolean dryRun) {
        Currency currency = arrangements.currencyOf(id);
        ReviewArrangement command = new ReviewArrangement(
                new ArrangementId(id),
                Fields.required("effectiveFrom", request.effectiveFrom(), FiscalYear::parse),
                ShareRequest.toShares("shares", request.shares()),
                Fields.optional("annualBudget", request.annualBudget(), Fields.money(currency)),
                Fields.optional("lastFiscalYear", request.lastFiscalYear(), FiscalYear::parse),
                Fields.text("reason", request.reason(), 200),
                Fields.required("decisionRef", request.decisionRef(), DecisionRef::new),
                request.decisionsRequired(),
                ShareRequest.toSplits("shares", request.shares()),
                ShareRequest.toCurrencies("shares", request.shares()));
        if (dryRun) {
            return ResponseEntity.ok(preview.preview(id, command));
        }
        CommandDispatcher.Committed committed = commands.dispatch(
                id,
                command,
                CommandRequests.issuer(this.request, command.decisionRef()),
                CommandRequests.identity(this.request));
        return CommandRequests.replayed(ResponseEntity.status(CommandRequests.status(committed)), committed)
                .body(new PositionResponse(committed.position()));
    }

    @Operation(
            summary = "Register a decision and what it authorises (FINANCE)",
            description = "Commitments citing a registered decision must be covered by one of its authorisations, "
                    + "within its headroom (422 decision-does-not-cover, decision-limit-exceeded). 201 {position}; "
                    + "422 decision-exists if the reference is registered with another body.")
    @PostMapping(path = "/{id}/decisions", consumes = "application/json")
    ResponseEntity<PositionResponse> register(@PathVariable String id, @RequestBody DecisionRequest request) {
        Currency currency = arrangements.currencyOf(id);
        DecisionRef ref = Fields.required("decisionRef", request.decisionRef(), DecisionRef::new);
        if (request.authorisations() == null) {
            throw new InvalidInput(ErrorCode.MISSING_FIELD, "authorisations", "authorisations is required");
        }
        List<Authorisation> authorisations = new ArrayList<>();
        for (int i = 0; i < request.authorisations().size(); i++) {
            String field = "authorisations[" + i + "]";
            DecisionRequest.AuthorisationRequest given =
                    request.authorisations().get(i);
            if (given == null) {
                throw new InvalidInput(ErrorCode.MISSING_FIELD, field, field + " is required");
            }
            authorisations.add(new Authorisation(
                    Fields.required(field + ".funder", given.funder(), Funder::new),
                    Fields.optional(field + ".contributor", given.contributor(), Contributor::new),
                    Fields.required(field + ".fiscalYear", given.fiscalYear(), FiscalYear::parse),
                    Fields.required(field + ".amount", given.amount(), Fields.money(currency))));
        }
        RegisterDecision command = new RegisterDecision(
                new ArrangementId(id),
                ref,
                Fields.text("title", request.title(), 200),
                request.decisionType() == null ? null : Fields.text("decisionType", request.decisionType(), 200),
                Fields.required("signedOn", request.signedOn(), Fields::date),
                authorisations);
        RequestIdentity identity =
                CommandRequests.identity(this.request).and(RequestKeys.decision(id, ref.value()), true);
        CommandDispatcher.Committed committed =
                commands.dispatch(id, command, CommandRequests.issuer(this.request, ref), identity);
        return CommandRequests.replayed(ResponseEntity.status(CommandRequests.status(committed)), committed)
                .body(new PositionResponse(committed.position()));
    }

    @Operation(
            summary = "Reverse an earlier entry (FINANCE)",
            description = "The only correction: a new entry cancelling one commitment, receipt or cost. 201 {entryId, "
                    + "position}; 404 entry-not-found.")
    @PostMapping(path = "/{id}/reversals", consumes = "application/json")
    ResponseEntity<EntryResponse> reverse(@PathVariable String id, @RequestBody ReversalRequest request) {
        arrangements.requireExists(id);
        EntryId reversalId = entryId(request.reversalId());
        ReverseEntry command = new ReverseEntry(
                new ArrangementId(id),
                reversalId,
                Fields.required("entryId", request.entryId(), EntryId::new),
                Fields.text("reason", request.reason(), 200));
        return entryCreated(id, reversalId, request.reversalId() != null, command, null);
    }

    @Operation(
            summary = "Close a fiscal year (FINANCE)",
            description = "A closed year takes no more entries; its balances no longer change. On a cost-recovery "
                    + "arrangement years close in order (422 earlier-year-open) and the close records each funder's "
                    + "(and split contributor's) position: carried into the next year, or after the last year as a "
                    + "settlement. 201 {position}.")
    @PostMapping("/{id}/fiscal-years/{fiscalYear}/close")
    ResponseEntity<PositionResponse> close(@PathVariable String id, @PathVariable String fiscalYear) {
        arrangements.requireExists(id);
        CloseFiscalYear command =
                new CloseFiscalYear(new ArrangementId(id), Fields.parse("fiscalYear", fiscalYear, FiscalYear::parse));
        CommandDispatcher.Committed committed = commands.dispatch(
                id, command, CommandRequests.issuer(this.request, null), CommandRequests.identity(this.request));
        return CommandRequests.replayed(ResponseEntity.status(CommandRequests.status(committed)), committed)
                .body(new PositionResponse(committed.position()));
    }

    /**
     * Sends a command that creates an entry. The entry id is one of the request's keys, so a retry
     * that names it (or the same Idempotency-Key) gets the entry stored first, never a second one.
     */
    private ResponseEntity<EntryResponse> entryCreated(
            String id, EntryId entryId, boolean chosenByClient, Object command, DecisionRef decision) {
        RequestIdentity identity =
                CommandRequests.identity(this.request).and(RequestKeys.entry(id, entryId.value()), chosenByClient);
        CommandDispatcher.Committed committed =
                commands.dispatch(id, command, CommandRequests.issuer(this.request, decision), identity);
        String stored =
                committed.isReplay() ? EntryIds.created(committed.replayed()).orElse(entryId.value()) : entryId.value();
        return CommandRequests.replayed(ResponseEntity.status(CommandRequests.status(committed)), committed)
                .body(new EntryResponse(stored, committed.position()));
    }

    /** What the request says its amount is in the reporting currency (LEDGER.md 8.4); the aggregate checks it. */
    private Conversion conversion(String id, String reportingAmount, String rate, String rateSource) {
        return new Conversion(
                Fields.optional("reportingAmount", reportingAmount, Fields.money(arrangements.currencyOf(id))),
                Fields.optional("rate", rate, Fields::rate),
                rateSource == null ? null : Fields.text("rateSource", rateSource, 200));
    }

    /** The entry id the client chose, or a new one. */
    private static EntryId entryId(String chosen) {
        return chosen != null
                ? Fields.parse("entryId", chosen, EntryId::new)
                : new EntryId(UUID.randomUUID().toString());
    }
}
