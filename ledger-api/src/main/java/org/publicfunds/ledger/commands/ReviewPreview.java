package org.publicfunds.ledger.commands;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.axonframework.eventhandling.EventMessage;
import org.publicfunds.ledger.arrangement.ArrangementEvent;
import org.publicfunds.ledger.arrangement.ReviewArrangement;
import org.publicfunds.ledger.arrangement.balance.Balances;
import org.publicfunds.ledger.arrangement.balance.LedgerView;
import org.publicfunds.ledger.balances.BalancesResponse;
import org.publicfunds.ledger.eventstore.EventLog;
import org.publicfunds.ledger.system.UnknownArrangement;
import org.springframework.stereotype.Component;

/**
 * What a review would do (LEDGER.md 8.7), without storing anything: the review is handled by the
 * same command handler as a real one on the arrangement as stored ({@link CommandPreview}), so it
 * is refused with the same errors. The balances are folded from the same history, once as they
 * are and once with the events it would record, and compared field by field.
 */
@Component
class ReviewPreview {

    private final EventLog events;
    private final CommandPreview commands;
    private final ObjectMapper json;

    ReviewPreview(EventLog events, CommandPreview commands, ObjectMapper json) {
        this.events = events;
        this.commands = commands;
        this.json = json;
    }

    /** The balances as they would be just after the review, and every field it would change. */
    ReviewPreviewResponse preview(String id, ReviewArrangement review) {
        long last = events.sequenceAt(id, events.headPosition());
        if (last < 0) {
            throw new UnknownArrangement(id);
        }
        List<EventLog.PositionedEvent> history = commands.history(id, last);
        LedgerView now = null;
        for (EventLog.PositionedEvent event : history) {
            now = LedgerView.fold(now, (ArrangementEvent) event.payload(), event.position(), event.createdAt());
        }
        LedgerView after = now;
        for (EventMessage<?> event : commands.wouldRecord(id, history, review)) {
            after = LedgerView.fold(after, (ArrangementEvent) event.getPayload(), now.position(), now.openedAt());
        }
        BalancesResponse before = BalancesResponse.of(Balances.of(now, null, null), null);
        BalancesResponse then = BalancesResponse.of(Balances.of(after, null, null), null);
        return new ReviewPreviewResponse(then, changes(before, then));
    }

    /** Every field of the rows and contributor rows that differs, keyed by funder, contributor and year. */
    private List<ReviewPreviewResponse.Change> changes(BalancesResponse before, BalancesResponse after) {
        List<ReviewPreviewResponse.Change> changes = new ArrayList<>();
        compare(json.valueToTree(before).get("rows"), json.valueToTree(after).get("rows"), false, changes);
        compare(
                json.valueToTree(before).get("contributors"),
                json.valueToTree(after).get("contributors"),
                true,
                changes);
        return changes;
    }

    private static void compare(
            JsonNode before, JsonNode after, boolean contributors, List<ReviewPreviewResponse.Change> into) {
        Map<String, JsonNode> old = keyed(before, contributors);
        Map<String, JsonNode> now = keyed(after, contributors);
        Map<String, JsonNode> all = new LinkedHashMap<>(old);
        now.forEach(all::putIfAbsent);
        for (Map.Entry<String, JsonNode> row : all.entrySet()) {
            JsonNode was = old.get(row.getKey());
            JsonNode is = now.get(row.getKey());
            JsonNode any = is != null ? is : was;
            List<String> fields = new ArrayList<>();
            any.fieldNames().forEachRemaining(fields::add);
            if (was != null) {
                was.fieldNames().forEachRemaining(f -> {
                    if (!fields.contains(f)) {
                        fields.add(f);
                    }
                });
            }
            for (String field : fields) {
                if (field.equals("funder") || field.equals("contributor") || field.equals("fiscalYear")) {
                    continue;
                }
                String from = text(was, field);
                String to = text(is, field);
                if (!Objects.equals(from, to)) {
                    into.add(new ReviewPreviewResponse.Change(
                            any.get("funder").asText(),
                            contributors ? any.get("contributor").asText() : null,
                            any.get("fiscalYear").asText(),
                            field,
                            from,
                            to));
                }
            }
        }
    }

    private static Map<String, JsonNode> keyed(JsonNode rows, boolean contributors) {
        Map<String, JsonNode> keyed = new LinkedHashMap<>();
        for (JsonNode row : rows) {
            String key = row.get("funder").asText() + "\u0000"
                    + (contributors ? row.get("contributor").asText() : "") + "\u0000"
                    + row.get("fiscalYear").asText();
            keyed.put(key, row);
        }
        return keyed;
    }

    private static String text(JsonNode row, String field) {
        return row == null || !row.hasNonNull(field) ? null : row.get(field).asText();
    }
}
