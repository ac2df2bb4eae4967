/**
 * Runs `task` for every node of `order` (dependencies first), each once all its dependencies have
 * finished, at most `concurrency` at a time. After the first failure no new task starts; the first
 * error is rethrown once the running tasks have settled.
 */
export async function runInDependencyOrder(
  order: readonly string[],
  dependenciesOf: (node: string) => readonly string[],
  task: (node: string) => Promise<void>,
  concurrency: number,
): Promise<void> {
  const limit = Math.max(1, Math.floor(concurrency));
  const waiting: (() => void)[] = [];
  let running = 0;
  let failure: { readonly error: unknown } | undefined;

  const acquire = async (): Promise<void> => {
    if (running < limit) {
      running++;
      return;
    }
    await new Promise<void>((resolve) => waiting.push(resolve));
  };
  const release = (): void => {
    const next = waiting.shift();
    if (next) next();
    else running--;
  };

  const done = new Map<string, Promise<void>>();
  for (const node of order) {
    const dependencies = dependenciesOf(node).flatMap((d) => done.get(d) ?? []);
    const run = Promise.all(dependencies).then(async () => {
      await acquire();
      try {
        if (failure === undefined) await task(node);
      } catch (error) {
        failure ??= { error };
        throw error;
      } finally {
        release();
      }
    });
    done.set(node, run);
  }
  await Promise.allSettled(done.values());
  if (failure !== undefined) throw failure.error;
}
