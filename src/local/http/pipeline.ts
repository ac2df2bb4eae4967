// A front door as AWS's own phases: named steps run in order over one exchange; a step may answer
// early; any failure goes to the door's one error step, which turns it into the door's AWS-shaped
// response. Every 5xx a door produces itself (a failure, not an upstream answer passed through) is
// reported with the request id, the step and the cause, so no gateway error is silent.
import type { LocalHandler, LocalRequest, LocalResponse } from "./http-types.js";

/** One phase of a front door, named as AWS names it (e.g. `routeRequest`, `authorizeResourcePolicy`). */
export interface Step<X> {
  readonly name: string;
  /** Works on the exchange; returns a response to answer now, or nothing to go on to the next step. */
  run(exchange: X): Promise<LocalResponse | undefined> | LocalResponse | undefined;
}

/** A 5xx the door itself produced. */
export interface ServerErrorEntry {
  /** The front door, e.g. `API Gateway 1a2b3c4d5e` or `ALB app/consumer/123`. */
  readonly door: string;
  /** The step that failed (`respond` when every step ran without answering). */
  readonly step: string;
  readonly requestId: string;
  readonly status: number;
  /** What went wrong, for the operator (never sent to the client). */
  readonly cause: string;
}

export type ServerErrorLog = (entry: ServerErrorEntry) => void;

export interface PipelineSpec<X> {
  /** The door's name in logs; may depend on the exchange (e.g. the API id once known). */
  door(exchange: X): string;
  /** The exchange a request starts: the request plus whatever the steps fill in. */
  begin(request: LocalRequest): X;
  readonly steps: readonly Step<X>[];
  /** Finishing touches on every response, early answers and errors included (e.g. request id headers). */
  finish?(response: LocalResponse, exchange: X): LocalResponse;
  /** The door's error step: any failure → the AWS-shaped response. */
  fail(error: unknown, exchange: X): LocalResponse;
  /** What the operator is told about a failure (default: the error's message). */
  describe?(error: unknown): string;
  requestId(exchange: X): string;
  readonly onServerError?: ServerErrorLog;
}

/** Builds the door's `(Request) => Promise<Response>` from its steps. */
export function pipeline<X>(spec: PipelineSpec<X>): LocalHandler {
  const finish = spec.finish ?? ((response: LocalResponse) => response);
  return async (request) => {
    const exchange = spec.begin(request);
    let step = "begin";
    try {
      for (const current of spec.steps) {
        step = current.name;
        const answer = await current.run(exchange);
        if (answer !== undefined) return finish(answer, exchange);
      }
      step = "respond";
      throw new Error(`no step of ${spec.door(exchange)} produced a response`);
    } catch (error) {
      const response = spec.fail(error, exchange);
      if (response.status >= 500) {
        spec.onServerError?.({
          door: spec.door(exchange),
          step,
          requestId: spec.requestId(exchange),
          status: response.status,
          cause: (spec.describe ?? describeError)(error),
        });
      }
      return finish(response, exchange);
    }
  };
}

function describeError(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
