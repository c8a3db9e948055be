"""The HTTP API against its contract (issue 6): schemas/openapi.yaml is a valid OpenAPI 3.0 document
that describes every route of docs/http-api.md; the running server serves that file byte for byte,
answers every route it describes, and its responses match the schemas it gives for their status.

The description's Schema Objects are OpenAPI 3.0's JSON-Schema subset; they are validated here with
python3-jsonschema's Draft4Validator after translating `nullable: true` into a type union."""
import copy
import json
import os
import re
import unittest

import jsonschema
import yaml

import harness
from harness import SOURCE_DIR
from http_harness import ServerTest

SPEC_FILE = os.path.join(SOURCE_DIR, "schemas", "openapi.yaml")
OAS_SCHEMA_FILE = os.path.join(SOURCE_DIR, "tests", "data", "openapi", "openapi-3.0-schema.json")
HTTP_API_DOC = os.path.join(SOURCE_DIR, "docs", "http-api.md")

METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")

# Keywords of OpenAPI 3.0 Schema Objects that JSON Schema does not have.
OPENAPI_ONLY = {"nullable", "discriminator", "readOnly", "writeOnly", "xml", "externalDocs", "example", "deprecated"}
SCHEMA_MAPS = ("properties", "patternProperties", "definitions")
SCHEMA_LISTS = ("allOf", "anyOf", "oneOf")
SCHEMA_ONE = ("items", "additionalProperties", "not")


def to_json_schema(schema):
    """An OpenAPI 3.0 Schema Object as a draft-04 JSON schema: `nullable: true` becomes a type union
    (with null added to an enum), the OpenAPI-only keywords go. $refs are kept as they are."""
    if not isinstance(schema, dict):
        return schema
    out = {}
    for key, value in schema.items():
        if key in OPENAPI_ONLY:
            continue
        if key in SCHEMA_MAPS:
            out[key] = {name: to_json_schema(s) for name, s in value.items()}
        elif key in SCHEMA_LISTS:
            out[key] = [to_json_schema(s) for s in value]
        elif key in SCHEMA_ONE:
            out[key] = to_json_schema(value)
        else:
            out[key] = copy.deepcopy(value)
    if schema.get("nullable") is True:
        if "type" in out:
            out["type"] = [out["type"], "null"]
            if "enum" in out and None not in out["enum"]:
                out["enum"] = out["enum"] + [None]
        else:
            out = {"anyOf": [{"type": "null"}, out]}
    return out


class Spec:
    """schemas/openapi.yaml, with $ref resolution and response-schema validators."""

    def __init__(self, path=SPEC_FILE):
        with open(path, "rb") as f:
            self.raw = f.read()
        self.doc = yaml.safe_load(self.raw)
        schemas = self.doc.get("components", {}).get("schemas", {})
        self.json_schema_doc = {"components": {"schemas": {n: to_json_schema(s) for n, s in schemas.items()}}}

    def resolve(self, node):
        """Follows local $refs (#/a/b/c) until a node that is not a reference."""
        seen = set()
        while isinstance(node, dict) and "$ref" in node:
            ref = node["$ref"]
            if not ref.startswith("#/") or ref in seen:
                raise KeyError(f"unresolvable or cyclic $ref {ref}")
            seen.add(ref)
            node = self.doc
            for part in ref[2:].split("/"):
                node = node[part.replace("~1", "/").replace("~0", "~")]
        return node

    def operations(self):
        """[(path, method, operation)] in document order."""
        return [(path, m, item[m]) for path, item in self.doc["paths"].items() for m in METHODS if m in item]

    def operation(self, path, method):
        return self.doc["paths"][path][method.lower()]

    def validator(self, schema):
        """A draft-04 validator for an OpenAPI Schema Object; #/components/schemas refs resolve."""
        resolver = jsonschema.RefResolver("", self.json_schema_doc)
        return jsonschema.Draft4Validator(to_json_schema(schema), resolver=resolver)

    def errors(self, schema, instance):
        return sorted(self.validator(schema).iter_errors(instance), key=lambda e: list(e.absolute_path))


