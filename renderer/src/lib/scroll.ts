/**
 * Brings an element to the middle of its scrolling container and keeps it there while the text
 * around it settles: parts of a long document are laid out only when near the screen
 * (content-visibility), so the first scroll is computed with estimated heights and can land
 * beside the target. Re-aim on the next frames until it holds.
 */
export async function scrollIntoMiddle(el: Element, container: HTMLElement, tries = 6): Promise<void> {
  for (let i = 0; i < tries; i++) {
    el.scrollIntoView({ block: 'center' });
    await new Promise((r) => requestAnimationFrame(() => r(null)));
    if (!el.isConnected) return;
    const box = container.getBoundingClientRect();
    const at = el.getBoundingClientRect();
    if (at.top >= box.top && at.bottom <= box.bottom) return;
  }
}
