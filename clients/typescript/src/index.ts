// @samverka/client: the types openapi-typescript generates from the API's
// OpenAPI document, and a small typed fetch wrapper (openapi-fetch) with the
// two things every Samverka client needs — signing in, and walking pages.
import createClient, { type Client } from "openapi-fetch";
import type { components, paths } from "../generated/samverka.js";

export type { components, paths };
export type Problem = components["schemas"]["Problem"];
export type TokenResponse = components["schemas"]["TokenResponse"];
export type SamverkaClient = Client<paths>;

/** A client of the API at `baseUrl`; `token()` gives the bearer token of each request. */
export function createSamverkaClient(baseUrl: string, token?: () => string | undefined): SamverkaClient {
  const client = createClient<paths>({ baseUrl });
  if (token) {
    client.use({
      onRequest({ request }) {
        const bearer = token();
        if (bearer) request.headers.set("Authorization", `Bearer ${bearer}`);
        return request;
      },
    });
  }
  return client;
}

/** Signs in at the OAuth 2.0 token endpoint: a person with the password grant. */
export async function signIn(baseUrl: string, username: string, password: string): Promise<TokenResponse> {
  return token(baseUrl, new URLSearchParams({ grant_type: "password", username, password }));
}

/** Signs in at the OAuth 2.0 token endpoint: an integration with its client credentials. */
export async function signInAsClient(baseUrl: string, clientId: string, clientSecret: string): Promise<TokenResponse> {
  return token(baseUrl, new URLSearchParams({ grant_type: "client_credentials", client_id: clientId, client_secret: clientSecret }));
}

async function token(baseUrl: string, form: URLSearchParams): Promise<TokenResponse> {
  const answer = await fetch(`${baseUrl}/api/v1/auth/token`, { method: "POST", body: form });
  const body: unknown = await answer.json();
  if (!answer.ok) throw new Error(`sign-in refused (${answer.status}): ${JSON.stringify(body)}`);
  return body as TokenResponse;
}

/** A page of a list: its items and the cursor of the next page. */
export interface Page<T> {
  items: T[];
  nextCursor?: string | null;
}

/** Every item of a keyset-paged list, page by page: `fetchPage` gets a page after `cursor`. */
export async function* allPages<T>(fetchPage: (cursor: string | undefined) => Promise<Page<T>>): AsyncGenerator<T[]> {
  let cursor: string | undefined;
  do {
    const page = await fetchPage(cursor);
    yield page.items;
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
}

/**
 * Whether a webhook delivery is genuine: `header` is its `Samverka-Signature`
 * (`t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>`), `body` the
 * raw request body, `secret` the subscription's secret. A signature older
 * than `toleranceSeconds` (default five minutes) is refused (replays).
 */
export async function verifySignature(
  secret: string,
  header: string,
  body: string,
  toleranceSeconds = 300,
  nowSeconds = Math.floor(Date.now() / 1000),
): Promise<boolean> {
  const parts = Object.fromEntries(header.split(",").map((p) => p.split("=", 2) as [string, string]));
  const t = Number(parts["t"]);
  const v1 = parts["v1"] ?? "";
  if (!Number.isFinite(t) || Math.abs(nowSeconds - t) > toleranceSeconds) return false;
  const encoder = new TextEncoder();
  const key = await crypto.subtle.importKey("raw", encoder.encode(secret), { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
  const mac = new Uint8Array(await crypto.subtle.sign("HMAC", key, encoder.encode(`${t}.${body}`)));
  const expected = Array.from(mac, (b) => b.toString(16).padStart(2, "0")).join("");
  let difference = expected.length ^ v1.length;
  for (let i = 0; i < expected.length; i++) difference |= expected.charCodeAt(i) ^ (v1.charCodeAt(i) || 0);
  return difference === 0;
}
