/** The API client every store uses: the real one in main.ts, any Api implementation in tests. */
import type { Api } from '../../../shared/api';

let api: Api | null = null;

export function useApi(client: Api): void {
  api = client;
}

export function client(): Api {
  if (!api) throw new Error('API client not set');
  return api;
}
