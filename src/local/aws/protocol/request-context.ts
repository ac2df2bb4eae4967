// The global condition keys of a request, stamped from the authenticated caller and the network
// path the request took (never from what the client says).
import type { ContextValue } from "../../iam/types.js";
import type { OperationContext } from "../aws-service.js";
import { principalUserId } from "../caller-identity.js";

export function requestContext(context: OperationContext): Record<string, ContextValue> {
  const { caller, source } = context;
  const keys: Record<string, ContextValue> = {
    "aws:userid": principalUserId(caller.principal),
    "aws:SecureTransport": context.secureTransport,
    "aws:RequestedRegion": context.region,
    "aws:CurrentTime": context.now.toISOString(),
    "aws:EpochTime": Math.floor(context.now.getTime() / 1000),
    "aws:ViaAWSService": context.viaService !== undefined,
  };
  // A service principal acting for a resource (API Gateway for a method, SNS for a topic).
  if (caller.sourceArn !== undefined) {
    keys["aws:SourceArn"] = caller.sourceArn;
    keys["aws:SourceAccount"] = caller.account;
  }
  const principal = caller.principal;
  if (principal.kind === "role" || principal.kind === "root") {
    keys["aws:PrincipalAccount"] = caller.account;
    keys["aws:PrincipalArn"] = principal.arn;
    keys["aws:PrincipalType"] = principal.kind === "role" ? "AssumedRole" : "Account";
  }
  // AWS stamps aws:SourceVpc / aws:SourceVpce (and the private aws:VpcSourceIp instead of
  // aws:SourceIp) only for requests that came through a VPC endpoint.
  if (source.vpceId === undefined) {
    keys["aws:SourceIp"] = source.sourceIp;
  } else {
    keys["aws:SourceVpce"] = source.vpceId;
    if (source.vpc !== undefined) keys["aws:SourceVpc"] = source.vpc.id;
    keys["aws:VpcSourceIp"] = source.sourceIp;
  }
  return keys;
}
