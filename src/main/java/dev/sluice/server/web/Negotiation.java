package dev.sluice.server.web;

import jakarta.servlet.http.HttpServletRequest;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.web.servlet.HandlerMapping;

/**
 * The media type a handler answers with, of those its mapping {@code produces}: the one the request's
 * {@code Accept} prefers, by quality, then by how specific the range that names it is, then by the
 * ranges' order; the first produced for no {@code Accept} or {@code *}{@code /*}. An event stream is
 * for a client that asks for it: where the {@code Accept} rates another type as high, that one wins
 * (a generated client lists every type the document names, {@code application/x-ndjson, text/event-stream},
 * and must not get events it cannot parse). Spring has already refused a request that accepts none of
 * them ({@code 406}), before the handler ran; this only picks among those that remain, for handlers
 * that write the body themselves.
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
        List<Rank> ranks = new ArrayList<>();
        int index = 0;
        for (MediaType candidate : produced) {
            ranks.add(rank(candidate, index++, accepted));
        }
        Rank best = ranks.stream().min(Rank::compareTo).orElseThrow();
        if (best.type().isCompatibleWith(MediaType.TEXT_EVENT_STREAM)) {
            Rank other = ranks.stream()
                    .filter(rank -> !rank.type().isCompatibleWith(MediaType.TEXT_EVENT_STREAM))
                    .filter(rank -> rank.weight() == best.weight())
                    .min(Rank::compareTo)
                    .orElse(best);
            return other.type();
        }
        return best.type();
    }

    /**
     * How much the {@code Accept} ranges want one produced type; the lowest compares first.
     *
     * @param weight the best range's quality × 1000 plus its specificity ({@code type/subtype} 2, {@code
     *     type/*} 1, {@code *}{@code /*} 0; qualities have at most 3 decimals, so a better quality always
     *     wins), -1 when no range takes it
     * @param range the position of that range in the {@code Accept} header
     * @param order the type's position in {@code produces}
     */
    private record Rank(MediaType type, double weight, int range, int order) implements Comparable<Rank> {
        @Override
        public int compareTo(Rank other) {
            if (weight != other.weight) {
                return Double.compare(other.weight, weight);
            }
            if (range != other.range) {
                return Integer.compare(range, other.range);
            }
            return Integer.compare(order, other.order);
        }
    }

    private static Rank rank(MediaType candidate, int order, List<MediaType> accepted) {
        double weight = -1;
        int range = Integer.MAX_VALUE;
        for (int i = 0; i < accepted.size(); i++) {
            MediaType acceptable = accepted.get(i);
            if (acceptable.getQualityValue() > 0 && acceptable.includes(candidate)) {
                int specificity = acceptable.isWildcardType() ? 0 : acceptable.isWildcardSubtype() ? 1 : 2;
                double value = acceptable.getQualityValue() * 1000 + specificity;
                if (value > weight) {
                    weight = value;
                    range = i;
                }
            }
        }
        return new Rank(candidate, weight, range, order);
    }
}
