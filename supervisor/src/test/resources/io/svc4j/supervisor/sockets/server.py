# An HTTP server that speaks systemd's socket protocol: it serves on fd 3 when LISTEN_PID is its
# own pid, otherwise it binds the port itself. SIGTERM: it answers the request it accepted, then
# exits (a graceful stop); connections still queued are left to the kernel.
import os
import signal
import socket
import sys
from http.server import BaseHTTPRequestHandler, HTTPServer

inherited = (
    os.environ.get("LISTEN_PID") == str(os.getpid())
    and os.environ.get("LISTEN_FDS") == "1"
    and os.environ.get("LISTEN_FDNAMES") == "http"
)
BODY = b"inherited\n" if inherited else b"own\n"


class Handler(BaseHTTPRequestHandler):
    def do_GET(self):
        self.send_response(200)
        self.send_header("Content-Length", str(len(BODY)))
        self.end_headers()
        self.wfile.write(BODY)

    def log_message(self, *args):
        pass


port = int(sys.argv[1])
if inherited:
    server = HTTPServer(("127.0.0.1", port), Handler, bind_and_activate=False)
    server.socket.close()
    server.socket = socket.socket(fileno=3)
else:
    server = HTTPServer(("127.0.0.1", port), Handler)
print("serving, inherited=" + str(inherited), flush=True)

stopping = False


def term(*_):
    global stopping
    stopping = True


signal.signal(signal.SIGTERM, term)
server.timeout = 0.05
while not stopping:
    server.handle_request()
