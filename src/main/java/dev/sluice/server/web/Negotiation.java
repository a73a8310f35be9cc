package dev.sluice.server.web;

import jakarta.servlet.http.HttpServletRequest;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.web.servlet.HandlerMapping;

/**
 * The media type a handler answers with, of those its mapping {@code produces}: the one the request's
 * {@code Accept} rates highest (by quality, then by how specific the range that matches it is), and
 * between equals the first produced, so a client that accepts NDJSON and event streams alike (a
 * generated client lists every type the document names) gets NDJSON. The first produced for no
 * {@code Accept} or {@code *}{@code /*}. Spring has already refused a request that accepts none of them
 * ({@code 406}), before the handler ran; this only picks among those that remain, for handlers that
 * write the body themselves.
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
        List<MediaType> accepted = MediaType.parseMediaTypes(Collections.list(request.getHeaders(HttpHeaders.ACCEPT)));
        MediaType best = produced.iterator().next();
        double bestRank = -1;
        for (MediaType candidate : produced) {
            double rank = rank(candidate, accepted);
            if (rank > bestRank) { // strictly: between equals the first produced stays
                best = candidate;
                bestRank = rank;
            }
        }
        return best;
    }

    /**
     * How much the {@code Accept} ranges want {@code candidate}: the quality of the best range that
     * includes it, and between equal qualities the more specific range ({@code type/subtype} over
     * {@code type/*} over {@code *}{@code /*}); {@code -1} when none includes it.
     */
    private static double rank(MediaType candidate, List<MediaType> accepted) {
        double rank = -1;
        for (MediaType range : accepted) {
            if (range.getQualityValue() > 0 && range.includes(candidate)) {
                int specificity = range.isWildcardType() ? 0 : range.isWildcardSubtype() ? 1 : 2;
                // qualities have at most 3 decimals, so a better quality always outranks a more specific range
                rank = Math.max(rank, range.getQualityValue() * 1000 + specificity);
            }
        }
        return rank;
    }
}
