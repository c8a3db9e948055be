#!/usr/bin/env python3
"""Synthetic values for new accuracy cases: valid-checksum cards, IBANs, NIRs and SSNs, and
vendor-shaped random tokens. Nothing here is a real person's data or a live credential; the values
only have the right shape and checksum.

    python3 tests/accuracy/synth.py card visa          a Luhn-valid Visa number, grouped by four
    python3 tests/accuracy/synth.py iban FR            a mod-97-valid French IBAN, grouped by four
    python3 tests/accuracy/synth.py nir                a French NIR with its key
    python3 tests/accuracy/synth.py ssn                a US SSN the SSA could have issued
    python3 tests/accuracy/synth.py token github_pat   a random token of that vendor's shape
    python3 tests/accuracy/synth.py --list             the token kinds

--seed N makes the output reproducible.
"""
import argparse
import base64
import json
import random
import string
import sys

ALNUM = string.ascii_letters + string.digits
UPPER_DIGITS = string.ascii_uppercase + string.digits
HEX = "0123456789abcdef"
B64 = string.ascii_letters + string.digits + "+/"
URLSAFE = string.ascii_letters + string.digits + "_-"
BECH32 = "qpzry9x8gf2tvdw0s3jn54khce6mua7l"


def rand(rng, alphabet, n):
    return "".join(rng.choice(alphabet) for _ in range(n))


def mixed(rng, alphabet, n):
    """Random string that has at least one upper case letter, lower case letter and digit."""
    while True:
        s = rand(rng, alphabet, n)
        if any(c.isupper() for c in s) and any(c.islower() for c in s) and any(c.isdigit() for c in s):
            return s


# --- checksummed identifiers ---------------------------------------------------------------------

def luhn_complete(prefix_digits, length, rng):
    body = prefix_digits + "".join(rng.choice(string.digits) for _ in range(length - len(prefix_digits) - 1))
    total = 0
    for i, c in enumerate(reversed(body)):
        d = int(c)
        if i % 2 == 0:  # doubled: these become the odd positions once the check digit is appended
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return body + str((10 - total % 10) % 10)


CARD_PREFIXES = {
    "visa": (["4"], 16),
    "mastercard": (["51", "52", "53", "54", "55", "2221", "2720"], 16),
    "amex": (["34", "37"], 15),
    "discover": (["6011", "65"], 16),
    "jcb": (["3528", "3589"], 16),
    "diners": (["36"], 14),
    "unionpay": (["62"], 16),
}


def card(rng, brand="visa", sep=" "):
    prefixes, length = CARD_PREFIXES[brand]
    digits = luhn_complete(rng.choice(prefixes), length, rng)
    if sep is None:
        return digits
    if length == 15:
        groups = [digits[:4], digits[4:10], digits[10:]]
    elif length == 14:
        groups = [digits[:4], digits[4:10], digits[10:]]
    else:
        groups = [digits[i:i + 4] for i in range(0, length, 4)]
    return sep.join(groups)


IBAN_BBAN = {  # country: list of (alphabet, count) making up the BBAN
    "FR": [(string.digits, 10), (UPPER_DIGITS, 11), (string.digits, 2)],
    "DE": [(string.digits, 18)],
    "ES": [(string.digits, 20)],
    "IT": [(string.ascii_uppercase, 1), (string.digits, 10), (UPPER_DIGITS, 12)],
    "BE": [(string.digits, 12)],
    "NL": [(string.ascii_uppercase, 4), (string.digits, 10)],
    "GB": [(string.ascii_uppercase, 4), (string.digits, 14)],
    "CH": [(string.digits, 5), (UPPER_DIGITS, 12)],
    "LU": [(string.digits, 3), (UPPER_DIGITS, 13)],
    "PT": [(string.digits, 21)],
    "MC": [(string.digits, 10), (UPPER_DIGITS, 11), (string.digits, 2)],
}


def iban(rng, country="FR", sep=" "):
    bban = "".join(rand(rng, alphabet, n) for alphabet, n in IBAN_BBAN[country])
    rearranged = bban + country + "00"
    number = int("".join(str(int(c, 36)) for c in rearranged))
    check = 98 - number % 97
    value = f"{country}{check:02d}{bban}"
    if sep is None:
        return value
    return sep.join(value[i:i + 4] for i in range(0, len(value), 4))


def nir(rng, sep=" ", sex=None, corsica=False):
    sex = sex or rng.choice("12")
    year = f"{rng.randint(40, 99):02d}" if rng.random() < 0.8 else f"{rng.randint(0, 5):02d}"
    month = f"{rng.randint(1, 12):02d}"
    dept = rng.choice(["2A", "2B"]) if corsica else f"{rng.choice([1, 6, 13, 31, 33, 35, 38, 44, 59, 67, 69, 75, 76, 92, 93, 94]):02d}"
    commune = f"{rng.randint(1, 999):03d}"
    order = f"{rng.randint(1, 999):03d}"
    body = sex + year + month + dept + commune + order
    numeric = body.replace("2A", "19").replace("2B", "18")
    key = 97 - int(numeric) % 97
    parts = [sex, year, month, dept, commune, order, f"{key:02d}"]
    return (sep or "").join(parts)


