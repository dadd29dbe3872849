package org.publicfunds.ledger.decisions;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.Currency;
import org.publicfunds.ledger.arrangement.ArrangementEvent;
import org.publicfunds.ledger.arrangement.ArrangementOpened;
import org.publicfunds.ledger.arrangement.DecisionRef;
import org.publicfunds.ledger.decision.DecisionRegister;
import org.publicfunds.ledger.eventstore.EventLog;
import org.publicfunds.ledger.system.ErrorCode;
import org.publicfunds.ledger.system.Fields;
import org.publicfunds.ledger.system.ProblemException;
import org.publicfunds.ledger.system.UnknownArrangement;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The decision register of an arrangement (LEDGER.md 8.1): what each decision authorised, what is
 * committed under it and the headroom left, and the entries citing each reference, registered or
 * not. Folded from the arrangement's history on each request, so it is exact at the head it read.
 */
@Tag(name = "Decisions")
@RestController
@RequestMapping(path = "/api/arrangements/{id}/decisions", produces = "application/json")
class DecisionController {

    /** Sequences read per round trip to the store. */
    private static final int CHUNK = 1_000;

    private final EventLog events;

    DecisionController(EventLog events) {
        this.events = events;
    }

    @Operation(
            summary = "The decision register (FINANCE, AUDITOR)",
            description = "Every decision reference registered or cited, with its totals authorised and committed.")
    @GetMapping
    DecisionsResponse register(@PathVariable String id) {
        Folded folded = fold(id);
        return DecisionsResponse.of(folded.register().decisions(), folded.currency());
    }

    @Operation(
            summary = "One decision (FINANCE, AUDITOR)",
            description = "Its authorisations with authorised, committed and headroom, and every entry citing it. "
                    + "404 decision-not-found when it is neither registered nor cited.")
    @GetMapping("/{ref}")
    DecisionResponse decision(@PathVariable String id, @PathVariable String ref) {
        DecisionRef decisionRef = Fields.parse("ref", ref, DecisionRef::new);
        Folded folded = fold(id);
        return folded.register()
                .decision(decisionRef)
                .map(decision -> DecisionResponse.of(decision, folded.currency()))
                .orElseThrow(() -> new ProblemException(
                        ErrorCode.DECISION_NOT_FOUND,
                        "ref",
                        "no decision " + decisionRef + " is registered or cited in " + id));
    }

    private record Folded(DecisionRegister register, Currency currency) {}

    private Folded fold(String id) {
        long last = events.sequenceAt(id, events.headPosition());
        if (last < 0) {
            throw new UnknownArrangement(id);
        }
        DecisionRegister register = new DecisionRegister();
        Currency currency = null;
        for (long from = 0; from <= last; from += CHUNK) {
            for (EventLog.PositionedEvent event : events.events(id, from, Math.min(last, from + CHUNK - 1))) {
                if (event.payload() instanceof ArrangementOpened opened) {
                    currency = opened.currency();
                }
                register.apply((ArrangementEvent) event.payload(), event.position());
            }
        }
        return new Folded(register, currency);
    }
}
