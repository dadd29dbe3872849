package org.publicfunds.ledger.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.publicfunds.ledger.testing.Api;
import org.publicfunds.ledger.testing.HttpTest;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;

/**
 * Generated bad input: valid requests with one field replaced, removed or added, broken JSON,
 * wrong types and odd path and query values. None may answer 5xx or show a stack trace, and none
 * may store anything.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"ledger.embedded.in-memory=true", "ledger.reference-data=true"})
@DirtiesContext
class MalformedRequestsHttpTest extends HttpTest {

    static final String[][] VALID = {
        {
            "/api/arrangements/ctpn/commitments",
            "{\"funder\":\"London\",\"contributor\":\"GLA\",\"fiscalYear\":\"2024-25\",\"amount\":\"10.00\",\"decisionRef\":\"D\"}"
        },
        {
            "/api/arrangements/ctpn/receipts",
            "{\"funder\":\"London\",\"contributor\":\"GLA\",\"fiscalYear\":\"2024-25\",\"amount\":\"10\",\"receivedOn\":\"2024-05-01\"}"
        },
        {
            "/api/arrangements/ctpn/costs",
            "{\"fiscalYear\":\"2024-25\",\"category\":\"c\",\"amount\":\"1\",\"incurredOn\":\"2024-05-01\",\"description\":\"d\"}"
        },
        {
            "/api/arrangements/ctpn/reviews",
            "{\"effectiveFrom\":\"2025-26\",\"annualBudget\":\"1\",\"reason\":\"r\",\"decisionRef\":\"D\"}"
        },
        {"/api/arrangements/ctpn/reversals", "{\"entryId\":\"ctpn-2023-24-london-gla\",\"reason\":\"r\"}"},
        {
            "/api/arrangements",
            "{\"arrangementId\":\"fuzz\",\"name\":\"n\",\"host\":\"h\",\"basis\":\"COST_RECOVERY\",\"currency\":\"GBP\","
                    + "\"firstFiscalYear\":\"2024-25\",\"lastFiscalYear\":\"2025-26\",\"shares\":[{\"funder\":\"A\",\"percent\":\"100\"}],\"decisionRef\":\"D\"}"
        },
    };

    static final String[] BAD_VALUES = {
        "\"-1\"",
        "\"0\"",
        "\"1.001\"",
        "\"1e3\"",
        "\"99999999999999999999\"",
        "\"\"",
        "\" \"",
        "\"x\\u0001y\"",
        "\"" + "z".repeat(300) + "\"",
        "null",
        "1",
        "1.5",
        "true",
        "[]",
        "{}",
        "\"2024-26\"",
        "\"2024\"",
        "\"Paris\"",
        "\"USD\"",
        "\"GBPX\"",
        "\"2024-13-40\"",
        "\"NOT_A_BASIS\"",
        "\"a b\"",
        "-5",
        "\"%00\""
    };

    static final String[] BROKEN = {
        "",
        "{",
        "}",
        "[",
        "null",
        "\"text\"",
        "{\"a\":}",
        "{,}",
        "{\"funder\":\"London\"",
        "\u0000",
        "{\"funder\": 'London'}",
        "[{}]",
        "{\"funder\":[\"London\"]}"
    };

    @Test
    void aThousandMalformedRequestsGetNoServerErrorNoStackTraceAndStoreNothing() {
        long before = api.get("/api/audit/verify").json().get("headPosition").asLong();
        Random random = new Random(20261128);
        List<String> failures = new ArrayList<>();
        for (int i = 0; i < 1_000; i++) {
            String[] target = VALID[random.nextInt(VALID.length)];
            String path = target[0];
            String body;
            switch (random.nextInt(6)) {
                case 0 -> body = BROKEN[random.nextInt(BROKEN.length)];
                case 1 -> body = replaceAValue(target[1], BAD_VALUES[random.nextInt(BAD_VALUES.length)], random);
                case 2 -> body = removeAField(target[1], random);
                case 3 -> body = target[1].replaceFirst("\\{", "{\"unexpected\":1,");
                case 4 -> {
                    path = path.replace(
                            "ctpn",
                            List.of("CTPN", "no-such", "a%20b", "x".repeat(70), "..")
                                    .get(random.nextInt(5)));
                    body = replaceAValue(target[1], BAD_VALUES[random.nextInt(BAD_VALUES.length)], random);
                }
                default ->
                    body = replaceAValue(
                            replaceAValue(target[1], BAD_VALUES[random.nextInt(BAD_VALUES.length)], random),
                            BAD_VALUES[random.nextInt(BAD_VALUES.length)],
                            random);
            }
            Api.Response response = api.post(path, body);
            if (response.status() >= 500
                    || response.body().contains("\tat ")
                    || response.body().contains("Exception")) {
                failures.add(response.status() + " " + path + " " + body + " -> " + response.body());
            } else if (response.status() < 400) {
                // a mutation can still be valid input; it must then have been stored as asked, so undo nothing but
                // count it
                before += response.json().has("position") ? 1 : 0;
            }
        }
        for (String query : List.of(
                "fiscalYear=2024",
                "funder=%01",
                "asOf=soon",
                "atPosition=-1",
                "atPosition=abc",
                "fiscalYear=2024-25&funder=" + "x".repeat(300),
                "atPosition=99999999999999999999")) {
            Api.Response response = api.get("/api/arrangements/ctpn/balances?" + query);
            if (response.status() >= 500) {
                failures.add(response.status() + " balances?" + query + " -> " + response.body());
            }
        }
        assertThat(failures).isEmpty();
        assertThat(api.get("/api/audit/verify").json().get("headPosition").asLong())
                .isEqualTo(before);
    }

    private static String replaceAValue(String json, String value, Random random) {
        List<int[]> values = new ArrayList<>();
        Matcher m = Pattern.compile(":(\"[^\"]*\"|\\[[^\\]]*\\])").matcher(json);
        while (m.find()) {
            values.add(new int[] {m.start(1), m.end(1)});
        }
        int[] chosen = values.get(random.nextInt(values.size()));
        return json.substring(0, chosen[0]) + value + json.substring(chosen[1]);
    }

    private static String removeAField(String json, Random random) {
        List<int[]> fields = new ArrayList<>();
        Matcher m = Pattern.compile("\"\\w+\":(\"[^\"]*\"|\\[[^\\]]*\\]),?").matcher(json);
        while (m.find()) {
            fields.add(new int[] {m.start(), m.end()});
        }
        int[] chosen = fields.get(random.nextInt(fields.size()));
        return (json.substring(0, chosen[0]) + json.substring(chosen[1])).replace(",}", "}");
    }
}
