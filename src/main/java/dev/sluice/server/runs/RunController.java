package dev.sluice.server.runs;

import static dev.sluice.server.web.InputExample.ANOMALY_PAIRS;
import static dev.sluice.server.web.InputExample.SEARCH_SESSION_PAIRS;
import static dev.sluice.server.web.InputExample.WORDCOUNT_ITEMS;
import static dev.sluice.server.web.InputExample.WORDCOUNT_PAIRS;

import dev.sluice.dataflow.Dataflow;
import dev.sluice.dataflow.EpochItem;
import dev.sluice.execution.metrics.StepCount;
import dev.sluice.server.config.SluiceProperties;
import dev.sluice.server.web.ApiDocs;
import dev.sluice.server.web.FlowName;
import dev.sluice.server.web.InputBody;
import dev.sluice.server.web.Negotiation;
import dev.sluice.server.web.RequestBodies;
import io.micrometer.core.instrument.MeterRegistry;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.beans.PropertyEditorSupport;
import java.util.ArrayList;
import java.util.List;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.WebDataBinder;
import org.springframework.web.bind.annotation.InitBinder;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.ObjectWriter;
import tools.jackson.databind.SequenceWriter;

/** {@code POST /flows/{name}/run}: a finite input through a flow, the captured output back. */
@RestController
@Tag(name = "runs", description = "Finite runs: input in the request, captured output in the response")
class RunController {

    /** The response header that answers {@code ?stats=true}. */
    static final String STEPS_HEADER = "Sluice-Steps";

    // what both run operations document alike
    private static final String WORKERS_DESCRIPTION = "Workers per process (default: sluice.workers-per-process)";
    private static final String STATS_DESCRIPTION = "With `true`, the response header `" + STEPS_HEADER
            + "` holds what each step of this run did, added up over every worker: a JSON array of `{index, "
            + "operator, itemsIn, itemsOut}` in step order (the run is then answered once it has ended, NDJSON too)";

    private final RunService runs;
    private final RunTimer timer;
    private final long maxRequestBytes;
    private final ObjectWriter pairWriter;
    private final ObjectWriter ndjsonWriter;
    private final ObjectWriter stepsWriter;
    private final ObjectWriter problemWriter;

    RunController(
            RunService runs, SluiceProperties properties, ObjectMapper mapper, ObjectProvider<MeterRegistry> meters) {
        this.runs = runs;
        this.timer = new RunTimer(meters.getIfAvailable());
        this.stepsWriter = mapper.writerFor(new TypeReference<List<StepCounts>>() {});
        this.maxRequestBytes = properties.run().maxRequestBytes().toBytes();
        this.pairWriter = mapper.writerFor(EpochItem.class);
        this.ndjsonWriter = pairWriter.withRootValueSeparator("\n");
        this.problemWriter = mapper.writer();
    }

    /** {@code ?epochs=} by its exact name: Spring's enum conversion trims (so {@code given%20}, {@code %00}). */
    @InitBinder
    void exactEpochMode(WebDataBinder binder) {
        binder.registerCustomEditor(EpochMode.class, new PropertyEditorSupport() {
            @Override
            public void setAsText(String text) {
                setValue(EpochMode.valueOf(text)); // IllegalArgumentException: a 400 naming the values
            }
        });
    }

    @Operation(
            operationId = "runFlow",
            summary = "Run a flow over a finite input",
            description = "The body is `[[epoch, item], …]`. The input is ordered by epoch (stably), split round-robin "
                    + "over every worker of the cluster, and every captured `[epoch, item]` comes back once the run "
                    + "has ended. `Accept: application/x-ndjson` gives one pair per line, written while the run "
                    + "goes on (without `?stats=true`): a failure before the first line is answered as with JSON, "
                    + "one after it ends the `200` stream with the problem as its last line (an object, where "
                    + "pairs are arrays). For a plain array of items see `runFlowItems` (the older "
                    + "`?epochs=single|ordered` on this path still works the same).")
    @InputBody(
            value = {WORDCOUNT_PAIRS, ANOMALY_PAIRS, SEARCH_SESSION_PAIRS},
            sentTo = "`POST /flows/{flow}/run`")
    @RunOperation(path = "/flows/{name}/run", of = WORDCOUNT_PAIRS, output = ApiDocs.WORDCOUNT_OUTPUT)
    ResponseEntity<StreamingResponseBody> run(
            @FlowName @PathVariable String name,
            @Parameter(hidden = true) @RequestParam(defaultValue = "given") EpochMode epochs,
            @Parameter(description = WORKERS_DESCRIPTION) @RequestParam(required = false) Integer workers,
            @Parameter(description = STATS_DESCRIPTION) @RequestParam(defaultValue = "false") boolean stats,
            HttpServletRequest request,
            HttpServletResponse response) {
        return answer(name, epochs, workers, stats, request, response);
    }

