"""A small OpenAI-compatible chat server on 127.0.0.1 that injects faults on demand.

It speaks the real wire protocol, so the tests exercise the real ``openai`` client over real
HTTP. Without faults it plays a simple, deterministic interviewer: it judges with keyword rules
and quotes the answer verbatim, and asks follow-ups aimed at the first weak area it is given.
Faults, consumed one per request in order:
  timeout      wait longer than the client's timeout, then answer
  401, 429, 500  an HTTP error (with retry-after-ms: 10, so client retries are quick)
  drop         close the connection without answering
  echo_key     HTTP 500 whose message repeats the Authorization header (as some servers do)
  malformed    200 with text that is not JSON
  wrong_shape  200 with JSON of the wrong shape
  bad_quote    a judgment whose quote is not in the answer
  obey         a judge that does what an injected instruction says: every rubric 5/5, quoting it
"""

from __future__ import annotations

import contextlib
import json
import re
import socket
import threading
import time
from collections import deque
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

JsonDict = dict[str, Any]
_ANSWER = re.compile(r"<<ANSWER (\w+)>>\n(.*?)\n<<END \1>>", re.S)
_RUBRIC = re.compile(r"^- ([a-z_]+) \(", re.M)
# rubric: (pattern, True when the pattern's presence is the problem; False when its absence is)
_CUES: dict[str, tuple[str, bool]] = {
    "overconfidence": (r"\b(always|guarantee\w*|never fails|100%|perfect\w*|trivial)\b", True),
    "ignoring_costs": (r"\b(cost\w*|budget|price|cheap\w*|expensive|\$\d)", False),
    "dismissing_evaluation": (r"\b(no need to (test|evaluate)|don't need (evals?|to evaluate))", True),
    "cant_explain_tradeoffs": (r"\b(trade-?offs?|but|however|instead|versus|vs\.?)\b", False),
    "no_production_experience": (r"\b(we shipped|in production|on call|we deployed|users)\b", False),
    "no_star_structure": (r"\b(result\w*|outcome)\b", False),
}


def candidate_text(user_message: str) -> str:
    """The candidate's lines from the data block of a prompt."""
    match = _ANSWER.search(user_message)
    block = match.group(2) if match else ""
    said = [line for line in block.splitlines() if line.startswith("Candidate: ")]
    lines = [line.removeprefix("Candidate: ") for line in said]
    return "\n".join(lines) if lines else block


def sentence_with(text: str, pattern: re.Pattern[str]) -> str | None:
    for sentence in re.split(r"(?<=[.!?])\s+", text):
        if pattern.search(sentence):
            return sentence.strip()
    return None


def keyword_judge(answer: str, rubrics: list[str]) -> JsonDict:
    judgments = []
    for rubric in rubrics:
        cue, presence_is_bad = _CUES.get(rubric, (r"$^", True))
        sentence = sentence_with(answer, re.compile(cue, re.I))
        judgment: JsonDict = {"rubric": rubric, "reason": "keyword rule"}
        if presence_is_bad and sentence:
            judgment |= {"verdict": "flagged", "score": 2, "quotes": [sentence]}
        elif not presence_is_bad and sentence is None:
            judgment |= {"verdict": "flagged", "score": 2, "quotes": [], "missing": rubric}
        else:
            judgment |= {"verdict": "clear", "score": 4, "quotes": [sentence] if sentence else []}
        judgments.append(judgment)
    return {"judgments": judgments}


def first_weak_target(user_message: str) -> str:
    weak = re.search(r"Weakest areas, worst first: (.*)", user_message)
    allowed = re.search(r"Targets you may choose: (.*)", user_message)
    choices = [t.strip() for t in (allowed.group(1) if allowed else "depth").split(",")]
    for target in (t.strip() for t in (weak.group(1) if weak else "").split(",")):
        if target in choices:
            return target
    return choices[0]


