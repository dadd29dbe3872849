package org.publicfunds.ledger.balances;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.publicfunds.ledger.testing.Api;
import org.publicfunds.ledger.testing.HttpTest;
import org.springframework.boot.test.context.SpringBootTest;

/** The arrangements listed a page at a time, as a client with thousands of them walks or searches the list. */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"ledger.embedded.in-memory=true", "ledger.reference-data=true"})
class ArrangementListHttpTest extends HttpTest {

    private static final Pattern NEXT = Pattern.compile("^<([^>]+)>; rel=\"next\"$");

    private static String opening(String id, String name) {
        return """
                {"arrangementId": "%s", "name": "%s", "host": "City A", "basis": "COST_RECOVERY",
                 "currency": "GBP", "firstFiscalYear": "2024-25", "lastFiscalYear": "2025-26",
                 "shares": [{"funder": "A", "percent": "60"}, {"funder": "B", "percent": "40"}],
                 "annualBudget": "1000", "decisionRef": "D-1"}""".formatted(id, name);
    }

    private static List<String> ids(Api.Response response) {
        List<String> ids = new ArrayList<>();
        for (JsonNode arrangement : response.json()) {
            ids.add(arrangement.get("arrangementId").asText());
        }
        return ids;
    }

    @Test
    void pagesFollowTheNextLinkToTheEndAndASearchMatchesIdOrNameIgnoringCase() {
        for (String id : List.of("lib-3", "lib-1", "art-2", "lib-2", "art-1")) {
            String name = id.startsWith("lib") ? "Library fund " + id : "Arts Council " + id;
            assertThat(api.post("/api/arrangements", opening(id, name)).status())
                    .isEqualTo(201);
        }

        // walked two at a time, by the Link each page gives: every arrangement once, in id order
        List<String> walked = new ArrayList<>();
        String next = "/api/arrangements?limit=2";
        int pages = 0;
        while (next != null) {
            Api.Response page = api.as("viewer").get(next);
            assertThat(page.status()).isEqualTo(200);
            assertThat(ids(page)).hasSizeLessThanOrEqualTo(2);
            walked.addAll(ids(page));
            String link = page.header("Link");
            next = null;
            if (link != null) {
                Matcher matched = NEXT.matcher(link);
                assertThat(matched.matches()).as(link).isTrue();
                next = matched.group(1);
            }
            pages++;
        }
        // (other tests of this context add arrangements of their own)
        Api.Response whole = api.as("viewer").get("/api/arrangements?limit=1000");
        assertThat(whole.header("Link")).isNull();
        assertThat(walked).isEqualTo(ids(whole)).doesNotHaveDuplicates().isSorted();
        assertThat(walked).containsSubsequence("art-1", "art-2", "ctpn", "lib-1", "lib-2", "lib-3");
        assertThat(pages).isEqualTo((walked.size() + 1) / 2 + (walked.size() % 2 == 0 ? 1 : 0));

        // without a limit, a page of at most a hundred
        assertThat(ids(api.as("viewer").get("/api/arrangements"))).hasSizeLessThanOrEqualTo(100);

        // a search by a part of the name, any case, and by a part of the id; the next link keeps it
        Api.Response arts = api.as("viewer").get("/api/arrangements?q=ARTS%20council&limit=1");
        assertThat(ids(arts)).containsExactly("art-1");
        assertThat(arts.header("Link")).contains("q=ARTS%20council").contains("after=art-1");
        assertThat(ids(api.as("viewer").get("/api/arrangements?q=ARTS%20council&after=art-1")))
                .containsExactly("art-2");
        assertThat(ids(api.as("viewer").get("/api/arrangements?q=lib-2"))).containsExactly("lib-2");
        assertThat(ids(api.as("viewer").get("/api/arrangements?q=ib-"))).containsExactly("lib-1", "lib-2", "lib-3");
        assertThat(ids(api.as("viewer").get("/api/arrangements?q=.*"))).isEmpty();

        Api.Response bad = api.as("viewer").get("/api/arrangements?limit=many");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.json().get("field").asText()).isEqualTo("limit");
    }
}
