// Lambda's asynchronous invocation (InvocationType Event; SNS, S3 and EventBridge deliveries), as
// https://docs.aws.amazon.com/lambda/latest/dg/invocation-async.html describes it: the event is queued
// and the caller gets 202; a function error or timeout is retried twice (after 1 minute, then 2
// minutes); a throttled event is retried with back-off (1 s doubling to 5 minutes) until it is older
// than the maximum event age (default 6 hours); an event that runs out of retries or age goes to the
// on-failure destination and to the function's dead-letter queue. A success goes to the on-success
// destination. Locally every delay and age runs on `timeScale` (default 1/60: 1 minute is 1 second;
// ACCOUNTMESH_LAMBDA_ASYNC_TIME_SCALE=1 gives AWS's delays). Queued events are kept under the data
// directory and resumed after a restart.
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { rolePrincipal } from "../../../iam/principals.js";
import type { LambdaHost } from "../../../lambda/lambda-host.js";
import type { AwsClient } from "../../aws-client.js";

/** What the queue needs of the Lambda host. */
type InvokeHost = Pick<LambdaHost, "spec" | "invokeJson">;

export interface AsyncConfig {
  /** MaximumRetryAttempts, 0–2 (default 2). */
  readonly maxRetries: number;
  /** MaximumEventAgeInSeconds, 60–21600 (default 21600), in AWS seconds (scaled locally). */
  readonly maxEventAgeSeconds: number;
  readonly onSuccess?: string;
  readonly onFailure?: string;
  /** DeadLetterConfig.TargetArn of the function (an SQS queue or SNS topic). */
  readonly deadLetterArn?: string;
}

export const DEFAULT_ASYNC_CONFIG: AsyncConfig = { maxRetries: 2, maxEventAgeSeconds: 21600 };

interface QueuedEvent {
  readonly requestId: string;
  readonly functionArn: string;
  readonly payload: string;
  /** Epoch ms (real time) it was queued. */
  readonly enqueuedAt: number;
  /** Invocations that ran (throttles are not counted). */
  attempts: number;
  throttles: number;
}

export interface AsyncOutcomes {
  succeeded: number;
  /** Events given up on (sent to the destination / DLQ if there is one). */
  failed: number;
  /** Retries after a function error or timeout. */
  retried: number;
}

export interface AsyncInvocationsDeps {
  readonly host: InvokeHost;
  readonly aws: AwsClient;
  readonly log: (line: string) => void;
  /** Local seconds per AWS second (1/60 by default). */
  readonly timeScale: number;
  /** Where queued events are kept (undefined: in memory). */
  readonly dir?: string;
}

type Outcome = "Success" | "RetriesExhausted" | "EventAgeExceeded";

export class AsyncInvocations {
  readonly #deps: AsyncInvocationsDeps;
  readonly #configs = new Map<string, AsyncConfig>();
  readonly #queued = new Map<string, QueuedEvent>();
  readonly #timers = new Set<NodeJS.Timeout>();
  readonly #outcomes = new Map<string, AsyncOutcomes>();
  readonly #file: string | undefined;
  #pendingWrite = false;
  #stopped = false;
  /** Local seconds per AWS second. */
  readonly timeScale: number;

