package dev.sluice.parse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ParseTest {

    private static String[] split(String commandLine) {
        return commandLine.split(" ");
    }

    @Nested
    class ClusterArgsFromTheCommandLine {

        @Test
        void docExampleGivesTwoProcessesOfTwoWorkers() {
            // when
            ClusterArgs args = Parse.clusterArgs(split("-w2 -n2"));

            // then
            assertThat(args).isEqualTo(new ClusterArgs(2, 2));
            assertThat(args.workerCount()).isEqualTo(4);
        }

        @Test
        void defaultsToOneProcessOfOneWorker() {
            assertThat(Parse.clusterArgs()).isEqualTo(new ClusterArgs(1, 1));
            assertThat(Parse.clusterArgs("-n", "3")).isEqualTo(new ClusterArgs(3, 1));
            assertThat(Parse.clusterArgs("-w", "3")).isEqualTo(new ClusterArgs(1, 3));
        }

        @Test
        void acceptsAttachedSeparateAndEqualsValues() {
            assertThat(Parse.clusterArgs("-w", "2", "-n", "3")).isEqualTo(new ClusterArgs(3, 2));
            assertThat(Parse.clusterArgs("-n3", "-w=4")).isEqualTo(new ClusterArgs(3, 4));
            assertThat(Parse.clusterArgs("-w", " 5 ")).isEqualTo(new ClusterArgs(1, 5));
        }

        @Test
        void aRepeatedFlagKeepsItsLastValueAsArgparseDoes() {
            assertThat(Parse.clusterArgs("-w1", "-w3")).isEqualTo(new ClusterArgs(1, 3));
        }

        @Test
        void rejectsUnknownArgumentsWithTheUsage() {
            for (String[] args : List.of(
                    new String[] {"-x", "1"},
                    new String[] {"--workers", "2"},
                    new String[] {"--"},
                    new String[] {"foo"},
                    new String[] {"-"},
                    new String[] {"-p0"})) {
                assertThatThrownBy(() -> Parse.clusterArgs(args))
                        .as("args %s", List.of(args))
                        .isInstanceOf(IllegalArgumentException.class)
                        .hasMessage("unrecognized argument: '" + args[0] + "'; usage: [-w WORKER_COUNT_PER_PROC] "
                                + "[-n PROC_COUNT]");
            }
        }

        @Test
        void rejectsAFlagWithoutAValue() {
            assertThatThrownBy(() -> Parse.clusterArgs("-n2", "-w"))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("argument -w (number of worker threads per process): expected one value; "
                            + "usage: [-w WORKER_COUNT_PER_PROC] [-n PROC_COUNT]");
            assertThatThrownBy(() -> Parse.clusterArgs("-w", "-n", "2"))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("argument -w (number of worker threads per process): expected one value");
        }

        @Test
        void rejectsANonIntegerValue() {
            assertThatThrownBy(() -> Parse.clusterArgs("-wabc"))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith(
                            "argument -w (number of worker threads per process): invalid int value: 'abc'");
            assertThatThrownBy(() -> Parse.clusterArgs("-n", "1.5"))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("argument -n (number of processes to start): invalid int value: '1.5'");
        }

        @Test
        void rejectsCountsBelowOne() {
            assertThatThrownBy(() -> Parse.clusterArgs("-n0"))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("argument -n (number of processes to start): must be at least 1, got 0");
            assertThatThrownBy(() -> Parse.clusterArgs("-w", "-1"))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith(
                            "argument -w (number of worker threads per process): must be at least 1, got -1");
        }

        @Test
        void rejectsNullArguments() {
            assertThatThrownBy(() -> Parse.clusterArgs((String[]) null))
                    .isInstanceOf(NullPointerException.class)
                    .hasMessage("args must not be null");
            assertThatThrownBy(() -> Parse.clusterArgs("-w2", null))
                    .isInstanceOf(NullPointerException.class)
                    .hasMessage("args[1] must not be null");
        }
    }

    @Nested
    class ProcArgsFromTheCommandLine {

        @Test
        void docExampleGivesOneProcessOfTwoWorkers() {
            // when
            ProcArgs args = Parse.procArgs(split("-w2 -p0 -a localhost:2101"));

            // then
            assertThat(args).isEqualTo(new ProcArgs(2, List.of("localhost:2101"), 0));
            assertThat(args.procCount()).isEqualTo(1);
        }

        @Test
        void collectsRepeatedAddressesInOrderAndDefaultsToOneWorker() {
            // when
            ProcArgs args = Parse.procArgs("-p", "1", "-a", "h0:2101", "-ah1:2101", "-a=h2:2101");

            // then
            assertThat(args.workerCountPerProc()).isEqualTo(1);
            assertThat(args.addresses()).containsExactly("h0:2101", "h1:2101", "h2:2101");
            assertThat(args.procId()).isEqualTo(1);
        }

        @Test
        void rejectsMissingRequiredFlags() {
            assertThatThrownBy(() -> Parse.procArgs("-a", "h0:2101"))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("the following arguments are required: -p (");
            assertThatThrownBy(() -> Parse.procArgs("-p0"))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("the following arguments are required: -a (");
            assertThatThrownBy(() -> Parse.procArgs("-w2"))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("the following arguments are required: -p, -a (")
                    .hasMessageEndingWith("usage: [-w WORKER_COUNT_PER_PROC] -p PROC_ID -a ADDRESS [-a ADDRESS ...]");
        }

        @Test
        void rejectsAProcessIdThatIsNotAnIndexOfTheAddresses() {
            assertThatThrownBy(() -> Parse.procArgs("-p2", "-a", "h0:1", "-a", "h1:1"))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("argument -p (index of this process in the cluster, from 0): 2 is not the "
                            + "index of one of the 2 addresses given with -a; it must be in [0, 2)");
            assertThatThrownBy(() -> Parse.procArgs("-p", "-1", "-a", "h0:1"))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("argument -p (index of this process in the cluster, from 0): must be at "
                            + "least 0, got -1");
        }

        @Test
        void rejectsMalformedValues() {
            assertThatThrownBy(() -> Parse.procArgs("-pzero", "-a", "h0:1"))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("argument -p (")
                    .hasMessageContaining("invalid int value: 'zero'");
            assertThatThrownBy(() -> Parse.procArgs("-p0", "-a", " "))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("argument -a (")
                    .hasMessageContaining("expected a host:port address, got ' '");
            assertThatThrownBy(() -> Parse.procArgs("-p0", "-a"))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("argument -a (")
                    .hasMessageContaining("expected one value");
            assertThatThrownBy(() -> Parse.procArgs("-w0", "-p0", "-a", "h0:1"))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("argument -w (")
                    .hasMessageContaining("must be at least 1, got 0");
        }

        @Test
        void rejectsFlagsOfTheClusterForm() {
            assertThatThrownBy(() -> Parse.procArgs("-n2", "-p0", "-a", "h0:1"))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("unrecognized argument: '-n2'");
        }
    }

    @Nested
    class ProcArgsFromTheEnvironment {

        @TempDir
        Path dir;

        private Map<String, String> env(String... keysAndValues) {
            Map<String, String> env = new HashMap<>();
            for (int i = 0; i < keysAndValues.length; i += 2) {
                env.put(keysAndValues[i], keysAndValues[i + 1]);
            }
            return env;
        }

        private Path hostfile(String content) throws IOException {
            return Files.writeString(dir.resolve("hosts.txt"), content, StandardCharsets.UTF_8);
        }

        @Test
        void docExampleGivesOneProcessOfTwoWorkers() {
            // given
            Map<String, String> env = env(
                    "SLUICE_ADDRESSES", "localhost:2101",
                    "SLUICE_PROCESS_ID", "0",
                    "SLUICE_WORKERS_PER_PROCESS", "2");

            // when
            ProcArgs args = Parse.procEnv(env);

            // then
            assertThat(args).isEqualTo(new ProcArgs(2, List.of("localhost:2101"), 0));
        }

        @Test
        void testParseArgsEnviron() throws IOException {
            // given the seed's host file, with a blank last line, and a StatefulSet pod name
            Path hosts = hostfile("localhost:1234\nlocalhost:5678\n\n");
            Map<String, String> env = env(
                    "SLUICE_HOSTFILE_PATH", hosts.toString(),
                    "SLUICE_POD_NAME", "stateful_set-0",
                    "SLUICE_STATEFULSET_NAME", "stateful_set",
                    "SLUICE_WORKERS_PER_PROCESS", "1");

            // when
            ProcArgs args = Parse.procEnv(env);

            // then
            assertThat(args.procId()).isZero();
            assertThat(args.addresses()).containsExactly("localhost:1234", "localhost:5678");
            assertThat(String.join(";", args.addresses())).isEqualTo("localhost:1234;localhost:5678");
        }

        @Test
        void hostFileLinesAreStrippedAndBlankOnesSkipped() throws IOException {
            // given
            Path hosts = hostfile("  h0:1  \r\n\n   \n\th1:1\n");

            // when
            ProcArgs args = Parse.procEnv(env(
                    "SLUICE_HOSTFILE_PATH",
                    hosts.toString(),
                    "SLUICE_PROCESS_ID",
                    "1",
                    "SLUICE_WORKERS_PER_PROCESS",
                    "3"));

            // then
            assertThat(args).isEqualTo(new ProcArgs(3, List.of("h0:1", "h1:1"), 1));
        }

        @Test
        void splitsAddressesOnSemicolonsAndTakesThePodOrdinal() {
            // when
            ProcArgs args = Parse.procEnv(env(
                    "SLUICE_ADDRESSES",
                    "web-0.web:2101; web-1.web:2101;web-2.web:2101",
                    "SLUICE_POD_NAME",
                    "web-2",
                    "SLUICE_STATEFULSET_NAME",
                    "web",
                    "SLUICE_WORKERS_PER_PROCESS",
                    "4"));

            // then
            assertThat(args.addresses()).containsExactly("web-0.web:2101", "web-1.web:2101", "web-2.web:2101");
            assertThat(args.procId()).isEqualTo(2);
            assertThat(args.workerCountPerProc()).isEqualTo(4);
        }

        @Test
        void addressesAndProcessIdWinOverHostFileAndPodName() {
            // given a host file path and a pod name that would both fail if read
            Map<String, String> env = env(
                    "SLUICE_ADDRESSES",
                    "a:1;b:1",
                    "SLUICE_HOSTFILE_PATH",
                    dir.resolve("missing.txt").toString(),
                    "SLUICE_PROCESS_ID",
                    "1",
                    "SLUICE_POD_NAME",
                    "not-a-number",
                    "SLUICE_STATEFULSET_NAME",
                    "other",
                    "SLUICE_WORKERS_PER_PROCESS",
                    "1");

            // when / then
            assertThat(Parse.procEnv(env)).isEqualTo(new ProcArgs(1, List.of("a:1", "b:1"), 1));
        }

        @Test
        void rejectsAMissingAddressList() {
            assertThatThrownBy(() -> Parse.procEnv(env("SLUICE_PROCESS_ID", "0", "SLUICE_WORKERS_PER_PROCESS", "1")))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("set SLUICE_ADDRESSES to the ;-separated host:port addresses of every process of the "
                            + "cluster, or SLUICE_HOSTFILE_PATH to the path of a file listing them one per line; "
                            + "neither is set");
        }

        @Test
        void rejectsAnEmptyAddress() {
            for (String addresses : List.of("a:1;;b:1", "a:1;", "")) {
                assertThatThrownBy(() -> Parse.procEnv(env(
                                "SLUICE_ADDRESSES",
                                addresses,
                                "SLUICE_PROCESS_ID",
                                "0",
                                "SLUICE_WORKERS_PER_PROCESS",
                                "1")))
                        .as("SLUICE_ADDRESSES=%s", addresses)
                        .isInstanceOf(IllegalArgumentException.class)
                        .hasMessageStartingWith("SLUICE_ADDRESSES must hold the ;-separated host:port addresses")
                        .hasMessageEndingWith("of '" + addresses + "' is empty");
            }
        }

        @Test
        void anUnreadableHostFileIsAnUncheckedIoErrorNamingThePath() {
            Path missing = dir.resolve("missing.txt");
            assertThatThrownBy(() -> Parse.procEnv(env(
                            "SLUICE_HOSTFILE_PATH",
                            missing.toString(),
                            "SLUICE_PROCESS_ID",
                            "0",
                            "SLUICE_WORKERS_PER_PROCESS",
                            "1")))
                    .isInstanceOf(UncheckedIOException.class)
                    .hasMessageStartingWith("cannot read the host file " + missing + " named by SLUICE_HOSTFILE_PATH")
                    .hasMessageContaining("NoSuchFileException");
        }

        @Test
        void rejectsAHostFileWithoutAddresses() throws IOException {
            Path hosts = hostfile("\n  \n");
            assertThatThrownBy(() -> Parse.procEnv(env(
                            "SLUICE_HOSTFILE_PATH",
                            hosts.toString(),
                            "SLUICE_PROCESS_ID",
                            "0",
                            "SLUICE_WORKERS_PER_PROCESS",
                            "1")))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith(
                            "the host file " + hosts + " named by SLUICE_HOSTFILE_PATH lists no addresses");
            assertThatThrownBy(() -> Parse.procEnv(env(
                            "SLUICE_HOSTFILE_PATH", " ", "SLUICE_PROCESS_ID", "0", "SLUICE_WORKERS_PER_PROCESS", "1")))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("SLUICE_HOSTFILE_PATH must hold the path of a file")
                    .hasMessageEndingWith("it is empty");
        }

        @Test
        void rejectsAMissingProcessId() {
            assertThatThrownBy(() -> Parse.procEnv(env("SLUICE_ADDRESSES", "a:1", "SLUICE_WORKERS_PER_PROCESS", "1")))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("set SLUICE_PROCESS_ID to the index of this process among the addresses, "
                            + "or SLUICE_POD_NAME and SLUICE_STATEFULSET_NAME")
                    .hasMessageEndingWith("none is set");
            assertThatThrownBy(() -> Parse.procEnv(env(
                            "SLUICE_ADDRESSES", "a:1", "SLUICE_POD_NAME", "web-0", "SLUICE_WORKERS_PER_PROCESS", "1")))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageEndingWith("SLUICE_STATEFULSET_NAME is not set");
        }

        @Test
        void rejectsAMalformedProcessId() {
            for (String procId : List.of("zero", "-1", "")) {
                assertThatThrownBy(() -> Parse.procEnv(env(
                                "SLUICE_ADDRESSES",
                                "a:1",
                                "SLUICE_PROCESS_ID",
                                procId,
                                "SLUICE_WORKERS_PER_PROCESS",
                                "1")))
                        .as("SLUICE_PROCESS_ID=%s", procId)
                        .isInstanceOf(IllegalArgumentException.class)
                        .hasMessageStartingWith("SLUICE_PROCESS_ID must hold the index of this process among the "
                                + "addresses, an integer from 0; got ");
            }
        }

        @Test
        void rejectsAPodNameThatIsNotTheStatefulSetsOrdinal() {
            for (String pod : List.of("other-0", "web-x", "web-", "web--1", "web0")) {
                assertThatThrownBy(() -> Parse.procEnv(env(
                                "SLUICE_ADDRESSES",
                                "a:1",
                                "SLUICE_POD_NAME",
                                pod,
                                "SLUICE_STATEFULSET_NAME",
                                "web",
                                "SLUICE_WORKERS_PER_PROCESS",
                                "1")))
                        .as("SLUICE_POD_NAME=%s", pod)
                        .isInstanceOf(IllegalArgumentException.class)
                        .hasMessage("SLUICE_POD_NAME must be the StatefulSet name SLUICE_STATEFULSET_NAME ('web') "
                                + "followed by '-' and the pod's ordinal, e.g. web-3; got '" + pod + "'");
            }
        }

        @Test
        void rejectsAProcessIdOutsideTheAddresses() {
            assertThatThrownBy(() -> Parse.procEnv(env(
                            "SLUICE_ADDRESSES",
                            "a:1;b:1",
                            "SLUICE_PROCESS_ID",
                            "2",
                            "SLUICE_WORKERS_PER_PROCESS",
                            "1")))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("the process id 2 (from SLUICE_PROCESS_ID) is not the index of one of the 2 addresses "
                            + "(from SLUICE_ADDRESSES); it must be in [0, 2)");
            assertThatThrownBy(() -> Parse.procEnv(env(
                            "SLUICE_ADDRESSES",
                            "a:1",
                            "SLUICE_POD_NAME",
                            "web-1",
                            "SLUICE_STATEFULSET_NAME",
                            "web",
                            "SLUICE_WORKERS_PER_PROCESS",
                            "1")))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("(from SLUICE_POD_NAME)");
        }

        @Test
        void rejectsAMissingOrMalformedWorkerCount() {
            assertThatThrownBy(() -> Parse.procEnv(env("SLUICE_ADDRESSES", "a:1", "SLUICE_PROCESS_ID", "0")))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("SLUICE_WORKERS_PER_PROCESS must hold the number of worker threads per process, an "
                            + "integer of at least 1; it is not set");
            assertThatThrownBy(() -> Parse.procEnv(env(
                            "SLUICE_ADDRESSES", "a:1", "SLUICE_PROCESS_ID", "0", "SLUICE_WORKERS_PER_PROCESS", "two")))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageEndingWith("an integer of at least 1; got 'two'");
            assertThatThrownBy(() -> Parse.procEnv(env(
                            "SLUICE_ADDRESSES", "a:1", "SLUICE_PROCESS_ID", "0", "SLUICE_WORKERS_PER_PROCESS", "0")))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageEndingWith("an integer of at least 1; got 0");
        }

        @Test
        void readsThisJvmsEnvironmentByDefault() {
            // given a JVM started without any SLUICE_ variable
            assumeTrue(System.getenv().keySet().stream().noneMatch(name -> name.startsWith("SLUICE_")));

            // when / then
            assertThatThrownBy(Parse::procEnv)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("SLUICE_ADDRESSES");
        }
    }

    @Nested
    class Records {

        @Test
        void procArgsKeepsAnUnmodifiableCopyOfTheAddresses() {
            // given
            List<String> addresses = new ArrayList<>(List.of("a:1", "b:1"));

            // when
            ProcArgs args = new ProcArgs(1, addresses, 0);
            addresses.add("c:1");

            // then
            assertThat(args.addresses()).containsExactly("a:1", "b:1");
            assertThatThrownBy(() -> args.addresses().add("d:1")).isInstanceOf(UnsupportedOperationException.class);
        }

        @Test
        void recordsRejectImpossibleValues() {
            assertThatThrownBy(() -> new ClusterArgs(0, 1))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("procCount must be at least 1, got 0");
            assertThatThrownBy(() -> new ClusterArgs(1, 0))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("workerCountPerProc must be at least 1, got 0");
            assertThatThrownBy(() -> new ProcArgs(1, List.of(), 0))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("got none");
            assertThatThrownBy(() -> new ProcArgs(1, List.of("a:1"), 1))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("procId must be in [0, 1) for 1 addresses, got 1");
            assertThatThrownBy(() -> new ProcArgs(1, List.of(" "), 0))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("blank");
        }
    }
}