def all_refs(node, where="#"):
    """Every ($ref, location) in a document."""
    if isinstance(node, dict):
        for k, v in node.items():
            if k == "$ref" and isinstance(v, str):
                yield v, where
            else:
                yield from all_refs(v, f"{where}/{k}")
    elif isinstance(node, list):
        for i, v in enumerate(node):
            yield from all_refs(v, f"{where}/{i}")


def documented_routes():
    """{(METHOD, path)} from the route table of docs/http-api.md (`GET /ui/*` stays as written)."""
    routes = set()
    in_routes = False
    with open(HTTP_API_DOC) as f:
        for line in f:
            if line.startswith("## "):
                in_routes = line.strip() == "## Routes"
            if in_routes and line.startswith("| `"):
                first_cell = line.strip().strip("|").split("|")[0]
                routes.update(re.findall(r"`([A-Z]+) (/[^`]*)`", first_cell))
    return routes


def doc_route_matches(doc_path, spec_path):
    """`/api/v1/contacts/{id}` matches itself; a trailing `*` (`/ui/*`) matches one path template."""
    pattern = re.sub(r"\\\{[^/]*?\\\}", r"\\{[^/{}]+\\}", re.escape(doc_path))
    pattern = pattern.replace(r"\*", r"\{[^/{}]+\}")
    return re.fullmatch(pattern, spec_path) is not None


def format_errors(errors, instance):
    lines = [f"- at /{'/'.join(map(str, e.absolute_path))}: {e.message[:300]}" for e in errors[:10]]
    return "\n".join(lines) + "\ninstance: " + json.dumps(instance, indent=1)[:3000]


SPEC = Spec()

# Response schemas that mirror a file of schemas/: responses are checked against both.
CLI_SCHEMAS = {
    "#/components/schemas/Contact": "contact.schema.json",
    "#/components/schemas/ContactList": "contact-list.schema.json",
    "#/components/schemas/Client": "client.schema.json",
    "#/components/schemas/ClientList": "client-list.schema.json",
    "#/components/schemas/AuditRecord": "audit-record.schema.json",
}
JSON_MEDIA = re.compile(r"^application/([a-z0-9.+-]+\+)?json$")


# --- (a) the description itself, no server needed -----------------------------------------------


