package org.publicfunds.ledger.statements;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.lowagie.text.Document;
import com.lowagie.text.DocumentException;
import com.lowagie.text.Element;
import com.lowagie.text.Font;
import com.lowagie.text.FontFactory;
import com.lowagie.text.PageSize;
import com.lowagie.text.Paragraph;
import com.lowagie.text.Phrase;
import com.lowagie.text.pdf.PdfEncryption;
import com.lowagie.text.pdf.PdfName;
import com.lowagie.text.pdf.PdfPCell;
import com.lowagie.text.pdf.PdfPTable;
import com.lowagie.text.pdf.PdfWriter;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * A statement as JSON, CSV and PDF. Each is a function of the statement alone: nothing says when
 * it was made, so the same point of the history gives the same bytes every time, in the service
 * and in an auditor's offline recompute.
 */
public final class StatementFormats {

    private static final ObjectMapper JSON =
            JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    private StatementFormats() {}

    public enum Format {
        JSON("application/json", "json"),
        CSV("text/csv", "csv"),
        PDF("application/pdf", "pdf");

        public final String mediaType;
        public final String extension;

        Format(String mediaType, String extension) {
            this.mediaType = mediaType;
            this.extension = extension;
        }

        /** json, csv or pdf. */
        public static Format parse(String text) {
            for (Format format : values()) {
                if (format.extension.equals(text)) {
                    return format;
                }
            }
            throw new IllegalArgumentException("must be json, csv or pdf, got \"" + text + "\"");
        }
    }

    public static byte[] render(Statement statement, Format format) {
        return switch (format) {
            case JSON -> json(statement);
            case CSV -> csv(statement);
            case PDF -> pdf(statement);
        };
    }

    static byte[] json(Statement statement) {
        try {
            return (JSON.writeValueAsString(statement) + "\n").getBytes(StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a statement that cannot be written as JSON", e);
        }
    }

    /** The summary as key,value rows, a blank line, then the lines as a table with a header row. RFC 4180. */
    static byte[] csv(Statement statement) {
        StringBuilder out = new StringBuilder();
        for (String[] field : summary(statement)) {
            row(out, field[0], field[1]);
        }
        out.append("\r\n");
        row(
                out,
                "position",
                "recordedAt",
                "kind",
                "entryId",
                "description",
                "decisionRef",
                "contributor",
                "amount",
                "originalAmount",
                "originalCurrency",
                "rate");
        for (Statement.Line line : statement.lines()) {
            Statement.Original original = line.original();
            row(
                    out,
                    String.valueOf(line.position()),
                    line.recordedAt(),
                    line.kind(),
                    line.entryId(),
                    line.description(),
                    line.decisionRef(),
                    line.contributor(),
                    line.amount(),
                    original == null ? null : original.amount(),
                    original == null ? null : original.currency(),
                    original == null ? null : original.rate());
        }
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** The statement's own figures, in the order a reader expects them; absent ones are empty. */
    private static List<String[]> summary(Statement s) {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"arrangement", s.arrangementId()});
        rows.add(new String[] {"arrangementName", s.arrangementName()});
        rows.add(new String[] {"host", s.host()});
        rows.add(new String[] {"funder", s.funder()});
        rows.add(new String[] {"contributor", s.contributor()});
        rows.add(new String[] {"fiscalYear", s.fiscalYear()});
        rows.add(new String[] {"currency", s.currency()});
        rows.add(new String[] {"funderCurrency", s.funderCurrency()});
        rows.add(new String[] {"sharePercent", s.sharePercent()});
        rows.add(new String[] {"contributorPercent", s.contributorPercent()});
        rows.add(new String[] {"opening", s.opening()});
        rows.add(new String[] {"budgetShare", s.totals().budgetShare()});
        rows.add(new String[] {"committed", s.totals().committed()});
        rows.add(new String[] {"pledged", s.totals().pledged()});
        rows.add(new String[] {"received", s.totals().received()});
        rows.add(new String[] {"inKind", s.totals().inKind()});
        rows.add(new String[] {"costShare", s.totals().costShare()});
        rows.add(new String[] {"closing", s.closing()});
        rows.add(new String[] {"carriedForward", s.carriedForward()});
        rows.add(new String[] {"settlement", s.settlement()});
        rows.add(new String[] {"closed", String.valueOf(s.closed())});
        rows.add(new String[] {"headPosition", String.valueOf(s.headPosition())});
        rows.add(new String[] {"headHash", s.headHash()});
        return rows;
    }

    private static void row(StringBuilder out, String... fields) {
        for (int i = 0; i < fields.length; i++) {
            if (i > 0) {
                out.append(',');
            }
            out.append(field(fields[i]));
        }
        out.append("\r\n");
    }

    /**
     * One field: quoted when it holds a comma, a quote or a line break. Text a spreadsheet would run
     * as a formula ({@code =}, {@code +}, {@code @}, or {@code -} not starting a number) gets a
     * leading apostrophe.
     */
    static String field(String value) {
        if (value == null) {
            return "";
        }
        String text = value;
        if (!text.isEmpty() && "=+@\t\r".indexOf(text.charAt(0)) >= 0
                || text.startsWith("-") && !text.matches("-\\d+(\\.\\d+)?")) {
            text = "'" + text;
        }
        if (text.contains(",") || text.contains("\"") || text.contains("\n") || text.contains("\r")) {
            return "\"" + text.replace("\"", "\"\"") + "\"";
        }
        return text;
    }

