package dev.sluice.operators;

import dev.sluice.dataflow.Step;
import dev.sluice.dataflow.fn.FilterFn;
import dev.sluice.dataflow.fn.FlatMapFn;
import dev.sluice.dataflow.fn.InspectEpochFn;
import dev.sluice.dataflow.fn.InspectFn;
import dev.sluice.dataflow.fn.MapFn;
import java.util.Iterator;
import java.util.List;

/**
 * Fuses a run of stateless steps into one chain of {@link Downstream}s, so that an item passes
 * through all of them in one call, with no buffering and no allocation of its own.
 *
 * <p>Each stage calls its step function inside a {@code try} that covers only that call: a failure is
 * attributed to the step that threw, never to one upstream of it.
 */
public final class StatelessStages {

    private StatelessStages() {}

    /**
     * Chains the given stateless steps in front of {@code end}.
     *
     * @param steps stateless steps (no keyed step)
     * @param firstIndex the step index of {@code steps.get(0)}
     * @param end where the last step sends its items
     * @param capture where capture steps send their items (also passed on to the next step)
     * @return the head of the chain; {@code end} itself when {@code steps} is empty
     */
    public static Downstream chain(List<Step> steps, int firstIndex, Downstream end, CaptureSink capture) {
        Downstream next = end;
        for (int i = steps.size() - 1; i >= 0; i--) {
            next = stage(steps.get(i), firstIndex + i, next, capture);
        }
        return next;
    }

    private static Downstream stage(Step step, int index, Downstream next, CaptureSink capture) {
        if (step instanceof Step.Map map) {
            return new MapStage(index, map.mapper(), next);
        } else if (step instanceof Step.FlatMap flatMap) {
            return new FlatMapStage(index, flatMap.mapper(), next);
        } else if (step instanceof Step.Filter filter) {
            return new FilterStage(index, filter.predicate(), next);
        } else if (step instanceof Step.Inspect inspect) {
            return new InspectStage(index, inspect.inspector(), next);
        } else if (step instanceof Step.InspectEpoch inspect) {
            return new InspectEpochStage(index, inspect.inspector(), next);
        } else if (step instanceof Step.Capture) {
            return new CaptureStage(index, capture, next);
        }
        throw new IllegalArgumentException(
                "step " + index + " (" + step.operator() + ") is keyed and cannot be fused into a stateless chain");
    }

    private record MapStage(int index, MapFn<Object, Object> mapper, Downstream next) implements Downstream {
        @Override
        public void accept(long epoch, Object item) {
            Object result;
            try {
                result = mapper.apply(item);
            } catch (Throwable t) {
                throw StepErrors.attach(t, index, "map");
            }
            next.accept(epoch, result);
        }
    }

    private record FlatMapStage(int index, FlatMapFn<Object, Object> mapper, Downstream next) implements Downstream {
        @Override
        public void accept(long epoch, Object item) {
            Iterator<?> results;
            try {
                Iterable<?> iterable = mapper.apply(item);
                if (iterable == null) {
                    throw new NullPointerException("the flat_map mapper returned null instead of an iterable "
                            + "for item `" + item + "`; return an empty list to emit nothing");
                }
                results = iterable.iterator();
            } catch (Throwable t) {
                throw StepErrors.attach(t, index, "flat_map");
            }
            while (true) {
                Object result;
                try {
                    if (!results.hasNext()) {
                        return;
                    }
                    result = results.next();
                } catch (Throwable t) {
                    throw StepErrors.attach(t, index, "flat_map");
                }
                next.accept(epoch, result);
            }
        }
    }

    private record FilterStage(int index, FilterFn<Object> predicate, Downstream next) implements Downstream {
        @Override
        public void accept(long epoch, Object item) {
            boolean keep;
            try {
                keep = predicate.test(item);
            } catch (Throwable t) {
                throw StepErrors.attach(t, index, "filter");
            }
            if (keep) {
                next.accept(epoch, item);
            }
        }
    }

    private record InspectStage(int index, InspectFn<Object> inspector, Downstream next) implements Downstream {
        @Override
        public void accept(long epoch, Object item) {
            try {
                inspector.accept(item);
            } catch (Throwable t) {
                throw StepErrors.attach(t, index, "inspect");
            }
            next.accept(epoch, item);
        }
    }

    private record InspectEpochStage(int index, InspectEpochFn<Object> inspector, Downstream next)
            implements Downstream {
        @Override
        public void accept(long epoch, Object item) {
            try {
                inspector.accept(epoch, item);
            } catch (Throwable t) {
                throw StepErrors.attach(t, index, "inspect_epoch");
            }
            next.accept(epoch, item);
        }
    }

    private record CaptureStage(int index, CaptureSink capture, Downstream next) implements Downstream {
        @Override
        public void accept(long epoch, Object item) {
            try {
                capture.accept(epoch, item);
            } catch (Throwable t) {
                throw StepErrors.attach(t, index, "capture");
            }
            next.accept(epoch, item);
        }
    }
}
