import { Gauge, type Registry } from 'prom-client';

/**
 * One read shared by the gauges of a scrape: prom-client collects every metric of a scrape at
 * once, so the gauges fed by one query (a count and an age) ask for it together; the first call
 * starts the read and the others, made while it runs, get the same promise. The next scrape reads
 * again: nothing is cached between scrapes.
 */
export function sharedReading<T>(read: () => Promise<T>): () => Promise<T> {
  let pending: Promise<T> | undefined;
  return () => {
    pending ??= read().finally(() => {
      pending = undefined;
    });
    return pending;
  };
}

export interface GaugeOfReading<T> {
  name: string;
  help: string;
  valueOf: (reading: T) => number;
}

/**
 * Gauges computed at scrape time from one read (a query, a queue declaration), never on a request.
 * `labels` are fixed labels of every gauge. If the read fails, the gauges are left out of that scrape rather than showing a stale value.
 */
export function gaugesOfReading<T>(registry: Registry, read: () => Promise<T>, gauges: GaugeOfReading<T>[], labels: Record<string, string> = {}): void {
  const readOnce = sharedReading(read);
  for (const { name, help, valueOf } of gauges) {
    new Gauge({
      name,
      help,
      labelNames: Object.keys(labels),
      registers: [registry],
      async collect() {
        this.reset();
        const reading = await readOnce().catch(() => undefined);
        if (reading !== undefined) this.set(labels, valueOf(reading));
      },
    });
  }
}
