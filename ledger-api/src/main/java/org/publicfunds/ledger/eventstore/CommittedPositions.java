package org.publicfunds.ledger.eventstore;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.axonframework.eventhandling.EventMessage;

/**
 * Tells a command's sender the global position its events were stored at. The sender says
 * which command it waits for before sending it; the events carry that command's id in their
 * metadata ({@value #COMMAND_ID}), and the engine reports each commit here.
 */
public class CommittedPositions implements AppendListener {

    /** The metadata key under which each event carries the id of the command that caused it. */
    public static final String COMMAND_ID = "commandId";

    private static final Long NOTHING_YET = -1L;

    private final Map<String, Long> awaited = new ConcurrentHashMap<>();

    public void expect(String commandId) {
        awaited.put(commandId, NOTHING_YET);
    }

    /** The position of the last event the command stored, or -1 if it stored none; stops tracking it. */
    public long take(String commandId) {
        Long position = awaited.remove(commandId);
        return position == null ? NOTHING_YET : position;
    }

    @Override
    public void appended(List<List<EventMessage<?>>> commits, long[] positions) {
        if (awaited.isEmpty()) {
            return;
        }
        for (int c = 0; c < commits.size(); c++) {
            List<EventMessage<?>> events = commits.get(c);
            for (int i = 0; i < events.size(); i++) {
                Object commandId = events.get(i).getMetaData().get(COMMAND_ID);
                if (commandId != null) {
                    long position = positions[c] + i;
                    awaited.computeIfPresent(commandId.toString(), (id, known) -> Math.max(known, position));
                }
            }
        }
    }
}
