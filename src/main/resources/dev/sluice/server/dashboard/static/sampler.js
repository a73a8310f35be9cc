// The service's throughput, derived from the public API: the API has no service-wide items/s, so the
// overview and the jobs table sample GET /jobs and the progress of every job that runs
// (GET /jobs/{id}/progress, summed over every member by the service) and turn the counters into rates.
// In: pairs the input workers passed into the flow (inputRead); out: pairs that reached a capture step.
// Finite runs are not in these figures: each member counts its own (its /actuator/prometheus).
import { FINAL_STATUSES, enc, getJson } from './api.js';

/** Pairs that reached the flow's capture steps, from a progress answer. */
export function captured(progress) {
  return progress.steps.filter((s) => s.operator === 'capture').reduce((sum, s) => sum + s.itemsIn, 0);
}

export class JobsSampler {
  constructor() {
    this.previous = new Map(); // job ID → {at, in, out, final}
    this.sampled = false;
  }

  /**
   * One sample: `{jobs, progress: Map id → progress, rates: Map id → {in, out}, totalIn, totalOut}`,
   * the totals in items/s over the jobs sampled twice in a row (null on the first sample).
   */
  async sample() {
    const jobs = await getJson('jobs');
    const watched = jobs.filter((job) => {
      const before = this.previous.get(job.id);
      // a job that has just ended is asked once more, for its final figures
      return !FINAL_STATUSES.has(job.status) || (before && !before.final);
    });
    const answers = await Promise.all(
      watched.map((job) => getJson(`jobs/${enc(job.id)}/progress`).catch(() => null)),
    );
    const progress = new Map();
    const rates = new Map();
    let totalIn = null;
    let totalOut = null;
    watched.forEach((job, i) => {
      const answer = answers[i];
      if (!answer) {
        return;
      }
      progress.set(job.id, answer);
      const now = { at: Date.now(), in: answer.inputRead, out: captured(answer), final: FINAL_STATUSES.has(job.status) };
      const before = this.previous.get(job.id);
      if (before && !before.final) {
        const seconds = (now.at - before.at) / 1000;
        const rate = {
          in: Math.max(0, now.in - before.in) / seconds,
          out: Math.max(0, now.out - before.out) / seconds,
        };
        rates.set(job.id, rate);
        totalIn = (totalIn || 0) + rate.in;
        totalOut = (totalOut || 0) + rate.out;
      }
      this.previous.set(job.id, now);
    });
    if (this.sampled && totalIn === null) {
      totalIn = 0; // nothing runs: no throughput, rather than unknown
      totalOut = 0;
    }
    this.sampled = true;
    return { jobs, progress, rates, totalIn, totalOut };
  }
}
