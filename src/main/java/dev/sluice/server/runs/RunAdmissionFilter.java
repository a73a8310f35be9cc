package dev.sluice.server.runs;

import dev.sluice.server.web.AsyncBodyListener;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Pattern;
import tools.jackson.databind.json.JsonMapper;

/**
 * Admission of finite runs by bytes ({@link RunAdmission}), before their bodies are read into memory: it runs
 * ahead of the body prefetch, so a refused run costs no buffer. A refused request's body is still read,
 * a chunk at a time and thrown away, without holding a thread, and then answered {@code 429} with
 * {@code Retry-After}: a client sees the answer, not a connection reset in the middle of its upload.
 * A run let in holds its place until its response is complete.
 */
final class RunAdmissionFilter implements Filter {

    private static final Pattern RUN_PATH = Pattern.compile("/flows/[^/]+/run(/items)?/?");

    private final RunAdmission admission;
    private final long maxRequestBytes;
    private final Duration bodyTimeout;

    RunAdmissionFilter(RunAdmission admission, long maxRequestBytes, Duration bodyTimeout) {
        this.admission = admission;
        this.maxRequestBytes = maxRequestBytes;
        this.bodyTimeout = bodyTimeout;
    }

    @Override
    public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain)
            throws IOException, ServletException {
        HttpServletRequest request = (HttpServletRequest) req;
        if (request.getDispatcherType() != DispatcherType.REQUEST
                || !"POST".equals(request.getMethod())
                || !RUN_PATH.matcher(request.getRequestURI()
                                .substring(request.getContextPath().length()))
                        .matches()) {
            chain.doFilter(req, res);
            return;
        }
        long declared = request.getContentLengthLong();
        RunAdmission.Ticket ticket;
        try {
            // a declared length over the limit is answered 413 unread: it costs nothing
            ticket = admission.enter(declared < 0 ? maxRequestBytes : declared > maxRequestBytes ? 0 : declared);
        } catch (TooManyRunsException refused) {
            refuse(request, (HttpServletResponse) res, refused);
            return;
        }
        boolean handedOver = false;
        try {
            chain.doFilter(req, res);
            if (request.isAsyncStarted()) {
                request.getAsyncContext().addListener(new Release(ticket));
                handedOver = true;
            }
        } finally {
            if (!handedOver) {
                ticket.release();
            }
        }
    }

    /** Releases a run's place once its response is complete, across every async cycle of the request. */
    private record Release(RunAdmission.Ticket ticket) implements AsyncListener {
        @Override
        public void onComplete(AsyncEvent event) {
            ticket.release();
        }

        @Override
        public void onError(AsyncEvent event) {
            ticket.release();
        }

        @Override
        public void onTimeout(AsyncEvent event) {}

        @Override
        public void onStartAsync(AsyncEvent event) {
            event.getAsyncContext().addListener(this);
        }
    }

    private void refuse(HttpServletRequest request, HttpServletResponse response, TooManyRunsException refused)
            throws IOException {
        if (!AsyncBodyListener.hasBody(request) || !request.isAsyncSupported()) {
            answer(request, response, refused);
            return;
        }
        AsyncContext async = request.startAsync();
        async.setTimeout(bodyTimeout.toMillis());
        Discard discard = new Discard(async, request, response, refused);
        async.addListener(discard);
        request.getInputStream().setReadListener(discard);
    }

    private static void answer(HttpServletRequest request, HttpServletResponse response, TooManyRunsException refused)
            throws IOException {
        response.setStatus(refused.getStatusCode().value());
        response.setContentType("application/problem+json");
        response.setHeader("Retry-After", Integer.toString(TooManyRunsException.RETRY_AFTER_SECONDS));
        Map<String, Object> problem = refused.type().fields(refused.getMessage(), request.getRequestURI());
        response.getOutputStream().write(JsonMapper.shared().writeValueAsBytes(problem));
    }

    /** Reads a refused body and throws it away, then answers. */
    private static final class Discard extends AsyncBodyListener {
        private final HttpServletRequest request;
        private final HttpServletResponse response;
        private final TooManyRunsException refused;
        private final byte[] scratch = new byte[8192];

        Discard(
                AsyncContext async,
                HttpServletRequest request,
                HttpServletResponse response,
                TooManyRunsException refused) {
            super(async);
            this.request = request;
            this.response = response;
            this.refused = refused;
        }

        @Override
        public void onDataAvailable() throws IOException {
            ServletInputStream in = request.getInputStream();
            while (in.isReady() && !in.isFinished()) {
                if (in.read(scratch) < 0) {
                    break;
                }
            }
        }

        @Override
        public void onAllDataRead() throws IOException {
            answer(false);
        }

        @Override
        public void onTimeout(AsyncEvent event) throws IOException {
            answer(true);
        }

        private void answer(boolean close) throws IOException {
            if (end()) {
                if (close) {
                    response.setHeader("Connection", "close");
                }
                RunAdmissionFilter.answer(request, response, refused);
                async.complete();
            }
        }
    }
}
