// The client against a live server with the demo data (scripts/client-smoke.sh):
// sign in, list companies page by page, create one with an Idempotency-Key
// (and replay it), read a problem, and receive a signed webhook delivery
// and verify its signature. Exits non-zero on the first failure.
import { allPages, createSamverkaClient, signIn, verifySignature, type Problem } from "./index.js";

declare const process: { env: Record<string, string | undefined>; exit(code: number): never };

const base = process.env["SAMVERKA_URL"] ?? "http://127.0.0.1:8080";

function check(condition: boolean, what: string): void {
  if (!condition) {
    console.error(`FAILED: ${what}`);
    process.exit(1);
  }
  console.log(`ok: ${what}`);
}

/** A valid organisation number nobody has: nine random digits and the Luhn check digit. */
function orgNumber(): string {
  const digits = [5, 5, 9, ...Array.from({ length: 6 }, () => Math.floor(Math.random() * 10))];
  const sum = digits.reduce((total, digit, i) => {
    const d = i % 2 === 0 ? digit * 2 : digit;
    return total + (d > 9 ? d - 9 : d);
  }, 0);
  const all = [...digits, (10 - (sum % 10)) % 10].join("");
  return `${all.slice(0, 6)}-${all.slice(6)}`;
}

const signedIn = await signIn(base, "officer@demo.samverka.se", "samverka-demo-2026");
check(signedIn.access_token.length > 0, "an officer signs in with the password grant");
const client = createSamverkaClient(base, () => signedIn.access_token);

let seen = 0;
let pages = 0;
for await (const items of allPages(async (cursor) => {
  const { data, error } = await client.GET("/api/v1/companies", {
    params: { query: { municipality: "0686", limit: 7, ...(cursor ? { cursor } : {}) } },
  });
  if (error || !data) throw new Error(`list: ${JSON.stringify(error)}`);
  return data;
})) {
  seen += items.length;
  pages += 1;
}
check(pages > 1 && seen > 7, `the companies of Eksjö, page by page (${seen} in ${pages} pages)`);

// A webhook receiver (Node's own HTTP server), subscribed by the demo admin before the company is made.
const httpModule = "node:http";
const http = await import(httpModule);
const deliveries: { signature: string; body: string }[] = [];
const receiver = http.createServer((req: any, res: any) => {
  let body = "";
  req.on("data", (chunk: any) => (body += chunk));
  req.on("end", () => {
    deliveries.push({ signature: String(req.headers["samverka-signature"] ?? ""), body });
    res.writeHead(204).end();
  });
});
await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
const admin = await signIn(base, "admin@demo.samverka.se", "samverka-demo-2026");
const adminClient = createSamverkaClient(base, () => admin.access_token);
const hook = await adminClient.POST("/api/v1/webhooks", {
  body: { url: `http://127.0.0.1:${receiver.address().port}/samverka`, events: ["company.created"] },
});
check(hook.response.status === 201 && typeof hook.data?.secret === "string", "an admin subscribes a webhook and gets its secret");

const company = { orgNumber: orgNumber(), name: "Smoke Test Mekaniska AB", municipality: "0686", sniCode: "25620", employees: 12, listed: true };
const key = `smoke-${Date.now()}`;
const first = await client.POST("/api/v1/companies", { body: company, params: { header: { "Idempotency-Key": key } } });
check(first.response.status === 201 && first.data?.orgNumber === company.orgNumber, "a company is created with an Idempotency-Key");
const again = await client.POST("/api/v1/companies", { body: company, params: { header: { "Idempotency-Key": key } } });
check(
  again.data?.id === first.data?.id && again.response.headers.get("Idempotent-Replayed") === "true",
  "the same key and body answer the first result again",
);

const bad = await client.POST("/api/v1/companies", { body: { ...company, orgNumber: "556036-0790", employees: -1 } });
const problem = bad.error as Problem | undefined;
check(bad.response.status === 422 && bad.response.headers.get("content-type") === "application/problem+json", "bad input is a 422 problem");
const fields = (problem?.errors ?? []).map((e) => e.field).sort();
check(fields.join(",") === "employees,orgNumber", `the problem names every bad field (${fields.join(", ")})`);
for (let i = 0; i < 100 && deliveries.length === 0; i++) await new Promise((r) => setTimeout(r, 100));
const delivery = deliveries[0];
check(delivery !== undefined && JSON.parse(delivery.body).type === "company.created", "the webhook receives company.created");
const secret = hook.data?.secret ?? "";
check(await verifySignature(secret, delivery?.signature ?? "", delivery?.body ?? ""), "verifySignature accepts the delivery");
check(!(await verifySignature(secret, delivery?.signature ?? "", `${delivery?.body} `)), "and refuses a changed body");
check(!(await verifySignature("another secret", delivery?.signature ?? "", delivery?.body ?? "")), "and another secret");
receiver.close();
console.log("the client works against a live server");
