/** DOC arguments of the CLI: a document id (`12` or `#12`) or a unique fragment of its title. */
import type { Api } from '../../shared/api.js';
import { FcrError } from '../../shared/errors.js';
import type { LibraryEntry } from '../../shared/review/types.js';

export async function resolveDocument(api: Api, ref: string): Promise<LibraryEntry> {
  const docs = await api.listDocuments({});
  const id = /^#?(\d+)$/.exec(ref.trim());
  if (id) {
    const doc = docs.find((d) => d.id === Number(id[1]));
    if (doc) return doc;
  }
  const matches = docs.filter((d) => d.title.includes(ref.trim()));
  if (matches.length === 1) return matches[0]!;
  if (!matches.length) throw new FcrError('NOT_FOUND', `找不到编号或标题为“${ref}”的文档（用 fcr list 查看文档库）。`);
  const listed = matches.map((d) => `#${d.id} ${d.title}`).join('；');
  throw new FcrError('BAD_ARGS', `标题包含“${ref}”的文档有 ${matches.length} 个：${listed}。请用编号指定。`);
}
