package dev.sluice.server.security;

/** What a request needs: nothing, or a credential with a role ({@link AccessRules}). */
enum Access {
    OPEN(null),
    READ(Role.READ),
    OPERATE(Role.OPERATE);

    private final Role role;

    Access(Role role) {
        this.role = role;
    }

    /** The role needed, or null for {@link #OPEN}. */
    Role role() {
        return role;
    }
}
