/** Error codes shared by every adapter. Messages are user-facing Simplified Chinese. */
export type ErrorCode =
  | 'BAD_ARGS'
  | 'EMPTY_FILE'
  | 'NOT_TEXT'
  | 'UNSUPPORTED_TYPE'
  | 'FILE_NOT_FOUND'
  | 'FILE_UNREADABLE'
  | 'TOO_LARGE'
  | 'CORRUPT_FILE'
  | 'ENCRYPTED'
  | 'NEEDS_OCR'
  | 'TIMEOUT'
  | 'NOT_FOUND'
  | 'UNAUTHORIZED'
  | 'STORAGE'
  | 'LOCKED'
  | 'INTERNAL';

export interface ErrorInfo {
  code: ErrorCode;
  message: string;
}

export class FcrError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'FcrError';
  }

  toJSON(): ErrorInfo {
    return { code: this.code, message: this.message };
  }
}

/** Turns anything thrown into a safe ErrorInfo; unexpected errors keep a generic message. */
export function toErrorInfo(err: unknown): ErrorInfo {
  if (err instanceof FcrError) return err.toJSON();
  if (err instanceof Error && err.name === 'SchemaError') return { code: 'BAD_ARGS', message: err.message };
  const detail = err instanceof Error ? err.message : String(err);
  return { code: 'INTERNAL', message: `内部错误：${detail}` };
}

/** The result envelope every transport (IPC, HTTP) carries. */
export type Envelope<T> = { ok: true; result: T } | { ok: false; error: ErrorInfo };
