/**
 * A write-heavy child process for the SIGKILL test: takes every document of the data folder in
 * FCR_CHILD_DIR through a whole review (each finding decided, checklist answered, conclusion,
 * finalised), printing “已定稿 #ID” once each finalisation has returned (is committed).
 */
import { createServices } from '../../electron/services/index';
import { finishReview } from './finished-review';

const dir = process.env.FCR_CHILD_DIR;
if (!dir) throw new Error('FCR_CHILD_DIR is not set');
const services = createServices(dir, { workers: 1 });
for (const doc of await services.api.listDocuments({})) {
  await finishReview(services.api, doc.id);
  process.stdout.write(`已定稿 #${doc.id}\n`);
}
services.close();
