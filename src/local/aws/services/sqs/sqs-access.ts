// What every SQS operation shares: finding the queue of a QueueUrl, asking the decision point with the
// queue policy, and SQS's errors (awsJson1_0 with the query-compatible `x-amzn-query-error` header the
// SDK reads the legacy code from).
import { header } from "../../../http/http-types.js";
import type { Authorizer } from "../../../iam/types.js";
import type { AwsCall, OperationContext } from "../../aws-service.js";
import { authorizeCall } from "../../protocol/authorize-call.js";
import { AwsError, accessDeniedMessage } from "../../protocol/aws-error.js";
import type { SqsQueue } from "./sqs-queue.js";
import type { SqsQueues } from "./sqs-queues.js";

export const SQS_NAMESPACE = "com.amazonaws.sqs";

/** SQS's legacy (query) error codes of its JSON errors, for `x-amzn-query-error: <code>;Sender`. */
export const QUERY_CODES: Readonly<Record<string, string>> = {
  QueueDoesNotExist: "AWS.SimpleQueueService.NonExistentQueue",
  QueueNameExists: "QueueAlreadyExists",
  PurgeQueueInProgress: "AWS.SimpleQueueService.PurgeQueueInProgress",
  TooManyEntriesInBatchRequest: "AWS.SimpleQueueService.TooManyEntriesInBatchRequest",
  EmptyBatchRequest: "AWS.SimpleQueueService.EmptyBatchRequest",
  BatchEntryIdsNotDistinct: "AWS.SimpleQueueService.BatchEntryIdsNotDistinct",
  InvalidBatchEntryId: "AWS.SimpleQueueService.InvalidBatchEntryId",
  UnsupportedOperation: "AWS.SimpleQueueService.UnsupportedOperation",
};

export function sqsError(code: string, message: string, status = 400): AwsError {
  return new AwsError(code, message, status, SQS_NAMESPACE);
}

export function invalidParameter(message: string): AwsError {
  return sqsError("InvalidParameterValue", message);
}

export interface SqsDeps {
  readonly authorizer: Authorizer;
  readonly queues: SqsQueues;
  /** The local AWS endpoint's URL, for queue URLs returned in-process (wire calls use the request's host). */
  readonly endpointUrl: () => string;
  readonly now?: () => number;
}

/**
 * `<scheme>://<host>` of the call: the request's host on the wire, the local AWS endpoint in-process.
 * The scheme is the endpoint's own (plain HTTP on loopback), whatever `aws:SecureTransport` says: the
 * endpoint counts as the HTTPS endpoint it stands for, but a client must reach the URL it is given.
 */
export function urlBase(context: OperationContext, deps: SqsDeps): string {
  const request = (context as Partial<AwsCall>).request;
  const host = request === undefined ? undefined : header(request, "host");
  if (host === undefined) return deps.endpointUrl().replace(/\/$/, "");
  return `${new URL(deps.endpointUrl()).protocol}//${host}`;
}

export function queueUrlOf(queue: SqsQueue, context: OperationContext, deps: SqsDeps): string {
  return `${urlBase(context, deps)}/${queue.account}/${queue.name}`;
}

/**
 * The queue a QueueUrl names (`<any host>/<account>/<name>`; the region from an
 * `sqs.<region>.amazonaws.com` host, else the call's). QueueDoesNotExist when there is none, as SQS
 * answers for a queue of another account too (after authorization fails on a missing queue).
 */
export function queueOf(input: Readonly<Record<string, unknown>>, context: OperationContext, deps: SqsDeps) {
  const url = input.QueueUrl;
  if (typeof url !== "string" || url === "") {
    throw sqsError("MissingParameter", "The request must contain the parameter QueueUrl.");
  }
  const match = /^(?:https?:\/\/([^/]+))?\/(\d{12})\/([^/?#]+)\/?$/.exec(url);
  if (match === null) {
    throw invalidParameter(`Value ${url} for parameter QueueUrl is invalid. Reason: Invalid URL.`);
  }
  const [, host = "", account = "", name = ""] = match;
  const region = /^sqs\.([a-z0-9-]+)\.amazonaws\.com$/.exec(host)?.[1] ?? context.region;
  const queue = deps.queues.get(account, region, name);
  if (queue === undefined) {
    throw sqsError("QueueDoesNotExist", "The specified queue does not exist.");
  }
  return queue;
}

/** Asks the decision point for `action` on the queue, with its queue policy; AccessDenied (403) if not. */
export function authorizeQueue(
  deps: SqsDeps,
  context: OperationContext,
  action: string,
  queue: { readonly arn: string; readonly account: string; policy?(): ReturnType<SqsQueue["policy"]> },
): void {
  const policy = queue.policy?.();
  const decision = authorizeCall(deps.authorizer, context, {
    action,
    resource: queue.arn,
    resourceAccount: queue.account,
    ...(policy === undefined ? {} : { resourcePolicy: policy }),
  });
  if (!decision.allowed) {
    throw sqsError(
      "AccessDenied",
      accessDeniedMessage(context.caller.principal, action, queue.arn, decision),
      403,
    );
  }
}
