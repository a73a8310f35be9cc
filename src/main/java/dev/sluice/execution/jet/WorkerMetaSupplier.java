package dev.sluice.execution.jet;

import com.hazelcast.cluster.Address;
import com.hazelcast.cluster.Member;
import com.hazelcast.jet.core.Processor;
import com.hazelcast.jet.core.ProcessorMetaSupplier;
import com.hazelcast.jet.core.ProcessorSupplier;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Makes one processor per worker on every member of the job, and tells each processor which worker
 * it is. Runs on the job's coordinator, which maps the job's members to process IDs once
 * ({@link ProcessIds}), so every vertex of a run agrees on the worker indices.
 */
final class WorkerMetaSupplier implements ProcessorMetaSupplier {

    /** Makes the processor of one worker; {@link Workers} says which process it is on. */
    @FunctionalInterface
    interface ProcessorFn extends Serializable {
        Processor create(Workers workers);
    }

    /**
     * Makes, on the coordinator, what one process's processors are made by: a way to send each member
     * only what its own workers need (say, their share of a finite input).
     */
    @FunctionalInterface
    interface PerProcessFn extends Serializable {
        ProcessorFn forProcess(Workers workers);
    }

    private final int workersPerProcess;
    private final PerProcessFn perProcessFn;
    private transient List<Member> members;

    WorkerMetaSupplier(int workersPerProcess, ProcessorFn processorFn) {
        this(workersPerProcess, processorFn, null);
    }

    private WorkerMetaSupplier(int workersPerProcess, ProcessorFn processorFn, PerProcessFn perProcessFn) {
        this.workersPerProcess = workersPerProcess;
        this.perProcessFn = perProcessFn != null ? perProcessFn : workers -> processorFn;
    }

    /** A supplier whose processors are made per process by what {@code perProcessFn} gives for it. */
    static WorkerMetaSupplier perProcess(int workersPerProcess, PerProcessFn perProcessFn) {
        return new WorkerMetaSupplier(workersPerProcess, null, perProcessFn);
    }

    @Override
    public int preferredLocalParallelism() {
        return workersPerProcess;
    }

    @Override
    public void init(Context context) {
        members = new ArrayList<>(context.hazelcastInstance().getCluster().getMembers());
    }

    @Override
    public Function<? super Address, ? extends ProcessorSupplier> get(List<Address> addresses) {
        List<Member> jobMembers = members.stream()
                .filter(member -> addresses.contains(member.getAddress()))
                .toList();
        if (jobMembers.size() != addresses.size()) {
            throw new IllegalStateException("the job runs on " + addresses + ", but the cluster's members are "
                    + members + "; the membership changed while the job started, run it again");
        }
        int workerCount = addresses.size() * workersPerProcess;
        Map<Address, Workers> byAddress = new HashMap<>();
        ProcessIds.assign(jobMembers)
                .forEach((member, processId) ->
                        byAddress.put(member.getAddress(), new Workers(processId, workersPerProcess, workerCount)));
        Map<Address, ProcessorSupplier> suppliers = new HashMap<>();
        byAddress.forEach((address, workers) ->
                suppliers.put(address, new WorkerSupplier(workers, perProcessFn.forProcess(workers))));
        return suppliers::get;
    }

    private record WorkerSupplier(Workers workers, ProcessorFn processorFn) implements ProcessorSupplier {
        @Override
        public Collection<? extends Processor> get(int count) {
            List<Processor> processors = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                processors.add(processorFn.create(workers));
            }
            return processors;
        }
    }
}
