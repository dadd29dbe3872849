package org.publicfunds.ledger.eventstore;

/**
 * Makes the writes made so far survive a crash of this process before a command is
 * acknowledged. A real MongoDB does this through its write concern, so there it does nothing;
 * the embedded server's file store commits only about once a second unless told to.
 */
@FunctionalInterface
public interface Durability {

    Durability WRITE_CONCERN = () -> {
    };

    void makeDurable();
}
