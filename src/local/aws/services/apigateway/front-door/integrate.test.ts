// The Lambda proxy call's failure mapping on its own: what the client sees and what the execution log
// says when Lambda refuses or fails the Invoke ("Handle Lambda errors in API Gateway",
// https://docs.aws.amazon.com/apigateway/latest/developerguide/handle-errors-in-lambda-integration.html;
// Lambda's Invoke errors, https://docs.aws.amazon.com/lambda/latest/api/API_Invoke.html#API_Invoke_Errors),
// and the integration timeout race.
import { describe, expect, it } from "vitest";
import { AwsError } from "../../../protocol/aws-error.js";
import { invocationError, withTimeout } from "./integrate.js";

const FN = "arn:aws:lambda:eu-central-1:111111111111:function:GetOrder";
const SOURCE = "arn:aws:execute-api:eu-central-1:111111111111:abcdef0123/v1/GET/orders/*";

function mapped(error: unknown) {
  const e = invocationError(error, FN, SOURCE);
  return { status: e.status, type: e.responseType, body: e.body, log: e.logMessage };
}

describe("invocationError: Lambda's Invoke errors as API Gateway answers them", () => {
  it("a missing permission is the API's configuration error (500), naming the function and SourceArn", () => {
    expect(mapped(new AwsError("AccessDeniedException", "not authorized", 403))).toEqual({
      status: 500,
      type: "API_CONFIGURATION_ERROR",
      body: '{"message": "Internal server error"}',
      log: `Execution failed due to configuration error: Invalid permissions on Lambda function ${FN} (no lambda:InvokeFunction for apigateway.amazonaws.com with SourceArn ${SOURCE})`,
    });
  });

  it("throttling is 500 with Lambda's 429 in the log", () => {
    expect(mapped(new AwsError("TooManyRequestsException", "Rate Exceeded.", 429))).toMatchObject({
      status: 500,
      log: `Lambda invocation of ${FN} failed with status: 429 (Rate Exceeded)`,
    });
  });

  it("an event over Lambda's payload limit is 413 Request Too Long, with Lambda's message logged", () => {
    expect(
      mapped(
        new AwsError("RequestEntityTooLargeException", "Request must be smaller than 6291456 bytes", 413),
      ),
    ).toEqual({
      status: 413,
      type: "REQUEST_TOO_LARGE",
      body: '{"message":"Request Too Long"}',
      log: `Lambda refused the event for ${FN} before running it: Request must be smaller than 6291456 bytes`,
    });
  });

  it("an unknown function is a configuration error", () => {
    expect(mapped(new AwsError("ResourceNotFoundException", "Function not found", 404)).log).toBe(
      `Execution failed due to configuration error: Invalid Lambda function ${FN}`,
    );
  });

  it("anything else is 500 with its message (or its text, when it is no Error)", () => {
    expect(mapped(new AwsError("ServiceException", "engine down", 500))).toMatchObject({
      status: 500,
      log: "Lambda invocation failed: engine down",
    });
    expect(mapped(new Error("socket hang up")).log).toBe("Lambda invocation failed: socket hang up");
    expect(mapped("boom").log).toBe("Lambda invocation failed: boom");
  });
});

describe("withTimeout: the integration timeout", () => {
  it("answers the invocation's value when it settles first, its error when it fails first", async () => {
    await expect(withTimeout(Promise.resolve(7), 1_000)).resolves.toBe(7);
    await expect(withTimeout(Promise.reject(new Error("failed")), 1_000)).rejects.toThrow("failed");
  });

  it("answers timed-out when the invocation outlasts the timeout", async () => {
    const never = new Promise<number>(() => {});
    await expect(withTimeout(never, 5)).resolves.toBe("timed-out");
  });
});
