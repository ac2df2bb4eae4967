// Session tokens of the temporary credentials the local STS issues (AssumeRole, functions' execution
// roles). A token carries its session — role, session name, expiry — sealed with an HMAC of the
// credential seed, and the session's access key id and secret are derived from it. So a token proves
// itself on every call, nothing has to be remembered between calls, and unexpired sessions stay valid
// across a restart on the same data directory (the seed is kept there), as they do on AWS.
import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";

const VERSION = 1;
const UPPER_ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

/** What a session token says about its session. */
export interface SessionClaims {
  /** The assumed role (`arn:aws:iam::<account>:role/<path><name>`). */
  readonly roleArn: string;
  /** RoleSessionName: the last part of `arn:aws:sts::<account>:assumed-role/<role>/<session>`. */
  readonly sessionName: string;
  /** When the session ends, in epoch seconds. */
  readonly expiresAt: number;
  /** Random per issue, so every AssumeRole gives new keys, as STS does. */
  readonly nonce: string;
}

/** The keys of a session: `ASIA` + 16 upper-case letters and digits, and a 40-character secret. */
export interface SessionKeys {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
}

/** A new nonce for `SessionClaims.nonce`. */
export function newNonce(): string {
  return randomBytes(9).toString("base64url");
}

/** `<base64url claims>.<base64url HMAC-SHA256(seed, claims)>`. */
export function sealSessionToken(seed: string, claims: SessionClaims): string {
  const payload = Buffer.from(
    JSON.stringify({
      v: VERSION,
      r: claims.roleArn,
      n: claims.sessionName,
      e: claims.expiresAt,
      i: claims.nonce,
    }),
  ).toString("base64url");
  return `${payload}.${mac(seed, payload).toString("base64url")}`;
}

/**
 * The claims of a token this seed sealed, or undefined for anything else (another seed, an edited
 * payload, a truncated token, garbage). Expiry is not checked here: the caller compares `expiresAt`
 * with its clock, because an expired token has its own error on AWS (ExpiredToken).
 */
export function openSessionToken(seed: string, token: string): SessionClaims | undefined {
  const dot = token.indexOf(".");
  if (dot <= 0) return undefined;
  const payload = token.slice(0, dot);
  const given = Buffer.from(token.slice(dot + 1), "base64url");
  const expected = mac(seed, payload);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
  try {
    const json = JSON.parse(Buffer.from(payload, "base64url").toString("utf8")) as Record<string, unknown>;
    const { v, r, n, e, i } = json;
    if (v !== VERSION || typeof r !== "string" || typeof n !== "string") return undefined;
    if (typeof e !== "number" || typeof i !== "string") return undefined;
    return { roleArn: r, sessionName: n, expiresAt: e, nonce: i };
  } catch {
    return undefined;
  }
}

/** The access key id and secret of the session a token seals (derived: nothing is stored). */
export function sessionKeys(seed: string, token: string): SessionKeys {
  const payload = token.slice(0, Math.max(0, token.indexOf(".")));
  const keyBytes = createHmac("sha256", seed).update(`session-access-key\u0000${payload}`).digest();
  let accessKeyId = "ASIA";
  for (let i = 0; i < 16; i++) accessKeyId += UPPER_ALNUM[(keyBytes[i] ?? 0) % UPPER_ALNUM.length];
  const secretBytes = createHmac("sha256", seed).update(`session-secret\u0000${payload}`).digest();
  return { accessKeyId, secretAccessKey: secretBytes.subarray(0, 30).toString("base64") };
}

function mac(seed: string, payload: string): Buffer {
  return createHmac("sha256", seed).update(`session-token\u0000${payload}`).digest();
}
