package dev.sluice.server;

import dev.sluice.server.config.MemberConfigCustomizer;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

/**
 * Member settings that only tests change, in the service members they start from the test class path (a
 * test-only auto-configuration: {@code src/test/resources/META-INF/spring/…AutoConfiguration.imports}).
 * With {@value #SCALE_UP_DELAY_PROPERTY} (milliseconds), Jet's delay before it restarts the running jobs to
 * include a member that joined, 10 s by default: a test of a member joining need not wait it out.
 */
@AutoConfiguration
@ConditionalOnProperty(MemberTestSettings.SCALE_UP_DELAY_PROPERTY)
public class MemberTestSettings {

    public static final String SCALE_UP_DELAY_PROPERTY = "sluice.test.jet.scale-up-delay-millis";

    @Bean
    MemberConfigCustomizer sluiceTestScaleUpDelay(Environment environment) {
        long millis = environment.getRequiredProperty(SCALE_UP_DELAY_PROPERTY, Long.class);
        return config -> config.getJetConfig().setScaleUpDelayMillis(millis);
    }
}
