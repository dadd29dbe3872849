package org.publicfunds.ledger.eventstore;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.function.Function;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.json.JacksonSerializer;
import org.publicfunds.ledger.arrangement.ArrangementId;
import org.publicfunds.ledger.arrangement.Contributor;
import org.publicfunds.ledger.arrangement.DecisionRef;
import org.publicfunds.ledger.arrangement.EntryId;
import org.publicfunds.ledger.arrangement.Funder;
import org.publicfunds.ledger.arrangement.Share;
import org.publicfunds.ledger.arrangement.Shares;
import org.publicfunds.ledger.fiscal.FiscalYear;
import org.publicfunds.ledger.money.Money;
import org.publicfunds.ledger.money.Percent;

/**
 * How domain values look in stored events: identifiers and names as strings, fiscal years as
 * labels ({@code "2023-24"}), percentages and amounts as exact decimal strings, shares as a
 * list. The domain module stays free of Jackson annotations.
 */
public final class LedgerJackson {

    private LedgerJackson() {}

    /**
     * The mapper of stored events and tokens. A class named by text read from the database (a
     * token inside a token) must pass {@link StoredTypes}: only the ledger's events and Axon's
     * tokens are ever instantiated.
     */
    public static ObjectMapper objectMapper() {
        ObjectMapper mapper = new ObjectMapper()
                .registerModule(new JavaTimeModule())
                .registerModule(module())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        return StoredTypes.restrict(mapper);
    }

    /** The serializer of stored events and messages: the service's, and an auditor's reading an export offline. */
    public static Serializer serializer() {
        JacksonSerializer.Builder builder = JacksonSerializer.builder().objectMapper(objectMapper());
        // the builder checks its settings as it builds; the serializer resolves stored names through StoredTypes
        builder.build();
        return new StoredTypes.Serializer(builder);
    }

    public static SimpleModule module() {
        SimpleModule module = new SimpleModule("ledger");
        asString(module, ArrangementId.class, ArrangementId::value, ArrangementId::new);
        asString(module, EntryId.class, EntryId::value, EntryId::new);
        asString(module, Funder.class, Funder::value, Funder::new);
        asString(module, Contributor.class, Contributor::value, Contributor::new);
        asString(module, DecisionRef.class, DecisionRef::value, DecisionRef::new);
        asString(module, FiscalYear.class, FiscalYear::label, FiscalYear::parse);
        asString(module, Percent.class, Percent::toPlainString, Percent::parse);
        // a rate is stored as the decimal text it was given: a number in a stored document would be a double
        asString(module, BigDecimal.class, BigDecimal::toPlainString, BigDecimal::new);
        module.addSerializer(Money.class, new StdSerializer<>(Money.class) {
            @Override
            public void serialize(Money value, JsonGenerator gen, SerializerProvider provider) throws IOException {
                gen.writeStartObject();
                gen.writeStringField("amount", value.toPlainString());
                gen.writeStringField("currency", value.currency().getCurrencyCode());
                gen.writeEndObject();
            }
        });
        module.addDeserializer(Money.class, new StdDeserializer<>(Money.class) {
            @Override
            public Money deserialize(JsonParser parser, DeserializationContext context) throws IOException {
                JsonNode node = parser.readValueAsTree();
                Currency currency = Currency.getInstance(node.get("currency").asText());
                String amount = node.get("amount").asText();
                Money absolute = Money.parse(amount.startsWith("-") ? amount.substring(1) : amount, currency);
                return amount.startsWith("-") ? absolute.negate() : absolute;
            }
        });
        module.addSerializer(Shares.class, new StdSerializer<>(Shares.class) {
            @Override
            public void serialize(Shares value, JsonGenerator gen, SerializerProvider provider) throws IOException {
                gen.writeStartArray();
                for (Share share : value.shares()) {
                    gen.writeStartObject();
                    gen.writeStringField("funder", share.funder().value());
                    gen.writeStringField("percent", share.percent().toPlainString());
                    gen.writeEndObject();
                }
                gen.writeEndArray();
            }
        });
        module.addDeserializer(Shares.class, new StdDeserializer<>(Shares.class) {
            @Override
            public Shares deserialize(JsonParser parser, DeserializationContext context) throws IOException {
                JsonNode node = parser.readValueAsTree();
                List<Share> shares = new ArrayList<>();
                for (JsonNode share : node) {
                    shares.add(new Share(
                            new Funder(share.get("funder").asText()),
                            Percent.parse(share.get("percent").asText())));
                }
                return new Shares(shares);
            }
        });
        return module;
    }

    private static <T> void asString(
            SimpleModule module, Class<T> type, Function<T, String> write, Function<String, T> read) {
        module.addSerializer(type, new StdSerializer<>(type) {
            @Override
            public void serialize(T value, JsonGenerator gen, SerializerProvider provider) throws IOException {
                gen.writeString(write.apply(value));
            }
        });
        module.addDeserializer(type, new StdDeserializer<>(type) {
            @Override
            public T deserialize(JsonParser parser, DeserializationContext context) throws IOException {
                return read.apply(parser.getValueAsString());
            }
        });
    }
}
