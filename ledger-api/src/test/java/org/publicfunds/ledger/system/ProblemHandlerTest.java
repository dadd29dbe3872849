package org.publicfunds.ledger.system;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;

/** S7: what a library says when it refuses an argument stays in the log, never in a 4xx body. */
class ProblemHandlerTest {

    @Test
    void aLibrarysMessageNeverReachesTheAnswer() {
        ResponseEntity<ProblemDetail> answer = new ProblemHandler()
                .illegal(new IllegalArgumentException("Invalid UUID string: internal-detail-42 at com.example.Secret"));
        assertThat(answer.getStatusCode().value()).isEqualTo(400);
        assertThat(answer.getBody().getProperties()).containsEntry("code", "invalid-input");
        assertThat(answer.getBody().toString())
                .doesNotContain("internal-detail-42")
                .doesNotContain("Secret");
    }
}
