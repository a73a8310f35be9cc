package dev.sluice.server.web;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.ReadListener;
import jakarta.servlet.http.HttpServletRequest;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Reads a request's body through Servlet 3.1 non-blocking reads on an async request, which holds no
 * thread between reads, and ends the request once: whichever comes first of the whole body, a timeout
 * and a broken connection. A subclass reads ({@link #onDataAvailable}), and answers or dispatches when
 * {@link #end} lets it; a broken connection completes the request with no answer, as there is nobody
 * to answer. {@link BodyPrefetchFilter} keeps the body, a refused run's filter throws it away.
 */
public abstract class AsyncBodyListener implements ReadListener, AsyncListener {

    protected final AsyncContext async;
    private final AtomicBoolean ended = new AtomicBoolean();

    protected AsyncBodyListener(AsyncContext async) {
        this.async = async;
    }

    /** Whether {@code request} has a body to read: a declared length, or a chunked one. */
    public static boolean hasBody(HttpServletRequest request) {
        long declared = request.getContentLengthLong();
        return declared > 0 || declared < 0 && request.getHeader("Transfer-Encoding") != null;
    }

    /** Whether this caller ends the request: true for the first caller only. */
    protected final boolean end() {
        return ended.compareAndSet(false, true);
    }

    @Override
    public void onError(Throwable failure) {
        // the client went away or the connection broke: nobody to answer
        if (end()) {
            async.complete();
        }
    }

    @Override
    public void onError(AsyncEvent event) {
        onError(event.getThrowable());
    }

    @Override
    public void onComplete(AsyncEvent event) {}

    @Override
    public void onStartAsync(AsyncEvent event) {}
}
