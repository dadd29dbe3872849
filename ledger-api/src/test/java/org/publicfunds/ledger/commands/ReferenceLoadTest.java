package org.publicfunds.ledger.commands;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.publicfunds.ledger.arrangement.DecisionRegistered;
import org.publicfunds.ledger.eventstore.EventLog;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;

/**
 * R5: a start that crashed in the middle of loading the reference case left part of it; the next
 * start loads what is missing, and a start after that loads nothing.
 */
@SpringBootTest(properties = {"ledger.embedded.in-memory=true", "ledger.reference-data=false"})
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_EACH_TEST_METHOD)
class ReferenceLoadTest {

    @Autowired
    CommandDispatcher dispatcher;

    @Autowired
    EventLog events;

    @Test
    void loadsWhatIsMissingAndNothingTwice() {
        ReferenceDataLoader loader = new ReferenceDataLoader(dispatcher, true);
        // the crashed start stored the arrangement only (its opening: three events, one commit)
        loader.send(0);
        assertThat(events.headPosition()).isEqualTo(3);

        loader.loadIntoAnEmptyStore();
        // then the decision and the two commitments
        assertThat(events.headPosition()).isEqualTo(6);
        assertThat(loader.send(1).isReplay()).isTrue();

        loader.loadIntoAnEmptyStore();
        assertThat(events.headPosition()).isEqualTo(6);
    }

    /** A store loaded before the decision register existed gets the decision on its next start, and nothing else. */
    @Test
    void aStoreLoadedBeforeDecisionsGetsTheDecisionAlone() {
        ReferenceDataLoader loader = new ReferenceDataLoader(dispatcher, true);
        // what the loader stored before: the arrangement and the two commitments, under their names of then
        loader.send(0);
        loader.send(2);
        loader.send(3);
        assertThat(events.headPosition()).isEqualTo(5);

        loader.loadIntoAnEmptyStore();
        assertThat(events.headPosition()).isEqualTo(6);
        assertThat(events.events("ctpn", 5, 5).get(0).payload()).isInstanceOf(DecisionRegistered.class);
        loader.loadIntoAnEmptyStore();
        assertThat(events.headPosition()).isEqualTo(6);
    }
}
