/** Resolves once the next frame has been painted (outside a browser: on the next task). */
export function nextPaint(): Promise<void> {
  return new Promise((resolve) => {
    const after = () => setTimeout(resolve);
    if (typeof requestAnimationFrame === 'function') requestAnimationFrame(after);
    else after();
  });
}