class OpenApiDocumentTest(unittest.TestCase):
    def test_the_description_is_valid_openapi_3_0(self):
        with open(OAS_SCHEMA_FILE) as f:
            oas_schema = json.load(f)
        jsonschema.Draft4Validator.check_schema(oas_schema)
        self.assertRegex(SPEC.doc["openapi"], r"^3\.0\.\d+$")
        json.dumps(SPEC.doc)  # plain JSON data: no YAML timestamps or other non-JSON scalars
        validator = jsonschema.Draft4Validator(oas_schema)
        errors = sorted(validator.iter_errors(SPEC.doc), key=lambda e: list(e.absolute_path))
        self.assertEqual([], [f"/{'/'.join(map(str, e.absolute_path))}: {e.message[:300]}" for e in errors])
        # The check has teeth: a 3.1-style type union is not OpenAPI 3.0.
        broken = copy.deepcopy(SPEC.doc)
        broken["components"]["schemas"]["Health"]["type"] = ["object", "null"]
        self.assertFalse(validator.is_valid(broken))

    def test_every_ref_resolves(self):
        refs = list(all_refs(SPEC.doc))
        self.assertTrue(refs)
        for ref, where in refs:
            with self.subTest(ref=ref, at=where):
                self.assertIsInstance(SPEC.resolve({"$ref": ref}), dict)

    def test_every_schema_is_a_valid_json_schema_and_every_example_matches_its_schema(self):
        for name, schema in SPEC.doc["components"]["schemas"].items():
            with self.subTest(schema=name):
                jsonschema.Draft4Validator.check_schema(to_json_schema(schema))
                if "example" in schema:
                    errors = SPEC.errors(schema, schema["example"])
                    self.assertEqual([], errors, format_errors(errors, schema["example"]))
        for name, response in SPEC.doc["components"]["responses"].items():
            for media_type, media in response.get("content", {}).items():
                if "example" in media:
                    with self.subTest(response=name, media_type=media_type):
                        errors = SPEC.errors(media["schema"], media["example"])
                        self.assertEqual([], errors, format_errors(errors, media["example"]))

    def test_the_description_has_exactly_the_routes_of_http_api_md(self):
        routes = documented_routes()
        self.assertGreaterEqual(len(routes), 20, routes)
        ops = [(path, method.upper()) for path, method, _ in SPEC.operations()]
        for method, doc_path in sorted(routes):
            with self.subTest(route=f"{method} {doc_path}"):
                matches = [p for p, m in ops if m == method and doc_route_matches(doc_path, p)]
                self.assertEqual(len(matches), 1, f"{method} {doc_path} is described {len(matches)} times")
        for path, method in ops:
            with self.subTest(operation=f"{method} {path}"):
                self.assertTrue(any(m == method and doc_route_matches(p, path) for m, p in routes),
                                f"{method} {path} is not in docs/http-api.md")

    def test_conventions_of_http_api_md_hold_for_every_operation(self):
        ids = [op["operationId"] for _, _, op in SPEC.operations()]
        self.assertEqual(len(ids), len(set(ids)), "operationIds are unique")
        schemes = SPEC.doc["components"]["securitySchemes"]
        self.assertEqual(schemes["bearerAuth"], {**schemes["bearerAuth"], "type": "http", "scheme": "bearer",
                                                 "bearerFormat": "PASETO"})
        problem = SPEC.doc["components"]["schemas"]["Problem"]
        self.assertEqual(set(problem["required"]), {"type", "title", "status", "detail", "request_id"})
        for path, method, op in SPEC.operations():
            with self.subTest(operation=f"{method.upper()} {path}"):
                responses = op["responses"]
                if op.get("security", SPEC.doc["security"]):
                    self.assertIn("401", responses, "a route that needs a token documents 401")
                    self.assertIn("WWW-Authenticate", SPEC.resolve(responses["401"])["headers"])
                if "requestBody" in op:
                    body = SPEC.resolve(op["requestBody"])
                    self.assertEqual(list(body["content"]), ["application/json"])
                    self.assertIs(SPEC.resolve(body["content"]["application/json"]["schema"]).get(
                        "additionalProperties"), False, "unknown fields are refused")
                    for status in ("400", "413", "415"):
                        self.assertIn(status, responses)
                self.assertTrue(any(s.startswith("2") for s in responses))
                for status, response in responses.items():
                    response = SPEC.resolve(response)
                    self.assertIn("X-Request-Id", response.get("headers", {}), f"{status}: X-Request-Id")
                    if status.startswith("4"):
                        self.assertEqual(list(response["content"]), ["application/problem+json"], status)
                        self.assertEqual(response["content"]["application/problem+json"]["schema"],
                                         {"$ref": "#/components/schemas/Problem"}, status)
                    if status == "204":
                        self.assertNotIn("content", response)
                    if status.startswith("2") and response.get("content", {}).get("application/json"):
                        schema = response["content"]["application/json"]["schema"]
                        self.assertIs(SPEC.resolve(schema).get("additionalProperties"), False,
                                      f"{status}: the JSON shapes are closed, as in schemas/*.json")


# --- the running server ----------------------------------------------------------------------------


