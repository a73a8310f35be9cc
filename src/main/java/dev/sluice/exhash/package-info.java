/**
 * A consistent hash for routing keys to workers: the seed's {@code bytewax.exhash}.
 *
 * <p>Keyed steps send every item with the same key to the same worker of the whole cluster, so
 * every process must compute the same worker for the same key. {@link java.lang.Object#hashCode}
 * does not promise that (an enum's or a record of objects' hash code changes from one JVM to the
 * next), so routing uses {@link dev.sluice.exhash.Exhash#partition}, whose value depends only on
 * the key's value, with a byte encoding documented in {@link dev.sluice.exhash.Exhash} so that
 * other programs can reproduce it. Keys of any other type are refused with {@link
 * dev.sluice.exhash.UnsupportedKeyException}.
 *
 * <pre>{@code
 * int worker = Exhash.partition(KeyValue.of("user-42", 7).key(), workerCount);
 * }</pre>
 *
 * <p>This package depends on nothing but the JDK and {@code dev.sluice.dataflow}.
 */
package dev.sluice.exhash;
