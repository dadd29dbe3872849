package org.publicfunds.ledger.security;

import static org.springframework.http.HttpMethod.GET;
import static org.springframework.http.HttpMethod.POST;

import jakarta.servlet.DispatcherType;
import java.nio.file.Path;
import java.util.List;
import org.publicfunds.ledger.system.ErrorCode;
import org.publicfunds.ledger.system.LedgerProperties;
import org.publicfunds.ledger.system.ProblemResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.config.ObjectPostProcessor;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.authentication.www.BasicAuthenticationFilter;
import org.springframework.security.web.header.HeaderWriterFilter;

/**
 * Who may do what (README, "Users and roles"). HTTP Basic on every request, no sessions; every
 * path not named here is refused. Health, the API description and the page's static assets are
 * public; everything that shows ledger data needs a role.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

    private static final Logger log = LoggerFactory.getLogger(SecurityConfiguration.class);
    private static final String FINANCE = Role.FINANCE.name();
    private static final String AUDITOR = Role.AUDITOR.name();
    private static final String VIEWER = Role.VIEWER.name();

    @Bean
    Accounts accounts(SecurityProperties properties, LedgerProperties ledger) {
        String dataDir = ledger.dataDir();
        List<SecurityProperties.User> users = properties.users();
        if (users.isEmpty()) {
            GeneratedCredentials.Outcome generated = GeneratedCredentials.loadOrCreate(Path.of(dataDir));
            users = generated.users();
            if (generated.created()) {
                log.warn(
                        "No users configured (ledger.security.users): created one user per role with a random password "
                                + "and wrote them to {}, readable by this account only. Passwords are never logged.",
                        generated.file().toAbsolutePath());
            } else {
                log.info(
                        "No users configured (ledger.security.users): using the generated users in {}",
                        generated.file().toAbsolutePath());
            }
        }
        Accounts accounts = new Accounts(users);
        log.info("users and roles: {}", accounts.describe(users));
        return accounts;
    }

    @Bean
    AuthenticationManager authenticationManager(Accounts accounts) {
        return new ProviderManager(accounts);
    }

    @Bean
    SecurityFilterChain ledgerSecurity(HttpSecurity http, AuthenticationManager authentication) throws Exception {
        AuthenticationEntryPoint unauthenticated = (request, response, e) -> {
            if (e instanceof LoginThrottled throttled) {
                response.setHeader("Retry-After", String.valueOf(throttled.retryAfterSeconds()));
                ProblemResponse.write(response, ErrorCode.TOO_MANY_ATTEMPTS, null, throttled.getMessage());
                return;
            }
            response.setHeader("WWW-Authenticate", "Basic realm=\"ledger\", charset=\"UTF-8\"");
            ProblemResponse.write(
                    response,
                    ErrorCode.UNAUTHENTICATED,
                    null,
                    "sign in with HTTP Basic as a user with a role that allows this request");
        };
        AccessDeniedHandler forbidden = (request, response, e) ->
                ProblemResponse.write(response, ErrorCode.FORBIDDEN, null, "your role does not allow this request");
        return http.authenticationManager(authentication)
                .csrf(AbstractHttpConfigurer::disable)
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .requestCache(cache -> cache.disable())
                // the page and Swagger UI load scripts from this origin only; ECharts and Swagger UI set inline styles
                .headers(headers -> headers.contentSecurityPolicy(csp -> csp.policyDirectives(
                                "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
                                        + "frame-ancestors 'none'; base-uri 'none'; form-action 'self'"))
                        // before the handler runs: a streamed answer (the history, exports) is written by another
                        // thread, and headers written on the way out would race with it on the same response
                        // (Tomcat's headers are not thread-safe: spring-security#15510, seen here as an NPE)
                        .addObjectPostProcessor(new ObjectPostProcessor<HeaderWriterFilter>() {
                            @Override
                            public <O extends HeaderWriterFilter> O postProcess(O filter) {
                                filter.setShouldWriteHeadersEagerly(true);
                                return filter;
                            }
                        }))
                .httpBasic(basic -> basic.authenticationEntryPoint(unauthenticated))
                .exceptionHandling(handling ->
                        handling.authenticationEntryPoint(unauthenticated).accessDeniedHandler(forbidden))
                .addFilterAfter(new CrossSiteRequestFilter(), BasicAuthenticationFilter.class)
                .authorizeHttpRequests(requests -> requests
                        // the request itself was authorised; its error page and async completion need no second check
                        .dispatcherTypeMatchers(DispatcherType.ERROR, DispatcherType.ASYNC)
                        .permitAll()
                        .requestMatchers(GET, "/actuator/health", "/actuator/health/**")
                        .permitAll()
                        .requestMatchers(GET, "/v3/api-docs", "/v3/api-docs/**", "/swagger-ui.html", "/swagger-ui/**")
                        .permitAll()
                        .requestMatchers(GET, "/assets/**", "/webjars/**", "/favicon.ico")
                        .permitAll()
                        .requestMatchers(GET, "/", "/index.html")
                        .hasAnyRole(VIEWER, FINANCE, AUDITOR)
                        .requestMatchers(
                                GET,
                                "/actuator/prometheus",
                                "/actuator/metrics",
                                "/actuator/metrics/**",
                                "/actuator/info")
                        .hasAnyRole(VIEWER, FINANCE, AUDITOR)
                        .requestMatchers(
                                GET,
                                "/api/me",
                                "/api/arrangements",
                                "/api/arrangements/*",
                                "/api/arrangements/*/balances",
                                "/api/arrangements/*/balances/stream")
                        .hasAnyRole(VIEWER, FINANCE, AUDITOR)
                        .requestMatchers(
                                GET,
                                "/api/arrangements/*/events",
                                "/api/arrangements/*/decisions",
                                "/api/arrangements/*/decisions/*",
                                "/api/arrangements/*/statements/*",
                                "/api/events",
                                "/api/audit/**",
                                "/api/admin/projections",
                                "/api/admin/projections/*")
                        .hasAnyRole(FINANCE, AUDITOR)
                        .requestMatchers(POST, "/api/admin/projections/*/rebuild", "/api/audit/checkpoints")
                        .hasRole(AUDITOR)
                        .requestMatchers(
                                POST,
                                "/api/arrangements",
                                "/api/arrangements/*/commitments",
                                "/api/arrangements/*/receipts",
                                "/api/arrangements/*/costs",
                                "/api/arrangements/*/reviews",
                                "/api/arrangements/*/reversals",
                                "/api/arrangements/*/decisions",
                                "/api/arrangements/*/pledges",
                                "/api/arrangements/*/pledges/*/confirm",
                                "/api/arrangements/*/pledges/*/withdraw",
                                "/api/arrangements/*/in-kind",
                                "/api/arrangements/*/imports",
                                "/api/arrangements/*/fiscal-years/*/close")
                        .hasRole(FINANCE)
                        .anyRequest()
                        .denyAll())
                .build();
    }
}
