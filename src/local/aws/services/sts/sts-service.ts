// STS in the query protocol (XML), or JSON when the client asks for it with `Accept:
// application/json` as STS allows: GetCallerIdentity (needs no permission, as on AWS) and, given the
// IAM state, the credential registry and the decision point, AssumeRole (assume-role.ts).
import { header } from "../../../http/http-types.js";
import type { AwsOperation, AwsService } from "../../aws-service.js";
import { principalUserId } from "../../caller-identity.js";
import { principalDisplayName } from "../../protocol/aws-error.js";
import { jsonResult, queryResult } from "../../protocol/responses.js";
import { xmlElement, xmlText } from "../../protocol/xml.js";
import { type AssumeRoleDeps, createAssumeRole } from "./assume-role.js";
import { assumeRoleParams } from "./assume-role-input.js";

const XMLNS = "https://sts.amazonaws.com/doc/2011-06-15/";

const getCallerIdentity: AwsOperation = async (_input, { caller }) => ({
  UserId: principalUserId(caller.principal),
  Account: caller.account,
  Arn: principalDisplayName(caller.principal),
});

/** STS; without `deps` only GetCallerIdentity (there are no roles to assume). */
export function createStsService(deps?: AssumeRoleDeps): AwsService {
  const operations: Record<string, AwsOperation> = { GetCallerIdentity: getCallerIdentity };
  if (deps !== undefined) operations.AssumeRole = createAssumeRole(deps);
  return {
    signingName: "sts",
    protocol: { kind: "query", xmlns: XMLNS },
    operations,
    implemented: Object.keys(operations),
    async handle(call) {
      const operation = operations[call.operation];
      const input = call.operation === "AssumeRole" ? assumeRoleParams(call.params) : {};
      const output = await (operation ?? getCallerIdentity)(input, call);
      if ((header(call.request, "accept") ?? "").includes("application/json")) {
        const body = {
          [`${call.operation}Response`]: {
            [`${call.operation}Result`]: jsonMembers(output),
            ResponseMetadata: { RequestId: call.requestId },
          },
        };
        return jsonResult("application/json", body, call.requestId);
      }
      return queryResult(XMLNS, call.operation, xmlMembers(output), call.requestId);
    },
  };
}

/** Members as XML elements: nested objects as elements, dates as ISO 8601 (e.g. `Expiration`). */
function xmlMembers(members: Readonly<Record<string, unknown>>): string {
  return Object.entries(members)
    .map(([name, value]) =>
      value instanceof Date
        ? xmlText(name, value.toISOString())
        : typeof value === "object" && value !== null
          ? xmlElement(name, xmlMembers(value as Record<string, unknown>))
          : xmlText(name, String(value)),
    )
    .join("");
}

/** STS's JSON answers give timestamps as epoch seconds. */
function jsonMembers(members: Readonly<Record<string, unknown>>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(members).map(([name, value]) => [
      name,
      value instanceof Date
        ? value.getTime() / 1000
        : typeof value === "object" && value !== null
          ? jsonMembers(value as Record<string, unknown>)
          : value,
    ]),
  );
}
