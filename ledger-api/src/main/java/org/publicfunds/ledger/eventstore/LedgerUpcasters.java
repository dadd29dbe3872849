package org.publicfunds.ledger.eventstore;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.axonframework.eventhandling.GenericDomainEventEntry;
import org.axonframework.serialization.SerializedType;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.SimpleSerializedType;
import org.axonframework.serialization.upcasting.event.EventUpcasterChain;
import org.axonframework.serialization.upcasting.event.InitialEventRepresentation;
import org.axonframework.serialization.upcasting.event.IntermediateEventRepresentation;
import org.axonframework.serialization.upcasting.event.SingleEventUpcaster;
import org.publicfunds.ledger.arrangement.EntryReversed;
import org.publicfunds.ledger.arrangement.FiscalYearClosed;
import org.publicfunds.ledger.arrangement.FundingCommitted;
import org.publicfunds.ledger.arrangement.FundingPledged;
import org.publicfunds.ledger.arrangement.FundsReceived;
import org.publicfunds.ledger.arrangement.PledgeConfirmed;
import org.publicfunds.ledger.arrangement.PledgeWithdrawn;

/**
 * The upcasters of the ledger's events: each reads a stored revision as the next one, so a history
 * written by any release loads in this one. Applied by the engine (aggregates, processors) and by
 * every direct read of the log (history, as-of views, statements, an auditor's offline recompute).
 *
 * <p>Revision 1 to 2 (settlement currencies, in-kind contributions, the year-end true-up): an entry
 * of revision 1 was in the reporting currency, so its reporting amount is its amount; a close of
 * revision 1 carried nothing forward and settled nothing.
 */
public final class LedgerUpcasters {

    private LedgerUpcasters() {}

    public static EventUpcasterChain chain() {
        return new EventUpcasterChain(
                toRevision2(FundingCommitted.class, LedgerUpcasters::reportingIsAmount),
                toRevision2(FundsReceived.class, LedgerUpcasters::reportingIsAmount),
                toRevision2(FundingPledged.class, LedgerUpcasters::reportingIsAmount),
                toRevision2(PledgeWithdrawn.class, LedgerUpcasters::reportingIsAmount),
                toRevision2(EntryReversed.class, LedgerUpcasters::reportingIsAmount),
                toRevision2(PledgeConfirmed.class, payload -> {
                    reportingIsAmount(payload);
                    payload.set("pledgedReportingAmount", payload.get("pledgedAmount"));
                }),
                toRevision2(FiscalYearClosed.class, payload -> {
                    payload.putArray("carryForward");
                    payload.putArray("settlements");
                }));
    }

    /**
     * One stored event read as this release's class: upcast along the chain, then deserialized. For
     * readers that do not go through the engine.
     */
    public static Object deserialize(
            EventUpcasterChain chain, Serializer serializer, String type, String revision, String payloadJson) {
        GenericDomainEventEntry<String> entry =
                new GenericDomainEventEntry<>(null, null, 0, "", Instant.EPOCH, type, revision, payloadJson, "{}");
        IntermediateEventRepresentation upcast = chain.upcast(
                        Stream.of(new InitialEventRepresentation(entry, serializer)))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("an upcaster dropped an event of type " + type));
        return serializer.deserialize(upcast.getData());
    }

    private static void reportingIsAmount(ObjectNode payload) {
        payload.set("reportingAmount", payload.get("amount"));
    }

    private static SingleEventUpcaster toRevision2(Class<?> event, Consumer<ObjectNode> change) {
        SerializedType from = new SimpleSerializedType(event.getName(), "1");
        SerializedType to = new SimpleSerializedType(event.getName(), "2");
        return new SingleEventUpcaster() {
            @Override
            protected boolean canUpcast(IntermediateEventRepresentation representation) {
                return representation.getType().equals(from);
            }

            @Override
            protected IntermediateEventRepresentation doUpcast(IntermediateEventRepresentation representation) {
                return representation.upcastPayload(to, JsonNode.class, payload -> {
                    ObjectNode changed = payload.deepCopy();
                    change.accept(changed);
                    return changed;
                });
            }
        };
    }
}
