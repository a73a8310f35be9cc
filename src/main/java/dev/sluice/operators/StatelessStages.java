package dev.sluice.operators;

import dev.sluice.dataflow.Step;
import dev.sluice.dataflow.fn.FilterFn;
import dev.sluice.dataflow.fn.FlatMapFn;
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
            InspectFn<Object> inspector = inspect.inspector();
            return new SideEffectStage(index, step, (epoch, item) -> inspector.accept(item), next);
        } else if (step instanceof Step.InspectEpoch inspect) {
            return new SideEffectStage(index, step, inspect.inspector()::accept, next);
        } else if (step instanceof Step.Capture) {
            return new SideEffectStage(index, step, Objects.requireNonNull(capture, "capture"), next);
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
            emit(epoch, result);
        }
    }

    private static final class FlatMapStage extends Stage {
        private final FlatMapFn<Object, Object> mapper;

        FlatMapStage(int index, Step.FlatMap step, Downstream next) {
            super(index, step, next);
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
                emit(epoch, result);
            }
        }
    }

    private static final class FilterStage extends Stage {
        private final FilterFn<Object> predicate;

        FilterStage(int index, Step.Filter step, Downstream next) {
            super(index, step, next);
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
                emit(epoch, item);
            }
        }
    }

    /** {@code inspect}, {@code inspect_epoch}, {@code capture}: a side effect, then the item goes on. */
    private static final class SideEffectStage extends Stage {
        private final CaptureSink effect;

        SideEffectStage(int index, Step step, CaptureSink effect, Downstream next) {
            super(index, step, next);
            this.effect = effect;
        }

        @Override
        public void accept(long epoch, Object item) {
            try {
                effect.accept(epoch, item);
            } catch (Throwable t) {
                throw failure(t);
            }
            emit(epoch, item);
        }
    }
}
