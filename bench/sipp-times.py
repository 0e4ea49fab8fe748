#!/usr/bin/env python3
"""sipp-times.py: call setup times from a sipp message log (-trace_msg).

For each call (Call-ID) of the log of bench/sip-call.xml: the time from the
INVITE sent with credentials (CSeq 2, its first transmission) to the first
180 and to the first 200 received for it, from the log's microsecond
timestamps (sipp's own response-time timers tick in 4 ms here).
Prints one line: "calls p50_180 p99_180 max_180 p50_200 p99_200 max_200",
times in ms, percentiles by nearest rank; "-" where there is none."""
import math
import re
import sys

STAMP = re.compile(r"^-{20,} (\d{4}-\d\d-\d\d) (\d\d):(\d\d):(\d\d\.\d+)$")


def seconds(m):
    return int(m.group(2)) * 3600 + int(m.group(3)) * 60 + float(m.group(4))


def pct(v, p):
    if not v:
        return "-"
    return "%.2f" % (v[max(0, math.ceil(p / 100 * len(v)) - 1)] * 1000)


def main(path):
    sent, ring, answer = {}, {}, {}
    block, when = [], None

    def flush():
        if when is None or len(block) < 3:
            return
        sent_msg = " sent " in block[0]
        first = next((l for l in block[1:] if l.strip()), "")
        head = dict()
        for l in block[1:]:
            k, _, v = l.partition(":")
            if v and k.strip().lower() in ("call-id", "cseq"):
                head.setdefault(k.strip().lower(), v.strip())
        cid, cseq = head.get("call-id"), head.get("cseq")
        if not cid or cseq != "2 INVITE":
            return
        if sent_msg and first.startswith("INVITE "):
            sent.setdefault(cid, when)
        elif not sent_msg and first.startswith("SIP/2.0 180"):
            ring.setdefault(cid, when)
        elif not sent_msg and first.startswith("SIP/2.0 200"):
            answer.setdefault(cid, when)

    day0 = None
    for line in open(path, errors="replace"):
        line = line.rstrip("\r\n")
        m = STAMP.match(line)
        if m:
            flush()
            day0 = day0 or m.group(1)
            when = seconds(m) + (86400 if m.group(1) != day0 else 0)
            block = []
            continue
        block.append(line)
    flush()
    r = sorted(ring[c] - t for c, t in sent.items() if c in ring)
    a = sorted(answer[c] - t for c, t in sent.items() if c in answer)
    print(len(sent), pct(r, 50), pct(r, 99), pct(r, 100), pct(a, 50), pct(a, 99), pct(a, 100))


if __name__ == "__main__":
    main(sys.argv[1])