class ContractServerTest(ServerTest):
    """Helpers shared by the server-side checks."""

    def assert_documented(self, r, path, method):
        """`r` has a status the description gives for this operation, that response's required
        headers and media type, and a body that validates against its schema. Returns the parsed
        JSON body (or the raw body for other media types)."""
        op = SPEC.operation(path, method)
        where = f"{method.upper()} {path}"
        self.assertIn(str(r.status), op["responses"], f"status {r.status} is not documented for {where}\n{r!r}")
        response = SPEC.resolve(op["responses"][str(r.status)])
        for name, header in response.get("headers", {}).items():
            header = SPEC.resolve(header)
            if header.get("required"):
                self.assertIn(name, r.headers, f"{where}: header {name} missing\n{r!r}")
            if name in r.headers and "schema" in header:
                errors = SPEC.errors(header["schema"], r.headers[name])
                self.assertEqual([], errors, f"{where}: header {name}: {r.headers[name]!r}\n{r!r}")
        self.covered.add((method.upper(), path, r.status))
        content = response.get("content")
        if not content:
            self.assertEqual(r.body, b"", f"{where}: {r.status} has no body\n{r!r}")
            return None
        media_type = r.headers.media_type()
        media = content.get(media_type) or content.get("*/*")
        self.assertIsNotNone(media, f"{where}: Content-Type {media_type!r} is not one of {list(content)}\n{r!r}")
        if not JSON_MEDIA.match(media_type):
            return r.body
        try:
            data = r.json()
        except ValueError as e:
            self.fail(f"{where}: body is not JSON ({e})\n{r!r}")
        # A body that does not match is reported, and the test goes on with the data it got (so
        # one run lists every mismatch rather than the first).
        with self.subTest(response=f"{where} -> {r.status}"):
            errors = SPEC.errors(media["schema"], data)
            self.assertEqual([], errors, f"{where} -> {r.status} does not match its schema:\n"
                             f"{format_errors(errors, data)}")
        if media_type == "application/problem+json":
            self.assertEqual(data.get("status"), r.status, r)
            self.assertEqual(data.get("request_id"), r.headers.get("X-Request-Id"), r)
        cli_schema = CLI_SCHEMAS.get(media["schema"].get("$ref"))
        if cli_schema:
            with self.subTest(response=f"{where} -> {r.status}", schema=cli_schema):
                errors = list(self.cli_validator(cli_schema).iter_errors(data))
                self.assertEqual([], errors, f"{where} -> {r.status} does not match schemas/{cli_schema}:\n"
                                 f"{format_errors(errors, data)}")
        return data

    def cli_validator(self, name):
        """A draft-07 validator for schemas/<name> (the CLI's JSON shapes)."""
        if name in harness.SCHEMAS:
            return harness.schema_validator(self, name)
        schema = self.schema(name)
        jsonschema.Draft7Validator.check_schema(schema)
        return jsonschema.Draft7Validator(schema)

    def setUp(self):
        super().setUp()
        self.covered = set()

    def cli_json(self, *args):
        r = self.run_cli(*args, "--format", "json")
        self.assertEqual(r.code, 0, r)
        return r.json()

    def cli_fixtures(self):
        """Records made with the CLI, so that each route is tested on its own: {name: id}."""
        acme = self.cli_json("clients", "add", "--name", "Acme", "--domain", "acme.example")
        spare_client = self.cli_json("clients", "add", "--name", "Globex")
        jane = self.cli_json("contacts", "add", "--first-name", "Jane", "--last-name", "Doe",
                             "--email", "jane@example.com", "--phone", "+33612345678", "--client", str(acme["id"]),
                             "--tag", "vip", "--legal-basis", "consent")
        spare_contact = self.cli_json("contacts", "add", "--first-name", "John", "--last-name", "Roe")
        prompt = self.write("prompt.txt", "email me at jane@example.com\n")
        r = self.run_cli("check", "--format", "json", "--fail-on", "never", prompt)
        self.assertEqual(r.code, 0, r)
        audit_id = r.json()["inputs"][0]["audit_id"]
        return {"client": acme["id"], "spare_client": spare_client["id"], "contact": jane["id"],
                "spare_contact": spare_contact["id"], "audit": audit_id}


class ServedDescriptionTest(ContractServerTest):
    # (b)
    def test_get_openapi_yaml_is_schemas_openapi_yaml_byte_for_byte(self):
        r = self.http("GET", "/api/v1/openapi.yaml")
        self.assertEqual(r.status, 200, r)
        self.assertEqual(r.headers.media_type(), "application/yaml", r)
        self.assertEqual(r.body, SPEC.raw, "the served description differs from schemas/openapi.yaml")
        self.assert_documented(r, "/api/v1/openapi.yaml", "get")

    def test_health_version_is_the_description_version_and_the_cli_version(self):
        r = self.http("GET", "/api/v1/health")
        health = self.assert_documented(r, "/api/v1/health", "get")
        self.assertEqual(health["version"], SPEC.doc["info"]["version"])
        self.assertEqual(self.run_cli("--version").out.strip(), health["version"])


