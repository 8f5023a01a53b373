/**
 * fcr — the command-line adapter: it parses arguments, calls the services and prints results.
 * Each command lives in commands/<name>.ts and is registered in COMMANDS below.
 * Exit codes: 0 success, 1 a command failed (e.g. an import), 2 usage error.
 */
import { toErrorInfo } from '../../shared/errors.js';
import { readPackageVersion } from '../paths.js';
import { findCommand, parseArgv, UsageError } from './args.js';
import { exportCommand } from './commands/export.js';
import { batch } from './commands/batch.js';
import { evaluate } from './commands/evaluate.js';
import { extract } from './commands/extract.js';
import { importBundle } from './commands/import-bundle.js';
import { importCommand } from './commands/import.js';
import { list } from './commands/list.js';
import { revise } from './commands/revise.js';
import { sample } from './commands/sample.js';
import { scan } from './commands/scan.js';
import { serve } from './commands/serve.js';
import { audit, backup, restore } from './commands/trust.js';
import { CommandContext, type Command, type Io } from './context.js';
import { termText } from './terminal.js';

export const COMMANDS: Record<string, Command> = {
  serve,
  import: importCommand,
  list,
  extract,
  scan,
  export: exportCommand,
  'import-bundle': importBundle,
  revise,
  audit,
  backup,
  restore,
  batch,
  evaluate,
  sample,
};

export function usage(): string {
  const forms = Object.values(COMMANDS).flatMap((c) => c.spec.usage);
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
  write: (bytes) => process.stdout.write(bytes),
  tty: process.stdout.isTTY === true,
};

export async function runCli(argv: string[], io: Io = defaultIo): Promise<number> {
  let ctx: CommandContext | null = null;
  try {
    const name = findCommand(argv);
    const command = name === undefined ? undefined : COMMANDS[name];
    const args = parseArgv(argv, command?.spec);
    if (args.options.has('--help') || args.options.has('-h') || name === 'help') {
      io.out(
        command
          ? command.spec.usage.map(([synopsis, summary]) => `用法：${synopsis}\n      ${summary}`).join('\n')
          : usage(),
      );
      return 0;
    }
    if (args.options.has('--version')) {
      io.out(readPackageVersion());
      return 0;
    }
    if (name === undefined) throw new UsageError('缺少命令。');
    if (!command) throw new UsageError(`未知命令：${name}`);
    ctx = new CommandContext(args, io);
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
