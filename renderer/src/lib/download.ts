/** Saves a file the app produced through the browser's download (also a save dialog in Electron). */
import type { ExportedFile } from '../../../shared/api';

const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

export function downloadFile({ fileName, bytes }: ExportedFile): void {
  const type = fileName.endsWith('.docx') ? DOCX : 'application/octet-stream';
  const url = URL.createObjectURL(new Blob([bytes as BlobPart], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
