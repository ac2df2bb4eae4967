// Profiles the function worker threads of this process through the inspector (NodeWorker domain):
// `node --cpu-prof` does not reach them, because a worker's execArgv come from the function's
// NODE_OPTIONS. Each worker is profiled from the moment it attaches; `stop()` writes one
// .cpuprofile per worker into `dir`. Bench-only.
import { writeFileSync } from "node:fs";
import { Session } from "node:inspector";
import { join } from "node:path";

interface WorkerSession {
  readonly sessionId: string;
  readonly title: string;
}

export interface WorkerProfiler {
  stop(): Promise<number>;
}

export function profileWorkers(dir: string): WorkerProfiler {
  const session = new Session();
  session.connect();
  const workers: WorkerSession[] = [];
  const pending = new Map<number, (result: unknown) => void>();
  let nextId = 1;
  const send = (sessionId: string, method: string, params: object = {}) =>
    new Promise<unknown>((resolve) => {
      const id = nextId++;
      pending.set(id, resolve);
      session.post("NodeWorker.sendMessageToWorker", {
        sessionId,
        message: JSON.stringify({ id, method, params }),
      });
    });
  session.on("NodeWorker.receivedMessageFromWorker", (event) => {
    const message = JSON.parse(event.params.message) as { id?: number; result?: unknown };
    if (message.id === undefined) return;
    pending.get(message.id)?.(message.result);
    pending.delete(message.id);
  });
  session.on("NodeWorker.attachedToWorker", (event) => {
    const worker = { sessionId: event.params.sessionId, title: event.params.workerInfo.title };
    workers.push(worker);
    void send(worker.sessionId, "Profiler.enable").then(() => send(worker.sessionId, "Profiler.start"));
  });
  session.post("NodeWorker.enable", { waitForDebuggerOnStart: false });
  return {
    async stop() {
      let written = 0;
      for (const [i, worker] of workers.entries()) {
        const result = (await Promise.race([
          send(worker.sessionId, "Profiler.stop"),
          new Promise((resolve) => setTimeout(() => resolve(undefined), 5000)),
        ])) as { profile?: unknown } | undefined;
        if (result?.profile === undefined) continue;
        writeFileSync(join(dir, `worker-${i}.cpuprofile`), JSON.stringify(result.profile));
        written++;
      }
      session.disconnect();
      return written;
    },
  };
}
