package dev.sluice.server;

import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/**
 * Starts building the members' class-data archive ({@link MemberClassData}) as the test run starts, when
 * {@value #PROPERTY} is true (the build's surefire configuration sets it): the suite's first cluster comes
 * minutes later, and the archive is ready by then. A run without it (one test from an IDE) builds the
 * archive when a test first starts a {@link ServiceCluster}, and one that starts none builds nothing.
 * Registered in {@code META-INF/services}.
 */
public final class MemberClassDataListener implements LauncherSessionListener {

    static final String PROPERTY = "sluice.test.member-class-data.early";

    @Override
    public void launcherSessionOpened(LauncherSession session) {
        if (Boolean.getBoolean(PROPERTY)) {
            MemberClassData.prepare(ServiceCluster.memberJvmOptions());
        }
    }
}
