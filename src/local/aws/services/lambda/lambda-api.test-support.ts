// The world of the Lambda API tests (lambda-api.test.ts, and the AWS CLI's in lambda-api.interop.test.ts):
// the IAM and Lambda plugins on a test platform with two accounts, a Node.js and a Python echo
// function, and three roles (an operator with lambda:*, a stranger with nothing, an outsider in the
// other account), served on a local AWS endpoint.
import { LambdaClient } from "@aws-sdk/client-lambda";
import { type ServedHandler, serveLocalHandler } from "../../../../../test/support/serve-local-handler.js";
import type { AwsCredentials } from "../../../iam/types.js";
import { platformUnderTest, testStack } from "../../../runtime/platform.test-support.js";
import { createAwsEndpoint } from "../../aws-endpoint.js";
import { ServiceRegistry } from "../../service-registry.js";
import { iamPlugin } from "../iam/iam-plugin.js";
import { lambdaPlugin } from "./lambda-plugin.js";

export const ACCOUNT = "444444444444";
export const OTHER = "555555555555";
export const REGION = "eu-central-1";
const trust = {
  Statement: [{ Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" }],
};
const ECHO = `exports.handler = async (event, context) => {
  console.log("echoing", JSON.stringify(event));
  if (event.fail) throw new TypeError("asked to fail");
  return { event, greeting: process.env.GREETING ?? null, custom: context.clientContext?.custom ?? null };
};`;
const PY_ECHO = `def handler(event, context):
    return {"python": True, "event": event}
`;

export interface LambdaApiWorld {
  /** The local AWS endpoint's URL. */
  readonly url: string;
  readonly operator: AwsCredentials;
  readonly stranger: AwsCredentials;
  readonly outsider: AwsCredentials;
  /** A LambdaClient on the endpoint with these credentials, no retries. */
  client(credentials: AwsCredentials): LambdaClient;
  stop(): Promise<void>;
}

/** Starts the world: functions `echo` (nodejs22.x) and `py-echo` (python3.12) in ACCOUNT. */
export async function startLambdaApiWorld(): Promise<LambdaApiWorld> {
  const stack = testStack(ACCOUNT, "Functions");
  const other = testStack(OTHER, "Callers");
  const world = await platformUnderTest([iamPlugin, lambdaPlugin], [stack, other]);
  let served: ServedHandler | undefined;
  try {
    const role = async (target: typeof stack, name: string, statements: unknown[]) => {
      const created = await world.create(target, name, "AWS::IAM::Role", {
        RoleName: name,
        AssumeRolePolicyDocument: trust,
        ...(statements.length === 0
          ? {}
          : { Policies: [{ PolicyName: "p", PolicyDocument: { Statement: statements } }] }),
      });
      return String(created.attributes?.Arn);
    };
    const fnRole = await role(stack, "EchoRole", []);
    const fn = (name: string, runtime: string, code: string) => ({
      FunctionName: name,
      Runtime: runtime,
      Handler: "index.handler",
      Role: fnRole,
      Code: { ZipFile: code },
    });
    await world.create(stack, "Echo", "AWS::Lambda::Function", fn("echo", "nodejs22.x", ECHO));
    await world.create(stack, "PyEcho", "AWS::Lambda::Function", fn("py-echo", "python3.12", PY_ECHO));
    const credentials = world.platform.credentials;
    const operator = credentials.forRole(
      await role(stack, "Operator", [{ Effect: "Allow", Action: "lambda:*", Resource: "*" }]),
      "operator",
    );
    const stranger = credentials.forRole(await role(stack, "Stranger", []), "stranger");
    const outsider = credentials.forRole(
      await role(other, "Outsider", [{ Effect: "Allow", Action: "lambda:InvokeFunction", Resource: "*" }]),
      "outsider",
    );
    const services = new ServiceRegistry(world.parts.flatMap((p) => (p.api === undefined ? [] : [p.api])));
    served = await serveLocalHandler(createAwsEndpoint({ callers: credentials, services }));
    const url = served.url;
    const endpoint = served;
    return {
      url,
      operator,
      stranger,
      outsider,
      client: (caller) =>
        new LambdaClient({ endpoint: url, region: REGION, credentials: { ...caller }, maxAttempts: 1 }),
      stop: async () => {
        await endpoint.close();
        await world.stop();
      },
    };
  } catch (error) {
    await served?.close();
    await world.stop();
    throw error;
  }
}
