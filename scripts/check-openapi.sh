#!/usr/bin/env bash
# Checks the committed OpenAPI document from outside: an independent
# validator (openapi-spec-validator, PyPI) and a TypeScript client generated
# by openapi-typescript (npm) that a usage file must type-check against
# (clients/typescript/usage.ts). Installs the pinned tools when missing.
set -euo pipefail
cd "$(dirname "$0")/.."
spec=openapi/openapi.json
validator_version=0.9.0

if ! python3 -c "import openapi_spec_validator, importlib.metadata as m; assert m.version('openapi-spec-validator') == '$validator_version'" 2>/dev/null; then
  python3 -m pip install --quiet --disable-pip-version-check "openapi-spec-validator==$validator_version"
fi
echo "== openapi-spec-validator $validator_version"
python3 -m openapi_spec_validator "$spec"

echo "== openapi-typescript + tsc"
cd clients/typescript
npm ci --no-audit --no-fund --loglevel=error
npx --no-install openapi-typescript "../../$spec" -o generated/samverka.d.ts
npx --no-install tsc --noEmit -p .
echo "the generated client type-checks"
