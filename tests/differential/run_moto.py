"""Runs ASL definitions with moto's Step Functions interpreter, for the
differential test (tests/differential.rs).

moto carries LocalStack's ASL interpreter with JSONata query mode, but its
JSONata hook is empty and it has no `http:invoke` integration. This script
fills both and makes time virtual:

* JSONata: every expression goes to one long-lived node process running the
  reference jsonata@2.0.6 (jsonata_server.js), one JSON line each way.
* Variable inlining: moto inlines string variables as `"…"` without escaping;
  they are encoded with json.dumps instead, so a quote in a value survives.
* `arn:aws:states:::http:invoke`: served from the test's mocks (the format of
  `aslc run --mocks`), keyed `METHOD endpoint /path?query`, responses consumed
  in order with the last repeating. A 2xx response is the task's result
  `{StatusCode, StatusText, Headers, ResponseBody}` (body `""` when the mock
  has none); another status fails the task with
  `States.Http.StatusCode.<status>` and that object as JSON in the cause;
  `{"error": name}` fails it with `name`, as `aslc run` does.
* `arn:aws:states:::events:putEvents[.waitForTaskToken]` (`emit`): moto's
  own EventBridge task, with the event answered from the mocks instead of
  sent, keyed `emit BUS DETAIL-TYPE`. A waiting one checks that the detail
  carries the task token moto generated as `taskToken`, then answers it the
  way the receiver would, through moto's callback endpoint:
  `{"answer": v}` is SendTaskSuccess, `{"error", "cause"}` SendTaskFailure,
  and `{"never": true}` no answer at all; the callback and heartbeat waits
  return at once, so "never" times out (or misses its heartbeat) without
  the real wait. An `emit` that does not wait needs no mock; `{"error"}`
  fails its put.
* Error names: moto refuses `States.`-prefixed names it does not know, but
  the HTTP task's errors are `States.Http.StatusCode.<status>` and
  `States.Http.Socket`; they are accepted as ordinary names.
* A failed response is answered after 200 ms of real time, so that threads
  running sibling branches make their first calls before a failure cancels
  them, as they all happen at time 0.
* `arn:aws:states:::states:startExecution.sync:2` (`run`): a `run <name>`
  mock answers (`{"output": …}` or `{"error", "cause"}`); otherwise the
  used workflow, created as a state machine of its own before its caller
  (whose `${…StateMachineArn}` is replaced by the created ARN), runs as a
  child execution in the same backend, its calls answered by the same
  mocks. The result is the child's description with `Output` as JSON; a
  child that does not succeed fails the task with `States.TaskFailed` and
  the description, with its `Error` and `Cause`, as JSON in the cause.
  (moto's own integration would call the Step Functions API over boto,
  which this script does not serve.)
* Retry intervals and Wait states return at once: the harness compares
  status, output, error, cause and calls, not elapsed time.

Reads one JSON request on stdin:
  {"flows": [{"definition": {...}, "endpoints": [{"name", "base_url"}],
              "children": [{"name", "arn", "definition", "endpoints", "children"}],
              "cases": [{"name", "input", "mocks"}, ...]}, ...]}
and prints one JSON list per flow, one result per case:
  [[{"status", "output", "error", "cause", "calls": [{"key", "status"}]}, ...], ...]
"""

import http
import json
import logging
import os
import subprocess
import sys
import threading
import time
import urllib.parse

from moto.stepfunctions.parser.api import HistoryEventType, TaskFailedEventDetails
from moto.stepfunctions.parser.asl.component.common.error_name.custom_error_name import (
    CustomErrorName,
)
from moto.stepfunctions.parser.asl.component.common.error_name.error_name import ErrorName
from moto.stepfunctions.parser.asl.component.common.error_name.failure_event import (
    FailureEvent,
)
from moto.stepfunctions.parser.asl.component.common.retry import retrier_decl
from moto.stepfunctions.parser.asl.component.state.exec.state_task import (
    state_task_factory,
)
from moto.stepfunctions.parser.asl.component.state.exec.state_task.service.resource import (
    ResourceCondition,
)
from moto.stepfunctions.parser.asl.component.state.exec.state_task.service.state_task_service_callback import (
    StateTaskServiceCallback,
)
from moto.stepfunctions.parser.asl.component.state.exec.state_task.service.state_task_service_events import (
    StateTaskServiceEvents,
)
from moto.stepfunctions.parser.asl.eval.callback.callback import (
    CallbackEndpoint,
    CallbackOutcomeFailure,
    CallbackOutcomeSuccess,
    HeartbeatTimedOut,
)
from moto.stepfunctions.parser.asl.component.state.wait.wait_function.wait_function import (
    WaitFunction,
)
from moto.stepfunctions.parser.asl.eval import states as eval_states
from moto.stepfunctions.parser.asl.eval import variable_store
from moto.stepfunctions.parser.asl.eval.event.event_detail import EventDetails
from moto.stepfunctions.parser.asl.jsonata import jsonata as moto_jsonata
from moto.stepfunctions.parser.asl.utils.encoding import to_json_str
from moto.stepfunctions.parser.models import stepfunctions_parser_backends

