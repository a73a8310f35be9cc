package dev.sluice.bench.flink;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import dev.sluice.bench.FlinkContenders;
import dev.sluice.examples.AnomalyDetector;
import dev.sluice.examples.AnomalyDetectorLoop;
import dev.sluice.execution.jet.JetDriverBenchmark;
import java.io.Serializable;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.function.Consumer;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.api.java.tuple.Tuple3;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.configuration.JobManagerOptions;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.runtime.client.JobExecutionException;
import org.apache.flink.runtime.jobgraph.JobGraph;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;
import org.apache.flink.runtime.util.EnvironmentInformation;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.windowing.ProcessWindowFunction;
import org.apache.flink.streaming.api.windowing.assigners.TumblingEventTimeWindows;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;
import org.apache.flink.util.Collector;
import org.apache.flink.util.SplittableIterator;
import org.slf4j.LoggerFactory;

/**
 * The suite's workloads as a careful Flink user would write them with the DataStream API, on one
 * {@link MiniCluster} in this JVM (one task manager, {@value #PARALLELISM} slots) started once and
 * kept for every run, each job at parallelism {@value #PARALLELISM} with object reuse on, in
 * {@code STREAMING} mode (Flink's default, and the model Sluice's epochs follow), no checkpoints.
 * Jobs are built with a {@link StreamExecutionEnvironment} and submitted to the cluster as job graphs.
 *
 * <ul>
 *   <li><b>Stateless chain</b>: {@code fromSequence} (Flink's own parallel number source), then
 *       {@code map → filter → flatMap → map}, all chained in one task per slot.</li>
 *   <li><b>Wordcount per epoch</b>: worker {@code w} of {@code n} reads the lines {@code i} with
 *       {@code i % n == w} ({@code fromParallelCollection}); each line's epoch is its event time, and
 *       each source emits a watermark as its epoch moves on, so an epoch's window closes when every
 *       source has passed it, as a Sluice epoch does. {@code keyBy(word)}, 1 ms tumbling event-time
 *       windows (one per epoch), an incremental sum.</li>
 *   <li><b>Anomaly detector</b>: the readings split the same way, {@code keyBy(metric)}, a map with the
 *       same detector in keyed {@link ValueState} (the heap state backend, Flink's default).</li>
 * </ul>
 * Records cross between the two slots through Flink's network stack (serialized, as between
 * processes), as Jet's partitioned edges do not within one member: that is Flink's design, measured as
 * it is. Sources and sinks reach the suite's data and counters through statics; the job's functions
 * are serialized, the cluster is in this JVM. This class and Flink are loaded apart from the rest of
 * the suite ({@link FlinkContenders#start()}), so it uses the suite's public members only.
 */
public final class FlinkMiniClusterContenders implements FlinkContenders {

    static final int PARALLELISM = 2;

    private final MiniCluster cluster;

    /** Starts the MiniCluster, on loopback and random ports only. */
    public FlinkMiniClusterContenders() throws Exception {
        quietLogs();
        Configuration config = new Configuration();
        config.set(RestOptions.ADDRESS, "127.0.0.1");
        config.set(RestOptions.BIND_ADDRESS, "127.0.0.1");
        config.set(RestOptions.BIND_PORT, "0");
        config.set(JobManagerOptions.ADDRESS, "127.0.0.1");
        config.set(JobManagerOptions.BIND_HOST, "127.0.0.1"); // the blob server's, which is otherwise 0.0.0.0
        config.set(TaskManagerOptions.HOST, "127.0.0.1");
        config.set(TaskManagerOptions.BIND_HOST, "127.0.0.1");
        config.set(CoreOptions.CLASSLOADER_RESOLVE_ORDER, "parent-first"); // one copy of each class: Flink's loader's
        cluster = new MiniCluster(new MiniClusterConfiguration.Builder()
                .setConfiguration(config)
                .setNumTaskManagers(1)
                .setNumSlotsPerTaskManager(PARALLELISM)
                .setCommonBindAddress("127.0.0.1")
                .build());
        cluster.start();
    }

    @Override
    public String name() {
        return "flink " + EnvironmentInformation.getVersion() + " MiniCluster (parallelism " + PARALLELISM
                + ", object reuse)";
    }

