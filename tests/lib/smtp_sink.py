#!/usr/bin/python3
"""smtp_sink.py: an SMTP server for black-box tests that keeps every message.

Run with Debian's interpreter, which has python3-aiosmtpd:

    /usr/bin/python3 tests/lib/smtp_sink.py --port 0 --dir DIR

It listens on 127.0.0.1 (port 0: a free one), prints one line {"port": N}
to stdout, and stores the n-th message received (from 1) as DIR/<n>.eml,
the data exactly as received (dots unstuffed by the SMTP layer), beside
DIR/<n>.json with the envelope: {"from": ..., "to": [...]}. The .json is
written first and each file appears whole (written to a temporary name,
then renamed), so a reader that sees <n>.eml may read both. Stops cleanly
on SIGTERM or SIGINT.
"""
import argparse
import asyncio
import json
import os
import signal
import sys

from aiosmtpd.smtp import SMTP


class Sink:
    """The aiosmtpd handler: every message accepted and written to disk."""

    def __init__(self, directory):
        self.dir = directory
        self.count = 0

    def _write(self, name, data):
        tmp = os.path.join(self.dir, f".{name}.tmp")
        with open(tmp, "wb") as f:
            f.write(data)
        os.rename(tmp, os.path.join(self.dir, name))

    async def handle_DATA(self, server, session, envelope):
        self.count += 1
        n = self.count
        meta = {"from": envelope.mail_from, "to": list(envelope.rcpt_tos)}
        self._write(f"{n}.json", json.dumps(meta).encode())
        self._write(f"{n}.eml", envelope.original_content or envelope.content)
        return "250 OK: queued as %d" % n


async def serve(args):
    os.makedirs(args.dir, exist_ok=True)
    loop = asyncio.get_running_loop()
    handler = Sink(args.dir)
    server = await loop.create_server(
        lambda: SMTP(handler, hostname="smtp-sink.invalid", decode_data=False,
                     enable_SMTPUTF8=True),
        host="127.0.0.1", port=args.port)
    port = server.sockets[0].getsockname()[1]
    sys.stdout.write(json.dumps({"port": port}) + "\n")
    sys.stdout.flush()
    stop = asyncio.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    await stop.wait()
    server.close()
    await server.wait_closed()


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--port", type=int, default=0)
    p.add_argument("--dir", required=True)
    asyncio.run(serve(p.parse_args()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
