package dev.sluice.server.security;

import java.util.Locale;

/**
 * What a credential may do, when authentication is on. {@link #OPERATE} implies {@link #READ} (Spring
 * Security's role hierarchy, {@link SecurityConfiguration}); which operation needs which is {@link
 * AccessRules}'.
 */
enum Role {
    /** Reading: flows, jobs, a job's output and progress, the cluster, the metrics. */
    READ,
    /** Changing: finite runs, starting jobs, their input, closing it, cancelling and the lifecycle verbs. */
    OPERATE;

    /** The Spring Security authority of the role ({@code ROLE_READ}). */
    String authority() {
        return "ROLE_" + name();
    }

    /** The role's name in configuration and on the wire: {@code read}, {@code operate}. */
    String wire() {
        return name().toLowerCase(Locale.ROOT);
    }
}
