package org.publicfunds.ledger.arrangement;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.StringLength;

/**
 * Text the ledger accepts reads back as the same string after any UTF-8 round trip (what the
 * store and the hash do), is in normal form C, and hides nothing; everything else is refused
 * with a reason.
 */
class TextProperties {

    @Property(tries = 5_000)
    void acceptedTextSurvivesAUtf8RoundTripUnchanged(@ForAll @StringLength(min = 1, max = 40) String anything) {
        if (Text.problem(anything, 100) == null) {
            assertThat(new String(anything.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8))
                    .isEqualTo(anything);
            assertThat(Normalizer.isNormalized(anything, Normalizer.Form.NFC)).isTrue();
            assertThat(anything.codePoints().map(Character::getType))
                    .doesNotContain((int) Character.CONTROL, (int) Character.FORMAT, (int) Character.SURROGATE);
        }
    }

    @Example
    void lettersOfEveryScriptAccentsAndEmojiAreText() {
        for (String fine : new String[] {
            "Stockholm", "Zürich", "Genève € 1 000", "東京都", "Ελλάδα", "💶 fund", "O'Brien & Co. (2023-24)"
        }) {
            assertThat(Text.problem(fine, 100)).as(fine).isNull();
        }
    }

    @Example
    void whatWouldHideOrBreakIsRefusedWithAReason() {
        assertThat(Text.problem("X\ud800Y", 100)).contains("lone surrogate at character 2");
        assertThat(Text.problem("\udc00", 100)).contains("lone surrogate");
        assertThat(Text.problem("pay\u202Eeman", 100)).contains("bidirectional");
        assertThat(Text.problem("zero\u200Bwidth", 100)).contains("zero-width");
        assertThat(Text.problem("bell\u0007", 100)).contains("control");
        assertThat(Text.problem("two\nlines", 100)).contains("control");
        assertThat(Text.problem("line\u2028sep", 100)).contains("line separators");
        assertThat(Text.problem("private\uE000", 100)).contains("does not assign");
        assertThat(Text.problem("cafe\u0301", 100)).contains("normal form C");
        assertThat(Text.problem(" padded", 100)).contains("spaces");
        assertThat(Text.problem("", 100)).isEqualTo("is required");
        assertThat(Text.problem("x".repeat(101), 100)).contains("longer than 100");
        assertThat(Text.problem("x".repeat(100), 100)).isNull();
    }
}
