package dev.sluice.server.web;

import jakarta.servlet.http.HttpServletRequest;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * Request bodies with a size limit ({@code sluice.run.max-request-bytes}): a declared length over it
 * is refused before anything is read; an undeclared one (chunked) is counted as it is read.
 */
public final class RequestBodies {

    private RequestBodies() {}

    /** The body of {@code request}, failing with {@link PayloadTooLargeException} past {@code maxBytes}. */
    public static InputStream limited(HttpServletRequest request, long maxBytes) {
        long declared = request.getContentLengthLong();
        if (declared > maxBytes) {
            throw new PayloadTooLargeException(declared, maxBytes);
        }
        try {
            return limited(request.getInputStream(), declared, maxBytes);
        } catch (IOException e) {
            throw new UncheckedIOException("could not read the request body", e);
        }
    }

    /**
     * A body of declared length {@code declared} (-1 when undeclared), failing with {@link
     * PayloadTooLargeException} past {@code maxBytes}.
     */
    public static InputStream limited(InputStream body, long declared, long maxBytes) {
        if (declared > maxBytes) {
            throw new PayloadTooLargeException(declared, maxBytes);
        }
        return new Limited(body, maxBytes);
    }

    private static final class Limited extends FilterInputStream {
        private final long maxBytes;
        private long read;

        Limited(InputStream in, long maxBytes) {
            super(in);
            this.maxBytes = maxBytes;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count(1);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            if (n > 0) {
                count(n);
            }
            return n;
        }

        private void count(long n) {
            read += n;
            if (read > maxBytes) {
                throw new PayloadTooLargeException(-1, maxBytes);
            }
        }
    }

    /** A body over the limit ({@code 413}). */
    public static final class PayloadTooLargeException extends ProblemException {
        PayloadTooLargeException(long declared, long maxBytes) {
            super(
                    ProblemType.BODY_TOO_LARGE,
                    (declared >= 0 ? "the body is " + declared + " bytes" : "the body is larger than the limit")
                            + "; this service takes at most " + maxBytes + " bytes (sluice.run.max-request-bytes): "
                            + "split the input over several requests, or feed it to a job");
        }
    }
}
