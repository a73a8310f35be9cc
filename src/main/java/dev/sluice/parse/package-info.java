/**
 * Read execution arguments from the command line or the environment: the seed's {@code
 * bytewax.parse}.
 *
 * <ul>
 *   <li>{@link dev.sluice.parse.Parse#clusterArgs} &mdash; {@code -w} and {@code -n}, for running
 *       a whole cluster on this machine;
 *   <li>{@link dev.sluice.parse.Parse#procArgs} &mdash; {@code -w}, {@code -p} and repeated {@code
 *       -a}, for one process of a cluster started by hand;
 *   <li>{@link dev.sluice.parse.Parse#procEnv} &mdash; the same from {@code SLUICE_*} environment
 *       variables, which is what a Kubernetes StatefulSet provides.
 * </ul>
 *
 * <pre>{@code
 * ProcArgs proc = Parse.procArgs(args);   // e.g. -w2 -p0 -a host0:2101 -a host1:2101
 * }</pre>
 *
 * <p>Every error is an {@link java.lang.IllegalArgumentException} (an {@link
 * java.io.UncheckedIOException} for an unreadable host file) whose message names the flag or
 * variable at fault and what it should hold. This package depends on nothing but the JDK.
 */
package dev.sluice.parse;
