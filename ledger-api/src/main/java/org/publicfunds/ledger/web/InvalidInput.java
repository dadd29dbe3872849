package org.publicfunds.ledger.web;

/** A request whose syntax is wrong: answered 400 with a stable code and the field at fault. */
class InvalidInput extends RuntimeException {

    private final String code;
    private final String field;

    InvalidInput(String code, String field, String message) {
        super(message);
        this.code = code;
        this.field = field;
    }

    String code() {
        return code;
    }

    String field() {
        return field;
    }
}
