// Environment of the orders functions, validated once at cold start. Each function asks only for
// the variables it uses; a missing or malformed one fails the cold start with a message naming it.
import { z } from "zod";

/** Attribute names an item already uses: a service may not be called like one of them. */
const RESERVED_NAMES = new Set(["orderId", "orderDate", "fullName", "orderList", "createdAt"]);

const name = (what: string) =>
  z
    .string({
      error: (issue) => (issue.input === undefined ? `is required (${what})` : `must be a string (${what})`),
    })
    .trim()
    .min(1, { error: `must not be empty (${what})` });

const variables = {
  ORDERS_TABLE_NAME: name("the orders DynamoDB table name"),
  ORDER_DATE_INDEX_NAME: name("the orders table GSI keyed on orderDate, e.g. orderDateIndex"),
  ORDER_LIST_INDEX_NAME: name("the orders table GSI keyed on orderList, e.g. orderListIndex"),
  IDEMPOTENCY_TABLE_NAME: name("the Powertools idempotency DynamoDB table name"),
  MICROSERVICE_TOPIC: name("the service name and body field, e.g. food or beverage").pipe(
    z
      .string()
      .regex(/^[A-Za-z][A-Za-z0-9_-]{0,63}$/, { error: "must be a name like food or beverage" })
      .refine((value) => !RESERVED_NAMES.has(value), {
        error: `must not be one of ${[...RESERVED_NAMES].join(", ")}`,
      }),
  ),
  ORDER_OPTIONS: name("comma-separated options, e.g. pizza,hamburger,salat").transform((value, ctx) => {
    const options = value.split(",").map((option) => option.trim());
    if (options.some((option) => option === "")) {
      ctx.addIssue({ code: "custom", message: `has an empty option in "${value}"` });
    } else if (new Set(options).size !== options.length) {
      ctx.addIssue({ code: "custom", message: `lists an option twice in "${value}"` });
    }
    return options;
  }),
};

const getOrderSchema = z.object({
  ORDERS_TABLE_NAME: variables.ORDERS_TABLE_NAME,
  MICROSERVICE_TOPIC: variables.MICROSERVICE_TOPIC,
});
const getOrdersSchema = getOrderSchema.extend({
  ORDER_DATE_INDEX_NAME: variables.ORDER_DATE_INDEX_NAME,
  ORDER_LIST_INDEX_NAME: variables.ORDER_LIST_INDEX_NAME,
});
const postOrderSchema = getOrderSchema.extend({
  ORDER_OPTIONS: variables.ORDER_OPTIONS,
  IDEMPOTENCY_TABLE_NAME: variables.IDEMPOTENCY_TABLE_NAME,
});

export interface GetOrderConfig {
  readonly tableName: string;
  readonly service: string;
}
export interface GetOrdersConfig extends GetOrderConfig {
  readonly dateIndexName: string;
  readonly listIndexName: string;
}
export interface PostOrderConfig extends GetOrderConfig {
  readonly options: readonly string[];
  readonly idempotencyTableName: string;
}

type Env = Readonly<Record<string, string | undefined>>;

function parse<S extends z.ZodType>(schema: S, env: Env, fn: string): z.output<S> {
  const result = schema.safeParse(env);
  if (!result.success) {
    const problems = result.error.issues.map((issue) => `${issue.path.join(".")} ${issue.message}`);
    throw new Error(`orders ${fn}: invalid environment: ${problems.join("; ")}`);
  }
  return result.data;
}

export function loadGetOrderConfig(env: Env = process.env): GetOrderConfig {
  const vars = parse(getOrderSchema, env, "get-order");
  return { tableName: vars.ORDERS_TABLE_NAME, service: vars.MICROSERVICE_TOPIC };
}

export function loadGetOrdersConfig(env: Env = process.env): GetOrdersConfig {
  const vars = parse(getOrdersSchema, env, "get-orders");
  return {
    tableName: vars.ORDERS_TABLE_NAME,
    service: vars.MICROSERVICE_TOPIC,
    dateIndexName: vars.ORDER_DATE_INDEX_NAME,
    listIndexName: vars.ORDER_LIST_INDEX_NAME,
  };
}

export function loadPostOrderConfig(env: Env = process.env): PostOrderConfig {
  const vars = parse(postOrderSchema, env, "post-order");
  return {
    tableName: vars.ORDERS_TABLE_NAME,
    service: vars.MICROSERVICE_TOPIC,
    options: vars.ORDER_OPTIONS,
    idempotencyTableName: vars.IDEMPOTENCY_TABLE_NAME,
  };
}
