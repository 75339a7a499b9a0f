// Runs graphql-http's server audits against the GraphQL endpoint at the given URL and prints
// one JSON line per audit: {id, name, status ("ok" | "notice" | "warn" | "error"), reason,
// httpStatus}. With --preflight every request carries Apollo-Require-Preflight, as a browser's
// would after a CORS preflight: the gateway refuses GETs without it (gateway/csrf.py).
import { serverAudits } from 'graphql-http';

const args = process.argv.slice(2);
const url = args.find((arg) => !arg.startsWith('--'));
if (!url) {
  console.error('usage: node audit.mjs [--preflight] <url of /graphql>');
  process.exit(2);
}
const fetchFn = args.includes('--preflight')
  ? (input, init = {}) =>
      fetch(input, {
        ...init,
        headers: { ...init.headers, 'apollo-require-preflight': 'true' },
      })
  : fetch;
for (const audit of serverAudits({ url, fetchFn })) {
  const result = await audit.fn();
  console.log(
    JSON.stringify({
      id: result.id,
      name: result.name,
      status: result.status,
      reason: result.reason ?? null,
      httpStatus: result.response?.status ?? null,
    }),
  );
}
