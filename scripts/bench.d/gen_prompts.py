#!/usr/bin/env python3
"""Writes a deterministic corpus of prompt files for `scripts/bench`: many 2-8 KB files of prose,
chat turns, config and code excerpts (English and French), with personal data and credentials at
a realistic density (about one finding per 3 KB) and benign look-alikes (UUIDs, commit ids,
version strings, order numbers). Every value is fake; the seed fixes every byte.

Usage: gen_prompts.py DIR [MEGABYTES]   (default 100)
"""
import os
import random
import string
import sys

rng = random.Random(20261125)

SENTENCES = [
    "Please summarise the renewal discussion with the {client} account for the quarterly review.",
    "The customer asked about volume discounts, the migration timeline and the support tier.",
    "Keep the tone factual and list the open questions at the end.",
    "Draft a polite follow-up email to {name} about the invoice that is still pending.",
    "Translate the following paragraph into French, keeping the product names in English.",
    "Compare the two proposals below and recommend one, with the main risks of each.",
    "Rewrite this release note so that a non-technical reader understands what changed.",
    "Extract every action item from the meeting notes and assign an owner to each.",
    "Our {client} contact wants a forecast for Q{q} broken down by region and product line.",
    "Explain why the nightly export job failed and suggest a fix for the retry logic.",
    "Résume la réunion avec {client} et liste les prochaines étapes pour l'équipe commerciale.",
    "Rédige une réponse courtoise à {name} concernant le retard de livraison de la commande.",
    "Peux-tu vérifier la cohérence des chiffres du tableau ci-dessous avant l'envoi au client ?",
    "Classe ces tickets par priorité et propose une estimation pour chacun d'eux.",
    "The build went from 4 minutes to 11 minutes after the dependency upgrade last week.",
    "Use the style guide: short sentences, active voice, no jargon, and one idea per paragraph.",
    "List the assumptions you make, then answer in at most five bullet points.",
    "Here is the stack trace from the staging server; what is the most likely cause?",
]
CLIENTS = ["Acme", "Globex", "Initech", "Umbrella", "Stark", "Wayne", "Hooli", "Soylent", "Vandelay"]
FIRST = ["Ada", "Grace", "Alan", "Marie", "Louis", "Camille", "Hugo", "Chloé", "Noah", "Léa"]
LAST = ["Lovelace", "Hopper", "Turing", "Curie", "Pasteur", "Martin", "Bernard", "Dubois"]
DOMAINS = ["example.com", "example.org", "mail.example.net", "corp.example.fr"]

ALNUM = string.ascii_letters + string.digits
HEX = "0123456789abcdef"
UPPER_DIGITS = string.ascii_uppercase + string.digits
URLSAFE = ALNUM + "_-"
B64 = ALNUM + "+/"


def rand(alphabet, n):
    return "".join(rng.choice(alphabet) for _ in range(n))


def luhn_card(prefix="4", length=16):
    digits = [int(c) for c in prefix] + [rng.randrange(10) for _ in range(length - len(prefix) - 1)]
    total = 0
    for i, d in enumerate(reversed(digits)):
        d = d * 2 if i % 2 == 0 else d
        total += d - 9 if d > 9 else d
    digits.append((10 - total % 10) % 10)
    s = "".join(map(str, digits))
    return " ".join(s[i:i + 4] for i in range(0, 16, 4)) if rng.random() < 0.5 else s


def iban_fr():
    bban = "".join(rng.choice(string.digits) for _ in range(23))
    num = int("".join(str(int(c, 36)) for c in bban + "FR00"))
    check = 98 - num % 97
    s = f"FR{check:02d}{bban}"
    return " ".join(s[i:i + 4] for i in range(0, len(s), 4))


def person():
    return f"{rng.choice(FIRST)} {rng.choice(LAST)}"


def email():
    return f"{rng.choice(FIRST).lower().replace('é', 'e')}.{rng.choice(LAST).lower()}@{rng.choice(DOMAINS)}"


