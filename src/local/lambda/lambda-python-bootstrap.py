"""The Python runtime of a local Lambda execution environment.

An equivalent of the AWS Lambda Python runtime interface client (awslambdaric), which Lambda's
Python runtimes run: it loads the handler named by _HANDLER (`module.function`, the module path may
use `/`) from the task root, then speaks the Lambda Runtime API at AWS_LAMBDA_RUNTIME_API: it asks
for the next event, calls the handler with the event and a context object carrying Lambda's
attributes, and posts the JSON result or the error document `{errorMessage, errorType, requestId,
stackTrace}`. Logging goes to standard output in Lambda's format. Standard library only; Python 3.8+.
"""

import decimal
import http.client
import importlib
import importlib.abc
import importlib.util
import json
import logging
import os
import socket
import sys
import time
import traceback

API = os.environ["AWS_LAMBDA_RUNTIME_API"]
PREFIX = "/2018-06-01/runtime"
# This file's directory is not the function's: the task root and the layers come first (PYTHONPATH).
if sys.path and os.path.abspath(sys.path[0]) == os.path.dirname(os.path.abspath(__file__)):
    del sys.path[0]


class FaultException(Exception):
    def __init__(self, error_type, message, trace=None):
        super().__init__(message)
        self.error_type = error_type
        self.message = message
        self.trace = trace


class RuntimeClient:
    def __init__(self, address):
        self.connection = http.client.HTTPConnection(address)
        self.connection.connect()
        # Each request is one small write: sent at once, never held back for an acknowledgement.
        self.connection.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def _call(self, method, path, body=None, headers=None):
        self.connection.request(method, PREFIX + path, body=body, headers=headers or {})
        response = self.connection.getresponse()
        return response, response.read()

    def next(self):
        response, body = self._call("GET", "/invocation/next")
        if response.status != 200:
            raise RuntimeError("invocation/next answered %d" % response.status)
        return response.headers, body

    def respond(self, request_id, payload):
        response, body = self._call(
            "POST",
            "/invocation/%s/response" % request_id,
            payload.encode("utf-8"),
            {"Content-Type": "application/json"},
        )
        if response.status == 413:
            sys.stdout.write(body.decode("utf-8", "replace") + "\n")

    def error(self, request_id, error):
        self._call(
            "POST",
            "/invocation/%s/error" % request_id,
            json.dumps(error).encode("utf-8"),
            {"Lambda-Runtime-Function-Error-Type": error["errorType"]},
        )

    def init_error(self, error):
        self._call(
            "POST",
            "/init/error",
            json.dumps(error).encode("utf-8"),
            {"Lambda-Runtime-Function-Error-Type": error["errorType"]},
        )


class CognitoIdentity:
    cognito_identity_id = None
    cognito_identity_pool_id = None


class Client:
    installation_id = None
    app_title = None
    app_version_name = None
    app_version_code = None
    app_package_name = None


class ClientContext:
    client = None
    custom = None
    env = None


def _object_of(cls, values):
    if values is None:
        return None
    obj = cls()
    for key, value in values.items():
        setattr(obj, key, value)
    return obj


class LambdaContext:
    """The context object of Lambda's Python runtimes (awslambdaric's LambdaContext)."""

    def __init__(self, request_id, deadline_ms, function_arn, client_context, cognito_identity):
        self.aws_request_id = request_id
        self.log_group_name = os.environ.get("AWS_LAMBDA_LOG_GROUP_NAME")
        self.log_stream_name = os.environ.get("AWS_LAMBDA_LOG_STREAM_NAME")
        self.function_name = os.environ.get("AWS_LAMBDA_FUNCTION_NAME")
        self.memory_limit_in_mb = os.environ.get("AWS_LAMBDA_FUNCTION_MEMORY_SIZE")
        self.function_version = os.environ.get("AWS_LAMBDA_FUNCTION_VERSION")
        self.invoked_function_arn = function_arn
        self.tenant_id = None
        self.client_context = _object_of(ClientContext, client_context)
        if self.client_context is not None:
            self.client_context.client = _object_of(Client, self.client_context.client)
        self.identity = CognitoIdentity()
        if cognito_identity is not None:
            self.identity.cognito_identity_id = cognito_identity.get("cognitoIdentityId")
            self.identity.cognito_identity_pool_id = cognito_identity.get("cognitoIdentityPoolId")
        self._deadline_ms = deadline_ms

    def get_remaining_time_in_millis(self):
        return max(self._deadline_ms - int(round(time.time() * 1000)), 0)

    def log(self, message):
        sys.stdout.write(str(message))

    def __repr__(self):
        return "LambdaContext([aws_request_id=%s,function_name=%s,invoked_function_arn=%s])" % (
            self.aws_request_id,
            self.function_name,
            self.invoked_function_arn,
        )


