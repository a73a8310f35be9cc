package dev.sluice.failure;

import dev.sluice.dataflow.StepFailure;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.function.Predicate;

/**
 * Sluice's one place for handling throwables: rethrowing unchanged, walking cause chains, finding
 * the exception a step threw inside an engine's wrappers, and the {@link CancellationException}s
 * that an interrupted caller gets. Knows no engine: what counts as an engine's wrapper is a
 * predicate the driver passes in.
 */
public final class Throwables {

    /** Cause chains are followed this deep at most, so that a cycle of causes cannot loop. */
    static final int MAX_DEPTH = 64;

    private Throwables() {}

    /**
     * Throws {@code failure} as it is, checked or not, without wrapping it. Declared to return an
     * exception so that callers write {@code throw Throwables.sneaky(e)} and the compiler knows the
     * method ends there.
     */
    public static RuntimeException sneaky(Throwable failure) {
        Objects.requireNonNull(failure, "failure must not be null");
        return Throwables.<RuntimeException>throwAs(failure);
    }

    @SuppressWarnings("unchecked")
    private static <E extends Throwable> E throwAs(Throwable failure) throws E {
        throw (E) failure;
    }

    /**
     * {@code failure} and its causes, outermost first: stops at a cause that is its own cause, at one
     * seen before, or after {@value #MAX_DEPTH}.
     */
    public static List<Throwable> causes(Throwable failure) {
        List<Throwable> chain = new ArrayList<>();
        for (Throwable t = failure; t != null && chain.size() < MAX_DEPTH; t = t.getCause()) {
            for (Throwable seen : chain) {
                if (seen == t) {
                    return chain;
                }
            }
            chain.add(t);
        }
        return chain;
    }

    /** The first of {@code failure} and its causes that matches, if any. */
    public static Optional<Throwable> firstCause(Throwable failure, Predicate<? super Throwable> matches) {
        for (Throwable t : causes(failure)) {
            if (matches.test(t)) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }

    /** The first of {@code failure} and its causes that is a {@code type}, if any. */
    public static <T extends Throwable> Optional<T> causeOf(Throwable failure, Class<T> type) {
        return firstCause(failure, type::isInstance).map(type::cast);
    }

    /** The innermost cause of {@code failure}, or {@code failure} itself when it has none. */
    public static Throwable rootCause(Throwable failure) {
        List<Throwable> chain = causes(failure);
        return chain.get(chain.size() - 1);
    }

    /** What a future failed with: the cause of an {@link ExecutionException} or {@link CompletionException}. */
    public static Throwable unwrapFuture(Throwable failure) {
        Throwable t = failure;
        while ((t instanceof ExecutionException || t instanceof CompletionException)
                && t.getCause() != null
                && t.getCause() != t) {
            t = t.getCause();
        }
        return t;
    }

    /**
     * The exception a step (or an input or output) threw, inside what an engine wrapped it in: the
     * first of the chain that carries a {@link StepFailure}; else the first that is not a wrapper,
     * past copies of it an engine made when it crossed processes (same class and message, the
     * original as their cause); else {@code failure} itself (the engine's own failure: a member
     * left, the job was cancelled).
     *
     * @param isWrapper whether an exception only carries another one as its cause (futures'
     *     exceptions always are)
     */
    public static Throwable original(Throwable failure, Predicate<? super Throwable> isWrapper) {
        List<Throwable> chain = causes(failure);
        Optional<Throwable> step = firstCause(failure, t -> StepFailure.of(t).isPresent());
        if (step.isPresent()) {
            return step.get();
        }
        int first = -1;
        for (int i = 0; i < chain.size() && first < 0; i++) {
            Throwable t = chain.get(i);
            if (!(t instanceof ExecutionException || t instanceof CompletionException || isWrapper.test(t))) {
                first = i;
            }
        }
        if (first < 0) {
            return failure;
        }
        int original = first;
        while (original + 1 < chain.size()
                && chain.get(original + 1).getClass() == chain.get(first).getClass()
                && Objects.equals(
                        chain.get(original + 1).getMessage(), chain.get(first).getMessage())) {
            original++;
        }
        return chain.get(original);
    }

    /**
     * Runs a clean-up that must neither fail what it cleans up after nor be cut short by an
     * interrupt: the interrupt flag is cleared meanwhile (a Hazelcast call fails on a thread whose
     * flag is set) and set again after, and a {@link RuntimeException} is ignored (what it cleans
     * up is going away).
     */
    public static void cleanUp(Runnable cleanUp) {
        boolean interrupted = Thread.interrupted();
        try {
            cleanUp.run();
        } catch (RuntimeException e) {
            // what it cleans up is going away: nothing more to do
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** A {@link CancellationException} saying why, with its cause (which the JDK's constructor cannot take). */
    public static CancellationException cancellation(String why, Throwable cause) {
        CancellationException cancelled = new CancellationException(why);
        if (cause != null) {
            cancelled.initCause(cause);
        }
        return cancelled;
    }

    /**
     * What a wait that was interrupted throws: sets the thread's interrupt flag again (catching the
     * {@link InterruptedException} cleared it) and returns a {@link CancellationException} saying
     * why, caused by {@code interrupted}.
     */
    public static CancellationException interrupted(String why, InterruptedException interrupted) {
        Thread.currentThread().interrupt();
        return cancellation(why, interrupted);
    }
}
