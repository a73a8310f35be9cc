package dev.sluice.server.dashboard;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.CacheControl;
import org.springframework.web.servlet.config.annotation.ResourceHandlerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * The dashboard, served from the jar by every member: the page at {@code /} (to a client that takes
 * HTML: {@link DashboardPage}), its ES modules, styles and icon under {@code /dashboard/}, and uPlot
 * from its webjar under {@code /webjars/uplot/} (Spring Boot's webjars handler, version-agnostic through
 * webjars-locator-lite). Nothing is loaded from elsewhere, so it works on an offline cluster.
 *
 * <p>The dashboard is a client of the public REST API like any script (and of {@code /actuator/health}
 * and the OpenAPI document's examples); none of its paths is an API operation, so springdoc lists none
 * of them and the OpenAPI document stays the API's.
 */
@Configuration(proxyBeanMethods = false)
class DashboardConfiguration implements WebMvcConfigurer {

    /** Where the dashboard's files are in the jar: {@code index.html}, and {@code static/} served as is. */
    static final String LOCATION = "dev/sluice/server/dashboard/";

    @Override
    public void addResourceHandlers(ResourceHandlerRegistry registry) {
        // revalidated on each load (Last-Modified), so a member's new build shows at once
        registry.addResourceHandler("/dashboard/**")
                .addResourceLocations("classpath:/" + LOCATION + "static/")
                .setCacheControl(CacheControl.noCache());
    }

    @Bean
    DashboardPage dashboardPage() {
        return new DashboardPage(LOCATION + "index.html");
    }
}
