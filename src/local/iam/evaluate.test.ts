import { describe, expect, it } from "vitest";
import { compilePolicy } from "./compile-policy.js";
import { evaluate } from "./evaluate.js";
import {
  A,
  B,
  bucket,
  doc,
  identity,
  otherRoleA,
  request,
  resourcePolicy,
  roleA,
  roleB,
} from "./policy.test-support.js";
import { rootPrincipal } from "./principals.js";
import type { Principal } from "./types.js";

describe("same account", () => {
  it("allows when the identity policy allows, listing the deciding statement", () => {
    const id = identity({ Sid: "Put", Effect: "Allow", Action: "s3:PutObject", Resource: `${bucket}/*` });
    const decision = evaluate(request(roleA, "s3:PutObject", `${bucket}/a.log`), { identity: [id] });
    expect(decision).toEqual({
      allowed: true,
      reason: "allowed",
      statements: [{ policy: "identity:test#inline", sid: "Put", effect: "Allow" }],
    });
  });

  it("denies implicitly when nothing allows", () => {
    const id = identity({ Effect: "Allow", Action: "s3:GetObject", Resource: `${bucket}/*` });
    expect(evaluate(request(roleA, "s3:PutObject", `${bucket}/a`), { identity: [id] })).toMatchObject({
      allowed: false,
      reason: "implicit-deny",
    });
  });

  it("documented example: an explicit Deny in the identity policy overrides the bucket policy's Allow", () => {
    const id = identity(
      {
        Sid: "AllowS3ListRead",
        Effect: "Allow",
        Action: ["s3:GetBucketLocation", "s3:ListAllMyBuckets"],
        Resource: "*",
      },
      { Sid: "AllowS3Self", Effect: "Allow", Action: "s3:*", Resource: [`${bucket}/*`, bucket] },
      { Sid: "DenyS3Logs", Effect: "Deny", Action: "s3:*", Resource: "arn:aws:s3:::*log*" },
    );
    const res = resourcePolicy({
      Effect: "Allow",
      Principal: { AWS: roleA.arn },
      Action: "s3:*",
      Resource: `${bucket}/*`,
    });
    const decision = evaluate(request(roleA, "s3:PutObject", `${bucket}/x`), {
      identity: [id],
      resource: res,
    });
    expect(decision).toEqual({
      allowed: false,
      reason: "explicit-deny",
      statements: [{ policy: "identity:test#inline", sid: "DenyS3Logs", effect: "Deny" }],
    });
    expect(evaluate(request(roleA, "s3:ListAllMyBuckets", "*"), { identity: [id] }).allowed).toBe(true);
  });

  it("a resource policy naming the role (or its session) allows on its own", () => {
    for (const name of [roleA.arn, roleA.sessionArn]) {
      const res = resourcePolicy({
        Effect: "Allow",
        Principal: { AWS: name },
        Action: "sqs:SendMessage",
        Resource: "*",
      });
      const decision = evaluate(request(roleA, "sqs:SendMessage", `arn:aws:sqs:eu-central-1:${A}:q`), {
        identity: [],
        resource: res,
      });
      expect(decision).toEqual({
        allowed: true,
        reason: "allowed",
        statements: [{ policy: "resource:test", effect: "Allow" }],
      });
    }
  });

  it("a resource policy naming only the account delegates to the identity policies", () => {
    const res = resourcePolicy({
      Effect: "Allow",
      Principal: { AWS: `arn:aws:iam::${A}:root` },
      Action: "*",
      Resource: "*",
    });
    const req = request(roleA, "kms:Decrypt", `arn:aws:kms:eu-central-1:${A}:key/1`);
    expect(evaluate(req, { identity: [], resource: res }).reason).toBe("implicit-deny");
    const id = identity({ Effect: "Allow", Action: "kms:Decrypt", Resource: "*" });
    expect(evaluate(req, { identity: [id], resource: res }).allowed).toBe(true);
  });

  it("a role ARN in a resource policy does not name another role of the account", () => {
    const res = resourcePolicy({
      Effect: "Allow",
      Principal: { AWS: roleA.arn },
      Action: "*",
      Resource: "*",
    });
    expect(
      evaluate(request(otherRoleA, "s3:GetObject", bucket), { identity: [], resource: res }).allowed,
    ).toBe(false);
  });

  it("the account's root may do anything there unless a resource policy denies it", () => {
    const root = rootPrincipal(A);
    expect(
      evaluate(request(root, "dynamodb:DeleteTable", "arn:aws:dynamodb:eu-central-1:111111111111:table/t"), {
        identity: [],
      }),
    ).toEqual({
      allowed: true,
      reason: "allowed",
      statements: [],
    });
    const res = resourcePolicy({
      Effect: "Deny",
      Principal: "*",
      Action: "s3:*",
      Resource: "*",
      Condition: { Bool: { "aws:SecureTransport": "false" } },
    });
    const plain = request(root, "s3:GetObject", bucket, A, { "aws:SecureTransport": false });
    expect(evaluate(plain, { identity: [], resource: res }).reason).toBe("explicit-deny");
  });
});

