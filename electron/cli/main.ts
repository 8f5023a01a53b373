/**
 * fcr — the command-line adapter: it parses arguments, calls the services and prints results.
 * Each command lives in commands/<name>.ts and is registered in COMMANDS below.
 * Exit codes: 0 success, 1 a command failed (e.g. an import), 2 usage error.
 */
import { toErrorInfo } from '../../shared/errors.js';
import { readPackageVersion } from '../paths.js';
import { findCommand, parseArgv, UsageError } from './args.js';
import { CommandContext, type Command, type Io } from './context.js';
import { termText } from './terminal.js';

/**
 * The commands, each loaded when it runs (the build splits them into chunks): fcr scan FILE does
 * not load the data folder's services, SQLite or the exporters.
 */
export const COMMANDS: Record<string, () => Promise<Command>> = {
  serve: async () => (await import('./commands/serve.js')).serve,
  import: async () => (await import('./commands/import.js')).importCommand,
  list: async () => (await import('./commands/list.js')).list,
  extract: async () => (await import('./commands/extract.js')).extract,
  scan: async () => (await import('./commands/scan.js')).scan,
  export: async () => (await import('./commands/export.js')).exportCommand,
  'import-bundle': async () => (await import('./commands/import-bundle.js')).importBundle,
  revise: async () => (await import('./commands/revise.js')).revise,
  audit: async () => (await import('./commands/trust.js')).audit,
  backup: async () => (await import('./commands/trust.js')).backup,
  restore: async () => (await import('./commands/trust.js')).restore,
  batch: async () => (await import('./commands/batch.js')).batch,
  evaluate: async () => (await import('./commands/evaluate.js')).evaluate,
  sample: async () => (await import('./commands/sample.js')).sample,
  rules: async () => (await import('./commands/rules.js')).rules,
};

export async function usage(): Promise<string> {
  const commands = await Promise.all(Object.values(COMMANDS).map((load) => load()));
  const forms = commands.flatMap((c) => c.spec.usage);
  const width = Math.max(...forms.map(([synopsis]) => synopsis.length));
  // A synopsis too long to share a line with its summary gets the summary on the next line.
  const lines = forms.flatMap(([synopsis, summary]) =>
    synopsis.length > 48
      ? [`  ${synopsis}`, `  ${' '.repeat(50)}${summary}`]
      : [`  ${synopsis.padEnd(Math.min(width, 48) + 2)}${summary}`],
  );
  return [
    '审查助手命令行 fcr — 公平竞争审查辅助工具',
    '',
    '用法：',
    ...lines,
    '  fcr --help | --version',
    '',
    '通用选项：',
    '  --data-dir DIR    数据目录（默认取环境变量 FCR_DATA_DIR，否则为系统用户数据目录）',
    '',
    '退出码：0 成功；1 执行失败（如某个文件导入失败），或 scan 发现“强”提示；2 用法错误。',
  ].join('\n');
}

const defaultIo: Io = {
  out: (l) => process.stdout.write(`${termText(l)}\n`),
  err: (l) => process.stderr.write(`${termText(l)}\n`),
  write: (bytes) => {
    process.stdout.write(bytes);
    // Nothing pending: written synchronously (a file, or a pipe with room), the bytes are not kept.
    return process.stdout.writableLength === 0;
  },
  tty: process.stdout.isTTY === true,
};

export async function runCli(argv: string[], io: Io = defaultIo): Promise<number> {
  let ctx: CommandContext | null = null;
  try {
    const name = findCommand(argv);
    const command = name !== undefined && Object.hasOwn(COMMANDS, name) ? await COMMANDS[name]!() : undefined;
    const args = parseArgv(argv, command?.spec);
    if (args.options.has('--help') || args.options.has('-h') || name === 'help') {
      io.out(
        command
          ? command.spec.usage.map(([synopsis, summary]) => `用法：${synopsis}\n      ${summary}`).join('\n')
          : await usage(),
      );
      return 0;
    }
    if (args.options.has('--version')) {
      io.out(readPackageVersion());
      return 0;
    }
    if (name === undefined) throw new UsageError('缺少命令。');
    if (!command) throw new UsageError(`未知命令：${name}`);
    // The data folder's services are loaded only for a command that may open them.
    ctx = new CommandContext(
      args,
      io,
      command.services === false ? null : (await import('../services/index.js')).createServices,
    );
    return await command.run(ctx);
  } catch (err) {
    if (err instanceof UsageError) {
      io.err(`fcr：${err.message}`);
      io.err('运行 fcr --help 查看用法。');
      return 2;
    }
    io.err(`fcr：${toErrorInfo(err).message}`);
    return 1;
  } finally {
    ctx?.close();
  }
}
