/** Command-line parsing shared by every fcr command. */

export class UsageError extends Error {}

export interface CommandSpec {
  /** One [synopsis, summary] pair per form of the command, shown in fcr --help. */
  usage: [synopsis: string, summary: string][];
  /** Options that take a value, e.g. --format. */
  values?: string[];
  /** Options without a value, e.g. --strong-only. */
  flags?: string[];
  /** Minimum / maximum number of positional arguments. */
  positionals?: { min?: number; max?: number; name?: string };
}

export interface ParsedArgs {
  command: string | undefined;
  positionals: string[];
  options: Map<string, string | true>;
}

const GLOBAL_VALUES = ['--data-dir'];
const GLOBAL_FLAGS = ['--help', '-h', '--version'];

/** Finds the command word: the first argument that is neither an option nor a global option's value. */
export function findCommand(argv: string[]): string | undefined {
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--') return argv[i + 1];
    if (GLOBAL_VALUES.includes(a)) i++;
    else if (!a.startsWith('-') || a === '-') return a;
  }
  return undefined;
}

export function parseArgv(argv: string[], spec: CommandSpec | undefined): ParsedArgs {
  const values = new Set([...GLOBAL_VALUES, ...(spec?.values ?? [])]);
  const flags = new Set([...GLOBAL_FLAGS, ...(spec?.flags ?? [])]);
  const positionals: string[] = [];
  const options = new Map<string, string | true>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--') {
      positionals.push(...argv.slice(i + 1));
      break;
    }
    if (arg.startsWith('-') && arg !== '-') {
      const eq = arg.indexOf('=');
      const name = eq > 0 ? arg.slice(0, eq) : arg;
      const inline = eq > 0 ? arg.slice(eq + 1) : undefined;
      if (values.has(name)) {
        const value = inline ?? argv[++i];
        if (value === undefined || value === '') throw new UsageError(`选项 ${name} 需要一个值。`);
        options.set(name, value);
      } else if (flags.has(name) && inline === undefined) {
        options.set(name, true);
      } else {
        throw new UsageError(`未知选项：${arg}`);
      }
      continue;
    }
    positionals.push(arg);
  }
  const command = positionals.shift();
  const { min = 0, max = Infinity, name = '参数' } = spec?.positionals ?? {};
  if (spec && !options.has('--help') && !options.has('-h')) {
    if (positionals.length < min) throw new UsageError(`${command} 需要至少 ${min} 个${name}。`);
    if (positionals.length > max)
      throw new UsageError(`${command} 不接受多余的参数：${positionals.slice(max).join(' ')}`);
  }
  return { command, positionals, options };
}

/** Reads an option that must be one of the given values. */
export function choice<T extends string>(args: ParsedArgs, name: string, allowed: readonly T[], fallback: T): T {
  const v = args.options.get(name);
  if (v === undefined) return fallback;
  if (typeof v !== 'string' || !(allowed as readonly string[]).includes(v)) {
    throw new UsageError(`${name} 只能是 ${allowed.join('、')}，收到：${String(v)}`);
  }
  return v as T;
}
