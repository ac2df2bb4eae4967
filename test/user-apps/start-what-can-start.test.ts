// A user's assembly as `cdk synth` writes it for a stack without `env`, with a resource type the
// runtime has no provider for (an SQS queue) whose attributes a role policy and the outputs read:
// it starts in the default local account and region, the queue is a placeholder in AWS's formats and
// reported by type, logical id and stack, the outputs are served by CloudFormation's DescribeStacks
// and ListExports (IAM-checked), and a call to SQS or SNS answers NotImplemented in its protocol.
import { rmSync } from "node:fs";
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { formatUnsupportedReport, PLUGINS, type RunningSystem, startRuntime } from "../../src/local/index.js";
import { queryCall, signedFetch } from "../support/aws-signing.js";
import { writeAssembly } from "../support/handwritten-assembly.js";

const STACK = "QueueApp";
const template = {
  Description: "A queue and a role that may send to it",
  Resources: {
    Jobs: { Type: "AWS::SQS::Queue", Properties: { VisibilityTimeout: 30 } },
    Sender: {
      Type: "AWS::IAM::Role",
      Properties: {
        AssumeRolePolicyDocument: {
          Statement: [
            { Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" },
          ],
        },
        Policies: [
          {
            PolicyName: "send",
            PolicyDocument: {
              Statement: [
                { Effect: "Allow", Action: "sqs:SendMessage", Resource: { "Fn::GetAtt": ["Jobs", "Arn"] } },
                {
                  Effect: "Allow",
                  Action: "cloudformation:DescribeStacks",
                  Resource: { Ref: "AWS::StackId" },
                },
              ],
            },
          },
        ],
      },
    },
    Stranger: {
      Type: "AWS::IAM::Role",
      Properties: {
        AssumeRolePolicyDocument: {
          Statement: [
            { Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" },
          ],
        },
      },
    },
  },
  Outputs: {
    QueueUrl: { Value: { Ref: "Jobs" }, Description: "where to send jobs" },
    QueueArn: { Value: { "Fn::GetAtt": ["Jobs", "Arn"] }, Export: { Name: "jobs-queue-arn" } },
    Where: { Value: { "Fn::Join": ["/", [{ Ref: "AWS::AccountId" }, { Ref: "AWS::Region" }]] } },
    SenderArn: { Value: { "Fn::GetAtt": ["Sender", "Arn"] } },
    StrangerArn: { Value: { "Fn::GetAtt": ["Stranger", "Arn"] } },
  },
};

const assemblyDir = writeAssembly([{ id: STACK, template }]);
let dataDir: string;
let system: RunningSystem;

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), "accountmesh-user-app-"));
  system = await startRuntime({
    assemblyDir,
    dataDir,
    inMemory: true,
    portBase: 0,
    // Nothing here needs DynamoDB: the engine is not started. SQS and SNS are left out so that the
    // queue stands for any resource type without a plugin (the runtime has them since issue 10).
    plugins: PLUGINS.filter((plugin) => !["dynamodb", "sqs", "sns"].includes(plugin.name)),
  });
});

afterAll(async () => {
  await system?.stop();
  rmSync(assemblyDir, { recursive: true, force: true });
  if (dataDir !== undefined) rmSync(dataDir, { recursive: true, force: true });
});

const stackInfo = () => system.endpoints.stacks?.[`000000000000/${STACK}`];
const output = (key: string) => stackInfo()?.outputs[key] ?? "";
const admin = () => system.credentials.adminFor("000000000000");
const roleCredentials = (key: string) => system.credentials.forRole(output(key));
const describeStacks = (credentials: { accessKeyId: string; secretAccessKey: string }, stackName?: string) =>
  signedFetch(system.endpoints.aws, {
    service: "cloudformation",
    region: "us-east-1",
    credentials,
    contentType: "application/x-www-form-urlencoded; charset=utf-8",
    body: new URLSearchParams({
      Action: "DescribeStacks",
      Version: "2010-05-15",
      ...(stackName === undefined ? {} : { StackName: stackName }),
    }).toString(),
  });

