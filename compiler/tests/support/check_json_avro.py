# Checks the JSON Schema and Avro binary outputs of accord against independent implementations
# (python-jsonschema, fastavro). Input: the JSON file written by tests/json_targets.rs.
# Prints a summary; exits 1 with every failure listed, 3 when a package is missing.
import base64
import datetime
import decimal
import io
import json
import math
import re
import struct
import sys
import uuid

try:
    import fastavro
    import jsonschema
    from jsonschema import Draft202012Validator
except ImportError as error:
    print(f"missing Python package: {error} (pip install -r scripts/requirements-test.txt)")
    sys.exit(3)

UTC = datetime.timezone.utc
DATE = r"(\d{4})-(\d{2})-(\d{2})"
TIME = r"(\d{2}):(\d{2}):(\d{2})\.(\d+)"


def date_of(text):
    m = re.fullmatch(DATE, text)
    assert m, f"bad date {text!r}"
    return datetime.date(*map(int, m.groups()))


def time_of(text, digits):
    m = re.fullmatch(TIME, text)
    assert m and len(m.group(4)) == digits, f"bad time {text!r}"
    h, mi, s, frac = m.groups()
    return datetime.time(int(h), int(mi), int(s), int(frac) * 10 ** (6 - digits))


def timestamp_of(text, digits, zone):
    m = re.fullmatch(DATE + "T" + TIME + zone, text)
    assert m and len(m.group(7)) == digits, f"bad timestamp {text!r}"
    y, mo, d, h, mi, s, frac = m.groups()
    tz = UTC if zone == "Z" else None
    return datetime.datetime(
        int(y), int(mo), int(d), int(h), int(mi), int(s), int(frac) * 10 ** (6 - digits), tz
    )


def b64(text):
    raw = base64.b64decode(text, validate=True)
    assert base64.b64encode(raw).decode() == text, f"non-canonical base64 {text!r}"
    return raw


def decimal_of(text, scale):
    assert isinstance(text, str), f"decimal not a string: {text!r}"
    value = decimal.Decimal(text)
    assert format(value, "f") == text and -value.as_tuple().exponent == scale, (
        f"non-canonical decimal {text!r} for scale {scale}"
    )
    return value


def float_of(value, single):
    specials = {"NaN": math.nan, "Infinity": math.inf, "-Infinity": -math.inf}
    if isinstance(value, str):
        return specials[value]
    assert isinstance(value, (int, float)) and not isinstance(value, bool)
    value = float(value)
    return struct.unpack("<f", struct.pack("<f", value))[0] if single else value


class Avro:
    """Walks an accord Avro schema alongside the JSON twin of a value."""

    def __init__(self, schema):
        self.named = {}
        self.collect(schema)

    def collect(self, s):
        if isinstance(s, list):
            for b in s:
                self.collect(b)
        elif isinstance(s, dict):
            t = s["type"]
            if t in ("record", "error", "enum", "fixed"):
                self.named[s["namespace"] + "." + s["name"]] = s
                for f in s.get("fields", []):
                    self.collect(f["type"])
            elif t == "array":
                self.collect(s["items"])
            elif t == "map":
                self.collect(s["values"])

    def resolve(self, s):
        return self.named.get(s, s) if isinstance(s, str) else s

    def tag(self, s):
        s = self.resolve(s)
        if isinstance(s, str):
            return s
        if s["type"] in ("record", "error", "enum", "fixed"):
            return s["namespace"] + "." + s["name"]
        return s["type"]

    def value(self, s, j):
        """The Python value of JSON twin `j` for fastavro, union branches in tuple notation."""
        s = self.resolve(s)
        if isinstance(s, list):
            if j is None:
                assert "null" in s, "null for a union without null"
                return None
            values = [b for b in s if b != "null"]
            if "null" in s and len(values) == 1:
                return (self.tag(values[0]), self.value(values[0], j))
            assert isinstance(j, dict) and len(j) == 1, f"untagged union value {j!r}"
            ((key, inner),) = j.items()
            branch = next((b for b in values if self.tag(b) == key), None)
            assert branch is not None, f"tag {key!r} is no branch of {[self.tag(b) for b in s]}"
            return (key, self.value(branch, inner))
        t = s if isinstance(s, str) else s["type"]
        logical = None if isinstance(s, str) else s.get("logicalType")
        if t in ("record", "error"):
            names = [f["name"] for f in s["fields"]]
            assert list(j) == names, f"record keys {list(j)} are not the fields {names} in order"
            return {f["name"]: self.value(f["type"], j[f["name"]]) for f in s["fields"]}
        if t == "enum":
            assert j in s["symbols"], f"{j!r} is no symbol"
            return j
        if t == "fixed":
            if logical == "decimal":
                return decimal_of(j, s.get("scale", 0))
            raw = b64(j)
            assert len(raw) == s["size"], "fixed of the wrong size"
            return raw
        if t == "array":
            return [self.value(s["items"], x) for x in j]
        if t == "map":
            return {k: self.value(s["values"], v) for k, v in j.items()}
        if t == "bytes":
            return decimal_of(j, s.get("scale", 0)) if logical == "decimal" else b64(j)
        if t in ("int", "long"):
            if logical == "date":
                return date_of(j)
            if logical in ("time-millis", "time-micros"):
                return time_of(j, 3 if logical == "time-millis" else 6)
            if logical in ("timestamp-millis", "timestamp-micros"):
                return timestamp_of(j, 3 if logical.endswith("millis") else 6, "Z")
            if logical in ("local-timestamp-millis", "local-timestamp-micros"):
                return timestamp_of(j, 3 if logical.endswith("millis") else 6, "")
            assert isinstance(j, int) and not isinstance(j, bool), f"not an integer: {j!r}"
            return j
        if t in ("float", "double"):
            return float_of(j, t == "float")
        if t == "string":
            if logical == "uuid":
                assert str(uuid.UUID(j)) == j, f"non-canonical uuid {j!r}"
                return uuid.UUID(j)
            assert isinstance(j, str)
            return j
        if t == "boolean":
            assert isinstance(j, bool)
            return j
        if t == "null":
            assert j is None
            return None
        raise AssertionError(f"unknown schema {s!r}")

    def same(self, s, expected, decoded):
        """Whether fastavro's decoded value (named union branches as tuples) is the expected one."""
        s = self.resolve(s)
        if isinstance(s, list):
            if expected is None:
                return decoded is None
            key, inner = expected
            branch = next(b for b in s if b != "null" and self.tag(b) == key)
            named = isinstance(self.resolve(branch), dict) and self.resolve(branch)["type"] in (
                "record", "error", "enum", "fixed")
            if named:
                return isinstance(decoded, tuple) and decoded[0] == key and self.same(
                    branch, inner, decoded[1])
            return not isinstance(decoded, tuple) and self.same(branch, inner, decoded)
        t = s if isinstance(s, str) else s["type"]
        if t in ("record", "error"):
            return all(self.same(f["type"], expected[f["name"]], decoded[f["name"]])
                       for f in s["fields"]) and set(decoded) == set(expected)
        if t == "array":
            return len(expected) == len(decoded) and all(
                self.same(s["items"], e, d) for e, d in zip(expected, decoded))
        if t == "map":
            return list(expected) == list(decoded) and all(
                self.same(s["values"], expected[k], decoded[k]) for k in expected)
        if t in ("float", "double"):
            if math.isnan(expected):
                return math.isnan(decoded)
            return expected == decoded and math.copysign(1, expected) == math.copysign(1, decoded)
        if isinstance(expected, decimal.Decimal):
            return str(expected) == str(decoded)
        return type(expected) is type(decoded) and expected == decoded


