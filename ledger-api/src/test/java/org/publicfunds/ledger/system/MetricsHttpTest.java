package org.publicfunds.ledger.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.publicfunds.ledger.testing.Api;
import org.publicfunds.ledger.testing.HttpTest;
import org.springframework.boot.test.context.SpringBootTest;

/** The Prometheus endpoint as a scraper sees it: the figures move when a commitment is posted. */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"ledger.embedded.in-memory=true", "ledger.reference-data=true"})
class MetricsHttpTest extends HttpTest {

    private static final Pattern SAMPLE = Pattern.compile("^([a-z_]+)\\{(.*)} (\\S+)$");
    private static final Pattern LABEL = Pattern.compile("([a-z_]+)=\"([^\"]*)\"");

    /** Every sample of a metric with its labels, scraped as the VIEWER a Prometheus server would use. */
    private Map<Map<String, String>, BigDecimal> scrape(String metric) {
        Api.Response response = api.as("viewer").get("/actuator/prometheus");
        assertThat(response.status()).isEqualTo(200);
        Map<Map<String, String>, BigDecimal> samples = new HashMap<>();
        for (String line : response.body().split("\n")) {
            Matcher sample = SAMPLE.matcher(line);
            if (sample.matches() && sample.group(1).equals(metric)) {
                Map<String, String> labels = new TreeMap<>();
                Matcher label = LABEL.matcher(sample.group(2));
                while (label.find()) {
                    labels.put(label.group(1), label.group(2));
                }
                samples.put(labels, sample.group(3).equals("NaN") ? null : new BigDecimal(sample.group(3)));
            }
        }
        return samples;
    }

    private BigDecimal value(String metric, Map<String, String> match) {
        return scrape(metric).entrySet().stream()
                .filter(e -> e.getKey().entrySet().containsAll(match.entrySet()))
                .map(Map.Entry::getValue)
                .findFirst()
                .orElse(BigDecimal.ZERO);
    }

    private BigDecimal awaitValue(String metric, Map<String, String> match, BigDecimal expected) {
        return await().atMost(Duration.ofSeconds(10))
                .until(() -> value(metric, match), value -> value.compareTo(expected) == 0);
    }

    @Test
    void balanceGaugesCommandCountersAndEventCountersMoveWhenACommitmentIsPosted() throws Exception {
        Map<String, String> london =
                Map.of("arrangement", "ctpn", "funder", "London", "fiscal_year", "2024-25", "field", "committed");
        BigDecimal committed = awaitValue(
                "ledger_balance",
                Map.of("arrangement", "ctpn", "funder", "London", "fiscal_year", "2023-24", "field", "committed"),
                new BigDecimal("37875"));
        assertThat(committed).isEqualByComparingTo("37875");
        BigDecimal before = value("ledger_balance", london);
        Map<String, String> ok = Map.of("type", "CommitFunding", "outcome", "ok");
        BigDecimal commandsBefore = value("ledger_commands_seconds_count", ok);
        BigDecimal appendedBefore = value("ledger_events_appended_total", Map.of());

        Api.Response posted = api.post(
                "/api/arrangements/ctpn/commitments",
                "{\"funder\":\"London\",\"contributor\":\"GLA\",\"fiscalYear\":\"2024-25\",\"amount\":\"1234.56\",\"decisionRef\":\"M-1\"}");
        assertThat(posted.status()).isEqualTo(201);

        assertThat(awaitValue("ledger_balance", london, before.add(new BigDecimal("1234.56"))))
                .isEqualByComparingTo(before.add(new BigDecimal("1234.56")));
        assertThat(value("ledger_commands_seconds_count", ok)).isEqualByComparingTo(commandsBefore.add(BigDecimal.ONE));
        assertThat(value("ledger_events_appended_total", Map.of()))
                .isEqualByComparingTo(appendedBefore.add(BigDecimal.ONE));
        // the head gauge is read from a value at most half a second old (a scrape never takes the writer's lock)
        BigDecimal position = BigDecimal.valueOf(posted.json().get("position").asLong());
        assertThat(awaitValue("ledger_eventstore_head_position", Map.of(), position))
                .isEqualByComparingTo(position);
        assertThat(scrape("ledger_projection_lag")).containsKey(Map.of("application", "ledger", "group", "balances"));

        Map<String, String> rejected = Map.of("type", "CommitFunding", "outcome", "rejected");
        BigDecimal rejectedBefore = value("ledger_commands_seconds_count", rejected);
        assertThat(api.post(
                                "/api/arrangements/ctpn/commitments",
                                "{\"funder\":\"Paris\",\"fiscalYear\":\"2024-25\",\"amount\":\"1\",\"decisionRef\":\"M-2\"}")
                        .status())
                .isEqualTo(422);
        assertThat(value("ledger_commands_seconds_count", rejected))
                .isEqualByComparingTo(rejectedBefore.add(BigDecimal.ONE));
    }

