#!/usr/bin/env python3
"""The outside method (issue 18): a plain HTTP/1.1 keep-alive client (http.client) against the gateway
and the same script driving a direct pi started with the gateway pi's own command line, environment and
working directory, interleaved in blocks. Gateway CPU is read from /proc/PID/stat around the gateway
blocks only. Prints one JSON line with the raw figures (milliseconds)."""
import http.client
import json
import subprocess
import sys
import time

TICK_MS = 1000.0 / 100  # USER_HZ on Linux


def cpu_ms(pid):
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) * TICK_MS  # utime + stime


class Gateway:
    def __init__(self, port, token, key):
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        self.headers = {"Authorization": "Bearer " + token, "Content-Type": "application/json"}
        self.key = key

    def turn(self, text):
        body = json.dumps({"message": text, "sessionKey": self.key})
        t0 = time.perf_counter()
        self.conn.request("POST", "/api/chat", body, self.headers)
        resp = self.conn.getresponse()
        data = resp.read()
        ms = (time.perf_counter() - t0) * 1000
        if resp.status != 200:
            raise SystemExit(f"gateway answered {resp.status}: {data[:200]!r}")
        return ms


class DirectPi:
    def __init__(self, spawn, session_file):
        self.proc = subprocess.Popen(spawn["command"], env=spawn["env"], cwd=spawn["cwd"], stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, bufsize=0)
        self.out = self.proc.stdout
        self.ids = 0
        self._send({"id": "s0", "type": "get_state"}, '"id":"s0"')
        self._send({"id": "s1", "type": "switch_session", "sessionPath": session_file}, '"id":"s1"')

    def _send(self, cmd, marker):
        self.proc.stdin.write((json.dumps(cmd, separators=(",", ":")) + "\n").encode())
        while True:
            line = self.out.readline()
            if not line:
                raise SystemExit("direct pi ended")
            if marker.encode() in line[:200] or line.startswith(marker.encode()):
                return

    def turn(self, text):
        self.ids += 1
        t0 = time.perf_counter()
        self._send({"id": f"p{self.ids}", "type": "prompt", "message": text}, '{"type":"agent_end"')
        return (time.perf_counter() - t0) * 1000

    def close(self):
        self.proc.stdin.close()
        try:
            self.proc.wait(5)
        except subprocess.TimeoutExpired:
            self.proc.kill()


def threads_ms(pid):
    """Per-thread CPU (name -> ms), to see where a turn's CPU goes (compiler, GC, event loop, ...)."""
    import os
    out = {}
    for tid in os.listdir(f"/proc/{pid}/task"):
        try:
            with open(f"/proc/{pid}/task/{tid}/stat") as f:
                raw = f.read()
            name = raw[raw.index("(") + 1:raw.rindex(")")]
            fields = raw.rsplit(")", 1)[1].split()
            out[name] = out.get(name, 0) + (int(fields[11]) + int(fields[12])) * TICK_MS
        except (FileNotFoundError, ProcessLookupError, ValueError):
            pass
    return out


def main():
    args = json.loads(sys.stdin.read())
    gw = Gateway(args["port"], args["token"], args["sessionKey"])
    direct = DirectPi(args["spawn"], args["directSessionFile"])
    pid = args["gatewayPid"]
    settled_ms = 0.0
    if args.get("settle"):
        # a gateway a user meets has usually been up a while: wait until its CPU is quiet (JIT queue drained)
        t0 = time.perf_counter()
        last = cpu_ms(pid)
        while time.perf_counter() - t0 < 30:
            time.sleep(0.5)
            now = cpu_ms(pid)
            if now - last <= 10:
                break
            last = now
        settled_ms = (time.perf_counter() - t0) * 1000
    try:
        warm_gw, warm_cpu = [], []
        for i in range(args["warmup"]):
            c0 = cpu_ms(pid)
            warm_gw.append(gw.turn(f"warm {i}"))
            warm_cpu.append(cpu_ms(pid) - c0)
            direct.turn(f"warm {i}")
        via_gw, via_pi, cpu = [], [], 0.0
        threads0 = threads_ms(pid)
        block = args["block"]
        for b in range(args["turns"] // block):
            c0 = cpu_ms(pid)
            for i in range(block):
                via_gw.append(gw.turn(f"hello {b * block + i}"))
            cpu += cpu_ms(pid) - c0
            for i in range(block):
                via_pi.append(direct.turn(f"hello {b * block + i}"))
        threads1 = threads_ms(pid)
        by_thread = {k: v - threads0.get(k, 0) for k, v in threads1.items() if v - threads0.get(k, 0) > 0}
        print(json.dumps({"threadsCpuMs": dict(sorted(by_thread.items(), key=lambda kv: -kv[1]))}), file=sys.stderr)
        print(json.dumps({"warmGateway": warm_gw, "warmCpu": warm_cpu, "gateway": via_gw, "direct": via_pi,
                          "gatewayCpuMs": cpu, "settledMs": settled_ms}))
    finally:
        direct.close()


if __name__ == "__main__":
    main()