class RoutesExistTest(ContractServerTest):
    # (c)
    def test_every_described_route_answers_with_the_admin_token(self):
        ids = self.cli_fixtures()
        self.assertEqual(self.run_cli("audit", "checkpoint").code, 0)  # covers the fixture records
        root = self.http("GET", "/")
        ui_files = re.findall(r"""(?:src|href)=["'](/ui/[^"'?#]+)""", root.text)
        calls = {
            ("/api/v1/health", "get"): ("/api/v1/health", None, 200),
            ("/api/v1/session", "get"): ("/api/v1/session", None, 200),
            ("/api/v1/compliance/check", "post"): (
                "/api/v1/compliance/check", {"text": "email me at jane@example.com", "redact": "mask"}, 200),
            ("/api/v1/compliance/redact", "post"): (
                "/api/v1/compliance/redact", {"text": "email me at jane@example.com", "mode": "partial"}, 200),
            ("/api/v1/compliance/audit", "get"): ("/api/v1/compliance/audit", None, 200),
            ("/api/v1/compliance/audit/{id}", "get"): (f"/api/v1/compliance/audit/{ids['audit']}", None, 200),
            ("/api/v1/compliance/audit/{id}/checkpoint", "get"): (
                f"/api/v1/compliance/audit/{ids['audit']}/checkpoint", None, 200),
            ("/api/v1/audit/verify", "get"): ("/api/v1/audit/verify", None, 200),
            ("/api/v1/contacts", "get"): ("/api/v1/contacts", None, 200),
            ("/api/v1/contacts", "post"): (
                "/api/v1/contacts", {"first_name": "Ada", "last_name": "Lovelace", "email": "ada@example.com"}, 201),
            ("/api/v1/contacts/{id}", "get"): (f"/api/v1/contacts/{ids['contact']}", None, 200),
            ("/api/v1/contacts/{id}", "patch"): (f"/api/v1/contacts/{ids['contact']}", {"notes": "met at a fair"}, 200),
            ("/api/v1/contacts/{id}", "delete"): (f"/api/v1/contacts/{ids['spare_contact']}", None, 204),
            ("/api/v1/clients", "get"): ("/api/v1/clients", None, 200),
            ("/api/v1/clients", "post"): ("/api/v1/clients", {"name": "Initech", "domain": "initech.example"}, 201),
            ("/api/v1/clients/{id}", "get"): (f"/api/v1/clients/{ids['client']}", None, 200),
            ("/api/v1/clients/{id}", "patch"): (f"/api/v1/clients/{ids['client']}", {"domain": "acme.test"}, 200),
            ("/api/v1/clients/{id}", "delete"): (f"/api/v1/clients/{ids['spare_client']}", None, 204),
            ("/metrics", "get"): ("/metrics", None, 200),
            ("/api/v1/openapi.yaml", "get"): ("/api/v1/openapi.yaml", None, 200),
            ("/", "get"): ("/", None, 200),
            ("/ui/{file}", "get"): (ui_files[0] if ui_files else None, None, 200),
        }
        described = {(path, method) for path, method, _ in SPEC.operations()}
        self.assertEqual(described, set(calls), "one call per described operation")
        for (template, method), (path, body, expected) in calls.items():
            with self.subTest(route=f"{method.upper()} {template}"):
                if path is None:
                    self.skipTest("the dashboard page links no /ui/ file to try")
                if body is not None:
                    request = SPEC.resolve(SPEC.operation(template, method)["requestBody"])
                    schema = request["content"]["application/json"]["schema"]
                    self.assertEqual([], SPEC.errors(schema, body), "the test's body follows the description")
                r = self.http(method.upper(), path, token=self.admin_token, json_body=body)
                self.assertNotIn(r.status, (404, 405), f"route missing\n{r!r}")
                self.assertEqual(r.status, expected, r)
        # The check above means something: an unknown route is a 404 problem.
        r = self.http("GET", "/api/v1/no-such-route", token=self.admin_token)
        self.assertEqual(r.status, 404, r)
        self.assertEqual(r.headers.media_type(), "application/problem+json", r)


