package dev.sluice.server.web;

import dev.sluice.server.config.SluiceProperties;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Type;
import org.springframework.core.MethodParameter;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpInputMessage;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.servlet.mvc.method.annotation.RequestBodyAdviceAdapter;

/**
 * The body size limit ({@code sluice.run.max-request-bytes}) for bodies Spring reads into a
 * {@code @RequestBody} (a job request), as {@link RequestBodies#limited} applies it to the bodies the
 * controllers read themselves: {@code 413} for any body over it, declared or not.
 */
@ControllerAdvice
class RequestBodyLimit extends RequestBodyAdviceAdapter {

    private final long maxBytes;

    RequestBodyLimit(SluiceProperties properties) {
        this.maxBytes = properties.run().maxRequestBytes().toBytes();
    }

    @Override
    public boolean supports(
            MethodParameter parameter, Type targetType, Class<? extends HttpMessageConverter<?>> converterType) {
        return true;
    }

    @Override
    public HttpInputMessage beforeBodyRead(
            HttpInputMessage message,
            MethodParameter parameter,
            Type targetType,
            Class<? extends HttpMessageConverter<?>> converterType)
            throws IOException {
        InputStream body =
                RequestBodies.limited(message.getBody(), message.getHeaders().getContentLength(), maxBytes);
        return new HttpInputMessage() {
            @Override
            public InputStream getBody() {
                return body;
            }

            @Override
            public HttpHeaders getHeaders() {
                return message.getHeaders();
            }
        };
    }
}
