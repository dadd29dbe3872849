package org.publicfunds.ledger.system;

/** No arrangement with this id was ever opened (or, for a read, none is known to the read model yet). */
public class UnknownArrangement extends ProblemException {

    public UnknownArrangement(String id) {
        super(ErrorCode.ARRANGEMENT_NOT_FOUND, null, "there is no arrangement " + id);
    }
}