    @Override
    public void statelessChain(long numbers) {
        run(env -> env.fromSequence(0, numbers - 1)
                .map(i -> i * 3)
                .filter(i -> i % 2 == 0)
                .flatMap((Long i, Collector<Long> out) -> {
                    out.collect(i);
                    out.collect(i + 1);
                })
                .returns(Types.LONG)
                .map(i -> i + 7)
                .sinkTo(new CallbackSink<Long>(JetDriverBenchmark::add)));
    }

    @Override
    public void wordcount() {
        run(env -> env.fromParallelCollection(
                        new Strided<>(
                                JetDriverBenchmark.wordcountLines(),
                                i -> Tuple2.of(
                                        JetDriverBenchmark.epochOfLine((int) i), JetDriverBenchmark.line((int) i))),
                        Types.TUPLE(Types.LONG, Types.STRING))
                .assignTimestampsAndWatermarks(
                        WatermarkStrategy.<Tuple2<Long, String>>forGenerator(context -> new EpochWatermarks<>())
                                .withTimestampAssigner((line, previous) -> line.f0))
                .flatMap((Tuple2<Long, String> line, Collector<Tuple2<String, Integer>> out) -> {
                    for (String word : JetDriverBenchmark.tokens(line.f1)) {
                        out.collect(Tuple2.of(word, 1));
                    }
                })
                .returns(Types.TUPLE(Types.STRING, Types.INT))
                .keyBy(count -> count.f0, Types.STRING)
                .window(TumblingEventTimeWindows.of(Duration.ofMillis(1)))
                .reduce(
                        (a, b) -> {
                            a.f1 += b.f1; // a is the window's own state (heap backend): updating it in place is safe
                            return a;
                        },
                        new EpochOfWindow())
                .sinkTo(new CallbackSink<Tuple3<Long, String, Integer>>(
                        count -> JetDriverBenchmark.addCount(count.f0, count.f1, count.f2))));
    }

    @Override
    public void anomaly(int keys) {
        run(env -> env.fromParallelCollection(
                        new Strided<>(
                                FlinkContenders.READINGS,
                                i -> Tuple2.of(FlinkContenders.metric(i, keys), FlinkContenders.value(i))),
                        Types.TUPLE(Types.STRING, Types.DOUBLE))
                .keyBy(reading -> reading.f0, Types.STRING)
                .map(new DetectorPerKey())
                .returns(Types.TUPLE(Types.STRING, TypeInformation.of(AnomalyDetector.Anomaly.class)))
                .sinkTo(new CallbackSink<Tuple2<String, AnomalyDetector.Anomaly>>(
                        verdict -> FlinkContenders.verdict(verdict.f0, verdict.f1))));
    }

    @Override
    public void close() {
        try {
            cluster.close();
        } catch (Exception e) {
            throw new IllegalStateException("Flink's MiniCluster did not stop", e);
        }
    }

    /**
     * Flink and its actor system log every job's life at INFO (hundreds of lines a job); the suite's
     * console keeps their warnings only. Logback is the benchmarks' SLF4J binding (Spring Boot's).
     */
    private static void quietLogs() {
        if (LoggerFactory.getILoggerFactory() instanceof LoggerContext logback) {
            for (String name : new String[] {"org.apache.flink", "org.apache.pekko"}) {
                logback.getLogger(name).setLevel(Level.WARN);
            }
        }
    }

    private static StreamExecutionEnvironment environment() {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(PARALLELISM);
        env.getConfig().enableObjectReuse();
        return env;
    }

