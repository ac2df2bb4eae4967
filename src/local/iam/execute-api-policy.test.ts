import { describe, expect, it } from "vitest";
import { expandExecuteApiPolicy } from "./execute-api-policy.js";
import type { PolicyDocument } from "./types.js";

const target = { region: "eu-central-1", account: "222222222222", apiId: "a1b2c3d4e5" };

describe("expandExecuteApiPolicy", () => {
  it("rewrites execute-api:/ short forms in Resource and NotResource to the API's ARN", () => {
    const doc: PolicyDocument = {
      Version: "2012-10-17",
      Statement: [
        { Effect: "Allow", Principal: "*", Action: "execute-api:Invoke", Resource: "execute-api:/*" },
        {
          Effect: "Deny",
          Principal: "*",
          Action: "execute-api:Invoke",
          NotResource: [
            "execute-api:/v1/GET/orders",
            "arn:aws:execute-api:eu-central-1:222222222222:other/*",
          ],
        },
      ],
    };
    const before = structuredClone(doc);
    expect(expandExecuteApiPolicy(doc, target)).toEqual({
      Version: "2012-10-17",
      Statement: [
        {
          Effect: "Allow",
          Principal: "*",
          Action: "execute-api:Invoke",
          Resource: "arn:aws:execute-api:eu-central-1:222222222222:a1b2c3d4e5/*",
        },
        {
          Effect: "Deny",
          Principal: "*",
          Action: "execute-api:Invoke",
          NotResource: [
            "arn:aws:execute-api:eu-central-1:222222222222:a1b2c3d4e5/v1/GET/orders",
            "arn:aws:execute-api:eu-central-1:222222222222:other/*",
          ],
        },
      ],
    });
    expect(doc).toEqual(before);
  });

  it("accepts a single statement object", () => {
    const doc: PolicyDocument = {
      Statement: {
        Effect: "Allow",
        Principal: "*",
        Action: "execute-api:Invoke",
        Resource: "execute-api:/prod/*",
      },
    };
    expect(expandExecuteApiPolicy(doc, { ...target, partition: "aws-cn" }).Statement).toEqual([
      {
        Effect: "Allow",
        Principal: "*",
        Action: "execute-api:Invoke",
        Resource: "arn:aws-cn:execute-api:eu-central-1:222222222222:a1b2c3d4e5/prod/*",
      },
    ]);
  });
});
