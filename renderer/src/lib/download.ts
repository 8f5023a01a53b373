/** Hands a file made by the app to the user: a download in the browser (Electron shows a save dialog). */
import type { ExportedFile } from '../../../shared/export';

export function downloadFile({ fileName, bytes }: ExportedFile): void {
  const url = URL.createObjectURL(new Blob([bytes as BlobPart]));
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
