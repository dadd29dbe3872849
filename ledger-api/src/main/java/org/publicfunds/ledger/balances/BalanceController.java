package org.publicfunds.ledger.balances;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Instant;
import java.util.List;
import org.publicfunds.ledger.arrangement.ArrangementId;
import org.publicfunds.ledger.arrangement.Funder;
import org.publicfunds.ledger.arrangement.balance.Balances;
import org.publicfunds.ledger.arrangement.balance.LedgerView;
import org.publicfunds.ledger.balance.LedgerViewStore;
import org.publicfunds.ledger.eventstore.EventLog;
import org.publicfunds.ledger.fiscal.FiscalYear;
import org.publicfunds.ledger.system.ErrorCode;
import org.publicfunds.ledger.system.Fields;
import org.publicfunds.ledger.system.InvalidInput;
import org.publicfunds.ledger.system.UnknownArrangement;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;
import org.springframework.web.util.UriComponentsBuilder;

/** The read side of the HTTP contract: arrangements and their balances, live, as of the past, and as a stream. */
@Tag(name = "Arrangements")
@RestController
@RequestMapping(path = "/api/arrangements", produces = "application/json")
class BalanceController {

    /** Arrangements in a page of the list unless the client asks for another number. */
    static final int LIST_PAGE = 100;

    private static final int LIST_MAX = 1_000;

    private final LedgerViewStore views;
    private final EventLog events;
    private final AsOfViews asOfViews;
    private final BalanceStreams streams;
    private final HttpServletRequest request;

    BalanceController(
            LedgerViewStore views,
            EventLog events,
            AsOfViews asOfViews,
            BalanceStreams streams,
            HttpServletRequest request) {
        this.views = views;
        this.events = events;
        this.asOfViews = asOfViews;
        this.streams = streams;
        this.request = request;
    }

    @Operation(
            summary = "List the arrangements, a page at a time (any role)",
            description = "In arrangement id order: at most limit (default 100, at most 1000) after the id given as "
                    + "after; q keeps those whose id or name contains it (ignoring case). When there may be more, a "
                    + "Link header (rel=\"next\") gives the next page's address.")
    @GetMapping
    ResponseEntity<List<ArrangementResponse>> list(
            @RequestParam(required = false) String limit,
            @RequestParam(required = false) String after,
            @RequestParam(required = false) String q) {
        Long requested = Fields.optional("limit", limit, Fields::nonNegative);
        int size = requested == null ? LIST_PAGE : (int) Math.min(Math.max(requested, 1), LIST_MAX);
        List<ArrangementResponse> page =
                views.page(after, q, size).stream().map(ArrangementResponse::of).toList();
        ResponseEntity.BodyBuilder answer = ResponseEntity.ok();
        if (page.size() == size) {
            UriComponentsBuilder next = UriComponentsBuilder.fromPath("/api/arrangements")
                    .queryParam("limit", size)
                    .queryParam("after", page.get(size - 1).arrangementId());
            if (q != null) {
                next.queryParam("q", q);
            }
            answer.header(HttpHeaders.LINK, "<" + next.encode().toUriString() + ">; rel=\"next\"");
        }
        return answer.body(page);
    }

    @Operation(summary = "One arrangement with its term, shares and years (any role)")
    @GetMapping("/{id}")
    ArrangementResponse get(@PathVariable String id) {
        return ArrangementResponse.of(view(id));
    }

    /**
     * Live balances, or with {@code asOf} (an ISO-8601 instant) or {@code atPosition} (a global
     * position) the balances from the events recorded up to then.
     */
    @Operation(
            summary = "Balances per funder and fiscal year, now or as of a past instant or position (any role)",
            description =
                    "asOf (ISO-8601 instant) or atPosition (global position) give exactly the figures the read model "
                            + "had then.")
    @GetMapping("/{id}/balances")
    BalancesResponse balances(
            @PathVariable String id,
            @RequestParam(required = false) String fiscalYear,
            @RequestParam(required = false) String funder,
            @RequestParam(required = false) String asOf,
            @RequestParam(required = false) String atPosition) {
        LedgerView view = view(id);
        FiscalYear year = Fields.optional("fiscalYear", fiscalYear, FiscalYear::parse);
        Funder onlyFunder = Fields.optional("funder", funder, Funder::new);
        if (asOf != null && atPosition != null) {
            throw new InvalidInput(ErrorCode.INVALID_FIELD, "asOf", "give asOf or atPosition, not both");
        }
        Instant instant = Fields.optional("asOf", asOf, Instant::parse);
        Long position = Fields.optional("atPosition", atPosition, Fields::nonNegative);
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
    @Operation(
            summary = "Live balances as server-sent events (any role)",
            description =
                    "First the current balances (with the ten latest events as 'recent'), then a 'balances' message "
                            + "whenever events change them, with those events ('events', oldest first); the SSE id is the "
                            + "global position of the last. FINANCE and AUDITOR reconnect with Last-Event-ID to get every event "
                            + "after it, none twice; a VIEWER gets balances and each event's type, position and time, never "
                            + "its content, from now on. A comment every 15 s keeps proxies from closing the connection. 429 "
                            + "too-many-streams beyond the streams allowed per user and per instance.")
    @GetMapping(path = "/{id}/balances/stream", produces = "text/event-stream")
    SseEmitter balanceStream(
            @PathVariable String id, @RequestHeader(name = "Last-Event-ID", required = false) String lastEventId) {
        LedgerView view = view(id);
        Long after = Fields.optional("Last-Event-ID", lastEventId, Fields::nonNegative);
        boolean history = request.isUserInRole("FINANCE") || request.isUserInRole("AUDITOR");
        return streams.open(view, after, request.getUserPrincipal().getName(), history);
    }

    private LedgerView view(String id) {
        Fields.parse("id", id, ArrangementId::new);
        return views.current(id).orElseThrow(() -> new UnknownArrangement(id));
    }
}
