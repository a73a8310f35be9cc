package dev.sluice.examples;

import dev.sluice.dataflow.Dataflow;
import dev.sluice.dataflow.KeyValue;
import dev.sluice.dataflow.fn.InputBuilderFn;
import dev.sluice.dataflow.fn.OutputBuilderFn;
import java.nio.file.Path;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The example flows as beans: this is all it takes to serve a flow. The bean name is the flow's
 * name in paths ({@code /flows/wordcount/run}). Input and output builder beans are served the same
 * way, by name, for jobs ({@code {"type": "builder", "name": "steady-readings"}}).
 */
@Configuration(proxyBeanMethods = false)
public class ExampleFlows {

    @Bean("wordcount")
    Dataflow<String, ?> wordcount() {
        return Wordcount.flow();
    }

    @Bean("search-session")
    Dataflow<AppEvent, Double> searchSession() {
        return SearchSession.flow();
    }

    @Bean("anomaly-detector")
    Dataflow<?, ?> anomalyDetector() {
        return AnomalyDetector.flow();
    }

    @Bean("pagerank")
    Dataflow<String, ?> pagerank() {
        return PageRank.flow();
    }

    /** Input builder for jobs: endless readings for {@code anomaly-detector}, ten a second. */
    @Bean("steady-readings")
    InputBuilderFn<KeyValue<String, Double>> steadyReadings() {
        return new SteadyReadings(10);
    }

    /** Output builder for jobs: a file per worker. */
    @Bean("file-per-worker")
    OutputBuilderFn filePerWorker(
            @Value("${sluice.examples.output-dir:#{systemProperties['java.io.tmpdir']}/sluice-output}") String dir) {
        return new FilePerWorker(Path.of(dir));
    }
}
