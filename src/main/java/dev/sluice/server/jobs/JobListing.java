package dev.sluice.server.jobs;

import com.hazelcast.jet.Job;
import dev.sluice.server.jobs.JobExceptions.InvalidJobRequestException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.stereotype.Component;

/**
 * {@code GET /jobs}: every job, newest first, or a page of them: at most {@code limit}, only those in
 * the given statuses, only those older than the job named by {@code before} (the last of the previous
 * page). Only the jobs of the page are shown in full ({@link JobViewReader}: each cluster map read once for
 * the page); with a status filter, the jobs before and between them cost their status only.
 */
@Component
class JobListing {

    static final int MAX_LIMIT = 1000;

    /** The least number of jobs whose statuses a filtered page reads at once. */
    private static final int STATUS_CHUNK = 100;

    /** Newest first; jobs started in the same millisecond by ID, so that a page boundary is exact. */
    private static final Comparator<JobRecord> NEWEST_FIRST = Comparator.comparingLong(JobRecord::submittedAt)
            .thenComparing(JobRecord::id)
            .reversed();

    private final JobStore store;
    private final JobViewReader views;

    JobListing(JobStore store, JobViewReader views) {
        this.store = store;
        this.views = views;
    }

    /**
     * A page of jobs.
     *
     * @param jobs the jobs on it
     * @param more whether more jobs match after its last
     */
    record Page(List<JobView> jobs, boolean more) {}

    /**
     * @param limit at most this many, 1 to {@value #MAX_LIMIT}; null for all
     * @param statuses only jobs in these statuses; null or empty for all
     * @param before only jobs older than this one; null to start with the newest
     */
    Page list(Integer limit, List<String> statuses, String before) {
        if (limit != null && (limit < 1 || limit > MAX_LIMIT)) {
            throw new InvalidJobRequestException("limit must be between 1 and " + MAX_LIMIT + ", got " + limit);
        }
        Set<JobStatus> wanted = statuses(statuses);
        List<JobRecord> records = new ArrayList<>(store.jobs().values());
        records.sort(NEWEST_FIRST);
        int from = 0;
        if (before != null) {
            JobRecord last = store.jobs().get(before);
            if (last == null) {
                throw new InvalidJobRequestException(
                        "before must name a job (the last of the previous page); there is no job '" + before + "'");
            }
            while (from < records.size() && NEWEST_FIRST.compare(records.get(from), last) <= 0) {
                from++;
            }
        }
        int max = limit == null ? Integer.MAX_VALUE : limit;
        List<JobRecord> candidates = records.subList(from, records.size());
        Map<Long, Job> jetJobs = views.jetJobs();
        if (wanted == null) {
            boolean more = candidates.size() > max;
            List<JobRecord> shown = more ? candidates.subList(0, max) : candidates;
            return new Page(views.views(views.statuses(shown, jetJobs)), more);
        }
        // statuses first, a chunk of candidates at a time until the page is full; views only for the
        // jobs the page shows
        List<JobViewReader.Status> page = new ArrayList<>();
        int chunk = Math.max(STATUS_CHUNK, Math.min(max, MAX_LIMIT) + 1);
        for (int start = 0; start < candidates.size(); start += chunk) {
            List<JobRecord> part = candidates.subList(start, Math.min(candidates.size(), start + chunk));
            for (JobViewReader.Status status : views.statuses(part, jetJobs)) {
                if (!wanted.contains(status.status())) {
                    continue;
                }
                if (page.size() == max) {
                    return new Page(views.views(page), true);
                }
                page.add(status);
            }
        }
        return new Page(views.views(page), false);
    }

    private static Set<JobStatus> statuses(List<String> names) {
        if (names == null || names.isEmpty()) {
            return null;
        }
        Set<JobStatus> statuses = EnumSet.noneOf(JobStatus.class);
        for (String name : names) {
            try {
                statuses.add(JobStatus.valueOf(name.trim()));
            } catch (IllegalArgumentException e) {
                throw new InvalidJobRequestException("status must be one of " + Arrays.toString(JobStatus.values())
                        + " (or several, comma-separated), got \"" + name + "\"");
            }
        }
        return statuses;
    }
}
