/** Vitest global setup: bundles the import worker so that services under test can start worker threads. */
import { buildWorker } from '../../scripts/build-worker.mjs';

export default async function setup(): Promise<void> {
  await buildWorker();
}