HERE = os.path.dirname(os.path.abspath(__file__))
ACCOUNT, REGION = "123456789012", "us-east-1"


class JsonataProcess:
    """The reference JSONata in a node process; one request at a time, since
    Map and Parallel evaluate on several threads."""

    def __init__(self):
        self.lock = threading.Lock()
        self.node = subprocess.Popen(
            ["node", os.path.join(HERE, "jsonata_server.js")],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )

    def evaluate(self, expression):
        with self.lock:
            self.node.stdin.write(json.dumps({"expr": expression}) + "\n")
            self.node.stdin.flush()
            reply = json.loads(self.node.stdout.readline())
        if "error" in reply:
            raise moto_jsonata.JSONataException(reply.get("code") or "UNKNOWN", reply["error"])
        return reply.get("value")


def encode_declarations(bindings):
    """moto's own encoding, but with strings escaped."""

    def literal(value):
        if isinstance(value, str):
            return json.dumps(value)
        return to_json_str(value, separators=(",", ":"))

    return "".join(f"{name}:={literal(value)};" for name, value in bindings.items())


class HttpFailure(Exception):
    def __init__(self, error, cause):
        super().__init__(error)
        self.error, self.cause = error, cause


class Mocks:
    """The current case's mocks and the calls made against them."""

    def __init__(self):
        self.lock = threading.Lock()
        self.reset({}, [])

    def reset(self, responses, endpoints):
        self.responses = {key: list(value) for key, value in responses.items()}
        self.endpoints = sorted(endpoints, key=lambda e: -len(e["base_url"]))
        self.used = {}
        self.calls = []

    def key_of(self, parameters):
        url = parameters["ApiEndpoint"]
        for endpoint in self.endpoints:
            base = endpoint["base_url"].rstrip("/")
            if url == base or url.startswith(base + "/"):
                path = urllib.parse.unquote(url[len(base):]) or "/"
                break
        else:
            raise HttpFailure("Harness.UnknownEndpoint", url)
        query = parameters.get("QueryParameters") or {}
        if query:
            path += "?" + "&".join(f"{k}={v}" for k, v in query.items())
        return f"{parameters['Method']} {endpoint['name']} {path}"

    def respond(self, key):
        with self.lock:
            responses = self.responses.get(key)
            if not responses:
                self.calls.append({"key": key, "status": None})
                known = ", ".join(sorted(self.responses))
                raise HttpFailure("Harness.MissingMock", f"no mock for {key}; mocks: {known}")
            index = self.used.get(key, 0)
            self.used[key] = index + 1
            response = responses[min(index, len(responses) - 1)]
            self.calls.append({"key": key, "status": response.get("status")})
            return response

    def respond_event(self, key, waits):
        """The mock of an `emit`; `{}` for one that does not wait and has none."""
        with self.lock:
            if not waits and not self.responses.get(key):
                self.calls.append({"key": key, "status": None})
                return {}
        return self.respond(key)


MOCKS = Mocks()
FAILURE_LATENCY_SECONDS = 0.2


class HttpInvoke(StateTaskServiceCallback):
    """`arn:aws:states:::http:invoke`, answered from MOCKS."""

    _PARAMETERS = {
        "ApiEndpoint",
        "Method",
        "Headers",
        "QueryParameters",
        "RequestBody",
        "InvocationConfig",
        "Authentication",
        "Transform",
    }

    def __init__(self):
        super().__init__(supported_integration_patterns={ResourceCondition.WaitForTaskToken})

    def _get_supported_parameters(self):
        return self._PARAMETERS if self.resource.api_action.lower() == "invoke" else None

    def _eval_service_task(self, env, resource_runtime_part, normalised_parameters, state_credentials):
        response = MOCKS.respond(MOCKS.key_of(normalised_parameters))
        failed = "error" in response or not 200 <= int(response.get("status", 200)) < 300
        if failed:
            # Branches of a Parallel (and Map items) start together; in
            # virtual time every sibling's first call happens at t=0, before
            # any failure can cancel it. moto runs them on threads, so a
            # failure answered at once could win that race.
            time.sleep(FAILURE_LATENCY_SECONDS)
        if "error" in response:
            raise HttpFailure(response["error"], f"mocked transport failure: {response['error']}")
        status = int(response.get("status", 200))
        result = {
            "StatusCode": status,
            "StatusText": http.HTTPStatus(status).phrase,
            "Headers": response.get("headers", {}),
            "ResponseBody": response.get("body", ""),
        }
        if not 200 <= status < 300:
            raise HttpFailure(f"States.Http.StatusCode.{status}", json.dumps(result, separators=(",", ":")))
        env.stack.append(result)

    def _from_error(self, env, ex):
        if not isinstance(ex, HttpFailure):
            return super()._from_error(env=env, ex=ex)
        return FailureEvent(
            env=env,
            error_name=CustomErrorName(ex.error),
            event_type=HistoryEventType.TaskFailed,
            event_details=EventDetails(
                taskFailedEventDetails=TaskFailedEventDetails(
                    error=ex.error,
                    cause=ex.cause,
                    resource=self._get_sfn_resource(),
                    resourceType=self._get_sfn_resource_type(),
                )
            ),
        )


