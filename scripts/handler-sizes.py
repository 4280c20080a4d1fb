#!/usr/bin/env python3
"""Lines of every HTTP handler (from `pub async fn` to its closing brace)."""
import pathlib, re, sys
limit = int(sys.argv[1]) if len(sys.argv) > 1 else 0
sizes = []
for path in sorted(pathlib.Path("crates/http/src/routes").rglob("*.rs")):
    lines = path.read_text().split("\n")
    for i, line in enumerate(lines):
        if re.match(r"#\[(get|post|put|patch|delete|head)\(", line.strip()):
            j = i + 1
            while not lines[j].startswith("pub async fn"):
                j += 1
            k = j
            while lines[k] != "}":
                k += 1
            name = re.match(r"pub async fn (\w+)", lines[j]).group(1)
            sizes.append((k - j + 1, f"{path}:{j + 1}", name))
for size, where, name in sorted(sizes, reverse=True):
    if size > limit:
        print(f"{size:4} {name:40} {where}")
print(f"{len(sizes)} handlers, largest {max(s[0] for s in sizes)} lines", file=sys.stderr)
