package org.publicfunds.ledger.system;

import static org.assertj.core.api.Assertions.assertThat;

import org.axonframework.config.Configuration;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.junit.jupiter.api.Test;
import org.publicfunds.ledger.balance.BalanceProjection;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

/**
 * The service's balance processor fails a batch whose handler fails, so it is delivered again
 * (ViewsBeforeTokenTest shows what that does with a real processor); it never logs and skips.
 */
@SpringBootTest(properties = {"ledger.embedded.in-memory=true", "ledger.reference-data=false"})
class ProjectionErrorHandlingTest {

    @Autowired
    Configuration axon;

    @Test
    void theBalanceProcessorPropagatesHandlerFailures() {
        assertThat(axon.eventProcessingConfiguration()
                        .listenerInvocationErrorHandler(BalanceProjection.PROCESSING_GROUP))
                .isSameAs(PropagatingErrorHandler.instance());
    }
}
