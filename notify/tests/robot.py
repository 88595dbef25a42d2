"""A local stand-in for a 钉钉/企业微信 robot: records what it receives, answers as told."""

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class Robot:
    def __init__(self, status=200, answer=None, delay=0.0):
        self.status, self.answer, self.delay = status, answer or {"errcode": 0, "errmsg": "ok"}, delay
        self.received = []
        robot = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                length = int(self.headers.get("Content-Length", 0))
                robot.received.append({"path": self.path, "headers": dict(self.headers),
                                       "json": json.loads(self.rfile.read(length))})
                if robot.delay:
                    threading.Event().wait(robot.delay)
                body = json.dumps(robot.answer).encode()
                self.send_response(robot.status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/robot/send?access_token=test"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()
