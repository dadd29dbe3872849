package org.publicfunds.ledger.eventstore;

import com.mongodb.client.MongoCollection;
import org.axonframework.extensions.mongo.MongoTemplate;
import org.bson.Document;
import org.publicfunds.ledger.balance.LedgerViewStore;

/**
 * Axon's collections, with the processors' tokens written as the views they track are: without
 * waiting for the journal ({@link LedgerViewStore#derived}). A token says how far a processor
 * got through the event store; one lost with the end of the journal makes the processor deliver
 * those events again, which the views fold once (they compare positions). A claim lost that way
 * is a claim expired: the instance that held it finds so at its next token write and lets go.
 */
final class TokensTemplate implements MongoTemplate {

    private final MongoTemplate delegate;

    TokensTemplate(MongoTemplate delegate) {
        this.delegate = delegate;
    }

    @Override
    public MongoCollection<Document> trackingTokensCollection() {
        return LedgerViewStore.derived(delegate.trackingTokensCollection());
    }

    @Override
    public MongoCollection<Document> eventCollection() {
        return delegate.eventCollection();
    }

    @Override
    public MongoCollection<Document> snapshotCollection() {
        return delegate.snapshotCollection();
    }

    @Override
    public MongoCollection<Document> sagaCollection() {
        return delegate.sagaCollection();
    }

    @Override
    public MongoCollection<Document> deadLetterCollection() {
        return delegate.deadLetterCollection();
    }
}
