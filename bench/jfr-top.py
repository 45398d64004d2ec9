#!/usr/bin/env python3
"""Summarises a JFR recording's execution samples: the hottest methods (self and total), optionally only for the
samples whose stack contains a marker, e.g.  bench/jfr-top.py main.jfr IndexServlet"""
import collections, json, subprocess, sys

recording = sys.argv[1]
marker = sys.argv[2] if len(sys.argv) > 2 else None
top = int(sys.argv[3]) if len(sys.argv) > 3 else 25
out = subprocess.run(["jfr", "print", "--json", "--stack-depth", "200", "--events", "jdk.ExecutionSample",
                      recording], capture_output=True, text=True, check=True).stdout
events = json.loads(out)["recording"]["events"]
selfc, total = collections.Counter(), collections.Counter()
n = 0
for e in events:
    frames = e["values"]["stackTrace"]["frames"] if e["values"].get("stackTrace") else []
    names = [f["method"]["type"]["name"] + "." + f["method"]["name"] for f in frames]
    if marker and not any(marker in x for x in names):
        continue
    n += 1
    if names:
        selfc[names[0]] += 1
    for x in set(names):
        total[x] += 1
print(f"{n} samples" + (f" with {marker} on the stack" if marker else ""))
print("-- self --")
for name, c in selfc.most_common(top):
    print(f"{100 * c / max(n, 1):5.1f}%  {name}")
print("-- total (inclusive) --")
for name, c in total.most_common(top * 2):
    print(f"{100 * c / max(n, 1):5.1f}%  {name}")
