package dev.sluice.server.contract;

import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Checks every response the service sends against {@link OpenApiContract}, in the tests only: the body
 * goes to the client as it is written (streams stay live) and is copied aside, and once the response is
 * complete (after an async one too) what breaks the document goes to {@link ContractViolations}.
 */
final class ContractFilter extends OncePerRequestFilter {

    /** Bodies past this are not checked (no test sends one that large to check). */
    private static final int MAX_CAPTURE = 8 * 1024 * 1024;

    @Override
    protected boolean shouldNotFilterAsyncDispatch() {
        return true; // checked once, when the whole async response is complete
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Capture capture = new Capture(response);
        ContractViolations.started();
        AtomicBoolean handedOver = new AtomicBoolean();
        try {
            chain.doFilter(request, capture);
            if (request.isAsyncStarted()) {
                handedOver.set(true);
                AtomicBoolean broken = new AtomicBoolean();
                request.getAsyncContext().addListener(new AsyncListener() {
                    @Override
                    public void onComplete(AsyncEvent event) {
                        if (broken.get()) {
                            // the client went away (a test that drops a stalled upload): nobody got an answer
                            ContractViolations.finished(List.of());
                        } else {
                            check(request, capture);
                        }
                    }

                    @Override
                    public void onTimeout(AsyncEvent event) {}

                    @Override
                    public void onError(AsyncEvent event) {
                        broken.set(true);
                    }

                    /**
                     * A second async cycle of the same request (a run's body is read asynchronously, then
                     * its answer written by a StreamingResponseBody): listeners of the first hear nothing
                     * more unless they register again, and the response would never be checked.
                     */
                    @Override
                    public void onStartAsync(AsyncEvent event) {
                        event.getAsyncContext().addListener(this);
                    }
                });
            }
        } finally {
            if (!handedOver.get()) {
                capture.flushWriter();
                check(request, capture);
            }
        }
    }

    private static void check(HttpServletRequest request, Capture capture) {
        List<String> violations = List.of();
        try {
            String contentType = capture.getContentType();
            Map<String, String> headers = new LinkedHashMap<>();
            for (String name : capture.getHeaderNames()) {
                if (!name.equalsIgnoreCase("Content-Type")) {
                    headers.put(name, capture.getHeader(name));
                }
            }
            violations = OpenApiContract.get()
                    .check(
                            request.getMethod(),
                            request.getRequestURI(),
                            capture.getStatus(),
                            contentType,
                            headers,
                            capture.body());
        } catch (RuntimeException e) {
            violations = List.of(
                    request.getMethod() + " " + request.getRequestURI() + ": the contract check itself failed: " + e);
        } finally {
            ContractViolations.finished(violations);
        }
    }

    /** The response, with what is written to it copied aside. */
    private static final class Capture extends HttpServletResponseWrapper {

        private final ByteArrayOutputStream copy = new ByteArrayOutputStream();
        private boolean overflow;
        private ServletOutputStream stream;
        private PrintWriter writer;

        Capture(HttpServletResponse response) {
            super(response);
        }

        /** The body as written, or null when it was too large to keep. */
        synchronized String body() {
            if (overflow) {
                return null;
            }
            String encoding = getCharacterEncoding();
            Charset charset = encoding == null ? StandardCharsets.UTF_8 : Charset.forName(encoding);
            return copy.toString(charset);
        }

        private synchronized void keep(byte[] bytes, int offset, int length) {
            if (overflow || copy.size() + length > MAX_CAPTURE) {
                overflow = true;
                return;
            }
            copy.write(bytes, offset, length);
        }

        void flushWriter() {
            if (writer != null) {
                writer.flush();
            }
        }

        @Override
        public synchronized ServletOutputStream getOutputStream() throws IOException {
            if (stream == null) {
                ServletOutputStream out = super.getOutputStream();
                stream = new ServletOutputStream() {
                    @Override
                    public void write(int b) throws IOException {
                        out.write(b);
                        keep(new byte[] {(byte) b}, 0, 1);
                    }

                    @Override
                    public void write(byte[] b, int off, int len) throws IOException {
                        out.write(b, off, len);
                        keep(b, off, len);
                    }

                    @Override
                    public void flush() throws IOException {
                        out.flush();
                    }

                    @Override
                    public void close() throws IOException {
                        out.close();
                    }

                    @Override
                    public boolean isReady() {
                        return out.isReady();
                    }

                    @Override
                    public void setWriteListener(WriteListener listener) {
                        out.setWriteListener(listener);
                    }
                };
            }
            return stream;
        }

        @Override
        public synchronized PrintWriter getWriter() throws IOException {
            if (writer == null) {
                String encoding = getCharacterEncoding();
                Charset charset = encoding == null ? StandardCharsets.ISO_8859_1 : Charset.forName(encoding);
                writer = new PrintWriter(new OutputStreamWriter(getOutputStream(), charset));
            }
            return writer;
        }

        @Override
        public void flushBuffer() throws IOException {
            flushWriter();
            super.flushBuffer();
        }
    }
}