describe("an environment-agnostic stack with a resource type the runtime does not implement", () => {
  it("runs in the default local account and region, the queue a placeholder in SQS's formats", () => {
    expect(system.endpoints.region).toBe("us-east-1");
    expect(output("Where")).toBe("000000000000/us-east-1");
    expect(output("QueueUrl")).toMatch(
      /^https:\/\/sqs\.us-east-1\.amazonaws\.com\/000000000000\/QueueApp-Jobs-[A-Z0-9]{12}$/,
    );
    expect(output("QueueArn")).toBe(
      `arn:aws:sqs:us-east-1:000000000000:${output("QueueUrl").split("/").at(-1)}`,
    );
    expect(stackInfo()?.stackId).toMatch(
      /^arn:aws:cloudformation:us-east-1:000000000000:stack\/QueueApp\/[0-9a-f-]{36}$/,
    );
  });

  it("reports the queue by type, logical id and stack", () => {
    expect(system.unsupported).toContainEqual(
      expect.objectContaining({ kind: "resource-type", name: "AWS::SQS::Queue", where: `${STACK}/Jobs` }),
    );
    expect(formatUnsupportedReport(system.unsupported)).toContain("  AWS::SQS::Queue (QueueApp/Jobs)");
  });

  it("serves the outputs through CloudFormation DescribeStacks, in the query protocol", async () => {
    const response = await describeStacks(admin());
    expect(response.status, response.text).toBe(200);
    expect(response.text).toContain(
      '<DescribeStacksResponse xmlns="http://cloudformation.amazonaws.com/doc/2010-05-15/">',
    );
    expect(response.text).toContain(
      `<StackName>${STACK}</StackName><StackId>${stackInfo()?.stackId}</StackId>`,
    );
    expect(response.text).toContain("<Description>A queue and a role that may send to it</Description>");
    expect(response.text).toContain("<StackStatus>CREATE_COMPLETE</StackStatus>");
    expect(response.text).toContain(
      `<member><OutputKey>QueueUrl</OutputKey><OutputValue>${output("QueueUrl")}</OutputValue><Description>where to send jobs</Description></member>`,
    );
    expect(response.text).toContain(
      `<member><OutputKey>QueueArn</OutputKey><OutputValue>${output("QueueArn")}</OutputValue><ExportName>jobs-queue-arn</ExportName></member>`,
    );
  });

  it("authorizes DescribeStacks on the stack's ARN for roles, and names a stack that does not exist", async () => {
    const allowed = await describeStacks(roleCredentials("SenderArn"), STACK);
    expect(allowed.status, allowed.text).toBe(200);
    expect(allowed.text).toContain("<OutputKey>QueueUrl</OutputKey>");
    const denied = await describeStacks(roleCredentials("StrangerArn"), STACK);
    expect(denied.status).toBe(403);
    expect(denied.text).toContain("<Code>AccessDenied</Code>");
    expect(denied.text).toContain(
      `is not authorized to perform: cloudformation:DescribeStacks on resource: ${stackInfo()?.stackId}`,
    );
    const missing = await describeStacks(admin(), "NoSuchStack");
    expect(missing.status).toBe(400);
    expect(missing.text).toContain(
      "<Code>ValidationError</Code><Message>Stack with id NoSuchStack does not exist</Message>",
    );
  });

  it("shows an account only its own stacks, and lists exports", async () => {
    const other = await describeStacks(system.credentials.adminFor("111111111111"));
    expect(other.status).toBe(200);
    expect(other.text).toContain("<Stacks></Stacks>");
    const exports = await queryCall(
      system.endpoints.aws,
      admin(),
      "cloudformation",
      { Action: "ListExports", Version: "2010-05-15" },
      undefined,
      "us-east-1",
    );
    expect(exports.status, exports.text).toBe(200);
    expect(exports.text).toContain(
      `<Exports><member><ExportingStackId>${stackInfo()?.stackId}</ExportingStackId><Name>jobs-queue-arn</Name><Value>${output("QueueArn")}</Value></member></Exports>`,
    );
  });

  it("answers a call to the queue NotImplemented in SQS's JSON protocol and SNS's query protocol, naming it", async () => {
    const sqs = await signedFetch(system.endpoints.aws, {
      service: "sqs",
      region: "us-east-1",
      credentials: roleCredentials("SenderArn"),
      target: "AmazonSQS.SendMessage",
      contentType: "application/x-amz-json-1.0",
      body: JSON.stringify({ QueueUrl: output("QueueUrl"), MessageBody: "hello" }),
    });
    expect(sqs.status).toBe(501);
    expect(sqs.headers.get("content-type")).toBe("application/x-amz-json-1.0");
    expect(JSON.parse(sqs.text)).toEqual({
      __type: "NotImplemented",
      message: expect.stringMatching(/^accountmesh does not implement sqs:SendMessage locally/),
    });
    const sns = await queryCall(
      system.endpoints.aws,
      admin(),
      "sns",
      { Action: "Publish", Version: "2010-03-31" },
      undefined,
      "us-east-1",
    );
    expect(sns.status).toBe(501);
    expect(sns.text).toContain(
      "<Code>NotImplemented</Code><Message>accountmesh does not implement sns:Publish locally",
    );
  });
});
