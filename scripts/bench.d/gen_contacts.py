#!/usr/bin/env python3
"""Writes a deterministic CSV of N contacts (default 100,000) for the import and search benchmarks."""
import random
import sys

n = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
out = sys.argv[2] if len(sys.argv) > 2 else "/dev/stdout"
rng = random.Random(42)
firsts = ["Ada", "Alan", "Grace", "Héloïse", "Margaret", "Katherine", "Linus", "Barbara", "Edsger", "Frances",
          "Jean", "Camille", "Léa", "Hugo", "Chloé", "Lucas", "Manon", "Louis", "Inès", "Noah"]
lasts = ["Lovelace", "Turing", "Hopper", "Dupré", "Hamilton", "Johnson", "Torvalds", "Liskov", "Dijkstra",
         "Allen", "Martin", "Bernard", "Dubois", "Thomas", "Robert", "Richard", "Petit", "Durand", "Leroy", "Moreau"]
tags = ["vip", "prospect", "research", "b2b", "newsletter", ""]
with open(out, "w", encoding="utf-8") as f:
    f.write("first_name,last_name,email,phone,tags,notes,legal_basis\n")
    for i in range(n):
        fn, ln = rng.choice(firsts), rng.choice(lasts)
        phone = f"06 {rng.randrange(10, 29)} {rng.randrange(10, 99)} {rng.randrange(10, 99)} {rng.randrange(10, 99)}"
        tag = rng.choice(tags)
        f.write(f"{fn},{ln}{i},user{i}@example{i % 97}.com,{phone},{tag},met at event {i % 311},consent\n")
