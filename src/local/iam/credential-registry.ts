// Local credentials. Long-term keys (AKIA…) are derived from a secret seed (persisted by the runtime),
// so the same principal gets the same key on every start and a key maps back to its principal.
// Temporary credentials (ASIA… with a session token), as STS issues them for role sessions, carry
// their session in the token (session-token.ts): every call proves its session, and unexpired sessions
// survive a restart on the same data directory.
import { createHmac } from "node:crypto";
import { AccountmeshError } from "../../shared/errors.js";
import { rolePrincipal, rootPrincipal } from "./principals.js";
import { newNonce, openSessionToken, sealSessionToken, sessionKeys } from "./session-token.js";
import type { AwsCredentials, Principal } from "./types.js";

const UPPER_ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
const DEFAULT_SESSION = "accountmesh";

export interface IssuedCredentials {
  readonly principal: Principal;
  readonly secretAccessKey: string;
  /** Temporary credentials only: when the session ends (calls after it fail with ExpiredToken). */
  readonly session?: { readonly expiration: Date };
}

/** Temporary credentials: always a session token and an expiry, as STS returns them. */
export interface SessionCredentials extends AwsCredentials {
  readonly sessionToken: string;
  readonly expiration: Date;
}

export interface SessionRequest {
  /** The role to take on (`arn:aws:iam::<account>:role/<name>`). */
  readonly roleArn: string;
  /** The session name shown in `arn:aws:sts::<account>:assumed-role/<role>/<session>`. */
  readonly sessionName: string;
  /** When the session starts (the clock of the caller). */
  readonly now: Date;
  /** How long it lasts, in seconds (STS allows 900 to 43200; the caller checks the role's limits). */
  readonly durationSeconds: number;
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

  /**
   * Long-term keys (AKIA…, no session token) acting as a session of the role: a local convenience for
   * tests and scripts (AWS gives role sessions temporary credentials only; see `issueSession`).
   */
  forRole(roleArn: string, sessionName: string = DEFAULT_SESSION): AwsCredentials {
    return this.issue(rolePrincipal(roleArn, sessionName), `role\u0000${roleArn}\u0000${sessionName}`);
  }

  /** The administrator of an account: its root principal (everything in its own account, unless a resource policy denies). */
  adminFor(account: string): AwsCredentials {
    return this.issue(rootPrincipal(account), `root\u0000${account}`);
  }

  /**
   * Temporary credentials of a role session, as STS AssumeRole returns them: `ASIA` + 16 characters,
   * a 40-character secret, a session token and the expiry. Every call gives new keys. Throws
   * IAM_INVALID_ROLE_ARN for an ARN that is not a role's.
   */
  issueSession(request: SessionRequest): SessionCredentials {
    rolePrincipal(request.roleArn, request.sessionName); // validates the ARN
    const expiresAt = Math.floor(request.now.getTime() / 1000) + request.durationSeconds;
    const sessionToken = sealSessionToken(this.seed, {
      roleArn: request.roleArn,
      sessionName: request.sessionName,
      expiresAt,
      nonce: newNonce(),
    });
    return Object.freeze({
      ...sessionKeys(this.seed, sessionToken),
      sessionToken,
      expiration: new Date(expiresAt * 1000),
    });
  }

  /**
   * The principal and secret behind an access key id: a long-term key issued by this registry, or a
   * session key (ASIA…) whose `sessionToken` this registry sealed for that very key. Undefined for
   * anything else (unknown key, session key without or with another token). A token sent with a
   * long-term key is the caller's business to refuse (`session` tells them apart).
   */
  lookup(accessKeyId: string, sessionToken?: string): IssuedCredentials | undefined {
    if (!accessKeyId.startsWith("ASIA")) return this.issued.get(accessKeyId);
    if (sessionToken === undefined) return undefined;
    const claims = openSessionToken(this.seed, sessionToken);
    if (claims === undefined) return undefined;
    const keys = sessionKeys(this.seed, sessionToken);
    if (keys.accessKeyId !== accessKeyId) return undefined;
    let principal: Principal;
    try {
      principal = rolePrincipal(claims.roleArn, claims.sessionName);
    } catch {
      return undefined;
    }
    return {
      principal,
      secretAccessKey: keys.secretAccessKey,
      session: { expiration: new Date(claims.expiresAt * 1000) },
    };
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
