// `{{resolve:secretsmanager:<secret-id>:SecretString:<json-key>:<version-stage>:<version-id>}}`
// dynamic references, resolved for the assembly engine as CloudFormation resolves them (as the
// deploying account, without IAM).
import { AccountmeshError } from "../../../../shared/errors.js";
import type { SecretStore } from "./secret-store.js";

export type SecretsManagerReferenceResolver = (reference: string, account: string, region: string) => string;

/** Splits `<id>:SecretString:...` where `<id>` may be an ARN (7 colon-separated parts). */
function splitReference(reference: string): { id: string; rest: string[] } {
  const parts = reference.split(":");
  const idParts = reference.startsWith("arn:") ? 7 : 1;
  return { id: parts.slice(0, idParts).join(":"), rest: parts.slice(idParts) };
}

export function createSecretsManagerReferenceResolver(secrets: SecretStore): SecretsManagerReferenceResolver {
  return (reference, account, region) => {
    const inner = reference.replace(/^\{\{resolve:secretsmanager:/, "").replace(/\}\}$/, "");
    const text = `{{resolve:secretsmanager:${inner}}}`;
    const fail = (message: string): never => {
      throw new AccountmeshError("SECRETSMANAGER_REFERENCE_UNRESOLVED", `${text}: ${message}`, {
        reference: text,
        account,
        region,
      });
    };
    const { id, rest } = splitReference(inner);
    const [field = "SecretString", jsonKey = "", stage = "", versionId = ""] = rest;
    if (id === "") fail("the reference names no secret.");
    if (field !== "SecretString")
      fail(`only SecretString can be referenced; received ${JSON.stringify(field)}.`);
    if (stage !== "" && versionId !== "") fail("give a version stage or a version id, not both.");
    const secret = secrets.find(id, account, region);
    if (secret === undefined) return fail(`no secret ${id} exists in account ${account} (${region}).`);
    if (secret.secretString === undefined) return fail("the secret has no value.");
    if (stage !== "" && stage !== "AWSCURRENT")
      fail(`the secret has no version with stage ${stage} locally (only AWSCURRENT).`);
    if (versionId !== "" && versionId !== secret.versionId) fail(`the secret has no version ${versionId}.`);
    if (jsonKey === "") return secret.secretString;
    let value: unknown;
    try {
      value = JSON.parse(secret.secretString);
    } catch {
      return fail(`json-key ${jsonKey} was given but the secret's value is not JSON.`);
    }
    const member =
      value !== null && typeof value === "object" ? (value as Record<string, unknown>)[jsonKey] : undefined;
    if (member === undefined) fail(`the secret's JSON value has no key ${JSON.stringify(jsonKey)}.`);
    return typeof member === "string" ? member : JSON.stringify(member);
  };
}