describe("cross account", () => {
  const queue = `arn:aws:sqs:eu-central-1:${A}:orders`;
  const allowB = resourcePolicy({
    Sid: "FromB",
    Effect: "Allow",
    Principal: { AWS: B },
    Action: "sqs:SendMessage",
    Resource: queue,
  });
  const idB = compilePolicy(
    doc({ Sid: "Send", Effect: "Allow", Action: "sqs:*", Resource: "*" }),
    "identity:b#p",
  );

  it("needs both the identity policy and the resource policy", () => {
    expect(evaluate(request(roleB, "sqs:SendMessage", queue), { identity: [idB], resource: allowB })).toEqual(
      {
        allowed: true,
        reason: "allowed",
        statements: [
          { policy: "identity:b#p", sid: "Send", effect: "Allow" },
          { policy: "resource:test", sid: "FromB", effect: "Allow" },
        ],
      },
    );
    expect(
      evaluate(request(roleB, "sqs:SendMessage", queue), { identity: [], resource: allowB }).reason,
    ).toBe("cross-account-identity-missing");
    expect(evaluate(request(roleB, "sqs:SendMessage", queue), { identity: [idB] }).reason).toBe(
      "cross-account-resource-missing",
    );
  });

  it("grants only the intersection of both sides", () => {
    expect(
      evaluate(request(roleB, "sqs:DeleteQueue", queue), { identity: [idB], resource: allowB }).reason,
    ).toBe("cross-account-resource-missing");
  });

  it("an explicit Deny in the resource policy wins over both Allows", () => {
    const res = resourcePolicy(
      { Effect: "Allow", Principal: { AWS: `arn:aws:iam::${B}:root` }, Action: "sqs:*", Resource: "*" },
      { Sid: "NoB", Effect: "Deny", Principal: { AWS: B }, Action: "sqs:SendMessage", Resource: "*" },
    );
    expect(
      evaluate(request(roleB, "sqs:SendMessage", queue), { identity: [idB], resource: res }),
    ).toMatchObject({
      reason: "explicit-deny",
      statements: [{ sid: "NoB", effect: "Deny" }],
    });
  });

  it("the root of another account needs the resource policy", () => {
    const rootB = rootPrincipal(B);
    expect(
      evaluate(request(rootB, "sqs:SendMessage", queue), { identity: [], resource: allowB }).allowed,
    ).toBe(true);
    expect(evaluate(request(rootB, "sqs:SendMessage", queue), { identity: [] }).reason).toBe(
      "cross-account-resource-missing",
    );
  });
});

describe("service and anonymous callers", () => {
  const trust = resourcePolicy({
    Effect: "Allow",
    Principal: { Service: "lambda.amazonaws.com" },
    Action: "sts:AssumeRole",
  });
  const lambda: Principal = { kind: "service", service: "lambda.amazonaws.com" };

  it("are evaluated against the resource policy only", () => {
    expect(
      evaluate(request(lambda, "sts:AssumeRole", roleA.arn), { identity: [], resource: trust }).allowed,
    ).toBe(true);
    const other: Principal = { kind: "service", service: "ec2.amazonaws.com" };
    expect(
      evaluate(request(other, "sts:AssumeRole", roleA.arn), { identity: [], resource: trust }).reason,
    ).toBe("implicit-deny");
  });

  it("identity policies passed for them are ignored", () => {
    const id = identity({ Effect: "Deny", Action: "*", Resource: "*" });
    expect(
      evaluate(request(lambda, "sts:AssumeRole", roleA.arn), { identity: [id], resource: trust }).allowed,
    ).toBe(true);
  });

  it('anonymous callers are named only by everyone ("*" or {AWS: "*"})', () => {
    const anonymous: Principal = { kind: "anonymous" };
    for (const principal of ["*", { AWS: "*" }] as const) {
      const res = resourcePolicy({
        Effect: "Allow",
        Principal: principal,
        Action: "s3:GetObject",
        Resource: `${bucket}/*`,
      });
      expect(
        evaluate(request(anonymous, "s3:GetObject", `${bucket}/k`), { identity: [], resource: res }).allowed,
      ).toBe(true);
    }
    const accountOnly = resourcePolicy({
      Effect: "Allow",
      Principal: { AWS: A },
      Action: "*",
      Resource: "*",
    });
    expect(
      evaluate(request(anonymous, "s3:GetObject", bucket), { identity: [], resource: accountOnly }).allowed,
    ).toBe(false);
  });
});
