package dev.sluice.server.runs;

/**
 * The request body bytes of the finite runs this member takes at once ({@code
 * sluice.run.max-concurrent-bytes}): a run's peak heap is several times its body (the body, the items
 * read from it, what the workers hold), so a run beyond the budget is refused ({@code 429}, {@code
 * Retry-After}) before its body is buffered, rather than let the member run out of memory. A body of
 * undeclared length (chunked) costs {@code sluice.run.max-request-bytes}; one declared over that costs
 * nothing (it is refused {@code 413} unread); one larger than the whole budget costs the whole budget
 * (it runs alone).
 *
 * <p>The number of runs ({@code sluice.run.max-concurrent}) is counted once a body has arrived, by
 * {@link RunService}: an upload on its way holds no run slot, so stalled uploads do not keep runs out.
 */
final class RunAdmission {

    private final long maxBytes;
    private int requests;
    private long bytes;

    RunAdmission(long maxBytes) {
        this.maxBytes = maxBytes;
    }

    /** A run's bytes let in; {@link #release} once it has been answered. */
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
                    requests--;
                    bytes -= cost;
                }
            }
        }
    }

    /**
     * Lets a run of {@code bodyBytes} in, if it fits the budget.
     *
     * @return its ticket
     * @throws TooManyRunsException when it does not fit now
     */
    synchronized Ticket enter(long bodyBytes) {
        long cost = Math.min(Math.max(bodyBytes, 0), maxBytes);
        if (bytes + cost > maxBytes) {
            throw new TooManyRunsException("this member runs " + requests + " finite runs with " + bytes
                    + " bytes of input, and this one's " + cost + " bytes would take it over " + maxBytes
                    + " bytes (sluice.run.max-concurrent-bytes); retry after "
                    + TooManyRunsException.RETRY_AFTER_SECONDS + " s or send the run to another member");
        }
        requests++;
        bytes += cost;
        return new Ticket(cost);
    }
}
