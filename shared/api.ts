/**
 * The one API contract. Every operation is declared here once: its name, argument schema and
 * result type. The Electron shell (IPC), the browser host (HTTP) and the renderer's client are
 * all derived from this table; the CLI calls the same service implementation directly.
 */
import { s, type Infer, type Schema } from './schema.js';
import type { AppInfo, DocumentDetail, DocumentSummary, ImportResult } from './types.js';

/** Largest file accepted through the API (bytes). */
export const MAX_IMPORT_BYTES = 100 * 1024 * 1024;

interface MethodSpec<A, R> {
  args: Schema<A>;
  /** Phantom field carrying the result type. */
  result?: R;
}

function method<A, R>(args: Schema<A>): MethodSpec<A, R> {
  return { args };
}

export const contract = {
  getAppInfo: method<Record<string, never>, AppInfo>(s.object({}) as Schema<Record<string, never>>),
  listDocuments: method<Record<string, never>, DocumentSummary[]>(s.object({}) as Schema<Record<string, never>>),
  getDocument: method<{ id: number }, DocumentDetail>(s.object({ id: s.int({ min: 1 }) })),
  importDocument: method<{ name: string; bytes: Uint8Array }, ImportResult>(
    s.object({ name: s.string({ min: 1, max: 255 }), bytes: s.bytes({ max: MAX_IMPORT_BYTES }) }),
  ),
} as const;

export type Contract = typeof contract;
export type MethodName = keyof Contract;
export type ArgsOf<M extends MethodName> = Contract[M] extends MethodSpec<infer A, unknown> ? A : never;
export type ResultOf<M extends MethodName> = Contract[M] extends MethodSpec<unknown, infer R> ? R : never;

/** What a service layer implements and what every client exposes. */
export type Api = { [M in MethodName]: (args: ArgsOf<M>) => Promise<ResultOf<M>> };

export const METHOD_NAMES = Object.keys(contract) as MethodName[];

export function isMethodName(name: unknown): name is MethodName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(contract, name);
}

/** Validates raw arguments for a method; throws SchemaError with a Chinese message. */
export function parseArgs<M extends MethodName>(name: M, raw: unknown): ArgsOf<M> {
  return (contract[name].args as Schema<ArgsOf<M>>).parse(raw);
}

/** IPC channel for a method: one named channel per method, never a generic one. */
export function ipcChannel(name: MethodName): string {
  return `fcr:${name}`;
}

export type { Infer };
