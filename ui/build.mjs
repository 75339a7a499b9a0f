// Copies GraphiQL's browser bundles from node_modules (installed by `npm ci` from the committed
// lockfile) into the folder the gateway serves, each under a content-hashed name so that it can be
// cached for a year, with a gzipped copy beside it (file.gz) for browsers that accept one, and
// writes manifest.json: the file, its SRI hash, package and version.
//
//   node ui/build.mjs gateway/graphiql/static
//
// The Makefile and the Dockerfile's node stage run this same command.
import { createHash } from "node:crypto";
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, extname, join } from "node:path";
import { constants, gzipSync } from "node:zlib";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const modules = join(here, "node_modules");

// The order is the order the page loads them in: React before ReactDOM before GraphiQL before
// the explorer plugin, which reads GraphiQL's globals.
const ASSETS = [
  ["react.js", "react", "umd/react.production.min.js"],
  ["react-dom.js", "react-dom", "umd/react-dom.production.min.js"],
  ["graphiql.js", "graphiql", "graphiql.min.js"],
  ["graphiql.css", "graphiql", "graphiql.min.css"],
  ["explorer.js", "@graphiql/plugin-explorer", "dist/index.umd.js"],
  ["explorer.css", "@graphiql/plugin-explorer", "dist/style.css"],
];

const out = process.argv[2];
if (!out) {
  console.error("usage: node ui/build.mjs OUTPUT_FOLDER");
  process.exit(2);
}
const wanted = JSON.parse(readFileSync(join(here, "package.json"), "utf8")).dependencies;

rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
const manifest = {};
for (const [name, pkg, path] of ASSETS) {
  const version = JSON.parse(readFileSync(join(modules, pkg, "package.json"), "utf8")).version;
  if (version !== wanted[pkg]) {
    // npm ci installs exactly what the lockfile says; anything else is a stale node_modules.
    console.error(`${pkg} is ${version} in node_modules, package.json wants ${wanted[pkg]}`);
    process.exit(1);
  }
  const body = readFileSync(join(modules, pkg, path));
  const digest = createHash("sha256").update(body).digest("hex").slice(0, 12);
  const ext = extname(name);
  const file = `${name.slice(0, -ext.length)}.${digest}${ext}`;
  writeFileSync(join(out, file), body);
  writeFileSync(join(out, `${file}.gz`), gzipSync(body, { level: constants.Z_BEST_COMPRESSION }));
  manifest[name] = {
    file,
    integrity: "sha384-" + createHash("sha384").update(body).digest("base64"),
    package: pkg,
    version,
    bytes: body.length,
  };
}
writeFileSync(join(out, "manifest.json"), JSON.stringify(manifest, null, 2) + "\n");
console.log(`GraphiQL assets: ${Object.keys(manifest).length} files in ${out}`);
