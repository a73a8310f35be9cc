package dev.sluice.server.json;

import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.ObjectMapper;

/**
 * The wire format: pairs and key/value items as JSON arrays (SPEC §5). The mapper is Spring Boot's,
 * which these customize; an application's own {@code JsonMapper} bean replaces it (register {@link
 * SluiceJsonModule} and {@link StrictJson#configure} on it to keep the wire format), and its own {@link
 * PairReader} replaces Sluice's.
 */
@Configuration(proxyBeanMethods = false)
class JsonConfiguration {

    /** Picked up by Spring Boot's Jackson auto-configuration, so responses write pairs as arrays. */
    @Bean
    @ConditionalOnMissingBean
    SluiceJsonModule sluiceJsonModule() {
        return new SluiceJsonModule();
    }

    /** Request bodies read by Spring (job requests) are as strict as pairs: {@link StrictJson}. */
    @Bean
    JsonMapperBuilderCustomizer strictJson() {
        return StrictJson::configure;
    }

    @Bean
    @ConditionalOnMissingBean
    PairReader pairReader(ObjectMapper mapper) {
        return new PairReader(mapper);
    }
}