class ResponsesMatchSchemasTest(ContractServerTest):
    # (d)
    def test_json_responses_match_the_described_schemas(self):
        admin = self.admin_token
        viewer = self.issue_token("viewer")
        check = self.assert_documented

        health = check(self.http("GET", "/api/v1/health"), "/api/v1/health", "get")
        self.assertEqual(health["status"], "ok")
        session = check(self.http("GET", "/api/v1/session", token=viewer), "/api/v1/session", "get")
        self.assertEqual((session["sub"], session["role"], session["org"]), ("viewer-user", "viewer", "default"))
        self.assertIn("contacts list", session["permissions"])
        self.assertNotIn("contacts add", session["permissions"])
        check(self.http("GET", "/api/v1/session", token=admin), "/api/v1/session", "get")

        # clients
        r = self.http("POST", "/api/v1/clients", token=admin, json_body={"name": "Acme", "domain": "acme.example"})
        self.assertEqual(r.status, 201, r)
        client = check(r, "/api/v1/clients", "post")
        bare = check(self.http("POST", "/api/v1/clients", token=admin, json_body={"name": "Globex"}),
                     "/api/v1/clients", "post")
        self.assertIsNone(bare["domain"])
        check(self.http("GET", "/api/v1/clients?limit=10&offset=0", token=admin), "/api/v1/clients", "get")
        check(self.http("GET", f"/api/v1/clients/{client['id']}", token=admin), "/api/v1/clients/{id}", "get")
        updated = check(self.http("PATCH", f"/api/v1/clients/{client['id']}", token=admin,
                                  json_body={"domain": "acme.test"}), "/api/v1/clients/{id}", "patch")
        self.assertEqual(updated["domain"], "acme.test")

        # contacts
        r = self.http("POST", "/api/v1/contacts", token=admin, json_body={
            "first_name": "Jane", "last_name": "Doe", "email": "jane@example.com", "phone": "+33612345678",
            "client": str(client["id"]), "tags": ["vip"], "notes": "prefers email", "legal_basis": "consent"})
        self.assertEqual(r.status, 201, r)
        contact = check(r, "/api/v1/contacts", "post")
        self.assertEqual(contact["client"], {"id": client["id"], "name": "Acme"})
        self.assertTrue(contact["pii_masked"])
        check(self.http("POST", "/api/v1/contacts", token=admin, json_body={"first_name": "John", "last_name": "Roe"}),
              "/api/v1/contacts", "post")
        listed = check(self.http("GET", "/api/v1/contacts?limit=10", token=admin), "/api/v1/contacts", "get")
        self.assertEqual(listed["total"], 2)
        revealed = check(self.http("GET", "/api/v1/contacts?reveal=true", token=admin), "/api/v1/contacts", "get")
        self.assertIn("jane@example.com", [c["email"] for c in revealed["items"]])
        check(self.http("GET", f"/api/v1/contacts/{contact['id']}", token=viewer), "/api/v1/contacts/{id}", "get")
        shown = check(self.http("GET", f"/api/v1/contacts/{contact['id']}?reveal=true", token=admin),
                      "/api/v1/contacts/{id}", "get")
        self.assertEqual((shown["pii_masked"], shown["email"]), (False, "jane@example.com"))
        patched = check(self.http("PATCH", f"/api/v1/contacts/{contact['id']}", token=admin,
                                  json_body={"notes": "", "phone": "", "tags": ["vip", "lead"]}),
                        "/api/v1/contacts/{id}", "patch")
        self.assertEqual((patched["notes"], patched["phone"]), (None, None))

        # compliance
        decision = check(self.http("POST", "/api/v1/compliance/check", token=admin,
                                   json_body={"text": "email me at bob@example.org", "redact": "mask"}),
                         "/api/v1/compliance/check", "post")
        self.assertEqual(decision["redacted"], "email me at [EMAIL]")
        self.assertIn(decision["driver"], range(len(decision["findings"])))
        allowed = check(self.http("POST", "/api/v1/compliance/check", token=admin, json_body={"text": "hello"}),
                        "/api/v1/compliance/check", "post")
        self.assertNotIn("redacted", allowed)
        self.assertNotIn("driver", allowed)
        redacted = check(self.http("POST", "/api/v1/compliance/redact", token=admin,
                                   json_body={"text": "email me at jane@example.com", "mode": "partial"}),
                         "/api/v1/compliance/redact", "post")
        self.assertEqual(redacted["mode"], "partial")
        self.assertNotIn("jane@example.com", redacted["text"])
        audit = check(self.http("GET", "/api/v1/compliance/audit?limit=100", token=admin),
                      "/api/v1/compliance/audit", "get")
        self.assertIn(decision["audit_id"], [rec["id"] for rec in audit["items"]])
        check(self.http("GET", "/api/v1/compliance/audit?action=check&decision=block", token=admin),
              "/api/v1/compliance/audit", "get")
        record = check(self.http("GET", f"/api/v1/compliance/audit/{decision['audit_id']}", token=admin),
                       "/api/v1/compliance/audit/{id}", "get")
        self.assertEqual(record["id"], decision["audit_id"])
        by_seq = check(self.http("GET", f"/api/v1/compliance/audit/{record['seq']}", token=admin),
                       "/api/v1/compliance/audit/{id}", "get")
        self.assertEqual(by_seq, record)
        verify = check(self.http("GET", "/api/v1/audit/verify", token=admin), "/api/v1/audit/verify", "get")
        self.assertTrue(verify["ok"], verify)

        # refusals: 403 (a viewer adding a contact, with the client's request id) and 401
        r = self.http("POST", "/api/v1/contacts", token=viewer, json_body={"first_name": "A", "last_name": "B"},
                      headers={"X-Request-Id": "contract-test.403"})
        problem = check(r, "/api/v1/contacts", "post")
        self.assertEqual(r.status, 403, r)
        self.assertEqual((r.headers["X-Request-Id"], problem["request_id"]), ("contract-test.403", "contract-test.403"))
        self.assertIn("viewer", problem["detail"])
        r = self.http("GET", "/api/v1/compliance/audit", token=viewer)
        self.assertEqual(r.status, 403, r)
        check(r, "/api/v1/compliance/audit", "get")
        for token in (None, "not-a-token", admin[:-4] + ("AAAA" if not admin.endswith("AAAA") else "BBBB")):
            with self.subTest(token=(token or "none")[:12]):
                r = self.http("GET", "/api/v1/contacts", token=token)
                self.assertEqual(r.status, 401, r)
                check(r, "/api/v1/contacts", "get")
                self.assertTrue(r.headers["WWW-Authenticate"].startswith("Bearer"), r)

        # text routes
        check(self.http("GET", "/metrics"), "/metrics", "get")
        check(self.http("GET", "/"), "/", "get")

        required = {
            ("GET", "/api/v1/health", 200), ("GET", "/api/v1/session", 200), ("POST", "/api/v1/compliance/check", 200),
            ("POST", "/api/v1/compliance/redact", 200), ("GET", "/api/v1/compliance/audit", 200),
            ("GET", "/api/v1/compliance/audit/{id}", 200), ("GET", "/api/v1/audit/verify", 200),
            ("GET", "/api/v1/contacts", 200), ("POST", "/api/v1/contacts", 201), ("GET", "/api/v1/contacts/{id}", 200),
            ("PATCH", "/api/v1/contacts/{id}", 200), ("GET", "/api/v1/clients", 200), ("POST", "/api/v1/clients", 201),
            ("GET", "/api/v1/clients/{id}", 200), ("PATCH", "/api/v1/clients/{id}", 200),
            ("POST", "/api/v1/contacts", 403), ("GET", "/api/v1/contacts", 401),
        }
        self.assertEqual(set(), required - self.covered)

    def test_records_are_the_cli_json_unchanged(self):
        """Single records and lists are the same objects as the CLI's --format json."""
        client = self.cli_json("clients", "add", "--name", "Acme", "--domain", "acme.example")
        contact = self.cli_json("contacts", "add", "--first-name", "Jane", "--last-name", "Doe", "--email",
                                "jane@example.com", "--client", "Acme", "--tag", "vip")
        cases = [
            (f"/api/v1/contacts/{contact['id']}", "/api/v1/contacts/{id}", ("contacts", "show", str(contact["id"])),
             "contact.schema.json"),
            (f"/api/v1/contacts/{contact['id']}?reveal=true", "/api/v1/contacts/{id}",
             ("contacts", "show", str(contact["id"]), "--reveal"), "contact.schema.json"),
            (f"/api/v1/clients/{client['id']}", "/api/v1/clients/{id}", ("clients", "show", str(client["id"])),
             "client.schema.json"),
            ("/api/v1/contacts", "/api/v1/contacts", ("contacts", "list"), "contact-list.schema.json"),
            ("/api/v1/clients", "/api/v1/clients", ("clients", "list"), "client-list.schema.json"),
        ]
        for path, template, cli, schema_name in cases:
            with self.subTest(path=path):
                r = self.http("GET", path, token=self.admin_token)
                self.assertEqual(r.status, 200, r)
                data = self.assert_documented(r, template, "get")
                self.assertEqual(data, self.cli_json(*cli))
                self.assertEqual([], [e.message for e in self.cli_validator(schema_name).iter_errors(data)])
        # Audit records: the same schema as `audit show --format json`.
        prompt = self.write("prompt.txt", "email me at jane@example.com\n")
        r = self.run_cli("check", "--format", "json", "--fail-on", "never", prompt)
        audit_id = r.json()["inputs"][0]["audit_id"]
        r = self.http("GET", f"/api/v1/compliance/audit/{audit_id}", token=self.admin_token)
        self.assertEqual(r.status, 200, r)
        record = self.assert_documented(r, "/api/v1/compliance/audit/{id}", "get")
        self.assertEqual(record, self.cli_json("audit", "show", audit_id))
        validator = self.cli_validator("audit-record.schema.json")
        self.assertEqual([], [e.message for e in validator.iter_errors(record)])


