/** What every command receives: parsed arguments, output streams and lazily opened services. */
import { resolveDataDir } from '../paths.js';
import type { createServices, ServiceOptions, Services } from '../services/index.js';
import type { ParsedArgs } from './args.js';

export interface Io {
  out(line: string): void;
  err(line: string): void;
  /**
   * Writes UTF-8 bytes to standard output as they are (whole lines, already made safe with
   * termText): long reports without a string per line. Returns true when the bytes have been
   * written out and are not kept (the caller may reuse them). Without it, callers use out.
   */
  write?(bytes: Uint8Array): boolean;
  /** Standard output is a terminal: progress lines may be rewritten in place. */
  tty?: boolean;
}

export class CommandContext {
  private services: Services | null = null;

  constructor(
    readonly args: ParsedArgs,
    readonly io: Io,
    /** Opens a data folder (null for a command that never does: see Command.services). */
    private readonly openServices: typeof createServices | null,
  ) {}

  get dataDir(): string {
    const v = this.args.options.get('--data-dir');
    return resolveDataDir(typeof v === 'string' ? v : undefined);
  }

  /** Opens the data folder's database on first use. */
  open(options?: ServiceOptions): Services {
    if (!this.openServices) throw new Error('this command does not open the data folder (Command.services)');
    this.services ??= this.openServices(this.dataDir, options);
    return this.services;
  }

  close(): void {
    this.services?.close();
    this.services = null;
  }
}

export interface Command {
  spec: import('./args.js').CommandSpec;
  run(ctx: CommandContext): Promise<number> | number;
  /** False: the command never opens the data folder, so its services are not loaded (a faster start). */
  services?: false;
}
