// Function URLs through their front door: the payload 2.0 event, the response mapping, CORS, and
// who gets in — NONE needs the resource policy to allow both lambda:InvokeFunctionUrl (auth type
// NONE) and lambda:InvokeFunction (invoked via a function URL); AWS_IAM needs a SigV4 signature for
// `lambda` and both policies. Refusals are 403 {"Message":"Forbidden"}.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signedLocalRequest } from "../../../../../test/support/signed-local-request.js";
import type { LocalHandler, LocalRequest } from "../../../http/http-types.js";
import type { AwsCredentials } from "../../../iam/types.js";
import {
  type PlatformUnderTest,
  platformUnderTest,
  testStack,
} from "../../../runtime/platform.test-support.js";
import { iamPlugin } from "../iam/iam-plugin.js";
import { lambdaPlugin } from "./lambda-plugin.js";

const ACCOUNT = "444444444444";
const stack = testStack(ACCOUNT, "Urls");
const trust = {
  Statement: [{ Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" }],
};
const HANDLER = `exports.handler = async (event) => {
  if (event.rawPath === "/plain") return { hello: "world" };
  if (event.rawPath === "/binary") return { statusCode: 201, body: Buffer.from([0, 1, 2]).toString("base64"), isBase64Encoded: true, headers: { "Content-Type": "application/octet-stream" } };
  return { statusCode: 200, headers: { "x-echo": "yes" }, cookies: ["a=1", "b=2; Secure"], body: JSON.stringify(event) };
};`;

let world: PlatformUnderTest;
let open: string;
let iam: string;
let half: string;
let allowed: AwsCredentials;
let denied: AwsCredentials;

async function urlOf(logicalId: string, functionName: string, authType: string, cors?: unknown) {
  const created = await world.create(stack, logicalId, "AWS::Lambda::Url", {
    TargetFunctionArn: functionName,
    AuthType: authType,
    ...(cors === undefined ? {} : { Cors: cors }),
  });
  return new URL(String(created.attributes?.FunctionUrl)).hostname;
}

function door(host: string): LocalHandler {
  const found = world.platform.frontDoors.publicDoorFor(host);
  if (found === undefined) throw new Error(`no door for ${host}`);
  return found.handler;
}

function request(host: string, url: string, init: Partial<LocalRequest> = {}): LocalRequest {
  const { headers, ...rest } = init;
  return {
    method: "GET",
    url,
    headers: { host: [host], "user-agent": ["test-agent"], ...headers },
    body: Buffer.alloc(0),
    source: { sourceIp: "198.51.100.10", via: ["test"] },
    protocol: "https",
    ...rest,
  };
}

beforeAll(async () => {
  world = await platformUnderTest([iamPlugin, lambdaPlugin], [stack]);
  const role = async (name: string, statements: unknown[]) => {
    const created = await world.create(stack, name, "AWS::IAM::Role", {
      RoleName: name,
      AssumeRolePolicyDocument: trust,
      ...(statements.length === 0
        ? {}
        : { Policies: [{ PolicyName: "p", PolicyDocument: { Statement: statements } }] }),
    });
    return String(created.attributes?.Arn);
  };
  const fnRole = await role("UrlFnRole", []);
  for (const name of ["open-fn", "iam-fn", "half-fn"]) {
    await world.create(stack, name.replace("-", ""), "AWS::Lambda::Function", {
      FunctionName: name,
      Runtime: "nodejs22.x",
      Handler: "index.handler",
      Role: fnRole,
      Code: { ZipFile: HANDLER },
    });
  }
  const permission = (id: string, fn: string, properties: Record<string, unknown>) =>
    world.create(stack, id, "AWS::Lambda::Permission", { FunctionName: fn, Principal: "*", ...properties });
  // What CDK's addFunctionUrl({ authType: NONE }) writes: both statements.
  await permission("OpenUrl", "open-fn", { Action: "lambda:InvokeFunctionUrl", FunctionUrlAuthType: "NONE" });
  await permission("OpenInvoke", "open-fn", { Action: "lambda:InvokeFunction", InvokedViaFunctionUrl: true });
  // Only the statement older templates have.
  await permission("HalfUrl", "half-fn", { Action: "lambda:InvokeFunctionUrl", FunctionUrlAuthType: "NONE" });
  open = await urlOf("OpenUrlConfig", "open-fn", "NONE", {
    AllowOrigins: ["https://app.example.com"],
    AllowMethods: ["GET", "POST"],
    AllowHeaders: ["content-type"],
    MaxAge: 300,
  });
  iam = await urlOf("IamUrlConfig", "iam-fn", "AWS_IAM");
  half = await urlOf("HalfUrlConfig", "half-fn", "NONE");
  // What CDK's grantInvokeUrl writes into the caller's identity policy.
  const fnArn = `arn:aws:lambda:eu-central-1:${ACCOUNT}:function:iam-fn`;
  allowed = world.platform.credentials.forRole(
    await role("UrlCaller", [
      {
        Effect: "Allow",
        Action: "lambda:InvokeFunctionUrl",
        Resource: fnArn,
        Condition: { StringEquals: { "lambda:FunctionUrlAuthType": "AWS_IAM" } },
      },
      {
        Effect: "Allow",
        Action: "lambda:InvokeFunction",
        Resource: fnArn,
        Condition: { Bool: { "lambda:InvokedViaFunctionUrl": "true" } },
      },
    ]),
    "caller",
  );
  denied = world.platform.credentials.forRole(await role("NotAllowed", []), "nobody");
});

afterAll(async () => {
  await world?.stop();
});

describe("a NONE function URL", () => {
  it("has AWS's host name and invokes the function with the payload 2.0 event", async () => {
    expect(open).toMatch(/^[a-z0-9]{32}\.lambda-url\.eu-central-1\.on\.aws$/);
    const answer = await door(open)(
      request(open, "/orders/7?x=1&x=2&y=%20z", {
        headers: { host: [open], cookie: ["s=1; t=2"], "x-a": ["1", "2"] },
      }),
    );
    expect(answer.status).toBe(200);
    expect(answer.headers).toMatchObject({ "x-echo": "yes", "set-cookie": ["a=1", "b=2; Secure"] });
    const event = JSON.parse(String(answer.body));
    expect(event).toMatchObject({
      version: "2.0",
      routeKey: "$default",
      rawPath: "/orders/7",
      rawQueryString: "x=1&x=2&y=%20z",
      cookies: ["s=1", "t=2"],
      queryStringParameters: { x: "1,2", y: " z" },
      isBase64Encoded: false,
      requestContext: {
        accountId: "anonymous",
        apiId: open.split(".")[0],
        domainName: open,
        domainPrefix: open.split(".")[0],
        http: {
          method: "GET",
          path: "/orders/7",
          protocol: "HTTP/1.1",
          sourceIp: "198.51.100.10",
          userAgent: "test-agent",
        },
        routeKey: "$default",
        stage: "$default",
      },
    });
    expect(event.headers["x-a"]).toBe("1,2");
    expect(event.headers.cookie).toBeUndefined();
    expect(event.requestContext.time).toMatch(/^\d{2}\/[A-Z][a-z]{2}\/\d{4}:\d{2}:\d{2}:\d{2} \+0000$/);
  });

  it("maps a result without statusCode to 200 application/json, and decodes a base64 body", async () => {
    const plain = await door(open)(request(open, "/plain"));
    expect([plain.status, plain.headers["content-type"], String(plain.body)]).toEqual([
      200,
      "application/json",
      '{"hello":"world"}',
    ]);
    const binary = await door(open)(request(open, "/binary"));
    expect(binary.status).toBe(201);
    expect(Buffer.from(binary.body as Buffer)).toEqual(Buffer.from([0, 1, 2]));
    const posted = await door(open)(
      request(open, "/", {
        method: "POST",
        headers: { host: [open], "content-type": ["image/png"] },
        body: Buffer.from([9, 8]),
      }),
    );
    expect(JSON.parse(String(posted.body))).toMatchObject({
      body: Buffer.from([9, 8]).toString("base64"),
      isBase64Encoded: true,
    });
  });

  it("answers a CORS preflight itself and adds the CORS headers to answers", async () => {
    const origin = "https://app.example.com";
    const preflight = await door(open)(
      request(open, "/orders", {
        method: "OPTIONS",
        headers: { host: [open], origin: [origin], "access-control-request-method": ["POST"] },
      }),
    );
    expect(preflight.status).toBe(200);
    expect(preflight.headers).toMatchObject({
      "access-control-allow-origin": origin,
      "access-control-allow-methods": "GET,POST",
      "access-control-allow-headers": "content-type",
      "access-control-max-age": "300",
    });
    const answer = await door(open)(request(open, "/plain", { headers: { host: [open], origin: [origin] } }));
    expect(answer.headers["access-control-allow-origin"]).toBe(origin);
    const stranger = await door(open)(
      request(open, "/plain", { headers: { host: [open], origin: ["https://evil.example"] } }),
    );
    expect(stranger.headers["access-control-allow-origin"]).toBeUndefined();
  });

  it("is Forbidden when the resource policy lacks lambda:InvokeFunction (required since October 2025)", async () => {
    const answer = await door(half)(request(half, "/plain"));
    expect([answer.status, String(answer.body)]).toEqual([403, '{"Message":"Forbidden"}']);
  });
});

describe("an AWS_IAM function URL", () => {
  const signed = (credentials: AwsCredentials) =>
    signedLocalRequest({
      credentials,
      service: "lambda",
      at: new Date(),
      method: "GET",
      url: "/who",
      host: iam,
      protocol: "https",
    });

  it("refuses an unsigned request and a caller no identity policy allows", async () => {
    const unsigned = await door(iam)(request(iam, "/who"));
    expect([unsigned.status, String(unsigned.body)]).toEqual([403, '{"Message":"Forbidden"}']);
    const refused = await door(iam)(await signed(denied));
    expect(refused.status).toBe(403);
  });

  it("lets in a caller allowed both actions, and tells the function who it is", async () => {
    const answer = await door(iam)(await signed(allowed));
    expect(answer.status, String(answer.body)).toBe(200);
    const event = JSON.parse(String(answer.body));
    expect(event.requestContext).toMatchObject({
      accountId: ACCOUNT,
      authorizer: {
        iam: {
          accessKey: allowed.accessKeyId,
          accountId: ACCOUNT,
          userArn: `arn:aws:sts::${ACCOUNT}:assumed-role/UrlCaller/caller`,
          callerId: expect.stringMatching(/^AROA[A-Z0-9]+:caller$/),
        },
      },
    });
  });
});

describe("the plugin's endpoints section", () => {
  it("lists every function URL by account and function", () => {
    const sections = world.parts.map((part) => part.endpoints?.() ?? {});
    const urls = sections.find((section) => "functionUrls" in section)?.functionUrls as Record<
      string,
      string
    >;
    expect(urls[`${ACCOUNT}/open-fn`]).toBe(`https://${open}/`);
  });
});
