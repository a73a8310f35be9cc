package dev.sluice.cluster;

import dev.sluice.dataflow.EpochItem;
import dev.sluice.dataflow.fn.InputBuilderFn;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serial;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A finite input split over the workers round-robin, as {@code run_cluster} does: worker {@code w}
 * of {@code n} takes the items at indices {@code i} with {@code i % n == w}. The whole list travels
 * with the job to every member.
 *
 * @param <I> the item type
 */
public final class RoundRobinInput<I> implements InputBuilderFn<I> {

    @Serial
    private static final long serialVersionUID = 1L;

    /** Written by {@link #writeObject} as epochs and items, not as {@code EpochItem} records. */
    private transient ArrayList<EpochItem<I>> items;

    private RoundRobinInput(ArrayList<EpochItem<I>> items) {
        this.items = items;
    }

    /**
     * Reifies the input into a list.
     *
     * @throws NullPointerException when a pair is {@code null}, naming its index
     */
    public static <I> RoundRobinInput<I> of(Iterable<? extends EpochItem<? extends I>> input) {
        Objects.requireNonNull(input, "input must not be null");
        ArrayList<EpochItem<I>> items = new ArrayList<>();
        for (EpochItem<? extends I> epochItem : input) {
            if (epochItem == null) {
                throw new NullPointerException("input pair " + items.size() + " is null");
            }
            items.add(new EpochItem<>(epochItem.epoch(), epochItem.item()));
        }
        return new RoundRobinInput<>(items);
    }

    /** How many pairs the whole input has. */
    public int size() {
        return items.size();
    }

    @Override
    public Iterable<EpochItem<I>> build(int workerIndex, int workerCount) {
        List<EpochItem<I>> mine = new ArrayList<>(items.size() / workerCount + 1);
        for (int i = workerIndex; i < items.size(); i += workerCount) {
            mine.add(items.get(i));
        }
        return mine;
    }

    /**
     * The input travels inside the job's DAG, which Jet serializes with Java serialization (and once
     * more to check that it can). A record per pair costs a class lookup, a handle and a reflective
     * constructor call each; an epoch as a {@code long} beside its item costs none of that.
     */
    @Serial
    private void writeObject(ObjectOutputStream out) throws IOException {
        out.defaultWriteObject();
        out.writeInt(items.size());
        for (EpochItem<I> item : items) {
            out.writeLong(item.epoch());
            out.writeObject(item.item());
        }
    }

    @Serial
    @SuppressWarnings("unchecked")
    private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
        in.defaultReadObject();
        int size = in.readInt();
        items = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            long epoch = in.readLong();
            items.add(new EpochItem<>(epoch, (I) in.readObject()));
        }
    }
}
