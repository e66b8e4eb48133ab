// Bounded concurrency over a list: `n` workers take the items in order.

/** Runs `f` on every item, at most `n` at a time (at least one); rejects with the first failure. */
export async function inParallel<T>(n: number, items: readonly T[], f: (x: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await f(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(n, items.length)) }, worker));
}
