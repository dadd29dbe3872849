package org.publicfunds.ledger.balances;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import org.publicfunds.ledger.balance.BalanceProjection;
import org.publicfunds.ledger.system.ErrorCode;
import org.publicfunds.ledger.system.ProblemException;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** The read models, how far behind they are, and their rebuild. */
@Tag(name = "Projections")
@RestController
@RequestMapping("/api/admin/projections")
class ProjectionController {

    private final ProjectionProgress progress;
    private final BalanceRebuild rebuild;

    ProjectionController(ProjectionProgress progress, BalanceRebuild rebuild) {
        this.progress = progress;
        this.rebuild = rebuild;
    }

    @Operation(summary = "List the read models with their position, head and lag (FINANCE, AUDITOR)")
    @GetMapping
    List<ProjectionProgress.ProjectionResponse> list() {
        return List.of(balances());
    }

    @Operation(summary = "One read model and the state of its rebuild (FINANCE, AUDITOR)")
    @GetMapping("/{name}")
    ProjectionStatus get(@PathVariable String name) {
        if (!name.equals(BalanceProjection.PROCESSING_GROUP)) {
            throw unknown(name);
        }
        return new ProjectionStatus(balances(), rebuild.status());
    }

    /** A read model's progress, and the state of its rebuild. */
    record ProjectionStatus(ProjectionProgress.ProjectionResponse projection, BalanceRebuild.Status rebuild) {}

    @Operation(
            summary = "Rebuild a read model from the events (AUDITOR)",
            description =
                    "Replays into a fresh copy while queries use the live one, then switches in one step. 202 with "
                            + "the rebuild's state; 409 rebuild-running.")
    @PostMapping("/{name}/rebuild")
    @ApiResponse(responseCode = "202", description = "the rebuild started; its state")
    ResponseEntity<BalanceRebuild.Status> rebuild(@PathVariable String name) {
        if (!name.equals(BalanceProjection.PROCESSING_GROUP)) {
            throw unknown(name);
        }
        if (!rebuild.start()) {
            throw new ProblemException(ErrorCode.REBUILD_RUNNING, null, "a rebuild of " + name + " is already running");
        }
        return ResponseEntity.accepted().body(rebuild.status());
    }

    private ProjectionProgress.ProjectionResponse balances() {
        return progress.balances();
    }

    private static ProblemException unknown(String name) {
        return new ProblemException(ErrorCode.PROJECTION_NOT_FOUND, null, "there is no projection " + name);
    }
}
