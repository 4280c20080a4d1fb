// A small frontend's use of Samverka, written against the types that
// openapi-typescript generates from openapi/openapi.json. It only has to
// type-check (scripts/check-openapi.sh): when the document changes in a way
// that breaks clients, this file stops compiling.
import type { components, paths } from "./generated/samverka";

type Company = components["schemas"]["CompanyResponse"];
type NewCompany = components["schemas"]["CreateCompanyRequest"];
type Problem = components["schemas"]["Problem"];
type CompanyQuery = NonNullable<paths["/api/v1/companies"]["get"]["parameters"]["query"]>;
type CompanyPage = paths["/api/v1/companies"]["get"]["responses"][200]["content"]["application/json"];
type TokenAnswer = components["schemas"]["TokenResponse"];

const base = "http://127.0.0.1:8080";

async function token(email: string, password: string): Promise<string> {
  const body = new URLSearchParams({ grant_type: "password", username: email, password });
  const answer = await fetch(`${base}/api/v1/auth/token`, { method: "POST", body });
  const json = (await answer.json()) as TokenAnswer;
  return json.access_token;
}

async function companies(bearer: string, query: CompanyQuery): Promise<Company[]> {
  const all: Company[] = [];
  let cursor: string | undefined;
  do {
    const params = new URLSearchParams();
    if (query.municipality) params.set("municipality", query.municipality);
    if (query.q) params.set("q", query.q);
    params.set("limit", String(query.limit ?? 100));
    if (cursor) params.set("cursor", cursor);
    const answer = await fetch(`${base}/api/v1/companies?${params}`, { headers: { Authorization: `Bearer ${bearer}` } });
    if (!answer.ok) throw problem(await answer.json());
    const page = (await answer.json()) as CompanyPage;
    all.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return all;
}

async function register(bearer: string, company: NewCompany): Promise<Company> {
  const answer = await fetch(`${base}/api/v1/companies`, {
    method: "POST",
    headers: { Authorization: `Bearer ${bearer}`, "Content-Type": "application/json", "Idempotency-Key": crypto.randomUUID() },
    body: JSON.stringify(company),
  });
  if (answer.status !== 201) throw problem(await answer.json());
  return (await answer.json()) as Company;
}

function problem(json: unknown): Error {
  const p = json as Problem;
  const fields = (p.errors ?? []).map((e) => `${e.field}: ${e.message}`).join("; ");
  return new Error(`${p.status} ${p.title}${fields ? ` (${fields})` : ""}`);
}

export async function demo(): Promise<void> {
  const bearer = await token("anna.berg@eksjo.se", "a first password");
  const eksjo = await companies(bearer, { municipality: "0686" });
  const created = await register(bearer, {
    orgNumber: "556036-0793",
    name: "Eksjö Mekaniska AB",
    municipality: "0686",
    sniCode: "25620",
    employees: 42,
  });
  console.log(eksjo.map((c) => `${c.orgNumber} ${c.name} (${c.sizeClass})`), created.id);
}
