#!/usr/bin/env python3
"""A real SMTP server for Statusmark's email tests: it delivers nowhere, it keeps what it gets.

Usage: smtp_sink.py DIR

Listens on 127.0.0.1 on a free port and prints `PORT <n>` once it accepts connections. Each
message received becomes DIR/<n>.json (n = 1, 2, ... in arrival order) holding `mail_from`,
`rcpt_tos`, `data` (the raw message as sent) and `peer` (the client's "host:port", which tells
the connections apart). Recipients whose address contains `refuse`
are refused with 550; a recipient whose address contains `greylist` is deferred with 451 the
first time it is seen and accepted afterwards. Exits when its stdin closes, so a test that dies
takes its server with it.

Needs aiosmtpd: `pip install aiosmtpd` (`--break-system-packages` on Debian) or
`apt-get install python3-aiosmtpd`.
"""

import asyncio
import json
import os
import sys
import threading

try:
    from aiosmtpd.smtp import SMTP
except ImportError:
    sys.stderr.write(
        "smtp_sink.py needs aiosmtpd: pip install --break-system-packages aiosmtpd "
        "(or apt-get install -y python3-aiosmtpd)\n"
    )
    sys.exit(3)


class Sink:
    def __init__(self, folder):
        self.folder = folder
        self.count = 0
        self.deferred = set()

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        lowered = address.lower()
        if "refuse" in lowered:
            return f"550 5.1.1 <{address}>: recipient refused"
        if "greylist" in lowered and lowered not in self.deferred:
            self.deferred.add(lowered)
            return f"451 4.7.1 <{address}>: greylisted, try again later"
        envelope.rcpt_tos.append(address)
        return "250 2.1.5 OK"

    async def handle_DATA(self, server, session, envelope):
        self.count += 1
        record = {
            "mail_from": envelope.mail_from,
            "rcpt_tos": list(envelope.rcpt_tos),
            "data": envelope.original_content.decode("utf-8", "replace"),
            "peer": "%s:%s" % tuple(session.peer[:2]),
        }
        path = os.path.join(self.folder, f"{self.count}.json")
        # Written whole, then renamed: a reader never sees half a message.
        with open(path + ".tmp", "w", encoding="utf-8") as f:
            json.dump(record, f)
        os.replace(path + ".tmp", path)
        return "250 2.0.0 accepted"


def main():
    if len(sys.argv) != 2:
        sys.stderr.write("usage: smtp_sink.py DIR\n")
        sys.exit(2)
    folder = sys.argv[1]
    os.makedirs(folder, exist_ok=True)
    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    handler = Sink(folder)
    server = loop.run_until_complete(
        loop.create_server(lambda: SMTP(handler, hostname="sink.localhost"), "127.0.0.1", 0)
    )
    port = server.sockets[0].getsockname()[1]

    def stop_when_stdin_closes():
        sys.stdin.read()
        loop.call_soon_threadsafe(loop.stop)

    threading.Thread(target=stop_when_stdin_closes, daemon=True).start()
    print(f"PORT {port}", flush=True)
    try:
        loop.run_forever()
    finally:
        server.close()
        loop.close()


if __name__ == "__main__":
    main()
