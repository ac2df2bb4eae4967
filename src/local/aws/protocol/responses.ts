// Success and error responses in the wire protocols the local endpoint speaks: awsJson1_0/1_1,
// awsQuery (STS) and ec2Query, and the errors of the REST protocols (restJson1, restXml). Error shapes follow what AWS returns, so SDKs and the CLI parse the
// error code and message.
import type { LocalResponse } from "../../http/http-types.js";
import type { AwsProtocol } from "../aws-service.js";
import type { AwsError } from "./aws-error.js";
import { XML_DECLARATION, xmlElement, xmlText } from "./xml.js";

const XML_CONTENT_TYPE = "text/xml";

export function jsonResult(contentType: string, body: unknown, requestId: string): LocalResponse {
  return {
    status: 200,
    headers: { "content-type": contentType, "x-amzn-requestid": requestId },
    body: JSON.stringify(body),
  };
}

export function jsonError(
  protocol: Extract<AwsProtocol, { kind: "json" }>,
  error: AwsError,
  requestId: string,
): LocalResponse {
  const namespace = error.namespace ?? protocol.errorNamespace;
  const type = namespace === "" ? error.code : `${namespace}#${error.code}`;
  return {
    status: error.status,
    headers: {
      "content-type": protocol.contentType,
      "x-amzn-requestid": requestId,
      "x-amzn-errortype": error.code,
    },
    body: JSON.stringify({ __type: type, message: error.message }),
  };
}

/** `<{Operation}Response><{Operation}Result>…</…Result><ResponseMetadata>…` as awsQuery services answer. */
export function queryResult(
  xmlns: string,
  operation: string,
  resultXml: string,
  requestId: string,
): LocalResponse {
  const inner =
    xmlElement(`${operation}Result`, resultXml) +
    xmlElement("ResponseMetadata", xmlText("RequestId", requestId));
  return {
    status: 200,
    headers: { "content-type": XML_CONTENT_TYPE, "x-amzn-requestid": requestId },
    body: XML_DECLARATION + xmlElement(`${operation}Response`, inner, xmlns),
  };
}

export function queryError(xmlns: string, error: AwsError, requestId: string): LocalResponse {
  const detail =
    xmlText("Type", error.fault) + xmlText("Code", error.code) + xmlText("Message", error.message);
  return {
    status: error.status,
    headers: { "content-type": XML_CONTENT_TYPE, "x-amzn-requestid": requestId },
    body:
      XML_DECLARATION +
      xmlElement("ErrorResponse", xmlElement("Error", detail) + xmlText("RequestId", requestId), xmlns),
  };
}

/** EC2 answers without a Result wrapper: `<{Operation}Response><requestId/>…members…`. */
export function ec2Result(
  xmlns: string,
  operation: string,
  membersXml: string,
  requestId: string,
): LocalResponse {
  return {
    status: 200,
    headers: { "content-type": XML_CONTENT_TYPE },
    body:
      XML_DECLARATION +
      xmlElement(`${operation}Response`, xmlText("requestId", requestId) + membersXml, xmlns),
  };
}

export function ec2Error(error: AwsError, requestId: string): LocalResponse {
  const detail = xmlText("Code", error.code) + xmlText("Message", error.message);
  return {
    status: error.status,
    headers: { "content-type": XML_CONTENT_TYPE },
    body:
      XML_DECLARATION +
      xmlElement(
        "Response",
        xmlElement("Errors", xmlElement("Error", detail)) + xmlText("RequestID", requestId),
      ),
  };
}

export function errorResponse(protocol: AwsProtocol, error: AwsError, requestId: string): LocalResponse {
  switch (protocol.kind) {
    case "json":
      return jsonError(protocol, error, requestId);
    case "query":
      return queryError(protocol.xmlns, error, requestId);
    case "ec2":
      return ec2Error(error, requestId);
    case "rest-json":
      return restJsonError(error, requestId);
    case "rest-xml":
      return restXmlError(error, requestId);
  }
}

/** REST-XML errors: `<Error><Code/><Message/><RequestId/></Error>`, as S3 answers. */
export function restXmlError(error: AwsError, requestId: string): LocalResponse {
  return {
    status: error.status,
    headers: { "content-type": "application/xml", "x-amz-request-id": requestId },
    body:
      XML_DECLARATION +
      xmlElement(
        "Error",
        xmlText("Code", error.code) + xmlText("Message", error.message) + xmlText("RequestId", requestId),
      ),
  };
}

/** REST-JSON errors: `{ "message": ... }` with the code in `x-amzn-ErrorType`, as Lambda answers. */
export function restJsonError(error: AwsError, requestId: string): LocalResponse {
  return {
    status: error.status,
    headers: {
      "content-type": "application/json",
      "x-amzn-errortype": error.code,
      "x-amzn-requestid": requestId,
    },
    body: JSON.stringify({ Type: error.fault === "Sender" ? "User" : "Service", message: error.message }),
  };
}
