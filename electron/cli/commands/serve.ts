import path from 'node:path';
import { toErrorInfo } from '../../../shared/errors.js';
import { startHost } from '../../host/server.js';
import { appRoot } from '../../paths.js';
import { UsageError } from '../args.js';
import type { Command } from '../context.js';

export const serve: Command = {
  spec: {
    usage: [['fcr serve [--port N]', '启动浏览器界面（仅本机 127.0.0.1），打印访问网址']],
    values: ['--port'],
    positionals: { max: 0 },
  },
  async run(ctx) {
    const portArg = ctx.args.options.get('--port');
    const port = portArg === undefined ? 0 : Number(portArg);
    if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`端口无效：${String(portArg)}`);
    const services = ctx.open({ app: 'fcr serve（浏览器界面）' });
    void services.startBackground().then(
      (audit) => audit.ok || ctx.io.err(`警告：审计日志校验未通过：${audit.problem}`),
      (err: unknown) => ctx.io.err(`后台检查失败：${toErrorInfo(err).message}`),
    );
    const host = await startHost({ api: services.api, staticDir: path.join(appRoot(), 'dist', 'renderer'), port });
    ctx.io.out(`审查助手已启动（数据目录：${ctx.dataDir}）`);
    ctx.io.out(`请在浏览器中打开：${host.url}`);
    ctx.io.out('按 Ctrl+C 退出。');
    await new Promise<void>((resolve) => {
      process.once('SIGINT', () => resolve());
      process.once('SIGTERM', () => resolve());
    });
    await host.close();
    return 0;
  },
};
