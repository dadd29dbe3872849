package org.publicfunds.ledger.eventstore;

import java.util.List;
import org.axonframework.eventhandling.EventMessage;

/** Told of every commit once it is stored, with the position of its first event. */
@FunctionalInterface
public interface AppendListener {

    AppendListener NONE = (commits, positions) -> {};

    void appended(List<List<EventMessage<?>>> commits, long[] positions);
}
