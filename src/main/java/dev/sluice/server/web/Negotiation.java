package dev.sluice.server.web;

import jakarta.servlet.http.HttpServletRequest;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.util.MimeTypeUtils;
import org.springframework.web.servlet.HandlerMapping;

/**
 * The media type a handler answers with, of those its mapping {@code produces}: the one the request's
 * {@code Accept} prefers (by quality, then specificity, then order), the first produced for none or
 * {@code *}{@code /*}. Spring has already refused a request that accepts none of them ({@code 406}),
 * before the handler ran; this only picks among those that remain, for handlers that write the body
 * themselves.
 */
public final class Negotiation {

    private Negotiation() {}

    /** The chosen type of the current mapping's {@code produces}. */
    public static MediaType chosen(HttpServletRequest request) {
        @SuppressWarnings("unchecked")
        Set<MediaType> produced =
                (Set<MediaType>) request.getAttribute(HandlerMapping.PRODUCIBLE_MEDIA_TYPES_ATTRIBUTE);
        if (produced == null || produced.isEmpty()) {
            throw new IllegalStateException("the mapping of " + request.getRequestURI() + " declares no 'produces'");
        }
        List<MediaType> accepted =
                new ArrayList<>(MediaType.parseMediaTypes(Collections.list(request.getHeaders(HttpHeaders.ACCEPT))));
        MimeTypeUtils.sortBySpecificity(accepted);
        for (MediaType acceptable : accepted) {
            for (MediaType candidate : produced) {
                if (acceptable.getQualityValue() > 0 && acceptable.isCompatibleWith(candidate)) {
                    return candidate;
                }
            }
        }
        return produced.iterator().next();
    }
}
