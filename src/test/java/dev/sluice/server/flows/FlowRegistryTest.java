package dev.sluice.server.flows;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.dataflow.Dataflow;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The registry checks every flow bean at start-up (SPEC §5: the bean name is the flow's name, {@code
 * [a-z0-9][a-z0-9-]*}; a flow must capture something), so a bad bean stops the service with a message
 * naming it rather than failing requests later.
 */
class FlowRegistryTest {

    private static final Pattern SUGGESTION = Pattern.compile("@Bean\\(\"([^\"]*)\"\\)");

    private static Dataflow<String, String> captured() {
        return Dataflow.input(String.class).map(String::trim).capture();
    }

    private static Dataflow<String, String> uncaptured() {
        return Dataflow.input(String.class).map(String::trim);
    }

    private static FlowRegistry registry(String name, Dataflow<?, ?> flow) {
        Map<String, Dataflow<?, ?>> beans = new LinkedHashMap<>();
        beans.put(name, flow);
        return new FlowRegistry(beans);
    }

    @Test
    void acceptsFlowsWithPathNamesAndACapture() {
        Map<String, Dataflow<?, ?>> beans = new LinkedHashMap<>();
        Dataflow<String, String> wordcount = captured();
        beans.put("wordcount", wordcount);
        beans.put("page-rank-2", captured());
        beans.put("0day", captured());
        beans.put("a", captured());
        beans.put("trailing-", captured());

        FlowRegistry registry = new FlowRegistry(beans);

        assertThat(registry.names()).containsExactly("0day", "a", "page-rank-2", "trailing-", "wordcount");
        assertThat(registry.get("wordcount")).isSameAs(wordcount);
        assertThat(registry.all()).hasSize(5);
    }

    @Test
    void acceptsNoFlowsAtAll() {
        assertThat(new FlowRegistry(Map.of()).names()).isEmpty();
    }

    @Test
    void answersAnUnknownNameWithTheKnownOnes() {
        FlowRegistry registry = registry("wordcount", captured());

        assertThatThrownBy(() -> registry.get("nope"))
                .isInstanceOf(UnknownFlowException.class)
                .hasMessage("there is no flow named 'nope'; the flows are [wordcount]");
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "pageRank, page-rank",
        "WordCount, word-count",
        "word_count, word-count",
        "Word Count, word-count",
        "-wordcount, wordcount",
        "_private, private",
        "flow.v2, flow-v2",
        "FLOW, flow",
        "Ünïcode, n-code",
    })
    void refusesANameThatIsNoPathNamingTheBeanAndSuggestingOne(String bean, String suggested) {
        assertThatThrownBy(() -> registry(bean, captured()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("the flow bean '" + bean + "'")
                .hasMessageContaining("[a-z0-9][a-z0-9-]*")
                .hasMessageContaining("@Bean(\"" + suggested + "\")");
    }

    /** Whatever the bad name, the name suggested instead is one the registry takes. */
    @ParameterizedTest
    @ValueSource(strings = {"_", "---", "日本語", "$", "-", "ÄÖÜ", "a b", "Über_Flow", "x.Y.z", "__init__", " "})
    void suggestsANameItWouldTake(String bean) {
        assertThatThrownBy(() -> registry(bean, captured()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("the flow bean '" + bean + "'")
                .satisfies(e -> {
                    Matcher suggestion = SUGGESTION.matcher(e.getMessage());
                    assertThat(suggestion.find()).as(e.getMessage()).isTrue();
                    assertThat(suggestion.group(1)).matches(FlowRegistry.NAME);
                    assertThat(registry(suggestion.group(1), captured()).names())
                            .containsExactly(suggestion.group(1));
                });
    }

    @Test
    void refusesAFlowWithoutACaptureNamingTheBean() {
        assertThatThrownBy(() -> registry("no-output", uncaptured()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("the flow bean 'no-output'")
                .hasMessageContaining("has no capture step")
                .hasMessageContaining(".capture()");
    }

    @Test
    void refusesTheBadBeanAmongGoodOnes() {
        Map<String, Dataflow<?, ?>> beans = new LinkedHashMap<>();
        beans.put("good", captured());
        beans.put("alsoGood", captured());

        assertThatThrownBy(() -> new FlowRegistry(beans)).hasMessageContaining("'alsoGood'");
    }

    // --- in a Spring context ---

    private final ApplicationContextRunner contexts = new ApplicationContextRunner().withBean(FlowRegistry.class);

    @Test
    void aContextWithGoodFlowsStarts() {
        contexts.withUserConfiguration(GoodFlows.class).run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context.getBean(FlowRegistry.class).names()).containsExactly("word-count");
        });
    }

    @Test
    void aContextWithABadlyNamedFlowFailsToStartNamingTheBean() {
        contexts.withUserConfiguration(BadlyNamedFlow.class).run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure())
                    .rootCause()
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("the flow bean 'wordCount'")
                    .hasMessageContaining("@Bean(\"word-count\")");
        });
    }

    @Test
    void aContextWithAFlowWithoutCaptureFailsToStartNamingTheBean() {
        contexts.withUserConfiguration(UncapturedFlow.class).run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure())
                    .rootCause()
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("the flow bean 'silent'")
                    .hasMessageContaining("has no capture step");
        });
    }

    @Configuration(proxyBeanMethods = false)
    static class GoodFlows {
        @Bean("word-count")
        Dataflow<String, ?> wordCount() {
            return captured();
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class BadlyNamedFlow {
        @Bean
        Dataflow<String, ?> wordCount() {
            return captured();
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class UncapturedFlow {
        @Bean("silent")
        Dataflow<String, ?> silent() {
            return uncaptured();
        }
    }
}