    /**
     * Builds a job with {@code build} and runs it on the cluster, waiting for it; a failed job fails
     * the contender. With this class's loader (Flink's) as the thread's context loader all along, as
     * Flink's own client would have it: Flink loads the job's functions through it (type extraction,
     * the job graph), and the suite's thread has the suite's loader, which has no Flink.
     */
    private void run(Consumer<StreamExecutionEnvironment> build) {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(getClass().getClassLoader());
        try {
            StreamExecutionEnvironment env = environment();
            build.accept(env);
            JobGraph job = env.getStreamGraph().getJobGraph();
            // Flink's job manager loads a job without a class path through the system class loader, which
            // has no Flink here: give it this class's location, resolved parent-first through Flink's loader
            job.setClasspaths(
                    List.of(getClass().getProtectionDomain().getCodeSource().getLocation()));
            cluster.executeJobBlocking(job);
        } catch (JobExecutionException e) {
            throw new IllegalStateException("Flink job failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted waiting for a Flink job", e);
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    // --- pieces of the jobs ---

    /** A serializable function of a record's index. */
    interface IndexFn<T> extends Serializable {
        T apply(long index);
    }

    /** A serializable consumer, for {@link CallbackSink}. */
    interface SerializableConsumer<T> extends Consumer<T>, Serializable {}

    /**
     * The records {@code 0 .. count - 1} made by {@code itemFn}; split {@code n} ways, part {@code w}
     * holds the indexes {@code i} with {@code i % n == w}, as the other contenders' workers read.
     */
    static final class Strided<T> extends SplittableIterator<T> {
        private final long count;
        private final IndexFn<T> itemFn;
        private final int workers;
        private long next;

        Strided(long count, IndexFn<T> itemFn) {
            this(count, itemFn, 0, 1);
        }

        private Strided(long count, IndexFn<T> itemFn, int worker, int workers) {
            this.count = count;
            this.itemFn = itemFn;
            this.workers = workers;
            this.next = worker;
        }

        @Override
        @SuppressWarnings("unchecked")
        public Iterator<T>[] split(int parts) {
            Iterator<T>[] split = new Iterator[parts];
            for (int w = 0; w < parts; w++) {
                split[w] = new Strided<>(count, itemFn, w, parts);
            }
            return split;
        }

        @Override
        public int getMaximumNumberOfSplits() {
            return Integer.MAX_VALUE;
        }

        @Override
        public boolean hasNext() {
            return next < count;
        }

        @Override
        public T next() {
            if (next >= count) {
                throw new NoSuchElementException();
            }
            long i = next;
            next += workers;
            return itemFn.apply(i);
        }
    }

    /**
     * Punctuated watermarks: when a source's epoch (its records' event time) moves on, everything
     * before the new epoch is complete from that source.
     */
    static final class EpochWatermarks<T> implements WatermarkGenerator<T> {
        private long epoch = Long.MIN_VALUE;

        @Override
        public void onEvent(T event, long eventTimestamp, WatermarkOutput output) {
            if (eventTimestamp > epoch) {
                if (epoch != Long.MIN_VALUE) {
                    output.emitWatermark(new Watermark(eventTimestamp - 1));
                }
                epoch = eventTimestamp;
            }
        }

        @Override
        public void onPeriodicEmit(WatermarkOutput output) {}
    }

    /** A word's sum in one epoch's window, with the epoch: the window's start. */
    static final class EpochOfWindow
            extends ProcessWindowFunction<Tuple2<String, Integer>, Tuple3<Long, String, Integer>, String, TimeWindow> {
        @Override
        public void process(
                String word,
                Context context,
                Iterable<Tuple2<String, Integer>> sums,
                Collector<Tuple3<Long, String, Integer>> out) {
            for (Tuple2<String, Integer> sum : sums) {
                out.collect(Tuple3.of(context.window().getStart(), word, sum.f1));
            }
        }
    }

    /** The anomaly detector per metric, in Flink's keyed state. */
    static final class DetectorPerKey
            extends RichMapFunction<Tuple2<String, Double>, Tuple2<String, AnomalyDetector.Anomaly>> {
        private transient ValueState<AnomalyDetectorLoop.Detector> detector;

        @Override
        public void open(OpenContext context) {
            detector = getRuntimeContext()
                    .getState(new ValueStateDescriptor<>("detector", AnomalyDetectorLoop.Detector.class));
        }

        @Override
        public Tuple2<String, AnomalyDetector.Anomaly> map(Tuple2<String, Double> reading) throws Exception {
            AnomalyDetectorLoop.Detector current = detector.value();
            if (current == null) {
                current = new AnomalyDetectorLoop.Detector();
                // the heap backend holds this object itself, so pushing into it later needs no update()
                detector.update(current);
            }
            return Tuple2.of(reading.f0, current.push(reading.f1));
        }
    }

    /** Hands each record to a consumer in the task's thread: the suite's counters live in this JVM. */
    record CallbackSink<T>(SerializableConsumer<T> consumer) implements Sink<T> {
        @Override
        public SinkWriter<T> createWriter(WriterInitContext context) {
            return new SinkWriter<>() {
                @Override
                public void write(T record, Context context) {
                    consumer.accept(record);
                }

                @Override
                public void flush(boolean endOfInput) {}

                @Override
                public void close() {}
            };
        }
    }
}
