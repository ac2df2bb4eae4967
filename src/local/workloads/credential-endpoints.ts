// The endpoints the AWS SDKs' default credential chain asks inside a workload, serving the role's
// temporary credentials from the credential registry:
// - ECS: the container credentials endpoint (`AWS_CONTAINER_CREDENTIALS_FULL_URI` +
//   `AWS_CONTAINER_AUTHORIZATION_TOKEN`): `GET <uri>` with the token in `Authorization` →
//   `{AccessKeyId, SecretAccessKey, Token, Expiration, RoleArn}` (ECS developer guide, "Task IAM role").
// - EC2: the instance metadata service, IMDSv2 only (`PUT /latest/api/token` with
//   `x-aws-ec2-metadata-token-ttl-seconds`, then `x-aws-ec2-metadata-token` on every GET; 401 without),
//   as the SDKs use it through `AWS_EC2_METADATA_SERVICE_ENDPOINT` (EC2 user guide, "Use IMDSv2").
import { randomBytes } from "node:crypto";
import { header, jsonResponse, type LocalHandler, type LocalResponse } from "../http/http-types.js";
import type { SessionCredentials } from "../iam/credential-registry.js";

export interface RoleSession {
  readonly roleArn: string;
  credentials(): SessionCredentials;
}

/** `GET /v2/credentials/<id>` with the task's token → the task role's credentials. */
export function containerCredentialsEndpoint(
  session: (id: string, token: string | undefined) => RoleSession | undefined,
): LocalHandler {
  return async (request) => {
    const match = /^\/v2\/credentials\/([^/?]+)$/.exec(request.url);
    if (request.method !== "GET" || match === null) return jsonResponse(404, { message: "Not Found" });
    const found = session(match[1] ?? "", header(request, "authorization"));
    if (found === undefined) {
      return jsonResponse(403, { message: "the authorization token does not match this task's credentials" });
    }
    const credentials = found.credentials();
    return jsonResponse(200, {
      AccessKeyId: credentials.accessKeyId,
      SecretAccessKey: credentials.secretAccessKey,
      Token: credentials.sessionToken,
      Expiration: credentials.expiration.toISOString(),
      RoleArn: found.roleArn,
    });
  };
}

export interface InstanceIdentity {
  readonly instanceId: string;
  readonly region: string;
  readonly availabilityZone: string;
  readonly privateIp: string;
  readonly account: string;
  readonly imageId: string;
  readonly instanceType: string;
  /** The instance profile's role, if any. */
  readonly role?: RoleSession;
}

const MAX_TOKEN_TTL = 21_600;

/** An IMDSv2 endpoint for one instance. */
export function instanceMetadataEndpoint(
  instance: InstanceIdentity,
  now: () => number = Date.now,
): LocalHandler {
  const tokens = new Map<string, number>(); // token → expiry (ms)
  const text = (status: number, body: string): LocalResponse => ({
    status,
    headers: { "content-type": "text/plain" },
    body,
  });
  return async (request) => {
    const path = request.url.replace(/\?.*$/, "");
    if (path === "/latest/api/token") {
      if (request.method !== "PUT") return text(405, "");
      const ttl = Number(header(request, "x-aws-ec2-metadata-token-ttl-seconds"));
      if (!Number.isInteger(ttl) || ttl < 1 || ttl > MAX_TOKEN_TTL) return text(400, "");
      const token = randomBytes(32).toString("base64");
      tokens.set(token, now() + ttl * 1000);
      return {
        status: 200,
        headers: { "content-type": "text/plain", "x-aws-ec2-metadata-token-ttl-seconds": String(ttl) },
        body: token,
      };
    }
    const token = header(request, "x-aws-ec2-metadata-token");
    const expiry = token === undefined ? undefined : tokens.get(token);
    if (expiry === undefined || expiry < now()) return text(401, ""); // IMDSv1 is off (HttpTokens required)
    if (request.method !== "GET") return text(405, "");
    const roleName = instance.role?.roleArn.split("/").at(-1);
    const credentialsPath = "/latest/meta-data/iam/security-credentials/";
    if (path === credentialsPath) return roleName === undefined ? text(404, "") : text(200, roleName);
    if (roleName !== undefined && path === `${credentialsPath}${roleName}` && instance.role !== undefined) {
      const credentials = instance.role.credentials();
      return {
        status: 200,
        headers: { "content-type": "text/plain" },
        body: JSON.stringify({
          Code: "Success",
          LastUpdated: new Date(now()).toISOString(),
          Type: "AWS-HMAC",
          AccessKeyId: credentials.accessKeyId,
          SecretAccessKey: credentials.secretAccessKey,
          Token: credentials.sessionToken,
          Expiration: credentials.expiration.toISOString(),
        }),
      };
    }
    const values: Record<string, string> = {
      "/latest/meta-data/instance-id": instance.instanceId,
      "/latest/meta-data/local-ipv4": instance.privateIp,
      "/latest/meta-data/ami-id": instance.imageId,
      "/latest/meta-data/instance-type": instance.instanceType,
      "/latest/meta-data/placement/region": instance.region,
      "/latest/meta-data/placement/availability-zone": instance.availabilityZone,
      "/latest/dynamic/instance-identity/document": JSON.stringify({
        accountId: instance.account,
        instanceId: instance.instanceId,
        region: instance.region,
        availabilityZone: instance.availabilityZone,
        privateIp: instance.privateIp,
        imageId: instance.imageId,
        instanceType: instance.instanceType,
      }),
    };
    const value = values[path];
    return value === undefined ? text(404, "") : text(200, value);
  };
}