    /**
     * A4, Helvetica (a standard font, not embedded), no creation date, and a file identifier that is
     * a digest of the statement's JSON: two renderings of the same statement are the same bytes.
     */
    static byte[] pdf(Statement s) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Document document = new Document(PageSize.A4.rotate(), 36, 36, 36, 36);
        try {
            PdfWriter writer = PdfWriter.getInstance(document, out);
            writer.getInfo().remove(PdfName.CREATIONDATE);
            byte[] id = Arrays.copyOf(MessageDigest.getInstance("SHA-256").digest(json(s)), 16);
            writer.getInfo().put(PdfName.FILEID, PdfEncryption.createInfoId(id, id));
            document.addTitle("Statement " + s.funder() + " " + s.fiscalYear() + " " + s.arrangementId());
            document.open();
            Font title = FontFactory.getFont(FontFactory.HELVETICA_BOLD, 14);
            Font plain = FontFactory.getFont(FontFactory.HELVETICA, 8);
            Font bold = FontFactory.getFont(FontFactory.HELVETICA_BOLD, 8);
            document.add(new Paragraph(
                    "Statement for " + s.funder() + (s.contributor() == null ? "" : " (" + s.contributor() + ")")
                            + ", fiscal year " + s.fiscalYear(),
                    title));
            document.add(new Paragraph(
                    s.arrangementName() + " (" + s.arrangementId() + "), hosted by " + s.host() + ". Amounts in "
                            + s.currency()
                            + (s.funderCurrency().equals(s.currency())
                                    ? ""
                                    : "; " + s.funder() + " settles in " + s.funderCurrency())
                            + ".",
                    plain));
            document.add(new Paragraph(" ", plain));
            PdfPTable summary = new PdfPTable(2);
            summary.setWidthPercentage(45);
            summary.setHorizontalAlignment(Element.ALIGN_LEFT);
            for (String[] field : summary(s)) {
                if (List.of("arrangement", "arrangementName", "host", "funder", "contributor", "fiscalYear")
                        .contains(field[0])) {
                    continue;
                }
                summary.addCell(cell(field[0], bold, Element.ALIGN_LEFT));
                summary.addCell(cell(field[1] == null ? "" : field[1], plain, Element.ALIGN_RIGHT));
            }
            document.add(summary);
            document.add(new Paragraph(" ", plain));
            PdfPTable lines = new PdfPTable(new float[] {5, 13, 9, 10, 30, 8, 7, 9, 9});
            lines.setWidthPercentage(100);
            lines.setHeaderRows(1);
            for (String header : List.of(
                    "position",
                    "recorded at",
                    "kind",
                    "entry",
                    "description",
                    "decision",
                    "contributor",
                    "amount",
                    "original")) {
                lines.addCell(cell(header, bold, Element.ALIGN_LEFT));
            }
            for (Statement.Line line : s.lines()) {
                lines.addCell(cell(String.valueOf(line.position()), plain, Element.ALIGN_RIGHT));
                lines.addCell(cell(line.recordedAt(), plain, Element.ALIGN_LEFT));
                lines.addCell(cell(line.kind(), plain, Element.ALIGN_LEFT));
                lines.addCell(cell(nullToEmpty(line.entryId()), plain, Element.ALIGN_LEFT));
                lines.addCell(cell(line.description(), plain, Element.ALIGN_LEFT));
                lines.addCell(cell(nullToEmpty(line.decisionRef()), plain, Element.ALIGN_LEFT));
                lines.addCell(cell(nullToEmpty(line.contributor()), plain, Element.ALIGN_LEFT));
                lines.addCell(cell(nullToEmpty(line.amount()), plain, Element.ALIGN_RIGHT));
                Statement.Original original = line.original();
                lines.addCell(cell(
                        original == null
                                ? ""
                                : original.amount() + " " + original.currency()
                                        + (original.rate() == null ? "" : " at " + original.rate()),
                        plain,
                        Element.ALIGN_RIGHT));
            }
            document.add(lines);
            document.add(new Paragraph(" ", plain));
            document.add(new Paragraph(
                    String.format(
                            Locale.ROOT,
                            "Computed from the ledger's history up to position %d, head hash %s. Anyone holding an"
                                    + " export of that history can recompute this statement and compare.",
                            s.headPosition(),
                            s.headHash()),
                    plain));
        } catch (DocumentException | NoSuchAlgorithmException e) {
            throw new IllegalStateException("the statement could not be written as PDF", e);
        } finally {
            if (document.isOpen()) {
                document.close();
            }
        }
        return out.toByteArray();
    }

    private static PdfPCell cell(String text, Font font, int alignment) {
        PdfPCell cell = new PdfPCell(new Phrase(text, font));
        cell.setHorizontalAlignment(alignment);
        cell.setPadding(3);
        return cell;
    }

    private static String nullToEmpty(String text) {
        return text == null ? "" : text;
    }
}
