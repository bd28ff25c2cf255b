"""kg validate and kg view read nothing but the graph file: no remote or file JSON-LD contexts."""
import http.server
import json
import subprocess
import sys
import threading

import pytest
from conftest import SAMPLE


def run(*args, cwd=None):
    return subprocess.run([sys.executable, "-m", "kg", *args], capture_output=True, text=True, cwd=cwd, timeout=300)


@pytest.fixture
def server():
    """A loopback HTTP server that records every request and answers with a JSON-LD context."""
    hits: list[str] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802
            hits.append(self.path)
            body = json.dumps({"@context": {"p": "http://example.org/p"}}).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/ld+json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}", hits
    httpd.shutdown()
    httpd.server_close()


@pytest.mark.parametrize("command", ["validate", "view"])
@pytest.mark.parametrize("shape", ["string", "list", "import", "scoped"])
def test_remote_contexts_are_refused_not_fetched(tmp_path, server, command, shape):
    url, hits = server
    ctx = {"string": f"{url}/ctx.jsonld", "list": [f"{url}/ctx.jsonld"], "import": {"@import": f"{url}/ctx.jsonld"},
           "scoped": {"q": {"@id": "http://example.org/q", "@context": f"{url}/ctx.jsonld"}}}[shape]
    g = tmp_path / "g.jsonld"
    g.write_text(json.dumps({"@context": ctx, "@id": "http://example.org/a", "p": "v",
                             "q": {"@id": "http://example.org/b"}}), encoding="utf-8")
    p = run(command, str(g), "--out", str(tmp_path / "page.html")) if command == "view" else run(command, str(g))
    assert p.returncode == 1 and p.stderr.startswith("Error: ") and len(p.stderr.strip().splitlines()) == 1
    assert "context" in p.stderr and str(g) in p.stderr
    assert hits == []
    assert not (tmp_path / "page.html").exists()


def test_file_contexts_are_refused(tmp_path):
    g = tmp_path / "g.jsonld"
    g.write_text(json.dumps({"@context": "file:///etc/passwd", "@id": "http://example.org/a",
                             "http://example.org/p": "v"}), encoding="utf-8")
    p = run("validate", str(g))
    assert p.returncode == 1 and "refusing" in p.stderr and "root:" not in p.stdout + p.stderr


def test_kg_own_jsonld_still_validates_and_its_context_file_is_inlined(tmp_path):
    out = tmp_path / "o"
    assert run("build", str(SAMPLE), "--out", str(out), "-q").returncode == 0
    p = run("validate", str(out / "graph.jsonld"))
    assert p.returncode == 0, p.stdout + p.stderr
    doc = json.loads((out / "graph.jsonld").read_text(encoding="utf-8"))
    doc["@context"] = "context.jsonld"  # kg's own context by name: read inline, not from the disk
    (out / "named.jsonld").write_text(json.dumps(doc), encoding="utf-8")
    p = run("view", str(out / "named.jsonld"), "--out", str(tmp_path / "page.html"))
    assert p.returncode == 0, p.stderr
    assert (tmp_path / "page.html").stat().st_size > 1000


def test_a_hash_base_iri_builds_and_validates(tmp_path):
    out = tmp_path / "o"
    p = run("build", str(SAMPLE), "--out", str(out), "--base-iri", "https://example.org/kg#", "-q")
    assert p.returncode == 0, p.stderr
    assert "<https://example.org/kg#person/" in (out / "graph.nt").read_text(encoding="utf-8")
    p = run("validate", str(out / "graph.ttl"))
    assert p.returncode == 0, p.stdout + p.stderr
