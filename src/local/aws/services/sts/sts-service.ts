// STS: GetCallerIdentity, in the query protocol (XML), or JSON when the client asks for it with
// `Accept: application/json` as STS allows. Needs no permission, as on AWS.
import { header } from "../../../http/http-types.js";
import type { AwsOperation, AwsService } from "../../aws-service.js";
import { principalUserId } from "../../caller-identity.js";
import { principalDisplayName } from "../../protocol/aws-error.js";
import { jsonResult, queryResult } from "../../protocol/responses.js";
import { xmlText } from "../../protocol/xml.js";

const XMLNS = "https://sts.amazonaws.com/doc/2011-06-15/";

const getCallerIdentity: AwsOperation = async (_input, { caller }) => ({
  UserId: principalUserId(caller.principal),
  Account: caller.account,
  Arn: principalDisplayName(caller.principal),
});

export function createStsService(): AwsService {
  const operations = { GetCallerIdentity: getCallerIdentity };
  return {
    signingName: "sts",
    protocol: { kind: "query", xmlns: XMLNS },
    operations,
    implemented: Object.keys(operations),
    async handle(call) {
      const output = await getCallerIdentity({}, call);
      if ((header(call.request, "accept") ?? "").includes("application/json")) {
        const body = {
          GetCallerIdentityResponse: {
            GetCallerIdentityResult: output,
            ResponseMetadata: { RequestId: call.requestId },
          },
        };
        return jsonResult("application/json", body, call.requestId);
      }
      const xml = Object.entries(output)
        .map(([name, value]) => xmlText(name, String(value)))
        .join("");
      return queryResult(XMLNS, call.operation, xml, call.requestId);
    },
  };
}
