// Copy the front-end libraries the browser needs from node_modules into static/vendor/.
// The browser talks to no one but the hub (see DESIGN.md), so these files are committed;
// node_modules is not. Run after changing package.json: `npm install && node vendor.mjs`.
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const modules = join(here, "node_modules");
const target = join(here, "static", "vendor");

// [package, file inside the package, destination under static/vendor/]
const FILES = [
  ["htmx.org", "dist/htmx.min.js", "htmx.min.js"],
  ["htmx-ext-ws", "dist/ws.min.js", "ext/ws.js"],
];

const lines = ["# Vendored by frontend/vendor.mjs from the npm packages below. Do not edit."];
const seen = new Set();
for (const [pkg, file, dest] of FILES) {
  const source = join(modules, pkg, file);
  const destination = join(target, dest);
  mkdirSync(dirname(destination), { recursive: true });
  copyFileSync(source, destination);
  if (!seen.has(pkg)) {
    const meta = JSON.parse(readFileSync(join(modules, pkg, "package.json"), "utf8"));
    // Some packages name their licence only in the LICENSE file: take its first line.
    const license =
      meta.license ?? readFileSync(join(modules, pkg, "LICENSE"), "utf8").split("\n")[0].trim();
    lines.push(`${pkg} ${meta.version} (${license})`);
    seen.add(pkg);
  }
  lines.push(`  ${pkg}/${file} -> ${dest}`);
}
writeFileSync(join(target, "VERSIONS.txt"), `${lines.join("\n")}\n`);
console.log(lines.join("\n"));
