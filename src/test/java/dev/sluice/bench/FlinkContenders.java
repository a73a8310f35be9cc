package dev.sluice.bench;

import dev.sluice.examples.AnomalyDetector;
import java.io.File;
import java.lang.reflect.InvocationTargetException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.ArrayList;
import java.util.List;

/**
 * Flink's contenders for the suite's in-JVM workloads, on one MiniCluster in this JVM kept up across
 * runs (as the Jet member is). The implementation, {@value #IMPLEMENTATION}, lives under
 * {@code src/flink/java} and is compiled into {@code target/flink-classes} by the Maven profile
 * {@code flink}; {@code bench/all.sh} passes that directory and Flink's jars as
 * {@code -D}{@value #CLASSPATH_PROPERTY}, and {@link #start()} loads them in a class loader of their
 * own, whose parent is this JVM's. So Flink is on no test's classpath, and not on this JVM's class
 * path either, which child JVMs (service members, the second cluster process) inherit and the service
 * started in this JVM scans: they run as they do without Flink. Without the property, Flink's rows are
 * marked not measured.
 *
 * <p>The implementation is in another class loader, so it sees only what is public here: the
 * workloads' inputs and outputs it needs are the static methods below, or public ones of
 * {@code JetDriverBenchmark}. Each run writes its output where the workload's other contenders write
 * theirs, so the suite checks it against Sluice's as it does for every contender.
 */
public interface FlinkContenders extends AutoCloseable {

    /** The implementation's class, in {@code target/flink-classes}. */
    String IMPLEMENTATION = "dev.sluice.bench.flink.FlinkMiniClusterContenders";

    /** The system property with the implementation's class path: its classes and Flink's jars. */
    String CLASSPATH_PROPERTY = "bench.flinkClasspath";

    /** Why Flink was not measured when the property is not set. */
    String NOT_CONFIGURED = "no `-D" + CLASSPATH_PROPERTY + "` (`bench/all.sh` builds Flink's contenders with the "
            + "Maven profile `flink` and sets it)";

    /** The readings of the anomaly detector workload. */
    int READINGS = BenchmarkSuite.READINGS;

    /**
     * Loads the implementation from {@code -D}{@value #CLASSPATH_PROPERTY} and starts its MiniCluster;
     * {@code null} if the property is not set.
     */
    static FlinkContenders start() {
        String classpath = System.getProperty(CLASSPATH_PROPERTY, "").trim();
        if (classpath.isEmpty()) {
            return null;
        }
        List<URL> urls = new ArrayList<>();
        for (String entry : classpath.split(File.pathSeparator)) {
            try {
                urls.add(new File(entry).toURI().toURL());
            } catch (MalformedURLException e) {
                throw new IllegalArgumentException(CLASSPATH_PROPERTY + ": not a path: " + entry, e);
            }
        }
        ClassLoader loader =
                new URLClassLoader("flink", urls.toArray(URL[]::new), FlinkContenders.class.getClassLoader());
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(loader); // Flink finds its services and configuration through it
        try {
            return (FlinkContenders)
                    Class.forName(IMPLEMENTATION, true, loader).getConstructor().newInstance();
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(
                    IMPLEMENTATION + " is not on -D" + CLASSPATH_PROPERTY + ": " + classpath, e);
        } catch (InvocationTargetException e) {
            throw new IllegalStateException("Flink's MiniCluster did not start", e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(IMPLEMENTATION + " cannot be built by its public constructor", e);
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    /** The metric of reading {@code i} of the anomaly detector workload with {@code keys} metrics. */
    static String metric(long i, int keys) {
        return BenchmarkSuite.metric(i, keys);
    }

    /** The value of reading {@code i} of the anomaly detector workload. */
    static double value(long i) {
        return BenchmarkSuite.value(i);
    }

    /** Counts one verdict of the anomaly detector workload, as every contender's output does. */
    static void verdict(String metric, AnomalyDetector.Anomaly anomaly) {
        BenchmarkSuite.verdict(metric, anomaly);
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

    /** The anomaly detector over {@link #READINGS} readings of {@code keys} metrics; each verdict to {@link #verdict}. */
    void anomaly(int keys);

    /** Stops the MiniCluster. */
    @Override
    void close();
}
