package dev.sluice.dataflow;

import dev.sluice.dataflow.fn.FilterFn;
import dev.sluice.dataflow.fn.FlatMapFn;
import dev.sluice.dataflow.fn.InspectEpochFn;
import dev.sluice.dataflow.fn.InspectFn;
import dev.sluice.dataflow.fn.MapFn;
import java.io.IOException;
import java.io.ObjectOutputStream;
import java.io.OutputStream;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * A dataflow: a lazy, linear list of steps that every {@code (epoch, item)} of the input passes
 * through, in order. Nothing runs while a flow is built; a driver runs it
 * ({@code Sluice.run}, {@code Sluice.runCluster}, the service).
 *
 * <h2>Model</h2>
 * Every item travels with an <em>epoch</em>, a non-negative {@code long} chosen by the input. Every
 * operator keeps the epoch of the item it was given; a keyed operator's output carries the epoch of
 * the input that triggered it. Input given to one worker must not go backwards in epoch. There is
 * no ordering within an epoch, nor across workers, unless an operator says so.
 *
 * <p>An epoch is <em>complete</em> at a step once no worker of any process can still send that step
 * an item of that epoch or an earlier one (progress tracking, as in timely dataflow). Keyed
 * operators use it: {@link KeyedDataflow#reduceEpoch} emits an epoch's aggregates when it completes;
 * {@link KeyedDataflow#reduce} and {@link KeyedDataflow#statefulMap} see values in epoch order.
 *
 * <h2>Building</h2>
 * A flow starts from its input item type and grows one step per call; each call returns a new flow
 * (flows are immutable values, so a prefix can be shared). Stateless operators live here; keyed
 * ones live on {@link KeyedDataflow}, which {@link #mapToKeyValue}, {@link #flatMapToKeyValue} and
 * {@link #keyValueInput} give, so a keyed step on items that are not key/value pairs does not
 * compile.
 *
 * <pre>{@code
 * Dataflow<String, ?> wordcount = Dataflow.input(String.class)
 *         .flatMap(line -> List.of(line.toLowerCase().split("\\W+")))
 *         .mapToKeyValue(word -> KeyValue.of(word, 1))
 *         .reduceEpoch(Integer::sum)
 *         .capture();
 * }</pre>
 *
 * <p>Step functions are serializable ({@code …Fn} interfaces), and are checked when they are added:
 * a {@code null} function or one that cannot be serialized is refused at once with an
 * {@link InvalidDataflowException} naming the step. Every flow needs at least one {@link #capture()}
 * before it runs.
 *
 * @param <I> the type of the flow's input items
 * @param <T> the type of the items at the end of the flow so far
 */
public class Dataflow<I, T> implements Serializable {

    private final ItemType inputType;
    private final List<Step> steps;

    Dataflow(ItemType inputType, List<Step> steps) {
        this.inputType = inputType;
        this.steps = steps;
    }

    /**
     * Starts a flow whose input items are of the given class.
     *
     * @param inputType the class of the input items; JSON input is converted to it
     */
    public static <I> Dataflow<I, I> input(Class<I> inputType) {
        Objects.requireNonNull(inputType, "inputType must not be null");
        return new Dataflow<>(ItemType.of(inputType), List.of());
    }

    /**
     * Starts a flow whose input items are already key/value pairs, so keyed operators can come first.
     *
     * @param keyType the class of the keys
     * @param valueType the class of the values
     */
    public static <K, V> KeyedDataflow<KeyValue<K, V>, K, V> keyValueInput(Class<K> keyType, Class<V> valueType) {
        Objects.requireNonNull(keyType, "keyType must not be null");
        Objects.requireNonNull(valueType, "valueType must not be null");
        return new KeyedDataflow<>(ItemType.of(KeyValue.class, keyType, valueType), List.of());
    }

    /** The declared type of the input items. */
    public ItemType inputType() {
        return inputType;
    }

    /** The steps, in order; a step's index in this list is its step index in errors. */
    public List<Step> steps() {
        return steps;
    }

    /** Whether this flow has at least one capture step, without which it cannot run. */
    public boolean hasCapture() {
        return steps.stream().anyMatch(Step.Capture.class::isInstance);
    }

    /**
     * Checks that this flow can run: it must have a capture step (the seed raises {@code ValueError}
     * otherwise).
     *
     * @return this flow
     * @throws InvalidDataflowException when it has no capture step
     */
    public Dataflow<I, T> validate() {
        if (!hasCapture()) {
            throw new InvalidDataflowException("the dataflow " + this + " has no capture step, so its output "
                    + "would go nowhere; add .capture() where items should be taken as output");
        }
        return this;
    }

    /**
     * <b>map</b>: one item in, one item out. Stateless; any items; no exchange; emits at once.
     *
     * <pre>{@code
     * Dataflow.input(String.class).map(String::length)   // "to be" -> 5, with the same epoch
     * }</pre>
     *
     * @param mapFn called with each item; its result goes downstream with the same epoch
     * @see #flatMap
     * @see #mapToKeyValue
     */
    public <R> Dataflow<I, R> map(MapFn<? super T, ? extends R> mapFn) {
        return new Dataflow<>(inputType, append(new Step.Map(fn(mapFn, "map", "mapper"))));
    }

    /**
     * <b>flat_map</b>: one item in, each element of the returned iterable out, in its order, with the
     * item's epoch. Stateless; any items; no exchange; emits at once.
     *
     * <pre>{@code
     * Dataflow.input(String.class).flatMap(line -> List.of(line.split(" ")))   // "to be" -> "to", "be"
     * }</pre>
     *
     * @param flatMapFn called with each item; may return an empty iterable, never {@code null}
     * @see #map
     * @see #flatMapToKeyValue
     */
    public <R> Dataflow<I, R> flatMap(FlatMapFn<? super T, ? extends R> flatMapFn) {
        return new Dataflow<>(inputType, append(new Step.FlatMap(fn(flatMapFn, "flat_map", "mapper"))));
    }

    /**
     * <b>map</b> to key/value items, giving the keyed operators. The same step as {@link #map}; only
     * the type of what follows differs.
     *
     * <pre>{@code
     * Dataflow.input(String.class).mapToKeyValue(word -> KeyValue.of(word, 1)).reduceEpoch(Integer::sum)
     * }</pre>
     *
     * @param mapFn called with each item; returns its key and value
     * @see #map
     * @see #flatMapToKeyValue
     */
    public <K, V> KeyedDataflow<I, K, V> mapToKeyValue(MapFn<? super T, KeyValue<K, V>> mapFn) {
        return new KeyedDataflow<>(inputType, append(new Step.Map(fn(mapFn, "map", "mapper"))));
    }

    /**
     * <b>flat_map</b> to key/value items, giving the keyed operators. The same step as {@link #flatMap}.
     *
     * <pre>{@code
     * Dataflow.input(String.class).flatMapToKeyValue(line -> List.of(KeyValue.of(line, 1), KeyValue.of("*", 1)))
     * }</pre>
     *
     * @param flatMapFn called with each item; returns any number of key/value pairs
     * @see #flatMap
     * @see #mapToKeyValue
     */
    public <K, V> KeyedDataflow<I, K, V> flatMapToKeyValue(FlatMapFn<? super T, KeyValue<K, V>> flatMapFn) {
        return new KeyedDataflow<>(inputType, append(new Step.FlatMap(fn(flatMapFn, "flat_map", "mapper"))));
    }

    /**
     * <b>filter</b>: keeps the items whose predicate is true, unchanged. Stateless; any items; no
     * exchange; emits at once.
     *
     * <pre>{@code
     * Dataflow.input(String.class).filter(word -> !word.isEmpty())   // "", "to" -> "to"
     * }</pre>
     *
     * @param predicateFn called with each item; {@code true} keeps it
     * @see #map
     */
    public Dataflow<I, T> filter(FilterFn<? super T> predicateFn) {
        return new Dataflow<>(inputType, append(new Step.Filter(fn(predicateFn, "filter", "predicate"))));
    }

    /**
     * <b>inspect</b>: calls a function with each item and passes the item on unchanged. Stateless,
     * for side effects (logging, debugging); any items; no exchange.
     *
     * <pre>{@code
     * Dataflow.input(String.class).inspect(System.out::println).capture()
     * }</pre>
     *
     * @param inspectFn called with each item, on the worker that holds it
     * @see #inspectEpoch
     */
    public Dataflow<I, T> inspect(InspectFn<? super T> inspectFn) {
        return new Dataflow<>(inputType, append(new Step.Inspect(fn(inspectFn, "inspect", "inspector"))));
    }

    /**
     * <b>inspect_epoch</b>: calls a function with each item and its epoch; passes the item on
     * unchanged. Stateless, for side effects; any items; no exchange.
     *
     * <pre>{@code
     * Dataflow.input(String.class).inspectEpoch((epoch, line) -> System.out.println(epoch + ": " + line))
     * }</pre>
     *
     * @param inspectFn called with each {@code (epoch, item)}, on the worker that holds it
     * @see #inspect
     */
    public Dataflow<I, T> inspectEpoch(InspectEpochFn<? super T> inspectFn) {
        return new Dataflow<>(inputType, append(new Step.InspectEpoch(fn(inspectFn, "inspect_epoch", "inspector"))));
    }

    /**
     * <b>capture</b>: every {@code (epoch, item)} passing this point goes to the output of the worker
     * that holds it, and on to the following steps. Several captures combine into one output. There
     * is no ordering guarantee: read the epochs.
     *
     * <pre>{@code
     * Dataflow.input(String.class).capture().map(String::length).capture()   // both "to" and 2 are output
     * }</pre>
     */
    public Dataflow<I, T> capture() {
        return new Dataflow<>(inputType, append(new Step.Capture()));
    }

    final List<Step> append(Step step) {
        List<Step> next = new ArrayList<>(steps.size() + 1);
        next.addAll(steps);
        next.add(step);
        return List.copyOf(next);
    }

    /**
     * Checks a step function as it is added: not {@code null}, and serializable, since it may travel
     * to other members. Failing here names the step instead of failing later on a member.
     */
    @SuppressWarnings("unchecked")
    final <F> F fn(Object function, String operator, String role) {
        String step = "step " + steps.size() + " (" + operator + ")";
        if (function == null) {
            throw new InvalidDataflowException(step + ": the " + role + " must not be null");
        }
        try (ObjectOutputStream out = new ObjectOutputStream(OutputStream.nullOutputStream())) {
            out.writeObject(function);
        } catch (IOException | RuntimeException e) {
            throw new InvalidDataflowException(
                    step + ": the " + role + " " + function.getClass().getName()
                            + " cannot be serialized (" + e + "); step functions travel to cluster members, "
                            + "so whatever they capture must be Serializable",
                    e);
        }
        return (F) function;
    }

    @Override
    public String toString() {
        return steps.stream()
                .map(Step::operator)
                .collect(Collectors.joining(" -> ", "Dataflow<" + inputType + ">[", "]"));
    }
}
