package dev.sluice.server.jobs;

import dev.sluice.dataflow.Dataflow;
import dev.sluice.dataflow.ItemType;
import dev.sluice.dataflow.fn.InputBuilderFn;
import dev.sluice.server.jobs.JobExceptions.InvalidJobRequestException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.core.ResolvableType;
import org.springframework.stereotype.Component;

/**
 * The input builder beans jobs may read, by bean name, with the item type each declares: the type
 * argument of {@code InputBuilderFn<T>} as its {@code @Bean} method returns it, or as its class
 * implements it. A job is refused before it starts when the builder's items are not of the flow's
 * input type (they would fail the job with a {@code ClassCastException} at the first item).
 */
@Component
class InputBuilders {

    private final Map<String, InputBuilderFn<?>> builders;
    private final Map<String, ResolvableType> itemTypes = new LinkedHashMap<>();

    InputBuilders(Map<String, InputBuilderFn<?>> builders, ConfigurableListableBeanFactory beans) {
        this.builders = Map.copyOf(builders);
        builders.forEach((name, builder) -> itemTypes.put(name, declaredItemType(beans, name, builder)));
    }

    Set<String> names() {
        return builders.keySet();
    }

    InputBuilderFn<?> get(String name) {
        return builders.get(name);
    }

    /**
     * Checks that the builder's items fit the flow's input type.
     *
     * @throws InvalidJobRequestException naming both types when they do not
     */
    void checkFits(String name, String flowName, Dataflow<?, ?> flow) {
        ResolvableType made = itemTypes.get(name);
        if (made == null || made == ResolvableType.NONE) {
            return; // declared as a raw or wildcard type: nothing to check before it runs
        }
        ItemType taken = flow.inputType();
        if (!ResolvableType.forType(taken.toType()).isAssignableFrom(made)) {
            throw new InvalidJobRequestException("the input builder '" + name + "' makes items of type "
                    + itemType(made) + ", but the flow '" + flowName + "' takes " + taken);
        }
    }

    private static ResolvableType declaredItemType(
            ConfigurableListableBeanFactory beans, String name, InputBuilderFn<?> builder) {
        ResolvableType declared = beans.containsBeanDefinition(name)
                ? beans.getMergedBeanDefinition(name).getResolvableType()
                : ResolvableType.NONE;
        ResolvableType itemType = itemTypeOf(declared);
        return itemType != ResolvableType.NONE ? itemType : itemTypeOf(ResolvableType.forClass(builder.getClass()));
    }

    private static ResolvableType itemTypeOf(ResolvableType builderType) {
        ResolvableType item = builderType.as(InputBuilderFn.class).getGeneric(0);
        return item.resolve() == null || hasUnresolved(item) ? ResolvableType.NONE : item;
    }

    private static boolean hasUnresolved(ResolvableType type) {
        if (type.resolve() == null) {
            return true;
        }
        for (ResolvableType argument : type.getGenerics()) {
            if (hasUnresolved(argument)) {
                return true;
            }
        }
        return false;
    }

    /** A resolved type as a flow's input type is kept, so that both print alike ({@code KeyValue<String, Double>}). */
    private static ItemType itemType(ResolvableType type) {
        Class<?> raw = type.resolve();
        List<ItemType> arguments = raw.getTypeParameters().length == 0
                ? List.of()
                : Arrays.stream(type.getGenerics()).map(InputBuilders::itemType).toList();
        return new ItemType(raw, arguments);
    }
}
