package dev.sluice.server.web;

import java.beans.PropertyEditorSupport;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.springframework.web.bind.WebDataBinder;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.InitBinder;

/**
 * Query parameters read as the OpenAPI document writes them, as JSON bodies are ({@code StrictJson}):
 * an integer is ASCII digits with an optional minus sign. Spring's own conversion also takes
 * {@code 0x10} (hexadecimal), {@code +1} and full-width digits ({@code １}). Custom editors, since a
 * binder asks them before any conversion service. (Enum parameters are their features' to read: see
 * {@code EpochMode.parse}.)
 */
@ControllerAdvice
class StrictParameters {

    private static final Pattern INTEGER = Pattern.compile("-?[0-9]{1,19}");

    @InitBinder
    void strictValues(WebDataBinder binder) {
        binder.registerCustomEditor(Long.class, editor(StrictParameters::parseLong));
        binder.registerCustomEditor(long.class, editor(StrictParameters::parseLong));
        binder.registerCustomEditor(Integer.class, editor(StrictParameters::parseInt));
        binder.registerCustomEditor(int.class, editor(StrictParameters::parseInt));
    }

    private static Long parseLong(String text) {
        if (!INTEGER.matcher(text).matches()) {
            throw new IllegalArgumentException("not an integer: " + text);
        }
        return Long.parseLong(text); // NumberFormatException past the long range
    }

    private static Integer parseInt(String text) {
        long value = parseLong(text);
        if (value != (int) value) {
            throw new IllegalArgumentException("beyond the int range: " + text);
        }
        return (int) value;
    }

    private static PropertyEditorSupport editor(Function<String, Object> parse) {
        return new PropertyEditorSupport() {
            @Override
            public void setAsText(String text) {
                setValue(text.isEmpty() ? null : parse.apply(text)); // empty: as if absent, as Spring has it
            }
        };
    }
}