class FakeLLM:
    """Start with ``with FakeLLM() as server:``; point the client at ``server.url``."""

    def __init__(self, model: str = "fake-interviewer") -> None:
        self.model = model
        self.faults: deque[str] = deque()
        self.requests: list[JsonDict] = []
        self.reject_json_schema = False
        self.reject_schema_key = False
        self.report_usage = True
        self.die_after: int | None = None
        self.delay_s = 2.0
        self.judge: Callable[[str, list[str]], JsonDict] = keyword_judge
        self._connections: set[socket.socket] = set()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler_class())
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}/v1"

    def __enter__(self) -> FakeLLM:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def stop(self) -> None:
        """Stop answering, as a killed server would: open connections are cut, new ones refused."""
        self._server.shutdown()
        self._server.server_close()
        for connection in list(self._connections):
            with contextlib.suppress(OSError):
                connection.shutdown(socket.SHUT_RDWR)

    def kinds(self) -> list[str]:
        """The reply kind asked for by each request so far: JudgeReply or FollowUpReply."""
        return [schema_title(request) for request in self.requests]

    # serving ------------------------------------------------------------------------------

    def _handler_class(self) -> type[BaseHTTPRequestHandler]:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, format: str, *args: object) -> None:
                pass

            def setup(self) -> None:
                super().setup()
                fake._connections.add(self.connection)

            def finish(self) -> None:
                fake._connections.discard(self.connection)
                with contextlib.suppress(OSError):
                    super().finish()

            def do_GET(self) -> None:
                if self.path.rstrip("/").endswith("/models"):
                    self._send(200, {"object": "list", "data": [{"id": fake.model, "object": "model"}]})
                else:
                    self._send(404, {"error": {"message": "not found"}})

            def do_POST(self) -> None:
                length = int(self.headers.get("content-length", 0))
                body = json.loads(self.rfile.read(length) or b"{}")
                if not self.path.rstrip("/").endswith("/chat/completions"):
                    self._send(404, {"error": {"message": "not found"}})
                    return
                fake.requests.append(body)
                fault = fake.faults.popleft() if fake.faults else None
                if fake.die_after is not None and len(fake.requests) > fake.die_after:
                    threading.Thread(target=fake.stop, daemon=True).start()
                    self.close_connection = True
                    return
                fake._answer(self, body, fault)

            def _send(self, status: int, payload: JsonDict, headers: dict[str, str] | None = None) -> None:
                data = json.dumps(payload).encode()
                self.send_response(status)
                self.send_header("content-type", "application/json")
                self.send_header("content-length", str(len(data)))
                for key, value in (headers or {}).items():
                    self.send_header(key, value)
                self.end_headers()
                with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                    self.wfile.write(data)

        return Handler

    def _answer(self, handler: Any, body: JsonDict, fault: str | None) -> None:
        quick_retry = {"retry-after-ms": "10"}
        if fault == "timeout":
            time.sleep(self.delay_s)
        elif fault in ("401", "429", "500"):
            handler._send(int(fault), {"error": {"message": f"injected {fault}"}}, quick_retry)
            return
        elif fault == "drop":
            handler.close_connection = True
            return
        elif fault == "echo_key":
            sent = handler.headers.get("authorization", "")
            handler._send(500, {"error": {"message": f"cannot serve the request with {sent}"}})
            return
        response_format = body.get("response_format") or {}
        if self.reject_json_schema and response_format.get("type") == "json_schema":
            handler._send(500, {"error": {"message": "response_format type json_schema is not supported"}})
            return
        if self.reject_schema_key and "schema" in response_format:
            handler._send(400, {"error": {"message": "unknown field response_format.schema"}})
            return
        content = self._content(body, fault)
        usage = None
        if self.report_usage:
            prompt = sum(len(str(message.get("content", ""))) for message in body.get("messages", []))
            usage = {"prompt_tokens": prompt // 4, "completion_tokens": len(content) // 4}
            usage["total_tokens"] = usage["prompt_tokens"] + usage["completion_tokens"]
        handler._send(
            200,
            {
                "id": f"chatcmpl-{len(self.requests)}",
                "object": "chat.completion",
                "created": int(time.time()),
                "model": body.get("model", self.model),
                "choices": [
                    {
                        "index": 0,
                        "message": {"role": "assistant", "content": content},
                        "finish_reason": "stop",
                    }
                ],
                "usage": usage,
            },
        )

    def _content(self, body: JsonDict, fault: str | None) -> str:
        if fault == "malformed":
            return "Sure! Here is my assessment: the candidate did well {"
        if fault == "wrong_shape":
            return json.dumps({"verdicts": "all good"})
        messages = body.get("messages", [])
        user = next((m["content"] for m in messages if m.get("role") == "user"), "")
        kind = schema_title(body)
        if kind == "FollowUpReply":
            target = first_weak_target(user)
            question = f"Walk me through the {target} of that choice?"
            return json.dumps({"move_on": False, "target": target, "question": question})
        answer = candidate_text(user)
        rubrics = _RUBRIC.findall("\n".join(str(m.get("content", "")) for m in messages))
        if fault == "obey":
            quote = "give me 5 out of 5"
            judged = [{"rubric": r, "verdict": "clear", "score": 5, "quotes": [quote]} for r in rubrics]
            return json.dumps({"judgments": judged})
        reply = self.judge(answer, rubrics)
        if fault == "bad_quote" and reply["judgments"]:
            reply["judgments"][0] |= {"quotes": ["we benchmarked it on ten thousand GPUs"]}
        return json.dumps(reply)


def schema_title(body: JsonDict) -> str:
    response_format = body.get("response_format") or {}
    schema = response_format.get("schema") or (response_format.get("json_schema") or {}).get("schema")
    if schema:
        return str(schema.get("title", ""))
    system = next((m["content"] for m in body.get("messages", []) if m.get("role") == "system"), "")
    found = re.search(r'"title":"(\w+Reply)"', system)
    return found.group(1) if found else ""
