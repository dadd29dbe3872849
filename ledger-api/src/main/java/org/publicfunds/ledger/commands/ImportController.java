package org.publicfunds.ledger.commands;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Currency;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;
import org.axonframework.commandhandling.CommandExecutionException;
import org.axonframework.eventhandling.EventMessage;
import org.publicfunds.ledger.arrangement.ArrangementId;
import org.publicfunds.ledger.arrangement.CommitFunding;
import org.publicfunds.ledger.arrangement.Contributor;
import org.publicfunds.ledger.arrangement.Conversion;
import org.publicfunds.ledger.arrangement.DecisionRef;
import org.publicfunds.ledger.arrangement.EntryId;
import org.publicfunds.ledger.arrangement.Funder;
import org.publicfunds.ledger.arrangement.ImportEntries;
import org.publicfunds.ledger.arrangement.ImportRefused;
import org.publicfunds.ledger.arrangement.NothingToImport;
import org.publicfunds.ledger.arrangement.PledgeFunding;
import org.publicfunds.ledger.arrangement.RecordCost;
import org.publicfunds.ledger.arrangement.RecordInKind;
import org.publicfunds.ledger.arrangement.RecordReceipt;
import org.publicfunds.ledger.eventstore.CommitTooLarge;
import org.publicfunds.ledger.eventstore.EventLog;
import org.publicfunds.ledger.eventstore.RequestKeys;
import org.publicfunds.ledger.eventstore.StoredCommit;
import org.publicfunds.ledger.fiscal.FiscalYear;
import org.publicfunds.ledger.money.Money;
import org.publicfunds.ledger.system.BodyLimitFilter;
import org.publicfunds.ledger.system.ErrorCode;
import org.publicfunds.ledger.system.Fields;
import org.publicfunds.ledger.system.InvalidInput;
import org.publicfunds.ledger.system.ProblemException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Import from a spreadsheet (LEDGER.md 8.10): a CSV file, one entry per row, all or nothing. Each
 * row becomes the command it names, parsed as its own endpoint parses it; the rows go to the
 * arrangement as one command ({@link ImportEntries}), which applies each by its own handler with
 * every rule, so one commit holds them all or nothing is stored. A dry run is the same command on
 * a private copy of the arrangement ({@link CommandPreview}).
 */
@Tag(name = "Arrangements")
@RestController
@RequestMapping(path = "/api/arrangements", produces = "application/json")
class ImportController {

    /** The most rows an import may hold. */
    static final int MAX_ROWS = 10_000;

    static final List<String> COLUMNS = List.of(
            "reference",
            "kind",
            "funder",
            "contributor",
            "fiscalYear",
            "amount",
            "reportingAmount",
            "rate",
            "rateSource",
            "date",
            "decisionRef",
            "category",
            "description",
            "treatment",
            "note");

    private static final Set<String> KINDS = Set.of("commitment", "receipt", "cost", "pledge", "in-kind");

    private static final CsvMapper CSV = CsvMapper.builder()
            .enable(CsvParser.Feature.FAIL_ON_MISSING_HEADER_COLUMNS)
            .build();

    private final CommandDispatcher commands;
    private final CommandPreview preview;
    private final Arrangements arrangements;
    private final EventLog events;
    private final HttpServletRequest request;

    ImportController(
            CommandDispatcher commands,
            CommandPreview preview,
            Arrangements arrangements,
            EventLog events,
            HttpServletRequest request) {
        this.commands = commands;
        this.preview = preview;
        this.arrangements = arrangements;
        this.events = events;
        this.request = request;
    }

    /** The answer: rows in the file, entries created, rows already imported, errors, and where they were stored. */
    record ImportResponse(
            int rows,
            int created,
            int alreadyImported,
            List<ImportRefused.RowError> errors,
            @Schema(nullable = true) Long firstPosition,
            @Schema(nullable = true) Long lastPosition) {}

