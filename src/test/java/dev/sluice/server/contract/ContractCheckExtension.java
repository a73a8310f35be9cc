package dev.sluice.server.contract;

import static org.assertj.core.api.Assertions.fail;

import java.util.List;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Fails a test whose requests got a response that breaks {@code openapi/openapi.yaml} ({@link
 * ContractViolations}), after it ran; a response still being checked when a class ends fails the class.
 * Registered for every test by JUnit's extension auto-detection ({@code junit-platform.properties},
 * {@code META-INF/services}); it does nothing while the check is off.
 */
public final class ContractCheckExtension implements AfterEachCallback, AfterAllCallback {

    private static final long WAIT_MILLIS = 3000;

    @Override
    public void afterEach(ExtensionContext context) throws InterruptedException {
        report(context.getDisplayName());
    }

    @Override
    public void afterAll(ExtensionContext context) throws InterruptedException {
        report(context.getDisplayName());
    }

    private static void report(String where) throws InterruptedException {
        if (!ContractViolations.enabled()) {
            return;
        }
        List<String> violations = ContractViolations.drain(WAIT_MILLIS);
        if (!violations.isEmpty()) {
            fail("responses in %s break openapi/openapi.yaml:%n  %s", where, String.join("\n  ", violations));
        }
    }
}
