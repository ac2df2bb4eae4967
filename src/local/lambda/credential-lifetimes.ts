// How long each execution environment's credentials last. Lambda hands an environment temporary
// credentials of its execution role that outlive it; locally an environment can stay warm for days,
// so the pool retires one whose credentials would expire during an invocation and starts a new one
// (with a new session) in its place.

/** An environment is retired when its credentials would expire within its timeout plus this margin. */
export const CREDENTIALS_MARGIN_MS = 5 * 60_000;

export class CredentialLifetimes<E extends object> {
  /** When each environment's credentials expire (epoch ms); absent: credentials without expiry. */
  readonly #expires = new WeakMap<E, number>();

  /** Remembers the expiry of the credentials `environment` was started with. */
  record(environment: E, expiration: Date | undefined): void {
    if (expiration !== undefined) this.#expires.set(environment, expiration.getTime());
  }

  /** Whether the credentials would expire before an invocation of `timeoutSeconds` plus the margin ends. */
  expiring(environment: E, timeoutSeconds: number, now: number = Date.now()): boolean {
    const expires = this.#expires.get(environment);
    return expires !== undefined && expires - now < timeoutSeconds * 1000 + CREDENTIALS_MARGIN_MS;
  }
}
