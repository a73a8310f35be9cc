package dev.sluice.bench;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.instance.impl.HazelcastInstanceProxy;
import com.hazelcast.internal.metrics.MetricDescriptor;
import com.hazelcast.internal.metrics.MetricsRegistry;
import com.hazelcast.internal.metrics.collectors.MetricsCollector;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Counters from a member's metrics registry (Hazelcast internals, fine for a benchmark): the bytes
 * its networking sent and received ({@code bytesSend}, {@code bytesReceived}: debug-level metrics, so
 * the member needs {@code hazelcast.metrics.debug.enabled}), and the items and bytes that Jet's
 * distributed edges sent and received for jobs on it ({@code distributedItemsOut/In},
 * {@code distributedBytesOut/In}).
 *
 * <p>A light job's edge metrics exist only while it runs, so {@link #sampleWhile} reads them every
 * few milliseconds during the run and keeps each counter's last value: the final few milliseconds of
 * a job can be missed, which barely moves a ratio of bytes to items.
 */
final class MemberMetrics {

    static final String BYTES_SENT = "bytesSend";
    static final String BYTES_RECEIVED = "bytesReceived";
    static final String ITEMS_OUT = "distributedItemsOut";
    static final String ITEMS_IN = "distributedItemsIn";
    static final String BYTES_OUT = "distributedBytesOut";
    static final String BYTES_IN = "distributedBytesIn";

    private final MetricsRegistry registry;

    MemberMetrics(HazelcastInstance member) {
        this.registry = ((HazelcastInstanceProxy) member)
                .getOriginal()
                .node
                .getNodeEngine()
                .getMetricsRegistry();
    }

    /** How often Hazelcast's networking publishes {@code bytesSend} and {@code bytesReceived} (NioNetworking's PublishAllTask). */
    private static final long NETWORKING_PUBLISH_MILLIS = 1_000;

    /**
     * Bytes this member's networking has sent and received so far, as published a moment after this
     * call. The counters lag by up to two publishing periods: once a second, each connection's
     * pipelines are asked to publish their counts to their I/O thread (a task on that thread), and
     * the totals are summed from the I/O threads at once, so they hold the counts of the period
     * before. This waits a little over two periods first. Read before and after a run, the
     * difference holds all of the run's traffic, and a few seconds of an idle cluster's heartbeats.
     */
    long wireBytes() throws InterruptedException {
        Thread.sleep(2 * NETWORKING_PUBLISH_MILLIS + 200);
        return sum(BYTES_SENT) + sum(BYTES_RECEIVED);
    }

    /** Every counter named {@code name} now, summed over its descriptors (per connection, per edge…). */
    long sum(String name) {
        long[] total = new long[1];
        registry.collect(new LongCollector((descriptor, value) -> {
            if (name.equals(descriptor.metric())) {
                total[0] += value;
            }
        }));
        return total[0];
    }

    /**
     * Runs {@code work} while a sampler thread reads the job edge counters; returns each counter's
     * total over the distributed edges, from the last sample that saw it.
     */
    Map<String, Long> sampleWhile(Runnable work) {
        Map<String, Long> last = new HashMap<>();
        AtomicBoolean running = new AtomicBoolean(true);
        Thread sampler = new Thread(
                () -> {
                    while (running.get()) {
                        Map<String, Long> byDescriptor = new HashMap<>();
                        registry.collect(new LongCollector((descriptor, value) -> {
                            String metric = descriptor.metric();
                            if (ITEMS_OUT.equals(metric)
                                    || ITEMS_IN.equals(metric)
                                    || BYTES_OUT.equals(metric)
                                    || BYTES_IN.equals(metric)) {
                                byDescriptor.put(metric + "|" + descriptor, value);
                            }
                        }));
                        synchronized (last) {
                            last.putAll(byDescriptor);
                        }
                        try {
                            Thread.sleep(5);
                        } catch (InterruptedException e) {
                            return;
                        }
                    }
                },
                "bench-metrics-sampler");
        sampler.setDaemon(true);
        sampler.start();
        try {
            work.run();
        } finally {
            running.set(false);
            try {
                sampler.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        Map<String, Long> totals = new HashMap<>();
        synchronized (last) {
            last.forEach((key, value) -> totals.merge(key.substring(0, key.indexOf('|')), value, Long::sum));
        }
        return totals;
    }

    private interface LongValue {
        void accept(MetricDescriptor descriptor, long value);
    }

    private record LongCollector(LongValue onLong) implements MetricsCollector {
        @Override
        public void collectLong(MetricDescriptor descriptor, long value) {
            onLong.accept(descriptor, value);
        }

        @Override
        public void collectDouble(MetricDescriptor descriptor, double value) {}

        @Override
        public void collectException(MetricDescriptor descriptor, Exception e) {}

        @Override
        public void collectNoValue(MetricDescriptor descriptor) {}
    }
}