class PutEvents(StateTaskServiceEvents):
    """`arn:aws:states:::events:putEvents`, the event answered from MOCKS."""

    def _eval_service_task(self, env, resource_runtime_part, normalised_parameters, state_credentials):
        self._normalised_request_parameters(env=env, parameters=normalised_parameters)
        entry = normalised_parameters["Entries"][0]
        key = f"emit {entry.get('EventBusName', 'default')} {entry.get('DetailType')}"
        waits = self.resource.condition == ResourceCondition.WaitForTaskToken
        response = MOCKS.respond_event(key, waits)
        error = response.get("error")
        cause = response.get("cause", f"mocked failure: {error}")
        if not waits:
            if error is not None:
                time.sleep(FAILURE_LATENCY_SECONDS)
                raise HttpFailure(error, cause)
        else:
            token = env.states.context_object.context_object_data["Task"]["Token"]
            if json.loads(entry.get("Detail", "{}")).get("taskToken") != token:
                raise HttpFailure("Harness.NoTaskToken", f"the detail of {key} lacks the task token")
            endpoint = env.callback_pool_manager.get(token)
            if "answer" in response:
                output = json.dumps(response["answer"])
                endpoint.notify(CallbackOutcomeSuccess(callback_id=token, output=output))
            elif error is not None:
                time.sleep(FAILURE_LATENCY_SECONDS)
                endpoint.notify(CallbackOutcomeFailure(callback_id=token, error=error, cause=cause))
            # `never`: nobody answers.
        env.stack.append({"Entries": [{"EventId": "harness"}], "FailedEntryCount": 0})

    def _from_error(self, env, ex):
        if not isinstance(ex, HttpFailure):
            return super()._from_error(env=env, ex=ex)
        return HttpInvoke._from_error(self, env, ex)


# The state machines `run` starts, by the `StateMachineArn` the caller's
# definition writes: (moto ARN, name). Set by run_flow.
CHILDREN = {}
BACKEND = None


class StartExecutionSync(HttpInvoke):
    """`arn:aws:states:::states:startExecution.sync:2`: a `run <name>` mock,
    or the used workflow's own definition run as a child execution in this
    backend; a child that does not succeed is `States.TaskFailed`."""

    def __init__(self):
        StateTaskServiceCallback.__init__(
            self,
            supported_integration_patterns={ResourceCondition.WaitForTaskToken, ResourceCondition.Sync2},
        )

    def _eval_wait_for_task_token(self, env, timeout_seconds, callback_endpoint, heartbeat_endpoint):
        # moto also listens for a task token beside `.sync:2`; the emit
        # hooks make that wait return at once, which would read as a
        # timeout. A `run` never gets a token: nothing comes this way.
        return None

    def _get_supported_parameters(self):
        if self.resource.api_action.lower() == "startexecution":
            return {"StateMachineArn", "Input", "Name"}
        return None

    def _eval_service_task(self, env, resource_runtime_part, normalised_parameters, state_credentials):
        def field(name):
            value = normalised_parameters.get(name)
            if value is None:
                value = normalised_parameters.get(name[0].lower() + name[1:])
            return value

        arn = field("StateMachineArn") or ""
        child_input = field("Input")
        if isinstance(child_input, str):
            child_input = json.loads(child_input)
        machine_arn, name = CHILDREN.get(arn, (None, arn.split(":stateMachine:")[-1].split(":")[0]))
        key = f"run {name}"
        with MOCKS.lock:
            mocked = MOCKS.responses.get(key)
            index = MOCKS.used.get(key, 0)
            if mocked:
                MOCKS.used[key] = index + 1
        description = {"StateMachineArn": arn, "Input": child_input}
        if mocked:
            result = mocked[min(index, len(mocked) - 1)]
            status = "SUCCEEDED" if "output" in result else "FAILED"
            output, error, cause = result.get("output"), result.get("error"), result.get("cause", "")
        elif machine_arn is not None:
            execution = BACKEND.start_execution(
                machine_arn, name=f"child-{time.monotonic_ns()}", execution_input=json.dumps(child_input)
            )
            deadline = time.monotonic() + 60
            while True:
                described = BACKEND.describe_execution(execution.exec_arn).to_describe_output()
                if described["status"] != "RUNNING" or time.monotonic() > deadline:
                    break
                time.sleep(0.005)
            status = getattr(described["status"], "value", described["status"])
            raw = described.get("output")
            output = json.loads(raw) if raw is not None else None
            error, cause = described.get("error"), described.get("cause") or ""
        else:
            MOCKS.calls.append({"key": key, "status": None})
            raise HttpFailure("Harness.MissingMock", f"no mock or child for {key}")
        MOCKS.calls.append({"key": key, "status": None})
        description["Status"] = status
        if status != "SUCCEEDED":
            description.update({"Error": error, "Cause": cause})
            raise HttpFailure("States.TaskFailed", json.dumps(description, separators=(",", ":")))
        description["Output"] = output
        env.stack.append(description)

    def _build_sync2_resolver(self, env, resource_runtime_part, normalised_parameters, state_credentials):
        finished = env.stack.pop()
        return lambda: finished


