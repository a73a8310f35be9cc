package dev.sluice.parse;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Read execution arguments from the command line or the environment: the seed's {@code
 * bytewax.parse}.
 *
 * <p>Command lines are read as the seed's {@code argparse} parsers read them: a flag's value may be
 * attached ({@code -w2}, also {@code -w=2}) or the next argument ({@code -w 2}); a flag given twice
 * keeps its last value, except {@code -a}, which adds an address each time; anything else (a
 * positional argument, {@code --}, an unknown flag) is an error.
 *
 * <pre>{@code
 * ClusterArgs cluster = Parse.clusterArgs("-w2", "-n2");             // 2 processes of 2 workers
 * ProcArgs proc = Parse.procArgs("-w2", "-p0", "-a", "localhost:2101");
 * ProcArgs fromEnv = Parse.procEnv();                                 // SLUICE_* variables
 * }</pre>
 */
public final class Parse {

    /** The {@code ;}-separated {@code host:port} addresses of every process of the cluster. */
    public static final String ENV_ADDRESSES = "SLUICE_ADDRESSES";
    /** The path of a file listing the addresses, one per line; read when {@link #ENV_ADDRESSES} is unset. */
    public static final String ENV_HOSTFILE_PATH = "SLUICE_HOSTFILE_PATH";
    /** The index of this process among the addresses, from 0. */
    public static final String ENV_PROCESS_ID = "SLUICE_PROCESS_ID";
    /** This pod's name, {@code <statefulset>-<ordinal>}; read when {@link #ENV_PROCESS_ID} is unset. */
    public static final String ENV_POD_NAME = "SLUICE_POD_NAME";
    /** The StatefulSet's name, the prefix of {@link #ENV_POD_NAME}. */
    public static final String ENV_STATEFULSET_NAME = "SLUICE_STATEFULSET_NAME";
    /** The number of worker threads per process, at least 1. */
    public static final String ENV_WORKERS_PER_PROCESS = "SLUICE_WORKERS_PER_PROCESS";

    private static final String CLUSTER_USAGE = "usage: [-w WORKER_COUNT_PER_PROC] [-n PROC_COUNT]";
    private static final String PROC_USAGE = "usage: [-w WORKER_COUNT_PER_PROC] -p PROC_ID -a ADDRESS [-a ADDRESS ...]";

    private static final Flag WORKERS = new Flag("-w", "number of worker threads per process");
    private static final Flag PROCESSES = new Flag("-n", "number of processes to start");
    private static final Flag PROC_ID = new Flag("-p", "index of this process in the cluster, from 0");
    private static final Flag ADDRESS = new Flag(
            "-a", "host:port address of a process of the cluster, this one " + "included; repeat it for every process");

    private Parse() {}

    /**
     * Parse the arguments of a cluster run on this machine (the seed's {@code run_cluster} and
     * {@code spawn_cluster}).
     *
     * <ul>
     *   <li>{@code -w N}: worker threads per process, at least 1, default 1;
     *   <li>{@code -n N}: processes to start, at least 1, default 1.
     * </ul>
     *
     * <pre>{@code
     * Parse.clusterArgs("-w2", "-n2")   // ClusterArgs[procCount=2, workerCountPerProc=2]
     * Parse.clusterArgs()               // ClusterArgs[procCount=1, workerCountPerProc=1]
     * }</pre>
     *
     * @param args the command line arguments, e.g. {@code main}'s
     * @return the process and worker counts
     * @throws IllegalArgumentException naming the flag, for an unknown argument, a missing or
     *     non-integer value, or a count below 1
     */
    public static ClusterArgs clusterArgs(String... args) {
        int workerCountPerProc = 1;
        int procCount = 1;
        for (Option option : scan(args, CLUSTER_USAGE, WORKERS, PROCESSES)) {
            if (option.flag() == WORKERS) {
                workerCountPerProc = parseInt(option, 1, CLUSTER_USAGE);
            } else {
                procCount = parseInt(option, 1, CLUSTER_USAGE);
            }
        }
        return new ClusterArgs(procCount, workerCountPerProc);
    }

