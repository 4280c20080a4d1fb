"""Schemathesis hooks for scripts/schemathesis.sh.

Two values the OpenAPI document cannot make valid by their shape alone:

- a page cursor (`cursor`, `since`) is only valid as the API handed it out
  (any other gets 400): a positive case leaves it out rather than send a
  random one;
- an `Idempotency-Key` sent again with another body is refused with 422 by
  design (draft-ietf-httpapi-idempotency-key-header): each positive case
  gets a key of its own, keeping the generated key as its prefix.

Negative cases are sent as generated.
"""

import itertools

import schemathesis

_serial = itertools.count()


@schemathesis.hook
def before_call(context, case, kwargs):
    meta = case.meta
    if meta is None or not meta.generation.mode.is_positive:
        return
    if case.query:
        for name in ("cursor", "since"):
            case.query.pop(name, None)
    if case.headers and "Idempotency-Key" in case.headers:
        key = str(case.headers["Idempotency-Key"])
        case.headers["Idempotency-Key"] = f"{key[:200]}-{next(_serial)}"
