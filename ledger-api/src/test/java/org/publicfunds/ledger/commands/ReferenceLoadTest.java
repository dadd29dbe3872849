package org.publicfunds.ledger.commands;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.publicfunds.ledger.eventstore.EventLog;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

/**
 * R5: a start that crashed in the middle of loading the reference case left part of it; the next
 * start loads what is missing, and a start after that loads nothing.
 */
@SpringBootTest(properties = {"ledger.embedded.in-memory=true", "ledger.reference-data=false"})
class ReferenceLoadTest {

    @Autowired
    CommandDispatcher dispatcher;

    @Autowired
    EventLog events;

    @Test
    void loadsWhatIsMissingAndNothingTwice() {
        ReferenceDataLoader loader = new ReferenceDataLoader(dispatcher, true);
        // the crashed start stored the arrangement only
        loader.send(0);
        assertThat(events.headPosition()).isEqualTo(1);

        loader.loadIntoAnEmptyStore();
        assertThat(events.headPosition()).isEqualTo(ReferenceData.commands().size());
        assertThat(loader.send(1).isReplay()).isTrue();

        loader.loadIntoAnEmptyStore();
        assertThat(events.headPosition()).isEqualTo(ReferenceData.commands().size());
    }
}
