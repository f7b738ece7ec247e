/** Builds the pages in web/ into static files (dist/web): served by the dev server locally, by S3 + CloudFront in AWS. */
import { copyFileSync, mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

export const WEB_OUT_DIR = fileURLToPath(new URL('../dist/web/', import.meta.url));
const source = (file: string): string => fileURLToPath(new URL(file, import.meta.url));

export async function buildWeb(outDir: string = WEB_OUT_DIR): Promise<void> {
  mkdirSync(outDir, { recursive: true });
  await build({
    // One bundle per page script; sign-in.js stores the token after the local sign-in (/anmelden).
    entryPoints: { main: source('./main.ts'), 'sign-in': source('./sign-in.ts') },
    outdir: outDir,
    bundle: true,
    format: 'esm',
    target: ['es2022'],
    minify: true,
    sourcemap: true,
    logLevel: 'warning',
  });
  for (const file of ['index.html', 'styles.css']) copyFileSync(source(`./${file}`), `${outDir}/${file}`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  await buildWeb();
}
