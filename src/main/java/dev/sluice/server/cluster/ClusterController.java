package dev.sluice.server.cluster;

import static dev.sluice.server.web.ApiError.NOT_ACCEPTABLE;
import static dev.sluice.server.web.ApiError.NO_CLUSTER;

import dev.sluice.server.web.ApiErrors;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /cluster}: the members and their process IDs, as this member sees them. */
@RestController
@Tag(name = "cluster", description = "The Hazelcast cluster this member belongs to")
class ClusterController {

    private final ClusterView cluster;

    ClusterController(ClusterView cluster) {
        this.cluster = cluster;
    }

    @Operation(
            operationId = "getCluster",
            summary = "Show the cluster",
            description = "Every member with its process ID (oldest member first, unless declared) and Hazelcast "
                    + "address; `self` marks the member that answered.")
    @ApiResponse(responseCode = "200", description = "The cluster")
    @ApiErrors({NOT_ACCEPTABLE, NO_CLUSTER})
    @GetMapping(path = "/cluster", produces = MediaType.APPLICATION_JSON_VALUE)
    ClusterView.Snapshot get() {
        return cluster.snapshot();
    }
}
