package org.publicfunds.ledger.balances;

import java.time.Duration;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.publicfunds.ledger.balance.BalanceProjection;
import org.publicfunds.ledger.balance.LedgerViewStore;
import org.publicfunds.ledger.eventstore.AfterCommitTokenStore;
import org.publicfunds.ledger.eventstore.NodeLease;
import org.publicfunds.ledger.eventstore.StoreClock;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Balance queries answered from the views this instance's projection wrote, kept in memory, for
 * the arrangements whose segment it holds: no read of the store. Only while nobody else can have
 * written the view since: this instance has held the segment without a break since it wrote it
 * (any change of its claims makes it read the store until it writes the view again), and its
 * claim was renewed less than half the claim timeout ago (another instance takes a claim only
 * once it is older than the timeout), and this host's clock agrees with the store's to the second
 * ({@link StoreClock}: claims are stamped with each host's clock). Everything else reads the
 * store, as before.
 */
@Configuration(proxyBeanMethods = false)
class AnswersFromMemory {

    static final Duration RENEWED_WITHIN = AfterCommitTokenStore.CLAIM_TIMEOUT.dividedBy(2);

    @Bean
    SmartInitializingSingleton balancesAnsweredFromMemory(
            LedgerViewStore views,
            TokenStore tokens,
            EventProcessingConfiguration processing,
            StoreClock clock,
            NodeLease lease) {
        return () -> {
            if (!(tokens instanceof AfterCommitTokenStore claims)) {
                return;
            }
            claims.whenClaimsChange(views::claimsChanged);
            views.answerFromMemoryWhile(id -> clock.agrees()
                    && !lease.lost()
                    && processing
                            .eventProcessor(BalanceProjection.PROCESSING_GROUP, StreamingEventProcessor.class)
                            .map(processor -> processor.processingStatus().values().stream()
                                    .anyMatch(status -> !status.isErrorState()
                                            && status.getSegment().matches(id)
                                            && claims.renewedWithin(
                                                    processor.getName(),
                                                    status.getSegment().getSegmentId(),
                                                    RENEWED_WITHIN)))
                            .orElse(false));
        };
    }
}
