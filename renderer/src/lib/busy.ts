/** A store's busy flag and error message around one call: the pattern every store's actions share. */
export interface BusyState {
  busy: boolean;
  error: string | null;
}

/** Runs `fn` with `busy` set; an error becomes the state's message and the result undefined. */
export async function withBusy<T>(state: BusyState, fn: () => Promise<T>): Promise<T | undefined> {
  state.busy = true;
  state.error = null;
  try {
    return await fn();
  } catch (err) {
    state.error = (err as Error).message;
    return undefined;
  } finally {
    state.busy = false;
  }
}
