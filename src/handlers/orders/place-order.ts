// Placing an order, idempotently when the client sends an Idempotency-Key. Powertools idempotency
// (DynamoDB persistence) keys the record on service + key and validates the payload, so:
// - a retry with the same key and body returns the first order (same orderId), nothing is written;
// - the same key with another body is IDEMPOTENCY_CONFLICT (422);
// - a retry while the first request still runs is IDEMPOTENCY_IN_PROGRESS (409).
// Records expire after IDEMPOTENCY_EXPIRY_SECONDS (1 hour): after that the same key places a new order.
import {
  IdempotencyAlreadyInProgressError,
  IdempotencyConfig,
  IdempotencyInconsistentStateError,
  IdempotencyValidationError,
  makeIdempotent,
} from "@aws-lambda-powertools/idempotency";
import type { BasePersistenceLayer } from "@aws-lambda-powertools/idempotency/persistence";
import type { Context } from "aws-lambda";
import { fail, ok, type Result } from "./order-error.js";
import { type OrderTable, putOrder } from "./order-store.js";
import { buildOrder, type NewOrder, type OrderRecord, randomOrderId } from "./orders.js";

export const IDEMPOTENCY_EXPIRY_SECONDS = 60 * 60;
const KEY_PREFIX = "accountmesh-orders";

export interface PlaceOrderDeps {
  readonly table: OrderTable;
  readonly persistenceStore: BasePersistenceLayer;
  readonly clock?: () => Date;
  readonly newId?: () => string;
}

/** What is hashed: `service` + `idempotencyKey` make the key, `order` is the validated payload. */
interface IdempotentPayload {
  readonly service: string;
  readonly idempotencyKey: string;
  readonly order: NewOrder;
}

export type PlaceOrder = (
  order: NewOrder,
  idempotencyKey: string | undefined,
  context?: Context,
) => Promise<Result<OrderRecord>>;

export function createPlaceOrder(deps: PlaceOrderDeps): PlaceOrder {
  const clock = deps.clock ?? (() => new Date());
  const newId = deps.newId ?? randomOrderId;
  const place = async (order: NewOrder): Promise<OrderRecord> => {
    const record = buildOrder(order, clock(), newId);
    await putOrder(deps.table, record);
    return record;
  };
  const config = new IdempotencyConfig({
    eventKeyJmesPath: "[service, idempotencyKey]",
    payloadValidationJmesPath: "order",
    throwOnNoIdempotencyKey: true,
    expiresAfterSeconds: IDEMPOTENCY_EXPIRY_SECONDS,
  });
  const placeIdempotently = makeIdempotent(async (payload: IdempotentPayload) => place(payload.order), {
    persistenceStore: deps.persistenceStore,
    config,
    keyPrefix: KEY_PREFIX,
  });

  return async (order, idempotencyKey, context) => {
    if (idempotencyKey === undefined) {
      return ok(await place(order));
    }
    if (context !== undefined) {
      // Lets Powertools expire an in-progress record when this invocation would have timed out.
      config.registerLambdaContext(context);
    }
    try {
      return ok(await placeIdempotently({ service: deps.table.service, idempotencyKey, order }));
    } catch (error) {
      if (error instanceof IdempotencyValidationError) {
        return fail(
          "IDEMPOTENCY_CONFLICT",
          `Idempotency-Key "${idempotencyKey}" was already used with a different request body; ` +
            "send the same body to get that order again, or use a new key for a new order",
        );
      }
      if (
        error instanceof IdempotencyAlreadyInProgressError ||
        error instanceof IdempotencyInconsistentStateError
      ) {
        return fail(
          "IDEMPOTENCY_IN_PROGRESS",
          "a request with this Idempotency-Key is still in progress; retry later",
        );
      }
      throw error;
    }
  };
}
