"""Prints the figures of one wrk --latency run: requests/s, p50/p99 latency, errors."""
import re
import sys

text = open(sys.argv[1]).read()
rps = re.search(r"Requests/sec:\s+([\d.]+)", text).group(1)
lat = dict(re.findall(r"^\s+(50|99)%\s+(\S+)", text, re.M))
non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", text)
sock = re.search(r"Socket errors: (.*)", text)
total = re.search(r"(\d+) requests in", text).group(1)
print(f"{float(rps):,.0f} requests/s; p50 {lat.get('50')}, p99 {lat.get('99')}; {total} requests, "
      f"non-2xx {non2xx.group(1) if non2xx else 0}; socket errors: {sock.group(1) if sock else 'none'}")
