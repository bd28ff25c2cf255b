"""Apache Jena (Debian's libapache-jena-java, installed by .ci/run): riot validates and counts
the output, TDB2 loads the N-Triples, and the named queries give the same rows as locally."""
import json
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest

from kg.sparql import named_queries, run_query

JENA_PACKAGES = [
    "libapache-jena-java", "libcommons-cli-java", "libcommons-codec-java", "libcommons-compress-java",
    "libcommons-csv-java", "libcommons-io-java", "libcommons-lang3-java", "libdexx-java", "libgoogle-gson-java",
    "libguava-java", "libhttpclient-java", "libhttpcore-java", "libjackson2-core-java", "libjackson2-databind-java",
    "libjackson2-annotations-java", "libjsonld-java", "libjsonp2-java", "libprotobuf-java", "libslf4j-java",
    "libthrift-java", "libtitanium-json-ld-java", "libcaffeine-java", "libcommons-logging-java"]
CONFLICTS = ("slf4j-log4j12", "slf4j-jdk14", "slf4j-jcl", "slf4j-reload4j", "slf4j-simple", "slf4j-nop",
             "log4j-over-slf4j", "jcl-over-slf4j", "jul-to-slf4j")


@pytest.fixture(scope="module")
def jena(tmp_path_factory):
    core = Path("/usr/share/java/jena-core.jar")
    if not core.exists() or shutil.which("java") is None or shutil.which("dpkg") is None:
        pytest.skip("Debian's Apache Jena and a Java runtime are not installed (.ci/run installs them)")
    jars = []
    for pkg in JENA_PACKAGES:
        listing = subprocess.run(["dpkg", "-L", pkg], capture_output=True, text=True).stdout.split()
        jars += [j for j in listing if j.startswith("/usr/share/java/") and j.endswith(".jar")
                 and j.count("/") == 4 and not j[:-4].rsplit("-", 1)[-1].replace(".", "").isdigit()
                 and not any(c in j for c in CONFLICTS)]
    # Debian's jena-core relocates xerces' classes to the package `xerces` but keeps its message
    # files under org/apache/jena/ext/xerces: copy them where the classes look, or Jena will not start
    fix = tmp_path_factory.mktemp("jena") / "xerces-messages.jar"
    with zipfile.ZipFile(core) as src, zipfile.ZipFile(fix, "w") as out:
        for name in src.namelist():
            if name.startswith("org/apache/jena/ext/xerces/") and name.endswith(".properties"):
                out.writestr(name.replace("org/apache/jena/ext/xerces/", "xerces/", 1), src.read(name))
    classpath = ":".join([str(fix), *sorted(set(jars))])

    def run(main: str, *args: str) -> subprocess.CompletedProcess:
        return subprocess.run(["java", "-cp", classpath, main, *args], capture_output=True, text=True, timeout=300)

    return run


@pytest.fixture(scope="module")
def files(store_files):
    return store_files


def test_riot_validates_and_counts(jena, files, store_result):
    for ext in ("ttl", "nt"):
        p = jena("riotcmd.riot", "--validate", str(files / f"graph.{ext}"))
        assert p.returncode == 0 and "ERROR" not in p.stdout + p.stderr, p.stderr[-500:]
        p = jena("riotcmd.riot", "--count", str(files / f"graph.{ext}"))
        assert f"Triples = {len(store_result.rdf):,}" in p.stdout + p.stderr


def test_tdb2_load_and_named_queries_agree(jena, files, tmp_path):
    db = tmp_path / "tdb2"
    p = jena("tdb2.tdbloader", "--loc", str(db), str(files / "graph.nt"))
    assert p.returncode == 0, p.stderr[-500:]
    for name, (_desc, text) in named_queries().items():
        p = jena("tdb2.tdbquery", "--loc", str(db), "--results=JSON", text)
        assert p.returncode == 0, (name, p.stderr[-500:])
        data = json.loads(p.stdout)
        rows = [tuple(b.get(v, {}).get("value") for v in data["head"]["vars"]) for b in data["results"]["bindings"]]
        local = run_query(files / "graph.nt", text).values()
        assert sorted(rows, key=repr) == sorted(local, key=repr), name
