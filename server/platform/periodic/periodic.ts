import type { FastifyBaseLogger } from 'fastify';

/** A background job started with the app; `stop()` ends the timer and waits for a run in progress. */
export type StopPeriodic = () => Promise<void>;

/**
 * Runs `job` every `intervalMs`, never two runs at once in this process (several instances coordinate in the
 * database: `FOR UPDATE SKIP LOCKED`). A failed run is logged and the next one runs as planned.
 */
export function startPeriodic(name: string, job: () => Promise<unknown>, log: FastifyBaseLogger, intervalMs: number): StopPeriodic {
  let current: Promise<void> | null = null;
  const timer = setInterval(() => {
    if (current) return;
    current = job()
      .then(() => undefined)
      .catch((err: unknown) => log.error({ err }, `${name} failed`))
      .finally(() => {
        current = null;
      });
  }, intervalMs);
  timer.unref();
  return async () => {
    clearInterval(timer);
    await current;
  };
}