REQUEST_ID = ""


class RequestIdFilter(logging.Filter):
    def filter(self, record):
        record.aws_request_id = REQUEST_ID
        return True


class JsonFormatter(logging.Formatter):
    def format(self, record):
        document = {
            "timestamp": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(record.created)),
            "level": record.levelname,
            "message": record.getMessage(),
            "logger": record.name,
            "requestId": getattr(record, "aws_request_id", ""),
        }
        if record.exc_info:
            document["errorType"] = record.exc_info[0].__name__
            document["errorMessage"] = str(record.exc_info[1])
            document["stackTrace"] = traceback.format_tb(record.exc_info[2])
        return json.dumps(document, default=str)


def setup_logging():
    logging.Formatter.converter = time.gmtime
    handler = logging.StreamHandler(sys.stdout)
    if os.environ.get("AWS_LAMBDA_LOG_FORMAT", "").upper() == "JSON":
        handler.setFormatter(JsonFormatter())
    else:
        handler.setFormatter(
            logging.Formatter(
                "[%(levelname)s]\t%(asctime)s.%(msecs)03dZ\t%(aws_request_id)s\t%(message)s",
                "%Y-%m-%dT%H:%M:%S",
            )
        )
    handler.addFilter(RequestIdFilter())
    root = logging.getLogger()
    level = os.environ.get("AWS_LAMBDA_LOG_LEVEL", "").upper()
    if level in logging._nameToLevel:
        root.setLevel(level)
    root.addHandler(handler)


class EndpointUrlFromEnvironment(importlib.abc.MetaPathFinder):
    """botocore older than 1.31 ignores AWS_ENDPOINT_URL (Debian's python3-boto3, for one): its
    clients are given the variable's value, as newer versions read it, so they reach the local
    endpoint and never AWS."""

    def find_spec(self, name, path, target=None):
        if name != "botocore.session":
            return None
        sys.meta_path.remove(self)
        try:
            spec = importlib.util.find_spec(name)
        finally:
            sys.meta_path.insert(0, self)
        if spec is None or spec.loader is None:
            return spec
        execute = spec.loader.exec_module

        def exec_module(module):
            execute(module)
            patch_create_client(module)

        spec.loader.exec_module = exec_module
        return spec


def patch_create_client(module):
    import botocore

    if tuple(int(part) for part in botocore.__version__.split(".")[:2]) >= (1, 31):
        return
    create_client = module.Session.create_client

    def with_endpoint(self, service_name, *args, **kwargs):
        if len(args) < 5 and kwargs.get("endpoint_url") is None:
            variable = "AWS_ENDPOINT_URL_" + service_name.upper().replace("-", "_")
            url = os.environ.get(variable) or os.environ.get("AWS_ENDPOINT_URL")
            if url:
                kwargs["endpoint_url"] = url
        return create_client(self, service_name, *args, **kwargs)

    module.Session.create_client = with_endpoint


def load_handler(handler):
    try:
        module_name, function_name = handler.rsplit(".", 1)
    except ValueError as error:
        raise FaultException("Runtime.MalformedHandlerName", "Bad handler '%s': %s" % (handler, error))
    if module_name.split(".")[0] in sys.builtin_module_names:
        raise FaultException(
            "Runtime.BuiltInModuleConflict",
            "Cannot use built-in module %s as a handler module" % module_name,
        )
    try:
        module = importlib.import_module(module_name.replace("/", "."))
    except ImportError as error:
        raise FaultException(
            "Runtime.ImportModuleError", "Unable to import module '%s': %s" % (module_name, error)
        )
    except SyntaxError as error:
        trace = ['  File "%s" Line %s\n    %s' % (error.filename, error.lineno, error.text)]
        raise FaultException(
            "Runtime.UserCodeSyntaxError", "Syntax error in module '%s': %s" % (module_name, error), trace
        )
    try:
        return getattr(module, function_name)
    except AttributeError:
        raise FaultException(
            "Runtime.HandlerNotFound", "Handler '%s' missing on module '%s'" % (function_name, module_name)
        )


