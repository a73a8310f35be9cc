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
 * <p>A small body usually comes in the same packets as the headers, and the server has it in its buffer
 * already: such a body is read at once, with reads that cannot block (only while {@link
 * ServletInputStream#available()} says bytes are there), and the request goes on in its own dispatch.
 * That saves the async round trip (a second pass through the filters and a hand-over to another
 * thread), most of what a 10-line run spent in HTTP beyond a {@code GET}. A body not all there yet is
 * read on asynchronously from where that left off.
 *
 * <p>Bounds: a body must arrive whole within {@code sluice.run.body-timeout}, or the request is answered
 * {@code 408} with a problem; no more than {@code sluice.run.max-request-bytes} + 1 bytes are buffered
 * (a declared length over the limit is not read at all, and the controllers answer {@code 413} as
 * before). Runs on the first dispatch only, after every other filter, so that what they set up for the
 * request (encoding, observations, security) stays in place for the dispatch that carries the body.
 */
public final class BodyPrefetchFilter implements Filter {

    /** Set on a request whose body was read here: at once, or without a thread and then dispatched again. */
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
        Body body = new Body(declared);
        if (declared > 0) {
            ServletInputStream in = request.getInputStream();
            while (!body.isWhole() && in.available() > 0 && body.makeRoom() && body.readFrom(in)) {
                // only what is there already: no read here waits for the client
            }
            if (body.isWhole()) {
                buffered.keep(body);
                chain.doFilter(buffered, res);
                return;
            }
        }
        AsyncContext async = request.startAsync(buffered, res);
        async.setTimeout(timeout.toMillis());
        Reader reader = new Reader(async, buffered, body);
        async.addListener(reader);
        reader.in.setReadListener(reader);
    }

    /** What has arrived of a body, in one array grown as bytes come. */
    private final class Body {
        private final long declared;
        private byte[] bytes;
        private int count;

        Body(long declared) {
            this.declared = declared;
            // grown as bytes arrive, never sized by a declared length alone: a client that declares 64 MB and
            // sends one byte costs one chunk
            this.bytes = new byte
                    [(int) Math.min(Math.min(declared > 0 ? declared : FIRST_CHUNK, FIRST_CHUNK), maxBytes + 1)];
        }

        /** Whether the declared length has arrived (never, for a chunked body: its end says so). */
        boolean isWhole() {
            return declared >= 0 && count >= declared;
        }

        /** Makes room for another read; false when the body is over the limit already. */
        boolean makeRoom() {
            if (count < bytes.length) {
                return true;
            }
            if (count > maxBytes) {
                return false;
            }
            long wanted = declared > count ? Math.min(declared, 2L * count) : 2L * count;
            bytes = Arrays.copyOf(bytes, (int) Math.min(wanted, maxBytes + 1));
            return true;
        }

        /** Reads once into the room there is; false at the end of the body. */
        boolean readFrom(ServletInputStream in) throws IOException {
            int n = in.read(bytes, count, bytes.length - count);
            if (n < 0) {
                return false;
            }
            count += n;
            return true;
        }
    }

    /** The request as the controllers see it: its body from memory once it has arrived. */
    private static final class Buffered extends HttpServletRequestWrapper {
        private volatile ServletInputStream body;

        Buffered(HttpServletRequest request) {
            super(request);
        }

        /** From now on the body is {@code body}'s bytes. */
        void keep(Body body) {
            this.body = new MemoryInputStream(body.bytes, body.count);
            setAttribute(PREFETCHED, Boolean.TRUE);
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

    /** Reads the body on as it comes, then dispatches; answers {@code 408} when it takes too long. */
    private final class Reader extends AsyncBodyListener {
        private final ServletInputStream in;
        private final Buffered buffered;
        private final HttpServletResponse response;
        private final Body body;

        Reader(AsyncContext async, Buffered buffered, Body body) throws IOException {
            super(async);
            this.buffered = buffered;
            this.in = buffered.getRequest().getInputStream(); // the client's: the body is not in memory yet
            this.response = (HttpServletResponse) async.getResponse();
            this.body = body;
        }

        @Override
        public void onDataAvailable() throws IOException {
            while (in.isReady() && !in.isFinished()) {
                if (!body.makeRoom()) {
                    dispatch(); // the controller reads past the limit and answers 413
                    return;
                }
                if (!body.readFrom(in)) {
                    break;
                }
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
            String detail = "the request body did not arrive within " + timeout.toMillis() + " ms (" + body.count
                    + " bytes came); send the whole body at once";
            response.getOutputStream().write(JsonMapper.shared().writeValueAsBytes(type.fields(detail, null)));
            async.complete();
        }

        private void dispatch() {
            if (end()) {
                buffered.keep(body);
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