def install_hooks():
    node = JsonataProcess()
    moto_jsonata._eval_jsonata = node.evaluate
    eval_states.encode_jsonata_variable_declarations = encode_declarations
    variable_store.encode_jsonata_variable_declarations = encode_declarations
    original_factory = state_task_factory.state_task_service_for
    services = {"http": HttpInvoke, "events": PutEvents, "states": StartExecutionSync}
    state_task_factory.state_task_service_for = lambda service_name: (
        services[service_name]() if service_name in services else original_factory(service_name)
    )
    # A task token's answer is given before the task waits for it, so the
    # waits return at once: with no answer, the timeout or heartbeat is up.
    CallbackEndpoint.wait = lambda self, timeout=None: self._outcome
    StateTaskServiceCallback._wait_for_task_token_heartbeat = (
        lambda self, env, callback_endpoint, heartbeat_endpoint: callback_endpoint.get_outcome()
        or HeartbeatTimedOut()
    )

    class InstantTime:
        @staticmethod
        def sleep(seconds):
            pass

    retrier_decl.time = InstantTime
    # The HTTP task raises (and definitions catch) `States.Http.*` names,
    # which moto refuses as custom names; let them through.
    CustomErrorName.__init__ = ErrorName.__init__
    WaitFunction._wait_interval = lambda self, env, wait_seconds: None


def run_case(backend, machine_arn, name, case, endpoints):
    MOCKS.reset(case.get("mocks", {}), endpoints)
    execution = backend.start_execution(
        machine_arn, name=f"case-{name}", execution_input=json.dumps(case.get("input"))
    )
    arn = execution.exec_arn
    deadline = time.monotonic() + 60
    while True:
        described = backend.describe_execution(arn).to_describe_output()
        if described["status"] != "RUNNING" or time.monotonic() > deadline:
            break
        time.sleep(0.005)
    output = described.get("output")
    status = described["status"]
    return {
        "status": getattr(status, "value", status),
        "output": json.loads(output) if output is not None else None,
        "error": described.get("error"),
        "cause": described.get("cause"),
        "calls": list(MOCKS.calls),
    }


def create_machine(backend, name, flow, endpoints):
    """Creates the flow's state machine, after those of the children it
    runs (their `${…}` ARNs replaced by the created ones); collects every
    endpoint the calls may use."""
    text = json.dumps(flow["definition"])
    endpoints.extend(flow["endpoints"])
    for child in flow.get("children", []):
        created = create_machine(backend, f"{name}-{child['name']}", child, endpoints)
        CHILDREN[created.arn] = (created.arn, child["name"])
        text = text.replace(json.dumps(child["arn"]), json.dumps(created.arn))
    return backend.create_state_machine(
        name=name, definition=text, roleArn=f"arn:aws:iam::{ACCOUNT}:role/differential"
    )


def run_flow(backend, number, flow):
    endpoints = []
    machine = create_machine(backend, f"flow-{number}", flow, endpoints)
    return [
        run_case(backend, machine.arn, f"{number}-{index}", case, endpoints)
        for index, case in enumerate(flow["cases"])
    ]


def main():
    # moto logs every failure event with the whole state; the result says enough.
    logging.disable(logging.CRITICAL)
    request = json.load(sys.stdin)
    install_hooks()
    global BACKEND
    backend = stepfunctions_parser_backends[ACCOUNT][REGION]
    BACKEND = backend
    started = time.monotonic()
    results = [run_flow(backend, number, flow) for number, flow in enumerate(request["flows"])]
    cases = sum(len(flow) for flow in results)
    print(f"moto: {cases} cases in {time.monotonic() - started:.2f}s", file=sys.stderr)
    json.dump(results, sys.stdout)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
