/**
 * The receiving side's check of the audit entries a review bundle carries (its part of the sender's
 * chain) and of the chain-head anchor in its manifest:
 *   - every entry's hash recomputes from its fields and the hash before it;
 *   - entries of one chain (the same `chain` fingerprint) come in order, and two entries that were
 *     next to each other in that chain link up (the later one's `prevHash` is the earlier one's hash);
 *   - the anchor is signed by the bundle's signer, and the signer's entries end at or before the
 *     chain head it names (an entry at the head has the head's hash);
 *   - the file the entries say was imported (or revised) is the document the bundle holds.
 * The sender's entries about other documents stay home, so entries that were not neighbours are
 * checked through their own hashes and the anchor only. Entries of bundles from older versions
 * (without `seq` and `chain`) are checked through their hashes.
 */
import { FcrError } from '../../../shared/errors.js';
import type { AuditAnchor } from '../../../shared/types.js';
import { anchorSignedBy, chainHash } from '../audit.js';

export interface AuditRecord {
  /** The entry's number in the chain of the folder that wrote it. */
  seq?: number;
  /** The fingerprint of that folder's key. */
  chain?: string;
  at: string;
  actor: string;
  action: string;
  subject: string | null;
  detail: string | null;
  prevHash: string;
  hash: string;
}

interface Signer {
  publicKey: string;
  fingerprint: string;
}

const CONTENT_ACTIONS = new Set(['document.import', 'review.revise']);

export function verifyBundleAudit(
  name: string,
  records: unknown,
  doc: { sha256: string },
  signer: Signer,
  anchor: AuditAnchor | undefined,
): AuditRecord[] {
  const refuse = (why: string) =>
    new FcrError('CORRUPT_FILE', `审查包「${name}」${why}：审查包中的审计记录与发送方的审计日志不一致，已拒绝导入。`);
  if (!Array.isArray(records)) throw refuse('的审计记录（audit.json）格式不对');
  const list = records as AuditRecord[];
  const label = (i: number) => {
    const r = list[i]!;
    return `第 ${i + 1} 条审计记录（${String(r.at).slice(0, 19).replace('T', ' ')}，${r.action}）`;
  };
  list.forEach((r, i) => {
    if (typeof r !== 'object' || r === null) throw refuse(`的第 ${i + 1} 条审计记录格式不对`);
    const fields = [r.prevHash, r.at, r.actor, r.action, r.subject, r.detail];
    if (
      fields.some((f, k) => (k >= 4 ? f !== null && typeof f !== 'string' : typeof f !== 'string')) ||
      typeof r.hash !== 'string'
    )
      throw refuse(`的第 ${i + 1} 条审计记录缺少字段`);
    if (chainHash(r.prevHash, r.at, r.actor, r.action, r.subject, r.detail) !== r.hash)
      throw refuse(`的${label(i)}与其哈希不符（记录被改动过）`);
    const before = list[i - 1];
    if (!before || r.chain === undefined || before.chain !== r.chain) return;
    if (typeof r.seq !== 'number' || typeof before.seq !== 'number' || r.seq <= before.seq)
      throw refuse(`的${label(i)}顺序不对（编号 ${r.seq} 不在前一条的 ${before.seq} 之后）`);
    if (r.seq === before.seq + 1 && r.prevHash !== before.hash)
      throw refuse(`的${label(i)}与前一条接不上（前一哈希不符，中间的记录被删改过）`);
  });

  if (anchor !== undefined) {
    const when = String(anchor.at).slice(0, 19).replace('T', ' ');
    if (typeof anchor !== 'object' || anchor === null || !anchorSignedBy(anchor, signer.publicKey, signer.fingerprint))
      throw refuse(`携带的审计锚点（${when}）不是签名者签发的，或被改动过（锚点签名无效）`);
    list.forEach((r, i) => {
      if (r.chain !== signer.fingerprint || typeof r.seq !== 'number') return;
      if (r.seq > anchor.count)
        throw refuse(`的${label(i)}编号 ${r.seq} 超出了锚点记载的 ${anchor.count} 条（锚点不是与这些记录一起签发的）`);
      if (r.seq === anchor.count && r.hash !== anchor.head)
        throw refuse(`的${label(i)}是锚点记载的链首，但哈希与锚点不符（记录被改写过）`);
    });
  }

  // The last entry that set the document's content names the file the bundle holds.
  for (let i = list.length - 1; i >= 0; i--) {
    const r = list[i]!;
    if (!CONTENT_ACTIONS.has(r.action)) continue;
    let detail: { sha256?: unknown; fileName?: unknown } = {};
    try {
      detail = (JSON.parse(r.detail ?? '{}') as typeof detail) ?? {};
    } catch {
      throw refuse(`的${label(i)}内容无法读取`);
    }
    if (r.action === 'review.revise' && detail.fileName === undefined) continue;
    if (typeof detail.sha256 === 'string' && detail.sha256 !== doc.sha256)
      throw refuse(
        `中的文档（摘要 ${doc.sha256.slice(0, 12)}…）不是${label(i)}所记的文件（摘要 ${detail.sha256.slice(0, 12)}…）：文档内容被替换过`,
      );
    break;
  }
  return list;
}
