package org.publicfunds.ledger.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.reflect.Parameter;
import java.lang.reflect.RecordComponent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The README's configuration table is the settings record: every {@code ledger.*} setting of
 * {@link LedgerProperties} is listed with the default the code gives it, and no row names a setting
 * the service does not read.
 */
class ConfigurationTableTest {

    private static final Pattern ROW =
            Pattern.compile("^\\| `(ledger\\.[a-z.\\[\\]-]+)`[^|]*\\| ([^|]*) \\|", Pattern.MULTILINE);

    @Test
    void theReadmeListsEverySettingWithItsDefault() throws IOException {
        String readme = Files.readString(Path.of("..", "README.md"));
        int start = readme.indexOf("\n## Configuration");
        assertThat(start).as("the README has a section \"Configuration\"").isPositive();
        String section = readme.substring(start, readme.indexOf("\n#", start + 1));
        Map<String, String> documented = new LinkedHashMap<>();
        Matcher row = ROW.matcher(section);
        while (row.find()) {
            assertThat(documented.put(row.group(1), row.group(2).trim()))
                    .as("listed once: " + row.group(1))
                    .isNull();
        }
        Map<String, String> read = new LinkedHashMap<>();
        settings("ledger", LedgerProperties.class, read);

        for (Map.Entry<String, String> setting : read.entrySet()) {
            assertThat(documented).as("the README lists " + setting.getKey()).containsKey(setting.getKey());
            if (!setting.getValue().isEmpty()) {
                // a fixed default is shown as written in the code; a computed one ("" in the code) is described in
                // words
                assertThat(documented.get(setting.getKey()))
                        .as("the default of " + setting.getKey())
                        .startsWith("`" + setting.getValue() + "`");
            }
        }
        for (String name : documented.keySet()) {
            if (!name.startsWith("ledger.security.")) { // the users: SecurityProperties, a list of records
                assertThat(read).as("the service reads " + name).containsKey(name);
            }
        }
        assertThat(documented).containsKey("ledger.security.users[i].name");
    }

    /** The leaves of a settings record: their names as written in a properties file, and their defaults. */
    private static void settings(String prefix, Class<?> type, Map<String, String> into) {
        RecordComponent[] components = type.getRecordComponents();
        Parameter[] parameters;
        try {
            // @DefaultValue sits on the canonical constructor's parameters, where the binder reads it
            parameters = type.getDeclaredConstructor(Arrays.stream(components)
                            .map(RecordComponent::getType)
                            .toArray(Class<?>[]::new))
                    .getParameters();
        } catch (NoSuchMethodException e) {
            throw new AssertionError(e);
        }
        for (int i = 0; i < components.length; i++) {
            String name = prefix + "."
                    + components[i].getName().replaceAll("([A-Z])", "-$1").toLowerCase();
            if (components[i].getType().isRecord()) {
                settings(name, components[i].getType(), into);
            } else {
                DefaultValue fallback = parameters[i].getAnnotation(DefaultValue.class);
                into.put(name, fallback == null ? "" : String.join(",", fallback.value()));
            }
        }
    }
}
