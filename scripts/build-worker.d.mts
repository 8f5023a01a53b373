export function buildWorker(): Promise<unknown>;