class ErrorResponsesTest(ContractServerTest):
    """The other described refusals (400, 404, 409, 415, 413) are problem+json of the described shape."""

    serve_args = ["--max-body", "4096"]

    def test_refusals_match_the_problem_schema(self):
        admin = self.admin_token
        client = self.cli_json("clients", "add", "--name", "Acme")
        self.cli_json("contacts", "add", "--first-name", "Jane", "--last-name", "Doe", "--client", "Acme")
        cases = [
            ("unknown field", "POST", "/api/v1/clients", "/api/v1/clients", {"name": "X", "colour": "red"}, None, 400),
            ("not an object", "POST", "/api/v1/contacts", "/api/v1/contacts", None, b"[1, 2]", 400),
            ("malformed JSON", "POST", "/api/v1/compliance/check", "/api/v1/compliance/check", None, b'{"text":', 400),
            ("bad limit", "GET", "/api/v1/contacts?limit=0", "/api/v1/contacts", None, None, 400),
            ("no such contact", "GET", "/api/v1/contacts/999999", "/api/v1/contacts/{id}", None, None, 404),
            ("no such record", "GET", "/api/v1/compliance/audit/ffffffffffffffff", "/api/v1/compliance/audit/{id}",
             None, None, 404),
            ("duplicate client name", "POST", "/api/v1/clients", "/api/v1/clients", {"name": "ACME"}, None, 409),
            ("client still referenced", "DELETE", f"/api/v1/clients/{client['id']}", "/api/v1/clients/{id}", None, None,
             409),
            ("not JSON", "POST", "/api/v1/compliance/redact", "/api/v1/compliance/redact", None,
             b"text=hello", 415),
            ("too large", "POST", "/api/v1/compliance/check", "/api/v1/compliance/check",
             {"text": "x" * 8192}, None, 413),
        ]
        for name, method, path, template, json_body, body, expected in cases:
            with self.subTest(case=name):
                headers = {"Content-Type": "application/x-www-form-urlencoded"} if expected == 415 else None
                if body is not None and headers is None:
                    headers = {"Content-Type": "application/json"}
                r = self.http(method, path, token=admin, json_body=json_body, body=body, headers=headers)
                self.assertEqual(r.status, expected, r)
                problem = self.assert_documented(r, template, method)
                self.assertNotIn("x" * 64, problem["detail"])
                if name == "unknown field":
                    self.assertIn("colour", problem["detail"])


if __name__ == "__main__":
    unittest.main()
