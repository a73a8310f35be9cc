package dev.sluice.server.runs;

/**
 * How many finite runs this member takes at once, and how many request body bytes of them: a run's
 * peak heap is several times its body (the body, the items read from it, what the workers hold), so
 * runs beyond the budget are refused ({@code 429}, {@code Retry-After}) rather than let the member run
 * out of memory. A body of undeclared length (chunked) costs {@code sluice.run.max-request-bytes}; a
 * body larger than the whole budget costs the whole budget (it runs alone).
 */
final class RunAdmission {

    private final int maxRuns;
    private final long maxBytes;
    private int runs;
    private long bytes;

    RunAdmission(int maxRuns, long maxBytes) {
        this.maxRuns = maxRuns;
        this.maxBytes = maxBytes;
    }

    /** A run let in; {@link #release} once it has been answered. */
    final class Ticket {
        private final long cost;
        private boolean released;

        private Ticket(long cost) {
            this.cost = cost;
        }

        void release() {
            synchronized (RunAdmission.this) {
                if (!released) {
                    released = true;
                    runs--;
                    bytes -= cost;
                }
            }
        }
    }

    /**
     * Lets a run of {@code bodyBytes} in, if it fits.
     *
     * @return its ticket
     * @throws TooManyRunsException when it does not fit now
     */
    synchronized Ticket enter(long bodyBytes) {
        long cost = Math.min(Math.max(bodyBytes, 0), maxBytes);
        if (runs >= maxRuns) {
            throw new TooManyRunsException("this member runs " + runs + " finite runs, as many as it takes at once "
                    + "(sluice.run.max-concurrent); retry after " + TooManyRunsException.RETRY_AFTER_SECONDS
                    + " s or send the run to another member");
        }
        if (bytes + cost > maxBytes) {
            throw new TooManyRunsException("this member runs " + runs + " finite runs with " + bytes + " bytes of "
                    + "input, and this one's " + cost + " bytes would take it over " + maxBytes + " bytes "
                    + "(sluice.run.max-concurrent-bytes); retry after " + TooManyRunsException.RETRY_AFTER_SECONDS
                    + " s or send the run to another member");
        }
        runs++;
        bytes += cost;
        return new Ticket(cost);
    }

    /** Runs in flight now. */
    synchronized int runs() {
        return runs;
    }
}
