// Listing orders, pure part: parse `GET /orders` query parameters (orderDate, limit, nextToken) and
// encode/decode the opaque paging token. A token is base64url(JSON) of the DynamoDB
// LastEvaluatedKey plus the listing mode it belongs to, validated strictly on the way back in.
// It is not signed: a well-formed token for another existing key only moves the page start.
import { z } from "zod";
import { describeReceived, fail, ok, type Result } from "./order-error.js";
import { isCalendarDate, type OrderRecord, parseOrderDate } from "./orders.js";

export const ORDER_LIST_VALUE = "ORDER";
export const DEFAULT_LIMIT = 100;
export const MAX_LIMIT = 1000;
const MAX_TOKEN_CHARS = 1024;

const orderId = z.string().regex(/^[0-9a-f]{32}$/);
const createdAt = z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
const orderDate = z.string().refine(isCalendarDate);

/** LastEvaluatedKey of a Query on orderListIndex (table key + index keys). */
export type AllOrdersKey = { orderId: string; orderList: typeof ORDER_LIST_VALUE; createdAt: string };
/** LastEvaluatedKey of a Query on orderDateIndex. */
export type DateOrdersKey = { orderId: string; orderDate: string; createdAt: string };

const tokenSchema = z.discriminatedUnion("m", [
  z.strictObject({
    v: z.literal(1),
    m: z.literal("all"),
    k: z.strictObject({ orderId, orderList: z.literal(ORDER_LIST_VALUE), createdAt }),
  }),
  z.strictObject({
    v: z.literal(1),
    m: z.literal("date"),
    k: z.strictObject({ orderId, orderDate, createdAt }),
  }),
]);

export type PageToken = z.infer<typeof tokenSchema>;

export type ListRequest =
  | { readonly mode: "all"; readonly limit: number; readonly startKey?: AllOrdersKey }
  | {
      readonly mode: "date";
      readonly orderDate: string;
      readonly limit: number;
      readonly startKey?: DateOrdersKey;
    };

export function encodePageToken(token: PageToken): string {
  return Buffer.from(JSON.stringify(token), "utf8").toString("base64url");
}

export function decodePageToken(raw: string): Result<PageToken> {
  const invalid = fail<PageToken>(
    "INVALID_TOKEN",
    "nextToken is not a token this API issued; pass the X-Next-Token value of the previous page unchanged",
  );
  if (raw.length === 0 || raw.length > MAX_TOKEN_CHARS || !/^[A-Za-z0-9_-]+$/.test(raw)) {
    return invalid;
  }
  const bytes = Buffer.from(raw, "base64url");
  if (bytes.toString("base64url") !== raw) {
    return invalid;
  }
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(bytes));
  } catch {
    return invalid;
  }
  const parsed = tokenSchema.safeParse(json);
  return parsed.success ? ok(parsed.data) : invalid;
}

function parseLimit(raw: string | undefined): Result<number> {
  if (raw === undefined) {
    return ok(DEFAULT_LIMIT);
  }
  if (!/^[1-9]\d{0,3}$/.test(raw) || Number(raw) > MAX_LIMIT) {
    return fail(
      "INVALID_LIMIT",
      `limit must be an integer from 1 to ${MAX_LIMIT}; received ${describeReceived(raw)}`,
    );
  }
  return ok(Number(raw));
}

/**
 * `GET /orders` parameters: `orderDate` selects one day (else all orders), `limit` the page size,
 * `nextToken` the page start. Unknown parameters are ignored.
 */
export function parseListQuery(
  params: Readonly<Record<string, string | undefined>> | null | undefined,
): Result<ListRequest> {
  const query = params ?? {};
  const limit = parseLimit(query.limit);
  if (!limit.ok) {
    return limit;
  }
  let token: PageToken | undefined;
  if (query.nextToken !== undefined) {
    const decoded = decodePageToken(query.nextToken);
    if (!decoded.ok) {
      return decoded;
    }
    token = decoded.value;
  }
  if (query.orderDate === undefined) {
    if (token !== undefined && token.m !== "all") {
      return fail(
        "INVALID_TOKEN",
        `nextToken belongs to the listing for orderDate ${token.k.orderDate}; repeat that orderDate or drop the token`,
      );
    }
    return ok({ mode: "all", limit: limit.value, ...(token ? { startKey: token.k } : {}) });
  }
  const date = parseOrderDate(query.orderDate);
  if (!date.ok) {
    return date;
  }
  if (token !== undefined) {
    if (token.m !== "date") {
      return fail(
        "INVALID_TOKEN",
        "nextToken belongs to the listing of all orders; drop orderDate or drop the token",
      );
    }
    if (token.k.orderDate !== date.value) {
      return fail(
        "INVALID_TOKEN",
        `nextToken belongs to the listing for orderDate ${token.k.orderDate}, not ${date.value}`,
      );
    }
  }
  return ok({
    mode: "date",
    orderDate: date.value,
    limit: limit.value,
    ...(token ? { startKey: token.k } : {}),
  });
}

/** The token for the page that starts after `last` (the last order returned on this page). */
export function nextPageToken(request: ListRequest, last: OrderRecord): string {
  return request.mode === "all"
    ? encodePageToken({
        v: 1,
        m: "all",
        k: { orderId: last.orderId, orderList: ORDER_LIST_VALUE, createdAt: last.createdAt },
      })
    : encodePageToken({
        v: 1,
        m: "date",
        k: { orderId: last.orderId, orderDate: last.orderDate, createdAt: last.createdAt },
      });
}
