// Shared by the evaluator's tests: two accounts, their roles, and builders of policies and requests.
import { compilePolicy } from "./compile-policy.js";
import { rolePrincipal } from "./principals.js";
import type {
  AuthorizationRequest,
  ContextValue,
  PolicyDocument,
  PolicyStatement,
  Principal,
} from "./types.js";

export const A = "111111111111";
export const B = "222222222222";
export const roleA = rolePrincipal(`arn:aws:iam::${A}:role/app`, "session-1");
export const otherRoleA = rolePrincipal(`arn:aws:iam::${A}:role/other`, "s");
export const roleB = rolePrincipal(`arn:aws:iam::${B}:role/app`, "s");
export const bucket = "arn:aws:s3:::amzn-s3-demo-bucket-carlossalazar-logs";

export function doc(...statements: PolicyStatement[]): PolicyDocument {
  return { Version: "2012-10-17", Statement: statements };
}
export const identity = (...s: PolicyStatement[]) => compilePolicy(doc(...s), "identity:test#inline");
export const resourcePolicy = (...s: PolicyStatement[]) => compilePolicy(doc(...s), "resource:test");

export function request(
  principal: Principal,
  action: string,
  resource: string,
  resourceAccount = A,
  context: Record<string, ContextValue> = {},
): AuthorizationRequest {
  return { principal, action, resource, resourceAccount, context };
}