  constructor(deps: AsyncInvocationsDeps) {
    this.#deps = deps;
    this.timeScale = deps.timeScale;
    if (deps.dir === undefined) return;
    mkdirSync(deps.dir, { recursive: true });
    this.#file = join(deps.dir, "async-events.json");
    if (existsSync(this.#file)) {
      for (const event of JSON.parse(readFileSync(this.#file, "utf8")) as QueuedEvent[]) {
        this.#queued.set(event.requestId, event);
      }
    }
  }

  configure(functionArn: string, config: Partial<AsyncConfig>): void {
    this.#configs.set(functionArn, { ...this.config(functionArn), ...config });
  }

  config(functionArn: string): AsyncConfig {
    return this.#configs.get(functionArn) ?? DEFAULT_ASYNC_CONFIG;
  }

  /** Counts per function ARN (tests, the console). */
  outcomes(functionArn: string): AsyncOutcomes {
    let outcomes = this.#outcomes.get(functionArn);
    if (outcomes === undefined) {
      outcomes = { succeeded: 0, failed: 0, retried: 0 };
      this.#outcomes.set(functionArn, outcomes);
    }
    return outcomes;
  }

  /** Events still queued or being retried. */
  pending(): number {
    return this.#queued.size;
  }

  /** Queues an event; it runs as soon as the host can take it. */
  enqueue(functionArn: string, payload: string, requestId: string): void {
    const event: QueuedEvent = {
      requestId,
      functionArn,
      payload,
      enqueuedAt: Date.now(),
      attempts: 0,
      throttles: 0,
    };
    this.#queued.set(requestId, event);
    this.#changed();
    this.#schedule(event, 0);
  }

  /** Runs the events a previous run left queued (called once every function is registered). */
  resume(): void {
    for (const event of this.#queued.values()) this.#schedule(event, 0);
  }

  stop(): void {
    this.#stopped = true;
    for (const timer of this.#timers) clearTimeout(timer);
    this.#timers.clear();
    this.#flush();
  }

  #schedule(event: QueuedEvent, awsSeconds: number): void {
    if (this.#stopped) return;
    const timer = setTimeout(
      () => {
        this.#timers.delete(timer);
        this.#attempt(event).catch((error: Error) => {
          if (this.#stopped) return;
          this.#deps.log(
            `Lambda: asynchronous event ${event.requestId} could not run (${error.message}); retrying`,
          );
          this.#schedule(event, 1);
        });
      },
      awsSeconds * 1000 * this.#deps.timeScale,
    );
    this.#timers.add(timer);
  }

  async #attempt(event: QueuedEvent): Promise<void> {
    const config = this.config(event.functionArn);
    const result = await this.#deps.host.invokeJson(event.functionArn, event.payload, {
      requestId: event.requestId,
    });
    if (this.#stopped) return;
    const ageSeconds = (Date.now() - event.enqueuedAt) / 1000 / this.#deps.timeScale;
    if (result.kind === "throttled") {
      event.throttles += 1;
      const delay = Math.min(300, 2 ** (event.throttles - 1));
      if (ageSeconds + delay > config.maxEventAgeSeconds)
        return this.#settle(event, "EventAgeExceeded", result);
      return this.#schedule(event, delay);
    }
    event.attempts += 1;
    if (result.kind === "success") return this.#settle(event, "Success", result);
    if (event.attempts > config.maxRetries) return this.#settle(event, "RetriesExhausted", result);
    const delay = event.attempts === 1 ? 60 : 120;
    if (ageSeconds + delay > config.maxEventAgeSeconds)
      return this.#settle(event, "EventAgeExceeded", result);
    this.outcomes(event.functionArn).retried += 1;
    this.#changed();
    this.#schedule(event, delay);
  }

  async #settle(
    event: QueuedEvent,
    condition: Outcome,
    result: Awaited<ReturnType<InvokeHost["invokeJson"]>>,
  ): Promise<void> {
    const config = this.config(event.functionArn);
    const outcomes = this.outcomes(event.functionArn);
    const error =
      result.kind === "error"
        ? { type: result.errorType, message: result.errorMessage, payload: result.payload }
        : result.kind === "timeout"
          ? { type: "Sandbox.Timedout", message: "Task timed out", payload: undefined }
          : result.kind === "throttled"
            ? { type: "TooManyRequestsException", message: "Rate Exceeded.", payload: undefined }
            : undefined;
    const record = {
      version: "1.0",
      timestamp: new Date().toISOString(),
      requestContext: {
        requestId: event.requestId,
        functionArn: `${event.functionArn}:$LATEST`,
        condition,
        approximateInvokeCount: event.attempts,
      },
      requestPayload: JSON.parse(event.payload) as unknown,
      responseContext: {
        statusCode: 200,
        executedVersion: "$LATEST",
        ...(error === undefined ? {} : { functionError: "Unhandled" }),
      },
      responsePayload:
        result.kind === "success"
          ? parsed(result.payload)
          : (parsed(error?.payload) ?? { errorType: error?.type, errorMessage: error?.message }),
    };
    if (condition === "Success") {
      outcomes.succeeded += 1;
      if (config.onSuccess !== undefined) await this.#send(event, config.onSuccess, JSON.stringify(record));
    } else {
      outcomes.failed += 1;
      const name = event.functionArn.split(":").pop();
      this.#deps.log(
        `Lambda ${name}: asynchronous event ${event.requestId} dropped after ${event.attempts} attempt(s) (${condition}: ${error?.type ?? ""} ${error?.message ?? ""})` +
          `${config.onFailure === undefined ? "" : `; sent to ${config.onFailure}`}${config.deadLetterArn === undefined ? "" : `; sent to the dead-letter queue ${config.deadLetterArn}`}`,
      );
      if (config.onFailure !== undefined) await this.#send(event, config.onFailure, JSON.stringify(record));
      if (config.deadLetterArn !== undefined) {
        await this.#send(event, config.deadLetterArn, event.payload, {
          RequestID: { DataType: "String", StringValue: event.requestId },
          ErrorCode: { DataType: "Number", StringValue: "200" },
          ErrorMessage: { DataType: "String", StringValue: (error?.message ?? condition).slice(0, 1024) },
        });
      }
    }
    this.#queued.delete(event.requestId);
    this.#changed();
  }

  /** Sends to a destination or DLQ as the function's execution role, as Lambda does. */
  async #send(
    event: QueuedEvent,
    target: string,
    body: string,
    attributes?: Record<string, { DataType: string; StringValue: string }>,
  ): Promise<void> {
    const spec = this.#deps.host.spec(event.functionArn);
    if (spec === undefined) return;
    const context = {
      caller: { principal: rolePrincipal(spec.roleArn, spec.name), account: spec.account },
      region: spec.region,
    };
    const [, , service, region, account, resource = ""] = target.split(":");
    try {
      if (service === "sqs") {
        await this.#deps.aws.call(context, "sqs", "SendMessage", {
          QueueUrl: `https://sqs.${region}.amazonaws.com/${account}/${resource}`,
          MessageBody: body,
          ...(attributes === undefined ? {} : { MessageAttributes: attributes }),
        });
      } else if (service === "sns") {
        await this.#deps.aws.call(context, "sns", "Publish", {
          TopicArn: target,
          Message: body,
          ...(attributes === undefined ? {} : { MessageAttributes: attributes }),
        });
      } else if (service === "lambda") {
        await this.#deps.aws.call(context, "lambda", "Invoke", {
          FunctionName: target,
          InvocationType: "Event",
          Payload: body,
        });
      } else {
        this.#deps.log(
          `Lambda ${spec.name}: destination ${target} is not supported locally (SQS, SNS, Lambda are).`,
        );
      }
    } catch (error) {
      this.#deps.log(
        `Lambda ${spec.name}: could not deliver event ${event.requestId} to ${target}: ${(error as Error).message}`,
      );
    }
  }

  #changed(): void {
    if (this.#file === undefined || this.#pendingWrite) return;
    this.#pendingWrite = true;
    queueMicrotask(() => {
      this.#pendingWrite = false;
      this.#flush();
    });
  }

  #flush(): void {
    if (this.#file === undefined) return;
    writeFileSync(`${this.#file}.tmp`, JSON.stringify([...this.#queued.values()]));
    renameSync(`${this.#file}.tmp`, this.#file);
  }
}

function parsed(text: string | undefined): unknown {
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}
