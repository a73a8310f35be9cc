package dev.sluice.server.security;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;

/** The rule table read from the top: operations by template, then the fallbacks. */
class AccessRulesTest {

    @Test
    void operationsHaveTheirRoles() {
        assertThat(access("GET", "/jobs/{id}/output")).isEqualTo(Access.READ);
        assertThat(access("POST", "/jobs/{id}/input")).isEqualTo(Access.OPERATE);
        assertThat(access("DELETE", "/jobs/{id}")).isEqualTo(Access.OPERATE);
        assertThat(access("POST", "/flows/{name}/run")).isEqualTo(Access.OPERATE);
        assertThat(access("GET", "/flows/wordcount/graph")).isEqualTo(Access.READ);
        assertThat(AccessRules.operationRule("PUT", "/jobs/{id}"))
                .as("no operation: a fallback")
                .isEmpty();
        assertThat(AccessRules.operationRule("GET", "/jobs/x/nothing")).isEmpty();
        // an operation added without a line in the table: SecurityRulesTest fails for it
        assertThat(AccessRules.operationRule("POST", "/jobs/{id}/frobnicate")).isEmpty();
        // the lifecycle verbs of issue 12 have theirs already
        assertThat(access("POST", "/jobs/{id}/suspend")).isEqualTo(Access.OPERATE);
    }

    @Test
    void requestsAreMatchedAsSpringSecurityMatchesThem() {
        assertThat(ruleFor("GET", "/actuator/health/liveness").access()).isEqualTo(Access.OPEN);
        assertThat(ruleFor("HEAD", "/jobs").access()).isEqualTo(Access.READ);
        assertThat(ruleFor("GET", "/actuator/prometheus").access()).isEqualTo(Access.READ);
        assertThat(ruleFor("GET", "/actuator/info").access())
                .as("an actuator endpoint of its own")
                .isEqualTo(Access.READ);
        assertThat(ruleFor("POST", "/jobs/3f2c/input").access()).isEqualTo(Access.OPERATE);
        assertThat(ruleFor("GET", "/jobs/3f2c/nothing").access()).isEqualTo(Access.READ);
        assertThat(ruleFor("PATCH", "/flows/wordcount").access()).isEqualTo(Access.OPERATE);
        assertThat(ruleFor("GET", "/").access()).as("the dashboard").isEqualTo(Access.OPEN);
        assertThat(ruleFor("GET", "/assets/app.js").access()).isEqualTo(Access.OPEN);
        assertThat(ruleFor("POST", "/").access()).isEqualTo(Access.OPERATE);
    }

    private static Access access(String method, String path) {
        return AccessRules.operationRule(method, path).orElseThrow().access();
    }

    private static AccessRules.Rule ruleFor(String method, String path) {
        MockHttpServletRequest request = new MockHttpServletRequest(method, path);
        request.setServletPath(path);
        return AccessRules.ruleFor(request);
    }
}
