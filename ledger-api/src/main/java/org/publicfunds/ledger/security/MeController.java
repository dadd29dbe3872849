package org.publicfunds.ledger.security;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** Who is signed in and with which roles: what the page shows (forms for FINANCE, audit tools for AUDITOR). */
@Tag(name = "Users")
@RestController
class MeController {

    record Me(String name, List<String> roles) {}

    @Operation(summary = "The signed-in user and roles (any role)")
    @GetMapping(path = "/api/me", produces = "application/json")
    Me me(Authentication authentication) {
        return new Me(
                authentication.getName(),
                authentication.getAuthorities().stream()
                        .map(GrantedAuthority::getAuthority)
                        .map(authority -> authority.startsWith("ROLE_") ? authority.substring(5) : authority)
                        .sorted()
                        .toList());
    }
}
