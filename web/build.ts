/**
 * Builds the pages in web/ into static files (dist/web; `npm start` builds into its data dir): served by the dev
 * server locally, by S3 + CloudFront in AWS. Every `web/pages/<name>.html` is a page's <main> content, framed by
 * core/html/page-layout.ts and titled by its <h1>; a `web/pages/<name>.ts` beside it is bundled to `/<name>.js`, a
 * `<name>.css` is linked.
 * The profile's public part goes to `/profile.json`, so pages show names, not ids.
 */
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { parseCommandLine } from '../bin/command-line.ts';
import { renderPage } from '../core/html/page-layout.ts';
import { ACCEPTED_TEMPLATE_ID, renderIntakeAccepted, renderIntakeForm } from '../core/intake/intake-form-html.ts';
import { bundledProfile, DISTRICT_PROFILE_VARIABLE } from '../core/profile/bundled-profile.ts';
import { publicProfile } from '../core/profile/public-profile.ts';
import type { DistrictProfile } from '../core/profile/schema.ts';

export const WEB_OUT_DIR = fileURLToPath(new URL('../dist/web/', import.meta.url));
const WEB_DIR = fileURLToPath(new URL('./', import.meta.url));
const PAGES_DIR = join(WEB_DIR, 'pages');

/** Turns a page's HTML template into the served file; pages that render server-side parts at build time add theirs. */
type PageRenderer = (html: string, profile: DistrictProfile) => string;

/** Replaces `<!-- name -->` in a page; a page without its marker is a mistake in the page, not an empty part. */
function fillMarker(html: string, name: string, content: string): string {
  const marker = `<!-- ${name} -->`;
  if (!html.includes(marker)) throw new Error(`page is missing the marker ${marker}`);
  return html.replace(marker, () => content);
}

const PAGE_RENDERERS: Readonly<Record<string, PageRenderer>> = {
  // The intake form is rendered from the profile here, so it works without JavaScript (it posts to the API, which
  // answers with pages). It carries no formToken: this file is the same for everyone and cached, so a token in it
  // would be shared by every submission. index.ts adds a fresh random one on load; without JavaScript the first
  // submission has none, and the API's answer to a mistake brings a fresh one. The answer to a saved intake is a
  // <template> for index.ts, so both ways show the same page.
  'index.html': (html, profile) =>
    fillMarker(fillMarker(html, 'intake-form', renderIntakeForm({ profile })), 'intake-accepted', `<template id="${ACCEPTED_TEMPLATE_ID}">${renderIntakeAccepted('')}</template>`),
};

export async function buildWeb(outDir: string = WEB_OUT_DIR, profile: DistrictProfile = bundledProfile()): Promise<void> {
  mkdirSync(outDir, { recursive: true });
  const pageFiles = readdirSync(PAGES_DIR);
  const entryPoints = Object.fromEntries(
    pageFiles.filter((file) => file.endsWith('.ts')).map((file) => [basename(file, '.ts'), join(PAGES_DIR, file)]),
  );
  const result = await build({
    // sign-in.js stores the token after the local sign-in (/anmelden); header.js fills the header of pages the
    // server renders itself (sign-in, outbox, the intake form's answer without JavaScript).
    entryPoints: { ...entryPoints, 'sign-in': join(WEB_DIR, 'sign-in.ts'), header: join(WEB_DIR, 'header.ts') },
    outdir: outDir,
    bundle: true,
    format: 'esm',
    // Shared code (zod, the shell) goes into chunks the browser caches once for all pages.
    splitting: true,
    chunkNames: 'chunks/[name]-[hash]',
    target: ['es2022'],
    minify: true,
    sourcemap: true,
    metafile: true,
    logLevel: 'warning',
  });
  // Chunks of earlier builds have other hashes; only those of this build stay (a build beside it writes the same).
  const written = new Set(Object.keys(result.metafile.outputs).map((path) => resolve(path)));
  const chunksDir = join(outDir, 'chunks');
  for (const file of existsSync(chunksDir) ? readdirSync(chunksDir) : []) {
    if (!written.has(resolve(chunksDir, file))) rmSync(join(chunksDir, file), { force: true });
  }
  for (const file of pageFiles.filter((f) => f.endsWith('.html'))) {
    const name = basename(file, '.html');
    const render = PAGE_RENDERERS[file] ?? ((html: string) => html);
    const content = render(readFileSync(join(PAGES_DIR, file), 'utf8'), profile);
    const title = /<h1[^>]*>(.*?)<\/h1>/s.exec(content)?.[1]?.replace(/<[^>]*>/g, '').trim();
    if (title === undefined || title === '') throw new Error(`web/pages/${file} needs an <h1>: it becomes the page title`);
    const scripts = existsSync(join(PAGES_DIR, `${name}.ts`)) ? [`/${name}.js`] : [];
    const styles = existsSync(join(PAGES_DIR, `${name}.css`)) ? [`/${name}.css`] : [];
    writeFileSync(join(outDir, file), renderPage({ title, content, scripts, styles }));
  }
  for (const file of readdirSync(WEB_DIR).filter((f) => f.endsWith('.css'))) copyFileSync(join(WEB_DIR, file), join(outDir, file));
  for (const file of pageFiles.filter((f) => f.endsWith('.css'))) copyFileSync(join(PAGES_DIR, file), join(outDir, file));
  writeFileSync(join(outDir, 'profile.json'), JSON.stringify(publicProfile(profile)));
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  // `npm run build [-- <outDir>]`: dist/web by default; the web stack builds into a directory of its own.
  const [outDir = WEB_OUT_DIR] = parseCommandLine({
    name: 'npm run build',
    synopsis: ['[<Zielordner>]'],
    summary: [
      'Baut die Seiten aus web/ als statische Dateien (HTML, Skripte, Styles, profile.json) in den Zielordner,',
      'Standard dist/web. npm start baut seine Seiten selbst (in den Datenordner), cdk synth für AWS ebenso.',
    ].join('\n'),
    options: {},
    maxPositionals: 1,
    environment: { [DISTRICT_PROFILE_VARIABLE]: 'Bezirksprofil als JSON-Text statt des Profils im Code (setzt cdk synth mit seinem Profil)' },
  }).positionals;
  await buildWeb(outDir);
}
