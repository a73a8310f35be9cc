package dev.sluice.bench;

import com.hazelcast.function.FunctionEx;
import com.hazelcast.jet.JetService;
import com.hazelcast.jet.core.DAG;
import com.hazelcast.jet.core.Edge;
import com.hazelcast.jet.core.Vertex;
import com.hazelcast.jet.core.processor.Processors;
import java.util.Arrays;

/**
 * What a Jet light job costs on a cluster of processes on loopback before any work is in it: a DAG
 * of two no-op vertices joined by a distributed, partitioned edge, submitted from process 0 and
 * waited for, one at a time. Beside a small run's latency on a cluster of the same size, it shows
 * how much of that latency is Jet's own: the job's start on every member, its completion and the
 * edge's end of stream across processes, which a run on every member (as {@code POST /run} is)
 * cannot go below.
 */
final class LightJobFloor {

    private LightJobFloor() {}

    /**
     * The latencies of {@code jobs} light jobs, sorted, after as many as warm-up; with the measured
     * pass's wall time and CPU time (this JVM's and the child JVMs').
     */
    record Result(long[] sortedNanos, double wallSeconds, double cpuSeconds) {}

    static Result measure(int processes, int jobs) throws Exception {
        try (LoopbackCluster cluster = LoopbackCluster.start(processes);
                AutoCloseable childCpu = BenchmarkSuite.countCpuOf(cluster.childPids())) {
            JetService jet = cluster.member.getJet();
            long[] nanos = new long[jobs];
            long wall = 0;
            long cpu = 0;
            for (int pass = 0; pass < 2; pass++) { // the first pass warms up
                cpu = BenchmarkSuite.cpuNanos();
                wall = System.nanoTime();
                for (int i = 0; i < jobs; i++) {
                    long start = System.nanoTime();
                    jet.newLightJob(noOpDag()).join();
                    nanos[i] = System.nanoTime() - start;
                }
                wall = System.nanoTime() - wall;
                cpu = BenchmarkSuite.cpuNanos() - cpu;
            }
            Arrays.sort(nanos);
            return new Result(nanos, wall / 1e9, cpu / 1e9);
        }
    }

    private static DAG noOpDag() {
        DAG dag = new DAG();
        Vertex source = dag.newVertex("source", Processors.noopP());
        Vertex sink = dag.newVertex("sink", Processors.noopP());
        dag.edge(Edge.between(source, sink).distributed().partitioned(FunctionEx.identity()));
        return dag;
    }
}
