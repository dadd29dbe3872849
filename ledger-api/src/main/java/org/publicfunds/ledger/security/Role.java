package org.publicfunds.ledger.security;

/**
 * What a user may do. FINANCE posts commands and reads everything; AUDITOR reads everything,
 * including the event history, exports and the hash-chain check, and may rebuild projections, but
 * posts no command; VIEWER reads arrangements and balances and sees the dashboard.
 */
public enum Role {
    FINANCE,
    AUDITOR,
    VIEWER;

    String authority() {
        return "ROLE_" + name();
    }
}