def ssn(rng, sep="-"):
    while True:
        area = rng.randint(1, 899)
        if area != 666:
            break
    group = rng.randint(1, 99)
    serial = rng.randint(1, 9999)
    return f"{area:03d}{sep}{group:02d}{sep}{serial:04d}"


# --- tokens --------------------------------------------------------------------------------------

def b64url(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def jwt(rng, claims=None):
    header = b64url(json.dumps({"alg": "HS256", "typ": "JWT"}, separators=(",", ":")).encode())
    claims = claims or {"sub": str(rng.randint(10000, 99999)), "role": "analyst", "iat": 1732000000 + rng.randint(0, 10**6)}
    payload = b64url(json.dumps(claims, separators=(",", ":")).encode())
    return f"{header}.{payload}.{mixed(rng, URLSAFE, 43)}"


def pem(rng, kind="RSA PRIVATE KEY", lines=8):
    body = "\n".join(rand(rng, B64, 64) for _ in range(lines)) + "\n" + rand(rng, B64, 24) + "=="
    return f"-----BEGIN {kind}-----\n{body}\n-----END {kind}-----"


TOKENS = {
    "aws_access_key_id": lambda r: "AKIA" + rand(r, "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", 16),
    "aws_secret_access_key": lambda r: mixed(r, B64, 40),
    "github_pat": lambda r: "ghp_" + mixed(r, ALNUM, 36),
    "github_fine_grained_pat": lambda r: "github_pat_" + mixed(r, ALNUM, 22) + "_" + mixed(r, ALNUM, 59),
    "github_oauth_token": lambda r: "gho_" + mixed(r, ALNUM, 36),
    "github_app_token": lambda r: "ghs_" + mixed(r, ALNUM, 36),
    "gitlab_pat": lambda r: "glpat-" + mixed(r, URLSAFE, 20),
    "gitlab_runner_token": lambda r: "glrt-" + mixed(r, URLSAFE, 20),
    "gitlab_deploy_token": lambda r: "gldt-" + mixed(r, URLSAFE, 20),
    "slack_bot_token": lambda r: f"xoxb-{r.randint(10**10, 10**11)}-{r.randint(10**11, 10**12)}-" + mixed(r, ALNUM, 24),
    "slack_user_token": lambda r: f"xoxp-{r.randint(10**10, 10**11)}-{r.randint(10**10, 10**11)}-{r.randint(10**11, 10**12)}-" + rand(r, HEX, 32),
    "slack_webhook": lambda r: "https://hooks.slack.com/services/T" + rand(r, UPPER_DIGITS, 8) + "/B" + rand(r, UPPER_DIGITS, 10) + "/" + mixed(r, ALNUM, 24),
    "stripe_secret_key": lambda r: r.choice(["sk_live_", "sk_test_"]) + mixed(r, ALNUM, r.choice([24, 34, 99])),
    "stripe_restricted_key": lambda r: "rk_live_" + mixed(r, ALNUM, 24),
    "openai_api_key": lambda r: "sk-proj-" + mixed(r, URLSAFE, 64),
    "anthropic_api_key": lambda r: "sk-ant-api03-" + mixed(r, URLSAFE, 93) + "AA",
    "npm_token": lambda r: "npm_" + mixed(r, ALNUM, 36),
    "pypi_token": lambda r: "pypi-AgEIcHlwaS5vcmc" + mixed(r, URLSAFE, 70),
    "google_api_key": lambda r: "AIza" + mixed(r, URLSAFE, 35),
    "sendgrid_api_key": lambda r: "SG." + mixed(r, URLSAFE, 22) + "." + mixed(r, URLSAFE, 43),
    "twilio_api_key": lambda r: "SK" + rand(r, HEX, 32),
    "huggingface_token": lambda r: "hf_" + mixed(r, ALNUM, 34),
    "digitalocean_token": lambda r: "dop_v1_" + rand(r, HEX, 64),
    "shopify_token": lambda r: "shpat_" + rand(r, HEX, 32),
    "databricks_token": lambda r: "dapi" + rand(r, HEX, 32),
    "linear_api_key": lambda r: "lin_api_" + mixed(r, ALNUM, 40),
    "vault_token": lambda r: "hvs." + mixed(r, URLSAFE, 24),
    "mailgun_api_key": lambda r: "key-" + rand(r, HEX, 32),
    "jwt": jwt,
    "private_key": pem,
    "entropy": lambda r: mixed(r, ALNUM, 32),
}


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("kind", nargs="?", choices=["card", "iban", "nir", "ssn", "token"])
    parser.add_argument("arg", nargs="?")
    parser.add_argument("--seed", type=int)
    parser.add_argument("--list", action="store_true", help="list the token kinds")
    args = parser.parse_args(argv)
    if args.list:
        print("\n".join(sorted(TOKENS)))
        return 0
    rng = random.Random(args.seed)
    if args.kind == "card":
        print(card(rng, args.arg or "visa"))
    elif args.kind == "iban":
        print(iban(rng, (args.arg or "FR").upper()))
    elif args.kind == "nir":
        print(nir(rng))
    elif args.kind == "ssn":
        print(ssn(rng))
    elif args.kind == "token":
        if args.arg not in TOKENS:
            parser.error(f"unknown token kind {args.arg!r}; see --list")
        print(TOKENS[args.arg](rng))
    else:
        parser.print_help()
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
