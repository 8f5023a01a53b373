/**
 * The API client every store uses (the real one in main.ts, any Api implementation in tests), and
 * whether the host let us in: without the per-start token every call is refused, and the app then
 * shows only how to open it instead of an empty-looking library.
 */
import { reactive } from 'vue';
import type { Api } from '../../../shared/api';

let api: Api | null = null;

export const access = reactive({
  denied: false,
  /** Bumped when a new token is accepted, so the views load afresh. */
  generation: 0,
});

export function useApi(client: Api): void {
  api = client;
}

export function client(): Api {
  if (!api) throw new Error('API client not set');
  return api;
}

/** The host refused the token (or there is none): show the access page. */
export function denyAccess(): void {
  access.denied = true;
}

/** A new client with a new token is in place: try again from the start. */
export function grantAccess(next: Api): void {
  api = next;
  access.denied = false;
  access.generation++;
}
