package org.publicfunds.ledger.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.publicfunds.ledger.arrangement.Rule;

/** The README's table of error codes is the catalogue: every code of ErrorCode and Rule, each with its status, and nothing else. */
class ErrorCodesTest {

    private static final Pattern ROW = Pattern.compile("^\\| `([a-z-]+)` \\| (\\d{3}) \\|", Pattern.MULTILINE);

    @Test
    void theReadmeListsExactlyTheCodesTheServiceAnswers() throws IOException {
        String readme = Files.readString(Path.of("..", "README.md"));
        int start = readme.indexOf("#### Error codes");
        assertThat(start).as("the README has a section \"Error codes\"").isPositive();
        String section = readme.substring(start, readme.indexOf("\n\n", readme.indexOf("| code |", start)));
        Map<String, Integer> documented = new LinkedHashMap<>();
        Matcher row = ROW.matcher(section);
        while (row.find()) {
            Integer before = documented.put(row.group(1), Integer.parseInt(row.group(2)));
            assertThat(before).as("listed once: " + row.group(1)).isNull();
        }
        Map<String, Integer> answered = new LinkedHashMap<>();
        for (ErrorCode code : ErrorCode.values()) {
            answered.put(code.code(), code.status().value());
        }
        for (Rule rule : Rule.values()) {
            assertThat(answered.put(rule.code(), 422))
                    .as("a rule's code is not also an ErrorCode: " + rule.code())
                    .isNull();
        }
        assertThat(documented).containsExactlyInAnyOrderEntriesOf(answered);
    }
}
