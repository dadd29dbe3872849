package org.publicfunds.ledger.system;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The per-user limit on reads running at once, after sign-in (it counts per signed-in user). */
@Configuration(proxyBeanMethods = false)
class ReadLimitConfiguration {

    @Bean
    FilterRegistrationBean<ReadLimit> readLimit(LedgerProperties properties) {
        FilterRegistrationBean<ReadLimit> registration = new FilterRegistrationBean<>(
                new ReadLimit(properties.reads().perUser(), properties.reads().maxWait()));
        registration.addUrlPatterns("/api/*");
        return registration;
    }
}
