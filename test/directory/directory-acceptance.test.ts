// Acceptance of the directory system (seed 004) on the real cloud assembly: the client functions run in
// their accounts' VPCs and reach the directory service by its VPC Lattice DNS name because of where
// they run (their egress goes through their VPC's entry point), never because of a header. Every row
// of seed-systems.md §4.3 is a test; the clients are invoked with the SDK's InvokeCommand and edited
// with UpdateFunctionConfiguration, as the seed does by hand in the console.
import type { LambdaClient } from "@aws-sdk/client-lambda";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { curl } from "../support/curl.js";
import {
  type ClientAnswer,
  DIRECTORY_ACCOUNTS,
  type DirectorySystem,
  invokeClient,
  lambdaOf,
  startDirectorySystem,
  updateEnvironment,
} from "../support/directory-system.js";

let directory: DirectorySystem;
let blue: LambdaClient;
let green: LambdaClient;

beforeAll(async () => {
  directory = await startDirectorySystem();
  console.log(`directory-acceptance: startRuntime took ${directory.startMs} ms`);
  blue = lambdaOf(directory, "blue");
  green = lambdaOf(directory, "green");
}, 120_000);

afterAll(async () => {
  await directory?.stop();
});

const DENIED =
  /^AccessDeniedException: User: anonymous is not authorized to perform: vpc-lattice-svcs:Invoke on resource: arn:aws:vpc-lattice:us-east-1:121212121212:service\/svc-[0-9a-f]{17}\/.* because no service-based policy allows the vpc-lattice-svcs:Invoke action$/;

/** The blue client with its endpoint (path and query) and request changed, invoked once. */
async function blueAsks(
  pathAndQuery: string,
  extra: { METHOD?: string; HEADERS?: string; HTTP_CLIENT?: string } = {},
): Promise<ClientAnswer> {
  await updateEnvironment(blue, "directory-blue-client", {
    ENDPOINT: `http://${directory.dnsName}${pathAndQuery}`,
    METHOD: extra.METHOD,
    HEADERS: extra.HEADERS,
    HTTP_CLIENT: extra.HTTP_CLIENT,
  });
  return invokeClient(blue, "directory-blue-client");
}

describe("acceptance 1: each client gets its own colour", () => {
  it('invoking the blue client returns 200 {"endpoint":"blue"}', async () => {
    expect(await invokeClient(blue, "directory-blue-client")).toEqual({
      status: 200,
      body: '{"endpoint":"blue"}',
    });
  });

  it('invoking the green client returns 200 {"endpoint":"green"}', async () => {
    expect(await invokeClient(green, "directory-green-client")).toEqual({
      status: 200,
      body: '{"endpoint":"green"}',
    });
  });
});

