package org.publicfunds.ledger.commands;

import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;

record DecisionRequest(
        @Schema(
                example = "ADD2634",
                maxLength = 100,
                description = "unique in the arrangement; registering it again with the same body answers the "
                        + "first registration",
                requiredMode = Schema.RequiredMode.REQUIRED)
        String decisionRef,

        @Schema(
                example = "Continuation of Counter-Terrorism Preparedness Network (CTPN)",
                maxLength = 200,
                requiredMode = Schema.RequiredMode.REQUIRED)
        String title,

        @Schema(nullable = true, example = "Assistant Director", maxLength = 200)
        String decisionType,

        @Schema(example = "2023-10-02", requiredMode = Schema.RequiredMode.REQUIRED)
        String signedOn,

        @Schema(
                description = "what the decision authorises, per funder (and contributor) and year; may be empty",
                requiredMode = Schema.RequiredMode.REQUIRED)
        List<AuthorisationRequest> authorisations) {

    record AuthorisationRequest(
            @Schema(example = "London", requiredMode = Schema.RequiredMode.REQUIRED)
            String funder,

            @Schema(
                    nullable = true,
                    example = "GLA",
                    description = "absent: the authorisation covers every contributor of the funder")
            String contributor,

            @Schema(example = "2023-24", requiredMode = Schema.RequiredMode.REQUIRED)
            String fiscalYear,

            @Schema(example = "18938.00", requiredMode = Schema.RequiredMode.REQUIRED)
            String amount) {}
}
