package dev.sluice.bench;

import java.lang.reflect.InvocationTargetException;

/**
 * Flink's contenders for the suite's in-JVM workloads, on one MiniCluster in this JVM kept up across
 * runs (as the Jet member is). The implementation, {@code FlinkMiniClusterContenders}, lives under
 * {@code src/flink/java} and is compiled with Flink on the classpath only under the Maven profile
 * {@code flink} (which {@code bench/all.sh} turns on), so that Flink's libraries stay off the test
 * suite's classpath; the suite finds it by name and, without it, marks Flink's rows not measured.
 *
 * <p>Each run writes its output where the other contenders of the workload write theirs, so the
 * suite checks it against Sluice's as it does for every contender.
 */
interface FlinkContenders extends AutoCloseable {

    /** The implementation's class, present only when built with {@code -Pflink}. */
    String IMPLEMENTATION = "dev.sluice.bench.FlinkMiniClusterContenders";

    /** Why Flink was not measured when {@link #start()} finds no implementation. */
    String NOT_ON_CLASSPATH = "Flink is not on the classpath: build with the Maven profile `flink` (`bench/all.sh` does)";

    /**
     * Starts the implementation's MiniCluster; {@code null} if the build has no Flink (no class, or its
     * class left in {@code target/} by a {@code -Pflink} build without Flink's jars on this classpath).
     */
    static FlinkContenders start() {
        try {
            return (FlinkContenders) Class.forName(IMPLEMENTATION).getConstructor().newInstance();
        } catch (ClassNotFoundException | LinkageError e) {
            return null;
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof LinkageError) {
                return null;
            }
            throw new IllegalStateException("Flink's MiniCluster did not start", e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(IMPLEMENTATION + " cannot be built by its public constructor", e);
        }
    }

    /** The contender's name in the tables, with Flink's version. */
    String name();

    /**
     * The stateless chain over the longs {@code 0 .. numbers - 1}; each output to
     * {@code JetDriverBenchmark.add}.
     */
    void statelessChain(long numbers);

    /** Wordcount per epoch over {@code JetDriverBenchmark}'s lines; counts to {@code JetDriverBenchmark.addCount}. */
    void wordcount();

    /**
     * The anomaly detector over {@link BenchmarkSuite#READINGS} readings of {@code keys} keys; each
     * verdict to {@link BenchmarkSuite#verdict(Object, dev.sluice.examples.AnomalyDetector.Anomaly)}.
     */
    void anomaly(int keys);

    /** Stops the MiniCluster. */
    @Override
    void close();
}