describe("acceptance 2: the auth-policy matrix of §4.3", () => {
  it("blue asking q=green is denied (statement 2 needs the green account as VPC owner)", async () => {
    const answer = await blueAsks("/?q=green");
    expect(answer.status).toBe(403);
    expect(answer.body).toMatch(DENIED);
  });

  it("green asking q=blue is denied", async () => {
    await updateEnvironment(green, "directory-green-client", {
      ENDPOINT: `http://${directory.dnsName}/?q=blue`,
    });
    const answer = await invokeClient(green, "directory-green-client");
    expect(answer.status).toBe(403);
    await updateEnvironment(green, "directory-green-client", {
      ENDPOINT: `http://${directory.dnsName}/?q=green`,
    });
    expect((await invokeClient(green, "directory-green-client")).status).toBe(200);
  });

  for (const method of ["POST", "PUT", "HEAD"]) {
    it(`${method} with q=blue is denied (the policy allows GET only)`, async () => {
      const answer = await blueAsks("/?q=blue", { METHOD: method });
      expect(answer.status).toBe(403);
      if (method !== "HEAD") expect(answer.body).toMatch(DENIED);
    });
  }

  it("a missing q is denied (the condition key is absent): the app's 422 is never reached", async () => {
    const answer = await blueAsks("/");
    expect(answer.status).toBe(403);
    expect(answer.body).toMatch(DENIED);
  });

  it("q=Blue is denied (StringEquals is case-sensitive)", async () => {
    expect((await blueAsks("/?q=Blue")).status).toBe(403);
  });

  it("extra query keys are allowed (?q=blue&x=1)", async () => {
    expect(await blueAsks("/?q=blue&x=1")).toEqual({ status: 200, body: '{"endpoint":"blue"}' });
  });

  it("a path the app lacks passes auth (Resource *) and gets the app's 404", async () => {
    expect(await blueAsks("/anything?q=blue")).toEqual({ status: 404, body: '{"detail":"Not Found"}' });
  });

  it("node:http leaves through the VPC as fetch does", async () => {
    expect(await blueAsks("/?q=blue", { HTTP_CLIENT: "node-http" })).toEqual({
      status: 200,
      body: '{"endpoint":"blue"}',
    });
  });

  it("spoofed x-amzn-lattice-* and X-Forwarded-For headers change nothing", async () => {
    const forged = JSON.stringify({
      "x-amzn-lattice-network": `SourceVpcArn=arn:aws:ec2:us-east-1:${DIRECTORY_ACCOUNTS.green}:vpc/vpc-0green`,
      "x-amzn-lattice-identity": `Principal=arn:aws:iam::${DIRECTORY_ACCOUNTS.green}:root; Type=AWS_IAM`,
      "X-Forwarded-For": "192.168.2.10",
    });
    expect((await blueAsks("/?q=green", { HEADERS: forged })).status).toBe(403);
    expect(await blueAsks("/?q=blue", { HEADERS: forged })).toEqual({
      status: 200,
      body: '{"endpoint":"blue"}',
    });
  });

  it("a local-peer VPC is denied: its owner is the shared services account", async () => {
    for (const [proxy, colour] of [
      [directory.proxies.bluePeer, "blue"],
      [directory.proxies.greenPeer, "green"],
    ] as const) {
      const result = await curl([`http://${directory.dnsName}/?q=${colour}`], { proxy });
      expect(result.status).toBe(403);
      expect(result.body).toMatch(DENIED);
    }
  });

  it("an unassociated VPC cannot reach the service at all (the shared main VPC)", async () => {
    const result = await curl([`http://${directory.dnsName}/?q=blue`], { proxy: directory.proxies.main });
    expect(result.status).toBe(502);
    expect(result.body).toContain("associated with no service network");
  });

  it("a signed caller whose identity policy allows Invoke is allowed; one without is denied by its identity policy", async () => {
    expect(await invokeClient(blue, "directory-blue-signed-client")).toEqual({
      status: 200,
      body: '{"endpoint":"blue"}',
    });
    const denied = await invokeClient(blue, "directory-blue-unpermitted-client");
    expect(denied.status).toBe(403);
    expect(denied.body).toMatch(
      /^AccessDeniedException: User: arn:aws:sts::131313131313:assumed-role\/DirectoryBlue-UnpermittedClientRole[^/]+\/directory-blue-unpermitted-client is not authorized to perform: vpc-lattice-svcs:Invoke on resource: .* because no identity-based policy allows the vpc-lattice-svcs:Invoke action$/,
    );
  });
});

describe("acceptance 3: edit the environment, invoke again", () => {
  it("changing the blue client's query to q=green gives the denial, with the reason in the runtime's log", async () => {
    await updateEnvironment(blue, "directory-blue-client", {
      ENDPOINT: `http://${directory.dnsName}/?q=blue`,
      METHOD: undefined,
      HEADERS: undefined,
      HTTP_CLIENT: undefined,
    });
    expect((await invokeClient(blue, "directory-blue-client")).status).toBe(200);
    const before = directory.runtimeLines.length;
    const answer = await blueAsks("/?q=green");
    expect(answer.status).toBe(403);
    const logged = directory.runtimeLines
      .slice(before)
      .filter((line) => line.startsWith("VPC Lattice shared-service: 403"));
    expect(logged).toHaveLength(1);
    expect(logged[0]).toContain(`(owner ${DIRECTORY_ACCOUNTS.blue}) via blue-service-network`);
    expect(logged[0]).toContain("because no service-based policy allows the vpc-lattice-svcs:Invoke action");
  });
});
