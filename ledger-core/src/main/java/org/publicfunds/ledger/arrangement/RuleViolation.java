package org.publicfunds.ledger.arrangement;

/**
 * A command broke a rule of the ledger (LEDGER.md section 3). Nothing was stored. The code is
 * stable and meant for machines; the message is for people; the field names the input at fault
 * where there is one.
 */
public class RuleViolation extends RuntimeException {

    private final String code;
    private final String field;

    public RuleViolation(String code, String field, String message) {
        super(message);
        this.code = code;
        this.field = field;
    }

    public String code() {
        return code;
    }

    public String field() {
        return field;
    }
}