    @Operation(
            summary = "Import entries from a spreadsheet (FINANCE)",
            description = "A CSV file (UTF-8, a header row; columns by name, in any order: reference, kind = "
                    + "commitment|receipt|cost|pledge|in-kind, and the fields of that kind: funder, contributor, "
                    + "fiscalYear, amount, reportingAmount, rate, rateSource, date, decisionRef, category, "
                    + "description, treatment, note). All or nothing: one error anywhere and nothing is stored (422 "
                    + "import-refused with every row's errors by line, the header being line 1). A reference imported "
                    + "before with the same content is reported as already imported and stores nothing; with other "
                    + "content it is an error (reference-reused). At most 10,000 rows and 5 MiB. dryRun=true checks "
                    + "the same and stores nothing (200).",
            responses = {
                @ApiResponse(
                        responseCode = "201",
                        description = "stored (or every row already imported: nothing stored)",
                        content = @Content(schema = @Schema(implementation = ImportResponse.class))),
                @ApiResponse(
                        responseCode = "202",
                        description = "stored; the balances do not include it yet",
                        content = @Content(schema = @Schema(implementation = ImportResponse.class))),
                @ApiResponse(
                        responseCode = "200",
                        description = "dryRun=true: what the import would do; nothing stored",
                        content = @Content(schema = @Schema(implementation = ImportResponse.class)))
            })
    @PostMapping(path = "/{id}/imports", consumes = "text/csv")
    ResponseEntity<ImportResponse> importRows(
            @PathVariable String id,
            @Parameter(description = "true: check every row and store nothing") @RequestParam(defaultValue = "false")
                    boolean dryRun)
            throws IOException {
        Currency reporting = arrangements.currencyOf(id);
        List<Map<String, String>> rows = read(request.getInputStream());
        List<ImportRefused.RowError> errors = new ArrayList<>();
        List<ImportEntries.Row> parsed = new ArrayList<>();
        // each funder's currency read once for the whole file, not once a row
        Map<Funder, Currency> currencies = new HashMap<>();
        Function<Funder, Currency> currencyOf =
                funder -> currencies.computeIfAbsent(funder, f -> arrangements.currencyOf(id, f));
        for (int i = 0; i < rows.size(); i++) {
            int line = i + 2;
            try {
                parsed.add(row(id, line, rows.get(i), reporting, currencyOf));
            } catch (ProblemException e) {
                errors.add(new ImportRefused.RowError(line, e.field(), e.code().code(), e.getMessage()));
            }
        }
        ImportEntries command = new ImportEntries(new ArrangementId(id), parsed);
        if (dryRun || !errors.isEmpty()) {
            // a dry run, or a file refused at the edge already: the rows that parse go through the rules on a
            // private copy of the arrangement (one pass over its history), so one answer lists every row's errors
            int created;
            try {
                List<EventMessage<?>> wouldRecord = preview.wouldRecord(id, command);
                created = wouldRecord.size();
                if (errors.isEmpty()) {
                    // the dry run says yes only to what the real run can store
                    fitting(
                            () -> {
                                commands.requireFits(
                                        wouldRecord,
                                        CommandRequests.issuer(request, null),
                                        CommandRequests.identity(request));
                                return wouldRecord;
                            },
                            rows.size());
                }
            } catch (ImportRefused refused) {
                errors.addAll(refused.errors());
                created = 0;
            } catch (NothingToImport nothing) {
                created = 0;
            }
            if (!errors.isEmpty()) {
                errors.sort(Comparator.comparingInt(ImportRefused.RowError::line));
                throw new ImportRefused(errors);
            }
            // the entries and the record of their references: one event more than the rows it creates
            int entries = Math.max(0, created - 1);
            return ResponseEntity.ok()
                    .body(new ImportResponse(rows.size(), entries, rows.size() - entries, List.of(), null, null));
        }
        // the import itself: the arrangement's own handler, on the aggregate as cached, no second pass
        CommandDispatcher.Committed committed;
        try {
            committed = fitting(
                    () -> commands.dispatch(
                            id, command, CommandRequests.issuer(request, null), CommandRequests.identity(request)),
                    rows.size());
        } catch (RuntimeException e) {
            Throwable cause = e instanceof CommandExecutionException && e.getCause() != null ? e.getCause() : e;
            if (cause instanceof NothingToImport) {
                return ResponseEntity.status(HttpStatus.CREATED)
                        .body(new ImportResponse(rows.size(), 0, rows.size(), List.of(), null, null));
            }
            throw e;
        }
        StoredCommit commit = events.commitAt(committed.position())
                .orElseThrow(() -> new IllegalStateException("the import's commit is not at " + committed.position()));
        int stored = commit.events().size() - 1;
        return CommandRequests.replayed(ResponseEntity.status(CommandRequests.status(committed)), committed)
                .body(new ImportResponse(
                        rows.size(), stored, rows.size() - stored, List.of(), commit.position(), committed.position()));
    }

    /**
     * Runs {@code storing}; a commit over the store's document limit (trust review 2, R2) is a 413
     * {@code import-too-large} that says how many rows would fit. Nothing was sent, so nothing is stored.
     */
    private static <T> T fitting(Supplier<T> storing, int rows) {
        try {
            return storing.get();
        } catch (CommitTooLarge e) {
            long fitting = e.fitting(rows);
            throw new ProblemException(
                            ErrorCode.IMPORT_TOO_LARGE,
                            null,
                            "these " + rows + " rows would be stored as one commit of " + e.bytes()
                                    + " bytes, over the store's limit of " + e.limit() + " bytes: nothing was stored; "
                                    + "send them as files of at most " + fitting + " rows")
                    .with("rowsThatFit", fitting);
        }
    }

