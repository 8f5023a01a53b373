/** Import limits: file size, zip-bomb guards and a per-file time budget. Each hit is a clear message. */
import { MAX_IMPORT_BYTES } from '../../../shared/api.js';
import { FcrError } from '../../../shared/errors.js';

export interface ImportLimits {
  /** Largest accepted file (bytes). */
  maxFileBytes: number;
  /** Largest total uncompressed size read from one .docx/.ofd package (bytes). */
  maxUncompressedBytes: number;
  /** Largest compression ratio of one package entry (checked once an entry exceeds 1 MB). */
  maxCompressionRatio: number;
  /** Time budget per file (ms). */
  timeoutMs: number;
}

export const DEFAULT_LIMITS: ImportLimits = {
  maxFileBytes: MAX_IMPORT_BYTES,
  maxUncompressedBytes: 300 * 1024 * 1024,
  maxCompressionRatio: 200,
  timeoutMs: 60_000,
};

export function resolveLimits(partial?: Partial<ImportLimits>): ImportLimits {
  return { ...DEFAULT_LIMITS, ...(partial ?? {}) };
}

export const mb = (n: number): string => `${(n / 1048576).toFixed(n < 10 * 1048576 ? 1 : 0)} MB`;

export function checkFileSize(fileName: string, size: number, limits: ImportLimits): void {
  if (size > limits.maxFileBytes) {
    throw new FcrError(
      'TOO_LARGE',
      `「${fileName}」大小为 ${mb(size)}，超过导入上限 ${mb(limits.maxFileBytes)}。请拆分文件或调整上限后再导入。`,
    );
  }
}

/** A per-file deadline; long synchronous loops call check() now and then. */
export class Deadline {
  private readonly until: number;

  constructor(
    readonly fileName: string,
    readonly ms: number,
  ) {
    this.until = Date.now() + ms;
  }

  expired(): boolean {
    return Date.now() > this.until;
  }

  check(): void {
    if (this.expired()) throw this.error();
  }

  remaining(): number {
    return Math.max(0, this.until - Date.now());
  }

  error(): FcrError {
    return new FcrError(
      'TIMEOUT',
      `「${this.fileName}」处理超时（超过 ${Math.round(this.ms / 1000)} 秒），已停止导入。文件可能过大或结构异常。`,
    );
  }
}

/** Races a promise against the deadline; `onTimeout` may release resources. */
export async function withDeadline<T>(deadline: Deadline, work: Promise<T>, onTimeout?: () => void): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      onTimeout?.();
      reject(deadline.error());
    }, deadline.remaining());
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
