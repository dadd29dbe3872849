package org.publicfunds.ledger.eventstore;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.jsontype.BasicPolymorphicTypeValidator;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.messaging.MetaData;
import org.axonframework.serialization.SerializedType;
import org.axonframework.serialization.UnknownSerializedType;
import org.axonframework.serialization.json.JacksonSerializer;
import org.publicfunds.ledger.arrangement.ArrangementEvent;

/**
 * The classes a type name read from the database may name (trust review 2, S2): a stored event's
 * {@code payloadType}, a token's {@code tokenType}, a token inside a token. Only the ledger's
 * events, Axon's tracking tokens and its metadata; any other name is unknown to the serializer
 * (Axon's {@code UnknownSerializedType}) or refused by Jackson, so no class that a writer of the
 * database names is ever instantiated, nor even loaded.
 */
final class StoredTypes {

    private static final String EVENTS = ArrangementEvent.class.getPackageName() + ".";
    private static final String TOKENS = TrackingToken.class.getPackageName() + ".";

    private StoredTypes() {}

    /** Whether a stored name may be resolved at all: by its name alone, before any class is loaded. */
    static boolean mayName(String name) {
        return name.equals(MetaData.class.getName()) || name.startsWith(EVENTS) || name.startsWith(TOKENS);
    }

    /** Whether a resolved class is one the ledger stores. */
    static boolean stored(Class<?> type) {
        return type == MetaData.class
                || ArrangementEvent.class.isAssignableFrom(type)
                || TrackingToken.class.isAssignableFrom(type);
    }

    /** Jackson's own polymorphic names (a token inside a token) pass the same test, by name. */
    static ObjectMapper restrict(ObjectMapper mapper) {
        mapper.setPolymorphicTypeValidator(BasicPolymorphicTypeValidator.builder()
                .allowIfSubType(TOKENS)
                .allowIfSubType(EVENTS)
                .build());
        return mapper;
    }

    /** Axon's serializer, resolving stored type names only to the classes the ledger stores. */
    static final class Serializer extends JacksonSerializer {

        Serializer(Builder builder) {
            super(builder);
        }

        @Override
        @SuppressWarnings("rawtypes")
        public Class classForType(SerializedType type) {
            if (!mayName(type.getName())) {
                return UnknownSerializedType.class;
            }
            Class<?> resolved = super.classForType(type);
            return resolved == Void.class || resolved == UnknownSerializedType.class || stored(resolved)
                    ? resolved
                    : UnknownSerializedType.class;
        }
    }
}
