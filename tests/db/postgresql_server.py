"""A throwaway PostgreSQL 15 server of a test's own, which the test may stop, start and restart
(scripts/with-postgresql starts the suite's shared one; this one is for fault tests)."""

import contextlib
import os
import socket
import subprocess
import tempfile
from pathlib import Path

PGBIN = Path(os.environ.get("PGBIN", "/usr/lib/postgresql/15/bin"))


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _as_owner(*command):
    """initdb refuses root: as root, run the server's commands as the postgres user."""
    prefix = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
    subprocess.run([*prefix, *map(str, command)], check=True, capture_output=True, timeout=120)


class PostgreSQLServer:
    def __init__(self):
        self.dir = Path(tempfile.mkdtemp(prefix="pips-pg-fault-"))
        if os.geteuid() == 0:
            subprocess.run(["chown", "postgres", str(self.dir)], check=True)
        self.port = free_port()
        self.data = self.dir / "data"
        _as_owner(
            PGBIN / "initdb",
            "-D",
            self.data,
            "-U",
            "postgres",
            "-A",
            "trust",
            "-E",
            "UTF8",
            "--locale=C.UTF-8",
            "--no-sync",
        )
        self.start()
        subprocess.run(
            [
                "psql",
                "-h",
                "127.0.0.1",
                "-p",
                str(self.port),
                "-U",
                "postgres",
                "-q",
                "-c",
                "CREATE DATABASE pips_fault",
            ],
            check=True,
            capture_output=True,
            timeout=60,
        )
        self.url = f"postgresql://postgres@127.0.0.1:{self.port}/pips_fault"
        # The same database through the server's socket, as an app on the server's own machine may reach it.
        self.socket_url = f"postgresql://postgres@/pips_fault?host={self.dir}&port={self.port}"

    def _ctl(self, *args):
        _as_owner(PGBIN / "pg_ctl", "-D", self.data, "-l", self.dir / "server.log", "-w", *args)

    def start(self):
        self._ctl("-o", f"-c listen_addresses=127.0.0.1 -p {self.port} -k {self.dir} -c fsync=off", "start")

    def stop(self):
        self._ctl("-m", "fast", "stop")

    def restart(self):
        self._ctl("-m", "fast", "restart")

    def remove(self):
        with contextlib.suppress(subprocess.CalledProcessError):  # already stopped
            self.stop()
        subprocess.run(["rm", "-rf", str(self.dir)], check=False)
