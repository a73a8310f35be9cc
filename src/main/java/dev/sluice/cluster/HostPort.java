package dev.sluice.cluster;

import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.util.Objects;
import java.util.Optional;

/**
 * A {@code host:port} address of a cluster member, as given in {@code sluice.cluster.members} and
 * the addresses of {@code clusterMain}. An IPv6 host is written in brackets: {@code [::1]:5701}.
 *
 * @param host the host name or IP address, without brackets
 * @param port the port, 1..65535
 */
public record HostPort(String host, int port) {

    public HostPort {
        requireNonBlank(host, "host");
        requirePort(port, "port");
    }

    /** {@code value}, checked to be neither {@code null} nor blank; {@code name} names it in the error. */
    static String requireNonBlank(String value, String name) {
        Objects.requireNonNull(value, name + " must not be null");
        if (value.isBlank()) {
            throw new IllegalArgumentException(name + " must not be blank");
        }
        return value;
    }

    /** {@code port}, checked to be 1..65535; {@code name} names it in the error. */
    static int requirePort(int port, String name) {
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException(name + " must be 1..65535, got " + port);
        }
        return port;
    }

    /**
     * Parses {@code host:port}.
     *
     * @throws IllegalArgumentException when the text is not {@code host:port} with a valid port
     */
    public static HostPort parse(String address) {
        Objects.requireNonNull(address, "address must not be null");
        String text = address.trim();
        int colon = text.lastIndexOf(':');
        if (colon <= 0 || colon == text.length() - 1) {
            throw new IllegalArgumentException("'" + address + "' is not a host:port address, e.g. 127.0.0.1:5701");
        }
        String host = text.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        } else if (host.contains(":")) {
            throw new IllegalArgumentException("'" + address + "': write an IPv6 host in brackets, e.g. [::1]:5701");
        }
        int port;
        try {
            port = Integer.parseInt(text.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + address + "' has no numeric port, e.g. 127.0.0.1:5701");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("'" + address + "': the port must be 1..65535");
        }
        return new HostPort(host, port);
    }

    /**
     * Whether the host is an address of this machine: loopback, or one of its interfaces' (a name
     * that does not resolve, or resolves elsewhere, is not).
     */
    public boolean isLocal() {
        return localAddress().isPresent();
    }

    /** The host's address when it is one of this machine's, see {@link #isLocal()}. */
    Optional<InetAddress> localAddress() {
        try {
            InetAddress address = InetAddress.getByName(host);
            if (address.isLoopbackAddress() || NetworkInterface.getByInetAddress(address) != null) {
                return Optional.of(address);
            }
            return Optional.empty();
        } catch (UnknownHostException | SocketException e) {
            return Optional.empty();
        }
    }

    @Override
    public String toString() {
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }
}
