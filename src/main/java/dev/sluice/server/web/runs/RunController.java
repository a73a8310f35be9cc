package dev.sluice.server.web.runs;

import dev.sluice.dataflow.Dataflow;
import dev.sluice.dataflow.EpochItem;
import dev.sluice.server.config.SluiceProperties;
import dev.sluice.server.runs.EpochMode;
import dev.sluice.server.runs.RunService;
import dev.sluice.server.web.RequestBodies;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import java.util.ArrayList;
import java.util.List;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.ObjectWriter;
import tools.jackson.databind.SequenceWriter;

/** {@code POST /flows/{name}/run}: a finite input through a flow, the captured output back. */
@RestController
@Tag(name = "runs", description = "Finite runs: input in the request, captured output in the response")
class RunController {

    static final String NDJSON = "application/x-ndjson";

    private final RunService runs;
    private final long maxRequestBytes;
    private final ObjectWriter pairWriter;
    private final ObjectWriter ndjsonWriter;

    RunController(RunService runs, SluiceProperties properties, ObjectMapper mapper) {
        this.runs = runs;
        this.maxRequestBytes = properties.run().maxRequestBytes().toBytes();
        this.pairWriter = mapper.writerFor(EpochItem.class);
        this.ndjsonWriter = pairWriter.withRootValueSeparator("\n");
    }

    @Operation(summary = "Run a flow over a finite input",
            description = "The body is `[[epoch, item], …]`, or with `?epochs=single` / `?epochs=ordered` a plain "
                    + "array of items. The input is ordered by epoch (stably), split round-robin over every "
                    + "worker of the cluster, and every captured `[epoch, item]` comes back. "
                    + "`Accept: application/x-ndjson` streams one pair per line.")
    @PostMapping(path = "/flows/{name}/run", consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = {MediaType.APPLICATION_JSON_VALUE, NDJSON})
    ResponseEntity<StreamingResponseBody> run(
            @PathVariable String name,
            @Parameter(description = "How the body gives epochs") @RequestParam(defaultValue = "given") EpochMode epochs,
            @Parameter(description = "Workers per process (default: sluice.workers-per-process)")
                    @RequestParam(required = false) Integer workers,
            HttpServletRequest request) {
        Dataflow<?, ?> flow = runs.prepare(name, workers);
        List<EpochItem<Object>> input = runs.readInput(flow, epochs, RequestBodies.limited(request, maxRequestBytes));
        List<EpochItem<Object>> output = new ArrayList<>();
        runs.run(name, flow, input, workers, output::add);
        boolean ndjson = wantsNdjson(request);
        StreamingResponseBody body = out -> {
            try (SequenceWriter pairs = ndjson ? ndjsonWriter.writeValues(out) : pairWriter.writeValuesAsArray(out)) {
                pairs.writeAll(output);
            }
            if (ndjson && !output.isEmpty()) {
                out.write('\n');
            }
        };
        return ResponseEntity.ok()
                .contentType(ndjson ? MediaType.parseMediaType(NDJSON) : MediaType.APPLICATION_JSON)
                .body(body);
    }

    private static boolean wantsNdjson(HttpServletRequest request) {
        String accept = request.getHeader("Accept");
        return accept != null && accept.contains(NDJSON)
                && !(accept.contains(MediaType.APPLICATION_JSON_VALUE)
                        && accept.indexOf(MediaType.APPLICATION_JSON_VALUE) < accept.indexOf(NDJSON));
    }
}
