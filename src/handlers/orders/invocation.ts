// Shared shell of the three orders functions: a Powertools Logger per cold start, request ids on
// every log line, client errors answered (never thrown), unexpected failures logged and rethrown
// (API Gateway then answers 502).
import { Logger } from "@aws-lambda-powertools/logger";
import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from "aws-lambda";
import { errorResponse, STATUS_BY_CODE } from "./http.js";
import type { OrderError } from "./order-error.js";

export function createLogger(service: string): Logger {
  return process.env.POWERTOOLS_SERVICE_NAME
    ? new Logger()
    : new Logger({ serviceName: `orders-${service}` });
}

export type InvocationBody = (
  event: APIGatewayProxyEvent,
  context: Context,
) => Promise<APIGatewayProxyResult | OrderError>;

function isOrderError(value: APIGatewayProxyResult | OrderError): value is OrderError {
  return "code" in value;
}

/** Wraps the work of one invocation: logging context, client-error responses, failure logging. */
export function handleInvocation(
  logger: Logger,
  body: InvocationBody,
): (event: APIGatewayProxyEvent, context: Context) => Promise<APIGatewayProxyResult> {
  return async (event, context) => {
    logger.resetKeys();
    logger.addContext(context);
    logger.appendKeys({
      apiRequestId: event.requestContext?.requestId,
      httpMethod: event.httpMethod,
      resource: event.resource,
    });
    try {
      const outcome = await body(event, context);
      if (isOrderError(outcome)) {
        logger.info("request rejected", {
          code: outcome.code,
          statusCode: STATUS_BY_CODE[outcome.code],
          reason: outcome.message,
        });
        return errorResponse(outcome);
      }
      return outcome;
    } catch (error) {
      if (error instanceof Error) {
        logger.error("request failed unexpectedly", error);
      } else {
        logger.error("request failed unexpectedly", { thrown: String(error) });
      }
      throw error;
    }
  };
}
