package dev.sluice.server.flows;

import java.io.IOException;
import java.io.InputStream;
import java.io.ObjectOutputStream;
import java.io.OutputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.lang.invoke.SerializedLambda;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Set;
import java.util.TreeSet;

/**
 * What a flow (or builder) is, as a short hash: its Java serialized form (the steps, their order, what
 * their functions capture, which method each lambda is) and the bytecode of every class that form names
 * outside the JDK (the step functions' classes, the classes that define the lambdas, Sluice's own). Two
 * members with the same hash run the same code for that flow; another build of the flow jar, or of
 * Sluice, gives another hash. The same on every JVM: nothing in it depends on the process.
 */
final class Fingerprint {

    /** Hex digits kept: 64 bits, plenty to tell builds apart, short enough for messages. */
    static final int LENGTH = 16;

    private Fingerprint() {}

    static String of(Serializable value, ClassLoader loader) {
        MessageDigest digest = sha256();
        Set<String> classes = new TreeSet<>();
        try (ObjectOutputStream out = new NamingStream(new DigestStream(digest), classes)) {
            out.writeObject(value);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot serialize " + value + " to fingerprint it", e);
        }
        for (String name : classes) {
            digest.update(name.getBytes(StandardCharsets.UTF_8));
            digest.update(bytecode(name, loader));
        }
        return HexFormat.of().formatHex(digest.digest()).substring(0, LENGTH);
    }

    private static byte[] bytecode(String className, ClassLoader loader) {
        String resource = className.replace('.', '/') + ".class";
        try (InputStream in = loader.getResourceAsStream(resource)) {
            // a class defined at run time has no bytecode to read: its name (and the form) must do
            return in == null ? new byte[0] : in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + resource + " to fingerprint a flow", e);
        }
    }

    /** Records the classes a serialized form names: its class descriptors, and each lambda's classes. */
    private static final class NamingStream extends ObjectOutputStream {
        private final Set<String> classes;

        NamingStream(OutputStream out, Set<String> classes) throws IOException {
            super(out);
            this.classes = classes;
            enableReplaceObject(true);
        }

        @Override
        protected void annotateClass(Class<?> type) {
            add(type);
        }

        @Override
        protected void annotateProxyClass(Class<?> type) {
            add(type);
        }

        @Override
        protected Object replaceObject(Object object) {
            // a serializable lambda arrives here as what its writeReplace made of it
            if (object instanceof SerializedLambda lambda) {
                classes.add(lambda.getCapturingClass().replace('/', '.'));
                classes.add(lambda.getImplClass().replace('/', '.'));
            }
            return object;
        }

        private void add(Class<?> type) {
            while (type.isArray()) {
                type = type.getComponentType();
            }
            // the JDK's classes are the JVM's business; a hidden class (a lambda's) has no bytecode
            ClassLoader loader = type.getClassLoader();
            if (!type.isPrimitive()
                    && loader != null
                    && loader != ClassLoader.getPlatformClassLoader()
                    && !type.isHidden()) {
                classes.add(type.getName());
            }
        }
    }

    private static final class DigestStream extends OutputStream {
        private final MessageDigest digest;

        DigestStream(MessageDigest digest) {
            this.digest = digest;
        }

        @Override
        public void write(int b) {
            digest.update((byte) b);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) {
            digest.update(bytes, offset, length);
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
