// AWS::SQS::Queue and AWS::SQS::QueuePolicy. A queue's Ref is its URL on the local AWS endpoint
// (`<endpoint>/<account>/<name>`, as SQS's `https://sqs.<region>.amazonaws.com/<account>/<name>`), so
// the SDK's "use the QueueUrl as endpoint" rule brings handlers here; a queue the data directory already
// holds keeps its messages and takes the template's attributes. A queue policy replaces the `Policy`
// attribute of each queue it lists, as SQS does.
import { AccountmeshError } from "../../../../shared/errors.js";
import { generatedName, optionalText, resourceLabel } from "../../../assembly/resource-properties.js";
import type { ResolvedResource, ResourceProvider } from "../../../assembly/types.js";
import { SqsQueue } from "./sqs-queue.js";
import { checkedAttributes } from "./sqs-queue-operations.js";
import type { SqsQueues } from "./sqs-queues.js";

const NUMERIC = [
  "DelaySeconds",
  "MaximumMessageSize",
  "MessageRetentionPeriod",
  "ReceiveMessageWaitTimeSeconds",
  "VisibilityTimeout",
  "KmsDataKeyReusePeriodSeconds",
];

export interface SqsProviderDeps {
  readonly queues: SqsQueues;
  readonly endpointUrl: () => string;
  readonly now?: () => number;
}

/** `<endpoint>/<account>/<name>` → the queue, or a coded error naming the resource. */
function queueOfUrl(deps: SqsProviderDeps, resource: ResolvedResource, url: string): SqsQueue {
  const match = /\/(\d{12})\/([^/]+)\/?$/.exec(url);
  const queue =
    match === null ? undefined : deps.queues.get(match[1] ?? "", resource.stack.region, match[2] ?? "");
  if (queue === undefined) {
    throw new AccountmeshError(
      "SQS_QUEUE_NOT_FOUND",
      `${resourceLabel(resource)}: Queues lists ${url}, which is no queue of this system. List queue URLs (Ref of an AWS::SQS::Queue).`,
      { url },
    );
  }
  return queue;
}

export function createSqsProviders(deps: SqsProviderDeps): ResourceProvider[] {
  const now = deps.now ?? Date.now;
  return [
    {
      type: "AWS::SQS::Queue",
      properties: [
        "QueueName",
        ...NUMERIC,
        "RedrivePolicy",
        "RedriveAllowPolicy",
        "KmsMasterKeyId",
        "SqsManagedSseEnabled",
        "FifoQueue",
        "ContentBasedDeduplication",
        "Tags",
      ],
      async create(resource) {
        const { account, region } = resource.stack;
        const name = optionalText(resource, "QueueName") ?? generatedName(resource, 80, false);
        const raw: Record<string, unknown> = {};
        for (const key of [
          ...NUMERIC,
          "KmsMasterKeyId",
          "SqsManagedSseEnabled",
          "FifoQueue",
          "ContentBasedDeduplication",
        ]) {
          if (resource.properties[key] !== undefined) raw[key] = String(resource.properties[key]);
        }
        for (const key of ["RedrivePolicy", "RedriveAllowPolicy"]) {
          const value = resource.properties[key];
          if (value !== undefined) raw[key] = typeof value === "string" ? value : JSON.stringify(value);
        }
        let attributes: Record<string, string>;
        try {
          attributes = checkedAttributes(raw, deps.queues);
        } catch (error) {
          throw new AccountmeshError(
            "SQS_INVALID_QUEUE",
            `${resourceLabel(resource)}: ${(error as Error).message}`,
            { name },
          );
        }
        const existing = deps.queues.get(account, region, name);
        if (existing === undefined) {
          deps.queues.add(new SqsQueue(account, region, name, attributes, now()));
        } else {
          const policy = existing.attributes.Policy;
          existing.attributes = { ...attributes, ...(policy === undefined ? {} : { Policy: policy }) };
          deps.queues.changed();
        }
        const url = `${deps.endpointUrl().replace(/\/$/, "")}/${account}/${name}`;
        return {
          ref: url,
          attributes: { Arn: `arn:aws:sqs:${region}:${account}:${name}`, QueueName: name, QueueUrl: url },
        };
      },
    },
    {
      type: "AWS::SQS::QueuePolicy",
      properties: ["PolicyDocument", "Queues"],
      async create(resource) {
        const document = resource.properties.PolicyDocument;
        const urls = resource.properties.Queues;
        if (typeof document !== "object" || document === null || !Array.isArray(urls)) {
          throw new AccountmeshError(
            "SQS_INVALID_QUEUE_POLICY",
            `${resourceLabel(resource)}: needs PolicyDocument (an object) and Queues (a list of queue URLs); received ${JSON.stringify({ PolicyDocument: document ?? null, Queues: urls ?? null })}.`,
          );
        }
        for (const url of urls) {
          const queue = queueOfUrl(deps, resource, String(url));
          queue.attributes.Policy = JSON.stringify(document);
        }
        deps.queues.changed();
        return { ref: `${resource.stack.stackName}-${resource.logicalId}` };
      },
    },
  ];
}
