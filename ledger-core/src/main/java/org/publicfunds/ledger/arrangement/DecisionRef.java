package org.publicfunds.ledger.arrangement;

public record DecisionRef(String value) {

    public DecisionRef {
        Text.require(value, "decision reference", 100);
    }

    @Override
    public String toString() {
        return value;
    }
}
