/**
 * Watching a run's AbortSignal from many places at once: every request waiting for its quota slot
 * and every back-off of an update watches it. Node warns past 10 listeners on one signal, so the
 * watchers of a signal share one listener, removed when the last of them stops watching.
 */
const watchers = new WeakMap<AbortSignal, { fns: Set<() => void>; listener: () => void }>();

/** Calls `fn` once, when `signal` aborts (at once if it has); returns the function that stops watching. */
export function onAbort(signal: AbortSignal, fn: () => void): () => void {
  if (signal.aborted) {
    fn();
    return () => {};
  }
  let watch = watchers.get(signal);
  if (!watch) {
    const fns = new Set<() => void>();
    const listener = () => {
      watchers.delete(signal);
      for (const f of fns) f();
    };
    watch = { fns, listener };
    watchers.set(signal, watch);
    signal.addEventListener("abort", listener, { once: true });
  }
  const { fns, listener } = watch;
  fns.add(fn);
  return () => {
    if (!fns.delete(fn) || fns.size > 0 || watchers.get(signal)?.fns !== fns) return;
    watchers.delete(signal);
    signal.removeEventListener("abort", listener);
  };
}

/** Resolves when `signal` aborts (at once if it has); never without one. */
export function whenAborted(signal: AbortSignal | undefined): Promise<void> {
  return signal ? new Promise<void>((resolve) => onAbort(signal, resolve)) : new Promise<void>(() => {});
}
