package org.publicfunds.ledger.web;

/** No arrangement with this id is known to the read model. */
class UnknownArrangement extends RuntimeException {

    UnknownArrangement(String id) {
        super("there is no arrangement " + id);
    }
}
