import { AsyncResource } from 'node:async_hooks';
import { OverloadedError } from './overloaded-error';

export interface AdmissionQueueOptions {
  /** Jobs that run at once (e.g. one per worker thread). */
  concurrency: number;
  /** Jobs that may wait for a free slot; the next one is refused at once. */
  maxQueueLength: number;
  /** Longest a job may wait for a slot. */
  maxWaitMs: number;
  /**
   * What a job is assumed to take until one has run (e.g. one timed at start, when the machine may
   * be busy starting other things). It only decides when a waiting job is too late to start: until
   * a job has been timed, a job is refused on arrival only when the queue is full; the first job
   * timed replaces it.
   */
  initialJobMs: number;
  /** What the caller still needs after the job to answer before its deadline. */
  finishReserveMs?: number;
  /** Says what kind of work was refused, in the message a client may read. */
  refusal?: string;
  now?: () => number;
}

export interface AdmissionStats {
  running: number;
  queued: number;
  /** Smoothed duration of a job, from the last ones that ran. */
  jobMs: number;
}

export interface AdmissionQueue {
  /**
   * Runs `work` once a slot is free, first come first served, and only if it can start within
   * `maxWaitMs` and finish before `deadline` (epoch ms; Infinity: none). Otherwise rejects with
   * OverloadedError and never calls `work`: at once when the queue is full or the estimated wait
   * rules it out, or later, while waiting, as soon as it can no longer start in time.
   */
  run<T>(work: () => Promise<T>, deadline?: number): Promise<T>;
  /**
   * Holds a place for a job arriving now with `deadline`, or throws the OverloadedError it would be
   * refused with at once. A held place counts as a waiting job for every arrival after it, so a
   * caller can do its own work before running (counters, reads) and a burst is still judged as a
   * whole: the places taken while those callers wait are not handed out again.
   */
  hold(deadline?: number): QueuePlace;
  stats(): AdmissionStats;
}

/** A place held in the queue (`hold`): used once by `run`, or given up by `release`. */
export interface QueuePlace {
  /** Runs `work` as the queue's `run` does; its arrival was judged when the place was held. */
  run<T>(work: () => Promise<T>): Promise<T>;
  /** Gives the place up unless `run` used it; safe to call again. */
  release(): void;
}

interface Waiter {
  start(): void;
  refuse(error: OverloadedError): void;
  deadline: number;
  enqueuedAt: number;
  timer: NodeJS.Timeout | undefined;
}

// Smoothing of the job time and its deviation, as TCP smooths round-trip times (RFC 6298); a job
// starts only with its smoothed time plus DEVIATIONS deviations left, as TCP's retransmit timer.
const GAIN = 0.25;
const DEVIATIONS = 3;

/**
 * A bounded FIFO queue in front of work with a fixed number of slots (a worker pool, a connection
 * pool). It serves at capacity and refuses the excess quickly instead of letting everybody wait
 * until their deadlines pass: work is started only when it can still finish in time, so none is
 * done for a caller that has already given up.
 */
