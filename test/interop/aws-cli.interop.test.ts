// The AWS CLI v2 against the running orders system (`npm run test:interop`): every service the local
// AWS endpoint serves answers in a shape the CLI parses, and denials come back as the CLI reports
// AWS's. The same decisions are checked with signed requests inside `npm test`; this suite proves the
// wire formats against a real third-party client.
import { rmSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { awsCliV2, runAwsCli } from "../support/aws-cli.js";
import {
  ACCOUNTS,
  functionArn,
  type OrdersSystem,
  REGION,
  SECRET_ARN,
  STACKS,
  startOrdersSystem,
  tableArn,
} from "../support/orders-system.js";

let orders: OrdersSystem;

beforeAll(async () => {
  awsCliV2(); // fails at once, saying what to install, when there is no AWS CLI v2
  orders = await startOrdersSystem({ inMemory: true });
});

afterAll(async () => {
  await orders?.stop();
  if (orders !== undefined) rmSync(orders.dataDir, { recursive: true, force: true });
});

const admin = (account: string) => {
  const credentials = orders.endpoints.accounts[account];
  if (credentials === undefined) throw new Error(`no administrator for ${account}`);
  return credentials;
};
const aws = (account: string, args: readonly string[]) =>
  runAwsCli(orders.endpoints.aws, admin(account), args, REGION);

describe("the AWS CLI v2 against the local AWS endpoint", () => {
  it("sts get-caller-identity names the account's administrator", async () => {
    const result = await aws(ACCOUNTS.food, ["sts", "get-caller-identity"]);
    expect(result.stderr).toBe("");
    expect(JSON.parse(result.stdout)).toMatchObject({
      Account: ACCOUNTS.food,
      Arn: `arn:aws:iam::${ACCOUNTS.food}:root`,
    });
  });

  it("secretsmanager get-secret-value: allowed across accounts by both policies, denied to a function role", async () => {
    const allowed = await aws(ACCOUNTS.food, [
      "secretsmanager",
      "get-secret-value",
      "--secret-id",
      SECRET_ARN,
    ]);
    expect(allowed.stderr).toBe("");
    expect(JSON.parse(allowed.stdout)).toMatchObject({
      Name: "cross-account-microservices",
      SecretString: expect.stringMatching(/^vpce-[0-9a-f]{17}$/),
    });
    const roleArn = orders.system.lambda.spec(functionArn("food", "get-order"))?.roleArn ?? "";
    const denied = await runAwsCli(
      orders.endpoints.aws,
      orders.system.credentials.forRole(roleArn),
      ["secretsmanager", "get-secret-value", "--secret-id", SECRET_ARN],
      REGION,
    );
    expect(denied.code).toBe(254);
    expect(denied.stderr).toContain(
      "An error occurred (AccessDeniedException) when calling the GetSecretValue operation: User: ",
    );
    expect(denied.stderr).toContain("is not authorized to perform: secretsmanager:GetSecretValue");
  });

  it("dynamodb list-tables and describe-table: an administrator sees the own account's tables only", async () => {
    const food = await aws(ACCOUNTS.food, ["dynamodb", "list-tables"]);
    expect(JSON.parse(food.stdout)).toEqual({
      TableNames: ["cross-account-microservices-food", "cross-account-microservices-food-idempotency"],
    });
    const consumer = await aws(ACCOUNTS.consumer, ["dynamodb", "list-tables"]);
    expect(JSON.parse(consumer.stdout)).toEqual({ TableNames: [] });
    const denied = await aws(ACCOUNTS.food, [
      "dynamodb",
      "describe-table",
      "--table-name",
      tableArn("beverage"),
    ]);
    expect(denied.code).toBe(254);
    expect(denied.stderr).toContain("An error occurred (AccessDeniedException)");
  });

  it("ec2 describe-network-interfaces lists the consumer endpoint's interfaces; an unknown filter is refused", async () => {
    const result = await aws(ACCOUNTS.consumer, ["ec2", "describe-network-interfaces"]);
    expect(result.stderr).toBe("");
    const interfaces = JSON.parse(result.stdout).NetworkInterfaces as Array<Record<string, unknown>>;
    expect(interfaces.length).toBeGreaterThan(0);
    expect(interfaces[0]).toMatchObject({
      NetworkInterfaceId: expect.stringMatching(/^eni-/),
      InterfaceType: "vpc_endpoint",
      PrivateIpAddress: expect.stringMatching(/^\d+\.\d+\.\d+\.\d+$/),
    });
    const filter = await aws(ACCOUNTS.consumer, [
      "ec2",
      "describe-network-interfaces",
      "--filters",
      "Name=color,Values=blue",
    ]);
    expect(filter.stderr).toContain("(InvalidParameterValue)");
    expect(filter.stderr).toContain("The filter 'color' is invalid");
  });

  it("cloudformation describe-stacks and list-exports: a README's 'take the URL from the output'", async () => {
    const result = await aws(ACCOUNTS.food, [
      "cloudformation",
      "describe-stacks",
      "--stack-name",
      STACKS.food,
    ]);
    expect(result.stderr).toBe("");
    const [stack] = JSON.parse(result.stdout).Stacks as Array<{
      StackName: string;
      StackStatus: string;
      Outputs: Array<{ OutputKey: string; OutputValue: string }>;
    }>;
    expect(stack).toMatchObject({ StackName: STACKS.food, StackStatus: "CREATE_COMPLETE" });
    expect(stack?.Outputs).toContainEqual({
      OutputKey: "OrdersTableName",
      OutputValue: "cross-account-microservices-food",
    });
    const url = await aws(ACCOUNTS.food, [
      "cloudformation",
      "describe-stacks",
      "--stack-name",
      STACKS.food,
      "--query",
      "Stacks[0].Outputs[?OutputKey=='CustomDomainUrl'].OutputValue",
      "--output",
      "text",
    ]);
    expect(url.stdout.trim()).toBe("https://food.cross-account-microservices.com/v1/orders");
    const missing = await aws(ACCOUNTS.food, [
      "cloudformation",
      "describe-stacks",
      "--stack-name",
      STACKS.consumer,
    ]);
    expect(missing.code).toBe(254);
    expect(missing.stderr).toContain(
      `(ValidationError) when calling the DescribeStacks operation: Stack with id ${STACKS.consumer} does not exist`,
    );
    const exports = await aws(ACCOUNTS.food, ["cloudformation", "list-exports"]);
    expect(exports.stderr).toBe("");
    expect(JSON.parse(exports.stdout)).toHaveProperty("Exports");
  });

  it("an operation or a service without a plugin answers NotImplemented the CLI reports, in its protocol", async () => {
    // SQS has a plugin, but not ListQueues; Step Functions has none.
    const sqs = await aws(ACCOUNTS.food, ["sqs", "list-queues"]);
    expect(sqs.code).toBe(254);
    expect(sqs.stderr).toContain(
      "(NotImplemented) when calling the ListQueues operation: accountmesh does not implement sqs:ListQueues locally",
    );
    const states = await aws(ACCOUNTS.food, ["stepfunctions", "list-state-machines"]);
    expect(states.code).toBe(254);
    expect(states.stderr).toContain(
      "(NotImplemented) when calling the ListStateMachines operation: accountmesh does not implement states:ListStateMachines locally",
    );
  });
});
