package dev.sluice.server.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.dataflow.Dataflow;
import dev.sluice.dataflow.EpochItem;
import dev.sluice.dataflow.KeyValue;
import dev.sluice.dataflow.fn.InputBuilderFn;
import dev.sluice.server.jobs.JobExceptions.InvalidJobRequestException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.context.annotation.Bean;

/** The item type a builder bean declares, from its {@code @Bean} method or its class, against a flow's. */
class InputBuildersTest {

    private static final Dataflow<String, ?> STRINGS =
            Dataflow.input(String.class).map(String::length).capture();
    private static final Dataflow<?, ?> READINGS =
            Dataflow.keyValueInput(String.class, Double.class).capture();
    private static final Dataflow<Object, ?> ANYTHING =
            Dataflow.input(Object.class).capture();

    private AnnotationConfigApplicationContext context;
    private InputBuilders builders;

    @BeforeEach
    void start() {
        context = new AnnotationConfigApplicationContext(Builders.class);
        @SuppressWarnings({"unchecked", "rawtypes"})
        Map<String, InputBuilderFn<?>> beans = (Map) context.getBeansOfType(InputBuilderFn.class);
        builders = new InputBuilders(beans, context.getBeanFactory());
    }

    @AfterEach
    void stop() {
        context.close();
    }

    @Test
    void aLambdaBeanIsCheckedByItsFactoryMethodsType() {
        assertThatNoException().isThrownBy(() -> builders.checkFits("lines", "strings", STRINGS));
        assertThatNoException().isThrownBy(() -> builders.checkFits("lines", "anything", ANYTHING));
        assertThatThrownBy(() -> builders.checkFits("lines", "readings", READINGS))
                .isInstanceOf(InvalidJobRequestException.class)
                .hasMessage("the input builder 'lines' makes items of type String, but the flow 'readings' "
                        + "takes KeyValue<String, Double>");
    }

    @Test
    void aBeanDeclaredByItsInterfaceIsCheckedByItsClass() {
        assertThat(builders.names()).contains("readings");
        assertThatNoException().isThrownBy(() -> builders.checkFits("readings", "readings", READINGS));
        assertThatThrownBy(() -> builders.checkFits("readings", "strings", STRINGS))
                .hasMessage("the input builder 'readings' makes items of type KeyValue<String, Double>, "
                        + "but the flow 'strings' takes String");
    }

    @Test
    void aBuilderOfUndeclaredItemsIsNotCheckedBeforeItRuns() {
        assertThatNoException().isThrownBy(() -> builders.checkFits("raw", "readings", READINGS));
        assertThatNoException().isThrownBy(() -> builders.checkFits("raw", "strings", STRINGS));
    }

    /** Not a {@code @Configuration}: the service's component scan would find it in every test's context. */
    static class Builders {
        @Bean
        InputBuilderFn<String> lines() {
            return (worker, workers) -> List.of();
        }

        @Bean
        InputBuilderFn<?> readings() {
            return new Readings();
        }

        @Bean
        @SuppressWarnings("rawtypes")
        InputBuilderFn raw() {
            return (worker, workers) -> List.of();
        }
    }

    static final class Readings implements InputBuilderFn<KeyValue<String, Double>> {
        @Override
        public Iterable<EpochItem<KeyValue<String, Double>>> build(int workerIndex, int workerCount) {
            return List.of();
        }
    }
}