    @Test
    void balanceGaugesAreTaggedOnlyByArrangementFunderYearAndField() throws Exception {
        awaitValue(
                "ledger_balance",
                Map.of("arrangement", "ctpn", "funder", "London", "fiscal_year", "2023-24", "field", "committed"),
                new BigDecimal("37875"));
        Map<Map<String, String>, BigDecimal> balances = scrape("ledger_balance");
        assertThat(balances).isNotEmpty();
        assertThat(balances.keySet())
                .allSatisfy(labels -> assertThat(labels.keySet())
                        .isEqualTo(Set.of("application", "arrangement", "funder", "fiscal_year", "field")));
        assertThat(balances.keySet())
                .extracting(labels -> labels.get("field"))
                .containsOnly(
                        "committed",
                        "received",
                        "outstanding",
                        "cost_share",
                        "position",
                        "budget_share",
                        "in_kind",
                        "brought_forward");
    }

    /**
     * An arrangement that is not watched ({@code ledger.metrics.watched} is ctpn by default) has no
     * series of its own: its figures count in the totals per currency and field, and the count of
     * arrangements grows by one. So the series stay bounded however many arrangements there are.
     */
    @Test
    void anArrangementNotWatchedCountsInTheTotalsOnly() throws Exception {
        Map<String, String> gbpCommitted = Map.of("currency", "GBP", "field", "committed");
        awaitValue(
                "ledger_balance",
                Map.of("arrangement", "ctpn", "funder", "London", "fiscal_year", "2023-24", "field", "committed"),
                new BigDecimal("37875"));
        BigDecimal arrangements = await().atMost(Duration.ofSeconds(10))
                .until(() -> value("ledger_arrangements", Map.of()), count -> count.signum() > 0);
        BigDecimal committedBefore = value("ledger_balance_overall", gbpCommitted);

        assertThat(api.post("/api/arrangements", """
                                {"arrangementId": "not-watched", "name": "Matrix fund", "host": "City A",
                                 "basis": "COST_RECOVERY", "currency": "GBP", "firstFiscalYear": "2024-25",
                                 "lastFiscalYear": "2025-26",
                                 "shares": [{"funder": "A", "percent": "60"}, {"funder": "B", "percent": "40"}],
                                 "annualBudget": "1000", "decisionRef": "D-1"}""").status()).isEqualTo(201);
        assertThat(api.post(
                                "/api/arrangements/not-watched/commitments",
                                "{\"funder\":\"A\",\"fiscalYear\":\"2024-25\",\"amount\":\"250.25\",\"decisionRef\":\"D-2\"}")
                        .status())
                .isEqualTo(201);

        assertThat(awaitValue("ledger_balance_overall", gbpCommitted, committedBefore.add(new BigDecimal("250.25"))))
                .isEqualByComparingTo(committedBefore.add(new BigDecimal("250.25")));
        assertThat(awaitValue("ledger_arrangements", Map.of(), arrangements.add(BigDecimal.ONE)))
                .isEqualByComparingTo(arrangements.add(BigDecimal.ONE));
        assertThat(scrape("ledger_balance").keySet())
                .isNotEmpty()
                .allSatisfy(labels -> assertThat(labels.get("arrangement")).isEqualTo("ctpn"));
        assertThat(scrape("ledger_balance_overall").keySet())
                .allSatisfy(
                        labels -> assertThat(labels.keySet()).isEqualTo(Set.of("application", "currency", "field")));
    }

    @Test
    void everyMetricTheGrafanaDashboardQueriesIsServed() throws Exception {
        assertThat(api.post(
                                "/api/arrangements/ctpn/commitments",
                                "{\"funder\":\"London\",\"contributor\":\"GLA\",\"fiscalYear\":\"2025-26\",\"amount\":\"1\",\"decisionRef\":\"G\"}")
                        .status())
                .isEqualTo(201);
        awaitValue(
                "ledger_balance",
                Map.of("arrangement", "ctpn", "funder", "London", "fiscal_year", "2023-24", "field", "committed"),
                new BigDecimal("37875"));
        String dashboard = Files.readString(Path.of("..", "docker", "grafana", "dashboards", "ledger.json"));
        JsonNode json = new ObjectMapper().readTree(dashboard);
        Set<String> queried = new TreeSet<>();
        for (JsonNode expr : json.findValues("expr")) {
            Matcher metric = Pattern.compile("\\b(ledger_[a-z_]+)").matcher(expr.asText());
            while (metric.find()) {
                queried.add(metric.group(1));
            }
        }
        assertThat(queried).hasSizeGreaterThanOrEqualTo(6);
        String scrape = api.as("viewer").get("/actuator/prometheus").body();
        assertThat(queried).allSatisfy(name -> assertThat(scrape).containsPattern("(?m)^" + name + "[{ ]"));
        String datasource =
                Files.readString(Path.of("..", "docker", "grafana", "provisioning", "datasources", "prometheus.yml"));
        assertThat(json.findValues("uid")).extracting(JsonNode::asText).contains("prometheus");
        assertThat(datasource).contains("uid: prometheus");
    }
}
