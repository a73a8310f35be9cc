package dev.sluice.server.dashboard;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import org.springframework.core.io.ClassPathResource;
import org.springframework.http.HttpHeaders;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.web.HttpRequestHandler;
import org.springframework.web.servlet.handler.AbstractHandlerMapping;

/**
 * The dashboard's page at {@code /}, for a {@code GET} or {@code HEAD} whose {@code Accept} takes HTML
 * (a browser's does, so do {@code *}{@code /*} and no header at all). Any other request for {@code /}
 * is left to the rest of the service, and answered as before the dashboard: a JSON client asking
 * {@code /} with {@code Accept: application/json} still gets the {@code 404} problem of a path the API
 * does not serve, not a {@code 406}. (Spring Boot's own welcome page would answer such a client
 * {@code 406}, which is why the page is not {@code static/index.html}.)
 *
 * <p>Its {@code Content-Security-Policy} lets the page load scripts, styles and data from this member
 * only: the dashboard can take nothing from a CDN, and a browser would refuse it (and say so in its
 * console) if it tried.
 */
final class DashboardPage extends AbstractHandlerMapping {

    static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self' "
            + "'unsafe-inline'; img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'self'; "
            + "frame-ancestors 'self'";

    private final byte[] page;
    private final HttpRequestHandler handler = this::write;

    DashboardPage(String classpathLocation) {
        try (InputStream in = new ClassPathResource(classpathLocation).getInputStream()) {
            this.page = in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("the dashboard's page " + classpathLocation + " is not in the jar", e);
        }
        // before Spring Boot's welcome page and resource handlers; after the controllers (order 0), so an
        // application's own controller for "/" wins
        setOrder(1);
    }

    @Override
    protected Object getHandlerInternal(HttpServletRequest request) {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        boolean read = "GET".equals(request.getMethod()) || "HEAD".equals(request.getMethod());
        return path.equals("/") && read && acceptsHtml(request.getHeader(HttpHeaders.ACCEPT)) ? handler : null;
    }

    /** Whether an {@code Accept} header takes {@code text/html} (at a quality above 0). */
    static boolean acceptsHtml(String accept) {
        if (accept == null || accept.isBlank()) {
            return true;
        }
        List<MediaType> ranges;
        try {
            ranges = MediaType.parseMediaTypes(accept);
        } catch (InvalidMediaTypeException e) {
            return false; // the rest of the service answers a malformed header
        }
        return ranges.stream().anyMatch(range -> range.getQualityValue() > 0 && range.includes(MediaType.TEXT_HTML));
    }

    private void write(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.setStatus(HttpServletResponse.SC_OK);
        response.setContentType("text/html;charset=UTF-8");
        response.setHeader(HttpHeaders.CACHE_CONTROL, "no-cache");
        response.setHeader(HttpHeaders.VARY, HttpHeaders.ACCEPT);
        response.setHeader("Content-Security-Policy", CONTENT_SECURITY_POLICY);
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setContentLength(page.length);
        response.getOutputStream().write(page);
    }
}
