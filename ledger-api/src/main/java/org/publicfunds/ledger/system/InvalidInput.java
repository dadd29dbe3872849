package org.publicfunds.ledger.system;

/** A request whose syntax is wrong: answered 400 with a stable code and the field at fault. */
public class InvalidInput extends ProblemException {

    public InvalidInput(ErrorCode code, String field, String message) {
        super(code, field, message);
    }
}
