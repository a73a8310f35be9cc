package dev.sluice.server.jobs;

import java.util.HashSet;
import java.util.Set;

/** The IDs of jobs that map listeners marked as changed, for a sweep that takes them in turn. */
final class ChangedJobs {

    private ChangedJobs() {}

    /**
     * Takes every ID out of {@code changed}, a concurrent set that listeners keep adding to: an ID
     * added while this runs is either taken now or left for the next sweep, never lost.
     */
    static Set<String> drain(Set<String> changed) {
        Set<String> taken = new HashSet<>();
        for (String id : changed) {
            if (changed.remove(id)) {
                taken.add(id);
            }
        }
        return taken;
    }
}
