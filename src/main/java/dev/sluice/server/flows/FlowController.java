package dev.sluice.server.flows;

import static dev.sluice.server.flows.FlowError.INVALID_GRAPH_REQUEST;
import static dev.sluice.server.web.ApiError.NOT_ACCEPTABLE;
import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;

import dev.sluice.dataflow.Dataflow;
import dev.sluice.dataflow.Step;
import dev.sluice.server.web.ApiDocs;
import dev.sluice.server.web.ApiErrors;
import dev.sluice.server.web.FlowName;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.ArrayList;
import java.util.List;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /flows}, {@code GET /flows/{name}}: the registered flows. */
@RestController
@Tag(name = "flows", description = "The dataflows this service runs: Spring beans of type Dataflow")
class FlowController {

    private final FlowRegistry flows;

    FlowController(FlowRegistry flows) {
        this.flows = flows;
    }

    @Operation(
            operationId = "listFlows",
            summary = "List the flows",
            description = "Every registered flow with its input type and steps.")
    @ApiErrors(NOT_ACCEPTABLE)
    @GetMapping(path = "/flows", produces = MediaType.APPLICATION_JSON_VALUE)
    List<FlowView> list() {
        return flows.all().entrySet().stream()
                .map(e -> FlowView.of(e.getKey(), e.getValue()))
                .toList();
    }

    @Operation(operationId = "getFlow", summary = "Describe one flow")
    @ApiResponse(responseCode = "200", description = "The flow")
    @GetMapping(path = "/flows/{name}", produces = MediaType.APPLICATION_JSON_VALUE)
    FlowView get(@FlowName @PathVariable String name) {
        return FlowView.of(name, flows.get(name));
    }

    @Operation(
            operationId = "getFlowGraph",
            summary = "Show a flow's graph",
            description = "The flow's logical steps (index, operator, keyed, whether items are exchanged by key "
                    + "before it) and the Jet plan they compile to: vertices with the steps each fuses, edges with "
                    + "their routing (`partitioned` by the key's Exhash, `local`, `broadcast`). With "
                    + "`?format=mermaid` the same as Mermaid `flowchart` source, as `text/plain`.")
    @ApiResponse(
            responseCode = "200",
            description = "The graph",
            content = {
                @Content(
                        mediaType = ApiDocs.JSON,
                        schema = @Schema(implementation = FlowGraph.class),
                        examples =
                                @ExampleObject(
                                        name = "wordcount",
                                        description = "`GET /flows/wordcount/graph`",
                                        value = GraphExamples.WORDCOUNT_JSON)),
                @Content(
                        mediaType = "text/plain",
                        schema = @Schema(type = "string", description = "Mermaid `flowchart` source"),
                        examples =
                                @ExampleObject(
                                        name = "wordcount",
                                        description = "`GET /flows/wordcount/graph?format=mermaid`",
                                        value = GraphExamples.WORDCOUNT_MERMAID))
            })
    @FlowErrors(INVALID_GRAPH_REQUEST)
    @GetMapping(
            path = "/flows/{name}/graph",
            produces = {ApiDocs.JSON, "text/plain"})
    ResponseEntity<?> graph(
            @FlowName @PathVariable String name,
            @Parameter(
                            description = "`json` (the default) or `mermaid` (Mermaid flowchart source, as text/plain)",
                            schema = @Schema(allowableValues = {"json", "mermaid"}))
                    @RequestParam(defaultValue = "json")
                    String format) {
        FlowGraph graph = FlowGraph.of(name, flows.get(name));
        return switch (format) {
            case "json" ->
                ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(graph);
            case "mermaid" ->
                ResponseEntity.ok().contentType(MediaType.TEXT_PLAIN).body(graph.mermaid());
            default ->
                throw new InvalidGraphRequestException(
                        "format must be \"json\" or \"mermaid\", got \"" + format + "\"");
        };
    }

    /**
     * A flow as clients see it.
     *
     * @param name the bean name, used in paths
     * @param inputType the declared input item type
     * @param steps the steps in order
     */
    @Schema(description = "A flow the service runs")
    record FlowView(
            @Schema(
                    description = "Its name (the bean name), as in paths",
                    example = "wordcount",
                    requiredMode = REQUIRED)
            String name,

            @Schema(
                    description = "The Java type of its input items, which a body's items convert to",
                    example = "String",
                    requiredMode = REQUIRED)
            String inputType,

            @Schema(description = "Its steps in order", requiredMode = REQUIRED)
            List<StepView> steps) {

        static FlowView of(String name, Dataflow<?, ?> flow) {
            List<StepView> steps = new ArrayList<>();
            for (int i = 0; i < flow.steps().size(); i++) {
                Step step = flow.steps().get(i);
                steps.add(new StepView(i, step.operator(), step.keyed()));
            }
            return new FlowView(name, flow.inputType().toString(), steps);
        }
    }

    /**
     * One step.
     *
     * @param index its position, as named in errors
     * @param operator the seed's operator name
     * @param keyed whether it keeps state per key
     */
    @Schema(description = "One step of a flow")
    record StepView(
            @Schema(description = "Its position in the flow, as errors name it", example = "0", requiredMode = REQUIRED)
            int index,

            @Schema(
                    description = "The seed's operator name (`map`, `flat_map`, `reduce_epoch`, …)",
                    example = "reduce_epoch",
                    requiredMode = REQUIRED)
            String operator,

            @Schema(
                    description = "Whether it keeps state per key (and exchanges items by key)",
                    requiredMode = REQUIRED)
            boolean keyed) {}
}
