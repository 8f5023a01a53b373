/**
 * Packages loaded on first use rather than at start-up: a command that never needs them (fcr scan
 * or fcr extract of a text file) starts without them (together about 40 ms of a CLI start).
 */
import type BetterSqlite3 from 'better-sqlite3';
import type * as Docx from 'docx';
import type * as Fflate from 'fflate';
import type * as FlexSearch from 'flexsearch';
import { createRequire } from 'node:module';

function lazy<T>(id: string): () => T {
  let loaded: T | undefined;
  return () => (loaded ??= createRequire(import.meta.url)(id) as T);
}

export const sqlite = lazy<typeof BetterSqlite3>('better-sqlite3');
export const docx = lazy<typeof Docx>('docx');
export const fflate = lazy<typeof Fflate>('fflate');
export const flexsearch = lazy<typeof FlexSearch>('flexsearch');
