/**
 * Progressive rendering for long lists: the first `first` items render at once, the rest in
 * chunks on the following animation frames, so a 300-page document shows its top (and its
 * findings) immediately and the page stays responsive while the remainder fills in.
 */
import { computed, onBeforeUnmount, ref, watch, type Ref } from 'vue';

export function useProgressive<T>(items: Ref<readonly T[]>, first = 120, chunk = 400) {
  const limit = ref(first);
  let frame = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const stop = (): void => {
    cancelAnimationFrame(frame);
    clearTimeout(timer);
  };
  // Each chunk is added after the previous frame has been painted (a timeout after the frame),
  // so the first screenful is on screen before any further work starts.
  const schedule = (): void => {
    stop();
    if (limit.value >= items.value.length) return;
    frame = requestAnimationFrame(() => {
      timer = setTimeout(() => {
        limit.value += chunk;
        schedule();
      });
    });
  };
  watch(
    items,
    () => {
      limit.value = Math.max(first, Math.min(limit.value, items.value.length));
      schedule();
    },
    { immediate: true },
  );
  onBeforeUnmount(stop);
  return {
    visible: computed(() => (limit.value >= items.value.length ? items.value : items.value.slice(0, limit.value))),
    /** Renders at least up to item `index` now (e.g. before scrolling to it); the rest keeps filling in. */
    ensure(index: number): void {
      if (index < limit.value) return;
      limit.value = index + 1 + chunk;
      schedule();
    },
    /** Renders everything now. */
    all(): void {
      stop();
      limit.value = items.value.length;
    },
    done: computed(() => limit.value >= items.value.length),
  };
}
