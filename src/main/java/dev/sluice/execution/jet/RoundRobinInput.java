package dev.sluice.execution.jet;

import dev.sluice.dataflow.EpochItem;
import dev.sluice.dataflow.fn.InputBuilderFn;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serial;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;

/**
 * A finite input split over the workers round-robin, as {@code run_cluster} does: worker {@code w}
 * of {@code n} takes the items at indices {@code i} with {@code i % n == w}. Each member receives
 * only its workers' share ({@link #share}). An input held in the JVM that started the run
 * ({@link #inThisJvm}) travels as a key, and when that JVM's member runs every worker, its share is
 * that held input: nothing of it is serialized.
 *
 * @param <I> the item type
 */
public final class RoundRobinInput<I> implements SplittableInputFn<I> {

    @Serial
    private static final long serialVersionUID = 1L;

    /** Written by {@link #writeObject} as epochs and items, not as {@code EpochItem} records. */
    private transient List<EpochItem<I>> items;

    /** The key of the items in {@link RunInputs}, written instead of them; {@code null}: it carries them. */
    private final String heldAs;

    private RoundRobinInput(List<EpochItem<I>> items, String heldAs) {
        this.items = items;
        this.heldAs = heldAs;
    }

    /**
     * Reifies the input into a list.
     *
     * @throws NullPointerException when a pair is {@code null}, naming its index
     */
    @SuppressWarnings("unchecked") // a pair of an I subtype is a pair of I: it is immutable
    public static <I> RoundRobinInput<I> of(Iterable<? extends EpochItem<? extends I>> input) {
        Objects.requireNonNull(input, "input must not be null");
        ArrayList<EpochItem<I>> items =
                input instanceof Collection<?> known ? new ArrayList<>(known.size()) : new ArrayList<>();
        for (EpochItem<? extends I> epochItem : input) {
            if (epochItem == null) {
                throw new NullPointerException("input pair " + items.size() + " is null");
            }
            items.add((EpochItem<I>) epochItem);
        }
        return new RoundRobinInput<>(items, null);
    }

    /**
     * The same input for a light job submitted from this JVM's member, which coordinates it here: its
     * items stay in {@link RunInputs} under {@code key}, and the input travels through Jet's
     * serialization of the DAG as the key. When this member runs every worker its share is this input
     * itself; on several members each share ({@link #share}) is cut from the held items and carries
     * them. The caller closes the key in {@link RunInputs} once the run is over.
     */
    RoundRobinInput<I> inThisJvm(String key) {
        RunInputs.open(key, items);
        return new RoundRobinInput<>(items, key);
    }

    /** How many pairs the whole input has. */
    public int size() {
        return items.size();
    }

    @Override
    public Iterable<EpochItem<I>> build(int workerIndex, int workerCount) {
        return every(items, workerIndex, workerCount);
    }

    private static <I> ArrayList<EpochItem<I>> every(List<EpochItem<I>> items, int workerIndex, int workerCount) {
        ArrayList<EpochItem<I>> mine = new ArrayList<>(items.size() / workerCount + 1);
        for (int i = workerIndex; i < items.size(); i += workerCount) {
            mine.add(items.get(i));
        }
        return mine;
    }

    @Override
    public InputBuilderFn<I> share(int firstWorker, int workers, int workerCount) {
        if (heldAs != null && workers == workerCount) {
            return this; // one process has every worker: the one in this JVM
        }
        List<ArrayList<EpochItem<I>>> perWorker = new ArrayList<>(workers);
        for (int w = firstWorker; w < firstWorker + workers; w++) {
            perWorker.add(every(items, w, workerCount));
        }
        return new Share<>(firstWorker, workerCount, perWorker);
    }

    /** The items of some consecutive workers, each worker's in order: what one member receives. */
    private static final class Share<I> implements InputBuilderFn<I> {
        @Serial
        private static final long serialVersionUID = 1L;

        private final int firstWorker;
        private final int workerCount;
        private transient List<ArrayList<EpochItem<I>>> perWorker;

        Share(int firstWorker, int workerCount, List<ArrayList<EpochItem<I>>> perWorker) {
            this.firstWorker = firstWorker;
            this.workerCount = workerCount;
            this.perWorker = perWorker;
        }

        @Override
        public Iterable<EpochItem<I>> build(int workerIndex, int count) {
            int local = workerIndex - firstWorker;
            if (count != workerCount || local < 0 || local >= perWorker.size()) {
                throw new IllegalStateException("this share holds workers " + firstWorker + ".."
                        + (firstWorker + perWorker.size() - 1) + " of " + workerCount + ", not worker " + workerIndex
                        + " of " + count);
            }
            return perWorker.get(local);
        }

        @Serial
        private void writeObject(ObjectOutputStream out) throws IOException {
            out.defaultWriteObject();
            out.writeInt(perWorker.size());
            for (List<EpochItem<I>> items : perWorker) {
                writeItems(out, items);
            }
        }

        @Serial
        private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
            in.defaultReadObject();
            int workers = in.readInt();
            perWorker = new ArrayList<>(workers);
            for (int w = 0; w < workers; w++) {
                perWorker.add(readItems(in));
            }
        }
    }

    /**
     * The input travels inside the job's DAG, which Jet serializes with Java serialization (and once
     * more to check that it can). A record per pair costs a class lookup, a handle and a reflective
     * constructor call each; an epoch as a {@code long} beside its item costs none of that.
     */
    @Serial
    private void writeObject(ObjectOutputStream out) throws IOException {
        out.defaultWriteObject();
        if (heldAs == null) {
            writeItems(out, items);
        }
    }

    @Serial
    private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
        in.defaultReadObject();
        items = heldAs == null ? readItems(in) : RunInputs.get(heldAs);
    }

    private static void writeItems(ObjectOutputStream out, List<? extends EpochItem<?>> items) throws IOException {
        out.writeInt(items.size());
        for (EpochItem<?> item : items) {
            out.writeLong(item.epoch());
            out.writeObject(item.item());
        }
    }

    @SuppressWarnings("unchecked")
    private static <I> ArrayList<EpochItem<I>> readItems(ObjectInputStream in)
            throws IOException, ClassNotFoundException {
        int size = in.readInt();
        ArrayList<EpochItem<I>> items = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            long epoch = in.readLong();
            items.add(new EpochItem<>(epoch, (I) in.readObject()));
        }
        return items;
    }
}
