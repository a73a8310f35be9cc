package dev.sluice.server.web;

import java.util.List;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.MediaType;
import org.springframework.web.HttpMediaTypeNotAcceptableException;
import org.springframework.web.accept.ContentNegotiationStrategy;
import org.springframework.web.accept.HeaderContentNegotiationStrategy;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.servlet.config.annotation.ContentNegotiationConfigurer;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * {@code Accept} as RFC 9110 has it: a media range with {@code q=0} is one the client refuses.
 * Spring matches {@code produces} against the ranges whatever their quality, so {@code Accept:
 * application/json;q=0} was answered with JSON; here such ranges are dropped, and a header of only
 * refusals accepts nothing ({@code 406}). What is not covered: a refusal inside a wider range that is
 * accepted ({@code *}{@code /*, application/json;q=0}) still lets JSON through.
 */
@Configuration(proxyBeanMethods = false)
class AcceptNegotiation implements WebMvcConfigurer {

    /** What a header of only refusals is taken to accept: a type nothing produces. */
    static final MediaType NOTHING = new MediaType("application", "x-nothing-acceptable");

    @Override
    public void configureContentNegotiation(ContentNegotiationConfigurer configurer) {
        configurer.strategies(List.of(new RefusalsDropped(new HeaderContentNegotiationStrategy())));
    }

    /** The header's media ranges without those of quality 0. */
    record RefusalsDropped(ContentNegotiationStrategy header) implements ContentNegotiationStrategy {
        @Override
        public List<MediaType> resolveMediaTypes(NativeWebRequest request) throws HttpMediaTypeNotAcceptableException {
            List<MediaType> ranges = header.resolveMediaTypes(request);
            if (ranges == MEDIA_TYPE_ALL_LIST) {
                return ranges;
            }
            List<MediaType> accepted =
                    ranges.stream().filter(range -> range.getQualityValue() > 0).toList();
            return accepted.isEmpty() ? List.of(NOTHING) : accepted;
        }
    }
}
