import { describe, expect, it } from "vitest";
import type { LocalRequest } from "../http/http-types.js";
import { CredentialRegistry } from "../iam/credential-registry.js";
import { containerCredentialsEndpoint, instanceMetadataEndpoint } from "./credential-endpoints.js";

const registry = new CredentialRegistry("0123456789abcdef0123456789abcdef");
const roleArn = "arn:aws:iam::171717171717:role/todo-instance";
const role = {
  roleArn,
  credentials: () =>
    registry.issueSession({ roleArn, sessionName: "i-1", now: new Date(), durationSeconds: 3600 }),
};
const request = (method: string, url: string, headers: Record<string, string> = {}): LocalRequest => ({
  method,
  url,
  headers: Object.fromEntries(Object.entries(headers).map(([k, v]) => [k, [v]])),
  body: Buffer.alloc(0),
  protocol: "http",
  source: { sourceIp: "127.0.0.1", via: [] },
});

describe("the instance metadata service (IMDSv2 only)", () => {
  const imds = instanceMetadataEndpoint({
    instanceId: "i-1",
    region: "us-west-2",
    availabilityZone: "us-west-2a",
    privateIp: "10.0.2.9",
    account: "171717171717",
    imageId: "ami-1",
    instanceType: "t3.micro",
    role,
  });

  it("needs a token from PUT /latest/api/token, then serves the role's credentials", async () => {
    expect((await imds(request("GET", "/latest/meta-data/iam/security-credentials/"))).status).toBe(401);
    expect((await imds(request("PUT", "/latest/api/token"))).status).toBe(400);
    const token = String(
      (await imds(request("PUT", "/latest/api/token", { "x-aws-ec2-metadata-token-ttl-seconds": "21600" })))
        .body,
    );
    const auth = { "x-aws-ec2-metadata-token": token };
    expect(
      String((await imds(request("GET", "/latest/meta-data/iam/security-credentials/", auth))).body),
    ).toBe("todo-instance");
    const credentials = JSON.parse(
      String(
        (await imds(request("GET", "/latest/meta-data/iam/security-credentials/todo-instance", auth))).body,
      ),
    );
    expect(credentials).toMatchObject({
      Code: "Success",
      Type: "AWS-HMAC",
      AccessKeyId: expect.stringMatching(/^ASIA/),
    });
    expect(registry.lookup(credentials.AccessKeyId, credentials.Token)?.principal).toMatchObject({
      kind: "role",
    });
    expect(String((await imds(request("GET", "/latest/meta-data/placement/region", auth))).body)).toBe(
      "us-west-2",
    );
  });
});

describe("the ECS container credentials endpoint", () => {
  const endpoint = containerCredentialsEndpoint((id, token) =>
    id === "task-1" && token === "secret" ? role : undefined,
  );

  it("serves the task role's credentials to the task's token only", async () => {
    expect(
      (await endpoint(request("GET", "/v2/credentials/task-1", { authorization: "wrong" }))).status,
    ).toBe(403);
    const answer = await endpoint(request("GET", "/v2/credentials/task-1", { authorization: "secret" }));
    expect(JSON.parse(String(answer.body))).toMatchObject({
      RoleArn: roleArn,
      AccessKeyId: expect.stringMatching(/^ASIA/),
    });
  });
});
