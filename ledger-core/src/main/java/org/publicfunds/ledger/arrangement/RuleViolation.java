package org.publicfunds.ledger.arrangement;

/**
 * A command broke a rule of the ledger (LEDGER.md section 3). Nothing was stored. The code is
 * stable and meant for machines; the message is for people; the field names the input at fault
 * where there is one.
 */
public class RuleViolation extends RuntimeException {

    private final Rule rule;
    private final String field;

    public RuleViolation(Rule rule, String field, String message) {
        super(message);
        this.rule = rule;
        this.field = field;
    }

    public Rule rule() {
        return rule;
    }

    public String code() {
        return rule.code();
    }

    public String field() {
        return field;
    }
}
