// Deterministic local credentials: derived from a secret seed (persisted by the runtime), so the same
// role gets the same access key on every start, and an access key id maps back to its principal.
import { createHmac } from "node:crypto";
import { AccountmeshError } from "../../shared/errors.js";
import { rolePrincipal, rootPrincipal } from "./principals.js";
import type { AwsCredentials, Principal } from "./types.js";

const UPPER_ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
const DEFAULT_SESSION = "accountmesh";

export interface IssuedCredentials {
  readonly principal: Principal;
  readonly secretAccessKey: string;
}

export class CredentialRegistry {
  private readonly seed: string;
  private readonly issued = new Map<string, IssuedCredentials>();

  constructor(seed: string) {
    if (typeof seed !== "string" || seed.length < 16) {
      throw new AccountmeshError(
        "IAM_INVALID_CREDENTIAL_SEED",
        `The credential seed must be a string of at least 16 characters; received ${typeof seed === "string" ? `${seed.length} characters` : typeof seed}. Generate one (e.g. randomBytes(32).toString("hex")) and keep it under .accountmesh/.`,
      );
    }
    this.seed = seed;
  }

  /** Credentials of a session of the role (the caller principal of a function's own SDK calls). */
  forRole(roleArn: string, sessionName: string = DEFAULT_SESSION): AwsCredentials {
    return this.issue(rolePrincipal(roleArn, sessionName), `role\u0000${roleArn}\u0000${sessionName}`);
  }

  /** The administrator of an account: its root principal (everything in its own account, unless a resource policy denies). */
  adminFor(account: string): AwsCredentials {
    return this.issue(rootPrincipal(account), `root\u0000${account}`);
  }

  /** The principal and secret behind an access key id issued by this registry. */
  lookup(accessKeyId: string): IssuedCredentials | undefined {
    return this.issued.get(accessKeyId);
  }

  private issue(principal: Principal, identity: string): AwsCredentials {
    const keyBytes = createHmac("sha256", this.seed).update(`access-key\u0000${identity}`).digest();
    let accessKeyId = "AKIA";
    for (let i = 0; i < 16; i++) accessKeyId += UPPER_ALNUM[(keyBytes[i] ?? 0) % UPPER_ALNUM.length];
    const secretBytes = createHmac("sha256", this.seed).update(`secret\u0000${identity}`).digest();
    const secretAccessKey = secretBytes.subarray(0, 30).toString("base64");
    if (!this.issued.has(accessKeyId))
      this.issued.set(accessKeyId, Object.freeze({ principal, secretAccessKey }));
    return Object.freeze({ accessKeyId, secretAccessKey });
  }
}
