/**
 * The program a Python function process runs (written to `<workDir>/runtime/bootstrap.py`; embedded here
 * because lib/ is a single esbuild bundle). It plays Lambda's Python runtime interface client: imports
 * the handler module (`src/app.run` → module `src.app`) with the code directory first on sys.path, calls
 * `handler(event, context)`, and answers JSON. Errors take AWS's shape `{errorMessage, errorType,
 * requestId, stackTrace}`; import failures are `Runtime.ImportModuleError`, `Runtime.UserCodeSyntaxError`,
 * `Runtime.MalformedHandlerName`, `Runtime.HandlerNotFound`. The root logger gets Lambda's handler
 * (`[LEVEL]\t<time>\t<request id>\t<message>`); print() output is captured line by line.
 *
 * Same protocol as the Node.js bootstrap (JSON lines over fd 3; a flush marker on stdout/stderr before
 * each result).
 */

export const PYTHON_BOOTSTRAP_SOURCE = String.raw`
import decimal
import importlib
import json
import logging
import os
import sys
import threading
import time
import traceback

CHANNEL = 3
os.set_inheritable(CHANNEL, False)
_lock = threading.Lock()
_state = {'request_id': ''}
BOOTSTRAP_FILE = os.path.abspath(__file__)


def send(message):
    data = (json.dumps(message) + '\n').encode('utf-8')
    with _lock:
        view = memoryview(data)
        while view:
            written = os.write(CHANNEL, view)
            view = view[written:]


def read_messages():
    reader = os.fdopen(CHANNEL, 'rb', closefd=False)
    for line in reader:
        line = line.strip()
        if line:
            yield json.loads(line)


class _RequestIdFilter(logging.Filter):
    def filter(self, record):
        record.aws_request_id = _state['request_id']
        return True


class _ChannelHandler(logging.Handler):
    def emit(self, record):
        try:
            send({'t': 'log', 'line': self.format(record)})
        except Exception:
            self.handleError(record)


def setup_logging():
    formatter = logging.Formatter(
        '[%(levelname)s]\t%(asctime)s.%(msecs)03dZ\t%(aws_request_id)s\t%(message)s', '%Y-%m-%dT%H:%M:%S'
    )
    formatter.converter = time.gmtime
    handler = _ChannelHandler()
    handler.setFormatter(formatter)
    handler.addFilter(_RequestIdFilter())
    logging.getLogger().addHandler(handler)


def setup_streams():
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.reconfigure(encoding='utf-8', errors='backslashreplace', line_buffering=True)
        except Exception:
            pass


class FaultError(Exception):
    def __init__(self, error_type, message, trace=None):
        super().__init__(message)
        self.error_type = error_type
        self.message = message
        self.trace = trace or []


def user_frames(tb):
    frames = [f for f in traceback.extract_tb(tb) if os.path.abspath(f.filename) != BOOTSTRAP_FILE]
    return traceback.format_list(frames)


def load_handler(handler_name):
    try:
        module_name, function_name = handler_name.rsplit('.', 1)
    except ValueError as e:
        raise FaultError('Runtime.MalformedHandlerName', "Bad handler '%s': %s" % (handler_name, e))
    try:
        if module_name.split('.')[0] in sys.builtin_module_names:
            raise FaultError(
                'Runtime.BuiltInModuleConflict', 'Cannot use built-in module %s as a handler module' % module_name
            )
        module = importlib.import_module(module_name.replace('/', '.'))
    except ImportError as e:
        raise FaultError('Runtime.ImportModuleError', "Unable to import module '%s': %s" % (module_name, e))
    except SyntaxError as e:
        trace = ['  File "%s" Line %s\n    %s' % (e.filename, e.lineno, e.text)]
        raise FaultError('Runtime.UserCodeSyntaxError', "Syntax error in module '%s': %s" % (module_name, e), trace)
    handler = getattr(module, function_name, None)
    if handler is None:
        fault = FaultError(
            'Runtime.HandlerNotFound', "Handler '%s' missing on module '%s'" % (function_name, module_name)
        )

        def missing(event, context):
            raise fault

        return missing
    return handler


class ClientContext(object):
    def __init__(self, data):
        data = data or {}
        self.client = data.get('client')
        self.custom = data.get('custom')
        self.env = data.get('env')


class LambdaContext(object):
    def __init__(self, message):
        self.function_name = os.environ.get('AWS_LAMBDA_FUNCTION_NAME')
        self.function_version = os.environ.get('AWS_LAMBDA_FUNCTION_VERSION')
        self.invoked_function_arn = message.get('invokedFunctionArn')
        self.memory_limit_in_mb = os.environ.get('AWS_LAMBDA_FUNCTION_MEMORY_SIZE')
        self.aws_request_id = message['id']
        self.log_group_name = os.environ.get('AWS_LAMBDA_LOG_GROUP_NAME')
        self.log_stream_name = os.environ.get('AWS_LAMBDA_LOG_STREAM_NAME')
        self.identity = None
        client_context = message.get('clientContext')
        self.client_context = ClientContext(client_context) if client_context is not None else None
        self._deadline = message['deadline']

    def get_remaining_time_in_millis(self):
        return max(int(self._deadline - time.time() * 1000), 0)


def to_json(value):
    def default(obj):
        if isinstance(obj, decimal.Decimal):
            return int(obj) if obj == obj.to_integral_value() else float(obj)
        raise TypeError('Object of type %s is not JSON serializable' % type(obj).__name__)

    return json.dumps(value, default=default)


def max_rss_kb():
    try:
        import resource

        rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        return rss // 1024 if sys.platform == 'darwin' else rss
    except Exception:
        return None


def flush_output(marker):
    for stream in (sys.__stdout__, sys.__stderr__):
        try:
            stream.flush()
            stream.write(marker)
            stream.flush()
        except Exception:
            pass


def log_error(error):
    lines = ['[ERROR] %s: %s' % (error['errorType'], error['errorMessage'])]
    lines.append('Traceback (most recent call last):')
    lines.extend(line.rstrip('\n') for line in error['stackTrace'])
    send({'t': 'log', 'line': '\n'.join(lines)})


def error_payload(e, request_id, trace):
    if isinstance(e, FaultError):
        return {'errorMessage': e.message, 'errorType': e.error_type, 'requestId': request_id, 'stackTrace': e.trace}
    return {'errorMessage': str(e), 'errorType': type(e).__name__, 'requestId': request_id, 'stackTrace': trace}


def invoke(handler, message):
    request_id = message['id']
    _state['request_id'] = request_id
    reply = None
    try:
        event = json.loads(message['event'])
        result = handler(event, LambdaContext(message))
        try:
            reply = {'t': 'result', 'id': request_id, 'payload': to_json(result)}
        except (TypeError, ValueError, OverflowError) as e:
            error = {
                'errorMessage': 'Unable to marshal response: %s' % e,
                'errorType': 'Runtime.MarshalError',
                'requestId': request_id,
                'stackTrace': [],
            }
            log_error(error)
            reply = {'t': 'error', 'id': request_id, 'error': error}
    except Exception as e:
        error = error_payload(e, request_id, user_frames(e.__traceback__))
        log_error(error)
        reply = {'t': 'error', 'id': request_id, 'error': error}
    flush_output(message['flush'])
    reply['maxRssKb'] = max_rss_kb()
    send(reply)


def main():
    task_root = os.environ['LAMBDA_TASK_ROOT']
    boot_dir = os.path.dirname(BOOTSTRAP_FILE)
    sys.path[:] = [p for p in sys.path if os.path.abspath(p or os.curdir) != boot_dir]
    sys.path.insert(0, task_root)
    sys.pycache_prefix = os.path.join(boot_dir, 'pycache')
    setup_streams()
    setup_logging()
    try:
        handler = load_handler(os.environ.get('_HANDLER', ''))
    except Exception as e:
        error = error_payload(e, '', user_frames(e.__traceback__))
        log_error(error)
        send({'t': 'initError', 'error': error})
        return
    send({'t': 'ready'})
    for message in read_messages():
        if message.get('t') == 'invoke':
            invoke(handler, message)


if __name__ == '__main__':
    main()
`;
