package dev.sluice.server.web;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads a request's body before the service sees it, without holding a thread while its bytes are on
 * the way. Servlet reads block: a client that sends its headers and then trickles (or stops sending)
 * its body would hold one of Tomcat's worker threads for as long as it likes, and a few hundred such
 * clients would leave none for health checks and runs. Here the body arrives through Servlet 3.1
 * non-blocking reads ({@link ReadListener}) on an async request, which holds no thread between reads;
 * once it is whole, the request is dispatched again with the body in memory, and the controllers read
 * it as before.
 *
 * <p>Bounds: a body must arrive whole within {@code sluice.run.body-timeout}, or the request is answered
 * {@code 408} with a problem; no more than {@code sluice.run.max-request-bytes} + 1 bytes are buffered
 * (a declared length over the limit is not read at all, and the controllers answer {@code 413} as
 * before). Runs on the first dispatch only, after every other filter, so that what they set up for the
 * request (encoding, observations, security) stays in place for the dispatch that carries the body.
 */
public final class BodyPrefetchFilter implements Filter {

    /** Set on a request whose body was read here, whose controller runs in an async dispatch. */
    static final String PREFETCHED = BodyPrefetchFilter.class.getName() + ".prefetched";

    private static final int FIRST_CHUNK = 8192;

    private final long maxBytes;
    private final Duration timeout;

    BodyPrefetchFilter(long maxBytes, Duration timeout) {
        this.maxBytes = Math.min(maxBytes, Integer.MAX_VALUE - 16); // one array holds the body
        this.timeout = timeout;
    }

    /** Whether {@code request} is the dispatch that carries a body read by this filter. */
    public static boolean isPrefetched(HttpServletRequest request) {
        return request.getAttribute(PREFETCHED) != null;
    }

    @Override
    public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain)
            throws IOException, ServletException {
        HttpServletRequest request = (HttpServletRequest) req;
        long declared = request.getContentLengthLong();
        if (!AsyncBodyListener.hasBody(request)
                || declared > maxBytes
                || request.getDispatcherType() != DispatcherType.REQUEST
                || !request.isAsyncSupported()) {
            chain.doFilter(req, res);
            return;
        }
        Buffered buffered = new Buffered(request);
        AsyncContext async = request.startAsync(buffered, res);
        async.setTimeout(timeout.toMillis());
        Reader reader = new Reader(async, buffered, declared);
        async.addListener(reader);
        reader.in.setReadListener(reader);
    }

    /** The request as the controllers see it: its body from memory once it has arrived. */
    private static final class Buffered extends HttpServletRequestWrapper {
        private volatile ServletInputStream body;

        Buffered(HttpServletRequest request) {
            super(request);
        }

        @Override
        public ServletInputStream getInputStream() throws IOException {
            ServletInputStream in = body;
            return in == null ? super.getInputStream() : in;
        }

        @Override
        public BufferedReader getReader() throws IOException {
            ServletInputStream in = body;
            if (in == null) {
                return super.getReader();
            }
            String encoding = getCharacterEncoding();
            return new BufferedReader(
                    new InputStreamReader(in, encoding != null ? Charset.forName(encoding) : StandardCharsets.UTF_8));
        }
    }

    /** Reads the body as it comes, then dispatches; answers {@code 408} when it takes too long. */
    private final class Reader extends AsyncBodyListener {
        private final ServletInputStream in;
        private final Buffered buffered;
        private final HttpServletResponse response;
        private final long declared;
        private byte[] bytes;
        private int count;

        Reader(AsyncContext async, Buffered buffered, long declared) throws IOException {
            super(async);
            this.buffered = buffered;
            this.in = buffered.getRequest().getInputStream(); // the client's: the body is not in memory yet
            this.response = (HttpServletResponse) async.getResponse();
            this.declared = declared;
            // grown as bytes arrive, never sized by a declared length alone: a client that declares 64 MB and
            // sends one byte costs one chunk
            this.bytes = new byte
                    [(int) Math.min(Math.min(declared > 0 ? declared : FIRST_CHUNK, FIRST_CHUNK), maxBytes + 1)];
        }

        @Override
        public void onDataAvailable() throws IOException {
            while (in.isReady() && !in.isFinished()) {
                if (count == bytes.length) {
                    if (count > maxBytes) {
                        dispatch(); // the controller reads past the limit and answers 413
                        return;
                    }
                    long wanted = declared > count ? Math.min(declared, 2L * count) : 2L * count;
                    bytes = Arrays.copyOf(bytes, (int) Math.min(wanted, maxBytes + 1));
                }
                int n = in.read(bytes, count, bytes.length - count);
                if (n < 0) {
                    break;
                }
                count += n;
            }
        }

        @Override
        public void onAllDataRead() {
            dispatch();
        }

        @Override
        public void onTimeout(AsyncEvent event) throws IOException {
            if (!end()) {
                return;
            }
            ProblemType type = ProblemType.BODY_TIMEOUT;
            response.setStatus(type.status().value());
            response.setContentType("application/problem+json");
            response.setHeader("Connection", "close");
            String detail = "the request body did not arrive within " + timeout.toMillis() + " ms (" + count
                    + " bytes came); send the whole body at once";
            response.getOutputStream().write(JsonMapper.shared().writeValueAsBytes(type.fields(detail, null)));
            async.complete();
        }

        private void dispatch() {
            if (end()) {
                buffered.body = new MemoryInputStream(bytes, count);
                buffered.setAttribute(PREFETCHED, Boolean.TRUE);
                async.dispatch();
            }
        }
    }

    /** A body in memory as a servlet stream. */
    private static final class MemoryInputStream extends ServletInputStream {
        private final ByteArrayInputStream bytes;

        MemoryInputStream(byte[] bytes, int length) {
            this.bytes = new ByteArrayInputStream(bytes, 0, length);
        }

        @Override
        public int read() {
            return bytes.read();
        }

        @Override
        public int read(byte[] buffer, int offset, int length) {
            return bytes.read(buffer, offset, length);
        }

        @Override
        public boolean isFinished() {
            return bytes.available() == 0;
        }

        @Override
        public boolean isReady() {
            return true;
        }

        @Override
        public void setReadListener(ReadListener listener) {
            throw new IllegalStateException("the body has been read already; read it with blocking reads");
        }
    }
}