def error_document(error_type, message, stack_trace, request_id=""):
    return {
        "errorMessage": message or "",
        "errorType": error_type or "",
        "requestId": request_id or "",
        "stackTrace": stack_trace or [],
    }


def fault_document(request_id=""):
    error_type, value, tb = sys.exc_info()
    frames = traceback.extract_tb(tb)
    frames = [frame for frame in frames if frame.filename != os.path.abspath(__file__)] or frames
    return error_document(error_type.__name__, str(value), traceback.format_list(frames), request_id)


def log_error(document):
    description = "[ERROR]"
    if document["errorType"]:
        description += " " + document["errorType"] + (":" if document["errorMessage"] else "")
    if document["errorMessage"]:
        description += " " + document["errorMessage"]
    lines = [description]
    if document["stackTrace"]:
        lines.append("Traceback (most recent call last):")
        for element in document["stackTrace"]:
            lines.extend(element.splitlines())
    sys.stdout.write("\n".join(lines) + "\n")


def to_json(value):
    def default(obj):
        if isinstance(obj, decimal.Decimal):
            return int(obj) if obj == obj.to_integral_value() else float(obj)
        raise TypeError("Object of type %s is not JSON serializable" % type(obj).__name__)

    return json.dumps(value, default=default, ensure_ascii=False)


def json_header(headers, name, label):
    value = headers.get(name)
    if not value:
        return None
    try:
        return json.loads(value)
    except ValueError as error:
        raise FaultException("Runtime.LambdaContextUnmarshalError", "Unable to parse %s JSON: %s" % (label, error))


def invoke(client, handler, headers, body):
    global REQUEST_ID
    request_id = headers.get("Lambda-Runtime-Aws-Request-Id", "")
    REQUEST_ID = request_id
    trace_id = headers.get("Lambda-Runtime-Trace-Id")
    if trace_id:
        os.environ["_X_AMZN_TRACE_ID"] = trace_id
    else:
        os.environ.pop("_X_AMZN_TRACE_ID", None)
    try:
        context = LambdaContext(
            request_id,
            int(headers.get("Lambda-Runtime-Deadline-Ms", "0")),
            headers.get("Lambda-Runtime-Invoked-Function-Arn"),
            json_header(headers, "Lambda-Runtime-Client-Context", "Client Context"),
            json_header(headers, "Lambda-Runtime-Cognito-Identity", "Cognito Identity"),
        )
        try:
            event = json.loads(body)
        except ValueError as error:
            raise FaultException("Runtime.UnmarshalError", "Unable to unmarshal input: %s" % error)
        result = handler(event, context)
        try:
            payload = to_json(result)
        except (TypeError, ValueError) as error:
            raise FaultException("Runtime.MarshalError", "Unable to marshal response: %s" % error)
    except FaultException as fault:
        document = error_document(fault.error_type, fault.message, fault.trace, request_id)
    except Exception:
        document = fault_document(request_id)
    else:
        client.respond(request_id, payload)
        return
    log_error(document)
    client.error(request_id, document)


def main():
    sys.meta_path.insert(0, EndpointUrlFromEnvironment())
    setup_logging()
    client = RuntimeClient(API)
    try:
        handler = load_handler(os.environ.get("_HANDLER", ""))
    except FaultException as fault:
        document = error_document(fault.error_type, fault.message, fault.trace)
        log_error(document)
        client.init_error(document)
        sys.exit(1)
    except Exception:
        document = fault_document()
        log_error(document)
        client.init_error(document)
        sys.exit(1)
    while True:
        headers, body = client.next()
        invoke(client, handler, headers, body)


if __name__ == "__main__":
    main()
