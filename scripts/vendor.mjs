// Copy the front-end libraries that the templates use from node_modules/ into
// static/vendor/<lib>/. The copies are committed, so the site never loads a CDN and
// a deploy needs no Node.js. Run after `npm ci` (`make vendor` does both).
//
// Files are copied byte for byte. When a file names a source map, the map is copied
// too: Django's manifest storage (collectstatic in production) fails on a missing one.
import { copyFileSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const modules = join(root, "node_modules");
const vendor = join(root, "static", "vendor");

// lib folder in static/vendor -> [package, [file inside the package, target sub-folder]...]
const LIBRARIES = {
  htmx: ["htmx.org", [["dist/htmx.min.js", ""], ["LICENSE", ""]]],
  bootstrap: [
    "bootstrap",
    [
      ["dist/css/bootstrap.min.css", "css"],
      ["dist/js/bootstrap.bundle.min.js", "js"],
      ["LICENSE", ""],
    ],
  ],
  leaflet: [
    "leaflet",
    [
      ["dist/leaflet.js", ""],
      ["dist/leaflet.css", ""],
      ["dist/images/layers.png", "images"],
      ["dist/images/layers-2x.png", "images"],
      ["dist/images/marker-icon.png", "images"],
      ["dist/images/marker-icon-2x.png", "images"],
      ["dist/images/marker-shadow.png", "images"],
      ["LICENSE", ""],
    ],
  ],
  "leaflet-draw": [
    "leaflet-draw",
    [
      ["dist/leaflet.draw.js", ""],
      ["dist/leaflet.draw.css", ""],
      ["dist/images/spritesheet.png", "images"],
      ["dist/images/spritesheet-2x.png", "images"],
      ["dist/images/spritesheet.svg", "images"],
    ],
  ],
  "leaflet.markercluster": [
    "leaflet.markercluster",
    [
      ["dist/leaflet.markercluster.js", ""],
      ["dist/MarkerCluster.css", ""],
      ["dist/MarkerCluster.Default.css", ""],
      ["MIT-LICENCE.txt", ""],
    ],
  ],
  chartjs: ["chart.js", [["dist/chart.umd.min.js", ""], ["LICENSE.md", ""]]],
  // Used by the accessibility checks of the browser tests, never by the pages.
  "axe-core": ["axe-core", [["axe.min.js", ""], ["LICENSE", ""]]],
};

const SOURCE_MAP = /[#@] sourceMappingURL=([^\s*]+)/;

function copy(source, targetDir) {
  if (!existsSync(source)) {
    throw new Error(`missing ${source}: run "npm ci" first`);
  }
  mkdirSync(targetDir, { recursive: true });
  copyFileSync(source, join(targetDir, basename(source)));
  if (/\.(js|css)$/.test(source)) {
    const map = readFileSync(source, "utf8").match(SOURCE_MAP);
    if (map && !map[1].startsWith("data:")) {
      copy(join(dirname(source), map[1]), targetDir);
    }
  }
}

function versionOf(pkg) {
  return JSON.parse(readFileSync(join(modules, pkg, "package.json"), "utf8")).version;
}

for (const [lib, [pkg, files]] of Object.entries(LIBRARIES)) {
  const target = join(vendor, lib);
  rmSync(target, { recursive: true, force: true });
  for (const [file, sub] of files) {
    copy(join(modules, pkg, file), join(target, sub));
  }
  const count = readdirSync(target, { recursive: true }).length;
  console.log(`${lib}: ${pkg}@${versionOf(pkg)} (${count} entries)`);
}
