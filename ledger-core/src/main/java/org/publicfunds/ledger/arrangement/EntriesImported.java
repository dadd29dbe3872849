package org.publicfunds.ledger.arrangement;

import java.util.List;
import org.axonframework.serialization.Revision;

/**
 * The rows of an import that created entries, recorded after those entries in the same commit:
 * each reference with the digest of its content and the entry it created. A later import finds a
 * reference here: the same content is already imported, other content is refused.
 */
@Revision("1")
public record EntriesImported(ArrangementId arrangementId, List<Imported> rows) implements ArrangementEvent {

    public EntriesImported {
        rows = List.copyOf(rows);
    }

    public record Imported(String reference, String digest, EntryId entryId) {}
}
