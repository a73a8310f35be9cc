package dev.sluice.operators;

import dev.sluice.dataflow.Step;
import dev.sluice.dataflow.fn.FilterFn;
import dev.sluice.dataflow.fn.FlatMapFn;
import dev.sluice.dataflow.fn.InspectEpochFn;
import dev.sluice.dataflow.fn.InspectFn;
import dev.sluice.dataflow.fn.MapFn;
import java.util.Iterator;
import java.util.Objects;

/**
 * The stages of the stateless steps. Linked one to the next, a run of them is fused: an item passes
 * through all of them in one call, with no buffering and no allocation of its own.
 *
 * <p>Each stage calls its step function inside a {@code try} that covers only that call: a failure is
 * attributed to the step that threw, never to one upstream of it.
 */
final class StatelessStages {

    private StatelessStages() {}

    /** The stage of a stateless step; {@code capture} is where a capture step sends its items. */
    static Stage of(Step step, int index, Downstream next, CaptureSink capture) {
        if (step instanceof Step.Map map) {
            return new MapStage(index, map, next);
        } else if (step instanceof Step.FlatMap flatMap) {
            return new FlatMapStage(index, flatMap, next);
        } else if (step instanceof Step.Filter filter) {
            return new FilterStage(index, filter, next);
        } else if (step instanceof Step.Inspect inspect) {
            return new InspectStage(index, inspect, next);
        } else if (step instanceof Step.InspectEpoch inspect) {
            return new InspectEpochStage(index, inspect, next);
        } else if (step instanceof Step.Capture) {
            return new CaptureStage(index, step, Objects.requireNonNull(capture, "capture"), next);
        }
        throw new IllegalArgumentException("step " + index + " (" + step.operator() + ") is not a stateless step");
    }

    private static final class MapStage extends Stage {
        private final MapFn<Object, Object> mapper;

        MapStage(int index, Step.Map step, Downstream next) {
            super(index, step, next);
            this.mapper = step.mapper();
        }

        @Override
        public void accept(long epoch, Object item) {
            Object result;
            try {
                result = mapper.apply(item);
            } catch (Throwable t) {
                throw failure(t);
            }
            next.accept(epoch, result);
        }
    }

    private static final class FlatMapStage extends Stage {
        private final FlatMapFn<Object, Object> mapper;

        FlatMapStage(int index, Step.FlatMap step, Downstream next) {
            super(index, step, next, true);
            this.mapper = step.mapper();
        }

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
                throw failure(t);
            }
            while (true) {
                Object result;
                try {
                    if (!results.hasNext()) {
                        return;
                    }
                    result = results.next();
                } catch (Throwable t) {
                    throw failure(t);
                }
                itemsOut++;
                next.accept(epoch, result);
            }
        }
    }

    private static final class FilterStage extends Stage {
        private final FilterFn<Object> predicate;

        FilterStage(int index, Step.Filter step, Downstream next) {
            super(index, step, next, true);
            this.predicate = step.predicate();
        }

        @Override
        public void accept(long epoch, Object item) {
            boolean keep;
            try {
                keep = predicate.test(item);
            } catch (Throwable t) {
                throw failure(t);
            }
            if (keep) {
                itemsOut++;
                next.accept(epoch, item);
            }
        }
    }

    // inspect, inspect_epoch and capture do the same with functions of different types: one class
    // each, so that no adapter adds a call per item and each call site is profiled on its own.

    private static final class InspectStage extends Stage {
        private final InspectFn<Object> inspector;

        InspectStage(int index, Step.Inspect step, Downstream next) {
            super(index, step, next);
            this.inspector = step.inspector();
        }

        @Override
        public void accept(long epoch, Object item) {
            try {
                inspector.accept(item);
            } catch (Throwable t) {
                throw failure(t);
            }
            next.accept(epoch, item);
        }
    }

    private static final class InspectEpochStage extends Stage {
        private final InspectEpochFn<Object> inspector;

        InspectEpochStage(int index, Step.InspectEpoch step, Downstream next) {
            super(index, step, next);
            this.inspector = step.inspector();
        }

        @Override
        public void accept(long epoch, Object item) {
            try {
                inspector.accept(epoch, item);
            } catch (Throwable t) {
                throw failure(t);
            }
            next.accept(epoch, item);
        }
    }

    private static final class CaptureStage extends Stage {
        private final CaptureSink capture;

        CaptureStage(int index, Step step, CaptureSink capture, Downstream next) {
            super(index, step, next);
            this.capture = capture;
        }

        @Override
        public void accept(long epoch, Object item) {
            try {
                capture.accept(epoch, item);
            } catch (Throwable t) {
                throw failure(t);
            }
            next.accept(epoch, item);
        }
    }
}
