/** fcr import-bundle FILE… — imports review bundles, verifying each signature first. */
import type { Command } from '../context.js';
import { forEachInputFile } from './import.js';

export const importBundle: Command = {
  spec: {
    usage: [
      [
        'fcr import-bundle FILE…',
        '导入审查包（.fcrbundle）：先校验签名，显示签名单位和密钥指纹；同一审查包不会重复导入',
      ],
    ],
    positionals: { min: 1, name: '文件' },
  },
  async run(ctx) {
    const { api } = ctx.open();
    return forEachInputFile(ctx, async (file, name, bytes) => {
      const r = await api.importBundle({ name, bytes });
      ctx.io.out(`${r.duplicate ? '已存在' : '已导入'}  #${r.document.id}  ${r.document.title}  （${file}）`);
      ctx.io.out(`  签名单位：${r.signer.unit || '（未填写）'}  签名人：${r.signer.reviewer || '（未填写）'}`);
      ctx.io.out(`  密钥指纹：${r.signer.fingerprint}  签名时间：${r.signedAt}`);
      if (!r.originalIncluded) ctx.io.err('注意：该审查包未附原件（发送方的文档库中没有保存原件）。');
    });
  },
};