    /**
     * Parse the arguments of one process of a cluster started by hand (the seed's {@code
     * cluster_main}).
     *
     * <ul>
     *   <li>{@code -w N}: worker threads per process, at least 1, default 1;
     *   <li>{@code -p ID}: the index of this process, required, in {@code [0, number of -a)};
     *   <li>{@code -a HOST:PORT}: the address of a process, required, repeated once per process of
     *       the cluster (this one included) in process id order.
     * </ul>
     *
     * <pre>{@code
     * Parse.procArgs("-w2", "-p0", "-a", "localhost:2101")
     *     // ProcArgs[workerCountPerProc=2, addresses=[localhost:2101], procId=0]
     * }</pre>
     *
     * @param args the command line arguments, e.g. {@code main}'s
     * @return this process's arguments
     * @throws IllegalArgumentException naming the flag, for an unknown argument, a missing required
     *     flag, a missing or malformed value, or a process id that is not an index of the addresses
     */
    public static ProcArgs procArgs(String... args) {
        int workerCountPerProc = 1;
        Option procIdOption = null;
        List<String> addresses = new ArrayList<>();
        for (Option option : scan(args, PROC_USAGE, WORKERS, PROC_ID, ADDRESS)) {
            if (option.flag() == WORKERS) {
                workerCountPerProc = parseInt(option, 1, PROC_USAGE);
            } else if (option.flag() == PROC_ID) {
                procIdOption = option;
            } else {
                String address = option.value().strip();
                if (address.isEmpty()) {
                    throw usageError(
                            option.flag(), "expected a host:port address, got '" + option.value() + "'", PROC_USAGE);
                }
                addresses.add(address);
            }
        }
        List<String> missing = new ArrayList<>();
        if (procIdOption == null) {
            missing.add(PROC_ID.name());
        }
        if (addresses.isEmpty()) {
            missing.add(ADDRESS.name());
        }
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException("the following arguments are required: " + String.join(", ", missing)
                    + " (" + PROC_ID.name() + ": " + PROC_ID.help() + "; " + ADDRESS.name() + ": " + ADDRESS.help()
                    + "); " + PROC_USAGE);
        }
        int procId = parseInt(procIdOption, 0, PROC_USAGE);
        if (procId >= addresses.size()) {
            throw usageError(
                    PROC_ID,
                    procId + " is not the index of one of the " + addresses.size()
                            + " addresses given with -a; it must be in [0, " + addresses.size() + ")",
                    PROC_USAGE);
        }
        return new ProcArgs(workerCountPerProc, addresses, procId);
    }

    /**
     * Read this process's arguments from the environment variables of this JVM; see {@link
     * #procEnv(Map)}.
     *
     * @return this process's arguments
     */
    public static ProcArgs procEnv() {
        return procEnv(System.getenv());
    }

    /**
     * Read this process's arguments from environment variables (the seed's {@code proc_env}); this
     * is what a Kubernetes StatefulSet provides.
     *
     * <ul>
     *   <li>the addresses: {@value #ENV_ADDRESSES}, {@code ;}-separated {@code host:port}s, or else
     *       {@value #ENV_HOSTFILE_PATH}, the path of a UTF-8 file listing one address per line
     *       (stripped; blank lines skipped);
     *   <li>the process id: {@value #ENV_PROCESS_ID}, or else {@value #ENV_POD_NAME} and {@value
     *       #ENV_STATEFULSET_NAME}: pod {@code name-3} of StatefulSet {@code name} is process 3;
     *   <li>the worker count: {@value #ENV_WORKERS_PER_PROCESS}, required.
     * </ul>
     *
     * <pre>{@code
     * Parse.procEnv(Map.of(
     *         "SLUICE_ADDRESSES", "localhost:2101",
     *         "SLUICE_PROCESS_ID", "0",
     *         "SLUICE_WORKERS_PER_PROCESS", "2"))
     *     // ProcArgs[workerCountPerProc=2, addresses=[localhost:2101], procId=0]
     * }</pre>
     *
     * @param env the environment, variable name to value
     * @return this process's arguments
     * @throws IllegalArgumentException naming the variable, if one is missing or malformed, or the
     *     process id is not an index of the addresses
     * @throws UncheckedIOException naming the path, if the host file cannot be read
     */
    public static ProcArgs procEnv(Map<String, String> env) {
        Objects.requireNonNull(env, "env must not be null");
        List<String> addresses = addressesFromEnv(env);
        String procIdSource = env.containsKey(ENV_PROCESS_ID) ? ENV_PROCESS_ID : ENV_POD_NAME;
        int procId = procIdFromEnv(env);
        String workers = env.get(ENV_WORKERS_PER_PROCESS);
        if (workers == null) {
            throw new IllegalArgumentException(ENV_WORKERS_PER_PROCESS + " must hold the number of worker threads "
                    + "per process, an integer of at least 1; it is not set");
        }
        int workerCountPerProc = parseEnvInt(
                ENV_WORKERS_PER_PROCESS,
                workers,
                1,
                "the number of worker threads per process, an integer of at least 1");
        if (procId >= addresses.size()) {
            String addressSource = env.containsKey(ENV_ADDRESSES) ? ENV_ADDRESSES : ENV_HOSTFILE_PATH;
            throw new IllegalArgumentException("the process id " + procId + " (from " + procIdSource
                    + ") is not the index of one of the " + addresses.size() + " addresses (from " + addressSource
                    + "); it must be in [0, " + addresses.size() + ")");
        }
        return new ProcArgs(workerCountPerProc, addresses, procId);
    }

    private static List<String> addressesFromEnv(Map<String, String> env) {
        String joined = env.get(ENV_ADDRESSES);
        if (joined != null) {
            List<String> addresses = new ArrayList<>();
            String[] parts = joined.split(";", -1);
            for (int i = 0; i < parts.length; i++) {
                String address = parts[i].strip();
                if (address.isEmpty()) {
                    throw new IllegalArgumentException(ENV_ADDRESSES + " must hold the ;-separated host:port "
                            + "addresses of every process of the cluster; address " + (i + 1) + " of '" + joined
                            + "' is empty");
                }
                addresses.add(address);
            }
            return addresses;
        }
        String hostfile = env.get(ENV_HOSTFILE_PATH);
        if (hostfile == null) {
            throw new IllegalArgumentException("set " + ENV_ADDRESSES + " to the ;-separated host:port addresses of "
                    + "every process of the cluster, or " + ENV_HOSTFILE_PATH + " to the path of a file listing "
                    + "them one per line; neither is set");
        }
        if (hostfile.isBlank()) {
            throw new IllegalArgumentException(ENV_HOSTFILE_PATH + " must hold the path of a file listing the "
                    + "host:port address of every process, one per line; it is empty");
        }
        Path path;
        try {
            path = Path.of(hostfile);
        } catch (InvalidPathException e) {
            throw new IllegalArgumentException(
                    ENV_HOSTFILE_PATH + " must hold the path of a file listing the "
                            + "host:port address of every process, one per line; '" + hostfile
                            + "' is not a valid path: "
                            + e.getReason(),
                    e);
        }
        List<String> lines;
        try {
            lines = Files.readAllLines(path, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "cannot read the host file " + path + " named by " + ENV_HOSTFILE_PATH + " ("
                            + e.getClass().getSimpleName() + ": " + e.getMessage() + ")",
                    e);
        }
        List<String> addresses = new ArrayList<>();
        for (String line : lines) {
            String address = line.strip();
            if (!address.isEmpty()) {
                addresses.add(address);
            }
        }
        if (addresses.isEmpty()) {
            throw new IllegalArgumentException("the host file " + path + " named by " + ENV_HOSTFILE_PATH
                    + " lists no addresses; it must list the host:port address of every process, one per line");
        }
        return addresses;
    }

    private static int procIdFromEnv(Map<String, String> env) {
        String procId = env.get(ENV_PROCESS_ID);
        if (procId != null) {
            return parseEnvInt(
                    ENV_PROCESS_ID, procId, 0, "the index of this process among the addresses, an integer from 0");
        }
        String pod = env.get(ENV_POD_NAME);
        String statefulSet = env.get(ENV_STATEFULSET_NAME);
        if (pod == null || statefulSet == null) {
            throw new IllegalArgumentException("set " + ENV_PROCESS_ID + " to the index of this process among the "
                    + "addresses, or " + ENV_POD_NAME + " and " + ENV_STATEFULSET_NAME + " (pod name-3 of StatefulSet "
                    + "name is process 3); "
                    + (pod == null && statefulSet == null
                            ? "none is set"
                            : (pod == null ? ENV_POD_NAME : ENV_STATEFULSET_NAME) + " is not set"));
        }
        String prefix = statefulSet + "-";
        String what = "the StatefulSet name " + ENV_STATEFULSET_NAME + " ('" + statefulSet + "') followed by '-' and "
                + "the pod's ordinal, e.g. " + prefix + "3";
        if (!pod.startsWith(prefix)) {
            throw new IllegalArgumentException(ENV_POD_NAME + " must be " + what + "; got '" + pod + "'");
        }
        try {
            int ordinal = Integer.parseInt(pod.substring(prefix.length()));
            if (ordinal >= 0) {
                return ordinal;
            }
        } catch (NumberFormatException e) {
            // reported below, with the whole pod name
        }
        throw new IllegalArgumentException(ENV_POD_NAME + " must be " + what + "; got '" + pod + "'");
    }

    private static int parseEnvInt(String variable, String value, int min, String what) {
        int parsed;
        try {
            parsed = Integer.parseInt(value.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(variable + " must hold " + what + "; got '" + value + "'");
        }
        if (parsed < min) {
            throw new IllegalArgumentException(variable + " must hold " + what + "; got " + parsed);
        }
        return parsed;
    }

    /** A single-letter flag and what it means, for messages. */
    private record Flag(String name, String help) {}

    /** A flag as given, with its value. */
    private record Option(Flag flag, String value) {}

    /** Splits the arguments into flags and values, as argparse does for single-letter options. */
    private static List<Option> scan(String[] args, String usage, Flag... flags) {
        Objects.requireNonNull(args, "args must not be null");
        List<Option> options = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String arg = Objects.requireNonNull(args[i], "args[" + i + "] must not be null");
            Flag flag = arg.length() >= 2 ? find(flags, arg.substring(0, 2)) : null;
            if (flag == null) {
                throw new IllegalArgumentException("unrecognized argument: '" + arg + "'; " + usage);
            }
            String value;
            if (arg.length() > 2) {
                value = arg.charAt(2) == '=' ? arg.substring(3) : arg.substring(2);
            } else if (i + 1 < args.length && !looksLikeFlag(args[i + 1])) {
                value = args[++i];
            } else {
                throw usageError(flag, "expected one value", usage);
            }
            options.add(new Option(flag, value));
        }
        return options;
    }

    private static Flag find(Flag[] flags, String name) {
        for (Flag flag : flags) {
            if (flag.name().equals(name)) {
                return flag;
            }
        }
        return null;
    }

    /** Like argparse, a negative number is a value, not a flag. */
    private static boolean looksLikeFlag(String arg) {
        return arg != null
                && arg.length() > 1
                && arg.charAt(0) == '-'
                && !arg.substring(1).chars().allMatch(Character::isDigit);
    }

    private static int parseInt(Option option, int min, String usage) {
        int parsed;
        try {
            parsed = Integer.parseInt(option.value().strip());
        } catch (NumberFormatException e) {
            throw usageError(option.flag(), "invalid int value: '" + option.value() + "'", usage);
        }
        if (parsed < min) {
            throw usageError(option.flag(), "must be at least " + min + ", got " + parsed, usage);
        }
        return parsed;
    }

    private static IllegalArgumentException usageError(Flag flag, String problem, String usage) {
        return new IllegalArgumentException(
                "argument " + flag.name() + " (" + flag.help() + "): " + problem + "; " + usage);
    }
}
