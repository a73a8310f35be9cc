package dev.sluice.examples;

import dev.sluice.dataflow.Dataflow;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The example flows as beans: this is all it takes to serve a flow. The bean name is the flow's
 * name in paths ({@code /flows/wordcount/run}).
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
}