    /** The rows of the file by column name; an unknown column or a file over 10,000 rows is refused whole. */
    static List<Map<String, String>> read(InputStream body) throws IOException {
        List<Map<String, String>> rows = new ArrayList<>();
        try (MappingIterator<Map<String, String>> lines = CSV.readerForMapOf(String.class)
                .with(CsvSchema.emptySchema().withHeader())
                .readValues(new InputStreamReader(body, StandardCharsets.UTF_8))) {
            for (String column : ((CsvSchema) lines.getParserSchema()).getColumnNames()) {
                if (!COLUMNS.contains(column)) {
                    throw new InvalidInput(
                            ErrorCode.UNKNOWN_FIELD,
                            column,
                            "the file has a column " + column + "; the columns are " + String.join(", ", COLUMNS));
                }
            }
            while (lines.hasNextValue()) {
                if (rows.size() == MAX_ROWS) {
                    throw new ProblemException(
                            ErrorCode.PAYLOAD_TOO_LARGE, null, "an import holds at most " + MAX_ROWS + " rows");
                }
                rows.add(lines.nextValue());
            }
        } catch (JsonProcessingException e) {
            throw new InvalidInput(
                    ErrorCode.INVALID_INPUT, null, "the file is not CSV with a header row: " + e.getOriginalMessage());
        } catch (RuntimeException e) {
            if (e.getCause() instanceof BodyLimitFilter.TooLarge tooLarge) {
                throw tooLarge;
            }
            throw e;
        }
        return rows;
    }

    /** One row as the command of its kind, parsed as that kind's endpoint parses it. */
    private ImportEntries.Row row(
            String id, int line, Map<String, String> cells, Currency reporting, Function<Funder, Currency> currencyOf) {
        Map<String, String> row = new LinkedHashMap<>();
        cells.forEach((column, value) -> {
            if (value != null && !value.isEmpty()) {
                row.put(column, value);
            }
        });
        String reference = Fields.text("reference", row.get("reference"), 100);
        String kind = Fields.required("kind", row.get("kind"), k -> {
            if (!KINDS.contains(k)) {
                throw new IllegalArgumentException("must be commitment, receipt, cost, pledge or in-kind");
            }
            return k;
        });
        ArrangementId arrangement = new ArrangementId(id);
        // the entry's id follows from the reference: the same row imported again is the same entry
        EntryId entryId = new EntryId("imp-" + RequestKeys.sha256(reference).substring(0, 32));
        FiscalYear year = Fields.required("fiscalYear", row.get("fiscalYear"), FiscalYear::parse);
        Object command;
        if (kind.equals("cost")) {
            command = new RecordCost(
                    arrangement,
                    entryId,
                    year,
                    Fields.text("category", row.get("category"), 64),
                    Fields.required("amount", row.get("amount"), Fields.money(reporting)),
                    Fields.required("date", row.get("date"), Fields::date),
                    Fields.text("description", row.get("description"), 200));
        } else {
            Funder funder = Fields.required("funder", row.get("funder"), Funder::new);
            Contributor contributor = Fields.optional("contributor", row.get("contributor"), Contributor::new);
            Function<String, Money> own = Fields.money(currencyOf.apply(funder));
            Conversion conversion = new Conversion(
                    Fields.optional("reportingAmount", row.get("reportingAmount"), Fields.money(reporting)),
                    Fields.optional("rate", row.get("rate"), Fields::rate),
                    row.get("rateSource") == null ? null : Fields.text("rateSource", row.get("rateSource"), 200));
            command = switch (kind) {
                case "commitment" ->
                    new CommitFunding(
                            arrangement,
                            entryId,
                            funder,
                            contributor,
                            year,
                            Fields.required("amount", row.get("amount"), own),
                            Fields.required("decisionRef", row.get("decisionRef"), DecisionRef::new),
                            conversion);
                case "receipt" ->
                    new RecordReceipt(
                            arrangement,
                            entryId,
                            funder,
                            contributor,
                            year,
                            Fields.required("amount", row.get("amount"), own),
                            Fields.required("date", row.get("date"), Fields::date),
                            conversion);
                case "pledge" ->
                    new PledgeFunding(
                            arrangement,
                            entryId,
                            funder,
                            contributor,
                            year,
                            Fields.required("amount", row.get("amount"), own),
                            row.get("note") == null ? null : Fields.text("note", row.get("note"), 200),
                            conversion);
                default ->
                    new RecordInKind(
                            arrangement,
                            entryId,
                            funder,
                            contributor,
                            year,
                            Fields.text("category", row.get("category"), 64),
                            Fields.required("amount", row.get("amount"), Fields.money(reporting)),
                            Fields.text("description", row.get("description"), 200),
                            Fields.required("treatment", row.get("treatment"), Fields::treatment));
            };
        }
        // the row's content, column by column, is its identity across imports
        StringBuilder content = new StringBuilder();
        for (String column : COLUMNS) {
            content.append(column)
                    .append('=')
                    .append(row.getOrDefault(column, ""))
                    .append('\u0000');
        }
        return new ImportEntries.Row(line, reference, RequestKeys.sha256(content.toString()), command);
    }
}