def finding():
    kind = rng.randrange(16)
    if kind == 0:
        return f"You can reach {person()} at {email()} for the details."
    if kind == 1:
        return f"Son portable : 06 {rng.randrange(10, 99)} {rng.randrange(10, 99)} {rng.randrange(10, 99)} {rng.randrange(10, 99)}."
    if kind == 2:
        return f"Call +44 20 {rng.randrange(1000, 9999)} {rng.randrange(1000, 9999)} before noon."
    if kind == 3:
        return f"Refund to card {luhn_card()} please."
    if kind == 4:
        return f"Virement sur {iban_fr()} avant vendredi."
    if kind == 5:
        return f"The server at 10.{rng.randrange(256)}.{rng.randrange(256)}.{rng.randrange(1, 255)} is down."
    if kind == 6:
        return f"Date of birth: {rng.randrange(1, 29):02d}/{rng.randrange(1, 13):02d}/19{rng.randrange(50, 99)}"
    if kind == 7:
        return f"export GITHUB_TOKEN=ghp_{rand(ALNUM, 36)}"
    if kind == 8:
        return f"aws_access_key_id = AKIA{rand(UPPER_DIGITS, 16)}"
    if kind == 9:
        return f"STRIPE_KEY=sk_live_{rand(ALNUM, 24)}"
    if kind == 10:
        return f"db_password = \"{rand(ALNUM, 6)}-{rand(ALNUM, 5)}!\""
    if kind == 11:
        return f"DATABASE_URL=postgres://app:{rand(ALNUM, 12)}@db.internal:5432/crm"
    if kind == 12:
        return f"Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIx{rand(URLSAFE, 12)}.{rand(URLSAFE, 43)}"
    if kind == 13:
        return f"slack: xoxb-{rand(string.digits, 11)}-{rand(string.digits, 12)}-{rand(ALNUM, 24)}"
    if kind == 14:
        body = "\n".join(rand(B64, 64) for _ in range(6))
        return f"-----BEGIN RSA PRIVATE KEY-----\n{body}\n-----END RSA PRIVATE KEY-----"
    return f"OPENAI_API_KEY=sk-proj-{rand(URLSAFE, 48)}"


def look_alike():
    kind = rng.randrange(5)
    if kind == 0:
        return f"request id {rand(HEX, 8)}-{rand(HEX, 4)}-4{rand(HEX, 3)}-a{rand(HEX, 3)}-{rand(HEX, 12)} failed"
    if kind == 1:
        return f"fixed in commit {rand(HEX, 40)}"
    if kind == 2:
        return f"upgrade to version {rng.randrange(1, 9)}.{rng.randrange(30)}.{rng.randrange(20)} first"
    if kind == 3:
        return f"order {rng.randrange(10**11, 10**12)} shipped on {rng.randrange(1, 29)}/{rng.randrange(1, 13)}/2026"
    return "password=${DB_PASSWORD} token: <your-token>"


def prose():
    s = rng.choice(SENTENCES)
    return s.format(client=rng.choice(CLIENTS), name=person(), q=rng.randrange(1, 5))


def snippet():
    kind = rng.randrange(3)
    if kind == 0:
        return "config:\n  region: eu-west-3\n  retries: 5\n  timeout_ms: 2500\n  endpoint: https://api.example.net/v2\n"
    if kind == 1:
        return "def export(rows):\n    for row in rows:\n        yield {k: v for k, v in row.items() if v}\n"
    return '{"event": "checkout", "items": 3, "total": 129.90, "currency": "EUR"}\n'


def prompt(size):
    parts, n = [], 0
    while n < size:
        r = rng.random()
        if r < 0.020:
            p = finding()
        elif r < 0.030:
            p = look_alike()
        elif r < 0.10:
            p = snippet()
        elif r < 0.16:
            p = "\n\nUser: " if rng.random() < 0.5 else "\n\nAssistant: "
        else:
            p = prose()
        parts.append(p)
        n += len(p) + 1
    return " ".join(parts)[:size] + "\n"


def main():
    out = sys.argv[1]
    total = int(float(sys.argv[2]) * 1024 * 1024) if len(sys.argv) > 2 else 100 * 1024 * 1024
    written, i = 0, 0
    while written < total:
        d = os.path.join(out, f"batch{i // 500:03d}")
        if i % 500 == 0:
            os.makedirs(d, exist_ok=True)
        text = prompt(rng.randrange(2048, 8192))
        data = text.encode("utf-8", errors="ignore")
        # A cut in the middle of a multi-byte character would make the file invalid UTF-8.
        data = data.decode("utf-8", errors="ignore").encode("utf-8")
        with open(os.path.join(d, f"prompt{i:05d}.txt"), "wb") as f:
            f.write(data)
        written += len(data)
        i += 1
    print(f"{i} files, {written} bytes in {out}")


if __name__ == "__main__":
    main()