    @Operation(
            operationId = "runFlowItems",
            summary = "Run a flow over a finite input of plain items",
            description = "The body is `[item, …]`, all in epoch 0 (`?epochs=single`, the default) or item i in "
                    + "epoch i (`?epochs=ordered`); otherwise as `runFlow`.")
    @InputBody(value = WORDCOUNT_ITEMS, sentTo = "`POST /flows/{flow}/run/items`")
    @RunOperation(path = "/flows/{name}/run/items", of = WORDCOUNT_ITEMS, output = ApiDocs.WORDCOUNT_ITEMS_OUTPUT)
    ResponseEntity<StreamingResponseBody> runItems(
            @FlowName @PathVariable String name,
            @Parameter(
                            description =
                                    "The items' epochs: `single` puts all in epoch 0, `ordered` item i in epoch i",
                            schema =
                                    @Schema(
                                            type = "string",
                                            allowableValues = {"single", "ordered"},
                                            defaultValue = "single"))
                    @RequestParam(defaultValue = "single")
                    EpochMode epochs,
            @Parameter(description = WORKERS_DESCRIPTION) @RequestParam(required = false) Integer workers,
            @Parameter(description = STATS_DESCRIPTION) @RequestParam(defaultValue = "false") boolean stats,
            HttpServletRequest request,
            HttpServletResponse response) {
        if (epochs == EpochMode.given) {
            throw new RunRequestException("epochs must be single or ordered for plain items, got given; "
                    + "[[epoch, item], …] pairs go to POST /flows/" + name + "/run");
        }
        return answer(name, epochs, workers, stats, request, response);
    }

    private ResponseEntity<StreamingResponseBody> answer(
            String name,
            EpochMode epochs,
            Integer workers,
            boolean stats,
            HttpServletRequest request,
            HttpServletResponse response) {
        Dataflow<?, ?> flow = runs.prepare(name, workers);
        MediaType chosen = Negotiation.chosen(request);
        if (chosen.isCompatibleWith(ApiDocs.NDJSON_TYPE) && !stats) {
            return streamed(name, flow, epochs, workers, chosen, request, response);
        }
        List<EpochItem<Object>> output = new ArrayList<>();
        List<StepCount> counts = timer.time(name, () -> {
            List<EpochItem<Object>> input =
                    runs.readInput(flow, epochs, RequestBodies.limited(request, maxRequestBytes));
            return runs.run(name, flow, input, workers, output::add, stats);
        });
        MediaType answer = chosen;
        boolean ndjson = answer.isCompatibleWith(ApiDocs.NDJSON_TYPE);
        StreamingResponseBody body = out -> {
            try (SequenceWriter pairs = ndjson ? ndjsonWriter.writeValues(out) : pairWriter.writeValuesAsArray(out)) {
                pairs.writeAll(output);
            }
            if (ndjson && !output.isEmpty()) {
                out.write('\n');
            }
        };
        ResponseEntity.BodyBuilder ok = ResponseEntity.ok().contentType(answer);
        if (stats) {
            ok.header(STEPS_HEADER, stepsWriter.writeValueAsString(StepCounts.of(counts)));
        }
        return ok.body(body);
    }

    /**
     * An NDJSON answer written while the run goes on ({@link RunStream}): the body is read here, the run
     * runs as the answer is written. With {@code ?stats=true} a run is answered whole instead, since its
     * figures go in a header.
     */
    private ResponseEntity<StreamingResponseBody> streamed(
            String name,
            Dataflow<?, ?> flow,
            EpochMode epochs,
            Integer workers,
            MediaType chosen,
            HttpServletRequest request,
            HttpServletResponse response) {
        long start = System.nanoTime();
        List<EpochItem<Object>> input = timer.timeFailure(
                name, start, () -> runs.readInput(flow, epochs, RequestBodies.limited(request, maxRequestBytes)));
        String path = request.getRequestURI();
        StreamingResponseBody body = out -> {
            RunStream stream = new RunStream(out, response::flushBuffer, ndjsonWriter, problemWriter);
            try {
                timer.time(name, start, () -> {
                    runs.stream(name, flow, input, workers, stream::write);
                    return null;
                });
            } catch (RuntimeException e) {
                stream.fail(e, path);
            }
        };
        return ResponseEntity.ok().contentType(chosen).body(body);
    }

    /**
     * One step's figures in the {@value #STEPS_HEADER} header.
     *
     * @param index its position in the flow
     * @param operator the seed's operator name
     * @param itemsIn items that came into it
     * @param itemsOut items it emitted to the next step
     */
    record StepCounts(int index, String operator, long itemsIn, long itemsOut) {
        static List<StepCounts> of(List<StepCount> counts) {
            return counts.stream()
                    .map(c -> new StepCounts(c.index(), c.operator(), c.itemsIn(), c.itemsOut()))
                    .toList();
        }
    }
}