export function createAdmissionQueue(options: AdmissionQueueOptions): AdmissionQueue {
  const { concurrency, maxQueueLength, maxWaitMs, finishReserveMs = 0, now = Date.now } = options;
  const refusal = options.refusal ?? 'The service is busy';
  const queue: Waiter[] = [];
  const runningSince: number[] = [];
  /** Places held by callers that have not run their job yet; they wait as much as the queue does. */
  let held = 0;
  let jobMs = Math.max(1, options.initialJobMs);
  // Until jobs are timed, a budget of twice the estimate; the first timed job replaces both.
  let jobDeviationMs = jobMs / DEVIATIONS;
  let timed = false;

  /** A job is started only with this much time left: its expected duration with some slack. */
  const jobBudgetMs = () => jobMs + DEVIATIONS * jobDeviationMs + finishReserveMs;

  /**
   * When a job with `ahead` jobs queued before it would start, assuming every job takes `eachMs`:
   * the slots free up when their running jobs end, then take the queued jobs in turn.
   */
  function startsInMs(at: number, ahead: number, eachMs = jobMs): number {
    const freeIn = runningSince.map((since) => Math.max(0, since + eachMs - at));
    while (freeIn.length < concurrency) freeIn.push(0);
    freeIn.sort((a, b) => a - b);
    return freeIn[ahead % concurrency]! + Math.floor(ahead / concurrency) * eachMs;
  }

  /** Until the queue as it is now has drained: when to come back. */
  const retryAfterSeconds = (at: number) => (startsInMs(at, queue.length + held) + jobMs) / 1_000;

  const overloaded = (at: number, why: string) => new OverloadedError(retryAfterSeconds(at), `${refusal} (${why}); try again later.`);

  const latestStart = (waiter: Waiter) => Math.min(waiter.enqueuedAt + maxWaitMs, waiter.deadline - jobBudgetMs());

  /**
   * A job a deviation slower than average: a job is admitted only if it would start by its latest
   * start with the jobs ahead of it taking this long. Arrivals and waits are then held to the same
   * bound, so a job admitted is refused later only when jobs run slower than that, and the excess
   * of a burst is refused on arrival, in milliseconds, not when its last moment to start passes.
   */
  const slowJobMs = () => jobMs + jobDeviationMs;

  /** The first job timed replaces the start-up estimate; later ones are smoothed in. */
  function record(durationMs: number): void {
    if (!timed) {
      timed = true;
      jobMs = Math.max(1, durationMs);
      jobDeviationMs = jobMs / DEVIATIONS;
      return;
    }
    jobDeviationMs += GAIN * (Math.abs(durationMs - jobMs) - jobDeviationMs);
    jobMs = Math.max(1, jobMs + GAIN * (durationMs - jobMs));
  }

  function dequeue(waiter: Waiter): void {
    clearTimeout(waiter.timer);
    const index = queue.indexOf(waiter);
    if (index >= 0) queue.splice(index, 1);
  }

  /** Gives free slots to the queue's head, refusing the waiters that can no longer start in time. */
  function dispatch(): void {
    while (runningSince.length < concurrency && queue.length > 0) {
      const waiter = queue.shift()!;
      clearTimeout(waiter.timer);
      const at = now();
      if (at > latestStart(waiter)) waiter.refuse(overloaded(at, 'it could not start in time'));
      else waiter.start();
    }
  }

  /** Refuses a waiter once it can no longer start in time, even if no slot frees up meanwhile. */
  function watch(waiter: Waiter): void {
    const wait = latestStart(waiter) - now();
    if (wait === Infinity) return;
    waiter.timer = setTimeout(
      () => {
        if (now() <= latestStart(waiter)) return watch(waiter); // the estimate moved: look again later
        dequeue(waiter);
        waiter.refuse(overloaded(now(), 'it could not start in time'));
      },
      Math.max(0, wait) + 1,
    );
    waiter.timer.unref();
  }

  /** Why a job arriving at `at` is refused at once, if it is. */
  function refusalOnArrival(at: number, deadline: number): OverloadedError | undefined {
    if (deadline <= at) return overloaded(at, 'the deadline has passed');
    // Served before it: the queue, then the places held; the first of them take the free slots.
    const ahead = queue.length + held;
    const freeSlots = concurrency - runningSince.length;
    if (ahead >= freeSlots && ahead - freeSlots >= maxQueueLength) return overloaded(at, 'too many are waiting');
    if (!timed) return undefined;
    const startsIn = startsInMs(at, ahead, slowJobMs());
    if (startsIn > maxWaitMs) return overloaded(at, 'the wait would be too long');
    if (at + startsIn > deadline - jobBudgetMs()) return overloaded(at, 'it could not finish in time');
    return undefined;
  }

  function run<T>(work: () => Promise<T>, deadline = Infinity): Promise<T> {
    const at = now();
    const refused = refusalOnArrival(at, deadline);
    return refused ? Promise.reject(refused) : enqueue(work, deadline, at);
  }

  function hold(deadline = Infinity): QueuePlace {
    const heldAt = now();
    const refused = refusalOnArrival(heldAt, deadline);
    if (refused) throw refused;
    held += 1;
    let holding = true;
    const giveUp = () => {
      if (holding) held -= 1;
      holding = false;
    };
    return {
      run(work) {
        if (!holding) return Promise.reject(new Error('this place in the queue is used or released'));
        giveUp();
        const at = now();
        return deadline <= at ? Promise.reject(overloaded(at, 'the deadline has passed')) : enqueue(work, deadline, heldAt);
      },
      release: giveUp,
    };
  }

  /** Queues `work`, which arrived at `arrivedAt` and was admitted, to start in its turn. */
  function enqueue<T>(work: () => Promise<T>, deadline: number, arrivedAt: number): Promise<T> {
    // A job starts when an earlier one ends, in that one's async context: bind it to its caller's,
    // or it would run under another call's deadline (currentCallDeadline) and trace.
    const ownWork = AsyncResource.bind(work);
    return new Promise<T>((resolve, reject) => {
      const waiter: Waiter = {
        deadline,
        enqueuedAt: arrivedAt,
        timer: undefined,
        refuse: reject,
        start() {
          const startedAt = now();
          runningSince.push(startedAt);
          const finish = () => {
            runningSince.splice(runningSince.indexOf(startedAt), 1);
            record(now() - startedAt);
            dispatch();
          };
          // A job that throws synchronously still frees its slot.
          Promise.resolve()
            .then(ownWork)
            .then(
              (value) => {
                finish();
                resolve(value);
              },
              (error: unknown) => {
                finish();
                reject(error);
              },
            );
        },
      };
      queue.push(waiter);
      if (runningSince.length < concurrency) dispatch();
      else watch(waiter);
    });
  }

  return {
    run,
    hold,
    stats: () => ({ running: runningSince.length, queued: queue.length, jobMs }),
  };
}
