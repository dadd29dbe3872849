package org.publicfunds.ledger.arrangement;

import java.util.List;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Import the rows of a spreadsheet (LEDGER.md 8.10), all or nothing: each row is an entry's
 * command ({@link CommitFunding}, {@link RecordReceipt}, {@link RecordCost}, {@link PledgeFunding}
 * or {@link RecordInKind}), applied in file order with every rule; a row whose reference was
 * imported before with the same content is skipped.
 */
public record ImportEntries(@TargetAggregateIdentifier ArrangementId arrangementId, List<Row> rows) {

    /** One row: its line in the file, its reference, a digest of its content, and its command. */
    public record Row(int line, String reference, String digest, Object command) {}
}
