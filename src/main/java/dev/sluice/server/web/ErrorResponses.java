package dev.sluice.server.web;

import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.responses.ApiResponses;
import java.lang.annotation.Annotation;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springdoc.core.customizers.OperationCustomizer;
import org.springframework.web.method.HandlerMethod;

/**
 * The error responses of the OpenAPI document: those an operation lists with the annotations of the
 * features' documented errors ({@link DocumentsErrors}: {@link ApiErrors}, {@code JobErrors}, …), and
 * those every operation (or every one with a body) can get, in status order with its own.
 */
final class ErrorResponses {

    private ErrorResponses() {}

    /** What every operation can answer, unless it documents that status itself. */
    private static final List<ApiError> EVERY_OPERATION =
            List.of(ApiError.UNAUTHENTICATED, ApiError.FORBIDDEN, ApiError.NOT_ACCEPTABLE, ApiError.UNAVAILABLE);

    /** What every operation that takes a body can answer, unless it documents that status itself. */
    private static final List<ApiError> EVERY_BODY =
            List.of(ApiError.BODY_TIMEOUT, ApiError.BODY_TOO_LARGE, ApiError.NOT_JSON);

    static OperationCustomizer documenter() {
        return (Operation operation, HandlerMethod handler) -> {
            ApiResponses responses = operation.getResponses() == null ? new ApiResponses() : operation.getResponses();
            for (DocumentedError error : listed(handler.getMethod())) {
                responses.addApiResponse(error.doc().status(), error.doc().response());
            }
            for (ApiError error : EVERY_OPERATION) {
                responses.putIfAbsent(error.doc().status(), error.doc().response());
            }
            if (operation.getRequestBody() != null) {
                for (ApiError error : EVERY_BODY) {
                    responses.putIfAbsent(error.doc().status(), error.doc().response());
                }
            }
            ApiResponses sorted = new ApiResponses();
            responses.entrySet().stream()
                    .sorted(Map.Entry.comparingByKey(Comparator.naturalOrder()))
                    .forEach(entry -> sorted.addApiResponse(entry.getKey(), entry.getValue()));
            sorted.setExtensions(responses.getExtensions());
            return operation.responses(sorted);
        };
    }

    /**
     * The errors a handler method lists, over every annotation on it that documents errors, and every
     * one on the type of an annotation on it or on one of its parameters: a feature's annotation for a
     * kind of operation (a run, say) can carry the errors every operation of that kind lists, and one for
     * a parameter those it brings ({@code @JobId}: an unknown job).
     *
     * @throws IllegalStateException when two of them have the same status (the document has one
     *     response per status: describe both in one), or an annotation marked {@link DocumentsErrors}
     *     has no {@code value()} of documented errors
     */
    static List<DocumentedError> listed(Method method) {
        List<DocumentedError> listed = new ArrayList<>();
        Map<String, DocumentedError> byStatus = new HashMap<>();
        for (Annotation annotation : documenting(method)) {
            for (DocumentedError error : errorsOf(annotation)) {
                DocumentedError before = byStatus.putIfAbsent(error.doc().status(), error);
                if (before != null) {
                    throw new IllegalStateException(
                            method + " documents two " + error.doc().status()
                                    + " responses, " + before + " and " + error + ": the document has one response per "
                                    + "status, so list one error that describes both");
                }
                listed.add(error);
            }
        }
        return listed;
    }

    /**
     * The annotations on {@code method} that document errors, and those on the types of its own and its
     * parameters' annotations.
     */
    private static List<Annotation> documenting(Method method) {
        List<Annotation> documenting = new ArrayList<>();
        List<Annotation> carriers = new ArrayList<>();
        for (Annotation annotation : method.getAnnotations()) {
            (documentsErrors(annotation) ? documenting : carriers).add(annotation);
        }
        for (Annotation[] parameter : method.getParameterAnnotations()) {
            carriers.addAll(List.of(parameter));
        }
        for (Annotation carrier : carriers) {
            for (Annotation meta : carrier.annotationType().getAnnotations()) {
                if (documentsErrors(meta)) {
                    documenting.add(meta);
                }
            }
        }
        return documenting;
    }

    private static boolean documentsErrors(Annotation annotation) {
        return annotation.annotationType().isAnnotationPresent(DocumentsErrors.class);
    }

    private static DocumentedError[] errorsOf(Annotation annotation) {
        Class<? extends Annotation> type = annotation.annotationType();
        try {
            Method value = type.getDeclaredMethod("value");
            value.setAccessible(true); // a feature's annotation is package-private
            if (value.invoke(annotation) instanceof DocumentedError[] errors) {
                return errors;
            }
        } catch (NoSuchMethodException | IllegalAccessException | InvocationTargetException e) {
            throw new IllegalStateException(
                    type.getName() + " is marked @DocumentsErrors but its value() " + "cannot be read: " + e, e);
        }
        throw new IllegalStateException(type.getName() + " is marked @DocumentsErrors, so its value() must be "
                + "an array of an enum that implements DocumentedError");
    }
}
