package org.publicfunds.ledger.system;

import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.type.LogicalType;
import org.springframework.boot.autoconfigure.jackson.Jackson2ObjectMapperBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Amounts, percentages, dates and names are JSON strings in the contract: a number or a boolean
 * where a string belongs is a 400 {@code wrong-type}, not silently turned into text.
 */
@Configuration(proxyBeanMethods = false)
class JsonStrictness {

    @Bean
    Jackson2ObjectMapperBuilderCustomizer stringsAreStrings() {
        return builder -> builder.postConfigurer(mapper -> mapper.coercionConfigFor(LogicalType.Textual)
                .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail));
    }
}
