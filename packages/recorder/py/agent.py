#!/usr/bin/python3
"""Long-lived helper run inside one network namespace of a recording.

    agent.py peer IFACE   the neighbour on one host interface: answers ARP, injects frames, captures what arrives
    agent.py host         the scenario host: listening sockets, locally generated packets, monitor sync probes

Protocol: one JSON object per line on stdin ({"id": n, "cmd": ...}), one JSON answer per line on stdout
({"id": n, "ok": true, ...} or {"id": n, "ok": false, "error": "..."}). The first line written is
{"ready": true, ...} once the agent can take commands. Errors are answers, never a crash.
"""
import json
import os
import socket
import struct
import sys
import threading
import time

ETH_P_ALL = 0x0003
ETH_P_IP = 0x0800
ETH_P_ARP = 0x0806
PACKET_OUTGOING = 4


def out(obj):
    sys.stdout.write(json.dumps(obj) + "\n")
    sys.stdout.flush()


def checksum(data):
    if len(data) % 2:
        data += b"\0"
    total = sum(struct.unpack("!%dH" % (len(data) // 2), data))
    while total >> 16:
        total = (total & 0xFFFF) + (total >> 16)
    return ~total & 0xFFFF


TCP_FLAGS = {"F": 0x01, "S": 0x02, "R": 0x04, "P": 0x08, "A": 0x10, "U": 0x20, "E": 0x40, "C": 0x80}
PROTOS = {"icmp": 1, "tcp": 6, "udp": 17}
# ICMP types whose second word is identifier + sequence.
ICMP_QUERY_TYPES = (0, 8, 13, 14, 15, 16, 17, 18)
# ICMP errors, which quote the offending packet's header.
ICMP_ERROR_TYPES = (3, 4, 5, 11, 12)


def build_ip(spec):
    """The IPv4 packet (bytes) a scenario packet describes, byte for byte what scapy builds; defaults: ttl 64, tos 0, id 1, TCP window
    8192, seq/ack 0; ICMP echo id 1, sequence 1."""
    payload = spec.get("payload", "")
    payload = payload.encode() if isinstance(payload, str) else bytes(payload)
    proto = spec["proto"]
    src, dst = socket.inet_aton(spec["src"]), socket.inet_aton(spec["dst"])
    if proto == "tcp":
        flags = 0
        for letter in spec.get("flags", "S"):
            flags |= TCP_FLAGS[letter]
        l4 = struct.pack("!HHIIBBHHH", spec.get("sport", 0), spec.get("dport", 0), spec.get("seq", 0) & 0xFFFFFFFF,
                         spec.get("ack", 0) & 0xFFFFFFFF, 5 << 4, flags, spec.get("window", 8192), 0, 0) + payload
    elif proto == "udp":
        l4 = struct.pack("!HHHH", spec.get("sport", 0), spec.get("dport", 0), 8 + len(payload), 0) + payload
    elif proto == "icmp":
        itype, code = spec.get("type", 8), spec.get("code", 0)
        if itype in ICMP_QUERY_TYPES:
            rest = struct.pack("!HH", spec.get("icmp_id", 1), spec.get("icmp_seq", 1))
        else:
            rest = struct.pack("!I", spec.get("unused", 0))
        if spec.get("inner"):
            payload = build_ip(dict({"ttl": 64}, **spec["inner"])) + payload
        l4 = struct.pack("!BBH", itype, code, 0) + rest + payload
    else:
        raise ValueError("unsupported proto %r" % proto)
    pnum = PROTOS[proto]
    if proto == "icmp":
        csum = checksum(l4)
        l4 = l4[:2] + struct.pack("!H", csum) + l4[4:]
    else:
        pseudo = src + dst + struct.pack("!BBH", 0, pnum, len(l4))
        csum = checksum(pseudo + l4)
        if proto == "udp" and csum == 0:
            csum = 0xFFFF
        at = 16 if proto == "tcp" else 6
        l4 = l4[:at] + struct.pack("!H", csum) + l4[at + 2:]
    frag = 0x4000 if spec.get("df") else 0
    hdr = struct.pack("!BBHHHBBH4s4s", 0x45, spec.get("tos", 0), 20 + len(l4), spec.get("id", 1), frag,
                      spec.get("ttl", 64), pnum, 0, src, dst)
    hdr = hdr[:10] + struct.pack("!H", checksum(hdr)) + hdr[12:]
    return hdr + l4


def parse_frame(data):
    """The fields of an IPv4 frame the recorder needs (None for anything else)."""
    if len(data) < 34 or struct.unpack("!H", data[12:14])[0] != ETH_P_IP:
        return None
    ip = data[14:]
    ihl = (ip[0] & 0x0F) * 4
    total = struct.unpack("!H", ip[2:4])[0]
    f = {
        "tos": ip[1], "id": struct.unpack("!H", ip[4:6])[0], "ttl": ip[8], "proto": ip[9],
        "src": socket.inet_ntoa(ip[12:16]), "dst": socket.inet_ntoa(ip[16:20]),
        "macsrc": data[6:12].hex(":"), "macdst": data[0:6].hex(":"),
    }
    l4 = ip[ihl:total]
    if f["proto"] == 6 and len(l4) >= 20:
        sport, dport, seq, ack, off_flags = struct.unpack("!HHIIH", l4[:14])
        f.update(sport=sport, dport=dport, seq=seq, ack=ack, tcpflags=off_flags & 0xFF,
                 paylen=len(l4) - ((off_flags >> 12) * 4))
    elif f["proto"] == 17 and len(l4) >= 8:
        sport, dport = struct.unpack("!HH", l4[:4])
        f.update(sport=sport, dport=dport, paylen=len(l4) - 8)
    elif f["proto"] == 1 and len(l4) >= 8:
        f.update(type=l4[0], code=l4[1], icmp_id=struct.unpack("!H", l4[4:6])[0])
        if l4[0] in ICMP_QUERY_TYPES:
            f["icmp_seq"] = struct.unpack("!H", l4[6:8])[0]
        elif l4[0] in ICMP_ERROR_TYPES:
            inner = parse_quoted(l4[8:])
            if inner:
                f["inner"] = inner
    return f


def parse_quoted(ip):
    """The header an ICMP error quotes: the offending packet's IP header and the first 8 bytes after it."""
    if len(ip) < 20:
        return None
    ihl = (ip[0] & 0x0F) * 4
    q = {"proto": ip[9], "src": socket.inet_ntoa(ip[12:16]), "dst": socket.inet_ntoa(ip[16:20])}
    l4 = ip[ihl:]
    if q["proto"] in (6, 17) and len(l4) >= 4:
        q["sport"], q["dport"] = struct.unpack("!HH", l4[:4])
    elif q["proto"] == 1 and len(l4) >= 2:
        q["type"], q["code"] = l4[0], l4[1]
    return q


class Peer:
    """The neighbour: answers every ARP request (the kernel of this namespace has no address and sends nothing
    itself), injects frames on request and captures every IPv4 frame the scenario host sends."""

    def __init__(self, iface):
        self.iface = iface
        self.sock = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(ETH_P_ALL))
        self.sock.bind((iface, 0))
        self.mac = self.sock.getsockname()[4][:6]
        self.frames = []
        self.lock = threading.Lock()
        threading.Thread(target=self.sniff, daemon=True).start()

    def sniff(self):
        while True:
            data, addr = self.sock.recvfrom(65535)
            if addr[2] == PACKET_OUTGOING:
                continue
            t = time.monotonic()
            etype = struct.unpack("!H", data[12:14])[0] if len(data) >= 14 else 0
            if etype == ETH_P_ARP:
                self.answer_arp(data)
            elif etype == ETH_P_IP:
                f = parse_frame(data)
                if f:
                    f["t"] = t
                    with self.lock:
                        self.frames.append(f)

    def answer_arp(self, data):
        arp = data[14:42]
        if len(arp) < 28:
            return
        op = struct.unpack("!H", arp[6:8])[0]
        sha, spa, tpa = arp[8:14], arp[14:18], arp[24:28]
        if op != 1 or spa == tpa:  # only requests; a gratuitous announcement needs no answer
            return
        reply = sha + self.mac + struct.pack("!H", ETH_P_ARP)
        reply += struct.pack("!HHBBH", 1, ETH_P_IP, 6, 4, 2) + self.mac + tpa + sha + spa
        self.sock.send(reply)

    def handle(self, req):
        cmd = req["cmd"]
        if cmd == "send":
            frame = bytes.fromhex(req["dstmac"].replace(":", "")) + self.mac + struct.pack("!H", ETH_P_IP)
            self.sock.send(frame + build_ip(req["packet"]))
            return {"t": time.monotonic()}
        if cmd == "frames":
            with self.lock:
                frames, self.frames = self.frames, []
            return {"frames": frames}
        if cmd == "mac":
            return {"mac": self.mac.hex(":")}
        raise ValueError("unknown command %r" % cmd)


class Host:
    """The scenario host's own sockets."""

    def __init__(self):
        self.sockets = []

    def handle(self, req):
        cmd = req["cmd"]
        if cmd == "listen":
            return self.listen(req["proto"], req["port"], req.get("addr", "0.0.0.0"))
        if cmd == "send":
            return self.send(req["packet"])
        if cmd == "probe":
            return self.probe()
        raise ValueError("unknown command %r" % cmd)

    def listen(self, proto, port, addr):
        kind = socket.SOCK_STREAM if proto == "tcp" else socket.SOCK_DGRAM
        sock = socket.socket(socket.AF_INET, kind)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((addr, port))
        if proto == "tcp":
            sock.listen(128)
        self.sockets.append(sock)
        return {}

    def send(self, spec):
        """Send a locally generated packet. UDP goes through a real socket (its errors are what an application
        sees); everything else through a raw IP socket with a hand-made header."""
        try:
            if spec["proto"] == "udp":
                self.send_udp(spec)
            else:
                raw = build_ip(spec)
                sock = socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_RAW)
                try:
                    sock.sendto(raw, (spec["dst"], 0))
                finally:
                    sock.close()
        except OSError as e:
            return {"send_error": e.strerror or str(e), "errno": e.errno, "t": time.monotonic()}
        return {"t": time.monotonic()}

    def send_udp(self, spec):
        sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        try:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            if "ttl" in spec:
                sock.setsockopt(socket.IPPROTO_IP, socket.IP_TTL, spec["ttl"])
            if "tos" in spec:
                sock.setsockopt(socket.IPPROTO_IP, socket.IP_TOS, spec["tos"])
            sock.bind((spec["src"], spec.get("sport", 0)))
            payload = spec.get("payload", "")
            sock.sendto(payload.encode() if isinstance(payload, str) else bytes(payload), (spec["dst"], spec["dport"]))
        finally:
            sock.close()

    def probe(self):
        """An IPv6 datagram to [::1]:9 that only the recorder's own ip6 table traces (and drops): when its trace
        line arrives, every trace event the kernel emitted before it has been read."""
        sock = socket.socket(socket.AF_INET6, socket.SOCK_DGRAM)
        try:
            sock.bind(("::1", 0))
            port = sock.getsockname()[1]
            try:
                sock.sendto(b"nfx", ("::1", 9))
            except OSError:
                pass  # the probe table drops it: EPERM is expected
        finally:
            sock.close()
        return {"port": port}


def main():
    role = sys.argv[1]
    agent = Peer(sys.argv[2]) if role == "peer" else Host()
    out({"ready": True, "pid": os.getpid()})
    for line in sys.stdin:
        line = line.strip()
        if not line:
            continue
        req = json.loads(line)
        try:
            res = agent.handle(req)
            res.update(id=req.get("id"), ok=True)
        except Exception as e:  # noqa: BLE001 - errors are answers
            res = {"id": req.get("id"), "ok": False, "error": "%s: %s" % (type(e).__name__, e)}
        out(res)


if __name__ == "__main__":
    main()
