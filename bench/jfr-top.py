#!/usr/bin/env python3
"""Summarises a JFR recording's execution samples: the hottest methods (self and total), optionally only for the
samples whose stack contains a marker, e.g.  bench/jfr-top.py main.jfr IndexServlet
  --without LoginServlet,PBKDF2   leave out the samples with one of these on the stack (the logins before wrk)
  --share org.postgresql,java.sql the part of the (marked) samples with a frame starting with one of these
  --native                        jdk.NativeMethodSample (threads in native code: waiting on a socket) instead"""
import argparse, collections, json, subprocess

parser = argparse.ArgumentParser()
parser.add_argument("recording")
parser.add_argument("marker", nargs="?")
parser.add_argument("top", nargs="?", type=int, default=25)
parser.add_argument("--without", default=None)
parser.add_argument("--share", default=None)
parser.add_argument("--native", action="store_true")
args = parser.parse_args()
event = "jdk.NativeMethodSample" if args.native else "jdk.ExecutionSample"
out = subprocess.run(["jfr", "print", "--json", "--stack-depth", "200", "--events", event, args.recording],
                     capture_output=True, text=True, check=True).stdout
events = json.loads(out)["recording"]["events"]
selfc, total = collections.Counter(), collections.Counter()
n = shared = 0
prefixes = tuple(args.share.split(",")) if args.share else ()
for e in events:
    frames = e["values"]["stackTrace"]["frames"] if e["values"].get("stackTrace") else []
    names = [f["method"]["type"]["name"].replace("/", ".") + "." + f["method"]["name"] for f in frames]
    if args.marker and not any(args.marker in x for x in names):
        continue
    if args.without and any(w in x for w in args.without.split(",") for x in names):
        continue
    n += 1
    if prefixes and any(x.startswith(prefixes) for x in names):
        shared += 1
    if names:
        selfc[names[0]] += 1
    for x in set(names):
        total[x] += 1
print(f"{n} {event} samples" + (f" with {args.marker} on the stack" if args.marker else "")
      + (f", without {args.without}" if args.without else ""))
if prefixes:
    print(f"{100 * shared / max(n, 1):5.1f}% ({shared}) have a frame of {args.share}")
print("-- self --")
for name, c in selfc.most_common(args.top):
    print(f"{100 * c / max(n, 1):5.1f}%  {name}")
print("-- total (inclusive) --")
for name, c in total.most_common(args.top * 2):
    print(f"{100 * c / max(n, 1):5.1f}%  {name}")