def write(schema, value):
    out = io.BytesIO()
    fastavro.schemaless_writer(out, schema, value)
    return out.getvalue()


def check_avro(case, failures):
    avro = Avro(case["avro"])
    parsed = fastavro.parse_schema(case["avro"])
    root = case["avro"]
    for vector in case["vectors"]:
        where = f'{case["name"]} {vector["name"]}'
        data = bytes.fromhex(vector["avro_hex"])
        try:
            expected = avro.value(root, json.loads(vector["json"]))
            stream = io.BytesIO(data)
            decoded = fastavro.schemaless_reader(stream, parsed, None, return_named_type=True)
            assert stream.tell() == len(data), "bytes left after the datum"
            assert avro.same(root, expected, decoded), f"decoded {decoded!r} != {expected!r}"
            assert write(parsed, expected) == data, "fastavro encodes the JSON twin differently"
            assert write(parsed, decoded) == data, "fastavro re-encodes the decoded value differently"
        except Exception as error:  # noqa: BLE001 - every failure is reported
            failures.append(f"avro {where}: {type(error).__name__}: {error}")


def check_json(case, failures, counts):
    for mode, schema in case["schemas"].items():
        where = f'{case["name"]} ({mode})'
        try:
            Draft202012Validator.check_schema(schema)
        except jsonschema.SchemaError as error:
            failures.append(f"meta-schema {where}: {error.message}")
            continue
        counts["schemas"] += 1
        validator = Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)
        for vector in case["vectors"]:
            errors = list(validator.iter_errors(json.loads(vector["json"])))
            counts["valid"] += 1
            if errors:
                failures.append(f'valid {where} {vector["name"]}: {errors[0].message} at '
                                f'{list(errors[0].absolute_path)}')
        for bad in case["invalid"]:
            if bad["closed_only"] and mode != "closed":
                continue
            counts["invalid"] += 1
            if validator.is_valid(json.loads(bad["json"])):
                failures.append(f'invalid {where}: accepted {bad["what"]}: {bad["json"][:300]}')


def main():
    with open(sys.argv[1], encoding="utf-8") as file:
        cases = json.load(file)
    failures = []
    counts = {"schemas": 0, "valid": 0, "invalid": 0}
    for case in cases:
        check_json(case, failures, counts)
        check_avro(case, failures)
    vectors = sum(len(c["vectors"]) for c in cases)
    print(f'{len(cases)} type versions, {counts["schemas"]} schemas, {counts["valid"]} valid and '
          f'{counts["invalid"]} invalid JSON checks, {vectors} Avro vectors; '
          f'{len(failures)} failures')
    for failure in failures:
        print(failure)
    sys.exit(1 if failures else 0)


main()
