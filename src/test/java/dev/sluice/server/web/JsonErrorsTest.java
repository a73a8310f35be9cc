package dev.sluice.server.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.sluice.server.json.StrictJson;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/** Jackson's failures told in the API's words: the field, the JSON type expected, what came (issue 13). */
class JsonErrorsTest {

    enum Kind {
        Search,
        AppClose
    }

    record Event(Kind type, int user, List<Long> epochs, Inner inner) {}

    record Inner(String name) {}

    private static final JsonMapper STRICT;

    static {
        JsonMapper.Builder builder = JsonMapper.builder();
        StrictJson.configure(builder);
        builder.enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        STRICT = builder.build();
    }

    private static String described(String json) {
        JacksonException e = catchThrowableOfType(JacksonException.class, () -> STRICT.readValue(json, Event.class));
        assertThat(e).as("reading %s", json).isNotNull();
        return JsonErrors.describe(e);
    }

    @Test
    void aValueOfAnotherJsonTypeNamesTheFieldAndBothTypes() {
        assertThat(described("{\"type\": \"Search\", \"user\": \"7\"}"))
                .isEqualTo("at 'user': expected an integer, got a string");
        assertThat(described("{\"type\": \"Search\", \"user\": 1.5}"))
                .isEqualTo("at 'user': expected an integer, got 1.5");
        assertThat(described("{\"type\": \"Search\", \"user\": 1, \"inner\": [1]}"))
                .isEqualTo("at 'inner': expected an object, got an array");
        assertThat(described("{\"type\": \"Search\", \"user\": 1, \"inner\": {\"name\": 3}}"))
                .isEqualTo("at 'inner.name': expected a string, got 3");
        assertThat(described("{\"type\": \"Search\", \"user\": 1, \"epochs\": [1, \"x\"]}"))
                .isEqualTo("at 'epochs[1]': expected an integer, got a string");
    }

    @Test
    void anEnumListsItsValuesAndAMissingOrNullFieldSaysSo() {
        assertThat(described("{\"type\": \"Nope\", \"user\": 1}"))
                .isEqualTo("at 'type': expected one of [Search, AppClose], got \"Nope\"");
        assertThat(described("{\"type\": \"Search\"}")).isEqualTo("the field 'user' is missing; expected an integer");
        assertThat(described("{\"type\": \"Search\", \"user\": null}"))
                .isEqualTo("at 'user': expected an integer, got null");
        assertThat(described("{\"type\": \"Search\", \"user\": 1, \"bogus\": 2}"))
                .isEqualTo("unknown field 'bogus'; the fields are [epochs, inner, type, user]");
    }

    @Test
    void whatIsLeftOfJacksonsOwnWordsNamesNoJavaClassOrSetting() {
        assertThat(JsonErrors.withoutJavaNames(
                        "Cannot deserialize value of type `dev.sluice.examples.AppEvent$Type` from Array value"))
                .isEqualTo("Cannot deserialize value of type AppEvent.Type from Array value");
        assertThat(JsonErrors.withoutJavaNames(
                        "Non-standard token 'NaN': enable `JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS` to allow"))
                .isEqualTo("Non-standard token 'NaN'");
        assertThat(
                        JsonErrors.withoutJavaNames(
                                "Cannot map `null` into type `int` (set `DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES` to 'false' to allow)"))
                .doesNotContain("Feature");
    }
}
