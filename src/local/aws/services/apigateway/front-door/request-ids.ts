// Identifiers and timestamps API Gateway stamps on every request.
import { randomUUID } from "node:crypto";
import type { RandomBytesPool } from "../../../../http/random-bytes-pool.js";

export interface RequestIds {
  /** `x-amzn-RequestId`, `requestContext.requestId`: a UUID. */
  readonly requestId: string;
  /** `x-amz-apigw-id`, `requestContext.extendedRequestId`: 16 characters such as `R9NOvE-qIAMECfw=`. */
  readonly extendedRequestId: string;
}

export function newRequestIds(random: RandomBytesPool): RequestIds {
  return { requestId: randomUUID(), extendedRequestId: `${random.base64url(11)}=` };
}

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** `requestContext.requestTime`: CLF format in UTC, e.g. `24/Jan/2023:11:50:18 +0000`. */
export function requestTime(date: Date): string {
  const two = (n: number) => String(n).padStart(2, "0");
  return (
    `${two(date.getUTCDate())}/${MONTHS[date.getUTCMonth()]}/${date.getUTCFullYear()}:` +
    `${two(date.getUTCHours())}:${two(date.getUTCMinutes())}:${two(date.getUTCSeconds())} +0000`
  );
}
